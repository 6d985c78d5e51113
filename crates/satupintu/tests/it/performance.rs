//! Performance dashboards and recognition: the monthly rollups equal a direct computation on a
//! known data set (median, p90, within-limit share, revision and rejection rates, bottleneck
//! state, region and service filters), a refresh re-aggregates what changed (also with two
//! processes), rankings follow the published rules (minimum cases, ties), innovations are
//! registered and awarded by the right roles only, and bad filters are a localized 400.

use satupintu::identity::Role;
use satupintu::performance::model::{month_bounds, quarter_of};
use serde_json::Value;
use sqlx::Row as _;

use crate::both;
use crate::common::{post_form as post, Backend, TestApp, NIK_A, NIK_B};

both!(
    rollups_equal_a_direct_computation,
    a_refresh_takes_in_new_events_also_with_two_processes,
    rankings_follow_the_rules,
    innovations_are_registered_and_awarded_by_the_right_roles,
    bad_filters_are_a_localized_400,
    the_demo_fills_the_dashboards
);

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The month two months before this one (so the whole fixture lies in the past) and its start.
fn fixture_month() -> (String, i64) {
    let months = satupintu::opendata::stats::last_months(satupintu::db::now(), 7, 12);
    let m = months[9].clone();
    let start = month_bounds(&m, 7).0;
    (m, start)
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let mut conn = app.state.db.conn().await.expect("conn");
    sqlx::query("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&mut *conn).await.expect("user").get(0)
}

/// One application with its events: (at offset in seconds from `submitted`, action, from, to).
struct Case<'a> {
    service: &'a str,
    citizen: i64,
    officer: Option<i64>,
    submitted: i64,
    due: &'a str,
    events: Vec<(i64, &'a str, &'a str, &'a str)>,
}

async fn insert(app: &TestApp, cases: &[Case<'_>]) {
    let mut tx = app.state.db.begin().await.expect("tx");
    for (i, c) in cases.iter().enumerate() {
        let code = format!("SP-UJI-{}-{i:05}", c.submitted);
        let id: i64 = sqlx::query(
            "INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, status, fields_json, \
             assigned_to, submitted_at, due_date, created_at, updated_at) \
             VALUES ($1, $2, 1, 'disdukcapil', $3, 'submitted', '{}', $4, $5, $6, $5, $5) RETURNING id",
        )
        .bind(code)
        .bind(c.service)
        .bind(c.citizen)
        .bind(c.officer)
        .bind(c.submitted)
        .bind(c.due)
        .fetch_one(&mut *tx)
        .await
        .expect("application")
        .get(0);
        for (off, action, from, to) in &c.events {
            sqlx::query(
                "INSERT INTO application_events (application_id, at, actor_role, action, from_status, to_status) \
                 VALUES ($1, $2, 'officer', $3, $4, $5)",
            )
            .bind(id)
            .bind(c.submitted + off)
            .bind(action.to_string())
            .bind(from.to_string())
            .bind(to.to_string())
            .execute(&mut *tx)
            .await
            .expect("event");
        }
    }
    tx.commit().await.expect("commit");
}

/// A completed case: submitted, claimed after 1 h, verified after `v` more hours, completed
/// `total` hours after submission.
fn completed<'a>(
    service: &'a str,
    citizen: i64,
    officer: Option<i64>,
    at: i64,
    v: i64,
    total: i64,
    due: &'a str,
) -> Case<'a> {
    Case {
        service,
        citizen,
        officer,
        submitted: at,
        due,
        events: vec![
            (0, "submit", "draft", "submitted"),
            (3600, "claim", "submitted", "verification"),
            ((1 + v) * 3600, "verify", "verification", "processing"),
            (total * 3600, "complete", "processing", "completed"),
        ],
    }
}

/// The bucket of a duration in hours, written out again from the published precision.
fn bucket(h: i64) -> i64 {
    match h {
        h if h < 48 => h,
        h if h < 336 => 48 + (h - 48) / 6 * 6,
        h => 336 + (h - 336) / 24 * 24,
    }
}

/// Nearest-rank percentile of bucketed hours, by sorting.
fn percentile(hours: &[i64], q: f64) -> i64 {
    let mut v: Vec<i64> = hours.iter().map(|&h| bucket(h)).collect();
    v.sort();
    let rank = ((q * v.len() as f64).ceil() as usize).max(1);
    v[rank - 1]
}

fn days(h: i64) -> f64 {
    (h as f64 / 24.0 * 10.0).round() / 10.0
}

async fn rollups_equal_a_direct_computation(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (bandung, surabaya) = (user_id(&app, "siti@contoh.id").await, user_id(&app, "budi@contoh.id").await);
    let (m, start) = fixture_month();
    let t0 = start + 86_400;
    // KTP: seven completed (processing hours and verification hours), two late; one revised and
    // still open; one rejected. KIA: two received, one completed after 10 h.
    let ktp: [(i64, i64, &str, i64); 7] = [
        (2, 0, "2999-01-01", bandung),
        (5, 1, "2999-01-01", bandung),
        (30, 20, "2999-01-01", surabaya),
        (50, 40, "2999-01-01", surabaya),
        (60, 5, "2999-01-01", surabaya),
        (100, 90, "2000-01-01", surabaya),
        (400, 300, "2000-01-01", bandung),
    ];
    let mut cases: Vec<Case> =
        ktp.iter().map(|&(total, v, due, who)| completed("ktp-el-baru", who, None, t0, v, total, due)).collect();
    cases.push(Case {
        service: "ktp-el-baru",
        citizen: surabaya,
        officer: None,
        submitted: t0,
        due: "2999-01-01",
        events: vec![
            (0, "submit", "draft", "submitted"),
            (3600, "claim", "submitted", "verification"),
            (7200, "request_revision", "verification", "revision_requested"),
        ],
    });
    cases.push(Case {
        service: "ktp-el-baru",
        citizen: bandung,
        officer: None,
        submitted: t0,
        due: "2999-01-01",
        events: vec![(0, "submit", "draft", "submitted"), (3 * 3600, "reject", "submitted", "rejected")],
    });
    cases.push(completed("kia", surabaya, None, t0, 2, 10, "2999-01-01"));
    cases.push(Case {
        service: "kia",
        citizen: surabaya,
        officer: None,
        submitted: t0,
        due: "2999-01-01",
        events: vec![],
    });
    insert(&app, &cases).await;
    let n = satupintu::performance::service::rebuild(&app.state).await.expect("rebuild");
    assert!(n >= 1);

    let (s, v) = app.get_json(&format!("/api/v1/performance?agency=disdukcapil&from={m}&to={m}")).await;
    assert_eq!(s, 200, "{v}");
    let month = &v["months"][0];
    assert_eq!(month["month"], m.as_str());
    // Direct computation.
    let mut process: Vec<i64> = ktp.iter().map(|x| x.0).collect();
    process.push(10);
    assert_eq!(month["received"], 11);
    assert_eq!(month["completed"], 8);
    assert_eq!(month["on_time_pct"], (6.0f64 / 8.0 * 1000.0).round() / 10.0);
    assert_eq!(month["median_days"], days(percentile(&process, 0.5)));
    assert_eq!(month["p90_days"], days(percentile(&process, 0.9)));
    assert_eq!(month["revision_pct"], (1000.0f64 / 11.0).round() / 10.0);
    assert_eq!(month["rejection_pct"], (1000.0f64 / 11.0).round() / 10.0);
    assert_eq!(month["ikm"], Value::Null, "no survey answers yet: no IKM");
    // Bottleneck: processing holds cases longest (total - 1 - v hours).
    let states = v["states"].as_array().expect("states");
    assert_eq!(states[0]["state"], "processing", "{states:?}");
    let mut processing: Vec<i64> = ktp.iter().map(|x| x.0 - 1 - x.1).collect();
    processing.push(10 - 1 - 2);
    assert_eq!(states[0]["median_hours"], percentile(&processing, 0.5));
    assert_eq!(states[0]["p90_hours"], percentile(&processing, 0.9));
    assert_eq!(states[0]["cases"], 8);
    let verification = states.iter().find(|s| s["state"] == "verification").expect("verification");
    assert_eq!(verification["cases"], 9, "eight verified and one sent back");

    // Service and region filters read their own rollup rows.
    let (_, kia) = app.get_json(&format!("/api/v1/performance?service=kia&from={m}&to={m}")).await;
    assert_eq!((kia["total"]["received"].as_i64(), kia["total"]["completed"].as_i64()), (Some(2), Some(1)));
    let (_, sby) = app.get_json(&format!("/api/v1/performance?region=3578&from={m}&to={m}")).await;
    let sby_process: Vec<i64> = vec![30, 50, 60, 100, 10];
    assert_eq!(sby["total"]["received"], 7);
    assert_eq!(sby["total"]["median_days"], days(percentile(&sby_process, 0.5)));
    let (_, all) = app.get_json(&format!("/api/v1/performance?from={m}&to={m}")).await;
    assert_eq!(all["agencies"][0]["agency_id"], "disdukcapil");
    assert_eq!(all["agencies"][0]["figures"]["received"], 11);

    // The public page shows the same figures in its table, with a chart and "—" for the IKM;
    // the old agency address leads there.
    let page = app.get(&format!("/kinerja?agency=disdukcapil&from={m}&to={m}")).await.text().await.expect("page");
    assert!(page.contains("<svg") && page.contains("role=\"img\""));
    let row = &page[page.find(&format!("data-month=\"{m}\"")).expect("row")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(
        row.contains(">11<") && row.contains(">8<") && row.contains(">75.0%<") && row.contains("data-ikm>—<"),
        "{row}"
    );

    // Two survey answers at Disdukcapil that month (all 3s: 75.00; all 4s: 100.00): the IKM of
    // the pooled answers is 25 × 3.5 = 87.50, in the month row, the total and the agency's row.
    survey(&app, "disdukcapil", &m, &[[3; 9], [4; 9]]).await;
    let (_, v) = app.get_json(&format!("/api/v1/performance?agency=disdukcapil&from={m}&to={m}")).await;
    assert_eq!((v["months"][0]["ikm"].as_f64(), v["total"]["ikm"].as_f64()), (Some(87.5), Some(87.5)));
    let (_, all) = app.get_json(&format!("/api/v1/performance?from={m}&to={m}")).await;
    assert_eq!(all["agencies"][0]["figures"]["ikm"], 87.5);
    let page = app.get(&format!("/kinerja?agency=disdukcapil&from={m}&to={m}")).await.text().await.expect("page");
    assert!(page.contains("data-ikm>87.5<") || page.contains("data-ikm>87,5<"), "{page}");
    let r = crate::common::client().get(app.url("/instansi/disdukcapil/kinerja")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 308);
    assert_eq!(r.headers()["location"], "/kinerja?agency=disdukcapil");
    assert_eq!(app.get("/instansi/tidak-ada/kinerja").await.status().as_u16(), 404);
    app.stop().await;
}

async fn a_refresh_takes_in_new_events_also_with_two_processes(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let budi = user_id(&app, "budi@contoh.id").await;
    satupintu::performance::service::rebuild(&app.state).await.expect("rebuild");
    let this_month = satupintu::opendata::stats::month_of(satupintu::db::now(), 7);
    let total = |v: &Value, k: &str| v["total"][k].as_i64().unwrap_or(-1);
    let url = format!("/api/v1/performance?from={this_month}&to={this_month}");
    let (_, before) = app.get_json(&url).await;
    assert_eq!(total(&before, "received"), 0);
    // New events now: one submitted and completed after an hour.
    let now = crate::common::earlier_this_month(3600);
    insert(&app, &[completed("ktp-el-baru", budi, None, now, 0, 1, "2999-01-01")]).await;
    let other = app.another_process().await;
    let (a, b2) = tokio::join!(
        satupintu::performance::service::refresh(&app.state),
        satupintu::performance::service::refresh(&other.state)
    );
    let (a, b2) = (a.expect("refresh one"), b2.expect("refresh two"));
    // Only the touched month is re-aggregated (the second process, after waiting for the lease,
    // finds the same recent events again and re-aggregates that month once more at most).
    assert!(a <= 1 && b2 <= 1 && a + b2 >= 1, "({a}, {b2})");
    let (_, after) = app.get_json(&url).await;
    assert_eq!((total(&after, "received"), total(&after, "completed")), (1, 1), "{after}");
    assert_eq!(after["total"]["median_days"], 0.0);
    other.stop().await;
    app.stop().await;
}

/// Store satisfaction-survey answers of a unit in a month, as the survey pages do.
async fn survey(app: &TestApp, agency: &str, month: &str, answers: &[[i64; 9]]) {
    let (agency, month, answers) = (agency.to_string(), month.to_string(), answers.to_vec());
    app.state
        .db
        .write(move |tx| {
            Box::pin(async move {
                for scores in &answers {
                    let r = satupintu::skm::store::NewResponse {
                        invitation_id: None,
                        agency_id: &agency,
                        service_id: None,
                        channel: "kiosk",
                        month: &month,
                        scores,
                        suggestion: "",
                        kiosk_user: None,
                    };
                    satupintu::skm::store::insert_response(tx, &r, satupintu::db::now()).await?;
                }
                Ok::<_, sqlx::Error>(())
            })
        })
        .await
        .expect("survey answers");
}

async fn rankings_follow_the_rules(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let budi = user_id(&app, "budi@contoh.id").await;
    let mut ids = vec![];
    for (email, name) in [
        ("ani@dukcapil.id", "Ani Rahmawati"),
        ("bayu@dukcapil.id", "Bayu Nugroho"),
        ("cici@dukcapil.id", "Cici Permata"),
    ] {
        satupintu::identity::service::create_staff(
            &app.state,
            Role::Officer,
            Some("disdukcapil"),
            email,
            name,
            "rahasia-staf-1",
            None,
        )
        .await
        .expect("officer");
        ids.push(user_id(&app, email).await);
    }
    let (m, start) = fixture_month();
    let t0 = start + 86_400;
    let mut cases = vec![];
    // Ani: 12 on time. Bayu: 12 on time, 3 of them sent back once. Cici: 4 (below the minimum).
    for i in 0..12 {
        cases.push(completed("ktp-el-baru", budi, Some(ids[0]), t0 + i, 1, 5, "2999-01-01"));
        let mut c = completed("ktp-el-baru", budi, Some(ids[1]), t0 + i, 1, 5, "2999-01-01");
        if i < 3 {
            c.events.insert(2, (5400, "request_revision", "verification", "revision_requested"));
            c.events.insert(3, (6000, "resubmit", "revision_requested", "verification"));
        }
        cases.push(c);
    }
    for i in 0..4 {
        cases.push(completed("ktp-el-baru", budi, Some(ids[2]), t0 + i, 1, 5, "2999-01-01"));
    }
    insert(&app, &cases).await;
    satupintu::performance::service::rebuild(&app.state).await.expect("rebuild");
    let quarter = quarter_of(&m);
    let r = satupintu::performance::service::rankings(&app.state, &quarter, "").await.expect("rankings");
    let names: Vec<&str> = r.officers.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, vec!["Ani Rahmawati", "Bayu Nugroho"], "Cici has too few cases");
    assert_eq!(r.officers[0].score, 100.0);
    // Bayu: accuracy 1 - 3/12 = 0.75; (0.4 * 1 + 0.3 * 0.75) / 0.7 = 89.3.
    assert_eq!(r.officers[1].score, 89.3);
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].id, "disdukcapil");
    assert_eq!(r.units[0].satisfaction, None, "no survey answers: ranked on the other two");
    // With the unit's IKM (one answer of all 2s: 50.00), satisfaction weighs in at 0.5.
    survey(&app, "disdukcapil", &m, &[[2; 9]]).await;
    let r = satupintu::performance::service::rankings(&app.state, &quarter, "").await.expect("rankings");
    assert_eq!(r.units[0].satisfaction, Some(0.5));
    let (t, a) = (r.units[0].timeliness.expect("timeliness"), r.units[0].accuracy);
    assert_eq!(r.units[0].score, ((0.4 * t + 0.3 * a + 0.3 * 0.5) * 1000.0).round() / 10.0);

    // The awards page names the winners only; the heads' dashboard lists every officer.
    let page = app.get(&format!("/penghargaan?periode={quarter}")).await.text().await.expect("page");
    assert!(page.contains("Ani Rahmawati") && page.contains("Bayu Nugroho") && !page.contains("Cici Permata"));
    assert!(page.contains("data-best-unit=\"disdukcapil\""));
    assert!(app.get("/penghargaan/aturan").await.text().await.expect("rules").contains("40%"));
    app.staff(Role::Supervisor, Some("disdukcapil"), "kepala@dukcapil.id").await;
    let head = app.browser("kepala@dukcapil.id", "rahasia-staf-1", None).await;
    let page = head.get(app.url(&format!("/kelola/kinerja?from={m}&to={m}"))).send().await.expect("get");
    assert_eq!(page.status().as_u16(), 200);
    let page = page.text().await.expect("page");
    assert!(page.contains("Cici Permata") && page.contains("id=\"hambatan\""));
    // A supervisor sees only their own agency.
    let r = head.get(app.url("/kelola/kinerja?agency=dinsos")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 403);
    app.stop().await;
}

async fn innovations_are_registered_and_awarded_by_the_right_roles(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;
    let admin = app.browser("admin@dukcapil.id", "rahasia-staf-1", Some(SECRET)).await;
    let good = [
        ("agency_id", "disdukcapil"),
        ("title", "Jemput bola KTP-el di sekolah"),
        ("description", "Petugas datang ke SMA untuk merekam KTP-el siswa yang berumur 17 tahun."),
        ("started_on", "2025-08-01"),
        ("results", "1.240 siswa merekam KTP-el tanpa ke kantor."),
        ("link", "https://disdukcapil.example.id/jemput-bola"),
    ];
    // Bad input: every problem named, nothing stored.
    let (s, _, html) = post(
        &app,
        &admin,
        "/kelola/inovasi",
        "/kelola/inovasi",
        &[
            ("agency_id", "disdukcapil"),
            ("title", "x"),
            ("description", "pendek"),
            ("started_on", "2999-01-01"),
            ("results", ""),
            ("link", "javascript:alert(1)"),
        ],
    )
    .await;
    assert_eq!(s, 422);
    for msg in ["Isi nama inovasi", "Isi uraian", "Isi tanggal mulai", "Isi hasil dan dampak", "Isi tautan"] {
        assert!(html.contains(msg), "{msg} missing");
    }
    // Another agency's innovation is refused.
    let mut other = good;
    other[0] = ("agency_id", "dinsos");
    let (s, _, html) = post(&app, &admin, "/kelola/inovasi", "/kelola/inovasi", &other).await;
    assert!(s == 422 && html.contains("instansi Anda sendiri"), "{s}");
    let (s, location, _) = post(&app, &admin, "/kelola/inovasi", "/kelola/inovasi", &good).await;
    assert_eq!(s, 303);
    assert!(location.starts_with("/inovasi#inovasi-"));
    let id = location.trim_start_matches("/inovasi#inovasi-").to_string();
    let page = app.get("/inovasi").await.text().await.expect("page");
    assert!(page.contains("Jemput bola KTP-el di sekolah") && page.contains("1.240 siswa"));
    // Only a platform admin marks the winner.
    let (s, _, _) =
        post(&app, &admin, "/kelola/inovasi", &format!("/kelola/inovasi/{id}/penghargaan"), &[("award", "2026")]).await;
    assert_eq!(s, 403);
    app.staff(Role::SuperAdmin, None, "super@satupintu.id").await;
    let sup = app.browser("super@satupintu.id", "rahasia-staf-1", Some(SECRET)).await;
    let (s, _, html) =
        post(&app, &sup, "/kelola/inovasi", &format!("/kelola/inovasi/{id}/penghargaan"), &[("award", "20x6")]).await;
    assert_eq!(s, 422, "{html}");
    let (s, _, _) =
        post(&app, &sup, "/kelola/inovasi", &format!("/kelola/inovasi/{id}/penghargaan"), &[("award", "2026")]).await;
    assert_eq!(s, 303);
    let page = app.get("/penghargaan").await.text().await.expect("page");
    assert!(page.contains("Jemput bola KTP-el di sekolah") && page.contains("Penghargaan 2026"));
    // Citizens and officers may not register.
    let officer_token = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let _ = officer_token;
    let officer = app.browser("petugas@dukcapil.id", "rahasia-staf-1", None).await;
    assert_eq!(officer.get(app.url("/kelola/inovasi")).send().await.expect("get").status().as_u16(), 403);
    let mut conn = app.state.db.conn().await.expect("conn");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM innovations").fetch_one(&mut *conn).await.expect("count");
    assert_eq!(n, 1);
    drop(conn);
    app.stop().await;
}

async fn bad_filters_are_a_localized_400(b: Backend) {
    let app = TestApp::spawn(b).await;
    for (q, msg) in [
        ("from=2026-13&to=2026-12", "Bulan harus ditulis TTTT-BB"),
        ("from=2026-06&to=2026-01", "Bulan awal harus sebelum bulan akhir"),
        ("from=2020-01&to=2026-01", "paling banyak 36 bulan"),
        ("agency=tidak-ada", "Instansi tidak dikenal"),
        ("service=tidak-ada", "Layanan tidak dikenal"),
        ("region=99", "Kode kabupaten/kota harus 4 angka"),
    ] {
        let (s, v) = app.get_json(&format!("/api/v1/performance?{q}")).await;
        assert_eq!(s, 400, "{q}: {v}");
        assert!(v.to_string().contains(msg), "{q}: {v}");
        let r = app.get(&format!("/kinerja?{q}")).await;
        assert_eq!(r.status().as_u16(), 400, "{q}");
        assert!(r.text().await.expect("page").contains(msg), "{q}");
    }
    let r = app
        .client
        .get(app.url("/api/v1/performance?region=abcd"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.expect("body").contains("The regency/city code must be 4 registered digits"));
    assert_eq!(app.get("/penghargaan?periode=2026-Q9").await.status().as_u16(), 400);
    // The staff dashboard is for heads only.
    assert_eq!(app.get("/kelola/kinerja").await.status().as_u16(), 303);
    app.stop().await;
}

async fn the_demo_fills_the_dashboards(b: Backend) {
    let app = TestApp::empty(b).await;
    satupintu::demo::load(&app.state).await.expect("demo");
    let (s, v) = app.get_json("/api/v1/performance?agency=disdukcapil").await;
    assert_eq!(s, 200);
    let months = v["months"].as_array().expect("months");
    assert_eq!(months.len(), 12);
    // Every complete month (the current one may have just begun).
    assert!(months[..11].iter().all(|m| m["received"].as_i64().unwrap_or(0) > 20), "{months:?}");
    assert!(v["total"]["completed"].as_i64().unwrap_or(0) > 300, "{v}");
    assert!(v["total"]["on_time_pct"].as_f64().is_some_and(|p| p > 50.0 && p < 100.0), "{v}");
    assert!(!v["states"].as_array().expect("states").is_empty());
    let (_, reports) = app.get_json("/api/v1/performance?agency=dpupr").await;
    assert!(reports["total"]["complaints"].as_i64().unwrap_or(0) > 100, "{reports}");
    let page = app.get("/penghargaan").await.text().await.expect("page");
    assert!(page.contains("data-best-unit=") && page.contains("Jemput bola KTP-el di sekolah"));
    app.stop().await;
}
