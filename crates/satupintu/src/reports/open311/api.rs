//! The Open311 GeoReport v2 resources. Each handler splits the format off its last path segment,
//! builds its answer once as a [`V`] and writes it as the format asks; errors are the spec's
//! error list with the spec's status (400 for bad input, 403 for a missing or wrong API key,
//! 404 for what does not exist). GET answers may be read by any site (CORS `*`).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

use super::xml::V;
use super::{keys, store};
use crate::app::AppState;
use crate::db;
use crate::reports::model::{Category, Privacy};
use crate::reports::service::{self, default_agency, Guest, NewReport};
use crate::reports::store::Report;
use crate::web::{locales, AppError, Lang, T};

/// The specification these resources follow (the discovery document names it).
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// When this endpoint's behaviour last changed.
pub const CHANGESET: &str = "2026-11-29T00:00:00Z";
/// At most this many requests in one list, over at most this many days (the spec's defaults).
pub const MAX_REQUESTS: i64 = 1000;
pub const SPAN_DAYS: i64 = 90;
/// The spec's limit on a request's description.
pub const DESCRIPTION_MAX: usize = 4000;

/// Report states that are `open` in Open311 terms (a resolved report can still be reopened by
/// its reporter); the others (`closed`, `rejected`, `duplicate`) are `closed`.
const OPEN_STATES: [&str; 5] = ["received", "verified", "dispatched", "in_progress", "resolved"];
const CLOSED_STATES: [&str; 3] = ["closed", "rejected", "duplicate"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

/// `requests.json` → `("requests", Json)`; none for another extension or none.
pub fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let format = match ext {
        "xml" => Format::Xml,
        "json" => Format::Json,
        _ => return None,
    };
    (!name.is_empty()).then_some((name, format))
}

/// An error as the spec has it: the HTTP status and one description per problem.
#[derive(Debug)]
pub struct Failure {
    status: StatusCode,
    descriptions: Vec<String>,
}

impl Failure {
    fn new(status: StatusCode, description: impl Into<String>) -> Failure {
        Failure { status, descriptions: vec![description.into()] }
    }

    fn bad(description: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, description)
    }

    fn not_found(description: impl Into<String>) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, description)
    }

    /// The HTTP status it is answered with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// One description per problem.
    pub fn descriptions(&self) -> &[String] {
        &self.descriptions
    }
}

/// The Open311 name of a field the report rules complain about.
fn open311_field(field: &str) -> &str {
    match field {
        "category" => "service_code",
        "lat" | "lon" => "lat/long",
        "address" => "address_string",
        "privacy" => "attribute[privacy]",
        "region_code" => "attribute[region_code]",
        "name" => "first_name/last_name",
        other => other,
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        let en = |key: &str| locales().msg(Lang::En, key, None);
        match e {
            AppError::NotFound => Failure::not_found("not found"),
            AppError::Validation(fields) => Failure {
                status: StatusCode::BAD_REQUEST,
                descriptions: fields.iter().map(|f| format!("{}: {}", open311_field(&f.field), en(f.key))).collect(),
            },
            AppError::BadRequest { key, .. } | AppError::Conflict { key } => Failure::bad(en(key)),
            AppError::Forbidden | AppError::Refused { .. } => {
                Failure::new(StatusCode::FORBIDDEN, en("error-forbidden"))
            }
            AppError::TooLarge => Failure::bad(en("error-too-large")),
            e => {
                tracing::error!(error = %e, "open311: request failed");
                Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error; please try again later")
            }
        }
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Failure {
        AppError::from(e).into()
    }
}

type Outcome = Result<(&'static str, V), Failure>;

/// Write `outcome` in `format`: the answer under its root element, or the spec's error list.
fn answer(format: Format, cors: bool, outcome: Outcome) -> Response {
    let (status, root, body) = match outcome {
        Ok((root, body)) => (StatusCode::OK, root, body),
        Err(f) => {
            let code = i64::from(f.status.as_u16());
            let errors = f
                .descriptions
                .into_iter()
                .map(|d| V::Obj(vec![("code", V::Int(code)), ("description", V::Str(d))]))
                .collect();
            (f.status, "errors", V::List("error", errors))
        }
    };
    let (content_type, text) = match format {
        Format::Json => ("application/json; charset=utf-8", body.to_json().to_string()),
        Format::Xml => ("text/xml; charset=utf-8", body.to_xml(root)),
    };
    let mut resp = (status, [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], text).into_response();
    if cors {
        resp.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    }
    resp
}

/// A resource that does not exist, or a format that is not offered: 404 in XML, the format
/// every Open311 server must speak.
fn no_such_resource(cors: bool) -> Response {
    answer(Format::Xml, cors, Err(Failure::not_found("no such resource (resources end in .xml or .json)")))
}

/// Texts for people (service names, notices) follow `Accept-Language`; Indonesian by default.
fn lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Where links point: the configured public URL, or else the host the client asked for.
pub(crate) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.config.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).filter(|h| {
        !h.is_empty() && h.len() <= 255 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    });
    host.map(|h| format!("http://{h}")).unwrap_or_else(|| state.base_url())
}

fn t(lang: Lang) -> T<'static> {
    T { locales: locales(), lang }
}

/// Query or form parameters. "Optional" in the spec means an empty value is no value.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: &[u8]) -> Result<Params, Failure> {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(raw)
            .map(Params)
            .map_err(|_| Failure::bad("the parameters could not be read (URL-encoded UTF-8 expected)"))
    }

    fn one(&self, key: &str) -> Option<&str> {
        self.0.iter().map(|(k, v)| (k, v.trim())).find(|(k, v)| k.as_str() == key && !v.is_empty()).map(|(_, v)| v)
    }

    /// Every value of `key`, declared several times or comma-separated.
    fn list(&self, key: &str) -> Vec<String> {
        let mut out: Vec<String> = vec![];
        for (_, v) in self.0.iter().filter(|(k, _)| k == key) {
            for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if !out.iter().any(|o| o == item) {
                    out.push(item.to_string());
                }
            }
        }
        out
    }

    /// `attribute[code]` (or `attribute[code][]`).
    fn attribute(&self, code: &str) -> Option<&str> {
        self.one(&format!("attribute[{code}]")).or_else(|| self.one(&format!("attribute[{code}][]")))
    }
}

fn offset(state: &AppState) -> UtcOffset {
    UtcOffset::from_hms(state.config.utc_offset_hours().unwrap_or(7), 0, 0).unwrap_or(UtcOffset::UTC)
}

/// A moment as the W3C profile of ISO 8601 with the agency's offset: `2026-03-01T09:30:00+07:00`.
pub fn w3c(unix: i64, offset: UtcOffset) -> String {
    let at = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH).to_offset(offset);
    at.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
    ))
    .unwrap_or_default()
}

/// A W3C date-time with its time zone (`2026-01-01T00:00:00Z`, `...+07:00`, with or without
/// seconds), or a date alone, taken in the agency's zone from the start of the day (or to its
/// end, for `end_of_day`). A `+` sent unencoded arrives as a space and is read as `+`.
pub fn parse_w3c(text: &str, offset: UtcOffset, end_of_day: bool) -> Option<i64> {
    let mut s = text.trim().to_string();
    if let Some(i) = s.rfind(' ').filter(|i| *i > 10) {
        s.replace_range(i..i + 1, "+");
    }
    if let Ok(t) = OffsetDateTime::parse(&s, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    let s2 = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')).map(|p| format!("{p}+00:00")).unwrap_or(s.clone());
    let minutes =
        format_description!("[year]-[month]-[day]T[hour]:[minute][offset_hour sign:mandatory]:[offset_minute]");
    if let Ok(t) = OffsetDateTime::parse(&s2, minutes) {
        return Some(t.unix_timestamp());
    }
    let day = Date::parse(&s, format_description!("[year]-[month]-[day]")).ok()?;
    let at = if end_of_day { day.with_hms(23, 59, 59).ok()? } else { day.midnight() };
    Some(at.assume_offset(offset).unix_timestamp())
}

/// The end of a due date (`YYYY-MM-DD`, the agency's local date).
fn end_of(date: &str, offset: UtcOffset) -> Option<String> {
    let day = Date::parse(date, format_description!("[year]-[month]-[day]")).ok()?;
    Some(w3c(day.with_hms(23, 59, 59).ok()?.assume_offset(offset).unix_timestamp(), offset))
}

/// The cluster a category belongs to (`open311-group-*`).
fn group(c: Category) -> &'static str {
    match c {
        Category::Jalan
        | Category::DrainaseBanjir
        | Category::PeneranganJalan
        | Category::AirBersih
        | Category::FasilitasUmum => "infrastruktur",
        Category::Sampah | Category::Pencemaran => "lingkungan",
        Category::PelayananPetugas | Category::Pungli => "pelayanan",
        Category::Lainnya => "lainnya",
    }
}

/// Words people use for a category (as they write them), for clients that search services.
fn keywords(c: Category) -> &'static str {
    match c {
        Category::Jalan => "jalan rusak, jalan berlubang, aspal, trotoar, jembatan",
        Category::Sampah => "sampah, tps, kebersihan, buang sampah sembarangan",
        Category::DrainaseBanjir => "banjir, got, selokan, drainase, genangan",
        Category::PeneranganJalan => "lampu jalan, pju, penerangan, gelap",
        Category::AirBersih => "pdam, air bersih, air keruh, air mati",
        Category::Pencemaran => "pencemaran, limbah, asap, bau, bising",
        Category::FasilitasUmum => "taman, toilet umum, pasar, halte, gedung publik",
        Category::PelayananPetugas => "petugas, pelayanan, antrean, sikap petugas",
        Category::Pungli => "pungli, pungutan liar, suap, calo",
        Category::Lainnya => "lainnya, umum",
    }
}

/// What the sender can expect: the category's time limits in working days.
fn service_notice(state: &AppState, lang: Lang, c: Category) -> String {
    let sla = state.config.reports_sla.get(c.as_str()).copied().unwrap_or_default();
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("dispatch", sla.dispatch_days);
    args.set("response", sla.response_days);
    locales().msg(lang, "open311-service-notice", Some(&args))
}

async fn agency_name(state: &AppState, lang: Lang, id: &str) -> Result<Option<String>, Failure> {
    if id.is_empty() {
        return Ok(None);
    }
    Ok(crate::catalog::service::agency(state, id).await?.map(|a| a.name.get(lang).to_string()))
}

/// `GET /open311/v2/{discovery,services,requests}.{format}`.
pub async fn resource(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some((name, format)) = split(&file) else { return no_such_resource(true) };
    let (lang, base) = (lang(&headers), base_url(&state, &headers));
    let outcome = match name {
        "discovery" => discovery(&state, lang, &base).await,
        "services" => services(&state, lang).await,
        "requests" => requests(&state, lang, &base, query.as_deref().unwrap_or("")).await,
        _ => Err(Failure::not_found("no such resource")),
    };
    answer(format, true, outcome)
}

async fn discovery(state: &AppState, lang: Lang, base: &str) -> Outcome {
    let contact = match crate::catalog::service::agency(state, &state.config.reports_coordinator).await? {
        Some(a) => {
            let c = &a.contact;
            [Some(a.name.get(lang).to_string()), c.email.clone(), c.phone.clone(), c.website.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        }
        None => base.to_string(),
    };
    let endpoint = V::Obj(vec![
        ("specification", V::str(SPECIFICATION)),
        ("url", V::str(format!("{base}/open311/v2"))),
        ("changeset", V::str(CHANGESET)),
        ("type", V::str("production")),
        ("formats", V::List("format", vec![V::str("text/xml"), V::str("application/json")])),
    ]);
    let doc = V::Obj(vec![
        ("changeset", V::str(CHANGESET)),
        ("contact", V::str(contact.clone())),
        ("key_service", V::str(t(lang).t1("open311-key-service", "contact", &contact))),
        ("endpoints", V::List("endpoint", vec![endpoint])),
    ]);
    Ok(("discovery", doc))
}

async fn services(state: &AppState, lang: Lang) -> Outcome {
    let t = t(lang);
    let mut out = vec![];
    for c in Category::ALL {
        let description = match agency_name(state, lang, default_agency(c)).await? {
            Some(agency) => t.t1("open311-service-description", "agency", agency),
            None => t.t("open311-service-description-coordinator"),
        };
        out.push(V::Obj(vec![
            ("service_code", V::str(c.as_str())),
            ("service_name", V::str(t.t(&c.message_key()))),
            ("description", V::str(description)),
            // The privacy level and region code of the service definition (both optional).
            ("metadata", V::Bool(true)),
            ("type", V::str("realtime")),
            ("keywords", V::str(keywords(c))),
            ("group", V::str(t.t(&format!("open311-group-{}", group(c))))),
        ]));
    }
    Ok(("services", V::List("service", out)))
}

/// `GET /open311/v2/services/{service_code}.{format}`: the attributes a request may carry.
pub async fn service_definition(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some((code, format)) = split(&file) else { return no_such_resource(true) };
    let outcome = match Category::parse(code) {
        Some(c) => Ok(("service_definition", definition(c, lang(&headers)))),
        None => Err(Failure::not_found(format!("service_code {code} was not found"))),
    };
    answer(format, true, outcome)
}

fn definition(c: Category, lang: Lang) -> V {
    let t = t(lang);
    let privacy_values = Privacy::ALL
        .iter()
        .map(|p| V::Obj(vec![("key", V::str(p.as_str())), ("name", V::str(t.t(&p.message_key())))]))
        .collect();
    let privacy = V::Obj(vec![
        ("variable", V::Bool(true)),
        ("code", V::str("privacy")),
        ("datatype", V::str("singlevaluelist")),
        ("required", V::Bool(false)),
        ("datatype_description", V::str(t.t("open311-privacy-datatype"))),
        ("order", V::Int(1)),
        ("description", V::str(t.t("open311-privacy-description"))),
        ("values", V::List("value", privacy_values)),
    ]);
    let region = V::Obj(vec![
        ("variable", V::Bool(true)),
        ("code", V::str("region_code")),
        ("datatype", V::str("string")),
        ("required", V::Bool(false)),
        ("datatype_description", V::str(t.t("open311-region-datatype"))),
        ("order", V::Int(2)),
        ("description", V::str(t.t("open311-region-description"))),
    ]);
    V::Obj(vec![("service_code", V::str(c.as_str())), ("attributes", V::List("attribute", vec![privacy, region]))])
}

/// `GET /open311/v2/requests.{format}`: public reports, by ids, or by service, status and
/// date (by default the last 90 days, at most 1000, newest first).
async fn requests(state: &AppState, lang: Lang, base: &str, query: &str) -> Outcome {
    let p = Params::parse(query.as_bytes())?;
    let ids = p.list("service_request_id");
    let reports = if !ids.is_empty() {
        // The ids asked for override every other parameter.
        if ids.len() as i64 > MAX_REQUESTS {
            return Err(Failure::bad(format!("at most {MAX_REQUESTS} service_request_id at once")));
        }
        let mut found = store::public_by_codes(&mut *state.db.conn().await?, &ids).await?;
        found.sort_by_key(|r| ids.iter().position(|c| *c == r.code));
        found
    } else {
        let (categories, states, window) = filters(&p, offset(state), db::now())?;
        store::public_requests(&mut *state.db.conn().await?, &categories, &states, window, MAX_REQUESTS).await?
    };
    Ok(("service_requests", V::List("request", render(state, lang, base, &reports).await?)))
}

/// The list filters: service codes, report states and the time window (unix seconds).
type Filters = (Vec<String>, Vec<&'static str>, (i64, i64));

fn filters(p: &Params, offset: UtcOffset, now: i64) -> Result<Filters, Failure> {
    let mut errors = vec![];
    let categories = p.list("service_code");
    for c in categories.iter().filter(|c| Category::parse(c).is_none()) {
        errors.push(format!("service_code {c} is not a known service"));
    }
    let mut states: Vec<&'static str> = vec![];
    for s in p.list("status") {
        match s.as_str() {
            "open" => states.extend(OPEN_STATES),
            "closed" => states.extend(CLOSED_STATES),
            other => errors.push(format!("status {other} is not open or closed")),
        }
    }
    let mut date = |key: &str, end: bool| match p.one(key) {
        None => None,
        Some(text) => {
            let parsed = parse_w3c(text, offset, end);
            if parsed.is_none() {
                errors.push(format!(
                    "{key} must be a W3C date and time with its time zone, e.g. 2026-01-31T00:00:00+07:00"
                ));
            }
            parsed
        }
    };
    let (start, end) = (date("start_date", false), date("end_date", true));
    let span = SPAN_DAYS * 86_400;
    let window = match (start, end) {
        (None, None) => (now - span, now),
        (Some(s), None) => (s, s.saturating_add(span)),
        (None, Some(e)) => (e.saturating_sub(span), e),
        (Some(s), Some(e)) => {
            if e < s {
                errors.push("end_date is before start_date".to_string());
            } else if e - s > span {
                errors.push(format!("start_date to end_date may not span more than {SPAN_DAYS} days"));
            }
            (s, e)
        }
    };
    match errors.is_empty() {
        true => Ok((categories, states, window)),
        false => Err(Failure { status: StatusCode::BAD_REQUEST, descriptions: errors }),
    }
}

/// Public reports as Open311 service requests. Nothing about who reported them is part of it.
async fn render(state: &AppState, lang: Lang, base: &str, reports: &[Report]) -> Result<Vec<V>, Failure> {
    let ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
    let extras = store::extras(&mut *state.db.conn().await?, &ids).await?;
    let (offset, t) = (offset(state), t(lang));
    let mut agencies: HashMap<String, Option<String>> = HashMap::new();
    let mut out = Vec::with_capacity(reports.len());
    for r in reports {
        let category = Category::parse(&r.category).unwrap_or(Category::Lainnya);
        // Before dispatch, the coordinator is the agency handling it.
        let agency_id = r.agency_id.clone().unwrap_or_else(|| state.config.reports_coordinator.clone());
        let agency = match agencies.get(&agency_id) {
            Some(name) => name.clone(),
            None => {
                let name = agency_name(state, lang, &agency_id).await?;
                agencies.insert(agency_id, name.clone());
                name
            }
        };
        let closed = CLOSED_STATES.contains(&r.status.as_str());
        let expected = match r.status.as_str() {
            "dispatched" | "in_progress" => r.response_due.as_deref().and_then(|d| end_of(d, offset)),
            _ => None,
        };
        let media = match extras.photos.get(&r.id) {
            Some(n) => Some(format!("{base}/api/v1/reports/{}/photos/{n}", r.code)),
            None => extras.media.get(&r.id).cloned(),
        };
        let coordinate = |v: Option<f64>| v.map(V::Num).unwrap_or(V::Null);
        out.push(V::Obj(vec![
            ("service_request_id", V::str(&r.code)),
            ("status", V::str(if closed { "closed" } else { "open" })),
            ("status_notes", V::opt(extras.notes.get(&r.id).cloned())),
            ("service_name", V::str(t.t(&category.message_key()))),
            ("service_code", V::str(&r.category)),
            ("description", V::str(r.description.chars().take(DESCRIPTION_MAX).collect::<String>())),
            ("agency_responsible", V::opt(agency)),
            ("service_notice", V::str(service_notice(state, lang, category))),
            ("requested_datetime", V::str(w3c(r.created_at, offset))),
            ("updated_datetime", V::str(w3c(r.updated_at, offset))),
            ("expected_datetime", V::opt(expected)),
            ("address", V::opt(r.address.clone())),
            ("address_id", V::Null),
            ("zipcode", V::Null),
            ("lat", coordinate(r.lat)),
            ("long", coordinate(r.lon)),
            ("media_url", V::opt(media)),
        ]));
    }
    Ok(out)
}

/// The public report `code`, if the public may see it (decided by the report's own rules).
async fn public_report(state: &AppState, code: &str, what: &str) -> Result<Report, Failure> {
    let not_found = || Failure::not_found(format!("{what} {code} was not found"));
    match service::view(state, None, code).await {
        Ok(_) => {}
        Err(AppError::NotFound) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    }
    let found = store::public_by_codes(&mut *state.db.conn().await?, &[code.to_string()]).await?;
    found.into_iter().next().ok_or_else(not_found)
}

/// `GET /open311/v2/requests/{service_request_id}.{format}`.
pub async fn request(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some((code, format)) = split(&file) else { return no_such_resource(true) };
    let (lang, base) = (lang(&headers), base_url(&state, &headers));
    let outcome = async {
        let r = public_report(&state, code, "service_request_id").await?;
        Ok(("service_requests", V::List("request", render(&state, lang, &base, &[r]).await?)))
    };
    answer(format, true, outcome.await)
}

/// `GET /open311/v2/tokens/{token}.{format}`. Requests get their id at once (services are
/// `realtime`), so a token is the request's id itself.
pub async fn token(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((token, format)) = split(&file) else { return no_such_resource(true) };
    let outcome = async {
        let r = public_report(&state, token, "token").await?;
        let item = V::Obj(vec![("service_request_id", V::str(&r.code)), ("token", V::str(token))]);
        Ok(("service_requests", V::List("request", vec![item])))
    };
    answer(format, true, outcome.await)
}

/// `POST /open311/v2/requests.{format}`: a new report from an Open311 client holding an API key,
/// sent by someone without an account (form-encoded, as the spec has it).
pub async fn create(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some((name, format)) = split(&file) else { return no_such_resource(false) };
    if name != "requests" {
        return answer(format, false, Err(Failure::not_found("no such resource")));
    }
    answer(format, false, create_request(&state, lang(&headers), query.as_deref().unwrap_or(""), &body).await)
}

/// A `POST /open311/v2/requests` form, read but not yet acted on: [`CreateForm::api_key`] and
/// [`CreateForm::report`] check it without any I/O (the fuzz target `open311_form` drives them),
/// in the order the handler answers: the key first (403), then the service code (400, 404),
/// then every other problem together (400).
pub struct CreateForm(Params);

/// A new report as an Open311 client sent it, checked: its category, who sent it, the report.
pub struct CreateReport {
    pub category: Category,
    pub guest: Guest,
    pub input: NewReport,
}

impl CreateForm {
    /// The form body and the query string (the spec's own Swagger puts the parameters there);
    /// the body's come first.
    pub fn parse(query: &str, body: &[u8]) -> Result<CreateForm, Failure> {
        let mut p = Params::parse(body)?;
        p.0.extend(Params::parse(query.as_bytes())?.0);
        Ok(CreateForm(p))
    }

    /// The API key, or 403 when there is none.
    pub fn api_key(&self) -> Result<&str, Failure> {
        self.0.one("api_key").ok_or_else(|| {
            Failure::new(StatusCode::FORBIDDEN, "api_key is missing: creating a request needs an API key")
        })
    }

    /// The report: the service code (400 without one, 404 for an unknown one), then every other
    /// problem at once (400).
    pub fn report(&self) -> Result<CreateReport, Failure> {
        let p = &self.0;
        let code = p.one("service_code").ok_or_else(|| Failure::bad("service_code was not provided"))?;
        let category =
            Category::parse(code).ok_or_else(|| Failure::not_found(format!("service_code {code} was not found")))?;

        let mut errors: Vec<String> = vec![];
        let (lat, lon) = match (p.one("lat"), p.one("long")) {
            (None, None) => (None, None),
            (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
                (Ok(a), Ok(b)) if a.is_finite() && b.is_finite() => (Some(a), Some(b)),
                _ => {
                    errors.push("lat/long: both must be decimal degrees (WGS 84)".into());
                    (None, None)
                }
            },
            _ => {
                errors.push("lat/long: lat and long must be sent together".into());
                (None, None)
            }
        };
        let address = p.one("address_string").map(str::to_string);
        let region = p.attribute("region_code").map(str::to_string);
        if errors.is_empty() && lat.is_none() {
            match (&address, &region) {
                (None, _) if p.one("address_id").is_some() => {
                    errors.push("address_id is not supported: send lat and long, or address_string".into())
                }
                (None, _) => errors.push("a location is required: lat and long, or address_string".into()),
                (Some(_), None) => errors.push(
                    "address_string without lat and long needs attribute[region_code] (a regency or district code)"
                        .into(),
                ),
                (Some(_), Some(_)) => {}
            }
        }
        let description = p.one("description").map(str::to_string);
        if description.as_ref().is_some_and(|d| d.chars().count() > DESCRIPTION_MAX) {
            errors.push(format!("description: at most {DESCRIPTION_MAX} characters"));
        }
        // Sent without an account, a report is public but its sender is not, unless they say otherwise.
        let privacy = p.attribute("privacy").unwrap_or(Privacy::Anonymous.as_str());
        if Privacy::parse(privacy).is_none() {
            errors.push("attribute[privacy]: one of public, anonymous, confidential".into());
        }
        if !errors.is_empty() {
            return Err(Failure { status: StatusCode::BAD_REQUEST, descriptions: errors });
        }

        let name = [p.one("first_name"), p.one("last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
        let guest = Guest {
            name: Some(name).filter(|n| !n.is_empty()),
            email: p.one("email").map(str::to_string),
            phone: p.one("phone").map(str::to_string),
            media_url: p.one("media_url").map(str::to_string),
            photos: vec![],
        };
        let input = NewReport {
            category: Some(category.as_str().to_string()),
            description,
            lat,
            lon,
            privacy: Some(privacy.to_string()),
            photos: vec![],
            region_code: region,
            address,
        };
        Ok(CreateReport { category, guest, input })
    }
}

async fn create_request(state: &AppState, lang: Lang, query: &str, body: &[u8]) -> Outcome {
    let form = CreateForm::parse(query, body)?;
    let key = form.api_key()?;
    let client = keys::check(state, key)
        .await?
        .ok_or_else(|| Failure::new(StatusCode::FORBIDDEN, "api_key is invalid or revoked"))?;
    let CreateReport { category, guest, input } = form.report()?;
    let report = service::create_without_account(state, guest, input).await?;
    tracing::info!(api_key_id = client.id, category = category.as_str(), "open311: request created");
    let item = V::Obj(vec![
        ("service_request_id", V::str(report.code)),
        ("service_notice", V::str(service_notice(state, lang, category))),
        // No `account_id`: the sender has none (the spec lets it be left out).
    ]);
    Ok(("service_requests", V::List("request", vec![item])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_the_extension_and_nothing_else() {
        assert_eq!(split("requests.json"), Some(("requests", Format::Json)));
        assert_eq!(split("LP-2026-000001.xml"), Some(("LP-2026-000001", Format::Xml)));
        assert_eq!(split("requests.html"), None);
        assert_eq!(split("requests"), None);
        assert_eq!(split(".json"), None);
    }

    #[test]
    fn dates_are_w3c_with_a_time_zone() {
        let wib = UtcOffset::from_hms(7, 0, 0).expect("offset");
        assert_eq!(w3c(0, wib), "1970-01-01T07:00:00+07:00");
        let utc = parse_w3c("2026-01-01T00:00:00Z", wib, false);
        assert_eq!(utc, Some(1_767_225_600));
        assert_eq!(parse_w3c("2026-01-01T07:00:00+07:00", wib, false), utc);
        assert_eq!(parse_w3c("2026-01-01T07:00:00 07:00", wib, false), utc, "an unencoded +");
        assert_eq!(parse_w3c("2026-01-01T07:00+07:00", wib, false), utc);
        assert_eq!(parse_w3c("2026-01-01T00:00Z", wib, false), utc);
        assert_eq!(parse_w3c("2026-01-01", wib, false), Some(1_767_225_600 - 7 * 3600));
        assert_eq!(parse_w3c("2026-01-01", wib, true), Some(1_767_225_600 - 7 * 3600 + 86_399));
        for bad in ["2026-01-01T00:00:00", "yesterday", "2026-13-01T00:00:00Z", "", "1767225600"] {
            assert_eq!(parse_w3c(bad, wib, false), None, "{bad}");
        }
        assert_eq!(end_of("2026-03-02", wib).as_deref(), Some("2026-03-02T23:59:59+07:00"));
    }

    #[test]
    fn list_filters_follow_the_spec_defaults_and_refuse_bad_input() {
        let wib = UtcOffset::from_hms(7, 0, 0).expect("offset");
        let now = 1_767_225_600;
        let p = |q: &str| Params::parse(q.as_bytes()).expect("params");
        let (c, s, w) = filters(&p(""), wib, now).expect("defaults");
        assert!(c.is_empty() && s.is_empty());
        assert_eq!(w, (now - 90 * 86_400, now));
        let (c, s, _) =
            filters(&p("service_code=jalan,sampah&service_code=jalan&status=closed"), wib, now).expect("ok");
        assert_eq!(c, ["jalan", "sampah"]);
        assert_eq!(s, CLOSED_STATES);
        for bad in [
            "service_code=jalan,teleportasi",
            "status=pending",
            "start_date=kemarin",
            "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
            "start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
        ] {
            let e = filters(&p(bad), wib, now).expect_err(bad);
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{bad}");
        }
    }
}
