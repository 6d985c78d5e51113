//! Partner rules: registration and verification, membership, programmes and activity reports,
//! reports passed by the agency handling them, and waste-bank customers with their deposits.
//! Every change is one transaction with its event (ledger leaf, report history).

use super::model::{self, Kind, COORDINATOR, MEMBER};
use super::store::{self, ActivityRow, CustomerRow, DepositRow, MemberRow, OrgRow, ProgrammeRow};
use crate::app::AppState;
use crate::db::{self, Tx};
use crate::identity::{CurrentUser, Role};
use crate::reports::model::Category;
use crate::reports::service::{self as reports, ForPartner};
use crate::web::{AppError, FieldError};

/// Those who verify or refuse registrations.
pub const VERIFIERS: [Role; 2] = [Role::AgencyAdmin, Role::SuperAdmin];

fn validation(errs: Vec<FieldError>) -> AppError {
    AppError::Validation(errs)
}

fn today(state: &AppState) -> time::Date {
    crate::calendar::local_date(db::now(), state.config.utc_offset_hours().unwrap_or(7))
}

/// The public fact of a change in the ledger: organisation and what happened, no person.
async fn leaf(tx: &mut Tx, kind: &str, org: &OrgRow, now: i64) -> Result<(), sqlx::Error> {
    let leaf = crate::ledger::Leaf::new(format!("partner.{kind}"), now)
        .with("slug", org.slug.as_str())
        .with("kind", org.kind.as_str());
    crate::ledger::record(tx, &leaf).await
}

// ---------------------------------------------------------------------------------------
// Registration and verification.

/// A citizen applies to register an organisation; they become its first coordinator.
pub async fn register(state: &AppState, user: &CurrentUser, input: &model::OrgInput) -> Result<OrgRow, AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    let o = model::check_org(input).map_err(validation)?;
    let user_id = user.id;
    let now = db::now();
    let base = model::slugify(&o.name);
    let id = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let mut slug = base.clone();
                let mut n = 2;
                while store::slug_taken(tx, &slug).await? {
                    slug = format!("{base}-{n}");
                    n += 1;
                }
                let fields: Vec<&str> = o.fields.iter().map(|c| c.as_str()).collect();
                let id = store::insert_org(
                    tx,
                    &store::NewOrg {
                        slug: &slug,
                        name: &o.name,
                        kind: o.kind.as_str(),
                        legal_basis: &o.legal_basis,
                        fields: &fields.join(","),
                        regions: &o.regions.join(","),
                        contact: &o.contact,
                        description: &o.description,
                    },
                    now,
                )
                .await?;
                store::add_member(tx, id, user_id, COORDINATOR, now).await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?;
    store::by_id(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)
}

/// Registrations waiting for a decision (verifiers only).
pub async fn pending(state: &AppState, user: &CurrentUser) -> Result<Vec<OrgRow>, AppError> {
    user.require(&VERIFIERS)?;
    Ok(store::orgs(&mut *state.db.conn().await?, "pending", "", "").await?)
}

/// Verify or refuse a registration (verifiers only); a decided one answers 409.
pub async fn decide(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    input: &model::DecisionInput,
) -> Result<OrgRow, AppError> {
    user.require(&VERIFIERS)?;
    let org = store::by_slug(&mut *state.db.conn().await?, slug).await?.ok_or(AppError::NotFound)?;
    let (status, reason) = model::check_decision(input).map_err(validation)?;
    let (by, now) = (user.id, db::now());
    let o = org.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::decide(tx, o.id, status, &reason, by, now).await? {
                    return Err(AppError::Conflict { key: "error-partner-decided" });
                }
                leaf(tx, status, &o, now).await?;
                // The coordinators hear of the decision.
                let payload = serde_json::json!({"status": status, "name": o.name, "slug": o.slug});
                for m in store::members(&mut **tx, o.id).await?.iter().filter(|m| m.role == COORDINATOR) {
                    let key = format!("partner:{}:{status}:{}", o.slug, m.user_id);
                    crate::notify::service::queue(tx, "partner_decision", m.user_id, &payload, &key, now).await?;
                }
                Ok(())
            })
        })
        .await?;
    store::by_id(&mut *state.db.conn().await?, org.id).await?.ok_or(AppError::NotFound)
}

// ---------------------------------------------------------------------------------------
// Public reading.

/// Verified organisations, by name; `kind` and `field` narrow the list (unknown values: none).
pub async fn public_list(state: &AppState, kind: &str, field: &str) -> Result<Vec<OrgRow>, AppError> {
    let kind = kind.trim();
    let field = field.trim();
    if (!kind.is_empty() && Kind::parse(kind).is_none()) || (!field.is_empty() && Category::parse(field).is_none()) {
        return Err(validation(vec![FieldError::new(
            if kind.is_empty() || Kind::parse(kind).is_some() { "field" } else { "kind" },
            "field-option",
        )]));
    }
    Ok(store::orgs(&mut *state.db.conn().await?, "verified", kind, field).await?)
}

/// An organisation's public page: verified, with its programmes and activity reports.
pub struct Profile {
    pub org: OrgRow,
    pub programmes: Vec<ProgrammeRow>,
    pub activities: Vec<ActivityRow>,
}

pub async fn profile(state: &AppState, slug: &str) -> Result<Profile, AppError> {
    let mut conn = state.db.conn().await?;
    let org = store::by_slug(&mut conn, slug).await?.filter(|o| o.status == "verified").ok_or(AppError::NotFound)?;
    let programmes = store::programmes(&mut conn, org.id).await?;
    let activities = store::activities(&mut conn, org.id).await?;
    Ok(Profile { org, programmes, activities })
}

// ---------------------------------------------------------------------------------------
// Membership.

/// An organisation as one of its members sees it.
pub struct Membership {
    pub org: OrgRow,
    pub role: String,
}

impl Membership {
    pub fn coordinator(&self) -> bool {
        self.role == COORDINATOR
    }
    pub fn verified(&self) -> bool {
        self.org.status == "verified"
    }
}

/// The user's membership of `slug`: not found for anyone else (the organisation's own pages
/// do not reveal more to outsiders than its public page).
pub async fn membership(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Membership, AppError> {
    let mut conn = state.db.conn().await?;
    let org = store::by_slug(&mut conn, slug).await?.ok_or(AppError::NotFound)?;
    let role = store::role_of(&mut conn, org.id, user.id).await?.ok_or(AppError::NotFound)?;
    Ok(Membership { org, role })
}

/// The membership of a coordinator of a verified organisation (403 for a plain member, 409
/// while the organisation is not verified).
async fn coordinating(state: &AppState, user: &CurrentUser, slug: &str) -> Result<Membership, AppError> {
    let m = membership(state, user, slug).await?;
    if !m.coordinator() {
        return Err(AppError::Forbidden);
    }
    if !m.verified() {
        return Err(AppError::Conflict { key: "error-partner-not-verified" });
    }
    Ok(m)
}

/// The organisations the user belongs to, with their role.
pub async fn my_orgs(state: &AppState, user: &CurrentUser) -> Result<Vec<Membership>, AppError> {
    let rows = store::memberships(&mut *state.db.conn().await?, user.id).await?;
    Ok(rows.into_iter().map(|(org, role)| Membership { org, role }).collect())
}

pub async fn members(state: &AppState, m: &Membership) -> Result<Vec<MemberRow>, AppError> {
    Ok(store::members(&mut *state.db.conn().await?, m.org.id).await?)
}

/// Input of adding a member.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct MemberInput {
    pub email: String,
    /// `coordinator` or `member`.
    pub role: String,
}

/// A coordinator adds another registered citizen, by e-mail, as coordinator or member.
pub async fn add_member(state: &AppState, user: &CurrentUser, slug: &str, input: &MemberInput) -> Result<(), AppError> {
    let m = coordinating(state, user, slug).await?;
    let role = match input.role.as_str() {
        COORDINATOR => COORDINATOR,
        MEMBER | "" => MEMBER,
        _ => return Err(validation(vec![FieldError::new("role", "field-option")])),
    };
    let id = crate::identity::service::citizen_by_email(state, &input.email)
        .await?
        .ok_or_else(|| validation(vec![FieldError::new("email", "field-partner-no-citizen")]))?;
    let (org_id, now) = (m.org.id, db::now());
    let added =
        state.db.write(move |tx| Box::pin(async move { store::add_member(tx, org_id, id, role, now).await })).await?;
    if !added {
        return Err(validation(vec![FieldError::new("email", "field-partner-member-already")]));
    }
    Ok(())
}

/// A coordinator publishes a programme.
pub async fn add_programme(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    input: &model::ProgrammeInput,
) -> Result<i64, AppError> {
    let m = coordinating(state, user, slug).await?;
    let kind = Kind::parse(&m.org.kind).unwrap_or(Kind::Lsm);
    let fields: Vec<Category> = m.org.fields.iter().filter_map(|f| Category::parse(f)).collect();
    let p = model::check_programme(input, kind, &fields).map_err(validation)?;
    let now = db::now();
    let org = m.org;
    Ok(state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = store::insert_programme(tx, org.id, &p, now).await?;
                leaf(tx, "programme", &org, now).await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?)
}

/// A coordinator publishes an activity report.
pub async fn add_activity(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    input: &model::ActivityInput,
) -> Result<i64, AppError> {
    let m = coordinating(state, user, slug).await?;
    let a = model::check_activity(input, today(state)).map_err(validation)?;
    if let Some(p) = a.programme_id {
        let own = store::programmes(&mut *state.db.conn().await?, m.org.id).await?;
        if !own.iter().any(|x| x.id == p) {
            return Err(validation(vec![FieldError::new("programme_id", "field-option")]));
        }
    }
    let now = db::now();
    let org = m.org;
    Ok(state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let id = store::insert_activity(tx, org.id, &a, now).await?;
                leaf(tx, "activity", &org, now).await?;
                Ok::<_, AppError>(id)
            })
        })
        .await?)
}

// ---------------------------------------------------------------------------------------
// Reports passed to partners.

/// Whether a verified organisation may help with a report: the report's category among its
/// fields and its region among the ones it serves.
pub fn fits(org: &OrgRow, report: &ForPartner) -> bool {
    org.status == "verified"
        && org.fields.iter().any(|f| *f == report.category)
        && model::covers(&org.regions, report.region_code.as_deref())
}

/// A report its handler may pass on, and the partners that fit it.
pub async fn candidates(
    state: &AppState,
    user: &CurrentUser,
    code: &str,
) -> Result<(ForPartner, Vec<OrgRow>), AppError> {
    let report = reports::handled_by(state, user, code).await?;
    let all = store::orgs(&mut *state.db.conn().await?, "verified", "", &report.category).await?;
    let fitting = all.into_iter().filter(|o| fits(o, &report)).collect();
    Ok((report, fitting))
}

/// The officer, supervisor or coordinator handling a report passes it to a partner whose
/// fields and region fit. The agency stays responsible: the report's state does not change.
pub async fn pass_report(state: &AppState, user: &CurrentUser, code: &str, slug: &str) -> Result<(), AppError> {
    let report = reports::handled_by(state, user, code).await?;
    if !report.shareable {
        return Err(AppError::Conflict { key: "error-partner-confidential" });
    }
    if !reports::PARTNER_STATES.contains(&report.status.as_str()) {
        return Err(AppError::Conflict { key: "error-action-not-allowed" });
    }
    let org = store::by_slug(&mut *state.db.conn().await?, slug)
        .await?
        .filter(|o| fits(o, &report))
        .ok_or_else(|| validation(vec![FieldError::new("partner", "field-partner-unfit")]))?;
    let (by, now) = (user.id, db::now());
    let code = report.code;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if !store::pass_report(tx, org.id, &code, by, now).await? {
                    return Err(AppError::Conflict { key: "error-partner-passed" });
                }
                reports::partner_step(tx, &code, by, &org.name, "partner_assign", None, now).await
            })
        })
        .await
}

/// A report passed to an organisation, as its members see it.
pub struct PassedReport {
    pub report: ForPartner,
    /// `assigned` or `done`.
    pub status: String,
    pub assigned_at: i64,
}

/// The reports passed to the member's organisation, open ones first.
pub async fn passed_reports(state: &AppState, m: &Membership) -> Result<Vec<PassedReport>, AppError> {
    let rows = store::passed_reports(&mut *state.db.conn().await?, m.org.id).await?;
    let mut out = vec![];
    for p in rows {
        if let Some(report) = reports::for_partner(state, &p.report_code).await? {
            out.push(PassedReport { report, status: p.status, assigned_at: p.assigned_at });
        }
    }
    Ok(out)
}

/// Input of a partner's update on a report.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct UpdateInput {
    pub note: String,
    /// `1` when the organisation's part is done.
    pub done: String,
}

/// A member posts a progress update on a report passed to the organisation (public, named
/// after the organisation), and may mark its part done.
pub async fn update_report(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    code: &str,
    input: &UpdateInput,
) -> Result<(), AppError> {
    let m = membership(state, user, slug).await?;
    let passed = store::passed(&mut *state.db.conn().await?, m.org.id, code).await?.ok_or(AppError::NotFound)?;
    if passed.status != "assigned" {
        return Err(AppError::Conflict { key: "error-partner-part-done" });
    }
    let note = input.note.trim().to_string();
    if note.is_empty() {
        return Err(validation(vec![FieldError::new("note", "field-required")]));
    }
    if note.chars().count() > 2000 {
        return Err(validation(vec![FieldError::new("note", "field-too-long")]));
    }
    let report = reports::for_partner(state, code).await?.ok_or(AppError::NotFound)?;
    if !reports::PARTNER_STATES.contains(&report.status.as_str()) {
        return Err(AppError::Conflict { key: "error-action-not-allowed" });
    }
    let done = input.done == "1";
    let (by, now, org) = (user.id, db::now(), m.org);
    let code = passed.report_code;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let action = if done {
                    if !store::finish_report(tx, org.id, &code, now).await? {
                        return Err(AppError::Conflict { key: "error-partner-part-done" });
                    }
                    "partner_done"
                } else {
                    "partner_update"
                };
                reports::partner_step(tx, &code, by, &org.name, action, Some(&note), now).await
            })
        })
        .await
}

// ---------------------------------------------------------------------------------------
// Waste banks.

/// A verified waste bank by its slug; not found for anything else.
pub async fn waste_bank(state: &AppState, slug: &str) -> Result<OrgRow, AppError> {
    store::by_slug(&mut *state.db.conn().await?, slug)
        .await?
        .filter(|o| o.status == "verified" && o.kind == Kind::BankSampah.as_str())
        .ok_or(AppError::NotFound)
}

/// The user's customer record at a waste bank, if any.
pub async fn customer_of(state: &AppState, org: &OrgRow, user: &CurrentUser) -> Result<Option<CustomerRow>, AppError> {
    Ok(store::customer_of(&mut *state.db.conn().await?, org.id, user.id).await?)
}

/// A citizen registers as a customer of a waste bank and gets a member number
/// `BS-<bank>-<n>`; a second registration at the same bank answers 409.
pub async fn register_customer(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    input: &model::CustomerInput,
) -> Result<CustomerRow, AppError> {
    if user.role != Role::Citizen {
        return Err(AppError::Forbidden);
    }
    let org = waste_bank(state, slug).await?;
    let c = model::check_customer(input).map_err(validation)?;
    let (user_id, now, org_id) = (user.id, db::now(), org.id);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let member_no = db::next_code(tx, &format!("BS-{org_id:03}")).await?;
                if !store::insert_customer(tx, org_id, user_id, &member_no, &c, now).await? {
                    return Err(AppError::Conflict { key: "error-partner-customer-already" });
                }
                Ok(())
            })
        })
        .await?;
    customer_of(state, &org, user).await?.ok_or(AppError::NotFound)
}

/// The customers of a waste bank with their balances (its coordinators).
pub async fn customers(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
) -> Result<(Membership, Vec<CustomerRow>), AppError> {
    let m = coordinating(state, user, slug).await?;
    if m.org.kind != Kind::BankSampah.as_str() {
        return Err(AppError::NotFound);
    }
    let list = store::customers(&mut *state.db.conn().await?, m.org.id).await?;
    Ok((m, list))
}

/// A coordinator of a waste bank records a deposit of one of its customers.
pub async fn record_deposit(
    state: &AppState,
    user: &CurrentUser,
    slug: &str,
    input: &model::DepositInput,
) -> Result<CustomerRow, AppError> {
    let (m, _) = customers(state, user, slug).await?;
    let d = model::check_deposit(input, today(state)).map_err(validation)?;
    let customer = store::customer_by_no(&mut *state.db.conn().await?, m.org.id, &d.member_no)
        .await?
        .ok_or_else(|| validation(vec![FieldError::new("member_no", "field-partner-member-no")]))?;
    let (by, now, cid) = (user.id, db::now(), customer.id);
    state.db.write(move |tx| Box::pin(async move { store::insert_deposit(tx, cid, &d, by, now).await })).await?;
    Ok(store::customer_by_no(&mut *state.db.conn().await?, m.org.id, &customer.member_no).await?.unwrap_or(customer))
}

/// A citizen's savings at one waste bank.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = WasteBankSavings)]
pub struct Savings {
    /// The waste bank's name and slug.
    pub bank: String,
    pub bank_slug: String,
    #[serde(flatten)]
    pub customer: CustomerRow,
    /// Deposits, newest first.
    pub deposits: Vec<DepositRow>,
}

/// The citizen's customer records at every waste bank, with balances and deposits.
pub async fn my_savings(state: &AppState, user: &CurrentUser) -> Result<Vec<Savings>, AppError> {
    let mut conn = state.db.conn().await?;
    let mut out = vec![];
    for c in store::customers_of_user(&mut conn, user.id).await? {
        let org = store::by_id(&mut conn, c.org_id).await?.ok_or(AppError::NotFound)?;
        let deposits = store::deposits(&mut conn, c.id).await?;
        out.push(Savings { bank: org.name, bank_slug: org.slug, customer: c, deposits });
    }
    Ok(out)
}
