//! `satupintu backup DEST` and `satupintu restore SRC`.
//!
//! A backup is a directory: the database snapshot (SQLite `VACUUM INTO`, or PostgreSQL
//! `pg_dump --format=custom` from an exported snapshot), every upload the snapshot refers to
//! (checked against its SHA-256 address while copied), the key files (mode 0600) and
//! `manifest.json` with every file's size and SHA-256 and the ledger's size and root at the
//! snapshot. The database is snapshotted first and the uploads copied after: an upload's content
//! is stored before its row commits, so every upload the snapshot names exists by then.
//!
//! A restore checks the whole backup against its manifest before it changes anything, refuses a
//! target that holds data (unless `--force`), puts the keys, database and uploads in place, runs
//! the migrations (a backup of an older release is upgraded), and then verifies: the ledger
//! recomputed against the manifest and the signed checkpoint, every document's signature, every
//! upload's content present.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{anyhow, Context};
use sha2::{Digest, Sha256};
use sqlx::{Connection, Executor, Row as _};

use super::model::{safe_path, FileEntry, FileKind, LedgerState, Manifest, FORMAT, MANIFEST, PG_FILE, SQLITE_FILE};
use super::store;
use crate::app::AppState;
use crate::config::Config;
use crate::db::{Backend, Conn, Db};
use crate::uploads::blobs::{Address, BlobStore};

/// A backup or restore that did not happen, or failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Refused before anything was changed: `key` names the Fluent message (locales/*/backup.ftl),
    /// `detail` says what exactly (a path, a tool's output; never a secret).
    #[error("{key}: {detail}")]
    Refused { key: &'static str, detail: String },
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl BackupError {
    fn refused(key: &'static str, detail: impl std::fmt::Display) -> BackupError {
        BackupError::Refused { key, detail: detail.to_string() }
    }

    /// The Fluent key of a refusal.
    pub fn key(&self) -> Option<&'static str> {
        match self {
            BackupError::Refused { key, .. } => Some(key),
            BackupError::Failed(_) => None,
        }
    }
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Failed(e.into())
    }
}

impl From<std::io::Error> for BackupError {
    fn from(e: std::io::Error) -> Self {
        BackupError::Failed(e.into())
    }
}

/// What a backup wrote.
#[derive(Debug)]
pub struct BackupSummary {
    pub manifest: Manifest,
    pub uploads: usize,
    pub keys: usize,
    /// Key files that were not there (the exchange key is made on first use; the data key may
    /// come from `SATUPINTU_DATA_KEY`).
    pub missing_keys: Vec<PathBuf>,
}

/// What a restore found when it checked its work.
#[derive(Debug)]
pub struct RestoreSummary {
    pub manifest: Manifest,
    /// The schema after the migrations ran.
    pub schema_version: i64,
    pub ledger_entries: u64,
    pub checkpoint_size: u64,
    /// Why the ledger does not verify, if it does not.
    pub ledger_problem: Option<String>,
    pub documents: usize,
    /// Numbers of documents whose signature does not verify with the restored key.
    pub documents_bad: Vec<String>,
    pub uploads: usize,
    /// Content addresses the database names but the store lacks.
    pub uploads_missing: Vec<String>,
}

impl RestoreSummary {
    pub fn ok(&self) -> bool {
        self.ledger_problem.is_none() && self.documents_bad.is_empty() && self.uploads_missing.is_empty()
    }
}

fn backend_of(url: &str) -> Result<Backend, BackupError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Backend::Postgres)
    } else {
        Err(BackupError::Failed(anyhow!("database URL not supported: {}", crate::db::redact_url(url))))
    }
}

fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// The file of a `sqlite://PATH?options` URL.
fn sqlite_path(url: &str) -> PathBuf {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    PathBuf::from(rest.split('?').next().unwrap_or(rest))
}

/// Where each key file of this configuration lives.
pub fn key_locations(config: &Config) -> Vec<(FileKind, &'static str, PathBuf)> {
    FileKind::KEYS
        .iter()
        .map(|&(kind, name)| {
            let path = match kind {
                FileKind::LedgerKey => config.data_dir.join("ledger.key"),
                FileKind::DocumentsKey => config.data_dir.join("keys").join("documents.ed25519"),
                FileKind::ExchangeKey => crate::exchange::keys::key_path(config),
                FileKind::VapidKey => config
                    .vapid_private_key_file
                    .clone()
                    .unwrap_or_else(|| config.data_dir.join("keys").join("vapid.p256")),
                _ => crate::crypto::key_file(config),
            };
            (kind, name, path)
        })
        .collect()
}

/// The environment that points `pg_dump`/`pg_restore` at the database of `url`: the password
/// travels in `PGPASSWORD`, never on a command line or in a message.
fn pg_env(url: &str) -> Result<Vec<(&'static str, String)>, BackupError> {
    let u = url::Url::parse(url).map_err(|_| BackupError::Failed(anyhow!("the PostgreSQL URL does not parse")))?;
    let decode = |s: &str| percent_decode(s);
    let mut env = Vec::new();
    if let Some(h) = u.host_str().filter(|h| !h.is_empty()) {
        env.push(("PGHOST", h.trim_start_matches('[').trim_end_matches(']').to_string()));
    }
    if let Some(p) = u.port() {
        env.push(("PGPORT", p.to_string()));
    }
    if !u.username().is_empty() {
        env.push(("PGUSER", decode(u.username())));
    }
    if let Some(p) = u.password() {
        env.push(("PGPASSWORD", decode(p)));
    }
    let name = decode(u.path().trim_start_matches('/'));
    if !name.is_empty() {
        env.push(("PGDATABASE", name));
    }
    for (k, v) in u.query_pairs() {
        let var = match k.as_ref() {
            "host" => "PGHOST",
            "port" => "PGPORT",
            "user" => "PGUSER",
            "password" => "PGPASSWORD",
            "dbname" => "PGDATABASE",
            "sslmode" => "PGSSLMODE",
            "sslrootcert" => "PGSSLROOTCERT",
            "sslcert" => "PGSSLCERT",
            "sslkey" => "PGSSLKEY",
            "application_name" => "PGAPPNAME",
            _ => continue,
        };
        env.retain(|(name, _)| *name != var);
        env.push((var, v.into_owned()));
    }
    Ok(env)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Run a PostgreSQL client tool with the database's environment; its standard error on failure.
async fn pg_tool(tool: &'static str, args: &[String], url: &str) -> Result<(), BackupError> {
    let mut cmd = tokio::process::Command::new(tool);
    cmd.args(args).arg("--no-password");
    for var in ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE", "PGSSLMODE"] {
        cmd.env_remove(var);
    }
    cmd.envs(pg_env(url)?).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    let out = match cmd.output().await {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(BackupError::refused("backup-tool-missing", tool))
        }
        Err(e) => return Err(BackupError::Failed(anyhow!("cannot run {tool}: {e}"))),
    };
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        Err(BackupError::refused("backup-tool-failed", format!("{tool}: {}", stderr.trim())))
    }
}

/// Size and SHA-256 (hex) of a file, read in pieces.
fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, hex::encode(hasher.finalize())))
}

/// Write a file readable by its owner only, its folders made as needed (owner only too).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    if let Some(dir) = path.parent() {
        make_private_dir(dir)?;
    }
    let tmp = path.with_extension("restore-tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn is_empty_dir(dir: &Path) -> std::io::Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(e),
    }
}

/// What the snapshot holds besides its bytes.
struct Facts {
    schema_version: i64,
    ledger: LedgerState,
    blobs: Vec<String>,
}

async fn facts(conn: &mut Conn) -> Result<Facts, BackupError> {
    let schema_version = Db::schema_version(conn).await?;
    let (size, root, checkpoint_size) = store::ledger_state(conn).await?;
    let blobs = store::blob_addresses(conn).await?;
    Ok(Facts { schema_version, ledger: LedgerState { size, root: root.to_hex(), checkpoint_size }, blobs })
}

/// `VACUUM INTO`: a consistent copy of the database as of one read transaction, taken while
/// the server goes on writing (WAL mode), then read back for its facts.
async fn sqlite_snapshot(db: &Db, dest: &Path) -> Result<Facts, BackupError> {
    let path = dest.join(SQLITE_FILE);
    let text = path.to_str().ok_or_else(|| BackupError::refused("backup-dest-not-empty", path.display()))?;
    let mut conn = db.conn().await?;
    sqlx::query("VACUUM INTO $1").bind(text).execute(&mut *conn).await?;
    drop(conn);
    let mut snap = sqlx::AnyConnection::connect(&format!("sqlite://{text}?mode=ro")).await?;
    let facts = facts(&mut snap).await;
    snap.close().await?;
    facts
}

/// `pg_dump --format=custom` of a snapshot this connection exports and holds open while it
/// reads the same snapshot's facts: the dump and the manifest describe one moment.
async fn pg_snapshot(db: &Db, url: &str, dest: &Path) -> Result<Facts, BackupError> {
    let mut conn = db.conn().await?;
    (&mut *conn).execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?;
    let snapshot: String = sqlx::query("SELECT pg_export_snapshot()").fetch_one(&mut *conn).await?.try_get(0)?;
    let file = dest.join(PG_FILE);
    let args =
        vec!["--format=custom".to_string(), format!("--snapshot={snapshot}"), format!("--file={}", file.display())];
    let dumped = pg_tool("pg_dump", &args, url).await;
    let facts = match dumped {
        Ok(()) => facts(&mut conn).await,
        Err(e) => Err(e),
    };
    let _ = (&mut *conn).execute("COMMIT").await;
    facts
}

/// Make a backup of the configured platform in `dest`, a new or empty directory. A backup that
/// fails leaves `dest` as it found it.
pub async fn backup(config: &Config, dest: &Path) -> Result<BackupSummary, BackupError> {
    let existed = dest.exists();
    if existed && !(dest.is_dir() && is_empty_dir(dest)?) {
        return Err(BackupError::refused("backup-dest-not-empty", dest.display()));
    }
    let result = backup_into(config, dest).await;
    if result.is_err() && dest.exists() {
        let _ = std::fs::remove_dir_all(dest);
        if existed {
            let _ = make_private_dir(dest);
        }
    }
    result
}

async fn backup_into(config: &Config, dest: &Path) -> Result<BackupSummary, BackupError> {
    let url = config.effective_database_url();
    let backend = backend_of(&url)?;
    if backend == Backend::Sqlite && !sqlite_path(&url).exists() {
        return Err(BackupError::refused("backup-no-database", sqlite_path(&url).display()));
    }
    make_private_dir(dest)?;
    let db = Db::connect(&url).await.map_err(|e| BackupError::Failed(e.into()))?;
    let facts = match backend {
        Backend::Sqlite => sqlite_snapshot(&db, dest).await,
        Backend::Postgres => pg_snapshot(&db, &url, dest).await,
    };
    db.close().await;
    let facts = facts?;

    let mut files = Vec::new();
    let db_file = match backend {
        Backend::Sqlite => SQLITE_FILE,
        Backend::Postgres => PG_FILE,
    };
    #[cfg(unix)]
    std::fs::set_permissions(dest.join(db_file), std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    let (size, sha256) = hash_file(&dest.join(db_file))?;
    files.push(FileEntry { path: db_file.into(), kind: FileKind::Database, size, sha256 });

    let blobs = BlobStore::open(config).await?;
    for sha in &facts.blobs {
        let addr = Address::parse(sha).ok_or_else(|| BackupError::refused("backup-upload-corrupt", sha))?;
        let bytes = blobs
            .get(&addr)
            .await
            .map_err(|e| BackupError::Failed(e.into()))?
            .ok_or_else(|| BackupError::refused("backup-upload-missing", sha))?;
        if Address::of(&bytes) != addr {
            return Err(BackupError::refused("backup-upload-corrupt", sha));
        }
        let rel = addr.key();
        write_private(&dest.join(&rel), &bytes)?;
        files.push(FileEntry { path: rel, kind: FileKind::Upload, size: bytes.len() as u64, sha256: sha.clone() });
    }
    let uploads = facts.blobs.len();

    let mut keys = 0;
    let mut missing_keys = Vec::new();
    for (kind, name, path) in key_locations(config) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                let rel = format!("keys/{name}");
                write_private(&dest.join(&rel), &bytes)?;
                files.push(FileEntry {
                    path: rel,
                    kind,
                    size: bytes.len() as u64,
                    sha256: hex::encode(Sha256::digest(&bytes)),
                });
                keys += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing_keys.push(path),
            Err(e) => return Err(BackupError::Failed(anyhow!("{}: {e}", path.display()))),
        }
    }

    let manifest = Manifest {
        format: FORMAT.into(),
        created_at: crate::web::rfc3339(crate::db::now()),
        app_version: env!("CARGO_PKG_VERSION").into(),
        schema_version: facts.schema_version,
        backend: backend_name(backend).into(),
        ledger: facts.ledger,
        files,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| BackupError::Failed(e.into()))?;
    write_private(&dest.join(MANIFEST), &json)?;
    Ok(BackupSummary { manifest, uploads, keys, missing_keys })
}

/// Read the manifest and check every file it lists (size and SHA-256) and that the database is
/// there: a damaged backup is refused before anything is changed.
pub fn check_backup(src: &Path) -> Result<Manifest, BackupError> {
    let text =
        std::fs::read(src.join(MANIFEST)).map_err(|_| BackupError::refused("restore-no-manifest", src.display()))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| BackupError::refused("restore-corrupt", format!("{MANIFEST}: {e}")))?;
    if manifest.format != FORMAT {
        return Err(BackupError::refused("restore-bad-format", &manifest.format));
    }
    let db_file = match manifest.backend.as_str() {
        "sqlite" => SQLITE_FILE,
        "postgres" => PG_FILE,
        other => return Err(BackupError::refused("restore-bad-format", other)),
    };
    if !manifest.files.iter().any(|f| f.kind == FileKind::Database && f.path == db_file) {
        return Err(BackupError::refused("restore-corrupt", format!("{db_file}: not in the manifest")));
    }
    for f in &manifest.files {
        if !safe_path(&f.path) {
            return Err(BackupError::refused("restore-corrupt", format!("{}: not a path inside the backup", f.path)));
        }
        if f.kind == FileKind::Upload && Address::parse(&f.sha256).map(|a| a.key()) != Some(f.path.clone()) {
            return Err(BackupError::refused("restore-corrupt", format!("{}: not its content address", f.path)));
        }
        let (size, sha) = hash_file(&src.join(&f.path))
            .map_err(|e| BackupError::refused("restore-corrupt", format!("{}: {e}", f.path)))?;
        if size != f.size || sha != f.sha256 {
            return Err(BackupError::refused(
                "restore-corrupt",
                format!(
                    "{}: {size} bytes with SHA-256 {sha}, the manifest says {} bytes with {}",
                    f.path, f.size, f.sha256
                ),
            ));
        }
    }
    Ok(manifest)
}

/// Refuse a target that holds data; with `force`, clear the database (the data directory's
/// other files are replaced one by one).
async fn check_target(config: &Config, url: &str, backend: Backend, force: bool) -> Result<(), BackupError> {
    sqlx::any::install_default_drivers();
    let mut found = Vec::new();
    if !is_empty_dir(&config.data_dir)? {
        found.push(config.data_dir.display().to_string());
    }
    for (_, _, path) in key_locations(config) {
        if path.exists() && !path.starts_with(&config.data_dir) {
            found.push(path.display().to_string());
        }
    }
    match backend {
        Backend::Sqlite => {
            let db = sqlite_path(url);
            if db.exists() && !db.starts_with(&config.data_dir) {
                found.push(db.display().to_string());
            }
        }
        Backend::Postgres => {
            let mut conn = sqlx::AnyConnection::connect(url).await.map_err(|e| BackupError::Failed(e.into()))?;
            if store::pg_has_tables(&mut conn).await? {
                if force {
                    conn.execute("DROP SCHEMA public CASCADE").await?;
                    conn.execute("CREATE SCHEMA public").await?;
                } else {
                    found.push(crate::db::redact_url(url));
                }
            }
            conn.close().await?;
        }
    }
    if found.is_empty() || force {
        Ok(())
    } else {
        Err(BackupError::refused("restore-target-not-empty", found.join(", ")))
    }
}

/// Restore the backup in `src` into the configured data directory and database, then run the
/// migrations and verify what was restored.
pub async fn restore(config: &Config, src: &Path, force: bool) -> Result<RestoreSummary, BackupError> {
    let manifest = check_backup(src)?;
    let url = config.effective_database_url();
    let backend = backend_of(&url)?;
    if manifest.backend != backend_name(backend) {
        return Err(BackupError::refused(
            "restore-backend-mismatch",
            format!("{} -> {}", manifest.backend, backend_name(backend)),
        ));
    }
    check_target(config, &url, backend, force).await?;
    make_private_dir(&config.data_dir)?;

    let keys = key_locations(config);
    for f in &manifest.files {
        if let Some((_, _, path)) = keys.iter().find(|(kind, _, _)| *kind == f.kind) {
            write_private(path, &std::fs::read(src.join(&f.path))?)?;
        }
    }
    match backend {
        Backend::Sqlite => {
            let target = sqlite_path(&url);
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut name = target.clone().into_os_string();
                name.push(suffix);
                match std::fs::remove_file(&name) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
            }
            if let Some(dir) = target.parent() {
                make_private_dir(dir)?;
            }
            let tmp = target.with_extension("restore-tmp");
            std::fs::copy(src.join(SQLITE_FILE), &tmp)?;
            std::fs::File::open(&tmp)?.sync_all()?;
            std::fs::rename(&tmp, &target)?;
        }
        Backend::Postgres => {
            let args = vec![
                "--no-owner".to_string(),
                "--no-privileges".to_string(),
                "--exit-on-error".to_string(),
                "--single-transaction".to_string(),
                format!(
                    "--dbname={}",
                    pg_env(&url)?.iter().find(|(k, _)| *k == "PGDATABASE").map(|(_, v)| v.clone()).unwrap_or_default()
                ),
                src.join(PG_FILE).display().to_string(),
            ];
            pg_tool("pg_restore", &args, &url).await?;
        }
    }
    let blobs = BlobStore::open(config).await?;
    for f in manifest.files.iter().filter(|f| f.kind == FileKind::Upload) {
        let addr = Address::parse(&f.sha256).ok_or_else(|| BackupError::refused("restore-corrupt", &f.path))?;
        let bytes = std::fs::read(src.join(&f.path))?;
        blobs.put(&addr, bytes.into()).await.map_err(|e| BackupError::Failed(e.into()))?;
    }
    drop(blobs);

    let state = AppState::open(config.clone()).await.context("the restored platform does not open")?;
    let summary = verify(&state, manifest).await;
    state.db.close().await;
    summary
}

/// Check the restored platform: the ledger (recomputed; the manifest's root at its size; the
/// signed checkpoint), every document's signature, every upload's content.
async fn verify(state: &AppState, manifest: Manifest) -> Result<RestoreSummary, BackupError> {
    let mut conn = state.db.conn().await?;
    let schema_version = Db::schema_version(&mut conn).await?;
    let storage = state.ledger.storage();
    let verifier = state.ledger.verifier().clone();
    let mut ledger_problem = None;
    let (mut ledger_entries, mut checkpoint_size) = (0, 0);
    match ledger::verify_all(storage, Some(&verifier), |_| {}).await {
        Ok(report) => {
            ledger_entries = report.entries;
            checkpoint_size = report.checkpoint.as_ref().map_or(0, |c| c.size);
            if report.entries < manifest.ledger.size {
                ledger_problem =
                    Some(format!("{} entries restored, the backup had {}", report.entries, manifest.ledger.size));
            } else {
                let root = ledger::reader::root_at(storage, manifest.ledger.size)
                    .await
                    .map_err(|e| BackupError::Failed(anyhow!("ledger root: {e}")))?;
                if root.to_hex() != manifest.ledger.root {
                    ledger_problem = Some(format!(
                        "the root of the first {} entries is {} but the manifest says {}",
                        manifest.ledger.size,
                        root.to_hex(),
                        manifest.ledger.root
                    ));
                }
            }
        }
        Err(e) => ledger_problem = Some(e.to_string()),
    }
    let documents = store::documents(&mut conn).await?;
    let key_id = state.keys.key_id();
    let documents_bad = documents
        .iter()
        .filter(|(_, content, signature, kid)| *kid != key_id || !state.keys.verify(content.as_bytes(), signature))
        .map(|(number, ..)| number.clone())
        .collect();
    let addresses = store::blob_addresses(&mut conn).await?;
    drop(conn);
    let mut uploads_missing = Vec::new();
    for sha in &addresses {
        let present = match Address::parse(sha) {
            Some(addr) => state.blobs.exists(&addr).await.map_err(|e| BackupError::Failed(e.into()))?,
            None => false,
        };
        if !present {
            uploads_missing.push(sha.clone());
        }
    }
    Ok(RestoreSummary {
        manifest,
        schema_version,
        ledger_entries,
        checkpoint_size,
        ledger_problem,
        documents: documents.len(),
        documents_bad,
        uploads: addresses.len(),
        uploads_missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_environment_carries_the_url_without_a_command_line() {
        let env = pg_env("postgres://sp%40user:p%40ss%2Fw@db.example:6432/satu%20pintu?sslmode=require").expect("env");
        let get = |k: &str| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("PGHOST"), Some("db.example"));
        assert_eq!(get("PGPORT"), Some("6432"));
        assert_eq!(get("PGUSER"), Some("sp@user"));
        assert_eq!(get("PGPASSWORD"), Some("p@ss/w"));
        assert_eq!(get("PGDATABASE"), Some("satu pintu"));
        assert_eq!(get("PGSSLMODE"), Some("require"));
    }

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(sqlite_path("sqlite:///srv/sp/satupintu.db?mode=rwc"), PathBuf::from("/srv/sp/satupintu.db"));
        assert_eq!(sqlite_path("sqlite://data/x.db"), PathBuf::from("data/x.db"));
    }
}
