//! The exchange protocol: the query, the canonical strings that are signed, and the data
//! items this instance serves. See docs/api.md, "Pertukaran data antarinstansi".

use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

pub const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The query path (part of the signed string).
pub const QUERY_PATH: &str = "/api/v1/exchange/query";
/// How far a request's time may be from the server's clock, in seconds.
pub const MAX_SKEW_SECS: i64 = 300;

pub const H_CLIENT: &str = "x-exchange-client";
pub const H_SERVICE: &str = "x-exchange-service";
pub const H_TIMESTAMP: &str = "x-exchange-timestamp";
pub const H_REQUEST_ID: &str = "x-exchange-request-id";
pub const H_SIGNATURE: &str = "x-exchange-signature";

/// A member's system: `ID-GOV-BPJSKES` / `kepesertaan`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[schema(as = ExchangeParty)]
pub struct Party {
    pub member: String,
    pub subsystem: String,
}

impl Party {
    /// `member/subsystem`, as in the headers.
    pub fn id(&self) -> String {
        format!("{}/{}", self.member, self.subsystem)
    }

    pub fn parse(s: &str) -> Option<Party> {
        let (m, s) = s.split_once('/')?;
        (valid_member_id(m) && valid_subsystem(s)).then(|| Party { member: m.into(), subsystem: s.into() })
    }
}

/// `ID-GOV-DISDUKCAPIL-3578`: upper-case letters, digits and hyphens, 3 to 64.
pub fn valid_member_id(s: &str) -> bool {
    (3..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// `kepesertaan`: lower-case letters, digits and hyphens, 1 to 64.
pub fn valid_subsystem(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A purpose or item id: lower-case letters, digits and hyphens, 1 to 64.
pub fn valid_slug(s: &str) -> bool {
    valid_subsystem(s)
}

/// A request id: a UUID in its 8-4-4-4-12 hex form.
pub fn valid_request_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A random (version 4) UUID.
pub fn new_request_id() -> String {
    use rand::RngCore as _;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// The body of `POST /api/v1/exchange/query`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[schema(as = ExchangeQuery)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub client: Party,
    pub service: Party,
    /// The data item, e.g. `family-at-address`.
    pub item: String,
    /// The registered purpose, e.g. `bpjs-pendaftaran-jkn`.
    pub purpose: String,
    /// The 16-digit NIK of the citizen asked about.
    pub subject_nik: String,
    /// Item parameters, e.g. `{"region": "Surabaya"}` for `family-at-address`.
    #[serde(default)]
    pub params: std::collections::BTreeMap<String, String>,
    /// The legal basis relied on instead of consent (only for purposes that allow it).
    #[serde(default)]
    pub legal_basis: Option<String>,
    /// The client's own reference to the consent it holds (recorded; consent is checked here).
    #[serde(default)]
    pub consent_ref: Option<String>,
    /// A fresh UUID per request (never reused).
    pub request_id: String,
    /// Unix seconds when the request was made (the same as the timestamp header).
    pub issued_at: i64,
}

/// The answer: only the minimum, never the record.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[schema(as = ExchangeAnswer)]
pub struct Answer {
    pub request_id: String,
    pub item: String,
    pub purpose: String,
    /// Yes or no.
    pub answer: bool,
    /// Unix seconds: the moment the answer holds for.
    pub as_of: i64,
    /// How access was allowed: `consent` or `legal`.
    pub basis: String,
    pub served_by: Party,
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// What a client signs for a request.
pub fn request_string(method: &str, path: &str, body: &[u8], timestamp: i64, request_id: &str, client: &str) -> String {
    format!(
        "satupintu-exchange-v1 request\n{}\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        path,
        sha256_hex(body),
        timestamp,
        request_id,
        client
    )
}

/// What a server signs for its response (answers and refusals alike).
pub fn response_string(status: u16, body: &[u8], timestamp: i64, request_id: &str, service: &str) -> String {
    format!("satupintu-exchange-v1 response\n{status}\n{}\n{timestamp}\n{request_id}\n{service}", sha256_hex(body))
}

pub fn sign(key: &SigningKey, message: &str) -> String {
    B64.encode(key.sign(message.as_bytes()).to_bytes())
}

/// A public key from its base64url text.
pub fn parse_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = B64.decode(text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

pub fn verify(key: &VerifyingKey, message: &str, signature_b64: &str) -> bool {
    let Ok(bytes) = B64.decode(signature_b64.trim()) else { return false };
    let Ok(sig) = Signature::from_slice(&bytes) else { return false };
    key.verify_strict(message.as_bytes(), &sig).is_ok()
}

/// A data item this instance serves.
pub struct Item {
    pub id: &'static str,
    /// Parameters the query must carry.
    pub params: &'static [&'static str],
}

/// The items served here, answered from the platform's own citizen records (see docs/api.md).
pub const ITEMS: &[Item] = &[
    // Is the NIK's family (KK) registered here, at an address within this region?
    Item { id: "family-at-address", params: &["region"] },
    // Does the NIK have a citizen account on this platform (registered applicant)?
    Item { id: "applicant-registered", params: &[] },
];

pub fn item(id: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.id == id)
}

/// The facts an item is answered from (read through the identity store).
pub struct SubjectFacts {
    pub kk_number: Option<String>,
    pub address: Option<String>,
}

/// The yes/no answer of `item` for a subject (None: no citizen with that NIK here).
pub fn answer(item: &Item, facts: Option<&SubjectFacts>, params: &std::collections::BTreeMap<String, String>) -> bool {
    let Some(f) = facts else { return false };
    match item.id {
        "family-at-address" => {
            let region = params.get("region").map(|r| r.trim().to_lowercase()).unwrap_or_default();
            let has_kk = f.kk_number.as_deref().is_some_and(|k| !k.trim().is_empty());
            !region.is_empty() && has_kk && f.address.as_deref().is_some_and(|a| a.to_lowercase().contains(&region))
        }
        "applicant-registered" => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    #[test]
    fn request_signature_verifies_and_any_change_breaks_it() {
        let k = key(7);
        let body = br#"{"item":"applicant-registered"}"#;
        let msg = request_string(
            "post",
            QUERY_PATH,
            body,
            1_700_000_000,
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "ID-GOV-A/x",
        );
        assert!(msg.starts_with("satupintu-exchange-v1 request\nPOST\n/api/v1/exchange/query\n"));
        assert!(msg.contains(&sha256_hex(body)));
        let sig = sign(&k, &msg);
        let public = parse_public_key(&B64.encode(k.verifying_key().to_bytes())).expect("key");
        assert!(verify(&public, &msg, &sig));
        let tampered_body = request_string(
            "POST",
            QUERY_PATH,
            b"{}",
            1_700_000_000,
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "ID-GOV-A/x",
        );
        assert!(!verify(&public, &tampered_body, &sig));
        let other_time = request_string(
            "POST",
            QUERY_PATH,
            body,
            1_700_000_001,
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "ID-GOV-A/x",
        );
        assert!(!verify(&public, &other_time, &sig));
        let other_client = request_string(
            "POST",
            QUERY_PATH,
            body,
            1_700_000_000,
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "ID-GOV-B/x",
        );
        assert!(!verify(&public, &other_client, &sig));
        assert!(!verify(&key(8).verifying_key(), &msg, &sig), "another key");
        assert!(!verify(&public, &msg, "not-base64!"));
        assert!(!verify(&public, &msg, &B64.encode([0u8; 64])));
    }

    #[test]
    fn response_string_binds_status_and_body() {
        let a = response_string(200, b"{}", 5, "r", "ID-GOV-A/x");
        assert_ne!(a, response_string(403, b"{}", 5, "r", "ID-GOV-A/x"));
        assert_ne!(a, response_string(200, b"{ }", 5, "r", "ID-GOV-A/x"));
        assert!(a.starts_with("satupintu-exchange-v1 response\n200\n"));
    }

    #[test]
    fn ids_are_checked() {
        assert!(valid_member_id("ID-GOV-DISDUKCAPIL-3578"));
        assert!(!valid_member_id("id-gov"));
        assert!(!valid_member_id("ID GOV"));
        assert!(valid_subsystem("kepesertaan"));
        assert!(!valid_subsystem("Kepesertaan"));
        assert_eq!(
            Party::parse("ID-GOV-BPJSKES/kepesertaan").map(|p| p.id()).as_deref(),
            Some("ID-GOV-BPJSKES/kepesertaan")
        );
        assert!(Party::parse("ID-GOV-BPJSKES").is_none());
        let id = new_request_id();
        assert!(valid_request_id(&id), "{id}");
        assert_ne!(id, new_request_id());
        assert!(!valid_request_id("0f8fad5b-d9cb-469f-a165-70867728950"));
        assert!(!valid_request_id("zf8fad5b-d9cb-469f-a165-70867728950e"));
    }

    #[test]
    fn answers_say_only_yes_or_no() {
        let facts = SubjectFacts {
            kk_number: Some("3578010101010001".into()),
            address: Some("Jl. Tunjungan 1, Surabaya".into()),
        };
        let fam = item("family-at-address").expect("item");
        let mut p = std::collections::BTreeMap::new();
        p.insert("region".to_string(), "surabaya".to_string());
        assert!(answer(fam, Some(&facts), &p));
        p.insert("region".to_string(), "Malang".to_string());
        assert!(!answer(fam, Some(&facts), &p));
        p.insert("region".to_string(), "Surabaya".to_string());
        assert!(!answer(fam, Some(&SubjectFacts { kk_number: None, address: facts.address.clone() }), &p));
        assert!(!answer(fam, None, &p));
        let reg = item("applicant-registered").expect("item");
        assert!(answer(reg, Some(&facts), &p));
        assert!(!answer(reg, None, &p));
    }
}
