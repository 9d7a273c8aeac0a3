//! The certificate as an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable
//! Credential, data model 2.0), signed as VC-JWT with RS256 by the issuer's key.
//!
//! The JWT payload is the credential itself with the claims the spec requires beside
//! it: `iss` = issuer.id, `jti` = id, `sub` = credentialSubject.id, `nbf` = validFrom.
//! The recipient is named by a salted SHA-256 of their e-mail address (never the
//! address itself) and by the name printed on the PDF.
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::{components::format::hours, i18n::Lang};

/// The bits in the revocation list: 16 KB, so one bit says little about who it is.
pub const STATUS_LIST_BITS: u32 = 16 * 1024 * 8;

/// 1EdTech's JSON Schema for an AchievementCredential (Open Badges 3.0).
pub const ACHIEVEMENT_CREDENTIAL_SCHEMA: &str = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

/// Everything the credential says, as stored with the certificate.
pub struct CredentialFacts<'a> {
    pub base_url: &'a str,
    pub number: &'a str,
    pub participant_name: &'a str,
    pub email: &'a str,
    pub issued_at: DateTime<Utc>,
    pub learning_quarters_required: i64,
    pub practice_quarters_required: i64,
    pub lesson_attendance_percent: i64,
    pub intervision_attendance_percent: i64,
    pub status_index: u32,
}

/// The issuer's public profile (also served at `/uitgever`).
pub fn issuer_profile(base_url: &str) -> Value {
    json!({
        "id": issuer_id(base_url),
        "type": ["Profile"],
        "name": "Leerlijn Buurtteams (Vrijwilligersacademie Amsterdam en Hogeschool van Amsterdam)",
        "url": format!("{base_url}/leerlijn"),
        "description": "De Leerlijn Buurtteams is een opleiding voor ervaringsdeskundigen in de Amsterdamse buurtteams. \
                        De Vrijwilligersacademie Amsterdam geeft haar samen met de Hogeschool van Amsterdam.",
    })
}

pub fn issuer_id(base_url: &str) -> String {
    format!("{base_url}/uitgever")
}

pub fn status_list_url(base_url: &str) -> String {
    format!("{base_url}/statuslijst/1")
}

/// "sha256$…" of the address with the salt, as Open Badges hashes an identity.
pub fn identity_hash(email: &str, salt: &str) -> String {
    format!("sha256${}", hex::encode(Sha256::digest(format!("{}{salt}", email.trim().to_lowercase()))))
}

fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A random (version 4) UUID as a URN: the subject's id, which links to nobody.
fn urn_uuid() -> String {
    let h = random_hex(16);
    let variant = ["8", "9", "a", "b"][usize::from(u8::from_str_radix(&h[16..17], 16).unwrap_or(0)) % 4];
    format!("urn:uuid:{}-{}-4{}-{}{}-{}", &h[0..8], &h[8..12], &h[13..16], variant, &h[17..20], &h[20..32])
}

/// What one must do for the certificate, with this cohort's own numbers.
fn criteria(f: &CredentialFacts) -> String {
    let nl = Lang::Nl;
    format!(
        "Ten minste {} uur leren (lessen, trainingen en zelfstudie) en {} uur praktijk als ervaringsdeskundige in een buurtteam, \
         goedgekeurd door een trainer. Actief aanwezig bij ten minste {}% van de lessen en {}% van de intervisie. \
         Een goedgekeurd persoonlijk ontwikkelingsplan (POP) en groepsontwikkelingsplan (GOP). \
         Een gehaald criteriumgericht eindgesprek met twee beoordelaars: een van de Vrijwilligersacademie en een van de Hogeschool van Amsterdam.",
        hours(nl, f.learning_quarters_required),
        hours(nl, f.practice_quarters_required),
        f.lesson_attendance_percent,
        f.intervision_attendance_percent,
    )
}

/// The credential with the JWT claims, ready to sign.
pub fn claims(f: &CredentialFacts) -> Value {
    let base = f.base_url;
    let id = verify_url(base, f.number);
    let subject_id = urn_uuid();
    let salt = random_hex(16);
    let valid_from = f.issued_at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let status_list = status_list_url(base);
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(base),
        "validFrom": valid_from,
        "name": "Certificaat Leerlijn Buurtteams",
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "identifier": [
                { "type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
                  "identityHash": identity_hash(f.email, &salt), "salt": salt },
                { "type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": f.participant_name },
            ],
            "achievement": {
                "id": format!("{base}/leerlijn#certificaat"),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": "Leerlijn Buurtteams",
                "description": "Opleiding voor ervaringsdeskundigen in de Amsterdamse buurtteams: 60 uur leren, 60 uur praktijk, \
                                lessen en intervisie, een POP en een GOP, en een criteriumgericht eindgesprek.",
                "criteria": { "narrative": criteria(f) },
                "creator": issuer_profile(base),
                "inLanguage": "nl",
            },
        },
        // Tells a validator which schema the credential keeps to (tested against a copy).
        "credentialSchema": [{ "id": ACHIEVEMENT_CREDENTIAL_SCHEMA, "type": "1EdTechJsonSchemaValidator2019" }],
        "credentialStatus": {
            "id": format!("{status_list}#{}", f.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": f.status_index.to_string(),
            "statusListCredential": status_list,
        },
        "iss": issuer_id(base),
        "jti": id,
        "sub": subject_id,
        "nbf": f.issued_at.timestamp(),
    })
}

/// LinkedIn's "add to profile" address for a certification, filled in: name,
/// organisation, issue year and month, the certificate number and its verify page.
pub fn linkedin_url(base_url: &str, number: &str, issued_on: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("startTask", "CERTIFICATION_NAME")
        .append_pair("name", "Leerlijn Buurtteams")
        .append_pair("organizationName", "Vrijwilligersacademie Amsterdam en Hogeschool van Amsterdam")
        .append_pair("issueYear", &issued_on.year().to_string())
        .append_pair("issueMonth", &issued_on.month().to_string())
        .append_pair("certId", number)
        .append_pair("certUrl", &verify_url(base_url, number))
        .finish();
    format!("https://www.linkedin.com/profile/add?{query}")
}

/// The revocation list as a `BitstringStatusListCredential` (signed by the caller):
/// the bits of `revoked` set, GZIP, then multibase base64url without padding.
pub fn status_list(base_url: &str, revoked: &[u32], now: DateTime<Utc>) -> Value {
    use base64::Engine;
    use std::io::Write;
    let mut bits = vec![0u8; (STATUS_LIST_BITS / 8) as usize];
    for index in revoked.iter().filter(|i| **i < STATUS_LIST_BITS) {
        // Index 0 is the left-most bit of the first byte.
        bits[(index / 8) as usize] |= 0x80 >> (index % 8);
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let compressed = gzip.write_all(&bits).and_then(|()| gzip.finish()).unwrap_or_default();
    let encoded = format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed));
    let id = status_list_url(base_url);
    let valid_from = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(base_url),
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
        "iss": issuer_id(base_url),
        "jti": id,
        "sub": format!("{id}#list"),
        "nbf": now.timestamp(),
    })
}

/// Who issues: the public address certificates and credentials name, and the key that signs.
pub struct Issuer<'a> {
    pub base_url: &'a str,
    pub signer: &'a crate::server::signing::Signer,
}

impl<'a> Issuer<'a> {
    pub fn of(state: &'a crate::server::state::AppState) -> Self {
        Issuer { base_url: &state.config.public_base_url, signer: &state.signer }
    }
}

/// The public address that checks a number; printed and in the QR code.
pub fn verify_url(base_url: &str, number: &str) -> String {
    format!("{base_url}/verifieren/{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_linkedin_address_carries_the_certificate_encoded() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let url = linkedin_url("https://leerlijn.example.nl", "LB-AAAA-BBBB-CCCC-DDDD", day);
        assert!(url.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Leerlijn+Buurtteams&"), "{url}");
        for part in ["issueYear=2026", "issueMonth=12", "certId=LB-AAAA-BBBB-CCCC-DDDD",
                     "certUrl=https%3A%2F%2Fleerlijn.example.nl%2Fverifieren%2FLB-AAAA-BBBB-CCCC-DDDD"] {
            assert!(url.contains(part), "{part} in {url}");
        }
    }

    #[test]
    fn the_identity_hash_is_the_salted_sha256_of_the_lowercased_address() {
        let hash = identity_hash(" Demi@Leerlijn.test ", "zout");
        assert_eq!(hash, format!("sha256${}", hex::encode(Sha256::digest("demi@leerlijn.testzout"))));
    }

    #[test]
    fn a_subject_id_is_a_version_4_uuid() {
        for _ in 0..50 {
            let id = urn_uuid();
            let uuid = id.strip_prefix("urn:uuid:").unwrap();
            let parts: Vec<&str> = uuid.split('-').collect();
            assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{id}");
            assert!(parts[2].starts_with('4') && "89ab".contains(&parts[3][..1]), "{id}");
        }
    }

    #[test]
    fn the_status_list_sets_exactly_the_revoked_bits() {
        use base64::Engine;
        use std::io::Read;
        let list = status_list("https://leerlijn.example.nl", &[0, 9, STATUS_LIST_BITS - 1], Utc::now());
        let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap();
        let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(encoded.strip_prefix('u').unwrap()).unwrap();
        let mut bits = Vec::new();
        flate2::read::GzDecoder::new(&compressed[..]).read_to_end(&mut bits).unwrap();
        assert_eq!(bits.len(), 16 * 1024);
        assert_eq!((bits[0], bits[1], bits[bits.len() - 1]), (0x80, 0x40, 0x01));
        assert_eq!(bits.iter().map(|b| b.count_ones()).sum::<u32>(), 3);
    }
}
