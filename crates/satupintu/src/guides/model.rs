//! The vocabulary of guides and display settings, parsed and checked without I/O: a guide's
//! fields, a step's fields (with its plain-language text and its pictogram), and the display
//! settings (large text, high contrast, low-data mode) with their cookie form.

use serde::Deserialize;

use super::icons;
use crate::web::{FieldError, Lang};

/// A text in Indonesian and English; English falls back to Indonesian when empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bilingual {
    pub id: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.id,
        }
    }
}

/// The guide form as posted.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct GuideInput {
    pub slug: String,
    pub title_id: String,
    pub title_en: String,
    pub summary_id: String,
    pub summary_en: String,
    /// A catalogue service id, or empty.
    pub service: String,
}

/// A checked guide (the agency is decided by the service, see `service::create`).
#[derive(Debug, Clone)]
pub struct NewGuide {
    pub slug: String,
    pub title: Bilingual,
    pub summary: Bilingual,
    pub service_id: Option<String>,
}

/// The step form as posted.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub icon: String,
    pub heading_id: String,
    pub heading_en: String,
    pub body_id: String,
    pub body_en: String,
    pub easy_id: String,
    pub easy_en: String,
}

/// A checked step.
#[derive(Debug, Clone)]
pub struct NewStep {
    pub icon: String,
    pub heading: Bilingual,
    pub body: Bilingual,
    /// The plain-language text ("Bacaan mudah"); the body is shown when empty.
    pub easy: Bilingual,
}

const MAX_TITLE: usize = 150;
const MAX_SUMMARY: usize = 500;
const MAX_HEADING: usize = 120;
const MAX_BODY: usize = 1000;
const MAX_EASY: usize = 500;

fn text(
    errs: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    required: bool,
    max: usize,
    key: &'static str,
) -> String {
    let v = value.trim();
    if (required && v.is_empty()) || v.chars().count() > max {
        errs.push(FieldError::new(field, key));
    }
    v.to_string()
}

/// Whether a slug is lowercase words of letters and digits joined by hyphens, 3 to 80 characters.
pub fn valid_slug(s: &str) -> bool {
    (3..=80).contains(&s.len())
        && s.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Check a guide form; `service_exists` says whether a catalogue service id is known.
pub fn parse_guide(input: &GuideInput, service_exists: impl Fn(&str) -> bool) -> Result<NewGuide, Vec<FieldError>> {
    let mut errs = vec![];
    let slug = input.slug.trim().to_lowercase();
    if !valid_slug(&slug) {
        errs.push(FieldError::new("slug", "field-guide-slug"));
    }
    let title = Bilingual {
        id: text(&mut errs, "title_id", &input.title_id, true, MAX_TITLE, "field-guide-title"),
        en: text(&mut errs, "title_en", &input.title_en, false, MAX_TITLE, "field-guide-title-en"),
    };
    let summary = Bilingual {
        id: text(&mut errs, "summary_id", &input.summary_id, false, MAX_SUMMARY, "field-guide-summary"),
        en: text(&mut errs, "summary_en", &input.summary_en, false, MAX_SUMMARY, "field-guide-summary"),
    };
    let service = input.service.trim();
    let service_id = if service.is_empty() {
        None
    } else if service_exists(service) {
        Some(service.to_string())
    } else {
        errs.push(FieldError::new("service", "field-guide-service"));
        None
    };
    if errs.is_empty() {
        Ok(NewGuide { slug, title, summary, service_id })
    } else {
        Err(errs)
    }
}

/// Check a step form.
pub fn parse_step(input: &StepInput) -> Result<NewStep, Vec<FieldError>> {
    let mut errs = vec![];
    let icon = input.icon.trim();
    if icons::find(icon).is_none() {
        errs.push(FieldError::new("icon", "field-guide-icon"));
    }
    let heading = Bilingual {
        id: text(&mut errs, "heading_id", &input.heading_id, true, MAX_HEADING, "field-guide-heading"),
        en: text(&mut errs, "heading_en", &input.heading_en, false, MAX_HEADING, "field-guide-heading"),
    };
    let body = Bilingual {
        id: text(&mut errs, "body_id", &input.body_id, true, MAX_BODY, "field-guide-body"),
        en: text(&mut errs, "body_en", &input.body_en, false, MAX_BODY, "field-guide-body"),
    };
    let easy = Bilingual {
        id: text(&mut errs, "easy_id", &input.easy_id, false, MAX_EASY, "field-guide-easy"),
        en: text(&mut errs, "easy_en", &input.easy_en, false, MAX_EASY, "field-guide-easy"),
    };
    if errs.is_empty() {
        Ok(NewStep { icon: icon.to_string(), heading, body, easy })
    } else {
        Err(errs)
    }
}

/// What a post on a guide's steps does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepAction {
    Add,
    Save,
    Up,
    Down,
    Remove,
}

impl StepAction {
    pub fn parse(s: &str) -> Option<StepAction> {
        Some(match s {
            "tambah" => StepAction::Add,
            "simpan" => StepAction::Save,
            "naik" => StepAction::Up,
            "turun" => StepAction::Down,
            "hapus" => StepAction::Remove,
            _ => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Display settings.

/// How pages are shown to one person: large text, high contrast, low-data mode (no images
/// unless asked for on a page).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Display {
    pub large_text: bool,
    pub high_contrast: bool,
    pub low_data: bool,
}

const TOKENS: [&str; 3] = ["text", "contrast", "lowdata"];

impl Display {
    fn flags(self) -> [bool; 3] {
        [self.large_text, self.high_contrast, self.low_data]
    }

    /// Read the `sp_display` cookie (`text.contrast.lowdata`, any subset); unknown parts are ignored.
    pub fn from_cookie(value: &str) -> Display {
        let has = |t: &str| value.split('.').any(|p| p == t);
        Display { large_text: has(TOKENS[0]), high_contrast: has(TOKENS[1]), low_data: has(TOKENS[2]) }
    }

    /// The cookie value (`none` when every setting is off).
    pub fn cookie_value(self) -> String {
        let parts: Vec<&str> = TOKENS.iter().zip(self.flags()).filter(|(_, on)| *on).map(|(t, _)| *t).collect();
        if parts.is_empty() {
            "none".into()
        } else {
            parts.join(".")
        }
    }

    /// The classes on `<html>`.
    pub fn classes(self) -> String {
        ["sp-large-text", "sp-high-contrast", "sp-low-data"]
            .iter()
            .zip(self.flags())
            .filter(|(_, on)| *on)
            .map(|(c, _)| *c)
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn is_default(self) -> bool {
        self == Display::default()
    }
}

/// The display settings form: a checkbox per setting (`1` when ticked).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct DisplayInput {
    pub large_text: Option<String>,
    pub high_contrast: Option<String>,
    pub low_data: Option<String>,
}

pub fn parse_display(input: &DisplayInput) -> Result<Display, Vec<FieldError>> {
    let mut errs = vec![];
    let mut flag = |field: &'static str, v: &Option<String>| match v.as_deref().map(str::trim) {
        None | Some("") | Some("0") => false,
        Some("1") => true,
        Some(_) => {
            errs.push(FieldError::new(field, "field-display-choice"));
            false
        }
    };
    let d = Display {
        large_text: flag("large_text", &input.large_text),
        high_contrast: flag("high_contrast", &input.high_contrast),
        low_data: flag("low_data", &input.low_data),
    };
    if errs.is_empty() {
        Ok(d)
    } else {
        Err(errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words() {
        assert!(valid_slug("cara-membuat-ktp-el"));
        assert!(!valid_slug("Cara-KTP"));
        assert!(!valid_slug("a--b"));
        assert!(!valid_slug("-ab"));
        assert!(!valid_slug("ab"));
    }

    #[test]
    fn guides_and_steps_are_checked() {
        let bad = GuideInput { slug: "x".into(), title_id: " ".into(), service: "nope".into(), ..Default::default() };
        let errs = parse_guide(&bad, |s| s == "akta-kelahiran").expect_err("refused");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["slug", "title_id", "service"]);
        let ok = GuideInput {
            slug: " Cara-KTP-el ".into(),
            title_id: "Cara membuat KTP-el".into(),
            service: "akta-kelahiran".into(),
            ..Default::default()
        };
        let g = parse_guide(&ok, |s| s == "akta-kelahiran").expect("fine");
        assert_eq!(g.slug, "cara-ktp-el");
        assert_eq!(g.title.get(Lang::En), "Cara membuat KTP-el", "English falls back to Indonesian");
        let step = StepInput { icon: "kamera".into(), heading_id: "Foto".into(), ..Default::default() };
        let errs = parse_step(&step).expect_err("refused");
        assert_eq!(errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["icon", "body_id"]);
        let step = StepInput {
            icon: "camera".into(),
            heading_id: "Foto".into(),
            body_id: "Difoto.".into(),
            ..Default::default()
        };
        assert!(parse_step(&step).is_ok());
    }

    #[test]
    fn display_settings_round_trip_through_the_cookie() {
        let d = Display { large_text: true, high_contrast: false, low_data: true };
        assert_eq!(d.cookie_value(), "text.lowdata");
        assert_eq!(Display::from_cookie(&d.cookie_value()), d);
        assert_eq!(d.classes(), "sp-large-text sp-low-data");
        assert_eq!(Display::from_cookie("none"), Display::default());
        assert_eq!(Display::from_cookie("junk.contrast"), Display { high_contrast: true, ..Default::default() });
        let input = DisplayInput { large_text: Some("1".into()), high_contrast: Some("yes".into()), low_data: None };
        assert_eq!(parse_display(&input).expect_err("refused")[0].field, "high_contrast");
    }
}
