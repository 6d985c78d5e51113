//! Uploads in an S3-compatible object store: a real S3 server (moto's, started by the test like
//! `notify.rs` starts an SMTP server) holds the files under their content address; when it is
//! gone, an upload is refused with a clear 503 and leaves nothing behind.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rusty_s3::{actions, Bucket, Credentials, S3Action, UrlStyle};
use satupintu::app::AppState;
use satupintu::config::Config;
use satupintu::web::{locales, Lang};
use sha2::{Digest, Sha256};

use crate::applications::{upload, PDF};
use crate::both;
use crate::common::{config, Backend, TestApp, NIK_A, NIK_B};

both!(uploads_are_stored_in_the_s3_bucket_by_content_address, an_unreachable_s3_store_refuses_uploads_cleanly);

const BUCKET: &str = "berkas-uji";
const SECRET: &str = "rahasia-s3-jangan-dicatat";

/// moto's S3 server on a free port, stopped when dropped.
struct S3Server {
    child: Child,
    endpoint: String,
    dir: tempfile::TempDir,
}

impl S3Server {
    async fn start() -> S3Server {
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
        #[allow(clippy::zombie_processes)] // killed and waited for in stop() and Drop
        let child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m moto.server (pip install 'moto[server]') must be available");
        let server =
            S3Server { child, endpoint: format!("http://127.0.0.1:{port}"), dir: tempfile::tempdir().expect("dir") };
        for _ in 0..300 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                std::fs::write(server.dir.path().join("s3.secret"), format!("{SECRET}\n")).expect("secret");
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("moto's S3 server did not start (pip install 'moto[server]')");
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The settings that point SatuPintu at this server.
    fn configure(&self, c: &mut Config) {
        c.s3_endpoint = Some(self.endpoint.clone());
        c.s3_bucket = Some(BUCKET.into());
        c.s3_access_key = Some("satupintu".into());
        c.s3_secret_key_file = Some(self.dir.path().join("s3.secret"));
    }

    fn bucket(&self) -> Bucket {
        Bucket::new(self.endpoint.parse().expect("url"), UrlStyle::Path, BUCKET, "us-east-1").expect("bucket")
    }

    fn credentials() -> Credentials {
        Credentials::new("satupintu", SECRET)
    }

    /// Create the bucket through the S3 API.
    async fn create_bucket(&self) {
        let (bucket, creds) = (self.bucket(), Self::credentials());
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
        assert!(r.status().is_success(), "create bucket: {}", r.status());
    }

    /// Every key in the bucket.
    async fn keys(&self) -> Vec<String> {
        let (bucket, creds) = (self.bucket(), Self::credentials());
        let url = actions::ListObjectsV2::new(&bucket, Some(&creds)).sign(Duration::from_secs(60));
        let r = reqwest::get(url).await.expect("list");
        assert!(r.status().is_success(), "list: {}", r.status());
        let list = actions::ListObjectsV2::parse_response(&r.text().await.expect("body")).expect("xml");
        list.contents.into_iter().map(|c| c.key).collect()
    }

    /// The object stored under `key`, read straight from the bucket.
    async fn object(&self, key: &str) -> Option<Vec<u8>> {
        let (bucket, creds) = (self.bucket(), Self::credentials());
        let url = actions::GetObject::new(&bucket, Some(&creds), key).sign(Duration::from_secs(60));
        let r = reqwest::get(url).await.expect("get object");
        r.status().is_success().then_some(r.bytes().await.expect("bytes").to_vec())
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn png() -> Vec<u8> {
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(6, 4, image::Rgb([20, 120, 200])))
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    png.into_inner()
}

fn content_key(bytes: &[u8]) -> String {
    let sha = hex::encode(Sha256::digest(bytes));
    format!("uploads/{}/{sha}", &sha[..2])
}

async fn upload_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM uploads").fetch_one(app.state.db.pool()).await.expect("count")
}

async fn uploads_are_stored_in_the_s3_bucket_by_content_address(b: Backend) {
    let s3 = S3Server::start().await;
    s3.create_bucket().await;
    let app = TestApp::configured(b, |c| s3.configure(c)).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let browser = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;

    let mut keys = Vec::new();
    for (bytes, name, mime) in [(png(), "ktp.png", "image/png"), (PDF.to_vec(), "surat.pdf", "application/pdf")] {
        let (s, body) = upload(&app, &siti, &bytes, name).await;
        assert_eq!((s, body["mime"].as_str()), (201, Some(mime)), "{body}");
        let id = body["id"].as_str().expect("id");
        let r = browser.get(app.url(&format!("/berkas/{id}"))).send().await.expect("download");
        assert_eq!(r.status().as_u16(), 200, "{name}");
        let downloaded = r.bytes().await.expect("bytes").to_vec();
        if mime == "application/pdf" {
            assert_eq!(downloaded, PDF, "a PDF comes back byte for byte");
        }
        // The object sits in the bucket under the SHA-256 of the stored content.
        let key = content_key(&downloaded);
        assert_eq!(s3.object(&key).await.as_deref(), Some(&downloaded[..]), "{name} in the bucket at {key}");
        keys.push(key);
    }
    keys.sort();
    assert_eq!(s3.keys().await, keys, "one object per upload, nothing else");
    assert!(!app.data_dir.join("uploads").exists(), "nothing was written to the data directory");

    // The same content again: a new upload row, still one object.
    let (s, again) = upload(&app, &siti, PDF, "surat-lagi.pdf").await;
    assert_eq!(s, 201, "{again}");
    assert_eq!(s3.keys().await, keys, "the same content is stored once");
    assert_eq!(upload_count(&app).await, 3);
    let r = browser.get(app.url(&format!("/berkas/{}", again["id"].as_str().expect("id")))).send().await.expect("get");
    assert_eq!(r.bytes().await.expect("bytes").as_ref(), PDF);
    app.stop().await;
}

async fn an_unreachable_s3_store_refuses_uploads_cleanly(b: Backend) {
    let mut s3 = S3Server::start().await;
    s3.create_bucket().await;
    let app = TestApp::configured(b, |c| s3.configure(c)).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let browser = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let stranger = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;
    let (s, before) = upload(&app, &siti, PDF, "surat.pdf").await;
    assert_eq!(s, 201, "{before}");

    s3.stop();
    let (s, body) = upload(&app, &siti, &png(), "ktp.png").await;
    assert_eq!((s, body["error"]["code"].as_str()), (503, Some("storage_unavailable")), "{body}");
    assert_eq!(body["error"]["message"], locales().msg(Lang::Id, "error-storage-unavailable", None));
    let part = reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("document.pdf");
    let r = app
        .client
        .post(app.url("/api/v1/uploads"))
        .bearer_auth(&siti)
        .header("accept-language", "en")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload");
    assert_eq!(r.status().as_u16(), 503);
    let body: serde_json::Value = r.json().await.expect("json");
    assert_eq!(body["error"]["message"], locales().msg(Lang::En, "error-storage-unavailable", None));
    assert!(!body.to_string().contains(&s3.endpoint), "no internals in the answer: {body}");
    assert_eq!(upload_count(&app).await, 1, "a failed upload leaves no row");
    assert!(!app.data_dir.join("uploads").exists(), "no fallback to the data directory");

    // Files already stored cannot be opened now either, and the answer says why.
    let path = format!("/berkas/{}", before["id"].as_str().expect("id"));
    let r = browser.get(app.url(&path)).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 503);
    // A stranger still learns nothing: not found, whether or not the store is up.
    let r = stranger.get(app.url(&path)).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 404);
    app.stop().await;
}

/// Start-up checks the bucket and names the endpoint and bucket (never the secret) when it fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_names_an_unusable_s3_bucket() {
    let s3 = S3Server::start().await;
    let dir = tempfile::tempdir().expect("dir");
    let mut cfg = config(Backend::Sqlite, dir.path(), None);
    s3.configure(&mut cfg);
    let err = AppState::open(cfg.clone()).await.err().expect("the bucket does not exist yet");
    let msg = format!("{err:#}");
    assert!(msg.contains(&s3.endpoint) && msg.contains(BUCKET) && msg.contains("create the bucket"), "{msg}");
    assert!(!msg.contains(SECRET), "{msg}");

    s3.create_bucket().await;
    AppState::open(cfg.clone()).await.expect("the bucket is there now");

    let nobody =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
    cfg.s3_endpoint = Some(format!("http://127.0.0.1:{nobody}"));
    let msg = format!("{:#}", AppState::open(cfg).await.err().expect("nothing listens there"));
    assert!(
        msg.contains("cannot reach") && msg.contains(&format!("127.0.0.1:{nobody}")) && msg.contains(BUCKET),
        "{msg}"
    );
    assert!(!msg.contains(SECRET) && !msg.contains("X-Amz"), "{msg}");
}
