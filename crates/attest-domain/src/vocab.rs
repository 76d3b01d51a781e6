//! Controlled vocabularies: acts, consent terms, reliability grades, pseudonyms and languages.
//!
//! Parsing these at the edge (parse, don't validate) means the store never sees a free-text act or
//! a consent term it does not know how to honour.

use serde::Serialize;

/// The acts every archive starts with, after the HURIDOCS events vocabulary, with one line each.
/// Archives may add their own (`attest act add`).
pub const BUILT_IN_ACTS: &[(&str, &str)] = &[
    ("forced-labour", "Forced or compulsory labour"),
    ("execution", "Execution, judicial or summary"),
    ("killing", "Killing other than execution"),
    ("death-in-custody", "Death in custody or at the workplace under guard"),
    ("torture", "Torture or cruel, inhuman or degrading treatment"),
    ("arbitrary-detention", "Arbitrary arrest or detention"),
    ("enforced-disappearance", "Enforced disappearance"),
    ("child-labour", "Child labour"),
    ("denial-of-food", "Starvation or denial of food"),
    ("denial-of-medical-care", "Denial of medical care"),
    ("discrimination", "Discrimination, including by songbun class"),
    ("forced-relocation", "Forced relocation or banishment"),
    ("sexual-violence", "Sexual violence"),
    ("family-separation", "Separation of families"),
    ("restriction-of-movement", "Restriction of movement"),
];

/// An act slug: lower-case words joined by hyphens, such as `forced-labour`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ActSlug(String);

/// A value outside a vocabulary, or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} '{input}': {reason}")]
pub struct VocabError {
    /// Which field.
    pub field: &'static str,
    /// What was given.
    pub input: String,
    /// What was expected.
    pub reason: String,
}

fn vocab_err(field: &'static str, input: &str, reason: impl Into<String>) -> VocabError {
    VocabError { field, input: input.to_string(), reason: reason.into() }
}

impl ActSlug {
    /// Reads a slug; `forced labour` and `Forced_Labour` become `forced-labour`.
    pub fn parse(input: &str) -> Result<ActSlug, VocabError> {
        let slug: String =
            input.trim().to_lowercase().chars().map(|c| if c == ' ' || c == '_' { '-' } else { c }).collect();
        let ok = !slug.is_empty()
            && slug.len() <= 64
            && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !slug.starts_with('-')
            && !slug.ends_with('-');
        if !ok {
            return Err(vocab_err("act", input, "use lower-case letters, digits and hyphens, e.g. forced-labour"));
        }
        Ok(ActSlug(slug))
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the witness agreed may be done with their testimony. The default is the most protective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Consent {
    /// Nothing from this witness may be published; internal analysis only.
    #[default]
    NoPublication,
    /// May be quoted and cited under the pseudonym.
    PublishPseudonym,
    /// May be quoted without any name ("a former miner").
    PublishAnonymous,
    /// May be shared with courts and UN mechanisms only, not published.
    LegalUseOnly,
}

impl Consent {
    /// All terms, as written on the command line.
    pub const ALL: [&'static str; 4] = ["no-publication", "publish-pseudonym", "publish-anonymous", "legal-use-only"];

    /// Reads a consent term.
    pub fn parse(input: &str) -> Result<Consent, VocabError> {
        match input.trim() {
            "no-publication" => Ok(Consent::NoPublication),
            "publish-pseudonym" => Ok(Consent::PublishPseudonym),
            "publish-anonymous" => Ok(Consent::PublishAnonymous),
            "legal-use-only" => Ok(Consent::LegalUseOnly),
            _ => Err(vocab_err("consent", input, format!("expected one of {}", Consent::ALL.join(", ")))),
        }
    }

    /// The term as written.
    pub fn as_str(&self) -> &'static str {
        match self {
            Consent::NoPublication => "no-publication",
            Consent::PublishPseudonym => "publish-pseudonym",
            Consent::PublishAnonymous => "publish-anonymous",
            Consent::LegalUseOnly => "legal-use-only",
        }
    }
}

/// A pseudonym: the only name of a witness that leaves the vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pseudonym(String);

impl Pseudonym {
    /// Reads a pseudonym: 1 to 100 characters, no control characters.
    pub fn parse(input: &str) -> Result<Pseudonym, VocabError> {
        let p = input.trim();
        if p.is_empty() || p.chars().count() > 100 || p.chars().any(char::is_control) {
            return Err(vocab_err("pseudonym", input, "must be 1 to 100 printable characters"));
        }
        Ok(Pseudonym(p.to_string()))
    }

    /// The pseudonym.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A reliability grade in the Admiralty (NATO) code: source reliability A-F, information
/// credibility 1-6, written together as `B2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reliability {
    /// A (completely reliable) to F (cannot be judged).
    pub source: char,
    /// 1 (confirmed) to 6 (cannot be judged).
    pub information: u8,
}

impl Reliability {
    /// Reads `B2`, `b2`, `B-2`.
    pub fn parse(input: &str) -> Result<Reliability, VocabError> {
        let t: Vec<char> = input.trim().to_uppercase().chars().filter(|c| *c != '-').collect();
        match t.as_slice() {
            [s @ 'A'..='F', i @ '1'..='6'] => Ok(Reliability { source: *s, information: *i as u8 - b'0' }),
            _ => Err(vocab_err(
                "reliability",
                input,
                "expected an Admiralty grade: a letter A-F then a digit 1-6, e.g. B2",
            )),
        }
    }
}

impl std::fmt::Display for Reliability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.source, self.information)
    }
}

/// What a user of the workspace may do. Roles say which pages and actions a user sees; what they
/// can decrypt is decided by their grants, not by their role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Manages users and cases; sees sealed identities only with a grant like anyone else.
    Admin,
    /// Records testimonies and claims.
    Investigator,
    /// Reads and analyses; works with pseudonyms.
    Analyst,
    /// Reads.
    Viewer,
}

impl Role {
    /// All roles, as written on the command line.
    pub const ALL: [&'static str; 4] = ["admin", "investigator", "analyst", "viewer"];
    /// Every role.
    pub const EVERY: [Role; 4] = [Role::Admin, Role::Investigator, Role::Analyst, Role::Viewer];

    /// Reads a role.
    pub fn parse(input: &str) -> Result<Role, VocabError> {
        match input.trim() {
            "admin" => Ok(Role::Admin),
            "investigator" => Ok(Role::Investigator),
            "analyst" => Ok(Role::Analyst),
            "viewer" => Ok(Role::Viewer),
            _ => Err(vocab_err("role", input, format!("expected one of {}", Role::ALL.join(", ")))),
        }
    }

    /// The role as written.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Investigator => "investigator",
            Role::Analyst => "analyst",
            Role::Viewer => "viewer",
        }
    }
}

/// A language tag: two or three lower-case letters (ISO 639), such as `ko` or `en`.
pub fn parse_language(input: &str) -> Result<String, VocabError> {
    let l = input.trim().to_lowercase();
    if (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase()) {
        Ok(l)
    } else {
        Err(vocab_err("language", input, "expected an ISO 639 code such as ko or en"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acts() {
        assert_eq!(ActSlug::parse("Forced labour").unwrap().as_str(), "forced-labour");
        assert!(ActSlug::parse("-x").is_err());
        assert!(ActSlug::parse("강제노동").is_err());
        for (slug, _) in BUILT_IN_ACTS {
            assert_eq!(ActSlug::parse(slug).unwrap().as_str(), *slug);
        }
    }

    #[test]
    fn consent_round_trip() {
        for term in Consent::ALL {
            assert_eq!(Consent::parse(term).unwrap().as_str(), term);
        }
        assert!(Consent::parse("publish").unwrap_err().to_string().contains("no-publication"));
        assert_eq!(Consent::default(), Consent::NoPublication);
    }

    #[test]
    fn reliability() {
        assert_eq!(Reliability::parse("b2").unwrap().to_string(), "B2");
        assert_eq!(Reliability::parse("F-6").unwrap().to_string(), "F6");
        for bad in ["G1", "A7", "A", "22", ""] {
            assert!(Reliability::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pseudonyms_and_languages() {
        assert!(Pseudonym::parse("  ").is_err());
        assert!(Pseudonym::parse("a\u{7}").is_err());
        assert_eq!(Pseudonym::parse(" 최기선 ").unwrap().as_str(), "최기선");
        assert_eq!(parse_language("KO").unwrap(), "ko");
        assert!(parse_language("korean").is_err());
    }
}
