//! The telemedicine tables, and read-only views of the appointment tables it builds on
//! (`practitioners`, `slots`, `bookings`, `locations`). Every function takes the caller's
//! transaction or connection.

use sqlx::Row as _;

use super::model::{PreConsult, RxContent};
use crate::crypto::{open_opt, open_value, seal};
use crate::db::{Conn, Row, Tx};

#[derive(Clone, Debug)]
pub struct Practitioner {
    pub id: i64,
    pub user_id: i64,
    pub location_id: String,
    pub name: String,
    pub qualification: String,
    pub license: String,
    pub active: bool,
    pub facility: String,
    pub agency_id: Option<String>,
}

const PRACTITIONER: &str = "SELECT p.id, p.user_id, p.location_id, p.name, p.qualification, p.license, p.active, \
     l.name, l.agency_id FROM practitioners p JOIN locations l ON l.id = p.location_id";

fn practitioner(r: &Row) -> Result<Practitioner, sqlx::Error> {
    Ok(Practitioner {
        id: r.try_get(0)?,
        user_id: r.try_get(1)?,
        location_id: r.try_get(2)?,
        name: r.try_get(3)?,
        qualification: r.try_get(4)?,
        license: r.try_get(5)?,
        active: r.try_get::<i64, _>(6)? != 0,
        facility: r.try_get(7)?,
        agency_id: r.try_get(8)?,
    })
}

pub async fn practitioner_of_user(conn: &mut Conn, user_id: i64) -> Result<Option<Practitioner>, sqlx::Error> {
    let sql = format!("{PRACTITIONER} WHERE p.user_id = $1");
    sqlx::query(&sql).bind(user_id).fetch_optional(conn).await?.as_ref().map(practitioner).transpose()
}

/// Practitioners, by id when given, by a part of the name when given.
pub async fn practitioners(
    conn: &mut Conn,
    id: Option<i64>,
    name: Option<&str>,
    license: Option<&str>,
) -> Result<Vec<Practitioner>, sqlx::Error> {
    let sql = format!(
        "{PRACTITIONER} WHERE ($1 = 0 OR p.id = $2) AND ($3 = '' OR LOWER(p.name) LIKE $4) AND ($5 = '' OR p.license = $6) \
         ORDER BY p.id LIMIT 500"
    );
    let like = format!("%{}%", name.unwrap_or("").to_lowercase());
    sqlx::query(&sql)
        .bind(i64::from(id.is_some()))
        .bind(id.unwrap_or(0))
        .bind(name.unwrap_or(""))
        .bind(like)
        .bind(license.unwrap_or(""))
        .bind(license.unwrap_or(""))
        .fetch_all(conn)
        .await?
        .iter()
        .map(practitioner)
        .collect()
}

/// Register a staff member as a practitioner of a facility, with weekly hours
/// (weekday 1-7, start and end minutes, slot minutes, service).
pub async fn insert_practitioner(
    tx: &mut Tx,
    user_id: i64,
    location_id: &str,
    name: &str,
    qualification: &str,
    license: &str,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO practitioners (user_id, location_id, name, qualification, license, active) \
         VALUES ($1, $2, $3, $4, $5, 1) RETURNING id",
    )
    .bind(user_id)
    .bind(location_id)
    .bind(name)
    .bind(qualification)
    .bind(license)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub async fn insert_schedule(
    tx: &mut Tx,
    practitioner_id: i64,
    (weekday, start, end, slot_minutes): (i64, i64, i64, i64),
    service_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO practitioner_schedules (practitioner_id, weekday, start_min, end_min, slot_minutes, service_id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(practitioner_id)
    .bind(weekday)
    .bind(start)
    .bind(end)
    .bind(slot_minutes)
    .bind(service_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A facility: its kind, agency and imported definition.
pub async fn facility(conn: &mut Conn, location_id: &str) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    let row = sqlx::query("SELECT kind, agency_id FROM locations WHERE id = $1")
        .bind(location_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// One weekly-hours row of a practitioner.
#[derive(Clone, Debug)]
pub struct Hours {
    pub weekday: i64,
    pub start_min: i64,
    pub end_min: i64,
    pub slot_minutes: i64,
    pub service_id: String,
}

pub async fn hours_of(conn: &mut Conn, practitioner_id: i64) -> Result<Vec<Hours>, sqlx::Error> {
    sqlx::query(
        "SELECT weekday, start_min, end_min, slot_minutes, service_id FROM practitioner_schedules \
         WHERE practitioner_id = $1 ORDER BY weekday, start_min",
    )
    .bind(practitioner_id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Hours {
            weekday: r.try_get(0)?,
            start_min: r.try_get(1)?,
            end_min: r.try_get(2)?,
            slot_minutes: r.try_get(3)?,
            service_id: r.try_get(4)?,
        })
    })
    .collect()
}

/// A practitioner's slot.
#[derive(Clone, Debug)]
pub struct Slot {
    pub id: i64,
    pub practitioner_id: i64,
    pub service_id: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub booked: i64,
    pub closed: bool,
}

impl Slot {
    pub fn free(&self) -> bool {
        !self.closed && self.booked < self.capacity
    }
}

/// Filters of practitioner slots.
#[derive(Default, Debug, Clone)]
pub struct SlotFilter {
    pub id: Option<i64>,
    pub practitioner_id: Option<i64>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub free_only: bool,
    pub busy_only: bool,
    pub limit: i64,
}

pub async fn slots(conn: &mut Conn, f: &SlotFilter) -> Result<Vec<Slot>, sqlx::Error> {
    sqlx::query(
        "SELECT id, practitioner_id, service_id, starts_at, ends_at, capacity, booked, closed FROM slots \
         WHERE practitioner_id <> 0 AND ($1 = 0 OR id = $2) AND ($3 = 0 OR practitioner_id = $4) \
         AND starts_at >= $5 AND starts_at <= $6 \
         AND ($7 = 0 OR (closed = 0 AND booked < capacity)) AND ($8 = 0 OR closed <> 0 OR booked >= capacity) \
         ORDER BY starts_at, id LIMIT $9",
    )
    .bind(i64::from(f.id.is_some()))
    .bind(f.id.unwrap_or(0))
    .bind(i64::from(f.practitioner_id.is_some()))
    .bind(f.practitioner_id.unwrap_or(0))
    .bind(f.from.unwrap_or(i64::MIN))
    .bind(f.until.unwrap_or(i64::MAX))
    .bind(i64::from(f.free_only))
    .bind(i64::from(f.busy_only))
    .bind(f.limit)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Slot {
            id: r.try_get(0)?,
            practitioner_id: r.try_get(1)?,
            service_id: r.try_get(2)?,
            starts_at: r.try_get(3)?,
            ends_at: r.try_get(4)?,
            capacity: r.try_get(5)?,
            booked: r.try_get(6)?,
            closed: r.try_get::<i64, _>(7)? != 0,
        })
    })
    .collect()
}

/// A teleconsultation: a booking of a practitioner's slot, and what was said and written in it.
#[derive(Clone, Debug)]
pub struct Consultation {
    pub booking_id: i64,
    pub code: String,
    pub patient_id: i64,
    pub patient_name: String,
    pub status: String,
    pub service_id: String,
    pub slot_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub practitioner: Practitioner,
    pub location_data: String,
    /// The pre-consultation answers, once given.
    pub answers: Option<PreConsult>,
    pub notes: String,
    pub completed_at: Option<i64>,
    pub created_at: i64,
}

const CONSULTATION: &str = "SELECT b.id, b.code, b.user_id, u.full_name, b.status, b.service_id, s.id, s.starts_at, \
     s.ends_at, p.id, p.user_id, p.location_id, p.name, p.qualification, p.license, p.active, l.name, l.agency_id, \
     l.data_json, c.mode, c.complaint, c.history, c.allergies, c.medicines, c.notes, c.completed_at, b.created_at \
     FROM bookings b JOIN slots s ON s.id = b.slot_id JOIN practitioners p ON p.id = s.practitioner_id \
     JOIN locations l ON l.id = b.location_id JOIN users u ON u.id = b.user_id \
     LEFT JOIN consultations c ON c.booking_id = b.id";

fn consultation(r: &Row) -> Result<Consultation, sqlx::Error> {
    let mode: Option<String> = r.try_get(19)?;
    let complaint = open_opt("consultations.complaint", r.try_get(20)?)?;
    let answers = match (mode.as_deref().and_then(super::model::Mode::parse), complaint) {
        (Some(mode), Some(complaint)) if !complaint.is_empty() => Some(PreConsult {
            mode,
            complaint,
            history: open_opt("consultations.history", r.try_get(21)?)?.unwrap_or_default(),
            allergies: open_opt("consultations.allergies", r.try_get(22)?)?.unwrap_or_default(),
            medicines: open_opt("consultations.medicines", r.try_get(23)?)?.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Consultation {
        booking_id: r.try_get(0)?,
        code: r.try_get(1)?,
        patient_id: r.try_get(2)?,
        patient_name: r.try_get(3)?,
        status: r.try_get(4)?,
        service_id: r.try_get(5)?,
        slot_id: r.try_get(6)?,
        starts_at: r.try_get(7)?,
        ends_at: r.try_get(8)?,
        practitioner: Practitioner {
            id: r.try_get(9)?,
            user_id: r.try_get(10)?,
            location_id: r.try_get(11)?,
            name: r.try_get(12)?,
            qualification: r.try_get(13)?,
            license: r.try_get(14)?,
            active: r.try_get::<i64, _>(15)? != 0,
            facility: r.try_get(16)?,
            agency_id: r.try_get(17)?,
        },
        location_data: r.try_get(18)?,
        answers,
        notes: open_opt("consultations.notes", r.try_get(24)?)?.unwrap_or_default(),
        completed_at: r.try_get(25)?,
        created_at: r.try_get(26)?,
    })
}

pub async fn consultation_by_code(conn: &mut Conn, code: &str) -> Result<Option<Consultation>, sqlx::Error> {
    let sql = format!("{CONSULTATION} WHERE b.code = $1");
    sqlx::query(&sql).bind(code).fetch_optional(conn).await?.as_ref().map(consultation).transpose()
}

/// Filters of consultations; `party` is the user who must be the patient or the practitioner.
#[derive(Default, Debug, Clone)]
pub struct ConsultationFilter {
    pub party: i64,
    pub code: Option<String>,
    pub patient_id: Option<i64>,
    pub practitioner_id: Option<i64>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub status: Option<String>,
    pub limit: i64,
}

pub async fn consultations(conn: &mut Conn, f: &ConsultationFilter) -> Result<Vec<Consultation>, sqlx::Error> {
    let sql = format!(
        "{CONSULTATION} WHERE (b.user_id = $1 OR p.user_id = $2) AND ($3 = '' OR b.code = $4) \
         AND ($5 = 0 OR b.user_id = $6) AND ($7 = 0 OR p.id = $8) AND s.starts_at >= $9 AND s.starts_at <= $10 \
         AND ($11 = '' OR b.status = $12) ORDER BY s.starts_at, b.id LIMIT $13"
    );
    let code = f.code.clone().unwrap_or_default();
    let status = f.status.clone().unwrap_or_default();
    sqlx::query(&sql)
        .bind(f.party)
        .bind(f.party)
        .bind(&code)
        .bind(&code)
        .bind(i64::from(f.patient_id.is_some()))
        .bind(f.patient_id.unwrap_or(0))
        .bind(i64::from(f.practitioner_id.is_some()))
        .bind(f.practitioner_id.unwrap_or(0))
        .bind(f.from.unwrap_or(i64::MIN))
        .bind(f.until.unwrap_or(i64::MAX))
        .bind(&status)
        .bind(&status)
        .bind(f.limit)
        .fetch_all(conn)
        .await?
        .iter()
        .map(consultation)
        .collect()
}

/// Make sure the consultation row exists (a booking made anywhere is a consultation).
pub async fn ensure(tx: &mut Tx, booking_id: i64, mode: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO consultations (booking_id, mode, complaint, history, allergies, medicines, created_at, updated_at) \
         VALUES ($1, $2, '', '', '', '', $3, $4) ON CONFLICT (booking_id) DO NOTHING",
    )
    .bind(booking_id)
    .bind(mode)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn save_answers(tx: &mut Tx, booking_id: i64, a: &PreConsult, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE consultations SET mode = $1, complaint = $2, history = $3, allergies = $4, medicines = $5, \
         updated_at = $6 WHERE booking_id = $7 AND completed_at IS NULL",
    )
    .bind(a.mode.as_str())
    .bind(seal("consultations.complaint", &a.complaint)?)
    .bind(seal("consultations.history", &a.history)?)
    .bind(seal("consultations.allergies", &a.allergies)?)
    .bind(seal("consultations.medicines", &a.medicines)?)
    .bind(now)
    .bind(booking_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn save_notes(tx: &mut Tx, booking_id: i64, notes: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE consultations SET notes = $1, updated_at = $2 WHERE booking_id = $3 AND completed_at IS NULL",
    )
    .bind(seal("consultations.notes", notes)?)
    .bind(now)
    .bind(booking_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Complete a consultation once: false when it was completed already.
pub async fn complete(tx: &mut Tx, booking_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE consultations SET completed_at = $1, updated_at = $2 WHERE booking_id = $3 AND completed_at IS NULL",
    )
    .bind(now)
    .bind(now)
    .bind(booking_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    crate::appointments::store::mark_served(tx, booking_id, now).await?;
    Ok(true)
}

/// A chat message.
#[derive(Clone, Debug)]
pub struct Message {
    pub sender_id: i64,
    pub body: String,
    pub at: i64,
}

pub async fn add_message(
    tx: &mut Tx,
    booking_id: i64,
    sender_id: i64,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO consultation_messages (booking_id, sender_id, body, at) VALUES ($1, $2, $3, $4)")
        .bind(booking_id)
        .bind(sender_id)
        .bind(seal("consultation_messages.body", body)?)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn messages(conn: &mut Conn, booking_id: i64) -> Result<Vec<Message>, sqlx::Error> {
    sqlx::query("SELECT sender_id, body, at FROM consultation_messages WHERE booking_id = $1 ORDER BY id LIMIT 1000")
        .bind(booking_id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| {
            let body: String = r.try_get(1)?;
            Ok(Message {
                sender_id: r.try_get(0)?,
                body: open_value("consultation_messages.body", &body)?,
                at: r.try_get(2)?,
            })
        })
        .collect()
}

/// A stored prescription.
#[derive(Clone, Debug)]
pub struct Prescription {
    pub code: String,
    pub booking_id: i64,
    pub content: RxContent,
    pub content_json: String,
    pub signature: String,
    pub key_id: String,
    pub issued_at: i64,
    pub dispensed_at: Option<i64>,
}

const PRESCRIPTION: &str =
    "SELECT code, booking_id, content_json, signature, key_id, issued_at, dispensed_at FROM prescriptions";

fn prescription(r: &Row) -> Result<Prescription, sqlx::Error> {
    let content_json = open_value("prescriptions.content_json", &r.try_get::<String, _>(2)?)?;
    Ok(Prescription {
        code: r.try_get(0)?,
        booking_id: r.try_get(1)?,
        content: serde_json::from_str(&content_json).map_err(|e| sqlx::Error::Decode(e.into()))?,
        content_json,
        signature: r.try_get(3)?,
        key_id: r.try_get(4)?,
        issued_at: r.try_get(5)?,
        dispensed_at: r.try_get(6)?,
    })
}

pub async fn prescription_by_code(conn: &mut Conn, code: &str) -> Result<Option<Prescription>, sqlx::Error> {
    let sql = format!("{PRESCRIPTION} WHERE code = $1");
    sqlx::query(&sql).bind(code).fetch_optional(conn).await?.as_ref().map(prescription).transpose()
}

pub async fn prescription_of(conn: &mut Conn, booking_id: i64) -> Result<Option<Prescription>, sqlx::Error> {
    let sql = format!("{PRESCRIPTION} WHERE booking_id = $1");
    sqlx::query(&sql).bind(booking_id).fetch_optional(conn).await?.as_ref().map(prescription).transpose()
}

pub async fn insert_prescription(tx: &mut Tx, p: &Prescription) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO prescriptions (code, booking_id, content_json, signature, key_id, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&p.code)
    .bind(p.booking_id)
    .bind(seal("prescriptions.content_json", &p.content_json)?)
    .bind(&p.signature)
    .bind(&p.key_id)
    .bind(p.issued_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Mark a prescription dispensed, once: false when it was dispensed already.
pub async fn dispense(conn: &mut Conn, code: &str, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE prescriptions SET dispensed_at = $1, dispensed_by = $2 WHERE code = $3 AND dispensed_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(code)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Record that `staff_id` read `what` (`consultation`, `prescription`, `fhir`) of `code`.
pub async fn log_access(
    conn: &mut Conn,
    patient_id: i64,
    staff_id: i64,
    what: &str,
    code: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO health_access_log (patient_id, staff_id, what, code, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(patient_id)
        .bind(staff_id)
        .bind(what)
        .bind(code)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// One line of a patient's health-access log.
#[derive(Clone, Debug)]
pub struct AccessEntry {
    pub at: i64,
    pub staff_name: String,
    pub staff_role: String,
    pub agency_id: Option<String>,
    pub what: String,
    pub code: String,
}

pub async fn access_log(conn: &mut Conn, patient_id: i64) -> Result<Vec<AccessEntry>, sqlx::Error> {
    sqlx::query(
        "SELECT l.at, u.full_name, u.agency_id, l.what, l.code, u.role FROM health_access_log l \
         JOIN users u ON u.id = l.staff_id WHERE l.patient_id = $1 ORDER BY l.at DESC, l.id DESC LIMIT 500",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(AccessEntry {
            at: r.try_get(0)?,
            staff_name: r.try_get(1)?,
            agency_id: r.try_get(2)?,
            what: r.try_get(3)?,
            code: r.try_get(4)?,
            staff_role: r.try_get(5)?,
        })
    })
    .collect()
}
