//! C2SP signed notes with Ed25519 signatures, and C2SP tlog-cosignature (`cosignature/v1`)
//! witness cosignatures.
//!
//! A note is text ending in a newline, a blank line, and signature lines
//! `— <key name> <base64(key ID || signature)>`. Keys are written as text:
//!
//! * verifier key (public): `<name>+<hex key ID>+<base64(type || public key)>`
//! * signer key (secret): `PRIVATE+KEY+<name>+<hex key ID>+<base64(type || seed)>`, as Go's
//!   `golang.org/x/mod/sumdb/note` writes it.
//!
//! with key ID = the first four bytes of `SHA-256(name || 0x0A || type || public key)`,
//! type `0x01` for note signatures and `0x04` for cosignatures.

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use rand::{CryptoRng, RngCore};
use sha2::{Digest, Sha256};

/// Most signatures a note may carry (as Go's note package; the spec requires at least 16).
pub const MAX_SIGNATURES: usize = 100;

const SIG_PREFIX: &str = "\u{2014} ";

/// Why a note, key or signature is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed note: {0}")]
    Malformed(&'static str),
    #[error("malformed key: {0}")]
    MalformedKey(&'static str),
    #[error("invalid key name {0:?}: it must be non-empty, without spaces or '+'")]
    InvalidName(String),
    #[error("the signature of {name} (key ID {key_id:08x}) does not verify")]
    InvalidSignature { name: String, key_id: u32 },
    #[error("no signature from a known key")]
    Unverified,
    #[error("the note text must end with a newline")]
    TextWithoutNewline,
}

/// The signature types this crate implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// `0x01`: Ed25519 signature over the note text (a log's own signature).
    Ed25519,
    /// `0x04`: timestamped Ed25519 checkpoint cosignature, `cosignature/v1`.
    Cosignature,
}

impl KeyType {
    fn byte(self) -> u8 {
        match self {
            KeyType::Ed25519 => 0x01,
            KeyType::Cosignature => 0x04,
        }
    }

    fn from_byte(byte: u8) -> Option<KeyType> {
        match byte {
            0x01 => Some(KeyType::Ed25519),
            0x04 => Some(KeyType::Cosignature),
            _ => None,
        }
    }
}

/// Whether `name` may be a key name: non-empty, no Unicode white space, no `+`.
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

fn key_id(name: &str, key_type: KeyType, public: &VerifyingKey) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', key_type.byte()]);
    h.update(public.as_bytes());
    let digest = h.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// The message an Ed25519 cosignature signs: `cosignature/v1\ntime <t>\n` + checkpoint body.
fn cosigned_message(timestamp: u64, text: &str) -> Vec<u8> {
    format!("cosignature/v1\ntime {timestamp}\n{text}").into_bytes()
}

/// Splits `name+hex id+base64(type || key)` and checks the name and the ID's format.
fn split_key(text: &str) -> Result<(&str, u32, KeyType, Vec<u8>), NoteError> {
    // The base64 key may itself contain '+'.
    let mut parts = text.splitn(3, '+');
    let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(NoteError::MalformedKey("expected name+id+key"));
    };
    if !is_valid_key_name(name) {
        return Err(NoteError::InvalidName(name.to_owned()));
    }
    if id.len() != 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NoteError::MalformedKey("the key ID must be 8 hexadecimal digits"));
    }
    let id = u32::from_str_radix(id, 16).map_err(|_| NoteError::MalformedKey("bad key ID"))?;
    let bytes = BASE64.decode(key).map_err(|_| NoteError::MalformedKey("bad base64"))?;
    let (&type_byte, material) = bytes.split_first().ok_or(NoteError::MalformedKey("empty key"))?;
    let key_type = KeyType::from_byte(type_byte).ok_or(NoteError::MalformedKey("unsupported signature type"))?;
    Ok((name, id, key_type, material.to_vec()))
}

/// A public key that verifies note signatures or cosignatures.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    key_id: u32,
    key_type: KeyType,
    key: VerifyingKey,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Verifier").field(&self.to_vkey()).finish()
    }
}

impl Verifier {
    /// The verifier for `key` under `name`.
    pub fn new(name: &str, key_type: KeyType, key: VerifyingKey) -> Result<Verifier, NoteError> {
        if !is_valid_key_name(name) {
            return Err(NoteError::InvalidName(name.to_owned()));
        }
        Ok(Verifier { name: name.to_owned(), key_id: key_id(name, key_type, &key), key_type, key })
    }

    /// Parses a verifier key, `<name>+<hex key ID>+<base64(type || public key)>`.
    pub fn from_vkey(vkey: &str) -> Result<Verifier, NoteError> {
        let (name, id, key_type, material) = split_key(vkey.trim_end())?;
        let key: [u8; 32] = material.try_into().map_err(|_| NoteError::MalformedKey("an Ed25519 key has 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| NoteError::MalformedKey("not an Ed25519 public key"))?;
        let verifier = Verifier::new(name, key_type, key)?;
        if verifier.key_id != id {
            return Err(NoteError::MalformedKey("the key ID does not match the key"));
        }
        Ok(verifier)
    }

    /// The verifier key text.
    pub fn to_vkey(&self) -> String {
        let mut material = vec![self.key_type.byte()];
        material.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.key_id, BASE64.encode(material))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    pub fn key_type(&self) -> KeyType {
        self.key_type
    }

    /// Whether this key made `signature` (the part after the key ID) over the note `text`.
    fn verifies(&self, text: &str, signature: &[u8]) -> bool {
        let (message, sig) = match self.key_type {
            KeyType::Ed25519 => (text.as_bytes().to_vec(), signature),
            KeyType::Cosignature => match cosignature_timestamp(signature) {
                Some(t) => (cosigned_message(t, text), &signature[8..]),
                None => return false,
            },
        };
        let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else { return false };
        self.key.verify_strict(&message, &sig).is_ok()
    }

    fn matches(&self, signature: &Signature) -> bool {
        self.name == signature.name && self.key_id == signature.key_id
    }
}

/// The timestamp of a cosignature (8-byte big-endian time, then a 64-byte signature).
fn cosignature_timestamp(signature: &[u8]) -> Option<u64> {
    let (time, sig) = signature.split_first_chunk::<8>()?;
    let time = u64::from_be_bytes(*time);
    (sig.len() == 64 && time <= i64::MAX as u64).then_some(time)
}

/// A secret key that signs notes (type `0x01`) or cosigns checkpoints (type `0x04`).
#[derive(Clone)]
pub struct Signer {
    verifier: Verifier,
    key: SigningKey,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").field("verifier", &self.verifier.to_vkey()).finish_non_exhaustive()
    }
}

impl Signer {
    /// A new random key.
    pub fn generate(name: &str, key_type: KeyType, rng: &mut (impl RngCore + CryptoRng)) -> Result<Signer, NoteError> {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        Signer::from_seed(name, key_type, seed)
    }

    /// The key with the 32-byte Ed25519 seed (RFC 8032 private key).
    pub fn from_seed(name: &str, key_type: KeyType, seed: [u8; 32]) -> Result<Signer, NoteError> {
        let key = SigningKey::from_bytes(&seed);
        Ok(Signer { verifier: Verifier::new(name, key_type, key.verifying_key())?, key })
    }

    /// Parses a signer key, `PRIVATE+KEY+<name>+<hex key ID>+<base64(type || seed)>`.
    pub fn from_skey(skey: &str) -> Result<Signer, NoteError> {
        let rest =
            skey.trim_end().strip_prefix("PRIVATE+KEY+").ok_or(NoteError::MalformedKey("missing PRIVATE+KEY+"))?;
        let (name, id, key_type, material) = split_key(rest)?;
        let seed: [u8; 32] =
            material.try_into().map_err(|_| NoteError::MalformedKey("an Ed25519 seed has 32 bytes"))?;
        let signer = Signer::from_seed(name, key_type, seed)?;
        if signer.verifier.key_id != id {
            return Err(NoteError::MalformedKey("the key ID does not match the key"));
        }
        Ok(signer)
    }

    /// The signer key text. It is a secret: store it like a password.
    pub fn to_skey(&self) -> String {
        let mut material = vec![self.verifier.key_type.byte()];
        material.extend_from_slice(self.key.as_bytes());
        format!("PRIVATE+KEY+{}+{:08x}+{}", self.verifier.name, self.verifier.key_id, BASE64.encode(material))
    }

    /// The matching public key.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    pub fn name(&self) -> &str {
        &self.verifier.name
    }

    /// Signs a note text. A cosigner stamps the current time.
    pub fn sign(&self, text: &str) -> Result<Signature, NoteError> {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.sign_at(text, now)
    }

    /// Signs a note text; `timestamp` (POSIX seconds) is used by cosigners only.
    pub fn sign_at(&self, text: &str, timestamp: u64) -> Result<Signature, NoteError> {
        if !text.ends_with('\n') {
            return Err(NoteError::TextWithoutNewline);
        }
        let bytes = match self.verifier.key_type {
            KeyType::Ed25519 => self.key.sign(text.as_bytes()).to_bytes().to_vec(),
            KeyType::Cosignature => {
                if timestamp > i64::MAX as u64 {
                    return Err(NoteError::Malformed("cosignature timestamp above 2^63-1"));
                }
                let mut bytes = timestamp.to_be_bytes().to_vec();
                bytes.extend_from_slice(&self.key.sign(&cosigned_message(timestamp, text)).to_bytes());
                bytes
            }
        };
        Ok(Signature { name: self.verifier.name.clone(), key_id: self.verifier.key_id, bytes })
    }
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Key name.
    pub name: String,
    /// Key ID.
    pub key_id: u32,
    /// The signature proper, after the key ID.
    pub bytes: Vec<u8>,
}

impl Signature {
    /// Parses a signature line, with or without its final newline.
    pub fn parse_line(line: &str) -> Result<Signature, NoteError> {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let rest =
            line.strip_prefix(SIG_PREFIX).ok_or(NoteError::Malformed("a signature line starts with an em dash"))?;
        let (name, b64) = rest.split_once(' ').ok_or(NoteError::Malformed("signature line without signature"))?;
        if !is_valid_key_name(name) {
            return Err(NoteError::InvalidName(name.to_owned()));
        }
        let raw = BASE64.decode(b64).map_err(|_| NoteError::Malformed("signature is not base64"))?;
        match raw.split_first_chunk::<4>() {
            Some((id, bytes)) if !bytes.is_empty() => {
                Ok(Signature { name: name.to_owned(), key_id: u32::from_be_bytes(*id), bytes: bytes.to_vec() })
            }
            _ => Err(NoteError::Malformed("signature too short")),
        }
    }

    /// The timestamp, if this is a well-formed cosignature.
    pub fn cosignature_timestamp(&self) -> Option<u64> {
        cosignature_timestamp(&self.bytes)
    }
}

impl fmt::Display for Signature {
    /// The signature line, with its final newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.bytes);
        writeln!(f, "{SIG_PREFIX}{} {}", self.name, BASE64.encode(raw))
    }
}

/// A signed note: text and signatures, verified or not (see [`Note::verify`] and [`open`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The text, ending in a newline.
    pub text: String,
    /// The signatures, in order.
    pub signatures: Vec<Signature>,
}

impl Note {
    /// A note of `text` signed by `signers`.
    pub fn sign(text: &str, signers: &[&Signer]) -> Result<Note, NoteError> {
        let signatures = signers.iter().map(|s| s.sign(text)).collect::<Result<_, _>>()?;
        Ok(Note { text: text.to_owned(), signatures })
    }

    /// Parses a note without checking any signature.
    pub fn parse(msg: &str) -> Result<Note, NoteError> {
        if msg.chars().any(|c| c < ' ' && c != '\n') {
            return Err(NoteError::Malformed("control character"));
        }
        let split = msg.rfind("\n\n").ok_or(NoteError::Malformed("no blank line before the signatures"))?;
        let (text, sigs) = (&msg[..split + 1], &msg[split + 2..]);
        if sigs.is_empty() || !sigs.ends_with('\n') {
            return Err(NoteError::Malformed("the signatures must end with a newline"));
        }
        let signatures: Vec<Signature> = sigs.lines().map(Signature::parse_line).collect::<Result<_, _>>()?;
        if signatures.len() > MAX_SIGNATURES {
            return Err(NoteError::Malformed("too many signatures"));
        }
        Ok(Note { text: text.to_owned(), signatures })
    }

    /// Checks the signatures against the known keys, as the signed-note spec requires:
    /// signatures by unknown keys are ignored; a signature by a known key must verify;
    /// at least one must. Returns the verified signatures.
    pub fn verify(&self, known: &[Verifier]) -> Result<Vec<&Signature>, NoteError> {
        let mut verified: Vec<&Signature> = Vec::new();
        for sig in &self.signatures {
            let Some(key) = known.iter().find(|k| k.matches(sig)) else { continue };
            if !key.verifies(&self.text, &sig.bytes) {
                return Err(NoteError::InvalidSignature { name: sig.name.clone(), key_id: sig.key_id });
            }
            if !verified.iter().any(|v| v.name == sig.name && v.key_id == sig.key_id) {
                verified.push(sig);
            }
        }
        if verified.is_empty() {
            return Err(NoteError::Unverified);
        }
        Ok(verified)
    }

    /// Verifies a witness's cosignature line over this note's text and adds it, replacing an
    /// earlier signature by the same key.
    pub fn add_cosignature(&mut self, witness: &Verifier, line: &str) -> Result<(), NoteError> {
        let sig = Signature::parse_line(line)?;
        if witness.key_type != KeyType::Cosignature || !witness.matches(&sig) {
            return Err(NoteError::Malformed("the line is not by this witness's cosignature key"));
        }
        if !witness.verifies(&self.text, &sig.bytes) {
            return Err(NoteError::InvalidSignature { name: sig.name, key_id: sig.key_id });
        }
        self.signatures.retain(|s| !witness.matches(s));
        if self.signatures.len() >= MAX_SIGNATURES {
            return Err(NoteError::Malformed("too many signatures"));
        }
        self.signatures.push(sig);
        Ok(())
    }

    /// The timestamp of the witness's verified cosignature on this note.
    pub fn cosignature_by(&self, witness: &Verifier) -> Result<u64, NoteError> {
        let sig = self.signatures.iter().find(|s| witness.matches(s)).ok_or(NoteError::Unverified)?;
        if witness.key_type != KeyType::Cosignature || !witness.verifies(&self.text, &sig.bytes) {
            return Err(NoteError::InvalidSignature { name: sig.name.clone(), key_id: sig.key_id });
        }
        sig.cosignature_timestamp().ok_or(NoteError::Unverified)
    }
}

impl fmt::Display for Note {
    /// The note in its wire format: text, blank line, signature lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.text)?;
        self.signatures.iter().try_for_each(|s| write!(f, "{s}"))
    }
}

/// Parses a note and verifies it against the known keys ([`Note::verify`]).
pub fn open(msg: &str, known: &[Verifier]) -> Result<Note, NoteError> {
    let note = Note::parse(msg)?;
    note.verify(known)?;
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    const SPEC_NOTE: &str = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    #[test]
    fn the_spec_example_verifies() -> Result<(), NoteError> {
        let key = Verifier::from_vkey(SPEC_VKEY)?;
        assert_eq!(key.to_vkey(), SPEC_VKEY);
        let note = open(SPEC_NOTE, &[key])?;
        assert_eq!(note.text, "This is an example message.\n");
        assert_eq!(note.to_string(), SPEC_NOTE);
        Ok(())
    }

    #[test]
    fn tampered_text_unknown_keys_and_malformed_notes() -> Result<(), NoteError> {
        let key = Verifier::from_vkey(SPEC_VKEY)?;
        let tampered = SPEC_NOTE.replace("example message", "exemplary message");
        assert!(matches!(open(&tampered, std::slice::from_ref(&key)), Err(NoteError::InvalidSignature { .. })));
        let other = Signer::from_seed("example.com/other", KeyType::Ed25519, [7; 32])?;
        assert_eq!(open(SPEC_NOTE, &[other.verifier().clone()]), Err(NoteError::Unverified));
        for bad in [
            "no signatures\n",
            "text\n\n\u{2014} example.com/foo\n",
            "a\tb\n\n\u{2014} x AAAAAAA=\n",
            "t\n\n- x AAAAAAA=\n",
        ] {
            assert!(Note::parse(bad).is_err(), "{bad:?}");
        }
        Ok(())
    }

    #[test]
    fn keys_round_trip_and_notes_carry_several_signatures() -> Result<(), NoteError> {
        let mut rng = rand::thread_rng();
        let log = Signer::generate("example.com/log", KeyType::Ed25519, &mut rng)?;
        let again = Signer::from_skey(&log.to_skey())?;
        assert_eq!(again.verifier(), log.verifier());
        assert!(Signer::from_skey(&log.to_skey().replace("PRIVATE+KEY+", "")).is_err());
        let stranger = Signer::generate("example.com/stranger", KeyType::Ed25519, &mut rng)?;
        let note = Note::sign("hello\n", &[&stranger, &log])?;
        let opened = open(&note.to_string(), &[Verifier::from_vkey(&log.verifier().to_vkey())?])?;
        assert_eq!(opened.signatures.len(), 2);
        assert_eq!(opened.verify(&[log.verifier().clone()])?.len(), 1);
        Ok(())
    }

    #[test]
    fn cosignatures_sign_header_time_and_body() -> Result<(), NoteError> {
        let mut rng = rand::thread_rng();
        let log = Signer::generate("example.com/log", KeyType::Ed25519, &mut rng)?;
        let witness = Signer::generate("witness.example/w1", KeyType::Cosignature, &mut rng)?;
        let body = "example.com/log\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n";
        let mut note = Note::sign(body, &[&log])?;
        let line = witness.sign_at(body, 1_679_315_147)?.to_string();
        note.add_cosignature(witness.verifier(), &line)?;
        assert_eq!(note.cosignature_by(witness.verifier())?, 1_679_315_147);
        let reopened = open(&note.to_string(), &[log.verifier().clone(), witness.verifier().clone()])?;
        assert_eq!(reopened.signatures.len(), 2);
        // A cosignature of another body, or by another key, is refused.
        let other = witness.sign_at("example.com/log\n2\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n", 1)?;
        assert!(note.add_cosignature(witness.verifier(), &other.to_string()).is_err());
        assert!(note.add_cosignature(log.verifier(), &line).is_err());
        // A plain Ed25519 signature over the body does not pass as a cosignature.
        let same_key = Signer::from_seed("witness.example/w1", KeyType::Ed25519, [1; 32])?;
        let cosigner = Signer::from_seed("witness.example/w1", KeyType::Cosignature, [1; 32])?;
        assert_ne!(same_key.verifier().key_id(), cosigner.verifier().key_id());
        Ok(())
    }
}
