//! The service catalogue (`satupintu.catalog/v1`, see `docs/catalog-format.md`), parsed and
//! validated. Validation walks the raw JSON and reports *every* problem with its JSON path.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::web::{FieldError, Lang};

pub const FORMAT: &str = "satupintu.catalog/v1";
pub const LEVELS: &[&str] = &["pusat", "provinsi", "kabupaten_kota", "kecamatan", "desa", "bumn", "lainnya"];
pub const CATEGORIES: &[&str] = &[
    "kependudukan",
    "kepolisian",
    "keimigrasian",
    "perizinan",
    "pajak",
    "kesehatan",
    "sosial",
    "lingkungan",
    "pendidikan",
    "ketenagakerjaan",
    "umum",
];
pub const CHANNELS: &[&str] = &["online", "mpp", "kantor", "keliling"];
pub const FIELD_TYPES: &[&str] =
    &["text", "textarea", "number", "date", "nik", "kk", "phone", "email", "select", "checkbox", "file", "location"];
pub const PROFILE_KEYS: &[&str] =
    &["nik", "full_name", "birth_date", "birth_place", "address", "phone", "email", "kk_number", "gender"];
pub const MIME_TYPES: &[&str] = &["application/pdf", "image/jpeg", "image/png", "image/webp"];

/// Text a citizen reads, per language tag; `id` is always present, others fall back to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(value_type = Object, example = json!({"id": "Akta Kelahiran", "en": "Birth certificate"}))]
pub struct Loc(pub BTreeMap<String, String>);

impl Loc {
    pub fn get(&self, lang: Lang) -> &str {
        self.0.get(lang.code()).or_else(|| self.0.get("id")).map(String::as_str).unwrap_or("")
    }

    pub fn id(&self) -> &str {
        self.get(Lang::Id)
    }

    /// Every language's text, for search.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.values().map(String::as_str)
    }

    pub fn from_pairs(id: &str, en: &str) -> Loc {
        let mut m = BTreeMap::new();
        m.insert("id".to_string(), id.trim().to_string());
        if !en.trim().is_empty() {
            m.insert("en".to_string(), en.trim().to_string());
        }
        Loc(m)
    }

    /// The English text only if it was given (no fallback), for edit forms.
    pub fn en_only(&self) -> &str {
        self.0.get("en").map(String::as_str).unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema, Default)]
pub struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Agency {
    pub id: String,
    pub name: Loc,
    pub level: String,
    #[serde(default)]
    pub contact: Contact,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Fee {
    pub amount_idr: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Loc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FieldOption {
    pub value: String,
    pub label: Loc,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FormField {
    pub name: String,
    pub label: Loc,
    #[serde(rename = "type")]
    pub kind: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<FieldOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_mb: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Faq {
    pub q: Loc,
    pub a: Loc,
}

/// A service and its official standard (UU 25/2009 art. 21).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Service {
    pub id: String,
    pub agency: String,
    pub category: String,
    pub name: Loc,
    pub summary: Loc,
    pub requirements: Vec<Loc>,
    pub procedure: Vec<Loc>,
    pub fee: Fee,
    /// Time limit in working days; `null` means the same day.
    pub sla_days: Option<i64>,
    pub output: Loc,
    pub legal_basis: Vec<String>,
    pub channels: Vec<String>,
    /// Years the product stays valid (0.5 = six months); `null` = no expiry.
    pub validity_years: Option<f64>,
    pub keywords: Vec<String>,
    pub form: Vec<FormField>,
    pub faq: Vec<Faq>,
}

impl Service {
    /// The canonical JSON of the standard (fixed field order, sorted languages).
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(self.canonical_json().as_bytes()))
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Catalog {
    pub format: String,
    pub published: String,
    pub agencies: Vec<Agency>,
    pub services: Vec<Service>,
}

/// One problem found in a catalogue document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// JSON path, e.g. `$.services[3].fee.amount_idr`.
    pub path: String,
    /// Message key (`cat-*` in the Fluent files).
    pub key: &'static str,
}

impl Problem {
    pub fn to_field_error(&self) -> FieldError {
        FieldError { field: self.path.clone(), key: self.key }
    }
}

struct V {
    problems: Vec<Problem>,
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn is_snake(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_lang_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl V {
    fn err(&mut self, path: impl Into<String>, key: &'static str) {
        self.problems.push(Problem { path: path.into(), key });
    }

    fn object<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Map<String, Value>> {
        match v.as_object() {
            Some(m) => Some(m),
            None => {
                self.err(path, "cat-not-object");
                None
            }
        }
    }

    fn array<'a>(&mut self, m: &'a Map<String, Value>, key: &str, path: &str, required: bool) -> &'a [Value] {
        match m.get(key) {
            Some(Value::Array(a)) => a,
            None | Some(Value::Null) if !required => &[],
            None => {
                self.err(format!("{path}.{key}"), "cat-missing");
                &[]
            }
            Some(_) => {
                self.err(format!("{path}.{key}"), "cat-not-array");
                &[]
            }
        }
    }

    fn string(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match m.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::String(_)) => {
                self.err(format!("{path}.{key}"), "cat-empty");
                None
            }
            None | Some(Value::Null) => {
                self.err(format!("{path}.{key}"), "cat-missing");
                None
            }
            Some(_) => {
                self.err(format!("{path}.{key}"), "cat-not-string");
                None
            }
        }
    }

    fn opt_string(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match m.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(_) => {
                self.err(format!("{path}.{key}"), "cat-not-string");
                None
            }
        }
    }

    fn one_of(&mut self, m: &Map<String, Value>, key: &str, path: &str, allowed: &[&str]) -> Option<String> {
        let s = self.string(m, key, path)?;
        if allowed.contains(&s.as_str()) {
            Some(s)
        } else {
            self.err(format!("{path}.{key}"), "cat-not-allowed");
            None
        }
    }

    fn loc_value(&mut self, v: &Value, path: &str) -> Option<Loc> {
        let Some(obj) = v.as_object() else {
            self.err(path, "cat-not-localized");
            return None;
        };
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (lang, text) in obj {
            if !is_lang_tag(lang) {
                self.err(format!("{path}.{lang}"), "cat-bad-lang");
                ok = false;
                continue;
            }
            match text.as_str().map(str::trim) {
                Some(t) if !t.is_empty() => {
                    out.insert(lang.clone(), t.to_string());
                }
                Some(_) => {
                    self.err(format!("{path}.{lang}"), "cat-empty");
                    ok = false;
                }
                None => {
                    self.err(format!("{path}.{lang}"), "cat-not-string");
                    ok = false;
                }
            }
        }
        if !out.contains_key("id") && !obj.contains_key("id") {
            self.err(format!("{path}.id"), "cat-missing-id-text");
            ok = false;
        }
        ok.then_some(Loc(out))
    }

    fn loc(&mut self, m: &Map<String, Value>, key: &str, path: &str, required: bool) -> Option<Loc> {
        match m.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.err(format!("{path}.{key}"), "cat-missing");
                }
                None
            }
            Some(v) => self.loc_value(v, &format!("{path}.{key}")),
        }
    }

    fn loc_list(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Vec<Loc> {
        let items = self.array(m, key, path, true);
        items.iter().enumerate().filter_map(|(i, v)| self.loc_value(v, &format!("{path}.{key}[{i}]"))).collect()
    }

    fn string_list(&mut self, m: &Map<String, Value>, key: &str, path: &str, allowed: Option<&[&str]>) -> Vec<String> {
        let items = self.array(m, key, path, allowed.is_none());
        let mut out = vec![];
        for (i, v) in items.iter().enumerate() {
            let p = format!("{path}.{key}[{i}]");
            match v.as_str().map(str::trim) {
                Some("") => self.err(p, "cat-empty"),
                Some(s) if allowed.is_some_and(|a| !a.contains(&s)) => self.err(p, "cat-not-allowed"),
                Some(s) if out.iter().any(|o: &String| o == s) => self.err(p, "cat-duplicate"),
                Some(s) => out.push(s.to_string()),
                None => self.err(p, "cat-not-string"),
            }
        }
        out
    }

    fn agency(&mut self, v: &Value, path: &str) -> Option<Agency> {
        let m = self.object(v, path)?;
        let id = self.string(m, "id", path);
        if let Some(id) = &id {
            if !is_slug(id) {
                self.err(format!("{path}.id"), "cat-bad-slug");
            }
        }
        let name = self.loc(m, "name", path, true);
        let level = self.one_of(m, "level", path, LEVELS);
        let contact = match m.get("contact") {
            None | Some(Value::Null) => Some(Contact::default()),
            Some(c) => {
                let cp = format!("{path}.contact");
                self.object(c, &cp).map(|cm| Contact {
                    phone: self.opt_string(cm, "phone", &cp),
                    email: self.opt_string(cm, "email", &cp),
                    address: self.opt_string(cm, "address", &cp),
                    website: self.opt_string(cm, "website", &cp),
                })
            }
        };
        Some(Agency { id: id.filter(|s| is_slug(s))?, name: name?, level: level?, contact: contact? })
    }

    fn field(&mut self, v: &Value, path: &str) -> Option<FormField> {
        let m = self.object(v, path)?;
        let name = self.string(m, "name", path);
        if name.as_deref().is_some_and(|n| !is_snake(n)) {
            self.err(format!("{path}.name"), "cat-bad-field-name");
        }
        let label = self.loc(m, "label", path, true);
        let kind = self.one_of(m, "type", path, FIELD_TYPES);
        let required = match m.get("required") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.err(format!("{path}.required"), "cat-not-bool");
                false
            }
        };
        let mut options = vec![];
        let opts = self.array(m, "options", path, false);
        for (i, o) in opts.iter().enumerate() {
            let op = format!("{path}.options[{i}]");
            if let Some(om) = self.object(o, &op) {
                let value = self.string(om, "value", &op);
                let label = self.loc(om, "label", &op, true);
                if let Some(v) = &value {
                    if options.iter().any(|x: &FieldOption| &x.value == v) {
                        self.err(format!("{op}.value"), "cat-duplicate");
                    }
                }
                if let (Some(value), Some(label)) = (value, label) {
                    options.push(FieldOption { value, label });
                }
            }
        }
        if kind.as_deref() == Some("select") && opts.is_empty() {
            self.err(format!("{path}.options"), "cat-select-needs-options");
        }
        let profile = match m.get("profile") {
            None | Some(Value::Null) => None,
            Some(_) => self.one_of(m, "profile", path, PROFILE_KEYS),
        };
        let accept =
            if m.contains_key("accept") { self.string_list(m, "accept", path, Some(MIME_TYPES)) } else { vec![] };
        let max_mb = match m.get("max_mb") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_f64() {
                Some(x) if x > 0.0 && x <= 50.0 => Some(x),
                _ => {
                    self.err(format!("{path}.max_mb"), "cat-bad-max-mb");
                    None
                }
            },
        };
        if kind.as_deref() == Some("file") && accept.is_empty() {
            self.err(format!("{path}.accept"), "cat-file-needs-accept");
        }
        Some(FormField {
            name: name.filter(|n| is_snake(n))?,
            label: label?,
            kind: kind?,
            required,
            options,
            profile,
            accept,
            max_mb,
        })
    }

    fn service(&mut self, v: &Value, path: &str, agencies: &HashSet<String>) -> Option<Service> {
        let m = self.object(v, path)?;
        let id = self.string(m, "id", path);
        if id.as_deref().is_some_and(|s| !is_slug(s)) {
            self.err(format!("{path}.id"), "cat-bad-slug");
        }
        let agency = self.string(m, "agency", path);
        if agency.as_ref().is_some_and(|a| !agencies.contains(a)) {
            self.err(format!("{path}.agency"), "cat-unknown-agency");
        }
        let category = self.one_of(m, "category", path, CATEGORIES);
        let name = self.loc(m, "name", path, true);
        let summary = self.loc(m, "summary", path, true);
        let requirements = self.loc_list(m, "requirements", path);
        let procedure = self.loc_list(m, "procedure", path);
        let fee = match m.get("fee") {
            None | Some(Value::Null) => {
                self.err(format!("{path}.fee"), "cat-missing");
                None
            }
            Some(f) => {
                let fp = format!("{path}.fee");
                self.object(f, &fp).and_then(|fm| {
                    let amount = match fm.get("amount_idr") {
                        Some(a) => match a.as_i64() {
                            Some(x) if x >= 0 && a.is_i64() || a.is_u64() => Some(x),
                            _ => {
                                self.err(format!("{fp}.amount_idr"), "cat-bad-amount");
                                None
                            }
                        },
                        None => {
                            self.err(format!("{fp}.amount_idr"), "cat-missing");
                            None
                        }
                    };
                    let note = self.loc(fm, "note", &fp, false);
                    amount.map(|amount_idr| Fee { amount_idr, note })
                })
            }
        };
        let sla_days = match m.get("sla_days") {
            None => {
                self.err(format!("{path}.sla_days"), "cat-missing");
                Some(None)
            }
            Some(Value::Null) => Some(None),
            Some(v) => match v.as_i64() {
                Some(x) if (0..=3650).contains(&x) && !v.is_f64() => Some(Some(x)),
                _ => {
                    self.err(format!("{path}.sla_days"), "cat-bad-days");
                    None
                }
            },
        };
        let output = self.loc(m, "output", path, true);
        let legal_basis = self.string_list(m, "legal_basis", path, None);
        let channels = self.string_list(m, "channels", path, Some(CHANNELS));
        // A service is offered through at least one channel; missing and `[]` mean the same.
        if channels.is_empty() && m.get("channels").is_none_or(Value::is_array) {
            self.err(format!("{path}.channels"), "cat-empty");
        }
        let validity_years = match m.get("validity_years") {
            None | Some(Value::Null) => Some(None),
            Some(v) => match v.as_f64() {
                Some(x) if x > 0.0 && x <= 100.0 => Some(Some(x)),
                _ => {
                    self.err(format!("{path}.validity_years"), "cat-bad-years");
                    None
                }
            },
        };
        let keywords = if m.contains_key("keywords") { self.string_list(m, "keywords", path, None) } else { vec![] };
        let mut form = vec![];
        let fields = self.array(m, "form", path, false);
        for (i, f) in fields.iter().enumerate() {
            let fp = format!("{path}.form[{i}]");
            if let Some(field) = self.field(f, &fp) {
                if form.iter().any(|x: &FormField| x.name == field.name) {
                    self.err(format!("{fp}.name"), "cat-duplicate");
                } else {
                    form.push(field);
                }
            }
        }
        let mut faq = vec![];
        let faqs = self.array(m, "faq", path, false);
        for (i, f) in faqs.iter().enumerate() {
            let fp = format!("{path}.faq[{i}]");
            if let Some(fm) = self.object(f, &fp) {
                let q = self.loc(fm, "q", &fp, true);
                let a = self.loc(fm, "a", &fp, true);
                if let (Some(q), Some(a)) = (q, a) {
                    faq.push(Faq { q, a });
                }
            }
        }
        Some(Service {
            id: id.filter(|s| is_slug(s))?,
            agency: agency.filter(|a| agencies.contains(a))?,
            category: category?,
            name: name?,
            summary: summary?,
            requirements,
            procedure,
            fee: fee?,
            sla_days: sla_days?,
            output: output?,
            legal_basis,
            channels,
            validity_years: validity_years?,
            keywords,
            form,
            faq,
        })
    }
}

/// Parse a whole catalogue document. `known_agencies` are agencies already in the platform,
/// which services may refer to besides those in the file.
pub fn parse_catalog(text: &str, known_agencies: &HashSet<String>) -> Result<Catalog, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem { path: format!("$ (line {}, column {})", e.line(), e.column()), key: "cat-bad-json" }]
    })?;
    let mut v = V { problems: vec![] };
    let Some(root) = v.object(&value, "$") else {
        return Err(v.problems);
    };
    match root.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(_) => v.err("$.format", "cat-bad-format"),
        None => v.err("$.format", "cat-missing"),
    }
    let published = v.string(root, "published", "$");
    if published
        .as_deref()
        .is_some_and(|p| time::Date::parse(p, &time::format_description::well_known::Iso8601::DATE).is_err())
    {
        v.err("$.published", "cat-bad-date");
    }
    let mut agencies = vec![];
    let mut ids: HashSet<String> = HashSet::new();
    for (i, a) in v.array(root, "agencies", "$", true).iter().enumerate() {
        if let Some(agency) = v.agency(a, &format!("$.agencies[{i}]")) {
            if !ids.insert(agency.id.clone()) {
                v.err(format!("$.agencies[{i}].id"), "cat-duplicate");
            } else {
                agencies.push(agency);
            }
        }
    }
    let mut all_agencies = ids.clone();
    all_agencies.extend(known_agencies.iter().cloned());
    let mut services = vec![];
    let mut service_ids = HashSet::new();
    for (i, s) in v.array(root, "services", "$", true).iter().enumerate() {
        if let Some(service) = v.service(s, &format!("$.services[{i}]"), &all_agencies) {
            if !service_ids.insert(service.id.clone()) {
                v.err(format!("$.services[{i}].id"), "cat-duplicate");
            } else {
                services.push(service);
            }
        }
    }
    if v.problems.is_empty() {
        Ok(Catalog { format: FORMAT.into(), published: published.unwrap_or_default(), agencies, services })
    } else {
        Err(v.problems)
    }
}

/// Parse one service (the edit form and `PUT /api/v1/services/{id}` use this).
pub fn parse_service(value: &Value, agencies: &HashSet<String>) -> Result<Service, Vec<Problem>> {
    let mut v = V { problems: vec![] };
    let s = v.service(value, "$", agencies);
    match s {
        Some(s) if v.problems.is_empty() => Ok(s),
        _ => Err(v.problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/catalog.id.json")).expect("demo catalogue")
    }

    #[test]
    fn the_example_catalogue_is_valid() {
        let c = parse_catalog(&example(), &HashSet::new()).expect("valid");
        assert_eq!(c.services.len(), 30);
        assert_eq!(c.agencies.len(), 16);
        let akta = c.services.iter().find(|s| s.id == "akta-kelahiran").expect("akta-kelahiran");
        assert_eq!(akta.agency, "disdukcapil");
        assert!(!akta.form.is_empty());
    }

    #[test]
    fn canonical_json_round_trips_and_hash_is_stable() {
        let c = parse_catalog(&example(), &HashSet::new()).expect("valid");
        for s in &c.services {
            let again: Value = serde_json::from_str(&s.canonical_json()).expect("json");
            let s2 = parse_service(&again, &c.agencies.iter().map(|a| a.id.clone()).collect()).expect("re-parse");
            assert_eq!(&s2, s);
            assert_eq!(s2.content_hash(), s.content_hash());
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let mut doc: Value = serde_json::from_str(&example()).expect("json");
        doc["format"] = Value::from("other/v9");
        doc["services"][3]["fee"]["amount_idr"] = Value::from(-5);
        doc["services"][4]["agency"] = Value::from("tidak-ada");
        doc["services"][5]["form"][0]["type"] = Value::from("colour");
        doc["services"][6]["name"] = serde_json::json!({"en": "No Indonesian"});
        doc["services"][7]["channels"] = serde_json::json!(["online", "fax"]);
        doc["agencies"][0]["level"] = Value::from("galaxy");
        doc["services"][8]["id"] = doc["services"][9]["id"].clone();
        // Found by the catalogue fuzzer: a missing list of channels was accepted while `[]` was not.
        doc["services"][10].as_object_mut().expect("service").remove("channels");
        doc["services"][11]["channels"] = serde_json::json!([]);
        let problems = parse_catalog(&doc.to_string(), &HashSet::new()).expect_err("invalid");
        let found: Vec<(&str, &str)> = problems.iter().map(|p| (p.path.as_str(), p.key)).collect();
        for expected in [
            ("$.format", "cat-bad-format"),
            ("$.services[3].fee.amount_idr", "cat-bad-amount"),
            ("$.services[4].agency", "cat-unknown-agency"),
            ("$.services[5].form[0].type", "cat-not-allowed"),
            ("$.services[6].name.id", "cat-missing-id-text"),
            ("$.services[7].channels[1]", "cat-not-allowed"),
            ("$.agencies[0].level", "cat-not-allowed"),
            ("$.services[9].id", "cat-duplicate"),
            ("$.services[10].channels", "cat-empty"),
            ("$.services[11].channels", "cat-empty"),
        ] {
            assert!(found.contains(&expected), "missing {expected:?} in {found:#?}");
        }
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let p = parse_catalog("{\n  \"format\": ", &HashSet::new()).expect_err("bad json");
        assert_eq!(p.len(), 1);
        assert!(p[0].path.contains("line 2"), "{:?}", p[0]);
    }

    #[test]
    fn services_may_refer_to_agencies_already_known() {
        let doc = serde_json::json!({"format": FORMAT, "published": "2026-11-01", "agencies": [], "services": []});
        assert!(parse_catalog(&doc.to_string(), &HashSet::new()).is_ok());
        let mut svc: Value = serde_json::from_str(&example()).expect("json");
        let one = svc["services"][0].take();
        let known: HashSet<String> = ["disdukcapil".to_string()].into();
        assert!(parse_service(&one, &known).is_ok());
        assert!(parse_service(&one, &HashSet::new()).is_err());
    }
}
