//! Complaint hotspots: reports clustered by place (H3 cells with their neighbours) and category
//! over time, emerging hotspots found by a Poisson test of the last fortnight against the eight
//! weeks before, and an alert to the responsible agency's staff once per cell, category and
//! fortnight. An hourly job scans; staff read `/kelola/titik-rawan` and `GET /api/v1/hotspots`.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;

use std::collections::HashMap;

use crate::app::AppState;
use crate::identity::CurrentUser;

/// Where the demo's reports pile up: blocked drains and standing water around a market in
/// central Surabaya (handled by the public works office, whose demo officer sees the alert).
const DEMO_CLUSTER: [(f64, f64, &str); 6] = [
    (-7.2571, 112.7412, "Selokan di depan pasar tersumbat, air menggenang setinggi mata kaki setiap hujan."),
    (-7.2574, 112.7418, "Genangan air di pinggir jalan dekat pasar tidak surut sejak kemarin."),
    (-7.2566, 112.7409, "Gorong-gorong di gang samping pasar mampet dan airnya meluap ke jalan."),
    (-7.2580, 112.7421, "Saluran air di depan deretan kios tertutup lumpur, jalan banjir saat hujan."),
    (-7.2569, 112.7426, "Air selokan meluap ke trotoar dekat pasar, pejalan kaki harus turun ke jalan."),
    (-7.2577, 112.7405, "Drainase dekat parkiran pasar tidak mengalir, genangan berbau."),
];

/// Demo reports: six citizens' reports of blocked drains around one market in the last days (an
/// emerging hotspot beside the demo's scattered reports), then a scan, so the staff page and
/// the alerts are not empty.
pub async fn demo(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    use crate::reports::service::{self as reports, NewReport};
    let reporters: Vec<&CurrentUser> =
        ["siti@warga.example.id", "budi@warga.example.id"].iter().filter_map(|e| people.get(e)).collect();
    for (i, (lat, lon, text)) in DEMO_CLUSTER.iter().enumerate() {
        let Some(who) = reporters.get(i % reporters.len().max(1)) else { break };
        let input = NewReport {
            category: Some("drainase_banjir".into()),
            description: Some((*text).into()),
            lat: Some(*lat),
            lon: Some(*lon),
            privacy: Some("public".into()),
            ..Default::default()
        };
        reports::create(state, who, input).await.map_err(|e| anyhow::anyhow!("demo hotspot report: {e}"))?;
    }
    service::scan(state, crate::db::now()).await.map_err(|e| anyhow::anyhow!("demo hotspots: {e}"))?;
    Ok(())
}
