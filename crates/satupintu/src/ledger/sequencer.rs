//! The sequencer: appends queued leaves to the log, in queue order, in durable batches.
//!
//! One process sequences at a time. On SQLite that is the one `serve` process. On PostgreSQL
//! every process competes for a session advisory lock, taken with `pg_try_advisory_lock` on a
//! connection of its own that the winner keeps open while it sequences: when that process dies
//! or loses its connection, PostgreSQL releases the lock and another process takes over within
//! a second or two. A sequencer that lost its seat without noticing cannot fork the log either:
//! a batch is refused unless it starts at the stored entry count and every queued leaf it
//! carries is still queued ([`super::store`]), and checkpoints are replaced by compare-and-swap.

use std::sync::atomic::Ordering;
use std::time::Duration;

use ledger::{LogError, LogOptions, Storage as _};
use serde_json::Value;
use sqlx::Row as _;

use super::{canonical_json, store::SqlStorage, PlatformLog};
use crate::app::AppState;
use crate::db::Backend;

/// The advisory lock key of the sequencer's seat ("SPLEDGER"). Advisory locks are per database.
pub const SEQUENCER_LOCK: i64 = 0x5350_4c45_4447_4552;

/// How often the sequencer looks at the queue.
const TICK: Duration = Duration::from_millis(200);
/// How often a process that is not the sequencer tries to become it.
const CANDIDATE_EVERY: u32 = 5;

/// The sequencer's seat while this process holds it.
pub struct Seat {
    log: PlatformLog,
    /// PostgreSQL: the connection holding the advisory lock (the lock lives as long as it does).
    lock: Option<sqlx::AnyConnection>,
}

impl Seat {
    /// Whether the seat is still ours: on PostgreSQL, the lock's connection still answers.
    async fn held(&mut self) -> bool {
        match &mut self.lock {
            None => true,
            Some(conn) => sqlx::query("SELECT 1").execute(&mut *conn).await.is_ok(),
        }
    }
}

/// Try to become the sequencer: take the advisory lock on PostgreSQL (SQLite has one process),
/// then open the log, which re-reads the stored tree and signs a first checkpoint when there is
/// none. `None` while another process holds the seat.
pub async fn take_seat(state: &AppState) -> anyhow::Result<Option<Seat>> {
    let lock = match state.db.backend() {
        Backend::Sqlite => None,
        Backend::Postgres => {
            let mut conn = state.db.write_one().await?.detach();
            let won: bool = sqlx::query("SELECT pg_try_advisory_lock($1)")
                .bind(SEQUENCER_LOCK)
                .fetch_one(&mut conn)
                .await?
                .try_get(0)?;
            if !won {
                return Ok(None);
            }
            Some(conn)
        }
    };
    let storage = SqlStorage::new(state.db.clone());
    let log = PlatformLog::open(storage, state.ledger.signer.clone(), LogOptions::default()).await?;
    forget_sequenced(state, &log).await?;
    state.ledger.sequencing.store(true, Ordering::Release);
    tracing::info!(size = log.size(), "this process is the ledger's sequencer");
    Ok(Some(Seat { log, lock }))
}

/// Leaves of the last batches still in the queue although already in the log: left behind by
/// a crash of a version that removed them after the append (now both happen in one
/// transaction). Their rows go, so they are not appended twice.
async fn forget_sequenced(state: &AppState, log: &PlatformLog) -> anyhow::Result<()> {
    let size = log.size();
    let from = size.saturating_sub(4096);
    let entries = log.storage().read_entries(from, size - from).await?;
    let seqs: Vec<i64> =
        entries.iter().filter_map(|e| serde_json::from_slice::<Value>(e).ok()?.get("seq")?.as_i64()).collect();
    let Some(&oldest) = seqs.iter().min() else { return Ok(()) };
    let queued = sqlx::query("SELECT id FROM ledger_queue WHERE id >= $1 ORDER BY id")
        .bind(oldest)
        .fetch_all(state.db.pool())
        .await?;
    let stale: Vec<i64> = queued.iter().map(|r| r.get::<i64, _>(0)).filter(|id| seqs.contains(id)).collect();
    if !stale.is_empty() {
        let mut tx = state.db.begin().await?;
        for id in &stale {
            sqlx::query("DELETE FROM ledger_queue WHERE id = $1").bind(*id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        tracing::warn!(count = stale.len(), "removed queued ledger leaves that were already in the log");
    }
    Ok(())
}

/// Sequence in the background, starting with `seat` if this process already holds it:
/// compete for the seat, and while holding it append queued leaves every fraction of a second.
pub fn spawn_sequencer(state: AppState, seat: Option<Seat>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut seat = seat;
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ticks = 0u32;
        loop {
            tick.tick().await;
            ticks = ticks.wrapping_add(1);
            if seat.is_none() && (ticks % CANDIDATE_EVERY == 1 || CANDIDATE_EVERY == 1) {
                match take_seat(&state).await {
                    Ok(s) => seat = s,
                    Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot take the ledger sequencer's seat"),
                }
            }
            let Some(s) = seat.as_mut() else { continue };
            if !s.held().await {
                tracing::warn!("lost the ledger sequencer's lock; another process may take over");
                state.ledger.sequencing.store(false, Ordering::Release);
                seat = None;
                continue;
            }
            if let Err(e) = sequence_once(&state, &s.log).await {
                tracing::warn!(error = %format!("{e:#}"), "ledger sequencing failed");
                // A log that stopped after a failed write takes no more appends: open it again
                // (from what is stored) on the next round, keeping the seat.
                if e.downcast_ref::<LogError>()
                    .is_some_and(|e| matches!(e, LogError::Stopped | LogError::BatchFailed(_)))
                {
                    let lock = seat.take().and_then(|s| s.lock);
                    seat = reopen(&state, lock).await;
                }
            }
        }
    })
}

async fn reopen(state: &AppState, lock: Option<sqlx::AnyConnection>) -> Option<Seat> {
    let signer = state.ledger.signer.clone();
    match PlatformLog::open(SqlStorage::new(state.db.clone()), signer, LogOptions::default()).await {
        Ok(log) => Some(Seat { log, lock }),
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "cannot reopen the ledger");
            state.ledger.sequencing.store(false, Ordering::Release);
            None
        }
    }
}

/// One round: the oldest queued leaves (up to 2000) become log entries, each with the queue id
/// it had as `seq`. The append removes their queue rows in its own transaction ([`super::store`]).
pub async fn sequence_once(state: &AppState, log: &PlatformLog) -> anyhow::Result<usize> {
    let rows =
        sqlx::query("SELECT id, body FROM ledger_queue ORDER BY id LIMIT 2000").fetch_all(state.db.pool()).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut entries = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.get(0);
        let mut leaf: Value = serde_json::from_str(&r.get::<String, _>(1))?;
        leaf["seq"] = Value::from(id);
        entries.push(canonical_json(&leaf).into_bytes());
    }
    log.append_all(entries).await?;
    Ok(rows.len())
}

/// Become the sequencer now if the seat is free (used before serving, so that a single process
/// has signed its first checkpoint by the time it answers).
pub async fn try_lead_now(state: &AppState) -> Option<Seat> {
    match take_seat(state).await {
        Ok(seat) => seat,
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "cannot take the ledger sequencer's seat");
            None
        }
    }
}
