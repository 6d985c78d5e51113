//! Locations and their rules, parsed once at the edge: the `satupintu.locations/v1` document
//! that defines a place (hours, breaks, services with slot capacity, counters), the slot plan
//! it gives for a day, the rules against hoarding, and the order of a queue.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Weekday};
use utoipa::ToSchema;

use crate::web::FieldError;

pub const FORMAT: &str = "satupintu.locations/v1";
pub const KINDS: [&str; 4] = ["mpp", "kantor", "puskesmas", "faskes"];
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Reasons that put a walk-in ticket first (UU 25/2009 art. 29: special treatment).
pub const PRIORITIES: [&str; 3] = ["lansia", "hamil", "disabilitas"];

/// Rules of booking.
pub mod rules {
    /// A booking can be moved this many times.
    pub const MAX_RESCHEDULES: i64 = 2;
    /// Nothing changes in the last hour before the slot (seconds).
    pub const FREEZE_BEFORE: i64 = 3600;
    /// Check-in opens this long before the slot (seconds) ...
    pub const CHECK_IN_EARLY: i64 = 3600;
    /// ... and closes this long after its start; later, the booking is a no-show.
    pub const CHECK_IN_LATE: i64 = 30 * 60;
    /// This many no-shows within `NO_SHOW_WINDOW_DAYS` ...
    pub const NO_SHOW_LIMIT: i64 = 3;
    pub const NO_SHOW_WINDOW_DAYS: i64 = 90;
    /// ... stop online booking for this many days after the last one.
    pub const NO_SHOW_PAUSE_DAYS: i64 = 30;
    /// Reminders go out this long before the slot (seconds).
    pub const REMIND_BEFORE: i64 = 24 * 3600;
    /// Service time assumed when a counter has no history yet (seconds).
    pub const DEFAULT_SERVICE_SECS: i64 = 10 * 60;
}

/// The document that defines locations.
#[derive(Deserialize, Serialize, Clone, Debug, ToSchema)]
pub struct LocationDoc {
    pub format: String,
    pub locations: Vec<LocationDef>,
}

/// One location as published.
#[derive(Deserialize, Serialize, Clone, Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationDef {
    /// Slug, unique.
    pub id: String,
    /// `mpp`, `kantor`, `puskesmas` or `faskes`.
    pub kind: String,
    /// The agency that runs it; none for an MPP building shared by many agencies.
    #[serde(default)]
    pub agency: Option<String>,
    pub name: String,
    pub address: String,
    #[serde(default)]
    pub region_code: Option<String>,
    /// Opening hours by day (`mon` ... `sun`); a missing day is closed.
    pub hours: BTreeMap<String, DayHours>,
    /// Length of a bookable slot in minutes (10 to 240).
    #[serde(default = "default_slot_minutes")]
    pub slot_minutes: i64,
    /// How many days ahead slots open (1 to 90).
    #[serde(default = "default_horizon")]
    pub horizon_days: i64,
    pub services: Vec<LocationServiceDef>,
    #[serde(default)]
    pub counters: Vec<CounterDef>,
    /// A Jitsi Meet base URL for teleconsultations (health facilities).
    #[serde(default)]
    pub video_url: Option<String>,
    /// Open on national holidays too (a 24-hour self-service desk, an emergency room).
    #[serde(default)]
    pub open_on_holidays: bool,
}

fn default_slot_minutes() -> i64 {
    30
}

fn default_horizon() -> i64 {
    14
}

#[derive(Deserialize, Serialize, Clone, Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayHours {
    /// `HH:MM`, local time.
    pub open: String,
    pub close: String,
    /// Breaks, each `["HH:MM", "HH:MM"]`.
    #[serde(default)]
    pub breaks: Vec<[String; 2]>,
}

#[derive(Deserialize, Serialize, Clone, Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationServiceDef {
    pub service: String,
    /// Bookings per slot (0: walk-in only).
    pub capacity: i64,
    /// The letter of its queue tickets.
    pub prefix: String,
}

#[derive(Deserialize, Serialize, Clone, Debug, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CounterDef {
    pub name: String,
    pub services: Vec<String>,
}

/// Opening hours of one day in minutes after local midnight.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Hours {
    pub open: i64,
    pub close: i64,
    pub breaks: Vec<(i64, i64)>,
}

/// A checked location.
#[derive(Clone, Debug)]
pub struct Location {
    pub def: LocationDef,
    /// Index 0 = Monday.
    pub week: [Option<Hours>; 7],
}

impl Location {
    /// Whether the location opens on `date`, given the national holidays and its own closures.
    pub fn opens_on(&self, date: Date, holiday: bool, closed: bool) -> bool {
        self.week[weekday_index(date)].is_some() && !closed && (!holiday || self.def.open_on_holidays)
    }

    /// The weekly hours of a stored (already checked) definition.
    pub fn from_def(def: LocationDef) -> Location {
        let mut week: [Option<Hours>; 7] = Default::default();
        for (day, h) in &def.hours {
            if let (Some(i), Some(h)) = (DAYS.iter().position(|d| d == day), hours(h)) {
                week[i] = Some(h);
            }
        }
        Location { def, week }
    }
}

/// `HH:MM` to minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<i64> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(h * 60 + m)
}

/// A date typed in a form or a query (`YYYY-MM-DD`, years 2000 to 2100); empty gives `default`.
pub fn day(field: &str, text: &str, default: Date) -> Result<Date, FieldError> {
    match text.trim() {
        "" => Ok(default),
        t => crate::calendar::parse_date(t)
            .filter(|d| (2000..=2100).contains(&d.year()))
            .ok_or_else(|| FieldError::new(field, "field-date")),
    }
}

/// A period of statistics from two typed dates under their field names: by default the last 30
/// days up to `today`; the start first, at most a year.
pub fn period(today: Date, from: (&str, &str), to: (&str, &str)) -> Result<(Date, Date), Vec<FieldError>> {
    let a = day(from.0, from.1, today - Duration::days(30));
    let b = day(to.0, to.1, today);
    match (a, b) {
        (Ok(a), Ok(b)) if a <= b && (b - a).whole_days() <= 366 => Ok((a, b)),
        (Ok(_), Ok(_)) => Err(vec![FieldError::new(from.0, "field-date-range")]),
        (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
    }
}

pub fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes.div_euclid(60), minutes.rem_euclid(60))
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parse and check a locations document against the catalogue (`service id -> agency id`).
pub fn parse_doc(text: &str, services: &HashMap<String, String>) -> Result<Vec<Location>, Vec<FieldError>> {
    let doc: LocationDoc = serde_json::from_str(text).map_err(|_| vec![FieldError::new("$", "loc-bad-json")])?;
    let mut errs = vec![];
    if doc.format != FORMAT {
        errs.push(FieldError::new("$.format", "loc-format"));
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = vec![];
    for (i, def) in doc.locations.into_iter().enumerate() {
        if !seen.insert(def.id.clone()) {
            errs.push(FieldError::new(format!("$.locations[{i}].id"), "loc-duplicate"));
        }
        match check(def, services) {
            Ok(l) => out.push(l),
            Err(e) => {
                errs.extend(e.into_iter().map(|f| FieldError::new(format!("$.locations[{i}]{}", f.field), f.key)))
            }
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

/// Check one location; field paths are relative (`.hours.mon.open`).
pub fn check(def: LocationDef, services: &HashMap<String, String>) -> Result<Location, Vec<FieldError>> {
    let mut errs = vec![];
    let mut err = |path: String, key: &'static str| errs.push(FieldError::new(path, key));
    if !is_slug(&def.id) {
        err(".id".into(), "loc-slug");
    }
    if !KINDS.contains(&def.kind.as_str()) {
        err(".kind".into(), "loc-kind");
    }
    if def.name.trim().is_empty() || def.name.len() > 200 {
        err(".name".into(), "loc-text");
    }
    if def.address.trim().is_empty() || def.address.len() > 500 {
        err(".address".into(), "loc-text");
    }
    if !(10..=240).contains(&def.slot_minutes) {
        err(".slot_minutes".into(), "loc-slot-minutes");
    }
    if !(1..=90).contains(&def.horizon_days) {
        err(".horizon_days".into(), "loc-horizon");
    }
    if let Some(url) = &def.video_url {
        if !url.starts_with("https://") || url::Url::parse(url).is_err() {
            err(".video_url".into(), "loc-url");
        }
    }
    for (day, h) in &def.hours {
        if !DAYS.contains(&day.as_str()) {
            err(format!(".hours.{day}"), "loc-day");
        } else if hours(h).is_none() {
            err(format!(".hours.{day}"), "loc-hours");
        }
    }
    if def.services.is_empty() {
        err(".services".into(), "loc-no-services");
    }
    let mut prefixes = std::collections::HashSet::new();
    for (i, s) in def.services.iter().enumerate() {
        match services.get(&s.service) {
            None => err(format!(".services[{i}].service"), "loc-unknown-service"),
            Some(agency) if def.agency.as_ref().is_some_and(|a| a != agency) => {
                err(format!(".services[{i}].service"), "loc-other-agency")
            }
            Some(_) => {}
        }
        if !(0..=500).contains(&s.capacity) {
            err(format!(".services[{i}].capacity"), "loc-capacity");
        }
        let p = &s.prefix;
        if p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_uppercase()) || !prefixes.insert(p.clone()) {
            err(format!(".services[{i}].prefix"), "loc-prefix");
        }
    }
    let offered: std::collections::HashSet<&str> = def.services.iter().map(|s| s.service.as_str()).collect();
    let mut names = std::collections::HashSet::new();
    for (i, c) in def.counters.iter().enumerate() {
        if c.name.trim().is_empty() || c.name.len() > 60 || !names.insert(c.name.trim().to_lowercase()) {
            err(format!(".counters[{i}].name"), "loc-counter-name");
        }
        if c.services.is_empty() || c.services.iter().any(|s| !offered.contains(s.as_str())) {
            err(format!(".counters[{i}].services"), "loc-counter-services");
        }
    }
    if errs.is_empty() {
        Ok(Location::from_def(def))
    } else {
        Err(errs)
    }
}

fn hours(h: &DayHours) -> Option<Hours> {
    let (open, close) = (parse_hhmm(&h.open)?, parse_hhmm(&h.close)?);
    if open >= close {
        return None;
    }
    let mut breaks = vec![];
    for [a, b] in &h.breaks {
        let (a, b) = (parse_hhmm(a)?, parse_hhmm(b)?);
        if a >= b || a < open || b > close {
            return None;
        }
        breaks.push((a, b));
    }
    breaks.sort();
    Some(Hours { open, close, breaks })
}

pub fn weekday_index(d: Date) -> usize {
    match d.weekday() {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    }
}

/// The slots of one day: `(start, end)` in minutes, each `length` long, inside the hours and
/// clear of every break.
pub fn day_slots(h: &Hours, length: i64) -> Vec<(i64, i64)> {
    let mut out = vec![];
    let mut t = h.open;
    while t + length <= h.close {
        match h.breaks.iter().find(|(a, b)| t < *b && t + length > *a) {
            Some((_, b)) => t = *b,
            None => {
                out.push((t, t + length));
                t += length;
            }
        }
    }
    out
}

/// Unix time of local `minutes` after midnight on `date`.
pub fn local_instant(date: Date, minutes: i64, offset_hours: i8) -> i64 {
    let midnight = date.midnight().assume_utc().unix_timestamp();
    midnight + minutes * 60 - i64::from(offset_hours) * 3600
}

/// One planned slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    pub location_id: String,
    pub service_id: String,
    pub practitioner_id: i64,
    pub date: Date,
    pub start: i64,
    pub end: i64,
    pub capacity: i64,
}

/// The counter slots of a location on `date` (none on a holiday, a closure or a closed day).
pub fn plan_location(loc: &Location, date: Date, closed: bool) -> Vec<Planned> {
    let Some(h) = loc.week[weekday_index(date)].as_ref().filter(|_| !closed) else { return vec![] };
    let slots = day_slots(h, loc.def.slot_minutes);
    loc.def
        .services
        .iter()
        .filter(|s| s.capacity > 0)
        .flat_map(|s| {
            slots.iter().map(move |(a, b)| Planned {
                location_id: loc.def.id.clone(),
                service_id: s.service.clone(),
                practitioner_id: 0,
                date,
                start: *a,
                end: *b,
                capacity: s.capacity,
            })
        })
        .collect()
}

/// A practitioner's weekly hours (from `practitioner_schedules`).
#[derive(Clone, Debug)]
pub struct Schedule {
    pub practitioner_id: i64,
    pub location_id: String,
    pub service_id: String,
    /// 1 = Monday ... 7 = Sunday.
    pub weekday: i64,
    pub start: i64,
    pub end: i64,
    pub slot_minutes: i64,
}

/// A practitioner's slots on `date` (one patient each).
pub fn plan_schedule(s: &Schedule, date: Date, closed: bool) -> Vec<Planned> {
    if closed || s.weekday != weekday_index(date) as i64 + 1 || s.slot_minutes <= 0 {
        return vec![];
    }
    let h = Hours { open: s.start, close: s.end, breaks: vec![] };
    day_slots(&h, s.slot_minutes)
        .into_iter()
        .map(|(a, b)| Planned {
            location_id: s.location_id.clone(),
            service_id: s.service_id.clone(),
            practitioner_id: s.practitioner_id,
            date,
            start: a,
            end: b,
            capacity: 1,
        })
        .collect()
}

/// The dates from `from` for `days` days.
pub fn dates(from: Date, days: i64) -> impl Iterator<Item = Date> {
    (0..days.max(0)).map(move |i| from + Duration::days(i))
}

/// Whether someone may book online, given the times of their no-shows (newest first, within
/// the window): `Err(until)` with the first day they may book again.
pub fn may_book(no_shows: &[i64], now: i64) -> Result<(), i64> {
    use rules::*;
    let window = now - NO_SHOW_WINDOW_DAYS * 86_400;
    let recent: Vec<i64> = no_shows.iter().copied().filter(|t| *t >= window).collect();
    let last = recent.iter().copied().max().unwrap_or(0);
    let until = last + NO_SHOW_PAUSE_DAYS * 86_400;
    if recent.len() as i64 >= NO_SHOW_LIMIT && now < until {
        Err(until)
    } else {
        Ok(())
    }
}

/// A ticket as the queue orders it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueEntry {
    pub id: i64,
    pub priority: i64,
    pub rank_at: i64,
}

/// Queue order: priority first, then by rank (a booking's slot time, a walk-in's arrival), then
/// by issue order.
pub fn queue_order(a: &QueueEntry, b: &QueueEntry) -> std::cmp::Ordering {
    b.priority.cmp(&a.priority).then(a.rank_at.cmp(&b.rank_at)).then(a.id.cmp(&b.id))
}

/// Estimated wait in seconds for someone with `ahead` people before them, served at
/// `counters` counters taking `service_secs` each.
pub fn estimated_wait(ahead: i64, counters: i64, service_secs: i64) -> i64 {
    let service = if service_secs > 0 { service_secs } else { rules::DEFAULT_SERVICE_SECS };
    (ahead.max(0) * service) / counters.max(1)
}

/// The ticket number shown and spoken: `A-007`.
pub fn ticket_number(prefix: &str, n: i64) -> String {
    format!("{prefix}-{n:03}")
}

/// An iCalendar (RFC 5545) event for a booking.
pub struct Event<'a> {
    pub uid: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub stamp: i64,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub cancelled: bool,
}

impl Event<'_> {
    /// The booking as a calendar file (the encoder is [`crate::events::ics`]).
    pub fn to_ics(&self) -> String {
        use crate::events::ics::{Calendar, VEvent};
        Calendar {
            prodid: "-//SatuPintu//Janji Temu//ID",
            name: None,
            method: Some(if self.cancelled { "CANCEL" } else { "PUBLISH" }),
            events: vec![VEvent {
                uid: self.uid,
                stamp: self.stamp,
                starts_at: self.starts_at,
                ends_at: self.ends_at,
                summary: self.summary,
                location: self.location,
                description: self.description,
                url: Some(self.url),
                geo: None,
                cancelled: self.cancelled,
                alarm: Some("-PT2H"),
            }],
        }
        .encode()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn services() -> HashMap<String, String> {
        [("ktp-el-baru", "disdukcapil"), ("kia", "disdukcapil"), ("nib", "dpmptsp")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    const DOC: &str = r#"{"format":"satupintu.locations/v1","locations":[{"id":"mpp-kota","kind":"mpp",
        "name":"MPP Kota","address":"Jl. Merdeka 1","hours":{"mon":{"open":"08:00","close":"12:00","breaks":[["10:00","10:30"]]},
        "fri":{"open":"08:00","close":"11:00"}},"slot_minutes":30,"services":[{"service":"ktp-el-baru","capacity":3,"prefix":"A"},
        {"service":"nib","capacity":0,"prefix":"B"}],"counters":[{"name":"Loket 1","services":["ktp-el-baru","nib"]}]}]}"#;

    #[test]
    fn a_location_plans_slots_around_breaks_and_closed_days() {
        let locs = parse_doc(DOC, &services()).expect("valid");
        let l = &locs[0];
        // Monday 2026-11-30: 08:00-10:00 (4 slots), break, 10:30-12:00 (3 slots); walk-in-only NIB has none.
        let mon = plan_location(l, date!(2026 - 11 - 30), false);
        assert_eq!(mon.len(), 7);
        assert!(mon.iter().all(|p| p.service_id == "ktp-el-baru" && p.capacity == 3));
        assert_eq!((mon[4].start, mon[4].end), (630, 660));
        assert!(plan_location(l, date!(2026 - 12 - 01), false).is_empty(), "Tuesday is closed");
        assert!(plan_location(l, date!(2026 - 11 - 30), true).is_empty(), "a holiday");
        assert_eq!(plan_location(l, date!(2026 - 12 - 04), false).len(), 6);
    }

    #[test]
    fn bad_locations_are_refused_with_a_path_for_each_problem() {
        let bad = DOC
            .replace("\"mpp\"", "\"mall\"")
            .replace("\"12:00\",\"breaks\"", "\"07:00\",\"breaks\"")
            .replace("\"nib\",\"capacity\"", "\"kk\",\"capacity\"")
            .replace("\"prefix\":\"B\"", "\"prefix\":\"A\"");
        let errs = parse_doc(&bad, &services()).expect_err("invalid");
        let paths: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert!(paths.contains(&"$.locations[0].kind"), "{paths:?}");
        assert!(paths.contains(&"$.locations[0].hours.mon"), "{paths:?}");
        assert!(paths.contains(&"$.locations[0].services[1].service"), "{paths:?}");
        assert!(paths.contains(&"$.locations[0].services[1].prefix"), "{paths:?}");
        assert!(paths.contains(&"$.locations[0].counters[0].services"), "{paths:?}");
        assert_eq!(parse_doc("{", &services()).expect_err("json")[0].key, "loc-bad-json");
        let other = DOC.replace("\"kind\":\"mpp\"", "\"kind\":\"kantor\",\"agency\":\"disdukcapil\"");
        let errs = parse_doc(&other, &services()).expect_err("NIB is another agency's");
        assert_eq!(errs[0].key, "loc-other-agency");
    }

    #[test]
    fn times_parse_strictly() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("8:05"), Some(485));
        for bad in ["24:00", "08:60", "0830", "", "08:3", "-1:00", "aa:bb"] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
        assert_eq!(hhmm(510), "08:30");
        // 08:00 WIB (UTC+7) on 2026-11-30 is 01:00 UTC.
        assert_eq!(local_instant(date!(2026 - 11 - 30), 480, 7), 1_796_000_400);
    }

    #[test]
    fn a_statistics_period_defaults_to_thirty_days_and_is_at_most_a_year() {
        let today = date!(2026 - 11 - 30);
        assert_eq!(period(today, ("dari", ""), ("sampai", "")), Ok((date!(2026 - 10 - 31), today)));
        assert_eq!(
            period(today, ("dari", "2026-01-01"), ("sampai", "2026-01-31")),
            Ok((date!(2026 - 01 - 01), date!(2026 - 01 - 31)))
        );
        let keys = |r: Result<(Date, Date), Vec<FieldError>>| {
            r.expect_err("refused").iter().map(|e| (e.field.clone(), e.key)).collect::<Vec<_>>()
        };
        assert_eq!(
            keys(period(today, ("dari", "2026-02-01"), ("sampai", "2026-01-01"))),
            [("dari".to_string(), "field-date-range")]
        );
        assert_eq!(
            keys(period(today, ("dari", "2024-01-01"), ("sampai", "2026-01-01"))),
            [("dari".to_string(), "field-date-range")]
        );
        assert_eq!(
            keys(period(today, ("from", "2026-02-30"), ("to", "x"))),
            [("from".to_string(), "field-date"), ("to".to_string(), "field-date")]
        );
        assert_eq!(day("date", "1999-12-31", today).map_err(|e| e.key), Err("field-date"));
    }

    #[test]
    fn three_no_shows_pause_online_booking_for_thirty_days() {
        let day = 86_400;
        let now = 200 * day;
        assert!(may_book(&[now - day, now - 2 * day], now).is_ok());
        assert_eq!(may_book(&[now - day, now - 2 * day, now - 3 * day], now), Err(now - day + 30 * day));
        assert!(may_book(&[now - 31 * day, now - 40 * day, now - 50 * day], now).is_ok(), "the pause is over");
        assert!(may_book(&[now - day, now - 2 * day, now - 100 * day], now).is_ok(), "one is too old");
    }

    #[test]
    fn priority_goes_first_then_slot_time_or_arrival() {
        let mut q = [
            QueueEntry { id: 1, priority: 0, rank_at: 100 },
            QueueEntry { id: 2, priority: 1, rank_at: 300 },
            QueueEntry { id: 3, priority: 0, rank_at: 50 },
            QueueEntry { id: 4, priority: 0, rank_at: 100 },
        ];
        q.sort_by(queue_order);
        assert_eq!(q.iter().map(|e| e.id).collect::<Vec<_>>(), [2, 3, 1, 4]);
        assert_eq!(estimated_wait(3, 2, 600), 900);
        assert_eq!(estimated_wait(3, 0, 0), 1800);
    }

    #[test]
    fn the_calendar_file_is_valid_rfc5545() {
        let e = Event {
            uid: "JT-2026-000001@satupintu",
            starts_at: 1_796_000_400,
            ends_at: 1_796_002_200,
            stamp: 1_795_900_000,
            summary: "Janji temu: Perekaman KTP-el; loket A, B",
            location:
                "Mal Pelayanan Publik Kota Contoh, Jl. Merdeka No. 1, Kota Contoh, Jawa Barat 40111 (Gedung A lantai 2)",
            description: "Kode: JT-2026-000001\nBawa KTP",
            url: "https://satupintu.example.id/janji/JT-2026-000001",
            cancelled: false,
        };
        let ics = e.to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("DTSTART:20261130T010000Z\r\n"));
        assert!(ics.contains("SUMMARY:Janji temu: Perekaman KTP-el\\; loket A\\, B\r\n"));
        assert!(ics.contains("DESCRIPTION:Kode: JT-2026-000001\\nBawa KTP"));
        assert!(ics.lines().all(|l| l.len() <= 76), "folded at 75 octets");
        assert!(ics.contains("\r\n "), "the long location is folded");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
