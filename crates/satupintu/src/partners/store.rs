//! The partners' tables: organisations, members, programmes, activity reports, reports passed to
//! them, and waste-bank customers with their deposits.

use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row as _;
use utoipa::ToSchema;

use crate::db::{Conn, Tx};

/// An organisation as stored.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = PartnerOrg)]
pub struct OrgRow {
    #[serde(skip)]
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// `lsm`, `csr`, `komunitas` or `bank_sampah`.
    pub kind: String,
    pub legal_basis: String,
    /// Report categories it works in.
    pub fields: Vec<String>,
    /// Region codes it serves.
    pub regions: Vec<String>,
    pub contact: String,
    pub description: String,
    /// `pending`, `verified` or `refused`.
    pub status: String,
    #[serde(skip)]
    pub refusal_reason: String,
    pub created_at: i64,
}

const ORG_COLUMNS: &str =
    "id, slug, name, kind, legal_basis, fields, regions, contact, description, status, refusal_reason, created_at";

fn list(s: String) -> Vec<String> {
    s.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect()
}

fn org(r: &AnyRow) -> Result<OrgRow, sqlx::Error> {
    Ok(OrgRow {
        id: r.try_get(0)?,
        slug: r.try_get(1)?,
        name: r.try_get(2)?,
        kind: r.try_get(3)?,
        legal_basis: r.try_get(4)?,
        fields: list(r.try_get(5)?),
        regions: list(r.try_get(6)?),
        contact: r.try_get(7)?,
        description: r.try_get(8)?,
        status: r.try_get(9)?,
        refusal_reason: r.try_get(10)?,
        created_at: r.try_get(11)?,
    })
}

pub struct NewOrg<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub legal_basis: &'a str,
    pub fields: &'a str,
    pub regions: &'a str,
    pub contact: &'a str,
    pub description: &'a str,
}

pub async fn slug_taken(tx: &mut Tx, slug: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM partner_orgs WHERE slug = $1").bind(slug).fetch_optional(&mut **tx).await?.is_some())
}

pub async fn insert_org(tx: &mut Tx, o: &NewOrg<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO partner_orgs (slug, name, kind, legal_basis, fields, regions, contact, description, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(o.slug)
    .bind(o.name)
    .bind(o.kind)
    .bind(o.legal_basis)
    .bind(o.fields)
    .bind(o.regions)
    .bind(o.contact)
    .bind(o.description)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub async fn by_slug(conn: &mut Conn, slug: &str) -> Result<Option<OrgRow>, sqlx::Error> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM partner_orgs WHERE slug = $1");
    sqlx::query(&sql).bind(slug).fetch_optional(conn).await?.as_ref().map(org).transpose()
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<OrgRow>, sqlx::Error> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM partner_orgs WHERE id = $1");
    sqlx::query(&sql).bind(id).fetch_optional(conn).await?.as_ref().map(org).transpose()
}

/// Organisations in `status`, by name; `kind` and `field` narrow the list when not empty.
pub async fn orgs(conn: &mut Conn, status: &str, kind: &str, field: &str) -> Result<Vec<OrgRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ORG_COLUMNS} FROM partner_orgs WHERE status = $1 AND ($2 = '' OR kind = $2) \
         AND ($3 = '' OR ',' || fields || ',' LIKE '%,' || $3 || ',%') ORDER BY name, id"
    );
    let rows = sqlx::query(&sql).bind(status).bind(kind).bind(field).fetch_all(conn).await?;
    rows.iter().map(org).collect()
}

/// Set a pending organisation's decision; false when it was decided already.
pub async fn decide(tx: &mut Tx, id: i64, status: &str, reason: &str, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE partner_orgs SET status = $1, refusal_reason = $2, decided_by = $3, decided_at = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(reason)
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// Members.

#[derive(Clone, Debug)]
pub struct MemberRow {
    pub user_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub role: String,
}

/// Add a member; false when they are one already.
pub async fn add_member(tx: &mut Tx, org_id: i64, user_id: i64, role: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO partner_members (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, user_id) DO NOTHING",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(role)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A user's role in an organisation, if any.
pub async fn role_of(conn: &mut Conn, org_id: i64, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT role FROM partner_members WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| r.try_get(0)).transpose()
}

pub async fn members(conn: &mut Conn, org_id: i64) -> Result<Vec<MemberRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.user_id, u.full_name, u.email, m.role FROM partner_members m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 ORDER BY m.role, u.full_name",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MemberRow { user_id: r.try_get(0)?, name: r.try_get(1)?, email: r.try_get(2)?, role: r.try_get(3)? })
        })
        .collect()
}

/// The organisations a user belongs to, with their role there.
pub async fn memberships(conn: &mut Conn, user_id: i64) -> Result<Vec<(OrgRow, String)>, sqlx::Error> {
    let cols: Vec<String> = ORG_COLUMNS.split(", ").map(|c| format!("o.{c}")).collect();
    let sql = format!(
        "SELECT {}, m.role FROM partner_orgs o JOIN partner_members m ON m.org_id = o.id \
         WHERE m.user_id = $1 ORDER BY o.name",
        cols.join(", ")
    );
    let rows = sqlx::query(&sql).bind(user_id).fetch_all(conn).await?;
    rows.iter().map(|r| Ok((org(r)?, r.try_get(12)?))).collect()
}

// ---------------------------------------------------------------------------------------
// Programmes and activity reports.

#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = PartnerProgramme)]
pub struct ProgrammeRow {
    pub id: i64,
    pub title: String,
    /// A report category.
    pub field: String,
    pub region: String,
    pub starts_on: String,
    pub ends_on: String,
    pub description: String,
    /// For a CSR programme: the company.
    pub company: String,
    /// For a CSR programme: the budget in rupiah.
    pub budget: Option<i64>,
}

pub async fn insert_programme(
    tx: &mut Tx,
    org_id: i64,
    p: &super::model::Programme,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO partner_programmes (org_id, title, field, region, starts_on, ends_on, description, company, \
         budget, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(org_id)
    .bind(&p.title)
    .bind(p.field.as_str())
    .bind(&p.region)
    .bind(p.starts_on.to_string())
    .bind(p.ends_on.to_string())
    .bind(&p.description)
    .bind(&p.company)
    .bind(p.budget)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub async fn programmes(conn: &mut Conn, org_id: i64) -> Result<Vec<ProgrammeRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, title, field, region, starts_on, ends_on, description, company, budget FROM partner_programmes \
         WHERE org_id = $1 ORDER BY starts_on DESC, id DESC",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ProgrammeRow {
                id: r.try_get(0)?,
                title: r.try_get(1)?,
                field: r.try_get(2)?,
                region: r.try_get(3)?,
                starts_on: r.try_get(4)?,
                ends_on: r.try_get(5)?,
                description: r.try_get(6)?,
                company: r.try_get(7)?,
                budget: r.try_get(8)?,
            })
        })
        .collect()
}

#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = PartnerActivity)]
pub struct ActivityRow {
    pub id: i64,
    pub programme_id: Option<i64>,
    pub done_on: String,
    pub body: String,
    /// Waste collected, in grams.
    pub waste_grams: i64,
    pub people_reached: i64,
    pub trees_planted: i64,
}

pub async fn insert_activity(
    tx: &mut Tx,
    org_id: i64,
    a: &super::model::Activity,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO partner_activities (org_id, programme_id, done_on, body, waste_grams, people_reached, \
         trees_planted, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(org_id)
    .bind(a.programme_id)
    .bind(a.done_on.to_string())
    .bind(&a.body)
    .bind(a.waste_grams)
    .bind(a.people_reached)
    .bind(a.trees_planted)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

pub async fn activities(conn: &mut Conn, org_id: i64) -> Result<Vec<ActivityRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, programme_id, done_on, body, waste_grams, people_reached, trees_planted FROM partner_activities \
         WHERE org_id = $1 ORDER BY done_on DESC, id DESC",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ActivityRow {
                id: r.try_get(0)?,
                programme_id: r.try_get(1)?,
                done_on: r.try_get(2)?,
                body: r.try_get(3)?,
                waste_grams: r.try_get(4)?,
                people_reached: r.try_get(5)?,
                trees_planted: r.try_get(6)?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Reports passed to partners.

#[derive(Clone, Debug)]
pub struct Passed {
    pub report_code: String,
    pub status: String,
    pub assigned_at: i64,
}

/// Record a report passed to an organisation; false when it was passed to it already.
pub async fn pass_report(tx: &mut Tx, org_id: i64, code: &str, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO partner_reports (org_id, report_code, assigned_by, assigned_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, report_code) DO NOTHING",
    )
    .bind(org_id)
    .bind(code)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn passed(conn: &mut Conn, org_id: i64, code: &str) -> Result<Option<Passed>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT report_code, status, assigned_at FROM partner_reports WHERE org_id = $1 AND report_code = $2",
    )
    .bind(org_id)
    .bind(code)
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok(Passed { report_code: r.try_get(0)?, status: r.try_get(1)?, assigned_at: r.try_get(2)? }))
        .transpose()
}

pub async fn passed_reports(conn: &mut Conn, org_id: i64) -> Result<Vec<Passed>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT report_code, status, assigned_at FROM partner_reports WHERE org_id = $1 \
         ORDER BY status, assigned_at DESC",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok(Passed { report_code: r.try_get(0)?, status: r.try_get(1)?, assigned_at: r.try_get(2)? }))
        .collect()
}

/// Mark the organisation's part done; false when it was done already.
pub async fn finish_report(tx: &mut Tx, org_id: i64, code: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE partner_reports SET status = 'done', done_at = $1 WHERE org_id = $2 AND report_code = $3 \
         AND status = 'assigned'",
    )
    .bind(now)
    .bind(org_id)
    .bind(code)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------
// Waste-bank customers and deposits.

#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = WasteCustomer)]
pub struct CustomerRow {
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub org_id: i64,
    /// `BS-001-000123`.
    pub member_no: String,
    pub full_name: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
    pub created_at: i64,
    /// The savings balance: the value of every deposit, in rupiah.
    pub balance: i64,
    /// Every deposit's weight together, in grams.
    pub total_grams: i64,
}

const CUSTOMER_SELECT: &str = "SELECT c.id, c.org_id, c.member_no, c.full_name, c.address, c.rt, c.rw, c.created_at, \
     CAST(COALESCE(SUM(d.value_rupiah), 0) AS BIGINT), \
     CAST(COALESCE(SUM(d.plastik_grams + d.kertas_grams + d.logam_grams + d.kaca_grams + d.organik_grams), 0) AS BIGINT) \
     FROM waste_customers c LEFT JOIN waste_deposits d ON d.customer_id = c.id";
const CUSTOMER_GROUP: &str = "GROUP BY c.id, c.org_id, c.member_no, c.full_name, c.address, c.rt, c.rw, c.created_at";

fn customer(r: &AnyRow) -> Result<CustomerRow, sqlx::Error> {
    Ok(CustomerRow {
        id: r.try_get(0)?,
        org_id: r.try_get(1)?,
        member_no: r.try_get(2)?,
        full_name: r.try_get(3)?,
        address: r.try_get(4)?,
        rt: r.try_get(5)?,
        rw: r.try_get(6)?,
        created_at: r.try_get(7)?,
        balance: r.try_get(8)?,
        total_grams: r.try_get(9)?,
    })
}

pub async fn insert_customer(
    tx: &mut Tx,
    org_id: i64,
    user_id: i64,
    member_no: &str,
    c: &super::model::Customer,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO waste_customers (org_id, user_id, member_no, full_name, address, rt, rw, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id, user_id) DO NOTHING",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(member_no)
    .bind(&c.full_name)
    .bind(&c.address)
    .bind(&c.rt)
    .bind(&c.rw)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn customer_of(conn: &mut Conn, org_id: i64, user_id: i64) -> Result<Option<CustomerRow>, sqlx::Error> {
    let sql = format!("{CUSTOMER_SELECT} WHERE c.org_id = $1 AND c.user_id = $2 {CUSTOMER_GROUP}");
    sqlx::query(&sql).bind(org_id).bind(user_id).fetch_optional(conn).await?.as_ref().map(customer).transpose()
}

pub async fn customer_by_no(conn: &mut Conn, org_id: i64, member_no: &str) -> Result<Option<CustomerRow>, sqlx::Error> {
    let sql = format!("{CUSTOMER_SELECT} WHERE c.org_id = $1 AND c.member_no = $2 {CUSTOMER_GROUP}");
    sqlx::query(&sql).bind(org_id).bind(member_no).fetch_optional(conn).await?.as_ref().map(customer).transpose()
}

pub async fn customers(conn: &mut Conn, org_id: i64) -> Result<Vec<CustomerRow>, sqlx::Error> {
    let sql = format!("{CUSTOMER_SELECT} WHERE c.org_id = $1 {CUSTOMER_GROUP} ORDER BY c.member_no");
    let rows = sqlx::query(&sql).bind(org_id).fetch_all(conn).await?;
    rows.iter().map(customer).collect()
}

/// A user's customer records, at every waste bank.
pub async fn customers_of_user(conn: &mut Conn, user_id: i64) -> Result<Vec<CustomerRow>, sqlx::Error> {
    let sql = format!("{CUSTOMER_SELECT} WHERE c.user_id = $1 {CUSTOMER_GROUP} ORDER BY c.created_at");
    let rows = sqlx::query(&sql).bind(user_id).fetch_all(conn).await?;
    rows.iter().map(customer).collect()
}

#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = WasteDeposit)]
pub struct DepositRow {
    pub deposited_on: String,
    /// Grams per kind: plastik, kertas, logam, kaca, organik.
    pub grams: Vec<i64>,
    pub value_rupiah: i64,
}

pub async fn insert_deposit(
    tx: &mut Tx,
    customer_id: i64,
    d: &super::model::Deposit,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO waste_deposits (customer_id, deposited_on, plastik_grams, kertas_grams, logam_grams, kaca_grams, \
         organik_grams, value_rupiah, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(customer_id)
    .bind(d.deposited_on.to_string())
    .bind(d.grams[0])
    .bind(d.grams[1])
    .bind(d.grams[2])
    .bind(d.grams[3])
    .bind(d.grams[4])
    .bind(d.value)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn deposits(conn: &mut Conn, customer_id: i64) -> Result<Vec<DepositRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT deposited_on, plastik_grams, kertas_grams, logam_grams, kaca_grams, organik_grams, value_rupiah \
         FROM waste_deposits WHERE customer_id = $1 ORDER BY deposited_on DESC, id DESC",
    )
    .bind(customer_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DepositRow {
                deposited_on: r.try_get(0)?,
                grams: (1..=5).map(|i| r.try_get(i)).collect::<Result<_, _>>()?,
                value_rupiah: r.try_get(6)?,
            })
        })
        .collect()
}
