//! Procurement transparency: staff of the owning agency record a package from plan to completion
//! (others are refused), each stage an OCDS 1.1 release in the ledger; the release and record
//! packages at their fixed URLs, and their validity checked by libcoveocds (the OCDS project's
//! own validator) against the OCDS 1.1 schema.

use reqwest::Client;
use satupintu::identity::Role;
use serde_json::Value;
use sqlx::Row as _;

use crate::both;
use crate::common::{client, csrf, Backend, TestApp};

both!(procurement_from_plan_to_completion, ocds_packages_validate_with_libcoveocds);

const PASSWORD: &str = "rahasia-staf-1";

async fn officer(app: &TestApp, agency: &str, email: &str) -> Client {
    app.staff(Role::Officer, Some(agency), email).await;
    app.browser(email, PASSWORD, None).await
}

async fn post(app: &TestApp, web: &Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    // The list page always has a form (a finished package's page has none).
    let page = web.get(app.url("/kelola/pengadaan")).send().await.expect("get").text().await.expect("page");
    let token = csrf(&page);
    let mut form: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    form.extend_from_slice(fields);
    web.post(app.url(path)).form(&form).send().await.expect("post")
}

/// Plan a school package at the education office (disdik) and take it through every stage.
async fn full_package(app: &TestApp, web: &Client) -> String {
    let r = post(
        app,
        web,
        "/kelola/pengadaan",
        &[
            ("title", "Rehabilitasi Ruang Kelas SDN 3"),
            ("description", "Atap dan lantai enam ruang kelas."),
            ("fiscal_year", "2026"),
            ("method", "tender"),
            ("budget", "850.000.000"),
            ("items", "Rangka atap baja ringan; 6; ruang\nKeramik lantai; 420; m2"),
        ],
    )
    .await;
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers()["location"].to_str().expect("location").to_string();
    assert_eq!(location, "/pengadaan/PKT-2026-000001");
    let id = location.trim_start_matches("/pengadaan/").to_string();
    let path = format!("/kelola/pengadaan/{id}");
    let steps: &[&[(&str, &str)]] = &[
        &[
            ("step", "tender"),
            ("start", "2026-02-02"),
            ("end", "2026-02-20"),
            ("tenderers", "CV Bangun Sekolah\nPT Karya Pendidikan"),
        ],
        &[("step", "award"), ("supplier", "CV Bangun Sekolah"), ("amount", "812000000"), ("date", "2026-03-02")],
        &[
            ("step", "contract"),
            ("amount", "812000000"),
            ("signed", "2026-03-05"),
            ("start", "2026-03-09"),
            ("end", "2026-06-30"),
        ],
        &[("step", "payment"), ("amount", "162400000"), ("date", "2026-03-20"), ("note", "Uang muka")],
        &[("step", "payment"), ("amount", "649600000"), ("date", "2026-07-10"), ("note", "Pelunasan")],
        &[("step", "complete"), ("date", "2026-07-15")],
    ];
    for fields in steps {
        let r = post(app, web, &path, fields).await;
        assert_eq!(r.status().as_u16(), 303, "{fields:?}: {}", r.text().await.unwrap_or_default());
    }
    id
}

async fn procurement_from_plan_to_completion(b: Backend) {
    let app = TestApp::spawn(b).await;
    let web = officer(&app, "disdik", "petugas@disdik.id").await;
    let other = officer(&app, "dinkes", "petugas@dinkes.id").await;

    // Bad input: the form again with its problems, nothing planned.
    let r = post(
        &app,
        &web,
        "/kelola/pengadaan",
        &[("title", ""), ("fiscal_year", "2026"), ("method", "lelang"), ("budget", "-5"), ("items", "")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.expect("page");
    assert!(body.contains("govuk-error-summary") && body.contains("href=\"#budget\""), "{body}");

    let id = full_package(&app, &web).await;
    // A stage out of order and another agency's staff are refused; a citizen cannot open staff pages.
    let path = format!("/kelola/pengadaan/{id}");
    let r = post(
        &app,
        &web,
        &path,
        &[("step", "tender"), ("start", "2026-02-02"), ("end", "2026-02-20"), ("tenderers", "X")],
    )
    .await;
    assert_eq!(r.status().as_u16(), 422);
    assert_eq!(other.get(app.url(&path)).send().await.expect("get").status().as_u16(), 403);
    let page = other.get(app.url("/kelola/pengadaan")).send().await.expect("get").text().await.expect("page");
    let r = other
        .post(app.url(&path))
        .form(&[("_csrf", csrf(&page).as_str()), ("step", "complete"), ("date", "2026-08-01")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 403);
    app.citizen(crate::common::NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let citizen = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    assert_eq!(citizen.get(app.url("/kelola/pengadaan")).send().await.expect("get").status().as_u16(), 403);
    assert_eq!(client().get(app.url("/kelola/pengadaan")).send().await.expect("get").status().as_u16(), 303);

    // Public pages: the list with filters, the timeline with values and links.
    let list = app.get("/pengadaan").await.text().await.expect("list");
    assert!(list.contains("Rehabilitasi Ruang Kelas SDN 3") && list.contains("Rp 812.000.000"));
    let none = app.get("/pengadaan?tahap=tender").await.text().await.expect("list");
    assert!(!none.contains("Rehabilitasi Ruang Kelas SDN 3"), "the stage filter");
    let some = app.get("/pengadaan?tahap=complete&tahun=2026&instansi=disdik").await.text().await.expect("list");
    assert!(some.contains("Rehabilitasi Ruang Kelas SDN 3"));
    let page = app.get(&format!("/pengadaan/{id}")).await.text().await.expect("package");
    for text in ["CV Bangun Sekolah", "Rp 850.000.000", "Rp 812.000.000", "Uang muka", "Pelunasan"] {
        assert!(page.contains(text), "{text}");
    }
    let ocid = format!("ocds-spintu-{id}");
    assert!(page.contains(&format!("href=\"/ocds/releases/{ocid}.json\"")));
    assert!(page.contains(&format!("href=\"/buku-besar?kode={id}\"")));
    assert_eq!(app.get("/pengadaan/PKT-1999-000009").await.status().as_u16(), 404);

    // Seven releases (plan + six stages), in the ledger with the hash of each stored release.
    let (s, rp) = app.get_json("/ocds/releases.json").await;
    assert_eq!(s, 200);
    let tags: Vec<String> = rp["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .map(|r| r["tag"][0].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        tags,
        ["planning", "tender", "award", "contract", "implementation", "implementation", "contractTermination"]
    );
    for key in ["uri", "publishedDate", "publisher", "license", "publicationPolicy"] {
        assert!(!rp[key].is_null(), "{key}");
    }
    assert_eq!(rp["version"], "1.1");
    app.ledger_settled().await;
    let stored = sqlx::query("SELECT body FROM procurement_releases ORDER BY id")
        .fetch_all(app.state.db.pool())
        .await
        .expect("releases");
    let entries = sqlx::query("SELECT data FROM ledger_entries WHERE data LIKE '%procurement.release%' ORDER BY idx")
        .fetch_all(app.state.db.pool())
        .await
        .expect("entries");
    assert_eq!(stored.len(), 7);
    assert_eq!(entries.len(), 7);
    for (r, e) in stored.iter().zip(&entries) {
        let body: String = r.get(0);
        let leaf: Value = serde_json::from_str(&e.get::<String, _>(0)).expect("leaf");
        assert_eq!(leaf["data"]["hash"], satupintu::ledger::sha256_hex(body.as_bytes()));
        assert_eq!(leaf["data"]["ocid"], ocid);
    }

    // The record: one per ocid, releases linked, compiled by the merge rules.
    let (s, recs) = app.get_json("/ocds/records.json").await;
    assert_eq!(s, 200);
    let record = &recs["records"][0];
    assert_eq!(record["ocid"], ocid);
    assert_eq!(record["releases"].as_array().map(Vec::len), Some(7));
    let compiled = &record["compiledRelease"];
    assert_eq!(compiled["tag"], serde_json::json!(["compiled"]));
    assert_eq!(compiled["contracts"][0]["status"], "terminated");
    assert_eq!(compiled["contracts"][0]["implementation"]["transactions"].as_array().map(Vec::len), Some(2));
    assert_eq!(compiled["awards"][0]["suppliers"][0]["name"], "CV Bangun Sekolah");
    let supplier = compiled["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .find(|p| p["name"] == "CV Bangun Sekolah")
        .expect("supplier");
    assert_eq!(supplier["roles"], serde_json::json!(["tenderer", "supplier", "payee"]));

    // Per ocid.
    let (s, one) = app.get_json(&format!("/ocds/releases/{ocid}.json")).await;
    assert_eq!((s, one["releases"].as_array().map(Vec::len)), (200, Some(7)));
    assert_eq!(one["uri"], app.state.base_url() + &format!("/ocds/releases/{ocid}.json"));
    let (s, one) = app.get_json(&format!("/ocds/records/{ocid}.json")).await;
    assert_eq!((s, one["records"].as_array().map(Vec::len)), (200, Some(1)));
    assert_eq!(app.get("/ocds/releases/ocds-lain-PKT-2026-000001.json").await.status().as_u16(), 404);
    assert_eq!(app.get("/ocds/records/ocds-spintu-PKT-2026-999999.json").await.status().as_u16(), 404);
    app.stop().await;
}

/// Run `scripts/ocds-validate.py` on files; its exit code.
fn validate(files: &[&std::path::Path]) -> (i32, String) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cache = root.join("target/ocds-schema");
    let out = std::process::Command::new("python3")
        .arg(root.join("scripts/ocds-validate.py"))
        .arg("--cache")
        .arg(&cache)
        .args(files)
        .output()
        .expect("python3 runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

async fn ocds_packages_validate_with_libcoveocds(b: Backend) {
    let app = TestApp::spawn(b).await;
    let web = officer(&app, "disdik", "petugas@disdik.id").await;
    full_package(&app, &web).await;
    // A second package, only planned.
    let r = post(
        &app,
        &web,
        "/kelola/pengadaan",
        &[
            ("title", "Buku Pelajaran SD"),
            ("fiscal_year", "2026"),
            ("method", "e-purchasing"),
            ("budget", "120000000"),
            ("items", "Buku tematik kelas 1; 900; eksemplar"),
        ],
    )
    .await;
    assert_eq!(r.status().as_u16(), 303);

    let dir = tempfile::tempdir().expect("dir");
    let mut files = vec![];
    for (name, path) in [
        ("releases.json", "/ocds/releases.json"),
        ("records.json", "/ocds/records.json"),
        ("one.json", "/ocds/releases/ocds-spintu-PKT-2026-000002.json"),
    ] {
        let text = app.get(path).await.text().await.expect("package");
        let file = dir.path().join(name);
        std::fs::write(&file, text).expect("write");
        files.push(file);
    }
    let refs: Vec<&std::path::Path> = files.iter().map(|f| f.as_path()).collect();
    let (code, out) = validate(&refs);
    assert_eq!(code, 0, "libcoveocds found problems:\n{out}");
    assert!(out.contains("0 validation errors"), "{out}");

    // The check has teeth: a release without its ocid, with a date that is not one, a tag outside
    // the closed codelist and an amount in words fails it.
    let mut broken: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).expect("read")).expect("json");
    let first = &mut broken["releases"][0];
    first.as_object_mut().expect("release").remove("ocid");
    first["date"] = "kemarin".into();
    first["tag"] = serde_json::json!(["rencana"]);
    first["planning"]["budget"]["amount"]["amount"] = "delapan ratus juta".into();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, broken.to_string()).expect("write");
    let (code, out) = validate(&[bad.as_path()]);
    assert_eq!(code, 1, "{out}");
    for needle in ["'ocid' is missing", "releases/0/date", "rencana", "amount"] {
        assert!(out.contains(needle), "{needle} not reported:\n{out}");
    }
    app.stop().await;
}
