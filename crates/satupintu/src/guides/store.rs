//! The guide tables (`guides`, `guide_steps`) and the per-person display settings
//! (`display_settings`). Writes take the caller's transaction; reads take a connection.

use sqlx::Row as _;

use super::model::{Bilingual, Display, NewGuide, NewStep};
use crate::db::{Conn, Row, Tx};

#[derive(Clone, Debug)]
pub struct Guide {
    pub id: i64,
    pub slug: String,
    pub agency_id: Option<String>,
    pub service_id: Option<String>,
    pub title: Bilingual,
    pub summary: Bilingual,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub id: i64,
    pub position: i64,
    pub icon: String,
    pub heading: Bilingual,
    pub body: Bilingual,
    pub easy: Bilingual,
}

const GUIDE: &str = "SELECT id, slug, agency_id, service_id, title_id, title_en, summary_id, summary_en, updated_at \
                     FROM guides";

fn guide_row(r: &Row) -> Result<Guide, sqlx::Error> {
    Ok(Guide {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        agency_id: r.try_get(2)?,
        service_id: r.try_get(3)?,
        title: Bilingual { id: r.try_get(4)?, en: r.try_get(5)? },
        summary: Bilingual { id: r.try_get(6)?, en: r.try_get(7)? },
        updated_at: r.try_get(8)?,
    })
}

/// Every guide, by Indonesian title.
pub async fn guides(conn: &mut Conn) -> Result<Vec<Guide>, sqlx::Error> {
    let sql = format!("{GUIDE} ORDER BY title_id, id");
    sqlx::query(&sql).fetch_all(conn).await?.iter().map(guide_row).collect()
}

pub async fn guide_by_slug(conn: &mut Conn, slug: &str) -> Result<Option<Guide>, sqlx::Error> {
    let sql = format!("{GUIDE} WHERE slug = $1");
    sqlx::query(&sql).bind(slug).fetch_optional(conn).await?.as_ref().map(guide_row).transpose()
}

pub async fn guide(conn: &mut Conn, id: i64) -> Result<Option<Guide>, sqlx::Error> {
    let sql = format!("{GUIDE} WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(guide_row).transpose()
}

/// The guide of a catalogue service (the oldest, when several point at it).
pub async fn guide_for_service(conn: &mut Conn, service_id: &str) -> Result<Option<Guide>, sqlx::Error> {
    let sql = format!("{GUIDE} WHERE service_id = $1 ORDER BY id LIMIT 1");
    sqlx::query(&sql).bind(service_id).fetch_optional(conn).await?.as_ref().map(guide_row).transpose()
}

pub async fn insert_guide(tx: &mut Tx, g: &NewGuide, agency: Option<&str>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO guides (slug, agency_id, service_id, title_id, title_en, summary_id, summary_en, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&g.slug)
    .bind(agency)
    .bind(g.service_id.as_deref())
    .bind(&g.title.id)
    .bind(&g.title.en)
    .bind(&g.summary.id)
    .bind(&g.summary.en)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

pub async fn update_guide(
    tx: &mut Tx,
    id: i64,
    g: &NewGuide,
    agency: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE guides SET slug = $1, agency_id = $2, service_id = $3, title_id = $4, title_en = $5, \
         summary_id = $6, summary_en = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(&g.slug)
    .bind(agency)
    .bind(g.service_id.as_deref())
    .bind(&g.title.id)
    .bind(&g.title.en)
    .bind(&g.summary.id)
    .bind(&g.summary.en)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Mark a guide changed (its steps were edited).
pub async fn touch(tx: &mut Tx, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE guides SET updated_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// The id of the guide with this slug, other than `except`.
pub async fn slug_taken(tx: &mut Tx, slug: &str, except: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM guides WHERE slug = $1 AND id <> $2")
        .bind(slug)
        .bind(except)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

pub async fn delete_guide(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM guide_steps WHERE guide_id = $1").bind(id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM guides WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

const STEP: &str =
    "SELECT id, position, icon, heading_id, heading_en, body_id, body_en, easy_id, easy_en FROM guide_steps";

fn step_row(r: &Row) -> Result<Step, sqlx::Error> {
    Ok(Step {
        id: r.try_get(0)?,
        position: r.try_get(1)?,
        icon: r.try_get(2)?,
        heading: Bilingual { id: r.try_get(3)?, en: r.try_get(4)? },
        body: Bilingual { id: r.try_get(5)?, en: r.try_get(6)? },
        easy: Bilingual { id: r.try_get(7)?, en: r.try_get(8)? },
    })
}

/// A guide's steps in order.
pub async fn steps(conn: &mut Conn, guide: i64) -> Result<Vec<Step>, sqlx::Error> {
    let sql = format!("{STEP} WHERE guide_id = $1 ORDER BY position, id");
    sqlx::query(&sql).bind(guide).fetch_all(conn).await?.iter().map(step_row).collect()
}

/// The number of steps of each guide.
pub async fn step_counts(conn: &mut Conn) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query("SELECT guide_id, COUNT(*) FROM guide_steps GROUP BY guide_id")
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Add a step at the end.
pub async fn insert_step(tx: &mut Tx, guide: i64, s: &NewStep) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO guide_steps (guide_id, position, icon, heading_id, heading_en, body_id, body_en, easy_id, easy_en) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM guide_steps WHERE guide_id = $1), \
         $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(guide)
    .bind(&s.icon)
    .bind(&s.heading.id)
    .bind(&s.heading.en)
    .bind(&s.body.id)
    .bind(&s.body.en)
    .bind(&s.easy.id)
    .bind(&s.easy.en)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)
}

/// Change a step of `guide`; false when it has no such step.
pub async fn update_step(tx: &mut Tx, guide: i64, step: i64, s: &NewStep) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE guide_steps SET icon = $1, heading_id = $2, heading_en = $3, body_id = $4, body_en = $5, \
         easy_id = $6, easy_en = $7 WHERE id = $8 AND guide_id = $9",
    )
    .bind(&s.icon)
    .bind(&s.heading.id)
    .bind(&s.heading.en)
    .bind(&s.body.id)
    .bind(&s.body.en)
    .bind(&s.easy.id)
    .bind(&s.easy.en)
    .bind(step)
    .bind(guide)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Set the order of a guide's steps: `order` lists every step id, first to last.
pub async fn reorder(tx: &mut Tx, guide: i64, order: &[i64]) -> Result<(), sqlx::Error> {
    for (i, id) in order.iter().enumerate() {
        sqlx::query("UPDATE guide_steps SET position = $1 WHERE id = $2 AND guide_id = $3")
            .bind(i as i64 + 1)
            .bind(id)
            .bind(guide)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn delete_step(tx: &mut Tx, guide: i64, step: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM guide_steps WHERE id = $1 AND guide_id = $2")
        .bind(step)
        .bind(guide)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

// ---------------------------------------------------------------------------------------
// Display settings.

pub async fn display(conn: &mut Conn, user: i64) -> Result<Option<Display>, sqlx::Error> {
    let row = sqlx::query("SELECT large_text, high_contrast, low_data FROM display_settings WHERE user_id = $1")
        .bind(user)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        Ok(Display {
            large_text: r.try_get::<i64, _>(0)? != 0,
            high_contrast: r.try_get::<i64, _>(1)? != 0,
            low_data: r.try_get::<i64, _>(2)? != 0,
        })
    })
    .transpose()
}

pub async fn set_display(conn: &mut Conn, user: i64, d: Display, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO display_settings (user_id, large_text, high_contrast, low_data, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET large_text = excluded.large_text, \
         high_contrast = excluded.high_contrast, low_data = excluded.low_data, updated_at = excluded.updated_at",
    )
    .bind(user)
    .bind(i64::from(d.large_text))
    .bind(i64::from(d.high_contrast))
    .bind(i64::from(d.low_data))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
