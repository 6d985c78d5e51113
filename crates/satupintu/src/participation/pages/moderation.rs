use super::*;

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
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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

pub(super) async fn moderation_page(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
) -> Result<Response, AppError> {
    moderation_view(&state, &auth, &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ModerateForm {
    kind: String,
    id: String,
    action: String,
    reason: String,
}

pub(super) async fn moderate(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    CsrfForm(form): CsrfForm<ModerateForm>,
) -> Result<Response, AppError> {
    let id: i64 = form.id.trim().parse().map_err(|_| AppError::NotFound)?;
    let result = service::moderate(&state, &auth.user, &form.kind, id, &form.action, &form.reason).await;
    after_post(
        result,
        |()| "/petugas/moderasi".to_string(),
        |errs| async move {
            let errs = errors_at(errs, &format!("reason-{}-{id}", form.kind));
            moderation_view(&state, &auth, &errs).await
        },
    )
    .await
}
