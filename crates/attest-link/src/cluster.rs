//! From scored pairs to clusters: connected components over links above the threshold, built from
//! the strongest link down and refusing any merge that would put two records in one cluster that
//! were compared and found clearly different (so one ambiguous record cannot chain two namesakes
//! together); and one-to-one assignment for two-file links.

/// Clusters with their member lists, each record knowing its cluster's representative directly:
/// a merge relabels the smaller cluster's members (each record moves O(log n) times in all), so
/// [`Clusters::find`] is one read and the merge checks need no mutable access. Singletons hold
/// no list (a million records would otherwise cost a million small allocations).
pub struct Clusters {
    root: Vec<u32>,
    /// Members of each multi-record cluster, by representative (empty for singletons and for
    /// records that are not representatives).
    members: Vec<Vec<u32>>,
}

impl Clusters {
    /// Every record alone.
    pub fn new(n: usize) -> Self {
        Clusters { root: (0..n as u32).collect(), members: vec![Vec::new(); n] }
    }

    /// The cluster representative of `x`.
    pub fn find(&self, x: u32) -> u32 {
        self.root[x as usize]
    }

    /// How many records the cluster represented by `r` holds.
    fn size(&self, r: u32) -> usize {
        self.members[r as usize].len().max(1)
    }

    /// The members of the cluster represented by `r`.
    fn members_of(&self, r: u32) -> &[u32] {
        match self.members[r as usize].as_slice() {
            [] => std::slice::from_ref(&self.root[r as usize]),
            list => list,
        }
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (big, small) = if self.size(ra) >= self.size(rb) { (ra, rb) } else { (rb, ra) };
        let moved = match std::mem::take(&mut self.members[small as usize]) {
            list if list.is_empty() => vec![small],
            list => list,
        };
        for &x in &moved {
            self.root[x as usize] = big;
        }
        let target = &mut self.members[big as usize];
        if target.is_empty() {
            target.push(big);
        }
        target.extend(moved);
    }

    /// Cluster index (0..k, in order of first member) for every record.
    pub fn labels(&self) -> Vec<usize> {
        let n = self.root.len();
        let mut label = vec![usize::MAX; n];
        let mut next = 0;
        let mut out = vec![0; n];
        for (i, slot) in out.iter_mut().enumerate() {
            let r = self.find(i as u32) as usize;
            if label[r] == usize::MAX {
                label[r] = next;
                next += 1;
            }
            *slot = label[r];
        }
        out
    }
}

/// Every compared pair of each record with its probability, in one flat list per record
/// (compressed rows: a million records with tens of millions of pairs need two allocations, not
/// a million growing lists). Each record's pairs keep the order of the pair list they came from.
pub struct Neighbours {
    start: Vec<usize>,
    list: Vec<(u32, f32)>,
}

impl Neighbours {
    /// The pairs of `pairs` (record, record, probability) listed under both records, each with
    /// the weight `weight(index, a, b, p)` gives it; a pair it gives `None` is left out.
    pub fn from_pairs(
        n: usize,
        pairs: &[(u32, u32, f32)],
        weight: impl Fn(usize, u32, u32, f32) -> Option<f32>,
    ) -> Self {
        let mut start = vec![0usize; n + 1];
        for (i, &(a, b, p)) in pairs.iter().enumerate() {
            if weight(i, a, b, p).is_some() {
                start[a as usize + 1] += 1;
                start[b as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut list = vec![(0u32, 0f32); start[n]];
        for (i, &(a, b, p)) in pairs.iter().enumerate() {
            if let Some(p) = weight(i, a, b, p) {
                list[next[a as usize]] = (b, p);
                next[a as usize] += 1;
                list[next[b as usize]] = (a, p);
                next[b as usize] += 1;
            }
        }
        Neighbours { start, list }
    }

    /// The compared pairs of record `r` (the other record and the probability).
    pub fn of(&self, r: u32) -> &[(u32, f32)] {
        let r = r as usize;
        match (self.start.get(r), self.start.get(r + 1)) {
            (Some(&from), Some(&to)) => &self.list[from..to],
            _ => &[],
        }
    }
}

/// The connected components of `links`, as one representative per record (the [`Clusters`]
/// union-find, every link merged). Merges only ever join two clusters of one component, so a
/// compared pair whose records lie in different components is never a cross pair of a merge:
/// [`Neighbours`] may leave it out and clustering gives the same labels (at a million records
/// most candidate pairs join namesakes in different components).
pub fn link_components<'a>(n: usize, links: impl IntoIterator<Item = &'a (u32, u32, f32)>) -> Vec<u32> {
    let mut c = Clusters::new(n);
    for &(a, b, _) in links {
        c.union(a, b);
    }
    c.root
}

/// The one merge loop: takes `links` from the strongest down and joins the two records'
/// clusters of `c` when `allowed(clusters, smaller, other, link)` says so (`smaller` is the
/// representative of the cluster with fewer members, `other` of the other one; `link` the pair
/// that would join them). `allowed` answering `true` is a merge: the loop joins them.
fn merge_strongest_first(
    n: usize,
    links: &mut [(u32, u32, f32)],
    mut c: Clusters,
    mut allowed: impl FnMut(&Clusters, u32, u32, (u32, u32, f32)) -> bool,
) -> Clusters {
    debug_assert_eq!(c.root.len(), n);
    // Stable: links of equal probability keep their order, so the result does not depend on
    // the sort's implementation.
    links.sort_by(|a, b| b.2.total_cmp(&a.2));
    for &(a, b, p) in links.iter() {
        let (ra, rb) = (c.find(a), c.find(b));
        if ra == rb {
            continue;
        }
        let (small, other) = if c.size(ra) <= c.size(rb) { (ra, rb) } else { (rb, ra) };
        if allowed(&c, small, other, (a, b, p)) {
            c.union(a, b);
        }
    }
    c
}

/// Clusters records from `links` (pairs with their probability, at or above the threshold),
/// refusing merges across `cannot_link` pairs.
pub fn constrained_components(n: usize, links: &mut [(u32, u32, f32)], cannot_link: &[Vec<u32>]) -> Vec<usize> {
    merge_strongest_first(n, links, Clusters::new(n), |c, small, other, _| {
        !c.members_of(small).iter().any(|&x| cannot_link[x as usize].iter().any(|&y| c.find(y) == other))
    })
    .labels()
}

/// The bars of [`average_evidence_components`].
#[derive(Debug, Clone, Copy)]
pub struct MergeBars {
    /// A compared cross pair below this is weak (at or below 0: decisive, always refuses).
    pub cannot_below: f32,
    /// The mean of the compared cross pairs a link needs to merge two clusters.
    pub mean_at_least: f32,
    /// The share of weak cross pairs a link may merge across (0: none).
    pub weak_share: f32,
    /// The mean of the compared cross pairs a pair below the threshold needs to merge two
    /// clusters (with no weak cross pair at all).
    pub weaker_mean_at_least: f32,
    /// The lowest probability of the pairs below the threshold: a cluster with a pair at or
    /// above it with a third cluster is ambiguous and merges with neither on such a pair.
    pub weaker_from: f32,
}

/// Clusters records from `links` (strongest first), merging two clusters only when their
/// compared cross pairs below `cannot_below` are at most `weak_share` of them (0: none may be)
/// and the mean probability of those pairs is at least `mean_at_least`: one strong link between
/// two groups that otherwise look different does not chain them. A pair at probability 0 (a
/// decisive disagreement or a reviewer's "different") always refuses. `neighbours.of(r)` lists
/// every compared pair of record `r` with its probability (only records with some link or
/// some pair in `weaker` need entries).
///
/// Then the pairs of `weaker`, below the link threshold (strongest first), each merge the two
/// clusters they join when no compared cross pair is weak and the mean of all of them is at
/// least `weaker_mean_at_least`, and the smaller cluster has no pair at `weaker_from` or above
/// with a third cluster (it looks like two people: a namesake's record without a date). One list's record of a person with a typo in the given name
/// and no birth year falls short of the threshold with each of that person's records; all of
/// their pairs with it together are evidence one pair is not, while a namesake's cluster
/// holds a pair that speaks against the record (a birth year, a workplace) and lowers the mean.
pub fn average_evidence_components(
    n: usize,
    links: &mut [(u32, u32, f32)],
    weaker: &mut [(u32, u32, f32)],
    neighbours: &Neighbours,
    bars: MergeBars,
) -> Vec<usize> {
    average_evidence_clusters(n, links, weaker, neighbours, bars, &|_| false).labels
}

/// One merge of the second phase of [`average_evidence_clusters`]: two clusters joined on a
/// pair below the threshold, with the evidence it was weighed on, so that a run can say which
/// records were joined so and why (an investigator must be able to defend every merge).
#[derive(Debug, Clone, PartialEq)]
pub struct WeakerMerge {
    /// The pair below the threshold that joined them (records, probability).
    pub pair: (u32, u32, f32),
    /// The records of the two clusters just before the merge: the pair's first record's
    /// cluster, then its second record's.
    pub sides: (Vec<u32>, Vec<u32>),
    /// Every compared pair across them as it was weighed (a record of the first side, one of
    /// the second, the probability counted: a pair weak only for want of evidence counts at the
    /// cannot-link bar).
    pub cross: Vec<(u32, u32, f32)>,
    /// The mean of `cross`, as the merge compared it with its bar.
    pub mean: f32,
}

/// Clusters as [`average_evidence_components`] makes them, with the merges of its second phase.
#[derive(Debug, Clone, PartialEq)]
pub struct AverageEvidenceClusters {
    /// Cluster index (0..k, in order of first member) for every record.
    pub labels: Vec<usize>,
    /// The second phase's merges (pairs below the threshold), in the order they were made.
    pub weaker_merges: Vec<WeakerMerge>,
}

/// [`average_evidence_components`], also saying which merges its second phase made; and that
/// phase never merges two clusters on one compared pair when one of its two records gives
/// nothing but a name (`only_a_name`): one pair is no average of several, and a record that is
/// only a name cannot be told from a namesake's (a dateless 김영철 compared with the one 김영철
/// of the list would otherwise join him on the name alone); nor does a cluster of one record
/// that gives nothing but a name join any cluster (with a person of two records, its two pairs
/// across are one name counted twice). `only_a_name` is asked only of a merge every other bar
/// allows.
pub fn average_evidence_clusters(
    n: usize,
    links: &mut [(u32, u32, f32)],
    weaker: &mut [(u32, u32, f32)],
    neighbours: &Neighbours,
    bars: MergeBars,
    only_a_name: &dyn Fn(u32) -> bool,
) -> AverageEvidenceClusters {
    // The sum, count and weak count of the compared pairs across two clusters; `None` at a
    // pair that refuses outright.
    let cross = |c: &Clusters, small: u32, other: u32| {
        let (mut sum, mut count, mut weak) = (0f32, 0u32, 0u32);
        for &x in c.members_of(small) {
            for &(y, p) in neighbours.of(x) {
                if c.find(y) == other {
                    if p <= 0.0 || (p < bars.cannot_below && bars.weak_share <= 0.0) {
                        return None;
                    }
                    weak += u32::from(p < bars.cannot_below);
                    sum += p;
                    count += 1;
                }
            }
        }
        Some((sum, count, weak))
    };
    let c = merge_strongest_first(n, links, Clusters::new(n), |c, small, other, _| {
        cross(c, small, other).is_some_and(|(sum, count, weak)| {
            weak as f32 <= bars.weak_share * count as f32 && (count == 0 || sum / count as f32 >= bars.mean_at_least)
        })
    });
    let mut weaker_merges = Vec::new();
    let c = merge_strongest_first(n, weaker, c, |c, small, other, pair| {
        // A cluster that looks like two others (a namesake's record without a date) joins
        // neither: some pair of its records with a third cluster at the `weaker` bar or above.
        // Of two clusters of one size both are asked, so which record of the pair comes first
        // in the file (which one `merge_strongest_first` calls the smaller) decides nothing.
        let looks_like_two = |this: u32, that: u32| {
            c.members_of(this).iter().any(|&x| {
                neighbours.of(x).iter().any(|&(y, p)| p >= bars.weaker_from && c.find(y) != that && c.find(y) != this)
            })
        };
        let ambiguous =
            looks_like_two(small, other) || (c.size(small) == c.size(other) && looks_like_two(other, small));
        let merged = if ambiguous {
            None
        } else {
            cross(c, small, other)
                .filter(|&(sum, count, weak)| weak == 0 && count > 0 && sum / count as f32 >= bars.weaker_mean_at_least)
        };
        let Some((sum, count, _)) = merged else { return false };
        let (first, second) = (c.find(pair.0), c.find(pair.1));
        let mut across = Vec::with_capacity(count as usize);
        for &x in c.members_of(first) {
            across.extend(neighbours.of(x).iter().filter(|&&(y, _)| c.find(y) == second).map(|&(y, p)| (x, y, p)));
        }
        if let [(x, y, _)] = across[..]
            && (only_a_name(x) || only_a_name(y))
        {
            return false;
        }
        // Nor does a lone record that is only a name join a person of two or more records:
        // each pair across rests on the same name, so their mean is one piece of evidence
        // counted several times, and a namesake's record looks the same.
        let lone_name = |side: u32| c.size(side) == 1 && c.members_of(side).first().is_some_and(|&r| only_a_name(r));
        if lone_name(first) || lone_name(second) {
            return false;
        }
        // The merge is made: what it was weighed on, kept for the run's summary and `explain`.
        weaker_merges.push(WeakerMerge {
            pair,
            sides: (c.members_of(first).to_vec(), c.members_of(second).to_vec()),
            cross: across,
            mean: sum / count as f32,
        });
        true
    });
    AverageEvidenceClusters { labels: c.labels(), weaker_merges }
}

/// One-to-one assignment for two files: take links from the strongest down, each record used once.
pub fn one_to_one(n: usize, links: &mut [(u32, u32, f32)]) -> Vec<usize> {
    links.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut used = vec![false; n];
    let mut c = Clusters::new(n);
    for &(a, b, _) in links.iter() {
        if !used[a as usize] && !used[b as usize] {
            used[a as usize] = true;
            used[b as usize] = true;
            c.union(a, b);
        }
    }
    c.labels()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Neighbour lists written out per record, as the tests below build them.
    fn flat(lists: &[Vec<(u32, f32)>]) -> Neighbours {
        let mut start = vec![0];
        let mut list = Vec::new();
        for l in lists {
            list.extend_from_slice(l);
            start.push(list.len());
        }
        Neighbours { start, list }
    }

    /// The bars the run uses by default, with `weak_share`.
    fn bars(weak_share: f32) -> MergeBars {
        MergeBars { cannot_below: 0.3, mean_at_least: 0.6, weak_share, weaker_mean_at_least: 0.7, weaker_from: 0.5 }
    }

    #[test]
    fn a_bridge_record_does_not_chain_namesakes() {
        // 0 and 2 are clearly different people; 1 looks like both.
        let mut links = vec![(0, 1, 0.95), (1, 2, 0.93)];
        let cannot = vec![vec![2], vec![], vec![0]];
        let labels = constrained_components(3, &mut links, &cannot);
        assert_eq!(labels[0], labels[1]);
        assert_ne!(labels[1], labels[2]);
        let plain = constrained_components(3, &mut links, &[vec![], vec![], vec![]]);
        assert_eq!(plain[0], plain[2]);
    }

    #[test]
    fn clusters_merge_on_average_evidence_not_one_link() {
        // {0,1} and {2,3}: one strong link 1-2, but 0-2, 0-3 and 1-3 were compared and look
        // unlike (0.35 to 0.4, above the cannot-link bar): the mean is 0.51, below 0.6.
        let mut links = vec![(0, 1, 0.99), (2, 3, 0.98), (1, 2, 0.95)];
        let mut nb: Vec<Vec<(u32, f32)>> = vec![Vec::new(); 4];
        for &(a, b, p) in &[(0u32, 1u32, 0.99f32), (2, 3, 0.98), (1, 2, 0.95), (0, 2, 0.35), (0, 3, 0.35), (1, 3, 0.4)]
        {
            nb[a as usize].push((b, p));
            nb[b as usize].push((a, p));
        }
        let labels = average_evidence_components(4, &mut links, &mut [], &flat(&nb), bars(0.0));
        assert_eq!(labels[0], labels[1]);
        assert_eq!(labels[2], labels[3]);
        assert_ne!(labels[1], labels[2]);
        // With the cross pairs likely too, they merge.
        for v in nb.iter_mut() {
            for e in v.iter_mut() {
                e.1 = e.1.max(0.9);
            }
        }
        let labels = average_evidence_components(4, &mut links, &mut [], &flat(&nb), bars(0.0));
        assert_eq!(labels[0], labels[3]);
    }

    #[test]
    fn large_groups_tolerate_a_minority_of_weak_pairs_but_never_a_decisive_one() {
        // {0,1,2,3} and record 4: strong links to 0, 1 and 2, a weak pair with 3 (a nickname,
        // a missing date): refused when no weak pair may be crossed, merged when a quarter may.
        let mut nb: Vec<Vec<(u32, f32)>> = vec![Vec::new(); 5];
        let add = |a: u32, b: u32, p: f32, nb: &mut Vec<Vec<(u32, f32)>>| {
            nb[a as usize].push((b, p));
            nb[b as usize].push((a, p));
        };
        let mut links =
            vec![(0, 1, 0.99), (1, 2, 0.99), (2, 3, 0.99), (0, 3, 0.97), (0, 4, 0.98), (1, 4, 0.97), (2, 4, 0.96)];
        for &(a, b, p) in &links {
            add(a, b, p, &mut nb);
        }
        add(3, 4, 0.2, &mut nb);
        let strict = average_evidence_components(5, &mut links.clone(), &mut [], &flat(&nb), bars(0.0));
        assert_ne!(strict[0], strict[4]);
        let tolerant = average_evidence_components(5, &mut links.clone(), &mut [], &flat(&nb), bars(0.25));
        assert_eq!(tolerant[0], tolerant[4]);
        // A decisive disagreement (probability 0) refuses whatever the share.
        for v in nb.iter_mut() {
            for e in v.iter_mut() {
                if e.1 == 0.2 {
                    e.1 = 0.0;
                }
            }
        }
        let decisive = average_evidence_components(5, &mut links, &mut [], &flat(&nb), bars(0.25));
        assert_ne!(decisive[0], decisive[4]);
    }

    #[test]
    fn pairs_below_the_threshold_merge_on_the_evidence_of_all_the_records() {
        // {0,1,2} one person, linked. Record 3 (a typo in the given name, no birth year) is
        // below the threshold with each of them but likely with all: it joins. Record 4 is
        // likely with 0 but weak with 1 (a field against it): it stays apart. Record 5 is only
        // moderately like 0 and 1 (mean 0.6): it stays apart. Record 6 is like {0,1,2} and like
        // record 7 (a namesake without a date): it joins neither. Without the second phase, 3
        // stays apart too.
        let mut links = vec![(0, 1, 0.99), (1, 2, 0.98), (0, 2, 0.97)];
        let compared = [
            (0u32, 1u32, 0.99f32),
            (1, 2, 0.98),
            (0, 2, 0.97),
            (3, 0, 0.85),
            (3, 1, 0.82),
            (3, 2, 0.8),
            (4, 0, 0.85),
            (4, 1, 0.25),
            (5, 0, 0.6),
            (5, 1, 0.6),
            (6, 0, 0.85),
            (6, 7, 0.8),
        ];
        let mut nb: Vec<Vec<(u32, f32)>> = vec![Vec::new(); 8];
        for &(a, b, p) in &compared {
            nb[a as usize].push((b, p));
            nb[b as usize].push((a, p));
        }
        let mut weaker: Vec<(u32, u32, f32)> = compared.iter().copied().filter(|p| p.2 >= 0.5 && p.2 < 0.9).collect();
        let labels = average_evidence_components(8, &mut links.clone(), &mut weaker, &flat(&nb), bars(0.0));
        assert_eq!(labels[3], labels[0], "the typo's record joins its person");
        assert_ne!(labels[4], labels[0], "a weak pair across keeps 4 apart");
        assert_ne!(labels[5], labels[0], "a mean of 0.6 keeps 5 apart");
        assert!(labels[6] != labels[0] && labels[6] != labels[7], "6 looks like two people and joins neither");
        let links_only = average_evidence_components(8, &mut links, &mut [], &flat(&nb), bars(0.0));
        assert_ne!(links_only[3], links_only[0]);
    }

    /// A record X without a date is likely with P (0.8) and with Q (0.78), and P and Q were
    /// compared and look unlike (0.35): X looks like two people and joins neither, wherever the
    /// three records stand in the file and whichever way round each pair is written (X was
    /// "the smaller" only when it came first, and joined P otherwise).
    #[test]
    fn a_record_like_two_others_joins_neither_whatever_the_row_order() {
        for (x, p, q) in [(0u32, 1u32, 2u32), (2, 0, 1), (1, 2, 0), (2, 1, 0)] {
            for flipped in [false, true] {
                let pair = |a: u32, b: u32, prob: f32| if flipped { (b, a, prob) } else { (a, b, prob) };
                let compared = [pair(x, p, 0.8), pair(x, q, 0.78), pair(p, q, 0.35)];
                let mut nb: Vec<Vec<(u32, f32)>> = vec![Vec::new(); 3];
                for &(a, b, prob) in &compared {
                    nb[a as usize].push((b, prob));
                    nb[b as usize].push((a, prob));
                }
                let mut weaker: Vec<(u32, u32, f32)> = compared.iter().copied().filter(|c| c.2 >= 0.5).collect();
                let labels = average_evidence_components(3, &mut [], &mut weaker, &flat(&nb), bars(0.0));
                let (lx, lp, lq) = (labels[x as usize], labels[p as usize], labels[q as usize]);
                assert!(lx != lp && lx != lq && lp != lq, "x {x} p {p} q {q} flipped {flipped}: {labels:?}");
            }
        }
    }

    #[test]
    fn one_to_one_uses_each_record_once() {
        let mut links = vec![(0, 2, 0.99), (1, 2, 0.98), (1, 3, 0.95)];
        let labels = one_to_one(4, &mut links);
        assert_eq!(labels[0], labels[2]);
        assert_eq!(labels[1], labels[3]);
        assert_ne!(labels[0], labels[1]);
    }
}
