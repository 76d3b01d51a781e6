//! The list pages: the link form and its result (column roles and why, the summary, the pairs
//! closest to the threshold explained field by field, the download), and the estimate form and
//! its result (each method side by side, intervals, and every warning in words; "no estimate"
//! is said as such, never shown as a number). The estimate's warnings, assumptions and reasons
//! are said in the user's language (`estimate_text.rs`), and so are the linkage engine's column
//! notes (`column_notes.rs`); the merges below the threshold, in the summary, the warnings and a
//! pair's explanation, are said in the user's language from the summary's numbers, and so are
//! the engine's other run warnings (from their facts, `warning_facts`).

use attest_app::lists::{
    BelowThreshold, BelowThresholdPhase, CannotLink, CaptureHistory, ColumnUse, Estimate, Explanation, LinkedLists,
    Outcome, RunDifference, RunWarning, Together, thousands,
};
use maud::{Markup, html};

use super::estimate_text;
use super::layout::{form_error_then, page};
use crate::access::Authed;
use crate::error::WebError;
use crate::i18n::Lang;

/// The link form as the user filled it in (files are never kept).
#[derive(Default)]
pub struct LinkForm {
    /// Record-id column.
    pub id_column: String,
    /// Threshold as typed.
    pub threshold: String,
    /// "Links only" ticked.
    pub links_only: bool,
}

/// The estimate form as the user filled it in.
#[derive(Default)]
pub struct EstimateForm {
    /// Pasted table.
    pub text: String,
    /// Method as chosen.
    pub method: String,
    /// When the table comes from a link result: the linked lists' names.
    pub from_link: Option<Vec<String>>,
}

/// The submit button of a list form, with the status line `static/app.js` shows while the
/// server works (a run can take a minute); without the script the note above the button says
/// the same.
fn submit(lang: Lang, form_id: &str, label: &str) -> Markup {
    html! {
        button type="submit" data-working=(lang.t("working_button")) { (label) }
        p.working.note id={(form_id) "-working"} role="status" hidden { (lang.t("working_status")) }
    }
}

/// What happens to uploaded lists, said on every list page.
fn privacy(lang: Lang) -> Markup {
    html! { p.note #lists-privacy { (lang.t("lists_privacy")) } }
}

/// `GET /link` (and the form again after a refusal).
pub fn link_form(user: &Authed, form: &LinkForm, error: Option<&WebError>, expired: bool) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t("link_lists"),
        html! {
            p { (lang.t("link_intro")) }
            (privacy(lang))
            @if expired { p.warn role="status" { (lang.t("link_expired")) } }
            @if let Some(e) = error {
                (form_error_then(lang, e, "fix_lists"))
                // A browser never fills a file input again: "your input is kept" does not hold
                // for the lists themselves.
                p #choose-again role="status" { (lang.t("choose_files_again")) }
            }
            form.stack #link-form method="post" enctype="multipart/form-data" action={"/link?csrf=" (user.csrf)} {
                label for="list_a" { (lang.t("list_a")) }
                input #list_a type="file" name="list_a" accept=".csv,text/csv" required;
                label for="list_b" { (lang.t("list_b")) }
                input #list_b type="file" name="list_b" accept=".csv,text/csv";
                label for="id_column" { (lang.t("id_column")) }
                input #id_column type="text" name="id_column" value=(form.id_column) autocomplete="off";
                label for="threshold" { (lang.t("link_threshold")) }
                input #threshold type="text" name="threshold" inputmode="decimal" value=(form.threshold) autocomplete="off" aria-describedby="threshold-note";
                // What the threshold means, with an example in numbers a new user can follow.
                div.note #threshold-note {
                    p { (lang.t("link_threshold_note")) }
                    ul {
                        li { (lang.t("threshold_example_link")) }
                        li { (lang.t("threshold_example_merge")) }
                        li { (lang.t("threshold_example_weak")) }
                    }
                    p { (lang.t("link_threshold_rule")) }
                }
                label.check for="links_only" {
                    input #links_only type="checkbox" name="links_only" value="1" checked[form.links_only];
                    " " (lang.t("links_only"))
                }
                label for="config" { (lang.t("link_config")) }
                input #config type="file" name="config" accept=".toml,application/toml,text/plain" aria-describedby="config-note";
                p.note #config-note { (commands(lang.t("link_config_note"))) }
                p.note { (lang.t("lists_slow")) }
                (submit(lang, "link-form", lang.t("link_run")))
            }
        },
    )
}

/// The commands a list page's text names, each kept whole on one line (`code.cmd`).
const COMMANDS: &[&str] = &["attest link --save-config", "attest link --config", "attest link explain"];

/// `text` with each command it names in a `code.cmd` element, which never breaks inside a flag
/// (the help text's `--save-config` broke after its hyphens on a phone).
pub fn commands(text: &str) -> Markup {
    let found = COMMANDS.iter().filter_map(|c| text.find(c).map(|at| (at, *c))).min();
    match found {
        Some((at, command)) => html! {
            (&text[..at]) code.cmd { (command) } (commands(&text[at + command.len()..]))
        },
        None => html! { (text) },
    }
}

/// A link role's name in the user's language.
fn role_name(lang: Lang, role: attest_app::lists::Role) -> String {
    let value = serde_json::to_value(role).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    lang.term("link_role", &value).to_string()
}

fn used_name(lang: Lang, used: ColumnUse) -> &'static str {
    match used {
        ColumnUse::Compared => lang.t("col_compared"),
        ColumnUse::Merged => lang.t("col_merged"),
        ColumnUse::Ignored => lang.t("col_ignored"),
        ColumnUse::NotCompared => lang.t("col_not_compared"),
    }
}

/// A comparison level in the user's language; one without a pair (a level the engine added
/// since) as the engine writes it, marked as English.
fn level(lang: Lang, name: &str) -> Markup {
    // A workplace level a learned site mapping raised: the level, then what the mapping is.
    if let Some(base) = name.strip_suffix(attest_app::lists::SITE_MAPPED) {
        return html! { (level(lang, base)) " " (lang.t("link_level_site_mapped")) };
    }
    if let Some(base) = name.strip_suffix(attest_app::lists::FAMILY_NOT_COUNTED) {
        return html! { (level(lang, base)) " " (lang.t("link_level_family_not_counted")) };
    }
    let shown = lang.term("link_level", name);
    html! {
        @if lang == Lang::Ko && shown == name { span lang="en" { (name) } }
        // The plain words on the page; where they leave out the engine's Jaro-Winkler or edit
        // bound, its own name in a tooltip for an analyst who wants the number.
        @else if name.contains("JW") || name.contains("Levenshtein") { span.level title=(name) { (shown) } }
        @else { (shown) }
    }
}

/// A field's weight with the way it counts: "+7.9 for the same person", "같은 사람 쪽으로 +7.9".
fn weight(lang: Lang, w: f64) -> String {
    lang.t(if w >= 0.0 { "counts_for" } else { "counts_against" }).replace("{w}", &format!("{w:+.1}"))
}

/// Why a pair cannot be one person, in the page's language, from the engine's facts
/// (`attest_link::CannotLink`), never from its English words.
fn cannot_link(lang: Lang, why: &CannotLink) -> String {
    match why {
        CannotLink::Sex => lang.t("cannot_link.sex").to_string(),
        CannotLink::BirthYearsApart { years } => lang.t("cannot_link.years").replace("{years}", &years.to_string()),
        CannotLink::Siblings { family, years } => {
            fill(lang.t("cannot_link.siblings"), &[("{family}", &family.join(", ")), ("{years}", &years.to_string())])
        }
    }
}

/// The place columns (a place, a workplace, an address) on which a linked pair disagrees
/// outright: a link made although the places differ is said, so that a reader checks them.
fn places_differing<'a>(e: &'a Explanation, columns: &[attest_app::lists::ColumnReport]) -> Vec<&'a str> {
    use attest_app::lists::Role;
    e.fields
        .iter()
        .filter(|f| f.level == "different")
        .filter(|f| {
            columns.iter().any(|c| c.name == f.column && matches!(c.role, Role::Place | Role::Site | Role::Address))
        })
        .map(|f| f.column.as_str())
        .collect()
}

/// A record's value in «», and when the column was empty and the run filled the value it
/// compared from other columns, that value in italics with a note saying so. A value short
/// enough for a phone's line is one unit (`span.value`, which the stylesheet keeps unbroken:
/// «Chol-ho» never splits at its hyphen); a longer one (an address) may still wrap rather than
/// widen the page.
fn value(lang: Lang, v: &str, filled: bool) -> Markup {
    let inner = html! {
        @if filled { "«" em.filled title=(lang.t("value_filled")) { (v) } "»" }
        @else { "«" (v) "»" }
    };
    html! {
        @if v.chars().count() <= VALUE_KEPT_WHOLE { span.value { (inner) } } @else { (inner) }
        @if filled { sup { "*" } }
    }
}

/// The longest value (in characters) kept on one line in a pair's explanation.
const VALUE_KEPT_WHOLE: usize = 24;

/// A list's column (or list) name as code that a narrow screen breaks only between its words:
/// after `_`, `.` or `/`, and between a lower-case letter and an upper-case one (`yearOfBirth`),
/// as well as at spaces and hyphens (the stylesheet keeps `table code` from breaking anywhere
/// else, so `home_county` never becomes `home_c` / `ounty`).
pub fn column_name(name: &str) -> Markup {
    let mut words: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut previous = ' ';
    for (i, c) in name.char_indices() {
        if i > start && previous.is_lowercase() && c.is_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
        if matches!(c, '_' | '.' | '/') {
            words.push(&name[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
        previous = c;
    }
    words.push(&name[start..]);
    html! { code.column { @for (i, w) in words.iter().filter(|w| !w.is_empty()).enumerate() { @if i > 0 { wbr; } (w) } } }
}

/// One borderline pair in words: each field's values, how they compare and which way that
/// counts.
fn pair(lang: Lang, e: &Explanation, threshold: f64, columns: &[attest_app::lists::ColumnReport]) -> Markup {
    // What the run used: a pair held back among namesakes or decided by a reviewer scores
    // differently from its fields alone.
    let probability = e.run_probability.unwrap_or(e.probability);
    let linked = probability >= threshold;
    // Near the threshold two decimals would show 0.90 both linked and not: show four.
    let shown =
        if (probability - threshold).abs() < 0.005 { format!("{probability:.4}") } else { format!("{probability:.2}") };
    let missing: Vec<&str> = e.fields.iter().filter(|f| f.level == "missing").map(|f| f.column.as_str()).collect();
    html! {
        li.pair {
            p {
                strong { code.record-id { (e.records.0) } " · " code.record-id { (e.records.1) } } ": "
                (lang.t("probability")) " " (shown) " ("
                (if linked { lang.t("pair_linked") } else { lang.t("pair_not_linked") }) ")"
            }
            ul {
                @for f in e.fields.iter().filter(|f| f.level != "missing") {
                    li {
                        (column_name(&f.column)) ": "
                        (value(lang, &f.a, f.filled.0)) " · " (value(lang, &f.b, f.filled.1)) ": "
                        (level(lang, &f.level)) ", "
                        (weight(lang, f.weight + f.tf_adjustment))
                    }
                }
            }
            @if !missing.is_empty() {
                p.note.missing-fields {
                    (lang.t("fields_missing")) " "
                    @for (i, c) in missing.iter().enumerate() { @if i > 0 { ", " } (column_name(c)) }
                }
            }
            @if e.fields.iter().any(|f| f.filled.0 || f.filled.1) {
                p.note.filled-note { "* " (lang.t("value_filled")) }
            }
            p.note {
                (lang.t("odds_prior")) " " (format!("{:+.1}", e.prior)) " + " (lang.t("odds_fields")) " = "
                (format!("{:+.1}", e.total)) " " (lang.t("odds_unit"))
            }
            @if let Some(why) = &e.cannot_link_fact {
                p.warn { (lang.t("cannot_link")) ": " (cannot_link(lang, why)) }
            }
            @let places = places_differing(e, columns);
            @if linked && !places.is_empty() {
                p.warn.place-differs {
                    (lang.t("pair_place_differs")) " ("
                    @for (i, c) in places.iter().enumerate() { @if i > 0 { ", " } (column_name(c)) }
                    "): " (lang.t("pair_place_differs_why"))
                }
            }
            @match e.run_difference {
                Some(RunDifference::HeldAmongNamesakes) => p.warn { (lang.t("pair_held_namesakes")) },
                Some(RunDifference::Reviewed) => p.note { (lang.t("pair_reviewed")) },
                Some(RunDifference::NotCompared) => p.note { (lang.t("pair_not_compared")) },
                None => {}
            }
            (together(lang, e, linked))
        }
    }
}

/// The summary's count of merges below the threshold: how many, the records of the groups they
/// made and the lowest pair used; or that there were none, or why the phase did not run.
fn below_threshold_count(lang: Lang, b: &BelowThreshold) -> String {
    match (b.phase, b.lowest_probability) {
        (BelowThresholdPhase::On, Some(lowest)) => lang
            .t("below_threshold_count")
            .replace("{merges}", &b.merges.to_string())
            .replace("{records}", &b.records.to_string())
            .replace("{lowest}", &format!("{lowest:.2}")),
        (BelowThresholdPhase::On, None) => lang.t("below_threshold_none").to_string(),
        (BelowThresholdPhase::LinksOnly, _) => lang.t("below_threshold_links_only").to_string(),
        (BelowThresholdPhase::LargeGroups, _) => lang.t("below_threshold_large_groups").to_string(),
        (BelowThresholdPhase::TwoLists, _) => String::new(),
    }
}

/// One of the engine's run warnings in the page's language, said for a reader who is not a
/// statistician (the command line and the API keep the engine's own sentence); a warning about
/// one column names it first, as a column name (`column_name`), not as a word of the sentence.
fn run_warning(lang: Lang, w: &RunWarning) -> Markup {
    let (column, said) = run_warning_words(lang, w);
    html! { @if let Some(c) = column { (column_name(c)) ": " } (said) }
}

/// [`run_warning`]'s column, if it is about one, and its sentence.
fn run_warning_words(lang: Lang, w: &RunWarning) -> (Option<&str>, String) {
    let ko = lang == Lang::Ko;
    match w {
        RunWarning::FarYearsHeld { column, estimated, held } => {
            let (estimated, held) = (estimated * 100.0, held * 100.0);
            let said = if ko {
                format!(
                    "모형은 처음에 같은 사람의 기록 가운데 {estimated:.0}%가 출생연도가 3년 이상 차이 난다고 추정했습니다. 믿기 어려운 값이어서 {held:.0}%로 제한했습니다."
                )
            } else {
                format!(
                    "the model first estimated that {estimated:.0} % of the same people's records have birth years 3 or more years apart. That is implausible, so it was held to {held:.0} %."
                )
            };
            (Some(column.as_str()), said)
        }
        RunWarning::LevelsPooled { column } => {
            let said = if ko {
                "값의 차이가 클수록 같은 사람일 가능성이 크다고 추정되어, 그렇게 되지 않도록 이웃한 수준을 하나로 합쳤습니다.".to_string()
            } else {
                "the model estimated that values further apart were more likely the same person; neighbouring levels were pooled so that they are not.".to_string()
            };
            (Some(column.as_str()), said)
        }
        RunWarning::WeakPairsAllowed { links_per_record, share, below } => {
            let share = share * 100.0;
            let said = if ko {
                format!(
                    "기록마다 연결이 평균 {links_per_record:.1}개입니다(한 사람의 기록이 많음). 그래서 연결로 묶인 묶음 안에는 비교한 쌍의 최대 {share:.0}%까지 {below} 미만인 쌍이 있을 수 있습니다. 분명히 다른 사람인 쌍은 없습니다."
                )
            } else {
                format!(
                    "Records have {links_per_record:.1} links each (many records a person), so a group joined by links may hold up to {share:.0} % of its compared pairs below {below}; never a clear disagreement."
                )
            };
            (None, said)
        }
    }
}

/// The warning a run with merges below the threshold carries: what they are, the bars they
/// met, where to see them and how to turn them off.
fn below_threshold_warning(lang: Lang, s: &attest_app::lists::Summary) -> String {
    let b = &s.below_threshold;
    lang.t("below_threshold_warning")
        .replace("{merges}", &b.merges.to_string())
        .replace("{records}", &b.records.to_string())
        .replace("{threshold}", &s.threshold.to_string())
        .replace("{from}", &format!("{:.2}", b.from))
        .replace("{lowest}", &format!("{:.2}", b.lowest_probability.unwrap_or(b.from)))
        .replace("{mean}", &format!("{:.2}", b.mean_at_least))
}

/// `template` with each placeholder replaced in one pass, so that a value (a record id) that
/// happens to contain a placeholder is shown as it is, never filled in again.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match values.iter().find(|(k, _)| rest.starts_with(k)) {
            Some((k, v)) => {
                out.push_str(v);
                rest = &rest[k.len()..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What the run did with a borderline pair's two records: one group or two, and when a merge
/// below the threshold joined them, which pair, the mean of the pairs across and those pairs.
fn together(lang: Lang, e: &Explanation, linked: bool) -> Markup {
    html! {
        @match &e.cluster {
            Some(Together::Apart) if linked => p.note.together.warn { (lang.t("pair_linked_apart")) },
            Some(Together::Apart) => p.note.together { (lang.t("pair_apart")) },
            Some(Together::ByLinks) => p.note.together { (lang.t("pair_by_links")) },
            Some(Together::BelowThreshold(j)) => div.together.warn {
                p {
                    (fill(lang.t(if j.cross_pairs.len() == 1 { "pair_below_threshold_one" } else { "pair_below_threshold" }), &[
                        ("{a}", &j.pair.0),
                        ("{b}", &j.pair.1),
                        ("{p}", &format!("{:.2}", j.pair.2)),
                        ("{count}", &j.cross_pairs.len().to_string()),
                        ("{mean}", &format!("{:.2}", j.mean)),
                        ("{bar}", &format!("{:.2}", j.mean_at_least)),
                    ]))
                }
                ul.cross {
                    @for ((x, y, p), scored) in j.cross_pairs.iter().zip(&j.cross_scored) {
                        li {
                            code { (x) } " · " code { (y) } ": " (format!("{scored:.2}"))
                            @if (scored - p).abs() > 1e-6 {
                                " (" (lang.t("counted_at_bar").replace("{p}", &format!("{p:.2}"))) ")"
                            }
                        }
                    }
                }
            },
            None => {}
        }
    }
}

/// `POST /link`: the result.
pub fn link_result(user: &Authed, r: &LinkedLists, token: &str, config: Option<&str>) -> Markup {
    let lang = user.lang;
    let s = &r.summary;
    page(
        lang,
        Some(user),
        lang.t("link_result"),
        html! {
            (privacy(lang))
            @if let Some(name) = config { p #config-used { (lang.t("config_used")) " " code { (name) } } }
            p { a #download-clusters href={"/link/clusters.csv?result=" (token)} download="clusters.csv" { (lang.t("download_clusters")) } }
            h2 #summary { (lang.t("link_summary")) }
            dl.summary {
                dt { (lang.t("lists")) }
                dd { @for (i, (name, n)) in r.lists.iter().enumerate() { @if i > 0 { " · " } code { (name) } ": " (lang.t("n_records").replace("{n}", &thousands(*n as f64))) } }
                dt { (lang.t("records")) } dd #records { (s.records) }
                dt { (lang.t("people_found")) } dd #people { (s.clusters) }
                dt { (lang.t("links_made")) } dd { (s.links) " / " (s.candidate_pairs) " " (lang.t("pairs_compared")) }
                dt { (lang.t("largest_group")) } dd #largest { (s.largest_clusters.first().copied().unwrap_or(1)) }
                dt { (lang.t("threshold")) } dd { (s.threshold) }
                dt { (lang.t("refused_pairs")) } dd { (s.cannot_links) }
                @if s.below_threshold.phase != BelowThresholdPhase::TwoLists {
                    dt { (lang.t("below_threshold_merges")) }
                    dd #below-threshold-merges { (below_threshold_count(lang, &s.below_threshold)) }
                }
            }
            @if s.oversized_clusters > 0 {
                p.warn #oversized role="status" {
                    (lang.t("oversized")) " " (s.oversized_clusters) " (> " (s.oversized_at) ")"
                }
            }
            @if !s.skipped_blocks.is_empty() {
                p.warn { (lang.t("skipped_blocks")) " " (s.skipped_blocks.len()) }
            }
            @if !s.warning_facts.is_empty() || s.below_threshold.merges > 0 {
                h3 { (lang.t("warnings")) }
                ul.warnings {
                    // Merges below the threshold, said in the page's language: "N links at p >=
                    // 0.9" does not hold every record of these groups together.
                    @if s.below_threshold.merges > 0 {
                        li.warn #below-threshold-warning { (below_threshold_warning(lang, s)) }
                    }
                    @for w in &s.warning_facts { li.warn.run-warning { (run_warning(lang, w)) } }
                }
            }
            // What to do next comes before the details: a new analyst reads down to it first.
            @match &r.capture {
                Some(t) => (capture(lang, t, token)),
                None => p { a href="/estimate" { (lang.t("to_estimate")) } },
            }
            h2 #columns { (lang.t("columns")) }
            div.scroll tabindex="0" role="region" aria-label=(lang.t("columns")) {
                table.columns {
                    thead { tr { th { (lang.t("column")) } th { (lang.t("role")) } th { (lang.t("column_use")) } th { (lang.t("why")) } } }
                    tbody {
                        @for c in &r.columns {
                            // Each cell names its column (`data-label`): on a phone the table is
                            // one card per column, each value under its heading's name.
                            tr {
                                td data-label=(lang.t("column")) { (column_name(&c.name)) }
                                // "Korean-aware" says how a column is compared: not said of one that is not.
                                td data-label=(lang.t("role")) { (role_name(lang, c.role)) @if c.korean && c.used == ColumnUse::Compared { " · " (lang.t("korean_aware")) } }
                                td.use data-label=(lang.t("column_use")) { (used_name(lang, c.used)) }
                                td.why data-label=(lang.t("why")) { (super::column_notes::note(lang, &c.note)) }
                            }
                        }
                    }
                }
            }
            p {
                a #download-config href={"/link/config.toml?result=" (token)} download="link-config.toml" { (lang.t("download_config")) }
                " " (commands(lang.t("download_config_note")))
            }
            h2 #near { (lang.t("near_threshold")) }
            @if r.near_threshold.is_empty() { p { (lang.t("no_pairs")) } }
            ol.pairs { @for e in &r.near_threshold { (pair(lang, e, s.threshold, &r.columns)) } }
            @if !r.below_threshold_pairs.is_empty() {
                h2 #merges { (lang.t("below_threshold_pairs")) }
                p.note { (commands(lang.t("below_threshold_pairs_note"))) }
                ol.pairs #merge-pairs { @for e in &r.below_threshold_pairs { (pair(lang, e, s.threshold, &r.columns)) } }
            }
        },
    )
}

/// A two-list result as a capture-history table: what it assumes, a warning when a group is
/// oversized, the table itself, its download and the way on to `/estimate`.
fn capture(lang: Lang, t: &CaptureHistory, token: &str) -> Markup {
    html! {
        section #capture aria-labelledby="capture-h" {
            h2 #capture-h { (lang.t("capture_title")) }
            p { (lang.t("capture_intro")) }
            ul {
                li { (lang.t("capture_assume_group")) }
                li { (lang.t("capture_assume_duplicates")) " " strong #capture-duplicates { (t.groups_with_duplicates) } }
                li { (lang.t("capture_assume_linkage")) }
            }
            @if t.oversized_groups > 0 {
                p.warn #capture-oversized role="status" {
                    (lang.t("capture_oversized")
                        .replace("{largest}", &t.largest_group.to_string())
                        .replace("{groups}", &t.oversized_groups.to_string())
                        .replace("{at}", &t.oversized_at.to_string()))
                }
            }
            div.scroll tabindex="0" role="region" aria-label=(lang.t("capture_title")) {
                table #capture-table {
                    thead { tr {
                        @for l in &t.lists { th scope="col" { (column_name(l)) } }
                        th scope="col" { (lang.t("capture_people")) }
                    } }
                    tbody {
                        @for (pattern, count) in t.counts.iter().enumerate().skip(1) {
                            tr {
                                @for i in 0..t.lists.len() {
                                    td { @if pattern & (1 << i) != 0 { (lang.t("capture_on")) } @else { (lang.t("capture_off")) } }
                                }
                                td.count { (count) }
                            }
                        }
                    }
                }
            }
            p { a #download-capture href={"/link/capture.csv?result=" (token)} download="capture-history.csv" { (lang.t("download_capture")) } }
            form #to-estimate method="get" action="/estimate" {
                input type="hidden" name="result" value=(token);
                button type="submit" { (lang.t("estimate_from_result")) }
            }
        }
    }
}

/// `GET /estimate` (and the form again after a refusal); `expired` when a link result asked
/// for is no longer held.
pub fn estimate_form(user: &Authed, form: &EstimateForm, error: Option<&WebError>, expired: bool) -> Markup {
    let lang = user.lang;
    page(
        lang,
        Some(user),
        lang.t("estimate"),
        html! {
            p { (lang.t("estimate_intro")) }
            (privacy(lang))
            @if expired { p.warn role="status" { (lang.t("link_expired")) } }
            @if let Some(lists) = &form.from_link {
                p #from-link role="status" {
                    (lang.t("estimate_from_link")) " "
                    @for (i, l) in lists.iter().enumerate() { @if i > 0 { " · " } code { (l) } }
                    ". " (lang.t("estimate_from_link_check"))
                }
            }
            @if let Some(e) = error {
                (form_error_then(lang, e, "fix_lists"))
                @if form.text.trim().is_empty() { p #choose-again role="status" { (lang.t("choose_files_again")) } }
            }
            (estimate_fields(lang, user, form))
        },
    )
}

const METHODS: &[&str] = &["compare", "chapman", "loglinear", "dga", "lcmcr"];

fn estimate_fields(lang: Lang, user: &Authed, form: &EstimateForm) -> Markup {
    html! {
        form.stack #estimate-form method="post" enctype="multipart/form-data" action={"/estimate?csrf=" (user.csrf)} {
            label for="table" { (lang.t("capture_file")) }
            input #table type="file" name="table" accept=".csv,text/csv";
            label for="text" { (lang.t("capture_paste")) }
            textarea #text name="text" rows="6" placeholder="L1,L2,L3,count" { (form.text) }
            label for="method" { (lang.t("method")) }
            select #method name="method" {
                @for m in METHODS {
                    option value=(m) selected[form.method == *m] { (lang.term("method", m)) }
                }
            }
            p.note { (lang.t("estimate_slow")) }
            (submit(lang, "estimate-form", lang.t("estimate_run")))
        }
    }
}

fn figure(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), thousands)
}

/// The headline of one method's answer, in words: a figure with its interval, or a bound, or
/// that there is no estimate.
fn headline(lang: Lang, e: &Estimate) -> Markup {
    html! {
        @match e.outcome {
            Outcome::Estimate => {
                (lang.t("estimated_total")) ": " strong.figure { (figure(e.estimate)) } " ("
                (figure(e.ci_low)) " – " (e.ci_high.map_or_else(|| lang.t("no_upper_limit").to_string(), thousands)) ")"
                @if let Some(u) = e.undocumented { "; " (lang.t("never_documented")) " " (thousands(u)) }
            }
            Outcome::LowerBound => { strong.none { (lang.t("no_estimate")) } ": " (lang.t("at_least")) " " (figure(e.ci_low)) ", " (lang.t("no_upper_limit")) }
            Outcome::UpperBound => { strong.none { (lang.t("no_estimate")) } ": " (lang.t("at_most")) " " (figure(e.ci_high)) }
            Outcome::NoEstimate => { strong.none { (lang.t("no_estimate")) } }
        }
    }
}

fn method_name(lang: Lang, e: &Estimate) -> &str {
    let value = serde_json::to_value(e.method).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    METHODS.iter().find(|m| **m == value).map_or("", |m| lang.term("method", m))
}

/// One method's assumptions, warnings and why, in the user's language
/// ([`super::estimate_text`]).
fn details(lang: Lang, e: &Estimate) -> Markup {
    html! {
        @if let Some(why) = estimate_text::why(lang, e) { p { (lang.t("why")) ": " (why) } }
        @if !e.warnings.is_empty() {
            ul.warnings { @for w in &e.warnings { li.warn { (estimate_text::warning(lang, w)) } } }
        }
        details {
            summary { (lang.t("assumes")) }
            ul { @for a in &e.assumptions { li { (estimate_text::assumption(lang, *a)) } } }
        }
    }
}

/// `POST /estimate`: the result, and the form again to try another method.
pub fn estimate_result(user: &Authed, form: &EstimateForm, e: &Estimate) -> Markup {
    let lang = user.lang;
    let methods: Vec<&Estimate> = match &e.side_by_side {
        Some(side) => side.iter().collect(),
        None => vec![e],
    };
    page(
        lang,
        Some(user),
        lang.t("estimate_result"),
        html! {
            p { (lang.t("lists")) ": " @for (i, l) in e.lists.iter().enumerate() { @if i > 0 { ", " } code { (l) } }
                "; " (lang.t("observed")) " " (thousands(e.observed as f64)) }
            section #headline aria-labelledby="headline-h" {
                h2 #headline-h { (method_name(lang, e)) }
                p { (headline(lang, e)) }
                @if let Some(reason) = estimate_text::default_reason(lang, e) { p { (reason) } }
            }
            h2 #side { (lang.t("side_by_side")) }
            div.scroll tabindex="0" role="region" aria-label=(lang.t("side_by_side")) {
                table.estimates {
                    thead { tr { th { (lang.t("method")) } th { (lang.t("estimate_col")) } th { (lang.t("interval")) } th { (lang.t("model")) } } }
                    tbody {
                        @for m in &methods {
                            tr {
                                td { (method_name(lang, m)) }
                                td { @match m.outcome {
                                    Outcome::Estimate => (figure(m.estimate)),
                                    Outcome::LowerBound => { (lang.t("no_estimate")) " (≥ " (figure(m.ci_low)) ")" }
                                    Outcome::UpperBound => { (lang.t("no_estimate")) " (≤ " (figure(m.ci_high)) ")" }
                                    Outcome::NoEstimate => (lang.t("no_estimate")),
                                } }
                                td { @if m.outcome == Outcome::NoEstimate { "-" } @else {
                                    (figure(m.ci_low)) " – " (m.ci_high.map_or_else(|| lang.t("no_upper_limit").to_string(), thousands))
                                } }
                                td { (estimate_text::model(lang, m)) }
                            }
                        }
                    }
                }
            }
            @for m in &methods {
                section.method {
                    h3 { (method_name(lang, m)) }
                    (details(lang, m))
                }
            }
            @if let Some(pairs) = &e.pairs {
                h2 { (lang.t("pairs_of_lists")) }
                div.scroll tabindex="0" role="region" aria-label=(lang.t("pairs_of_lists")) {
                    table {
                        thead { tr { th { (lang.t("lists")) } th { (lang.t("both")) } th { (lang.t("estimate_col")) } th { (lang.t("interval")) } } }
                        tbody { @for p in pairs { tr {
                            td { code { (p.list_a) } " × " code { (p.list_b) } }
                            td { (p.n1) " / " (p.n2) " / " (p.both) }
                            td { @match p.estimate { Some(v) => (thousands(v)), None => (lang.t("no_estimate")) } }
                            td { (figure(p.ci_low)) " – " (figure(p.ci_high)) }
                        } } }
                    }
                }
            }
            @if e.side_by_side.is_some() && !e.warnings.is_empty() {
                h2 { (lang.t("warnings")) }
                ul.warnings { @for w in &e.warnings { li.warn { (estimate_text::warning(lang, w)) } } }
            }
            h2 { (lang.t("estimate_again")) }
            (estimate_fields(lang, user, form))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(largest_group: usize, oversized_groups: usize) -> CaptureHistory {
        CaptureHistory {
            lists: vec!["mines-a".into(), "mines-b".into()],
            counts: vec![0, 3, 2, 9],
            groups_with_duplicates: 1,
            largest_group,
            oversized_groups,
            oversized_at: 8,
            csv: "mines-a,mines-b,count\n1,0,3\n0,1,2\n1,1,9\n".into(),
        }
    }

    #[test]
    fn a_workplace_level_raised_by_a_learned_site_mapping_is_said_in_korean() {
        let name = format!("same place{}", attest_app::lists::SITE_MAPPED);
        let ko = level(Lang::Ko, &name).into_string();
        assert!(ko.contains("같은 장소") && ko.contains("한 장소의 두 이름") && ko.contains("이송"), "{ko}");
        assert!(!ko.contains("lang=\"en\"") && !ko.contains("learned"), "{ko}");
        let en = level(Lang::En, &name).into_string();
        assert!(en.contains("same place") && en.contains("a transfer between two sites"), "{en}");
    }

    #[test]
    fn an_oversized_group_is_warned_of_with_its_size_in_both_languages() {
        let en = capture(Lang::En, &table(14, 2), "tok").into_string();
        assert!(en.contains("The largest group has 14 records; 2 groups have more than 8."), "{en}");
        assert!(en.contains("would be biased"), "{en}");
        let ko = capture(Lang::Ko, &table(14, 2), "tok").into_string();
        assert!(ko.contains("가장 큰 묶음의 기록은 14건이고, 8건을 넘는 묶음이 2개"), "{ko}");
        assert!(!capture(Lang::En, &table(3, 0), "tok").into_string().contains("capture-oversized"));
        // The table as shown: one row per pattern, with its count.
        assert!(en.contains("<td>on</td><td>on</td><td class=\"count\">9</td>"), "{en}");
        assert!(en.contains("<strong id=\"capture-duplicates\">1</strong>"), "{en}");
    }

    #[test]
    fn a_column_name_may_break_only_between_its_words() {
        let said = |n: &str| column_name(n).into_string();
        assert_eq!(said("home_county"), "<code class=\"column\">home_<wbr>county</code>");
        assert_eq!(said("yearOfBirth"), "<code class=\"column\">year<wbr>Of<wbr>Birth</code>");
        assert_eq!(said("출생지"), "<code class=\"column\">출생지</code>");
        assert_eq!(said("a.b_"), "<code class=\"column\">a.<wbr>b_</code>");
        assert_eq!(said("<x>"), "<code class=\"column\">&lt;x&gt;</code>", "escaped as text");
    }

    #[test]
    fn a_family_field_not_counted_and_a_filled_value_are_said_in_korean() {
        let name = format!("same place{}", attest_app::lists::FAMILY_NOT_COUNTED);
        let ko = level(Lang::Ko, &name).into_string();
        assert_eq!(ko, "같은 장소 (가족 항목: 이름도 출생연도도 같지 않아 세지 않음)");
        assert!(level(Lang::En, &name).into_string().contains("neither the given name nor the birth year"));
        let filled = value(Lang::Ko, "1961", true).into_string();
        assert!(filled.contains("<em class=\"filled\"") && filled.contains("1961") && filled.contains("<sup>*</sup>"));
        assert_eq!(value(Lang::Ko, "1961", false).into_string(), "<span class=\"value\">«1961»</span>");
        let long = "함경북도 회령군 회령읍 남문동 12번지 3호 뒤편";
        assert_eq!(value(Lang::Ko, long, false).into_string(), format!("«{long}»"), "a long value may wrap");
    }

    #[test]
    fn a_record_id_holding_a_placeholder_is_shown_as_it_is() {
        let values = [("{a}", "{b}"), ("{b}", "X{p}"), ("{p}", "0.83")];
        assert_eq!(fill("pair {a} · {b} at {p} {unknown}", &values), "pair {b} · X{p} at 0.83 {unknown}");
        // The chain of replaces it stands for would have shown "X0.83 · X0.83".
        let chained = "pair {a} · {b} at {p}".replace("{a}", "{b}").replace("{b}", "X{p}").replace("{p}", "0.83");
        assert_ne!(chained, fill("pair {a} · {b} at {p}", &values));
    }

    #[test]
    fn each_reason_a_pair_cannot_be_one_person_is_said_in_both_languages_from_its_facts() {
        let every = [
            CannotLink::Sex,
            CannotLink::BirthYearsApart { years: 12 },
            CannotLink::Siblings { family: vec!["아버지 이름".into(), "본적".into()], years: 2 },
        ];
        // Each variant, so that a new one is said here before the page can show it.
        for why in &every {
            match why {
                CannotLink::Sex | CannotLink::BirthYearsApart { .. } | CannotLink::Siblings { .. } => {}
            }
            let ko = cannot_link(Lang::Ko, why);
            assert!(!ko.chars().any(|c| c.is_ascii_alphabetic()), "English in the Korean reason: {ko}");
            // The English the page says is the engine's own.
            assert_eq!(cannot_link(Lang::En, why), why.english());
        }
        let ko: Vec<String> = every.iter().map(|w| cannot_link(Lang::Ko, w)).collect();
        assert_eq!(ko[0], "성별이 다름");
        assert_eq!(ko[1], "출생 연도가 12년 차이 남");
        assert_eq!(ko[2], "같은 가족(아버지 이름, 본적)이지만 이름이 다르고 출생 연도가 2년 차이 남: 형제자매로 보임");
    }
}
