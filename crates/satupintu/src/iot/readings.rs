//! Readings: raw rows (kept for `iot_raw_days`), hourly aggregates (kept for years), and each
//! sensor's latest value.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use sqlx::Row as _;
use utoipa::ToSchema;

use super::model::Reading;
use crate::db::{self, Backend, Conn, Tx};

/// Rows per multi-row statement. The statements take anonymous `?` parameters on SQLite
/// ([`Backend::values_clause`]): with `$n` ones SQLite looks up each name in a list as long as
/// the statement's parameters, and 1,000 rows of 3 parameters spent half the writer's time there.
const CHUNK: usize = 256;

/// One hour of a sensor's readings.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
#[schema(as = IotHourly)]
pub struct Hourly {
    /// Unix seconds of the hour's start (UTC).
    pub hour: i64,
    pub n: i64,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
}

/// Store readings (a reading already stored, same sensor and millisecond, is skipped: a device
/// or broker resending is harmless), add them to their hours and move each sensor's latest
/// value forward. Returns the readings newly stored, in the order given (borrowed when all
/// were new, the usual case).
pub async fn insert<'a>(tx: &mut Tx, readings: &'a [Reading]) -> Result<Cow<'a, [Reading]>, sqlx::Error> {
    let backend = Backend::of(tx);
    let stored = if insert_all_new(tx, backend, readings).await? {
        Cow::Borrowed(readings)
    } else {
        Cow::Owned(insert_returning(tx, backend, readings).await?)
    };
    add_to_hours(tx, backend, &stored).await?;
    move_latest(tx, backend, &stored).await?;
    Ok(stored)
}

/// Insert the readings without asking which were new. `false`: some were stored already, and
/// the insert was taken back to its savepoint (resends are rare; returning every row would
/// cost more than the insert itself).
async fn insert_all_new(tx: &mut Tx, backend: Backend, readings: &[Reading]) -> Result<bool, sqlx::Error> {
    sqlx::query("SAVEPOINT iot_readings").execute(&mut **tx).await?;
    let mut affected = 0;
    for chunk in db::cached_chunks(readings, CHUNK) {
        affected += bound(&insert_sql(backend, chunk.len()), chunk).execute(&mut **tx).await?.rows_affected();
    }
    let all_new = affected == readings.len() as u64;
    if !all_new {
        sqlx::query("ROLLBACK TO SAVEPOINT iot_readings").execute(&mut **tx).await?;
    }
    sqlx::query("RELEASE SAVEPOINT iot_readings").execute(&mut **tx).await?;
    Ok(all_new)
}

/// Insert the readings and return the ones that were new.
async fn insert_returning(tx: &mut Tx, backend: Backend, readings: &[Reading]) -> Result<Vec<Reading>, sqlx::Error> {
    let mut stored = Vec::with_capacity(readings.len());
    for chunk in db::cached_chunks(readings, CHUNK) {
        let sql = format!("{} RETURNING sensor_id, ts_ms", insert_sql(backend, chunk.len()));
        let rows = bound(&sql, chunk).fetch_all(&mut **tx).await?;
        let mut new = HashSet::with_capacity(rows.len());
        for row in &rows {
            new.insert((row.try_get::<String, _>(0)?, row.try_get::<i64, _>(1)?));
        }
        stored.extend(chunk.iter().filter(|r| new.contains(&(r.sensor_id.clone(), r.ts_ms))).cloned());
    }
    Ok(stored)
}

fn insert_sql(backend: Backend, rows: usize) -> String {
    format!(
        "{} INTO iot_readings (sensor_id, ts_ms, value) {} ON CONFLICT (sensor_id, ts_ms) DO NOTHING",
        backend.or_ignore("INSERT"),
        backend.values_clause(rows, 3)
    )
}

/// A statement with a chunk's readings bound, three parameters each.
fn bound<'q>(sql: &'q str, chunk: &'q [Reading]) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql);
    for r in chunk {
        q = q.bind(r.sensor_id.as_str()).bind(r.ts_ms).bind(r.value);
    }
    q
}

/// Add readings to their hourly aggregates.
async fn add_to_hours(tx: &mut Tx, backend: Backend, readings: &[Reading]) -> Result<(), sqlx::Error> {
    let mut hours: BTreeMap<(&str, i64), (i64, f64, f64, f64)> = BTreeMap::new();
    for r in readings {
        let hour = r.ts_ms.div_euclid(3_600_000) * 3600;
        let e = hours.entry((&r.sensor_id, hour)).or_insert((0, 0.0, f64::INFINITY, f64::NEG_INFINITY));
        e.0 += 1;
        e.1 += r.value;
        e.2 = e.2.min(r.value);
        e.3 = e.3.max(r.value);
    }
    let rows: Vec<_> = hours.into_iter().collect();
    for chunk in db::cached_chunks(&rows, CHUNK / 2) {
        let sql = format!(
            "{} INTO iot_hourly (sensor_id, hour, n, sum, min, max) {} ON CONFLICT (sensor_id, hour) DO UPDATE SET \
             n = iot_hourly.n + excluded.n, sum = iot_hourly.sum + excluded.sum, \
             min = CASE WHEN excluded.min < iot_hourly.min THEN excluded.min ELSE iot_hourly.min END, \
             max = CASE WHEN excluded.max > iot_hourly.max THEN excluded.max ELSE iot_hourly.max END",
            backend.or_ignore("INSERT"),
            backend.values_clause(chunk.len(), 6)
        );
        let mut q = sqlx::query(&sql);
        for ((sensor, hour), (n, sum, min, max)) in chunk {
            q = q.bind(*sensor).bind(*hour).bind(*n).bind(*sum).bind(*min).bind(*max);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Move each sensor's latest value to the newest of these readings (never backwards), in one
/// statement per chunk of sensors.
async fn move_latest(tx: &mut Tx, backend: Backend, readings: &[Reading]) -> Result<(), sqlx::Error> {
    let mut latest: BTreeMap<&str, &Reading> = BTreeMap::new();
    for r in readings {
        let e = latest.entry(&r.sensor_id).or_insert(r);
        if r.ts_ms >= e.ts_ms {
            *e = r;
        }
    }
    let rows: Vec<_> = latest.into_values().collect();
    for chunk in db::cached_chunks(&rows, CHUNK) {
        let sql = format!(
            "WITH v (id, ts_ms, value) AS ({}) {} iot_sensors SET last_value = v.value, last_ts_ms = v.ts_ms \
             FROM v WHERE iot_sensors.id = v.id AND (iot_sensors.last_ts_ms IS NULL OR iot_sensors.last_ts_ms <= v.ts_ms)",
            backend.values_clause(chunk.len(), 3),
            backend.or_ignore("UPDATE")
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q.bind(r.sensor_id.as_str()).bind(r.ts_ms).bind(r.value);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A sensor's raw readings in `[from_ms, to_ms)`, oldest first, at most `limit`.
pub async fn range(
    conn: &mut Conn,
    sensor: &str,
    from_ms: i64,
    to_ms: i64,
    limit: i64,
) -> Result<Vec<Reading>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT sensor_id, ts_ms, value FROM iot_readings WHERE sensor_id = $1 AND ts_ms >= $2 AND ts_ms < $3 \
         ORDER BY ts_ms LIMIT $4",
    )
    .bind(sensor)
    .bind(from_ms)
    .bind(to_ms)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| Ok(Reading { sensor_id: r.try_get(0)?, ts_ms: r.try_get(1)?, value: r.try_get(2)? })).collect()
}

/// A sensor's hourly aggregates for hours starting in `[from, to)` (unix seconds), oldest first.
pub async fn hourly(conn: &mut Conn, sensor: &str, from: i64, to: i64) -> Result<Vec<Hourly>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT hour, n, sum, min, max FROM iot_hourly WHERE sensor_id = $1 AND hour >= $2 AND hour < $3 ORDER BY hour",
    )
    .bind(sensor)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get(1)?;
            let sum: f64 = r.try_get(2)?;
            Ok(Hourly {
                hour: r.try_get(0)?,
                n,
                mean: if n > 0 { sum / n as f64 } else { 0.0 },
                min: r.try_get(3)?,
                max: r.try_get(4)?,
            })
        })
        .collect()
}

/// Delete raw readings older than `before_ms` (their hours stay); returns how many went.
pub async fn purge_raw(tx: &mut Tx, before_ms: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM iot_readings WHERE ts_ms < $1").bind(before_ms).execute(&mut **tx).await?;
    Ok(done.rows_affected())
}
