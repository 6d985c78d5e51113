//! Application rules. Every state change goes through [`act`] (or [`create`]), which writes the
//! new state, its history event and the citizen's notification in one transaction.

use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::fields;
use super::store::{self, Application, NewEvent};
use super::workflow::{Actor, Workflow};
use crate::app::AppState;
use crate::calendar;
use crate::catalog::service::{self as catalog, ServiceRecord};
use crate::db::{self, Conn, Tx};
use crate::exchange::verify;
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// How `user` relates to `app`, if at all. Anyone else gets "not found", never a hint that it exists.
pub fn actor_for(user: &CurrentUser, app: &Application) -> Option<Actor> {
    if user.role == Role::Citizen && user.id == app.citizen_id {
        return Some(Actor::Owner);
    }
    if user.agency_id.as_deref() == Some(app.agency_id.as_str()) {
        return Actor::of_staff(user.role);
    }
    None
}

/// The workflow a service follows (its own when one is configured, the default otherwise).
pub fn workflow_for(state: &AppState, service_id: &str) -> Arc<Workflow> {
    state.workflows.for_service(service_id)
}

pub(crate) async fn service_record(state: &AppState, service_id: &str) -> Result<Arc<ServiceRecord>, AppError> {
    let snap = catalog::snapshot(state).await?;
    snap.service(service_id)
        .cloned()
        .ok_or(AppError::Validation(vec![FieldError::new("service_id", "field-service-unknown")]))
}

/// Fill fields marked `profile` from the citizen's profile where nothing was given (once-only).
pub async fn prefill(
    state: &AppState,
    service: &ServiceRecord,
    citizen_id: i64,
    values: &mut Map<String, Value>,
) -> Result<(), AppError> {
    let mut conn = state.db.conn().await?;
    let profile = crate::identity::store::profile_values(&mut conn, citizen_id).await?;
    drop(conn);
    for f in &service.service.form {
        let Some(key) = &f.profile else { continue };
        let empty = values.get(&f.name).is_none_or(|v| v.is_null() || v.as_str().is_some_and(str::is_empty));
        if empty {
            if let Some(v) = profile.get(key) {
                values.insert(f.name.clone(), Value::String(v.clone()));
            }
        }
    }
    Ok(())
}

/// Check the form; fields to be verified automatically (`auto`) need no upload.
async fn checked_fields(
    conn: &mut Conn,
    service: &ServiceRecord,
    values: &Map<String, Value>,
    owners: &[i64],
    complete: bool,
    auto: &[String],
) -> Result<Map<String, Value>, AppError> {
    let ids = fields::upload_ids(&service.service.form, values);
    let uploads = store::uploads(conn, &ids, owners).await?;
    let mut form = service.service.form.clone();
    for f in form.iter_mut().filter(|f| auto.contains(&f.name)) {
        f.required = false;
    }
    fields::validate(&form, values, &uploads, complete).map_err(AppError::Validation)
}

/// The citizen's choices of automatic verification taken out of `values` (only a citizen
/// applying for themself makes them; anyone else sending them gets field errors).
async fn choices(
    state: &AppState,
    service_id: &str,
    citizen: bool,
    values: &mut Map<String, Value>,
) -> Result<(Vec<verify::Offer>, Vec<verify::Choice>), AppError> {
    let offers = match citizen {
        true => verify::offers(state, service_id).await?,
        false => vec![],
    };
    let chosen = verify::take_choices(values, &offers).map_err(AppError::Validation)?;
    Ok((offers, chosen))
}

/// The due date for an application submitted at `ts`: the service's time limit in working days.
async fn due_date(state: &AppState, service: &ServiceRecord, ts: i64) -> Result<String, AppError> {
    let holidays = state.holidays.get(&state.db).await?;
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let start = calendar::local_date(ts, offset);
    Ok(holidays.add_working_days(start, service.service.sla_days.unwrap_or(0)).to_string())
}

/// What every transition writes beside the new state, in its transaction: its history (the
/// events given, in order), the citizen's notifications and the ledger leaf. `revision` is the
/// application's revision once this change is saved (it keys the notifications).
async fn record_transition(
    tx: &mut Tx,
    app: &Application,
    revision: i64,
    events: &[NewEvent<'_>],
    from: &str,
    now: i64,
) -> Result<(), AppError> {
    let Some(last) = events.last() else { return Ok(()) };
    let (action, role) = (last.action, last.actor_role);
    store::insert_events(tx, events, now).await?;
    let payload =
        serde_json::json!({"code": app.code, "service_id": app.service_id, "status": app.status, "event": action});
    let key = format!("{}:{revision}:{action}", app.code);
    crate::notify::service::queue(tx, "application_status", app.citizen_id, &payload, &key, now).await?;
    let leaf = crate::ledger::Leaf::new(format!("application.{action}"), now)
        .with("code", app.code.as_str())
        .with("service_id", app.service_id.as_str())
        .with("agency_id", app.agency_id.as_str())
        .with("from", from)
        .with("to", app.status.as_str())
        .with("actor_role", role)
        .with_hash("fields_sha256", crate::ledger::canonical_json(&Value::Object(app.fields.clone())).as_bytes());
    // An act done for the citizen by someone assisting them says so in the public record.
    let leaf = match role {
        "assisted" => leaf.with("assisted", true),
        _ => leaf,
    };
    crate::ledger::record(tx, &leaf).await?;
    tracing::info!(application = %app.code, action, status = %app.status, "application transition");
    Ok(())
}

/// A new application, saved as a draft or submitted at once. A citizen applies for themself;
/// an officer at a counter (assisted mode) files for the citizen `on_behalf_of`. Returns the
/// application and the history it starts with.
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    service_id: &str,
    values: Map<String, Value>,
    submit: bool,
    on_behalf_of: Option<i64>,
) -> Result<(Application, Vec<HistoryEntry>), AppError> {
    let filing = match on_behalf_of {
        None => Filing::Own,
        Some(citizen) => Filing::Counter(citizen),
    };
    create_as(state, user, service_id, values, submit, filing).await
}

/// An application filed in an assisted session (see `assisted`): by a volunteer or an officer
/// of any agency for `citizen`, who consented to it, submitted at once and marked as assisted.
/// The caller (the assisted service) has checked the session and its scope.
pub async fn create_assisted(
    state: &AppState,
    assistant: &CurrentUser,
    service_id: &str,
    values: Map<String, Value>,
    citizen: i64,
    session: i64,
) -> Result<(Application, Vec<HistoryEntry>), AppError> {
    create_as(state, assistant, service_id, values, true, Filing::Session { citizen, session }).await
}

/// Who files an application, for whom.
#[derive(Clone, Copy)]
enum Filing {
    /// A citizen, for themself.
    Own,
    /// An officer at a counter of the service's own agency, for this citizen.
    Counter(i64),
    /// An assistant in an assisted session, for this citizen.
    Session { citizen: i64, session: i64 },
}

async fn create_as(
    state: &AppState,
    user: &CurrentUser,
    service_id: &str,
    mut values: Map<String, Value>,
    submit: bool,
    filing: Filing,
) -> Result<(Application, Vec<HistoryEntry>), AppError> {
    let service = service_record(state, service_id).await?;
    let online = service.service.channels.iter().any(|c| c == "online");
    let (citizen_id, filed_by, actor, assisted_session_id) = match (user.role, filing) {
        (Role::Citizen, Filing::Own) => {
            if !online {
                return Err(AppError::Refused { key: "error-not-online" });
            }
            (user.id, None, Actor::Owner, None)
        }
        (role, Filing::Counter(citizen)) if user.agency_id.as_deref() == Some(service.service.agency.as_str()) => {
            let actor = Actor::of_staff(role).ok_or(AppError::Forbidden)?;
            (citizen, Some(user.id), actor, None)
        }
        // In a session the assistant submits as the citizen would (the citizen's own workflow
        // step), the event marked as assisted; only online services, as for the citizen.
        (_, Filing::Session { citizen, session }) => {
            if !online {
                return Err(AppError::Refused { key: "error-not-online" });
            }
            (citizen, Some(user.id), Actor::Owner, Some(session))
        }
        _ => return Err(AppError::Forbidden),
    };
    let (offers, chosen) = choices(state, service_id, matches!(filing, Filing::Own), &mut values).await?;
    prefill(state, &service, citizen_id, &mut values).await?;
    let submit_step = match submit {
        true => Some(
            workflow_for(state, service_id)
                .find("submit", "draft", actor)
                .ok_or(AppError::Conflict { key: "error-action-not-allowed" })?
                .clone(),
        ),
        false => None,
    };
    let now = db::now();
    // The form and the time limit are judged before the write transaction, on a read
    // connection: an upload never changes owner, and the holiday calendar is reference data, so
    // the one writer is held only for the writes.
    let owners = [citizen_id, user.id];
    let auto: Vec<String> = chosen.iter().filter(|c| c.auto).map(|c| c.field.clone()).collect();
    let fields = checked_fields(&mut *state.db.conn().await?, &service, &values, &owners, submit, &auto).await?;
    let due_date = match submit {
        true => Some(due_date(state, &service, now).await?),
        false => None,
    };
    let year = calendar::local_date(now, state.config.utc_offset_hours().unwrap_or(7)).year();
    let mut app = Application {
        id: 0,
        code: String::new(),
        service_id: service_id.to_string(),
        service_version: service.version,
        agency_id: service.service.agency.clone(),
        citizen_id,
        filed_by,
        status: "draft".into(),
        fields,
        assigned_to: None,
        submitted_at: None,
        due_date: None,
        created_at: now,
        updated_at: now,
        revision: 0,
        assisted_session_id,
    };
    let role = match assisted_session_id {
        Some(_) => "assisted",
        None => role_label(actor, filed_by.is_some()),
    };
    let (user_id, user_name, prefix) = (user.id, user.full_name.clone(), format!("SP-{year}"));
    let fee = crate::payments::service::fee_of(&service);
    let (payments, offset) = (state.config.payments.clone(), state.config.utc_offset_hours().unwrap_or(7));
    let created: Result<(Application, Vec<HistoryEntry>), AppError> = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                app.code = crate::db::next_code(tx, &prefix).await?;
                if let Some(session) = app.assisted_session_id {
                    // The session is judged again in the writing transaction: a session the
                    // citizen withdrew a moment ago files nothing.
                    crate::assisted::service::ensure_open(tx, session, crate::assisted::model::Act::Apply, now).await?;
                }
                let Some(step) = submit_step else {
                    app.id = store::insert(tx, &app).await?;
                    verify::record_choices(tx, app.id, citizen_id, &offers, &chosen, now).await?;
                    let events = [created_event(app.id, user_id, role)];
                    store::insert_events(tx, &events, now).await?;
                    let history = events.iter().map(|e| e.entry(now, &user_name)).collect();
                    return Ok((app, history));
                };
                // Created and submitted in one breath: one row in its submitted state, and both events.
                // A service with a fee waits for its bill first: its time limit starts once paid.
                let target = step.to.unwrap_or_else(|| "draft".into());
                let fee = fee.filter(|_| target != "draft");
                let status = match fee {
                    Some(_) => crate::payments::model::AWAITING_PAYMENT.to_string(),
                    None => target.clone(),
                };
                app.submitted_at = Some(now);
                app.due_date = if fee.is_some() { None } else { due_date };
                app.status = status.clone();
                app.revision = 1;
                app.id = store::insert(tx, &app).await?;
                if let Some(fee) = &fee {
                    crate::payments::service::bill_fee(tx, &payments, &app, fee, &target, offset, now).await?;
                }
                verify::record_choices(tx, app.id, citizen_id, &offers, &chosen, now).await?;
                verify::queue(tx, app.id, now).await?;
                let submitted = NewEvent {
                    action: "submit",
                    from_status: Some("draft"),
                    to_status: &status,
                    ..created_event(app.id, user_id, role)
                };
                let events = [created_event(app.id, user_id, role), submitted];
                record_transition(tx, &app, app.revision, &events, "draft", now).await?;
                let history = events.iter().map(|e| e.entry(now, &user_name)).collect();
                Ok((app, history))
            })
        })
        .await;
    if created.is_ok() && submit {
        verify::kick(state);
    }
    created
}

/// The first event of every application.
fn created_event(application_id: i64, user_id: i64, role: &str) -> NewEvent<'_> {
    NewEvent {
        application_id,
        actor_id: Some(user_id),
        actor_role: role,
        action: "create",
        from_status: None,
        to_status: "draft",
        note: None,
    }
}

fn role_label(actor: Actor, assisted: bool) -> &'static str {
    match (actor, assisted) {
        (Actor::Owner, _) => "citizen",
        (Actor::Officer, true) | (Actor::Supervisor, true) => "assisted",
        (Actor::Officer, false) => "officer",
        (Actor::Supervisor, false) => "supervisor",
    }
}

/// What an action carries besides its name.
#[derive(Default)]
pub struct ActionInput {
    pub note: Option<String>,
    /// Corrected or completed fields (editing a draft, answering a request for revision).
    pub fields: Option<Map<String, Value>>,
    /// The officer to assign to (`assign`).
    pub assignee: Option<i64>,
}

/// Take `action` on the application `code` as `user`. Two people acting at once: one wins,
/// the other gets `409 conflict` and nothing of theirs is written.
pub async fn act(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    action: &str,
    input: ActionInput,
) -> Result<Application, AppError> {
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let app = store::by_code(&mut tx, code).await?.ok_or(AppError::NotFound)?;
    let actor = actor_for(user, &app).ok_or(AppError::NotFound)?;
    let service = service_record(state, &app.service_id).await?;
    let mut values = input.fields.unwrap_or_default();
    let (offers, chosen) = choices(state, &app.service_id, actor == Actor::Owner, &mut values).await?;
    let app = if action == "edit" {
        let auto = verify::auto_fields(&mut tx, app.id, &chosen).await?;
        let app = edit_fields(&mut tx, app, &service, user, actor, values, now, &auto).await?;
        verify::record_choices(&mut tx, app.id, app.citizen_id, &offers, &chosen, now).await?;
        app
    } else {
        let mut app = app;
        if matches!(action, "submit" | "resubmit") {
            app.fields.extend(values);
            verify::record_choices(&mut tx, app.id, app.citizen_id, &offers, &chosen, now).await?;
        }
        transition(state, &mut tx, app, &service, user, actor, action, input.note.as_deref(), input.assignee, now)
            .await?
    };
    let asks = matches!(action, "submit" | "resubmit") && verify::queue(&mut tx, app.id, now).await? > 0;
    let event = crate::notify::LiveEvent { code: app.code.clone(), status: app.status.clone() };
    state.live.announce(&mut tx, &event).await?;
    tx.commit().await?;
    state.live.committed(event);
    if asks {
        verify::kick(state);
    }
    Ok(app)
}

#[allow(clippy::too_many_arguments)]
async fn edit_fields(
    tx: &mut Tx,
    mut app: Application,
    service: &ServiceRecord,
    user: &CurrentUser,
    actor: Actor,
    values: Map<String, Value>,
    now: i64,
    auto: &[String],
) -> Result<Application, AppError> {
    if actor != Actor::Owner || !matches!(app.status.as_str(), "draft" | "revision_requested") {
        return Err(AppError::Conflict { key: "error-action-not-allowed" });
    }
    let mut merged = app.fields.clone();
    merged.extend(values);
    let owners = [app.citizen_id, user.id];
    app.fields = checked_fields(tx, service, &merged, &owners, false, auto).await?;
    if !store::save_state(tx, &app, now).await? {
        return Err(AppError::Conflict { key: "error-concurrent" });
    }
    app.revision += 1;
    Ok(app)
}

#[allow(clippy::too_many_arguments)]
async fn transition(
    state: &AppState,
    tx: &mut Tx,
    mut app: Application,
    service: &ServiceRecord,
    user: &CurrentUser,
    actor: Actor,
    action: &str,
    note: Option<&str>,
    assignee: Option<i64>,
    now: i64,
) -> Result<Application, AppError> {
    let workflow = workflow_for(state, &app.service_id);
    let t = workflow
        .find(action, &app.status, actor)
        .ok_or(AppError::Conflict { key: "error-action-not-allowed" })?
        .clone();
    let note = note.map(str::trim).filter(|n| !n.is_empty()).map(|n| n.chars().take(2000).collect::<String>());
    if t.note_required && note.is_none() {
        return Err(AppError::Validation(vec![FieldError::new("note", "field-required")]));
    }
    let from = app.status.clone();
    match action {
        "submit" | "resubmit" => {
            let owners = [app.citizen_id, user.id];
            let auto = verify::auto_fields(tx, app.id, &[]).await?;
            app.fields = checked_fields(tx, service, &app.fields, &owners, true, &auto).await?;
            if action == "submit" {
                app.submitted_at = Some(now);
                app.due_date = Some(due_date(state, service, now).await?);
            }
        }
        "claim" => app.assigned_to = Some(user.id),
        "issue" => {
            let snap = catalog::snapshot(state).await?;
            let agency_name = snap.agency(&app.agency_id).map(|a| a.name.id().to_string()).unwrap_or_default();
            let holder =
                crate::identity::store::profile(tx, app.citizen_id).await?.map(|p| p.full_name).unwrap_or_default();
            let today = calendar::local_date(now, state.config.utc_offset_hours().unwrap_or(7));
            crate::documents::issue(tx, &state.keys, &app, service, &agency_name, &holder, today, now).await?;
        }
        "assign" => {
            let to =
                assignee.ok_or_else(|| AppError::Validation(vec![FieldError::new("assignee", "field-required")]))?;
            let staff = crate::identity::store::staff_of_agency(tx, &app.agency_id).await?;
            if !staff.iter().any(|(id, _)| *id == to) {
                return Err(AppError::Validation(vec![FieldError::new("assignee", "field-assignee")]));
            }
            app.assigned_to = Some(to);
        }
        _ => {}
    }
    if let Some(to) = &t.to {
        app.status = to.clone();
    }
    match action {
        // A service with a fee waits for its bill first: its time limit starts once paid.
        "submit" => {
            if let Some(fee) = crate::payments::service::fee_of(service) {
                let offset = state.config.utc_offset_hours().unwrap_or(7);
                crate::payments::service::bill_fee(tx, &state.config.payments, &app, &fee, &app.status, offset, now)
                    .await?;
                app.status = crate::payments::model::AWAITING_PAYMENT.to_string();
                app.due_date = None;
            }
        }
        "cancel" => crate::payments::service::cancel_open_bills(tx, app.id, now).await?,
        _ => {}
    }
    if !store::save_state(tx, &app, now).await? {
        return Err(AppError::Conflict { key: "error-concurrent" });
    }
    let role = role_label(actor, app.filed_by.is_some() && actor != Actor::Owner && action == "submit");
    let event = NewEvent {
        application_id: app.id,
        actor_id: Some(user.id),
        actor_role: role,
        action,
        from_status: Some(&from),
        to_status: &app.status,
        note: note.as_deref(),
    };
    record_transition(tx, &app, app.revision + 1, &[event], &from, now).await?;
    app.revision += 1;
    Ok(app)
}

/// Put an application on hold for a bill an officer set (a levy), in the caller's
/// transaction: its state waits as `awaiting_payment`, its time limit stops. Returns the
/// application, the state it will return to once the bill is paid, and its live event.
pub(crate) async fn hold_for_payment(
    tx: &mut Tx,
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    note: &str,
    now: i64,
) -> Result<(Application, String, crate::notify::LiveEvent), AppError> {
    let mut app = store::by_code(tx, code).await?.ok_or(AppError::NotFound)?;
    let actor = match actor_for(user, &app) {
        Some(a @ (Actor::Officer | Actor::Supervisor)) => a,
        Some(Actor::Owner) => return Err(AppError::Forbidden),
        None => return Err(AppError::NotFound),
    };
    if !matches!(app.status.as_str(), "verification" | "processing") {
        return Err(AppError::Conflict { key: "error-action-not-allowed" });
    }
    let from = app.status.clone();
    app.status = crate::payments::model::AWAITING_PAYMENT.to_string();
    if !store::save_state(tx, &app, now).await? {
        return Err(AppError::Conflict { key: "error-concurrent" });
    }
    let event = NewEvent {
        application_id: app.id,
        actor_id: Some(user.id),
        actor_role: role_label(actor, false),
        action: "levy",
        from_status: Some(&from),
        to_status: &app.status,
        note: Some(note),
    };
    record_transition(tx, &app, app.revision + 1, &[event], &from, now).await?;
    app.revision += 1;
    let live = announce(state, tx, &app).await?;
    Ok((app, from, live))
}

/// Resume an application whose bill was paid, in the caller's transaction: back to
/// `resume_status`; its time limit starts now (a fee paid after submission) or moves by the
/// working days it waited (a levy). Nothing happens to an application no longer waiting.
pub(crate) async fn resume_after_payment(
    tx: &mut Tx,
    state: &AppState,
    application_id: i64,
    resume_status: &str,
    paused_at: Option<i64>,
    now: i64,
) -> Result<Option<crate::notify::LiveEvent>, AppError> {
    let Some(mut app) = store::by_id(tx, application_id).await? else { return Ok(None) };
    if app.status != crate::payments::model::AWAITING_PAYMENT {
        return Ok(None);
    }
    let service = service_record(state, &app.service_id).await?;
    let holidays = state.holidays.get(&state.db).await?;
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    app.due_date = match (app.due_date.as_deref().and_then(calendar::parse_date), paused_at) {
        (Some(due), Some(paused)) => {
            let waited =
                holidays.working_days_between(calendar::local_date(paused, offset), calendar::local_date(now, offset));
            Some(holidays.add_working_days(due, waited.max(0)).to_string())
        }
        _ => Some(due_date(state, &service, now).await?),
    };
    app.status = resume_status.to_string();
    if !store::save_state(tx, &app, now).await? {
        return Err(AppError::Conflict { key: "error-concurrent" });
    }
    let event = NewEvent {
        application_id: app.id,
        actor_id: None,
        actor_role: "payment",
        action: "pay",
        from_status: Some(crate::payments::model::AWAITING_PAYMENT),
        to_status: &app.status,
        note: None,
    };
    record_transition(tx, &app, app.revision + 1, &[event], crate::payments::model::AWAITING_PAYMENT, now).await?;
    Ok(Some(announce(state, tx, &app).await?))
}

/// Announce an application's new state in the transaction that makes it; the event to pass to
/// `state.live.committed` once committed.
async fn announce(state: &AppState, tx: &mut Tx, app: &Application) -> Result<crate::notify::LiveEvent, AppError> {
    let event = crate::notify::LiveEvent { code: app.code.clone(), status: app.status.clone() };
    state.live.announce(tx, &event).await?;
    Ok(event)
}

impl From<store::Event> for HistoryEntry {
    fn from(e: store::Event) -> Self {
        HistoryEntry {
            at: e.at,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            actor_role: e.actor_role,
            actor_name: e.actor_name,
            note: e.note,
        }
    }
}

impl NewEvent<'_> {
    /// The event as the history shows it, once written at `at` by the user named `actor_name`.
    fn entry(&self, at: i64, actor_name: &str) -> HistoryEntry {
        HistoryEntry {
            at,
            action: self.action.to_string(),
            from_status: self.from_status.map(str::to_string),
            to_status: self.to_status.to_string(),
            actor_role: self.actor_role.to_string(),
            actor_name: Some(actor_name.to_string()),
            note: self.note.map(str::to_string),
        }
    }
}

/// One step of an application's history, for people and for the API.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct HistoryEntry {
    /// Unix seconds (UTC).
    pub at: i64,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    /// `citizen`, `officer`, `supervisor` or `assisted`.
    pub actor_role: String,
    pub actor_name: Option<String>,
    pub note: Option<String>,
}

/// An application as its citizen or an officer of its agency sees it.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ApplicationView {
    /// Tracking code, `SP-YYYY-NNNNNN`.
    pub code: String,
    pub service_id: String,
    pub service_version: i64,
    pub agency_id: String,
    pub status: String,
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    pub submitted_at: Option<i64>,
    /// The date the time limit ends (agency's local date), once submitted.
    pub due_date: Option<String>,
    /// Working days left until the due date (negative when overdue); none when closed.
    pub working_days_left: Option<i64>,
    pub assigned_to: Option<i64>,
    pub history: Vec<HistoryEntry>,
    /// The actions the caller may take now.
    pub available_actions: Vec<String>,
    /// Issued documents (with `pdf_url` and `verify_url`), once issued.
    pub documents: Vec<serde_json::Value>,
    /// Bills for the service's fee or a levy: while one is unpaid the application waits in
    /// `awaiting_payment`, its time limit stopped.
    pub bills: Vec<crate::payments::api::BillOut>,
    /// Fields verified automatically through the data exchange instead of an upload: the
    /// answer (`status`), its source agency and the exchange request id.
    pub verifications: Vec<crate::exchange::store::Verification>,
    /// Filed with help in an assisted session: who helped, as what, where.
    pub assisted: Option<crate::assisted::model::Mark>,
    pub created_at: i64,
}

/// Read an application: its citizen, or an officer of its agency (whose access is logged for the citizen).
pub async fn view(state: &AppState, user: &CurrentUser, code: &str) -> Result<ApplicationView, AppError> {
    let now = db::now();
    // One consistent read; the citizen reading their own application writes nothing.
    let mut tx = state.db.read().await?;
    let app = store::by_code(&mut tx, code).await?.ok_or(AppError::NotFound)?;
    let actor = actor_for(user, &app).ok_or(AppError::NotFound)?;
    let history = store::events(&mut tx, app.id).await?.into_iter().map(HistoryEntry::from).collect();
    let docs = crate::documents::of_application(&mut tx, app.id).await?;
    tx.commit().await?;
    if actor != Actor::Owner {
        // Staff see the citizen's data only once their access is in the citizen's log.
        let reason = format!("Memproses permohonan {}", app.code);
        store::log_access(&mut *state.db.write_one().await?, app.citizen_id, user.id, app.id, &reason, now).await?;
    }
    present(state, actor, app, history, &docs, now).await
}

/// An application just created by its citizen, as [`view`] would show it, without reading it
/// back (it has no documents yet).
pub async fn view_created(
    state: &AppState,
    user: &CurrentUser,
    app: Application,
    history: Vec<HistoryEntry>,
) -> Result<ApplicationView, AppError> {
    let actor = actor_for(user, &app).ok_or(AppError::NotFound)?;
    present(state, actor, app, history, &[], db::now()).await
}

/// An application as `actor` sees it.
async fn present(
    state: &AppState,
    actor: Actor,
    app: Application,
    history: Vec<HistoryEntry>,
    docs: &[crate::documents::Document],
    now: i64,
) -> Result<ApplicationView, AppError> {
    let holidays = state.holidays.get(&state.db).await?;
    let workflow = workflow_for(state, &app.service_id);
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let working_days_left = app
        .due_date
        .as_deref()
        .and_then(calendar::parse_date)
        .filter(|_| !workflow.is_terminal(&app.status) && app.status != "issued")
        .map(|due| holidays.working_days_between(calendar::local_date(now, offset), due));
    let mut available_actions: Vec<String> =
        workflow.available(&app.status, actor).iter().map(|t| t.action.clone()).collect();
    let verifications = verify::of_application(&mut *state.db.conn().await?, app.id).await?;
    let bills = crate::payments::api::of_application(state, &mut *state.db.conn().await?, app.id).await?;
    let assisted = match app.assisted_session_id {
        Some(session) => crate::assisted::service::mark(state, session).await?,
        None => None,
    };
    if actor == Actor::Owner && matches!(app.status.as_str(), "draft" | "revision_requested") {
        available_actions.push("edit".into());
    }
    Ok(ApplicationView {
        code: app.code,
        service_id: app.service_id,
        service_version: app.service_version,
        agency_id: app.agency_id,
        status: app.status,
        fields: app.fields,
        submitted_at: app.submitted_at,
        due_date: app.due_date,
        working_days_left,
        assigned_to: app.assigned_to,
        history,
        available_actions,
        documents: docs
            .iter()
            .map(|d| {
                serde_json::json!({
                    "number": d.number,
                    "status": if d.revoked_at.is_some() { "revoked" } else { "issued" },
                    "issued_on": d.content.issued_on,
                    "valid_until": d.content.valid_until,
                    "pdf_url": format!("/dokumen/{}/pdf", d.number),
                    "verify_url": crate::documents::verify_url(&state.base_url(), d),
                })
            })
            .collect(),
        verifications,
        bills,
        assisted,
        created_at: app.created_at,
    })
}

/// An officer of the application's agency asks a field's provider again ("Periksa ulang").
pub async fn recheck(state: &AppState, user: &CurrentUser, code: &str, field: &str) -> Result<(), AppError> {
    let mut tx = state.db.read().await?;
    let app = store::by_code(&mut tx, code).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    match actor_for(user, &app) {
        Some(Actor::Officer | Actor::Supervisor) => {}
        Some(Actor::Owner) => return Err(AppError::Forbidden),
        None => return Err(AppError::NotFound),
    }
    if !verify::recheck(state, app.id, field).await? {
        return Err(AppError::Validation(vec![FieldError::new("field", "field-verify-none")]));
    }
    Ok(())
}

/// A citizen's own applications, newest first.
pub async fn mine(state: &AppState, user: &CurrentUser) -> Result<Vec<Application>, AppError> {
    let mut tx = state.db.read().await?;
    let list = store::of_citizen(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(list)
}

/// Filters of an agency inbox.
#[derive(Default, Clone, Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxFilter {
    /// Only this service.
    pub service: Option<String>,
    /// Only this status.
    pub status: Option<String>,
    /// Only applications submitted at least this many days ago.
    pub older_than_days: Option<i64>,
}

/// The caller's agency's applications (officers and supervisors).
pub async fn inbox(state: &AppState, user: &CurrentUser, f: &InboxFilter) -> Result<Vec<Application>, AppError> {
    let agency =
        user.agency_id.as_deref().filter(|_| Actor::of_staff(user.role).is_some()).ok_or(AppError::Forbidden)?;
    let mut tx = state.db.read().await?;
    let mut list = store::inbox(&mut tx, agency, f.service.as_deref(), f.status.as_deref(), 500).await?;
    tx.commit().await?;
    if let Some(days) = f.older_than_days {
        if !(0..=36_500).contains(&days) {
            return Err(AppError::Validation(vec![FieldError::new("older_than_days", "field-invalid")]));
        }
        let cutoff = db::now() - days * 86_400;
        list.retain(|a| a.submitted_at.is_some_and(|s| s <= cutoff));
    }
    Ok(list)
}

/// Who accessed the citizen's personal data, and why.
pub async fn access_log(state: &AppState, user: &CurrentUser) -> Result<Vec<store::AccessEntry>, AppError> {
    let mut tx = state.db.read().await?;
    let log = store::access_log(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(log)
}

/// Staff may read an upload when an application of their agency uses it (the access is logged).
pub async fn staff_may_read_upload(state: &AppState, user: &CurrentUser, upload_id: &str) -> Result<bool, AppError> {
    let Some(agency) = user.agency_id.as_deref().filter(|_| Actor::of_staff(user.role).is_some()) else {
        return Ok(false);
    };
    let mut tx = state.db.begin().await?;
    let found = store::application_using_upload(&mut tx, agency, upload_id).await?;
    if let Some((app_id, citizen_id, code)) = &found {
        store::log_access(
            &mut tx,
            *citizen_id,
            user.id,
            *app_id,
            &format!("Memeriksa berkas permohonan {code}"),
            db::now(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(found.is_some())
}

/// The citizen, agency and tracking code of an application (for capabilities built on it, such
/// as issued documents), read in the caller's transaction.
pub async fn parties(tx: &mut Tx, application_id: i64) -> Result<Option<(i64, String, String)>, AppError> {
    Ok(store::parties(tx, application_id).await?)
}

/// The registered citizen with this NIK (assisted mode at a counter), or a field error.
pub async fn citizen_by_nik(state: &AppState, nik: &str) -> Result<i64, AppError> {
    let nik = crate::identity::Nik::parse(nik)
        .map_err(|e| AppError::Validation(vec![FieldError::new("citizen_nik", e.key())]))?;
    let mut tx = state.db.read().await?;
    let found = crate::identity::store::citizen_by_nik(&mut tx, nik.as_str()).await?;
    tx.commit().await?;
    found.map(|(id, _)| id).ok_or(AppError::Validation(vec![FieldError::new("citizen_nik", "field-citizen-unknown")]))
}

/// A citizen's applications, newest first (for an assistant checking their status within an
/// assisted session: the caller checked the session).
pub async fn of_citizen(state: &AppState, citizen_id: i64) -> Result<Vec<Application>, AppError> {
    let mut tx = state.db.read().await?;
    let list = store::of_citizen(&mut tx, citizen_id).await?;
    tx.commit().await?;
    Ok(list)
}

/// The applications filed in these assisted sessions, oldest first.
pub async fn of_assisted_sessions(state: &AppState, sessions: &[i64]) -> Result<Vec<Application>, AppError> {
    Ok(store::by_assisted_sessions(&mut *state.db.conn().await?, sessions).await?)
}

/// The services a citizen has applied for (drafts included).
pub async fn services_of(state: &AppState, citizen_id: i64) -> Result<std::collections::HashSet<String>, AppError> {
    let mut tx = state.db.read().await?;
    let list = store::of_citizen(&mut tx, citizen_id).await?;
    tx.commit().await?;
    Ok(list.into_iter().map(|a| a.service_id).collect())
}
