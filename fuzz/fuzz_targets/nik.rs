//! NIK parsing: never panics; whatever parses is 16 digits and re-parses to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::identity::Nik;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(nik) = Nik::parse(s) {
        assert_eq!(nik.as_str().len(), 16);
        assert!(nik.as_str().bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(Nik::parse(nik.as_str()).as_ref().map(Nik::as_str), Ok(nik.as_str()));
        let _ = nik.info();
        assert_eq!(nik.masked().len(), 16);
    }
});
