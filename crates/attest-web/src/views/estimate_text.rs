//! The estimate engine's words in the user's language: each warning by its code (with the names
//! and figures the warning carries), each assumption, the "why" of a missing or bounded figure,
//! the reason for the default method and the model's description. In English they are the
//! engine's own sentences; in Korean they are written here.
//!
//! Every sentence is said by the engine's code for it (`WarningCode`, `Assumption`, `WhyCode`,
//! `DefaultReasonCode`), matched exhaustively, so a code the engine adds does not compile until it
//! has its Korean here. The figures a "why" quotes are taken from the estimate's own fields. A
//! sentence whose figures are missing (or a "why" without a code) is shown in English and marked
//! `lang="en"`, never dropped; the Korean page test in `tests/it/lists.rs` finds such a sentence.

use attest_app::lists::{
    Assumption, DefaultReasonCode, Estimate, EstimateMethod, Warning, WarningCode, WhyCode, thousands,
};
use maud::{Markup, html};

use crate::i18n::{Lang, particle};

/// The engine's English, marked as such.
fn english(text: &str) -> Markup {
    html! { span lang="en" { (text) } }
}

/// Korean when this file knows the sentence, else the English marked as English.
fn either(lang: Lang, text: &str, korean: Option<String>) -> Markup {
    match (lang, korean) {
        (Lang::Ko, Some(k)) => html! { (k) },
        (Lang::Ko, None) => english(text),
        (Lang::En, _) => html! { (text) },
    }
}

/// A warning in the user's language.
pub fn warning(lang: Lang, w: &Warning) -> Markup {
    either(lang, &w.message, if lang == Lang::Ko { warning_ko(w) } else { None })
}

/// A figure as the English message writes it (1,234), or the page's "no upper limit" (in
/// Korean) for an unbounded one.
fn n(v: f64) -> String {
    if v.is_finite() { thousands(v) } else { Lang::Ko.t("no_upper_limit").to_string() }
}

/// A method's Korean name from its slug (`loglinear`).
fn method_ko(slug: &str) -> &str {
    Lang::Ko.term("method", slug)
}

fn warning_ko(w: &Warning) -> Option<String> {
    let name = |i: usize| w.names.get(i).map(String::as_str);
    let fig = |i: usize| w.figures.get(i).copied();
    Some(match w.code {
        WarningCode::EmptyList => format!("'{}' 명단이 비어 있습니다.", name(0)?),
        WarningCode::IsolatedList => format!(
            "'{}' 명단은 다른 어느 명단과도 겹치지 않습니다. 이 명단이 누구를 놓쳤는지 자료로는 알 수 없으므로, 이 명단이 들어간 추정은 모두 가정에만 기댑니다.",
            name(0)?
        ),
        WarningCode::SmallList => format!(
            "'{}' 명단에는 {}명뿐입니다. 이 명단이 얼마나 포괄하는지 말하기에는 너무 적습니다.",
            name(0)?,
            n(fig(0)?)
        ),
        WarningCode::SubsetList if fig(1)? > 0.5 => format!(
            "'{}' 명단과 '{}' 명단은 똑같은 {}명을 담고 있습니다. 두 출처가 아니라 한 출처이며, 둘의 겹침은 둘 다 놓친 사람에 대해 아무것도 말해 주지 않습니다. 하나를 빼고 다시 추정하십시오.",
            name(0)?,
            name(1)?,
            n(fig(0)?)
        ),
        WarningCode::SubsetList => {
            let (a, b) = (name(0)?, name(1)?);
            format!(
                "'{a}' 명단의 모든 사람({}명)이 '{b}' 명단에도 있습니다. 새로 더하는 사람이 없으므로 '{b}' 명단과의 겹침은 둘 다 놓친 사람에 대해 아무것도 말해 주지 않고, 둘을 별개의 출처로 다루는 모형은 실패하거나 오도할 수 있습니다. '{a}' 명단을 빼거나 '{b}' 명단에 합친 뒤 다시 추정하십시오.",
                n(fig(0)?)
            )
        }
        WarningCode::EmptyCells => format!(
            "관측할 수 있는 유형 {}개 가운데 {}개에 아무도 없습니다. 그 칸에 기대는 상호작용 항이 있는 모형은 경계에서 적합되거나 추정할 수 없습니다.",
            n(fig(1)?),
            n(fig(0)?)
        ),
        WarningCode::Stepwise => format!(
            "명단이 {}개이면 계층 모형이 너무 많아 모두 적합할 수 없습니다. 독립 모형에서 시작해 단계적으로 찾았으므로 더 나은 모형을 놓쳤을 수 있습니다.",
            n(fig(0)?)
        ),
        WarningCode::Boundary => format!(
            "{} 모형은 경계에서 적합되었습니다. 빈 칸(명단 {})은 0으로 적합되고 그 칸만이 알려 주는 항은 빠집니다 (Rcapture의 적합과 같습니다). 추정값은 나머지 칸에 기댑니다.",
            name(0)?,
            w.names[1..].join(", ")
        ),
        WarningCode::Diverges => format!(
            "{} 모형의 적합은 발산합니다 (빈 칸 때문에 모수가 한없이 커집니다: 명단 {}). 이탈도가 어떻든 수렴하지 않았으며, 자체 추정값을 내지 않습니다.",
            name(0)?,
            w.names[1..].join(", ")
        ),
        WarningCode::NotConverged => {
            format!("{} 모형이 수렴하지 않았습니다. 추정값과 구간을 믿을 수 없습니다.", name(0)?)
        }
        WarningCode::Saturated => format!(
            "{} 모형은 포화 모형입니다. 모수가 관측된 칸 수만큼 있어 적합을 확인할 여지가 없고, 추정값은 명단 {}개 모두에 걸친 상호작용이 없다는 검증할 수 없는 가정에 전적으로 기댑니다. 편향이 클 수 있습니다 (Rcapture도 같은 경고를 냅니다).",
            name(0)?,
            n(fig(0)?)
        ),
        WarningCode::PoorFit => format!(
            "{} 모형은 표에 맞지 않습니다 (이탈도 {:.1}, 자유도 {}, p = {:.2e}). 명단들이 모형이 담지 못하는 방식으로 서로 얽혀 있거나 기록이 잘못 연결되었습니다. 이 추정값에 기대지 마십시오.",
            name(0)?,
            fig(0)?,
            fig(1)?,
            fig(2)?
        ),
        WarningCode::LargeMultiple => format!(
            "추정값이 관측된 수의 {:.0}배입니다. 거의 전부가 어느 명단에도 닿지 않은 사람들로의 외삽이므로, 자료보다 모형의 가정에 훨씬 더 기댑니다.",
            fig(0)?
        ),
        WarningCode::SmallCell => format!(
            "추정값이 작은 칸 하나에 달려 있습니다. {} 명단에만 있는 사람이 {}명이고, 그 칸에 한 명이 더 있으면 기록되지 않은 수가 {:+.0}% 달라집니다.",
            w.names.iter().map(|l| format!("'{l}'")).collect::<Vec<_>>().join(", "),
            n(fig(0)?),
            fig(1)?
        ),
        WarningCode::NoProfile => "프로파일 우도를 계산할 수 없었습니다.".to_string(),
        WarningCode::Unbounded => "프로파일 우도가 충분히 떨어지지 않습니다. 구간에 상한이 없습니다.".to_string(),
        WarningCode::CloseModel => format!(
            "다음 모형 {}도 거의 같은 정도로 좋지만 (기준값 차이 2 이내) {}. 여기서는 모형 선택이 중요합니다. 모형들을 평균하는 dga나 LCMCR을 고려하십시오.",
            name(0)?,
            fig(0)
                .map_or_else(|| "유한한 추정값을 내지 않습니다".to_string(), |v| format!("{}명으로 추정합니다", n(v)))
        ),
        WarningCode::CriteriaDisagree => format!(
            "AIC와 BIC가 구간을 넘어 서로 다릅니다. AIC는 {} 모형을, BIC는 {} 모형을 고릅니다. 답이 모형을 고르는 방법에 달려 있으며, 어느 구간도 그 불확실성을 담지 않습니다. dga나 LCMCR을 고려하십시오.",
            name(0)?,
            name(1)?
        ),
        WarningCode::DeltaSensitive => format!(
            "dga의 답이 사전분포에 달려 있습니다. delta를 {}에서 {}까지 바꾸면 중앙값이 {}에서 {}까지 움직여 이번 구간을 벗어납니다. 여기서는 사전분포가 자료만큼 중요합니다.",
            fig(0)?,
            fig(1)?,
            n(fig(2)?),
            n(fig(3)?)
        ),
        WarningCode::DegeneratePosterior => {
            let at = n(fig(0)?);
            let cause =
                if fig(2)? > 0.5 { "사전분포 때문에" } else { "delta 비교의 모든 사전분포에서" };
            format!(
                "dga의 95% 구간에 폭이 없습니다 ({at}에서 {at}까지, delta {}). 사후분포가 {cause} 한 값으로 쏠렸으므로 추정값으로 내지 않습니다. 사전분포에 따라 답이 어떻게 움직이는지는 delta 비교를 보십시오.",
                fig(1)?
            )
        }
        WarningCode::PosteriorAtLimit => format!(
            "사후분포가 고려한 가장 큰 총수({})에도 아직 확률이 남아 있습니다. 고려할 최대 누락 수(--max-missing)를 늘리십시오.",
            n(fig(0)?)
        ),
        WarningCode::LowEffectiveSampleSize => format!(
            "유효 표본 크기가 {:.0}뿐입니다. 연쇄가 느리게 섞이므로, 구간에 기대기 전에 반복을 늘리십시오 (또는 더 솎아 내십시오).",
            fig(0)?
        ),
        WarningCode::ChainNotConverged => format!(
            "Geweke z가 {:.2}입니다. 초기와 후기 표본이 어긋나 연쇄가 수렴하지 않았을 수 있습니다. 버릴 초기 반복(--burn-in)을 늘리십시오.",
            fig(0)?
        ),
        WarningCode::NoOverlap => format!(
            "'{}' 명단과 '{}' 명단에 함께 있는 사람이 없습니다. 두 명단 추정에는 두 명단 모두에 있는 사람이 필요하므로 추정값은 없고, 총수가 최소 {}명이라는 것만 말할 수 있습니다.",
            name(0)?,
            name(1)?,
            n(fig(0)?)
        ),
        WarningCode::FewInCommon => format!(
            "'{}' 명단과 '{}' 명단에 함께 있는 사람이 {}명뿐입니다. 공통인 사람이 {}명보다 적으면 두 명단 추정은 크게 치우치고, 두 명단 모두에 있는 사람이 한 명만 늘거나 줄어도 크게 바뀝니다.",
            name(0)?,
            name(1)?,
            n(fig(0)?),
            n(fig(1)?)
        ),
        WarningCode::PairBelowObserved => format!(
            "'{}' 명단과 '{}' 명단만으로는 {}명이 나와, 모든 명단에 이미 기록된 {}명보다 적습니다. 표시된 값은 관측된 수입니다. 두 명단 모두에 있는 사람이 지나치게 많거나 (명단들이 서로 의존합니다), 다른 명단들이 이 두 명단이 함께 놓친 사람들에게 닿았습니다.",
            name(0)?,
            name(1)?,
            n(fig(0)?),
            n(fig(1)?)
        ),
        WarningCode::PairwiseOnly => {
            format!("명단 {}개: 쌍마다 다른 명단을 무시하고 따로 추정합니다. 어느 쌍도 답이 아닙니다.", n(fig(0)?))
        }
        WarningCode::PairsDisagree => format!(
            "쌍들의 추정이 구간을 넘어 서로 다릅니다 ({}에서 {}까지). 모든 두 명단 추정이 가정하는 명단 사이의 독립이 성립하지 않습니다.",
            n(fig(0)?),
            n(fig(1)?)
        ),
        WarningCode::MethodsDisagree => {
            if w.names.is_empty() || !w.names.len().is_multiple_of(2) {
                return None;
            }
            let pairs: Vec<String> = w
                .names
                .chunks(2)
                .map(|p| {
                    let a = method_ko(&p[0]);
                    format!("{a}{} {}", particle(a, "과", "와"), method_ko(&p[1]))
                })
                .collect();
            format!(
                "방법들의 답이 구간을 넘어 서로 다릅니다 ({}). 방법마다 가정이 다르며 (각 방법을 보십시오), 그 차이는 어떤 단일 구간에도 나타나지 않는 불확실성입니다. 각 방법의 값은 방법별 비교 표에 있습니다.",
                pairs.join("; ")
            )
        }
    })
}

/// What a method assumes, one sentence of the engine, in the user's language.
pub fn assumption(lang: Lang, a: Assumption) -> Markup {
    match lang {
        Lang::En => html! { (a.text()) },
        Lang::Ko => html! { (assumption_ko(a)) },
    }
}

fn assumption_ko(a: Assumption) -> &'static str {
    match a {
        Assumption::ClosedPopulation => "모집단이 닫혀 있습니다: 명단들 사이에 들어오거나 나가는 사람이 없습니다.",
        Assumption::MatchedWithoutError => "명단 사이의 기록 연결에 오류가 없습니다.",
        Assumption::ListsIndependent => {
            "두 명단은 서로 독립입니다: 한 명단에 있다고 다른 명단에 있을 확률이 달라지지 않습니다."
        }
        Assumption::EqualChance => "모든 사람이 각 명단에 오를 확률이 같습니다.",
        Assumption::DependenceInModelTerms => "명단 사이의 의존은 모형의 상호작용 항으로 모두 설명됩니다.",
        Assumption::NoHighestOrderInteraction => {
            "모든 명단에 한꺼번에 걸친 상호작용은 없습니다 (최고차 항을 0으로 가정하며, 이는 검증할 수 없습니다)."
        }
        Assumption::ModelChosenByCriterion => {
            "모형은 모든 계층 모형 가운데 기준에 따라 골랐습니다. 구간에는 모형 선택의 불확실성이 들어 있지 않습니다."
        }
        Assumption::LatentClasses => {
            "사람들은 잠재 계층으로 나뉘고, 한 계층 안에서는 명단들이 서로 독립으로 기록합니다 (사람마다 다른 기록될 가능성을 없다고 가정하지 않고 모형에 넣습니다)."
        }
        Assumption::StickBreakingPrior => {
            "계층에는 K에서 자른 막대 꺾기(디리클레 과정) 사전분포를, 총수 N에는 1/N에 비례하는 사전분포를 둡니다."
        }
        Assumption::MonteCarlo => "몬테카를로 결과입니다: 난수 시드가 다르면 값이 조금씩 다릅니다.",
        Assumption::DecomposableGraphs => {
            "명단 사이의 의존은 분해 가능한 그래프 모형 가운데 하나를 따르며, 사전에는 각 모형의 가능성이 같습니다."
        }
        Assumption::HyperDirichletPrior => {
            "칸마다 delta개의 사전 개수를 두는 초디리클레 사전분포입니다: 결과가 delta에 크게 달라질 수 있습니다."
        }
        Assumption::PriorOneOverN => "모집단 크기에는 1/N에 비례하는 사전분포를 둡니다.",
    }
}

/// Why a figure is missing, a bound, or uncertain beyond its interval, in the user's language.
pub fn why(lang: Lang, e: &Estimate) -> Option<Markup> {
    let text = e.why.as_deref()?;
    let korean = match (lang, e.why_code) {
        (Lang::Ko, Some(code)) => why_ko(e, code),
        _ => None,
    };
    Some(either(lang, text, korean))
}

/// The empty cells of a log-linear fit, as the "why" names them.
fn cells_ko(e: &Estimate) -> String {
    match e.fit.as_ref().map(|f| &f.cells_at_zero) {
        Some(cells) if !cells.is_empty() => {
            format!("빈 칸 {}개(명단 {}에만 있는 사람)", cells.len(), cells.join(", "))
        }
        _ => "빈 칸".to_string(),
    }
}

fn why_ko(e: &Estimate, code: WhyCode) -> Option<String> {
    let m = e.model.as_str();
    let low = || e.ci_low.map(n);
    let high = || e.ci_high.map(n);
    let warned = |code: WarningCode| e.warnings.iter().find(|w| w.code == code);
    Some(match code {
        WhyCode::NoOverlap => {
        let p = e.pairs.as_ref()?.first()?;
        format!(
            "'{}' 명단과 '{}' 명단 모두에 있는 사람이 없으므로 두 명단이 함께 놓친 사람이 몇 명인지 알 수 없습니다 (공식이 0으로 나누게 됩니다). 자료로는 총수가 최소 {}명(95%)이라는 것만 말할 수 있으며, 추정값도 상한도 없습니다. 명단을 다시 연결하거나, 두 명단 모두와 겹치는 명단을 더하십시오.",
            p.list_a,
            p.list_b,
            low()?
        )
        }
        WhyCode::Unbounded => {
        "우도가 추정값 위에서 충분히 떨어지지 않습니다: 구간에 상한이 없습니다.".to_string()
        }
        WhyCode::PairwiseOnly => {
        let figures: Vec<f64> = e.pairs.as_ref()?.iter().filter_map(|p| p.estimate).collect();
        let range = match (figures.iter().copied().reduce(f64::min), figures.iter().copied().reduce(f64::max)) {
            (Some(lo), Some(hi)) => format!(" ({}에서 {}까지)", n(lo), n(hi)),
            _ => String::new(),
        };
        format!(
            "Chapman 방법은 명단을 두 개씩 비교합니다. 명단이 {}개이면 쌍마다 다른 답을 내고{range}, 각 쌍은 다른 명단이 보여 주는 것을 무시하므로 하나의 값을 내지 않습니다. 모든 명단을 함께 쓰는 로그선형 모형, dga, LCMCR 방법을 쓰십시오.",
            e.lists.len()
        )
        }
        WhyCode::ModelUnbounded => {
        format!("{m} 모형의 우도가 추정값 위에서 충분히 떨어지지 않습니다: 자료가 총수의 상한을 정하지 못합니다.")
        }
        WhyCode::NoProfile => {
        "프로파일 우도를 계산할 수 없었습니다. 구간은 추정값 ± 1.96 표준오차이며, 관측된 수 아래로는 내려가지 않습니다."
            .to_string()
        }
        WhyCode::RunsToInfinity => {
        format!(
            "{m} 모형은 기록되지 않은 사람이 몇 명인지 정하지 못합니다: {} 때문에 적합이 무한한 총수 쪽으로 달아납니다. 자료로는 총수가 최소 {}명(95%)이라는 것만 말할 수 있으며, 상한은 없습니다.",
            cells_ko(e),
            low()?
        )
        }
        WhyCode::CollapsesOnObserved => {
        format!(
            "{} 때문에 {m} 모형의 적합이 관측된 수로 쏠립니다: 놓친 사람 수에 대해 아무것도 말해 주지 않는, 빈 칸이 만든 인공물입니다. 자료로는 총수가 최대 {}명(95%)이라는 것만 말할 수 있습니다.",
            cells_ko(e),
            high()?
        )
        }
        WhyCode::PoissonRunsOff => {
        format!(
            "{} 때문에 {m} 모형의 포아송 적합이 발산합니다. 값은 그 대신 프로파일 우도의 최댓값입니다.",
            cells_ko(e)
        )
        }
        WhyCode::NotFittable => {
        format!("{m} 모형은 이 표에 총수에 대해 무언가를 말하는 방식으로 적합될 수 없습니다.")
        }
        WhyCode::PosteriorAtLimit => {
        let limit = warned(WarningCode::PosteriorAtLimit)?.figures.first().copied()?;
        format!("사후분포가 고려한 가장 큰 총수({})에 닿습니다: 구간의 상한을 알 수 없습니다.", n(limit))
        }
        WhyCode::DegeneratePosterior => {
        let w = warned(WarningCode::DegeneratePosterior)?;
        let (at, delta) = (*w.figures.first()?, *w.figures.get(1)?);
        let what = if at <= e.observed as f64 {
            format!(
                "dga의 사후분포가 이미 기록된 {0}명으로 쏠렸습니다: 95% 구간이 {0}에서 {0}까지로, 아무도 놓치지 않았다는 뜻이 됩니다",
                n(at)
            )
        } else {
            format!("dga의 사후분포가 하나의 총수 {}로 쏠렸습니다: 95% 구간에 폭이 없습니다", n(at))
        };
        let widest = e
            .dga_sweep
            .as_ref()
            .and_then(|s| s.iter().filter(|r| !r.collapsed).max_by(|a, b| a.ci_high.total_cmp(&b.ci_high)));
        let others = widest.map_or_else(String::new, |r| {
            format!("; 사전분포가 delta {}이면 구간이 {}까지 이릅니다 (delta 비교 참조)", r.delta, n(r.ci_high))
        });
        format!(
            "{what}. 이는 발견이 아닙니다: 칸마다 delta {delta}개의 사전 개수로는 이런 표에서 다른 총수에 남는 가중치가 거의 없습니다{others}. 추정값을 내지 않습니다: delta 비교나 다른 방법을 그 폭과 함께 보고하십시오."
        )
        }
    })
}

/// Why the headline is the method it is (all methods side by side).
pub fn default_reason(lang: Lang, e: &Estimate) -> Option<Markup> {
    let text = e.default_reason.as_deref()?;
    let korean = e.default_reason_code.map(|code| default_reason_ko(e, code));
    Some(either(lang, text, korean))
}

fn default_reason_ko(e: &Estimate, code: DefaultReasonCode) -> String {
    const LCMCR: &str = "대표 결과는 잠재 계층 모형인 LCMCR입니다: 사람마다 기록될 가능성이 다를 수 있음을 허용하는데 (어떤 피해자는 다른 피해자보다 훨씬 잘 드러납니다), 이 차이가 인권 자료에서 로그선형 추정과 두 명단 추정이 빗나가는 가장 흔한 이유입니다. 로그선형 탐색과 dga를 옆에 보여 줍니다. 서로 다르면 그 차이는 어떤 단일 구간에도 들어 있지 않은 모형 선택의 불확실성입니다.";
    match code {
        DefaultReasonCode::LcmcrHeadline => LCMCR.to_string(),
        DefaultReasonCode::LcmcrHeadlineWithoutDga => format!(
            "{LCMCR} dga는 빠졌습니다: dga는 명단 3~5개에 대해 분해 가능한 그래프를 평균하는데, 이 표의 명단은 {}개입니다.",
            e.lists.len()
        ),
        DefaultReasonCode::TwoListsOnly => "명단이 둘이면 두 명단 (Chapman) 추정만 할 수 있습니다: 잠재 계층 모형과 로그선형 모형에는 명단이 세 개 이상 필요합니다.".to_string(),
    }
}

/// The model behind a figure: a log-linear model's generators (`[12,3]`) as they are, the
/// engine's descriptions of the others in the user's language.
pub fn model(lang: Lang, e: &Estimate) -> Markup {
    let text = e.model.as_str();
    let korean = match e.method {
        EstimateMethod::Dga => {
            e.dga.as_ref().map(|d| format!("분해 가능 그래프 {}개의 평균 (delta {})", d.graphs, d.delta))
        }
        EstimateMethod::Lcmcr => text.strip_prefix("latent classes ").map(|rest| format!("잠재 계층 {rest}")),
        EstimateMethod::Chapman if text.starts_with("Chapman, each of ") => {
            e.pairs.as_ref().map(|p| format!("Chapman, 명단 쌍 {}개 각각", p.len()))
        }
        _ => Some(text.to_string()),
    };
    either(lang, text, korean)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every warning code, with the names and figures its message would carry, has a Korean
    /// sentence holding those names and figures; without them it falls back to the English.
    #[test]
    fn every_warning_code_is_said_in_korean_with_its_names_and_figures() {
        use WarningCode::*;
        let cases: Vec<(WarningCode, Vec<&str>, Vec<f64>, &str)> = vec![
            (EmptyList, vec!["L1"], vec![], "'L1' 명단"),
            (IsolatedList, vec!["L2"], vec![], "'L2' 명단은"),
            (SmallList, vec!["L3"], vec![7.0], "7명뿐"),
            (SubsetList, vec!["L1", "L2"], vec![1234.0, 1.0], "똑같은 1,234명"),
            (SubsetList, vec!["L1", "L2"], vec![12.0, 0.0], "모든 사람(12명)"),
            (EmptyCells, vec![], vec![4.0, 7.0], "유형 7개 가운데 4개"),
            (Stepwise, vec![], vec![9.0], "명단이 9개"),
            (Boundary, vec!["[12,3]", "1,2", "2,3"], vec![], "명단 1,2, 2,3"),
            (Diverges, vec!["[12,3]", "1,2"], vec![], "[12,3] 모형의 적합은 발산"),
            (NotConverged, vec!["[1,2,3]"], vec![], "[1,2,3] 모형이 수렴하지"),
            (Saturated, vec!["[12,13,23]"], vec![3.0], "명단 3개 모두"),
            (PoorFit, vec!["[1,2,3]"], vec![25.04, 3.0, 0.00002], "이탈도 25.0, 자유도 3, p = 2.00e-5"),
            (LargeMultiple, vec![], vec![7.4], "7배"),
            (SmallCell, vec!["L1", "L3"], vec![2.0, 31.0], "'L1', 'L3' 명단에만 있는 사람이 2명"),
            (NoProfile, vec![], vec![], "프로파일"),
            (Unbounded, vec![], vec![], "상한이 없습니다"),
            (CloseModel, vec!["[12,3]"], vec![1500.0], "1,500명으로 추정"),
            (CloseModel, vec!["[12,3]"], vec![], "유한한 추정값을 내지 않습니다"),
            (CriteriaDisagree, vec!["[12,3]", "[1,2,3]"], vec![], "AIC는 [12,3] 모형을, BIC는 [1,2,3] 모형을"),
            (
                DeltaSensitive,
                vec![],
                vec![0.01, 1.0, 120.0, 4500.0],
                "0.01에서 1까지 바꾸면 중앙값이 120에서 4,500까지",
            ),
            (DegeneratePosterior, vec![], vec![90.0, 0.125, 1.0], "90에서 90까지, delta 0.125"),
            (PosteriorAtLimit, vec![], vec![10090.0], "(10,090)"),
            (LowEffectiveSampleSize, vec![], vec![150.4], "150뿐"),
            (ChainNotConverged, vec![], vec![-2.51], "-2.51입니다"),
            (NoOverlap, vec!["a", "b"], vec![1371.0], "최소 1,371명"),
            (FewInCommon, vec!["a", "b"], vec![3.0, 7.0], "3명뿐입니다. 공통인 사람이 7명보다"),
            (PairBelowObserved, vec!["a", "b"], vec![80.0, 90.0], "80명이 나와, 모든 명단에 이미 기록된 90명"),
            (PairwiseOnly, vec![], vec![3.0], "명단 3개"),
            (PairsDisagree, vec![], vec![100.0, 900.0], "100에서 900까지"),
            (MethodsDisagree, vec!["loglinear", "lcmcr"], vec![], "로그선형 모형과 베이즈 잠재 계층 (LCMCR)"),
        ];
        for (code, names, figures, expect) in cases {
            let w = Warning::new(code, "English").names(&names).figures(figures);
            let ko = warning(Lang::Ko, &w).into_string();
            assert!(ko.contains(expect), "{code:?}: {ko}");
            assert!(!ko.contains("English"), "{code:?}: {ko}");
            assert_eq!(warning(Lang::En, &w).into_string(), "English");
        }
        // Without the figures the message quotes, the English is shown, marked as English.
        let bare = warning(Lang::Ko, &Warning::new(SmallList, "list 'L3' has only 7 individuals"));
        assert_eq!(bare.into_string(), "<span lang=\"en\">list 'L3' has only 7 individuals</span>");
    }

    /// Every assumption, "why" and default-reason code has its Korean: the matches above are
    /// exhaustive (a new code does not compile without one), and this walks every code through
    /// the page's functions on a real estimate given the fields each "why" quotes.
    #[test]
    fn every_assumption_why_and_default_reason_code_is_said_in_korean() {
        use attest_app::lists::{EstimateInput, estimate_table};
        let input = EstimateInput {
            name: "table".into(),
            table: zeroize::Zeroizing::new("L1,L2,count\n1,0,30\n0,1,20\n1,1,6\n".into()),
            method: EstimateMethod::Chapman,
        };
        let mut e = estimate_table(&input).unwrap();
        let english = |m: &Markup| m.clone().into_string().contains("lang=\"en\"");
        for &a in Assumption::ALL {
            let ko = assumption(Lang::Ko, a).into_string();
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{a:?}: {ko}");
            assert_eq!(assumption(Lang::En, a).into_string(), maud::html! { (a.text()) }.into_string());
        }
        e.warnings.push(Warning::new(WarningCode::PosteriorAtLimit, "limit").figures([10090.0]));
        e.warnings.push(Warning::new(WarningCode::DegeneratePosterior, "collapsed").figures([90.0, 0.125, 1.0]));
        for &code in WhyCode::ALL {
            e.why = Some(format!("English why for {code:?}"));
            e.why_code = Some(code);
            let ko = why(Lang::Ko, &e).unwrap();
            assert!(!english(&ko), "{code:?}: {}", ko.into_string());
            assert_eq!(why(Lang::En, &e).unwrap().into_string(), format!("English why for {code:?}"));
        }
        // A "why" without a code stays English, marked as such.
        e.why_code = None;
        assert!(english(&why(Lang::Ko, &e).unwrap()));
        for &code in DefaultReasonCode::ALL {
            e.default_reason = Some("English reason".into());
            e.default_reason_code = Some(code);
            let ko = default_reason(Lang::Ko, &e).unwrap();
            assert!(!english(&ko) && ko.clone().into_string().contains("명단"), "{code:?}: {}", ko.into_string());
        }
    }

    /// An unbounded figure in a Korean sentence is the page's own "no upper limit".
    #[test]
    fn an_unbounded_figure_is_said_as_the_pages_no_upper_limit() {
        assert_eq!(n(f64::INFINITY), Lang::Ko.t("no_upper_limit"));
        // `t` answers a missing key with the key itself: the page must say the words.
        assert_eq!(n(f64::INFINITY), "상한 없음");
        assert_eq!(n(1234.0), "1,234");
    }
}
