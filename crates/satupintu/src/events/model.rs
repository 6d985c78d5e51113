//! Events: the kinds, what staff type (checked once here, without I/O), the registration
//! window, and places in microdegrees.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::FieldError;

/// Cultural programmes, festivals, workshops (arts, batik) and training (UMKM, digital literacy).
pub const KINDS: [&str; 4] = ["budaya", "festival", "lokakarya", "pelatihan"];

/// The longest event (a festival of several days).
pub const MAX_DAYS: i64 = 31;

/// What staff type: a form or a JSON body. Times are local (`YYYY-MM-DDTHH:MM`, WIB); an empty
/// capacity is unlimited; an empty registration window opens at once and closes at the start.
#[derive(Deserialize, Serialize, Clone, Debug, Default, ToSchema)]
#[schema(as = EventInput)]
#[serde(default)]
pub struct EventInput {
    pub title: String,
    /// `budaya`, `festival`, `lokakarya` or `pelatihan`.
    pub kind: String,
    /// The organising agency (staff of an agency: their own).
    pub agency: String,
    pub description: String,
    pub place_name: String,
    pub place_address: String,
    /// Decimal degrees, optional (both or neither).
    pub lat: String,
    pub lon: String,
    pub starts_at: String,
    pub ends_at: String,
    /// Seats (empty: unlimited).
    pub capacity: String,
    pub registration_opens_at: String,
    pub registration_closes_at: String,
}

/// A checked event, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub kind: String,
    pub agency_id: String,
    pub title: String,
    pub description: String,
    pub place_name: String,
    pub place_address: String,
    pub lat_e6: Option<i64>,
    pub lon_e6: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub registration_opens_at: Option<i64>,
    pub registration_closes_at: Option<i64>,
}

fn length_ok(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.chars().count())
}

/// Degrees typed as text to microdegrees, within `limit`.
fn degrees(s: &str, limit: f64) -> Option<i64> {
    let v: f64 = s.trim().replace(',', ".").parse().ok()?;
    (v.is_finite() && v.abs() <= limit).then(|| (v * 1_000_000.0).round() as i64)
}

/// Microdegrees back to degrees.
pub fn from_e6(v: i64) -> f64 {
    v as f64 / 1_000_000.0
}

fn local(field: &'static str, key: &'static str, text: &str, offset: i8, errs: &mut Vec<FieldError>) -> Option<i64> {
    match text.trim() {
        "" => None,
        t => {
            let v = crate::calendar::parse_local_datetime(t, offset);
            if v.is_none() {
                errs.push(FieldError::new(field, key));
            }
            v
        }
    }
}

/// Check what staff typed; `agencies` are the agencies this user organises for.
pub fn check(input: &EventInput, agencies: &[String], offset_hours: i8) -> Result<Draft, Vec<FieldError>> {
    let mut errs = vec![];
    let title = input.title.trim();
    if !length_ok(title, 5, 200) {
        errs.push(FieldError::new("title", "field-event-title"));
    }
    let kind = input.kind.trim();
    if !KINDS.contains(&kind) {
        errs.push(FieldError::new("kind", "field-event-kind"));
    }
    let agency = input.agency.trim();
    if !agencies.iter().any(|a| a == agency) {
        errs.push(FieldError::new("agency", "field-event-agency"));
    }
    let description = input.description.trim().replace("\r\n", "\n");
    if !length_ok(&description, 10, 10_000) {
        errs.push(FieldError::new("description", "field-event-description"));
    }
    let place_name = input.place_name.trim();
    if !length_ok(place_name, 2, 200) {
        errs.push(FieldError::new("place_name", "field-event-place-name"));
    }
    let place_address = input.place_address.trim();
    if !length_ok(place_address, 5, 500) {
        errs.push(FieldError::new("place_address", "field-event-place-address"));
    }
    let (lat, lon) = match (input.lat.trim(), input.lon.trim()) {
        ("", "") => (None, None),
        (a, b) => match (degrees(a, 90.0), degrees(b, 180.0)) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            _ => {
                errs.push(FieldError::new("lat", "field-event-point"));
                (None, None)
            }
        },
    };
    let starts = match input.starts_at.trim() {
        "" => {
            errs.push(FieldError::new("starts_at", "field-event-starts-at"));
            None
        }
        _ => local("starts_at", "field-event-starts-at", &input.starts_at, offset_hours, &mut errs),
    };
    let ends = match input.ends_at.trim() {
        "" => {
            errs.push(FieldError::new("ends_at", "field-event-ends-at"));
            None
        }
        _ => local("ends_at", "field-event-ends-at", &input.ends_at, offset_hours, &mut errs),
    };
    if let (Some(s), Some(e)) = (starts, ends) {
        if e <= s || e - s > MAX_DAYS * 86_400 {
            errs.push(FieldError::new("ends_at", "field-event-ends-at"));
        }
    }
    let capacity = match input.capacity.trim() {
        "" => None,
        c => match c.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Some(n),
            _ => {
                errs.push(FieldError::new("capacity", "field-event-capacity"));
                None
            }
        },
    };
    let opens = local(
        "registration_opens_at",
        "field-event-registration",
        &input.registration_opens_at,
        offset_hours,
        &mut errs,
    );
    let closes = local(
        "registration_closes_at",
        "field-event-registration",
        &input.registration_closes_at,
        offset_hours,
        &mut errs,
    );
    let closes_by = closes.or(starts);
    if let (Some(o), Some(c)) = (opens, closes_by) {
        if o >= c {
            errs.push(FieldError::new("registration_opens_at", "field-event-registration"));
        }
    }
    if let (Some(c), Some(s)) = (closes, starts) {
        if c > s {
            errs.push(FieldError::new("registration_closes_at", "field-event-registration"));
        }
    }
    match (starts, ends) {
        (Some(starts_at), Some(ends_at)) if errs.is_empty() => Ok(Draft {
            kind: kind.to_string(),
            agency_id: agency.to_string(),
            title: title.to_string(),
            description,
            place_name: place_name.to_string(),
            place_address: place_address.to_string(),
            lat_e6: lat,
            lon_e6: lon,
            starts_at,
            ends_at,
            capacity,
            registration_opens_at: opens,
            registration_closes_at: closes,
        }),
        _ => Err(errs),
    }
}

/// Whether registration is open at `now`: from its opening (at once when none) to its closing
/// (the start when none), never for a cancelled event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    NotYet,
    Open,
    Closed,
}

impl Window {
    pub fn at(opens: Option<i64>, closes: Option<i64>, starts_at: i64, cancelled: bool, now: i64) -> Window {
        if cancelled || now >= closes.unwrap_or(starts_at).min(starts_at) {
            Window::Closed
        } else if opens.is_some_and(|o| now < o) {
            Window::NotYet
        } else {
            Window::Open
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EventInput {
        EventInput {
            title: "Lokakarya Batik Jetis".into(),
            kind: "lokakarya".into(),
            agency: "diskominfo".into(),
            description: "Belajar membatik tulis bersama perajin.".into(),
            place_name: "Balai Pemuda".into(),
            place_address: "Jl. Gubernur Suryo No. 15, Surabaya".into(),
            lat: "-7,2634".into(),
            lon: "112.7456".into(),
            starts_at: "2026-12-12T09:00".into(),
            ends_at: "2026-12-12T12:00".into(),
            capacity: "25".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_event_is_checked_into_utc_and_microdegrees() {
        let d = check(&input(), &["diskominfo".into()], 7).expect("ok");
        assert_eq!(d.starts_at, crate::calendar::parse_local_datetime("2026-12-12T02:00", 0).unwrap());
        assert_eq!((d.lat_e6, d.lon_e6, d.capacity), (Some(-7_263_400), Some(112_745_600), Some(25)));
        assert_eq!(d.registration_closes_at, None);
    }

    #[test]
    fn bad_fields_are_named() {
        let mut bad = input();
        bad.title = "x".into();
        bad.kind = "konser".into();
        bad.lat = "-7.2".into();
        bad.lon = "".into();
        bad.ends_at = "2026-12-12T08:00".into();
        bad.capacity = "0".into();
        bad.registration_closes_at = "2026-12-13T08:00".into();
        let errs = check(&bad, &["diskominfo".into()], 7).expect_err("refused");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "kind", "lat", "ends_at", "capacity", "registration_closes_at"]);
        let errs = check(&EventInput::default(), &[], 7).expect_err("refused");
        assert!(errs.iter().any(|e| e.field == "starts_at") && errs.iter().any(|e| e.field == "agency"));
    }

    #[test]
    fn the_window_opens_and_closes() {
        assert_eq!(Window::at(Some(10), None, 100, false, 5), Window::NotYet);
        assert_eq!(Window::at(Some(10), None, 100, false, 10), Window::Open);
        assert_eq!(Window::at(None, Some(50), 100, false, 50), Window::Closed);
        assert_eq!(Window::at(None, None, 100, false, 100), Window::Closed);
        assert_eq!(Window::at(None, None, 100, true, 0), Window::Closed);
    }
}
