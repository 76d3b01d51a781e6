//! Tests of the run: the bars below the threshold, the EM over combinations and their
//! counting on the workers.

/// A user who raises the threshold raises the bars of the merges below it by as much (0.97:
/// pairs from 0.57, a mean of 0.77), so a single pair at 0.75 never joins two records then;
/// at the inferred threshold they are as set; the mean never asks more than the threshold.
#[test]
fn the_bars_below_the_threshold_move_with_it() {
    let o = crate::Options::default();
    let close = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9;
    assert!(close(weaker_bars(&o, 0.9), (o.weaker_from, o.weaker_mean_at_least)));
    let (from, mean) = weaker_bars(&o, 0.97);
    assert!(from < 0.75 && mean > 0.75 && mean < 0.97, "{from} {mean}");
    assert!(close(weaker_bars(&o, 0.97), (o.weaker_from + 0.07, o.weaker_mean_at_least + 0.07)));
    let (_, mean) = weaker_bars(&o, 0.6);
    assert!(mean <= 0.6);
}

use super::*;

/// Generated comparison vectors (`counts` levels per field, some missing, a quarter mostly
/// agreeing), with a rule mask (bits 1-3, never bit 4) and a common-name flag each.
fn generated_pairs(counts: &[usize], pairs: usize, seed: u64) -> (Vec<u8>, Vec<u32>, Vec<bool>) {
    let mut rng = SplitMix(seed);
    let (mut flat, mut masks, mut common) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..pairs {
        let close = i % 4 == 0;
        for &k in counts {
            flat.push(if rng.below(10) == 0 {
                crate::compare::NULL
            } else if close && rng.below(5) != 0 {
                0
            } else {
                rng.below(k) as u8
            });
        }
        masks.push(1 + rng.below(7) as u32);
        common.push(i % 9 == 0);
    }
    (flat, masks, common)
}

/// A plain EM for m and the match share, written out without the library's code: every pair
/// one at a time (no patterns, no combos), probabilities multiplied (no logarithms), the
/// fields in `excluded` left out; the same start, pseudo-count, stop and iteration limit as
/// `model::em_m`. Returns m and the iterations.
fn reference_em(pairs: &[&[u8]], counts: &[usize], u: &[Vec<f64>], excluded: &[bool]) -> (Vec<Vec<f64>>, usize) {
    let mut m: Vec<Vec<f64>> =
        counts.iter().map(|&k| (0..k).map(|l| if l == 0 { 0.9 } else { 0.1 / (k - 1) as f64 }).collect()).collect();
    let mut lambda = 0.1;
    for iteration in 1..=200 {
        let mut acc: Vec<Vec<f64>> = counts.iter().map(|&k| vec![1e-6; k]).collect();
        let mut matches = 0.0;
        for levels in pairs {
            let (mut pm, mut pu) = (lambda, 1.0 - lambda);
            for (f, &l) in levels.iter().enumerate() {
                if l != crate::compare::NULL && !excluded[f] {
                    pm *= m[f][l as usize];
                    pu *= u[f][l as usize];
                }
            }
            let g = pm / (pm + pu);
            matches += g;
            for (f, &l) in levels.iter().enumerate() {
                if l != crate::compare::NULL && !excluded[f] {
                    acc[f][l as usize] += g;
                }
            }
        }
        let new_lambda = (matches / pairs.len() as f64).clamp(1e-9, 1.0 - 1e-9);
        let mut change = (new_lambda - lambda).abs();
        for f in (0..counts.len()).filter(|&f| !excluded[f]) {
            let sum: f64 = acc[f].iter().sum();
            for l in 0..counts[f] {
                change = change.max((acc[f][l] / sum - m[f][l]).abs());
                m[f][l] = acc[f][l] / sum;
            }
        }
        lambda = new_lambda;
        if change < 1e-7 {
            return (m, iteration);
        }
    }
    (m, 200)
}

/// The rules' EM as the run does it (pairs counted into combos, each rule's patterns, EM on
/// the workers) agrees with a plain EM per rule over that rule's own pairs, written
/// independently (`reference_em`): a fault in the counting, the patterns, the
/// common-name exclusion or the EM itself shows here.
#[test]
fn parallel_rule_em_equals_the_sequential_loop() {
    let counts = vec![3usize, 4, 2, 5];
    let width = counts.len();
    let (flat, masks, common) = generated_pairs(&counts, 4_000, 11);
    let pool = crate::worker_pool(2).expect("pool");
    let combos = count_combos(&pool, &[(&flat, &masks, 1)], width, &common).expect("counted");
    // u: non-matches spread evenly, except level 0 rarer.
    let u: Vec<Vec<f64>> =
        counts.iter().map(|&k| (0..k).map(|l| if l == 0 { 0.1 } else { 0.9 / (k - 1) as f64 }).collect()).collect();
    let fields_of_rule =
        vec![vec![true, false, false, false], vec![false, true, false, false], vec![false; 4], vec![false; 4]];
    let selects = vec![true, false, true, false];
    let parallel = rule_em_runs(&pool, &combos, &fields_of_rule, &selects, &counts, &u).expect("runs");
    let mut ran = 0;
    for (r, run) in parallel.iter().enumerate() {
        let own: Vec<&[u8]> = flat
            .chunks(width)
            .zip(&masks)
            .zip(&common)
            .filter(|((_, mask), common)| *mask & (1 << r) != 0 && !(**common && selects[r]))
            .map(|((l, _), _)| l)
            .collect();
        let Some((m, iterations)) = run else {
            assert!(own.len() < 20, "rule {r}: {} pairs and no run", own.len());
            continue;
        };
        ran += 1;
        let (expected, expected_iterations) = reference_em(&own, &counts, &u, &fields_of_rule[r]);
        for f in (0..width).filter(|&f| !fields_of_rule[r][f]) {
            for l in 0..counts[f] {
                assert!(
                    (m[f][l] - expected[f][l]).abs() < 1e-6,
                    "rule {r} field {f} level {l}: {} against {}",
                    m[f][l],
                    expected[f][l]
                );
            }
        }
        assert!(iterations.abs_diff(expected_iterations) <= 2, "rule {r}: {iterations} against {expected_iterations}");
        // Not the starting guess: EM moved.
        assert!((m[2][0] - 0.9).abs() > 0.01, "rule {r}: m did not move");
    }
    // Rule 3 (bit 8) found no pair: no run; the others ran.
    assert_eq!(ran, 3);
    assert!(parallel[3].is_none());
}

/// Counting packed vectors gives the map the loop over slices gives: the same keys and
/// counts, iterated in the same order (what makes EM's sums the same), across two runs of
/// pairs counted in several parts; and vectors too wide to pack take that loop.
#[test]
fn packed_combos_equal_the_slice_loop() {
    for counts in [vec![3usize, 4, 2, 5, 3, 3, 4], vec![2; 18]] {
        let width = counts.len();
        // More pairs than one part of the count holds, the second run starting mid-part.
        let (flat, masks, common) = generated_pairs(&counts, 3 * PACKED_PART, 5);
        let split = PACKED_PART / 2 + 7;
        let runs = [(&flat[..split * width], &masks[..split], 1), (&flat[split * width..], &masks[split..], 1)];
        let pool = crate::worker_pool(2).expect("pool");
        let packed = count_combos(&pool, &runs, width, &common).expect("counted");
        let mut sliced: Combos = HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0));
        for ((l, &mask), &common) in flat.chunks(width).zip(&masks).zip(&common) {
            *sliced.entry((l, rules_of(mask), common)).or_default() += 1;
        }
        assert!(sliced.len() > 100, "{} distinct", sliced.len());
        let order = |c: &Combos| c.iter().map(|(&(l, m, c), &n)| (l.to_vec(), m, c, n)).collect::<Vec<_>>();
        assert_eq!(order(&packed), order(&sliced), "width {width}");
    }
}
