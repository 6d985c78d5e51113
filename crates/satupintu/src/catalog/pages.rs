//! Public catalogue pages (home, services, a service's full standard and its history,
//! agencies) and the agency admin's pages to edit services and import a catalogue.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

use super::model::{Agency, Service, CATEGORIES, CHANNELS};
use super::service::{self, CatalogError, ImportReport, ServiceRecord, Snapshot};
use super::store::VersionInfo;
use crate::app::AppState;
use crate::web::auth::{Authorized, CatalogAdmins};
use crate::web::precompressed::Precompressed;
use crate::web::routes::Pages;
use crate::web::{fmt_datetime, render, rupiah, AppError, CsrfForm, Ctx, FieldError, FormErrors, Layout, T};

pub fn pages() -> Pages {
    Pages::new()
        .get("/", home)
        .get("/layanan", list)
        .get("/layanan/{id}", show)
        .get("/layanan/{id}/riwayat", history)
        .get("/layanan/{id}/versi/{n}", show_version)
        .get("/instansi", agencies)
        .get("/instansi/{id}", agency)
        .get("/kelola/layanan", admin_list)
        .get("/kelola/layanan/{id}", edit_form)
        .post("/kelola/layanan/{id}", edit_submit)
        .get("/kelola/impor", import_form)
        .post("/kelola/impor", import_submit)
}

/// A service as a card in lists and search results.
pub struct Card {
    pub id: String,
    pub title: String,
    pub agency: String,
    pub summary: String,
    pub fee: String,
    pub free: bool,
    pub time: String,
}

impl Card {
    pub fn new(snap: &Snapshot, r: &ServiceRecord, t: T<'_>) -> Card {
        let s = &r.service;
        Card {
            id: s.id.clone(),
            title: s.name.get(t.lang).to_string(),
            agency: snap.agency(&s.agency).map(|a| a.name.get(t.lang).to_string()).unwrap_or_default(),
            summary: s.summary.get(t.lang).to_string(),
            fee: fee_label(s, t),
            free: s.fee.amount_idr == 0,
            time: time_label(s, t),
        }
    }
}

pub fn fee_label(s: &Service, t: T<'_>) -> String {
    if s.fee.amount_idr == 0 {
        t.t("fee-free")
    } else {
        rupiah(s.fee.amount_idr)
    }
}

pub fn time_label(s: &Service, t: T<'_>) -> String {
    match s.sla_days {
        None | Some(0) => t.t("sla-same-day"),
        Some(n) => t.tn("sla-days", "days", n),
    }
}

fn category_label(t: T<'_>, c: &str) -> String {
    t.t(&format!("category-{c}"))
}

fn cards<'a>(snap: &Snapshot, it: impl Iterator<Item = &'a Arc<ServiceRecord>>, t: T<'_>) -> Vec<Card> {
    it.map(|r| Card::new(snap, r, t)).collect()
}

struct Category {
    id: &'static str,
    label: String,
    count: usize,
}

#[derive(Template)]
#[template(path = "catalog/home.html")]
struct HomePage<'a> {
    l: Layout<'a>,
    categories: Vec<Category>,
    popular: Vec<Card>,
    service_count: usize,
    agency_count: usize,
    /// The newest announcements: (slug, title, date).
    news: Vec<(String, String, String)>,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let snap = service::snapshot(&state).await?;
    let t = ctx.t();
    let categories = snap
        .category_counts()
        .into_iter()
        .map(|(id, count)| Category { id, label: category_label(t, id), count })
        .collect();
    let popular_ids = ["ktp-el-baru", "akta-kelahiran", "kartu-keluarga", "sim-baru", "skck", "paspor"];
    let mut popular: Vec<Card> =
        popular_ids.iter().filter_map(|id| snap.service(id)).map(|r| Card::new(&snap, r, t)).collect();
    if popular.is_empty() {
        popular = cards(&snap, snap.services.iter().take(6), t);
    }
    let l = Layout::new(&ctx, t.t("home-title"));
    Ok(render(&HomePage {
        l,
        categories,
        popular,
        service_count: snap.services.len(),
        agency_count: snap.agencies.len(),
        news: crate::announcements::service::latest(&state, None, 3)
            .await?
            .into_iter()
            .map(|a| {
                let day = crate::calendar::local_date(a.publish_at, crate::announcements::service::offset(&state));
                (a.slug, a.title, crate::web::fmt_date(day, t.lang))
            })
            .collect(),
    })?
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    kategori: Option<String>,
}

#[derive(Template)]
#[template(path = "catalog/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    heading: String,
    services: Vec<Card>,
    categories: Vec<Category>,
    selected: String,
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let snap = service::snapshot(&state).await?;
    let t = ctx.t();
    let selected = q.kategori.filter(|k| CATEGORIES.contains(&k.as_str())).unwrap_or_default();
    let services = if selected.is_empty() {
        cards(&snap, snap.services.iter(), t)
    } else {
        cards(&snap, snap.in_category(&selected), t)
    };
    let heading = if selected.is_empty() { t.t("services-title") } else { category_label(t, &selected) };
    let categories = snap
        .category_counts()
        .into_iter()
        .map(|(id, count)| Category { id, label: category_label(t, id), count })
        .collect();
    let l = Layout::new(&ctx, heading.clone());
    Ok(render(&ListPage { l, heading, services, categories, selected })?.into_response())
}

/// A service's standard, ready to show.
struct Standard {
    id: String,
    name: String,
    agency_id: String,
    agency_name: String,
    category: String,
    summary: String,
    requirements: Vec<String>,
    procedure: Vec<String>,
    fee: String,
    free: bool,
    fee_note: String,
    time: String,
    output: String,
    legal_basis: Vec<String>,
    channels: Vec<(String, String)>,
    validity: String,
    faq: Vec<(String, String)>,
    form_fields: Vec<String>,
    online: bool,
    /// Served at a counter (an MPP or an office): a visit can be booked.
    visit: bool,
    version: i64,
    updated: String,
}

fn standard(snap: &Snapshot, s: &Service, version: i64, updated_at: i64, t: T<'_>) -> Standard {
    let lang = t.lang;
    let validity = match s.validity_years {
        None => t.t("validity-none"),
        Some(y) if y < 1.0 => t.tn("validity-months", "months", (y * 12.0).round() as i64),
        Some(y) => t.tn("validity-years", "years", y.round() as i64),
    };
    Standard {
        id: s.id.clone(),
        name: s.name.get(lang).into(),
        agency_id: s.agency.clone(),
        agency_name: snap.agency(&s.agency).map(|a| a.name.get(lang).to_string()).unwrap_or_else(|| s.agency.clone()),
        category: category_label(t, &s.category),
        summary: s.summary.get(lang).into(),
        requirements: s.requirements.iter().map(|r| r.get(lang).to_string()).collect(),
        procedure: s.procedure.iter().map(|r| r.get(lang).to_string()).collect(),
        fee: fee_label(s, t),
        free: s.fee.amount_idr == 0,
        fee_note: s.fee.note.as_ref().map(|n| n.get(lang).to_string()).unwrap_or_default(),
        time: time_label(s, t),
        output: s.output.get(lang).into(),
        legal_basis: s.legal_basis.clone(),
        channels: s
            .channels
            .iter()
            .map(|c| (t.t(&format!("channel-{c}")), t.t(&format!("channel-{c}-hint"))))
            .collect(),
        validity,
        faq: s.faq.iter().map(|f| (f.q.get(lang).to_string(), f.a.get(lang).to_string())).collect(),
        form_fields: s.form.iter().map(|f| f.label.get(lang).to_string()).collect(),
        online: s.channels.iter().any(|c| c == "online"),
        visit: s.channels.iter().any(|c| c == "mpp" || c == "kantor"),
        version,
        updated: fmt_datetime(updated_at, lang),
    }
}

#[derive(Template)]
#[template(path = "catalog/service.html")]
struct ServicePage<'a> {
    l: Layout<'a>,
    s: Standard,
    old_version: bool,
    can_edit: bool,
    /// The slug of the step-by-step guide to this service, if there is one.
    guide: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShowQuery {
    disimpan: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let snap = service::snapshot(&state).await?;
    let r = snap.service(&id).ok_or(AppError::NotFound)?;
    let t = ctx.t();
    let guide = crate::guides::service::for_service(&state, &id).await?.map(|g| g.slug);
    // Signed-out visitors with the default display all get the same page: render and compress it
    // once per catalogue revision (and guide).
    if ctx.user.is_none() && ctx.display.is_default() && ctx.path == format!("/layanan/{id}") {
        let key = format!("page:{id}:{}:{}", t.lang.code(), guide.as_deref().unwrap_or(""));
        let page = snap.cached(key, || {
            let s = standard(&snap, &r.service, r.version, r.updated_at, t);
            let l = Layout::new(&ctx, s.name.clone());
            let html = render(&ServicePage { l, s, old_version: false, can_edit: false, guide: guide.clone() })?.0;
            Ok(Precompressed::new(html, "text/html; charset=utf-8", 5))
        })?;
        return Ok(page.respond(&headers));
    }
    let s = standard(&snap, &r.service, r.version, r.updated_at, t);
    let can_edit = ctx.user.as_ref().is_some_and(|u| u.is_full() && service::can_edit(u, &r.service.agency));
    let mut l = Layout::new(&ctx, s.name.clone());
    if q.disimpan.is_some() && can_edit {
        l.notice = Some(t.t("edit-saved"));
    }
    Ok(render(&ServicePage { l, s, old_version: false, can_edit, guide })?.into_response())
}

async fn show_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, n)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let n: i64 = n.parse().map_err(|_| AppError::NotFound)?;
    let snap = service::snapshot(&state).await?;
    let current = snap.service(&id).ok_or(AppError::NotFound)?;
    let v = service::version(&state, &id, n).await?;
    let t = ctx.t();
    let s = standard(&snap, &v.service, v.version, v.updated_at, t);
    let l = Layout::new(&ctx, t.t1("version-title", "name", &s.name));
    Ok(render(&ServicePage { l, s, old_version: n != current.version, can_edit: false, guide: None })?.into_response())
}

struct VersionRow {
    version: i64,
    date: String,
    source: String,
    by: String,
    note: String,
}

#[derive(Template)]
#[template(path = "catalog/history.html")]
struct HistoryPage<'a> {
    l: Layout<'a>,
    id: String,
    name: String,
    rows: Vec<VersionRow>,
}

async fn history(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let snap = service::snapshot(&state).await?;
    let r = snap.service(&id).ok_or(AppError::NotFound)?;
    let t = ctx.t();
    let rows = service::versions(&state, &id)
        .await?
        .into_iter()
        .map(|v: VersionInfo| VersionRow {
            version: v.version,
            date: fmt_datetime(v.created_at, t.lang),
            source: t.t(&format!("version-source-{}", v.source)),
            by: v.created_by.unwrap_or_default(),
            note: v.note.unwrap_or_default(),
        })
        .collect();
    let name = r.service.name.get(t.lang).to_string();
    let l = Layout::new(&ctx, t.t1("history-title", "name", &name));
    Ok(render(&HistoryPage { l, id, name, rows })?.into_response())
}

struct AgencyRow {
    id: String,
    name: String,
    level: String,
    count: usize,
}

#[derive(Template)]
#[template(path = "catalog/agencies.html")]
struct AgenciesPage<'a> {
    l: Layout<'a>,
    agencies: Vec<AgencyRow>,
}

async fn agencies(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let snap = service::snapshot(&state).await?;
    let t = ctx.t();
    let agencies = snap
        .agencies
        .iter()
        .map(|a| AgencyRow {
            id: a.id.clone(),
            name: a.name.get(t.lang).to_string(),
            level: t.t(&format!("level-{}", a.level.replace('_', "-"))),
            count: snap.services_of(&a.id).count(),
        })
        .collect();
    let l = Layout::new(&ctx, t.t("agencies-title"));
    Ok(render(&AgenciesPage { l, agencies })?.into_response())
}

#[derive(Template)]
#[template(path = "catalog/agency.html")]
struct AgencyPage<'a> {
    l: Layout<'a>,
    a: Agency,
    name: String,
    level: String,
    services: Vec<Card>,
}

async fn agency(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let snap = service::snapshot(&state).await?;
    let a = snap.agency(&id).ok_or(AppError::NotFound)?.clone();
    let t = ctx.t();
    let services = cards(&snap, snap.services_of(&id), t);
    let name = a.name.get(t.lang).to_string();
    let level = t.t(&format!("level-{}", a.level.replace('_', "-")));
    let l = Layout::new(&ctx, name.clone());
    Ok(render(&AgencyPage { l, a, name, level, services })?.into_response())
}

// ---- Agency admin pages ----

#[derive(Template)]
#[template(path = "catalog/admin_list.html")]
struct AdminListPage<'a> {
    l: Layout<'a>,
    services: Vec<Card>,
}

async fn admin_list(State(state): State<AppState>, auth: Authorized<CatalogAdmins>) -> Result<Response, AppError> {
    let (user, ctx) = (&auth.user, &auth.ctx);
    let snap = service::snapshot(&state).await?;
    let t = ctx.t();
    let services = cards(&snap, snap.services.iter().filter(|r| service::can_edit(user, &r.service.agency)), t);
    let l = Layout::new(ctx, t.t("admin-services-title"));
    Ok(render(&AdminListPage { l, services })?.into_response())
}

/// The edit form's fields, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct EditForm {
    category: String,
    name_id: String,
    name_en: String,
    summary_id: String,
    summary_en: String,
    requirements_id: String,
    requirements_en: String,
    procedure_id: String,
    procedure_en: String,
    fee_amount: String,
    fee_note_id: String,
    fee_note_en: String,
    sla_days: String,
    output_id: String,
    output_en: String,
    legal_basis: String,
    channels: Vec<String>,
    validity_years: String,
    keywords: String,
    form_json: String,
    faq_json: String,
    note: String,
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

impl EditForm {
    fn from_service(s: &Service) -> EditForm {
        let join_id = |v: &[super::Loc]| v.iter().map(|l| l.id().to_string()).collect::<Vec<_>>().join("\n");
        let join_en = |v: &[super::Loc]| v.iter().map(|l| l.en_only().to_string()).collect::<Vec<_>>().join("\n");
        EditForm {
            category: s.category.clone(),
            name_id: s.name.id().into(),
            name_en: s.name.en_only().into(),
            summary_id: s.summary.id().into(),
            summary_en: s.summary.en_only().into(),
            requirements_id: join_id(&s.requirements),
            requirements_en: join_en(&s.requirements),
            procedure_id: join_id(&s.procedure),
            procedure_en: join_en(&s.procedure),
            fee_amount: s.fee.amount_idr.to_string(),
            fee_note_id: s.fee.note.as_ref().map(|n| n.id().to_string()).unwrap_or_default(),
            fee_note_en: s.fee.note.as_ref().map(|n| n.en_only().to_string()).unwrap_or_default(),
            sla_days: s.sla_days.map(|d| d.to_string()).unwrap_or_default(),
            output_id: s.output.id().into(),
            output_en: s.output.en_only().into(),
            legal_basis: s.legal_basis.join("\n"),
            channels: s.channels.clone(),
            validity_years: s.validity_years.map(|v| v.to_string()).unwrap_or_default(),
            keywords: s.keywords.join(", "),
            form_json: serde_json::to_string_pretty(&s.form).unwrap_or_default(),
            faq_json: serde_json::to_string_pretty(&s.faq).unwrap_or_default(),
            note: String::new(),
        }
    }

    /// Build the service document; problems that the form itself can see are returned.
    fn to_value(&self, id: &str, agency: &str) -> Result<Value, Vec<FieldError>> {
        let mut errors = vec![];
        let loc = |id: &str, en: &str| {
            let mut m = serde_json::Map::new();
            m.insert("id".into(), Value::from(id.trim()));
            if !en.trim().is_empty() {
                m.insert("en".into(), Value::from(en.trim()));
            }
            Value::Object(m)
        };
        let mut paired = |field_id: &str, id_text: &str, en_text: &str| -> Value {
            let ids = lines(id_text);
            let ens = lines(en_text);
            if !ens.is_empty() && ens.len() != ids.len() {
                errors.push(FieldError::new(field_id.replace("_id", "_en"), "form-lines-mismatch"));
            }
            Value::Array(ids.iter().enumerate().map(|(i, l)| loc(l, ens.get(i).copied().unwrap_or(""))).collect())
        };
        let requirements = paired("requirements_id", &self.requirements_id, &self.requirements_en);
        let procedure = paired("procedure_id", &self.procedure_id, &self.procedure_en);
        let number = |s: &str| -> Value {
            let cleaned: String = s.chars().filter(|c| !matches!(c, '.' | ' ' | '_')).collect();
            if cleaned.is_empty() {
                Value::Null
            } else {
                cleaned.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::from(s))
            }
        };
        let validity = match self.validity_years.trim().replace(',', ".") {
            v if v.is_empty() => Value::Null,
            v => v.parse::<f64>().map(Value::from).unwrap_or(Value::from(v)),
        };
        let form: Value = serde_json::from_str(if self.form_json.trim().is_empty() { "[]" } else { &self.form_json })
            .unwrap_or_else(|_| {
                errors.push(FieldError::new("form_json", "form-bad-json"));
                Value::Array(vec![])
            });
        let faq: Value = serde_json::from_str(if self.faq_json.trim().is_empty() { "[]" } else { &self.faq_json })
            .unwrap_or_else(|_| {
                errors.push(FieldError::new("faq_json", "form-bad-json"));
                Value::Array(vec![])
            });
        let fee_note =
            if self.fee_note_id.trim().is_empty() { Value::Null } else { loc(&self.fee_note_id, &self.fee_note_en) };
        let value = json!({
            "id": id,
            "agency": agency,
            "category": self.category,
            "name": loc(&self.name_id, &self.name_en),
            "summary": loc(&self.summary_id, &self.summary_en),
            "requirements": requirements,
            "procedure": procedure,
            "fee": { "amount_idr": number(&self.fee_amount), "note": fee_note },
            "sla_days": number(&self.sla_days),
            "output": loc(&self.output_id, &self.output_en),
            "legal_basis": lines(&self.legal_basis),
            "channels": self.channels,
            "validity_years": validity,
            "keywords": self.keywords.split([',', '\n']).map(str::trim).filter(|k| !k.is_empty()).collect::<Vec<_>>(),
            "form": form,
            "faq": faq,
        });
        if errors.is_empty() {
            Ok(value)
        } else {
            Err(errors)
        }
    }
}

/// The form field that a JSON path of a service points at.
fn form_field_for(path: &str) -> &'static str {
    const MAP: &[(&str, &str)] = &[
        ("$.name.en", "name_en"),
        ("$.name", "name_id"),
        ("$.summary.en", "summary_en"),
        ("$.summary", "summary_id"),
        ("$.requirements", "requirements_id"),
        ("$.procedure", "procedure_id"),
        ("$.fee.amount_idr", "fee_amount"),
        ("$.fee.note", "fee_note_id"),
        ("$.fee", "fee_amount"),
        ("$.sla_days", "sla_days"),
        ("$.output.en", "output_en"),
        ("$.output", "output_id"),
        ("$.legal_basis", "legal_basis"),
        ("$.channels", "channels"),
        ("$.validity_years", "validity_years"),
        ("$.keywords", "keywords"),
        ("$.form", "form_json"),
        ("$.faq", "faq_json"),
        ("$.category", "category"),
    ];
    MAP.iter().find(|(p, _)| path.starts_with(p)).map(|(_, f)| *f).unwrap_or("name_id")
}

#[derive(Template)]
#[template(path = "catalog/edit.html")]
struct EditPage<'a> {
    l: Layout<'a>,
    id: String,
    name: String,
    version: i64,
    f: EditForm,
    errors: FormErrors,
    categories: Vec<(&'static str, String)>,
    channels: Vec<(&'static str, String)>,
}

impl EditPage<'_> {
    fn has_channel(&self, c: &str) -> bool {
        self.f.channels.iter().any(|x| x == c)
    }
}

fn edit_page<'a>(ctx: &'a Ctx, r: &ServiceRecord, f: EditForm, errors: FormErrors) -> EditPage<'a> {
    let t = ctx.t();
    let name = r.service.name.get(t.lang).to_string();
    EditPage {
        l: Layout::new(ctx, t.t1("edit-title", "name", &name)).with_errors(!errors.is_empty()),
        id: r.service.id.clone(),
        name,
        version: r.version,
        f,
        errors,
        categories: CATEGORIES.iter().map(|c| (*c, category_label(t, c))).collect(),
        channels: CHANNELS.iter().map(|c| (*c, t.t(&format!("channel-{c}")))).collect(),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (user, ctx) = (&auth.user, &auth.ctx);
    let snap = service::snapshot(&state).await?;
    let r = snap.service(&id).ok_or(AppError::NotFound)?;
    if !service::can_edit(user, &r.service.agency) {
        return Err(AppError::Forbidden);
    }
    let page = edit_page(ctx, r, EditForm::from_service(&r.service), FormErrors::default());
    Ok(render(&page)?.into_response())
}

async fn edit_submit(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (user, ctx) = (&auth.user, &auth.ctx);
    let snap = service::snapshot(&state).await?;
    let r = snap.service(&id).ok_or(AppError::NotFound)?.clone();
    if !service::can_edit(user, &r.service.agency) {
        return Err(AppError::Forbidden);
    }
    let channels: Vec<String> = pairs.iter().filter(|(k, _)| k == "channels").map(|(_, v)| v.clone()).collect();
    let single: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k != "channels").collect();
    let mut form: EditForm = serde_urlencoded::from_str(&serde_urlencoded::to_string(&single).unwrap_or_default())
        .map_err(|_| AppError::bad_request("error-form"))?;
    form.channels = channels;
    let note = Some(form.note.trim()).filter(|n| !n.is_empty()).map(|n| n.chars().take(500).collect::<String>());
    let result = match form.to_value(&id, &r.service.agency) {
        Ok(value) => service::edit(&state, user, &id, &value, note.as_deref()).await.map_err(|e| match e {
            CatalogError::Invalid(problems) => {
                AppError::Validation(problems.iter().map(|p| FieldError::new(form_field_for(&p.path), p.key)).collect())
            }
            other => other.into(),
        }),
        Err(fields) => Err(AppError::Validation(fields)),
    };
    match result {
        Ok(_) => Ok(crate::web::see_other(&format!("/layanan/{id}?disimpan=1"))),
        Err(AppError::Validation(fields)) => {
            let errors = FormErrors::from_fields(ctx.t(), &fields);
            let page = edit_page(ctx, &r, form, errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "catalog/import.html")]
struct ImportPage<'a> {
    l: Layout<'a>,
    report: Option<ImportReport>,
    problems: Vec<(String, String)>,
}

async fn import_form(auth: Authorized<CatalogAdmins>) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let l = Layout::new(ctx, ctx.t().t("import-title"));
    Ok(render(&ImportPage { l, report: None, problems: vec![] })?.into_response())
}

/// Largest catalogue file accepted from the browser.
pub const IMPORT_LIMIT: usize = 10 * 1024 * 1024;

async fn import_submit(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (user, ctx) = (&auth.user, &auth.ctx);
    let file = crate::web::extract::csrf_text_file(&mut multipart, ctx, "file").await?;
    let t = ctx.t();
    let mut l = Layout::new(ctx, t.t("import-title"));
    let Some(text) = file else {
        let problems = vec![("file".to_string(), t.t("import-no-file"))];
        l.has_errors = true;
        return Ok(
            (StatusCode::UNPROCESSABLE_ENTITY, render(&ImportPage { l, report: None, problems })?).into_response()
        );
    };
    match service::import_as(&state, &text, user).await {
        Ok(report) => Ok(render(&ImportPage { l, report: Some(report), problems: vec![] })?.into_response()),
        Err(CatalogError::Invalid(problems)) => {
            let problems = problems.iter().map(|p| (p.path.clone(), t.t(p.key))).collect();
            l.has_errors = true;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&ImportPage { l, report: None, problems })?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
