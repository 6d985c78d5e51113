//! Router assembly: pages, the JSON API with its OpenAPI document, health checks, static
//! assets, and the layers every request passes (context, security headers, compression, logs).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use super::context;
use super::error::AppError;
use super::routes::Pages;
use crate::app::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "SatuPintu API", description = "One door to every public service: catalogue, identity, search.",
         license(name = "Apache-2.0")),
    modifiers(&BearerAuth),
    tags((name = "identity", description = "Accounts, sign-in and tokens"),
         (name = "catalog", description = "Agencies and service standards"),
         (name = "search", description = "Search in everyday Indonesian"),
         (name = "applications", description = "Online applications and their workflow"),
         (name = "ledger", description = "The transparency ledger: entries with inclusion proofs"),
         (name = "notifications", description = "Device notifications (Web Push)"),
         (name = "reports", description = "Complaints and reports about public infrastructure and services"),
         (name = "assistant", description = "The virtual assistant: questions in everyday Indonesian, answered from the official standards"),
         (name = "appointments", description = "Locations, bookable slots, bookings and the day's queue"),
         (name = "regulations", description = "Regulations and policies with every version of their text"),
         (name = "budget", description = "Budget transparency: plans and realisation by agency, programme, activity and account"),
         (name = "participation", description = "Citizens' ideas and the published results of participatory budgeting"),
         (name = "skm", description = "Satisfaction surveys (SKM) and the satisfaction index (IKM) per service unit and period"),
         (name = "forecast", description = "Weekly demand forecasts per service and queue location, with their held-out error"),
         (name = "hotspots", description = "Complaint hotspots by H3 cell and category, with emerging-hotspot alerts"),
         (name = "proactive", description = "Proactive notices: consent, recorded documents and likely-eligible services"),
         (name = "performance", description = "Service performance by month, agency, service and region, from monthly rollups"),
         (name = "iot", description = "IoT monitoring: device readings, alerts"),
         (name = "exchange", description = "Agency-to-agency data exchange (signed queries) and citizens' consent"),
         (name = "green", description = "Green services: paper and trips saved by online services, waste-pickup windows and requests"),
         (name = "privacy", description = "Data subject rights (UU 27/2022): the citizen's data archive, who accessed their data, correction and deletion requests"),
         (name = "partners", description = "Partner organisations (NGOs, CSR programmes, volunteer teams, waste banks), their programmes and activity reports, and citizens' waste-bank savings"),
         (name = "guides", description = "Step-by-step guides to common services, with plain-language texts"),
         (name = "assisted", description = "Assisted service: the citizen's sessions with a volunteer or an officer acting for them, with consent"),
         (name = "announcements", description = "Announcements and news of the agencies (also as Atom and RSS feeds)"),
         (name = "events", description = "Events of the agencies (workshops, training, festivals) and citizens' registrations"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI router of every capability (also used to list routes in tests).
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::identity::api::router())
        .merge(crate::catalog::api::router())
        .merge(crate::search::api::router())
        .merge(crate::applications::api::router())
        .merge(crate::uploads::api::router())
        .merge(crate::documents::pages::api())
        .merge(crate::ledger::pages::api())
        .merge(crate::notify::api::router())
        .merge(crate::reports::api::router())
        .merge(crate::assistant::api::router())
        .merge(crate::appointments::api::router())
        .merge(crate::regulations::api::router())
        .merge(crate::budget::api::router())
        .merge(crate::participation::api::router())
        .merge(crate::skm::api::router())
        .merge(crate::forecast::api::router())
        .merge(crate::hotspots::api::router())
        .merge(crate::proactive::api::router())
        .merge(crate::performance::api::router())
        .merge(crate::iot::alert_api::router())
        .merge(crate::iot::api::router())
        .merge(crate::exchange::api::router())
        .merge(crate::privacy::api::router())
        .merge(crate::partners::api::router())
        .merge(crate::green::api::router())
        .merge(crate::guides::api::router())
        .merge(crate::assisted::api::router())
        .merge(crate::announcements::api::router())
        .merge(crate::payments::api::router())
        .merge(crate::events::api::router())
}

/// The OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().split_for_parts().1
}

/// Every HTML page, with the list of its routes.
pub fn pages() -> Pages {
    Pages::new()
        .merge(crate::catalog::pages::pages())
        .merge(crate::identity::pages::pages())
        .merge(crate::search::pages::pages())
        .merge(crate::applications::pages::pages())
        .merge(crate::documents::pages::pages())
        .merge(crate::notify::pages::pages())
        .merge(crate::calendar::pages::pages())
        .merge(crate::ledger::pages::pages())
        .merge(crate::reports::pages::pages())
        .merge(crate::assistant::pages::pages())
        .merge(crate::appointments::pages::pages())
        .merge(crate::telemedicine::pages::pages())
        .merge(crate::regulations::pages::pages())
        .merge(crate::publicinfo::pages())
        .merge(crate::budget::pages::pages())
        .merge(crate::procurement::pages::pages())
        .merge(crate::opendata::pages::pages())
        .merge(crate::participation::pages::pages())
        .merge(crate::skm::pages::pages())
        .merge(crate::forecast::pages::pages())
        .merge(crate::hotspots::pages::pages())
        .merge(crate::proactive::pages::pages())
        .merge(crate::performance::pages::pages())
        .merge(crate::iot::pages::pages())
        .merge(crate::iot::public::pages())
        .merge(crate::iot::alert_pages::pages())
        .merge(crate::exchange::pages::pages())
        .merge(crate::oidc::pages::pages())
        .merge(crate::privacy::pages::pages())
        .merge(crate::partners::pages::pages())
        .merge(crate::green::pages::pages())
        .merge(crate::guides::pages::pages())
        .merge(crate::assisted::pages::pages())
        .merge(crate::announcements::pages::pages())
        .merge(crate::events::pages::pages())
        .merge(crate::payments::pages::pages())
        .merge(crate::admin::pages::pages())
}

pub fn build(state: AppState) -> Router {
    let (api_router, doc) = api().split_for_parts();
    let doc = std::sync::Arc::new(doc);
    let dynamic = Router::new()
        .merge(pages().into_router())
        .merge(api_router)
        .route("/api/v1/openapi.json", get(move || async move { Json(doc.as_ref().clone()) }))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), context::layer))
        .layer(axum::extract::DefaultBodyLimit::max(crate::catalog::pages::IMPORT_LIMIT + 64 * 1024));

    let router = Router::new()
        .route("/static/{*path}", get(super::assets::serve))
        .route("/manifest.webmanifest", get(super::assets::manifest))
        .route("/sw.js", get(super::assets::service_worker))
        .route("/favicon.ico", get(super::assets::favicon))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        // Prometheus metrics: the bearer of `metrics_token`, or this machine; not in the OpenAPI document.
        .merge(crate::observe::metrics::router())
        // Open311 GeoReport v2: its own errors, API keys and CORS; not part of the OpenAPI document.
        .merge(crate::reports::open311::router())
        // HL7 FHIR R4: its own errors (OperationOutcome) and bearer tokens; not in the OpenAPI document.
        .merge(crate::telemedicine::fhir::router())
        // CKAN Action API: its own envelope and errors; not in the OpenAPI document.
        .merge(crate::opendata::ckan::router())
        // OGC SensorThings API 1.1 (read): its own JSON errors; not in the OpenAPI document.
        .merge(crate::iot::sta::router())
        .merge(dynamic)
        .layer(CompressionLayer::new().br(true).gzip(true).quality(tower_http::CompressionLevel::Fastest));
    security_headers(router, &state.config)
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    // The route template, never the concrete URL: URLs can carry codes and
                    // queries; and no header or body. The request id ties every line together.
                    let route = crate::observe::route_of(req);
                    let request_id =
                        req.extensions().get::<crate::observe::RequestId>().map(|r| r.0.as_str()).unwrap_or_default();
                    tracing::info_span!(
                        "request",
                        request_id,
                        method = %req.method(),
                        route,
                        status = tracing::field::Empty,
                        latency_ms = tracing::field::Empty
                    )
                })
                .on_response(|resp: &Response, latency: Duration, span: &tracing::Span| {
                    let latency_ms = latency.as_secs_f64() * 1000.0;
                    span.record("status", resp.status().as_u16());
                    span.record("latency_ms", latency_ms);
                    tracing::info!(status = resp.status().as_u16(), latency_ms, "response");
                }),
        )
        // Outermost: the request id (which the span above records) and the request metrics.
        .layer(middleware::from_fn_with_state(state.clone(), crate::observe::layer))
        .with_state(state)
}

/// Security headers on every response (kept if a handler set its own).
fn security_headers(router: Router<AppState>, config: &crate::config::Config) -> Router<AppState> {
    // Map tiles may come from the configured tile server.
    let tiles = config
        .map_tiles
        .as_deref()
        .and_then(|t| url::Url::parse(&t.replace(['{', '}'], "")).ok())
        .map(|u| format!(" {}", u.origin().ascii_serialization()))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'self'; img-src 'self' data:{tiles}; style-src 'self'; script-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    let csp = HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'self'"));
    let headers = [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("same-origin")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"),
        ),
    ];
    headers.into_iter().fold(router, |r, (name, value)| r.layer(SetResponseHeaderLayer::if_not_present(name, value)))
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> Response {
    let mut resp = AppError::bad_request("error-method").into_response();
    *resp.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    resp
}

async fn readyz(State(state): State<AppState>) -> Response {
    if state.db.ping().await {
        (StatusCode::OK, "ready").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

#[cfg(test)]
mod tests {
    /// Two types deriving `ToSchema` under one name become one component of the OpenAPI document
    /// (the last one registered wins), so the document would describe one of them wrongly: every
    /// schema name in the crate is unique, or renamed with `#[schema(as = ...)]`.
    #[test]
    fn openapi_schema_names_are_unique() {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("src").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("read");
                    let lines: Vec<&str> = text.lines().collect();
                    for (i, line) in lines.iter().enumerate() {
                        if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                            continue;
                        }
                        let mut renamed = None;
                        for next in &lines[i + 1..] {
                            let next = next.trim_start();
                            if let Some(rest) = next.strip_prefix("#[schema(as = ") {
                                renamed = rest.split(')').next().map(str::to_string);
                            } else if let Some(rest) =
                                next.strip_prefix("pub struct ").or_else(|| next.strip_prefix("pub enum "))
                            {
                                let name: String =
                                    rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                                out.push((renamed.unwrap_or(name), path.display().to_string()));
                                break;
                            } else if !next.starts_with("#[") && !next.starts_with("//") {
                                break;
                            }
                        }
                    }
                }
            }
        }
        let mut names = vec![];
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut names);
        assert!(names.len() > 50, "the scan found the schemas: {}", names.len());
        names.sort();
        let clashes: Vec<_> = names.windows(2).filter(|w| w[0].0 == w[1].0).collect();
        assert!(clashes.is_empty(), "schema names used twice (rename one with #[schema(as = ...)]): {clashes:?}");
    }
}
