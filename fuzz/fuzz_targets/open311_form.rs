//! The Open311 `POST /open311/v2/requests` form (the query string, a NUL byte, then the
//! form-encoded body), its dates and its file names: never panic; every refusal has the spec's
//! status and says why; whatever is accepted is a complete, checked report; dates read back what
//! they write.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::reports::model::{Category, Privacy};
use satupintu::reports::open311::api::{parse_w3c, split, w3c, CreateForm, Format, DESCRIPTION_MAX};
use time::UtcOffset;

fuzz_target!(|data: &[u8]| {
    let (query, body) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&[][..], data),
    };
    let query = String::from_utf8_lossy(query);
    match CreateForm::parse(&query, body) {
        Err(f) => assert!(f.status() == 400 && !f.descriptions().is_empty()),
        Ok(form) => {
            match form.api_key() {
                Ok(key) => assert!(!key.is_empty() && key.trim() == key),
                Err(f) => assert!(f.status() == 403 && !f.descriptions().is_empty()),
            }
            match form.report() {
                Err(f) => {
                    assert!(f.status() == 400 || f.status() == 404, "status {}", f.status());
                    assert!(!f.descriptions().is_empty() && f.descriptions().iter().all(|d| !d.is_empty()));
                }
                Ok(r) => {
                    let input = &r.input;
                    assert_eq!(input.category.as_deref(), Some(r.category.as_str()));
                    assert_eq!(Category::parse(r.category.as_str()), Some(r.category));
                    assert!(input.photos.is_empty());
                    match (input.lat, input.lon) {
                        (Some(a), Some(b)) => assert!(a.is_finite() && b.is_finite()),
                        (None, None) => assert!(input.address.is_some() && input.region_code.is_some()),
                        _ => panic!("lat without lon, or lon without lat"),
                    }
                    assert!(input.description.as_ref().is_none_or(|d| d.chars().count() <= DESCRIPTION_MAX));
                    assert!(Privacy::parse(input.privacy.as_deref().unwrap_or("")).is_some());
                    assert!(r.guest.name.as_ref().is_none_or(|n| !n.is_empty()));
                }
            }
        }
    }

    let text = String::from_utf8_lossy(data);
    let wib = UtcOffset::from_hms(7, 0, 0).expect("offset");
    let (start, end) = (parse_w3c(&text, wib, false), parse_w3c(&text, wib, true));
    assert_eq!(start.is_some(), end.is_some(), "{text:?}");
    if let (Some(s), Some(e)) = (start, end) {
        assert!(e == s || e == s + 86_399, "{text:?}: {s} to {e}");
        // Years 1 to 9998: what w3c() writes, parse_w3c() reads back.
        if (-62_135_596_800 + 86_400..253_370_764_800 - 86_400).contains(&s) {
            assert_eq!(parse_w3c(&w3c(s, wib), wib, false), Some(s), "{text:?}");
        }
    }

    if let Some((name, format)) = split(&text) {
        let ext = match format {
            Format::Xml => "xml",
            Format::Json => "json",
        };
        assert!(!name.is_empty());
        assert_eq!(format!("{name}.{ext}"), text);
    }
});
