//! The assistant's tables. Every function takes the caller's transaction or connection.

use serde_json::Value;
use sqlx::Row as _;

use crate::db::{Conn, Row, Tx};

#[derive(Clone, Debug)]
pub struct Conversation {
    pub id: String,
    pub user_id: Option<i64>,
    pub channel: String,
    pub lang: String,
    /// `bot`, `waiting` (for an officer), `live` (an officer answers) or `closed`.
    pub status: String,
    pub agency_id: Option<String>,
    pub officer_id: Option<i64>,
    pub state: Value,
    pub handoff_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct Message {
    pub id: i64,
    pub author: String,
    pub text: String,
    pub intent: Option<String>,
    pub service_id: Option<String>,
    pub confidence: Option<f64>,
    pub actions: Value,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, user_id, channel, lang, status, agency_id, officer_id, state, handoff_at, created_at, updated_at";

fn conversation(r: &Row) -> Result<Conversation, sqlx::Error> {
    let state: String = r.try_get(7)?;
    Ok(Conversation {
        id: r.try_get(0)?,
        user_id: r.try_get(1)?,
        channel: r.try_get(2)?,
        lang: r.try_get(3)?,
        status: r.try_get(4)?,
        agency_id: r.try_get(5)?,
        officer_id: r.try_get(6)?,
        state: serde_json::from_str(&state).unwrap_or(Value::Null),
        handoff_at: r.try_get(8)?,
        created_at: r.try_get(9)?,
        updated_at: r.try_get(10)?,
    })
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<Conversation>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM assistant_conversations WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(conversation).transpose()
}

/// The conversation, locked for this transaction's update (PostgreSQL; SQLite has one writer).
pub async fn get_for_update(tx: &mut Tx, id: &str, postgres: bool) -> Result<Option<Conversation>, sqlx::Error> {
    let lock = if postgres { " FOR UPDATE" } else { "" };
    let sql = format!("SELECT {COLUMNS} FROM assistant_conversations WHERE id = $1{lock}");
    sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?.as_ref().map(conversation).transpose()
}

pub async fn by_external(tx: &mut Tx, channel: &str, key: &str) -> Result<Option<Conversation>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM assistant_conversations WHERE channel = $1 AND external_key = $2");
    sqlx::query(&sql).bind(channel).bind(key).fetch_optional(&mut **tx).await?.as_ref().map(conversation).transpose()
}

pub async fn insert(tx: &mut Tx, c: &Conversation, external_key: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO assistant_conversations (id, user_id, channel, external_key, lang, status, agency_id, \
         officer_id, state, handoff_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&c.id)
    .bind(c.user_id)
    .bind(&c.channel)
    .bind(external_key)
    .bind(&c.lang)
    .bind(&c.status)
    .bind(&c.agency_id)
    .bind(c.officer_id)
    .bind(c.state.to_string())
    .bind(c.handoff_at)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn update(tx: &mut Tx, c: &Conversation) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assistant_conversations SET user_id = $1, lang = $2, status = $3, agency_id = $4, officer_id = $5, \
         state = $6, handoff_at = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(c.user_id)
    .bind(&c.lang)
    .bind(&c.status)
    .bind(&c.agency_id)
    .bind(c.officer_id)
    .bind(c.state.to_string())
    .bind(c.handoff_at)
    .bind(c.updated_at)
    .bind(&c.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub struct NewMessage<'a> {
    pub author: &'a str,
    pub author_id: Option<i64>,
    pub text: &'a str,
    pub intent: Option<&'a str>,
    pub service_id: Option<&'a str>,
    pub confidence: Option<f64>,
    pub actions: &'a Value,
}

impl<'a> NewMessage<'a> {
    /// A message that carries no understanding: the assistant's or an officer's.
    pub fn said(author: &'a str, author_id: Option<i64>, text: &'a str, actions: &'a Value) -> NewMessage<'a> {
        NewMessage { author, author_id, text, intent: None, service_id: None, confidence: None, actions }
    }
}

pub async fn add_message(tx: &mut Tx, conversation_id: &str, m: &NewMessage<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO assistant_messages (conversation_id, author, author_id, text, intent, service_id, confidence, \
         actions, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(conversation_id)
    .bind(m.author)
    .bind(m.author_id)
    .bind(m.text)
    .bind(m.intent)
    .bind(m.service_id)
    // In thousandths: an optional float binds unreliably through the Any driver on PostgreSQL.
    .bind(m.confidence.map(|c| (c * 1000.0).round() as i64))
    .bind(m.actions.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

/// Messages of a conversation after `after` (a message id; 0 for all), oldest first.
pub async fn messages(conn: &mut Conn, conversation_id: &str, after: i64) -> Result<Vec<Message>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, author, text, intent, service_id, confidence, actions, created_at FROM assistant_messages \
         WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT 500",
    )
    .bind(conversation_id)
    .bind(after)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let actions: String = r.try_get(6)?;
            Ok(Message {
                id: r.try_get(0)?,
                author: r.try_get(1)?,
                text: r.try_get(2)?,
                intent: r.try_get(3)?,
                service_id: r.try_get(4)?,
                confidence: r.try_get::<Option<i64>, _>(5)?.map(|c| c as f64 / 1000.0),
                actions: serde_json::from_str(&actions).unwrap_or(Value::Array(vec![])),
                created_at: r.try_get(7)?,
            })
        })
        .collect()
}

/// Conversations handed over to a person: waiting ones, and live ones, for the staff queue.
/// `agency` limits them to one agency's (and those no agency is known for).
pub async fn queue(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Conversation>, sqlx::Error> {
    let mine = match agency {
        Some(_) => "AND (agency_id IS NULL OR agency_id = $1)",
        None => "",
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM assistant_conversations WHERE status IN ('waiting', 'live') {mine} \
         ORDER BY handoff_at LIMIT 200"
    );
    let mut q = sqlx::query(&sql);
    if let Some(a) = agency {
        q = q.bind(a);
    }
    let rows = q.fetch_all(conn).await?;
    rows.iter().map(conversation).collect()
}

pub async fn delete(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM assistant_messages WHERE conversation_id = $1").bind(id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM assistant_conversations WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Delete conversations untouched since `before` (the retention period); returns how many.
pub async fn purge(tx: &mut Tx, before: i64) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "DELETE FROM assistant_messages WHERE conversation_id IN \
         (SELECT id FROM assistant_conversations WHERE updated_at < $1)",
    )
    .bind(before)
    .execute(&mut **tx)
    .await?;
    let done = sqlx::query("DELETE FROM assistant_conversations WHERE updated_at < $1").bind(before).execute(&mut **tx).await?;
    Ok(done.rows_affected())
}
