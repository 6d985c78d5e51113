//! Where the content of uploads lives: the data directory (the default) or an S3-compatible
//! object store (MinIO, Ceph RGW, cloud object storage) when `s3_endpoint` is set.
//!
//! Either way a file is stored once, under its content address `uploads/ab/abcd…` (the SHA-256
//! of its bytes, with its first two hex digits as a folder). Storing the same content again
//! changes nothing, and the `uploads/` tree of a data directory copied into a bucket (`mc
//! mirror`, `rclone copy`) is found at the same keys.
//!
//! The object store is spoken to with `rusty-s3`, which only signs requests (AWS Signature V4,
//! presigned URLs) and leaves the HTTP to the reqwest client the notification worker already
//! uses. The AWS SDK would bring its own HTTP stack, runtime glue and a few hundred thousand lines
//! of generated code for the three calls needed here (HEAD, PUT and GET of one object); rusty-s3
//! is small, has no I/O of its own, and is tested upstream against MinIO.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use axum::body::Bytes;
use base64::Engine;
use md5::Md5;
use reqwest::header::{CONTENT_TYPE, ETAG};
use reqwest::{RequestBuilder, Response, StatusCode};
use rusty_s3::{actions, Bucket, Credentials, S3Action, UrlStyle};
use sha2::{Digest, Sha256};

use crate::config::{Config, S3Settings};
use crate::web::AppError;

/// How long a signed request stays valid: long enough for 20 MB over a slow link, short enough
/// that a URL which ends up in a proxy's log is soon useless.
const SIGNED_FOR: Duration = Duration::from_secs(15 * 60);

/// The content address of a file: the lowercase hex SHA-256 of its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Address(String);

impl Address {
    pub fn of(content: &[u8]) -> Address {
        Address(hex::encode(Sha256::digest(content)))
    }

    /// An address read back from the database; anything but 64 lowercase hex digits is refused,
    /// so a key can never climb out of `uploads/` (`../`) or name the bucket itself.
    pub fn parse(hex: &str) -> Option<Address> {
        (hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Address(hex.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `uploads/ab/abcd…`: the object key in a bucket, and the path below the data directory.
    pub fn key(&self) -> String {
        format!("uploads/{}/{}", &self.0[..2], self.0)
    }
}

/// A failure to store or fetch content.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The data directory failed (disk full, permissions): the server's problem.
    #[error("upload directory: {0}")]
    Local(#[from] std::io::Error),
    /// The object store could not be reached or refused the request; the details were logged
    /// where it happened.
    #[error("the S3 upload store failed")]
    Remote,
}

impl From<BlobError> for AppError {
    fn from(e: BlobError) -> Self {
        match e {
            BlobError::Local(e) => AppError::Internal(e.into()),
            BlobError::Remote => AppError::unavailable("error-storage-unavailable"),
        }
    }
}

pub enum BlobStore {
    /// Files below `<data_dir>/uploads/`.
    Local(PathBuf),
    S3(Box<S3Store>),
}

impl BlobStore {
    /// The store the configuration names. An object store is checked first (HEAD of the
    /// bucket), so a wrong endpoint, bucket or key stops start-up with a clear message instead
    /// of failing the first citizen's upload.
    pub async fn open(config: &Config) -> anyhow::Result<BlobStore> {
        match config.s3()? {
            None => Ok(BlobStore::Local(config.data_dir.clone())),
            Some(settings) => {
                let store = S3Store::new(&settings)?;
                store.check().await?;
                Ok(BlobStore::S3(Box::new(store)))
            }
        }
    }

    /// Store `content` under `addr` (its own address) unless it is there already.
    pub async fn put(&self, addr: &Address, content: Bytes) -> Result<(), BlobError> {
        match self {
            BlobStore::Local(dir) => {
                // One trip to the blocking pool for the check and the write together.
                let path = dir.join(addr.key());
                tokio::task::spawn_blocking(move || match path.try_exists()? {
                    true => Ok(()),
                    false => write_atomically(&path, &content),
                })
                .await
                .map_err(std::io::Error::other)??;
                Ok(())
            }
            BlobStore::S3(s3) => s3.put(addr, content).await,
        }
    }

    /// The content stored under `addr`, if any.
    pub async fn get(&self, addr: &Address) -> Result<Option<Vec<u8>>, BlobError> {
        match self {
            BlobStore::Local(dir) => match tokio::fs::read(dir.join(addr.key())).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            },
            BlobStore::S3(s3) => s3.get(addr).await,
        }
    }

    pub async fn exists(&self, addr: &Address) -> Result<bool, BlobError> {
        match self {
            BlobStore::Local(dir) => Ok(tokio::fs::try_exists(dir.join(addr.key())).await?),
            BlobStore::S3(s3) => s3.exists(addr).await,
        }
    }
}

/// Write through a temporary file in the same folder, fsync, rename, fsync the folder: a crash
/// leaves either no file or the whole file, never a torn one under the final name.
fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().map(PathBuf::from).unwrap_or_default();
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!(".{}.tmp", crate::identity::random_token()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(content)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(&dir)?.sync_all()
}

/// One bucket of an S3-compatible object store.
pub struct S3Store {
    bucket: Bucket,
    credentials: Credentials,
    client: reqwest::Client,
    /// `bucket "name" at http://endpoint/`, for messages and logs (never a key or signature).
    place: String,
}

impl S3Store {
    pub fn new(s: &S3Settings) -> anyhow::Result<S3Store> {
        let place = format!("bucket {:?} at {}", s.bucket, s.endpoint);
        let secret = std::fs::read_to_string(&s.secret_key_file)
            .with_context(|| format!("cannot read s3_secret_key_file {}", s.secret_key_file.display()))?;
        let secret = secret.trim();
        if secret.is_empty() {
            bail!("s3_secret_key_file {} is empty", s.secret_key_file.display());
        }
        let style = if s.path_style { UrlStyle::Path } else { UrlStyle::VirtualHost };
        let bucket = Bucket::new(s.endpoint.clone(), style, s.bucket.clone(), s.region.clone()).map_err(|e| {
            anyhow!(
                "S3 upload store: cannot address {place}: {e} (virtual-hosted style needs a host name and a bucket \
                 name that fits in one; set s3_path_style = true otherwise)"
            )
        })?;
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(120))
            // A signed URL is only good for the host it names.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(S3Store { bucket, credentials: Credentials::new(s.access_key.clone(), secret), client, place })
    }

    /// HEAD the bucket: reachable, there, and these credentials may use it.
    pub async fn check(&self) -> anyhow::Result<()> {
        let url = actions::HeadBucket::new(&self.bucket, Some(&self.credentials)).sign(SIGNED_FOR);
        let resp = self
            .client
            .head(url)
            .send()
            .await
            .map_err(|e| anyhow!("cannot reach the S3 upload store, {}: {}", self.place, chain(e)))?;
        match resp.status() {
            s if s.is_success() => Ok(()),
            StatusCode::NOT_FOUND => bail!("the S3 upload store has no {}: create the bucket first", self.place),
            s @ (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => bail!(
                "the S3 upload store refused access to {} (HTTP {s}): check s3_access_key, s3_secret_key_file and \
                 s3_region",
                self.place
            ),
            s => bail!("the S3 upload store answered HTTP {s} for {}", self.place),
        }
    }

    async fn exists(&self, addr: &Address) -> Result<bool, BlobError> {
        let key = addr.key();
        let url = actions::HeadObject::new(&self.bucket, Some(&self.credentials), &key).sign(SIGNED_FOR);
        let resp = self.send("head", &key, self.client.head(url)).await?;
        match resp.status() {
            s if s.is_success() => Ok(true),
            StatusCode::NOT_FOUND => Ok(false),
            _ => Err(self.refused("head", &key, resp).await),
        }
    }

    async fn put(&self, addr: &Address, content: Bytes) -> Result<(), BlobError> {
        if self.exists(addr).await? {
            return Ok(());
        }
        let key = addr.key();
        // The signature of a presigned URL covers `UNSIGNED-PAYLOAD`, not the body, so the body
        // is protected by Content-MD5 (signed too): the server refuses a body that does not
        // match (BadDigest). The ETag of a plain PUT is the same MD5, checked below for servers
        // that ignore the header.
        let md5 = Md5::digest(&content);
        let content_md5 = base64::engine::general_purpose::STANDARD.encode(md5);
        let mut action = actions::PutObject::new(&self.bucket, Some(&self.credentials), &key);
        action.headers_mut().insert("content-md5", content_md5.as_str());
        let url = action.sign(SIGNED_FOR);
        let req = self
            .client
            .put(url)
            .header("content-md5", &content_md5)
            .header(CONTENT_TYPE, "application/octet-stream")
            .body(content);
        let resp = self.send("put", &key, req).await?;
        if !resp.status().is_success() {
            return Err(self.refused("put", &key, resp).await);
        }
        let etag = resp.headers().get(ETAG).and_then(|v| v.to_str().ok()).map(|v| v.trim_matches('"').to_lowercase());
        match etag {
            // Multipart uploads and some encryption modes give other ETags; only a plain MD5 is judged.
            Some(tag) if tag.len() == 32 && tag.bytes().all(|b| b.is_ascii_hexdigit()) && tag != hex::encode(md5) => {
                Err(self.fail("put", &key, "the ETag is not the MD5 of what was sent"))
            }
            _ => Ok(()),
        }
    }

    async fn get(&self, addr: &Address) -> Result<Option<Vec<u8>>, BlobError> {
        let key = addr.key();
        let url = actions::GetObject::new(&self.bucket, Some(&self.credentials), &key).sign(SIGNED_FOR);
        let resp = self.send("get", &key, self.client.get(url)).await?;
        match resp.status() {
            s if s.is_success() => {
                let bytes = resp.bytes().await.map_err(|e| self.fail("get", &key, chain(e)))?;
                // Content-addressed: what comes back over the network must hash to its name.
                if Address::of(&bytes) != *addr {
                    return Err(self.fail("get", &key, "the content does not match its SHA-256 address"));
                }
                Ok(Some(bytes.to_vec()))
            }
            StatusCode::NOT_FOUND => Ok(None),
            _ => Err(self.refused("get", &key, resp).await),
        }
    }

    async fn send(&self, op: &'static str, key: &str, req: RequestBuilder) -> Result<Response, BlobError> {
        req.send().await.map_err(|e| self.fail(op, key, chain(e)))
    }

    /// A request the store answered with an error status: log the status and the S3 error code.
    async fn refused(&self, op: &'static str, key: &str, resp: Response) -> BlobError {
        let status = resp.status();
        let body = resp.text().await.unwrap_or_default();
        let code = s3_error_code(&body).unwrap_or("-");
        self.fail(op, key, format!("HTTP {status}, S3 error code {code}"))
    }

    /// Log a failure (the key is a content hash, no personal data) and answer the caller's error.
    fn fail(&self, op: &'static str, key: &str, detail: impl std::fmt::Display) -> BlobError {
        tracing::warn!(store = %self.place, op, key, error = %detail, "S3 upload store request failed");
        BlobError::Remote
    }
}

/// A reqwest error and its causes, without the URL (a signed URL carries the access key id and
/// a usable signature).
fn chain(e: reqwest::Error) -> String {
    format!("{:#}", anyhow::Error::new(e.without_url()))
}

/// The `<Code>` of an S3 error document (`NoSuchBucket`, `SignatureDoesNotMatch`, `BadDigest`).
fn s3_error_code(body: &str) -> Option<&str> {
    let start = body.find("<Code>")? + "<Code>".len();
    let len = body[start..].find("</Code>")?;
    Some(&body[start..start + len]).filter(|c| c.len() <= 64 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_content_addresses_under_uploads() {
        let addr = Address::of(b"%PDF-1.4 surat pengantar");
        assert_eq!(addr.as_str().len(), 64);
        assert_eq!(addr.key(), format!("uploads/{}/{}", &addr.as_str()[..2], addr.as_str()));
        // The SHA-256 of "abc" (FIPS 180-2 example).
        let abc = Address::of(b"abc");
        assert_eq!(abc.key(), "uploads/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(Address::parse(abc.as_str()), Some(abc));
    }

    #[test]
    fn only_a_sha256_is_an_address() {
        for bad in [
            "",
            "../../etc/passwd",
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad/",
            "zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ] {
            assert_eq!(Address::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_local_store_keeps_one_file_per_content() {
        let dir = tempfile::tempdir().expect("dir");
        let store = BlobStore::Local(dir.path().to_path_buf());
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            let addr = Address::of(b"isi berkas");
            assert!(!store.exists(&addr).await.expect("exists"));
            assert_eq!(store.get(&addr).await.expect("get"), None);
            store.put(&addr, Bytes::from_static(b"isi berkas")).await.expect("put");
            store.put(&addr, Bytes::from_static(b"isi berkas")).await.expect("put again");
            assert!(store.exists(&addr).await.expect("exists"));
            assert_eq!(store.get(&addr).await.expect("get").as_deref(), Some(&b"isi berkas"[..]));
            let folder = dir.path().join("uploads").join(&addr.as_str()[..2]);
            let names: Vec<_> = std::fs::read_dir(&folder).expect("dir").flatten().map(|e| e.file_name()).collect();
            assert_eq!(names, vec![std::ffi::OsString::from(addr.as_str())], "one file, no temporary left");
        });
    }

    #[test]
    fn s3_error_codes_are_read_from_the_error_document() {
        let body = "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>x</Message></Error>";
        assert_eq!(s3_error_code(body), Some("NoSuchBucket"));
        assert_eq!(s3_error_code("<html>bad gateway</html>"), None);
        assert_eq!(s3_error_code("<Code><script></Code>"), None);
    }
}
