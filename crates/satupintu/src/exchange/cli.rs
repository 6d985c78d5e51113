//! `satupintu exchange ...`: this instance's key, the member and purpose registry, and the
//! reference client (`query`) that a second agency system uses to ask another member.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Subcommand;

use super::keys::MemberKey;
use super::service::{self, Ask, Asked};
use super::store::{Member, Purpose, Rule};
use super::verify;
use crate::app::AppState;
use crate::config::Config;
use crate::web::{locales, Lang};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Make this instance's key pair when it has none yet, and print its public key.
    Keygen,
    /// Print this instance's member id and public key (`MEMBER/SUBSYSTEM KEY`).
    ShowKey,
    /// Register another member's system and its public key (again: replace them).
    AddMember {
        /// `ID-GOV-BPJSKES`
        #[arg(long)]
        member: String,
        /// `kepesertaan`
        #[arg(long)]
        subsystem: String,
        /// Base64url Ed25519 public key (from its `exchange show-key`).
        #[arg(long, allow_hyphen_values = true)]
        key: String,
        #[arg(long)]
        name: String,
        /// The base URL its exchange answers at, when this instance asks it.
        #[arg(long, default_value = "")]
        url: String,
    },
    /// Register a purpose: a member may ask an item for a catalogue service.
    AddPurpose {
        #[arg(long)]
        id: String,
        /// The member that may ask.
        #[arg(long)]
        client: String,
        #[arg(long)]
        item: String,
        /// The catalogue service id the purpose serves.
        #[arg(long)]
        service: String,
        #[arg(long)]
        description_id: String,
        #[arg(long)]
        description_en: String,
        /// A legal basis given with the request may stand in for consent.
        #[arg(long)]
        legal_basis_allowed: bool,
    },
    /// Register an automatic verification rule: a service's form field may be verified by
    /// asking a provider member for an item (for a purpose whose client is this instance)
    /// instead of an uploaded scan (again with the same id: replace it).
    AddVerification {
        #[arg(long)]
        id: String,
        /// The catalogue service id.
        #[arg(long)]
        service: String,
        /// The form field it stands in for, e.g. `rt_rw_letter`.
        #[arg(long)]
        field: String,
        /// The member asked (registered with add-member --url; may be this instance).
        #[arg(long)]
        provider: String,
        #[arg(long)]
        item: String,
        /// The purpose registered with add-purpose (its client: this instance).
        #[arg(long)]
        purpose: String,
        /// Item parameters, `name=value` (repeatable), e.g. `--param region=Surabaya`.
        #[arg(long = "param")]
        params: Vec<String>,
    },
    /// List the automatic verification rules (tab-separated).
    ListVerifications,
    /// Reference client: ask another member for an item (signed with this instance's key);
    /// prints the verified answer as JSON.
    Query {
        /// The member id, or the base URL, of the member to ask (registered with add-member).
        #[arg(long)]
        to: String,
        #[arg(long)]
        item: String,
        /// The citizen's NIK (read from standard input when `-`).
        #[arg(long)]
        nik: String,
        #[arg(long)]
        purpose: String,
        /// `family-at-address`: the region the address should be in.
        #[arg(long)]
        region: Option<String>,
        /// The legal basis relied on instead of consent.
        #[arg(long)]
        legal_basis: Option<String>,
        /// This system's own reference to the citizen's consent.
        #[arg(long)]
        consent_ref: Option<String>,
    },
}

fn print_fields(fields: Vec<crate::web::FieldError>, lang: Lang) {
    for f in fields {
        eprintln!("  --{}: {}", f.field, locales().msg(lang, f.key, None));
    }
}

pub async fn run(command: Command, config: Config, lang: Lang) -> anyhow::Result<ExitCode> {
    match command {
        Command::Keygen | Command::ShowKey => {
            let key = MemberKey::load_or_create(&config)?;
            println!("{} {}", key.party.id(), key.public_b64());
            Ok(ExitCode::SUCCESS)
        }
        Command::AddMember { member, subsystem, key, name, url } => {
            let state = AppState::open(config).await?;
            let m = Member { member_id: member, subsystem, name, public_key: key, url, created_at: crate::db::now() };
            match service::add_member(&state, m).await {
                Ok(()) => {
                    eprintln!("{}", locales().msg(lang, "cli-exchange-member-added", None));
                    Ok(ExitCode::SUCCESS)
                }
                Err(crate::web::AppError::Validation(f)) => {
                    print_fields(f, lang);
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(anyhow::anyhow!("{e}")),
            }
        }
        Command::AddPurpose {
            id,
            client,
            item,
            service: service_id,
            description_id,
            description_en,
            legal_basis_allowed,
        } => {
            let state = AppState::open(config).await?;
            state.catalog.refresh(&state.db, true).await?;
            let p = Purpose {
                id,
                client_member: client,
                item,
                service_id,
                description_id,
                description_en,
                legal_basis_allowed,
                retired_at: None,
            };
            match service::add_purpose(&state, p).await {
                Ok(()) => {
                    eprintln!("{}", locales().msg(lang, "cli-exchange-purpose-added", None));
                    Ok(ExitCode::SUCCESS)
                }
                Err(crate::web::AppError::Validation(f)) => {
                    print_fields(f, lang);
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(anyhow::anyhow!("{e}")),
            }
        }
        Command::AddVerification { id, service: service_id, field, provider, item, purpose, params } => {
            let state = AppState::open(config).await?;
            state.catalog.refresh(&state.db, true).await?;
            let mut parsed = BTreeMap::new();
            for p in &params {
                let Some((k, v)) = p.split_once('=') else {
                    print_fields(vec![crate::web::FieldError::new("param", "field-exchange-params")], lang);
                    return Ok(ExitCode::FAILURE);
                };
                parsed.insert(k.trim().to_string(), v.trim().to_string());
            }
            let rule =
                Rule { id, service_id, field, provider_member: provider, item, purpose_id: purpose, params: parsed };
            match verify::add_rule(&state, rule).await {
                Ok(()) => {
                    eprintln!("{}", locales().msg(lang, "cli-exchange-verification-added", None));
                    Ok(ExitCode::SUCCESS)
                }
                Err(crate::web::AppError::Validation(f)) => {
                    print_fields(f, lang);
                    Ok(ExitCode::FAILURE)
                }
                Err(e) => Err(anyhow::anyhow!("{e}")),
            }
        }
        Command::ListVerifications => {
            let state = AppState::open(config).await?;
            let rules = verify::rules(&state, "").await.map_err(|e| anyhow::anyhow!("{e}"))?;
            if rules.is_empty() {
                eprintln!("{}", locales().msg(lang, "cli-exchange-verifications-none", None));
            }
            for r in rules {
                let params: Vec<String> = r.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    r.id,
                    r.service_id,
                    r.field,
                    r.provider_member,
                    r.item,
                    r.purpose_id,
                    params.join(",")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Query { to, item, nik, purpose, region, legal_basis, consent_ref } => {
            let nik = if nik == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)?;
                s.trim().to_string()
            } else {
                nik
            };
            let state = AppState::open(config).await?;
            let mut params = BTreeMap::new();
            if let Some(r) = region {
                params.insert("region".to_string(), r);
            }
            let ask = Ask { item: &item, subject_nik: &nik, purpose: &purpose, params, legal_basis, consent_ref };
            let asked = if to.starts_with("http://") || to.starts_with("https://") {
                let Some(m) = service::member_at(&state, &to).await? else {
                    eprintln!("{}", locales().msg(lang, "cli-exchange-no-member", None));
                    return Ok(ExitCode::from(2));
                };
                service::ask_member(&state, &m, &ask).await?
            } else {
                service::ask(&state, &to, &ask).await?
            };
            match asked {
                Asked::Answer(a) => {
                    println!("{}", serde_json::to_string(&a)?);
                    Ok(ExitCode::SUCCESS)
                }
                Asked::Refused { status, code, .. } => {
                    println!("{}", serde_json::json!({ "refused": code, "status": status }));
                    Ok(ExitCode::from(3))
                }
            }
        }
    }
}
