//! Notifications: live updates in the page (server-sent events), e-mail over SMTP, an
//! outgoing webhook for an SMS or WhatsApp gateway, and Web Push to the citizen's browsers.
//! Messages are written to the outbox in the same transaction as the change they report, then
//! delivered by [`worker`] with retries and backoff; each carries an idempotency key so a
//! receiver can drop duplicates.

pub mod api;
pub mod live;
pub mod outbox;
pub mod pages;
pub mod push;
pub mod service;
pub mod templates;
pub mod worker;

use serde::Serialize;
use tokio::sync::broadcast;

use crate::db::{Backend, Tx};

/// The channels a notification goes out on (each its own outbox message).
pub const CHANNELS: [&str; 3] = ["email", "webhook", "push"];

/// The outbox channel of one push message to one browser; a `push` message fans out into these.
pub const PUSH_DEVICE: &str = "push_device";

/// A change that open pages should show at once.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct LiveEvent {
    pub code: String,
    pub status: String,
}

/// The PostgreSQL channel that carries live events between processes.
pub const LIVE_CHANNEL: &str = "satupintu_live";

/// Fan-out of live events to the pages open in this process.
///
/// On SQLite (one process) an event goes straight to this process's pages after the commit. On
/// PostgreSQL it is sent with `pg_notify` inside the transaction that makes the change, so
/// PostgreSQL delivers it at commit (and never for a rollback) to every process's
/// [`live::listen`] task, which feeds that process's pages; this process's own pages get it the
/// same way, so nothing is shown twice.
pub struct Live {
    events: broadcast::Sender<LiveEvent>,
    closing: tokio::sync::watch::Sender<bool>,
    backend: Backend,
}

impl Live {
    pub fn new(backend: Backend) -> Self {
        Live { events: broadcast::channel(1024).0, closing: tokio::sync::watch::channel(false).0, backend }
    }

    /// Announce a change in the transaction `tx` that makes it; call [`Live::committed`] with the
    /// same event once `tx` has committed.
    pub async fn announce(&self, tx: &mut Tx, event: &LiveEvent) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            let json = serde_json::to_string(event).unwrap_or_default();
            sqlx::query("SELECT 1 FROM pg_notify($1, $2)").bind(LIVE_CHANNEL).bind(json).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// After the commit of a transaction that [`Live::announce`]d `event`: on SQLite show it to
    /// this process's pages (on PostgreSQL the listener does, for every process).
    pub fn committed(&self, event: LiveEvent) {
        if self.backend == Backend::Sqlite {
            self.deliver(event);
        }
    }

    /// Show an event to this process's open pages.
    pub fn deliver(&self, event: LiveEvent) {
        let _ = self.events.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }

    /// Resolves when the server is shutting down (open streams end so shutdown can finish).
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// End every open live stream.
    pub fn close(&self) {
        let _ = self.closing.send(true);
    }
}
