//! The web edge: router assembly, request context (language, CSRF, signed-in user), layout,
//! errors and static assets. Handlers stay thin: they parse, call a capability's service, render.

pub mod assets;
pub mod auth;
pub mod chart;
pub mod context;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod precompressed;
pub mod qr;
pub mod router;
pub mod routes;

use std::sync::LazyLock;

pub use context::{Ctx, RequestCtx};
pub use error::{ApiError, AppError, FieldError, PageError};
pub use extract::{ApiJson, ApiPath, ApiQuery, CsrfForm, TextBody};
pub use i18n::{Lang, Locales, T};

static LOCALES: LazyLock<Locales> = LazyLock::new(Locales::default);

/// The compiled Fluent messages.
pub fn locales() -> &'static Locales {
    &LOCALES
}

/// Everything the shared layout (`templates/layout.html`) needs.
pub struct Layout<'a> {
    pub t: T<'a>,
    pub title: String,
    pub csrf: String,
    /// Current path and query without `lang`, for the language switch.
    pub path: String,
    pub user_name: Option<String>,
    pub is_staff: bool,
    pub is_admin: bool,
    pub is_caseworker: bool,
    pub is_treasurer: bool,
    /// Flash message (already translated) shown at the top of the page.
    pub notice: Option<String>,
    /// The page shows form errors: the title starts with "Kesalahan:" so screen readers hear it first.
    pub has_errors: bool,
    /// Classes on `<html>` for the display settings (`sp-large-text`, `sp-high-contrast`, `sp-low-data`).
    pub html_class: String,
    /// Whether images are shown (low-data mode hides them unless the page asked, `gambar=1`).
    pub show_images: bool,
}

impl<'a> Layout<'a> {
    pub fn new(ctx: &'a RequestCtx, title: impl Into<String>) -> Self {
        let user = ctx.user.as_ref().filter(|u| u.is_full());
        Layout {
            t: ctx.t(),
            title: title.into(),
            csrf: ctx.csrf.clone(),
            path: ctx.path.clone(),
            user_name: user.map(|u| u.full_name.clone()),
            is_staff: user.is_some_and(|u| u.role.is_staff()),
            is_admin: user.is_some_and(|u| u.role.can_edit_catalog()),
            is_caseworker: user
                .is_some_and(|u| matches!(u.role, crate::identity::Role::Officer | crate::identity::Role::Supervisor)),
            is_treasurer: user.is_some_and(|u| u.role == crate::identity::Role::Treasurer),
            notice: None,
            has_errors: false,
            html_class: ctx.display.classes(),
            show_images: ctx.show_images,
        }
    }

    /// Mark the page as showing form errors (prefixes the title).
    pub fn with_errors(mut self, errors: bool) -> Self {
        self.has_errors = errors;
        self
    }

    pub fn t(&self, key: &str) -> String {
        self.t.t(key)
    }

    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.t.t1(key, name, value)
    }

    pub fn tn(&self, key: &str, name: &str, value: impl std::borrow::Borrow<i64>) -> String {
        self.t.tn(key, name, value)
    }

    pub fn lang(&self) -> &'static str {
        self.t.lang.code()
    }

    /// The link that switches to the other language on the same page.
    pub fn switch_url(&self) -> String {
        self.lang_url(self.t.lang.other())
    }

    /// This page in a language.
    pub fn lang_url(&self, lang: Lang) -> String {
        let sep = if self.path.contains('?') { '&' } else { '?' };
        format!("{}{}lang={}", self.path, sep, lang.code())
    }

    /// Every interface language, for the choice in the footer: (language, link, current).
    pub fn languages(&self) -> Vec<(Lang, String, bool)> {
        Lang::ALL.into_iter().map(|lang| (lang, self.lang_url(lang), lang == self.t.lang)).collect()
    }

    /// This page with its images shown (low-data mode).
    pub fn images_url(&self) -> String {
        let sep = if self.path.contains('?') { '&' } else { '?' };
        format!("{}{}gambar=1", self.path, sep)
    }

    pub fn other_lang_name(&self) -> &'static str {
        self.t.lang.other().name()
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.t.lang.other().code()
    }

    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }
}

/// Render an askama template into an HTML response.
pub fn render<Tpl: askama::Template>(tpl: &Tpl) -> Result<axum::response::Html<String>, AppError> {
    tpl.render().map(axum::response::Html).map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))
}

/// A page with a form: 422 when it shows errors (so clients and tests can tell), else 200.
pub fn render_form<Tpl: askama::Template>(tpl: &Tpl, has_errors: bool) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let status = if has_errors { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    Ok((status, render(tpl)?).into_response())
}

/// A number already formatted with a decimal point, written the local way: `152,3` in
/// Indonesian and the regional languages, `152.3` in English.
pub fn local_decimal(s: String, lang: Lang) -> String {
    if lang.indonesian_numbers() {
        s.replace('.', ",")
    } else {
        s
    }
}

/// Format integer rupiah the Indonesian way: `Rp 1.250.000`.
pub fn rupiah(amount: impl std::borrow::Borrow<i64>) -> String {
    let amount = *amount.borrow();
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 {
        format!("-Rp {out}")
    } else {
        format!("Rp {out}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rupiah_groups_thousands_with_dots() {
        assert_eq!(super::rupiah(0), "Rp 0");
        assert_eq!(super::rupiah(999), "Rp 999");
        assert_eq!(super::rupiah(1000), "Rp 1.000");
        assert_eq!(super::rupiah(1_250_000), "Rp 1.250.000");
    }
}

/// Per-field messages for a form, translated, in the order they were found.
#[derive(Default)]
pub struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    pub fn from_fields(t: T<'_>, fields: &[FieldError]) -> Self {
        FormErrors(fields.iter().map(|f| (f.field.clone(), t.t(f.key))).collect())
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A readable URL segment from a title: lowercase ASCII letters and digits joined by single
/// hyphens, at most `max` bytes (never ending in a hyphen); empty when nothing is left.
pub fn slugify(title: &str, max: usize) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if out.len() >= max {
                break;
            }
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(max);
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod slug_tests {
    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert_eq!(
            super::slugify("Festival Rujak Uleg 2026: Kota Surabaya!", 64),
            "festival-rujak-uleg-2026-kota-surabaya"
        );
        assert_eq!(super::slugify("  Pelatihan — UMKM  ", 64), "pelatihan-umkm");
        assert_eq!(super::slugify("abc def", 4), "abc");
        assert_eq!(super::slugify("¿?", 64), "");
    }
}

/// A local redirect target from a `next` parameter; anything else goes to `fallback`.
pub fn safe_next(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && n.len() < 512 => n.to_string(),
        _ => fallback.to_string(),
    }
}

/// A redirect (303) after a successful form post, with optional extra headers.
pub fn see_other(location: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::response::Redirect::to(location).into_response()
}

/// A file to download: its type, the name the browser saves it under (ASCII, no quotes), and
/// its bytes.
pub fn attachment(content_type: &str, file_name: &str, body: impl Into<axum::body::Body>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        body.into(),
    )
        .into_response()
}

/// The answer to a form post: on success, go to the page `next` names for the result; when the
/// input was refused, show the form again with its errors (`again`); any other error as it is.
pub async fn after_post<T, Fut>(
    result: Result<T, AppError>,
    next: impl FnOnce(T) -> String,
    again: impl FnOnce(Vec<FieldError>) -> Fut,
) -> Result<axum::response::Response, AppError>
where
    Fut: std::future::Future<Output = Result<axum::response::Response, AppError>>,
{
    match result {
        Ok(v) => Ok(see_other(&next(v))),
        Err(AppError::Validation(errs)) => again(errs).await,
        Err(e) => Err(e),
    }
}

static TIMEZONE: std::sync::OnceLock<(i8, &'static str)> = std::sync::OnceLock::new();

/// Set the agency's time zone for displayed times (once, at start-up).
pub fn set_timezone(offset_hours: i8) {
    let label = match offset_hours {
        8 => "WITA",
        9 => "WIT",
        _ => "WIB",
    };
    let _ = TIMEZONE.set((offset_hours, label));
}

/// Month and weekday names (Monday first) of each language.
fn calendar_names(lang: Lang) -> (&'static [&'static str; 12], &'static [&'static str; 7]) {
    const MONTHS_ID: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    const MONTHS_EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const MONTHS_SU: [&str; 12] = [
        "Januari",
        "Pébruari",
        "Maret",
        "April",
        "Méi",
        "Juni",
        "Juli",
        "Agustus",
        "Séptémber",
        "Oktober",
        "Nopémber",
        "Désémber",
    ];
    const WEEKDAYS_ID: [&str; 7] = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
    const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const WEEKDAYS_JV: [&str; 7] = ["Senin", "Selasa", "Rebo", "Kemis", "Jemuwah", "Setu", "Minggu"];
    const WEEKDAYS_SU: [&str; 7] = ["Senén", "Salasa", "Rebo", "Kemis", "Jumaah", "Saptu", "Minggu"];
    match lang {
        Lang::Id => (&MONTHS_ID, &WEEKDAYS_ID),
        Lang::En => (&MONTHS_EN, &WEEKDAYS_EN),
        Lang::Jv => (&MONTHS_ID, &WEEKDAYS_JV),
        Lang::Su => (&MONTHS_SU, &WEEKDAYS_SU),
    }
}

/// The first three letters of a name.
fn abbreviated(name: &str) -> &str {
    name.char_indices().nth(3).map_or(name, |(i, _)| &name[..i])
}

/// A calendar date with its weekday: `Senin, 30 November 2026`.
pub fn fmt_date(d: time::Date, lang: Lang) -> String {
    let (day, month) = (usize::from(d.weekday().number_days_from_monday()), usize::from(u8::from(d.month())) - 1);
    let (months, weekdays) = calendar_names(lang);
    format!("{}, {} {} {}", weekdays[day], d.day(), months[month], d.year())
}

/// A short date for choices: `Sen, 30 Nov`.
pub fn fmt_date_short(d: time::Date, lang: Lang) -> String {
    let (day, month) = (usize::from(d.weekday().number_days_from_monday()), usize::from(u8::from(d.month())) - 1);
    let (months, weekdays) = calendar_names(lang);
    format!("{}, {} {}", abbreviated(weekdays[day]), d.day(), abbreviated(months[month]))
}

/// A month's short name: `Agu`.
pub fn month_short(month: usize, lang: Lang) -> &'static str {
    abbreviated(calendar_names(lang).0[month % 12])
}

/// A UTC timestamp as RFC 3339 (`2026-12-01T02:30:00Z`), for feeds and JSON.
pub fn rfc3339(ts: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(ts).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// A UTC timestamp shown in the agency's zone: `23 November 2026, 14.05 WIB`.
pub fn fmt_datetime(ts: i64, lang: Lang) -> String {
    let (offset, label) = *TIMEZONE.get().unwrap_or(&(7, "WIB"));
    let Ok(dt) = time::OffsetDateTime::from_unix_timestamp(ts) else {
        return String::new();
    };
    let dt = dt.to_offset(time::UtcOffset::from_hms(offset, 0, 0).unwrap_or(time::UtcOffset::UTC));
    let month = usize::from(u8::from(dt.month())) - 1;
    let m = calendar_names(lang).0[month];
    let sep = if lang == Lang::En { ':' } else { '.' };
    format!("{} {} {}, {:02}{}{:02} {}", dt.day(), m, dt.year(), dt.hour(), sep, dt.minute(), label)
}
