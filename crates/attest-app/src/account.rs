//! Enrolment and the user's own account (issue 13), as the workspace uses them: an administrator
//! invites (never sets a password), resets only by inviting again, and the user accepts with a
//! password of their own, changes it, and rotates their keys. The cryptography is the store's
//! and the vault's ([`attest_store::Archive::invite_user`] and neighbours); this module parses
//! the forms (naming the field at fault) and answers a refused invitation alike whatever was wrong.

use attest_domain::{Role, UserId};
use attest_store::{Archive, Invitation, StoreError};
use attest_vault::{KdfParams, MIN_PASSPHRASE_CHARS, Passphrase, SecretText};
use serde::Deserialize;

use crate::error::{AppError, Result};

/// How long a new invitation stays valid unless the administrator picks otherwise (three days).
pub const DEFAULT_INVITATION_HOURS: u32 = 72;
/// The validities the workspace offers, in hours (one day, three days, a week).
pub const INVITATION_HOURS: [u32; 3] = [24, 72, 168];

/// The administrator's "add user" form: a name, a role (the least privileged, viewer, when none
/// is given) and how long the code stays valid. There is no password field.
#[derive(Deserialize, Default)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteForm {
    /// Sign-in name.
    pub name: String,
    /// Role; viewer when empty.
    #[serde(default)]
    pub role: Option<String>,
    /// Hours the code stays valid (one of 24, 72, 168); 72 when empty.
    #[serde(default)]
    pub valid_hours: Option<String>,
}

/// An invitation to make, parsed.
#[derive(Debug, Clone)]
pub struct InviteInput {
    /// Sign-in name (trimmed, not empty).
    pub name: String,
    /// Role.
    pub role: Role,
    /// Hours the code stays valid.
    pub hours: u32,
}

fn hours(v: Option<&str>) -> Result<u32> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(DEFAULT_INVITATION_HOURS),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|h| INVITATION_HOURS.contains(h))
            .ok_or_else(|| AppError::invalid("valid_hours", "expected 24, 72 or 168 hours")),
    }
}

impl InviteForm {
    /// Parses the form.
    pub fn parse(self) -> Result<InviteInput> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(AppError::required("name", "must not be empty"));
        }
        let role = match self.role.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Role::Viewer,
            Some(r) => Role::parse(r).map_err(|e| AppError::invalid("role", e))?,
        };
        Ok(InviteInput { name, role, hours: hours(self.valid_hours.as_deref())? })
    }
}

/// The administrator's reset confirmation: how long the new code stays valid.
#[derive(Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetForm {
    /// Hours the new code stays valid; 72 when empty.
    #[serde(default)]
    pub valid_hours: Option<String>,
    /// The administrator ticked "I understand this deletes their keys and grants".
    #[serde(default)]
    pub confirm: Option<String>,
}

impl ResetForm {
    /// The validity, once the administrator has confirmed.
    pub fn parse(self) -> Result<u32> {
        if self.confirm.as_deref().is_none_or(str::is_empty) {
            return Err(AppError::invalid("confirm", "tick the box to confirm the reset"));
        }
        hours(self.valid_hours.as_deref())
    }
}

/// A new invitation to hand over: shown once, never stored in the clear.
pub struct Invited {
    /// The account.
    pub user_id: UserId,
    /// Its sign-in name.
    pub name: String,
    /// The one-time code (zeroized when dropped, never printed by `Debug`).
    pub code: SecretText,
    /// When the code stops working, RFC 3339 UTC.
    pub expires_at: String,
}

fn invited(inv: Invitation) -> Result<Invited> {
    Ok(Invited {
        user_id: UserId::parse(&inv.user_id).map_err(|e| AppError::invalid("user", e))?,
        name: inv.name,
        code: inv.code,
        expires_at: inv.expires_at,
    })
}

/// Creates an account as an invitation: no password and no keys until its user accepts.
pub fn invite(a: &mut Archive, input: &InviteInput) -> Result<Invited> {
    invited(a.invite_user(&input.name, input.role, input.hours)?)
}

/// Resets an account by issuing a new invitation: the old keys, their pin, every grant sealed
/// to them and the second factor are deleted (logged as `user.reset`).
pub fn reset(a: &mut Archive, user: &UserId, hours: u32) -> Result<Invited> {
    invited(a.reset_user(user.as_str(), hours)?)
}

/// The public "accept invitation" form: name, code and the new password twice.
#[derive(Deserialize, Default)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptForm {
    /// Sign-in name the administrator chose.
    pub name: String,
    /// The one-time code.
    pub code: String,
    /// The new password.
    pub password: String,
    /// The new password again.
    pub password_again: String,
}

/// An acceptance, parsed: the secrets in zeroizing types.
pub struct AcceptInput {
    /// Sign-in name.
    pub name: String,
    /// The one-time code.
    pub code: SecretText,
    /// The user's own password.
    pub password: Passphrase,
}

/// A new password typed twice, checked against the length rule.
fn new_password(field: &str, password: String, again: String) -> Result<Passphrase> {
    let (password, again) = (SecretText::new(password), SecretText::new(again));
    if password.expose() != again.expose() {
        return Err(AppError::invalid(format!("{field}_again"), "the two passwords differ"));
    }
    Passphrase::parse(password.expose().to_string())
        .map_err(|_| AppError::invalid(field, format!("must have at least {MIN_PASSPHRASE_CHARS} characters")))
}

impl AcceptForm {
    /// Parses the form (the code is checked by [`accept`], never here).
    pub fn parse(self) -> Result<AcceptInput> {
        let AcceptForm { name, code, password, password_again } = self;
        let code = SecretText::new(code);
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(AppError::required("name", "must not be empty"));
        }
        if code.expose().trim().is_empty() {
            return Err(AppError::required("code", "must not be empty"));
        }
        Ok(AcceptInput { name, code, password: new_password("password", password, password_again)? })
    }
}

/// Accepts an invitation: the user's key pair is made now, from their own password. `None`:
/// refused, alike for a wrong name, a wrong, used, replaced or expired code.
pub fn accept(a: &mut Archive, input: &AcceptInput) -> Result<Option<UserId>> {
    match a.accept_invitation(&input.name, input.code.expose(), &input.password, KdfParams::recommended()) {
        Ok(id) => Ok(Some(UserId::parse(&id).map_err(|e| AppError::invalid("user", e))?)),
        Err(StoreError::Forbidden { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The signed-in "change my password" form.
#[derive(Deserialize, Default)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChangeForm {
    /// The current password.
    pub current: String,
    /// The new password.
    pub new_password: String,
    /// The new password again.
    pub new_password_again: String,
}

/// A password change, parsed.
pub struct PasswordChange {
    /// The current password (no length rule: the stored keys decide).
    pub current: Passphrase,
    /// The new one.
    pub new: Passphrase,
}

impl PasswordChangeForm {
    /// Parses the form.
    pub fn parse(self) -> Result<PasswordChange> {
        let PasswordChangeForm { current, new_password: new, new_password_again: again } = self;
        let current = Passphrase::for_unlock(current);
        Ok(PasswordChange { current, new: new_password("new_password", new, again)? })
    }
}

/// Changes the user's password: the same key pair, the private key wrapped again under the new
/// password (logged as `user.passwd`). A wrong current password is [`AppError::WrongPassword`].
pub fn change_password(a: &mut Archive, user: &UserId, change: &PasswordChange) -> Result<()> {
    a.change_password(user.as_str(), &change.current, &change.new, KdfParams::recommended())
        .map_err(AppError::with_user_password)
}

/// Makes the user a new key pair and moves their grants to it (logged as `user.rotate`); returns
/// the new key's fingerprint, which the custodian confirms with the user before pinning it.
pub fn rotate_keys(a: &mut Archive, user: &UserId, password: &Passphrase) -> Result<String> {
    a.rotate_user_keys(user.as_str(), password).map_err(AppError::with_user_password)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn forms_name_the_field_at_fault() {
        let f = |role: Option<&str>, h: Option<&str>| InviteForm {
            name: " Ri Sol-hui ".into(),
            role: role.map(Into::into),
            valid_hours: h.map(Into::into),
        };
        let ok = f(None, None).parse().unwrap();
        assert_eq!((ok.name.as_str(), ok.role, ok.hours), ("Ri Sol-hui", Role::Viewer, 72));
        assert_eq!(f(Some("analyst"), Some("24")).parse().unwrap().role, Role::Analyst);
        assert!(f(Some("boss"), None).parse().err().unwrap().to_string().starts_with("role:"));
        assert!(f(None, Some("9999")).parse().err().unwrap().to_string().starts_with("valid_hours:"));
        let accept = |p: &str, q: &str| {
            AcceptForm { name: "x".into(), code: "AAAA".into(), password: p.into(), password_again: q.into() }.parse()
        };
        assert!(accept("long enough pw", "long enough pw").is_ok());
        assert!(accept("long enough pw", "long enough pX").err().unwrap().to_string().starts_with("password_again:"));
        assert!(accept("short", "short").err().unwrap().to_string().starts_with("password:"));
        let change = PasswordChangeForm {
            current: "old".into(),
            new_password: "a new password".into(),
            new_password_again: "another".into(),
        };
        assert!(change.parse().err().unwrap().to_string().starts_with("new_password_again:"));
        assert!(ResetForm::default().parse().err().unwrap().to_string().starts_with("confirm:"));
    }
}
