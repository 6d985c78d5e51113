//! E-participation: ideas reach the answer queue at the support threshold and the answer reaches
//! proposer and supporters; one support per person; moderation hides at N reports and staff
//! restore; participatory budgeting votes within the limit only, once, secretly, with a tally
//! anyone can reproduce from the published ballots and that the ledger holds.

use reqwest::Client;
use satupintu::identity::{CurrentUser, Role};
use satupintu::participation::{model, service};
use serde_json::Value;
use sqlx::Row as _;

use crate::both;
use crate::common::{post_form as post, Backend, TestApp, NIK_A, NIK_B, NIK_C};

both!(
    support_threshold_opens_the_answer_queue,
    moderation_hides_at_n_reports_and_staff_restore,
    participatory_budgeting_votes_are_limited_secret_and_reproducible,
    polls_take_one_answer_per_person_and_show_results_after_answering,
    consultations_take_comments_per_clause_while_open,
    the_demo_shows_every_part
);

const NIK_D: &str = "3578045503880002";

async fn user(app: &TestApp, token: &str) -> CurrentUser {
    satupintu::identity::service::current_user(&app.state, token, true).await.expect("user").expect("signed in")
}

async fn citizen(app: &TestApp, nik: &str, name: &str, email: &str) -> (CurrentUser, Client) {
    let token = app.citizen(nik, name, email).await;
    (user(app, &token).await, app.browser(email, "rahasia-warga-1", None).await)
}

async fn page(app: &TestApp, web: &Client, path: &str) -> (u16, String) {
    let r = web.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("body"))
}

async fn support_threshold_opens_the_answer_queue(b: Backend) {
    let app = TestApp::spawn_configured(b, |c| c.participation_support_threshold = Some(2)).await;
    let (siti, siti_web) = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (_, budi_web) = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (_, dewi_web) = citizen(&app, NIK_C, "Dewi Lestari", "dewi@contoh.id").await;

    // A proposal with a mistake is refused with a clear message and nothing is saved.
    let (s, _, html) = post(
        &app,
        &siti_web,
        "/partisipasi/gagasan/baru",
        "/partisipasi/gagasan",
        &[("title", "Taman"), ("body", "pendek"), ("category", "bukan"), ("agency", "disdukcapil")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Terlalu pendek") && html.contains("Pilih kategori"), "localized errors");
    assert!(service::ideas(&app.state, None, "").await.expect("ideas").is_empty());

    let (s, location, _) = post(
        &app,
        &siti_web,
        "/partisipasi/gagasan/baru",
        "/partisipasi/gagasan",
        &[
            ("title", "Trotoar ramah difabel di Jl. Dharmawangsa"),
            ("body", "Trotoar sempit dan berlubang; pengguna kursi roda terpaksa lewat badan jalan."),
            ("category", "infrastruktur"),
            ("agency", "disdukcapil"),
            ("region", "Kelurahan Gubeng"),
        ],
    )
    .await;
    assert_eq!(s, 303, "proposed");
    let id: i64 = location.rsplit('/').next().and_then(|s| s.parse().ok()).expect("idea id");
    let idea_path = format!("/partisipasi/gagasan/{id}");

    // Budi supports once; a second support is refused and the count stays.
    let support = format!("{idea_path}/dukung");
    assert_eq!(post(&app, &budi_web, &idea_path, &support, &[]).await.0, 303);
    assert_eq!(post(&app, &budi_web, &idea_path, &support, &[]).await.0, 409, "double support refused");
    let v = service::idea(&app.state, None, id).await.expect("idea");
    assert_eq!((v.idea.supports, v.idea.status.as_str()), (1, "open"));

    // Staff of the addressed agency see nothing yet.
    let dpupr_token = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let dpupr = user(&app, &dpupr_token).await;
    assert!(service::answer_queue(&app.state, &dpupr).await.expect("queue").is_empty());

    // Withdrawing and supporting again works; the second person brings it to the threshold.
    assert_eq!(post(&app, &budi_web, &idea_path, &format!("{idea_path}/tarik"), &[]).await.0, 303);
    assert_eq!(post(&app, &budi_web, &idea_path, &support, &[]).await.0, 303);
    assert_eq!(post(&app, &dewi_web, &idea_path, &support, &[]).await.0, 303);
    let v = service::idea(&app.state, None, id).await.expect("idea");
    assert_eq!((v.idea.supports, v.idea.status.as_str()), (2, "awaiting_answer"));

    // The addressed agency's staff see it in their queue; another agency's do not and may not answer.
    let queue = service::answer_queue(&app.state, &dpupr).await.expect("queue");
    assert_eq!(queue.iter().map(|i| i.id).collect::<Vec<_>>(), vec![id]);
    let other_token = app.staff(Role::Officer, Some("kelurahan"), "petugas@kelurahan.id").await;
    let other = user(&app, &other_token).await;
    assert!(service::answer_queue(&app.state, &other).await.expect("queue").is_empty());
    assert!(matches!(
        service::answer(&app.state, &other, id, "accepted", "Diterima.").await,
        Err(satupintu::web::AppError::Forbidden)
    ));
    let officer_web = app.browser("petugas@dukcapil.id", "rahasia-staf-1", None).await;
    let (s, queue_html) = page(&app, &officer_web, "/petugas/partisipasi").await;
    assert_eq!(s, 200);
    assert!(queue_html.contains("Trotoar ramah difabel"));

    // An answer without a decision is refused; then the official answer is published.
    let answer_path = format!("/petugas/partisipasi/gagasan/{id}/jawab");
    assert_eq!(post(&app, &officer_web, &idea_path, &answer_path, &[("text", "Diterima.")]).await.0, 422);
    let (s, _, _) = post(
        &app,
        &officer_web,
        &idea_path,
        &answer_path,
        &[("answer", "accepted"), ("text", "Diterima. Pelebaran trotoar masuk rencana kerja tahun depan.")],
    )
    .await;
    assert_eq!(s, 303);
    assert_eq!(
        post(&app, &officer_web, &idea_path, &answer_path, &[("answer", "rejected"), ("text", "Ditolak.")]).await.0,
        409,
        "answered once"
    );

    // The proposer sees the answer; proposer and both supporters are notified; it is followed.
    let (_, html) = page(&app, &siti_web, &idea_path).await;
    assert!(html.contains("Jawaban resmi") && html.contains("Pelebaran trotoar masuk rencana kerja"));
    let notified: Vec<i64> =
        sqlx::query("SELECT DISTINCT recipient_id FROM outbox WHERE kind = 'idea_answered' ORDER BY recipient_id")
            .fetch_all(app.state.db.pool())
            .await
            .expect("outbox")
            .iter()
            .map(|r| r.get::<i64, _>(0))
            .collect();
    assert_eq!(notified.len(), 3, "proposer and two supporters: {notified:?}");
    assert!(notified.contains(&siti.id));
    let items = service::accountability(&app.state).await.expect("items");
    assert_eq!(items.len(), 1);
    let (_, html) = page(&app, &siti_web, "/partisipasi/akuntabilitas").await;
    assert!(html.contains("Trotoar ramah difabel"));
    app.stop().await;
}

async fn moderation_hides_at_n_reports_and_staff_restore(b: Backend) {
    let app = TestApp::spawn(b).await;
    let mut people = vec![];
    for (nik, name, email) in [
        (NIK_A, "Siti Rahayu", "siti@contoh.id"),
        (NIK_B, "Budi Santoso", "budi@contoh.id"),
        (NIK_C, "Citra Dewi", "citra@contoh.id"),
        (NIK_D, "Dewi Lestari", "dewi@contoh.id"),
    ] {
        people.push(citizen(&app, nik, name, email).await);
    }
    let author = &people[0].0;
    let input = service::IdeaInput {
        title: "Bank sampah di setiap RW".into(),
        body: "Sampah plastik menumpuk; bank sampah membuat warga memilah dan menabung.".into(),
        category: "lingkungan".into(),
        ..Default::default()
    };
    let idea = service::propose(&app.state, &people[1].0, &input).await.expect("idea");
    let comment = service::comment(&app.state, author, idea, "against", "Ini iklan terselubung, hubungi 0812...")
        .await
        .expect("comment");
    let idea_path = format!("/partisipasi/gagasan/{idea}");

    // The author cannot report their own comment; a reporter reports once.
    assert!(service::report(&app.state, author, "comment", comment, "spam").await.is_err());
    for (i, (reporter, _)) in people.iter().skip(1).enumerate() {
        let hidden =
            service::report(&app.state, reporter, "comment", comment, "Iklan dan nomor telepon").await.expect("report");
        assert_eq!(hidden, i == 2, "hidden at the third report only");
        if i == 0 {
            assert!(matches!(
                service::report(&app.state, reporter, "comment", comment, "lagi").await,
                Err(satupintu::web::AppError::Conflict { key: "error-part-reported" })
            ));
        }
    }
    // Hidden from everyone but its author (who sees why) and staff.
    let (_, public) = page(&app, &crate::common::client(), &idea_path).await;
    assert!(!public.contains("iklan terselubung"), "hidden from the public");
    let (_, other) = page(&app, &people[3].1, &idea_path).await;
    assert!(!other.contains("iklan terselubung"), "hidden from other citizens");
    let (_, own) = page(&app, &people[0].1, &idea_path).await;
    assert!(own.contains("iklan terselubung") && own.contains("menunggu tinjauan petugas"), "the author sees why");

    // Staff see it in the queue and restore it with a reason; every act is logged.
    let token = app.staff(Role::Supervisor, Some("dinsos"), "moderator@kominfo.id").await;
    let staff_web = app.browser("moderator@kominfo.id", "rahasia-staf-1", None).await;
    let (s, queue) = page(&app, &staff_web, "/petugas/moderasi").await;
    assert_eq!(s, 200);
    assert!(queue.contains("Iklan dan nomor telepon"));
    let to = "/petugas/moderasi";
    let id = comment.to_string();
    assert_eq!(post(&app, &staff_web, to, to, &[("kind", "comment"), ("id", &id), ("action", "restore")]).await.0, 422);
    let (s, _, _) = post(
        &app,
        &staff_web,
        to,
        to,
        &[("kind", "comment"), ("id", &id), ("action", "restore"), ("reason", "Kritik sah, bukan iklan")],
    )
    .await;
    assert_eq!(s, 303);
    let (_, public) = page(&app, &crate::common::client(), &idea_path).await;
    assert!(public.contains("iklan terselubung"), "restored");
    let (_, log) = service::moderation(&app.state).await.expect("log");
    let acts: Vec<(&str, Option<&str>, &str)> =
        log.iter().map(|a| (a.action.as_str(), a.actor.as_deref(), a.reason.as_str())).collect();
    assert_eq!(acts, vec![("restore", Some("Staf Uji"), "Kritik sah, bukan iklan"), ("auto_hide", None, "3")]);
    let (_, queue) = page(&app, &staff_web, "/petugas/moderasi").await;
    assert!(queue.contains("Kritik sah, bukan iklan"), "the log is shown to staff");

    // The idea itself: removed by staff, its author sees the reason, others get 404.
    let staff = user(&app, &token).await;
    service::moderate(&app.state, &staff, "idea", idea, "remove", "Duplikat gagasan lain").await.expect("remove");
    assert_eq!(page(&app, &people[0].1, &idea_path).await.0, 404);
    let (s, html) = page(&app, &people[1].1, &idea_path).await;
    assert_eq!(s, 200);
    assert!(html.contains("Duplikat gagasan lain"));
    app.stop().await;
}

async fn participatory_budgeting_votes_are_limited_secret_and_reproducible(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (siti, siti_web) = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (budi, budi_web) = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let (citra, _) = citizen(&app, NIK_C, "Citra Dewi", "citra@contoh.id").await;
    let admin = CurrentUser::signed_in(siti.id, Role::SuperAdmin, None, "Admin");
    let officer_token = app.staff(Role::Officer, Some("kelurahan"), "petugas@kelurahan.id").await;
    let officer = user(&app, &officer_token).await;
    let input = service::ProcessInput {
        title: "Anggaran Partisipatif Kelurahan Gubeng".into(),
        region: "Kelurahan Gubeng".into(),
        total_budget: "Rp 300.000.000".into(),
        voter_limit: "150.000.000".into(),
        ..Default::default()
    };
    assert!(service::create_process(&app.state, &officer, &input).await.is_err(), "officers do not run processes");
    let pid = service::create_process(&app.state, &admin, &input).await.expect("process");
    let mut ids = vec![];
    for (title, cost) in [
        ("Lampu jalan tenaga surya", "100.000.000"),
        ("Taman bermain RW 03", "80.000.000"),
        ("Alat posyandu lansia", "40.000.000"),
        ("Kolam renang umum", "290.000.000"),
    ] {
        let id = service::propose_project(&app.state, &budi, pid, title, "Uraian kegiatan yang cukup panjang.", cost)
            .await
            .expect("project");
        ids.push(id);
    }
    // Too expensive for the whole budget: refused.
    assert!(service::propose_project(
        &app.state,
        &budi,
        pid,
        "Jembatan layang",
        "Uraian yang cukup panjang.",
        "900.000.000"
    )
    .await
    .is_err());
    service::advance(&app.state, &admin, pid).await.expect("to reviewing");
    for id in &ids[..3] {
        service::review_project(&app.state, &officer, *id, "feasible", "").await.expect("feasible");
    }
    assert!(service::review_project(&app.state, &officer, ids[3], "unfeasible", "").await.is_err(), "reason needed");
    service::review_project(&app.state, &officer, ids[3], "unfeasible", "Lahan sengketa").await.expect("unfeasible");
    service::advance(&app.state, &admin, pid).await.expect("to voting");

    let counts = |app: &TestApp| {
        let pool = app.state.db.pool().clone();
        async move {
            let v: i64 = sqlx::query("SELECT COUNT(*) FROM part_pb_voters").fetch_one(&pool).await.expect("n").get(0);
            let b: i64 = sqlx::query("SELECT COUNT(*) FROM part_pb_ballots").fetch_one(&pool).await.expect("n").get(0);
            (v, b)
        }
    };
    // Over the limit (100 + 80 > 150): a clear error, nothing recorded.
    let process_path = format!("/partisipasi/anggaran/{pid}");
    let vote_path = format!("{process_path}/pilih");
    let (a, b2) = (ids[0].to_string(), ids[1].to_string());
    let (s, _, html) =
        post(&app, &siti_web, &process_path, &vote_path, &[("projects", a.as_str()), ("projects", b2.as_str())]).await;
    assert_eq!(s, 422);
    assert!(html.contains("melebihi batas anggaran per pemilih"), "clear error");
    assert_eq!(counts(&app).await, (0, 0), "nothing changed");
    // An unfeasible project is not on the ballot.
    assert!(service::vote(&app.state, &siti, pid, &[ids[3].to_string()]).await.is_err());
    // Within the limit: accepted, with a receipt.
    let c = ids[2].to_string();
    let (s, _, html) =
        post(&app, &siti_web, &process_path, &vote_path, &[("projects", a.as_str()), ("projects", c.as_str())]).await;
    assert_eq!(s, 200, "vote accepted");
    let marker = "id=\"receipt\">";
    let start = html.find(marker).expect("receipt shown") + marker.len();
    let receipt = html[start..].split('<').next().expect("receipt").to_string();
    assert_eq!(counts(&app).await, (1, 1));
    // A second ballot from the same person is refused (ballots are final).
    // (the process page has no ballot any more: the CSRF token comes from another form)
    let (s, _, _) = post(&app, &siti_web, "/partisipasi/gagasan/baru", &vote_path, &[("projects", c.as_str())]).await;
    assert_eq!(s, 409);
    assert_eq!(counts(&app).await, (1, 1));
    // Staff are not verified voters.
    assert!(matches!(
        service::vote(&app.state, &officer, pid, std::slice::from_ref(&c)).await,
        Err(satupintu::web::AppError::Refused { .. })
    ));
    service::vote(&app.state, &budi, pid, std::slice::from_ref(&b2)).await.expect("budi votes");
    service::vote(&app.state, &citra, pid, std::slice::from_ref(&c)).await.expect("citra votes");

    // Secrecy: another citizen's page shows nothing of Siti's choice or receipt; the tables
    // cannot be joined (the ballot has no voter and no time).
    let (_, other) = page(&app, &budi_web, &process_path).await;
    assert!(!other.contains(&receipt));
    let cols: Vec<String> = match b {
        Backend::Sqlite => sqlx::query("SELECT name FROM pragma_table_info('part_pb_ballots') ORDER BY name")
            .fetch_all(app.state.db.pool())
            .await
            .expect("cols")
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect(),
        Backend::Postgres => sqlx::query(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'part_pb_ballots' ORDER BY 1",
        )
        .fetch_all(app.state.db.pool())
        .await
        .expect("cols")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect(),
    };
    assert_eq!(cols, vec!["process_id", "projects", "receipt_hash"]);
    assert_eq!(page(&app, &budi_web, &format!("{process_path}/hasil")).await.0, 404, "no results while voting");

    // Results: the winners by votes within the budget, the published ballots, and the ledger.
    service::advance(&app.state, &admin, pid).await.expect("to results");
    let r = service::results(&app.state, pid).await.expect("results");
    assert_eq!(r.ballots.len(), 3);
    let recount = model::tally(&r.ballots);
    assert_eq!(recount.get(&ids[2]), Some(&2));
    assert_eq!(recount.get(&ids[0]), Some(&1));
    assert_eq!(r.digest, model::ballots_digest(&r.ballots));
    let view = service::process(&app.state, None, pid).await.expect("process");
    let winners: Vec<i64> = view.projects.iter().filter(|p| p.winner).map(|p| p.id).collect();
    // 2 votes: posyandu (40); 1 vote each: lampu (100) fits (140 <= 300), taman (80) fits (220).
    assert_eq!(winners, vec![ids[2], ids[1], ids[0]]);
    let (s, html) = page(&app, &crate::common::client(), &format!("{process_path}/hasil?tanda={receipt}")).await;
    assert_eq!(s, 200);
    assert!(html.contains("receipt-found"), "the voter's receipt is counted");
    assert!(html.contains(&r.digest));
    assert!(!html.contains("Siti") && !html.contains("Budi"), "no voter names");
    let (_, html) = page(&app, &crate::common::client(), &format!("{process_path}/hasil?tanda=palsu")).await;
    assert!(html.contains("receipt-missing"));

    // The same, machine-readable: anyone can count the published ballots again.
    let (s, api) = app.get_json(&format!("/api/v1/participation/budgets/{pid}/results")).await;
    assert_eq!(s, 200);
    let published: Vec<(String, String)> = api["ballots"]
        .as_array()
        .expect("ballots")
        .iter()
        .map(|b| {
            let ids: Vec<i64> = b["projects"].as_array().expect("ids").iter().filter_map(Value::as_i64).collect();
            (b["receipt_hash"].as_str().expect("hash").to_string(), model::ballot_text(&ids))
        })
        .collect();
    assert_eq!(model::ballots_digest(&published), api["ballots_hash"].as_str().expect("digest"));
    assert_eq!(model::tally(&published), recount);
    assert_eq!(app.get_json(&format!("/api/v1/participation/budgets/{}/results", pid + 1)).await.0, 404);
    app.ledger_settled().await;
    let rows = sqlx::query("SELECT data FROM ledger_entries WHERE data LIKE '%participation.pb_results%'")
        .fetch_all(app.state.db.pool())
        .await
        .expect("ledger");
    assert_eq!(rows.len(), 1);
    let leaf: Value = serde_json::from_str(&rows[0].get::<String, _>(0)).expect("leaf");
    assert_eq!(leaf["data"]["ballots_hash"], r.digest.as_str());
    assert_eq!(leaf["data"]["ballots"], 3);
    for (id, votes) in &recount {
        assert_eq!(leaf["data"]["tally"][id.to_string()], *votes, "tally of #{id}");
    }
    assert_eq!(leaf["data"]["winners"], serde_json::json!(winners));
    // Winning projects are followed on the accountability page.
    assert_eq!(service::accountability(&app.state).await.expect("items").len(), 3);
    app.stop().await;
}

fn day(app: &TestApp, d: i64) -> String {
    let offset = app.state.config.utc_offset_hours().expect("offset");
    (satupintu::calendar::local_date(satupintu::db::now(), offset) + time::Duration::days(d)).to_string()
}

async fn polls_take_one_answer_per_person_and_show_results_after_answering(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (siti, siti_web) = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let (budi, budi_web) = citizen(&app, NIK_B, "Budi Santoso", "budi@contoh.id").await;
    let token = app.staff(Role::Officer, Some("kelurahan"), "petugas@kelurahan.id").await;
    let officer = user(&app, &token).await;
    let input = service::PollInput {
        question: "Sampai jam berapa taman dibuka?".into(),
        options: "Pukul 18.00\nPukul 21.00\nBuka 24 jam".into(),
        closes_on: day(&app, 7),
    };
    let id = service::create_poll(&app.state, &officer, &input).await.expect("poll");
    let options: Vec<i64> =
        service::poll(&app.state, None, id).await.expect("poll").options.iter().map(|o| o.0).collect();
    let path = format!("/partisipasi/jajak/{id}");
    let answer = format!("{path}/jawab");

    // Before answering: no counts.
    let (_, html) = page(&app, &budi_web, &path).await;
    assert!(!html.contains("poll-results"));
    let o1 = options[1].to_string();
    assert_eq!(post(&app, &siti_web, &path, &answer, &[("option", "999")]).await.0, 422, "unknown option");
    assert_eq!(post(&app, &siti_web, &path, &answer, &[("option", o1.as_str())]).await.0, 303);
    let (_, html) = page(&app, &siti_web, &path).await;
    assert!(html.contains("poll-results") && html.contains("poll-answered"), "results after answering");
    // One answer per person: a second one is refused and changes nothing.
    let o0 = options[0].to_string();
    assert!(matches!(
        service::answer_poll(&app.state, &siti, id, &o0).await,
        Err(satupintu::web::AppError::Conflict { key: "error-part-poll-answered" })
    ));
    assert!(service::answer_poll(&app.state, &officer, id, &o0).await.is_err(), "staff are not verified citizens");
    service::answer_poll(&app.state, &budi, id, &o1).await.expect("budi answers");
    let counts: Vec<i64> =
        service::poll(&app.state, Some(&siti), id).await.expect("poll").options.iter().map(|o| o.2).collect();
    assert_eq!(counts, vec![0, 2, 0]);

    // Closing records the counts in the ledger; then nobody may answer and everyone sees results.
    service::close_poll(&app.state, &officer, id).await.expect("close");
    let (_, html) = page(&app, &crate::common::client(), &path).await;
    assert!(html.contains("poll-results"));
    app.ledger_settled().await;
    let rows = sqlx::query("SELECT data FROM ledger_entries WHERE data LIKE '%participation.poll_results%'")
        .fetch_all(app.state.db.pool())
        .await
        .expect("ledger");
    assert_eq!(rows.len(), 1);
    let leaf: Value = serde_json::from_str(&rows[0].get::<String, _>(0)).expect("leaf");
    assert_eq!(leaf["data"]["answers"], 2);
    assert_eq!(leaf["data"]["counts"][options[1].to_string()], 2);
    app.stop().await;
}

async fn consultations_take_comments_per_clause_while_open(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (siti, siti_web) = citizen(&app, NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let token = app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    let officer = user(&app, &token).await;
    let draft = "Menimbang bahwa taman perlu dijaga.\n\nPasal 1\n(1) Setiap RW menyediakan taman.\n(2) Taman terbuka untuk umum.\n\nPasal 2\nBerlaku sejak diundangkan.";
    let input = service::ConsultationInput {
        title: "Rancangan Perwali Ruang Terbuka Hijau".into(),
        opens_on: day(&app, -1),
        closes_on: day(&app, 10),
        draft: draft.into(),
        ..Default::default()
    };
    let id = service::create_consultation(&app.state, &officer, &input).await.expect("consultation");
    let v = service::consultation(&app.state, id).await.expect("view");
    let labels: Vec<&str> = v.paragraphs.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["Bagian 1", "Pasal 1 ayat (1)", "Pasal 1 ayat (2)", "Pasal 2"]);
    let path = format!("/partisipasi/konsultasi/{id}");
    let to = format!("{path}/komentar");
    let clause = v.paragraphs[1].id.to_string();
    let (s, _, _) = post(
        &app,
        &siti_web,
        &path,
        &to,
        &[
            ("paragraph", clause.as_str()),
            ("stance", "against"),
            ("body", "Sepuluh persen terlalu besar untuk RW padat."),
        ],
    )
    .await;
    assert_eq!(s, 303);
    assert_eq!(post(&app, &siti_web, &path, &to, &[("paragraph", clause.as_str()), ("stance", "for")]).await.0, 422);
    let (_, html) = page(&app, &crate::common::client(), &path).await;
    assert!(html.contains("Sepuluh persen terlalu besar"));
    // No response before it closes.
    assert!(service::respond(&app.state, &officer, id, "Ringkasan tanggapan instansi.").await.is_err());

    // A closed consultation takes no comments; then the agency responds.
    let closed = service::ConsultationInput {
        title: "Rancangan Perwali Retribusi Sampah".into(),
        opens_on: day(&app, -20),
        closes_on: day(&app, -1),
        draft: "Pasal 1\nRetribusi sampah dibayar bulanan.".into(),
        ..Default::default()
    };
    let old = service::create_consultation(&app.state, &officer, &closed).await.expect("closed consultation");
    let para = service::consultation(&app.state, old).await.expect("view").paragraphs[0].id.to_string();
    assert!(matches!(
        service::comment_paragraph(&app.state, &siti, old, &para, "for", "Setuju sekali dengan ini.").await,
        Err(satupintu::web::AppError::Conflict { .. })
    ));
    service::respond(&app.state, &officer, old, "Dua puluh pendapat masuk; tarif bulanan dipertahankan.")
        .await
        .expect("respond");
    let (_, html) = page(&app, &crate::common::client(), &format!("/partisipasi/konsultasi/{old}")).await;
    assert!(html.contains("consultation-closed") && html.contains("tarif bulanan dipertahankan"));
    app.stop().await;
}

async fn the_demo_shows_every_part(b: Backend) {
    let app = TestApp::configured(b, |c| {
        c.participation_support_threshold = Some(satupintu::participation::DEMO_SUPPORT_THRESHOLD)
    })
    .await;
    satupintu::demo::load(&app.state).await.expect("demo");
    let ideas = service::ideas(&app.state, None, "").await.expect("ideas");
    let near = ideas.iter().find(|i| i.title.starts_with("Trotoar ramah difabel")).expect("idea near its threshold");
    assert_eq!((near.supports, near.status.as_str()), (satupintu::participation::DEMO_SUPPORT_THRESHOLD - 1, "open"));
    assert!(ideas.iter().any(|i| i.status == "awaiting_answer"));
    assert!(ideas.iter().any(|i| i.answer.as_deref() == Some("accepted")));
    let processes = service::processes(&app.state).await.expect("processes");
    let voting = processes.iter().find(|p| p.phase == model::Phase::Voting).expect("a process in its voting phase");
    let v = service::process(&app.state, None, voting.id).await.expect("process");
    assert_eq!(v.projects.len(), 6, "six feasible projects on the ballot");
    assert!(processes.iter().any(|p| p.phase == model::Phase::Results));
    let c = service::consultations(&app.state).await.expect("consultations");
    assert!(c.iter().any(|c| service::consultation_open(&app.state, c)));
    assert_eq!(service::polls(&app.state).await.expect("polls").len(), 1);
    let items = service::accountability(&app.state).await.expect("items");
    assert!(items.iter().any(|i| i.progress == 40));
    // Every public page of the demo answers.
    for path in [
        "/partisipasi",
        "/partisipasi/gagasan",
        &format!("/partisipasi/gagasan/{}", near.id),
        &format!("/partisipasi/anggaran/{}", voting.id),
        "/partisipasi/akuntabilitas",
        "/partisipasi/konsultasi",
        "/partisipasi/jajak",
    ] {
        assert_eq!(app.get(path).await.status().as_u16(), 200, "{path}");
    }
    app.stop().await;
}
