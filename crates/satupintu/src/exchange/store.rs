//! The exchange tables: members, purposes, consent (with its record), request ids seen, and
//! the append-only log.

use serde::Serialize;
use sqlx::Row as _;
use utoipa::ToSchema;

use crate::db::{Conn, Tx};

#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = ExchangeMember)]
pub struct Member {
    pub member_id: String,
    pub subsystem: String,
    pub name: String,
    pub public_key: String,
    pub url: String,
    pub created_at: i64,
}

fn member(r: &crate::db::Row) -> Result<Member, sqlx::Error> {
    Ok(Member {
        member_id: r.try_get(0)?,
        subsystem: r.try_get(1)?,
        name: r.try_get(2)?,
        public_key: r.try_get(3)?,
        url: r.try_get(4)?,
        created_at: r.try_get(5)?,
    })
}

const MEMBER_COLS: &str = "member_id, subsystem, name, public_key, url, created_at";

/// Add a member's system, or replace its name, key and URL.
pub async fn upsert_member(tx: &mut Tx, m: &Member) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO exchange_members (member_id, subsystem, name, public_key, url, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (member_id, subsystem) DO UPDATE SET name = excluded.name, public_key = excluded.public_key, url = excluded.url",
    )
    .bind(&m.member_id)
    .bind(&m.subsystem)
    .bind(&m.name)
    .bind(&m.public_key)
    .bind(&m.url)
    .bind(m.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn member_by_id(conn: &mut Conn, member_id: &str, subsystem: &str) -> Result<Option<Member>, sqlx::Error> {
    let row =
        sqlx::query(&format!("SELECT {MEMBER_COLS} FROM exchange_members WHERE member_id = $1 AND subsystem = $2"))
            .bind(member_id)
            .bind(subsystem)
            .fetch_optional(conn)
            .await?;
    row.as_ref().map(member).transpose()
}

/// The first system of a member that has a URL (the one this instance asks).
pub async fn member_endpoint(conn: &mut Conn, member_id: &str) -> Result<Option<Member>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {MEMBER_COLS} FROM exchange_members WHERE member_id = $1 AND url <> '' ORDER BY subsystem LIMIT 1"
    ))
    .bind(member_id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(member).transpose()
}

pub async fn members(conn: &mut Conn) -> Result<Vec<Member>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {MEMBER_COLS} FROM exchange_members ORDER BY member_id, subsystem"))
        .fetch_all(conn)
        .await?;
    rows.iter().map(member).collect()
}

#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = ExchangePurpose)]
pub struct Purpose {
    pub id: String,
    /// The member that may ask.
    pub client_member: String,
    pub item: String,
    /// The catalogue service the purpose serves.
    pub service_id: String,
    pub description_id: String,
    pub description_en: String,
    /// Whether a legal basis recorded with the request may stand in for consent.
    pub legal_basis_allowed: bool,
    /// Unix seconds when an administrator retired it: no query is served for it any more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<i64>,
}

const PURPOSE_COLS: &str =
    "id, client_member, item, service_id, description_id, description_en, legal_basis_allowed, retired_at";

fn purpose(r: &crate::db::Row) -> Result<Purpose, sqlx::Error> {
    Ok(Purpose {
        id: r.try_get(0)?,
        client_member: r.try_get(1)?,
        item: r.try_get(2)?,
        service_id: r.try_get(3)?,
        description_id: r.try_get(4)?,
        description_en: r.try_get(5)?,
        legal_basis_allowed: r.try_get::<i64, _>(6)? != 0,
        retired_at: r.try_get(7)?,
    })
}

pub async fn upsert_purpose(tx: &mut Tx, p: &Purpose, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO exchange_purposes (id, client_member, item, service_id, description_id, description_en, legal_basis_allowed, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET client_member = excluded.client_member, \
         item = excluded.item, service_id = excluded.service_id, description_id = excluded.description_id, \
         description_en = excluded.description_en, legal_basis_allowed = excluded.legal_basis_allowed",
    )
    .bind(&p.id)
    .bind(&p.client_member)
    .bind(&p.item)
    .bind(&p.service_id)
    .bind(&p.description_id)
    .bind(&p.description_en)
    .bind(p.legal_basis_allowed as i64)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Retire a purpose (`Some(now)`) or bring it back (`None`); false when there is no such purpose.
pub async fn set_purpose_retired(tx: &mut Tx, id: &str, retired_at: Option<i64>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE exchange_purposes SET retired_at = $1 WHERE id = $2")
        .bind(retired_at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn purpose_by_id(conn: &mut Conn, id: &str) -> Result<Option<Purpose>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {PURPOSE_COLS} FROM exchange_purposes WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(purpose).transpose()
}

pub async fn purposes(conn: &mut Conn) -> Result<Vec<Purpose>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {PURPOSE_COLS} FROM exchange_purposes ORDER BY client_member, id"))
        .fetch_all(conn)
        .await?;
    rows.iter().map(purpose).collect()
}

/// The purposes a citizen has consent on (purpose id → granted).
pub async fn consents(conn: &mut Conn, user_id: i64) -> Result<Vec<(String, bool)>, sqlx::Error> {
    let rows = sqlx::query("SELECT purpose_id, granted FROM exchange_consents WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? != 0))).collect()
}

/// The consent record's id in force for (user, purpose), when consent is granted now.
pub async fn active_consent(conn: &mut Conn, user_id: i64, purpose_id: &str) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT MAX(l.id) FROM exchange_consent_log l WHERE l.user_id = c.user_id AND l.purpose_id = c.purpose_id AND l.granted = 1) \
         FROM exchange_consents c WHERE c.user_id = $1 AND c.purpose_id = $2 AND c.granted = 1",
    )
    .bind(user_id)
    .bind(purpose_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.try_get::<Option<i64>, _>(0)).transpose()?.flatten())
}

/// Grant or withdraw; a change is recorded (setting the same value again records nothing).
pub async fn set_consent(
    tx: &mut Tx,
    user_id: i64,
    purpose_id: &str,
    granted: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let current: Option<i64> =
        sqlx::query("SELECT granted FROM exchange_consents WHERE user_id = $1 AND purpose_id = $2")
            .bind(user_id)
            .bind(purpose_id)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
    if current.map(|g| g != 0) == Some(granted) || (current.is_none() && !granted) {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO exchange_consents (user_id, purpose_id, granted, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, purpose_id) DO UPDATE SET granted = excluded.granted, updated_at = excluded.updated_at",
    )
    .bind(user_id)
    .bind(purpose_id)
    .bind(granted as i64)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO exchange_consent_log (user_id, purpose_id, granted, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(purpose_id)
        .bind(granted as i64)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = ExchangeConsentEvent)]
pub struct ConsentEvent {
    pub purpose_id: String,
    pub granted: bool,
    pub at: i64,
}

pub async fn consent_history(conn: &mut Conn, user_id: i64) -> Result<Vec<ConsentEvent>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT purpose_id, granted, created_at FROM exchange_consent_log WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ConsentEvent { purpose_id: r.try_get(0)?, granted: r.try_get::<i64, _>(1)? != 0, at: r.try_get(2)? })
        })
        .collect()
}

/// Remember a request id; false when it was seen before (a replay).
pub async fn remember_request(tx: &mut Tx, request_id: &str, client: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO exchange_replay (request_id, client_member, received_at) VALUES ($1, $2, $3) ON CONFLICT (request_id) DO NOTHING",
    )
    .bind(request_id)
    .bind(client)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One row of the exchange log.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
#[schema(as = ExchangeLogEntry)]
pub struct LogEntry {
    pub id: i64,
    /// `in` (served here) or `out` (asked by this instance).
    pub direction: String,
    pub request_id: String,
    pub client_member: String,
    pub client_subsystem: String,
    pub service_member: String,
    pub item: String,
    pub purpose_id: String,
    #[serde(skip)]
    pub subject_user_id: Option<i64>,
    /// `consent` or `legal` (empty when refused before it was decided).
    pub basis: String,
    /// The consent record or the legal basis given.
    pub basis_ref: String,
    /// `answered` or the refusal code.
    pub outcome: String,
    /// `yes` or `no` when answered.
    pub answer: String,
    pub request_sha256: String,
    pub response_sha256: String,
    pub issued_at: i64,
    pub created_at: i64,
}

const LOG_COLS: &str = "id, direction, request_id, client_member, client_subsystem, service_member, item, purpose_id, \
     subject_user_id, basis, basis_ref, outcome, answer, request_sha256, response_sha256, issued_at, created_at";

fn log_entry(r: &crate::db::Row) -> Result<LogEntry, sqlx::Error> {
    Ok(LogEntry {
        id: r.try_get(0)?,
        direction: r.try_get(1)?,
        request_id: r.try_get(2)?,
        client_member: r.try_get(3)?,
        client_subsystem: r.try_get(4)?,
        service_member: r.try_get(5)?,
        item: r.try_get(6)?,
        purpose_id: r.try_get(7)?,
        subject_user_id: r.try_get(8)?,
        basis: r.try_get(9)?,
        basis_ref: r.try_get(10)?,
        outcome: r.try_get(11)?,
        answer: r.try_get(12)?,
        request_sha256: r.try_get(13)?,
        response_sha256: r.try_get(14)?,
        issued_at: r.try_get(15)?,
        created_at: r.try_get(16)?,
    })
}

pub async fn append_log(conn: &mut Conn, e: &LogEntry) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO exchange_log (direction, request_id, client_member, client_subsystem, service_member, item, purpose_id, \
         subject_user_id, basis, basis_ref, outcome, answer, request_sha256, response_sha256, issued_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(&e.direction)
    .bind(&e.request_id)
    .bind(&e.client_member)
    .bind(&e.client_subsystem)
    .bind(&e.service_member)
    .bind(&e.item)
    .bind(&e.purpose_id)
    .bind(e.subject_user_id)
    .bind(&e.basis)
    .bind(&e.basis_ref)
    .bind(&e.outcome)
    .bind(&e.answer)
    .bind(&e.request_sha256)
    .bind(&e.response_sha256)
    .bind(e.issued_at)
    .bind(e.created_at)
    .fetch_one(conn)
    .await?;
    row.try_get(0)
}

/// The newest log rows (the admin page), at most `limit`.
pub async fn recent_log(conn: &mut Conn, limit: i64) -> Result<Vec<LogEntry>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {LOG_COLS} FROM exchange_log ORDER BY id DESC LIMIT $1"))
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.iter().map(log_entry).collect()
}

/// Every use of a citizen's data served here, newest first.
pub async fn subject_log(conn: &mut Conn, user_id: i64) -> Result<Vec<LogEntry>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {LOG_COLS} FROM exchange_log WHERE subject_user_id = $1 AND direction = 'in' ORDER BY id DESC"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(log_entry).collect()
}

/// The log rows of one request id (both the serving and the asking side write one).
pub async fn log_of_request(conn: &mut Conn, request_id: &str) -> Result<Vec<LogEntry>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {LOG_COLS} FROM exchange_log WHERE request_id = $1 ORDER BY id"))
        .bind(request_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(log_entry).collect()
}

// ---------------------------------------------------------------------------------------
// Automatic verification of application fields.

/// A verification rule: `field` of `service_id` may be verified by asking `provider_member`
/// for `item` (for `purpose_id`, whose client is this instance) instead of an uploaded scan.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = ExchangeVerificationRule)]
pub struct Rule {
    pub id: String,
    pub service_id: String,
    pub field: String,
    pub provider_member: String,
    pub item: String,
    pub purpose_id: String,
    pub params: std::collections::BTreeMap<String, String>,
}

const RULE_COLS: &str = "id, service_id, field, provider_member, item, purpose_id, params_json";

fn rule(r: &crate::db::Row) -> Result<Rule, sqlx::Error> {
    Ok(Rule {
        id: r.try_get(0)?,
        service_id: r.try_get(1)?,
        field: r.try_get(2)?,
        provider_member: r.try_get(3)?,
        item: r.try_get(4)?,
        purpose_id: r.try_get(5)?,
        params: serde_json::from_str(&r.try_get::<String, _>(6)?).unwrap_or_default(),
    })
}

/// Add a rule or replace it (by id; one rule per service field).
pub async fn upsert_rule(tx: &mut Tx, r: &Rule, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM exchange_verifications WHERE service_id = $1 AND field = $2 AND id <> $3")
        .bind(&r.service_id)
        .bind(&r.field)
        .bind(&r.id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO exchange_verifications (id, service_id, field, provider_member, item, purpose_id, params_json, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id, \
         field = excluded.field, provider_member = excluded.provider_member, item = excluded.item, \
         purpose_id = excluded.purpose_id, params_json = excluded.params_json",
    )
    .bind(&r.id)
    .bind(&r.service_id)
    .bind(&r.field)
    .bind(&r.provider_member)
    .bind(&r.item)
    .bind(&r.purpose_id)
    .bind(serde_json::to_string(&r.params).unwrap_or_else(|_| "{}".into()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The rules, all (`service_id` empty) or of one service.
pub async fn rules(conn: &mut Conn, service_id: &str) -> Result<Vec<Rule>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {RULE_COLS} FROM exchange_verifications WHERE $1 = '' OR service_id = $1 ORDER BY service_id, field"
    ))
    .bind(service_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(rule).collect()
}

/// One rule by its id.
pub async fn rule_by_id(conn: &mut Conn, id: &str) -> Result<Option<Rule>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {RULE_COLS} FROM exchange_verifications WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(rule).transpose()
}

/// One field's verification on one application.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = ApplicationVerification)]
pub struct Verification {
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub application_id: i64,
    #[serde(skip)]
    pub citizen_id: i64,
    /// The form field verified.
    pub field: String,
    #[serde(skip)]
    pub rule_id: String,
    pub item: String,
    pub purpose_id: String,
    /// The member agency asked (the source of the answer).
    pub provider_member: String,
    pub provider_name: String,
    /// `waiting` (not submitted yet), `pending`, `yes`, `no`, `failed` (retried) or `refused`.
    pub status: String,
    /// Why it failed or was refused (a stable code such as `exchange_no_consent`).
    pub code: String,
    /// The exchange request id of the last ask (also in both sides' exchange log).
    pub request_id: String,
    /// Unix seconds of the last ask.
    pub asked_at: Option<i64>,
    pub attempts: i64,
    #[serde(skip)]
    pub next_attempt_at: Option<i64>,
}

const VER_COLS: &str =
    "id, application_id, citizen_id, field, rule_id, item, purpose_id, provider_member, provider_name, \
     status, code, request_id, asked_at, attempts, next_attempt_at";

fn verification(r: &crate::db::Row) -> Result<Verification, sqlx::Error> {
    Ok(Verification {
        id: r.try_get(0)?,
        application_id: r.try_get(1)?,
        citizen_id: r.try_get(2)?,
        field: r.try_get(3)?,
        rule_id: r.try_get(4)?,
        item: r.try_get(5)?,
        purpose_id: r.try_get(6)?,
        provider_member: r.try_get(7)?,
        provider_name: r.try_get(8)?,
        status: r.try_get(9)?,
        code: r.try_get(10)?,
        request_id: r.try_get(11)?,
        asked_at: r.try_get(12)?,
        attempts: r.try_get(13)?,
        next_attempt_at: r.try_get(14)?,
    })
}

/// Record the citizen's choice of automatic verification for a field (again: start over).
pub async fn choose_verification(
    tx: &mut Tx,
    application_id: i64,
    citizen_id: i64,
    rule: &Rule,
    provider_name: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO application_verifications (application_id, citizen_id, field, rule_id, item, purpose_id, \
         provider_member, provider_name, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9) \
         ON CONFLICT (application_id, field) DO UPDATE SET rule_id = excluded.rule_id, item = excluded.item, \
         purpose_id = excluded.purpose_id, provider_member = excluded.provider_member, \
         provider_name = excluded.provider_name",
    )
    .bind(application_id)
    .bind(citizen_id)
    .bind(&rule.field)
    .bind(&rule.id)
    .bind(&rule.item)
    .bind(&rule.purpose_id)
    .bind(&rule.provider_member)
    .bind(provider_name)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The citizen chose to upload the scan instead.
pub async fn drop_verification(tx: &mut Tx, application_id: i64, field: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM application_verifications WHERE application_id = $1 AND field = $2")
        .bind(application_id)
        .bind(field)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The application was submitted (or resubmitted): every verification not answered yes is due.
pub async fn queue_verifications(tx: &mut Tx, application_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE application_verifications SET status = 'pending', code = '', attempts = 0, next_attempt_at = $2 \
         WHERE application_id = $1 AND status <> 'yes'",
    )
    .bind(application_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Ask one field again now (an officer's "Periksa ulang").
pub async fn requeue_verification(
    tx: &mut Tx,
    application_id: i64,
    field: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE application_verifications SET status = 'pending', code = '', attempts = 0, next_attempt_at = $3 \
         WHERE application_id = $1 AND field = $2 AND status <> 'waiting'",
    )
    .bind(application_id)
    .bind(field)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn verifications_of(conn: &mut Conn, application_id: i64) -> Result<Vec<Verification>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {VER_COLS} FROM application_verifications WHERE application_id = $1 ORDER BY field"
    ))
    .bind(application_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(verification).collect()
}

/// Claim up to `limit` due verifications until `now + lease` (so two processes never ask the
/// same one at once): their next attempt moves past the lease.
pub async fn claim_verifications(
    db: &crate::db::Db,
    now: i64,
    lease: i64,
    limit: i64,
) -> Result<Vec<Verification>, sqlx::Error> {
    let pick = match db.backend() {
        crate::db::Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        crate::db::Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE application_verifications SET next_attempt_at = $1 WHERE id IN (SELECT id FROM application_verifications \
         WHERE status IN ('pending', 'failed') AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3 {pick}) \
         AND status IN ('pending', 'failed') AND next_attempt_at <= $2 RETURNING {VER_COLS}"
    );
    let mut tx = db.begin().await?;
    let rows = sqlx::query(&sql).bind(now + lease.max(1)).bind(now).bind(limit).fetch_all(&mut *tx).await?;
    tx.commit().await?;
    rows.iter().map(verification).collect()
}

/// Store the outcome of an ask; `next_attempt_at` None: no retry.
#[allow(clippy::too_many_arguments)]
pub async fn finish_verification(
    conn: &mut Conn,
    id: i64,
    status: &str,
    code: &str,
    request_id: &str,
    asked_at: i64,
    next_attempt_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE application_verifications SET status = $2, code = $3, request_id = $4, asked_at = $5, \
         attempts = attempts + 1, next_attempt_at = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(code)
    .bind(request_id)
    .bind(asked_at)
    .bind(next_attempt_at)
    .execute(conn)
    .await?;
    Ok(())
}
