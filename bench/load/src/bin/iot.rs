//! The IoT ingestion benchmark's sides, measured in one run by `bench/suites/90-iot.sh`:
//!
//! - `publish BROKER DB DEVICES SECONDS BATCH [ALERT_SENSORS [RATE]]`: DEVICES simulated
//!   devices (ids `bench-dev-<n>`, sensors `bench-dev-<n>-s<m>`, registered beforehand) publish
//!   readings to `satupintu/v1/devices/<id>/readings` at QoS 1, BATCH readings per message (a
//!   JSON array, each with its RFC 3339 `ts`), as fast as the broker takes them, for SECONDS;
//!   then waits until the SatuPintu SQLite database DB holds them all (or nothing more arrives
//!   for 10 s). With ALERT_SENSORS (ids `bench-alert-<k>`, each with an `above 100` rule) it also
//!   sends, every 250 ms during the load, one reading of 150 for the next alert sensor and times
//!   how long until its alert is in `iot_alerts`. Prints `<stored readings/s> <sent> <stored>
//!   <seconds> <alert p50 ms> <alert p99 ms> <alerts seen> <alerts missed>` (`-` for latencies
//!   when no alert was observed).
//! RATE (last argument, optional): readings per second offered in all, paced per connection
//! (0 or none: as fast as the broker takes them).
//!
//! - `broker BROKER DEVICES SECONDS BATCH [RATE]`: the baseline without storage: the same publishers,
//!   and one subscriber (QoS 1, acknowledging each message at once) counting readings. Prints
//!   `<readings/s received> <sent> <received> <seconds>`.
//! - `sqlite DIR SECONDS`: the raw storage baseline: the same rows inserted into a bare
//!   `(sensor_id, ts_ms, value)` WITHOUT ROWID table, 2,000 per transaction (multi-row INSERTs),
//!   WAL and `synchronous = NORMAL`. Prints `<rows/s> <rows> <seconds>`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, Row};

const SENSORS: usize = 5;
/// Publishing connections (each drives a share of the devices, as a gateway would).
const PUBLISHERS: usize = 4;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    match arg(1).as_str() {
        "publish" => {
            let rate = arg(8).parse().unwrap_or(0);
            publish(&arg(2), &arg(3), arg(4).parse()?, arg(5).parse()?, arg(6).parse()?, arg(7).parse().unwrap_or(0), rate)
                .await
        }
        "broker" => broker(&arg(2), arg(3).parse()?, arg(4).parse()?, arg(5).parse()?, arg(6).parse().unwrap_or(0)).await,
        "sqlite" => sqlite(&arg(2), arg(3).parse()?).await,
        _ => bail!(
            "usage: sp-bench-iot publish BROKER DB DEVICES SECONDS BATCH [ALERT_SENSORS] \
             | broker BROKER DEVICES SECONDS BATCH | sqlite DIR SECONDS"
        ),
    }
}

fn host_port(url: &str) -> (String, u16) {
    let rest = url.trim_start_matches("mqtt://").trim_start_matches("tcp://");
    let (host, port) = rest.split_once(':').unwrap_or((rest, "1883"));
    (host.to_string(), port.trim_end_matches('/').parse().unwrap_or(1883))
}

fn client(url: &str, id: String, inflight: u16) -> (AsyncClient, rumqttc::EventLoop) {
    let (host, port) = host_port(url);
    let mut opts = MqttOptions::new(id, host, port);
    opts.set_keep_alive(Duration::from_secs(30))
        .set_inflight(inflight)
        .set_max_packet_size(1 << 20, 1 << 20)
        .set_request_channel_capacity(1000);
    AsyncClient::new(opts, 1000)
}

fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", rem / 3600, rem % 3600 / 60, rem % 60, ms.rem_euclid(1000))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Publish readings from `devices` devices for `secs`; returns the readings sent.
/// `rate`: readings per second offered in all (0: as fast as the broker takes them).
async fn load(url: &str, devices: usize, secs: u64, batch: usize, rate: u64, tag: &str) -> anyhow::Result<u64> {
    let sent = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    // Readings are timed in the recent past, one millisecond apart per sensor, distinct per run.
    let base = now_ms() - 3_600_000;
    let mut tasks = vec![];
    for p in 0..PUBLISHERS {
        let (client, mut events) = client(url, format!("bench-pub-{tag}-{p}-{}", std::process::id()), 500);
        let poller = tokio::spawn(async move {
            loop {
                match events.poll().await {
                    Ok(_) => {}
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        });
        let sent = sent.clone();
        tasks.push(tokio::spawn(async move {
            let mine: Vec<usize> = (0..devices).filter(|d| d % PUBLISHERS == p).collect();
            let mut step: i64 = 0;
            let started = Instant::now();
            let mut mine_sent = 0u64;
            let my_rate = rate as f64 / PUBLISHERS as f64;
            'outer: loop {
                for &d in &mine {
                    if Instant::now() >= deadline {
                        break 'outer;
                    }
                    let mut body = String::with_capacity(batch * 80);
                    body.push('[');
                    for i in 0..batch {
                        let s = i % SENSORS;
                        let ts = base + step * (batch / SENSORS + 1) as i64 + (i / SENSORS) as i64;
                        if i > 0 {
                            body.push(',');
                        }
                        body.push_str(&format!(
                            r#"{{"sensor":"bench-dev-{d}-s{s}","value":{}.5,"ts":"{}"}}"#,
                            (step + i as i64) % 90,
                            rfc3339(ts)
                        ));
                    }
                    body.push(']');
                    let topic = format!("satupintu/v1/devices/bench-dev-{d}/readings");
                    if client.publish(topic, QoS::AtLeastOnce, false, body).await.is_err() {
                        break 'outer;
                    }
                    sent.fetch_add(batch as u64, Ordering::Relaxed);
                    mine_sent += batch as u64;
                    if my_rate > 0.0 {
                        let due = Duration::from_secs_f64(mine_sent as f64 / my_rate);
                        if let Some(wait) = due.checked_sub(started.elapsed()) {
                            tokio::time::sleep(wait).await;
                        }
                    }
                }
                step += 1;
            }
            // Let the last publishes leave before the connection goes.
            tokio::time::sleep(Duration::from_millis(500)).await;
            poller.abort();
        }));
    }
    for t in tasks {
        t.await?;
    }
    Ok(sent.load(Ordering::Relaxed))
}

async fn count(conn: &mut sqlx::SqliteConnection, sql: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query(sql).fetch_one(conn).await?.get(0))
}

async fn publish(
    url: &str,
    db: &str,
    devices: usize,
    secs: u64,
    batch: usize,
    alert_sensors: usize,
    rate: u64,
) -> anyhow::Result<()> {
    let opts = SqliteConnectOptions::new().filename(db).read_only(true);
    let mut conn = opts.connect().await.context("open the database")?;
    let q = "SELECT COUNT(*) FROM iot_readings WHERE sensor_id LIKE 'bench-dev-%'";
    let before = count(&mut conn, q).await?;
    let start = Instant::now();
    let probe = (alert_sensors > 0).then(|| tokio::spawn(alerts(url.to_string(), db.to_string(), alert_sensors, secs)));
    let sent = load(url, devices, secs, batch, rate, "store").await?;
    // Wait for storage to catch up: until all are stored or nothing new for 10 s.
    let (mut stored, mut last_change, mut done_at) = (0i64, Instant::now(), Instant::now());
    loop {
        let now = count(&mut conn, q).await? - before;
        if now != stored {
            stored = now;
            last_change = Instant::now();
            done_at = last_change;
        }
        if stored as u64 >= sent || last_change.elapsed() > Duration::from_secs(10) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let secs_taken = done_at.duration_since(start).as_secs_f64();
    let (p50, p99, seen, missed) = match probe {
        Some(p) => p.await??,
        None => ("-".into(), "-".into(), 0, 0),
    };
    println!("{:.0} {sent} {stored} {secs_taken:.1} {p50} {p99} {seen} {missed}", stored as f64 / secs_taken);
    Ok(())
}

/// Every 250 ms: a reading over the rule's threshold for the next alert sensor, timed until its
/// alert exists. Returns (p50, p99, seen, missed).
async fn alerts(url: String, db: String, n: usize, secs: u64) -> anyhow::Result<(String, String, u64, u64)> {
    let opts = SqliteConnectOptions::new().filename(&db).read_only(true);
    let mut conn = opts.connect().await?;
    let (client, mut events) = client(&url, format!("bench-alert-{}", std::process::id()), 100);
    let poller = tokio::spawn(async move {
        loop {
            if events.poll().await.is_err() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut lat, mut missed) = (vec![], 0u64);
    // Sensors without an alert yet (an earlier run in the same database may have opened some).
    let fresh: Vec<String> = sqlx::query(
        "SELECT id FROM iot_sensors WHERE id LIKE 'bench-alert-%' AND id NOT IN (SELECT sensor_id FROM iot_alerts)",
    )
    .fetch_all(&mut conn)
    .await?
    .iter()
    .map(|r| r.get(0))
    .take(n)
    .collect();
    for sensor in fresh {
        if Instant::now() >= deadline {
            break;
        }
        let body = format!(r#"{{"sensor":"{sensor}","value":150}}"#);
        let t = Instant::now();
        client.publish("satupintu/v1/devices/bench-alert-dev/readings", QoS::AtLeastOnce, false, body).await?;
        let mut seen = false;
        while t.elapsed() < Duration::from_secs(5) {
            let c: i64 = sqlx::query("SELECT COUNT(*) FROM iot_alerts WHERE sensor_id = ?")
                .bind(&sensor)
                .fetch_one(&mut conn)
                .await
                .map(|r| r.get(0))
                .unwrap_or(0);
            if c > 0 {
                seen = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        if seen {
            lat.push(t.elapsed().as_secs_f64() * 1000.0);
        } else {
            missed += 1;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    poller.abort();
    if lat.is_empty() {
        return Ok(("-".into(), "-".into(), 0, missed));
    }
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| lat[((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1];
    Ok((format!("{:.0}", pct(0.5)), format!("{:.0}", pct(0.99)), lat.len() as u64, missed))
}

async fn broker(url: &str, devices: usize, secs: u64, batch: usize, rate: u64) -> anyhow::Result<()> {
    let received = Arc::new(AtomicU64::new(0));
    let (sub, mut events) = client(url, format!("bench-sub-{}", std::process::id()), 500);
    sub.subscribe("satupintu/v1/devices/+/readings", QoS::AtLeastOnce).await?;
    let counter = received.clone();
    let subscriber = tokio::spawn(async move {
        loop {
            match events.poll().await {
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    if p.topic.contains("bench-dev-") {
                        // Count the readings without parsing them (the JSON objects are flat).
                        let n = p.payload.iter().filter(|&&b| b == b'{').count();
                        counter.fetch_add(n as u64, Ordering::Relaxed);
                    }
                }
                Ok(_) => {}
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let start = Instant::now();
    let sent = load(url, devices, secs, batch, rate, "broker").await?;
    let (mut got, mut last_change, mut done_at) = (0u64, Instant::now(), Instant::now());
    loop {
        let now = received.load(Ordering::Relaxed);
        if now != got {
            got = now;
            last_change = Instant::now();
            done_at = last_change;
        }
        if got >= sent || last_change.elapsed() > Duration::from_secs(5) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    subscriber.abort();
    let secs_taken = done_at.duration_since(start).as_secs_f64();
    println!("{:.0} {sent} {got} {secs_taken:.1}", got as f64 / secs_taken);
    Ok(())
}

async fn sqlite(dir: &str, secs: u64) -> anyhow::Result<()> {
    let opts = SqliteConnectOptions::new()
        .filename(format!("{dir}/raw-iot.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let mut conn = opts.connect().await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS raw (sensor_id TEXT NOT NULL, ts_ms INTEGER NOT NULL, value REAL NOT NULL, \
         PRIMARY KEY (sensor_id, ts_ms)) WITHOUT ROWID",
    )
    .execute(&mut conn)
    .await?;
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    let base = now_ms();
    let (mut n, mut step) = (0u64, 0i64);
    let rows_per_stmt = 300; // 3 parameters each: under SQLite's 999-parameter default
    while Instant::now() < deadline {
        let mut tx = conn.begin().await?;
        for _ in 0..(2000 / rows_per_stmt + 1) {
            let mut sql = String::from("INSERT INTO raw (sensor_id, ts_ms, value) VALUES ");
            for i in 0..rows_per_stmt {
                sql.push_str(if i == 0 { "(?, ?, ?)" } else { ", (?, ?, ?)" });
            }
            let mut q = sqlx::query(&sql);
            for i in 0..rows_per_stmt {
                let d = i % 200;
                q = q
                    .bind(format!("bench-dev-{d}-s{}", i % SENSORS))
                    .bind(base + step * 1000 + i as i64)
                    .bind((i % 90) as f64 + 0.5);
            }
            q.execute(&mut *tx).await?;
            step += 1;
            n += rows_per_stmt as u64;
        }
        tx.commit().await?;
    }
    let secs_taken = start.elapsed().as_secs_f64();
    println!("{:.0} {n} {secs_taken:.1}", n as f64 / secs_taken);
    Ok(())
}
