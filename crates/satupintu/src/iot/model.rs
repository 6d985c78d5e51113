//! What the monitoring knows: things, their devices and sensors, readings, rules and alerts.

use serde::Serialize;
use utoipa::ToSchema;

/// What is watched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ThingKind {
    Bridge,
    PumpHouse,
    Junction,
    River,
    Drain,
    Road,
    AirStation,
}

impl ThingKind {
    pub const ALL: [ThingKind; 7] = [
        ThingKind::Bridge,
        ThingKind::PumpHouse,
        ThingKind::Junction,
        ThingKind::River,
        ThingKind::Drain,
        ThingKind::Road,
        ThingKind::AirStation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ThingKind::Bridge => "bridge",
            ThingKind::PumpHouse => "pump_house",
            ThingKind::Junction => "junction",
            ThingKind::River => "river",
            ThingKind::Drain => "drain",
            ThingKind::Road => "road",
            ThingKind::AirStation => "air_station",
        }
    }

    pub fn parse(s: &str) -> Option<ThingKind> {
        ThingKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a sensor measures; each kind has one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SensorKind {
    /// Water level above the gauge's zero, centimetres.
    WaterLevel,
    /// Vehicles per hour.
    TrafficFlow,
    /// Average speed, km/h.
    TrafficSpeed,
    /// Peak acceleration, mm/s².
    Vibration,
    /// Particulate matter PM2.5, µg/m³.
    Pm25,
    /// Rainfall in the last hour, mm.
    Rainfall,
    /// Road surface roughness (IRI), m/km.
    RoadSurface,
}

impl SensorKind {
    pub const ALL: [SensorKind; 7] = [
        SensorKind::WaterLevel,
        SensorKind::TrafficFlow,
        SensorKind::TrafficSpeed,
        SensorKind::Vibration,
        SensorKind::Pm25,
        SensorKind::Rainfall,
        SensorKind::RoadSurface,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SensorKind::WaterLevel => "water_level",
            SensorKind::TrafficFlow => "traffic_flow",
            SensorKind::TrafficSpeed => "traffic_speed",
            SensorKind::Vibration => "vibration",
            SensorKind::Pm25 => "pm25",
            SensorKind::Rainfall => "rainfall",
            SensorKind::RoadSurface => "road_surface",
        }
    }

    pub fn parse(s: &str) -> Option<SensorKind> {
        SensorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The unit readings of this kind are in (UCUM code, as SensorThings expects).
    pub fn unit(self) -> &'static str {
        match self {
            SensorKind::WaterLevel => "cm",
            SensorKind::TrafficFlow => "/h",
            SensorKind::TrafficSpeed => "km/h",
            SensorKind::Vibration => "mm/s2",
            SensorKind::Pm25 => "ug/m3",
            SensorKind::Rainfall => "mm",
            SensorKind::RoadSurface => "m/km",
        }
    }
}

/// A watched piece of infrastructure.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = IotThing)]
pub struct Thing {
    pub id: String,
    pub name: String,
    pub description: String,
    /// A [`ThingKind`] name.
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub agency_id: String,
    pub region_code: Option<String>,
    /// Its public sensors' readings are shown to everyone.
    pub public: bool,
    /// Unix seconds.
    pub created_at: i64,
}

/// A box that sends readings, with its own token (only the token's hash is stored).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = IotDevice)]
pub struct Device {
    pub id: String,
    pub thing_id: String,
    pub name: String,
    pub active: bool,
    pub created_at: i64,
    /// Unix milliseconds of the last accepted reading.
    pub last_seen_ms: Option<i64>,
    /// Payloads refused so far.
    pub bad_payloads: i64,
    /// Readings accepted so far.
    pub accepted: i64,
    /// The message key of the last refusal (e.g. `iot-error-json`).
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
}

impl Device {
    /// A new active device of a thing, with nothing received yet.
    pub fn new(id: impl Into<String>, thing_id: impl Into<String>, name: impl Into<String>, created_at: i64) -> Device {
        Device {
            id: id.into(),
            thing_id: thing_id.into(),
            name: name.into(),
            active: true,
            created_at,
            last_seen_ms: None,
            bad_payloads: 0,
            accepted: 0,
            last_error: None,
            last_error_at: None,
        }
    }
}

/// One measured quantity of a thing, sent by one device.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = IotSensor)]
pub struct Sensor {
    pub id: String,
    pub device_id: String,
    pub thing_id: String,
    pub name: String,
    /// A [`SensorKind`] name.
    pub kind: String,
    pub unit: String,
    pub public: bool,
    pub created_at: i64,
    pub last_value: Option<f64>,
    /// Unix milliseconds of the latest reading.
    pub last_ts_ms: Option<i64>,
}

impl Sensor {
    /// A new sensor of a kind (in the kind's unit) on a device of a thing, with no reading yet.
    pub fn new(
        id: impl Into<String>,
        device_id: impl Into<String>,
        thing_id: impl Into<String>,
        name: impl Into<String>,
        kind: SensorKind,
        public: bool,
        created_at: i64,
    ) -> Sensor {
        Sensor {
            id: id.into(),
            device_id: device_id.into(),
            thing_id: thing_id.into(),
            name: name.into(),
            kind: kind.as_str().into(),
            unit: kind.unit().into(),
            public,
            created_at,
            last_value: None,
            last_ts_ms: None,
        }
    }
}

/// One accepted reading.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
#[schema(as = IotReading)]
pub struct Reading {
    pub sensor_id: String,
    /// Unix milliseconds of the measurement (the arrival time when the device sent none).
    pub ts_ms: i64,
    pub value: f64,
}

/// The kinds of rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Alert at `value >= threshold`; normal again below `clear_at`.
    Above,
    /// Alert at `value <= threshold`; normal again above `clear_at`.
    Below,
    /// Alert when the change per minute between consecutive readings is at least `threshold`
    /// (either direction); normal again below `clear_at`.
    Rate,
    /// Alert when no reading came for `threshold` minutes; normal when one comes.
    Nodata,
}

impl RuleKind {
    pub const ALL: [RuleKind; 4] = [RuleKind::Above, RuleKind::Below, RuleKind::Rate, RuleKind::Nodata];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Above => "above",
            RuleKind::Below => "below",
            RuleKind::Rate => "rate",
            RuleKind::Nodata => "nodata",
        }
    }

    pub fn parse(s: &str) -> Option<RuleKind> {
        RuleKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A rule for one sensor or for every sensor of a kind.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = IotRule)]
pub struct Rule {
    pub id: i64,
    pub name: String,
    pub sensor_id: Option<String>,
    pub sensor_kind: Option<String>,
    /// A [`RuleKind`] name.
    pub rule: String,
    pub threshold: f64,
    /// Where a value counts as normal again (hysteresis); none: the threshold itself.
    pub clear_at: Option<f64>,
    /// `warning` or `danger`.
    pub severity: String,
    /// An alert also files a public report.
    pub public_report: bool,
    pub active: bool,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

/// An alert, and the work order it opened for the owner agency.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = IotAlert)]
pub struct Alert {
    pub id: i64,
    /// `PK-YYYY-NNNNNN` (perintah kerja).
    pub code: String,
    pub rule_id: i64,
    pub sensor_id: String,
    pub thing_id: String,
    pub agency_id: String,
    pub severity: String,
    /// `open`, `normal` (values back within bounds, waiting for staff) or `closed`.
    pub status: String,
    pub opened_ts_ms: i64,
    pub opened_value: Option<f64>,
    pub peak_value: Option<f64>,
    pub last_value: Option<f64>,
    pub normal_at: Option<i64>,
    pub acknowledged_by: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub closed_by: Option<i64>,
    pub closed_at: Option<i64>,
    pub close_note: Option<String>,
    pub report_code: Option<String>,
    pub created_at: i64,
}
