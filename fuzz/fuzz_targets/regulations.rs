//! Regulation texts and drafts: checking a draft never panics; splitting a text into articles
//! keeps every word in order; a full comparison of two texts rebuilds both of them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::regulations::model::{blocks, check, diff, DraftInput};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (a, b) = text.split_once('\u{0}').unwrap_or((text, ""));
    let input = DraftInput {
        kind: "perda".into(),
        number: a.chars().take(50).collect(),
        year: a.chars().rev().take(4).collect(),
        title: a.chars().take(300).collect(),
        enacted_on: b.chars().take(10).collect(),
        effective_on: b.chars().take(10).collect(),
        note: b.into(),
        body: a.into(),
        ..Default::default()
    };
    if let Err(errs) = check(&input, true, 2026) {
        assert!(!errs.is_empty());
    }
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let joined: Vec<String> = blocks(a).iter().flat_map(|b| words(&b.text)).collect();
    assert_eq!(joined, words(a));
    // More context than the texts have lines (a lone CR ends a line too): the whole texts.
    let all = a.len() + b.len() + 1;
    let lines = diff(a, b, all);
    let side = |skip: &str| lines.iter().filter(|l| l.change != skip).map(|l| l.text.clone()).collect::<Vec<_>>();
    let strip = |s: &str| {
        s.replace("\r\n", "\n").replace('\r', "\n").split_terminator('\n').map(str::to_string).collect::<Vec<_>>()
    };
    if lines.is_empty() {
        assert_eq!(strip(a), strip(b), "no difference shown only for the same lines");
    } else {
        assert_eq!(side("added"), strip(a));
        assert_eq!(side("removed"), strip(b));
    }
});
