//! Counted places in a row: an appointment slot's bookings, a pickup window's requests, an
//! event's seats. A place is taken with one conditional UPDATE, so of two people taking the last
//! place at once exactly one gets it (PostgreSQL re-checks the condition after the other's row
//! lock; SQLite has one writer).

use super::Tx;

/// Where the places of a kind of row are counted.
pub struct Places {
    pub table: &'static str,
    /// The column counting the places taken.
    pub taken: &'static str,
    /// What must also hold for a place to be taken (SQL over the row; `$2` is the argument given
    /// to [`Places::take`], when there is one).
    pub open: &'static str,
}

impl Places {
    /// Take one place of row `id` if the row is open; whether one was taken.
    pub async fn take(&self, tx: &mut Tx, id: i64, arg: Option<i64>) -> Result<bool, sqlx::Error> {
        let sql = format!(
            "UPDATE {t} SET {c} = {c} + 1 WHERE id = $1 AND {open}",
            t = self.table,
            c = self.taken,
            open = self.open
        );
        let mut q = sqlx::query(&sql).bind(id);
        if let Some(arg) = arg {
            q = q.bind(arg);
        }
        Ok(q.execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Give one place of row `id` back.
    pub async fn release(&self, tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
        let sql = format!("UPDATE {t} SET {c} = {c} - 1 WHERE id = $1 AND {c} > 0", t = self.table, c = self.taken);
        sqlx::query(&sql).bind(id).execute(&mut **tx).await?;
        Ok(())
    }
}
