//! Reading an HTML form sent as `multipart/form-data`: its text fields, its hidden controls
//! (names starting with `_`) and its files, each stored as an upload of the person sending it
//! (images re-encoded, see [`super::store`]), whose id becomes the field's value; without an
//! account, a file is only put in the blob store and its value is `{"sha256", "mime", "size"}`.
//! A name given more than once (several files in one `<input type="file" multiple>`) becomes a
//! list.

use std::collections::HashMap;

use axum::extract::Multipart;
use serde_json::{Map, Value};

use crate::app::AppState;
use crate::web::extract::same_token;
use crate::web::{AppError, FieldError};

/// The fields of a form: values by name, and the `_`-prefixed controls.
pub struct Form {
    pub values: Map<String, Value>,
    pub controls: HashMap<String, String>,
}

fn put(values: &mut Map<String, Value>, name: String, v: Value) {
    match values.get_mut(&name) {
        Some(Value::Array(list)) => list.push(v),
        Some(first) => *first = Value::Array(vec![first.take(), v]),
        None => {
            values.insert(name, v);
        }
    }
}

/// Read the form, check its CSRF token against `csrf`, then store its files for `owner`.
/// A file that is not accepted becomes a validation error on its field.
pub async fn read(state: &AppState, owner: Option<i64>, csrf: &str, mut mp: Multipart) -> Result<Form, AppError> {
    let mut values = Map::new();
    let mut controls = HashMap::new();
    let mut token = String::new();
    let mut files = vec![];
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::bad_request("error-form"))? {
        let name = field.name().unwrap_or("").to_string();
        if field.file_name().is_some() {
            let bytes = field.bytes().await.map_err(|_| AppError::TooLarge)?;
            if !bytes.is_empty() {
                files.push((name, bytes));
            }
            continue;
        }
        let text = field.text().await.map_err(|_| AppError::bad_request("error-form"))?;
        match name.as_str() {
            "_csrf" => token = text,
            n if n.starts_with('_') => {
                controls.insert(n.to_string(), text);
            }
            n if !n.is_empty() => put(&mut values, name, Value::String(text)),
            _ => {}
        }
    }
    if !same_token(&token, csrf) {
        return Err(AppError::bad_request("error-csrf"));
    }
    for (name, bytes) in files {
        let stored = match owner {
            Some(owner) => super::store(state, owner, bytes).await.map(|s| Value::String(s.id)),
            None => super::put_clean(state, bytes)
                .await
                .map(|(addr, mime, size)| serde_json::json!({"sha256": addr.as_str(), "mime": mime, "size": size})),
        };
        match stored {
            Ok(v) => put(&mut values, name, v),
            Err(AppError::BadRequest { key, .. }) => {
                return Err(AppError::Validation(vec![FieldError::new(name, key)]));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Form { values, controls })
}
