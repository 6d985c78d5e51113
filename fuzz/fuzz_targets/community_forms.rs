//! The forms of issue 13 (what citizens and staff type): announcements, events, waste-pickup
//! requests, waste-bank deposits and organisations, and the display-settings cookie. Never panic;
//! a refusal names at least one field; what is accepted keeps its promises (the agency is one the
//! user may speak for, an event ends after it starts, an announcement expires after it is
//! published, a deposit weighs something and is not in the future, a cookie reads back the same).
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::announcements::model::{self as ann, AnnouncementInput};
use satupintu::events::model::{self as ev, EventInput};
use satupintu::green::model::{self as green, PickupInput};
use satupintu::guides::model::Display;
use satupintu::partners::model::{self as partners, DepositInput, OrgInput};

fuzz_target!(|input: (String, String, String, String, String, String, u16)| {
    let (a, b, c, d, e, f, n) = input;
    let agencies = vec!["dlh".to_string(), e.clone()];

    let announcement = AnnouncementInput {
        title: a.clone(),
        summary: b.clone(),
        body: c.clone(),
        kind: d.clone(),
        agency: e.clone(),
        region: f.clone(),
        publish_at: b.clone(),
        expires_at: c.clone(),
    };
    match ann::check(&announcement, &agencies, 1_790_000_000, 7) {
        Ok(draft) => {
            assert!(agencies.contains(&draft.agency_id));
            assert!(draft.expires_at.is_none_or(|x| x > draft.publish_at));
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
    let _ = ann::paragraphs(&c);

    let event = EventInput {
        title: a.clone(),
        kind: d.clone(),
        agency: e.clone(),
        description: c.clone(),
        place_name: f.clone(),
        place_address: b.clone(),
        lat: d.clone(),
        lon: f.clone(),
        starts_at: b.clone(),
        ends_at: c.clone(),
        capacity: a.clone(),
        registration_opens_at: d.clone(),
        registration_closes_at: e.clone(),
    };
    match ev::check(&event, &agencies, 7) {
        Ok(draft) => {
            assert!(agencies.contains(&draft.agency_id));
            assert!(draft.ends_at > draft.starts_at);
        }
        Err(errors) => assert!(!errors.is_empty()),
    }

    let pickup = PickupInput {
        kind: a.clone(),
        volume: b.clone(),
        address: c.clone(),
        kelurahan: d.clone(),
        rt: e.clone(),
        rw: f.clone(),
        zone: a.clone(),
        window_id: serde_json::Value::String(b.clone()),
    };
    if let Err(errors) = green::check_pickup(&pickup, "3578") {
        assert!(!errors.is_empty());
    }
    if let Some(m) = green::minutes(&a) {
        assert_eq!(green::minutes(&green::hhmm(m)), Some(m));
    }

    let today = time::Date::from_calendar_date(2026, time::Month::January, 1).expect("a date")
        + time::Duration::days(i64::from(n));
    let deposit = DepositInput {
        member_no: a.clone(),
        deposited_on: b.clone(),
        plastik: c.clone(),
        kertas: d.clone(),
        logam: e.clone(),
        kaca: f.clone(),
        organik: a.clone(),
        value: b.clone(),
    };
    match partners::check_deposit(&deposit, today) {
        Ok(d) => {
            assert!(d.deposited_on <= today);
            assert!(d.grams.iter().all(|g| *g >= 0) && d.grams.iter().any(|g| *g > 0));
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
    let _ = (partners::parse_rupiah(&c), partners::parse_kg(&d), partners::parse_regions(&e), partners::slugify(&a));
    let org = OrgInput {
        name: a.clone(),
        kind: b.clone(),
        legal_basis: c.clone(),
        fields: vec![d.clone(), "sampah".into()],
        regions: e.clone(),
        contact: f.clone(),
        description: d.clone(),
    };
    if let Err(errors) = partners::check_org(&org) {
        assert!(!errors.is_empty());
    }

    let display = Display::from_cookie(&f);
    assert_eq!(Display::from_cookie(&display.cookie_value()), display);
});
