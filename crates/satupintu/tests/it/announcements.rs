//! Announcements: staff write, schedule, edit and withdraw them; the public list, page, API and
//! feeds show only what is public; subscribers are notified exactly once.

use reqwest::{Client, Method};
use satupintu::identity::Role;
use sqlx::Row as _;

use crate::both;
use crate::common::{parse_feed, post_form, Backend, TestApp, NIK_A, NIK_B};

both!(
    staff_write_schedule_edit_and_withdraw,
    feeds_parse_and_follow_the_schedule,
    subscribers_are_notified_exactly_once
);

/// A supervisor of Disdukcapil, signed in with a browser.
async fn publisher(app: &TestApp) -> Client {
    app.staff(Role::Supervisor, Some("disdukcapil"), "humas@dukcapil.id").await;
    app.browser("humas@dukcapil.id", "rahasia-staf-1", None).await
}

fn local_in(secs: i64) -> String {
    satupintu::calendar::local_datetime_input(satupintu::db::now() + secs, 7)
}

/// Write an announcement through the staff form; its slug.
async fn write(app: &TestApp, web: &Client, title: &str, publish_at: &str) -> String {
    let (s, location, body) = post_form(
        app,
        web,
        "/kelola/pengumuman/baru",
        "/kelola/pengumuman",
        &[
            ("title", title),
            ("summary", "Ringkasan pengumuman untuk warga Surabaya."),
            ("body", "Paragraf pertama.\n\nParagraf kedua, dengan tanda & dan <kurung>."),
            ("kind", "pengumuman"),
            ("agency", "disdukcapil"),
            ("region", "Kota Surabaya"),
            ("publish_at", publish_at),
            ("expires_at", ""),
        ],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    location.strip_prefix("/kelola/pengumuman/").expect("to the announcement").to_string()
}

/// Let time pass for an announcement: its publishing time moves to a minute ago.
async fn publish_time_passes(app: &TestApp, slug: &str) {
    sqlx::query("UPDATE announcements SET publish_at = $1 WHERE slug = $2")
        .bind(satupintu::db::now() - 60)
        .bind(slug)
        .execute(app.state.db.pool())
        .await
        .expect("move the time");
}

async fn staff_write_schedule_edit_and_withdraw(b: Backend) {
    let app = TestApp::spawn(b).await;
    let web = publisher(&app).await;

    // Bad input: 422 with a message per field, in Indonesian.
    let (s, _, body) = post_form(
        &app,
        &web,
        "/kelola/pengumuman/baru",
        "/kelola/pengumuman",
        &[("title", "x"), ("kind", "gosip"), ("agency", "dinkes"), ("publish_at", "besok")],
    )
    .await;
    assert_eq!(s, 422);
    for msg in
        ["Tulis judul 5 sampai 200", "Pilih jenis", "Pilih instansi yang dapat Anda wakili", "Tulis waktu terbit"]
    {
        assert!(body.contains(msg), "{msg}: {body}");
    }

    let account = web.get(app.url("/akun")).send().await.expect("get").text().await.expect("page");
    assert!(account.contains("href=\"/kelola/pengumuman\"") && account.contains("href=\"/kelola/acara\""));
    let slug = write(&app, &web, "Perekaman KTP-el Hari Sabtu", "").await;
    assert_eq!(slug, "perekaman-ktp-el-hari-sabtu");
    let list = app.get("/pengumuman").await.text().await.expect("page");
    assert!(list.contains("Perekaman KTP-el Hari Sabtu") && list.contains("/feeds/announcements.atom"));
    assert!(list.contains("rel=\"alternate\" type=\"application/atom+xml\""));
    let page = app.get(&format!("/pengumuman/{slug}")).await;
    assert_eq!(page.status().as_u16(), 200);
    let page = page.text().await.expect("page");
    assert!(page.contains("<meta property=\"og:title\" content=\"Perekaman KTP-el Hari Sabtu\">"));
    assert!(page.contains("twitter:card") && page.contains("https://wa.me/?text=Perekaman%20KTP-el"));
    assert!(page.contains("https://t.me/share/url?url=") && page.contains("mailto:?subject="));
    assert!(page.contains("facebook.com/sharer/sharer.php?u=") && page.contains("https://x.com/intent/tweet?text="));
    assert!(page.contains("Paragraf kedua, dengan tanda") && !page.contains("<kurung>"), "the text is escaped");
    assert!(!page.contains("<script src=\"http"), "no third-party script");
    // The home page shows it.
    assert!(app.get("/").await.text().await.expect("home").contains(&format!("/pengumuman/{slug}")));

    // A second one with the same title gets its own address.
    let again = write(&app, &web, "Perekaman KTP-el Hari Sabtu", "").await;
    assert_eq!(again, "perekaman-ktp-el-hari-sabtu-2");

    // Scheduled for tomorrow: nowhere public, but the staff list shows it waiting.
    let later = write(&app, &web, "Jadwal Libur Akhir Tahun", &local_in(86_400)).await;
    assert_eq!(app.get(&format!("/pengumuman/{later}")).await.status().as_u16(), 404);
    assert!(!app.get("/pengumuman").await.text().await.expect("page").contains("Jadwal Libur Akhir Tahun"));
    let (s, _) = app.get_json(&format!("/api/v1/announcements/{later}")).await;
    assert_eq!(s, 404);
    let staff = web.get(app.url("/kelola/pengumuman")).send().await.expect("get").text().await.expect("page");
    assert!(staff.contains("Jadwal Libur Akhir Tahun") && staff.contains("Terjadwal"));

    // The API lists the public ones, newest first.
    let (s, v) = app.get_json("/api/v1/announcements?agency=disdukcapil").await;
    assert_eq!(s, 200);
    let slugs: Vec<&str> =
        v["announcements"].as_array().expect("list").iter().map(|a| a["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs.len(), 2, "{v}");
    assert!(!slugs.contains(&later.as_str()));
    let (s, one) = app.get_json(&format!("/api/v1/announcements/{slug}")).await;
    assert_eq!((s, one["agency_id"].as_str()), (200, Some("disdukcapil")));

    // Edit: the title changes, the address stays; a bad date is refused with 422.
    let (s, _, _) = post_form(
        &app,
        &web,
        &format!("/kelola/pengumuman/{slug}"),
        &format!("/kelola/pengumuman/{slug}"),
        &[
            ("title", "Perekaman KTP-el Sabtu dan Minggu"),
            ("summary", "Ringkasan pengumuman untuk warga Surabaya."),
            ("body", "Isi yang diperbarui untuk warga."),
            ("kind", "berita"),
            ("agency", "disdukcapil"),
            ("publish_at", &local_in(-3600)),
            ("expires_at", &local_in(-7200)),
        ],
    )
    .await;
    assert_eq!(s, 422, "an end before the start is refused");
    let (s, location, _) = post_form(
        &app,
        &web,
        &format!("/kelola/pengumuman/{slug}"),
        &format!("/kelola/pengumuman/{slug}"),
        &[
            ("title", "Perekaman KTP-el Sabtu dan Minggu"),
            ("summary", "Ringkasan pengumuman untuk warga Surabaya."),
            ("body", "Isi yang diperbarui untuk warga."),
            ("kind", "berita"),
            ("agency", "disdukcapil"),
            ("publish_at", &local_in(-3600)),
        ],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, format!("/kelola/pengumuman/{slug}").as_str()));
    let (_, one) = app.get_json(&format!("/api/v1/announcements/{slug}")).await;
    assert_eq!(
        (one["title"].as_str(), one["kind"].as_str()),
        (Some("Perekaman KTP-el Sabtu dan Minggu"), Some("berita"))
    );

    // Roles: an officer cannot write; a supervisor of another agency does not see this one.
    app.staff(Role::Officer, Some("disdukcapil"), "loket@dukcapil.id").await;
    let web_officer = app.browser("loket@dukcapil.id", "rahasia-staf-1", None).await;
    assert_eq!(web_officer.get(app.url("/kelola/pengumuman")).send().await.expect("get").status().as_u16(), 403);
    app.staff(Role::Supervisor, Some("dinkes"), "humas@dinkes.id").await;
    let other = app.browser("humas@dinkes.id", "rahasia-staf-1", None).await;
    assert_eq!(
        other.get(app.url(&format!("/kelola/pengumuman/{slug}"))).send().await.expect("get").status().as_u16(),
        404
    );
    let (s, _, _) =
        post_form(&app, &other, "/kelola/pengumuman/baru", &format!("/kelola/pengumuman/{slug}/tarik"), &[]).await;
    assert_eq!(s, 404, "another agency cannot withdraw it");

    // Withdraw: gone from the page, the list and the API at once.
    let (s, _, _) =
        post_form(&app, &web, &format!("/kelola/pengumuman/{slug}"), &format!("/kelola/pengumuman/{slug}/tarik"), &[])
            .await;
    assert_eq!(s, 303);
    assert_eq!(app.get(&format!("/pengumuman/{slug}")).await.status().as_u16(), 404);
    let (_, v) = app.get_json("/api/v1/announcements").await;
    assert!(!v.to_string().contains(&format!("\"{slug}\"")), "{v}");
    let (s, _, _) =
        post_form(&app, &web, "/kelola/pengumuman/baru", &format!("/kelola/pengumuman/{slug}/tarik"), &[]).await;
    assert_eq!(s, 409, "withdrawn once");
    app.stop().await;
}

async fn feeds_parse_and_follow_the_schedule(b: Backend) {
    let app = TestApp::spawn(b).await;
    let web = publisher(&app).await;
    let first = write(&app, &web, "Layanan Akta Kelahiran Keliling", &local_in(-7200)).await;
    let second = write(&app, &web, "Jam Layanan Selama Ramadan", &local_in(-3600)).await;
    let later = write(&app, &web, "Pemeliharaan Jaringan Pusat Data", &local_in(86_400)).await;

    let atom = app.get("/feeds/announcements.atom").await;
    assert_eq!(atom.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let v = parse_feed("feed", app.url("/feeds/announcements.atom")).await;
    assert_eq!(v["bozo"], 0, "{v}");
    assert_eq!(v["version"], "atom10");
    assert!(v["self"][0].as_str().expect("self link").ends_with("/feeds/announcements.atom"));
    let entries = v["entries"].as_array().expect("entries");
    let titles: Vec<&str> = entries.iter().map(|e| e["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        ["Jam Layanan Selama Ramadan", "Layanan Akta Kelahiran Keliling"],
        "newest first, nothing scheduled"
    );
    assert!(entries[0]["link"].as_str().unwrap().ends_with(&format!("/pengumuman/{second}")));
    assert!(entries[1]["id"].as_str().unwrap().starts_with("tag:"), "{}", entries[1]);
    assert_eq!(entries[0]["author"], "Dinas Kependudukan dan Pencatatan Sipil");
    assert!(
        !entries[0]["published"].as_str().unwrap().is_empty() && !entries[0]["updated"].as_str().unwrap().is_empty()
    );
    let first_id = entries[1]["id"].as_str().unwrap().to_string();

    let rss = parse_feed("feed", app.url("/feeds/announcements.rss")).await;
    assert_eq!(rss["bozo"], 0, "{rss}");
    assert_eq!(rss["version"], "rss20");
    assert_eq!(rss["entries"].as_array().expect("items").len(), 2);
    assert!(rss["entries"][1]["link"].as_str().unwrap().ends_with(&format!("/pengumuman/{first}")));

    // The agency filter, and an unknown agency.
    let none = parse_feed("feed", app.url("/feeds/announcements.atom?instansi=dinkes")).await;
    assert_eq!((none["bozo"].as_i64(), none["entries"].as_array().map(Vec::len)), (Some(0), Some(0)));
    assert_eq!(app.get("/feeds/announcements.atom?instansi=tidak-ada").await.status().as_u16(), 404);

    // Once its time comes, the scheduled one is in the feed; ids stay the same.
    publish_time_passes(&app, &later).await;
    let v = parse_feed("feed", app.url("/feeds/announcements.atom")).await;
    let entries = v["entries"].as_array().expect("entries");
    assert_eq!(entries[0]["title"], "Pemeliharaan Jaringan Pusat Data");
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[2]["id"].as_str(), Some(first_id.as_str()), "entry ids are stable");
    assert_eq!(app.get(&format!("/pengumuman/{later}")).await.status().as_u16(), 200);
    app.stop().await;
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user")
        .get(0)
}

async fn notices(app: &TestApp, user: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM outbox WHERE kind = 'announcement' AND recipient_id = $1 AND channel = 'email'")
        .bind(user)
        .fetch_one(app.state.db.pool())
        .await
        .expect("count")
        .get(0)
}

async fn subscribers_are_notified_exactly_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let web = publisher(&app).await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let siti = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let budi = app.browser("budi@contoh.id", "rahasia-warga-1", None).await;
    // Siti follows every agency; Budi only the health office.
    let (s, location, _) = post_form(&app, &siti, "/pengumuman", "/pengumuman/langganan", &[("semua", "1")]).await;
    assert_eq!((s, location.as_str()), (303, "/pengumuman?tersimpan=1#langganan"));
    let (s, _, _) = post_form(&app, &budi, "/pengumuman", "/pengumuman/langganan", &[("instansi", "dinkes")]).await;
    assert_eq!(s, 303);
    let page = budi.get(app.url("/pengumuman")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("id=\"instansi-dinkes\" name=\"instansi\" type=\"checkbox\" value=\"dinkes\" checked"));
    let (s, _, _) = post_form(&app, &budi, "/pengumuman", "/pengumuman/langganan", &[("instansi", "tidak-ada")]).await;
    assert_eq!(s, 400, "a tampered form");
    // Staff do not subscribe.
    let (s, _, _) = post_form(&app, &web, "/kelola/pengumuman/baru", "/pengumuman/langganan", &[("semua", "1")]).await;
    assert_eq!(s, 403);
    let (siti_id, budi_id) = (user_id(&app, "siti@contoh.id").await, user_id(&app, "budi@contoh.id").await);

    // Published at once: notified in the same transaction.
    write(&app, &web, "Layanan KIA di Balai RW", "").await;
    assert_eq!((notices(&app, siti_id).await, notices(&app, budi_id).await), (1, 0));

    // Scheduled: nobody is notified before its time ...
    let later = write(&app, &web, "Perubahan Jam Layanan Akhir Tahun", &local_in(3600)).await;
    let run = satupintu::announcements::service::run_once(&app.state, satupintu::db::now()).await.expect("run");
    assert_eq!(run, 0);
    assert_eq!(notices(&app, siti_id).await, 1);
    // ... then once, whatever the number of processes running the job at the same moment.
    publish_time_passes(&app, &later).await;
    let other = match b {
        Backend::Postgres => Some(app.another_process().await),
        Backend::Sqlite => None,
    };
    let now = satupintu::db::now();
    let states: Vec<_> = std::iter::once(app.state.clone())
        .chain(other.as_ref().map(|o| o.state.clone()))
        .chain(std::iter::once(app.state.clone()))
        .collect();
    let runs =
        futures_util::future::join_all(states.iter().map(|s| satupintu::announcements::service::run_once(s, now)))
            .await;
    let claimed: usize = runs.into_iter().map(|r| r.expect("run")).sum();
    assert!(claimed <= 1, "claimed {claimed} times");
    assert_eq!(notices(&app, siti_id).await, 2, "one notice per announcement");
    assert_eq!(notices(&app, budi_id).await, 0);
    let notified: Option<i64> = sqlx::query("SELECT notified_at FROM announcements WHERE slug = $1")
        .bind(&later)
        .fetch_one(app.state.db.pool())
        .await
        .expect("row")
        .get(0);
    assert!(notified.is_some());
    // Again later: nothing more.
    satupintu::announcements::service::run_once(&app.state, now + 60).await.expect("run");
    assert_eq!(notices(&app, siti_id).await, 2);
    // The notice names the announcement and links to it.
    let payload: String = sqlx::query(
        "SELECT payload_json FROM outbox WHERE kind = 'announcement' AND recipient_id = $1 ORDER BY id DESC",
    )
    .bind(siti_id)
    .fetch_one(app.state.db.pool())
    .await
    .expect("row")
    .get(0);
    assert!(payload.contains("Perubahan Jam Layanan Akhir Tahun") && payload.contains(&format!("/pengumuman/{later}")));
    let (subject, body) = satupintu::notify::worker::message(
        "announcement",
        &serde_json::from_str(&payload).expect("json"),
        satupintu::web::Lang::Id,
    );
    assert_eq!(subject, "Perubahan Jam Layanan Akhir Tahun");
    assert!(body.contains("Dinas Kependudukan dan Pencatatan Sipil"), "{body}");
    // Her data export lists the subscription.
    let token = app.login("siti@contoh.id", "rahasia-warga-1", None).await;
    let (s, _) = app.api(Method::GET, "/api/v1/me/export", Some(&token), None).await;
    assert_eq!(s, 200);
    if let Some(o) = other {
        o.stop().await;
    }
    app.stop().await;
}
