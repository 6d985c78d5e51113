//! Notifications: live updates in the page (server-sent events), e-mail over SMTP, an
//! outgoing webhook for an SMS or WhatsApp gateway, and Web Push to the citizen's browsers.
//! Messages are written to the outbox in the same transaction as the change they report, then
//! delivered by [`worker`] with retries and backoff; each carries an idempotency key so a
//! receiver can drop duplicates.

pub mod api;
pub mod outbox;
pub mod pages;
pub mod push;
pub mod service;
pub mod templates;
pub mod worker;

use serde::Serialize;
use tokio::sync::broadcast;

/// The channels a notification goes out on (each its own outbox message).
pub const CHANNELS: [&str; 3] = ["email", "webhook", "push"];

/// The outbox channel of one push message to one browser; a `push` message fans out into these.
pub const PUSH_DEVICE: &str = "push_device";

/// A change that open pages should show at once.
#[derive(Clone, Debug, Serialize)]
pub struct LiveEvent {
    pub code: String,
    pub status: String,
}

/// Fan-out of live events to the pages open in this process.
pub struct Live {
    events: broadcast::Sender<LiveEvent>,
    closing: tokio::sync::watch::Sender<bool>,
}

impl Default for Live {
    fn default() -> Self {
        Live { events: broadcast::channel(1024).0, closing: tokio::sync::watch::channel(false).0 }
    }
}

impl Live {
    pub fn publish(&self, code: &str, status: &str) {
        let _ = self.events.send(LiveEvent { code: code.into(), status: status.into() });
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
