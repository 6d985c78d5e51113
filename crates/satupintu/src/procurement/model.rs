//! Procurement packages (paket pengadaan) and their stages, the form input of each stage parsed
//! and checked, and the Open Contracting Data Standard 1.1 documents built from them: releases,
//! the compiled release (OCDS merge rules), records, and release and record packages.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use time::Date;

use crate::web::FieldError;

/// Where a package is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Planning,
    Tender,
    Award,
    Contract,
    Implementation,
    Complete,
}

impl Stage {
    pub const ALL: [Stage; 6] =
        [Stage::Planning, Stage::Tender, Stage::Award, Stage::Contract, Stage::Implementation, Stage::Complete];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Planning => "planning",
            Stage::Tender => "tender",
            Stage::Award => "award",
            Stage::Contract => "contract",
            Stage::Implementation => "implementation",
            Stage::Complete => "complete",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The OCDS release tag of the release that records reaching this stage.
    pub fn tag(self) -> &'static str {
        match self {
            Stage::Complete => "contractTermination",
            s => s.as_str(),
        }
    }
}

/// How the supplier is chosen (Perpres 16/2018 methods), with its OCDS `procurementMethod`.
pub const METHODS: [(&str, &str); 5] = [
    ("tender", "open"),
    ("seleksi", "selective"),
    ("e-purchasing", "limited"),
    ("pengadaan-langsung", "direct"),
    ("penunjukan-langsung", "direct"),
];

pub fn ocds_method(method: &str) -> &'static str {
    METHODS.iter().find(|(m, _)| *m == method).map_or("open", |(_, o)| o)
}

/// Whether the method competes in a tender (else the award follows the plan directly).
pub fn is_competitive(method: &str) -> bool {
    matches!(method, "tender" | "seleksi")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub description: String,
    pub quantity: i64,
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tender {
    pub start: Date,
    pub end: Date,
    pub tenderers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Award {
    pub supplier: String,
    pub amount: i64,
    pub date: Date,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub value: i64,
    pub signed: Date,
    pub start: Date,
    pub end: Date,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub amount: i64,
    pub date: Date,
    pub note: String,
}

/// Everything recorded about a package (stored as JSON in `procurement_packages.data`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub id: String,
    pub agency: String,
    pub buyer_name: String,
    pub title: String,
    pub description: String,
    pub fiscal_year: i32,
    pub method: String,
    pub budget: i64,
    pub items: Vec<Item>,
    pub stage: Stage,
    pub tender: Option<Tender>,
    pub award: Option<Award>,
    pub contract: Option<Contract>,
    #[serde(default)]
    pub payments: Vec<Payment>,
    pub completed: Option<Date>,
}

impl Package {
    /// The latest value: contract, else award, else the plan.
    pub fn value(&self) -> i64 {
        self.contract.as_ref().map(|c| c.value).or(self.award.as_ref().map(|a| a.amount)).unwrap_or(self.budget)
    }

    pub fn paid(&self) -> i64 {
        self.payments.iter().map(|p| p.amount).sum()
    }

    /// The stage inputs that may be recorded now.
    pub fn next_steps(&self) -> Vec<&'static str> {
        match self.stage {
            Stage::Planning if is_competitive(&self.method) => vec!["tender"],
            Stage::Planning => vec!["award"],
            Stage::Tender => vec!["award"],
            Stage::Award => vec!["contract"],
            Stage::Contract => vec!["payment"],
            Stage::Implementation => vec!["payment", "complete"],
            Stage::Complete => vec![],
        }
    }
}

/// A new package as staff describe it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewPackageForm {
    pub agency: String,
    pub title: String,
    pub description: String,
    pub fiscal_year: String,
    pub method: String,
    pub budget: String,
    /// One item a line: `description; quantity; unit`.
    pub items: String,
}

/// A stage as staff record it (the fields of the stage's form).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct StageForm {
    /// tender, award, contract, payment or complete
    pub step: String,
    pub start: String,
    pub end: String,
    pub tenderers: String,
    pub supplier: String,
    pub amount: String,
    pub date: String,
    pub signed: String,
    pub note: String,
}

impl StageForm {
    /// A stage from `(field, value)` pairs (demo data and tests); an unknown field is the note.
    pub fn from_pairs(step: &str, pairs: &[(&str, &str)]) -> StageForm {
        let mut f = StageForm { step: step.into(), ..Default::default() };
        for (k, v) in pairs {
            let slot = match *k {
                "start" => &mut f.start,
                "end" => &mut f.end,
                "tenderers" => &mut f.tenderers,
                "supplier" => &mut f.supplier,
                "amount" => &mut f.amount,
                "date" => &mut f.date,
                "signed" => &mut f.signed,
                _ => &mut f.note,
            };
            *slot = v.to_string();
        }
        f
    }
}

fn date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), &time::format_description::well_known::Iso8601::DATE).ok()
}

fn need_date(errors: &mut Vec<FieldError>, field: &'static str, value: &str) -> Date {
    date(value).unwrap_or_else(|| {
        errors.push(FieldError::new(field, "proc-err-date"));
        Date::MIN
    })
}

fn amount(s: &str) -> Option<i64> {
    let s = s.trim().replace(['.', ' '], "");
    let s = s.strip_prefix("Rp").unwrap_or(&s);
    s.parse::<i64>().ok().filter(|v| *v > 0 && *v <= 1_000_000_000_000_000)
}

fn text(s: &str, max: usize) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t.chars().count() <= max && !t.chars().any(|c| c.is_control() && c != '\n' && c != '\r'))
        .then(|| t.to_string())
}

fn names(s: &str) -> Vec<String> {
    s.lines().filter_map(|l| text(l, 200)).collect()
}

/// Check a new package: the package (without id, buyer and stage) or every field's problem.
pub fn parse_new(f: &NewPackageForm) -> Result<Package, Vec<FieldError>> {
    let mut errors = vec![];
    let title = text(&f.title, 300).unwrap_or_else(|| {
        errors.push(FieldError::new("title", "proc-err-title"));
        String::new()
    });
    let description = f.description.trim().chars().take(4000).collect();
    let fiscal_year =
        f.fiscal_year.trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).unwrap_or_else(|| {
            errors.push(FieldError::new("fiscal_year", "proc-err-year"));
            0
        });
    if !METHODS.iter().any(|(m, _)| *m == f.method) {
        errors.push(FieldError::new("method", "proc-err-method"));
    }
    let budget = amount(&f.budget).unwrap_or_else(|| {
        errors.push(FieldError::new("budget", "proc-err-amount"));
        0
    });
    let mut items = vec![];
    for line in f.items.lines().filter(|l| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split(';').map(str::trim).collect();
        let item = match parts.as_slice() {
            [d, q, u] => text(d, 300)
                .zip(q.parse::<i64>().ok().filter(|q| *q > 0))
                .zip(text(u, 40))
                .map(|((description, quantity), unit)| Item { description, quantity, unit }),
            _ => None,
        };
        match item {
            Some(i) => items.push(i),
            None => {
                errors.push(FieldError::new("items", "proc-err-items"));
                break;
            }
        }
    }
    if items.is_empty() && !errors.iter().any(|e| e.field == "items") {
        errors.push(FieldError::new("items", "proc-err-items"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Package {
        id: String::new(),
        agency: f.agency.trim().to_string(),
        buyer_name: String::new(),
        title,
        description,
        fiscal_year,
        method: f.method.clone(),
        budget,
        items,
        stage: Stage::Planning,
        tender: None,
        award: None,
        contract: None,
        payments: vec![],
        completed: None,
    })
}

/// Apply a recorded stage to a package: the package after it, or the problems.
pub fn apply(p: &Package, f: &StageForm) -> Result<Package, Vec<FieldError>> {
    if !p.next_steps().contains(&f.step.as_str()) {
        return Err(vec![FieldError::new("step", "proc-err-step")]);
    }
    let mut errors = vec![];
    let mut next = p.clone();
    match f.step.as_str() {
        "tender" => {
            let (start, end) = (need_date(&mut errors, "start", &f.start), need_date(&mut errors, "end", &f.end));
            let tenderers = names(&f.tenderers);
            if end < start {
                errors.push(FieldError::new("end", "proc-err-period"));
            }
            if tenderers.is_empty() {
                errors.push(FieldError::new("tenderers", "proc-err-tenderers"));
            }
            next.tender = Some(Tender { start, end, tenderers });
            next.stage = Stage::Tender;
        }
        "award" => {
            let date = need_date(&mut errors, "date", &f.date);
            let supplier = text(&f.supplier, 200).unwrap_or_else(|| {
                errors.push(FieldError::new("supplier", "proc-err-supplier"));
                String::new()
            });
            let amount = amount(&f.amount).unwrap_or_else(|| {
                errors.push(FieldError::new("amount", "proc-err-amount"));
                0
            });
            if let Some(t) = &p.tender {
                if !t.tenderers.iter().any(|n| n.eq_ignore_ascii_case(&supplier)) && !supplier.is_empty() {
                    errors.push(FieldError::new("supplier", "proc-err-not-tenderer"));
                }
            }
            next.award = Some(Award { supplier, amount, date });
            next.stage = Stage::Award;
        }
        "contract" => {
            let (signed, start, end) = (
                need_date(&mut errors, "signed", &f.signed),
                need_date(&mut errors, "start", &f.start),
                need_date(&mut errors, "end", &f.end),
            );
            if end < start {
                errors.push(FieldError::new("end", "proc-err-period"));
            }
            let value = amount(&f.amount).unwrap_or_else(|| {
                errors.push(FieldError::new("amount", "proc-err-amount"));
                0
            });
            next.contract = Some(Contract { value, signed, start, end });
            next.stage = Stage::Contract;
        }
        "payment" => {
            let date = need_date(&mut errors, "date", &f.date);
            let amount = amount(&f.amount).unwrap_or_else(|| {
                errors.push(FieldError::new("amount", "proc-err-amount"));
                0
            });
            let contract_value = p.contract.as_ref().map_or(0, |c| c.value);
            if p.paid() + amount > contract_value {
                errors.push(FieldError::new("amount", "proc-err-overpaid"));
            }
            next.payments.push(Payment { amount, date, note: f.note.trim().chars().take(300).collect() });
            next.stage = Stage::Implementation;
        }
        "complete" => {
            next.completed = Some(need_date(&mut errors, "date", &f.date));
            next.stage = Stage::Complete;
        }
        _ => errors.push(FieldError::new("step", "proc-err-step")),
    }
    if errors.is_empty() {
        Ok(next)
    } else {
        Err(errors)
    }
}

// ---------------------------------------------------------------------------------------------
// Open Contracting Data Standard 1.1

/// Publication settings of the OCDS documents.
pub struct Publisher<'a> {
    pub prefix: &'a str,
    pub name: &'a str,
    /// The site's base URL, without a trailing slash.
    pub base: &'a str,
}

pub const LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";

impl Publisher<'_> {
    pub fn ocid(&self, package_id: &str) -> String {
        format!("{}{}", self.prefix, package_id)
    }

    fn package_meta(&self, uri: String, published: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("uri".into(), json!(uri));
        m.insert("version".into(), json!("1.1"));
        m.insert("publishedDate".into(), json!(published));
        m.insert("publisher".into(), json!({ "name": self.name, "uri": self.base }));
        m.insert("license".into(), json!(LICENSE));
        m.insert("publicationPolicy".into(), json!(format!("{}/pengadaan", self.base)));
        m
    }

    /// A release package of `releases` published at `uri`.
    pub fn release_package(&self, uri: String, published: &str, releases: Vec<Value>) -> Value {
        let mut m = self.package_meta(uri, published);
        m.insert("releases".into(), Value::Array(releases));
        Value::Object(m)
    }

    /// A record package: one record per ocid, each with links to its releases and the compiled
    /// release. `by_ocid`: each ocid's releases in order.
    pub fn record_package(&self, uri: String, published: &str, by_ocid: &[(String, Vec<Value>)]) -> Value {
        let mut m = self.package_meta(uri, published);
        let records: Vec<Value> = by_ocid
            .iter()
            .map(|(ocid, releases)| {
                let url = format!("{}/ocds/releases/{ocid}.json", self.base);
                let linked: Vec<Value> = releases
                    .iter()
                    .map(|r| json!({ "url": format!("{url}#{}", r["id"].as_str().unwrap_or("")), "date": r["date"], "tag": r["tag"] }))
                    .collect();
                json!({ "ocid": ocid, "releases": linked, "compiledRelease": compile(releases) })
            })
            .collect();
        m.insert(
            "packages".into(),
            json!(by_ocid.iter().map(|(o, _)| format!("{}/ocds/releases/{o}.json", self.base)).collect::<Vec<_>>()),
        );
        m.insert("records".into(), Value::Array(records));
        Value::Object(m)
    }
}

/// An RFC 3339 date-time for a calendar date (midnight UTC).
fn day(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// An RFC 3339 date-time for unix seconds.
pub fn timestamp(ts: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

fn money(amount: i64) -> Value {
    json!({ "amount": amount, "currency": "IDR" })
}

/// The party id of an organisation by name (suppliers have no registry id here).
pub fn supplier_id(name: &str) -> String {
    let h = crate::ledger::sha256_hex(name.trim().to_lowercase().as_bytes());
    format!("SP-PENYEDIA-{}", &h[..12])
}

/// The party id of an agency (the buyer).
pub fn buyer_id(agency: &str) -> String {
    format!("SP-INSTANSI-{agency}")
}

/// The release that records `p` as it is now: every section known so far (so each release is a
/// full snapshot), tagged with the stage just recorded.
pub fn release(pb: &Publisher<'_>, p: &Package, release_id: &str, at: i64) -> Value {
    let buyer = json!({ "id": buyer_id(&p.agency), "name": p.buyer_name });
    // Parties with every role known so far (roles are replaced, not merged, by OCDS merging).
    let mut parties: Vec<(String, String, Vec<&str>)> =
        vec![(buyer_id(&p.agency), p.buyer_name.clone(), vec!["buyer", "procuringEntity", "payer"])];
    let mut add = |name: &str, role: &'static str| {
        let id = supplier_id(name);
        match parties.iter_mut().find(|(i, _, _)| *i == id) {
            Some((_, _, roles)) if !roles.contains(&role) => roles.push(role),
            Some(_) => {}
            None => parties.push((id, name.to_string(), vec![role])),
        }
    };
    if let Some(t) = &p.tender {
        for n in &t.tenderers {
            add(n, "tenderer");
        }
    }
    if let Some(a) = &p.award {
        add(&a.supplier, "supplier");
        add(&a.supplier, "payee");
    }
    let parties: Vec<Value> =
        parties.into_iter().map(|(id, name, roles)| json!({ "id": id, "name": name, "roles": roles })).collect();
    let tender_status = match p.stage {
        Stage::Planning => "planned",
        Stage::Tender => "active",
        _ => "complete",
    };
    let items: Vec<Value> = p
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            json!({ "id": (i + 1).to_string(), "description": it.description, "quantity": it.quantity, "unit": { "name": it.unit } })
        })
        .collect();
    let mut tender = json!({
        "id": p.id,
        "title": p.title,
        "status": tender_status,
        "procurementMethod": ocds_method(&p.method),
        "procurementMethodDetails": p.method,
        "items": items,
        "value": money(p.budget),
    });
    if !p.description.is_empty() {
        tender["description"] = json!(p.description);
    }
    if let Some(t) = &p.tender {
        tender["tenderPeriod"] = json!({ "startDate": day(t.start), "endDate": day(t.end) });
        tender["tenderers"] =
            Value::Array(t.tenderers.iter().map(|n| json!({ "id": supplier_id(n), "name": n })).collect());
        tender["numberOfTenderers"] = json!(t.tenderers.len());
    }
    let mut r = json!({
        "ocid": pb.ocid(&p.id),
        "id": release_id,
        "date": timestamp(at),
        "tag": [p.stage.tag()],
        "initiationType": "tender",
        "language": "id",
        "parties": parties,
        "buyer": buyer,
        "planning": { "budget": { "description": format!("APBD {}", p.fiscal_year), "amount": money(p.budget) } },
        "tender": tender,
    });
    let award_id = format!("{}-award-1", p.id);
    if let Some(a) = &p.award {
        r["awards"] = json!([{
            "id": award_id,
            "title": p.title,
            "status": "active",
            "date": day(a.date),
            "value": money(a.amount),
            "suppliers": [{ "id": supplier_id(&a.supplier), "name": a.supplier }],
        }]);
    }
    if let Some(c) = &p.contract {
        let payee = p.award.as_ref().map(|a| json!({ "id": supplier_id(&a.supplier), "name": a.supplier }));
        let transactions: Vec<Value> = p
            .payments
            .iter()
            .enumerate()
            .map(|(i, pay)| {
                json!({
                    "id": format!("{}-payment-{}", p.id, i + 1),
                    "source": format!("{}/anggaran", pb.base),
                    "date": day(pay.date),
                    "value": money(pay.amount),
                    "payer": buyer,
                    "payee": payee,
                })
            })
            .collect();
        let mut contract = json!({
            "id": format!("{}-contract-1", p.id),
            "awardID": award_id,
            "title": p.title,
            "status": if p.stage == Stage::Complete { "terminated" } else { "active" },
            "period": { "startDate": day(c.start), "endDate": day(c.end) },
            "value": money(c.value),
            "dateSigned": day(c.signed),
        });
        if !transactions.is_empty() {
            contract["implementation"] = json!({ "transactions": transactions });
        }
        r["contracts"] = json!([contract]);
    }
    r
}

/// Merge a package's releases (in order) into its compiled release, by the OCDS merge rules as
/// they apply to these fields: objects merge field by field, arrays of objects with `id` merge
/// by `id`, other values (and other arrays) are replaced by the newer release's, `null` removes.
pub fn compile(releases: &[Value]) -> Value {
    let mut out = Value::Object(Map::new());
    for r in releases {
        merge(&mut out, r);
    }
    if let Some(o) = out.as_object_mut() {
        let ocid = o.get("ocid").and_then(Value::as_str).unwrap_or("").to_string();
        let date = o.get("date").and_then(Value::as_str).unwrap_or("").to_string();
        o.insert("id".into(), json!(format!("{ocid}-{date}")));
        o.insert("tag".into(), json!(["compiled"]));
    }
    out
}

fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                if v.is_null() {
                    a.remove(k);
                    continue;
                }
                match a.get_mut(k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        let mut fresh = Value::Null;
                        merge(&mut fresh, v);
                        a.insert(k.clone(), fresh);
                    }
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if b.iter().all(|x| x.get("id").is_some()) && !b.is_empty() => {
            for item in b {
                match a.iter_mut().find(|x| x.get("id") == item.get("id")) {
                    Some(existing) => merge(existing, item),
                    None => {
                        let mut fresh = Value::Null;
                        merge(&mut fresh, item);
                        a.push(fresh);
                    }
                }
            }
        }
        (slot, v) => {
            // Replace; nested objects are copied without their nulls.
            *slot = strip_nulls(v);
        }
    }
}

fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            Value::Object(o.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), strip_nulls(x))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(strip_nulls).collect()),
        x => x.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned() -> Package {
        let f = NewPackageForm {
            agency: "dpupr".into(),
            title: "Rehabilitasi Jalan".into(),
            description: String::new(),
            fiscal_year: "2026".into(),
            method: "tender".into(),
            budget: "1.500.000.000".into(),
            items: "Aspal hotmix; 1200; ton\nMarka jalan; 3; km".into(),
        };
        let mut p = parse_new(&f).expect("as expected");
        p.id = "PKT-2026-000001".into();
        p.buyer_name = "DPUPR".into();
        p
    }

    fn form(step: &str, pairs: &[(&str, &str)]) -> StageForm {
        StageForm::from_pairs(step, pairs)
    }

    #[test]
    fn stages_follow_in_order() {
        let p = planned();
        assert_eq!(p.budget, 1_500_000_000);
        assert!(apply(&p, &form("award", &[])).is_err(), "a tender comes before the award");
        let p = apply(
            &p,
            &form("tender", &[("start", "2026-02-01"), ("end", "2026-02-20"), ("tenderers", "CV Maju\nPT Jaya")]),
        )
        .expect("as expected");
        let bad = apply(&p, &form("award", &[("supplier", "PT Lain"), ("amount", "100"), ("date", "2026-03-01")]));
        assert_eq!(bad.expect_err("refused")[0].key, "proc-err-not-tenderer");
        let p = apply(&p, &form("award", &[("supplier", "PT Jaya"), ("amount", "1400000000"), ("date", "2026-03-01")]))
            .expect("as expected");
        let p = apply(
            &p,
            &form(
                "contract",
                &[("amount", "1400000000"), ("signed", "2026-03-05"), ("start", "2026-03-10"), ("end", "2026-09-30")],
            ),
        )
        .expect("as expected");
        let over = apply(&p, &form("payment", &[("amount", "1400000001"), ("date", "2026-04-01")]));
        assert!(over.is_err());
        let p = apply(&p, &form("payment", &[("amount", "420000000"), ("date", "2026-04-01")])).expect("as expected");
        assert_eq!(p.stage, Stage::Implementation);
        let p = apply(&p, &form("complete", &[("date", "2026-10-01")])).expect("as expected");
        assert!(p.next_steps().is_empty());
    }

    #[test]
    fn compiled_release_merges_by_id() {
        let a = json!({"ocid": "o", "date": "1", "parties": [{"id": "x", "name": "A", "roles": ["buyer"]}], "tender": {"status": "planned", "title": "t"}});
        let b = json!({"ocid": "o", "date": "2", "parties": [{"id": "y", "name": "B", "roles": ["tenderer"]}, {"id": "x", "roles": ["buyer", "payer"]}], "tender": {"status": "active", "title": null}});
        let c = compile(&[a, b]);
        assert_eq!(c["parties"].as_array().expect("as expected").len(), 2);
        assert_eq!(c["parties"][0]["roles"], json!(["buyer", "payer"]));
        assert_eq!(c["parties"][0]["name"], "A");
        assert_eq!(c["tender"], json!({"status": "active"}));
        assert_eq!(c["tag"], json!(["compiled"]));
        assert_eq!(c["id"], "o-2");
    }

    #[test]
    fn release_has_the_required_fields() {
        let pb = Publisher { prefix: "ocds-abc123-", name: "P", base: "https://x" };
        let r = release(&pb, &planned(), "r1", 0);
        for k in ["ocid", "id", "date", "tag", "initiationType"] {
            assert!(r.get(k).is_some(), "{k}");
        }
        assert_eq!(r["ocid"], "ocds-abc123-PKT-2026-000001");
        assert_eq!(r["tender"]["value"]["currency"], "IDR");
    }
}
