//! Budget transparency (APBD/APBN style): plans (pagu) and monthly realisation by agency,
//! programme, activity and account, imported from CSV or JSON, shown with charts and tables,
//! downloadable, and each line recorded in the transparency ledger so that a later silent change
//! of a stored line shows.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;

use std::process::ExitCode;

use crate::app::AppState;
use crate::web::{locales, AppError, Lang};

/// `satupintu import-budget FILE`: import as the platform (any agency), print the outcome.
pub async fn cli_import(state: &AppState, text: &str, lang: Lang) -> anyhow::Result<ExitCode> {
    state.catalog.refresh(&state.db, true).await?;
    let known = crate::catalog::service::snapshot(state).await.map_err(|e| anyhow::anyhow!("{e}"))?.agency_ids();
    match service::import(&state.db, text, &known, None).await {
        Ok(r) => {
            for s in &r.replaced {
                println!("{} {}: replaced", s.fiscal_year, s.agency);
            }
            println!("lines: {} imported, {} removed", r.lines, r.removed);
            Ok(ExitCode::SUCCESS)
        }
        Err(AppError::Validation(problems)) => {
            eprintln!("{}", locales().msg(lang, "budget-import-problems", None));
            for p in &problems {
                eprintln!("  {}: {}", p.field, locales().msg(lang, p.key, None));
            }
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

/// The demo region's budget (two years, the demo agencies), imported as the platform.
pub const DEMO: &str = include_str!("../../demo/budget.csv");

pub async fn demo(state: &AppState) -> anyhow::Result<()> {
    let known = crate::catalog::service::snapshot(state).await.map_err(|e| anyhow::anyhow!("{e}"))?.agency_ids();
    service::import(&state.db, DEMO, &known, None).await.map_err(|e| anyhow::anyhow!("demo budget: {e:?}"))?;
    Ok(())
}
