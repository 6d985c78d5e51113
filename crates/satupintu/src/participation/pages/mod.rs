//! E-participation pages: the hub, ideas (list, proposing, one idea with supports, comments,
//! reports and the official answer), the staff answer queue and moderation queue,
//! participatory budgeting (processes, proposing, the ballot, the receipt, the results with the
//! published ballots) and its staff pages, and the accountability pages. Every page works
//! without JavaScript: each form posts and a page is shown again.

//!
//! One file per part: [`ideas`] (the hub, ideas, the answer queue), [`moderation`],
//! [`budgeting`] (participatory budgeting and its staff pages), [`accountability`],
//! [`consultations`] and [`polls`]; this file keeps the routes and what the parts share.

mod accountability;
mod budgeting;
mod consultations;
mod ideas;
mod moderation;
mod polls;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::Stance;
use super::service;
use super::store::Process;
use crate::app::AppState;
use crate::identity::CurrentUser;
use crate::web::auth::{Authorized, Citizens, RoleSet, SignedIn};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_datetime, render, render_form, rupiah, see_other, ApiPath, AppError, CsrfForm, Ctx, FieldError,
    FormErrors, Layout, T,
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
        .get("/partisipasi", ideas::hub)
        .get("/partisipasi/gagasan", ideas::ideas_page)
        .post("/partisipasi/gagasan", ideas::propose)
        .get("/partisipasi/gagasan/baru", ideas::propose_page)
        .get("/partisipasi/gagasan/{id}", ideas::idea_page)
        .post("/partisipasi/gagasan/{id}/dukung", ideas::support)
        .post("/partisipasi/gagasan/{id}/tarik", ideas::withdraw)
        .post("/partisipasi/gagasan/{id}/komentar", ideas::comment)
        .post("/partisipasi/laporkan", ideas::report)
        .get("/petugas/partisipasi", ideas::queue_page)
        .post("/petugas/partisipasi/gagasan/{id}/jawab", ideas::answer)
        .get("/petugas/moderasi", moderation::moderation_page)
        .post("/petugas/moderasi", moderation::moderate)
        .get("/partisipasi/anggaran", budgeting::processes_page)
        .get("/partisipasi/anggaran/{id}", budgeting::process_page)
        .post("/partisipasi/anggaran/{id}/usulan", budgeting::propose_project)
        .post("/partisipasi/anggaran/{id}/pilih", budgeting::vote)
        .get("/partisipasi/anggaran/{id}/hasil", budgeting::results_page)
        .get("/petugas/anggaran", budgeting::admin_processes_page)
        .post("/petugas/anggaran", budgeting::create_process)
        .get("/petugas/anggaran/{id}", budgeting::admin_process_page)
        .post("/petugas/anggaran/{id}/tahap", budgeting::advance)
        .post("/petugas/anggaran/usulan/{id}/tinjau", budgeting::review)
        .get("/partisipasi/akuntabilitas", accountability::accountability_page)
        .get("/partisipasi/akuntabilitas/{id}", accountability::item_page)
        .post("/petugas/akuntabilitas/{id}", accountability::update_item)
        .get("/partisipasi/konsultasi", consultations::consultations_page)
        .get("/partisipasi/konsultasi/{id}", consultations::consultation_page)
        .post("/partisipasi/konsultasi/{id}/komentar", consultations::comment_paragraph)
        .get("/petugas/konsultasi", consultations::admin_consultations_page)
        .post("/petugas/konsultasi", consultations::create_consultation)
        .post("/petugas/konsultasi/{id}/tanggapan", consultations::respond)
        .get("/partisipasi/jajak", polls::polls_page)
        .get("/partisipasi/jajak/{id}", polls::poll_page)
        .post("/partisipasi/jajak/{id}/jawab", polls::answer_poll)
        .get("/petugas/jajak", polls::admin_polls_page)
        .post("/petugas/jajak", polls::create_poll)
        .post("/petugas/jajak/{id}/tutup", polls::close_poll)
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

#[derive(Deserialize, Default)]
#[serde(default)]
struct Empty {}

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

/// The agencies, as choices of a select list.
async fn agency_choices(state: &AppState, t: T<'_>) -> Result<Vec<Choice>, AppError> {
    let snapshot = crate::catalog::service::snapshot(state).await?;
    Ok(snapshot
        .agencies
        .iter()
        .map(|a| Choice { value: a.id.clone(), label: a.name.get(t.lang).to_string() })
        .collect())
}

/// Point every error at one field (forms repeated per item share a field name per item).
fn errors_at(errs: Vec<FieldError>, field: &str) -> Vec<FieldError> {
    errs.into_iter().map(|e| FieldError::new(field.to_string(), e.key)).collect()
}

/// A date (`YYYY-MM-DD`) as shown, empty when it does not parse.
fn day(s: &str, t: T<'_>) -> String {
    crate::calendar::parse_date(s).map(|d| crate::web::fmt_date(d, t.lang)).unwrap_or_default()
}
