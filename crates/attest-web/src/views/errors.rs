//! The detail of a refused request in the user's language. The application layer gives each
//! common problem a kind ([`Problem`]: an unreadable date, an empty required field, a value too
//! long, a grade out of range, a record not found) beside its English message; in Korean the
//! page explains the kind with the field's Korean label, and only a rare problem (kind
//! `Other`) is shown with the English message (marked `lang="en"`). In English the message
//! itself is shown: it already names the field in the words the CLI uses.

use attest_app::Problem;

use crate::error::WebError;
use crate::i18n::{Lang, particle};

/// Fields an error can name, each with the key of its label.
const LABELS: &[(&str, &str)] = &[
    ("passage", "passage"),
    ("act", "act"),
    ("place", "place"),
    ("when", "when"),
    ("count", "count"),
    ("victim", "victim"),
    ("perpetrator", "perpetrator"),
    ("witness", "witness"),
    ("text", "text"),
    ("language", "language"),
    ("interviewed", "interviewed"),
    ("interviewer", "interviewer"),
    ("reliability", "reliability"),
    ("password", "password"),
    ("name", "name"),
    ("title", "err_field_title"),
    ("q", "err_field_q"),
    ("information", "err_field_information"),
    ("reason", "err_field_reason"),
    ("code", "err_field_code"),
    ("list_a", "list_a"),
    ("table", "capture_file"),
];

/// A field's label in the user's language; "this field" for one without a label.
pub fn field_label(lang: Lang, field: Option<&str>) -> &'static str {
    let key = field.and_then(|f| LABELS.iter().find(|(name, _)| *name == f)).map_or("err_field_this", |(_, key)| key);
    lang.t(key)
}

/// The explanation of `e` in Korean, or `None` where the English message is to be shown.
pub fn explain(lang: Lang, e: &WebError) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let field = field_label(lang, e.field.as_deref());
    let text = match &e.problem {
        Problem::Other => return None,
        Problem::Date { input } => {
            let quoted = format!("‘{input}’");
            lang.t("err_date").replace("{input}", &quoted).replace("{은}", particle(input, "은", "는"))
        }
        // A file picker is not a field to fill in: it says to choose a file.
        Problem::Required => match e.field.as_deref() {
            Some("list_a") => crate::i18n::korean_refusal("required_list").to_string(),
            Some("table") => crate::i18n::korean_refusal("required_table").to_string(),
            _ => lang.t("err_required").replace("{field}", field),
        },
        Problem::TooLong { max } => lang.t("err_too_long").replace("{field}", field).replace("{max}", &max.to_string()),
        Problem::Grade { circular: true } => lang.t("err_grade_circular").to_string(),
        Problem::Grade { circular: false } => lang.t("err_grade").replace("{field}", field),
        Problem::List(list) => {
            let file = e.field.as_deref().unwrap_or_default();
            return super::list_errors::korean(lang, file, list);
        }
        Problem::NotFound { kind } => {
            let what = lang.term("kind", kind);
            let what = if what == kind.as_str() { lang.t("err_record") } else { what };
            lang.t("err_not_found").replace("{kind}", what).replace("{이}", particle(what, "이", "가"))
        }
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use attest_app::AppError;

    fn table(csv: &str) -> attest_app::lists::CsvTable {
        attest_app::lists::read_csv(csv.as_bytes()).unwrap()
    }

    fn korean(e: AppError) -> String {
        explain(Lang::Ko, &WebError::from(e)).unwrap_or_default()
    }

    #[test]
    fn the_commonest_problems_are_explained_in_korean() {
        let date = attest_domain::UncertainDate::parse("1997-13").unwrap_err();
        assert_eq!(
            korean(AppError::bad_date("when", &date)),
            "‘1997-13’은 날짜로 읽을 수 없습니다. 1953(1953년), 1953-07(1953년 7월), 1953-07-27(1953년 7월 27일), \
             1990s(1990년대), 1953/1993(1953년부터 1993년까지), 1990~(1990년경), 1990?(1990년일 수도 있음)처럼 \
             쓰십시오."
        );
        assert_eq!(korean(AppError::required("passage", "select a passage")), "구절: 꼭 채워야 하는 칸입니다.");
        // The store's own refusals, by its fixed messages.
        let long = attest_store::StoreError::Invalid {
            field: "place",
            message: "must be at most 300 printable characters".into(),
        };
        assert!(korean(AppError::Store(long)).starts_with("장소: 300자 이하로"));
        let empty = attest_store::StoreError::Invalid { field: "title", message: "must not be empty".into() };
        assert_eq!(korean(AppError::Store(empty)), "제목: 꼭 채워야 하는 칸입니다.");
        assert!(korean(AppError::not_found("witness", "wit_0")).starts_with("찾는 증인이 없습니다"));
        assert!(korean(AppError::not_found("thing", "x")).starts_with("찾는 기록이 없습니다"));
        // A list's refusals, naming the list, line and column (the particle after the id by
        // its last sound: A1 is read 에이 일, which closes with ㄹ).
        let dup = attest_app::lists::link_input(
            vec![("a.csv".into(), table("record_id,name\nA1,Kim\n")), ("b.csv".into(), table("id,name\nB1,Ri\n"))],
            None,
            "id column",
            100,
        )
        .err()
        .unwrap();
        assert_eq!(
            korean(dup),
            "b.csv 첫 줄 1번째 열: 열 구성이 a.csv의 열 구성과 다릅니다. 두 명단의 머리글이 같아야 합니다(a.csv의 열: \
             'record_id'; 이 파일의 열: 'id')."
        );
        let empty = attest_app::lists::link_input(
            vec![("a.csv".into(), table("record_id,name\nA1,Kim\n,Ri\n"))],
            Some("record_id"),
            "id column",
            100,
        );
        assert_eq!(korean(empty.err().unwrap()), "a.csv 3번째 줄, record_id 열: 기록 ID가 비어 있습니다.");
        let none =
            attest_app::lists::link_input(vec![("a.csv".into(), table("id,name\nA1,Kim\n"))], Some("nr"), "x", 9);
        assert_eq!(korean(none.err().unwrap()), "a.csv 첫 줄: 머리글의 열 2개 가운데 'nr' 열이 없습니다.");
        let lists = [("a.csv".to_string(), 2), ("b.csv".to_string(), 2)];
        let twice = attest_app::lists::LinkError::DuplicateId { id: "A1".into(), first: 1, second: 4 };
        assert_eq!(
            korean(attest_app::lists::link_error(twice, &lists, "record_id")),
            "b.csv 3번째 줄, record_id 열: 기록 ID 'A1'이 a.csv 2번째 줄에서 이미 쓰였습니다. 각 기록 ID는 한 번만 쓸 수 \
             있습니다."
        );
        // A value holding a placeholder is shown as written, not filled in turn.
        let odd = attest_app::lists::LinkError::DuplicateId { id: "{first_list}".into(), first: 1, second: 4 };
        let said = korean(attest_app::lists::link_error(odd, &lists, "{line}"));
        assert!(said.starts_with("b.csv 3번째 줄, {line} 열: 기록 ID '{first_list}'"), "{said}");
        // A rare problem keeps its English message.
        assert_eq!(explain(Lang::Ko, &WebError::from(AppError::invalid("basis", "choose one"))), None);
        assert_eq!(explain(Lang::En, &WebError::from(AppError::required("passage", "x"))), None);
    }
}
