use super::*;
use crate::participation::model::{self, Phase};
use crate::participation::service::ProcessInput;
use crate::participation::store::{self, Project};

// ---------------------------------------------------------------------------------------
// Participatory budgeting.

#[derive(Template)]
#[template(path = "participation/processes.html")]
struct ProcessesPage<'a> {
    l: Layout<'a>,
    rows: Vec<ProcessRow>,
    staff: bool,
}

pub(super) async fn processes_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
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
        (label, day(until, t), *ph == p.phase)
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
pub(super) struct ProjectForm {
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
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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

pub(super) async fn process_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    process_view(&state, &ctx, id, &[], ProjectForm::default(), &[]).await
}

pub(super) async fn propose_project(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ProjectForm>,
) -> Result<Response, AppError> {
    let result = service::propose_project(&state, &auth.user, id, &form.title, &form.description, &form.cost).await;
    after_post(
        result,
        |_| format!("/partisipasi/anggaran/{id}"),
        |errs| async move { process_view(&state, &auth.ctx, id, &[], form, &errs).await },
    )
    .await
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

pub(super) async fn vote(
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
            process_view(&state, &auth.ctx, id, &chosen, ProjectForm::default(), &errs).await
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
pub(super) struct ResultsQuery {
    tanda: String,
}

pub(super) async fn results_page(
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
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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

pub(super) async fn admin_processes_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
) -> Result<Response, AppError> {
    admin_processes(&state, &auth.ctx, &auth.user, ProcessInput::default(), &[]).await
}

pub(super) async fn create_process(
    State(state): State<AppState>,
    auth: Authorized<PbAdmins>,
    CsrfForm(form): CsrfForm<ProcessInput>,
) -> Result<Response, AppError> {
    let result = service::create_process(&state, &auth.user, &form).await;
    after_post(
        result,
        |id| format!("/petugas/anggaran/{id}"),
        |errs| async move { admin_processes(&state, &auth.ctx, &auth.user, form, &errs).await },
    )
    .await
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
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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

pub(super) async fn admin_process_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    admin_process(&state, &auth, id, &[]).await
}

pub(super) async fn advance(
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
pub(super) struct ReviewForm {
    verdict: String,
    reason: String,
}

pub(super) async fn review(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    let result = service::review_project(&state, &auth.user, id, &form.verdict, &form.reason).await;
    after_post(
        result,
        |process| format!("/petugas/anggaran/{process}"),
        |errs| async move {
            let errs = errors_at(errs, &format!("reason-{id}"));
            let project = store::project(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)?;
            admin_process(&state, &auth, project.process_id, &errs).await
        },
    )
    .await
}
