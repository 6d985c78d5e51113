//! The CKAN Action API at `/api/3/action/<name>` (also `/api/action/<name>`, as CKAN), for the tools that already speak to CKAN
//! portals (ckanapi, data.go.id-style harvesters): read-only actions on datasets
//! (packages), organizations (publishers), groups (themes) and resources. GET with query
//! parameters or POST with a JSON body; CKAN's `{help, success, result}` envelope and its error
//! form. Outside `/api/v1` and its OpenAPI document: it follows CKAN.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::model::{self, THEMES};
use super::service::{self, Query, Sort};
use super::store::{Dataset, Resource};
use crate::app::AppState;
use crate::catalog::service::Snapshot;
use crate::web::{AppError, Lang};

/// The actions served.
pub const ACTIONS: &[&str] = &[
    "package_list",
    "package_show",
    "package_search",
    "current_package_list_with_resources",
    "organization_list",
    "organization_show",
    "group_list",
    "group_show",
    "tag_list",
    "resource_show",
    "status_show",
];

/// Every route, for the authorization matrix: each action by GET and POST.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/3/action/package_list"),
    ("POST", "/api/3/action/package_list"),
    ("GET", "/api/3/action/package_show"),
    ("POST", "/api/3/action/package_show"),
    ("GET", "/api/3/action/package_search"),
    ("POST", "/api/3/action/package_search"),
    ("GET", "/api/3/action/current_package_list_with_resources"),
    ("POST", "/api/3/action/current_package_list_with_resources"),
    ("GET", "/api/3/action/organization_list"),
    ("POST", "/api/3/action/organization_list"),
    ("GET", "/api/3/action/organization_show"),
    ("POST", "/api/3/action/organization_show"),
    ("GET", "/api/3/action/group_list"),
    ("POST", "/api/3/action/group_list"),
    ("GET", "/api/3/action/group_show"),
    ("POST", "/api/3/action/group_show"),
    ("GET", "/api/3/action/tag_list"),
    ("POST", "/api/3/action/tag_list"),
    ("GET", "/api/3/action/resource_show"),
    ("POST", "/api/3/action/resource_show"),
    ("GET", "/api/3/action/status_show"),
    ("POST", "/api/3/action/status_show"),
    // CKAN also answers without the version, and ckanapi calls that address.
    ("GET", "/api/action/{action}"),
    ("POST", "/api/action/{action}"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/3/action/{action}", get(action_get).post(action_post))
        .route("/api/action/{action}", get(action_get).post(action_post))
}

/// A failed action: CKAN's `__type`, its HTTP status and the message.
struct Fail(StatusCode, &'static str, Value);

impl Fail {
    fn not_found(what: &str) -> Fail {
        Fail(StatusCode::NOT_FOUND, "Not Found Error", json!(format!("Not found: {what}")))
    }
    fn missing(field: &str) -> Fail {
        Fail(StatusCode::CONFLICT, "Validation Error", json!({ field: ["Missing value"] }))
    }
    fn invalid(field: &str, msg: &str) -> Fail {
        Fail(StatusCode::CONFLICT, "Validation Error", json!({ field: [msg] }))
    }
}

impl From<AppError> for Fail {
    fn from(e: AppError) -> Fail {
        tracing::error!(error = %e, "ckan api");
        Fail(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error", json!("Internal error"))
    }
}

type Params = BTreeMap<String, Value>;

async fn action_get(
    State(state): State<AppState>,
    Path(action): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let params: Params = serde_urlencoded::from_str::<Vec<(String, String)>>(query.as_deref().unwrap_or(""))
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    answer(&state, &headers, &action, Ok(params)).await
}

async fn action_post(
    State(state): State<AppState>,
    Path(action): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let params = if body.iter().all(u8::is_ascii_whitespace) {
        Ok(Params::new())
    } else if is_form {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
            .map(|v| v.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
            .map_err(|_| ())
    } else {
        serde_json::from_slice::<Params>(&body).map_err(|_| ())
    };
    answer(&state, &headers, &action, params).await
}

async fn answer(state: &AppState, headers: &HeaderMap, action: &str, params: Result<Params, ()>) -> Response {
    let base = crate::reports::open311::api::base_url(state, headers);
    let help = format!("{base}/api/3/action/help_show?name={}", if ACTIONS.contains(&action) { action } else { "" });
    let (status, body) = if !ACTIONS.contains(&action) {
        (
            StatusCode::BAD_REQUEST,
            json!({"help": help, "success": false,
                   "error": {"__type": "Bad Request", "message": format!("Bad request - Action name not known: {action}")}}),
        )
    } else {
        match params {
            Err(()) => (
                StatusCode::BAD_REQUEST,
                json!({"help": help, "success": false,
                       "error": {"__type": "Bad Request", "message": "Bad request - JSON Error: could not read the request body"}}),
            ),
            Ok(p) => match run(state, &base, action, &p).await {
                Ok(result) => (StatusCode::OK, json!({"help": help, "success": true, "result": result})),
                Err(Fail(status, kind, message)) => {
                    let mut error = match message {
                        Value::Object(fields) => Value::Object(fields),
                        m => json!({ "message": m }),
                    };
                    error["__type"] = json!(kind);
                    (status, json!({"help": help, "success": false, "error": error}))
                }
            },
        }
    };
    let mut resp = (status, axum::Json(body)).into_response();
    resp.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    resp
}

fn text(p: &Params, key: &str) -> Option<String> {
    match p.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn int(p: &Params, key: &str, default: usize, max: usize) -> Result<usize, Fail> {
    match text(p, key) {
        None => Ok(default),
        Some(s) => s.trim().parse::<usize>().map(|n| n.min(max)).map_err(|_| Fail::invalid(key, "Invalid integer")),
    }
}

fn flag(p: &Params, key: &str) -> bool {
    text(p, key).is_some_and(|s| matches!(s.to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
}

fn required(p: &Params, key: &str) -> Result<String, Fail> {
    text(p, key).filter(|s| !s.trim().is_empty()).ok_or_else(|| Fail::missing(key))
}

async fn run(state: &AppState, base: &str, action: &str, p: &Params) -> Result<Value, Fail> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let all = service::datasets(state).await?;
    let dicts = Dicts { base, snap: &snap };
    let (offset, limit) = (int(p, "offset", 0, usize::MAX)?, int(p, "limit", usize::MAX, usize::MAX)?);
    Ok(match action {
        "package_list" => json!(page(&sorted_names(&all), offset, limit)),
        "current_package_list_with_resources" => {
            json!(all.iter().skip(offset).take(limit.min(1000)).map(|d| dicts.package(d)).collect::<Vec<_>>())
        }
        "package_show" => {
            let id = required(p, "id")?;
            let d = all.iter().find(|d| d.id == id || d.meta.name == id).ok_or_else(|| Fail::not_found("Dataset"))?;
            dicts.package(d)
        }
        "package_search" => {
            // Words, and Solr-style `field:value` terms in `q` as filters (`q=tags:jalan`).
            let mut q = Query::default();
            let mut words = vec![];
            for term in text(p, "q").unwrap_or_default().split_whitespace() {
                if term == "*:*" || !term.contains(':') || !q.add_fq(term) {
                    words.push(term.to_string());
                }
            }
            q.q = format!("{} {}", q.q, words.join(" "));
            if let Some(fq) = text(p, "fq") {
                if !q.add_fq(&fq) {
                    return Err(Fail(StatusCode::CONFLICT, "Search Query Error", json!(format!("Invalid fq: {fq}"))));
                }
            }
            if let Some(s) = text(p, "sort") {
                q.sort = Sort::parse(&s).ok_or_else(|| {
                    Fail(StatusCode::CONFLICT, "Search Query Error", json!(format!("Invalid sort: {s}")))
                })?;
            }
            let (rows, start) = (int(p, "rows", 10, 1000)?, int(p, "start", 0, usize::MAX)?);
            let found = q.run(&all, |id| service::publisher_title(&snap, id, Lang::Id));
            json!({
                "count": found.len(),
                "sort": text(p, "sort").unwrap_or_else(|| "score desc, metadata_modified desc".into()),
                "facets": {},
                "search_facets": {},
                "results": found.iter().skip(start).take(rows).map(|d| dicts.package(d)).collect::<Vec<_>>(),
            })
        }
        "organization_list" => {
            let orgs = organizations(&snap, &all);
            if flag(p, "all_fields") {
                json!(page(&orgs, offset, limit).iter().map(|o| dicts.organization(o, &all, false)).collect::<Vec<_>>())
            } else {
                json!(page(&orgs, offset, limit))
            }
        }
        "organization_show" => {
            let id = required(p, "id")?;
            if !organizations(&snap, &all).contains(&id) {
                return Err(Fail::not_found("Organization"));
            }
            dicts.organization(&id, &all, flag(p, "include_datasets"))
        }
        "group_list" => {
            let groups: Vec<String> = THEMES.iter().map(|t| t.to_string()).collect();
            if flag(p, "all_fields") {
                json!(page(&groups, offset, limit).iter().map(|g| dicts.group(g, &all, false)).collect::<Vec<_>>())
            } else {
                json!(page(&groups, offset, limit))
            }
        }
        "group_show" => {
            let id = required(p, "id")?;
            if !THEMES.contains(&id.as_str()) {
                return Err(Fail::not_found("Group"));
            }
            dicts.group(&id, &all, flag(p, "include_datasets"))
        }
        "tag_list" => {
            let mut tags: Vec<String> = all.iter().flat_map(|d| d.meta.keywords.iter().cloned()).collect();
            tags.sort();
            tags.dedup();
            json!(tags)
        }
        "resource_show" => {
            let id = required(p, "id")?;
            let (d, r) = all
                .iter()
                .find_map(|d| d.resources.iter().find(|r| r.id == id).map(|r| (d, r)))
                .ok_or_else(|| Fail::not_found("Resource"))?;
            dicts.resource(d, r, 0)
        }
        "status_show" => json!({
            "site_title": "SatuPintu",
            "site_url": base,
            "site_description": "Katalog data terbuka SatuPintu",
            "ckan_version": "2.10.4",
            "error_emails_to": null,
            "locale_default": "id",
            "extensions": ["dcat"],
        }),
        _ => return Err(Fail::not_found("Action")),
    })
}

fn sorted_names(all: &[Dataset]) -> Vec<String> {
    let mut names: Vec<String> = all.iter().map(|d| d.meta.name.clone()).collect();
    names.sort();
    names
}

fn page<T: Clone>(items: &[T], offset: usize, limit: usize) -> Vec<T> {
    items.iter().skip(offset).take(limit).cloned().collect()
}

/// Organizations: every agency of the catalogue and the platform, by id.
fn organizations(snap: &Snapshot, all: &[Dataset]) -> Vec<String> {
    let mut ids: Vec<String> = snap.agencies.iter().map(|a| a.id.clone()).collect();
    ids.extend(all.iter().map(|d| d.meta.publisher.clone()));
    ids.push(model::PLATFORM.into());
    ids.sort();
    ids.dedup();
    ids
}

/// ISO 8601 as CKAN writes it (UTC, no zone suffix).
pub fn iso(ts: i64) -> String {
    let dt = time::OffsetDateTime::from_unix_timestamp(ts).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000000",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// Builds CKAN dictionaries.
pub struct Dicts<'a> {
    pub base: &'a str,
    pub snap: &'a Snapshot,
}

impl Dicts<'_> {
    pub fn organization(&self, id: &str, all: &[Dataset], with_datasets: bool) -> Value {
        let title = service::publisher_title(self.snap, id, Lang::Id);
        let mine: Vec<&Dataset> = all.iter().filter(|d| d.meta.publisher == id).collect();
        let mut o = json!({
            "id": id, "name": id, "title": title, "display_name": title,
            "description": "", "type": "organization", "is_organization": true, "state": "active",
            "image_url": "", "approval_status": "approved", "package_count": mine.len(),
            "created": iso(0),
        });
        if with_datasets {
            o["packages"] = json!(mine.iter().map(|d| self.package(d)).collect::<Vec<_>>());
        }
        o
    }

    pub fn group(&self, name: &str, all: &[Dataset], with_datasets: bool) -> Value {
        let t = crate::web::locales();
        let title = t.msg(Lang::Id, &format!("od-theme-{name}"), None);
        let mine: Vec<&Dataset> = all.iter().filter(|d| d.meta.themes.iter().any(|t| t == name)).collect();
        let mut g = json!({
            "id": name, "name": name, "title": title, "display_name": title,
            "description": t.msg(Lang::Id, &format!("od-theme-{name}-desc"), None),
            "type": "group", "is_organization": false, "state": "active", "image_url": "",
            "approval_status": "approved", "package_count": mine.len(), "created": iso(0),
        });
        if with_datasets {
            g["packages"] = json!(mine.iter().map(|d| self.package(d)).collect::<Vec<_>>());
        }
        g
    }

    pub fn resource(&self, d: &Dataset, r: &Resource, position: usize) -> Value {
        json!({
            "id": r.id,
            "package_id": d.id,
            "name": r.name,
            "description": r.description,
            "format": "CSV",
            "mimetype": "text/csv",
            "url": format!("{}/data/{}/unduh/{}.csv", self.base, d.meta.name, r.slug),
            "json_url": format!("{}/data/{}/unduh/{}.json", self.base, d.meta.name, r.slug),
            "original_format": r.format,
            "hash": format!("sha256:{}", r.sha256),
            "rows": r.row_count,
            "columns": r.columns,
            "position": position,
            "state": "active",
            "url_type": null,
            "datastore_active": false,
            "created": iso(r.created_at),
            "last_modified": iso(r.modified_at),
            "metadata_modified": iso(r.modified_at),
        })
    }

    pub fn package(&self, d: &Dataset) -> Value {
        let m = &d.meta;
        let (license_title, license_url) =
            model::license(&m.license_id).map(|l| (l.1, l.2)).unwrap_or((m.license_id.as_str(), ""));
        let t = crate::web::locales();
        let mut extras = vec![
            json!({"key": "issued", "value": iso(d.issued_at)}),
            json!({"key": "modified", "value": iso(d.modified_at)}),
            json!({"key": "frequency", "value": model::frequency_uri(&m.frequency)}),
            json!({"key": "publisher_name", "value": service::publisher_title(self.snap, &m.publisher, Lang::Id)}),
        ];
        if let Some(s) = &m.temporal_start {
            extras.push(json!({"key": "temporal_start", "value": s}));
        }
        if let Some(e) = &m.temporal_end {
            extras.push(json!({"key": "temporal_end", "value": e}));
        }
        if let Some(c) = &m.spatial_code {
            extras.push(json!({"key": "spatial_code", "value": c}));
            extras.push(json!({"key": "spatial_name", "value": crate::wilayah::full_name(Some(c))}));
        }
        json!({
            "id": d.id,
            "name": m.name,
            "title": m.title,
            "notes": m.notes,
            "type": "dataset",
            "state": "active",
            "private": false,
            "url": format!("{}/data/{}", self.base, m.name),
            "license_id": m.license_id,
            "license_title": license_title,
            "license_url": license_url,
            "isopen": true,
            "owner_org": m.publisher,
            "organization": self.organization(&m.publisher, &[], false).as_object().map(|o| {
                let mut o = o.clone();
                o.remove("package_count");
                Value::Object(o)
            }),
            "groups": m.themes.iter().map(|g| {
                let title = t.msg(Lang::Id, &format!("od-theme-{g}"), None);
                json!({"id": g, "name": g, "title": title, "display_name": title, "description": ""})
            }).collect::<Vec<_>>(),
            "tags": m.keywords.iter().map(|k| json!({"name": k, "display_name": k, "state": "active"})).collect::<Vec<_>>(),
            "num_tags": m.keywords.len(),
            "num_resources": d.resources.len(),
            "resources": d.resources.iter().enumerate().map(|(i, r)| self.resource(d, r, i)).collect::<Vec<_>>(),
            "metadata_created": iso(d.issued_at),
            "metadata_modified": iso(d.modified_at),
            "extras": extras,
        })
    }
}
