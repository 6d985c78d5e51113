//! Demo content for green services: a week of pickup windows in two kecamatan of Surabaya
//! (Gunung Anyar and Rungkut), yesterday's round with one request picked up and one missed,
//! a request scheduled for the coming days, and two agencies' own paperless estimates (the
//! other services keep the defaults derived from the catalogue).

use std::collections::HashMap;

use super::model::{PickupInput, PickupSpec, WindowInput};
use super::{service, store};
use crate::app::AppState;
use crate::db;
use crate::identity::CurrentUser;

/// Gunung Anyar and Rungkut, Kota Surabaya.
const ZONES: [&str; 2] = ["357825", "357803"];

fn err(e: impl std::fmt::Debug) -> anyhow::Error {
    anyhow::anyhow!("demo green services: {e:?}")
}

pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    let get = |k: &str| people.get(k).cloned().ok_or_else(|| anyhow::anyhow!("demo green services: no {k}"));
    let (admin, officer, budi) =
        (get("admin@dlh.example.id")?, get("petugas@dlh.example.id")?, get("budi@warga.example.id")?);
    let today = service::today(state);
    // A week of windows: Gunung Anyar every Tuesday and Friday morning, Rungkut every Monday,
    // Wednesday and Saturday afternoon.
    let plans = [
        (ZONES[0], "07:00", "10:00", "20", vec!["2", "5"], vec![]),
        (ZONES[1], "13:00", "16:00", "15", vec!["1", "3", "6"], vec!["bulky", "garden", "recyclable"]),
    ];
    for (zone, start, end, capacity, weekdays, kinds) in plans {
        let input = WindowInput {
            zone: zone.into(),
            date: today.to_string(),
            start: start.into(),
            end: end.into(),
            capacity: capacity.into(),
            kinds: kinds.into_iter().map(str::to_string).collect(),
            weekdays: weekdays.into_iter().map(str::to_string).collect(),
            weeks: "1".into(),
        };
        service::add_windows(state, &admin, &input, true).await.map_err(err)?;
    }
    // Yesterday's round in Gunung Anyar (added directly: the forms take only coming dates).
    let yesterday = today - time::Duration::days(1);
    let offset = service::offset(state);
    let date = yesterday.to_string();
    let past = store::NewWindow {
        agency_id: &state.config.green_pickup_agency,
        zone: ZONES[0],
        date: &date,
        start_min: 7 * 60,
        end_min: 10 * 60,
        starts_at: crate::appointments::model::local_instant(yesterday, 7 * 60, offset),
        ends_at: crate::appointments::model::local_instant(yesterday, 10 * 60, offset),
        capacity: 20,
        kinds: "",
    };
    let now = db::now();
    let mut tx = state.db.begin().await?;
    store::insert_window(&mut tx, &past, now).await?;
    tx.commit().await?;
    let mut conn = state.db.conn().await?;
    let window = store::windows_on(&mut conn, &past.agency_id.to_string(), &date, ZONES[0])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("demo green services: no past window"))?;
    drop(conn);
    let year = crate::calendar::local_date(now, offset).year();
    let done = [
        ("bulky", "large", "Jl. Gunung Anyar Tambak 21", "Gunung Anyar Tambak", "002", "003"),
        ("garden", "medium", "Jl. Gunung Anyar Lor 5", "Gunung Anyar", "004", "001"),
    ];
    let mut codes = vec![];
    for (kind, volume, address, kelurahan, rt, rw) in done {
        let spec = PickupSpec {
            kind,
            volume,
            address: address.into(),
            kelurahan: kelurahan.into(),
            rt: rt.into(),
            rw: rw.into(),
            zone: ZONES[0].into(),
            window_id: window.id,
        };
        let mut tx = state.db.begin().await?;
        store::take_place(&mut tx, window.id, 0).await?;
        let code = db::next_code(&mut tx, &format!("AS-{year}")).await?;
        store::insert_pickup(&mut tx, &store::NewPickup { code: &code, user_id: budi.id, spec: &spec, now }).await?;
        tx.commit().await?;
        codes.push(code);
    }
    let outcomes =
        [("picked_up", ""), ("missed", "Jalan masuk gang terlalu sempit untuk truk; mohon letakkan di mulut gang.")];
    for (code, (outcome, reason)) in codes.iter().zip(outcomes) {
        let input = super::model::OutcomeInput { outcome: outcome.into(), reason: reason.into() };
        service::mark(state, &officer, code, &input).await.map_err(err)?;
    }
    // A request for the coming days, if a window is open.
    if let Some(w) = service::free_windows(state, ZONES[0], "hazardous").await.map_err(err)?.first() {
        let input = PickupInput {
            kind: "hazardous".into(),
            volume: "small".into(),
            address: "Jl. Gunung Anyar Timur 17".into(),
            kelurahan: "Gunung Anyar".into(),
            rt: "3".into(),
            rw: "2".into(),
            zone: ZONES[0].into(),
            window_id: serde_json::json!(w.id),
        };
        service::request(state, &budi, &input).await.map_err(err)?;
    }
    // Two agencies' own estimates.
    let edits = [("ktp-el-baru", "5", "2"), ("akta-kelahiran", "9", "3")];
    let super_admin = get("superadmin@satupintu.example.id")?;
    let snap = crate::catalog::service::snapshot(state).await.map_err(err)?;
    let edits = edits
        .iter()
        .filter(|(id, _, _)| snap.service(id).is_some())
        .map(|(id, pages, trips)| service::EstimateEdit {
            service_id: id.to_string(),
            input: super::model::EstimateInput { pages: pages.to_string(), trips: trips.to_string() },
        })
        .collect();
    service::set_estimates(state, &super_admin, edits).await.map_err(err)?;
    Ok(())
}
