//! Tests of the one-pass scorer: every pair of generated lists scored by [`super::PairScorer`]
//! and by the rule-a-function path must agree to the bit.

use super::*;
use crate::compare::Prepared;
use crate::kinship::DECISIVE_YEAR_GAP;
use crate::synth_registry::{Layout, Variant, generate_variant};
use crate::{Input, NoProgress, Options, Role, infer_config};

/// The decisive-disagreement rule as it reads, written out in its own order (every test made,
/// in the order the rule states them; no test skipped because its answer could not matter), as
/// a reference for [`Linker::decisive`], which makes the costly tests last.
fn decisive_in_order(l: &Linker, a: usize, b: usize, levels: &[u8]) -> Option<Decisive> {
    let hangul = |p: &Prepared| p.value.chars().any(attest_korean::hangul::is_hangul);
    let k = &l.kin;
    if k.sex.is_some_and(|f| levels[f] == 1) {
        return Some(Decisive::Sex);
    }
    let year = |r: usize| k.year.and_then(|f| l.cell(r, l.compared[f]).year);
    let gap = match (year(a), year(b)) {
        (Some(x), Some(y)) => Some(x.abs_diff(y)),
        _ => None,
    };
    let across = k.given.is_some_and(|f| {
        let (x, y) = (l.cell(a, l.compared[f]), l.cell(b, l.compared[f]));
        !x.value.is_empty() && !y.value.is_empty() && hangul(x) != hangul(y)
    });
    if let Some(g) = gap
        && g >= DECISIVE_YEAR_GAP + u32::from(across)
    {
        return Some(Decisive::YearsApart(g));
    }
    let (Some(g), Some(gf)) = (gap, k.given) else { return None };
    if g < 1 {
        return None;
    }
    let gc = l.compared[gf];
    let column = &l.config.columns[gc];
    let (x, y) = (l.cell(a, gc), l.cell(b, gc));
    if column.korean
        && let (Some(wx), Some(wy)) =
            (crate::kinship::written_given(column.role, x), crate::kinship::written_given(column.role, y))
        && crate::kinship::syllable_dropped(&wx, &wy)
    {
        return None;
    }
    let different = (level_count(column) - 1) as u8;
    let alike = crate::kinship::given_keys_alike(x, y);
    let unrelated =
        levels[gf] == different && (hangul(x) == hangul(y) || alike < crate::kinship::UNRELATED_ACROSS_SCRIPTS);
    if g < if unrelated { 1 } else { 3 } {
        return None;
    }
    let same_surname = match k.surname {
        Some(sf) => levels[sf] <= 1,
        None => matches!((&x.name, &y.name), (Some(p), Some(q)) if !p.surname.is_empty() && p.surname == q.surname),
    };
    let shared = k
        .family
        .iter()
        .any(|&f| levels[f] == 0 || (levels[f] == 1 && l.config.columns[l.compared[f]].role == Role::FatherName));
    (same_surname && levels[gf] >= 2 && levels[gf] != NULL && shared).then_some(Decisive::Siblings(g))
}

/// Every candidate pair of a generated Korean registry (cross-script: Hangul against Latin
/// names, Korean ages, spelled sound changes; families of siblings), scored by the one-pass
/// scorer and by the rules one function each (`gate_family`, `score_from`, `probability`, the
/// window test, the weights' "against" test, `cannot_link_fact_with_levels`), with the model the run
/// fitted: the same probability to the bit, the same flags, and the decisive disagreements the
/// rule gives when its tests are made in the order it states them. The set holds every case
/// the scorer shortcuts (pairs held at the window cap, each kind of decisive disagreement, the
/// combined name's discount), or the test says which is missing.
#[test]
fn one_pass_scoring_equals_the_rules_one_function_each() {
    let variant = Variant { cross_script: true, ..Variant::default() };
    let set = generate_variant(4_000, 31, Layout::MergedKorean, variant);
    let (capped, discounted, kinds) = scorer_agrees(set.headers, set.rows);
    assert!(capped > 0, "no pair held at the window cap");
    assert!(discounted > 0, "no pair with the combined name's discount");
    assert!(kinds.iter().all(|&k| k > 0), "decisive disagreements by kind (sex, years, siblings): {kinds:?}");
}

/// The same on lists of other shapes, whose branches the Korean registry does not reach: the
/// registry under English headers (Latin given names), a Western list of full names and dates
/// of birth (no Korean name, the year from the date, the surname from the parsed full name),
/// and a census of households (relatives in one household, ages).
#[test]
fn one_pass_scoring_equals_the_rules_on_english_western_and_census_lists() {
    let set = crate::synth_registry::generate(1_500, 32, Layout::MergedEnglish);
    scorer_agrees(set.headers, set.rows);
    let set = crate::synth_notables::generate(400, 33);
    scorer_agrees(set.headers, set.rows);
    let set = crate::synth_census::generate(800, 34);
    scorer_agrees(set.headers, set.rows);
}

/// Scores every candidate pair of a list both ways and asserts they agree; returns how many
/// pairs were held at the window cap, had the combined name's discount, and each kind of
/// decisive disagreement (sex, years apart, siblings).
fn scorer_agrees(headers: Vec<String>, rows: Vec<Vec<String>>) -> (usize, usize, [usize; 3]) {
    let config = infer_config(&headers, &rows, 0);
    let n = rows.len();
    let input = Input { headers, rows, file: vec![0; n], id_column: 0 };
    let linker = Linker::from_input(input, &config, Options::default(), &NoProgress).expect("linker");
    let model = linker.run(&[], &NoProgress).expect("run").model;
    let (candidates, masks, _) = linker.candidates(&NoProgress).expect("candidates");
    let rule_fields = linker.rule_fields();
    let cap = linker.window_cap();
    let scorer = PairScorer::new(&linker, &model, -1.0);
    let width = linker.compared.len();
    let (mut raw, mut gated, mut buf) = (Vec::new(), Vec::new(), vec![0u8; width]);
    let (mut capped, mut discounted, mut kinds) = (0, 0, [0usize; 3]);
    for (&(a, b), &mask) in candidates.iter().zip(&masks) {
        let (a, b) = (a as usize, b as usize);
        linker.levels(a, b, &mut raw);
        model.sites.apply_one(&linker, a, b, &mut raw);
        gated.clone_from(&raw);
        linker.gate_family(a, b, &mut gated);
        let p = probability(linker.score_from(model.prior(), &model, a, b, &gated)) as f32;
        let holds = linker.window_evidence_holds(&model, a, &gated, mask, &rule_fields);
        let expected_p = if holds { p } else { p.min(cap) };
        let expected_against = gated.iter().enumerate().any(|(f, &l)| model.weight(f, l) < -1.0);
        let reason = linker.cannot_link_fact_with_levels(a, b, &raw);
        let in_order = decisive_in_order(&linker, a, b, &raw);
        assert_eq!(reason, in_order.map(|d| decisive_fact(&linker, &raw, d)), "pair {a} {b}");
        let window = |g: &[u8]| linker.window_evidence_holds(&model, a, g, mask, &rule_fields);
        let scored = scorer.score(a, b, &raw, &mut buf, window, cap);
        assert_eq!(scored.probability.to_bits(), expected_p.to_bits(), "pair {a} {b}");
        assert_eq!(scored.against, expected_against, "pair {a} {b}");
        assert_eq!(scored.decisive, expected_p >= 0.05 && reason.is_some(), "pair {a} {b}");
        assert_eq!(buf, gated, "pair {a} {b}");
        capped += usize::from(!holds && p > cap);
        discounted += usize::from(linker.combined_name(&model, a, b, &gated).is_some());
        if scored.decisive {
            match in_order {
                Some(Decisive::Sex) => kinds[0] += 1,
                Some(Decisive::YearsApart(_)) => kinds[1] += 1,
                Some(Decisive::Siblings(_)) => kinds[2] += 1,
                None => {}
            }
        }
    }
    (capped, discounted, kinds)
}
