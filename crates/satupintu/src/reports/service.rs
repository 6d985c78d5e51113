//! Report rules. Every state change goes through [`create`] or [`act`], which write the new
//! state, its history event, the reporter's notification and the ledger leaf in one transaction.

use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::classify;
use super::model::{Category, Location, Privacy};
use super::store::{self, NewEvent, Report};
use crate::app::AppState;
use crate::db::{self, Tx};
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// Photos a report may carry.
pub const MAX_PHOTOS: usize = 5;

/// The agency that usually handles a category (the coordinator can dispatch elsewhere).
pub fn default_agency(category: Category) -> &'static str {
    match category {
        Category::Jalan | Category::DrainaseBanjir => "dpupr",
        Category::Sampah | Category::Pencemaran => "dlh",
        Category::PeneranganJalan => "dishub",
        Category::AirBersih => "pdam",
        Category::FasilitasUmum => "dpupr",
        Category::PelayananPetugas | Category::Pungli => "inspektorat",
        Category::Lainnya => "",
    }
}

/// A new report as a citizen sent it, before checking.
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize, ToSchema)]
#[serde(default)]
pub struct NewReport {
    /// One of `jalan`, `sampah`, `drainase_banjir`, `penerangan_jalan`, `air_bersih`,
    /// `pencemaran`, `fasilitas_umum`, `pelayanan_petugas`, `pungli`, `lainnya`.
    pub category: Option<String>,
    pub description: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `public`, `anonymous` or `confidential`.
    pub privacy: Option<String>,
    /// Upload ids (`POST /api/v1/uploads`) of up to 5 photos (JPEG, PNG or WebP).
    pub photos: Vec<String>,
    /// A 2-, 4- or 6-digit region code (province, regency, district), when known.
    pub region_code: Option<String>,
    /// A street address or landmark, when there is no map pin.
    pub address: Option<String>,
}

/// Who is acting on a report, relative to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Actor {
    Reporter,
    /// An officer or supervisor of the coordinating agency.
    Coordinator,
    /// An officer or supervisor of the agency the report was dispatched to.
    Agency,
}

/// What a transition needs: (action, from states, new state or none, who, a note required,
/// shown to the public).
struct Step {
    action: &'static str,
    from: &'static [&'static str],
    to: Option<&'static str>,
    who: Actor,
    note_required: bool,
    public: bool,
}

const OPEN: &[&str] = &["received", "verified", "dispatched", "in_progress", "resolved"];

const STEPS: &[Step] = &[
    Step {
        action: "verify",
        from: &["received"],
        to: Some("verified"),
        who: Actor::Coordinator,
        note_required: false,
        public: true,
    },
    Step {
        action: "reject",
        from: &["received", "verified"],
        to: Some("rejected"),
        who: Actor::Coordinator,
        note_required: true,
        public: true,
    },
    Step {
        action: "dispatch",
        from: &["received", "verified"],
        to: Some("dispatched"),
        who: Actor::Coordinator,
        note_required: false,
        public: true,
    },
    Step {
        action: "start",
        from: &["dispatched"],
        to: Some("in_progress"),
        who: Actor::Agency,
        note_required: false,
        public: true,
    },
    Step {
        action: "respond",
        from: &["dispatched", "in_progress"],
        to: None,
        who: Actor::Agency,
        note_required: true,
        public: true,
    },
    Step {
        action: "resolve",
        from: &["dispatched", "in_progress"],
        to: Some("resolved"),
        who: Actor::Agency,
        note_required: true,
        public: true,
    },
    Step {
        action: "hand_back",
        from: &["dispatched", "in_progress"],
        to: Some("verified"),
        who: Actor::Agency,
        note_required: true,
        public: false,
    },
    Step { action: "note", from: OPEN, to: None, who: Actor::Coordinator, note_required: true, public: false },
    Step { action: "note", from: OPEN, to: None, who: Actor::Agency, note_required: true, public: false },
    Step {
        action: "reopen",
        from: &["resolved"],
        to: Some("in_progress"),
        who: Actor::Reporter,
        note_required: true,
        public: true,
    },
    Step {
        action: "close",
        from: &["resolved"],
        to: Some("closed"),
        who: Actor::Reporter,
        note_required: false,
        public: true,
    },
];

pub(super) fn actors(state: &AppState, user: &CurrentUser, r: &Report) -> Vec<Actor> {
    let mut out = vec![];
    if r.reporter_id == Some(user.id) && user.role == Role::Citizen {
        out.push(Actor::Reporter);
    }
    if matches!(user.role, Role::Officer | Role::Supervisor) {
        let agency = user.agency_id.as_deref();
        if agency == Some(state.config.reports_coordinator.as_str()) {
            out.push(Actor::Coordinator);
        }
        if agency.is_some() && agency == r.agency_id.as_deref() {
            out.push(Actor::Agency);
        }
    }
    out
}

fn role_label(actor: Actor) -> &'static str {
    match actor {
        Actor::Reporter => "reporter",
        Actor::Coordinator => "coordinator",
        Actor::Agency => "agency",
    }
}

/// Working days after resolution before a report closes by itself (unless its reporter reopens it).
pub const CLOSE_AFTER_DAYS: i64 = 10;

/// The category's time limits.
fn sla(state: &AppState, category: &str) -> crate::config::ReportSla {
    state.config.reports_sla.get(category).copied().unwrap_or_default()
}

/// The local date `days` working days after `now`.
pub(super) async fn after_working_days(state: &AppState, now: i64, days: i64) -> Result<String, AppError> {
    let holidays = state.holidays.get(&state.db).await?;
    let today = crate::calendar::local_date(now, state.config.utc_offset_hours().unwrap_or(7));
    Ok(holidays.add_working_days(today, days).to_string())
}

/// A new report that passed [`check`].
pub(super) struct Checked {
    pub category: Category,
    pub description: String,
    /// The map point, when one was given (an address in a region may stand in for it).
    pub location: Option<Location>,
    pub privacy: Privacy,
    pub region: Option<String>,
}

/// Check a new report: every problem, per field.
pub(super) fn check(input: &NewReport) -> Result<Checked, AppError> {
    let mut errs = vec![];
    let category = input.category.as_deref().map(str::trim).and_then(Category::parse);
    if category.is_none() {
        errs.push(FieldError::new("category", "field-option"));
    }
    let description = input.description.as_deref().map(str::trim).unwrap_or_default().to_string();
    if description.chars().count() < 10 {
        errs.push(FieldError::new("description", "field-report-too-short"));
    } else if description.chars().count() > 5000 {
        errs.push(FieldError::new("description", "field-too-long"));
    }
    // Where: a map pin, or (without one) an address in a known regency or district.
    let region = input.region_code.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let address = input.address.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let location = match (input.lat, input.lon) {
        (Some(lat), Some(lon)) => {
            let l = Location::parse(lat, lon);
            if l.is_none() {
                errs.push(FieldError::new("lat", "field-location"));
            }
            l.map(Some)
        }
        _ if address.is_some() && region.is_some_and(|r| r.len() >= 4) => Some(None),
        _ => {
            errs.push(FieldError::new("lat", "field-report-location"));
            None
        }
    };
    let privacy = Privacy::parse(input.privacy.as_deref().unwrap_or("public").trim());
    if privacy.is_none() {
        errs.push(FieldError::new("privacy", "field-option"));
    }
    if region.is_some_and(|r| !matches!(r.len(), 2 | 4 | 6) || crate::wilayah::get(r).is_none()) {
        errs.push(FieldError::new("region_code", "field-region"));
    }
    if input.photos.len() > MAX_PHOTOS {
        errs.push(FieldError::new("photos", "field-too-many-photos"));
    }
    match (category, location, privacy, errs.is_empty()) {
        (Some(category), Some(location), Some(privacy), true) => {
            Ok(Checked { category, description, location, privacy, region: region.map(str::to_string) })
        }
        _ => Err(AppError::Validation(errs)),
    }
}

/// A citizen's new report: checked, given a tracking code `LP-YYYY-NNNNNN`, a suggested
/// category and agency, and recorded with its photos in one transaction.
pub async fn create(state: &AppState, user: &CurrentUser, input: NewReport) -> Result<Report, AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    submit(state, Sender::Account(user), input).await
}

/// Who sends a new report.
#[derive(Clone, Copy)]
enum Sender<'a> {
    /// A signed-in citizen.
    Account(&'a CurrentUser),
    /// Someone without an account, with what they told of themselves ([`create_without_account`]).
    Guest(&'a Guest),
    /// An assistant for the citizen `citizen` in the assisted session `session` ([`create_assisted`]).
    Assisted { assistant: &'a CurrentUser, citizen: i64, session: i64 },
}

/// A report filed in an assisted session (see `assisted`): the citizen is its reporter, the
/// assistant's uploads are its photos, and its first event is marked as assisted. The caller
/// (the assisted service) has checked the session and its scope.
pub async fn create_assisted(
    state: &AppState,
    assistant: &CurrentUser,
    citizen: i64,
    session: i64,
    input: NewReport,
) -> Result<Report, AppError> {
    submit(state, Sender::Assisted { assistant, citizen, session }, input).await
}

/// A new report from `sender`: checked, given its code, suggestion and time limit, and recorded.
async fn submit(state: &AppState, sender: Sender<'_>, input: NewReport) -> Result<Report, AppError> {
    let Checked { category, description, location, privacy, region } = check(&input)?;
    // No region chosen: the boundaries the deployment provides tell it from the map point.
    let region = region.or_else(|| location.and_then(|l| state.regions.locate(l.lat, l.lon)).map(str::to_string));
    let (user_id, guest) = match sender {
        Sender::Account(user) => (Some(user.id), None),
        Sender::Guest(g) => (None, Some(g.clone())),
        Sender::Assisted { citizen, .. } => (Some(citizen), None),
    };
    let (actor_id, actor_role, session) = match sender {
        Sender::Assisted { assistant, session, .. } => (Some(assistant.id), "assisted", Some(session)),
        _ => (user_id, "reporter", None),
    };
    let photos = match sender {
        Sender::Account(user) | Sender::Assisted { assistant: user, .. } => {
            photos_of(state, user, &input.photos).await?
        }
        // Photos are a signed-in citizen's uploads; a guest's come cleaned from the web form,
        // or as a link to their media.
        Sender::Guest(g) if input.photos.is_empty() => g.photos.clone(),
        Sender::Guest(_) => return Err(AppError::Validation(vec![FieldError::new("photos", "field-upload-missing")])),
    };
    let suggestion = classify::suggest(&description);
    let now = db::now();
    let dispatch_due = after_working_days(state, now, sla(state, category.as_str()).dispatch_days).await?;
    let year = crate::calendar::local_date(now, state.config.utc_offset_hours().unwrap_or(7)).year();
    let mut report = Report {
        id: 0,
        code: String::new(),
        category: category.as_str().into(),
        description,
        lat: location.map(|l| l.lat),
        lon: location.map(|l| l.lon),
        address: input
            .address
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| a.chars().take(300).collect()),
        region_code: region,
        privacy: privacy.as_str().into(),
        status: "received".into(),
        reporter_id: user_id,
        agency_id: None,
        suggested_category: Some(suggestion.category.as_str().into()),
        suggested_agency: Some(default_agency(suggestion.category).into()).filter(|a: &String| !a.is_empty()),
        supporters: 0,
        hidden: false,
        dispatch_due: Some(dispatch_due),
        response_due: None,
        closes_on: None,
        escalated: None,
        created_at: now,
        updated_at: now,
        revision: 0,
    };
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                report.code = db::next_code(tx, &format!("LP-{year}")).await?;
                report.id = store::insert(tx, &report).await?;
                if let Some(g) = &guest {
                    let contact = [&g.name, &g.email, &g.phone, &g.media_url].map(Option::as_deref);
                    store::set_guest_contact(tx, report.id, contact).await?;
                }
                store::insert_photos(tx, report.id, &photos).await?;
                if let Some(session) = session {
                    // The session is judged again in the writing transaction: a session the
                    // citizen withdrew a moment ago files nothing.
                    crate::assisted::service::ensure_open(tx, session, crate::assisted::model::Act::Report, now)
                        .await?;
                    store::set_assisted_session(tx, report.id, session).await?;
                }
                let event = NewEvent {
                    report_id: report.id,
                    actor_id,
                    actor_role,
                    action: "submit",
                    from_status: None,
                    to_status: "received",
                    note: None,
                    public: true,
                };
                record(tx, &report, &event, now).await?;
                Ok::<_, AppError>(report)
            })
        })
        .await
}

/// A report the platform files by itself (issue 11: an IoT alert the public should see), with
/// no reporter, public, already with the owner agency.
#[derive(Clone, Debug)]
pub struct PlatformReport {
    pub category: Category,
    pub description: String,
    pub lat: f64,
    pub lon: f64,
    /// The place's name.
    pub address: String,
    pub region_code: Option<String>,
    /// The agency that owns what is reported (the report is dispatched to it at once).
    pub agency_id: String,
}

/// File `p` in the caller's transaction: a public report, dispatched to its agency, with its
/// `submit` event (by the system), the area alerts of people who follow the region and a
/// ledger leaf, as any report. Returns its code.
pub async fn file_from_platform(tx: &mut Tx, p: PlatformReport, now: i64) -> Result<String, sqlx::Error> {
    let year = crate::calendar::local_date(now, 7).year();
    let mut report = Report {
        id: 0,
        code: db::next_code(tx, &format!("LP-{year}")).await?,
        category: p.category.as_str().into(),
        description: p.description.chars().take(2000).collect(),
        lat: Some(p.lat),
        lon: Some(p.lon),
        address: Some(p.address.chars().take(300).collect()),
        region_code: p.region_code,
        privacy: Privacy::Public.as_str().into(),
        status: "dispatched".into(),
        reporter_id: None,
        agency_id: Some(p.agency_id.clone()),
        suggested_category: Some(p.category.as_str().into()),
        suggested_agency: Some(p.agency_id),
        supporters: 0,
        hidden: false,
        dispatch_due: None,
        response_due: None,
        closes_on: None,
        escalated: None,
        created_at: now,
        updated_at: now,
        revision: 0,
    };
    report.id = store::insert(tx, &report).await?;
    let event = NewEvent {
        report_id: report.id,
        actor_id: None,
        actor_role: "system",
        action: "submit",
        from_status: None,
        to_status: "dispatched",
        note: None,
        public: true,
    };
    record(tx, &report, &event, now).await.map_err(|e| match e {
        AppError::Internal(e) => {
            e.downcast::<sqlx::Error>().unwrap_or_else(|e| sqlx::Error::Protocol(format!("{e:#}")))
        }
        other => sqlx::Error::Protocol(other.to_string()),
    })?;
    Ok(report.code)
}

/// Someone who reports without an account (through an Open311 client): what they told of
/// themselves, and a link to their photo or video elsewhere. The coordinator sees their contact
/// details as an account's; the privacy level decides who else does.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Guest {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// An `http(s)` link to media about the report.
    pub media_url: Option<String>,
    /// Photos sent with the web form, already cleaned and in the blob store (no account owns them).
    pub photos: Vec<store::Photo>,
}

/// A report from someone without an account (it carries no uploads: `input.photos` must be
/// empty). Their details are checked like an account's: every problem, per field.
pub async fn create_without_account(state: &AppState, guest: Guest, input: NewReport) -> Result<Report, AppError> {
    let guest = check_guest(&guest).map_err(AppError::Validation)?;
    submit(state, Sender::Guest(&guest), input).await
}

/// Check what someone without an account told of themselves: every problem, per field; the
/// details cleaned up when they are right.
pub fn check_guest(guest: &Guest) -> Result<Guest, Vec<FieldError>> {
    let mut errs = vec![];
    let text = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let name = match text(&guest.name).map(|n| crate::identity::model::parse_full_name(&n)) {
        Some(Err(key)) => {
            errs.push(FieldError::new("name", key));
            None
        }
        Some(Ok(n)) => Some(n),
        None => None,
    };
    let email = text(&guest.email).map(|e| crate::identity::model::Email::parse(&e).map(|e| e.as_str().to_string()));
    if matches!(email, Some(None)) {
        errs.push(FieldError::new("email", "field-email-invalid"));
    }
    let phone = text(&guest.phone).map(|p| crate::identity::model::Phone::parse(&p).map(|p| p.as_str().to_string()));
    if matches!(phone, Some(None)) {
        errs.push(FieldError::new("phone", "field-phone-invalid"));
    }
    let media_url = text(&guest.media_url);
    let web_link =
        |u: &str| u.len() <= 1000 && url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if media_url.as_deref().is_some_and(|u| !web_link(u)) {
        errs.push(FieldError::new("media_url", "field-invalid"));
    }
    if guest.photos.len() > MAX_PHOTOS {
        errs.push(FieldError::new("photos", "field-too-many-photos"));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(Guest { name, email: email.flatten(), phone: phone.flatten(), media_url, photos: guest.photos.clone() })
}

/// The reporter's name, e-mail and phone: from their account, or as they sent them without one.
async fn reporter_contact(
    conn: &mut crate::db::Conn,
    r: &Report,
) -> Result<Option<(String, Option<String>, Option<String>)>, sqlx::Error> {
    match r.reporter_id {
        Some(id) => crate::identity::store::contact(conn, id).await,
        None => store::guest_contact(conn, r.id).await,
    }
}

/// The photos among `ids`: the caller's own image uploads.
async fn photos_of(state: &AppState, user: &CurrentUser, ids: &[String]) -> Result<Vec<store::Photo>, AppError> {
    let mut out = vec![];
    for (i, id) in ids.iter().enumerate() {
        let field = format!("photos[{i}]");
        let found = crate::uploads::info(state, user.id, id).await?;
        match found {
            Some(u) if u.mime.starts_with("image/") => {
                out.push(store::Photo { sha256: u.sha256, mime: u.mime, size: u.size, hidden: false })
            }
            Some(_) => return Err(AppError::Validation(vec![FieldError::new(field, "field-photo-type")])),
            None => return Err(AppError::Validation(vec![FieldError::new(field, "field-upload-missing")])),
        }
    }
    Ok(out)
}

/// The history event, the reporter's notification and the ledger leaf of a change.
pub(super) async fn record(tx: &mut Tx, r: &Report, e: &NewEvent<'_>, now: i64) -> Result<(), AppError> {
    store::insert_event(tx, e, now).await?;
    if e.action == "submit" && !r.hidden && r.privacy != Privacy::Confidential.as_str() {
        super::guest::alert_new_report(tx, r, now).await?;
    }
    if e.public {
        // The reporter and everyone who supports the report hear of every public step.
        let payload = json!({"code": r.code, "status": r.status, "event": e.action});
        let mut followers = store::supporters(tx, r.id).await?;
        followers.extend(r.reporter_id);
        for person in followers {
            let key = format!("{}:{}:{}:{person}", r.code, r.revision + 1, e.action);
            crate::notify::service::queue(tx, "report_status", person, &payload, &key, now).await?;
        }
    }
    // The ledger is public: a confidential report is named there only by a hash of its code.
    let confidential = r.privacy == Privacy::Confidential.as_str();
    let mut leaf = crate::ledger::Leaf::new(format!("report.{}", e.action), now)
        .with("category", r.category.as_str())
        .with("to", e.to_status)
        .with("actor_role", e.actor_role)
        .with_hash("description_sha256", r.description.as_bytes());
    leaf = match confidential {
        true => leaf.with_hash("code_sha256", r.code.as_bytes()),
        false => leaf.with("code", r.code.as_str()),
    };
    if let Some(from) = e.from_status {
        leaf = leaf.with("from", from);
    }
    if let Some(agency) = &r.agency_id {
        leaf = leaf.with("agency_id", agency.as_str());
    }
    if e.actor_role == "assisted" {
        leaf = leaf.with("assisted", true);
    }
    crate::ledger::record(tx, &leaf).await?;
    Ok(())
}

/// What an action carries besides its name.
#[derive(Debug, Default, Clone, serde::Deserialize, ToSchema)]
#[serde(default)]
pub struct ActionInput {
    /// `verify`, `reject`, `dispatch`, `start`, `respond`, `resolve`, `hand_back`, `note`,
    /// `reopen` or `close`.
    pub action: String,
    /// The reason or the public update (required for reject, respond, resolve, hand_back,
    /// note, reopen).
    pub note: Option<String>,
    /// The agency to dispatch to (`dispatch`); by default the suggested one.
    pub agency_id: Option<String>,
    /// A corrected category (`verify`, `dispatch`).
    pub category: Option<String>,
}

/// Take an action on report `code`. Two people acting at once: one wins, the other gets `409`.
pub async fn act(state: &AppState, user: &CurrentUser, code: &str, input: ActionInput) -> Result<Report, AppError> {
    let mut r = store::by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    let mine = actors(state, user, &r);
    if mine.is_empty() {
        return Err(AppError::NotFound);
    }
    let step = STEPS
        .iter()
        .find(|s| s.action == input.action && s.from.contains(&r.status.as_str()) && mine.contains(&s.who))
        .ok_or(AppError::Conflict { key: "error-action-not-allowed" })?;
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().take(2000).collect::<String>());
    if step.note_required && note.is_none() {
        return Err(AppError::Validation(vec![FieldError::new("note", "field-required")]));
    }
    if let Some(c) = input.category.as_deref().filter(|c| !c.is_empty()) {
        let c = Category::parse(c).ok_or(AppError::Validation(vec![FieldError::new("category", "field-option")]))?;
        if matches!(step.action, "verify" | "dispatch") {
            r.category = c.as_str().into();
        }
    }
    if step.action == "dispatch" {
        let agency = input
            .agency_id
            .clone()
            .filter(|a| !a.is_empty())
            .or_else(|| Category::parse(&r.category).map(default_agency).map(str::to_string).filter(|a| !a.is_empty()))
            .ok_or(AppError::Validation(vec![FieldError::new("agency_id", "field-required")]))?;
        if crate::catalog::service::agency(state, &agency).await?.is_none() {
            return Err(AppError::Validation(vec![FieldError::new("agency_id", "field-agency-unknown")]));
        }
        r.agency_id = Some(agency);
    }
    let now = db::now();
    match step.action {
        "dispatch" => {
            let days = sla(state, &r.category).response_days;
            r.response_due = Some(after_working_days(state, now, days).await?);
        }
        "hand_back" => {
            r.agency_id = None;
            r.response_due = None;
        }
        "resolve" => r.closes_on = Some(after_working_days(state, now, CLOSE_AFTER_DAYS).await?),
        "reopen" => r.closes_on = None,
        _ => {}
    }
    let from = r.status.clone();
    if let Some(to) = step.to {
        r.status = to.into();
    }
    let user_id = user.id;
    let (action, public, role) = (step.action, step.public, role_label(step.who));
    let r = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::save_state(tx, &r, now).await? {
                    return Err(AppError::Conflict { key: "error-concurrent" });
                }
                let event = NewEvent {
                    report_id: r.id,
                    actor_id: Some(user_id),
                    actor_role: role,
                    action,
                    from_status: Some(&from),
                    to_status: &r.status,
                    note: note.as_deref(),
                    public,
                };
                record(tx, &r, &event, now).await?;
                Ok(r)
            })
        })
        .await?;
    let mut r = r;
    r.revision += 1;
    Ok(r)
}

/// What a partner organisation may know of a report passed to it (the partners capability).
#[derive(Clone, Debug)]
pub struct ForPartner {
    pub code: String,
    pub category: String,
    pub description: String,
    pub address: Option<String>,
    pub region_code: Option<String>,
    pub status: String,
    /// Not confidential and not hidden by moderation: a partner may be given it.
    pub shareable: bool,
}

impl From<Report> for ForPartner {
    fn from(r: Report) -> Self {
        let shareable = !r.hidden && r.privacy != Privacy::Confidential.as_str();
        ForPartner {
            code: r.code,
            category: r.category,
            description: r.description,
            address: r.address,
            region_code: r.region_code,
            status: r.status,
            shareable,
        }
    }
}

/// States in which the agency may pass a report to a partner, and a partner may act on it.
pub const PARTNER_STATES: &[&str] = &["verified", "dispatched", "in_progress"];

/// A report `user` handles (the coordinator's or the handling agency's officer or supervisor);
/// not found otherwise.
pub async fn handled_by(state: &AppState, user: &CurrentUser, code: &str) -> Result<ForPartner, AppError> {
    let r = store::by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    let mine = actors(state, user, &r);
    if !mine.contains(&Actor::Coordinator) && !mine.contains(&Actor::Agency) {
        return Err(AppError::NotFound);
    }
    Ok(r.into())
}

/// A report by its code, as a partner may know it (the caller checks it was passed to them).
pub async fn for_partner(state: &AppState, code: &str) -> Result<Option<ForPartner>, AppError> {
    Ok(store::by_code(&mut *state.db.conn().await?, code).await?.map(ForPartner::from))
}

/// A partner's step on a report, inside the caller's transaction: a public history event named
/// after the organisation, the reporter's notification and the ledger leaf. `action` is
/// `partner_assign` (the agency passed it; `actor_id` is the officer), `partner_update` or
/// `partner_done` (a member of the organisation). The report's state does not change.
pub async fn partner_step(
    tx: &mut Tx,
    code: &str,
    actor_id: i64,
    organisation: &str,
    action: &'static str,
    note: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let r = store::by_code(&mut **tx, code).await?.ok_or(AppError::NotFound)?;
    let role = if action == "partner_assign" { "agency" } else { "partner" };
    let event = NewEvent {
        report_id: r.id,
        actor_id: Some(actor_id),
        actor_role: role,
        action,
        from_status: Some(&r.status),
        to_status: &r.status,
        note,
        public: true,
    };
    record(tx, &r, &event, now).await?;
    store::label_last_event(tx, r.id, organisation).await?;
    Ok(())
}

/// What one run of [`run_deadlines`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DeadlineRun {
    /// Reports whose time limit passed, escalated to the supervisors of the agency at fault.
    pub escalated: usize,
    /// Resolved reports closed because the reporter did not reopen them in time.
    pub closed: usize,
}

/// Act on time limits as of `now` (a parameter so that tests can move the clock): a report not
/// dispatched by its dispatch date is escalated to the coordinating agency's supervisors, one
/// dispatched and not answered by its response date to the handling agency's supervisors (each
/// stage once), and a resolved report closes after [`CLOSE_AFTER_DAYS`] working days.
pub async fn run_deadlines(state: &AppState, now: i64) -> Result<DeadlineRun, AppError> {
    let today = crate::calendar::local_date(now, state.config.utc_offset_hours().unwrap_or(7)).to_string();
    let due = store::overdue(&mut *state.db.conn().await?, &today).await?;
    let mut done = DeadlineRun::default();
    for mut r in due {
        let escalation = match r.status.as_str() {
            "received" | "verified" => Some(("dispatch", state.config.reports_coordinator.clone())),
            "dispatched" => r.agency_id.clone().map(|a| ("response", a)),
            _ => None,
        };
        let supervisors = match &escalation {
            Some((_, agency)) => crate::identity::store::supervisors_of(&mut *state.db.conn().await?, agency).await?,
            None => vec![],
        };
        let from = r.status.clone();
        let (action, public, note) = match escalation {
            Some((stage, _)) => {
                let mut stages: Vec<&str> =
                    r.escalated.as_deref().unwrap_or("").split(',').filter(|s| !s.is_empty()).collect();
                stages.push(stage);
                r.escalated = Some(stages.join(","));
                done.escalated += 1;
                ("escalate", false, Some(stage))
            }
            None => {
                r.status = "closed".into();
                done.closed += 1;
                ("close", true, None)
            }
        };
        let outcome = state
            .db
            .write(move |tx| {
                Box::pin(async move {
                    if !store::save_state(tx, &r, now).await? {
                        return Ok::<_, AppError>(());
                    }
                    let event = NewEvent {
                        report_id: r.id,
                        actor_id: None,
                        actor_role: "system",
                        action,
                        from_status: Some(&from),
                        to_status: &r.status,
                        note,
                        public,
                    };
                    record(tx, &r, &event, now).await?;
                    let payload = json!({"code": r.code, "status": r.status, "stage": note});
                    for id in supervisors {
                        let key = format!("{}:escalate:{}:{id}", r.code, note.unwrap_or(""));
                        crate::notify::service::queue(tx, "report_escalation", id, &payload, &key, now).await?;
                    }
                    Ok(())
                })
            })
            .await;
        outcome?;
    }
    Ok(done)
}

/// Check time limits every minute, until the process ends.
pub fn spawn_deadlines(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            crate::db::jobs::run_logged(&state.db, "report-deadlines", run_deadlines(&state, db::now())).await;
        }
    })
}

/// Whether a report can be supported: public, not hidden, and not yet resolved.
fn supportable(r: &Report) -> bool {
    Privacy::parse(&r.privacy).is_some_and(Privacy::report_is_public)
        && !r.hidden
        && OPEN[..4].contains(&r.status.as_str())
}

/// Support a public, open report (+1) and follow its updates; supporting twice counts once,
/// and a reporter does not support their own report.
pub async fn support(state: &AppState, user: &CurrentUser, code: &str) -> Result<(), AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    let r = store::by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    let public = Privacy::parse(&r.privacy).is_some_and(Privacy::report_is_public) && !r.hidden;
    if !public {
        return Err(AppError::NotFound);
    }
    if r.reporter_id == Some(user.id) || !supportable(&r) {
        return Err(AppError::Conflict { key: "error-support-not-allowed" });
    }
    let (report_id, user_id, now) = (r.id, user.id, db::now());
    state.db.write(move |tx| Box::pin(async move { store::add_supporter(tx, report_id, user_id, now).await })).await?;
    Ok(())
}

/// Photo `n` (from 1) of a report, for a viewer who may see the report; a hidden photo only for
/// staff who handle it. Returns the bytes and their type.
pub async fn photo(
    state: &AppState,
    viewer: Option<&CurrentUser>,
    code: &str,
    n: usize,
) -> Result<(Vec<u8>, String), AppError> {
    let mut conn = state.db.conn().await?;
    let r = store::by_code(&mut conn, code).await?.ok_or(AppError::NotFound)?;
    let access = Access::of(state, viewer, &r).ok_or(AppError::NotFound)?;
    let p = store::photos(&mut conn, r.id).await?.into_iter().nth(n.saturating_sub(1)).ok_or(AppError::NotFound)?;
    drop(conn);
    if p.hidden && !access.staff {
        return Err(AppError::NotFound);
    }
    let addr = crate::uploads::blobs::Address::parse(&p.sha256).ok_or(AppError::NotFound)?;
    let bytes = state.blobs.get(&addr).await?.ok_or(AppError::NotFound)?;
    Ok((bytes, p.mime))
}

/// An open report like the one being written, for the citizen to support instead.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Similar {
    pub code: String,
    pub status: String,
    pub description: String,
    /// Metres from the point given.
    pub distance_m: f64,
    /// How alike the texts are (0 to 1, shared terms over all terms).
    pub similarity: f64,
    pub supporters: i64,
    pub url: String,
}

/// How far around a point similar reports are looked for.
pub const NEARBY_METRES: f64 = 300.0;

/// Open public reports of the same category within [`NEARBY_METRES`] of the point, the most
/// alike text first (at most 5), leaving out the viewer's own.
pub async fn similar(
    state: &AppState,
    viewer: Option<&CurrentUser>,
    category: &str,
    lat: f64,
    lon: f64,
    description: &str,
) -> Result<Vec<Similar>, AppError> {
    let mut errs = vec![];
    if Category::parse(category).is_none() {
        errs.push(FieldError::new("category", "field-option"));
    }
    let here = Location::parse(lat, lon);
    if here.is_none() {
        errs.push(FieldError::new("lat", "field-location"));
    }
    let Some(here) = here.filter(|_| errs.is_empty()) else { return Err(AppError::Validation(errs)) };
    // A box a little larger than the circle (a degree of latitude is about 111 km).
    let dlat = NEARBY_METRES / 111_000.0;
    let dlon = dlat / here.lat.to_radians().cos().max(0.1);
    let near = store::open_near(
        &mut *state.db.conn().await?,
        category,
        (here.lat - dlat, here.lat + dlat, here.lon - dlon, here.lon + dlon),
    )
    .await?;
    let mine: std::collections::HashSet<String> = bahasa::analyze(description).into_iter().collect();
    let mut out: Vec<Similar> = near
        .into_iter()
        // One's own report is not offered to support (supporting it is refused).
        .filter(|r| viewer.is_none_or(|v| r.reporter_id != Some(v.id)))
        .filter_map(|r| {
            let at = Location::parse(r.lat?, r.lon?)?;
            let distance_m = here.metres_to(at);
            (distance_m <= NEARBY_METRES).then_some((r, distance_m))
        })
        .map(|(r, distance_m)| {
            let theirs: std::collections::HashSet<String> = bahasa::analyze(&r.description).into_iter().collect();
            let union = mine.union(&theirs).count();
            let similarity = if union == 0 { 0.0 } else { mine.intersection(&theirs).count() as f64 / union as f64 };
            Similar {
                url: format!("/laporan/{}", r.code),
                code: r.code,
                status: r.status,
                description: r.description,
                distance_m: distance_m.round(),
                similarity: (similarity * 100.0).round() / 100.0,
                supporters: r.supporters,
            }
        })
        .collect();
    out.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then(a.distance_m.total_cmp(&b.distance_m)));
    out.truncate(5);
    Ok(out)
}

/// One step of a report's history as the viewer may see it.
#[derive(Serialize, ToSchema, Clone, Debug)]
#[schema(as = ReportHistoryEntry)]
pub struct HistoryEntry {
    pub at: i64,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    /// `reporter`, `coordinator`, `agency` or `partner`.
    pub actor_role: String,
    /// The partner organisation that wrote the step (`actor_role` `partner`).
    pub actor_label: Option<String>,
    pub note: Option<String>,
    /// False for staff-only notes (shown to staff only).
    pub public: bool,
}

/// Who reported it, for those allowed to know.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Reporter {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// How the reporter rated the handling.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct Rating {
    /// 1 (poor) to 5 (very good).
    pub stars: i64,
    pub comment: Option<String>,
}

/// A report as the viewer may see it.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ReportView {
    /// Tracking code, `LP-YYYY-NNNNNN`.
    pub code: String,
    pub category: String,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub region_code: Option<String>,
    pub privacy: String,
    pub status: String,
    /// The agency handling it, once dispatched.
    pub agency_id: Option<String>,
    pub supporters: i64,
    /// The reporter's name as the public sees it (public reports: first name and initial).
    pub reporter_name: Option<String>,
    /// Staff who may know the reporter see their contact details.
    pub reporter: Option<Reporter>,
    /// The classifier's suggestion (staff only).
    pub suggested_category: Option<String>,
    pub suggested_agency: Option<String>,
    pub photos: Vec<String>,
    pub history: Vec<HistoryEntry>,
    /// The actions the viewer may take now.
    pub available_actions: Vec<String>,
    /// Whether the viewer may support it (+1): a citizen who did not send it, or someone signed
    /// out (who signs in first); the report public and still open.
    pub may_support: bool,
    /// Whether the viewer may moderate it (the coordinator's staff).
    pub may_moderate: bool,
    /// Whether the viewer sees it as staff (handling it, or overseeing).
    pub staff: bool,
    /// The reporter's rating of the handling, once given.
    pub rating: Option<Rating>,
    /// Hidden from the public by moderation (staff only see it).
    pub hidden: bool,
    /// The date the current stage should be done by (staff and the reporter).
    pub due_date: Option<String>,
    /// Filed with help in an assisted session: who helped, as what, where (staff and the reporter).
    pub assisted: Option<crate::assisted::model::Mark>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// "Siti Rahayu" → "Siti R."
fn public_name(full: &str) -> String {
    let mut words = full.split_whitespace();
    let first = words.next().unwrap_or_default();
    match words.next().and_then(|w| w.chars().next()) {
        Some(initial) => format!("{first} {initial}."),
        None => first.to_string(),
    }
}

/// What a viewer may see of a report; none when they may not see it at all.
struct Access {
    /// How the viewer is party to it.
    mine: Vec<Actor>,
    /// Staff who handle it, or oversight (auditors, super admins): everything but what privacy hides.
    staff: bool,
    /// The reporter themself.
    reporter_view: bool,
    /// Whether the viewer may know who reported it.
    may_know_reporter: bool,
}

impl Access {
    fn of(state: &AppState, viewer: Option<&CurrentUser>, r: &Report) -> Option<Access> {
        let privacy = Privacy::parse(&r.privacy).unwrap_or(Privacy::Confidential);
        let mine = viewer.map(|u| actors(state, u, r)).unwrap_or_default();
        let oversight = viewer.is_some_and(|u| matches!(u.role, Role::Auditor | Role::SuperAdmin));
        let staff = oversight || mine.contains(&Actor::Coordinator) || mine.contains(&Actor::Agency);
        let reporter_view = mine.contains(&Actor::Reporter);
        if !staff && !reporter_view && (!privacy.report_is_public() || r.hidden) {
            return None;
        }
        let may_know_reporter = oversight
            || mine.contains(&Actor::Coordinator)
            || (mine.contains(&Actor::Agency) && privacy.reporter_visible_to_agency());
        Some(Access { mine, staff, reporter_view, may_know_reporter })
    }
}

/// Read a report as `viewer` may see it; a report the viewer may not see is not found.
pub async fn view(state: &AppState, viewer: Option<&CurrentUser>, code: &str) -> Result<ReportView, AppError> {
    let mut conn = state.db.conn().await?;
    let r = store::by_code(&mut conn, code).await?.ok_or(AppError::NotFound)?;
    let privacy = Privacy::parse(&r.privacy).unwrap_or(Privacy::Confidential);
    let Access { mine, staff, reporter_view, may_know_reporter } =
        Access::of(state, viewer, &r).ok_or(AppError::NotFound)?;
    // The reporter's name and contact, read once, shown as far as the viewer may know them.
    let person = match may_know_reporter || reporter_view || privacy.reporter_is_public() {
        true => reporter_contact(&mut conn, &r).await?,
        false => None,
    };
    let reporter_name =
        person.as_ref().filter(|c| privacy.reporter_is_public() && !c.0.is_empty()).map(|c| public_name(&c.0));
    let contact = person.filter(|_| may_know_reporter || reporter_view);
    let history = store::events(&mut conn, r.id)
        .await?
        .into_iter()
        .filter(|e| e.public || staff)
        .map(|e| HistoryEntry {
            at: e.at,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            actor_role: e.actor_role,
            actor_label: e.actor_label,
            note: e.note,
            public: e.public,
        })
        .collect();
    let photos = store::photos(&mut conn, r.id)
        .await?
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.hidden || staff)
        .map(|(i, _)| format!("/api/v1/reports/{}/photos/{}", r.code, i + 1))
        .collect();
    let rating = store::rating(&mut conn, r.id).await?.map(|(stars, comment)| Rating { stars, comment });
    let due_date = r.due_date().filter(|_| staff || reporter_view).map(str::to_string);
    let assisted = match staff || reporter_view {
        true => match store::assisted_session_of(&mut conn, r.id).await? {
            Some(session) => crate::assisted::service::mark(state, session).await?,
            None => None,
        },
        false => None,
    };
    let may_support = supportable(&r) && viewer.is_none_or(|u| u.role == Role::Citizen && r.reporter_id != Some(u.id));
    let may_moderate = mine.contains(&Actor::Coordinator);
    let mut available: Vec<String> = vec![];
    if reporter_view && rating.is_none() && matches!(r.status.as_str(), "resolved" | "closed") {
        available.push("rate".into());
    }
    for s in STEPS.iter().filter(|s| s.from.contains(&r.status.as_str()) && mine.contains(&s.who)) {
        if !available.iter().any(|a| a == s.action) {
            available.push(s.action.into());
        }
    }
    Ok(ReportView {
        code: r.code,
        category: r.category,
        description: r.description,
        lat: r.lat,
        lon: r.lon,
        address: r.address,
        region_code: r.region_code,
        privacy: r.privacy,
        status: r.status,
        agency_id: r.agency_id,
        supporters: r.supporters,
        reporter_name,
        reporter: contact.filter(|_| may_know_reporter || reporter_view).map(|(name, email, phone)| Reporter {
            name,
            email,
            phone,
        }),
        suggested_category: r.suggested_category.filter(|_| staff),
        suggested_agency: r.suggested_agency.filter(|_| staff),
        photos,
        history,
        available_actions: available,
        may_support,
        may_moderate,
        staff,
        rating,
        hidden: r.hidden,
        due_date,
        assisted,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// A report in a public list.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ReportSummary {
    pub code: String,
    pub category: String,
    pub status: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub region_code: Option<String>,
    pub supporters: i64,
    pub created_at: i64,
    pub url: String,
}

/// Public reports matching `f`, newest first.
pub async fn public_list(state: &AppState, f: &store::Filter) -> Result<Vec<ReportSummary>, AppError> {
    let list = store::public_list(&mut *state.db.conn().await?, f).await?;
    Ok(list
        .into_iter()
        .map(|r| ReportSummary {
            url: format!("/api/v1/reports/{}", r.code),
            code: r.code,
            category: r.category,
            status: r.status,
            lat: r.lat,
            lon: r.lon,
            region_code: r.region_code,
            supporters: r.supporters,
            created_at: r.created_at,
        })
        .collect())
}

/// The reporter rates how the report was handled, once it is resolved or closed: 1 to 5 stars
/// and an optional comment, recorded once, with a ledger leaf.
pub async fn rate(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    stars: i64,
    comment: Option<&str>,
) -> Result<(), AppError> {
    let r = store::by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    if !actors(state, user, &r).contains(&Actor::Reporter) {
        return Err(AppError::NotFound);
    }
    if !(1..=5).contains(&stars) {
        return Err(AppError::Validation(vec![FieldError::new("stars", "field-stars")]));
    }
    if !matches!(r.status.as_str(), "resolved" | "closed") {
        return Err(AppError::Conflict { key: "error-action-not-allowed" });
    }
    let comment = comment.map(str::trim).filter(|c| !c.is_empty()).map(|c| c.chars().take(1000).collect::<String>());
    let now = db::now();
    let confidential = r.privacy == Privacy::Confidential.as_str();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::rate(tx, r.id, stars, comment.as_deref(), now).await? {
                    return Err(AppError::Conflict { key: "error-already-rated" });
                }
                let leaf = crate::ledger::Leaf::new("report.rate", now)
                    .with("category", r.category.as_str())
                    .with("stars", stars.to_string().as_str());
                let leaf = match confidential {
                    true => leaf.with_hash("code_sha256", r.code.as_bytes()),
                    false => leaf.with("code", r.code.as_str()),
                };
                crate::ledger::record(tx, &leaf).await?;
                Ok(())
            })
        })
        .await
}

/// A citizen's own reports, newest first.
pub async fn mine(state: &AppState, user: &CurrentUser) -> Result<Vec<Report>, AppError> {
    Ok(store::by_reporter(&mut *state.db.conn().await?, user.id).await?)
}

/// The reports filed in these assisted sessions, oldest first, with their session.
pub async fn of_assisted_sessions(state: &AppState, sessions: &[i64]) -> Result<Vec<(i64, Report)>, AppError> {
    Ok(store::by_assisted_sessions(&mut *state.db.conn().await?, sessions).await?)
}

/// A citizen's reports (for an assistant checking their status within an assisted session:
/// the caller checked the session).
pub async fn of_reporter(state: &AppState, citizen_id: i64) -> Result<Vec<Report>, AppError> {
    Ok(store::by_reporter(&mut *state.db.conn().await?, citizen_id).await?)
}

/// A staff member's report inbox: for the coordinator's staff, the reports still to verify
/// and dispatch (`to_dispatch`); for every agency's staff, those dispatched to their agency.
pub struct Inbox {
    pub to_dispatch: Option<Vec<Report>>,
    pub assigned: Vec<Report>,
}

pub async fn inbox(state: &AppState, user: &CurrentUser, status: Option<&str>) -> Result<Inbox, AppError> {
    let agency = match (user.role, user.agency_id.as_deref()) {
        (Role::Officer | Role::Supervisor, Some(a)) => a,
        _ => return Err(AppError::Forbidden),
    };
    let status = status.filter(|s| !s.is_empty());
    let mut conn = state.db.conn().await?;
    let to_dispatch = match agency == state.config.reports_coordinator {
        true => Some(store::inbox(&mut conn, None, status.filter(|s| OPEN[..2].contains(s)), 500).await?),
        false => None,
    };
    let assigned = store::inbox(&mut conn, Some(agency), status, 500).await?;
    Ok(Inbox { to_dispatch, assigned })
}

/// Area statistics of public reports (see [`store::area_stats`]).
pub async fn area_stats(state: &AppState, region: &str) -> Result<store::AreaStats, AppError> {
    if !region.is_empty() && (!matches!(region.len(), 2 | 4 | 6) || crate::wilayah::get(region).is_none()) {
        return Err(AppError::Validation(vec![FieldError::new("region", "field-region")]));
    }
    Ok(store::area_stats(&mut *state.db.conn().await?, region).await?)
}
