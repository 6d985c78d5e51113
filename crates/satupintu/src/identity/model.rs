//! Identity types, parsed once at the edge: a handler cannot hold an unchecked NIK.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::web::FieldError;

/// Nomor Induk Kependudukan: 16 digits. Digits 1-6 are the region (province, regency, district)
/// where it was issued, 7-12 the birth date as DDMMYY (day + 40 for women), 13-16 a serial.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("a NIK has 16 digits")]
    Length,
    #[error("a NIK has only digits")]
    NotDigits,
    #[error("the first six digits are not a region code")]
    Region,
    #[error("digits 7-12 are not a real birth date")]
    BirthDate,
    #[error("the last four digits cannot be 0000")]
    Serial,
}

impl NikError {
    pub fn key(self) -> &'static str {
        match self {
            NikError::Length => "field-nik-length",
            NikError::NotDigits => "field-nik-digits",
            NikError::Region => "field-nik-region",
            NikError::BirthDate => "field-nik-date",
            NikError::Serial => "field-nik-serial",
        }
    }
}

/// What a NIK tells about its holder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NikInfo {
    pub region_code: String,
    /// Whether the 6-digit code is in the current edition of the region codes (an older NIK can
    /// carry the code of a region that was split or renamed since; it is still valid).
    pub region_current: bool,
    pub birth_date: Date,
    pub gender: Gender,
}

impl Nik {
    /// Parse a NIK as typed (spaces and dots between digit groups are allowed).
    pub fn parse(input: &str) -> Result<Nik, NikError> {
        Self::parse_on(input, time::OffsetDateTime::now_utc().date())
    }

    /// Parse, judging birth dates against `today`.
    pub fn parse_on(input: &str, today: Date) -> Result<Nik, NikError> {
        let s: String = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(NikError::NotDigits);
        }
        if s.len() != 16 {
            return Err(NikError::Length);
        }
        let b = s.as_bytes();
        let num = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
        if !crate::wilayah::province_exists(&s[0..2]) || num(2) == 0 || num(4) == 0 {
            return Err(NikError::Region);
        }
        birth_date(num(6), num(8), num(10), today).ok_or(NikError::BirthDate)?;
        if &s[12..16] == "0000" {
            return Err(NikError::Serial);
        }
        Ok(Nik(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn info(&self) -> NikInfo {
        self.info_on(time::OffsetDateTime::now_utc().date())
    }

    /// What the NIK says, with its two-digit birth year read as no later than `today`.
    pub fn info_on(&self, today: Date) -> NikInfo {
        let b = self.0.as_bytes();
        let num = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
        let (birth_date, gender) = birth_date(num(6), num(8), num(10), today).unwrap_or((Date::MIN, Gender::Male));
        NikInfo {
            region_code: self.0[..6].to_string(),
            region_current: crate::wilayah::get(&self.0[..6]).is_some(),
            birth_date,
            gender,
        }
    }

    /// The NIK with its middle hidden, for display: `3273**********01`.
    pub fn masked(&self) -> String {
        format!("{}**********{}", &self.0[..4], &self.0[14..])
    }
}

/// Decode DD (+40 for women), MM, YY into a date no later than `today`.
fn birth_date(dd: u32, mm: u32, yy: u32, today: Date) -> Option<(Date, Gender)> {
    let (day, gender) = match dd {
        1..=31 => (dd, Gender::Male),
        41..=71 => (dd - 40, Gender::Female),
        _ => return None,
    };
    let month = Month::try_from(u8::try_from(mm).ok()?).ok()?;
    let day = u8::try_from(day).ok()?;
    let yy = i32::try_from(yy).ok()?;
    [2000 + yy, 1900 + yy]
        .into_iter()
        .filter_map(|y| Date::from_calendar_date(y, month, day).ok())
        .find(|d| *d <= today)
        .map(|d| (d, gender))
}

impl std::fmt::Debug for Nik {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl TryFrom<String> for Nik {
    type Error = NikError;
    fn try_from(s: String) -> Result<Self, NikError> {
        Nik::parse(&s)
    }
}

impl From<Nik> for String {
    fn from(n: Nik) -> String {
        n.0
    }
}

/// Roles, checked on the server for every route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    Officer,
    Supervisor,
    AgencyAdmin,
    Auditor,
    SuperAdmin,
    /// A receiving treasurer (bendahara penerimaan) of an agency: records payments at the
    /// counter and decides the payments reconciliation could not match.
    Treasurer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Citizen,
        Role::Officer,
        Role::Supervisor,
        Role::AgencyAdmin,
        Role::Auditor,
        Role::SuperAdmin,
        Role::Treasurer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
            Role::AgencyAdmin => "agency_admin",
            Role::Auditor => "auditor",
            Role::SuperAdmin => "super_admin",
            Role::Treasurer => "treasurer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_staff(self) -> bool {
        self != Role::Citizen
    }

    /// Roles that belong to one agency.
    pub fn needs_agency(self) -> bool {
        matches!(self, Role::Officer | Role::Supervisor | Role::AgencyAdmin | Role::Treasurer)
    }

    /// Roles that must sign in with a second factor.
    pub fn requires_totp(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::SuperAdmin)
    }

    pub fn can_edit_catalog(self) -> bool {
        matches!(self, Role::AgencyAdmin | Role::SuperAdmin)
    }
}

/// A lower-cased e-mail address of plausible shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Option<Email> {
        let s = s.trim().to_lowercase();
        let (local, domain) = s.split_once('@')?;
        let ok = !local.is_empty()
            && local.len() <= 64
            && s.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
            && !domain.contains('@');
        ok.then_some(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Indonesian mobile number in `+62...` form (accepts `08..`, `628..`, `+628..`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Option<Phone> {
        let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.')).collect();
        let rest =
            digits.strip_prefix("+62").or_else(|| digits.strip_prefix("62")).or_else(|| digits.strip_prefix('0'))?;
        let ok = rest.starts_with('8') && (9..=12).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_digit());
        ok.then(|| Phone(format!("+62{rest}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's full name as written on their KTP.
pub fn parse_full_name(s: &str) -> Result<String, &'static str> {
    let name = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = name.chars().count();
    if len < 2 {
        return Err("field-name-short");
    }
    if len > 100 {
        return Err("field-name-long");
    }
    if !name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-' | ',')) {
        return Err("field-name-chars");
    }
    Ok(name)
}

/// Password rules: 8 to 128 characters, not one repeated character, not the NIK.
pub fn check_password(pw: &str, nik: Option<&str>) -> Result<(), &'static str> {
    let len = pw.chars().count();
    if len < 8 {
        return Err("field-password-short");
    }
    if len > 128 {
        return Err("field-password-long");
    }
    let first = pw.chars().next();
    if pw.chars().all(|c| Some(c) == first) || nik.is_some_and(|n| pw.contains(n)) {
        return Err("field-password-weak");
    }
    Ok(())
}

/// A citizen's registration, validated: every problem is reported, not just the first.
#[derive(Debug)]
pub struct Registration {
    pub nik: Nik,
    pub full_name: String,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub password: String,
}

impl Registration {
    pub fn parse(
        nik: Option<&str>,
        full_name: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
        password: Option<&str>,
    ) -> Result<Registration, Vec<FieldError>> {
        let mut errors = vec![];
        let nik = match nik.map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                errors.push(FieldError::new("nik", "field-required"));
                None
            }
            Some(s) => Nik::parse(s).map_err(|e| errors.push(FieldError::new("nik", e.key()))).ok(),
        };
        let full_name = match full_name.map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                errors.push(FieldError::new("full_name", "field-required"));
                None
            }
            Some(s) => parse_full_name(s).map_err(|k| errors.push(FieldError::new("full_name", k))).ok(),
        };
        let email_in = email.map(str::trim).filter(|s| !s.is_empty());
        let phone_in = phone.map(str::trim).filter(|s| !s.is_empty());
        let email = email_in.and_then(|s| {
            let e = Email::parse(s);
            if e.is_none() {
                errors.push(FieldError::new("email", "field-email-invalid"));
            }
            e
        });
        let phone = phone_in.and_then(|s| {
            let p = Phone::parse(s);
            if p.is_none() {
                errors.push(FieldError::new("phone", "field-phone-invalid"));
            }
            p
        });
        if email_in.is_none() && phone_in.is_none() {
            errors.push(FieldError::new("email", "field-contact-required"));
        }
        let password = match password.filter(|s| !s.is_empty()) {
            None => {
                errors.push(FieldError::new("password", "field-required"));
                None
            }
            Some(p) => check_password(p, nik.as_ref().map(Nik::as_str))
                .map(|_| p.to_string())
                .map_err(|k| errors.push(FieldError::new("password", k)))
                .ok(),
        };
        match (nik, full_name, password) {
            (Some(nik), Some(full_name), Some(password)) if errors.is_empty() => {
                Ok(Registration { nik, full_name, email, phone, password })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn valid_niks_parse_with_birth_date_and_gender() {
        let n = Nik::parse_on("3273014506900001", TODAY).expect("valid female NIK");
        let info = n.info();
        assert_eq!(info.birth_date, date!(1990 - 06 - 05));
        assert_eq!(info.gender, Gender::Female);
        assert!(info.region_current);
        let m = Nik::parse_on("3173 0512 0805 0002", TODAY).expect("spaces allowed, 2005 birth");
        assert_eq!(m.info().birth_date, date!(2005 - 08 - 12));
        assert_eq!(m.info().gender, Gender::Male);
        assert_eq!(m.masked(), "3173**********02");
    }

    #[test]
    fn invalid_niks_say_why() {
        assert_eq!(Nik::parse_on("327301450690001", TODAY), Err(NikError::Length));
        assert_eq!(Nik::parse_on("32730145069000A1", TODAY), Err(NikError::NotDigits));
        assert_eq!(Nik::parse_on("9773014506900001", TODAY), Err(NikError::Region), "no province 97");
        assert_eq!(Nik::parse_on("3200014506900001", TODAY), Err(NikError::Region), "regency 00");
        assert_eq!(Nik::parse_on("3273003506900001", TODAY), Err(NikError::Region), "district 00");
        assert_eq!(Nik::parse_on("3273013506900001", TODAY), Err(NikError::BirthDate), "day 35");
        assert_eq!(Nik::parse_on("3273017206900001", TODAY), Err(NikError::BirthDate), "day 72");
        assert_eq!(Nik::parse_on("3273013002900001", TODAY), Err(NikError::BirthDate), "30 Feb");
        assert_eq!(Nik::parse_on("3273011013900001", TODAY), Err(NikError::BirthDate), "month 13");
        assert_eq!(Nik::parse_on("3273014506900000", TODAY), Err(NikError::Serial));
    }

    #[test]
    fn leap_days_and_centuries() {
        assert!(Nik::parse_on("3273012902000001", TODAY).is_ok(), "29 Feb 2000");
        assert!(Nik::parse_on("3273012902040001", TODAY).is_ok(), "29 Feb 2004");
        assert_eq!(Nik::parse_on("3273012902030001", TODAY), Err(NikError::BirthDate), "2003 not leap");
        // 01-12-26 is in the future for 2026, so it means 1926.
        let n = Nik::parse_on("3273010112260001", TODAY).expect("1926");
        assert_eq!(n.info_on(TODAY).birth_date.year(), 1926);
    }

    #[test]
    fn old_region_codes_are_accepted() {
        // Papua Selatan (93) was split from Papua (91) in 2022; a NIK issued before then carries a
        // 91xx code that may no longer exist as such. It must still be valid.
        let n = Nik::parse_on("9199014506900001", TODAY).expect("old-edition Papua code");
        assert!(!n.info().region_current);
    }

    proptest! {
        #[test]
        fn any_string_parses_without_panicking(s in ".{0,40}") {
            let _ = Nik::parse_on(&s, TODAY);
        }

        #[test]
        fn well_formed_niks_round_trip(day in 1u32..=28, month in 1u32..=12, yy in 0u32..=99, female: bool, serial in 1u32..=9999) {
            let dd = if female { day + 40 } else { day };
            let s = format!("327301{dd:02}{month:02}{yy:02}{serial:04}");
            let n = Nik::parse_on(&s, TODAY).expect("well formed");
            prop_assert_eq!(n.as_str(), s.as_str());
            let info = n.info();
            prop_assert_eq!(info.gender == Gender::Female, female);
            prop_assert_eq!(u32::from(info.birth_date.day()), day);
        }

        #[test]
        fn wrong_length_is_always_refused(len in 0usize..40) {
            prop_assume!(len != 16);
            let s: String = "3273014506900001327301".chars().cycle().take(len).collect();
            prop_assert!(Nik::parse_on(&s, TODAY).is_err());
        }
    }

    #[test]
    fn roles_round_trip_and_rules() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(Role::AgencyAdmin.requires_totp() && Role::SuperAdmin.requires_totp());
        assert!(!Role::Officer.requires_totp() && !Role::Citizen.is_staff());
        assert!(Role::Officer.needs_agency() && !Role::Auditor.needs_agency());
        assert!(!Role::Officer.can_edit_catalog() && Role::AgencyAdmin.can_edit_catalog());
    }

    #[test]
    fn contacts_normalise() {
        assert_eq!(Phone::parse("0812-3456-7890").map(|p| p.0), Some("+6281234567890".into()));
        assert_eq!(Phone::parse("+62 812 3456 789").map(|p| p.0), Some("+62812345678 9".replace(' ', "")));
        assert!(Phone::parse("021-555-1234").is_none(), "landline is not a mobile");
        assert_eq!(Email::parse(" Siti@Example.ID ").map(|e| e.0), Some("siti@example.id".into()));
        assert!(Email::parse("siti@localhost").is_none());
        assert!(Email::parse("a b@x.id").is_none());
    }

    #[test]
    fn registration_reports_every_problem() {
        let errs = Registration::parse(Some("123"), Some(""), None, Some("abc"), Some("short")).expect_err("invalid");
        let fields: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.key)).collect();
        assert!(fields.contains(&("nik", "field-nik-length")));
        assert!(fields.contains(&("full_name", "field-required")));
        assert!(fields.contains(&("phone", "field-phone-invalid")));
        assert!(fields.contains(&("password", "field-password-short")));
        let ok = Registration::parse(
            Some("3273014506900001"),
            Some("Siti  Rahayu"),
            Some("siti@example.id"),
            None,
            Some("rahasia-kuat-1"),
        )
        .expect("valid");
        assert_eq!(ok.full_name, "Siti Rahayu");
    }
}
