//! Assisted service: the types of a session and of its consent, parsed without I/O.

use serde::Serialize;
use utoipa::ToSchema;

use crate::identity::model::{parse_full_name, Nik};
use crate::web::FieldError;

/// The version of the consent statement read to the citizen (its text is the Fluent message
/// `assisted-consent-statement`, in Indonesian and English). A new wording gets a new version.
pub const CONSENT_VERSION: &str = "pendampingan-2026-12-v1";

/// A session lasts at most this long (or until the assistant ends it, or the citizen withdraws).
pub const SESSION_SECS: i64 = 4 * 3600;

/// How the citizen gave consent.
pub const CONSENT_METHODS: &[&str] = &["lisan", "tanda_tangan", "cap_jempol"];

/// The acts a session may cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Apply for a catalogue service.
    Apply,
    /// File a complaint report.
    Report,
    /// Check the status of the citizen's applications and reports (read only).
    Status,
}

impl Act {
    pub const ALL: [Act; 3] = [Act::Apply, Act::Report, Act::Status];

    pub fn as_str(self) -> &'static str {
        match self {
            Act::Apply => "apply",
            Act::Report => "report",
            Act::Status => "status",
        }
    }

    pub fn parse(s: &str) -> Option<Act> {
        Act::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }
}

/// The acts a session covers, stored as a comma-separated list.
pub fn scope_to_string(scope: &[Act]) -> String {
    scope.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(",")
}

pub fn scope_from_str(s: &str) -> Vec<Act> {
    s.split(',').filter_map(Act::parse).collect()
}

/// Who assists: a volunteer appointed by an agency, or an officer or supervisor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssistantKind {
    Volunteer,
    Officer,
}

impl AssistantKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AssistantKind::Volunteer => "volunteer",
            AssistantKind::Officer => "officer",
        }
    }
}

/// What the assistant types to start a session, before checking.
#[derive(Debug, Default, Clone)]
pub struct StartInput {
    pub nik: String,
    pub full_name: String,
    /// Register the citizen first (they have no account).
    pub register: bool,
    /// The citizen's address (only when registering).
    pub address: String,
    pub place: String,
    pub consent_method: String,
    /// The consent statement was read to the citizen.
    pub consent_read: bool,
    /// An upload id of the signed form's scan, if any.
    pub consent_upload: Option<String>,
    pub scope: Vec<String>,
}

/// A session start that passed [`check_start`].
#[derive(Debug, Clone)]
pub struct Start {
    pub nik: Nik,
    pub full_name: String,
    pub register: bool,
    pub address: String,
    pub place: String,
    pub consent_method: &'static str,
    pub consent_upload: Option<String>,
    pub scope: Vec<Act>,
}

/// Check a session start: every problem, per field.
pub fn check_start(input: &StartInput) -> Result<Start, Vec<FieldError>> {
    let mut errs = vec![];
    let nik = match input.nik.trim() {
        "" => {
            errs.push(FieldError::new("nik", "field-required"));
            None
        }
        s => Nik::parse(s).map_err(|e| errs.push(FieldError::new("nik", e.key()))).ok(),
    };
    let full_name = match input.full_name.trim() {
        "" => {
            errs.push(FieldError::new("full_name", "field-required"));
            None
        }
        s => parse_full_name(s).map_err(|k| errs.push(FieldError::new("full_name", k))).ok(),
    };
    let address = input.address.split_whitespace().collect::<Vec<_>>().join(" ");
    if input.register && address.chars().count() < 5 {
        errs.push(FieldError::new("address", "assisted-field-address"));
    } else if address.chars().count() > 300 {
        errs.push(FieldError::new("address", "field-too-long"));
    }
    let place = input.place.split_whitespace().collect::<Vec<_>>().join(" ");
    if place.chars().count() < 3 {
        errs.push(FieldError::new("place", "assisted-field-place"));
    } else if place.chars().count() > 200 {
        errs.push(FieldError::new("place", "field-too-long"));
    }
    let method = CONSENT_METHODS.iter().copied().find(|m| *m == input.consent_method.trim());
    if method.is_none() {
        errs.push(FieldError::new("consent_method", "field-option"));
    }
    if !input.consent_read {
        errs.push(FieldError::new("consent_read", "assisted-field-consent-read"));
    }
    let mut scope = vec![];
    for s in &input.scope {
        match Act::parse(s) {
            Some(a) if !scope.contains(&a) => scope.push(a),
            Some(_) => {}
            None => errs.push(FieldError::new("scope", "field-option")),
        }
    }
    if scope.is_empty() && !errs.iter().any(|e| e.field == "scope") {
        errs.push(FieldError::new("scope", "assisted-field-scope"));
    }
    let upload = input.consent_upload.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_string);
    match (nik, full_name, method, errs.is_empty()) {
        (Some(nik), Some(full_name), Some(consent_method), true) => Ok(Start {
            nik,
            full_name,
            register: input.register,
            address,
            place,
            consent_method,
            consent_upload: upload,
            scope,
        }),
        _ => Err(errs),
    }
}

/// Names compared as people write them: case, spaces and dots do not matter.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.split(|c: char| c.is_whitespace() || c == '.' || c == ',')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    !a.trim().is_empty() && norm(a) == norm(b)
}

/// How an act was assisted, as the citizen and the officer handling it see it.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq, Eq)]
#[schema(as = AssistedMark)]
pub struct Mark {
    /// The assisted session.
    pub session_id: i64,
    /// The assistant's name.
    pub assistant_name: String,
    /// `volunteer` or `officer`.
    pub assistant_kind: String,
    /// The agency the assistant acts for.
    pub agency_id: String,
    /// Where the citizen was assisted (e.g. "Layanan keliling Kel. Gunung Anyar").
    pub place: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> StartInput {
        StartInput {
            nik: "3578014107450002".into(),
            full_name: "Sumiati".into(),
            place: "Layanan keliling Kel. Gunung Anyar".into(),
            consent_method: "lisan".into(),
            consent_read: true,
            scope: vec!["apply".into(), "status".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_start_parses() {
        let s = check_start(&input()).expect("valid");
        assert_eq!(s.scope, vec![Act::Apply, Act::Status]);
        assert_eq!(s.consent_method, "lisan");
        assert_eq!(scope_from_str(&scope_to_string(&s.scope)), s.scope);
    }

    #[test]
    fn every_problem_is_reported_per_field() {
        let bad = StartInput {
            nik: "123".into(),
            consent_method: "email".into(),
            scope: vec!["delete".into()],
            register: true,
            ..Default::default()
        };
        let errs = check_start(&bad).expect_err("invalid");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in ["nik", "full_name", "address", "place", "consent_method", "consent_read", "scope"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let no_scope = StartInput { scope: vec![], ..input() };
        assert_eq!(check_start(&no_scope).expect_err("no scope")[0].key, "assisted-field-scope");
    }

    #[test]
    fn names_match_loosely_but_not_emptily() {
        assert!(same_name("Mbah  sumiati", "Mbah Sumiati"));
        assert!(same_name("H. Abdul Karim", "h abdul karim"));
        assert!(!same_name("Sumiati", "Sumarni"));
        assert!(!same_name("", ""));
    }
}
