//! The audit log of admin acts (`admin_audit`): append-only. [`record`] is called inside the
//! transaction of the act it records, so an act and its record are kept or lost together.
//! Nothing here updates or deletes a row.

use serde::Serialize;
use serde_json::Value;
use sqlx::Row as _;

use crate::db::{Conn, Tx};
use crate::identity::CurrentUser;

/// Who acted: a signed-in admin, or the command line.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
}

impl Actor {
    /// An act from the command line (`satupintu user add`, `satupintu api-key ...`).
    pub fn cli() -> Actor {
        Actor { user_id: None, label: "cli".into() }
    }

    /// A signed-in staff member; the label is their name as it was when they acted.
    pub fn user(u: &CurrentUser) -> Actor {
        Actor { user_id: Some(u.id), label: u.full_name.clone() }
    }
}

/// What an act was done to: a type (`staff`, `api_key`, `holiday`, ...) and its id.
pub struct Target<'a> {
    pub kind: &'a str,
    pub id: String,
}

impl<'a> Target<'a> {
    pub fn new(kind: &'a str, id: impl ToString) -> Target<'a> {
        Target { kind, id: id.to_string() }
    }
}

/// Record one act in the caller's transaction. `detail` holds the changed fields (never a
/// secret, a password or a NIK).
pub async fn record(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    target: Target<'_>,
    detail: Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO admin_audit (at, actor_user_id, actor_label, action, target_type, target_id, detail_json, \
         request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(crate::db::now())
    .bind(actor.user_id)
    .bind(&actor.label)
    .bind(action)
    .bind(target.kind)
    .bind(target.id)
    .bind(detail.to_string())
    // The id in the web server's log lines of the request that made the act (none from the CLI).
    .bind(crate::observe::current_request_id())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One recorded act as it is read and exported.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub id: i64,
    /// Unix seconds (UTC).
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub detail: Value,
    /// The request that made the act, as in the server's logs (none for CLI acts).
    pub request_id: Option<String>,
}

/// Which acts to read: `[from, until)` in unix seconds, an actor (user id or `cli`), an action
/// (exact, or a prefix ending in `.`: `staff.`).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub actor: Option<String>,
    pub action: Option<String>,
}

/// A value a filter binds.
enum Val {
    Int(i64),
    Text(String),
}

/// The WHERE clause of a filter and its values ($1.. in order).
fn clause(f: &Filter) -> (String, Vec<Val>) {
    let mut conds: Vec<String> = vec![];
    let mut vals: Vec<Val> = vec![];
    let mut push = |cond: &str, v: Val| {
        vals.push(v);
        conds.push(cond.replace('?', &format!("${}", vals.len())));
    };
    if let Some(from) = f.from {
        push("at >= ?", Val::Int(from));
    }
    if let Some(until) = f.until {
        push("at < ?", Val::Int(until));
    }
    match f.actor.as_deref() {
        Some("cli") => push("actor_label = ? AND actor_user_id IS NULL", Val::Text("cli".into())),
        Some(id) => push("actor_user_id = ?", Val::Int(id.parse().unwrap_or(-1))),
        None => {}
    }
    match f.action.as_deref() {
        Some(a) if a.ends_with('.') => push("action LIKE ?", Val::Text(format!("{a}%"))),
        Some(a) => push("action = ?", Val::Text(a.to_string())),
        None => {}
    }
    let sql = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
    (sql, vals)
}

fn bind<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    vals: &'q [Val],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in vals {
        q = match v {
            Val::Int(i) => q.bind(*i),
            Val::Text(s) => q.bind(s.as_str()),
        };
    }
    q
}

/// The acts matching `f`, newest first, `limit` from `offset`.
pub async fn list(conn: &mut Conn, f: &Filter, limit: i64, offset: i64) -> Result<Vec<Entry>, sqlx::Error> {
    let (cond, vals) = clause(f);
    let n = vals.len();
    let sql = format!(
        "SELECT id, at, actor_user_id, actor_label, action, target_type, target_id, detail_json, request_id \
         FROM admin_audit \
         {cond} ORDER BY id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows = bind(sqlx::query(&sql), &vals).bind(limit).bind(offset).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            let detail: String = r.try_get(7)?;
            Ok(Entry {
                id: r.try_get(0)?,
                at: r.try_get(1)?,
                actor_user_id: r.try_get(2)?,
                actor_label: r.try_get(3)?,
                action: r.try_get(4)?,
                target_type: r.try_get(5)?,
                target_id: r.try_get(6)?,
                detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
                request_id: r.try_get(8)?,
            })
        })
        .collect()
}

/// How many acts match `f`.
pub async fn count(conn: &mut Conn, f: &Filter) -> Result<i64, sqlx::Error> {
    let (cond, vals) = clause(f);
    let sql = format!("SELECT COUNT(*) FROM admin_audit {cond}");
    bind(sqlx::query(&sql), &vals).fetch_one(&mut *conn).await?.try_get(0)
}

/// The acts as CSV (a header row, then one row per act, newest first).
pub fn csv(entries: &[Entry]) -> String {
    let mut out = crate::csv::record(&[
        "id",
        "at",
        "actor_user_id",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "detail_json",
        "request_id",
    ]);
    for e in entries {
        out.push_str(&crate::csv::record(&[
            e.id.to_string(),
            crate::web::rfc3339(e.at),
            e.actor_user_id.map(|i| i.to_string()).unwrap_or_default(),
            e.actor_label.clone(),
            e.action.clone(),
            e.target_type.clone(),
            e.target_id.clone(),
            e.detail.to_string(),
            e.request_id.clone().unwrap_or_default(),
        ]));
    }
    out
}

/// Every action the platform records (the audit page filters by one of them).
pub const ACTIONS: [&str; 16] = [
    "staff.create",
    "staff.role",
    "staff.deactivate",
    "staff.reactivate",
    "staff.nik",
    "api_key.create",
    "api_key.revoke",
    "holiday.save",
    "holiday.remove",
    "notify.channel",
    "feature.set",
    "feature.remove",
    "template.save",
    "template.reset",
    "agency.create",
    "agency.update",
];
