//! Teleconsultation pages: the citizen's list and booking, a consultation as its patient or its
//! practitioner sees it (pre-consultation form, room link, chat, notes, e-prescription), the
//! practitioner's day, the pharmacy's verification page, and the patient's health-access log.
//! Every page works without JavaScript: each form posts and the page is shown again.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, PreConsultInput, RxContent};
use super::service::{self, Party, View};
use super::store::Consultation;
use crate::app::AppState;
use crate::web::auth::{Authorized, CaseWorkers, Citizens};
use crate::web::routes::Pages;
use crate::web::{
    fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, Ctx, FormErrors, Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/telekonsultasi", index_page)
        .post("/telekonsultasi/pesan", book)
        .get("/telekonsultasi/{code}", patient_page)
        .post("/telekonsultasi/{code}/prakonsultasi", answer)
        .post("/telekonsultasi/{code}/chat", patient_chat)
        .get("/telekonsultasi/{code}/resep.pdf", pdf)
        .get("/akun/akses-kesehatan", access_page)
        .get("/petugas/telekonsultasi", schedule_page)
        .get("/petugas/telekonsultasi/{code}", practitioner_page)
        .post("/petugas/telekonsultasi/{code}/chat", practitioner_chat)
        .post("/petugas/telekonsultasi/{code}/catatan", notes)
        .post("/petugas/telekonsultasi/{code}/resep", prescribe)
        .get("/resep/{code}", verify_page)
        .post("/resep/{code}/serahkan", dispense)
}

fn status_label(t: T<'_>, status: &str) -> String {
    t.t(&format!("tele-status-{}", status.replace('_', "-")))
}

/// A consultation in a list.
struct Row {
    code: String,
    when: String,
    practitioner: String,
    patient: String,
    status: String,
    answered: bool,
}

fn row(t: T<'_>, c: &Consultation) -> Row {
    Row {
        code: c.code.clone(),
        when: fmt_datetime(c.starts_at, t.lang),
        practitioner: c.practitioner.name.clone(),
        patient: c.patient_name.clone(),
        status: status_label(t, &c.status),
        answered: c.answers.is_some(),
    }
}

// ---------------------------------------------------------------------------------------
// The citizen's list and booking.

struct SlotChoice {
    id: i64,
    label: String,
}

struct Bookable {
    name: String,
    qualification: String,
    facility: String,
    slots: Vec<SlotChoice>,
}

#[derive(Template)]
#[template(path = "telemedicine/index.html")]
struct IndexPage<'a> {
    l: Layout<'a>,
    rows: Vec<Row>,
    practitioners: Vec<Bookable>,
    errors: FormErrors,
}

async fn index(state: &AppState, auth: &Authorized<Citizens>, errors: FormErrors) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = service::mine(state, &auth.user).await?.iter().map(|c| row(t, c)).collect();
    // A super admin may have switched telemedicine off in the citizen's region: nothing to book.
    let on = crate::admin::service::feature_on(state, Some(&auth.user), "telemedicine").await?;
    let bookable = if on { service::bookable(state).await? } else { vec![] };
    let practitioners = bookable
        .into_iter()
        .map(|(p, slots)| Bookable {
            name: p.name,
            qualification: p.qualification,
            facility: p.facility,
            slots: slots.iter().map(|s| SlotChoice { id: s.id, label: fmt_datetime(s.starts_at, t.lang) }).collect(),
        })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut l = Layout::new(&auth.ctx, t.t("tele-title")).with_errors(!errors.is_empty());
    if !on {
        l.notice = Some(t.t("feature-unavailable-region"));
    }
    let page = IndexPage { l, rows, practitioners, errors };
    Ok((status, render(&page)?).into_response())
}

async fn index_page(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    index(&state, &auth, FormErrors::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BookForm {
    slot_id: String,
}

async fn book(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(form): CsrfForm<BookForm>,
) -> Result<Response, AppError> {
    let slot = form.slot_id.trim().parse::<i64>().unwrap_or(0);
    match service::book(&state, &auth.user, slot).await {
        Ok(code) => Ok(see_other(&format!("/telekonsultasi/{code}"))),
        Err(AppError::Validation(errs)) => {
            // The booking page's one field is the slot choice.
            let errs: Vec<_> = errs.into_iter().map(|e| crate::web::FieldError::new("slot", e.key)).take(1).collect();
            index(&state, &auth, FormErrors::from_fields(auth.ctx.t(), &errs)).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// A consultation.

struct Msg {
    mine: bool,
    who: String,
    when: String,
    body: String,
}

struct RxView {
    code: String,
    dispensed: Option<String>,
}

#[derive(Template)]
#[template(path = "telemedicine/consultation.html")]
struct ConsultationPage<'a> {
    l: Layout<'a>,
    /// The form actions' prefix: `/telekonsultasi/{code}` or `/petugas/telekonsultasi/{code}`.
    base: String,
    patient: bool,
    code: String,
    when: String,
    status: String,
    practitioner: String,
    qualification: String,
    facility: String,
    patient_name: String,
    video_offered: bool,
    room_open: bool,
    video_link: Option<String>,
    opens_at: String,
    closed: bool,
    answered: bool,
    form: PreConsultInput,
    notes: String,
    messages: Vec<Msg>,
    rx: Option<RxView>,
    rx_content: Option<RxContent>,
    rx_rows: Vec<RxRowView>,
    chat_text: String,
    errors: FormErrors,
}

/// One field of a prescription row.
struct RxField {
    name: String,
    label: String,
    value: String,
    error: Option<String>,
    width: &'static str,
    numeric: bool,
}

struct RxRowView {
    n: usize,
    fields: Vec<RxField>,
}

const RX_FIELDS: [(&str, &str, &str); 5] = [
    ("medicine", "tele-rx-medicine", "govuk-!-width-two-thirds"),
    ("strength", "tele-rx-strength", "govuk-!-width-one-half"),
    ("dose", "tele-rx-dose", "govuk-!-width-one-half"),
    ("quantity", "tele-rx-quantity", "govuk-input--width-4"),
    ("instructions", "tele-rx-instructions", "govuk-!-width-two-thirds"),
];

fn rx_rows(t: T<'_>, rows: Vec<[String; 5]>, errors: &FormErrors) -> Vec<RxRowView> {
    rows.into_iter()
        .enumerate()
        .map(|(i, values)| RxRowView {
            n: i + 1,
            fields: RX_FIELDS
                .iter()
                .zip(values)
                .map(|((key, label, width), value)| {
                    let name = format!("{key}_{}", i + 1);
                    RxField {
                        error: errors.get(&name).map(str::to_string),
                        name,
                        label: t.t(label),
                        value,
                        width,
                        numeric: *key == "quantity",
                    }
                })
                .collect(),
        })
        .collect()
}

/// What the visitor typed, to show again after an error.
#[derive(Default)]
struct Typed {
    answers: Option<PreConsultInput>,
    notes: Option<String>,
    chat: String,
    rx_rows: Option<Vec<[String; 5]>>,
}

fn consultation_page(ctx: &Ctx, v: View, typed: Typed, errors: FormErrors) -> Result<Response, AppError> {
    let t = ctx.t();
    let c = &v.c;
    let patient = v.party == Party::Patient;
    let base = format!("{}/{}", if patient { PATIENT } else { PRACTITIONER }, c.code);
    let form = typed.answers.unwrap_or_else(|| match &c.answers {
        Some(a) => PreConsultInput {
            mode: a.mode.as_str().into(),
            complaint: a.complaint.clone(),
            history: a.history.clone(),
            allergies: a.allergies.clone(),
            medicines: a.medicines.clone(),
        },
        None => {
            PreConsultInput { mode: if v.video_base.is_some() { "video" } else { "chat" }.into(), ..Default::default() }
        }
    });
    let messages = v
        .messages
        .iter()
        .map(|m| {
            let mine = if patient { m.sender_id == c.patient_id } else { m.sender_id == c.practitioner.user_id };
            let who = if m.sender_id == c.patient_id { c.patient_name.clone() } else { c.practitioner.name.clone() };
            Msg { mine, who, when: fmt_datetime(m.at, t.lang), body: m.body.clone() }
        })
        .collect();
    let rx = v
        .prescription
        .as_ref()
        .map(|rx| RxView { code: rx.code.clone(), dispensed: rx.dispensed_at.map(|d| fmt_datetime(d, t.lang)) });
    let rx_rows = rx_rows(t, typed.rx_rows.unwrap_or_else(|| vec![Default::default(); 3]), &errors);
    let title = t.t1("tele-consultation-title", "code", &c.code);
    let page = ConsultationPage {
        l: Layout::new(ctx, title).with_errors(!errors.is_empty()),
        base,
        patient,
        code: c.code.clone(),
        when: fmt_datetime(c.starts_at, t.lang),
        status: status_label(t, &c.status),
        practitioner: c.practitioner.name.clone(),
        qualification: c.practitioner.qualification.clone(),
        facility: c.practitioner.facility.clone(),
        patient_name: c.patient_name.clone(),
        video_offered: v.video_base.is_some(),
        room_open: v.room_open,
        video_link: v.video_link.clone(),
        opens_at: fmt_datetime(c.starts_at - model::ROOM_OPENS_BEFORE, t.lang),
        closed: c.completed_at.is_some() || !matches!(c.status.as_str(), "booked" | "checked_in"),
        answered: c.answers.is_some(),
        form,
        notes: typed.notes.unwrap_or_else(|| c.notes.clone()),
        messages,
        rx,
        rx_content: v.prescription.as_ref().map(|rx| rx.content.clone()),
        rx_rows,
        chat_text: typed.chat,
        errors,
    };
    render_form(&page, !page.errors.is_empty())
}

/// The patient's pages and the practitioner's.
const PATIENT: &str = "/telekonsultasi";
const PRACTITIONER: &str = "/petugas/telekonsultasi";

/// Run a form's action; on bad input show the consultation again with the errors (422), and
/// otherwise go back to it on `base` ([`PATIENT`] or [`PRACTITIONER`]).
async fn act_then_show(
    state: &AppState,
    base: &str,
    ctx: &Ctx,
    user: &crate::identity::CurrentUser,
    code: &str,
    result: Result<(), AppError>,
    typed: Typed,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(see_other(&format!("{base}/{code}"))),
        Err(AppError::Validation(errs)) => {
            let v = service::view(state, user, code).await?;
            consultation_page(ctx, v, typed, FormErrors::from_fields(ctx.t(), &errs))
        }
        Err(e) => Err(e),
    }
}

async fn patient_page(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let v = service::view(&state, &auth.user, &code).await?;
    consultation_page(&auth.ctx, v, Typed::default(), FormErrors::default())
}

async fn practitioner_page(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let v = service::view(&state, &auth.user, &code).await?;
    consultation_page(&auth.ctx, v, Typed::default(), FormErrors::default())
}

async fn answer(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<PreConsultInput>,
) -> Result<Response, AppError> {
    let result = service::answer(&state, &auth.user, &code, &form).await;
    let typed = Typed { answers: Some(form), ..Default::default() };
    act_then_show(&state, PATIENT, &auth.ctx, &auth.user, &code, result, typed).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChatForm {
    text: String,
}

async fn chat(
    state: &AppState,
    base: &str,
    ctx: &Ctx,
    user: &crate::identity::CurrentUser,
    code: &str,
    text: String,
) -> Result<Response, AppError> {
    let result = service::send_message(state, user, code, &text).await;
    act_then_show(state, base, ctx, user, code, result, Typed { chat: text, ..Default::default() }).await
}

async fn patient_chat(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<ChatForm>,
) -> Result<Response, AppError> {
    chat(&state, PATIENT, &auth.ctx, &auth.user, &code, form.text).await
}

async fn practitioner_chat(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<ChatForm>,
) -> Result<Response, AppError> {
    chat(&state, PRACTITIONER, &auth.ctx, &auth.user, &code, form.text).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NotesForm {
    notes: String,
}

async fn notes(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<NotesForm>,
) -> Result<Response, AppError> {
    let result = service::save_notes(&state, &auth.user, &code, &form.notes).await;
    let typed = Typed { notes: Some(form.notes), ..Default::default() };
    act_then_show(&state, PRACTITIONER, &auth.ctx, &auth.user, &code, result, typed).await
}

async fn prescribe(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let notes = get("notes");
    let result = service::prescribe(&state, &auth.user, &code, &notes, model::parse_items(&fields)).await.map(|_| ());
    let rx_rows = (1..=model::MAX_ITEMS)
        .map(|n| ["medicine", "strength", "dose", "quantity", "instructions"].map(|k| get(&format!("{k}_{n}"))))
        .filter(|r| r.iter().any(|v| !v.trim().is_empty()))
        .chain(std::iter::repeat_with(Default::default))
        .take(3.max(fields.iter().filter(|(k, v)| k.starts_with("medicine_") && !v.trim().is_empty()).count()))
        .collect();
    let typed = Typed { notes: Some(notes), rx_rows: Some(rx_rows), ..Default::default() };
    act_then_show(&state, PRACTITIONER, &auth.ctx, &auth.user, &code, result, typed).await
}

async fn pdf(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let (rx_code, bytes) = service::prescription_pdf(&state, &auth.user, &code).await?;
    Ok(crate::web::attachment("application/pdf", &format!("{rx_code}.pdf"), bytes))
}

// ---------------------------------------------------------------------------------------
// The practitioner's day.

#[derive(Deserialize, Default)]
#[serde(default)]
struct DayQuery {
    tanggal: String,
}

#[derive(Template)]
#[template(path = "telemedicine/schedule.html")]
struct SchedulePage<'a> {
    l: Layout<'a>,
    practitioner: Option<String>,
    date: String,
    prev: String,
    next: String,
    rows: Vec<Row>,
}

async fn schedule_page(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    Query(q): Query<DayQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let today = crate::calendar::local_date(crate::db::now(), offset);
    let date = crate::calendar::parse_date(q.tanggal.trim()).unwrap_or(today);
    let p = service::practitioner_of(&state, &auth.user).await?;
    let rows = match &p {
        Some(p) => service::day(&state, p, &auth.user, date).await?.iter().map(|c| row(t, c)).collect(),
        None => vec![],
    };
    let page = SchedulePage {
        l: Layout::new(&auth.ctx, t.t("tele-schedule-title")),
        practitioner: p.map(|p| p.name),
        date: date.to_string(),
        prev: date.previous_day().unwrap_or(date).to_string(),
        next: date.next_day().unwrap_or(date).to_string(),
        rows,
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------------------------------
// The pharmacy's page.

#[derive(Deserialize, Default)]
#[serde(default)]
struct SigQuery {
    s: String,
}

#[derive(Template)]
#[template(path = "telemedicine/verify.html")]
struct VerifyPage<'a> {
    l: Layout<'a>,
    code: String,
    signature: String,
    v: service::Verdict,
    dispensed: Option<String>,
    signed_in: bool,
}

async fn verify_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(code): ApiPath<String>,
    Query(q): Query<SigQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let viewer = ctx.user.as_ref().filter(|u| u.is_full());
    let v = service::verify(&state, viewer, &code, q.s.trim()).await?;
    let page = VerifyPage {
        l: Layout::new(&ctx, t.t("tele-verify-title")),
        dispensed: v.dispensed_at.map(|d| fmt_datetime(d, t.lang)),
        signed_in: viewer.is_some(),
        code,
        signature: q.s.trim().to_string(),
        v,
    };
    Ok(render(&page)?.into_response())
}

async fn dispense(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<SigQuery>,
) -> Result<Response, AppError> {
    service::dispense(&state, &auth.user, &code, form.s.trim()).await?;
    let query = serde_urlencoded::to_string([("s", form.s.trim())]).unwrap_or_default();
    Ok(see_other(&format!("/resep/{code}?{query}")))
}

// ---------------------------------------------------------------------------------------
// Who read my health data.

struct AccessRow {
    date: String,
    who: String,
    what: String,
}

#[derive(Template)]
#[template(path = "telemedicine/access.html")]
struct AccessPage<'a> {
    l: Layout<'a>,
    rows: Vec<AccessRow>,
}

async fn access_page(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = service::access_log(&state, &auth.user)
        .await?
        .into_iter()
        .map(|e| AccessRow {
            date: fmt_datetime(e.at, t.lang),
            who: match e.agency_id {
                Some(a) => format!("{} ({a})", e.staff_name),
                None => e.staff_name,
            },
            what: t.t1(&format!("tele-access-{}", e.what), "code", &e.code),
        })
        .collect();
    Ok(render(&AccessPage { l: Layout::new(&auth.ctx, t.t("tele-access-title")), rows })?.into_response())
}
