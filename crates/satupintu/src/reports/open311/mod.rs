//! Open311 GeoReport v2 (<http://wiki.open311.org/GeoReport_v2>) at `/open311/v2`: the report
//! categories as services, public reports as service requests, and new reports from Open311
//! clients that hold an API key ([`keys`]), sent without a user account.
//!
//! Every resource comes as `.xml` or `.json`. Reports are read and made through
//! [`crate::reports::service`], so the rules (checks, privacy, who sees what) are the same as on
//! the site and the JSON API: only public reports are listed, confidential ones never appear,
//! and no reporter's identity is ever part of an answer. Errors are the spec's
//! (`[{"code":400,"description":"..."}]`, `<errors><error>...`) with 400, 403 or 404.
//!
//! These routes sit outside `/api/v1` and its OpenAPI document: they follow the Open311 spec,
//! not the house API conventions.

pub mod api;
pub mod keys;
pub mod store;
pub mod xml;

use axum::routing::get;
use axum::Router;

use crate::app::AppState;

/// The resources, as the spec names them (`{format}` is `xml` or `json`), for the route
/// authorization matrix and the docs. [`router`] serves exactly these.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/open311/v2/discovery.{format}"),
    ("GET", "/open311/v2/services.{format}"),
    ("GET", "/open311/v2/services/{service_code}.{format}"),
    ("GET", "/open311/v2/requests.{format}"),
    ("POST", "/open311/v2/requests.{format}"),
    ("GET", "/open311/v2/requests/{service_request_id}.{format}"),
    ("GET", "/open311/v2/tokens/{token}.{format}"),
];

/// The Open311 routes. A path segment cannot end in a parameter suffix in axum's router, so
/// each takes its last segment whole (`requests.json`) and splits off the format itself.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(api::resource).post(api::create))
        .route("/open311/v2/services/{file}", get(api::service_definition))
        .route("/open311/v2/requests/{file}", get(api::request))
        .route("/open311/v2/tokens/{file}", get(api::token))
}
