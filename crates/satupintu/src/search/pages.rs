//! The search page `/cari?q=...`.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::catalog::pages::Card;
use crate::catalog::service as catalog;
use crate::web::routes::Pages;
use crate::web::{render, AppError, Ctx, Layout};

pub fn pages() -> Pages {
    Pages::new().get("/cari", search)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchQuery {
    q: String,
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct SearchPage<'a> {
    l: Layout<'a>,
    q: String,
    results: Vec<Card>,
}

async fn search(State(state): State<AppState>, ctx: Ctx, Query(q): Query<SearchQuery>) -> Result<Response, AppError> {
    let snap = catalog::snapshot(&state).await?;
    let t = ctx.t();
    let results = snap.search(&q.q, 20).into_iter().map(|(r, _)| Card::new(&snap, r, t)).collect();
    let title = if q.q.trim().is_empty() { t.t("search-title") } else { t.t1("search-title-q", "q", q.q.trim()) };
    let l = Layout::new(&ctx, title);
    Ok(render(&SearchPage { l, q: q.q, results })?.into_response())
}
