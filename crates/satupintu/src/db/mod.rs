//! Storage: one SQLite file (default) or PostgreSQL, behind the same functions.
//!
//! Queries are written once in the portable subset of SQL with `$1` placeholders (the SQLite
//! driver accepts them too). Integers are 64-bit, times are UTC unix seconds, booleans are 0/1.
//! On SQLite every write goes through a pool of one connection, so writers queue instead of
//! failing with `SQLITE_BUSY`; readers use their own pool (WAL mode lets them run alongside).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub mod jobs;
pub mod places;
mod writer;

use futures_core::future::BoxFuture;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;
pub type Row = sqlx::any::AnyRow;
/// A connection: what a store function that reads one thing takes. A [`Tx`] derefs to one, so
/// the same function serves inside a transaction and on its own ([`Db::conn`]).
pub type Conn = sqlx::AnyConnection;

/// Which engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The engine behind a connection (or a transaction, through `&**tx`).
    pub fn of(conn: &sqlx::AnyConnection) -> Backend {
        if conn.backend_name() == "SQLite" {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }

    /// `INSERT` (or `UPDATE`) that skips a row breaking a constraint instead of aborting the
    /// statement: `INSERT OR IGNORE` on SQLite, where a multi-row statement that may abort keeps a
    /// statement journal (a copy of every page it changes, to undo its first rows); plain on
    /// PostgreSQL, whose statements say `ON CONFLICT` themselves.
    pub fn or_ignore(self, verb: &str) -> String {
        match self {
            Backend::Sqlite => format!("{verb} OR IGNORE"),
            Backend::Postgres => verb.to_string(),
        }
    }

    /// [`values_clause`] for this engine: anonymous `?` parameters on SQLite, which binds them in
    /// order, where a `$n` name is found by walking a list as long as the statement's parameters
    /// (binding a large statement would cost the square of its size).
    pub fn values_clause(self, rows: usize, width: usize) -> String {
        match self {
            Backend::Sqlite => {
                let tuple = format!("({})", vec!["?"; width].join(", "));
                format!("VALUES {}", vec![tuple; rows].join(", "))
            }
            Backend::Postgres => values_clause(rows, width),
        }
    }
}

/// A database handle: cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    read: AnyPool,
    write: AnyPool,
    backend: Backend,
    /// SQLite's writer thread (see [`Db::write`]).
    writer: Option<writer::Writer>,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database URL not supported (use sqlite:// or postgres://): {0}")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database has a migration this program does not know: it was upgraded by a newer
    /// release. Migrations only move forward, so this program must not touch it.
    #[error(
        "database schema is newer than this program: upgrade SatuPintu (the database has migration {applied}, \
         this program knows migrations up to {known})"
    )]
    SchemaNewer { applied: i64, known: i64 },
}

/// A write transaction on `pool`. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`):
/// a deferred transaction that read first could not upgrade to writing after another process (a
/// `satupintu` command beside the server) wrote meanwhile, and would fail at once instead of
/// waiting its turn for `busy_timeout`.
async fn begin_write(pool: &sqlx::AnyPool, backend: Backend) -> Result<Tx, sqlx::Error> {
    match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => pool.begin().await,
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Settings of every SQLite connection.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; \
                              PRAGMA busy_timeout=10000;";

fn sqlite_pragmas<'c>(
    conn: &'c mut sqlx::AnyConnection,
    _meta: sqlx::pool::PoolConnectionMetadata,
) -> futures_core::future::BoxFuture<'c, Result<(), sqlx::Error>> {
    Box::pin(async move {
        conn.execute(SQLITE_PRAGMAS).await?;
        Ok(())
    })
}

/// The write connection's settings: those of every connection, and its temporary files in
/// memory. The statement journal of a savepoint or of a multi-row statement spills to a file
/// past 64 KiB, and on disk each batch of sensor readings created, wrote and deleted one. The
/// readers keep theirs on disk, where a large sort of a report does not grow the process.
fn sqlite_writer_pragmas<'c>(
    conn: &'c mut sqlx::AnyConnection,
    meta: sqlx::pool::PoolConnectionMetadata,
) -> futures_core::future::BoxFuture<'c, Result<(), sqlx::Error>> {
    Box::pin(async move {
        sqlite_pragmas(conn, meta).await?;
        conn.execute("PRAGMA temp_store=MEMORY;").await?;
        Ok(())
    })
}

/// The SQLite URL of the embedded database inside a data directory.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("satupintu.db").display())
}

impl Db {
    /// Connect to `url` (`sqlite://...` or `postgres://...`).
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbError::UnsupportedUrl(redact_url(url)));
        };
        let opts = AnyConnectOptions::from_str(url)?;
        match backend {
            Backend::Sqlite => {
                let write = AnyPoolOptions::new()
                    .max_connections(1)
                    // A file on this machine does not go stale like a network connection; a
                    // test before each use would cost one more round trip to its thread.
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(sqlite_writer_pragmas)
                    .connect_with(opts.clone())
                    .await?;
                let read = AnyPoolOptions::new()
                    .max_connections(8)
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(sqlite_pragmas)
                    .connect_with(opts)
                    .await?;
                Ok(Db { read, write, backend, writer: Some(writer::Writer::start().map_err(sqlx::Error::Io)?) })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(opts)
                    .await?;
                Ok(Db { read: pool.clone(), write: pool, backend, writer: None })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Pool for reads.
    pub fn pool(&self) -> &AnyPool {
        &self.read
    }

    /// Run pending migrations, forward only (there are no down migrations). On PostgreSQL
    /// sqlx's migrator holds an advisory lock (`pg_advisory_lock`, keyed by the database name;
    /// `Migrator::locking` is on by default) from before it reads the applied migrations until
    /// it has applied the last one, so several processes starting together on one database
    /// wait for each other and each migration is applied once. On SQLite there is one writer.
    ///
    /// A database that has a migration this program does not know (a newer release ran on it)
    /// is refused with [`DbError::SchemaNewer`] instead of sqlx's bare "missing" error.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = self.migrator();
        match migrator.run(&self.write).await {
            Ok(()) => Ok(()),
            Err(sqlx::migrate::MigrateError::VersionMissing(applied)) => {
                Err(DbError::SchemaNewer { applied, known: latest_migration(migrator) })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The newest migration this program knows (for its backend).
    pub fn known_schema_version(&self) -> i64 {
        latest_migration(self.migrator())
    }

    /// The newest migration applied to the database (0 before the first).
    pub async fn schema_version(conn: &mut Conn) -> Result<i64, sqlx::Error> {
        let row = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *conn)
            .await?;
        sqlx::Row::try_get(&row, 0)
    }

    /// The migrations this binary knows for its backend (`satupintu doctor` compares them with
    /// the applied ones).
    pub fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// Start a write transaction: every state change is one of these.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        begin_write(&self.write, self.backend).await
    }

    /// Run `job` in a write transaction and commit it if it succeeds (roll back if it fails).
    ///
    /// On SQLite the transaction runs on the writer thread ([`writer`]), so the one writer is
    /// held only while its statements run; on PostgreSQL it runs here, on a connection of the
    /// pool. `job` owns what it needs (`move`), as it may run on another thread:
    ///
    /// ```ignore
    /// let id = db.write(move |tx| Box::pin(async move { store::insert(tx, &row).await })).await?;
    /// ```
    pub async fn write<T, E, F>(&self, job: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
        F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, Result<T, E>> + Send + 'static,
    {
        let pool = self.write.clone();
        let backend = self.backend;
        let run = async move {
            let mut tx = begin_write(&pool, backend).await?;
            let value = job(&mut tx).await?;
            tx.commit().await?;
            Ok(value)
        };
        let Some(writer) = &self.writer else { return run.await };
        let (done, result) = tokio::sync::oneshot::channel();
        let sent = writer.send(Box::new(move || {
            Box::pin(async move {
                let _ = done.send(run.await);
            })
        }));
        if !sent {
            return Err(sqlx::Error::PoolClosed.into());
        }
        result.await.unwrap_or_else(|_| Err(sqlx::Error::PoolClosed.into()))
    }

    /// Start a read-only unit of work (a transaction on the read pool).
    pub async fn read(&self) -> Result<Tx, sqlx::Error> {
        self.read.begin().await
    }

    /// A connection from the read pool, for a single read that needs no transaction around it
    /// (one statement is atomic by itself; `BEGIN` and `COMMIT` would cost two more round trips).
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
        self.read.acquire().await
    }

    /// The write connection, for a state change that is one statement: a statement is atomic by
    /// itself, so it needs no `BEGIN` and `COMMIT` around it (two round trips saved while the one
    /// writer is held). Anything of two statements or more goes through [`Db::begin`].
    pub async fn write_one(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, sqlx::Error> {
        self.write.acquire().await
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.read).await.is_ok()
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

fn latest_migration(m: &sqlx::migrate::Migrator) -> i64 {
    m.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The versions of the migrations this program carries for each backend: (SQLite, PostgreSQL).
pub fn migration_versions() -> (Vec<i64>, Vec<i64>) {
    let versions = |m: &sqlx::migrate::Migrator| m.iter().map(|m| m.version).collect::<Vec<_>>();
    (versions(&SQLITE_MIGRATIONS), versions(&POSTGRES_MIGRATIONS))
}

/// A URL safe to print: the password is replaced.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "<invalid url>".into(),
    }
}

/// `VALUES ($1, …, $k), ($k+1, …), …`: `rows` tuples of `width` placeholders, to insert several
/// rows in one statement (one round trip to the database instead of one per row).
pub fn values_clause(rows: usize, width: usize) -> String {
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let cols: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", cols.join(", "))
        })
        .collect();
    format!("VALUES {}", tuples.join(", "))
}

/// `$from, $from+1, …` for `n` values, for `IN (…)` lists.
pub fn placeholders(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// The rows of `sql`, whose `{in}` is replaced by a list of placeholders for `ids`: one query
/// per 500 ids (a lookup of many rows by id without a round trip per row).
pub async fn fetch_in(conn: &mut Conn, sql: &str, ids: &[i64]) -> Result<Vec<Row>, sqlx::Error> {
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let sql = sql.replace("{in}", &placeholders(1, chunk.len()));
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        rows.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(rows)
}

/// `items` in slices of at most `max`, the remainder in descending powers of two: a multi-row
/// statement then comes in a handful of shapes, which stay prepared in the connection's
/// statement cache instead of a new shape (and a new prepare) for nearly every batch.
pub fn cached_chunks<T>(items: &[T], max: usize) -> Vec<&[T]> {
    let max = max.max(1);
    let mut out = Vec::new();
    let mut rest = items;
    while !rest.is_empty() {
        let n = if rest.len() >= max { max } else { 1 << rest.len().ilog2() };
        let (head, tail) = rest.split_at(n);
        out.push(head);
        rest = tail;
    }
    out
}

/// The next tracking number for a prefix such as `SP-2026`: `SP-2026-000001`, ...
pub async fn next_code(tx: &mut Tx, prefix: &str) -> Result<String, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO code_counters (prefix, last) VALUES ($1, 1) \
         ON CONFLICT (prefix) DO UPDATE SET last = code_counters.last + 1 RETURNING last",
    )
    .bind(prefix)
    .fetch_one(&mut **tx)
    .await?;
    let n: i64 = sqlx::Row::try_get(&row, 0)?;
    Ok(format!("{prefix}-{n:06}"))
}

/// An optional number to bind as text, for SQL that casts it: `CAST($n AS DOUBLE PRECISION)`.
///
/// Through the Any driver, PostgreSQL prepares a statement with the parameter types of its
/// first use on a connection: an optional float first bound as NULL leaves the parameter
/// untyped-as-text, and a later number is then refused ("incorrect binary data format"), so
/// an address-only report spoiled the next report with a map point. Text binds the same way
/// whether NULL or not.
pub fn float_text(x: Option<f64>) -> Option<String> {
    x.filter(|v| v.is_finite()).map(|v| v.to_string())
}

/// Current time as UTC unix seconds.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Read and write small values in the `meta` table.
pub async fn meta_get(tx: &mut Tx, key: &str) -> Result<Option<String>, sqlx::Error> {
    use sqlx::Row as _;
    let row = sqlx::query("SELECT value FROM meta WHERE key = $1").bind(key).fetch_optional(&mut **tx).await?;
    row.map(|r| r.try_get::<String, _>(0)).transpose()
}

pub async fn meta_set(tx: &mut Tx, key: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn only_the_writer_keeps_temporary_files_in_memory() {
        use sqlx::Row as _;
        let dir = tempfile::tempdir().expect("tempdir");
        let db = super::Db::connect(&super::sqlite_url(dir.path())).await.expect("connect");
        let mut tx = db.begin().await.expect("begin");
        let w: i64 = sqlx::query("PRAGMA temp_store").fetch_one(&mut *tx).await.expect("w").try_get(0).expect("i");
        tx.rollback().await.expect("rollback");
        let mut conn = db.conn().await.expect("conn");
        let r: i64 = sqlx::query("PRAGMA temp_store").fetch_one(&mut *conn).await.expect("r").try_get(0).expect("i");
        assert_eq!((w, r), (2, 0), "writer MEMORY, readers the default");
    }

    #[test]
    fn values_clause_numbers_placeholders_row_by_row() {
        assert_eq!(super::values_clause(1, 2), "VALUES ($1, $2)");
        assert_eq!(super::values_clause(2, 3), "VALUES ($1, $2, $3), ($4, $5, $6)");
        assert_eq!(super::Backend::Postgres.values_clause(2, 3), "VALUES ($1, $2, $3), ($4, $5, $6)");
        assert_eq!(super::Backend::Sqlite.values_clause(2, 2), "VALUES (?, ?), (?, ?)");
        assert_eq!(super::Backend::Sqlite.or_ignore("INSERT"), "INSERT OR IGNORE");
        assert_eq!(super::Backend::Postgres.or_ignore("UPDATE"), "UPDATE");
        assert_eq!(super::placeholders(3, 2), "$3, $4");
    }

    #[test]
    fn cached_chunks_keep_every_item_in_few_shapes() {
        let items: Vec<u32> = (0..2345).collect();
        let chunks = super::cached_chunks(&items, 1000);
        let sizes: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
        assert_eq!(sizes, vec![1000, 1000, 256, 64, 16, 8, 1]);
        assert_eq!(chunks.concat(), items);
        assert!(super::cached_chunks::<u32>(&[], 1000).is_empty());
        assert_eq!(super::cached_chunks(&[1, 2, 3], 2), vec![&[1, 2][..], &[3][..]]);
    }
}
