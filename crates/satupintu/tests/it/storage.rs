//! Uploads in an S3-compatible object store: a real one (Garage, started by
//! `scripts/s3-test-server`, see [`crate::garage`]) holds the files under their content address;
//! when it is gone, an upload is refused with a clear 503 and leaves nothing behind.

use satupintu::app::AppState;
use satupintu::web::{locales, Lang};
use sha2::{Digest, Sha256};

use crate::applications::{upload, PDF};
use crate::both;
use crate::common::{config, Backend, TestApp, NIK_A, NIK_B};
use crate::garage::Garage;

both!(uploads_are_stored_in_the_s3_bucket_by_content_address, an_unreachable_s3_store_refuses_uploads_cleanly);

const BUCKET: &str = "berkas-uji";

/// A Garage node whose key may create buckets; [`BUCKET`] is created through the S3 API.
fn garage() -> Garage {
    Garage::start("awal")
}

fn png() -> Vec<u8> {
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(6, 4, image::Rgb([20, 120, 200])))
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    png.into_inner()
}

/// The object key of content: `uploads/ab/abcd…` (its SHA-256).
pub(crate) fn content_key(bytes: &[u8]) -> String {
    let sha = hex::encode(Sha256::digest(bytes));
    format!("uploads/{}/{sha}", &sha[..2])
}

async fn upload_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM uploads").fetch_one(app.state.db.pool()).await.expect("count")
}

async fn uploads_are_stored_in_the_s3_bucket_by_content_address(b: Backend) {
    let s3 = garage();
    s3.create_bucket(BUCKET).await;
    let app = TestApp::configured(b, |c| s3.configure(c, BUCKET)).await;
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
        assert_eq!(s3.object(BUCKET, &key).await.as_deref(), Some(&downloaded[..]), "{name} in the bucket at {key}");
        keys.push(key);
    }
    keys.sort();
    assert_eq!(s3.keys(BUCKET).await, keys, "one object per upload, nothing else");
    assert!(!app.data_dir.join("uploads").exists(), "nothing was written to the data directory");

    // The same content again: a new upload row, still one object.
    let (s, again) = upload(&app, &siti, PDF, "surat-lagi.pdf").await;
    assert_eq!(s, 201, "{again}");
    assert_eq!(s3.keys(BUCKET).await, keys, "the same content is stored once");
    assert_eq!(upload_count(&app).await, 3);
    let r = browser.get(app.url(&format!("/berkas/{}", again["id"].as_str().expect("id")))).send().await.expect("get");
    assert_eq!(r.bytes().await.expect("bytes").as_ref(), PDF);
    app.stop().await;
}

async fn an_unreachable_s3_store_refuses_uploads_cleanly(b: Backend) {
    let mut s3 = garage();
    s3.create_bucket(BUCKET).await;
    let app = TestApp::configured(b, |c| s3.configure(c, BUCKET)).await;
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
    let s3 = garage();
    let dir = tempfile::tempdir().expect("dir");
    let mut cfg = config(Backend::Sqlite, dir.path(), None);
    s3.configure(&mut cfg, BUCKET);
    let err = AppState::open(cfg.clone()).await.err().expect("the bucket does not exist yet");
    let msg = format!("{err:#}");
    assert!(msg.contains(&s3.endpoint) && msg.contains(BUCKET) && msg.contains("create the bucket"), "{msg}");
    assert!(!msg.contains(s3.secret()), "{msg}");

    s3.create_bucket(BUCKET).await;
    AppState::open(cfg.clone()).await.expect("the bucket is there now");

    let nobody =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
    cfg.s3_endpoint = Some(format!("http://127.0.0.1:{nobody}"));
    let msg = format!("{:#}", AppState::open(cfg).await.err().expect("nothing listens there"));
    assert!(
        msg.contains("cannot reach") && msg.contains(&format!("127.0.0.1:{nobody}")) && msg.contains(BUCKET),
        "{msg}"
    );
    assert!(!msg.contains(s3.secret()) && !msg.contains("X-Amz"), "{msg}");
}
