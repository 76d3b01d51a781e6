//! Circular reporting beyond verbatim text (issue 14): attributions in English and Korean,
//! translations found from the skeleton of names and figures, short spun items, and later open
//! sources sharing a testimony's details. Every person and place is invented.

use attest_provenance::derive::{DerivationKind, SourceText, attributions, derivations, skeleton};
use attest_provenance::{Relation, Thresholds, classify, compare};

fn src(id: &str, text: &str, published: &str, testimony: bool, names: &[&str]) -> SourceText {
    SourceText {
        id: id.into(),
        text: text.into(),
        published: (!published.is_empty()).then(|| published.into()),
        testimony,
        names: names.iter().map(|n| n.to_string()).collect(),
    }
}

const TESTIMONY_KO: &str = "1998년 3월 금대 교화소에서 문돌세, 염창구, 고응비 세 사람이 공개 처형되었다. \
    약 200명이 지켜보았다. 나는 그 자리에 있었다.";
const ARTICLE_EN: &str = "In March 1998 three men, Mun Tol-se, Yom Chang-gu and Ko Ung-bi, were publicly executed \
    at Kumdae camp, with some 200 prisoners made to watch, a former inmate recalls.";

#[test]
fn attribution_phrases_in_english_and_korean() {
    let a = attributions("Three men were shot, according to a report by the Sorim Watch Committee, in 1998.");
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].named, "the Sorim Watch Committee");
    let k = attributions("소림감시위원회 보고서에 따르면 세 사람이 총살되었다.");
    assert!(k.iter().any(|x| x.named.contains("소림감시위원회")), "{k:?}");
    let t = attributions("Researchers of the Sorim Watch Committee told reporters that three men were shot.");
    assert!(t.iter().any(|x| x.phrase == "told" && x.named.contains("Sorim Watch Committee")), "{t:?}");
    assert!(attributions("Three men were shot at Sorim market in 1998.").is_empty());
}

#[test]
fn an_article_naming_a_report_of_the_case_derives_from_it() {
    let sources = [
        src(
            "ngo",
            "Our monitors recorded that guards shot three traders at Sorim market in May 1998.",
            "2019-03-01",
            false,
            &["Sorim Watch Committee", "소림감시위원회"],
        ),
        src(
            "press",
            "Guards shot three traders at Sorim market in 1998, according to a report by the Sorim Watch Committee.",
            "2019-04-02",
            false,
            &["Daily Press"],
        ),
        src(
            "ko",
            "소림감시위원회 보고서에 따르면 1998년 소림 시장에서 상인 세 명이 총살되었다.",
            "2019-05-01",
            false,
            &[],
        ),
    ];
    let d = derivations(&sources, &Thresholds::default());
    for derived in ["press", "ko"] {
        let x = d
            .iter()
            .find(|x| x.derived == derived && x.kind == DerivationKind::Attribution)
            .unwrap_or_else(|| panic!("{derived}: {d:#?}"));
        assert_eq!(x.original, "ngo");
        assert!(x.certain);
    }
}

#[test]
fn a_translation_is_possibly_derived_from_the_skeleton() {
    let (ko, en) = (skeleton(TESTIMONY_KO), skeleton(ARTICLE_EN));
    let shared: Vec<_> = ko.names.intersection(&en.names).collect();
    assert!(shared.len() >= 4, "names survive translation: {ko:?} / {en:?}");
    assert!(ko.numbers.contains(&1998) && en.numbers.contains(&200));
    let sources =
        [src("t_pine", TESTIMONY_KO, "2020-01-10", true, &[]), src("a_en", ARTICLE_EN, "2021-05-01", false, &[])];
    let d = derivations(&sources, &Thresholds::default());
    let x = d.iter().find(|x| x.derived == "a_en").unwrap_or_else(|| panic!("{d:#?}"));
    assert_eq!((x.original.as_str(), x.kind, x.certain), ("t_pine", DerivationKind::Translation, false));
    assert!(x.detail.starts_with("possibly derived: decide"), "{}", x.detail);
}

#[test]
fn two_witnesses_of_one_event_are_not_a_derivation() {
    let sources = [
        src("t_pine", TESTIMONY_KO, "2020-01-10", true, &[]),
        src(
            "t_cedar",
            "I saw Mun Tol-se, Yom Chang-gu and Ko Ung-bi shot at Kumdae camp in 1998; about 200 of us watched.",
            "2020-02-11",
            true,
            &[],
        ),
    ];
    assert!(derivations(&sources, &Thresholds::default()).is_empty());
}

#[test]
fn a_later_open_source_with_a_testimonys_details_and_no_attribution_is_flagged() {
    let testimony = "In 2002 at Sorim market the guards of Unit 415 shot Mun Tol-se and Ko Ung-bi; 6 traders died.";
    let blog = "Six traders, Mun Tol-se and Ko Ung-bi among them, were shot by Unit 415 at Sorim market in 2002. \
                The regime denies everything.";
    let sources = [src("t_pine", testimony, "2018-06-01", true, &[]), src("blog", blog, "2020-01-01", false, &[])];
    let d = derivations(&sources, &Thresholds::default());
    let x = d.iter().find(|x| x.derived == "blog").unwrap_or_else(|| panic!("{d:#?}"));
    assert_eq!((x.kind, x.certain), (DerivationKind::SharedDetails, false));
    // Naming another source (outside the case) is not the warning's case.
    let cited = format!("{blog} According to Radio Free Sorim, the bodies were burned.");
    let sources = [src("t_pine", testimony, "2018-06-01", true, &[]), src("blog", &cited, "2020-01-01", false, &[])];
    assert!(derivations(&sources, &Thresholds::default()).iter().all(|x| x.kind != DerivationKind::SharedDetails));
    // Unrelated details: nothing.
    let other = "In 2009 floods destroyed the Namgol road; Pak Chol-ung said 40 houses were lost.";
    let sources = [src("t_pine", testimony, "2018-06-01", true, &[]), src("news", other, "2020-01-01", false, &[])];
    assert!(derivations(&sources, &Thresholds::default()).is_empty());
}

#[test]
fn a_spun_copy_of_a_short_report_is_found() {
    let original = "On 12 May 2002 guards at Sorim market shot six traders, among them Mun Tol-se and Ko Ung-bi, \
                    after a raid by Unit 415. Witness Pine said the bodies were left in the square until evening and \
                    that families were warned to stay silent.";
    let spun = "On 12 May 2002 wardens at Sorim market slew six merchants, among them Mun Tol-se and Ko Ung-bi, \
                after a sweep by Unit 415. Eyewitness Pine stated the remains were left in the plaza until nightfall \
                and that households were instructed to stay quiet.";
    let e = compare(original, spun);
    assert!(e.words < 0.6, "{e:?}");
    assert_eq!(classify(&e, &Thresholds::default()), Some(Relation::SpunCopy), "{e:?}");
    // An independent short item about the same facts, written differently, is not a copy.
    let independent = "Pine, who fled in 2004, remembers Unit 415 raiding Sorim market: six died that May in 2002, \
                       Mun Tol-se and Ko Ung-bi with them. Nobody was allowed to mourn.";
    assert_eq!(
        classify(&compare(original, independent), &Thresholds::default()),
        None,
        "{:?}",
        compare(original, independent)
    );
}

#[test]
fn a_spun_copy_of_a_one_sentence_item_is_found() {
    // A wire brief of one sentence and its spun copy: too few names and figures for the
    // thresholds of long articles.
    let original = "Guards shot Mun Tol-se and six traders at Sorim market in 2002, a witness said.";
    let spun = "Wardens slew Mun Tol-se and six merchants at Sorim market in 2002, an eyewitness stated.";
    let e = compare(original, spun);
    assert_eq!(classify(&e, &Thresholds::default()), Some(Relation::SpunCopy), "{e:?}");
    // And the whole pipeline finds it among a case's sources.
    let sources = [src("brief", original, "2020-01-01", false, &[]), src("spun", spun, "2020-01-03", false, &[])];
    let d = derivations(&sources, &Thresholds::default());
    assert!(d.iter().any(|x| x.derived == "spun" && x.kind == DerivationKind::SpunCopy && x.certain), "{d:#?}");
    let other = "Mun Tol-se ran a stall at Sorim market until 2002, when he vanished.";
    assert_eq!(classify(&compare(original, other), &Thresholds::default()), None, "{:?}", compare(original, other));
}
