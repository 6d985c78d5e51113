//! Personal data encrypted at rest (UU 27/2022): the most sensitive columns (a citizen's NIK,
//! what a patient tells a practitioner) are stored as `v1:<key id>:<base64 nonce||ciphertext>`,
//! AES-256-GCM with a random 96-bit nonce per value and the table and column as associated data
//! (a value copied into another column does not open). Equality lookups (sign-in and "find by
//! NIK", the uniqueness of a NIK) use a keyed blind index: HMAC-SHA256(index key, the NIK's
//! digits).
//!
//! The keys live outside the database: in a key file (`data_key_file`, default
//! `<data_dir>/keys/data.key`, created on first start) or in `SATUPINTU_DATA_KEY`. Each line is
//! a 32-byte master secret in base64, oldest first; the last one encrypts, the older ones only
//! decrypt (`satupintu keys rotate` adds one and re-encrypts everything under it). From each
//! master HKDF-SHA256 derives the encryption key and the key id; the blind-index key comes from
//! the first master, so a rotation does not change the index. The database keeps, per key id,
//! a check value sealed with that key: a start with a wrong or missing key stops with a clear
//! message instead of writing data nobody can read later.
//!
//! Store functions reach the keys through one process-wide keyring (they take a transaction,
//! not the application state), installed by [`open`] at start-up.

pub mod store;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use anyhow::Context as _;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore as _;
use sha2::Sha256;

use crate::config::Config;
use crate::db::Db;

/// The prefix of every sealed value.
pub const PREFIX: &str = "v1:";

/// Where a NIK is sealed: `users.nik` (the associated data of its ciphertexts).
pub const NIK_PLACE: &str = "users.nik";

/// Application form values: within them, the NIK-like numbers are sealed.
pub const FIELDS_PLACE: &str = "applications.fields_json";

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("no data encryption key is loaded (the application was not opened)")]
    NoKeys,
    #[error("a sealed value names key {0}, which the key file does not hold")]
    UnknownKey(String),
    #[error("a value in {0} is not sealed or is malformed")]
    Malformed(String),
    #[error("a value in {0} was refused: it was changed, moved from another column or sealed with another key")]
    Refused(String),
}

impl From<CryptoError> for sqlx::Error {
    fn from(e: CryptoError) -> sqlx::Error {
        sqlx::Error::Decode(Box::new(e))
    }
}

/// One master secret and what is derived from it.
#[derive(Clone)]
struct DataKey {
    id: String,
    master: [u8; 32],
    cipher: Aes256Gcm,
}

impl DataKey {
    fn new(master: [u8; 32]) -> DataKey {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(b"satupintu data key"), &master);
        let mut enc = [0u8; 32];
        let mut id = [0u8; 4];
        hk.expand(b"aes-256-gcm field encryption v1", &mut enc).expect("32 bytes is a valid HKDF length");
        hk.expand(b"key id v1", &mut id).expect("4 bytes is a valid HKDF length");
        DataKey { id: format!("k{}", hex::encode(id)), master, cipher: Aes256Gcm::new(&enc.into()) }
    }

    fn index_key(&self) -> [u8; 32] {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(b"satupintu data key"), &self.master);
        let mut out = [0u8; 32];
        hk.expand(b"hmac-sha256 blind index v1", &mut out).expect("32 bytes is a valid HKDF length");
        out
    }
}

/// The data keys: every key that may have sealed a value, the current one, the index key.
#[derive(Clone)]
pub struct Keyring {
    keys: Vec<DataKey>,
    current: String,
    index: [u8; 32],
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring").field("ids", &self.ids()).field("current", &self.current).finish()
    }
}

impl Keyring {
    /// Master secrets, oldest first: the last encrypts, the first gives the index key.
    pub fn from_masters(masters: &[[u8; 32]]) -> anyhow::Result<Keyring> {
        let keys: Vec<DataKey> = masters.iter().copied().map(DataKey::new).collect();
        let first = keys.first().context("the data key holds no key")?;
        let index = first.index_key();
        let current = keys.last().map(|k| k.id.clone()).unwrap_or_default();
        Ok(Keyring { keys, current, index })
    }

    /// Parse a key file or `SATUPINTU_DATA_KEY`: base64 master secrets of 32 bytes, one per
    /// line (or separated by commas), oldest first; `#` starts a comment line.
    pub fn parse(text: &str) -> anyhow::Result<Keyring> {
        let mut masters = vec![];
        for part in text.lines().filter(|l| !l.trim_start().starts_with('#')).flat_map(|l| l.split(',')) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let bytes = B64.decode(part).context("a data key is not valid base64")?;
            let master: [u8; 32] =
                bytes.try_into().map_err(|_| anyhow::anyhow!("a data key must be 32 bytes (44 base64 characters)"))?;
            masters.push(master);
        }
        Keyring::from_masters(&masters)
    }

    /// A new keyring with one random master secret.
    pub fn generate() -> Keyring {
        let mut master = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut master);
        Keyring::from_masters(&[master]).expect("one key")
    }

    /// This keyring with one more, random, master secret that becomes the current key.
    pub fn rotated(&self) -> Keyring {
        let mut master = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut master);
        let mut masters: Vec<[u8; 32]> = self.keys.iter().map(|k| k.master).collect();
        masters.push(master);
        Keyring::from_masters(&masters).expect("keys")
    }

    /// The key file's text.
    pub fn to_file(&self) -> String {
        let mut out = String::from(
            "# SatuPintu data keys (personal data encrypted at rest). Keep this file secret and back it\n\
             # up apart from the database: without it the encrypted columns cannot be read.\n\
             # One base64 master secret per line, oldest first; the last one encrypts.\n",
        );
        for k in &self.keys {
            out.push_str(&B64.encode(k.master));
            out.push('\n');
        }
        out
    }

    pub fn ids(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.id.clone()).collect()
    }

    pub fn current_id(&self) -> &str {
        &self.current
    }

    pub fn contains(&self, id: &str) -> bool {
        self.keys.iter().any(|k| k.id == id)
    }

    fn key(&self, id: &str) -> Option<&DataKey> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// Seal `plain` for `place` (`table.column`) under key `id`.
    fn seal_under(&self, id: &str, place: &str, plain: &str) -> Result<String, CryptoError> {
        let key = self.key(id).ok_or_else(|| CryptoError::UnknownKey(id.to_string()))?;
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = key
            .cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: place.as_bytes() })
            .map_err(|_| CryptoError::Refused(place.to_string()))?;
        let mut blob = Vec::with_capacity(12 + ct.len());
        blob.extend_from_slice(&nonce);
        blob.extend_from_slice(&ct);
        Ok(format!("{PREFIX}{}:{}", key.id, B64.encode(blob)))
    }

    /// Seal under the current key. The empty string stays empty (it tells nothing).
    pub fn seal(&self, place: &str, plain: &str) -> Result<String, CryptoError> {
        if plain.is_empty() {
            return Ok(String::new());
        }
        self.seal_under(&self.current, place, plain)
    }

    /// Open a sealed value of `place`; a value that was changed, moved or is plain text is refused.
    pub fn open(&self, place: &str, stored: &str) -> Result<String, CryptoError> {
        if stored.is_empty() {
            return Ok(String::new());
        }
        let malformed = || CryptoError::Malformed(place.to_string());
        let rest = stored.strip_prefix(PREFIX).ok_or_else(malformed)?;
        let (id, b64) = rest.split_once(':').ok_or_else(malformed)?;
        let key = self.key(id).ok_or_else(|| CryptoError::UnknownKey(id.to_string()))?;
        let blob = B64.decode(b64).map_err(|_| malformed())?;
        if blob.len() < 12 + 16 {
            return Err(malformed());
        }
        let (nonce, ct) = blob.split_at(12);
        let plain = key
            .cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: ct, aad: place.as_bytes() })
            .map_err(|_| CryptoError::Refused(place.to_string()))?;
        String::from_utf8(plain).map_err(|_| malformed())
    }

    /// The blind index of a NIK: HMAC-SHA256 over its digits, hex.
    pub fn nik_index(&self, nik: &str) -> String {
        let digits: String = nik.chars().filter(char::is_ascii_digit).collect();
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.index).expect("any key length");
        mac.update(b"nik:");
        mac.update(digits.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Whether a string inside a JSON document is sealed there: a number of exactly 16 digits (a
/// NIK or a family-card number), or anything that looks sealed (so that text typed as `v1:...`
/// comes back as typed instead of being taken for a sealed value).
fn sealed_in_json(s: &str) -> bool {
    (s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit())) || s.starts_with(PREFIX)
}

impl Keyring {
    /// Seal the NIK-like strings in `v` (see [`sealed_in_json`]); returns how many.
    pub fn seal_json(&self, place: &str, v: &mut serde_json::Value) -> Result<u64, CryptoError> {
        self.walk_json(place, v, &mut |ring, place, s| {
            Ok(if sealed_in_json(s) { Some(ring.seal(place, s)?) } else { None })
        })
    }

    /// Open the sealed strings in `v` (plain ones, from before encryption, stay as they are).
    pub fn open_json(&self, place: &str, v: &mut serde_json::Value) -> Result<u64, CryptoError> {
        self.walk_json(place, v, &mut |ring, place, s| {
            Ok(if s.starts_with(PREFIX) { Some(ring.open(place, s)?) } else { None })
        })
    }

    /// Re-seal under the current key: plain NIK-like strings and strings sealed under an older key.
    fn reseal_json(&self, place: &str, v: &mut serde_json::Value) -> Result<u64, CryptoError> {
        let current = format!("{PREFIX}{}:", self.current);
        self.walk_json(place, v, &mut |ring, place, s| {
            if s.starts_with(&current) {
                Ok(None)
            } else if s.starts_with(PREFIX) {
                Ok(Some(ring.seal(place, &ring.open(place, s)?)?))
            } else if sealed_in_json(s) {
                Ok(Some(ring.seal(place, s)?))
            } else {
                Ok(None)
            }
        })
    }

    #[allow(clippy::type_complexity)]
    fn walk_json(
        &self,
        place: &str,
        v: &mut serde_json::Value,
        f: &mut dyn FnMut(&Keyring, &str, &str) -> Result<Option<String>, CryptoError>,
    ) -> Result<u64, CryptoError> {
        use serde_json::Value;
        Ok(match v {
            Value::String(s) => match f(self, place, s)? {
                Some(new) => {
                    *s = new;
                    1
                }
                None => 0,
            },
            Value::Array(items) => {
                let mut n = 0;
                for item in items {
                    n += self.walk_json(place, item, f)?;
                }
                n
            }
            Value::Object(map) => {
                let mut n = 0;
                for item in map.values_mut() {
                    n += self.walk_json(place, item, f)?;
                }
                n
            }
            _ => 0,
        })
    }
}

/// Seal the NIK-like strings of a JSON document with the process's keyring.
pub fn seal_json(place: &str, v: &mut serde_json::Value) -> Result<(), sqlx::Error> {
    keyring()?.seal_json(place, v)?;
    Ok(())
}

/// Open the sealed strings of a JSON document with the process's keyring.
pub fn open_json(place: &str, v: &mut serde_json::Value) -> Result<(), sqlx::Error> {
    keyring()?.open_json(place, v)?;
    Ok(())
}

/// The key id a sealed value names, if it is sealed.
pub fn key_id_of(stored: &str) -> Option<&str> {
    stored.strip_prefix(PREFIX)?.split_once(':').map(|(id, _)| id)
}

static KEYRING: RwLock<Option<Arc<Keyring>>> = RwLock::new(None);

/// Make `ring` the process's keyring. When one is installed already (several servers in one
/// test process), its current and index keys stay and the new keys are added for opening.
pub fn install(ring: &Keyring) {
    let mut slot = KEYRING.write().unwrap_or_else(std::sync::PoisonError::into_inner);
    let merged = match slot.as_ref() {
        None => ring.clone(),
        Some(old) => {
            if old.index != ring.index {
                tracing::warn!("a second data key with another index key in one process; the first one stays");
            }
            let mut merged = (**old).clone();
            for k in &ring.keys {
                if !merged.contains(&k.id) {
                    merged.keys.push(k.clone());
                }
            }
            merged
        }
    };
    *slot = Some(Arc::new(merged));
}

/// The process's keyring.
pub fn keyring() -> Result<Arc<Keyring>, CryptoError> {
    KEYRING.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone().ok_or(CryptoError::NoKeys)
}

/// Seal with the process's keyring.
pub fn seal(place: &str, plain: &str) -> Result<String, sqlx::Error> {
    Ok(keyring()?.seal(place, plain)?)
}

pub fn seal_opt(place: &str, plain: Option<&str>) -> Result<Option<String>, sqlx::Error> {
    plain.map(|p| seal(place, p)).transpose()
}

/// Open with the process's keyring.
pub fn open_value(place: &str, stored: &str) -> Result<String, sqlx::Error> {
    Ok(keyring()?.open(place, stored)?)
}

pub fn open_opt(place: &str, stored: Option<String>) -> Result<Option<String>, sqlx::Error> {
    stored.map(|s| open_value(place, &s)).transpose()
}

/// The blind index of a NIK with the process's keyring.
pub fn nik_index(nik: &str) -> Result<String, sqlx::Error> {
    Ok(keyring()?.nik_index(nik))
}

/// Where the keys come from.
#[derive(Debug, Clone)]
pub enum KeySource {
    Env,
    File(PathBuf),
}

impl std::fmt::Display for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeySource::Env => f.write_str("SATUPINTU_DATA_KEY"),
            KeySource::File(p) => write!(f, "the key file {}", p.display()),
        }
    }
}

/// The key file's path for a configuration.
pub fn key_file(config: &Config) -> PathBuf {
    config.data_key_file.clone().unwrap_or_else(|| config.data_dir.join("keys").join("data.key"))
}

/// Load the keys named by the configuration. A missing key file is created only when
/// `may_create` (the database holds nothing sealed yet); otherwise it is an error.
pub fn load(config: &Config, may_create: bool) -> anyhow::Result<(Keyring, KeySource)> {
    if let Some(text) = config.data_key.as_deref().filter(|s| !s.trim().is_empty()) {
        let ring = Keyring::parse(text).context("SATUPINTU_DATA_KEY (data_key) is not a valid data key")?;
        return Ok((ring, KeySource::Env));
    }
    let path = key_file(config);
    load_or_create_file(&path, may_create).map(|r| (r, KeySource::File(path)))
}

/// Read a key file, or create one (0600) when it does not exist and `may_create`.
pub fn load_or_create_file(path: &Path, may_create: bool) -> anyhow::Result<Keyring> {
    match std::fs::read_to_string(path) {
        Ok(text) => Keyring::parse(&text).with_context(|| format!("the data key file {} is not valid", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !may_create {
                anyhow::bail!(
                    "the data key file {} is missing, but the database holds personal data encrypted with a data key: \
                     restore the key file from its backup (or set SATUPINTU_DATA_KEY); a new key would leave that data unreadable",
                    path.display()
                );
            }
            let ring = Keyring::generate();
            crate::config::write_secret_file(path, ring.to_file().as_bytes())
                .with_context(|| format!("cannot write the data key file {}", path.display()))?;
            tracing::warn!(
                path = %path.display(),
                key_id = ring.current_id(),
                "created a new data encryption key for personal data at rest; back this file up apart from the database"
            );
            Ok(ring)
        }
        Err(e) => Err(anyhow::anyhow!("cannot read the data key file {}: {e}", path.display())),
    }
}

/// Start-up: load (or create) the keys, check them against the database, install them, and
/// seal the values still stored in plain text (rows from before encryption at rest).
pub async fn open(config: &Config, db: &Db) -> anyhow::Result<Keyring> {
    let known = store::known_keys(db).await?;
    let (ring, source) = load(config, known.is_empty())?;
    check(&ring, &source, &known)?;
    store::register_keys(db, &ring, &known).await?;
    install(&ring);
    let sealed = store::reseal(db, &ring, false).await?;
    if sealed > 0 {
        tracing::info!(values = sealed, "personal data stored in plain text is now encrypted");
    }
    Ok(ring)
}

/// Every key the database has sealed with must be in the keyring, and must be the same key.
pub fn check(ring: &Keyring, source: &KeySource, known: &[(String, String)]) -> anyhow::Result<()> {
    for (id, check_value) in known {
        if !ring.contains(id) {
            anyhow::bail!(
                "the database holds personal data encrypted with data key {id}, which {source} does not hold: \
                 wrong key file? Restore the right one from its backup"
            );
        }
        if ring.open(store::CHECK_PLACE, check_value).ok().as_deref() != Some(id.as_str()) {
            anyhow::bail!("data key {id} in {source} does not match the database's check value: wrong key file?");
        }
    }
    Ok(())
}

/// `satupintu keys rotate`: a new current key in the key file, every sealed value re-encrypted
/// under it (one transaction per batch). Returns the new key id and the values re-encrypted.
pub async fn rotate(config: &Config, db: &Db) -> anyhow::Result<(String, u64)> {
    let known = store::known_keys(db).await?;
    let (ring, source) = load(config, known.is_empty())?;
    check(&ring, &source, &known)?;
    let KeySource::File(path) = source else {
        anyhow::bail!(
            "the data key comes from SATUPINTU_DATA_KEY: add a new base64 key after the current one there \
             (oldest first) and run `satupintu keys rotate` again with it"
        );
    };
    // The database learns the new key before the file does: a crash in between leaves an
    // unused key id, never a sealed value without its key.
    let rotated = ring.rotated();
    store::register_keys(db, &rotated, &known).await?;
    crate::config::write_secret_file(&path, rotated.to_file().as_bytes())
        .with_context(|| format!("cannot write the data key file {}", path.display()))?;
    install(&rotated);
    let n = store::reseal(db, &rotated, true).await?;
    Ok((rotated.current_id().to_string(), n))
}

/// Rotation when the keys come from the environment: re-encrypt under the last key given.
pub async fn reseal_all(config: &Config, db: &Db) -> anyhow::Result<(String, u64)> {
    let known = store::known_keys(db).await?;
    let (ring, source) = load(config, known.is_empty())?;
    check(&ring, &source, &known)?;
    store::register_keys(db, &ring, &known).await?;
    install(&ring);
    let n = store::reseal(db, &ring, true).await?;
    Ok((ring.current_id().to_string(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_tamper_and_move() {
        let ring = Keyring::generate();
        let s = ring.seal("users.nik", "3273014506900001").expect("seal");
        assert!(s.starts_with(&format!("v1:{}:", ring.current_id())));
        assert!(!s.contains("3273014506900001"));
        assert_ne!(s, ring.seal("users.nik", "3273014506900001").expect("seal"), "random nonce");
        assert_eq!(ring.open("users.nik", &s).expect("open"), "3273014506900001");
        assert!(matches!(ring.open("consultations.notes", &s), Err(CryptoError::Refused(_))), "moved");
        let mut blob = B64.decode(s.rsplit(':').next().expect("b64")).expect("b64");
        blob[14] ^= 1;
        let tampered = format!("v1:{}:{}", ring.current_id(), B64.encode(blob));
        assert!(matches!(ring.open("users.nik", &tampered), Err(CryptoError::Refused(_))));
        assert!(matches!(ring.open("users.nik", "3273014506900001"), Err(CryptoError::Malformed(_))));
        let other = Keyring::generate();
        assert!(other.open("users.nik", &s).is_err(), "another key");
    }

    #[test]
    fn json_documents_seal_their_numbers() {
        let ring = Keyring::generate();
        let mut v = serde_json::json!({"nik": "3273014506900001", "name": "Budi", "kids": [{"kk": "3273010101260001"}],
            "typed": "v1:not-a-key", "n": 5});
        assert_eq!(ring.seal_json(FIELDS_PLACE, &mut v).expect("seal"), 3);
        let text = v.to_string();
        assert!(!text.contains("3273014506900001") && !text.contains("3273010101260001") && text.contains("Budi"));
        assert_eq!(ring.open_json(FIELDS_PLACE, &mut v).expect("open"), 3);
        assert_eq!(v["nik"], "3273014506900001");
        assert_eq!(v["kids"][0]["kk"], "3273010101260001");
        assert_eq!(v["typed"], "v1:not-a-key");
        let mut moved = serde_json::json!({"x": ring.seal("users.nik", "1").expect("seal")});
        assert!(ring.open_json(FIELDS_PLACE, &mut moved).is_err());
    }

    #[test]
    fn rotation_keeps_old_keys_and_index() {
        let ring = Keyring::generate();
        let old = ring.seal("users.nik", "1").expect("seal");
        let r2 = Keyring::parse(&ring.rotated().to_file()).expect("parse file");
        assert_ne!(r2.current_id(), ring.current_id());
        assert_eq!(r2.open("users.nik", &old).expect("old key opens"), "1");
        assert_eq!(r2.nik_index("3273 0145 0690 0001"), ring.nik_index("3273014506900001"));
        assert_ne!(Keyring::generate().nik_index("3273014506900001"), ring.nik_index("3273014506900001"));
        assert!(Keyring::parse("bm90IDMyIGJ5dGVz").is_err());
        assert!(Keyring::parse("# only a comment\n").is_err());
    }
}
