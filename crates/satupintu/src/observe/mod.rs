//! Observability: request ids on every response and in every log line of a request,
//! Prometheus metrics at `GET /metrics` ([`metrics`]), and `satupintu doctor` ([`doctor`]).
//!
//! Nothing personal leaves through here: requests are counted and logged by their route
//! template (`/permohonan/{code}`), never by the URL a person typed, and the request id is
//! a random token (or the caller's own, when it is a plain token).

pub mod doctor;
pub mod metrics;

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;

pub use metrics::Metrics;

/// The header carrying the request id, both ways.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The route label of a request that matched no route.
pub const UNMATCHED: &str = "unmatched";

/// The routes of this capability (outside the OpenAPI document: not part of `/api/v1`).
pub const ROUTES: &[(&str, &str)] = &[("GET", "/metrics")];

/// This request's id, as an extension of the request (read by the trace span).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

tokio::task_local! {
    static CURRENT: String;
}

/// The id of the request being handled, if any (error pages show it).
pub fn current_request_id() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

/// An incoming id is kept when it is a plain token: 1 to 64 characters of `A-Z a-z 0-9 - _`.
pub fn sane_request_id(v: &str) -> bool {
    (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new request id: 16 random bytes, hex.
pub fn new_request_id() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The route label of a request: its route template, or [`UNMATCHED`].
pub fn route_of(req: &Request) -> String {
    req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| UNMATCHED.into())
}

/// The outermost layer: gives the request its id (kept from `x-request-id` when sane), runs
/// it with that id in scope, answers with the id, and counts the request and its duration by
/// route, method and status.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| sane_request_id(v))
        .map(str::to_string)
        .unwrap_or_else(new_request_id);
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert(REQUEST_ID, v);
    }
    req.extensions_mut().insert(RequestId(id.clone()));
    let route = route_of(&req);
    let method = metrics::method_label(req.method());
    let mut resp = CURRENT.scope(id.clone(), next.run(req)).await;
    state.metrics.observe_request(route, method, resp.status().as_u16(), started.elapsed());
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_tokens_are_kept_as_request_ids() {
        assert!(sane_request_id("abc-DEF_123"));
        assert!(sane_request_id(&"a".repeat(64)));
        assert!(!sane_request_id(&"a".repeat(65)));
        assert!(!sane_request_id(""));
        assert!(!sane_request_id("a b"));
        assert!(!sane_request_id("siti@contoh.id"));
        assert!(!sane_request_id("id\"}"));
        let id = new_request_id();
        assert!(sane_request_id(&id) && id.len() == 32);
        assert_ne!(id, new_request_id());
    }
}
