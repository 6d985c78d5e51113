//! Catalogue import parsing: never panics; an accepted document survives a round trip.
#![no_main]
use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use satupintu::catalog::model::{parse_catalog, parse_service};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let known: HashSet<String> = ["disdukcapil".to_string()].into();
    match parse_catalog(text, &known) {
        Ok(catalog) => {
            let mut agencies = known.clone();
            agencies.extend(catalog.agencies.iter().map(|a| a.id.clone()));
            for s in &catalog.services {
                let again: serde_json::Value = serde_json::from_str(&s.canonical_json()).expect("canonical JSON parses");
                let s2 = parse_service(&again, &agencies).expect("an accepted service re-parses");
                assert_eq!(s2.content_hash(), s.content_hash());
            }
        }
        Err(problems) => assert!(!problems.is_empty()),
    }
});
