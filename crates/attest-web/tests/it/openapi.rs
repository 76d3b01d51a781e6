//! The OpenAPI document checked by a real validator (`openapi-spec-validator` from PyPI, which
//! `cargo xtask install-deps` puts in `target/openapi-venv`), and its schemas checked against
//! the route table and real responses.

use std::path::PathBuf;

use attest_web::Settings;

use crate::fixture::*;

fn validator() -> PathBuf {
    if let Ok(p) = std::env::var("OPENAPI_SPEC_VALIDATOR") {
        return PathBuf::from(p);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("openapi-venv/bin/openapi-spec-validator")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_openapi_document_passes_a_real_validator_and_has_schemas_from_the_types() {
    let f = Fixture::new(Settings::default());
    let served = f.send(&mut f.anonymous(), "GET", "/api/openapi.json", None, &[]).await;
    assert_eq!(served.status, 200);
    let doc: serde_json::Value = serde_json::from_str(&served.body).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &served.body).unwrap();
    let tool = validator();
    assert!(
        tool.is_file(),
        "{} is missing: run `cargo xtask install-deps` (it installs the validator)",
        tool.display()
    );
    let out = std::process::Command::new(&tool).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "openapi-spec-validator refused the document:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Request and response bodies refer to schemas generated from the Rust types.
    let schemas = &doc["components"]["schemas"];
    for name in
        ["ClaimForm", "TestimonyForm", "RevealForm", "Overview", "Reader", "ClaimRecord", "Span", "UncertainDate"]
    {
        assert!(schemas[name].is_object(), "no schema {name}");
    }
    let claim = &schemas["ClaimForm"]["properties"];
    assert!(claim["start"].is_object() && claim["act"].is_object(), "{claim}");
    let add = &doc["paths"]["/api/cases/{case}/sources/{source}/claims"]["post"];
    assert_eq!(add["requestBody"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ClaimForm");
    assert!(add["responses"]["201"].is_object(), "{add}");
    // A real answer has the fields its schema promises.
    let mut c = f.login("viewer").await;
    let res = f.send(&mut c, "GET", &f.fill("/api/cases/{case}", true), None, &[]).await;
    let overview: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    let props = schemas["Overview"]["properties"].as_object().unwrap();
    for key in props.keys() {
        assert!(overview.get(key).is_some(), "{key} promised by the schema but missing: {}", res.body);
    }
    // So does the corroboration report, event by event.
    let res = f.send(&mut c, "GET", &f.fill("/api/cases/{case}/corroboration", true), None, &[]).await;
    let report: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    for (schema, value) in [("CorroborationReport", &report), ("EventFinding", &report["events"][0])] {
        for key in schemas[schema]["properties"].as_object().unwrap().keys() {
            assert!(value.get(key).is_some(), "{schema}.{key} promised by the schema but missing: {}", res.body);
        }
    }
}
