//! Draft regulations split into articles and clauses, and rupiah amounts as people type them:
//! never panic; every paragraph has a label and text; amounts are whole and non-negative.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::participation::model::{parse_rupiah, split_draft};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let paragraphs = split_draft(s);
    for (label, text) in &paragraphs {
        assert!(!label.is_empty());
        assert!(!text.trim().is_empty());
    }
    assert!(paragraphs.iter().map(|(_, text)| text.len()).sum::<usize>() <= s.len());
    if let Some(n) = parse_rupiah(s) {
        assert!(n >= 0);
    }
});
