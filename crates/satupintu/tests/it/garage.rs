//! A real S3-compatible object store for the tests: one Garage node started by
//! `scripts/s3-test-server` in a temporary directory (not a mock), stopped when dropped.

use std::process::Command;
use std::time::Duration;

use rusty_s3::{actions, Bucket, Credentials, S3Action, UrlStyle};
use satupintu::config::Config;

/// The region Garage's S3 API names (`s3_region` in its configuration).
pub const REGION: &str = "garage";

pub struct Garage {
    pub endpoint: String,
    pub access_key: String,
    secret: String,
    pid: Option<i32>,
    dir: tempfile::TempDir,
}

impl Garage {
    /// Start a node; its key may create buckets and owns `bucket`, which is created.
    pub fn start(bucket: &str) -> Garage {
        let dir = tempfile::tempdir().expect("dir");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/s3-test-server");
        let out = Command::new("bash")
            .arg(script)
            .arg(dir.path().join("garage"))
            .arg(bucket)
            .output()
            .expect("run scripts/s3-test-server");
        assert!(
            out.status.success(),
            "scripts/s3-test-server failed (Garage is needed: scripts/test installs it): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let value = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{name}=")))
                .unwrap_or_else(|| panic!("s3-test-server printed no {name}: {text}"))
                .to_string()
        };
        let garage = Garage {
            endpoint: value("S3_ENDPOINT"),
            access_key: value("S3_ACCESS_KEY"),
            secret: value("S3_SECRET_KEY"),
            pid: Some(value("S3_PID").parse().expect("pid")),
            dir,
        };
        assert_eq!(value("S3_REGION"), REGION);
        std::fs::write(garage.secret_file(), format!("{}\n", garage.secret)).expect("secret");
        garage
    }

    /// The file holding the secret key (as `s3_secret_key_file` wants it).
    pub fn secret_file(&self) -> std::path::PathBuf {
        self.dir.path().join("s3.secret")
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Stop the server (SIGKILL) and wait until its S3 port is closed.
    pub fn stop(&mut self) {
        if let Some(pid) = self.pid.take() {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            let addr = self.endpoint.trim_start_matches("http://").to_string();
            for _ in 0..100 {
                if std::net::TcpStream::connect(&addr).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// The settings that point SatuPintu at `bucket` in this store.
    pub fn configure(&self, c: &mut Config, bucket: &str) {
        c.s3_endpoint = Some(self.endpoint.clone());
        c.s3_bucket = Some(bucket.into());
        c.s3_region = REGION.into();
        c.s3_access_key = Some(self.access_key.clone());
        c.s3_secret_key_file = Some(self.secret_file());
    }

    /// The same settings as `SATUPINTU_*` environment variables, for a `satupintu` process.
    pub fn env(&self, bucket: &str) -> Vec<(&'static str, String)> {
        vec![
            ("SATUPINTU_S3_ENDPOINT", self.endpoint.clone()),
            ("SATUPINTU_S3_BUCKET", bucket.to_string()),
            ("SATUPINTU_S3_REGION", REGION.to_string()),
            ("SATUPINTU_S3_ACCESS_KEY", self.access_key.clone()),
            ("SATUPINTU_S3_SECRET_KEY_FILE", self.secret_file().display().to_string()),
        ]
    }

    pub fn bucket(&self, name: &str) -> Bucket {
        Bucket::new(self.endpoint.parse().expect("url"), UrlStyle::Path, name.to_string(), REGION).expect("bucket")
    }

    fn credentials(&self) -> Credentials {
        Credentials::new(self.access_key.clone(), self.secret.clone())
    }

    /// Create a bucket through the S3 API (CreateBucket).
    pub async fn create_bucket(&self, name: &str) {
        let (bucket, creds) = (self.bucket(name), self.credentials());
        let action = actions::CreateBucket::new(&bucket, &creds);
        let body = action.body();
        let r = reqwest::Client::new()
            .put(action.sign(Duration::from_secs(60)))
            // reqwest leaves Content-Length out of an empty body, and S3 wants it.
            .header("content-length", body.len())
            .body(body)
            .send()
            .await
            .expect("create bucket");
        let status = r.status();
        assert!(status.is_success(), "create bucket: {status} {}", r.text().await.unwrap_or_default());
    }

    /// Every key in a bucket.
    pub async fn keys(&self, name: &str) -> Vec<String> {
        let (bucket, creds) = (self.bucket(name), self.credentials());
        let url = actions::ListObjectsV2::new(&bucket, Some(&creds)).sign(Duration::from_secs(60));
        let r = reqwest::get(url).await.expect("list");
        assert!(r.status().is_success(), "list: {}", r.status());
        let list = actions::ListObjectsV2::parse_response(&r.text().await.expect("body")).expect("xml");
        list.contents.into_iter().map(|c| c.key).collect()
    }

    /// The object stored under `key`, read straight from the bucket.
    pub async fn object(&self, name: &str, key: &str) -> Option<Vec<u8>> {
        let (bucket, creds) = (self.bucket(name), self.credentials());
        let url = actions::GetObject::new(&bucket, Some(&creds), key).sign(Duration::from_secs(60));
        let r = reqwest::get(url).await.expect("get object");
        r.status().is_success().then_some(r.bytes().await.expect("bytes").to_vec())
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        self.stop();
    }
}
