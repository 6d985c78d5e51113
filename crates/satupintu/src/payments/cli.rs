//! `satupintu payments ...`: the treasurer's commands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use fluent_bundle::FluentArgs;

use super::statement::{self, Format};
use super::taxes;
use crate::app::AppState;
use crate::config::Config;
use crate::web::{locales, Lang};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import a bank statement (MT940, or CSV with a header row): each credit naming a billing
    /// code or virtual account pays its bill or confirms the gateway's payment of it; the rest
    /// waits in the treasurer's queue. The whole file is checked first: a malformed file changes
    /// nothing (exit code 1). Importing the same statement again changes nothing.
    ImportStatement {
        file: PathBuf,
        /// The file's format; by default, MT940 when it looks like one, CSV otherwise.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Import the tax agency's file of tax objects and what each owes per period (CSV with the
    /// columns kind, object_number, owner_name, description, period, amount_idr, due_date and
    /// optionally agency): a bill per new period, a new billing code where an unpaid amount
    /// changed. A malformed file changes nothing (exit code 1); importing it again changes nothing.
    ImportTaxObjects { file: PathBuf },
}

pub async fn run(command: Command, config: Config, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        Command::ImportStatement { file, format } => {
            let parsed = match statement::parse_bytes(&read(&file)?, format) {
                Ok(s) => s,
                Err(e) => return Ok(refused(&file, lang, e.line, e.key, "pay-statement-nothing-changed")),
            };
            let state = AppState::open(config).await?;
            let summary = super::reconcile::import(&state, &parsed).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            print_counts(lang, "pay-statement", summary.rows());
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportTaxObjects { file } => {
            let bytes = read(&file)?;
            let state = AppState::open(config).await?;
            let snapshot = crate::catalog::service::snapshot(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let rows = match taxes::parse_bytes(&bytes, &snapshot.agency_ids()) {
                Ok(rows) => rows,
                Err(e) => return Ok(refused(&file, lang, e.line, e.key, "tax-nothing-changed")),
            };
            let summary = taxes::import(&state, &rows).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            print_counts(lang, "tax-import", summary.rows());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn read(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}

/// A file refused at `line` for `key`: said on stderr, with what was not changed; exit code 1.
fn refused(file: &Path, lang: Lang, line: usize, key: &str, nothing_changed: &str) -> ExitCode {
    let mut args = FluentArgs::new();
    args.set("line", line);
    eprintln!("{}: {}", file.display(), locales().msg(lang, key, Some(&args)));
    eprintln!("{}", locales().msg(lang, nothing_changed, None));
    ExitCode::FAILURE
}

/// One line per outcome: `{prefix}-{outcome}` with its count.
fn print_counts(lang: Lang, prefix: &str, rows: impl IntoIterator<Item = (&'static str, usize)>) {
    for (outcome, count) in rows {
        let mut args = FluentArgs::new();
        args.set("count", count);
        println!("{}", locales().msg(lang, &format!("{prefix}-{outcome}"), Some(&args)));
    }
}
