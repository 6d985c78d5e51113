//! `/api/v1/reports`: send a report, read one, list public ones (by map box and filters), act.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, ActionInput, NewReport, ReportSummary, ReportView, Similar};
use super::store::Filter;
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens, SignedIn};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiJson, ApiPath, ApiQuery, AppError, Ctx, FieldError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(get_one))
        .routes(routes!(take_action))
        .routes(routes!(support))
        .routes(routes!(rate))
        .routes(routes!(similar))
        .routes(routes!(photo))
}

/// Report a problem (signed-in citizens).
#[utoipa::path(post, path = "/api/v1/reports", tag = "reports", request_body = NewReport, security(("bearer" = [])),
    responses((status = 201, body = ReportView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn create(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiJson(req): ApiJson<NewReport>,
) -> Result<(StatusCode, Json<ReportView>), ApiError> {
    let report = service::create(&state, &auth.user, req).await?;
    Ok((StatusCode::CREATED, Json(service::view(&state, Some(&auth.user), &report.code).await?)))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// `minlon,minlat,maxlon,maxlat` (WGS 84).
    bbox: Option<String>,
    category: Option<String>,
    status: Option<String>,
    /// A region code prefix: province (2 digits), regency (4) or district (6).
    region: Option<String>,
    /// Only reports sent at or after this time (unix seconds).
    since: Option<i64>,
    /// Only reports sent at or before this time (unix seconds).
    until: Option<i64>,
    /// At most this many (1 to 1000, default 200).
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct ReportList {
    reports: Vec<ReportSummary>,
}

fn parse_bbox(text: &str) -> Option<(f64, f64, f64, f64)> {
    let v: Vec<f64> = text.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().ok()?;
    let [min_lon, min_lat, max_lon, max_lat] = v[..] else { return None };
    let ok = v.iter().all(|x| x.is_finite())
        && (-180.0..=180.0).contains(&min_lon)
        && (-180.0..=180.0).contains(&max_lon)
        && (-90.0..=90.0).contains(&min_lat)
        && (-90.0..=90.0).contains(&max_lat)
        && min_lon <= max_lon
        && min_lat <= max_lat;
    ok.then_some((min_lon, min_lat, max_lon, max_lat))
}

/// Public reports (not confidential, not hidden), newest first.
#[utoipa::path(get, path = "/api/v1/reports", tag = "reports", params(ListQuery),
    responses((status = 200, body = ReportList), (status = 400, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn list(State(state): State<AppState>, ApiQuery(q): ApiQuery<ListQuery>) -> Result<Json<ReportList>, ApiError> {
    let mut errs = vec![];
    let bbox = match q.bbox.as_deref().filter(|b| !b.trim().is_empty()) {
        Some(b) => {
            let parsed = parse_bbox(b);
            if parsed.is_none() {
                errs.push(FieldError::new("bbox", "field-bbox"));
            }
            parsed
        }
        None => None,
    };
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        errs.push(FieldError::new("limit", "field-invalid"));
    }
    if !errs.is_empty() {
        return Err(AppError::Validation(errs).into());
    }
    let filter = Filter {
        bbox,
        category: q.category.filter(|c| !c.is_empty()),
        status: q.status.filter(|s| !s.is_empty()),
        region: q.region.filter(|r| !r.is_empty()),
        since: q.since,
        until: q.until,
        limit,
    };
    Ok(Json(ReportList { reports: service::public_list(&state, &filter).await? }))
}

/// A report: the public see public reports; the reporter and the staff who handle it see more.
#[utoipa::path(get, path = "/api/v1/reports/{code}", tag = "reports", params(("code" = String, Path)),
    responses((status = 200, body = ReportView), (status = 404, body = ErrorEnvelope)))]
async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<ReportView>, ApiError> {
    let viewer = ctx.user.as_ref().filter(|u| u.is_full());
    Ok(Json(service::view(&state, viewer, &code).await?))
}

/// Act on a report: the coordinator verifies and dispatches, the agency responds and resolves,
/// the reporter reopens or closes.
#[utoipa::path(post, path = "/api/v1/reports/{code}/actions", tag = "reports", params(("code" = String, Path)),
    request_body = ActionInput, security(("bearer" = [])),
    responses((status = 200, body = ReportView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn take_action(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ActionInput>,
) -> Result<Json<ReportView>, ApiError> {
    let report = service::act(&state, &auth.user, &code, req).await?;
    Ok(Json(service::view(&state, Some(&auth.user), &report.code).await?))
}

/// Support a report (+1) and follow its updates (citizens; not one's own report).
#[utoipa::path(post, path = "/api/v1/reports/{code}/support", tag = "reports", params(("code" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ReportView), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
async fn support(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<ReportView>, ApiError> {
    service::support(&state, &auth.user, &code).await?;
    Ok(Json(service::view(&state, Some(&auth.user), &code).await?))
}

/// The reporter's rating of the handling.
#[derive(Deserialize, Default, ToSchema)]
#[serde(default)]
struct RatingInput {
    /// 1 (poor) to 5 (very good).
    stars: i64,
    comment: Option<String>,
}

/// Rate how a resolved or closed report was handled (its reporter, once).
#[utoipa::path(post, path = "/api/v1/reports/{code}/rating", tag = "reports", params(("code" = String, Path)),
    request_body = RatingInput, security(("bearer" = [])),
    responses((status = 200, body = ReportView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
async fn rate(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<RatingInput>,
) -> Result<Json<ReportView>, ApiError> {
    service::rate(&state, &auth.user, &code, req.stars, req.comment.as_deref()).await?;
    Ok(Json(service::view(&state, Some(&auth.user), &code).await?))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct SimilarQuery {
    category: String,
    lat: f64,
    lon: f64,
    /// What the citizen has written so far.
    description: String,
}

#[derive(Serialize, ToSchema)]
struct SimilarList {
    reports: Vec<Similar>,
}

/// Before sending: open reports of the same category nearby, the most alike first, so the
/// citizen can support one instead of sending the same report again.
#[utoipa::path(get, path = "/api/v1/reports/similar", tag = "reports", params(SimilarQuery),
    responses((status = 200, body = SimilarList), (status = 400, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn similar(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<SimilarQuery>,
) -> Result<Json<SimilarList>, ApiError> {
    let viewer = ctx.user.as_ref().filter(|u| u.is_full());
    let reports = service::similar(&state, viewer, &q.category, q.lat, q.lon, &q.description).await?;
    Ok(Json(SimilarList { reports }))
}

/// A photo of a report (JPEG or PNG, re-encoded without location metadata when it was uploaded).
#[utoipa::path(get, path = "/api/v1/reports/{code}/photos/{n}", tag = "reports",
    params(("code" = String, Path), ("n" = u32, Path, description = "The photo's number, from 1")),
    responses((status = 200, description = "The photo", content((String = "image/jpeg"), (String = "image/png"))),
              (status = 404, body = ErrorEnvelope)))]
async fn photo(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((code, n)): ApiPath<(String, u32)>,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::{header, HeaderValue};
    use axum::response::IntoResponse;
    let viewer = ctx.user.as_ref().filter(|u| u.is_full());
    let (bytes, mime) = service::photo(&state, viewer, &code, n as usize).await?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("image/png")));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    Ok(resp)
}
