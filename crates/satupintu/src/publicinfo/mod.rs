//! The public information portal's front door (`/keterbukaan`): where public money goes
//! (budget and procurement), the rules in force, open data, taking part, agencies' performance
//! and the transparency ledger, with a line on what each holds.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::web::routes::Pages;
use crate::web::{render, AppError, Ctx, Layout};

pub fn pages() -> Pages {
    Pages::new().get("/keterbukaan", hub)
}

/// One door of the portal.
struct Door {
    href: &'static str,
    title: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "publicinfo/hub.html")]
struct HubPage<'a> {
    l: Layout<'a>,
    doors: Vec<Door>,
    ledger_size: u64,
}

/// Each door: its path and the Fluent key of its title (the summary is `<key>-summary`).
const DOORS: [(&str, &str); 8] = [
    ("/anggaran", "open-budget"),
    ("/pengadaan", "open-procurement"),
    ("/regulasi", "open-regulations"),
    ("/data", "open-data"),
    ("/partisipasi", "open-participation"),
    ("/instansi", "open-performance"),
    ("/survei-kepuasan", "open-skm"),
    ("/buku-besar", "open-ledger"),
];

async fn hub(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let doors = DOORS
        .iter()
        .map(|(href, key)| Door { href, title: t.t(key), summary: t.t(&format!("{key}-summary")) })
        .collect();
    let page = HubPage { l: Layout::new(&ctx, t.t("open-title")), doors, ledger_size: state.ledger.size().await? };
    Ok(render(&page)?.into_response())
}
