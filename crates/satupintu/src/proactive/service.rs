//! The rules of proactive notices: a citizen's consent (off until given, each change recorded,
//! a withdrawal drops what is still waiting in the outbox), their documents and family
//! members, the services they are likely eligible for, and the daily job that sends the
//! notices through the citizen's chosen channels ([`crate::notify::service::queue`]), each
//! notice once (a row in `proactive_sent`, in the transaction that queues it).

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{json, Value};
use time::Date;

use super::model::{self, DocumentInput, Facts, MemberInput, Rule, CONSENT_KINDS};
use super::store::{self, ConsentChange, Member, OwnDocument};
use crate::app::AppState;
use crate::db;
use crate::web::{AppError, FieldError};

/// The outbox kind of the notices a consent covers.
pub fn notice_kind(consent: &str) -> &'static str {
    match consent {
        "expiry" => "proactive_expiry",
        "ktp17" => "proactive_ktp17",
        _ => "proactive_service",
    }
}

/// Today in the agency's time zone.
pub fn today(state: &AppState) -> Date {
    crate::calendar::local_date(db::now(), state.config.utc_offset_hours().unwrap_or(7))
}

/// A citizen's consents (every kind, given or not) and the record of their changes.
pub struct Consents {
    pub kinds: Vec<(&'static str, bool)>,
    pub log: Vec<ConsentChange>,
}

pub async fn consents(state: &AppState, user_id: i64) -> Result<Consents, AppError> {
    let mut conn = state.db.conn().await?;
    let given = store::consents(&mut conn, user_id).await?;
    let log = store::consent_log(&mut conn, user_id).await?;
    let kinds = CONSENT_KINDS.iter().map(|k| (*k, given.iter().any(|(g, on)| g == k && *on))).collect();
    Ok(Consents { kinds, log })
}

/// Give consent to the kinds in `on` and withdraw it from the others, in one transaction;
/// each change is recorded, and a withdrawal drops the notices of that kind not delivered yet.
pub async fn set_consents(state: &AppState, user_id: i64, on: &[String]) -> Result<(), AppError> {
    if on.iter().any(|k| !CONSENT_KINDS.contains(&k.as_str())) {
        return Err(AppError::Validation(vec![FieldError::new("kinds", "field-pro-consent-kind")]));
    }
    let current = consents(state, user_id).await?.kinds;
    let changes: Vec<(&'static str, bool)> = current
        .into_iter()
        .filter_map(|(k, was)| {
            let now_on = on.iter().any(|o| o == k);
            (now_on != was).then_some((k, now_on))
        })
        .collect();
    if changes.is_empty() {
        return Ok(());
    }
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                for (kind, granted) in &changes {
                    store::set_consent(tx, user_id, kind, *granted, now).await?;
                    if !granted {
                        crate::notify::service::cancel_pending(tx, user_id, notice_kind(kind)).await?;
                    }
                }
                Ok::<_, AppError>(())
            })
        })
        .await?;
    tracing::info!(user_id, "proactive notice consent changed");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Documents and family members.

pub async fn documents(state: &AppState, user_id: i64) -> Result<Vec<OwnDocument>, AppError> {
    Ok(store::documents(&mut *state.db.conn().await?, user_id).await?)
}

/// One of the citizen's documents; someone else's is not found.
pub async fn document(state: &AppState, user_id: i64, id: i64) -> Result<OwnDocument, AppError> {
    store::document(&mut *state.db.conn().await?, user_id, id).await?.ok_or(AppError::NotFound)
}

pub async fn add_document(state: &AppState, user_id: i64, input: &DocumentInput) -> Result<i64, AppError> {
    let draft = model::check_document(input, today(state)).map_err(AppError::Validation)?;
    let now = db::now();
    state
        .db
        .write(move |tx| Box::pin(async move { store::insert_document(tx, user_id, &draft, now).await }))
        .await
        .map_err(AppError::from)
}

pub async fn update_document(state: &AppState, user_id: i64, id: i64, input: &DocumentInput) -> Result<(), AppError> {
    document(state, user_id, id).await?;
    let draft = model::check_document(input, today(state)).map_err(AppError::Validation)?;
    let now = db::now();
    let done = state
        .db
        .write(move |tx| Box::pin(async move { store::update_document(tx, user_id, id, &draft, now).await }))
        .await?;
    done.then_some(()).ok_or(AppError::NotFound)
}

pub async fn delete_document(state: &AppState, user_id: i64, id: i64) -> Result<(), AppError> {
    let done = state.db.write(move |tx| Box::pin(async move { store::delete_document(tx, user_id, id).await })).await?;
    done.then_some(()).ok_or(AppError::NotFound)
}

/// A family member as shown: recorded by the citizen (`id`), or found on the same family card.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FamilyMember {
    /// The recorded member's id (none for one found on the same family card).
    pub id: Option<i64>,
    pub name: String,
    pub birth_date: Option<String>,
    pub nik_masked: String,
    /// Found through the family card (KK number) of the citizen's account.
    pub on_kk: bool,
}

pub async fn family(state: &AppState, user_id: i64) -> Result<Vec<FamilyMember>, AppError> {
    let recorded: Vec<Member> = store::members(&mut *state.db.conn().await?, user_id).await?;
    let kk = crate::identity::service::family_on_kk(state, user_id).await?;
    Ok(recorded
        .into_iter()
        .map(|m| FamilyMember {
            id: Some(m.id),
            name: m.name,
            birth_date: Some(m.birth_date),
            nik_masked: m.nik_masked,
            on_kk: false,
        })
        .chain(kk.into_iter().map(|(_, name, birth_date)| FamilyMember {
            id: None,
            name,
            birth_date,
            nik_masked: String::new(),
            on_kk: true,
        }))
        .collect())
}

pub async fn add_member(state: &AppState, user_id: i64, input: &MemberInput) -> Result<i64, AppError> {
    let draft = model::check_member(input, today(state)).map_err(AppError::Validation)?;
    let now = db::now();
    state
        .db
        .write(move |tx| Box::pin(async move { store::insert_member(tx, user_id, &draft, now).await }))
        .await
        .map_err(AppError::from)
}

pub async fn delete_member(state: &AppState, user_id: i64, id: i64) -> Result<(), AppError> {
    let done = state.db.write(move |tx| Box::pin(async move { store::delete_member(tx, user_id, id).await })).await?;
    done.then_some(()).ok_or(AppError::NotFound)
}

// ---------------------------------------------------------------------------------------
// Likely-eligible services.

/// What the rules know about a citizen: their birth date, their family's, what they applied
/// for and the documents they recorded.
pub async fn facts(state: &AppState, user_id: i64) -> Result<Facts, AppError> {
    let profile = crate::identity::service::profile(state, user_id).await?;
    let family = family(state, user_id).await?;
    let documents = documents(state, user_id).await?;
    Ok(Facts {
        birth_date: profile.birth_date.as_deref().and_then(crate::calendar::parse_date),
        family: family.iter().filter_map(|m| m.birth_date.as_deref().and_then(crate::calendar::parse_date)).collect(),
        applied: crate::applications::service::services_of(state, user_id).await?,
        documents: documents.into_iter().map(|d| d.kind).collect::<HashSet<_>>(),
    })
}

/// The services the citizen is likely eligible for today (rules whose service is in the
/// catalogue), each with its rule.
pub async fn suggestions(state: &AppState, user_id: i64, today: Date) -> Result<Vec<&'static Rule>, AppError> {
    let facts = facts(state, user_id).await?;
    let snap = crate::catalog::service::snapshot(state).await?;
    Ok(model::suggestions(&facts, today, |s| snap.service(s).is_some()))
}

// ---------------------------------------------------------------------------------------
// The job.

/// A notice to send (when consent still holds and it was not sent before).
struct Notice {
    key: String,
    user_id: i64,
    consent: &'static str,
    payload: Value,
}

const STOP_PATH: &str = "/akun/pemberitahuan-proaktif";

fn payload(path: String, extra: Value) -> Value {
    let mut p = json!({"path": path, "stop": STOP_PATH});
    if let (Some(p), Value::Object(extra)) = (p.as_object_mut(), extra) {
        p.extend(extra);
    }
    p
}

fn service_path(service: Option<&str>, fallback: &str) -> String {
    service.map(|s| format!("/layanan/{s}")).unwrap_or_else(|| fallback.to_string())
}

async fn expiry_notices(state: &AppState, user_id: i64, today: Date, out: &mut Vec<Notice>) -> Result<(), AppError> {
    let from = today.to_string();
    let to = (today + time::Duration::days(model::THRESHOLDS[0])).to_string();
    let mut conn = state.db.conn().await?;
    for d in store::documents_expiring(&mut conn, user_id, &from, &to).await? {
        let Some(expires) = crate::calendar::parse_date(&d.expires_on) else { continue };
        let Some(t) = model::threshold((expires - today).whole_days()) else { continue };
        let renew = model::renewal_service(&d.kind);
        out.push(Notice {
            key: format!("exp:own:{}:{}:{t}", d.id, d.expires_on),
            user_id,
            consent: "expiry",
            payload: payload(
                service_path(renew, "/akun/dokumen-saya"),
                json!({"label": d.label, "label_key": format!("pro-doc-{}", d.kind), "valid_until": d.expires_on,
                       "days": t, "service_id": renew}),
            ),
        });
    }
    for (number, valid_until, service) in crate::documents::expiring_of(&mut conn, user_id, &from, &to).await? {
        let Some(expires) = crate::calendar::parse_date(&valid_until) else { continue };
        let Some(t) = model::threshold((expires - today).whole_days()) else { continue };
        // Issued documents already get a reminder at this threshold, consent or not
        // (`notify::worker::remind_expiring`): not a second one.
        if t == crate::notify::worker::REMINDER_DAYS {
            continue;
        }
        let renew = model::renewal_of_issued(&service).to_string();
        out.push(Notice {
            key: format!("exp:doc:{number}:{t}"),
            user_id,
            consent: "expiry",
            payload: payload(
                format!("/layanan/{renew}"),
                json!({"label": number, "valid_until": valid_until, "days": t, "service_id": renew}),
            ),
        });
    }
    Ok(())
}

async fn ktp_notices(state: &AppState, user_id: i64, today: Date, out: &mut Vec<Notice>) -> Result<(), AppError> {
    let recorded = store::members(&mut *state.db.conn().await?, user_id).await?;
    for m in recorded {
        let Some(born) = crate::calendar::parse_date(&m.birth_date) else { continue };
        if model::ktp_due(born, today) {
            out.push(ktp_notice(user_id, &format!("m{}", m.id), &m.name, born));
        }
    }
    for (child, name, birth) in crate::identity::service::family_on_kk(state, user_id).await? {
        let Some(born) = birth.as_deref().and_then(crate::calendar::parse_date) else { continue };
        // A child with an account who already applied for the KTP-el needs no reminder.
        if model::ktp_due(born, today)
            && !crate::applications::service::services_of(state, child).await?.contains(model::KTP_SERVICE)
        {
            out.push(ktp_notice(user_id, &format!("u{child}"), &name, born));
        }
    }
    Ok(())
}

fn ktp_notice(user_id: i64, member: &str, name: &str, born: Date) -> Notice {
    Notice {
        key: format!("ktp17:{user_id}:{member}"),
        user_id,
        consent: "ktp17",
        payload: payload(
            format!("/layanan/{}", model::KTP_SERVICE),
            json!({"name": name, "valid_until": model::anniversary(born, 17).to_string(),
                   "service_id": model::KTP_SERVICE}),
        ),
    }
}

async fn service_notices(state: &AppState, user_id: i64, today: Date, out: &mut Vec<Notice>) -> Result<(), AppError> {
    // The KTP-el at 17 has its own kind of notice (and consent).
    for rule in suggestions(state, user_id, today).await?.into_iter().filter(|r| r.id != "ktp17") {
        out.push(Notice {
            key: format!("svc:{user_id}:{}:{}", rule.id, today.year()),
            user_id,
            consent: "services",
            payload: payload(
                format!("/layanan/{}", rule.service),
                json!({"label_key": format!("pro-rule-{}", rule.id), "service_id": rule.service}),
            ),
        });
    }
    Ok(())
}

/// Queue every notice due on `today` for the citizens who consented; returns how many were
/// queued. Consent is read again in the transaction that queues each notice, so a withdrawal
/// stops the next one at once; running twice (or in two processes) queues nothing twice.
pub async fn run_once(state: &AppState, today: Date) -> Result<usize, AppError> {
    let mut notices = vec![];
    let mut conn = state.db.conn().await?;
    let expiry = store::consenting(&mut conn, "expiry").await?;
    let ktp = store::consenting(&mut conn, "ktp17").await?;
    let services = store::consenting(&mut conn, "services").await?;
    drop(conn);
    for user in expiry {
        expiry_notices(state, user, today, &mut notices).await?;
    }
    for user in ktp {
        ktp_notices(state, user, today, &mut notices).await?;
    }
    for user in services {
        service_notices(state, user, today, &mut notices).await?;
    }
    // One transaction per citizen: their notices, each queued only if its consent still holds
    // and it was not sent before.
    let mut by_user: std::collections::BTreeMap<i64, Vec<Notice>> = Default::default();
    for mut n in notices {
        // A code of its own per notice (a push service replaces a waiting message of the same
        // topic, and a topic is at most 32 URL-safe characters).
        let digest = <sha2::Sha256 as sha2::Digest>::digest(n.key.as_bytes());
        n.payload["code"] = json!(format!("pro-{}", hex::encode(&digest[..8])));
        by_user.entry(n.user_id).or_default().push(n);
    }
    let mut sent = 0;
    for (user_id, list) in by_user {
        let now = db::now();
        sent += state
            .db
            .write(move |tx| {
                Box::pin(async move {
                    let mut queued = 0;
                    for kind in CONSENT_KINDS {
                        let of_kind: Vec<&Notice> = list.iter().filter(|n| n.consent == kind).collect();
                        if of_kind.is_empty() || !store::granted(tx, user_id, kind).await? {
                            continue;
                        }
                        let notice = notice_kind(kind);
                        for n in of_kind {
                            if store::mark_sent(tx, &n.key, user_id, notice, now).await? {
                                let key = format!("pro:{}", n.key);
                                crate::notify::service::queue(tx, notice, user_id, &n.payload, &key, now).await?;
                                queued += 1;
                            }
                        }
                    }
                    Ok::<_, sqlx::Error>(queued)
                })
            })
            .await?;
    }
    Ok(sent)
}

/// Run [`run_once`] once a day (at start, then when the agency's date changes; a failed run is
/// tried again ten minutes later) until the process ends. With several processes each runs it:
/// a notice is still sent once.
pub fn spawn_job(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut done_on = None;
        loop {
            tick.tick().await;
            let day = today(&state);
            if done_on == Some(day) {
                continue;
            }
            if let Some(n) = crate::db::jobs::run_logged(&state.db, "proactive", run_once(&state, day)).await {
                done_on = Some(day);
                if n > 0 {
                    tracing::info!(notices = n, "proactive notices queued");
                }
            }
        }
    })
}

/// Demo data: Siti consents to every kind, has a SIM C expiring in 20 days and a son who turns
/// 17 in 25 days (by his NIK).
pub async fn demo(state: &AppState, siti: i64) -> Result<(), AppError> {
    let today = today(state);
    set_consents(state, siti, &CONSENT_KINDS.map(String::from)).await?;
    let sim = DocumentInput {
        kind: "sim-c".into(),
        label: "Sepeda motor".into(),
        number: "9012-3456-7890".into(),
        expires_on: (today + time::Duration::days(20)).to_string(),
    };
    add_document(state, siti, &sim).await?;
    let paspor = DocumentInput {
        kind: "paspor".into(),
        label: String::new(),
        number: "C1234567".into(),
        expires_on: model::anniversary(today, 3).to_string(),
    };
    add_document(state, siti, &paspor).await?;
    let born = model::anniversary(today + time::Duration::days(25), -17);
    let nik = format!("327301{:02}{:02}{:02}0003", born.day(), u8::from(born.month()), born.year() % 100);
    add_member(state, siti, &MemberInput { name: "Rizky Pratama".into(), nik, birth_date: String::new() }).await?;
    Ok(())
}
