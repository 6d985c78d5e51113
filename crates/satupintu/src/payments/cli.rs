//! `satupintu payments ...`: the treasurer's commands.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use fluent_bundle::FluentArgs;

use super::statement::{self, Format};
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
}

pub async fn run(command: Command, config: Config, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        Command::ImportStatement { file, format } => {
            let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let parsed = match statement::parse_bytes(&bytes, format) {
                Ok(s) => s,
                Err(e) => {
                    let mut args = FluentArgs::new();
                    args.set("line", e.line);
                    eprintln!("{}: {}", file.display(), locales().msg(lang, e.key, Some(&args)));
                    eprintln!("{}", locales().msg(lang, "pay-statement-nothing-changed", None));
                    return Ok(ExitCode::FAILURE);
                }
            };
            let state = AppState::open(config).await?;
            let summary = super::reconcile::import(&state, &parsed).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            for (outcome, count) in summary.rows() {
                let mut args = FluentArgs::new();
                args.set("count", count);
                println!("{}", locales().msg(lang, &format!("pay-statement-{outcome}"), Some(&args)));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
