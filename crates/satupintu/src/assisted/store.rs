//! The assisted-service tables (`assisted_*`, and the `assisted_session_id` columns of
//! applications and reports). Every function takes the caller's transaction or connection.

use sqlx::Row as _;

use super::model::Mark;
use crate::db::{Conn, Row, Tx};

// ---------------------------------------------------------------------------------------
// Volunteers.

#[derive(Clone, Debug)]
pub struct Volunteer {
    pub id: i64,
    pub agency_id: String,
    pub user_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub active: bool,
    pub appointed_at: i64,
    pub deactivated_at: Option<i64>,
}

const VOLUNTEER: &str = "SELECT v.id, v.agency_id, v.user_id, u.full_name, u.email, v.active, v.appointed_at, \
     v.deactivated_at FROM assisted_volunteers v JOIN users u ON u.id = v.user_id";

fn volunteer(r: &Row) -> Result<Volunteer, sqlx::Error> {
    Ok(Volunteer {
        id: r.try_get(0)?,
        agency_id: r.try_get(1)?,
        user_id: r.try_get(2)?,
        name: r.try_get(3)?,
        email: r.try_get(4)?,
        active: r.try_get::<i64, _>(5)? != 0,
        appointed_at: r.try_get(6)?,
        deactivated_at: r.try_get(7)?,
    })
}

/// The volunteers of an agency (every agency when `None`), active first.
pub async fn volunteers(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Volunteer>, sqlx::Error> {
    let sql = format!(
        "{VOLUNTEER} WHERE ($1 = '' OR v.agency_id = $1) ORDER BY v.active DESC, v.agency_id, u.full_name, v.id"
    );
    let rows = sqlx::query(&sql).bind(agency.unwrap_or("")).fetch_all(conn).await?;
    rows.iter().map(volunteer).collect()
}

pub async fn volunteer_by_id(tx: &mut Tx, id: i64) -> Result<Option<Volunteer>, sqlx::Error> {
    let sql = format!("{VOLUNTEER} WHERE v.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(volunteer).transpose()
}

/// The agency a citizen volunteers for (the earliest active appointment), if any.
pub async fn active_agency_of(conn: &mut Conn, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT agency_id FROM assisted_volunteers WHERE user_id = $1 AND active = 1 ORDER BY appointed_at, id LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// Appoint `user_id` for `agency` (again, if once deactivated); returns the appointment's id.
pub async fn appoint(tx: &mut Tx, agency: &str, user_id: i64, by: i64, now: i64) -> Result<i64, sqlx::Error> {
    let existing = sqlx::query("SELECT id FROM assisted_volunteers WHERE agency_id = $1 AND user_id = $2")
        .bind(agency)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(r) = existing {
        let id: i64 = r.try_get(0)?;
        sqlx::query(
            "UPDATE assisted_volunteers SET active = 1, appointed_by = $1, appointed_at = $2, deactivated_by = NULL, \
             deactivated_at = NULL WHERE id = $3",
        )
        .bind(by)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        return Ok(id);
    }
    sqlx::query(
        "INSERT INTO assisted_volunteers (agency_id, user_id, active, appointed_by, appointed_at) \
         VALUES ($1, $2, 1, $3, $4) RETURNING id",
    )
    .bind(agency)
    .bind(user_id)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

/// Deactivate an appointment; false when it was not active.
pub async fn deactivate(tx: &mut Tx, id: i64, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE assisted_volunteers SET active = 0, deactivated_by = $1, deactivated_at = $2 WHERE id = $3 AND active = 1",
    )
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// Sessions and acts.

#[derive(Clone, Debug)]
pub struct Session {
    pub id: i64,
    pub assistant_id: i64,
    pub assistant_name: String,
    pub assistant_kind: String,
    pub agency_id: String,
    pub citizen_id: i64,
    pub citizen_name: String,
    pub place: String,
    pub consent_method: String,
    pub consent_version: String,
    pub consent_upload_id: Option<String>,
    pub scope: String,
    pub registered: bool,
    pub started_at: i64,
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: Option<String>,
}

impl Session {
    /// Open at `now`: not ended, not expired.
    pub fn open_at(&self, now: i64) -> bool {
        self.ended_at.is_none() && now < self.expires_at
    }
}

pub struct NewSession<'a> {
    pub assistant_id: i64,
    pub assistant_kind: &'a str,
    pub agency_id: &'a str,
    pub citizen_id: i64,
    pub place: &'a str,
    pub consent_method: &'a str,
    pub consent_version: &'a str,
    pub consent_upload_id: Option<&'a str>,
    pub scope: &'a str,
    pub registered: bool,
    pub started_at: i64,
    pub expires_at: i64,
}

const SESSION: &str = "SELECT s.id, s.assistant_id, a.full_name, s.assistant_kind, s.agency_id, s.citizen_id, \
     c.full_name, s.place, s.consent_method, s.consent_version, s.consent_upload_id, s.scope, s.registered, \
     s.started_at, s.expires_at, s.ended_at, s.end_reason \
     FROM assisted_sessions s JOIN users a ON a.id = s.assistant_id JOIN users c ON c.id = s.citizen_id";

fn session(r: &Row) -> Result<Session, sqlx::Error> {
    Ok(Session {
        id: r.try_get(0)?,
        assistant_id: r.try_get(1)?,
        assistant_name: r.try_get(2)?,
        assistant_kind: r.try_get(3)?,
        agency_id: r.try_get(4)?,
        citizen_id: r.try_get(5)?,
        citizen_name: r.try_get(6)?,
        place: r.try_get(7)?,
        consent_method: r.try_get(8)?,
        consent_version: r.try_get(9)?,
        consent_upload_id: r.try_get(10)?,
        scope: r.try_get(11)?,
        registered: r.try_get::<i64, _>(12)? != 0,
        started_at: r.try_get(13)?,
        expires_at: r.try_get(14)?,
        ended_at: r.try_get(15)?,
        end_reason: r.try_get(16)?,
    })
}

pub async fn insert_session(tx: &mut Tx, s: &NewSession<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO assisted_sessions (assistant_id, assistant_kind, agency_id, citizen_id, place, consent_method, \
         consent_version, consent_upload_id, scope, registered, started_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(s.assistant_id)
    .bind(s.assistant_kind)
    .bind(s.agency_id)
    .bind(s.citizen_id)
    .bind(s.place)
    .bind(s.consent_method)
    .bind(s.consent_version)
    .bind(s.consent_upload_id)
    .bind(s.scope)
    .bind(i64::from(s.registered))
    .bind(s.started_at)
    .bind(s.expires_at)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn session_by_id(conn: &mut Conn, id: i64) -> Result<Option<Session>, sqlx::Error> {
    let sql = format!("{SESSION} WHERE s.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(session).transpose()
}

/// End an open session (`ended` by the assistant, `withdrawn` by the citizen); false when it
/// was already over.
pub async fn end_session(tx: &mut Tx, id: i64, reason: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE assisted_sessions SET ended_at = $1, end_reason = $2 WHERE id = $3 AND ended_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(reason)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An assistant's sessions, newest first.
pub async fn sessions_of_assistant(conn: &mut Conn, assistant: i64, limit: i64) -> Result<Vec<Session>, sqlx::Error> {
    let sql = format!("{SESSION} WHERE s.assistant_id = $1 ORDER BY s.started_at DESC, s.id DESC LIMIT $2");
    let rows = sqlx::query(&sql).bind(assistant).bind(limit).fetch_all(conn).await?;
    rows.iter().map(session).collect()
}

/// A citizen's assisted sessions, newest first.
pub async fn sessions_of_citizen(conn: &mut Conn, citizen: i64) -> Result<Vec<Session>, sqlx::Error> {
    let sql = format!("{SESSION} WHERE s.citizen_id = $1 ORDER BY s.started_at DESC, s.id DESC");
    let rows = sqlx::query(&sql).bind(citizen).fetch_all(conn).await?;
    rows.iter().map(session).collect()
}

pub async fn insert_act(tx: &mut Tx, session: i64, kind: &str, reference: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO assisted_acts (session_id, kind, reference, at) VALUES ($1, $2, $3, $4)")
        .bind(session)
        .bind(kind)
        .bind(reference)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Record that the assistant read the citizen's status in the session (one statement).
pub async fn log_status_read(conn: &mut Conn, session: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO assisted_acts (session_id, kind, reference, at) VALUES ($1, 'status', '', $2)")
        .bind(session)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct ActRow {
    pub session_id: i64,
    pub kind: String,
    pub reference: String,
    pub at: i64,
}

/// The acts of these sessions, in time order.
pub async fn acts_of(conn: &mut Conn, sessions: &[i64]) -> Result<Vec<ActRow>, sqlx::Error> {
    if sessions.is_empty() {
        return Ok(vec![]);
    }
    let list = sessions.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT session_id, kind, reference, at FROM assisted_acts WHERE session_id IN ({list}) ORDER BY at, id"
    );
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            Ok(ActRow { session_id: r.try_get(0)?, kind: r.try_get(1)?, reference: r.try_get(2)?, at: r.try_get(3)? })
        })
        .collect()
}

/// Per assistant of an agency (every agency when `None`): sessions, acts, open sessions, the
/// last start. For supervision: no citizen is named.
#[derive(Clone, Debug)]
pub struct AssistantStats {
    pub assistant_id: i64,
    pub name: String,
    pub kind: String,
    pub agency_id: String,
    pub sessions: i64,
    pub acts: i64,
    pub withdrawn: i64,
    pub last_started: i64,
}

pub async fn stats(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<AssistantStats>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.assistant_id, u.full_name, s.assistant_kind, s.agency_id, CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(COALESCE(a.n, 0)), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN s.end_reason = 'withdrawn' THEN 1 ELSE 0 END), 0) AS BIGINT), MAX(s.started_at) \
         FROM assisted_sessions s JOIN users u ON u.id = s.assistant_id \
         LEFT JOIN (SELECT session_id, COUNT(*) AS n FROM assisted_acts GROUP BY session_id) a ON a.session_id = s.id \
         WHERE ($1 = '' OR s.agency_id = $1) \
         GROUP BY s.assistant_id, u.full_name, s.assistant_kind, s.agency_id ORDER BY MAX(s.started_at) DESC",
    )
    .bind(agency.unwrap_or(""))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AssistantStats {
                assistant_id: r.try_get(0)?,
                name: r.try_get(1)?,
                kind: r.try_get(2)?,
                agency_id: r.try_get(3)?,
                sessions: r.try_get(4)?,
                acts: r.try_get(5)?,
                withdrawn: r.try_get(6)?,
                last_started: r.try_get(7)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Marks.

/// The mark of a session (who assisted, as what, where).
pub async fn mark(conn: &mut Conn, session: i64) -> Result<Option<Mark>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.id, u.full_name, s.assistant_kind, s.agency_id, s.place FROM assisted_sessions s \
         JOIN users u ON u.id = s.assistant_id WHERE s.id = $1",
    )
    .bind(session)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Mark {
            session_id: r.try_get(0)?,
            assistant_name: r.try_get(1)?,
            assistant_kind: r.try_get(2)?,
            agency_id: r.try_get(3)?,
            place: r.try_get(4)?,
        })
    })
    .transpose()
}
