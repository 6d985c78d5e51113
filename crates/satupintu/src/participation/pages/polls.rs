use super::*;
use crate::participation::service::PollInput;

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
            until: day(&p.closes_on, t),
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

pub(super) async fn polls_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
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

async fn poll_view(state: &AppState, ctx: &Ctx, id: i64, errs: &[FieldError]) -> Result<Response, AppError> {
    let t = ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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
        until: day(&v.poll.closes_on, t),
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

pub(super) async fn poll_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    poll_view(&state, &ctx, id, &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PollAnswerForm {
    option: String,
}

pub(super) async fn answer_poll(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<PollAnswerForm>,
) -> Result<Response, AppError> {
    let result = service::answer_poll(&state, &auth.user, id, &form.option).await;
    after_post(
        result,
        |()| format!("/partisipasi/jajak/{id}"),
        |errs| async move { poll_view(&state, &auth.ctx, id, &errs).await },
    )
    .await
}

pub(super) async fn close_poll(
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
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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

pub(super) async fn admin_polls_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
) -> Result<Response, AppError> {
    admin_polls(&state, &auth, PollInput::default(), &[]).await
}

pub(super) async fn create_poll(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    CsrfForm(form): CsrfForm<PollInput>,
) -> Result<Response, AppError> {
    let result = service::create_poll(&state, &auth.user, &form).await;
    after_post(
        result,
        |id| format!("/partisipasi/jajak/{id}"),
        |errs| async move { admin_polls(&state, &auth, form, &errs).await },
    )
    .await
}
