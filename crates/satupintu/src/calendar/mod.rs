//! Working days for time limits: Monday to Friday, minus national holidays and collective leave
//! days (*cuti bersama*) that the platform's admins keep per year in the `holidays` table.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use sqlx::Row as _;
use time::{Date, Duration, Weekday};

use crate::admin::audit::Target;
use crate::db::{Conn, Db, Tx};
use crate::web::{AppError, FieldError};

pub mod pages;

/// The kinds of non-working day: a national holiday, or collective leave (*cuti bersama*).
pub const KINDS: [&str; 2] = ["libur_nasional", "cuti_bersama"];

/// One non-working day as the admins keep it.
#[derive(Clone, Debug)]
pub struct Holiday {
    pub date: String,
    pub name: String,
    pub kind: String,
}

/// The non-working days of `year`, in date order.
pub async fn of_year(tx: &mut Tx, year: i32) -> Result<Vec<Holiday>, sqlx::Error> {
    let rows = sqlx::query("SELECT date, name, kind FROM holidays WHERE date LIKE $1 ORDER BY date")
        .bind(format!("{year:04}-%"))
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows.iter().map(|r| Holiday { date: r.get(0), name: r.get(1), kind: r.get(2) }).collect())
}

/// Save a non-working day as an admin typed it (one transaction), or say what is wrong with
/// each field.
pub async fn save_day(
    state: &crate::app::AppState,
    actor: &crate::admin::Actor,
    date: &str,
    name: &str,
    kind: &str,
) -> Result<Date, AppError> {
    let mut errs = vec![];
    let date = parse_date(date.trim()).filter(|d| (2000..=2100).contains(&d.year()));
    if date.is_none() {
        errs.push(FieldError::new("date", "field-date"));
    }
    let name = name.trim().chars().take(200).collect::<String>();
    if name.is_empty() {
        errs.push(FieldError::new("name", "field-required"));
    }
    let kind = KINDS.iter().find(|k| **k == kind);
    if kind.is_none() {
        errs.push(FieldError::new("kind", "field-option"));
    }
    let (Some(date), Some(kind), true) = (date, kind, errs.is_empty()) else {
        return Err(AppError::Validation(errs));
    };
    let mut tx = state.db.begin().await?;
    upsert(&mut tx, date, &name, kind).await?;
    let detail = serde_json::json!({"name": name, "kind": kind});
    crate::admin::audit::record(&mut tx, actor, "holiday.save", Target::new("holiday", date), detail).await?;
    tx.commit().await?;
    state.holidays.forget();
    tracing::info!(date = %date, kind, "non-working day saved");
    Ok(date)
}

/// Remove the non-working day on `date` (404 when there is none).
pub async fn remove_day(
    state: &crate::app::AppState,
    actor: &crate::admin::Actor,
    date: &str,
) -> Result<Date, AppError> {
    let date = parse_date(date.trim()).ok_or(AppError::bad_request("field-date"))?;
    let mut tx = state.db.begin().await?;
    let removed = remove(&mut tx, date).await?;
    if removed {
        let target = Target::new("holiday", date);
        crate::admin::audit::record(&mut tx, actor, "holiday.remove", target, serde_json::json!({})).await?;
    }
    tx.commit().await?;
    state.holidays.forget();
    if !removed {
        return Err(AppError::NotFound);
    }
    tracing::info!(date = %date, "non-working day removed");
    Ok(date)
}

/// Remove a non-working day; false when there was none on that date.
pub async fn remove(tx: &mut Tx, date: Date) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM holidays WHERE date = $1").bind(date.to_string()).execute(&mut **tx).await?;
    Ok(done.rows_affected() > 0)
}

/// How long this process trusts its copy of the calendar before reading it again (another
/// process may have changed it; a change made here is seen at once).
const FRESHNESS: std::time::Duration = std::time::Duration::from_secs(1);

/// The calendar in memory: every submission computes a due date, and the calendar changes a few
/// times a year.
#[derive(Default)]
pub struct Cache(RwLock<Option<(Instant, Arc<Holidays>)>>);

impl Cache {
    /// The current non-working days.
    pub async fn get(&self, db: &Db) -> Result<Arc<Holidays>, sqlx::Error> {
        if let Some((at, days)) = self.0.read().ok().and_then(|g| g.clone()) {
            if at.elapsed() < FRESHNESS {
                return Ok(days);
            }
        }
        let days = Arc::new(load(&mut *db.conn().await?).await?);
        if let Ok(mut g) = self.0.write() {
            *g = Some((Instant::now(), days.clone()));
        }
        Ok(days)
    }

    /// Read the calendar again at the next use (after a change).
    pub fn forget(&self) {
        if let Ok(mut g) = self.0.write() {
            *g = None;
        }
    }
}

/// The non-working days (besides weekends).
#[derive(Default, Clone, Debug)]
pub struct Holidays(HashSet<Date>);

impl Holidays {
    pub fn new(days: impl IntoIterator<Item = Date>) -> Holidays {
        Holidays(days.into_iter().collect())
    }

    /// A national holiday or collective leave (weekends aside).
    pub fn is_holiday(&self, d: Date) -> bool {
        self.0.contains(&d)
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.0.contains(&d)
    }

    /// The date `n` working days after `start` (the start day itself does not count).
    /// `n = 0` is the same day.
    pub fn add_working_days(&self, start: Date, n: i64) -> Date {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut d = from;
        let mut n = 0;
        while d < to {
            d += Duration::days(1);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

pub async fn load(conn: &mut Conn) -> Result<Holidays, sqlx::Error> {
    let rows = sqlx::query("SELECT date FROM holidays").fetch_all(conn).await?;
    Ok(Holidays::new(rows.iter().filter_map(|r| r.try_get::<String, _>(0).ok()).filter_map(|s| parse_date(&s))))
}

pub async fn upsert(tx: &mut Tx, date: Date, name: &str, kind: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO holidays (date, name, kind) VALUES ($1, $2, $3) \
         ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind",
    )
    .bind(date.to_string())
    .bind(name)
    .bind(kind)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// A local date and time typed in a form (`YYYY-MM-DDTHH:MM` as a `datetime-local` field sends
/// it, or with a space), years 2000 to 2100, as unix seconds at `offset_hours` from UTC.
pub fn parse_local_datetime(s: &str, offset_hours: i8) -> Option<i64> {
    let s = s.trim();
    let (date, clock) = s.split_once('T').or_else(|| s.split_once(' '))?;
    let date = parse_date(date.trim()).filter(|d| (2000..=2100).contains(&d.year()))?;
    let (h, m) = clock.trim().split_once(':')?;
    let m = m.get(..2)?;
    if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) || !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..24).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    Some(date.midnight().assume_utc().unix_timestamp() + h * 3600 + m * 60 - i64::from(offset_hours) * 3600)
}

/// A unix time as the value of a `datetime-local` field at `offset_hours` (`2026-12-01T09:30`).
pub fn local_datetime_input(ts: i64, offset_hours: i8) -> String {
    let offset = time::UtcOffset::from_hms(offset_hours, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let t = time::OffsetDateTime::from_unix_timestamp(ts).unwrap_or(time::OffsetDateTime::UNIX_EPOCH).to_offset(offset);
    format!("{}T{:02}:{:02}", t.date(), t.hour(), t.minute())
}

/// The first second of `date` at `offset_hours` (local midnight as unix time).
pub fn day_start(date: Date, offset_hours: i8) -> i64 {
    date.midnight().assume_utc().unix_timestamp() - i64::from(offset_hours) * 3600
}

/// Today's date in the agency's time zone.
pub fn local_date(ts: i64, offset_hours: i8) -> Date {
    let offset = time::UtcOffset::from_hms(offset_hours, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::from_unix_timestamp(ts).unwrap_or(time::OffsetDateTime::UNIX_EPOCH).to_offset(offset).date()
}

/// National holidays and collective leave of 2026 as commonly published (SKB 3 Menteri);
/// loaded with the demo data. A deploying agency checks them against the decree of each year.
pub const DEMO_2026: &[(&str, &str, &str)] = &[
    ("2026-01-01", "Tahun Baru 2026 Masehi", "libur_nasional"),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW", "libur_nasional"),
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili", "libur_nasional"),
    ("2026-03-19", "Hari Suci Nyepi Tahun Baru Saka 1948", "libur_nasional"),
    ("2026-03-20", "Idul Fitri 1447 Hijriah", "libur_nasional"),
    ("2026-03-21", "Idul Fitri 1447 Hijriah", "libur_nasional"),
    ("2026-03-23", "Cuti bersama Idul Fitri", "cuti_bersama"),
    ("2026-03-24", "Cuti bersama Idul Fitri", "cuti_bersama"),
    ("2026-04-03", "Wafat Yesus Kristus", "libur_nasional"),
    ("2026-05-01", "Hari Buruh Internasional", "libur_nasional"),
    ("2026-05-14", "Kenaikan Yesus Kristus", "libur_nasional"),
    ("2026-05-27", "Idul Adha 1447 Hijriah", "libur_nasional"),
    ("2026-05-31", "Hari Raya Waisak 2570 BE", "libur_nasional"),
    ("2026-06-01", "Hari Lahir Pancasila", "libur_nasional"),
    ("2026-06-16", "Tahun Baru Islam 1448 Hijriah", "libur_nasional"),
    ("2026-08-17", "Hari Kemerdekaan Republik Indonesia", "libur_nasional"),
    ("2026-08-25", "Maulid Nabi Muhammad SAW", "libur_nasional"),
    ("2026-12-24", "Cuti bersama Natal", "cuti_bersama"),
    ("2026-12-25", "Hari Raya Natal", "libur_nasional"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn local_datetimes_round_trip_in_wib() {
        let t = super::parse_local_datetime("2026-12-01T09:30", 7).expect("parsed");
        assert_eq!(t, 1_796_092_200, "09:30 WIB is 02:30 UTC");
        assert_eq!(super::local_datetime_input(t, 7), "2026-12-01T09:30");
        assert_eq!(super::parse_local_datetime("2026-12-01 09:30", 7), Some(t));
        for bad in ["", "2026-12-01", "2026-13-01T09:30", "2026-12-01T24:00", "2026-12-01T9:3", "1999-01-01T00:00"] {
            assert_eq!(super::parse_local_datetime(bad, 7), None, "{bad}");
        }
    }

    use super::*;
    use time::macros::date;

    #[test]
    fn weekends_and_holidays_are_skipped() {
        let h = Holidays::new([date!(2026 - 08 - 17)]);
        // Friday 14 Aug + 1 working day = Tuesday 18 Aug (weekend and 17 Aug skipped).
        assert_eq!(h.add_working_days(date!(2026 - 08 - 14), 1), date!(2026 - 08 - 18));
        assert_eq!(h.add_working_days(date!(2026 - 08 - 14), 0), date!(2026 - 08 - 14));
        assert_eq!(h.add_working_days(date!(2026 - 08 - 10), 5), date!(2026 - 08 - 18));
        assert_eq!(h.working_days_between(date!(2026 - 08 - 14), date!(2026 - 08 - 18)), 1);
        assert_eq!(h.working_days_between(date!(2026 - 08 - 18), date!(2026 - 08 - 14)), -1);
        assert!(!h.is_working_day(date!(2026 - 08 - 16)));
    }

    #[test]
    fn lebaran_collective_leave_pushes_the_deadline() {
        let h = Holidays::new(DEMO_2026.iter().filter_map(|(d, _, _)| parse_date(d)));
        // Submitted Wednesday 18 March 2026 with 3 working days: 19-24 March are off.
        assert_eq!(h.add_working_days(date!(2026 - 03 - 18), 3), date!(2026 - 03 - 27));
    }
}
