//! Regional taxes for citizens: a form asking for a NOP or a plate number, and the page of what
//! that tax object owes, each period linking to its bill to pay. Plain GET forms, no JavaScript.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, BillKind};
use super::pages::BillView;
use super::taxes;
use crate::app::AppState;
use crate::web::routes::Pages;
use crate::web::{render, render_form, see_other, ApiPath, AppError, Ctx, FieldError, FormErrors, Layout};

pub fn pages() -> Pages {
    Pages::new().get("/pajak", lookup_form).get("/pajak/pbb/{nop}", pbb_page).get("/pajak/pkb/{plate}", pkb_page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LookupQuery {
    nop: Option<String>,
    plat: Option<String>,
}

#[derive(Template)]
#[template(path = "payments/taxes.html")]
struct FormPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    nop: String,
    plat: String,
}

/// The form; with a number typed, the page of its tax object (or the form with the number's error).
async fn lookup_form(ctx: Ctx, Query(q): Query<LookupQuery>) -> Result<Response, AppError> {
    let typed = match (&q.nop, &q.plat) {
        (Some(nop), _) => Some((BillKind::Pbb, "nop", nop)),
        (None, Some(plat)) => Some((BillKind::Pkb, "plat", plat)),
        (None, None) => None,
    };
    let mut errs = vec![];
    if let Some((kind, field, number)) = typed {
        match taxes::parse_number(kind, number) {
            Some(n) => return Ok(see_other(&format!("/pajak/{}/{n}", kind.as_str()))),
            None => errs.push(FieldError::new(field, taxes::number_error(kind))),
        }
    }
    let t = ctx.t();
    let l = Layout::new(&ctx, t.t("tax-title")).with_errors(!errs.is_empty());
    let page = FormPage {
        l,
        errors: FormErrors::from_fields(t, &errs),
        nop: q.nop.unwrap_or_default().trim().to_string(),
        plat: q.plat.unwrap_or_default().trim().to_string(),
    };
    render_form(&page, !errs.is_empty())
}

/// A tax object as its page shows it.
struct ObjectView {
    owner: String,
    description: String,
    agency: String,
    owed: Option<String>,
    bills: Vec<BillView>,
}

#[derive(Template)]
#[template(path = "payments/tax_object.html")]
struct ObjectPage<'a> {
    l: Layout<'a>,
    kind: &'static str,
    number: String,
    found: Option<ObjectView>,
}

async fn pbb_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(nop): ApiPath<String>,
) -> Result<Response, AppError> {
    object_page(&state, &ctx, BillKind::Pbb, &nop).await
}

async fn pkb_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(plate): ApiPath<String>,
) -> Result<Response, AppError> {
    object_page(&state, &ctx, BillKind::Pkb, &plate).await
}

async fn object_page(state: &AppState, ctx: &Ctx, kind: BillKind, typed: &str) -> Result<Response, AppError> {
    let number = taxes::parse_number(kind, typed).ok_or(AppError::NotFound)?;
    let found = match taxes::lookup(state, ctx.client_ip, kind, &number).await? {
        Some(f) => Some(super::api::tax_out(state, &f).await?),
        None => None,
    };
    let t = ctx.t();
    let snap = crate::catalog::service::snapshot(state).await?;
    let number = taxes::format_number(kind, &number);
    let status = if found.is_some() { axum::http::StatusCode::OK } else { axum::http::StatusCode::NOT_FOUND };
    let found = found.map(|o| ObjectView {
        owner: o.owner,
        description: o.description,
        agency: crate::skm::pages::agency_name(&snap, t.lang, &o.agency_id),
        owed: (o.owed_idr > 0).then(|| model::rupiah(o.owed_idr)),
        bills: o.bills.into_iter().map(|b| BillView::of(b, t)).collect(),
    });
    let kind = if kind == BillKind::Pkb { "tax-pkb" } else { "tax-pbb" };
    let l = Layout::new(ctx, format!("{} {number}", t.t(kind)));
    Ok((status, render(&ObjectPage { l, kind, number, found })?).into_response())
}
