//! Proactive notices as data: the kinds of consent, the documents a citizen may record and the
//! catalogue service that renews each, the reminder thresholds, the date arithmetic of
//! birthdays, and the eligibility rules (each with the reason shown to the citizen).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::identity::Nik;
use crate::web::FieldError;

/// What a citizen may agree to be told about (each off until they say yes).
pub const CONSENT_KINDS: [&str; 3] = ["expiry", "ktp17", "services"];

/// Days before a document expires when its holder is told (each threshold at most once).
pub const THRESHOLDS: [i64; 3] = [60, 30, 7];

/// The KTP-el is due at 17: told when the birthday is this many days ahead at most ...
pub const KTP_AHEAD_DAYS: i64 = 30;
/// ... or passed this many days ago at most (and the child has not applied yet).
pub const KTP_AFTER_DAYS: i64 = 90;

/// The catalogue service that issues a first KTP-el.
pub const KTP_SERVICE: &str = "ktp-el-baru";

/// The documents a citizen may record, each with the catalogue service that renews it.
pub const DOCUMENT_KINDS: [(&str, Option<&str>); 9] = [
    ("sim-a", Some("sim-perpanjangan")),
    ("sim-b", Some("sim-perpanjangan")),
    ("sim-c", Some("sim-perpanjangan")),
    ("paspor", Some("paspor")),
    ("stnk", Some("pajak-kendaraan")),
    ("izin-usaha", Some("nib")),
    ("izin-reklame", Some("izin-reklame")),
    ("izin-praktik", Some("izin-praktik-nakes")),
    ("lainnya", None),
];

/// The renewal service of a recorded document kind.
pub fn renewal_service(kind: &str) -> Option<&'static str> {
    DOCUMENT_KINDS.iter().find(|(k, _)| *k == kind).and_then(|(_, s)| *s)
}

/// The service that renews a document the platform issued through `service_id` (a first SIM
/// is renewed by the SIM renewal service; anything else by the service that issued it).
pub fn renewal_of_issued(service_id: &str) -> &str {
    match service_id {
        "sim-baru" => "sim-perpanjangan",
        other => other,
    }
}

/// The threshold a document `days_left` from expiry has reached (the smallest one not below
/// it), or none when it is further away or already expired.
pub fn threshold(days_left: i64) -> Option<i64> {
    if days_left < 0 {
        return None;
    }
    THRESHOLDS.iter().rev().find(|t| days_left <= **t).copied()
}

/// The date `years` after `born`; a 29 February birthday falls on 1 March in a common year
/// (the full number of years has passed only once 28 February is over).
pub fn anniversary(born: Date, years: i32) -> Date {
    let year = born.year() + years;
    Date::from_calendar_date(year, born.month(), born.day())
        .unwrap_or_else(|_| Date::from_calendar_date(year, Month::March, 1).unwrap_or(born))
}

/// Age in whole years on `today`.
pub fn age_years(born: Date, today: Date) -> i32 {
    let mut age = today.year() - born.year();
    if anniversary(born, age) > today {
        age -= 1;
    }
    age.max(0)
}

/// Age in whole months on `today`.
pub fn age_months(born: Date, today: Date) -> i32 {
    let mut months =
        (today.year() - born.year()) * 12 + i32::from(u8::from(today.month())) - i32::from(u8::from(born.month()));
    if today.day() < born.day() {
        months -= 1;
    }
    months.max(0)
}

/// Days from `today` to the 17th birthday (negative once it has passed).
pub fn days_to_17(born: Date, today: Date) -> i64 {
    (anniversary(born, 17) - today).whole_days()
}

/// Whether the KTP-el notice is due for someone born on `born`.
pub fn ktp_due(born: Date, today: Date) -> bool {
    (-KTP_AFTER_DAYS..=KTP_AHEAD_DAYS).contains(&days_to_17(born, today))
}

// ---------------------------------------------------------------------------------------
// Forms.

fn invalid(errs: &mut Vec<FieldError>, field: &str, key: &'static str) {
    errs.push(FieldError::new(field, key));
}

/// A document as typed on the "Dokumen saya" form.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DocumentInput {
    pub kind: String,
    /// A name of the citizen's own, e.g. "SIM C motor" (optional).
    pub label: String,
    /// The number (optional; only its last four characters are kept).
    pub number: String,
    /// Expiry date, `YYYY-MM-DD`.
    pub expires_on: String,
}

/// A checked document.
#[derive(Clone, Debug)]
pub struct DocumentDraft {
    pub kind: String,
    pub label: String,
    pub number_tail: String,
    pub expires_on: Date,
}

/// Check a document: a kind from the list, an expiry date no more than a year past (an
/// expired document can still be recorded, to be renewed) and no more than 20 years ahead.
pub fn check_document(input: &DocumentInput, today: Date) -> Result<DocumentDraft, Vec<FieldError>> {
    let mut errs = vec![];
    let kind = input.kind.trim();
    if !DOCUMENT_KINDS.iter().any(|(k, _)| *k == kind) {
        invalid(&mut errs, "kind", "field-pro-doc-kind");
    }
    let label = input.label.trim();
    if label.chars().count() > 80 {
        invalid(&mut errs, "label", "field-pro-doc-label");
    }
    let number: String = input.number.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if number.len() > 30 || input.number.trim().chars().count() > 40 {
        invalid(&mut errs, "number", "field-pro-doc-number");
    }
    let expires_on = crate::calendar::parse_date(input.expires_on.trim());
    match expires_on {
        None => invalid(&mut errs, "expires_on", "field-pro-doc-date"),
        Some(d) if d < today - time::Duration::days(366) || d > anniversary(today, 20) => {
            invalid(&mut errs, "expires_on", "field-pro-doc-date-range")
        }
        Some(_) => {}
    }
    match (errs.is_empty(), expires_on) {
        (true, Some(expires_on)) => {
            let tail = number.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
            Ok(DocumentDraft { kind: kind.to_string(), label: label.to_string(), number_tail: tail, expires_on })
        }
        _ => Err(errs),
    }
}

/// A family member as typed: a name and either a NIK or a birth date.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    /// The member's NIK (the birth date is read from it; only a masked NIK is kept).
    pub nik: String,
    /// Birth date, `YYYY-MM-DD`, when no NIK is given.
    pub birth_date: String,
}

#[derive(Clone, Debug)]
pub struct MemberDraft {
    pub name: String,
    pub birth_date: Date,
    pub nik_masked: String,
}

/// Check a family member; a NIK gives the birth date (day + 40 for women, see [`Nik`]).
pub fn check_member(input: &MemberInput, today: Date) -> Result<MemberDraft, Vec<FieldError>> {
    let mut errs = vec![];
    let name = input.name.trim();
    if name.chars().count() < 2 || name.chars().count() > 100 {
        invalid(&mut errs, "name", "field-pro-member-name");
    }
    let mut birth = None;
    let mut nik_masked = String::new();
    if !input.nik.trim().is_empty() {
        match Nik::parse_on(&input.nik, today) {
            Ok(nik) => {
                // The NIK gives a two-digit year: the century is the one that puts the birth
                // on or before `today`.
                let b = nik.info().birth_date;
                birth = Some(if b > today { anniversary(b, -100) } else { b });
                nik_masked = nik.masked();
            }
            Err(e) => invalid(&mut errs, "nik", e.key()),
        }
    } else if !input.birth_date.trim().is_empty() {
        match crate::calendar::parse_date(input.birth_date.trim()) {
            Some(d) if d <= today && d >= anniversary(today, -120) => birth = Some(d),
            _ => invalid(&mut errs, "birth_date", "field-pro-member-birth"),
        }
    } else {
        invalid(&mut errs, "nik", "field-pro-member-nik-or-birth");
    }
    match (errs.is_empty(), birth) {
        (true, Some(birth_date)) => Ok(MemberDraft { name: name.to_string(), birth_date, nik_masked }),
        _ => Err(errs),
    }
}

// ---------------------------------------------------------------------------------------
// Eligibility rules.

/// What a rule looks at.
#[derive(Clone, Copy, Debug)]
pub enum Condition {
    /// A family member aged at least `.0` and under `.1` months.
    MemberMonths(i32, i32),
    /// A family member turns 17 soon or has just turned 17 (see [`ktp_due`]).
    MemberTurning17,
    /// The citizen is aged at least `.0` and under `.1` years.
    AgeYears(i32, i32),
    /// The citizen has applied for this service before.
    Applied(&'static str),
    /// The citizen recorded none of these documents.
    NoDocument(&'static [&'static str]),
}

/// A likely-eligible service: when every condition holds and the citizen has not applied for
/// the service yet. Its title and reason are the messages `pro-rule-<id>` and
/// `pro-rule-<id>-why`.
pub struct Rule {
    pub id: &'static str,
    pub service: &'static str,
    pub when: &'static [Condition],
}

/// Every rule, in the order shown.
pub const RULES: &[Rule] = &[
    Rule { id: "ktp17", service: KTP_SERVICE, when: &[Condition::MemberTurning17] },
    Rule { id: "newborn", service: "akta-kelahiran", when: &[Condition::MemberMonths(0, 12)] },
    Rule { id: "kia", service: "kia", when: &[Condition::MemberMonths(0, 17 * 12)] },
    Rule { id: "school", service: "spmb", when: &[Condition::MemberMonths(5 * 12, 16 * 12)] },
    Rule {
        id: "sim",
        service: "sim-baru",
        when: &[Condition::AgeYears(17, 70), Condition::NoDocument(&["sim-a", "sim-b", "sim-c"])],
    },
    Rule { id: "jobseeker", service: "kartu-kuning", when: &[Condition::AgeYears(18, 26)] },
    Rule { id: "elderly", service: "bansos", when: &[Condition::AgeYears(60, 200)] },
    Rule { id: "business-npwp", service: "npwp", when: &[Condition::Applied("nib")] },
    Rule { id: "business-ads", service: "izin-reklame", when: &[Condition::Applied("nib")] },
    Rule { id: "business-building", service: "pbg", when: &[Condition::Applied("nib")] },
];

/// What the rules know about a citizen.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub birth_date: Option<Date>,
    /// Birth dates of the family members (recorded, or sharing the citizen's KK number).
    pub family: Vec<Date>,
    /// Services the citizen has applied for.
    pub applied: HashSet<String>,
    /// Kinds of the documents the citizen recorded.
    pub documents: HashSet<String>,
}

impl Condition {
    fn holds(&self, f: &Facts, today: Date) -> bool {
        match *self {
            Condition::MemberMonths(min, max) => f.family.iter().any(|b| (min..max).contains(&age_months(*b, today))),
            Condition::MemberTurning17 => f.family.iter().any(|b| ktp_due(*b, today)),
            Condition::AgeYears(min, max) => f.birth_date.is_some_and(|b| (min..max).contains(&age_years(b, today))),
            Condition::Applied(s) => f.applied.contains(s),
            Condition::NoDocument(kinds) => !kinds.iter().any(|k| f.documents.contains(*k)),
        }
    }
}

/// The rules that hold for `facts` on `today`, among those whose service `exists`.
pub fn suggestions(facts: &Facts, today: Date, exists: impl Fn(&str) -> bool) -> Vec<&'static Rule> {
    RULES
        .iter()
        .filter(|r| exists(r.service) && !facts.applied.contains(r.service))
        .filter(|r| r.when.iter().all(|c| c.holds(facts, today)))
        .collect()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn leap_day_birthdays_come_on_the_first_of_march_in_common_years() {
        let born = date!(2008 - 02 - 29);
        assert_eq!(anniversary(born, 17), date!(2025 - 03 - 01));
        assert_eq!(anniversary(born, 16), date!(2024 - 02 - 29));
        assert_eq!(age_years(born, date!(2025 - 02 - 28)), 16);
        assert_eq!(age_years(born, date!(2025 - 03 - 01)), 17);
        assert_eq!(days_to_17(born, date!(2025 - 02 - 27)), 2);
        assert!(ktp_due(born, date!(2025 - 01 - 30)));
        assert!(!ktp_due(born, date!(2025 - 01 - 29)), "31 days ahead is too early");
        assert!(ktp_due(born, date!(2025 - 05 - 30)), "90 days after");
        assert!(!ktp_due(born, date!(2025 - 05 - 31)));
    }

    #[test]
    fn a_womans_nik_gives_her_birth_date_from_the_day_plus_40() {
        let today = date!(2026 - 11 - 30);
        let m = check_member(
            &MemberInput { name: "Nur".into(), nik: "3273016902080001".into(), ..Default::default() },
            today,
        )
        .expect("valid");
        assert_eq!(m.birth_date, date!(2008 - 02 - 29));
        assert_eq!(m.nik_masked, "3273**********01");
        assert_eq!(anniversary(m.birth_date, 17), date!(2025 - 03 - 01));
        // A man's NIK: the day as it is.
        let m = check_member(
            &MemberInput { name: "Adi".into(), nik: "3273011512090002".into(), ..Default::default() },
            today,
        )
        .expect("valid");
        assert_eq!(m.birth_date, date!(2009 - 12 - 15));
        assert_eq!(days_to_17(m.birth_date, today), 15);
    }

    #[test]
    fn ages_in_months_and_years() {
        assert_eq!(age_months(date!(2026 - 01 - 31), date!(2026 - 02 - 28)), 0);
        assert_eq!(age_months(date!(2026 - 01 - 31), date!(2026 - 03 - 31)), 2);
        assert_eq!(age_years(date!(1990 - 06 - 05), date!(2026 - 06 - 04)), 35);
        assert_eq!(age_years(date!(1990 - 06 - 05), date!(2026 - 06 - 05)), 36);
    }

    #[test]
    fn thresholds_pick_the_nearest_one_reached() {
        assert_eq!(threshold(61), None);
        assert_eq!(threshold(60), Some(60));
        assert_eq!(threshold(31), Some(60));
        assert_eq!(threshold(30), Some(30));
        assert_eq!(threshold(8), Some(30));
        assert_eq!(threshold(7), Some(7));
        assert_eq!(threshold(0), Some(7));
        assert_eq!(threshold(-1), None);
    }

    #[test]
    fn documents_are_checked() {
        let today = date!(2026 - 11 - 30);
        let ok = DocumentInput {
            kind: "sim-c".into(),
            label: "".into(),
            number: "1234-5678-9012".into(),
            expires_on: "2026-12-20".into(),
        };
        let d = check_document(&ok, today).expect("valid");
        assert_eq!((d.number_tail.as_str(), d.expires_on), ("9012", date!(2026 - 12 - 20)));
        let bad = DocumentInput { kind: "ktp".into(), expires_on: "2060-01-01".into(), ..ok.clone() };
        let errs = check_document(&bad, today).expect_err("invalid");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "expires_on"]);
        assert!(check_document(&DocumentInput { expires_on: "31-12-2026".into(), ..ok }, today).is_err());
    }

    #[test]
    fn rules_follow_the_facts() {
        let today = date!(2026 - 11 - 30);
        let facts = Facts {
            birth_date: Some(date!(1990 - 06 - 05)),
            family: vec![date!(2009 - 12 - 15), date!(2026 - 08 - 01)],
            applied: ["nib".to_string(), "npwp".to_string()].into(),
            documents: ["sim-a".to_string()].into(),
        };
        let ids: Vec<&str> = suggestions(&facts, today, |s| s != "pbg").iter().map(|r| r.id).collect();
        assert_eq!(ids, ["ktp17", "newborn", "kia", "business-ads"]);
        let lone = Facts { birth_date: Some(date!(1960 - 01 - 01)), ..Default::default() };
        let ids: Vec<&str> = suggestions(&lone, today, |_| true).iter().map(|r| r.id).collect();
        assert_eq!(ids, ["sim", "elderly"]);
    }
}
