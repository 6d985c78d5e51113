//! The ledger in public: the tlog-tiles read layout under `/ledger/` (checkpoint, verifier
//! key, hash tiles, entry bundles), witnesses' cosignatures, the explorer and Verify page
//! `/buku-besar`, and the API that gives an entry with its proof and consistency proofs.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::EntryProof;
use crate::app::AppState;
use crate::web::error::ErrorEnvelope;
use crate::web::routes::Pages;
use crate::web::{render, ApiError, ApiPath, ApiQuery, AppError, Ctx, Layout, TextBody};

pub fn pages() -> Pages {
    Pages::new()
        .get("/ledger/checkpoint", checkpoint)
        .get("/ledger/vkey", vkey)
        .get("/ledger/tile/{*path}", tile)
        .post("/ledger/cosignature", cosignature)
        .get("/buku-besar", explorer)
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(entry_api)).routes(routes!(consistency_api))
}

fn text(body: String, cache: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    r
}

async fn checkpoint(State(state): State<AppState>) -> Result<Response, AppError> {
    let cp = state.ledger.checkpoint().await?.ok_or(AppError::NotFound)?;
    Ok(text(cp.note, "no-cache"))
}

/// A witness's cosignature of the checkpoint served now: one or more signature lines, or the
/// whole note with them. Answers with the checkpoint as served from now on.
async fn cosignature(State(state): State<AppState>, TextBody(body): TextBody) -> Result<Response, AppError> {
    let cp = super::witness::add(&state.ledger, &body).await?;
    Ok(text(cp.note, "no-store"))
}

async fn vkey(State(state): State<AppState>) -> Response {
    text(state.ledger.verifier().to_vkey() + "\n", "public, max-age=86400")
}

async fn tile(State(state): State<AppState>, ApiPath(path): ApiPath<String>) -> Result<Response, AppError> {
    let tile = ledger::Tile::parse_path(&format!("tile/{path}")).map_err(|_| AppError::NotFound)?;
    let bytes = state.ledger.tile(&tile).await?;
    let bytes = bytes.ok_or(AppError::NotFound)?;
    let mut r = bytes.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    // Full tiles never change; a partial tile is replaced by a longer one.
    let cache = if path.contains(".p/") { "no-cache" } else { "public, max-age=31536000, immutable" };
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    Ok(r)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExplorerQuery {
    /// A tracking code or document number.
    kode: String,
}

/// An entry as the explorer shows it.
struct Row {
    index: u64,
    kind: String,
    subject: String,
    at: String,
    verified: bool,
    pending: bool,
    leaf_hash: String,
    proof_len: i64,
    entry: String,
}

#[derive(Template)]
#[template(path = "ledger/explorer.html")]
struct ExplorerPage<'a> {
    l: Layout<'a>,
    kode: String,
    searched: bool,
    rows: Vec<Row>,
    size: i64,
    checkpoint: String,
    vkey: String,
}

fn row(p: EntryProof, lang: crate::web::Lang) -> Row {
    let v: serde_json::Value = serde_json::from_str(&p.entry).unwrap_or_default();
    let d = &v["data"];
    let subject = ["code", "number", "service_id"].iter().find_map(|k| d[*k].as_str()).unwrap_or_default().to_string();
    Row {
        index: p.index,
        kind: v["type"].as_str().unwrap_or_default().to_string(),
        subject,
        at: v["at"].as_i64().map(|t| crate::web::fmt_datetime(t, lang)).unwrap_or_default(),
        verified: p.verified,
        pending: p.tree_size.is_none(),
        leaf_hash: p.leaf_hash,
        proof_len: p.inclusion_proof.len() as i64,
        entry: p.entry,
    }
}

async fn explorer(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ExplorerQuery>,
) -> Result<Response, AppError> {
    let kode = q.kode.trim().to_uppercase();
    let searched = !kode.is_empty();
    let indices = if searched {
        super::entries_naming(&state, &kode).await.map_err(AppError::Internal)?
    } else {
        super::recent(&state, 20).await?
    };
    let mut rows = vec![];
    for i in indices {
        if let Some(p) = super::entry_proof(&state, i).await.map_err(AppError::Internal)? {
            rows.push(row(p, ctx.lang));
        }
    }
    let t = ctx.t();
    let page = ExplorerPage {
        l: Layout::new(&ctx, t.t("ledger-title")),
        kode,
        searched,
        rows,
        size: state.ledger.size().await? as i64,
        checkpoint: state.ledger.checkpoint().await?.map(|c| c.note).unwrap_or_default(),
        vkey: state.ledger.verifier().to_vkey(),
    };
    Ok(render(&page)?.into_response())
}

/// An entry of the transparency ledger with its inclusion proof in the latest signed
/// checkpoint, so anyone can check it without trusting the server.
#[utoipa::path(get, path = "/api/v1/ledger/entries/{index}", tag = "ledger", params(("index" = u64, Path)),
    responses((status = 200, body = EntryProof), (status = 404, body = ErrorEnvelope)))]
async fn entry_api(State(state): State<AppState>, ApiPath(index): ApiPath<u64>) -> Result<Response, ApiError> {
    let proof = super::entry_proof(&state, index).await.map_err(AppError::Internal)?;
    let proof = proof.ok_or(AppError::NotFound)?;
    // A proof stays valid against its checkpoint forever (the log only grows): browsers and
    // caches may keep it a minute (a page checked again costs nothing); one awaiting a
    // checkpoint is asked for afresh.
    let cache = if proof.tree_size.is_some() { "public, max-age=60" } else { "no-cache" };
    let mut resp = (StatusCode::OK, Json(proof)).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(resp)
}

#[derive(Deserialize, utoipa::IntoParams)]
// Said explicitly: utoipa infers the parameters' place only from axum's own `Query` extractor.
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The older tree size (at least 1).
    #[param(minimum = 1)]
    from: u64,
    /// The newer tree size (at least `from`, at most the latest checkpoint's).
    #[param(minimum = 1)]
    to: u64,
}

/// A consistency proof between two tree sizes.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    /// RFC 9162 consistency proof, base64 hashes (empty when the sizes are equal).
    pub proof: Vec<String>,
}

/// The RFC 9162 consistency proof from the tree of `from` entries to the tree of `to` entries
/// (`1 <= from <= to <=` the latest checkpoint's size): an auditor holding two checkpoints
/// checks with it that the newer log only appended to the older one.
#[utoipa::path(get, path = "/api/v1/ledger/consistency", tag = "ledger", params(ConsistencyQuery),
    responses((status = 200, body = ConsistencyProof), (status = 400, body = ErrorEnvelope)))]
async fn consistency_api(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> Result<Json<ConsistencyProof>, ApiError> {
    let proof = state.ledger.consistency(q.from, q.to).await?;
    Ok(Json(ConsistencyProof { from: q.from, to: q.to, proof: proof.iter().map(|h| h.to_base64()).collect() }))
}
