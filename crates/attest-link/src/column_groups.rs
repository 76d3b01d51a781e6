//! Relations between columns found from their values: small vocabularies that stay with the
//! person, lists stacked one below another with their own headers for one field, and identifiers
//! that number a group rather than a person.

use std::collections::HashMap;

use crate::notes::NotePart;
use crate::roles::{ColumnConfig, Role};
use crate::value_profile::share;

/// A small vocabulary that stays with the person (an occupation under a header no word list
/// knows) is compared; a source's own vocabulary (a status, a list's role words) stays ignored.
/// Rows that agree exactly on the name and on the date or year of birth are nearly all one
/// person: where such rows agree on the column at least 80 % of the time, and random rows at
/// most half as often, the column describes the person.
pub(crate) fn person_vocabularies(columns: &mut [ColumnConfig], rows: &[Vec<String>]) {
    let find = |role: Role| columns.iter().position(|c| c.role == role);
    let name: Vec<usize> = match (find(Role::GivenName), find(Role::Surname), find(Role::FullName)) {
        (Some(g), Some(s), _) => vec![g, s],
        (_, _, Some(f)) => vec![f],
        _ => return,
    };
    let Some(born) = find(Role::Dob).or_else(|| find(Role::BirthYear)) else { return };
    let candidates: Vec<usize> = (0..columns.len())
        .filter(|&c| {
            columns[c].role == Role::Ignore && matches!(columns[c].note.opening(), Some(NotePart::FewDistinct { .. }))
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let stride = rows.len().div_ceil(50_000).max(1);
    let mut groups: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    for (r, row) in rows.iter().enumerate().step_by(stride) {
        let key: Vec<&str> = name.iter().chain([&born]).map(|&c| row[c].trim()).collect();
        if key.iter().all(|v| !v.is_empty()) {
            groups.entry(key).or_default().push(r);
        }
    }
    for c in candidates {
        let (mut same, mut compared) = (0usize, 0usize);
        for members in groups.values() {
            for w in members.windows(2) {
                let (a, b) = (rows[w[0]][c].trim(), rows[w[1]][c].trim());
                if !a.is_empty() && !b.is_empty() {
                    compared += 1;
                    same += usize::from(a.eq_ignore_ascii_case(b));
                }
            }
        }
        let mut freq: HashMap<String, usize> = HashMap::new();
        let mut filled = 0usize;
        for row in rows.iter().step_by(stride) {
            let v = row[c].trim();
            if !v.is_empty() {
                *freq.entry(v.to_lowercase()).or_default() += 1;
                filled += 1;
            }
        }
        let random: f64 = freq.values().map(|&n| share(n, filled).powi(2)).sum();
        let agree = share(same, compared);
        if compared >= 50 && agree >= 0.8 && random * 2.0 <= agree {
            let col = &mut columns[c];
            col.role = Role::Text;
            col.term_frequency = true;
            if let Some(NotePart::FewDistinct { compared: now_compared, .. }) = col.note.0.first_mut() {
                *now_compared = true;
            }
            col.note.push(NotePart::PersonVocabulary { agree: agree * 100.0, pairs: compared, random: random * 100.0 });
        }
    }
}

/// Roles whose columns, when each list of a stacked file fills its own, are one field.
const STACKABLE: [Role; 11] = [
    Role::FullName,
    Role::Surname,
    Role::GivenName,
    Role::BirthYear,
    Role::Dob,
    Role::Age,
    Role::ReportedYear,
    Role::Sex,
    Role::Place,
    Role::FatherName,
    Role::Site,
];

/// Groups of columns sharing a role that rows fill one or another, almost never two (under 2 %
/// of the rows that fill any): lists stacked one below another, each with its own header for one
/// field ("성명", "Full Name", "name"). The first column of a group takes the others' values where
/// it is empty ([`crate::Linker`] does this before preparing records); the others are not
/// compared. Columns of one role filled together (a birthplace and a residence) stay apart.
pub fn stacked_groups<R: AsRef<[String]>>(columns: &[ColumnConfig], rows: &[R]) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    let filled = |row: &[String], c: usize| row.get(c).is_some_and(|v| !v.trim().is_empty());
    for role in STACKABLE {
        // Greedily, in column order: a column joins if rows almost never fill it together with
        // the group so far (a second column of the same list stays apart).
        let of_role: Vec<usize> = (0..columns.len()).filter(|&c| columns[c].role == role).collect();
        if of_role.len() < 2 {
            // One column of the role is never a group: no need to read every row for it.
            continue;
        }
        if role == Role::FullName
            && let Some(pair) = other_script_pair(&of_role, rows)
        {
            groups.push(pair.to_vec());
            continue;
        }
        let mut group: Vec<usize> = Vec::new();
        for c in of_role {
            let (mut any, mut both) = (0usize, 0usize);
            for row in rows {
                let row = row.as_ref();
                let in_group = group.iter().any(|&g| filled(row, g));
                any += usize::from(in_group || filled(row, c));
                both += usize::from(in_group && filled(row, c));
            }
            if group.is_empty() || (any > 0 && share(both, any) < 0.02) {
                group.push(c);
            }
        }
        if group.len() >= 2 {
            groups.push(group);
        }
    }
    groups
}

/// An identifier whose values are shared by records with different given names numbers a
/// household, a schedule or a group, not a person: comparing it would link relatives. Such a
/// column is ignored, with the reason.
pub(crate) fn group_identifiers(columns: &mut [ColumnConfig], rows: &[Vec<String>]) {
    let Some(given) = columns.iter().position(|c| c.role == Role::GivenName) else {
        return;
    };
    // The first three letters, lower-cased, without allocating per row (this reads every row).
    let first_letters = |s: &str| {
        let mut out = ['\0'; 3];
        for (slot, ch) in out.iter_mut().zip(s.trim().chars().flat_map(char::to_lowercase)) {
            *slot = ch;
        }
        out
    };
    for c in 0..columns.len() {
        if columns[c].role != Role::Identifier {
            continue;
        }
        let mut groups: std::collections::HashMap<&str, Vec<[char; 3]>> = std::collections::HashMap::new();
        for r in rows {
            let v = r[c].trim();
            if !v.is_empty() && !r[given].trim().is_empty() {
                groups.entry(v).or_default().push(first_letters(&r[given]));
            }
        }
        let (mut pairs, mut same) = (0usize, 0usize);
        for names in groups.values().filter(|g| g.len() > 1) {
            for w in names.windows(2) {
                pairs += 1;
                same += usize::from(w[0] == w[1]);
            }
        }
        if pairs >= 20 && share(same, pairs) < 0.5 {
            columns[c].role = Role::Ignore;
            columns[c].note.push(NotePart::GroupNumber { agree: share(same, pairs) * 100.0, pairs });
        }
    }
}

/// Two full-name columns, one in Hangul and one in Latin letters, that many rows fill only one of
/// (a sheet with a Korean and a romanized name column, some lists writing one, some the other):
/// one name field, `[hangul, latin]`. Compared apart, a list writing only Hangul and one writing
/// only Latin letters would never meet on the name. Both filled in at least half of the rows
/// that fill either (a bilingual list): two columns, as before.
pub(crate) fn other_script_pair<R: AsRef<[String]>>(of_role: &[usize], rows: &[R]) -> Option<[usize; 2]> {
    let &[a, b] = of_role else { return None };
    let stride = rows.len().div_ceil(5_000).max(1);
    let (mut hangul, mut latin, mut filled, mut any, mut both) = ([0usize; 2], [0usize; 2], [0usize; 2], 0, 0);
    for row in rows.iter().step_by(stride) {
        let row = row.as_ref();
        let mut here = [false; 2];
        for (k, &c) in [a, b].iter().enumerate() {
            let v = row.get(c).map_or("", |v| v.trim());
            if crate::messy_values::is_missing(Role::FullName, v) {
                continue;
            }
            here[k] = true;
            filled[k] += 1;
            if v.chars().any(attest_korean::hangul::is_hangul) {
                hangul[k] += 1;
            } else if v.chars().any(|c| c.is_ascii_alphabetic()) {
                latin[k] += 1;
            }
        }
        any += usize::from(here[0] || here[1]);
        both += usize::from(here[0] && here[1]);
    }
    let mostly = |n: usize, of: usize| of >= 20 && share(n, of) >= 0.8;
    if any == 0 || share(both, any) >= 0.5 {
        return None;
    }
    if mostly(hangul[0], filled[0]) && mostly(latin[1], filled[1]) {
        Some([a, b])
    } else if mostly(latin[0], filled[0]) && mostly(hangul[1], filled[1]) {
        Some([b, a])
    } else {
        None
    }
}
