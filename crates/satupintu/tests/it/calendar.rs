//! The platform admin keeps the non-working days per year, and time limits count around them.

use satupintu::calendar::{local_date, Holidays};
use satupintu::identity::Role;

use crate::applications::{akta_fields, submit_akta};
use crate::both;
use crate::common::{csrf, Backend, TestApp, NIK_A};

both!(admins_keep_holidays_and_time_limits_follow);

async fn admins_keep_holidays_and_time_limits_follow(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.staff(Role::SuperAdmin, None, "super@satupintu.id").await;
    let admin = app.browser("super@satupintu.id", "rahasia-staf-1", Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).await;
    let today = local_date(satupintu::db::now(), 7);
    let next_working_day = Holidays::default().add_working_days(today, 1);

    let page = admin.get(app.url("/kelola/hari-libur")).send().await.expect("get").text().await.expect("page");
    assert!(page.contains(&format!("Hari libur dan cuti bersama {}", today.year())), "this year by default");
    let post = |form: Vec<(&'static str, String)>| {
        let admin = admin.clone();
        let url = app.url("/kelola/hari-libur");
        async move { admin.post(url).form(&form).send().await.expect("post") }
    };
    let token = csrf(&page);

    // Bad input: every field's message, and nothing saved.
    let r =
        post(vec![("_csrf", token.clone()), ("date", "31-02-2026".into()), ("name", " ".into()), ("kind", "x".into())])
            .await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.expect("page");
    assert!(body.contains("date-error") && body.contains("name-error") && body.contains("kind-error"), "{body}");
    let mut tx = app.state.db.read().await.expect("tx");
    assert!(satupintu::calendar::of_year(&mut tx, today.year()).await.expect("list").is_empty());
    tx.commit().await.expect("commit");

    // The next working day becomes a collective leave day.
    let r = post(vec![
        ("_csrf", token.clone()),
        ("date", next_working_day.to_string()),
        ("name", "Cuti bersama uji".into()),
        ("kind", "cuti_bersama".into()),
    ])
    .await;
    assert_eq!(r.status().as_u16(), 303);
    let listed = admin
        .get(app.url(&format!("/kelola/hari-libur?tahun={}", next_working_day.year())))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("page");
    assert!(listed.contains("Cuti bersama uji") && listed.contains(&next_working_day.to_string()));

    // A one-working-day service submitted today is now due a day later.
    let citizen = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let fields = akta_fields(&app, &citizen).await;
    let (s, v) = submit_akta(&app, &citizen, &fields).await;
    assert_eq!(s, 201, "{v}");
    let expected = Holidays::new([next_working_day]).add_working_days(today, 1);
    assert_eq!(v["due_date"], expected.to_string());

    // Removing it; removing it again is a 404; citizens may not touch the calendar.
    let remove = |date: String| {
        let admin = admin.clone();
        let url = app.url("/kelola/hari-libur/hapus");
        let token = token.clone();
        async move { admin.post(url).form(&[("_csrf", token), ("date", date)]).send().await.expect("post") }
    };
    assert_eq!(remove(next_working_day.to_string()).await.status().as_u16(), 303);
    assert_eq!(remove(next_working_day.to_string()).await.status().as_u16(), 404);
    app.stop().await;
}
