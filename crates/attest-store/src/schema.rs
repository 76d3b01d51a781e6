//! The archive database schema and its migrations. Never edit an applied migration: add one.

use rusqlite::Connection;

use crate::error::Result;

const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE act (
    act_slug TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    built_in INTEGER NOT NULL
);
CREATE TABLE case_file (
    case_id              TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    wrapped_case_key     BLOB NOT NULL,
    wrapped_identity_key BLOB NOT NULL
);
CREATE TABLE witness (
    witness_id     TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL REFERENCES case_file(case_id),
    pseudonym      TEXT NOT NULL,
    consent        TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    sealed_name    BLOB NOT NULL,
    sealed_contact BLOB,
    sealed_notes   BLOB,
    UNIQUE (case_id, pseudonym)
);
CREATE TABLE source (
    source_id   TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES case_file(case_id),
    kind        TEXT NOT NULL,
    witness_id  TEXT REFERENCES witness(witness_id),
    language    TEXT,
    interviewed TEXT,
    interviewer TEXT,
    reliability TEXT,
    text        TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    text_chars  INTEGER NOT NULL,
    encoding    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX source_case ON source(case_id);
CREATE TABLE original (
    original_id INTEGER PRIMARY KEY,
    source_id   TEXT NOT NULL REFERENCES source(source_id),
    role        TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    sealed      BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX original_source ON original(source_id);
CREATE TABLE claim (
    claim_id      TEXT PRIMARY KEY,
    source_id     TEXT NOT NULL REFERENCES source(source_id),
    case_id       TEXT NOT NULL REFERENCES case_file(case_id),
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    passage       TEXT NOT NULL,
    act_slug      TEXT NOT NULL REFERENCES act(act_slug),
    place         TEXT,
    when_edtf     TEXT,
    when_earliest TEXT,
    when_latest   TEXT,
    count_text    TEXT,
    victim        TEXT,
    perpetrator   TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX claim_case ON claim(case_id);
CREATE INDEX claim_source ON claim(source_id);
CREATE TABLE log_entry (
    log_entry_id INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    entry_hash   TEXT NOT NULL
);
CREATE INDEX log_entry_record ON log_entry(record_id);
"#,
    r#"
ALTER TABLE source ADD COLUMN title TEXT;
ALTER TABLE source ADD COLUMN url TEXT;
ALTER TABLE source ADD COLUMN author TEXT;
ALTER TABLE source ADD COLUMN published TEXT;
"#,
    r#"
ALTER TABLE source ADD COLUMN fetched_at TEXT;
"#,
    r#"
CREATE TABLE dependency (
    dependency_id INTEGER PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES case_file(case_id),
    kind          TEXT NOT NULL,
    a_id          TEXT NOT NULL,
    b_id          TEXT NOT NULL,
    note          TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX dependency_case ON dependency(case_id);
CREATE TABLE event_decision (
    decision_id INTEGER PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES case_file(case_id),
    decision    TEXT NOT NULL,
    claim_a     TEXT NOT NULL REFERENCES claim(claim_id),
    claim_b     TEXT NOT NULL REFERENCES claim(claim_id),
    note        TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX event_decision_case ON event_decision(case_id);
"#,
    r#"
CREATE TABLE app_user (
    user_id    TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    keys       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE membership (
    user_id    TEXT NOT NULL REFERENCES app_user(user_id),
    case_id    TEXT NOT NULL REFERENCES case_file(case_id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, case_id)
);
CREATE TABLE user_grant (
    user_id    TEXT NOT NULL REFERENCES app_user(user_id),
    case_id    TEXT NOT NULL REFERENCES case_file(case_id),
    kind       TEXT NOT NULL,
    sealed     BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, case_id, kind)
);
"#,
    r#"
CREATE TABLE search_doc (
    doc_id    INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    case_id   TEXT NOT NULL,
    kind      TEXT NOT NULL
);
CREATE INDEX search_doc_case ON search_doc(case_id);
CREATE VIRTUAL TABLE search_text USING fts5(body, tokenize = 'trigram');
CREATE TABLE search_key (
    key    TEXT NOT NULL,
    doc_id INTEGER NOT NULL,
    PRIMARY KEY (key, doc_id)
) WITHOUT ROWID;
"#,
    // A witness's testimonies: counted on every witness list, listed on the witness page.
    r#"
CREATE INDEX source_witness ON source(witness_id);
"#,
    // Optional second factor: the TOTP secret an authenticator app holds.
    r#"
ALTER TABLE app_user ADD COLUMN totp BLOB;
"#,
    // Issue 13, grants that hold against the server and the administrator. Key generations
    // (bound into every wrapped key and grant; the log records each re-key, so a restored older
    // key is refused); pins of users' public keys (an HMAC under a key derived from the archive
    // key); originals' name, size and SHA-256 sealed under the case key (`sealed_meta`; from now
    // on `file_name` is empty, `bytes` 0 and `sha256` holds the keyed digest); invitations (an
    // account's first password and keys are made by its user). An `app_user` whose `keys` is
    // empty has not accepted its invitation yet.
    r#"
ALTER TABLE case_file ADD COLUMN case_key_generation INTEGER NOT NULL DEFAULT 1;
ALTER TABLE case_file ADD COLUMN identity_key_generation INTEGER NOT NULL DEFAULT 1;
ALTER TABLE user_grant ADD COLUMN generation INTEGER NOT NULL DEFAULT 1;
ALTER TABLE original ADD COLUMN sealed_meta BLOB;
CREATE TABLE user_key_pin (
    user_id    TEXT PRIMARY KEY REFERENCES app_user(user_id),
    public_key BLOB NOT NULL,
    pin        BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE invitation (
    invitation_id INTEGER PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES app_user(user_id),
    code_sha256   BLOB NOT NULL UNIQUE,
    expires_at    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    used_at       TEXT
);
CREATE INDEX invitation_user ON invitation(user_id);
"#,
    // Every log entry now commits to the records it wrote (`projection.rs`). An archive made
    // before this commits all its records at once, in one baseline entry, when it is next opened.
    r#"
INSERT INTO meta (key, value) VALUES ('records_baseline_pending', '1');
"#,
    // Issue 14, what corroboration needs: per claim the basis of knowledge (`witnessed`,
    // `heard-from-named` with the informant in `basis_from`, `heard-from-unknown`, `read` with
    // what was read) and its own information grade (2-6; 1 is refused); per case the policy for
    // Admiralty F and 6 (`not-reliable` or `assume-minimum`). NULL is "not recorded".
    r#"
ALTER TABLE claim ADD COLUMN basis TEXT;
ALTER TABLE claim ADD COLUMN basis_from TEXT;
ALTER TABLE claim ADD COLUMN information INTEGER;
ALTER TABLE case_file ADD COLUMN unassessed TEXT;
"#,
];

/// Brings the schema up to date inside one transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}
