//! The open data pages: the catalogue with search and filters (`/data`), a dataset with its
//! metadata, preview and downloads (`/data/{name}`), the downloads themselves, the DCAT
//! catalogue, the admins' publishing page (`/kelola/data`) and an agency's performance
//! (`/instansi/{id}/kinerja`).

use askama::Template;
use axum::extract::{Multipart, Path, Query as UrlQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, MetaInput, FREQUENCIES, LICENSES, PREVIEW_ROWS, THEMES};
use super::service::{self, PublishError, Query};
use super::stats;
use super::store::Dataset;
use crate::app::AppState;
use crate::identity::Role;
use crate::web::auth::{Authorized, CatalogAdmins, PlatformAdmins};
use crate::web::routes::Pages;
use crate::web::{fmt_datetime, render, see_other, AppError, CsrfForm, Ctx, FieldError, FormErrors, Layout, T};

pub fn pages() -> Pages {
    Pages::new()
        .get("/data", list)
        .get("/data/catalog.jsonld", catalog_jsonld)
        .get("/data/{name}", show)
        .get("/data/{name}/unduh/{file}", download)
        .get("/kelola/data", admin)
        .post("/kelola/data", publish)
        .post("/kelola/data/statistik", regenerate)
        .get("/instansi/{id}/kinerja", performance)
}

const PAGE_SIZE: usize = 20;

/// A dataset in the list.
pub struct Card {
    pub name: String,
    pub title: String,
    pub publisher: String,
    pub notes: String,
    pub themes: Vec<String>,
    pub modified: String,
    pub automatic: bool,
}

fn card(d: &Dataset, snap: &crate::catalog::service::Snapshot, t: T<'_>) -> Card {
    let mut notes: String = d.meta.notes.chars().take(220).collect();
    if notes.len() < d.meta.notes.len() {
        notes.push('…');
    }
    Card {
        name: d.meta.name.clone(),
        title: d.meta.title.clone(),
        publisher: service::publisher_title(snap, &d.meta.publisher, t.lang),
        notes,
        themes: d.meta.themes.iter().map(|g| t.t(&format!("od-theme-{g}"))).collect(),
        modified: fmt_datetime(d.modified_at, t.lang),
        automatic: d.automatic,
    }
}

/// A choice in a filter: (value, label, count).
type Facet = (String, String, usize);

#[derive(Template)]
#[template(path = "opendata/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    q: String,
    instansi: String,
    tema: String,
    format: String,
    organizations: Vec<Facet>,
    themes: Vec<Facet>,
    formats: Vec<Facet>,
    count: usize,
    cards: Vec<Card>,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    q: String,
    instansi: String,
    tema: String,
    format: String,
    hal: String,
}

fn query_string(q: &ListQuery, page: usize) -> String {
    let mut pairs: Vec<(&str, String)> = vec![];
    for (k, v) in [("q", &q.q), ("instansi", &q.instansi), ("tema", &q.tema), ("format", &q.format)] {
        if !v.is_empty() {
            pairs.push((k, v.clone()));
        }
    }
    if page > 1 {
        pairs.push(("hal", page.to_string()));
    }
    let qs = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if qs.is_empty() {
        "/data".into()
    } else {
        format!("/data?{qs}")
    }
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    UrlQuery(lq): UrlQuery<ListQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let snap = crate::catalog::service::snapshot(&state).await?;
    let all = service::datasets(&state).await?;
    let one = |v: &str| if v.is_empty() { vec![] } else { vec![v.to_string()] };
    let query = Query {
        q: lq.q.clone(),
        organization: one(&lq.instansi),
        groups: one(&lq.tema),
        res_format: one(&lq.format),
        ..Query::default()
    };
    let found = query.run(&all, |id| service::publisher_title(&snap, id, t.lang));
    // Choices counted over the whole catalogue, so a filter never offers an empty list.
    let mut organizations: Vec<Facet> = vec![];
    for d in &all {
        match organizations.iter_mut().find(|f| f.0 == d.meta.publisher) {
            Some(f) => f.2 += 1,
            None => organizations.push((
                d.meta.publisher.clone(),
                service::publisher_title(&snap, &d.meta.publisher, t.lang),
                1,
            )),
        }
    }
    organizations.sort_by(|a, b| a.1.cmp(&b.1));
    let themes: Vec<Facet> = THEMES
        .iter()
        .map(|g| {
            (
                g.to_string(),
                t.t(&format!("od-theme-{g}")),
                all.iter().filter(|d| d.meta.themes.iter().any(|x| x == g)).count(),
            )
        })
        .filter(|f| f.2 > 0)
        .collect();
    let with_files = all.iter().filter(|d| !d.resources.is_empty()).count();
    let formats: Vec<Facet> = ["CSV", "JSON"].iter().map(|f| (f.to_string(), f.to_string(), with_files)).collect();
    let count = found.len();
    let pages = count.div_ceil(PAGE_SIZE).max(1);
    let page = lq.hal.parse::<usize>().unwrap_or(1).clamp(1, pages);
    let cards = found.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).map(|d| card(d, &snap, t)).collect();
    let prev = (page > 1).then(|| query_string(&lq, page - 1));
    let next = (page < pages).then(|| query_string(&lq, page + 1));
    let l = Layout::new(&ctx, t.t("od-list-title"));
    let page = ListPage {
        l,
        q: lq.q.clone(),
        instansi: lq.instansi.clone(),
        tema: lq.tema.clone(),
        format: lq.format.clone(),
        organizations,
        themes,
        formats,
        count,
        cards,
        page,
        pages,
        prev,
        next,
    };
    Ok(render(&page)?.into_response())
}

/// A resource on its dataset's page, with its preview.
struct ResourceView {
    name: String,
    description: String,
    slug: String,
    rows: i64,
    columns: Vec<String>,
    preview: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "opendata/dataset.html")]
struct DatasetPage<'a> {
    l: Layout<'a>,
    d: Dataset,
    publisher: String,
    publisher_link: Option<String>,
    license: (String, String),
    themes: Vec<(String, String)>,
    temporal: String,
    spatial: String,
    frequency: String,
    issued: String,
    modified: String,
    resources: Vec<ResourceView>,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(name): Path<String>) -> Result<Response, AppError> {
    let t = ctx.t();
    let d = service::dataset(&state, &name).await?.filter(|d| d.meta.name == name).ok_or(AppError::NotFound)?;
    let snap = crate::catalog::service::snapshot(&state).await?;
    let mut resources = vec![];
    for r in &d.resources {
        let table = service::table(&state, &r.id).await?.unwrap_or_default();
        resources.push(ResourceView {
            name: r.name.clone(),
            description: r.description.clone(),
            slug: r.slug.clone(),
            rows: r.row_count,
            columns: table.columns,
            preview: table.rows.into_iter().take(PREVIEW_ROWS).collect(),
        });
    }
    let m = &d.meta;
    let license = model::license(&m.license_id)
        .map(|l| (l.1.to_string(), l.2.to_string()))
        .unwrap_or_else(|| (m.license_id.clone(), String::new()));
    let temporal = match (&m.temporal_start, &m.temporal_end) {
        (None, None) => String::new(),
        (s, e) => format!("{} – {}", s.as_deref().unwrap_or("…"), e.as_deref().unwrap_or("…")),
    };
    let spatial =
        m.spatial_code.as_deref().map(|c| format!("{} ({c})", crate::wilayah::full_name(Some(c)))).unwrap_or_default();
    let page = DatasetPage {
        l: Layout::new(&ctx, m.title.clone()),
        publisher: service::publisher_title(&snap, &m.publisher, t.lang),
        publisher_link: (m.publisher != model::PLATFORM).then(|| format!("/instansi/{}", m.publisher)),
        license,
        themes: m.themes.iter().map(|g| (g.clone(), t.t(&format!("od-theme-{g}")))).collect(),
        temporal,
        spatial,
        frequency: t.t(&format!("od-freq-{}", m.frequency.to_lowercase())),
        issued: fmt_datetime(d.issued_at, t.lang),
        modified: fmt_datetime(d.modified_at, t.lang),
        resources,
        d,
    };
    Ok(render(&page)?.into_response())
}

async fn download(
    State(state): State<AppState>,
    Path((name, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (slug, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let d = service::dataset(&state, &name).await?.filter(|d| d.meta.name == name).ok_or(AppError::NotFound)?;
    let r = d.resources.iter().find(|r| r.slug == slug).ok_or(AppError::NotFound)?;
    let table = service::table(&state, &r.id).await?.ok_or(AppError::NotFound)?;
    let (body, mime) = match ext {
        "csv" => (table.to_csv(), "text/csv; charset=utf-8"),
        "json" => (serde_json::to_string_pretty(&table.to_json()).unwrap_or_default(), "application/json"),
        _ => return Err(AppError::NotFound),
    };
    let disposition = format!("attachment; filename=\"{}-{}.{ext}\"", d.meta.name, r.slug);
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Ok(resp)
}

async fn catalog_jsonld(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let base = crate::reports::open311::api::base_url(&state, &headers);
    let snap = crate::catalog::service::snapshot(&state).await?;
    let all = service::datasets(&state).await?;
    let doc = super::dcat::catalog(&base, &snap, &all);
    let mut resp = axum::Json(doc).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/ld+json"));
    resp.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Ok(resp)
}

// ---- Publishing ----

#[derive(Template)]
#[template(path = "opendata/admin.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    form: MetaInput,
    publisher: String,
    /// Agencies a platform admin may publish for (empty for an agency admin).
    agencies: Vec<(String, String)>,
    licenses: Vec<(String, String)>,
    themes: Vec<(String, String)>,
    frequencies: Vec<(String, String)>,
    mine: Vec<Card>,
    can_regenerate: bool,
}

impl AdminPage<'_> {
    fn theme_checked(&self, name: &str) -> bool {
        self.form.themes.iter().any(|t| t == name)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AdminQuery {
    statistik: String,
}

async fn admin_page<'a>(
    state: &AppState,
    auth: &'a Authorized<CatalogAdmins>,
    form: MetaInput,
    publisher: String,
    errors: FormErrors,
) -> Result<AdminPage<'a>, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let snap = crate::catalog::service::snapshot(state).await?;
    let all = service::datasets(state).await?;
    let super_admin = auth.user.role == Role::SuperAdmin;
    let own = auth.user.agency_id.clone().unwrap_or_default();
    let mine = all
        .iter()
        .filter(|d| !d.automatic && (super_admin || d.meta.publisher == own))
        .map(|d| card(d, &snap, t))
        .collect();
    let agencies = if super_admin {
        snap.agencies.iter().map(|a| (a.id.clone(), a.name.get(t.lang).to_string())).collect()
    } else {
        vec![]
    };
    let publisher = if super_admin { publisher } else { service::publisher_title(&snap, &own, t.lang) };
    Ok(AdminPage {
        l: Layout::new(ctx, t.t("od-admin-title")).with_errors(!errors.is_empty()),
        errors,
        form,
        publisher,
        agencies,
        licenses: LICENSES.iter().map(|l| (l.0.to_string(), l.1.to_string())).collect(),
        themes: THEMES.iter().map(|g| (g.to_string(), t.t(&format!("od-theme-{g}")))).collect(),
        frequencies: FREQUENCIES
            .iter()
            .map(|f| (f.to_string(), t.t(&format!("od-freq-{}", f.to_lowercase()))))
            .collect(),
        mine,
        can_regenerate: super_admin,
    })
}

async fn admin(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    UrlQuery(q): UrlQuery<AdminQuery>,
) -> Result<Response, AppError> {
    let form = MetaInput { license_id: "CC-BY-4.0".into(), frequency: "ANNUAL".into(), ..MetaInput::default() };
    let mut page = admin_page(&state, &auth, form, String::new(), FormErrors::default()).await?;
    if let Ok(n) = q.statistik.parse::<i64>() {
        page.l.notice = Some(page.l.tn("od-stats-done", "count", n));
    }
    Ok(render(&page)?.into_response())
}

/// Read the publishing form (multipart: fields and one file).
async fn read_form(
    multipart: &mut Multipart,
) -> Result<(String, MetaInput, String, Option<(String, Vec<u8>)>), AppError> {
    let bad = |_| AppError::bad_request("error-form");
    let (mut csrf, mut form, mut publisher, mut file) = (String::new(), MetaInput::default(), String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let filename = field.file_name().unwrap_or("data.csv").to_string();
            let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
            file = Some((filename, bytes.to_vec()));
            continue;
        }
        let value = field.text().await.map_err(bad)?;
        match name.as_str() {
            "_csrf" => csrf = value,
            "name" => form.name = value,
            "title" => form.title = value,
            "notes" => form.notes = value,
            "license_id" => form.license_id = value,
            "themes" => form.themes.push(value),
            "keywords" => form.keywords = value,
            "temporal_start" => form.temporal_start = value,
            "temporal_end" => form.temporal_end = value,
            "spatial_code" => form.spatial_code = value,
            "frequency" => form.frequency = value,
            "publisher" => publisher = value,
            _ => {}
        }
    }
    Ok((csrf, form, publisher, file))
}

async fn publish(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (csrf, form, publisher, file) = read_form(&mut multipart).await?;
    if !crate::web::extract::same_token(&csrf, &auth.ctx.csrf) {
        return Err(AppError::bad_request("error-csrf"));
    }
    let t = auth.ctx.t();
    let errors = match service::publish(&state, &auth.user, &form, &publisher, file).await {
        Ok(name) => return Ok(see_other(&format!("/data/{name}"))),
        Err(PublishError::Fields(fields)) => FormErrors::from_fields(t, &fields),
        Err(PublishError::File(e)) => FormErrors(vec![("file".into(), t.t1(e.key, "line", e.line))]),
        Err(PublishError::NameTaken) => FormErrors::from_fields(t, &[FieldError::new("name", "od-field-name-taken")]),
        Err(PublishError::App(e)) => return Err(e),
    };
    let page = admin_page(&state, &auth, form, publisher, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

#[derive(Deserialize)]
struct Empty {}

async fn regenerate(
    State(state): State<AppState>,
    _auth: Authorized<PlatformAdmins>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let n = stats::publish(&state).await?;
    Ok(see_other(&format!("/kelola/data?statistik={n}")))
}

// ---- Agency performance ----

/// The agency's performance now lives on the performance dashboard (`/kinerja`, from the
/// monthly rollups); this address stays and leads there.
async fn performance(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    crate::catalog::service::agency(&state, &id).await?.ok_or(AppError::NotFound)?;
    let query = serde_urlencoded::to_string([("agency", id.as_str())]).unwrap_or_default();
    Ok(axum::response::Redirect::permanent(&format!("/kinerja?{query}")).into_response())
}
