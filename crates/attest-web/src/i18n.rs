//! The interface in Korean and English. Strings are few and short, so they live here as pairs
//! rather than in a message-catalogue library; records (testimonies, claims) are shown as written.

use axum::http::{HeaderMap, header};

pub(crate) mod lists;

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
        let pair = texts().find(|(k, _, _)| *k == key);
        match (self, pair) {
            (Lang::En, Some((_, en, _))) => en,
            (Lang::Ko, Some((_, _, ko))) => ko,
            (_, None) => key,
        }
    }

    /// The name of a vocabulary term in this language: `group` is `act`, `consent`, `field`,
    /// `role`, `kind` or `action`, `value` the term as stored (`forced-labour`). A term without a
    /// pair (an act an archive added itself) is shown as written.
    pub fn term<'a>(self, group: &str, value: &'a str) -> &'a str {
        let pair = texts().find(|(k, _, _)| {
            k.strip_prefix(group).and_then(|rest| rest.strip_prefix('.')).is_some_and(|v| v == value)
        });
        match (self, pair) {
            (Lang::En, Some((_, en, _))) => en,
            (Lang::Ko, Some((_, _, ko))) => ko,
            (_, None) => value,
        }
    }

    /// Every term of `group` that has a pair (`link_level` gives the comparison levels' names
    /// as the engine writes them), for tests that hold the pairs to the engine's vocabulary.
    pub fn terms(group: &str) -> Vec<&'static str> {
        texts().filter_map(|(k, _, _)| k.strip_prefix(group).and_then(|rest| rest.strip_prefix('.'))).collect()
    }

    /// Whether `key` has a pair (for tests of the views).
    pub fn has(key: &str) -> bool {
        texts().any(|(k, en, ko)| *k == key && !en.is_empty() && !ko.is_empty())
    }
}

/// A Korean particle chosen by the last sound of `word`: `with_final` after a closing consonant
/// (받침), else `without_final` (은/는, 이/가, 을/를, 과/와, 으로/로; for 으로/로 a final ㄹ
/// takes 로). Digits are read as Sino-Korean numbers (3 삼 → 을, 2 이 → 를), Latin letters by
/// their names (L, M, N, R close with a consonant). Anything else is taken as open.
pub fn particle(word: &str, with_final: &'static str, without_final: &'static str) -> &'static str {
    // A parenthesis is not read aloud: "두 기록(src_a, src_b)" takes the particle of 기록.
    let word = word.trim_end();
    let read = match (word.strip_suffix(')'), word.rfind('(')) {
        (Some(_), Some(open)) => &word[..open],
        _ => word,
    };
    let Some(last) = read.trim_end().chars().last() else { return without_final };
    // The final consonant (0 = none, 8 = ㄹ) of a Hangul syllable, or what a digit or letter is read as.
    let jong = match last {
        '가'..='힣' => (last as u32 - 0xAC00) % 28,
        '0' | '3' | '6' => 1,
        '1' | '7' | '8' => 8,
        'l' | 'L' | 'r' | 'R' => 8,
        'm' | 'M' | 'n' | 'N' => 1,
        _ => 0,
    };
    match (jong, with_final) {
        (0, _) => without_final,
        (8, "으로") => without_final,
        _ => with_final,
    }
}

/// A list's refusal in Korean, from its kind (`views::list_errors`); the key itself if it has
/// none. Korean only: in English the page shows the application's own message, the words the
/// command line prints, so there is no second English wording to drift from it.
pub fn korean_refusal(key: &'static str) -> &'static str {
    lists::KOREAN_REFUSALS.iter().find(|(k, _)| *k == key).map_or(key, |(_, ko)| ko)
}

/// Every pair: the general ones below, then the list pages' ([`lists::TEXTS`]).
fn texts() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TEXTS.iter().chain(lists::TEXTS)
}

/// Key, English, Korean: all but the list pages' (in [`lists`]).
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
    ("interviewed", "Date of the interview", "면담 날짜"),
    ("interviewer", "Interviewer", "면담자"),
    ("reliability", "Reliability: source A-F, information 1-6 (e.g. B2)", "신뢰도: 출처 A-F, 정보 1-6 (예: B2)"),
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
    ("when", "When", "시기"),
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
    ("variants", "Spellings (how often)", "표기 (횟수)"),
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
    (
        "as_of",
        "Counts include everything recorded in the evidence log.",
        "증거 기록에 남은 모든 내용을 포함한 집계입니다.",
    ),
    (
        "identities_note",
        "Matches between sealed identities are not used here, because the server cannot open them. The archive's keyholder can make the full count.",
        "봉인된 신원 사이의 일치는 여기서 쓰이지 않습니다. 서버가 열 수 없기 때문입니다. 전체 집계는 기록 보관 책임자가 할 수 있습니다.",
    ),
    // --- What a new user meets (session 5, UX): names of terms, dates in words, error pages. ---
    // Acts (the built-in vocabulary; an act an archive adds is shown as written).
    ("act.forced-labour", "Forced labour", "강제노동"),
    ("act.execution", "Execution", "처형"),
    ("act.killing", "Killing", "살해"),
    ("act.death-in-custody", "Death in custody", "구금 중 사망"),
    ("act.torture", "Torture", "고문"),
    ("act.arbitrary-detention", "Arbitrary detention", "자의적 구금"),
    ("act.enforced-disappearance", "Enforced disappearance", "강제실종"),
    ("act.child-labour", "Child labour", "아동노동"),
    ("act.denial-of-food", "Denial of food", "식량 박탈"),
    ("act.denial-of-medical-care", "Denial of medical care", "의료 박탈"),
    ("act.discrimination", "Discrimination (including songbun)", "차별 (성분 포함)"),
    ("act.forced-relocation", "Forced relocation", "강제 이주"),
    ("act.sexual-violence", "Sexual violence", "성폭력"),
    ("act.family-separation", "Family separation", "가족 분리"),
    ("act.restriction-of-movement", "Restriction of movement", "이동 제한"),
    // Consent terms.
    ("consent.no-publication", "Not to be published (internal analysis only)", "공개 불가 (내부 분석만)"),
    ("consent.publish-pseudonym", "May be published under the pseudonym", "가명으로 공개 가능"),
    ("consent.publish-anonymous", "May be published without any name", "이름 없이 공개 가능"),
    ("consent.legal-use-only", "Courts and UN bodies only, not published", "법원·유엔 기구에만 제공, 공개 불가"),
    // Sealed fields.
    ("field.legal_name", "Legal name", "실명"),
    ("field.contact", "Contact", "연락처"),
    ("field.notes", "Notes", "메모"),
    // Roles.
    ("role.admin", "administrator", "관리자"),
    ("role.investigator", "investigator", "조사관"),
    ("role.analyst", "analyst", "분석가"),
    ("role.viewer", "viewer", "열람자"),
    // Search result kinds.
    ("kind.witness", "Witness", "증인"),
    ("kind.source", "Source", "자료"),
    ("kind.claim", "Claim", "주장"),
    // What the evidence log records.
    ("action.archive.init", "Archive created", "기록 보관소 생성"),
    ("action.archive.commit-records", "Records committed", "기록 확정"),
    ("action.case.add", "Case added", "사건 추가"),
    ("action.witness.add", "Witness added", "증인 추가"),
    ("action.witness.reveal", "Identity revealed", "신원 공개"),
    ("action.witness.compare", "Sealed identities compared", "봉인된 신원 비교"),
    ("action.source.add", "Source added", "자료 추가"),
    ("action.claim.add", "Claim added", "주장 추가"),
    ("action.act.add", "Act added", "행위 추가"),
    ("action.original.open", "Original file opened", "원본 파일 열람"),
    ("action.membership.add", "Member added to a case", "사건 참여자 추가"),
    ("action.grant.add", "Grant given", "권한 부여"),
    ("action.grant.revoke", "Grant revoked", "권한 회수"),
    ("action.user.add", "User added", "사용자 추가"),
    ("action.user.invite", "User invited", "사용자 초대"),
    ("action.user.accept", "Invitation accepted", "초대 수락"),
    ("action.user.passwd", "Password changed", "비밀번호 변경"),
    ("action.user.reset", "Password reset", "비밀번호 재설정"),
    ("action.user.rotate", "Keys renewed", "키 갱신"),
    ("action.user.key_pin", "Key confirmed", "키 확인"),
    ("action.user.totp", "Authenticator turned on", "인증 앱 사용 시작"),
    // The audit log and the administrator's page.
    ("log_at", "When", "일시"),
    ("log_actor", "Who", "수행자"),
    ("log_action", "What", "작업"),
    ("log_record", "Concerning", "대상"),
    ("log_reason", "Stated reason", "밝힌 사유"),
    ("identity_grants", "Identity grants", "신원 열람 권한"),
    (
        "verify_ok",
        "Verified: every entry of the evidence log is intact. Entries:",
        "검증됨: 증거 기록의 모든 항목이 온전합니다. 항목 수:",
    ),
    ("verify_head", "Fingerprint of the latest entry", "최신 항목의 지문"),
    (
        "grant_note",
        "Grants are given by the archive's keyholder, not on this page: the server does not hold the keys they carry.",
        "권한은 이 화면이 아니라 기록 보관 책임자가 부여합니다. 서버는 권한에 담긴 키를 가지고 있지 않습니다.",
    ),
    // Dates in words.
    ("date_uncertain", "uncertain", "불확실"),
    ("date_before", "before", "이전"),
    ("date_after", "after", "이후"),
    (
        "date_hint",
        "For example 2020-11-03, 2020-11 or 2020; add ~ if approximate, ? if uncertain, 1997/1999 for a span.",
        "예: 2020-11-03, 2020-11, 2020. 대략이면 ~, 불확실하면 ?, 기간은 1997/1999.",
    ),
    // The reader.
    ("chars", "characters", "글자 위치"),
    ("count_example", "about 670", "약 670명"),
    ("fingerprint", "Fingerprint (SHA-256)", "지문 (SHA-256)"),
    (
        "original_sealed",
        "An original file, sealed: its name and size open only with the case key.",
        "봉인된 원본 파일: 이름과 크기는 사건 키로만 열립니다.",
    ),
    (
        "original_sealed_yours",
        "An original file, sealed: your grant opens it with your password.",
        "봉인된 원본 파일: 내 권한과 비밀번호로 열 수 있습니다.",
    ),
    ("role.transcript", "Transcript", "녹취록"),
    ("role.original", "Original", "원본"),
    ("bytes", "bytes", "바이트"),
    ("testimony_of", "Testimony of {}", "{}의 증언"),
    ("source", "Source", "자료"),
    ("overview", "Case overview", "사건 개요"),
    ("lang.ko", "Korean", "한국어"),
    ("lang.en", "English", "영어"),
    ("lang.ja", "Japanese", "일본어"),
    ("lang.zh", "Chinese", "중국어"),
    ("lang.ru", "Russian", "러시아어"),
    // People and places.
    ("written_as", "Name as written", "대표 표기"),
    ("described_in", "described in", "기술된 자료:"),
    (
        "described_note",
        "A description such as \"the witness\" is kept apart in each source: it may be a different person each time.",
        "\"증인\"과 같은 묘사는 자료마다 따로 둡니다. 매번 다른 사람일 수 있기 때문입니다.",
    ),
    ("people", "People", "인물"),
    ("places", "Places", "장소"),
    // Error pages.
    ("error_invalid", "Something in the form needs correcting.", "양식에서 고칠 부분이 있습니다."),
    (
        "error_not_found",
        "This page or record does not exist, or is not in your cases.",
        "이 페이지나 기록이 없거나, 내 사건에 속하지 않습니다.",
    ),
    ("error_forbidden", "You do not have the rights for this.", "이 작업을 할 권한이 없습니다."),
    ("error_wrong_password", "That password is not right.", "비밀번호가 맞지 않습니다."),
    (
        "error_busy",
        "The server is busy. Try again in a moment; nothing was changed.",
        "서버가 바쁩니다. 잠시 후 다시 해 보십시오. 아무것도 바뀌지 않았습니다.",
    ),
    (
        "error_timeout",
        "The server took too long to answer. Reload the page to see whether the request was carried out.",
        "서버의 응답이 너무 오래 걸렸습니다. 요청이 처리되었는지 페이지를 다시 불러와 확인하십시오.",
    ),
    (
        "error_too_many",
        "Too many attempts. Wait a few minutes and try again.",
        "시도가 너무 많습니다. 몇 분 뒤 다시 해 보십시오.",
    ),
    ("error_too_large", "The upload is too large.", "올린 파일이 너무 큽니다."),
    (
        "error_too_slow",
        "The upload arrived too slowly and was stopped, so that others can use the list pages; nothing was kept. Try again on a faster connection, or use attest link or attest estimate on your computer.",
        "파일이 너무 느리게 올라와서 다른 사람도 작업할 수 있도록 중단했습니다. 아무것도 남기지 않았습니다. 더 빠른 인터넷 연결로 다시 해 보거나, 자기 컴퓨터에서 attest link 또는 attest estimate를 쓰십시오.",
    ),
    (
        "error_server",
        "Something went wrong on the server; nothing was changed.",
        "서버에 문제가 생겼습니다. 아무것도 바뀌지 않았습니다.",
    ),
    (
        "error_form",
        "The form could not be read. Reload the page and try again.",
        "양식을 읽을 수 없습니다. 페이지를 새로 고친 뒤 다시 해 보십시오.",
    ),
    ("error_details", "Details", "자세한 내용"),
    ("error_field", "Field to correct", "고칠 항목"),
    // The stable code under an error, on a full page and under a form: for quoting, not to be
    // understood, so named as a code to quote rather than an "error code" to decode.
    ("error_code", "Code to quote if you ask for help", "도움을 청할 때 알려 줄 코드"),
    ("back_to_page", "Back to the page you were on", "있던 페이지로 돌아가기"),
    (
        "choose_files_again",
        "Choose the file again before you submit: a browser does not keep a chosen file after a refusal.",
        "요청이 거부되면 브라우저가 골라 둔 파일을 지우므로, 보내기 전에 파일을 다시 고르십시오.",
    ),
    (
        "fix_below",
        "Your input is kept below: correct it and save again.",
        "입력한 내용은 아래에 남아 있습니다. 고친 뒤 다시 저장하십시오.",
    ),
    // Corroboration (issue 14): the case's corroboration page and the claim's basis of knowledge.
    ("co_open", "Corroboration: findings, review items and conditions", "교차 확인: 판단, 검토 항목, 조건"),
    ("co_title", "Corroboration", "교차 확인"),
    ("co_rules", "Reliable at or above, lines needed", "신뢰 기준, 필요한 독립 경로 수"),
    (
        "co_english",
        "Finding sentences are worded as a report prints them.",
        "판단 문장은 영어 보고서와 같은 사실과 기준으로 씁니다.",
    ),
    (
        "co_identity_closed",
        "Identity comparison was not available here: this workspace cannot open sealed identities.",
        "이 작업공간은 봉인된 신원을 열 수 없어 신원 비교를 하지 못했습니다.",
    ),
    ("co_findings", "Findings by event", "사건 단위별 판단"),
    ("co_occurrence", "Did it happen", "발생 여부"),
    ("co_details", "Details", "세부 사항"),
    ("co_lines", "Independent lines", "독립 경로"),
    ("co_reliable", "reliable", "신뢰 가능"),
    ("co_consistent", "consistent", "일치"),
    ("co_varied", "varied", "차이 있음"),
    ("co_disputed", "disputed", "다툼 있음"),
    ("co_pattern", "Continuing situation, lines per year", "지속 상황, 연도별 독립 경로"),
    ("co_conditions", "Would change if", "다음의 경우 달라짐"),
    ("co_why", "Why these lines", "경로 판단 근거"),
    ("co_kept_apart", "Kept apart from", "별개로 유지:"),
    ("co_same_queue", "Possibly the same event", "같은 사건일 가능성"),
    ("co_review", "Review items", "검토 항목"),
    ("co_counter", "Counter-evidence", "반대 증거"),
    ("co_decide_independent", "Independent", "독립적"),
    ("co_decide_derived", "Derived", "파생됨"),
    ("co_decide_different", "Different people", "다른 사람"),
    ("co_decide_same", "One person", "같은 사람"),
    ("co_decide_contaminated", "One line (contaminated)", "하나의 경로 (오염됨)"),
    ("co_decide_merge", "Merge: one event", "병합: 같은 사건"),
    ("co_decide_split", "Keep apart", "별개로 유지"),
    ("co_policy", "Admiralty F and 6 (not assessed)", "Admiralty F와 6 (평가 불가)"),
    ("co_policy_label", "Case policy", "사건 정책"),
    ("co_policy_not_reliable", "Not counted as reliable", "신뢰 가능으로 세지 않음"),
    (
        "co_policy_assume",
        "Assume the minimum when the other grade meets it",
        "다른 등급이 기준을 충족하면 최소 기준으로 간주",
    ),
    ("co_basis", "How the source knows it", "출처가 아는 방식"),
    ("co_basis_unrecorded", "Not recorded", "기록 없음"),
    ("co_basis_witnessed", "Saw or experienced it", "직접 보거나 겪음"),
    ("co_basis_named", "Heard it from a named person", "이름이 밝혀진 사람에게 들음"),
    ("co_basis_unknown", "Heard it from unknown people", "알 수 없는 사람들에게 들음"),
    ("co_basis_read", "Read it", "읽음"),
    (
        "co_basis_from",
        "From whom, or what was read (an id or pseudonym, never a sealed name)",
        "누구에게서, 또는 무엇을 읽었는지 (ID나 가명, 봉인된 이름은 안 됨)",
    ),
    ("co_information", "Information grade of this claim (2-6)", "이 주장의 정보 등급 (2-6)"),
    ("co_assess", "Record basis and grade", "근거와 등급 기록"),
    // Enrolment and the user's own account (issue 13): invitations, accepting one, changing
    // one's password, new keys. Kept together to ease merging.
    ("invite_user", "Invite a user", "사용자 초대"),
    (
        "invite_note",
        "You choose the name and role; the new user chooses their own password. You get a one-time code to hand over. Nobody else, you included, ever learns their password.",
        "이름과 역할은 관리자가 정하고, 비밀번호는 새 사용자가 직접 정합니다. 관리자는 전달할 일회용 코드만 받습니다. 관리자를 포함해 누구도 그 비밀번호를 알 수 없습니다.",
    ),
    ("valid_for", "Code valid for", "코드 유효 기간"),
    ("hours_24", "1 day", "1일"),
    ("hours_72", "3 days", "3일"),
    ("hours_168", "7 days", "7일"),
    ("role_admin", "administrator", "관리자"),
    ("role_investigator", "investigator", "조사관"),
    ("role_analyst", "analyst", "분석가"),
    ("role_viewer", "viewer (reads only)", "열람자 (읽기만)"),
    ("invited_title", "Invitation created", "초대가 만들어졌습니다"),
    ("reset_done_title", "Account reset: new invitation", "계정 초기화: 새 초대"),
    ("invite_for", "Invitation for", "초대 대상"),
    ("invite_code", "One-time code", "일회용 코드"),
    ("valid_until", "Valid until (UTC)", "유효 기한 (UTC)"),
    (
        "handover",
        "Give this code to the user in person, or read it to them over the phone. Do not send it by e-mail or chat. It is shown only this once: if it is lost, reset the account to issue a new one.",
        "이 코드는 직접 만나서 건네거나 전화로 불러 주십시오. 이메일이나 메신저로 보내지 마십시오. 코드는 지금 한 번만 보입니다. 잃어버리면 계정을 초기화해 새 코드를 발급하십시오.",
    ),
    (
        "handover_steps",
        "The user opens the sign-in page, chooses \u{201c}I have an invitation code\u{201d}, and enters their name, this code and a password of their own.",
        "사용자는 로그인 화면에서 \u{201c}초대 코드가 있습니다\u{201d}를 누르고 이름, 이 코드, 직접 정한 비밀번호를 입력합니다.",
    ),
    ("back_admin", "Back to administration", "관리로 돌아가기"),
    ("reset", "Reset", "초기화"),
    ("reset_title", "Reset this account?", "이 계정을 초기화할까요?"),
    (
        "reset_warning",
        "Resetting issues a new invitation code. At once, the user's current password, keys and authenticator stop working, and every grant they hold (sealed identities, original files) is deleted: the keyholder must grant again after the user accepts the new invitation. The reset is recorded in the audit log under your name.",
        "초기화하면 새 초대 코드가 발급됩니다. 즉시 이 사용자의 현재 비밀번호, 키, 인증 앱이 더 이상 작동하지 않고, 가진 모든 권한 (봉인된 신원, 원본 파일)이 삭제됩니다. 사용자가 새 초대를 수락한 뒤 키 관리자가 권한을 다시 주어야 합니다. 초기화는 관리자 이름으로 감사 기록에 남습니다.",
    ),
    (
        "reset_confirm",
        "I understand: delete this user's keys and grants and issue a new code",
        "이해했습니다: 이 사용자의 키와 권한을 삭제하고 새 코드를 발급합니다",
    ),
    ("reset_button", "Reset and issue a new code", "초기화하고 새 코드 발급"),
    ("cancel", "Cancel", "취소"),
    ("have_invitation", "I have an invitation code", "초대 코드가 있습니다"),
    ("accept_title", "Accept your invitation", "초대 수락"),
    (
        "accept_intro",
        "Enter the name and the one-time code your administrator gave you, then choose your password. Only you will know it.",
        "관리자에게 받은 이름과 일회용 코드를 입력하고 비밀번호를 정하십시오. 그 비밀번호는 본인만 압니다.",
    ),
    ("invitation_code", "Invitation code", "초대 코드"),
    ("new_password", "New password", "새 비밀번호"),
    ("new_password_again", "New password, again", "새 비밀번호 확인"),
    (
        "password_rule",
        "At least 10 characters. A short sentence is easy to remember and hard to guess.",
        "10자 이상. 짧은 문장은 기억하기 쉽고 추측하기 어렵습니다.",
    ),
    ("accept_button", "Set my password", "비밀번호 설정"),
    (
        "bad_invitation",
        "This name and code do not match a valid invitation. Check both: a code works only once and expires. If it still fails, ask your administrator for a new code.",
        "이름과 코드가 유효한 초대와 맞지 않습니다. 둘 다 확인하십시오. 코드는 한 번만 쓸 수 있고 기한이 있습니다. 계속 안 되면 관리자에게 새 코드를 요청하십시오.",
    ),
    (
        "accepted",
        "Your password is set and your keys are made. Sign in with your name and your new password.",
        "비밀번호가 설정되고 키가 만들어졌습니다. 이름과 새 비밀번호로 로그인하십시오.",
    ),
    ("my_account", "My account", "내 계정"),
    ("change_password", "Change my password", "비밀번호 변경"),
    ("current_password", "Current password", "현재 비밀번호"),
    ("password_changed", "Your password has been changed.", "비밀번호가 변경되었습니다."),
    (
        "wrong_current",
        "The current password is not right; nothing was changed.",
        "현재 비밀번호가 틀립니다. 아무것도 바뀌지 않았습니다.",
    ),
    ("passwords_differ", "The two new passwords are not the same.", "두 새 비밀번호가 서로 다릅니다."),
    ("password_short", "The new password must have at least 10 characters.", "새 비밀번호는 10자 이상이어야 합니다."),
    ("fill_all", "Fill in every field.", "모든 칸을 채우십시오."),
    (
        "too_many_tries",
        "Too many attempts. Wait a few minutes, then try again.",
        "시도가 너무 많습니다. 몇 분 기다린 뒤 다시 하십시오.",
    ),
    ("rotate_keys", "Make new keys", "새 키 만들기"),
    (
        "rotate_note",
        "Makes you a new key pair and moves your grants to it. Do this if you think your password or your computer was exposed. Then read the new fingerprint to your keyholder, who confirms it before granting you anything new.",
        "새 키 쌍을 만들고 가진 권한을 새 키로 옮깁니다. 비밀번호나 컴퓨터가 노출되었다고 생각되면 하십시오. 그다음 새 지문을 키 관리자에게 불러 주면, 키 관리자가 확인한 뒤에 새 권한을 줍니다.",
    ),
    (
        "rotated",
        "New keys made. Read this fingerprint to your keyholder:",
        "새 키가 만들어졌습니다. 이 지문을 키 관리자에게 불러 주십시오:",
    ),
    ("invitation_pending", "invitation not yet accepted", "초대를 아직 수락하지 않음"),
    // Detailed errors by kind (views/errors.rs); `{…}` are filled in, `{은}` and `{이}` are particles.
    (
        "err_date",
        "{input} is not a date the archive can read. Write a date such as 1953, 1953-07 (July 1953), 1953-07-27 \
         (27 July 1953), 1990s (the 1990s), 1953/1993 (1953 to 1993), 1990~ (around 1990) or 1990? (maybe 1990).",
        "{input}{은} 날짜로 읽을 수 없습니다. 1953(1953년), 1953-07(1953년 7월), 1953-07-27(1953년 7월 27일), \
         1990s(1990년대), 1953/1993(1953년부터 1993년까지), 1990~(1990년경), 1990?(1990년일 수도 있음)처럼 쓰십시오.",
    ),
    ("err_required", "{field}: this must be filled in.", "{field}: 꼭 채워야 하는 칸입니다."),
    (
        "err_too_long",
        "{field}: at most {max} characters, without line breaks or other control characters.",
        "{field}: {max}자 이하로, 줄바꿈 같은 제어 문자 없이 써 주십시오.",
    ),
    (
        "err_grade",
        "{field}: the grade is out of range. Source reliability is A to F, information 1 to 6 (a claim's own \
         information grade 2 to 6), e.g. B2.",
        "{field}: 등급이 범위를 벗어났습니다. 출처 신뢰도는 A~F, 정보 등급은 1~6(주장 자체의 정보 등급은 2~6)으로 \
         씁니다. 예: B2.",
    ),
    (
        "err_grade_circular",
        "Information grade 1 (confirmed by other sources) is what corroboration concludes, so it cannot be \
         entered. Choose 2 to 6.",
        "정보 등급 1(다른 출처로 확인됨)은 교차 확인이 내리는 결론이므로 입력할 수 없습니다. 2~6 가운데 고르십시오.",
    ),
    (
        "err_not_found",
        "The {kind} you asked for does not exist here: it may belong to another case, or the address is wrong.",
        "찾는 {kind}{이} 없습니다. 다른 사건의 기록이거나 주소가 잘못되었을 수 있습니다.",
    ),
    ("err_record", "record", "기록"),
    ("err_field_this", "This field", "이 칸"),
    ("err_field_title", "Title", "제목"),
    ("err_field_q", "Search words", "검색어"),
    ("err_field_information", "Information grade", "정보 등급"),
    ("err_field_reason", "Reason", "사유"),
    ("err_field_code", "Invitation code", "초대 코드"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t("...")` key written in the views, the error page and the handlers, as found in
    /// their source text.
    fn keys_used() -> Vec<(&'static str, String)> {
        let files: &[(&str, &str)] = &[
            ("views/layout.rs", include_str!("views/layout.rs")),
            ("views/cases.rs", include_str!("views/cases.rs")),
            ("views/sources.rs", include_str!("views/sources.rs")),
            ("views/witnesses.rs", include_str!("views/witnesses.rs")),
            ("views/search.rs", include_str!("views/search.rs")),
            ("views/words.rs", include_str!("views/words.rs")),
            ("views/admin.rs", include_str!("views/admin.rs")),
            ("views/signin.rs", include_str!("views/signin.rs")),
            ("views/corroboration.rs", include_str!("views/corroboration.rs")),
            ("views/findings.rs", include_str!("views/findings.rs")),
            ("views/errors.rs", include_str!("views/errors.rs")),
            ("error.rs", include_str!("error.rs")),
            ("views/lists.rs", include_str!("views/lists.rs")),
        ];
        let mut out = Vec::new();
        for (file, text) in files {
            for piece in text.split(".t(\"").skip(1) {
                if let Some(end) = piece.find('"') {
                    out.push((*file, piece[..end].to_string()));
                }
            }
        }
        out
    }

    #[test]
    fn every_key_the_views_use_has_english_and_korean() {
        let used = keys_used();
        assert!(used.len() > 60, "the scan found too few keys: {}", used.len());
        let missing: Vec<_> = used.iter().filter(|(_, k)| !Lang::has(k)).collect();
        assert!(missing.is_empty(), "keys without a pair: {missing:?}");
    }

    #[test]
    fn particles_follow_the_last_sound_of_the_word() {
        let cases = [
            ("강제노동", "은", "는", "은"),
            ("처형", "이", "가", "이"),
            ("시기", "은", "는", "는"),
            ("C3", "을", "를", "을"),
            ("B2", "을", "를", "를"),
            ("1997", "이", "가", "이"),
            ("1995", "이", "가", "가"),
            ("장소", "과", "와", "와"),
            ("서울", "으로", "로", "로"),
            ("함경북도", "으로", "로", "로"),
            ("두 기록(src_a, src_b)", "이", "가", "이"),
            ("두 경로", "을", "를", "를"),
        ];
        for (word, with, without, expect) in cases {
            assert_eq!(particle(word, with, without), expect, "{word}");
        }
    }

    #[test]
    fn every_key_is_translated_not_copied() {
        // Korean text equal to the English is a copy left untranslated (codes and names excepted).
        let copied: Vec<_> = texts()
            .filter(|(_, en, ko)| en == ko && en.chars().any(|c| c.is_ascii_alphabetic()))
            .map(|(k, _, _)| *k)
            .collect();
        assert!(copied.is_empty(), "{copied:?}");
        let mut keys: Vec<_> = texts().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is in the table twice");
    }

    #[test]
    fn every_vocabulary_term_has_a_korean_name() {
        let mut terms: Vec<(&str, &str)> = Vec::new();
        terms.extend(attest_domain::BUILT_IN_ACTS.iter().map(|(a, _)| ("act", *a)));
        terms.extend(attest_domain::Consent::ALL.iter().map(|c| ("consent", *c)));
        terms.extend(attest_domain::Role::ALL.iter().map(|r| ("role", *r)));
        terms.extend(["legal_name", "contact", "notes"].map(|f| ("field", f)));
        terms.extend(["witness", "source", "claim"].map(|k| ("kind", k)));
        for (group, value) in terms {
            let ko = Lang::Ko.term(group, value);
            assert_ne!(ko, value, "{group}.{value} has no Korean name");
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{group}.{value}: {ko}");
        }
        // An act an archive added itself is shown as written.
        assert_eq!(Lang::Ko.term("act", "salt-mining"), "salt-mining");
        assert_eq!(Lang::En.term("act", "forced-labour"), "Forced labour");
    }
}
