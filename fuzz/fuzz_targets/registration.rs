//! Registration input (what the sign-up form and API receive): never panics; every refusal
//! names at least one field.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::identity::model::Registration;

fuzz_target!(|fields: (Option<String>, Option<String>, Option<String>, Option<String>, Option<String>)| {
    let (nik, name, email, phone, password) = fields;
    match Registration::parse(nik.as_deref(), name.as_deref(), email.as_deref(), phone.as_deref(), password.as_deref()) {
        Ok(reg) => assert!(!reg.full_name.is_empty()),
        Err(errors) => assert!(!errors.is_empty()),
    }
});
