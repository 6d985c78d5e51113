//! The values of an application form, checked field by field against the service's `form`
//! (every field type of the catalogue format). Problems are reported per field.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::catalog::model::FormField;
use crate::identity::model::{Email, Phone};
use crate::identity::Nik;
use crate::web::FieldError;

/// What the checker needs to know about an uploaded file.
#[derive(Clone, Debug)]
pub struct UploadInfo {
    pub mime: String,
    pub size: i64,
}

/// The value as text, whatever JSON type it came in.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn in_indonesia(lat: f64, lon: f64) -> bool {
    (-11.5..=6.5).contains(&lat) && (94.5..=141.5).contains(&lon)
}

/// Parse `"lat,lon"` (or a JSON object with lat/lon).
pub fn parse_location(v: &Value) -> Option<(f64, f64)> {
    let (lat, lon) = match v {
        Value::Object(m) => (m.get("lat")?.as_f64()?, m.get("lon")?.as_f64()?),
        other => {
            let s = as_text(other)?;
            let (a, b) = s.split_once(',')?;
            (a.trim().parse().ok()?, b.trim().parse().ok()?)
        }
    };
    (lat.is_finite() && lon.is_finite() && in_indonesia(lat, lon)).then_some((lat, lon))
}

/// Check one value; `Ok(None)` means empty.
fn check(field: &FormField, raw: &Value, uploads: &HashMap<String, UploadInfo>) -> Result<Option<Value>, &'static str> {
    if raw.is_null() || as_text(raw).is_some_and(|s| s.is_empty()) {
        return Ok(None);
    }
    let text = || as_text(raw).ok_or("field-invalid");
    let v = match field.kind.as_str() {
        "text" => {
            let s = text()?;
            if s.chars().count() > 500 {
                return Err("field-too-long");
            }
            Value::String(s)
        }
        "textarea" => {
            let s = text()?;
            if s.chars().count() > 5000 {
                return Err("field-too-long");
            }
            Value::String(s)
        }
        "number" => {
            let s = text()?.replace(',', ".");
            let n: f64 = s.parse().map_err(|_| "field-number")?;
            if !n.is_finite() {
                return Err("field-number");
            }
            serde_json::Number::from_f64(n).map(Value::Number).ok_or("field-number")?
        }
        "date" => {
            let s = text()?;
            crate::calendar::parse_date(&s).ok_or("field-date")?;
            Value::String(s)
        }
        "nik" => Value::String(Nik::parse(&text()?).map_err(|e| e.key())?.as_str().to_string()),
        "kk" => {
            let s: String = text()?.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
            let ok = s.len() == 16
                && s.chars().all(|c| c.is_ascii_digit())
                && crate::wilayah::province_exists(&s[..2])
                && &s[12..] != "0000";
            if !ok {
                return Err("field-kk");
            }
            Value::String(s)
        }
        "phone" => Value::String(Phone::parse(&text()?).ok_or("field-phone-invalid")?.as_str().to_string()),
        "email" => Value::String(Email::parse(&text()?).ok_or("field-email-invalid")?.as_str().to_string()),
        "select" => {
            let s = text()?;
            if !field.options.iter().any(|o| o.value == s) {
                return Err("field-option");
            }
            Value::String(s)
        }
        "checkbox" => {
            let on = match raw {
                Value::Bool(b) => *b,
                other => matches!(as_text(other).as_deref(), Some("true" | "on" | "1" | "ya" | "yes")),
            };
            if !on {
                return Ok(None);
            }
            Value::Bool(true)
        }
        "file" => {
            let id = text()?;
            let info = uploads.get(&id).ok_or("field-upload-unknown")?;
            if !field.accept.is_empty() && !field.accept.iter().any(|a| a == &info.mime) {
                return Err("field-upload-type");
            }
            let max = (field.max_mb.unwrap_or(2.0) * 1024.0 * 1024.0) as i64;
            if info.size > max {
                return Err("field-upload-size");
            }
            Value::String(id)
        }
        "location" => {
            let (lat, lon) = parse_location(raw).ok_or("field-location")?;
            Value::String(format!("{lat:.6},{lon:.6}"))
        }
        _ => return Err("field-invalid"),
    };
    Ok(Some(v))
}

/// Check `values` against `form`. With `complete`, required fields must be filled (submitting);
/// without, only what was given is checked (saving a draft). Unknown names are refused.
pub fn validate(
    form: &[FormField],
    values: &Map<String, Value>,
    uploads: &HashMap<String, UploadInfo>,
    complete: bool,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut errors = vec![];
    let mut out = Map::new();
    for name in values.keys() {
        if !form.iter().any(|f| &f.name == name) {
            errors.push(FieldError::new(name.clone(), "field-unknown"));
        }
    }
    for field in form {
        let raw = values.get(&field.name).unwrap_or(&Value::Null);
        match check(field, raw, uploads) {
            Ok(Some(v)) => {
                out.insert(field.name.clone(), v);
            }
            Ok(None) if complete && field.required => {
                errors.push(FieldError::new(field.name.clone(), "field-required"))
            }
            Ok(None) => {}
            Err(key) => errors.push(FieldError::new(field.name.clone(), key)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Upload ids named by the file fields among `values`.
pub fn upload_ids(form: &[FormField], values: &Map<String, Value>) -> Vec<String> {
    form.iter()
        .filter(|f| f.kind == "file")
        .filter_map(|f| values.get(&f.name).and_then(as_text))
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form() -> Vec<FormField> {
        let f = |v: Value| serde_json::from_value::<FormField>(v).expect("field");
        vec![
            f(json!({"name": "nik", "label": {"id": "NIK"}, "type": "nik", "required": true})),
            f(json!({"name": "child_name", "label": {"id": "Nama"}, "type": "text", "required": true})),
            f(json!({"name": "birth_date", "label": {"id": "Tanggal"}, "type": "date", "required": true})),
            f(json!({"name": "weight", "label": {"id": "Berat"}, "type": "number", "required": false})),
            f(json!({"name": "kind", "label": {"id": "Jenis"}, "type": "select", "required": true,
                     "options": [{"value": "baru", "label": {"id": "Baru"}}]})),
            f(json!({"name": "consent", "label": {"id": "Setuju"}, "type": "checkbox", "required": true})),
            f(json!({"name": "letter", "label": {"id": "Surat"}, "type": "file", "required": true,
                     "accept": ["application/pdf"], "max_mb": 1})),
            f(json!({"name": "place", "label": {"id": "Lokasi"}, "type": "location", "required": false})),
            f(json!({"name": "kk", "label": {"id": "KK"}, "type": "kk", "required": false})),
        ]
    }

    #[test]
    fn a_complete_valid_form_is_normalised() {
        let uploads: HashMap<String, UploadInfo> =
            [("up1".to_string(), UploadInfo { mime: "application/pdf".into(), size: 1000 })].into();
        let values = json!({"nik": "3273 0145 0690 0001", "child_name": " Budi ", "birth_date": "2026-11-01",
            "weight": "3,2", "kind": "baru", "consent": "on", "letter": "up1", "place": "-6.9, 107.6", "kk": "3273010101260001"});
        let out = validate(&form(), values.as_object().expect("obj"), &uploads, true).expect("valid");
        assert_eq!(out["nik"], "3273014506900001");
        assert_eq!(out["child_name"], "Budi");
        assert_eq!(out["weight"], 3.2);
        assert_eq!(out["consent"], true);
        assert_eq!(out["place"], "-6.900000,107.600000");
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let uploads: HashMap<String, UploadInfo> =
            [("img".to_string(), UploadInfo { mime: "image/png".into(), size: 5_000_000 })].into();
        let values = json!({"nik": "123", "birth_date": "31-12-2026", "weight": "berat", "kind": "lama",
            "letter": "img", "place": "51.5,-0.1", "kk": "12", "extra": "x"});
        let errs = validate(&form(), values.as_object().expect("obj"), &uploads, true).expect_err("invalid");
        let got: Vec<(&str, &str)> = errs.iter().map(|e| (e.field.as_str(), e.key)).collect();
        for want in [
            ("nik", "field-nik-length"),
            ("child_name", "field-required"),
            ("birth_date", "field-date"),
            ("weight", "field-number"),
            ("kind", "field-option"),
            ("consent", "field-required"),
            ("letter", "field-upload-type"),
            ("place", "field-location"),
            ("kk", "field-kk"),
            ("extra", "field-unknown"),
        ] {
            assert!(got.contains(&want), "missing {want:?} in {got:?}");
        }
    }

    #[test]
    fn drafts_may_be_incomplete_but_not_wrong() {
        let values = json!({"child_name": "Budi"});
        assert!(validate(&form(), values.as_object().expect("obj"), &HashMap::new(), false).is_ok());
        let values = json!({"nik": "1"});
        assert!(validate(&form(), values.as_object().expect("obj"), &HashMap::new(), false).is_err());
    }
}
