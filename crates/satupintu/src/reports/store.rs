//! The report tables. Every function takes the caller's transaction or connection.

use sqlx::Row as _;

use crate::db::{Conn, Row, Tx};

#[derive(Clone, Debug)]
pub struct Report {
    pub id: i64,
    pub code: String,
    pub category: String,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub region_code: Option<String>,
    pub privacy: String,
    pub status: String,
    pub reporter_id: Option<i64>,
    pub agency_id: Option<String>,
    pub suggested_category: Option<String>,
    pub suggested_agency: Option<String>,
    pub supporters: i64,
    pub hidden: bool,
    /// The date by which the coordinator should dispatch it.
    pub dispatch_due: Option<String>,
    /// The date by which the agency should respond, once dispatched.
    pub response_due: Option<String>,
    /// The date it closes by itself once resolved, unless the reporter reopens it.
    pub closes_on: Option<String>,
    /// The stages whose time limit passed and were escalated (`dispatch`, `response`, comma-separated).
    pub escalated: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub revision: i64,
}

impl Report {
    /// The date the current stage should be done by: dispatch, the agency's response, or
    /// (resolved) the day it closes by itself.
    pub fn due_date(&self) -> Option<&str> {
        match self.status.as_str() {
            "received" | "verified" => self.dispatch_due.as_deref(),
            "dispatched" | "in_progress" => self.response_due.as_deref(),
            "resolved" => self.closes_on.as_deref(),
            _ => None,
        }
    }
}

pub(super) const COLUMNS: &str =
    "id, code, category, description, lat, lon, address, region_code, privacy, status, reporter_id, \
                       agency_id, suggested_category, suggested_agency, supporters, hidden, created_at, updated_at, \
                       revision, dispatch_due, response_due, closes_on, escalated";

pub(super) fn report(r: &Row) -> Result<Report, sqlx::Error> {
    Ok(Report {
        id: r.try_get(0)?,
        code: r.try_get(1)?,
        category: r.try_get(2)?,
        description: r.try_get(3)?,
        lat: r.try_get(4)?,
        lon: r.try_get(5)?,
        address: r.try_get(6)?,
        region_code: r.try_get(7)?,
        privacy: r.try_get(8)?,
        status: r.try_get(9)?,
        reporter_id: r.try_get(10)?,
        agency_id: r.try_get(11)?,
        suggested_category: r.try_get(12)?,
        suggested_agency: r.try_get(13)?,
        supporters: r.try_get(14)?,
        hidden: r.try_get::<i64, _>(15)? != 0,
        created_at: r.try_get(16)?,
        updated_at: r.try_get(17)?,
        revision: r.try_get(18)?,
        dispatch_due: r.try_get(19)?,
        response_due: r.try_get(20)?,
        closes_on: r.try_get(21)?,
        escalated: r.try_get(22)?,
    })
}

/// Insert `r` as it stands and return its id.
pub async fn insert(tx: &mut Tx, r: &Report) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO reports (code, category, description, lat, lon, address, region_code, privacy, status, \
         reporter_id, agency_id, suggested_category, suggested_agency, supporters, hidden, created_at, updated_at, \
         revision, dispatch_due) VALUES ($1, $2, $3, CAST($4 AS DOUBLE PRECISION), CAST($5 AS DOUBLE PRECISION), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19) RETURNING id",
    )
    .bind(&r.code)
    .bind(&r.category)
    .bind(&r.description)
    .bind(crate::db::float_text(r.lat))
    .bind(crate::db::float_text(r.lon))
    .bind(&r.address)
    .bind(&r.region_code)
    .bind(&r.privacy)
    .bind(&r.status)
    .bind(r.reporter_id)
    .bind(&r.agency_id)
    .bind(&r.suggested_category)
    .bind(&r.suggested_agency)
    .bind(r.supporters)
    .bind(i64::from(r.hidden))
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(r.revision)
    .bind(&r.dispatch_due)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub async fn by_code(conn: &mut Conn, code: &str) -> Result<Option<Report>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM reports WHERE code = $1");
    sqlx::query(&sql).bind(code).fetch_optional(conn).await?.as_ref().map(report).transpose()
}

/// Write a new state if nobody changed the report since `r.revision` was read; false when
/// someone else got there first.
pub async fn save_state(tx: &mut Tx, r: &Report, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE reports SET status = $1, category = $2, agency_id = $3, updated_at = $4, revision = revision + 1, \
         response_due = $7, closes_on = $8, escalated = $9 WHERE id = $5 AND revision = $6",
    )
    .bind(&r.status)
    .bind(&r.category)
    .bind(&r.agency_id)
    .bind(now)
    .bind(r.id)
    .bind(r.revision)
    .bind(&r.response_due)
    .bind(&r.closes_on)
    .bind(&r.escalated)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewEvent<'a> {
    pub report_id: i64,
    pub actor_id: Option<i64>,
    pub actor_role: &'a str,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub note: Option<&'a str>,
    /// Shown on the public report page (a staff note is not).
    pub public: bool,
}

pub async fn insert_event(tx: &mut Tx, e: &NewEvent<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_events (report_id, at, actor_id, actor_role, action, from_status, to_status, note, public) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(e.report_id)
    .bind(now)
    .bind(e.actor_id)
    .bind(e.actor_role)
    .bind(e.action)
    .bind(e.from_status)
    .bind(e.to_status)
    .bind(e.note)
    .bind(i64::from(e.public))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct Event {
    pub at: i64,
    pub actor_role: String,
    /// The organisation that wrote a partner's step (`actor_role` is `partner`).
    pub actor_label: Option<String>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
    pub public: bool,
}

pub async fn events(conn: &mut Conn, report_id: i64) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT at, actor_role, action, from_status, to_status, note, public, actor_label FROM report_events \
         WHERE report_id = $1 ORDER BY id",
    )
    .bind(report_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Event {
                at: r.try_get(0)?,
                actor_role: r.try_get(1)?,
                action: r.try_get(2)?,
                from_status: r.try_get(3)?,
                to_status: r.try_get(4)?,
                note: r.try_get(5)?,
                public: r.try_get::<i64, _>(6)? != 0,
                actor_label: r.try_get(7)?,
            })
        })
        .collect()
}

/// Name the writer of the report's latest event (a partner organisation's step).
pub async fn label_last_event(tx: &mut Tx, report_id: i64, label: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE report_events SET actor_label = $1 \
         WHERE id = (SELECT MAX(id) FROM report_events WHERE report_id = $2)",
    )
    .bind(label)
    .bind(report_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A photo of a report, stored by its content address.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Photo {
    pub sha256: String,
    pub mime: String,
    pub size: i64,
    #[serde(default)]
    pub hidden: bool,
}

pub async fn insert_photos(tx: &mut Tx, report_id: i64, photos: &[Photo]) -> Result<(), sqlx::Error> {
    if photos.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO report_photos (report_id, sha256, mime, size, hidden) {}",
        crate::db::values_clause(photos.len(), 5)
    );
    let q = photos.iter().fold(sqlx::query(&sql), |q, p| {
        q.bind(report_id).bind(p.sha256.as_str()).bind(p.mime.as_str()).bind(p.size).bind(i64::from(p.hidden))
    });
    q.execute(&mut **tx).await?;
    Ok(())
}

pub async fn photos(conn: &mut Conn, report_id: i64) -> Result<Vec<Photo>, sqlx::Error> {
    let rows = sqlx::query("SELECT sha256, mime, size, hidden FROM report_photos WHERE report_id = $1 ORDER BY id")
        .bind(report_id)
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Photo {
                sha256: r.try_get(0)?,
                mime: r.try_get(1)?,
                size: r.try_get(2)?,
                hidden: r.try_get::<i64, _>(3)? != 0,
            })
        })
        .collect()
}

/// What the public list may be narrowed to.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// min lon, min lat, max lon, max lat.
    pub bbox: Option<(f64, f64, f64, f64)>,
    pub category: Option<String>,
    pub status: Option<String>,
    /// A region code prefix (province, regency or district).
    pub region: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub limit: i64,
}

/// The map grid: cells of a tenth of a degree (about 11 km), numbered `row * 4000 + column`
/// from the south-west corner of the world, as the generated column `cell` (migration 0013)
/// numbers them. Computed with the same floating-point operations in SQL and here, so a point
/// is in the cell the query looks in.
fn cell_row(lat: f64) -> i64 {
    ((lat + 90.0) * 10.0) as i64
}

fn cell_col(lon: f64) -> i64 {
    ((lon + 180.0) * 10.0) as i64
}

/// A box of more cells than this (bigger than about 80 km a side) is read newest first
/// through `reports_public_recent` instead of cell by cell: a box that big holds many reports.
const MAX_CELLS: i64 = 64;

/// Reports the public may see (not confidential, not hidden), newest first.
///
/// Newest first inside a box is the expensive part: reading every report in a city's box and
/// sorting them costs as much as the city has reports, and reading all reports newest first
/// until `limit` of them fall in the box costs as much as the rest of the country has. So a
/// city-sized box is read cell by cell, through an index of public reports by cell and time
/// (`reports_map`), by cell, category and time (`reports_map_category`, also used when a status
/// is given too) or by cell, status and time (`reports_map_status`), each holding the other
/// filtered columns: at most `limit` newest matches of each cell, merged, then the `limit`
/// newest of those read whole. A filter without its index is written `($n = '' OR column = $n)`
/// so that neither engine picks another index for it.
pub async fn public_list(conn: &mut Conn, f: &Filter) -> Result<Vec<Report>, sqlx::Error> {
    let (min_lon, min_lat, max_lon, max_lat) = f.bbox.unwrap_or((-180.0, -90.0, 180.0, 90.0));
    let with_box = f.bbox.is_some();
    let (r0, r1, c0, c1) = (cell_row(min_lat), cell_row(max_lat), cell_col(min_lon), cell_col(max_lon));
    let cells: Vec<i64> = match with_box && (r1 - r0 + 1) * (c1 - c0 + 1) <= MAX_CELLS {
        true => (r0..=r1).flat_map(|r| (c0..=c1).map(move |c| r * 4000 + c)).collect(),
        false => vec![],
    };
    let by_cell = !cells.is_empty();
    // A filter given is written so that the index made for it can be used; one not given, so
    // that its parameter is still used but no index is chosen for it.
    let category = match (&f.category, by_cell) {
        (Some(_), true) => "category = $6",
        _ => "($6 = '' OR category = $6)",
    };
    let status = match (&f.status, &f.category, by_cell) {
        (Some(_), None, true) => "status = $7",
        _ => "($7 = '' OR status = $7)",
    };
    let where_ = format!(
        "privacy <> 'confidential' AND hidden = 0 \
         AND ($1 = 0 OR (lat >= $2 AND lat <= $3 AND lon >= $4 AND lon <= $5)) AND {category} AND {status} \
         AND ($8 = '' OR region_code LIKE $9) AND created_at >= $10 AND created_at <= $11"
    );
    let sql = match cells.is_empty() {
        true => format!("SELECT {COLUMNS} FROM reports WHERE {where_} ORDER BY created_at DESC, id DESC LIMIT $12"),
        false => {
            let branches: Vec<String> = (0..cells.len())
                .map(|i| {
                    format!(
                        "SELECT created_at, id FROM (SELECT created_at, id FROM reports WHERE cell = ${} AND {where_} \
                         ORDER BY created_at DESC, id DESC LIMIT $12) AS c{i}",
                        13 + i
                    )
                })
                .collect();
            format!(
                "SELECT {COLUMNS} FROM reports WHERE id IN (SELECT id FROM ({}) AS c \
                 ORDER BY created_at DESC, id DESC LIMIT $12) ORDER BY created_at DESC, id DESC",
                branches.join(" UNION ALL ")
            )
        }
    };
    let region = f.region.clone().unwrap_or_default();
    let query = sqlx::query(&sql)
        .bind(i64::from(with_box))
        .bind(min_lat)
        .bind(max_lat)
        .bind(min_lon)
        .bind(max_lon)
        .bind(f.category.clone().unwrap_or_default())
        .bind(f.status.clone().unwrap_or_default())
        .bind(region.clone())
        .bind(format!("{region}%"))
        .bind(f.since.unwrap_or(0))
        .bind(f.until.unwrap_or(i64::MAX))
        .bind(f.limit);
    let rows = cells.iter().fold(query, |q, cell| q.bind(*cell)).fetch_all(conn).await?;
    rows.iter().map(report).collect()
}

/// Open reports whose time limit passed by `today` (a local date, `YYYY-MM-DD`): not yet
/// dispatched past `dispatch_due`, dispatched without a response past `response_due`, and
/// resolved past `closes_on`.
pub async fn overdue(conn: &mut Conn, today: &str) -> Result<Vec<Report>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM reports WHERE (status IN ('received', 'verified') AND dispatch_due < $1 \
         AND COALESCE(escalated, '') NOT LIKE '%dispatch%') OR (status = 'dispatched' AND response_due < $1 \
         AND COALESCE(escalated, '') NOT LIKE '%response%') OR (status = 'resolved' AND closes_on < $1) \
         ORDER BY id LIMIT 500"
    );
    sqlx::query(&sql).bind(today).fetch_all(conn).await?.iter().map(report).collect()
}

/// Record `user_id`'s support; false when they supported it already.
pub async fn add_supporter(tx: &mut Tx, report_id: i64, user_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let added = sqlx::query(
        "INSERT INTO report_supporters (report_id, user_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(report_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if added {
        sqlx::query("UPDATE reports SET supporters = supporters + 1 WHERE id = $1")
            .bind(report_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(added)
}

/// The citizens who support (and follow) a report.
pub async fn supporters(conn: &mut Conn, report_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = sqlx::query("SELECT user_id FROM report_supporters WHERE report_id = $1 ORDER BY user_id")
        .bind(report_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Open public reports of `category` inside a box around a point (min lat, max lat, min lon, max lon).
pub async fn open_near(
    conn: &mut Conn,
    category: &str,
    (min_lat, max_lat, min_lon, max_lon): (f64, f64, f64, f64),
) -> Result<Vec<Report>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM reports WHERE category = $1 AND privacy <> 'confidential' AND hidden = 0 \
         AND status IN ('received', 'verified', 'dispatched', 'in_progress') \
         AND lat >= $2 AND lat <= $3 AND lon >= $4 AND lon <= $5 ORDER BY id DESC LIMIT 200"
    );
    let rows = sqlx::query(&sql)
        .bind(category)
        .bind(min_lat)
        .bind(max_lat)
        .bind(min_lon)
        .bind(max_lon)
        .fetch_all(conn)
        .await?;
    rows.iter().map(report).collect()
}

/// Reports in a staff inbox, oldest first (the longest waiting on top): for the coordinator,
/// every report not yet dispatched (`agency` none); for an agency, those dispatched to it.
/// `status` narrows to one state; without it, the states someone still has to act on.
pub async fn inbox(
    conn: &mut Conn,
    agency: Option<&str>,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<Report>, sqlx::Error> {
    let scope = match agency {
        Some(_) => "agency_id = $1",
        None => "($1 = '' AND status IN ('received', 'verified'))",
    };
    let states = match status {
        Some(_) => "status = $2",
        None => "($2 = '' AND status IN ('received', 'verified', 'dispatched', 'in_progress', 'resolved'))",
    };
    let sql = format!("SELECT {COLUMNS} FROM reports WHERE {scope} AND {states} ORDER BY created_at, id LIMIT $3");
    let rows = sqlx::query(&sql)
        .bind(agency.unwrap_or_default())
        .bind(status.unwrap_or_default())
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.iter().map(report).collect()
}

/// A citizen's own reports, newest first.
pub async fn by_reporter(conn: &mut Conn, user_id: i64) -> Result<Vec<Report>, sqlx::Error> {
    let sql =
        format!("SELECT {COLUMNS} FROM reports WHERE reporter_id = $1 ORDER BY created_at DESC, id DESC LIMIT 500");
    sqlx::query(&sql).bind(user_id).fetch_all(conn).await?.iter().map(report).collect()
}

/// Mark a report as filed in an assisted session (see `assisted`).
pub async fn set_assisted_session(tx: &mut Tx, report_id: i64, session: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reports SET assisted_session_id = $1 WHERE id = $2")
        .bind(session)
        .bind(report_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The assisted session a report was filed in, if any.
pub async fn assisted_session_of(conn: &mut Conn, report_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT assisted_session_id FROM reports WHERE id = $1")
        .bind(report_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.try_get::<Option<i64>, _>(0)).transpose()?.flatten())
}

/// The reports filed in these assisted sessions, oldest first, with their session.
pub async fn by_assisted_sessions(conn: &mut Conn, sessions: &[i64]) -> Result<Vec<(i64, Report)>, sqlx::Error> {
    if sessions.is_empty() {
        return Ok(vec![]);
    }
    let list = sessions.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT {COLUMNS}, assisted_session_id FROM reports WHERE assisted_session_id IN ({list}) ORDER BY created_at, id"
    );
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    let n = COLUMNS.split(',').count();
    rows.iter().map(|r| Ok((r.try_get(n)?, report(r)?))).collect()
}

/// Hide or show a whole report (moderation).
pub async fn set_hidden(tx: &mut Tx, report_id: i64, hidden: bool, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reports SET hidden = $1, updated_at = $2, revision = revision + 1 WHERE id = $3")
        .bind(i64::from(hidden))
        .bind(now)
        .bind(report_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replace a report's text with a redacted one (moderation).
pub async fn set_description(tx: &mut Tx, report_id: i64, text: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE reports SET description = $1, updated_at = $2, revision = revision + 1 WHERE id = $3")
        .bind(text)
        .bind(now)
        .bind(report_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Hide or show photo `n` (from 1) of a report; false when there is no such photo.
pub async fn set_photo_hidden(tx: &mut Tx, report_id: i64, n: i64, hidden: bool) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE report_photos SET hidden = $1 WHERE id = (SELECT id FROM report_photos WHERE report_id = $2 \
         ORDER BY id LIMIT 1 OFFSET $3)",
    )
    .bind(i64::from(hidden))
    .bind(report_id)
    .bind(n - 1)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The reporter's rating of the handling: stars (1 to 5) and a comment.
pub async fn rating(conn: &mut Conn, report_id: i64) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    let row = sqlx::query("SELECT stars, comment FROM report_ratings WHERE report_id = $1")
        .bind(report_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// Record the rating once; false when the report was rated already.
pub async fn rate(
    tx: &mut Tx,
    report_id: i64,
    stars: i64,
    comment: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO report_ratings (report_id, stars, comment, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(report_id)
    .bind(stars)
    .bind(comment)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A response template of an agency's staff.
#[derive(Clone, Debug)]
pub struct Template {
    pub id: i64,
    pub title: String,
    pub body: String,
}

pub async fn templates(conn: &mut Conn, agency: &str) -> Result<Vec<Template>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, title, body FROM report_templates WHERE agency_id = $1 ORDER BY title, id")
        .bind(agency)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| Ok(Template { id: r.try_get(0)?, title: r.try_get(1)?, body: r.try_get(2)? })).collect()
}

pub async fn add_template(tx: &mut Tx, agency: &str, title: &str, body: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO report_templates (agency_id, title, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(agency)
        .bind(title)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Delete an agency's template; false when it has no such template.
pub async fn delete_template(tx: &mut Tx, agency: &str, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM report_templates WHERE id = $1 AND agency_id = $2")
        .bind(id)
        .bind(agency)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Public reports of a region (a code prefix; empty for the whole country) counted by
/// category and state, with the mean rating and the mean days from sending to resolution.
pub struct AreaStats {
    pub counts: Vec<(String, String, i64)>,
    pub mean_stars: Option<f64>,
    pub ratings: i64,
    pub mean_days_to_resolve: Option<f64>,
}

pub async fn area_stats(conn: &mut Conn, region: &str) -> Result<AreaStats, sqlx::Error> {
    let prefix = format!("{region}%");
    let public = "privacy <> 'confidential' AND hidden = 0 AND ($1 = '' OR region_code LIKE $2)";
    let rows = sqlx::query(&format!(
        "SELECT category, status, COUNT(*) FROM reports WHERE {public} GROUP BY category, status ORDER BY category, status"
    ))
    .bind(region)
    .bind(&prefix)
    .fetch_all(&mut *conn)
    .await?;
    let counts =
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect::<Result<_, sqlx::Error>>()?;
    let rated = sqlx::query(&format!(
        "SELECT CAST(AVG(g.stars) AS DOUBLE PRECISION), COUNT(g.stars) FROM report_ratings g \
         JOIN reports ON reports.id = g.report_id WHERE {public}"
    ))
    .bind(region)
    .bind(&prefix)
    .fetch_one(&mut *conn)
    .await?;
    let resolved = sqlx::query(&format!(
        "SELECT CAST(AVG(e.at - reports.created_at) AS DOUBLE PRECISION) FROM report_events e \
         JOIN reports ON reports.id = e.report_id WHERE e.action = 'resolve' AND {public}"
    ))
    .bind(region)
    .bind(&prefix)
    .fetch_one(&mut *conn)
    .await?;
    Ok(AreaStats {
        counts,
        mean_stars: rated.try_get(0)?,
        ratings: rated.try_get(1)?,
        mean_days_to_resolve: resolved.try_get::<Option<f64>, _>(0)?.map(|s| s / 86_400.0),
    })
}

/// Record the name, e-mail, phone and media link of a reporter without an account.
pub async fn set_guest_contact(tx: &mut Tx, report_id: i64, contact: [Option<&str>; 4]) -> Result<(), sqlx::Error> {
    let [name, email, phone, media_url] = contact;
    sqlx::query(
        "UPDATE reports SET reporter_name = $1, reporter_email = $2, reporter_phone = $3, media_url = $4 WHERE id = $5",
    )
    .bind(name)
    .bind(email)
    .bind(phone)
    .bind(media_url)
    .bind(report_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The name (empty when not given), e-mail and phone of a reporter without an account; none
/// when they gave none of them.
pub async fn guest_contact(
    conn: &mut Conn,
    report_id: i64,
) -> Result<Option<(String, Option<String>, Option<String>)>, sqlx::Error> {
    let row = sqlx::query("SELECT reporter_name, reporter_email, reporter_phone FROM reports WHERE id = $1")
        .bind(report_id)
        .fetch_optional(conn)
        .await?;
    let Some(r) = row else { return Ok(None) };
    let (name, email, phone): (Option<String>, Option<String>, Option<String>) =
        (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
    if name.is_none() && email.is_none() && phone.is_none() {
        return Ok(None);
    }
    Ok(Some((name.unwrap_or_default(), email, phone)))
}

/// A report sent without an account, waiting for its confirmation.
pub struct Pending {
    pub id: i64,
    pub payload: String,
    pub expires_at: i64,
    pub report_code: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_pending(
    tx: &mut Tx,
    token_sha256: &str,
    payload: &str,
    contact: [Option<&str>; 3],
    lang: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_pending (token_sha256, payload, name, email, phone, lang, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token_sha256)
    .bind(payload)
    .bind(contact[0])
    .bind(contact[1])
    .bind(contact[2])
    .bind(lang)
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn pending(conn: &mut Conn, token_sha256: &str) -> Result<Option<Pending>, sqlx::Error> {
    let row = sqlx::query("SELECT id, payload, expires_at, report_code FROM report_pending WHERE token_sha256 = $1")
        .bind(token_sha256)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        Ok(Pending { id: r.try_get(0)?, payload: r.try_get(1)?, expires_at: r.try_get(2)?, report_code: r.try_get(3)? })
    })
    .transpose()
}

/// Mark a pending report as sent as `code`; false when it was sent already (two clicks at once).
pub async fn claim_pending(tx: &mut Tx, id: i64, code: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE report_pending SET report_code = $1 WHERE id = $2 AND report_code IS NULL")
        .bind(code)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// An e-mail alert of new reports in a region.
#[derive(Clone, Debug)]
pub struct Alert {
    pub id: i64,
    pub email: String,
    pub region_code: String,
    pub category: String,
    pub token: String,
    pub lang: String,
    pub confirmed: bool,
}

const ALERT_COLUMNS: &str = "id, email, region_code, category, token, lang, confirmed_at";

fn alert(r: &Row) -> Result<Alert, sqlx::Error> {
    Ok(Alert {
        id: r.try_get(0)?,
        email: r.try_get(1)?,
        region_code: r.try_get(2)?,
        category: r.try_get(3)?,
        token: r.try_get(4)?,
        lang: r.try_get(5)?,
        confirmed: r.try_get::<Option<i64>, _>(6)?.is_some(),
    })
}

/// Record an alert (unconfirmed); the same e-mail, region and category again returns the one
/// already there.
pub async fn upsert_alert(tx: &mut Tx, a: &Alert, now: i64) -> Result<Alert, sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_alerts (email, region_code, category, token, lang, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (email, region_code, category) DO NOTHING",
    )
    .bind(&a.email)
    .bind(&a.region_code)
    .bind(&a.category)
    .bind(&a.token)
    .bind(&a.lang)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let sql =
        format!("SELECT {ALERT_COLUMNS} FROM report_alerts WHERE email = $1 AND region_code = $2 AND category = $3");
    let row = sqlx::query(&sql).bind(&a.email).bind(&a.region_code).bind(&a.category).fetch_one(&mut **tx).await?;
    alert(&row)
}

pub async fn alert_by_token(conn: &mut Conn, token: &str) -> Result<Option<Alert>, sqlx::Error> {
    let sql = format!("SELECT {ALERT_COLUMNS} FROM report_alerts WHERE token = $1");
    sqlx::query(&sql).bind(token).fetch_optional(conn).await?.as_ref().map(alert).transpose()
}

pub async fn confirm_alert(tx: &mut Tx, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE report_alerts SET confirmed_at = COALESCE(confirmed_at, $1) WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn delete_alert(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM report_alerts WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Confirmed alerts for a report of `category` in `region` (a 2-, 4- or 6-digit code): those
/// of the region or any region containing it, for this category or every category.
pub async fn alerts_for(tx: &mut Tx, region: &str, category: &str) -> Result<Vec<Alert>, sqlx::Error> {
    let prefixes: Vec<&str> = [2, 4, 6].iter().filter_map(|&n| region.get(..n)).collect();
    let sql = format!(
        "SELECT {ALERT_COLUMNS} FROM report_alerts WHERE confirmed_at IS NOT NULL AND region_code IN ($1, $2, $3) \
         AND (category = '' OR category = $4) ORDER BY id LIMIT 10000"
    );
    let at = |i: usize| prefixes.get(i).copied().unwrap_or("-");
    let rows = sqlx::query(&sql).bind(at(0)).bind(at(1)).bind(at(2)).bind(category).fetch_all(&mut **tx).await?;
    rows.iter().map(alert).collect()
}
