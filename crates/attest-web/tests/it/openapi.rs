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

/// Every JSON answer of the API has a schema (only the document itself is a free object), and
/// `/api/estimate`'s documents the assumptions as `{code, text}` with their codes, which a real
/// answer has; `/api/link`'s has the fields a real answer has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_json_answer_is_documented_and_the_estimate_schema_has_its_assumption_codes() {
    let f = Fixture::new(Settings::default());
    let doc = attest_web::openapi();
    let schemas = &doc["components"]["schemas"];
    let answer = |path: &str, method: &str, status: &str| {
        doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .map(|r| r.trim_start_matches("#/components/schemas/").to_string())
    };
    for r in attest_web::ROUTES.iter().filter(|r| r.is_api() && !r.binary && r.path != "/api/openapi.json") {
        let status = if r.created { "201" } else { "200" };
        let name = answer(r.path, &r.method.as_str().to_lowercase(), status);
        assert!(
            name.as_ref().is_some_and(|n| schemas[n].is_object()),
            "{} {} has no answer schema",
            r.method.as_str(),
            r.path
        );
    }
    assert_eq!(answer("/api/estimate", "post", "200").as_deref(), Some("Estimate"));
    let estimate = &schemas["Estimate"]["properties"];
    let item = &estimate["assumptions"]["items"]["$ref"];
    assert_eq!(item, "#/components/schemas/Assumption", "{estimate}");
    let assumption = &schemas["Assumption"];
    assert_eq!(assumption["required"], serde_json::json!(["code", "text"]), "{assumption}");
    let codes = assumption["properties"]["code"]["enum"].as_array().unwrap();
    assert!(codes.iter().any(|c| c == "closed_population"), "{assumption}");
    assert!(schemas["WhyCode"]["enum"].as_array().is_some_and(|c| !c.is_empty()), "{}", schemas["WhyCode"]);

    // Real answers have what the schemas promise (the fields never skipped when empty).
    let mut c = f.login("analyst").await;
    let token = [("x-csrf-token", c.csrf.clone())];
    let table = "L1,L2,count\n1,0,30\n0,1,20\n1,1,6\n";
    let body = json(serde_json::json!({ "table": table, "method": "chapman" }));
    let res = f.send(&mut c, "POST", "/api/estimate", body, &token).await;
    let real: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    for key in schemas["Estimate"]["required"].as_array().unwrap() {
        assert!(real.get(key.as_str().unwrap()).is_some(), "{key} required but missing: {}", res.body);
    }
    for a in real["assumptions"].as_array().unwrap() {
        assert!(codes.contains(&a["code"]) && a["text"].is_string(), "{a} is not a documented assumption");
    }
    let csv = "record_id,surname,given_name\nA1,Kim,Young-ho\nA2,Ri,Chol-su\n";
    let body = json(serde_json::json!({ "lists": [{ "name": "a.csv", "csv": csv }] }));
    let res = f.send(&mut c, "POST", "/api/link", body, &token).await;
    let real: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(answer("/api/link", "post", "200").as_deref(), Some("LinkAnswer"));
    for key in schemas["LinkAnswer"]["properties"].as_object().unwrap().keys() {
        assert!(real.get(key).is_some(), "{key} promised but missing: {}", res.body);
    }
}
