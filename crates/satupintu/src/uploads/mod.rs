//! Uploaded files: the type is judged by content, not by name; images are decoded and encoded
//! again so that camera metadata (including GPS location) is gone; files are stored by the
//! SHA-256 of their content ([`blobs`]): in `<data_dir>/uploads/`, written atomically and fsynced,
//! or in an S3-compatible object store. The content is stored before its row, so a failed store
//! leaves no upload behind.

pub mod api;
pub mod blobs;
pub mod form;

use axum::body::Bytes;

use crate::app::AppState;
use crate::applications::store;
use crate::db;
use crate::identity::CurrentUser;
use crate::web::AppError;

/// The largest file accepted at all; a form field may allow less (`max_mb`).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The type of a file from its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Decode and re-encode an image so that nothing but the pixels survives (EXIF, GPS, comments).
/// WebP is stored as PNG (lossless) because the encoder at hand writes lossless WebP only.
pub fn clean_image(bytes: &[u8], mime: &str) -> Result<(Vec<u8>, &'static str), AppError> {
    let format = match mime {
        "image/jpeg" => image::ImageFormat::Jpeg,
        "image/png" => image::ImageFormat::Png,
        "image/webp" => image::ImageFormat::WebP,
        _ => return Err(AppError::bad_request("error-upload-type")),
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| AppError::bad_request("error-upload-corrupt"))?;
    let mut out = std::io::Cursor::new(Vec::new());
    let (target, mime) = match format {
        image::ImageFormat::Jpeg => (image::ImageFormat::Jpeg, "image/jpeg"),
        _ => (image::ImageFormat::Png, "image/png"),
    };
    let img = if target == image::ImageFormat::Jpeg { image::DynamicImage::ImageRgb8(img.to_rgb8()) } else { img };
    img.write_to(&mut out, target).map_err(|e| AppError::Internal(anyhow::anyhow!("re-encoding: {e}")))?;
    Ok((out.into_inner(), mime))
}

/// A stored upload.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Stored {
    /// Use this as the value of a file field.
    pub id: String,
    /// The type judged from the content (`application/pdf`, `image/jpeg`, `image/png`).
    pub mime: String,
    pub size: i64,
}

/// Check, clean and store a file for `owner`.
pub async fn store(state: &AppState, owner: i64, bytes: Bytes) -> Result<Stored, AppError> {
    let (addr, mime, size) = put_clean(state, bytes).await?;
    let id = format!("up_{}", crate::identity::random_token());
    let (row_id, sha) = (id.clone(), addr.as_str().to_string());
    state
        .db
        .write(move |tx| {
            Box::pin(async move { store::insert_upload(tx, &row_id, &sha, mime, size, owner, db::now()).await })
        })
        .await?;
    Ok(Stored { id, mime: mime.to_string(), size })
}

/// Check and clean a file (images re-encoded without their metadata) and put it in the blob
/// store; returns its address, type and size. Nobody owns it yet.
pub async fn put_clean(state: &AppState, bytes: Bytes) -> Result<(blobs::Address, &'static str, i64), AppError> {
    if bytes.is_empty() {
        return Err(AppError::bad_request("error-upload-empty"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(AppError::TooLarge);
    }
    let mime = sniff(&bytes).ok_or(AppError::bad_request("error-upload-type"))?;
    let (content, mime) = if mime.starts_with("image/") {
        let m = mime.to_string();
        let (clean, mime) = tokio::task::spawn_blocking(move || clean_image(&bytes, &m))
            .await
            .map_err(|e| AppError::Internal(e.into()))??;
        (Bytes::from(clean), mime)
    } else {
        (bytes, mime)
    };
    let addr = blobs::Address::of(&content);
    let size = content.len() as i64;
    state.blobs.put(&addr, content).await?;
    Ok((addr, mime, size))
}

/// What is stored of an upload of `owner`.
pub struct Info {
    /// The content address.
    pub sha256: String,
    pub mime: String,
    pub size: i64,
}

/// The upload `id` if `owner` uploaded it (others' uploads are not found).
pub async fn info(state: &AppState, owner: i64, id: &str) -> Result<Option<Info>, AppError> {
    let mut conn = state.db.conn().await?;
    let found = store::upload_file(&mut conn, id).await?;
    let size = store::uploads(&mut conn, &[id.to_string()], &[owner]).await?.remove(id).map(|u| u.size);
    Ok(match (found, size) {
        (Some((sha256, mime, o)), Some(size)) if o == owner => Some(Info { sha256, mime, size }),
        _ => None,
    })
}

/// The bytes and type of an upload, for its owner or staff of an agency whose application uses
/// it. Anyone else gets `NotFound` before the store is asked, so a stranger learns nothing, not
/// even from a 503 while the object store is down.
pub async fn read(state: &AppState, user: &CurrentUser, id: &str) -> Result<(Vec<u8>, String), AppError> {
    let mut tx = state.db.read().await?;
    let (sha, mime, owner) = store::upload_file(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    if owner != user.id && !crate::applications::service::staff_may_read_upload(state, user, id).await? {
        return Err(AppError::NotFound);
    }
    let addr = blobs::Address::parse(&sha).ok_or(AppError::NotFound)?;
    let bytes = state.blobs.get(&addr).await?.ok_or(AppError::NotFound)?;
    Ok((bytes, mime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_judged_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"MZ\x90\x00 an .exe named foto.jpg"), None);
        assert_eq!(sniff(b"<html>"), None);
    }

    #[test]
    fn re_encoding_drops_exif_location() {
        // A small JPEG with an EXIF (APP1) segment carrying a marker string.
        let mut img = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(8, 8, image::Rgb([200, 30, 30])))
            .write_to(&mut img, image::ImageFormat::Jpeg)
            .expect("encode");
        let jpeg = img.into_inner();
        let exif = b"Exif\0\0GPSLatitude-6.9147 GPSLongitude 107.6098";
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1];
        with_exif.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        with_exif.extend_from_slice(exif);
        with_exif.extend_from_slice(&jpeg[2..]);
        assert!(with_exif.windows(11).any(|w| w == b"GPSLatitude"));
        let (clean, mime) = clean_image(&with_exif, "image/jpeg").expect("clean");
        assert_eq!(mime, "image/jpeg");
        assert!(!clean.windows(11).any(|w| w == b"GPSLatitude"), "location metadata survived");
        assert_eq!(sniff(&clean), Some("image/jpeg"));
    }

    #[test]
    fn a_corrupt_image_is_refused() {
        let mut bad = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        bad.extend_from_slice(b"not really a png");
        assert!(clean_image(&bad, "image/png").is_err());
    }
}
