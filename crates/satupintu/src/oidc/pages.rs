//! National sign-in pages: `/auth/oidc/login` sends the browser to the provider,
//! `/auth/oidc/callback` finishes the sign-in, and the account page's unlink form.

use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::{AppendHeaders, IntoResponse, Response};
use serde::Deserialize;

use super::service::{self, Callback};
use crate::app::AppState;
use crate::web::auth::SignedIn;
use crate::web::context::{cookie, set_cookie, SESSION_COOKIE};
use crate::web::routes::Pages;
use crate::web::{safe_next, see_other, AppError, CsrfForm};

/// The cookie holding the state of a sign-in under way (binds the callback to this browser).
pub const STATE_COOKIE: &str = "sp_oidc";

pub fn pages() -> Pages {
    Pages::new()
        .get("/auth/oidc/login", login)
        .get("/auth/oidc/callback", callback)
        .post("/akun/identitas-digital/putus", unlink)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginQuery {
    next: Option<String>,
}

async fn login(State(state): State<AppState>, Query(q): Query<LoginQuery>) -> Result<Response, AppError> {
    let next = safe_next(q.next.as_deref(), "");
    let started = service::start(&state, &next).await?;
    let cookie = set_cookie(STATE_COOKIE, &started.state, Some(service::LOGIN_TTL_SECS), state.config.cookies_secure());
    Ok(([(SET_COOKIE, cookie)], see_other(&started.url)).into_response())
}

async fn callback(
    State(state): State<AppState>,
    ctx: crate::web::Ctx,
    headers: HeaderMap,
    Query(cb): Query<Callback>,
) -> Result<Response, AppError> {
    if service::settings(&state).is_none() {
        return Err(AppError::NotFound);
    }
    let secure = state.config.cookies_secure();
    let clear = set_cookie(STATE_COOKIE, "", Some(0), secure);
    match service::finish(&state, &cb, cookie(&headers, STATE_COOKIE), ctx.client_ip).await {
        Ok(done) => {
            let target = match done.session.stage {
                "totp" => "/masuk/2fa".to_string(),
                "enrol" => "/masuk/2fa/aktifkan".to_string(),
                _ => safe_next(Some(&done.next), "/akun"),
            };
            let session = set_cookie(SESSION_COOKIE, &done.session.token, None, secure);
            Ok((AppendHeaders([(SET_COOKIE, clear), (SET_COOKIE, session)]), see_other(&target)).into_response())
        }
        Err(e) => Ok(([(SET_COOKIE, clear)], e).into_response()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct UnlinkForm {
    issuer: String,
}

async fn unlink(
    State(state): State<AppState>,
    auth: SignedIn,
    CsrfForm(form): CsrfForm<UnlinkForm>,
) -> Result<Response, AppError> {
    service::unlink(&state, auth.id, &form.issuer).await?;
    Ok(see_other("/akun?identitas=diputus"))
}
