//! The rules of e-participation. Every state change is one transaction that also writes its
//! events (notifications, moderation log, ledger leaf).
//!
//! - Ideas: a citizen proposes; citizens support (once each, and may withdraw); at the support
//!   threshold an open idea awaits an official answer from the agency it is addressed to (or
//!   from platform admins when it names none). The answer is told to the proposer and every
//!   supporter; an accepted idea is followed on the accountability page.
//! - Moderation: anyone signed in reports an idea or a comment once; at the report threshold the
//!   item is hidden until staff restore or remove it. Every act is logged.
//! - Participatory budgeting: one ballot per verified citizen (an account with a NIK), final once
//!   cast. Who voted and what was chosen are kept in two tables with nothing linking them; the
//!   ballot is keyed by the hash of a random receipt that only the voter gets. Publishing the
//!   results counts the ballots, picks the winners and puts the tally and a digest of all
//!   ballots in the ledger, so anyone can count the published ballots again.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::model::{self, Answer, ItemKind, NewIdea, NewProcess, NewProject, Phase, Stance};
use super::store::{self, Comment, Idea, Item, ItemUpdate, Process, Project};
use crate::app::AppState;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// The support threshold when none is configured.
pub const DEFAULT_SUPPORT_THRESHOLD: i64 = 100;

/// Supports an idea needs before it awaits an official answer.
pub fn support_threshold(state: &AppState) -> i64 {
    state.config.participation_support_threshold.unwrap_or(DEFAULT_SUPPORT_THRESHOLD).max(1)
}

fn report_threshold(state: &AppState) -> i64 {
    state.config.participation_report_threshold.max(1)
}

fn invalid(errors: Vec<FieldError>) -> AppError {
    AppError::Validation(errors)
}

/// Staff who answer ideas, moderate, review projects, run consultations and polls and update
/// accountability items: case workers and admins (not auditors).
pub const ANSWERERS: [Role; 4] = [Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::SuperAdmin];

/// Those who run participatory-budgeting processes: agency admins and platform admins.
pub const PB_ADMINS: [Role; 2] = [Role::AgencyAdmin, Role::SuperAdmin];

pub fn is_answerer(user: &CurrentUser) -> bool {
    ANSWERERS.contains(&user.role)
}

/// Whether `user` may give the official answer to `idea`: staff of the agency it is addressed
/// to, or platform admins.
pub fn may_answer(user: &CurrentUser, idea: &Idea) -> bool {
    match idea.agency_id.as_deref() {
        Some(agency) => speaks_for(user, agency),
        None => user.role == Role::SuperAdmin,
    }
}

/// A verified person: a citizen account with a NIK.
pub async fn is_verified(state: &AppState, user: &CurrentUser) -> Result<bool, AppError> {
    if user.role != Role::Citizen {
        return Ok(false);
    }
    Ok(crate::identity::service::profile(state, user.id).await?.nik_masked.is_some())
}

// ---------------------------------------------------------------------------------------
// Ideas.

/// What a person fills in to propose an idea.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct IdeaInput {
    pub title: String,
    pub body: String,
    pub category: String,
    pub agency: String,
    pub region: String,
}

/// Propose an idea (citizens); returns its id.
pub async fn propose(state: &AppState, user: &CurrentUser, input: &IdeaInput) -> Result<i64, AppError> {
    let snapshot = crate::catalog::service::snapshot(state).await?;
    let idea = NewIdea::parse(&input.title, &input.body, &input.category, &input.agency, &input.region, |a| {
        snapshot.agency(a).is_some()
    })
    .map_err(invalid)?;
    let author = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move { Ok::<_, AppError>(store::insert_idea(tx, author, &idea, db::now()).await?) })
        })
        .await
}

/// Whether `viewer` may see an idea or comment with this visibility and author.
fn can_see(viewer: Option<&CurrentUser>, visibility: &str, author: i64) -> bool {
    visibility == "visible" || viewer.is_some_and(|u| u.id == author || is_answerer(u) || u.role == Role::Auditor)
}

/// Ideas for the list (visible ones, and the viewer's own).
pub async fn ideas(state: &AppState, viewer: Option<&CurrentUser>, status: &str) -> Result<Vec<Idea>, AppError> {
    let status = if matches!(status, "open" | "awaiting_answer" | "answered") { status } else { "" };
    Ok(store::ideas(&mut *state.db.conn().await?, status, viewer.map_or(0, |u| u.id), 200).await?)
}

/// An idea as the viewer sees it.
pub struct IdeaView {
    pub idea: Idea,
    pub comments: Vec<Comment>,
    pub counts: [(Stance, i64); 3],
    pub threshold: i64,
    pub supported: bool,
    pub may_answer: bool,
}

pub async fn idea(state: &AppState, viewer: Option<&CurrentUser>, id: i64) -> Result<IdeaView, AppError> {
    let mut conn = state.db.conn().await?;
    let idea = store::idea(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    if !can_see(viewer, &idea.visibility, idea.author_id) {
        return Err(AppError::NotFound);
    }
    let all = store::comments(&mut conn, id).await?;
    let counts = Stance::ALL.map(|s| {
        let n = all.iter().filter(|c| c.visibility == "visible" && c.stance == s.as_str()).count();
        (s, i64::try_from(n).unwrap_or(i64::MAX))
    });
    let comments = all.into_iter().filter(|c| can_see(viewer, &c.visibility, c.author_id)).collect();
    let supported = match viewer {
        Some(u) => store::has_supported(&mut conn, id, u.id).await?,
        None => false,
    };
    let may_answer = viewer.is_some_and(|u| may_answer(u, &idea));
    Ok(IdeaView { idea, comments, counts, threshold: support_threshold(state), supported, may_answer })
}

async fn open_idea(state: &AppState, id: i64) -> Result<Idea, AppError> {
    let idea = store::idea(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)?;
    if idea.visibility != "visible" {
        return Err(AppError::NotFound);
    }
    Ok(idea)
}

/// Support an idea (citizens, once each). Returns the number of supports.
pub async fn support(state: &AppState, user: &CurrentUser, id: i64) -> Result<i64, AppError> {
    let idea = open_idea(state, id).await?;
    if idea.status == "answered" {
        return Err(AppError::Conflict { key: "error-part-answered" });
    }
    let (uid, threshold) = (user.id, support_threshold(state));
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                done_or(store::add_support(tx, id, uid, db::now()).await?, "error-part-supported")?;
                let n = store::recount_supports(tx, id).await?;
                if n >= threshold {
                    store::mark_awaiting(tx, id).await?;
                }
                Ok::<_, AppError>(n)
            })
        })
        .await
}

/// Withdraw one's support. An idea that already awaits its answer keeps waiting for it.
pub async fn withdraw(state: &AppState, user: &CurrentUser, id: i64) -> Result<i64, AppError> {
    open_idea(state, id).await?;
    let uid = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                done_or(store::remove_support(tx, id, uid).await?, "error-part-not-supported")?;
                Ok::<_, AppError>(store::recount_supports(tx, id).await?)
            })
        })
        .await
}

/// Comment on an idea, for, against or neutral.
pub async fn comment(state: &AppState, user: &CurrentUser, id: i64, stance: &str, body: &str) -> Result<i64, AppError> {
    open_idea(state, id).await?;
    let mut errors = vec![];
    let stance = Stance::parse(stance.trim());
    if stance.is_none() {
        errors.push(FieldError::new("stance", "field-option"));
    }
    let body = model::comment_body(body).map_err(|e| errors.extend(e)).ok();
    let (Some(stance), Some(body), true) = (stance, body, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let uid = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                Ok::<_, AppError>(store::insert_comment(tx, id, uid, stance.as_str(), &body, db::now()).await?)
            })
        })
        .await
}

/// The ideas `user` may answer now.
pub async fn answer_queue(state: &AppState, user: &CurrentUser) -> Result<Vec<Idea>, AppError> {
    let agency = if user.role == Role::SuperAdmin {
        None
    } else {
        match user.agency_id.as_deref() {
            Some(a) => Some(a),
            None => return Ok(vec![]),
        }
    };
    Ok(store::answer_queue(&mut *state.db.conn().await?, agency).await?)
}

/// Publish the official answer to an idea awaiting one; the proposer and every supporter are
/// told, and an accepted idea starts being followed on the accountability page.
pub async fn answer(state: &AppState, user: &CurrentUser, id: i64, answer: &str, text: &str) -> Result<(), AppError> {
    let idea = open_idea(state, id).await?;
    if !may_answer(user, &idea) {
        return Err(AppError::Forbidden);
    }
    let mut errors = vec![];
    let answer = Answer::parse(answer.trim());
    if answer.is_none() {
        errors.push(FieldError::new("answer", "field-option"));
    }
    let text = model::reason("text", text).map_err(|e| errors.extend(e)).ok();
    let (Some(answer), Some(text), true) = (answer, text, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let by = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                done_or(store::answer(tx, id, answer.as_str(), &text, by, now).await?, "error-part-not-awaiting")?;
                let mut people = store::supporters(tx, id).await?;
                people.push(idea.author_id);
                people.sort_unstable();
                people.dedup();
                let payload = json!({"code": idea.title, "status": answer.as_str(), "idea": id});
                for p in people {
                    let key = format!("idea-answer:{id}:{}:{p}", answer.as_str());
                    crate::notify::service::queue(tx, "idea_answered", p, &payload, &key, now).await?;
                }
                if answer == Answer::Accepted {
                    store::insert_item(tx, "idea", id, &idea.title, now).await?;
                }
                Ok::<_, AppError>(())
            })
        })
        .await
}

// ---------------------------------------------------------------------------------------
// Reports and moderation.

async fn item_author(state: &AppState, kind: ItemKind, id: i64) -> Result<(i64, String), AppError> {
    let mut conn = state.db.conn().await?;
    match kind {
        ItemKind::Idea => store::idea(&mut conn, id).await?.map(|i| (i.author_id, i.visibility)),
        ItemKind::Comment => store::comment(&mut conn, id).await?.map(|c| (c.author_id, c.visibility)),
    }
    .ok_or(AppError::NotFound)
}

/// Report an idea or a comment (once per person). At the report threshold it is hidden until
/// staff review it. Returns whether it is now hidden.
pub async fn report(state: &AppState, user: &CurrentUser, kind: &str, id: i64, reason: &str) -> Result<bool, AppError> {
    let kind = ItemKind::parse(kind).ok_or(AppError::NotFound)?;
    let (author, visibility) = item_author(state, kind, id).await?;
    if visibility != "visible" {
        return Err(AppError::NotFound);
    }
    if author == user.id {
        return Err(AppError::Conflict { key: "error-part-report-own" });
    }
    let reason = model::reason("reason", reason).map_err(invalid)?;
    let (uid, threshold) = (user.id, report_threshold(state));
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                done_or(store::add_report(tx, kind, id, uid, &reason, now).await?, "error-part-reported")?;
                let (n, visibility) = store::count_report(tx, kind, id).await?;
                if n >= threshold
                    && visibility == "visible"
                    && store::set_visibility(tx, kind, id, "visible", "hidden", "").await?
                {
                    store::log_moderation(tx, kind, id, None, "auto_hide", &n.to_string(), now).await?;
                    return Ok::<_, AppError>(true);
                }
                Ok(false)
            })
        })
        .await
}

/// Staff decide on a reported item: `restore` a hidden one, or `remove` a hidden or visible one,
/// with a reason. Logged with who, when, what and why.
pub async fn moderate(
    state: &AppState,
    user: &CurrentUser,
    kind: &str,
    id: i64,
    action: &str,
    reason: &str,
) -> Result<(), AppError> {
    if !is_answerer(user) {
        return Err(AppError::Forbidden);
    }
    let kind = ItemKind::parse(kind).ok_or(AppError::NotFound)?;
    let (_, visibility) = item_author(state, kind, id).await?;
    let mut errors = vec![];
    let to = match action {
        "restore" => "visible",
        "remove" => "removed",
        _ => {
            errors.push(FieldError::new("action", "field-option"));
            ""
        }
    };
    let reason = model::reason("reason", reason).map_err(|e| errors.extend(e)).ok();
    let (Some(reason), true) = (reason, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let allowed = matches!((to, visibility.as_str()), ("visible", "hidden") | ("removed", "hidden" | "visible"));
    if !allowed {
        return Err(AppError::Conflict { key: "error-part-moderated" });
    }
    let (actor, action) = (user.id, action.to_string());
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                let shown_reason = if to == "visible" { "" } else { reason.as_str() };
                done_or(
                    store::set_visibility(tx, kind, id, &visibility, to, shown_reason).await?,
                    "error-part-moderated",
                )?;
                if to == "visible" {
                    store::clear_reports(tx, kind, id).await?;
                }
                store::log_moderation(tx, kind, id, Some(actor), &action, &reason, now).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// The moderation queue: hidden items with the reasons given, and the latest acts.
pub async fn moderation(state: &AppState) -> Result<(Vec<store::Hidden>, Vec<store::ModerationAct>), AppError> {
    let mut conn = state.db.conn().await?;
    let hidden = store::hidden_items(&mut conn).await?;
    let log = store::moderation_log(&mut conn, 100).await?;
    Ok((hidden, log))
}

// ---------------------------------------------------------------------------------------
// Participatory budgeting.

pub fn is_pb_admin(user: &CurrentUser) -> bool {
    PB_ADMINS.contains(&user.role)
}

pub async fn processes(state: &AppState) -> Result<Vec<Process>, AppError> {
    Ok(store::processes(&mut *state.db.conn().await?).await?)
}

/// What a person fills in to start a process.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProcessInput {
    pub title: String,
    pub description: String,
    pub region: String,
    pub total_budget: String,
    pub voter_limit: String,
    pub proposing_until: String,
    pub reviewing_until: String,
    pub voting_until: String,
}

pub async fn create_process(state: &AppState, user: &CurrentUser, input: &ProcessInput) -> Result<i64, AppError> {
    if !is_pb_admin(user) {
        return Err(AppError::Forbidden);
    }
    let p = NewProcess::parse(
        &input.title,
        &input.description,
        &input.region,
        &input.total_budget,
        &input.voter_limit,
        [&input.proposing_until, &input.reviewing_until, &input.voting_until],
    )
    .map_err(invalid)?;
    state
        .db
        .write(move |tx| Box::pin(async move { Ok::<_, AppError>(store::insert_process(tx, &p, db::now()).await?) }))
        .await
}

/// A process as the viewer sees it.
pub struct ProcessView {
    pub process: Process,
    /// Every project for staff; for citizens what the phase shows (all proposals while
    /// proposing and reviewing, the feasible ones while voting and in the results).
    pub projects: Vec<Project>,
    pub voted: bool,
    pub verified: bool,
    pub voters: i64,
}

pub async fn process(state: &AppState, viewer: Option<&CurrentUser>, id: i64) -> Result<ProcessView, AppError> {
    let mut conn = state.db.conn().await?;
    let process = store::process(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let mut projects = store::projects(&mut conn, id).await?;
    let staff = viewer.is_some_and(|u| u.role.is_staff());
    if !staff && matches!(process.phase, Phase::Voting | Phase::Results) {
        projects.retain(|p| p.status == "feasible");
    }
    if process.phase == Phase::Results {
        projects.sort_by(|a, b| b.votes.cmp(&a.votes).then(a.cost.cmp(&b.cost)).then(a.id.cmp(&b.id)));
    }
    let voted = match viewer {
        Some(u) => store::has_voted(&mut conn, id, u.id).await?,
        None => false,
    };
    let voters = store::voter_count(&mut conn, id).await?;
    drop(conn);
    let verified = match viewer {
        Some(u) => is_verified(state, u).await?,
        None => false,
    };
    Ok(ProcessView { process, projects, voted, verified, voters })
}

async fn load_process(state: &AppState, id: i64) -> Result<Process, AppError> {
    store::process(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)
}

/// Propose a project with its cost (citizens, while the process takes proposals).
pub async fn propose_project(
    state: &AppState,
    user: &CurrentUser,
    process: i64,
    title: &str,
    description: &str,
    cost: &str,
) -> Result<i64, AppError> {
    let p = load_process(state, process).await?;
    if p.phase != Phase::Proposing {
        return Err(AppError::Conflict { key: "error-part-phase" });
    }
    let project = NewProject::parse(title, description, cost, p.total_budget).map_err(invalid)?;
    let uid = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(
                async move { Ok::<_, AppError>(store::insert_project(tx, process, uid, &project, db::now()).await?) },
            )
        })
        .await
}

/// Staff judge a project feasible or not (with a reason when not), while proposing or reviewing.
pub async fn review_project(
    state: &AppState,
    user: &CurrentUser,
    project: i64,
    verdict: &str,
    reason: &str,
) -> Result<i64, AppError> {
    if !is_answerer(user) {
        return Err(AppError::Forbidden);
    }
    let pr = store::project(&mut *state.db.conn().await?, project).await?.ok_or(AppError::NotFound)?;
    let p = load_process(state, pr.process_id).await?;
    if !matches!(p.phase, Phase::Proposing | Phase::Reviewing) {
        return Err(AppError::Conflict { key: "error-part-phase" });
    }
    let (status, reason) = match verdict {
        "feasible" => ("feasible", reason.trim().chars().take(model::MAX_REASON).collect::<String>()),
        "unfeasible" => ("unfeasible", model::reason("reason", reason).map_err(invalid)?),
        _ => return Err(invalid(vec![FieldError::new("verdict", "field-option")])),
    };
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::review_project(tx, project, status, &reason).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(p.id)
}

/// Cast a ballot: a verified citizen, once per process, while voting; the chosen projects must
/// be on the ballot and cost together no more than the per-voter limit. A ballot is final.
/// Returns the receipt (shown once: the server keeps only its hash).
pub async fn vote(state: &AppState, user: &CurrentUser, process: i64, chosen: &[String]) -> Result<String, AppError> {
    let p = load_process(state, process).await?;
    if p.phase != Phase::Voting {
        return Err(AppError::Conflict { key: "error-part-phase" });
    }
    if let Some(until) = crate::calendar::parse_date(&p.voting_until) {
        if today(state) > until {
            return Err(AppError::Conflict { key: "error-part-phase" });
        }
    }
    if !is_verified(state, user).await? {
        return Err(AppError::Refused { key: "error-part-unverified" });
    }
    let on_ballot: Vec<(i64, i64)> = store::projects(&mut *state.db.conn().await?, process)
        .await?
        .iter()
        .filter(|p| p.status == "feasible")
        .map(|p| (p.id, p.cost))
        .collect();
    let ids = model::check_ballot(chosen, &on_ballot, p.voter_limit).map_err(|e| invalid(vec![e]))?;
    let receipt = crate::identity::random_token();
    let receipt_hash = crate::ledger::sha256_hex(receipt.as_bytes());
    let uid = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                done_or(store::insert_voter(tx, process, uid).await?, "error-part-voted")?;
                store::insert_ballot(tx, process, &receipt_hash, &model::ballot_text(&ids)).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(receipt)
}

/// The projects a receipt's ballot chose, if that ballot is counted in this process.
pub async fn check_receipt(state: &AppState, process: i64, receipt: &str) -> Result<Option<Vec<i64>>, AppError> {
    let hash = crate::ledger::sha256_hex(receipt.trim().as_bytes());
    let ballots = store::ballots(&mut *state.db.conn().await?, process).await?;
    Ok(ballots.into_iter().find(|(h, _)| *h == hash).map(|(_, p)| model::ballot_ids(&p)))
}

/// The published results: every anonymous ballot, the tally and the digest the ledger holds.
pub struct Results {
    pub ballots: Vec<(String, String)>,
    pub tally: BTreeMap<i64, i64>,
    pub digest: String,
}

pub async fn results(state: &AppState, process: i64) -> Result<Results, AppError> {
    let p = load_process(state, process).await?;
    if p.phase != Phase::Results {
        return Err(AppError::NotFound);
    }
    let ballots = store::ballots(&mut *state.db.conn().await?, process).await?;
    let tally = model::tally(&ballots);
    let digest = model::ballots_digest(&ballots);
    Ok(Results { ballots, tally, digest })
}

/// Move a process to its next phase (admins). Entering the results counts the ballots, marks
/// the winners (greedy by votes within the total budget), follows them on the accountability
/// page and records the tally and the ballots' digest in the ledger, in one transaction.
pub async fn advance(state: &AppState, user: &CurrentUser, process: i64) -> Result<Phase, AppError> {
    if !is_pb_admin(user) {
        return Err(AppError::Forbidden);
    }
    let p = load_process(state, process).await?;
    let next = p.phase.next().ok_or(AppError::Conflict { key: "error-part-phase" })?;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                done_or(store::set_phase(tx, process, p.phase, next).await?, "error-part-phase")?;
                if next == Phase::Results {
                    publish_results(tx, &p, now).await?;
                }
                Ok::<_, AppError>(next)
            })
        })
        .await
}

async fn publish_results(tx: &mut db::Tx, p: &Process, now: i64) -> Result<(), AppError> {
    let ballots = store::ballots(tx, p.id).await?;
    let tally = model::tally(&ballots);
    let digest = model::ballots_digest(&ballots);
    let feasible: Vec<Project> =
        store::projects(tx, p.id).await?.into_iter().filter(|x| x.status == "feasible").collect();
    let rows: Vec<(i64, i64, i64)> =
        feasible.iter().map(|x| (x.id, x.cost, tally.get(&x.id).copied().unwrap_or(0))).collect();
    let (_, won) = model::winners(&rows, p.total_budget);
    for (id, _, votes) in &rows {
        store::set_project_result(tx, *id, *votes, won.contains(id)).await?;
    }
    for x in feasible.iter().filter(|x| won.contains(&x.id)) {
        store::insert_item(tx, "project", x.id, &x.title, now).await?;
    }
    store::set_ballots_hash(tx, p.id, &digest).await?;
    let leaf = crate::ledger::Leaf::new("participation.pb_results", now)
        .with("process", p.id)
        .with("ballots", i64::try_from(ballots.len()).unwrap_or(i64::MAX))
        .with("ballots_hash", digest)
        .with("tally", counts_json(rows.iter().map(|(id, _, votes)| (*id, *votes))))
        .with("winners", won)
        .with("total_budget", p.total_budget);
    crate::ledger::record(tx, &leaf).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Accountability.

pub async fn accountability(state: &AppState) -> Result<Vec<Item>, AppError> {
    Ok(store::items(&mut *state.db.conn().await?).await?)
}

pub async fn accountability_item(state: &AppState, id: i64) -> Result<(Item, Vec<ItemUpdate>), AppError> {
    let mut conn = state.db.conn().await?;
    let item = store::item(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let updates = store::item_updates(&mut conn, id).await?;
    Ok((item, updates))
}

/// Staff post a dated update: status, progress percentage and a note.
pub async fn update_item(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    status: &str,
    progress: &str,
    note: &str,
) -> Result<(), AppError> {
    if !is_answerer(user) {
        return Err(AppError::Forbidden);
    }
    let mut conn = state.db.conn().await?;
    store::item(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let mut errors = vec![];
    if !matches!(status, "planned" | "in_progress" | "done") {
        errors.push(FieldError::new("status", "field-option"));
    }
    let progress = model::progress(progress);
    if progress.is_none() {
        errors.push(FieldError::new("progress", "part-field-progress"));
    }
    let note = model::reason("note", note).map_err(|e| errors.extend(e)).ok();
    let (Some(progress), Some(note), true) = (progress, note, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let (status, actor) = (status.to_string(), user.id);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::update_item(tx, id, &status, progress, &note, actor, db::now()).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

// ---------------------------------------------------------------------------------------
// Public consultations on draft regulations.

/// Today in the agency's time zone.
pub fn today(state: &AppState) -> time::Date {
    crate::calendar::local_date(db::now(), state.config.utc_offset_hours().unwrap_or(7))
}

/// Whether a consultation takes comments today (from its opening to its closing date).
pub fn consultation_open(state: &AppState, c: &store::Consultation) -> bool {
    let t = today(state);
    let opens = crate::calendar::parse_date(&c.opens_on);
    let closes = crate::calendar::parse_date(&c.closes_on);
    opens.is_some_and(|o| o <= t) && closes.is_some_and(|e| t <= e)
}

/// Whether `user` speaks for `agency` (its case workers and admins, or platform admins).
pub fn speaks_for(user: &CurrentUser, agency: &str) -> bool {
    user.role == Role::SuperAdmin || (is_answerer(user) && user.agency_id.as_deref() == Some(agency))
}

/// What staff fill in to open a consultation.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ConsultationInput {
    pub title: String,
    pub agency: String,
    pub summary: String,
    pub opens_on: String,
    pub closes_on: String,
    pub draft: String,
}

/// Open a consultation on a draft, for the staff member's own agency (platform admins choose one).
pub async fn create_consultation(
    state: &AppState,
    user: &CurrentUser,
    input: &ConsultationInput,
) -> Result<i64, AppError> {
    let agency = match (user.role, user.agency_id.as_deref()) {
        (Role::SuperAdmin, _) => input.agency.trim().to_string(),
        (_, Some(a)) if is_answerer(user) => a.to_string(),
        _ => return Err(AppError::Forbidden),
    };
    let snapshot = crate::catalog::service::snapshot(state).await?;
    let mut errors = vec![];
    if snapshot.agency(&agency).is_none() {
        errors.push(FieldError::new("agency", "part-field-agency"));
    }
    let c =
        model::NewConsultation::parse(&input.title, &input.summary, &input.opens_on, &input.closes_on, &input.draft)
            .map_err(|e| errors.extend(e))
            .ok();
    let (Some(c), true) = (c, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let by = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(
                async move { Ok::<_, AppError>(store::insert_consultation(tx, &c, &agency, by, db::now()).await?) },
            )
        })
        .await
}

pub async fn consultations(state: &AppState) -> Result<Vec<store::Consultation>, AppError> {
    Ok(store::consultations(&mut *state.db.conn().await?).await?)
}

/// A consultation with its paragraphs and every comment.
pub struct ConsultationView {
    pub c: store::Consultation,
    pub open: bool,
    pub closed: bool,
    pub paragraphs: Vec<store::Paragraph>,
    pub comments: Vec<store::ParagraphComment>,
}

pub async fn consultation(state: &AppState, id: i64) -> Result<ConsultationView, AppError> {
    let mut conn = state.db.conn().await?;
    let c = store::consultation(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let paragraphs = store::paragraphs(&mut conn, id).await?;
    let comments = store::paragraph_comments(&mut conn, id).await?;
    drop(conn);
    let open = consultation_open(state, &c);
    let closed = crate::calendar::parse_date(&c.closes_on).is_some_and(|e| today(state) > e);
    Ok(ConsultationView { c, open, closed, paragraphs, comments })
}

/// A citizen's comment on one paragraph, while the consultation is open.
pub async fn comment_paragraph(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    paragraph: &str,
    stance: &str,
    body: &str,
) -> Result<(), AppError> {
    let v = consultation(state, id).await?;
    if !v.open {
        return Err(AppError::Conflict { key: "error-part-consultation-closed" });
    }
    let mut errors = vec![];
    let paragraph = paragraph.trim().parse::<i64>().ok().filter(|p| v.paragraphs.iter().any(|x| x.id == *p));
    if paragraph.is_none() {
        errors.push(FieldError::new("paragraph", "field-option"));
    }
    let stance = Stance::parse(stance.trim());
    if stance.is_none() {
        errors.push(FieldError::new("stance", "field-option"));
    }
    let body = model::comment_body(body).map_err(|e| errors.extend(e)).ok();
    let (Some(paragraph), Some(stance), Some(body), true) = (paragraph, stance, body, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    let uid = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::insert_paragraph_comment(tx, id, paragraph, uid, stance.as_str(), &body, db::now()).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// The agency's response summary, once the consultation has closed.
pub async fn respond(state: &AppState, user: &CurrentUser, id: i64, text: &str) -> Result<(), AppError> {
    let v = consultation(state, id).await?;
    if !speaks_for(user, &v.c.agency_id) {
        return Err(AppError::Forbidden);
    }
    if !v.closed {
        return Err(AppError::Conflict { key: "error-part-consultation-open" });
    }
    let text = text.trim().to_string();
    let n = text.chars().count();
    if n < 10 {
        return Err(invalid(vec![FieldError::new("response", "part-field-too-short")]));
    }
    if n > model::MAX_BODY * 2 {
        return Err(invalid(vec![FieldError::new("response", "field-too-long")]));
    }
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                store::set_response(tx, id, &text, now).await?;
                crate::ledger::record(
                    tx,
                    &crate::ledger::Leaf::new("participation.consultation_response", now)
                        .with("consultation", id)
                        .with_hash("response_sha256", text.as_bytes()),
                )
                .await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

// ---------------------------------------------------------------------------------------
// Polls.

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PollInput {
    pub question: String,
    pub options: String,
    pub closes_on: String,
}

pub async fn create_poll(state: &AppState, user: &CurrentUser, input: &PollInput) -> Result<i64, AppError> {
    if !is_answerer(user) {
        return Err(AppError::Forbidden);
    }
    let p = model::NewPoll::parse(&input.question, &input.options, &input.closes_on).map_err(invalid)?;
    let agency = user.agency_id.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move { Ok::<_, AppError>(store::insert_poll(tx, &p, agency.as_deref(), db::now()).await?) })
        })
        .await
}

pub async fn polls(state: &AppState) -> Result<Vec<store::Poll>, AppError> {
    Ok(store::polls(&mut *state.db.conn().await?).await?)
}

/// A poll as the viewer sees it: the counts only after answering or once closed.
pub struct PollView {
    pub poll: store::Poll,
    pub options: Vec<(i64, String, i64)>,
    pub closed: bool,
    pub answered: bool,
    pub verified: bool,
    pub show_results: bool,
}

/// Whether a poll is closed: by staff, or past its closing date.
pub fn poll_closed(state: &AppState, p: &store::Poll) -> bool {
    p.closed_at.is_some() || crate::calendar::parse_date(&p.closes_on).is_some_and(|e| today(state) > e)
}

pub async fn poll(state: &AppState, viewer: Option<&CurrentUser>, id: i64) -> Result<PollView, AppError> {
    let mut conn = state.db.conn().await?;
    let poll = store::poll(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let mut options = store::poll_options(&mut conn, id).await?;
    let answered = match viewer {
        Some(u) => store::has_answered(&mut conn, id, u.id).await?,
        None => false,
    };
    drop(conn);
    let verified = match viewer {
        Some(u) => is_verified(state, u).await?,
        None => false,
    };
    let closed = poll_closed(state, &poll);
    let show_results = closed || answered;
    if !show_results {
        for o in &mut options {
            o.2 = 0;
        }
    }
    Ok(PollView { poll, options, closed, answered, verified, show_results })
}

/// One answer per verified person, while the poll is open.
pub async fn answer_poll(state: &AppState, user: &CurrentUser, id: i64, option: &str) -> Result<(), AppError> {
    let v = poll(state, Some(user), id).await?;
    if v.closed {
        return Err(AppError::Conflict { key: "error-part-poll-closed" });
    }
    if !v.verified {
        return Err(AppError::Refused { key: "error-part-unverified" });
    }
    let option = option.trim().parse::<i64>().ok().filter(|o| v.options.iter().any(|x| x.0 == *o));
    let Some(option) = option else {
        return Err(invalid(vec![FieldError::new("option", "field-option")]));
    };
    let uid = user.id;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                done_or(store::answer_poll(tx, id, option, uid).await?, "error-part-poll-answered")?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// Whether `user` may close a poll: staff of its agency (any staff for a poll of no agency), or
/// platform admins.
pub fn may_close_poll(user: &CurrentUser, poll: &store::Poll) -> bool {
    user.role == Role::SuperAdmin
        || (is_answerer(user) && (poll.agency_id.is_none() || poll.agency_id == user.agency_id))
}

/// Close a poll (staff) and record its counts in the ledger.
pub async fn close_poll(state: &AppState, user: &CurrentUser, id: i64) -> Result<(), AppError> {
    let v = poll(state, None, id).await?;
    if !may_close_poll(user, &v.poll) {
        return Err(AppError::Forbidden);
    }
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let now = db::now();
                done_or(store::close_poll(tx, id, now).await?, "error-part-poll-closed")?;
                let options = store::poll_options(tx, id).await?;
                let total: i64 = options.iter().map(|o| o.2).sum();
                let leaf = crate::ledger::Leaf::new("participation.poll_results", now)
                    .with("poll", id)
                    .with("answers", total)
                    .with("counts", counts_json(options.iter().map(|(o, _, n)| (*o, *n))));
                crate::ledger::record(tx, &leaf).await?;
                Ok::<_, AppError>(())
            })
        })
        .await
}

/// A write that changed nothing (a second support, an item already moderated, a closed poll)
/// is a conflict with this message.
fn done_or(done: bool, key: &'static str) -> Result<(), AppError> {
    if done {
        Ok(())
    } else {
        Err(AppError::Conflict { key })
    }
}

/// Counts by id (votes by project, answers by option) as a ledger value: `{"id": count}`.
fn counts_json(counts: impl Iterator<Item = (i64, i64)>) -> Value {
    Value::Object(counts.map(|(id, n)| (id.to_string(), Value::from(n))).collect())
}
