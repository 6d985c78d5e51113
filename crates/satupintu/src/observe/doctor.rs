//! `satupintu doctor`: checks a deployment without changing it. The database answers, its
//! migrations are the ones this binary knows, every key is present and readable (none is
//! created here), the SMTP relay greets, the data directory has room, the S3 store answers.
//! One line per check: OK, PERINGATAN (WARN) or GAGAL (FAIL); exit code 1 when a check fails.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use fluent_bundle::FluentArgs;
use serde::Serialize;
use sqlx::Row as _;
use tokio::io::AsyncBufReadExt as _;

use crate::config::Config;
use crate::db::{Backend, Db};
use crate::web::{locales, Lang};

/// How long a network check may take.
const TIMEOUT: Duration = Duration::from_secs(5);
/// Free space under which the disk check warns: 1 GiB, or 10 % of the file system.
const LOW_BYTES: u64 = 1 << 30;
const LOW_PERCENT: f64 = 10.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

/// One check's outcome: what was checked (a stable id), how it went, and why, in the
/// reader's language.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    pub check: &'static str,
    pub status: Level,
    pub message: String,
}

struct Out {
    lang: Lang,
    checks: Vec<Check>,
}

impl Out {
    fn push(&mut self, check: &'static str, status: Level, key: &str, args: &[(&str, String)]) {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, v.clone());
        }
        self.checks.push(Check { check, status, message: locales().msg(self.lang, key, Some(&a)) });
    }
}

/// Run every check.
pub async fn run(config: &Config, lang: Lang) -> Vec<Check> {
    let mut out = Out { lang, checks: vec![] };
    let db = database(config, &mut out).await;
    match &db {
        Some(db) => migrations(db, &mut out).await,
        None => out.push("migrations", Level::Fail, "doctor-skipped-no-db", &[]),
    }
    keys(config, db.as_ref(), &mut out).await;
    smtp(config, &mut out).await;
    disk(&config.data_dir, &mut out);
    s3(config, &mut out).await;
    if let Some(db) = db {
        db.close().await;
    }
    out.checks
}

async fn database(config: &Config, out: &mut Out) -> Option<Db> {
    if config.database_url.is_none() {
        // The embedded database: opening a missing file would create an empty one.
        let path = config.data_dir.join("satupintu.db");
        if !path.exists() {
            out.push("database", Level::Fail, "doctor-db-missing", &[("path", path.display().to_string())]);
            return None;
        }
    }
    let url = config.effective_database_url();
    let connected = tokio::time::timeout(TIMEOUT * 2, Db::connect(&url)).await;
    let db = match connected {
        Ok(Ok(db)) => db,
        Ok(Err(e)) => {
            out.push("database", Level::Fail, "doctor-db-fail", &[("error", e.to_string())]);
            return None;
        }
        Err(_) => {
            out.push("database", Level::Fail, "doctor-db-fail", &[("error", "timeout".into())]);
            return None;
        }
    };
    if !db.ping().await {
        out.push("database", Level::Fail, "doctor-db-fail", &[("error", "SELECT 1".into())]);
        db.close().await;
        return None;
    }
    let backend = match db.backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    out.push("database", Level::Ok, "doctor-db-ok", &[("backend", backend.into())]);
    Some(db)
}

/// Applied migrations (version → (success, checksum)); none when the table does not exist.
/// The checksum is none where the driver cannot read it (then it is not compared).
async fn applied(db: &Db) -> Option<BTreeMap<i64, (bool, Option<Vec<u8>>)>> {
    let sql = "SELECT version, CAST(CASE WHEN success THEN 1 ELSE 0 END AS BIGINT), checksum FROM _sqlx_migrations";
    let rows = sqlx::query(sql).fetch_all(db.pool()).await.ok()?;
    let mut out = BTreeMap::new();
    for r in rows {
        let version: i64 = r.try_get(0).ok()?;
        let success: i64 = r.try_get(1).ok()?;
        let checksum: Option<Vec<u8>> = r.try_get(2).ok();
        out.insert(version, (success != 0, checksum));
    }
    Some(out)
}

async fn migrations(db: &Db, out: &mut Out) {
    let Some(applied) = applied(db).await else {
        out.push("migrations", Level::Fail, "doctor-mig-none", &[]);
        return;
    };
    let known: BTreeMap<i64, &[u8]> = db
        .migrator()
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .map(|m| (m.version, &*m.checksum))
        .collect();
    let unknown: Vec<String> = applied.keys().filter(|v| !known.contains_key(v)).map(i64::to_string).collect();
    if !unknown.is_empty() {
        out.push("migrations", Level::Fail, "doctor-mig-newer", &[("versions", unknown.join(", "))]);
        return;
    }
    if let Some((v, _)) = applied.iter().find(|(_, (success, _))| !success) {
        out.push("migrations", Level::Fail, "doctor-mig-failed", &[("version", v.to_string())]);
        return;
    }
    let modified = |(v, (_, sum)): &(&i64, &(bool, Option<Vec<u8>>))| {
        sum.as_deref().zip(known.get(*v)).is_some_and(|(sum, k)| sum != *k)
    };
    if let Some((v, _)) = applied.iter().find(modified) {
        out.push("migrations", Level::Fail, "doctor-mig-modified", &[("version", v.to_string())]);
        return;
    }
    if applied.is_empty() {
        out.push("migrations", Level::Fail, "doctor-mig-none", &[]);
        return;
    }
    let pending = known.len() - applied.len();
    if pending > 0 {
        out.push("migrations", Level::Warn, "doctor-mig-pending", &[("count", pending.to_string())]);
    } else {
        out.push("migrations", Level::Ok, "doctor-mig-ok", &[("count", known.len().to_string())]);
    }
}

/// A key file: present, readable, parsed by `read` (none: missing), and not readable by others.
fn key_file<T>(out: &mut Out, check: &'static str, path: &Path, read: impl FnOnce() -> anyhow::Result<Option<T>>) {
    let p = ("path", path.display().to_string());
    match read() {
        Ok(Some(_)) => match open_mode(path) {
            Some(mode) => out.push(check, Level::Warn, "doctor-key-open", &[p, ("mode", format!("{mode:o}"))]),
            None => out.push(check, Level::Ok, "doctor-key-ok", &[p]),
        },
        Ok(None) => out.push(check, Level::Fail, "doctor-key-missing", &[p]),
        Err(e) => out.push(check, Level::Fail, "doctor-key-bad", &[("error", format!("{e:#}"))]),
    }
}

/// The file's permission bits when group or others may read it.
fn open_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

async fn keys(config: &Config, db: Option<&Db>, out: &mut Out) {
    let dir = &config.data_dir;
    key_file(out, "key_documents", &crate::documents::Keys::key_path(dir), || crate::documents::Keys::read(dir));
    key_file(out, "key_ledger", &crate::ledger::key_path(config), || crate::ledger::read_signer(config));
    key_file(out, "key_exchange", &crate::exchange::keys::key_path(config), || crate::exchange::keys::read(config));
    let vapid = crate::notify::push::key_path(config);
    key_file(out, "key_vapid", &vapid, || crate::notify::push::read_key(&vapid));
    // The data key: from SATUPINTU_DATA_KEY or its file, and the one the database's values
    // were sealed with.
    let from_env = config.data_key.as_deref().is_some_and(|k| !k.trim().is_empty());
    let path = crate::crypto::key_file(config);
    if !from_env && !path.exists() {
        out.push("key_data", Level::Fail, "doctor-key-missing", &[("path", path.display().to_string())]);
        return;
    }
    let (ring, source) = match crate::crypto::load(config, false) {
        Ok(loaded) => loaded,
        Err(e) => return out.push("key_data", Level::Fail, "doctor-key-bad", &[("error", format!("{e:#}"))]),
    };
    if let Some(db) = db {
        let known = crate::crypto::store::known_keys(db).await.unwrap_or_default();
        if let Err(e) = crate::crypto::check(&ring, &source, &known) {
            return out.push("key_data", Level::Fail, "doctor-key-bad", &[("error", format!("{e:#}"))]);
        }
    }
    if from_env {
        out.push("key_data", Level::Ok, "doctor-key-env", &[("count", ring.ids().len().to_string())]);
    } else {
        key_file(out, "key_data", &path, || Ok(Some(())));
    }
}

async fn smtp(config: &Config, out: &mut Out) {
    let Some(host) = config.smtp_host.as_deref().map(str::trim).filter(|h| !h.is_empty()) else {
        return out.push("smtp", Level::Ok, "doctor-smtp-off", &[]);
    };
    let port = config.smtp_port;
    let place = [("host", host.to_string()), ("port", port.to_string())];
    let greeting = tokio::time::timeout(TIMEOUT, async {
        let stream = tokio::net::TcpStream::connect((host, port)).await?;
        let mut line = String::new();
        tokio::io::BufReader::new(stream).read_line(&mut line).await?;
        Ok::<String, std::io::Error>(line.trim().to_string())
    })
    .await;
    let error = match greeting {
        Ok(Ok(line)) if line.starts_with("220") => {
            let greeting: String = line.chars().take(80).collect();
            return out.push(
                "smtp",
                Level::Ok,
                "doctor-smtp-ok",
                &[place[0].clone(), place[1].clone(), ("greeting", greeting)],
            );
        }
        Ok(Ok(line)) => format!("no 220 greeting: {:?}", line.chars().take(80).collect::<String>()),
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!("no greeting within {} s", TIMEOUT.as_secs()),
    };
    out.push("smtp", Level::Fail, "doctor-smtp-fail", &[place[0].clone(), place[1].clone(), ("error", error)]);
}

/// A size for people: `12.3 GiB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

fn disk(dir: &Path, out: &mut Out) {
    let path = ("path", dir.display().to_string());
    let st = match rustix::fs::statvfs(dir) {
        Ok(st) => st,
        Err(e) => return out.push("disk", Level::Fail, "doctor-disk-fail", &[path, ("error", e.to_string())]),
    };
    let free = st.f_bavail.saturating_mul(st.f_frsize);
    let total = st.f_blocks.saturating_mul(st.f_frsize);
    let percent = if total == 0 { 100.0 } else { free as f64 * 100.0 / total as f64 };
    let args = [path, ("free", size(free)), ("total", size(total)), ("percent", format!("{percent:.0}"))];
    if free < LOW_BYTES || percent < LOW_PERCENT {
        out.push("disk", Level::Warn, "doctor-disk-low", &args);
    } else {
        out.push("disk", Level::Ok, "doctor-disk-ok", &args);
    }
}

async fn s3(config: &Config, out: &mut Out) {
    let settings = match config.s3() {
        Ok(None) => return out.push("s3", Level::Ok, "doctor-s3-off", &[]),
        Ok(Some(s)) => s,
        Err(e) => return out.push("s3", Level::Fail, "doctor-s3-fail", &[("error", e.to_string())]),
    };
    let checked = tokio::time::timeout(TIMEOUT * 2, crate::uploads::blobs::BlobStore::open(config)).await;
    let place = [("endpoint", settings.endpoint.to_string()), ("bucket", settings.bucket.clone())];
    match checked {
        Ok(Ok(_)) => out.push("s3", Level::Ok, "doctor-s3-ok", &place),
        Ok(Err(e)) => out.push("s3", Level::Fail, "doctor-s3-fail", &[("error", format!("{e:#}"))]),
        Err(_) => out.push("s3", Level::Fail, "doctor-s3-fail", &[("error", "timeout".into())]),
    }
}

/// The table people read: check, result, detail.
pub fn table(checks: &[Check], lang: Lang) -> String {
    let l = |k: &str| locales().msg(lang, k, None);
    let name = |c: &Check| l(&format!("doctor-check-{}", c.check.replace('_', "-")));
    let level = |s: Level| {
        l(match s {
            Level::Ok => "doctor-ok",
            Level::Warn => "doctor-warn",
            Level::Fail => "doctor-fail",
        })
    };
    let rows: Vec<[String; 3]> = checks.iter().map(|c| [name(c), level(c.status), c.message.clone()]).collect();
    let head = [l("doctor-head-check"), l("doctor-head-result"), l("doctor-head-detail")];
    let w0 = rows.iter().map(|r| r[0].chars().count()).chain([head[0].chars().count()]).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r[1].chars().count()).chain([head[1].chars().count()]).max().unwrap_or(0);
    let mut s = String::new();
    for r in std::iter::once(&head).chain(rows.iter()) {
        s.push_str(&format!("{:<w0$}  {:<w1$}  {}\n", r[0], r[1], r[2]));
    }
    let failed = checks.iter().filter(|c| c.status == Level::Fail).count();
    let warned = checks.iter().filter(|c| c.status == Level::Warn).count();
    let mut args = FluentArgs::new();
    args.set("failed", failed);
    args.set("warned", warned);
    let summary = match (failed, warned) {
        (0, 0) => "doctor-summary-ok",
        (0, _) => "doctor-summary-warn",
        _ => "doctor-summary-fail",
    };
    s.push_str(&format!("\n{}\n", locales().msg(lang, summary, Some(&args))));
    s
}

/// `satupintu doctor [--json]`: exit code 0 when no check failed, 1 otherwise.
pub async fn cli(config: &Config, json: bool, lang: Lang) -> anyhow::Result<ExitCode> {
    let checks = run(config, lang).await;
    let failed = checks.iter().any(|c| c.status == Level::Fail);
    if json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "ok": !failed, "checks": checks }))?);
    } else {
        print!("{}", table(&checks, lang));
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(512), "512.0 B");
        assert_eq!(size(3 << 30), "3.0 GiB");
        assert_eq!(size(1536 << 20), "1.5 GiB");
    }
}
