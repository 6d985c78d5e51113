use reqwest::Method;
use satupintu::catalog::service::{import, CatalogError};
use satupintu::identity::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{csrf, Backend, TestApp};

both!(
    import_is_idempotent_and_versions_edits,
    invalid_import_changes_nothing,
    agency_admin_edits_in_the_browser,
    catalogue_api_lists_and_finds,
    agency_admin_import_is_limited_to_own_agency
);

fn demo() -> Value {
    serde_json::from_str(satupintu::demo::CATALOG).expect("demo json")
}

async fn count_versions(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) FROM service_versions")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
        .get::<i64, _>(0)
}

async fn import_is_idempotent_and_versions_edits(b: Backend) {
    let app = TestApp::empty(b).await;
    let text = satupintu::demo::CATALOG;
    let r = import(&app.state.db, text, None).await.expect("first import");
    assert_eq!((r.services_added.len(), r.agencies_added.len()), (30, 16));
    let r = import(&app.state.db, text, None).await.expect("second import");
    assert!(!r.changed(), "importing the same file twice changes nothing: {r:?}");
    assert_eq!(r.services_unchanged, 30);
    assert_eq!(count_versions(&app).await, 30);

    app.state.catalog.refresh(&app.state.db, false).await.expect("refresh");
    // Signed-out visitors get a cached page and document; both must follow the change below.
    let before = app.get("/layanan/paspor").await.text().await.expect("page");
    assert!(!before.contains("Rp 999.000"));
    let (_, before) = app.get_json("/api/v1/services/paspor").await;
    assert_eq!(before["version"], 1);
    let mut doc = demo();
    let i = doc["services"].as_array().expect("services").iter().position(|s| s["id"] == "paspor").expect("paspor");
    let old_fee = doc["services"][i]["fee"]["amount_idr"].clone();
    doc["services"][i]["fee"]["amount_idr"] = json!(999_000);
    let r = import(&app.state.db, &doc.to_string(), None).await.expect("edited import");
    assert_eq!(r.services_updated, vec!["paspor".to_string()]);
    assert_eq!(r.services_unchanged, 29);
    // Imported by another process (the CLI): this server sees it once its snapshot is refreshed.
    app.state.catalog.refresh(&app.state.db, false).await.expect("refresh");

    let page = app.get("/layanan/paspor").await.text().await.expect("page");
    assert!(page.contains("Rp 999.000") && page.contains("Versi 2"), "the cached page was rebuilt");
    let (_, cur) = app.get_json("/api/v1/services/paspor").await;
    assert_eq!((cur["version"].as_i64(), cur["fee"]["amount_idr"].as_i64()), (Some(2), Some(999_000)));
    let (_, old) = app.get_json("/api/v1/services/paspor?version=1").await;
    assert_eq!(old["fee"]["amount_idr"], old_fee, "the old version stays readable");
    let (_, versions) = app.get_json("/api/v1/services/paspor/versions").await;
    assert_eq!(versions["versions"].as_array().map(Vec::len), Some(2));
    let page = app.get("/layanan/paspor/versi/1").await.text().await.expect("page");
    assert!(page.contains("versi 1 yang sudah diganti"), "old version page warns it is replaced");
    app.stop().await;
}

async fn invalid_import_changes_nothing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let before = count_versions(&app).await;
    let mut doc = demo();
    doc["services"][0]["fee"]["amount_idr"] = json!("gratis");
    doc["services"][1]["summary"]["id"] = json!("Ringkasan baru yang sah");
    doc["services"][2]["category"] = json!("hiburan");
    doc["services"][5]["form"][0]["profile"] = json!("golongan_darah");
    match import(&app.state.db, &doc.to_string(), None).await {
        Err(CatalogError::Invalid(problems)) => {
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            assert!(paths.contains(&"$.services[0].fee.amount_idr"), "{paths:?}");
            assert!(paths.contains(&"$.services[2].category"), "{paths:?}");
            assert!(paths.contains(&"$.services[5].form[0].profile"), "{paths:?}");
        }
        other => panic!("expected problems, got {other:?}"),
    }
    assert_eq!(count_versions(&app).await, before, "the valid edit in the same file was not applied either");
    let (_, svc) = app.get_json("/api/v1/services/ktp-el-ganti").await;
    assert_ne!(svc["summary"]["id"], "Ringkasan baru yang sah");
    app.stop().await;
}

async fn agency_admin_edits_in_the_browser(b: Backend) {
    let app = TestApp::spawn(b).await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    satupintu::identity::service::create_staff(
        &app.state,
        Role::AgencyAdmin,
        Some("disdukcapil"),
        "admin@dukcapil.id",
        "Dewi Admin",
        "admin-rahasia-1",
        Some(secret),
    )
    .await
    .expect("staff");
    let page = app.get("/masuk").await.text().await.expect("page");
    let r = app
        .client
        .post(app.url("/masuk"))
        .form(&[
            ("_csrf", csrf(&page).as_str()),
            ("login", "admin@dukcapil.id"),
            ("password", "admin-rahasia-1"),
            ("next", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.headers()["location"], "/masuk/2fa");
    let page = app.get("/masuk/2fa").await.text().await.expect("page");
    let code = satupintu::identity::service::totp_now(secret).expect("code");
    let r = app
        .client
        .post(app.url("/masuk/2fa"))
        .form(&[("_csrf", csrf(&page).as_str()), ("code", code.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.headers()["location"], "/akun");

    // Another agency's service cannot even be opened for editing.
    assert_eq!(app.get("/kelola/layanan/paspor").await.status().as_u16(), 403);
    let list = app.get("/kelola/layanan").await.text().await.expect("list");
    assert!(list.contains("/kelola/layanan/akta-kelahiran") && !list.contains("/kelola/layanan/paspor"));

    let form = app.get("/kelola/layanan/akta-kelahiran").await.text().await.expect("form");
    let value_of = |name: &str| -> String {
        let marker = format!("name=\"{name}\"");
        let at = form.find(&marker).unwrap_or_else(|| panic!("field {name}"));
        let tail = &form[at..];
        if let Some(v) = tail.split("value=\"").nth(1) {
            if tail.find('>') > tail.find("value=\"") {
                return html_unescape(v.split('"').next().unwrap_or(""));
            }
        }
        html_unescape(tail.split('>').nth(1).and_then(|t| t.split("</textarea").next()).unwrap_or(""))
    };
    let mut fields: Vec<(String, String)> = [
        "category",
        "name_id",
        "name_en",
        "summary_id",
        "summary_en",
        "requirements_id",
        "requirements_en",
        "procedure_id",
        "procedure_en",
        "fee_note_id",
        "fee_note_en",
        "sla_days",
        "output_id",
        "output_en",
        "validity_years",
        "legal_basis",
        "keywords",
        "form_json",
        "faq_json",
    ]
    .iter()
    .map(|n| (n.to_string(), value_of(n)))
    .collect();
    fields.retain(|(n, _)| n != "category");
    fields.push(("category".into(), "kependudukan".into()));
    fields.push(("_csrf".into(), csrf(&form)));
    fields.push(("channels".into(), "online".into()));
    fields.push(("channels".into(), "mpp".into()));
    fields.push(("note".into(), "Perda No. 3 Tahun 2026".into()));

    // A bad fee is refused with the typed text kept.
    let mut bad = fields.clone();
    bad.push(("fee_amount".into(), "seribu".into()));
    let r = app.client.post(app.url("/kelola/layanan/akta-kelahiran")).form(&bad).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.expect("html");
    assert!(html.contains("biaya harus bilangan bulat") && html.contains("value=\"seribu\""));

    fields.push(("fee_amount".into(), "15.000".into()));
    let r = app.client.post(app.url("/kelola/layanan/akta-kelahiran")).form(&fields).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap_or_default());
    let page = app.get("/layanan/akta-kelahiran").await.text().await.expect("page");
    assert!(page.contains("Rp 15.000") && page.contains("Versi 2"), "the public page shows the new standard");
    let history = app.get("/layanan/akta-kelahiran/riwayat").await.text().await.expect("history");
    assert!(
        history.contains("Perda No. 3 Tahun 2026") && history.contains("Dewi Admin") && history.contains("/versi/1")
    );
    let (_, svc) = app.get_json("/api/v1/services/akta-kelahiran").await;
    assert_eq!(svc["channels"], json!(["online", "mpp"]));
    assert!(!svc["form"].as_array().expect("form").is_empty(), "form fields survived the edit");
    app.stop().await;
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn catalogue_api_lists_and_finds(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (s, list) = app.get_json("/api/v1/services").await;
    assert_eq!(s, 200);
    assert_eq!(list["services"].as_array().map(Vec::len), Some(30));
    let (_, f) = app.get_json("/api/v1/services?agency=disdukcapil&category=kependudukan").await;
    assert!(f["services"].as_array().expect("list").iter().all(|s| s["agency"] == "disdukcapil"));
    let (s, one) = app.get_json("/api/v1/services/akta-kelahiran").await;
    assert_eq!(s, 200);
    assert_eq!(one["name"]["id"], "Akta Kelahiran");
    assert_eq!(one["url"], "/layanan/akta-kelahiran");
    let (s, body) = app.get_json("/api/v1/services/tidak-ada").await;
    assert_eq!((s, body["error"]["code"].as_str()), (404, Some("not_found")));
    let (s, ag) = app.get_json("/api/v1/agencies").await;
    assert_eq!(s, 200);
    assert_eq!(ag["agencies"].as_array().map(Vec::len), Some(16));
    let (_, dk) = app.get_json("/api/v1/agencies/disdukcapil").await;
    assert!(dk["services"].as_array().expect("services").len() >= 8);
    let (s, export) = app.get_json("/api/v1/catalog/export").await;
    assert_eq!(s, 200);
    assert_eq!(export["format"], "satupintu.catalog/v1");
    // The export imports back as "no change".
    let r = import(&app.state.db, &export.to_string(), None).await.expect("re-import");
    assert!(!r.changed());
    // Pages: the standard is all there.
    let page = app.get("/layanan/akta-kelahiran").await.text().await.expect("page");
    for section in [
        "Persyaratan",
        "Prosedur",
        "Biaya/tarif",
        "Jangka waktu penyelesaian",
        "Produk pelayanan",
        "Dasar hukum",
        "UU No. 24 Tahun 2013",
    ] {
        assert!(page.contains(section), "service page lacks {section}");
    }
    let agency = app.get("/instansi/disdukcapil").await.text().await.expect("page");
    assert!(agency.contains("Akta Kelahiran"));
    assert_eq!(app.get("/layanan/tidak-ada").await.status().as_u16(), 404);
    app.stop().await;
}

async fn agency_admin_import_is_limited_to_own_agency(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;
    let mut doc = demo();
    let i = doc["services"].as_array().expect("services").iter().position(|s| s["id"] == "paspor").expect("paspor");
    doc["services"][i]["fee"]["amount_idr"] = json!(1);
    let r = app
        .client
        .post(app.url("/api/v1/catalog/import"))
        .bearer_auth(&admin)
        .body(doc.to_string())
        .send()
        .await
        .expect("req");
    assert_eq!(r.status().as_u16(), 422);
    let body: Value = r.json().await.expect("json");
    assert!(
        body["error"]["details"].as_object().expect("details").keys().any(|k| k.contains(&format!("services[{i}]"))),
        "{body}"
    );
    let (_, p) = app.get_json("/api/v1/services/paspor").await;
    assert_eq!(p["version"], 1);
    // Only their own agency's services: accepted.
    let own = json!({"format": "satupintu.catalog/v1", "published": "2026-11-20", "agencies": [],
        "services": doc["services"].as_array().expect("s").iter().filter(|s| s["agency"] == "disdukcapil").cloned().collect::<Vec<_>>()});
    let (s, body) = app.api(Method::POST, "/api/v1/catalog/import", Some(&admin), Some(own)).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["services_unchanged"].as_u64(), Some(8));
    app.stop().await;
}
