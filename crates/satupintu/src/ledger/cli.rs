//! `satupintu ledger verify|prove|checkpoint|vkey`: read the log straight from the database with
//! the public key, so they work even when the server refuses to start because the stored tree
//! no longer matches its signed checkpoint. `ledger verify-document` needs neither: it checks a
//! document's PDF offline with the ledger's public key.

use std::io::Write;
use std::process::ExitCode;

use std::path::Path;

use anyhow::Context;
use ledger::{reader, verify_all, Storage, Verifier, VerifyError};

use super::store::SqlStorage;
use crate::config::Config;
use crate::db::Db;
use crate::documents::{offline, pdf};
use crate::web::{locales, Lang};

async fn storage(config: &Config) -> anyhow::Result<SqlStorage> {
    let db = Db::connect(&config.effective_database_url()).await?;
    db.migrate().await?;
    Ok(SqlStorage::new(db))
}

/// The log's verifier key text (C2SP vkey).
pub fn vkey(config: &Config) -> anyhow::Result<String> {
    Ok(super::signer(config)?.verifier().to_vkey())
}

/// Recompute the whole tree; on a divergence, say exactly where and exit with failure.
pub async fn verify(config: &Config) -> anyhow::Result<ExitCode> {
    let verifier = super::signer(config)?.verifier().clone();
    let storage = storage(config).await?;
    let mut shown = 0u64;
    let result = verify_all(&storage, Some(&verifier), |p| {
        if p.done == p.total || p.done >= shown + 10_000 {
            shown = p.done;
            let width = 30usize;
            let filled = (p.done * width as u64).checked_div(p.total).unwrap_or(width as u64) as usize;
            eprint!("\r[{}{}] {}/{}", "#".repeat(filled), " ".repeat(width - filled), p.done, p.total);
            let _ = std::io::stderr().flush();
        }
    })
    .await;
    eprintln!();
    match result {
        Ok(report) => {
            let size = report.checkpoint.as_ref().map(|c| c.size).unwrap_or(0);
            println!(
                "OK: {} entries, root {}, signed checkpoint of size {size} verifies",
                report.entries,
                report.root.to_base64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(VerifyError::Diverged(d)) => {
            println!("TAMPERED: {d}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// Print the entry, its inclusion proof in the last checkpoint's tree, and the checkpoint.
pub async fn prove(config: &Config, index: u64) -> anyhow::Result<ExitCode> {
    let storage = storage(config).await?;
    let Some(cp) = storage.read_checkpoint().await? else {
        println!("the ledger has no checkpoint yet");
        return Ok(ExitCode::FAILURE);
    };
    if index >= cp.size {
        println!("entry {index} is not in the last checkpoint (size {})", cp.size);
        return Ok(ExitCode::FAILURE);
    }
    let entry = storage.read_entries(index, 1).await?.pop().unwrap_or_default();
    let proof = reader::inclusion_proof(&storage, index, cp.size).await?;
    let out = serde_json::json!({
        "index": index,
        "tree_size": cp.size,
        "entry": String::from_utf8_lossy(&entry),
        "leaf_hash": ledger::leaf_hash(&entry).to_base64(),
        "inclusion_proof": proof.iter().map(|h| h.to_base64()).collect::<Vec<_>>(),
        "checkpoint": cp.note,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(ExitCode::SUCCESS)
}

/// Print the latest signed checkpoint.
pub async fn checkpoint(config: &Config) -> anyhow::Result<ExitCode> {
    let storage = storage(config).await?;
    match storage.read_checkpoint().await? {
        Some(cp) => {
            print!("{}", cp.note);
            Ok(ExitCode::SUCCESS)
        }
        None => {
            println!("the ledger has no checkpoint yet");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Check a document's PDF offline (see [`offline::check`]); say which check failed and why.
pub fn verify_document(file: &Path, vkey: &str, key: Option<&str>, lang: Lang) -> anyhow::Result<ExitCode> {
    let msg = |key: &str| locales().msg(lang, key, None);
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let vkey = match std::fs::read_to_string(vkey) {
        Ok(text) if Path::new(vkey).is_file() => text,
        _ => vkey.to_string(),
    };
    let log_key = Verifier::from_vkey(vkey.trim())
        .with_context(|| format!("--vkey: not a C2SP verifier key (name+keyid+base64): {:?}", vkey.trim()))?;
    let data = match offline::VerificationData::from_lines(&pdf::shown_text(&bytes)) {
        Ok(data) => data,
        Err(offline::ReadError::Missing) => {
            println!("{}", msg("cli-docverify-missing"));
            return Ok(ExitCode::from(2));
        }
        Err(e) => {
            println!("{}: {e}", msg("cli-docverify-damaged"));
            return Ok(ExitCode::from(2));
        }
    };
    let checks = offline::check(&data, &log_key, key);
    for c in &checks {
        match &c.problem {
            None => println!("OK     {}", msg(c.kind.key())),
            Some(why) => println!("{} {}: {why}", msg("cli-docverify-fail-tag"), msg(c.kind.key())),
        }
    }
    let number = serde_json::from_str::<serde_json::Value>(&data.content)
        .ok()
        .and_then(|v| v["number"].as_str().map(str::to_string))
        .unwrap_or_default();
    let t = crate::web::T { locales: locales(), lang };
    if checks.iter().all(offline::Check::ok) {
        println!("{}", t.t1("cli-docverify-ok", "number", &number));
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{}", t.t1("cli-docverify-failed", "number", &number));
        Ok(ExitCode::FAILURE)
    }
}
