//! The e-participation tables (`part_*`). Every function takes the caller's transaction or
//! connection; reads take a connection (`&mut **tx` inside a transaction).

use sqlx::Row as _;

use super::model::{ItemKind, NewIdea, NewProcess, NewProject, Phase};
use crate::db::{Conn, Row, Tx};

// ---------------------------------------------------------------------------------------
// Ideas, supports and comments.

#[derive(Clone, Debug)]
pub struct Idea {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub title: String,
    pub body: String,
    pub category: String,
    pub agency_id: Option<String>,
    pub region: String,
    pub status: String,
    pub supports: i64,
    pub answer: Option<String>,
    pub answer_text: Option<String>,
    pub answered_at: Option<i64>,
    pub visibility: String,
    pub moderation_reason: String,
    pub created_at: i64,
}

const IDEA: &str = "SELECT i.id, i.author_id, u.full_name, i.title, i.body, i.category, i.agency_id, i.region, \
     i.status, i.supports, i.answer, i.answer_text, i.answered_at, i.visibility, i.moderation_reason, i.created_at \
     FROM part_ideas i JOIN users u ON u.id = i.author_id";

fn idea_row(r: &Row) -> Result<Idea, sqlx::Error> {
    Ok(Idea {
        id: r.try_get(0)?,
        author_id: r.try_get(1)?,
        author_name: r.try_get(2)?,
        title: r.try_get(3)?,
        body: r.try_get(4)?,
        category: r.try_get(5)?,
        agency_id: r.try_get(6)?,
        region: r.try_get(7)?,
        status: r.try_get(8)?,
        supports: r.try_get(9)?,
        answer: r.try_get(10)?,
        answer_text: r.try_get(11)?,
        answered_at: r.try_get(12)?,
        visibility: r.try_get(13)?,
        moderation_reason: r.try_get(14)?,
        created_at: r.try_get(15)?,
    })
}

pub async fn insert_idea(tx: &mut Tx, author: i64, idea: &NewIdea, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO part_ideas (author_id, title, body, category, agency_id, region, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(author)
    .bind(&idea.title)
    .bind(&idea.body)
    .bind(&idea.category)
    .bind(idea.agency_id.as_deref())
    .bind(&idea.region)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn idea(conn: &mut Conn, id: i64) -> Result<Option<Idea>, sqlx::Error> {
    let sql = format!("{IDEA} WHERE i.id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(idea_row).transpose()
}

/// Visible ideas, newest first; `status` filters when not empty; `author` adds that person's
/// own ideas whatever their visibility (the author sees a hidden idea and why).
pub async fn ideas(conn: &mut Conn, status: &str, author: i64, limit: i64) -> Result<Vec<Idea>, sqlx::Error> {
    let sql = format!(
        "{IDEA} WHERE (i.visibility = 'visible' OR i.author_id = $1) AND ($2 = '' OR i.status = $3) \
         ORDER BY i.id DESC LIMIT $4"
    );
    sqlx::query(&sql)
        .bind(author)
        .bind(status)
        .bind(status)
        .bind(limit)
        .fetch_all(conn)
        .await?
        .iter()
        .map(idea_row)
        .collect()
}

/// Ideas awaiting an official answer (or answered "under study"): those addressed to one agency,
/// or all of them when `agency` is none (platform admins).
pub async fn answer_queue(conn: &mut Conn, agency: Option<&str>) -> Result<Vec<Idea>, sqlx::Error> {
    let sql = format!(
        "{IDEA} WHERE i.visibility = 'visible' AND (i.status = 'awaiting_answer' OR i.answer = 'studying') \
         AND ($1 = '' OR i.agency_id = $2) ORDER BY i.supports DESC, i.id"
    );
    let a = agency.unwrap_or("");
    sqlx::query(&sql).bind(a).bind(a).fetch_all(conn).await?.iter().map(idea_row).collect()
}

/// Add a support; false when this person supported the idea already.
pub async fn add_support(tx: &mut Tx, idea: i64, user: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO part_supports (idea_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(idea)
    .bind(user)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn remove_support(tx: &mut Tx, idea: i64, user: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM part_supports WHERE idea_id = $1 AND user_id = $2")
        .bind(idea)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Count the supports again; returns the count.
pub async fn recount_supports(tx: &mut Tx, idea: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "UPDATE part_ideas SET supports = (SELECT COUNT(*) FROM part_supports WHERE idea_id = $1) \
         WHERE id = $2 RETURNING supports",
    )
    .bind(idea)
    .bind(idea)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn has_supported(conn: &mut Conn, idea: i64, user: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT 1 FROM part_supports WHERE idea_id = $1 AND user_id = $2")
        .bind(idea)
        .bind(user)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

pub async fn supporters(conn: &mut Conn, idea: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query("SELECT user_id FROM part_supports WHERE idea_id = $1 ORDER BY user_id")
        .bind(idea)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// An open idea reached its threshold: it awaits an official answer. False if it was not open.
pub async fn mark_awaiting(tx: &mut Tx, idea: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE part_ideas SET status = 'awaiting_answer' WHERE id = $1 AND status = 'open'")
        .bind(idea)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Record the official answer (while awaiting one, or after an "under study" answer).
pub async fn answer(tx: &mut Tx, idea: i64, answer: &str, text: &str, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE part_ideas SET status = 'answered', answer = $1, answer_text = $2, answered_by = $3, answered_at = $4 \
         WHERE id = $5 AND (status = 'awaiting_answer' OR answer = 'studying')",
    )
    .bind(answer)
    .bind(text)
    .bind(by)
    .bind(now)
    .bind(idea)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub id: i64,
    pub idea_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub stance: String,
    pub body: String,
    pub visibility: String,
    pub moderation_reason: String,
    pub created_at: i64,
}

const COMMENT: &str = "SELECT c.id, c.idea_id, c.author_id, u.full_name, c.stance, c.body, c.visibility, \
     c.moderation_reason, c.created_at FROM part_comments c JOIN users u ON u.id = c.author_id";

fn comment_row(r: &Row) -> Result<Comment, sqlx::Error> {
    Ok(Comment {
        id: r.try_get(0)?,
        idea_id: r.try_get(1)?,
        author_id: r.try_get(2)?,
        author_name: r.try_get(3)?,
        stance: r.try_get(4)?,
        body: r.try_get(5)?,
        visibility: r.try_get(6)?,
        moderation_reason: r.try_get(7)?,
        created_at: r.try_get(8)?,
    })
}

/// An idea's comments, oldest first (every visibility: the caller decides what to show).
pub async fn comments(conn: &mut Conn, idea: i64) -> Result<Vec<Comment>, sqlx::Error> {
    let sql = format!("{COMMENT} WHERE c.idea_id = $1 ORDER BY c.id");
    sqlx::query(&sql).bind(idea).fetch_all(conn).await?.iter().map(comment_row).collect()
}

pub async fn comment(conn: &mut Conn, id: i64) -> Result<Option<Comment>, sqlx::Error> {
    let sql = format!("{COMMENT} WHERE c.id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(comment_row).transpose()
}

pub async fn insert_comment(
    tx: &mut Tx,
    idea: i64,
    author: i64,
    stance: &str,
    body: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO part_comments (idea_id, author_id, stance, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(idea)
    .bind(author)
    .bind(stance)
    .bind(body)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

// ---------------------------------------------------------------------------------------
// Reports and moderation.

/// Record a report; false when this person reported the item already.
pub async fn add_report(
    tx: &mut Tx,
    kind: ItemKind,
    item: i64,
    reporter: i64,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO part_reports (kind, item_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT DO NOTHING",
    )
    .bind(kind.as_str())
    .bind(item)
    .bind(reporter)
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Count one more report on an item; returns the count and its visibility.
pub async fn count_report(tx: &mut Tx, kind: ItemKind, item: i64) -> Result<(i64, String), sqlx::Error> {
    let sql = format!("UPDATE {} SET reports = reports + 1 WHERE id = $1 RETURNING reports, visibility", kind.table());
    let r = sqlx::query(&sql).bind(item).fetch_one(&mut **tx).await?;
    Ok((r.try_get(0)?, r.try_get(1)?))
}

/// Change an item's visibility from `from` to `to`; false if it was not `from`.
pub async fn set_visibility(
    tx: &mut Tx,
    kind: ItemKind,
    item: i64,
    from: &str,
    to: &str,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE {} SET visibility = $1, moderation_reason = $2, reports = CASE WHEN $3 = 'visible' THEN 0 ELSE reports END \
         WHERE id = $4 AND visibility = $5",
        kind.table()
    );
    let done = sqlx::query(&sql).bind(to).bind(reason).bind(to).bind(item).bind(from).execute(&mut **tx).await?;
    Ok(done.rows_affected() == 1)
}

/// Forget the reports of an item that staff restored (they were judged).
pub async fn clear_reports(tx: &mut Tx, kind: ItemKind, item: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM part_reports WHERE kind = $1 AND item_id = $2")
        .bind(kind.as_str())
        .bind(item)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn log_moderation(
    tx: &mut Tx,
    kind: ItemKind,
    item: i64,
    actor: Option<i64>,
    action: &str,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO part_moderation (kind, item_id, actor_id, action, reason, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(kind.as_str())
    .bind(item)
    .bind(actor)
    .bind(action)
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An item waiting for review, with the reasons people gave.
#[derive(Clone, Debug)]
pub struct Hidden {
    pub kind: String,
    pub id: i64,
    pub idea_id: i64,
    pub text: String,
    pub reasons: Vec<String>,
}

pub async fn hidden_items(conn: &mut Conn) -> Result<Vec<Hidden>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT 'idea', id, id, title FROM part_ideas WHERE visibility = 'hidden' \
         UNION ALL SELECT 'comment', id, idea_id, body FROM part_comments WHERE visibility = 'hidden' ORDER BY 2",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = vec![];
    for r in &rows {
        out.push(Hidden {
            kind: r.try_get(0)?,
            id: r.try_get(1)?,
            idea_id: r.try_get(2)?,
            text: r.try_get(3)?,
            reasons: vec![],
        });
    }
    for h in &mut out {
        h.reasons = sqlx::query("SELECT reason FROM part_reports WHERE kind = $1 AND item_id = $2 ORDER BY created_at")
            .bind(&h.kind)
            .bind(h.id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
    }
    Ok(out)
}

#[derive(Clone, Debug)]
pub struct ModerationAct {
    pub kind: String,
    pub item_id: i64,
    pub actor: Option<String>,
    pub action: String,
    pub reason: String,
    pub at: i64,
}

pub async fn moderation_log(conn: &mut Conn, limit: i64) -> Result<Vec<ModerationAct>, sqlx::Error> {
    sqlx::query(
        "SELECT m.kind, m.item_id, u.full_name, m.action, m.reason, m.at FROM part_moderation m \
         LEFT JOIN users u ON u.id = m.actor_id ORDER BY m.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ModerationAct {
            kind: r.try_get(0)?,
            item_id: r.try_get(1)?,
            actor: r.try_get(2)?,
            action: r.try_get(3)?,
            reason: r.try_get(4)?,
            at: r.try_get(5)?,
        })
    })
    .collect()
}

// ---------------------------------------------------------------------------------------
// Participatory budgeting.

#[derive(Clone, Debug)]
pub struct Process {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub region: String,
    pub total_budget: i64,
    pub voter_limit: i64,
    pub phase: Phase,
    pub proposing_until: String,
    pub reviewing_until: String,
    pub voting_until: String,
    pub ballots_hash: Option<String>,
}

const PROCESS: &str = "SELECT id, title, description, region, total_budget, voter_limit, phase, proposing_until, \
     reviewing_until, voting_until, ballots_hash FROM part_pb_processes";

fn process_row(r: &Row) -> Result<Process, sqlx::Error> {
    Ok(Process {
        id: r.try_get(0)?,
        title: r.try_get(1)?,
        description: r.try_get(2)?,
        region: r.try_get(3)?,
        total_budget: r.try_get(4)?,
        voter_limit: r.try_get(5)?,
        phase: Phase::parse(&r.try_get::<String, _>(6)?).unwrap_or(Phase::Proposing),
        proposing_until: r.try_get(7)?,
        reviewing_until: r.try_get(8)?,
        voting_until: r.try_get(9)?,
        ballots_hash: r.try_get(10)?,
    })
}

pub async fn insert_process(tx: &mut Tx, p: &NewProcess, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO part_pb_processes (title, description, region, total_budget, voter_limit, proposing_until, \
         reviewing_until, voting_until, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&p.title)
    .bind(&p.description)
    .bind(&p.region)
    .bind(p.total_budget)
    .bind(p.voter_limit)
    .bind(&p.proposing_until)
    .bind(&p.reviewing_until)
    .bind(&p.voting_until)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn process(conn: &mut Conn, id: i64) -> Result<Option<Process>, sqlx::Error> {
    let sql = format!("{PROCESS} WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(process_row).transpose()
}

pub async fn processes(conn: &mut Conn) -> Result<Vec<Process>, sqlx::Error> {
    let sql = format!("{PROCESS} ORDER BY id DESC LIMIT 200");
    sqlx::query(&sql).fetch_all(conn).await?.iter().map(process_row).collect()
}

/// Move a process from one phase to the next; false if it was not in `from`.
pub async fn set_phase(tx: &mut Tx, id: i64, from: Phase, to: Phase) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE part_pb_processes SET phase = $1 WHERE id = $2 AND phase = $3")
        .bind(to.as_str())
        .bind(id)
        .bind(from.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Clone, Debug)]
pub struct Project {
    pub id: i64,
    pub process_id: i64,
    pub author_id: i64,
    pub title: String,
    pub description: String,
    pub cost: i64,
    pub status: String,
    pub review_reason: String,
    pub votes: i64,
    pub winner: bool,
}

const PROJECT: &str =
    "SELECT id, process_id, author_id, title, description, cost, status, review_reason, votes, winner \
     FROM part_pb_projects";

fn project_row(r: &Row) -> Result<Project, sqlx::Error> {
    Ok(Project {
        id: r.try_get(0)?,
        process_id: r.try_get(1)?,
        author_id: r.try_get(2)?,
        title: r.try_get(3)?,
        description: r.try_get(4)?,
        cost: r.try_get(5)?,
        status: r.try_get(6)?,
        review_reason: r.try_get(7)?,
        votes: r.try_get(8)?,
        winner: r.try_get::<i64, _>(9)? != 0,
    })
}

pub async fn insert_project(
    tx: &mut Tx,
    process: i64,
    author: i64,
    p: &NewProject,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO part_pb_projects (process_id, author_id, title, description, cost, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(process)
    .bind(author)
    .bind(&p.title)
    .bind(&p.description)
    .bind(p.cost)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn projects(conn: &mut Conn, process: i64) -> Result<Vec<Project>, sqlx::Error> {
    let sql = format!("{PROJECT} WHERE process_id = $1 ORDER BY id");
    sqlx::query(&sql).bind(process).fetch_all(conn).await?.iter().map(project_row).collect()
}

pub async fn project(conn: &mut Conn, id: i64) -> Result<Option<Project>, sqlx::Error> {
    let sql = format!("{PROJECT} WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(project_row).transpose()
}

pub async fn review_project(tx: &mut Tx, id: i64, status: &str, reason: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE part_pb_projects SET status = $1, review_reason = $2 WHERE id = $3")
        .bind(status)
        .bind(reason)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn has_voted(conn: &mut Conn, process: i64, user: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT 1 FROM part_pb_voters WHERE process_id = $1 AND user_id = $2")
        .bind(process)
        .bind(user)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Record that a person voted; false if they had already.
pub async fn insert_voter(tx: &mut Tx, process: i64, user: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("INSERT INTO part_pb_voters (process_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(process)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_ballot(tx: &mut Tx, process: i64, receipt_hash: &str, projects: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO part_pb_ballots (process_id, receipt_hash, projects) VALUES ($1, $2, $3)")
        .bind(process)
        .bind(receipt_hash)
        .bind(projects)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Every ballot of a process as `(receipt_hash, projects)`, in receipt-hash order.
pub async fn ballots(conn: &mut Conn, process: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query("SELECT receipt_hash, projects FROM part_pb_ballots WHERE process_id = $1 ORDER BY receipt_hash")
        .bind(process)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

pub async fn voter_count(conn: &mut Conn, process: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM part_pb_voters WHERE process_id = $1")
        .bind(process)
        .fetch_one(conn)
        .await?
        .try_get(0)
}

pub async fn set_project_result(tx: &mut Tx, id: i64, votes: i64, winner: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE part_pb_projects SET votes = $1, winner = $2 WHERE id = $3")
        .bind(votes)
        .bind(i64::from(winner))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_ballots_hash(tx: &mut Tx, process: i64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE part_pb_processes SET ballots_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(process)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Accountability.

#[derive(Clone, Debug)]
pub struct Item {
    pub id: i64,
    pub source_kind: String,
    pub source_id: i64,
    pub title: String,
    pub status: String,
    pub progress: i64,
    pub updated_at: i64,
}

const ITEM: &str = "SELECT id, source_kind, source_id, title, status, progress, updated_at FROM part_accountability";

fn item_row(r: &Row) -> Result<Item, sqlx::Error> {
    Ok(Item {
        id: r.try_get(0)?,
        source_kind: r.try_get(1)?,
        source_id: r.try_get(2)?,
        title: r.try_get(3)?,
        status: r.try_get(4)?,
        progress: r.try_get(5)?,
        updated_at: r.try_get(6)?,
    })
}

/// Start following an adopted idea or a winning project (once).
pub async fn insert_item(tx: &mut Tx, kind: &str, source: i64, title: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO part_accountability (source_kind, source_id, title, updated_at, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(kind)
    .bind(source)
    .bind(title)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn items(conn: &mut Conn) -> Result<Vec<Item>, sqlx::Error> {
    let sql = format!("{ITEM} ORDER BY updated_at DESC, id DESC LIMIT 500");
    sqlx::query(&sql).fetch_all(conn).await?.iter().map(item_row).collect()
}

pub async fn item(conn: &mut Conn, id: i64) -> Result<Option<Item>, sqlx::Error> {
    let sql = format!("{ITEM} WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(item_row).transpose()
}

/// A dated update of an item: its status, progress and a note.
#[derive(Clone, Debug)]
pub struct ItemUpdate {
    pub status: String,
    pub progress: i64,
    pub note: String,
    pub at: i64,
}

pub async fn item_updates(conn: &mut Conn, item: i64) -> Result<Vec<ItemUpdate>, sqlx::Error> {
    sqlx::query(
        "SELECT status, progress, note, at FROM part_accountability_updates WHERE item_id = $1 ORDER BY id DESC",
    )
    .bind(item)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok(ItemUpdate { status: r.try_get(0)?, progress: r.try_get(1)?, note: r.try_get(2)?, at: r.try_get(3)? }))
    .collect()
}

pub async fn update_item(
    tx: &mut Tx,
    item: i64,
    status: &str,
    progress: i64,
    note: &str,
    actor: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE part_accountability SET status = $1, progress = $2, updated_at = $3 WHERE id = $4")
        .bind(status)
        .bind(progress)
        .bind(now)
        .bind(item)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO part_accountability_updates (item_id, status, progress, note, actor_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(item)
    .bind(status)
    .bind(progress)
    .bind(note)
    .bind(actor)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------
// Public consultations.

#[derive(Clone, Debug)]
pub struct Consultation {
    pub id: i64,
    pub title: String,
    pub agency_id: String,
    pub summary: String,
    pub opens_on: String,
    pub closes_on: String,
    pub response: Option<String>,
    pub response_at: Option<i64>,
}

const CONSULTATION: &str =
    "SELECT id, title, agency_id, summary, opens_on, closes_on, response, response_at FROM part_consultations";

fn consultation_row(r: &Row) -> Result<Consultation, sqlx::Error> {
    Ok(Consultation {
        id: r.try_get(0)?,
        title: r.try_get(1)?,
        agency_id: r.try_get(2)?,
        summary: r.try_get(3)?,
        opens_on: r.try_get(4)?,
        closes_on: r.try_get(5)?,
        response: r.try_get(6)?,
        response_at: r.try_get(7)?,
    })
}

pub async fn insert_consultation(
    tx: &mut Tx,
    c: &super::model::NewConsultation,
    agency: &str,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO part_consultations (title, agency_id, summary, opens_on, closes_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&c.title)
    .bind(agency)
    .bind(&c.summary)
    .bind(&c.opens_on)
    .bind(&c.closes_on)
    .bind(by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    for (k, chunk) in c.paragraphs.chunks(100).enumerate() {
        let sql = format!(
            "INSERT INTO part_paragraphs (consultation_id, position, label, body) {}",
            crate::db::values_clause(chunk.len(), 4)
        );
        let mut q = sqlx::query(&sql);
        let start = k * 100;
        for (i, (label, body)) in chunk.iter().enumerate() {
            q = q.bind(id).bind(i64::try_from(start + i + 1).unwrap_or(i64::MAX)).bind(label).bind(body);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(id)
}

pub async fn consultations(conn: &mut Conn) -> Result<Vec<Consultation>, sqlx::Error> {
    let sql = format!("{CONSULTATION} ORDER BY closes_on DESC, id DESC LIMIT 200");
    sqlx::query(&sql).fetch_all(conn).await?.iter().map(consultation_row).collect()
}

pub async fn consultation(conn: &mut Conn, id: i64) -> Result<Option<Consultation>, sqlx::Error> {
    let sql = format!("{CONSULTATION} WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(consultation_row).transpose()
}

#[derive(Clone, Debug)]
pub struct Paragraph {
    pub id: i64,
    pub label: String,
    pub body: String,
}

pub async fn paragraphs(conn: &mut Conn, consultation: i64) -> Result<Vec<Paragraph>, sqlx::Error> {
    sqlx::query("SELECT id, label, body FROM part_paragraphs WHERE consultation_id = $1 ORDER BY position")
        .bind(consultation)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| Ok(Paragraph { id: r.try_get(0)?, label: r.try_get(1)?, body: r.try_get(2)? }))
        .collect()
}

#[derive(Clone, Debug)]
pub struct ParagraphComment {
    pub paragraph_id: i64,
    pub author_name: String,
    pub stance: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn paragraph_comments(conn: &mut Conn, consultation: i64) -> Result<Vec<ParagraphComment>, sqlx::Error> {
    sqlx::query(
        "SELECT c.paragraph_id, u.full_name, c.stance, c.body, c.created_at FROM part_paragraph_comments c \
         JOIN users u ON u.id = c.author_id WHERE c.consultation_id = $1 ORDER BY c.id",
    )
    .bind(consultation)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ParagraphComment {
            paragraph_id: r.try_get(0)?,
            author_name: r.try_get(1)?,
            stance: r.try_get(2)?,
            body: r.try_get(3)?,
            created_at: r.try_get(4)?,
        })
    })
    .collect()
}

pub async fn insert_paragraph_comment(
    tx: &mut Tx,
    consultation: i64,
    paragraph: i64,
    author: i64,
    stance: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO part_paragraph_comments (consultation_id, paragraph_id, author_id, stance, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(consultation)
    .bind(paragraph)
    .bind(author)
    .bind(stance)
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_response(tx: &mut Tx, id: i64, text: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE part_consultations SET response = $1, response_at = $2 WHERE id = $3")
        .bind(text)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// Polls.

#[derive(Clone, Debug)]
pub struct Poll {
    pub id: i64,
    pub question: String,
    pub agency_id: Option<String>,
    pub closes_on: String,
    pub closed_at: Option<i64>,
}

const POLL: &str = "SELECT id, question, agency_id, closes_on, closed_at FROM part_polls";

fn poll_row(r: &Row) -> Result<Poll, sqlx::Error> {
    Ok(Poll {
        id: r.try_get(0)?,
        question: r.try_get(1)?,
        agency_id: r.try_get(2)?,
        closes_on: r.try_get(3)?,
        closed_at: r.try_get(4)?,
    })
}

pub async fn insert_poll(
    tx: &mut Tx,
    p: &super::model::NewPoll,
    agency: Option<&str>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO part_polls (question, agency_id, closes_on, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(&p.question)
    .bind(agency)
    .bind(&p.closes_on)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    let sql = format!(
        "INSERT INTO part_poll_options (poll_id, position, label) {}",
        crate::db::values_clause(p.options.len(), 3)
    );
    let mut q = sqlx::query(&sql);
    for (i, label) in p.options.iter().enumerate() {
        q = q.bind(id).bind(i64::try_from(i + 1).unwrap_or(i64::MAX)).bind(label);
    }
    q.execute(&mut **tx).await?;
    Ok(id)
}

pub async fn polls(conn: &mut Conn) -> Result<Vec<Poll>, sqlx::Error> {
    let sql = format!("{POLL} ORDER BY id DESC LIMIT 200");
    sqlx::query(&sql).fetch_all(conn).await?.iter().map(poll_row).collect()
}

pub async fn poll(conn: &mut Conn, id: i64) -> Result<Option<Poll>, sqlx::Error> {
    let sql = format!("{POLL} WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(poll_row).transpose()
}

/// A poll's options as `(id, label, votes)`, in order.
pub async fn poll_options(conn: &mut Conn, poll: i64) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query("SELECT id, label, votes FROM part_poll_options WHERE poll_id = $1 ORDER BY position")
        .bind(poll)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

pub async fn has_answered(conn: &mut Conn, poll: i64, user: i64) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT 1 FROM part_poll_voters WHERE poll_id = $1 AND user_id = $2")
        .bind(poll)
        .bind(user)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Record one answer: the person (once; false if they answered already) and one more vote for
/// the option (nothing links the two).
pub async fn answer_poll(tx: &mut Tx, poll: i64, option: i64, user: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("INSERT INTO part_poll_voters (poll_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(poll)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let done = sqlx::query("UPDATE part_poll_options SET votes = votes + 1 WHERE id = $1 AND poll_id = $2")
        .bind(option)
        .bind(poll)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn close_poll(tx: &mut Tx, poll: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE part_polls SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(now)
        .bind(poll)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
