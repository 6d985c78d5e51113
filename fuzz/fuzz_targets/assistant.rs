//! The assistant's understanding of any text a citizen could send: never panics; the
//! confidence is a probability; a service is named only for service questions, a category only
//! for complaints; a tracking code found is well-formed and found again in itself; every reply
//! says something, and its links stay on the site.
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use satupintu::assistant::nlu::{tracking_code, Intent};
use satupintu::assistant::Assistant;

static ASSISTANT: LazyLock<Assistant> =
    LazyLock::new(|| satupintu::assistant::eval::assistant_for(None, &[]).expect("the example catalogue trains"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let u = ASSISTANT.model.understand(&text);
    assert!((0.0..=1.0).contains(&u.confidence), "confidence {}", u.confidence);
    assert_eq!(u.service().is_some(), u.intent == Intent::ServiceInfo && !u.services.is_empty());
    assert!(u.category.is_none() || u.intent == Intent::Complaint);
    if let Some(code) = &u.tracking_code {
        assert!(code.len() == 14 && (code.starts_with("SP-") || code.starts_with("LP-")), "{code}");
        assert_eq!(tracking_code(code).as_deref(), Some(code.as_str()));
        assert_eq!(u.intent, Intent::Status);
    }
    let reply = ASSISTANT.reply(&u, &text);
    assert!(!reply.text.trim().is_empty());
    for a in &reply.actions {
        assert!(a.href.as_deref().is_none_or(|h| h.starts_with('/') && !h.starts_with("//")), "{a:?}");
        assert!(a.href.is_some() != a.send.is_some(), "{a:?}");
    }
});
