//! The live status stream of an application, and the citizen's notification choices.

use std::convert::Infallible;
use std::time::Duration;

use askama::Template;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::applications::{service as applications, store as app_store};
use crate::web::auth::{Authorized, Citizens, SignedIn};
use crate::web::routes::Pages;
use crate::web::{render, see_other, ApiPath, AppError, CsrfForm, Layout};

pub fn pages() -> Pages {
    Pages::new()
        .get("/permohonan/{code}/langsung", live)
        .get("/akun/notifikasi", prefs_form)
        .post("/akun/notifikasi", prefs_submit)
}

/// Server-sent events for one application: an `status` event whenever it changes.
async fn live(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let mut tx = state.db.read().await?;
    let app = app_store::by_code(&mut tx, &code).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    applications::actor_for(&auth.user, &app).ok_or(AppError::NotFound)?;
    let rx = state.live.subscribe();
    let closing = state.live.closing();
    let stream = futures_util::stream::unfold((rx, closing), move |(mut rx, mut closing)| {
        let code = code.clone();
        async move {
            loop {
                if *closing.borrow() {
                    return None;
                }
                tokio::select! {
                    _ = closing.changed() => return None,
                    msg = rx.recv() => match msg {
                        Ok(ev) if ev.code == code => {
                            let data = serde_json::to_string(&ev).unwrap_or_default();
                            let event = Event::default().event("status").data(data);
                            return Some((Ok::<Event, Infallible>(event), (rx, closing)));
                        }
                        Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                    },
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))).into_response())
}

#[derive(Template)]
#[template(path = "notify/prefs.html")]
struct PrefsPage<'a> {
    l: Layout<'a>,
    email: bool,
    webhook: bool,
    push: bool,
    has_email: bool,
    has_phone: bool,
    /// Browsers with device notifications on.
    devices: i64,
    /// For the script that subscribes this browser.
    vapid_key: String,
}

async fn prefs_form(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let r = super::worker::recipient(&state, auth.id).await.map_err(AppError::Internal)?.ok_or(AppError::NotFound)?;
    let t = auth.ctx.t();
    let mut l = Layout::new(&auth.ctx, t.t("prefs-title"));
    if auth.ctx.path.contains("disimpan") {
        l.notice = Some(t.t("prefs-saved"));
    }
    let page = PrefsPage {
        l,
        email: r.wants_email,
        webhook: r.wants_webhook,
        push: r.wants_push,
        has_email: r.email.is_some(),
        has_phone: r.phone.is_some(),
        devices: super::service::device_count(&state, auth.id).await?,
        vapid_key: state.push.public_key(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PrefsForm {
    email: Option<String>,
    webhook: Option<String>,
    push: Option<String>,
}

async fn prefs_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(f): CsrfForm<PrefsForm>,
) -> Result<Response, AppError> {
    let prefs =
        super::worker::Preferences { email: f.email.is_some(), webhook: f.webhook.is_some(), push: f.push.is_some() };
    super::worker::set_preferences(&state, auth.id, prefs).await.map_err(AppError::Internal)?;
    Ok(see_other("/akun/notifikasi?disimpan=1"))
}
