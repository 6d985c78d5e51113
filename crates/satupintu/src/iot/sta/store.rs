//! SQL for the SensorThings API: observations (raw readings) filtered, ordered and paged in the
//! database, seen through who is asking; and each sensor's time range.

use std::collections::HashMap;

use sqlx::Row as _;

use super::query::{Dir, Expr, Literal, Op, QueryError, Ty};
use crate::db::Conn;
use crate::iot::model::Reading;

/// Whose readings a request may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Viewer {
    /// Public sensors of public things only.
    Public,
    /// Those, and everything of one agency's things.
    Agency(String),
    /// Everything (super admins and auditors).
    All,
}

/// Which readings: one sensor's, one thing's, or all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Sensor(String),
    Thing(String),
    All,
}

/// The properties of an Observation a `$filter` may name.
pub const OBSERVATION_PROPS: &[(&str, Ty)] = &[
    ("id", Ty::Str),
    ("@iot.id", Ty::Str),
    ("phenomenonTime", Ty::Time),
    ("resultTime", Ty::Time),
    ("result", Ty::Num),
    ("Datastream/id", Ty::Str),
    ("Datastream/@iot.id", Ty::Str),
    ("FeatureOfInterest/id", Ty::Str),
    ("FeatureOfInterest/@iot.id", Ty::Str),
];

/// An Observation's id: `<sensor id>:<unix milliseconds>`.
pub fn observation_id(r: &Reading) -> String {
    format!("{}:{}", r.sensor_id, r.ts_ms)
}

/// The sensor and time of an Observation id.
pub fn parse_observation_id(id: &str) -> Option<(&str, i64)> {
    let (sensor, ts) = id.rsplit_once(':')?;
    let ts = ts.parse().ok().filter(|_| !sensor.is_empty() && !ts.starts_with('+'))?;
    Some((sensor, ts))
}

enum Bind {
    Int(i64),
    Float(f64),
    Text(String),
}

/// A WHERE clause with its parameters, numbered from `$1`.
struct Sql {
    text: String,
    binds: Vec<Bind>,
}

impl Sql {
    fn param(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }

    fn filter(&mut self, e: &Expr) -> Result<(), QueryError> {
        match e {
            Expr::And(a, b) | Expr::Or(a, b) => {
                self.text.push('(');
                self.filter(a)?;
                self.text.push_str(if matches!(e, Expr::And(..)) { " AND " } else { " OR " });
                self.filter(b)?;
                self.text.push(')');
            }
            Expr::Not(a) => {
                self.text.push_str("(NOT ");
                self.filter(a)?;
                self.text.push(')');
            }
            Expr::Cmp { prop, op, value } => match (prop.as_str(), value) {
                ("phenomenonTime" | "resultTime", Literal::Time(t)) => {
                    let p = self.param(Bind::Int(*t));
                    self.text.push_str(&format!("r.ts_ms {} {p}", op.sql()));
                }
                ("result", Literal::Num(n)) => {
                    let p = self.param(Bind::Float(*n));
                    self.text.push_str(&format!("r.value {} {p}", op.sql()));
                }
                ("Datastream/id" | "Datastream/@iot.id", Literal::Str(id)) => {
                    let p = self.param(Bind::Text(id.clone()));
                    self.text.push_str(&format!("r.sensor_id {} {p}", op.sql()));
                }
                ("FeatureOfInterest/id" | "FeatureOfInterest/@iot.id", Literal::Str(id)) => {
                    let p = self.param(Bind::Text(id.clone()));
                    self.text.push_str(&format!("s.thing_id {} {p}", op.sql()));
                }
                ("id" | "@iot.id", Literal::Str(id)) => {
                    let test = match parse_observation_id(id) {
                        Some((sensor, ts)) => {
                            let a = self.param(Bind::Text(sensor.to_string()));
                            let b = self.param(Bind::Int(ts));
                            format!("(r.sensor_id = {a} AND r.ts_ms = {b})")
                        }
                        None => "(1 = 0)".to_string(),
                    };
                    match op {
                        Op::Eq => self.text.push_str(&test),
                        Op::Ne => self.text.push_str(&format!("(NOT {test})")),
                        _ => return Err(QueryError::new("sta-error-operator", prop.clone())),
                    }
                }
                _ => return Err(QueryError::new("sta-error-property", prop.clone())),
            },
        }
        Ok(())
    }
}

/// The FROM and WHERE of a readings query.
fn base(scope: &Scope, viewer: &Viewer, filter: Option<&Expr>) -> Result<Sql, QueryError> {
    let mut sql = Sql {
        text: "FROM iot_readings r JOIN iot_sensors s ON s.id = r.sensor_id JOIN iot_things t ON t.id = s.thing_id \
               WHERE "
            .into(),
        binds: Vec::new(),
    };
    match scope {
        Scope::Sensor(id) => {
            let p = sql.param(Bind::Text(id.clone()));
            sql.text.push_str(&format!("r.sensor_id = {p}"));
        }
        Scope::Thing(id) => {
            let p = sql.param(Bind::Text(id.clone()));
            sql.text.push_str(&format!("s.thing_id = {p}"));
        }
        Scope::All => sql.text.push_str("1 = 1"),
    }
    match viewer {
        Viewer::Public => sql.text.push_str(" AND s.public = 1 AND t.public = 1"),
        Viewer::Agency(a) => {
            let p = sql.param(Bind::Text(a.clone()));
            sql.text.push_str(&format!(" AND (t.agency_id = {p} OR (s.public = 1 AND t.public = 1))"));
        }
        Viewer::All => {}
    }
    if let Some(f) = filter {
        sql.text.push_str(" AND ");
        sql.filter(f)?;
    }
    Ok(sql)
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Int(i) => q.bind(*i),
            Bind::Float(f) => q.bind(*f),
            Bind::Text(s) => q.bind(s.as_str()),
        };
    }
    q
}

/// An error of the query (400) or of the database (500).
#[derive(Debug)]
pub enum ObsError {
    Query(QueryError),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ObsError {
    fn from(e: sqlx::Error) -> ObsError {
        ObsError::Db(e)
    }
}

impl From<QueryError> for ObsError {
    fn from(e: QueryError) -> ObsError {
        ObsError::Query(e)
    }
}

/// Check an `$orderby` on observations and turn it into SQL; ties are broken by time and
/// sensor, so pages never overlap or skip.
pub fn order_sql(orderby: &[(String, Dir)]) -> Result<String, QueryError> {
    let mut keys = Vec::new();
    for (name, dir) in orderby {
        let d = if *dir == Dir::Desc { "DESC" } else { "ASC" };
        match name.as_str() {
            "phenomenonTime" | "resultTime" => keys.push(format!("r.ts_ms {d}")),
            "result" => keys.push(format!("r.value {d}")),
            "id" | "@iot.id" => {
                keys.push(format!("r.sensor_id {d}"));
                keys.push(format!("r.ts_ms {d}"));
            }
            other => return Err(QueryError::new("sta-error-orderby", other)),
        }
    }
    let d = if orderby.first().is_some_and(|(_, d)| *d == Dir::Desc) { "DESC" } else { "ASC" };
    keys.push(format!("r.ts_ms {d}"));
    keys.push(format!("r.sensor_id {d}"));
    Ok(keys.join(", "))
}

/// Readings in `scope` that `viewer` may see and that pass `filter`, ordered, `limit` from
/// `offset`.
pub async fn observations(
    conn: &mut Conn,
    scope: &Scope,
    viewer: &Viewer,
    filter: Option<&Expr>,
    orderby: &[(String, Dir)],
    limit: i64,
    offset: i64,
) -> Result<Vec<Reading>, ObsError> {
    let mut sql = base(scope, viewer, filter)?;
    let order = order_sql(orderby)?;
    let l = sql.param(Bind::Int(limit));
    let o = sql.param(Bind::Int(offset));
    let text = format!("SELECT r.sensor_id, r.ts_ms, r.value {} ORDER BY {order} LIMIT {l} OFFSET {o}", sql.text);
    let rows = bind_all(sqlx::query(&text), &sql.binds).fetch_all(conn).await?;
    Ok(rows
        .iter()
        .map(|r| Ok(Reading { sensor_id: r.try_get(0)?, ts_ms: r.try_get(1)?, value: r.try_get(2)? }))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

/// How many readings [`observations`] would give without paging.
pub async fn count_observations(
    conn: &mut Conn,
    scope: &Scope,
    viewer: &Viewer,
    filter: Option<&Expr>,
) -> Result<i64, ObsError> {
    let sql = base(scope, viewer, filter)?;
    let text = format!("SELECT COUNT(*) {}", sql.text);
    let row = bind_all(sqlx::query(&text), &sql.binds).fetch_one(conn).await?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// One reading, if stored.
pub async fn observation(conn: &mut Conn, sensor: &str, ts_ms: i64) -> Result<Option<Reading>, sqlx::Error> {
    let row = sqlx::query("SELECT sensor_id, ts_ms, value FROM iot_readings WHERE sensor_id = $1 AND ts_ms = $2")
        .bind(sensor)
        .bind(ts_ms)
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok(Reading { sensor_id: r.try_get(0)?, ts_ms: r.try_get(1)?, value: r.try_get(2)? })).transpose()
}

/// The first and last raw reading's time (unix milliseconds) of every sensor that has any.
pub async fn time_ranges(conn: &mut Conn) -> Result<HashMap<String, (i64, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, (SELECT MIN(ts_ms) FROM iot_readings WHERE sensor_id = s.id), \
         (SELECT MAX(ts_ms) FROM iot_readings WHERE sensor_id = s.id) FROM iot_sensors s",
    )
    .fetch_all(conn)
    .await?;
    let mut out = HashMap::new();
    for r in rows {
        let (id, from, to): (String, Option<i64>, Option<i64>) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        if let (Some(from), Some(to)) = (from, to) {
            out.insert(id, (from, to));
        }
    }
    Ok(out)
}
