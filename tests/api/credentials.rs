//! A certificate that travels: with every certificate the participant gets an Open
//! Badges 3.0 credential signed as VC-JWT (RS256). An outside verifier (PyJWT, not the
//! crate that signs) checks it with nothing but the published JWKS; a revocation sets
//! the certificate's bit in the signed status list; after a key rotation old and new
//! credentials both verify.
use std::process::Command;

use crate::certificates::{exec, world};
use base64::Engine;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Verifies `jwt` with PyJWT against `jwks`; `Err` holds why it was refused.
fn verify_outside(jwks: &str, jwt: &str) -> Result<Value, String> {
    let dir = tempfile::tempdir().unwrap();
    let (jwks_file, jwt_file) = (dir.path().join("jwks.json"), dir.path().join("credential.jwt"));
    std::fs::write(&jwks_file, jwks).unwrap();
    std::fs::write(&jwt_file, jwt).unwrap();
    let python = std::env::var("LEERLIJN_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/verify_credential.py");
    let out = Command::new(&python).arg(script).arg(&jwks_file).arg(&jwt_file).output().unwrap_or_else(|e| panic!("{python}: {e} (make python-deps)"));
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("ModuleNotFoundError"), "PyJWT is missing: run make python-deps");
    if out.status.success() {
        Ok(serde_json::from_str(&text).unwrap())
    } else {
        Err(text)
    }
}

/// What the 1EdTech JSON Schema for AchievementCredential says is wrong with
/// `credential`: checked by the `jsonschema` package against our copy of the schema.
fn schema_errors(credential: &Value) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("credential.json");
    std::fs::write(&file, credential.to_string()).unwrap();
    let python = std::env::var("LEERLIJN_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/check_schema.py");
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/openbadges/ob_v3p0_achievementcredential_schema.json");
    let out = Command::new(&python).arg(script).arg(schema).arg(&file).output().unwrap_or_else(|e| panic!("{python}: {e} (make python-deps)"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() || out.status.code() == Some(1), "the schema check itself failed (make python-deps): {stderr}");
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect()
}

async fn fetch(client: &Client, url: String) -> (StatusCode, String) {
    let response = client.get(url).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The payload of a compact JWS, without checking it.
fn payload_of(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_participant_downloads_a_signed_open_badge_that_an_outside_verifier_accepts_with_only_the_jwks() {
    let w = world().await;
    let (_, number) = w.pass().await;
    let base = &w.app.base;
    let (status, jwt) = fetch(&w.anna_client, w.app.url(&format!("/certificaten/{number}.jwt"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, json) = fetch(&w.anna_client, w.app.url(&format!("/certificaten/{number}.json"))).await;
    assert_eq!(status, StatusCode::OK);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["jwt"], jwt.as_str(), "the .json carries the same signed credential");
    for (who, client) in [("another participant", &w.bram_client), ("a trainer of another cohort", &w.olga)] {
        let (status, _) = fetch(client, w.app.url(&format!("/certificaten/{number}.jwt"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}");
    }

    // Anyone fetches the keys; the verifier uses nothing else.
    let anyone = w.app.client();
    let (status, jwks) = fetch(&anyone, w.app.url("/.well-known/jwks.json")).await;
    assert_eq!(status, StatusCode::OK);
    let verified = verify_outside(&jwks, &jwt).expect("a valid signature");
    let header = &verified["header"];
    let kid = header["kid"].as_str().unwrap();
    assert_eq!(header.as_object().unwrap().keys().collect::<Vec<_>>(), ["alg", "kid", "typ"], "no other JOSE header is allowed");
    assert_eq!((header["alg"].as_str(), header["typ"].as_str()), (Some("RS256"), Some("JWT")));
    assert!(kid.starts_with(&format!("{base}/sleutels/")), "{kid}");
    // The kid dereferences to the public key itself.
    let (status, key) = fetch(&anyone, kid.to_owned()).await;
    assert_eq!(status, StatusCode::OK);
    let key: Value = serde_json::from_str(&key).unwrap();
    assert_eq!((key["kty"].as_str(), key["kid"].as_str()), (Some("RSA"), Some(kid)));
    assert!(key.get("d").is_none(), "never a private part");

    // The credential: Open Badges 3.0 on the VC data model 2.0, with the claims beside it.
    let vc = &verified["payload"];
    assert_eq!(vc["@context"][0], "https://www.w3.org/ns/credentials/v2");
    assert_eq!(vc["@context"][1], "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
    assert_eq!(vc["type"], serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"]));
    assert_eq!(vc["id"], format!("{base}/verifieren/{number}"));
    assert_eq!((&vc["jti"], &vc["iss"], &vc["sub"]), (&vc["id"], &vc["issuer"]["id"], &vc["credentialSubject"]["id"]));
    let valid_from = chrono::DateTime::parse_from_rfc3339(vc["validFrom"].as_str().unwrap()).unwrap();
    assert_eq!(vc["nbf"].as_i64(), Some(valid_from.timestamp()));
    let achievement = &vc["credentialSubject"]["achievement"];
    assert_eq!((achievement["achievementType"].as_str(), achievement["name"].as_str()), (Some("Certificate"), Some("Leerlijn Buurtteams")));
    let criteria = achievement["criteria"]["narrative"].as_str().unwrap();
    for requirement in ["60 uur leren", "60 uur praktijk", "80% van de lessen", "POP", "GOP", "criteriumgericht eindgesprek"] {
        assert!(criteria.contains(requirement), "the criteria name {requirement:?}: {criteria}");
    }
    let email = &vc["credentialSubject"]["identifier"][0];
    assert_eq!((email["identityType"].as_str(), email["hashed"].as_bool()), (Some("emailAddress"), Some(true)));
    let salt = email["salt"].as_str().unwrap();
    let expected = format!("sha256${}", hex::encode(Sha256::digest(format!("anna@example.nl{salt}"))));
    assert_eq!(email["identityHash"], expected.as_str());
    assert!(!jwt.contains("anna@example.nl") && !vc.to_string().contains("anna@example.nl"), "the address itself never leaves");
    let status_entry = &vc["credentialStatus"];
    assert_eq!(status_entry["type"], "BitstringStatusListEntry");
    assert_eq!(status_entry["statusListCredential"], format!("{base}/statuslijst/1"));
    // It validates against 1EdTech's JSON Schema for AchievementCredential, and so does
    // the copy in the .json download; the check refuses what the schema forbids.
    assert_eq!(schema_errors(vc), Vec::<String>::new(), "the signed credential");
    assert_eq!(schema_errors(&json["credential"]), Vec::<String>::new(), "the .json download");
    let mut broken = vc.clone();
    broken["issuer"]["type"] = "Profile".into();
    broken.as_object_mut().unwrap().remove("validFrom");
    let errors = schema_errors(&broken);
    assert!(errors.iter().any(|e| e.contains("validFrom")) && errors.iter().any(|e| e.starts_with("issuer")), "{errors:?}");
    // The issuer has a public profile of its own.
    let (status, issuer) = fetch(&anyone, vc["issuer"]["id"].as_str().unwrap().to_owned()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(issuer.contains("Hogeschool van Amsterdam") && issuer.contains("Vrijwilligersacademie"));

    // One flipped byte anywhere in the token and the verifier refuses it.
    for position in [10, jwt.len() / 2, jwt.len() - 5] {
        let mut bytes = jwt.clone().into_bytes();
        bytes[position] = if bytes[position] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        assert!(verify_outside(&jwks, &tampered).is_err(), "a changed byte at {position} must not verify");
    }

    // The verification page says a signed credential exists and where the keys are.
    let (_, page) = w.app.get(&anyone, &format!("/verifieren/{number}")).await;
    assert!(page.contains("digitaal ondertekend bewijs") && page.contains("/.well-known/jwks.json"));
    let (_, home) = w.app.get(&w.anna_client, "/").await;
    assert!(home.contains(&format!("/certificaten/{number}.json")), "the certificate card offers the credential");
    assert!(home.contains(&format!("value=\"{base}/verifieren/{number}\"")), "the card holds the verify link, whole, to copy");

    // "Toevoegen aan LinkedIn-profiel": LinkedIn's add-to-profile form, filled in; only for her.
    let linkedin = format!("/certificaten/{number}/linkedin");
    assert!(home.contains(&linkedin));
    let response = w.anna_client.get(w.app.url(&linkedin)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let today = crate::common::today();
    use chrono::Datelike;
    assert!(location.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Leerlijn+Buurtteams"), "{location}");
    let verify = format!("{base}/verifieren/{number}").replace(':', "%3A").replace('/', "%2F");
    for part in [format!("issueYear={}", today.year()), format!("issueMonth={}", today.month()), format!("certId={number}"), format!("certUrl={verify}")] {
        assert!(location.contains(&part), "{part} in {location}");
    }
    let (status, _) = fetch(&w.bram_client, w.app.url(&linkedin)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not someone else's certificate");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_sets_the_certificates_bit_in_the_signed_status_list_which_is_otherwise_reused() {
    let w = world().await;
    let (interview, number) = w.pass().await;
    let anyone = w.app.client();
    let (_, jwt) = fetch(&w.anna_client, w.app.url(&format!("/certificaten/{number}.jwt"))).await;
    let index: usize = payload_of(&jwt)["credentialStatus"]["statusListIndex"].as_str().unwrap().parse().unwrap();
    let (_, jwks) = fetch(&anyone, w.app.url("/.well-known/jwks.json")).await;
    let bit_of = |list_jwt: &str| {
        let list = verify_outside(&jwks, list_jwt).expect("the status list is signed");
        let subject = &list["payload"]["credentialSubject"];
        assert_eq!((subject["type"].as_str(), subject["statusPurpose"].as_str()), (Some("BitstringStatusList"), Some("revocation")));
        let encoded = subject["encodedList"].as_str().unwrap().strip_prefix('u').expect("multibase base64url");
        let gzip = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(encoded).unwrap();
        let mut bits = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut bits).unwrap();
        assert!(bits.len() >= 16 * 1024, "at least 16 KB, so one bit says little");
        (bits[index / 8] >> (7 - index % 8)) & 1
    };
    let (status, list) = fetch(&anyone, w.app.url("/statuslijst/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bit_of(&list), 0, "valid: the bit is clear");
    // `validFrom` and `nbf` count seconds: a list signed anew a second later would differ.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (_, again) = fetch(&anyone, w.app.url("/statuslijst/1")).await;
    assert_eq!(again, list, "nothing revoked since: the signed list is reused, not signed for every fetch");

    let revoke = [("nummer", number.as_str()), ("reason", "fout"), ("note", "Verkeerde uren."), ("confirm", "yes")];
    w.app.submit(&w.carla, &format!("/eindgesprekken/{interview}"), "revoke_certificate", &revoke).await.assert_redirect_to(&format!("/verifieren/{number}"));
    let (_, list) = fetch(&anyone, w.app.url("/statuslijst/1")).await;
    assert_eq!(bit_of(&list), 1, "revoked: the bit is set");
    let (_, page) = w.app.get(&anyone, &format!("/verifieren/{number}")).await;
    assert!(page.contains("Ingetrokken") && !page.contains("digitaal ondertekend bewijs"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_key_rotation_old_and_new_credentials_verify() {
    use leerlijn::{
        features::certificates::{db::sign_missing_credentials, issue::Issuer},
        server::signing::{rotate, Signer},
    };
    let w = world().await;
    let (_, number) = w.pass().await;
    let (_, old_jwt) = fetch(&w.anna_client, w.app.url(&format!("/certificaten/{number}.jwt"))).await;
    let new_kid = rotate(&w.app.pool, &w.app.signing_key()).await.unwrap();
    // What `serve` does at its next start with a certificate that lacks a credential.
    let signer = Signer::load(&w.app.signing_key()).unwrap();
    assert_eq!(signer.thumbprint(), new_kid);
    exec(&w.app, "UPDATE certificates SET credential_jwt = NULL").await;
    let issuer = Issuer { base_url: &w.app.base, signer: &signer };
    assert_eq!(sign_missing_credentials(&w.app.pool, &issuer).await.unwrap(), 1);
    assert_eq!(sign_missing_credentials(&w.app.pool, &issuer).await.unwrap(), 0, "once");
    let (_, new_jwt) = fetch(&w.anna_client, w.app.url(&format!("/certificaten/{number}.jwt"))).await;
    assert_ne!(old_jwt, new_jwt);
    let (_, jwks) = fetch(&w.app.client(), w.app.url("/.well-known/jwks.json")).await;
    let keys: Value = serde_json::from_str(&jwks).unwrap();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 2, "the old key stays published");
    let old = verify_outside(&jwks, &old_jwt).expect("signed before the rotation");
    let new = verify_outside(&jwks, &new_jwt).expect("signed after it");
    assert_ne!(old["header"]["kid"], new["header"]["kid"]);
    assert!(new["header"]["kid"].as_str().unwrap().ends_with(&new_kid));

}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_signs_a_certificate_whose_time_sqlite_wrote_and_is_not_stopped_by_one_it_cannot_read() {
    use leerlijn::{
        features::certificates::{db::sign_missing_credentials, issue::Issuer},
        server::signing::Signer,
    };
    let w = world().await;
    let (_, number) = w.pass().await;
    let signer = Signer::load(&w.app.signing_key()).unwrap();
    let issuer = Issuer { base_url: &w.app.base, signer: &signer };
    // A time that means nothing: logged and left, not an error that stops `serve`.
    exec(&w.app, "UPDATE certificates SET credential_jwt = NULL, issued_at = 'gisteren'").await;
    assert_eq!(sign_missing_credentials(&w.app.pool, &issuer).await.unwrap(), 0);
    let (status, _) = fetch(&w.anna_client, w.app.url(&format!("/certificaten/{number}.jwt"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no credential yet; the PDF still serves");
    let (status, _) = fetch(&w.anna_client, w.app.url(&format!("/certificaten/{number}.pdf"))).await;
    assert_eq!(status, StatusCode::OK);
    // SQLite's own `datetime()` form, as rows written in SQL (an import) have it.
    exec(&w.app, "UPDATE certificates SET issued_at = '2026-11-22 21:17:00'").await;
    assert_eq!(sign_missing_credentials(&w.app.pool, &issuer).await.unwrap(), 1);
    let (_, jwt) = fetch(&w.anna_client, w.app.url(&format!("/certificaten/{number}.jwt"))).await;
    assert_eq!(payload_of(&jwt)["validFrom"], "2026-11-22T21:17:00Z");
}
