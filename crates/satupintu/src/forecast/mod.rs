//! Demand forecasting: weekly applications per service and queue visits (tickets) per location
//! and service, forecast [`model::HORIZON`] weeks ahead with `augurs` (MSTL with an AutoETS
//! trend) after calendar effects (school admission, tax deadlines, Ramadan and Eid, national
//! holidays: [`seasons`]) are estimated from the history and divided out; the error on held-out
//! weeks is kept beside each forecast. A daily job (and `satupintu forecast run`) recomputes
//! them into `forecasts`; staff read `/kelola/prakiraan` and `GET /api/v1/forecast`.

pub mod api;
pub mod model;
pub mod pages;
pub mod seasons;
pub mod service;
pub mod store;

use std::process::ExitCode;

use crate::app::AppState;

/// `satupintu forecast ...`
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Recompute every demand forecast now (the daily job does the same).
    Run,
    /// Scan the reports for complaint hotspots now and raise new alerts (the hourly job does the same).
    Hotspots,
}

pub async fn cli(state: AppState, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Run => {
            let r = refresh(&state).await?;
            println!("forecasts: {} series", r.series);
        }
        Command::Hotspots => {
            let s =
                crate::hotspots::service::scan(&state, crate::db::now()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("hotspots: {} cells, {} emerging, {} new alerts", s.cells, s.emerging, s.alerts);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Recompute every forecast now (the command line and the demo).
pub async fn refresh(state: &AppState) -> anyhow::Result<service::Refreshed> {
    state.catalog.refresh(&state.db, false).await?;
    service::refresh(state, crate::db::now()).await.map_err(|e| anyhow::anyhow!("{e}"))
}

/// The demo's history: three years of weekly counts from before the platform, with the
/// region's seasons in them (service, location or "" for applications, weekly level, school
/// factor, Ramadan factor).
const DEMO_SERIES: [(&str, &str, &str, f64, f64, f64); 5] = [
    (service::APPLICATIONS, "ktp-el-baru", "", 60.0, 1.1, 1.25),
    (service::APPLICATIONS, "kia", "", 25.0, 1.6, 0.9),
    (service::APPLICATIONS, "akta-kelahiran", "", 35.0, 1.3, 0.95),
    (service::TICKETS, "ktp-el-baru", "mpp-kota-contoh", 90.0, 1.15, 1.3),
    (service::TICKETS, "paspor", "mpp-kota-contoh", 45.0, 1.2, 1.5),
];

/// Load the demo's history and compute the forecasts.
pub async fn demo(state: &AppState) -> anyhow::Result<()> {
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let this_week = seasons::week_start(crate::calendar::local_date(crate::db::now(), offset));
    let holidays = crate::calendar::load(&mut *state.db.conn().await?).await?;
    let mut seed: u64 = 0x5a7e_2026;
    let mut weeks = vec![];
    for (kind, service, location, level, school, ramadan) in DEMO_SERIES {
        for i in (1..=156).rev() {
            let monday = this_week - time::Duration::weeks(i);
            let f = seasons::flags(monday, &|d| holidays.is_holiday(d));
            let mut v = level * (1.0 + 0.004 * (156 - i) as f64);
            for e in &f {
                v *= match e {
                    seasons::Event::School => school,
                    seasons::Event::Ramadan => ramadan,
                    seasons::Event::Eid => 0.35,
                    seasons::Event::Tax => 1.05,
                    seasons::Event::Holiday => 0.85,
                };
            }
            // A little noise (a fixed sequence, so every demo is the same).
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let noise = ((seed >> 33) as f64 / (1u64 << 31) as f64 - 0.5) * 0.16;
            weeks.push(store::EarlierWeek {
                kind: kind.into(),
                service_id: service.into(),
                location_id: location.into(),
                week: monday.to_string(),
                count: (v * (1.0 + noise)).round().max(0.0) as i64,
            });
        }
    }
    service::add_earlier_weeks(&state.db, weeks).await.map_err(|e| anyhow::anyhow!("demo forecast history: {e}"))?;
    refresh(state).await?;
    Ok(())
}
