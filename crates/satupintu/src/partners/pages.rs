//! Partner pages: the public directory (`/mitra`, `/mitra/{slug}`, `/bank-sampah`), a citizen's
//! registration of an organisation (`/mitra/daftar`) and of themself as a waste-bank customer
//! (`/mitra/{slug}/nasabah`), their organisations and savings (`/akun/mitra`), the members' pages
//! (`/mitra/{slug}/kelola`, `/mitra/{slug}/laporan`), the admins' verification
//! (`/kelola/mitra`), and the handling officer's passing of a report (`/petugas/laporan/{code}/mitra`).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::model::{self, ActivityInput, CustomerInput, DepositInput, Kind, OrgInput, ProgrammeInput, WASTE_KINDS};
use super::service::{self, MemberInput, Membership, UpdateInput};
use super::store::{ActivityRow, OrgRow, ProgrammeRow};
use crate::app::AppState;
use crate::identity::Role;
use crate::reports::model::Category;
use crate::web::auth::{Authorized, CaseWorkers, CatalogAdmins, Citizens};
use crate::web::routes::Pages;
use crate::web::{
    after_post, fmt_datetime, render, render_form, rupiah, ApiPath, ApiQuery, AppError, CsrfForm, Ctx, FieldError,
    FormErrors, Lang, Layout, T,
};

pub fn pages() -> Pages {
    Pages::new()
        .get("/mitra", directory)
        .get("/bank-sampah", waste_banks)
        .get("/mitra/daftar", register_form)
        .post("/mitra/daftar", register_post)
        .get("/akun/mitra", mine)
        .get("/mitra/{slug}", profile)
        .get("/mitra/{slug}/kelola", manage)
        .post("/mitra/{slug}/anggota", member_post)
        .post("/mitra/{slug}/program", programme_post)
        .post("/mitra/{slug}/kegiatan", activity_post)
        .post("/mitra/{slug}/setoran", deposit_post)
        .get("/mitra/{slug}/laporan", reports_page)
        .post("/mitra/{slug}/laporan/{code}", report_update)
        .get("/mitra/{slug}/nasabah", customer_form)
        .post("/mitra/{slug}/nasabah", customer_post)
        .get("/kelola/mitra", admin_page)
        .post("/kelola/mitra/{slug}", admin_decide)
        .get("/petugas/laporan/{code}/mitra", pass_form)
        .post("/petugas/laporan/{code}/mitra", pass_post)
}

// ---------------------------------------------------------------------------------------
// Labels.

fn kind_label(t: T<'_>, kind: &str) -> String {
    Kind::parse(kind).map(|k| t.t(&k.message_key())).unwrap_or_else(|| kind.to_string())
}

fn category_label(t: T<'_>, key: &str) -> String {
    Category::parse(key).map(|c| t.t(&c.message_key())).unwrap_or_else(|| key.to_string())
}

/// "Gunung Anyar, Kota Surabaya": a region's own name and its parent's.
pub fn region_label(code: &str) -> String {
    let mut names = crate::wilayah::describe(code);
    names.reverse();
    match names.len() {
        0 => code.to_string(),
        _ => names.iter().take(2).copied().collect::<Vec<_>>().join(", "),
    }
}

fn choices_kind(t: T<'_>) -> Vec<(String, String)> {
    Kind::ALL.iter().map(|k| (k.as_str().to_string(), t.t(&k.message_key()))).collect()
}

fn choices_field(t: T<'_>) -> Vec<(String, String)> {
    Category::ALL.iter().map(|c| (c.as_str().to_string(), t.t(&c.message_key()))).collect()
}

fn kg(grams: i64, lang: Lang) -> String {
    format!("{} kg", model::kg_text(grams, lang == Lang::Id))
}

/// An organisation in a list.
pub struct Card {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub fields: String,
    pub regions: String,
    pub description: String,
    pub contact: String,
    pub waste_bank: bool,
}

fn card(t: T<'_>, o: &OrgRow) -> Card {
    Card {
        slug: o.slug.clone(),
        name: o.name.clone(),
        kind: kind_label(t, &o.kind),
        fields: o.fields.iter().map(|f| category_label(t, f)).collect::<Vec<_>>().join(", "),
        regions: o.regions.iter().map(|r| region_label(r)).collect::<Vec<_>>().join("; "),
        description: o.description.clone(),
        contact: o.contact.clone(),
        waste_bank: o.kind == Kind::BankSampah.as_str(),
    }
}

// ---------------------------------------------------------------------------------------
// Public directory.

#[derive(Deserialize, Default)]
#[serde(default)]
struct DirectoryQuery {
    jenis: String,
    bidang: String,
}

#[derive(Template)]
#[template(path = "partners/directory.html")]
struct DirectoryPage<'a> {
    l: Layout<'a>,
    jenis: String,
    bidang: String,
    kinds: Vec<(String, String)>,
    fields: Vec<(String, String)>,
    cards: Vec<Card>,
    waste_banks: bool,
}

async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<DirectoryQuery>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    // Unknown filter values show everything rather than an error page.
    let jenis = Kind::parse(&q.jenis).map(|k| k.as_str().to_string()).unwrap_or_default();
    let bidang = Category::parse(&q.bidang).map(|c| c.as_str().to_string()).unwrap_or_default();
    let list = service::public_list(&state, &jenis, &bidang).await?;
    let page = DirectoryPage {
        l: Layout::new(&ctx, t.t("partner-directory-title")),
        jenis,
        bidang,
        kinds: choices_kind(t),
        fields: choices_field(t),
        cards: list.iter().map(|o| card(t, o)).collect(),
        waste_banks: false,
    };
    Ok(render(&page)?.into_response())
}

async fn waste_banks(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let t = ctx.t();
    let list = service::public_list(&state, Kind::BankSampah.as_str(), "").await?;
    let page = DirectoryPage {
        l: Layout::new(&ctx, t.t("partner-waste-banks-title")),
        jenis: Kind::BankSampah.as_str().into(),
        bidang: String::new(),
        kinds: vec![],
        fields: vec![],
        cards: list.iter().map(|o| card(t, o)).collect(),
        waste_banks: true,
    };
    Ok(render(&page)?.into_response())
}

struct ProgrammeView {
    title: String,
    field: String,
    region: String,
    period: String,
    description: String,
    company: String,
    budget: String,
}

fn date_label(s: &str, lang: Lang) -> String {
    model::parse_date(s).map(|d| crate::web::fmt_date_short(d, lang)).unwrap_or_else(|| s.to_string())
}

fn programme_view(t: T<'_>, p: &ProgrammeRow) -> ProgrammeView {
    ProgrammeView {
        title: p.title.clone(),
        field: category_label(t, &p.field),
        region: region_label(&p.region),
        period: format!("{} – {}", date_label(&p.starts_on, t.lang), date_label(&p.ends_on, t.lang)),
        description: p.description.clone(),
        company: p.company.clone(),
        budget: p.budget.map(rupiah).unwrap_or_default(),
    }
}

struct ActivityView {
    date: String,
    body: String,
    programme: String,
    figures: Vec<String>,
}

fn activity_view(t: T<'_>, a: &ActivityRow, programmes: &[ProgrammeRow]) -> ActivityView {
    let mut figures = vec![];
    if a.waste_grams > 0 {
        figures.push(t.t1("partner-figure-waste", "kg", kg(a.waste_grams, t.lang)));
    }
    if a.people_reached > 0 {
        figures.push(t.t1("partner-figure-people", "n", a.people_reached));
    }
    if a.trees_planted > 0 {
        figures.push(t.t1("partner-figure-trees", "n", a.trees_planted));
    }
    ActivityView {
        date: date_label(&a.done_on, t.lang),
        body: a.body.clone(),
        programme: a
            .programme_id
            .and_then(|id| programmes.iter().find(|p| p.id == id))
            .map(|p| p.title.clone())
            .unwrap_or_default(),
        figures,
    }
}

#[derive(Template)]
#[template(path = "partners/profile.html")]
struct ProfilePage<'a> {
    l: Layout<'a>,
    c: Card,
    legal_basis: String,
    programmes: Vec<ProgrammeView>,
    activities: Vec<ActivityView>,
    member: bool,
    citizen: bool,
}

async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let p = service::profile(&state, &slug).await?;
    let viewer = ctx.user.as_ref().filter(|u| u.is_full());
    let member = match viewer {
        Some(u) => service::membership(&state, u, &slug).await.is_ok(),
        None => false,
    };
    let page = ProfilePage {
        l: Layout::new(&ctx, p.org.name.clone()),
        c: card(t, &p.org),
        legal_basis: p.org.legal_basis.clone(),
        activities: p.activities.iter().map(|a| activity_view(t, a, &p.programmes)).collect(),
        programmes: p.programmes.iter().map(|x| programme_view(t, x)).collect(),
        member,
        citizen: viewer.is_none_or(|u| u.role == Role::Citizen),
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------------------------------
// Registration.

#[derive(Template)]
#[template(path = "partners/register.html")]
struct RegisterPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    input: OrgInput,
    kinds: Vec<(String, String)>,
    fields: Vec<(String, String)>,
}

fn register_view(auth: &Authorized<Citizens>, input: OrgInput, errs: &[FieldError]) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let page = RegisterPage {
        l: Layout::new(&auth.ctx, t.t("partner-register-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        input,
        kinds: choices_kind(t),
        fields: choices_field(t),
    };
    render_form(&page, !errs.is_empty())
}

async fn register_form(auth: Authorized<Citizens>) -> Result<Response, AppError> {
    register_view(&auth, OrgInput::default(), &[])
}

/// The registration form's fields; `fields` comes once per ticked box.
fn org_input(pairs: &[(String, String)]) -> OrgInput {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    OrgInput {
        name: get("name"),
        kind: get("kind"),
        legal_basis: get("legal_basis"),
        fields: pairs.iter().filter(|(n, _)| n == "fields").map(|(_, v)| v.clone()).collect(),
        regions: get("regions"),
        contact: get("contact"),
        description: get("description"),
    }
}

async fn register_post(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let input = org_input(&pairs);
    let result = service::register(&state, &auth.user, &input).await;
    after_post(
        result,
        |_| "/akun/mitra?terkirim=1".to_string(),
        |errs| async move { register_view(&auth, input, &errs) },
    )
    .await
}

// ---------------------------------------------------------------------------------------
// The citizen's organisations and savings.

struct MyOrg {
    slug: String,
    name: String,
    kind: String,
    role: String,
    status: String,
    verified: bool,
    refusal: String,
}

struct DepositView {
    date: String,
    weights: String,
    value: String,
}

struct SavingsView {
    bank: String,
    bank_slug: String,
    member_no: String,
    balance: String,
    total: String,
    deposits: Vec<DepositView>,
}

fn deposit_weights(t: T<'_>, grams: &[i64]) -> String {
    WASTE_KINDS
        .iter()
        .zip(grams)
        .filter(|(_, g)| **g > 0)
        .map(|(k, g)| format!("{} {}", t.t(&format!("partner-waste-{k}")), kg(*g, t.lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SentQuery {
    terkirim: String,
}

#[derive(Template)]
#[template(path = "partners/mine.html")]
struct MinePage<'a> {
    l: Layout<'a>,
    sent: bool,
    orgs: Vec<MyOrg>,
    savings: Vec<SavingsView>,
}

async fn mine(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiQuery(q): ApiQuery<SentQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let orgs = service::my_orgs(&state, &auth.user)
        .await?
        .into_iter()
        .map(|m| MyOrg {
            slug: m.org.slug.clone(),
            name: m.org.name.clone(),
            kind: kind_label(t, &m.org.kind),
            role: t.t(&format!("partner-role-{}", m.role)),
            status: t.t(&format!("partner-status-{}", m.org.status)),
            verified: m.verified(),
            refusal: m.org.refusal_reason.clone(),
        })
        .collect();
    let savings = service::my_savings(&state, &auth.user)
        .await?
        .into_iter()
        .map(|s| SavingsView {
            bank: s.bank,
            bank_slug: s.bank_slug,
            member_no: s.customer.member_no,
            balance: rupiah(s.customer.balance),
            total: kg(s.customer.total_grams, t.lang),
            deposits: s
                .deposits
                .iter()
                .map(|d| DepositView {
                    date: date_label(&d.deposited_on, t.lang),
                    weights: deposit_weights(t, &d.grams),
                    value: rupiah(d.value_rupiah),
                })
                .collect(),
        })
        .collect();
    let page =
        MinePage { l: Layout::new(&auth.ctx, t.t("partner-mine-title")), sent: q.terkirim == "1", orgs, savings };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------------------------------
// The members' page: members, programmes, activities and (waste banks) customers and deposits.

struct MemberView {
    name: String,
    email: String,
    role: String,
}

struct CustomerView {
    member_no: String,
    name: String,
    address: String,
    balance: String,
    total: String,
}

/// What each form of the members' page shows again after a refused post.
#[derive(Default)]
struct ManageInputs {
    member: MemberInput,
    programme: ProgrammeInput,
    activity: ActivityInput,
    deposit: DepositInput,
}

#[derive(Template)]
#[template(path = "partners/manage.html")]
struct ManagePage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    slug: String,
    name: String,
    coordinator: bool,
    verified: bool,
    csr: bool,
    waste_bank: bool,
    members: Vec<MemberView>,
    fields: Vec<(String, String)>,
    programmes: Vec<(i64, String)>,
    customers: Vec<CustomerView>,
    waste_kinds: Vec<(String, String, String)>,
    today: String,
    i: ManageInputs,
}

async fn manage_view(
    state: &AppState,
    auth: &Authorized<Citizens>,
    slug: &str,
    i: ManageInputs,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let m: Membership = service::membership(state, &auth.user, slug).await?;
    let members = service::members(state, &m)
        .await?
        .into_iter()
        .map(|x| MemberView {
            name: x.name,
            email: x.email.unwrap_or_default(),
            role: t.t(&format!("partner-role-{}", x.role)),
        })
        .collect();
    let waste_bank = m.org.kind == Kind::BankSampah.as_str();
    let customers = if waste_bank && m.coordinator() && m.verified() {
        service::customers(state, &auth.user, slug)
            .await?
            .1
            .into_iter()
            .map(|c| CustomerView {
                member_no: c.member_no,
                name: c.full_name,
                address: format!("{}, RT {}/RW {}", c.address, c.rt, c.rw),
                balance: rupiah(c.balance),
                total: kg(c.total_grams, t.lang),
            })
            .collect()
    } else {
        vec![]
    };
    let programmes = service::profile(state, slug)
        .await
        .map(|p| p.programmes.into_iter().map(|p| (p.id, p.title)).collect())
        .unwrap_or_default();
    let d = &i.deposit;
    let waste_kinds = WASTE_KINDS
        .iter()
        .zip([&d.plastik, &d.kertas, &d.logam, &d.kaca, &d.organik])
        .map(|(k, v)| (k.to_string(), t.t(&format!("partner-waste-{k}")), v.clone()))
        .collect();
    let page = ManagePage {
        l: Layout::new(&auth.ctx, t.t1("partner-manage-title", "name", &m.org.name)).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        slug: m.org.slug.clone(),
        name: m.org.name.clone(),
        coordinator: m.coordinator(),
        verified: m.verified(),
        csr: m.org.kind == Kind::Csr.as_str(),
        waste_bank,
        members,
        fields: m.org.fields.iter().map(|f| (f.clone(), category_label(t, f))).collect(),
        programmes,
        customers,
        waste_kinds,
        today: crate::calendar::local_date(crate::db::now(), state.config.utc_offset_hours().unwrap_or(7)).to_string(),
        i,
    };
    render_form(&page, !errs.is_empty())
}

async fn manage(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    manage_view(&state, &auth, &slug, ManageInputs::default(), &[]).await
}

async fn member_post(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(form): CsrfForm<MemberInput>,
) -> Result<Response, AppError> {
    let result = service::add_member(&state, &auth.user, &slug, &form).await;
    let back = format!("/mitra/{slug}/kelola#anggota");
    after_post(
        result,
        |()| back,
        |errs| async move {
            let i = ManageInputs { member: form, ..Default::default() };
            manage_view(&state, &auth, &slug, i, &errs).await
        },
    )
    .await
}

async fn programme_post(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(form): CsrfForm<ProgrammeInput>,
) -> Result<Response, AppError> {
    let result = service::add_programme(&state, &auth.user, &slug, &form).await;
    let back = format!("/mitra/{slug}");
    after_post(
        result,
        |_| back,
        |errs| async move {
            let i = ManageInputs { programme: form, ..Default::default() };
            manage_view(&state, &auth, &slug, i, &errs).await
        },
    )
    .await
}

async fn activity_post(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(form): CsrfForm<ActivityInput>,
) -> Result<Response, AppError> {
    let result = service::add_activity(&state, &auth.user, &slug, &form).await;
    let back = format!("/mitra/{slug}#kegiatan");
    after_post(
        result,
        |_| back,
        |errs| async move {
            let i = ManageInputs { activity: form, ..Default::default() };
            manage_view(&state, &auth, &slug, i, &errs).await
        },
    )
    .await
}

async fn deposit_post(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(form): CsrfForm<DepositInput>,
) -> Result<Response, AppError> {
    let result = service::record_deposit(&state, &auth.user, &slug, &form).await;
    let back = format!("/mitra/{slug}/kelola#nasabah");
    after_post(
        result,
        |_| back,
        |errs| async move {
            let i = ManageInputs { deposit: form, ..Default::default() };
            manage_view(&state, &auth, &slug, i, &errs).await
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------
// Reports passed to the organisation.

struct PassedView {
    code: String,
    category: String,
    description: String,
    place: String,
    report_status: String,
    assigned: String,
    open: bool,
}

#[derive(Template)]
#[template(path = "partners/reports.html")]
struct ReportsPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    slug: String,
    name: String,
    rows: Vec<PassedView>,
}

async fn reports_view(
    state: &AppState,
    auth: &Authorized<Citizens>,
    slug: &str,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let m = service::membership(state, &auth.user, slug).await?;
    let rows = service::passed_reports(state, &m)
        .await?
        .into_iter()
        .map(|p| PassedView {
            open: p.status == "assigned" && crate::reports::service::PARTNER_STATES.contains(&p.report.status.as_str()),
            category: category_label(t, &p.report.category),
            description: p.report.description.clone(),
            place: p
                .report
                .address
                .clone()
                .unwrap_or_else(|| p.report.region_code.as_deref().map(region_label).unwrap_or_default()),
            report_status: t.t(&format!("report-status-{}", p.report.status.replace('_', "-"))),
            assigned: fmt_datetime(p.assigned_at, t.lang),
            code: p.report.code,
        })
        .collect();
    let page = ReportsPage {
        l: Layout::new(&auth.ctx, t.t1("partner-reports-title", "name", &m.org.name)).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        slug: m.org.slug,
        name: m.org.name,
        rows,
    };
    render_form(&page, !errs.is_empty())
}

async fn reports_page(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    reports_view(&state, &auth, &slug, &[]).await
}

async fn report_update(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath((slug, code)): ApiPath<(String, String)>,
    CsrfForm(form): CsrfForm<UpdateInput>,
) -> Result<Response, AppError> {
    let result = service::update_report(&state, &auth.user, &slug, &code, &form).await;
    let back = format!("/laporan/{code}#history");
    after_post(result, |()| back, |errs| async move { reports_view(&state, &auth, &slug, &errs).await }).await
}

// ---------------------------------------------------------------------------------------
// Waste-bank customers.

#[derive(Template)]
#[template(path = "partners/customer.html")]
struct CustomerPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    slug: String,
    bank: String,
    member_no: String,
    input: CustomerInput,
}

async fn customer_view(
    state: &AppState,
    auth: &Authorized<Citizens>,
    slug: &str,
    input: Option<CustomerInput>,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let org = service::waste_bank(state, slug).await?;
    let existing = service::customer_of(state, &org, &auth.user).await?;
    let input = input.unwrap_or_else(|| CustomerInput { full_name: auth.user.full_name.clone(), ..Default::default() });
    let page = CustomerPage {
        l: Layout::new(&auth.ctx, t.t1("partner-customer-title", "name", &org.name)).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        slug: org.slug,
        bank: org.name,
        member_no: existing.map(|c| c.member_no).unwrap_or_default(),
        input,
    };
    render_form(&page, !errs.is_empty())
}

async fn customer_form(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
) -> Result<Response, AppError> {
    customer_view(&state, &auth, &slug, None, &[]).await
}

async fn customer_post(
    State(state): State<AppState>,
    auth: Authorized<Citizens>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(form): CsrfForm<CustomerInput>,
) -> Result<Response, AppError> {
    let result = service::register_customer(&state, &auth.user, &slug, &form).await;
    after_post(
        result,
        |_| "/akun/mitra#tabungan".to_string(),
        |errs| async move { customer_view(&state, &auth, &slug, Some(form), &errs).await },
    )
    .await
}

// ---------------------------------------------------------------------------------------
// Verification by admins.

#[derive(Template)]
#[template(path = "partners/admin.html")]
struct AdminPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    rows: Vec<(Card, String, String)>,
}

async fn admin_view(
    state: &AppState,
    auth: &Authorized<CatalogAdmins>,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let rows = service::pending(state, &auth.user)
        .await?
        .iter()
        .map(|o| (card(t, o), o.legal_basis.clone(), fmt_datetime(o.created_at, t.lang)))
        .collect();
    let page = AdminPage {
        l: Layout::new(&auth.ctx, t.t("partner-admin-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        rows,
    };
    render_form(&page, !errs.is_empty())
}

async fn admin_page(State(state): State<AppState>, auth: Authorized<CatalogAdmins>) -> Result<Response, AppError> {
    admin_view(&state, &auth, &[]).await
}

async fn admin_decide(
    State(state): State<AppState>,
    auth: Authorized<CatalogAdmins>,
    ApiPath(slug): ApiPath<String>,
    CsrfForm(form): CsrfForm<model::DecisionInput>,
) -> Result<Response, AppError> {
    let result = service::decide(&state, &auth.user, &slug, &form).await;
    after_post(result, |_| "/kelola/mitra".to_string(), |errs| async move { admin_view(&state, &auth, &errs).await })
        .await
}

// ---------------------------------------------------------------------------------------
// Passing a report to a partner.

#[derive(Template)]
#[template(path = "partners/pass.html")]
struct PassPage<'a> {
    l: Layout<'a>,
    errors: FormErrors,
    code: String,
    category: String,
    place: String,
    shareable: bool,
    candidates: Vec<Card>,
}

async fn pass_view(
    state: &AppState,
    auth: &Authorized<CaseWorkers>,
    code: &str,
    errs: &[FieldError],
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let (report, orgs) = service::candidates(state, &auth.user, code).await?;
    let page = PassPage {
        l: Layout::new(&auth.ctx, t.t("partner-pass-title")).with_errors(!errs.is_empty()),
        errors: FormErrors::from_fields(t, errs),
        category: category_label(t, &report.category),
        place: report.region_code.as_deref().map(region_label).unwrap_or_default(),
        shareable: report.shareable,
        code: report.code,
        candidates: orgs.iter().map(|o| card(t, o)).collect(),
    };
    render_form(&page, !errs.is_empty())
}

async fn pass_form(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, AppError> {
    pass_view(&state, &auth, &code, &[]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PassInput {
    partner: String,
}

async fn pass_post(
    State(state): State<AppState>,
    auth: Authorized<CaseWorkers>,
    ApiPath(code): ApiPath<String>,
    CsrfForm(form): CsrfForm<PassInput>,
) -> Result<Response, AppError> {
    let result = service::pass_report(&state, &auth.user, &code, &form.partner).await;
    let back = format!("/laporan/{code}#history");
    after_post(result, |()| back, |errs| async move { pass_view(&state, &auth, &code, &errs).await }).await
}
