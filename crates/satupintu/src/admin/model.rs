//! The console's fixed lists and the rule of feature switches.

use crate::identity::Role;

/// The features a super admin can switch on or off per region.
pub const FEATURES: [&str; 2] = ["telemedicine", "green_pickup"];

/// The roles a staff account can be given in the console.
pub const STAFF_ROLES: [Role; 5] =
    [Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::Auditor, Role::SuperAdmin];

/// One switch: a feature on or off in a region (a prefix of Kemendagri codes, '' everywhere).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Switch {
    pub feature: String,
    pub region: String,
    pub enabled: bool,
}

/// Whether a feature is on in `region` given its switches: the switch with the longest region
/// that is a prefix of `region` wins; without one the feature is on.
pub fn feature_on(switches: &[Switch], feature: &str, region: &str) -> bool {
    switches
        .iter()
        .filter(|s| s.feature == feature && region.starts_with(s.region.as_str()))
        .max_by_key(|s| s.region.len())
        .is_none_or(|s| s.enabled)
}

/// A region as typed: empty (everywhere) or 2 to 13 digits, dots allowed (`35.78`).
pub fn parse_region(input: &str) -> Option<String> {
    let code: String = input.trim().chars().filter(|c| *c != '.').collect();
    (code.is_empty() || (code.len() >= 2 && code.len() <= 13 && code.chars().all(|c| c.is_ascii_digit())))
        .then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sw(region: &str, enabled: bool) -> Switch {
        Switch { feature: "telemedicine".into(), region: region.into(), enabled }
    }

    #[test]
    fn the_most_specific_switch_wins() {
        let s = [sw("", false), sw("35", true), sw("3578", false)];
        assert!(!feature_on(&s, "telemedicine", "357801"));
        assert!(feature_on(&s, "telemedicine", "3501"));
        assert!(!feature_on(&s, "telemedicine", "3171"));
        assert!(feature_on(&s, "green_pickup", "3171"));
        assert!(feature_on(&[], "telemedicine", "3171"));
    }

    #[test]
    fn regions_are_digits() {
        assert_eq!(parse_region(" 35.78 ").as_deref(), Some("3578"));
        assert_eq!(parse_region("").as_deref(), Some(""));
        assert_eq!(parse_region("3"), None);
        assert_eq!(parse_region("35a"), None);
    }
}
