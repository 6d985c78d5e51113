//! Telemedicine: a teleconsultation from booking to dispensed prescription, the privacy of
//! health data (and its access log), dispensing exactly once under concurrent requests, and the
//! FHIR R4 API (shapes, auth, and validity checked by the `fhir.resources` Python package).

use reqwest::{Client, Method};
use satupintu::identity::{CurrentUser, Role};
use serde_json::{json, Value};
use sqlx::Row as _;

use crate::both;
use crate::common::{csrf, Backend, TestApp, NIK_A, NIK_B};

both!(
    teleconsultation_from_booking_to_prescription,
    health_data_is_private,
    dispensed_exactly_once,
    fhir_api,
    the_demo_has_a_practitioner_and_a_pharmacy
);

const LOCATIONS: &str = r#"{"format": "satupintu.locations/v1", "locations": [
  {"id": "faskes-dinkes", "kind": "faskes", "agency": "dinkes", "name": "Klinik Telemedisin Dinas Kesehatan",
   "address": "Jl. Kesehatan 1, Bandung", "hours": {"mon": {"open": "08:00", "close": "12:00"}},
   "services": [{"service": "telekonsultasi", "capacity": 0, "prefix": "T"}], "video_url": "https://meet.jit.si"}]}"#;

const DOCTOR: &str = "dokter@dinkes.id";
const DOCTOR_2: &str = "dokter2@dinkes.id";
const PHARMACY: &str = "apotek@dinkes.id";
const STAFF_PASSWORD: &str = "rahasia-staf-1";

/// A health facility with two practitioners (Mon-Fri 08:00-12:00, 20-minute slots) and a
/// pharmacy account; Siti (NIK_A) and Budi (NIK_B) are citizens.
struct World {
    app: TestApp,
    siti: Client,
    siti_token: String,
    budi: Client,
    budi_token: String,
    doctor: Client,
    doctor_token: String,
    doctor_2: Client,
    pharmacy: Client,
    practitioner_id: i64,
}

async fn staff_user(app: &TestApp, email: &str) -> (String, CurrentUser) {
    let token = app.staff(Role::Officer, Some("dinkes"), email).await;
    let id: i64 = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user")
        .get(0);
    let user = CurrentUser::signed_in(id, Role::Officer, Some("dinkes"), "dr. Rina Kusuma");
    (token, user)
}

async fn world(b: Backend) -> World {
    let app = TestApp::spawn(b).await;
    satupintu::appointments::planner::import(&app.state, LOCATIONS, None).await.expect("import the facility");
    let week: Vec<(i64, i64, i64, i64)> = (1..=5).map(|d| (d, 8 * 60, 12 * 60, 20)).collect();
    let (doctor_token, doctor) = staff_user(&app, DOCTOR).await;
    let practitioner_id = satupintu::telemedicine::service::register_practitioner(
        &app.state,
        &doctor,
        "faskes-dinkes",
        ("dr. Rina Kusuma", "Dokter Umum", "SIP 503/1234/DU/2026"),
        &week,
        "telekonsultasi",
    )
    .await
    .expect("practitioner");
    let (_, second) = staff_user(&app, DOCTOR_2).await;
    satupintu::telemedicine::service::register_practitioner(
        &app.state,
        &second,
        "faskes-dinkes",
        ("dr. Andi Wijaya", "Dokter Umum", "SIP 503/5678/DU/2026"),
        &week,
        "telekonsultasi",
    )
    .await
    .expect("second practitioner");
    app.staff(Role::Officer, Some("dinkes"), PHARMACY).await;
    satupintu::appointments::planner::plan_all(&app.state).await.expect("plan slots");
    let siti_token = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi_token = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    World {
        siti: app.browser("siti@contoh.id", "rahasia-warga-1", None).await,
        budi: app.browser("budi@contoh.id", "rahasia-warga-1", None).await,
        doctor: app.browser(DOCTOR, STAFF_PASSWORD, None).await,
        doctor_2: app.browser(DOCTOR_2, STAFF_PASSWORD, None).await,
        pharmacy: app.browser(PHARMACY, STAFF_PASSWORD, None).await,
        siti_token,
        budi_token,
        doctor_token,
        practitioner_id,
        app,
    }
}

async fn page(w: &World, c: &Client, path: &str) -> (u16, String) {
    let r = c.get(w.app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// Post a form from the page at `from` (for its CSRF token); returns (status, location or body).
async fn post(w: &World, c: &Client, from: &str, to: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let (_, mut html) = page(w, c, from).await;
    if !html.contains("name=\"_csrf\"") {
        // A page without a form: the account page has the sign-out form (the token is per browser).
        html = page(w, c, "/akun").await.1;
    }
    let token = csrf(&html);
    let mut form: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    form.extend_from_slice(fields);
    let r = c.post(w.app.url(to)).form(&form).send().await.expect("post");
    let status = r.status().as_u16();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap_or("").to_string());
    (status, location.unwrap_or(r.text().await.unwrap_or_default()))
}

/// A free slot of the practitioner at least two hours ahead (its room is not open yet), as the
/// booking page offers it.
async fn first_slot(w: &World) -> String {
    let id: i64 = sqlx::query(
        "SELECT id FROM slots WHERE practitioner_id = $1 AND starts_at > $2 AND booked < capacity ORDER BY starts_at LIMIT 1",
    )
    .bind(w.practitioner_id)
    .bind(satupintu::db::now() + 7200)
    .fetch_one(w.app.state.db.pool())
    .await
    .expect("a slot")
    .get(0);
    let (status, html) = page(w, &w.siti, "/telekonsultasi").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("dr. Rina Kusuma"), "the practitioner is listed");
    assert!(html.contains(&format!("<option value=\"{id}\">")), "the slot is offered");
    id.to_string()
}

/// Siti books, answers the form, and the slot is moved to now (the room is open).
async fn booked_and_open(w: &World) -> String {
    let slot = first_slot(w).await;
    let (status, location) = post(w, &w.siti, "/telekonsultasi", "/telekonsultasi/pesan", &[("slot_id", &slot)]).await;
    assert_eq!(status, 303, "{location}");
    let code = location.strip_prefix("/telekonsultasi/").expect("consultation page").to_string();
    let path = format!("/telekonsultasi/{code}");
    let (status, _) = post(
        w,
        &w.siti,
        &path,
        &format!("{path}/prakonsultasi"),
        &[
            ("mode", "video"),
            ("complaint", "Demam tinggi dan batuk sejak tiga hari"),
            ("history", "Asma ringan"),
            ("allergies", "Penisilin"),
            ("medicines", "Salbutamol inhaler"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    open_room(w, &code).await;
    code
}

/// Move the consultation's slot so that it started a minute ago.
async fn open_room(w: &World, code: &str) {
    let now = satupintu::db::now();
    sqlx::query(
        "UPDATE slots SET starts_at = $1, ends_at = $2 WHERE id = (SELECT slot_id FROM bookings WHERE code = $3)",
    )
    .bind(now - 60)
    .bind(now + 1140)
    .bind(code)
    .execute(w.app.state.db.pool())
    .await
    .expect("move the slot");
}

const RX: &[(&str, &str)] = &[
    ("notes", "S: demam 3 hari. A: ISPA. P: obat simtomatik, kontrol bila sesak."),
    ("medicine_1", "Parasetamol"),
    ("strength_1", "500 mg tablet"),
    ("dose_1", "3 x 1 tablet sehari"),
    ("quantity_1", "10"),
    ("instructions_1", "sesudah makan, bila demam"),
    ("medicine_2", "Ambroksol"),
    ("strength_2", "30 mg tablet"),
    ("dose_2", "3 x 1 tablet sehari"),
    ("quantity_2", "15"),
    ("instructions_2", ""),
];

/// The practitioner prescribes; returns the prescription code and its signature.
async fn prescribed(w: &World, code: &str) -> (String, String) {
    let path = format!("/petugas/telekonsultasi/{code}");
    let (status, body) = post(w, &w.doctor, &path, &format!("{path}/resep"), RX).await;
    assert_eq!(status, 303, "{body}");
    let row = sqlx::query(
        "SELECT p.code, p.signature FROM prescriptions p JOIN bookings b ON b.id = p.booking_id WHERE b.code = $1",
    )
    .bind(code)
    .fetch_one(w.app.state.db.pool())
    .await
    .expect("prescription");
    (row.get(0), row.get(1))
}

async fn booking_status(w: &World, code: &str) -> String {
    sqlx::query("SELECT status FROM bookings WHERE code = $1")
        .bind(code)
        .fetch_one(w.app.state.db.pool())
        .await
        .expect("booking")
        .get(0)
}

async fn teleconsultation_from_booking_to_prescription(b: Backend) {
    let w = world(b).await;
    let slot = first_slot(&w).await;
    // Not a practitioner's slot: a localized 422, nothing booked.
    let (status, body) = post(&w, &w.siti, "/telekonsultasi", "/telekonsultasi/pesan", &[("slot_id", "999999")]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Pilih waktu telekonsultasi yang tersedia"), "{body}");
    let (status, location) = post(&w, &w.siti, "/telekonsultasi", "/telekonsultasi/pesan", &[("slot_id", &slot)]).await;
    assert_eq!(status, 303);
    let code = location.strip_prefix("/telekonsultasi/").expect("code").to_string();
    let path = format!("/telekonsultasi/{code}");

    // Before the time: the form, no room yet, and chat is refused.
    let (status, html) = page(&w, &w.siti, &path).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"preconsult\"") && html.contains("id=\"room-wait\""), "{html}");
    assert!(!html.contains("meet.jit.si"), "no room link before the time");
    let (status, _) = post(&w, &w.siti, &path, &format!("{path}/chat"), &[("text", "Halo dok")]).await;
    assert_eq!(status, 409);

    // A form without a complaint is refused with a message by the field, and nothing is kept.
    let (status, body) =
        post(&w, &w.siti, &path, &format!("{path}/prakonsultasi"), &[("mode", "video"), ("complaint", " ")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("href=\"#complaint\""), "{body}");
    let kept: i64 =
        sqlx::query("SELECT COUNT(*) FROM consultations").fetch_one(w.app.state.db.pool()).await.expect("n").get(0);
    assert_eq!(kept, 0);
    let (status, _) = post(
        &w,
        &w.siti,
        &path,
        &format!("{path}/prakonsultasi"),
        &[("mode", "video"), ("complaint", "Demam tinggi dan batuk sejak tiga hari"), ("allergies", "Penisilin")],
    )
    .await;
    assert_eq!(status, 303);

    // At the time: both get the same video room, and they chat.
    open_room(&w, &code).await;
    let (_, html) = page(&w, &w.siti, &path).await;
    let link_at = html.find("https://meet.jit.si/SatuPintu-").expect("video link");
    let link = html[link_at..].split('"').next().expect("link").to_string();
    assert!(link.len() > "https://meet.jit.si/SatuPintu-".len() + 20, "an unguessable room: {link}");
    let (status, _) = post(&w, &w.siti, &path, &format!("{path}/chat"), &[("text", "Selamat pagi, dok")]).await;
    assert_eq!(status, 303);

    let (status, schedule) = page(&w, &w.doctor, "/petugas/telekonsultasi").await;
    assert_eq!(status, 200);
    let day = sqlx::query("SELECT s.date FROM slots s JOIN bookings b ON b.slot_id = s.id WHERE b.code = $1")
        .bind(&code)
        .fetch_one(w.app.state.db.pool())
        .await
        .expect("date")
        .get::<String, _>(0);
    let (_, schedule_day) = page(&w, &w.doctor, &format!("/petugas/telekonsultasi?tanggal={day}")).await;
    assert!(schedule.contains(&code) || schedule_day.contains(&code), "the consultation is in the practitioner's day");
    let staff_path = format!("/petugas/telekonsultasi/{code}");
    let (status, html) = page(&w, &w.doctor, &staff_path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Demam tinggi dan batuk") && html.contains("Penisilin"), "the answers");
    assert!(html.contains("Selamat pagi, dok"), "the chat");
    assert!(html.contains(&link), "the practitioner joins the same room");
    let (status, _) =
        post(&w, &w.doctor, &staff_path, &format!("{staff_path}/chat"), &[("text", "Pagi, Bu Siti. Ada sesak?")]).await;
    assert_eq!(status, 303);
    let (status, _) =
        post(&w, &w.doctor, &staff_path, &format!("{staff_path}/catatan"), &[("notes", "S: demam")]).await;
    assert_eq!(status, 303);

    // A prescription with a bad quantity: 422, the consultation goes on.
    let (status, body) = post(
        &w,
        &w.doctor,
        &staff_path,
        &format!("{staff_path}/resep"),
        &[("medicine_1", "Parasetamol"), ("strength_1", "500 mg"), ("dose_1", "3 x 1"), ("quantity_1", "banyak")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("href=\"#quantity_1\"") && body.contains("value=\"Parasetamol\""), "{body}");
    assert_eq!(booking_status(&w, &code).await, "booked");

    let (rx, signature) = prescribed(&w, &code).await;
    assert!(rx.starts_with("RX-"), "{rx}");
    assert_eq!(booking_status(&w, &code).await, "served", "the prescription completes the consultation");
    let (status, _) =
        post(&w, &w.siti, &path, &format!("{path}/prakonsultasi"), &[("mode", "chat"), ("complaint", "x")]).await;
    assert_eq!(status, 409, "a completed consultation is closed");

    // The citizen reads the notes and the prescription, and downloads the PDF.
    let (_, html) = page(&w, &w.siti, &path).await;
    assert!(html.contains(&rx) && html.contains("Ambroksol") && html.contains("ISPA"), "{html}");
    let r = w.siti.get(w.app.url(&format!("{path}/resep.pdf"))).send().await.expect("pdf");
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let bytes = r.bytes().await.expect("bytes");
    let text = satupintu::documents::pdf::shown_text(&bytes).join("\n");
    assert!(text.contains(&rx) && text.contains("Parasetamol 500 mg tablet") && text.contains("Siti Rahayu"), "{text}");
    assert!(text.contains(&signature[..signature.len() / 2]), "the signature is printed");
    assert!(String::from_utf8_lossy(&bytes).matches(" re f").count() > 100, "the QR code is drawn");
    // The signature is the platform's, over the canonical content.
    let content: String = sqlx::query("SELECT content_json FROM prescriptions WHERE code = $1")
        .bind(&rx)
        .fetch_one(w.app.state.db.pool())
        .await
        .expect("content")
        .get(0);
    // It is stored encrypted (personal data at rest): no medicine name in the column.
    assert!(content.starts_with("v1:") && !content.contains("Parasetamol"), "{content}");
    let content = satupintu::crypto::open_value("prescriptions.content_json", &content).expect("opens");
    assert!(w.app.state.keys.verify(content.as_bytes(), &signature));
    // Nothing health-related reaches the notification outbox.
    let outbox: Vec<String> = sqlx::query("SELECT payload_json FROM outbox WHERE kind = 'teleconsultation'")
        .fetch_all(w.app.state.db.pool())
        .await
        .expect("outbox")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
    assert!(!outbox.is_empty(), "the patient is told");
    assert!(outbox.iter().all(|p| !p.contains("Demam") && !p.contains("Parasetamol")), "{outbox:?}");
    // Health data is encrypted at rest: the raw columns hold sealed values only.
    let row = sqlx::query(
        "SELECT c.complaint, c.allergies, c.notes FROM consultations c JOIN bookings b ON b.id = c.booking_id \
         WHERE b.code = $1",
    )
    .bind(&code)
    .fetch_one(w.app.state.db.pool())
    .await
    .expect("consultation");
    for i in 0..3 {
        let raw: String = row.get(i);
        assert!(
            raw.starts_with("v1:") && !raw.contains("Demam") && !raw.contains("Penisilin") && !raw.contains("ISPA"),
            "{raw}"
        );
    }
    let bodies: Vec<String> = sqlx::query("SELECT body FROM consultation_messages")
        .fetch_all(w.app.state.db.pool())
        .await
        .expect("messages")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
    assert!(bodies.len() >= 2, "{bodies:?}");
    assert!(bodies.iter().all(|b| b.starts_with("v1:") && !b.contains("pagi") && !b.contains("sesak")), "{bodies:?}");
    w.app.stop().await;
}

async fn health_data_is_private(b: Backend) {
    let w = world(b).await;
    let code = booked_and_open(&w).await;
    let path = format!("/telekonsultasi/{code}");
    let staff_path = format!("/petugas/telekonsultasi/{code}");
    // Another citizen, another practitioner, an officer of another agency: nothing is there.
    assert_eq!(page(&w, &w.budi, &path).await.0, 404);
    assert_eq!(page(&w, &w.doctor_2, &staff_path).await.0, 404);
    assert_eq!(page(&w, &w.pharmacy, &staff_path).await.0, 404);
    assert_eq!(post(&w, &w.budi, "/telekonsultasi", &format!("{path}/chat"), &[("text", "intip")]).await.0, 404);
    assert_eq!(post(&w, &w.doctor_2, "/petugas/telekonsultasi", &format!("{staff_path}/resep"), RX).await.0, 404);
    // The patient's page is not the practitioner's, and the other way round.
    assert_eq!(page(&w, &w.doctor, &path).await.0, 403, "citizen pages are for citizens");
    assert_eq!(page(&w, &w.siti, &staff_path).await.0, 403);

    // Nobody read it yet; then the practitioner does, and the patient sees it (without the data).
    let (_, log) = page(&w, &w.siti, "/akun/akses-kesehatan").await;
    assert!(!log.contains(&code), "{log}");
    assert_eq!(page(&w, &w.doctor, &staff_path).await.0, 200);
    let (status, log) = page(&w, &w.siti, "/akun/akses-kesehatan").await;
    assert_eq!(status, 200);
    assert!(log.contains(&format!("Konsultasi {code}")) && log.contains("dinkes"), "{log}");
    assert!(!log.contains("Demam"), "the log names what was read, not its content");
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM health_access_log WHERE code = $1")
        .bind(&code)
        .fetch_one(w.app.state.db.pool())
        .await
        .expect("count")
        .get(0);
    assert_eq!(n, 1);
    // Another citizen's FHIR view is empty; a read of the consultation is 404.
    let (status, body) = w.app.api(Method::GET, &format!("/fhir/R4/Encounter/{code}"), Some(&w.budi_token), None).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["resourceType"], "OperationOutcome");
    let (_, bundle) = w.app.api(Method::GET, "/fhir/R4/Appointment", Some(&w.budi_token), None).await;
    assert_eq!(bundle["total"], 0, "{bundle}");
    w.app.stop().await;
}

async fn dispensed_exactly_once(b: Backend) {
    let w = world(b).await;
    let code = booked_and_open(&w).await;
    let (rx, signature) = prescribed(&w, &code).await;
    let verify = format!("/resep/{rx}?s={signature}");

    // Without the QR's signature nothing is shown.
    let (status, html) = page(&w, &w.pharmacy, &format!("/resep/{rx}?s=AAAA")).await;
    assert_eq!(status, 200);
    assert!(html.contains("tidak dapat diverifikasi") && !html.contains("Parasetamol"), "{html}");
    // Anyone holding the QR sees that it is genuine; the pharmacy may dispense it.
    let (_, html) = page(&w, &crate::common::client(), &verify).await;
    assert!(html.contains("Resep asli") && html.contains("Parasetamol") && !html.contains("id=\"dispense\""));
    let (_, html) = page(&w, &w.pharmacy, &verify).await;
    assert!(html.contains("id=\"dispense\""), "{html}");
    // An officer of another agency is refused.
    w.app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let other = w.app.browser("petugas@dukcapil.id", STAFF_PASSWORD, None).await;
    let (status, _) = post(&w, &other, &verify, &format!("/resep/{rx}/serahkan"), &[("s", &signature)]).await;
    assert_eq!(status, 403);
    // Nor does the prescriber dispense her own prescription.
    let (status, _) = post(&w, &w.doctor, &verify, &format!("/resep/{rx}/serahkan"), &[("s", &signature)]).await;
    assert_eq!(status, 403);
    let (_, html) = page(&w, &w.doctor, &verify).await;
    assert!(!html.contains("id=\"dispense\""));
    // A wrong signature is not this prescription.
    let (status, _) = post(&w, &w.pharmacy, &verify, &format!("/resep/{rx}/serahkan"), &[("s", "AAAA")]).await;
    assert_eq!(status, 404);

    // Eight pharmacy requests at once: exactly one dispenses.
    let (_, html) = page(&w, &w.pharmacy, &verify).await;
    let token = csrf(&html);
    let url = w.app.url(&format!("/resep/{rx}/serahkan"));
    let tries = (0..8).map(|_| {
        let (c, url, token, signature) = (w.pharmacy.clone(), url.clone(), token.clone(), signature.clone());
        tokio::spawn(async move {
            c.post(url)
                .form(&[("_csrf", token.as_str()), ("s", signature.as_str())])
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        })
    });
    let mut statuses = vec![];
    for t in tries {
        statuses.push(t.await.expect("task"));
    }
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 7, "{statuses:?}");
    let (_, html) = page(&w, &w.pharmacy, &verify).await;
    assert!(html.contains("sudah diserahkan") && !html.contains("id=\"dispense\""), "{html}");
    // The pharmacy's reads are in the patient's log.
    let (_, log) = page(&w, &w.siti, "/akun/akses-kesehatan").await;
    assert!(log.contains(&format!("Resep {rx}")), "{log}");
    w.app.stop().await;
}

async fn fhir_get(w: &World, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = w.app.client.get(w.app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("get");
    let status = r.status().as_u16();
    let ct = r.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_string()).unwrap_or_default();
    assert!(ct.starts_with("application/fhir+json"), "{path}: content type {ct}");
    (status, r.json().await.expect("json"))
}

fn entries(bundle: &Value) -> Vec<Value> {
    assert_eq!(bundle["resourceType"], "Bundle", "{bundle}");
    assert_eq!(bundle["type"], "searchset");
    bundle["entry"].as_array().cloned().unwrap_or_default().into_iter().map(|e| e["resource"].clone()).collect()
}

async fn fhir_api(b: Backend) {
    let w = world(b).await;
    let code = booked_and_open(&w).await;
    let (rx, _) = prescribed(&w, &code).await;
    let mut docs: Vec<Value> = vec![];

    let (status, cap) = fhir_get(&w, "/fhir/R4/metadata", None).await;
    assert_eq!(status, 200);
    assert_eq!(cap["resourceType"], "CapabilityStatement");
    assert_eq!(cap["fhirVersion"], "4.0.1");
    docs.push(cap);

    // Public: practitioners, their schedules and slots.
    let (_, bundle) = fhir_get(&w, "/fhir/R4/Practitioner?name=rina", None).await;
    let found = entries(&bundle);
    assert_eq!(found.len(), 1, "{bundle}");
    assert_eq!(found[0]["identifier"][0]["value"], "SIP 503/1234/DU/2026");
    docs.push(bundle);
    let pid = w.practitioner_id;
    let (status, p) = fhir_get(&w, &format!("/fhir/R4/Practitioner/{pid}"), None).await;
    assert_eq!(status, 200);
    docs.push(p);
    let (_, s) = fhir_get(&w, &format!("/fhir/R4/Schedule/{pid}"), None).await;
    assert_eq!(s["actor"][0]["reference"], format!("Practitioner/{pid}"));
    assert!(s["comment"].as_str().unwrap_or("").contains("Mon 08:00-12:00 (20 min)"), "{s}");
    docs.push(s);
    let (_, bundle) = fhir_get(&w, &format!("/fhir/R4/Schedule?actor=Practitioner/{pid}"), None).await;
    assert_eq!(entries(&bundle).len(), 1);
    let today = time::OffsetDateTime::now_utc().date();
    let (_, free) =
        fhir_get(&w, &format!("/fhir/R4/Slot?schedule=Schedule/{pid}&start=ge{today}&status=free"), None).await;
    let slots = entries(&free);
    assert!(!slots.is_empty(), "{free}");
    assert!(slots.iter().all(|s| s["status"] == "free" && s["schedule"]["reference"] == format!("Schedule/{pid}")));
    docs.push(free);
    let (_, busy) = fhir_get(&w, &format!("/fhir/R4/Slot?schedule={pid}&status=busy"), None).await;
    let busy = entries(&busy);
    assert_eq!(busy.len(), 1, "the booked slot is busy");
    let (_, one) = fhir_get(&w, &format!("/fhir/R4/Slot/{}", busy[0]["id"].as_str().unwrap_or("")), None).await;
    docs.push(one);
    let (status, bad) = fhir_get(&w, "/fhir/R4/Slot?start=ge30-11-2026", None).await;
    assert_eq!(status, 400);
    assert_eq!(bad["resourceType"], "OperationOutcome");
    docs.push(bad);
    let (status, unknown) = fhir_get(&w, "/fhir/R4/Patient/1", None).await;
    assert_eq!(status, 404);
    docs.push(unknown);

    // Protected: a bearer token, and only one's own.
    for path in ["/fhir/R4/Appointment", format!("/fhir/R4/Encounter/{code}").as_str(), "/fhir/R4/MedicationRequest"] {
        let (status, body) = fhir_get(&w, path, None).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(body["resourceType"], "OperationOutcome");
    }
    let (status, _) = fhir_get(&w, "/fhir/R4/Appointment", Some("not-a-token")).await;
    assert_eq!(status, 401);
    let (status, a) = fhir_get(&w, &format!("/fhir/R4/Appointment/{code}"), Some(&w.siti_token)).await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["status"], "fulfilled");
    assert_eq!(a["participant"][1]["actor"]["reference"], format!("Practitioner/{pid}"));
    docs.push(a);
    let (_, bundle) = fhir_get(&w, &format!("/fhir/R4/Appointment?date=ge{today}"), Some(&w.siti_token)).await;
    assert_eq!(entries(&bundle).len(), 1, "{bundle}");
    docs.push(bundle);
    let (status, e) = fhir_get(&w, &format!("/fhir/R4/Encounter/{code}"), Some(&w.siti_token)).await;
    assert_eq!(status, 200);
    assert_eq!(e["status"], "finished");
    assert_eq!(e["class"]["code"], "VR");
    assert_eq!(e["appointment"][0]["reference"], format!("Appointment/{code}"));
    docs.push(e);
    let (_, meds) =
        fhir_get(&w, &format!("/fhir/R4/MedicationRequest?encounter=Encounter/{code}"), Some(&w.siti_token)).await;
    let items = entries(&meds);
    assert_eq!(items.len(), 2, "{meds}");
    assert_eq!(items[0]["id"], format!("{rx}-1"));
    assert_eq!(items[0]["medicationCodeableConcept"]["text"], "Parasetamol 500 mg tablet");
    assert_eq!(items[0]["dispenseRequest"]["quantity"]["value"], 10);
    docs.push(meds);
    let (status, m) = fhir_get(&w, &format!("/fhir/R4/MedicationRequest/{rx}-2"), Some(&w.siti_token)).await;
    assert_eq!(status, 200);
    assert_eq!(m["status"], "active");
    docs.push(m);
    // Another citizen: 404 and empty searches.
    assert_eq!(fhir_get(&w, &format!("/fhir/R4/MedicationRequest/{rx}-1"), Some(&w.budi_token)).await.0, 404);
    let (_, none) = fhir_get(&w, "/fhir/R4/Encounter", Some(&w.budi_token)).await;
    assert!(entries(&none).is_empty());
    docs.push(none);
    // The practitioner sees their patient's consultation; the read is in the patient's log.
    let (status, _) =
        fhir_get(&w, &format!("/fhir/R4/Encounter?patient=Patient/{}", a_patient(&w).await), Some(&w.doctor_token))
            .await;
    assert_eq!(status, 200);
    let logged: i64 = sqlx::query("SELECT COUNT(*) FROM health_access_log WHERE what = 'fhir' AND code = $1")
        .bind(&code)
        .fetch_one(w.app.state.db.pool())
        .await
        .expect("count")
        .get(0);
    assert_eq!(logged, 1);

    validate_with_fhir_resources(&docs);
    w.app.stop().await;
}

async fn a_patient(w: &World) -> i64 {
    sqlx::query("SELECT id FROM users WHERE email = 'siti@contoh.id'")
        .fetch_one(w.app.state.db.pool())
        .await
        .expect("siti")
        .get(0)
}

/// Every document (and every resource in a Bundle) parses as its R4 type with the
/// `fhir.resources` package (`pip install -r scripts/requirements-test.txt`); its R4B models
/// are R4's for these resources.
fn validate_with_fhir_resources(docs: &[Value]) {
    const SCRIPT: &str = r#"
import json, sys
from fhir.resources.R4B import get_fhir_model_class
docs = json.load(open(sys.argv[1]))
n = 0
for d in docs:
    get_fhir_model_class(d["resourceType"]).model_validate(d)
    n += 1
    for e in d.get("entry", []):
        r = e["resource"]
        get_fhir_model_class(r["resourceType"]).model_validate(r)
        n += 1
print(n)
"#;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("resources.json");
    std::fs::write(&file, serde_json::to_vec(&json!(docs)).expect("json")).expect("write");
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(&file)
        .output()
        .expect("python3 with fhir.resources (pip install -r scripts/requirements-test.txt) must be available");
    assert!(
        out.status.success(),
        "fhir.resources refused a resource:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let n: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0);
    assert!(n >= 20, "validated {n} resources");
}

async fn the_demo_has_a_practitioner_and_a_pharmacy(b: Backend) {
    let app = TestApp::empty(b).await;
    satupintu::demo::load(&app.state).await.expect("demo");
    let (status, bundle) = app.get_json("/fhir/R4/Practitioner?name=rina").await;
    assert_eq!(status, 200);
    let found = entries(&bundle);
    assert_eq!(found.len(), 1, "{bundle}");
    let id = found[0]["id"].as_str().expect("id").to_string();
    let (_, schedule) = app.get_json(&format!("/fhir/R4/Schedule/{id}")).await;
    let hours = schedule["comment"].as_str().unwrap_or("");
    for day in ["Mon", "Tue", "Wed", "Thu", "Fri"] {
        assert!(hours.contains(&format!("{day} 08:00-12:00 (20 min)")), "{hours}");
    }
    assert!(!hours.contains("Sat"), "{hours}");
    let (_, slots) = app.get_json(&format!("/fhir/R4/Slot?schedule=Schedule/{id}&status=free")).await;
    assert!(slots["total"].as_u64().unwrap_or(0) >= 12, "slots are planned: {}", slots["total"]);
    assert!(!app.login("apotek@dinkes.example.id", "petugas-demo-2026", None).await.is_empty());
    assert!(!app.login("dokter@dinkes.example.id", "petugas-demo-2026", None).await.is_empty());
    app.stop().await;
}
