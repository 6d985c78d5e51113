//! HL7 FHIR R4 at `/fhir/R4`, for national health platforms (SATUSEHAT speaks FHIR R4): a
//! CapabilityStatement at `/fhir/R4/metadata`, and read (`GET /fhir/R4/{type}/{id}`) and search
//! (`GET /fhir/R4/{type}?...`, a `searchset` Bundle) of `Practitioner`, `Schedule`, `Slot`,
//! `Appointment`, `Encounter` (a teleconsultation) and `MedicationRequest` (an item of an
//! e-prescription).
//!
//! Practitioners, their schedules and slots are public. Appointments, encounters and
//! medication requests need a bearer token (`POST /api/v1/auth/login`) and show only the
//! caller's own (as patient) or their own patients' (as practitioner); anything else is 404.
//! A practitioner's reads are logged for the patient. Errors are `OperationOutcome`s.
//!
//! These routes sit outside `/api/v1` and its OpenAPI document: they follow the FHIR spec.

use std::collections::BTreeSet;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::store::{self, Consultation, ConsultationFilter, Practitioner, Prescription, Slot, SlotFilter};
use crate::app::AppState;
use crate::identity::CurrentUser;

/// The resource types served.
pub const TYPES: [&str; 6] = ["Practitioner", "Schedule", "Slot", "Appointment", "Encounter", "MedicationRequest"];

/// Every route, for the authorization matrix and the docs. [`router`] serves exactly these.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/fhir/R4/metadata"),
    ("GET", "/fhir/R4/Practitioner"),
    ("GET", "/fhir/R4/Practitioner/{id}"),
    ("GET", "/fhir/R4/Schedule"),
    ("GET", "/fhir/R4/Schedule/{id}"),
    ("GET", "/fhir/R4/Slot"),
    ("GET", "/fhir/R4/Slot/{id}"),
    ("GET", "/fhir/R4/Appointment"),
    ("GET", "/fhir/R4/Appointment/{id}"),
    ("GET", "/fhir/R4/Encounter"),
    ("GET", "/fhir/R4/Encounter/{id}"),
    ("GET", "/fhir/R4/MedicationRequest"),
    ("GET", "/fhir/R4/MedicationRequest/{id}"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/fhir/R4/metadata", get(metadata))
        .route("/fhir/R4/{rtype}", get(search))
        .route("/fhir/R4/{rtype}/{id}", get(read))
}

const CONTENT_TYPE: &str = "application/fhir+json; charset=utf-8";
const SYS_SIP: &str = "urn:satupintu:sip";
const SYS_SERVICE: &str = "urn:satupintu:service";
const SYS_BOOKING: &str = "urn:satupintu:booking";
const SYS_PRESCRIPTION: &str = "urn:satupintu:prescription";
const MAX_COUNT: i64 = 500;

/// Why a request fails: an `OperationOutcome` with the HTTP status.
struct Fail(StatusCode, &'static str, String);

impl Fail {
    fn not_found(what: &str) -> Fail {
        Fail(StatusCode::NOT_FOUND, "not-found", format!("{what} not found"))
    }
    fn invalid(text: String) -> Fail {
        Fail(StatusCode::BAD_REQUEST, "invalid", text)
    }
}

impl From<sqlx::Error> for Fail {
    fn from(e: sqlx::Error) -> Fail {
        tracing::error!(error = %e, "fhir: database");
        Fail(StatusCode::INTERNAL_SERVER_ERROR, "exception", "internal error".into())
    }
}

impl From<crate::web::AppError> for Fail {
    fn from(e: crate::web::AppError) -> Fail {
        match e {
            crate::web::AppError::NotFound => Fail::not_found("resource"),
            other => {
                tracing::error!(error = %other, "fhir");
                Fail(StatusCode::INTERNAL_SERVER_ERROR, "exception", "internal error".into())
            }
        }
    }
}

fn respond(status: StatusCode, body: &Value, private: bool) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(if private { "private, no-store" } else { "no-cache" }));
    resp
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let body = json!({
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": self.1, "diagnostics": self.2}],
        });
        let mut resp = respond(self.0, &body, true);
        if self.0 == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

fn is_public(rtype: &str) -> bool {
    // Types not served are "public": they answer 404 whoever asks.
    !matches!(rtype, "Appointment" | "Encounter" | "MedicationRequest")
}

/// The caller of a protected resource: a fully signed-in bearer token, or 401.
async fn caller(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, Fail> {
    let login = || Fail(StatusCode::UNAUTHORIZED, "login", "a bearer token is required".into());
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(login)?;
    crate::identity::service::current_user(state, token, true)
        .await
        .ok()
        .flatten()
        .filter(CurrentUser::is_full)
        .ok_or_else(login)
}

// ---------------------------------------------------------------------------------------
// Formatting.

fn offset(state: &AppState) -> time::UtcOffset {
    time::UtcOffset::from_hms(state.config.utc_offset_hours().unwrap_or(7), 0, 0).unwrap_or(time::UtcOffset::UTC)
}

fn instant(ts: i64, off: time::UtcOffset) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(off)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The catalogue, for service names.
type Catalog = crate::catalog::service::Snapshot;

fn service_type(state: &Catalog, service_id: &str) -> Value {
    let name =
        state.service(service_id).map(|s| s.service.name.id().to_string()).unwrap_or_else(|| service_id.to_string());
    json!([{"coding": [{"system": SYS_SERVICE, "code": service_id, "display": name}], "text": name}])
}

fn practitioner_ref(p: &Practitioner) -> Value {
    json!({"reference": format!("Practitioner/{}", p.id), "display": p.name})
}

fn patient_ref(c: &Consultation) -> Value {
    json!({"reference": format!("Patient/{}", c.patient_id), "display": c.patient_name})
}

fn practitioner(p: &Practitioner) -> Value {
    json!({
        "resourceType": "Practitioner",
        "id": p.id.to_string(),
        "identifier": [{"system": SYS_SIP, "value": p.license}],
        "active": p.active,
        "name": [{"text": p.name}],
        "qualification": [{"code": {"text": p.qualification}, "identifier": [{"system": SYS_SIP, "value": p.license}]}],
    })
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn schedule(state: &Catalog, p: &Practitioner, hours: &[store::Hours]) -> Value {
    let services: BTreeSet<&str> = hours.iter().map(|h| h.service_id.as_str()).collect();
    let types: Vec<Value> =
        services.iter().filter_map(|s| service_type(state, s).as_array().and_then(|a| a.first().cloned())).collect();
    let comment = hours
        .iter()
        .map(|h| {
            format!(
                "{} {:02}:{:02}-{:02}:{:02} ({} min)",
                DAYS.get((h.weekday - 1).clamp(0, 6) as usize).unwrap_or(&"?"),
                h.start_min / 60,
                h.start_min % 60,
                h.end_min / 60,
                h.end_min % 60,
                h.slot_minutes
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut v = json!({
        "resourceType": "Schedule",
        "id": p.id.to_string(),
        "active": p.active,
        "actor": [practitioner_ref(p), {"display": p.facility}],
    });
    if !types.is_empty() {
        v["serviceType"] = Value::Array(types);
    }
    if !comment.is_empty() {
        v["comment"] = Value::String(comment);
    }
    v
}

fn slot(state: &Catalog, s: &Slot, off: time::UtcOffset) -> Value {
    let status = if s.closed {
        "busy-unavailable"
    } else if s.booked >= s.capacity {
        "busy"
    } else {
        "free"
    };
    json!({
        "resourceType": "Slot",
        "id": s.id.to_string(),
        "serviceType": service_type(state, &s.service_id),
        "schedule": {"reference": format!("Schedule/{}", s.practitioner_id)},
        "status": status,
        "start": instant(s.starts_at, off),
        "end": instant(s.ends_at, off),
    })
}

fn appointment_status(status: &str) -> &'static str {
    match status {
        "checked_in" => "checked-in",
        "served" => "fulfilled",
        "cancelled" => "cancelled",
        "no_show" => "noshow",
        _ => "booked",
    }
}

fn encounter_status(status: &str) -> &'static str {
    match status {
        "checked_in" => "arrived",
        "served" => "finished",
        "cancelled" | "no_show" => "cancelled",
        _ => "planned",
    }
}

fn appointment(state: &Catalog, c: &Consultation, off: time::UtcOffset) -> Value {
    json!({
        "resourceType": "Appointment",
        "id": c.code,
        "identifier": [{"system": SYS_BOOKING, "value": c.code}],
        "status": appointment_status(&c.status),
        "serviceType": service_type(state, &c.service_id),
        "start": instant(c.starts_at, off),
        "end": instant(c.ends_at, off),
        "minutesDuration": ((c.ends_at - c.starts_at) / 60).max(1),
        "slot": [{"reference": format!("Slot/{}", c.slot_id)}],
        "created": instant(c.created_at, off),
        "participant": [
            {"actor": patient_ref(c), "required": "required", "status": "accepted"},
            {"actor": practitioner_ref(&c.practitioner), "required": "required", "status": "accepted"},
        ],
    })
}

fn encounter(c: &Consultation, off: time::UtcOffset) -> Value {
    let mut v = json!({
        "resourceType": "Encounter",
        "id": c.code,
        "identifier": [{"system": SYS_BOOKING, "value": c.code}],
        "status": encounter_status(&c.status),
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "VR", "display": "virtual"},
        "subject": patient_ref(c),
        "participant": [{"individual": practitioner_ref(&c.practitioner)}],
        "appointment": [{"reference": format!("Appointment/{}", c.code)}],
        "period": {"start": instant(c.starts_at, off), "end": instant(c.completed_at.unwrap_or(c.ends_at).max(c.starts_at), off)},
        "serviceProvider": {"display": c.practitioner.facility},
    });
    if let Some(a) = &c.answers {
        v["reasonCode"] = json!([{"text": a.complaint}]);
    }
    v
}

/// The medication requests of a prescription: one per item, `{code}-{n}`.
fn medication_requests(c: &Consultation, rx: &Prescription, off: time::UtcOffset) -> Vec<Value> {
    rx.content
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = format!("{}-{}", rx.code, i + 1);
            let dosage = if item.instructions.is_empty() {
                item.dose.clone()
            } else {
                format!("{}; {}", item.dose, item.instructions)
            };
            json!({
                "resourceType": "MedicationRequest",
                "id": id,
                "identifier": [{"system": SYS_PRESCRIPTION, "value": id}],
                "groupIdentifier": {"system": SYS_PRESCRIPTION, "value": rx.code},
                "status": if rx.dispensed_at.is_some() { "completed" } else { "active" },
                "intent": "order",
                "medicationCodeableConcept": {"text": format!("{} {}", item.medicine, item.strength)},
                "subject": patient_ref(c),
                "encounter": {"reference": format!("Encounter/{}", c.code)},
                "authoredOn": instant(rx.issued_at, off),
                "requester": practitioner_ref(&c.practitioner),
                "dosageInstruction": [{"sequence": 1, "text": dosage}],
                "dispenseRequest": {"quantity": {"value": item.quantity}},
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Search parameters.

/// The query's parameters (repeatable, as FHIR allows: `start=ge...&start=lt...`).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<&str>) -> Result<Params, Fail> {
        serde_urlencoded::from_str(raw.unwrap_or(""))
            .map(Params)
            .map_err(|_| Fail::invalid("the query string cannot be read".into()))
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    fn one(&self, name: &str) -> Option<&str> {
        self.all(name).into_iter().next().map(str::trim).filter(|v| !v.is_empty())
    }

    /// A reference parameter (`Type/id` or `id`) whose id is a number.
    fn number_ref(&self, name: &str, rtype: &str) -> Result<Option<i64>, Fail> {
        let Some(v) = self.one(name) else { return Ok(None) };
        let id = v.strip_prefix(&format!("{rtype}/")).unwrap_or(v);
        id.parse::<i64>().map(Some).map_err(|_| Fail::invalid(format!("{name}: not a {rtype} reference")))
    }

    /// A reference parameter whose id is a code.
    fn code_ref(&self, name: &str, rtype: &str) -> Option<String> {
        self.one(name).map(|v| v.strip_prefix(&format!("{rtype}/")).unwrap_or(v).to_string())
    }

    fn count(&self) -> Result<i64, Fail> {
        match self.one("_count") {
            None => Ok(100),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=MAX_COUNT).contains(n))
                .ok_or_else(|| Fail::invalid(format!("_count: 0 to {MAX_COUNT}"))),
        }
    }

    /// The time range of a date parameter: each value is `[eq|ge|gt|le|lt]` and a date
    /// (`YYYY-MM-DD`, a local day) or an instant (RFC 3339).
    fn range(&self, name: &str, off: time::UtcOffset) -> Result<(Option<i64>, Option<i64>), Fail> {
        let (mut from, mut until): (Option<i64>, Option<i64>) = (None, None);
        for raw in self.all(name) {
            let raw = raw.trim();
            let (prefix, value) = match raw.get(..2) {
                Some(p @ ("eq" | "ge" | "gt" | "le" | "lt")) => (p, &raw[2..]),
                _ => ("eq", raw),
            };
            let (start, end) =
                interval(value, off).ok_or_else(|| Fail::invalid(format!("{name}: not a date: {raw}")))?;
            let (lo, hi) = match prefix {
                "ge" => (Some(start), None),
                "gt" => (Some(end), None),
                "le" => (None, Some(end - 1)),
                "lt" => (None, Some(start - 1)),
                _ => (Some(start), Some(end - 1)),
            };
            from = from.max(lo);
            until = match (until, hi) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok((from, until))
    }
}

/// `[start, end)` of a day (local) or an instant.
fn interval(value: &str, off: time::UtcOffset) -> Option<(i64, i64)> {
    if let Some(d) = crate::calendar::parse_date(value) {
        let start = d.midnight().assume_offset(off).unix_timestamp();
        return Some((start, start + 86_400));
    }
    let t = time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339).ok()?;
    Some((t.unix_timestamp(), t.unix_timestamp() + 1))
}

// ---------------------------------------------------------------------------------------
// Handlers.

async fn metadata(State(state): State<AppState>) -> Response {
    let base = format!("{}/fhir/R4", state.base_url().trim_end_matches('/'));
    let param = |name: &str, kind: &str| json!({"name": name, "type": kind});
    let resource = |rtype: &str, params: Vec<Value>| {
        json!({
            "type": rtype,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": params,
        })
    };
    let body = json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-30",
        "publisher": "SatuPintu",
        "kind": "instance",
        "software": {"name": "SatuPintu", "version": env!("CARGO_PKG_VERSION")},
        "implementation": {"description": "SatuPintu telemedicine", "url": base},
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "documentation": "Practitioner, Schedule and Slot are public; Appointment, Encounter and MedicationRequest need a bearer token and show the caller's own only.",
            "security": {"service": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "OAuth"}], "text": "Bearer token from POST /api/v1/auth/login"}]},
            "resource": [
                resource("Practitioner", vec![param("_id", "token"), param("name", "string"), param("identifier", "token"), param("active", "token")]),
                resource("Schedule", vec![param("_id", "token"), param("actor", "reference"), param("active", "token")]),
                resource("Slot", vec![param("_id", "token"), param("schedule", "reference"), param("start", "date"), param("status", "token")]),
                resource("Appointment", vec![param("_id", "token"), param("patient", "reference"), param("practitioner", "reference"), param("date", "date"), param("status", "token")]),
                resource("Encounter", vec![param("_id", "token"), param("patient", "reference"), param("practitioner", "reference"), param("appointment", "reference"), param("date", "date"), param("status", "token")]),
                resource("MedicationRequest", vec![param("_id", "token"), param("patient", "reference"), param("encounter", "reference"), param("status", "token")]),
            ],
        }],
    });
    respond(StatusCode::OK, &body, false)
}

async fn read(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((rtype, id)): Path<(String, String)>,
) -> Result<Response, Fail> {
    let user = if is_public(&rtype) { None } else { Some(caller(&state, &headers).await?) };
    let params = Params(vec![("_id".into(), id)]);
    let found = find(&state, &rtype, user.as_ref(), &params).await?;
    let resource = found.into_iter().next().ok_or_else(|| Fail::not_found(&rtype))?;
    Ok(respond(StatusCode::OK, &resource, user.is_some()))
}

async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(rtype): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Fail> {
    let user = if is_public(&rtype) { None } else { Some(caller(&state, &headers).await?) };
    let params = Params::parse(query.as_deref())?;
    let count = params.count()?;
    let mut found = find(&state, &rtype, user.as_ref(), &params).await?;
    let total = found.len();
    found.truncate(count as usize);
    let base = format!("{}/fhir/R4", state.base_url().trim_end_matches('/'));
    let this = match query.as_deref().filter(|q| !q.is_empty()) {
        Some(q) => format!("{base}/{rtype}?{q}"),
        None => format!("{base}/{rtype}"),
    };
    let entries: Vec<Value> = found
        .into_iter()
        .map(|r| {
            let url = format!("{base}/{rtype}/{}", r["id"].as_str().unwrap_or(""));
            json!({"fullUrl": url, "resource": r, "search": {"mode": "match"}})
        })
        .collect();
    let body = json!({
        "resourceType": "Bundle",
        "id": crate::identity::random_token().replace('_', "-"),
        "type": "searchset",
        "total": total,
        "link": [{"relation": "self", "url": this}],
        "entry": entries,
    });
    Ok(respond(StatusCode::OK, &body, user.is_some()))
}

/// The resources of `rtype` matching `params` that the caller may see.
async fn find(state: &AppState, rtype: &str, user: Option<&CurrentUser>, params: &Params) -> Result<Vec<Value>, Fail> {
    let off = offset(state);
    let catalog = crate::catalog::service::snapshot(state).await?;
    let mut conn = state.db.conn().await?;
    match (rtype, user) {
        ("Practitioner", _) => {
            let id = params.number_ref("_id", "Practitioner").unwrap_or(Some(-1));
            let license = params.one("identifier").map(|v| v.rsplit('|').next().unwrap_or(v).to_string());
            let mut list = store::practitioners(&mut conn, id, params.one("name"), license.as_deref()).await?;
            if let Some(active) = params.one("active") {
                list.retain(|p| p.active.to_string() == active);
            }
            Ok(list.iter().map(practitioner).collect())
        }
        ("Schedule", _) => {
            let id = params.number_ref("_id", "Schedule").unwrap_or(Some(-1));
            let actor = params.number_ref("actor", "Practitioner")?;
            let mut list = store::practitioners(&mut conn, id.or(actor), None, None).await?;
            list.retain(|p| actor.is_none_or(|a| a == p.id));
            if let Some(active) = params.one("active") {
                list.retain(|p| p.active.to_string() == active);
            }
            let mut out = vec![];
            for p in list {
                let hours = store::hours_of(&mut conn, p.id).await?;
                out.push(schedule(&catalog, &p, &hours));
            }
            Ok(out)
        }
        ("Slot", _) => {
            let (from, until) = params.range("start", off)?;
            let status = params.one("status");
            if status.is_some_and(|s| !matches!(s, "free" | "busy" | "busy-unavailable")) {
                return Err(Fail::invalid("status: free, busy or busy-unavailable".into()));
            }
            let f = SlotFilter {
                id: params.number_ref("_id", "Slot").unwrap_or(Some(-1)),
                practitioner_id: params.number_ref("schedule", "Schedule")?,
                from,
                until,
                free_only: status == Some("free"),
                busy_only: matches!(status, Some("busy" | "busy-unavailable")),
                limit: MAX_COUNT,
            };
            let list = store::slots(&mut conn, &f).await?;
            Ok(list
                .iter()
                .map(|s| slot(&catalog, s, off))
                .filter(|v| status.is_none_or(|st| v["status"] == st))
                .collect())
        }
        ("Appointment" | "Encounter" | "MedicationRequest", Some(user)) => {
            drop(conn);
            clinical(state, &catalog, rtype, user, params, off).await
        }
        ("Appointment" | "Encounter" | "MedicationRequest", None) => {
            Err(Fail(StatusCode::UNAUTHORIZED, "login", "a bearer token is required".into()))
        }
        _ => Err(Fail(StatusCode::NOT_FOUND, "not-supported", format!("resource type {rtype} is not served"))),
    }
}

/// Appointments, encounters and medication requests of the caller's own consultations.
async fn clinical(
    state: &AppState,
    catalog: &Catalog,
    rtype: &str,
    user: &CurrentUser,
    params: &Params,
    off: time::UtcOffset,
) -> Result<Vec<Value>, Fail> {
    let (from, until) = params.range("date", off)?;
    let mut f = ConsultationFilter {
        party: user.id,
        patient_id: params.number_ref("patient", "Patient")?.or(params.number_ref("subject", "Patient")?),
        practitioner_id: params
            .number_ref("practitioner", "Practitioner")?
            .or(params.number_ref("participant", "Practitioner")?),
        from,
        until,
        limit: MAX_COUNT,
        ..Default::default()
    };
    // MedicationRequest ids are `{prescription code}-{n}`.
    let mut wanted_item: Option<(String, usize)> = None;
    match rtype {
        "MedicationRequest" => {
            if let Some(id) = params.one("_id") {
                let (rx, n) = id.rsplit_once('-').ok_or_else(|| Fail::not_found(rtype))?;
                let n = n.parse::<usize>().map_err(|_| Fail::not_found(rtype))?;
                let found = store::prescription_by_code(&mut *state.db.conn().await?, rx).await?;
                let rx = found.ok_or_else(|| Fail::not_found(rtype))?;
                wanted_item = Some((rx.code, n));
                f.code = Some(booking_code(state, rx.booking_id).await?);
            }
            if let Some(enc) = params.code_ref("encounter", "Encounter") {
                f.code = narrow(f.code.take(), enc);
            }
        }
        _ => {
            f.code = params.one("_id").map(str::to_string);
            if let Some(app) = params.code_ref("appointment", "Appointment") {
                f.code = narrow(f.code.take(), app);
            }
        }
    }
    let list = store::consultations(&mut *state.db.conn().await?, &f).await?;
    let status = params.one("status");
    let mut out = vec![];
    let mut read = vec![];
    for c in &list {
        let items: Vec<Value> = match rtype {
            "Appointment" => vec![appointment(catalog, c, off)],
            "Encounter" => vec![encounter(c, off)],
            _ => match store::prescription_of(&mut *state.db.conn().await?, c.booking_id).await? {
                Some(rx) => medication_requests(c, &rx, off)
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| wanted_item.as_ref().is_none_or(|(_, n)| *n == i + 1))
                    .map(|(_, v)| v)
                    .collect(),
                None => vec![],
            },
        };
        let items: Vec<Value> = items.into_iter().filter(|v| status.is_none_or(|s| v["status"] == s)).collect();
        if !items.is_empty() && c.patient_id != user.id {
            read.push((c.patient_id, c.code.clone()));
        }
        out.extend(items);
    }
    // The practitioner's reads are in the patient's log before the answer leaves.
    if !read.is_empty() {
        let now = crate::db::now();
        let mut conn = state.db.write_one().await?;
        for (patient, code) in read {
            store::log_access(&mut conn, patient, user.id, "fhir", &code, now).await?;
        }
    }
    Ok(out)
}

/// Both an id and a reference name a consultation: the one they agree on, or none (`-` is no code).
fn narrow(current: Option<String>, wanted: String) -> Option<String> {
    match current {
        Some(c) if c != wanted => Some("-".into()),
        _ => Some(wanted),
    }
}

async fn booking_code(state: &AppState, booking_id: i64) -> Result<String, Fail> {
    use sqlx::Row as _;
    let row = sqlx::query("SELECT code FROM bookings WHERE id = $1")
        .bind(booking_id)
        .fetch_one(&mut *state.db.conn().await?)
        .await?;
    Ok(row.try_get(0)?)
}
