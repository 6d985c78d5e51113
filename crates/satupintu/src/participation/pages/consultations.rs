use super::*;
use crate::participation::service::ConsultationInput;

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
    t.t2("part-cons-period", ("from", day(from, t)), ("to", day(to, t)))
}

#[derive(Template)]
#[template(path = "participation/consultations.html")]
struct ConsultationsPage<'a> {
    l: Layout<'a>,
    rows: Vec<ConsultationRow>,
}

pub(super) async fn consultations_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
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

async fn consultation_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: ParagraphForm,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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

pub(super) async fn consultation_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    consultation_view(&state, &ctx, id, ParagraphForm::default(), &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ParagraphForm {
    paragraph: String,
    stance: String,
    body: String,
}

pub(super) async fn comment_paragraph(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ParagraphForm>,
) -> Result<Response, AppError> {
    let result = service::comment_paragraph(&state, &auth.user, id, &form.paragraph, &form.stance, &form.body).await;
    let paragraph = form.paragraph.trim().to_string();
    let p = paragraph.as_str();
    after_post(
        result,
        |()| format!("/partisipasi/konsultasi/{id}#paragraf-{p}"),
        |errs| async move {
            // One form per paragraph: point the errors at that paragraph's fields.
            let errs: Vec<_> = errs.into_iter().map(|e| FieldError::new(format!("{}-{p}", e.field), e.key)).collect();
            consultation_view(&state, &auth.ctx, id, form, &errs).await
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ResponseForm {
    response: String,
}

pub(super) async fn respond(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ResponseForm>,
) -> Result<Response, AppError> {
    let result = service::respond(&state, &auth.user, id, &form.response).await;
    after_post(
        result,
        |()| format!("/partisipasi/konsultasi/{id}"),
        |errs| async move { consultation_view(&state, &auth.ctx, id, ParagraphForm::default(), &errs).await },
    )
    .await
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
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let errors = FormErrors::from_fields(t, errs);
    let rows = consultation_rows(state, t).await?;
    let agencies = agency_choices(state, t).await?;
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

pub(super) async fn admin_consultations_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
) -> Result<Response, AppError> {
    admin_consultations(&state, &auth, ConsultationInput::default(), &[]).await
}

pub(super) async fn create_consultation(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    CsrfForm(form): CsrfForm<ConsultationInput>,
) -> Result<Response, AppError> {
    let result = service::create_consultation(&state, &auth.user, &form).await;
    after_post(
        result,
        |id| format!("/partisipasi/konsultasi/{id}"),
        |errs| async move { admin_consultations(&state, &auth, form, &errs).await },
    )
    .await
}
