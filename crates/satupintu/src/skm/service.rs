//! The rules of the survey: the invitation job (a citizen is invited once per finished item,
//! reminded once), answering an invitation or a kiosk form (one transaction with its ledger
//! entry), and the IKM of each service unit per period with its Krejcie–Morgan minimum sample.

use std::collections::BTreeMap;

use serde_json::json;

use super::model::{self, AnswerInput, Ikm, Period};
use super::store::{self, Invitation, NewResponse};
use crate::app::AppState;
use crate::db::{self, Db};
use crate::identity::{CurrentUser, Role};
use crate::ledger::Leaf;
use crate::web::AppError;

pub use super::model::UnitIkm;

/// How far back the first scan of a new installation looks (older items are not invited).
const FIRST_SCAN_DAYS: i64 = 30;
/// The scan starts this much before the previous one, for transactions that committed late.
const SCAN_OVERLAP: i64 = 600;
const DAY: i64 = 86_400;
const WATERMARK: &str = "skm.scan_since";

/// The agency's UTC offset in hours (checked at start-up).
pub fn offset(state: &AppState) -> i8 {
    state.config.utc_offset_hours().unwrap_or(7)
}

/// What one run of the job did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobRun {
    pub invited: usize,
    pub reminded: usize,
}

/// Invite and remind now.
pub async fn run_once(state: &AppState) -> Result<JobRun, AppError> {
    run_at(state, db::now()).await
}

/// Invite the citizens of items finished since the last scan and remind the invitations open for
/// `skm_reminder_days`, as at `now`. Safe with several processes: an item's invitation is unique
/// in the table and its notification is queued in the transaction that inserted it; a reminder
/// is queued only by the transaction that marked it.
pub async fn run_at(state: &AppState, now: i64) -> Result<JobRun, AppError> {
    let expires = now + state.config.skm_invitation_days.max(1) * DAY;
    let remind_before = now - state.config.skm_reminder_days.max(0) * DAY;
    let run = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let since = match db::meta_get(tx, WATERMARK).await?.and_then(|v| v.parse::<i64>().ok()) {
                    Some(t) => t - SCAN_OVERLAP,
                    None => now - FIRST_SCAN_DAYS * DAY,
                };
                let mut run = JobRun::default();
                for f in store::finished_since(tx, since).await? {
                    if let Some(id) = store::invite(tx, &f, now, expires).await? {
                        let payload = json!({"code": id.to_string(), "path": format!("/survei/{id}")});
                        crate::notify::service::queue(
                            tx,
                            "skm_invite",
                            f.citizen_id,
                            &payload,
                            &format!("skm-invite:{id}"),
                            now,
                        )
                        .await?;
                        run.invited += 1;
                    }
                }
                db::meta_set(tx, WATERMARK, &now.to_string()).await?;
                for inv in store::due_reminders(tx, remind_before, now).await? {
                    if store::mark_reminded(tx, inv.id, now).await? {
                        let payload = json!({"code": inv.id.to_string(), "path": format!("/survei/{}", inv.id)});
                        crate::notify::service::queue(
                            tx,
                            "skm_reminder",
                            inv.citizen_id,
                            &payload,
                            &format!("skm-reminder:{}", inv.id),
                            now,
                        )
                        .await?;
                        run.reminded += 1;
                    }
                }
                Ok::<_, AppError>(run)
            })
        })
        .await?;
    if run.invited + run.reminded > 0 {
        tracing::info!(invited = run.invited, reminded = run.reminded, "satisfaction survey invitations");
    }
    Ok(run)
}

/// The invitation job, every minute.
pub fn spawn_invitations(state: AppState) -> tokio::task::JoinHandle<()> {
    crate::db::jobs::every(state, std::time::Duration::from_secs(60), "skm-invitations", |s| async move {
        run_once(&s).await
    })
}

/// Where an invitation stands for its citizen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Open,
    Answered,
    Expired,
}

pub fn standing(inv: &Invitation, now: i64) -> Standing {
    if inv.answered_at.is_some() {
        Standing::Answered
    } else if inv.expires_at <= now {
        Standing::Expired
    } else {
        Standing::Open
    }
}

/// The invitation `id` of `user` (only its own citizen sees it).
pub async fn own_invitation(state: &AppState, user: &CurrentUser, id: i64) -> Result<Invitation, AppError> {
    let inv = store::get_invitation(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)?;
    if user.role != Role::Citizen || inv.citizen_id != user.id {
        return Err(AppError::Forbidden);
    }
    Ok(inv)
}

/// The invitations of a citizen, newest first.
pub async fn my_invitations(state: &AppState, user: &CurrentUser) -> Result<Vec<Invitation>, AppError> {
    Ok(store::invitations_of(&mut *state.db.conn().await?, user.id).await?)
}

fn response_leaf(agency: &str, month: &str, channel: &str, scores: &model::Scores, now: i64) -> Leaf {
    let scores: Vec<String> = scores.iter().map(i64::to_string).collect();
    Leaf::new("skm.response", now)
        .with("agency", agency.to_string())
        .with("month", month.to_string())
        .with("channel", channel.to_string())
        .with("scores", scores.join(","))
}

/// Answer invitation `id`: once, by its own citizen, before it expires.
pub async fn answer(state: &AppState, user: &CurrentUser, id: i64, input: &AnswerInput) -> Result<(), AppError> {
    let inv = own_invitation(state, user, id).await?;
    let answer = model::check(input).map_err(AppError::Validation)?;
    let now = db::now();
    match standing(&inv, now) {
        Standing::Answered => return Err(AppError::Conflict { key: "error-skm-answered" }),
        Standing::Expired => return Err(AppError::Conflict { key: "error-skm-expired" }),
        Standing::Open => {}
    }
    let month = model::month_of(now, offset(state));
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::mark_answered(tx, inv.id, now).await? {
                    return Err(AppError::Conflict { key: "error-skm-answered" });
                }
                let r = NewResponse {
                    invitation_id: Some(inv.id),
                    agency_id: &inv.agency_id,
                    service_id: inv.service_id.as_deref(),
                    channel: "online",
                    month: &month,
                    scores: &answer.scores,
                    suggestion: &answer.suggestion,
                    kiosk_user: None,
                };
                store::insert_response(tx, &r, now).await?;
                crate::ledger::record(tx, &response_leaf(&inv.agency_id, &month, "online", &answer.scores, now))
                    .await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    tracing::info!(invitation = id, "satisfaction survey answered");
    Ok(())
}

/// Roles that open the kiosk form for their agency's counter.
pub const KIOSK_ROLES: [Role; 3] = [Role::Officer, Role::Supervisor, Role::AgencyAdmin];

/// Answers one kiosk takes per minute at most: nine questions take a person longer than ten
/// seconds, so more is someone pressing "send" over and over.
pub const KIOSK_PER_MINUTE: i64 = 6;

/// A walk-in's anonymous answer on the kiosk of `user`'s agency.
pub async fn kiosk_answer(state: &AppState, user: &CurrentUser, input: &AnswerInput) -> Result<(), AppError> {
    let agency = user.agency_id.clone().filter(|_| KIOSK_ROLES.contains(&user.role)).ok_or(AppError::Forbidden)?;
    let answer = model::check(input).map_err(AppError::Validation)?;
    let now = db::now();
    let month = model::month_of(now, offset(state));
    let user_id = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if store::kiosk_answers_since(tx, user_id, now - 60).await? >= KIOSK_PER_MINUTE {
                    return Err(AppError::RateLimited { retry_after: 60 });
                }
                let r = NewResponse {
                    invitation_id: None,
                    agency_id: &agency,
                    service_id: None,
                    channel: "kiosk",
                    month: &month,
                    scores: &answer.scores,
                    suggestion: &answer.suggestion,
                    kiosk_user: Some(user_id),
                };
                store::insert_response(tx, &r, now).await?;
                crate::ledger::record(tx, &response_leaf(&agency, &month, "kiosk", &answer.scores, now)).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// The IKM of one unit in one period, with what the report needs.
#[derive(Clone, Debug)]
pub struct UnitPeriod {
    pub agency_id: String,
    pub ikm: Option<Ikm>,
    pub respondents: i64,
    /// Services delivered in the period (the population N).
    pub population: i64,
    /// Krejcie–Morgan minimum sample for that population.
    pub minimum: i64,
}

impl UnitPeriod {
    /// Fewer responses than the minimum sample.
    pub fn too_few(&self) -> bool {
        self.respondents < self.minimum
    }
}

fn pooled(rows: &[store::MonthSums]) -> BTreeMap<String, (i64, model::Scores)> {
    let mut out: BTreeMap<String, (i64, model::Scores)> = BTreeMap::new();
    for r in rows {
        let e = out.entry(r.agency_id.clone()).or_insert((0, [0; model::ELEMENTS]));
        e.0 += r.respondents;
        for (s, v) in e.1.iter_mut().zip(r.sums.iter()) {
            *s += v;
        }
    }
    out
}

/// The IKM of every unit (or only `agency` when not empty) in `period`: units with responses or
/// services delivered in it, in the catalogue's agency order.
pub async fn units(state: &AppState, period: &Period, agency: &str) -> Result<Vec<UnitPeriod>, AppError> {
    let mut conn = state.db.conn().await?;
    let rows = store::sums(&mut conn, &period.months(), agency).await?;
    let (from, to) = model::period_bounds(period, offset(state));
    let population = store::population(&mut conn, from, to).await?;
    let pooled = pooled(&rows);
    let snap = crate::catalog::service::snapshot(state).await?;
    let mut out = vec![];
    for a in &snap.agencies {
        if !agency.is_empty() && a.id != agency {
            continue;
        }
        let sums = pooled.get(&a.id);
        let pop = population.get(&a.id).copied().unwrap_or(0);
        if sums.is_none() && pop == 0 && agency.is_empty() {
            continue;
        }
        let (n, s) = sums.copied().unwrap_or((0, [0; model::ELEMENTS]));
        out.push(UnitPeriod {
            agency_id: a.id.clone(),
            ikm: Ikm::from_sums(&s, n),
            respondents: n,
            population: pop,
            minimum: model::minimum_sample(pop),
        });
    }
    Ok(out)
}

/// The IKM of `agency` in each of `months` (none for a month without responses).
pub async fn trend(state: &AppState, agency: &str, months: &[String]) -> Result<Vec<(String, Option<Ikm>)>, AppError> {
    let rows = store::sums(&mut *state.db.conn().await?, months, agency).await?;
    Ok(months
        .iter()
        .map(|m| {
            let ikm = rows.iter().find(|r| &r.month == m).and_then(|r| Ikm::from_sums(&r.sums, r.respondents));
            (m.clone(), ikm)
        })
        .collect())
}

/// The months with responses, newest first, and the default period (the newest month, or this
/// month when there are none).
pub async fn periods(state: &AppState) -> Result<(Vec<String>, Period), AppError> {
    let months = store::months(&mut *state.db.conn().await?).await?;
    let default = months
        .first()
        .and_then(|m| Period::of_month(m))
        .or_else(|| Period::of_month(&model::month_of(db::now(), offset(state))))
        .unwrap_or(Period::Year(2026));
    Ok((months, default))
}

/// Suggestions of `agency` in `period`, newest first (month, text).
pub async fn suggestions(state: &AppState, agency: &str, period: &Period) -> Result<Vec<(String, String)>, AppError> {
    Ok(store::suggestions(&mut *state.db.conn().await?, agency, &period.months(), 500).await?)
}

/// Who may export an agency's official report: its admins and supervisors, platform admins and
/// auditors (any agency).
pub fn may_report(user: &CurrentUser, agency: &str) -> bool {
    match user.role {
        Role::SuperAdmin | Role::Auditor => true,
        Role::AgencyAdmin | Role::Supervisor => user.agency_id.as_deref() == Some(agency),
        _ => false,
    }
}

/// The IKM per unit and month for the dashboards (contract with the performance dashboards):
/// for every unit with responses in any of `months`, one row per month (`ikm` none when the
/// month has no responses).
pub async fn monthly_ikm(db: &Db, months: &[String]) -> Result<Vec<UnitIkm>, sqlx::Error> {
    let rows = store::sums(&mut *db.conn().await?, months, "").await?;
    let agencies: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.agency_id.as_str()).collect();
    let mut out = vec![];
    for a in agencies {
        for m in months {
            let ikm = rows
                .iter()
                .find(|r| r.agency_id == a && &r.month == m)
                .and_then(|r| Ikm::from_sums(&r.sums, r.respondents));
            out.push(UnitIkm {
                agency_id: a.to_string(),
                month: m.clone(),
                ikm: ikm.as_ref().map(Ikm::value),
                category: ikm.as_ref().map(|i| i.category),
                respondents: ikm.as_ref().map_or(0, |i| i.respondents),
            });
        }
    }
    Ok(out)
}
