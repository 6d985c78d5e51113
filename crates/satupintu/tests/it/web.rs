use crate::both;
use crate::common::{Backend, TestApp};

both!(language_switch_is_remembered, errors_are_localized_envelopes_or_pages, health_openapi_and_assets);

async fn language_switch_is_remembered(b: Backend) {
    let app = TestApp::spawn(b).await;
    let page = app.get("/layanan/akta-kelahiran").await.text().await.expect("page");
    assert!(page.contains("<html lang=\"id\"") && page.contains("Persyaratan"));
    let r = app.get("/layanan/akta-kelahiran?lang=en").await;
    let cookie =
        r.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).any(|c| c.starts_with("sp_lang=en"));
    assert!(cookie, "the choice is remembered in a cookie");
    let page = r.text().await.expect("page");
    assert!(page.contains("<html lang=\"en\"") && page.contains("Requirements") && page.contains("Birth Certificate"));
    // Next visit without ?lang stays English, and the switch links back to Indonesian.
    let page = app.get("/").await.text().await.expect("page");
    assert!(page.contains("Every public service, one door"));
    assert!(page.contains("href=\"/?lang=id\""));
    let page = app.get("/?lang=id").await.text().await.expect("page");
    assert!(page.contains("Semua layanan publik, satu pintu"));
    app.stop().await;
}

async fn errors_are_localized_envelopes_or_pages(b: Backend) {
    let app = TestApp::empty(b).await;
    let r = app.client.get(app.url("/api/v1/services/x")).header("accept-language", "en").send().await.expect("req");
    assert_eq!(r.status().as_u16(), 404);
    let en: serde_json::Value = r.json().await.expect("json");
    let (_, id) = app.get_json("/api/v1/services/x").await;
    assert_eq!(en["error"]["code"], "not_found");
    assert_ne!(en["error"]["message"], id["error"]["message"], "message follows the request's language");
    assert!(en["error"]["details"].is_object());
    let r = app.get("/tidak/ada").await;
    assert_eq!(r.status().as_u16(), 404);
    assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("text/html"));
    assert!(r.text().await.expect("html").contains("Halaman tidak ditemukan"));
    let r = app.client.delete(app.url("/api/v1/services")).send().await.expect("req");
    assert_eq!(r.status().as_u16(), 405);
    let body: serde_json::Value = r.json().await.expect("json");
    assert!(body["error"]["code"].is_string());
    let r = app.client.post(app.url("/api/v1/auth/login")).body("login=x").send().await.expect("req");
    assert_eq!(r.status().as_u16(), 400, "no content type is a client error");
    app.stop().await;
}

async fn health_openapi_and_assets(b: Backend) {
    let app = TestApp::spawn(b).await;
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
    assert_eq!(app.get("/readyz").await.status().as_u16(), 200);
    let (s, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(s, 200);
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3.1"));
    for p in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/services",
        "/api/v1/services/{id}",
        "/api/v1/agencies",
        "/api/v1/search",
    ] {
        assert!(doc["paths"].get(p).is_some(), "OpenAPI lacks {p}");
    }
    let page = app.get("/").await.text().await.expect("page");
    let css = page
        .split("href=\"")
        .find(|s| s.contains("app.css"))
        .and_then(|s| s.split('"').next())
        .expect("css link")
        .to_string();
    let r = app.client.get(app.url(&css)).header("accept-encoding", "br").send().await.expect("css");
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["cache-control"].to_str().unwrap_or("").contains("immutable"));
    assert_eq!(r.headers()["content-encoding"], "br");
    let r = app.get("/manifest.webmanifest").await;
    assert_eq!(r.status().as_u16(), 200);
    let m: serde_json::Value = r.json().await.expect("manifest");
    assert_eq!(m["short_name"], "SatuPintu");
    app.stop().await;
}

both!(demo_data_loads_once_with_accounts_and_holidays);

async fn demo_data_loads_once_with_accounts_and_holidays(b: Backend) {
    use sqlx::Row;
    let app = TestApp::empty(b).await;
    satupintu::demo::load(&app.state).await.expect("demo");
    satupintu::demo::load(&app.state).await.expect("demo again is a no-op");
    let pool = app.state.db.pool().clone();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query(sql).fetch_one(&pool).await.expect("count").get::<i64, _>(0) }
    };
    assert_eq!(count("SELECT COUNT(*) FROM services").await, 30);
    assert_eq!(count("SELECT COUNT(*) FROM holidays").await, satupintu::calendar::DEMO_2026.len() as i64);
    assert_eq!(
        count("SELECT COUNT(*) FROM users").await,
        (satupintu::demo::CITIZENS.len()
            + satupintu::demo::STAFF.len()
            + satupintu::participation::demo::NEIGHBOURS.len()
            + satupintu::performance::demo::ARCHIVE.len()
            + satupintu::performance::demo::OFFICERS.len()
            + satupintu::assisted::demo::ACCOUNTS) as i64,
        "loaded once"
    );
    let token = app.login(satupintu::demo::CITIZENS[0].nik, satupintu::demo::CITIZENS[0].password, None).await;
    assert!(!token.is_empty());
    app.stop().await;
}
