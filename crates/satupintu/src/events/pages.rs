//! Event pages: the public calendar (`/acara`, by kind), one event with registration and the
//! waiting list, the citizen's events, the iCalendar feed `/events.ics` and one event's file,
//! and the staff pages under `/kelola/acara` (publish, edit, cancel, registrations, the
//! attendance list to print).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, EventInput, Window};
use super::service::{self, Standing};
use super::store::Event;
use crate::app::AppState;
use crate::db;
use crate::identity::Role;
use crate::web::auth::{Authorized, Citizens, Publishers};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_datetime, render, render_form, see_other, ApiPath, AppError, CsrfForm, Ctx, FieldError, FormErrors,
    Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/acara", list_page)
        .get("/acara/saya", mine_page)
        .get("/acara/{slug}", show_page)
        .get("/acara/{slug}/ics", one_ics)
        .post("/acara/{slug}/daftar", register)
        .post("/acara/{slug}/batal", unregister)
        .get("/events.ics", feed)
        .get("/kelola/acara", admin_page)
        .post("/kelola/acara", create)
        .get("/kelola/acara/baru", new_page)
        .get("/kelola/acara/{slug}", edit_page)
        .post("/kelola/acara/{slug}", save)
        .post("/kelola/acara/{slug}/batalkan", cancel)
        .get("/kelola/acara/{slug}/daftar-hadir", attendance_page)
}

struct Choice {
    value: String,
    label: String,
    on: bool,
}

/// An event as lists show it.
struct Item {
    slug: String,
    title: String,
    kind: String,
    agency: String,
    when: String,
    place: String,
    seats: String,
    waiting: i64,
    cancelled: bool,
}

fn when(e: &Event, t: T<'_>) -> String {
    format!("{} – {}", fmt_datetime(e.starts_at, t.lang), fmt_datetime(e.ends_at, t.lang))
}

fn seats_text(e: &Event, t: T<'_>) -> String {
    match service::seats_left(e) {
        None => t.t("event-seats-unlimited"),
        Some(0) => t.t("event-seats-full"),
        Some(n) => t.tn("event-seats-left", "n", n),
    }
}

async fn item(state: &AppState, t: T<'_>, e: &Event) -> Result<Item, AppError> {
    Ok(Item {
        slug: e.slug.clone(),
        title: e.title.clone(),
        kind: t.t(&format!("event-kind-{}", e.kind)),
        agency: crate::announcements::service::agency_name(state, &e.agency_id, t.lang).await?,
        when: when(e, t),
        place: format!("{}, {}", e.place_name, e.place_address),
        seats: seats_text(e, t),
        waiting: e.waiting,
        cancelled: e.cancelled_at.is_some(),
    })
}

// ---------------------------------------------------------------------------------------
// Public pages.

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    jenis: String,
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    items: Vec<Item>,
    kinds: Vec<Choice>,
    citizen: bool,
}

async fn list_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let kind = Some(q.jenis.trim()).filter(|k| !k.is_empty());
    if kind.is_some_and(|k| !model::KINDS.contains(&k)) {
        return Err(AppError::NotFound);
    }
    let mut items = vec![];
    for e in service::upcoming(&state, kind).await? {
        items.push(item(&state, t, &e).await?);
    }
    let kinds = std::iter::once("")
        .chain(model::KINDS)
        .map(|k| Choice {
            value: k.to_string(),
            label: if k.is_empty() { t.t("event-filter-all") } else { t.t(&format!("event-kind-{k}")) },
            on: kind.unwrap_or("") == k,
        })
        .collect();
    let citizen = ctx.user.as_ref().is_some_and(|u| u.is_full() && u.role == Role::Citizen);
    let page = ListPage { l: Layout::new(&ctx, t.t("event-title")), items, kinds, citizen };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "events/show.html")]
struct ShowPage<'a> {
    l: Layout<'a>,
    e: Item,
    paragraphs: Vec<String>,
    map_url: Option<String>,
    registration: String,
    open: bool,
    signed_out: bool,
    citizen: bool,
    registered: bool,
    waiting: Option<i64>,
    full: bool,
}

async fn show_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let e = service::public_one(&state, &slug).await?;
    let user = ctx.user.as_ref().filter(|u| u.is_full());
    let citizen = user.is_some_and(|u| u.role == Role::Citizen);
    let standing = match user.filter(|_| citizen) {
        Some(u) => service::standing(&state, u, &e).await?,
        None => Standing::None,
    };
    let now = db::now();
    let window = service::window(&e, now);
    let registration = match window {
        Window::NotYet => t.t1(
            "event-registration-opens",
            "when",
            fmt_datetime(e.registration_opens_at.unwrap_or(e.starts_at), t.lang),
        ),
        Window::Open => t.t1(
            "event-registration-closes",
            "when",
            fmt_datetime(e.registration_closes_at.unwrap_or(e.starts_at), t.lang),
        ),
        Window::Closed => t.t("event-registration-closed"),
    };
    let page = ShowPage {
        l: Layout::new(&ctx, e.title.clone()),
        paragraphs: crate::announcements::model::paragraphs(&e.description),
        map_url: e.lat_e6.zip(e.lon_e6).map(|(a, b)| {
            let (lat, lon) = (model::from_e6(a), model::from_e6(b));
            format!("https://www.openstreetmap.org/?mlat={lat:.6}&mlon={lon:.6}#map=17/{lat:.6}/{lon:.6}")
        }),
        registration,
        open: window == Window::Open,
        signed_out: user.is_none(),
        citizen,
        registered: standing == Standing::Registered,
        waiting: match standing {
            Standing::Waiting(n) => Some(n),
            _ => None,
        },
        full: service::seats_left(&e) == Some(0),
        e: item(&state, t, &e).await?,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Empty {}

async fn register(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(_form): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::register(&state, &auth.user, &slug).await?;
    Ok(see_other(&format!("/acara/{slug}")))
}

async fn unregister(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(_form): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    service::unregister(&state, &auth.user, &slug).await?;
    Ok(see_other(&format!("/acara/{slug}")))
}

struct MineRow {
    e: Item,
    registered: bool,
    position: i64,
}

#[derive(Template)]
#[template(path = "events/mine.html")]
struct MinePage<'a> {
    l: Layout<'a>,
    rows: Vec<MineRow>,
}

async fn mine_page(State(state): State<AppState>, auth: Authorized<Citizens>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let mut rows = vec![];
    for (e, s) in service::mine(&state, &auth.user).await? {
        let position = if let Standing::Waiting(n) = s { n } else { 0 };
        rows.push(MineRow { e: item(&state, t, &e).await?, registered: s == Standing::Registered, position });
    }
    let page = MinePage { l: Layout::new(&auth.ctx, t.t("event-mine-title")), rows };
    Ok(render(&page)?.into_response())
}

fn calendar_response(body: String, file: &str, download: bool) -> Response {
    if download {
        crate::web::attachment("text/calendar; charset=utf-8", file, body)
    } else {
        ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response()
    }
}

/// Every upcoming event (cancelled ones marked), for calendar apps to subscribe to.
async fn feed(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let events = service::upcoming(&state, None).await?;
    let name = ctx.t().t("event-calendar-name");
    let body = service::calendar(&state, &events, Some(&name), ctx.lang).await?;
    Ok(calendar_response(body, "events.ics", false))
}

async fn one_ics(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let e = service::public_one(&state, &slug).await?;
    let body = service::calendar(&state, std::slice::from_ref(&e), None, ctx.lang).await?;
    Ok(calendar_response(body, &format!("{}.ics", e.slug), true))
}

// ---------------------------------------------------------------------------------------
// Staff pages.

#[derive(Template)]
#[template(path = "events/admin_list.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    items: Vec<Item>,
}

async fn admin_page(State(state): State<AppState>, auth: Authorized<Publishers>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let mut items = vec![];
    for e in service::staff_list(&state, &auth.user).await? {
        items.push(item(&state, t, &e).await?);
    }
    let page = AdminPage { l: Layout::new(&auth.ctx, t.t("event-admin-title")), items };
    Ok(render(&page)?.into_response())
}

struct Person {
    name: String,
    status: String,
    position: i64,
    since: String,
}

#[derive(Template)]
#[template(path = "events/form.html")]
struct FormPage<'a> {
    l: Layout<'a>,
    slug: Option<String>,
    form: EventInput,
    kinds: Vec<Choice>,
    agencies: Vec<Choice>,
    cancelled: bool,
    summary: String,
    people: Vec<Person>,
    errors: FormErrors,
}

async fn people(state: &AppState, t: T<'_>, e: &Event) -> Result<Vec<Person>, AppError> {
    let mut waiting = 0;
    Ok(service::attendees(state, e)
        .await?
        .into_iter()
        .map(|(r, name)| {
            let position = if r.status == "waiting" {
                waiting += 1;
                waiting
            } else {
                0
            };
            Person {
                name,
                status: t.t(&format!("event-status-{}", r.status)),
                position,
                since: fmt_datetime(r.queued_at, t.lang),
            }
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    auth: &Authorized<Publishers>,
    event: Option<&Event>,
    form: EventInput,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let errors = FormErrors::from_fields(t, errs);
    let mine = crate::announcements::service::publisher_agencies(state, &auth.user).await?;
    let snap = crate::catalog::service::snapshot(state).await?;
    let mut agencies: Vec<Choice> = snap
        .agencies
        .iter()
        .filter(|a| mine.contains(&a.id))
        .map(|a| Choice { value: a.id.clone(), label: a.name.get(t.lang).to_string(), on: form.agency == a.id })
        .collect();
    agencies.sort_by(|a, b| a.label.cmp(&b.label));
    let kinds = model::KINDS
        .iter()
        .map(|k| Choice { value: k.to_string(), label: t.t(&format!("event-kind-{k}")), on: form.kind == *k })
        .collect();
    let (people, summary) = match event {
        Some(e) => (
            people(state, t, e).await?,
            format!("{} · {}", seats_text(e, t), t.tn("event-waiting-count", "n", e.waiting)),
        ),
        None => (vec![], String::new()),
    };
    let has_errors = !errors.is_empty();
    let title = if event.is_some() { t.t("event-edit-title") } else { t.t("event-new-title") };
    let page = FormPage {
        l: Layout::new(&auth.ctx, title).with_errors(has_errors),
        slug: event.map(|e| e.slug.clone()),
        form,
        kinds,
        agencies,
        cancelled: event.is_some_and(|e| e.cancelled_at.is_some()),
        summary,
        people,
        errors,
    };
    render_form(&page, has_errors)
}

async fn new_page(State(state): State<AppState>, auth: Authorized<Publishers>) -> Result<Response, AppError> {
    let form = EventInput {
        kind: "lokakarya".into(),
        agency: auth.user.agency_id.clone().unwrap_or_default(),
        ..Default::default()
    };
    form_page(&state, &auth, None, form, &[]).await
}

async fn create(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    CsrfForm(form): CsrfForm<EventInput>,
) -> Result<Response, AppError> {
    let result = service::create(&state, &auth.user, &form).await;
    after_post(
        result,
        |e| format!("/kelola/acara/{}", e.slug),
        |errs| async move { form_page(&state, &auth, None, form, &errs).await },
    )
    .await
}

fn as_input(e: &Event, offset: i8) -> EventInput {
    let local = |t: i64| crate::calendar::local_datetime_input(t, offset);
    EventInput {
        title: e.title.clone(),
        kind: e.kind.clone(),
        agency: e.agency_id.clone(),
        description: e.description.clone(),
        place_name: e.place_name.clone(),
        place_address: e.place_address.clone(),
        lat: e.lat_e6.map(|v| format!("{:.6}", model::from_e6(v))).unwrap_or_default(),
        lon: e.lon_e6.map(|v| format!("{:.6}", model::from_e6(v))).unwrap_or_default(),
        starts_at: local(e.starts_at),
        ends_at: local(e.ends_at),
        capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
        registration_opens_at: e.registration_opens_at.map(local).unwrap_or_default(),
        registration_closes_at: e.registration_closes_at.map(local).unwrap_or_default(),
    }
}

async fn edit_page(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let e = service::managed(&state, &auth.user, &slug).await?;
    let form = as_input(&e, crate::announcements::service::offset(&state));
    form_page(&state, &auth, Some(&e), form, &[]).await
}

async fn save(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(form): CsrfForm<EventInput>,
) -> Result<Response, AppError> {
    let result = service::update(&state, &auth.user, &slug, &form).await;
    after_post(
        result,
        |e| format!("/kelola/acara/{}", e.slug),
        |errs| async move {
            let e = service::managed(&state, &auth.user, &slug).await?;
            form_page(&state, &auth, Some(&e), form, &errs).await
        },
    )
    .await
}

async fn cancel(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(_form): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let e = service::cancel(&state, &auth.user, &slug).await?;
    Ok(see_other(&format!("/kelola/acara/{}", e.slug)))
}

#[derive(Template)]
#[template(path = "events/attendance.html")]
struct AttendancePage<'a> {
    l: Layout<'a>,
    e: Item,
    people: Vec<Person>,
}

/// The attendance list to print: the registered people with a column to sign.
async fn attendance_page(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let e = service::managed(&state, &auth.user, &slug).await?;
    let people = people(&state, t, &e).await?.into_iter().filter(|p| p.position == 0).collect();
    let page = AttendancePage {
        l: Layout::new(&auth.ctx, t.t1("event-attendance-title", "title", &e.title)),
        e: item(&state, t, &e).await?,
        people,
    };
    Ok(render(&page)?.into_response())
}
