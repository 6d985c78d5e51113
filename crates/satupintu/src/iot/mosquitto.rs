//! Per-device credentials at the MQTT broker: a Mosquitto password file (each device's user
//! name is its id and its password its token, kept as PBKDF2-SHA512 `$7$` hashes) and an ACL
//! letting each device write only its own readings topic and the platform's subscriber read
//! them all. Written by `satupintu iot mosquitto-auth`; Mosquitto reads them on start and on
//! SIGHUP.

use std::fmt::Write as _;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha512;
use sqlx::Row as _;

use crate::db::Conn;

/// Mosquitto's iteration count for `$7$` hashes (what `mosquitto_passwd` writes).
pub const ITERATIONS: u32 = 101;
const SALT_LEN: usize = 12;

/// A Mosquitto `$7$` password hash (PBKDF2-HMAC-SHA512, 12-byte random salt, 101 rounds).
pub fn password_hash(password: &str) -> String {
    use rand::RngCore as _;
    let mut salt = [0u8; SALT_LEN];
    rand::thread_rng().fill_bytes(&mut salt);
    password_hash_with(password, &salt, ITERATIONS)
}

/// A `$7$` hash with the given salt and rounds.
pub fn password_hash_with(password: &str, salt: &[u8], iterations: u32) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    format!("$7${iterations}${}${}", b64.encode(salt), b64.encode(pbkdf2_sha512(password.as_bytes(), salt, iterations)))
}

/// Whether `password` matches a `$7$` hash (as the broker checks it).
pub fn verify(password: &str, hash: &str) -> bool {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut parts = hash.split('$');
    let (Some(""), Some("7"), Some(iter), Some(salt), Some(key), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Ok(iter), Ok(salt), Ok(key)) = (iter.parse::<u32>(), b64.decode(salt), b64.decode(key)) else {
        return false;
    };
    if iter == 0 || iter > 1_000_000 {
        return false;
    }
    let got = pbkdf2_sha512(password.as_bytes(), &salt, iter);
    crate::web::extract::same_token(&hex::encode(got), &hex::encode(key))
}

/// PBKDF2-HMAC-SHA512 with a 64-byte output (one block, RFC 8018 section 5.2).
fn pbkdf2_sha512(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 64] {
    let mac = Hmac::<Sha512>::new_from_slice(password).expect("HMAC takes a key of any length");
    let mut m = mac.clone();
    m.update(salt);
    m.update(&1u32.to_be_bytes());
    let mut u: [u8; 64] = m.finalize().into_bytes().into();
    let mut out = u;
    for _ in 1..iterations {
        let mut m = mac.clone();
        m.update(&u);
        u = m.finalize().into_bytes().into();
        for (o, x) in out.iter_mut().zip(u.iter()) {
            *o ^= x;
        }
    }
    out
}

/// The broker files: the password file and the ACL file, as text.
#[derive(Debug, Default)]
pub struct Files {
    pub passwords: String,
    pub acl: String,
    /// Active devices written.
    pub devices: usize,
    /// Devices without an MQTT hash (made before it was kept; give them a new token).
    pub skipped: Vec<String>,
}

/// The platform's subscriber account at the broker, from `mqtt_url`
/// (`mqtt://user:password@host:port`), when it has one.
pub fn platform_account(mqtt_url: Option<&str>) -> Option<(String, String)> {
    let url = url::Url::parse(mqtt_url?).ok()?;
    if url.username().is_empty() {
        return None;
    }
    let user = percent_decode(url.username());
    let password = percent_decode(url.password().unwrap_or(""));
    Some((user, password))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Build the files for every active device (and the platform account when given).
pub async fn files(conn: &mut Conn, platform: Option<(String, String)>) -> Result<Files, sqlx::Error> {
    let rows =
        sqlx::query("SELECT id, mqtt_hash FROM iot_devices WHERE active = 1 ORDER BY id").fetch_all(conn).await?;
    let mut out = Files::default();
    out.acl
        .push_str("# Written by `satupintu iot mosquitto-auth`: each device writes only its own readings topic.\n\n");
    if let Some((user, password)) = &platform {
        let _ = writeln!(out.passwords, "{user}:{}", password_hash(password));
        let _ = writeln!(
            out.acl,
            "user {user}\ntopic read satupintu/v1/devices/+/readings\ntopic read $share/+/satupintu/v1/devices/+/readings\n"
        );
    }
    for row in &rows {
        let id: String = row.try_get(0)?;
        let hash: Option<String> = row.try_get(1)?;
        // Ids that could break the files' line format or the topic are never written.
        if !super::payload::valid_sensor_id(&id) || id.contains(':') {
            out.skipped.push(id);
            continue;
        }
        let Some(hash) = hash else {
            out.skipped.push(id);
            continue;
        };
        let _ = writeln!(out.passwords, "{id}:{hash}");
        let _ = writeln!(out.acl, "user {id}\ntopic write satupintu/v1/devices/{id}/readings\n");
        out.devices += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_sha512_matches_the_rfc_vectors() {
        // RFC 7914 section 11 (PBKDF2-HMAC-SHA256 there); for SHA-512 the widely published
        // vector P="password", S="salt", c=1, dkLen=64.
        let got = pbkdf2_sha512(b"password", b"salt", 1);
        assert_eq!(
            hex::encode(got),
            "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252\
             c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce"
        );
        let got = pbkdf2_sha512(b"password", b"salt", 2);
        assert_eq!(
            hex::encode(got),
            "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c\
             f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e"
        );
    }

    #[test]
    fn hashes_have_mosquittos_shape_and_verify() {
        let h = password_hash("rahasia-perangkat");
        let parts: Vec<&str> = h.split('$').collect();
        assert_eq!(parts[..3], ["", "7", "101"]);
        assert_eq!(parts[3].len(), 16, "12-byte salt, base64");
        assert_eq!(parts[4].len(), 88, "64-byte key, base64");
        assert!(verify("rahasia-perangkat", &h));
        assert!(!verify("rahasia-lain", &h));
        assert!(!verify("x", "$6$abc$def"));
    }

    #[test]
    fn platform_account_from_the_url() {
        assert_eq!(
            platform_account(Some("mqtt://satupintu:p%40ss@127.0.0.1:1883")),
            Some(("satupintu".into(), "p@ss".into()))
        );
        assert_eq!(platform_account(Some("mqtt://127.0.0.1:1883")), None);
        assert_eq!(platform_account(None), None);
    }
}
