//! The console's pages (`/kelola/admin/...`, super admins; the staff part also agency admins
//! for their agency) and the audit log (`/kelola/audit`, auditors and super admins).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor, Entry, Filter};
use super::model::{FEATURES, STAFF_ROLES};
use super::service;
use crate::app::AppState;
use crate::identity::Role;
use crate::web::auth::{Authorized, CatalogAdmins, PlatformAdmins, RoleSet};
use crate::web::routes::Pages;
use crate::web::{
    after_post, attachment, fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, FieldError,
    FormErrors, Layout, RequestCtx, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/kelola/admin", hub)
        .get("/kelola/admin/petugas", staff_page)
        .post("/kelola/admin/petugas", staff_create)
        .post("/kelola/admin/petugas/{id}/peran", staff_role)
        .post("/kelola/admin/petugas/{id}/nonaktifkan", staff_deactivate)
        .post("/kelola/admin/petugas/{id}/aktifkan", staff_reactivate)
        .get("/kelola/admin/kunci-api", keys_page)
        .post("/kelola/admin/kunci-api", keys_create)
        .post("/kelola/admin/kunci-api/{id}/cabut", keys_revoke)
        .get("/kelola/admin/kanal", channels_page)
        .post("/kelola/admin/kanal", channels_submit)
        .get("/kelola/admin/fitur", features_page)
        .post("/kelola/admin/fitur", features_submit)
        .post("/kelola/admin/fitur/hapus", features_remove)
        .get("/kelola/admin/instansi", agencies_page)
        .post("/kelola/admin/instansi", agencies_create)
        .get("/kelola/admin/instansi/{id}", agency_page)
        .post("/kelola/admin/instansi/{id}", agency_submit)
        .get("/kelola/admin/templat", templates_page)
        .get("/kelola/admin/templat/{id}", template_page)
        .post("/kelola/admin/templat/{id}", template_submit)
        .get("/kelola/audit", audit_page)
        .get("/kelola/audit.csv", audit_csv)
        .get("/kelola/audit.json", audit_json)
}

/// Those who read the audit log: auditors and super admins.
pub struct Auditors;
impl RoleSet for Auditors {
    const ROLES: &'static [Role] = &[Role::Auditor, Role::SuperAdmin];
}

fn role_label(t: T<'_>, r: Role) -> String {
    t.t(&format!("role-{}", r.as_str().replace('_', "-")))
}

/// A choice in a select or radio group: (value, label).
type Choice = (String, String);

// --- The hub ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/hub.html")]
struct HubPage<'a> {
    l: Layout<'a>,
}

async fn hub(auth: Authorized<PlatformAdmins>) -> Result<Response, AppError> {
    let l = Layout::new(&auth.ctx, auth.ctx.t().t("admin-title"));
    Ok(render(&HubPage { l })?.into_response())
}

// --- Staff -----------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct StaffForm {
    name: String,
    email: String,
    agency: String,
    role: String,
}

struct StaffEntry {
    id: i64,
    name: String,
    email: String,
    role: String,
    role_value: String,
    /// The account's role is one the viewer can give (else it is shown as is).
    role_listed: bool,
    agency: String,
    active: bool,
    is_self: bool,
}

#[derive(Template)]
#[template(path = "admin/staff.html")]
struct StaffPage<'a> {
    l: Layout<'a>,
    staff: Vec<StaffEntry>,
    roles: Vec<Choice>,
    agencies: Vec<Choice>,
    form: StaffForm,
    errors: FormErrors,
    /// A new account's one-time password, shown this once.
    created: Option<Created>,
}

/// A new account: its e-mail and one-time initial password.
struct Created {
    email: String,
    password: String,
}

async fn staff_render(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    form: StaffForm,
    errs: &[FieldError],
    created: Option<Created>,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let (ctx, t) = (&auth.ctx, auth.ctx.t());
    let givable = |r: Role| crate::identity::service::manages(&auth.user, r, auth.user.agency_id.as_deref());
    let catalog = crate::catalog::service::snapshot(state).await?;
    let agency_name = |a: &str| catalog.agency(a).map_or(a, |ag| ag.name.get(ctx.lang)).to_string();
    let staff = service::staff(state, &auth.user)
        .await?
        .into_iter()
        .map(|r| StaffEntry {
            is_self: r.id == auth.user.id,
            id: r.id,
            name: r.full_name,
            email: r.email.unwrap_or_default(),
            role: role_label(t, r.role),
            role_value: r.role.as_str().to_string(),
            role_listed: STAFF_ROLES.contains(&r.role) && givable(r.role),
            agency: r.agency_id.as_deref().map(agency_name).unwrap_or_default(),
            active: !r.disabled,
        })
        .collect();
    let roles =
        STAFF_ROLES.iter().filter(|r| givable(**r)).map(|r| (r.as_str().to_string(), role_label(t, *r))).collect();
    let agencies = catalog
        .agencies
        .iter()
        .filter(|a| auth.user.role == Role::SuperAdmin || auth.user.agency_id.as_deref() == Some(a.id.as_str()))
        .map(|a| (a.id.clone(), a.name.get(ctx.lang).to_string()))
        .collect();
    let mut l = Layout::new(ctx, t.t("admin-staff-title")).with_errors(!errs.is_empty());
    l.notice = notice;
    let page = StaffPage { l, staff, roles, agencies, form, errors: FormErrors::from_fields(t, errs), created };
    render_form(&page, !errs.is_empty())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DoneQuery {
    selesai: String,
}

/// The notice after a change (`?selesai=...`), from a fixed list.
fn done_notice(t: T<'_>, done: &str) -> Option<String> {
    const DONE: [&str; 10] =
        ["peran", "nonaktif", "aktif", "dicabut", "kanal", "fitur", "dihapus", "dibuat", "templat", "instansi"];
    DONE.contains(&done).then(|| t.t(&format!("admin-done-{done}")))
}

async fn staff_page(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let notice = done_notice(auth.ctx.t(), &q.selesai);
    staff_render(&state, &auth, StaffForm::default(), &[], None, notice).await
}

async fn staff_create(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    CsrfForm(form): CsrfForm<StaffForm>,
) -> Result<Response, AppError> {
    let input = service::NewStaff { name: &form.name, email: &form.email, agency: &form.agency, role: &form.role };
    match service::create_staff(&state, &auth.user, &input).await {
        // The password is shown on this answer, once: never in a redirect's URL.
        Ok((_, password)) => {
            let created = Some(Created { email: form.email.trim().to_string(), password });
            staff_render(&state, &auth, StaffForm::default(), &[], created, None).await
        }
        Err(AppError::Validation(errs)) => staff_render(&state, &auth, form, &errs, None, None).await,
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RoleForm {
    role: String,
}

/// A refusal of a change made from the list: the list again with the error.
async fn staff_after(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(see_other(&format!("/kelola/admin/petugas?selesai={done}"))),
        Err(AppError::Validation(errs)) => staff_render(state, auth, StaffForm::default(), &errs, None, None).await,
        Err(e) => Err(e),
    }
}

async fn staff_role(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<Response, AppError> {
    let result = service::change_role(&state, &auth.user, id, &form.role).await;
    staff_after(&state, &auth, result, "peran").await
}

async fn staff_deactivate(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_f): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let result = service::set_active(&state, &auth.user, id, false).await;
    staff_after(&state, &auth, result, "nonaktif").await
}

async fn staff_reactivate(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_f): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let result = service::set_active(&state, &auth.user, id, true).await;
    staff_after(&state, &auth, result, "aktif").await
}

// --- API keys --------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct KeyForm {
    name: String,
    agency: String,
}

struct KeyEntry {
    id: i64,
    name: String,
    agency: String,
    created: String,
    revoked: String,
}

#[derive(Template)]
#[template(path = "admin/keys.html")]
struct KeysPage<'a> {
    l: Layout<'a>,
    keys: Vec<KeyEntry>,
    agencies: Vec<Choice>,
    form: KeyForm,
    errors: FormErrors,
    /// A new key, shown this once.
    created: Option<String>,
}

async fn keys_render(
    state: &AppState,
    ctx: &RequestCtx,
    form: KeyForm,
    errs: &[FieldError],
    created: Option<String>,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let catalog = crate::catalog::service::snapshot(state).await?;
    let keys = crate::reports::open311::keys::list(state)
        .await?
        .into_iter()
        .map(|k| KeyEntry {
            id: k.id,
            name: k.name,
            agency: k
                .agency_id
                .as_deref()
                .map(|a| catalog.agency(a).map_or(a, |ag| ag.name.get(ctx.lang)))
                .unwrap_or("")
                .to_string(),
            created: fmt_datetime(k.created_at, ctx.lang),
            revoked: k.revoked_at.map(|r| fmt_datetime(r, ctx.lang)).unwrap_or_default(),
        })
        .collect();
    let agencies = catalog.agencies.iter().map(|a| (a.id.clone(), a.name.get(ctx.lang).to_string())).collect();
    let mut l = Layout::new(ctx, t.t("admin-keys-title")).with_errors(!errs.is_empty());
    l.notice = notice;
    render_form(
        &KeysPage { l, keys, agencies, form, errors: FormErrors::from_fields(t, errs), created },
        !errs.is_empty(),
    )
}

async fn keys_page(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let notice = done_notice(auth.ctx.t(), &q.selesai);
    keys_render(&state, &auth.ctx, KeyForm::default(), &[], None, notice).await
}

async fn keys_create(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<KeyForm>,
) -> Result<Response, AppError> {
    let agency = Some(form.agency.as_str()).filter(|a| !a.trim().is_empty());
    match crate::reports::open311::keys::create(&state, &Actor::user(&auth.user), &form.name, agency).await {
        Ok((_, key)) => keys_render(&state, &auth.ctx, KeyForm::default(), &[], Some(key), None).await,
        Err(AppError::Validation(errs)) => keys_render(&state, &auth.ctx, form, &errs, None, None).await,
        Err(e) => Err(e),
    }
}

async fn keys_revoke(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_f): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    match crate::reports::open311::keys::revoke(&state, &Actor::user(&auth.user), id).await? {
        true => Ok(see_other("/kelola/admin/kunci-api?selesai=dicabut")),
        false => Err(AppError::NotFound),
    }
}

// --- Notification channels ---------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChannelForm {
    channel: String,
    enabled: String,
}

struct ChannelEntry {
    channel: String,
    label: String,
    on: bool,
}

#[derive(Template)]
#[template(path = "admin/channels.html")]
struct ChannelsPage<'a> {
    l: Layout<'a>,
    channels: Vec<ChannelEntry>,
}

async fn channels_page(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let off = service::channels_off(&mut *state.db.conn().await?).await?;
    let channels = crate::notify::CHANNELS
        .iter()
        .map(|c| ChannelEntry {
            channel: c.to_string(),
            label: t.t(&format!("admin-channel-{c}")),
            on: !off.iter().any(|o| o == c),
        })
        .collect();
    let mut l = Layout::new(&auth.ctx, t.t("admin-channels-title"));
    l.notice = done_notice(t, &q.selesai);
    Ok(render(&ChannelsPage { l, channels })?.into_response())
}

async fn channels_submit(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<ChannelForm>,
) -> Result<Response, AppError> {
    let on = match form.enabled.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::bad_request("field-option")),
    };
    match service::set_channel(&state, &auth.user, &form.channel, on).await {
        Ok(()) => Ok(see_other("/kelola/admin/kanal?selesai=kanal")),
        Err(AppError::Validation(_)) => Err(AppError::bad_request("field-option")),
        Err(e) => Err(e),
    }
}

// --- Feature switches ----------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct FeatureForm {
    feature: String,
    region: String,
    enabled: String,
}

struct SwitchEntry {
    feature: String,
    label: String,
    region: String,
    region_label: String,
    on: bool,
}

#[derive(Template)]
#[template(path = "admin/features.html")]
struct FeaturesPage<'a> {
    l: Layout<'a>,
    switches: Vec<SwitchEntry>,
    features: Vec<Choice>,
    form: FeatureForm,
    errors: FormErrors,
}

async fn features_render(
    state: &AppState,
    ctx: &RequestCtx,
    form: FeatureForm,
    errs: &[FieldError],
    notice: Option<String>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let label = |f: &str| t.t(&format!("admin-feature-{}", f.replace('_', "-")));
    let switches = super::store::switches(&mut *state.db.conn().await?)
        .await?
        .into_iter()
        .map(|s| SwitchEntry {
            label: label(&s.feature),
            region_label: match s.region.as_str() {
                "" => t.t("admin-region-everywhere"),
                r => crate::wilayah::get(r).map(|w| format!("{r} {}", w.name)).unwrap_or_else(|| r.to_string()),
            },
            feature: s.feature,
            region: s.region,
            on: s.enabled,
        })
        .collect();
    let features = FEATURES.iter().map(|f| (f.to_string(), label(f))).collect();
    let mut l = Layout::new(ctx, t.t("admin-features-title")).with_errors(!errs.is_empty());
    l.notice = notice;
    let page = FeaturesPage { l, switches, features, form, errors: FormErrors::from_fields(t, errs) };
    render_form(&page, !errs.is_empty())
}

async fn features_page(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let notice = done_notice(auth.ctx.t(), &q.selesai);
    features_render(&state, &auth.ctx, FeatureForm { enabled: "0".into(), ..FeatureForm::default() }, &[], notice).await
}

async fn features_submit(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<FeatureForm>,
) -> Result<Response, AppError> {
    let result = service::set_feature(&state, &auth.user, &form.feature, &form.region, form.enabled == "1").await;
    after_post(
        result,
        |()| "/kelola/admin/fitur?selesai=fitur".to_string(),
        |errs| async move { features_render(&state, &auth.ctx, form, &errs, None).await },
    )
    .await
}

async fn features_remove(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<FeatureForm>,
) -> Result<Response, AppError> {
    service::remove_feature(&state, &auth.user, &form.feature, &form.region).await?;
    Ok(see_other("/kelola/admin/fitur?selesai=dihapus"))
}

// --- Agencies ------------------------------------------------------------------------------

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct AgencyForm {
    id: String,
    name_id: String,
    name_en: String,
    level: String,
}

struct AgencyEntry {
    id: String,
    name: String,
    level: String,
}

#[derive(Template)]
#[template(path = "admin/agencies.html")]
struct AgenciesPage<'a> {
    l: Layout<'a>,
    agencies: Vec<AgencyEntry>,
    levels: Vec<Choice>,
    form: AgencyForm,
    errors: FormErrors,
    /// Editing one agency (its id fixed), else the list with the form for a new one.
    editing: bool,
}

fn levels(t: T<'_>) -> Vec<Choice> {
    crate::catalog::model::LEVELS
        .iter()
        .map(|l| (l.to_string(), t.t(&format!("admin-level-{}", l.replace('_', "-")))))
        .collect()
}

async fn agencies_render(
    state: &AppState,
    ctx: &RequestCtx,
    form: AgencyForm,
    errs: &[FieldError],
    editing: bool,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let catalog = crate::catalog::service::snapshot(state).await?;
    let agencies = if editing {
        vec![]
    } else {
        catalog
            .agencies
            .iter()
            .map(|a| AgencyEntry {
                id: a.id.clone(),
                name: a.name.get(ctx.lang).to_string(),
                level: t.t(&format!("admin-level-{}", a.level.replace('_', "-"))),
            })
            .collect()
    };
    let title = if editing { t.t1("admin-agency-edit", "id", &form.id) } else { t.t("admin-agencies-title") };
    let mut l = Layout::new(ctx, title).with_errors(!errs.is_empty());
    l.notice = notice;
    let page = AgenciesPage { l, agencies, levels: levels(t), form, errors: FormErrors::from_fields(t, errs), editing };
    render_form(&page, !errs.is_empty())
}

async fn agencies_page(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let notice = done_notice(auth.ctx.t(), &q.selesai);
    agencies_render(&state, &auth.ctx, AgencyForm::default(), &[], false, notice).await
}

async fn agencies_create(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<AgencyForm>,
) -> Result<Response, AppError> {
    let input =
        service::AgencyInput { id: &form.id, name_id: &form.name_id, name_en: &form.name_en, level: &form.level };
    let result = service::save_agency(&state, &auth.user, &input, true).await;
    after_post(
        result,
        |_| "/kelola/admin/instansi?selesai=instansi".to_string(),
        |errs| async move { agencies_render(&state, &auth.ctx, form, &errs, false, None).await },
    )
    .await
}

async fn agency_page(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let a = crate::catalog::service::agency(&state, &id).await?.ok_or(AppError::NotFound)?;
    let form = AgencyForm {
        id: a.id.clone(),
        name_id: a.name.0.get("id").cloned().unwrap_or_default(),
        name_en: a.name.0.get("en").cloned().unwrap_or_default(),
        level: a.level.clone(),
    };
    agencies_render(&state, &auth.ctx, form, &[], true, None).await
}

async fn agency_submit(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    ApiPath(id): ApiPath<String>,
    CsrfForm(form): CsrfForm<AgencyForm>,
) -> Result<Response, AppError> {
    let input = service::AgencyInput { id: &id, name_id: &form.name_id, name_en: &form.name_en, level: &form.level };
    let result = service::save_agency(&state, &auth.user, &input, false).await;
    let form = AgencyForm { id, ..form };
    after_post(
        result,
        |_| "/kelola/admin/instansi?selesai=instansi".to_string(),
        |errs| async move { agencies_render(&state, &auth.ctx, form, &errs, true, None).await },
    )
    .await
}

// --- Notification templates -------------------------------------------------------------

use crate::notify::templates::{self, KEYS, LANGS};

struct TemplateEntry {
    key: String,
    /// Per language: (code, overridden).
    langs: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "admin/templates.html")]
struct TemplatesPage<'a> {
    l: Layout<'a>,
    entries: Vec<TemplateEntry>,
}

async fn templates_page(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let over = templates::overridden(&mut *state.db.conn().await?).await?;
    let entries = KEYS
        .iter()
        .map(|k| TemplateEntry {
            key: k.to_string(),
            langs: LANGS
                .iter()
                .map(|l| (l.code().to_string(), over.iter().any(|(ok, ol)| ok == k && ol == l.code())))
                .collect(),
        })
        .collect();
    let mut l = Layout::new(&auth.ctx, t.t("admin-templates-title"));
    l.notice = done_notice(t, &q.selesai);
    Ok(render(&TemplatesPage { l, entries })?.into_response())
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct TemplateForm {
    bahasa: String,
    subject: String,
    body: String,
    aksi: String,
}

#[derive(Template)]
#[template(path = "admin/template.html")]
struct TemplatePage<'a> {
    l: Layout<'a>,
    key: String,
    lang: String,
    default_subject: String,
    default_body: String,
    overridden: bool,
    form: TemplateForm,
    errors: FormErrors,
    preview_subject: String,
    preview_body: String,
}

async fn template_render(
    state: &AppState,
    ctx: &RequestCtx,
    key: &str,
    form: Option<TemplateForm>,
    errs: &[FieldError],
    preview_text: Option<templates::Text>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let key = KEYS.iter().find(|k| **k == key).ok_or(AppError::NotFound)?;
    let lang_code = form.as_ref().map(|f| f.bahasa.clone()).unwrap_or_default();
    let lang = LANGS.into_iter().find(|l| l.code() == lang_code).unwrap_or(crate::web::Lang::Id);
    let saved = templates::get(&mut *state.db.conn().await?, key, lang).await?;
    let default_subject = templates::default_source(&format!("{key}-subject"), lang);
    let default_body = templates::default_source(&format!("{key}-body"), lang);
    let form = match form.filter(|f| !f.subject.is_empty() || !f.body.is_empty()) {
        Some(f) => TemplateForm { bahasa: lang.code().into(), ..f },
        None => {
            let (subject, body) = match &saved {
                Some(s) => (s.subject.clone(), s.body.clone()),
                None => (default_subject.clone(), default_body.clone()),
            };
            TemplateForm { bahasa: lang.code().into(), subject, body, aksi: String::new() }
        }
    };
    let (preview_subject, preview_body) = templates::preview(key, lang, preview_text.as_ref().or(saved.as_ref()));
    let title = t.t1("admin-template-title", "key", key);
    let page = TemplatePage {
        l: Layout::new(ctx, title).with_errors(!errs.is_empty()),
        key: key.to_string(),
        lang: lang.code().into(),
        default_subject,
        default_body,
        overridden: saved.is_some(),
        form,
        errors: FormErrors::from_fields(t, errs),
        preview_subject,
        preview_body,
    };
    render_form(&page, !errs.is_empty())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LangQuery {
    bahasa: String,
}

async fn template_page(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    ApiPath(key): ApiPath<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, AppError> {
    let form = TemplateForm { bahasa: q.bahasa, ..TemplateForm::default() };
    template_render(&state, &auth.ctx, &key, Some(form), &[], None).await
}

async fn template_submit(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    ApiPath(key): ApiPath<String>,
    CsrfForm(form): CsrfForm<TemplateForm>,
) -> Result<Response, AppError> {
    let done = "/kelola/admin/templat?selesai=templat";
    let result = match form.aksi.as_str() {
        "pratinjau" => match service::check_template(&key, &form.bahasa, &form.subject, &form.body) {
            Ok(text) => return template_render(&state, &auth.ctx, &key, Some(form), &[], Some(text)).await,
            Err(e) => Err(e),
        },
        "reset" => service::reset_template(&state, &auth.user, &key, &form.bahasa).await,
        _ => service::save_template(&state, &auth.user, &key, &form.bahasa, &form.subject, &form.body).await,
    };
    match result {
        Ok(()) => Ok(see_other(done)),
        Err(AppError::Validation(errs)) => template_render(&state, &auth.ctx, &key, Some(form), &errs, None).await,
        Err(e) => Err(e),
    }
}

// --- The audit log -------------------------------------------------------------------------

/// Acts per page of the audit log.
const PER_PAGE: i64 = 50;

/// The most acts one export holds.
const EXPORT_LIMIT: i64 = 100_000;

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
struct AuditQuery {
    dari: String,
    sampai: String,
    pelaku: String,
    aksi: String,
    #[serde(skip_serializing)]
    hal: String,
}

impl AuditQuery {
    /// The filter, or the fields that are wrong.
    fn filter(&self, offset_hours: i8) -> Result<Filter, Vec<FieldError>> {
        let mut errs = vec![];
        let day = |s: &str, name: &'static str, errs: &mut Vec<FieldError>| -> Option<i64> {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            match crate::calendar::parse_date(s) {
                Some(d) => Some(crate::calendar::day_start(d, offset_hours)),
                None => {
                    errs.push(FieldError::new(name, "field-date"));
                    None
                }
            }
        };
        let from = day(&self.dari, "dari", &mut errs);
        let until = day(&self.sampai, "sampai", &mut errs).map(|t| t + 86_400);
        let actor = Some(self.pelaku.trim()).filter(|a| !a.is_empty()).map(str::to_string);
        if actor.as_deref().is_some_and(|a| a != "cli" && a.parse::<i64>().is_err()) {
            errs.push(FieldError::new("pelaku", "admin-audit-actor-invalid"));
        }
        let action = Some(self.aksi.trim()).filter(|a| !a.is_empty()).map(str::to_string);
        if action.as_deref().is_some_and(|a| !audit::ACTIONS.contains(&a)) {
            errs.push(FieldError::new("aksi", "field-option"));
        }
        match errs.is_empty() {
            true => Ok(Filter { from, until, actor, action }),
            false => Err(errs),
        }
    }

    fn page(&self) -> i64 {
        self.hal.trim().parse::<i64>().ok().filter(|p| (1..=100_000).contains(p)).unwrap_or(1)
    }

    /// The query string of the same filters (for paging and downloads).
    fn query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

struct AuditRow {
    at: String,
    actor: String,
    action: String,
    target: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage<'a> {
    l: Layout<'a>,
    q: AuditQuery,
    rows: Vec<AuditRow>,
    actions: Vec<Choice>,
    errors: FormErrors,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
}

fn audit_row(t: T<'_>, e: &Entry) -> AuditRow {
    AuditRow {
        at: fmt_datetime(e.at, t.lang),
        actor: match e.actor_user_id {
            Some(id) => format!("{} (#{id})", e.actor_label),
            None => t.t("admin-audit-cli"),
        },
        action: e.action.clone(),
        target: format!("{} {}", e.target_type, e.target_id),
        detail: e.detail.to_string(),
    }
}

async fn audit_page(
    State(state): State<AppState>,
    auth: Authorized<Auditors>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let (ctx, t) = (&auth.ctx, auth.ctx.t());
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let (filter, errs) = match q.filter(offset) {
        Ok(f) => (Some(f), vec![]),
        Err(errs) => (None, errs),
    };
    let page = q.page();
    let (rows, total) = match &filter {
        Some(f) => {
            let mut conn = state.db.conn().await?;
            let total = audit::count(&mut conn, f).await?;
            let rows = audit::list(&mut conn, f, PER_PAGE, (page - 1) * PER_PAGE).await?;
            (rows.iter().map(|e| audit_row(t, e)).collect(), total)
        }
        None => (vec![], 0),
    };
    let actions = audit::ACTIONS.iter().map(|a| (a.to_string(), a.to_string())).collect();
    let l = Layout::new(ctx, t.t("admin-audit-title")).with_errors(!errs.is_empty());
    let query = q.query_string();
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let page = AuditPage { l, q, rows, actions, errors: FormErrors::from_fields(t, &errs), total, page, pages, query };
    render_form(&page, !errs.is_empty())
}

/// The acts an export holds, or 400 for a filter that is wrong.
async fn export_entries(state: &AppState, q: &AuditQuery) -> Result<Vec<Entry>, AppError> {
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let f = q.filter(offset).map_err(|errs| AppError::bad_request(errs.first().map_or("field-option", |e| e.key)))?;
    Ok(audit::list(&mut *state.db.conn().await?, &f, EXPORT_LIMIT, 0).await?)
}

async fn audit_csv(
    State(state): State<AppState>,
    _auth: Authorized<Auditors>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let entries = export_entries(&state, &q).await?;
    Ok(attachment("text/csv; charset=utf-8", "audit.csv", audit::csv(&entries)))
}

async fn audit_json(
    State(state): State<AppState>,
    _auth: Authorized<Auditors>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let entries = export_entries(&state, &q).await?;
    let body = serde_json::to_string(&entries).map_err(|e| AppError::Internal(e.into()))?;
    Ok(attachment("application/json", "audit.json", body))
}
