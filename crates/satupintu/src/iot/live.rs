//! The live picture of the monitoring: every second each process reads every sensor's latest
//! value and the alerts not yet closed, and publishes the snapshot through a `watch` channel.
//! The live pages (`/kelola/iot/langsung`, `/pantau/langsung`) subscribe to it. Each process
//! reads the database itself, so readings stored by any process reach every open page.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use sqlx::Row as _;

use crate::app::AppState;
use crate::db::Conn;

/// How often the snapshot is read.
pub const PERIOD: Duration = Duration::from_secs(1);
/// A sensor with no reading for this long shows "no data" (unix milliseconds).
pub const STALE_MS: i64 = 60 * 60 * 1000;

/// One sensor now.
#[derive(Clone, Debug, PartialEq)]
pub struct SensorNow {
    pub id: String,
    pub thing_id: String,
    pub agency_id: String,
    /// The sensor and its thing are public.
    pub public: bool,
    pub kind: String,
    pub unit: String,
    pub value: Option<f64>,
    pub ts_ms: Option<i64>,
    /// Refused payloads of its device.
    pub bad_payloads: i64,
    /// The lowest threshold of its active `above` rules (for water-level bands).
    pub limit: Option<f64>,
    /// `warning` or `danger` while an alert on it is open (values out of bounds).
    pub alert: Option<String>,
}

/// One thing now.
#[derive(Clone, Debug, PartialEq)]
pub struct ThingNow {
    pub id: String,
    pub agency_id: String,
    pub public: bool,
    /// Alerts (work orders) not closed yet.
    pub open_orders: i64,
}

/// Everything the live pages show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Unix milliseconds when read.
    pub at_ms: i64,
    pub sensors: Vec<SensorNow>,
    pub things: Vec<ThingNow>,
}

impl Snapshot {
    /// A thing's state: `danger` or `warning` when one of its sensors has an open alert, `nodata`
    /// when a sensor sent nothing for [`STALE_MS`], else `normal`.
    pub fn thing_state(&self, thing: &str) -> &'static str {
        let mut state = "normal";
        for s in self.sensors.iter().filter(|s| s.thing_id == thing) {
            match sensor_state(s, self.at_ms) {
                "danger" => return "danger",
                "warning" => state = "warning",
                "nodata" if state == "normal" => state = "nodata",
                _ => {}
            }
        }
        state
    }
}

/// A sensor's state: its open alert's severity, `nodata` when stale, else `normal`.
pub fn sensor_state(s: &SensorNow, now_ms: i64) -> &'static str {
    match s.alert.as_deref() {
        Some("danger") => "danger",
        Some(_) => "warning",
        None if s.ts_ms.is_none_or(|t| now_ms - t > STALE_MS) => "nodata",
        None => "normal",
    }
}

/// The latest snapshot, shared by the pages of this process.
pub struct Hub {
    tx: tokio::sync::watch::Sender<Arc<Snapshot>>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { tx: tokio::sync::watch::channel(Arc::new(Snapshot::default())).0 }
    }
}

impl Hub {
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<Arc<Snapshot>> {
        self.tx.subscribe()
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.tx.borrow().clone()
    }

    /// Publish a snapshot (subscribers wake only when it differs from the last one).
    pub fn publish(&self, snap: Snapshot) {
        self.tx.send_if_modified(|old| {
            // A sensor falling silent changes its state without any value changing.
            let states = |s: &Snapshot| s.sensors.iter().map(|x| sensor_state(x, s.at_ms)).collect::<Vec<_>>();
            let changed = old.sensors != snap.sensors || old.things != snap.things || states(old) != states(&snap);
            *old = Arc::new(snap);
            changed
        });
    }

    /// Read the database now and publish.
    pub async fn refresh(&self, state: &AppState) -> Result<(), sqlx::Error> {
        let mut conn = state.db.conn().await?;
        let snap = read(&mut conn, crate::db::now() * 1000).await?;
        self.publish(snap);
        Ok(())
    }
}

/// Read the snapshot: every sensor with its latest value, and the alerts not closed.
pub async fn read(conn: &mut Conn, now_ms: i64) -> Result<Snapshot, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.thing_id, t.agency_id, s.public, t.public, s.kind, s.unit, s.last_value, s.last_ts_ms, \
         d.bad_payloads FROM iot_sensors s JOIN iot_things t ON t.id = s.thing_id \
         JOIN iot_devices d ON d.id = s.device_id ORDER BY s.thing_id, s.name, s.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut sensors = Vec::with_capacity(rows.len());
    for r in &rows {
        sensors.push(SensorNow {
            id: r.try_get(0)?,
            thing_id: r.try_get(1)?,
            agency_id: r.try_get(2)?,
            public: r.try_get::<i64, _>(3)? != 0 && r.try_get::<i64, _>(4)? != 0,
            kind: r.try_get(5)?,
            unit: r.try_get(6)?,
            value: r.try_get(7)?,
            ts_ms: r.try_get(8)?,
            bad_payloads: r.try_get(9)?,
            limit: None,
            alert: None,
        });
    }
    // Thresholds of `above` rules, per sensor or per kind.
    let rules =
        sqlx::query("SELECT sensor_id, sensor_kind, threshold FROM iot_rules WHERE active = 1 AND rule = 'above'")
            .fetch_all(&mut *conn)
            .await?;
    for r in &rules {
        let (sensor, kind, threshold): (Option<String>, Option<String>, f64) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        for s in sensors.iter_mut() {
            let applies = sensor.as_deref() == Some(s.id.as_str()) || kind.as_deref() == Some(s.kind.as_str());
            if applies && s.limit.is_none_or(|l| threshold < l) {
                s.limit = Some(threshold);
            }
        }
    }
    let alerts = sqlx::query("SELECT sensor_id, thing_id, severity, status FROM iot_alerts WHERE status <> 'closed'")
        .fetch_all(&mut *conn)
        .await?;
    let mut orders: HashMap<String, i64> = HashMap::new();
    for r in &alerts {
        let (sensor, thing, severity, status): (String, String, String, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
        *orders.entry(thing).or_default() += 1;
        if status == "open" {
            if let Some(s) = sensors.iter_mut().find(|s| s.id == sensor) {
                if s.alert.as_deref() != Some("danger") {
                    s.alert = Some(if severity == "danger" { "danger".into() } else { "warning".into() });
                }
            }
        }
    }
    let rows =
        sqlx::query("SELECT id, agency_id, public FROM iot_things ORDER BY name, id").fetch_all(&mut *conn).await?;
    let mut things = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get(0)?;
        things.push(ThingNow {
            open_orders: orders.get(&id).copied().unwrap_or(0),
            id,
            agency_id: r.try_get(1)?,
            public: r.try_get::<i64, _>(2)? != 0,
        });
    }
    Ok(Snapshot { at_ms: now_ms, sensors, things })
}

/// The background task: read and publish every [`PERIOD`] (a failed read is logged and tried
/// again next time).
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PERIOD);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = state.iot_live.refresh(&state).await {
                tracing::warn!(error = %e, "iot live snapshot");
            }
        }
    })
}
