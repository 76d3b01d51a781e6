//! The whole run: candidates, comparison, estimation of m and u (EM per blocking rule with
//! priors and monotone constraints), scoring, decisive disagreements, review decisions and
//! clustering.

use std::collections::HashMap;

use crate::blocking::{estimate_blocking_recall, rules_of};
use crate::compare::{level_count, level_names};
use crate::model::{self, RunWarning};
use crate::{
    Decision, LARGE_GROUPS_AT, LinkError, LinkResult, Linker, MAX_FAR_YEAR_SHARE, MAX_NAME_DISAGREEMENT, NoProgress,
    Progress, Role, SplitMix, Summary, cluster, parallel_map,
};

/// Wall time per phase, printed to standard error when the environment variable
/// `ATTEST_LINK_TIMING` is set (for profiling; nothing about the records is printed), with the
/// processor time of the whole process where the system reports it (Linux): on a shared machine
/// wall time follows the load, processor time much less.
pub struct PhaseTimer {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    last_cpu: Option<f64>,
}

/// User plus system seconds of this process (all threads), from `/proc/self/stat`; `None` where
/// that file does not exist. Read only when timing is on.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces, inside parentheses): utime and stime
    // are the 14th and 15th fields, in clock ticks (100 a second on Linux).
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

impl PhaseTimer {
    /// Starts timing (a no-op unless `ATTEST_LINK_TIMING` is set).
    pub fn new() -> Self {
        let now = std::time::Instant::now();
        let on = std::env::var_os("ATTEST_LINK_TIMING").is_some();
        PhaseTimer { on, start: now, last: now, last_cpu: if on { process_cpu_seconds() } else { None } }
    }

    /// Ends the phase `name` (with a count of what it handled) and starts the next.
    pub fn phase(&mut self, name: &str, items: usize) {
        if self.on {
            let now = std::time::Instant::now();
            let cpu = process_cpu_seconds();
            let cpu_text = match (cpu, self.last_cpu) {
                (Some(c), Some(l)) => format!(", cpu {:.2} s", c - l),
                _ => String::new(),
            };
            eprintln!(
                "timing: {name:<28} {:>8.3} s{cpu_text}  ({items} items; {:.3} s so far)",
                (now - self.last).as_secs_f64(),
                (now - self.start).as_secs_f64()
            );
            self.last = now;
            self.last_cpu = cpu;
        }
    }
}

impl Default for PhaseTimer {
    fn default() -> Self {
        Self::new()
    }
}

/// A field's level weighing less than this (log2 m/u) speaks against a pair: such a pair below
/// the cannot-link bar keeps clusters apart; one without any such field is weak only for want of
/// evidence and does not (see the clustering in [`Linker::run`]). A workplace worded differently
/// by two lists weighs about -0.5; a different given name or origin -3 to -4.
const AGAINST_WEIGHT: f64 = -1.0;

impl Linker {
    /// Whether record `r` gives nothing to compare but the person's own name (given name,
    /// surname, whole name): every other compared field is empty. A pair with such a record
    /// rests on the name alone.
    pub(crate) fn only_a_name(&self, r: usize) -> bool {
        let k = self.compared.len();
        (0..k).all(|f| self.is_name_field(f) || self.pair_cells[r * k + f] == 0)
    }

    /// The probability a pair found only among namesakes is held at when it lacks evidence
    /// beyond the name and year: below the threshold and never above 0.5.
    pub(crate) fn window_cap(&self) -> f32 {
        (self.config.threshold as f32 * 0.99).min(0.5)
    }

    /// Runs the whole linkage.
    pub fn run(&self, review: &[Decision], progress: &dyn Progress) -> Result<LinkResult, LinkError> {
        let mut timer = PhaseTimer::new();
        let fields = self.compared.len();
        // Each pair's levels are read from the flat list in place (a list of slices would cost
        // 16 bytes a pair: 0.7 GB at a million records).
        let width = fields.max(1);
        let prediction_rules = self.config.blocking.len();
        let n = self.records;
        let link = self.two_files();
        // Two independent strands on the two workers at once: the candidate pairs (blocking,
        // comparing, then learning the sites from their levels), and the pairs that only train
        // (the training rules' sampled pairs and the random pairs for u, both compared). Neither
        // reads the other's results, and each gives the same lists on any thread, so the run's
        // output is that of one strand after the other; but the serial stretches of either
        // (joining a rule's finds, learning sites, drawing random pairs) no longer leave the
        // second core idle while the other strand has work for it.
        let (found, training) = self.pool.install(|| {
            rayon::join(
                || -> Result<_, LinkError> {
                    let ((candidates, masks, skipped_blocks), (left_pairs, left_masks)) =
                        self.candidates_and_left_out(progress)?;
                    progress.stage("comparing pairs", candidates.len() as u64);
                    let levels_flat = self.compare_all(&candidates, fields, progress)?;
                    let left_flat = self.compare_all(&left_pairs, fields, &NoProgress)?;
                    // Workplace names that mean one site, learned from the plain levels; every
                    // comparison the model sees from here on reads them.
                    let sites = self.learn_sites(&candidates, &levels_flat, width);
                    Ok((candidates, masks, skipped_blocks, levels_flat, sites, left_pairs, left_masks, left_flat))
                },
                || -> Result<_, LinkError> {
                    // Training-only pairs: sampled, compared, used for m, never linked.
                    let mut ignored = Vec::new();
                    let (training_pairs, training_masks) = self.rule_pairs(
                        &self.config.training_blocking,
                        prediction_rules,
                        Some(training_cap(n)),
                        &mut ignored,
                        &mut Vec::new(),
                        &NoProgress,
                    )?;
                    let training_flat = self.compare_all(&training_pairs, fields, &NoProgress)?;
                    // u starts from random pairs: almost all are non-matches.
                    let mut rng = SplitMix(self.options.seed);
                    // Ten per record is plenty for u (EM refines it), capped for very large
                    // inputs. The pairs are drawn first (one sequence, so runs agree), then
                    // compared on every worker.
                    let samples = self.options.random_pairs.min((2 * n).max(20_000)).min(n * n.saturating_sub(1) / 2);
                    let mut drawn_pairs: Vec<(u32, u32)> = Vec::with_capacity(samples);
                    let mut attempts = 0;
                    while drawn_pairs.len() < samples && attempts < samples * 20 {
                        attempts += 1;
                        let (a, b) = (rng.below(n), rng.below(n));
                        if a == b || (link && self.file[a] == self.file[b]) {
                            continue;
                        }
                        drawn_pairs.push((a as u32, b as u32));
                    }
                    let random_flat = self.compare_all(&drawn_pairs, fields, &NoProgress)?;
                    Ok((training_pairs, training_masks, training_flat, drawn_pairs, random_flat))
                },
            )
        });
        let (candidates, masks, skipped_blocks, mut levels_flat, sites, left_pairs, left_masks, mut left_flat) = found?;
        let (training_pairs, training_masks, mut training_flat, drawn_pairs, mut random_flat) = training?;
        timer.phase("blocking, comparing, training and random pairs", candidates.len());
        sites.apply(self, &candidates, &mut levels_flat, width);
        sites.apply(self, &training_pairs, &mut training_flat, width);
        sites.apply(self, &left_pairs, &mut left_flat, width);
        if std::env::var_os("ATTEST_LINK_TIMING").is_some() {
            eprintln!("timing: pairs left out of split blocks, sampled to train {}", left_pairs.len());
        }
        let drawn = drawn_pairs.len();
        sites.apply(self, &drawn_pairs, &mut random_flat, width);
        drop(drawn_pairs);
        let mut random: HashMap<&[u8], u64, foldhash::fast::FixedState> =
            HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
        for l in random_flat.chunks(fields.max(1)) {
            *random.entry(l).or_default() += 1;
        }
        let counts: Vec<usize> = self.compared.iter().map(|&c| level_count(&self.config.columns[c])).collect();
        let names: Vec<(String, Vec<String>)> = self
            .compared
            .iter()
            .map(|&c| {
                (
                    self.config.columns[c].name.clone(),
                    level_names(&self.config.columns[c]).iter().map(|s| s.to_string()).collect(),
                )
            })
            .collect();
        let random: Vec<(Vec<u8>, u64)> = random.into_iter().map(|(k, v)| (k.to_vec(), v)).collect();
        timer.phase("sites applied, random pairs counted", drawn);
        let u_start = model::level_frequencies(&random, &counts);
        // m by EM, once per blocking rule on the pairs that rule found, ignoring the fields the
        // rule forced to agree; each field's m is the average over the rules that did not force it.
        progress.stage(
            "estimating m and u (EM)",
            (self.config.blocking.len() + self.config.training_blocking.len()) as u64 + 1,
        );
        let fields_of_rule: Vec<Vec<bool>> = self
            .config
            .blocking
            .iter()
            .chain(&self.config.training_blocking)
            .map(|rule| {
                self.compared.iter().map(|&c| crate::blocking::rule_reads(rule, &self.config.columns[c].name)).collect()
            })
            .collect();
        // Down-weight common names in training: a rule that selects on names fills its pairs with
        // namesakes wherever the name is common, and EM then takes their different birth years
        // and places for a true match's. Such a rule trains only on pairs whose name is no
        // commoner than the average agreeing one (`Linker::common_name_pair`: the given name's
        // term-frequency adjustment with the combined name's discount, as scoring applies it).
        let name_field: Vec<bool> = (0..fields).map(|f| self.is_name_field(f)).collect();
        let rule_selects_names: Vec<bool> =
            fields_of_rule.iter().map(|reads| reads.iter().zip(&name_field).any(|(r, n)| *r && *n)).collect();
        let u_chance = |f: usize, l: u8| u_start[f][l as usize].max(1e-12);
        // On the workers: one test per pair (tens of millions at a million records), in order.
        let common: Vec<bool> = self.pool.install(|| {
            use rayon::prelude::*;
            candidates
                .par_iter()
                .zip(levels_flat.par_chunks(width))
                .chain(training_pairs.par_iter().zip(training_flat.par_chunks(width)))
                .chain(left_pairs.par_iter().zip(left_flat.par_chunks(width)))
                .map(|(&(a, b), l)| self.common_name_pair(&u_chance, a as usize, b as usize, l))
                .collect()
        });
        let mut m_sum: Vec<Vec<f64>> = counts.iter().map(|&k| vec![0.0; k]).collect();
        let mut m_weight: Vec<f64> = vec![0.0; fields];
        let mut iterations = 0;
        // One pass over the pairs: each distinct comparison vector with the rules that found it,
        // counted (the rules' EM runs and the prior then read these, not every pair again).
        // Prediction and training rules have separate bits, so training pairs stay apart.
        // A pair of common given names is counted apart, so rules that select on names can leave
        // it out of their training.
        // Every candidate pair trains, and so do the pairs sampled from those that splitting
        // large blocks left out (`Linker::candidates_and_left_out`), each counted for the
        // pairs it stands for: the rules' EM and the share of matches read the population of
        // pairs the whole blocks would have given. (Training on the split parts' pairs alone
        // read their chosen agreement on the splitting column as a match's; leaving them out
        // left a million records' rules too few pairs, and the share of matches fell sixfold.)
        let combos = count_combos(
            &self.pool,
            &[
                (&levels_flat, &masks, 1),
                (&training_flat, &training_masks, 1),
                (&left_flat, &left_masks, crate::blocking::LEFT_OUT_SAMPLE),
            ],
            width,
            &common,
        )?;
        let prediction_bits = (1u32 << prediction_rules.min(24)) - 1;
        // The rules' EM runs are independent: run them on the workers, collect each rule's m in
        // rule order and sum in that order, so the result is the same as one rule after another
        // (bit for bit; `rule_em_runs` below).
        let runs = rule_em_runs(&self.pool, &combos, &fields_of_rule, &rule_selects_names, &counts, &u_start)?;
        for (run, excluded) in runs.iter().zip(&fields_of_rule) {
            let Some((m, it)) = run else { continue };
            iterations += it;
            for f in 0..fields {
                if !excluded[f] {
                    for (acc, v) in m_sum[f].iter_mut().zip(&m[f]) {
                        *acc += v;
                    }
                    m_weight[f] += 1.0;
                }
            }
        }
        progress.advance(fields_of_rule.len() as u64);
        let mut all_patterns: HashMap<&[u8], u64, foldhash::fast::FixedState> =
            HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
        for (&(l, mask, _), &count) in &combos {
            if mask & prediction_bits != 0 {
                *all_patterns.entry(l).or_default() += count;
            }
        }
        drop(combos);
        let all_patterns: Vec<(Vec<u8>, u64)> = all_patterns.into_iter().map(|(k, v)| (k.to_vec(), v)).collect();
        // Fields every rule forced: estimate from all pairs, excluding nothing (biased, but the
        // best available), and say so through the parameters.
        if m_weight.contains(&0.0) {
            let (m, _, it) = model::em_m(&all_patterns, &counts, &u_start, &vec![false; fields]);
            iterations += it;
            for f in 0..fields {
                if m_weight[f] == 0.0 {
                    m_sum[f] = m[f].clone();
                    m_weight[f] = 1.0;
                }
            }
        }
        let mut m: Vec<Vec<f64>> =
            m_sum.iter().zip(&m_weight).map(|(row, w)| row.iter().map(|v| v / w).collect()).collect();
        // A weak prior from what names are: the same person's names rarely disagree entirely.
        // Without it, when the other fields are few and coarse (a birth year, a county), EM can
        // drift into a "match" class that means "same year and county", and namesakes chain.
        for (f, &c) in self.compared.iter().enumerate() {
            if matches!(
                self.config.columns[c].role,
                Role::GivenName | Role::Surname | Role::FullName | Role::FatherName
            ) {
                let last = m[f].len() - 1;
                if m[f][last] > MAX_NAME_DISAGREEMENT {
                    let rest: f64 = m[f][..last].iter().sum();
                    for v in m[f][..last].iter_mut() {
                        *v *= (1.0 - MAX_NAME_DISAGREEMENT) / rest.max(1e-12);
                    }
                    m[f][last] = MAX_NAME_DISAGREEMENT;
                }
            }
        }
        // Weak priors for years: a birth year recorded three or more years off is rare among
        // true matches. EM trained on blocks chosen by name fills its "match" class with
        // namesakes and says otherwise; say so, and hold the estimate to the prior.
        let mut warnings = Vec::new();
        for (f, &c) in self.compared.iter().enumerate() {
            let col = &self.config.columns[c];
            if matches!(col.role, Role::BirthYear | Role::Age) {
                let last = m[f].len() - 1;
                if m[f][last] > MAX_FAR_YEAR_SHARE {
                    warnings.push(RunWarning::FarYearsHeld {
                        column: col.name.clone(),
                        estimated: m[f][last],
                        held: MAX_FAR_YEAR_SHARE,
                    });
                    let rest: f64 = m[f][..last].iter().sum();
                    for v in m[f][..last].iter_mut() {
                        *v *= (1.0 - MAX_FAR_YEAR_SHARE) / rest.max(1e-12);
                    }
                    m[f][last] = MAX_FAR_YEAR_SHARE;
                }
            }
            // Levels ordered by distance (years, dates, numbers): the match share may not rise as
            // values move further apart. (Name levels are not one scale: "same given name,
            // surname differs" is not further than "same surname, one letter off".)
            if matches!(col.role, Role::BirthYear | Role::Age | Role::Dob | Role::Number)
                && model::make_monotone(&mut m[f], &u_start[f])
            {
                warnings.push(RunWarning::LevelsPooled { column: col.name.clone() });
            }
        }
        let all_pairs = if link {
            let a = self.file.iter().filter(|&&f| f == 0).count() as f64;
            a * (n as f64 - a)
        } else {
            n as f64 * (n as f64 - 1.0) / 2.0
        };
        drop(training_flat);
        let lambda = model::em_lambda_all_pairs(&self.pool, &all_patterns, &m, &u_start, all_pairs);
        let mut model = model::assemble(&m, &u_start, lambda, &names, iterations);
        model.warnings = warnings.iter().map(RunWarning::english).collect();
        model.warning_facts = warnings;
        model.site_mappings = sites.mappings.clone();
        model.sites = sites;
        progress.advance(1);
        timer.phase("EM", iterations);

        progress.stage("scoring and clustering", candidates.len() as u64);
        let candidate_count = candidates.len();
        let ranges: Vec<std::ops::Range<usize>> =
            (0..candidate_count).step_by(65_536).map(|s| s..(s + 65_536).min(candidate_count)).collect();
        // A pair found only in large blocks (windows of oversized ones, namesakes sorted side by
        // side, or full ones of more than `COMMON_BLOCK` records) that lacks evidence beyond the
        // block's columns is held below the threshold, not linked (nor made a cannot-link).
        let rule_fields = self.rule_fields();
        let window_cap = self.window_cap();
        // Each part writes its own slices of the two outputs (at a million records, joining
        // per-part lists and unzipping them held three more copies at the run's peak).
        let mut probabilities = vec![0f32; candidate_count];
        let mut against = vec![false; candidate_count];
        let mut decisive = vec![false; candidate_count];
        type ScoreOut<'a> = std::sync::Mutex<(&'a mut [f32], &'a mut [bool], &'a mut [bool])>;
        let parts: Vec<(std::ops::Range<usize>, ScoreOut)> = ranges
            .iter()
            .cloned()
            .zip(probabilities.chunks_mut(65_536).zip(against.chunks_mut(65_536)).zip(decisive.chunks_mut(65_536)))
            .map(|(r, ((p, a), d))| (r, std::sync::Mutex::new((p, a, d))))
            .collect();
        // The scoring rules in one pass a pair from tables made once (`score::PairScorer`: the
        // same probabilities, "against" flags and decisive disagreements as `score_from`,
        // `gate_family` and `cannot_link_fact_with_levels`, to the bit).
        let scorer = crate::score::PairScorer::new(self, &model, AGAINST_WEIGHT);
        parallel_map(&self.pool, &parts, |(r, out)| {
            let mut out = out.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let (out_p, out_against, out_decisive) = &mut *out;
            let mut buf: Vec<u8> = vec![0; fields];
            for (j, i) in r.clone().enumerate() {
                if i % crate::records::TOUCH_BATCH == 0 {
                    self.touch_for_scoring(&candidates[i..(i + crate::records::TOUCH_BATCH).min(r.end)]);
                }
                let (a, b) = (candidates[i].0 as usize, candidates[i].1 as usize);
                // Decisive disagreements are read from the pair's levels as compared (site-mapped,
                // not yet family-gated): what `cannot_link_reason` computes, without comparing
                // again.
                let raw = &levels_flat[i * width..i * width + fields];
                let window = |gated: &[u8]| self.window_evidence_holds(&model, a, gated, masks[i], &rule_fields);
                let scored = scorer.score(a, b, raw, &mut buf, window, window_cap);
                out_p[j] = scored.probability;
                out_against[j] = scored.against;
                out_decisive[j] = scored.decisive;
            }
        })?;
        drop(parts);
        drop(levels_flat);
        // Decisive disagreements (found while scoring): such a pair is never a link, and blocks
        // merges through others. (The pairs with their probabilities are put together on the
        // workers, in order.)
        let cannot_links = decisive.iter().filter(|&&d| d).count();
        let mut pairs: Vec<(u32, u32, f32)> = self.pool.install(|| {
            use rayon::prelude::*;
            candidates
                .par_iter()
                .zip(probabilities.par_iter())
                .zip(decisive.par_iter())
                .map(|((&(a, b), &p), &d)| (a, b, if d { 0.0 } else { p }))
                .collect()
        });
        drop((candidates, probabilities, decisive));
        if std::env::var_os("ATTEST_LINK_TIMING").is_some() {
            // What the pairs found only in large blocks (windows, or full blocks over
            // `COMMON_BLOCK` records) buy: how many there are, and how many end at or above the
            // threshold once the window evidence gate has capped them.
            let (mut large, mut large_linked, mut linked) = (0usize, 0usize, 0usize);
            for (p, &m) in pairs.iter().zip(&masks) {
                let link = f64::from(p.2) >= self.config.threshold;
                linked += usize::from(link);
                if crate::blocking::window_evidence_needed(m).is_some() {
                    large += 1;
                    large_linked += usize::from(link);
                }
            }
            eprintln!(
                "timing: pairs found only in large blocks {large} of {}, linked {large_linked} of {linked}",
                pairs.len()
            );
        }
        timer.phase("scoring", pairs.len());
        let blocking_recall = estimate_blocking_recall(
            pairs.iter().zip(&masks).filter(|(p, _)| f64::from(p.2) >= self.config.threshold).map(|(_, &m)| m),
            self.config.blocking.len(),
        );
        drop(masks);
        // Human decisions win. (Without any, nothing to index or look up.)
        // Ids matched in NFC: a decision file saved elsewhere may write a list's NFD id composed.
        let index: HashMap<std::borrow::Cow<'_, str>, u32> = if review.is_empty() {
            HashMap::new()
        } else {
            self.ids.iter().enumerate().map(|(i, id)| (crate::csv_input::nfc(id), i as u32)).collect()
        };
        let mut applied = 0;
        // Ordered, so that decisions on pairs no rule found are appended in the same order every run.
        let mut overrides: std::collections::BTreeMap<(u32, u32), bool> = std::collections::BTreeMap::new();
        for d in review {
            let (a, b) = (crate::csv_input::nfc(&d.a), crate::csv_input::nfc(&d.b));
            if let (Some(&a), Some(&b)) = (index.get(&a), index.get(&b)) {
                overrides.insert((a.min(b), a.max(b)), d.same);
                applied += 1;
            }
        }
        if !overrides.is_empty() {
            for p in pairs.iter_mut() {
                if let Some(&same) = overrides.get(&(p.0, p.1)) {
                    p.2 = if same { 1.0 } else { 0.0 };
                    overrides.remove(&(p.0, p.1));
                }
            }
        }
        for ((a, b), same) in overrides {
            pairs.push((a, b, if same { 1.0 } else { 0.0 }));
        }
        let threshold = self.config.threshold;
        let mut links: Vec<(u32, u32, f32)> = pairs.iter().copied().filter(|p| f64::from(p.2) >= threshold).collect();
        let mut warnings = model.warning_facts.clone();
        let (weaker_from, weaker_mean_at_least) = weaker_bars(&self.options, threshold);
        let mut below_threshold = crate::BelowThreshold {
            phase: crate::BelowThresholdPhase::TwoLists,
            from: weaker_from,
            mean_at_least: weaker_mean_at_least,
            merges: 0,
            records: 0,
            lowest_probability: None,
        };
        let mut weaker_merges = Vec::new();
        let labels = if link {
            cluster::one_to_one(n, &mut links)
        } else {
            // Constraints and average evidence matter only between records of one component of
            // the links (the only ones a merge can weigh; see `cluster::link_components`).
            // Where records have many links each (many records per person), a few weak pairs
            // inside a true group are expected too (a nickname, a missing date).
            let links_per_record = 2.0 * links.len() as f64 / n.max(1) as f64;
            let large_groups = links_per_record >= LARGE_GROUPS_AT;
            // Pairs below the threshold that may still merge two clusters on the evidence of all
            // their records (`cluster::average_evidence_components`'s second phase): where people
            // have a few records each (a record short of the threshold with all of its person's
            // records), not where they have many (there a record short of the threshold with
            // every one of a dozen records is a namesake's; the notables' namesakes merged).
            // Its bars move with the threshold: asking for surer links (a higher threshold) asks
            // for surer merges on average evidence too (0.9, the inferred threshold, leaves them
            // as set). Pairs held at the window cap (namesakes found only in large blocks
            // without evidence beyond the block's columns) are held, not weaker links.
            // A configuration may ask for links only: then no pair below the threshold merges.
            let held_at = f64::from(window_cap);
            below_threshold.phase = if self.config.links_only {
                crate::BelowThresholdPhase::LinksOnly
            } else if large_groups {
                crate::BelowThresholdPhase::LargeGroups
            } else {
                crate::BelowThresholdPhase::On
            };
            let mut weaker: Vec<(u32, u32, f32)> = if below_threshold.phase != crate::BelowThresholdPhase::On {
                Vec::new()
            } else {
                pairs
                    .iter()
                    .copied()
                    .filter(|p| {
                        let p = f64::from(p.2);
                        p >= weaker_from && p > held_at && p < threshold
                    })
                    .collect()
            };
            let component = cluster::link_components(n, links.iter().chain(&weaker));
            // A pair weak only for want of evidence (a name and little else that both records
            // give, nothing against) does not keep two clusters apart: it counts at the
            // cannot-link bar, not below it (a later record that lost its date or workplace is
            // not a different person). Pairs past `against` (human decisions) stay as they are.
            let floor = self.options.cannot_link_below as f32;
            // The pairs kept, picked out on the workers (in order: the lists are the same on
            // any number of them); most candidate pairs join records of different components.
            let kept: Vec<(u32, u32, f32)> = self.pool.install(|| {
                use rayon::prelude::*;
                pairs
                    .par_iter()
                    .enumerate()
                    .filter(|&(_, &(a, b, _))| component[a as usize] == component[b as usize])
                    .map(|(i, &(a, b, p))| {
                        let quiet = !against.get(i).copied().unwrap_or(true);
                        (a, b, if p > 0.0 && p < floor && quiet { floor } else { p })
                    })
                    .collect()
            });
            let neighbours = cluster::Neighbours::from_pairs(n, &kept, |_, _, _, p| Some(p));
            drop(kept);
            let weak_share = if large_groups { self.options.weak_pair_share as f32 } else { 0.0 };
            if weak_share > 0.0 {
                warnings.push(RunWarning::WeakPairsAllowed {
                    links_per_record,
                    share: f64::from(weak_share),
                    below: self.options.cannot_link_below,
                });
            }
            let clustered = cluster::average_evidence_clusters(
                n,
                &mut links,
                &mut weaker,
                &neighbours,
                cluster::MergeBars {
                    cannot_below: self.options.cannot_link_below as f32,
                    mean_at_least: self.options.merge_mean_at_least as f32,
                    weak_share,
                    weaker_mean_at_least: weaker_mean_at_least as f32,
                    weaker_from: weaker_from as f32,
                },
                &|r| self.only_a_name(r as usize),
            );
            weaker_merges = clustered.weaker_merges;
            clustered.labels
        };
        // What the merges below the threshold did: how many, the records of the clusters they
        // made, the lowest pair they used.
        if !weaker_merges.is_empty() {
            let mut made = vec![false; n];
            for m in &weaker_merges {
                made[labels[m.pair.0 as usize]] = true;
            }
            below_threshold.merges = weaker_merges.len();
            below_threshold.records = labels.iter().filter(|&&l| made[l]).count();
            below_threshold.lowest_probability =
                weaker_merges.iter().map(|m| f64::from(m.pair.2)).min_by(|a, b| a.total_cmp(b));
        }
        progress.advance(candidate_count as u64);
        timer.phase("clustering", links.len());
        let clusters = labels.iter().max().map_or(0, |m| m + 1);
        let mut sizes = vec![0usize; clusters];
        for &l in &labels {
            sizes[l] += 1;
        }
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let multi: Vec<usize> = sizes.iter().copied().filter(|&s| s > 1).collect();
        let typical = multi.get(multi.len() / 100).copied().unwrap_or(1);
        let oversized_at = (3 * typical).max(8);
        let oversized_clusters = sizes.iter().filter(|&&s| s > oversized_at).count();
        Ok(LinkResult {
            summary: Summary {
                mode: if link { "link" } else { "dedupe" },
                records: n,
                candidate_pairs: candidate_count,
                skipped_blocks,
                links: links.len(),
                clusters,
                review_decisions: applied,
                threshold,
                cannot_links,
                largest_clusters: sizes.iter().copied().take(5).collect(),
                oversized_clusters,
                oversized_at,
                warnings: warnings.iter().map(RunWarning::english).collect(),
                warning_facts: warnings,
                blocking_recall,
                below_threshold,
            },
            labels,
            model,
            pairs,
            weaker_merges,
        })
    }
}

/// Each distinct comparison vector of the run's pairs with the rules that found it (mask bits)
/// and whether its given names are common, counted.
type Combos<'a> = HashMap<(&'a [u8], u32, bool), u64, foldhash::fast::FixedState>;

/// Counts each distinct (comparison vector, rules, common name) of the pairs of `runs` (flat
/// levels, `width` a pair, with their masks; `common` for every pair of the runs in turn).
///
/// Up to 16 fields a vector is packed into a `u128` (one byte a level, so equal keys are equal
/// vectors) and hashed as one number instead of a slice; the distinct vectors are then put into
/// the map in the order of their first pair, as the loop over slices put them (same keys, same
/// insertion order, one fixed hasher: the same map, iterated in the same order, so EM sums in
/// the same order). Wider vectors take that loop.
fn count_combos<'a>(
    pool: &rayon::ThreadPool,
    runs: &[(&'a [u8], &[u32], u64)],
    width: usize,
    common: &[bool],
) -> Result<Combos<'a>, LinkError> {
    let mut combos: Combos = HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
    let pairs =
        || runs.iter().flat_map(|&(flat, masks, weight)| flat.chunks(width).zip(masks).map(move |p| (p, weight)));
    if width > 16 {
        for (((l, &mask), weight), &common) in pairs().zip(common) {
            *combos.entry((l, rules_of(mask), common)).or_default() += weight;
        }
        return Ok(combos);
    }
    // Level `i` in byte `i` (little-endian). Where 16 bytes follow the pair's start in its run's
    // flat list, one 16-byte load with the next pairs' levels masked off (a copy into a 16-byte
    // array called `memcpy` for every pair; shifting byte by byte cost a shift and an or a level);
    // at a run's end, byte by byte.
    let keep = if width == 16 { u128::MAX } else { (1u128 << (8 * width)) - 1 };
    let pack = |flat: &[u8], at: usize| match flat.get(at..at + 16) {
        Some(bytes) => u128::from_le_bytes(bytes.try_into().unwrap_or([0; 16])) & keep,
        None => flat[at..at + width].iter().enumerate().fold(0u128, |v, (i, &b)| v | (u128::from(b) << (8 * i))),
    };
    // Each distinct key: the index of its first pair, and how many pairs have it; counted in
    // parts on the workers (each part's pairs by their index over all the runs) and joined
    // (earliest first pair, counts added).
    type Packed = HashMap<(u128, u32, bool), (usize, u64), foldhash::fast::FixedState>;
    let mut parts: Vec<(usize, &[u8], &[u32], u64)> = Vec::new();
    let mut offset = 0;
    for &(flat, masks, weight) in runs {
        for (k, piece) in masks.chunks(PACKED_PART).enumerate() {
            let from = k * PACKED_PART;
            parts.push((offset + from, &flat[from * width..(from + piece.len()) * width], piece, weight));
        }
        offset += masks.len();
    }
    let counted = crate::parallel_map(pool, &parts, |&(offset, flat, masks, weight)| {
        let mut packed: Packed = HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
        for (i, &mask) in masks.iter().enumerate() {
            let key = (pack(flat, i * width), rules_of(mask), common[offset + i]);
            packed.entry(key).or_insert((offset + i, 0)).1 += weight;
        }
        packed
    })?;
    let mut counted = counted.into_iter();
    let mut packed = counted.next().unwrap_or_default();
    for part in counted {
        for (key, (first, count)) in part {
            let entry = packed.entry(key).or_insert((first, 0));
            entry.0 = entry.0.min(first);
            entry.1 += count;
        }
    }
    let mut firsts: Vec<(usize, u32, bool, u64)> =
        packed.into_iter().map(|((_, mask, common), (first, count))| (first, mask, common, count)).collect();
    firsts.sort_unstable_by_key(|f| f.0);
    // The pairs' vectors, found by index: the runs one after another.
    let vector = |mut i: usize| {
        for &(flat, masks, _) in runs {
            if i < masks.len() {
                return &flat[i * width..(i + 1) * width];
            }
            i -= masks.len();
        }
        unreachable!("a first pair's index lies within the runs")
    };
    for (first, mask, common, count) in firsts {
        combos.insert((vector(first), mask, common), count);
    }
    Ok(combos)
}

/// Pairs a part of [`count_combos`] counts.
const PACKED_PART: usize = 1 << 16;

/// One rule's EM: its m per field and level, and the iterations it took.
type RuleRun = (Vec<Vec<f64>>, usize);

/// The comparison vectors rule `r` trains on, counted: the pairs it found, without those of
/// common given names when it selects on names (`skip_common`).
fn rule_patterns(combos: &Combos, r: usize, skip_common: bool) -> Vec<(Vec<u8>, u64)> {
    let bit = 1u32 << r.min(23);
    let mut patterns: HashMap<&[u8], u64, foldhash::fast::FixedState> =
        HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
    for (&(l, mask, common), &count) in combos {
        if mask & bit != 0 && !(common && skip_common) {
            *patterns.entry(l).or_default() += count;
        }
    }
    patterns.into_iter().map(|(k, v)| (k.to_vec(), v)).collect()
}

/// Every rule's EM run (`None` for a rule with fewer than 20 pairs), in rule order, on the
/// workers of `pool`: each run reads only its own patterns (built the same way on any thread:
/// one fixed hasher, one insertion order), so the list is the same as from running the rules
/// one after another.
fn rule_em_runs(
    pool: &rayon::ThreadPool,
    combos: &Combos,
    fields_of_rule: &[Vec<bool>],
    rule_selects_names: &[bool],
    counts: &[usize],
    u_start: &[Vec<f64>],
) -> Result<Vec<Option<RuleRun>>, LinkError> {
    let rules: Vec<usize> = (0..fields_of_rule.len()).collect();
    parallel_map(pool, &rules, |&r| {
        let patterns = rule_patterns(combos, r, rule_selects_names[r]);
        let pairs_in_rule: u64 = patterns.iter().map(|p| p.1).sum();
        (pairs_in_rule >= 20).then(|| {
            let (m, _, it) = model::em_m(&patterns, counts, u_start, &fields_of_rule[r]);
            (m, it)
        })
    })
}

/// The pairs a training rule samples at most: about one per record, from 20,000 up to 100,000.
/// (A flat 100,000 made a 25,000-record list compare 200,000 training-only pairs beside its
/// 900,000 candidates; a quarter as many moved every tuning set's F1 by -0.0004 to +0.0009, see
/// BENCHMARKS.md, fifteenth session.)
fn training_cap(records: usize) -> usize {
    records.clamp(20_000, 100_000)
}

/// The bars of the merges on average evidence below the threshold (`Options::weaker_from`,
/// `weaker_mean_at_least`) for a run at `threshold`: as set at the inferred threshold, moved by
/// as much as the threshold was moved, the mean never above the threshold itself.
fn weaker_bars(options: &crate::Options, threshold: f64) -> (f64, f64) {
    let shift = threshold - crate::roles::INFERRED_THRESHOLD;
    ((options.weaker_from + shift).max(0.0), (options.weaker_mean_at_least + shift).min(threshold))
}

#[cfg(test)]
mod tests;
