//! Who may do what. A workspace user ([`Caller`]) and the access rules ([`Access`]) that the web
//! route table attaches to each route: sign-in, then membership of the case, then role, then the
//! grant the operation needs. The CLI acts as the archive's keyholder and needs none of this.

use attest_domain::{CaseId, Role};
use attest_store::{Archive, UserRecord};

use crate::error::{AppError, Result};

/// A signed-in workspace user, loaded fresh for each request (memberships and grants change).
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user (no key material).
    pub user: UserRecord,
    /// Their role.
    pub role: Role,
}

/// A grant a user may hold for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// The case's identity key: reveal sealed identities.
    Identities,
    /// The case key: open and seal original files.
    Testimonies,
}

impl Grant {
    /// Reads `identities` or `testimonies`.
    pub fn parse(s: &str) -> Result<Grant> {
        match s {
            "identities" => Ok(Grant::Identities),
            "testimonies" => Ok(Grant::Testimonies),
            other => Err(AppError::invalid("kind", format!("expected identities or testimonies, not '{other}'"))),
        }
    }
    /// As written.
    pub fn as_str(self) -> &'static str {
        match self {
            Grant::Identities => "identities",
            Grant::Testimonies => "testimonies",
        }
    }
}

impl Caller {
    /// Loads a user by id. A user who no longer exists is not signed in.
    pub fn load(a: &Archive, user_id: &str) -> Result<Caller> {
        let user = a.get_user(user_id).map_err(|e| match e {
            attest_store::StoreError::NotFound { .. } => AppError::Unauthenticated,
            other => other.into(),
        })?;
        Ok(Caller { role: user.role, user })
    }
    /// Whether the user is a member of `case`.
    pub fn is_member(&self, case: &CaseId) -> bool {
        self.user.cases.contains(case)
    }
    /// Whether the user holds `grant` for `case`.
    pub fn holds(&self, grant: Grant, case: &CaseId) -> bool {
        let list = match grant {
            Grant::Identities => &self.user.identity_grants,
            Grant::Testimonies => &self.user.testimony_grants,
        };
        list.contains(case)
    }
    /// Whether the user could reveal identities in `case` (role and grant).
    pub fn may_reveal(&self, case: &CaseId) -> bool {
        REVEALERS.contains(&self.role) && self.holds(Grant::Identities, case)
    }
    /// Refuses unless the user is a member of `case`.
    pub fn need_member(&self, case: &CaseId) -> Result<()> {
        if self.is_member(case) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!("{} is not a member of case {case}", self.user.name)))
        }
    }
    /// Refuses unless the user has one of `roles`.
    pub fn need_role(&self, roles: &[Role], action: &str) -> Result<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!("the {} role may not {action}", self.role.as_str())))
        }
    }
    /// Refuses unless the user holds `grant` for `case`.
    pub fn need_grant(&self, grant: Grant, case: &CaseId) -> Result<()> {
        if self.holds(grant, case) {
            return Ok(());
        }
        let what = match grant {
            Grant::Identities => "identity",
            Grant::Testimonies => "testimonies",
        };
        Err(AppError::Forbidden(format!("{} has no {what} grant for case {case}", self.user.name)))
    }
}

/// Roles that may add testimonies.
pub const WRITERS: &[Role] = &[Role::Admin, Role::Investigator];
/// Roles that may add claims.
pub const ANALYSTS: &[Role] = &[Role::Admin, Role::Investigator, Role::Analyst];
/// Roles that may reveal identities (with a grant).
pub const REVEALERS: &[Role] = &[Role::Admin, Role::Investigator];

/// Who may use an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Anyone,
    /// Any signed-in user.
    SignedIn,
    /// Members of the case in the path.
    Member,
    /// Members of the case with one of these roles.
    MemberWithRole(&'static [Role], &'static str),
    /// Members of the case holding this grant, with one of these roles.
    MemberWithGrant(&'static [Role], Grant),
    /// Administrators.
    Admin,
    /// Signed-in users with one of these roles, for work outside any case (linking lists that
    /// are never stored).
    SignedInWithRole(&'static [Role], &'static str),
}

impl Access {
    /// Checks a caller against the rule: sign-in, then membership of `case`, then role, then
    /// grant. `case` is the (parsed) case of the path, if the operation has one.
    pub fn check(self, caller: Option<&Caller>, case: Option<&CaseId>) -> Result<()> {
        if self == Access::Anyone {
            return Ok(());
        }
        let caller = caller.ok_or(AppError::Unauthenticated)?;
        match self {
            Access::Anyone | Access::SignedIn => Ok(()),
            Access::Admin => {
                if caller.role == Role::Admin {
                    Ok(())
                } else {
                    Err(AppError::Forbidden("only administrators may do this".into()))
                }
            }
            Access::SignedInWithRole(roles, action) => caller.need_role(roles, action),
            Access::Member | Access::MemberWithRole(..) | Access::MemberWithGrant(..) => {
                let case = case.ok_or_else(|| AppError::invalid("case", "this operation needs a case"))?;
                caller.need_member(case)?;
                match self {
                    Access::MemberWithRole(roles, action) => caller.need_role(roles, action),
                    Access::MemberWithGrant(roles, grant) => {
                        caller.need_role(roles, "do this")?;
                        caller.need_grant(grant, case)
                    }
                    _ => Ok(()),
                }
            }
        }
    }

    /// In words, for the OpenAPI document and the route list.
    pub fn describe(self) -> String {
        let roles = |r: &[Role]| r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ");
        match self {
            Access::Anyone => "anyone".into(),
            Access::SignedIn => "signed in".into(),
            Access::Member => "member".into(),
            Access::MemberWithRole(r, _) => format!("member: {}", roles(r)),
            Access::MemberWithGrant(r, Grant::Identities) => format!("member: {}, with identity grant", roles(r)),
            Access::MemberWithGrant(r, Grant::Testimonies) => format!("member: {}, with testimonies grant", roles(r)),
            Access::Admin => "admin".into(),
            Access::SignedInWithRole(r, _) => format!("signed in: {}", roles(r)),
        }
    }
}
