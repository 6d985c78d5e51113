//! The things, devices and sensors tables, and device credentials.

use sha2::{Digest, Sha256};
use sqlx::Row as _;

use super::model::{Device, Sensor, Thing};
use crate::db::{self, Conn, Tx};

/// A new device token: 32 random bytes, hex (shown once; only its hash is stored).
pub fn new_token() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a device token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What is stored of a device's token: its SHA-256 (to check HTTP bearer tokens) and its
/// PBKDF2-SHA512 form for Mosquitto's password file (the token is also the device's MQTT
/// password). Made from the token, which is shown once and never stored.
#[derive(Clone, Debug)]
pub struct Secret {
    pub token_hash: String,
    pub mqtt_hash: String,
}

impl Secret {
    pub fn of(token: &str) -> Secret {
        Secret { token_hash: token_hash(token), mqtt_hash: super::mosquitto::password_hash(token) }
    }
}

const THING: &str = "id, name, description, kind, lat, lon, agency_id, region_code, public, created_at";

fn thing(r: &db::Row) -> Result<Thing, sqlx::Error> {
    Ok(Thing {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        description: r.try_get(2)?,
        kind: r.try_get(3)?,
        lat: r.try_get(4)?,
        lon: r.try_get(5)?,
        agency_id: r.try_get(6)?,
        region_code: r.try_get(7)?,
        public: r.try_get::<i64, _>(8)? != 0,
        created_at: r.try_get(9)?,
    })
}

const DEVICE: &str =
    "id, thing_id, name, active, created_at, last_seen_ms, bad_payloads, accepted, last_error, last_error_at";

fn device(r: &db::Row) -> Result<Device, sqlx::Error> {
    Ok(Device {
        id: r.try_get(0)?,
        thing_id: r.try_get(1)?,
        name: r.try_get(2)?,
        active: r.try_get::<i64, _>(3)? != 0,
        created_at: r.try_get(4)?,
        last_seen_ms: r.try_get(5)?,
        bad_payloads: r.try_get(6)?,
        accepted: r.try_get(7)?,
        last_error: r.try_get(8)?,
        last_error_at: r.try_get(9)?,
    })
}

const SENSOR: &str = "id, device_id, thing_id, name, kind, unit, public, created_at, last_value, last_ts_ms";

fn sensor(r: &db::Row) -> Result<Sensor, sqlx::Error> {
    Ok(Sensor {
        id: r.try_get(0)?,
        device_id: r.try_get(1)?,
        thing_id: r.try_get(2)?,
        name: r.try_get(3)?,
        kind: r.try_get(4)?,
        unit: r.try_get(5)?,
        public: r.try_get::<i64, _>(6)? != 0,
        created_at: r.try_get(7)?,
        last_value: r.try_get(8)?,
        last_ts_ms: r.try_get(9)?,
    })
}

pub async fn insert_thing(tx: &mut Tx, t: &Thing) -> Result<(), sqlx::Error> {
    sqlx::query(&format!("INSERT INTO iot_things ({THING}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
        .bind(&t.id)
        .bind(&t.name)
        .bind(&t.description)
        .bind(&t.kind)
        .bind(t.lat)
        .bind(t.lon)
        .bind(&t.agency_id)
        .bind(t.region_code.as_deref())
        .bind(i64::from(t.public))
        .bind(t.created_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Record a device with the hashes of its token (`Secret::of(&token)`).
pub async fn insert_device(tx: &mut Tx, d: &Device, secret: &Secret) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO iot_devices (id, thing_id, name, token_hash, mqtt_hash, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&d.id)
    .bind(&d.thing_id)
    .bind(&d.name)
    .bind(&secret.token_hash)
    .bind(&secret.mqtt_hash)
    .bind(i64::from(d.active))
    .bind(d.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Give a device a new token (`Secret::of(&token)`; the old one stops working, over HTTP at
/// once, at the broker once its password file is written again).
pub async fn set_token(tx: &mut Tx, device_id: &str, secret: &Secret) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE iot_devices SET token_hash = $1, mqtt_hash = $2 WHERE id = $3")
        .bind(&secret.token_hash)
        .bind(&secret.mqtt_hash)
        .bind(device_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_sensor(tx: &mut Tx, s: &Sensor) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO iot_sensors ({SENSOR}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS DOUBLE PRECISION), $10)"
    ))
    .bind(&s.id)
    .bind(&s.device_id)
    .bind(&s.thing_id)
    .bind(&s.name)
    .bind(&s.kind)
    .bind(&s.unit)
    .bind(i64::from(s.public))
    .bind(s.created_at)
    .bind(db::float_text(s.last_value))
    .bind(s.last_ts_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn thing_by_id(conn: &mut Conn, id: &str) -> Result<Option<Thing>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {THING} FROM iot_things WHERE id = $1")).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(thing).transpose()
}

/// Things, by name; only one agency's when `agency` is given, only public ones when `public_only`.
pub async fn things(conn: &mut Conn, agency: Option<&str>, public_only: bool) -> Result<Vec<Thing>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {THING} FROM iot_things WHERE ($1 IS NULL OR agency_id = $1) AND ($2 = 0 OR public = 1) \
         ORDER BY name, id"
    ))
    .bind(agency)
    .bind(i64::from(public_only))
    .fetch_all(conn)
    .await?;
    rows.iter().map(thing).collect()
}

pub async fn device_by_id(conn: &mut Conn, id: &str) -> Result<Option<Device>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {DEVICE} FROM iot_devices WHERE id = $1")).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(device).transpose()
}

/// Devices, of one thing when given.
pub async fn devices(conn: &mut Conn, thing: Option<&str>) -> Result<Vec<Device>, sqlx::Error> {
    let rows =
        sqlx::query(&format!("SELECT {DEVICE} FROM iot_devices WHERE ($1 IS NULL OR thing_id = $1) ORDER BY id"))
            .bind(thing)
            .fetch_all(conn)
            .await?;
    rows.iter().map(device).collect()
}

/// The active device whose token this is, or none (looked up by the token's hash).
pub async fn authenticate(conn: &mut Conn, token: &str) -> Result<Option<Device>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {DEVICE} FROM iot_devices WHERE token_hash = $1 AND active = 1"))
        .bind(token_hash(token))
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(device).transpose()
}

pub async fn sensor_by_id(conn: &mut Conn, id: &str) -> Result<Option<Sensor>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {SENSOR} FROM iot_sensors WHERE id = $1")).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(sensor).transpose()
}

/// Sensors, of one thing or one device when given, by thing and name.
pub async fn sensors(conn: &mut Conn, thing: Option<&str>, device: Option<&str>) -> Result<Vec<Sensor>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {SENSOR} FROM iot_sensors WHERE ($1 IS NULL OR thing_id = $1) AND ($2 IS NULL OR device_id = $2) \
         ORDER BY thing_id, name, id"
    ))
    .bind(thing)
    .bind(device)
    .fetch_all(conn)
    .await?;
    rows.iter().map(sensor).collect()
}

/// Turn a device on or off (an inactive device's token is refused); whether it exists.
pub async fn set_device_active(tx: &mut Tx, device_id: &str, active: bool) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE iot_devices SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(device_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Devices of one agency's things (every agency's when none), by id.
pub async fn devices_of_agency(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Device>, sqlx::Error> {
    let cols: Vec<String> = DEVICE.split(", ").map(|c| format!("d.{c}")).collect();
    let rows = sqlx::query(&format!(
        "SELECT {} FROM iot_devices d JOIN iot_things t ON t.id = d.thing_id \
         WHERE ($1 IS NULL OR t.agency_id = $1) ORDER BY d.id",
        cols.join(", ")
    ))
    .bind(agency)
    .fetch_all(conn)
    .await?;
    rows.iter().map(device).collect()
}

/// Sensors of one agency's things (every agency's when none), by thing and name.
pub async fn sensors_of_agency(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Sensor>, sqlx::Error> {
    let cols: Vec<String> = SENSOR.split(", ").map(|c| format!("s.{c}")).collect();
    let rows = sqlx::query(&format!(
        "SELECT {} FROM iot_sensors s JOIN iot_things t ON t.id = s.thing_id \
         WHERE ($1 IS NULL OR t.agency_id = $1) ORDER BY s.thing_id, s.name, s.id",
        cols.join(", ")
    ))
    .bind(agency)
    .fetch_all(conn)
    .await?;
    rows.iter().map(sensor).collect()
}
