//! Bank statements (`satupintu payments import-statement`, MT940 and CSV): never panics; an
//! error names a line of the input and a message key; accepted lines are whole rupiah above
//! zero, in the order of the file, with identities that do not change when parsed again.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::payments::statement::{self, Format};

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
    for format in [None, Some(Format::Mt940), Some(Format::Csv)] {
        match statement::parse_bytes(data, format) {
            Ok(s) => {
                assert!(format.is_none_or(|f| f == s.format));
                assert!(s.lines.iter().all(|l| l.amount_idr > 0 && l.line >= 1 && l.line <= lines));
                assert!(s.lines.windows(2).all(|w| w[0].line < w[1].line));
                let again = statement::parse_bytes(data, Some(s.format)).expect("parses again");
                assert_eq!(
                    s.lines.iter().map(|l| l.reference()).collect::<Vec<_>>(),
                    again.lines.iter().map(|l| l.reference()).collect::<Vec<_>>()
                );
                for l in &s.lines {
                    assert!(l.digit_runs().iter().all(|r| r.len() >= 16 && r.bytes().all(|b| b.is_ascii_digit())));
                }
            }
            Err(e) => {
                assert!(e.line >= 1 && e.line <= lines, "{e:?} of {lines}");
                assert!(e.key.starts_with("pay-statement-error-"), "{e:?}");
            }
        }
    }
});
