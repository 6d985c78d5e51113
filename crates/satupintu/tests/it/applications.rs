use reqwest::Method;
use satupintu::identity::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{csrf, Backend, TestApp, NIK_A, NIK_B};

both!(
    an_application_lives_from_draft_to_completed,
    strangers_never_see_an_application,
    two_officers_at_once_one_wins,
    uploads_are_judged_by_content,
    citizen_applies_in_the_browser_and_the_officer_processes_it,
    a_service_follows_the_workflow_its_agency_defined,
    an_officer_files_for_a_walk_in_citizen
);

/// A real one-page PDF (what a scanned letter looks like to the server).
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

pub async fn upload(app: &TestApp, token: &str, bytes: &[u8], name: &str) -> (u16, Value) {
    let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
    let form = reqwest::multipart::Form::new().part("file", part);
    let r =
        app.client.post(app.url("/api/v1/uploads")).bearer_auth(token).multipart(form).send().await.expect("upload");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The fields of a valid birth-certificate application (files uploaded by `token`).
pub async fn akta_fields(app: &TestApp, token: &str) -> Value {
    let (s, a) = upload(app, token, PDF, "surat-lahir.pdf").await;
    assert_eq!(s, 201, "{a}");
    let (_, b) = upload(app, token, PDF, "buku-nikah.pdf").await;
    let (_, svc) = app.get_json("/api/v1/services/akta-kelahiran").await;
    let mut fields = json!({
        "child_name": "Bayu Pratama",
        "child_birth_date": "2026-11-01",
        "child_birth_place": "Bandung",
        "child_gender": "laki_laki",
        "kk_number": "3273010101260001",
        "birth_notice": a["id"],
        "marriage_document": b["id"],
    });
    // Any other required field of the demo form gets a plausible value.
    for f in svc["form"].as_array().expect("form") {
        let name = f["name"].as_str().expect("name");
        if fields.get(name).is_none() && f["required"] == true && f["profile"].is_null() {
            let v = match f["type"].as_str().unwrap_or("") {
                "select" => f["options"][0]["value"].clone(),
                "checkbox" => json!(true),
                "date" => json!("2026-11-01"),
                "number" => json!(1),
                "nik" => json!(NIK_B),
                "file" => b["id"].clone(),
                _ => json!("Isian uji"),
            };
            fields[name] = v;
        }
    }
    fields
}

/// Submit a birth-certificate application with `fields` at once, as `token`.
pub async fn submit_akta(app: &TestApp, token: &str, fields: &Value) -> (u16, Value) {
    app.api(
        Method::POST,
        "/api/v1/applications",
        Some(token),
        Some(json!({"service_id": "akta-kelahiran", "fields": fields, "submit": true})),
    )
    .await
}

pub async fn act(app: &TestApp, token: &str, code: &str, action: &str, note: Option<&str>) -> (u16, Value) {
    app.api(
        Method::POST,
        &format!("/api/v1/applications/{code}/actions"),
        Some(token),
        Some(json!({"action": action, "note": note})),
    )
    .await
}

async fn an_application_lives_from_draft_to_completed(b: Backend) {
    let app = TestApp::spawn(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let fields = akta_fields(&app, &citizen).await;

    // Bad fields: per-field errors, nothing created.
    let mut bad = fields.clone();
    bad["child_birth_date"] = json!("kemarin");
    bad["kk_number"] = json!("123");
    let (s, body) = app
        .api(
            Method::POST,
            "/api/v1/applications",
            Some(&citizen),
            Some(json!({"service_id": "akta-kelahiran", "fields": bad, "submit": true})),
        )
        .await;
    assert_eq!(s, 422, "{body}");
    assert!(
        body["error"]["details"]["child_birth_date"].is_string() && body["error"]["details"]["kk_number"].is_string()
    );
    let (_, mine) = app.api(Method::GET, "/api/v1/applications", Some(&citizen), None).await;
    assert_eq!(mine["applications"].as_array().map(Vec::len), Some(0));

    // A draft first: the parent's NIK is taken from the profile (once-only).
    let (s, draft) = app
        .api(
            Method::POST,
            "/api/v1/applications",
            Some(&citizen),
            Some(json!({"service_id": "akta-kelahiran", "fields": fields})),
        )
        .await;
    assert_eq!(s, 201, "{draft}");
    let code = draft["code"].as_str().expect("code").to_string();
    assert!(code.len() == 14 && code.starts_with("SP-20") && code[8..].chars().all(|c| c.is_ascii_digit()), "{code}");
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["fields"]["reporter_nik"], NIK_A, "prefilled from the profile");
    assert!(draft["available_actions"].as_array().expect("actions").contains(&json!("submit")));

    let (s, v) = act(&app, &citizen, &code, "submit", None).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("submitted")), "{v}");
    assert!(v["due_date"].is_string() && v["working_days_left"].is_i64());
    assert_eq!(v["available_actions"], json!(["cancel"]));

    let (_, inbox) = app.api(Method::GET, "/api/v1/inbox", Some(&officer), None).await;
    assert!(inbox["applications"].as_array().expect("list").iter().any(|a| a["code"] == code.as_str()));
    let (s, _) = act(&app, &officer, &code, "approve", None).await;
    assert_eq!(s, 409, "cannot approve before verifying");
    let (s, v) = act(&app, &officer, &code, "claim", None).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("verification")));
    let (s, body) = act(&app, &officer, &code, "request_revision", None).await;
    assert_eq!(s, 422, "a request for revision needs a note: {body}");
    let (s, v) = act(&app, &officer, &code, "request_revision", Some("Surat keterangan lahir tidak terbaca")).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("revision_requested")));

    // The citizen fixes a field and sends again.
    let (s, v) = app
        .api(
            Method::POST,
            &format!("/api/v1/applications/{code}/actions"),
            Some(&citizen),
            Some(json!({"action": "edit", "fields": {"child_birth_place": "Kota Bandung"}})),
        )
        .await;
    assert_eq!((s, v["fields"]["child_birth_place"].as_str()), (200, Some("Kota Bandung")), "{v}");
    let (s, v) = act(&app, &citizen, &code, "resubmit", None).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("verification")));
    for (action, state) in
        [("verify", "processing"), ("approve", "approved"), ("issue", "issued"), ("complete", "completed")]
    {
        let (s, v) = act(&app, &officer, &code, action, None).await;
        assert_eq!((s, v["status"].as_str()), (200, Some(state)), "{action}: {v}");
    }
    let (_, v) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&citizen), None).await;
    let actions: Vec<&str> =
        v["history"].as_array().expect("history").iter().map(|h| h["action"].as_str().unwrap_or("")).collect();
    assert_eq!(
        actions,
        ["create", "submit", "claim", "request_revision", "resubmit", "verify", "approve", "issue", "complete"]
    );
    assert_eq!(v["history"][3]["note"], "Surat keterangan lahir tidak terbaca");
    assert_eq!(v["available_actions"], json!([]));
    // The inbox is work in progress: a finished application leaves it, and the status filter
    // still finds it.
    let listed =
        |inbox: &Value| inbox["applications"].as_array().expect("list").iter().any(|a| a["code"] == code.as_str());
    let (_, inbox) = app.api(Method::GET, "/api/v1/inbox", Some(&officer), None).await;
    assert!(!listed(&inbox), "a completed application is not in the inbox");
    let (_, inbox) = app.api(Method::GET, "/api/v1/inbox?status=completed", Some(&officer), None).await;
    assert!(listed(&inbox), "the completed filter lists it");

    // The officer's reading of the citizen's data is in the citizen's access log.
    let (s, log) = app.api(Method::GET, "/api/v1/me/data-access", Some(&citizen), None).await;
    assert_eq!(s, 200);
    let entries = log["entries"].as_array().expect("entries");
    assert!(
        !entries.is_empty()
            && entries
                .iter()
                .all(|e| e["staff_name"] == "Staf Uji" && e["reason"].as_str().unwrap_or("").contains(&code))
    );

    // Every transition queued a notification for the citizen, in the same transaction.
    use sqlx::Row;
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = 'application_status'")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
        .get(0);
    assert_eq!(n, 24, "8 transitions, each on 3 channels");

    // Every transition and the issued document left a ledger leaf in the same transaction
    // (public identifiers and hashes, never the citizen's personal data), which the sequencer
    // then appended to the log in order.
    for _ in 0..100 {
        let left: i64 = sqlx::query("SELECT COUNT(*) FROM ledger_queue")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count")
            .get(0);
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let leaves: Vec<String> = sqlx::query("SELECT data FROM ledger_entries ORDER BY idx")
        .fetch_all(app.state.db.pool())
        .await
        .expect("leaves")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
    let ours: Vec<Value> = leaves
        .iter()
        .map(|b| serde_json::from_str::<Value>(b).expect("json"))
        .filter(|v| v["data"]["code"] == code.as_str() || v["data"]["application"] == code.as_str())
        .collect();
    let kinds: Vec<&str> = ours.iter().map(|v| v["type"].as_str().unwrap_or("")).collect();
    assert_eq!(
        kinds,
        [
            "application.submit",
            "application.claim",
            "application.request_revision",
            "application.resubmit",
            "application.verify",
            "application.approve",
            "document.issued",
            "application.issue",
            "application.complete"
        ]
    );
    assert!(leaves.iter().all(|b| !b.contains(NIK_A) && !b.contains("Siti") && !b.contains("Bayu")), "{leaves:?}");
    assert!(leaves.iter().any(|b| b.contains("\"catalog.version\"")), "catalogue versions are recorded too");
    app.stop().await;
}

async fn strangers_never_see_an_application(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let other_officer = app.staff(Role::Officer, Some("imigrasi"), "petugas@imigrasi.id").await;
    let auditor = app.staff(Role::Auditor, None, "auditor@inspektorat.id").await;
    let fields = akta_fields(&app, &siti).await;
    let (_, v) = submit_akta(&app, &siti, &fields).await;
    let code = v["code"].as_str().expect("code").to_string();
    for (who, token) in
        [("another citizen", &budi), ("another agency's officer", &other_officer), ("an auditor", &auditor)]
    {
        let (s, _) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(token), None).await;
        assert_eq!(s, 404, "{who} must not read it");
        let (s, _) = act(&app, token, &code, "cancel", None).await;
        assert_eq!(s, 404, "{who} must not act on it");
        let r = app
            .client
            .get(app.url(&format!("/berkas/{}", fields["birth_notice"].as_str().expect("id"))))
            .bearer_auth(token)
            .send()
            .await
            .expect("req");
        assert_ne!(r.status().as_u16(), 200, "{who} must not download the file");
    }
    // Nor can another citizen use Siti's upload in their own application.
    let (s, body) = submit_akta(&app, &budi, &fields).await;
    assert_eq!(s, 422);
    assert_eq!(body["error"]["details"]["birth_notice"], "Berkas tidak ditemukan; unggah lagi.");
    // A service that cannot be applied for online is refused for citizens.
    let (s, _) = app
        .api(Method::POST, "/api/v1/applications", Some(&siti), Some(json!({"service_id": "sim-baru", "fields": {}})))
        .await;
    assert_eq!(s, 403);
    app.stop().await;
}

async fn two_officers_at_once_one_wins(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let o1 = app.staff(Role::Officer, Some("disdukcapil"), "o1@dukcapil.id").await;
    let o2 = app.staff(Role::Officer, Some("disdukcapil"), "o2@dukcapil.id").await;
    let fields = akta_fields(&app, &siti).await;
    let (_, v) = submit_akta(&app, &siti, &fields).await;
    let code = v["code"].as_str().expect("code").to_string();
    let (a, b2) = tokio::join!(act(&app, &o1, &code, "claim", None), act(&app, &o2, &code, "claim", None));
    let mut statuses = [a.0, b2.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "exactly one claim wins: {a:?} {b2:?}");
    let loser = if a.0 == 409 { &a.1 } else { &b2.1 };
    assert!(loser["error"]["message"].is_string());
    let (_, v) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&o1), None).await;
    let claims = v["history"].as_array().expect("history").iter().filter(|h| h["action"] == "claim").count();
    assert_eq!(claims, 1, "nothing of the loser was written");
    app.stop().await;
}

async fn uploads_are_judged_by_content(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (s, body) = upload(&app, &siti, b"MZ\x90\x00 this is a program", "foto.jpg").await;
    assert_eq!((s, body["error"]["code"].as_str()), (400, Some("upload_type")), "{body}");
    let (s, body) = upload(&app, &siti, PDF, "dokumen.exe").await;
    assert_eq!((s, body["mime"].as_str()), (201, Some("application/pdf")), "named .exe, but a PDF");
    let (s, body) = upload(&app, &siti, b"", "kosong.pdf").await;
    assert_eq!(s, 400, "{body}");
    // A PNG is re-encoded and stays a PNG.
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(4, 4, image::Rgb([1, 2, 3])))
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    let (s, body) = upload(&app, &siti, &png.into_inner(), "ktp.png").await;
    assert_eq!((s, body["mime"].as_str()), (201, Some("image/png")));
    let r = app
        .client
        .get(app.url(&format!("/berkas/{}", body["id"].as_str().expect("id"))))
        .bearer_auth(&siti)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status().as_u16(), 303, "files are read in the browser session, not with an API token");
    app.stop().await;
}

/// The browser form of `service` filled as a person would (profile fields too when `profile`).
pub async fn filled_form(app: &TestApp, service: &str, csrf: &str, profile: bool) -> reqwest::multipart::Form {
    let (_, svc) = app.get_json(&format!("/api/v1/services/{service}")).await;
    let mut mp = reqwest::multipart::Form::new().text("_csrf", csrf.to_string());
    for f in svc["form"].as_array().expect("form") {
        if !profile && !f["profile"].is_null() {
            continue;
        }
        let name = f["name"].as_str().expect("name").to_string();
        mp = match f["type"].as_str().unwrap_or("") {
            "file" => mp.part(name, reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("scan.pdf")),
            "select" => mp.text(name, f["options"][0]["value"].as_str().unwrap_or("").to_string()),
            "date" => mp.text(name, "2026-11-01"),
            "nik" => mp.text(name, NIK_A),
            "kk" => mp.text(name, "3273010101260001"),
            "checkbox" => mp.text(name, "true"),
            "number" => mp.text(name, "1"),
            _ => mp.text(name, "Bayu Pratama"),
        };
    }
    mp
}

async fn citizen_applies_in_the_browser_and_the_officer_processes_it(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let page = app.get("/masuk").await.text().await.expect("page");
    let r = app
        .client
        .post(app.url("/masuk"))
        .form(&[("_csrf", csrf(&page).as_str()), ("login", NIK_A), ("password", "rahasia-warga-1"), ("next", "")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);

    let service = app.get("/layanan/akta-kelahiran").await.text().await.expect("page");
    assert!(service.contains("/layanan/akta-kelahiran/ajukan"), "an Apply button on the service page");
    let form = app.get("/layanan/akta-kelahiran/ajukan").await.text().await.expect("form");
    assert!(
        form.contains(&format!("value=\"{NIK_A}\"")) && form.contains("Diisi dari data akun Anda"),
        "the NIK is prefilled"
    );
    let mp = filled_form(&app, "akta-kelahiran", &csrf(&form), true).await;
    let r = app.client.post(app.url("/layanan/akta-kelahiran/ajukan")).multipart(mp).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap_or_default());
    let status_url = r.headers()["location"].to_str().expect("location").to_string();
    let status = app.get(&status_url).await.text().await.expect("status");
    assert!(status.contains("Draf") && status.contains("Kirim permohonan") && status.contains("Bayu Pratama"));
    let r = app
        .client
        .post(app.url(&format!("{status_url}/aksi")))
        .form(&[("_csrf", csrf(&status).as_str()), ("action", "submit")])
        .send()
        .await
        .expect("submit");
    assert_eq!(r.status().as_u16(), 303);
    let status = app.get(&status_url).await.text().await.expect("status");
    assert!(status.contains("Diajukan") && status.contains("hari kerja lagi"), "submitted with a countdown");
    let list = app.get("/permohonan").await.text().await.expect("list");
    assert!(list.contains(&status_url));

    // The officer sees it in the inbox and claims it from the case page.
    satupintu::identity::service::create_staff(
        &app.state,
        Role::Officer,
        Some("disdukcapil"),
        "rina@dukcapil.id",
        "Rina Petugas",
        "rahasia-staf-1",
        None,
    )
    .await
    .expect("staff");
    let officer = app.browser("rina@dukcapil.id", "rahasia-staf-1", None).await;
    let code = status_url.trim_start_matches("/permohonan/");
    let inbox = officer.get(app.url("/petugas")).send().await.expect("get").text().await.expect("inbox");
    assert!(inbox.contains(code));
    let case = officer
        .get(app.url(&format!("/petugas/permohonan/{code}")))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("case");
    assert!(case.contains("Ambil untuk diverifikasi"));
    let r = officer
        .post(app.url(&format!("/petugas/permohonan/{code}/aksi")))
        .form(&[("_csrf", csrf(&case).as_str()), ("action", "claim"), ("note", "")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let status = app.get(&status_url).await.text().await.expect("status");
    assert!(status.contains("Diverifikasi") && status.contains("Rina Petugas"), "the citizen sees who did what");
    let access = app.get("/akun/akses-data").await.text().await.expect("access");
    assert!(access.contains("Rina Petugas") && access.contains(code));
    app.stop().await;
}

both!(issued_documents_are_signed_verifiable_and_revocable);

async fn issued_documents_are_signed_verifiable_and_revocable(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let fields = akta_fields(&app, &siti).await;
    let (_, v) = submit_akta(&app, &siti, &fields).await;
    let code = v["code"].as_str().expect("code").to_string();
    for action in ["claim", "verify", "approve", "issue"] {
        let (s, _) = act(&app, &officer, &code, action, None).await;
        assert_eq!(s, 200, "{action}");
    }
    let (_, v) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&siti), None).await;
    let doc = &v["documents"][0];
    let number = doc["number"].as_str().expect("number").to_string();
    assert!(number.starts_with("DOK-20"), "{doc}");
    let verify_url = doc["verify_url"].as_str().expect("verify_url");
    assert!(verify_url.contains(&format!("/verifikasi/{number}?s=")));
    assert_eq!(doc["pdf_url"], format!("/dokumen/{number}/pdf"));

    // The verification the QR code leads to: authentic and valid.
    let path = &verify_url[verify_url.find("/verifikasi/").expect("path")..];
    let sig = path.split("?s=").nth(1).expect("sig");
    let (s, verdict) = app.get_json(&format!("/api/v1/documents/{number}/verify?s={sig}")).await;
    assert_eq!(s, 200);
    assert_eq!((verdict["authentic"].as_bool(), verdict["status"].as_str()), (Some(true), Some("valid")), "{verdict}");
    assert_eq!(verdict["content"]["holder_name"], "Siti Rahayu");
    let page = app.get(path).await.text().await.expect("page");
    assert!(page.contains("Dokumen asli"));
    let (_, forged) = app.get_json(&format!("/api/v1/documents/{number}/verify?s=AAAA")).await;
    assert_eq!(forged["authentic"], false);

    // The PDF: its holder can download it (in the browser session); a stranger cannot.
    let holder = app.browser(NIK_A, "rahasia-warga-1", None).await;
    let r = holder.get(app.url(&format!("/dokumen/{number}/pdf"))).send().await.expect("pdf");
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.expect("bytes");
    assert!(pdf.starts_with(b"%PDF-") && pdf.windows(11).any(|w| w == b"Siti Rahayu"));
    let _ = budi;
    let stranger = app.browser(NIK_B, "rahasia-warga-1", None).await;
    assert_eq!(
        stranger.get(app.url(&format!("/dokumen/{number}/pdf"))).send().await.expect("pdf").status().as_u16(),
        404
    );

    // Someone edits the stored document in the database: it is no longer authentic.
    sqlx::query(
        "UPDATE documents SET content_json = REPLACE(content_json, 'Siti Rahayu', 'Orang Lain') WHERE number = $1",
    )
    .bind(&number)
    .execute(app.state.db.pool())
    .await
    .expect("tamper");
    let (_, v2) = app.get_json(&format!("/api/v1/documents/{number}/verify")).await;
    assert_eq!(v2["authentic"], false, "tampering is detected");
    sqlx::query(
        "UPDATE documents SET content_json = REPLACE(content_json, 'Orang Lain', 'Siti Rahayu') WHERE number = $1",
    )
    .bind(&number)
    .execute(app.state.db.pool())
    .await
    .expect("restore");

    // Revocation needs a reason and shows on the verification page.
    let (s, _) = app
        .api(Method::POST, &format!("/api/v1/documents/{number}/revoke"), Some(&officer), Some(json!({"reason": ""})))
        .await;
    assert_eq!(s, 422);
    let (s, v) = app
        .api(
            Method::POST,
            &format!("/api/v1/documents/{number}/revoke"),
            Some(&officer),
            Some(json!({"reason": "Data orang tua keliru"})),
        )
        .await;
    assert_eq!((s, v["status"].as_str(), v["authentic"].as_bool()), (200, Some("revoked"), Some(true)), "{v}");
    let page = app.get(path).await.text().await.expect("page");
    assert!(page.contains("telah dicabut") && page.contains("Data orang tua keliru"));
    let (s, _) = app
        .api(
            Method::POST,
            &format!("/api/v1/documents/{number}/revoke"),
            Some(&officer),
            Some(json!({"reason": "lagi"})),
        )
        .await;
    assert_eq!(s, 409);
    app.stop().await;
}

/// A workflow file in `workflows_dir` gives one service its own steps; the others keep the
/// default, and a bad file stops the server from starting with a message naming it.
async fn a_service_follows_the_workflow_its_agency_defined(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut short: Value = serde_json::from_str(satupintu::demo::WORKFLOW).expect("demo workflow");
    short["services"] = json!(["akta-kelahiran"]);
    std::fs::write(dir.path().join("akta.json"), short.to_string()).expect("write");
    let path = dir.path().to_path_buf();
    let app = TestApp::spawn_configured(b, |c| c.workflows_dir = Some(path)).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let officer = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let fields = akta_fields(&app, &citizen).await;
    let (s, v) = submit_akta(&app, &citizen, &fields).await;
    assert_eq!(s, 201, "{v}");
    let code = v["code"].as_str().expect("code").to_string();
    let (s, v) = act(&app, &officer, &code, "claim", None).await;
    assert_eq!((s, v["status"].as_str()), (200, Some("processing")), "claiming goes straight to processing: {v}");
    let (s, _) = act(&app, &officer, &code, "verify", None).await;
    assert_eq!(s, 409, "this workflow has no separate verification step");
    let offered = v["available_actions"].as_array().expect("actions");
    assert!(offered.contains(&json!("approve")) && !offered.contains(&json!("verify")), "{v}");
    for (action, state) in [("approve", "approved"), ("issue", "issued")] {
        let (s, v) = act(&app, &officer, &code, action, None).await;
        assert_eq!((s, v["status"].as_str()), (200, Some(state)), "{action}: {v}");
    }
    app.stop().await;

    std::fs::write(
        dir.path().join("zz-rusak.json"),
        r#"{"name":"rusak","services":["sktm"],"states":["draft","menunggu"],"terminal":[],"transitions":[]}"#,
    )
    .expect("write");
    let cfg = satupintu::config::Config {
        data_dir: dir.path().join("data"),
        database_url: crate::common::database_url(b).await,
        workflows_dir: Some(dir.path().to_path_buf()),
        data_key: Some(crate::common::TEST_DATA_KEY.into()),
        ..Default::default()
    };
    let err = satupintu::app::AppState::open(cfg).await.err().expect("a bad workflow stops the start").to_string();
    assert!(err.contains("zz-rusak.json") && err.contains("menunggu"), "{err}");
}

/// Assisted mode: an officer at the counter files for a registered walk-in citizen by NIK; the
/// profile fields come from the citizen's account and the citizen sees the application as theirs.
async fn an_officer_files_for_a_walk_in_citizen(b: Backend) {
    let app = TestApp::spawn(b).await;
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    for (email, agency) in [("rina@dukcapil.id", "disdukcapil"), ("yusuf@satpas.id", "polri-satpas")] {
        satupintu::identity::service::create_staff(
            &app.state,
            Role::Officer,
            Some(agency),
            email,
            "Rina Petugas",
            "rahasia-staf-1",
            None,
        )
        .await
        .expect("staff");
    }
    let officer = app.browser("rina@dukcapil.id", "rahasia-staf-1", None).await;
    let get = |path: String| {
        let officer = officer.clone();
        let url = app.url(&path);
        async move { officer.get(url).send().await.expect("get") }
    };
    let inbox = get("/petugas".into()).await.text().await.expect("inbox");
    assert!(inbox.contains("/petugas/layanan/akta-kelahiran/ajukan"), "the inbox offers assisted mode");
    let other = app.browser("yusuf@satpas.id", "rahasia-staf-1", None).await;
    let r = other.get(app.url("/petugas/layanan/akta-kelahiran/ajukan")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 404, "only the service's own agency files for it");

    let form = get("/petugas/layanan/akta-kelahiran/ajukan".into()).await.text().await.expect("form");
    assert!(form.contains("name=\"citizen_nik\"") && form.contains("NIK pemohon"));
    let post = |mp: reqwest::multipart::Form| {
        let officer = officer.clone();
        let url = app.url("/petugas/layanan/akta-kelahiran/ajukan");
        async move { officer.post(url).multipart(mp).send().await.expect("post") }
    };
    // An unknown NIK: the form comes back with the message at the NIK field and what was typed.
    let r = post(filled_form(&app, "akta-kelahiran", &csrf(&form), false).await.text("citizen_nik", NIK_B)).await;
    assert_eq!(r.status().as_u16(), 422);
    let again = r.text().await.expect("page");
    assert!(again.contains("citizen_nik-error") && again.contains(NIK_B) && again.contains("Bayu Pratama"), "{again}");
    let (_, mine) = app.api(Method::GET, "/api/v1/applications", Some(&citizen), None).await;
    assert_eq!(mine["applications"].as_array().map(Vec::len), Some(0), "nothing was filed");

    // The KK number is not in this citizen's profile yet, so the officer types it.
    let mp = filled_form(&app, "akta-kelahiran", &csrf(&form), false).await;
    let r = post(mp.text("citizen_nik", NIK_A).text("kk_number", "3273010101260001")).await;
    assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap_or_default());
    let case_url = r.headers()["location"].to_str().expect("location").to_string();
    let code = case_url.trim_start_matches("/petugas/permohonan/").to_string();
    let (_, v) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), Some(&citizen), None).await;
    assert_eq!(v["status"], "submitted", "filed and submitted at the counter: {v}");
    assert_eq!(v["fields"]["reporter_nik"], NIK_A, "profile fields come from the citizen's account");
    assert_eq!(v["history"][1]["actor_role"], "assisted");
    let case = get(case_url).await.text().await.expect("case");
    assert!(case.contains(&code) && case.contains("Ambil untuk diverifikasi"));
    app.stop().await;
}
