//! Issued documents: the platform signs each document's canonical content with Ed25519; the
//! PDF carries a QR code to a public verification page that says whether the document is
//! authentic, still valid, expired or revoked. Its second page carries what is needed to verify
//! it offline ([`offline`]): the signature and key, and the document's ledger entry with its
//! inclusion proof and signed checkpoint.

pub mod offline;
pub mod pages;
pub mod pdf;

use std::path::Path;

use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sqlx::Row as _;
use utoipa::ToSchema;

use crate::applications::Application;
use crate::catalog::service::ServiceRecord;
use crate::db::Tx;
use crate::web::AppError;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The platform's document-signing key, kept in `<data_dir>/keys/documents.ed25519` (hex seed).
pub struct Keys {
    signing: SigningKey,
}

impl Keys {
    /// Where the key is kept.
    pub fn key_path(data_dir: &Path) -> std::path::PathBuf {
        data_dir.join("keys").join("documents.ed25519")
    }

    /// Read the key; none when its file does not exist.
    pub fn read(data_dir: &Path) -> anyhow::Result<Option<Keys>> {
        let path = Self::key_path(data_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
        };
        let bytes: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| anyhow::anyhow!("{} is not a 32-byte key", path.display()))?;
        Ok(Some(Keys { signing: SigningKey::from_bytes(&bytes) }))
    }

    /// Load the key, creating it on first start (file mode 0600).
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Keys> {
        if let Some(keys) = Self::read(data_dir)? {
            return Ok(keys);
        }
        let signing = SigningKey::generate(&mut rand::rngs::OsRng);
        crate::config::write_secret_file(&Self::key_path(data_dir), hex::encode(signing.to_bytes()).as_bytes())?;
        Ok(Keys { signing })
    }

    pub fn public(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The public key, base64url.
    pub fn public_b64(&self) -> String {
        B64.encode(self.public().to_bytes())
    }

    /// A short id of the public key: hex of the first 8 bytes of its SHA-256.
    pub fn key_id(&self) -> String {
        use sha2::{Digest, Sha256};
        hex::encode(&Sha256::digest(self.public().to_bytes())[..8])
    }

    pub fn sign(&self, message: &[u8]) -> String {
        B64.encode(self.signing.sign(message).to_bytes())
    }

    pub fn verify(&self, message: &[u8], signature_b64: &str) -> bool {
        let Ok(bytes) = B64.decode(signature_b64) else { return false };
        let Ok(sig) = Signature::from_slice(&bytes) else { return false };
        self.public().verify(message, &sig).is_ok()
    }
}

/// What the platform signs: public facts of the document and the holder's name as printed on it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct Content {
    pub number: String,
    pub application: String,
    pub service_id: String,
    pub service_name: String,
    pub agency_id: String,
    pub agency_name: String,
    pub holder_name: String,
    /// `YYYY-MM-DD`, agency's local date.
    pub issued_on: String,
    pub valid_until: Option<String>,
}

impl Content {
    /// The exact bytes that are signed: compact JSON with this struct's field order.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// A stored document.
#[derive(Clone, Debug)]
pub struct Document {
    pub number: String,
    pub application_id: i64,
    pub content: Content,
    pub content_json: String,
    pub signature: String,
    pub key_id: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: Option<String>,
}

fn document(r: &crate::db::Row) -> Result<Document, sqlx::Error> {
    let content_json: String = r.try_get(2)?;
    Ok(Document {
        number: r.try_get(0)?,
        application_id: r.try_get(1)?,
        content: serde_json::from_str(&content_json).map_err(|e| sqlx::Error::Decode(e.into()))?,
        content_json,
        signature: r.try_get(3)?,
        key_id: r.try_get(4)?,
        issued_at: r.try_get(5)?,
        revoked_at: r.try_get(6)?,
        revoked_reason: r.try_get(7)?,
    })
}

const COLUMNS: &str = "number, application_id, content_json, signature, key_id, issued_at, revoked_at, revoked_reason";

/// Issue the document of an approved application, in the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn issue(
    tx: &mut Tx,
    keys: &Keys,
    app: &Application,
    service: &ServiceRecord,
    agency_name: &str,
    holder_name: &str,
    today: time::Date,
    now: i64,
) -> Result<Document, AppError> {
    let number = crate::db::next_code(tx, &format!("DOK-{}", today.year())).await?;
    let valid_until = service.service.validity_years.map(|y| {
        let months = (y * 12.0).round() as i64;
        let total = i64::from(today.year()) * 12 + i64::from(u8::from(today.month())) - 1 + months;
        let (year, month) = ((total / 12) as i32, (total % 12 + 1) as u8);
        let month = time::Month::try_from(month).unwrap_or(time::Month::December);
        let day = today.day().min(time::util::days_in_month(month, year));
        time::Date::from_calendar_date(year, month, day).unwrap_or(today).to_string()
    });
    let content = Content {
        number: number.clone(),
        application: app.code.clone(),
        service_id: service.service.id.clone(),
        service_name: service.service.name.id().to_string(),
        agency_id: app.agency_id.clone(),
        agency_name: agency_name.to_string(),
        holder_name: holder_name.to_string(),
        issued_on: today.to_string(),
        valid_until: valid_until.clone(),
    };
    let canonical = content.canonical();
    let signature = keys.sign(&canonical);
    let content_json = String::from_utf8(canonical).unwrap_or_default();
    sqlx::query(
        "INSERT INTO documents (number, application_id, content_json, signature, key_id, issued_at, valid_until) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&number)
    .bind(app.id)
    .bind(&content_json)
    .bind(&signature)
    .bind(keys.key_id())
    .bind(now)
    .bind(&valid_until)
    .execute(&mut **tx)
    .await?;
    let leaf = crate::ledger::Leaf::new("document.issued", now)
        .with("number", number.as_str())
        .with("application", app.code.as_str())
        .with("agency_id", app.agency_id.as_str())
        .with("key_id", keys.key_id())
        .with("signature", signature.as_str())
        .with_hash("content_sha256", content_json.as_bytes());
    crate::ledger::record(tx, &leaf).await?;
    Ok(Document {
        number,
        application_id: app.id,
        content,
        content_json,
        signature,
        key_id: keys.key_id(),
        issued_at: now,
        revoked_at: None,
        revoked_reason: None,
    })
}

pub async fn by_number(tx: &mut Tx, number: &str) -> Result<Option<Document>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM documents WHERE number = $1");
    sqlx::query(&sql).bind(number).fetch_optional(&mut **tx).await?.as_ref().map(document).transpose()
}

pub async fn of_application(tx: &mut Tx, application_id: i64) -> Result<Vec<Document>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM documents WHERE application_id = $1 ORDER BY id");
    sqlx::query(&sql).bind(application_id).fetch_all(&mut **tx).await?.iter().map(document).collect()
}

pub async fn revoke(tx: &mut Tx, number: &str, reason: &str, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE documents SET revoked_at = $1, revoked_reason = $2, revoked_by = $3 WHERE number = $4 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(by)
    .bind(number)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let leaf = crate::ledger::Leaf::new("document.revoked", now)
        .with("number", number)
        .with_hash("reason_sha256", reason.as_bytes());
    crate::ledger::record(tx, &leaf).await?;
    Ok(true)
}

/// The verdict of the verification page.
#[derive(Clone, Debug, Serialize, ToSchema, PartialEq)]
pub struct Verdict {
    /// The platform's signature over the stored content checks out (and matches the QR's, if given).
    pub authentic: bool,
    /// `valid`, `expired`, `revoked` or `unknown`.
    pub status: String,
    pub content: Option<Content>,
    pub revoked_reason: Option<String>,
    pub signature: Option<String>,
    /// The public key (base64url Ed25519) to check the signature offline.
    pub public_key: String,
    pub key_id: String,
}

/// Judge a document number (and the signature from its QR code, when given).
pub fn verdict(keys: &Keys, doc: Option<&Document>, qr_signature: Option<&str>, today: time::Date) -> Verdict {
    let Some(doc) = doc else {
        return Verdict {
            authentic: false,
            status: "unknown".into(),
            content: None,
            revoked_reason: None,
            signature: None,
            public_key: keys.public_b64(),
            key_id: keys.key_id(),
        };
    };
    let stored_ok = keys.verify(doc.content_json.as_bytes(), &doc.signature)
        && doc.content.canonical() == doc.content_json.as_bytes();
    let qr_ok = qr_signature.is_none_or(|s| s == doc.signature);
    let expired = doc.content.valid_until.as_deref().and_then(crate::calendar::parse_date).is_some_and(|d| d < today);
    let status = if doc.revoked_at.is_some() {
        "revoked"
    } else if expired {
        "expired"
    } else {
        "valid"
    };
    Verdict {
        authentic: stored_ok && qr_ok,
        status: status.into(),
        content: Some(doc.content.clone()),
        revoked_reason: doc.revoked_reason.clone(),
        signature: Some(doc.signature.clone()),
        public_key: keys.public_b64(),
        key_id: keys.key_id(),
    }
}

/// Whether `user` may read the document: its holder, or staff of its agency.
pub async fn may_read(
    state: &crate::app::AppState,
    user: &crate::identity::CurrentUser,
    doc: &Document,
) -> Result<bool, AppError> {
    let mut tx = state.db.read().await?;
    let parties = crate::applications::service::parties(&mut tx, doc.application_id).await?;
    tx.commit().await?;
    Ok(parties.is_some_and(|(citizen, agency, _)| {
        citizen == user.id || (user.agency_id.as_deref() == Some(agency.as_str()) && user.role.is_staff())
    }))
}

/// Revoke a document of the caller's agency, with a reason; returns the application code.
pub async fn revoke_as(
    state: &crate::app::AppState,
    user: &crate::identity::CurrentUser,
    number: &str,
    reason: &str,
) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Validation(vec![crate::web::FieldError::new("reason", "field-required")]));
    }
    let mut tx = state.db.begin().await?;
    let doc = by_number(&mut tx, number).await?.ok_or(AppError::NotFound)?;
    let (_, agency, code) =
        crate::applications::service::parties(&mut tx, doc.application_id).await?.ok_or(AppError::NotFound)?;
    if user.agency_id.as_deref() != Some(agency.as_str()) {
        return Err(AppError::NotFound);
    }
    if !revoke(&mut tx, number, &reason.chars().take(500).collect::<String>(), user.id, crate::db::now()).await? {
        return Err(AppError::Conflict { key: "error-already-revoked" });
    }
    tx.commit().await?;
    tracing::info!(document = number, user_id = user.id, "document revoked");
    Ok(code)
}

/// Where the QR code points.
pub fn verify_url(base: &str, doc: &Document) -> String {
    format!("{}/verifikasi/{}?s={}", base.trim_end_matches('/'), doc.number, doc.signature)
}

/// The PDF of an issued document: the certificate with its QR code, then the data to verify it
/// offline (its ledger proof when the entry is in a checkpoint already).
pub async fn pdf(state: &crate::app::AppState, doc: &Document) -> Result<Vec<u8>, AppError> {
    let entry = crate::ledger::entry_of(state, "document.issued", "number", &doc.number).await?;
    let ledger = entry.and_then(|p| {
        Some(offline::LedgerProof {
            index: p.index,
            entry: p.entry,
            tree_size: p.tree_size?,
            proof: p.inclusion_proof,
            checkpoint: p.checkpoint,
        })
    });
    let data = offline::VerificationData {
        content: doc.content_json.clone(),
        signature: doc.signature.clone(),
        public_key: state.keys.public_b64(),
        key_id: doc.key_id.clone(),
        ledger,
    };
    let base = state.base_url();
    let mut pages = vec![certificate_page(&base, doc)];
    pages.extend(verification_pages(&base, &state.ledger.verifier().to_vkey(), &data));
    Ok(pdf::render(&pages))
}

fn text_line(y: f32, size: f32, font: pdf::Font, text: impl Into<String>) -> pdf::Line {
    pdf::Line { x: 56.0, y, size, font, text: text.into() }
}

fn certificate_page(base: &str, doc: &Document) -> pdf::Page {
    use pdf::Font::{Bold, Regular};
    let c = &doc.content;
    let url = verify_url(base, doc);
    let valid = match &c.valid_until {
        Some(d) => format!("Berlaku sampai / Valid until: {d}"),
        None => "Berlaku tanpa batas waktu / Does not expire".into(),
    };
    let lines = vec![
        text_line(790.0, 11.0, Regular, c.agency_name.clone()),
        text_line(750.0, 20.0, Bold, c.service_name.clone()),
        text_line(722.0, 12.0, Regular, format!("Nomor dokumen / Document number: {}", c.number)),
        text_line(690.0, 12.0, Regular, "Diberikan kepada / Issued to:"),
        text_line(668.0, 16.0, Bold, c.holder_name.clone()),
        text_line(636.0, 12.0, Regular, format!("Nomor permohonan / Application: {}", c.application)),
        text_line(616.0, 12.0, Regular, format!("Tanggal terbit / Issued on: {}", c.issued_on)),
        text_line(596.0, 12.0, Regular, valid),
        text_line(210.0, 10.0, Regular, "Pindai kode QR untuk memeriksa keaslian dokumen ini."),
        text_line(196.0, 10.0, Regular, "Scan the QR code to check that this document is authentic."),
        text_line(170.0, 8.0, Regular, format!("Tanda tangan elektronik (Ed25519, kunci {}):", doc.key_id)),
        text_line(158.0, 7.0, Regular, doc.signature[..doc.signature.len() / 2].to_string()),
        text_line(148.0, 7.0, Regular, doc.signature[doc.signature.len() / 2..].to_string()),
        text_line(
            120.0,
            8.0,
            Regular,
            "Data untuk memeriksa dokumen ini tanpa server ada di halaman 2. / Offline verification data: page 2.",
        ),
        text_line(
            60.0,
            8.0,
            Regular,
            format!("Diterbitkan melalui SatuPintu. Verifikasi: {}", url.split('?').next().unwrap_or("")),
        ),
    ];
    pdf::Page { lines, qr: Some(pdf::Qr { text: url, x: 390.0, y: 150.0, size: 150.0 }) }
}

/// The page (or pages, for a very long proof) "Data verifikasi / Verification data".
fn verification_pages(base: &str, vkey: &str, data: &offline::VerificationData) -> Vec<pdf::Page> {
    use pdf::Font::{Bold, Mono, Regular};
    const TOP: f32 = 790.0;
    const BOTTOM: f32 = 50.0;
    const LEADING: f32 = 9.0;
    let base = base.trim_end_matches('/');
    let mut intro = vec![
        text_line(TOP, 16.0, Bold, "Data verifikasi / Verification data"),
        text_line(
            768.0,
            9.0,
            Regular,
            "Dengan data ini siapa pun dapat memeriksa dokumen ini tanpa server SatuPintu: tanda tangan",
        ),
        text_line(
            757.0,
            9.0,
            Regular,
            "platform atas isinya, serta catatannya di buku besar transparansi dengan bukti inklusi dalam",
        ),
        text_line(
            746.0,
            9.0,
            Regular,
            "checkpoint yang ditandatangani. Perintah: satupintu ledger verify-document FILE.pdf --vkey KUNCI",
        ),
        text_line(
            730.0,
            9.0,
            Regular,
            "With these data anyone can check this document without the SatuPintu server: the platform's",
        ),
        text_line(
            719.0,
            9.0,
            Regular,
            "signature over its content, and its record in the transparency ledger with an inclusion proof",
        ),
        text_line(
            708.0,
            9.0,
            Regular,
            "in a signed checkpoint. Command: satupintu ledger verify-document FILE.pdf --vkey KEY",
        ),
        text_line(692.0, 8.0, Regular, format!("Kunci buku besar / Ledger key ({base}/ledger/vkey):")),
        text_line(682.0, 7.0, Mono, vkey),
    ];
    let mut y = 664.0;
    if data.ledger.is_none() {
        intro.push(text_line(
            y,
            9.0,
            Bold,
            "Catatan buku besar dokumen ini belum masuk checkpoint saat PDF ini dibuat; unduh lagi nanti.",
        ));
        intro.push(text_line(
            y - 11.0,
            9.0,
            Bold,
            "Its ledger record was not yet in a checkpoint when this PDF was made; download it again later.",
        ));
        y -= 30.0;
    }
    let mut pages = vec![pdf::Page { lines: intro, qr: None }];
    for line in data.printed_lines() {
        if y < BOTTOM {
            pages.push(pdf::Page {
                lines: vec![text_line(TOP, 12.0, Bold, "Data verifikasi (lanjutan) / Verification data (continued)")],
                qr: None,
            });
            y = TOP - 24.0;
        }
        if let Some(page) = pages.last_mut() {
            page.lines.push(text_line(y, 7.0, Mono, line));
        }
        y -= LEADING;
    }
    pages
}

/// A citizen's documents that are not revoked and expire between `from` and `to` (ISO dates,
/// inclusive): number, expiry date, and the service that issued it.
pub async fn expiring_of(
    conn: &mut crate::db::Conn,
    citizen_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.number, d.valid_until, a.service_id FROM documents d JOIN applications a ON a.id = d.application_id \
         WHERE a.citizen_id = $1 AND d.revoked_at IS NULL AND d.valid_until IS NOT NULL \
         AND d.valid_until >= $2 AND d.valid_until <= $3 ORDER BY d.valid_until, d.id",
    )
    .bind(citizen_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn doc(keys: &Keys, valid_until: Option<&str>) -> Document {
        let content = Content {
            number: "DOK-2026-000001".into(),
            application: "SP-2026-000001".into(),
            service_id: "akta-kelahiran".into(),
            service_name: "Akta Kelahiran".into(),
            agency_id: "disdukcapil".into(),
            agency_name: "Disdukcapil".into(),
            holder_name: "Siti Rahayu".into(),
            issued_on: "2026-11-23".into(),
            valid_until: valid_until.map(str::to_string),
        };
        let json = String::from_utf8(content.canonical()).expect("utf8");
        Document {
            number: content.number.clone(),
            application_id: 1,
            signature: keys.sign(json.as_bytes()),
            content,
            content_json: json,
            key_id: keys.key_id(),
            issued_at: 0,
            revoked_at: None,
            revoked_reason: None,
        }
    }

    #[test]
    fn authentic_valid_expired_revoked_and_tampered() {
        let dir = tempfile::tempdir().expect("dir");
        let keys = Keys::load_or_create(dir.path()).expect("keys");
        let again = Keys::load_or_create(dir.path()).expect("keys again");
        assert_eq!(keys.public_b64(), again.public_b64(), "the key persists");
        let today = date!(2026 - 11 - 23);
        let d = doc(&keys, Some("2031-11-23"));
        let v = verdict(&keys, Some(&d), Some(&d.signature), today);
        assert!(v.authentic);
        assert_eq!(v.status, "valid");
        assert_eq!(verdict(&keys, Some(&doc(&keys, Some("2026-01-01"))), None, today).status, "expired");
        let mut revoked = d.clone();
        revoked.revoked_at = Some(1);
        assert_eq!(verdict(&keys, Some(&revoked), None, today).status, "revoked");
        // Someone edits the stored holder name: the signature no longer matches.
        let mut tampered = d.clone();
        tampered.content_json = tampered.content_json.replace("Siti Rahayu", "Orang Lain");
        tampered.content.holder_name = "Orang Lain".into();
        assert!(!verdict(&keys, Some(&tampered), None, today).authentic);
        // A QR code with another signature does not match this document.
        assert!(!verdict(&keys, Some(&d), Some("AAAA"), today).authentic);
        assert!(!verdict(&keys, None, None, today).authentic);
        // Offline: the signature verifies with the published public key alone.
        let public = VerifyingKey::from_bytes(&B64.decode(keys.public_b64()).expect("b64").try_into().expect("32"))
            .expect("key");
        let sig = Signature::from_slice(&B64.decode(&d.signature).expect("b64")).expect("sig");
        assert!(public.verify(d.content_json.as_bytes(), &sig).is_ok());
    }
}
