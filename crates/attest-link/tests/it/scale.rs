//! What the large-input paths must keep: term-frequency adjustments computed once per distinct
//! value equal the textbook formula per record, and clustering over compressed neighbour lists
//! with direct representatives gives the labels of the plain union-find it replaced.

use std::collections::HashMap;

use attest_link::cluster::{MergeBars, Neighbours, average_evidence_components, link_components};
use attest_link::compare::prepare;
use attest_link::{Linker, NoProgress, Options, infer_config};

use crate::synth_input;

#[test]
fn term_frequency_adjustments_follow_each_values_share_of_the_records() {
    let (inp, _) = synth_input(1_500, 21);
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let c = config.columns.iter().position(|c| c.name == "name").unwrap();
    assert!(config.columns[c].term_frequency, "{:?}", config.columns[c]);
    let linker = Linker::new(&inp, &config, Options::default(), &NoProgress).unwrap();
    let result = linker.run(&[], &NoProgress).unwrap();
    // The formula: log2(mean agreeing frequency / the value's frequency), clamped; at level 0
    // over exact values, at level 1 over comparison keys (romanization-insensitive).
    let prepared: Vec<_> = inp.rows.iter().map(|r| prepare(&config.columns[c], &r[c], None)).collect();
    let n = prepared.len() as f64;
    let adjustment = |of: Vec<&str>| -> Vec<f64> {
        let mut freq: HashMap<&str, f64> = HashMap::new();
        for (_, v) in of.iter().enumerate().filter(|(i, _)| !prepared[*i].value.is_empty()) {
            *freq.entry(v).or_default() += 1.0 / n;
        }
        let (s2, s3) = freq.values().fold((0.0, 0.0), |(a, b), f| (a + f * f, b + f * f * f));
        of.iter().map(|v| freq.get(v).map_or(0.0, |f| (s3 / s2 / f).log2().clamp(-5.0, 5.0))).collect()
    };
    let exact = adjustment(prepared.iter().map(|p| p.value.as_str()).collect());
    let keyed = adjustment(prepared.iter().map(|p| p.key.as_str()).collect());
    // Records sharing a key: every pair among the first eight, explained.
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in prepared.iter().enumerate().filter(|(_, p)| !p.key.is_empty()) {
        by_key.entry(p.key.as_str()).or_default().push(i);
    }
    let (mut at_exact, mut at_key, mut rare, mut common) = (0, 0, 0, 0);
    let pairs = by_key.values().flat_map(|r| {
        let r = &r[..r.len().min(8)];
        (0..r.len()).flat_map(move |x| (x + 1..r.len()).map(move |y| (r[x], r[y])))
    });
    for (a, b) in pairs {
        let ex = linker.explain(&result.model, &inp.rows[a][0], &inp.rows[b][0]).unwrap();
        let field = ex.fields.iter().find(|f| f.column == "name").unwrap();
        let expected = match field.level.as_str() {
            "exact" => {
                at_exact += 1;
                exact[a]
            }
            "same name (any order or spelling)" => {
                at_key += 1;
                keyed[a]
            }
            _ => continue,
        };
        assert!(
            (field.tf_adjustment - expected).abs() < 1e-4,
            "{} / {} at {}: {} against {expected}",
            inp.rows[a][c],
            inp.rows[b][c],
            field.level,
            field.tf_adjustment
        );
        rare += usize::from(expected > 0.5);
        common += usize::from(expected < -0.5);
    }
    assert!(
        at_exact > 40 && at_key > 1_000 && rare > 10 && common > 10,
        "{at_exact} exact, {at_key} keyed, {rare} rare, {common} common"
    );
}

/// The clustering as it was before the compressed lists: neighbours in a list per record,
/// union-find with path compression, members copied before each check.
fn reference_clusters(
    n: usize,
    links: &mut [(u32, u32, f32)],
    neighbours: &[Vec<(u32, f32)>],
    cannot_below: f32,
    mean_at_least: f32,
    weak_share: f32,
) -> Vec<usize> {
    fn find(parent: &mut [u32], x: u32) -> u32 {
        let mut r = x;
        while parent[r as usize] != r {
            r = parent[r as usize];
        }
        let mut y = x;
        while parent[y as usize] != r {
            let next = parent[y as usize];
            parent[y as usize] = r;
            y = next;
        }
        r
    }
    links.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    for &(a, b, _) in links.iter() {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra == rb {
            continue;
        }
        let (small, other) = if members[ra as usize].len() <= members[rb as usize].len() { (ra, rb) } else { (rb, ra) };
        let (mut sum, mut count, mut weak, mut refused) = (0f32, 0u32, 0u32, false);
        for x in members[small as usize].clone() {
            for &(y, p) in &neighbours[x as usize] {
                if find(&mut parent, y) == other {
                    if p <= 0.0 || (p < cannot_below && weak_share <= 0.0) {
                        refused = true;
                    }
                    weak += u32::from(p < cannot_below);
                    sum += p;
                    count += 1;
                }
            }
        }
        let allowed =
            !refused && weak as f32 <= weak_share * count as f32 && (count == 0 || sum / count as f32 >= mean_at_least);
        if allowed {
            let (big, small) =
                if members[ra as usize].len() >= members[rb as usize].len() { (ra, rb) } else { (rb, ra) };
            parent[small as usize] = big;
            let moved = std::mem::take(&mut members[small as usize]);
            members[big as usize].extend(moved);
        }
    }
    let mut label = vec![usize::MAX; n];
    let mut next = 0;
    (0..n)
        .map(|i| {
            let r = find(&mut parent, i as u32) as usize;
            if label[r] == usize::MAX {
                label[r] = next;
                next += 1;
            }
            label[r]
        })
        .collect()
}

/// The scored pairs of a generated Korean set of 3,000 people, its links (pairs at 0.5 or
/// more) and which records have one.
struct Scored {
    n: usize,
    pairs: Vec<(u32, u32, f32)>,
    links: Vec<(u32, u32, f32)>,
    linked: Vec<bool>,
}

fn scored(seed: u64) -> Scored {
    let (inp, _) = synth_input(3_000, seed);
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let linker = Linker::new(&inp, &config, Options::default(), &NoProgress).unwrap();
    let pairs = linker.run(&[], &NoProgress).unwrap().pairs;
    let n = inp.rows.len();
    let links: Vec<(u32, u32, f32)> = pairs.iter().copied().filter(|p| p.2 >= 0.5).collect();
    let mut linked = vec![false; n];
    for &(a, b, _) in &links {
        linked[a as usize] = true;
        linked[b as usize] = true;
    }
    Scored { n, pairs, links, linked }
}

#[test]
fn clustering_over_compressed_neighbour_lists_matches_the_plain_union_find() {
    // Scored pairs of a generated Korean set: namesakes, weak pairs and decisive disagreements.
    let Scored { n, pairs, links, linked } = scored(23);
    let keep = |a: u32, b: u32| linked[a as usize] && linked[b as usize];
    let mut lists: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
    for &(a, b, p) in pairs.iter().filter(|p| keep(p.0, p.1)) {
        lists[a as usize].push((b, p));
        lists[b as usize].push((a, p));
    }
    let flat = Neighbours::from_pairs(n, &pairs, |_, a, b, p| keep(a, b).then_some(p));
    for r in 0..n as u32 {
        assert_eq!(flat.of(r), lists[r as usize].as_slice(), "record {r}");
    }
    let mut merged_any = false;
    for (mean_at_least, weak_share) in [(0.6, 0.0), (0.6, 0.25), (0.9, 0.0)] {
        let new = average_evidence_components(
            n,
            &mut links.clone(),
            &mut [],
            &flat,
            MergeBars { cannot_below: 0.3, mean_at_least, weak_share, weaker_mean_at_least: 0.7, weaker_from: 0.5 },
        );
        let old = reference_clusters(n, &mut links.clone(), &lists, 0.3, mean_at_least, weak_share);
        assert_eq!(new, old, "mean {mean_at_least}, weak share {weak_share}");
        merged_any |= new.iter().max().is_some_and(|&m| m + 1 < n * 9 / 10);
    }
    assert!(merged_any, "no clusters formed: the comparison says nothing");
}

#[test]
fn neighbours_within_components_of_the_links_cluster_as_all_linked_neighbours_do() {
    // A merge weighs only pairs inside one component of the links: leaving the others out of
    // the neighbour lists (most pairs of a large set) changes no label, with every setting.
    let Scored { n, pairs, links, linked } = scored(29);
    let component = link_components(n, &links);
    // Components are those of a plain union-find: linked records share one exactly when a
    // chain of links joins them.
    for &(a, b, _) in &links {
        assert_eq!(component[a as usize], component[b as usize]);
    }
    let all = Neighbours::from_pairs(n, &pairs, |_, a, b, p| (linked[a as usize] && linked[b as usize]).then_some(p));
    let within =
        Neighbours::from_pairs(n, &pairs, |_, a, b, p| (component[a as usize] == component[b as usize]).then_some(p));
    let count = |nb: &Neighbours| (0..n as u32).map(|r| nb.of(r).len()).sum::<usize>();
    assert!(
        count(&within) < count(&all),
        "{} within, {} all: the test set has no pair across components",
        count(&within),
        count(&all)
    );
    for (mean_at_least, weak_share) in [(0.6, 0.0), (0.6, 0.25), (0.9, 0.0), (0.3, 0.5)] {
        let a = average_evidence_components(
            n,
            &mut links.clone(),
            &mut [],
            &all,
            MergeBars { cannot_below: 0.3, mean_at_least, weak_share, weaker_mean_at_least: 0.7, weaker_from: 0.5 },
        );
        let b = average_evidence_components(
            n,
            &mut links.clone(),
            &mut [],
            &within,
            MergeBars { cannot_below: 0.3, mean_at_least, weak_share, weaker_mean_at_least: 0.7, weaker_from: 0.5 },
        );
        assert_eq!(a, b, "mean {mean_at_least}, weak share {weak_share}");
    }
}

#[test]
fn a_smaller_pair_budget_windows_the_largest_blocks_instead_of_comparing_them_in_full() {
    let (inp, _) = synth_input(3_000, 25);
    let config = infer_config(&inp.headers, &inp.rows, 0);
    let candidates = |pairs_per_record: usize| {
        let options = Options { pairs_per_record, ..Options::default() };
        let linker = Linker::new(&inp, &config, options, &NoProgress).unwrap();
        linker.candidates(&NoProgress).unwrap()
    };
    let (wide, _, wide_windows) = candidates(attest_link::MAX_PAIRS_PER_RECORD);
    let (narrow, _, narrow_windows) = candidates(2);
    assert!(narrow.len() * 3 < wide.len() * 2, "{} pairs with 2 a record, {} with 15", narrow.len(), wide.len());
    assert!(
        narrow.len() <= 5 * 2 * inp.rows.len() + narrow_windows.iter().map(|b| b.records * b.window).sum::<usize>()
    );
    assert!(
        narrow_windows.len() > wide_windows.len(),
        "{} windowed blocks against {}",
        narrow_windows.len(),
        wide_windows.len()
    );
}

#[test]
fn pairs_below_the_threshold_cluster_alike_within_the_components_of_links_and_those_pairs() {
    // The run's second phase: pairs from 0.5 to the 0.9 threshold may merge clusters on the
    // evidence of all their records. Neighbour lists within the components of the links and
    // those pairs together give the labels that every compared pair of their records gives,
    // and the phase merges something on this set.
    let Scored { n, pairs, .. } = scored(31);
    let links: Vec<(u32, u32, f32)> = pairs.iter().copied().filter(|p| p.2 >= 0.9).collect();
    let weaker: Vec<(u32, u32, f32)> = pairs.iter().copied().filter(|p| p.2 >= 0.5 && p.2 < 0.9).collect();
    let mut touched = vec![false; n];
    for &(a, b, _) in links.iter().chain(&weaker) {
        touched[a as usize] = true;
        touched[b as usize] = true;
    }
    let component = link_components(n, links.iter().chain(&weaker));
    let all = Neighbours::from_pairs(n, &pairs, |_, a, b, p| (touched[a as usize] && touched[b as usize]).then_some(p));
    let within =
        Neighbours::from_pairs(n, &pairs, |_, a, b, p| (component[a as usize] == component[b as usize]).then_some(p));
    let bars = MergeBars {
        cannot_below: 0.3,
        mean_at_least: 0.6,
        weak_share: 0.0,
        weaker_mean_at_least: 0.7,
        weaker_from: 0.5,
    };
    let a = average_evidence_components(n, &mut links.clone(), &mut weaker.clone(), &all, bars);
    let b = average_evidence_components(n, &mut links.clone(), &mut weaker.clone(), &within, bars);
    assert_eq!(a, b);
    let links_only = average_evidence_components(n, &mut links.clone(), &mut [], &within, bars);
    let clusters = |l: &[usize]| l.iter().max().map_or(0, |m| m + 1);
    assert!(clusters(&a) < clusters(&links_only), "the second phase merged nothing");
}
