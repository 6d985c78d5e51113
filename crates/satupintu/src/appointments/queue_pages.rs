//! The queue on the day: the kiosk (check in by booking code or QR, walk-in tickets), each
//! ticket's page with its estimated wait, the TV display, the officer's counter page, the
//! statistics, and the admins' locations page.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::queue::{self, Board, CounterAction, Figures, TicketStatus};
use super::store::{self, Counter, LocationRow};
use super::tickets::Ticket;
use crate::app::AppState;
use crate::web::auth::{Authorized, CaseWorkers, CatalogAdmins, Staff};
use crate::web::routes::Pages;
use crate::web::{
    render, render_form, see_other, ApiPath, AppError, CsrfForm, Ctx, FieldError, FormErrors, Layout, RequestCtx,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/antrean/kiosk/{key}", kiosk)
        .post("/antrean/kiosk/{key}/masuk", kiosk_check_in)
        .post("/antrean/kiosk/{key}/ambil", kiosk_walk_in)
        .get("/antrean/tiket/{token}", ticket)
        .get("/antrean/{location}/layar", display)
        .get("/petugas/antrean", counter)
        .post("/petugas/antrean", counter_act)
        .get("/petugas/antrean/statistik", stats)
        .get("/kelola/lokasi", admin)
        .post("/kelola/lokasi", admin_import)
        .post("/kelola/lokasi/tutup", admin_close)
}

async fn service_names(
    state: &AppState,
    ctx: &RequestCtx,
    loc: &LocationRow,
) -> Result<Vec<(String, String)>, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    Ok(loc
        .def
        .services
        .iter()
        .map(|s| {
            let name = snap.service(&s.service).map(|r| r.service.name.get(ctx.lang).to_string()).unwrap_or_default();
            (s.service.clone(), name)
        })
        .collect())
}

fn name_of(names: &[(String, String)], id: &str) -> String {
    names.iter().find(|(s, _)| s == id).map(|(_, n)| n.clone()).unwrap_or_else(|| id.to_string())
}

#[derive(Template)]
#[template(path = "appointments/kiosk.html")]
struct KioskPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    key: String,
    location: String,
    services: Vec<(String, String)>,
    priorities: Vec<(String, String)>,
    code: String,
}

async fn kiosk_location(state: &AppState, key: &str) -> Result<LocationRow, AppError> {
    store::location_by_kiosk(&mut *state.db.conn().await?, key).await?.ok_or(AppError::NotFound)
}

async fn kiosk_page(
    state: &AppState,
    ctx: &RequestCtx,
    key: &str,
    code: &str,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let loc = kiosk_location(state, key).await?;
    let t = ctx.t();
    let page = KioskPage {
        l: Layout::new(ctx, t.t1("kiosk-title", "place", &loc.name)).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        key: key.to_string(),
        services: service_names(state, ctx, &loc).await?,
        priorities: super::model::PRIORITIES
            .iter()
            .map(|p| (p.to_string(), t.t(&format!("queue-priority-{p}"))))
            .collect(),
        location: loc.name,
        code: code.to_string(),
    };
    render_form(&page, !errs.is_empty())
}

async fn kiosk(State(state): State<AppState>, ctx: Ctx, ApiPath(key): ApiPath<String>) -> Result<Response, AppError> {
    kiosk_page(&state, &ctx, &key, "", &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct KioskForm {
    code: String,
    service_id: String,
    priority: String,
}

/// After the kiosk's action: the ticket, or the kiosk again with what to fix.
async fn kiosk_outcome(
    state: &AppState,
    ctx: &RequestCtx,
    key: &str,
    form: &KioskForm,
    result: Result<Ticket, AppError>,
    field: &'static str,
) -> Result<Response, AppError> {
    match result {
        Ok(t) => ticket_page(state, ctx, &t.token, Some(key)).await,
        Err(AppError::Validation(errs)) => kiosk_page(state, ctx, key, &form.code, &errs).await,
        Err(AppError::Conflict { key: msg }) => {
            kiosk_page(state, ctx, key, &form.code, &[FieldError::new(field, msg)]).await
        }
        Err(e) => Err(e),
    }
}

async fn kiosk_check_in(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(key): ApiPath<String>,
    CsrfForm(form): CsrfForm<KioskForm>,
) -> Result<Response, AppError> {
    let loc = kiosk_location(&state, &key).await?;
    let result = queue::check_in(&state, &loc, &form.code).await;
    kiosk_outcome(&state, &ctx, &key, &form, result, "code").await
}

async fn kiosk_walk_in(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(key): ApiPath<String>,
    CsrfForm(form): CsrfForm<KioskForm>,
) -> Result<Response, AppError> {
    let loc = kiosk_location(&state, &key).await?;
    let result = if form.service_id.is_empty() {
        Err(AppError::Validation(vec![FieldError::new("service_id", "field-required")]))
    } else {
        queue::walk_in(&state, &loc, &form.service_id, &form.priority).await
    };
    kiosk_outcome(&state, &ctx, &key, &form, result, "service_id").await
}

#[derive(Template)]
#[template(path = "appointments/ticket.html")]
struct TicketPage<'a> {
    l: Layout<'a>,
    s: TicketStatus,
    service: String,
    location: String,
    status: String,
    qr: String,
    url: String,
    token: String,
    /// Printed at the kiosk: a way back to the kiosk.
    kiosk: Option<String>,
}

async fn ticket_page(
    state: &AppState,
    ctx: &RequestCtx,
    token: &str,
    kiosk: Option<&str>,
) -> Result<Response, AppError> {
    let s = queue::status(state, token).await?;
    let loc = store::location(&mut *state.db.conn().await?, &s.ticket.location_id).await?.ok_or(AppError::NotFound)?;
    let names = service_names(state, ctx, &loc).await?;
    let t = ctx.t();
    let path = format!("/antrean/tiket/{token}");
    let url = format!("{}{path}", state.base_url());
    let page = TicketPage {
        l: Layout::new(ctx, t.t1("ticket-title", "number", &s.ticket.number)),
        service: name_of(&names, &s.ticket.service_id),
        location: loc.name,
        status: t.t(&format!("ticket-status-{}", s.ticket.status)),
        qr: crate::web::qr::svg(&url, &t.t("ticket-qr-label")),
        url: path,
        token: token.to_string(),
        kiosk: kiosk.map(|k| format!("/antrean/kiosk/{k}")),
        s,
    };
    Ok(render(&page)?.into_response())
}

async fn ticket(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, AppError> {
    ticket_page(&state, &ctx, &token, None).await
}

#[derive(Template)]
#[template(path = "appointments/display.html")]
struct DisplayPage<'a> {
    l: Layout<'a>,
    b: Board,
    names: Vec<(String, String)>,
    /// Service names for the script, as JSON (`<` escaped).
    names_json: String,
}

async fn display(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(location): ApiPath<String>,
) -> Result<Response, AppError> {
    let loc = store::location(&mut *state.db.conn().await?, &location).await?.ok_or(AppError::NotFound)?;
    let names = service_names(&state, &ctx, &loc).await?;
    let b = queue::board(&state, &loc).await?;
    let map: std::collections::BTreeMap<&str, &str> = names.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let names_json = serde_json::to_string(&map).unwrap_or_default().replace('<', "\\u003c");
    let page =
        DisplayPage { l: Layout::new(&ctx, ctx.t().t1("display-title", "place", &loc.name)), b, names, names_json };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CounterQuery {
    lokasi: String,
    loket: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CounterForm {
    lokasi: String,
    loket: String,
    aksi: String,
}

/// A waiting ticket as the officer sees it.
pub struct Waiting {
    pub number: String,
    pub service: String,
    pub priority: Option<String>,
    pub booked: bool,
    pub waited_min: i64,
}

#[derive(Template)]
#[template(path = "appointments/counter.html")]
struct CounterPage<'a> {
    l: Layout<'a>,
    /// Where the officer can work: (location id, name, counters).
    places: Vec<(String, String, Vec<Counter>)>,
    location_id: String,
    location: String,
    counter: Option<Counter>,
    current: Option<Ticket>,
    current_service: String,
    waiting: Vec<Waiting>,
    /// The counter's services, for the script that watches the queue.
    services_csv: String,
    kiosk: String,
}

async fn counter_page(
    state: &AppState,
    auth: &Authorized<CaseWorkers>,
    lokasi: &str,
    loket: &str,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let places = queue::locations_for(state, &auth.user).await?;
    let mut l = Layout::new(ctx, t.t("counter-title"));
    l.notice = notice;
    let mut page = CounterPage {
        l,
        places: places.iter().map(|(loc, cs)| (loc.id.clone(), loc.name.clone(), cs.clone())).collect(),
        location_id: String::new(),
        location: String::new(),
        counter: None,
        current: None,
        current_service: String::new(),
        waiting: vec![],
        services_csv: String::new(),
        kiosk: String::new(),
    };
    let chosen = places.into_iter().find(|(loc, _)| loc.id == lokasi);
    if let (Some((loc, counters)), Ok(id)) = (chosen, loket.parse::<i64>()) {
        let c = counters.into_iter().find(|c| c.id == id).ok_or(AppError::NotFound)?;
        let names = service_names(state, ctx, &loc).await?;
        let date = super::service::today(state).to_string();
        let mut conn = state.db.conn().await?;
        let current = super::tickets::at_counter(&mut conn, c.id, &date).await?;
        let now = crate::db::now();
        page.waiting = super::tickets::open(&mut conn, &loc.id, &date)
            .await?
            .into_iter()
            .filter(|w| w.status == "waiting" && c.services.contains(&w.service_id))
            .map(|w| Waiting {
                service: name_of(&names, &w.service_id),
                priority: w.priority.then(|| t.t("queue-priority")),
                booked: w.booking_id.is_some(),
                waited_min: (now - w.issued_at).max(0) / 60,
                number: w.number,
            })
            .collect();
        page.current_service = current.as_ref().map(|w| name_of(&names, &w.service_id)).unwrap_or_default();
        page.current = current;
        page.l.title = format!("{} · {}", c.name, loc.name);
        page.services_csv = c.services.join(",");
        page.counter = Some(c);
        page.location_id = loc.id.clone();
        page.location = loc.name.clone();
        page.kiosk = format!("/antrean/kiosk/{}", loc.kiosk_key);
    }
    Ok(render(&page)?.into_response())
}

async fn counter(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    Query(q): Query<CounterQuery>,
) -> Result<Response, AppError> {
    counter_page(&state, &auth, &q.lokasi, &q.loket, None).await
}

async fn counter_act(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    CsrfForm(form): CsrfForm<CounterForm>,
) -> Result<Response, AppError> {
    let action = CounterAction::parse(&form.aksi).ok_or(AppError::bad_request("error-form"))?;
    let id = form.loket.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let loc = store::location(&mut *state.db.conn().await?, &form.lokasi).await?.ok_or(AppError::NotFound)?;
    match queue::act(&state, &auth.user, &loc, id, action).await {
        Ok(_) => Ok(see_other(&format!("/petugas/antrean?lokasi={}&loket={id}", loc.id))),
        Err(AppError::Conflict { key }) => {
            let notice = auth.ctx.t().t(key);
            counter_page(&state, &auth, &loc.id, &form.loket, Some(notice)).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatsQuery {
    lokasi: String,
    dari: String,
    sampai: String,
}

/// One row of figures.
pub struct FigureRow {
    pub label: String,
    pub f: Figures,
}

#[derive(Template)]
#[template(path = "appointments/stats.html")]
struct StatsPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    locations: Vec<(String, String)>,
    location_id: String,
    from: String,
    to: String,
    no_shows: i64,
    /// (caption, rows ending with the total).
    tables: Vec<(String, Vec<FigureRow>)>,
}

async fn stats(
    State(state): State<AppState>,
    auth: Authorized<Staff>,
    Query(q): Query<StatsQuery>,
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let mut locations = vec![];
    for loc in store::locations(&mut *state.db.conn().await?).await? {
        if super::service::staff_location(&state, &auth.user, &loc.id).await.is_ok() {
            locations.push((loc.id, loc.name));
        }
    }
    let today = super::service::today(&state);
    let period = super::model::period(today, ("dari", &q.dari), ("sampai", &q.sampai));
    let errs = period.as_ref().err().cloned().unwrap_or_default();
    let (from, to) = period.unwrap_or((today - time::Duration::days(30), today));
    let location_id =
        if q.lokasi.is_empty() { locations.first().map(|l| l.0.clone()).unwrap_or_default() } else { q.lokasi };
    let mut page = StatsPage {
        l: Layout::new(ctx, t.t("queue-stats-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, &errs),
        locations,
        location_id: location_id.clone(),
        from: from.to_string(),
        to: to.to_string(),
        no_shows: 0,
        tables: vec![],
    };
    if errs.is_empty() && !location_id.is_empty() {
        let loc = super::service::staff_location(&state, &auth.user, &location_id).await?;
        let names = service_names(&state, ctx, &loc).await?;
        let s = queue::stats(&state, &loc, from, to).await?;
        page.no_shows = s.no_shows;
        let total = || FigureRow { label: t.t("queue-stats-total"), f: s.total.clone() };
        let with_total = |mut rows: Vec<FigureRow>| {
            rows.push(total());
            rows
        };
        page.tables = vec![
            (
                t.t("queue-stats-by-service"),
                with_total(
                    s.by_service.iter().map(|(k, f)| FigureRow { label: name_of(&names, k), f: f.clone() }).collect(),
                ),
            ),
            (
                t.t("queue-stats-by-hour"),
                with_total(
                    s.by_hour
                        .iter()
                        .map(|(h, f)| FigureRow { label: format!("{h:02}.00–{h:02}.59"), f: f.clone() })
                        .collect(),
                ),
            ),
            (
                t.t("queue-stats-by-weekday"),
                with_total(
                    s.by_weekday
                        .iter()
                        .map(|(d, f)| FigureRow { label: t.t(&format!("weekday-{d}")), f: f.clone() })
                        .collect(),
                ),
            ),
        ];
    }
    Ok(render(&page)?.into_response())
}

/// A location on the admins' page.
pub struct AdminRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub services: usize,
    pub counters: usize,
    pub kiosk: String,
    /// "Closed on ...: reason", one per day ahead.
    pub closures: Vec<String>,
}

#[derive(Template)]
#[template(path = "appointments/admin.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    rows: Vec<AdminRow>,
    document: String,
    closure: CloseForm,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct ImportForm {
    document: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct CloseForm {
    location_id: String,
    date: String,
    reason: String,
}

async fn admin_page(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    document: String,
    closure: CloseForm,
    errs: &[FieldError],
    notice: Option<String>,
) -> Result<Response, AppError> {
    let ctx = &auth.ctx;
    let t = ctx.t();
    let today = super::service::today(state).to_string();
    let mut rows = vec![];
    let mut conn = state.db.conn().await?;
    for loc in store::locations(&mut conn).await? {
        let mine = auth.user.role == crate::identity::Role::SuperAdmin || loc.agency_id == auth.user.agency_id;
        if !mine {
            continue;
        }
        rows.push(AdminRow {
            counters: store::counters(&mut conn, &loc.id).await?.len(),
            closures: store::closures(&mut conn, &loc.id, &today)
                .await?
                .into_iter()
                .map(|(date, reason)| t.t2("locations-closed-on", ("date", date), ("reason", reason)))
                .collect(),
            kind: t.t(&format!("location-kind-{}", loc.kind)),
            services: loc.def.services.len(),
            kiosk: format!("/antrean/kiosk/{}", loc.kiosk_key),
            id: loc.id,
            name: loc.name,
        });
    }
    let mut l = Layout::new(ctx, t.t("locations-title")).with_errors(!errs.is_empty());
    l.notice = notice;
    let page = AdminPage { l, errors: FormErrors::from_fields(t, errs), rows, document, closure };
    render_form(&page, !errs.is_empty())
}

async fn admin(State(state): State<AppState>, auth: Authorized<CatalogAdmins>) -> Result<Response, AppError> {
    admin_page(&state, &auth, String::new(), CloseForm::default(), &[], None).await
}

async fn admin_import(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    CsrfForm(form): CsrfForm<ImportForm>,
) -> Result<Response, AppError> {
    match super::planner::import(&state, &form.document, Some(&auth.user)).await {
        Ok(r) => {
            let notice = auth.ctx.t().t2("locations-imported", ("locations", r.locations), ("slots", r.slots_added));
            admin_page(&state, &auth, String::new(), CloseForm::default(), &[], Some(notice)).await
        }
        Err(AppError::Validation(errs)) => {
            let errs: Vec<FieldError> = errs.into_iter().map(|e| FieldError::new("document", e.key)).take(5).collect();
            admin_page(&state, &auth, form.document, CloseForm::default(), &errs, None).await
        }
        Err(e) => Err(e),
    }
}

async fn admin_close(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> Result<Response, AppError> {
    match super::planner::close_day(&state, &auth.user, &form.location_id, &form.date, &form.reason).await {
        Ok(()) => Ok(see_other("/kelola/lokasi")),
        Err(AppError::Validation(errs)) => admin_page(&state, &auth, String::new(), form, &errs, None).await,
        Err(e) => Err(e),
    }
}
