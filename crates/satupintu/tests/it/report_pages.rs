//! Report pages, used the way a browser without JavaScript uses them: the reporting form with
//! region pickers and a photo, the duplicate suggestion and support, the coordinator's inbox
//! and dispatch, the agency's response from a template, the public list, feed and statistics,
//! the reporter's rating, moderation (recorded, staff-only) and bad input that changes nothing.

use reqwest::multipart::{Form, Part};
use reqwest::Client;
use satupintu::identity::Role;
use serde_json::Value;
use sqlx::Row;

use crate::both;
use crate::common::{client, csrf, Backend, TestApp, NIK_A, NIK_B};
use crate::reports::{count, png, spawn};

both!(
    a_report_lives_on_its_pages,
    bad_report_forms_change_nothing,
    a_report_without_an_account_waits_for_its_confirmation,
    area_alerts_are_confirmed_then_sent_for_new_public_reports,
    a_confidential_reporter_stays_hidden_on_every_page
);

async fn page(web: &Client, app: &TestApp, path: &str) -> (u16, String) {
    let r = web.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// Post a form from a page (its CSRF token read from `from`); returns status and Location.
async fn post(web: &Client, app: &TestApp, from: &str, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let (_, html) = page(web, app, from).await;
    let token = csrf(&html);
    let mut all = vec![("_csrf", token.as_str())];
    all.extend_from_slice(fields);
    let r = web.post(app.url(path)).form(&all).send().await.expect("post");
    let location = r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    let status = r.status().as_u16();
    let body = r.text().await.unwrap_or_default();
    (status, if location.is_empty() { body } else { location })
}

fn report_form(token: &str, fields: &[(&str, &str)], photo: bool) -> Form {
    let mut form = Form::new().text("_csrf", token.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if photo {
        form = form.part("photos", Part::bytes(png()).file_name("lubang.png").mime_str("image/png").expect("mime"));
    }
    form
}

async fn citizen(app: &TestApp, nik: &str, name: &str, email: &str) -> Client {
    app.citizen(nik, name, email).await;
    app.browser(email, "rahasia-warga-1", None).await
}

async fn officer(app: &TestApp, agency: &str, email: &str) -> Client {
    app.staff(Role::Officer, Some(agency), email).await;
    app.browser(email, "rahasia-staf-1", None).await
}

const POTHOLE: &[(&str, &str)] = &[
    ("category", "jalan"),
    ("description", "Jalan berlubang dalam di depan SD Negeri 5, motor sering terjatuh saat hujan"),
    ("lat", "-6.9147"),
    ("lon", "107.6098"),
    ("address", "Jl. Merdeka depan SDN 5"),
    ("region_code", "327301"),
    ("privacy", "anonymous"),
];

async fn a_report_lives_on_its_pages(b: Backend) {
    let app = spawn(b).await;
    let siti = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let coordinator = officer(&app, "diskominfo", "koordinator@kominfo.id").await;
    let dpupr = officer(&app, "dpupr", "petugas@dpupr.id").await;

    // The region pickers work without JavaScript: each choice loads the next list.
    let (s, html) = page(&siti, &app, "/laporan/baru?prov=32&kab=3273").await;
    assert_eq!(s, 200);
    assert!(html.contains("value=\"3273\" selected"), "the regency stays chosen");
    assert!(html.contains("name=\"kec\"") && html.contains("value=\"327301\""), "its districts are offered");
    assert!(html.contains("name=\"region_code\" value=\"3273\""));
    assert!(html.contains("privacy-confidential") && html.contains("Rahasia"), "the privacy choice is explained");

    // Siti sends a pothole with a photo.
    let r = siti
        .post(app.url("/laporan/baru"))
        .multipart(report_form(&csrf(&html), POTHOLE, true))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap_or_default());
    let location = r.headers()["location"].to_str().expect("location").to_string();
    assert!(location.starts_with("/laporan/LP-") && location.ends_with("?terkirim=1"), "{location}");
    let code = location.trim_start_matches("/laporan/").trim_end_matches("?terkirim=1").to_string();
    let (s, html) = page(&siti, &app, &location).await;
    assert_eq!(s, 200);
    assert!(html.contains(&code) && html.contains("terkirim"), "the reporter is told the code");
    assert!(html.contains("/photos/1"), "the photo is shown");

    // The public page: the report, not who sent it (anonymous).
    let public = client();
    let (s, html) = page(&public, &app, &format!("/laporan/{code}")).await;
    assert_eq!(s, 200);
    assert!(html.contains("motor sering terjatuh") && html.contains("Anonim"));
    assert!(!html.contains("Siti") && !html.contains("siti@"), "an anonymous reporter stays unknown");

    // Budi starts the same report nearby: he is shown Siti's and supports it instead.
    let (_, form) = page(&budi, &app, "/laporan/baru").await;
    let nearby: Vec<(&str, &str)> = POTHOLE
        .iter()
        .map(|&(k, v)| match k {
            "lat" => (k, "-6.9149"),
            "description" => (k, "Ada jalan berlubang di depan SD Negeri 5, motor jatuh"),
            _ => (k, v),
        })
        .collect();
    let r = budi.post(app.url("/laporan/baru")).multipart(report_form(&csrf(&form), &nearby, true)).send().await;
    let r = r.expect("post");
    assert_eq!(r.status().as_u16(), 200);
    let html = r.text().await.expect("body");
    assert!(html.contains("id=\"similar\"") && html.contains(&code), "the similar report is suggested");
    assert!(html.contains("name=\"_confirm\"") && html.contains("name=\"photo_ids\""), "the photo is kept");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 1, "nothing sent yet");
    let (s, to) = post(&budi, &app, "/laporan/baru", &format!("/laporan/{code}/dukung"), &[]).await;
    assert_eq!((s, to.as_str()), (303, format!("/laporan/{code}").as_str()));
    let (_, html) = page(&public, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("id=\"supporters\">1<"), "one supporter");

    // The coordinator's inbox lists it; the report page shows the reporter and the actions.
    let (s, html) = page(&coordinator, &app, "/petugas/laporan").await;
    assert_eq!(s, 200);
    assert!(html.contains(&code));
    let (_, html) = page(&coordinator, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("siti@contoh.id"), "the coordinator may contact the reporter");
    assert!(html.contains("value=\"dispatch\"") && html.contains("value=\"dpupr\" selected"), "suggested agency");
    let (s, _) = post(
        &coordinator,
        &app,
        &format!("/laporan/{code}"),
        &format!("/laporan/{code}/aksi"),
        &[("action", "dispatch"), ("agency_id", "dpupr"), ("category", "jalan"), ("note", "")],
    )
    .await;
    assert_eq!(s, 303);

    // The agency sees it in its inbox and resolves it with a response template.
    let (_, html) = page(&dpupr, &app, "/petugas/laporan").await;
    assert!(html.contains(&code));
    let (_, html) = page(&dpupr, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("value=\"resolve\"") && html.contains("name=\"template\""));
    assert!(html.contains("siti@contoh.id"), "an anonymous reporter is hidden from the public, not from the agency");
    let template = "Terima kasih. Masalah yang Anda laporkan sudah kami perbaiki.";
    let (s, body) = post(
        &dpupr,
        &app,
        &format!("/laporan/{code}"),
        &format!("/laporan/{code}/aksi"),
        &[("action", "resolve"), ("note", ""), ("template", template)],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    let (_, html) = page(&public, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("Selesai ditangani") && html.contains(template), "the response is public");

    // The public list, the feed and the statistics show it resolved.
    let (s, html) = page(&public, &app, "/laporan?status=resolved&prov=32&kab=3273").await;
    assert_eq!(s, 200);
    assert!(html.contains(&code) && html.contains("data-lat=\"-6.9147\""));
    let (s, html) = page(&public, &app, "/laporan?status=rejected").await;
    assert_eq!(s, 200);
    assert!(!html.contains(&code));
    let r = public.get(app.url("/laporan/umpan.atom?region=3273&category=jalan")).send().await.expect("feed");
    assert_eq!(r.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let feed = r.text().await.expect("feed");
    assert!(feed.starts_with("<?xml") && feed.contains("<entry>") && feed.contains(&code), "{feed}");
    assert!(!feed.contains("Siti"));
    let (s, html) = page(&public, &app, "/laporan/statistik?prov=32").await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"stats-total\">1<"), "one report in Jawa Barat");
    let (_, html) = page(&public, &app, "/laporan/statistik?prov=11").await;
    assert!(html.contains("id=\"stats-total\">0<"), "none in Aceh");

    // Siti rates the handling, once.
    let (_, html) = page(&siti, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("name=\"stars\""));
    let (s, _) = post(
        &siti,
        &app,
        &format!("/laporan/{code}"),
        &format!("/laporan/{code}/nilai"),
        &[("stars", "5"), ("comment", "Cepat!")],
    )
    .await;
    assert_eq!(s, 303);
    let (s, _) = post(&siti, &app, "/laporan/baru", &format!("/laporan/{code}/nilai"), &[("stars", "1")]).await;
    assert_eq!(s, 409, "rated once");
    let (_, html) = page(&public, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("5 bintang") && html.contains("Cepat!"));
    let (_, html) = page(&siti, &app, "/laporan/saya").await;
    assert!(html.contains(&code), "the citizen's own list");

    // Moderation: a photo hidden, the text redacted, the report hidden; each act recorded for staff only.
    let photo = format!("/api/v1/reports/{code}/photos/1");
    assert_eq!(public.get(app.url(&photo)).send().await.expect("photo").status().as_u16(), 200);
    let moderate = |fields: Vec<(&'static str, String)>| {
        let (web, app, code) = (&coordinator, &app, code.clone());
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post(web, app, &format!("/laporan/{code}"), &format!("/laporan/{code}/moderasi"), &f).await.0
        }
    };
    assert_eq!(moderate(vec![("act", "hide_photo".into()), ("photo", "1".into()), ("reason", "".into())]).await, 400);
    assert_eq!(
        moderate(vec![("act", "hide_photo".into()), ("photo", "1".into()), ("reason", "Wajah anak".into())]).await,
        303
    );
    assert_eq!(public.get(app.url(&photo)).send().await.expect("photo").status().as_u16(), 404);
    let redacted = "Jalan berlubang dalam di depan sekolah, motor sering terjatuh saat hujan";
    let fields = vec![("act", "redact".into()), ("description", redacted.into()), ("reason", "Nama sekolah".into())];
    assert_eq!(moderate(fields).await, 303);
    let (_, html) = page(&public, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains(redacted) && !html.contains("SD Negeri 5"));
    assert!(!html.contains("Wajah anak") && !html.contains("Nama sekolah"), "moderation notes are staff-only");
    assert_eq!(moderate(vec![("act", "hide".into()), ("reason", "Uji".into())]).await, 303);
    assert_eq!(page(&public, &app, &format!("/laporan/{code}")).await.0, 404);
    let (_, html) = page(&coordinator, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("Wajah anak") && html.contains("Nama sekolah"), "staff see every act");
    let acts = count(
        &app,
        "SELECT COUNT(*) FROM report_events WHERE action IN ('hide_photo', 'redact', 'hide') AND public = 0",
    )
    .await;
    assert_eq!(acts, 3);
    let n = count(&app, "SELECT COUNT(*) FROM ledger_queue WHERE body LIKE '%report.hide%'").await
        + count(&app, "SELECT COUNT(*) FROM ledger_entries WHERE data LIKE '%report.hide%'").await;
    assert!(n >= 2, "moderation reaches the ledger");

    // Templates of the agency: added, offered, deleted; another agency's cannot be deleted.
    let (s, _) = post(
        &dpupr,
        &app,
        "/petugas/laporan/templat",
        "/petugas/laporan/templat",
        &[("title", "Tambal sementara"), ("body", "Lubang sudah ditambal sementara, perbaikan permanen dijadwalkan.")],
    )
    .await;
    assert_eq!(s, 303);
    let (_, html) = page(&dpupr, &app, "/petugas/laporan/templat").await;
    assert!(html.contains("Tambal sementara"));
    let id: i64 = count(&app, "SELECT MAX(id) FROM report_templates").await;
    let (s, _) =
        post(&coordinator, &app, "/petugas/laporan/templat", &format!("/petugas/laporan/templat/{id}/hapus"), &[])
            .await;
    assert_eq!(s, 404, "another agency's template");
    let (s, _) =
        post(&dpupr, &app, "/petugas/laporan/templat", &format!("/petugas/laporan/templat/{id}/hapus"), &[]).await;
    assert_eq!(s, 303);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_templates").await, 0);

    // Citizens cannot reach staff pages.
    assert_eq!(page(&siti, &app, "/petugas/laporan").await.0, 403);
    app.stop().await;
}

async fn bad_report_forms_change_nothing(b: Backend) {
    let app = spawn(b).await;
    let siti = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (_, html) = page(&siti, &app, "/laporan/baru").await;
    let token = csrf(&html);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![
                ("category", "jalan"),
                ("description", "Jalan rusak parah sekali di sini"),
                ("lat", "-6.9"),
                ("lon", "107.6"),
            ],
            "privacy",
        ),
        (vec![("category", "jalan"), ("description", "pendek"), ("lat", "-6.9"), ("lon", "107.6")], "description"),
        (
            vec![
                ("category", "tidak-ada"),
                ("description", "Lampu jalan mati sejak seminggu"),
                ("lat", "-6.9"),
                ("lon", "107.6"),
            ],
            "category",
        ),
        (
            vec![
                ("category", "jalan"),
                ("description", "Jalan rusak parah sekali di sini"),
                ("lat", "abc"),
                ("lon", "107.6"),
            ],
            "lat",
        ),
        (
            vec![
                ("category", "jalan"),
                ("description", "Jalan rusak parah sekali di sini"),
                ("lat", "-99"),
                ("lon", "107.6"),
            ],
            "lat",
        ),
        (vec![("category", "jalan"), ("description", "Jalan rusak parah sekali di sini")], "lat"),
        (
            vec![
                ("category", "jalan"),
                ("description", "Jalan rusak parah sekali di sini"),
                ("address", "Jl. Asia Afrika"),
                ("region_code", "32"),
            ],
            "lat",
        ),
        (
            vec![
                ("category", "jalan"),
                ("description", "Jalan rusak parah sekali di sini"),
                ("lat", "-6.9"),
                ("lon", "107.6"),
                ("privacy", "rahasia-sekali"),
            ],
            "privacy",
        ),
        (
            vec![
                ("category", "jalan"),
                ("description", "Jalan rusak parah sekali di sini"),
                ("lat", "-6.9"),
                ("lon", "107.6"),
                ("region_code", "999999"),
            ],
            "region_code",
        ),
    ];
    for (fields, field) in cases {
        let r = siti.post(app.url("/laporan/baru")).multipart(report_form(&token, &fields, false)).send().await;
        let r = r.expect("post");
        assert_eq!(r.status().as_u16(), 422, "{fields:?}");
        let html = r.text().await.expect("body");
        assert!(
            html.contains("govuk-error-summary") && html.contains(&format!("href=\"#{field}\"")),
            "{field}: {html}"
        );
    }
    // Without the CSRF token, and with a file that is not an image.
    let r =
        siti.post(app.url("/laporan/baru")).multipart(report_form("salah", POTHOLE, false)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 400);
    let form = report_form(&token, POTHOLE, false)
        .part("photos", Part::bytes(b"bukan gambar".to_vec()).file_name("x.png").mime_str("image/png").expect("mime"));
    let r = siti.post(app.url("/laporan/baru")).multipart(form).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    // Six photos are one too many.
    let ids = vec![("photo_ids", "a"); 6];
    let mut fields = POTHOLE.to_vec();
    fields.extend(ids);
    let r =
        siti.post(app.url("/laporan/baru")).multipart(report_form(&token, &fields, false)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    // An address in a known regency without a map point is enough.
    let fields = [
        ("category", "sampah"),
        ("description", "Sampah menumpuk di pinggir pasar sudah tiga hari"),
        ("privacy", "anonymous"),
        ("address", "Pasar Kosambi"),
        ("region_code", "3273"),
    ];
    let r =
        siti.post(app.url("/laporan/baru")).multipart(report_form(&token, &fields, false)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 1, "only the good report");
    // Bad filters and unknown reports are clear errors, never a server error.
    let public = client();
    assert_eq!(page(&public, &app, "/laporan?from=kemarin").await.0, 422);
    assert_eq!(page(&public, &app, "/laporan?category=x&status=y&prov=99").await.0, 200);
    assert_eq!(page(&public, &app, "/laporan/LP-2026-999999").await.0, 404);
    assert_eq!(page(&public, &app, "/laporan/umpan.atom?region=abc").await.0, 404);
    assert_eq!(page(&public, &app, "/laporan/statistik?prov=32&kab=9999").await.0, 200);
    app.stop().await;
}

/// The path in the newest queued message of `kind` (a confirmation link), and its payload.
async fn queued(app: &TestApp, kind: &str) -> (String, Value) {
    let row =
        sqlx::query("SELECT payload_json FROM outbox WHERE kind = $1 AND channel = 'email' ORDER BY id DESC LIMIT 1")
            .bind(kind)
            .fetch_one(app.state.db.pool())
            .await
            .expect("queued message");
    let payload: Value = serde_json::from_str(&row.get::<String, _>(0)).expect("json");
    (payload["path"].as_str().unwrap_or_default().to_string(), payload)
}

async fn a_report_without_an_account_waits_for_its_confirmation(b: Backend) {
    let app = spawn(b).await;
    let web = client();
    let (s, html) = page(&web, &app, "/laporan/baru").await;
    assert_eq!(s, 200, "signed out, the form is open");
    assert!(html.contains("name=\"email\"") && html.contains("name=\"phone\""), "it asks how to reach the sender");
    let token = csrf(&html);
    let public: Vec<(&str, &str)> =
        POTHOLE.iter().map(|&(k, v)| if k == "privacy" { (k, "public") } else { (k, v) }).collect();

    // A contact is required, and must be valid.
    let r =
        web.post(app.url("/laporan/baru")).multipart(report_form(&token, &public, true)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.expect("body").contains("href=\"#email\""));
    let mut bad = public.clone();
    bad.push(("email", "bukan-email"));
    let r = web.post(app.url("/laporan/baru")).multipart(report_form(&token, &bad, false)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_pending").await, 0);

    let mut good = public.clone();
    good.extend([("email", "rina@contoh.id"), ("name", "Rina Marlina")]);
    let r = web.post(app.url("/laporan/baru")).multipart(report_form(&token, &good, true)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/laporan/periksa");
    assert_eq!(page(&web, &app, "/laporan/periksa").await.0, 200);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 0, "nothing is sent before the confirmation");
    let (link, payload) = queued(&app, "report_confirm").await;
    assert!(link.starts_with("/laporan/konfirmasi/"), "{payload}");
    assert_eq!(payload["contact"]["email"], "rina@contoh.id");

    // The link shows the report; confirming it sends it, once.
    let (s, html) = page(&web, &app, &link).await;
    assert_eq!(s, 200);
    assert!(html.contains("motor sering terjatuh"));
    for _ in 0..2 {
        let (s, _) = post(&web, &app, "/laporan/baru", &link, &[]).await;
        assert_eq!(s, 303);
    }
    let (_, html) = page(&web, &app, &link).await;
    assert!(html.contains("id=\"report-code\">LP-"), "the tracking code is shown");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 1, "two clicks, one report");
    let row = sqlx::query("SELECT reporter_id, reporter_email, code FROM reports").fetch_one(app.state.db.pool()).await;
    let row = row.expect("report");
    assert_eq!(row.get::<Option<i64>, _>(0), None);
    assert_eq!(row.get::<Option<String>, _>(1).as_deref(), Some("rina@contoh.id"));
    let code: String = row.get(2);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_photos").await, 1, "the photo came along");
    let (_, html) = page(&web, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("/photos/1") && !html.contains("rina@contoh.id"), "the public never sees the contact");
    // The coordinator does.
    let coordinator = officer(&app, "diskominfo", "koordinator@kominfo.id").await;
    let (_, html) = page(&coordinator, &app, &format!("/laporan/{code}")).await;
    assert!(html.contains("rina@contoh.id"));

    // An unknown link, and an expired one.
    assert_eq!(page(&web, &app, "/laporan/konfirmasi/tidak-ada").await.0, 404);
    // (The same report again is first shown as a possible duplicate; `_confirm` sends it anyway.)
    good.push(("_confirm", "1"));
    let r = web.post(app.url("/laporan/baru")).multipart(report_form(&token, &good, false)).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let (link, _) = queued(&app, "report_confirm").await;
    sqlx::query("UPDATE report_pending SET expires_at = 0 WHERE report_code IS NULL")
        .execute(app.state.db.pool())
        .await
        .expect("expire");
    assert_eq!(page(&web, &app, &link).await.0, 403);
    assert_eq!(post(&web, &app, "/laporan/baru", &link, &[]).await.0, 403);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 1);
    // Staff report as citizens, not from their staff account.
    assert_eq!(page(&coordinator, &app, "/laporan/baru").await.0, 403);
    app.stop().await;
}

async fn area_alerts_are_confirmed_then_sent_for_new_public_reports(b: Backend) {
    let app = spawn(b).await;
    let web = client();
    let (s, html) = page(&web, &app, "/laporan/peringatan?prov=32&kab=3273").await;
    assert_eq!(s, 200);
    assert!(html.contains("value=\"3273\" selected"));
    let (s, _) =
        post(&web, &app, "/laporan/peringatan", "/laporan/peringatan", &[("alert_email", "x"), ("prov", "32")]).await;
    assert_eq!(s, 422, "a bad address");
    let (s, _) =
        post(&web, &app, "/laporan/peringatan", "/laporan/peringatan", &[("alert_email", "a@contoh.id")]).await;
    assert_eq!(s, 422, "no region");
    let fields = [("alert_email", "pemantau@contoh.id"), ("prov", "32"), ("kab", "3273"), ("category", "")];
    let (s, to) = post(&web, &app, "/laporan/peringatan", "/laporan/peringatan", &fields).await;
    assert_eq!((s, to.as_str()), (303, "/laporan/periksa"));
    let (link, payload) = queued(&app, "alert_confirm").await;
    assert!(link.starts_with("/laporan/peringatan/"), "{payload}");
    let (_, html) = page(&web, &app, &link).await;
    assert!(html.contains("Menunggu konfirmasi") && html.contains("Kota Bandung"), "{html}");

    // Not confirmed yet: a new report sends nothing.
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let send = |privacy: &'static str, region: &'static str| {
        let (app, siti) = (&app, siti.clone());
        async move {
            let body = serde_json::json!({"category": "sampah", "description": "Sampah menumpuk di pinggir jalan sejak kemarin",
                "lat": -6.91, "lon": 107.61, "privacy": privacy, "region_code": region});
            let (s, v) = app.api(reqwest::Method::POST, "/api/v1/reports", Some(&siti), Some(body)).await;
            assert_eq!(s, 201, "{v}");
            v["code"].as_str().expect("code").to_string()
        }
    };
    send("public", "327301").await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'report_alert'").await, 0);
    let (s, _) = post(&web, &app, &link, &link, &[("action", "confirm")]).await;
    assert_eq!(s, 303);
    let (_, html) = page(&web, &app, &link).await;
    assert!(html.contains("id=\"alert-status\">Aktif<"));

    // Confirmed: public reports of the area are sent; confidential ones and other areas are not.
    let code = send("anonymous", "327301").await;
    send("confidential", "327301").await;
    send("public", "3171").await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'report_alert' AND channel = 'email'").await, 1);
    let (_, alert) = queued(&app, "report_alert").await;
    assert_eq!(alert["code"], code.as_str());
    assert_eq!(alert["contact"]["email"], "pemantau@contoh.id");
    assert_eq!(alert["stop"], link.as_str());
    assert!(!alert.to_string().contains("Siti"), "an alert never names the reporter");
    let (subject, body) = satupintu::notify::worker::message("report_alert", &alert, satupintu::web::Lang::Id);
    assert!(subject.contains(&code) && subject.contains("Sampah") && body.contains("Kota Bandung"), "{subject} {body}");

    // Stopping deletes the alert.
    let (s, _) = post(&web, &app, &link, &link, &[("action", "stop")]).await;
    assert_eq!(s, 303);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_alerts").await, 0);
    assert_eq!(page(&web, &app, &link).await.0, 404);
    app.stop().await;
}

async fn a_confidential_reporter_stays_hidden_on_every_page(b: Backend) {
    let app = spawn(b).await;
    let siti = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let coordinator = officer(&app, "diskominfo", "koordinator@kominfo.id").await;
    let dpupr = officer(&app, "dpupr", "petugas@dpupr.id").await;
    let (_, form) = page(&siti, &app, "/laporan/baru").await;
    let secret: Vec<(&str, &str)> =
        POTHOLE.iter().map(|&(k, v)| if k == "privacy" { (k, "confidential") } else { (k, v) }).collect();
    let r = siti.post(app.url("/laporan/baru")).multipart(report_form(&csrf(&form), &secret, true)).send().await;
    let location = r.expect("post").headers()["location"].to_str().expect("location").to_string();
    let code = location.trim_start_matches("/laporan/").trim_end_matches("?terkirim=1").to_string();
    let path = format!("/laporan/{code}");
    let (_, html) = page(&coordinator, &app, &path).await;
    assert!(html.contains("siti@contoh.id"), "the coordinator may contact the reporter");
    let fields = [("action", "dispatch"), ("agency_id", "dpupr"), ("category", "jalan"), ("note", "")];
    assert_eq!(post(&coordinator, &app, &path, &format!("{path}/aksi"), &fields).await.0, 303);
    // The agency handles it without knowing who sent it; the public does not see it at all.
    let (s, html) = page(&dpupr, &app, &path).await;
    assert_eq!(s, 200);
    assert!(html.contains("motor sering terjatuh") && html.contains("Rahasia"));
    assert!(!html.contains("Siti") && !html.contains("siti@contoh.id"), "hidden from the agency");
    let public = client();
    assert_eq!(page(&public, &app, &path).await.0, 404);
    for listing in ["/laporan", "/laporan/umpan.atom", "/laporan/statistik?prov=32"] {
        let (s, html) = page(&public, &app, listing).await;
        assert_eq!(s, 200);
        assert!(!html.contains(&code) && !html.contains("Siti"), "{listing}");
    }
    let (_, html) = page(&public, &app, "/laporan/statistik?prov=32").await;
    assert!(html.contains("id=\"stats-total\">0<"), "not counted in public statistics either");
    let (s, _) = page(&public, &app, &format!("/api/v1/reports/{code}/photos/1")).await;
    assert_eq!(s, 404);
    app.stop().await;
}
