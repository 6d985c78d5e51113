//! Budget import parsing (CSV and satupintu.budget/v1 JSON): never panics; every problem names
//! where it is; accepted lines come back unchanged through the CSV and JSON downloads.
#![no_main]
use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use satupintu::budget::model::{self, Document};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let known: HashSet<String> = ["dinkes", "dpupr"].into_iter().map(String::from).collect();
    match model::parse(text, &known) {
        Ok(lines) => {
            assert!(!lines.is_empty());
            assert!(lines.iter().all(|l| l.realisation.len() == 12 && l.plan >= 0));
            assert_eq!(model::parse(&model::to_csv(&lines), &known).expect("the CSV download re-imports"), lines);
            let doc =
                serde_json::to_string(&Document { format: model::FORMAT.into(), lines: lines.clone() }).expect("json");
            assert_eq!(model::parse(&doc, &known).expect("the JSON download re-imports"), lines);
        }
        Err(problems) => assert!(!problems.is_empty() && problems.iter().all(|p| !p.path.is_empty())),
    }
});
