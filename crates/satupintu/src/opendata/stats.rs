//! Platform statistics: the facts read once from applications, complaints and queues, the
//! monthly tables published as open datasets (with small cells suppressed). An agency's monthly
//! performance moved to `crate::performance`, which reads monthly rollups. Only counts and durations leave this module: no names, NIKs, tracking
//! codes or free text.
//!
//! The monthly aggregates have no store function in their capabilities yet, so the few reads
//! here are the only SQL against those tables outside them; queue locations are read through
//! `appointments::store`.

use std::collections::BTreeMap;

use sqlx::Row as _;

use super::model::{count_cell, median_p90, suppressed, Meta, Table, PLATFORM};
use super::service;
use super::store::NewResource;
use crate::app::AppState;
use crate::db::{self, Conn};
use crate::web::AppError;

/// One submitted application, reduced to what statistics need.
#[derive(Clone, Debug)]
pub struct AppFact {
    pub service_id: String,
    pub agency_id: String,
    /// `YYYY-MM` (local time) of submission.
    pub month: String,
    pub submitted_at: i64,
    /// When it reached `issued` or `completed`, and in which month.
    pub finished: Option<(i64, String)>,
    pub on_time: bool,
    pub revised: bool,
    pub rejected: Option<String>,
}

/// One complaint or report.
#[derive(Clone, Debug)]
pub struct ReportFact {
    pub category: String,
    /// The kabupaten/kota (4 digits) of its place, if known.
    pub regency: Option<String>,
    pub agency_id: Option<String>,
    pub month: String,
    pub created_at: i64,
    pub responded_at: Option<i64>,
    pub closed_month: Option<String>,
}

/// One queue ticket that was called: its wait in minutes.
#[derive(Clone, Debug)]
pub struct WaitFact {
    pub location_id: String,
    pub month: String,
    pub wait_minutes: i64,
}

#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub applications: Vec<AppFact>,
    pub reports: Vec<ReportFact>,
    pub waits: Vec<WaitFact>,
    /// Queue location names by id.
    pub locations: BTreeMap<String, String>,
}

/// `YYYY-MM` of a timestamp in the agency's zone.
pub fn month_of(ts: i64, offset: i8) -> String {
    let d = crate::calendar::local_date(ts, offset);
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// The last day of a `YYYY-MM` month, as `YYYY-MM-DD`.
pub fn month_end(month: &str) -> Option<String> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (i32, u8) = (y.parse().ok()?, m.parse().ok()?);
    let days = time::Month::try_from(m).ok()?.length(y);
    Some(format!("{month}-{days:02}"))
}

/// The last `n` months up to the one containing `now`, oldest first.
pub fn last_months(now: i64, offset: i8, n: usize) -> Vec<String> {
    let d = crate::calendar::local_date(now, offset);
    let (mut y, mut m) = (d.year(), i32::from(u8::from(d.month())));
    let mut out = vec![];
    for _ in 0..n {
        out.push(format!("{y:04}-{m:02}"));
        m -= 1;
        if m == 0 {
            m = 12;
            y -= 1;
        }
    }
    out.reverse();
    out
}

/// Read the facts.
pub async fn facts(state: &AppState) -> Result<Facts, AppError> {
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let mut conn = state.db.conn().await?;
    let mut f = Facts {
        applications: applications(&mut conn, offset).await?,
        reports: reports(&mut conn, offset).await?,
        waits: waits(&mut conn, offset).await?,
        locations: BTreeMap::new(),
    };
    for l in crate::appointments::store::locations(&mut conn).await? {
        f.locations.insert(l.id, l.name);
    }
    Ok(f)
}

async fn applications(conn: &mut Conn, offset: i8) -> Result<Vec<AppFact>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.service_id, a.agency_id, a.submitted_at, a.due_date, \
           (SELECT MIN(e.at) FROM application_events e WHERE e.application_id = a.id \
              AND e.to_status IN ('issued', 'completed')) AS finished_at, \
           (SELECT MIN(e.at) FROM application_events e WHERE e.application_id = a.id \
              AND e.to_status = 'rejected') AS rejected_at, \
           (SELECT COUNT(*) FROM application_events e WHERE e.application_id = a.id \
              AND e.action = 'request_revision') AS revisions \
         FROM applications a WHERE a.submitted_at IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let submitted_at: i64 = r.try_get("submitted_at")?;
        let due: Option<String> = r.try_get("due_date")?;
        let finished_at: Option<i64> = r.try_get("finished_at")?;
        let rejected_at: Option<i64> = r.try_get("rejected_at")?;
        let on_time = match (finished_at, due) {
            (Some(t), Some(due)) => crate::calendar::local_date(t, offset).to_string() <= due,
            (Some(_), None) => true,
            _ => false,
        };
        out.push(AppFact {
            service_id: r.try_get("service_id")?,
            agency_id: r.try_get("agency_id")?,
            month: month_of(submitted_at, offset),
            submitted_at,
            finished: finished_at.map(|t| (t, month_of(t, offset))),
            on_time,
            revised: r.try_get::<i64, _>("revisions")? > 0,
            rejected: rejected_at.map(|t| month_of(t, offset)),
        });
    }
    Ok(out)
}

async fn reports(conn: &mut Conn, offset: i8) -> Result<Vec<ReportFact>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.category, r.region_code, r.agency_id, r.created_at, \
           (SELECT MIN(e.at) FROM report_events e WHERE e.report_id = r.id \
              AND e.action IN ('respond', 'resolve')) AS responded_at, \
           (SELECT MIN(e.at) FROM report_events e WHERE e.report_id = r.id \
              AND e.to_status IN ('resolved', 'closed')) AS closed_at \
         FROM reports r WHERE r.hidden = 0",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let created_at: i64 = r.try_get("created_at")?;
        let region: Option<String> = r.try_get("region_code")?;
        let closed_at: Option<i64> = r.try_get("closed_at")?;
        out.push(ReportFact {
            category: r.try_get("category")?,
            regency: region.and_then(|c| c.get(..4).map(str::to_string)),
            agency_id: r.try_get("agency_id")?,
            month: month_of(created_at, offset),
            created_at,
            responded_at: r.try_get("responded_at")?,
            closed_month: closed_at.map(|t| month_of(t, offset)),
        });
    }
    Ok(out)
}

async fn waits(conn: &mut Conn, offset: i8) -> Result<Vec<WaitFact>, sqlx::Error> {
    let rows = sqlx::query("SELECT location_id, issued_at, called_at FROM tickets WHERE called_at IS NOT NULL")
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (issued, called): (i64, i64) = (r.try_get("issued_at")?, r.try_get("called_at")?);
        out.push(WaitFact {
            location_id: r.try_get("location_id")?,
            month: month_of(issued, offset),
            wait_minutes: (called - issued).max(0) / 60,
        });
    }
    Ok(out)
}

/// The note in the last column of a row with suppressed cells.
pub const SUPPRESSED_NOTE: &str = "sel < 5 disembunyikan";

fn note(any: bool) -> String {
    if any {
        SUPPRESSED_NOTE.into()
    } else {
        String::new()
    }
}

/// Applications by service and month: received, completed, completed within the time limit.
pub fn applications_table(f: &Facts) -> Table {
    let mut cells: BTreeMap<(String, String, String), [i64; 3]> = BTreeMap::new();
    for a in &f.applications {
        cells.entry((a.month.clone(), a.service_id.clone(), a.agency_id.clone())).or_default()[0] += 1;
        if let Some((_, m)) = &a.finished {
            let c = cells.entry((m.clone(), a.service_id.clone(), a.agency_id.clone())).or_default();
            c[1] += 1;
            c[2] += i64::from(a.on_time);
        }
    }
    let rows = cells
        .into_iter()
        .map(|((month, service, agency), c)| {
            let mut row = vec![month, service, agency];
            row.extend(c.iter().map(|&n| count_cell(n)));
            row.push(note(c.iter().any(|&n| suppressed(n))));
            row
        })
        .collect();
    Table {
        columns: ["bulan", "layanan", "instansi", "diterima", "selesai", "selesai_tepat_waktu", "keterangan"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

/// Complaints and reports by category, kabupaten/kota and month.
pub fn complaints_table(f: &Facts) -> Table {
    let mut cells: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for r in &f.reports {
        let region = r.regency.clone().unwrap_or_default();
        *cells.entry((r.month.clone(), r.category.clone(), region)).or_default() += 1;
    }
    let rows = cells
        .into_iter()
        .map(|((month, category, region), n)| {
            let name = crate::wilayah::get(&region).map(|r| r.name.to_string()).unwrap_or_default();
            vec![month, category, region, name, count_cell(n), note(suppressed(n))]
        })
        .collect();
    Table {
        columns: ["bulan", "kategori", "kode_wilayah", "kabupaten_kota", "jumlah", "keterangan"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

/// Queue waits by location and month: people served, median and 90th percentile wait (minutes).
/// A location-month with fewer than five people is left blank.
pub fn queue_table(f: &Facts) -> Table {
    let mut groups: BTreeMap<(String, String), Vec<i64>> = BTreeMap::new();
    for w in &f.waits {
        groups.entry((w.month.clone(), w.location_id.clone())).or_default().push(w.wait_minutes);
    }
    let rows = groups
        .into_iter()
        .map(|((month, loc), mut waits)| {
            let n = waits.len() as i64;
            let name = f.locations.get(&loc).cloned().unwrap_or_default();
            let (median, p90) = match median_p90(&mut waits) {
                Some((m, p)) if !suppressed(n) => (m.to_string(), p.to_string()),
                _ => (String::new(), String::new()),
            };
            vec![month, loc, name, count_cell(n), median, p90, note(suppressed(n))]
        })
        .collect();
    Table {
        columns: [
            "bulan",
            "lokasi",
            "nama_lokasi",
            "dilayani",
            "median_tunggu_menit",
            "p90_tunggu_menit",
            "keterangan",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// The automatic datasets: (name, title, description, theme, table).
fn statistics(f: &Facts) -> [(&'static str, &'static str, &'static str, &'static str, Table); 3] {
    [
        (
            "statistik-permohonan-layanan",
            "Statistik permohonan layanan per bulan",
            "Jumlah permohonan layanan yang diterima, diselesaikan, dan diselesaikan dalam batas waktu \
             standar pelayanan, per layanan dan bulan. Dibuat otomatis dari SatuPintu. Sel yang menghitung \
             kurang dari 5 orang dikosongkan dan ditandai di kolom keterangan.",
            "pelayanan-publik",
            applications_table(f),
        ),
        (
            "statistik-pengaduan",
            "Statistik pengaduan dan laporan warga per bulan",
            "Jumlah pengaduan dan laporan warga per kategori, kabupaten/kota, dan bulan. Dibuat otomatis \
             dari SatuPintu. Sel yang menghitung kurang dari 5 laporan dikosongkan dan ditandai.",
            "pelayanan-publik",
            complaints_table(f),
        ),
        (
            "statistik-antrean",
            "Statistik waktu tunggu antrean per lokasi dan bulan",
            "Jumlah warga yang dilayani di loket serta median dan persentil ke-90 waktu tunggu (menit), \
             per lokasi pelayanan dan bulan. Dibuat otomatis dari SatuPintu. Lokasi-bulan dengan kurang \
             dari 5 orang dikosongkan dan ditandai.",
            "pelayanan-publik",
            queue_table(f),
        ),
    ]
}

/// Regenerate the statistics datasets (unchanged ones are left as they are). Returns how many
/// changed.
pub async fn publish(state: &AppState) -> Result<usize, AppError> {
    let f = facts(state).await?;
    let now = db::now();
    let mut changed = 0;
    for (name, title, notes, theme, table) in statistics(&f) {
        let months: Vec<&String> = table.rows.iter().map(|r| &r[0]).collect();
        let meta = Meta {
            name: name.into(),
            title: title.into(),
            notes: notes.into(),
            publisher: PLATFORM.into(),
            license_id: "CC-BY-4.0".into(),
            themes: vec![theme.into()],
            keywords: vec!["statistik".into(), "satupintu".into()],
            temporal_start: months.iter().min().map(|m| format!("{m}-01")),
            temporal_end: months.iter().max().and_then(|m| month_end(m)),
            spatial_code: None,
            frequency: "DAILY".into(),
        };
        let resource = NewResource {
            slug: "data".into(),
            name: title.into(),
            description: notes.into(),
            format: "CSV".into(),
            table,
        };
        match service::save(&state.db, meta, true, vec![resource], now).await {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(service::PublishError::App(e)) => return Err(e),
            Err(e) => return Err(AppError::Internal(anyhow::anyhow!("statistics: {e}"))),
        }
    }
    Ok(changed)
}

/// Regenerate the statistics once a day, the first time ten minutes after start (a demo start
/// regenerates them at once, in `demo::load`). Several processes may each run it: an unchanged
/// table changes nothing.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
        loop {
            tick.tick().await;
            crate::db::jobs::run_logged(&state.db, "opendata-stats", publish(&state)).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(month: &str, finished: Option<&str>, on_time: bool) -> AppFact {
        AppFact {
            service_id: "ktp".into(),
            agency_id: "disdukcapil".into(),
            month: month.into(),
            submitted_at: 0,
            finished: finished.map(|m| (86_400 * 2, m.to_string())),
            on_time,
            revised: false,
            rejected: None,
        }
    }

    #[test]
    fn small_cells_are_blank_and_marked() {
        let mut f = Facts::default();
        for _ in 0..6 {
            f.applications.push(app("2026-10", Some("2026-10"), true));
        }
        f.applications.push(app("2026-11", None, false));
        let t = applications_table(&f);
        assert_eq!(t.rows[0], vec!["2026-10", "ktp", "disdukcapil", "6", "6", "6", ""]);
        assert_eq!(t.rows[1], vec!["2026-11", "ktp", "disdukcapil", "", "0", "0", SUPPRESSED_NOTE]);
    }

    #[test]
    fn month_ends() {
        assert_eq!(month_end("2026-02").as_deref(), Some("2026-02-28"));
        assert_eq!(month_end("2028-02").as_deref(), Some("2028-02-29"));
        assert_eq!(month_end("2026-11").as_deref(), Some("2026-11-30"));
        assert_eq!(month_end("x"), None);
    }

    #[test]
    fn months_go_back_across_the_year() {
        // 2026-01-15 00:00 UTC.
        let m = last_months(1_768_435_200, 7, 3);
        assert_eq!(m, vec!["2025-11", "2025-12", "2026-01"]);
    }
}
