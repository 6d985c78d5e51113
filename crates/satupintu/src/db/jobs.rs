//! Background jobs with several processes on one PostgreSQL.
//!
//! Every periodic job runs in every process, so each must be safe when two run at once. Two
//! things make a job run exactly once across processes:
//!
//! - [`exclusive`]: one run at a time. On PostgreSQL a run holds a transaction-scoped advisory
//!   lock (`pg_try_advisory_xact_lock`) named after the job; a process that finds it taken skips
//!   its turn. The lock ends with the transaction, so a process that dies mid-run frees it at
//!   once. On SQLite (one process) the job just runs.
//! - inside the run, each unit of work is claimed by a conditional write that only one run can
//!   win (a status or revision check, `ON CONFLICT DO NOTHING` on a natural key, an outbox
//!   idempotency key), so a run that follows another one does nothing twice either.
//!
//! The per-job mechanism is listed in docs/deploy.md ("Beberapa proses / Several processes").

use std::future::Future;

use sha2::Digest as _;
use sqlx::Row as _;

use super::{Backend, Db};

/// The advisory lock key of a job: the first 8 bytes of SHA-256 of `satupintu-job:<name>`.
pub fn lock_key(name: &str) -> i64 {
    let digest = sha2::Sha256::digest(format!("satupintu-job:{name}").as_bytes());
    i64::from_be_bytes(digest[..8].try_into().expect("8 bytes"))
}

/// Run `job` unless another process is running the job `name` right now (PostgreSQL); `None`
/// when this turn was skipped. The job does its writes in transactions of its own.
pub async fn exclusive<T, F>(db: &Db, name: &str, job: F) -> Result<Option<T>, sqlx::Error>
where
    F: Future<Output = T>,
{
    if db.backend() != Backend::Postgres {
        return Ok(Some(job.await));
    }
    // The lock's transaction stays open (idle, holding no snapshot) for the run and is rolled
    // back after it, which releases the lock; dropped by a panic or a dead process, likewise.
    let mut lock = db.begin().await?;
    let won: bool = sqlx::query("SELECT pg_try_advisory_xact_lock($1)")
        .bind(lock_key(name))
        .fetch_one(&mut *lock)
        .await?
        .try_get(0)?;
    if !won {
        lock.rollback().await?;
        return Ok(None);
    }
    let out = job.await;
    lock.rollback().await?;
    Ok(Some(out))
}

/// A periodic job's loop body: run `job` under [`exclusive`] and log a failure (or a skipped
/// turn at debug level) under `what`.
pub async fn run_logged<T, E, F>(db: &Db, name: &str, job: F) -> Option<T>
where
    E: std::fmt::Display,
    F: Future<Output = Result<T, E>>,
{
    match exclusive(db, name, job).await {
        Ok(Some(Ok(v))) => Some(v),
        Ok(Some(Err(e))) => {
            tracing::warn!(job = name, error = %format!("{e:#}"), "background job failed");
            None
        }
        Ok(None) => {
            tracing::debug!(job = name, "background job running in another process; turn skipped");
            None
        }
        Err(e) => {
            tracing::warn!(job = name, error = %e, "background job lock not taken");
            None
        }
    }
}

/// Run `job` every `period` under [`run_logged`] (named `name`) until the process ends.
pub fn every<T, E, F, Fut>(
    state: crate::app::AppState,
    period: std::time::Duration,
    name: &'static str,
    job: F,
) -> tokio::task::JoinHandle<()>
where
    T: Send + 'static,
    E: std::fmt::Display + Send + 'static,
    F: Fn(crate::app::AppState) -> Fut + Send + 'static,
    Fut: Future<Output = Result<T, E>> + Send,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            run_logged(&state.db, name, job(state.clone())).await;
        }
    })
}
