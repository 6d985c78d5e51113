//! Guide pages: the list (`/panduan`), a guide in full or in plain language (`?mudah=1`), its
//! printable one-page version (`/cetak`), citizens' rights (`/hak-warga`), the display settings
//! (`/tampilan`, for everyone), and the admins' guide editor (`/kelola/panduan`). Every page works
//! without JavaScript.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{Display, DisplayInput, GuideInput, StepInput};
use super::service::{self, GuideView};
use super::store::{Guide, Step};
use super::{icons, text};
use crate::app::AppState;
use crate::identity::CurrentUser;
use crate::web::auth::{Authorized, RoleSet};
use crate::web::context::{set_cookie, DISPLAY_COOKIE};
use crate::web::routes::Pages;
use crate::web::{
    after_post, render, render_form, safe_next, see_other, AppError, CsrfForm, Ctx, FieldError, FormErrors, Layout, T,
};

/// Those who edit guides: agency admins (their agency's) and platform admins.
pub struct Editors;
impl RoleSet for Editors {
    const ROLES: &'static [crate::identity::Role] = &service::EDITORS;
}

pub fn pages() -> Pages {
    Pages::new()
        .get("/panduan", list_page)
        .get("/panduan/{slug}", guide_page)
        .get("/panduan/{slug}/cetak", print_page)
        .get("/hak-warga", rights_page)
        .get("/tampilan", display_page)
        .post("/tampilan", display_submit)
        .get("/kelola/panduan", admin_list)
        .post("/kelola/panduan", admin_create)
        .get("/kelola/panduan/{id}", admin_edit)
        .post("/kelola/panduan/{id}", admin_update)
        .post("/kelola/panduan/{id}/langkah", admin_step)
        .get("/kelola/panduan/{id}/langkah/{step}", admin_step_page)
        .post("/kelola/panduan/{id}/hapus", admin_delete)
}

// ---------------------------------------------------------------------------------------
// Public pages.

struct GuideRow {
    slug: String,
    title: String,
    summary: String,
    steps: i64,
}

fn guide_row(g: &Guide, steps: i64, t: T<'_>) -> GuideRow {
    GuideRow { slug: g.slug.clone(), title: g.title.get(t.lang).into(), summary: g.summary.get(t.lang).into(), steps }
}

#[derive(Template)]
#[template(path = "guides/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    rows: Vec<GuideRow>,
}

async fn list_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let rows = service::guides(&state).await?.iter().map(|(g, n)| guide_row(g, *n, t)).collect();
    Ok(render(&ListPage { l: Layout::new(&ctx, t.t("guides-title")), rows })?.into_response())
}

/// A step as shown: its heading and text (marked up: abbreviations explained on first use) and
/// its pictogram.
struct StepView {
    number: usize,
    heading: String,
    text: String,
    icon: String,
}

fn step_views(steps: &[Step], easy: bool, t: T<'_>) -> Vec<StepView> {
    let mut seen = vec![];
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let plain = if easy && !s.easy.get(t.lang).is_empty() { s.easy.get(t.lang) } else { s.body.get(t.lang) };
            StepView {
                number: i + 1,
                heading: text::mark_abbreviations(s.heading.get(t.lang), t.lang, &mut seen),
                text: text::mark_abbreviations(plain, t.lang, &mut seen),
                icon: icons::svg(&s.icon, &t.t(&format!("guide-icon-{}", s.icon))),
            }
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GuideQuery {
    mudah: Option<String>,
}

impl GuideQuery {
    fn easy(&self) -> bool {
        self.mudah.as_deref() == Some("1")
    }
}

#[derive(Template)]
#[template(path = "guides/guide.html")]
struct GuidePage<'a> {
    l: Layout<'a>,
    slug: String,
    title: String,
    summary: String,
    easy: bool,
    service: Option<(String, String)>,
    steps: Vec<StepView>,
}

/// The catalogue service a guide points at: (id, name).
async fn service_of(state: &AppState, g: &Guide, t: T<'_>) -> Result<Option<(String, String)>, AppError> {
    let Some(id) = &g.service_id else { return Ok(None) };
    let snap = crate::catalog::service::snapshot(state).await?;
    Ok(snap.service(id).map(|r| (id.clone(), r.service.name.get(t.lang).to_string())))
}

async fn guide_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<GuideQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let GuideView { guide, steps } = service::guide(&state, &slug).await?;
    let easy = q.easy();
    let title = guide.title.get(t.lang).to_string();
    let page = GuidePage {
        l: Layout::new(&ctx, if easy { t.t1("guide-easy-title", "title", &title) } else { title.clone() }),
        slug: guide.slug.clone(),
        title,
        summary: guide.summary.get(t.lang).into(),
        easy,
        service: service_of(&state, &guide, t).await?,
        steps: step_views(&steps, easy, t),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "guides/print.html")]
struct PrintPage<'a> {
    l: Layout<'a>,
    title: String,
    easy: bool,
    steps: Vec<StepView>,
    url: String,
    qr: String,
}

async fn print_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<GuideQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let GuideView { guide, steps } = service::guide(&state, &slug).await?;
    let easy = q.easy();
    let url = format!("{}/panduan/{}{}", state.base_url(), guide.slug, if easy { "?mudah=1" } else { "" });
    let title = guide.title.get(t.lang).to_string();
    let page = PrintPage {
        l: Layout::new(&ctx, title.clone()),
        title,
        easy,
        steps: step_views(&steps, easy, t),
        qr: crate::web::qr::svg(&url, &t.t("guide-qr-label")),
        url,
    };
    Ok(render(&page)?.into_response())
}

/// One right: its message key (the title; `<key>-text` and `<key>-basis` explain it) and where
/// it is exercised.
struct Right {
    key: &'static str,
    links: &'static [(&'static str, &'static str)],
}

/// Citizens' rights and the pages where each is exercised (link texts are message keys).
const RIGHTS: &[Right] = &[
    Right { key: "rights-standard", links: &[("/layanan", "rights-link-services")] },
    Right {
        key: "rights-complaint",
        links: &[("/laporan/baru", "rights-link-report"), ("/laporan/saya", "rights-link-my-reports")],
    },
    Right { key: "rights-compensation", links: &[("/laporan/baru", "rights-link-report")] },
    Right { key: "rights-satisfaction", links: &[("/survei-kepuasan", "rights-link-skm")] },
    Right { key: "rights-information", links: &[("/keterbukaan", "rights-link-open"), ("/data", "rights-link-data")] },
    Right {
        key: "rights-personal-data",
        links: &[("/akun/data-saya", "rights-link-my-data"), ("/akun/akses-data", "rights-link-access-log")],
    },
    Right { key: "rights-ombudsman", links: &[("https://ombudsman.go.id/", "rights-link-ombudsman")] },
];

struct RightView {
    id: &'static str,
    title: String,
    text: String,
    basis: String,
    links: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "guides/rights.html")]
struct RightsPage<'a> {
    l: Layout<'a>,
    rights: Vec<RightView>,
}

async fn rights_page(ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let rights = RIGHTS
        .iter()
        .map(|r| RightView {
            id: r.key.trim_start_matches("rights-"),
            title: t.t(r.key),
            text: t.t(&format!("{}-text", r.key)),
            basis: t.t(&format!("{}-basis", r.key)),
            links: r.links.iter().map(|(href, key)| (*href, t.t(key))).collect(),
        })
        .collect();
    Ok(render(&RightsPage { l: Layout::new(&ctx, t.t("rights-title")), rights })?.into_response())
}

// ---------------------------------------------------------------------------------------
// Display settings.

#[derive(Template)]
#[template(path = "guides/display.html")]
struct DisplayPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    display: Display,
    signed_in: bool,
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DisplayQuery {
    kembali: Option<String>,
    disimpan: Option<String>,
}

async fn display_page(ctx: Ctx, Query(q): Query<DisplayQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let mut l = Layout::new(&ctx, t.t("appearance-title"));
    if q.disimpan.is_some() {
        l.notice = Some(t.t("appearance-saved"));
    }
    let page = DisplayPage {
        l,
        errors: FormErrors::default(),
        display: ctx.display,
        signed_in: viewer(&ctx).is_some(),
        next: safe_next(q.kembali.as_deref(), ""),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DisplayForm {
    #[serde(flatten)]
    input: DisplayInput,
    kembali: Option<String>,
}

fn viewer(ctx: &Ctx) -> Option<&CurrentUser> {
    ctx.user.as_ref().filter(|u| u.is_full())
}

async fn display_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<DisplayForm>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    match service::save_display(&state, viewer(&ctx), &form.input).await {
        Ok(d) => {
            let next = safe_next(form.kembali.as_deref(), "/tampilan?disimpan=1");
            let mut resp = see_other(&next);
            let cookie = set_cookie(DISPLAY_COOKIE, &d.cookie_value(), Some(31_536_000), state.config.cookies_secure());
            resp.headers_mut().append(header::SET_COOKIE, cookie);
            Ok(resp)
        }
        Err(AppError::Validation(errs)) => {
            let page = DisplayPage {
                l: Layout::new(&ctx, t.t("appearance-title")).with_errors(true),
                errors: FormErrors::from_fields(t, &errs),
                display: ctx.display,
                signed_in: viewer(&ctx).is_some(),
                next: safe_next(form.kembali.as_deref(), ""),
            };
            render_form(&page, true)
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// The guide editor.

struct Choice {
    value: String,
    label: String,
}

/// The services an editor may link a guide to.
async fn service_choices(state: &AppState, user: &CurrentUser, t: T<'_>) -> Result<Vec<Choice>, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    Ok(snap
        .services
        .iter()
        .filter(|r| service::may_edit(user, Some(&r.service.agency)))
        .map(|r| Choice { value: r.service.id.clone(), label: r.service.name.get(t.lang).to_string() })
        .collect())
}

fn icon_choices(t: T<'_>) -> Vec<(String, String, String)> {
    icons::ICONS
        .iter()
        .map(|(name, _)| {
            let label = t.t(&format!("guide-icon-{name}"));
            (name.to_string(), icons::svg(name, ""), label)
        })
        .collect()
}

#[derive(Template)]
#[template(path = "guides/admin_list.html")]
struct AdminListPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    rows: Vec<(i64, GuideRow)>,
    form: GuideInput,
    services: Vec<Choice>,
}

async fn admin_list_page(
    state: &AppState,
    auth: &Authorized<Editors>,
    form: GuideInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = service::editable(state, &auth.user).await?.iter().map(|(g, n)| (g.id, guide_row(g, *n, t))).collect();
    let page = AdminListPage {
        l: Layout::new(&auth.ctx, t.t("guides-admin-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        rows,
        form,
        services: service_choices(state, &auth.user, t).await?,
    };
    render_form(&page, !errs.is_empty())
}

async fn admin_list(State(state): State<AppState>, auth: Authorized<Editors>) -> Result<Response, AppError> {
    admin_list_page(&state, &auth, GuideInput::default(), &[]).await
}

async fn admin_create(
    State(state): State<AppState>,
    auth: Authorized<Editors>,
    CsrfForm(form): CsrfForm<GuideInput>,
) -> Result<Response, AppError> {
    let result = service::create(&state, &auth.user, &form).await;
    after_post(
        result,
        |id| format!("/kelola/panduan/{id}"),
        |errs| async move { admin_list_page(&state, &auth, form, &errs).await },
    )
    .await
}

/// An existing step in the editor.
struct StepRow {
    id: i64,
    number: usize,
    heading: String,
    icon: String,
    first: bool,
    last: bool,
}

#[derive(Template)]
#[template(path = "guides/admin_edit.html")]
struct AdminEditPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    id: i64,
    slug: String,
    form: GuideInput,
    services: Vec<Choice>,
    steps: Vec<StepRow>,
    step: StepInput,
    icons: Vec<(String, String, String)>,
}

fn guide_form(g: &Guide) -> GuideInput {
    GuideInput {
        slug: g.slug.clone(),
        title_id: g.title.id.clone(),
        title_en: g.title.en.clone(),
        summary_id: g.summary.id.clone(),
        summary_en: g.summary.en.clone(),
        service: g.service_id.clone().unwrap_or_default(),
    }
}

fn step_form(s: &Step) -> StepInput {
    StepInput {
        icon: s.icon.clone(),
        heading_id: s.heading.id.clone(),
        heading_en: s.heading.en.clone(),
        body_id: s.body.id.clone(),
        body_en: s.body.en.clone(),
        easy_id: s.easy.id.clone(),
        easy_en: s.easy.en.clone(),
    }
}

/// The editor of one guide; `form` and `step` refill the forms after refused input.
async fn admin_edit_page(
    state: &AppState,
    auth: &Authorized<Editors>,
    id: i64,
    form: Option<GuideInput>,
    step: StepInput,
    errs: &[FieldError],
    notice: Option<String>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let v = service::guide_for_edit(state, &auth.user, id).await?;
    let n = v.steps.len();
    let steps = v
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepRow {
            id: s.id,
            number: i + 1,
            heading: s.heading.id.clone(),
            icon: icons::svg(&s.icon, &t.t(&format!("guide-icon-{}", s.icon))),
            first: i == 0,
            last: i + 1 == n,
        })
        .collect();
    let mut l = Layout::new(&auth.ctx, t.t1("guides-edit-title", "title", v.guide.title.get(t.lang)))
        .with_errors(!errs.is_empty());
    l.notice = notice;
    let page = AdminEditPage {
        l,
        errors: FormErrors::from_fields(t, errs),
        id,
        slug: v.guide.slug.clone(),
        form: form.unwrap_or_else(|| guide_form(&v.guide)),
        services: service_choices(state, &auth.user, t).await?,
        steps,
        step,
        icons: icon_choices(t),
    };
    render_form(&page, !errs.is_empty())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EditQuery {
    disimpan: Option<String>,
}

async fn admin_edit(
    State(state): State<AppState>,
    auth: Authorized<Editors>,
    Path(id): Path<String>,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    let notice = q.disimpan.is_some().then(|| auth.ctx.t().t("guides-saved"));
    admin_edit_page(&state, &auth, path_id(&id)?, None, StepInput::default(), &[], notice).await
}

fn path_id(id: &str) -> Result<i64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

async fn admin_update(
    State(state): State<AppState>,
    auth: Authorized<Editors>,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<GuideInput>,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let result = service::update(&state, &auth.user, id, &form).await;
    after_post(
        result,
        |_| format!("/kelola/panduan/{id}?disimpan=1"),
        |errs| async move { admin_edit_page(&state, &auth, id, Some(form), StepInput::default(), &errs, None).await },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StepForm {
    action: String,
    step: String,
    #[serde(flatten)]
    input: StepInput,
}

async fn admin_step(
    State(state): State<AppState>,
    auth: Authorized<Editors>,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<StepForm>,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let step = form.step.trim().parse::<i64>().ok();
    let result = service::step(&state, &auth.user, id, &form.action, step, &form.input).await;
    after_post(
        result,
        |_| format!("/kelola/panduan/{id}?disimpan=1#langkah"),
        |errs| async move {
            match step {
                Some(s) if form.action == "simpan" => step_page(&state, &auth, id, s, Some(form.input), &errs).await,
                _ => admin_edit_page(&state, &auth, id, None, form.input, &errs, None).await,
            }
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "guides/admin_step.html")]
struct StepPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    id: i64,
    step_id: i64,
    number: usize,
    step: StepInput,
    icons: Vec<(String, String, String)>,
}

async fn step_page(
    state: &AppState,
    auth: &Authorized<Editors>,
    id: i64,
    step_id: i64,
    input: Option<StepInput>,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let v = service::guide_for_edit(state, &auth.user, id).await?;
    let (i, s) = v.steps.iter().enumerate().find(|(_, s)| s.id == step_id).ok_or(AppError::NotFound)?;
    let page = StepPage {
        l: Layout::new(&auth.ctx, t.tn("guides-step-edit-title", "number", (i + 1) as i64))
            .with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        id,
        step_id,
        number: i + 1,
        step: input.unwrap_or_else(|| step_form(s)),
        icons: icon_choices(t),
    };
    render_form(&page, !errs.is_empty())
}

async fn admin_step_page(
    State(state): State<AppState>,
    auth: Authorized<Editors>,
    Path((id, step)): Path<(String, String)>,
) -> Result<Response, AppError> {
    step_page(&state, &auth, path_id(&id)?, path_id(&step)?, None, &[]).await
}

async fn admin_delete(
    State(state): State<AppState>,
    auth: Authorized<Editors>,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::delete(&state, &auth.user, path_id(&id)?).await?;
    Ok(see_other("/kelola/panduan"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Empty {}
