//! Assisted service rules: who may assist (officers and supervisors of any agency, and
//! volunteers an agency appointed), sessions opened with the citizen's recorded consent, the
//! acts within a session (each checked against the session and its scope, and marked as
//! assisted), the citizen's view and withdrawal, and the agencies' supervision.

use serde::Serialize;
use utoipa::ToSchema;

use super::model::{self, Act, AssistantKind, Mark, Start, StartInput};
use super::store::{self, NewSession, Session};
use crate::app::AppState;
use crate::db::{self, Tx};
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

// ---------------------------------------------------------------------------------------
// Who assists.

/// How `user` may assist, and for which agency: officers and supervisors for their agency,
/// citizens appointed (and still active) as volunteers of an agency. Anyone else: 403.
pub async fn assistant_of(state: &AppState, user: &CurrentUser) -> Result<(AssistantKind, String), AppError> {
    match user.role {
        Role::Officer | Role::Supervisor => {
            user.agency_id.clone().map(|a| (AssistantKind::Officer, a)).ok_or(AppError::Forbidden)
        }
        Role::Citizen => {
            let agency = store::active_agency_of(&mut *state.db.conn().await?, user.id).await?;
            agency.map(|a| (AssistantKind::Volunteer, a)).ok_or(AppError::Forbidden)
        }
        _ => Err(AppError::Forbidden),
    }
}

/// Whether `user` may assist (for pages that show or hide the way in).
pub async fn may_assist(state: &AppState, user: &CurrentUser) -> Result<bool, AppError> {
    match assistant_of(state, user).await {
        Ok(_) => Ok(true),
        Err(AppError::Forbidden) => Ok(false),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Volunteers (agency admins for their agency, the super admin for any).

/// The agency an admin appoints for: their own; the super admin names one.
async fn admin_agency(state: &AppState, admin: &CurrentUser, named: Option<&str>) -> Result<String, AppError> {
    match admin.role {
        Role::AgencyAdmin => admin.agency_id.clone().ok_or(AppError::Forbidden),
        Role::SuperAdmin => {
            let named = named.map(str::trim).filter(|a| !a.is_empty());
            let snap = crate::catalog::service::snapshot(state).await?;
            named
                .filter(|a| snap.agency(a).is_some())
                .map(str::to_string)
                .ok_or(AppError::Validation(vec![FieldError::new("agency", "assisted-field-agency")]))
        }
        _ => Err(AppError::Forbidden),
    }
}

/// Whether `admin` manages the volunteers of `agency`.
fn manages(admin: &CurrentUser, agency: &str) -> bool {
    match admin.role {
        Role::SuperAdmin => true,
        Role::AgencyAdmin => admin.agency_id.as_deref() == Some(agency),
        _ => false,
    }
}

/// The volunteers `admin` manages.
pub async fn volunteers(state: &AppState, admin: &CurrentUser) -> Result<Vec<store::Volunteer>, AppError> {
    let agency = match admin.role {
        Role::SuperAdmin => None,
        Role::AgencyAdmin => Some(admin.agency_id.clone().ok_or(AppError::Forbidden)?),
        _ => return Err(AppError::Forbidden),
    };
    Ok(store::volunteers(&mut *state.db.conn().await?, agency.as_deref()).await?)
}

/// The audit record of an appointment or its end, in the public ledger (no personal data: the
/// agency and the appointment's number).
fn volunteer_leaf(action: &str, agency: &str, appointment: i64, now: i64) -> crate::ledger::Leaf {
    crate::ledger::Leaf::new(format!("assisted.volunteer.{action}"), now)
        .with("agency_id", agency)
        .with("appointment", appointment)
}

/// Appoint the citizen with this e-mail as a volunteer of the admin's agency (the super admin
/// names the agency). Returns the appointment's id.
pub async fn appoint(
    state: &AppState,
    admin: &CurrentUser,
    email: &str,
    agency: Option<&str>,
) -> Result<i64, AppError> {
    if !matches!(admin.role, Role::AgencyAdmin | Role::SuperAdmin) {
        return Err(AppError::Forbidden);
    }
    let email = crate::identity::model::Email::parse(email.trim());
    let agency = admin_agency(state, admin, agency).await;
    let (email, agency) = match (email, agency) {
        (Some(e), Ok(a)) => (e, a),
        (e, a) => {
            let mut errs = vec![];
            if e.is_none() {
                errs.push(FieldError::new("email", "field-email-invalid"));
            }
            match a {
                Err(AppError::Validation(v)) => errs.extend(v),
                Err(other) => return Err(other),
                Ok(_) => {}
            }
            return Err(AppError::Validation(errs));
        }
    };
    let admin_id = admin.id;
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let creds = crate::identity::store::find_credentials(tx, "email", email.as_str()).await?;
                let user = match creds {
                    Some(c) if c.role == Role::Citizen => c.id,
                    Some(_) => {
                        return Err(AppError::Validation(vec![FieldError::new("email", "assisted-field-not-citizen")]))
                    }
                    None => {
                        return Err(AppError::Validation(vec![FieldError::new(
                            "email",
                            "assisted-field-email-unknown",
                        )]))
                    }
                };
                let id = store::appoint(tx, &agency, user, admin_id, now).await?;
                crate::ledger::record(tx, &volunteer_leaf("appoint", &agency, id, now)).await?;
                tracing::info!(admin_id, appointment = id, agency = %agency, "volunteer appointed");
                Ok(id)
            })
        })
        .await
}

/// End a volunteer's appointment (their open sessions can no longer act: every act checks
/// the appointment again).
pub async fn deactivate(state: &AppState, admin: &CurrentUser, appointment: i64) -> Result<(), AppError> {
    let admin = admin.clone();
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let v = store::volunteer_by_id(tx, appointment).await?.ok_or(AppError::NotFound)?;
                if !manages(&admin, &v.agency_id) {
                    return Err(AppError::NotFound);
                }
                if !store::deactivate(tx, appointment, admin.id, now).await? {
                    return Err(AppError::Conflict { key: "assisted-error-inactive" });
                }
                crate::ledger::record(tx, &volunteer_leaf("deactivate", &v.agency_id, appointment, now)).await?;
                tracing::info!(admin_id = admin.id, appointment, "volunteer deactivated");
                Ok(())
            })
        })
        .await
}

// ---------------------------------------------------------------------------------------
// Sessions.

/// Open a session: the assistant identifies the citizen by NIK (through the blind index) and
/// full name, both matching the account, or registers a citizen without an account; the
/// consent (method, statement version, optional scan) and the scope are recorded with it, in
/// one transaction. Returns the session's id.
pub async fn start(state: &AppState, user: &CurrentUser, input: StartInput) -> Result<i64, AppError> {
    let (kind, agency) = assistant_of(state, user).await?;
    let start: Start = model::check_start(&input).map_err(AppError::Validation)?;
    if let Some(upload) = &start.consent_upload {
        // The scan is one of the assistant's own uploads (made with this form).
        if crate::uploads::info(state, user.id, upload).await?.is_none() {
            return Err(AppError::Validation(vec![FieldError::new("consent_scan", "field-upload-missing")]));
        }
    }
    let assistant = user.id;
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let found = crate::identity::store::citizen_by_nik(tx, start.nik.as_str()).await?;
                let (citizen, registered) = match found {
                    Some((id, name)) if model::same_name(&name, &start.full_name) => (id, false),
                    // A NIK with another name, or a NIK without an account and nothing to
                    // register: the same answer, so the form tells nothing of who has an account.
                    Some(_) => return Err(no_match()),
                    None if !start.register => return Err(no_match()),
                    None => {
                        let id = crate::identity::service::register_without_contact(
                            tx,
                            &start.nik,
                            &start.full_name,
                            &start.address,
                            now,
                        )
                        .await?;
                        (id, true)
                    }
                };
                if citizen == assistant {
                    return Err(AppError::Validation(vec![FieldError::new("nik", "assisted-field-self")]));
                }
                let scope = model::scope_to_string(&start.scope);
                let id = store::insert_session(
                    tx,
                    &NewSession {
                        assistant_id: assistant,
                        assistant_kind: kind.as_str(),
                        agency_id: &agency,
                        citizen_id: citizen,
                        place: &start.place,
                        consent_method: start.consent_method,
                        consent_version: model::CONSENT_VERSION,
                        consent_upload_id: start.consent_upload.as_deref(),
                        scope: &scope,
                        registered,
                        started_at: now,
                        expires_at: now + model::SESSION_SECS,
                    },
                )
                .await?;
                tracing::info!(session = id, assistant, kind = kind.as_str(), registered, "assisted session started");
                Ok(id)
            })
        })
        .await
}

fn no_match() -> AppError {
    AppError::Validation(vec![
        FieldError::new("nik", "assisted-field-no-match"),
        FieldError::new("full_name", "assisted-field-no-match"),
    ])
}

/// The session `id` of the assistant `user` (anyone else: not found). With `act`, the session
/// must be open and cover it, and the assistant still allowed to assist (403 otherwise).
pub async fn session_for(state: &AppState, user: &CurrentUser, id: i64, act: Option<Act>) -> Result<Session, AppError> {
    let s = store::session_by_id(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)?;
    if s.assistant_id != user.id {
        return Err(AppError::NotFound);
    }
    if let Some(act) = act {
        assistant_of(state, user).await?;
        if !s.open_at(db::now()) || !model::scope_from_str(&s.scope).contains(&act) {
            return Err(AppError::Forbidden);
        }
    }
    Ok(s)
}

/// In a writing transaction: the session is open and covers `act`, else 403.
pub async fn ensure_open(tx: &mut Tx, session: i64, act: Act, now: i64) -> Result<(), AppError> {
    let s = store::session_by_id(tx, session).await?.ok_or(AppError::Forbidden)?;
    match s.open_at(now) && model::scope_from_str(&s.scope).contains(&act) {
        true => Ok(()),
        false => Err(AppError::Forbidden),
    }
}

/// Apply for a service for the citizen of the session (submitted at once, marked as assisted).
pub async fn apply(
    state: &AppState,
    user: &CurrentUser,
    session: i64,
    service_id: &str,
    values: serde_json::Map<String, serde_json::Value>,
) -> Result<crate::applications::store::Application, AppError> {
    let s = session_for(state, user, session, Some(Act::Apply)).await?;
    let (app, _) =
        crate::applications::service::create_assisted(state, user, service_id, values, s.citizen_id, s.id).await?;
    Ok(app)
}

/// File a complaint report for the citizen of the session (marked as assisted).
pub async fn report(
    state: &AppState,
    user: &CurrentUser,
    session: i64,
    input: crate::reports::service::NewReport,
) -> Result<crate::reports::store::Report, AppError> {
    let s = session_for(state, user, session, Some(Act::Report)).await?;
    crate::reports::service::create_assisted(state, user, s.citizen_id, s.id, input).await
}

/// The status of the citizen's applications and reports, read within the session (the read is
/// recorded as an act of the session, for the citizen to see).
pub struct Status {
    pub applications: Vec<crate::applications::store::Application>,
    pub reports: Vec<crate::reports::store::Report>,
}

pub async fn status(state: &AppState, user: &CurrentUser, session: i64) -> Result<Status, AppError> {
    let s = session_for(state, user, session, Some(Act::Status)).await?;
    let applications = crate::applications::service::of_citizen(state, s.citizen_id).await?;
    let reports = crate::reports::service::of_reporter(state, s.citizen_id).await?;
    // One statement: the read is in the citizen's record of the session.
    store::log_status_read(&mut *state.db.write_one().await?, s.id, db::now()).await?;
    Ok(Status { applications, reports })
}

/// The assistant ends their session.
pub async fn end(state: &AppState, user: &CurrentUser, session: i64) -> Result<(), AppError> {
    let s = session_for(state, user, session, None).await?;
    close(state, s.id, "ended").await
}

/// The citizen withdraws their consent to an open session (which ends it).
pub async fn withdraw(state: &AppState, user: &CurrentUser, session: i64) -> Result<(), AppError> {
    let s = store::session_by_id(&mut *state.db.conn().await?, session).await?.ok_or(AppError::NotFound)?;
    if user.role != Role::Citizen || s.citizen_id != user.id {
        return Err(AppError::NotFound);
    }
    close(state, s.id, "withdrawn").await
}

async fn close(state: &AppState, session: i64, reason: &'static str) -> Result<(), AppError> {
    let now = db::now();
    let ended = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let ended = store::end_session(tx, session, reason, now).await?;
                store::insert_act(tx, session, reason, "", now).await?;
                Ok::<_, AppError>(ended)
            })
        })
        .await?;
    match ended {
        true => {
            tracing::info!(session, reason, "assisted session ended");
            Ok(())
        }
        false => Err(AppError::Conflict { key: "assisted-error-over" }),
    }
}

/// The assistant's own sessions, newest first.
pub async fn of_assistant(state: &AppState, user: &CurrentUser) -> Result<Vec<Session>, AppError> {
    Ok(store::sessions_of_assistant(&mut *state.db.conn().await?, user.id, 50).await?)
}

// ---------------------------------------------------------------------------------------
// What the citizen sees.

/// One act of a session.
#[derive(Serialize, ToSchema, Clone, Debug)]
#[schema(as = AssistedAct)]
pub struct ActView {
    /// Unix seconds (UTC).
    pub at: i64,
    /// `apply` (an application), `report` (a complaint), `status` (their status was read),
    /// `ended` or `withdrawn`.
    pub kind: String,
    /// The application or report code; empty otherwise.
    pub reference: String,
}

/// An assisted session as its citizen sees it.
#[derive(Serialize, ToSchema, Clone, Debug)]
#[schema(as = AssistedSession)]
pub struct SessionView {
    pub id: i64,
    pub assistant_name: String,
    /// `volunteer` or `officer`.
    pub assistant_kind: String,
    pub agency_id: String,
    pub place: String,
    /// `lisan` (spoken, in the assistant's presence), `tanda_tangan` (signed form) or
    /// `cap_jempol` (thumbprint).
    pub consent_method: String,
    /// The version of the consent statement read to the citizen.
    pub consent_version: String,
    /// A scan of the signed consent form was kept.
    pub consent_scan: bool,
    /// The acts the citizen consented to: `apply`, `report`, `status`.
    pub scope: Vec<String>,
    /// The citizen's account was created in this session.
    pub registered: bool,
    pub started_at: i64,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    /// `open`, `ended` (by the assistant), `withdrawn` (by the citizen) or `expired`.
    pub status: String,
    pub acts: Vec<ActView>,
}

/// The state of a session at `now`.
pub fn status_of(s: &Session, now: i64) -> &'static str {
    match (s.end_reason.as_deref(), s.open_at(now)) {
        (Some("withdrawn"), _) => "withdrawn",
        (Some(_), _) => "ended",
        (None, true) => "open",
        (None, false) => "expired",
    }
}

/// The sessions and acts given, as views (acts: the applications and reports filed in each,
/// and its recorded reads and end).
async fn views(state: &AppState, sessions: Vec<Session>) -> Result<Vec<SessionView>, AppError> {
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let mut acts: Vec<(i64, ActView)> = vec![];
    for a in crate::applications::service::of_assisted_sessions(state, &ids).await? {
        let session = a.assisted_session_id.unwrap_or_default();
        acts.push((session, ActView { at: a.created_at, kind: "apply".into(), reference: a.code }));
    }
    for (session, r) in crate::reports::service::of_assisted_sessions(state, &ids).await? {
        acts.push((session, ActView { at: r.created_at, kind: "report".into(), reference: r.code }));
    }
    for a in store::acts_of(&mut *state.db.conn().await?, &ids).await? {
        acts.push((a.session_id, ActView { at: a.at, kind: a.kind, reference: a.reference }));
    }
    acts.sort_by_key(|(_, a)| a.at);
    let now = db::now();
    Ok(sessions
        .into_iter()
        .map(|s| SessionView {
            acts: acts.iter().filter(|(id, _)| *id == s.id).map(|(_, a)| a.clone()).collect(),
            status: status_of(&s, now).into(),
            id: s.id,
            scope: model::scope_from_str(&s.scope).iter().map(|a| a.as_str().to_string()).collect(),
            consent_scan: s.consent_upload_id.is_some(),
            assistant_name: s.assistant_name,
            assistant_kind: s.assistant_kind,
            agency_id: s.agency_id,
            place: s.place,
            consent_method: s.consent_method,
            consent_version: s.consent_version,
            registered: s.registered,
            started_at: s.started_at,
            expires_at: s.expires_at,
            ended_at: s.ended_at,
        })
        .collect())
}

/// The citizen's assisted sessions with their acts, newest first.
pub async fn of_citizen(state: &AppState, user: &CurrentUser) -> Result<Vec<SessionView>, AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    let sessions = store::sessions_of_citizen(&mut *state.db.conn().await?, user.id).await?;
    views(state, sessions).await
}

/// One session of the assistant with its acts.
pub async fn view_for_assistant(state: &AppState, user: &CurrentUser, session: i64) -> Result<SessionView, AppError> {
    let s = session_for(state, user, session, None).await?;
    views(state, vec![s]).await?.pop().ok_or(AppError::NotFound)
}

/// The mark of an act filed in this session (who helped, as what, where).
pub async fn mark(state: &AppState, session: i64) -> Result<Option<Mark>, AppError> {
    Ok(store::mark(&mut *state.db.conn().await?, session).await?)
}

// ---------------------------------------------------------------------------------------
// Supervision.

/// The assistants of the admin's agency (every agency for the super admin) with their counts.
pub async fn supervision(state: &AppState, admin: &CurrentUser) -> Result<Vec<store::AssistantStats>, AppError> {
    let agency = match admin.role {
        Role::SuperAdmin => None,
        Role::AgencyAdmin => Some(admin.agency_id.clone().ok_or(AppError::Forbidden)?),
        _ => return Err(AppError::Forbidden),
    };
    Ok(store::stats(&mut *state.db.conn().await?, agency.as_deref()).await?)
}
