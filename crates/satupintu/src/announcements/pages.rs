//! Announcement pages: the public list (by agency, paginated, with the subscription form), one
//! announcement with its sharing links and Open Graph tags, the Atom and RSS feeds, and the
//! staff pages under `/kelola/pengumuman` (write, schedule, edit, withdraw).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, AnnouncementInput};
use super::service;
use super::store::Announcement;
use crate::app::AppState;
use crate::db;
use crate::identity::Role;
use crate::web::auth::{Authorized, Citizens, Publishers};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_datetime, render, render_form, rfc3339, see_other, ApiPath, AppError, CsrfForm, Ctx, FieldError,
    FormErrors, Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/pengumuman", list_page)
        .post("/pengumuman/langganan", subscribe)
        .get("/pengumuman/{slug}", show_page)
        .get("/feeds/announcements.atom", atom)
        .get("/feeds/announcements.rss", rss)
        .get("/kelola/pengumuman", admin_page)
        .post("/kelola/pengumuman", create)
        .get("/kelola/pengumuman/baru", new_page)
        .get("/kelola/pengumuman/{slug}", edit_page)
        .post("/kelola/pengumuman/{slug}", save)
        .post("/kelola/pengumuman/{slug}/tarik", withdraw)
}

pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub on: bool,
}

/// Agencies to choose from, by name (`chosen` marked).
async fn agency_choices(
    state: &AppState,
    t: T<'_>,
    only: Option<&[String]>,
    chosen: &[String],
) -> Result<Vec<Choice>, AppError> {
    let snap = crate::catalog::service::snapshot(state).await?;
    let mut out: Vec<Choice> = snap
        .agencies
        .iter()
        .filter(|a| only.is_none_or(|o| o.contains(&a.id)))
        .map(|a| Choice { value: a.id.clone(), label: a.name.get(t.lang).to_string(), on: chosen.contains(&a.id) })
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(out)
}

/// An announcement as a list shows it.
struct Item {
    slug: String,
    title: String,
    summary: String,
    kind: String,
    agency: String,
    region: String,
    when: String,
    status: String,
}

async fn item(state: &AppState, t: T<'_>, a: &Announcement, now: i64) -> Result<Item, AppError> {
    Ok(Item {
        slug: a.slug.clone(),
        title: a.title.clone(),
        summary: a.summary.clone(),
        kind: t.t(&format!("ann-kind-{}", a.kind)),
        agency: service::agency_name(state, &a.agency_id, t.lang).await?,
        region: a.region.clone(),
        when: fmt_datetime(a.publish_at, t.lang),
        status: t.t(&format!("ann-status-{}", service::standing(a, now).as_str())),
    })
}

// ---------------------------------------------------------------------------------------
// Public pages.

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    instansi: String,
    halaman: String,
}

#[derive(Template)]
#[template(path = "announcements/list.html")]
struct ListPage<'a> {
    l: Layout<'a>,
    items: Vec<Item>,
    agencies: Vec<Choice>,
    agency: String,
    page: i64,
    pages: i64,
    feed_query: String,
    citizen: bool,
    subscribed_all: bool,
    signed_out: bool,
    saved: bool,
}

async fn list_page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let t = ctx.t();
    let snap = crate::catalog::service::snapshot(&state).await?;
    let agency = Some(q.instansi.trim()).filter(|a| !a.is_empty());
    if agency.is_some_and(|a| snap.agency(a).is_none()) {
        return Err(AppError::NotFound);
    }
    let page_no = q.halaman.trim().parse::<i64>().unwrap_or(1);
    let p = service::public_page(&state, agency, page_no).await?;
    let now = db::now();
    let mut items = vec![];
    for a in &p.items {
        items.push(item(&state, t, a, now).await?);
    }
    let user = ctx.user.as_ref().filter(|u| u.is_full());
    let citizen = user.is_some_and(|u| u.role == Role::Citizen);
    let (subscribed_all, chosen) = match user.filter(|_| citizen) {
        Some(u) => {
            let s = service::subscriptions(&state, u).await?;
            (s.all, s.agencies)
        }
        None => (false, vec![]),
    };
    let mut agencies = agency_choices(&state, t, None, &chosen).await?;
    // In the filter, the chosen agency is the one shown.
    if !citizen {
        agencies.iter_mut().for_each(|c| c.on = agency == Some(c.value.as_str()));
    }
    let page = ListPage {
        l: Layout::new(&ctx, t.t("ann-title")),
        items,
        agencies,
        agency: agency.unwrap_or("").to_string(),
        page: p.page,
        pages: p.pages,
        feed_query: agency.map(|a| format!("?instansi={a}")).unwrap_or_default(),
        citizen,
        subscribed_all,
        signed_out: user.is_none(),
        saved: ctx.path.contains("tersimpan=1"),
    };
    Ok(render(&page)?.into_response())
}

/// Plain sharing links: no script of a third party is loaded, the visitor's own app opens.
struct Share {
    whatsapp: String,
    facebook: String,
    x: String,
    telegram: String,
    email: String,
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

fn share(title: &str, url: &str) -> Share {
    let (t, u) = (enc(title), enc(url));
    Share {
        whatsapp: format!("https://wa.me/?text={}", enc(&format!("{title} {url}"))),
        facebook: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        x: format!("https://x.com/intent/tweet?text={t}&url={u}"),
        telegram: format!("https://t.me/share/url?url={u}&text={t}"),
        email: format!("mailto:?subject={t}&body={}", enc(&format!("{title}\n\n{url}"))),
    }
}

#[derive(Template)]
#[template(path = "announcements/show.html")]
struct ShowPage<'a> {
    l: Layout<'a>,
    a: Item,
    paragraphs: Vec<String>,
    url: String,
    published_rfc3339: String,
    share: Share,
}

async fn show_page(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let a = service::public_one(&state, &slug).await?;
    let url = format!("{}/pengumuman/{}", state.base_url(), a.slug);
    let page = ShowPage {
        l: Layout::new(&ctx, a.title.clone()),
        paragraphs: model::paragraphs(&a.body),
        share: share(&a.title, &url),
        published_rfc3339: rfc3339(a.publish_at),
        url,
        a: item(&state, t, &a, db::now()).await?,
    };
    Ok(render(&page)?.into_response())
}

async fn subscribe(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let all = form.iter().any(|(k, v)| k == "semua" && v == "1");
    let agencies: Vec<String> = form.iter().filter(|(k, _)| k == "instansi").map(|(_, v)| v.clone()).collect();
    match service::subscribe(&state, &auth.user, all, &agencies).await {
        Ok(()) => Ok(see_other("/pengumuman?tersimpan=1#langganan")),
        // Only a tampered form names an unknown agency.
        Err(AppError::Validation(_)) => Err(AppError::bad_request("error-form")),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Feeds.

fn rfc2822(ts: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(ts).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    at.format(&time::format_description::well_known::Rfc2822).unwrap_or_default()
}

struct FeedEntry {
    id: String,
    title: String,
    url: String,
    summary: String,
    author: String,
    published: String,
    updated: String,
    pub_date: String,
    kind: String,
}

#[derive(Template)]
#[template(path = "announcements/feed.atom.xml")]
struct AtomFeed {
    title: String,
    site: String,
    self_url: String,
    id: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Template)]
#[template(path = "announcements/feed.rss.xml")]
struct RssFeed {
    title: String,
    site: String,
    self_url: String,
    description: String,
    lang: String,
    entries: Vec<FeedEntry>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FeedQuery {
    instansi: String,
}

/// The feed's content: its title, the filter as a query and its entries (50 newest).
async fn feed_parts(
    state: &AppState,
    ctx: &Ctx,
    q: &FeedQuery,
) -> Result<(String, String, Vec<FeedEntry>, i64), AppError> {
    let t = ctx.t();
    let agency = Some(q.instansi.trim()).filter(|a| !a.is_empty());
    let mut title = t.t("ann-feed-title");
    if let Some(a) = agency {
        let snap = crate::catalog::service::snapshot(state).await?;
        let Some(found) = snap.agency(a) else { return Err(AppError::NotFound) };
        title = format!("{title} · {}", found.name.get(t.lang));
    }
    let list = service::latest(state, agency, 50).await?;
    let site = state.base_url();
    let host = url::Url::parse(&site)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "satupintu".into());
    let mut entries = vec![];
    for a in &list {
        let created = crate::calendar::local_date(a.created_at, 0);
        entries.push(FeedEntry {
            // A tag: URI (RFC 4151): stable whatever the address of the page becomes.
            id: format!("tag:{host},{created}:pengumuman/{}", a.id),
            title: a.title.clone(),
            url: format!("{site}/pengumuman/{}", a.slug),
            summary: a.summary.clone(),
            author: service::agency_name(state, &a.agency_id, t.lang).await?,
            published: rfc3339(a.publish_at),
            updated: rfc3339(a.updated_at.max(a.publish_at)),
            pub_date: rfc2822(a.publish_at),
            kind: t.t(&format!("ann-kind-{}", a.kind)),
        });
    }
    let updated = list.iter().map(|a| a.updated_at.max(a.publish_at)).max().unwrap_or(0);
    let query = agency.map(|a| format!("?instansi={a}")).unwrap_or_default();
    Ok((title, query, entries, updated))
}

async fn atom(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FeedQuery>) -> Result<Response, AppError> {
    let (title, query, entries, updated) = feed_parts(&state, &ctx, &q).await?;
    let site = state.base_url();
    let self_url = format!("{site}/feeds/announcements.atom{query}");
    let body = AtomFeed { title, id: self_url.clone(), self_url, site, updated: rfc3339(updated), entries }
        .render()
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response())
}

async fn rss(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FeedQuery>) -> Result<Response, AppError> {
    let (title, query, entries, _) = feed_parts(&state, &ctx, &q).await?;
    let site = state.base_url();
    let body = RssFeed {
        title,
        self_url: format!("{site}/feeds/announcements.rss{query}"),
        site,
        description: ctx.t().t("ann-feed-description"),
        lang: ctx.lang.code().to_string(),
        entries,
    }
    .render()
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")], body).into_response())
}

// ---------------------------------------------------------------------------------------
// Staff pages.

#[derive(Template)]
#[template(path = "announcements/admin_list.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    items: Vec<Item>,
}

async fn admin_page(State(state): State<AppState>, auth: Authorized<Publishers>) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let now = db::now();
    let mut items = vec![];
    for a in service::staff_list(&state, &auth.user).await? {
        items.push(item(&state, t, &a, now).await?);
    }
    let page = AdminPage { l: Layout::new(&auth.ctx, t.t("ann-admin-title")), items };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "announcements/form.html")]
struct FormPage<'a> {
    l: Layout<'a>,
    /// The slug when editing.
    slug: Option<String>,
    form: AnnouncementInput,
    kinds: Vec<Choice>,
    agencies: Vec<Choice>,
    status: String,
    withdrawn: bool,
    errors: FormErrors,
}

async fn form_page(
    state: &AppState,
    auth: &Authorized<Publishers>,
    slug: Option<String>,
    form: AnnouncementInput,
    status: String,
    withdrawn: bool,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let errors = FormErrors::from_fields(t, errs);
    let mine = service::publisher_agencies(state, &auth.user).await?;
    let agencies = agency_choices(state, t, Some(&mine), std::slice::from_ref(&form.agency)).await?;
    let kinds = model::KINDS
        .iter()
        .map(|k| Choice { value: k.to_string(), label: t.t(&format!("ann-kind-{k}")), on: form.kind == *k })
        .collect();
    let has_errors = !errors.is_empty();
    let title = if slug.is_some() { t.t("ann-edit-title") } else { t.t("ann-new-title") };
    let page = FormPage {
        l: Layout::new(&auth.ctx, title).with_errors(has_errors),
        slug,
        form,
        kinds,
        agencies,
        status,
        withdrawn,
        errors,
    };
    render_form(&page, has_errors)
}

async fn new_page(State(state): State<AppState>, auth: Authorized<Publishers>) -> Result<Response, AppError> {
    let form = AnnouncementInput {
        kind: "pengumuman".into(),
        agency: auth.user.agency_id.clone().unwrap_or_default(),
        ..Default::default()
    };
    form_page(&state, &auth, None, form, String::new(), false, &[]).await
}

async fn create(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    CsrfForm(form): CsrfForm<AnnouncementInput>,
) -> Result<Response, AppError> {
    let result = service::create(&state, &auth.user, &form).await;
    after_post(
        result,
        |a| format!("/kelola/pengumuman/{}", a.slug),
        |errs| async move { form_page(&state, &auth, None, form, String::new(), false, &errs).await },
    )
    .await
}

/// What the form shows of a stored announcement.
fn as_input(a: &Announcement, offset: i8) -> AnnouncementInput {
    AnnouncementInput {
        title: a.title.clone(),
        summary: a.summary.clone(),
        body: a.body.clone(),
        kind: a.kind.clone(),
        agency: a.agency_id.clone(),
        region: a.region.clone(),
        publish_at: crate::calendar::local_datetime_input(a.publish_at, offset),
        expires_at: a.expires_at.map(|e| crate::calendar::local_datetime_input(e, offset)).unwrap_or_default(),
    }
}

async fn edit_page(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let a = service::managed(&state, &auth.user, &slug).await?;
    let status = auth.ctx.t().t(&format!("ann-status-{}", service::standing(&a, db::now()).as_str()));
    let form = as_input(&a, service::offset(&state));
    form_page(&state, &auth, Some(a.slug.clone()), form, status, a.withdrawn_at.is_some(), &[]).await
}

async fn save(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(form): CsrfForm<AnnouncementInput>,
) -> Result<Response, AppError> {
    let result = service::update(&state, &auth.user, &slug, &form).await;
    after_post(
        result,
        |a| format!("/kelola/pengumuman/{}", a.slug),
        |errs| async move {
            let a = service::managed(&state, &auth.user, &slug).await?;
            let status = auth.ctx.t().t(&format!("ann-status-{}", service::standing(&a, db::now()).as_str()));
            form_page(&state, &auth, Some(slug), form, status, false, &errs).await
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Empty {}

async fn withdraw(
    State(state): State<AppState>,
    auth: Authorized<Publishers>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(_form): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    let a = service::withdraw(&state, &auth.user, &slug).await?;
    Ok(see_other(&format!("/kelola/pengumuman/{}", a.slug)))
}
