//! Search over pseudonyms, source texts and claims (never sealed fields), romanization-insensitive
//! for names and places. A workspace user searches only the cases they are a member of (filtered
//! inside SQL).

use std::collections::BTreeMap;

use attest_domain::CaseId;
use attest_store::{Archive, SearchHit};
use serde::Serialize;

use crate::access::Caller;
use crate::error::Result;
use crate::input::SearchInput;

/// Search results.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchPage {
    /// What was asked.
    pub query: String,
    /// Hits.
    pub hits: Vec<SearchHit>,
    /// The source of each claim hit, by claim id: the reader shows the claim on its passage.
    pub claim_sources: BTreeMap<String, String>,
}

/// At most this many hits in the workspace.
pub const WORKSPACE_LIMIT: usize = 50;

/// Searches the cases `caller` is a member of (or one of them).
pub fn search_as(a: &mut Archive, caller: &Caller, q: SearchInput) -> Result<SearchPage> {
    let scope: Vec<String> = match &q.case {
        Some(c) => {
            caller.need_member(c)?;
            vec![c.to_string()]
        }
        None => caller.user.cases.iter().map(|c| c.to_string()).collect(),
    };
    let hits = if q.query.is_empty() || scope.is_empty() {
        Vec::new()
    } else {
        a.search_in(&q.query, Some(&scope), WORKSPACE_LIMIT)?
    };
    let mut claim_sources = BTreeMap::new();
    for h in hits.iter().filter(|h| h.kind == "claim") {
        claim_sources.insert(h.record_id.clone(), a.get_claim(&h.record_id)?.source_id.to_string());
    }
    Ok(SearchPage { query: q.query, hits, claim_sources })
}

/// Searches the whole archive, or one case (the keyholder at the command line).
pub fn search(a: &mut Archive, query: &str, case: Option<&CaseId>, limit: usize) -> Result<Vec<SearchHit>> {
    Ok(a.search(query, case.map(CaseId::as_str), limit)?)
}
