use super::*;
use crate::participation::store::Item;

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

pub(super) async fn accountability_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
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

async fn item_view(state: &AppState, ctx: &Ctx, id: i64, errs: &[FieldError]) -> Result<Response, AppError> {
    let t = ctx.t();
    let errors = FormErrors::from_fields(t, errs);
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

pub(super) async fn item_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    item_view(&state, &ctx, id, &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ItemForm {
    status: String,
    progress: String,
    note: String,
}

pub(super) async fn update_item(
    State(state): State<AppState>,
    auth: Authorized<Answerers>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> Result<Response, AppError> {
    let result = service::update_item(&state, &auth.user, id, &form.status, &form.progress, &form.note).await;
    after_post(
        result,
        |()| format!("/partisipasi/akuntabilitas/{id}"),
        |errs| async move { item_view(&state, &auth.ctx, id, &errs).await },
    )
    .await
}
