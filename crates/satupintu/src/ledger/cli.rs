//! `satupintu ledger verify|prove|consistency|checkpoint|vkey`: read the log straight from the
//! database with the public key, so they work even when the server refuses to start because
//! the stored tree no longer matches its signed checkpoint.

use std::io::Write;
use std::process::ExitCode;

use ledger::{reader, verify_all, Storage, VerifyError};

use super::store::SqlStorage;
use crate::config::Config;
use crate::db::Db;

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
