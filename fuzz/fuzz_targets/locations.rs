//! Locations import parsing and slot planning: never panics; an accepted location re-parses
//! from its own JSON, and every slot it plans lies within its hours, clear of breaks.
#![no_main]
use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use satupintu::appointments::model::{self, parse_doc};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let services: HashMap<String, String> =
        [("ktp-el-baru", "disdukcapil"), ("kia", "disdukcapil"), ("nib", "dpmptsp")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    match parse_doc(text, &services) {
        Ok(locations) => {
            for l in &locations {
                let doc = serde_json::json!({"format": model::FORMAT, "locations": [l.def]}).to_string();
                assert_eq!(parse_doc(&doc, &services).expect("an accepted location re-parses").len(), 1);
                let day = time::Date::from_calendar_date(2026, time::Month::November, 30).expect("date");
                for d in model::dates(day, 7) {
                    let h = l.week[model::weekday_index(d)].clone();
                    for p in model::plan_location(l, d, false) {
                        let h = h.as_ref().expect("slots only on open days");
                        assert!(p.start >= h.open && p.end <= h.close && p.start < p.end);
                        assert!(h.breaks.iter().all(|(a, b)| p.end <= *a || p.start >= *b));
                    }
                }
            }
        }
        Err(problems) => assert!(!problems.is_empty()),
    }
});
