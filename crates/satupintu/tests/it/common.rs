#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Client, Response};
use satupintu::app::{self, AppState, Running};
use satupintu::config::Config;
use satupintu::identity::Role;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Run each named test function once per backend: `both!(name)` makes `name::sqlite` and
/// `name::postgres`.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::common::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::common::Backend::Postgres).await
            }
        }
    )*};
}

/// The data key (personal data encrypted at rest) of every test server and of the `satupintu`
/// processes tests start: one process holds one keyring, so its servers share the key.
pub const TEST_DATA_KEY: &str = "ospBkzCWNToJ1tablE5+Z5w+VEQJQ0/rCQS1jqr/Ns4=";

pub fn pg_admin_url() -> String {
    std::env::var("SATUPINTU_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A fresh PostgreSQL database for one test. Fails loudly when PostgreSQL is not reachable:
/// a backend is never skipped silently.
pub async fn fresh_pg_database() -> String {
    use sqlx::Connection;
    let admin = pg_admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is required for the postgres tests ({admin}): {e}"));
    let token = satupintu::identity::random_token().to_lowercase().replace(['-', '_'], "");
    let name = format!("sp_t_{}", &token[..16]);
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let mut url = url::Url::parse(&admin).expect("url");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

pub struct TestApp {
    pub backend: Backend,
    pub addr: SocketAddr,
    pub client: Client,
    pub state: AppState,
    pub database_url: String,
    pub data_dir: PathBuf,
    running: Option<Running>,
    _dir: tempfile::TempDir,
}

pub fn config(backend: Backend, dir: &std::path::Path, database_url: Option<String>) -> Config {
    let _ = backend;
    Config {
        listen: "127.0.0.1:0".parse().expect("addr"),
        data_dir: dir.to_path_buf(),
        database_url,
        log_format: "pretty".into(),
        data_key: Some(TEST_DATA_KEY.into()),
        ..Config::default()
    }
}

pub async fn database_url(backend: Backend) -> Option<String> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(fresh_pg_database().await),
    }
}

impl TestApp {
    /// A server with an empty catalogue.
    pub async fn empty(backend: Backend) -> TestApp {
        TestApp::configured(backend, |_| {}).await
    }

    /// A server with an empty catalogue and settings changed by `f`.
    pub async fn configured(backend: Backend, f: impl FnOnce(&mut Config)) -> TestApp {
        // Warnings and errors of the server go to the test's captured output (shown when it fails).
        let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter("warn").try_init();
        let dir = tempfile::tempdir().expect("tempdir");
        let url = database_url(backend).await;
        let mut cfg = config(backend, dir.path(), url);
        cfg.outbox_interval_ms = 100;
        f(&mut cfg);
        let database_url = cfg.effective_database_url();
        let data_dir = cfg.data_dir.clone();
        let state = AppState::open(cfg).await.expect("open app");
        let running = app::start(state.clone()).await.expect("start server");
        TestApp {
            backend,
            addr: running.addr,
            client: client(),
            state,
            database_url,
            data_dir,
            running: Some(running),
            _dir: dir,
        }
    }

    /// A server with the example catalogue (30 services) imported.
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_configured(backend, |_| {}).await
    }

    /// A server with the example catalogue and settings changed by `f`.
    pub async fn spawn_configured(backend: Backend, f: impl FnOnce(&mut Config)) -> TestApp {
        let app = TestApp::configured(backend, f).await;
        satupintu::catalog::service::import(&app.state.db, satupintu::demo::CATALOG, None).await.expect("import demo");
        app.state.catalog.refresh(&app.state.db, true).await.expect("refresh");
        app
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("request");
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn post_json(&self, path: &str, body: Value) -> (u16, Value) {
        self.api(reqwest::Method::POST, path, None, Some(body)).await
    }

    /// Register a citizen through the API and return a bearer token.
    pub async fn citizen(&self, nik: &str, name: &str, email: &str) -> String {
        register_citizen(&self.client, &self.url(""), nik, name, email).await
    }

    pub async fn login(&self, login: &str, password: &str, totp: Option<&str>) -> String {
        api_login(&self.client, &self.url(""), login, password, totp).await
    }

    /// Create a staff account (with TOTP when the role requires it) and sign in via the API.
    pub async fn staff(&self, role: Role, agency: Option<&str>, email: &str) -> String {
        let secret = role.requires_totp().then(|| "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".to_string());
        satupintu::identity::service::create_staff(
            &self.state,
            role,
            agency,
            email,
            "Staf Uji",
            "rahasia-staf-1",
            secret.as_deref(),
        )
        .await
        .expect("create staff");
        let code = secret.as_deref().and_then(satupintu::identity::service::totp_now);
        self.login(email, "rahasia-staf-1", code.as_deref()).await
    }

    /// Stop this server and start another on the same database and data directory.
    pub async fn restart(mut self, f: impl FnOnce(&mut Config)) -> TestApp {
        let old = self.state.config.clone();
        if let Some(r) = self.running.take() {
            r.shutdown().await.expect("shutdown");
        }
        let mut cfg = old;
        cfg.listen = "127.0.0.1:0".parse().expect("addr");
        f(&mut cfg);
        let state = AppState::open(cfg).await.expect("reopen");
        state.catalog.refresh(&state.db, true).await.expect("refresh");
        let running = app::start(state.clone()).await.expect("restart");
        self.addr = running.addr;
        self.state = state;
        self.running = Some(running);
        self
    }

    /// A browser (cookie client) signed in through the sign-in form, with the TOTP step when
    /// `secret` is given.
    pub async fn browser(&self, login: &str, password: &str, secret: Option<&str>) -> Client {
        let c = client();
        let page = c.get(self.url("/masuk")).send().await.expect("get").text().await.expect("page");
        let r = c
            .post(self.url("/masuk"))
            .form(&[("_csrf", csrf(&page).as_str()), ("login", login), ("password", password), ("next", "")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status().as_u16(), 303, "web sign-in of {login}");
        if let Some(secret) = secret {
            let page = c.get(self.url("/masuk/2fa")).send().await.expect("get").text().await.expect("page");
            let code = satupintu::identity::service::totp_now(secret).expect("code");
            let r = c
                .post(self.url("/masuk/2fa"))
                .form(&[("_csrf", csrf(&page).as_str()), ("code", code.as_str())])
                .send()
                .await
                .expect("post");
            assert_eq!(r.headers()["location"], "/akun");
        }
        c
    }

    /// Another `serve` process on the same database, as on another machine behind a load
    /// balancer: a data directory of its own holding copies of the keys.
    pub async fn another_process(&self) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::copy(self.data_dir.join("ledger.key"), dir.path().join("ledger.key")).expect("copy the ledger key");
        std::fs::create_dir_all(dir.path().join("keys")).expect("keys dir");
        for key in std::fs::read_dir(self.data_dir.join("keys")).expect("keys") {
            let key = key.expect("key");
            std::fs::copy(key.path(), dir.path().join("keys").join(key.file_name())).expect("copy a key");
        }
        let mut cfg = self.state.config.clone();
        cfg.listen = "127.0.0.1:0".parse().expect("addr");
        cfg.data_dir = dir.path().to_path_buf();
        let state = AppState::open(cfg).await.expect("open the second process");
        let running = app::start(state.clone()).await.expect("start the second process");
        TestApp {
            backend: self.backend,
            addr: running.addr,
            client: client(),
            state,
            database_url: self.database_url.clone(),
            data_dir: dir.path().to_path_buf(),
            running: Some(running),
            _dir: dir,
        }
    }

    /// Waits until the ledger's queue is empty and the latest checkpoint covers every entry;
    /// returns that checkpoint.
    pub async fn ledger_settled(&self) -> ledger::StoredCheckpoint {
        use sqlx::Row as _;
        for _ in 0..200 {
            let queued: i64 = sqlx::query("SELECT COUNT(*) FROM ledger_queue")
                .fetch_one(self.state.db.pool())
                .await
                .expect("count")
                .get(0);
            let size = self.state.ledger.size().await.expect("size");
            if let Some(cp) = self.state.ledger.checkpoint().await.expect("checkpoint") {
                if queued == 0 && cp.size == size {
                    return cp;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the ledger did not settle within 10 s");
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.shutdown().await.expect("shutdown");
        }
    }
}

/// Register a citizen (password "rahasia-warga-1") on the server at `base` through the API and
/// return a bearer token; for this process's servers and for `satupintu` processes alike.
pub async fn register_citizen(http: &Client, base: &str, nik: &str, name: &str, email: &str) -> String {
    let r = http
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"nik": nik, "full_name": name, "email": email, "password": "rahasia-warga-1"}))
        .send()
        .await
        .expect("register");
    let status = r.status().as_u16();
    assert_eq!(status, 201, "register {}", r.text().await.unwrap_or_default());
    api_login(http, base, email, "rahasia-warga-1", None).await
}

/// Sign in through the API at `base` and return the bearer token.
pub async fn api_login(http: &Client, base: &str, login: &str, password: &str, totp: Option<&str>) -> String {
    let r = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"login": login, "password": password, "totp": totp}))
        .send()
        .await
        .expect("login");
    let status = r.status().as_u16();
    let b: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(status, 200, "login {b}");
    b["token"].as_str().expect("token").to_string()
}

pub fn client() -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("accept-language", HeaderValue::from_static("id"));
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client")
}

/// Post a form as a signed-in browser would: read the page `from` (for its CSRF token), post
/// `fields` to `to`, and answer (status, Location header, body).
pub async fn post_form(
    app: &TestApp,
    web: &Client,
    from: &str,
    to: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let r = web.get(app.url(from)).send().await.expect("get");
    let s = r.status().as_u16();
    let html = r.text().await.expect("page");
    assert!(html.contains("name=\"_csrf\""), "{from}: {s} {html}");
    let token = csrf(&html);
    let mut form = vec![("_csrf", token.as_str())];
    form.extend_from_slice(fields);
    let r = web.post(app.url(to)).form(&form).send().await.expect("post");
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, location, r.text().await.unwrap_or_default())
}

/// The CSRF token rendered in a page's form.
pub fn csrf(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    html[start..].split('"').next().expect("token").to_string()
}

/// Valid demo NIKs for tests (region 3273 Kota Bandung / 3578 Surabaya).
pub const NIK_A: &str = "3273014506900001";
pub const NIK_B: &str = "3578011208850003";
pub const NIK_C: &str = "3173051208050002";

/// `secs` before now, or now itself when that moment falls in the previous local (WIB) month: a
/// fixture's recent activity stays in this month also in a month's first hours.
pub fn earlier_this_month(secs: i64) -> i64 {
    let now = satupintu::db::now();
    let month = |t| satupintu::opendata::stats::month_of(t, 7);
    if month(now - secs) == month(now) {
        now - secs
    } else {
        now
    }
}

/// Parse a feed of the server with the real Python parsers (`tests/scripts/feeds.py`: `feed`
/// for Atom and RSS with feedparser, `ics` for iCalendar with icalendar) and answer what they
/// found. Fails loudly when python3 or a package is missing.
pub async fn parse_feed(mode: &'static str, url: String) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scripts/feeds.py");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3").arg(script).arg(mode).arg(url).output()
    })
    .await
    .expect("join")
    .expect("python3 with feedparser and icalendar (pip install -r scripts/requirements-test.txt) must be available");
    assert!(
        out.status.success(),
        "{mode} parser failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the script prints JSON")
}

/// Read a server-sent-events response until an event named `name` whose data satisfies `want`;
/// `None` when none came within `wait` (what was read and not matched stays in `buf`).
pub async fn next_sse_event(
    r: &mut reqwest::Response,
    buf: &mut String,
    name: &str,
    wait: std::time::Duration,
    want: impl Fn(&str) -> bool,
) -> Option<String> {
    let deadline = tokio::time::Instant::now() + wait;
    let marker = format!("event: {name}");
    loop {
        while let Some(end) = buf.find("\n\n") {
            let event: String = buf.drain(..end + 2).collect();
            if event.lines().any(|l| l == marker) {
                let data: String = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data: ").or_else(|| l.strip_prefix("data:")))
                    .collect::<Vec<_>>()
                    .join("\n");
                if want(&data) {
                    return Some(data);
                }
            }
        }
        let chunk = tokio::time::timeout_at(deadline, r.chunk()).await.ok()?.expect("stream")?;
        buf.push_str(&String::from_utf8_lossy(&chunk));
    }
}

/// Ledger leaves of `kind` written so far, queued or already in the log (one statement, so the
/// sequencer moving a leaf cannot make it counted twice or not at all).
pub async fn ledger_leaves(app: &TestApp, kind: &str) -> i64 {
    use sqlx::Row as _;
    let pattern = format!("%\"type\":\"{kind}\"%");
    sqlx::query(
        "SELECT (SELECT COUNT(*) FROM ledger_queue WHERE body LIKE $1) + (SELECT COUNT(*) FROM ledger_entries WHERE data LIKE $1)",
    )
    .bind(&pattern)
    .fetch_one(app.state.db.pool())
    .await
    .expect("ledger")
    .get(0)
}
