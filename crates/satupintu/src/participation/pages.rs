//! E-participation pages: the hub, ideas (list, proposing, one idea with supports, comments,
//! reports and the official answer), the staff answer queue and moderation queue,
//! participatory budgeting (processes, proposing, the ballot, the receipt, the results with the
//! published ballots) and its staff pages, and the accountability pages. Every page works
//! without JavaScript: each form posts and a page is shown again.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, Answer, Phase, Stance};
use super::service::{self, ConsultationInput, IdeaInput, PollInput, ProcessInput};
use super::store::{Idea, Item, Process, Project};
use crate::app::AppState;
use crate::identity::CurrentUser;
use crate::web::auth::{Authorized, Citizens, RoleSet, SignedIn};
use crate::web::routes::Pages;
use crate::web::{
    fmt_datetime, render, render_form, rupiah, see_other, ApiPath, AppError, CsrfForm, Ctx, FormErrors, Layout, T,
};

/// Staff who answer ideas, moderate, review projects and update accountability items.
pub struct Answerers;
impl RoleSet for Answerers {
    const ROLES: &'static [crate::identity::Role] = &service::ANSWERERS;
}

/// Those who run participatory-budgeting processes.
pub struct PbAdmins;
impl RoleSet for PbAdmins {
    const ROLES: &'static [crate::identity::Role] = &service::PB_ADMINS;
}

pub fn pages() -> Pages {
    Pages::new()
        .get("/partisipasi", hub)
        .get("/partisipasi/gagasan", ideas_page)
        .post("/partisipasi/gagasan", propose)
        .get("/partisipasi/gagasan/baru", propose_page)
        .get("/partisipasi/gagasan/{id}", idea_page)
        .post("/partisipasi/gagasan/{id}/dukung", support)
        .post("/partisipasi/gagasan/{id}/tarik", withdraw)
        .post("/partisipasi/gagasan/{id}/komentar", comment)
        .post("/partisipasi/laporkan", report)
        .get("/petugas/partisipasi", queue_page)
        .post("/petugas/partisipasi/gagasan/{id}/jawab", answer)
        .get("/petugas/moderasi", moderation_page)
        .post("/petugas/moderasi", moderate)
        .get("/partisipasi/anggaran", processes_page)
        .get("/partisipasi/anggaran/{id}", process_page)
        .post("/partisipasi/anggaran/{id}/usulan", propose_project)
        .post("/partisipasi/anggaran/{id}/pilih", vote)
        .get("/partisipasi/anggaran/{id}/hasil", results_page)
        .get("/petugas/anggaran", admin_processes_page)
        .post("/petugas/anggaran", create_process)
        .get("/petugas/anggaran/{id}", admin_process_page)
        .post("/petugas/anggaran/{id}/tahap", advance)
        .post("/petugas/anggaran/usulan/{id}/tinjau", review)
        .get("/partisipasi/akuntabilitas", accountability_page)
        .get("/partisipasi/akuntabilitas/{id}", item_page)
        .post("/petugas/akuntabilitas/{id}", update_item)
        .get("/partisipasi/konsultasi", consultations_page)
        .get("/partisipasi/konsultasi/{id}", consultation_page)
        .post("/partisipasi/konsultasi/{id}/komentar", comment_paragraph)
        .get("/petugas/konsultasi", admin_consultations_page)
        .post("/petugas/konsultasi", create_consultation)
        .post("/petugas/konsultasi/{id}/tanggapan", respond)
        .get("/partisipasi/jajak", polls_page)
        .get("/partisipasi/jajak/{id}", poll_page)
        .post("/partisipasi/jajak/{id}/jawab", answer_poll)
        .get("/petugas/jajak", admin_polls_page)
        .post("/petugas/jajak", create_poll)
        .post("/petugas/jajak/{id}/tutup", close_poll)
}

fn viewer(ctx: &Ctx) -> Option<&CurrentUser> {
    ctx.user.as_ref().filter(|u| u.is_full())
}

/// How a person is named in public: the first word of their name only.
fn public_name(full: &str) -> String {
    full.split_whitespace().next().unwrap_or("").to_string()
}

fn date(ts: i64, t: T<'_>) -> String {
    fmt_datetime(ts, t.lang)
}

/// A choice in a select or radio list.
struct Choice {
    value: String,
    label: String,
}

// ---------------------------------------------------------------------------------------
// The hub and the idea list.

struct IdeaRow {
    id: i64,
    title: String,
    category: String,
    status: String,
    supports: i64,
    percent: i64,
    hidden: bool,
}

fn idea_row(t: T<'_>, i: &Idea, threshold: i64) -> IdeaRow {
    IdeaRow {
        id: i.id,
        title: i.title.clone(),
        category: t.t(&format!("part-category-{}", i.category)),
        status: status_label(t, i),
        supports: i.supports,
        percent: (i.supports * 100 / threshold.max(1)).min(100),
        hidden: i.visibility != "visible",
    }
}

fn status_label(t: T<'_>, i: &Idea) -> String {
    match (i.status.as_str(), i.answer.as_deref()) {
        ("answered", Some(a)) => t.t(&format!("part-answer-{a}")),
        (s, _) => t.t(&format!("part-status-{}", s.replace('_', "-"))),
    }
}

struct ProcessRow {
    id: i64,
    title: String,
    region: String,
    phase: String,
    budget: String,
}

fn process_row(t: T<'_>, p: &Process) -> ProcessRow {
    ProcessRow {
        id: p.id,
        title: p.title.clone(),
        region: p.region.clone(),
        phase: t.t(&format!("part-phase-{}", p.phase.as_str())),
        budget: rupiah(p.total_budget),
    }
}

#[derive(Template)]
#[template(path = "participation/hub.html")]
struct HubPage<'a> {
    l: Layout<'a>,
    ideas: Vec<IdeaRow>,
    processes: Vec<ProcessRow>,
    threshold: i64,
    citizen: bool,
}

async fn hub(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let threshold = service::support_threshold(&state);
    let ideas = service::ideas(&state, None, "open").await?.iter().take(5).map(|i| idea_row(t, i, threshold)).collect();
    let processes = service::processes(&state).await?.iter().take(5).map(|p| process_row(t, p)).collect();
    let citizen = viewer(&ctx).is_some_and(|u| !u.role.is_staff());
    let page = HubPage { l: Layout::new(&ctx, t.t("part-title")), ideas, processes, threshold, citizen };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "participation/ideas.html")]
struct IdeasPage<'a> {
    l: Layout<'a>,
    rows: Vec<IdeaRow>,
    filters: Vec<(String, String, bool)>,
    threshold: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct IdeasQuery {
    status: String,
}

async fn ideas_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<IdeasQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let threshold = service::support_threshold(&state);
    let rows =
        service::ideas(&state, viewer(&ctx), &q.status).await?.iter().map(|i| idea_row(t, i, threshold)).collect();
    let filters = ["", "open", "awaiting_answer", "answered"]
        .iter()
        .map(|s| {
            let label = if s.is_empty() {
                t.t("part-filter-all")
            } else {
                t.t(&format!("part-status-{}", s.replace('_', "-")))
            };
            (s.to_string(), label, q.status == *s)
        })
        .collect();
    let page = IdeasPage { l: Layout::new(&ctx, t.t("part-ideas-title")), rows, filters, threshold };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------------------------------
// Proposing an idea.

#[derive(Template)]
#[template(path = "participation/idea_form.html")]
struct IdeaFormPage<'a> {
    l: Layout<'a>,
    form: IdeaInput,
    categories: Vec<Choice>,
    agencies: Vec<Choice>,
    errors: FormErrors,
}

async fn idea_form(
    state: &AppState,
    auth: &Authorized<Citizens>,
    form: IdeaInput,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let snapshot = crate::catalog::service::snapshot(state).await?;
    let agencies = snapshot
        .agencies
        .iter()
        .map(|a| Choice { value: a.id.clone(), label: a.name.get(t.lang).to_string() })
        .collect();
    let categories = model::CATEGORIES
        .iter()
        .map(|c| Choice { value: c.to_string(), label: t.t(&format!("part-category-{c}")) })
        .collect();
    let has_errors = !errors.is_empty();
    let page = IdeaFormPage {
        l: Layout::new(&auth.ctx, t.t("part-propose-title")).with_errors(has_errors),
        form,
        categories,
        agencies,
        errors,
    };
    render_form(&page, has_errors)
}

async fn propose_page(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    idea_form(&state, &auth, IdeaInput::default(), FormErrors::default()).await
}

async fn propose(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(form): CsrfForm<IdeaInput>,
) -> Result<Response, AppError> {
    match service::propose(&state, &auth.user, &form).await {
        Ok(id) => Ok(see_other(&format!("/partisipasi/gagasan/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            idea_form(&state, &auth, form, errors).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// One idea.

struct CommentView {
    id: i64,
    author: String,
    stance: String,
    stance_class: &'static str,
    body: String,
    when: String,
    hidden: bool,
    reason: String,
    mine: bool,
    reason_field: String,
}

#[derive(Template)]
#[template(path = "participation/idea.html")]
struct IdeaPage<'a> {
    l: Layout<'a>,
    id: i64,
    title: String,
    body: String,
    byline: String,
    idea_reason_field: String,
    category: String,
    agency: String,
    region: String,
    status: String,
    awaiting: bool,
    answered: bool,
    answer: String,
    answer_text: String,
    answered_at: String,
    supports: i64,
    threshold: i64,
    percent: i64,
    hidden: bool,
    moderation_reason: String,
    signed_in: bool,
    citizen: bool,
    mine: bool,
    supported: bool,
    may_answer: bool,
    counts: Vec<(String, i64)>,
    comments: Vec<CommentView>,
    stances: Vec<Choice>,
    answers: Vec<Choice>,
    comment_stance: String,
    comment_body: String,
    errors: FormErrors,
}

/// Values of a form on the idea page to show again with its errors.
#[derive(Default)]
struct IdeaForms {
    stance: String,
    body: String,
}

async fn idea_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    forms: IdeaForms,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let user = viewer(ctx);
    let v = service::idea(state, user, id).await?;
    let i = &v.idea;
    let agency = match i.agency_id.as_deref() {
        Some(a) => {
            crate::catalog::service::agency(state, a).await?.map(|a| a.name.get(t.lang).to_string()).unwrap_or_default()
        }
        None => String::new(),
    };
    let comments = v
        .comments
        .iter()
        .map(|c| CommentView {
            id: c.id,
            author: public_name(&c.author_name),
            stance: t.t(&format!("part-stance-{}", c.stance)),
            stance_class: match c.stance.as_str() {
                "for" => "sp-stance--for",
                "against" => "sp-stance--against",
                _ => "sp-stance--neutral",
            },
            body: c.body.clone(),
            when: date(c.created_at, t),
            hidden: c.visibility != "visible",
            reason: moderation_text(t, &c.visibility, &c.moderation_reason),
            mine: user.is_some_and(|u| u.id == c.author_id),
            reason_field: format!("reason-comment-{}", c.id),
        })
        .collect();
    let has_errors = !errors.is_empty();
    let page = IdeaPage {
        l: Layout::new(ctx, i.title.clone()).with_errors(has_errors),
        id: i.id,
        title: i.title.clone(),
        body: i.body.clone(),
        byline: t.t2("part-by", ("name", public_name(&i.author_name)), ("date", date(i.created_at, t))),
        idea_reason_field: format!("reason-idea-{}", i.id),
        category: t.t(&format!("part-category-{}", i.category)),
        agency,
        region: i.region.clone(),
        status: status_label(t, i),
        awaiting: i.status == "awaiting_answer",
        answered: i.status == "answered",
        answer: i.answer.as_deref().map(|a| t.t(&format!("part-answer-{a}"))).unwrap_or_default(),
        answer_text: i.answer_text.clone().unwrap_or_default(),
        answered_at: i.answered_at.map(|a| date(a, t)).unwrap_or_default(),
        supports: i.supports,
        threshold: v.threshold,
        percent: (i.supports * 100 / v.threshold.max(1)).min(100),
        hidden: i.visibility != "visible",
        moderation_reason: moderation_text(t, &i.visibility, &i.moderation_reason),
        signed_in: user.is_some(),
        citizen: user.is_some_and(|u| !u.role.is_staff()),
        mine: user.is_some_and(|u| u.id == i.author_id),
        supported: v.supported,
        may_answer: v.may_answer && (i.status == "awaiting_answer" || i.answer.as_deref() == Some("studying")),
        counts: v.counts.iter().map(|(s, n)| (t.t(&format!("part-stance-{}", s.as_str())), *n)).collect(),
        comments,
        stances: Stance::ALL
            .iter()
            .map(|s| Choice { value: s.as_str().into(), label: t.t(&format!("part-stance-{}", s.as_str())) })
            .collect(),
        answers: Answer::ALL
            .iter()
            .map(|a| Choice { value: a.as_str().into(), label: t.t(&format!("part-answer-{}", a.as_str())) })
            .collect(),
        comment_stance: if forms.stance.is_empty() { "neutral".into() } else { forms.stance },
        comment_body: forms.body,
        errors,
    };
    render_form(&page, has_errors)
}

/// Why an item is not shown to everyone (empty when it is).
fn moderation_text(t: T<'_>, visibility: &str, reason: &str) -> String {
    match visibility {
        "hidden" => t.t("part-hidden-auto"),
        "removed" => t.t1("part-removed-reason", "reason", reason),
        _ => String::new(),
    }
}

async fn idea_page(State(state): State<AppState>, ctx: Ctx, ApiPath(id): ApiPath<i64>) -> Result<Response, AppError> {
    idea_view(&state, &ctx, id, IdeaForms::default(), FormErrors::default()).await
}

async fn support(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::support(&state, &auth.user, id).await?;
    Ok(see_other(&format!("/partisipasi/gagasan/{id}")))
}

async fn withdraw(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::withdraw(&state, &auth.user, id).await?;
    Ok(see_other(&format!("/partisipasi/gagasan/{id}")))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Empty {}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CommentForm {
    stance: String,
    body: String,
}

async fn comment(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, AppError> {
    match service::comment(&state, &auth.user, id, &form.stance, &form.body).await {
        Ok(c) => Ok(see_other(&format!("/partisipasi/gagasan/{id}#komentar-{c}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            idea_view(&state, &auth.ctx, id, IdeaForms { stance: form.stance, body: form.body }, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportForm {
    kind: String,
    id: String,
    idea: String,
    reason: String,
}

async fn report(
    State(state): State<AppState>,
    auth: SignedIn,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, AppError> {
    let id: i64 = form.id.trim().parse().map_err(|_| AppError::NotFound)?;
    let idea: i64 = form.idea.trim().parse().unwrap_or(id);
    match service::report(&state, &auth.user, &form.kind, id, &form.reason).await {
        Ok(_) => Ok(see_other(&format!("/partisipasi/gagasan/{idea}"))),
        Err(AppError::Validation(errs)) => {
            // The report forms share one reason field per item: point at the item's own.
            let field = format!("reason-{}-{id}", form.kind);
            let errs: Vec<_> = errs.into_iter().map(|e| crate::web::FieldError::new(field.clone(), e.key)).collect();
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            idea_view(&state, &auth.ctx, idea, IdeaForms::default(), errors).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// The official answer.

#[derive(Template)]
#[template(path = "participation/queue.html")]
struct QueuePage<'a> {
    l: Layout<'a>,
    rows: Vec<IdeaRow>,
    threshold: i64,
}

async fn queue_page(State(state): State<AppState>, auth: Authorized<Answerers>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let threshold = service::support_threshold(&state);
    let rows = service::answer_queue(&state, &auth.user).await?.iter().map(|i| idea_row(t, i, threshold)).collect();
    let page = QueuePage { l: Layout::new(&auth.ctx, t.t("part-queue-title")), rows, threshold };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerForm {
    answer: String,
    text: String,
}

async fn answer(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> Result<Response, AppError> {
    match service::answer(&state, &auth.user, id, &form.answer, &form.text).await {
        Ok(()) => Ok(see_other(&format!("/partisipasi/gagasan/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            idea_view(&state, &auth.ctx, id, IdeaForms::default(), errors).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Moderation.

struct HiddenView {
    kind: String,
    kind_label: String,
    id: i64,
    idea_id: i64,
    text: String,
    reasons: Vec<String>,
    field: String,
}

struct ActView {
    what: String,
    actor: String,
    action: String,
    reason: String,
    when: String,
}

#[derive(Template)]
#[template(path = "participation/moderation.html")]
struct ModerationPage<'a> {
    l: Layout<'a>,
    hidden: Vec<HiddenView>,
    log: Vec<ActView>,
    errors: FormErrors,
}

async fn moderation_view(
    state: &AppState,
    auth: &Authorized<Answerers>,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let (hidden, log) = service::moderation(state).await?;
    let hidden = hidden
        .into_iter()
        .map(|h| HiddenView {
            field: format!("reason-{}-{}", h.kind, h.id),
            kind_label: t.t(&format!("part-kind-{}", h.kind)),
            kind: h.kind,
            id: h.id,
            idea_id: h.idea_id,
            text: h.text,
            reasons: h.reasons,
        })
        .collect();
    let log = log
        .into_iter()
        .map(|a| ActView {
            what: format!("{} #{}", t.t(&format!("part-kind-{}", a.kind)), a.item_id),
            actor: a.actor.unwrap_or_else(|| t.t("part-mod-system")),
            action: t.t(match a.action.as_str() {
                "auto_hide" => "part-mod-auto-hide",
                "restore" => "part-mod-restore-done",
                _ => "part-mod-remove-done",
            }),
            reason: if a.action == "auto_hide" { t.t1("part-mod-reports", "count", &a.reason) } else { a.reason },
            when: date(a.at, t),
        })
        .collect();
    let has_errors = !errors.is_empty();
    let page = ModerationPage {
        l: Layout::new(&auth.ctx, t.t("part-mod-title")).with_errors(has_errors),
        hidden,
        log,
        errors,
    };
    render_form(&page, has_errors)
}

async fn moderation_page(State(state): State<AppState>, auth: Authorized<Answerers>) -> Result<Response, AppError> {
    moderation_view(&state, &auth, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModerateForm {
    kind: String,
    id: String,
    action: String,
    reason: String,
}

async fn moderate(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    CsrfForm(form): CsrfForm<ModerateForm>,
) -> Result<Response, AppError> {
    let id: i64 = form.id.trim().parse().map_err(|_| AppError::NotFound)?;
    match service::moderate(&state, &auth.user, &form.kind, id, &form.action, &form.reason).await {
        Ok(()) => Ok(see_other("/petugas/moderasi")),
        Err(AppError::Validation(errs)) => {
            let field = format!("reason-{}-{id}", form.kind);
            let errs: Vec<_> = errs.into_iter().map(|e| crate::web::FieldError::new(field.clone(), e.key)).collect();
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            moderation_view(&state, &auth, errors).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Participatory budgeting.

#[derive(Template)]
#[template(path = "participation/processes.html")]
struct ProcessesPage<'a> {
    l: Layout<'a>,
    rows: Vec<ProcessRow>,
    staff: bool,
}

async fn processes_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let rows = service::processes(&state).await?.iter().map(|p| process_row(t, p)).collect();
    let staff = viewer(&ctx).is_some_and(service::is_answerer);
    let page = ProcessesPage { l: Layout::new(&ctx, t.t("part-pb-title")), rows, staff };
    Ok(render(&page)?.into_response())
}

struct ProjectView {
    id: i64,
    title: String,
    description: String,
    cost: String,
    status: String,
    reason: String,
    votes: i64,
    winner: bool,
    checked: bool,
    reason_field: String,
}

fn project_view(t: T<'_>, p: &Project, chosen: &[String]) -> ProjectView {
    ProjectView {
        id: p.id,
        title: p.title.clone(),
        description: p.description.clone(),
        cost: rupiah(p.cost),
        status: t.t(&format!("part-project-{}", p.status)),
        reason: p.review_reason.clone(),
        votes: p.votes,
        winner: p.winner,
        checked: chosen.iter().any(|c| c.trim() == p.id.to_string()),
        reason_field: format!("reason-{}", p.id),
    }
}

struct ProcessHead {
    id: i64,
    title: String,
    description: String,
    region: String,
    phase: String,
    phase_id: &'static str,
    budget: String,
    limit: String,
    dates: Vec<(String, String, bool)>,
    voters: i64,
}

fn process_head(t: T<'_>, p: &Process, voters: i64) -> ProcessHead {
    let dates = [
        (Phase::Proposing, &p.proposing_until),
        (Phase::Reviewing, &p.reviewing_until),
        (Phase::Voting, &p.voting_until),
    ]
    .iter()
    .map(|(ph, until)| {
        let label = t.t(&format!("part-phase-{}", ph.as_str()));
        let when = crate::calendar::parse_date(until).map(|d| crate::web::fmt_date(d, t.lang)).unwrap_or_default();
        (label, when, *ph == p.phase)
    })
    .collect();
    ProcessHead {
        id: p.id,
        title: p.title.clone(),
        description: p.description.clone(),
        region: p.region.clone(),
        phase: t.t(&format!("part-phase-{}", p.phase.as_str())),
        phase_id: p.phase.as_str(),
        budget: rupiah(p.total_budget),
        limit: rupiah(p.voter_limit),
        dates,
        voters,
    }
}

#[derive(Template)]
#[template(path = "participation/process.html")]
struct ProcessPage<'a> {
    l: Layout<'a>,
    p: ProcessHead,
    projects: Vec<ProjectView>,
    citizen: bool,
    signed_in: bool,
    verified: bool,
    voted: bool,
    form: ProjectForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProjectForm {
    title: String,
    description: String,
    cost: String,
}

async fn process_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    chosen: &[String],
    form: ProjectForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let user = viewer(ctx);
    let v = service::process(state, user, id).await?;
    let has_errors = !errors.is_empty();
    let page = ProcessPage {
        l: Layout::new(ctx, v.process.title.clone()).with_errors(has_errors),
        p: process_head(t, &v.process, v.voters),
        projects: v.projects.iter().map(|p| project_view(t, p, chosen)).collect(),
        citizen: user.is_some_and(|u| !u.role.is_staff()),
        signed_in: user.is_some(),
        verified: v.verified,
        voted: v.voted,
        form,
        errors,
    };
    render_form(&page, has_errors)
}

async fn process_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    process_view(&state, &ctx, id, &[], ProjectForm::default(), FormErrors::default()).await
}

async fn propose_project(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ProjectForm>,
) -> Result<Response, AppError> {
    match service::propose_project(&state, &auth.user, id, &form.title, &form.description, &form.cost).await {
        Ok(_) => Ok(see_other(&format!("/partisipasi/anggaran/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            process_view(&state, &auth.ctx, id, &[], form, errors).await
        }
        Err(e) => Err(e),
    }
}

/// The ballot: every chosen project is a `projects` field (a checkbox).
fn chosen_projects(body: &[(String, String)]) -> Vec<String> {
    body.iter().filter(|(k, _)| k == "projects").map(|(_, v)| v.clone()).collect()
}

#[derive(Template)]
#[template(path = "participation/receipt.html")]
struct ReceiptPage<'a> {
    l: Layout<'a>,
    id: i64,
    title: String,
    receipt: String,
    receipt_hash: String,
}

async fn vote(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(body): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let chosen = chosen_projects(&body);
    match service::vote(&state, &auth.user, id, &chosen).await {
        Ok(receipt) => {
            let t = auth.ctx.t();
            let v = service::process(&state, Some(&auth.user), id).await?;
            let page = ReceiptPage {
                l: Layout::new(&auth.ctx, t.t("part-receipt-title")),
                id,
                title: v.process.title,
                receipt_hash: crate::ledger::sha256_hex(receipt.as_bytes()),
                receipt,
            };
            Ok(render(&page)?.into_response())
        }
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            process_view(&state, &auth.ctx, id, &chosen, ProjectForm::default(), errors).await
        }
        Err(e) => Err(e),
    }
}

struct BallotView {
    hash: String,
    projects: String,
    mine: bool,
}

#[derive(Template)]
#[template(path = "participation/results.html")]
struct ResultsPage<'a> {
    l: Layout<'a>,
    p: ProcessHead,
    projects: Vec<ProjectView>,
    ballots: Vec<BallotView>,
    digest: String,
    checked: bool,
    found: Option<String>,
    receipt: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResultsQuery {
    tanda: String,
}

async fn results_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let v = service::process(&state, None, id).await?;
    let r = service::results(&state, id).await?;
    let receipt = q.tanda.trim().to_string();
    let mine_hash = (!receipt.is_empty()).then(|| crate::ledger::sha256_hex(receipt.as_bytes()));
    let found = match &mine_hash {
        Some(_) => service::check_receipt(&state, id, &receipt)
            .await?
            .map(|ids| ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")),
        None => None,
    };
    let ballots = r
        .ballots
        .iter()
        .map(|(h, p)| BallotView {
            hash: h.clone(),
            projects: model::ballot_ids(p).iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "),
            mine: mine_hash.as_deref() == Some(h.as_str()),
        })
        .collect();
    let page = ResultsPage {
        l: Layout::new(&ctx, t.t1("part-results-title", "title", &v.process.title)),
        p: process_head(t, &v.process, v.voters),
        projects: v.projects.iter().map(|p| project_view(t, p, &[])).collect(),
        ballots,
        digest: r.digest,
        checked: mine_hash.is_some(),
        found,
        receipt,
    };
    Ok(render(&page)?.into_response())
}

// Staff pages of participatory budgeting.

#[derive(Template)]
#[template(path = "participation/admin_processes.html")]
struct AdminProcessesPage<'a> {
    l: Layout<'a>,
    rows: Vec<ProcessRow>,
    admin: bool,
    form: ProcessInput,
    errors: FormErrors,
}

async fn admin_processes(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    form: ProcessInput,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let rows = service::processes(state).await?.iter().map(|p| process_row(t, p)).collect();
    let has_errors = !errors.is_empty();
    let page = AdminProcessesPage {
        l: Layout::new(ctx, t.t("part-pb-admin-title")).with_errors(has_errors),
        rows,
        admin: service::is_pb_admin(user),
        form,
        errors,
    };
    render_form(&page, has_errors)
}

async fn admin_processes_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
) -> Result<Response, AppError> {
    admin_processes(&state, &auth.ctx, &auth.user, ProcessInput::default(), FormErrors::default()).await
}

async fn create_process(
    State(state): State<AppState>,
    auth: Authorized<PbAdmins>,
    CsrfForm(form): CsrfForm<ProcessInput>,
) -> Result<Response, AppError> {
    match service::create_process(&state, &auth.user, &form).await {
        Ok(id) => Ok(see_other(&format!("/petugas/anggaran/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            admin_processes(&state, &auth.ctx, &auth.user, form, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "participation/admin_process.html")]
struct AdminProcessPage<'a> {
    l: Layout<'a>,
    p: ProcessHead,
    projects: Vec<ProjectView>,
    admin: bool,
    reviewing: bool,
    next_phase: String,
    errors: FormErrors,
}

async fn admin_process(
    state: &AppState,
    auth: &Authorized<Answerers>,
    id: i64,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let v = service::process(state, Some(&auth.user), id).await?;
    let has_errors = !errors.is_empty();
    let page = AdminProcessPage {
        l: Layout::new(&auth.ctx, v.process.title.clone()).with_errors(has_errors),
        p: process_head(t, &v.process, v.voters),
        projects: v.projects.iter().map(|p| project_view(t, p, &[])).collect(),
        admin: service::is_pb_admin(&auth.user),
        reviewing: matches!(v.process.phase, Phase::Proposing | Phase::Reviewing),
        next_phase: v.process.phase.next().map(|n| t.t(&format!("part-phase-{}", n.as_str()))).unwrap_or_default(),
        errors,
    };
    render_form(&page, has_errors)
}

async fn admin_process_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    admin_process(&state, &auth, id, FormErrors::default()).await
}

async fn advance(
    State(state): State<AppState>,
    auth: Authorized<PbAdmins>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::advance(&state, &auth.user, id).await?;
    Ok(see_other(&format!("/petugas/anggaran/{id}")))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReviewForm {
    verdict: String,
    reason: String,
}

async fn review(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    match service::review_project(&state, &auth.user, id, &form.verdict, &form.reason).await {
        Ok(process) => Ok(see_other(&format!("/petugas/anggaran/{process}"))),
        Err(AppError::Validation(errs)) => {
            let field = format!("reason-{id}");
            let errs: Vec<_> = errs.into_iter().map(|e| crate::web::FieldError::new(field.clone(), e.key)).collect();
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            let process = super::store::project(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)?;
            admin_process(&state, &auth, process.process_id, errors).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Accountability.

struct ItemRow {
    id: i64,
    title: String,
    source: String,
    source_link: String,
    status: String,
    progress: i64,
    updated: String,
}

fn item_row(t: T<'_>, i: &Item) -> ItemRow {
    ItemRow {
        id: i.id,
        title: i.title.clone(),
        source: t.t(&format!("part-source-{}", i.source_kind)),
        source_link: if i.source_kind == "idea" {
            format!("/partisipasi/gagasan/{}", i.source_id)
        } else {
            String::new()
        },
        status: t.t(&format!("part-item-{}", i.status.replace('_', "-"))),
        progress: i.progress,
        updated: date(i.updated_at, t),
    }
}

#[derive(Template)]
#[template(path = "participation/accountability.html")]
struct AccountabilityPage<'a> {
    l: Layout<'a>,
    rows: Vec<ItemRow>,
}

async fn accountability_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let rows = service::accountability(&state).await?.iter().map(|i| item_row(t, i)).collect();
    let page = AccountabilityPage { l: Layout::new(&ctx, t.t("part-acc-title")), rows };
    Ok(render(&page)?.into_response())
}

struct UpdateView {
    when: String,
    status: String,
    progress: i64,
    note: String,
}

#[derive(Template)]
#[template(path = "participation/item.html")]
struct ItemPage<'a> {
    l: Layout<'a>,
    item: ItemRow,
    status_id: String,
    updates: Vec<UpdateView>,
    staff: bool,
    statuses: Vec<Choice>,
    errors: FormErrors,
}

async fn item_view(state: &AppState, ctx: &Ctx, id: i64, errors: FormErrors) -> Result<Response, AppError> {
    let t = ctx.t();
    let (item, updates) = service::accountability_item(state, id).await?;
    let has_errors = !errors.is_empty();
    let page = ItemPage {
        l: Layout::new(ctx, item.title.clone()).with_errors(has_errors),
        status_id: item.status.clone(),
        item: item_row(t, &item),
        updates: updates
            .iter()
            .map(|u| UpdateView {
                when: date(u.at, t),
                status: t.t(&format!("part-item-{}", u.status.replace('_', "-"))),
                progress: u.progress,
                note: u.note.clone(),
            })
            .collect(),
        staff: viewer(ctx).is_some_and(service::is_answerer),
        statuses: ["planned", "in_progress", "done"]
            .iter()
            .map(|s| Choice { value: s.to_string(), label: t.t(&format!("part-item-{}", s.replace('_', "-"))) })
            .collect(),
        errors,
    };
    render_form(&page, has_errors)
}

async fn item_page(State(state): State<AppState>, ctx: Ctx, ApiPath(id): ApiPath<i64>) -> Result<Response, AppError> {
    item_view(&state, &ctx, id, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ItemForm {
    status: String,
    progress: String,
    note: String,
}

async fn update_item(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> Result<Response, AppError> {
    match service::update_item(&state, &auth.user, id, &form.status, &form.progress, &form.note).await {
        Ok(()) => Ok(see_other(&format!("/partisipasi/akuntabilitas/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            item_view(&state, &auth.ctx, id, errors).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Public consultations.

struct ConsultationRow {
    id: i64,
    title: String,
    agency: String,
    period: String,
    state: String,
}

async fn consultation_rows(state: &AppState, t: T<'_>) -> Result<Vec<ConsultationRow>, AppError> {
    let snapshot = crate::catalog::service::snapshot(state).await?;
    Ok(service::consultations(state)
        .await?
        .iter()
        .map(|c| ConsultationRow {
            id: c.id,
            title: c.title.clone(),
            agency: snapshot.agency(&c.agency_id).map(|a| a.name.get(t.lang).to_string()).unwrap_or_default(),
            period: period(t, &c.opens_on, &c.closes_on),
            state: t.t(if service::consultation_open(state, c) {
                "part-cons-open"
            } else if c.response.is_some() {
                "part-cons-responded"
            } else {
                "part-cons-not-open"
            }),
        })
        .collect())
}

fn period(t: T<'_>, from: &str, to: &str) -> String {
    let d = |s: &str| crate::calendar::parse_date(s).map(|d| crate::web::fmt_date(d, t.lang)).unwrap_or_default();
    t.t2("part-cons-period", ("from", d(from)), ("to", d(to)))
}

#[derive(Template)]
#[template(path = "participation/consultations.html")]
struct ConsultationsPage<'a> {
    l: Layout<'a>,
    rows: Vec<ConsultationRow>,
}

async fn consultations_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let rows = consultation_rows(&state, t).await?;
    let page = ConsultationsPage { l: Layout::new(&ctx, t.t("part-cons-title")), rows };
    Ok(render(&page)?.into_response())
}

struct ParagraphComment {
    author: String,
    stance: String,
    stance_class: &'static str,
    body: String,
    when: String,
}

struct ParagraphView {
    id: i64,
    label: String,
    body: String,
    counts: Vec<(String, i64)>,
    comments: Vec<ParagraphComment>,
    /// The first error of this paragraph's form, if it was sent with mistakes.
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "participation/consultation.html")]
struct ConsultationPage<'a> {
    l: Layout<'a>,
    id: i64,
    title: String,
    agency: String,
    summary: String,
    period: String,
    open: bool,
    closed: bool,
    response: String,
    response_at: String,
    citizen: bool,
    signed_in: bool,
    may_respond: bool,
    paragraphs: Vec<ParagraphView>,
    stances: Vec<Choice>,
    /// The paragraph whose form is shown again with errors, and what was typed.
    error_paragraph: i64,
    form_stance: String,
    form_body: String,
    errors: FormErrors,
}

fn stance_class(stance: &str) -> &'static str {
    match stance {
        "for" => "sp-stance--for",
        "against" => "sp-stance--against",
        _ => "sp-stance--neutral",
    }
}

fn stance_choices(t: T<'_>) -> Vec<Choice> {
    Stance::ALL
        .iter()
        .map(|s| Choice { value: s.as_str().into(), label: t.t(&format!("part-stance-{}", s.as_str())) })
        .collect()
}

async fn consultation_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: ParagraphForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let user = viewer(ctx);
    let v = service::consultation(state, id).await?;
    let agency = crate::catalog::service::agency(state, &v.c.agency_id)
        .await?
        .map(|a| a.name.get(t.lang).to_string())
        .unwrap_or_default();
    let paragraphs = v
        .paragraphs
        .iter()
        .map(|p| {
            let mine: Vec<_> = v.comments.iter().filter(|c| c.paragraph_id == p.id).collect();
            let own = p.id.to_string();
            ParagraphView {
                error: errors
                    .0
                    .iter()
                    .find(|(f, _)| f.rsplit_once('-').is_some_and(|(_, n)| n == own))
                    .map(|(_, m)| m.clone()),
                id: p.id,
                label: p.label.clone(),
                body: p.body.clone(),
                counts: Stance::ALL
                    .iter()
                    .map(|s| {
                        let n = mine.iter().filter(|c| c.stance == s.as_str()).count();
                        (t.t(&format!("part-stance-{}", s.as_str())), i64::try_from(n).unwrap_or(i64::MAX))
                    })
                    .collect(),
                comments: mine
                    .iter()
                    .map(|c| ParagraphComment {
                        author: public_name(&c.author_name),
                        stance: t.t(&format!("part-stance-{}", c.stance)),
                        stance_class: stance_class(&c.stance),
                        body: c.body.clone(),
                        when: date(c.created_at, t),
                    })
                    .collect(),
            }
        })
        .collect();
    let has_errors = !errors.is_empty();
    let page = ConsultationPage {
        l: Layout::new(ctx, v.c.title.clone()).with_errors(has_errors),
        id,
        title: v.c.title.clone(),
        agency,
        summary: v.c.summary.clone(),
        period: period(t, &v.c.opens_on, &v.c.closes_on),
        open: v.open,
        closed: v.closed,
        response: v.c.response.clone().unwrap_or_default(),
        response_at: v.c.response_at.map(|a| date(a, t)).unwrap_or_default(),
        citizen: user.is_some_and(|u| !u.role.is_staff()),
        signed_in: user.is_some(),
        may_respond: v.closed && user.is_some_and(|u| service::speaks_for(u, &v.c.agency_id)),
        paragraphs,
        stances: stance_choices(t),
        error_paragraph: form.paragraph.trim().parse().unwrap_or(0),
        form_stance: if form.stance.is_empty() { "neutral".into() } else { form.stance },
        form_body: form.body,
        errors,
    };
    render_form(&page, has_errors)
}

async fn consultation_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    consultation_view(&state, &ctx, id, ParagraphForm::default(), FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ParagraphForm {
    paragraph: String,
    stance: String,
    body: String,
}

async fn comment_paragraph(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ParagraphForm>,
) -> Result<Response, AppError> {
    match service::comment_paragraph(&state, &auth.user, id, &form.paragraph, &form.stance, &form.body).await {
        Ok(()) => Ok(see_other(&format!("/partisipasi/konsultasi/{id}#paragraf-{}", form.paragraph.trim()))),
        Err(AppError::Validation(errs)) => {
            // One form per paragraph: point the errors at that paragraph's fields.
            let p = form.paragraph.trim().to_string();
            let errs: Vec<_> =
                errs.into_iter().map(|e| crate::web::FieldError::new(format!("{}-{p}", e.field), e.key)).collect();
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            consultation_view(&state, &auth.ctx, id, form, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResponseForm {
    response: String,
}

async fn respond(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ResponseForm>,
) -> Result<Response, AppError> {
    match service::respond(&state, &auth.user, id, &form.response).await {
        Ok(()) => Ok(see_other(&format!("/partisipasi/konsultasi/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            consultation_view(&state, &auth.ctx, id, ParagraphForm::default(), errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "participation/admin_consultations.html")]
struct AdminConsultationsPage<'a> {
    l: Layout<'a>,
    rows: Vec<ConsultationRow>,
    platform_admin: bool,
    agencies: Vec<Choice>,
    form: ConsultationInput,
    errors: FormErrors,
}

async fn admin_consultations(
    state: &AppState,
    auth: &Authorized<Answerers>,
    form: ConsultationInput,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = consultation_rows(state, t).await?;
    let snapshot = crate::catalog::service::snapshot(state).await?;
    let agencies = snapshot
        .agencies
        .iter()
        .map(|a| Choice { value: a.id.clone(), label: a.name.get(t.lang).to_string() })
        .collect();
    let has_errors = !errors.is_empty();
    let page = AdminConsultationsPage {
        l: Layout::new(&auth.ctx, t.t("part-cons-admin-title")).with_errors(has_errors),
        rows,
        platform_admin: auth.user.role == crate::identity::Role::SuperAdmin,
        agencies,
        form,
        errors,
    };
    render_form(&page, has_errors)
}

async fn admin_consultations_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
) -> Result<Response, AppError> {
    admin_consultations(&state, &auth, ConsultationInput::default(), FormErrors::default()).await
}

async fn create_consultation(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    CsrfForm(form): CsrfForm<ConsultationInput>,
) -> Result<Response, AppError> {
    match service::create_consultation(&state, &auth.user, &form).await {
        Ok(id) => Ok(see_other(&format!("/partisipasi/konsultasi/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            admin_consultations(&state, &auth, form, errors).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Polls.

struct PollRow {
    id: i64,
    question: String,
    until: String,
    closed: bool,
}

async fn poll_rows(state: &AppState, t: T<'_>) -> Result<Vec<PollRow>, AppError> {
    Ok(service::polls(state)
        .await?
        .iter()
        .map(|p| PollRow {
            id: p.id,
            question: p.question.clone(),
            until: crate::calendar::parse_date(&p.closes_on)
                .map(|d| crate::web::fmt_date(d, t.lang))
                .unwrap_or_default(),
            closed: service::poll_closed(state, p),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "participation/polls.html")]
struct PollsPage<'a> {
    l: Layout<'a>,
    rows: Vec<PollRow>,
}

async fn polls_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let rows = poll_rows(&state, t).await?;
    let page = PollsPage { l: Layout::new(&ctx, t.t("part-poll-title")), rows };
    Ok(render(&page)?.into_response())
}

struct OptionView {
    id: i64,
    label: String,
    votes: i64,
    percent: i64,
}

#[derive(Template)]
#[template(path = "participation/poll.html")]
struct PollPage<'a> {
    l: Layout<'a>,
    id: i64,
    question: String,
    until: String,
    closed: bool,
    answered: bool,
    verified: bool,
    citizen: bool,
    signed_in: bool,
    show_results: bool,
    total: i64,
    options: Vec<OptionView>,
    may_close: bool,
    errors: FormErrors,
}

async fn poll_view(state: &AppState, ctx: &Ctx, id: i64, errors: FormErrors) -> Result<Response, AppError> {
    let t = ctx.t();
    let user = viewer(ctx);
    let v = service::poll(state, user, id).await?;
    let total: i64 = v.options.iter().map(|o| o.2).sum();
    let options = v
        .options
        .iter()
        .map(|(oid, label, votes)| OptionView {
            id: *oid,
            label: label.clone(),
            votes: *votes,
            percent: if total > 0 { votes * 100 / total } else { 0 },
        })
        .collect();
    let has_errors = !errors.is_empty();
    let page = PollPage {
        l: Layout::new(ctx, v.poll.question.clone()).with_errors(has_errors),
        id,
        question: v.poll.question.clone(),
        until: crate::calendar::parse_date(&v.poll.closes_on)
            .map(|d| crate::web::fmt_date(d, t.lang))
            .unwrap_or_default(),
        closed: v.closed,
        answered: v.answered,
        verified: v.verified,
        citizen: user.is_some_and(|u| !u.role.is_staff()),
        signed_in: user.is_some(),
        show_results: v.show_results,
        total,
        options,
        may_close: v.poll.closed_at.is_none() && user.is_some_and(|u| service::may_close_poll(u, &v.poll)),
        errors,
    };
    render_form(&page, has_errors)
}

async fn poll_page(State(state): State<AppState>, ctx: Ctx, ApiPath(id): ApiPath<i64>) -> Result<Response, AppError> {
    poll_view(&state, &ctx, id, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PollAnswerForm {
    option: String,
}

async fn answer_poll(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<PollAnswerForm>,
) -> Result<Response, AppError> {
    match service::answer_poll(&state, &auth.user, id, &form.option).await {
        Ok(()) => Ok(see_other(&format!("/partisipasi/jajak/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            poll_view(&state, &auth.ctx, id, errors).await
        }
        Err(e) => Err(e),
    }
}

async fn close_poll(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::close_poll(&state, &auth.user, id).await?;
    Ok(see_other(&format!("/partisipasi/jajak/{id}")))
}

#[derive(Template)]
#[template(path = "participation/admin_polls.html")]
struct AdminPollsPage<'a> {
    l: Layout<'a>,
    rows: Vec<PollRow>,
    form: PollInput,
    errors: FormErrors,
}

async fn admin_polls(
    state: &AppState,
    auth: &Authorized<Answerers>,
    form: PollInput,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = poll_rows(state, t).await?;
    let has_errors = !errors.is_empty();
    let page = AdminPollsPage {
        l: Layout::new(&auth.ctx, t.t("part-poll-admin-title")).with_errors(has_errors),
        rows,
        form,
        errors,
    };
    render_form(&page, has_errors)
}

async fn admin_polls_page(State(state): State<AppState>, auth: Authorized<Answerers>) -> Result<Response, AppError> {
    admin_polls(&state, &auth, PollInput::default(), FormErrors::default()).await
}

async fn create_poll(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    CsrfForm(form): CsrfForm<PollInput>,
) -> Result<Response, AppError> {
    match service::create_poll(&state, &auth.user, &form).await {
        Ok(id) => Ok(see_other(&format!("/partisipasi/jajak/{id}"))),
        Err(AppError::Validation(errs)) => {
            let errors = FormErrors::from_fields(auth.ctx.t(), &errs);
            admin_polls(&state, &auth, form, errors).await
        }
        Err(e) => Err(e),
    }
}
