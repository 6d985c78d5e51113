//! The vocabulary of green services, without I/O: the estimates of paper and trips an online
//! application saves and the factors that turn them into weight and CO2, the kinds and volumes
//! of waste a truck collects, and the parsed forms (pickup windows, weekly plans, requests,
//! outcomes).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::FieldError;

/// Pages of the application form, one per this many form fields (at least one page).
pub const FIELDS_PER_FORM_PAGE: usize = 10;
/// Printed copies per requirement document (the copy handed in and the office's file copy).
pub const COPIES_PER_REQUIREMENT: i64 = 2;
/// Visits an online application avoids: handing in and collecting.
pub const DEFAULT_TRIPS: i64 = 2;
/// Grams of one A4 sheet of 80 g/m² paper (0.0625 m² x 80 g/m²).
pub const GRAMS_PER_PAGE: i64 = 5;
/// Kilometres of an average visit to an office in a city, there and back (an assumption,
/// stated on the page).
pub const KM_PER_TRIP: i64 = 10;
/// Grams of CO2e per kilometre of an average motorbike (UK DESNZ/DEFRA greenhouse gas
/// conversion factors 2023, "Motorbike, Average": 0.11367 kg CO2e/km).
pub const MOTORBIKE_G_PER_KM: i64 = 114;
/// Grams of CO2e per kilogram of office paper made (DEFRA 2023 material use, "Paper and board:
/// paper", primary production: about 919 kg CO2e per tonne).
pub const PAPER_G_PER_KG: i64 = 919;
/// Largest estimate an admin may set.
pub const MAX_PAGES: i64 = 500;
pub const MAX_TRIPS: i64 = 10;

/// The default estimate of pages saved for a service: each requirement document copied
/// [`COPIES_PER_REQUIREMENT`] times, plus the pages of the form.
pub fn default_pages(requirements: usize, form_fields: usize) -> i64 {
    let form_pages = form_fields.div_ceil(FIELDS_PER_FORM_PAGE).max(1);
    i64::try_from(requirements).unwrap_or(0) * COPIES_PER_REQUIREMENT + i64::try_from(form_pages).unwrap_or(1)
}

/// The estimate in force for a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = GreenEstimate)]
pub struct Estimate {
    /// Pages not printed per online application.
    pub pages: i64,
    /// Visits to the office avoided per online application.
    pub trips: i64,
    /// Set by the agency (otherwise the default derived from the catalogue).
    pub custom: bool,
}

/// What was saved: counts and their derived weight and emissions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = GreenSavings)]
pub struct Savings {
    /// Applications submitted online by the citizen (counter filings are not counted).
    pub online_applications: i64,
    /// Applications filed for the citizen at a counter (assisted): no paper or trip saved.
    pub counter_applications: i64,
    /// Documents issued digitally (signed PDF) for online applications: one page each.
    pub digital_documents: i64,
    /// Reports and complaints filed online: one visit and one letter each.
    pub online_reports: i64,
    pub pages: i64,
    pub trips: i64,
    /// Grams of paper not used.
    pub paper_grams: i64,
    /// Grams of CO2e not emitted (trips by motorbike and paper production).
    pub co2_grams: i64,
}

impl Savings {
    /// Online applications of a service under its estimate.
    pub fn applications(online: i64, counter: i64, documents: i64, e: Estimate) -> Savings {
        Savings {
            online_applications: online,
            counter_applications: counter,
            digital_documents: documents,
            ..Savings::default()
        }
        .with_saved(online * e.pages + documents, online * e.trips)
    }

    /// Reports filed online: one trip and one page each.
    pub fn reports(n: i64) -> Savings {
        Savings { online_reports: n, ..Savings::default() }.with_saved(n, n)
    }

    fn with_saved(mut self, pages: i64, trips: i64) -> Savings {
        self.pages = pages;
        self.trips = trips;
        self.paper_grams = pages * GRAMS_PER_PAGE;
        self.co2_grams = trips * KM_PER_TRIP * MOTORBIKE_G_PER_KM + self.paper_grams * PAPER_G_PER_KG / 1000;
        self
    }

    pub fn add(&mut self, o: &Savings) {
        self.online_applications += o.online_applications;
        self.counter_applications += o.counter_applications;
        self.digital_documents += o.digital_documents;
        self.online_reports += o.online_reports;
        self.pages += o.pages;
        self.trips += o.trips;
        self.paper_grams += o.paper_grams;
        self.co2_grams += o.co2_grams;
    }
}

/// An admin's estimate for one service, as typed.
#[derive(Deserialize, ToSchema, Default, Debug)]
#[schema(as = GreenEstimateInput)]
#[serde(default)]
pub struct EstimateInput {
    pub pages: String,
    pub trips: String,
}

fn number(field: &str, text: &str, max: i64, key: &'static str) -> Result<i64, FieldError> {
    text.trim().parse::<i64>().ok().filter(|n| (0..=max).contains(n)).ok_or_else(|| FieldError::new(field, key))
}

/// Check an estimate: whole numbers, pages 0..=[`MAX_PAGES`], trips 0..=[`MAX_TRIPS`].
/// `prefix` names the form fields (`pages-<service>`).
pub fn check_estimate(input: &EstimateInput, suffix: &str) -> Result<(i64, i64), Vec<FieldError>> {
    let pages = number(&format!("pages{suffix}"), &input.pages, MAX_PAGES, "field-green-pages");
    let trips = number(&format!("trips{suffix}"), &input.trips, MAX_TRIPS, "field-green-trips");
    match (pages, trips) {
        (Ok(p), Ok(t)) => Ok((p, t)),
        (p, t) => Err(p.err().into_iter().chain(t.err()).collect()),
    }
}

// ---------------------------------------------------------------------------------------
// Waste pickup.

/// Kinds of waste the trucks collect on request.
pub const KINDS: &[&str] = &["bulky", "garden", "recyclable", "hazardous", "debris"];
/// Estimated volumes: small (up to 0.5 m³), medium (up to 1 m³), large (up to 2 m³).
pub const VOLUMES: &[&str] = &["small", "medium", "large"];
/// Statuses of a pickup request.
pub const STATUSES: &[&str] = &["scheduled", "picked_up", "missed", "cancelled"];
/// Active requests a citizen may hold at once.
pub const MAX_ACTIVE: i64 = 3;
/// Times a request may be moved to another window.
pub const MAX_RESCHEDULES: i64 = 3;

fn choice(field: &str, value: &str, list: &[&'static str], key: &'static str) -> Result<&'static str, FieldError> {
    list.iter().copied().find(|k| *k == value.trim()).ok_or_else(|| FieldError::new(field, key))
}

/// Parse `HH:MM` into minutes after midnight.
pub fn minutes(text: &str) -> Option<i64> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m) && m.to_string().len() <= 2).then_some(h * 60 + m)
}

pub fn hhmm(min: i64) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// Whether `code` is a kecamatan (6-digit code) of `city` (a 4-digit regency/city code).
pub fn is_zone(code: &str, city: &str) -> bool {
    code.len() == 6 && code.starts_with(city) && crate::wilayah::get(code).is_some()
}

/// The kecamatan of a city: (code, name), by name.
pub fn zones(city: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = crate::wilayah::data()
        .districts
        .iter()
        .filter(|d| d.parent == Some(city))
        .map(|d| (d.code.to_string(), d.name.to_string()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

pub fn zone_name(code: &str) -> String {
    crate::wilayah::get(code).map(|r| r.name.to_string()).unwrap_or_else(|| code.to_string())
}

/// A pickup window or a weekly plan, as typed by a DLH admin.
#[derive(Default, Debug)]
pub struct WindowInput {
    pub zone: String,
    /// The date of one window, or the first date of a plan.
    pub date: String,
    pub start: String,
    pub end: String,
    pub capacity: String,
    /// Kinds taken; none: every kind.
    pub kinds: Vec<String>,
    /// A weekly plan: ISO weekdays (1 = Monday ... 7 = Sunday).
    pub weekdays: Vec<String>,
    /// A weekly plan: how many weeks from `date`.
    pub weeks: String,
}

impl WindowInput {
    /// From the pairs of a form (checkboxes repeat their name).
    pub fn from_pairs(pairs: &[(String, String)]) -> WindowInput {
        let mut w = WindowInput::default();
        for (k, v) in pairs {
            match k.as_str() {
                "zone" => w.zone = v.clone(),
                "date" => w.date = v.clone(),
                "start" => w.start = v.clone(),
                "end" => w.end = v.clone(),
                "capacity" => w.capacity = v.clone(),
                "kinds" => w.kinds.push(v.clone()),
                "weekdays" => w.weekdays.push(v.clone()),
                "weeks" => w.weeks = v.clone(),
                _ => {}
            }
        }
        w
    }
}

/// A checked window (or the template of a plan's windows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowSpec {
    pub zone: String,
    pub date: time::Date,
    pub start_min: i64,
    pub end_min: i64,
    pub capacity: i64,
    pub kinds: Vec<&'static str>,
}

pub const MAX_CAPACITY: i64 = 200;
pub const MAX_WEEKS: i64 = 12;

/// Check a window: a zone of the city, a date from `today`, a time span of at least 30 minutes,
/// a capacity of 1..=[`MAX_CAPACITY`], known kinds.
pub fn check_window(input: &WindowInput, city: &str, today: time::Date) -> Result<WindowSpec, Vec<FieldError>> {
    let mut errs = vec![];
    if !is_zone(input.zone.trim(), city) {
        errs.push(FieldError::new("zone", "field-green-zone"));
    }
    let date = crate::calendar::parse_date(input.date.trim()).filter(|d| *d >= today);
    if date.is_none() {
        errs.push(FieldError::new("date", "field-green-date"));
    }
    let (start, end) = (minutes(&input.start), minutes(&input.end));
    if start.is_none() {
        errs.push(FieldError::new("start", "field-green-time"));
    }
    if end.is_none() || start.zip(end).is_some_and(|(s, e)| e < s + 30) {
        errs.push(FieldError::new("end", "field-green-end"));
    }
    let capacity = number("capacity", &input.capacity, MAX_CAPACITY, "field-green-capacity").ok().filter(|c| *c > 0);
    if capacity.is_none() {
        errs.push(FieldError::new("capacity", "field-green-capacity"));
    }
    let mut kinds = vec![];
    for k in input.kinds.iter().filter(|k| !k.trim().is_empty()) {
        match choice("kinds", k, KINDS, "field-green-kind") {
            Ok(k) if !kinds.contains(&k) => kinds.push(k),
            Ok(_) => {}
            Err(e) => {
                errs.push(e);
                break;
            }
        }
    }
    kinds.sort_by_key(|k| KINDS.iter().position(|x| x == k));
    match (date, start, end, capacity) {
        (Some(date), Some(start_min), Some(end_min), Some(capacity)) if errs.is_empty() => {
            Ok(WindowSpec { zone: input.zone.trim().to_string(), date, start_min, end_min, capacity, kinds })
        }
        _ => Err(errs),
    }
}

/// Check a weekly plan and list the dates of its windows: the chosen weekdays in the weeks from
/// the first date.
pub fn check_plan(
    input: &WindowInput,
    city: &str,
    today: time::Date,
) -> Result<(WindowSpec, Vec<time::Date>), Vec<FieldError>> {
    let spec = check_window(input, city, today);
    let mut errs = spec.as_ref().err().cloned().unwrap_or_default();
    let mut days: Vec<u8> = vec![];
    for w in &input.weekdays {
        match w.trim().parse::<u8>() {
            Ok(d @ 1..=7) if !days.contains(&d) => days.push(d),
            Ok(1..=7) => {}
            _ => {
                errs.push(FieldError::new("weekdays", "field-green-weekdays"));
                break;
            }
        }
    }
    if days.is_empty() && !errs.iter().any(|e| e.field == "weekdays") {
        errs.push(FieldError::new("weekdays", "field-green-weekdays"));
    }
    let weeks = number("weeks", &input.weeks, MAX_WEEKS, "field-green-weeks").ok().filter(|w| *w > 0);
    if weeks.is_none() {
        errs.push(FieldError::new("weeks", "field-green-weeks"));
    }
    match (spec, weeks) {
        (Ok(spec), Some(weeks)) if errs.is_empty() => {
            let dates = (0..weeks * 7)
                .map(|i| spec.date + time::Duration::days(i))
                .filter(|d| days.contains(&d.weekday().number_from_monday()))
                .collect();
            Ok((spec, dates))
        }
        _ => Err(errs),
    }
}

/// A citizen's pickup request as typed (form or JSON).
#[derive(Deserialize, ToSchema, Default, Debug, Clone)]
#[schema(as = GreenPickupInput)]
#[serde(default)]
pub struct PickupInput {
    /// `bulky`, `garden`, `recyclable`, `hazardous` or `debris`.
    pub kind: String,
    /// `small` (up to 0.5 m³), `medium` (up to 1 m³) or `large` (up to 2 m³).
    pub volume: String,
    /// Street and house number.
    pub address: String,
    pub kelurahan: String,
    /// RT and RW numbers (1 to 3 digits).
    pub rt: String,
    pub rw: String,
    /// The kecamatan (6-digit code).
    pub zone: String,
    /// The chosen pickup window (as a number or text).
    #[schema(value_type = i64)]
    pub window_id: serde_json::Value,
}

/// A checked request (the window is judged against the database by the service).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickupSpec {
    pub kind: &'static str,
    pub volume: &'static str,
    pub address: String,
    pub kelurahan: String,
    pub rt: String,
    pub rw: String,
    pub zone: String,
    pub window_id: i64,
}

fn text(field: &str, value: &str, min: usize, max: usize, key: &'static str) -> Result<String, FieldError> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = v.chars().count();
    // Control characters (a NUL byte among them, which PostgreSQL refuses) are no address.
    if (min..=max).contains(&n) && !v.chars().any(char::is_control) {
        Ok(v)
    } else {
        Err(FieldError::new(field, key))
    }
}

fn rt_rw(field: &str, value: &str) -> Result<String, FieldError> {
    let v = value.trim();
    match v.parse::<u16>() {
        Ok(n) if (1..=999).contains(&n) && v.len() <= 3 => Ok(format!("{n:03}")),
        _ => Err(FieldError::new(field, "field-green-rt")),
    }
}

/// The window id of a request: a JSON number or the text of a form.
pub fn window_id(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|id| *id > 0)
}

pub fn check_pickup(input: &PickupInput, city: &str) -> Result<PickupSpec, Vec<FieldError>> {
    let kind = choice("kind", &input.kind, KINDS, "field-green-kind");
    let volume = choice("volume", &input.volume, VOLUMES, "field-green-volume");
    let address = text("address", &input.address, 5, 200, "field-green-address");
    let kelurahan = text("kelurahan", &input.kelurahan, 3, 60, "field-green-kelurahan");
    let rt = rt_rw("rt", &input.rt);
    let rw = rt_rw("rw", &input.rw);
    let zone = Some(input.zone.trim().to_string())
        .filter(|z| is_zone(z, city))
        .ok_or_else(|| FieldError::new("zone", "field-green-zone"));
    let window = window_id(&input.window_id).ok_or_else(|| FieldError::new("window_id", "field-green-window"));
    match (kind, volume, address, kelurahan, rt, rw, zone, window) {
        (Ok(kind), Ok(volume), Ok(address), Ok(kelurahan), Ok(rt), Ok(rw), Ok(zone), Ok(window_id)) => {
            Ok(PickupSpec { kind, volume, address, kelurahan, rt, rw, zone, window_id })
        }
        (a, b, c, d, e, f, g, h) => Err([a.err(), b.err(), c.err(), d.err(), e.err(), f.err(), g.err(), h.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// An officer's outcome of a pickup.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct OutcomeInput {
    /// `picked_up` or `missed`.
    pub outcome: String,
    /// Why it was missed (required then).
    pub reason: String,
}

pub fn check_outcome(input: &OutcomeInput) -> Result<(&'static str, Option<String>), Vec<FieldError>> {
    let outcome = choice("outcome", &input.outcome, &["picked_up", "missed"], "field-green-outcome");
    let reason = input.reason.split_whitespace().collect::<Vec<_>>().join(" ");
    match outcome {
        Err(e) => Err(vec![e]),
        Ok("missed")
            if reason.chars().count() < 5 || reason.chars().count() > 300 || reason.chars().any(char::is_control) =>
        {
            Err(vec![FieldError::new("reason", "field-green-reason")])
        }
        Ok("missed") => Ok(("missed", Some(reason))),
        Ok(o) => Ok((o, None)),
    }
}

/// Whether a window takes a kind (an empty list takes every kind).
pub fn takes(kinds: &str, kind: &str) -> bool {
    kinds.is_empty() || kinds.split(',').any(|k| k == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> time::Date {
        crate::calendar::parse_date(s).expect("date")
    }

    #[test]
    fn defaults_and_savings_follow_the_documented_factors() {
        assert_eq!(default_pages(3, 0), 7);
        assert_eq!(default_pages(3, 11), 8);
        let e = Estimate { pages: 7, trips: 2, custom: false };
        let s = Savings::applications(10, 4, 3, e);
        assert_eq!((s.pages, s.trips), (73, 20), "counter filings save nothing");
        assert_eq!(s.paper_grams, 365);
        assert_eq!(s.co2_grams, 20 * 10 * 114 + 365 * 919 / 1000);
        let mut total = s;
        total.add(&Savings::reports(2));
        assert_eq!((total.pages, total.trips, total.online_reports), (75, 22, 2));
    }

    #[test]
    fn estimates_are_checked() {
        let ok = EstimateInput { pages: " 12 ".into(), trips: "1".into() };
        assert_eq!(check_estimate(&ok, "").ok(), Some((12, 1)));
        let bad = EstimateInput { pages: "-1".into(), trips: "dua".into() };
        let errs = check_estimate(&bad, "-ktp").err().expect("refused");
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].field, "pages-ktp");
        let big = EstimateInput { pages: "501".into(), trips: "11".into() };
        assert_eq!(check_estimate(&big, "").err().map(|e| e.len()), Some(2));
    }

    fn input_with(start: &str) -> WindowInput {
        WindowInput {
            zone: "357825".into(),
            date: "2026-12-01".into(),
            start: start.into(),
            end: "10:00".into(),
            capacity: "20".into(),
            ..WindowInput::default()
        }
    }

    #[test]
    fn windows_and_plans_are_checked() {
        let today = day("2026-12-01");
        let input = WindowInput {
            zone: "357825".into(),
            date: "2026-12-01".into(),
            start: "07:00".into(),
            end: "10:00".into(),
            capacity: "20".into(),
            kinds: vec!["garden".into(), "bulky".into()],
            weekdays: vec!["2".into(), "5".into()],
            weeks: "2".into(),
        };
        let w = check_window(&input, "3578", today).expect("fine");
        assert_eq!((w.start_min, w.end_min, w.capacity), (420, 600, 20));
        assert_eq!(w.kinds, vec!["bulky", "garden"]);
        let (_, dates) = check_plan(&input, "3578", today).expect("plan");
        // 1 Dec 2026 is a Tuesday: Tue 1, Fri 4, Tue 8, Fri 11.
        assert_eq!(dates, vec![day("2026-12-01"), day("2026-12-04"), day("2026-12-08"), day("2026-12-11")]);
        let bad = WindowInput {
            zone: "317101".into(),
            date: "2026-11-30".into(),
            start: "25:00".into(),
            end: "siang".into(),
            capacity: "0".into(),
            kinds: vec!["nuklir".into()],
            ..WindowInput::default()
        };
        let errs = check_plan(&bad, "3578", today).err().expect("refused");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["zone", "date", "start", "end", "capacity", "kinds", "weekdays", "weeks"]);
        let short = WindowInput { end: "07:20".into(), ..input_with("07:00") };
        assert_eq!(check_window(&short, "3578", today).err().map(|e| e[0].field.clone()), Some("end".into()));
    }

    #[test]
    fn pickups_and_outcomes_are_checked() {
        let input = PickupInput {
            kind: "bulky".into(),
            volume: "medium".into(),
            address: " Jl.  Rungkut Madya 12 ".into(),
            kelurahan: "Gunung Anyar".into(),
            rt: "3".into(),
            rw: "02".into(),
            zone: "357825".into(),
            window_id: serde_json::json!("7"),
        };
        let p = check_pickup(&input, "3578").expect("fine");
        assert_eq!(
            (p.address.as_str(), p.rt.as_str(), p.rw.as_str(), p.window_id),
            ("Jl. Rungkut Madya 12", "003", "002", 7)
        );
        let errs = check_pickup(&PickupInput::default(), "3578").err().expect("refused");
        assert_eq!(errs.len(), 8);
        let nul = PickupInput { address: "Jl. Rungkut\u{0}12".into(), ..input.clone() };
        assert_eq!(check_pickup(&nul, "3578").err().map(|e| e[0].field.clone()), Some("address".into()));
        assert!(check_outcome(&OutcomeInput { outcome: "missed".into(), reason: "".into() }).is_err());
        assert_eq!(
            check_outcome(&OutcomeInput { outcome: "missed".into(), reason: "Jalan ditutup".into() }).ok(),
            Some(("missed", Some("Jalan ditutup".into())))
        );
        assert_eq!(
            check_outcome(&OutcomeInput { outcome: "picked_up".into(), reason: String::new() }).ok(),
            Some(("picked_up", None))
        );
        assert!(takes("", "debris") && takes("bulky,garden", "garden") && !takes("bulky", "hazardous"));
        assert_eq!(minutes("07:30"), Some(450));
        assert_eq!(minutes("7:5"), Some(425));
        assert_eq!(hhmm(450), "07:30");
    }
}
