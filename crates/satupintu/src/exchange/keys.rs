//! This instance's member key: an Ed25519 seed in a file outside the database
//! (`exchange_key_file`, default `<data_dir>/keys/exchange.ed25519`, hex, mode 0600), made on
//! first use.

use std::path::PathBuf;

use ed25519_dalek::SigningKey;

use super::model::{Party, B64};
use crate::config::Config;

pub struct MemberKey {
    pub party: Party,
    pub signing: SigningKey,
}

pub fn key_path(config: &Config) -> PathBuf {
    config.exchange_key_file.clone().unwrap_or_else(|| config.data_dir.join("keys").join("exchange.ed25519"))
}

/// Read the member key; none when its file does not exist.
pub fn read(config: &Config) -> anyhow::Result<Option<SigningKey>> {
    let path = key_path(config);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let bytes: [u8; 32] = hex::decode(text.trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| anyhow::anyhow!("{} is not a 32-byte hex key", path.display()))?;
            Ok(Some(SigningKey::from_bytes(&bytes)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("{}: {e}", path.display())),
    }
}

impl MemberKey {
    /// Load the key, creating it when the file does not exist yet.
    pub fn load_or_create(config: &Config) -> anyhow::Result<MemberKey> {
        let party = Party { member: config.exchange_member_id.clone(), subsystem: config.exchange_subsystem.clone() };
        if Party::parse(&party.id()).is_none() {
            anyhow::bail!("exchange_member_id / exchange_subsystem are not valid ids: {}", party.id());
        }
        let path = key_path(config);
        let signing = match read(config)? {
            Some(signing) => signing,
            None => {
                let signing = SigningKey::generate(&mut rand::rngs::OsRng);
                crate::config::write_secret_file(&path, hex::encode(signing.to_bytes()).as_bytes())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                signing
            }
        };
        Ok(MemberKey { party, signing })
    }

    /// The public key, base64url (what other members register).
    pub fn public_b64(&self) -> String {
        use base64::Engine as _;
        B64.encode(self.signing.verifying_key().to_bytes())
    }
}
