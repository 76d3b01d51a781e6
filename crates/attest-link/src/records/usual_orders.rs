//! The order in which each list writes its Latin full names (split out of `records.rs`).

use std::collections::HashMap;

use super::*;

/// The order in which each full-name column writes its Latin names, per source list (the value
/// of the source column, or the whole column without one): an English-language list writes given
/// name first, a Korean or DPRK one surname first, and its names that show their order (a
/// capitalised surname, a surname at one end only) tell which. Names that do not show it ("Chung
/// Hon Gim": Chung and Gim are both surnames) are read in their list's order.
pub(crate) struct UsualOrders {
    pub(super) source: Option<usize>,
    /// Per full-name column, per source value: surname first (`true`) or last.
    pub(super) orders: HashMap<usize, HashMap<String, bool>>,
}

impl UsualOrders {
    /// A list's order counts when at least this many of its names show one and four in five of
    /// them agree.
    const AT_LEAST: usize = 20;

    /// Learned on the workers of `pool`: the source columns' distinct values counted one column
    /// each, the names' orders counted in parts of the rows and the parts' counts added (the
    /// same counts, so the same orders).
    pub(super) fn learn(
        config: &LinkConfig,
        rows: &[Vec<String>],
        full: &[usize],
        pool: &rayon::ThreadPool,
    ) -> Result<Self, LinkError> {
        // Of several source columns ("list no." beside "출처"), the one naming the fewest lists
        // (the first of those naming equally few).
        let sources: Vec<usize> =
            (0..config.columns.len()).filter(|&c| config.columns[c].role == Role::Source).collect();
        let named = parallel_map(pool, &sources, |&c| {
            rows.iter().map(|r| r[c].trim()).collect::<std::collections::HashSet<&str>>().len()
        })?;
        let source = sources.iter().zip(&named).min_by_key(|&(_, &n)| n).map(|(&c, _)| c);
        type Counts<'r> = HashMap<(usize, &'r str), (usize, usize)>;
        let parts: Vec<&[Vec<String>]> = rows.chunks(rows.len().div_ceil(8).max(1_024)).collect();
        let counted: Vec<Counts> = parallel_map(pool, &parts, |part| {
            let mut counts: Counts = HashMap::new();
            for row in part.iter() {
                let list = source.map_or("", |c| row[c].trim());
                for &f in full {
                    match attest_korean::names::name_order(&row[f]) {
                        Some(true) => counts.entry((f, list)).or_default().0 += 1,
                        Some(false) => counts.entry((f, list)).or_default().1 += 1,
                        None => {}
                    }
                }
            }
            counts
        })?;
        let mut counts: Counts = HashMap::new();
        for part in counted {
            for (key, (first, last)) in part {
                let total = counts.entry(key).or_default();
                total.0 += first;
                total.1 += last;
            }
        }
        let mut orders: HashMap<usize, HashMap<String, bool>> = HashMap::new();
        for ((f, list), (first, last)) in counts {
            let usual = if first + last < Self::AT_LEAST {
                None
            } else if 5 * first >= 4 * (first + last) {
                Some(true)
            } else if 5 * last >= 4 * (first + last) {
                Some(false)
            } else {
                None
            };
            if let Some(u) = usual {
                orders.entry(f).or_default().insert(list.to_string(), u);
            }
        }
        Ok(UsualOrders { source, orders })
    }

    pub(super) fn usual(&self, full: usize, row: &[String]) -> Option<bool> {
        if self.orders.is_empty() {
            return None;
        }
        let list = self.source.map_or("", |c| row[c].trim());
        self.orders.get(&full)?.get(list).copied()
    }
}
