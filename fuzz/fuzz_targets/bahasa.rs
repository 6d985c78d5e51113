//! Indonesian text analysis of search queries and messages: never panics, and normalising is
//! idempotent.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let once = bahasa::normalize(text);
    assert_eq!(bahasa::normalize(&once), once);
    for w in bahasa::analyze(text) {
        let _ = bahasa::stem(&w);
    }
    if let Some((a, b)) = text.split_once('|') {
        let _ = bahasa::edit_distance_within(a, b, 2);
    }
});
