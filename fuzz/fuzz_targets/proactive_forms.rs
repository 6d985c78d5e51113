//! The "Dokumen saya" and "Keluarga saya" forms (what a citizen types): never panic; a refusal
//! names at least one field; an accepted document keeps at most the last four letters or digits
//! of its number and an expiry within a year back and 20 years ahead; an accepted family member
//! was born on or before today, with a masked NIK or none.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::proactive::model::{self, DocumentInput, MemberInput};

fuzz_target!(|input: (String, String, String, String, String, u16)| {
    let (kind, label, number, date, name, offset) = input;
    let start = time::Date::from_calendar_date(2026, time::Month::January, 1).expect("a date");
    let today = start + time::Duration::days(i64::from(offset));
    let doc = DocumentInput { kind, label, number: number.clone(), expires_on: date.clone() };
    match model::check_document(&doc, today) {
        Ok(d) => {
            assert!(d.number_tail.chars().count() <= 4 && d.number_tail.chars().all(|c| c.is_ascii_alphanumeric()));
            assert!(d.expires_on >= today - time::Duration::days(366) && d.expires_on <= model::anniversary(today, 20));
            let _ = model::threshold((d.expires_on - today).whole_days());
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
    let member = MemberInput { name, nik: number, birth_date: date };
    match model::check_member(&member, today) {
        Ok(m) => {
            assert!(m.birth_date <= today);
            assert!(m.nik_masked.is_empty() || m.nik_masked.len() == 16);
            let _ = (model::age_years(m.birth_date, today), model::age_months(m.birth_date, today));
            let _ = model::ktp_due(m.birth_date, today);
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
});
