//! Guides, citizens' rights and display settings (issue 13): the public guides with their
//! plain-language and print versions, the service page's link, the editor with its role checks,
//! the display settings (cookie for visitors, kept per person and applied after signing in on
//! another client), and low-data mode leaving images out.

use reqwest::Client;
use satupintu::identity::Role;

use crate::both;
use crate::common::{client, post_form as post, Backend, TestApp, NIK_A};

both!(
    guides_have_plain_and_print_versions,
    service_page_links_its_guide,
    rights_name_their_legal_basis_and_pages,
    editors_manage_their_agencys_guides,
    display_settings_follow_visitors_and_people,
    low_data_mode_leaves_images_out
);

/// The example catalogue with the demo guides (as `serve --demo` seeds them).
async fn spawn(b: Backend) -> TestApp {
    let app = TestApp::spawn(b).await;
    satupintu::guides::demo::load(&app.state).await.expect("demo guides");
    app
}

const TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

async fn page(app: &TestApp, web: &Client, path: &str) -> (u16, String) {
    let r = web.get(app.url(path)).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// The classes of the page's `<html>` element.
fn html_class(html: &str) -> String {
    let start = html.find("<html").expect("html");
    let tag = &html[start..start + html[start..].find('>').expect("tag end")];
    tag.split("class=\"").nth(1).and_then(|c| c.split('"').next()).unwrap_or_default().to_string()
}

async fn admin(app: &TestApp, agency: Option<&str>, email: &str) -> Client {
    let role = if agency.is_some() { Role::AgencyAdmin } else { Role::SuperAdmin };
    app.staff(role, agency, email).await;
    app.browser(email, "rahasia-staf-1", Some(TOTP)).await
}

async fn guides_have_plain_and_print_versions(b: Backend) {
    let app = spawn(b).await;
    let web = client();
    let (s, list) = page(&app, &web, "/panduan").await;
    assert_eq!(s, 200);
    for title in [
        "Cara membuat KTP-el",
        "Cara mengurus akta kelahiran",
        "Cara melapor jalan rusak",
        "Cara membuat akun dan masuk",
        "Cara mengajukan permohonan daring dan memantau statusnya",
        "Cara antre dan membuat janji temu",
    ] {
        assert!(list.contains(title), "{title} is listed");
    }

    let (s, full) = page(&app, &web, "/panduan/cara-membuat-ktp-el").await;
    assert_eq!(s, 200);
    assert!(full.contains("Langkah 1"), "steps are numbered");
    assert!(full.contains("tercantum di <abbr title=\"Kartu Keluarga\">KK</abbr>"), "KK explained on first use");
    assert!(full.contains("<abbr title=\"Nomor Induk Kependudukan\">NIK</abbr>"), "NIK explained");
    assert_eq!(full.matches("<abbr title=\"Kartu Keluarga\">").count(), 1, "explained once");
    assert!(full.contains("class=\"sp-guide-icon\"") && full.contains("aria-label=\"Gambar kamera\""), "illustrated");
    assert!(full.contains("Petugas Disdukcapil memotret wajah") || full.contains("memotret wajah"));
    assert!(full.contains("href=\"/layanan/ktp-el-baru\""), "links its service");

    let (s, easy) = page(&app, &web, "/panduan/cara-membuat-ktp-el?mudah=1").await;
    assert_eq!(s, 200);
    assert!(easy.contains("sp-guide--easy"), "bigger text");
    assert!(easy.contains("Nama Anda harus ada di situ."), "plain-language text");
    assert!(!easy.contains("Pastikan nama Anda tercantum"), "not the full text");

    let (s, print) = page(&app, &web, "/panduan/cara-membuat-ktp-el/cetak").await;
    assert_eq!(s, 200);
    assert!(!print.contains("govuk-service-navigation") && !print.contains("govuk-footer"), "no navigation");
    assert!(print.contains("class=\"sp-qr\""), "QR code of the online guide");
    assert!(print.contains("/panduan/cara-membuat-ktp-el</p>"), "its address");
    assert!(print.contains("sp-print"));

    let (_, en) = page(&app, &web, "/panduan/cara-mengurus-akta-kelahiran?lang=en").await;
    assert!(en.contains("How to get a birth certificate") && en.contains("Step 1"), "English");

    assert_eq!(page(&app, &web, "/panduan/tidak-ada").await.0, 404);

    let (s, api) = app.get_json("/api/v1/guides").await;
    assert_eq!(s, 200);
    let guides = api["guides"].as_array().expect("guides");
    assert_eq!(guides.len(), 6);
    let (s, one) = app.get_json("/api/v1/guides/cara-mengurus-akta-kelahiran").await;
    assert_eq!(s, 200, "{one}");
    assert_eq!(one["guide"]["service_id"], "akta-kelahiran");
    assert_eq!(one["guide"]["title"]["en"], "How to get a birth certificate");
    let steps = one["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[0]["number"], 1);
    assert_eq!(steps[0]["icon"], "document");
    assert!(!steps[0]["easy"]["id"].as_str().unwrap_or("").is_empty());
    let (s, missing) = app.get_json("/api/v1/guides/tidak-ada").await;
    assert_eq!(s, 404, "{missing}");
    assert!(missing["error"].is_object());
    app.stop().await;
}

async fn service_page_links_its_guide(b: Backend) {
    let app = spawn(b).await;
    let web = client();
    let (_, akta) = page(&app, &web, "/layanan/akta-kelahiran").await;
    assert!(akta.contains("href=\"/panduan/cara-mengurus-akta-kelahiran\""), "the guide is linked");
    assert!(akta.contains("Panduan langkah demi langkah"));
    let (_, kia) = page(&app, &web, "/layanan/kia").await;
    assert!(!kia.contains("href=\"/panduan/"), "no guide for KIA yet");

    // A guide for KIA appears on its (cached) page once written.
    let editor = admin(&app, Some("disdukcapil"), "admin@dukcapil.id").await;
    let (s, loc, body) = post(
        &app,
        &editor,
        "/kelola/panduan",
        "/kelola/panduan",
        &[("slug", "cara-membuat-kia"), ("title_id", "Cara membuat KIA"), ("service", "kia")],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    assert!(loc.starts_with("/kelola/panduan/"));
    let (_, kia) = page(&app, &web, "/layanan/kia").await;
    assert!(kia.contains("href=\"/panduan/cara-membuat-kia\""), "the new guide is linked");
    app.stop().await;
}

async fn rights_name_their_legal_basis_and_pages(b: Backend) {
    let app = spawn(b).await;
    let web = client();
    let (s, html) = page(&app, &web, "/hak-warga").await;
    assert_eq!(s, 200);
    for basis in ["UU 25/2009", "UU 14/2008", "UU 27/2022", "UU 37/2008", "Ombudsman"] {
        assert!(html.contains(basis), "{basis}");
    }
    for href in ["/laporan/baru", "/akun/data-saya", "/akun/akses-data", "/keterbukaan", "/layanan"] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href} is linked");
    }
    // Every link of the page leads somewhere.
    for href in ["/laporan/baru", "/keterbukaan", "/layanan", "/survei-kepuasan", "/data"] {
        let s = web.get(app.url(href)).send().await.expect("get").status().as_u16();
        assert!(s == 200 || s == 303, "{href}: {s}");
    }
    let (_, en) = page(&app, &web, "/hak-warga?lang=en").await;
    assert!(
        en.contains("Citizens' rights") || en.contains("Citizens&#39; rights") || en.contains("Citizens&#x27; rights")
    );
    app.stop().await;
}

fn guide_id(location: &str) -> String {
    location.trim_start_matches("/kelola/panduan/").split(['?', '#', '/']).next().unwrap_or_default().to_string()
}

const STEP_ONE: &[(&str, &str)] = &[
    ("action", "tambah"),
    ("icon", "form"),
    ("heading_id", "Isi formulir KIA"),
    ("body_id", "Isi formulir permohonan KIA di SatuPintu."),
    ("easy_id", "Isi formulir."),
];

async fn editors_manage_their_agencys_guides(b: Backend) {
    let app = spawn(b).await;
    let editor = admin(&app, Some("disdukcapil"), "admin@dukcapil.id").await;
    let other = admin(&app, Some("dpmptsp"), "admin@dpmptsp.id").await;
    let root = admin(&app, None, "root@satupintu.id").await;

    // Bad input: 422 with a message per field.
    let (s, _, body) = post(
        &app,
        &editor,
        "/kelola/panduan",
        "/kelola/panduan",
        &[("slug", "X"), ("title_id", " "), ("service", "zzz")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(
        body.contains("govuk-error-summary") && body.contains("href=\"#slug\"") && body.contains("href=\"#service\"")
    );
    // Another agency's service is refused; so is a slug already taken.
    let (s, _, body) = post(
        &app,
        &editor,
        "/kelola/panduan",
        "/kelola/panduan",
        &[("slug", "panduan-nib"), ("title_id", "NIB"), ("service", "nib")],
    )
    .await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("Pilih layanan instansi Anda"));
    let (s, _, body) = post(
        &app,
        &editor,
        "/kelola/panduan",
        "/kelola/panduan",
        &[("slug", "cara-membuat-ktp-el"), ("title_id", "Lagi"), ("service", "kia")],
    )
    .await;
    assert_eq!(s, 422);
    assert!(body.contains("sudah dipakai"));

    let (s, loc, _) = post(
        &app,
        &editor,
        "/kelola/panduan",
        "/kelola/panduan",
        &[
            ("slug", "cara-membuat-kia"),
            ("title_id", "Cara membuat KIA"),
            ("title_en", "How to get a child ID card"),
            ("service", "kia"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let id = guide_id(&loc);
    let edit = format!("/kelola/panduan/{id}");
    let steps = format!("/kelola/panduan/{id}/langkah");

    // Steps: added, refused without an icon, reordered, changed, removed.
    let (s, _, _) = post(&app, &editor, &edit, &steps, STEP_ONE).await;
    assert_eq!(s, 303);
    let (s, _, body) =
        post(&app, &editor, &edit, &steps, &[("action", "tambah"), ("heading_id", "Tanpa gambar")]).await;
    assert_eq!(s, 422);
    assert!(body.contains("href=\"#icon\"") && body.contains("href=\"#body_id\""));
    let (s, _, _) = post(
        &app,
        &editor,
        &edit,
        &steps,
        &[("action", "tambah"), ("icon", "check"), ("heading_id", "Ambil KIA"), ("body_id", "Ambil KIA di kelurahan.")],
    )
    .await;
    assert_eq!(s, 303);
    let (_, public) = page(&app, &client(), "/panduan/cara-membuat-kia").await;
    assert!(public.find("Isi formulir KIA").expect("first") < public.find("Ambil KIA").expect("second"));

    let v = satupintu::guides::service::guide(&app.state, "cara-membuat-kia").await.expect("guide");
    let first = v.steps[0].id.to_string();
    let second = v.steps[1].id.to_string();
    let (s, _, _) = post(&app, &editor, &edit, &steps, &[("action", "turun"), ("step", &first)]).await;
    assert_eq!(s, 303);
    let (_, public) = page(&app, &client(), "/panduan/cara-membuat-kia").await;
    assert!(public.find("Ambil KIA").expect("now first") < public.find("Isi formulir KIA").expect("now second"));

    let step_page = format!("/kelola/panduan/{id}/langkah/{second}");
    let (s, html) = page(&app, &editor, &step_page).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("value=\"Ambil KIA\"")
            && html.contains("id=\"icon-check\" name=\"icon\" type=\"radio\" value=\"check\" checked")
    );
    let (s, _, _) = post(
        &app,
        &editor,
        &step_page,
        &steps,
        &[
            ("action", "simpan"),
            ("step", &second),
            ("icon", "office"),
            ("heading_id", "Ambil KIA di kantor kelurahan"),
            ("body_id", "Bawa kode permohonan."),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let (s, _, body) = post(
        &app,
        &editor,
        &step_page,
        &steps,
        &[("action", "simpan"), ("step", &second), ("icon", "office"), ("heading_id", "")],
    )
    .await;
    assert_eq!(s, 422, "a refused change shows the step's form again");
    assert!(body.contains("href=\"#heading_id\""));
    let (s, _, _) = post(&app, &editor, &edit, &steps, &[("action", "hapus"), ("step", &first)]).await;
    assert_eq!(s, 303);
    let v = satupintu::guides::service::guide(&app.state, "cara-membuat-kia").await.expect("guide");
    assert_eq!(v.steps.len(), 1);
    assert_eq!(v.steps[0].heading.id, "Ambil KIA di kantor kelurahan");
    assert_eq!(v.steps[0].icon, "office");
    assert_eq!(v.steps[0].position, 1);

    // Role and agency checks on the server.
    assert_eq!(page(&app, &other, &edit).await.0, 403, "another agency's admin");
    let (s, _, _) = post(&app, &other, "/kelola/panduan", &steps, STEP_ONE).await;
    assert_eq!(s, 403);
    let (_, others_list) = page(&app, &other, "/kelola/panduan").await;
    assert!(!others_list.contains("Cara membuat KIA"), "only their agency's guides are listed");
    let account_guide =
        satupintu::guides::service::guide(&app.state, "cara-membuat-akun-dan-masuk").await.expect("guide");
    let platform = format!("/kelola/panduan/{}", account_guide.guide.id);
    assert_eq!(page(&app, &editor, &platform).await.0, 403, "a guide of no agency is the super admin's");
    assert_eq!(page(&app, &root, &platform).await.0, 200);
    assert_eq!(page(&app, &root, &edit).await.0, 200, "the super admin edits every guide");
    let citizen = {
        app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
        app.browser("siti@contoh.id", "rahasia-warga-1", None).await
    };
    assert_eq!(page(&app, &citizen, "/kelola/panduan").await.0, 403);
    let r = client().get(app.url("/kelola/panduan")).send().await.expect("get");
    assert_eq!(r.status().as_u16(), 303, "signed out: to sign-in");

    // Saving the guide itself, then deleting it.
    let (s, loc, _) = post(
        &app,
        &editor,
        &edit,
        &edit,
        &[("slug", "kia-anak"), ("title_id", "Cara membuat Kartu Identitas Anak"), ("service", "kia")],
    )
    .await;
    assert_eq!(s, 303);
    assert!(loc.contains("disimpan=1"));
    assert_eq!(page(&app, &client(), "/panduan/kia-anak").await.0, 200);
    let (s, loc, _) = post(&app, &editor, &edit, &format!("/kelola/panduan/{id}/hapus"), &[]).await;
    assert_eq!((s, loc.as_str()), (303, "/kelola/panduan"));
    assert_eq!(page(&app, &client(), "/panduan/kia-anak").await.0, 404);
    app.stop().await;
}

async fn display_settings_follow_visitors_and_people(b: Backend) {
    let app = spawn(b).await;

    // A visitor: the cookie.
    let visitor = client();
    let (s, html) = page(&app, &visitor, "/tampilan").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("<label class=\"govuk-label govuk-checkboxes__label\" for=\"large_text\">Huruf besar</label>")
    );
    assert!(html.contains("href=\"/tampilan\""), "linked from the footer");
    let (s, _, body) = post(&app, &visitor, "/tampilan", "/tampilan", &[("high_contrast", "ya")]).await;
    assert_eq!(s, 422, "bad input");
    assert!(body.contains("Pilihan tidak dikenal"));
    let token = crate::common::csrf(&page(&app, &visitor, "/tampilan").await.1);
    let r = visitor
        .post(app.url("/tampilan"))
        .form(&[("_csrf", token.as_str()), ("large_text", "1"), ("high_contrast", "1")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(cookie.starts_with("sp_display=text.contrast;"), "{cookie}");
    for path in ["/", "/layanan/akta-kelahiran", "/panduan"] {
        let (_, html) = page(&app, &visitor, path).await;
        assert_eq!(html_class(&html), "govuk-template sp-large-text sp-high-contrast", "{path}");
    }
    assert_eq!(html_class(&page(&app, &client(), "/").await.1), "govuk-template", "others are not affected");

    // A person: kept with the account, applied on another client after signing in.
    app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let phone = app.browser("siti@contoh.id", "rahasia-warga-1", None).await;
    let (_, html) = page(&app, &phone, "/tampilan").await;
    assert!(html.contains("berlaku di setiap perangkat"));
    let (s, _, _) = post(&app, &phone, "/tampilan", "/tampilan", &[("large_text", "1"), ("low_data", "1")]).await;
    assert_eq!(s, 303);
    let laptop = client();
    assert_eq!(html_class(&page(&app, &laptop, "/").await.1), "govuk-template", "before signing in");
    let token = crate::common::csrf(&page(&app, &laptop, "/masuk").await.1);
    let r = laptop
        .post(app.url("/masuk"))
        .form(&[("_csrf", token.as_str()), ("login", "siti@contoh.id"), ("password", "rahasia-warga-1"), ("next", "")])
        .send()
        .await
        .expect("sign in");
    assert_eq!(r.status().as_u16(), 303);
    for path in ["/", "/akun", "/panduan/cara-membuat-ktp-el"] {
        let (_, html) = page(&app, &laptop, path).await;
        assert_eq!(html_class(&html), "govuk-template sp-large-text sp-low-data", "{path}");
    }
    let (_, html) = page(&app, &laptop, "/tampilan").await;
    assert!(html.contains("id=\"large_text\" name=\"large_text\" type=\"checkbox\" value=\"1\" checked"));
    assert!(!html.contains("id=\"high_contrast\" name=\"high_contrast\" type=\"checkbox\" value=\"1\" checked"));
    app.stop().await;
}

async fn low_data_mode_leaves_images_out(b: Backend) {
    let app = spawn(b).await;
    let web = client();
    let (_, html) = page(&app, &web, "/panduan/cara-melapor-jalan-rusak").await;
    assert!(html.contains("<img") && html.contains("sp-guide-icon"), "images by default");
    let (s, _, _) = post(&app, &web, "/tampilan", "/tampilan", &[("low_data", "1")]).await;
    assert_eq!(s, 303);
    for path in ["/", "/panduan/cara-melapor-jalan-rusak", "/laporan"] {
        let (s, html) = page(&app, &web, path).await;
        assert_eq!(s, 200, "{path}");
        assert!(!html.contains("<img"), "{path}: no image");
        assert!(!html.contains("map.js"), "{path}: no map");
    }
    let (_, html) = page(&app, &web, "/panduan/cara-melapor-jalan-rusak").await;
    assert!(!html.contains("sp-guide-icon"), "no illustrations");
    assert!(html.contains("href=\"/panduan/cara-melapor-jalan-rusak?gambar=1\">Tampilkan gambar di halaman ini</a>"));
    let (_, html) = page(&app, &web, "/panduan/cara-melapor-jalan-rusak?gambar=1").await;
    assert!(html.contains("sp-guide-icon") && html.contains("<img"), "shown when asked, for that page");
    assert!(html_class(&html).contains("sp-low-data"));
    let (_, html) = page(&app, &web, "/laporan").await;
    assert!(html.contains("href=\"/laporan?gambar=1\""), "the report map can be asked for");
    app.stop().await;
}
