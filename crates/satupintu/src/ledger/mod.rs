//! The platform's side of the transparency ledger. Every public decision (an application's
//! transition, a document issued or revoked, a catalogue version) is written here as a leaf in
//! the **same transaction** as the change it records, into `ledger_queue`; the ledger's sequencer
//! then appends queued leaves to the Merkle log in order. A leaf carries the event type, public
//! identifiers, the time and SHA-256 hashes of personal data, never personal data itself.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::db::Tx;

/// One leaf, as canonical JSON (keys sorted, no spaces) so anyone can recompute its hash.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Leaf {
    /// `application.<action>`, `document.issued`, `document.revoked`, `catalog.version`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Unix seconds (UTC).
    pub at: i64,
    /// Public identifiers and hashes, specific to the kind.
    pub data: serde_json::Map<String, Value>,
}

impl Leaf {
    pub fn new(kind: impl Into<String>, at: i64) -> Leaf {
        Leaf { kind: kind.into(), at, data: Default::default() }
    }

    /// Add a public field.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Leaf {
        self.data.insert(key.into(), value.into());
        self
    }

    /// Add the SHA-256 (hex) of personal or bulky data instead of the data.
    pub fn with_hash(self, key: &str, bytes: &[u8]) -> Leaf {
        self.with(key, sha256_hex(bytes))
    }

    /// The canonical bytes that become the ledger entry.
    pub fn canonical(&self) -> Vec<u8> {
        let v = serde_json::to_value(self).unwrap_or(Value::Null);
        canonical_json(&v).into_bytes()
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// JSON with object keys sorted and no insignificant whitespace (serde_json's map is ordered
/// by key already unless `preserve_order` is on; sort explicitly to be independent of it).
pub fn canonical_json(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", Value::String((*k).clone()), canonical_json(&map[k.as_str()])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => format!("[{}]", items.iter().map(canonical_json).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}

/// Queue `leaf` in the caller's transaction: it reaches the log if and only if the change commits.
pub async fn record(tx: &mut Tx, leaf: &Leaf) -> Result<(), sqlx::Error> {
    let body = String::from_utf8(leaf.canonical()).unwrap_or_default();
    sqlx::query("INSERT INTO ledger_queue (body, created_at) VALUES ($1, $2)")
        .bind(body)
        .bind(leaf.at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_are_canonical_and_carry_hashes_not_personal_data() {
        let leaf = Leaf::new("application.submit", 1_790_000_000)
            .with("code", "SP-2026-000001")
            .with_hash("fields_sha256", br#"{"nik":"3273014506900001"}"#);
        let text = String::from_utf8(leaf.canonical()).expect("utf-8");
        assert_eq!(
            text,
            format!(
                r#"{{"at":1790000000,"data":{{"code":"SP-2026-000001","fields_sha256":"{}"}},"type":"application.submit"}}"#,
                sha256_hex(br#"{"nik":"3273014506900001"}"#)
            )
        );
        assert!(!text.contains("3273014506900001"));
        let nested = serde_json::json!({"b": [ {"z": 1, "a": 2} ], "a": "x"});
        assert_eq!(canonical_json(&nested), r#"{"a":"x","b":[{"a":2,"z":1}]}"#);
    }
}
