//! The vocabulary of partners: kinds of organisation, the registration, programme, activity,
//! customer and deposit forms, parsed and checked without I/O.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::reports::model::Category;
use crate::web::FieldError;

/// What an organisation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = PartnerKind)]
pub enum Kind {
    /// A non-governmental organisation (*lembaga swadaya masyarakat*).
    Lsm,
    /// A company's corporate social responsibility programme.
    Csr,
    /// A community volunteer team.
    Komunitas,
    /// A waste bank, which takes customers (*nasabah*) and their deposits.
    BankSampah,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Lsm, Kind::Csr, Kind::Komunitas, Kind::BankSampah];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Lsm => "lsm",
            Kind::Csr => "csr",
            Kind::Komunitas => "komunitas",
            Kind::BankSampah => "bank_sampah",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// `partner-kind-lsm`, ...
    pub fn message_key(self) -> String {
        format!("partner-kind-{}", self.as_str().replace('_', "-"))
    }
}

/// A role in an organisation (a table, not a platform role).
pub const COORDINATOR: &str = "coordinator";
pub const MEMBER: &str = "member";

/// The kinds of waste a deposit weighs, in the order of the form.
pub const WASTE_KINDS: [&str; 5] = ["plastik", "kertas", "logam", "kaca", "organik"];

/// Longest free text (descriptions, activity reports).
pub const MAX_TEXT: usize = 4000;
/// Longest short text (names, titles, contact).
pub const MAX_SHORT: usize = 200;

fn trimmed(s: &str) -> String {
    s.trim().to_string()
}

/// Check a short required text: `field-required` when blank, `field-too-long` past the limit.
fn required(errs: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) -> String {
    let v = trimmed(value);
    if v.is_empty() {
        errs.push(FieldError::new(field, "field-required"));
    } else if v.chars().count() > max {
        errs.push(FieldError::new(field, "field-too-long"));
    }
    v
}

fn optional(errs: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) -> String {
    let v = trimmed(value);
    if v.chars().count() > max {
        errs.push(FieldError::new(field, "field-too-long"));
    }
    v
}

/// A registration as the applicant sent it (form or JSON).
#[derive(Debug, Default, Clone, Deserialize, Serialize, ToSchema)]
#[serde(default)]
#[schema(as = PartnerRegistration)]
pub struct OrgInput {
    pub name: String,
    /// `lsm`, `csr`, `komunitas` or `bank_sampah`.
    pub kind: String,
    /// Deed or registration number (SK Kemenkumham, NIB), optional.
    pub legal_basis: String,
    /// Report categories the organisation works in (`sampah`, `drainase_banjir`, ...).
    pub fields: Vec<String>,
    /// Region codes it serves, comma-separated (a regency `3578` or a district `357825`).
    pub regions: String,
    pub contact: String,
    pub description: String,
}

/// A registration that passed [`check_org`].
#[derive(Debug, Clone, PartialEq)]
pub struct Org {
    pub name: String,
    pub kind: Kind,
    pub legal_basis: String,
    pub fields: Vec<Category>,
    pub regions: Vec<String>,
    pub contact: String,
    pub description: String,
}

/// Region codes from a comma- or space-separated list: each a known regency or district.
pub fn parse_regions(s: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = vec![];
    for code in s.split(|c: char| c == ',' || c.is_whitespace()).filter(|c| !c.is_empty()) {
        if !matches!(code.len(), 4 | 6) || crate::wilayah::get(code).is_none() {
            return None;
        }
        if !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

pub fn check_org(input: &OrgInput) -> Result<Org, Vec<FieldError>> {
    let mut errs = vec![];
    let name = required(&mut errs, "name", &input.name, MAX_SHORT);
    if !name.is_empty() && name.chars().count() < 3 {
        errs.push(FieldError::new("name", "field-partner-too-short"));
    }
    let kind = Kind::parse(input.kind.trim());
    if kind.is_none() {
        errs.push(FieldError::new("kind", "field-option"));
    }
    let legal_basis = optional(&mut errs, "legal_basis", &input.legal_basis, MAX_SHORT);
    let mut fields: Vec<Category> = vec![];
    for f in &input.fields {
        match Category::parse(f.trim()) {
            Some(c) if !fields.contains(&c) => fields.push(c),
            Some(_) => {}
            None => {
                errs.push(FieldError::new("fields", "field-option"));
                break;
            }
        }
    }
    if input.fields.is_empty() {
        errs.push(FieldError::new("fields", "field-partner-fields"));
    }
    let regions = parse_regions(&input.regions);
    if regions.is_none() {
        errs.push(FieldError::new("regions", "field-partner-regions"));
    }
    let contact = required(&mut errs, "contact", &input.contact, MAX_SHORT);
    let description = required(&mut errs, "description", &input.description, MAX_TEXT);
    if !description.is_empty() && description.chars().count() < 20 {
        errs.push(FieldError::new("description", "field-partner-too-short"));
    }
    match (kind, regions) {
        (Some(kind), Some(regions)) if errs.is_empty() => {
            Ok(Org { name, kind, legal_basis, fields, regions, contact, description })
        }
        _ => Err(errs),
    }
}

/// "Bank Sampah Bintang Mangrove" → "bank-sampah-bintang-mangrove".
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "mitra".into()
    } else {
        out
    }
}

/// Whether an organisation serving `regions` covers a report in `report_region` (the report's
/// region is one of them or lies within one).
pub fn covers(regions: &[String], report_region: Option<&str>) -> bool {
    let Some(r) = report_region.filter(|r| !r.is_empty()) else { return false };
    regions.iter().any(|code| r.starts_with(code.as_str()))
}

/// A calendar date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<time::Date> {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s.trim(), &f).ok()
}

/// A programme as a coordinator sent it.
#[derive(Debug, Default, Clone, Deserialize, Serialize, ToSchema)]
#[serde(default)]
#[schema(as = PartnerProgrammeInput)]
pub struct ProgrammeInput {
    pub title: String,
    /// A report category the programme works in.
    pub field: String,
    /// A region code (regency or district).
    pub region: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: String,
    pub description: String,
    /// For a CSR programme: the company.
    pub company: String,
    /// For a CSR programme: the budget in rupiah (digits; dots allowed).
    pub budget: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub title: String,
    pub field: Category,
    pub region: String,
    pub starts_on: time::Date,
    pub ends_on: time::Date,
    pub description: String,
    pub company: String,
    pub budget: Option<i64>,
}

/// Rupiah typed by people: "1.500.000", "1500000", "Rp 1.500.000".
pub fn parse_rupiah(s: &str) -> Option<i64> {
    let t = s.trim().trim_start_matches("Rp").trim().replace(['.', ' '], "");
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 15 {
        return None;
    }
    t.parse().ok()
}

/// Kilograms typed by people, with a comma or a dot: "2,5" → 2500 grams.
pub fn parse_kg(s: &str) -> Option<i64> {
    let t = s.trim().replace(',', ".");
    if t.is_empty() {
        return Some(0);
    }
    let kg: f64 = t.parse().ok()?;
    (kg.is_finite() && (0.0..=100_000.0).contains(&kg)).then(|| (kg * 1000.0).round() as i64)
}

/// 2500 grams → "2,5" (Indonesian) or "2.5".
pub fn kg_text(grams: i64, comma: bool) -> String {
    let s = format!("{:.1}", grams as f64 / 1000.0);
    let s = s.strip_suffix(".0").map(str::to_string).unwrap_or(s);
    if comma {
        s.replace('.', ",")
    } else {
        s
    }
}

pub fn check_programme(input: &ProgrammeInput, kind: Kind, org: &[Category]) -> Result<Programme, Vec<FieldError>> {
    let mut errs = vec![];
    let title = required(&mut errs, "title", &input.title, MAX_SHORT);
    let field = Category::parse(input.field.trim()).filter(|c| org.contains(c));
    if field.is_none() {
        errs.push(FieldError::new("field", "field-option"));
    }
    let region = parse_regions(&input.region).filter(|r| r.len() == 1).map(|mut r| r.remove(0));
    if region.is_none() {
        errs.push(FieldError::new("region", "field-partner-regions"));
    }
    let starts_on = parse_date(&input.starts_on);
    if starts_on.is_none() {
        errs.push(FieldError::new("starts_on", "field-date"));
    }
    let ends_on = parse_date(&input.ends_on);
    match (starts_on, ends_on) {
        (_, None) => errs.push(FieldError::new("ends_on", "field-date")),
        (Some(s), Some(e)) if e < s => errs.push(FieldError::new("ends_on", "field-partner-period")),
        _ => {}
    }
    let description = required(&mut errs, "description", &input.description, MAX_TEXT);
    let (company, budget) = if kind == Kind::Csr {
        let company = required(&mut errs, "company", &input.company, MAX_SHORT);
        let budget = parse_rupiah(&input.budget);
        if budget.is_none() {
            errs.push(FieldError::new("budget", "field-partner-rupiah"));
        }
        (company, budget)
    } else {
        (String::new(), None)
    };
    match (field, region, starts_on, ends_on) {
        (Some(field), Some(region), Some(starts_on), Some(ends_on)) if errs.is_empty() => {
            Ok(Programme { title, field, region, starts_on, ends_on, description, company, budget })
        }
        _ => Err(errs),
    }
}

/// An activity report ("what we did") as a coordinator sent it.
#[derive(Debug, Default, Clone, Deserialize, Serialize, ToSchema)]
#[serde(default)]
#[schema(as = PartnerActivityInput)]
pub struct ActivityInput {
    /// `YYYY-MM-DD`, not in the future.
    pub done_on: String,
    pub body: String,
    /// The programme it belongs to (its id), optional.
    pub programme_id: String,
    /// Kilograms of waste collected.
    pub waste_kg: String,
    pub people_reached: String,
    pub trees_planted: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub done_on: time::Date,
    pub body: String,
    pub programme_id: Option<i64>,
    pub waste_grams: i64,
    pub people_reached: i64,
    pub trees_planted: i64,
}

fn count(errs: &mut Vec<FieldError>, field: &'static str, s: &str) -> i64 {
    let t = s.trim().replace('.', "");
    if t.is_empty() {
        return 0;
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=10_000_000).contains(&n) => n,
        _ => {
            errs.push(FieldError::new(field, "field-partner-number"));
            0
        }
    }
}

pub fn check_activity(input: &ActivityInput, today: time::Date) -> Result<Activity, Vec<FieldError>> {
    let mut errs = vec![];
    let done_on = parse_date(&input.done_on);
    match done_on {
        None => errs.push(FieldError::new("done_on", "field-date")),
        Some(d) if d > today => errs.push(FieldError::new("done_on", "field-partner-future")),
        _ => {}
    }
    let body = required(&mut errs, "body", &input.body, MAX_TEXT);
    let programme_id = match input.programme_id.trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errs.push(FieldError::new("programme_id", "field-option"));
                None
            }
        },
    };
    let waste_grams = parse_kg(&input.waste_kg).unwrap_or_else(|| {
        errs.push(FieldError::new("waste_kg", "field-partner-number"));
        0
    });
    let people_reached = count(&mut errs, "people_reached", &input.people_reached);
    let trees_planted = count(&mut errs, "trees_planted", &input.trees_planted);
    match done_on {
        Some(done_on) if errs.is_empty() => {
            Ok(Activity { done_on, body, programme_id, waste_grams, people_reached, trees_planted })
        }
        _ => Err(errs),
    }
}

/// A citizen's registration as a waste-bank customer.
#[derive(Debug, Default, Clone, Deserialize, Serialize, ToSchema)]
#[serde(default)]
#[schema(as = WasteCustomerInput)]
pub struct CustomerInput {
    pub full_name: String,
    pub address: String,
    /// Neighbourhood (*rukun tetangga*) number, 1 to 3 digits.
    pub rt: String,
    /// Community (*rukun warga*) number, 1 to 3 digits.
    pub rw: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub full_name: String,
    pub address: String,
    pub rt: String,
    pub rw: String,
}

/// "3" → "003".
fn rt_rw(errs: &mut Vec<FieldError>, field: &'static str, s: &str) -> String {
    let t = s.trim();
    match t.parse::<u16>() {
        Ok(n) if (1..=999).contains(&n) && t.len() <= 3 => format!("{n:03}"),
        _ => {
            errs.push(FieldError::new(field, "field-partner-rt-rw"));
            String::new()
        }
    }
}

pub fn check_customer(input: &CustomerInput) -> Result<Customer, Vec<FieldError>> {
    let mut errs = vec![];
    let full_name = required(&mut errs, "full_name", &input.full_name, MAX_SHORT);
    let address = required(&mut errs, "address", &input.address, MAX_SHORT);
    let rt = rt_rw(&mut errs, "rt", &input.rt);
    let rw = rt_rw(&mut errs, "rw", &input.rw);
    if errs.is_empty() {
        Ok(Customer { full_name, address, rt, rw })
    } else {
        Err(errs)
    }
}

/// A deposit as a waste bank's coordinator weighed it.
#[derive(Debug, Default, Clone, Deserialize, Serialize, ToSchema)]
#[serde(default)]
#[schema(as = WasteDepositInput)]
pub struct DepositInput {
    /// The customer's member number (`BS-001-000001`).
    pub member_no: String,
    /// `YYYY-MM-DD`, not in the future.
    pub deposited_on: String,
    /// Kilograms per kind (a comma or a dot for decimals).
    pub plastik: String,
    pub kertas: String,
    pub logam: String,
    pub kaca: String,
    pub organik: String,
    /// The value credited, in rupiah.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deposit {
    pub member_no: String,
    pub deposited_on: time::Date,
    /// Grams per kind, in the order of [`WASTE_KINDS`].
    pub grams: [i64; 5],
    pub value: i64,
}

pub fn check_deposit(input: &DepositInput, today: time::Date) -> Result<Deposit, Vec<FieldError>> {
    let mut errs = vec![];
    let member_no = required(&mut errs, "member_no", &input.member_no, 40);
    let deposited_on = parse_date(&input.deposited_on);
    match deposited_on {
        None => errs.push(FieldError::new("deposited_on", "field-date")),
        Some(d) if d > today => errs.push(FieldError::new("deposited_on", "field-partner-future")),
        _ => {}
    }
    let raw = [&input.plastik, &input.kertas, &input.logam, &input.kaca, &input.organik];
    let mut grams = [0i64; 5];
    for (i, (kind, v)) in WASTE_KINDS.iter().zip(raw).enumerate() {
        match parse_kg(v) {
            Some(g) => grams[i] = g,
            None => errs.push(FieldError::new(*kind, "field-partner-number")),
        }
    }
    if errs.is_empty() && grams.iter().all(|g| *g == 0) {
        errs.push(FieldError::new("plastik", "field-partner-weight"));
    }
    let value = parse_rupiah(&input.value);
    if value.is_none() {
        errs.push(FieldError::new("value", "field-partner-rupiah"));
    }
    match (deposited_on, value) {
        (Some(deposited_on), Some(value)) if errs.is_empty() => Ok(Deposit { member_no, deposited_on, grams, value }),
        _ => Err(errs),
    }
}

/// An admin's decision on a registration.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    /// `verify` or `refuse`.
    pub decision: String,
    /// Required when refusing.
    pub reason: String,
}

/// (new status, reason).
pub fn check_decision(input: &DecisionInput) -> Result<(&'static str, String), Vec<FieldError>> {
    let reason = input.reason.trim().to_string();
    match input.decision.as_str() {
        "verify" => Ok(("verified", reason)),
        "refuse" if reason.is_empty() => Err(vec![FieldError::new("reason", "field-required")]),
        "refuse" if reason.chars().count() > MAX_TEXT => Err(vec![FieldError::new("reason", "field-too-long")]),
        "refuse" => Ok(("refused", reason)),
        _ => Err(vec![FieldError::new("decision", "field-option")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgInput {
        OrgInput {
            name: "Bank Sampah Bintang Mangrove".into(),
            kind: "bank_sampah".into(),
            legal_basis: String::new(),
            fields: vec!["sampah".into()],
            regions: "357825, 357803".into(),
            contact: "0812 3456 7890".into(),
            description: "Bank sampah warga Gunung Anyar sejak 2019.".into(),
        }
    }

    #[test]
    fn registrations_are_checked_per_field() {
        let ok = check_org(&org()).expect("valid");
        assert_eq!(ok.kind, Kind::BankSampah);
        assert_eq!(ok.regions, vec!["357825", "357803"]);
        let bad = OrgInput { name: " ".into(), kind: "pt".into(), fields: vec![], regions: "9999".into(), ..org() };
        let errs = check_org(&bad).expect_err("refused");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "kind", "fields", "regions"]);
    }

    #[test]
    fn slugs_and_coverage() {
        assert_eq!(slugify("Bank Sampah Bintang Mangrove"), "bank-sampah-bintang-mangrove");
        assert_eq!(slugify("CSR PT. Maju — Hijau!"), "csr-pt-maju-hijau");
        assert_eq!(slugify("!!!"), "mitra");
        let regions = vec!["357825".to_string(), "3573".to_string()];
        assert!(covers(&regions, Some("357825")));
        assert!(covers(&regions, Some("357301")));
        assert!(!covers(&regions, Some("357803")));
        assert!(!covers(&regions, Some("3578")), "a whole city is wider than one district");
        assert!(!covers(&regions, None));
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(parse_rupiah("Rp 1.500.000"), Some(1_500_000));
        assert_eq!(parse_rupiah("12a"), None);
        assert_eq!(parse_kg("2,5"), Some(2500));
        assert_eq!(parse_kg(""), Some(0));
        assert_eq!(parse_kg("-1"), None);
        assert_eq!(kg_text(2500, true), "2,5");
        assert_eq!(kg_text(3000, false), "3");
    }

    #[test]
    fn deposits_need_a_weight_and_a_value() {
        let today = time::macros::date!(2026 - 12 - 01);
        let d = DepositInput {
            member_no: "BS-001-000001".into(),
            deposited_on: "2026-11-30".into(),
            plastik: "2,5".into(),
            kertas: "1".into(),
            value: "7.500".into(),
            ..Default::default()
        };
        let ok = check_deposit(&d, today).expect("valid");
        assert_eq!(ok.grams, [2500, 1000, 0, 0, 0]);
        assert_eq!(ok.value, 7500);
        let none = DepositInput { plastik: String::new(), kertas: String::new(), ..d.clone() };
        assert_eq!(check_deposit(&none, today).expect_err("no weight")[0].key, "field-partner-weight");
        let future = DepositInput { deposited_on: "2026-12-02".into(), ..d };
        assert_eq!(check_deposit(&future, today).expect_err("future")[0].field, "deposited_on");
    }

    #[test]
    fn customers_and_decisions() {
        let c = CustomerInput {
            full_name: "Siti".into(),
            address: "Jl. Mangrove 3".into(),
            rt: "3".into(),
            rw: "12".into(),
        };
        let ok = check_customer(&c).expect("valid");
        assert_eq!((ok.rt.as_str(), ok.rw.as_str()), ("003", "012"));
        let bad = CustomerInput { rt: "0".into(), rw: "abcd".into(), ..c };
        assert_eq!(check_customer(&bad).expect_err("refused").len(), 2);
        let refuse = DecisionInput { decision: "refuse".into(), reason: String::new() };
        assert!(check_decision(&refuse).is_err());
        let verify = DecisionInput { decision: "verify".into(), reason: String::new() };
        assert_eq!(check_decision(&verify).expect("ok").0, "verified");
    }
}
