//! The `satupintu` command line.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::{self, AppState};
use crate::config::{Config, Overrides};
use crate::identity::Role;
use crate::web::{locales, Lang};

#[derive(Parser, Debug)]
#[command(name = "satupintu", version, about = "SatuPintu: one door to every public service")]
pub struct Cli {
    /// TOML configuration file (default: ./satupintu.toml when it exists).
    #[arg(long, global = true, env = "SATUPINTU_CONFIG")]
    config: Option<PathBuf>,
    /// Data directory: embedded database, uploads, ledger, keys.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Database URL (postgres://... or sqlite://...); default: SQLite in the data directory.
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// Load demo data once (example catalogue, demo officers and citizens) and print sign-in details.
        #[arg(long)]
        demo: bool,
    },
    /// Run database migrations and exit.
    Migrate,
    /// Back up the platform while it serves: a consistent database snapshot (SQLite `VACUUM
    /// INTO`, or `pg_dump` on PostgreSQL), every upload it refers to, the key files and a
    /// manifest of SHA-256 hashes, into DEST (a new or empty directory). The backup holds
    /// secrets: keep it encrypted.
    Backup { dest: PathBuf },
    /// Restore a backup into the configured data directory and database (both empty), run the
    /// migrations (a backup of an older release is upgraded), and verify the ledger, the
    /// documents' signatures and the uploads. A damaged backup is refused before anything changes.
    Restore {
        src: PathBuf,
        /// Overwrite a data directory or database that already holds data.
        #[arg(long)]
        force: bool,
    },
    /// Import a satupintu.catalog/v1 file (idempotent; all or nothing).
    ImportCatalog { file: PathBuf },
    /// Import a satupintu.locations/v1 file (service locations, their hours, services and
    /// counters; all or nothing) and open their slots.
    ImportLocations { file: PathBuf },
    /// Import a budget: satupintu.budget/v1 JSON or CSV with a header row (all or nothing; each
    /// year and agency in the file has its lines replaced).
    ImportBudget { file: PathBuf },
    /// Print the catalogue as satupintu.catalog/v1 JSON.
    ExportCatalog {
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The transparency ledger.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// The virtual assistant.
    Assistant {
        #[command(subcommand)]
        command: AssistantCommand,
    },
    /// API keys of Open311 clients (the apps that send reports through /open311/v2).
    ApiKey {
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
    /// Demand forecasts (`run`: recompute them now) and complaint hotspots (`hotspots`: scan now).
    Forecast {
        #[command(subcommand)]
        command: crate::forecast::Command,
    },
    /// The satisfaction survey (SKM, PermenPAN-RB 14/2017).
    Skm {
        #[command(subcommand)]
        command: SkmCommand,
    },
    /// The performance dashboards' monthly rollups.
    Perf {
        #[command(subcommand)]
        command: PerfCommand,
    },
    /// IoT monitoring.
    Iot {
        #[command(subcommand)]
        command: IotCommand,
    },
    /// The data keys of personal data encrypted at rest (NIK, health notes).
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Data exchange between agencies: this instance's key, members, purposes, and the
    /// reference client (`query`).
    Exchange {
        #[command(subcommand)]
        command: crate::exchange::cli::Command,
    },
    /// Payments: `import-statement` imports a bank statement (MT940 or CSV) and reconciles it;
    /// `import-tax-objects` imports the tax agency's PBB-P2 and vehicle tax file.
    Payments {
        #[command(subcommand)]
        command: crate::payments::cli::Command,
    },
    /// Check this deployment without changing it: database, migrations, keys, SMTP, disk
    /// space, S3 store. One line per check (OK, PERINGATAN/WARN, GAGAL/FAIL); exit code 1
    /// when a check fails. Messages in Indonesian, or English with `--lang en` (or LANG=en).
    Doctor {
        /// Print JSON: {"ok": bool, "checks": [{"check", "status", "message"}]}.
        #[arg(long)]
        json: bool,
        /// The language of the messages: id or en (default: from LANG).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Personal data protection (UU 27/2022): `retention` applies the retention rules now.
    Privacy {
        #[command(subcommand)]
        command: crate::privacy::service::Command,
    },
}

#[derive(Subcommand, Debug)]
enum KeysCommand {
    /// Print the key ids and how many values each one encrypted.
    Status,
    /// Add a new data key to the key file and re-encrypt every value under it (one transaction
    /// per batch; older keys stay in the file to decrypt backups). With SATUPINTU_DATA_KEY:
    /// re-encrypt under the last key it lists.
    Rotate,
}

#[derive(Subcommand, Debug)]
enum IotCommand {
    /// Write Mosquitto's password file (each active device: user = device id, password = its
    /// token, PBKDF2-SHA512) and ACL file (each device writes only its own readings topic; the
    /// platform account from `mqtt_url`, when it has one, reads them all). Reload Mosquitto
    /// afterwards (SIGHUP).
    MosquittoAuth {
        /// The password file to write (`password_file` in mosquitto.conf).
        #[arg(long)]
        passwords: PathBuf,
        /// The ACL file to write (`acl_file` in mosquitto.conf).
        #[arg(long)]
        acl: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum SkmCommand {
    /// The IKM of a paper-survey CSV: a header row naming u1..u9, one row per respondent (1-4).
    Ikm {
        /// The CSV file (`-` for standard input).
        file: PathBuf,
        /// Print `{"ikm": 82.5, "category": "B", "respondents": 120}`.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum PerfCommand {
    /// Re-aggregate every month from the facts (after importing back-dated history) and print
    /// how many months and how long it took.
    Rebuild,
}

#[derive(Subcommand, Debug)]
enum AssistantCommand {
    /// Measure how well the assistant understands a labelled file of questions (JSON Lines of
    /// {"q", "intent", "service", "category", "tracking_code"}); each is a fresh conversation.
    /// Needs no database.
    Eval {
        file: PathBuf,
        /// The catalogue to train on (satupintu.catalog/v1); default: the example catalogue.
        #[arg(long)]
        catalog: Option<PathBuf>,
        /// Print one JSON object instead of the report.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ApiKeyCommand {
    /// Issue a key and print it on standard output (it is shown this once; only its hash is kept).
    Create {
        /// Who holds the key (an app, a partner, an agency's own system).
        #[arg(long)]
        name: String,
        /// The agency the key is issued for, if any.
        #[arg(long)]
        agency: Option<String>,
    },
    /// List keys: id, name, agency, created, revoked.
    List,
    /// Revoke a key by its id.
    Revoke { id: i64 },
}

#[derive(Subcommand, Debug)]
enum LedgerCommand {
    /// Recompute the whole tree from storage and report the first entry or hash that diverges.
    Verify,
    /// Print an entry with its inclusion proof and the checkpoint it is proved against.
    Prove { index: u64 },
    /// Print the latest signed checkpoint.
    Checkpoint,
    /// Print the log's verifier key (C2SP vkey).
    Vkey,
    /// Verify an issued document's PDF offline: the platform's signature over its content, its
    /// ledger entry, the entry's inclusion proof and the checkpoint's signature. Exits with 1
    /// when a check fails, 2 when the PDF carries no verification data.
    VerifyDocument {
        /// The PDF downloaded from SatuPintu.
        file: PathBuf,
        /// The ledger's verifier key (C2SP vkey, as /ledger/vkey serves it), or a file holding it.
        #[arg(long, allow_hyphen_values = true)]
        vkey: String,
        /// The platform's document-signing public key (base64), if you hold it from elsewhere;
        /// otherwise the key printed in the PDF is used, tied to the ledger entry by its key ID.
        /// Base64 may begin with '-': such a value is taken as the key, not as an option.
        #[arg(long, allow_hyphen_values = true)]
        key: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Create a staff account; the password is read from standard input.
    Add {
        /// citizen, officer, supervisor, agency_admin, auditor or super_admin.
        #[arg(long)]
        role: String,
        /// The agency (required for officer, supervisor and agency_admin).
        #[arg(long)]
        agency: Option<String>,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The staff member's NIK (16 digits): national sign-in with this verified NIK reaches
        /// the account.
        #[arg(long)]
        nik: Option<String>,
    },
}

/// The language for command-line messages, from `LANG`.
fn cli_lang() -> Lang {
    std::env::var("LANG").ok().filter(|l| l.starts_with("en")).map(|_| Lang::En).unwrap_or(Lang::Id)
}

fn init_logging(format: &str, default_level: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("SATUPINTU_LOG").unwrap_or_else(|_| EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // JSON: one object per line, the event's fields at the top level and, inside a request,
    // its span (`request_id`, `method`, `route`) under "span".
    let _ = if format == "pretty" {
        builder.try_init()
    } else {
        builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init()
    };
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let listen = match &cli.command {
        Command::Serve { listen, .. } => *listen,
        _ => None,
    };
    let overrides = Overrides { listen, data_dir: cli.data_dir.clone(), database_url: cli.database_url.clone() };
    let config = match Config::load(cli.config.as_deref(), &overrides) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("satupintu: {e}");
            return ExitCode::from(2);
        }
    };
    let level = if matches!(cli.command, Command::Serve { .. }) { "info" } else { "warn" };
    init_logging(&config.log_format, level);
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("satupintu: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli.command, config)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("satupintu: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<ExitCode> {
    let lang = cli_lang();
    match command {
        Command::Keys { command } => keys(command, config, lang).await,
        Command::Backup { dest } => crate::backup::cli_backup(&config, &dest, lang).await,
        Command::Restore { src, force } => crate::backup::cli_restore(&config, &src, force, lang).await,
        Command::Doctor { json, lang: chosen } => {
            let lang = chosen.as_deref().and_then(Lang::parse).unwrap_or(lang);
            crate::observe::doctor::cli(&config, json, lang).await
        }
        Command::Serve { demo, .. } => {
            let mut config = config;
            if demo {
                config.participation_support_threshold.get_or_insert(crate::participation::DEMO_SUPPORT_THRESHOLD);
                config.mqtt_url.get_or_insert_with(|| "mqtt://127.0.0.1:1883".into());
                if config.exchange_member_id == crate::config::Config::default().exchange_member_id {
                    // The demo platform is Dukcapil Surabaya in the data exchange.
                    config.exchange_member_id = "ID-GOV-DISDUKCAPIL-3578".into();
                }
                // ... and its Disdukcapil admin is the data protection officer.
                config.privacy_officer_agency.get_or_insert_with(|| "disdukcapil".into());
                // The demo's payment notifications are signed with a published demo key.
                config.payment_server_key.get_or_insert_with(|| crate::payments::DEMO_SERVER_KEY.into());
            }
            let state = AppState::open(config).await?;
            if demo {
                crate::demo::load(&state).await?;
                crate::demo::print_sign_in(&state).await?;
            }
            app::serve(state).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            AppState::open(config).await?;
            println!("{}", locales().msg(lang, "cli-migrated", None));
            Ok(ExitCode::SUCCESS)
        }
        Command::ImportCatalog { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let state = AppState::open(config).await?;
            match crate::catalog::service::import(&state.db, &text, None).await {
                Ok(report) => {
                    println!(
                        "agencies: {} added, {} updated; services: {} added, {} updated, {} unchanged",
                        report.agencies_added.len(),
                        report.agencies_updated.len(),
                        report.services_added.len(),
                        report.services_updated.len(),
                        report.services_unchanged
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(crate::catalog::service::CatalogError::Invalid(problems)) => {
                    eprintln!("{}", locales().msg(lang, "cli-import-invalid", None));
                    for p in &problems {
                        eprintln!("  {}: {}", p.path, locales().msg(lang, p.key, None));
                    }
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::ImportLocations { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let state = AppState::open(config).await?;
            state.catalog.refresh(&state.db, true).await?;
            match crate::appointments::planner::import(&state, &text, None).await {
                Ok(r) => {
                    println!("locations: {}; slots opened: {}", r.locations, r.slots_added);
                    Ok(ExitCode::SUCCESS)
                }
                Err(crate::web::AppError::Validation(problems)) => {
                    eprintln!("{}", locales().msg(lang, "cli-locations-invalid", None));
                    for p in &problems {
                        eprintln!("  {}: {}", p.field, locales().msg(lang, p.key, None));
                    }
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(anyhow::anyhow!("{e}")),
            }
        }
        Command::Forecast { command } => crate::forecast::cli(AppState::open(config).await?, command).await,
        Command::Privacy { command } => crate::privacy::service::cli(AppState::open(config).await?, command).await,
        Command::ImportBudget { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let state = AppState::open(config).await?;
            crate::budget::cli_import(&state, &text, lang).await
        }
        Command::ExportCatalog { output } => {
            let state = AppState::open(config).await?;
            let catalog = crate::catalog::service::export(&state.db).await?;
            let json = serde_json::to_string_pretty(&catalog)?;
            match output {
                Some(path) => std::fs::write(&path, json + "\n")?,
                None => println!("{json}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Assistant { command: AssistantCommand::Eval { file, catalog, json } } => {
            let read =
                |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()));
            let lines = crate::assistant::nlu::parse_labelled(&read(&file)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let catalog = catalog.as_deref().map(read).transpose()?;
            let assistant =
                crate::assistant::eval::assistant_for(catalog.as_deref(), &lines).map_err(|e| anyhow::anyhow!(e))?;
            let report = crate::assistant::eval::run(&assistant, &lines);
            match json {
                true => println!("{}", serde_json::to_string(&report)?),
                false => print!("{}", crate::assistant::eval::print(&report)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Ledger { command } => match command {
            LedgerCommand::Verify => crate::ledger::cli::verify(&config).await,
            LedgerCommand::Prove { index } => crate::ledger::cli::prove(&config, index).await,
            LedgerCommand::Checkpoint => crate::ledger::cli::checkpoint(&config).await,
            LedgerCommand::Vkey => {
                println!("{}", crate::ledger::cli::vkey(&config)?);
                Ok(ExitCode::SUCCESS)
            }
            LedgerCommand::VerifyDocument { file, vkey, key } => {
                crate::ledger::cli::verify_document(&file, &vkey, key.as_deref(), lang)
            }
        },
        Command::ApiKey { command } => api_key(command, config, lang).await,
        Command::Iot { command: IotCommand::MosquittoAuth { passwords, acl } } => {
            let platform = crate::iot::mosquitto::platform_account(config.mqtt_url.as_deref());
            let state = AppState::open(config).await?;
            let mut conn = state.db.conn().await?;
            let files = crate::iot::mosquitto::files(&mut conn, platform).await?;
            write_private(&passwords, &files.passwords)?;
            write_private(&acl, &files.acl)?;
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("devices", files.devices);
            println!("{}", locales().msg(lang, "cli-iot-mosquitto-auth", Some(&args)));
            if !files.skipped.is_empty() {
                let mut args = fluent_bundle::FluentArgs::new();
                args.set("ids", files.skipped.join(", "));
                eprintln!("{}", locales().msg(lang, "cli-iot-mosquitto-skipped", Some(&args)));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Exchange { command } => crate::exchange::cli::run(command, config, lang).await,
        Command::Payments { command } => crate::payments::cli::run(command, config, lang).await,
        Command::Skm { command: SkmCommand::Ikm { file, json } } => Ok(crate::skm::cli::ikm(&file, json)),
        Command::Perf { command: PerfCommand::Rebuild } => {
            let state = AppState::open(config).await?;
            state.catalog.refresh(&state.db, true).await?;
            let started = std::time::Instant::now();
            let months = crate::performance::service::rebuild(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("months: {months}; seconds: {:.2}", started.elapsed().as_secs_f64());
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command: UserCommand::Add { role, agency, email, name, nik } } => {
            let Some(role) = Role::parse(&role) else {
                eprintln!("{}", locales().msg(lang, "cli-bad-role", None));
                return Ok(ExitCode::from(2));
            };
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.lines().next().unwrap_or("").to_string();
            let state = AppState::open(config).await?;
            state.catalog.refresh(&state.db, true).await?;
            let account = crate::identity::service::StaffAccount {
                role,
                agency_id: agency.as_deref(),
                email: &email,
                full_name: &name,
                password: &password,
                totp_secret: None,
                nik: nik.as_deref(),
                actor: Some(&crate::admin::Actor::cli()),
            };
            match crate::identity::service::create_staff_account(&state, &account).await {
                Ok(id) => {
                    println!("{} (id {id})", locales().msg(lang, "cli-user-created", None));
                    if role.requires_totp() {
                        println!("{}", locales().msg(lang, "cli-user-totp", None));
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e, lang),
            }
        }
    }
}

/// A command refused: its invalid flags, each with its message, and a failing exit code; any
/// other error ends the command.
fn refused(e: crate::web::AppError, lang: Lang) -> anyhow::Result<ExitCode> {
    match e {
        crate::web::AppError::Validation(fields) => {
            for f in fields {
                eprintln!("  --{}: {}", f.field, locales().msg(lang, f.key, None));
            }
            Ok(ExitCode::FAILURE)
        }
        e => Err(anyhow::anyhow!("{e}")),
    }
}

/// `satupintu api-key ...`: the key itself goes to standard output, messages to standard error.
async fn api_key(command: ApiKeyCommand, config: Config, lang: Lang) -> anyhow::Result<ExitCode> {
    use crate::reports::open311::{api::w3c, keys};
    let offset = time::UtcOffset::from_hms(config.utc_offset_hours().unwrap_or(7), 0, 0)?;
    let state = AppState::open(config).await?;
    state.catalog.refresh(&state.db, true).await?;
    match command {
        ApiKeyCommand::Create { name, agency } => {
            match keys::create(&state, &crate::admin::Actor::cli(), &name, agency.as_deref()).await {
                Ok((k, key)) => {
                    println!("{key}");
                    let mut args = fluent_bundle::FluentArgs::new();
                    args.set("id", k.id);
                    eprintln!("{}", locales().msg(lang, "cli-api-key-created", Some(&args)));
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e, lang),
            }
        }
        ApiKeyCommand::List => {
            for k in keys::list(&state).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                let revoked = k.revoked_at.map(|t| w3c(t, offset)).unwrap_or_else(|| "-".into());
                let agency = k.agency_id.as_deref().unwrap_or("-");
                println!("{}\t{}\t{agency}\t{}\t{revoked}", k.id, k.name, w3c(k.created_at, offset));
            }
            Ok(ExitCode::SUCCESS)
        }
        ApiKeyCommand::Revoke { id } => {
            match keys::revoke(&state, &crate::admin::Actor::cli(), id).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                true => {
                    eprintln!("{}", locales().msg(lang, "cli-api-key-revoked", None));
                    Ok(ExitCode::SUCCESS)
                }
                false => {
                    eprintln!("{}", locales().msg(lang, "cli-api-key-not-found", None));
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

/// Write a file readable by its owner only (it holds password hashes), replacing it whole.
fn write_private(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let tmp = path.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o640);
    let mut f = opts.open(&tmp).map_err(|e| anyhow::anyhow!("{}: {e}", tmp.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(())
}

/// `satupintu keys ...`: key ids and counts only; never a key or a value.
async fn keys(command: KeysCommand, config: Config, lang: Lang) -> anyhow::Result<ExitCode> {
    use fluent_bundle::FluentArgs;
    std::fs::create_dir_all(&config.data_dir)?;
    let url = config.effective_database_url();
    let db = crate::db::Db::connect(&url).await?;
    db.migrate().await?;
    let ring =
        crate::crypto::open(&config, &db).await.map_err(|e| anyhow::anyhow!("personal data encryption key: {e:#}"))?;
    match command {
        KeysCommand::Status => {
            println!("{}", locales().msg(lang, "cli-keys-status-head", None));
            for id in ring.ids() {
                println!("  {id}");
            }
            let (_, source) = crate::crypto::load(&config, false)?;
            let mut args = FluentArgs::new();
            args.set("id", ring.current_id().to_string());
            args.set("source", source.to_string());
            println!("{}", locales().msg(lang, "cli-keys-status-current", Some(&args)));
            for (place, key, count) in crate::crypto::store::status(&db).await? {
                let mut args = FluentArgs::new();
                args.set("place", place);
                args.set("key", key);
                args.set("count", count);
                println!("{}", locales().msg(lang, "cli-keys-status-row", Some(&args)));
            }
        }
        KeysCommand::Rotate => {
            let (id, n) = if config.data_key.as_deref().is_some_and(|k| !k.trim().is_empty()) {
                crate::crypto::reseal_all(&config, &db).await?
            } else {
                crate::crypto::rotate(&config, &db).await?
            };
            let mut args = FluentArgs::new();
            args.set("id", id);
            args.set("count", n);
            println!("{}", locales().msg(lang, "cli-keys-rotated", Some(&args)));
        }
    }
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_begin_with_a_hyphen_are_values() {
        // Base64 of a random key begins with '-' now and then (seen in CI): it is the value.
        let cli = Cli::try_parse_from([
            "satupintu",
            "ledger",
            "verify-document",
            "doc.pdf",
            "--vkey",
            "-vkeyfile",
            "--key",
            "-8abc+/=",
        ])
        .expect("parsed");
        match cli.command {
            Command::Ledger { command: LedgerCommand::VerifyDocument { vkey, key, .. } } => {
                assert_eq!(vkey, "-vkeyfile");
                assert_eq!(key.as_deref(), Some("-8abc+/="));
            }
            other => panic!("{other:?}"),
        }
    }
}
