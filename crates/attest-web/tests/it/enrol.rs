//! Enrolment in the workspace (issue 13): the administrator invites (never sets a password) and
//! resets only by inviting again; the user accepts with a password of their own, changes it and
//! makes new keys. Each refusal is checked to change nothing.

use attest_web::Settings;

use crate::fixture::*;

/// The text of the element with `id` (its first text, up to the next tag).
fn text_of<'a>(body: &'a str, id: &str) -> &'a str {
    let at = body.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in {body}"));
    let start = at + body[at..].find('>').unwrap() + 1;
    &body[start..start + body[start..].find('<').unwrap()]
}

/// The page's alert, if any.
fn alert(body: &str) -> Option<&str> {
    let at = body.find("role=\"alert\">")? + "role=\"alert\">".len();
    Some(&body[at..at + body[at..].find('<')?])
}

async fn admin_json(f: &Fixture) -> serde_json::Value {
    let mut admin = f.login("admin").await;
    let res = f.send(&mut admin, "GET", "/api/admin", None, &[]).await;
    serde_json::from_str(&res.body).unwrap()
}

fn user_id(admin: &serde_json::Value, name: &str) -> String {
    let users = admin["users"].as_array().unwrap();
    users.iter().find(|u| u["name"] == name).unwrap()["user_id"].as_str().unwrap().to_string()
}

fn actions(admin: &serde_json::Value) -> Vec<String> {
    admin["log"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect()
}

async fn sign_in_status(f: &Fixture, name: &str, password: &str) -> u16 {
    let body = json(serde_json::json!({ "name": name, "password": password }));
    f.send(&mut f.anonymous(), "POST", "/api/login", body, &[]).await.status
}

/// Opens the accept form (for its pre-session token) and sends it.
async fn accept(f: &Fixture, c: &mut Client, name: &str, code: &str, pw: &str, again: &str) -> Res {
    let page = f.send(c, "GET", "/login/invitation", None, &[]).await;
    assert_eq!(page.status, 200);
    let pre = c.cookies.iter().find(|(k, _)| k == "attest_pre").unwrap().1.clone();
    let fields = [("name", name), ("code", code), ("password", pw), ("password_again", again)];
    f.send(c, "POST", "/login/invitation", form(&pre, &fields), &[]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_user_chooses_their_own_password_which_the_administrator_never_sees() {
    let f = Fixture::new(Settings::default());
    let mut admin = f.login("admin").await;
    let page = f.send(&mut admin, "GET", "/admin", None, &[]).await;
    let form_html = &page.body[page.body.find("id=\"invite-form\"").unwrap()..];
    let form_html = &form_html[..form_html.find("</form>").unwrap()];
    assert!(!form_html.contains("type=\"password\""), "the invite form asks for no password: {form_html}");
    assert!(form_html.contains("<option value=\"viewer\" selected>"), "viewer is the default role: {form_html}");
    // Invite with no role given: a viewer; the code is shown with its expiry and instructions.
    let csrf = admin.csrf.clone();
    let res = f.send(&mut admin, "POST", "/admin/users", form(&csrf, &[("name", "Ri Sol-hui")]), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let code = text_of(&res.body, "invitation-code").to_string();
    assert_eq!(code.len(), 29, "{code}");
    assert!(text_of(&res.body, "invitation-expiry").starts_with("20"), "{}", res.body);
    assert!(res.body.contains("in person"), "hand-over instructions: {}", res.body);
    assert_eq!(res.headers.get("cache-control").unwrap(), "no-store");
    let listing = admin_json(&f).await;
    let users = listing["users"].as_array().unwrap();
    let invited = users.iter().find(|u| u["name"] == "Ri Sol-hui").unwrap();
    assert_eq!((&invited["role"], &invited["invited"]), (&"viewer".into(), &true.into()), "{invited}");
    let admin_page = f.send(&mut admin, "GET", "/admin", None, &[]).await;
    assert!(admin_page.body.contains("invitation not yet accepted"), "the admin sees it is pending");
    // Neither the listing nor the log carries the code; no password exists yet.
    assert!(!listing.to_string().contains(&code));
    assert_eq!(sign_in_status(&f, "Ri Sol-hui", "").await, 401);

    // The sign-in page links to the invitation form.
    let login = f.send(&mut f.anonymous(), "GET", "/login", None, &[]).await;
    assert!(login.body.contains("href=\"/login/invitation\""), "{}", login.body);
    let mut user = f.anonymous();
    let res =
        accept(&f, &mut user, "Ri Sol-hui", &code.to_lowercase(), "sol-hui's own words", "sol-hui's own words").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Your password is set"), "{}", res.body);
    // A password was read: the answer is not cached and its connection is not kept alive.
    assert_eq!(res.headers.get("cache-control").unwrap(), "no-store");
    assert_eq!(res.headers.get("connection").unwrap(), "close");
    assert!(res.body.contains("action=\"/login\""), "sent to sign in: {}", res.body);
    assert_eq!(sign_in_status(&f, "Ri Sol-hui", "sol-hui's own words").await, 200);
    let listing = admin_json(&f).await;
    let accepted = listing["users"].as_array().unwrap().iter().find(|u| u["name"] == "Ri Sol-hui").unwrap().clone();
    assert_eq!(accepted["invited"], false, "no longer pending once accepted: {accepted}");
    // The code works once.
    let again = accept(&f, &mut f.anonymous(), "Ri Sol-hui", &code, "another password 1", "another password 1").await;
    assert_eq!(again.status, 403);
    assert_eq!(sign_in_status(&f, "Ri Sol-hui", "sol-hui's own words").await, 200);
    let log = actions(&admin_json(&f).await);
    assert!(log.contains(&"user.invite".to_string()) && log.contains(&"user.accept".to_string()), "{log:?}");
    // The code and the password are nowhere in the archive's files.
    for entry in std::fs::read_dir(&f.root).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for needle in [code.as_str(), "sol-hui's own words"] {
            assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} on disk");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_invitations_look_alike_change_nothing_and_are_throttled() {
    let f = Fixture::new(Settings::default());
    let before = admin_json(&f).await["log_total"].as_u64().unwrap();
    let pw = "a password of ten+";
    // Bad input names what is wrong, before any code is checked.
    let differ = accept(&f, &mut f.anonymous(), "invited", &f.invited_code, pw, "something else entirely").await;
    assert_eq!((differ.status, alert(&differ.body)), (400, Some("The two new passwords are not the same.")));
    let short = accept(&f, &mut f.anonymous(), "invited", &f.invited_code, "short", "short").await;
    assert_eq!((short.status, alert(&short.body)), (400, Some("The new password must have at least 10 characters.")));
    // A wrong code and an unknown name get the same answer.
    let wrong = accept(&f, &mut f.anonymous(), "invited", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", pw, pw).await;
    let unknown = accept(&f, &mut f.anonymous(), "nobody-here", &f.invited_code, pw, pw).await;
    assert_eq!(wrong.status, 403);
    assert_eq!((wrong.status, alert(&wrong.body)), (unknown.status, alert(&unknown.body)));
    assert!(alert(&wrong.body).unwrap().contains("do not match a valid invitation"));
    // Without the form's token: refused before anything is read.
    let res = f
        .send(
            &mut f.anonymous(),
            "POST",
            "/login/invitation",
            form("", &[("name", "invited"), ("code", &f.invited_code), ("password", pw), ("password_again", pw)]),
            &[],
        )
        .await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert!(res.body.contains("csrf"), "{}", res.body);
    assert_eq!(admin_json(&f).await["log_total"].as_u64().unwrap(), before, "nothing was written");
    // Four more wrong codes for the name (five in all): now even the right code waits.
    for _ in 0..4 {
        accept(&f, &mut f.anonymous(), "invited", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", pw, pw).await;
    }
    let res = accept(&f, &mut f.anonymous(), "invited", &f.invited_code, pw, pw).await;
    assert_eq!(res.status, 429, "{}", res.body);
    // The address's failures count against sign-ins too (one counter per address).
    assert_eq!(sign_in_status(&f, "viewer", &password("viewer")).await, 429);
    let a = attest_store::Archive::open(
        &f.root,
        &attest_vault::Passphrase::for_unlock(PASS.into()),
        attest_store::OpenOptions::new("check"),
    )
    .unwrap();
    assert!(!a.log().unwrap().iter().any(|e| e.action == "user.accept"), "the invitation was not accepted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_user_changes_their_password_and_makes_new_keys() {
    let f = Fixture::new(Settings::default());
    let mut ana = f.login("analyst").await;
    // A second session of the same user, as someone who knew the old password would have.
    let mut elsewhere = f.login("analyst").await;
    let page = f.send(&mut ana, "GET", "/account", None, &[]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("At least 10 characters"), "the rule is said up front: {}", page.body);
    let csrf = ana.csrf.clone();
    let change = |current: &str, new: &str, again: &str| {
        form(&csrf, &[("current", current), ("new_password", new), ("new_password_again", again)])
    };
    let old = password("analyst");
    let res =
        f.send(&mut ana, "POST", "/account/password", change(&old, "analyst's new words", "different"), &[]).await;
    assert_eq!((res.status, alert(&res.body)), (400, Some("The two new passwords are not the same.")));
    let res = f
        .send(
            &mut ana,
            "POST",
            "/account/password",
            change("not it at all", "analyst's new words", "analyst's new words"),
            &[],
        )
        .await;
    assert_eq!((res.status, alert(&res.body)), (403, Some("The current password is not right; nothing was changed.")));
    assert_eq!(sign_in_status(&f, "analyst", &old).await, 200, "nothing changed");
    let res = f
        .send(&mut ana, "POST", "/account/password", change(&old, "analyst's new words", "analyst's new words"), &[])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Your password has been changed."), "{}", res.body);
    assert_eq!(res.headers.get("connection").unwrap(), "close", "a password was read");
    assert_eq!(sign_in_status(&f, "analyst", &old).await, 401);
    assert_eq!(sign_in_status(&f, "analyst", "analyst's new words").await, 200);
    // The other session ended; this one goes on.
    assert_eq!(f.send(&mut elsewhere, "GET", "/api/cases", None, &[]).await.status, 401);
    assert_eq!(f.send(&mut ana, "GET", "/api/cases", None, &[]).await.status, 200);
    // The re-wrapped key still opens the analyst's grant: an original file opens.
    let url = f.fill("/api/cases/{case}/sources/{source}/originals/0", true);
    let open = |pw: &str| json(serde_json::json!({ "password": pw }));
    let extra = [("x-csrf-token", ana.csrf.clone())];
    assert_eq!(f.send(&mut ana, "POST", &url, open("analyst's new words"), &extra).await.status, 200);

    // New keys for the investigator: grants move with them, a reveal still works.
    let mut inv = f.login("investigator").await;
    let csrf = inv.csrf.clone();
    let res = f.send(&mut inv, "POST", "/account/keys", form(&csrf, &[("password", "wrong password")]), &[]).await;
    assert_eq!(res.status, 403);
    let res =
        f.send(&mut inv, "POST", "/account/keys", form(&csrf, &[("password", &password("investigator"))]), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(text_of(&res.body, "fingerprint").len() >= 16, "{}", res.body);
    let reveal = f.fill("/api/cases/{case}/witnesses/{witness}/reveal", true);
    let body =
        json(serde_json::json!({ "password": password("investigator"), "reason": "after rotation", "confirm": true }));
    let res = f.send(&mut inv, "POST", &reveal, body, &[("x-csrf-token", csrf.clone())]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("Invented Sealed Alpha"));
    let log = actions(&admin_json(&f).await);
    assert!(log.contains(&"user.passwd".to_string()) && log.contains(&"user.rotate".to_string()), "{log:?}");

    // Wrong current passwords are throttled like a reveal: five, then 429 even for the right one.
    let mut viewer = f.login("viewer").await;
    let csrf = viewer.csrf.clone();
    let vchange = |current: &str| {
        form(
            &csrf,
            &[("current", current), ("new_password", "viewer new words"), ("new_password_again", "viewer new words")],
        )
    };
    for _ in 0..5 {
        assert_eq!(
            f.send(&mut viewer, "POST", "/account/password", vchange("wrong wrong wrong"), &[]).await.status,
            403
        );
    }
    let res = f.send(&mut viewer, "POST", "/account/password", vchange(&password("viewer")), &[]).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(sign_in_status(&f, "viewer", &password("viewer")).await, 200, "unchanged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_resets_only_by_a_confirmed_new_invitation_which_deletes_keys_and_grants() {
    let f = Fixture::new(Settings::default());
    let listing = admin_json(&f).await;
    let investigator = user_id(&listing, "investigator");
    let before = listing["log_total"].as_u64().unwrap();
    let mut signed_in = f.login("investigator").await;
    let mut admin = f.login("admin").await;
    let url = format!("/admin/users/{investigator}/reset");
    let page = f.send(&mut admin, "GET", &url, None, &[]).await;
    assert_eq!(page.status, 200);
    assert!(text_of(&page.body, "reset-warning").contains("every grant they hold"), "{}", page.body);
    // Not confirmed: refused, naming the box; nothing changes.
    let csrf = admin.csrf.clone();
    let res = f.send(&mut admin, "POST", &url, form(&csrf, &[("valid_hours", "24")]), &[]).await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("confirm:"), "{}", res.body);
    assert_eq!(admin_json(&f).await["log_total"].as_u64().unwrap(), before);
    assert_eq!(sign_in_status(&f, "investigator", &password("investigator")).await, 200);
    // Unknown user: 404.
    let res = f.send(&mut admin, "GET", "/admin/users/usr_nonexistent00000/reset", None, &[]).await;
    assert_eq!(res.status, 404);
    // Confirmed: a new code; the old password and grants are gone; logged.
    let res = f.send(&mut admin, "POST", &url, form(&csrf, &[("valid_hours", "24"), ("confirm", "yes")]), &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let code = text_of(&res.body, "invitation-code").to_string();
    assert_eq!(sign_in_status(&f, "investigator", &password("investigator")).await, 401);
    assert_eq!(f.send(&mut signed_in, "GET", "/api/cases", None, &[]).await.status, 401, "its sessions ended");
    let listing = admin_json(&f).await;
    let inv = listing["users"].as_array().unwrap().iter().find(|u| u["name"] == "investigator").unwrap().clone();
    assert_eq!(inv["identity_grants"], serde_json::json!([]), "{inv}");
    assert!(actions(&listing).contains(&"user.reset".to_string()));
    // The user accepts the new code; the deleted grant does not come back.
    let res = accept(&f, &mut f.anonymous(), "investigator", &code, "a fresh start here", "a fresh start here").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mut c = f.anonymous();
    let body = json(serde_json::json!({ "name": "investigator", "password": "a fresh start here" }));
    let res = f.send(&mut c, "POST", "/api/login", body, &[]).await;
    assert_eq!(res.status, 200);
    c.csrf = serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["csrf_token"].as_str().unwrap().into();
    let reveal = f.fill("/api/cases/{case}/witnesses/{witness}/reveal", true);
    let body = json(serde_json::json!({ "password": "a fresh start here", "reason": "after reset", "confirm": true }));
    let extra = [("x-csrf-token", c.csrf.clone())];
    let res = f.send(&mut c, "POST", &reveal, body, &extra).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert!(!res.body.contains("Invented Sealed"));
}

fn error_code(res: &Res) -> String {
    let v: serde_json::Value = serde_json::from_str(&res.body).unwrap_or_default();
    v["error"]["code"].as_str().unwrap_or("").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_api_invites_accepts_changes_passwords_makes_keys_and_resets() {
    let f = Fixture::new(Settings::default());
    let mut admin = f.login("admin").await;
    let token = [("x-csrf-token", admin.csrf.clone())];
    let invite = json(serde_json::json!({ "name": "Pak Ha-neul", "role": "analyst", "valid_hours": "24" }));
    let res = f.send(&mut admin, "POST", "/api/admin/users", invite.clone(), &[]).await;
    assert_eq!((res.status, error_code(&res)), (403, "csrf".to_string()), "{}", res.body);
    let res = f.send(&mut admin, "POST", "/api/admin/users", invite, &token).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let issued: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let (id, code) = (issued["user_id"].as_str().unwrap(), issued["code"].as_str().unwrap());
    let body = |code: &str| {
        json(
            serde_json::json!({ "name": "Pak Ha-neul", "code": code, "password": "ha-neul's words", "password_again": "ha-neul's words" }),
        )
    };
    let res = f.send(&mut f.anonymous(), "POST", "/api/login/invitation", body(code), &[]).await;
    assert_eq!((res.status, res.body.as_str()), (200, r#"{"accepted":true}"#));
    let res = f.send(&mut f.anonymous(), "POST", "/api/login/invitation", body(code), &[]).await;
    assert_eq!((res.status, error_code(&res)), (403, "forbidden".to_string()), "used once");

    let mut user = f.anonymous();
    let login = json(serde_json::json!({ "name": "Pak Ha-neul", "password": "ha-neul's words" }));
    let res = f.send(&mut user, "POST", "/api/login", login, &[]).await;
    assert_eq!(res.status, 200);
    let csrf =
        serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["csrf_token"].as_str().unwrap().to_string();
    let token = [("x-csrf-token", csrf)];
    let change = |current: &str| {
        json(
            serde_json::json!({ "current": current, "new_password": "ha-neul's new words", "new_password_again": "ha-neul's new words" }),
        )
    };
    let res = f.send(&mut user, "POST", "/api/account/password", change("not the password"), &token).await;
    assert_eq!((res.status, error_code(&res)), (403, "wrong_password".to_string()));
    assert!(res.body.contains("nothing was changed"), "{}", res.body);
    let res = f.send(&mut user, "POST", "/api/account/password", change("ha-neul's words"), &token).await;
    assert_eq!((res.status, res.body.as_str()), (200, r#"{"password_changed":true}"#));
    let keys = json(serde_json::json!({ "password": "ha-neul's new words" }));
    let res = f.send(&mut user, "POST", "/api/account/keys", keys, &token).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("fingerprint"));

    let url = format!("/api/admin/users/{id}/reset");
    let token = [("x-csrf-token", admin.csrf.clone())];
    let res = f.send(&mut admin, "POST", &url, json(serde_json::json!({})), &token).await;
    assert_eq!((res.status, error_code(&res)), (400, "invalid".to_string()));
    let res = f.send(&mut admin, "POST", &url, json(serde_json::json!({ "confirm": "yes" })), &token).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_ne!(serde_json::from_str::<serde_json::Value>(&res.body).unwrap()["code"], code);
    assert_eq!(f.send(&mut user, "GET", "/api/cases", None, &[]).await.status, 401, "the user's session ended");

    // The OpenAPI document lists the routes with their bodies.
    let doc = f.send(&mut f.anonymous(), "GET", "/api/openapi.json", None, &[]).await;
    let doc: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    for (path, schema) in [
        ("/api/admin/users", "InviteForm"),
        ("/api/admin/users/{user}/reset", "ResetForm"),
        ("/api/login/invitation", "AcceptForm"),
        ("/api/account/password", "PasswordChangeForm"),
    ] {
        let op = &doc["paths"][path]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            format!("#/components/schemas/{schema}")
        );
    }
}
