//! Prometheus metrics at `GET /metrics`, with the Prometheus project's own client
//! (`prometheus-client`): the request counters and latency histograms kept by this process,
//! and the queues, lags and time limits read from the database at each scrape (a few cheap
//! `COUNT`/`MIN` queries, so every process reports the same platform-wide figures).
//!
//! Format: the Prometheus text format 0.0.4, or OpenMetrics 1.0 when the scraper asks for it
//! in `Accept` (Prometheus does). Access: with `metrics_token` set, only with
//! `Authorization: Bearer <token>`; without it, only from this machine (loopback, and not
//! forwarded by a proxy).

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use sqlx::Row as _;

use crate::app::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DurationLabels {
    route: String,
    method: &'static str,
}

type Histograms = Family<DurationLabels, Histogram, fn() -> Histogram>;

/// Upper bounds of the latency buckets, in seconds.
pub const BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

fn histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

/// This process's request metrics (the database-derived ones are read at each scrape).
#[derive(Clone, Debug)]
pub struct Metrics {
    requests: Family<RequestLabels, Counter>,
    durations: Histograms,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics { requests: Family::default(), durations: Family::new_with_constructor(histogram) }
    }
}

/// The method label: the standard methods by name, any other as `other` (a client cannot
/// make up label values).
pub fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

impl Metrics {
    /// Count one request and its time to the response's head.
    pub fn observe_request(&self, route: String, method: &'static str, status: u16, took: Duration) {
        self.durations.get_or_create(&DurationLabels { route: route.clone(), method }).observe(took.as_secs_f64());
        self.requests.get_or_create(&RequestLabels { route, method, status }).inc();
    }
}

/// The figures read from the database at a scrape.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Snapshot {
    pub outbox_pending: i64,
    /// Age of the oldest undelivered message still being tried, in seconds (0: none).
    pub outbox_lag_secs: i64,
    /// Messages given up after their last attempt (left for an administrator).
    pub outbox_failed: i64,
    pub ledger_entries: i64,
    pub ledger_checkpoint_size: i64,
    pub ledger_queued: i64,
    /// Age of the oldest leaf waiting for the sequencer, in seconds (0: none).
    pub ledger_lag_secs: i64,
    /// Open applications past their time limit (`due_date` before today, local date).
    pub applications_overdue: i64,
    /// Open reports past their dispatch or response limit.
    pub reports_overdue: i64,
    /// Exchange verifications waiting to be asked (or asked again).
    pub exchange_verifications_queued: i64,
}

async fn one(conn: &mut crate::db::Conn, sql: &str, binds: &[&str]) -> Result<(i64, Option<i64>), sqlx::Error> {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    let row = q.fetch_one(conn).await?;
    let first: i64 = row.try_get(0)?;
    let second: Option<i64> = if row.len() > 1 { row.try_get(1)? } else { None };
    Ok((first, second))
}

/// Read the queue depths, lags and overdue counts.
pub async fn snapshot(state: &AppState) -> Result<Snapshot, sqlx::Error> {
    let now = crate::db::now();
    let today = crate::calendar::local_date(now, state.config.utc_offset_hours().unwrap_or(7)).to_string();
    // Messages given up on wait at this moment (a constant, not input).
    let given_up = crate::notify::worker::GIVEN_UP;
    let mut conn = state.db.conn().await?;
    let age = |oldest: Option<i64>| oldest.map_or(0, |t| (now - t).max(0));
    let (outbox_pending, oldest) = one(
        &mut conn,
        &format!(
            "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE delivered_at IS NULL AND next_attempt_at < {given_up}"
        ),
        &[],
    )
    .await?;
    let (outbox_failed, _) = one(
        &mut conn,
        &format!("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND next_attempt_at >= {given_up}"),
        &[],
    )
    .await?;
    let (ledger_queued, queued_since) =
        one(&mut conn, "SELECT COUNT(*), MIN(created_at) FROM ledger_queue", &[]).await?;
    let (ledger_entries, _) = one(&mut conn, "SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries", &[]).await?;
    let (ledger_checkpoint_size, _) =
        one(&mut conn, "SELECT COALESCE(MAX(size), 0) FROM ledger_checkpoint WHERE id = 1", &[]).await?;
    let (applications_overdue, _) = one(
        &mut conn,
        "SELECT COUNT(*) FROM applications WHERE due_date < $1 \
         AND status NOT IN ('draft', 'issued', 'completed', 'rejected', 'cancelled')",
        &[&today],
    )
    .await?;
    let (reports_overdue, _) = one(
        &mut conn,
        "SELECT COUNT(*) FROM reports WHERE (status IN ('received', 'verified') AND dispatch_due < $1) \
         OR (status IN ('dispatched', 'in_progress') AND response_due < $1)",
        &[&today],
    )
    .await?;
    let (exchange_verifications_queued, _) = one(
        &mut conn,
        "SELECT COUNT(*) FROM application_verifications WHERE status IN ('pending', 'failed') \
         AND next_attempt_at IS NOT NULL",
        &[],
    )
    .await?;
    Ok(Snapshot {
        outbox_pending,
        outbox_lag_secs: age(oldest),
        outbox_failed,
        ledger_entries,
        ledger_checkpoint_size,
        ledger_queued,
        ledger_lag_secs: age(queued_since),
        applications_overdue,
        reports_overdue,
        exchange_verifications_queued,
    })
}

fn gauge(registry: &mut Registry, name: &str, help: &str, unit: Option<Unit>, value: i64) {
    let g: Gauge = Gauge::default();
    g.set(value);
    match unit {
        Some(u) => registry.register_with_unit(name, help, u, g),
        None => registry.register(name, help, g),
    }
}

/// Every metric of this scrape, in one registry.
pub async fn registry(state: &AppState) -> Registry {
    let mut r = Registry::with_prefix("satupintu");
    let m = &state.metrics;
    r.register("http_requests", "HTTP requests answered, by route template, method and status", m.requests.clone());
    r.register_with_unit(
        "http_request_duration",
        "Time from a request's arrival to its response's head, by route template and method",
        Unit::Seconds,
        m.durations.clone(),
    );
    let build: Family<[(&'static str, &'static str); 1], Gauge> = Family::default();
    build.get_or_create(&[("version", env!("CARGO_PKG_VERSION"))]).set(1);
    r.register("build_info", "The running build (always 1; its version as a label)", build);
    gauge(
        &mut r,
        "ledger_sequencer",
        "Whether this process is the ledger's sequencer now (1) or not (0)",
        None,
        i64::from(state.ledger.is_sequencer()),
    );
    let iot = &state.iot.stats;
    let queued = i64::try_from(state.iot.queue_depth()).unwrap_or(i64::MAX);
    gauge(&mut r, "iot_readings_queued", "IoT readings waiting for the batch writer in this process", None, queued);
    let counted = [
        ("iot_readings_stored", "IoT readings stored by this process", &iot.stored),
        ("iot_readings_refused", "IoT readings or payloads refused by this process", &iot.refused),
    ];
    for (name, help, n) in counted {
        let c: Counter = Counter::default();
        c.inc_by(n.load(std::sync::atomic::Ordering::Relaxed));
        r.register(name, help, c);
    }
    match snapshot(state).await {
        Ok(s) => {
            gauge(&mut r, "database_up", "Whether the database answered this scrape's queries", None, 1);
            let figures: [(&str, &str, Option<Unit>, i64); 10] = [
                ("outbox_pending", "Notifications waiting to be delivered (or retried)", None, s.outbox_pending),
                (
                    "outbox_lag",
                    "Age of the oldest notification waiting to be delivered (0: none)",
                    Some(Unit::Seconds),
                    s.outbox_lag_secs,
                ),
                ("outbox_failed", "Notifications given up after their last attempt", None, s.outbox_failed),
                ("ledger_entries", "Entries in the transparency ledger", None, s.ledger_entries),
                (
                    "ledger_checkpoint_size",
                    "Entries covered by the latest signed checkpoint",
                    None,
                    s.ledger_checkpoint_size,
                ),
                ("ledger_queued_leaves", "Ledger leaves waiting for the sequencer", None, s.ledger_queued),
                (
                    "ledger_sequencing_lag",
                    "Age of the oldest ledger leaf waiting for the sequencer (0: none)",
                    Some(Unit::Seconds),
                    s.ledger_lag_secs,
                ),
                (
                    "applications_overdue",
                    "Open applications past their time limit (SLA breaches)",
                    None,
                    s.applications_overdue,
                ),
                (
                    "reports_overdue",
                    "Open reports past their dispatch or response limit (SLA breaches)",
                    None,
                    s.reports_overdue,
                ),
                (
                    "exchange_verifications_queued",
                    "Data exchange verifications waiting to be asked",
                    None,
                    s.exchange_verifications_queued,
                ),
            ];
            for (name, help, unit, value) in figures {
                gauge(&mut r, name, help, unit, value);
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the database did not answer");
            gauge(&mut r, "database_up", "Whether the database answered this scrape's queries", None, 0);
        }
    }
    r
}

/// Who may read the metrics: the bearer of `metrics_token` when one is set; otherwise this
/// machine only (a loopback client whose request no proxy forwarded).
fn allowed(token: Option<&str>, peer: SocketAddr, headers: &HeaderMap) -> Result<(), StatusCode> {
    match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim);
            match given {
                Some(g) if crate::web::extract::same_token(g, token) => Ok(()),
                _ => Err(StatusCode::UNAUTHORIZED),
            }
        }
        None => {
            let forwarded = headers.contains_key("x-forwarded-for") || headers.contains_key(header::FORWARDED);
            if peer.ip().is_loopback() && !forwarded {
                Ok(())
            } else {
                Err(StatusCode::FORBIDDEN)
            }
        }
    }
}

async fn serve(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if let Err(status) = allowed(state.config.metrics_token.as_deref(), peer, &headers) {
        let mut resp = (status, "metrics: not allowed\n").into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        return resp;
    }
    let registry = registry(&state).await;
    let openmetrics = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/openmetrics-text"));
    let mut body = String::new();
    let (encoded, content_type) = if openmetrics {
        (
            prometheus_client::encoding::text::encode(&mut body, &registry),
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )
    } else {
        (
            prometheus_client::encoding::prometheus_text::encode(&mut body, &registry),
            "text/plain; version=0.0.4; charset=utf-8",
        )
    };
    match encoded {
        Ok(()) => ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-store")], body).into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "metrics: encoding failed\n").into_response(),
    }
}

/// `GET /metrics`.
pub fn router() -> Router<AppState> {
    Router::new().route("/metrics", get(serve))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_methods_do_not_become_labels() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"SITI").expect("method")), "other");
    }

    #[test]
    fn without_a_token_only_this_machine_reads_the_metrics() {
        let local: SocketAddr = "127.0.0.1:5000".parse().expect("addr");
        let local6: SocketAddr = "[::1]:5000".parse().expect("addr");
        let remote: SocketAddr = "203.0.113.7:5000".parse().expect("addr");
        let none = HeaderMap::new();
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", "198.51.100.1".parse().expect("value"));
        assert_eq!(allowed(None, local, &none), Ok(()));
        assert_eq!(allowed(None, local6, &none), Ok(()));
        assert_eq!(allowed(Some("  "), local, &none), Ok(()), "a blank token is no token");
        assert_eq!(allowed(None, remote, &none), Err(StatusCode::FORBIDDEN));
        assert_eq!(allowed(None, local, &proxied), Err(StatusCode::FORBIDDEN));
    }

    #[test]
    fn with_a_token_its_bearer_reads_the_metrics_from_anywhere() {
        let remote: SocketAddr = "203.0.113.7:5000".parse().expect("addr");
        let local: SocketAddr = "127.0.0.1:5000".parse().expect("addr");
        let bearer = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, v.parse().expect("value"));
            h
        };
        assert_eq!(allowed(Some("t0ken"), remote, &bearer("Bearer t0ken")), Ok(()));
        assert_eq!(allowed(Some("t0ken"), remote, &bearer("Bearer other")), Err(StatusCode::UNAUTHORIZED));
        assert_eq!(allowed(Some("t0ken"), local, &HeaderMap::new()), Err(StatusCode::UNAUTHORIZED), "not even locally");
    }
}
