//! The tax agency's file (`satupintu payments import-tax-objects`): never panics; an error names
//! a line of the input and a `tax-error-*` key; accepted rows are well-formed NOPs or plates,
//! whole rupiah above zero, agencies known, each object and period once, in the file's order.
#![no_main]
use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use satupintu::payments::model::BillKind;
use satupintu::payments::taxes;

fuzz_target!(|data: &[u8]| {
    let agencies: HashSet<String> = ["bapenda", "samsat"].into_iter().map(String::from).collect();
    let lines = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
    match taxes::parse_bytes(data, &agencies) {
        Ok(rows) => {
            let mut seen = HashSet::new();
            for r in &rows {
                assert!(r.line >= 2 && r.line <= lines && r.amount_idr > 0 && agencies.contains(&r.agency));
                assert_eq!(taxes::parse_number(r.kind, &r.object_number).as_deref(), Some(r.object_number.as_str()));
                assert!(matches!(r.kind, BillKind::Pbb | BillKind::Pkb));
                assert!(!r.owner_name.is_empty() && !r.period.is_empty() && !r.description.is_empty());
                assert!(seen.insert((r.kind, r.object_number.clone(), r.period.clone())));
            }
            assert!(rows.windows(2).all(|w| w[0].line < w[1].line));
        }
        Err(e) => {
            assert!(e.line >= 1 && e.line <= lines, "{e:?} of {lines}");
            assert!(e.key.starts_with("tax-error-"), "{e:?}");
        }
    }
});
