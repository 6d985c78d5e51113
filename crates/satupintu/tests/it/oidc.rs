//! National sign-in with OpenID Connect against a real provider: panva's certified
//! `oidc-provider` (tests/oidc/provider.mjs), at `SATUPINTU_TEST_OIDC` when `scripts/test` has
//! started it, or started here (node) when that is unset. The browser is a cookie client that
//! fills in the provider's own sign-in and consent forms.

use std::io::BufRead as _;
use std::sync::{Mutex, OnceLock};

use base64::Engine as _;
use reqwest::Client;
use satupintu::identity::Role;
use satupintu::oidc::client as oidc;
use satupintu::web::{locales, Lang};
use serde_json::{json, Value};
use sqlx::Row as _;

use crate::both;
use crate::common::{client, csrf, Backend, TestApp, NIK_B};

both!(
    oidc_creates_a_citizen_from_verified_claims,
    oidc_links_an_existing_account_by_nik_then_by_subject,
    oidc_refuses_an_unverified_or_missing_nik,
    oidc_refuses_bad_state_replays_and_provider_errors,
    oidc_staff_with_totp_pass_the_second_factor,
    oidc_off_answers_404_and_shows_no_button
);

pub(crate) const CLIENT_ID: &str = "satupintu";
const CLIENT_SECRET: &str = "rahasia-klien-satupintu";

/// The provider's issuer URL: `SATUPINTU_TEST_OIDC`, or a provider started for this test
/// process (it stops when the process ends). Fails, never skips, when neither works.
pub(crate) fn provider_url() -> String {
    static STARTED: OnceLock<Mutex<Option<(std::process::Child, String)>>> = OnceLock::new();
    if let Ok(url) = std::env::var("SATUPINTU_TEST_OIDC") {
        if !url.trim().is_empty() {
            return url.trim().trim_end_matches('/').to_string();
        }
    }
    let started = STARTED.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "the OpenID Connect provider for the tests is not installed: run `npm ci` in {} (scripts/test does)",
            dir.display()
        );
        let mut child = std::process::Command::new("node")
            .arg("provider.mjs")
            .current_dir(&dir)
            .env("OIDC_PORT", "0")
            .env("OIDC_EXIT_WITH_STDIN", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("node must be installed to run the OpenID Connect provider");
        let out = child.stdout.take().expect("stdout");
        let mut reader = std::io::BufReader::new(out);
        let mut line = String::new();
        reader.read_line(&mut line).expect("provider output");
        // Keep reading its output (notices): a closed pipe would stop the provider.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let url = line.trim().rsplit(' ').next().expect("url").to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "the provider did not start: {line}");
        Mutex::new(Some((child, url)))
    });
    started.lock().expect("lock").as_ref().expect("provider").1.clone()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// A server with national sign-in against the test provider.
pub(crate) async fn app(backend: Backend, client_id: &str, f: impl FnOnce(&mut satupintu::config::Config)) -> TestApp {
    let issuer = provider_url();
    let port = free_port();
    let client_id = client_id.to_string();
    TestApp::configured(backend, move |c| {
        c.listen = format!("127.0.0.1:{port}").parse().expect("addr");
        c.public_url = Some(format!("http://127.0.0.1:{port}"));
        c.oidc_issuer = Some(issuer);
        c.oidc_client_id = Some(client_id);
        c.oidc_client_secret = Some(CLIENT_SECRET.into());
        f(c);
    })
    .await
}

pub(crate) fn msg(key: &str) -> String {
    locales().msg(Lang::Id, key, None)
}

fn absolute(base: &str, location: &str) -> String {
    url::Url::parse(base).expect("base").join(location).expect("join").to_string()
}

/// The first `<form action>` in a provider page and its `prompt` (login or consent).
fn provider_form(html: &str) -> (String, String) {
    let action = html.split("action=\"").nth(1).and_then(|r| r.split('"').next()).expect("form action");
    let prompt = html
        .split("name=\"prompt\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("prompt field")
        .to_string();
    (action.replace("&amp;", "&"), prompt)
}

/// Where a walk through the provider stopped.
enum Stop {
    /// At the callback of the relying party: the URL the provider sent the browser to.
    Callback(String),
}

/// Walk a browser from `url` through the provider's forms as `account` (cancelling at the
/// sign-in form when `cancel`), following redirects, until the provider sends it back to a
/// `/auth/oidc/callback` URL, which is answered without visiting it.
async fn through_provider(web: &Client, mut url: String, account: &str, cancel: bool) -> Stop {
    let mut form: Option<Vec<(String, String)>> = None;
    for _ in 0..20 {
        if url.contains("/auth/oidc/callback") {
            return Stop::Callback(url);
        }
        let req = match form.take() {
            Some(fields) => web.post(&url).form(&fields),
            None => web.get(&url),
        };
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        if (300..400).contains(&status) {
            let location = resp.headers()["location"].to_str().expect("location").to_string();
            url = absolute(&url, &location);
            continue;
        }
        let html = resp.text().await.expect("page");
        assert_eq!(status, 200, "provider page {url}: {html}");
        let (action, prompt) = provider_form(&html);
        if cancel && prompt == "login" {
            let abort = html.split("href=\"").filter_map(|r| r.split('"').next()).find(|h| h.contains("/abort"));
            url = absolute(&url, abort.expect("cancel link"));
            continue;
        }
        let fields = match prompt.as_str() {
            "login" => vec![("prompt", "login"), ("login", account), ("password", "sandi-apa-saja")],
            _ => vec![("prompt", prompt.as_str())],
        };
        form = Some(fields.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        url = absolute(&url, &action);
    }
    panic!("the provider did not send the browser back within 20 steps (last: {url})");
}

/// Sign in through `/auth/oidc/login` as `account` and answer the app's callback response.
pub(crate) async fn sign_in(app: &TestApp, web: &Client, account: &str) -> reqwest::Response {
    let Stop::Callback(cb) = through_provider(web, app.url("/auth/oidc/login"), account, false).await;
    assert!(cb.starts_with(&app.url("/auth/oidc/callback")), "{cb}");
    web.get(&cb).send().await.expect("callback")
}

pub(crate) async fn page(app: &TestApp, web: &Client, path: &str) -> (u16, String) {
    let r = web.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("page"))
}

pub(crate) async fn user_count(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM users").fetch_one(app.state.db.pool()).await.expect("count").get(0)
}

pub(crate) async fn links(app: &TestApp) -> Vec<(String, String, i64)> {
    sqlx::query("SELECT issuer, subject, user_id FROM oidc_identities ORDER BY subject")
        .fetch_all(app.state.db.pool())
        .await
        .expect("links")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

async fn oidc_creates_a_citizen_from_verified_claims(backend: Backend) {
    let app = app(backend, CLIENT_ID, |_| {}).await;
    let web = client();
    let r = sign_in(&app, &web, "siti").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/akun");
    let cookies: Vec<_> = r.headers().get_all("set-cookie").iter().map(|v| v.to_str().expect("cookie")).collect();
    assert!(cookies.iter().any(|c| c.starts_with("sp_session=") && c.contains("HttpOnly")), "{cookies:?}");

    let (s, html) = page(&app, &web, "/akun").await;
    assert_eq!(s, 200);
    assert!(html.contains("Siti Aminah"), "name from the claims");
    assert!(html.contains("3273**********01"), "NIK from the claims");
    assert!(html.contains("siti.nasional@contoh.id"), "e-mail from the claims");
    assert!(html.contains(&msg("oidc-linked-title")), "the linked identity is shown");
    assert!(html.contains("Identitas Digital Nasional"));
    // The only way in: no unlink form, and a forged unlink is refused.
    assert!(html.contains(&msg("oidc-unlink-last")));
    assert!(!html.contains("action=\"/akun/identitas-digital/putus\""));
    let issuer = provider_url();
    let r = web
        .post(app.url("/akun/identitas-digital/putus"))
        .form(&[("_csrf", csrf(&html).as_str()), ("issuer", issuer.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 409);
    assert_eq!(links(&app).await.len(), 1);

    // A citizen account without a password: password sign-in never works for it.
    let (s, _) =
        app.post_json("/api/v1/auth/login", json!({"login": "siti.nasional@contoh.id", "password": "!"})).await;
    assert_eq!(s, 401);
    let l = links(&app).await;
    assert_eq!((l[0].0.as_str(), l[0].1.as_str()), (issuer.as_str(), "siti"));
    let role: String = sqlx::query("SELECT role FROM users WHERE id = $1")
        .bind(l[0].2)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user")
        .get(0);
    assert_eq!(role, "citizen");
    app.stop().await;
}

async fn oidc_links_an_existing_account_by_nik_then_by_subject(backend: Backend) {
    let app = app(backend, CLIENT_ID, |_| {}).await;
    let (s, b) = app
        .post_json(
            "/api/v1/auth/register",
            json!({"nik": NIK_B, "full_name": "Budi Terdaftar", "email": "budi@terdaftar.id", "password": "rahasia-warga-1"}),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let before = user_count(&app).await;

    // First sign-in: linked by NIK to the registered account, no new account.
    let web = client();
    let r = sign_in(&app, &web, "budi").await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, html) = page(&app, &web, "/akun").await;
    assert!(html.contains("Budi Terdaftar") && html.contains("budi@terdaftar.id"), "the existing account");
    assert_eq!(user_count(&app).await, before);
    let l = links(&app).await;
    assert_eq!(l.len(), 1);
    let user_id = l[0].2;

    // Second sign-in in another browser: found by subject.
    let web2 = client();
    let r = sign_in(&app, &web2, "budi").await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, html2) = page(&app, &web2, "/akun").await;
    assert!(html2.contains("Budi Terdaftar"));
    assert_eq!(links(&app).await, l, "still one link");
    assert_eq!(user_count(&app).await, before);

    // The account has a password, so the link can be removed; the next sign-in links again.
    assert!(html2.contains("action=\"/akun/identitas-digital/putus\""));
    let issuer = provider_url();
    let r = web2
        .post(app.url("/akun/identitas-digital/putus"))
        .form(&[("_csrf", csrf(&html2).as_str()), ("issuer", issuer.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/akun?identitas=diputus");
    assert!(links(&app).await.is_empty());
    let (_, html3) = page(&app, &web2, "/akun?identitas=diputus").await;
    assert!(html3.contains(&msg("oidc-unlinked")) && !html3.contains(&msg("oidc-linked-title")));
    let r = sign_in(&app, &client(), "budi").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(links(&app).await.len(), 1);

    // A disabled account is refused.
    sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1")
        .bind(user_id)
        .execute(app.state.db.pool())
        .await
        .expect("disable");
    let r = sign_in(&app, &client(), "budi").await;
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.text().await.expect("page").contains(&msg("error-oidc-disabled")));
    app.stop().await;
}

async fn oidc_refuses_an_unverified_or_missing_nik(backend: Backend) {
    let app = app(backend, CLIENT_ID, |_| {}).await;
    let before = user_count(&app).await;
    for account in ["belum-verifikasi", "tanpa-nik"] {
        let web = client();
        let r = sign_in(&app, &web, account).await;
        assert_eq!(r.status().as_u16(), 403, "{account}");
        let html = r.text().await.expect("page");
        assert!(html.contains(&msg("error-oidc-nik-unverified")), "{account}: {html}");
        let (s, _) = page(&app, &web, "/akun").await;
        assert_eq!(s, 303, "{account} is not signed in");
    }
    assert_eq!(user_count(&app).await, before, "no account created");
    assert!(links(&app).await.is_empty());
    app.stop().await;
}

async fn oidc_refuses_bad_state_replays_and_provider_errors(backend: Backend) {
    let app = app(backend, CLIENT_ID, |c| c.login_max_failures_per_ip = 6).await;
    let bad_state = msg("error-oidc-state");

    // A callback whose state this browser was never given.
    let web = client();
    let r = web.get(app.url("/auth/oidc/callback?code=abc&state=tidak-dikenal")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.expect("page").contains(&bad_state));

    // A real callback carried to another browser (no state cookie) is refused...
    let web = client();
    let Stop::Callback(cb) = through_provider(&web, app.url("/auth/oidc/login"), "siti", false).await;
    let r = client().get(&cb).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 400);
    // ...and the state was not used up by it: the right browser signs in, once.
    let r = web.get(&cb).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 303);
    let r = web.get(&cb).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 400, "a callback is single use");

    // The person cancels at the provider: access_denied, a page, never a 500.
    let web = client();
    let Stop::Callback(cb) = through_provider(&web, app.url("/auth/oidc/login"), "siti", true).await;
    assert!(cb.contains("error=access_denied"), "{cb}");
    let r = web.get(&cb).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.text().await.expect("page").contains(&msg("error-oidc-denied")));
    // An error without any state, and a code the provider never issued.
    let r = client().get(app.url("/auth/oidc/callback?error=server_error")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 401);
    let web = client();
    let Stop::Callback(cb) = through_provider(&web, app.url("/auth/oidc/login"), "siti", false).await;
    let forged = url::Url::parse(&cb).expect("url");
    let state = forged.query_pairs().find(|(k, _)| k == "state").expect("state").1.to_string();
    let forged_cb = app.url(&format!("/auth/oidc/callback?code=kode-palsu&state={state}"));
    let r = web.get(&forged_cb).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 401);
    assert!(r.text().await.expect("page").contains(&msg("error-oidc-token")));

    // Failures count against the address like failed password sign-ins: now paused.
    let r = client().get(app.url("/auth/oidc/callback?code=x&state=y")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 429);
    app.stop().await;
}

async fn oidc_staff_with_totp_pass_the_second_factor(backend: Backend) {
    let app = app(backend, CLIENT_ID, |_| {}).await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let mut tx = app.state.db.begin().await.expect("begin");
    satupintu::identity::store::insert_user(
        &mut tx,
        &satupintu::identity::store::NewUser {
            role: Role::Officer,
            agency_id: Some("disdukcapil"),
            nik: Some("3578015503800004"),
            full_name: "Rina Petugas",
            email: Some("rina@dukcapil.id"),
            phone: None,
            password_hash: satupintu::identity::service::NO_PASSWORD,
            birth_date: None,
            gender: None,
            totp_secret: Some(secret),
            totp_enabled: true,
        },
        satupintu::db::now(),
    )
    .await
    .expect("staff");
    tx.commit().await.expect("commit");
    let before = user_count(&app).await;

    let web = client();
    let r = sign_in(&app, &web, "petugas").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/masuk/2fa", "TOTP still required after national sign-in");
    // Not signed in yet: staff pages refuse.
    let (s, _) = page(&app, &web, "/akun").await;
    assert_eq!(s, 303);
    let (_, html) = page(&app, &web, "/masuk/2fa").await;
    let code = satupintu::identity::service::totp_now(secret).expect("code");
    let r = web
        .post(app.url("/masuk/2fa"))
        .form(&[("_csrf", csrf(&html).as_str()), ("code", code.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.headers()["location"], "/akun");
    let (s, html) = page(&app, &web, "/akun").await;
    assert_eq!(s, 200);
    assert!(html.contains("Rina Petugas") && html.contains(&msg("role-officer")));
    assert_eq!(links(&app).await.len(), 1);
    assert_eq!(user_count(&app).await, before, "linked, not created");
    app.stop().await;
}

async fn oidc_off_answers_404_and_shows_no_button(backend: Backend) {
    let off = TestApp::empty(backend).await;
    let (s, html) = page(&off, &client(), "/masuk").await;
    assert_eq!(s, 200);
    assert!(!html.contains("/auth/oidc/login"));
    for path in ["/auth/oidc/login", "/auth/oidc/callback?code=a&state=b"] {
        let r = off.get(path).await;
        assert_eq!(r.status().as_u16(), 404, "{path}");
        let html = r.text().await.expect("page");
        assert!(html.contains("<html") && html.contains(&msg("error-not-found")), "{path}: a localized page");
    }
    off.stop().await;

    let on = app(backend, CLIENT_ID, |_| {}).await;
    let (_, html) = page(&on, &client(), "/masuk?next=/permohonan").await;
    assert!(html.contains("Masuk dengan Identitas Digital Nasional"));
    assert!(html.contains("href=\"/auth/oidc/login?next=%2Fpermohonan\""));
    let (_, html) = page(&on, &client(), "/masuk?lang=en").await;
    assert!(html.contains("Sign in with Identitas Digital Nasional"));
    // The sign-in goes to the provider with PKCE (S256), state and nonce; a signed-in
    // person who started at another page returns there.
    let r = client().get(on.url("/auth/oidc/login")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 303);
    let to = url::Url::parse(r.headers()["location"].to_str().expect("location")).expect("url");
    let q: std::collections::HashMap<_, _> = to.query_pairs().into_owned().collect();
    assert!(to.as_str().starts_with(&provider_url()));
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["redirect_uri"], on.url("/auth/oidc/callback"));
    assert!(q["state"].len() >= 43 && q["nonce"].len() >= 43 && q["code_challenge"].len() == 43);
    let web = client();
    let Stop::Callback(cb) = through_provider(&web, on.url("/auth/oidc/login?next=/permohonan"), "siti", false).await;
    let r = web.get(&cb).send().await.expect("callback");
    assert_eq!(r.headers()["location"], "/permohonan");
    on.stop().await;
}

// --- ID token checks, with real tokens from the provider -----------------------------------

/// A code and tokens obtained from the provider directly, as `client_id`, with our own nonce.
async fn real_tokens(client_id: &str, nonce: &str) -> oidc::Tokens {
    let issuer = provider_url();
    let p = oidc::provider(&issuer, false).await.expect("discovery");
    let redirect = "http://127.0.0.1:9/auth/oidc/callback";
    let verifier = satupintu::identity::random_token();
    let url =
        oidc::authorization_url(&p, client_id, redirect, &oidc::scopes("nik"), "s", nonce, &verifier).expect("url");
    let Stop::Callback(cb) = through_provider(&client(), url, "siti", false).await;
    let code = url::Url::parse(&cb).expect("cb").query_pairs().find(|(k, _)| k == "code").expect("code").1.to_string();
    oidc::exchange(&p, client_id, CLIENT_SECRET, &code, redirect, &verifier).await.expect("exchange")
}

fn b64(v: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
}

fn unb64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).expect("base64url")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oidc_id_tokens_are_verified() {
    let issuer = provider_url();
    let p = oidc::provider(&issuer, false).await.expect("discovery");
    let now = satupintu::db::now();
    for (client_id, alg) in [(CLIENT_ID, "RS256"), ("satupintu-es256", "ES256")] {
        let tokens = real_tokens(client_id, "nonce-asli").await;
        let t = tokens.id_token;
        let parts: Vec<&str> = t.split('.').collect();
        let header: Value = serde_json::from_slice(&unb64(parts[0])).expect("header");
        assert_eq!(header["alg"], alg);
        let claims = oidc::verify_id_token(&p, &t, client_id, "nonce-asli", now).expect("a real token passes");
        assert_eq!(claims["sub"], "siti");
        assert_eq!(claims["iss"], Value::String(issuer.clone()));

        // Wrong nonce, wrong audience, a token from the future.
        assert!(oidc::verify_id_token(&p, &t, client_id, "nonce-lain", now).is_err());
        assert!(oidc::verify_id_token(&p, &t, "klien-lain", "nonce-asli", now).is_err());
        assert!(oidc::verify_id_token(&p, &t, client_id, "nonce-asli", now - 3600).is_err());
        // A changed claim under the original signature.
        let mut payload: Value = serde_json::from_slice(&unb64(parts[1])).expect("payload");
        payload["sub"] = json!("budi");
        let tampered = format!("{}.{}.{}", parts[0], b64(payload.to_string().as_bytes()), parts[2]);
        assert!(oidc::verify_id_token(&p, &tampered, client_id, "nonce-asli", now).is_err(), "tampered claims");
        // A changed signature.
        let mut sig = unb64(parts[2]);
        sig[5] ^= 1;
        let forged = format!("{}.{}.{}", parts[0], parts[1], b64(&sig));
        assert!(oidc::verify_id_token(&p, &forged, client_id, "nonce-asli", now).is_err(), "bad signature");
        // An unsigned token, and one "signed" with HMAC using the public key's text.
        let none = format!("{}.{}.", b64(br#"{"alg":"none"}"#), parts[1]);
        assert!(oidc::verify_id_token(&p, &none, client_id, "nonce-asli", now).is_err(), "alg none");
        let hs = format!("{}.{}.{}", b64(br#"{"alg":"HS256"}"#), parts[1], parts[2]);
        assert!(oidc::verify_id_token(&p, &hs, client_id, "nonce-asli", now).is_err(), "alg HS256");
    }
}
