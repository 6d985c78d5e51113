//! The survey's tables (invitations and responses), and the few reads of finished items in
//! applications, complaints and appointments that the invitation job and the population of a
//! unit need. Those capabilities have no store function for "finished since" or "delivered in a
//! period" yet, so these reads (read-only, counts and ids only) are the only SQL against their
//! tables outside them, as in `opendata::stats`.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::Row as _;
use utoipa::ToSchema;

use super::model::{Scores, ELEMENTS};
use crate::db::{self, Conn, Tx};

/// An invitation to the survey.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Invitation {
    pub id: i64,
    /// `application`, `report` or `booking`.
    pub source_kind: String,
    #[serde(skip)]
    pub source_id: i64,
    #[serde(skip)]
    pub citizen_id: i64,
    pub agency_id: String,
    pub service_id: Option<String>,
    /// Unix seconds.
    pub finished_at: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub reminded_at: Option<i64>,
    pub answered_at: Option<i64>,
}

const INVITATION: &str = "id, source_kind, source_id, citizen_id, agency_id, service_id, finished_at, created_at, \
                          expires_at, reminded_at, answered_at";

fn invitation(r: &db::Row) -> Result<Invitation, sqlx::Error> {
    Ok(Invitation {
        id: r.try_get(0)?,
        source_kind: r.try_get(1)?,
        source_id: r.try_get(2)?,
        citizen_id: r.try_get(3)?,
        agency_id: r.try_get(4)?,
        service_id: r.try_get(5)?,
        finished_at: r.try_get(6)?,
        created_at: r.try_get(7)?,
        expires_at: r.try_get(8)?,
        reminded_at: r.try_get(9)?,
        answered_at: r.try_get(10)?,
    })
}

/// A finished item whose citizen may be invited.
#[derive(Clone, Debug)]
pub struct Finished {
    pub kind: &'static str,
    pub id: i64,
    pub citizen_id: i64,
    pub agency_id: String,
    pub service_id: Option<String>,
    pub at: i64,
}

/// Items finished at or after `since`: applications issued or completed, reports closed that
/// have a signed-in reporter, bookings served (a queue ticket of a booking serves its booking).
pub async fn finished_since(tx: &mut Tx, since: i64) -> Result<Vec<Finished>, sqlx::Error> {
    let queries: [(&'static str, &str); 3] = [
        (
            "application",
            "SELECT a.id, a.citizen_id, a.agency_id, a.service_id, MIN(e.at) FROM application_events e \
             JOIN applications a ON a.id = e.application_id \
             WHERE e.to_status IN ('issued', 'completed') AND e.at >= $1 \
             GROUP BY a.id, a.citizen_id, a.agency_id, a.service_id",
        ),
        (
            "report",
            "SELECT r.id, r.reporter_id, r.agency_id, CAST(NULL AS TEXT), MIN(e.at) FROM report_events e \
             JOIN reports r ON r.id = e.report_id \
             WHERE e.to_status = 'closed' AND e.at >= $1 AND r.reporter_id IS NOT NULL AND r.agency_id IS NOT NULL \
             GROUP BY r.id, r.reporter_id, r.agency_id",
        ),
        (
            "booking",
            "SELECT b.id, b.user_id, s.agency_id, b.service_id, b.updated_at FROM bookings b \
             JOIN services s ON s.id = b.service_id WHERE b.status = 'served' AND b.updated_at >= $1",
        ),
    ];
    let mut out = vec![];
    for (kind, sql) in queries {
        for r in sqlx::query(sql).bind(since).fetch_all(&mut **tx).await? {
            out.push(Finished {
                kind,
                id: r.try_get(0)?,
                citizen_id: r.try_get(1)?,
                agency_id: r.try_get(2)?,
                service_id: r.try_get(3)?,
                at: r.try_get(4)?,
            });
        }
    }
    Ok(out)
}

/// Invite for `f` unless it was invited before (by this or another process); the new id.
pub async fn invite(tx: &mut Tx, f: &Finished, now: i64, expires_at: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO skm_invitations (source_kind, source_id, citizen_id, agency_id, service_id, finished_at, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (source_kind, source_id) DO NOTHING RETURNING id",
    )
    .bind(f.kind)
    .bind(f.id)
    .bind(f.citizen_id)
    .bind(&f.agency_id)
    .bind(&f.service_id)
    .bind(f.at)
    .bind(now)
    .bind(expires_at)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// Open invitations created at or before `before` that still run and were not reminded.
pub async fn due_reminders(tx: &mut Tx, before: i64, now: i64) -> Result<Vec<Invitation>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {INVITATION} FROM skm_invitations WHERE answered_at IS NULL AND reminded_at IS NULL \
         AND created_at <= $1 AND expires_at > $2 ORDER BY id LIMIT 500"
    ))
    .bind(before)
    .bind(now)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(invitation).collect()
}

/// Mark `id` reminded; false when another process did (or it was answered) meanwhile.
pub async fn mark_reminded(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE skm_invitations SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND answered_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get_invitation(conn: &mut Conn, id: i64) -> Result<Option<Invitation>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {INVITATION} FROM skm_invitations WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(invitation).transpose()
}

/// A citizen's invitations, newest first.
pub async fn invitations_of(conn: &mut Conn, citizen: i64) -> Result<Vec<Invitation>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {INVITATION} FROM skm_invitations WHERE citizen_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200"
    ))
    .bind(citizen)
    .fetch_all(conn)
    .await?;
    rows.iter().map(invitation).collect()
}

/// Mark an invitation answered; false when it already was (or has expired).
pub async fn mark_answered(tx: &mut Tx, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE skm_invitations SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A response to store.
pub struct NewResponse<'a> {
    pub invitation_id: Option<i64>,
    pub agency_id: &'a str,
    pub service_id: Option<&'a str>,
    pub channel: &'a str,
    pub month: &'a str,
    pub scores: &'a Scores,
    pub suggestion: &'a str,
    /// The staff account of the kiosk (kiosk answers only).
    pub kiosk_user: Option<i64>,
}

/// Store a response and add it to its unit's month sums.
pub async fn insert_response(tx: &mut Tx, r: &NewResponse<'_>, now: i64) -> Result<(), sqlx::Error> {
    let mut q = sqlx::query(
        "INSERT INTO skm_responses (invitation_id, agency_id, service_id, channel, month, \
         u1, u2, u3, u4, u5, u6, u7, u8, u9, suggestion, created_at, kiosk_user) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(r.invitation_id)
    .bind(r.agency_id)
    .bind(r.service_id)
    .bind(r.channel)
    .bind(r.month);
    for s in r.scores {
        q = q.bind(*s);
    }
    q.bind(r.suggestion).bind(now).bind(r.kiosk_user).execute(&mut **tx).await?;
    let cols: Vec<String> = (1..=ELEMENTS).map(|i| format!("u{i}")).collect();
    let sql = format!(
        "INSERT INTO skm_month_sums (agency_id, month, respondents, {}) VALUES ($1, $2, 1, {}) \
         ON CONFLICT (agency_id, month) DO UPDATE SET respondents = skm_month_sums.respondents + 1, {}",
        cols.join(", "),
        (3..3 + ELEMENTS).map(|i| format!("${i}")).collect::<Vec<_>>().join(", "),
        cols.iter().map(|c| format!("{c} = skm_month_sums.{c} + excluded.{c}")).collect::<Vec<_>>().join(", ")
    );
    let mut q = sqlx::query(&sql).bind(r.agency_id).bind(r.month);
    for s in r.scores {
        q = q.bind(*s);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// The sums of each element and the respondents of one agency in one month.
#[derive(Clone, Debug)]
pub struct MonthSums {
    pub agency_id: String,
    pub month: String,
    pub respondents: i64,
    pub sums: Scores,
}

/// Answers taken by `user`'s kiosk since `since`.
pub async fn kiosk_answers_since(tx: &mut Tx, user: i64, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM skm_responses WHERE kiosk_user = $1 AND created_at >= $2")
        .bind(user)
        .bind(since)
        .fetch_one(&mut **tx)
        .await
}

/// Sums per agency and month over `months` (`YYYY-MM`), for one agency or all (`agency` empty),
/// from the sums kept with each response.
pub async fn sums(conn: &mut Conn, months: &[String], agency: &str) -> Result<Vec<MonthSums>, sqlx::Error> {
    if months.is_empty() {
        return Ok(vec![]);
    }
    let marks: Vec<String> = (0..months.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT agency_id, month, respondents, {} FROM skm_month_sums \
         WHERE ($1 = '' OR agency_id = $1) AND month IN ({}) ORDER BY agency_id, month",
        (1..=ELEMENTS).map(|i| format!("u{i}")).collect::<Vec<_>>().join(", "),
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(agency);
    for m in months {
        q = q.bind(m);
    }
    let rows = q.fetch_all(conn).await?;
    rows.iter()
        .map(|r| {
            let mut sums = [0i64; ELEMENTS];
            for (i, s) in sums.iter_mut().enumerate() {
                *s = r.try_get(3 + i)?;
            }
            Ok(MonthSums { agency_id: r.try_get(0)?, month: r.try_get(1)?, respondents: r.try_get(2)?, sums })
        })
        .collect()
}

/// The months that have responses, newest first.
pub async fn months(conn: &mut Conn) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT month FROM skm_month_sums ORDER BY month DESC").fetch_all(conn).await
}

/// Suggestions (non-empty) of an agency over `months`, newest first.
pub async fn suggestions(
    conn: &mut Conn,
    agency: &str,
    months: &[String],
    limit: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    if months.is_empty() {
        return Ok(vec![]);
    }
    let marks: Vec<String> = (0..months.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT month, suggestion FROM skm_responses WHERE agency_id = $1 AND suggestion <> '' \
         AND month IN ({}) ORDER BY created_at DESC, id DESC LIMIT $2",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(agency).bind(limit);
    for m in months {
        q = q.bind(m);
    }
    let rows = q.fetch_all(conn).await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// The services each agency delivered in [from, to): applications issued or completed,
/// reports closed, bookings served and walk-in queue tickets done (a ticket of a booking is
/// counted once, as its booking).
pub async fn population(conn: &mut Conn, from: i64, to: i64) -> Result<BTreeMap<String, i64>, sqlx::Error> {
    // Each item counts in the period of its first finishing event (read through the index on
    // (to_status, at), so a period costs what happened in it, not the whole history).
    let queries = [
        "SELECT a.agency_id, COUNT(*) FROM application_events e JOIN applications a ON a.id = e.application_id \
         WHERE e.to_status IN ('issued', 'completed') AND e.at >= $1 AND e.at < $2 \
         AND NOT EXISTS (SELECT 1 FROM application_events p WHERE p.application_id = e.application_id \
              AND p.to_status IN ('issued', 'completed') AND (p.at < e.at OR (p.at = e.at AND p.id < e.id))) \
         GROUP BY a.agency_id",
        "SELECT r.agency_id, COUNT(*) FROM report_events e JOIN reports r ON r.id = e.report_id \
         WHERE e.to_status = 'closed' AND e.at >= $1 AND e.at < $2 AND r.agency_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM report_events p WHERE p.report_id = e.report_id \
              AND p.to_status = 'closed' AND (p.at < e.at OR (p.at = e.at AND p.id < e.id))) \
         GROUP BY r.agency_id",
        "SELECT s.agency_id, COUNT(*) FROM bookings b JOIN services s ON s.id = b.service_id \
         WHERE b.status = 'served' AND b.updated_at >= $1 AND b.updated_at < $2 GROUP BY s.agency_id",
        "SELECT s.agency_id, COUNT(*) FROM tickets t JOIN services s ON s.id = t.service_id \
         WHERE t.status = 'done' AND t.booking_id IS NULL AND t.done_at >= $1 AND t.done_at < $2 GROUP BY s.agency_id",
    ];
    let mut out = BTreeMap::new();
    for sql in queries {
        for r in sqlx::query(sql).bind(from).bind(to).fetch_all(&mut *conn).await? {
            let agency: String = r.try_get(0)?;
            *out.entry(agency).or_insert(0) += r.try_get::<i64, _>(1)?;
        }
    }
    Ok(out)
}
