//! Preparing records once (roles, name parts filled from the full name, birth years from ages
//! and dates, term frequencies) and the per-pair primitives every later phase uses: the
//! comparison levels of a pair, family gating and the score under a model.

use std::collections::HashMap;

use crate::compare::{NULL, Prepared, level, level_count, prepare};
use crate::kinship::Kinship;
use crate::model::Model;
use crate::{Input, LinkConfig, LinkError, Linker, Options, Progress, Role, parallel_map, worker_pool};

pub(crate) static EMPTY: Prepared = Prepared {
    hangul: false,
    written: 0,
    value: String::new(),
    key: String::new(),
    key_u: String::new(),
    key_chars: Vec::new(),
    chars: Vec::new(),
    year: None,
    month_day: None,
    name: None,
    given_form: None,
    key_letters: crate::compare::LetterCounts::NONE,
};

/// A hash map with the fixed-seed fast hasher (deterministic, and several times faster than the
/// default SipHash on the millions of short strings a large list holds).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

fn fast_map<K, V>() -> FastMap<K, V> {
    HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0))
}

/// The term-frequency adjustments of one column, per distinct value number: agreement at level 0
/// (the exact value's frequency) and at level 1 (the comparison key's, Korean columns only).
/// Frequencies are counted per value number first and then per text, so a million records cost
/// one pass over their numbers, not a million string copies.
fn term_frequency_table(values: &[Prepared], cells: &[u32], korean: bool) -> Vec<[f32; 2]> {
    let n = cells.len() as f64;
    let mut count = vec![0u64; values.len()];
    for &id in cells {
        count[id as usize] += 1;
    }
    let mut freq: FastMap<&str, f64> = fast_map();
    let mut key_freq: FastMap<&str, f64> = fast_map();
    for (p, &k) in values.iter().zip(&count) {
        if k > 0 && !p.value.is_empty() {
            *freq.entry(p.value.as_str()).or_default() += k as f64 / n;
            *key_freq.entry(p.key.as_str()).or_default() += k as f64 / n;
        }
    }
    let (m1, m2) = (mean_agreeing(&freq), mean_agreeing(&key_freq));
    values
        .iter()
        .map(|p| {
            let exact = tf_adjust(m1, freq.get(p.value.as_str())) as f32;
            let keyed = if korean { tf_adjust(m2, key_freq.get(p.key.as_str())) as f32 } else { 0.0 };
            [exact, keyed]
        })
        .collect()
}

fn mean_agreeing(freq: &FastMap<&str, f64>) -> f64 {
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
fn fill_name_parts(
    config: &LinkConfig,
    row: &[String],
    (s, g): (usize, usize),
    full: &[usize],
    orders: &UsualOrders,
) -> (String, String) {
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
    for &f in full {
        if !sur.is_empty() && !given.is_empty() {
            break;
        }
        let text = row[f].trim();
        let split = if korean || config.columns[f].korean {
            attest_korean::names::split_person_name_usually(text, orders.usual(f, row))
        } else if let Some((surname, given)) = crate::western::surname_comma_given(text) {
            // A list's "Surname, Given": read in that order, not as a style after a comma.
            Some((surname, given))
        } else if crate::western::is_styled(text) {
            // "thomas ashcombe, 2nd baron ashcombe of wyke": the name without its style.
            crate::western::styled_name_parts(text).map(|(g, s)| (s.unwrap_or_default(), g))
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

/// A row's reported year (for ages) and its surname and given name (filled and unswapped).
type RowNames = (Option<i32>, Option<(String, String)>);

/// A distinct value of a column: its text and, for ages, the year it was reported.
type Distinct = (String, Option<i32>);

/// A column's distinct values and each record's number among them.
type Interned = (Vec<Distinct>, Vec<u32>);

/// A part of the pairs to compare and the slice of the output its levels go to.
type PartOut<'a> = (&'a [(u32, u32)], std::sync::Mutex<&'a mut [u8]>);

/// Pairs whose rows and keys [`Linker::touch`] reads ahead of comparing them.
pub(crate) const TOUCH_BATCH: usize = 32;

/// Distinct value pairs kept per field before a cache is emptied (about 16 bytes each).
const PAIR_CACHE_LIMIT: usize = 1 << 20;

/// Levels already computed, per compared field, keyed by the pair of value numbers (smaller
/// first); only for fields whose comparator costs more than a look-up.
pub(crate) struct PairCache {
    fields: Vec<Option<HashMap<u64, u8, foldhash::fast::FixedState>>>,
}

impl PairCache {
    pub(crate) fn new(linker: &Linker) -> Self {
        let fields = linker
            .compared
            .iter()
            .map(|&c| {
                let column = &linker.config.columns[c];
                // Not Korean given names: their comparator is cheaper than a look-up in a map of
                // hundreds of thousands of pairs (comparing 0.41 -> 0.36 s of CPU on the
                // 10,000-people registry without it; Western given names, with Jaro-Winkler,
                // are much slower without it).
                let cached = matches!(
                    column.role,
                    Role::GivenName
                        | Role::Surname
                        | Role::FullName
                        | Role::FatherName
                        | Role::Text
                        | Role::Address
                        | Role::Place
                        | Role::Site
                );
                (cached && !(column.korean && column.role == Role::GivenName))
                    .then(|| HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0)))
            })
            .collect();
        PairCache { fields }
    }
}

/// Numbers the distinct values of `slots` columns of `rows` records (`cell(record, slot)`),
/// in order of first appearance, 0 for the empty value: per column, the distinct values and
/// each record's number.
///
/// The records are read in parts on the workers, a record's cells together (they lie together
/// in memory; column by column over all records read each record's memory once a column), each
/// part numbering its own values; the parts are then joined in order, a part's new values
/// numbered after the earlier parts' in its own order of first appearance: the numbers one
/// pass over all records gives.
fn intern_cells<'a>(
    pool: &rayon::ThreadPool,
    rows: usize,
    slots: usize,
    cell: impl Fn(usize, usize) -> (&'a str, Option<i32>) + Sync,
) -> Result<Vec<Interned>, LinkError> {
    type Local<'a> = Vec<(Vec<(&'a str, Option<i32>)>, Vec<u32>)>;
    let part = rows.div_ceil(pool.current_num_threads().max(1) * 4).max(4_096);
    let parts: Vec<std::ops::Range<usize>> = (0..rows).step_by(part).map(|s| s..(s + part).min(rows)).collect();
    let local: Vec<Local> = parallel_map(pool, &parts, |range| {
        let mut index: Vec<FastMap<(&str, Option<i32>), u32>> = (0..slots).map(|_| fast_map()).collect();
        let mut out: Local = (0..slots).map(|_| (vec![("", None)], Vec::with_capacity(range.len()))).collect();
        for i in index.iter_mut() {
            i.insert(("", None), 0);
        }
        for r in range.clone() {
            for (slot, (index, (distinct, cells))) in index.iter_mut().zip(out.iter_mut()).enumerate() {
                let value = cell(r, slot);
                cells.push(*index.entry(value).or_insert_with(|| {
                    distinct.push(value);
                    (distinct.len() - 1) as u32
                }));
            }
        }
        out
    })?;
    let columns: Vec<usize> = (0..slots).collect();
    parallel_map(pool, &columns, |&slot| {
        let mut index: FastMap<(&str, Option<i32>), u32> = fast_map();
        index.insert(("", None), 0);
        let mut distinct: Vec<Distinct> = vec![(String::new(), None)];
        let mut cells: Vec<u32> = Vec::with_capacity(rows);
        for part in &local {
            let (values, numbers) = &part[slot];
            let global: Vec<u32> = values
                .iter()
                .map(|&(t, ry)| {
                    *index.entry((t, ry)).or_insert_with(|| {
                        distinct.push((t.to_string(), ry));
                        (distinct.len() - 1) as u32
                    })
                })
                .collect();
            cells.extend(numbers.iter().map(|&n| global[n as usize]));
        }
        (distinct, cells)
    })
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
        Linker::from_input_with_pool(input, config, options, worker_pool(options.threads)?, progress)
    }

    /// [`Linker::from_input`] on the workers of `pool` (in place of [`Options::threads`] new
    /// ones): a caller that already has a pool, to read its input in parallel before linking,
    /// hands it over rather than start a second one.
    pub fn from_input_with_pool(
        input: Input,
        config: &LinkConfig,
        options: Options,
        pool: rayon::ThreadPool,
        progress: &dyn Progress,
    ) -> Result<Linker, LinkError> {
        let names: Vec<&str> = config.columns.iter().map(|c| c.name.as_str()).collect();
        if names != input.headers.iter().map(String::as_str).collect::<Vec<_>>() {
            // One cell quoted at most, shortened: a list without a header row has a person's
            // record where the header should be, and this message may reach a screen or a log.
            let at = (0..names.len().max(input.headers.len()))
                .find(|&i| names.get(i).copied() != input.headers.get(i).map(String::as_str))
                .unwrap_or(0);
            let file = match input.headers.get(at) {
                Some(cell) => format!("the file has '{}'", shown_cell(cell)),
                None => format!("the file has {} columns", input.headers.len()),
            };
            return Err(LinkError::Config(format!(
                "the configuration's {} columns do not match the file's header at column {} ({file})",
                names.len(),
                at + 1
            )));
        }
        for rule in config.blocking.iter().chain(&config.training_blocking) {
            for base in rule.iter().flat_map(|part| crate::blocking::part_columns(part)) {
                if !input.headers.iter().any(|h| h == base) {
                    return Err(LinkError::Config(format!(
                        "blocking rule names unknown column '{}'",
                        shown_cell(base)
                    )));
                }
            }
        }
        // Stacked lists' columns for one field become one: the first takes the others' values.
        let stacked = crate::roles::stacked_groups(&config.columns, &input.rows);
        let mut input = input;
        let mut secondary = vec![false; config.columns.len()];
        for group in &stacked {
            for &c in &group[1..] {
                secondary[c] = true;
            }
            for row in input.rows.iter_mut() {
                // A word for "not known" (미상, unknown) in the first is filled too.
                if crate::messy_values::is_missing(config.columns[group[0]].role, &row[group[0]])
                    && let Some(&c) = group[1..].iter().find(|&&c| !row[c].trim().is_empty())
                {
                    row[group[0]] = std::mem::take(&mut row[c]);
                }
            }
        }
        let ids: Vec<String> = input.rows.iter().map(|r| r[input.id_column].trim().to_string()).collect();
        // Ids are kept as written, but two that differ only in Unicode form (an NFD 김-1 from
        // macOS and an NFC one) are one id to a reader: a duplicate.
        let mut seen: FastMap<std::borrow::Cow<'_, str>, usize> = fast_map();
        for (i, id) in ids.iter().enumerate() {
            if let Some(first) = seen.insert(crate::csv_input::nfc(id), i) {
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
        // With several full-name columns (a styled name and a first-and-surname concatenation),
        // none is compared and the concatenation fills the parts: it splits cleanly.
        let full_cols: Vec<usize> = (0..config.columns.len())
            .filter(|&c| name_parts.is_some() && config.columns[c].role == Role::FullName)
            .collect();
        let full_col = full_cols
            .iter()
            .copied()
            .find(|&c| config.columns[c].note.is_concatenation())
            .or_else(|| full_cols.first().copied());
        // The parts are filled from the concatenation first, then from any other full name.
        let fill_from: Vec<usize> =
            full_col.into_iter().chain(full_cols.iter().copied().filter(|&c| Some(c) != full_col)).collect();
        let compared: Vec<usize> = (0..config.columns.len())
            .filter(|&c| c != input.id_column && level_count(&config.columns[c]) > 0 && !secondary[c])
            .filter(|&c| !(birth_year_col.is_some() && config.columns[c].role == Role::Age))
            .filter(|&c| !full_cols.contains(&c))
            .collect();
        if compared.is_empty() {
            return Err(LinkError::NothingToCompare);
        }
        let reported = config.columns.iter().position(|c| c.role == Role::ReportedYear);
        // A column of notes read as the year of record takes its year from the words around it.
        let reported_in_words = reported.is_some_and(|r| {
            config.columns[r].note.0.iter().any(|p| matches!(p, crate::notes::NotePart::YearOfAgeInWords { .. }))
        });
        progress.stage("preparing records", input.rows.len() as u64);
        // Only columns that are compared, block, or feed the birth year are prepared; the rest stay
        // empty (no allocation).
        let needed: Vec<bool> = (0..config.columns.len())
            .map(|c| {
                compared.contains(&c)
                    || year_sources.contains(&c)
                    || full_cols.contains(&c)
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
        let mut timer = crate::PhaseTimer::new();
        // Each distinct value of a column is prepared once (name parsing, romanization keys and
        // the surname table are the costly part) and records hold its number: equal numbers are
        // equal values, and comparisons can be cached per distinct pair.
        // Only Korean names are read in their list's usual order (see `fill_name_parts`).
        let korean_names = name_parts.is_some_and(|(s, g)| config.columns[s].korean || config.columns[g].korean)
            || fill_from.iter().any(|&f| config.columns[f].korean);
        let orders = if name_parts.is_some() && korean_names {
            UsualOrders::learn(config, &input.rows, &fill_from, &pool)?
        } else {
            UsualOrders { source: None, orders: HashMap::new() }
        };
        let names: Vec<RowNames> = parallel_map(&pool, &input.rows, |row| {
            let ry = reported.and_then(|r| crate::messy_values::year_age_was_given(&row[r], reported_in_words));
            (ry, name_parts.map(|parts| fill_name_parts(config, row, parts, &fill_from, &orders)))
        })?;
        timer.phase("  name parts", names.len());
        let text = |r: usize, c: usize| -> &str {
            match (&names[r].1, name_parts) {
                (Some((sur, _)), Some((s, _))) if c == s => sur,
                (Some((_, given)), Some((_, g))) if c == g => given,
                _ => input.rows[r][c].trim(),
            }
        };
        // Per stored column: the distinct (text, reported year when it matters) and each record's.
        let interned = intern_cells(&pool, input.rows.len(), stored.len(), |r, slot| {
            let c = stored[slot];
            let t = text(r, c);
            // An age in a birth column ("62세" among years and dates) needs the year too.
            let age = match config.columns[c].role {
                Role::Age => !t.is_empty(),
                Role::BirthYear | Role::Dob => crate::messy_values::age_in_birth_column(t).is_some(),
                _ => false,
            };
            let ry = if age { names[r].0 } else { None };
            (t, ry)
        })?;
        let (mut distinct, mut cells): (Vec<Vec<Distinct>>, Vec<Vec<u32>>) = interned.into_iter().unzip();
        timer.phase("  interning", distinct.iter().map(Vec::len).sum());
        let prepare_all = |pool: &rayon::ThreadPool, slot: usize, from: usize, distinct: &[Distinct]| {
            parallel_map(pool, &distinct[from..], |(t, ry)| prepare(&config.columns[stored[slot]], t, *ry))
        };
        let mut values: Vec<Vec<Prepared>> = Vec::with_capacity(stored.len());
        for (slot, d) in distinct.iter().enumerate() {
            values.push(prepare_all(&pool, slot, 0, d)?);
        }
        timer.phase("  preparing distinct values", values.iter().map(Vec::len).sum());
        // A value that prepares to nothing (a word for "not known": 미상, unknown) is missing, as
        // if empty: equal value numbers would otherwise agree.
        for (slot, v) in values.iter().enumerate() {
            if v.iter().skip(1).any(|p| p.value.is_empty()) {
                let empty: Vec<bool> = v.iter().map(|p| p.value.is_empty()).collect();
                cells[slot].iter_mut().filter(|x| empty[**x as usize]).for_each(|x| *x = 0);
            }
        }
        // The birth year, where empty, from the age (with its reported year) or date of birth.
        if let Some(by) = birth_year_col.map(|c| slots[c])
            && by != usize::MAX
        {
            let sources: Vec<usize> = year_sources.iter().map(|&c| slots[c]).filter(|&s| s != usize::MAX).collect();
            let mut index: FastMap<String, u32> =
                distinct[by].iter().enumerate().map(|(i, (t, _))| (t.clone(), i as u32)).collect();
            let before = distinct[by].len();
            for r in 0..input.rows.len() {
                if cells[by][r] != 0 {
                    continue;
                }
                if let Some(year) = sources.iter().find_map(|&s| values[s][cells[s][r] as usize].year) {
                    let t = year.to_string();
                    let next = distinct[by].len() as u32;
                    let id = *index.entry(t.clone()).or_insert_with(|| {
                        distinct[by].push((t, None));
                        next
                    });
                    cells[by][r] = id;
                }
            }
            let added = prepare_all(&pool, by, before, &distinct[by])?;
            values[by].extend(added);
        }
        drop(distinct);
        drop(names);
        timer.phase("  birth years", 0);
        progress.advance(input.rows.len() as u64);
        let records = input.rows.len();
        // Term-frequency adjustments per compared field and value number (a million records
        // share far fewer distinct values), the combined name's term frequency, the records'
        // lists, the swap classes, the records' rows of value numbers, level tables and keys:
        // each reads only the prepared values and cells and is the same on any thread, so they
        // run side by side on the workers (the serial ones beside the parallel ones) instead of
        // one after another with the second core idle.
        let position = |role: Role| compared.iter().position(|&c| config.columns[c].role == role);
        let name_fields = position(Role::GivenName).zip(position(Role::Surname));
        let (values_ref, cells_ref, slots_ref, compared_ref, input_ref) = (&values, &cells, &slots, &compared, &input);
        // Term frequency on the combined name: how often other people carry each full name.
        let name_others = || {
            let name_slots = name_parts.map(|(s, g)| (slots_ref[s], slots_ref[g]));
            match name_slots {
                Some((s, g)) if s != usize::MAX && g != usize::MAX => {
                    let years = (0..config.columns.len())
                        .filter(|&c| matches!(config.columns[c].role, Role::BirthYear | Role::Dob | Role::Age))
                        .filter(|&c| slots_ref[c] != usize::MAX)
                        .map(|c| (values_ref[slots_ref[c]].as_slice(), cells_ref[slots_ref[c]].as_slice()))
                        .collect();
                    crate::namesakes::others_sharing(&crate::namesakes::NameColumns {
                        surname: (&values_ref[s], &cells_ref[s]),
                        given: (&values_ref[g], &cells_ref[g]),
                        years,
                        korean: name_parts.is_some_and(|(s, g)| config.columns[s].korean || config.columns[g].korean),
                    })
                }
                _ => Vec::new(),
            }
        };
        let serial_rest = || {
            let lists = crate::sites::record_lists(config, input_ref, compared_ref);
            let swap_classes = name_fields.map_or_else(Default::default, |(g, s)| {
                let mut classes: FastMap<&str, u32> = fast_map();
                let [given, surname] = [g, s].map(|f| {
                    values_ref[slots_ref[compared_ref[f]]]
                        .iter()
                        .map(|p| {
                            if p.value.is_empty() {
                                return 0;
                            }
                            let next = classes.len() as u32 + 1;
                            *classes.entry(p.value.as_str()).or_insert(next)
                        })
                        .collect::<Vec<u32>>()
                });
                (given, surname)
            });
            let pair_cells: Vec<u32> =
                (0..records).flat_map(|r| compared_ref.iter().map(move |&c| cells_ref[slots_ref[c]][r])).collect();
            (lists, swap_classes, pair_cells)
        };
        let parallel_rest = || -> Result<_, LinkError> {
            let tf_by_value: Vec<Vec<[f32; 2]>> = parallel_map(&pool, &compared, |&c| {
                if config.columns[c].term_frequency && slots[c] != usize::MAX {
                    term_frequency_table(&values[slots[c]], &cells[slots[c]], config.columns[c].korean)
                } else {
                    Vec::new()
                }
            })?;
            let level_tables = parallel_map(&pool, &compared, |&c| {
                crate::compare::level_table(&config.columns[c], &values[slots[c]])
            })?;
            let name_keys = parallel_map(&pool, &compared, |&c| {
                options.pair_cache.then(|| crate::name_keys::name_keys(&config.columns[c], &values[slots[c]])).flatten()
            })?;
            let inline_keys = parallel_map(&pool, &compared, |&c| {
                options
                    .pair_cache
                    .then(|| crate::inline_keys::inline_keys(&config.columns[c], &values[slots[c]]))
                    .flatten()
            })?;
            Ok((tf_by_value, level_tables, name_keys, inline_keys))
        };
        let (name_others, ((lists, swap_classes, pair_cells), rest)) =
            pool.install(|| rayon::join(name_others, || rayon::join(serial_rest, parallel_rest)));
        let (tf_by_value, level_tables, name_keys, inline_keys) = rest?;
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
        let pair_pos =
            (0..config.columns.len()).map(|c| compared.iter().position(|&x| x == c).unwrap_or(usize::MAX)).collect();
        timer.phase("  term frequencies, rows, level tables, keys", compared.len());
        let person_name = compared.iter().map(|&c| crate::namesakes::is_person_name(config.columns[c].role)).collect();
        // The input's cells, when not kept, are freed on a worker while the run goes on (over
        // a third of a million strings on the 10,000-people registry, a serial share of a run).
        let rows = if options.keep_values {
            input.rows
        } else {
            let rows = input.rows;
            pool.spawn(move || drop(rows));
            Vec::new()
        };
        Ok(Linker {
            config: config.clone(),
            compared,
            values,
            cells,
            pair_cells,
            level_tables,
            name_keys,
            inline_keys,
            pair_pos,
            records,
            lists,
            file: input.file.clone(),
            ids,
            rows,
            tf_by_value,
            name_others,
            slots,
            name_fields,
            swap_classes,
            person_name,
            kin,
            options,
            pool,
        })
    }

    /// The prepared value of column `c` of record `r` (empty when the column is not kept).
    pub(crate) fn cell(&self, r: usize, c: usize) -> &Prepared {
        match (self.slots[c], self.pair_pos[c]) {
            (usize::MAX, _) => &EMPTY,
            (slot, usize::MAX) => &self.values[slot][self.cells[slot][r] as usize],
            (slot, f) => &self.values[slot][self.pair_cells[r * self.compared.len() + f] as usize],
        }
    }

    pub(crate) fn two_files(&self) -> bool {
        self.file.contains(&1)
    }

    pub(crate) fn levels(&self, a: usize, b: usize, out: &mut Vec<u8>) {
        self.levels_with(a, b, out, None);
    }

    /// Comparison levels of records `a` and `b`, one per compared field. Equal value numbers are
    /// equal values (level 0, or missing); with `cache`, the costly comparators (names, text,
    /// places) are computed once per distinct pair of values.
    pub(crate) fn levels_with(&self, a: usize, b: usize, out: &mut Vec<u8>, cache: Option<&mut PairCache>) {
        out.clear();
        out.resize(self.compared.len(), 0);
        self.levels_into(a, b, out, cache);
    }

    /// [`Linker::levels_with`] writing the pair's levels straight into `out` (one per compared
    /// field): comparing writes into its part of the run's flat list without a buffer and a copy
    /// per pair.
    pub(crate) fn levels_into(&self, a: usize, b: usize, out: &mut [u8], mut cache: Option<&mut PairCache>) {
        let k = self.compared.len();
        debug_assert_eq!(out.len(), k);
        let (row_a, row_b) = (&self.pair_cells[a * k..(a + 1) * k], &self.pair_cells[b * k..(b + 1) * k]);
        for (f, &c) in self.compared.iter().enumerate() {
            let slot = self.slots[c];
            let (x, y) = (row_a[f], row_b[f]);
            let l = if let Some(table) = &self.level_tables[f] {
                table[x as usize * self.values[slot].len() + y as usize]
            } else if x == 0 || y == 0 {
                NULL
            } else if x == y {
                0
            } else if let Some(l) = self.name_keys[f].as_ref().and_then(|k| k[x as usize].level(&k[y as usize])) {
                l
            } else if let Some(l) = self.inline_keys[f].as_ref().and_then(|k| k.level(x, y)) {
                l
            } else {
                let compute =
                    || level(&self.config.columns[c], &self.values[slot][x as usize], &self.values[slot][y as usize]);
                match cache.as_deref_mut().and_then(|k| k.fields[f].as_mut()) {
                    Some(map) => {
                        let key = (u64::from(x.min(y)) << 32) | u64::from(x.max(y));
                        if let Some(&l) = map.get(&key) {
                            l
                        } else {
                            let l = compute();
                            if map.len() >= PAIR_CACHE_LIMIT {
                                map.clear();
                            }
                            map.insert(key, l);
                            l
                        }
                    }
                    None => compute(),
                }
            };
            out[f] = l;
        }
        // Given name and surname swapped between the two records: as good as the key agreeing.
        // (The values compared through their numbers among both columns' values: equal numbers
        // are equal values, 0 the empty one.)
        if let Some((g, s)) = self.name_fields
            && out[g] != 0
            && out[s] != 0
        {
            let (given, surname) = (&self.swap_classes.0, &self.swap_classes.1);
            let (ag, asur) = (given[row_a[g] as usize], surname[row_a[s] as usize]);
            let (bg, bsur) = (given[row_b[g] as usize], surname[row_b[s] as usize]);
            if ag != 0 && ag == bsur && asur == bg {
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
        match (level, self.tf_by_value[f].as_slice()) {
            (0 | 1, table) if !table.is_empty() => {
                f64::from(table[self.pair_cells[a * self.compared.len() + f] as usize][level as usize])
            }
            _ => 0.0,
        }
    }

    /// Reads, ahead of comparing them, the rows of a batch of pairs and their names', dates' and
    /// codes' keys: loads that do not wait on each other, so the processor fetches them from memory together rather
    /// than one cache miss after another inside the comparisons (at a million records the rows
    /// and keys are far larger than its caches). A hint only: nothing read here is used. (The
    /// prefetch instruction itself would need `unsafe`, which the workspace forbids.)
    fn touch(&self, batch: &[(u32, u32)]) {
        let k = self.compared.len();
        let mut acc = 0u32;
        for &(a, b) in batch {
            let (a, b) = (a as usize * k, b as usize * k);
            acc ^= self.pair_cells[a] ^ self.pair_cells[a + k - 1] ^ self.pair_cells[b] ^ self.pair_cells[b + k - 1];
        }
        for (f, keys) in self.name_keys.iter().enumerate() {
            if let Some(keys) = keys {
                for &(a, b) in batch {
                    let (x, y) = (self.pair_cells[a as usize * k + f], self.pair_cells[b as usize * k + f]);
                    acc ^= keys[x as usize].touch() ^ keys[y as usize].touch();
                }
            }
        }
        for (f, keys) in self.inline_keys.iter().enumerate() {
            if let Some(keys) = keys {
                for &(a, b) in batch {
                    let (x, y) = (self.pair_cells[a as usize * k + f], self.pair_cells[b as usize * k + f]);
                    acc ^= u32::from(keys.touch(x) ^ keys.touch(y));
                }
            }
        }
        std::hint::black_box(acc);
    }

    /// Like [`Linker::touch`], for scoring: the rows of a batch of pairs and the first record's
    /// term-frequency adjustments.
    pub(crate) fn touch_for_scoring(&self, batch: &[(u32, u32)]) {
        let k = self.compared.len();
        let mut acc = 0u32;
        for &(a, b) in batch {
            let (a, b) = (a as usize * k, b as usize * k);
            acc ^= self.pair_cells[a] ^ self.pair_cells[a + k - 1] ^ self.pair_cells[b] ^ self.pair_cells[b + k - 1];
        }
        for (f, table) in self.tf_by_value.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            for &(a, _) in batch {
                acc ^= table[self.pair_cells[a as usize * k + f] as usize][0].to_bits();
            }
        }
        std::hint::black_box(acc);
    }

    /// Comparison levels of many pairs, flat (`fields` per pair), in parallel: a few large parts,
    /// each with its own cache of levels per distinct value pair.
    pub(crate) fn compare_all(
        &self,
        pairs: &[(u32, u32)],
        fields: usize,
        progress: &dyn Progress,
    ) -> Result<Vec<u8>, LinkError> {
        let part = pairs.len().div_ceil(self.options.threads.max(1) * 4).max(8_192);
        // Each part writes its own slice of one output (no second copy of tens of millions of
        // levels when joining the parts).
        let mut out = vec![0u8; pairs.len() * fields];
        let parts: Vec<PartOut> = pairs
            .chunks(part)
            .zip(out.chunks_mut(part * fields.max(1)))
            .map(|(p, o)| (p, std::sync::Mutex::new(o)))
            .collect();
        parallel_map(&self.pool, &parts, |(part, slice)| {
            let mut slice = slice.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut cache = self.options.pair_cache.then(|| PairCache::new(self));
            let mut at = 0;
            for chunk in part.chunks(65_536) {
                for batch in chunk.chunks(TOUCH_BATCH) {
                    self.touch(batch);
                    for &(a, b) in batch {
                        self.levels_into(a as usize, b as usize, &mut slice[at..at + fields], cache.as_mut());
                        at += fields;
                    }
                }
                progress.advance(chunk.len() as u64);
            }
        })?;
        Ok(out)
    }

    /// The pair's score (log2 odds): the prior, every field's weight, the term-frequency
    /// adjustments of the fields other than the name, and the name's own term-frequency
    /// evidence ([`Linker::name_tf_adjustment`], the one rule for it).
    pub(crate) fn score(&self, model: &Model, a: usize, b: usize, levels: &[u8]) -> f64 {
        self.score_from(model.prior(), model, a, b, levels)
    }

    /// [`Linker::score`] with the model's prior log-odds given (`model.prior()`, computed
    /// once for a run's pairs rather than a logarithm a pair).
    pub(crate) fn score_from(&self, prior: f64, model: &Model, a: usize, b: usize, levels: &[u8]) -> f64 {
        let mut s = prior;
        for (f, &l) in levels.iter().enumerate() {
            s += model.weight(f, l);
            if l != NULL && !self.is_name_field(f) {
                s += self.tf_adjustment(f, a, l);
            }
        }
        s + self.name_tf_adjustment(&|f, l| model.fields[f].levels[l as usize].u, a, b, levels)
    }
}

/// The most characters of one cell a [`LinkError::Config`] message quotes.
const SHOWN_CELL_CHARS: usize = 80;

/// `cell` cut to [`SHOWN_CELL_CHARS`] characters on a character boundary, with an ellipsis where
/// it was cut (`str::char_indices` is all it takes; no library needed).
fn shown_cell(cell: &str) -> String {
    match cell.char_indices().nth(SHOWN_CELL_CHARS) {
        Some((at, _)) => format!("{}…", &cell[..at]),
        None => cell.to_string(),
    }
}

mod usual_orders;
use usual_orders::UsualOrders;

#[cfg(test)]
mod tests;
