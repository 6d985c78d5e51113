//! Announcements and news: the kinds, what staff type (checked once here, without I/O), when an
//! announcement is public, and its text as paragraphs.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::FieldError;

/// `pengumuman` (an announcement: a change of hours, a closure, a deadline) or `berita` (news).
pub const KINDS: [&str; 2] = ["pengumuman", "berita"];

/// Announcements per page of the public list.
pub const PAGE_SIZE: i64 = 10;

/// What staff type: a form or a JSON body. Dates are local (`YYYY-MM-DDTHH:MM`); an empty
/// `publish_at` publishes at once.
#[derive(Deserialize, Serialize, Clone, Debug, Default, ToSchema)]
#[schema(as = AnnouncementInput)]
#[serde(default)]
pub struct AnnouncementInput {
    pub title: String,
    pub summary: String,
    /// Plain text; paragraphs are separated by an empty line.
    pub body: String,
    /// `pengumuman` or `berita`.
    pub kind: String,
    /// The agency that speaks (staff of an agency: their own).
    pub agency: String,
    /// The area it concerns (a district, a kelurahan), optional.
    pub region: String,
    pub publish_at: String,
    pub expires_at: String,
}

/// A checked announcement, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub kind: String,
    pub agency_id: String,
    pub region: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub publish_at: i64,
    pub expires_at: Option<i64>,
}

fn length_ok(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.chars().count())
}

/// Check what staff typed: `agencies` are the agencies this user may speak for, `now` is the
/// default publishing time, `offset_hours` the local zone of the typed dates.
pub fn check(
    input: &AnnouncementInput,
    agencies: &[String],
    now: i64,
    offset_hours: i8,
) -> Result<Draft, Vec<FieldError>> {
    let mut errs = vec![];
    let title = input.title.trim();
    if !length_ok(title, 5, 200) {
        errs.push(FieldError::new("title", "field-ann-title"));
    }
    let summary = input.summary.trim();
    if !length_ok(summary, 10, 300) {
        errs.push(FieldError::new("summary", "field-ann-summary"));
    }
    let body = input.body.trim().replace("\r\n", "\n");
    if !length_ok(&body, 10, 20_000) {
        errs.push(FieldError::new("body", "field-ann-body"));
    }
    let kind = input.kind.trim();
    if !KINDS.contains(&kind) {
        errs.push(FieldError::new("kind", "field-ann-kind"));
    }
    let agency = input.agency.trim();
    if !agencies.iter().any(|a| a == agency) {
        errs.push(FieldError::new("agency", "field-ann-agency"));
    }
    let region = input.region.trim();
    if region.chars().count() > 100 {
        errs.push(FieldError::new("region", "field-ann-region"));
    }
    let publish_at = match input.publish_at.trim() {
        "" => Some(now),
        t => crate::calendar::parse_local_datetime(t, offset_hours),
    };
    if publish_at.is_none() {
        errs.push(FieldError::new("publish_at", "field-ann-publish-at"));
    }
    let expires_at = match input.expires_at.trim() {
        "" => None,
        t => match crate::calendar::parse_local_datetime(t, offset_hours) {
            Some(e) if publish_at.is_none_or(|p| e > p) => Some(e),
            _ => {
                errs.push(FieldError::new("expires_at", "field-ann-expires-at"));
                None
            }
        },
    };
    match publish_at {
        Some(publish_at) if errs.is_empty() => Ok(Draft {
            kind: kind.to_string(),
            agency_id: agency.to_string(),
            region: region.to_string(),
            title: title.to_string(),
            summary: summary.to_string(),
            body,
            publish_at,
            expires_at,
        }),
        _ => Err(errs),
    }
}

/// Where an announcement stands at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Waiting for its publishing time (a draft until then).
    Scheduled,
    Published,
    Expired,
    Withdrawn,
}

impl Standing {
    pub fn at(publish_at: i64, expires_at: Option<i64>, withdrawn_at: Option<i64>, now: i64) -> Standing {
        if withdrawn_at.is_some() {
            Standing::Withdrawn
        } else if publish_at > now {
            Standing::Scheduled
        } else if expires_at.is_some_and(|e| e <= now) {
            Standing::Expired
        } else {
            Standing::Published
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Scheduled => "scheduled",
            Standing::Published => "published",
            Standing::Expired => "expired",
            Standing::Withdrawn => "withdrawn",
        }
    }
}

/// The paragraphs of a plain-text body (separated by empty lines; single newlines kept as spaces).
pub fn paragraphs(body: &str) -> Vec<String> {
    body.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AnnouncementInput {
        AnnouncementInput {
            title: "Layanan KTP-el Sabtu".into(),
            summary: "Perekaman KTP-el dibuka hari Sabtu di MPP Siola.".into(),
            body: "Paragraf satu\nlanjut.\n\nParagraf dua.".into(),
            kind: "pengumuman".into(),
            agency: "disdukcapil".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_announcement_publishes_now_by_default() {
        let d = check(&input(), &["disdukcapil".into()], 1000, 7).expect("ok");
        assert_eq!((d.publish_at, d.expires_at, d.kind.as_str()), (1000, None, "pengumuman"));
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = AnnouncementInput {
            title: "x".into(),
            summary: "".into(),
            body: "".into(),
            kind: "gosip".into(),
            agency: "dinkes".into(),
            region: "x".repeat(101),
            publish_at: "besok".into(),
            expires_at: "2026-01-01T00:00".into(),
        };
        let errs = check(&bad, &["disdukcapil".into()], 0, 7).expect_err("refused");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "summary", "body", "kind", "agency", "region", "publish_at"]);
        let mut late = input();
        late.publish_at = "2026-12-02T08:00".into();
        late.expires_at = "2026-12-01T08:00".into();
        let errs = check(&late, &["disdukcapil".into()], 0, 7).expect_err("refused");
        assert_eq!(errs[0].field, "expires_at");
    }

    #[test]
    fn standing_follows_the_times() {
        assert_eq!(Standing::at(10, None, None, 5), Standing::Scheduled);
        assert_eq!(Standing::at(10, None, None, 10), Standing::Published);
        assert_eq!(Standing::at(10, Some(20), None, 20), Standing::Expired);
        assert_eq!(Standing::at(10, None, Some(12), 15), Standing::Withdrawn);
    }

    #[test]
    fn paragraphs_split_on_empty_lines() {
        assert_eq!(paragraphs("a\nb\n\n\nc\r\n\r\nd "), ["a b", "c", "d"]);
    }
}
