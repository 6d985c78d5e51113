//! The citizen's appointment pages: choose a service, a place, a day and a slot; the booking
//! with its check-in QR code and calendar file; move or cancel it. Plain forms, no JavaScript.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::service::{self, BookingView};
use super::store::{self, LocationRow, Slot};
use crate::app::AppState;
use crate::web::auth::{Authorized, Citizens, SignedIn};
use crate::web::routes::Pages;
use crate::web::{
    fmt_date, render, render_form, see_other, ApiPath, AppError, CsrfForm, FieldError, FormErrors, Layout, RequestCtx,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/janji", mine)
        .get("/janji/baru", new_form)
        .post("/janji/baru", new_submit)
        .get("/janji/{code}", show)
        .get("/janji/{code}/kalender.ics", calendar)
        .post("/janji/{code}/pindah", move_submit)
        .post("/janji/{code}/batal", cancel_submit)
        .merge(super::queue_pages::pages())
}

/// One day to pick.
pub struct DayChoice {
    pub value: String,
    pub label: String,
    pub current: bool,
}

/// A slot to pick.
pub struct SlotChoice {
    pub id: i64,
    pub label: String,
    pub free: String,
}

fn slot_choices(ctx: &RequestCtx, slots: &[Slot]) -> Vec<SlotChoice> {
    let t = ctx.t();
    slots
        .iter()
        .map(|s| SlotChoice {
            id: s.id,
            label: format!("{}–{}", s.start, s.end),
            free: t.tn("appt-free", "n", s.capacity),
        })
        .collect()
}

/// The next days the location is open (up to `n`), from today.
async fn open_days(
    state: &AppState,
    loc: &LocationRow,
    chosen: time::Date,
    lang: crate::web::i18n::Lang,
) -> Result<Vec<DayChoice>, AppError> {
    let holidays = state.holidays.get(&state.db).await?;
    let l = loc.location();
    let today = service::today(state);
    Ok(super::model::dates(today, loc.def.horizon_days)
        .filter(|d| l.opens_on(*d, holidays.is_holiday(*d), false))
        .take(7)
        .map(|d| DayChoice { value: d.to_string(), label: crate::web::fmt_date_short(d, lang), current: d == chosen })
        .collect())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PickQuery {
    layanan: String,
    lokasi: String,
    tanggal: String,
    permohonan: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PickForm {
    layanan: String,
    lokasi: String,
    tanggal: String,
    permohonan: String,
    slot_id: String,
}

#[derive(Template)]
#[template(path = "appointments/new.html")]
struct NewPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    /// Services with bookable places: (id, name).
    services: Vec<(String, String)>,
    service_id: String,
    service_name: String,
    locations: Vec<(String, String)>,
    location_id: String,
    address: String,
    date: String,
    date_label: String,
    days: Vec<DayChoice>,
    slots: Vec<SlotChoice>,
    application: String,
}

async fn pick_page(
    state: &AppState,
    ctx: &RequestCtx,
    q: PickQuery,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = ctx.t();
    let snap = crate::catalog::service::snapshot(state).await?;
    let mut conn = state.db.conn().await?;
    let mut services: Vec<(String, String)> = vec![];
    for loc in store::locations(&mut conn).await? {
        for s in loc.def.services.iter().filter(|s| s.capacity > 0) {
            if let Some(rec) = snap.service(&s.service) {
                if !services.iter().any(|(id, _)| *id == s.service) {
                    services.push((s.service.clone(), rec.service.name.get(ctx.lang).to_string()));
                }
            }
        }
    }
    services.sort_by(|a, b| a.1.cmp(&b.1));
    let chosen = services.iter().find(|(id, _)| *id == q.layanan).cloned();
    let mut page = NewPage {
        l: Layout::new(ctx, t.t("appt-new-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        services,
        service_id: String::new(),
        service_name: String::new(),
        locations: vec![],
        location_id: String::new(),
        address: String::new(),
        date: String::new(),
        date_label: String::new(),
        days: vec![],
        slots: vec![],
        application: q.permohonan.trim().to_string(),
    };
    if let Some((service_id, service_name)) = chosen {
        let locations = store::locations_of_service(&mut conn, &service_id).await?;
        drop(conn);
        let loc = locations.iter().find(|l| l.id == q.lokasi).or(locations.first()).cloned();
        if let Some(loc) = loc {
            let today = service::today(state);
            let date = crate::calendar::parse_date(q.tanggal.trim()).filter(|d| *d >= today).unwrap_or(today);
            page.days = open_days(state, &loc, date, ctx.lang).await?;
            let slots = service::slots(state, &service_id, Some(&loc.id), None, date).await?;
            page.slots = slot_choices(ctx, &slots);
            page.location_id = loc.id.clone();
            page.address = loc.address.clone();
            page.date = date.to_string();
            page.date_label = fmt_date(date, ctx.lang);
        }
        page.locations = locations.into_iter().map(|l| (l.id, l.name)).collect();
        page.service_id = service_id;
        page.service_name = service_name;
    }
    render_form(&page, !errs.is_empty())
}

async fn new_form(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    Query(q): Query<PickQuery>,
) -> Result<Response, AppError> {
    pick_page(&state, &auth.ctx, q, &[]).await
}

/// A refusal the citizen can fix by choosing again, shown on the form.
fn as_field(e: AppError, field: &'static str) -> Result<Vec<FieldError>, AppError> {
    match e {
        AppError::Validation(errs) => Ok(errs),
        AppError::Conflict { key } => Ok(vec![FieldError::new(field, key)]),
        e => Err(e),
    }
}

async fn new_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(form): CsrfForm<PickForm>,
) -> Result<Response, AppError> {
    let application = Some(form.permohonan.clone()).filter(|a| !a.trim().is_empty());
    let result = match form.slot_id.trim().parse::<i64>() {
        Ok(id) => service::book(&state, &auth.user, id, application).await,
        Err(_) => Err(AppError::Validation(vec![FieldError::new("slot_id", "field-slot-choose")])),
    };
    match result {
        Ok(b) => Ok(see_other(&format!("/janji/{}", b.code))),
        Err(e) => {
            let errs = as_field(e, "slot_id")?;
            let q = PickQuery {
                layanan: form.layanan,
                lokasi: form.lokasi,
                tanggal: form.tanggal,
                permohonan: form.permohonan,
            };
            pick_page(&state, &auth.ctx, q, &errs).await
        }
    }
}

#[derive(Template)]
#[template(path = "appointments/mine.html")]
struct MinePage<'a> {
    l: Layout<'a>,
    bookings: Vec<Row>,
}

/// A booking in a list.
pub struct Row {
    pub code: String,
    pub service: String,
    pub place: String,
    pub when: String,
    pub status: String,
    /// The colour of the status tag.
    pub tag: &'static str,
}

fn row(ctx: &RequestCtx, v: &BookingView) -> Row {
    let t = ctx.t();
    Row {
        code: v.code.clone(),
        service: v.service_name.clone(),
        place: v.location_name.clone(),
        when: when(ctx, v),
        status: t.t(&format!("appt-status-{}", v.status.replace('_', "-"))),
        tag: match v.status.as_str() {
            "booked" => "govuk-tag--blue",
            "checked_in" => "govuk-tag--turquoise",
            "served" => "govuk-tag--green",
            "no_show" => "govuk-tag--red",
            _ => "govuk-tag--grey",
        },
    }
}

fn when(ctx: &RequestCtx, v: &BookingView) -> String {
    let date = crate::calendar::parse_date(&v.date).map(|d| fmt_date(d, ctx.lang)).unwrap_or_default();
    format!("{date}, {}–{}", v.start, v.end)
}

async fn mine(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let mut bookings = vec![];
    for b in service::mine(&state, &auth.user).await? {
        bookings.push(row(&auth.ctx, &service::view(&state, &b, auth.ctx.lang).await?));
    }
    let page = MinePage { l: Layout::new(&auth.ctx, auth.ctx.t().t("appt-mine-title")), bookings };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "appointments/booking.html")]
struct BookingPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    b: BookingView,
    row: Row,
    owner: bool,
    qr: String,
    /// The ticket's own page, after check-in.
    ticket_url: Option<String>,
    /// A teleconsultation (its room is on its own page).
    teleconsultation: bool,
    date: String,
    days: Vec<DayChoice>,
    slots: Vec<SlotChoice>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MoveQuery {
    tanggal: String,
}

async fn booking_page(
    state: &AppState,
    auth: &SignedIn,
    code: &str,
    date: &str,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let b = service::booking_for(state, &auth.user, code).await?;
    let ctx = &auth.ctx;
    let v = service::view(state, &b, ctx.lang).await?;
    let owner = b.user_id == auth.user.id;
    let mut conn = state.db.conn().await?;
    let ticket_url = super::tickets::by_booking(&mut conn, b.id).await?.map(|t| format!("/antrean/tiket/{}", t.token));
    let (mut days, mut slots, mut chosen) = (vec![], vec![], String::new());
    if owner && v.changeable && v.reschedules_left > 0 {
        if let Some(loc) = store::location(&mut conn, &b.location_id).await? {
            drop(conn);
            let today = service::today(state);
            let d = crate::calendar::parse_date(date.trim()).filter(|d| *d >= today).unwrap_or(today);
            days = open_days(state, &loc, d, ctx.lang).await?;
            let practitioner = (b.practitioner_id != 0).then_some(b.practitioner_id);
            let free = service::slots(state, &b.service_id, Some(&loc.id), practitioner, d).await?;
            slots = slot_choices(ctx, &free.into_iter().filter(|s| s.id != b.slot_id).collect::<Vec<_>>());
            chosen = d.to_string();
        }
    }
    let t = ctx.t();
    let page = BookingPage {
        l: Layout::new(ctx, t.t1("appt-booking-title", "code", &v.code)).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        row: row(ctx, &v),
        qr: crate::web::qr::svg(&v.check_in, &t.t1("appt-qr-label", "code", &v.code)),
        owner,
        ticket_url,
        teleconsultation: b.practitioner_id != 0,
        date: chosen,
        days,
        slots,
        b: v,
    };
    render_form(&page, !errs.is_empty())
}

async fn show(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
    Query(q): Query<MoveQuery>,
) -> Result<Response, AppError> {
    booking_page(&state, &auth, &code, &q.tanggal, &[]).await
}

async fn calendar(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    let b = service::booking_for(&state, &auth.user, &code).await?;
    let ics = service::calendar(&state, &b, auth.ctx.lang).await?;
    Ok(crate::web::attachment("text/calendar; charset=utf-8", &format!("{}.ics", b.code), ics))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MoveForm {
    slot_id: String,
    tanggal: String,
}

async fn move_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<Response, AppError> {
    let result = match form.slot_id.trim().parse::<i64>() {
        Ok(id) => service::reschedule(&state, &auth.user, &code, id).await,
        Err(_) => Err(AppError::Validation(vec![FieldError::new("slot_id", "field-slot-choose")])),
    };
    match result {
        Ok(b) => Ok(see_other(&format!("/janji/{}", b.code))),
        Err(e) => {
            let errs = as_field(e, "slot_id")?;
            let signed_in = SignedIn::from_parts(auth.user, auth.ctx);
            booking_page(&state, &signed_in, &code, &form.tanggal, &errs).await
        }
    }
}

async fn cancel_submit(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(_form): CsrfForm<MoveForm>,
) -> Result<Response, AppError> {
    let b = service::cancel(&state, &auth.user, &code).await?;
    Ok(see_other(&format!("/janji/{}", b.code)))
}
