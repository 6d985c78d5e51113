//! The application tables. Every function takes the caller's transaction.

use std::collections::HashMap;

use serde_json::{Map, Value};
use sqlx::Row as _;

use super::fields::UploadInfo;
use crate::db::{Conn, Row, Tx};

#[derive(Clone, Debug)]
pub struct Application {
    pub id: i64,
    pub code: String,
    pub service_id: String,
    pub service_version: i64,
    pub agency_id: String,
    pub citizen_id: i64,
    pub filed_by: Option<i64>,
    pub status: String,
    pub fields: Map<String, Value>,
    pub assigned_to: Option<i64>,
    pub submitted_at: Option<i64>,
    pub due_date: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub revision: i64,
    /// The assisted session it was filed in (see `assisted`), if any.
    pub assisted_session_id: Option<i64>,
}

const COLUMNS: &str = "id, code, service_id, service_version, agency_id, citizen_id, filed_by, status, fields_json, \
                       assigned_to, submitted_at, due_date, created_at, updated_at, revision, assisted_session_id";

/// The form values as stored: NIK-like numbers sealed (personal data at rest).
fn sealed_fields(fields: &serde_json::Map<String, Value>) -> Result<String, sqlx::Error> {
    let mut v = Value::Object(fields.clone());
    crate::crypto::seal_json(crate::crypto::FIELDS_PLACE, &mut v)?;
    Ok(v.to_string())
}

fn application(r: &Row) -> Result<Application, sqlx::Error> {
    let mut fields: Value = serde_json::from_str(&r.try_get::<String, _>(8)?).unwrap_or_default();
    crate::crypto::open_json(crate::crypto::FIELDS_PLACE, &mut fields)?;
    let fields = match fields {
        Value::Object(map) => map,
        _ => Default::default(),
    };
    Ok(Application {
        id: r.try_get(0)?,
        code: r.try_get(1)?,
        service_id: r.try_get(2)?,
        service_version: r.try_get(3)?,
        agency_id: r.try_get(4)?,
        citizen_id: r.try_get(5)?,
        filed_by: r.try_get(6)?,
        status: r.try_get(7)?,
        fields,
        assigned_to: r.try_get(9)?,
        submitted_at: r.try_get(10)?,
        due_date: r.try_get(11)?,
        created_at: r.try_get(12)?,
        updated_at: r.try_get(13)?,
        revision: r.try_get(14)?,
        assisted_session_id: r.try_get(15)?,
    })
}

/// Insert `a` as it stands (a draft, or an application submitted in the same breath) and
/// return its id.
pub async fn insert(tx: &mut Tx, a: &Application) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, filed_by, status, \
         fields_json, submitted_at, due_date, created_at, updated_at, revision, assisted_session_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(&a.code)
    .bind(&a.service_id)
    .bind(a.service_version)
    .bind(&a.agency_id)
    .bind(a.citizen_id)
    .bind(a.filed_by)
    .bind(&a.status)
    .bind(sealed_fields(&a.fields)?)
    .bind(a.submitted_at)
    .bind(&a.due_date)
    .bind(a.created_at)
    .bind(a.updated_at)
    .bind(a.revision)
    .bind(a.assisted_session_id)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

/// The applications filed in these assisted sessions, oldest first.
pub async fn by_assisted_sessions(conn: &mut Conn, sessions: &[i64]) -> Result<Vec<Application>, sqlx::Error> {
    if sessions.is_empty() {
        return Ok(vec![]);
    }
    let list = sessions.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql =
        format!("SELECT {COLUMNS} FROM applications WHERE assisted_session_id IN ({list}) ORDER BY created_at, id");
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    rows.iter().map(application).collect()
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<Application>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(application).transpose()
}

pub async fn by_code(tx: &mut Tx, code: &str) -> Result<Option<Application>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE code = $1");
    let row = sqlx::query(&sql).bind(code).fetch_optional(&mut **tx).await?;
    row.as_ref().map(application).transpose()
}

/// Write a new state if nobody changed the application since `a.revision` was read.
/// Returns false when someone else got there first.
/// The tracking code of an application.
pub async fn code_of(conn: &mut Conn, id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT code FROM applications WHERE id = $1").bind(id).fetch_optional(conn).await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// The tracking codes of applications by id.
pub async fn codes_of(conn: &mut Conn, ids: &[i64]) -> Result<HashMap<i64, String>, sqlx::Error> {
    let rows = crate::db::fetch_in(conn, "SELECT id, code FROM applications WHERE id IN ({in})", ids).await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

pub async fn save_state(tx: &mut Tx, a: &Application, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, fields_json = $2, assigned_to = $3, submitted_at = $4, due_date = $5, \
         updated_at = $6, revision = revision + 1 WHERE id = $7 AND revision = $8",
    )
    .bind(&a.status)
    .bind(sealed_fields(&a.fields)?)
    .bind(a.assigned_to)
    .bind(a.submitted_at)
    .bind(&a.due_date)
    .bind(now)
    .bind(a.id)
    .bind(a.revision)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewEvent<'a> {
    pub application_id: i64,
    pub actor_id: Option<i64>,
    pub actor_role: &'a str,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub note: Option<&'a str>,
}

/// Write history events in one statement, in order.
pub async fn insert_events(tx: &mut Tx, events: &[NewEvent<'_>], now: i64) -> Result<(), sqlx::Error> {
    if events.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO application_events (application_id, at, actor_id, actor_role, action, from_status, to_status, \
         note) {}",
        crate::db::values_clause(events.len(), 8)
    );
    let mut q = sqlx::query(&sql);
    for e in events {
        q = q
            .bind(e.application_id)
            .bind(now)
            .bind(e.actor_id)
            .bind(e.actor_role)
            .bind(e.action)
            .bind(e.from_status)
            .bind(e.to_status)
            .bind(e.note);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct Event {
    pub at: i64,
    pub actor_name: Option<String>,
    pub actor_role: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
}

pub async fn events(tx: &mut Tx, application_id: i64) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.at, u.full_name, e.actor_role, e.action, e.from_status, e.to_status, e.note \
         FROM application_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.application_id = $1 ORDER BY e.id",
    )
    .bind(application_id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Event {
                at: r.try_get(0)?,
                actor_name: r.try_get(1)?,
                actor_role: r.try_get(2)?,
                action: r.try_get(3)?,
                from_status: r.try_get(4)?,
                to_status: r.try_get(5)?,
                note: r.try_get(6)?,
            })
        })
        .collect()
}

pub async fn of_citizen(tx: &mut Tx, citizen_id: i64) -> Result<Vec<Application>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE citizen_id = $1 ORDER BY created_at DESC, id DESC");
    let rows = sqlx::query(&sql).bind(citizen_id).fetch_all(&mut **tx).await?;
    rows.iter().map(application).collect()
}

/// An agency's applications in one status, or (no status given) those still in progress, oldest
/// submission first.
pub async fn inbox(
    tx: &mut Tx,
    agency_id: &str,
    service: Option<&str>,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<Application>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM applications WHERE agency_id = $1 AND status <> 'draft' \
         AND ($2 = '' OR service_id = $2) \
         AND (status = $3 OR ($3 = '' AND status NOT IN ('completed', 'rejected', 'cancelled'))) \
         ORDER BY submitted_at ASC, id ASC LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(agency_id)
        .bind(service.unwrap_or(""))
        .bind(status.unwrap_or(""))
        .bind(limit)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(application).collect()
}

/// Open applications per assigned officer of an agency (for supervisors).
pub async fn workload(tx: &mut Tx, agency_id: &str) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.full_name, COUNT(a.id) FROM users u LEFT JOIN applications a ON a.assigned_to = u.id \
         AND a.status IN ('verification', 'revision_requested', 'processing', 'approved') \
         WHERE u.agency_id = $1 AND u.role IN ('officer', 'supervisor') AND u.disabled = 0 \
         GROUP BY u.id, u.full_name ORDER BY COUNT(a.id) DESC, u.full_name",
    )
    .bind(agency_id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect()
}

pub async fn insert_upload(
    conn: &mut Conn,
    id: &str,
    sha256: &str,
    mime: &str,
    size: i64,
    owner: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO uploads (id, sha256, mime, size, owner_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(sha256)
        .bind(mime)
        .bind(size)
        .bind(owner)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// The uploads among `ids` that belong to one of `owners`.
pub async fn uploads(
    conn: &mut Conn,
    ids: &[String],
    owners: &[i64],
) -> Result<HashMap<String, UploadInfo>, sqlx::Error> {
    let mut ids: Vec<&String> = ids.iter().collect();
    ids.sort();
    ids.dedup();
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT id, mime, size, owner_id FROM uploads WHERE id IN ({})", marks.join(", "));
    let mut q = sqlx::query(&sql);
    for id in &ids {
        q = q.bind(id.as_str());
    }
    for r in q.fetch_all(conn).await? {
        let owner: i64 = r.try_get(3)?;
        if owners.contains(&owner) {
            out.insert(r.try_get(0)?, UploadInfo { mime: r.try_get(1)?, size: r.try_get(2)? });
        }
    }
    Ok(out)
}

pub async fn upload_file(conn: &mut Conn, id: &str) -> Result<Option<(String, String, i64)>, sqlx::Error> {
    let row =
        sqlx::query("SELECT sha256, mime, owner_id FROM uploads WHERE id = $1").bind(id).fetch_optional(conn).await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

pub async fn log_access(
    conn: &mut Conn,
    citizen_id: i64,
    staff_id: i64,
    application_id: i64,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO data_access_log (citizen_id, staff_id, application_id, reason, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(citizen_id)
    .bind(staff_id)
    .bind(application_id)
    .bind(reason)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AccessEntry {
    /// Unix seconds (UTC).
    pub at: i64,
    pub staff_name: String,
    /// The officer's role (`officer`, `supervisor`, ...).
    pub staff_role: String,
    pub agency_id: Option<String>,
    pub reason: String,
    pub application_code: Option<String>,
}

pub async fn access_log(tx: &mut Tx, citizen_id: i64) -> Result<Vec<AccessEntry>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT l.at, u.full_name, u.agency_id, l.reason, a.code, u.role FROM data_access_log l JOIN users u ON u.id = l.staff_id \
         LEFT JOIN applications a ON a.id = l.application_id WHERE l.citizen_id = $1 ORDER BY l.at DESC, l.id DESC LIMIT 500",
    )
    .bind(citizen_id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AccessEntry {
                at: r.try_get(0)?,
                staff_name: r.try_get(1)?,
                agency_id: r.try_get(2)?,
                reason: r.try_get(3)?,
                application_code: r.try_get(4)?,
                staff_role: r.try_get(5)?,
            })
        })
        .collect()
}

/// An application of `agency` whose fields name this upload: (id, citizen, code).
pub async fn application_using_upload(
    tx: &mut Tx,
    agency: &str,
    upload_id: &str,
) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    let pattern = format!("%\"{upload_id}\"%");
    let row = sqlx::query(
        "SELECT id, citizen_id, code FROM applications WHERE agency_id = $1 AND fields_json LIKE $2 LIMIT 1",
    )
    .bind(agency)
    .bind(pattern)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

/// The citizen, agency and code of an application.
pub async fn parties(tx: &mut Tx, application_id: i64) -> Result<Option<(i64, String, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT citizen_id, agency_id, code FROM applications WHERE id = $1")
        .bind(application_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}
