//! Device notifications (Web Push) against a push service run by the test: it checks the VAPID
//! token with the key the server publishes and decrypts each message with the subscription's
//! private key, as a browser would; a subscription the push service calls gone is forgotten;
//! bad subscriptions are refused with field errors and nothing is stored.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit};
use base64::Engine;
use p256::ecdsa::signature::Verifier;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use reqwest::Method;
use satupintu::identity::Role;
use serde_json::{json, Value};
use sqlx::Row;

use crate::applications::{akta_fields, submit_akta};
use crate::both;
use crate::common::{client, csrf, Backend, TestApp, NIK_A, NIK_B};

both!(
    push_messages_are_signed_encrypted_and_reach_the_device,
    bad_subscriptions_are_refused_and_nothing_stored,
    a_message_refused_as_too_large_is_not_retried,
    signing_out_turns_notifications_off_in_that_browser
);

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
const SUBJECT: &str = "mailto:admin@contoh.go.id";

/// What the push service received on one subscription path.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

/// A push service on this machine: `/push/gone-*` answers 410, `/push/toobig-*` 413, every
/// other path 201.
async fn push_service() -> (String, Arc<Mutex<Vec<Received>>>) {
    let seen: Arc<Mutex<Vec<Received>>> = Arc::default();
    let s = seen.clone();
    let app = axum::Router::new().route(
        "/push/{name}",
        axum::routing::post(
            move |axum::extract::Path(name): axum::extract::Path<String>,
                  headers: axum::http::HeaderMap,
                  body: axum::body::Bytes| {
                let s = s.clone();
                async move {
                    s.lock().expect("lock").push(Received { path: name.clone(), headers, body: body.to_vec() });
                    if name.starts_with("gone") {
                        axum::http::StatusCode::GONE
                    } else if name.starts_with("toobig") {
                        axum::http::StatusCode::PAYLOAD_TOO_LARGE
                    } else {
                        axum::http::StatusCode::CREATED
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    (format!("http://{addr}"), seen)
}

/// A browser's side of a subscription: its key pair and authentication secret.
struct Device {
    secret: SecretKey,
    auth: [u8; 16],
    endpoint: String,
}

impl Device {
    fn new(endpoint: String) -> Device {
        Device { secret: SecretKey::random(&mut rand::rngs::OsRng), auth: rand::random(), endpoint }
    }

    fn public(&self) -> Vec<u8> {
        self.secret.public_key().to_encoded_point(false).as_bytes().to_vec()
    }

    /// `PushSubscription.toJSON()`.
    fn json(&self) -> Value {
        json!({"endpoint": self.endpoint, "expirationTime": null,
               "keys": {"p256dh": B64.encode(self.public()), "auth": B64.encode(self.auth)}})
    }

    /// Decrypt an `aes128gcm` message as the browser does (RFC 8291 section 3.4, RFC 8188).
    fn decrypt(&self, body: &[u8]) -> Option<Vec<u8>> {
        use hkdf::Hkdf;
        use sha2::Sha256;
        let salt = body.get(..16)?;
        let rs = u32::from_be_bytes(body.get(16..20)?.try_into().ok()?);
        assert_eq!(rs, 4096);
        let idlen = *body.get(20)? as usize;
        assert_eq!(idlen, 65, "the key id is the sender's public key");
        let sender_bytes = body.get(21..21 + idlen)?;
        let sender = PublicKey::from_sec1_bytes(sender_bytes).ok()?;
        let sealed = &body[21 + idlen..];
        let shared = p256::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), sender.as_affine());
        let info = [b"WebPush: info\0".as_slice(), &self.public(), sender_bytes].concat();
        let mut ikm = [0u8; 32];
        Hkdf::<Sha256>::new(Some(&self.auth), shared.raw_secret_bytes()).expand(&info, &mut ikm).ok()?;
        let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
        let (mut cek, mut nonce) = ([0u8; 16], [0u8; 12]);
        prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek).ok()?;
        prk.expand(b"Content-Encoding: nonce\0", &mut nonce).ok()?;
        let mut plain =
            aes_gcm::Aes128Gcm::new_from_slice(&cek).ok()?.decrypt(aes_gcm::Nonce::from_slice(&nonce), sealed).ok()?;
        while plain.last() == Some(&0) {
            plain.pop();
        }
        assert_eq!(plain.pop(), Some(2), "one record, the last: delimiter 0x02");
        Some(plain)
    }
}

/// Check a request as a push service does (RFC 8292 and RFC 8030) and return the message.
fn verify(r: &Received, device: &Device, server_key: &str, origin: &str) -> Value {
    let h = |name: &str| r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(h("content-encoding"), "aes128gcm");
    assert!(h("ttl").parse::<u32>().is_ok_and(|t| t > 0), "TTL {}", h("ttl"));
    assert!(["very-low", "low", "normal", "high"].contains(&h("urgency").as_str()));
    assert!(!h("topic").is_empty() && h("topic").len() <= 32);
    let auth = h("authorization");
    let rest = auth.strip_prefix("vapid t=").expect("vapid scheme");
    let (token, k) = rest.split_once(", k=").expect("t and k");
    assert_eq!(k, server_key, "k is the key the server publishes");
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&B64.decode(k).expect("k")).expect("P-256 key");
    let signature = p256::ecdsa::Signature::from_slice(&B64.decode(parts[2]).expect("sig")).expect("r||s");
    key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature).expect("the VAPID signature verifies");
    let header: Value = serde_json::from_slice(&B64.decode(parts[0]).expect("header")).expect("json");
    assert_eq!(header["alg"], "ES256");
    let claims: Value = serde_json::from_slice(&B64.decode(parts[1]).expect("claims")).expect("json");
    assert_eq!(claims["aud"], origin);
    assert_eq!(claims["sub"], SUBJECT);
    let exp = claims["exp"].as_i64().expect("exp");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(exp > now && exp <= now + 24 * 3600, "exp within 24 hours");
    let plain = device.decrypt(&r.body).expect("the message decrypts with the subscription's key");
    serde_json::from_slice(&plain).expect("JSON message")
}

async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..150 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(app.state.db.pool()).await.expect("count").get(0)
}

/// An officer's action on an application.
async fn act(app: &TestApp, token: &str, code: &str, action: &str) {
    let path = format!("/api/v1/applications/{code}/actions");
    let (s, v) = app.api(Method::POST, &path, Some(token), Some(json!({"action": action}))).await;
    assert_eq!(s, 200, "{action}: {v}");
}

async fn outbox_idle(app: &TestApp) -> bool {
    count(app, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL").await == 0
}

async fn push_messages_are_signed_encrypted_and_reach_the_device(b: Backend) {
    let (service, seen) = push_service().await;
    let app = TestApp::spawn_configured(b, |c| {
        c.push_hosts = vec!["127.0.0.1".into()];
        c.vapid_subject = SUBJECT.into();
    })
    .await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let (s, key) = app.get_json("/api/v1/push/vapid-public-key").await;
    assert_eq!(s, 200);
    let server_key = key["public_key"].as_str().expect("key").to_string();
    assert_eq!(B64.decode(&server_key).expect("b64").len(), 65);

    // The page's script subscribes with the browser session and the CSRF token, as app.js does.
    let phone = Device::new(format!("{service}/push/ponsel"));
    let browser = app.browser(NIK_A, "rahasia-warga-1", None).await;
    let page = browser.get(app.url("/akun/notifikasi")).send().await.expect("get").text().await.expect("page");
    assert!(
        page.contains(&format!("data-key=\"{server_key}\"")) && page.contains("Aktifkan notifikasi di perangkat ini")
    );
    assert!(page.contains("app.js") && page.contains("name=\"push\""));
    let token = csrf(&page);
    let url = app.url("/api/v1/push/subscriptions");
    let r = browser.post(&url).json(&phone.json()).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 401, "the session cookie alone does not open the API");
    let r = browser.post(&url).header("x-csrf-token", "x".repeat(43)).json(&phone.json()).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 401, "nor does a wrong CSRF token");
    let r = browser.post(&url).header("x-csrf-token", &token).json(&phone.json()).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 201);
    // A second browser, through an app's bearer token; its push service says it is gone.
    let old = Device::new(format!("{service}/push/gone-laptop"));
    let (s, v) = app.api(Method::POST, "/api/v1/push/subscriptions", Some(&siti), Some(old.json())).await;
    assert_eq!(s, 201, "{v}");
    let page = browser.get(app.url("/akun/notifikasi")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Aktif di 2 perangkat"), "the page counts the devices");

    // Submitting an application notifies both browsers; the gone one is forgotten.
    let fields = akta_fields(&app, &siti).await;
    let (s, v) = submit_akta(&app, &siti, &fields).await;
    assert_eq!(s, 201, "{v}");
    let code = v["code"].as_str().expect("code").to_string();
    eventually("both devices to be pushed", || async { seen.lock().expect("lock").len() == 2 }).await;
    eventually("the gone subscription to be forgotten", || async {
        count(&app, "SELECT COUNT(*) FROM push_subscriptions").await == 1 && outbox_idle(&app).await
    })
    .await;
    let origin = service.clone();
    let got: Vec<Received> = seen.lock().expect("lock").clone();
    let to_phone: Vec<&Received> = got.iter().filter(|r| r.path == "ponsel").collect();
    assert_eq!(to_phone.len(), 1);
    let msg = verify(to_phone[0], &phone, &server_key, &origin);
    assert_eq!(msg["code"], code.as_str());
    assert_eq!(msg["status"], "submitted");
    assert_eq!(msg["url"], format!("/permohonan/{code}"));
    let title = msg["title"].as_str().expect("title");
    let body = msg["body"].as_str().expect("body");
    assert!(title.contains(&code) && body.contains("Diajukan"), "in Indonesian: {title} / {body}");
    assert_eq!(to_phone[0].headers["topic"], code.as_str(), "a newer status replaces an undelivered one");
    // Only the phone's key opens it.
    let stranger = Device::new(phone.endpoint.clone());
    assert!(stranger.decrypt(&to_phone[0].body).is_none());

    // The next change reaches the phone only; nothing is retried to the gone one.
    act(&app, &officer, &code, "claim").await;
    eventually("the second push", || async { seen.lock().expect("lock").len() == 3 }).await;
    let last = seen.lock().expect("lock").last().cloned().expect("message");
    assert_eq!(last.path, "ponsel");
    assert_eq!(verify(&last, &phone, &server_key, &origin)["status"], "verification");

    // A citizen who turns device notifications off gets none; the outbox still finishes.
    let r = browser.post(app.url("/akun/notifikasi")).form(&[("_csrf", token.as_str())]).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303);
    act(&app, &officer, &code, "verify").await;
    eventually("the outbox to finish", || outbox_idle(&app)).await;
    assert_eq!(seen.lock().expect("lock").len(), 3, "no push after turning it off");

    // Unsubscribing removes the browser.
    let r = browser
        .delete(&url)
        .header("x-csrf-token", &token)
        .json(&json!({"endpoint": phone.endpoint}))
        .send()
        .await
        .expect("delete");
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 0);
    app.stop().await;
}

async fn bad_subscriptions_are_refused_and_nothing_stored(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let good = Device::new("https://fcm.googleapis.com/fcm/send/abc123".into());
    let mut bad_keys = good.json();
    bad_keys["keys"]["p256dh"] = json!(B64.encode(&good.public()[1..])); // 64 bytes: no 0x04 prefix
    bad_keys["keys"]["auth"] = json!(B64.encode([7u8; 15]));
    let mut off_curve = good.public();
    off_curve[64] ^= 1;
    let mut not_a_point = good.json();
    not_a_point["keys"]["p256dh"] = json!(B64.encode(off_curve));
    let cases: Vec<(Value, &[&str])> = vec![
        (json!({}), &["endpoint", "keys.p256dh", "keys.auth"]),
        (json!({"endpoint": "http://fcm.googleapis.com/fcm/send/abc", "keys": good.json()["keys"]}), &["endpoint"]),
        (json!({"endpoint": "https://intranet.pemda.go.id/admin", "keys": good.json()["keys"]}), &["endpoint"]),
        (json!({"endpoint": "http://127.0.0.1:5432/", "keys": good.json()["keys"]}), &["endpoint"]),
        (bad_keys, &["keys.p256dh", "keys.auth"]),
        (not_a_point, &["keys.p256dh"]),
    ];
    for (body, fields) in cases {
        let (s, v) = app.api(Method::POST, "/api/v1/push/subscriptions", Some(&siti), Some(body.clone())).await;
        assert_eq!(s, 422, "{body} -> {v}");
        assert_eq!(v["error"]["code"], "validation_failed");
        let details = v["error"]["details"].as_object().expect("details");
        let mut got: Vec<&str> = details.keys().map(String::as_str).collect();
        got.sort_unstable();
        let mut want = fields.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{v}");
        assert!(details.values().all(|m| m.as_str().is_some_and(|m| m.contains("tidak sah") || m.contains("Wajib"))));
    }
    // The messages follow the request's language.
    let r = app
        .client
        .post(app.url("/api/v1/push/subscriptions"))
        .bearer_auth(&siti)
        .header("accept-language", "en")
        .json(&json!({"endpoint": "ftp://x"}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 422);
    let v: Value = r.json().await.expect("json");
    assert!(v["error"]["details"]["endpoint"].as_str().unwrap_or("").starts_with("Invalid push service address"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 0, "nothing stored");

    // Only citizens subscribe; a signed-out request is refused.
    let (s, _) = app.api(Method::POST, "/api/v1/push/subscriptions", Some(&officer), Some(good.json())).await;
    assert_eq!(s, 403);
    let (s, _) = app.api(Method::POST, "/api/v1/push/subscriptions", None, Some(good.json())).await;
    assert_eq!(s, 401);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 0);

    // A real push service's subscription is kept, once, however often it is sent.
    for _ in 0..2 {
        let (s, v) = app.api(Method::POST, "/api/v1/push/subscriptions", Some(&siti), Some(good.json())).await;
        assert_eq!(s, 201, "{v}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 1);
    // On a shared browser the subscription follows whoever turned notifications on last, and
    // only they can turn it off.
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (s, _) = app.api(Method::POST, "/api/v1/push/subscriptions", Some(&budi), Some(good.json())).await;
    assert_eq!(s, 201);
    let unsubscribe = json!({"endpoint": good.endpoint});
    let (s, _) = app.api(Method::DELETE, "/api/v1/push/subscriptions", Some(&siti), Some(unsubscribe.clone())).await;
    assert_eq!(s, 204);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 1, "not Siti's any more");
    let (s, _) = app.api(Method::DELETE, "/api/v1/push/subscriptions", Some(&budi), Some(unsubscribe)).await;
    assert_eq!(s, 204);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 0);

    // The service worker is served from the root, revalidated on every check.
    let r = client().get(app.url("/sw.js")).send().await.expect("sw.js");
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("text/javascript"));
    assert_eq!(r.headers()["cache-control"], "no-cache");
    assert_eq!(r.headers()["service-worker-allowed"], "/");
    let js = r.text().await.expect("text");
    assert!(js.contains("showNotification") && js.contains("notificationclick"));
    app.stop().await;
}

async fn a_message_refused_as_too_large_is_not_retried(b: Backend) {
    let (service, seen) = push_service().await;
    let app = TestApp::spawn_configured(b, |c| c.push_hosts = vec!["127.0.0.1".into()]).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let tablet = Device::new(format!("{service}/push/toobig-tablet"));
    let (s, _) = app.api(Method::POST, "/api/v1/push/subscriptions", Some(&siti), Some(tablet.json())).await;
    assert_eq!(s, 201);
    let fields = akta_fields(&app, &siti).await;
    let (s, v) = submit_akta(&app, &siti, &fields).await;
    assert_eq!(s, 201, "{v}");
    let tried = "SELECT COUNT(*) FROM outbox WHERE channel = 'push_device' AND attempts = 1";
    eventually("the device message to be tried", || async { count(&app, tried).await == 1 }).await;
    // Several worker rounds later (the test worker runs every 100 ms): tried once, given up.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(seen.lock().expect("lock").len(), 1, "asked once, not again");
    let row = sqlx::query("SELECT attempts, next_attempt_at, last_error FROM outbox WHERE channel = 'push_device'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("row");
    assert_eq!(row.get::<i64, _>(0), 1);
    assert_eq!(row.get::<i64, _>(1), satupintu::notify::worker::GIVEN_UP);
    assert!(row.get::<String, _>(2).contains("too large"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 1, "the browser is kept");
    app.stop().await;
}

async fn signing_out_turns_notifications_off_in_that_browser(b: Backend) {
    let app = TestApp::spawn_configured(b, |c| c.push_hosts = vec!["127.0.0.1".into()]).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    // One browser through the page's script (browser session), one app through its token.
    let shared = Device::new("http://127.0.0.1:9/push/warnet".into());
    let own = Device::new("http://127.0.0.1:9/push/ponsel".into());
    let browser = app.browser(NIK_A, "rahasia-warga-1", None).await;
    let page = browser.get(app.url("/akun/notifikasi")).send().await.expect("get").text().await.expect("page");
    let token = csrf(&page);
    let r = browser
        .post(app.url("/api/v1/push/subscriptions"))
        .header("x-csrf-token", &token)
        .json(&shared.json())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 201);
    let (s, _) = app.api(Method::POST, "/api/v1/push/subscriptions", Some(&siti), Some(own.json())).await;
    assert_eq!(s, 201);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 2);

    // Signing out of the shared computer forgets it; the citizen's own phone keeps its notifications.
    let r = browser.post(app.url("/keluar")).form(&[("_csrf", token.as_str())]).send().await.expect("post");
    assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
    let left = sqlx::query("SELECT endpoint FROM push_subscriptions")
        .fetch_all(app.state.db.pool())
        .await
        .expect("rows")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect::<Vec<_>>();
    assert_eq!(left, vec![own.endpoint.clone()]);
    // And signing the app out (its token) forgets the phone.
    let (s, _) = app.api(Method::POST, "/api/v1/auth/logout", Some(&siti), None).await;
    assert_eq!(s, 204);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM push_subscriptions").await, 0);
    app.stop().await;
}
