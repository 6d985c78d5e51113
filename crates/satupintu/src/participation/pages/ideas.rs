use super::*;
use crate::participation::model::{self, Answer};
use crate::participation::service::IdeaInput;
use crate::participation::store::Idea;

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

#[derive(Template)]
#[template(path = "participation/hub.html")]
struct HubPage<'a> {
    l: Layout<'a>,
    ideas: Vec<IdeaRow>,
    processes: Vec<ProcessRow>,
    threshold: i64,
    citizen: bool,
}

pub(super) async fn hub(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
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
pub(super) struct IdeasQuery {
    status: String,
}

pub(super) async fn ideas_page(
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
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let errors = FormErrors::from_fields(t, errs);
    let agencies = agency_choices(state, t).await?;
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

pub(super) async fn propose_page(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
) -> Result<Response, AppError> {
    idea_form(&state, &auth, IdeaInput::default(), &[]).await
}

pub(super) async fn propose(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(form): CsrfForm<IdeaInput>,
) -> Result<Response, AppError> {
    let result = service::propose(&state, &auth.user, &form).await;
    after_post(
        result,
        |id| format!("/partisipasi/gagasan/{id}"),
        |errs| async move { idea_form(&state, &auth, form, &errs).await },
    )
    .await
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
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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
            stance_class: stance_class(&c.stance),
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
        stances: stance_choices(t),
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

pub(super) async fn idea_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    idea_view(&state, &ctx, id, IdeaForms::default(), &[]).await
}

pub(super) async fn support(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::support(&state, &auth.user, id).await?;
    Ok(see_other(&format!("/partisipasi/gagasan/{id}")))
}

pub(super) async fn withdraw(
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
pub(super) struct CommentForm {
    stance: String,
    body: String,
}

pub(super) async fn comment(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> Result<Response, AppError> {
    let result = service::comment(&state, &auth.user, id, &form.stance, &form.body).await;
    after_post(
        result,
        |c| format!("/partisipasi/gagasan/{id}#komentar-{c}"),
        |errs| async move {
            let forms = IdeaForms { stance: form.stance, body: form.body };
            idea_view(&state, &auth.ctx, id, forms, &errs).await
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ReportForm {
    kind: String,
    id: String,
    idea: String,
    reason: String,
}

pub(super) async fn report(
    State(state): State<AppState>,
    auth: SignedIn,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, AppError> {
    let id: i64 = form.id.trim().parse().map_err(|_| AppError::NotFound)?;
    let idea: i64 = form.idea.trim().parse().unwrap_or(id);
    let result = service::report(&state, &auth.user, &form.kind, id, &form.reason).await;
    after_post(
        result,
        |_| format!("/partisipasi/gagasan/{idea}"),
        |errs| async move {
            // The report forms share one reason field per item: point at the item's own.
            let errs = errors_at(errs, &format!("reason-{}-{id}", form.kind));
            idea_view(&state, &auth.ctx, idea, IdeaForms::default(), &errs).await
        },
    )
    .await
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

pub(super) async fn queue_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let threshold = service::support_threshold(&state);
    let rows = service::answer_queue(&state, &auth.user).await?.iter().map(|i| idea_row(t, i, threshold)).collect();
    let page = QueuePage { l: Layout::new(&auth.ctx, t.t("part-queue-title")), rows, threshold };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AnswerForm {
    answer: String,
    text: String,
}

pub(super) async fn answer(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> Result<Response, AppError> {
    let result = service::answer(&state, &auth.user, id, &form.answer, &form.text).await;
    after_post(
        result,
        |()| format!("/partisipasi/gagasan/{id}"),
        |errs| async move { idea_view(&state, &auth.ctx, id, IdeaForms::default(), &errs).await },
    )
    .await
}
