//! Demo things, devices, sensors and rules in Surabaya: a river gauge and a pump house, a
//! bridge, a road, a busy junction and an air-quality station. Their device ids and tokens are
//! fixed and printed by `serve --demo`, so anyone can publish readings to them.

use super::model::{Device, Reading, Sensor, SensorKind, Thing, ThingKind};
use super::registry;
use crate::app::AppState;

/// (thing id, kind, name, description, lat, lon, agency, region, public)
type DemoThing = (&'static str, ThingKind, &'static str, &'static str, f64, f64, &'static str, &'static str, bool);

pub const THINGS: &[DemoThing] = &[
    (
        "pintu-air-jagir",
        ThingKind::River,
        "Pintu Air Jagir (Kali Wonokromo)",
        "Pos duga air dan penakar hujan di pintu air Jagir.",
        -7.3006,
        112.7431,
        "dpupr",
        "357804",
        true,
    ),
    (
        "rumah-pompa-kenjeran",
        ThingKind::PumpHouse,
        "Rumah Pompa Kenjeran",
        "Tinggi muka air di kolam tampung rumah pompa.",
        -7.2441,
        112.7783,
        "dpupr",
        "357810",
        false,
    ),
    (
        "jembatan-wonokromo",
        ThingKind::Bridge,
        "Jembatan Wonokromo",
        "Getaran struktur dan arus lalu lintas di atas jembatan.",
        -7.3010,
        112.7370,
        "dpupr",
        "357804",
        false,
    ),
    (
        "jalan-ahmad-yani",
        ThingKind::Road,
        "Jl. Ahmad Yani (ruas Gayungan)",
        "Kerataan permukaan jalan (IRI) dari kendaraan survei.",
        -7.3320,
        112.7310,
        "dpupr",
        "357804",
        false,
    ),
    (
        "simpang-darmo",
        ThingKind::Junction,
        "Simpang Raya Darmo",
        "Arus dan kecepatan rata-rata kendaraan di simpang.",
        -7.2872,
        112.7380,
        "dishub",
        "357804",
        false,
    ),
    (
        "spku-tandes",
        ThingKind::AirStation,
        "SPKU Tandes",
        "Stasiun pemantau kualitas udara (PM2.5).",
        -7.2540,
        112.6810,
        "dlh",
        "357814",
        true,
    ),
];

/// (device id, thing id, name, token)
pub const DEVICES: &[(&str, &str, &str, &str)] = &[
    ("dev-jagir-1", "pintu-air-jagir", "Logger AWLR Jagir", "iot-demo-jagir-2026"),
    ("dev-kenjeran-1", "rumah-pompa-kenjeran", "Logger rumah pompa Kenjeran", "iot-demo-kenjeran-2026"),
    ("dev-wonokromo-1", "jembatan-wonokromo", "Logger jembatan Wonokromo", "iot-demo-wonokromo-2026"),
    ("dev-ayani-1", "jalan-ahmad-yani", "Kendaraan survei IRI", "iot-demo-ayani-2026"),
    ("dev-darmo-1", "simpang-darmo", "Kamera hitung simpang Darmo", "iot-demo-darmo-2026"),
    ("dev-tandes-1", "spku-tandes", "SPKU Tandes", "iot-demo-tandes-2026"),
];

/// (sensor id, device id, kind, name, public)
pub const SENSORS: &[(&str, &str, SensorKind, &str, bool)] = &[
    ("jagir-tma", "dev-jagir-1", SensorKind::WaterLevel, "Tinggi muka air", true),
    ("jagir-hujan", "dev-jagir-1", SensorKind::Rainfall, "Curah hujan", true),
    ("kenjeran-tma", "dev-kenjeran-1", SensorKind::WaterLevel, "Tinggi muka air kolam", false),
    ("wonokromo-getaran", "dev-wonokromo-1", SensorKind::Vibration, "Getaran struktur", false),
    ("wonokromo-lalin", "dev-wonokromo-1", SensorKind::TrafficFlow, "Arus lalu lintas", false),
    ("ayani-iri", "dev-ayani-1", SensorKind::RoadSurface, "Kerataan permukaan (IRI)", false),
    ("darmo-lalin", "dev-darmo-1", SensorKind::TrafficFlow, "Arus lalu lintas", false),
    ("darmo-kecepatan", "dev-darmo-1", SensorKind::TrafficSpeed, "Kecepatan rata-rata", false),
    ("tandes-pm25", "dev-tandes-1", SensorKind::Pm25, "PM2.5", true),
];

/// (name, sensor id or none, sensor kind or none, rule, threshold, clear_at, severity, public report)
pub type DemoRule =
    (&'static str, Option<&'static str>, Option<&'static str>, &'static str, f64, Option<f64>, &'static str, bool);

pub const RULES: &[DemoRule] = &[
    ("Siaga banjir Kali Jagir", Some("jagir-tma"), None, "above", 250.0, Some(230.0), "danger", true),
    ("Air naik cepat di Jagir", Some("jagir-tma"), None, "rate", 5.0, Some(2.0), "warning", false),
    ("Kolam pompa Kenjeran penuh", Some("kenjeran-tma"), None, "above", 180.0, Some(160.0), "danger", false),
    ("Getaran jembatan berlebih", Some("wonokromo-getaran"), None, "above", 80.0, Some(60.0), "warning", false),
    ("Jalan rusak (IRI tinggi)", Some("ayani-iri"), None, "above", 8.0, Some(6.0), "warning", false),
    ("Macet di simpang Darmo", Some("darmo-kecepatan"), None, "below", 10.0, Some(15.0), "warning", false),
    ("Udara tidak sehat di Tandes", Some("tandes-pm25"), None, "above", 55.5, Some(45.0), "warning", false),
    ("Pos duga air tidak mengirim data", None, Some("water_level"), "nodata", 30.0, None, "warning", false),
];

/// Load the demo things, devices and sensors (rules come from the rules part's own loader).
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    let now = crate::db::now();
    let mut tx = state.db.begin().await?;
    for (id, kind, name, description, lat, lon, agency, region, public) in THINGS {
        let thing = Thing {
            id: (*id).into(),
            name: (*name).into(),
            description: (*description).into(),
            kind: kind.as_str().into(),
            lat: *lat,
            lon: *lon,
            agency_id: (*agency).into(),
            region_code: Some((*region).into()),
            public: *public,
            created_at: now,
        };
        registry::insert_thing(&mut tx, &thing).await?;
    }
    for (id, thing, name, token) in DEVICES {
        let device = Device::new(*id, *thing, *name, now);
        registry::insert_device(&mut tx, &device, &registry::Secret::of(token)).await?;
    }
    for (id, device, kind, name, public) in SENSORS {
        let thing = DEVICES.iter().find(|d| d.0 == *device).map(|d| d.1).unwrap_or_default();
        let sensor = Sensor::new(*id, *device, thing, *name, *kind, *public, now);
        registry::insert_sensor(&mut tx, &sensor).await?;
    }
    super::readings::insert(&mut tx, &history(now)).await?;
    tx.commit().await?;
    super::rules::load_demo(state).await?;
    Ok(())
}

/// Two days of readings every ten minutes up to `now` (unix seconds): daily cycles by kind,
/// with rain and a rising river on the second afternoon.
pub fn history(now: i64) -> Vec<Reading> {
    let end = now - now.rem_euclid(600);
    let mut out = Vec::new();
    for (id, _, kind, _, _) in SENSORS {
        for step in (0..288).rev() {
            let t = end - step * 600;
            let hour = ((t + 7 * 3600).rem_euclid(86_400)) as f64 / 3600.0;
            let day = (std::f64::consts::TAU * (hour - 6.0) / 24.0).sin();
            let rush = (-((hour - 7.5).powi(2)) / 2.0).exp() + (-((hour - 17.0).powi(2)) / 2.0).exp();
            let storm = if step < 40 { (40 - step) as f64 / 40.0 } else { 0.0 };
            let wobble = ((t / 600) % 7) as f64 / 7.0 - 0.5;
            let value = match kind {
                SensorKind::WaterLevel => 150.0 + 10.0 * day + 70.0 * storm + 2.0 * wobble,
                SensorKind::Rainfall => (30.0 * storm + wobble).max(0.0),
                SensorKind::Vibration => 25.0 + 20.0 * rush + 5.0 * wobble,
                SensorKind::TrafficFlow => 900.0 + 1800.0 * rush + 200.0 * day + 50.0 * wobble,
                SensorKind::TrafficSpeed => 38.0 - 20.0 * rush + 2.0 * wobble,
                SensorKind::Pm25 => 30.0 + 15.0 * rush + 4.0 * wobble,
                SensorKind::RoadSurface => 4.5 + 0.3 * wobble,
            };
            out.push(Reading { sensor_id: (*id).into(), ts_ms: t * 1000, value: (value * 10.0).round() / 10.0 });
        }
    }
    out
}

/// The lines `serve --demo` prints: each device with its token and sensors.
pub fn sign_in_lines() -> Vec<String> {
    DEVICES
        .iter()
        .map(|(id, _, name, token)| {
            let sensors: Vec<&str> = SENSORS.iter().filter(|s| s.1 == *id).map(|s| s.0).collect();
            format!("{id} ({name}): token {token}; sensors {}", sensors.join(", "))
        })
        .collect()
}
