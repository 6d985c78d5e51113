//! The public verification page, the PDF download, revocation by officers, and the API.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Document, Verdict};
use crate::app::AppState;
use crate::web::auth::{Authorized, CaseWorkers, SignedIn};
use crate::web::error::ErrorEnvelope;
use crate::web::routes::Pages;
use crate::web::{render, see_other, ApiError, ApiJson, ApiPath, AppError, CsrfForm, Ctx, Layout};

pub fn pages() -> Pages {
    Pages::new()
        .get("/verifikasi/{number}", verify_page)
        .get("/dokumen/{number}/pdf", download_pdf)
        .post("/petugas/dokumen/{number}/cabut", revoke_page)
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(verify_api)).routes(routes!(revoke_api))
}

async fn load(state: &AppState, number: &str) -> Result<Option<Document>, AppError> {
    let mut tx = state.db.read().await?;
    let d = super::by_number(&mut tx, number).await?;
    tx.commit().await?;
    Ok(d)
}

fn today(state: &AppState) -> time::Date {
    crate::calendar::local_date(crate::db::now(), state.config.utc_offset_hours().unwrap_or(7))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// The signature printed in the document's QR code.
    s: Option<String>,
}

#[derive(Template)]
#[template(path = "documents/verify.html")]
struct VerifyPage<'a> {
    l: Layout<'a>,
    number: String,
    v: Verdict,
}

async fn verify_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(number): ApiPath<String>,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, AppError> {
    let doc = load(&state, &number).await?;
    let v = super::verdict(&state.keys, doc.as_ref(), q.s.as_deref(), today(&state));
    let l = Layout::new(&ctx, ctx.t().t1("verify-title", "number", &number));
    Ok(render(&VerifyPage { l, number, v })?.into_response())
}

/// Check a document: authentic or not, and valid, expired or revoked.
#[utoipa::path(get, path = "/api/v1/documents/{number}/verify", tag = "applications", params(("number" = String, Path), VerifyQuery),
    responses((status = 200, body = Verdict), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn verify_api(
    State(state): State<AppState>,
    ApiPath(number): ApiPath<String>,
    crate::web::ApiQuery(q): crate::web::ApiQuery<VerifyQuery>,
) -> Result<Json<Verdict>, ApiError> {
    let doc = load(&state, &number).await?;
    Ok(Json(super::verdict(&state.keys, doc.as_ref(), q.s.as_deref(), today(&state))))
}

async fn download_pdf(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(number): ApiPath<String>,
) -> Result<Response, AppError> {
    let number = number.trim_end_matches(".pdf").to_string();
    let doc = load(&state, &number).await?.ok_or(AppError::NotFound)?;
    if !super::may_read(&state, &auth.user, &doc).await? {
        return Err(AppError::NotFound);
    }
    let mut resp = super::pdf(&state, &doc).await?.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{}.pdf\"", doc.number)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(resp)
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct RevokeRequest {
    pub reason: String,
}

async fn revoke_page(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(number): ApiPath<String>,
    CsrfForm(form): CsrfForm<RevokeRequest>,
) -> Result<Response, AppError> {
    match super::revoke_as(&state, &auth.user, &number, &form.reason).await {
        Ok(code) => Ok(see_other(&format!("/petugas/permohonan/{code}"))),
        Err(AppError::Validation(_)) => Err(AppError::BadRequest {
            key: "error-action-input",
            detail: Some(auth.ctx.t().t("revoke-reason-required")),
        }),
        Err(e) => Err(e),
    }
}

/// Revoke an issued document (officers and supervisors of its agency), with a reason.
#[utoipa::path(post, path = "/api/v1/documents/{number}/revoke", tag = "applications", params(("number" = String, Path)),
    request_body = RevokeRequest, security(("bearer" = [])),
    responses((status = 200, body = Verdict), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
async fn revoke_api(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(number): ApiPath<String>,
    ApiJson(req): ApiJson<RevokeRequest>,
) -> Result<Json<Verdict>, ApiError> {
    super::revoke_as(&state, &auth.user, &number, &req.reason).await?;
    let doc = load(&state, &number).await?;
    Ok(Json(super::verdict(&state.keys, doc.as_ref(), None, today(&state))))
}
