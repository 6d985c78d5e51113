//! Hotspot rules: [`scan`] reads the reports of the last ten weeks, replaces the stored scan
//! and raises each emerging hotspot's alert once per fortnight: a `hotspot_alerts` row (its
//! unique key makes a second run, or a second process, a no-op) and, in the same transaction,
//! an outbox notification to the officers and supervisors of the agency that handles most of
//! its reports (the reports coordinator when none does).

use serde::Serialize;
use serde_json::json;

use super::model::{self, Hotspot, BASELINE_DAYS, RECENT_DAYS};
use super::store::{self, Alert, Row};
use crate::app::AppState;
use crate::db::{self, Db};
use crate::identity::CurrentUser;
use crate::web::AppError;

/// What a scan did.
#[derive(Debug, Default, Serialize)]
pub struct Scanned {
    /// Cells and categories with recent reports.
    pub cells: usize,
    pub emerging: usize,
    /// Alerts raised by this run (0 when they were raised before).
    pub alerts: usize,
}

/// Scan the reports as of `now`, store the result and raise new alerts.
pub async fn scan(state: &AppState, now: i64) -> Result<Scanned, AppError> {
    let since = now - (RECENT_DAYS + BASELINE_DAYS) * 86_400;
    let samples = store::samples(&mut *state.db.conn().await?, since).await?;
    let list: Vec<Hotspot> = model::detect(&samples, now);
    let offset = i64::from(state.config.utc_offset_hours().unwrap_or(7)) * 3600;
    let window = model::fortnight_of((now + offset).div_euclid(86_400));
    let coordinator = state.config.reports_coordinator.clone();
    let emerging = list.iter().filter(|h| h.emerging).count();
    let cells = list.len();
    let alerts = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::replace(tx, &list, &window, now).await?;
                let mut raised = 0;
                for h in list.iter().filter(|h| h.emerging) {
                    let agency = h.agency_id.clone().unwrap_or_else(|| coordinator.clone());
                    if !store::insert_alert(tx, h, Some(&agency), &window, now).await? {
                        continue;
                    }
                    raised += 1;
                    let payload = json!({
                        "code": h.cell,
                        "category": h.category,
                        "place": format!("{:.5}, {:.5}", h.lat, h.lon),
                        "when": h.recent.to_string(),
                        "path": "/kelola/titik-rawan",
                    });
                    for (id, _) in crate::identity::store::staff_of_agency(tx, &agency).await? {
                        let key = format!("hotspot:{}:{}:{window}:{id}", h.cell, h.category);
                        crate::notify::service::queue(tx, "hotspot_alert", id, &payload, &key, now).await?;
                    }
                }
                Ok::<_, AppError>(raised)
            })
        })
        .await?;
    Ok(Scanned { cells, emerging, alerts })
}

/// The last scan and the latest alerts `user` may see.
pub async fn visible(db: &Db, user: &CurrentUser) -> Result<(Vec<Row>, Vec<Alert>), AppError> {
    let agency = crate::forecast::service::agency_scope(user)?;
    let mut conn = db.conn().await?;
    let rows = store::scan(&mut conn, agency.as_deref()).await?;
    let alerts = store::alerts(&mut conn, agency.as_deref(), 50).await?;
    Ok((rows, alerts))
}

/// Scan every hour, until the process ends (first two minutes after start).
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(120)).await;
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Some(s) = crate::db::jobs::run_logged(&state.db, "hotspots", scan(&state, db::now())).await {
                tracing::info!(cells = s.cells, emerging = s.emerging, alerts = s.alerts, "hotspots scanned");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::web::Lang;
    use serde_json::json;

    #[test]
    fn the_alert_reads_well_in_both_languages() {
        let payload = json!({"code": "88658e1ac3fffff", "category": "drainase_banjir", "place": "-7.25710, 112.74120", "when": "6"});
        let (subject, body) = crate::notify::worker::message("hotspot_alert", &payload, Lang::Id);
        assert_eq!(subject, "Titik rawan baru: Saluran air dan banjir");
        assert!(
            body.starts_with("Ada 6 laporan Saluran air dan banjir") && body.contains("-7.25710, 112.74120"),
            "{body}"
        );
        let (subject, _) = crate::notify::worker::message("hotspot_alert", &payload, Lang::En);
        assert!(subject.starts_with("Emerging hotspot: "), "{subject}");
    }
}
