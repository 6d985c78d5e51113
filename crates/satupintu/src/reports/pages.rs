//! Report pages: the public map and list, a report's page with its history, the reporting
//! form (region pickers and plain coordinates without JavaScript, a map pin with it), the
//! citizen's own reports, area statistics and Atom feed; the staff inbox, actions,
//! moderation and response templates. Every page works without JavaScript.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::model::{Category, Privacy};
use super::moderation::{self, Moderation};
use super::service::{self, ActionInput, NewReport, ReportView, Similar};
use super::store::{Filter, Report};
use crate::app::AppState;
use crate::web::auth::{Authorized, CaseWorkers, Citizens, SignedIn};
use crate::web::context::RequestCtx;
use crate::web::error::action_form_error;
use crate::web::routes::Pages;
use crate::web::{
    fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, Ctx, FieldError, FormErrors, Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/laporan", list_page)
        .get("/laporan/baru", new_form)
        .post("/laporan/baru", new_submit)
        .get("/laporan/periksa", check_inbox)
        .get("/laporan/konfirmasi/{token}", confirm_page)
        .post("/laporan/konfirmasi/{token}", confirm_submit)
        .get("/laporan/peringatan", alert_new)
        .post("/laporan/peringatan", alert_subscribe)
        .get("/laporan/peringatan/{token}", alert_page)
        .post("/laporan/peringatan/{token}", alert_action)
        .get("/laporan/saya", my_reports)
        .get("/laporan/statistik", stats_page)
        .get("/laporan/umpan.atom", feed)
        .get("/laporan/{code}", report_page)
        .post("/laporan/{code}/aksi", action)
        .post("/laporan/{code}/dukung", support)
        .post("/laporan/{code}/nilai", rate)
        .post("/laporan/{code}/moderasi", moderate)
        .get("/petugas/laporan", inbox_page)
        .get("/petugas/laporan/templat", templates_page)
        .post("/petugas/laporan/templat", template_add)
        .post("/petugas/laporan/templat/{id}/hapus", template_delete)
}

pub(crate) fn category_label(t: T<'_>, key: &str) -> String {
    Category::parse(key).map(|c| t.t(&c.message_key())).unwrap_or_else(|| key.to_string())
}

pub(crate) fn status_label(t: T<'_>, status: &str) -> String {
    t.t(&format!("report-status-{}", status.replace('_', "-")))
}

pub(crate) fn categories(t: T<'_>) -> Vec<(String, String)> {
    Category::ALL.iter().map(|c| (c.as_str().to_string(), t.t(&c.message_key()))).collect()
}

const STATUSES: [&str; 8] =
    ["received", "verified", "dispatched", "in_progress", "resolved", "closed", "rejected", "duplicate"];

fn statuses(t: T<'_>) -> Vec<(String, String)> {
    STATUSES.iter().map(|s| (s.to_string(), status_label(t, s))).collect()
}

/// Region pickers: the provinces, and the regencies and districts under what is chosen.
struct Pickers {
    /// The wording of the empty choice: "all" in a filter, "choose" on the reporting form.
    blank: &'static str,
    prov: String,
    kab: String,
    kec: String,
    provinces: Vec<(String, String)>,
    regencies: Vec<(String, String)>,
    districts: Vec<(String, String)>,
}

impl Pickers {
    fn new(prov: &str, kab: &str, kec: &str) -> Pickers {
        let w = crate::wilayah::data();
        let list = |regions: &[crate::wilayah::Region], parent: &str| -> Vec<(String, String)> {
            if parent.is_empty() {
                return vec![];
            }
            regions
                .iter()
                .filter(|r| r.parent == Some(parent))
                .map(|r| (r.code.to_string(), r.name.to_string()))
                .collect()
        };
        let prov = Some(prov).filter(|p| crate::wilayah::province_exists(p)).unwrap_or_default().to_string();
        let kab = Some(kab).filter(|k| k.len() == 4 && k.starts_with(&prov) && !prov.is_empty()).unwrap_or_default();
        let kab = Some(kab).filter(|k| crate::wilayah::get(k).is_some()).unwrap_or_default().to_string();
        let kec = Some(kec).filter(|k| k.len() == 6 && k.starts_with(&kab) && !kab.is_empty()).unwrap_or_default();
        let kec = Some(kec).filter(|k| crate::wilayah::get(k).is_some()).unwrap_or_default().to_string();
        Pickers {
            blank: "filter-all",
            provinces: w.provinces.iter().map(|r| (r.code.to_string(), r.name.to_string())).collect(),
            regencies: list(&w.regencies, &prov),
            districts: list(&w.districts, &kab),
            prov,
            kab,
            kec,
        }
    }

    /// Pickers on a form, where the empty choice means "not chosen yet".
    fn for_choosing(self) -> Pickers {
        Pickers { blank: "region-choose", ..self }
    }

    /// The smallest region chosen.
    fn code(&self) -> &str {
        [&self.kec, &self.kab, &self.prov].into_iter().find(|c| !c.is_empty()).map(String::as_str).unwrap_or("")
    }
}

// ---------------------------------------------------------------------------------------
// The public list and map.

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    category: String,
    status: String,
    prov: String,
    kab: String,
    /// From and to dates (`YYYY-MM-DD`, local).
    from: String,
    to: String,
}

struct Row {
    code: String,
    category: String,
    status: String,
    status_key: String,
    date: String,
    place: String,
    supporters: i64,
    lat: Option<f64>,
    lon: Option<f64>,
}

fn rows(t: T<'_>, list: &[Report]) -> Vec<Row> {
    list.iter()
        .map(|r| Row {
            code: r.code.clone(),
            category: category_label(t, &r.category),
            status: status_label(t, &r.status),
            status_key: r.status.clone(),
            date: fmt_datetime(r.created_at, t.lang),
            place: r
                .address
                .clone()
                .filter(|a| !a.is_empty())
                .unwrap_or_else(|| crate::wilayah::full_name(r.region_code.as_deref())),
            supporters: r.supporters,
            lat: r.lat,
            lon: r.lon,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "reports/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    /// The map tile URL template, when the deployment has one.
    tiles: Option<String>,
    q: ListQuery,
    p: Pickers,
    categories: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
    rows: Vec<Row>,
    errors: FormErrors,
    feed_url: String,
}

/// The start of a local date (`YYYY-MM-DD`) as unix seconds, and of the day after.
fn day_bounds(date: &str, offset_hours: i64) -> Option<(i64, i64)> {
    let d = crate::calendar::parse_date(date)?;
    let start = d.midnight().assume_utc().unix_timestamp() - offset_hours * 3600;
    Some((start, start + 86_400))
}

async fn list_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let offset = i64::from(state.config.utc_offset_hours().unwrap_or(7));
    let mut errs = vec![];
    let mut date = |field: &'static str, text: &str, end: bool| -> Option<i64> {
        if text.is_empty() {
            return None;
        }
        let b = day_bounds(text, offset);
        if b.is_none() {
            errs.push(FieldError::new(field, "field-date"));
        }
        b.map(|(s, e)| if end { e - 1 } else { s })
    };
    let since = date("from", &q.from, false);
    let until = date("to", &q.to, true);
    let p = Pickers::new(&q.prov, &q.kab, "");
    let filter = Filter {
        bbox: None,
        category: Some(q.category.clone()).filter(|c| Category::parse(c).is_some()),
        status: Some(q.status.clone()).filter(|s| STATUSES.contains(&s.as_str())),
        region: Some(p.code().to_string()).filter(|r| !r.is_empty()),
        since,
        until,
        limit: 100,
    };
    let list = match errs.is_empty() {
        true => super::store::public_list(&mut *state.db.conn().await?, &filter).await?,
        false => vec![],
    };
    let feed_url = format!(
        "/laporan/umpan.atom?region={}&category={}",
        filter.region.as_deref().unwrap_or_default(),
        filter.category.as_deref().unwrap_or_default()
    );
    let page = ListPage {
        tiles: state.config.map_tiles.clone(),
        l: Layout::new(&ctx, t.t("reports-title")).with_errors(!errs.is_empty()),
        rows: rows(t, &list),
        categories: categories(t),
        statuses: statuses(t),
        errors: FormErrors::from_fields(t, &errs),
        feed_url,
        p,
        q,
    };
    render_form(&page, !errs.is_empty())
}

// ---------------------------------------------------------------------------------------
// The reporting form.

#[derive(Deserialize, Default)]
#[serde(default)]
struct PlaceQuery {
    prov: String,
    kab: String,
    kec: String,
    lat: String,
    lon: String,
    /// `asisten`: prefill from the report drafted in this browser's assistant conversation.
    draf: String,
}

/// What the citizen typed, to show again.
#[derive(Default)]
struct Typed {
    category: String,
    description: String,
    lat: String,
    lon: String,
    address: String,
    privacy: String,
    photo_ids: Vec<String>,
    /// Without an account: who sends it, and how to reach them.
    guest: bool,
    name: String,
    email: String,
    phone: String,
}

/// Who is at the reporting form: a citizen, or (signed out) someone reporting without an
/// account. Staff report as citizens, from a citizen account: they are refused before the
/// form's body is read.
struct Reporter {
    user: Option<crate::identity::CurrentUser>,
    ctx: Ctx,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Reporter {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        let user = match ctx.user.as_ref().filter(|u| u.is_full()) {
            None => None,
            Some(u) if u.role == crate::identity::Role::Citizen => Some(u.clone()),
            Some(_) => return Err(AppError::Forbidden),
        };
        Ok(Reporter { user, ctx })
    }
}

#[derive(Template)]
#[template(path = "reports/form.html")]
struct FormPage<'a> {
    l: Layout<'a>,
    /// The map tile URL template, when the deployment has one.
    tiles: Option<String>,
    p: Pickers,
    v: Typed,
    categories: Vec<(String, String)>,
    privacies: Vec<(String, String, String)>,
    errors: FormErrors,
    similar: Vec<Similar>,
    max_photos: usize,
}

fn form_page(
    state: &AppState,
    ctx: &RequestCtx,
    p: Pickers,
    v: Typed,
    errs: &[FieldError],
    similar: Vec<Similar>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let privacies = [Privacy::Public, Privacy::Anonymous, Privacy::Confidential]
        .iter()
        .map(|p| {
            let key = p.message_key();
            (p.as_str().to_string(), t.t(&format!("{key}-label")), t.t(&key))
        })
        .collect();
    let p = p.for_choosing();
    let page = FormPage {
        tiles: state.config.map_tiles.clone(),
        l: Layout::new(ctx, t.t("report-new-title")).with_errors(!errs.is_empty()),
        categories: categories(t),
        privacies,
        errors: FormErrors::from_fields(t, errs),
        max_photos: service::MAX_PHOTOS,
        p,
        v,
        similar,
    };
    render_form(&page, !errs.is_empty())
}

async fn new_form(
    State(state): State<AppState>,
    Reporter { user, ctx }: Reporter,
    headers: axum::http::HeaderMap,
    Query(q): Query<PlaceQuery>,
) -> Result<Response, AppError> {
    let guest = user.is_none();
    let p = Pickers::new(&q.prov, &q.kab, &q.kec);
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite()).map(|x| x.to_string());
    let mut v = Typed {
        lat: number(&q.lat).unwrap_or_default(),
        lon: number(&q.lon).unwrap_or_default(),
        guest,
        ..Typed::default()
    };
    if q.draf == "asisten" {
        if let Some(d) = crate::assistant::pages::report_draft(&state, &ctx, &headers).await? {
            v.category = d.category;
            v.description = d.description;
            v.address = d.address.unwrap_or_default();
            if let (Some(lat), Some(lon)) = (d.lat, d.lon) {
                (v.lat, v.lon) = (lat.to_string(), lon.to_string());
            }
        }
    }
    form_page(&state, &ctx, p, v, &[], vec![])
}

fn text(values: &Map<String, Value>, name: &str) -> String {
    match values.get(name) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Array(list)) => list.first().and_then(Value::as_str).unwrap_or_default().trim().to_string(),
        _ => String::new(),
    }
}

fn texts(values: &Map<String, Value>, name: &str) -> Vec<String> {
    match values.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Some(Value::Array(list)) => {
            list.iter().filter_map(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string).collect()
        }
        _ => vec![],
    }
}

/// A coordinate field: empty is none; anything else must be a number.
fn coordinate(v: &str, field: &'static str, errs: &mut Vec<FieldError>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let n = v.replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite());
    if n.is_none() {
        errs.push(FieldError::new(field, "field-location"));
    }
    n
}

/// A guest's photos: the files of this form, cleaned and in the blob store (never ids typed
/// into the form, which could name anyone's file).
fn guest_photos(values: &Map<String, Value>) -> Vec<super::store::Photo> {
    let one = |v: &Value| serde_json::from_value::<super::store::Photo>(v.clone()).ok();
    match values.get("photos") {
        Some(Value::Array(list)) => list.iter().filter_map(one).collect(),
        Some(v @ Value::Object(_)) => one(v).into_iter().collect(),
        _ => vec![],
    }
}

async fn new_submit(
    State(state): State<AppState>,
    Reporter { user, ctx }: Reporter,
    mp: Multipart,
) -> Result<Response, AppError> {
    let guest = user.is_none();
    let form = crate::uploads::form::read(&state, user.as_ref().map(|u| u.id), &ctx.csrf, mp).await;
    let (values, controls) = match form {
        Ok(f) => (f.values, f.controls),
        Err(AppError::Validation(errs)) => {
            let v = Typed { guest, ..Typed::default() };
            return form_page(&state, &ctx, Pickers::new("", "", ""), v, &errs, vec![]);
        }
        Err(e) => return Err(e),
    };
    let region = text(&values, "region_code");
    let p = Pickers::new(region.get(..2).unwrap_or(""), region.get(..4).unwrap_or(""), region.get(..6).unwrap_or(""));
    let photo_ids = match guest {
        false => [texts(&values, "photo_ids"), texts(&values, "photos")].concat(),
        true => vec![],
    };
    let v = Typed {
        category: text(&values, "category"),
        description: text(&values, "description"),
        lat: text(&values, "lat"),
        lon: text(&values, "lon"),
        address: text(&values, "address"),
        privacy: text(&values, "privacy"),
        photo_ids,
        guest,
        name: text(&values, "name"),
        email: text(&values, "email"),
        phone: text(&values, "phone"),
    };
    let mut errs = vec![];
    // Who may see it is chosen on purpose: no choice is made for the citizen.
    if v.privacy.is_empty() {
        errs.push(FieldError::new("privacy", "field-privacy-choose"));
    }
    let lat = coordinate(&v.lat, "lat", &mut errs);
    let lon = coordinate(&v.lon, "lon", &mut errs);
    if lat.is_some() != lon.is_some() && errs.is_empty() {
        errs.push(FieldError::new(if lat.is_none() { "lat" } else { "lon" }, "field-location"));
    }
    let input = NewReport {
        category: Some(v.category.clone()),
        description: Some(v.description.clone()),
        lat,
        lon,
        privacy: Some(v.privacy.clone()).filter(|p| !p.is_empty()),
        photos: v.photo_ids.clone(),
        region_code: Some(region.clone()).filter(|c| !c.is_empty()),
        address: Some(v.address.clone()),
    };
    if !errs.is_empty() {
        // Every problem at once: the form's own, and the report's.
        if let Err(AppError::Validation(more)) = service::check(&input) {
            for e in more {
                if !errs.iter().any(|x| x.field == e.field) {
                    errs.push(e);
                }
            }
        }
        return form_page(&state, &ctx, p, v, &errs, vec![]);
    }
    // Before sending: the same problem reported nearby? The citizen sees it once and may
    // support it instead; sending again (`_confirm`) goes ahead.
    if !controls.contains_key("_confirm") {
        if let (Some(lat), Some(lon), Some(_)) = (lat, lon, Category::parse(&v.category)) {
            let similar = service::similar(&state, user.as_ref(), &v.category, lat, lon, &v.description)
                .await
                .unwrap_or_default();
            if !similar.is_empty() {
                return form_page(&state, &ctx, p, v, &[], similar);
            }
        }
    }
    let sent = match &user {
        Some(user) => service::create(&state, user, input).await.map(|r| format!("/laporan/{}?terkirim=1", r.code)),
        None => {
            let some = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
            let who = super::service::Guest {
                name: some(&v.name),
                email: some(&v.email),
                phone: some(&v.phone),
                media_url: None,
                photos: guest_photos(&values),
            };
            super::guest::send(&state, input, who, ctx.lang).await.map(|()| "/laporan/periksa".to_string())
        }
    };
    match sent {
        Ok(next) => Ok(see_other(&next)),
        Err(AppError::Validation(errs)) => form_page(&state, &ctx, p, v, &errs, vec![]),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Without an account: confirming a report, e-mail alerts of an area.

#[derive(Template)]
#[template(path = "reports/check_inbox.html")]
struct CheckInboxPage<'a> {
    l: Layout<'a>,
}

async fn check_inbox(ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    Ok(render(&CheckInboxPage { l: Layout::new(&ctx, t.t("report-check-inbox-title")) })?.into_response())
}

#[derive(Template)]
#[template(path = "reports/confirm.html")]
struct ConfirmPage<'a> {
    l: Layout<'a>,
    token: String,
    waiting: Option<(String, String)>,
    code: String,
    public: bool,
}

async fn confirm_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let (waiting, code, public) = match super::guest::confirmation(&state, &token).await? {
        super::guest::Confirmation::Waiting { category, description } => {
            (Some((category_label(t, &category), description)), String::new(), false)
        }
        super::guest::Confirmation::Sent { code, public } => (None, code, public),
    };
    let page = ConfirmPage { l: Layout::new(&ctx, t.t("report-confirm-title")), token, waiting, code, public };
    Ok(render(&page)?.into_response())
}

async fn confirm_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(token): ApiPath<String>,
    CsrfForm(_): CsrfForm<Map<String, Value>>,
) -> Result<Response, AppError> {
    super::guest::confirm(&state, &token).await.map_err(|e| action_form_error(ctx.t(), e))?;
    Ok(see_other(&format!("/laporan/konfirmasi/{token}")))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AlertForm {
    alert_email: String,
    prov: String,
    kab: String,
    category: String,
}

#[derive(Template)]
#[template(path = "reports/alert_new.html")]
struct AlertNewPage<'a> {
    l: Layout<'a>,
    p: Pickers,
    f: AlertForm,
    categories: Vec<(String, String)>,
    errors: FormErrors,
}

fn alert_form_page(ctx: &RequestCtx, f: AlertForm, errs: &[FieldError]) -> Result<Response, AppError> {
    let t = ctx.t();
    let page = AlertNewPage {
        l: Layout::new(ctx, t.t("report-alert-title")).with_errors(!errs.is_empty()),
        p: Pickers::new(&f.prov, &f.kab, ""),
        categories: categories(t),
        errors: FormErrors::from_fields(t, errs),
        f,
    };
    render_form(&page, !errs.is_empty())
}

async fn alert_new(ctx: Ctx, Query(f): Query<AlertForm>) -> Result<Response, AppError> {
    alert_form_page(&ctx, f, &[])
}

async fn alert_subscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<AlertForm>,
) -> Result<Response, AppError> {
    // Pressing "Pilih wilayah" only loads the next list.
    let region = Pickers::new(&f.prov, &f.kab, "").code().to_string();
    match super::guest::subscribe(&state, &f.alert_email, &region, f.category.trim(), ctx.lang).await {
        Ok(()) => Ok(see_other("/laporan/periksa")),
        Err(AppError::Validation(errs)) => alert_form_page(&ctx, f, &errs),
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "reports/alert.html")]
struct AlertPage<'a> {
    l: Layout<'a>,
    token: String,
    region: String,
    category: String,
    confirmed: bool,
}

async fn alert_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, AppError> {
    let a = super::guest::alert(&state, &token).await?;
    let t = ctx.t();
    let page = AlertPage {
        l: Layout::new(&ctx, t.t("report-alert-title")),
        region: crate::wilayah::full_name(Some(&a.region_code)),
        category: match a.category.as_str() {
            "" => t.t("report-alert-every-category"),
            c => category_label(t, c),
        },
        confirmed: a.confirmed,
        token,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AlertAction {
    action: String,
}

async fn alert_action(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
    CsrfForm(f): CsrfForm<AlertAction>,
) -> Result<Response, AppError> {
    match f.action.as_str() {
        "confirm" => {
            super::guest::set_alert(&state, &token, true).await?;
            Ok(see_other(&format!("/laporan/peringatan/{token}")))
        }
        "stop" => {
            super::guest::set_alert(&state, &token, false).await?;
            Ok(see_other("/laporan?peringatan=berhenti"))
        }
        _ => Err(AppError::bad_request("error-form")),
    }
}

// ---------------------------------------------------------------------------------------
// A report's page.

struct HistoryRow {
    date: String,
    text: String,
    note: String,
    public: bool,
}

#[derive(Template)]
#[template(path = "reports/report.html")]
struct ReportPage<'a> {
    l: Layout<'a>,
    /// The map tile URL template, when the deployment has one.
    tiles: Option<String>,
    v: ReportView,
    category: String,
    status: String,
    place: String,
    history: Vec<HistoryRow>,
    /// Workflow buttons: (action, label).
    actions: Vec<(String, String)>,
    /// The handling agency's name, once dispatched.
    agency_name: Option<String>,
    agencies: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    templates: Vec<(String, String)>,
    privacy: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportQuery {
    terkirim: String,
}

async fn report_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(code): ApiPath<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let viewer = ctx.user.as_ref().filter(|u| u.is_full());
    let v = service::view(&state, viewer, &code).await?;
    let t = ctx.t();
    let history = v
        .history
        .iter()
        .map(|h| HistoryRow {
            date: fmt_datetime(h.at, t.lang),
            text: match (&v.assisted, h.actor_role.as_str()) {
                // Filed in an assisted session: who helped, as what, where.
                (Some(mark), "assisted") => crate::assisted::pages::mark_text(mark, t),
                _ => t.t2(
                    &format!("report-event-{}", h.action.replace('_', "-")),
                    ("who", h.actor_label.clone().unwrap_or_else(|| t.t(&format!("report-actor-{}", h.actor_role)))),
                    ("status", status_label(t, &h.to_status)),
                ),
            },
            note: h.note.clone().unwrap_or_default(),
            public: h.public,
        })
        .collect();
    let actions = v
        .available_actions
        .iter()
        .filter(|a| a.as_str() != "rate")
        .map(|a| (a.clone(), t.t(&format!("report-action-{}", a.replace('_', "-")))))
        .collect();
    let can_dispatch = v.available_actions.iter().any(|a| a == "dispatch");
    let snap = crate::catalog::service::snapshot(&state).await?;
    let agencies = match can_dispatch {
        true => snap.agencies.iter().map(|a| (a.id.clone(), a.name.get(t.lang).to_string())).collect(),
        false => vec![],
    };
    let agency_name = v
        .agency_id
        .as_deref()
        .map(|id| snap.agency(id).map(|a| a.name.get(t.lang).to_string()).unwrap_or(id.to_string()));
    let mut templates: Vec<(String, String)> =
        (1..=3).map(|i| (t.t(&format!("report-template-{i}-title")), t.t(&format!("report-template-{i}")))).collect();
    if v.staff && !v.available_actions.is_empty() {
        if let Some(user) = viewer {
            if let Ok(own) = moderation::templates(&state, user).await {
                templates.extend(own.into_iter().map(|tpl| (tpl.title, tpl.body)));
            }
        }
    }
    let mut l = Layout::new(&ctx, t.t1("report-title", "code", &v.code));
    if !q.terkirim.is_empty() {
        l.notice = Some(t.t1("report-sent", "code", &v.code));
    }
    let page = ReportPage {
        tiles: state.config.map_tiles.clone(),
        category: category_label(t, &v.category),
        status: status_label(t, &v.status),
        place: v
            .address
            .clone()
            .filter(|a| !a.is_empty())
            .map(|a| {
                let region = crate::wilayah::full_name(v.region_code.as_deref());
                if region.is_empty() {
                    a
                } else {
                    format!("{a} ({region})")
                }
            })
            .unwrap_or_else(|| crate::wilayah::full_name(v.region_code.as_deref())),
        agency_name,
        privacy: t.t(&format!("{}-label", Privacy::parse(&v.privacy).unwrap_or(Privacy::Public).message_key())),
        history,
        actions,
        agencies,
        categories: if can_dispatch || v.available_actions.iter().any(|a| a == "verify") {
            categories(t)
        } else {
            vec![]
        },
        templates: if v.staff { templates } else { vec![] },
        l,
        v,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    action: String,
    note: String,
    agency_id: String,
    category: String,
    /// A response template's text, used when the note is left empty.
    template: String,
}

async fn action(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<Response, AppError> {
    let input = ActionInput {
        action: form.action,
        note: Some(form.note).filter(|n| !n.trim().is_empty()).or(Some(form.template).filter(|n| !n.trim().is_empty())),
        agency_id: Some(form.agency_id).filter(|a| !a.is_empty()),
        category: Some(form.category).filter(|c| !c.is_empty()),
    };
    service::act(&state, &auth.user, &code, input).await.map_err(|e| action_form_error(auth.ctx.t(), e))?;
    Ok(see_other(&format!("/laporan/{code}")))
}

async fn support(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(_): CsrfForm<Map<String, Value>>,
) -> Result<Response, AppError> {
    service::support(&state, &auth.user, &code).await?;
    Ok(see_other(&format!("/laporan/{code}")))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RateForm {
    stars: String,
    comment: String,
}

async fn rate(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<RateForm>,
) -> Result<Response, AppError> {
    let stars = form.stars.trim().parse::<i64>().unwrap_or(0);
    service::rate(&state, &auth.user, &code, stars, Some(&form.comment))
        .await
        .map_err(|e| action_form_error(auth.ctx.t(), e))?;
    Ok(see_other(&format!("/laporan/{code}")))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModerationForm {
    act: String,
    photo: String,
    description: String,
    reason: String,
}

async fn moderate(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<ModerationForm>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let act = Moderation::parse(&form.act, form.photo.trim().parse().ok(), Some(&form.description))
        .map_err(|e| action_form_error(t, e))?;
    moderation::moderate(&state, &auth.user, &code, act, &form.reason).await.map_err(|e| action_form_error(t, e))?;
    Ok(see_other(&format!("/laporan/{code}")))
}

// ---------------------------------------------------------------------------------------
// The citizen's reports, the staff inbox and templates.

#[derive(Template)]
#[template(path = "reports/mine.html")]
struct MinePage<'a> {
    l: Layout<'a>,
    rows: Vec<Row>,
}

async fn my_reports(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let list = service::mine(&state, &auth.user).await?;
    let t = auth.ctx.t();
    Ok(render(&MinePage { l: Layout::new(&auth.ctx, t.t("my-reports-title")), rows: rows(t, &list) })?.into_response())
}

struct InboxRow {
    row: Row,
    due: String,
    overdue: bool,
    escalated: bool,
}

#[derive(Template)]
#[template(path = "reports/inbox.html")]
struct InboxPage<'a> {
    l: Layout<'a>,
    to_dispatch: Option<Vec<InboxRow>>,
    assigned: Vec<InboxRow>,
    statuses: Vec<(String, String)>,
    status: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InboxQuery {
    status: String,
}

async fn inbox_page(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    Query(q): Query<InboxQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let status = Some(q.status.as_str()).filter(|s| STATUSES.contains(s));
    let inbox = service::inbox(&state, &auth.user, status).await?;
    let today = crate::calendar::local_date(crate::db::now(), state.config.utc_offset_hours().unwrap_or(7)).to_string();
    let convert = |list: Vec<Report>| -> Vec<InboxRow> {
        let shown = rows(t, &list);
        list.into_iter()
            .zip(shown)
            .map(|(r, row)| {
                let due = r.due_date().filter(|_| r.status != "resolved").map(str::to_string);
                InboxRow {
                    overdue: due.as_deref().is_some_and(|d| d < today.as_str()),
                    due: due.unwrap_or_default(),
                    escalated: r.escalated.as_deref().is_some_and(|e| !e.is_empty()),
                    row,
                }
            })
            .collect()
    };
    let page = InboxPage {
        l: Layout::new(&auth.ctx, t.t("reports-inbox-title")),
        to_dispatch: inbox.to_dispatch.map(convert),
        assigned: convert(inbox.assigned),
        statuses: statuses(t),
        status: q.status,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "reports/templates.html")]
struct TemplatesPage<'a> {
    l: Layout<'a>,
    list: Vec<super::store::Template>,
    errors: FormErrors,
    title: String,
    body: String,
}

async fn templates_view(
    state: &AppState,
    auth: &Authorized<CaseWorkers>,
    form: TemplateForm,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let page = TemplatesPage {
        l: Layout::new(&auth.ctx, t.t("report-templates-title")).with_errors(!errs.is_empty()),
        list: moderation::templates(state, &auth.user).await?,
        errors: FormErrors::from_fields(t, errs),
        title: form.title,
        body: form.body,
    };
    render_form(&page, !errs.is_empty())
}

async fn templates_page(State(state): State<AppState>, auth: Authorized<CaseWorkers>) -> Result<Response, AppError> {
    templates_view(&state, &auth, TemplateForm::default(), &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TemplateForm {
    title: String,
    body: String,
}

async fn template_add(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    CsrfForm(form): CsrfForm<TemplateForm>,
) -> Result<Response, AppError> {
    match moderation::add_template(&state, &auth.user, &form.title, &form.body).await {
        Ok(()) => Ok(see_other("/petugas/laporan/templat")),
        Err(AppError::Validation(errs)) => templates_view(&state, &auth, form, &errs).await,
        Err(e) => Err(e),
    }
}

async fn template_delete(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Map<String, Value>>,
) -> Result<Response, AppError> {
    moderation::delete_template(&state, &auth.user, id).await?;
    Ok(see_other("/petugas/laporan/templat"))
}

// ---------------------------------------------------------------------------------------
// Area statistics and the Atom feed.

#[derive(Deserialize, Default)]
#[serde(default)]
struct AreaQuery {
    prov: String,
    kab: String,
}

struct StatRow {
    category: String,
    counts: Vec<i64>,
    total: i64,
}

#[derive(Template)]
#[template(path = "reports/stats.html")]
struct StatsPage<'a> {
    l: Layout<'a>,
    p: Pickers,
    region: String,
    statuses: Vec<(String, String)>,
    rows: Vec<StatRow>,
    totals: Vec<i64>,
    total: i64,
    mean_stars: String,
    ratings: i64,
    mean_days: String,
}

async fn stats_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AreaQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let p = Pickers::new(&q.prov, &q.kab, "");
    let stats = service::area_stats(&state, p.code()).await?;
    let count = |c: &str, s: &str| stats.counts.iter().find(|(cc, ss, _)| cc == c && ss == s).map(|x| x.2).unwrap_or(0);
    let rows: Vec<StatRow> = Category::ALL
        .iter()
        .map(|c| {
            let counts: Vec<i64> = STATUSES.iter().map(|s| count(c.as_str(), s)).collect();
            StatRow { category: t.t(&c.message_key()), total: counts.iter().sum(), counts }
        })
        .collect();
    let totals: Vec<i64> = (0..STATUSES.len()).map(|i| rows.iter().map(|r| r.counts[i]).sum()).collect();
    let page = StatsPage {
        l: Layout::new(&ctx, t.t("report-stats-title")),
        region: Some(crate::wilayah::full_name(Some(p.code())))
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| t.t("report-all-regions")),
        statuses: statuses(t),
        total: totals.iter().sum(),
        totals,
        rows,
        mean_stars: stats.mean_stars.map(|s| format!("{s:.1}")).unwrap_or_else(|| "—".into()),
        ratings: stats.ratings,
        mean_days: stats.mean_days_to_resolve.map(|d| format!("{d:.1}")).unwrap_or_else(|| "—".into()),
        p,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FeedQuery {
    region: String,
    category: String,
}

struct Entry {
    title: String,
    updated: String,
    summary: String,
    url: String,
    lat: Option<f64>,
    lon: Option<f64>,
}

#[derive(Template)]
#[template(path = "reports/feed.xml")]
struct Feed {
    title: String,
    self_url: String,
    site: String,
    updated: String,
    entries: Vec<Entry>,
}

fn rfc3339(ts: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(ts).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// An Atom feed of the newest public reports of an area (and category): status changes show
/// as updated entries.
async fn feed(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FeedQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let region = Some(q.region.clone()).filter(|r| matches!(r.len(), 2 | 4 | 6) && crate::wilayah::get(r).is_some());
    let category = Some(q.category.clone()).filter(|c| Category::parse(c).is_some());
    if (!q.region.is_empty() && region.is_none()) || (!q.category.is_empty() && category.is_none()) {
        return Err(AppError::NotFound);
    }
    let filter = Filter { region: region.clone(), category: category.clone(), limit: 50, ..Filter::default() };
    let list = super::store::public_list(&mut *state.db.conn().await?, &filter).await?;
    let site = state.base_url();
    let entries: Vec<Entry> = list
        .iter()
        .map(|r| Entry {
            title: format!("{} · {} · {}", r.code, category_label(t, &r.category), status_label(t, &r.status)),
            updated: rfc3339(r.updated_at),
            summary: r.description.chars().take(500).collect(),
            url: format!("{site}/laporan/{}", r.code),
            lat: r.lat,
            lon: r.lon,
        })
        .collect();
    let mut title = t.t("reports-title");
    if let Some(r) = &region {
        title = format!("{title} · {}", crate::wilayah::full_name(Some(r)));
    }
    if let Some(c) = &category {
        title = format!("{title} · {}", category_label(t, c));
    }
    let body = Feed {
        title,
        self_url: format!(
            "{site}/laporan/umpan.atom?region={}&category={}",
            region.unwrap_or_default(),
            category.unwrap_or_default()
        ),
        updated: rfc3339(list.iter().map(|r| r.updated_at).max().unwrap_or(0)),
        site,
        entries,
    }
    .render()
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response())
}
