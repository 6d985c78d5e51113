//! The vocabulary of teleconsultations, parsed at the edge: the pre-consultation answers, the
//! items of an e-prescription, the signed content of a prescription, and when a room is open.

use serde::{Deserialize, Serialize};

use crate::web::FieldError;

/// How the patient wants to meet: a video room (Jitsi Meet, when the facility has one) or a text chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Video,
    Chat,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Video => "video",
            Mode::Chat => "chat",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "video" => Some(Mode::Video),
            "chat" => Some(Mode::Chat),
            _ => None,
        }
    }
}

/// Longest free text of a pre-consultation answer, a note or a chat message.
pub const MAX_ANSWER: usize = 2000;
pub const MAX_NOTES: usize = 8000;
pub const MAX_MESSAGE: usize = 2000;
/// Items one prescription may carry.
pub const MAX_ITEMS: usize = 10;
/// A room opens this long before the slot starts.
pub const ROOM_OPENS_BEFORE: i64 = 10 * 60;
/// ... and closes this long after the slot ends, unless the consultation was completed before.
pub const ROOM_CLOSES_AFTER: i64 = 60 * 60;

/// The pre-consultation form as sent.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(default)]
pub struct PreConsultInput {
    pub mode: String,
    pub complaint: String,
    pub history: String,
    pub allergies: String,
    pub medicines: String,
}

/// Checked pre-consultation answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreConsult {
    pub mode: Mode,
    pub complaint: String,
    pub history: String,
    pub allergies: String,
    pub medicines: String,
}

fn text(errs: &mut Vec<FieldError>, field: &str, value: &str, required: bool, max: usize) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errs.push(FieldError::new(field, "field-required"));
    } else if v.chars().count() > max {
        errs.push(FieldError::new(field, "field-too-long"));
    }
    v.to_string()
}

impl PreConsult {
    /// Check the form; `video` tells whether the facility offers video at all.
    pub fn parse(input: &PreConsultInput, video: bool) -> Result<PreConsult, Vec<FieldError>> {
        let mut errs = vec![];
        let mode = match Mode::parse(input.mode.trim()) {
            Some(Mode::Video) if !video => {
                errs.push(FieldError::new("mode", "tele-field-no-video"));
                Mode::Chat
            }
            Some(m) => m,
            None => {
                errs.push(FieldError::new("mode", "field-required"));
                Mode::Chat
            }
        };
        let complaint = text(&mut errs, "complaint", &input.complaint, true, MAX_ANSWER);
        let history = text(&mut errs, "history", &input.history, false, MAX_ANSWER);
        let allergies = text(&mut errs, "allergies", &input.allergies, false, MAX_ANSWER);
        let medicines = text(&mut errs, "medicines", &input.medicines, false, MAX_ANSWER);
        if errs.is_empty() {
            Ok(PreConsult { mode, complaint, history, allergies, medicines })
        } else {
            Err(errs)
        }
    }
}

/// One medicine of a prescription, as signed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RxItem {
    /// The medicine's name (generic name preferred), e.g. `Parasetamol`.
    pub medicine: String,
    /// Strength and form, e.g. `500 mg tablet`.
    pub strength: String,
    /// e.g. `3 x 1 tablet sehari`.
    pub dose: String,
    pub quantity: i64,
    /// e.g. `sesudah makan, bila demam`.
    pub instructions: String,
}

/// The prescription form: up to [`MAX_ITEMS`] rows, `medicine_1`, `strength_1`, ... (rows left
/// wholly empty are skipped), and the consultation notes.
pub fn parse_items(fields: &[(String, String)]) -> Result<Vec<RxItem>, Vec<FieldError>> {
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("");
    let mut errs = vec![];
    let mut items = vec![];
    for n in 1..=MAX_ITEMS {
        let f = |k: &str| format!("{k}_{n}");
        let row = ["medicine", "strength", "dose", "quantity", "instructions"].map(|k| get(&f(k)));
        if row.iter().all(|v| v.is_empty()) {
            continue;
        }
        let medicine = text(&mut errs, &f("medicine"), row[0], true, 200);
        let strength = text(&mut errs, &f("strength"), row[1], true, 200);
        let dose = text(&mut errs, &f("dose"), row[2], true, 200);
        let quantity = match row[3].parse::<i64>() {
            Ok(q) if (1..=1000).contains(&q) => q,
            _ => {
                errs.push(FieldError::new(f("quantity"), "tele-field-quantity"));
                0
            }
        };
        let instructions = text(&mut errs, &f("instructions"), row[4], false, 500);
        items.push(RxItem { medicine, strength, dose, quantity, instructions });
    }
    if items.is_empty() && errs.is_empty() {
        errs.push(FieldError::new("medicine_1", "tele-field-no-items"));
    }
    if errs.is_empty() {
        Ok(items)
    } else {
        Err(errs)
    }
}

/// What the platform signs for a prescription: who prescribed what for whom, and when.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RxContent {
    pub code: String,
    /// The consultation (booking) code.
    pub consultation: String,
    pub facility: String,
    pub practitioner: String,
    /// Surat Izin Praktik.
    pub license: String,
    pub patient: String,
    /// `YYYY-MM-DD`, local date.
    pub issued_on: String,
    pub items: Vec<RxItem>,
}

impl RxContent {
    /// The exact bytes that are signed: compact JSON in this struct's field order.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// Whether a consultation's room is open at `now`: from [`ROOM_OPENS_BEFORE`] the start until
/// [`ROOM_CLOSES_AFTER`] the end, while the booking is active and not completed.
pub fn room_open(starts_at: i64, ends_at: i64, booking_status: &str, completed: bool, now: i64) -> bool {
    matches!(booking_status, "booked" | "checked_in")
        && !completed
        && now >= starts_at - ROOM_OPENS_BEFORE
        && now <= ends_at + ROOM_CLOSES_AFTER
}

/// A facility's video base URL from its imported definition: an `https://` (or `http://`) URL.
pub fn video_base(data_json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(data_json).ok()?;
    let raw = v.get("video_url")?.as_str()?.trim().trim_end_matches('/');
    let url = url::Url::parse(raw).ok()?;
    matches!(url.scheme(), "https" | "http").then(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn items_are_checked_row_by_row() {
        let ok = parse_items(&pairs(&[
            ("medicine_1", "Parasetamol"),
            ("strength_1", "500 mg tablet"),
            ("dose_1", "3 x 1"),
            ("quantity_1", "10"),
            ("instructions_1", "bila demam"),
            ("medicine_2", ""),
        ]))
        .expect("one item");
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].quantity, 10);
        let errs = parse_items(&pairs(&[("medicine_1", "Amoksisilin"), ("quantity_1", "x")])).expect_err("bad");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["strength_1", "dose_1", "quantity_1"]);
        assert_eq!(parse_items(&[]).expect_err("none")[0].key, "tele-field-no-items");
    }

    #[test]
    fn pre_consultation_needs_a_complaint_and_a_possible_mode() {
        let input = PreConsultInput { mode: "video".into(), complaint: " Demam ".into(), ..Default::default() };
        assert_eq!(PreConsult::parse(&input, true).expect("ok").complaint, "Demam");
        assert_eq!(PreConsult::parse(&input, false).expect_err("no video")[0].key, "tele-field-no-video");
        let empty = PreConsultInput { mode: "chat".into(), ..Default::default() };
        assert_eq!(PreConsult::parse(&empty, true).expect_err("empty")[0].field, "complaint");
    }

    #[test]
    fn the_room_opens_ten_minutes_before() {
        assert!(!room_open(10_000, 11_200, "booked", false, 10_000 - 601));
        assert!(room_open(10_000, 11_200, "booked", false, 10_000 - 600));
        assert!(!room_open(10_000, 11_200, "cancelled", false, 10_000));
        assert!(!room_open(10_000, 11_200, "booked", true, 10_000));
        assert_eq!(video_base(r#"{"video_url":"https://meet.jit.si/"}"#).as_deref(), Some("https://meet.jit.si"));
        assert_eq!(video_base(r#"{"video_url":"javascript:alert(1)"}"#), None);
    }
}
