//! Typed record identifiers.
//!
//! Ids are random, so they reveal neither how many witnesses a case holds nor in which order they
//! were interviewed, and two laptops working offline never hand out the same one. They carry their
//! kind as a prefix (`wit_…`) so that a witness id pasted where a source id belongs is refused
//! with a clear message. The random bytes are a parameter: this crate does no I/O.

use std::fmt;
use std::marker::PhantomData;

/// A kind of record that has ids.
pub trait IdKind {
    /// The prefix of its ids, such as `wit`.
    const PREFIX: &'static str;
    /// The kind's name in messages, such as `witness`.
    const NAME: &'static str;
}

macro_rules! id_kind {
    ($ty:ident, $prefix:literal, $name:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty {}
        impl IdKind for $ty {
            const PREFIX: &'static str = $prefix;
            const NAME: &'static str = $name;
        }
    };
}

id_kind!(CaseKind, "case", "case", "Marker for case ids.");
id_kind!(WitnessKind, "wit", "witness", "Marker for witness ids.");
id_kind!(SourceKind, "src", "source", "Marker for source ids.");
id_kind!(ClaimKind, "clm", "claim", "Marker for claim ids.");
id_kind!(UserKind, "usr", "user", "Marker for user ids.");

/// The id of a case.
pub type CaseId = Id<CaseKind>;
/// The id of a witness.
pub type WitnessId = Id<WitnessKind>;
/// The id of a source.
pub type SourceId = Id<SourceKind>;
/// The id of a claim.
pub type ClaimId = Id<ClaimKind>;
/// The id of a user of the workspace.
pub type UserId = Id<UserKind>;

/// Crockford's base32 alphabet: no I, L, O or U, so ids survive being read aloud or copied by hand.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const BODY_LEN: usize = 16;

/// An id of one kind of record: `PREFIX_` followed by 16 base32 characters (80 random bits).
pub struct Id<K> {
    text: String,
    kind: PhantomData<K>,
}

/// Why an id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a {kind} id (expected {prefix}_ followed by 16 letters and digits)")]
pub struct IdError {
    /// What was given.
    pub input: String,
    /// The kind that was expected.
    pub kind: &'static str,
    /// Its prefix.
    pub prefix: &'static str,
}

impl<K: IdKind> Id<K> {
    /// Makes an id from 10 random bytes.
    pub fn from_random(bytes: [u8; 10]) -> Self {
        let mut bits: u128 = 0;
        for b in bytes {
            bits = (bits << 8) | u128::from(b);
        }
        let mut body = [0u8; BODY_LEN];
        for (i, slot) in body.iter_mut().enumerate() {
            let shift = 5 * (BODY_LEN - 1 - i);
            *slot = ALPHABET[((bits >> shift) & 31) as usize];
        }
        let body = std::str::from_utf8(&body).unwrap_or_default();
        Id { text: format!("{}_{}", K::PREFIX, body), kind: PhantomData }
    }

    /// Reads an id, refusing one of another kind or of the wrong shape. Upper case is accepted.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let err = || IdError { input: input.to_string(), kind: K::NAME, prefix: K::PREFIX };
        let lower = input.trim().to_ascii_lowercase();
        let body = lower.strip_prefix(K::PREFIX).and_then(|rest| rest.strip_prefix('_')).ok_or_else(err)?;
        if body.len() != BODY_LEN || !body.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(err());
        }
        Ok(Id { text: lower, kind: PhantomData })
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        Id { text: self.text.clone(), kind: PhantomData }
    }
}
impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}
impl<K> Eq for Id<K> {}
impl<K> std::hash::Hash for Id<K> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}
impl<K> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
impl<K> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
impl<K> serde::Serialize for Id<K> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de, K: IdKind> serde::Deserialize<'de> for Id<K> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        Id::parse(&text).map_err(serde::de::Error::custom)
    }
}
#[cfg(feature = "openapi")]
impl<K> utoipa::PartialSchema for Id<K> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "A record id: its kind's prefix (case_, wit_, src_, clm_, usr_) and 16 base32 characters",
            ))
            .into()
    }
}
#[cfg(feature = "openapi")]
impl<K> utoipa::ToSchema for Id<K> {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Id")
    }
}
impl<K: IdKind> std::str::FromStr for Id<K> {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        Id::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_kind_check() {
        let id = WitnessId::from_random([7; 10]);
        assert!(id.as_str().starts_with("wit_"));
        assert_eq!(WitnessId::parse(id.as_str()).unwrap(), id);
        assert_eq!(WitnessId::parse(&id.as_str().to_uppercase()).unwrap(), id);
        let e = SourceId::parse(id.as_str()).unwrap_err();
        assert!(e.to_string().contains("not a source id"));
        assert!(CaseId::parse("case_123").is_err());
        assert!(CaseId::parse("case_0000000000000000").is_ok());
        assert!(CaseId::parse("case_000000000000000u").is_err());
        let parsed: WitnessId = serde_json::from_value(serde_json::json!(id.as_str())).unwrap();
        assert_eq!(parsed, id);
        assert!(serde_json::from_value::<SourceId>(serde_json::json!(id.as_str())).is_err());
        assert_eq!(id.as_str().parse::<WitnessId>().unwrap(), id);
    }

    #[test]
    fn different_bytes_give_different_ids() {
        let a = ClaimId::from_random([0; 10]);
        let mut b = [0; 10];
        b[9] = 1;
        assert_ne!(a, ClaimId::from_random(b));
    }
}
