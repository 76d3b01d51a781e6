//! Preparing records once (roles, name parts filled from the full name, birth years from ages
//! and dates, term frequencies) and the per-pair primitives every later phase uses: the
//! comparison levels of a pair, family gating and the score under a model.

use std::collections::HashMap;

use crate::compare::{NULL, Prepared, level, level_count, prepare};
use crate::kinship::Kinship;
use crate::model::Model;
use crate::{Input, LinkConfig, LinkError, Linker, Options, Progress, Role, parallel_map, worker_pool};

pub(crate) static EMPTY: Prepared = Prepared {
    value: String::new(),
    key: String::new(),
    key_chars: Vec::new(),
    chars: Vec::new(),
    year: None,
    month_day: None,
    name: None,
};

/// Value frequencies of one column, for term-frequency adjustment.
struct TermFrequencies {
    freq: HashMap<String, f64>,
    key_freq: HashMap<String, f64>,
    mean_agreeing: f64,
    mean_agreeing_key: f64,
}

fn mean_agreeing(freq: &HashMap<String, f64>) -> f64 {
    let (s2, s3): (f64, f64) = freq.values().fold((0.0, 0.0), |(a, b), f| (a + f * f, b + f * f * f));
    if s2 > 0.0 { s3 / s2 } else { 1.0 }
}

fn tf_adjust(mean: f64, f: Option<&f64>) -> f64 {
    match f {
        Some(f) if *f > 0.0 => (mean / f).log2().clamp(-5.0, 5.0),
        _ => 0.0,
    }
}

/// The surname and given name of a row: from their columns, swapped back when a Korean clerk
/// wrote them the other way round, and filled from the full name where empty.
fn fill_name_parts(config: &LinkConfig, row: &[String], s: usize, g: usize, full: Option<usize>) -> (String, String) {
    let (mut sur, mut given) = (row[s].trim().to_string(), row[g].trim().to_string());
    let korean = config.columns[s].korean || config.columns[g].korean;
    if korean
        && !sur.is_empty()
        && !given.is_empty()
        && attest_korean::names::surname_key(&sur).is_none()
        && attest_korean::names::surname_key(&given).is_some()
    {
        std::mem::swap(&mut sur, &mut given);
    }
    if let Some(f) = full
        && (sur.is_empty() || given.is_empty())
    {
        let text = row[f].trim();
        let split = if korean || config.columns[f].korean {
            attest_korean::names::split_person_name(text)
        } else {
            // Western order unless a known part says otherwise: given names first, surname last.
            let tokens: Vec<&str> = text.split_whitespace().collect();
            match tokens.len() {
                0 | 1 => None,
                n if !given.is_empty() && tokens[n - 1].eq_ignore_ascii_case(&given) => {
                    Some((tokens[..n - 1].join(" "), tokens[n - 1].to_string()))
                }
                n => Some((tokens[n - 1].to_string(), tokens[..n - 1].join(" "))),
            }
        };
        if let Some((fs, fg)) = split {
            if sur.is_empty() {
                sur = fs;
            }
            if given.is_empty() {
                given = fg;
            }
        }
    }
    (sur, given)
}

impl Linker {
    /// Checks the configuration against the input and prepares every record (copying the input;
    /// see [`Linker::from_input`] to hand it over instead).
    pub fn new(
        input: &Input,
        config: &LinkConfig,
        options: Options,
        progress: &dyn Progress,
    ) -> Result<Linker, LinkError> {
        Linker::from_input(input.clone(), config, options, progress)
    }

    /// Like [`Linker::new`], taking the input by value so large inputs are not held twice.
    pub fn from_input(
        input: Input,
        config: &LinkConfig,
        options: Options,
        progress: &dyn Progress,
    ) -> Result<Linker, LinkError> {
        let names: Vec<&str> = config.columns.iter().map(|c| c.name.as_str()).collect();
        if names != input.headers.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(LinkError::Config(format!(
                "columns [{}] do not match the file's header [{}]",
                names.join(", "),
                input.headers.join(", ")
            )));
        }
        for rule in config.blocking.iter().chain(&config.training_blocking) {
            for base in rule.iter().flat_map(|part| crate::blocking::part_columns(part)) {
                if !input.headers.iter().any(|h| h == base) {
                    return Err(LinkError::Config(format!("blocking rule names unknown column '{base}'")));
                }
            }
        }
        let ids: Vec<String> = input.rows.iter().map(|r| r[input.id_column].trim().to_string()).collect();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(first) = seen.insert(id.as_str(), i) {
                return Err(LinkError::DuplicateId { id: id.clone(), first: first + 1, second: i + 1 });
            }
        }
        // One birth year per record: a birth-year column is filled, where empty, from the record's
        // age (with the reported year) or date of birth, and the age column is then not compared on
        // its own (a list giving ages and a list giving years describe the same fact).
        let birth_year_col = config.columns.iter().position(|c| c.role == Role::BirthYear);
        let year_sources: Vec<usize> =
            (0..config.columns.len()).filter(|&c| matches!(config.columns[c].role, Role::Age | Role::Dob)).collect();
        // A name is compared once: with surname and given-name columns, a full-name column only
        // fills them where they are empty (see `roles::infer_config`).
        let role_col = |role: Role| config.columns.iter().position(|c| c.role == role);
        let name_parts = role_col(Role::Surname).zip(role_col(Role::GivenName));
        let full_col = role_col(Role::FullName).filter(|_| name_parts.is_some());
        let compared: Vec<usize> = (0..config.columns.len())
            .filter(|&c| c != input.id_column && level_count(&config.columns[c]) > 0)
            .filter(|&c| !(birth_year_col.is_some() && config.columns[c].role == Role::Age))
            .filter(|&c| Some(c) != full_col)
            .collect();
        if compared.is_empty() {
            return Err(LinkError::NothingToCompare);
        }
        let reported = config.columns.iter().position(|c| c.role == Role::ReportedYear);
        progress.stage("preparing records", input.rows.len() as u64);
        // Only columns that are compared, block, or feed the birth year are prepared; the rest stay
        // empty (no allocation).
        let needed: Vec<bool> = (0..config.columns.len())
            .map(|c| {
                compared.contains(&c)
                    || year_sources.contains(&c)
                    || Some(c) == full_col
                    || config
                        .blocking
                        .iter()
                        .chain(&config.training_blocking)
                        .any(|rule| crate::blocking::rule_reads(rule, &config.columns[c].name))
            })
            .collect();
        // Each record stores only the needed columns, in `slots` order: a million records times
        // every column would cost gigabytes for nothing.
        let stored: Vec<usize> = (0..config.columns.len()).filter(|&c| needed[c]).collect();
        let mut slots = vec![usize::MAX; config.columns.len()];
        for (slot, &c) in stored.iter().enumerate() {
            slots[c] = slot;
        }
        let pool = worker_pool(options.threads)?;
        let prepared: Vec<Vec<Prepared>> = parallel_map(&pool, &input.rows, |row| {
            let ry = reported.and_then(|r| row[r].trim().parse::<i32>().ok());
            let names = name_parts.map(|(s, g)| fill_name_parts(config, row, s, g, full_col));
            let mut p: Vec<Prepared> = stored
                .iter()
                .map(|&c| match (names.as_ref(), name_parts) {
                    (Some((sur, _)), Some((s, _))) if c == s => prepare(&config.columns[c], sur, ry),
                    (Some((_, given)), Some((_, g))) if c == g => prepare(&config.columns[c], given, ry),
                    _ => prepare(&config.columns[c], &row[c], ry),
                })
                .collect();
            if let Some(by) = birth_year_col.map(|c| slots[c])
                && by != usize::MAX
                && p[by].value.is_empty()
                && let Some(year) =
                    year_sources.iter().filter(|&&c| slots[c] != usize::MAX).find_map(|&c| p[slots[c]].year)
            {
                p[by] = prepare(&config.columns[stored[by]], &year.to_string(), ry);
            }
            progress.advance(1);
            p
        })?;
        let n = prepared.len() as f64;
        let tf: Vec<Option<TermFrequencies>> = (0..config.columns.len())
            .map(|c| {
                if !config.columns[c].term_frequency {
                    return None;
                }
                let mut freq: HashMap<String, f64> = HashMap::new();
                let mut key_freq: HashMap<String, f64> = HashMap::new();
                if slots[c] == usize::MAX {
                    return None;
                }
                for p in &prepared {
                    let f = &p[slots[c]];
                    if !f.value.is_empty() {
                        *freq.entry(f.value.clone()).or_default() += 1.0 / n;
                        *key_freq.entry(f.key.clone()).or_default() += 1.0 / n;
                    }
                }
                let (m1, m2) = (mean_agreeing(&freq), mean_agreeing(&key_freq));
                Some(TermFrequencies { freq, key_freq, mean_agreeing: m1, mean_agreeing_key: m2 })
            })
            .collect();
        let position = |role: Role| compared.iter().position(|&c| config.columns[c].role == role);
        let name_fields = position(Role::GivenName).zip(position(Role::Surname));
        let kin = Kinship {
            given: position(Role::GivenName).or_else(|| position(Role::FullName)),
            surname: position(Role::Surname),
            year: position(Role::BirthYear).or_else(|| position(Role::Age)),
            dob: position(Role::Dob),
            sex: position(Role::Sex),
            // Places count as family fields only in lists that record kin (a father's name):
            // there a place is an origin shared by siblings; elsewhere (FEBRL's suburb) it is an
            // address, and gating it loses true pairs with a mistyped given name and date.
            family: (0..compared.len())
                .filter(|&f| match config.columns[compared[f]].role {
                    Role::FatherName | Role::Site => true,
                    Role::Place => compared.iter().any(|&c| config.columns[c].role == Role::FatherName),
                    _ => false,
                })
                .collect(),
        };
        let tf_values: Vec<Vec<[f32; 2]>> = prepared
            .iter()
            .map(|p| {
                compared
                    .iter()
                    .map(|&c| match &tf[c] {
                        Some(t) => {
                            let f = &p[slots[c]];
                            let exact = tf_adjust(t.mean_agreeing, t.freq.get(&f.value)) as f32;
                            let keyed = if config.columns[c].korean {
                                tf_adjust(t.mean_agreeing_key, t.key_freq.get(&f.key)) as f32
                            } else {
                                0.0
                            };
                            [exact, keyed]
                        }
                        None => [0.0, 0.0],
                    })
                    .collect()
            })
            .collect();
        Ok(Linker {
            config: config.clone(),
            compared,
            prepared,
            file: input.file.clone(),
            ids,
            rows: if options.keep_values { input.rows } else { Vec::new() },
            tf_values,
            slots,
            name_fields,
            kin,
            options,
            pool,
        })
    }

    /// The prepared value of column `c` of record `r` (empty when the column is not kept).
    pub(crate) fn cell(&self, r: usize, c: usize) -> &Prepared {
        match self.slots[c] {
            usize::MAX => &EMPTY,
            slot => &self.prepared[r][slot],
        }
    }

    pub(crate) fn two_files(&self) -> bool {
        self.file.contains(&1)
    }

    pub(crate) fn levels(&self, a: usize, b: usize, out: &mut Vec<u8>) {
        out.clear();
        for &c in &self.compared {
            out.push(level(&self.config.columns[c], self.cell(a, c), self.cell(b, c)));
        }
        // Given name and surname swapped between the two records: as good as the key agreeing.
        if let Some((g, s)) = self.name_fields {
            let (gc, sc) = (self.compared[g], self.compared[s]);
            let (ag, asur, bg, bsur) = (self.cell(a, gc), self.cell(a, sc), self.cell(b, gc), self.cell(b, sc));
            if out[g] != 0 && out[s] != 0 && !ag.value.is_empty() && ag.value == bsur.value && asur.value == bg.value {
                out[g] = 1;
                out[s] = 1;
            }
        }
    }

    /// Family fields (father's name, origin, workplace) are shared by siblings: when scoring, their
    /// agreement counts only when the given name or the birth year also agrees. (Estimation sees
    /// the plain levels: gating there would hide most agreements of random pairs and inflate the
    /// weights.)
    pub(crate) fn gate_family(&self, a: usize, b: usize, levels: &mut [u8]) {
        if !self.kin.family.is_empty() && !self.kin.person_agrees(self, a, b, levels) {
            for &f in &self.kin.family {
                let last = (level_count(&self.config.columns[self.compared[f]]) - 1) as u8;
                if levels[f] < last {
                    levels[f] = NULL;
                }
            }
        }
    }

    pub(crate) fn tf_adjustment(&self, f: usize, a: usize, level: u8) -> f64 {
        match level {
            0 | 1 => f64::from(self.tf_values[a][f][level as usize]),
            _ => 0.0,
        }
    }

    /// Comparison levels of many pairs, flat (`fields` per pair), in parallel chunks.
    pub(crate) fn compare_all(
        &self,
        pairs: &[(u32, u32)],
        fields: usize,
        progress: &dyn Progress,
    ) -> Result<Vec<u8>, LinkError> {
        let chunks: Vec<&[(u32, u32)]> = pairs.chunks(8_192).collect();
        let parts = parallel_map(&self.pool, &chunks, |chunk| {
            let mut out = Vec::with_capacity(chunk.len() * fields);
            let mut buf = Vec::with_capacity(fields);
            for &(a, b) in chunk.iter() {
                self.levels(a as usize, b as usize, &mut buf);
                out.extend_from_slice(&buf);
            }
            progress.advance(chunk.len() as u64);
            out
        })?;
        Ok(parts.concat())
    }

    pub(crate) fn score(&self, model: &Model, a: usize, levels: &[u8]) -> f64 {
        let mut s = model.prior();
        for (f, &l) in levels.iter().enumerate() {
            s += model.weight(f, l);
            if l != NULL {
                s += self.tf_adjustment(f, a, l);
            }
        }
        s
    }
}
