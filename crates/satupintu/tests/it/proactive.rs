//! Proactive notices: nothing is sent without consent; with it, one notice per document and
//! threshold however often the job runs (also in two processes at once); a withdrawal stops
//! the next one at once; a child turning 17 (recorded by NIK, or on the same family card)
//! brings one notice with the KTP-el link; suggestions come with their reasons; bad input is
//! refused with localized errors and changes nothing; another citizen's documents are not
//! found.

use reqwest::Client;
use satupintu::proactive::service::{run_once, today};
use serde_json::Value;
use sqlx::Row as _;
use time::Duration;

use crate::both;
use crate::common::{csrf, post_form as post, Backend, TestApp, NIK_A, NIK_B};

both!(
    consent_gates_notices_once_per_threshold_and_withdrawal_stops_them,
    a_child_turning_17_brings_one_notice_with_the_ktp_link,
    suggestions_have_reasons_and_bad_input_changes_nothing,
    documents_issued_by_the_platform_are_watched_too,
    a_withdrawal_cancels_notices_not_yet_sent
);

const PASSWORD: &str = "rahasia-warga-1";

async fn citizen(app: &TestApp, nik: &str, email: &str) -> (i64, String, Client) {
    let token = app.citizen(nik, "Warga Uji", email).await;
    let (_, me) = app.api(reqwest::Method::GET, "/api/v1/me", Some(&token), None).await;
    let id = me["id"].as_i64().expect("id");
    (id, token, app.browser(email, PASSWORD, None).await)
}

/// Post a form of `page` to `action`: status, location and body.
async fn consent(app: &TestApp, c: &Client, kinds: &[&str]) {
    let fields: Vec<(&str, &str)> = kinds.iter().map(|k| ("kind", *k)).collect();
    let page = "/akun/pemberitahuan-proaktif";
    let (s, location, _) = post(app, c, page, page, &fields).await;
    assert_eq!((s, location.as_str()), (303, "/akun/pemberitahuan-proaktif?ok=saved"));
}

/// Notices queued for `user` of `kind` (counted on the e-mail channel: one row per notice).
async fn notices(app: &TestApp, user: i64, kind: &str) -> Vec<Value> {
    let rows = sqlx::query(
        "SELECT payload_json FROM outbox WHERE recipient_id = $1 AND kind = $2 AND channel = 'email' ORDER BY id",
    )
    .bind(user)
    .bind(kind)
    .fetch_all(app.state.db.pool())
    .await
    .expect("outbox");
    rows.iter().map(|r| serde_json::from_str(&r.get::<String, _>(0)).expect("payload")).collect()
}

async fn sent(app: &TestApp, user: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM proactive_sent WHERE user_id = $1")
        .bind(user)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
        .get(0)
}

async fn consent_gates_notices_once_per_threshold_and_withdrawal_stops_them(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (siti, _, web) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let day = today(&app.state);
    // Consent is off until given.
    let page = web.get(app.url("/akun/pemberitahuan-proaktif")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains(r#"value="expiry""#) && !page.contains(" checked"), "every kind is off by default");
    assert!(page.contains(r#"href="/akun/notifikasi""#), "the page explains the channels");
    assert!(page.contains("Saluran Anda saat ini") && page.contains("<li>E-mail</li>"), "e-mail is on");

    let expires = (day + Duration::days(45)).to_string();
    let (s, location, _) = post(
        &app,
        &web,
        "/akun/dokumen-saya",
        "/akun/dokumen-saya",
        &[("kind", "sim-c"), ("label", "SIM motor"), ("number", "1234-5678-9012"), ("expires_on", &expires)],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, "/akun/dokumen-saya?ok=added"));
    let list = web.get(app.url("/akun/dokumen-saya")).send().await.expect("get").text().await.expect("page");
    assert!(list.contains("SIM motor") && list.contains("••••9012") && list.contains("45 hari lagi"), "listed");
    assert!(!list.contains("1234"), "only the tail of the number is kept");

    // No consent: nothing.
    assert_eq!(run_once(&app.state, day).await.expect("run"), 0);
    assert!(notices(&app, siti, "proactive_expiry").await.is_empty());

    // With consent: one notice at the 60-day threshold, however often the job runs.
    consent(&app, &web, &["expiry"]).await;
    assert_eq!(run_once(&app.state, day).await.expect("run"), 1);
    assert_eq!(run_once(&app.state, day).await.expect("run"), 0);
    let n = notices(&app, siti, "proactive_expiry").await;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0]["path"], "/layanan/sim-perpanjangan", "links to the renewal service");
    assert_eq!(n[0]["valid_until"], expires.as_str());
    // 25 days left: the 30-day threshold, once.
    let later = day + Duration::days(20);
    assert_eq!(run_once(&app.state, later).await.expect("run"), 1);
    assert_eq!(run_once(&app.state, later).await.expect("run"), 0);
    assert_eq!(sent(&app, siti).await, 2);
    let both = notices(&app, siti, "proactive_expiry").await;
    let code = |i: usize| both[i]["code"].as_str().unwrap_or_default().to_string();
    assert!(code(0).starts_with("pro-") && code(0).len() <= 32 && code(0) != code(1), "a push topic per notice");
    // The text in the citizen's language names the document and the date.
    let (subject, body) = satupintu::notify::worker::message("proactive_expiry", &n[0], satupintu::web::Lang::Id);
    assert!(subject.contains("SIM motor") && body.contains(&expires), "{subject} / {body}");

    // Withdrawn: the 7-day notice does not go out.
    consent(&app, &web, &[]).await;
    let page = web.get(app.url("/akun/pemberitahuan-proaktif")).send().await.expect("get").text().await.expect("page");
    assert!(
        page.contains("Disetujui: Dokumen yang hampir habis") && page.contains("Dicabut: Dokumen yang hampir habis")
    );
    let last_week = day + Duration::days(40);
    assert_eq!(run_once(&app.state, last_week).await.expect("run"), 0);
    assert_eq!(sent(&app, siti).await, 2);

    // Given again, two processes run the job at once: the notice goes out once.
    consent(&app, &web, &["expiry"]).await;
    let other = app.another_process().await;
    let (a, b2) = tokio::join!(run_once(&app.state, last_week), run_once(&other.state, last_week));
    assert_eq!(a.expect("run") + b2.expect("run"), 1);
    assert_eq!(sent(&app, siti).await, 3);
    other.stop().await;
    app.stop().await;
}

/// A NIK of someone who turns 17 `days` from `day` (a girl: the day has 40 added).
fn nik_turning_17(day: time::Date, days: i64, serial: &str) -> (String, time::Date) {
    let born = satupintu::proactive::model::anniversary(day + Duration::days(days), -17);
    let nik = format!("327301{:02}{:02}{:02}{serial}", born.day() + 40, u8::from(born.month()), born.year() % 100);
    (nik, born)
}

async fn a_child_turning_17_brings_one_notice_with_the_ktp_link(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (siti, _, web) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let (budi, _, _) = citizen(&app, NIK_B, "budi@contoh.id").await;
    let day = today(&app.state);
    let (nik, born) = nik_turning_17(day, 10, "0005");
    let (s, _, _) =
        post(&app, &web, "/akun/keluarga", "/akun/keluarga", &[("name", "Putri Rahayu"), ("nik", &nik)]).await;
    assert_eq!(s, 303);
    let page = web.get(app.url("/akun/keluarga")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Putri Rahayu") && page.contains("3273**********05"), "listed with a masked NIK");
    assert!(!page.contains(&nik), "the full NIK is not kept");
    assert!(page.contains("Sudah waktunya membuat KTP-el"));
    // Another account on the same family card, turning 17 in 20 days.
    let kk_born = satupintu::proactive::model::anniversary(day + Duration::days(20), -17);
    for (id, birth) in [(siti, None), (budi, Some(kk_born.to_string()))] {
        let mut q = sqlx::query("UPDATE users SET kk_number = '3273010101260001' WHERE id = $1").bind(id);
        if let Some(birth) = birth {
            q = sqlx::query("UPDATE users SET kk_number = '3273010101260001', birth_date = $2 WHERE id = $1")
                .bind(id)
                .bind(birth);
        }
        q.execute(app.state.db.pool()).await.expect("kk");
    }

    assert_eq!(run_once(&app.state, day).await.expect("run"), 0, "no consent, no notice");
    consent(&app, &web, &["ktp17"]).await;
    assert_eq!(run_once(&app.state, day).await.expect("run"), 2);
    assert_eq!(run_once(&app.state, day + Duration::days(5)).await.expect("run"), 0, "once per child");
    let n = notices(&app, siti, "proactive_ktp17").await;
    assert_eq!(n.len(), 2);
    assert!(n.iter().all(|p| p["path"] == "/layanan/ktp-el-baru"));
    let putri = n.iter().find(|p| p["name"] == "Putri Rahayu").expect("the recorded child");
    assert_eq!(putri["valid_until"], satupintu::proactive::model::anniversary(born, 17).to_string().as_str());
    assert!(n.iter().any(|p| p["name"] == "Warga Uji"), "the child on the family card");
    // Nothing for budi, who gave no consent.
    assert!(notices(&app, budi, "proactive_ktp17").await.is_empty());
    app.stop().await;
}

async fn suggestions_have_reasons_and_bad_input_changes_nothing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (siti, token, web) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let (_, _, other) = citizen(&app, NIK_B, "budi@contoh.id").await;
    let day = today(&app.state);
    let newborn = (day - Duration::days(40)).to_string();
    let (s, _, _) =
        post(&app, &web, "/akun/keluarga", "/akun/keluarga", &[("name", "Bayi Rahayu"), ("birth_date", &newborn)])
            .await;
    assert_eq!(s, 303);

    // Suggestions with their reasons, also without consent (they are not notices).
    let page = web.get(app.url("/akun/layanan-untuk-anda")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains(r#"href="/layanan/akta-kelahiran""#), "a newborn: the birth certificate");
    assert!(page.contains("Mengapa saya melihat ini?") && page.contains("berusia di bawah 1 tahun"));
    assert!(page.contains(r#"href="/layanan/kia""#) && page.contains(r#"href="/layanan/sim-baru""#));
    assert!(!page.contains(r#"href="/layanan/bansos""#), "siti is not 60");
    let (s, v) = app.api(reqwest::Method::GET, "/api/v1/me/proactive", Some(&token), None).await;
    assert_eq!(s, 200, "{v}");
    let rules: Vec<&str> =
        v["suggestions"].as_array().expect("list").iter().filter_map(|s| s["rule"].as_str()).collect();
    assert_eq!(rules, ["newborn", "kia", "sim"]);
    assert!(v["suggestions"][0]["reason"].as_str().is_some_and(|r| r.contains("60 hari")));
    assert!(v["consents"].as_array().expect("consents").iter().all(|c| c["granted"] == false));

    // Bad input: localized errors, 422, nothing stored.
    let (s, _, html) = post(
        &app,
        &web,
        "/akun/dokumen-saya",
        "/akun/dokumen-saya",
        &[("kind", "ktp"), ("expires_on", "31/12/2026"), ("number", "")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Pilih jenis dokumen dari daftar") && html.contains("Isi tanggal habis berlaku"));
    let (s, _, html) = post(&app, &web, "/akun/keluarga", "/akun/keluarga", &[("name", "Anak")]).await;
    assert!(s == 422 && html.contains("Isi NIK atau tanggal lahir"), "{s}");
    let (s, _, html) =
        post(&app, &web, "/akun/keluarga", "/akun/keluarga", &[("name", "Anak"), ("nik", "3273019999990001")]).await;
    assert_eq!(s, 422, "{html}");
    let far = (day + Duration::days(365 * 30)).to_string();
    let (s, v) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/me/documents",
            Some(&token),
            Some(serde_json::json!({"kind": "paspor", "expires_on": far})),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    let (_, v) = app.api(reqwest::Method::GET, "/api/v1/me/documents", Some(&token), None).await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(0));
    let family = web.get(app.url("/akun/keluarga")).send().await.expect("get").text().await.expect("page");
    assert_eq!(family.matches("sp-pro-item__title").count(), 1, "only the newborn");

    // A document through the API; another citizen cannot see, change or delete it.
    let soon = (day + Duration::days(100)).to_string();
    let (s, v) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/me/documents",
            Some(&token),
            Some(serde_json::json!({"kind": "paspor", "expires_on": soon})),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let id = v["id"].as_i64().expect("id");
    let path = format!("/akun/dokumen-saya/{id}");
    assert_eq!(other.get(app.url(&path)).send().await.expect("get").status().as_u16(), 404);
    let own = web.get(app.url(&path)).send().await.expect("get").text().await.expect("page");
    let token_other =
        csrf(&other.get(app.url("/akun/dokumen-saya")).send().await.expect("get").text().await.expect("p"));
    let r = other
        .post(app.url(&path))
        .form(&[("_csrf", token_other.as_str()), ("kind", "sim-a"), ("expires_on", soon.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 404);
    let r = other
        .post(app.url(&format!("{path}/hapus")))
        .form(&[("_csrf", token_other.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 404);
    let (_, v) = app.api(reqwest::Method::GET, "/api/v1/me/documents", Some(&token), None).await;
    assert_eq!(v["items"][0]["kind"], "paspor", "unchanged");
    // The owner edits and deletes it.
    let (s, _, _) = post(&app, &web, &path, &path, &[("kind", "sim-a"), ("expires_on", &soon)]).await;
    assert_eq!(s, 303);
    assert!(own.contains("Ubah dokumen"));
    let (_, v) = app.api(reqwest::Method::GET, "/api/v1/me/documents", Some(&token), None).await;
    assert_eq!(v["items"][0]["kind"], "sim-a");
    let (s, _, _) = post(&app, &web, &path, &format!("{path}/hapus"), &[]).await;
    assert_eq!(s, 303);
    let (_, v) = app.api(reqwest::Method::GET, "/api/v1/me/documents", Some(&token), None).await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(0));

    // With consent to service notices: one per rule, not again in the same year.
    consent(&app, &web, &["services"]).await;
    assert_eq!(run_once(&app.state, day).await.expect("run"), 3);
    assert_eq!(run_once(&app.state, day).await.expect("run"), 0);
    let n = notices(&app, siti, "proactive_service").await;
    assert!(n.iter().any(|p| p["path"] == "/layanan/akta-kelahiran" && p["label_key"] == "pro-rule-newborn"));
    app.stop().await;
}

async fn documents_issued_by_the_platform_are_watched_too(b: Backend) {
    use crate::applications::{akta_fields, submit_akta};
    let app = TestApp::spawn(b).await;
    let (siti, token, web) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let officer = app.staff(satupintu::identity::Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let fields = akta_fields(&app, &token).await;
    let (_, v) = submit_akta(&app, &token, &fields).await;
    let code = v["code"].as_str().expect("code").to_string();
    for action in ["claim", "verify", "approve", "issue"] {
        let path = format!("/api/v1/applications/{code}/actions");
        let (s, v) =
            app.api(reqwest::Method::POST, &path, Some(&officer), Some(serde_json::json!({"action": action}))).await;
        assert_eq!(s, 200, "{action}: {v}");
    }
    let day = today(&app.state);
    let expires = (day + Duration::days(50)).to_string();
    sqlx::query("UPDATE documents SET valid_until = $1")
        .bind(&expires)
        .execute(app.state.db.pool())
        .await
        .expect("set");
    assert_eq!(run_once(&app.state, day).await.expect("run"), 0, "no consent");
    consent(&app, &web, &["expiry"]).await;
    assert_eq!(run_once(&app.state, day).await.expect("run"), 1, "60 days");
    // The 30-day reminder of issued documents is the platform's own (notify), not a second one.
    assert_eq!(run_once(&app.state, day + Duration::days(25)).await.expect("run"), 0);
    assert_eq!(run_once(&app.state, day + Duration::days(45)).await.expect("run"), 1, "7 days");
    assert_eq!(run_once(&app.state, day + Duration::days(46)).await.expect("run"), 0);
    let n = notices(&app, siti, "proactive_expiry").await;
    assert_eq!(n.len(), 2);
    assert!(n.iter().all(|p| p["path"] == "/layanan/akta-kelahiran" && p["valid_until"] == expires.as_str()));
    assert!(n[0]["label"].as_str().is_some_and(|l| l.starts_with("DOK-")), "named by its number");
    app.stop().await;
}

async fn a_withdrawal_cancels_notices_not_yet_sent(b: Backend) {
    // The outbox worker waits an hour between runs: what is queued stays undelivered.
    let app = TestApp::spawn_configured(b, |c| c.outbox_interval_ms = 3_600_000).await;
    let (siti, token, web) = citizen(&app, NIK_A, "siti@contoh.id").await;
    let day = today(&app.state);
    let soon = (day + Duration::days(5)).to_string();
    let (s, v) = app
        .api(
            reqwest::Method::POST,
            "/api/v1/me/documents",
            Some(&token),
            Some(serde_json::json!({"kind": "paspor", "expires_on": soon})),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    consent(&app, &web, &["expiry", "services"]).await;
    assert!(run_once(&app.state, day).await.expect("run") >= 2);
    assert_eq!(notices(&app, siti, "proactive_expiry").await.len(), 1);
    assert!(!notices(&app, siti, "proactive_service").await.is_empty());
    // Withdrawing one kind drops its waiting notices (every channel), not the other kind's.
    consent(&app, &web, &["services"]).await;
    let left: i64 = sqlx::query("SELECT COUNT(*) FROM outbox WHERE recipient_id = $1 AND kind = 'proactive_expiry'")
        .bind(siti)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
        .get(0);
    assert_eq!(left, 0);
    assert!(!notices(&app, siti, "proactive_service").await.is_empty());
    app.stop().await;
}
