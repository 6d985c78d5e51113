//! The readings payload a device sends (over MQTT or HTTP): one JSON object
//! `{"sensor": "<sensor id>", "value": <number>, "ts": "<RFC 3339, optional>"}` or a JSON array
//! of such objects.
//!
//! Decisions (documented in docs/api.md):
//! - at most [`MAX_BYTES`] bytes and [`MAX_READINGS`] readings per payload; an empty array, a
//!   payload that is not JSON, or JSON that is neither an object nor an array is refused whole;
//! - otherwise each reading is accepted or refused on its own (a refused reading does not take
//!   its neighbours with it); refusals are counted per device;
//! - fields other than `sensor`, `value` and `ts` are ignored (devices may send more, e.g. a
//!   battery level or a sequence number);
//! - `value` must be a JSON number (finite by JSON's grammar); `ts` must be RFC 3339, at most
//!   [`MAX_FUTURE_MS`] ahead of the arrival time and not older than the raw retention; without
//!   `ts` the arrival time is the reading's time (in milliseconds: two readings of one sensor in
//!   the same millisecond are one reading).

use std::borrow::Cow;

use serde_json::Value;

use super::model::Reading;

/// The largest payload accepted, in bytes.
pub const MAX_BYTES: usize = 256 * 1024;
/// The most readings in one payload.
pub const MAX_READINGS: usize = 1000;
/// The longest sensor id.
pub const MAX_SENSOR_LEN: usize = 64;
/// How far ahead of the arrival time a reading's `ts` may be (device clocks drift).
pub const MAX_FUTURE_MS: i64 = 5 * 60 * 1000;

/// Why a payload or a reading was refused: the Fluent message key (never the payload itself).
pub type ErrorKey = &'static str;

pub const ERR_TOO_LARGE: ErrorKey = "iot-error-too-large";
pub const ERR_JSON: ErrorKey = "iot-error-json";
pub const ERR_EMPTY: ErrorKey = "iot-error-empty";
pub const ERR_TOO_MANY: ErrorKey = "iot-error-too-many";
pub const ERR_READING: ErrorKey = "iot-error-reading";
pub const ERR_SENSOR: ErrorKey = "iot-error-sensor";
pub const ERR_VALUE: ErrorKey = "iot-error-value";
pub const ERR_TS: ErrorKey = "iot-error-ts";

/// Every key this module (and the registry check in `ingest`) can give, for the locale tests.
pub const ALL_KEYS: &[ErrorKey] = &[
    ERR_TOO_LARGE,
    ERR_JSON,
    ERR_EMPTY,
    ERR_TOO_MANY,
    ERR_READING,
    ERR_SENSOR,
    ERR_VALUE,
    ERR_TS,
    super::ingest::ERR_UNKNOWN_SENSOR,
    super::ingest::ERR_INACTIVE,
];

/// The time window a reading's `ts` must fall in: `[oldest_ms, now_ms + MAX_FUTURE_MS]`.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    /// The arrival time, unix milliseconds (also the time of readings without `ts`).
    pub now_ms: i64,
    /// The oldest time accepted (raw readings older than this are purged anyway).
    pub oldest_ms: i64,
}

impl Window {
    /// The window for readings arriving at `now_ms` with raw readings kept `raw_days` days.
    pub fn new(now_ms: i64, raw_days: i64) -> Window {
        Window { now_ms, oldest_ms: now_ms.saturating_sub(raw_days.max(1).saturating_mul(86_400_000)) }
    }
}

/// A parsed payload: each reading in order, accepted or refused with its reason.
pub type Parsed = Vec<Result<Reading, ErrorKey>>;

/// Parse a payload. `Err` refuses the whole payload; `Ok` holds one entry per reading sent.
pub fn parse(bytes: &[u8], window: Window) -> Result<Parsed, ErrorKey> {
    if bytes.len() > MAX_BYTES {
        return Err(ERR_TOO_LARGE);
    }
    parse_typed(bytes, window).unwrap_or_else(|| parse_general(bytes, window))
}

/// The general path: a JSON tree, read reading by reading.
fn parse_general(bytes: &[u8], window: Window) -> Result<Parsed, ErrorKey> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|_| ERR_JSON)?;
    match doc {
        Value::Object(_) => Ok(vec![reading(&doc, window)]),
        Value::Array(items) => {
            check_count(items.len())?;
            Ok(items.iter().map(|item| reading(item, window)).collect())
        }
        _ => Err(ERR_JSON),
    }
}

/// A reading as well-behaved devices send it, read without building a JSON tree.
#[derive(serde::Deserialize)]
struct Plain<'a> {
    #[serde(borrow)]
    sensor: Cow<'a, str>,
    value: f64,
    #[serde(default, borrow)]
    ts: Option<Cow<'a, str>>,
}

/// The quick path: a payload whose every reading has the plain shape. `None`: anything else
/// (a reading of another shape, bad JSON), which the general path reads reading by reading.
fn parse_typed(bytes: &[u8], window: Window) -> Option<Result<Parsed, ErrorKey>> {
    match bytes.iter().find(|b| !b.is_ascii_whitespace())? {
        b'{' => {
            let one: Plain = serde_json::from_slice(bytes).ok()?;
            Some(Ok(vec![checked(&one.sensor, one.value, one.ts.as_deref(), window)]))
        }
        b'[' => {
            let many: Vec<Plain> = serde_json::from_slice(bytes).ok()?;
            Some(
                check_count(many.len())
                    .map(|()| many.iter().map(|r| checked(&r.sensor, r.value, r.ts.as_deref(), window)).collect()),
            )
        }
        _ => None,
    }
}

fn check_count(n: usize) -> Result<(), ErrorKey> {
    match n {
        0 => Err(ERR_EMPTY),
        n if n > MAX_READINGS => Err(ERR_TOO_MANY),
        _ => Ok(()),
    }
}

fn reading(item: &Value, window: Window) -> Result<Reading, ErrorKey> {
    let Value::Object(map) = item else { return Err(ERR_READING) };
    let sensor = match map.get("sensor") {
        Some(Value::String(s)) if valid_sensor_id(s) => s,
        _ => return Err(ERR_SENSOR),
    };
    let value = match map.get("value") {
        Some(Value::Number(n)) => n.as_f64().ok_or(ERR_VALUE)?,
        _ => return Err(ERR_VALUE),
    };
    match map.get("ts") {
        None | Some(Value::Null) => checked(sensor, value, None, window),
        Some(Value::String(ts)) => checked(sensor, value, Some(ts), window),
        Some(_) => Err(ERR_TS),
    }
}

/// The checks every reading passes, whichever path read it.
fn checked(sensor: &str, value: f64, ts: Option<&str>, window: Window) -> Result<Reading, ErrorKey> {
    if !valid_sensor_id(sensor) {
        return Err(ERR_SENSOR);
    }
    if !value.is_finite() {
        return Err(ERR_VALUE);
    }
    let ts_ms = match ts {
        None => window.now_ms,
        Some(s) => parse_ts(s).ok_or(ERR_TS)?,
    };
    if ts_ms > window.now_ms.saturating_add(MAX_FUTURE_MS) || ts_ms < window.oldest_ms {
        return Err(ERR_TS);
    }
    Ok(Reading { sensor_id: sensor.to_string(), ts_ms, value })
}

/// A sensor id as the registry makes them: 1 to 64 printable ASCII characters other than
/// space, `/`, `+` and `#` (they could not be MQTT-topic safe).
pub fn valid_sensor_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SENSOR_LEN
        && s.bytes().all(|b| b.is_ascii_graphic() && b != b'/' && b != b'+' && b != b'#')
}

/// An RFC 3339 time as unix milliseconds (fractions below a millisecond are dropped).
pub fn parse_ts(s: &str) -> Option<i64> {
    if s.len() > 64 {
        return None;
    }
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos().div_euclid(1_000_000)).ok()
}

/// The device id in a readings topic `satupintu/v1/devices/{device_id}/readings` (with any
/// `$share/<group>/` prefix already stripped by the broker), or none for another topic.
pub fn topic_device(topic: &str) -> Option<&str> {
    let rest = topic.strip_prefix("satupintu/v1/devices/")?;
    let id = rest.strip_suffix("/readings")?;
    (!id.is_empty() && !id.contains('/') && id.len() <= 64).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_000_000_000;

    fn w() -> Window {
        Window::new(NOW, 14)
    }

    #[test]
    fn one_object_without_ts_takes_the_arrival_time() {
        let got = parse(br#"{"sensor": "jagir-tma", "value": 231.5}"#, w()).expect("parsed");
        assert_eq!(got, vec![Ok(Reading { sensor_id: "jagir-tma".into(), ts_ms: NOW, value: 231.5 })]);
    }

    #[test]
    fn an_array_is_parsed_reading_by_reading_and_unknown_fields_are_ignored() {
        let body = br#"[
            {"sensor": "a", "value": 1, "ts": "2026-05-28T20:26:40Z", "battery": 87},
            {"sensor": "b", "value": "2"},
            {"value": 3},
            {"sensor": "c", "value": 4, "ts": "kemarin"},
            7,
            {"sensor": "d", "value": -0.25, "ts": "2026-05-29T03:26:40.123+07:00"}
        ]"#;
        let got = parse(body, w()).expect("parsed");
        assert_eq!(got.len(), 6);
        assert_eq!(got[0], Ok(Reading { sensor_id: "a".into(), ts_ms: 1_780_000_000_000, value: 1.0 }));
        assert_eq!(got[1], Err(ERR_VALUE));
        assert_eq!(got[2], Err(ERR_SENSOR));
        assert_eq!(got[3], Err(ERR_TS));
        assert_eq!(got[4], Err(ERR_READING));
        assert_eq!(got[5], Ok(Reading { sensor_id: "d".into(), ts_ms: 1_780_000_000_123, value: -0.25 }));
    }

    #[test]
    fn whole_payload_refusals() {
        assert_eq!(parse(b"not json", w()), Err(ERR_JSON));
        assert_eq!(parse(b"", w()), Err(ERR_JSON));
        assert_eq!(parse(b"42", w()), Err(ERR_JSON));
        assert_eq!(parse(b"[]", w()), Err(ERR_EMPTY));
        assert_eq!(parse(br#"{"sensor": "a", "value": 1e999}"#, w()), Err(ERR_JSON));
        let many = format!("[{}]", vec![r#"{"sensor":"a","value":1}"#; MAX_READINGS + 1].join(","));
        assert_eq!(parse(many.as_bytes(), w()), Err(ERR_TOO_MANY));
        let big = vec![b' '; MAX_BYTES + 1];
        assert_eq!(parse(&big, w()), Err(ERR_TOO_LARGE));
    }

    #[test]
    fn times_outside_the_window_are_refused() {
        // 10 minutes ahead of arrival: refused; 4 minutes ahead: accepted.
        let ahead = |min: i64| {
            let t = time::OffsetDateTime::from_unix_timestamp(NOW / 1000 + min * 60).expect("time");
            t.format(&time::format_description::well_known::Rfc3339).expect("format")
        };
        let body = format!(
            r#"[{{"sensor":"a","value":1,"ts":"{}"}},{{"sensor":"a","value":1,"ts":"{}"}}]"#,
            ahead(10),
            ahead(4)
        );
        let got = parse(body.as_bytes(), w()).expect("parsed");
        assert_eq!(got[0], Err(ERR_TS));
        assert!(got[1].is_ok());
        // Older than the raw retention (14 days): refused.
        let old = format!(r#"{{"sensor":"a","value":1,"ts":"{}"}}"#, ahead(-15 * 24 * 60));
        assert_eq!(parse(old.as_bytes(), w()).expect("parsed")[0], Err(ERR_TS));
        // A number is not a time.
        assert_eq!(parse(br#"{"sensor":"a","value":1,"ts":1780000000}"#, w()).expect("parsed")[0], Err(ERR_TS));
    }

    #[test]
    fn the_quick_path_reads_plain_payloads_as_the_general_path_does() {
        let plain = [
            r#"{"sensor": "jagir-tma", "value": 231.5}"#,
            r#"[{"sensor": "a", "value": 1, "ts": "2026-05-28T20:26:40Z", "battery": 87}, {"sensor": "b", "value": -2e3, "ts": null}]"#,
            r#"[{"sensor": "a\u002db", "value": 7, "ts": "2026-05-29T03:26:40.123+07:00"}]"#,
            r#"[{"sensor": "a/b", "value": 1}, {"sensor": "c", "value": 2, "ts": "kemarin"}, {"sensor": "d", "value": 3, "ts": "2020-01-01T00:00:00Z"}]"#,
            "[]",
        ];
        for body in plain {
            assert!(parse_typed(body.as_bytes(), w()).is_some(), "{body}");
            assert_eq!(parse(body.as_bytes(), w()), parse_general(body.as_bytes(), w()), "{body}");
        }
        // Other shapes go the general way and are read reading by reading.
        for body in [r#"[{"sensor": "a", "value": "2"}, {"sensor": "b", "value": 1}]"#, r#"{"value": 1}"#, "7", "x"] {
            assert!(parse_typed(body.as_bytes(), w()).is_none(), "{body}");
        }
        let got = parse(
            br#"[{"sensor": "a", "value": "2"}, {"sensor": "b", "value": 1, "ts": "2026-05-28T20:26:40Z"}]"#,
            w(),
        );
        assert_eq!(
            got.expect("parsed")[1],
            Ok(Reading { sensor_id: "b".into(), ts_ms: 1_780_000_000_000, value: 1.0 })
        );
    }

    #[test]
    fn sensor_ids_must_be_plain() {
        for bad in ["", "a/b", "a+b", "a#", "a b", "é"] {
            let body = serde_json::json!({"sensor": bad, "value": 1}).to_string();
            assert_eq!(parse(body.as_bytes(), w()).expect("parsed")[0], Err(ERR_SENSOR), "{bad:?}");
        }
        let long = "x".repeat(MAX_SENSOR_LEN + 1);
        let body = serde_json::json!({"sensor": long, "value": 1}).to_string();
        assert_eq!(parse(body.as_bytes(), w()).expect("parsed")[0], Err(ERR_SENSOR));
    }

    #[test]
    fn topics() {
        assert_eq!(topic_device("satupintu/v1/devices/dev-jagir-1/readings"), Some("dev-jagir-1"));
        assert_eq!(topic_device("satupintu/v1/devices//readings"), None);
        assert_eq!(topic_device("satupintu/v1/devices/a/b/readings"), None);
        assert_eq!(topic_device("satupintu/v1/devices/a/status"), None);
        assert_eq!(topic_device("other/a/readings"), None);
    }
}
