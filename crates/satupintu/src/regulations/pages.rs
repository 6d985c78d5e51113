//! Regulation pages: the public list with filters, a regulation as articles with its versions
//! and whether its text matches the ledger, a comparison of two versions, the text download,
//! and the admins' pages to publish a regulation, a new version, or a revocation.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::api::{ListQuery, PER_PAGE};
use super::model::{self, Block, DiffLine, DraftInput, KINDS};
use super::service;
use super::store::{self, Regulation, Version};
use crate::app::AppState;
use crate::catalog::service::{snapshot, Snapshot};
use crate::ledger::Seal;
use crate::web::auth::{Authorized, CatalogAdmins};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_date, render, render_form, ApiPath, ApiQuery, AppError, CsrfForm, Ctx, FieldError, FormErrors,
    Lang, Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/regulasi", list_page)
        .get("/regulasi/{id}", show_page)
        .get("/regulasi/{id}/versi/{n}", version_page)
        .get("/regulasi/{id}/versi/{n}/teks", text_download)
        .get("/regulasi/{id}/perbandingan", compare_page)
        .get("/kelola/regulasi", admin_page)
        .post("/kelola/regulasi", create)
        .get("/kelola/regulasi/{id}", edit_page)
        .post("/kelola/regulasi/{id}/versi", amend)
        .post("/kelola/regulasi/{id}/status", change_status)
}

/// "Peraturan Daerah Nomor 3 Tahun 2024".
fn citation(t: T<'_>, r: &Regulation) -> String {
    format!(
        "{} {}",
        t.t(&format!("reg-kind-{}", r.kind)),
        t.t2("reg-number-year", ("number", &r.number), ("year", r.year))
    )
}

fn agency_name(snap: &Snapshot, lang: Lang, agency: Option<&str>) -> String {
    agency.and_then(|a| snap.agency(a)).map(|a| a.name.get(lang).to_string()).unwrap_or_default()
}

/// A regulation in a list.
struct Row {
    id: String,
    title: String,
    citation: String,
    agency: String,
    status: String,
    revoked: bool,
}

fn row(snap: &Snapshot, t: T<'_>, r: &Regulation) -> Row {
    Row {
        id: r.id.clone(),
        title: r.title.clone(),
        citation: citation(t, r),
        agency: agency_name(snap, t.lang, r.agency_id.as_deref()),
        status: t.t(&format!("reg-status-{}", r.status.replace('_', "-"))),
        revoked: r.status == "revoked",
    }
}

/// A choice in a filter or form select.
struct Choice {
    value: String,
    label: String,
}

fn kind_choices(t: T<'_>) -> Vec<Choice> {
    KINDS.iter().map(|k| Choice { value: k.to_string(), label: t.t(&format!("reg-kind-{k}")) }).collect()
}

fn agency_choices(snap: &Snapshot, lang: Lang) -> Vec<Choice> {
    snap.agencies.iter().map(|a| Choice { value: a.id.clone(), label: a.name.get(lang).to_string() }).collect()
}

#[derive(Template)]
#[template(path = "regulations/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    q: String,
    kind: String,
    year: String,
    agency: String,
    status: String,
    kinds: Vec<Choice>,
    years: Vec<i64>,
    agencies: Vec<Choice>,
    rows: Vec<Row>,
    total: i64,
    prev: Option<String>,
    next: Option<String>,
}

/// The query string of a list page, for the previous/next links.
fn page_link(q: &ListQuery, page: i64) -> String {
    let pairs = [
        ("q", q.q.clone()),
        ("kind", q.kind.clone()),
        ("year", q.year.clone()),
        ("agency", q.agency.clone()),
        ("status", q.status.clone()),
        ("page", page.to_string()),
    ];
    let query = serde_urlencoded::to_string(pairs.iter().filter(|(_, v)| !v.is_empty()).collect::<Vec<_>>())
        .unwrap_or_default();
    format!("/regulasi?{query}")
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let (filter, page) = q.filter()?;
    let mut conn = state.db.conn().await?;
    let (items, total) = store::list(&mut conn, &filter, PER_PAGE, (page - 1) * PER_PAGE).await?;
    let years = store::years(&mut conn).await?;
    let snap = snapshot(&state).await?;
    let page_view = ListPage {
        l: Layout::new(&ctx, t.t("reg-title")),
        kinds: kind_choices(t),
        years,
        agencies: agency_choices(&snap, t.lang),
        rows: items.iter().map(|r| row(&snap, t, r)).collect(),
        total,
        prev: (page > 1).then(|| page_link(&q, page - 1)),
        next: (page * PER_PAGE < total).then(|| page_link(&q, page + 1)),
        year: q.year,
        q: q.q,
        kind: q.kind,
        agency: q.agency,
        status: q.status,
    };
    Ok(render(&page_view)?.into_response())
}

/// A version in the history table.
struct HistoryRow {
    version: i64,
    enacted: String,
    effective: String,
    note: String,
}

/// The ledger check of the text shown, for people.
struct SealView {
    ok: bool,
    text: String,
    link: String,
}

fn seal_view(t: T<'_>, id: &str, version: i64, seal: Seal) -> SealView {
    let link = format!("/buku-besar?kode={}", model::ledger_ref(id, version));
    match seal {
        Seal::Matches { index, verified: true } => {
            SealView { ok: true, text: t.t1("reg-seal-ok", "index", index), link }
        }
        Seal::Matches { index, verified: false } => {
            SealView { ok: true, text: t.t1("reg-seal-unproven", "index", index), link }
        }
        Seal::Differs { index } => SealView { ok: false, text: t.t1("reg-seal-differs", "index", index), link },
        Seal::Pending => SealView { ok: true, text: t.t("reg-seal-pending"), link },
    }
}

#[derive(Template)]
#[template(path = "regulations/show.html")]
struct ShowPage<'a> {
    l: Layout<'a>,
    id: String,
    citation: String,
    agency: String,
    subject: String,
    status: String,
    status_note: String,
    revoked: bool,
    version: i64,
    current_version: i64,
    enacted: String,
    effective: String,
    note: String,
    blocks: Vec<Block>,
    seal: SealView,
    history: Vec<HistoryRow>,
    can_edit: bool,
}

async fn show(state: &AppState, ctx: &Ctx, id: &str, n: Option<i64>) -> Result<Response, AppError> {
    let t = ctx.t();
    let (reg, v) = service::read(state, id, n).await?;
    let seal = service::seal(state, id, &v).await?;
    let history = store::versions(&mut *state.db.conn().await?, id).await?;
    let can_edit = ctx.user.as_ref().is_some_and(|u| u.is_full() && service::may_edit(u, reg.agency_id.as_deref()));
    let page = ShowPage {
        l: Layout::new(ctx, reg.title.clone()),
        id: reg.id.clone(),
        citation: citation(t, &reg),
        agency: agency_name(&*snapshot(state).await?, t.lang, reg.agency_id.as_deref()),
        subject: reg.subject.clone(),
        status: t.t(&format!("reg-status-{}", reg.status.replace('_', "-"))),
        status_note: reg.status_note.clone(),
        revoked: reg.status == "revoked",
        version: v.version,
        current_version: reg.current_version,
        enacted: date_text(&v.enacted_on, t.lang),
        effective: date_text(&v.effective_on, t.lang),
        note: v.note.clone(),
        blocks: model::blocks(&v.body),
        seal: seal_view(t, id, v.version, seal),
        history: history.iter().map(|h| history_row(h, t.lang)).collect(),
        can_edit,
    };
    Ok(render(&page)?.into_response())
}

fn date_text(iso: &str, lang: Lang) -> String {
    crate::calendar::parse_date(iso).map(|d| fmt_date(d, lang)).unwrap_or_else(|| iso.to_string())
}

fn history_row(v: &Version, lang: Lang) -> HistoryRow {
    HistoryRow {
        version: v.version,
        enacted: date_text(&v.enacted_on, lang),
        effective: date_text(&v.effective_on, lang),
        note: v.note.clone(),
    }
}

async fn show_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    show(&state, &ctx, &id, None).await
}

async fn version_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, n)): ApiPath<(String, i64)>,
) -> Result<Response, AppError> {
    show(&state, &ctx, &id, Some(n)).await
}

/// The text of a version as a plain-text file (with its citation and dates first).
async fn text_download(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, n)): ApiPath<(String, i64)>,
) -> Result<Response, AppError> {
    let (reg, v) = service::read(&state, &id, Some(n)).await?;
    let body = format!(
        "{}\n{}\nVersi/Version {} · {} · {}\n\n{}\n",
        reg.title,
        citation(ctx.t(), &reg),
        v.version,
        v.enacted_on,
        v.effective_on,
        v.body
    );
    Ok(crate::web::attachment("text/plain; charset=utf-8", &format!("{}-v{}.txt", reg.id, v.version), body))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CompareQuery {
    dari: String,
    ke: String,
}

#[derive(Template)]
#[template(path = "regulations/compare.html")]
struct ComparePage<'a> {
    l: Layout<'a>,
    id: String,
    title: String,
    from: i64,
    to: i64,
    versions: Vec<i64>,
    lines: Vec<DiffLine>,
}

async fn compare_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<CompareQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let (reg, _) = service::read(&state, &id, None).await?;
    let version = |s: &str| s.trim().parse::<i64>().map_err(|_| AppError::bad_request("error-query"));
    let to = if q.ke.trim().is_empty() { reg.current_version } else { version(&q.ke)? };
    let from = if q.dari.trim().is_empty() { to - 1 } else { version(&q.dari)? };
    let (_, old) = service::read(&state, &id, Some(from)).await?;
    let (_, new) = service::read(&state, &id, Some(to)).await?;
    let page = ComparePage {
        l: Layout::new(&ctx, t.t1("reg-compare-title", "title", &reg.title)),
        versions: (1..=reg.current_version).rev().collect(),
        lines: model::diff(&old.body, &new.body, 2),
        id: reg.id,
        title: reg.title,
        from,
        to,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "regulations/admin.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    rows: Vec<Row>,
    form: DraftInput,
    kinds: Vec<Choice>,
    agencies: Vec<Choice>,
}

async fn admin_view(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    form: DraftInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let (all, _) = store::list(&mut *state.db.conn().await?, &store::Filter::default(), 500, 0).await?;
    let snap = snapshot(state).await?;
    let rows = all
        .iter()
        .filter(|r| service::may_edit(&auth.user, r.agency_id.as_deref()))
        .map(|r| row(&snap, t, r))
        .collect();
    let agencies =
        agency_choices(&snap, t.lang).into_iter().filter(|c| service::may_edit(&auth.user, Some(&c.value))).collect();
    let page = AdminPage {
        l: Layout::new(&auth.ctx, t.t("reg-admin-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        rows,
        form,
        kinds: kind_choices(t),
        agencies,
    };
    render_form(&page, !errs.is_empty())
}

async fn admin_page(State(state): State<AppState>, auth: Authorized<CatalogAdmins>) -> Result<Response, AppError> {
    let form = DraftInput { agency_id: auth.user.agency_id.clone().unwrap_or_default(), ..Default::default() };
    admin_view(&state, &auth, form, &[]).await
}

async fn create(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    CsrfForm(form): CsrfForm<DraftInput>,
) -> Result<Response, AppError> {
    let result = service::create(&state, &auth.user, &form).await;
    after_post(
        result,
        |id| format!("/regulasi/{id}"),
        |errs| async move { admin_view(&state, &auth, form, &errs).await },
    )
    .await
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct StatusForm {
    status: String,
    status_note: String,
}

#[derive(Template)]
#[template(path = "regulations/edit.html")]
struct EditPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    id: String,
    citation: String,
    revoked: bool,
    form: DraftInput,
    status: StatusForm,
}

async fn edit_view(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    id: &str,
    form: Option<DraftInput>,
    status: Option<StatusForm>,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let (reg, v) = service::read(state, id, None).await?;
    if !service::may_edit(&auth.user, reg.agency_id.as_deref()) {
        return Err(AppError::Forbidden);
    }
    let form = form.unwrap_or_else(|| DraftInput {
        title: reg.title.clone(),
        subject: reg.subject.clone(),
        enacted_on: v.enacted_on.clone(),
        effective_on: v.effective_on.clone(),
        body: v.body.clone(),
        ..Default::default()
    });
    let page = EditPage {
        l: Layout::new(&auth.ctx, t.t1("reg-edit-title", "title", &reg.title)).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        citation: citation(t, &reg),
        revoked: reg.status == "revoked",
        status: status.unwrap_or(StatusForm { status: reg.status.clone(), status_note: reg.status_note.clone() }),
        id: reg.id,
        form,
    };
    render_form(&page, !errs.is_empty())
}

async fn edit_page(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    edit_view(&state, &auth, &id, None, None, &[]).await
}

async fn amend(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(form): CsrfForm<DraftInput>,
) -> Result<Response, AppError> {
    let result = service::add_version(&state, &auth.user, &id, &form).await;
    let id = id.as_str();
    after_post(
        result,
        |n| format!("/regulasi/{id}/versi/{n}"),
        |errs| async move { edit_view(&state, &auth, id, Some(form), None, &errs).await },
    )
    .await
}

async fn change_status(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let result = service::set_status(&state, &auth.user, &id, &form.status, &form.status_note).await;
    let id = id.as_str();
    after_post(
        result,
        |()| format!("/regulasi/{id}"),
        |errs| async move { edit_view(&state, &auth, id, None, Some(form), &errs).await },
    )
    .await
}
