//! Emerging complaint hotspots (pure: no database).
//!
//! Reports with a map point fall into H3 cells of resolution 8 (about 0.74 km², a few town
//! blocks). A cell is counted with its ring of six neighbours (H3 `grid_disk(1)`, about 5 km²
//! in all), so a cluster that straddles a cell edge is seen whole, and only the cell whose disk
//! holds the most recent reports is kept as the cluster's centre. For each such disk and report
//! category:
//! - `recent`: reports in the last [`RECENT_DAYS`] days;
//! - `previous`: reports in the [`BASELINE_DAYS`] days before that, and from it the `expected`
//!   count of a fortnight (`previous` / 4, at least [`FLOOR_RATE`]);
//! - it is *emerging* when `recent` is at least [`MIN_REPORTS`] and the Poisson probability of
//!   seeing `recent` or more reports when `expected` are usual is below [`P_VALUE`].

use std::collections::HashMap;

use h3o::{CellIndex, LatLng, Resolution};
use serde::Serialize;
use utoipa::ToSchema;

/// H3 resolution of the cells.
pub const RESOLUTION: Resolution = Resolution::Eight;
/// The recent window, in days.
pub const RECENT_DAYS: i64 = 14;
/// The baseline before it: the previous 8 weeks.
pub const BASELINE_DAYS: i64 = 56;
/// Fewest recent reports for an emerging hotspot.
pub const MIN_REPORTS: i64 = 5;
/// The significance level of the Poisson test.
pub const P_VALUE: f64 = 0.01;
/// The expected fortnightly count of a disk with no earlier reports.
pub const FLOOR_RATE: f64 = 0.25;

const DAY: i64 = 86_400;

/// A report reduced to what the scan needs.
#[derive(Clone, Debug)]
pub struct Sample {
    pub lat: f64,
    pub lon: f64,
    pub category: String,
    pub agency_id: Option<String>,
    pub created_at: i64,
}

/// A cell (with its neighbours) and category in the scan.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Hotspot {
    /// The H3 cell index (hexadecimal) of the centre cell.
    pub cell: String,
    pub category: String,
    /// The agency that handles most of its reports.
    pub agency_id: Option<String>,
    /// The centre of the cell.
    pub lat: f64,
    pub lon: f64,
    pub recent: i64,
    pub previous: i64,
    pub expected: f64,
    /// P(X >= recent) for a Poisson count with mean `expected`.
    pub p_value: f64,
    pub emerging: bool,
}

/// The cell of a map point (none for a point off the globe).
pub fn cell_of(lat: f64, lon: f64) -> Option<CellIndex> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return None;
    }
    LatLng::new(lat, lon).ok().map(|p| p.to_cell(RESOLUTION))
}

/// P(X >= k) for X ~ Poisson(lambda).
pub fn poisson_tail(k: i64, lambda: f64) -> f64 {
    if k <= 0 {
        return 1.0;
    }
    let mut term = (-lambda).exp();
    let mut below = 0.0;
    for i in 0..k {
        below += term;
        term *= lambda / (i + 1) as f64;
    }
    (1.0 - below).clamp(0.0, 1.0)
}

/// The fortnight an alert belongs to: the Monday starting it (fortnights counted from Monday
/// 5 January 1970), YYYY-MM-DD. An emerging hotspot is alerted once per fortnight.
pub fn fortnight_of(local_day: i64) -> String {
    let start = local_day - (local_day - 4).rem_euclid(14);
    time::Date::from_julian_day((start + 2_440_588) as i32).map(|d| d.to_string()).unwrap_or_default()
}

#[derive(Default, Clone)]
struct Counts {
    recent: i64,
    previous: i64,
    agencies: HashMap<String, i64>,
}

/// Scan the reports as of `now`: every cell and category with recent reports, the emerging ones
/// first.
pub fn detect(samples: &[Sample], now: i64) -> Vec<Hotspot> {
    let recent_from = now - RECENT_DAYS * DAY;
    let base_from = recent_from - BASELINE_DAYS * DAY;
    let mut cells: HashMap<(CellIndex, &str), Counts> = HashMap::new();
    for s in samples.iter().filter(|s| s.created_at >= base_from && s.created_at <= now) {
        let Some(cell) = cell_of(s.lat, s.lon) else { continue };
        let c = cells.entry((cell, s.category.as_str())).or_default();
        if s.created_at >= recent_from {
            c.recent += 1;
        } else {
            c.previous += 1;
        }
        if let Some(a) = &s.agency_id {
            *c.agencies.entry(a.clone()).or_default() += 1;
        }
    }
    // Each cell with its ring of neighbours.
    let disk = |cell: CellIndex, category: &str| -> Counts {
        let mut sum = Counts::default();
        for n in cell.grid_disk::<Vec<_>>(1) {
            if let Some(c) = cells.get(&(n, category)) {
                sum.recent += c.recent;
                sum.previous += c.previous;
                for (a, k) in &c.agencies {
                    *sum.agencies.entry(a.clone()).or_default() += k;
                }
            }
        }
        sum
    };
    let disks: HashMap<(CellIndex, &str), Counts> = cells.keys().map(|&(c, cat)| ((c, cat), disk(c, cat))).collect();
    let mut out = vec![];
    for (&(cell, category), d) in &disks {
        if d.recent == 0 {
            continue;
        }
        // Keep the centre of a cluster only: no neighbour's disk holds more recent reports (on
        // a tie, the lower cell index wins).
        let beaten = cell.grid_disk::<Vec<_>>(1).into_iter().filter(|n| *n != cell).any(|n| {
            disks.get(&(n, category)).is_some_and(|o| o.recent > d.recent || (o.recent == d.recent && n < cell))
        });
        if beaten {
            continue;
        }
        let expected = (d.previous as f64 * RECENT_DAYS as f64 / BASELINE_DAYS as f64).max(FLOOR_RATE);
        let p_value = poisson_tail(d.recent, expected);
        let centre = LatLng::from(cell);
        let agency_id =
            d.agencies.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(a, _)| a.clone());
        out.push(Hotspot {
            cell: cell.to_string(),
            category: category.to_string(),
            agency_id,
            lat: (centre.lat() * 1e6).round() / 1e6,
            lon: (centre.lng() * 1e6).round() / 1e6,
            recent: d.recent,
            previous: d.previous,
            expected: (expected * 100.0).round() / 100.0,
            p_value,
            emerging: d.recent >= MIN_REPORTS && p_value < P_VALUE,
        });
    }
    out.sort_by(|a, b| {
        b.emerging
            .cmp(&a.emerging)
            .then(b.recent.cmp(&a.recent))
            .then_with(|| a.cell.cmp(&b.cell))
            .then_with(|| a.category.cmp(&b.category))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_000_000;

    fn at(lat: f64, lon: f64, category: &str, days_ago: f64) -> Sample {
        Sample {
            lat,
            lon,
            category: category.into(),
            agency_id: Some("dpupr".into()),
            created_at: NOW - (days_ago * DAY as f64) as i64,
        }
    }

    #[test]
    fn poisson_tail_matches_hand_computed_values() {
        assert!((poisson_tail(1, 1.0) - (1.0 - (-1.0f64).exp())).abs() < 1e-12);
        // P(X >= 2 | 1) = 1 - e^-1 (1 + 1)
        assert!((poisson_tail(2, 1.0) - (1.0 - 2.0 * (-1.0f64).exp())).abs() < 1e-12);
        assert_eq!(poisson_tail(0, 3.0), 1.0);
        assert!(poisson_tail(6, 0.25) < 1e-5);
    }

    #[test]
    fn fortnights_start_on_mondays() {
        // Day 4 since 1970-01-01 is Monday 5 January 1970.
        assert_eq!(fortnight_of(4), "1970-01-05");
        assert_eq!(fortnight_of(17), "1970-01-05");
        assert_eq!(fortnight_of(18), "1970-01-19");
    }

    #[test]
    fn a_new_cluster_is_emerging_and_a_steady_one_is_not() {
        let mut s = vec![];
        // Potholes near Jalan Malioboro: 6 in the last fortnight, none before; spread over a
        // few hundred metres, so over neighbouring cells.
        for i in 0..6 {
            s.push(at(
                -7.7926 + 0.0004 * f64::from(i),
                110.3658 + 0.0004 * f64::from(i % 3),
                "jalan",
                1.0 + f64::from(i),
            ));
        }
        // Rubbish at the market: 5 a fortnight, for ten weeks.
        for i in 0..25 {
            s.push(at(-7.8012, 110.3647, "sampah", f64::from(i) * 2.8 + 0.5));
        }
        let h = detect(&s, NOW);
        let emerging: Vec<&Hotspot> = h.iter().filter(|x| x.emerging).collect();
        assert_eq!(emerging.len(), 1, "{h:?}");
        assert_eq!(emerging[0].category, "jalan");
        assert_eq!(emerging[0].recent, 6);
        assert_eq!(emerging[0].agency_id.as_deref(), Some("dpupr"));
        let steady = h.iter().find(|x| x.category == "sampah").expect("steady cell listed");
        assert!(!steady.emerging && steady.recent == 5 && steady.previous == 20, "{steady:?}");
        // One centre per cluster.
        assert_eq!(h.iter().filter(|x| x.category == "jalan").count(), 1, "{h:?}");
        // Reports off the globe are ignored.
        assert!(cell_of(123.0, 0.0).is_none());
    }
}
