//! Uploads' type detection and image cleaning: never panic; whatever is accepted as an image
//! re-encodes to the type it claims, with nothing of the original's metadata.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::uploads::{clean_image, sniff};

fuzz_target!(|data: &[u8]| {
    match sniff(data) {
        Some(mime) if mime.starts_with("image/") => {
            if let Ok((clean, out_mime)) = clean_image(data, mime) {
                assert_eq!(sniff(&clean), Some(out_mime));
            }
        }
        Some(_) | None => {}
    }
});
