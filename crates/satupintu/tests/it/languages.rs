//! Regional languages (issue 13): the interface in Javanese and Sundanese, chosen with
//! `?lang=id|en|jv|su`, remembered on the device and, for a signed-in person, on every device;
//! the assistant understands and answers both.

use reqwest::Method;
use serde_json::Value;

use crate::both;
use crate::common::{client, Backend, TestApp, NIK_A};

both!(pages_speak_the_chosen_language, a_persons_choice_follows_them, the_assistant_understands_javanese_and_sundanese);

/// The page's `lang`, its Content-Language and its body.
async fn page(c: &reqwest::Client, url: String) -> (String, String, String) {
    let r = c.get(url).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 200);
    let header = r.headers().get("content-language").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let html = r.text().await.expect("html");
    let lang = html.split("<html lang=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_string();
    (lang, header, html)
}

async fn pages_speak_the_chosen_language(b: Backend) {
    let app = TestApp::spawn(b).await;
    for (code, skip_link, services) in [
        ("jv", "Langsung dhateng isi kaca", "Sedaya layanan"),
        ("su", "Langsung ka eusi kaca", "Sadaya layanan"),
        ("en", "Skip to main content", "All services"),
        ("id", "Langsung ke isi halaman", "Semua layanan"),
    ] {
        let c = client();
        let (lang, header, html) = page(&c, app.url(&format!("/?lang={code}"))).await;
        assert_eq!((lang.as_str(), header.as_str()), (code, code));
        assert!(html.contains(skip_link) && html.contains(services), "{code}: {html}");
        // Every language is offered in the footer, this one marked as current.
        for other in ["Bahasa Indonesia", "English", "Basa Jawa", "Basa Sunda"] {
            assert!(html.contains(other), "{code}: {other} is offered");
        }
        assert!(html.contains(&format!("<span lang=\"{code}\" aria-current=\"true\">")), "{code}: current marked");
        // Remembered on this device: the next page without `lang` is in the same language,
        // and the catalogue's content falls back to Indonesian where it has no translation.
        let (lang, _, html) = page(&c, app.url("/layanan/akta-kelahiran")).await;
        assert_eq!(lang, code);
        let name = if code == "en" { "Birth Certificate" } else { "Akta Kelahiran" };
        assert!(html.contains(name), "{code}: {name}");
    }
    // The browser's own preference when nothing else says, and an unknown language is ignored.
    let r = reqwest::Client::new()
        .get(app.url("/"))
        .header("accept-language", "su-ID, id;q=0.5")
        .send()
        .await
        .expect("get");
    assert_eq!(r.headers()["content-language"], "su");
    let (lang, _, _) = page(&client(), app.url("/?lang=fr")).await;
    assert_eq!(lang, "id");
    // A message only in Indonesian so far (staff pages) falls back to it, not to its key.
    let (_, _, html) = page(&client(), app.url("/masuk?lang=jv")).await;
    assert!(!html.contains("lang-choose") && html.contains("Pilih basa"), "{html}");
    app.stop().await;
}

async fn a_persons_choice_follows_them(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let phone = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let (lang, _, _) = page(&phone, app.url("/akun?lang=su")).await;
    assert_eq!(lang, "su");
    let saved: Option<String> =
        sqlx::query_scalar("SELECT lang FROM users WHERE email = $1 AND lang_chosen_at IS NOT NULL")
            .bind("siti@contoh.id")
            .fetch_one(app.state.db.pool())
            .await
            .expect("user");
    assert_eq!(saved.as_deref(), Some("su"));
    // Another device, whose browser asks for Indonesian and has no cookie: her choice wins.
    let tablet = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let (lang, _, html) = page(&tablet, app.url("/akun")).await;
    assert_eq!(lang, "su", "{html}");
    // A new choice replaces it everywhere.
    let (lang, _, _) = page(&tablet, app.url("/layanan?lang=jv")).await;
    assert_eq!(lang, "jv");
    let (lang, _, _) = page(&phone, app.url("/layanan")).await;
    assert_eq!(lang, "jv");
    // Signed out, the device's cookie still speaks; a visitor's choice is stored nowhere.
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE lang_chosen_at IS NOT NULL")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    let (lang, _, _) = page(&client(), app.url("/?lang=su")).await;
    assert_eq!(lang, "su");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE lang_chosen_at IS NOT NULL")
        .fetch_one(app.state.db.pool())
        .await
        .expect("count");
    assert_eq!(before, after);
    // A choice made on a device before signing in becomes the person's when they sign in there.
    app.citizen(crate::common::NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let shared = client();
    page(&shared, app.url("/?lang=jv")).await;
    let (s, _, _) = crate::common::post_form(
        &app,
        &shared,
        "/masuk",
        "/masuk",
        &[("login", "budi@contoh.id"), ("password", "rahasia-warga-1"), ("next", "")],
    )
    .await;
    assert_eq!(s, 303);
    let (lang, _, _) = page(&shared, app.url("/akun")).await;
    assert_eq!(lang, "jv");
    let budi: Option<String> =
        sqlx::query_scalar("SELECT lang FROM users WHERE email = $1 AND lang_chosen_at IS NOT NULL")
            .bind("budi@contoh.id")
            .fetch_one(app.state.db.pool())
            .await
            .expect("user");
    assert_eq!(budi.as_deref(), Some("jv"));
    app.stop().await;
}

async fn ask(app: &TestApp, text: &str) -> Value {
    let (s, b) =
        app.api(Method::POST, "/api/v1/assistant/messages", None, Some(serde_json::json!({"text": text}))).await;
    assert_eq!(s, 200, "{text}: {b}");
    b
}

async fn the_assistant_understands_javanese_and_sundanese(b: Backend) {
    let app = TestApp::spawn(b).await;
    for (text, lang, aspect, words) in [
        ("Pinten dinten damel KTP?", "jv", "time", "Dangunipun proses"),
        ("Syarate ngurus akta kelahiran menapa mawon, mas?", "jv", "requirements", "Persyaratan Akta Kelahiran"),
        ("Sabaraha lami nyieun KTP teh?", "su", "time", "Lami prosés"),
        ("Punten, naon wae saratna akta kalahiran?", "su", "requirements", "Sarat-sarat Akta Kelahiran"),
    ] {
        let r = ask(&app, text).await;
        assert_eq!(
            (r["intent"].as_str(), r["lang"].as_str(), r["aspect"].as_str()),
            (Some("service_info"), Some(lang), Some(aspect)),
            "{text}: {r}"
        );
        let service = r["service_id"].as_str().unwrap_or_default();
        assert!(service.starts_with("ktp-el") || service == "akta-kelahiran", "{text}: {r}");
        assert!(r["reply"].as_str().unwrap_or_default().contains(words), "{text}: {r}");
    }
    // A complaint in Javanese is understood as one.
    let r = ask(&app, "Lampu margi pejah wonten ing gang kula").await;
    assert_eq!((r["intent"].as_str(), r["lang"].as_str()), (Some("complaint"), Some("jv")), "{r}");
    app.stop().await;
}
