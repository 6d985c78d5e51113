//! Rules and alerts: readings checked against thresholds, rates of change and silence, with
//! hysteresis; an alert opens a work order for the thing's agency.
//!
//! The state of a rule on a sensor is its alert: none (all well), `open` (out of bounds),
//! `normal` (back within the clear bounds, waiting for staff to confirm) or `closed`. A value
//! opens an alert only at the threshold and lets it go back to normal only past `clear_at`, so
//! a value hovering between the two neither opens nor closes anything. A `normal` alert that
//! goes out of bounds again is opened again (same work order). At most one alert per rule and
//! sensor is not closed: its `open_key` (`rule:sensor`) is unique, and it is inserted with
//! `ON CONFLICT DO NOTHING`, so two ingestion processes never open two.
//!
//! [`on_readings`] runs in the transaction that stored a batch and costs a few queries per
//! batch (the active rules, the sensors concerned, their alerts not closed); [`check_silence`]
//! runs every 30 seconds for the `nodata` rules.

use std::collections::{HashMap, HashSet};

use serde_json::json;
use sqlx::Row as _;

use super::model::{Reading, Rule, RuleKind, SensorKind};
use crate::db::{self, placeholders, Tx};

/// What a batch of readings changed in the alerts (for the live views and notifications).
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// Codes of alerts opened by the batch.
    pub opened: Vec<String>,
    /// Codes of alerts whose values came back to normal.
    pub normal: Vec<String>,
    /// Codes of alerts back to normal (not yet confirmed) that went out of bounds again.
    pub reopened: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.opened.is_empty() && self.normal.is_empty() && self.reopened.is_empty()
    }
}

/// Parameters per statement when listing keys (`IN (...)`).
const CHUNK: usize = 500;

pub(crate) const RULE_COLUMNS: &str =
    "id, name, sensor_id, sensor_kind, rule, threshold, clear_at, severity, public_report, active, created_by, created_at";

pub(crate) fn rule_row(r: &db::Row) -> Result<Rule, sqlx::Error> {
    Ok(Rule {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        sensor_id: r.try_get(2)?,
        sensor_kind: r.try_get(3)?,
        rule: r.try_get(4)?,
        threshold: r.try_get(5)?,
        clear_at: r.try_get(6)?,
        severity: r.try_get(7)?,
        public_report: r.try_get::<i64, _>(8)? != 0,
        active: r.try_get::<i64, _>(9)? != 0,
        created_by: r.try_get(10)?,
        created_at: r.try_get(11)?,
    })
}

/// The active rules (a small table: one query per batch).
pub async fn active_rules(conn: &mut db::Conn) -> Result<Vec<Rule>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {RULE_COLUMNS} FROM iot_rules WHERE active = 1 ORDER BY id"))
        .fetch_all(conn)
        .await?;
    rows.iter().map(rule_row).collect()
}

/// A sensor with what an alert on it needs to know of its thing.
#[derive(Clone, Debug)]
pub(crate) struct SensorInfo {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub unit: String,
    pub thing_id: String,
    pub thing_name: String,
    pub agency_id: String,
    pub lat: f64,
    pub lon: f64,
    pub region_code: Option<String>,
    pub created_at: i64,
    pub last_ts_ms: Option<i64>,
}

const SENSOR_INFO: &str = "SELECT s.id, s.name, s.kind, s.unit, s.thing_id, t.name, t.agency_id, t.lat, t.lon, \
     t.region_code, s.created_at, s.last_ts_ms FROM iot_sensors s JOIN iot_things t ON t.id = s.thing_id";

fn sensor_info(r: &db::Row) -> Result<SensorInfo, sqlx::Error> {
    Ok(SensorInfo {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        kind: r.try_get(2)?,
        unit: r.try_get(3)?,
        thing_id: r.try_get(4)?,
        thing_name: r.try_get(5)?,
        agency_id: r.try_get(6)?,
        lat: r.try_get(7)?,
        lon: r.try_get(8)?,
        region_code: r.try_get(9)?,
        created_at: r.try_get(10)?,
        last_ts_ms: r.try_get(11)?,
    })
}

async fn sensors_info(tx: &mut Tx, ids: &[&str]) -> Result<HashMap<String, SensorInfo>, sqlx::Error> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let sql = format!("{SENSOR_INFO} WHERE s.id IN ({})", placeholders(1, chunk.len()));
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for row in q.fetch_all(&mut **tx).await? {
            let s = sensor_info(&row)?;
            out.insert(s.id.clone(), s);
        }
    }
    Ok(out)
}

/// An alert not closed, as the engine tracks it through a batch.
#[derive(Clone, Debug)]
struct Live {
    id: i64,
    code: String,
    status: String,
    peak: Option<f64>,
    last: Option<f64>,
    normal_at: Option<i64>,
    dirty: bool,
}

const LIVE: &str = "SELECT id, code, status, peak_value, last_value, normal_at, open_key FROM iot_alerts";

async fn live_alerts(tx: &mut Tx, keys: &[String]) -> Result<HashMap<String, Live>, sqlx::Error> {
    let mut out = HashMap::new();
    for chunk in keys.chunks(CHUNK) {
        let sql = format!("{LIVE} WHERE open_key IN ({})", placeholders(1, chunk.len()));
        let mut q = sqlx::query(&sql);
        for k in chunk {
            q = q.bind(k);
        }
        for row in q.fetch_all(&mut **tx).await? {
            let key: String = row.try_get(6)?;
            out.insert(
                key,
                Live {
                    id: row.try_get(0)?,
                    code: row.try_get(1)?,
                    status: row.try_get(2)?,
                    peak: row.try_get(3)?,
                    last: row.try_get(4)?,
                    normal_at: row.try_get(5)?,
                    dirty: false,
                },
            );
        }
    }
    Ok(out)
}

fn rule_applies(rule: &Rule, sensor: &str, kind: Option<&str>) -> bool {
    match (&rule.sensor_id, &rule.sensor_kind) {
        (Some(s), _) => s == sensor,
        (None, Some(k)) => kind == Some(k.as_str()),
        (None, None) => false,
    }
}

fn open_key(rule: i64, sensor: &str) -> String {
    format!("{rule}:{sensor}")
}

/// Where a measured value (or a rate) stands against a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// At or past the threshold: opens (or reopens) an alert.
    Out,
    /// Between the threshold and `clear_at`: changes nothing.
    Between,
    /// Past `clear_at`: an open alert is back to normal.
    Clear,
}

/// Judge `value` against `rule` (for `rate`, `value` is the change per minute, either sign).
pub fn judge(rule: &Rule, value: f64) -> Verdict {
    let clear = rule.clear_at.unwrap_or(rule.threshold);
    match RuleKind::parse(&rule.rule) {
        Some(RuleKind::Above) if value >= rule.threshold => Verdict::Out,
        Some(RuleKind::Above) if value < clear => Verdict::Clear,
        Some(RuleKind::Below) if value <= rule.threshold => Verdict::Out,
        Some(RuleKind::Below) if value > clear => Verdict::Clear,
        Some(RuleKind::Rate) if value.abs() >= rule.threshold => Verdict::Out,
        Some(RuleKind::Rate) if value.abs() < clear => Verdict::Clear,
        Some(RuleKind::Nodata) | None => Verdict::Clear,
        _ => Verdict::Between,
    }
}

/// The worse of two values for a rule (the peak of an alert).
fn worse(rule: &Rule, a: Option<f64>, b: f64) -> f64 {
    match (RuleKind::parse(&rule.rule), a) {
        (_, None) => b,
        (Some(RuleKind::Below), Some(a)) => a.min(b),
        (Some(RuleKind::Rate), Some(a)) => {
            if b.abs() > a.abs() {
                b
            } else {
                a
            }
        }
        (_, Some(a)) => a.max(b),
    }
}

/// Check a batch of accepted readings (already stored, in time order per sensor) against the
/// active rules, in the transaction that stored them. `now`: unix seconds.
///
/// CONTRACT (issue 11): ingestion calls this for every stored batch; the rules part fills it in.
pub async fn on_readings(tx: &mut Tx, readings: &[Reading], now: i64) -> Result<Changes, sqlx::Error> {
    let mut changes = Changes::default();
    if readings.is_empty() {
        return Ok(changes);
    }
    let rules = active_rules(tx).await?;
    if rules.is_empty() {
        return Ok(changes);
    }
    let by_kind = rules.iter().any(|r| r.sensor_id.is_none());
    let named: HashSet<&str> = rules.iter().filter_map(|r| r.sensor_id.as_deref()).collect();
    let mut sensors: Vec<&str> =
        readings.iter().map(|r| r.sensor_id.as_str()).filter(|s| by_kind || named.contains(s)).collect();
    sensors.sort_unstable();
    sensors.dedup();
    if sensors.is_empty() {
        return Ok(changes);
    }
    let info = sensors_info(tx, &sensors).await?;
    // The rules of each sensor.
    let mut applicable: HashMap<&str, Vec<&Rule>> = HashMap::new();
    for s in &sensors {
        let kind = info.get(*s).map(|i| i.kind.as_str());
        let list: Vec<&Rule> = rules.iter().filter(|r| rule_applies(r, s, kind)).collect();
        if !list.is_empty() && info.contains_key(*s) {
            applicable.insert(s, list);
        }
    }
    if applicable.is_empty() {
        return Ok(changes);
    }
    let keys: Vec<String> = applicable.iter().flat_map(|(s, rs)| rs.iter().map(move |r| open_key(r.id, s))).collect();
    let mut live = live_alerts(tx, &keys).await?;

    // The batch, per sensor in time order.
    let mut ordered: Vec<&Reading> =
        readings.iter().filter(|r| applicable.contains_key(r.sensor_id.as_str())).collect();
    ordered.sort_by(|a, b| a.sensor_id.cmp(&b.sensor_id).then(a.ts_ms.cmp(&b.ts_ms)));

    // The reading before the batch, for sensors with a rate rule (one statement per 100).
    let mut firsts: Vec<(&str, i64)> = Vec::new();
    for (s, rs) in &applicable {
        if rs.iter().any(|r| r.rule == RuleKind::Rate.as_str()) {
            if let Some(first) = ordered.iter().find(|r| r.sensor_id == *s) {
                firsts.push((s, first.ts_ms));
            }
        }
    }
    let mut previous: HashMap<&str, (i64, f64)> = HashMap::new();
    for chunk in firsts.chunks(100) {
        let parts: Vec<String> = (0..chunk.len())
            .map(|i| {
                format!(
                    "SELECT * FROM (SELECT sensor_id, ts_ms, value FROM iot_readings WHERE sensor_id = ${} \
                     AND ts_ms < ${} ORDER BY ts_ms DESC LIMIT 1) p{i}",
                    2 * i + 1,
                    2 * i + 2
                )
            })
            .collect();
        let sql = parts.join(" UNION ALL ");
        let mut q = sqlx::query(&sql);
        for (s, ts) in chunk {
            q = q.bind(*s).bind(*ts);
        }
        for row in q.fetch_all(&mut **tx).await? {
            let sensor: String = row.try_get(0)?;
            if let Some((s, _)) = chunk.iter().find(|(s, _)| *s == sensor) {
                previous.insert(s, (row.try_get(1)?, row.try_get(2)?));
            }
        }
    }

    for reading in ordered {
        let s = reading.sensor_id.as_str();
        let sensor = &info[s];
        let prev = previous.insert(s, (reading.ts_ms, reading.value));
        for rule in &applicable[s] {
            let key = open_key(rule.id, s);
            let kind = RuleKind::parse(&rule.rule);
            if kind == Some(RuleKind::Nodata) {
                // A reading ends the silence.
                if let Some(a) = live.get_mut(&key).filter(|a| a.status == "open") {
                    a.status = "normal".into();
                    a.normal_at = Some(now);
                    a.dirty = true;
                    event(tx, a.id, now, "normal", None, None, None).await?;
                    changes.normal.push(a.code.clone());
                }
                continue;
            }
            let value = if kind == Some(RuleKind::Rate) {
                match prev {
                    Some((pts, pv)) if reading.ts_ms > pts => {
                        (reading.value - pv) / ((reading.ts_ms - pts) as f64 / 60_000.0)
                    }
                    _ => continue,
                }
            } else {
                reading.value
            };
            let verdict = judge(rule, value);
            match live.get_mut(&key) {
                None if verdict == Verdict::Out => {
                    let opened = open(tx, rule, sensor, reading.ts_ms, Some(value), now).await?;
                    if let Some(a) = opened.fresh {
                        changes.opened.push(a.clone());
                    }
                    live.insert(key, opened.live);
                }
                None => {}
                Some(a) => {
                    a.last = Some(value);
                    a.dirty = true;
                    match (a.status.as_str(), verdict) {
                        ("open", Verdict::Clear) => {
                            a.status = "normal".into();
                            a.normal_at = Some(now);
                            event(tx, a.id, now, "normal", Some(value), None, None).await?;
                            changes.normal.push(a.code.clone());
                        }
                        ("open", _) => a.peak = Some(worse(rule, a.peak, value)),
                        ("normal", Verdict::Out) => {
                            a.status = "open".into();
                            a.normal_at = None;
                            a.peak = Some(worse(rule, a.peak, value));
                            event(tx, a.id, now, "reopen", Some(value), None, None).await?;
                            reopened(tx, a, rule, sensor, Some(value), now).await?;
                            changes.reopened.push(a.code.clone());
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    // In id order, so two processes updating the same alerts take their row locks alike; one
    // statement per 100 alerts.
    let mut dirty: Vec<&Live> = live.values().filter(|a| a.dirty).collect();
    dirty.sort_by_key(|a| a.id);
    for chunk in dirty.chunks(100) {
        let n = chunk.len();
        let case = |col: usize, cast: &str| -> String {
            let whens: Vec<String> =
                (0..n).map(|i| format!("WHEN ${} THEN CAST(${} AS {cast})", 5 * i + 1, 5 * i + col)).collect();
            format!("CASE id {} END", whens.join(" "))
        };
        let ids: Vec<String> = (0..n).map(|i| format!("${}", 5 * i + 1)).collect();
        let sql = format!(
            "UPDATE iot_alerts SET status = {}, peak_value = {}, last_value = {}, normal_at = {} \
             WHERE id IN ({}) AND status <> 'closed'",
            case(2, "TEXT"),
            case(3, "DOUBLE PRECISION"),
            case(4, "DOUBLE PRECISION"),
            case(5, "BIGINT"),
            ids.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for a in chunk {
            q = q
                .bind(a.id)
                .bind(&a.status)
                .bind(db::float_text(a.peak))
                .bind(db::float_text(a.last))
                .bind(a.normal_at);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(changes)
}

/// Record one step of an alert's timeline.
pub(crate) async fn event(
    tx: &mut Tx,
    alert: i64,
    at: i64,
    action: &str,
    value: Option<f64>,
    actor: Option<i64>,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO iot_alert_events (alert_id, at, action, value, actor_id, note) \
         VALUES ($1, $2, $3, CAST($4 AS DOUBLE PRECISION), $5, $6)",
    )
    .bind(alert)
    .bind(at)
    .bind(action)
    .bind(db::float_text(value))
    .bind(actor)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

struct Opened {
    live: Live,
    /// The code, when this call opened it (none: another process had).
    fresh: Option<String>,
}

/// Open the alert of `rule` on `sensor` (its work order), or find the one another process has
/// just opened; on opening, notify the agency's staff, record a ledger leaf and file the public
/// report the rule asks for.
async fn open(
    tx: &mut Tx,
    rule: &Rule,
    sensor: &SensorInfo,
    ts_ms: i64,
    value: Option<f64>,
    now: i64,
) -> Result<Opened, sqlx::Error> {
    let key = open_key(rule.id, &sensor.id);
    let year = crate::calendar::local_date(now, 7).year();
    let code = db::next_code(tx, &format!("PK-{year}")).await?;
    let row = sqlx::query(
        "INSERT INTO iot_alerts (code, rule_id, sensor_id, thing_id, agency_id, severity, status, opened_ts_ms, \
         opened_value, peak_value, last_value, created_at, open_key) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, \
         CAST($8 AS DOUBLE PRECISION), CAST($8 AS DOUBLE PRECISION), CAST($8 AS DOUBLE PRECISION), $9, $10) \
         ON CONFLICT (open_key) DO NOTHING RETURNING id",
    )
    .bind(&code)
    .bind(rule.id)
    .bind(&sensor.id)
    .bind(&sensor.thing_id)
    .bind(&sensor.agency_id)
    .bind(&rule.severity)
    .bind(ts_ms)
    .bind(db::float_text(value))
    .bind(now)
    .bind(&key)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        // Another process opened it a moment ago: carry on with that one.
        let mut found = live_alerts(tx, std::slice::from_ref(&key)).await?;
        let live = found.remove(&key).ok_or(sqlx::Error::RowNotFound)?;
        return Ok(Opened { live, fresh: None });
    };
    let id: i64 = row.try_get(0)?;
    event(tx, id, now, "open", value, None, None).await?;
    notify(tx, &code, rule, sensor, value, "open", now).await?;
    let mut leaf = crate::ledger::Leaf::new("iot.alert.open", now)
        .with("code", code.as_str())
        .with("rule_id", rule.id)
        .with("rule", rule.rule.as_str())
        .with("sensor_id", sensor.id.as_str())
        .with("thing_id", sensor.thing_id.as_str())
        .with("agency_id", sensor.agency_id.as_str())
        .with("severity", rule.severity.as_str());
    if let Some(v) = value.filter(|v| v.is_finite()) {
        leaf = leaf.with("value", v);
    }
    crate::ledger::record(tx, &leaf).await?;
    if rule.public_report {
        let report = public_report(tx, &code, rule, sensor, value, now).await?;
        sqlx::query("UPDATE iot_alerts SET report_code = $1 WHERE id = $2")
            .bind(&report)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(Opened {
        live: Live {
            id,
            code: code.clone(),
            status: "open".into(),
            peak: value,
            last: value,
            normal_at: None,
            dirty: false,
        },
        fresh: Some(code),
    })
}

/// An alert back to normal went out of bounds again: tell the staff once more.
async fn reopened(
    tx: &mut Tx,
    a: &Live,
    rule: &Rule,
    sensor: &SensorInfo,
    value: Option<f64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    notify(tx, &a.code, rule, sensor, value, &format!("reopen-{now}"), now).await
}

/// Who hears of an agency's alerts: its staff on duty, or every officer and supervisor when
/// nobody is.
pub async fn recipients(tx: &mut Tx, agency: &str) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.user_id FROM iot_on_duty d JOIN users u ON u.id = d.user_id \
         WHERE d.agency_id = $1 AND u.agency_id = $1 AND u.disabled = 0 ORDER BY d.user_id",
    )
    .bind(agency)
    .fetch_all(&mut **tx)
    .await?;
    let on_duty: Vec<i64> = rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;
    if !on_duty.is_empty() {
        return Ok(on_duty);
    }
    Ok(crate::identity::store::staff_of_agency(tx, agency).await?.into_iter().map(|(id, _)| id).collect())
}

/// A number as people read it (at most two decimals).
pub fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

async fn notify(
    tx: &mut Tx,
    code: &str,
    rule: &Rule,
    sensor: &SensorInfo,
    value: Option<f64>,
    step: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let unit = if rule.rule == RuleKind::Rate.as_str() { format!("{}/min", sensor.unit) } else { sensor.unit.clone() };
    let payload = json!({
        "code": code,
        "name": rule.name,
        "place": format!("{} ({})", sensor.thing_name, sensor.name),
        "when": value.map(|v| format!("{} {unit}", number(v))).unwrap_or_else(|| "–".into()),
        "rule": rule.rule,
        "severity": rule.severity,
        "path": format!("/kelola/iot/perintah-kerja/{code}"),
    });
    for user in recipients(tx, &sensor.agency_id).await? {
        let key = format!("iot:{code}:{step}:{user}");
        crate::notify::service::queue(tx, "iot.alert", user, &payload, &key, now).await?;
    }
    Ok(())
}

/// The report category for a sensor kind.
pub fn report_category(kind: &str) -> crate::reports::model::Category {
    use crate::reports::model::Category;
    match SensorKind::parse(kind) {
        Some(SensorKind::WaterLevel | SensorKind::Rainfall) => Category::DrainaseBanjir,
        Some(SensorKind::Pm25) => Category::Pencemaran,
        Some(SensorKind::Vibration | SensorKind::RoadSurface | SensorKind::TrafficFlow | SensorKind::TrafficSpeed) => {
            Category::Jalan
        }
        None => Category::Lainnya,
    }
}

async fn public_report(
    tx: &mut Tx,
    code: &str,
    rule: &Rule,
    sensor: &SensorInfo,
    value: Option<f64>,
    now: i64,
) -> Result<String, sqlx::Error> {
    let reading = value.map(|v| format!(" Nilai terukur {} {}.", number(v), sensor.unit)).unwrap_or_default();
    let description = format!(
        "Peringatan otomatis dari sensor \"{}\" di {}: {}.{reading} Perintah kerja {code} sudah diteruskan ke instansi \
         pengelola. / Automatic alert from a sensor: the owner agency has work order {code}.",
        sensor.name, sensor.thing_name, rule.name
    );
    let filed = crate::reports::service::file_from_platform(
        tx,
        crate::reports::service::PlatformReport {
            category: report_category(&sensor.kind),
            description,
            lat: sensor.lat,
            lon: sensor.lon,
            address: sensor.thing_name.clone(),
            region_code: sensor.region_code.clone(),
            agency_id: sensor.agency_id.clone(),
        },
        now,
    )
    .await?;
    Ok(filed)
}

/// Open (or open again) the alerts of `nodata` rules whose sensors have been silent for the
/// rule's minutes (a sensor that never sent counts from the later of the rule's and the
/// sensor's creation). `now`: unix seconds.
pub async fn check_silence(tx: &mut Tx, now: i64) -> Result<Changes, sqlx::Error> {
    let mut changes = Changes::default();
    let rules: Vec<Rule> =
        active_rules(tx).await?.into_iter().filter(|r| r.rule == RuleKind::Nodata.as_str()).collect();
    if rules.is_empty() {
        return Ok(changes);
    }
    let named: Vec<&str> = rules.iter().filter_map(|r| r.sensor_id.as_deref()).collect();
    let kinds: Vec<&str> =
        rules.iter().filter(|r| r.sensor_id.is_none()).filter_map(|r| r.sensor_kind.as_deref()).collect();
    let mut sensors: Vec<SensorInfo> = Vec::new();
    if !kinds.is_empty() {
        let sql = format!("{SENSOR_INFO} WHERE s.kind IN ({})", placeholders(1, kinds.len()));
        let mut q = sqlx::query(&sql);
        for k in &kinds {
            q = q.bind(*k);
        }
        for row in q.fetch_all(&mut **tx).await? {
            sensors.push(sensor_info(&row)?);
        }
    }
    for s in sensors_info(tx, &named).await?.into_values() {
        if !sensors.iter().any(|x| x.id == s.id) {
            sensors.push(s);
        }
    }
    let now_ms = now * 1000;
    let mut silent: Vec<(&Rule, &SensorInfo)> = Vec::new();
    for rule in &rules {
        for s in sensors.iter().filter(|s| rule_applies(rule, &s.id, Some(&s.kind))) {
            let since = s.last_ts_ms.unwrap_or(rule.created_at.max(s.created_at) * 1000);
            if now_ms - since >= (rule.threshold * 60_000.0) as i64 {
                silent.push((rule, s));
            }
        }
    }
    if silent.is_empty() {
        return Ok(changes);
    }
    let keys: Vec<String> = silent.iter().map(|(r, s)| open_key(r.id, &s.id)).collect();
    let live = live_alerts(tx, &keys).await?;
    for (rule, sensor) in silent {
        match live.get(&open_key(rule.id, &sensor.id)) {
            None => {
                let opened = open(tx, rule, sensor, now_ms, None, now).await?;
                changes.opened.extend(opened.fresh);
            }
            Some(a) if a.status == "normal" => {
                let won = sqlx::query(
                    "UPDATE iot_alerts SET status = 'open', normal_at = NULL WHERE id = $1 AND status = 'normal'",
                )
                .bind(a.id)
                .execute(&mut **tx)
                .await?
                .rows_affected()
                    == 1;
                if !won {
                    // Another process reopened it a moment ago.
                    continue;
                }
                event(tx, a.id, now, "reopen", None, None, None).await?;
                reopened(tx, a, rule, sensor, None, now).await?;
                changes.reopened.push(a.code.clone());
            }
            Some(_) => {}
        }
    }
    Ok(changes)
}

/// Look for silent sensors every 30 seconds, until the process ends.
pub fn spawn_silence(state: crate::app::AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = db::now();
            let check = state.db.write(move |tx| Box::pin(async move { check_silence(tx, now).await }));
            match crate::db::jobs::run_logged(&state.db, "iot-silence", check).await {
                Some(c) if !c.is_empty() => {
                    tracing::info!(opened = c.opened.len(), reopened = c.reopened.len(), "iot: silent sensors")
                }
                _ => {}
            }
        }
    })
}

/// Load the demo rules ([`super::demo::RULES`]) and run the demo's two days of readings
/// through them: the rising pump-house pond opens a work order for DPUPR. A work order of the
/// day before, already handled and closed, shows a full timeline.
pub async fn load_demo(state: &crate::app::AppState) -> anyhow::Result<()> {
    let now = db::now();
    let mut tx = state.db.begin().await?;
    for (name, sensor, kind, rule, threshold, clear_at, severity, public_report) in super::demo::RULES {
        let r = Rule {
            id: 0,
            name: (*name).into(),
            sensor_id: sensor.map(str::to_string),
            sensor_kind: kind.map(str::to_string),
            rule: (*rule).into(),
            threshold: *threshold,
            clear_at: *clear_at,
            severity: (*severity).into(),
            public_report: *public_report,
            active: true,
            created_by: None,
            created_at: now - 3 * 86_400,
        };
        super::alerts::insert_rule(&mut tx, &r).await?;
    }
    // Yesterday's bridge vibration alert, handled by the DPUPR officer and closed.
    let rules = active_rules(&mut tx).await?;
    if let (Some(rule), Some(sensor)) = (
        rules.iter().find(|r| r.sensor_id.as_deref() == Some("wonokromo-getaran")),
        sensors_info(&mut tx, &["wonokromo-getaran"]).await?.remove("wonokromo-getaran"),
    ) {
        let officer: Option<i64> = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind("petugas@dpupr.example.id")
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        let opened = now - 30 * 3600;
        let year = crate::calendar::local_date(opened, 7).year();
        let code = db::next_code(&mut tx, &format!("PK-{year}")).await?;
        let note = "Baut sambungan siar muai dikencangkan; getaran kembali normal.";
        let row = sqlx::query(
            "INSERT INTO iot_alerts (code, rule_id, sensor_id, thing_id, agency_id, severity, status, opened_ts_ms, \
             opened_value, peak_value, last_value, normal_at, acknowledged_by, acknowledged_at, closed_by, closed_at, \
             close_note, created_at, open_key) VALUES ($1, $2, $3, $4, $5, $6, 'closed', $7, 84.5, 91.2, 52.0, $8, $9, \
             $10, $9, $11, $12, $13, NULL) RETURNING id",
        )
        .bind(&code)
        .bind(rule.id)
        .bind(&sensor.id)
        .bind(&sensor.thing_id)
        .bind(&sensor.agency_id)
        .bind(&rule.severity)
        .bind(opened * 1000)
        .bind(opened + 5400)
        .bind(officer)
        .bind(opened + 900)
        .bind(opened + 7200)
        .bind(note)
        .bind(opened)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get(0)?;
        event(&mut tx, id, opened, "open", Some(84.5), None, None).await?;
        event(&mut tx, id, opened + 900, "acknowledge", None, officer, None).await?;
        event(&mut tx, id, opened + 5400, "normal", Some(52.0), None, None).await?;
        event(&mut tx, id, opened + 7200, "close", Some(52.0), officer, Some(note)).await?;
    }
    let mut history = super::demo::history(now);
    history.sort_by(|a, b| a.sensor_id.cmp(&b.sensor_id).then(a.ts_ms.cmp(&b.ts_ms)));
    on_readings(&mut tx, &history, now).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(kind: &str, threshold: f64, clear_at: Option<f64>) -> Rule {
        Rule {
            id: 1,
            name: "uji".into(),
            sensor_id: Some("s".into()),
            sensor_kind: None,
            rule: kind.into(),
            threshold,
            clear_at,
            severity: "warning".into(),
            public_report: false,
            active: true,
            created_by: None,
            created_at: 0,
        }
    }

    #[test]
    fn hysteresis_band_changes_nothing() {
        let above = rule("above", 250.0, Some(230.0));
        assert_eq!(judge(&above, 250.0), Verdict::Out);
        assert_eq!(judge(&above, 240.0), Verdict::Between);
        assert_eq!(judge(&above, 230.0), Verdict::Between);
        assert_eq!(judge(&above, 229.9), Verdict::Clear);
        let below = rule("below", 10.0, Some(15.0));
        assert_eq!(judge(&below, 9.0), Verdict::Out);
        assert_eq!(judge(&below, 12.0), Verdict::Between);
        assert_eq!(judge(&below, 15.5), Verdict::Clear);
        let rate = rule("rate", 5.0, Some(2.0));
        assert_eq!(judge(&rate, -6.0), Verdict::Out);
        assert_eq!(judge(&rate, 3.0), Verdict::Between);
        assert_eq!(judge(&rate, 1.0), Verdict::Clear);
        // No clear_at: the threshold itself.
        let plain = rule("above", 100.0, None);
        assert_eq!(judge(&plain, 99.0), Verdict::Clear);
    }

    #[test]
    fn peaks_follow_the_rule() {
        assert_eq!(worse(&rule("above", 1.0, None), Some(3.0), 2.0), 3.0);
        assert_eq!(worse(&rule("below", 1.0, None), Some(3.0), 2.0), 2.0);
        assert_eq!(worse(&rule("rate", 1.0, None), Some(3.0), -4.0), -4.0);
        assert_eq!(number(2.50), "2.5");
        assert_eq!(number(250.0), "250");
    }
}
