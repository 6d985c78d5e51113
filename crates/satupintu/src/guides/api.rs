//! `/api/v1/guides`: the step-by-step guides, in Indonesian and English, each step with its
//! plain-language text and its pictogram.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::Bilingual;
use super::service;
use super::store::Guide;
use crate::app::AppState;
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiPath};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(guides)).routes(routes!(guide))
}

/// A text in Indonesian and English (English is empty when not translated).
#[derive(Serialize, ToSchema)]
#[schema(as = GuideText)]
struct Text {
    id: String,
    en: String,
}

impl From<&Bilingual> for Text {
    fn from(b: &Bilingual) -> Text {
        Text { id: b.id.clone(), en: b.en.clone() }
    }
}

/// A guide in the list.
#[derive(Serialize, ToSchema)]
#[schema(as = GuideSummary)]
struct GuideOut {
    slug: String,
    title: Text,
    summary: Text,
    /// The catalogue service the guide explains, if any.
    service_id: Option<String>,
    agency_id: Option<String>,
    steps: i64,
    /// The guide's page (`?mudah=1` for the plain-language version, `/cetak` to print).
    url: String,
    /// Unix seconds (UTC).
    updated_at: i64,
}

fn guide_out(g: &Guide, steps: i64) -> GuideOut {
    GuideOut {
        slug: g.slug.clone(),
        title: (&g.title).into(),
        summary: (&g.summary).into(),
        service_id: g.service_id.clone(),
        agency_id: g.agency_id.clone(),
        steps,
        url: format!("/panduan/{}", g.slug),
        updated_at: g.updated_at,
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = GuideList)]
struct GuideList {
    guides: Vec<GuideOut>,
}

/// Every guide.
#[utoipa::path(get, path = "/api/v1/guides", tag = "guides", responses((status = 200, body = GuideList)))]
async fn guides(State(state): State<AppState>) -> Result<Json<GuideList>, ApiError> {
    let list = service::guides(&state).await?;
    Ok(Json(GuideList { guides: list.iter().map(|(g, n)| guide_out(g, *n)).collect() }))
}

/// One step of a guide.
#[derive(Serialize, ToSchema)]
#[schema(as = GuideStep)]
struct StepOut {
    /// 1 for the first step.
    number: i64,
    /// The pictogram's name in the built-in set (`idcard`, `camera`, `form`, `office`...).
    icon: String,
    heading: Text,
    body: Text,
    /// The plain-language text ("Bacaan mudah"); empty when the body is already plain.
    easy: Text,
}

#[derive(Serialize, ToSchema)]
#[schema(as = GuideDetail)]
struct GuideDetail {
    guide: GuideOut,
    steps: Vec<StepOut>,
}

/// One guide with its steps (404 when there is none with this slug).
#[utoipa::path(get, path = "/api/v1/guides/{slug}", tag = "guides", params(("slug" = String, Path)),
    responses((status = 200, body = GuideDetail), (status = 404, body = ErrorEnvelope)))]
async fn guide(State(state): State<AppState>, ApiPath(slug): ApiPath<String>) -> Result<Json<GuideDetail>, ApiError> {
    let v = service::guide(&state, &slug).await?;
    let steps = v
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepOut {
            number: i as i64 + 1,
            icon: s.icon.clone(),
            heading: (&s.heading).into(),
            body: (&s.body).into(),
            easy: (&s.easy).into(),
        })
        .collect();
    Ok(Json(GuideDetail { guide: guide_out(&v.guide, v.steps.len() as i64), steps }))
}
