//! Paper-survey CSV of `satupintu skm ikm`: never panics; a problem names a line of the input;
//! accepted rows are all 1–4 and give an IKM in 25.00–100.00 with its category; written back as
//! CSV they read the same.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::skm::model::{self, Ikm};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Lines as the CSV reader counts them: CRLF, LF and a lone CR each end one.
    let lines = text.replace("\r\n", "\n").replace('\r', "\n").split('\n').count().max(1);
    match model::parse_csv(text) {
        Ok(rows) => {
            assert!(!rows.is_empty());
            assert!(rows.iter().all(|r| r.iter().all(|s| (1..=4).contains(s))));
            let ikm = Ikm::of(&rows).expect("respondents");
            assert!((2500..=10000).contains(&ikm.centi));
            assert_eq!(ikm.category, model::category(ikm.centi));
            let mut csv = satupintu::csv::record(&["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"]);
            for r in &rows {
                csv.push_str(&satupintu::csv::record(&r.iter().map(i64::to_string).collect::<Vec<_>>()));
            }
            assert_eq!(model::parse_csv(&csv).expect("written back, read again"), rows);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            assert!(problems.iter().all(|p| p.line >= 1 && p.line <= lines + 1), "{problems:?}");
        }
    }
});
