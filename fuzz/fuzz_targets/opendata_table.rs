//! Open data resource parsing (CSV and JSON uploads): never panics; an accepted table has a
//! usable header and rows as wide as it, and comes back unchanged from its own CSV and JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::opendata::model::Table;

fuzz_target!(|data: &[u8]| {
    for parsed in [Table::parse_csv(data), Table::parse_json(data)] {
        let Ok(t) = parsed else { continue };
        assert!(!t.columns.is_empty());
        assert!(t.rows.iter().all(|r| r.len() == t.columns.len()));
        let again = Table::parse_csv(t.to_csv().as_bytes()).expect("its own CSV parses");
        assert_eq!(again.columns, t.columns);
        // A row of one empty cell is a blank line in CSV, skipped on reading.
        if t.columns.len() > 1 {
            assert_eq!(again.rows, t.rows);
        }
        let json = serde_json::to_vec(&t.to_json()).expect("json");
        if !t.rows.is_empty() {
            let back = Table::parse_json(&json).expect("its own JSON parses");
            assert_eq!(back.rows.len(), t.rows.len());
        }
    }
});
