//! The demo's regulations: a regional regulation with an amendment, a mayoral regulation, an
//! agency's circular and a revoked SOP, published through the service so each version has its
//! ledger entry.

use serde::Deserialize;

use super::model::DraftInput;
use super::service;
use crate::app::AppState;
use crate::identity::CurrentUser;

const DOCUMENTS: &str = include_str!("../../demo/regulations.json");

#[derive(Deserialize)]
struct DemoRegulation {
    #[serde(flatten)]
    first: DraftInput,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    status_note: String,
    versions: Vec<DraftInput>,
}

/// Publish the demo documents as `admin` (a platform admin).
pub async fn load(state: &AppState, admin: &CurrentUser) -> anyhow::Result<()> {
    let docs: Vec<DemoRegulation> = serde_json::from_str(DOCUMENTS)?;
    for doc in docs {
        let mut versions = doc.versions.into_iter();
        let Some(v1) = versions.next() else { continue };
        let first = DraftInput { enacted_on: v1.enacted_on, effective_on: v1.effective_on, body: v1.body, ..doc.first };
        let id = service::create(state, admin, &first).await.map_err(|e| anyhow::anyhow!("demo regulation: {e:?}"))?;
        for v in versions {
            let next = DraftInput { title: first.title.clone(), subject: first.subject.clone(), ..v };
            service::add_version(state, admin, &id, &next)
                .await
                .map_err(|e| anyhow::anyhow!("demo regulation: {e:?}"))?;
        }
        if let Some(status) = doc.status {
            service::set_status(state, admin, &id, &status, &doc.status_note)
                .await
                .map_err(|e| anyhow::anyhow!("demo regulation: {e:?}"))?;
        }
    }
    Ok(())
}
