//! Teleconsultation rules: who sees a consultation (its patient and its practitioner, nobody
//! else), when its room is open, the pre-consultation answers, the chat, the notes, the signed
//! e-prescription that completes it, dispensing once, and the log of every staff read.

use serde_json::json;

use super::model::{self, Mode, PreConsult, PreConsultInput, RxContent, RxItem};
use super::store::{self, Consultation, Message, Practitioner, Prescription, Slot, SlotFilter};
use crate::app::AppState;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// Agencies whose officers and supervisors work as pharmacies (verify and dispense prescriptions).
pub const PHARMACY_AGENCIES: [&str; 2] = ["dinkes", "puskesmas"];

/// How many days ahead the booking page lists free slots.
pub const BOOKING_DAYS: i64 = 14;

/// Who is looking at a consultation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Patient,
    Practitioner,
}

/// A consultation as one of its parties sees it.
pub struct View {
    pub party: Party,
    pub c: Consultation,
    pub messages: Vec<Message>,
    pub prescription: Option<Prescription>,
    /// The facility's video base URL (none: chat only).
    pub video_base: Option<String>,
    pub room_open: bool,
    /// `{video_base}/{room}` while the room is open and video was chosen (or offered).
    pub video_link: Option<String>,
}

fn party(user: &CurrentUser, c: &Consultation) -> Option<Party> {
    if user.role == Role::Citizen && c.patient_id == user.id {
        Some(Party::Patient)
    } else if user.role.is_staff() && c.practitioner.user_id == user.id {
        Some(Party::Practitioner)
    } else {
        None
    }
}

/// The unguessable name of a consultation's video room: made from the platform's signature of
/// its code, so it needs no storage and nobody without the key can find it.
fn room_name(state: &AppState, code: &str) -> String {
    let sig = state.keys.sign(format!("satupintu-room:{code}").as_bytes());
    format!("SatuPintu-{}", sig.chars().filter(char::is_ascii_alphanumeric).take(32).collect::<String>())
}

/// The consultation `code` if `user` is one of its parties (404 for anyone else).
async fn load(state: &AppState, user: &CurrentUser, code: &str) -> Result<(Party, Consultation), AppError> {
    let c = store::consultation_by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    let p = party(user, &c).ok_or(AppError::NotFound)?;
    Ok((p, c))
}

/// Read a consultation: its patient, or its practitioner (whose read is logged for the patient first).
pub async fn view(state: &AppState, user: &CurrentUser, code: &str) -> Result<View, AppError> {
    let (party, c) = load(state, user, code).await?;
    let now = db::now();
    if party == Party::Practitioner {
        store::log_access(&mut *state.db.write_one().await?, c.patient_id, user.id, "consultation", &c.code, now)
            .await?;
    }
    let mut conn = state.db.conn().await?;
    let messages = store::messages(&mut conn, c.booking_id).await?;
    let prescription = store::prescription_of(&mut conn, c.booking_id).await?;
    drop(conn);
    let video_base = model::video_base(&c.location_data);
    let room_open = model::room_open(c.starts_at, c.ends_at, &c.status, c.completed_at.is_some(), now);
    let wants_video = c.answers.as_ref().is_none_or(|a| a.mode == Mode::Video);
    let video_link = video_base
        .as_ref()
        .filter(|_| room_open && wants_video)
        .map(|base| format!("{base}/{}", room_name(state, &c.code)));
    Ok(View { party, c, messages, prescription, video_base, room_open, video_link })
}

/// Book a practitioner's slot for a teleconsultation (citizens); returns the consultation code.
pub async fn book(state: &AppState, user: &CurrentUser, slot_id: i64) -> Result<String, AppError> {
    crate::admin::service::require_feature(state, user, "telemedicine").await?;
    let filter = SlotFilter { id: Some(slot_id), limit: 1, ..Default::default() };
    if store::slots(&mut *state.db.conn().await?, &filter).await?.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new("slot_id", "tele-field-slot")]));
    }
    let booking = crate::appointments::service::book(state, user, slot_id, None).await?;
    Ok(booking.code)
}

/// The pre-consultation answers (the patient, until the consultation is completed).
pub async fn answer(state: &AppState, user: &CurrentUser, code: &str, input: &PreConsultInput) -> Result<(), AppError> {
    let (party, c) = load(state, user, code).await?;
    if party != Party::Patient {
        return Err(AppError::NotFound);
    }
    if c.completed_at.is_some() || !matches!(c.status.as_str(), "booked" | "checked_in") {
        return Err(AppError::Conflict { key: "error-tele-closed" });
    }
    let answers =
        PreConsult::parse(input, model::video_base(&c.location_data).is_some()).map_err(AppError::Validation)?;
    let booking_id = c.booking_id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                store::ensure(tx, booking_id, answers.mode.as_str(), now).await?;
                if !store::save_answers(tx, booking_id, &answers, now).await? {
                    return Err(AppError::Conflict { key: "error-tele-closed" });
                }
                Ok::<_, AppError>(())
            })
        })
        .await
}

fn default_mode(c: &Consultation) -> &'static str {
    if model::video_base(&c.location_data).is_some() {
        "video"
    } else {
        "chat"
    }
}

/// A chat message from the patient or the practitioner, while the room is open.
pub async fn send_message(state: &AppState, user: &CurrentUser, code: &str, text: &str) -> Result<(), AppError> {
    let (_, c) = load(state, user, code).await?;
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new("text", "field-required")]));
    }
    if text.chars().count() > model::MAX_MESSAGE {
        return Err(AppError::Validation(vec![FieldError::new("text", "field-too-long")]));
    }
    if !model::room_open(c.starts_at, c.ends_at, &c.status, c.completed_at.is_some(), db::now()) {
        return Err(AppError::Conflict { key: "error-tele-room-closed" });
    }
    let (booking_id, mode, sender) = (c.booking_id, default_mode(&c), user.id);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                store::ensure(tx, booking_id, mode, now).await?;
                store::add_message(tx, booking_id, sender, &text, now).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// The practitioner's consultation notes (until completed).
pub async fn save_notes(state: &AppState, user: &CurrentUser, code: &str, notes: &str) -> Result<(), AppError> {
    let c = practitioners_open(state, user, code).await?;
    let notes = check_notes(notes)?;
    let (booking_id, mode) = (c.booking_id, default_mode(&c));
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                store::ensure(tx, booking_id, mode, now).await?;
                if !store::save_notes(tx, booking_id, &notes, now).await? {
                    return Err(AppError::Conflict { key: "error-tele-closed" });
                }
                Ok::<_, AppError>(())
            })
        })
        .await
}

fn check_notes(notes: &str) -> Result<String, AppError> {
    let notes = notes.trim();
    if notes.chars().count() > model::MAX_NOTES {
        return Err(AppError::Validation(vec![FieldError::new("notes", "field-too-long")]));
    }
    Ok(notes.to_string())
}

/// The consultation if `user` is its practitioner and it is not completed.
async fn practitioners_open(state: &AppState, user: &CurrentUser, code: &str) -> Result<Consultation, AppError> {
    let (party, c) = load(state, user, code).await?;
    if party != Party::Practitioner {
        return Err(AppError::NotFound);
    }
    if c.completed_at.is_some() || !matches!(c.status.as_str(), "booked" | "checked_in") {
        return Err(AppError::Conflict { key: "error-tele-closed" });
    }
    Ok(c)
}

/// The e-prescription: signed by the platform, it completes the consultation (the booking is
/// served) and the patient is told. Returns the prescription code.
pub async fn prescribe(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
    notes: &str,
    items: Result<Vec<RxItem>, Vec<FieldError>>,
) -> Result<String, AppError> {
    let c = practitioners_open(state, user, code).await?;
    let notes = check_notes(notes)?;
    let items = items.map_err(AppError::Validation)?;
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let state2 = state.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                let today = crate::calendar::local_date(now, offset);
                store::ensure(tx, c.booking_id, default_mode(&c), now).await?;
                if !store::save_notes(tx, c.booking_id, &notes, now).await?
                    || !store::complete(tx, c.booking_id, now).await?
                {
                    return Err(AppError::Conflict { key: "error-tele-closed" });
                }
                let rx_code = db::next_code(tx, &format!("RX-{}", today.year())).await?;
                let content = RxContent {
                    code: rx_code.clone(),
                    consultation: c.code.clone(),
                    facility: c.practitioner.facility.clone(),
                    practitioner: c.practitioner.name.clone(),
                    license: c.practitioner.license.clone(),
                    patient: c.patient_name.clone(),
                    issued_on: today.to_string(),
                    items,
                };
                let canonical = content.canonical();
                let rx = Prescription {
                    code: rx_code.clone(),
                    booking_id: c.booking_id,
                    signature: state2.keys.sign(&canonical),
                    content_json: String::from_utf8(canonical).unwrap_or_default(),
                    content,
                    key_id: state2.keys.key_id(),
                    issued_at: now,
                    dispensed_at: None,
                };
                store::insert_prescription(tx, &rx).await?;
                // Only the code travels in a notification: no health data in e-mails or messages.
                let payload = json!({"code": c.code, "status": "served"});
                crate::notify::service::queue(
                    tx,
                    "teleconsultation",
                    c.patient_id,
                    &payload,
                    &format!("tele:{}", c.code),
                    now,
                )
                .await?;
                Ok::<_, AppError>(rx_code)
            })
        })
        .await
}

/// The PDF of a consultation's prescription (its patient only).
pub async fn prescription_pdf(state: &AppState, user: &CurrentUser, code: &str) -> Result<(String, Vec<u8>), AppError> {
    let (party, c) = load(state, user, code).await?;
    if party != Party::Patient {
        return Err(AppError::NotFound);
    }
    let rx = store::prescription_of(&mut *state.db.conn().await?, c.booking_id).await?.ok_or(AppError::NotFound)?;
    Ok((rx.code.clone(), super::pdf::render(state, &rx)))
}

/// Where a prescription's QR code points: the pharmacy's verification page with its signature.
pub fn verify_url(base: &str, rx: &Prescription) -> String {
    format!("{}/resep/{}?s={}", base.trim_end_matches('/'), rx.code, rx.signature)
}

/// The verdict of the pharmacy page.
pub struct Verdict {
    /// The stored content is signed by the platform and the QR's signature is the stored one.
    pub authentic: bool,
    /// What is prescribed: only for whoever holds the QR's signature.
    pub content: Option<RxContent>,
    pub dispensed_at: Option<i64>,
    /// The viewer may mark it dispensed now.
    pub may_dispense: bool,
}

/// Whether `user` works as a pharmacy.
pub fn is_pharmacy(user: &CurrentUser) -> bool {
    matches!(user.role, Role::Officer | Role::Supervisor)
        && user.agency_id.as_deref().is_some_and(|a| PHARMACY_AGENCIES.contains(&a))
}

/// Judge a prescription code and the signature from its QR code. Pharmacy staff's reads of an
/// authentic prescription are logged for the patient.
pub async fn verify(
    state: &AppState,
    viewer: Option<&CurrentUser>,
    code: &str,
    signature: &str,
) -> Result<Verdict, AppError> {
    let mut conn = state.db.conn().await?;
    let rx = store::prescription_by_code(&mut conn, code).await?;
    drop(conn);
    let Some(rx) = rx else {
        return Ok(Verdict { authentic: false, content: None, dispensed_at: None, may_dispense: false });
    };
    let authentic = !signature.is_empty()
        && crate::web::extract::same_token(signature, &rx.signature)
        && state.keys.verify(rx.content_json.as_bytes(), &rx.signature)
        && rx.content.canonical() == rx.content_json.as_bytes();
    if !authentic {
        return Ok(Verdict { authentic: false, content: None, dispensed_at: None, may_dispense: false });
    }
    let (patient, prescriber) = parties_of(state, &rx).await?;
    let pharmacy = viewer.filter(|u| is_pharmacy(u) && u.id != prescriber);
    if let Some(staff) = viewer.filter(|u| u.role.is_staff()) {
        store::log_access(&mut *state.db.write_one().await?, patient, staff.id, "prescription", &rx.code, db::now())
            .await?;
    }
    Ok(Verdict {
        authentic,
        may_dispense: pharmacy.is_some() && rx.dispensed_at.is_none(),
        dispensed_at: rx.dispensed_at,
        content: Some(rx.content),
    })
}

/// The patient and the prescribing practitioner's user of a prescription.
async fn parties_of(state: &AppState, rx: &Prescription) -> Result<(i64, i64), AppError> {
    let c = store::consultation_by_code(&mut *state.db.conn().await?, &rx.content.consultation)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((c.patient_id, c.practitioner.user_id))
}

/// Mark a prescription dispensed (pharmacy staff holding its QR signature, not its prescriber),
/// exactly once.
pub async fn dispense(state: &AppState, user: &CurrentUser, code: &str, signature: &str) -> Result<(), AppError> {
    let rx = store::prescription_by_code(&mut *state.db.conn().await?, code).await?.ok_or(AppError::NotFound)?;
    if !is_pharmacy(user) || parties_of(state, &rx).await?.1 == user.id {
        return Err(AppError::Refused { key: "error-tele-not-pharmacy" });
    }
    if !crate::web::extract::same_token(signature, &rx.signature) {
        return Err(AppError::NotFound);
    }
    if !store::dispense(&mut *state.db.write_one().await?, code, user.id, db::now()).await? {
        return Err(AppError::Conflict { key: "error-tele-dispensed" });
    }
    tracing::info!(prescription = code, user_id = user.id, "prescription dispensed");
    Ok(())
}

/// The practitioner profile of a staff member, if any.
pub async fn practitioner_of(state: &AppState, user: &CurrentUser) -> Result<Option<Practitioner>, AppError> {
    Ok(store::practitioner_of_user(&mut *state.db.conn().await?, user.id).await?)
}

/// A practitioner's consultations on a local day.
pub async fn day(
    state: &AppState,
    p: &Practitioner,
    user: &CurrentUser,
    date: time::Date,
) -> Result<Vec<Consultation>, AppError> {
    let offset = i64::from(state.config.utc_offset_hours().unwrap_or(7));
    let start = date.midnight().assume_utc().unix_timestamp() - offset * 3600;
    let f = store::ConsultationFilter {
        party: user.id,
        practitioner_id: Some(p.id),
        from: Some(start),
        until: Some(start + 86_399),
        limit: 200,
        ..Default::default()
    };
    let mut list = store::consultations(&mut *state.db.conn().await?, &f).await?;
    list.retain(|c| c.status != "cancelled");
    Ok(list)
}

/// The citizen's own consultations, soonest first.
pub async fn mine(state: &AppState, user: &CurrentUser) -> Result<Vec<Consultation>, AppError> {
    let f = store::ConsultationFilter { party: user.id, patient_id: Some(user.id), limit: 200, ..Default::default() };
    Ok(store::consultations(&mut *state.db.conn().await?, &f).await?)
}

/// Bookable teleconsultation slots: every active practitioner with their free slots ahead.
pub async fn bookable(state: &AppState) -> Result<Vec<(Practitioner, Vec<Slot>)>, AppError> {
    let now = db::now();
    let mut conn = state.db.conn().await?;
    let people = store::practitioners(&mut conn, None, None, None).await?;
    let f = SlotFilter {
        from: Some(now + 60),
        until: Some(now + BOOKING_DAYS * 86_400),
        free_only: true,
        limit: 2000,
        ..Default::default()
    };
    let slots = store::slots(&mut conn, &f).await?;
    Ok(people
        .into_iter()
        .filter(|p| p.active)
        .map(|p| {
            let mine: Vec<Slot> = slots.iter().filter(|s| s.practitioner_id == p.id).take(60).cloned().collect();
            (p, mine)
        })
        .collect())
}

/// Who read the patient's health data, newest first.
pub async fn access_log(state: &AppState, user: &CurrentUser) -> Result<Vec<store::AccessEntry>, AppError> {
    Ok(store::access_log(&mut *state.db.conn().await?, user.id).await?)
}

/// A practitioner's working week: (weekday 1-7, start minute, end minute, slot minutes).
pub type WeeklyHours = [(i64, i64, i64, i64)];

/// Register a staff member (an officer of the facility's agency) as a practitioner of a health
/// facility with weekly hours for a service; returns the practitioner id.
pub async fn register_practitioner(
    state: &AppState,
    user: &CurrentUser,
    location_id: &str,
    (name, qualification, license): (&str, &str, &str),
    hours: &WeeklyHours,
    service_id: &str,
) -> Result<i64, AppError> {
    let (kind, agency) = store::facility(&mut *state.db.conn().await?, location_id)
        .await?
        .ok_or(AppError::Validation(vec![FieldError::new("location_id", "field-invalid")]))?;
    if !matches!(kind.as_str(), "faskes" | "puskesmas")
        || user.role != Role::Officer
        || agency.as_deref() != user.agency_id.as_deref()
    {
        return Err(AppError::Validation(vec![FieldError::new("location_id", "field-invalid")]));
    }
    let bad = |h: &(i64, i64, i64, i64)| {
        !(1..=7).contains(&h.0) || h.1 < 0 || h.2 > 24 * 60 || h.1 >= h.2 || !(5..=240).contains(&h.3)
    };
    if hours.iter().any(bad) {
        return Err(AppError::Validation(vec![FieldError::new("hours", "field-invalid")]));
    }
    let (user_id, location, service) = (user.id, location_id.to_string(), service_id.to_string());
    let (name, qualification, license) = (name.to_string(), qualification.to_string(), license.to_string());
    let hours = hours.to_vec();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = store::insert_practitioner(tx, user_id, &location, &name, &qualification, &license).await?;
                for h in hours {
                    store::insert_schedule(tx, id, h, &service).await?;
                }
                Ok::<_, AppError>(id)
            })
        })
        .await
}
