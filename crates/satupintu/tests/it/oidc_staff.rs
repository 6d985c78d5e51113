//! National sign-in for staff: an admin records a staff member's NIK on `/kelola/petugas`, and
//! national sign-in with that verified NIK (at the real test provider) reaches the staff
//! account, with its role and the staff second-factor rules.

use satupintu::identity::service::totp_now;
use satupintu::identity::Role;
use sqlx::Row as _;

use crate::both;
use crate::common::{client, post_form, Backend, TestApp, NIK_A, NIK_B};
use crate::oidc::{app, links, msg, page, sign_in, user_count, CLIENT_ID};

both!(oidc_staff_nik_recorded_by_an_admin_links_the_staff_account, oidc_staff_admins_keep_their_second_factor);

/// The NIK of the provider's account `petugas` (verified).
const NIK_PETUGAS: &str = "3578015503800004";
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const PASSWORD: &str = "rahasia-staf-1";

/// A server with national sign-in and the example catalogue (its agencies).
async fn staff_app(backend: Backend) -> TestApp {
    let app = app(backend, CLIENT_ID, |_| {}).await;
    satupintu::catalog::service::import(&app.state.db, satupintu::demo::CATALOG, None).await.expect("import demo");
    app.state.catalog.refresh(&app.state.db, true).await.expect("refresh");
    app
}

async fn staff(app: &TestApp, role: Role, agency: Option<&str>, email: &str, name: &str, totp: bool) -> i64 {
    satupintu::identity::service::create_staff(&app.state, role, agency, email, name, PASSWORD, totp.then_some(SECRET))
        .await
        .expect("create staff")
}

/// (sealed NIK as stored, blind index) of an account.
async fn stored_nik(app: &TestApp, id: i64) -> (Option<String>, Option<String>) {
    let r = sqlx::query("SELECT nik, nik_index FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user");
    (r.get(0), r.get(1))
}

async fn role_of(app: &TestApp, id: i64) -> String {
    sqlx::query("SELECT role FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .expect("user")
        .get(0)
}

async fn oidc_staff_nik_recorded_by_an_admin_links_the_staff_account(backend: Backend) {
    let app = staff_app(backend).await;
    staff(&app, Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id", "Admin Dukcapil", true).await;
    let rina = staff(&app, Role::Officer, Some("disdukcapil"), "rina@dukcapil.id", "Rina Petugas", false).await;
    let other = staff(&app, Role::Officer, Some("dinkes"), "petugas@dinkes.id", "Petugas Dinkes", false).await;
    let (s, _) = app
        .post_json(
            "/api/v1/auth/register",
            serde_json::json!({"nik": NIK_A, "full_name": "Warga Satu", "email": "warga@contoh.id", "password": "rahasia-warga-1"}),
        )
        .await;
    assert_eq!(s, 201);
    let admin = app.browser("admin@dukcapil.id", PASSWORD, Some(SECRET)).await;

    // The agency admin's staff page: their agency's staff only, no NIK recorded yet.
    let (s, html) = page(&app, &admin, "/kelola/petugas").await;
    assert_eq!(s, 200);
    assert!(html.contains(&msg("staff-title")) && html.contains("Rina Petugas"), "{html}");
    assert!(!html.contains("Petugas Dinkes"), "another agency's staff are not listed");
    assert!(html.contains(&msg("staff-nik-none")));
    assert!(html.contains("<label class=\"govuk-label govuk-label--s\" for=\"nik\">"), "a labelled NIK field");

    // Bad input: a localized error, nothing changed, never a 500.
    let set = |id: i64, nik: &'static str| {
        let (admin, app, id) = (&admin, &app, id.to_string());
        async move {
            post_form(app, admin, "/kelola/petugas", "/kelola/petugas/nik", &[("staff", id.as_str()), ("nik", nik)])
                .await
        }
    };
    let (s, _, body) = set(rina, "12345").await;
    assert_eq!(s, 422);
    assert!(body.contains(&msg("field-nik-length")), "{body}");
    let (s, _, body) = set(rina, "3578 0155 0380 000A").await;
    assert_eq!(s, 422);
    assert!(body.contains(&msg("field-nik-digits")));
    let (s, _, body) = set(rina, NIK_A).await;
    assert_eq!(s, 422, "a NIK already on a citizen's account");
    assert!(body.contains(&msg("staff-nik-taken")), "{body}");
    let (s, _, body) =
        post_form(&app, &admin, "/kelola/petugas", "/kelola/petugas/nik", &[("staff", ""), ("nik", NIK_PETUGAS)]).await;
    assert_eq!(s, 422);
    assert!(body.contains(&msg("staff-choose")));
    let (s, _, _) = set(other, NIK_PETUGAS).await;
    assert_eq!(s, 404, "another agency's officer is not the agency admin's to change");
    for id in [rina, other] {
        assert_eq!(stored_nik(&app, id).await, (None, None), "nothing changed");
    }

    // Recorded: sealed at rest with its blind index, shown masked.
    let (s, location, _) = set(rina, "3578 0155 0380 0004").await;
    assert_eq!((s, location.as_str()), (303, "/kelola/petugas?nik=disimpan"));
    let (sealed, index) = stored_nik(&app, rina).await;
    assert!(sealed.as_deref().is_some_and(|n| !n.contains(NIK_PETUGAS) && n.starts_with("v1:")), "{sealed:?}");
    assert!(index.is_some());
    let (_, html) = page(&app, &admin, "/kelola/petugas?nik=disimpan").await;
    assert!(html.contains("3578**********04") && html.contains(&msg("staff-nik-saved")));
    assert!(!html.contains(NIK_PETUGAS), "never shown in full");

    // National sign-in with that verified NIK: Rina's officer account, no new account.
    let before = user_count(&app).await;
    let web = client();
    let r = sign_in(&app, &web, "petugas").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/akun", "an officer has no second factor to pass");
    let (s, html) = page(&app, &web, "/akun").await;
    assert_eq!(s, 200);
    assert!(html.contains("Rina Petugas") && html.contains(&msg("role-officer")));
    assert_eq!(user_count(&app).await, before, "linked, not created");
    assert_eq!(links(&app).await.iter().map(|l| l.2).collect::<Vec<_>>(), vec![rina]);
    // With the officer's role checks: the officer's work queue, not the admin's pages.
    assert_eq!(page(&app, &web, "/petugas/laporan").await.0, 200);
    assert_eq!(page(&app, &web, "/kelola/petugas").await.0, 403);
    let r = web
        .post(app.url("/kelola/petugas/nik"))
        .form(&[("_csrf", crate::common::csrf(&html).as_str()), ("staff", &rina.to_string()), ("nik", "")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 403);
    assert!(stored_nik(&app, rina).await.0.is_some());

    // The same NIK saved again (as typed with spaces) keeps the link.
    let (s, _, _) = set(rina, "3578 0155 0380 0004").await;
    assert_eq!(s, 303);
    assert_eq!(links(&app).await.len(), 1, "an unchanged NIK keeps the linked identity");
    // The NIK removed: the linked identity goes with it, and the next national sign-in no
    // longer reaches the officer's account.
    let (s, location, _) = set(rina, "").await;
    assert_eq!((s, location.as_str()), (303, "/kelola/petugas?nik=dihapus"));
    assert_eq!(stored_nik(&app, rina).await, (None, None));
    assert!(links(&app).await.is_empty());
    let web = client();
    assert_eq!(sign_in(&app, &web, "petugas").await.status().as_u16(), 303);
    let l = links(&app).await;
    assert_eq!(l.len(), 1);
    assert_ne!(l[0].2, rina);
    assert_eq!(role_of(&app, l[0].2).await, "citizen");
    app.stop().await;
}

async fn oidc_staff_admins_keep_their_second_factor(backend: Backend) {
    let app = staff_app(backend).await;
    staff(&app, Role::SuperAdmin, None, "utama@satupintu.id", "Admin Utama", true).await;
    let with_totp =
        staff(&app, Role::AgencyAdmin, Some("disdukcapil"), "admin@dukcapil.id", "Admin Dukcapil", true).await;
    let without = staff(&app, Role::AgencyAdmin, Some("dinkes"), "admin@dinkes.id", "Admin Dinkes", false).await;
    let root = app.browser("utama@satupintu.id", PASSWORD, Some(SECRET)).await;
    let (_, html) = page(&app, &root, "/kelola/petugas").await;
    assert!(
        html.contains("Admin Dukcapil") && html.contains("Admin Dinkes"),
        "the platform admin manages every agency"
    );
    for (id, nik) in [(with_totp, NIK_PETUGAS), (without, NIK_B)] {
        let (s, _, body) = post_form(
            &app,
            &root,
            "/kelola/petugas",
            "/kelola/petugas/nik",
            &[("staff", id.to_string().as_str()), ("nik", nik)],
        )
        .await;
        assert_eq!(s, 303, "{body}");
    }

    // An agency admin with TOTP signs in nationally and is still asked for the code.
    let web = client();
    let r = sign_in(&app, &web, "petugas").await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/masuk/2fa");
    assert_ne!(page(&app, &web, "/kelola/petugas").await.0, 200, "not signed in before the code");
    let (_, html) = page(&app, &web, "/masuk/2fa").await;
    let wrong = if totp_now(SECRET).as_deref() == Some("000000") { "111111" } else { "000000" };
    let r = web
        .post(app.url("/masuk/2fa"))
        .form(&[("_csrf", crate::common::csrf(&html).as_str()), ("code", wrong)])
        .send()
        .await
        .expect("post");
    assert_ne!(r.status().as_u16(), 303, "a wrong code does not sign in");
    assert_ne!(page(&app, &web, "/kelola/petugas").await.0, 200);
    let code = totp_now(SECRET).expect("code");
    let r = web
        .post(app.url("/masuk/2fa"))
        .form(&[("_csrf", crate::common::csrf(&html).as_str()), ("code", code.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(r.headers()["location"], "/akun");
    let (s, html) = page(&app, &web, "/kelola/petugas").await;
    assert_eq!(s, 200);
    assert!(html.contains("Admin Dukcapil") && !html.contains("Admin Dinkes"), "their own agency");

    // An agency admin without TOTP yet must set it up before anything else.
    let web = client();
    let r = sign_in(&app, &web, "budi").await;
    assert_eq!(r.headers()["location"], "/masuk/2fa/aktifkan");
    assert_ne!(page(&app, &web, "/kelola/petugas").await.0, 200);
    let l = links(&app).await;
    assert_eq!(l.iter().map(|l| l.2).collect::<std::collections::BTreeSet<_>>(), [with_totp, without].into());
    app.stop().await;
}
