//! The virtual assistant: understands everyday Indonesian (and English), answers only from the
//! catalogue's official standards and the platform's own records, starts applications and
//! reports, tells citizens where their case stands, and hands over to an officer.
//! Runs on the platform's own CPU with no model downloads: the models are trained from the
//! catalogue and our labelled examples when the catalogue changes.

pub mod answer;
pub mod api;
pub mod eval;
pub mod learn;
pub mod nlu;
pub mod pages;
pub mod rephrase;
pub mod service;
pub mod store;
pub mod webhooks;

use std::sync::{Arc, Mutex};

pub use answer::{Action, Assistant, Reply};

/// One HTTP client for the assistant's outgoing calls (WhatsApp replies, the optional language
/// model): its connections are reused; each call sets its own timeout.
pub(crate) fn http() -> &'static reqwest::Client {
    static CLIENT: std::sync::LazyLock<reqwest::Client> = std::sync::LazyLock::new(reqwest::Client::new);
    &CLIENT
}

/// The assistant for the current catalogue, rebuilt when the catalogue changes.
#[derive(Default)]
pub struct Cache {
    current: Mutex<Option<(i64, Arc<Assistant>)>>,
    training: std::sync::OnceLock<Vec<nlu::Labelled>>,
}

impl Cache {
    /// The assistant for `snapshot` (trained on first use after each catalogue change).
    pub fn get(&self, snapshot: &crate::catalog::service::Snapshot) -> Arc<Assistant> {
        if let Some((rev, a)) = self.current.lock().ok().and_then(|c| c.clone()) {
            if rev == snapshot.rev {
                return a;
            }
        }
        let training = self.training.get_or_init(|| nlu::parse_labelled(nlu::TRAINING).unwrap_or_default());
        let services = snapshot.services.iter().map(|r| r.service.clone()).collect();
        let built = Arc::new(Assistant::new(services, snapshot.agencies.clone(), training));
        if let Ok(mut c) = self.current.lock() {
            *c = Some((snapshot.rev, built.clone()));
        }
        built
    }
}
