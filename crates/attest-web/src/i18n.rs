//! The interface in Korean and English. Strings are few and short, so they live here as pairs
//! rather than in a message-catalogue library; records (testimonies, claims) are shown as written.

use axum::http::{HeaderMap, header};

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// From the `lang` cookie, else the browser's `Accept-Language`, else English.
    pub fn of(headers: &HeaderMap) -> Lang {
        match crate::auth::cookie(headers, "lang") {
            Some("ko") => return Lang::Ko,
            Some("en") => return Lang::En,
            _ => {}
        }
        let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
        if accept.trim_start().starts_with("ko") { Lang::Ko } else { Lang::En }
    }

    /// The `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The text for `key` in this language (the key itself if it has none, so a missing
    /// translation shows up rather than hiding).
    pub fn t(self, key: &'static str) -> &'static str {
        let pair = TEXTS.iter().find(|(k, _, _)| *k == key);
        match (self, pair) {
            (Lang::En, Some((_, en, _))) => en,
            (Lang::Ko, Some((_, _, ko))) => ko,
            (_, None) => key,
        }
    }
}

const TEXTS: &[(&str, &str, &str)] = &[
    ("app", "attest workspace", "attest 작업공간"),
    ("skip", "Skip to content", "본문으로 건너뛰기"),
    ("cases", "Cases", "사건"),
    ("search", "Search", "검색"),
    ("admin", "Administration", "관리"),
    ("sign_in", "Sign in", "로그인"),
    ("sign_out", "Sign out", "로그아웃"),
    ("name", "Name", "이름"),
    ("password", "Password", "비밀번호"),
    ("totp", "Authenticator code (if you use one)", "인증 앱 코드 (사용하는 경우)"),
    ("expired", "Your session has ended. Sign in again.", "세션이 끝났습니다. 다시 로그인하십시오."),
    ("bad_login", "Wrong name, password or code.", "이름, 비밀번호 또는 코드가 틀립니다."),
    ("no_cases", "You are not a member of any case yet.", "아직 참여하는 사건이 없습니다."),
    ("witnesses", "Witnesses", "증인"),
    ("sources", "Sources", "자료"),
    ("claims", "Claims", "주장"),
    ("by_act", "Claims by act", "행위별 주장"),
    ("by_place", "Claims by place", "장소별 주장"),
    ("by_period", "Claims by period", "시기별 주장"),
    ("single_source", "Single-source claims", "단일 출처 주장"),
    ("events", "Events", "사건 단위"),
    ("corroborated", "corroborated", "확인됨"),
    ("contested", "contested", "상충"),
    ("unconfirmed", "unconfirmed", "미확인"),
    ("single", "single-source", "단일 출처"),
    ("pseudonym", "Pseudonym", "가명"),
    ("consent", "Consent", "동의"),
    ("testimonies", "Testimonies", "증언"),
    ("add_testimony", "Add a testimony", "증언 추가"),
    ("witness", "Witness", "증인"),
    ("text", "Text", "본문"),
    ("file", "Or a text file", "또는 텍스트 파일"),
    ("language", "Language", "언어"),
    ("interviewed", "Interviewed (EDTF date)", "면담일 (EDTF)"),
    ("interviewer", "Interviewer", "면담자"),
    ("reliability", "Reliability (Admiralty)", "신뢰도 (Admiralty)"),
    ("save", "Save", "저장"),
    (
        "file_password",
        "Your password (only with a file: it is sealed with the case key your grant holds)",
        "비밀번호 (파일이 있을 때만: 권한으로 받은 사건 키로 봉인됩니다)",
    ),
    ("originals", "Original files", "원본 파일"),
    ("open_original", "Open (logged)", "열기 (기록됨)"),
    (
        "no_testimonies_grant",
        "You have no grant to open this case's original files.",
        "이 사건의 원본 파일을 열 권한이 없습니다.",
    ),
    ("new_claim", "New claim from the selected passage", "선택한 구절로 새 주장"),
    (
        "select_hint",
        "Select a passage in the text above, or type it here.",
        "위 본문에서 구절을 선택하거나 여기에 입력하십시오.",
    ),
    ("passage", "Passage", "구절"),
    ("act", "Act", "행위"),
    ("place", "Place", "장소"),
    ("when", "When (EDTF)", "시기 (EDTF)"),
    ("count", "How many", "인원"),
    ("victim", "Victim", "피해자"),
    ("perpetrator", "Perpetrator", "가해자"),
    ("sealed", "Sealed fields", "봉인된 항목"),
    ("reveal", "Reveal identity", "신원 공개"),
    (
        "reveal_confirm",
        "I need this identity for the stated reason; this reveal is logged under my name.",
        "이 목적에 신원이 필요함을 확인합니다. 이 공개는 내 이름으로 기록됩니다.",
    ),
    ("reason", "Reason", "사유"),
    (
        "no_grant",
        "You have no grant to see sealed identities in this case.",
        "이 사건의 봉인된 신원을 볼 권한이 없습니다.",
    ),
    ("revealed", "Revealed (logged)", "공개됨 (기록됨)"),
    ("names", "People and places", "인물과 장소"),
    ("variants", "Spellings", "표기"),
    ("audit", "Audit log", "감사 기록"),
    ("verify", "Verification", "검증"),
    ("users", "Users", "사용자"),
    ("role", "Role", "역할"),
    ("add_user", "Add a user", "사용자 추가"),
    ("add_member", "Add to a case", "사건에 추가"),
    ("case", "Case", "사건"),
    ("results", "Results", "결과"),
    ("no_results", "Nothing found.", "결과가 없습니다."),
    ("error", "Something is wrong", "문제가 있습니다"),
    ("back", "Back", "돌아가기"),
    ("more", "more", "더 보기"),
    ("as_of", "Computed at log entry", "계산 기준 기록"),
    (
        "identities_note",
        "Matches between sealed identities are not used here (the server cannot open them); run `attest corroboration` for the full count.",
        "봉인된 신원 간의 일치는 여기서 쓰이지 않습니다 (서버가 열 수 없음). 전체 집계는 `attest corroboration`으로 하십시오.",
    ),
];
