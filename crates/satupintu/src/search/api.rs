//! `GET /api/v1/search?q=...`

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::catalog::service as catalog;
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiQuery, Ctx};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// What the citizen typed, informal spelling welcome ("bikin akte lahir").
    pub q: Option<String>,
    /// Most results to return (1-50, default 10).
    pub limit: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResult {
    /// `service` (other content types join later).
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    /// Title in the request's language.
    pub title: String,
    pub url: String,
    pub summary: String,
    pub agency: String,
    pub score: f32,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    pub results: Vec<SearchResult>,
}

/// Search services (best first), understanding everyday Indonesian.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 400, body = ErrorEnvelope)))]
async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResults>, ApiError> {
    let limit = q.limit.unwrap_or(10).clamp(1, 50);
    let snap = catalog::snapshot(&state).await?;
    let text = q.q.unwrap_or_default();
    let results = snap
        .search(&text, limit)
        .into_iter()
        .map(|(r, score)| SearchResult {
            kind: "service".into(),
            id: r.service.id.clone(),
            title: r.service.name.get(ctx.lang).to_string(),
            url: format!("/layanan/{}", r.service.id),
            summary: r.service.summary.get(ctx.lang).to_string(),
            agency: r.service.agency.clone(),
            score,
        })
        .collect();
    Ok(Json(SearchResults { results }))
}
