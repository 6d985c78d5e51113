//! Open data: publishing from the staff page (good and bad files), search and filters, CSV and
//! JSON downloads with the same content, the DCAT catalogue, suppression of small cells in the
//! automatic statistics, the CKAN Action API (with the `ckanapi` Python client), and an agency's
//! performance page against a known fixture.

use reqwest::multipart::{Form, Part};
use satupintu::identity::Role;
use satupintu::opendata::model::{MetaInput, Table};
use satupintu::opendata::store::NewResource;
use serde_json::{json, Value};
use sqlx::Row as _;

use crate::both;
use crate::common::{csrf, Backend, TestApp, NIK_A, NIK_B};

both!(
    publishing_checks_the_file_and_changes_nothing_on_error,
    search_filters_and_downloads,
    dcat_catalogue,
    statistics_suppress_small_cells,
    ckan_action_api,
    ckanapi_client_reads_the_catalogue,
    performance_page_shows_the_fixture,
    the_demo_publishes_datasets_and_statistics
);

const PENDUDUK: &str = "kode_kecamatan,kecamatan,jumlah\n357801,Karang Pilang,163627\n357808,Gubeng,\"140,5 ribu\"\n";

/// Publish a dataset directly through the service.
async fn publish(app: &TestApp, publisher: &str, name: &str, title: &str, theme: &str, keywords: &str, csv: &str) {
    let input = MetaInput {
        name: name.into(),
        title: title.into(),
        notes: format!("{title}. Data uji."),
        license_id: "CC-BY-4.0".into(),
        themes: vec![theme.into()],
        keywords: keywords.into(),
        temporal_start: "2026-01-01".into(),
        temporal_end: "2026-10-31".into(),
        spatial_code: "3578".into(),
        frequency: "MONTHLY".into(),
    };
    let meta = input.parse(publisher).expect("metadata");
    let table = Table::parse_csv(csv.as_bytes()).expect("csv");
    let r = NewResource {
        slug: "data".into(),
        name: title.into(),
        description: String::new(),
        format: "CSV".into(),
        table,
    };
    satupintu::opendata::service::save(&app.state.db, meta, false, vec![r], satupintu::db::now()).await.expect("save");
}

/// Three datasets (two of dinkes, one of disdukcapil) and the automatic statistics.
async fn fixture(app: &TestApp) {
    publish(
        app,
        "dinkes",
        "kunjungan-puskesmas",
        "Kunjungan Puskesmas per bulan",
        "kesehatan",
        "puskesmas, kunjungan",
        "bulan,puskesmas,rawat_jalan\n2026-01,Puskesmas Mojo,3547\n2026-02,Puskesmas Mojo,3321\n",
    )
    .await;
    publish(
        app,
        "dinkes",
        "imunisasi-anak",
        "Cakupan imunisasi anak",
        "kesehatan",
        "imunisasi",
        "bulan,cakupan\n2026-01,91\n",
    )
    .await;
    publish(
        app,
        "disdukcapil",
        "jumlah-penduduk",
        "Jumlah penduduk per kecamatan",
        "kependudukan",
        "penduduk",
        PENDUDUK,
    )
    .await;
    satupintu::opendata::stats::publish(&app.state).await.expect("statistics");
}

fn form(token: &str, name: &str, file: &[u8], filename: &str) -> Form {
    Form::new()
        .text("_csrf", token.to_string())
        .text("name", name.to_string())
        .text("title", "Jumlah penduduk per kecamatan")
        .text("notes", "Jumlah penduduk per kecamatan, semester I 2026.")
        .text("license_id", "CC-BY-4.0")
        .text("themes", "kependudukan")
        .text("keywords", "penduduk, kecamatan")
        .text("temporal_start", "2026-01-01")
        .text("temporal_end", "2026-06-30")
        .text("spatial_code", "3578")
        .text("frequency", "ANNUAL")
        .part("file", Part::bytes(file.to_vec()).file_name(filename.to_string()))
}

async fn publishing_checks_the_file_and_changes_nothing_on_error(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.staff(Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id").await;
    app.staff(Role::AgencyAdmin, Some("dinkes"), "admin@dinkes.id").await;
    let admin = app.browser("admin@dukcapil.id", "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    let page = admin.get(app.url("/kelola/data")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("Terbitkan data terbuka"), "{page}");
    let token = csrf(&page);

    // A good CSV is published and shown with its preview.
    let r = admin
        .post(app.url("/kelola/data"))
        .multipart(form(&token, "jumlah-penduduk", PENDUDUK.as_bytes(), "penduduk.csv"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/data/jumlah-penduduk");
    let page = app.get("/data/jumlah-penduduk").await.text().await.expect("page");
    assert!(page.contains("<th scope=\"col\" class=\"govuk-table__header\">kecamatan</th>"), "{page}");
    assert!(page.contains("140,5 ribu") && page.contains("Karang Pilang"));
    assert!(page.contains("Kota Surabaya") && page.contains("Creative Commons Attribution 4.0"));
    let before = app.get("/data/jumlah-penduduk/unduh/data.csv").await.text().await.expect("csv");

    // Bad files: a localized error naming the line, and nothing changed.
    let bad: [(&[u8], &str); 3] = [
        (b"a,b\n1,2\n3\n", "Baris 3 tidak memiliki jumlah kolom yang sama"),
        (b"a,b\n\xff\xfe,2\n", "bukan teks UTF-8"),
        (b"a,b\n\"1,2\n", "Tanda kutip tidak berpasangan"),
    ];
    for (file, message) in bad {
        let r = admin
            .post(app.url("/kelola/data"))
            .multipart(form(&token, "jumlah-penduduk", file, "penduduk.csv"))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status().as_u16(), 422);
        let page = r.text().await.expect("page");
        assert!(page.contains(message), "{message} not in {page}");
        assert!(page.contains("govuk-error-summary"));
    }
    let too_big = vec![b'a'; satupintu::opendata::model::MAX_BYTES + 10];
    let r = admin
        .post(app.url("/kelola/data"))
        .multipart(form(&token, "besar", &too_big, "besar.csv"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.expect("page").contains("Berkas terlalu besar"));
    assert_eq!(app.get("/data/jumlah-penduduk/unduh/data.csv").await.text().await.expect("csv"), before);
    assert_eq!(app.get("/data/besar").await.status().as_u16(), 404);

    // Bad metadata.
    let r = admin
        .post(app.url("/kelola/data"))
        .multipart(form(&token, "Nama Salah!", PENDUDUK.as_bytes(), "penduduk.csv"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.expect("page").contains("Isi nama 2–100 karakter"));

    // Another agency cannot take over the name.
    let other = app.browser("admin@dinkes.id", "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    let page = other.get(app.url("/kelola/data")).send().await.expect("get").text().await.expect("page");
    let r = other
        .post(app.url("/kelola/data"))
        .multipart(form(&csrf(&page), "jumlah-penduduk", b"x,y\n1,2\n", "lain.csv"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.expect("page").contains("sudah dipakai instansi lain"));
    assert_eq!(app.get("/data/jumlah-penduduk/unduh/data.csv").await.text().await.expect("csv"), before);

    // The owner updates it: same resource id, new cells, and a ledger entry for each version.
    let (_, shown) = app.get_json("/api/3/action/package_show?id=jumlah-penduduk").await;
    let rid = shown["result"]["resources"][0]["id"].clone();
    let r = admin
        .post(app.url("/kelola/data"))
        .multipart(form(&token, "jumlah-penduduk", b"kecamatan,jumlah\nGubeng,140500\n", "baru.csv"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let (_, shown) = app.get_json("/api/3/action/package_show?id=jumlah-penduduk").await;
    assert_eq!(shown["result"]["resources"][0]["id"], rid);
    assert_eq!(
        app.get("/data/jumlah-penduduk/unduh/data.csv").await.text().await.expect("csv"),
        "kecamatan,jumlah\r\nGubeng,140500\r\n"
    );
    let mut conn = app.state.db.conn().await.expect("conn");
    let queued: i64 = sqlx::query("SELECT COUNT(*) FROM ledger_queue WHERE body LIKE '%opendata.publish%'")
        .fetch_one(&mut *conn)
        .await
        .expect("queue")
        .get(0);
    let logged: i64 = sqlx::query("SELECT COUNT(*) FROM ledger_entries WHERE data LIKE '%opendata.publish%'")
        .fetch_one(&mut *conn)
        .await
        .expect("entries")
        .get(0);
    assert_eq!(queued + logged, 2, "one ledger entry per published version");

    // A citizen cannot publish.
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let siti = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    assert_eq!(siti.get(app.url("/kelola/data")).send().await.expect("get").status().as_u16(), 403);
    app.stop().await;
}

async fn search_filters_and_downloads(b: Backend) {
    let app = TestApp::spawn(b).await;
    fixture(&app).await;
    let page = app.get("/data").await.text().await.expect("page");
    for title in ["Kunjungan Puskesmas per bulan", "Cakupan imunisasi anak", "Jumlah penduduk per kecamatan"] {
        assert!(page.contains(title), "{title}");
    }
    assert!(page.contains("6 set data"), "{page}");
    let page = app.get("/data?instansi=dinkes").await.text().await.expect("page");
    assert!(page.contains("2 set data") && !page.contains("Jumlah penduduk per kecamatan"));
    let page = app.get("/data?tema=kependudukan").await.text().await.expect("page");
    assert!(page.contains("1 set data") && page.contains("Jumlah penduduk per kecamatan"));
    let page = app.get("/data?q=imunisasi&format=CSV").await.text().await.expect("page");
    assert!(page.contains("1 set data") && page.contains("Cakupan imunisasi anak"));
    let page = app.get("/data?q=tidakadasamasekali").await.text().await.expect("page");
    assert!(page.contains("Tidak ada data yang cocok"));
    let page = app.get("/data?lang=en").await.text().await.expect("page");
    assert!(page.contains("6 datasets"));

    // CSV and JSON carry the same cells.
    let r = app.get("/data/jumlah-penduduk/unduh/data.csv").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("text/csv"));
    assert!(r.headers()["content-disposition"].to_str().unwrap_or("").contains("jumlah-penduduk-data.csv"));
    let csv = Table::parse_csv(&r.bytes().await.expect("csv")).expect("parses");
    let (status, json) = app.get_json("/data/jumlah-penduduk/unduh/data.json").await;
    assert_eq!(status, 200);
    let rows = json.as_array().expect("array");
    assert_eq!(rows.len(), csv.rows.len());
    for (obj, row) in rows.iter().zip(&csv.rows) {
        for (c, v) in csv.columns.iter().zip(row) {
            assert_eq!(obj[c].as_str().unwrap_or(""), v);
        }
    }
    assert_eq!(csv.rows[1], vec!["357808", "Gubeng", "140,5 ribu"]);
    for missing in ["/data/tidak-ada", "/data/jumlah-penduduk/unduh/data.xml", "/data/jumlah-penduduk/unduh/lain.csv"] {
        assert_eq!(app.get(missing).await.status().as_u16(), 404, "{missing}");
    }
    app.stop().await;
}

async fn dcat_catalogue(b: Backend) {
    let app = TestApp::spawn(b).await;
    fixture(&app).await;
    let r = app.get("/data/catalog.jsonld").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("application/ld+json"));
    let doc: Value = r.json().await.expect("json");
    assert_eq!(doc["@type"], "dcat:Catalog");
    assert_eq!(doc["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    let datasets = doc["dcat:dataset"].as_array().expect("datasets");
    assert_eq!(datasets.len(), 6);
    let d = datasets
        .iter()
        .find(|d| d["@id"].as_str().unwrap_or("").ends_with("/data/kunjungan-puskesmas"))
        .expect("dataset");
    assert_eq!(d["@type"], "dcat:Dataset");
    assert_eq!(d["dct:publisher"]["foaf:name"], "Dinas Kesehatan");
    assert_eq!(d["dct:license"]["@id"], "https://creativecommons.org/licenses/by/4.0/");
    assert_eq!(
        d["dct:accrualPeriodicity"]["@id"],
        "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
    );
    assert_eq!(d["dct:temporal"]["dcat:startDate"]["@value"], "2026-01-01");
    assert_eq!(d["dct:spatial"]["dct:identifier"], "3578");
    assert_eq!(d["dcat:keyword"], json!(["puskesmas", "kunjungan"]));
    let dists = d["dcat:distribution"].as_array().expect("distributions");
    assert_eq!(dists.len(), 2);
    for dist in dists {
        let url = dist["dcat:downloadURL"]["@id"].as_str().expect("url");
        let path = &url[url.find("/data/").expect("path")..];
        assert_eq!(app.get(path).await.status().as_u16(), 200, "{path}");
    }
    app.stop().await;
}

/// Insert applications and complaints of disdukcapil in the current month: six applications
/// of `ktp-el-baru` (four completed after 1, 2, 3 and 4 hours, three of them on time; one sent
/// back for changes; one rejected), two of `kia` (so below the threshold), and two complaints
/// (one answered after 2 hours and closed).
async fn activity(app: &TestApp) {
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let db = &app.state.db;
    let mut tx = db.begin().await.expect("tx");
    let citizen: i64 = sqlx::query("SELECT id FROM users WHERE email = 'budi@contoh.id'")
        .fetch_one(&mut *tx)
        .await
        .expect("user")
        .get(0);
    let start = crate::common::earlier_this_month(5 * 3600);
    let mut n = 0;
    let mut app_row = |service: &'static str, due: &'static str| {
        n += 1;
        (format!("SP-2026-9{n:05}"), service, due)
    };
    let rows: Vec<(String, &str, &str)> = vec![
        app_row("ktp-el-baru", "2999-01-01"),
        app_row("ktp-el-baru", "2999-01-01"),
        app_row("ktp-el-baru", "2999-01-01"),
        app_row("ktp-el-baru", "2000-01-01"),
        app_row("ktp-el-baru", "2999-01-01"),
        app_row("ktp-el-baru", "2999-01-01"),
        app_row("kia", "2999-01-01"),
        app_row("kia", "2999-01-01"),
    ];
    for (i, (code, service, due)) in rows.iter().enumerate() {
        let id: i64 = sqlx::query(
            "INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, status, fields_json, \
             submitted_at, due_date, created_at, updated_at) VALUES ($1, $2, 1, 'disdukcapil', $3, 'submitted', '{}', $4, $5, $4, $4) \
             RETURNING id",
        )
        .bind(code)
        .bind(service)
        .bind(citizen)
        .bind(start)
        .bind(due)
        .fetch_one(&mut *tx)
        .await
        .expect("application")
        .get(0);
        let event = |at: i64, action: &str, to: &str| {
            sqlx::query(
                "INSERT INTO application_events (application_id, at, actor_role, action, to_status) VALUES ($1, $2, 'officer', $3, $4)",
            )
            .bind(id)
            .bind(at)
            .bind(action.to_string())
            .bind(to.to_string())
        };
        match i {
            0..=3 => event(start + (i as i64 + 1) * 3600, "complete", "completed").execute(&mut *tx).await.map(|_| ()),
            4 => event(start + 600, "request_revision", "revision_requested").execute(&mut *tx).await.map(|_| ()),
            5 => event(start + 600, "reject", "rejected").execute(&mut *tx).await.map(|_| ()),
            _ => Ok(()),
        }
        .expect("event");
    }
    for (i, code) in ["LP-2026-900001", "LP-2026-900002"].iter().enumerate() {
        let id: i64 = sqlx::query(
            "INSERT INTO reports (code, category, description, privacy, status, agency_id, region_code, created_at, updated_at) \
             VALUES ($1, 'jalan', 'Jalan rusak di depan rumah Budi', 'public', 'received', 'disdukcapil', '357804', $2, $2) RETURNING id",
        )
        .bind(code.to_string())
        .bind(start)
        .fetch_one(&mut *tx)
        .await
        .expect("report")
        .get(0);
        if i == 0 {
            for (at, action, to) in [(start + 7200, "respond", "in_progress"), (start + 9000, "resolve", "resolved")] {
                sqlx::query(
                    "INSERT INTO report_events (report_id, at, actor_role, action, to_status, public) VALUES ($1, $2, 'officer', $3, $4, 1)",
                )
                .bind(id)
                .bind(at)
                .bind(action)
                .bind(to)
                .execute(&mut *tx)
                .await
                .expect("report event");
            }
        }
    }
    tx.commit().await.expect("commit");
}

fn month_now() -> String {
    satupintu::opendata::stats::month_of(satupintu::db::now(), 7)
}

async fn statistics_suppress_small_cells(b: Backend) {
    let app = TestApp::spawn(b).await;
    activity(&app).await;
    let changed = satupintu::opendata::stats::publish(&app.state).await.expect("statistics");
    assert_eq!(changed, 3);
    // Unchanged figures change nothing.
    assert_eq!(satupintu::opendata::stats::publish(&app.state).await.expect("again"), 0);

    let csv = app.get("/data/statistik-permohonan-layanan/unduh/data.csv").await.text().await.expect("csv");
    let t = Table::parse_csv(csv.as_bytes()).expect("csv");
    let month = month_now();
    let ktp = t.rows.iter().find(|r| r[1] == "ktp-el-baru").expect("ktp row");
    // 6 received; 4 completed and 3 on time are fewer than 5 people: blank and marked.
    assert_eq!(
        ktp,
        &vec![
            month.clone(),
            "ktp-el-baru".into(),
            "disdukcapil".into(),
            "6".into(),
            "".into(),
            "".into(),
            "sel < 5 disembunyikan".into()
        ]
    );
    let kia = t.rows.iter().find(|r| r[1] == "kia").expect("kia row");
    assert_eq!(kia[3], "");
    let complaints = app.get("/data/statistik-pengaduan/unduh/data.csv").await.text().await.expect("csv");
    let c = Table::parse_csv(complaints.as_bytes()).expect("csv");
    assert_eq!(
        c.rows,
        vec![vec![
            month,
            "jalan".into(),
            "3578".into(),
            "Kota Surabaya".into(),
            "".into(),
            "sel < 5 disembunyikan".into()
        ]]
    );
    // Never a name, a NIK, a tracking code or free text.
    for text in [&csv, &complaints] {
        for secret in ["Budi", NIK_B, "SP-2026-9", "LP-2026-9", "Jalan rusak"] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
    }
    // Published by the platform, and listed on /data.
    let (_, shown) = app.get_json("/api/3/action/package_show?id=statistik-antrean").await;
    assert_eq!(shown["result"]["organization"]["name"], "satupintu");
    assert!(app.get("/data").await.text().await.expect("page").contains("Statistik otomatis"));

    // The admin button regenerates them (platform admins only).
    app.staff(Role::SuperAdmin, None, "super@satupintu.id").await;
    let root = app.browser("super@satupintu.id", "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    let page = root.get(app.url("/kelola/data")).send().await.expect("get").text().await.expect("page");
    let r = root.post(app.url("/kelola/data/statistik")).form(&[("_csrf", csrf(&page))]).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/kelola/data?statistik=0");
    app.stop().await;
}

async fn ckan_action_api(b: Backend) {
    let app = TestApp::spawn(b).await;
    fixture(&app).await;
    let (s, v) = app.get_json("/api/3/action/package_list").await;
    assert_eq!(s, 200);
    assert_eq!(v["success"], true);
    assert!(v["help"].as_str().unwrap_or("").contains("/api/3/action/help_show?name=package_list"));
    assert_eq!(v["result"].as_array().map(Vec::len), Some(6));

    let (s, v) = app.get_json("/api/3/action/package_show?id=kunjungan-puskesmas").await;
    assert_eq!(s, 200);
    let p = &v["result"];
    assert_eq!(p["organization"]["name"], "dinkes");
    assert_eq!(p["organization"]["title"], "Dinas Kesehatan");
    assert_eq!(p["groups"][0]["name"], "kesehatan");
    assert_eq!(
        p["tags"],
        json!([{"name": "puskesmas", "display_name": "puskesmas", "state": "active"},
                                  {"name": "kunjungan", "display_name": "kunjungan", "state": "active"}])
    );
    assert_eq!(p["license_title"], "Creative Commons Attribution 4.0");
    assert_eq!(p["num_resources"], 1);
    let url = p["resources"][0]["url"].as_str().expect("url");
    assert!(url.ends_with("/data/kunjungan-puskesmas/unduh/data.csv"), "{url}");
    let rid = p["resources"][0]["id"].as_str().expect("id").to_string();

    // POST with a JSON body, as ckanapi does.
    let (s, v) = app.post_json("/api/3/action/resource_show", json!({"id": rid})).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["package_id"], p["id"]);

    let (s, v) = app
        .get_json("/api/3/action/package_search?fq=organization:dinkes&sort=title_string%20asc&rows=1&start=1")
        .await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["count"], 2);
    assert_eq!(v["result"]["results"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["result"]["results"][0]["name"], "kunjungan-puskesmas");
    let (_, v) = app.get_json("/api/3/action/package_search?q=tags:imunisasi").await;
    assert_eq!(v["result"]["count"], 1);
    assert_eq!(v["result"]["results"][0]["name"], "imunisasi-anak");
    let (_, v) = app.post_json("/api/3/action/package_search", json!({"fq": "groups:kependudukan", "rows": 5})).await;
    assert_eq!(v["result"]["results"][0]["name"], "jumlah-penduduk");
    let (_, v) = app.get_json("/api/3/action/organization_list?all_fields=true").await;
    let orgs = v["result"].as_array().expect("orgs");
    assert!(orgs.iter().any(|o| o["name"] == "dinkes" && o["package_count"] == 2));
    let (_, v) = app.get_json("/api/3/action/group_list").await;
    assert!(v["result"].as_array().expect("groups").contains(&json!("kesehatan")));
    let (_, v) = app.get_json("/api/3/action/status_show").await;
    assert_eq!(v["result"]["site_title"], "SatuPintu");

    // Errors in CKAN's form.
    let (s, v) = app.get_json("/api/3/action/package_show?id=tidak-ada").await;
    assert_eq!(s, 404);
    assert_eq!(v["success"], false);
    assert_eq!(v["error"]["__type"], "Not Found Error");
    let (s, v) = app.get_json("/api/3/action/package_show").await;
    assert_eq!(s, 409);
    assert_eq!(v["error"]["__type"], "Validation Error");
    assert_eq!(v["error"]["id"], json!(["Missing value"]));
    let (s, v) = app.get_json("/api/3/action/package_search?rows=banyak").await;
    assert_eq!(s, 409);
    assert_eq!(v["error"]["__type"], "Validation Error");
    let (s, v) = app.get_json("/api/3/action/package_search?fq=rahasia:1").await;
    assert_eq!(s, 409);
    assert_eq!(v["error"]["__type"], "Search Query Error");
    let (s, v) = app.get_json("/api/3/action/package_create").await;
    assert_eq!(s, 400);
    assert_eq!(v["error"]["__type"], "Bad Request");
    assert!(v["error"]["message"].as_str().unwrap_or("").contains("Action name not known: package_create"));
    let r = app
        .client
        .post(app.url("/api/3/action/package_show"))
        .header("content-type", "application/json")
        .body("{bukan json")
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 400);
    app.stop().await;
}

async fn ckanapi_client_reads_the_catalogue(b: Backend) {
    let app = TestApp::spawn(b).await;
    fixture(&app).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ckan/check.py");
    let url = app.url("");
    let out = tokio::task::spawn_blocking(move || std::process::Command::new("python3").arg(script).arg(url).output())
        .await
        .expect("join")
        .expect("python3 with ckanapi (pip install -r scripts/requirements-test.txt) must be available");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "ckanapi check failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let n: usize = stdout.trim().strip_prefix("ok ").and_then(|n| n.parse().ok()).unwrap_or(0);
    assert_eq!(n, 56, "{stdout}");
    app.stop().await;
}

async fn performance_page_shows_the_fixture(b: Backend) {
    let app = TestApp::spawn(b).await;
    activity(&app).await;
    // The agency's performance is on the performance dashboard, read from the monthly rollups.
    satupintu::performance::service::rebuild(&app.state).await.expect("rollups");
    let page = app.get("/instansi/disdukcapil").await.text().await.expect("page");
    assert!(page.contains("/instansi/disdukcapil/kinerja"));
    let r = app.get("/instansi/disdukcapil/kinerja").await;
    assert_eq!(r.status().as_u16(), 308);
    let r = app.get(r.headers()["location"].to_str().expect("location")).await;
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.expect("page");
    assert!(page.contains("<svg") && page.contains("role=\"img\""));
    let month = month_now();
    let row_start = page.find(&format!("data-month=\"{month}\"")).expect("this month's row");
    let row = &page[row_start..row_start + page[row_start..].find("</tr>").expect("row end")];
    let cells: Vec<&str> = row
        .split("govuk-table__cell--numeric\"")
        .skip(1)
        .map(|c| c.split_once('>').map(|(_, v)| v).unwrap_or("").split('<').next().unwrap_or(""))
        .collect();
    // received, completed, on time, median and p90 days, revision, rejection, complaints, closed,
    // response hours, served at the counter, wait minutes, IKM.
    // 8 applications (6 ktp + 2 kia); 4 completed (3 on time) after 1, 2, 3, 4 h: median (nearest
    // rank) 2 h = 0.1 day, p90 4 h = 0.2 day; 1 of 8 revised, 1 of 8 rejected; 2 complaints, 1
    // closed, answered after 2 h.
    assert_eq!(cells, vec!["8", "4", "75.0%", "0.1", "0.2", "12.5%", "12.5%", "2", "1", "2", "0", "—", "—"], "{row}");
    // Twelve months.
    assert_eq!(page.matches("data-month=").count(), 12);
    assert_eq!(app.get("/instansi/tidak-ada/kinerja").await.status().as_u16(), 404);
    app.stop().await;
}

async fn the_demo_publishes_datasets_and_statistics(b: Backend) {
    let app = TestApp::empty(b).await;
    satupintu::demo::load(&app.state).await.expect("demo");
    let (_, v) = app.get_json("/api/3/action/package_list").await;
    let names: Vec<&str> = v["result"].as_array().expect("names").iter().filter_map(Value::as_str).collect();
    for name in [
        "jumlah-penduduk-per-kecamatan",
        "kunjungan-puskesmas-bulanan",
        "kondisi-jalan-kota",
        "statistik-permohonan-layanan",
        "statistik-pengaduan",
        "statistik-antrean",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let page = app.get("/data/kunjungan-puskesmas-bulanan").await.text().await.expect("page");
    assert!(page.contains("Puskesmas Pucang Sewu") && page.contains("Dinas Kesehatan"));
    // A second start regenerates the statistics and changes nothing else.
    let (_, before) = app.get_json("/api/3/action/package_show?id=kondisi-jalan-kota").await;
    satupintu::demo::load(&app.state).await.expect("demo again");
    let (_, after) = app.get_json("/api/3/action/package_show?id=kondisi-jalan-kota").await;
    assert_eq!(before["result"]["metadata_modified"], after["result"]["metadata_modified"]);
    app.stop().await;
}
