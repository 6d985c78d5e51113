//! `/api/v1/announcements`: the public announcements (published, not expired, not withdrawn).

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service;
use super::store::Announcement;
use crate::app::AppState;
use crate::web::error::ErrorEnvelope;
use crate::web::{rfc3339, ApiError, ApiPath, ApiQuery, AppError, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(one))
}

/// An announcement as published.
#[derive(Serialize, ToSchema)]
#[schema(as = AnnouncementOut)]
pub struct AnnouncementOut {
    pub slug: String,
    /// `pengumuman` or `berita`.
    pub kind: String,
    pub agency_id: String,
    pub agency_name: String,
    pub region: String,
    pub title: String,
    pub summary: String,
    /// Plain text; paragraphs separated by an empty line.
    pub body: String,
    /// RFC 3339.
    pub published_at: String,
    pub expires_at: Option<String>,
    pub updated_at: String,
    pub url: String,
}

async fn out(state: &AppState, a: Announcement) -> Result<AnnouncementOut, AppError> {
    Ok(AnnouncementOut {
        url: format!("{}/pengumuman/{}", state.base_url(), a.slug),
        agency_name: service::agency_name(state, &a.agency_id, Lang::Id).await?,
        published_at: rfc3339(a.publish_at),
        expires_at: a.expires_at.map(rfc3339),
        updated_at: rfc3339(a.updated_at.max(a.publish_at)),
        slug: a.slug,
        kind: a.kind,
        agency_id: a.agency_id,
        region: a.region,
        title: a.title,
        summary: a.summary,
        body: a.body,
    })
}

#[derive(Serialize, ToSchema)]
#[schema(as = AnnouncementList)]
struct AnnouncementList {
    page: i64,
    pages: i64,
    announcements: Vec<AnnouncementOut>,
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only this agency (its id, e.g. `disdukcapil`).
    agency: Option<String>,
    /// Page number, from 1 (10 per page).
    page: Option<i64>,
}

/// Public announcements, newest first.
#[utoipa::path(get, path = "/api/v1/announcements", tag = "announcements", params(ListQuery),
    responses((status = 200, body = AnnouncementList), (status = 400, body = ErrorEnvelope)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<AnnouncementList>, ApiError> {
    let agency = q.agency.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let p = service::public_page(&state, agency, q.page.unwrap_or(1)).await?;
    let mut announcements = vec![];
    for a in p.items {
        announcements.push(out(&state, a).await?);
    }
    Ok(Json(AnnouncementList { page: p.page, pages: p.pages, announcements }))
}

/// One public announcement (404 before its publishing time, after it expired or once withdrawn).
#[utoipa::path(get, path = "/api/v1/announcements/{slug}", tag = "announcements", params(("slug" = String, Path)),
    responses((status = 200, body = AnnouncementOut), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn one(State(state): State<AppState>, ApiPath(slug): ApiPath<String>) -> Result<Json<AnnouncementOut>, ApiError> {
    let a = service::public_one(&state, &slug).await?;
    Ok(Json(out(&state, a).await?))
}
