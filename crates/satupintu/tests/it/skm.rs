//! The satisfaction survey (SKM): a finished application invites its citizen once (even with two
//! processes running the job), with one reminder; only that citizen answers, once, with valid
//! scores; kiosk answers count; the public page, the API and the dashboards' contract show the
//! IKM computed by hand; the official report is exported to staff and refused to citizens; the
//! `skm ikm` command computes a paper survey's IKM and refuses a file with bad rows.

use reqwest::{Client, Method};
use satupintu::identity::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{csrf, Backend, TestApp, NIK_A, NIK_B};

both!(invited_once_reminded_once_answered_once, kiosk_answers_and_the_official_report);

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const DAY: i64 = 86_400;

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user")
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(app.state.db.pool()).await.expect("count")
}

/// An application of `citizen` completed now at Disdukcapil (as its workflow leaves it).
async fn completed_application(app: &TestApp, citizen: i64, code: &str) {
    let pool = app.state.db.pool();
    let now = satupintu::db::now();
    sqlx::query(
        "INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, status, fields_json, \
         submitted_at, created_at, updated_at) VALUES ($1, 'akta-kelahiran', 1, 'disdukcapil', $2, 'completed', '{}', $3, $3, $3)",
    )
    .bind(code)
    .bind(citizen)
    .bind(now - 3 * DAY)
    .execute(pool)
    .await
    .expect("application");
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM applications WHERE code = $1").bind(code).fetch_one(pool).await.expect("id");
    sqlx::query(
        "INSERT INTO application_events (application_id, at, actor_role, action, from_status, to_status) \
         VALUES ($1, $2, 'officer', 'complete', 'in_review', 'completed')",
    )
    .bind(id)
    .bind(now)
    .execute(pool)
    .await
    .expect("event");
}

/// A report closed now by the DPUPR (from `reporter`'s account, or sent without one).
async fn closed_report(app: &TestApp, reporter: Option<i64>, code: &str) {
    let pool = app.state.db.pool();
    let now = satupintu::db::now();
    sqlx::query(
        "INSERT INTO reports (code, category, description, privacy, status, reporter_id, agency_id, created_at, updated_at) \
         VALUES ($1, 'jalan', 'Jalan berlubang di depan sekolah', 'public', 'closed', $2, 'dpupr', $3, $3)",
    )
    .bind(code)
    .bind(reporter)
    .bind(now - 5 * DAY)
    .execute(pool)
    .await
    .expect("report");
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM reports WHERE code = $1").bind(code).fetch_one(pool).await.expect("id");
    sqlx::query(
        "INSERT INTO report_events (report_id, at, actor_role, action, from_status, to_status, public) \
         VALUES ($1, $2, 'officer', 'close', 'resolved', 'closed', 1)",
    )
    .bind(id)
    .bind(now)
    .execute(pool)
    .await
    .expect("event");
}

fn this_month() -> String {
    satupintu::skm::model::month_of(satupintu::db::now(), 7)
}

fn answer(scores: [i64; 9], suggestion: &str) -> Value {
    let mut v = json!({"suggestion": suggestion});
    for (i, s) in scores.iter().enumerate() {
        v[format!("u{}", i + 1)] = json!(s);
    }
    v
}

fn form(scores: &[(usize, &str)]) -> Vec<(String, String)> {
    scores.iter().map(|(i, v)| (format!("u{i}"), v.to_string())).collect()
}

async fn post_form(
    app: &TestApp,
    c: &Client,
    page: &str,
    action: &str,
    fields: &[(String, String)],
) -> (u16, String, String) {
    let html = c.get(app.url(page)).send().await.expect("get").text().await.expect("page");
    let mut all = vec![("_csrf".to_string(), csrf(&html))];
    all.extend_from_slice(fields);
    let r = c.post(app.url(action)).form(&all).send().await.expect("post");
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, location, r.text().await.unwrap_or_default())
}

async fn invited_once_reminded_once_answered_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let siti_id = user_id(&app, "siti@contoh.id").await;
    completed_application(&app, siti_id, "SP-2026-900001").await;

    // The job invites once, however often it runs.
    let run = satupintu::skm::service::run_once(&app.state).await.expect("job");
    assert_eq!(run.invited, 1);
    let again = satupintu::skm::service::run_once(&app.state).await.expect("job");
    assert_eq!(again.invited, 0, "a second run invites nobody again");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM skm_invitations").await, 1);
    let invites = count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'skm_invite'").await;
    assert!(invites >= 1, "the invitation goes through the outbox");
    let (s, list) = app.api(Method::GET, "/api/v1/skm/invitations", Some(&siti), None).await;
    assert_eq!(s, 200, "{list}");
    let id = list["items"][0]["id"].as_i64().expect("invitation id");
    assert_eq!(list["items"][0]["source_kind"], "application");
    let (_, none) = app.api(Method::GET, "/api/v1/skm/invitations", Some(&budi), None).await;
    assert_eq!(none["items"].as_array().map(Vec::len), Some(0), "Budi sees no one else's invitation");

    // A closed report invites its signed-in reporter; one sent without an account invites nobody.
    let budi_id = user_id(&app, "budi@contoh.id").await;
    closed_report(&app, Some(budi_id), "LP-2026-900001").await;
    closed_report(&app, None, "LP-2026-900002").await;
    let run = satupintu::skm::service::run_once(&app.state).await.expect("job");
    assert_eq!(run.invited, 1);
    let (_, mine) = app.api(Method::GET, "/api/v1/skm/invitations", Some(&budi), None).await;
    assert_eq!(mine["items"][0]["source_kind"], "report", "{mine}");
    assert_eq!(mine["items"][0]["agency_id"], "dpupr");

    // Two processes on one database, one more finished item: one invitation.
    let other = app.another_process().await;
    completed_application(&app, siti_id, "SP-2026-900002").await;
    let (a, b2) =
        tokio::join!(satupintu::skm::service::run_once(&app.state), satupintu::skm::service::run_once(&other.state));
    // (The new process's own invitation job runs at its start too and may be the one that
    // invites: what counts is one invitation and one notice in all.)
    assert!(a.expect("job").invited + b2.expect("job").invited <= 1, "two processes invite once");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM skm_invitations").await, 3);
    assert_eq!(count(&app, "SELECT COUNT(DISTINCT payload_json) FROM outbox WHERE kind = 'skm_invite'").await, 3);
    other.stop().await;

    // One reminder after three days, never a second.
    let now = satupintu::db::now();
    let early = satupintu::skm::service::run_at(&app.state, now + DAY).await.expect("job");
    assert_eq!(early.reminded, 0, "no reminder before three days");
    let later = satupintu::skm::service::run_at(&app.state, now + 3 * DAY + 60).await.expect("job");
    assert_eq!(later.reminded, 3);
    let again = satupintu::skm::service::run_at(&app.state, now + 5 * DAY).await.expect("job");
    assert_eq!(again.reminded, 0, "one reminder only");
    let reminders = count(&app, "SELECT COUNT(DISTINCT idempotency_key) FROM outbox WHERE kind = 'skm_reminder'").await;
    assert_eq!(
        reminders,
        3 * count(&app, "SELECT COUNT(DISTINCT channel) FROM outbox WHERE kind = 'skm_reminder'").await
    );

    // Before any answer: the unit has a population of 2 and no respondents (too few).
    let month = this_month();
    let (s, ikm) = app.get_json(&format!("/api/v1/skm/ikm?agency=disdukcapil&period={month}")).await;
    assert_eq!(s, 200, "{ikm}");
    assert_eq!(ikm["units"][0]["population"], 2);
    assert_eq!(ikm["units"][0]["respondents"], 0);
    assert_eq!(ikm["units"][0]["ikm"], Value::Null);
    assert_eq!(ikm["units"][0]["too_few"], true);
    let public = app.get(&format!("/survei-kepuasan?periode={month}")).await.text().await.expect("page");
    assert!(public.contains("kurang dari sampel minimum"), "the public page warns of too few answers");

    // Another citizen cannot answer Siti's invitation.
    let path = format!("/api/v1/skm/invitations/{id}/response");
    let (s, _) = app.api(Method::POST, &path, Some(&budi), Some(answer([4; 9], ""))).await;
    assert_eq!(s, 403);
    // Invalid scores: 422 with the fields, nothing stored.
    let mut bad = answer([4, 3, 5, 4, 2, 1, 4, 3, 3], "");
    bad.as_object_mut().expect("object").remove("u9");
    let (s, body) = app.api(Method::POST, &path, Some(&siti), Some(bad)).await;
    assert_eq!(s, 422, "{body}");
    let text = body.to_string();
    assert!(text.contains("u3") && text.contains("u9") && !text.contains("\"u1\""), "{body}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM skm_responses").await, 0, "nothing stored");
    // A valid answer, once.
    let (s, body) = app
        .api(Method::POST, &path, Some(&siti), Some(answer([4, 3, 3, 4, 2, 1, 4, 3, 3], "Antrean lebih cepat")))
        .await;
    assert_eq!(s, 201, "{body}");
    let (s, _) = app.api(Method::POST, &path, Some(&siti), Some(answer([4; 9], ""))).await;
    assert_eq!(s, 409, "answering twice is refused");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM skm_responses").await, 1);

    // 27 points of 36: IKM = 25 × 27 / 9 = 75.00, category C.
    let (_, ikm) = app.get_json(&format!("/api/v1/skm/ikm?agency=disdukcapil&period={month}")).await;
    assert_eq!(ikm["units"][0]["ikm"], 75.0);
    assert_eq!(ikm["units"][0]["category"], "C");
    assert_eq!(ikm["units"][0]["respondents"], 1);
    assert_eq!(ikm["units"][0]["elements"][5], 1.0);

    // The second invitation through the page, without JavaScript: errors first, then thanks.
    let web = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let mine = web.get(app.url("/survei")).send().await.expect("get").text().await.expect("page");
    let second: i64 =
        sqlx::query_scalar("SELECT id FROM skm_invitations WHERE answered_at IS NULL AND source_kind = 'application'")
            .fetch_one(app.state.db.pool())
            .await
            .expect("second");
    assert!(mine.contains(&format!("/survei/{second}")), "the citizen's list links the open survey");
    let page = format!("/survei/{second}");
    let (s, _, html) = post_form(&app, &web, &page, &page, &form(&[(1, "4"), (2, "4")])).await;
    assert_eq!(s, 422);
    assert!(html.contains("Pilih satu jawaban") && html.contains("href=\"#u3\""), "field errors link their group");
    let all: Vec<(usize, &str)> = (1..=9).map(|i| (i, "4")).collect();
    let (s, location, _) = post_form(&app, &web, &page, &page, &form(&all)).await;
    assert_eq!((s, location.as_str()), (303, page.as_str()));
    let done = web.get(app.url(&page)).send().await.expect("get").text().await.expect("page");
    assert!(done.contains("Sudah dijawab"), "the page says it was answered");
    // Budi's browser cannot open Siti's survey.
    let budi_web = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;
    assert_eq!(budi_web.get(app.url(&page)).send().await.expect("get").status().as_u16(), 403);

    // Pooled: (27 + 36) / 2 respondents → 25 × 63 / 18 = 87.50 (B); the public page shows it.
    let (_, ikm) = app.get_json(&format!("/api/v1/skm/ikm?agency=disdukcapil&period={month}")).await;
    assert_eq!((ikm["units"][0]["ikm"].as_f64(), ikm["units"][0]["category"].as_str()), (Some(87.5), Some("B")));
    let public =
        app.get(&format!("/survei-kepuasan?instansi=disdukcapil&periode={month}")).await.text().await.expect("page");
    assert!(public.contains(">87.50<") && public.contains("Baik"), "the public page shows the IKM");
    // The dashboards' contract.
    let rows =
        satupintu::skm::service::monthly_ikm(&app.state.db, std::slice::from_ref(&month)).await.expect("monthly");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].agency_id.as_str(), rows[0].ikm, rows[0].category, rows[0].respondents),
        ("disdukcapil", Some(87.5), Some('B'), 2)
    );
    app.stop().await;
}

async fn kiosk_answers_and_the_official_report(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.staff(Role::Officer, Some("disdukcapil"), "loket@dukcapil.id").await;
    let kiosk = app.browser("loket@dukcapil.id", "rahasia-staf-1", None).await;
    let month = this_month();

    // Walk-ins answer one after another; each is one response, the form comes back empty.
    let first: Vec<(usize, &str)> = (1..=9).map(|i| (i, if i == 9 { "3" } else { "4" })).collect();
    let mut fields = form(&first);
    fields.push(("suggestion".into(), "Ruang tunggu nyaman".into()));
    let (s, location, _) = post_form(&app, &kiosk, "/skm/kiosk", "/skm/kiosk", &fields).await;
    assert_eq!((s, location.as_str()), (303, "/skm/kiosk?terima=1"));
    let page = kiosk.get(app.url("/skm/kiosk?terima=1")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Terima kasih") && !page.contains("checked"), "thanks, and an empty form");
    let second: Vec<(usize, &str)> = (1..=9).map(|i| (i, "2")).collect();
    let (s, _, _) = post_form(&app, &kiosk, "/skm/kiosk", "/skm/kiosk", &form(&second)).await;
    assert_eq!(s, 303);
    // A bad kiosk answer is refused and stores nothing.
    let (s, _, _) = post_form(&app, &kiosk, "/skm/kiosk", "/skm/kiosk", &form(&[(1, "0")])).await;
    assert_eq!(s, 422);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM skm_responses WHERE channel = 'kiosk'").await, 2);
    // CSRF is required.
    let r = kiosk.post(app.url("/skm/kiosk")).form(&form(&second)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 400);

    // (35 + 18) points over 2 respondents: 25 × 53 / 18 = 73.61 (C); no services delivered, so
    // the minimum sample is 0.
    let (_, ikm) = app.get_json(&format!("/api/v1/skm/ikm?period={month}")).await;
    let unit = ikm["units"].as_array().expect("units").iter().find(|u| u["agency_id"] == "disdukcapil").expect("unit");
    assert_eq!(
        (unit["ikm"].as_f64(), unit["category"].as_str(), unit["respondents"].as_i64()),
        (Some(73.61), Some("C"), Some(2))
    );
    let (s, _) = app.get_json("/api/v1/skm/ikm?period=2026-13").await;
    assert_eq!(s, 400, "a bad period is a bad query");

    // The official report: to the agency's admin, as CSV and PDF.
    app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;
    let admin = app.browser("admin@dukcapil.id", "rahasia-staf-1", Some(SECRET)).await;
    let page = admin.get(app.url("/kelola/skm")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("73.61") && page.contains("Ruang tunggu nyaman"), "the staff page shows IKM and suggestions");
    let r = admin.get(app.url(&format!("/kelola/skm/laporan.csv?periode={month}"))).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("text/csv"));
    let csv = r.text().await.expect("csv");
    assert!(csv.contains("ikm,73.61") && csv.contains("kategori,C") && csv.contains("responden,2"), "{csv}");
    assert!(csv.contains("U9,Sarana dan prasarana,2.50,0.278,62.50"), "{csv}");
    assert!(csv.contains("Ruang tunggu nyaman"), "{csv}");
    let r = admin.get(app.url(&format!("/kelola/skm/laporan.pdf?periode={month}"))).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    let pdf = r.bytes().await.expect("pdf");
    assert!(pdf.starts_with(b"%PDF"));
    let shown = satupintu::documents::pdf::shown_text(&pdf).join("\n");
    assert!(shown.contains("IKM 73.61 (C"), "{shown}");

    // Refused to citizens, and to another agency's admin asking for this one.
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let citizen = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    for path in ["/kelola/skm/laporan.csv", "/kelola/skm/laporan.pdf", "/kelola/skm", "/skm/kiosk"] {
        assert_eq!(citizen.get(app.url(path)).send().await.expect("get").status().as_u16(), 403, "{path}");
    }
    app.staff(Role::AgencyAdmin, Some("samsat"), "admin@samsat.id").await;
    let other = app.browser("admin@samsat.id", "rahasia-staf-1", Some(SECRET)).await;
    let r = other.get(app.url("/kelola/skm/laporan.csv?instansi=disdukcapil")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 403);

    // Someone pressing "send" over and over: after six answers in a minute the kiosk waits.
    for _ in 0..4 {
        let (s, _, _) = post_form(&app, &kiosk, "/skm/kiosk", "/skm/kiosk", &form(&second)).await;
        assert_eq!(s, 303);
    }
    let (s, _, _) = post_form(&app, &kiosk, "/skm/kiosk", "/skm/kiosk", &form(&second)).await;
    assert_eq!(s, 429, "the kiosk's rate guard");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM skm_responses WHERE channel = 'kiosk'").await, 6);
    app.stop().await;
}

#[test]
fn the_skm_ikm_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let good = d.join("survei.csv");
    // 120 respondents of 30 points each: 25 × 30 / 9 = 83.33 (B). Columns found by name.
    let mut text = String::from("no,U1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n");
    for i in 0..120 {
        text.push_str(&format!("{i},4,4,3,3,4,3,3,3,3,\"cepat, ramah\"\n"));
    }
    std::fs::write(&good, &text).expect("write");
    let file = good.to_str().expect("path");
    let (ok, out, err) = crate::cli::satupintu(d, &None, &["skm", "ikm", file], None);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "IKM 83.33 (B), 120 responden");
    let (ok, out, err) = crate::cli::satupintu(d, &None, &["skm", "ikm", "--json", file], None);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), r#"{"ikm": 83.33, "category": "B", "respondents": 120}"#);
    // Bad rows: each reported with its line, non-zero exit, no IKM printed.
    let bad = d.join("salah.csv");
    std::fs::write(&bad, "u1,u2,u3,u4,u5,u6,u7,u8,u9\n4,4,4,4,4,4,4,4,4\n4,4,5,4,4,4,4,4,4\n4,4\n4,4,4,4,4,4,4,4,x\n")
        .expect("write");
    let (ok, out, err) = crate::cli::satupintu(d, &None, &["skm", "ikm", bad.to_str().expect("path")], None);
    assert!(!ok, "bad rows exit non-zero");
    assert!(out.trim().is_empty(), "nothing computed: {out}");
    for line in ["line 3", "line 4", "line 5"] {
        assert!(err.contains(line), "{line} in {err}");
    }
    assert!(!err.contains("line 2:"), "{err}");
}
