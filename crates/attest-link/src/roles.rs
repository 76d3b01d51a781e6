//! What each column is (its role), inferred from header names and values, and the configuration a
//! user can print, edit and pass back.

use serde::{Deserialize, Serialize};

/// The role of a column in linkage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The record id (not compared).
    Id,
    /// Given (first) name.
    GivenName,
    /// Surname (family name).
    Surname,
    /// A whole name in one field, in any order.
    FullName,
    /// Father's (or another relative's) name.
    FatherName,
    /// Date of birth.
    Dob,
    /// Year of birth.
    BirthYear,
    /// Age when reported (with `ReportedYear`, gives a birth year).
    Age,
    /// Year the age was reported.
    ReportedYear,
    /// Sex or gender.
    Sex,
    /// Postcode.
    Postcode,
    /// Street address.
    Address,
    /// House or street number.
    StreetNumber,
    /// Place: town, county, province, origin.
    Place,
    /// A site: mine, camp, workplace.
    Site,
    /// An identifier such as a national id or registry number.
    Identifier,
    /// Which list the record came from (not compared).
    Source,
    /// Other text, compared by edit distance.
    Text,
    /// A number (height, a count, a camp block number), compared by relative difference.
    Number,
    /// Not used.
    Ignore,
}

/// One column's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnConfig {
    /// Header name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Compare with the Korean-aware comparators (romanization-insensitive keys, surname table,
    /// place aliases).
    #[serde(default)]
    pub korean: bool,
    /// Weight exact agreement by how rare the value is (common names are weak evidence).
    #[serde(default)]
    pub term_frequency: bool,
}

/// A linkage configuration: printed by `attest link`, editable, passed back with `--config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkConfig {
    /// Columns, in file order.
    pub columns: Vec<ColumnConfig>,
    /// Blocking rules: each is a list of column names whose (keyed) values must all agree for a
    /// pair to be compared. A pair is compared if any rule holds.
    pub blocking: Vec<Vec<String>>,
    /// Rules used only to learn the model, not to find links: they leave the names free, so the
    /// agreement of names among true matches can be learnt from pairs the names did not select.
    /// Their pairs are sampled (about 100,000 per rule at most).
    #[serde(default)]
    pub training_blocking: Vec<Vec<String>>,
    /// Match probability at or above which pairs are linked.
    pub threshold: f64,
    /// Blocks larger than this are skipped (and reported): they would be a common name or value.
    #[serde(default = "default_max_block")]
    pub max_block: usize,
}

fn default_max_block() -> usize {
    2_000
}

fn normalise_header(h: &str) -> String {
    h.trim().to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The role a header name suggests.
pub fn role_from_header(header: &str) -> Option<Role> {
    let h = normalise_header(header);
    let role = match h.as_str() {
        "id" | "recid" | "recordid" | "uid" | "key" => Role::Id,
        "givenname" | "firstname" | "forename" | "given" | "first" | "이름" => Role::GivenName,
        "surname" | "lastname" | "familyname" | "last" | "family" | "성" => Role::Surname,
        "name" | "fullname" | "personname" | "성명" | "이름전체" => Role::FullName,
        "fathername" | "father" | "fathersname" | "mothername" | "mother" | "아버지" | "부친" => Role::FatherName,
        "dob" | "dateofbirth" | "birthdate" | "born" | "생년월일" => Role::Dob,
        "birthyear" | "yearofbirth" | "yob" | "출생연도" | "출생년도" => Role::BirthYear,
        "age" | "나이" => Role::Age,
        "reportedyear" | "yearreported" | "reportyear" | "interviewyear" | "ageyear" | "year" => Role::ReportedYear,
        "sex" | "gender" | "성별" => Role::Sex,
        "postcode" | "zip" | "zipcode" | "postalcode" => Role::Postcode,
        "address" | "address1" | "address2" | "street" | "streetaddress" | "주소" => Role::Address,
        "streetnumber" | "housenumber" | "streetno" => Role::StreetNumber,
        "place" | "origin" | "province" | "hometown" | "suburb" | "city" | "county" | "town" | "state" | "region"
        | "birthplace" | "placeofbirth" | "고향" | "출신" | "지역" | "도" | "군" => Role::Place,
        "site" | "camp" | "mine" | "workplace" | "location" | "탄광" | "수용소" => Role::Site,
        "socsecid" | "ssn" | "idnumber" | "nationalid" | "passport" | "registryid" | "powid" | "serial" => {
            Role::Identifier
        }
        "source" | "list" | "dataset" | "출처" => Role::Source,
        "height" | "weight" | "number" | "count" | "block" | "unit" => Role::Number,
        _ => return None,
    };
    Some(role)
}

/// Infers a configuration from the header and a sample of rows. `id_column` is the index of the
/// record id.
pub fn infer_config(headers: &[String], rows: &[Vec<String>], id_column: usize) -> LinkConfig {
    let sample: Vec<&Vec<String>> = rows.iter().take(2_000).collect();
    let hangul_share = |c: usize| -> f64 {
        let filled: Vec<&str> = sample.iter().map(|r| r[c].as_str()).filter(|v| !v.is_empty()).collect();
        if filled.is_empty() {
            return 0.0;
        }
        filled.iter().filter(|v| v.chars().any(attest_korean::hangul::is_hangul)).count() as f64 / filled.len() as f64
    };
    let korean_surname_share = |c: usize| -> f64 {
        let filled: Vec<&str> = sample.iter().map(|r| r[c].as_str()).filter(|v| !v.is_empty()).collect();
        if filled.is_empty() {
            return 0.0;
        }
        let first_tokens = filled.iter().filter(|v| {
            let parts: Vec<&str> = v.split([' ', ',']).filter(|p| !p.is_empty()).collect();
            parts.first().is_some_and(|p| attest_korean::names::surname_key(p).is_some())
                || parts.last().is_some_and(|p| attest_korean::names::surname_key(p).is_some())
        });
        first_tokens.count() as f64 / filled.len() as f64
    };
    let looks_like_date = |c: usize| -> bool {
        let filled: Vec<&str> = sample.iter().map(|r| r[c].as_str()).filter(|v| !v.is_empty()).collect();
        !filled.is_empty()
            && filled.iter().filter(|v| crate::compare::parse_date(v).is_some()).count() * 10 >= filled.len() * 9
    };
    let mut columns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let mut role = if i == id_column { Role::Id } else { role_from_header(h).unwrap_or(Role::Text) };
        if role == Role::Id && i != id_column {
            role = Role::Identifier;
        }
        if role == Role::Text && looks_like_date(i) {
            role = Role::Dob;
        }
        let korean = match role {
            Role::Surname | Role::FullName | Role::FatherName | Role::GivenName => {
                hangul_share(i) > 0.05 || korean_surname_share(i) > 0.3
            }
            Role::Place | Role::Site => hangul_share(i) > 0.05,
            _ => false,
        };
        let term_frequency = matches!(role, Role::GivenName | Role::Surname | Role::FullName | Role::FatherName);
        columns.push(ColumnConfig { name: h.clone(), role, korean, term_frequency });
    }
    // A given-name column is Korean if the surname column is.
    if columns.iter().any(|c| c.role == Role::Surname && c.korean) {
        for c in columns.iter_mut().filter(|c| c.role == Role::GivenName) {
            c.korean = true;
        }
    }
    let (blocking, training_blocking) = default_blocking(&columns);
    LinkConfig { columns, blocking, training_blocking, threshold: 0.9, max_block: default_max_block() }
}

/// Blocking rules from the roles present: (rules that find candidate links, rules that only train
/// the model). Strong identifiers alone; whole names; a name part with a birth year or a place.
/// Each is cheap to satisfy for a true pair and rare for a random one.
pub fn default_blocking(columns: &[ColumnConfig]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let find = |role: Role| columns.iter().filter(|c| c.role == role).map(|c| c.name.clone()).collect::<Vec<_>>();
    let (given, sur, full) = (find(Role::GivenName), find(Role::Surname), find(Role::FullName));
    let (dob, year, ids) = (find(Role::Dob), find(Role::BirthYear), find(Role::Identifier));
    let (post, place, age) = (find(Role::Postcode), find(Role::Place), find(Role::Age));
    let (father, site) = (find(Role::FatherName), find(Role::Site));
    let year_any: Vec<String> = year.iter().chain(&dob).chain(&age).map(|c| format!("{c}#year")).collect();
    let mut rules: Vec<Vec<String>> = Vec::new();
    for id in &ids {
        rules.push(vec![id.clone()]);
    }
    for d in &dob {
        rules.push(vec![d.clone()]);
    }
    let places: Vec<&String> = post.iter().chain(&place).take(2).collect();
    if !sur.is_empty() && !given.is_empty() {
        let (s, g) = (&sur[0], &given[0]);
        rules.push(vec![s.clone(), g.clone()]);
        for part in [s, g] {
            if let Some(y) = year_any.first() {
                rules.push(vec![part.clone(), y.clone()]);
            }
            for p in &places {
                rules.push(vec![part.clone(), (*p).clone()]);
            }
        }
    } else if let Some(f) = full.first() {
        rules.push(vec![f.clone()]);
        let given_part = format!("{f}#given");
        if let Some(y) = year_any.first() {
            rules.push(vec![given_part.clone(), y.clone()]);
        }
        for p in &places {
            rules.push(vec![given_part.clone(), (*p).clone()]);
        }
        // Surnames are few (Kim, Lee and Park are 45 % of Koreans): only with two more fields.
        if let (Some(y), Some(p)) = (year_any.first(), places.first()) {
            rules.push(vec![format!("{f}#surname"), y.clone(), (*p).clone()]);
        }
    }
    for fa in &father {
        rules.push(vec![fa.clone()]);
    }
    let mut training = Vec::new();
    if let Some(y) = year_any.first() {
        for p in places.iter().take(1) {
            training.push(vec![y.clone(), (*p).clone()]);
        }
        for s in site.iter().take(1) {
            training.push(vec![y.clone(), s.clone()]);
        }
    }
    if rules.is_empty() {
        // Nothing recognised: compare within equal values of the first text column.
        if let Some(c) = columns.iter().find(|c| c.role == Role::Text) {
            rules.push(vec![c.name.clone()]);
        }
    }
    (rules, training)
}
