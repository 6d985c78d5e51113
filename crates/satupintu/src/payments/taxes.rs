//! Regional taxes: the tax agency's file of tax objects (PBB-P2 by NOP, vehicle tax by plate)
//! and what each owes per period, imported whole or not at all; and the public lookup of what
//! an object owes, with its owner's name masked.
//!
//! The file is CSV with a header row naming the columns `kind` (`pbb` or `pkb`),
//! `object_number` (the NOP or the plate), `owner_name`, `description`, `period`, `amount_idr`,
//! `due_date` (`YYYY-MM-DD`) and, optionally, `agency` (by default `bapenda` for PBB-P2 and
//! `samsat` for vehicle tax). Importing it again changes nothing; a changed amount cancels the
//! period's unpaid bill and issues a new billing code; a paid period is left alone.

use std::collections::{HashMap, HashSet};

use time::Date;

use super::file::{refuse, FileError};
use super::model::{self, BillKind};
use super::store::{self, Bill, TaxObject};
use crate::app::AppState;
use crate::db;
use crate::web::AppError;

/// At most this many rows in one file.
pub const MAX_ROWS: usize = 200_000;

/// One period of one tax object, as the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxRow {
    pub line: usize,
    pub kind: BillKind,
    /// The NOP (18 digits) or the plate (upper case, no spaces).
    pub object_number: String,
    pub owner_name: String,
    pub description: String,
    pub period: String,
    pub amount_idr: i64,
    pub due_date: Date,
    pub agency: String,
}

const COLUMNS: [&str; 8] =
    ["kind", "object_number", "owner_name", "description", "period", "amount_idr", "due_date", "agency"];

/// The agency a tax is paid to unless the file names one.
fn default_agency(kind: BillKind) -> &'static str {
    match kind {
        BillKind::Pkb => "samsat",
        _ => "bapenda",
    }
}

/// The revenue type of a tax for the treasury's reports.
fn revenue_type(kind: BillKind) -> &'static str {
    match kind {
        BillKind::Pkb => "pkb",
        _ => "pbb-p2",
    }
}

/// A tax object's number as typed, for its kind: a NOP or a plate.
pub fn parse_number(kind: BillKind, input: &str) -> Option<String> {
    match kind {
        BillKind::Pbb => model::parse_nop(input),
        BillKind::Pkb => model::parse_plate(input),
        _ => None,
    }
}

/// The message key of an ill-formed number of `kind`.
pub fn number_error(kind: BillKind) -> &'static str {
    match kind {
        BillKind::Pkb => "tax-error-plate-input",
        _ => "tax-error-nop-input",
    }
}

/// A tax object's number as printed.
pub fn format_number(kind: BillKind, number: &str) -> String {
    match kind {
        BillKind::Pkb => model::format_plate(number),
        _ => model::format_nop(number),
    }
}

/// The tax kind named in a URL or a file: `pbb` or `pkb`.
pub fn tax_kind(s: &str) -> Option<BillKind> {
    BillKind::parse(&s.trim().to_ascii_lowercase()).filter(|k| matches!(k, BillKind::Pbb | BillKind::Pkb))
}

/// Read a whole file: every row checked before anything is imported. `agencies`: the agencies
/// a row may name.
pub fn parse_bytes(bytes: &[u8], agencies: &HashSet<String>) -> Result<Vec<TaxRow>, FileError> {
    let text = super::file::utf8_text(bytes, "tax-error-encoding")?;
    let separator =
        if text.lines().next().is_some_and(|l| l.matches(';').count() > l.matches(',').count()) { ';' } else { ',' };
    let records =
        crate::csv::parse_with(text, separator).map_err(|e| FileError { line: e.line, key: "tax-error-quote" })?;
    let Some(((header_line, header), rows)) = records.split_first() else { return refuse(1, "tax-error-empty") };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let position = |name: &str| names.iter().position(|n| n == name);
    let mut at = HashMap::new();
    for name in COLUMNS {
        match position(name) {
            Some(i) => {
                at.insert(name, i);
            }
            None if name == "agency" => {}
            None => return refuse(*header_line, "tax-error-header"),
        }
    }
    if rows.is_empty() {
        return refuse(*header_line, "tax-error-empty");
    }
    if rows.len() > MAX_ROWS {
        return refuse(rows[MAX_ROWS].0, "tax-error-too-long");
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(rows.len());
    for (line, record) in rows {
        let row = row(*line, record, &at, agencies)?;
        if !seen.insert((row.kind, row.object_number.clone(), row.period.clone())) {
            return refuse(*line, "tax-error-repeated");
        }
        out.push(row);
    }
    Ok(out)
}

fn row(
    line: usize,
    record: &[String],
    at: &HashMap<&str, usize>,
    agencies: &HashSet<String>,
) -> Result<TaxRow, FileError> {
    if at.values().any(|&i| i >= record.len()) {
        return refuse(line, "tax-error-columns");
    }
    let cell = |name: &str| at.get(name).map(|&i| record[i].trim()).unwrap_or("");
    let text = |name: &str, max: usize, key| {
        let v = cell(name);
        if v.is_empty() || v.chars().count() > max || v.chars().any(char::is_control) {
            refuse(line, key)
        } else {
            Ok(v.to_string())
        }
    };
    let Some(kind) = tax_kind(cell("kind")) else { return refuse(line, "tax-error-kind") };
    let object_number = match (kind, parse_number(kind, cell("object_number"))) {
        (_, Some(n)) => n,
        (BillKind::Pkb, None) => return refuse(line, "tax-error-plate"),
        _ => return refuse(line, "tax-error-nop"),
    };
    let amount_idr = match super::statement::csv_amount(cell("amount_idr")) {
        Ok(a) if (1..=1_000_000_000_000).contains(&a) => a,
        _ => return refuse(line, "tax-error-amount"),
    };
    let Some(due_date) = crate::calendar::parse_date(cell("due_date")) else { return refuse(line, "tax-error-date") };
    let agency = match cell("agency") {
        "" => default_agency(kind).to_string(),
        a => a.to_string(),
    };
    if !agencies.contains(&agency) {
        return refuse(line, "tax-error-agency");
    }
    Ok(TaxRow {
        line,
        kind,
        object_number,
        owner_name: text("owner_name", 200, "tax-error-owner")?,
        description: text("description", 500, "tax-error-description")?,
        period: text("period", 20, "tax-error-period")?,
        amount_idr,
        due_date,
        agency,
    })
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaxSummary {
    /// Tax objects in the file (new or updated).
    pub objects: usize,
    /// Periods billed for the first time.
    pub issued: usize,
    /// Periods whose amount changed: the unpaid bill cancelled, a new one issued.
    pub replaced: usize,
    /// Periods billed before with the same amount.
    pub unchanged: usize,
    /// Periods already paid, left alone.
    pub paid: usize,
}

impl TaxSummary {
    /// The counts with their names, as the command prints them.
    pub fn rows(&self) -> [(&'static str, usize); 5] {
        [
            ("objects", self.objects),
            ("issued", self.issued),
            ("replaced", self.replaced),
            ("unchanged", self.unchanged),
            ("paid", self.paid),
        ]
    }
}

/// Import parsed rows in one transaction: each bill and cancellation writes its ledger leaf.
pub async fn import(state: &AppState, rows: &[TaxRow]) -> Result<TaxSummary, AppError> {
    let now = db::now();
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let settings = state.config.payments.clone();
    let mut summary = TaxSummary::default();
    let mut objects = HashSet::new();
    let mut tx = state.db.begin().await?;
    for r in rows {
        let object = TaxObject {
            id: 0,
            kind: r.kind.as_str().into(),
            object_number: r.object_number.clone(),
            agency_id: r.agency.clone(),
            owner_name: r.owner_name.clone(),
            citizen_id: None,
            description: r.description.clone(),
        };
        let id = store::upsert_tax_object(&mut tx, &object, now).await?;
        objects.insert(id);
        let billed: Vec<Bill> = store::bills_of_tax_object(&mut tx, id)
            .await?
            .into_iter()
            .filter(|b| b.period.as_deref() == Some(r.period.as_str()) && b.status != model::CANCELLED)
            .collect();
        if billed.iter().any(|b| matches!(b.status.as_str(), model::PAID | model::REFUNDED)) {
            summary.paid += 1;
            continue;
        }
        let open: Vec<&Bill> = billed.iter().filter(|b| b.status == model::UNPAID).collect();
        if open.iter().any(|b| b.amount_idr == r.amount_idr && b.expires_at > now) {
            summary.unchanged += 1;
            continue;
        }
        for b in &open {
            super::service::cancel_bill(&mut tx, b, now).await?;
        }
        if billed.is_empty() {
            summary.issued += 1;
        } else {
            summary.replaced += 1;
        }
        // Payable until the end of its due date, or for the usual validity of a billing code
        // when that day has passed (a late payer still pays; the penalty is the agency's rule).
        let end_of_due = crate::calendar::day_start(r.due_date.next_day().unwrap_or(r.due_date), offset) - 1;
        let fresh = super::service::new_bill(&mut tx, &settings, r.kind, r.amount_idr, offset, now).await?;
        let bill = Bill {
            revenue_type: revenue_type(r.kind).into(),
            agency_id: r.agency.clone(),
            tax_object_id: Some(id),
            period: Some(r.period.clone()),
            description: match r.kind {
                BillKind::Pkb => format!("PKB {} ({})", model::format_plate(&r.object_number), r.period),
                _ => format!("PBB-P2 {} NOP {}", r.period, model::format_nop(&r.object_number)),
            },
            due_date: r.due_date.to_string(),
            expires_at: end_of_due.max(fresh.expires_at),
            ..fresh
        };
        super::service::insert(&mut tx, bill, now).await?;
    }
    tx.commit().await?;
    summary.objects = objects.len();
    Ok(summary)
}

/// The demo's tax objects: land and buildings in Surabaya and three vehicles.
pub const DEMO: &str = include_str!("../../demo/tax-objects.csv");

/// Load [`DEMO`] (with `serve --demo`).
pub async fn demo(state: &AppState) -> anyhow::Result<()> {
    let agencies = crate::catalog::service::snapshot(state).await.map_err(|e| anyhow::anyhow!("{e}"))?.agency_ids();
    let rows = parse_bytes(DEMO.as_bytes(), &agencies)
        .map_err(|e| anyhow::anyhow!("demo tax objects: line {}: {}", e.line, e.key))?;
    import(state, &rows).await.map_err(|e| anyhow::anyhow!("demo tax objects: {e}"))?;
    Ok(())
}

/// A tax object and its bills (newest first, cancelled ones left out).
pub struct TaxLookup {
    pub object: TaxObject,
    pub bills: Vec<Bill>,
}

impl TaxLookup {
    /// What can be paid at `now`: the bills still payable (unpaid, code not expired).
    pub fn owed_idr(&self, now: i64) -> i64 {
        self.bills.iter().filter(|b| super::service::status_now(b, now) == model::UNPAID).map(|b| b.amount_idr).sum()
    }
}

/// What a tax object owes, for anyone who knows its number: at most
/// `payments.tax_lookups_per_ip` lookups per address in `payments.tax_lookup_window_secs`, so
/// that the register cannot be walked number by number.
pub async fn lookup(
    state: &AppState,
    ip: Option<std::net::IpAddr>,
    kind: BillKind,
    number: &str,
) -> Result<Option<TaxLookup>, AppError> {
    let p = &state.config.payments;
    crate::identity::service::address_throttled(state, "tax", ip, p.tax_lookups_per_ip, p.tax_lookup_window_secs)
        .await?;
    let mut conn = state.db.conn().await?;
    let Some(object) = store::tax_object(&mut conn, kind.as_str(), number).await? else { return Ok(None) };
    let bills = store::bills_of_tax_object(&mut conn, object.id)
        .await?
        .into_iter()
        .filter(|b| b.status != model::CANCELLED)
        .collect();
    Ok(Some(TaxLookup { object, bills }))
}

/// A name as a stranger may see it: each word's first two letters, the rest as stars
/// (`Siti Rahayu` is `Si** Ra****`), so an owner recognises it and a stranger learns little.
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let n = w.chars().count();
            let keep = if n <= 2 { 1 } else { 2 };
            w.chars().enumerate().map(|(i, c)| if i < keep { c } else { '*' }).collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agencies() -> HashSet<String> {
        ["bapenda", "samsat"].into_iter().map(String::from).collect()
    }

    const HEADER: &str = "kind,object_number,owner_name,description,period,amount_idr,due_date\n";

    #[test]
    fn a_good_file_is_read_whole() {
        let text = format!(
            "{HEADER}pbb,35.78.010.001.001-0001.0,Siti Rahayu,\"Tanah 120 m2, bangunan 90 m2\",2026,\"1.250.000\",2026-08-31\n\
             PKB,l 1234 ab,Budi Santoso,Honda Beat 2021,2026-2027,312000,2027-03-14\n"
        );
        let rows = parse_bytes(text.as_bytes(), &agencies()).expect("parsed");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].object_number, "357801000100100010");
        assert_eq!(rows[0].amount_idr, 1_250_000);
        assert_eq!(rows[0].agency, "bapenda");
        assert_eq!(rows[0].description, "Tanah 120 m2, bangunan 90 m2");
        assert_eq!((rows[1].kind, rows[1].object_number.as_str(), rows[1].line), (BillKind::Pkb, "L1234AB", 3));
        assert_eq!(rows[1].agency, "samsat");
        // Semicolons, columns in another order, an agency column.
        let semi = "due_date;kind;object_number;owner_name;description;period;amount_idr;agency\n\
                    2026-08-31;pbb;357801000100100010;Siti;Rumah;2026;500000;samsat\n";
        let rows = parse_bytes(semi.as_bytes(), &agencies()).expect("parsed");
        assert_eq!((rows[0].amount_idr, rows[0].agency.as_str()), (500_000, "samsat"));
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let bad = |row: &str| {
            parse_bytes(
                format!("{HEADER}pbb,357801000100100010,Siti,Rumah,2025,1000,2025-08-31\n{row}\n").as_bytes(),
                &agencies(),
            )
            .expect_err("refused")
        };
        let key = |row: &str| {
            let e = bad(row);
            assert_eq!(e.line, 3, "{row}");
            e.key
        };
        assert_eq!(key("pbx,357801000100100010,Siti,Rumah,2026,1000,2026-08-31"), "tax-error-kind");
        assert_eq!(key("pbb,35780100010010001,Siti,Rumah,2026,1000,2026-08-31"), "tax-error-nop");
        assert_eq!(key("pkb,XYZ 1,Siti,Motor,2026,1000,2026-08-31"), "tax-error-plate");
        assert_eq!(key("pbb,357801000100100010,,Rumah,2026,1000,2026-08-31"), "tax-error-owner");
        assert_eq!(key("pbb,357801000100100010,Siti,,2026,1000,2026-08-31"), "tax-error-description");
        assert_eq!(key("pbb,357801000100100010,Siti,Rumah,,1000,2026-08-31"), "tax-error-period");
        assert_eq!(key("pbb,357801000100100010,Siti,Rumah,2026,0,2026-08-31"), "tax-error-amount");
        assert_eq!(key("pbb,357801000100100010,Siti,Rumah,2026,12.50,2026-08-31"), "tax-error-amount");
        assert_eq!(key("pbb,357801000100100010,Siti,Rumah,2026,1000,31/08/2026"), "tax-error-date");
        assert_eq!(key("pbb,357801000100100010,Siti,Rumah,2026,1000"), "tax-error-columns");
        assert_eq!(key("pbb,357801000100100010,Siti,Rumah,2025,1000,2025-08-31"), "tax-error-repeated");
        let e = parse_bytes(b"kind,object_number\npbb,1\n", &agencies()).expect_err("no columns");
        assert_eq!((e.line, e.key), (1, "tax-error-header"));
        let e = parse_bytes(HEADER.as_bytes(), &agencies()).expect_err("no rows");
        assert_eq!(e.key, "tax-error-empty");
        let e = parse_bytes(b"kind\n\xff\n", &agencies()).expect_err("not UTF-8");
        assert_eq!((e.line, e.key), (2, "tax-error-encoding"));
        let e = parse_bytes(
            format!("{HEADER}pbb,357801000100100010,Siti,Rumah,2026,1000,2026-08-31,dinkes\n").as_bytes(),
            &agencies(),
        );
        assert!(e.is_ok(), "a cell beyond the header's columns is ignored");
        let with_agency = "kind,object_number,owner_name,description,period,amount_idr,due_date,agency\n\
                           pbb,357801000100100010,Siti,Rumah,2026,1000,2026-08-31,nowhere\n";
        assert_eq!(parse_bytes(with_agency.as_bytes(), &agencies()).expect_err("agency").key, "tax-error-agency");
    }

    #[test]
    fn names_are_masked_for_strangers() {
        assert_eq!(mask_name("Siti Rahayu"), "Si** Ra****");
        assert_eq!(mask_name("  Ni Made  Ayu "), "N* Ma** Ay*");
        assert_eq!(mask_name("Ö"), "Ö");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn numbers_follow_their_kind() {
        assert_eq!(tax_kind("PBB"), Some(BillKind::Pbb));
        assert_eq!(tax_kind("levy"), None);
        assert_eq!(parse_number(BillKind::Pkb, "b 1 a").as_deref(), Some("B1A"));
        assert_eq!(parse_number(BillKind::Pbb, "b 1 a"), None);
        assert_eq!(format_number(BillKind::Pbb, "357801000100100010"), "35.78.010.001.001-0001.0");
    }
}
