//! A read API in the spirit of OGC SensorThings API 1.1 (Part 1: Sensing) at `/sta/v1.1`, so
//! other tools can use the monitoring data.
//!
//! Mapping: a Thing is a watched thing (bridge, pump house, river gauge, ...); its Location and
//! its FeatureOfInterest are its point (same id); a Datastream is a sensor; a Sensor is the
//! device that sends it (never its credentials); an ObservedProperty is a sensor kind
//! (`water_level`, ...); an Observation is a raw reading, id `<sensor id>:<unix ms>`.
//! HistoricalLocations are not kept (things do not move): always an empty list.
//!
//! Signed out (or as a citizen) only public sensors of public things are seen; with a staff
//! bearer token (`POST /api/v1/auth/login`) also everything of the staff member's agency (super
//! admins and auditors: everything). Anything not seen is 404, as if it did not exist.
//!
//! Like Open311 and FHIR, these routes sit outside `/api/v1` and its OpenAPI document; errors
//! are `{"code": 400, "type": "error", "message": "<Indonesian> / <English>"}`.

pub mod query;
pub mod store;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use self::query::{Dir, Expand, Literal, Options, QueryError, Ty};
use self::store::{ObsError, Scope, Viewer};
use crate::app::AppState;
use crate::identity::Role;
use crate::iot::model::{Device, Reading, Sensor, SensorKind, Thing};
use crate::iot::registry;
use crate::web::{locales, Lang, T};

/// Where the API is rooted.
pub const ROOT: &str = "/sta/v1.1";

/// Every route shape, for the authorization matrix and the docs (all public reads; a staff
/// bearer token only widens what is seen). [`router`] serves these and every other navigation
/// path under [`ROOT`].
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/sta/v1.1"),
    ("GET", "/sta/v1.1/Things"),
    ("GET", "/sta/v1.1/Things({id})"),
    ("GET", "/sta/v1.1/Things({id})/Datastreams"),
    ("GET", "/sta/v1.1/Things({id})/Locations"),
    ("GET", "/sta/v1.1/Things({id})/HistoricalLocations"),
    ("GET", "/sta/v1.1/Locations"),
    ("GET", "/sta/v1.1/Locations({id})"),
    ("GET", "/sta/v1.1/Locations({id})/Things"),
    ("GET", "/sta/v1.1/HistoricalLocations"),
    ("GET", "/sta/v1.1/Datastreams"),
    ("GET", "/sta/v1.1/Datastreams({id})"),
    ("GET", "/sta/v1.1/Datastreams({id})/Observations"),
    ("GET", "/sta/v1.1/Datastreams({id})/Thing"),
    ("GET", "/sta/v1.1/Datastreams({id})/Sensor"),
    ("GET", "/sta/v1.1/Datastreams({id})/ObservedProperty"),
    ("GET", "/sta/v1.1/Sensors"),
    ("GET", "/sta/v1.1/Sensors({id})"),
    ("GET", "/sta/v1.1/Sensors({id})/Datastreams"),
    ("GET", "/sta/v1.1/ObservedProperties"),
    ("GET", "/sta/v1.1/ObservedProperties({id})"),
    ("GET", "/sta/v1.1/ObservedProperties({id})/Datastreams"),
    ("GET", "/sta/v1.1/Observations"),
    ("GET", "/sta/v1.1/Observations({id})"),
    ("GET", "/sta/v1.1/Observations({id})/Datastream"),
    ("GET", "/sta/v1.1/Observations({id})/FeatureOfInterest"),
    ("GET", "/sta/v1.1/FeaturesOfInterest"),
    ("GET", "/sta/v1.1/FeaturesOfInterest({id})"),
    ("GET", "/sta/v1.1/FeaturesOfInterest({id})/Observations"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sta/v1.1", get(root).fallback(not_allowed))
        .route("/sta/v1.1/", get(root).fallback(not_allowed))
        .route("/sta/v1.1/{*path}", get(resource).fallback(not_allowed))
}

const OBSERVATION_TYPE: &str = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";
const GEOJSON: &str = "application/geo+json";
const CONFORMANCE: &[&str] = &[
    "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
];

// ---------------------------------------------------------------------------------------
// Errors.

/// A failed request: its status, a message key (`sta-error-*`) and what it is about.
#[derive(Debug)]
pub struct Fail {
    status: StatusCode,
    key: &'static str,
    detail: String,
}

impl Fail {
    fn new(status: StatusCode, key: &'static str, detail: impl Into<String>) -> Fail {
        Fail { status, key, detail: detail.into() }
    }

    fn not_found(detail: impl Into<String>) -> Fail {
        Fail::new(StatusCode::NOT_FOUND, "sta-error-not-found", detail)
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message, Indonesian then English.
    pub fn message(&self) -> String {
        let say = |lang| T { locales: locales(), lang }.t1(self.key, "detail", &self.detail);
        format!("{} / {}", say(Lang::Id), say(Lang::En))
    }
}

impl From<QueryError> for Fail {
    fn from(e: QueryError) -> Fail {
        Fail::new(StatusCode::BAD_REQUEST, e.key, e.detail)
    }
}

impl From<sqlx::Error> for Fail {
    fn from(e: sqlx::Error) -> Fail {
        tracing::error!(error = %e, "sta: database");
        Fail::new(StatusCode::INTERNAL_SERVER_ERROR, "sta-error-internal", "")
    }
}

impl From<ObsError> for Fail {
    fn from(e: ObsError) -> Fail {
        match e {
            ObsError::Query(q) => q.into(),
            ObsError::Db(d) => d.into(),
        }
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let body = json!({"code": self.status.as_u16(), "type": "error", "message": self.message()});
        let mut resp = respond(self.status, &body, true);
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

fn respond(status: StatusCode, body: &Value, private: bool) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(if private { "private, no-store" } else { "no-cache" }));
    if !private {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    }
    resp
}

async fn not_allowed() -> Fail {
    Fail::new(StatusCode::METHOD_NOT_ALLOWED, "sta-error-method", "GET")
}

// ---------------------------------------------------------------------------------------
// Who asks.

/// Signed out: the public. A bearer token must be a valid, fully signed-in API session
/// (otherwise 401); staff see their agency's things too, super admins and auditors all.
async fn viewer(state: &AppState, headers: &HeaderMap) -> Result<Viewer, Fail> {
    let Some(auth) = headers.get(header::AUTHORIZATION) else { return Ok(Viewer::Public) };
    let refused = || Fail::new(StatusCode::UNAUTHORIZED, "sta-error-token", "Bearer");
    let token = auth
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(refused)?;
    let user = crate::identity::service::current_user(state, token, true)
        .await
        .map_err(|_| Fail::new(StatusCode::INTERNAL_SERVER_ERROR, "sta-error-internal", ""))?
        .filter(|u| u.is_full())
        .ok_or_else(refused)?;
    Ok(match (user.role, user.agency_id) {
        (Role::SuperAdmin | Role::Auditor, _) => Viewer::All,
        (r, Some(agency)) if r.is_staff() => Viewer::Agency(agency),
        _ => Viewer::Public,
    })
}

// ---------------------------------------------------------------------------------------
// Entity sets.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Set {
    Things,
    Locations,
    HistoricalLocations,
    Datastreams,
    Sensors,
    ObservedProperties,
    Observations,
    FeaturesOfInterest,
}

impl Set {
    const ALL: [Set; 8] = [
        Set::Things,
        Set::Locations,
        Set::HistoricalLocations,
        Set::Datastreams,
        Set::Sensors,
        Set::ObservedProperties,
        Set::Observations,
        Set::FeaturesOfInterest,
    ];

    fn name(self) -> &'static str {
        match self {
            Set::Things => "Things",
            Set::Locations => "Locations",
            Set::HistoricalLocations => "HistoricalLocations",
            Set::Datastreams => "Datastreams",
            Set::Sensors => "Sensors",
            Set::ObservedProperties => "ObservedProperties",
            Set::Observations => "Observations",
            Set::FeaturesOfInterest => "FeaturesOfInterest",
        }
    }

    fn parse(s: &str) -> Option<Set> {
        Set::ALL.into_iter().find(|x| x.name() == s)
    }

    /// Navigation properties: name, target set, whether it is a single entity.
    fn navs(self) -> &'static [(&'static str, Set, bool)] {
        match self {
            Set::Things => &[
                ("Locations", Set::Locations, false),
                ("HistoricalLocations", Set::HistoricalLocations, false),
                ("Datastreams", Set::Datastreams, false),
            ],
            Set::Locations => {
                &[("Things", Set::Things, false), ("HistoricalLocations", Set::HistoricalLocations, false)]
            }
            Set::HistoricalLocations => &[("Thing", Set::Things, true), ("Locations", Set::Locations, false)],
            Set::Datastreams => &[
                ("Thing", Set::Things, true),
                ("Sensor", Set::Sensors, true),
                ("ObservedProperty", Set::ObservedProperties, true),
                ("Observations", Set::Observations, false),
            ],
            Set::Sensors | Set::ObservedProperties => &[("Datastreams", Set::Datastreams, false)],
            Set::Observations => {
                &[("Datastream", Set::Datastreams, true), ("FeatureOfInterest", Set::FeaturesOfInterest, true)]
            }
            Set::FeaturesOfInterest => &[("Observations", Set::Observations, false)],
        }
    }

    /// Properties a `$filter` or `$orderby` may name.
    fn props(self) -> &'static [(&'static str, Ty)] {
        match self {
            Set::Observations => store::OBSERVATION_PROPS,
            Set::ObservedProperties => &[
                ("id", Ty::Str),
                ("@iot.id", Ty::Str),
                ("name", Ty::Str),
                ("description", Ty::Str),
                ("definition", Ty::Str),
            ],
            Set::HistoricalLocations => &[("id", Ty::Str), ("@iot.id", Ty::Str), ("time", Ty::Time)],
            Set::Datastreams => &[
                ("id", Ty::Str),
                ("@iot.id", Ty::Str),
                ("name", Ty::Str),
                ("description", Ty::Str),
                ("Thing/id", Ty::Str),
                ("Sensor/id", Ty::Str),
                ("ObservedProperty/id", Ty::Str),
            ],
            _ => &[("id", Ty::Str), ("@iot.id", Ty::Str), ("name", Ty::Str), ("description", Ty::Str)],
        }
    }

    /// Properties `$select` may name (besides navigation properties).
    fn fields(self) -> &'static [&'static str] {
        match self {
            Set::Things => &["id", "selfLink", "name", "description", "properties"],
            Set::Locations => &["id", "selfLink", "name", "description", "encodingType", "location"],
            Set::HistoricalLocations => &["id", "selfLink", "time"],
            Set::Datastreams => &[
                "id",
                "selfLink",
                "name",
                "description",
                "unitOfMeasurement",
                "observationType",
                "observedArea",
                "phenomenonTime",
                "resultTime",
                "properties",
            ],
            Set::Sensors => &["id", "selfLink", "name", "description", "encodingType", "metadata", "properties"],
            Set::ObservedProperties => &["id", "selfLink", "name", "definition", "description"],
            Set::Observations => &["id", "selfLink", "phenomenonTime", "resultTime", "result"],
            Set::FeaturesOfInterest => &["id", "selfLink", "name", "description", "encodingType", "feature"],
        }
    }

    fn nav(self, name: &str) -> Option<(Set, bool)> {
        self.navs().iter().find(|(n, _, _)| *n == name).map(|(_, s, one)| (*s, *one))
    }
}

/// One entity, pointing into the request's [`Ctx`].
#[derive(Clone, Debug)]
enum Ent {
    Thing(usize),
    Location(usize),
    Datastream(usize),
    Sensor(usize),
    ObservedProperty(SensorKind),
    Feature(usize),
    Observation(Reading),
}

impl Ent {
    fn set(&self) -> Set {
        match self {
            Ent::Thing(_) => Set::Things,
            Ent::Location(_) => Set::Locations,
            Ent::Datastream(_) => Set::Datastreams,
            Ent::Sensor(_) => Set::Sensors,
            Ent::ObservedProperty(_) => Set::ObservedProperties,
            Ent::Feature(_) => Set::FeaturesOfInterest,
            Ent::Observation(_) => Set::Observations,
        }
    }
}

/// A collection: in memory, or readings in the database.
enum Source {
    Mem(Vec<Ent>),
    Obs(Scope),
}

/// What a navigation leads to.
enum Related {
    One(Option<Ent>),
    Many(Source),
}

/// What the request can see, loaded once.
struct Ctx {
    conn: sqlx::pool::PoolConnection<sqlx::Any>,
    /// `https://host/sta/v1.1`.
    base: String,
    viewer: Viewer,
    things: Vec<Thing>,
    sensors: Vec<Sensor>,
    devices: Vec<Device>,
    ranges: Option<HashMap<String, (i64, i64)>>,
}

/// The words for a sensor kind: (name Indonesian, name English, definition).
fn kind_words(kind: SensorKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        SensorKind::WaterLevel => (
            "Tinggi muka air",
            "Water level",
            "http://vocab.nerc.ac.uk/standard_name/water_surface_height_above_reference_datum/",
        ),
        SensorKind::TrafficFlow => ("Arus lalu lintas", "Traffic flow", "urn:satupintu:observed-property:traffic_flow"),
        SensorKind::TrafficSpeed => {
            ("Kecepatan rata-rata kendaraan", "Average traffic speed", "urn:satupintu:observed-property:traffic_speed")
        }
        SensorKind::Vibration => {
            ("Getaran struktur", "Structural vibration", "urn:satupintu:observed-property:vibration")
        }
        SensorKind::Pm25 => (
            "Partikulat PM2.5",
            "Particulate matter PM2.5",
            "http://vocab.nerc.ac.uk/standard_name/mass_concentration_of_pm2p5_ambient_aerosol_particles_in_air/",
        ),
        SensorKind::Rainfall => {
            ("Curah hujan", "Rainfall", "http://vocab.nerc.ac.uk/standard_name/thickness_of_rainfall_amount/")
        }
        SensorKind::RoadSurface => (
            "Kerataan permukaan jalan (IRI)",
            "Road surface roughness (IRI)",
            "urn:satupintu:observed-property:road_surface",
        ),
    }
}

/// The name of a UCUM unit code.
fn unit_name(code: &str) -> &str {
    match code {
        "cm" => "centimetre",
        "/h" => "per hour",
        "km/h" => "kilometre per hour",
        "mm/s2" => "millimetre per second squared",
        "ug/m3" => "microgram per cubic metre",
        "mm" => "millimetre",
        "m/km" => "metre per kilometre",
        other => other,
    }
}

fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// An id as it stands in a path: quoted, `'` doubled, and characters that cannot stand in a
/// URL path percent-encoded.
pub fn key(id: &str) -> String {
    let mut out = String::from("'");
    for b in id.replace('\'', "''").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('\'');
    out
}

impl Ctx {
    async fn load(state: &AppState, viewer: Viewer, base: String) -> Result<Ctx, Fail> {
        let mut conn = state.db.conn().await?;
        let all_things = registry::things(&mut conn, None, false).await?;
        let all_sensors = registry::sensors(&mut conn, None, None).await?;
        let all_devices = registry::devices(&mut conn, None).await?;
        let full = |t: &Thing| match &viewer {
            Viewer::All => true,
            Viewer::Agency(a) => *a == t.agency_id,
            Viewer::Public => false,
        };
        let things: Vec<Thing> = all_things.into_iter().filter(|t| t.public || full(t)).collect();
        let thing_of = |id: &str| things.iter().find(|t| t.id == id);
        let sensors: Vec<Sensor> =
            all_sensors.into_iter().filter(|s| thing_of(&s.thing_id).is_some_and(|t| full(t) || s.public)).collect();
        let devices: Vec<Device> = all_devices
            .into_iter()
            .filter(|d| thing_of(&d.thing_id).is_some_and(|t| full(t) || sensors.iter().any(|s| s.device_id == d.id)))
            .collect();
        Ok(Ctx { conn, base, viewer, things, sensors, devices, ranges: None })
    }

    fn thing(&self, id: &str) -> Option<usize> {
        self.things.iter().position(|t| t.id == id)
    }

    fn sensor(&self, id: &str) -> Option<usize> {
        self.sensors.iter().position(|s| s.id == id)
    }

    fn device(&self, id: &str) -> Option<usize> {
        self.devices.iter().position(|d| d.id == id)
    }

    /// Every entity of an in-memory set (Observations come from [`Source::Obs`]).
    fn all(&self, set: Set) -> Source {
        let idx = |n: usize| 0..n;
        Source::Mem(match set {
            Set::Things => idx(self.things.len()).map(Ent::Thing).collect(),
            Set::Locations => idx(self.things.len()).map(Ent::Location).collect(),
            Set::FeaturesOfInterest => idx(self.things.len()).map(Ent::Feature).collect(),
            Set::Datastreams => idx(self.sensors.len()).map(Ent::Datastream).collect(),
            Set::Sensors => idx(self.devices.len()).map(Ent::Sensor).collect(),
            Set::ObservedProperties => SensorKind::ALL.into_iter().map(Ent::ObservedProperty).collect(),
            Set::HistoricalLocations => Vec::new(),
            Set::Observations => return Source::Obs(Scope::All),
        })
    }

    /// The entity of `set` with this id, if the viewer may see it.
    async fn find(&mut self, set: Set, id: &str) -> Result<Option<Ent>, Fail> {
        Ok(match set {
            Set::Things => self.thing(id).map(Ent::Thing),
            Set::Locations => self.thing(id).map(Ent::Location),
            Set::FeaturesOfInterest => self.thing(id).map(Ent::Feature),
            Set::Datastreams => self.sensor(id).map(Ent::Datastream),
            Set::Sensors => self.device(id).map(Ent::Sensor),
            Set::ObservedProperties => SensorKind::parse(id).map(Ent::ObservedProperty),
            Set::HistoricalLocations => None,
            Set::Observations => {
                let Some((sensor, ts)) = store::parse_observation_id(id) else { return Ok(None) };
                if self.sensor(sensor).is_none() {
                    return Ok(None);
                }
                store::observation(&mut self.conn, sensor, ts).await?.map(Ent::Observation)
            }
        })
    }

    fn id(&self, e: &Ent) -> String {
        match e {
            Ent::Thing(i) | Ent::Location(i) | Ent::Feature(i) => self.things[*i].id.clone(),
            Ent::Datastream(i) => self.sensors[*i].id.clone(),
            Ent::Sensor(i) => self.devices[*i].id.clone(),
            Ent::ObservedProperty(k) => k.as_str().to_string(),
            Ent::Observation(r) => store::observation_id(r),
        }
    }

    fn self_link(&self, e: &Ent) -> String {
        format!("{}/{}({})", self.base, e.set().name(), key(&self.id(e)))
    }

    /// Where a navigation property of `e` leads.
    fn related(&self, e: &Ent, nav: &str) -> Option<Related> {
        e.set().nav(nav)?;
        let sensors_where = |f: &dyn Fn(&Sensor) -> bool| {
            Related::Many(Source::Mem(
                self.sensors.iter().enumerate().filter(|(_, s)| f(s)).map(|(i, _)| Ent::Datastream(i)).collect(),
            ))
        };
        Some(match (e, nav) {
            (Ent::Thing(i), "Locations") => Related::Many(Source::Mem(vec![Ent::Location(*i)])),
            (Ent::Thing(_) | Ent::Location(_), "HistoricalLocations") => Related::Many(Source::Mem(Vec::new())),
            (Ent::Thing(i), "Datastreams") => {
                let id = &self.things[*i].id;
                sensors_where(&|s| s.thing_id == *id)
            }
            (Ent::Location(i), "Things") => Related::Many(Source::Mem(vec![Ent::Thing(*i)])),
            (Ent::Datastream(i), "Thing") => Related::One(self.thing(&self.sensors[*i].thing_id).map(Ent::Thing)),
            (Ent::Datastream(i), "Sensor") => Related::One(self.device(&self.sensors[*i].device_id).map(Ent::Sensor)),
            (Ent::Datastream(i), "ObservedProperty") => {
                Related::One(SensorKind::parse(&self.sensors[*i].kind).map(Ent::ObservedProperty))
            }
            (Ent::Datastream(i), "Observations") => {
                Related::Many(Source::Obs(Scope::Sensor(self.sensors[*i].id.clone())))
            }
            (Ent::Sensor(i), "Datastreams") => {
                let id = &self.devices[*i].id;
                sensors_where(&|s| s.device_id == *id)
            }
            (Ent::ObservedProperty(k), "Datastreams") => sensors_where(&|s| s.kind == k.as_str()),
            (Ent::Observation(r), "Datastream") => Related::One(self.sensor(&r.sensor_id).map(Ent::Datastream)),
            (Ent::Observation(r), "FeatureOfInterest") => Related::One(
                self.sensor(&r.sensor_id).and_then(|s| self.thing(&self.sensors[s].thing_id)).map(Ent::Feature),
            ),
            (Ent::Feature(i), "Observations") => Related::Many(Source::Obs(Scope::Thing(self.things[*i].id.clone()))),
            _ => return None,
        })
    }

    /// A property's value, for `$filter` and `$orderby` on in-memory sets.
    fn prop(&self, e: &Ent, name: &str) -> Option<Literal> {
        if name == "id" || name == "@iot.id" {
            return Some(Literal::Str(self.id(e)));
        }
        let s = |x: &str| Some(Literal::Str(x.to_string()));
        match (e, name) {
            (Ent::Thing(i) | Ent::Location(i) | Ent::Feature(i), "name") => s(&self.things[*i].name),
            (Ent::Thing(i) | Ent::Location(i) | Ent::Feature(i), "description") => s(&self.things[*i].description),
            (Ent::Datastream(i), "name") => s(&self.sensors[*i].name),
            (Ent::Datastream(_), "description") => s(&self.datastream_description(e)),
            (Ent::Datastream(i), "Thing/id") => s(&self.sensors[*i].thing_id),
            (Ent::Datastream(i), "Sensor/id") => s(&self.sensors[*i].device_id),
            (Ent::Datastream(i), "ObservedProperty/id") => s(&self.sensors[*i].kind),
            (Ent::Sensor(i), "name") => s(&self.devices[*i].name),
            (Ent::Sensor(i), "description") => s(&self.sensor_description(*i)),
            (Ent::ObservedProperty(k), "name") => s(kind_words(*k).1),
            (Ent::ObservedProperty(k), "description") => s(kind_words(*k).0),
            (Ent::ObservedProperty(k), "definition") => s(kind_words(*k).2),
            _ => None,
        }
    }

    fn datastream_description(&self, e: &Ent) -> String {
        let Ent::Datastream(i) = e else { return String::new() };
        let s = &self.sensors[*i];
        let thing = self.thing(&s.thing_id).map(|t| self.things[t].name.as_str()).unwrap_or_default();
        let kind = SensorKind::parse(&s.kind).map(|k| kind_words(k).0).unwrap_or(s.kind.as_str());
        format!("{kind} — {thing}")
    }

    fn sensor_description(&self, i: usize) -> String {
        let d = &self.devices[i];
        let thing = self.thing(&d.thing_id).map(|t| self.things[t].name.as_str()).unwrap_or_default();
        format!("Perangkat pengirim data di {thing} / Data logger at {thing}")
    }

    async fn ranges(&mut self) -> Result<&HashMap<String, (i64, i64)>, Fail> {
        if self.ranges.is_none() {
            self.ranges = Some(store::time_ranges(&mut self.conn).await?);
        }
        Ok(self.ranges.get_or_insert_with(HashMap::new))
    }

    /// An entity's own properties and links (no expansion, no selection).
    async fn plain(&mut self, e: &Ent) -> Result<Map<String, Value>, Fail> {
        let mut m = Map::new();
        m.insert("@iot.id".into(), Value::String(self.id(e)));
        let link = self.self_link(e);
        m.insert("@iot.selfLink".into(), Value::String(link.clone()));
        let put = |m: &mut Map<String, Value>, k: &str, v: Value| {
            m.insert(k.to_string(), v);
        };
        match e {
            Ent::Thing(i) => {
                let t = &self.things[*i];
                put(&mut m, "name", json!(t.name));
                put(&mut m, "description", json!(t.description));
                put(
                    &mut m,
                    "properties",
                    json!({"kind": t.kind, "agency": t.agency_id, "region_code": t.region_code, "public": t.public}),
                );
            }
            Ent::Location(i) | Ent::Feature(i) => {
                let t = &self.things[*i];
                put(&mut m, "name", json!(t.name));
                put(&mut m, "description", json!(t.description));
                put(&mut m, "encodingType", json!(GEOJSON));
                let point = json!({"type": "Point", "coordinates": [t.lon, t.lat]});
                put(&mut m, if matches!(e, Ent::Location(_)) { "location" } else { "feature" }, point);
            }
            Ent::Datastream(i) => {
                let description = self.datastream_description(e);
                let sensor_id = self.sensors[*i].id.clone();
                let range = self.ranges().await?.get(&sensor_id).copied();
                let s = &self.sensors[*i];
                put(&mut m, "name", json!(s.name));
                put(&mut m, "description", json!(description));
                put(
                    &mut m,
                    "unitOfMeasurement",
                    json!({"name": unit_name(&s.unit), "symbol": s.unit, "definition": format!("http://unitsofmeasure.org/ucum.html#{}", s.unit)}),
                );
                put(&mut m, "observationType", json!(OBSERVATION_TYPE));
                let interval = range.map(|(a, b)| format!("{}/{}", rfc3339(a), rfc3339(b)));
                put(&mut m, "phenomenonTime", json!(interval));
                put(&mut m, "resultTime", json!(interval));
                if let Some(t) = self.thing(&s.thing_id) {
                    let t = &self.things[t];
                    put(&mut m, "observedArea", json!({"type": "Point", "coordinates": [t.lon, t.lat]}));
                }
                put(
                    &mut m,
                    "properties",
                    json!({"kind": s.kind, "public": s.public, "last_value": s.last_value,
                           "last_time": s.last_ts_ms.map(rfc3339)}),
                );
            }
            Ent::Sensor(i) => {
                let description = self.sensor_description(*i);
                let d = &self.devices[*i];
                put(&mut m, "name", json!(d.name));
                put(&mut m, "description", json!(description));
                put(&mut m, "encodingType", json!("text/plain"));
                put(&mut m, "metadata", json!(description));
                put(
                    &mut m,
                    "properties",
                    json!({"thing": d.thing_id, "active": d.active, "last_seen": d.last_seen_ms.map(rfc3339)}),
                );
            }
            Ent::ObservedProperty(k) => {
                let (id_name, en_name, definition) = kind_words(*k);
                put(&mut m, "name", json!(en_name));
                put(&mut m, "definition", json!(definition));
                put(&mut m, "description", json!(format!("{id_name} / {en_name}")));
            }
            Ent::Observation(r) => {
                let t = rfc3339(r.ts_ms);
                put(&mut m, "phenomenonTime", json!(t));
                put(&mut m, "resultTime", json!(t));
                put(&mut m, "result", json!(r.value));
            }
        }
        for (nav, _, _) in e.set().navs() {
            m.insert(format!("{nav}@iot.navigationLink"), Value::String(format!("{link}/{nav}")));
        }
        Ok(m)
    }

    /// An entity with its expansions, then its `$select`.
    fn render<'a>(&'a mut self, e: &'a Ent, opts: &'a Options) -> Rendering<'a> {
        Box::pin(async move {
            let set = e.set();
            check_select(set, opts)?;
            let mut m = self.plain(e).await?;
            for x in &opts.expand {
                let Some(related) = self.related(e, &x.nav) else {
                    return Err(Fail::from(QueryError::new("sta-error-nav", x.nav.clone())));
                };
                match related {
                    Related::One(one) => {
                        let v = match one {
                            Some(child) => Value::Object(self.render(&child, &x.options).await?),
                            None => Value::Null,
                        };
                        m.insert(x.nav.clone(), v);
                    }
                    Related::Many(source) => {
                        let target = set.nav(&x.nav).map(|(s, _)| s).unwrap_or(Set::Things);
                        let page = self.page(target, source, &x.options).await?;
                        if let Some(n) = page.count {
                            m.insert(format!("{}@iot.count", x.nav), json!(n));
                        }
                        m.insert(x.nav.clone(), Value::Array(page.values));
                    }
                }
            }
            if let Some(select) = &opts.select {
                let expanded: Vec<&str> = opts.expand.iter().map(|x: &Expand| x.nav.as_str()).collect();
                m.retain(|k, _| {
                    let name = match k.as_str() {
                        "@iot.id" => "id",
                        "@iot.selfLink" => "selfLink",
                        other => other
                            .strip_suffix("@iot.navigationLink")
                            .or(other.strip_suffix("@iot.count"))
                            .unwrap_or(other),
                    };
                    select.iter().any(|s| s == name || (s == "@iot.id" && name == "id")) || expanded.contains(&name)
                });
            }
            Ok(m)
        })
    }

    /// One page of a collection: filtered, counted, ordered, skipped and cut.
    async fn page(&mut self, set: Set, source: Source, opts: &Options) -> Result<Page, Fail> {
        let filter = opts.filter.clone().map(|f| f.typed(set.props())).transpose()?;
        check_select(set, opts)?;
        let limit = opts.limit();
        let (items, count, more) = match source {
            Source::Obs(scope) => {
                let count = if opts.count {
                    Some(store::count_observations(&mut self.conn, &scope, &self.viewer, filter.as_ref()).await?)
                } else {
                    None
                };
                let mut rows = store::observations(
                    &mut self.conn,
                    &scope,
                    &self.viewer,
                    filter.as_ref(),
                    &opts.orderby,
                    limit + 1,
                    opts.skip,
                )
                .await?;
                let more = rows.len() as i64 > limit;
                rows.truncate(usize::try_from(limit).unwrap_or(0));
                (rows.into_iter().map(Ent::Observation).collect::<Vec<_>>(), count, more)
            }
            Source::Mem(mut items) => {
                if let Some(f) = &filter {
                    items.retain(|e| f.eval(&|p| self.prop(e, p)));
                }
                let count = opts.count.then_some(items.len() as i64);
                if !opts.orderby.is_empty() {
                    items.sort_by(|a, b| {
                        for (name, dir) in &opts.orderby {
                            let ord = match (self.prop(a, name), self.prop(b, name)) {
                                (Some(Literal::Str(x)), Some(Literal::Str(y))) => x.cmp(&y),
                                (Some(Literal::Time(x)), Some(Literal::Time(y))) => x.cmp(&y),
                                (Some(Literal::Num(x)), Some(Literal::Num(y))) => x.total_cmp(&y),
                                (x, y) => x.is_some().cmp(&y.is_some()),
                            };
                            let ord = if *dir == Dir::Desc { ord.reverse() } else { ord };
                            if ord.is_ne() {
                                return ord;
                            }
                        }
                        std::cmp::Ordering::Equal
                    });
                }
                let skip = usize::try_from(opts.skip).unwrap_or(usize::MAX);
                let take = usize::try_from(limit).unwrap_or(0);
                let more = items.len() > skip.saturating_add(take);
                (items.into_iter().skip(skip).take(take).collect(), count, more)
            }
        };
        let mut values = Vec::with_capacity(items.len());
        for e in &items {
            values.push(Value::Object(self.render(e, opts).await?));
        }
        Ok(Page { values, count, more })
    }
}

/// An entity being rendered (boxed: expansion renders recursively).
type Rendering<'a> = Pin<Box<dyn Future<Output = Result<Map<String, Value>, Fail>> + Send + 'a>>;

struct Page {
    values: Vec<Value>,
    count: Option<i64>,
    more: bool,
}

/// Check `$select`, `$orderby` and `$expand` names against the set (and each expanded set),
/// so a bad query is refused even when nothing matches.
fn check_select(set: Set, opts: &Options) -> Result<(), Fail> {
    for (name, _) in &opts.orderby {
        if !set.props().iter().any(|(p, _)| p == name) {
            return Err(QueryError::new("sta-error-orderby", name.clone()).into());
        }
    }
    for x in &opts.expand {
        let (target, _) = set.nav(&x.nav).ok_or_else(|| QueryError::new("sta-error-nav", x.nav.clone()))?;
        check_select(target, &x.options)?;
    }
    for name in opts.select.iter().flatten() {
        let known = name == "@iot.id"
            || name == "@iot.selfLink"
            || set.fields().contains(&name.as_str())
            || set.nav(name).is_some();
        if !known {
            return Err(QueryError::new("sta-error-select", name.clone()).into());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Paths.

/// `Things('x')` → (`Things`, Some(`x`)); `Things` → (`Things`, None). A malformed one: 404.
pub fn segment(s: &str) -> Result<(&str, Option<String>), Fail> {
    let Some(open) = s.find('(') else { return Ok((s, None)) };
    let inner = s[open + 1..].strip_suffix(')').ok_or_else(|| Fail::not_found(s.to_string()))?;
    let id = if let Some(q) = inner.strip_prefix('\'') {
        let q = q.strip_suffix('\'').ok_or_else(|| Fail::not_found(s.to_string()))?;
        // Inside, a quote is written twice.
        if q.replace("''", "").contains('\'') {
            return Err(Fail::not_found(s.to_string()));
        }
        q.replace("''", "'")
    } else {
        inner.to_string()
    };
    if id.is_empty() {
        return Err(Fail::not_found(s.to_string()));
    }
    Ok((&s[..open], Some(id)))
}

/// What a path names.
enum Target {
    One(Ent),
    Many(Set, Source),
}

async fn resolve(ctx: &mut Ctx, path: &str) -> Result<Target, Fail> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some((first, rest)) = segments.split_first() else { return Err(Fail::not_found(path.to_string())) };
    let (name, id) = segment(first)?;
    let set = Set::parse(name).ok_or_else(|| Fail::not_found(name.to_string()))?;
    let mut target = match id {
        Some(id) => Target::One(ctx.find(set, &id).await?.ok_or_else(|| Fail::not_found(format!("{name}({id})")))?),
        None => Target::Many(set, ctx.all(set)),
    };
    for seg in rest {
        let Target::One(e) = &target else { return Err(Fail::not_found((*seg).to_string())) };
        let (nav, id) = segment(seg)?;
        let (to, _) = e.set().nav(nav).ok_or_else(|| Fail::not_found(nav.to_string()))?;
        let related = ctx.related(e, nav).ok_or_else(|| Fail::not_found(nav.to_string()))?;
        target = match (related, id) {
            (Related::One(Some(x)), None) => Target::One(x),
            (Related::One(_), _) => return Err(Fail::not_found(nav.to_string())),
            (Related::Many(source), None) => Target::Many(to, source),
            (Related::Many(source), Some(id)) => {
                let found = ctx.find(to, &id).await?;
                let member = match (&source, found) {
                    (Source::Mem(items), Some(x)) => items.iter().any(|i| ctx.id(i) == ctx.id(&x)).then_some(x),
                    (Source::Obs(scope), Some(Ent::Observation(r))) => {
                        let sensor = ctx.sensor(&r.sensor_id).map(|i| &ctx.sensors[i]);
                        let inside = match scope {
                            Scope::Sensor(s) => r.sensor_id == *s,
                            Scope::Thing(t) => sensor.is_some_and(|s| s.thing_id == *t),
                            Scope::All => true,
                        };
                        inside.then_some(Ent::Observation(r))
                    }
                    _ => None,
                };
                Target::One(member.ok_or_else(|| Fail::not_found(format!("{nav}({id})")))?)
            }
        };
    }
    Ok(target)
}

/// The request's query with `$skip` set to `skip` (other parameters kept as sent).
fn with_skip(raw: &str, skip: i64) -> String {
    let mut parts: Vec<String> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let k = p.split('=').next().unwrap_or("");
            k != "$skip" && k != "%24skip"
        })
        .map(str::to_string)
        .collect();
    parts.push(format!("$skip={skip}"));
    parts.join("&")
}

// ---------------------------------------------------------------------------------------
// Handlers.

async fn root(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Fail> {
    // A bearer token, when sent, must be valid here too.
    viewer(&state, &headers).await?;
    let base = format!("{}{ROOT}", crate::reports::open311::api::base_url(&state, &headers));
    let value: Vec<Value> =
        Set::ALL.iter().map(|s| json!({"name": s.name(), "url": format!("{base}/{}", s.name())})).collect();
    let body = json!({"value": value, "serverSettings": {"conformance": CONFORMANCE}});
    Ok(respond(StatusCode::OK, &body, headers.contains_key(header::AUTHORIZATION)))
}

async fn resource(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Fail> {
    // A path that does not decode (bad percent-encoding, not UTF-8) names nothing.
    let Path(path) = path.map_err(|_| Fail::not_found(uri.path().chars().take(80).collect::<String>()))?;
    let viewer = viewer(&state, &headers).await?;
    let private = headers.contains_key(header::AUTHORIZATION);
    let raw = raw.unwrap_or_default();
    let opts = Options::from_query(&raw)?;
    let origin = crate::reports::open311::api::base_url(&state, &headers);
    let mut ctx = Ctx::load(&state, viewer, format!("{origin}{ROOT}")).await?;
    let body = match resolve(&mut ctx, &path).await? {
        Target::One(e) => Value::Object(ctx.render(&e, &opts).await?),
        Target::Many(set, source) => {
            let page = ctx.page(set, source, &opts).await?;
            let mut m = Map::new();
            if let Some(n) = page.count {
                m.insert("@iot.count".into(), json!(n));
            }
            m.insert("value".into(), Value::Array(page.values));
            // `$top=0` asks for the count only: a next link would name the same page again.
            if page.more && opts.limit() > 0 {
                let next = with_skip(&raw, opts.skip + opts.limit());
                m.insert("@iot.nextLink".into(), json!(format!("{origin}{}?{next}", uri.path())));
            }
            Value::Object(m)
        }
    };
    Ok(respond(StatusCode::OK, &body, private))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_and_keys() {
        assert_eq!(segment("Things").map_err(|f| f.key).expect("plain"), ("Things", None));
        assert_eq!(segment("Things('a''b')").map_err(|f| f.key).expect("quoted"), ("Things", Some("a'b".into())));
        assert_eq!(segment("Things(7)").map_err(|f| f.key).expect("bare"), ("Things", Some("7".into())));
        assert!(segment("Things('a'b')").is_err());
        assert!(segment("Things('x'").is_err());
        assert!(segment("Things()").is_err());
        assert_eq!(key("a'b c"), "'a''b%20c'");
        assert_eq!(
            segment(&format!("Things({})", key("it's")).replace("%20", " ")).expect("round").1,
            Some("it's".into())
        );
    }

    #[test]
    fn next_link_replaces_skip() {
        assert_eq!(with_skip("$top=2&$skip=4&$count=true", 6), "$top=2&$count=true&$skip=6");
        assert_eq!(with_skip("", 100), "$skip=100");
    }

    #[test]
    fn every_route_shape_is_a_set_or_navigation() {
        for (_, path) in ROUTES {
            let Some(rest) = path.strip_prefix("/sta/v1.1/") else { continue };
            let segs: Vec<&str> = rest.split('/').collect();
            let first = segs[0].replace("{id}", "'x'");
            let (name, _) = segment(&first).expect("segment");
            let set = Set::parse(name).unwrap_or_else(|| panic!("{path}: no set {name}"));
            if let Some(nav) = segs.get(1) {
                assert!(set.nav(nav).is_some(), "{path}");
            }
        }
    }
}
