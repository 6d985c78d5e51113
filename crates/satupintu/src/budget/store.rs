//! The `budget_lines` table.

use sqlx::Row as _;

use super::model::Line;
use crate::db::{self, Conn};

const COLUMNS: &str = "fiscal_year, agency_id, programme_code, programme_name, activity_code, activity_name, \
                       account_code, account_name, plan, monthly, id";

/// A stored line and its row id.
#[derive(Clone, Debug)]
pub struct StoredLine {
    pub id: i64,
    pub line: Line,
}

fn row(r: &db::Row) -> Result<StoredLine, sqlx::Error> {
    let monthly: String = r.try_get(9)?;
    let realisation = serde_json::from_str(&monthly).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(StoredLine {
        id: r.try_get(10)?,
        line: Line {
            fiscal_year: r.try_get::<i64, _>(0)? as i32,
            agency: r.try_get(1)?,
            programme_code: r.try_get(2)?,
            programme_name: r.try_get(3)?,
            activity_code: r.try_get(4)?,
            activity_name: r.try_get(5)?,
            account_code: r.try_get(6)?,
            account_name: r.try_get(7)?,
            plan: r.try_get(8)?,
            realisation,
        },
    })
}

/// Remove the lines of a year and agency.
pub async fn delete(conn: &mut Conn, year: i32, agency: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM budget_lines WHERE fiscal_year = $1 AND agency_id = $2")
        .bind(i64::from(year))
        .bind(agency)
        .execute(conn)
        .await?
        .rows_affected())
}

pub async fn insert(conn: &mut Conn, l: &Line, now: i64) -> Result<(), sqlx::Error> {
    let monthly = serde_json::to_string(&l.realisation).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO budget_lines (fiscal_year, agency_id, programme_code, programme_name, activity_code, \
         activity_name, account_code, account_name, plan, monthly, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(i64::from(l.fiscal_year))
    .bind(&l.agency)
    .bind(&l.programme_code)
    .bind(&l.programme_name)
    .bind(&l.activity_code)
    .bind(&l.activity_name)
    .bind(&l.account_code)
    .bind(&l.account_name)
    .bind(l.plan)
    .bind(monthly)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The lines of a year (of one agency, or all), in programme, activity, account order.
pub async fn lines(conn: &mut Conn, year: i32, agency: Option<&str>) -> Result<Vec<StoredLine>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM budget_lines WHERE fiscal_year = $1 AND ($2 = '' OR agency_id = $2) \
         ORDER BY agency_id, programme_code, activity_code, account_code"
    ))
    .bind(i64::from(year))
    .bind(agency.unwrap_or(""))
    .fetch_all(conn)
    .await?;
    rows.iter().map(row).collect()
}

/// The fiscal years with lines, newest first.
pub async fn years(conn: &mut Conn) -> Result<Vec<i32>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT DISTINCT fiscal_year FROM budget_lines ORDER BY fiscal_year DESC").fetch_all(conn).await?;
    rows.iter().map(|r| r.try_get::<i64, _>(0).map(|y| y as i32)).collect()
}

/// A `budget.line` ledger leaf, as far as the check needs it.
pub struct LineLeaf {
    pub year: i64,
    /// When the line was imported (unix seconds).
    pub at: i64,
    pub hash: String,
}

/// The `budget.line` ledger leaves naming `agency` (queued or already in the log).
pub async fn line_leaves(conn: &mut Conn, agency: &str) -> Result<Vec<LineLeaf>, sqlx::Error> {
    let kind = "budget.line";
    let rows = sqlx::query(
        "SELECT body FROM ledger_queue WHERE body LIKE $1 AND body LIKE $2 \
         UNION ALL SELECT data FROM ledger_entries WHERE data LIKE $1 AND data LIKE $2",
    )
    .bind(format!("%\"type\":\"{kind}\"%"))
    .bind(format!("%\"agency\":\"{agency}\"%"))
    .fetch_all(conn)
    .await?;
    let mut out = vec![];
    for r in &rows {
        let body: String = r.try_get(0)?;
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        if v["type"] != kind || v["data"]["agency"] != agency {
            continue;
        }
        if let (Some(year), Some(at), Some(hash)) =
            (v["data"]["year"].as_i64(), v["at"].as_i64(), v["data"]["hash"].as_str())
        {
            out.push(LineLeaf { year, at, hash: hash.to_string() });
        }
    }
    Ok(out)
}
