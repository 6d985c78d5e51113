//! Notification texts a super admin overrides (the admin console): per Fluent message of a
//! notification (`notify-status`, ...) and language (id, en), a subject and a body with the same
//! `{ $variables }` as the default in the `.ftl` files. Javanese and Sundanese recipients get the
//! Indonesian override (their files fall back to Indonesian too).

use sqlx::Row as _;

use crate::db::{Conn, Tx};
use crate::web::{FieldError, Lang};

/// The Fluent messages notifications use (each has `-subject` and `-body`).
pub const KEYS: [&str; 34] = [
    "notify-status",
    "notify-expiry",
    "notify-report",
    "notify-escalation",
    "notify-report-confirm",
    "notify-report-alert",
    "notify-alert-confirm",
    "notify-handoff",
    "notify-booking",
    "notify-booking-moved",
    "notify-booking-reminder",
    "notify-booking-no-show",
    "notify-tele",
    "notify-idea",
    "notify-skm-invite",
    "notify-skm-reminder",
    "notify-hotspot",
    "notify-pro-expiry",
    "notify-pro-ktp17",
    "notify-pro-service",
    "notify-privacy",
    "notify-partner",
    "notify-pickup-scheduled",
    "notify-pickup-moved",
    "notify-pickup-done",
    "notify-pickup-missed",
    "notify-iot-alert",
    "notify-announcement",
    "notify-event-promoted",
    "notify-event-cancelled",
    "notify-bill-new",
    "notify-bill-paid",
    "notify-bill-due",
    "notify-bill-expiring",
];

/// The languages a text can be overridden in.
pub const LANGS: [Lang; 2] = [Lang::Id, Lang::En];

/// The language whose override a recipient gets.
pub fn override_lang(lang: Lang) -> Lang {
    if lang == Lang::En {
        Lang::En
    } else {
        Lang::Id
    }
}

/// An overriding subject and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
}

/// The default source text of a Fluent message (`key`) in `lang`, as written in its file
/// (continuation lines joined with line ends), or falling back to Indonesian.
pub fn default_source(key: &str, lang: Lang) -> String {
    for l in [lang, Lang::Id] {
        for (_, src) in crate::web::i18n::files(l) {
            let mut lines = src.lines();
            while let Some(line) = lines.next() {
                let Some(rest) = line.strip_prefix(key).and_then(|r| r.trim_start().strip_prefix('=')) else {
                    continue;
                };
                let mut text = rest.trim().to_string();
                for more in lines.by_ref() {
                    if !more.starts_with([' ', '\t']) || more.trim().is_empty() {
                        break;
                    }
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(more.trim());
                }
                return text;
            }
        }
    }
    String::new()
}

/// The variables a text names (`$code` anywhere, select expressions included), sorted.
pub fn variables(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out.sort();
    out
}

/// The placeables of an override: each `{ ... }` must be one variable (`{ $code }`). `None`
/// when one is not, or a brace is unmatched.
fn placeables(text: &str) -> Option<Vec<(usize, usize, String)>> {
    let mut out = vec![];
    let mut at = 0;
    while let Some(open) = text[at..].find('{').map(|i| i + at) {
        if text[at..open].contains('}') {
            return None;
        }
        let close = text[open..].find('}').map(|i| i + open)?;
        let inner = text[open + 1..close].trim();
        let name = inner.strip_prefix('$')?;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return None;
        }
        out.push((open, close + 1, name.to_string()));
        at = close + 1;
    }
    if text[at..].contains('}') {
        None
    } else {
        Some(out)
    }
}

/// Check an override of `key` in `lang`: both parts filled, at most 200 and 4000 characters,
/// every `{ ... }` one variable, and the same variables as the default text.
pub fn check(key: &str, lang: Lang, subject: &str, body: &str) -> Result<Text, Vec<FieldError>> {
    let mut errs = vec![];
    for (field, text, max) in [("subject", subject, 200), ("body", body, 4000)] {
        let text = text.trim();
        let default = default_source(&format!("{key}-{field}"), lang);
        if text.is_empty() {
            errs.push(FieldError::new(field, "field-required"));
        } else if text.chars().count() > max {
            errs.push(FieldError::new(field, "field-too-long"));
        } else if placeables(text).is_none() {
            errs.push(FieldError::new(field, "admin-template-syntax"));
        } else if variables(text) != variables(&default) {
            errs.push(FieldError::new(field, "admin-template-variables"));
        }
    }
    match errs.is_empty() {
        true => Ok(Text { subject: subject.trim().to_string(), body: body.trim().replace("\r\n", "\n") }),
        false => Err(errs),
    }
}

/// An override's text with its variables filled in (`values`: name and value).
pub fn fill(text: &str, values: &[(&str, String)]) -> String {
    let Some(places) = placeables(text) else { return text.to_string() };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, name) in places {
        out.push_str(&text[at..start]);
        out.push_str(values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or(""));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// The override of `key` in `lang`, if any.
pub async fn get(conn: &mut Conn, key: &str, lang: Lang) -> Result<Option<Text>, sqlx::Error> {
    let row = sqlx::query("SELECT subject, body FROM notify_templates WHERE key = $1 AND lang = $2")
        .bind(key)
        .bind(override_lang(lang).code())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| Ok(Text { subject: r.try_get(0)?, body: r.try_get(1)? })).transpose()
}

/// Every override: (key, language code).
pub async fn overridden(conn: &mut Conn) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT key, lang FROM notify_templates ORDER BY key, lang").fetch_all(&mut *conn).await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

pub async fn set(tx: &mut Tx, key: &str, lang: Lang, t: &Text, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notify_templates (key, lang, subject, body, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (key, lang) DO UPDATE SET subject = excluded.subject, body = excluded.body, \
         updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(lang.code())
    .bind(&t.subject)
    .bind(&t.body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Back to the default; false when there was no override.
pub async fn reset(tx: &mut Tx, key: &str, lang: Lang) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM notify_templates WHERE key = $1 AND lang = $2")
        .bind(key)
        .bind(lang.code())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_default_subject_and_body() {
        for key in KEYS {
            for lang in LANGS {
                for part in ["subject", "body"] {
                    let k = format!("{key}-{part}");
                    assert!(crate::web::locales().has(lang, &k), "{k} in {lang:?}");
                    assert!(!default_source(&k, lang).is_empty(), "{k}");
                }
            }
        }
    }

    #[test]
    fn overrides_keep_the_variables() {
        assert_eq!(variables("Permohonan { $code }: { $status }"), ["code", "status"]);
        let ok = check("notify-status", Lang::Id, "Kabar { $code }: { $status }", "{ $code } kini { $status }.");
        assert!(ok.is_ok(), "{ok:?}");
        let missing = check("notify-status", Lang::Id, "Kabar { $code }", "{ $code } kini { $status }.");
        assert_eq!(missing.expect_err("missing").len(), 1);
        let unknown = check("notify-status", Lang::Id, "{ $code } { $status } { $nik }", "{$code}{$status}");
        assert!(unknown.is_err());
        assert!(check("notify-status", Lang::Id, "{ code } { $status }", "{$code}{$status}").is_err());
        assert!(check("notify-status", Lang::Id, "{ $code  { $status }", "{$code}{$status}").is_err());
        assert_eq!(fill("A { $code }-{$status}.", &[("code", "X".into()), ("status", "Y".into())]), "A X-Y.");
    }
}

/// A notification of `key` with example values, from `custom` or the default (the console's
/// preview).
pub fn preview(key: &str, lang: Lang, custom: Option<&Text>) -> (String, String) {
    let example = serde_json::json!({
        "code": "SP-2026-000123",
        "valid_until": "2027-01-31",
        "category": "jalan",
        "region": "Kota Surabaya",
        "when": "2 Desember 2026 09.00",
        "place": "Mal Pelayanan Publik Siola",
        "label": "KTP-el",
        "name": "Siti Rahayu",
        "reason": "Berkas belum lengkap",
        "title": "Kerja bakti bersih kali",
        "agency": "Disdukcapil",
    });
    let values = super::worker::values(&example, lang, "app-status-submitted");
    match custom {
        Some(t) => (fill(&t.subject, &values), fill(&t.body, &values)),
        None => {
            let mut args = fluent_bundle::FluentArgs::new();
            for (name, value) in values {
                args.set(name, value);
            }
            let l = crate::web::locales();
            (l.msg(lang, &format!("{key}-subject"), Some(&args)), l.msg(lang, &format!("{key}-body"), Some(&args)))
        }
    }
}
