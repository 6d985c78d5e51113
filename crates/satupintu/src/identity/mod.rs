//! Identity and roles: citizens and staff, sessions and API tokens, passwords (argon2id),
//! TOTP for staff, sign-in rate limits.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;

use base64::Engine;
use rand::RngCore;

pub use model::{Nik, Role};

/// A signed-in user as the request sees them.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i64,
    pub role: Role,
    pub agency_id: Option<String>,
    pub full_name: String,
    /// `full` once every sign-in step is done; `totp` while the second factor is awaited;
    /// `enrol` while a staff member who must use TOTP has not set it up yet.
    pub stage: String,
    /// The interface language the person chose last (remembered across devices).
    pub lang: Option<crate::web::Lang>,
}

impl CurrentUser {
    /// A user who completed every sign-in step (demo data and tests acting for someone).
    pub fn signed_in(id: i64, role: Role, agency: Option<&str>, name: &str) -> CurrentUser {
        CurrentUser {
            id,
            role,
            agency_id: agency.map(str::to_string),
            full_name: name.to_string(),
            stage: "full".into(),
            lang: None,
        }
    }

    pub fn is_full(&self) -> bool {
        self.stage == "full"
    }

    /// Refuse unless the user has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), crate::web::AppError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(crate::web::AppError::Forbidden)
        }
    }
}

/// A fresh random token: 32 bytes, base64url without padding (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// How tokens are kept in the database: only their SHA-256.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}
