//! The demo practitioner (`serve --demo`): dr. Rina Kusuma of the demo health facility
//! `faskes-dinkes`, Monday to Friday 08:00-12:00 in 20-minute teleconsultation slots. Her
//! account and the pharmacy's are in [`crate::demo::STAFF`].

use std::collections::HashMap;

use crate::app::AppState;
use crate::identity::CurrentUser;

pub const FACILITY: &str = "faskes-dinkes";
pub const PRACTITIONER_EMAIL: &str = "dokter@dinkes.example.id";

/// Register the demo practitioner with her weekly hours and plan her slots (after the facility
/// was imported; without it there is nothing to do).
pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    let Some(user) = people.get(PRACTITIONER_EMAIL) else { return Ok(()) };
    if super::store::facility(&mut *state.db.conn().await?, FACILITY).await?.is_none() {
        tracing::warn!(facility = FACILITY, "demo: no health facility, so no demo practitioner");
        return Ok(());
    }
    let week: Vec<(i64, i64, i64, i64)> = (1..=5).map(|d| (d, 8 * 60, 12 * 60, 20)).collect();
    super::service::register_practitioner(
        state,
        user,
        FACILITY,
        (&user.full_name, "Dokter Umum", "SIP 503/1234/DU/2026"),
        &week,
        "telekonsultasi",
    )
    .await
    .map_err(|e| anyhow::anyhow!("demo practitioner: {e}"))?;
    crate::appointments::planner::plan_all(state).await
}
