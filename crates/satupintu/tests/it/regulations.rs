//! Regulations and policies: an agency admin publishes a regulation and an amended version
//! through the pages, citizens read, compare and download them, the API lists them, each
//! version's text is sealed by the ledger (a silent edit is caught), and bad input changes
//! nothing.

use reqwest::Client;
use satupintu::identity::Role;
use serde_json::Value;

use crate::both;
use crate::common::{post_form as post, Backend, TestApp};

both!(admins_publish_and_amend_citizens_read_and_compare, a_silent_edit_of_a_stored_text_is_caught);

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

async fn admin(app: &TestApp, agency: Option<&str>, email: &str) -> Client {
    let role = if agency.is_some() { Role::AgencyAdmin } else { Role::SuperAdmin };
    app.staff(role, agency, email).await;
    app.browser(email, "rahasia-staf-1", role.requires_totp().then_some(SECRET)).await
}

const BODY_V1: &str = "BAB I\nKETENTUAN UMUM\n\nPasal 1\nLayanan kependudukan dibuka setiap hari kerja.\n\nPasal 2\n(1) Permohonan diajukan secara daring.\n(2) Dokumen terbit paling lama 5 hari kerja.";

fn draft<'a>(title: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "keputusan"),
        ("number", "470/12/2026"),
        ("year", "2026"),
        ("title", title),
        ("agency_id", "disdukcapil"),
        ("subject", "adminduk, jam layanan"),
        ("enacted_on", "2026-02-02"),
        ("effective_on", "2026-02-09"),
        ("body", body),
    ]
}

async fn count(app: &TestApp) -> i64 {
    let (_, v) = app.get_json("/api/v1/regulations").await;
    v["total"].as_i64().expect("total")
}

async fn admins_publish_and_amend_citizens_read_and_compare(b: Backend) {
    let app = TestApp::spawn(b).await;
    let dukcapil = admin(&app, Some("disdukcapil"), "admin@dukcapil.id").await;
    // Bad input: every problem named, 422, nothing stored.
    let mut bad = draft("abc", "pendek");
    bad[0] = ("kind", "undang-undang");
    bad[7] = ("effective_on", "2026-01-01");
    let (s, _, html) = post(&app, &dukcapil, "/kelola/regulasi", "/kelola/regulasi", &bad).await;
    assert_eq!(s, 422);
    for msg in [
        "Pilih jenis produk hukum",
        "Isi judul antara 5 dan 300",
        "Tanggal berlaku tidak boleh",
        "Isi teks produk hukum",
    ] {
        assert!(html.contains(msg), "{msg} missing");
    }
    // Another agency's document is refused.
    let mut other = draft("Jam layanan Dinas Sosial", BODY_V1);
    other[4] = ("agency_id", "dinsos");
    let (s, _, html) = post(&app, &dukcapil, "/kelola/regulasi", "/kelola/regulasi", &other).await;
    assert!(s == 422 && html.contains("instansi Anda sendiri"), "{s}");
    assert_eq!(count(&app).await, 0);

    // Published: the public page shows the articles.
    let (s, location, _) =
        post(&app, &dukcapil, "/kelola/regulasi", "/kelola/regulasi", &draft("Jam Layanan Kependudukan", BODY_V1))
            .await;
    assert_eq!((s, location.as_str()), (303, "/regulasi/keputusan-2026-470-12-2026"));
    let id = "keputusan-2026-470-12-2026";
    let page = app.get(&format!("/regulasi/{id}")).await.text().await.expect("page");
    assert!(page.contains("Keputusan Nomor 470/12/2026 Tahun 2026"), "citation");
    assert!(page.contains(r#"id="pasal-2""#) && page.contains("(2) Dokumen terbit paling lama 5 hari kerja."));
    // The same number again is refused.
    let (s, _, html) =
        post(&app, &dukcapil, "/kelola/regulasi", "/kelola/regulasi", &draft("Jam Layanan Lagi", BODY_V1)).await;
    assert!(s == 422 && html.contains("sudah ada"), "{s}");

    // An amendment needs a note; with one it becomes version 2.
    let body_v2 = BODY_V1.replace("5 hari kerja", "3 hari kerja");
    let edit = format!("/kelola/regulasi/{id}");
    let action = format!("{edit}/versi");
    let mut amend = vec![
        ("title", "Jam Layanan Kependudukan"),
        ("subject", "adminduk"),
        ("enacted_on", "2026-06-01"),
        ("effective_on", "2026-06-15"),
        ("note", ""),
        ("body", body_v2.as_str()),
    ];
    let (s, _, _) = post(&app, &dukcapil, &edit, &action, &amend).await;
    assert_eq!(s, 422);
    amend[4] = ("note", "Mempercepat penerbitan menjadi 3 hari kerja (Pasal 2).");
    let (s, location, _) = post(&app, &dukcapil, &edit, &action, &amend).await;
    assert_eq!((s, location), (303, format!("/regulasi/{id}/versi/2")));

    // Citizens (signed out) see the history, compare and download.
    let (s, v) = app.get_json(&format!("/api/v1/regulations/{id}")).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["regulation"]["current_version"], 2);
    assert_eq!(v["versions"].as_array().map(Vec::len), Some(2));
    assert!(v["current"]["body"].as_str().is_some_and(|b| b.contains("3 hari kerja")));
    let (_, old) = app.get_json(&format!("/api/v1/regulations/{id}/versions/1")).await;
    assert!(old["version"]["body"].as_str().is_some_and(|b| b.contains("5 hari kerja")));
    let cmp = app.get(&format!("/regulasi/{id}/perbandingan?dari=1&ke=2")).await.text().await.expect("compare");
    assert!(cmp.contains("<del class=\"sp-diff__line sp-diff__line--removed\">"), "removed line");
    assert!(cmp.contains("(2) Dokumen terbit paling lama 3 hari kerja.</ins>"), "added line");
    assert!(!cmp.contains("Layanan kependudukan dibuka"), "far unchanged lines are left out");
    let old_page = app.get(&format!("/regulasi/{id}/versi/1")).await.text().await.expect("v1");
    assert!(old_page.contains("Anda melihat versi 1"));
    let txt = app.get(&format!("/regulasi/{id}/versi/2/teks")).await;
    assert!(txt.headers()["content-disposition"].to_str().expect("cd").contains("attachment"));
    assert!(txt.text().await.expect("text").contains("3 hari kerja"));
    // Filters and search.
    let (_, v) = app.get_json("/api/v1/regulations?kind=keputusan&year=2026&agency=disdukcapil&q=kependudukan").await;
    assert_eq!(v["total"], 1);
    let (_, v) = app.get_json("/api/v1/regulations?kind=perda").await;
    assert_eq!(v["total"], 0);
    // The filter form sends empty fields; anything else that is not a number is a clear 400.
    let r = app.get("/regulasi?q=&kind=&year=&agency=&status=").await;
    assert_eq!(r.status().as_u16(), 200);
    let r = app.get("/regulasi?year=dua-ribu").await;
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.expect("page").contains("Parameter alamat (query string) tidak sah"));
    let (s, v) = app.get_json("/api/v1/regulations?page=0").await;
    assert!(s == 400 && v["error"]["code"].is_string(), "{v}");
    assert_eq!(app.get(&format!("/regulasi/{id}/perbandingan?dari=x")).await.status().as_u16(), 400);
    assert_eq!(app.get(&format!("/regulasi/{id}/perbandingan?dari=7")).await.status().as_u16(), 404);
    let (s, _) = app.get_json("/api/v1/regulations/..%2Fetc").await;
    assert_eq!(s, 404);
    let (s, _) = app.get_json(&format!("/api/v1/regulations/{id}/versions/9")).await;
    assert_eq!(s, 404);

    // Revoked: shown as such, and it cannot be amended any more.
    let status_action = format!("{edit}/status");
    let (s, _, _) = post(&app, &dukcapil, &edit, &status_action, &[("status", "revoked"), ("status_note", "")]).await;
    assert_eq!(s, 422, "a revocation needs a note");
    let (s, _, _) = post(
        &app,
        &dukcapil,
        &edit,
        &status_action,
        &[("status", "revoked"), ("status_note", "Dicabut dengan Keputusan 470/20/2026")],
    )
    .await;
    assert_eq!(s, 303);
    let page = app.get(&format!("/regulasi/{id}")).await.text().await.expect("page");
    assert!(page.contains("sudah tidak berlaku") && page.contains("Dicabut dengan Keputusan 470/20/2026"));
    amend[4] = ("note", "Perubahan setelah dicabut");
    let (s, _, _) = post(&app, &dukcapil, &edit, &action, &amend).await;
    assert_eq!(s, 409);
    let (_, v) = app.get_json(&format!("/api/v1/regulations/{id}")).await;
    assert_eq!(v["regulation"]["current_version"], 2);

    // Another agency's admin cannot manage it.
    let dinsos = admin(&app, Some("dinsos"), "admin@dinsos.id").await;
    assert_eq!(dinsos.get(app.url(&edit)).send().await.expect("get").status().as_u16(), 403);
    app.stop().await;
}

async fn a_silent_edit_of_a_stored_text_is_caught(b: Backend) {
    let app = TestApp::spawn(b).await;
    let platform = admin(&app, None, "super@satupintu.id").await;
    let mut fields = draft("Penyelenggaraan Pelayanan Publik", BODY_V1);
    fields[0] = ("kind", "perda");
    fields[1] = ("number", "3");
    fields[4] = ("agency_id", "");
    let (s, _, _) = post(&app, &platform, "/kelola/regulasi", "/kelola/regulasi", &fields).await;
    assert_eq!(s, 303);
    let id = "perda-2026-3";
    app.ledger_settled().await;
    let seal = |v: &Value| v["seal"].clone();
    let (_, v) = app.get_json(&format!("/api/v1/regulations/{id}")).await;
    assert_eq!(seal(&v)["state"], "matches", "{v}");
    assert_eq!(seal(&v)["verified"], true);
    // The ledger entry names the version and carries the text's hash, not the text.
    let index = seal(&v)["index"].as_u64().expect("index");
    let (_, entry) = app.get_json(&format!("/api/v1/ledger/entries/{index}")).await;
    let leaf: Value = serde_json::from_str(entry["entry"].as_str().expect("entry")).expect("leaf");
    assert_eq!(leaf["type"], "regulation.version");
    assert_eq!(leaf["data"]["ref"], "PERDA-2026-3-V1");
    assert!(!entry["entry"].as_str().unwrap_or_default().contains("Pasal"));

    // Someone edits the stored text behind the platform's back.
    sqlx::query("UPDATE regulation_versions SET body = REPLACE(body, '5 hari', '50 hari') WHERE regulation_id = $1")
        .bind(id)
        .execute(app.state.db.pool())
        .await
        .expect("tamper");
    let (_, v) = app.get_json(&format!("/api/v1/regulations/{id}")).await;
    assert_eq!(seal(&v)["state"], "differs", "{v}");
    let page = app.get(&format!("/regulasi/{id}")).await.text().await.expect("page");
    assert!(page.contains("TIDAK sesuai dengan entri"), "the page warns");
    app.stop().await;
}
