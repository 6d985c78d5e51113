//! The SensorThings API's outside input: the query string (`$top`, `$filter`, `$expand`, ...)
//! and a path segment (`Things('x')`). Never panics; every refusal names a message that exists
//! in Indonesian and English; what is accepted stays within the limits; an observation
//! `$orderby` that is accepted becomes SQL made only of known columns; ids quoted for a path
//! read back as themselves.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::iot::sta::query::{Options, MAX_TOP};
use satupintu::iot::sta::{key, segment, store};
use satupintu::web::{locales, Lang};

fn check(o: &Options, depth: usize) {
    assert!(depth <= 8, "expand nested too deep");
    assert!(o.limit() >= 0 && o.limit() <= MAX_TOP && o.skip >= 0);
    if let Ok(sql) = store::order_sql(&o.orderby) {
        for part in sql.split(", ") {
            let (col, dir) = part.split_once(' ').expect("column and direction");
            assert!(["r.ts_ms", "r.value", "r.sensor_id"].contains(&col) && ["ASC", "DESC"].contains(&dir), "{sql}");
        }
    }
    if let Some(f) = &o.filter {
        let _ = f.clone().typed(store::OBSERVATION_PROPS);
    }
    for x in &o.expand {
        assert!(!x.nav.is_empty());
        check(&x.options, depth + 1);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Options::from_query(&text) {
        Ok(o) => check(&o, 0),
        Err(e) => {
            assert!(e.key.starts_with("sta-error-"));
            for lang in [Lang::Id, Lang::En] {
                assert_ne!(locales().msg(lang, e.key, None), e.key, "no message for {}", e.key);
            }
        }
    }
    match segment(&text) {
        Ok((name, id)) => {
            assert!(id.as_deref().is_none_or(|i| !i.is_empty()));
            assert!(!name.contains('('));
        }
        Err(f) => assert_eq!(f.status().as_u16(), 404),
    }
    let quoted = key(&text);
    if !quoted.contains('%') && !text.is_empty() {
        assert_eq!(segment(&format!("Things({quoted})")).expect("quoted id").1.as_deref(), Some(&*text));
    }
});
