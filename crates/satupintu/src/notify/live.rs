//! Live events between processes on PostgreSQL: one `LISTEN satupintu_live` connection per
//! process feeds the process's open pages with every event any process sent with `pg_notify`
//! (see [`super::Live`]). A lost connection is opened again; events sent while it was down are
//! missed (a page shows the current status when it is loaded again).

use std::time::Duration;

use sqlx::postgres::PgListener;

use super::{LiveEvent, LIVE_CHANNEL};
use crate::app::AppState;
use crate::db::Backend;

/// Start listening (before the process serves, so that a page opened on it misses nothing) and
/// hand the listener to a task that runs until the process ends. `None` on SQLite.
pub async fn listen(state: &AppState) -> anyhow::Result<Option<tokio::task::JoinHandle<()>>> {
    if state.db.backend() != Backend::Postgres {
        return Ok(None);
    }
    let url = state.config.effective_database_url();
    let mut listener = PgListener::connect(&url).await?;
    listener.listen(LIVE_CHANNEL).await?;
    let state = state.clone();
    Ok(Some(tokio::spawn(async move {
        loop {
            // `recv` opens the connection again (and listens again) after a loss.
            match listener.recv().await {
                Ok(n) => match serde_json::from_str::<LiveEvent>(n.payload()) {
                    Ok(event) => state.live.deliver(event),
                    Err(e) => tracing::warn!(error = %e, "live event not understood"),
                },
                Err(e) => {
                    tracing::warn!(error = %e, "live events: connection to PostgreSQL lost, retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    })))
}
