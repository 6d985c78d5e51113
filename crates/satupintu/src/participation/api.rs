//! `/api/v1/participation`: the ideas and the published results of participatory budgeting (every
//! anonymous ballot, the tally and the digest the ledger holds), so anyone can count again.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{model, service};
use crate::app::AppState;
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiPath, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(ideas)).routes(routes!(results))
}

/// An idea as published.
#[derive(Serialize, ToSchema)]
struct IdeaOut {
    id: i64,
    title: String,
    category: String,
    agency_id: Option<String>,
    region: String,
    /// `open`, `awaiting_answer` or `answered`.
    status: String,
    supports: i64,
    /// `accepted`, `rejected` or `studying` once answered.
    answer: Option<String>,
    answer_text: Option<String>,
    created_at: i64,
}

#[derive(Serialize, ToSchema)]
struct IdeaList {
    /// Supports an idea needs before it awaits an official answer.
    threshold: i64,
    ideas: Vec<IdeaOut>,
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
struct IdeasQuery {
    /// `open`, `awaiting_answer` or `answered` (any other value: all).
    status: Option<String>,
}

/// Citizens' ideas (visible ones, newest first).
#[utoipa::path(get, path = "/api/v1/participation/ideas", tag = "participation", params(IdeasQuery),
    responses((status = 200, body = IdeaList), (status = 400, body = ErrorEnvelope)))]
async fn ideas(State(state): State<AppState>, ApiQuery(q): ApiQuery<IdeasQuery>) -> Result<Json<IdeaList>, ApiError> {
    let list = service::ideas(&state, None, q.status.as_deref().unwrap_or("")).await?;
    Ok(Json(IdeaList {
        threshold: service::support_threshold(&state),
        ideas: list
            .into_iter()
            .map(|i| IdeaOut {
                id: i.id,
                title: i.title,
                category: i.category,
                agency_id: i.agency_id,
                region: i.region,
                status: i.status,
                supports: i.supports,
                answer: i.answer,
                answer_text: i.answer_text,
                created_at: i.created_at,
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
struct BallotOut {
    /// SHA-256 (hex) of the voter's receipt.
    receipt_hash: String,
    /// The chosen project ids, ascending.
    projects: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
struct ProjectResult {
    id: i64,
    title: String,
    cost: i64,
    votes: i64,
    winner: bool,
}

#[derive(Serialize, ToSchema)]
struct Results {
    process: i64,
    title: String,
    total_budget: i64,
    voter_limit: i64,
    /// Projects on the ballot, ranked by votes (then cheaper, then older).
    projects: Vec<ProjectResult>,
    ballots: Vec<BallotOut>,
    /// SHA-256 of one line `receipt_hash:projects` (ids comma-separated) per ballot, each ending
    /// in a newline, in ascending receipt-hash order: the `ballots_hash` of the
    /// `participation.pb_results` ledger entry.
    ballots_hash: String,
}

/// The published results of a participatory-budgeting process (404 before its results phase).
#[utoipa::path(get, path = "/api/v1/participation/budgets/{id}/results", tag = "participation",
    params(("id" = i64, Path)),
    responses((status = 200, body = Results), (status = 404, body = ErrorEnvelope)))]
async fn results(State(state): State<AppState>, ApiPath(id): ApiPath<i64>) -> Result<Json<Results>, ApiError> {
    let r = service::results(&state, id).await?;
    let v = service::process(&state, None, id).await?;
    Ok(Json(Results {
        process: id,
        title: v.process.title,
        total_budget: v.process.total_budget,
        voter_limit: v.process.voter_limit,
        projects: v
            .projects
            .into_iter()
            .map(|p| ProjectResult { id: p.id, title: p.title, cost: p.cost, votes: p.votes, winner: p.winner })
            .collect(),
        ballots: r
            .ballots
            .iter()
            .map(|(h, p)| BallotOut { receipt_hash: h.clone(), projects: model::ballot_ids(p) })
            .collect(),
        ballots_hash: r.digest,
    }))
}
