//! The virtual assistant through its API, its chat page and its gateways: answers composed
//! from the catalogue, context across messages, a new catalogue learned without new training
//! data, an application filled in the chat, a report drafted for the reporting form, status
//! told only to whom it belongs, a handover answered by an officer, and bad input that changes
//! nothing.

use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use reqwest::Method;
use satupintu::identity::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{client, csrf, Backend, TestApp, NIK_A, NIK_B};
use crate::reports::count;

both!(
    answers_come_from_the_catalogue,
    a_new_catalogue_gets_an_assistant_without_training_data,
    an_application_is_filled_in_the_chat,
    a_complaint_becomes_a_report_draft,
    status_is_told_only_to_whom_it_belongs,
    a_handed_over_conversation_is_answered_by_an_officer,
    bad_messages_change_nothing,
    gateways_answer_only_with_their_secret,
    a_language_model_may_reword_but_not_change_facts
);

async fn say(app: &TestApp, token: Option<&str>, conversation: Option<&str>, text: &str) -> Value {
    let mut body = json!({"text": text});
    if let Some(c) = conversation {
        body["conversation_id"] = json!(c);
    }
    let (s, b) = app.api(Method::POST, "/api/v1/assistant/messages", token, Some(body)).await;
    assert_eq!(s, 200, "{text}: {b}");
    b
}

fn reply(b: &Value) -> &str {
    b["reply"].as_str().unwrap_or_default()
}

async fn answers_come_from_the_catalogue(b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = say(&app, None, None, "ktp sy ilang, brp biayanya?").await;
    assert_eq!(r["intent"], "service_info", "{r}");
    assert_eq!(r["service_id"], "ktp-el-ganti", "{r}");
    assert_eq!(r["aspect"], "fee", "{r}");
    assert!(reply(&r).contains("Gratis"), "{r}");
    assert!(r["confidence"].as_f64().is_some_and(|c| c > 0.0 && c <= 1.0), "{r}");
    let links: Vec<&str> = r["actions"].as_array().expect("actions").iter().filter_map(|a| a["href"].as_str()).collect();
    assert!(links.contains(&"/layanan/ktp-el-ganti"), "{r}");
    let conv = r["conversation_id"].as_str().expect("conversation").to_string();

    // The same service, another aspect, in the same conversation: its requirements, word for word.
    let r = say(&app, None, Some(&conv), "terus syaratnya apa aja?").await;
    assert_eq!(r["service_id"], "ktp-el-ganti", "{r}");
    let snapshot = satupintu::catalog::service::snapshot(&app.state).await.expect("snapshot");
    let standard = &snapshot.service("ktp-el-ganti").expect("service").service;
    for req in &standard.requirements {
        assert!(reply(&r).contains(req.id()), "requirement {:?} missing from {r}", req.id());
    }

    // English in, English out, the fee as the catalogue has it.
    let r = say(&app, None, None, "how much does a passport cost?").await;
    assert_eq!((r["intent"].as_str(), r["service_id"].as_str(), r["lang"].as_str()), (Some("service_info"), Some("paspor"), Some("en")), "{r}");
    assert!(reply(&r).contains("Rp 350.000") && reply(&r).contains("Fee"), "{r}");

    // Not ours to answer; greetings; a complaint with its category.
    let r = say(&app, None, None, "rekomendasi saham yg bagus buat pemula dong").await;
    assert_eq!(r["intent"], "out_of_scope", "{r}");
    assert!(r.get("service_id").is_none(), "{r}");
    let r = say(&app, None, None, "assalamualaikum min").await;
    assert_eq!(r["intent"], "greeting", "{r}");
    let r = say(&app, None, None, "lampu jalan di gang kami mati semua, gelap bgt").await;
    assert_eq!((r["intent"].as_str(), r["category"].as_str()), (Some("complaint"), Some("penerangan_jalan")), "{r}");

    // A vague question asks back with the likely services as buttons.
    let r = say(&app, None, None, "akta").await;
    let sends: Vec<&str> = r["actions"].as_array().expect("actions").iter().filter_map(|a| a["send"].as_str()).collect();
    assert!(sends.iter().filter(|s| s.starts_with("/layanan ")).count() >= 2, "{r}");
    // Pressing one answers about that service.
    let choice = sends[0].to_string();
    let conv = r["conversation_id"].as_str().expect("conversation").to_string();
    let r = say(&app, None, Some(&conv), &choice).await;
    let id = choice.trim_start_matches("/layanan ");
    let name = snapshot.service(id).expect("service").service.name.id().to_string();
    assert!(reply(&r).contains(&name), "{r}");
    app.stop().await;
}

async fn a_new_catalogue_gets_an_assistant_without_training_data(b: Backend) {
    let app = TestApp::spawn(b).await;
    let first = say(&app, None, None, "syarat izin tambang pasir apa saja").await;
    assert_ne!(first["service_id"], "izin-galian-c", "{first}");
    let mut catalog: Value = serde_json::from_str(satupintu::demo::CATALOG).expect("catalog");
    let mut extra = catalog["services"][13].clone(); // pbg, as a template
    extra["id"] = json!("izin-galian-c");
    extra["name"] = json!({"id": "Izin Pertambangan Batuan (Galian C)", "en": "Rock and sand mining permit (Galian C)"});
    extra["summary"] = json!({"id": "Izin usaha pertambangan batuan seperti pasir, kerikil dan batu kali.", "en": "Permit to mine sand, gravel and river stone."});
    extra["keywords"] = json!(["tambang pasir", "galian c", "izin tambang", "pasir batu", "sirtu"]);
    extra["requirements"] = json!([{"id": "Dokumen lingkungan UKL-UPL", "en": "UKL-UPL environmental document"}]);
    extra["faq"] = json!([]);
    catalog["services"] = json!([extra]);
    satupintu::catalog::service::import(&app.state.db, &catalog.to_string(), None).await.expect("import");
    app.state.catalog.refresh(&app.state.db, true).await.expect("refresh");
    let r = say(&app, None, None, "syarat izin tambang pasir apa saja").await;
    assert_eq!(r["service_id"], "izin-galian-c", "{r}");
    assert!(reply(&r).contains("UKL-UPL"), "{r}");
    app.stop().await;
}

async fn an_application_is_filled_in_the_chat(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let t = Some(siti.as_str());
    let r = say(&app, t, None, "/ajukan pbb-p2").await;
    let conv = r["conversation_id"].as_str().expect("conversation").to_string();
    assert!(reply(&r).contains("NOP"), "the first empty field is asked: {r}");
    let r = say(&app, t, Some(&conv), "35.78.010.001.001-0001.0").await;
    assert!(reply(&r).to_lowercase().contains("tahun"), "then the tax year: {r}");
    // An answer the form would refuse is refused here, with the form's reason, and asked again.
    let r = say(&app, t, Some(&conv), "tahun lalu").await;
    assert!(reply(&r).to_lowercase().contains("tahun"), "{r}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM applications").await, 0);
    let r = say(&app, t, Some(&conv), "2026").await;
    let choices: Vec<String> =
        r["actions"].as_array().expect("actions").iter().filter_map(|a| a["send"].as_str().map(str::to_string)).collect();
    assert!(choices.len() >= 3, "a choice offers its options as buttons: {r}");
    let r = say(&app, t, Some(&conv), &choices[0]).await;
    assert!(reply(&r).contains("SP-"), "the draft is saved: {r}");
    let code = satupintu::assistant::nlu::tracking_code(reply(&r)).expect("a code in the reply");
    let (s, app_view) = app.api(Method::GET, &format!("/api/v1/applications/{code}"), t, None).await;
    assert_eq!(s, 200, "{app_view}");
    assert_eq!(app_view["status"], "draft");
    assert_eq!(app_view["fields"]["nop"], "35.78.010.001.001-0001.0", "{app_view}");
    assert_eq!(app_view["fields"]["request_type"], "cek_tagihan", "{app_view}");
    assert_eq!(app_view["fields"]["taxpayer_name"], "Siti Rahayu", "profile fields are filled once-only: {app_view}");

    // A guest is sent to sign in instead.
    let r = say(&app, None, None, "/ajukan pbb-p2").await;
    assert!(r["actions"].as_array().expect("actions").iter().any(|a| a["href"].as_str().is_some_and(|h| h.starts_with("/masuk"))), "{r}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM applications").await, 1);
    app.stop().await;
}

async fn a_complaint_becomes_a_report_draft(b: Backend) {
    let app = crate::reports::spawn(b).await;
    let web = client();
    let page = web.get(app.url("/asisten")).send().await.expect("get").text().await.expect("page");
    let post = |text: &'static str, token: String| {
        let web = web.clone();
        let url = app.url("/asisten");
        async move {
            let r = web.post(url).form(&[("_csrf", token.as_str()), ("text", text)]).send().await.expect("post");
            assert_eq!(r.status().as_u16(), 303);
        }
    };
    post("got depan rumah mampet, air meluap ke jalan tiap hujan", csrf(&page)).await;
    let page = web.get(app.url("/asisten")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("value=\"/lapor\""), "the report button is offered");
    post("/lapor", csrf(&page)).await;
    post("Jl. Kenanga 12, depan musala", csrf(&page)).await;
    let page = web.get(app.url("/asisten")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("/laporan/baru?draf=asisten"), "{page}");
    let form = web.get(app.url("/laporan/baru?draf=asisten")).send().await.expect("get").text().await.expect("form");
    assert!(form.contains("got depan rumah mampet"), "the description is prefilled");
    assert!(form.contains("Jl. Kenanga 12, depan musala"), "the address is prefilled");
    assert!(form.contains("value=\"drainase_banjir\" selected") || form.contains("value=\"drainase_banjir\" checked"), "the category is chosen");
    // Another browser has no draft.
    let other = client().get(app.url("/laporan/baru?draf=asisten")).send().await.expect("get").text().await.expect("form");
    assert!(!other.contains("got depan rumah mampet"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reports").await, 0, "nothing is sent before the citizen sends it");
    app.stop().await;
}

async fn status_is_told_only_to_whom_it_belongs(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (s, created) = app
        .api(Method::POST, "/api/v1/applications", Some(&siti), Some(json!({"service_id": "pbb-p2", "fields": {"nop": "1", "tax_year": 2026, "request_type": "cek_tagihan"}, "submit": false})))
        .await;
    assert!(s == 201 || s == 200, "{created}");
    let code = created["code"].as_str().expect("code").to_string();
    let r = say(&app, Some(&siti), None, &format!("permohonan {} sdh sampai mana ya", code.to_lowercase())).await;
    assert_eq!((r["intent"].as_str(), r["tracking_code"].as_str()), (Some("status"), Some(code.as_str())), "{r}");
    assert!(reply(&r).contains("Draf"), "the owner hears the status: {r}");
    for token in [Some(budi.as_str()), None] {
        let r = say(&app, token, None, &format!("status {code}")).await;
        assert!(!reply(&r).contains("Draf"), "nobody else does: {r}");
    }
    // Without a code, a signed-in citizen hears about their own cases.
    let r = say(&app, Some(&siti), None, "status permohonan saya gmn?").await;
    assert!(reply(&r).contains(&code), "{r}");
    app.stop().await;
}

async fn a_handed_over_conversation_is_answered_by_an_officer(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    app.staff(Role::Officer, Some("dpmptsp"), "petugas@dpmptsp.id").await;
    let r = say(&app, Some(&siti), None, "syarat pindah datang apa aja").await;
    let conv = r["conversation_id"].as_str().expect("conversation").to_string();
    let r = say(&app, Some(&siti), Some(&conv), "/petugas").await;
    assert_eq!(r["status"], "waiting", "{r}");
    let r = say(&app, Some(&siti), Some(&conv), "saya pindah dari Bandung, bisa dibantu?").await;
    assert!(r.get("reply").is_none(), "the assistant keeps quiet while an officer is awaited: {r}");

    // The officers of the agency (the service's) are told, once, and nobody else.
    let told = "SELECT COUNT(DISTINCT o.recipient_id) FROM outbox o JOIN users u ON u.id = o.recipient_id WHERE o.kind = 'assistant_handoff'";
    assert_eq!(count(&app, told).await, 1);
    assert_eq!(count(&app, &format!("{told} AND u.email = 'petugas@dukcapil.id'")).await, 1);
    let rows = "SELECT COUNT(*) FROM outbox WHERE kind = 'assistant_handoff'";
    let before = count(&app, rows).await;
    let r = say(&app, Some(&siti), Some(&conv), "/petugas").await;
    assert_eq!(r["status"], "waiting");
    assert_eq!(count(&app, rows).await, before, "asking again while waiting tells nobody twice");
    // An officer of the agency sees it in the queue and answers; another agency's does not.
    let officer = app.browser("petugas@dukcapil.id", "rahasia-staf-1", None).await;
    let other = app.browser("petugas@dpmptsp.id", "rahasia-staf-1", None).await;
    let queue = officer.get(app.url("/petugas/asisten")).send().await.expect("get").text().await.expect("page");
    assert!(queue.contains(&format!("/petugas/asisten/{conv}")), "{queue}");
    let elsewhere = other.get(app.url("/petugas/asisten")).send().await.expect("get").text().await.expect("page");
    assert!(!elsewhere.contains(&conv));
    assert_eq!(other.get(app.url(&format!("/petugas/asisten/{conv}"))).send().await.expect("get").status().as_u16(), 404);
    let page = officer.get(app.url(&format!("/petugas/asisten/{conv}"))).send().await.expect("get").text().await.expect("page");
    assert!(page.contains("saya pindah dari Bandung"), "the officer reads the conversation");
    let token = csrf(&page);
    let r = officer
        .post(app.url(&format!("/petugas/asisten/{conv}")))
        .form(&[("_csrf", token.as_str()), ("text", "Halo Bu Siti, saya petugas Disdukcapil."), ("action", "reply")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);

    // The citizen reads the officer's reply in the same conversation.
    let (s, list) = app.api(Method::GET, &format!("/api/v1/assistant/conversations/{conv}/messages?after=0"), Some(&siti), None).await;
    assert_eq!(s, 200);
    assert_eq!(list["status"], "live");
    let last = list["messages"].as_array().expect("messages").last().expect("a message").clone();
    assert_eq!((last["author"].as_str(), last["text"].as_str()), (Some("officer"), Some("Halo Bu Siti, saya petugas Disdukcapil.")));
    // The officer follows the conversation through the API too (the staff page polls it).
    let officer_token = app.login("petugas@dukcapil.id", "rahasia-staf-1", None).await;
    let (s, list) = app.api(Method::GET, &format!("/api/v1/assistant/conversations/{conv}/messages?after=0"), Some(&officer_token), None).await;
    assert_eq!(s, 200, "{list}");
    assert!(list["messages"].as_array().is_some_and(|m| m.len() >= 4));
    let other_token = app.login("petugas@dpmptsp.id", "rahasia-staf-1", None).await;
    let (s, _) = app.api(Method::GET, &format!("/api/v1/assistant/conversations/{conv}/messages"), Some(&other_token), None).await;
    assert_eq!(s, 404, "another agency's officer does not");
    // Nobody else does.
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (s, _) = app.api(Method::GET, &format!("/api/v1/assistant/conversations/{conv}/messages"), Some(&budi), None).await;
    assert_eq!(s, 404);

    // Closing hands it back to the assistant.
    let r = officer
        .post(app.url(&format!("/petugas/asisten/{conv}")))
        .form(&[("_csrf", token.as_str()), ("text", ""), ("action", "close")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let r = say(&app, Some(&siti), Some(&conv), "berapa biaya ktp").await;
    assert_eq!(r["status"], "bot");
    assert!(r.get("reply").is_some(), "{r}");
    // Old conversations are deleted after the retention period; this one is not old yet.
    assert_eq!(satupintu::assistant::service::purge(&app.state, satupintu::db::now()).await.expect("purge"), 0);
    // The citizen deletes the conversation.
    let (s, _) = app.api(Method::DELETE, &format!("/api/v1/assistant/conversations/{conv}"), Some(&siti), None).await;
    assert_eq!(s, 204);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_messages").await, 0);
    // Another, older than the retention period, is purged with its messages.
    say(&app, None, None, "halo").await;
    let later = satupintu::db::now() + satupintu::assistant::service::RETENTION_DAYS * 86_400 + 1;
    assert_eq!(satupintu::assistant::service::purge(&app.state, later).await.expect("purge"), 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_messages").await, 0);
    app.stop().await;
}

async fn bad_messages_change_nothing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let mine = say(&app, Some(&siti), None, "halo").await["conversation_id"].as_str().expect("id").to_string();
    let before = count(&app, "SELECT COUNT(*) FROM assistant_messages").await;
    let long = "a".repeat(1001);
    for body in [
        json!({"text": ""}),
        json!({"text": "   "}),
        json!({"text": long}),
        json!({"text": "halo\u{0007}"}),
        json!({"text": 12}),
        json!({}),
        json!({"text": "halo", "extra": true}),
        json!({"text": "halo", "conversation_id": "tidak-ada"}),
    ] {
        let (s, e) = app.api(Method::POST, "/api/v1/assistant/messages", None, Some(body.clone())).await;
        assert!((400..500).contains(&s), "{body}: {s} {e}");
        assert!(e["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    }
    // Someone else's conversation is not found, for a guest and for another citizen.
    let budi = app.citizen(NIK_B, "Budi Santoso", "budi@contoh.id").await;
    for token in [None, Some(budi.as_str())] {
        let (s, _) = app.api(Method::POST, "/api/v1/assistant/messages", token, Some(json!({"text": "halo", "conversation_id": mine}))).await;
        assert_eq!(s, 404);
        let (s, _) = app.api(Method::DELETE, &format!("/api/v1/assistant/conversations/{mine}"), token, None).await;
        assert_eq!(s, 404);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_messages").await, before);
    // The chat page shows the reason in Indonesian and keeps nothing.
    let web = client();
    let page = web.get(app.url("/asisten")).send().await.expect("get").text().await.expect("page");
    let r = web.post(app.url("/asisten")).form(&[("_csrf", csrf(&page).as_str()), ("text", "")]).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.expect("body").contains("Tulis pesan 1 sampai 1.000 karakter"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_messages").await, before);
    app.stop().await;
}

type Seen = Arc<Mutex<Vec<(String, String, Value)>>>;

/// A stand-in for the WhatsApp Cloud API that records what it is sent.
async fn fake_graph() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let keep = seen.clone();
    let router = axum::Router::new().route(
        "/{phone}/messages",
        axum::routing::post(move |axum::extract::Path(phone): axum::extract::Path<String>, headers: axum::http::HeaderMap, axum::Json(body): axum::Json<Value>| {
            let keep = keep.clone();
            async move {
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                keep.lock().expect("lock").push((phone, auth, body));
                axum::Json(json!({"messages": [{"id": "wamid.1"}]}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{addr}"), seen)
}

async fn gateways_answer_only_with_their_secret(b: Backend) {
    let (graph, seen) = fake_graph().await;
    let app = TestApp::spawn_configured(b, |c| {
        c.telegram_webhook_secret = Some("rahasia-telegram".into());
        c.whatsapp_verify_token = Some("verifikasi".into());
        c.whatsapp_app_secret = Some("rahasia-wa".into());
        c.whatsapp_token = Some("token-wa".into());
        c.whatsapp_api_url = graph.clone();
    })
    .await;
    let web = client();
    let update = json!({"update_id": 1, "message": {"message_id": 5, "chat": {"id": 4242, "type": "private"}, "date": 1, "text": "brp biaya skck?"}});
    let url = app.url("/api/v1/assistant/webhooks/telegram");
    let r = web.post(&url).json(&update).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 401, "no secret, no answer");
    let r = web.post(&url).header("x-telegram-bot-api-secret-token", "salah").json(&update).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_messages").await, 0);
    let r = web.post(&url).header("x-telegram-bot-api-secret-token", "rahasia-telegram").json(&update).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 200);
    let call: Value = r.json().await.expect("json");
    assert_eq!((call["method"].as_str(), call["chat_id"].as_i64()), (Some("sendMessage"), Some(4242)), "{call}");
    assert!(call["text"].as_str().is_some_and(|t| t.contains("Rp 30.000")), "{call}");
    assert!(call["reply_markup"]["inline_keyboard"].as_array().is_some_and(|k| !k.is_empty()), "{call}");
    // The same chat continues its conversation.
    let again = json!({"update_id": 2, "message": {"message_id": 6, "chat": {"id": 4242, "type": "private"}, "date": 2, "text": "makasih"}});
    web.post(&url).header("x-telegram-bot-api-secret-token", "rahasia-telegram").json(&again).send().await.expect("post");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_conversations WHERE channel = 'telegram'").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_conversations WHERE external_key LIKE '%4242%'").await, 0, "the chat id is stored hashed");
    // Officers answer on the website only: a gateway chat asking for one is pointed there.
    let ask = json!({"update_id": 3, "callback_query": {"id": "9", "data": "/petugas", "message": {"message_id": 7, "chat": {"id": 4242, "type": "private"}}}});
    let r = web.post(&url).header("x-telegram-bot-api-secret-token", "rahasia-telegram").json(&ask).send().await.expect("post");
    let call: Value = r.json().await.expect("json");
    assert!(call["text"].as_str().is_some_and(|t| t.contains("situs")), "{call}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM assistant_conversations WHERE status <> 'bot'").await, 0);

    // WhatsApp: verification, then a signed message answered through the Cloud API.
    let verify = app.url("/api/v1/assistant/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verifikasi&hub.challenge=12345");
    assert_eq!(web.get(&verify).send().await.expect("get").text().await.expect("body"), "12345");
    let wrong = app.url("/api/v1/assistant/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=salah&hub.challenge=1");
    assert_eq!(web.get(&wrong).send().await.expect("get").status().as_u16(), 403);
    let payload = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "109876"},
        "contacts": [{"profile": {"name": "Siti"}, "wa_id": "6281234567890"}],
        "messages": [{"from": "6281234567890", "id": "wamid.A", "timestamp": "1", "type": "text", "text": {"body": "syarat bikin skck apa aja"}}]}}]}]})
    .to_string();
    let url = app.url("/api/v1/assistant/webhooks/whatsapp");
    let r = web.post(&url).header("x-hub-signature-256", "sha256=00").header("content-type", "application/json").body(payload.clone()).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 401);
    assert!(seen.lock().expect("lock").is_empty());
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"rahasia-wa").expect("key");
    mac.update(payload.as_bytes());
    let signature = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    let r = web.post(&url).header("x-hub-signature-256", signature).header("content-type", "application/json").body(payload).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 200);
    let sent = seen.lock().expect("lock").clone();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (phone, auth, body) = &sent[0];
    assert_eq!((phone.as_str(), auth.as_str()), ("109876", "Bearer token-wa"));
    assert_eq!(body["to"], "6281234567890");
    let text = body["text"]["body"].as_str().or_else(|| body["interactive"]["body"]["text"].as_str()).unwrap_or_default();
    assert!(text.contains("SKCK") || text.contains("Persyaratan"), "{body}");
    app.stop().await;
}

/// A stand-in for an OpenAI-compatible chat endpoint: rewords by prefixing a greeting, or, when
/// told to lie, changes every 3 into 4.
async fn fake_llm(lie: bool) -> String {
    let router = axum::Router::new().route(
        "/v1/chat/completions",
        axum::routing::post(move |axum::Json(body): axum::Json<Value>| async move {
            assert_eq!(body["model"], "uji-model");
            let text = body["messages"][1]["content"].as_str().unwrap_or_default().to_string();
            let content = if lie { text.replace('3', "4") } else { format!("Baik, Kak! {text}") };
            axum::Json(json!({"choices": [{"message": {"role": "assistant", "content": content}}]}))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/v1")
}

async fn a_language_model_may_reword_but_not_change_facts(b: Backend) {
    for (lie, down) in [(false, false), (true, false), (false, true)] {
        let url = if down { "http://127.0.0.1:9/v1".to_string() } else { fake_llm(lie).await };
        let app = TestApp::spawn_configured(b, |c| {
            c.assistant_llm_url = Some(url);
            c.assistant_llm_model = "uji-model".into();
        })
        .await;
        let r = say(&app, None, None, "brp biaya skck?").await;
        assert!(reply(&r).contains("Rp 30.000"), "the fee from the standard, always: {r}");
        assert_eq!(reply(&r).starts_with("Baik, Kak!"), !lie && !down, "{r}");
        app.stop().await;
    }
}
