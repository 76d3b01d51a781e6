//! The corroboration report's sentences in the user's language. The engine keeps each finding
//! as facts ([`Finding`]) and writes the report's English itself (the CLI prints it, the JSON
//! carries it, docs/METHOD.md quotes it); the Korean is written here, from the same facts,
//! because it needs the workspace's own Korean vocabulary (act names, dates as people say them,
//! status words) that the pure engine does not hold. In English every function returns the
//! engine's sentence unchanged, so the page and `attest corroboration --json` stay word for word
//! the same. Hand-written: no library writes Korean legal prose from structured facts, and the
//! particles (은/는, 이/가, 과/와) follow the last syllable of each inserted word
//! ([`crate::i18n::particle`]).

use attest_app::corroboration::{
    Condition, Details, EventReason, Finding, GradeWarning, Grounds, IndependentPair, LineCounts, Note,
    PatternCoverage, ReviewItem, Status, Unassessed, year_ranges,
};

use super::words;
use crate::i18n::{Lang, particle};

/// A status as a quoted word inside a sentence.
fn status_word(s: Status) -> &'static str {
    match s {
        Status::Corroborated => "확인됨",
        Status::SingleSource => "단일 출처",
        Status::Contested => "상충",
        Status::Unconfirmed => "미확인",
    }
}

/// A field of a claim, as the details sentence names it.
fn field_word(field: &str) -> &str {
    match field {
        "count" => "인원·수",
        "date" => "시기",
        "place" => "장소",
        "act" => "행위",
        other => other,
    }
}

/// A value of a disputed field, said as people say it (a date in words).
fn value_words(field: &str, value: &str) -> String {
    if field == "date" { words::when(Lang::Ko, value) } else { value.to_string() }
}

/// A claim field's name in the user's language.
pub fn field_label(lang: Lang, field: &str) -> &str {
    if lang == Lang::En { field } else { field_word(field) }
}

/// A field's value in the user's language (a date in words).
pub fn value_label(lang: Lang, field: &str, value: &str) -> String {
    if lang == Lang::En { value.to_string() } else { value_words(field, value) }
}

/// How two values agree (`tolerated`, `varied`, `disputed`, `not-compared`).
pub fn agreement_label(lang: Lang, agreement: &str) -> &str {
    match (lang, agreement) {
        (Lang::En, a) => a,
        (_, "tolerated") => "허용 범위",
        (_, "varied") => "차이 있음",
        (_, "disputed") => "다툼 있음",
        (_, "not-compared") => "비교 안 함",
        (_, a) => a,
    }
}

/// What a line's basis of knowledge is called.
pub fn basis_word(lang: Lang, basis: &str) -> &str {
    if lang == Lang::En {
        return basis;
    }
    match basis {
        "first-hand" => "직접 경험",
        "first-hand-assumed" => "직접 경험 (기록 없어 증언으로 간주)",
        "hearsay-named" => "이름이 밝혀진 사람에게서 들은 전언",
        "hearsay-unknown" => "알 수 없는 사람들에게서 들은 전언",
        "documentary" => "문서",
        other => other,
    }
}

/// The sentence of an event's or claim's finding.
pub fn finding(lang: Lang, english: &str, f: Option<&Finding>) -> String {
    match (lang, f) {
        (Lang::Ko, Some(f)) => korean(f),
        _ => english.to_string(),
    }
}

/// A condition under which a finding would change.
pub fn condition(lang: Lang, english: &str, c: &Condition) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let person = c.kind == "identity-match";
    let pair = format!("두 기록({}, {})", c.a, c.b);
    let kind = review_kind(&c.kind);
    if c.joined {
        let shown = if person { "서로 다른 사람으로" } else { "서로 독립된 것으로" };
        format!(
            "{pair}이 {shown} 밝혀지면 ‘{}’, 하나의 경로로 보는 동안에는 ‘{}’입니다 ({kind})",
            status_word(c.alternative),
            status_word(c.now)
        )
    } else {
        let one = if person { "같은 사람" } else { "하나의 경로" };
        format!(
            "{pair}이 {one}{} 아닌 한 ‘{}’, {one}{} 밝혀지면 ‘{}’입니다 ({kind})",
            particle(one, "이", "가"),
            status_word(c.now),
            particle(one, "으로", "로"),
            status_word(c.alternative)
        )
    }
}

/// The Korean sentence of a finding.
fn korean(f: &Finding) -> String {
    let mut s = match &f.grounds {
        Grounds::Lines(c) => lines_korean(f.status, c),
        Grounds::Pattern(p) => pattern_korean(f.status, p),
    };
    if let Some(event) = &f.within_pattern_of {
        s = format!("지속 상황 {event} 안에서 본 판단: {s}");
    }
    if !f.possibly_same_as.is_empty() {
        s.push_str(&format!(
            " 다음 사건과 같은 사건일 수 있어 표시해 두었습니다: {} (‘같은 사건일 가능성’ 목록 참고).",
            f.possibly_same_as.join(", ")
        ));
    }
    for c in &f.conditions {
        s.push_str(&format!(" 조건: {}.", condition(Lang::Ko, "", c)));
    }
    s
}

const ESTABLISHED: &str = "믿을 만한 합리적 근거가 있습니다.";
const NOT_ESTABLISHED: &str = "합리적 근거 기준에 이르지 못했습니다.";
const DISPUTED: &str = "다툼이 있습니다.";

/// How the details agree, as a sentence.
fn details_korean(c: &LineCounts) -> String {
    match c.details {
        Details::Consistent => "세부 사항은 서로 일치합니다.".into(),
        Details::Varied => {
            let fields: Vec<&str> = c.varied.iter().map(|f| field_word(f)).collect();
            format!("세부 사항 가운데 {}에 차이가 있습니다.", fields.join(", "))
        }
        Details::Disputed => {
            let values: Vec<String> = c
                .disputed
                .iter()
                .map(|d| {
                    format!(
                        "{}: {} 대 {}",
                        field_word(&d.field),
                        value_words(&d.field, &d.value_a),
                        value_words(&d.field, &d.value_b)
                    )
                })
                .collect();
            format!("세부 사항에 다툼이 있습니다({}).", values.join("; "))
        }
    }
}

fn lines_korean(status: Status, t: &LineCounts) -> String {
    let level = &t.level;
    let mut s = match status {
        Status::Corroborated => format!(
            "{ESTABLISHED} 독립 경로 {}개 가운데 직접 경험이 {}개, {level} 이상 등급이 {}개입니다. {}",
            t.lines,
            t.first_hand,
            t.reliable,
            details_korean(t)
        ),
        Status::SingleSource => {
            let only = t.single_line.as_ref().map_or_else(String::new, |l| {
                format!("({}{})", l.sources.join(" + "), l.grade.as_deref().map_or(String::new(), |g| format!(", {g}")))
            });
            format!("{NOT_ESTABLISHED} 증거 경로가 하나뿐입니다{only}. 신뢰할 수 있는 독립 경로가 하나 더 필요합니다.")
        }
        Status::Unconfirmed => {
            let mut why = vec![format!("{NOT_ESTABLISHED} 독립 경로는 {}개입니다.", t.lines)];
            if t.reliable < t.min_lines.max(1) {
                why.push(if t.reliable == 0 {
                    format!("그러나 {level} 이상 등급인 경로가 없습니다.")
                } else {
                    format!("그러나 {level} 이상 등급은 {}개뿐입니다.", t.reliable)
                });
            }
            if t.not_assessed > 0 {
                why.push(format!("{}개는 사건 정책에 따라 평가 불가(F 또는 6)로 봅니다.", t.not_assessed));
            }
            if t.hearsay_from_unknown > 0 {
                why.push(
                    "알 수 없는 사람들에게서 들은 전언은 뒷받침할 수는 있어도 두 번째 경로가 될 수는 없습니다.".into(),
                );
            }
            if t.reliable_first_hand == 0 {
                why.push("신뢰할 수 있는 경로 가운데 직접 경험은 없습니다.".into());
            }
            why.push(details_korean(t));
            why.join(" ")
        }
        Status::Contested => format!(
            "{DISPUTED} 독립 경로들이 발생 여부를 두고 엇갈립니다(부인 {}개, 인정 {}개).",
            t.denying, t.affirming
        ),
    };
    if status == Status::Corroborated && !t.assumed_first_hand.is_empty() {
        s.push_str(&format!(
            " {}의 아는 방식이 기록되지 않아, 증언이므로 직접 경험으로 간주했습니다.",
            t.assumed_first_hand.join(", ")
        ));
    }
    s
}

fn pattern_korean(status: Status, p: &PatternCoverage) -> String {
    let head = match status {
        Status::Corroborated => ESTABLISHED,
        Status::Contested => DISPUTED,
        _ => NOT_ESTABLISHED,
    };
    let acts: Vec<&str> = p.acts.iter().map(|a| Lang::Ko.term("act", a)).collect();
    let acts = acts.join("/");
    let place = p.place.as_deref().unwrap_or("장소 미상");
    let period = if p.first_year == p.last_year {
        format!("{}년 동안의", p.first_year)
    } else {
        format!("{}–{}년에 걸친", p.first_year, p.last_year)
    };
    let years = if p.years.is_empty() {
        format!("신뢰할 수 있는 독립 경로 {}개 이상이 뒷받침하는 해는 없습니다.", p.min_lines)
    } else {
        format!("신뢰할 수 있는 독립 경로 {}개 이상이 뒷받침하는 해: {}년.", p.min_lines, year_ranges(&p.years))
    };
    format!(
        "{head} {place}에서의 {acts}{} {period} 지속 상황으로, 기간별로 판단합니다. 독립 경로 {}개(직접 경험 {}개). {years}",
        particle(&acts, "은", "는"),
        p.lines,
        p.first_hand,
    )
}

/// Why two lines count as independent.
pub fn independence(lang: Lang, english: &str, pair: &IndependentPair) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let why = if pair.testimonies {
        "서로 다른 증인이며, 공통 정보원·인용·파생·신원 일치가 기록되지 않았습니다"
    } else {
        "출처 분석에서 파생이 발견되지 않았고 선언된 것도 없으며, 인용이나 공통 정보원이 기록되지 않았습니다"
    };
    // Ids are read letter by letter, so a particle right after one would be wrong half the
    // time: the pair is named by a Korean noun that carries the particle.
    let mut s = format!("두 경로({} / {})를 독립된 것으로 셉니다: {why}", pair.a.join("+"), pair.b.join("+"));
    let notes: Vec<String> = pair
        .flagged
        .iter()
        .map(|k| match k.as_str() {
            "independent" => "분석가가 독립적이라고 결정함".to_string(),
            "same-person" => "반대 증거가 있는 신원 일치를 검토 중".to_string(),
            other => format!("{} 검토 대상으로 표시됨", review_kind(other)),
        })
        .collect();
    if !notes.is_empty() {
        s.push_str(&format!(" ({})", notes.join("; ")));
    }
    s
}

/// Why two events were kept apart, or may be one.
pub fn event_reason(lang: Lang, english: &str, why: &EventReason) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    match why {
        EventReason::Split { a, b } => format!("분석가가 두 주장({a}, {b})을 별개의 사건으로 나누었습니다"),
        EventReason::DifferentPlaces { a, a_key, b, b_key } => {
            format!("서로 다른 장소로 판단함: {a}({a_key}), {b}({b_key})")
        }
        EventReason::TooFarApart { place, days, gap_days } => {
            format!("같은 장소({place})이지만 {days}일 떨어져 있어, 한 사건으로 보는 간격 {gap_days}일을 넘습니다")
        }
        EventReason::SameOnceVictim { name } => format!("한 사람이 한 번만 겪을 수 있는 행위의 같은 피해자: {name}"),
        EventReason::SameVictim { name } => format!("같은 피해자: {name}"),
        EventReason::SamePerpetrator { name } => format!("같은 가해자({name}), 같은 행위 유형과 시기"),
        EventReason::PlaceSlip { a, b, similarity } => {
            format!("한 글자 차이인 장소 이름: {a}, {b}(유사도 {similarity}), 같은 행위 유형과 시기")
        }
        EventReason::Ambiguous { claim, place, no_date, fits, fits_place } => {
            let other = fits_place.as_deref().unwrap_or("-");
            let why = match place {
                None => format!("{claim}에는 장소가 없습니다"),
                Some(p) if *no_date => format!("{claim}에는 시기가 없습니다(장소 {p})"),
                Some(p) => format!(
                    "{claim}의 장소 {p}{} {other}{} 포함합니다",
                    particle(p, "은", "는"),
                    particle(other, "을", "를")
                ),
            };
            format!("{why}. {fits}에도 맞습니다({})", fits_place.as_deref().unwrap_or("장소 없음"))
        }
    }
}

/// A warning about an input grade the engine changed.
pub fn warning(lang: Lang, english: &str, w: &GradeWarning) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let what = if w.of == "claim" { "주장" } else { "자료" };
    if w.information == 1 {
        format!(
            "{what} {}: 정보 등급 1(다른 출처로 확인됨)은 교차 확인의 결론이라 입력으로 쓸 수 없어, 평가 불가(6)로 \
             바꾸어 다루었습니다. 정보는 그 자체로 평가해 주십시오.",
            w.id
        )
    } else {
        let n = w.information.to_string();
        format!("{what} {}: 정보 등급 {n}{} 1~6 범위 밖이라 자료의 등급을 썼습니다.", w.id, particle(&n, "은", "는"))
    }
}

/// A note about the run.
pub fn note(lang: Lang, english: &str, n: &Note) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    match n {
        Note::DecisionIgnored { decision, a, b } => {
            let what = if decision == "Merge" { "병합" } else { "분리" };
            format!("{a}, {b}에 대한 {what} 결정은 이 사건의 서로 다른 두 주장이 아니어서 무시했습니다")
        }
        Note::MergeRefused { a, b } => {
            format!("{a}, {b}의 병합은 분석가가 나눈 주장들을 다시 합치게 되어 거부했습니다")
        }
        Note::AmbiguousClaim { claim, missing, fits, act } => {
            let missing = match *missing {
                "place" => "장소",
                "date" => "시기",
                _ => "정확한 장소",
            };
            format!(
                "{claim}에는 {missing}{} 없어 {} 사건 {fits}건에 들어맞습니다. 따로 두었으니 맞는 사건과 병합해 주십시오",
                particle(missing, "이", "가"),
                Lang::Ko.term("act", act)
            )
        }
        Note::DetailsComparedInPart { event, compared, of } => {
            format!("{event}: 주장 {of}건 가운데 처음 {compared}건만 세부 사항을 비교했습니다")
        }
        Note::NearDuplicatesSkipped { events } => {
            format!("한 행위 유형의 사건이 {events}건이어서 같은 사건일 가능성 검사를 건너뛰었습니다")
        }
    }
}

/// A review item's kind in words.
pub fn review_kind(kind: &str) -> &str {
    match kind {
        "possibly-derived" => "파생 가능성",
        "shared-interviewer" => "같은 면담자",
        "identity-match" => "신원 일치 가능성",
        "identical-wording" => "같은 문구",
        "same-person" => "같은 사람",
        "shared-informant" => "공통 정보원",
        "derived-text" => "파생 문서",
        "cites" => "인용",
        "independent" => "독립",
        other => other,
    }
}

/// A review item's sentence.
pub fn review(lang: Lang, item: &ReviewItem) -> String {
    if lang == Lang::En {
        return item.sentence.clone();
    }
    let pair = format!("두 기록({}, {})", item.a, item.b);
    let until = match item.effect {
        "decided" => "분석가가 이미 결정했습니다.",
        "joined" => "분석가가 결정할 때까지 하나의 경로로 봅니다.",
        _ => "분석가가 결정할 때까지 별개의 경로로 둡니다.",
    };
    match item.kind {
        "possibly-derived" => {
            format!("{} 기록은 {} 기록에서 파생되었을 수 있습니다(파생 가능성: 결정 필요). {until}", item.b, item.a)
        }
        "shared-interviewer" => {
            format!("{pair}은 같은 면담자가 받았습니다. 공통 출처가 아니라 검토할 오염 위험입니다. {until}")
        }
        "identity-match" if item.effect == "apart" => {
            format!("{pair}은 같은 사람일 수 있으나, 비교에 반대 증거가 있습니다. {until}")
        }
        "identity-match" => format!("{pair}은 같은 사람일 수 있습니다. {until}"),
        "identical-wording" => format!(
            "서로 다른 증인의 두 증언({}, {})이 같은 문구를 씁니다. 유도, 서식 또는 오염을 뜻할 수 있는 무결성 \
             경고입니다. {until}",
            item.a, item.b
        ),
        _ => item.sentence.clone(),
    }
}

/// The case's policy for Admiralty F and 6.
pub fn policy(lang: Lang, english: &str, unassessed: Unassessed, level: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let head = "Admiralty 등급 F(출처의 신뢰성을 판단할 수 없음)와 6(내용의 진위를 판단할 수 없음)은 E나 5보다 \
                나쁜 등급이 아니라 ‘평가 불가’로 읽습니다. 정보 등급 1(다른 출처로 확인됨)은 교차 확인의 결론이므로 \
                입력으로 받지 않고, 경고와 함께 6으로 바꿉니다.";
    match unassessed {
        Unassessed::NotReliable => format!(
            "{head} 사건 정책: 출발점의 등급이 평가 불가(F 또는 6)인 경로는 신뢰 가능으로 세지 않습니다(두 요소 모두 \
             {level} 이상이어야 합니다)."
        ),
        Unassessed::AssumeMinimum => format!(
            "{head} 사건 정책: 다른 요소가 평가되어 최소 기준 {level}{} 충족하면, 평가 불가 요소(F 또는 6)도 그 기준을 \
             충족한 것으로 봅니다. F6은 어떤 경우에도 세지 않습니다.",
            particle(level, "을", "를")
        ),
    }
}

/// Whether sealed identities were compared, and what follows.
pub fn identity(lang: Lang, english: &str, compared: bool) -> String {
    match (lang, compared) {
        (Lang::En, _) => english.to_string(),
        (Lang::Ko, true) => "비교함: 봉인된 신원이 일치하는 증인은 검토 목록에 올렸습니다.".into(),
        (Lang::Ko, false) => "비교하지 못함: 이 화면에서는 봉인된 신원을 비교하지 않았으므로, 한 사람이 두 가명으로 \
                              증언했다면 독립 경로 두 개로 세어질 수 있습니다."
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition_of(kind: &str, joined: bool) -> Condition {
        Condition {
            now: Status::Corroborated,
            alternative: Status::SingleSource,
            a: "src_a".into(),
            b: "src_b".into(),
            kind: kind.into(),
            joined,
        }
    }

    #[test]
    fn conditions_and_review_items_read_as_korean_and_english_stays_the_engines() {
        let c = condition_of("shared-interviewer", false);
        assert_eq!(condition(Lang::En, &c.english(), &c), c.english());
        assert_eq!(
            condition(Lang::Ko, &c.english(), &c),
            "두 기록(src_a, src_b)이 하나의 경로가 아닌 한 ‘확인됨’, 하나의 경로로 밝혀지면 ‘단일 출처’입니다 (같은 면담자)"
        );
        let c = condition_of("identity-match", false);
        assert!(condition(Lang::Ko, "", &c).contains("같은 사람이 아닌 한 ‘확인됨’, 같은 사람으로 밝혀지면"));
        let c = Condition {
            now: Status::SingleSource,
            alternative: Status::Corroborated,
            ..condition_of("possibly-derived", true)
        };
        assert_eq!(
            condition(Lang::Ko, "", &c),
            "두 기록(src_a, src_b)이 서로 독립된 것으로 밝혀지면 ‘확인됨’, 하나의 경로로 보는 동안에는 ‘단일 출처’입니다 (파생 가능성)"
        );
        let item = ReviewItem {
            kind: "shared-interviewer",
            a: "src_a".into(),
            b: "src_b".into(),
            origin: "declared",
            detail: None,
            counter_evidence: Vec::new(),
            effect: "apart",
            sentence: "src_a and src_b were taken by the same interviewer".into(),
        };
        assert_eq!(review(Lang::En, &item), item.sentence);
        let ko = review(Lang::Ko, &item);
        assert!(
            ko.starts_with("두 기록(src_a, src_b)은 같은 면담자가 받았습니다.")
                && ko.ends_with("별개의 경로로 둡니다."),
            "{ko}"
        );
        let derived = ReviewItem { kind: "possibly-derived", effect: "joined", ..item };
        assert!(review(Lang::Ko, &derived).starts_with("src_b 기록은 src_a 기록에서 파생되었을 수 있습니다"));
    }

    #[test]
    fn notes_in_korean_count_events_and_claims_with_geon() {
        let n = Note::AmbiguousClaim { claim: "clm_3".into(), missing: "date", fits: 2, act: "execution".into() };
        assert_eq!(note(Lang::En, &n.english(), &n), n.english());
        assert_eq!(
            note(Lang::Ko, "", &n),
            "clm_3에는 시기가 없어 처형 사건 2건에 들어맞습니다. 따로 두었으니 맞는 사건과 병합해 주십시오"
        );
        let n = Note::AmbiguousClaim { claim: "clm_3".into(), missing: "place", fits: 3, act: "execution".into() };
        assert!(note(Lang::Ko, "", &n).starts_with("clm_3에는 장소가 없어"));
    }

    #[test]
    fn grade_warnings_in_korean() {
        let w = GradeWarning { of: "source", id: "src_1".into(), information: 1 };
        assert_eq!(warning(Lang::En, &w.english(), &w), w.english());
        assert!(warning(Lang::Ko, "", &w).starts_with("자료 src_1: 정보 등급 1(다른 출처로 확인됨)은"));
        let w = GradeWarning { of: "claim", id: "clm_1".into(), information: 9 };
        assert_eq!(warning(Lang::Ko, "", &w), "주장 clm_1: 정보 등급 9는 1~6 범위 밖이라 자료의 등급을 썼습니다.");
    }

    #[test]
    fn why_events_are_apart_or_may_be_one_in_korean() {
        let why = EventReason::Ambiguous {
            claim: "clm_3".into(),
            place: Some("Soktam county".into()),
            no_date: false,
            fits: "event-2".into(),
            fits_place: Some("Camp 9".into()),
        };
        assert_eq!(event_reason(Lang::En, &why.english(), &why), why.english());
        assert_eq!(
            event_reason(Lang::Ko, &why.english(), &why),
            "clm_3의 장소 Soktam county는 Camp 9를 포함합니다. event-2에도 맞습니다(Camp 9)"
        );
        let apart = EventReason::TooFarApart { place: "아오지".into(), days: 732, gap_days: 183 };
        assert_eq!(
            event_reason(Lang::Ko, "", &apart),
            "같은 장소(아오지)이지만 732일 떨어져 있어, 한 사건으로 보는 간격 183일을 넘습니다"
        );
    }

    #[test]
    fn a_corroborated_finding_with_disputed_details_in_korean() {
        let counts = LineCounts {
            lines: 3,
            first_hand: 1,
            reliable: 2,
            reliable_first_hand: 1,
            denying: 0,
            affirming: 3,
            not_assessed: 1,
            hearsay_from_unknown: 0,
            level: "C3".into(),
            min_lines: 2,
            details: Details::Disputed,
            varied: Vec::new(),
            disputed: vec![attest_app::corroboration::DisputedValue {
                field: "date".into(),
                value_a: "1997~".into(),
                value_b: "2003".into(),
            }],
            single_line: None,
            assumed_first_hand: Vec::new(),
        };
        let f = Finding {
            status: Status::Corroborated,
            within_pattern_of: None,
            grounds: Grounds::Lines(counts.clone()),
            possibly_same_as: vec!["event-4".into()],
            conditions: Vec::new(),
        };
        assert_eq!(
            finding(Lang::Ko, &f.english(), Some(&f)),
            "믿을 만한 합리적 근거가 있습니다. 독립 경로 3개 가운데 직접 경험이 1개, C3 이상 등급이 2개입니다. \
             세부 사항에 다툼이 있습니다(시기: 1997년경 대 2003년). 다음 사건과 같은 사건일 수 있어 표시해 \
             두었습니다: event-4 (‘같은 사건일 가능성’ 목록 참고)."
        );
        assert!(finding(Lang::En, &f.english(), Some(&f)).starts_with("Reasonable grounds to believe: three"));
        let unconfirmed = Finding {
            status: Status::Unconfirmed,
            grounds: Grounds::Lines(LineCounts {
                reliable: 0,
                reliable_first_hand: 0,
                details: Details::Consistent,
                ..counts
            }),
            possibly_same_as: Vec::new(),
            ..f
        };
        let ko = finding(Lang::Ko, "", Some(&unconfirmed));
        assert!(ko.contains("그러나 C3 이상 등급인 경로가 없습니다.") && ko.contains("1개는 사건 정책에 따라"), "{ko}");
    }
}
