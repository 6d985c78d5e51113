//! Reports (issue 5, the core so far): a citizen reports a problem with a photo; who sees the
//! report and the reporter under each privacy level (public JSON, the handling agency, the
//! coordinator); the map-box list; the coordinator dispatches, the agency responds and resolves,
//! the reporter closes; strangers and wrong steps are refused; bad input changes nothing.

use reqwest::Method;
use satupintu::identity::Role;
use serde_json::{json, Value};
use sqlx::Row;

use crate::applications::upload;
use crate::both;
use crate::common::{Backend, TestApp, NIK_A, NIK_B};

both!(
    a_report_is_seen_as_its_privacy_level_says,
    a_report_goes_from_received_to_closed,
    bad_reports_change_nothing,
    time_limits_escalate_and_resolved_reports_close,
    citizens_support_a_similar_report_instead_of_repeating_it,
    a_reports_region_comes_from_its_map_point,
    the_map_lists_the_newest_reports_in_a_box_across_its_cells,
    reports_with_and_without_a_map_point_both_save
);

/// A report with only an address, then many with a map point: every one is saved (an
/// optional number bound as NULL first must not spoil the statement for later numbers).
async fn reports_with_and_without_a_map_point_both_save(b: Backend) {
    let app = spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let base = serde_json::json!({"category": "jalan", "privacy": "public", "region_code": "3578"});
    for i in 0..12 {
        let mut body = base.clone();
        body["description"] = serde_json::json!(format!("Jalan berlubang nomor {i} di depan pasar"));
        if i % 3 == 0 {
            body["address"] = serde_json::json!(format!("Jl. Pasar {i}"));
        } else {
            body["lat"] = serde_json::json!(-7.25 - f64::from(i) / 1000.0);
            body["lon"] = serde_json::json!(112.75);
        }
        let (s, r) = app.api(reqwest::Method::POST, "/api/v1/reports", Some(&siti), Some(body)).await;
        assert_eq!(s, 201, "report {i}: {r}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 12);
    app.stop().await;
}

pub fn png() -> Vec<u8> {
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(6, 4, image::Rgb([90, 90, 90])))
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    png.into_inner()
}

/// A pothole in Bandung, reported by `token` with `privacy`.
async fn report(app: &TestApp, token: &str, privacy: &str, lat: f64) -> Value {
    let (s, photo) = upload(app, token, &png(), "lubang.png").await;
    assert_eq!(s, 201, "{photo}");
    let body = json!({"category": "jalan", "description": "Jalan berlubang besar di depan SD, sudah ada motor jatuh",
                      "lat": lat, "lon": 107.6098, "privacy": privacy, "photos": [photo["id"]], "region_code": "327301"});
    let (s, v) = app.api(Method::POST, "/api/v1/reports", Some(token), Some(body)).await;
    assert_eq!(s, 201, "{v}");
    v
}

/// A server with the example catalogue and the agencies that coordinate and handle reports.
pub async fn spawn(b: Backend) -> TestApp {
    let app = TestApp::spawn(b).await;
    satupintu::catalog::service::import(&app.state.db, satupintu::demo::REPORT_AGENCIES, None).await.expect("agencies");
    app.state.catalog.refresh(&app.state.db, true).await.expect("refresh");
    app
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(app.state.db.pool()).await.expect("count").get(0)
}

async fn a_report_is_seen_as_its_privacy_level_says(b: Backend) {
    let app = spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let coordinator = app.staff(Role::Officer, Some("diskominfo"), "koordinator@kominfo.id").await;
    let dlh = app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;

    let public = report(&app, &siti, "public", -6.9147).await;
    let anonymous = report(&app, &siti, "anonymous", -6.9150).await;
    let secret = report(&app, &siti, "confidential", -6.9152).await;
    let code = |v: &Value| v["code"].as_str().expect("code").to_string();
    assert!(code(&public).starts_with("LP-") && code(&public).len() == "LP-2026-000001".len());
    assert_eq!(public["status"], "received");
    assert_eq!(public["suggested_category"], Value::Null, "the classifier's guess is for staff");
    assert_eq!(public["photos"].as_array().map(Vec::len), Some(1));

    // Signed out: the public report names the reporter briefly; the anonymous one does not; the
    // confidential one does not exist for the public.
    let (s, v) = app.get_json(&format!("/api/v1/reports/{}", code(&public))).await;
    assert_eq!(s, 200);
    assert_eq!(v["reporter_name"], "Siti R.");
    assert_eq!(v["reporter"], Value::Null);
    let (s, v) = app.get_json(&format!("/api/v1/reports/{}", code(&anonymous))).await;
    assert_eq!(s, 200);
    assert_eq!(v["reporter_name"], Value::Null);
    assert!(!v.to_string().contains("Siti") && !v.to_string().contains("siti@"), "{v}");
    let (s, _) = app.get_json(&format!("/api/v1/reports/{}", code(&secret))).await;
    assert_eq!(s, 404);
    // The photo is served to whoever may see the report, re-encoded (a PNG), and to nobody else.
    let url = public["photos"][0].as_str().expect("photo url").to_string();
    let r = app.get(&url).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    let secret_photo = secret["photos"][0].as_str().expect("photo url").to_string();
    assert_eq!(app.get(&secret_photo).await.status().as_u16(), 404);
    let (s, _) = app.api(Method::GET, &secret_photo.replace("/photos/1", "/photos/2"), Some(&siti), None).await;
    assert_eq!(s, 404, "no second photo");
    let (s, _) = app.api(Method::GET, &format!("/api/v1/reports/{}", code(&secret)), Some(&budi), None).await;
    assert_eq!(s, 404, "another citizen does not see it either");
    let (s, list) = app.get_json("/api/v1/reports").await;
    assert_eq!(s, 200);
    let listed: Vec<&str> =
        list["reports"].as_array().expect("list").iter().filter_map(|r| r["code"].as_str()).collect();
    assert!(listed.contains(&code(&public).as_str()) && listed.contains(&code(&anonymous).as_str()));
    assert!(!listed.contains(&code(&secret).as_str()), "confidential reports are not listed");
    assert!(!list.to_string().contains("Siti"));

    // The coordinator sees every reporter and the classifier's suggestion.
    let (s, v) = app.api(Method::GET, &format!("/api/v1/reports/{}", code(&secret)), Some(&coordinator), None).await;
    assert_eq!(s, 200);
    assert_eq!(v["reporter"]["email"], "siti@contoh.id");
    assert_eq!(v["suggested_category"], "jalan");
    assert_eq!(v["suggested_agency"], "dpupr");
    // Dispatched to an agency, a confidential reporter stays hidden from it; an anonymous one does not.
    for (r, agency_sees_reporter) in [(&secret, false), (&anonymous, true)] {
        let path = format!("/api/v1/reports/{}/actions", code(r));
        let (s, v) = app
            .api(Method::POST, &path, Some(&coordinator), Some(json!({"action": "dispatch", "agency_id": "dlh"})))
            .await;
        assert_eq!(s, 200, "{v}");
        let (s, v) = app.api(Method::GET, &format!("/api/v1/reports/{}", code(r)), Some(&dlh), None).await;
        assert_eq!(s, 200);
        assert_eq!(v["reporter"].is_object(), agency_sees_reporter, "{v}");
        assert_eq!(v.to_string().contains("siti@contoh.id"), agency_sees_reporter);
    }
    // The reporter always sees their own report.
    let (s, v) = app.api(Method::GET, &format!("/api/v1/reports/{}", code(&secret)), Some(&siti), None).await;
    assert_eq!(s, 200);
    assert_eq!(v["status"], "dispatched");

    // The map box: only reports inside it.
    let (s, v) = app.get_json("/api/v1/reports?bbox=107.60,-6.9151,107.62,-6.9140").await;
    assert_eq!(s, 200);
    let inside: Vec<&str> = v["reports"].as_array().expect("list").iter().filter_map(|r| r["code"].as_str()).collect();
    assert_eq!(inside.len(), 2, "{v}");
    let (s, v) = app.get_json("/api/v1/reports?bbox=100,0,101,1").await;
    assert_eq!((s, v["reports"].as_array().map(Vec::len)), (200, Some(0)));
    let (s, v) = app.get_json("/api/v1/reports?bbox=107,-6,nan,x").await;
    assert_eq!(s, 422);
    assert!(v["error"]["details"]["bbox"].is_string());
    // No personal data reached the public ledger.
    let leaves: Vec<String> = sqlx::query("SELECT body FROM ledger_queue UNION ALL SELECT data FROM ledger_entries")
        .fetch_all(app.state.db.pool())
        .await
        .expect("leaves")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .filter(|l| l.contains("report."))
        .collect();
    assert!(!leaves.is_empty());
    assert!(leaves.iter().all(|l| !l.contains("Siti") && !l.contains("siti@") && !l.contains("berlubang")));
    assert!(leaves.iter().all(|l| !l.contains(&code(&secret))), "a confidential code is only hashed");
    app.stop().await;
}

async fn a_report_goes_from_received_to_closed(b: Backend) {
    let app = spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let coordinator = app.staff(Role::Officer, Some("diskominfo"), "koordinator@kominfo.id").await;
    let dlh = app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    let other = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let v = report(&app, &siti, "public", -6.9147).await;
    let code = v["code"].as_str().expect("code").to_string();
    let path = format!("/api/v1/reports/{code}/actions");
    let act = |token: String, body: Value| {
        let (app, path) = (&app, path.clone());
        async move { app.api(Method::POST, &path, Some(&token), Some(body)).await }
    };

    // Strangers are told nothing; the agency cannot act before it is dispatched to them.
    let (s, _) = act(budi.clone(), json!({"action": "close"})).await;
    assert_eq!(s, 404);
    let (s, _) = act(other.clone(), json!({"action": "verify"})).await;
    assert_eq!(s, 404);
    let (s, _) = act(dlh.clone(), json!({"action": "start"})).await;
    assert_eq!(s, 404);
    let (s, _) = act(siti.clone(), json!({"action": "close"})).await;
    assert_eq!(s, 409, "not resolved yet");

    let (s, v) = act(coordinator.clone(), json!({"action": "verify", "category": "sampah"})).await;
    assert_eq!((s, v["status"].as_str(), v["category"].as_str()), (200, Some("verified"), Some("sampah")));
    let (s, v) = act(coordinator.clone(), json!({"action": "dispatch", "agency_id": "tidak-ada"})).await;
    assert_eq!(s, 422, "{v}");
    let (s, v) = act(coordinator.clone(), json!({"action": "dispatch"})).await;
    assert_eq!((s, v["agency_id"].as_str()), (200, Some("dlh")), "sampah goes to DLH by default: {v}");
    let (s, v) = act(dlh.clone(), json!({"action": "respond"})).await;
    assert_eq!(s, 422, "a public update needs its text: {v}");
    let (s, _) = act(dlh.clone(), json!({"action": "start"})).await;
    assert_eq!(s, 200);
    let (s, _) = act(dlh.clone(), json!({"action": "note", "note": "Koordinasi dengan RW 05"})).await;
    assert_eq!(s, 200);
    let (s, v) =
        act(dlh.clone(), json!({"action": "resolve", "note": "Sampah sudah diangkut dan lokasi dibersihkan."})).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("resolved")));

    // The public history shows the updates, not the staff note.
    let (_, public) = app.get_json(&format!("/api/v1/reports/{code}")).await;
    let notes: Vec<&str> =
        public["history"].as_array().expect("history").iter().filter_map(|e| e["note"].as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("diangkut")));
    assert!(!notes.iter().any(|n| n.contains("RW 05")), "staff notes stay internal");
    let (_, staff) = app.api(Method::GET, &format!("/api/v1/reports/{code}"), Some(&dlh), None).await;
    assert!(staff["history"].to_string().contains("RW 05"));

    let (s, v) = act(siti.clone(), json!({"action": "close"})).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("closed")));
    assert_eq!(v["available_actions"], json!(["rate"]), "the reporter may still rate the handling");
    let rating = format!("/api/v1/reports/{code}/rating");
    let (s, _) = app.api(Method::POST, &rating, Some(&siti), Some(json!({"stars": 9}))).await;
    assert_eq!(s, 422);
    let (s, _) = app.api(Method::POST, &rating, Some(&budi), Some(json!({"stars": 4}))).await;
    assert_eq!(s, 404, "only the reporter rates");
    let (s, v) = app.api(Method::POST, &rating, Some(&siti), Some(json!({"stars": 4, "comment": "Cukup cepat"}))).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!((v["rating"]["stars"].as_i64(), v["available_actions"].clone()), (Some(4), json!([])));
    let (s, _) = app.api(Method::POST, &rating, Some(&siti), Some(json!({"stars": 5}))).await;
    assert_eq!(s, 409, "rated once");
    // Every public step told the reporter, in the step's transaction.
    let told = count(&app, "SELECT COUNT(*) FROM outbox WHERE kind = 'report_status' AND channel = 'email'").await;
    assert_eq!(told, 6, "submit, verify, dispatch, start, resolve, close");
    let (subject, _) = satupintu::notify::worker::message(
        "report_status",
        &json!({"code": code, "status": "in_progress"}),
        satupintu::web::Lang::Id,
    );
    assert!(subject.contains(&code) && subject.contains("Sedang ditangani"), "{subject}");
    app.stop().await;
}

async fn bad_reports_change_nothing(b: Backend) {
    let app = spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    let (_, pdf) = upload(&app, &siti, crate::applications::PDF, "surat.pdf").await;
    let (_, budis) = upload(&app, &budi, &png(), "foto.png").await;
    let cases: Vec<(Value, &[&str])> = vec![
        (json!({}), &["category", "description", "lat"]),
        (json!({"category": "jalan", "description": "rusak", "lat": 51.5, "lon": -0.1}), &["description", "lat"]),
        (
            json!({"category": "x", "description": "Jalan rusak parah sekali", "lat": -6.9, "lon": 107.6, "privacy": "rahasia"}),
            &["category", "privacy"],
        ),
        (
            json!({"category": "jalan", "description": "Jalan rusak parah sekali", "lat": -6.9, "lon": 107.6, "region_code": "9999"}),
            &["region_code"],
        ),
        (
            json!({"category": "jalan", "description": "Jalan rusak parah sekali", "lat": -6.9, "lon": 107.6, "photos": [pdf["id"]]}),
            &["photos[0]"],
        ),
        (
            json!({"category": "jalan", "description": "Jalan rusak parah sekali", "lat": -6.9, "lon": 107.6, "photos": [budis["id"]]}),
            &["photos[0]"],
        ),
        (
            json!({"category": "jalan", "description": "Jalan rusak parah sekali", "lat": -6.9, "lon": 107.6,
                "photos": ["a", "b", "c", "d", "e", "f"]}),
            &["photos"],
        ),
    ];
    for (body, fields) in cases {
        let (s, v) = app.api(Method::POST, "/api/v1/reports", Some(&siti), Some(body.clone())).await;
        assert_eq!(s, 422, "{body} -> {v}");
        let mut got: Vec<&str> =
            v["error"]["details"].as_object().expect("details").keys().map(String::as_str).collect();
        got.sort_unstable();
        let mut want = fields.to_vec();
        want.sort_unstable();
        assert_eq!(got, want, "{body} -> {v}");
    }
    let (s, _) = app.api(Method::POST, "/api/v1/reports", None, Some(json!({}))).await;
    assert_eq!(s, 401);
    let (s, _) = app.api(Method::POST, "/api/v1/reports", Some(&officer), Some(json!({}))).await;
    assert_eq!(s, 403, "staff do not file citizens' reports here");
    let (s, _) = app.get_json("/api/v1/reports/LP-2026-999999").await;
    assert_eq!(s, 404);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 0, "nothing stored");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM report_events").await, 0);
    app.stop().await;
}

async fn time_limits_escalate_and_resolved_reports_close(b: Backend) {
    use satupintu::reports::service::{run_deadlines, DeadlineRun};
    let app = spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let coordinator = app.staff(Role::Officer, Some("diskominfo"), "koordinator@kominfo.id").await;
    app.staff(Role::Supervisor, Some("diskominfo"), "kabid@kominfo.id").await;
    let dlh = app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    app.staff(Role::Supervisor, Some("dlh"), "kabid@dlh.id").await;
    let v = report(&app, &siti, "anonymous", -6.9147).await;
    let code = v["code"].as_str().expect("code").to_string();
    let path = format!("/api/v1/reports/{code}/actions");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let day = 86_400;
    let escalations = |agency: &'static str| {
        let app = &app;
        async move {
            count(
                app,
                &format!(
                    "SELECT COUNT(*) FROM outbox o JOIN users u ON u.id = o.recipient_id \
                     WHERE o.kind = 'report_escalation' AND o.channel = 'email' AND u.agency_id = '{agency}'"
                ),
            )
            .await
        }
    };

    // Within its time limit nothing happens; two weeks on (3 working days to dispatch) the
    // coordinator's supervisors are told, once.
    assert_eq!(run_deadlines(&app.state, now).await.expect("run"), DeadlineRun::default());
    assert_eq!(run_deadlines(&app.state, now + 14 * day).await.expect("run").escalated, 1);
    assert_eq!(run_deadlines(&app.state, now + 15 * day).await.expect("run"), DeadlineRun::default());
    assert_eq!(escalations("diskominfo").await, 1);
    let (_, public) = app.get_json(&format!("/api/v1/reports/{code}")).await;
    assert!(!public["history"].to_string().contains("escalate"), "escalations are internal");
    let (_, staff) = app.api(Method::GET, &format!("/api/v1/reports/{code}"), Some(&coordinator), None).await;
    assert!(staff["history"].to_string().contains("escalate"));

    // Dispatched and not answered within 5 working days: the agency's supervisors are told.
    let (s, _) =
        app.api(Method::POST, &path, Some(&coordinator), Some(json!({"action": "dispatch", "agency_id": "dlh"}))).await;
    assert_eq!(s, 200);
    assert_eq!(run_deadlines(&app.state, now + 20 * day).await.expect("run").escalated, 1);
    assert_eq!(escalations("dlh").await, 1);

    // Resolved and not reopened within 10 working days: closed by itself.
    let (s, _) = app
        .api(Method::POST, &path, Some(&dlh), Some(json!({"action": "resolve", "note": "Sudah dibersihkan."})))
        .await;
    assert_eq!(s, 200);
    assert_eq!(run_deadlines(&app.state, now + 5 * day).await.expect("run"), DeadlineRun::default());
    assert_eq!(run_deadlines(&app.state, now + 30 * day).await.expect("run").closed, 1);
    let (_, v) = app.get_json(&format!("/api/v1/reports/{code}")).await;
    assert_eq!(v["status"], "closed");
    let last = v["history"].as_array().and_then(|h| h.last()).cloned().unwrap_or(Value::Null);
    assert_eq!((last["action"].as_str(), last["actor_role"].as_str()), (Some("close"), Some("system")));
    app.stop().await;
}

async fn citizens_support_a_similar_report_instead_of_repeating_it(b: Backend) {
    let app = spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let coordinator = app.staff(Role::Officer, Some("diskominfo"), "koordinator@kominfo.id").await;
    let v = report(&app, &siti, "public", -6.9147).await;
    let code = v["code"].as_str().expect("code").to_string();
    let secret = report(&app, &siti, "confidential", -6.9148).await;

    // Budi, writing about the same pothole 50 m away, is shown Siti's report (not the confidential one).
    let q = "/api/v1/reports/similar?category=jalan&lat=-6.91475&lon=107.6102&description=lubang%20besar%20di%20jalan%20depan%20SD";
    let (s, v) = app.get_json(q).await;
    assert_eq!(s, 200, "{v}");
    let found = v["reports"].as_array().expect("reports");
    assert_eq!(found.len(), 1, "{v}");
    assert_eq!(found[0]["code"], code.as_str());
    assert!(found[0]["similarity"].as_f64().is_some_and(|x| x > 0.2), "{v}");
    assert!(found[0]["distance_m"].as_f64().is_some_and(|d| d < 100.0), "{v}");
    // Not for another category, nor two kilometres away; bad input is a field error.
    let (_, v) = app.get_json(&q.replace("category=jalan", "category=sampah")).await;
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(0));
    let (_, v) = app.get_json(&q.replace("lat=-6.91475", "lat=-6.9330")).await;
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(0));
    let (s, _) = app.get_json("/api/v1/reports/similar?category=jalan&lat=51&lon=0&description=x").await;
    assert_eq!(s, 422);

    // Budi supports it instead: counted once, however often; he then follows its updates.
    let support = format!("/api/v1/reports/{code}/support");
    for _ in 0..2 {
        let (s, v) = app.api(Method::POST, &support, Some(&budi), None).await;
        assert_eq!((s, v["supporters"].as_i64()), (200, Some(1)), "{v}");
    }
    let (s, _) = app.api(Method::POST, &support, Some(&siti), None).await;
    assert_eq!(s, 409, "not one's own report");
    let (s, _) = app.api(Method::POST, &support, Some(&coordinator), None).await;
    assert_eq!(s, 403);
    let (s, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/reports/{}/support", secret["code"].as_str().unwrap_or("")),
            Some(&budi),
            None,
        )
        .await;
    assert_eq!(s, 404, "a confidential report cannot be found to support");
    let (s, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/reports/{code}/actions"),
            Some(&coordinator),
            Some(json!({"action": "verify"})),
        )
        .await;
    assert_eq!(s, 200);
    let budi_told = count(
        &app,
        "SELECT COUNT(*) FROM outbox o JOIN users u ON u.id = o.recipient_id WHERE o.kind = 'report_status' \
         AND o.channel = 'email' AND u.email = 'budi@contoh.id'",
    )
    .await;
    assert_eq!(budi_told, 1, "the supporter hears of the verification");
    app.stop().await;
}

/// The map list reads a city-sized box cell by cell (a tenth of a degree) and a big box newest
/// first: both give the newest public reports inside the box, with the filters and the limit.
async fn the_map_lists_the_newest_reports_in_a_box_across_its_cells(b: Backend) {
    let app = spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    // Around Bandung, on both sides of cell edges (-6.9 and 107.6), one far away (Jakarta), and
    // one exactly on an edge.
    let places = [
        (-6.95, 107.55, "jalan", "public"),
        (-6.85, 107.65, "sampah", "public"),
        (-6.95, 107.65, "jalan", "anonymous"),
        (-6.85, 107.55, "jalan", "confidential"),
        (-6.2088, 106.8456, "jalan", "public"),
        (-6.9, 107.6, "sampah", "public"),
        (-6.88, 107.58, "jalan", "public"),
    ];
    let mut codes = vec![];
    for (lat, lon, category, privacy) in places {
        let body = json!({"category": category, "description": "Jalan berlubang besar di depan SD, sudah ada motor jatuh",
                          "lat": lat, "lon": lon, "privacy": privacy});
        let (s, v) = app.api(Method::POST, "/api/v1/reports", Some(&siti), Some(body)).await;
        assert_eq!(s, 201, "{v}");
        codes.push(v["code"].as_str().expect("code").to_string());
    }
    let list = |query: String| {
        let app = &app;
        async move {
            let (s, v) = app.get_json(&format!("/api/v1/reports?{query}")).await;
            assert_eq!(s, 200, "{v}");
            v["reports"]
                .as_array()
                .expect("list")
                .iter()
                .filter_map(|r| r["code"].as_str().map(String::from))
                .collect::<Vec<_>>()
        }
    };
    // Newest first (sent in the same second, the later one first); not the confidential one,
    // not Jakarta.
    let newest = |idx: &[usize]| idx.iter().rev().map(|&i| codes[i].clone()).collect::<Vec<_>>();
    let bandung = "bbox=107.5,-7.0,107.7,-6.8";
    assert_eq!(list(bandung.into()).await, newest(&[0, 1, 2, 5, 6]));
    assert_eq!(list(format!("{bandung}&limit=2")).await, newest(&[5, 6]));
    assert_eq!(list(format!("{bandung}&category=jalan")).await, newest(&[0, 2, 6]));
    assert_eq!(list(format!("{bandung}&category=sampah&status=received")).await, newest(&[1, 5]));
    assert_eq!(list(format!("{bandung}&status=closed")).await, Vec::<String>::new());
    // Boxes whose edges are on a point and on cell edges.
    assert_eq!(list("bbox=107.6,-6.9,107.69,-6.81".into()).await, newest(&[1, 5]));
    assert_eq!(list("bbox=107.5,-6.95,107.6,-6.9".into()).await, newest(&[0, 5]));
    // A box too big for cells (all of Java), and no box at all.
    assert_eq!(list("bbox=105,-9,115,-5".into()).await, newest(&[0, 1, 2, 4, 5, 6]));
    assert_eq!(list("bbox=105,-9,115,-5&limit=3&category=jalan".into()).await, newest(&[2, 4, 6]));
    assert_eq!(list(String::new()).await, newest(&[0, 1, 2, 4, 5, 6]));
    app.stop().await;
}

async fn a_reports_region_comes_from_its_map_point(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wilayah.geojson");
    let square = |code: &str, (x0, y0, x1, y1): (f64, f64, f64, f64)| {
        json!({"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon",
               "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}})
    };
    let doc = json!({"type": "FeatureCollection", "features": [
        square("3273", (107.5, -7.0, 107.8, -6.8)),
        square("327301", (107.60, -6.92, 107.62, -6.90)),
    ]});
    std::fs::write(&path, doc.to_string()).expect("write");
    let app = TestApp::spawn_configured(b, |c| c.region_boundaries = Some(path.clone())).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let send = |lat: f64, lon: f64, region: Option<&str>| {
        let body = json!({"category": "jalan", "description": "Jalan berlubang di tikungan dekat pasar",
                          "lat": lat, "lon": lon, "region_code": region});
        let (app, siti) = (&app, siti.clone());
        async move { app.api(Method::POST, "/api/v1/reports", Some(&siti), Some(body)).await }
    };
    let (s, v) = send(-6.91, 107.61, None).await;
    assert_eq!((s, v["region_code"].as_str()), (201, Some("327301")), "the district around the point: {v}");
    let (_, v) = send(-6.95, 107.70, None).await;
    assert_eq!(v["region_code"], "3273", "only the city around this one");
    let (_, v) = send(-6.2, 106.8, None).await;
    assert_eq!(v["region_code"], Value::Null, "outside every boundary");
    let (_, v) = send(-6.91, 107.61, Some("3273")).await;
    assert_eq!(v["region_code"], "3273", "a region the citizen chose stands");
    app.stop().await;
}
