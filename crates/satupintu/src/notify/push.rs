//! The Web Push protocol, from the application server's side: the VAPID key and token
//! (RFC 8292), message encryption with `aes128gcm` (RFC 8291 on top of RFC 8188), and the
//! request to the push service (RFC 8030). No database here; [`super::service`] keeps the
//! subscriptions and decides who gets what.
//!
//! Why our own code and not the `web-push` crate: that crate encrypts through the `ece` crate,
//! whose default backend is OpenSSL, and sends through isahc or hyper directly, while this
//! project builds without OpenSSL and already uses reqwest with rustls. The protocol is small
//! (an ECDH, two HKDFs, one AES-GCM record and an ES256 JWT) and the pure-Rust RustCrypto
//! crates do the cryptography; the RFC 8291 example is the test vector.

use std::path::Path;
use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::Engine;
use hkdf::Hkdf;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use sha2::Sha256;
use url::Url;

use crate::config::Config;
use crate::web::FieldError;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The record size written in the `aes128gcm` header. A message is one record.
const RECORD_SIZE: u32 = 4096;
/// Salt (16) + record size (4) + key id length (1) + the sender's public key (65).
const HEADER_LEN: usize = 16 + 4 + 1 + 65;
/// Push services must accept bodies of 4096 bytes (RFC 8030 section 7.2); one record also
/// carries the padding delimiter and the 16-byte tag.
pub const MAX_PLAINTEXT: usize = 4096 - HEADER_LEN - 1 - 16;
/// Longest subscription endpoint we store (real ones are a few hundred characters).
const MAX_ENDPOINT: usize = 2048;
/// How long a VAPID token is valid (RFC 8292 allows at most 24 hours).
const TOKEN_LIFETIME_SECS: i64 = 12 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("push message too large ({0} bytes)")]
    TooLarge(usize),
    #[error("encryption failed")]
    Crypto,
    /// The request failed before an answer (the URL is left out: it is a capability).
    #[error("push service unreachable: {0}")]
    Http(#[source] reqwest::Error),
    #[error("push service answered {0}")]
    Status(u16),
}

impl PushError {
    /// The push service will never take this message: trying again is pointless.
    pub fn is_permanent(&self) -> bool {
        matches!(self, PushError::TooLarge(_))
    }
}

/// The platform's VAPID key pair and contact, and the HTTP client that talks to push services.
pub struct Pusher {
    key: SigningKey,
    subject: String,
    client: reqwest::Client,
}

impl Pusher {
    /// The key from `vapid_private_key_file`, or `<data_dir>/keys/vapid.p256` (created on
    /// first start, mode 0600).
    pub fn load(config: &Config) -> anyhow::Result<Pusher> {
        let secret = match &config.vapid_private_key_file {
            Some(file) => {
                let text = std::fs::read_to_string(file)
                    .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
                parse_private_key(&text).ok_or_else(|| {
                    anyhow::anyhow!("{} is not a P-256 private key (PEM, or 32 bytes in base64url)", file.display())
                })?
            }
            None => load_or_create(&config.data_dir)?,
        };
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            // A push service answers; it does not send us elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Pusher { key: SigningKey::from(secret), subject: config.vapid_subject.clone(), client })
    }

    /// A pusher with a given key (tests).
    pub fn with_key(secret: SecretKey, subject: &str) -> Pusher {
        Pusher { key: SigningKey::from(secret), subject: subject.into(), client: reqwest::Client::new() }
    }

    /// The public key as browsers want it for `applicationServerKey`: the uncompressed point,
    /// base64url.
    pub fn public_key(&self) -> String {
        B64.encode(self.key.verifying_key().to_encoded_point(false).as_bytes())
    }

    /// A VAPID token for a push service (RFC 8292 section 2): ES256 over
    /// `{"aud": <origin of the endpoint>, "exp": now + 12 h, "sub": <contact>}`.
    pub fn token(&self, endpoint: &Url, now: i64) -> String {
        let header = B64.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": endpoint.origin().ascii_serialization(),
            "exp": now + TOKEN_LIFETIME_SECS,
            "sub": self.subject,
        });
        let input = format!("{header}.{}", B64.encode(claims.to_string()));
        let signature: Signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", B64.encode(signature.to_bytes()))
    }

    /// Encrypt and send one message to one subscription.
    pub async fn send(&self, sub: &Subscription, msg: &Message<'_>) -> Result<Outcome, PushError> {
        let body = encrypt(msg.payload, &sub.p256dh, &sub.auth)?;
        let mut req = self
            .client
            .post(sub.endpoint.clone())
            .header("ttl", msg.ttl_secs.to_string())
            .header("content-encoding", "aes128gcm")
            .header("content-type", "application/octet-stream")
            .header("urgency", msg.urgency)
            .header(
                "authorization",
                format!("vapid t={}, k={}", self.token(&sub.endpoint, crate::db::now()), self.public_key()),
            )
            .body(body);
        if let Some(topic) = msg.topic.as_deref().map(topic).filter(|t| !t.is_empty()) {
            req = req.header("topic", topic);
        }
        let resp = req.send().await.map_err(|e| PushError::Http(e.without_url()))?;
        match resp.status().as_u16() {
            200..=299 => Ok(Outcome::Delivered),
            404 | 410 => Ok(Outcome::Gone),
            413 => Err(PushError::TooLarge(msg.payload.len())),
            status => Err(PushError::Status(status)),
        }
    }
}

/// One push message before encryption.
pub struct Message<'a> {
    pub payload: &'a [u8],
    /// How long the push service keeps it for an offline device.
    pub ttl_secs: u32,
    /// Messages with the same topic replace each other while undelivered.
    pub topic: Option<String>,
    /// `very-low`, `low`, `normal` or `high` (RFC 8030 section 5.3).
    pub urgency: &'static str,
}

/// What the push service said.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// 404 or 410: the subscription expired or was cancelled; forget it.
    Gone,
}

/// A `Topic` header value: at most 32 characters of the base64url alphabet.
fn topic(raw: &str) -> String {
    raw.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(32).collect()
}

/// A browser's push subscription, checked: where to send, and the keys to encrypt for.
#[derive(Clone, Debug)]
pub struct Subscription {
    pub endpoint: Url,
    /// The browser's P-256 public key (`keys.p256dh`).
    pub p256dh: PublicKey,
    /// The browser's 16-byte authentication secret (`keys.auth`).
    pub auth: [u8; 16],
}

impl Subscription {
    /// Check a `PushSubscription` as a browser's `toJSON()` gives it. The endpoint must be
    /// `https://` on one of `hosts` (an empty list allows any host); plain `http://` only
    /// to this machine (local tests).
    pub fn parse(endpoint: &str, p256dh: &str, auth: &str, hosts: &[String]) -> Result<Subscription, Vec<FieldError>> {
        let mut errors = vec![];
        let endpoint = parse_endpoint(endpoint.trim(), hosts);
        if endpoint.is_none() {
            errors.push(FieldError::new("endpoint", "field-push-endpoint"));
        }
        let p256dh =
            decode(p256dh).filter(|b| b.len() == 65 && b[0] == 0x04).and_then(|b| PublicKey::from_sec1_bytes(&b).ok());
        if p256dh.is_none() {
            errors.push(FieldError::new("keys.p256dh", "field-push-p256dh"));
        }
        let auth: Option<[u8; 16]> = decode(auth).and_then(|b| b.try_into().ok());
        if auth.is_none() {
            errors.push(FieldError::new("keys.auth", "field-push-auth"));
        }
        match (endpoint, p256dh, auth) {
            (Some(endpoint), Some(p256dh), Some(auth)) if errors.is_empty() => {
                Ok(Subscription { endpoint, p256dh, auth })
            }
            _ => Err(errors),
        }
    }

    /// A subscription read back from storage (checked when it was stored).
    pub fn stored(endpoint: &str, p256dh: &str, auth: &str) -> Option<Subscription> {
        Subscription::parse(endpoint, p256dh, auth, &[]).ok()
    }

    pub fn p256dh_b64(&self) -> String {
        B64.encode(self.p256dh.to_encoded_point(false).as_bytes())
    }

    pub fn auth_b64(&self) -> String {
        B64.encode(self.auth)
    }
}

fn parse_endpoint(raw: &str, hosts: &[String]) -> Option<Url> {
    if raw.is_empty() || raw.len() > MAX_ENDPOINT {
        return None;
    }
    let url = Url::parse(raw).ok()?;
    if !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
        return None;
    }
    let host = url.host_str()?.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    let host_ok = hosts.is_empty()
        || hosts
            .iter()
            .map(|h| h.trim().trim_start_matches('.').to_ascii_lowercase())
            .any(|h| !h.is_empty() && (host == h || host.ends_with(&format!(".{h}"))));
    (scheme_ok && host_ok).then_some(url)
}

/// base64url with or without padding (some browsers once sent the standard alphabet).
fn decode(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('=')
        .chars()
        .map(|c| {
            if c == '+' {
                '-'
            } else if c == '/' {
                '_'
            } else {
                c
            }
        })
        .collect();
    B64.decode(cleaned).ok()
}

/// Encrypt a message for a subscription with a fresh key pair and salt.
pub fn encrypt(plaintext: &[u8], ua_public: &PublicKey, auth: &[u8; 16]) -> Result<Vec<u8>, PushError> {
    let sender = SecretKey::random(&mut rand::rngs::OsRng);
    let salt: [u8; 16] = rand::random();
    encrypt_with(plaintext, ua_public, auth, &sender, &salt)
}

/// RFC 8291 section 3 with a given sender key and salt: the content-coding header
/// (salt, record size, the sender's public key as key id) and one record, the plaintext
/// followed by the last-record delimiter 0x02, sealed with AES-128-GCM.
pub fn encrypt_with(
    plaintext: &[u8],
    ua_public: &PublicKey,
    auth: &[u8; 16],
    sender: &SecretKey,
    salt: &[u8; 16],
) -> Result<Vec<u8>, PushError> {
    if plaintext.len() > MAX_PLAINTEXT {
        return Err(PushError::TooLarge(plaintext.len()));
    }
    let ua_bytes = ua_public.to_encoded_point(false);
    let as_public = sender.public_key().to_encoded_point(false);
    let shared = p256::ecdh::diffie_hellman(sender.to_nonzero_scalar(), ua_public.as_affine());

    // IKM = HKDF(salt = auth secret, ikm = ECDH secret, info = "WebPush: info" 0 ua as, 32)
    let mut key_info = Vec::with_capacity(14 + 65 + 65);
    key_info.extend_from_slice(b"WebPush: info\0");
    key_info.extend_from_slice(ua_bytes.as_bytes());
    key_info.extend_from_slice(as_public.as_bytes());
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(auth), shared.raw_secret_bytes())
        .expand(&key_info, &mut ikm)
        .map_err(|_| PushError::Crypto)?;

    // RFC 8188: the content-encryption key and nonce from the salt and IKM.
    let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek).map_err(|_| PushError::Crypto)?;
    prk.expand(b"Content-Encoding: nonce\0", &mut nonce).map_err(|_| PushError::Crypto)?;

    let mut record = Vec::with_capacity(plaintext.len() + 1);
    record.extend_from_slice(plaintext);
    record.push(0x02);
    let sealed = Aes128Gcm::new_from_slice(&cek)
        .map_err(|_| PushError::Crypto)?
        .encrypt(Nonce::from_slice(&nonce), record.as_slice())
        .map_err(|_| PushError::Crypto)?;

    let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
    out.extend_from_slice(salt);
    out.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    out.push(65);
    out.extend_from_slice(as_public.as_bytes());
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// A P-256 private key as PEM (SEC1 `EC PRIVATE KEY` as `openssl ecparam -genkey` writes it, or
/// PKCS#8), or the raw 32-byte scalar in base64url (as web-push tools print it) or hex.
pub fn parse_private_key(text: &str) -> Option<SecretKey> {
    use p256::pkcs8::DecodePrivateKey;
    let text = text.trim();
    if text.contains("-----BEGIN") {
        // `openssl ecparam` puts an `EC PARAMETERS` block first: read from the key's own block.
        let start = text.find("-----BEGIN EC PRIVATE KEY").or_else(|| text.find("-----BEGIN PRIVATE KEY"))?;
        let pem = &text[start..];
        return SecretKey::from_sec1_pem(pem).ok().or_else(|| SecretKey::from_pkcs8_pem(pem).ok());
    }
    let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode(text).ok()?
    } else {
        decode(text)?
    };
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    SecretKey::from_bytes(&bytes.into()).ok()
}

/// Where the VAPID key is kept: `vapid_private_key_file`, or `<data_dir>/keys/vapid.p256`.
pub fn key_path(config: &Config) -> std::path::PathBuf {
    config.vapid_private_key_file.clone().unwrap_or_else(|| config.data_dir.join("keys").join("vapid.p256"))
}

/// Read the VAPID key; none when its file does not exist.
pub fn read_key(path: &Path) -> anyhow::Result<Option<SecretKey>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
    };
    parse_private_key(&text)
        .map(Some)
        .ok_or_else(|| anyhow::anyhow!("{} is not a P-256 private key (PEM, or 32 bytes in base64url)", path.display()))
}

fn load_or_create(data_dir: &Path) -> anyhow::Result<SecretKey> {
    let path = data_dir.join("keys").join("vapid.p256");
    if let Some(secret) = read_key(&path)? {
        return Ok(secret);
    }
    let secret = SecretKey::random(&mut rand::rngs::OsRng);
    crate::config::write_secret_file(&path, B64.encode(secret.to_bytes()).as_bytes())?;
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::VerifyingKey;

    use super::*;

    fn b(s: &str) -> Vec<u8> {
        B64.decode(s).expect("base64url")
    }

    // RFC 8291 section 5 and its appendix A: the example message, keys and salt.
    const PLAINTEXT: &str = "When I grow up, I want to be a watermelon";
    const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    const AS_PUBLIC: &str = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    const UA_PUBLIC: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
    const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
    const BODY: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    #[test]
    fn encryption_matches_the_rfc_8291_example_byte_for_byte() {
        let sender = SecretKey::from_slice(&b(AS_PRIVATE)).expect("sender key");
        assert_eq!(sender.public_key().to_encoded_point(false).as_bytes(), b(AS_PUBLIC).as_slice());
        let sub = Subscription::parse("https://push.example.net/x", UA_PUBLIC, AUTH, &[]).expect("subscription");
        let salt: [u8; 16] = b(SALT).try_into().expect("salt");
        let body = encrypt_with(PLAINTEXT.as_bytes(), &sub.p256dh, &sub.auth, &sender, &salt).expect("encrypt");
        assert_eq!(B64.encode(&body), BODY);
    }

    #[test]
    fn fresh_encryptions_differ_and_refuse_oversized_messages() {
        let sub = Subscription::parse("https://push.example.net/x", UA_PUBLIC, AUTH, &[]).expect("subscription");
        let a = encrypt(b"halo", &sub.p256dh, &sub.auth).expect("encrypt");
        let c = encrypt(b"halo", &sub.p256dh, &sub.auth).expect("encrypt");
        assert_ne!(a, c, "new salt and key each time");
        assert_eq!(a.len(), HEADER_LEN + 4 + 1 + 16);
        assert!(matches!(encrypt(&vec![b'x'; MAX_PLAINTEXT + 1], &sub.p256dh, &sub.auth), Err(PushError::TooLarge(_))));
        assert!(encrypt(&vec![b'x'; MAX_PLAINTEXT], &sub.p256dh, &sub.auth).is_ok_and(|m| m.len() == 4096));
    }

    #[test]
    fn vapid_token_verifies_with_the_public_key() {
        let pusher = Pusher::with_key(SecretKey::random(&mut rand::rngs::OsRng), "mailto:admin@contoh.go.id");
        let endpoint = Url::parse("https://fcm.googleapis.com:443/fcm/send/abc?x=1").expect("url");
        let token = pusher.token(&endpoint, 1_700_000_000);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value = serde_json::from_slice(&b(parts[0])).expect("header");
        assert_eq!(header["alg"], "ES256");
        let claims: serde_json::Value = serde_json::from_slice(&b(parts[1])).expect("claims");
        assert_eq!(claims["aud"], "https://fcm.googleapis.com", "the origin, default port left out");
        assert_eq!(claims["sub"], "mailto:admin@contoh.go.id");
        let exp = claims["exp"].as_i64().expect("exp");
        assert!(exp > 1_700_000_000 && exp <= 1_700_000_000 + 24 * 3600);

        let public = VerifyingKey::from_sec1_bytes(&b(&pusher.public_key())).expect("public key");
        let signature = Signature::from_slice(&b(parts[2])).expect("64-byte r||s");
        let signed = format!("{}.{}", parts[0], parts[1]);
        assert!(public.verify(signed.as_bytes(), &signature).is_ok());
        assert!(public.verify(format!("{signed}x").as_bytes(), &signature).is_err());
        let other = Pusher::with_key(SecretKey::random(&mut rand::rngs::OsRng), "mailto:x@y.id");
        let other_key = VerifyingKey::from_sec1_bytes(&b(&other.public_key())).expect("public key");
        assert!(other_key.verify(signed.as_bytes(), &signature).is_err());
    }

    #[test]
    fn subscriptions_are_checked() {
        let hosts = vec!["fcm.googleapis.com".to_string(), "push.services.mozilla.com".to_string()];
        let ok = |e: &str| Subscription::parse(e, UA_PUBLIC, AUTH, &hosts).is_ok();
        assert!(ok("https://fcm.googleapis.com/fcm/send/abc"));
        assert!(ok("https://updates.push.services.mozilla.com/wpush/v2/abc"));
        assert!(!ok("https://evilfcm.googleapis.com.example.org/x"), "a suffix must be a whole label");
        assert!(!ok("https://intranet.local/x"), "only known push services");
        assert!(!ok("http://fcm.googleapis.com/x"), "https only");
        assert!(!ok("https://user:pw@fcm.googleapis.com/x"));
        assert!(!ok("bukan url"));
        let local = vec!["127.0.0.1".to_string()];
        assert!(Subscription::parse("http://127.0.0.1:9/push", UA_PUBLIC, AUTH, &local).is_ok());
        assert!(Subscription::parse("http://10.0.0.1/push", UA_PUBLIC, AUTH, &[]).is_err(), "http only to loopback");

        let errs = Subscription::parse("ftp://x", "BAAA", "AAAA", &hosts).expect_err("invalid");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["endpoint", "keys.p256dh", "keys.auth"]);
        // 65 bytes starting 0x04 but not on the curve.
        let mut off_curve = b(UA_PUBLIC);
        off_curve[64] ^= 1;
        assert!(Subscription::parse("https://fcm.googleapis.com/a", &B64.encode(off_curve), AUTH, &hosts).is_err());
        // Padded and standard-alphabet keys are accepted.
        let padded = base64::engine::general_purpose::STANDARD.encode(b(UA_PUBLIC));
        assert!(
            Subscription::parse("https://fcm.googleapis.com/a", &padded, "BTBZMqHH6r4Tts7J/aSIgg==", &hosts).is_ok()
        );
    }

    #[test]
    fn private_keys_load_in_common_formats() {
        let raw = b(AS_PRIVATE);
        let from_b64 = parse_private_key(AS_PRIVATE).expect("base64url");
        assert_eq!(from_b64.to_bytes().as_slice(), raw.as_slice());
        assert!(parse_private_key(&hex::encode(&raw)).is_some());
        use p256::pkcs8::{EncodePrivateKey, LineEnding};
        let pkcs8 = from_b64.to_pkcs8_pem(LineEnding::LF).expect("pem");
        assert_eq!(parse_private_key(&pkcs8).expect("pkcs8").to_bytes(), from_b64.to_bytes());
        let sec1 = from_b64.to_sec1_pem(LineEnding::LF).expect("sec1");
        let with_params =
            format!("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{}", *sec1);
        assert_eq!(parse_private_key(&with_params).expect("sec1").to_bytes(), from_b64.to_bytes());
        assert!(parse_private_key("bukan kunci").is_none());
    }

    #[test]
    fn key_is_created_once_and_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let a = load_or_create(dir.path()).expect("create");
        let b = load_or_create(dir.path()).expect("load");
        assert_eq!(a.to_bytes(), b.to_bytes());
    }

    #[test]
    fn topics_fit_the_header_rules() {
        assert_eq!(topic("SP-2026-000001"), "SP-2026-000001");
        assert_eq!(topic("a b/c:d"), "abcd");
        assert_eq!(topic(&"x".repeat(40)).len(), 32);
    }
}
