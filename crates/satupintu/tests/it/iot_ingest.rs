//! IoT ingestion through the real Mosquitto broker at 127.0.0.1:1883 and over HTTP: readings
//! arrive (raw, hourly, latest value, device counters), a resent reading is stored once, bad
//! payloads are refused and counted per device while the subscriber keeps working, a sensor of
//! another device is refused, two subscribers in one share group split the readings without
//! loss or duplicates, and the retention purge keeps the hourly aggregates.
//!
//! Each test makes device and sensor ids of its own, so tests (and other users of the broker)
//! running at the same time do not see each other's readings.

use std::sync::atomic::Ordering;
use std::time::Duration;

use rumqttc::{AsyncClient, MqttOptions, QoS};
use satupintu::iot::model::{Device, Reading, Sensor, SensorKind, Thing};
use satupintu::iot::{mqtt, registry};
use serde_json::{json, Value};
use sqlx::Row as _;

use crate::both;
use crate::common::{Backend, TestApp};

both!(
    iot_mqtt_readings_arrive_once,
    iot_mqtt_bad_payloads_are_counted_and_the_subscriber_goes_on,
    iot_http_readings,
    iot_shared_subscribers_split_the_readings,
    iot_unregistered_devices_do_not_hold_up_registered_ones,
    iot_retention_keeps_hourly,
    iot_store_skips_resent_readings_in_any_chunk,
    iot_broker_credentials_keep_devices_to_their_topics,
    iot_acknowledged_http_readings_survive_sigkill
);

const BROKER: &str = "mqtt://127.0.0.1:1883";

/// A unique prefix for this test's ids.
fn unique(tag: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_nanos();
    format!("t{}-{tag}-{}", nanos % 1_000_000_000_000, std::process::id())
}

/// A thing with one device (token returned) and its sensors `<device>-s0..`.
async fn device(app: &TestApp, tag: &str, sensors: usize) -> (String, String, Vec<String>) {
    let base = unique(tag);
    let (device_id, token) = (format!("{base}-dev"), registry::new_token());
    let now = satupintu::db::now();
    let mut tx = app.state.db.begin().await.expect("begin");
    let thing = Thing {
        id: format!("{base}-thing"),
        name: "Pos uji".into(),
        description: String::new(),
        kind: "river".into(),
        lat: -7.3,
        lon: 112.74,
        agency_id: "dpupr".into(),
        region_code: None,
        public: true,
        created_at: now,
    };
    registry::insert_thing(&mut tx, &thing).await.expect("thing");
    let d = Device::new(device_id.clone(), thing.id.clone(), "Logger uji", now);
    registry::insert_device(&mut tx, &d, &registry::Secret::of(&token)).await.expect("device");
    let mut ids = vec![];
    for i in 0..sensors {
        let s = Sensor::new(
            format!("{device_id}-s{i}"),
            device_id.clone(),
            thing.id.clone(),
            format!("Sensor {i}"),
            SensorKind::WaterLevel,
            true,
            now,
        );
        registry::insert_sensor(&mut tx, &s).await.expect("sensor");
        ids.push(s.id);
    }
    tx.commit().await.expect("commit");
    (device_id, token, ids)
}

async fn mqtt_app(backend: Backend, group: Option<String>) -> TestApp {
    TestApp::configured(backend, move |c| {
        c.mqtt_url = Some(BROKER.into());
        c.mqtt_client_id = "satupintu-test".into();
        c.mqtt_share_group = group;
    })
    .await
}

/// Wait until the app's subscriber has its subscription (a message published before would be lost).
async fn subscribed(app: &TestApp) {
    for _ in 0..200 {
        if app.state.iot.stats.subscribed.load(Ordering::Relaxed) > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the subscriber did not subscribe within 10 s");
}

/// A publisher connected to the broker (its event loop polled in the background).
async fn publisher() -> AsyncClient {
    let mut opts = MqttOptions::new(unique("pub"), "127.0.0.1", 1883);
    opts.set_keep_alive(Duration::from_secs(30)).set_max_packet_size(1 << 20, 1 << 20);
    let (client, mut events) = AsyncClient::new(opts, 1000);
    tokio::spawn(async move {
        loop {
            if events.poll().await.is_err() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    });
    client
}

async fn publish(client: &AsyncClient, device: &str, body: impl Into<Vec<u8>>) {
    client.publish(mqtt::topic(device), QoS::AtLeastOnce, false, body.into()).await.expect("publish");
}

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query(sql).bind(bind).fetch_one(app.state.db.pool()).await.expect("count").get(0)
}

/// Wait until `sql` (one `$1` bind, one integer column) gives `want`; returns what it gave last.
async fn wait_for(app: &TestApp, sql: &str, bind: &str, want: i64) -> i64 {
    let mut got = -1;
    for _ in 0..600 {
        got = count(app, sql, bind).await;
        if got == want {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    got
}

/// The device's (accepted, bad_payloads, last_error).
async fn counters(app: &TestApp, device: &str) -> (i64, i64, Option<String>) {
    let row = sqlx::query("SELECT accepted, bad_payloads, last_error FROM iot_devices WHERE id = $1")
        .bind(device)
        .fetch_one(app.state.db.pool())
        .await
        .expect("device");
    (row.get(0), row.get(1), row.get(2))
}

/// The subscriber's counters, for a failure message.
fn stats(app: &TestApp) -> String {
    let s = &app.state.iot.stats;
    let n = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed);
    format!(
        "subscribed {}, queued {}, stored {}, refused {}, unknown device {}, batches {}, failed {}",
        n(&s.subscribed),
        n(&s.queued),
        n(&s.stored),
        n(&s.refused),
        n(&s.unknown_device),
        n(&s.batches),
        n(&s.failed)
    )
}

fn rfc3339(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).expect("time");
    t.format(&time::format_description::well_known::Rfc3339).expect("format")
}

const RAW: &str = "SELECT COUNT(*) FROM iot_readings WHERE sensor_id = $1";
const HOURLY_N: &str = "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM iot_hourly WHERE sensor_id = $1";

async fn iot_mqtt_readings_arrive_once(backend: Backend) {
    let app = mqtt_app(backend, None).await;
    let (dev, _, sensors) = device(&app, "arrive", 2).await;
    subscribed(&app).await;
    let client = publisher().await;
    let now = satupintu::iot::ingest::now_ms();
    let (t1, t2, t3) = (now - 120_000, now - 60_000, now - 30_000);

    // One object, and an array of three over two sensors.
    publish(&client, &dev, json!({"sensor": sensors[0], "value": 120.5, "ts": rfc3339(t1)}).to_string()).await;
    let array = json!([
        {"sensor": sensors[0], "value": 121.0, "ts": rfc3339(t2)},
        {"sensor": sensors[0], "value": 125.5, "ts": rfc3339(t3), "battery": 88},
        {"sensor": sensors[1], "value": 3.25, "ts": rfc3339(t3)},
    ])
    .to_string();
    publish(&client, &dev, array.clone()).await;
    assert_eq!(wait_for(&app, RAW, &sensors[0], 3).await, 3, "raw readings of sensor 0");
    assert_eq!(wait_for(&app, RAW, &sensors[1], 1).await, 1, "raw readings of sensor 1");
    let (accepted, bad, _) = counters(&app, &dev).await;
    assert_eq!((accepted, bad), (4, 0));

    // Hourly aggregates and the latest value.
    assert_eq!(count(&app, HOURLY_N, &sensors[0]).await, 3, "hourly n of sensor 0");
    let row = sqlx::query("SELECT last_value, last_ts_ms FROM iot_sensors WHERE id = $1")
        .bind(&sensors[0])
        .fetch_one(app.state.db.pool())
        .await
        .expect("sensor");
    assert_eq!((row.get::<f64, _>(0), row.get::<i64, _>(1)), (125.5, t3));
    let mut conn = app.state.db.conn().await.expect("conn");
    let got = satupintu::iot::readings::range(&mut conn, &sensors[0], 0, i64::MAX, 10).await.expect("range");
    assert_eq!(got.iter().map(|r| (r.ts_ms, r.value)).collect::<Vec<_>>(), vec![(t1, 120.5), (t2, 121.0), (t3, 125.5)]);
    let seen: Option<i64> = sqlx::query("SELECT last_seen_ms FROM iot_devices WHERE id = $1")
        .bind(&dev)
        .fetch_one(app.state.db.pool())
        .await
        .expect("device")
        .get(0);
    assert!(seen.is_some_and(|s| s >= now - 1000), "last_seen_ms set");

    // The same array again (a device or the broker resending): stored once.
    publish(&client, &dev, array).await;
    let (tail, tail_ts) = (now - 10_000, rfc3339(now - 10_000));
    publish(&client, &dev, json!({"sensor": sensors[0], "value": 126.0, "ts": tail_ts}).to_string()).await;
    assert_eq!(wait_for(&app, RAW, &sensors[0], 4).await, 4, "the resent readings were not stored again");
    assert_eq!(count(&app, RAW, &sensors[1]).await, 1);
    assert_eq!(count(&app, HOURLY_N, &sensors[0]).await, 4, "hourly n counts each reading once");
    let last: i64 = sqlx::query("SELECT last_ts_ms FROM iot_sensors WHERE id = $1")
        .bind(&sensors[0])
        .fetch_one(app.state.db.pool())
        .await
        .expect("sensor")
        .get(0);
    assert_eq!(last, tail);
    app.stop().await;
}

async fn iot_mqtt_bad_payloads_are_counted_and_the_subscriber_goes_on(backend: Backend) {
    let app = mqtt_app(backend, None).await;
    let (dev, _, sensors) = device(&app, "bad", 1).await;
    let (other, _, other_sensors) = device(&app, "other", 1).await;
    subscribed(&app).await;
    let client = publisher().await;

    publish(&client, &dev, "bukan json {").await;
    assert_eq!(wait_for(&app, "SELECT bad_payloads FROM iot_devices WHERE id = $1", &dev, 1).await, 1);
    assert_eq!(counters(&app, &dev).await.2.as_deref(), Some("iot-error-json"));

    publish(&client, &dev, vec![0xff, 0xfe, 0x00]).await;
    publish(&client, &dev, "[]").await;
    assert_eq!(wait_for(&app, "SELECT bad_payloads FROM iot_devices WHERE id = $1", &dev, 3).await, 3);
    assert_eq!(counters(&app, &dev).await.2.as_deref(), Some("iot-error-empty"));

    // Per reading: a good one stored beside a string value and another device's sensor.
    let body = json!([
        {"sensor": sensors[0], "value": "tinggi"},
        {"sensor": other_sensors[0], "value": 10},
        {"sensor": sensors[0], "value": 42.0},
    ]);
    publish(&client, &dev, body.to_string()).await;
    assert_eq!(wait_for(&app, RAW, &sensors[0], 1).await, 1, "the good reading is stored");
    let (accepted, bad, last) = counters(&app, &dev).await;
    assert_eq!((accepted, bad, last.as_deref()), (1, 5, Some("iot-error-unknown-sensor")));
    assert_eq!(count(&app, RAW, &other_sensors[0]).await, 0, "nothing stored for the other device's sensor");
    assert_eq!(counters(&app, &other).await, (0, 0, None), "the other device's counters are untouched");

    // A device unknown here: ignored (counted by the process, not stored), subscriber goes on.
    publish(&client, &unique("ghost"), json!({"sensor": "x", "value": 1}).to_string()).await;
    publish(
        &client,
        &dev,
        json!({"sensor": sensors[0], "value": 43.0, "ts": rfc3339(satupintu::iot::ingest::now_ms() - 5000)})
            .to_string(),
    )
    .await;
    assert_eq!(wait_for(&app, RAW, &sensors[0], 2).await, 2, "the subscriber still works");
    app.stop().await;
}

async fn iot_http_readings(backend: Backend) {
    let app = TestApp::empty(backend).await;
    let (dev, token, sensors) = device(&app, "http", 1).await;
    let (_, other_token, other_sensors) = device(&app, "http-other", 1).await;
    let url = app.url("/api/v1/iot/readings");
    let post = |token: Option<&str>, body: String| {
        let mut r = app.client.post(&url).header("content-type", "application/json").body(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        async move {
            let r = r.send().await.expect("post");
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let one = json!({"sensor": sensors[0], "value": 7.5}).to_string();

    // Without a token, with a wrong one, with another device's token for this sensor.
    let (status, body) = post(None, one.clone()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (401, Some("iot_error_token")));
    let (status, body) = post(Some("salah"), one.clone()).await;
    assert_eq!(status, 401);
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("Token perangkat")), "{body}");
    let (status, body) = post(Some(&other_token), one.clone()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(count(&app, RAW, &sensors[0]).await, 0);

    // Accepted: answered after the commit, so the reading is there when the answer comes.
    let (status, body) = post(Some(&token), one.clone()).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body, json!({"accepted": 1, "refused": []}));
    assert_eq!(count(&app, RAW, &sensors[0]).await, 1);

    // Mixed: accepted and refused per index, in English when asked.
    let ts = rfc3339(satupintu::iot::ingest::now_ms() - 60_000);
    let mixed = json!([
        {"sensor": sensors[0], "value": 8.0, "ts": ts},
        {"sensor": sensors[0], "value": null},
        {"sensor": other_sensors[0], "value": 1},
        {"sensor": sensors[0], "value": 9, "ts": "2999-01-01T00:00:00Z"},
    ]);
    let r = app
        .client
        .post(format!("{url}?lang=en"))
        .bearer_auth(&token)
        .body(mixed.to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 202);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["accepted"], 1);
    let refused: Vec<(u64, &str)> = body["refused"]
        .as_array()
        .expect("refused")
        .iter()
        .map(|r| (r["index"].as_u64().expect("index"), r["code"].as_str().expect("code")))
        .collect();
    assert_eq!(refused, vec![(1, "iot_error_value"), (2, "iot_error_unknown_sensor"), (3, "iot_error_ts")]);
    assert_eq!(body["refused"][0]["message"], "The reading's value must be a number.");
    assert_eq!(count(&app, RAW, &sensors[0]).await, 2);

    // Bad bodies: never a 500, nothing stored, counted on the device.
    let (status, body) = post(Some(&token), "{bukan json".into()).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("iot_error_json")));
    let (status, _) = post(Some(&token), "[]".into()).await;
    assert_eq!(status, 400);
    let (status, body) = post(Some(&token), format!("[{}]", vec![one.as_str(); 1001].join(","))).await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("iot_error_too_many")));
    let (status, body) = post(Some(&token), format!("[{}]", " ".repeat(300 * 1024))).await;
    assert_eq!((status, body["error"]["code"].as_str()), (413, Some("payload_too_large")));
    let (status, body) = post(Some(&token), json!({"sensor": sensors[0], "value": true}).to_string()).await;
    assert_eq!(status, 422);
    assert!(body["error"]["details"]["0"].is_string(), "{body}");
    assert_eq!(count(&app, RAW, &sensors[0]).await, 2);
    let (accepted, bad, last) = counters(&app, &dev).await;
    assert_eq!((accepted, bad, last.as_deref()), (2, 3 + 5, Some("iot-error-value")));
    app.stop().await;
}

async fn iot_shared_subscribers_split_the_readings(backend: Backend) {
    let group = unique("group");
    let a = mqtt_app(backend, Some(group.clone())).await;
    // Another process on the same database (SQLite too: the same file).
    let url = a.database_url.clone();
    let b = TestApp::configured(backend, move |c| {
        c.database_url = Some(url);
        c.mqtt_url = Some(BROKER.into());
        c.mqtt_share_group = Some(group);
    })
    .await;
    let (dev, _, sensors) = device(&a, "shared", 4).await;
    subscribed(&a).await;
    subscribed(&b).await;
    let client = publisher().await;
    let start = satupintu::iot::ingest::now_ms() - 600_000;
    const N: i64 = 400;
    for i in 0..N {
        let s = &sensors[(i % 4) as usize];
        publish(&client, &dev, json!({"sensor": s, "value": i, "ts": rfc3339(start + i)}).to_string()).await;
    }
    let total = "SELECT COUNT(*) FROM iot_readings WHERE sensor_id LIKE $1";
    let pattern = format!("{dev}-s%");
    let stored = wait_for(&a, total, &pattern, N).await;
    assert_eq!(stored, N, "every reading stored (a: {}; b: {})", stats(&a), stats(&b));
    let (qa, qb) = (a.state.iot.stats.queued.load(Ordering::Relaxed), b.state.iot.stats.queued.load(Ordering::Relaxed));
    assert_eq!(qa + qb, N as u64, "each message went to exactly one subscriber (a {qa}, b {qb})");
    assert!(qa > 0 && qb > 0, "both subscribers took a share (a {qa}, b {qb})");
    let (accepted, bad, _) = counters(&a, &dev).await;
    assert_eq!((accepted, bad), (N, 0));
    b.stop().await;
    a.stop().await;
}

async fn iot_unregistered_devices_do_not_hold_up_registered_ones(backend: Backend) {
    let app = mqtt_app(backend, Some(unique("group"))).await;
    let (dev, _, sensors) = device(&app, "registered", 1).await;
    subscribed(&app).await;
    let client = publisher().await;
    // A stream from devices nobody registered (each one waits for the registry to be read again,
    // half a second apart: one after the other, a hundred would take fifty seconds).
    const STRANGERS: u64 = 100;
    let stranger = unique("stranger");
    for i in 0..STRANGERS {
        publish(&client, &format!("{stranger}-{i}"), json!({"sensor": "x", "value": 1}).to_string()).await;
    }
    publish(&client, &dev, json!({"sensor": sensors[0], "value": 7.5}).to_string()).await;
    assert_eq!(wait_for(&app, RAW, &sensors[0], 1).await, 1, "the registered device's reading ({})", stats(&app));
    // Every stranger's message was looked at, counted and let go.
    for _ in 0..200 {
        if app.state.iot.stats.unknown_device.load(Ordering::Relaxed) >= STRANGERS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(app.state.iot.stats.unknown_device.load(Ordering::Relaxed) >= STRANGERS, "{}", stats(&app));
    assert_eq!(counters(&app, &dev).await.0, 1);
    app.stop().await;
}

async fn iot_retention_keeps_hourly(backend: Backend) {
    let app = TestApp::configured(backend, |c| c.iot_raw_days = 2).await;
    let (_, _, sensors) = device(&app, "purge", 1).await;
    let now = satupintu::iot::ingest::now_ms();
    let readings: Vec<Reading> = [5 * 86_400_000, 3 * 86_400_000, 3_600_000, 60_000]
        .iter()
        .enumerate()
        .map(|(i, age)| Reading { sensor_id: sensors[0].clone(), ts_ms: now - age, value: i as f64 })
        .collect();
    let rs = readings.clone();
    app.state
        .db
        .write(move |tx| Box::pin(async move { satupintu::iot::readings::insert(tx, &rs).await.map(|s| s.len()) }))
        .await
        .expect("insert");
    assert_eq!(satupintu::iot::ingest::purge(&app.state).await.expect("purge"), 2);
    assert_eq!(count(&app, RAW, &sensors[0]).await, 2, "the two recent raw readings stay");
    assert_eq!(count(&app, HOURLY_N, &sensors[0]).await, 4, "every hour stays");
    let mut conn = app.state.db.conn().await.expect("conn");
    let hours = satupintu::iot::readings::hourly(&mut conn, &sensors[0], 0, i64::MAX).await.expect("hourly");
    assert_eq!(hours.first().map(|h| h.mean), Some(0.0), "the oldest hour is still there");
    app.stop().await;
}

/// The store takes its quick path (no rows returned) when every reading is new and goes back to
/// its savepoint to learn which were new otherwise: resent readings in a later multi-row
/// statement, or mixed with new ones, are skipped everywhere (raw, hours, latest value).
async fn iot_store_skips_resent_readings_in_any_chunk(backend: Backend) {
    let app = TestApp::empty(backend).await;
    let (_, _, sensors) = device(&app, "chunks", 1).await;
    let base = satupintu::iot::ingest::now_ms() - 3 * 3_600_000;
    let at = |i: i64| Reading { sensor_id: sensors[0].clone(), ts_ms: base + i * 1000, value: i as f64 };
    let store = |readings: Vec<Reading>| {
        app.state.db.write(move |tx| {
            Box::pin(async move {
                let stored = satupintu::iot::readings::insert(tx, &readings).await?;
                Ok::<_, sqlx::Error>(stored.iter().map(|r| r.ts_ms).collect::<Vec<_>>())
            })
        })
    };
    let first: Vec<Reading> = (0..1500).map(at).collect();
    assert_eq!(store(first).await.expect("first").len(), 1500);
    // 1,000 new, then 10 resent and 5 new (the last statements: 8 resent, then 2 resent and 2
    // new, then 2 and 1 new).
    let second: Vec<Reading> = (5000..6000).chain(0..10).chain(6000..6005).map(at).collect();
    let stored = store(second).await.expect("second");
    let expected: Vec<i64> = (5000..6000).chain(6000..6005).map(|i| base + i * 1000).collect();
    assert_eq!(stored, expected, "exactly the new readings, in the order given");
    assert_eq!(count(&app, RAW, &sensors[0]).await, 2505);
    assert_eq!(count(&app, HOURLY_N, &sensors[0]).await, 2505, "hours count each reading once");
    let last: i64 = sqlx::query("SELECT last_ts_ms FROM iot_sensors WHERE id = $1")
        .bind(&sensors[0])
        .fetch_one(app.state.db.pool())
        .await
        .expect("sensor")
        .get(0);
    assert_eq!(last, base + 6004 * 1000);
    // All resent: nothing stored, nothing counted again.
    assert!(store((0..20).map(at).collect()).await.expect("third").is_empty());
    assert_eq!(count(&app, HOURLY_N, &sensors[0]).await, 2505);
    app.stop().await;
}

/// `satupintu iot mosquitto-auth`'s files in a private Mosquitto: a device publishes only to its
/// own topic (a reading it sends on another device's topic never arrives), a wrong password is
/// refused, and the platform account from `mqtt_url` reads the readings.
async fn iot_broker_credentials_keep_devices_to_their_topics(backend: Backend) {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let app = TestApp::configured(backend, move |c| {
        c.mqtt_url = Some(format!("mqtt://platform:sandi%40platform@127.0.0.1:{port}"));
    })
    .await;
    let (a, a_token, a_sensors) = device(&app, "acl-a", 1).await;
    let (b, b_token, b_sensors) = device(&app, "acl-b", 1).await;
    let platform = satupintu::iot::mosquitto::platform_account(app.state.config.mqtt_url.as_deref());
    assert_eq!(platform, Some(("platform".into(), "sandi@platform".into())));
    let mut conn = app.state.db.conn().await.expect("conn");
    let files = satupintu::iot::mosquitto::files(&mut conn, platform).await.expect("files");
    drop(conn);
    assert!(files.devices >= 2 && files.skipped.is_empty(), "{:?}", files.skipped);
    let dir = tempfile::tempdir().expect("dir");
    let (pw, acl, conf) = (dir.path().join("passwd"), dir.path().join("acl"), dir.path().join("mosquitto.conf"));
    std::fs::write(&pw, &files.passwords).expect("passwd");
    std::fs::write(&acl, &files.acl).expect("acl");
    std::fs::write(
        &conf,
        format!(
            "listener {port} 127.0.0.1\nallow_anonymous false\npassword_file {}\nacl_file {}\npersistence false\nuser root\n",
            pw.display(),
            acl.display()
        ),
    )
    .expect("conf");
    let mut broker = tokio::process::Command::new("mosquitto")
        .arg("-c")
        .arg(&conf)
        .kill_on_drop(true)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("mosquitto runs");
    subscribed(&app).await;

    let connect = |user: &str, password: &str| {
        let mut opts = MqttOptions::new(unique("acl"), "127.0.0.1", port);
        opts.set_credentials(user, password).set_keep_alive(Duration::from_secs(30));
        AsyncClient::new(opts, 100)
    };
    // A wrong password: the broker refuses the connection.
    let (_bad, mut bad_events) = connect(&a, "bukan-tokennya");
    let refused = loop {
        match bad_events.poll().await {
            Ok(rumqttc::Event::Incoming(rumqttc::Packet::ConnAck(c))) => {
                break c.code != rumqttc::ConnectReturnCode::Success
            }
            Ok(_) => continue,
            Err(_) => break true,
        }
    };
    assert!(refused, "a wrong password is refused");

    let (client_a, mut events_a) = connect(&a, &a_token);
    let (client_b, mut events_b) = connect(&b, &b_token);
    for events in [&mut events_a, &mut events_b] {
        loop {
            match events.poll().await.expect("device connects with its token") {
                rumqttc::Event::Incoming(rumqttc::Packet::ConnAck(c)) => {
                    assert_eq!(c.code, rumqttc::ConnectReturnCode::Success);
                    break;
                }
                _ => continue,
            }
        }
    }
    tokio::spawn(async move { while events_a.poll().await.is_ok() {} });
    tokio::spawn(async move { while events_b.poll().await.is_ok() {} });
    // A writes on B's topic (B's sensor): dropped by the broker. Then each on its own topic.
    publish(&client_a, &b, json!({"sensor": b_sensors[0], "value": 666}).to_string()).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    publish(&client_a, &a, json!({"sensor": a_sensors[0], "value": 1}).to_string()).await;
    publish(&client_b, &b, json!({"sensor": b_sensors[0], "value": 2}).to_string()).await;
    assert_eq!(wait_for(&app, RAW, &a_sensors[0], 1).await, 1, "A's own reading arrives");
    assert_eq!(wait_for(&app, RAW, &b_sensors[0], 1).await, 1, "B's own reading arrives");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let values: Vec<f64> = sqlx::query("SELECT value FROM iot_readings WHERE sensor_id = $1")
        .bind(&b_sensors[0])
        .fetch_all(app.state.db.pool())
        .await
        .expect("values")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(values, vec![2.0], "A's reading on B's topic never arrived");
    let _ = broker.kill().await;
    app.stop().await;
}

/// Readings answered 202 over HTTP are stored, even when the server is killed with SIGKILL right
/// after (twice, under a steady stream of readings from the demo device).
async fn iot_acknowledged_http_readings_survive_sigkill(backend: Backend) {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().expect("dir");
    let url = crate::common::database_url(backend).await;
    let http = reqwest::Client::new();
    let base = satupintu::iot::ingest::now_ms() - 120_000;
    let mut acked: Vec<i64> = vec![];
    let mut n: i64 = 0;
    for _round in 0..2 {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_satupintu"));
        cmd.arg("serve")
            .arg("--demo")
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"));
        if let Some(u) = &url {
            cmd.arg("--database-url").arg(u);
        }
        let mut child = cmd
            .env("SATUPINTU_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server");
        let mut ready = false;
        for _ in 0..1200 {
            if http.get(format!("http://127.0.0.1:{port}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(ready, "server ready");
        let until = std::time::Instant::now() + Duration::from_millis(1500);
        while std::time::Instant::now() < until {
            let batch: Vec<Value> =
                (0..20).map(|i| json!({"sensor": "jagir-tma", "value": 150.0, "ts": rfc3339(base + n + i)})).collect();
            let r = http
                .post(format!("http://127.0.0.1:{port}/api/v1/iot/readings"))
                .bearer_auth("iot-demo-jagir-2026")
                .json(&batch)
                .send()
                .await;
            if r.is_ok_and(|r| r.status().as_u16() == 202) {
                acked.extend((0..20).map(|i| base + n + i));
            }
            n += 20;
        }
        child.kill().expect("SIGKILL");
        let _ = child.wait();
    }
    assert!(acked.len() >= 40, "readings were acknowledged: {}", acked.len());
    let db_url = url.clone().unwrap_or_else(|| satupintu::db::sqlite_url(dir.path()));
    let db = satupintu::db::Db::connect(&db_url).await.expect("db");
    let stored: std::collections::HashSet<i64> =
        sqlx::query("SELECT ts_ms FROM iot_readings WHERE sensor_id = 'jagir-tma' AND ts_ms >= $1")
            .bind(base)
            .fetch_all(db.pool())
            .await
            .expect("readings")
            .iter()
            .map(|r| r.get(0))
            .collect();
    let lost: Vec<&i64> = acked.iter().filter(|t| !stored.contains(t)).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged readings lost", lost.len(), acked.len());
    db.close().await;
}
