//! Blocking: which pairs are compared at all. Each rule groups records by a key built from one
//! or more columns; a pair is a candidate when any rule puts both records in one group. Also the
//! estimate of blocking recall without truth (capture-recapture over the rules).

use std::collections::HashMap;

use crate::{LinkError, Linker, MAX_PAIRS_PER_RECORD, Progress, SkippedBlock, SplitMix, parallel_map};

/// One rule's packed pairs (`lo << 32 | hi`, rule bit) and the blocks it skipped.
type RulePairs = (Vec<(u64, u32)>, Vec<SkippedBlock>);

/// Candidate pairs (record indices) and, per pair, the bit mask of the rules that found it.
type PairsAndMasks = (Vec<(u32, u32)>, Vec<u32>);

/// Candidate pairs, their rule masks, and the blocks skipped.
type Candidates = (Vec<(u32, u32)>, Vec<u32>, Vec<SkippedBlock>);

/// Share of true pairs the blocking rules found, estimated by capture-recapture over the rules
/// (Chao's lower bound on the unseen): links found by exactly one rule (f1) against those found
/// by exactly two (f2); unseen links are about f1² / 2 f2.
pub fn estimate_blocking_recall(link_masks: impl Iterator<Item = u32>, rules: usize) -> Option<f64> {
    if rules < 2 {
        return None;
    }
    let (mut links, mut f1, mut f2) = (0f64, 0f64, 0f64);
    for m in link_masks {
        links += 1.0;
        match m.count_ones() {
            1 => f1 += 1.0,
            2 => f2 += 1.0,
            _ => {}
        }
    }
    if links < 20.0 {
        return None;
    }
    let unseen = if f2 > 0.0 { f1 * f1 / (2.0 * f2) } else { f1 * (f1 - 1.0).max(0.0) / 2.0 };
    Some(links / (links + unseen))
}

impl Linker {
    pub(crate) fn block_key(&self, record: usize, rule: &[String]) -> Option<String> {
        let mut key = String::new();
        for part in rule {
            let (name, transform) = part.split_once('#').unwrap_or((part.as_str(), ""));
            let c = self.config.columns.iter().position(|col| col.name == name)?;
            let p = self.cell(record, c);
            let v = match transform {
                "year" => p.year.map(|y| y.to_string())?,
                "given" => p.name.as_ref().map(|n| n.given.iter().collect::<String>()).unwrap_or_default(),
                "surname" => p.name.as_ref().map(|n| n.surname.clone()).unwrap_or_default(),
                _ => p.key.clone(),
            };
            if v.is_empty() {
                return None;
            }
            key.push_str(&v);
            key.push('\u{1f}');
        }
        Some(key)
    }

    /// Candidate pairs from the blocking rules (with the set of rules that produced each, as a bit
    /// mask), and the blocks skipped as too large.
    pub fn candidates(&self, progress: &dyn Progress) -> Result<Candidates, LinkError> {
        let mut skipped = Vec::new();
        progress.stage("blocking", self.config.blocking.len() as u64);
        let (pairs, masks) = self.rule_pairs(&self.config.blocking, 0, None, &mut skipped, progress)?;
        Ok((pairs, masks, skipped))
    }

    /// Pairs found by `rules`, numbering the rules from `first_bit`; with `cap`, each rule's pairs
    /// are sampled down to about that many.
    pub(crate) fn rule_pairs(
        &self,
        rules: &[Vec<String>],
        first_bit: usize,
        cap: Option<usize>,
        skipped: &mut Vec<SkippedBlock>,
        progress: &dyn Progress,
    ) -> Result<PairsAndMasks, LinkError> {
        let link = self.two_files();
        // Rules are independent: build their blocks and pairs on separate threads.
        let indexed: Vec<(usize, &Vec<String>)> = rules.iter().enumerate().collect();
        let per_rule: Vec<RulePairs> = parallel_map(&self.pool, &indexed, |&(i, rule)| {
            let mut pairs: Vec<(u64, u32)> = Vec::new();
            let mut skipped: Vec<SkippedBlock> = Vec::new();
            let rule_bit = 1u32 << (first_bit + i).min(31);
            let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
            for r in 0..self.prepared.len() {
                if let Some(k) = self.block_key(r, rule) {
                    blocks.entry(k).or_default().push(r as u32);
                }
            }
            let mut kept: Vec<&Vec<u32>> = Vec::new();
            let mut total = 0usize;
            for members in blocks.values() {
                if members.len() < 2 {
                    continue;
                }
                if members.len() > self.config.max_block {
                    if cap.is_none() {
                        skipped.push(SkippedBlock { rule: rule.join(" + "), records: members.len() });
                    }
                    continue;
                }
                total += members.len() * (members.len() - 1) / 2;
                kept.push(members);
            }
            // A rule may not flood the run: past `MAX_PAIRS_PER_RECORD` pairs per record, its largest
            // blocks (the most common values, which say least) are dropped and reported.
            let budget = MAX_PAIRS_PER_RECORD * self.prepared.len();
            if cap.is_none() && total > budget {
                kept.sort_by_key(|m| std::cmp::Reverse(m.len()));
                let mut dropped = 0;
                while total > budget && dropped < kept.len() {
                    let size = kept[dropped].len();
                    total -= size * (size - 1) / 2;
                    skipped.push(SkippedBlock { rule: rule.join(" + "), records: size });
                    dropped += 1;
                }
                kept.drain(..dropped);
            }
            // Keep a pair with probability cap / total, decided by a hash of the pair so runs agree.
            let keep_below =
                cap.map(|c| if total > c { (c as f64 / total as f64 * u64::MAX as f64) as u64 } else { u64::MAX });
            for members in kept {
                for (x, &a) in members.iter().enumerate() {
                    for &b in &members[x + 1..] {
                        if link && self.file[a as usize] == self.file[b as usize] {
                            continue;
                        }
                        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                        let key = (u64::from(lo) << 32) | u64::from(hi);
                        if let Some(limit) = keep_below
                            && SplitMix(key ^ self.options.seed).next() > limit
                        {
                            continue;
                        }
                        pairs.push((key, rule_bit));
                    }
                }
            }
            progress.advance(1);
            (pairs, skipped)
        })?;
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(per_rule.iter().map(|r| r.0.len()).sum());
        for (p, sk) in per_rule {
            pairs.extend(p);
            skipped.extend(sk);
        }
        pairs.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
        let mut masks: Vec<u32> = Vec::with_capacity(pairs.len());
        for (p, bit) in pairs {
            let pair = ((p >> 32) as u32, p as u32);
            if out.last() == Some(&pair) {
                if let Some(m) = masks.last_mut() {
                    *m |= bit;
                }
            } else {
                out.push(pair);
                masks.push(bit);
            }
        }
        Ok((out, masks))
    }
}
