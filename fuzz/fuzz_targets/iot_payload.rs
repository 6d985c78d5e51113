//! A device's readings payload, whatever bytes arrive on the topic or in the HTTP body: never
//! panics; a payload is refused whole only for its size, JSON or count; otherwise there is one
//! outcome per reading sent, and every accepted reading has a plain sensor id, a finite value and
//! a time inside the window.
#![no_main]
use libfuzzer_sys::fuzz_target;
use satupintu::iot::payload::{self, Window};

const NOW: i64 = 1_780_000_000_000;

fuzz_target!(|data: &[u8]| {
    let window = Window::new(NOW, 14);
    match payload::parse(data, window) {
        Err(key) => assert!(payload::ALL_KEYS.contains(&key), "{key}"),
        Ok(readings) => {
            assert!(!readings.is_empty() && readings.len() <= payload::MAX_READINGS);
            for r in readings {
                match r {
                    Ok(r) => {
                        assert!(payload::valid_sensor_id(&r.sensor_id), "{:?}", r.sensor_id);
                        assert!(r.value.is_finite());
                        assert!(r.ts_ms >= window.oldest_ms && r.ts_ms <= NOW + payload::MAX_FUTURE_MS, "{}", r.ts_ms);
                    }
                    Err(key) => assert!(payload::ALL_KEYS.contains(&key), "{key}"),
                }
            }
        }
    }
    if let Ok(topic) = std::str::from_utf8(data) {
        if let Some(device) = payload::topic_device(topic) {
            assert!(!device.is_empty() && !device.contains('/'));
        }
    }
});
