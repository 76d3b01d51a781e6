//! What the engine is given: sources, claims (with their basis of knowledge and per-claim
//! information grade), places, dependencies between sources, an analyst's event decisions, and
//! the rules of the case. Every field added for issue 14 has a default, so a caller that cannot
//! supply it yet (the store has no basis of knowledge, victims or case policy) still compiles and
//! gets the conservative reading.

use attest_domain::{Reliability, UncertainCount, UncertainDate};
use serde::Serialize;

/// A source as corroboration sees it.
#[derive(Debug, Clone, Default)]
pub struct SourceInput {
    /// Source id.
    pub source_id: String,
    /// The witness, for testimonies. A source with a witness is a testimony: it originates what
    /// it says unless it is shown to repeat another source.
    pub witness_id: Option<String>,
    /// Admiralty grade, when assessed.
    pub reliability: Option<Reliability>,
    /// Publication or recording date (ISO 8601), when known: the earliest member of a provenance
    /// chain is its originating source.
    pub published: Option<String>,
}

/// How the source of a claim came to know what it says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Not recorded. For a testimony it is taken as first-hand, and every finding that relies on
    /// that says so; for a document it is not first-hand.
    #[default]
    Unstated,
    /// Saw or experienced it.
    Witnessed,
    /// Heard it from a named person: a witness id of the case, a source id, or a name. The claim
    /// joins that informant's line.
    HeardFromNamed(String),
    /// Heard it from people not named ("people said"). Such a line may support a finding but is
    /// never the second line that corroborates it.
    HeardFromUnknown,
    /// Read it: in a source of the case (its id), or somewhere not identified.
    Read(Option<String>),
}

/// A claim as corroboration sees it.
#[derive(Debug, Clone, Default)]
pub struct ClaimInput {
    /// Claim id.
    pub claim_id: String,
    /// The source that makes it.
    pub source_id: String,
    /// Act slug (the legal label; matching uses its act family).
    pub act: String,
    /// Place as written.
    pub place: Option<String>,
    /// When.
    pub when: Option<UncertainDate>,
    /// How many.
    pub count: Option<UncertainCount>,
    /// What was counted: `dead`, `present`, `survivors`, `victims`... Counts of different things
    /// are never compared.
    pub counted: Option<String>,
    /// How the source knows it.
    pub basis: Basis,
    /// Information grade of this claim (1-6), when assessed apart from the source's.
    pub information: Option<u8>,
    /// Named victims, as written (matching evidence: romanization-insensitive).
    pub victims: Vec<String>,
    /// Named perpetrators or units, as written.
    pub perpetrators: Vec<String>,
    /// The source says this did not happen.
    pub denies: bool,
}

/// A place of the case's gazetteer: where it lies, and other names for it.
#[derive(Debug, Clone, Default)]
pub struct PlaceInput {
    /// The name.
    pub name: String,
    /// The place it lies in (a site in a village, a village in a county...).
    pub parent: Option<String>,
    /// Other names and spellings.
    pub aliases: Vec<String>,
}

/// Why two sources (or two witnesses) may not be independent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DependencyKind {
    /// Two testimonies of one witness.
    SameWitness,
    /// Two witnesses who may be one person (sealed identities compared inside the vault, or
    /// declared). Joins them unless it carries counter-evidence; always a review item when it
    /// comes from the vault.
    SamePerson,
    /// Both heard it from the same informant.
    SharedInformant,
    /// Both were taken by the same interviewer: a contamination risk to review, not a common
    /// origin. Never joins.
    SharedInterviewer,
    /// `a` cites `b` (names it as its source): `b` originates.
    Cites,
    /// `b` derives from `a` (copy, spun copy, quotation): found by provenance.
    DerivedText,
    /// `b` may derive from `a` (a translation, shared distinctive details without attribution):
    /// joined until an analyst decides, and always a review item.
    PossiblyDerived,
    /// An analyst decided `a` and `b` are independent (or, for witnesses, different people):
    /// cancels a possible derivation, derived text or identity match between them.
    Independent,
}

impl DependencyKind {
    /// The kinds an analyst may declare, by their command-line names.
    pub fn parse_declared(s: &str) -> Option<DependencyKind> {
        match s {
            "shared-informant" => Some(DependencyKind::SharedInformant),
            "shared-interviewer" => Some(DependencyKind::SharedInterviewer),
            "cites" => Some(DependencyKind::Cites),
            "same-person" => Some(DependencyKind::SamePerson),
            "independent" => Some(DependencyKind::Independent),
            _ => None,
        }
    }

    /// The kebab-case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            DependencyKind::SameWitness => "same-witness",
            DependencyKind::SamePerson => "same-person",
            DependencyKind::SharedInformant => "shared-informant",
            DependencyKind::SharedInterviewer => "shared-interviewer",
            DependencyKind::Cites => "cites",
            DependencyKind::DerivedText => "derived-text",
            DependencyKind::PossiblyDerived => "possibly-derived",
            DependencyKind::Independent => "independent",
        }
    }
}

/// One reason two sources or witnesses may not be independent. `a` and `b` are source ids, or
/// witness ids for `same-person`.
#[derive(Debug, Clone, Serialize)]
pub struct Dependency {
    /// One end (the original, for derived text; the citing source, for `cites`).
    pub a: String,
    /// The other end.
    pub b: String,
    /// Why.
    pub kind: DependencyKind,
    /// Who found it: `declared` (an analyst), `provenance`, `vault` (identity comparison), `archive`.
    pub origin: &'static str,
    /// Detail, such as the provenance relation or the identity comparison's basis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Facts against the dependency (different birth years, different sealed contacts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counter_evidence: Vec<String>,
}

impl Dependency {
    /// A dependency without detail or counter-evidence.
    pub fn new(a: &str, b: &str, kind: DependencyKind, origin: &'static str) -> Dependency {
        Dependency { a: a.to_string(), b: b.to_string(), kind, origin, detail: None, counter_evidence: Vec::new() }
    }
}

/// An analyst's decision about two claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// The two claims are about one event.
    Merge,
    /// The two claims are about different events.
    Split,
}

/// A decision about two claims; later decisions about the same pair replace earlier ones.
#[derive(Debug, Clone)]
pub struct EventDecision {
    /// Merge or split.
    pub decision: Decision,
    /// One claim.
    pub claim_a: String,
    /// The other.
    pub claim_b: String,
}

/// What a case does with Admiralty F ("reliability cannot be judged") and 6 ("truth cannot be
/// judged"): they mean "not assessed", not "worse than E and 5", and most first-time witnesses
/// honestly get F. The report states the policy in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unassessed {
    /// A line whose originating grade has F or 6 is not counted as reliable (shown as "not
    /// assessed", not as unreliable).
    #[default]
    NotReliable,
    /// A not-assessed component is taken as meeting the minimum when the other component is
    /// assessed and meets it (F2 counts at C3; F6 never does).
    AssumeMinimum,
}

/// Acts judged as continuing situations by default: by period coverage, never by point dates.
pub const CONTINUING_ACTS: &[&str] = &[
    "forced-labour",
    "child-labour",
    "arbitrary-detention",
    "detention",
    "denial-of-food",
    "denial-of-medical-care",
    "restriction-of-movement",
    "discrimination",
    "family-separation",
];

/// The rules.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// The weakest grade a line may have and still count as reliable (source letter and
    /// information digit are both compared: `C3` accepts B2 and C3, not D2 or B4).
    pub min_reliability: Reliability,
    /// Independent reliable lines needed for `corroborated`.
    pub min_lines: usize,
    /// Largest gap in days between two claims' periods for them to be one event.
    pub gap_days: u32,
    /// List each claim's supporting lines in its outcome. A view that needs only statuses and
    /// counts (the workspace's case overview) turns this off: in a large event every claim would
    /// otherwise carry a copy of the event's lines.
    pub claim_lines: bool,
    /// The case's policy for F and 6.
    pub unassessed: Unassessed,
    /// Two counts of independent witnesses whose nearest figures are within this ratio (or two
    /// apart) vary; beyond it they are disputed. Witnesses estimate; 20 and 26 are not a dispute.
    pub count_ratio: f64,
    /// Acts judged as continuing situations.
    pub continuing_acts: &'static [&'static str],
}

impl Default for Config {
    fn default() -> Self {
        Config {
            min_reliability: Reliability { source: 'C', information: 3 },
            min_lines: 2,
            gap_days: 183,
            claim_lines: true,
            unassessed: Unassessed::NotReliable,
            count_ratio: 1.5,
            continuing_acts: CONTINUING_ACTS,
        }
    }
}

/// Everything the engine needs about one case.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaseInput<'a> {
    /// Sources.
    pub sources: &'a [SourceInput],
    /// Claims.
    pub claims: &'a [ClaimInput],
    /// Dependencies from provenance, the vault and analysts.
    pub dependencies: &'a [Dependency],
    /// Merge and split decisions, oldest first.
    pub decisions: &'a [EventDecision],
    /// The case's own places (hierarchy and aliases), added to the built-in gazetteer.
    pub places: &'a [PlaceInput],
    /// Witnesses' sealed identities were compared (in the vault) and the matches are among the
    /// dependencies. When false, the report says plainly that one person giving testimony under
    /// two pseudonyms would go unnoticed.
    pub identities_compared: bool,
}

/// Act families: labels an analyst may apply differently to the same facts. Claims are matched
/// by family; the legal label is applied after the facts.
pub fn act_family(act: &str) -> &str {
    match act {
        "execution"
        | "public-execution"
        | "summary-execution"
        | "killing"
        | "murder"
        | "extrajudicial-killing"
        | "death-in-custody" => "killing",
        "forced-labour" | "forced-labor" | "child-labour" | "child-labor" => "labour",
        "arbitrary-detention" | "detention" | "imprisonment" => "detention",
        "torture" | "beating" | "ill-treatment" | "cruel-treatment" => "ill-treatment",
        other => other,
    }
}

/// Acts a person suffers once: two claims naming the same victim are about one event, or one of
/// them is wrong, or the victims are two people.
pub fn once_only(act: &str) -> bool {
    act_family(act) == "killing" || act == "enforced-disappearance"
}
