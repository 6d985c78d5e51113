//! The platform admin's page of non-working days per year (national holidays and collective
//! leave), which every time limit counts around.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{parse_date, Holiday, KINDS};
use crate::admin::Actor;
use crate::app::AppState;
use crate::web::auth::{Authorized, PlatformAdmins};
use crate::web::routes::Pages;
use crate::web::{render_form, see_other, AppError, CsrfForm, FieldError, FormErrors, Layout, RequestCtx};

pub fn pages() -> Pages {
    Pages::new()
        .get("/kelola/hari-libur", list)
        .post("/kelola/hari-libur", add)
        .post("/kelola/hari-libur/hapus", delete)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct YearQuery {
    tahun: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct DayForm {
    date: String,
    name: String,
    kind: String,
}

struct Row {
    date: String,
    name: String,
    kind: String,
}

#[derive(Template)]
#[template(path = "calendar/holidays.html")]
struct HolidaysPage<'a> {
    l: Layout<'a>,
    year: i32,
    rows: Vec<Row>,
    kinds: Vec<(String, String)>,
    form: DayForm,
    errors: FormErrors,
}

fn this_year(state: &AppState) -> i32 {
    super::local_date(crate::db::now(), state.config.utc_offset_hours().unwrap_or(7)).year()
}

async fn page(
    state: &AppState,
    ctx: &RequestCtx,
    year: i32,
    form: DayForm,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let mut tx = state.db.read().await?;
    let days: Vec<Holiday> = super::of_year(&mut tx, year).await?;
    tx.commit().await?;
    let t = ctx.t();
    let kind_label = |k: &str| t.t(&format!("holiday-kind-{}", k.replace('_', "-")));
    let page = HolidaysPage {
        l: Layout::new(ctx, t.t1("holidays-title", "year", year)).with_errors(!errs.is_empty()),
        year,
        rows: days.into_iter().map(|d| Row { kind: kind_label(&d.kind), date: d.date, name: d.name }).collect(),
        kinds: KINDS.iter().map(|k| (k.to_string(), kind_label(k))).collect(),
        form,
        errors: FormErrors::from_fields(t, errs),
    };
    render_form(&page, !errs.is_empty())
}

async fn list(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = q.tahun.trim().parse().ok().filter(|y| (2000..=2100).contains(y)).unwrap_or_else(|| this_year(&state));
    page(&state, &auth.ctx, year, DayForm::default(), &[]).await
}

async fn add(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<DayForm>,
) -> Result<Response, AppError> {
    match super::save_day(&state, &Actor::user(&auth.user), &form.date, &form.name, &form.kind).await {
        Ok(date) => Ok(see_other(&format!("/kelola/hari-libur?tahun={}", date.year()))),
        Err(AppError::Validation(errs)) => {
            let year = parse_date(form.date.trim()).map(|d| d.year()).unwrap_or_else(|| this_year(&state));
            page(&state, &auth.ctx, year, form, &errs).await
        }
        Err(e) => Err(e),
    }
}

async fn delete(
    State(state): State<AppState>,
    auth: Authorized<PlatformAdmins>,
    CsrfForm(form): CsrfForm<DayForm>,
) -> Result<Response, AppError> {
    let date = super::remove_day(&state, &Actor::user(&auth.user), &form.date).await?;
    Ok(see_other(&format!("/kelola/hari-libur?tahun={}", date.year())))
}
