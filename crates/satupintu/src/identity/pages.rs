//! Sign-up, sign-in (with the second factor), account and sign-out pages.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::Registration;
use super::service::{self, SessionKind};
use super::store::Profile;
use crate::app::AppState;
use crate::web::auth::{Authorized, CatalogAdmins, SignedIn};
use crate::web::context::{set_cookie, SESSION_COOKIE};
use crate::web::routes::Pages;
use crate::web::{
    after_post, render, render_form, safe_next, see_other, AppError, CsrfForm, Ctx, FieldError, FormErrors, Layout,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/daftar", register_form)
        .post("/daftar", register_submit)
        .get("/masuk", login_form)
        .post("/masuk", login_submit)
        .get("/masuk/2fa", totp_form)
        .post("/masuk/2fa", totp_submit)
        .get("/masuk/2fa/aktifkan", enrol_form)
        .post("/masuk/2fa/aktifkan", enrol_submit)
        .post("/keluar", logout)
        .get("/akun", account)
        .get("/kelola/petugas", staff_page)
        .post("/kelola/petugas/nik", staff_nik_submit)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RegisterForm {
    nik: String,
    full_name: String,
    email: String,
    phone: String,
    password: String,
}

#[derive(Template)]
#[template(path = "identity/register.html")]
struct RegisterPage<'a> {
    l: Layout<'a>,
    form: RegisterForm,
    errors: FormErrors,
}

async fn register_form(ctx: Ctx) -> Result<Response, AppError> {
    let l = Layout::new(&ctx, ctx.t().t("register-title"));
    Ok(render(&RegisterPage { l, form: RegisterForm::default(), errors: FormErrors::default() })?.into_response())
}

async fn register_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<RegisterForm>,
) -> Result<Response, AppError> {
    let parsed = Registration::parse(
        Some(&form.nik),
        Some(&form.full_name),
        Some(&form.email),
        Some(&form.phone),
        Some(&form.password),
    );
    let result = match parsed {
        Ok(reg) => service::register(&state, reg).await.map(|_| ()),
        Err(fields) => Err(AppError::Validation(fields)),
    };
    match result {
        Ok(()) => Ok(see_other("/masuk?terdaftar=1")),
        Err(AppError::Validation(fields)) => {
            let l = Layout::new(&ctx, ctx.t().t("register-title")).with_errors(true);
            let errors = FormErrors::from_fields(ctx.t(), &fields);
            let form = RegisterForm { password: String::new(), ..form };
            let body = render(&RegisterPage { l, form, errors })?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginQuery {
    next: Option<String>,
    terdaftar: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    login: String,
    password: String,
    next: String,
}

#[derive(Template)]
#[template(path = "identity/login.html")]
struct LoginPage<'a> {
    l: Layout<'a>,
    login: String,
    next: String,
    error: Option<String>,
    /// National sign-in: the "sign in with" link, when configured.
    oidc: Option<OidcButton>,
}

/// The national sign-in link on the sign-in page.
struct OidcButton {
    text: String,
    href: String,
}

impl OidcButton {
    fn new(state: &AppState, ctx: &Ctx, next: &str) -> Option<OidcButton> {
        let label = crate::oidc::service::label(state)?;
        let href = if next.is_empty() {
            "/auth/oidc/login".to_string()
        } else {
            format!("/auth/oidc/login?{}", serde_urlencoded::to_string([("next", next)]).unwrap_or_default())
        };
        Some(OidcButton { text: ctx.t().t1("oidc-login-button", "label", label), href })
    }
}

async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    let mut l = Layout::new(&ctx, ctx.t().t("login-title"));
    if q.terdaftar.is_some() {
        l.notice = Some(ctx.t().t("register-done"));
    }
    let next = safe_next(q.next.as_deref(), "");
    let oidc = OidcButton::new(&state, &ctx, &next);
    Ok(render(&LoginPage { l, login: String::new(), next, error: None, oidc })?.into_response())
}

async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, AppError> {
    match service::login(&state, &form.login, &form.password, None, ctx.client_ip, SessionKind::Web).await {
        Ok(out) => {
            let target = match out.stage {
                "totp" => "/masuk/2fa".to_string(),
                "enrol" => "/masuk/2fa/aktifkan".to_string(),
                _ => safe_next(Some(&form.next), "/akun"),
            };
            let cookie = set_cookie(SESSION_COOKIE, &out.token, None, state.config.cookies_secure());
            Ok(([(SET_COOKIE, cookie)], see_other(&target)).into_response())
        }
        Err(e @ (AppError::Auth { .. } | AppError::RateLimited { .. })) => {
            let status = e.status();
            let l = Layout::new(&ctx, ctx.t().t("login-title")).with_errors(true);
            let next = safe_next(Some(&form.next), "");
            let page = LoginPage {
                error: Some(e.message(ctx.lang)),
                l,
                login: form.login,
                oidc: OidcButton::new(&state, &ctx, &next),
                next,
            };
            Ok((status, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CodeForm {
    code: String,
}

#[derive(Template)]
#[template(path = "identity/totp.html")]
struct TotpPage<'a> {
    l: Layout<'a>,
    enrol: Option<service::Enrolment>,
    error: Option<String>,
}

/// The user in the middle of signing in (any stage).
fn pending(ctx: &Ctx) -> Result<(&super::CurrentUser, &str), AppError> {
    match (&ctx.user, &ctx.session_token) {
        (Some(u), Some(t)) => Ok((u, t.as_str())),
        _ => Err(AppError::Unauthorized),
    }
}

async fn totp_form(ctx: Ctx) -> Result<Response, AppError> {
    let (user, _) = pending(&ctx)?;
    if user.stage != "totp" {
        return Ok(see_other("/akun"));
    }
    let l = Layout::new(&ctx, ctx.t().t("totp-title"));
    Ok(render(&TotpPage { l, enrol: None, error: None })?.into_response())
}

async fn totp_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let (user, token) = pending(&ctx)?;
    match service::verify_totp(&state, token, user, &form.code).await {
        Ok(()) => Ok(see_other("/akun")),
        Err(AppError::Validation(f)) => {
            let l = Layout::new(&ctx, ctx.t().t("totp-title")).with_errors(true);
            let error = f.first().map(|f| ctx.t().t(f.key));
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&TotpPage { l, enrol: None, error })?)
                .into_response())
        }
        Err(e) => Err(e),
    }
}

async fn enrol_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let (user, _) = pending(&ctx)?;
    if !user.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    let enrol = service::start_enrolment(&state, user).await?;
    let l = Layout::new(&ctx, ctx.t().t("enrol-title"));
    Ok(render(&TotpPage { l, enrol: Some(enrol), error: None })?.into_response())
}

async fn enrol_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    let (user, token) = pending(&ctx)?;
    if !user.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    match service::confirm_enrolment(&state, token, user, &form.code).await {
        Ok(()) => Ok(see_other("/akun")),
        Err(AppError::Validation(f)) => {
            let enrol = service::start_enrolment(&state, user).await?;
            let l = Layout::new(&ctx, ctx.t().t("enrol-title")).with_errors(true);
            let error = f.first().map(|f| ctx.t().t(f.key));
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&TotpPage { l, enrol: Some(enrol), error })?)
                .into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "identity/account.html")]
struct AccountPage<'a> {
    l: Layout<'a>,
    p: Profile,
    role_label: String,
    /// National sign-in: the identities linked to this account.
    oidc_links: Vec<OidcLink>,
    /// The account may assist citizens (an officer, or an appointed volunteer).
    may_assist: bool,
}

struct OidcLink {
    issuer: String,
    label: String,
    since: String,
    can_unlink: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AccountQuery {
    identitas: Option<String>,
}

async fn account(
    State(state): State<AppState>,
    auth: SignedIn,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let p = service::profile(&state, auth.id).await?;
    let mut l = Layout::new(ctx, ctx.t().t("account-title"));
    if q.identitas.as_deref() == Some("diputus") {
        l.notice = Some(ctx.t().t("oidc-unlinked"));
    }
    let role_label = ctx.t().t(&format!("role-{}", p.role.as_str().replace('_', "-")));
    let label = crate::oidc::service::label(&state);
    let oidc_links = crate::oidc::service::links(&state, auth.id)
        .await?
        .into_iter()
        .map(|k| OidcLink {
            label: match (&label, state.config.oidc_issuer.as_deref() == Some(k.issuer.as_str())) {
                (Some(name), true) => name.clone(),
                _ => k.issuer.clone(),
            },
            since: crate::web::fmt_datetime(k.linked_at, ctx.lang),
            can_unlink: k.can_unlink,
            issuer: k.issuer,
        })
        .collect();
    let may_assist = crate::assisted::service::may_assist(&state, &auth.user).await?;
    Ok(render(&AccountPage { l, p, role_label, oidc_links, may_assist })?.into_response())
}

async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<CodeForm>,
) -> Result<Response, AppError> {
    if let Some(token) = &ctx.session_token {
        service::logout(&state, token).await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", Some(0), state.config.cookies_secure());
    Ok(([(SET_COOKIE, cookie)], see_other("/")).into_response())
}

// --- Staff management: the NIK that links national sign-in to a staff account -------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct StaffNikForm {
    staff: String,
    nik: String,
}

struct StaffEntry {
    id: i64,
    name: String,
    email: String,
    role: String,
    agency: String,
    nik: String,
    totp: bool,
    selected: bool,
}

#[derive(Template)]
#[template(path = "identity/staff.html")]
struct StaffPage<'a> {
    l: Layout<'a>,
    staff: Vec<StaffEntry>,
    form: StaffNikForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StaffQuery {
    nik: Option<String>,
}

async fn staff_render(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    notice: Option<String>,
    form: StaffNikForm,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = service::staff_accounts(state, &auth.user).await?;
    let catalog = crate::catalog::service::snapshot(state).await?;
    let staff = rows
        .into_iter()
        .map(|r| StaffEntry {
            selected: form.staff == r.id.to_string(),
            id: r.id,
            name: r.full_name,
            email: r.email.unwrap_or_default(),
            role: t.t(&format!("role-{}", r.role.as_str().replace('_', "-"))),
            agency: r
                .agency_id
                .as_deref()
                .map(|a| catalog.agency(a).map_or(a, |ag| ag.name.get(auth.ctx.lang)).to_string())
                .unwrap_or_default(),
            nik: r.nik.and_then(|n| super::Nik::parse(&n).ok()).map(|n| n.masked()).unwrap_or_default(),
            totp: r.totp_enabled,
        })
        .collect();
    let mut l = Layout::new(&auth.ctx, t.t("staff-title")).with_errors(!errs.is_empty());
    l.notice = notice;
    let page = StaffPage { l, staff, form, errors: FormErrors::from_fields(t, errs) };
    render_form(&page, !errs.is_empty())
}

async fn staff_page(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    Query(q): Query<StaffQuery>,
) -> Result<Response, AppError> {
    let notice = match q.nik.as_deref() {
        Some("disimpan") => Some(auth.ctx.t().t("staff-nik-saved")),
        Some("dihapus") => Some(auth.ctx.t().t("staff-nik-removed")),
        _ => None,
    };
    staff_render(&state, &auth, notice, StaffNikForm::default(), &[]).await
}

async fn staff_nik_submit(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    CsrfForm(form): CsrfForm<StaffNikForm>,
) -> Result<Response, AppError> {
    let result = match form.staff.trim().parse::<i64>() {
        Ok(id) => service::set_staff_nik(&state, &auth.user, id, &form.nik).await,
        Err(_) => Err(AppError::Validation(vec![FieldError::new("staff", "staff-choose")])),
    };
    let cleared = form.nik.trim().is_empty();
    after_post(
        result,
        |()| format!("/kelola/petugas?nik={}", if cleared { "dihapus" } else { "disimpan" }),
        |errs| async move { staff_render(&state, &auth, None, form, &errs).await },
    )
    .await
}
