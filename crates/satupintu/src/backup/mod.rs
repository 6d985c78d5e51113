//! Backups and restore: `satupintu backup DEST` makes a consistent online backup (database,
//! uploads, ledger, keys) while the platform serves; `satupintu restore SRC` brings it back into
//! an empty data directory and database, upgrades it and verifies it. See [`service`] and
//! docs/deploy.md ("Cadangan dan pemulihan / Backup and restore").

pub mod model;
pub mod service;
pub mod store;

use std::path::Path;
use std::process::ExitCode;

use fluent_bundle::FluentArgs;

pub use service::{backup, check_backup, restore, BackupError, BackupSummary, RestoreSummary};

use crate::config::Config;
use crate::web::{locales, Lang};

fn say(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(k.to_string(), v.clone());
    }
    locales().msg(lang, key, Some(&fa))
}

/// A summary line, then the items it found wrong, indented below it.
fn print_with_items(line: String, items: &[String]) {
    println!("{line}");
    for item in items {
        println!("  {item}");
    }
}

/// A refusal in the operator's language, or the error itself.
fn failure(lang: Lang, e: BackupError) -> anyhow::Result<ExitCode> {
    match e {
        BackupError::Refused { key, detail } => {
            eprintln!("satupintu: {}", say(lang, key, &[("detail", detail)]));
            Ok(ExitCode::from(2))
        }
        BackupError::Failed(e) => Err(e),
    }
}

/// `satupintu backup DEST`.
pub async fn cli_backup(config: &Config, dest: &Path, lang: Lang) -> anyhow::Result<ExitCode> {
    let s = match backup(config, dest).await {
        Ok(s) => s,
        Err(e) => return failure(lang, e),
    };
    let m = &s.manifest;
    println!(
        "{}",
        say(
            lang,
            "backup-done",
            &[
                ("dest", dest.display().to_string()),
                ("schema", m.schema_version.to_string()),
                ("uploads", s.uploads.to_string()),
                ("keys", s.keys.to_string()),
                ("entries", m.ledger.size.to_string()),
                ("root", m.ledger.root.clone()),
            ],
        )
    );
    for path in &s.missing_keys {
        eprintln!("{}", say(lang, "backup-key-missing", &[("path", path.display().to_string())]));
    }
    if config.data_key.as_deref().is_some_and(|k| !k.trim().is_empty()) {
        eprintln!("{}", say(lang, "backup-data-key-env", &[]));
    }
    eprintln!("{}", say(lang, "backup-secrets", &[]));
    Ok(ExitCode::SUCCESS)
}

/// `satupintu restore SRC [--force]`.
pub async fn cli_restore(config: &Config, src: &Path, force: bool, lang: Lang) -> anyhow::Result<ExitCode> {
    let s = match restore(config, src, force).await {
        Ok(s) => s,
        Err(e) => return failure(lang, e),
    };
    let m = &s.manifest;
    println!(
        "{}",
        say(
            lang,
            "restore-done",
            &[
                ("created", m.created_at.clone()),
                ("version", m.app_version.clone()),
                ("from", m.schema_version.to_string()),
                ("to", s.schema_version.to_string()),
            ],
        )
    );
    match &s.ledger_problem {
        None => println!(
            "{}",
            say(
                lang,
                "restore-ledger-ok",
                &[("entries", s.ledger_entries.to_string()), ("checkpoint", s.checkpoint_size.to_string())],
            )
        ),
        Some(p) => println!("{}", say(lang, "restore-ledger-bad", &[("detail", p.clone())])),
    }
    let documents = [("count", s.documents.to_string()), ("bad", s.documents_bad.len().to_string())];
    print_with_items(say(lang, "restore-documents", &documents), &s.documents_bad);
    let uploads = [("count", s.uploads.to_string()), ("missing", s.uploads_missing.len().to_string())];
    print_with_items(say(lang, "restore-uploads", &uploads), &s.uploads_missing);
    if s.ok() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{}", say(lang, "restore-failed", &[]));
        Ok(ExitCode::FAILURE)
    }
}
