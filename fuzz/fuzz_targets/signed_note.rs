//! Signed notes, checkpoints, verifier keys and signature lines from outside (a witness's
//! cosignature, a client's checkpoint): parsing never panics, and what parses prints back to
//! something that parses to the same value.
#![no_main]
use ledger::{open_checkpoint, Checkpoint, Note, Signature, Verifier};
use libfuzzer_sys::fuzz_target;

/// The example key of the C2SP signed-note spec.
const SPEC_VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let key = Verifier::from_vkey(SPEC_VKEY).expect("the spec's key parses");
    if let Ok(note) = Note::parse(s) {
        let printed = note.to_string();
        assert_eq!(Note::parse(&printed).as_ref(), Ok(&note), "a parsed note prints back to itself");
        let _ = note.verify(std::slice::from_ref(&key));
    }
    if let Ok(cp) = Checkpoint::parse(s) {
        assert_eq!(Checkpoint::parse(&cp.body()).as_ref(), Ok(&cp), "a checkpoint body round-trips");
    }
    let _ = open_checkpoint(s, &key);
    if let Ok(v) = Verifier::from_vkey(s.trim()) {
        assert_eq!(Verifier::from_vkey(&v.to_vkey()).map(|w| w.to_vkey()), Ok(v.to_vkey()));
    }
    let _ = Signature::parse_line(s.trim_end_matches('\n'));
});
