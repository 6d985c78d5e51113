//! Budget transparency: import (CSV and JSON, all or nothing, re-import replaces), who may import,
//! the public pages with charts and tables, downloads, the read API, the command line, and a
//! line changed behind the platform's back caught by its ledger hash.

use reqwest::Client;
use satupintu::identity::Role;
use serde_json::Value;

use crate::both;
use crate::common::{client, csrf, database_url, Backend, TestApp};

both!(
    budget_import_all_or_nothing_and_replace,
    budget_pages_charts_and_downloads,
    budget_tamper_is_detected,
    budget_import_web_page,
    budget_command_line
);

const HEADER: &str = "fiscal_year,agency,programme_code,programme_name,activity_code,activity_name,account_code,account_name,plan,real_01,real_02,real_03\n";

fn csv(rows: &[&str]) -> String {
    let mut s = HEADER.to_string();
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

const DINKES_1: &str = "2026,dinkes,1.02.02,Program Upaya Kesehatan,1.02.02.2.01,Fasilitas Kesehatan,5.2.02.07.01.0001,Belanja Modal Alat Kedokteran Umum,3000000000,100000000,250000000,";
const DINKES_2: &str = "2026,dinkes,1.02.02,Program Upaya Kesehatan,1.02.02.2.02,Layanan Rujukan,5.1.02.01.01.0046,Belanja Obat-Obatan,1500000000,120000000,130000000,140000000";
const DISDIK_1: &str = "2026,disdik,1.01.02,Program Pengelolaan Pendidikan,1.01.02.2.02,Pendidikan SD,5.2.03.01.01.0003,Belanja Modal Bangunan Gedung Tempat Pendidikan,9000000000,0,500000000,900000000";

async fn import(app: &TestApp, token: &str, body: &str, content_type: &str) -> (u16, Value) {
    let r = app
        .client
        .post(app.url("/api/v1/budget/import"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body.to_string())
        .send()
        .await
        .expect("import");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn year(app: &TestApp, query: &str) -> Value {
    let (s, v) = app.get_json(&format!("/api/v1/budget?{query}")).await;
    assert_eq!(s, 200, "{v}");
    v
}

async fn budget_import_all_or_nothing_and_replace(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.staff(Role::AgencyAdmin, Some("dinkes"), "admin@dinkes.id").await;
    let officer = app.staff(Role::Officer, Some("dinkes"), "petugas@dinkes.id").await;
    let platform = app.staff(Role::SuperAdmin, None, "super@satupintu.id").await;

    let (s, v) = import(&app, &admin, &csv(&[DINKES_1, DINKES_2]), "text/csv").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["lines"], 2);
    let y = year(&app, "year=2026").await;
    assert_eq!(y["totals"]["plan"], 4_500_000_000i64);
    assert_eq!(y["totals"]["realised"], 740_000_000i64);
    assert_eq!(y["lines"][0]["line"]["realisation"].as_array().map(Vec::len), Some(12));

    // A bad file: every problem is named with its row and field, and nothing changes.
    let bad = csv(&[DINKES_1, "2026,dinkes,1.02.02,P,1.02.02.2.09,A,5.1.x,Nama,-1", "20x6,dinkes,1,P,1.2,A,5.1,N,1"]);
    let (s, v) = import(&app, &admin, &bad, "text/csv").await;
    assert_eq!(s, 422, "{v}");
    let details = v["error"]["details"].as_object().expect("details").clone();
    for key in ["row 3: account_code", "row 3: plan", "row 4: fiscal_year"] {
        assert!(details.contains_key(key), "{key} missing in {details:?}");
    }
    assert_eq!(year(&app, "year=2026").await["lines"].as_array().map(Vec::len), Some(2));

    // An agency admin imports only their own agency; an officer not at all.
    let (s, v) = import(&app, &admin, &csv(&[DISDIK_1]), "text/csv").await;
    assert_eq!(s, 422, "{v}");
    assert!(v["error"]["details"]["lines[0].agency"].is_string(), "{v}");
    let (s, _) = import(&app, &officer, &csv(&[DINKES_1]), "text/csv").await;
    assert_eq!(s, 403);

    // Re-import of the year and agency replaces its lines; other agencies stay.
    let (s, v) = import(&app, &platform, &csv(&[DISDIK_1]), "text/csv").await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = import(&app, &admin, &csv(&[DINKES_2]), "text/csv").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["removed"], 2);
    let y = year(&app, "year=2026").await;
    let lines: Vec<(&str, &str)> = y["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| (l["line"]["agency"].as_str().unwrap_or(""), l["line"]["account_code"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(lines, vec![("dinkes", "5.1.02.01.01.0046"), ("disdik", "5.2.03.01.01.0003")]);

    // JSON in the documented format, and a wrong format name.
    let doc = serde_json::json!({"format": "satupintu.budget/v1", "lines": [{
        "fiscal_year": 2025, "agency": "dinkes", "programme_code": "1.02.02", "programme_name": "Program Upaya Kesehatan",
        "activity_code": "1.02.02.2.01", "activity_name": "Fasilitas", "account_code": "5.1.02.01.01.0024",
        "account_name": "Belanja ATK", "plan": 10_000_000, "realisation": [1_000_000, 2_000_000]}]});
    let (s, v) = import(&app, &admin, &doc.to_string(), "application/json").await;
    assert_eq!(s, 200, "{v}");
    let mut wrong = doc.clone();
    wrong["format"] = "satupintu.budget/v0".into();
    let (s, _) = import(&app, &admin, &wrong.to_string(), "application/json").await;
    assert_eq!(s, 422);
    let y = year(&app, "year=2025&agency=dinkes").await;
    assert_eq!(y["totals"]["realised"], 3_000_000);
    assert_eq!(y["years"], serde_json::json!([2026, 2025]));
    app.stop().await;
}

async fn budget_pages_charts_and_downloads(b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app.get("/anggaran").await;
    assert_eq!(r.status().as_u16(), 200);
    let body = r.text().await.expect("page");
    assert!(!body.contains("<svg"), "no chart without a budget");
    let admin = app.staff(Role::SuperAdmin, None, "super@satupintu.id").await;
    let (s, v) = import(&app, &admin, &csv(&[DINKES_1, DINKES_2, DISDIK_1]), "text/csv").await;
    assert_eq!(s, 200, "{v}");

    let body = app.get("/anggaran?tahun=2026").await.text().await.expect("page");
    // Two charts, each an image with a title and a description, and a table beneath each.
    assert_eq!(body.matches("<svg class=\"chart\"").count(), 2, "{body}");
    assert_eq!(body.matches("role=\"img\"").count(), 2);
    assert!(body.contains("aria-labelledby=\"chart-agencies-t chart-agencies-d\""));
    assert!(body.contains("<polyline"), "the monthly line chart");
    assert!(body.contains("id=\"table-agencies\"") && body.contains("id=\"table-months\""));
    assert!(body.contains("Dinas Kesehatan") && body.contains("Rp 4.500.000.000"));
    assert!(body.contains("href=\"/anggaran/2026/dinkes\""));

    let body = app.get("/anggaran/2026/dinkes").await.text().await.expect("drill-down");
    for text in ["Program Upaya Kesehatan", "Fasilitas Kesehatan", "5.2.02.07.01.0001", "Belanja Obat-Obatan"] {
        assert!(body.contains(text), "{text}");
    }
    assert!(!body.contains("sp-ledger-mismatch"));
    assert_eq!(app.get("/anggaran/2026/tidak-ada").await.status().as_u16(), 404);
    assert_eq!(app.get("/anggaran/abc/dinkes").await.status().as_u16(), 404);

    // Downloads: CSV and JSON of the year and of an agency; both import again as they are.
    let r = app.get("/anggaran/unduh?tahun=2026&format=csv").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"].to_str().expect("as expected").starts_with("text/csv"));
    assert!(r.headers()["content-disposition"].to_str().expect("as expected").contains("anggaran-2026.csv"));
    let text = r.text().await.expect("csv");
    assert!(text.starts_with("fiscal_year,agency,programme_code"));
    assert_eq!(text.lines().count(), 4);
    let r = app.get("/anggaran/unduh?tahun=2026&instansi=disdik&format=json").await;
    assert_eq!(r.status().as_u16(), 200);
    let doc: Value = r.json().await.expect("json");
    assert_eq!(doc["format"], "satupintu.budget/v1");
    assert_eq!(doc["lines"].as_array().map(Vec::len), Some(1));
    let (s, v) = import(&app, &admin, &text, "text/csv").await;
    assert_eq!((s, v["lines"].as_i64()), (200, Some(3)), "the CSV download imports again");
    assert_eq!(app.get("/anggaran/unduh?tahun=1999&format=csv").await.status().as_u16(), 404);
    assert_eq!(app.get("/anggaran/unduh?tahun=2026&format=xls").await.status().as_u16(), 404);

    // The read API is in the OpenAPI document.
    let (_, doc) = app.get_json("/api/v1/openapi.json").await;
    assert!(doc["paths"]["/api/v1/budget"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/budget/import"]["post"].is_object());
    app.stop().await;
}

async fn budget_tamper_is_detected(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.staff(Role::SuperAdmin, None, "super@satupintu.id").await;
    let (s, _) = import(&app, &admin, &csv(&[DINKES_1, DINKES_2]), "text/csv").await;
    assert_eq!(s, 200);
    let y = year(&app, "year=2026").await;
    assert!(y["lines"].as_array().expect("lines").iter().all(|l| l["matches_ledger"] == true), "{y}");
    // Checked against the sequenced log too, not only the queue.
    app.ledger_settled().await;
    let y = year(&app, "year=2026").await;
    assert!(y["lines"].as_array().expect("lines").iter().all(|l| l["matches_ledger"] == true), "{y}");

    // Someone with database access raises a plan quietly.
    sqlx::query("UPDATE budget_lines SET plan = plan + 1000000 WHERE account_code = '5.1.02.01.01.0046'")
        .execute(app.state.db.pool())
        .await
        .expect("tamper");
    let y = year(&app, "year=2026").await;
    let flags: Vec<(String, bool)> = y["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| (l["line"]["account_code"].as_str().unwrap_or("").to_string(), l["matches_ledger"] == true))
        .collect();
    assert_eq!(flags, vec![("5.2.02.07.01.0001".to_string(), true), ("5.1.02.01.01.0046".to_string(), false)]);
    let body = app.get("/anggaran/2026/dinkes").await.text().await.expect("page");
    assert_eq!(body.matches("sp-ledger-mismatch").count(), 1);
    assert!(body.contains("govuk-warning-text"));
    let body = app.get("/anggaran").await.text().await.expect("page");
    assert!(body.contains("govuk-warning-text"), "the year page warns too");

    // A legitimate re-import (a later second) matches again; putting a line back to the values
    // of the replaced import does not: only the latest import's hashes count.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let revised = DINKES_2.replace(",1500000000,", ",1600000000,");
    let (s, _) = import(&app, &admin, &csv(&[DINKES_1, &revised]), "text/csv").await;
    assert_eq!(s, 200);
    let y = year(&app, "year=2026").await;
    assert!(y["lines"].as_array().expect("lines").iter().all(|l| l["matches_ledger"] == true), "{y}");
    sqlx::query("UPDATE budget_lines SET plan = 1500000000 WHERE account_code = '5.1.02.01.01.0046'")
        .execute(app.state.db.pool())
        .await
        .expect("replay");
    let y = year(&app, "year=2026").await;
    let stale: Vec<&Value> =
        y["lines"].as_array().expect("lines").iter().filter(|l| l["matches_ledger"] == false).collect();
    assert_eq!(stale.len(), 1, "{y}");
    app.stop().await;
}

async fn budget_import_web_page(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.staff(Role::AgencyAdmin, Some("dinkes"), "admin@dinkes.id").await;
    let web: Client = app.browser("admin@dinkes.id", "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    let page = web.get(app.url("/kelola/anggaran")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("type=\"file\""));
    let token = csrf(&page);
    let send = |body: String| {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", token.clone())
            .part("file", reqwest::multipart::Part::text(body).file_name("anggaran.csv"));
        web.post(app.url("/kelola/anggaran")).multipart(form).send()
    };
    let r = send(csv(&[DINKES_1, "2026,dinkes,1,P,1.1,A,5.1,N,abc"])).await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.expect("page");
    assert!(body.contains("row 3: plan") && body.contains("govuk-error-summary"), "{body}");
    let r = send(csv(&[DINKES_1])).await.expect("post");
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.expect("page").contains("href=\"/anggaran/2026/dinkes\""));
    // Signed out: to the sign-in page; a citizen: refused.
    let r = client().get(app.url("/kelola/anggaran")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 303);
    app.stop().await;
}

/// `satupintu import-budget FILE`: the demo budget imports; a bad file names its problems and
/// exits non-zero.
async fn budget_command_line(b: Backend) {
    use crate::cli::satupintu;
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let d = dir.path();
    let (ok, _, err) = satupintu(d, &url, &["migrate"], None);
    assert!(ok, "{err}");
    for (name, text) in
        [("catalog.json", satupintu::demo::CATALOG), ("agencies.json", satupintu::demo::REPORT_AGENCIES)]
    {
        let file = d.join(name);
        std::fs::write(&file, text).expect("write");
        let (ok, _, err) = satupintu(d, &url, &["import-catalog", file.to_str().expect("path")], None);
        assert!(ok, "{err}");
    }
    let demo = d.join("anggaran.csv");
    std::fs::write(&demo, satupintu::budget::DEMO).expect("write");
    let (ok, out, err) = satupintu(d, &url, &["import-budget", demo.to_str().expect("path")], None);
    assert!(ok, "{err}");
    assert!(out.contains("2026 dpupr: replaced") && out.contains("lines: 62 imported, 0 removed"), "{out}");
    let bad = d.join("bad.csv");
    std::fs::write(&bad, csv(&[DINKES_1, "2026,dinkes,1,P,1.1,A,5.1,N,abc"])).expect("write");
    let (ok, _, err) = satupintu(d, &url, &["import-budget", bad.to_str().expect("path")], None);
    assert!(!ok, "a bad file exits non-zero");
    assert!(err.contains("row 3: plan"), "{err}");
}
