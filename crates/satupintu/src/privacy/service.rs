//! The rules of data subject rights (UU 27/2022): the archive of everything held about a
//! citizen, correction requests and their handling (the citizen is told through the
//! notification outbox), deletion where the law allows (one transaction: deletable records go,
//! the account is pseudonymized, kept records stay with their legal basis and end date), and
//! the retention job.

use std::io::Write as _;

use serde_json::{json, Map, Value};

use super::model::{self, AccessEvent, CorrectionInput, DecisionInput, OnErasure, EXPORTS, FORMAT, RECORDS, RETENTION};
use super::store::{self, Request};
use crate::app::AppState;
use crate::db;
use crate::identity::CurrentUser;
use crate::web::{locales, AppError, FieldError, Lang};

/// Today's date (agency time zone) as `YYYY-MM-DD`: the archive's file name.
pub fn today(state: &AppState) -> String {
    crate::calendar::local_date(db::now(), state.config.utc_offset_hours().unwrap_or(7)).to_string()
}

fn rfc3339(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// What a file of the archive holds, in one language.
fn describe(lang: Lang, file: &str) -> String {
    locales().msg(lang, &format!("privacy-file-{file}"), None)
}

/// The citizen's data: (file name without `.json`, its JSON, how many records), profile first.
pub async fn collect(state: &AppState, user_id: i64) -> Result<Vec<(&'static str, Value, usize)>, AppError> {
    let mut tx = state.db.read().await?;
    let profile = crate::identity::store::profile(&mut tx, user_id).await?.ok_or(AppError::NotFound)?;
    let values = crate::identity::store::profile_values(&mut tx, user_id).await?;
    let mut p = serde_json::to_value(&profile).map_err(|e| AppError::Internal(e.into()))?;
    if let Value::Object(m) = &mut p {
        m.remove("nik_masked");
        let mut values: Vec<_> = values.into_iter().collect();
        values.sort();
        for (k, v) in values {
            m.insert(k, Value::String(v));
        }
    }
    let mut out = vec![(model::PROFILE_FILE, p, 1)];
    for e in EXPORTS {
        let rows = store::export_rows(&mut tx, e.sql, user_id).await?;
        let n = rows.len();
        out.push((e.file, Value::Array(rows.into_iter().map(Value::Object).collect()), n));
    }
    tx.rollback().await?;
    Ok(out)
}

/// The archive: one JSON file per kind of data, `manifest.json` and `README.md` (Indonesian,
/// then English).
pub async fn export(state: &AppState, user_id: i64) -> Result<Vec<u8>, AppError> {
    let data = collect(state, user_id).await?;
    let now = db::now();
    let mut readme = String::from("# Data saya di SatuPintu\n\n");
    readme.push_str(&locales().msg(Lang::Id, "privacy-readme-intro", None));
    readme.push_str("\n\n");
    for (file, _, n) in &data {
        readme.push_str(&format!("- `{file}.json` ({n}): {}\n", describe(Lang::Id, file)));
    }
    readme.push_str("- `manifest.json`: ");
    readme.push_str(&locales().msg(Lang::Id, "privacy-readme-manifest", None));
    readme.push_str("\n\n# My data in SatuPintu\n\n");
    readme.push_str(&locales().msg(Lang::En, "privacy-readme-intro", None));
    readme.push_str("\n\n");
    for (file, _, n) in &data {
        readme.push_str(&format!("- `{file}.json` ({n}): {}\n", describe(Lang::En, file)));
    }
    readme.push_str("- `manifest.json`: ");
    readme.push_str(&locales().msg(Lang::En, "privacy-readme-manifest", None));
    readme.push('\n');
    let manifest = json!({
        "format": FORMAT,
        "generated_at": rfc3339(now),
        "files": data.iter().map(|(f, _, n)| json!({"name": format!("{f}.json"), "count": n})).collect::<Vec<_>>(),
    });
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: String, bytes: Vec<u8>| -> Result<(), AppError> {
        zip.start_file(name, opts).map_err(|e| AppError::Internal(e.into()))?;
        zip.write_all(&bytes).map_err(|e| AppError::Internal(e.into()))
    };
    add("README.md".into(), readme.into_bytes())?;
    add("manifest.json".into(), pretty(&manifest)?)?;
    for (file, value, _) in &data {
        add(format!("{file}.json"), pretty(value)?)?;
    }
    Ok(zip.finish().map_err(|e| AppError::Internal(e.into()))?.into_inner())
}

fn pretty(v: &Value) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec_pretty(v).map_err(|e| AppError::Internal(e.into()))
}

// ---------------------------------------------------------------------------------------
// Who accessed my data.

/// Every use of the citizen's data recorded anywhere (staff opening their application data,
/// health workers reading their health records, other agencies' exchange queries), newest first.
pub async fn access_events(state: &AppState, user: &CurrentUser) -> Result<Vec<AccessEvent>, AppError> {
    let mut events: Vec<AccessEvent> = vec![];
    for e in crate::applications::service::access_log(state, user).await? {
        events.push(AccessEvent {
            at: e.at,
            source: "application".into(),
            agency: e.agency_id.unwrap_or_default(),
            actor: e.staff_name,
            role: e.staff_role,
            what: "application".into(),
            reference: e.application_code.unwrap_or_default(),
            purpose: e.reason,
            basis: String::new(),
            basis_ref: String::new(),
            outcome: String::new(),
        });
    }
    for e in crate::telemedicine::service::access_log(state, user).await? {
        events.push(AccessEvent {
            at: e.at,
            source: "health".into(),
            agency: e.agency_id.unwrap_or_default(),
            actor: e.staff_name,
            role: e.staff_role,
            reference: e.code,
            purpose: String::new(),
            what: e.what,
            basis: String::new(),
            basis_ref: String::new(),
            outcome: String::new(),
        });
    }
    let names: std::collections::HashMap<String, String> =
        crate::exchange::service::members(state).await?.into_iter().map(|m| (m.member_id, m.name)).collect();
    for e in crate::exchange::service::access_log(state, user.id).await? {
        events.push(AccessEvent {
            at: e.created_at,
            source: "exchange".into(),
            actor: names.get(&e.client_member).cloned().unwrap_or_default(),
            agency: e.client_member,
            role: "system".into(),
            what: e.item,
            reference: e.request_id,
            purpose: e.purpose_id,
            basis: e.basis,
            basis_ref: e.basis_ref,
            outcome: e.outcome,
        });
    }
    // Assisted sessions: someone acted for the citizen, with their consent.
    for v in crate::assisted::service::of_citizen(state, user).await? {
        let acts: Vec<String> =
            v.acts.iter().filter(|a| !a.reference.is_empty()).map(|a| a.reference.clone()).collect();
        events.push(AccessEvent {
            at: v.started_at,
            source: "assisted".into(),
            agency: v.agency_id,
            actor: v.assistant_name,
            role: v.assistant_kind,
            what: v.scope.join(","),
            reference: acts.join(", "),
            purpose: v.place,
            basis: "consent".into(),
            basis_ref: v.consent_method,
            outcome: v.status,
        });
    }
    // Each log is newest first already; a stable sort keeps that order within one second.
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    Ok(events)
}

// ---------------------------------------------------------------------------------------
// Requests.

pub async fn requests_of(state: &AppState, user_id: i64) -> Result<Vec<Request>, AppError> {
    Ok(store::requests_of(&mut *state.db.conn().await?, user_id).await?)
}

/// Whether `staff` handles citizens' data requests: super admins, and the admins of the agency
/// configured as the data protection officer (`privacy_officer_agency`). The account data these
/// requests are about is held by the platform, not by one service agency, so other agencies'
/// admins do not see them.
pub fn handles_requests(state: &AppState, staff: &CurrentUser) -> bool {
    match staff.role {
        crate::identity::Role::SuperAdmin => true,
        crate::identity::Role::AgencyAdmin => {
            let officer = state.config.privacy_officer_agency.as_deref().map(str::trim).filter(|a| !a.is_empty());
            officer.is_some() && staff.agency_id.as_deref() == officer
        }
        _ => false,
    }
}

/// The requests `staff` may handle (none when they are not the data protection officer).
pub async fn requests_for(state: &AppState, staff: &CurrentUser) -> Result<Vec<Request>, AppError> {
    if !handles_requests(state, staff) {
        return Ok(vec![]);
    }
    Ok(store::all_requests(&mut *state.db.conn().await?, 500).await?)
}

/// File a correction request; returns its id.
pub async fn request_correction(state: &AppState, user_id: i64, input: &CorrectionInput) -> Result<i64, AppError> {
    let c = model::check_correction(input).map_err(AppError::Validation)?;
    let now = db::now();
    let id = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::insert_request(
                    tx,
                    user_id,
                    "correction",
                    &c.field,
                    &c.problem,
                    &c.correct_value,
                    "pending",
                    None,
                    now,
                )
                .await
            })
        })
        .await?;
    tracing::info!(request = id, "data correction requested");
    Ok(id)
}

/// Decide a pending correction request: when applied, a profile field the platform holds is
/// changed at once; the citizen is notified either way. One transaction.
pub async fn decide(state: &AppState, staff: &CurrentUser, id: i64, input: &DecisionInput) -> Result<(), AppError> {
    if !handles_requests(state, staff) {
        return Err(AppError::Forbidden);
    }
    let (status, reason) = model::check_decision(input).map_err(AppError::Validation)?;
    let staff_id = staff.id;
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let req = store::request_for_update(tx, id).await?.ok_or(AppError::NotFound)?;
                if req.kind != "correction" || req.status != "pending" {
                    return Err(AppError::Conflict { key: "error-privacy-decided" });
                }
                if status == "applied" && crate::identity::store::CORRECTABLE.contains(&req.field.as_str()) {
                    let unique = match req.field.as_str() {
                        "email" => {
                            crate::identity::store::taken(tx, None, Some(req.correct_value.as_str()), None).await?
                        }
                        "phone" => {
                            crate::identity::store::taken(tx, None, None, Some(req.correct_value.as_str())).await?
                        }
                        _ => vec![],
                    };
                    if !unique.is_empty() {
                        return Err(AppError::Validation(vec![FieldError::new("decision", "field-privacy-taken")]));
                    }
                    if !crate::identity::store::correct_field(tx, req.user_id, &req.field, &req.correct_value).await? {
                        return Err(AppError::Conflict { key: "error-privacy-decided" });
                    }
                }
                if !store::decide(tx, id, status, &reason, staff_id, now).await? {
                    return Err(AppError::Conflict { key: "error-privacy-decided" });
                }
                let payload = json!({"status": status, "code": format!("DATA-{id}"), "path": "/akun/data-saya"});
                crate::notify::service::queue(
                    tx,
                    "privacy_request",
                    req.user_id,
                    &payload,
                    &format!("privacy:{id}"),
                    now,
                )
                .await?;
                Ok(())
            })
        })
        .await?;
    tracing::info!(request = id, status, "data correction decided");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Deletion.

/// Delete a citizen's account where the law allows, in one transaction: deletable record types
/// are deleted, the account is pseudonymized and disabled (so nobody can sign in with it), and
/// kept record types are listed with how many, how long and why. The outcome (also kept as the
/// deletion request's record) is returned.
pub async fn erase(state: &AppState, user_id: i64) -> Result<Value, AppError> {
    erase_with_id(state, user_id).await.map(|(_, outcome)| outcome)
}

/// [`erase`], answering the deletion request's id (the API shows the request it filed).
pub async fn erase_request(state: &AppState, user_id: i64) -> Result<i64, AppError> {
    erase_with_id(state, user_id).await.map(|(id, _)| id)
}

async fn erase_with_id(state: &AppState, user_id: i64) -> Result<(i64, Value), AppError> {
    let now = db::now();
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let (id, outcome) = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let mut kept = vec![];
                for r in RECORDS {
                    let OnErasure::Keep(years) = r.on_erasure else { continue };
                    let Some((mut count, mut newest)) = store::kept_count(tx, r.kind, user_id).await? else { continue };
                    if r.kind == "requests" {
                        // This deletion request is kept too (the proof it was honoured).
                        count += 1;
                        newest = Some(now);
                    }
                    if count == 0 {
                        continue;
                    }
                    let until = years.zip(newest).map(|(y, t)| {
                        let d = crate::calendar::local_date(t, offset);
                        d.replace_year(d.year() + i32::try_from(y).unwrap_or(0)).unwrap_or(d).to_string()
                    });
                    kept.push(json!({"record": r.kind, "count": count, "years": years, "until": until}));
                }
                let mut deleted = Map::new();
                for (key, sql) in store::ERASE {
                    let n = store::erase_step(tx, sql, user_id).await?;
                    if RECORDS.iter().any(|r| r.kind == *key && r.on_erasure == OnErasure::Delete) {
                        let total = deleted.get(*key).and_then(Value::as_u64).unwrap_or(0) + n;
                        deleted.insert(key.to_string(), Value::from(total));
                    }
                }
                if !crate::identity::store::pseudonymize(tx, user_id).await? {
                    return Err(AppError::NotFound);
                }
                let outcome = json!({"deleted": deleted, "kept": kept, "at": rfc3339(now)});
                let id =
                    store::insert_request(tx, user_id, "deletion", "", "", "", "done", Some(&outcome), now).await?;
                Ok::<_, AppError>((id, outcome))
            })
        })
        .await?;
    tracing::info!(user_id, "account deleted on request");
    Ok((id, outcome))
}

// ---------------------------------------------------------------------------------------
// Retention.

/// Run every retention rule once at `now`: (rule, rows changed).
pub async fn retention(state: &AppState, now: i64) -> Result<Vec<(&'static str, u64)>, AppError> {
    let mut out = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let mut out = vec![];
                for r in RETENTION.iter().filter(|r| r.kind != "assistant") {
                    out.push((r.kind, store::retention_step(tx, r.kind, now - r.days * 86_400, now).await?));
                }
                Ok::<_, AppError>(out)
            })
        })
        .await?;
    // Assistant conversations are deleted through the assistant's own purge (same period).
    out.push(("assistant", crate::assistant::service::purge(state, now).await?));
    Ok(out)
}

/// Run the retention rules every hour (harmless when several processes do it: each step is a
/// plain delete or update of what is over its period).
pub fn spawn_retention(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Some(done) =
                crate::db::jobs::run_logged(&state.db, "privacy-retention", retention(&state, db::now())).await
            {
                let n: u64 = done.iter().map(|(_, n)| n).sum();
                if n > 0 {
                    tracing::info!(rows = n, "retention rules applied");
                }
            }
        }
    })
}

/// `satupintu privacy ...`
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Apply the retention rules now (the hourly job does the same) and print what changed.
    Retention,
}

pub async fn cli(state: AppState, command: Command) -> anyhow::Result<std::process::ExitCode> {
    match command {
        Command::Retention => {
            let done = retention(&state, db::now()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            for (key, n) in done {
                println!("{key}: {n}");
            }
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// Demo data: Siti has asked for her address to be corrected.
pub async fn demo(state: &AppState, siti: i64) -> Result<(), AppError> {
    let input = CorrectionInput {
        field: "address".into(),
        problem: "Alamat lama, saya sudah pindah.".into(),
        correct_value: "Jl. Merdeka No. 10, Bandung".into(),
    };
    request_correction(state, siti, &input).await.map(|_| ())
}
