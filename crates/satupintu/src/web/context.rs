//! The request context: language, CSRF token, signed-in user. Built once per request by
//! [`layer`] and read by handlers through the [`Ctx`] extractor.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::AppError;
use super::extract::same_token;
use super::i18n::{Lang, T};
use super::locales;
use crate::app::AppState;
use crate::guides::model::Display;
use crate::identity::{self, CurrentUser};

pub const LANG_COOKIE: &str = "sp_lang";
pub const CSRF_COOKIE: &str = "sp_csrf";
pub const SESSION_COOKIE: &str = "sp_session";
/// A visitor's display settings (large text, high contrast, low-data mode).
pub const DISPLAY_COOKIE: &str = "sp_display";
/// The header in which page scripts send the CSRF token to the API.
pub const CSRF_HEADER: &str = "x-csrf-token";

tokio::task_local! {
    static IS_API: bool;
}

/// Whether the request being handled is an API request (errors answer in JSON).
pub fn current_is_api() -> bool {
    IS_API.try_with(|v| *v).unwrap_or(false)
}

pub fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/")
}

#[derive(Clone, Debug)]
pub struct RequestCtx {
    pub lang: Lang,
    pub csrf: String,
    pub user: Option<CurrentUser>,
    /// Path and query of this request, without `lang=`.
    pub path: String,
    /// The raw session token, when the user signed in with a cookie or bearer token.
    pub session_token: Option<String>,
    pub client_ip: Option<std::net::IpAddr>,
    /// How pages are shown: the signed-in person's saved settings, else the visitor's cookie.
    pub display: Display,
    /// Whether images are shown: not in low-data mode, unless this page asked (`gambar=1`).
    pub show_images: bool,
}

impl RequestCtx {
    pub fn t(&self) -> T<'static> {
        T { locales: locales(), lang: self.lang }
    }

    /// The signed-in user who completed every sign-in step, or 401.
    pub fn require_user(&self) -> Result<&CurrentUser, AppError> {
        self.user.as_ref().filter(|u| u.is_full()).ok_or(AppError::Unauthorized)
    }
}

/// Extractor for the request context.
#[derive(Clone, Debug)]
pub struct Ctx(pub Arc<RequestCtx>);

impl std::ops::Deref for Ctx {
    type Target = RequestCtx;
    fn deref(&self) -> &RequestCtx {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Arc<RequestCtx>>()
            .cloned()
            .map(Ctx)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request context layer missing")))
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with the house defaults: HttpOnly, SameSite=Lax, Path=/, Secure in production.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut s = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        s.push_str("; Secure");
    }
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

fn query_lang(query: Option<&str>) -> Option<Lang> {
    let q = query?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(&v))
}

fn query_images(query: Option<&str>) -> bool {
    query.is_some_and(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .unwrap_or_default()
            .iter()
            .any(|(k, v)| k == "gambar" && v == "1")
    })
}

/// The display settings of a page request: the signed-in person's saved ones (they follow the
/// person to every device), else the visitor's cookie.
async fn display_for(state: &AppState, user: Option<&CurrentUser>, cookie: Option<Display>) -> Display {
    let saved = match user.filter(|u| u.is_full()) {
        Some(u) => crate::guides::service::saved_display(state, u.id).await.ok().flatten(),
        None => None,
    };
    saved.or(cookie).unwrap_or_default()
}

fn path_without_lang(uri: &axum::http::Uri) -> String {
    let path = uri.path();
    match uri.query() {
        None => path.to_string(),
        Some(q) => {
            let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .unwrap_or_default()
                .into_iter()
                .filter(|(k, _)| k != "lang")
                .collect();
            if kept.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
            }
        }
    }
}

fn client_ip(req: &Request, trust_proxy: bool) -> Option<std::net::IpAddr> {
    if trust_proxy {
        if let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok())
        {
            return Some(ip);
        }
    }
    req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())
}

/// True when a state-changing browser request comes from another site.
fn cross_origin(req: &Request) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    origin == "null" || origin_host != host
}

/// Build the request context, run the handler inside the request's language, then set the
/// cookies the context decided on.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let api = is_api_path(req.uri().path());
    let headers = req.headers();
    let from_query = query_lang(req.uri().query());
    // The cookie is only ever set by a choice made on this device.
    let from_cookie = cookie(headers, LANG_COOKIE).and_then(Lang::parse);
    // Until the user is known (and for errors before that): the link, the cookie, the browser.
    let lang = from_query
        .or(from_cookie)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or_default();

    let existing_csrf = cookie(headers, CSRF_COOKIE)
        .filter(|v| v.len() == 43 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .map(str::to_string);
    let csrf = existing_csrf.clone().unwrap_or_else(identity::random_token);

    // The API takes a bearer token (an API session), or the browser session when the site's
    // own script proves itself with the CSRF token (which other sites cannot read) from the
    // same origin; pages take the browser session.
    let bearer = api
        .then(|| {
            headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
        })
        .flatten()
        .map(|t| t.trim().to_string());
    let script_proof = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    let browser_session = !api
        || (bearer.is_none()
            && existing_csrf.as_deref().zip(script_proof).is_some_and(|(c, p)| same_token(c, p))
            && !cross_origin(&req));
    let (token, api_session) = match bearer {
        Some(t) => (Some(t), true),
        None if browser_session => (cookie(headers, SESSION_COOKIE).map(str::to_string), false),
        None => (None, api),
    };
    let user = match &token {
        Some(t) => match identity::service::current_user(&state, t, api_session).await {
            Ok(u) => u,
            Err(e) => return with_scope(lang, api, async { e.into_response() }).await,
        },
        None => None,
    };

    let display_cookie = cookie(req.headers(), DISPLAY_COOKIE).map(Display::from_cookie);
    let display = if api { Display::default() } else { display_for(&state, user.as_ref(), display_cookie).await };
    let show_images = !display.low_data || query_images(req.uri().query());

    if !api && req.method() != Method::GET && req.method() != Method::HEAD && cross_origin(&req) {
        return with_scope(lang, api, async { AppError::Forbidden.into_response() }).await;
    }
    // A signed-in person's own choice comes before this device's cookie. A new choice is kept
    // for them, and so is one made on this device before they first signed in.
    let lang = match user.as_ref().filter(|u| u.is_full()) {
        Some(u) => match from_query.or(from_cookie.filter(|_| u.lang.is_none())) {
            Some(chosen) if u.lang != Some(chosen) => {
                identity::service::remember_language(&state, u.id, chosen).await;
                chosen
            }
            Some(chosen) => chosen,
            None => u.lang.unwrap_or(lang),
        },
        None => lang,
    };

    let ctx = Arc::new(RequestCtx {
        lang,
        csrf: csrf.clone(),
        user,
        path: path_without_lang(req.uri()),
        session_token: token,
        client_ip: client_ip(&req, state.config.trust_proxy),
        display,
        show_images,
    });
    req.extensions_mut().insert(ctx);
    let signed_in = ctx_user_present(&req);
    let mut resp = with_scope(lang, api, next.run(req)).await;
    if api {
        resp = envelope_plain_errors(resp, lang).await;
    }
    // Nothing personal is kept by shared caches or the browser's back-forward cache.
    resp.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(if signed_in {
        "private, no-store"
    } else {
        "no-cache"
    }));

    if !api {
        let secure = state.config.cookies_secure();
        let h = resp.headers_mut();
        if from_query.is_some() {
            h.append(header::SET_COOKIE, set_cookie(LANG_COOKIE, lang.code(), Some(31_536_000), secure));
        }
        if existing_csrf.is_none() {
            h.append(header::SET_COOKIE, set_cookie(CSRF_COOKIE, &csrf, None, secure));
        }
        h.entry(header::CONTENT_LANGUAGE).or_insert(HeaderValue::from_static(lang.code()));
    }
    resp
}

/// A safety net for the API: an error answered as plain text by a layer or extractor outside
/// our control becomes the JSON error envelope, with the same status.
async fn envelope_plain_errors(resp: Response, lang: Lang) -> Response {
    let status = resp.status();
    let plain = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"));
    if status.as_u16() < 400 || !plain {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let detail = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let key = format!("status-{}", status.as_u16());
    let message = if locales().has(lang, &key) {
        locales().msg(lang, &key, None)
    } else {
        locales().msg(lang, "status-400", None)
    };
    let code = status.canonical_reason().unwrap_or("error").to_lowercase().replace(' ', "_");
    let body = serde_json::json!({"error": {"code": code, "message": message, "details": {"detail": detail}}});
    let mut out = (status, axum::Json(body)).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

fn ctx_user_present(req: &Request) -> bool {
    req.extensions().get::<Arc<RequestCtx>>().is_some_and(|c| c.user.is_some())
}

async fn with_scope<F: std::future::Future<Output = Response>>(lang: Lang, api: bool, f: F) -> Response {
    IS_API.scope(api, super::i18n::REQUEST_LANG.scope(lang, f)).await
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if current_is_api() {
            super::error::ApiError(self).into_response()
        } else {
            super::error::PageError(self).into_response()
        }
    }
}
