//! The vocabulary of regulations: kinds, statuses, the checks on a new document or version,
//! the identifier made from kind, year and number, the text split into articles for reading,
//! and the line comparison of two versions.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::FieldError;

/// Kinds of legal products and policies, in the order of the hierarchy of regional law.
pub const KINDS: [&str; 6] = ["perda", "perkada", "keputusan", "surat-edaran", "sop", "kebijakan"];

/// A regulation is in force until it is revoked (dicabut) or replaced by another.
pub const STATUSES: [&str; 2] = ["in_force", "revoked"];

/// The longest text of one version (a long Perda is about 100 KB).
pub const MAX_BODY: usize = 400_000;

/// What a new regulation or a new version of one says (forms and the API).
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct DraftInput {
    /// One of `perda`, `perkada`, `keputusan`, `surat-edaran`, `sop`, `kebijakan` (new documents only).
    pub kind: String,
    /// The number as printed, e.g. `3` or `100.3.3.2/45/2025` (new documents only).
    pub number: String,
    /// The year of enactment (new documents only).
    pub year: String,
    pub title: String,
    /// The issuing agency (catalogue id); empty for the regional head or council.
    pub agency_id: String,
    /// Subject keywords, e.g. `pelayanan publik, perizinan`.
    pub subject: String,
    /// `YYYY-MM-DD`.
    pub enacted_on: String,
    /// `YYYY-MM-DD`, on or after the enactment.
    pub effective_on: String,
    /// What this version changes (required from the second version on).
    pub note: String,
    /// The full text; lines starting with "Pasal" or "BAB" begin a new article or chapter.
    pub body: String,
}

/// A checked draft.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub kind: String,
    pub number: String,
    pub year: i64,
    pub title: String,
    pub agency_id: Option<String>,
    pub subject: String,
    pub enacted_on: String,
    pub effective_on: String,
    pub note: String,
    pub body: String,
}

fn date_field(errs: &mut Vec<FieldError>, field: &str, value: &str) -> Option<time::Date> {
    let d = crate::calendar::parse_date(value.trim());
    if d.is_none() {
        errs.push(FieldError::new(field, "field-date"));
    }
    d
}

/// Check a draft. `new` is a new document (kind, number and year are required); otherwise a
/// new version of an existing one (a note saying what changed is required). `this_year` bounds
/// the year.
pub fn check(input: &DraftInput, new: bool, this_year: i32) -> Result<Draft, Vec<FieldError>> {
    let mut errs = vec![];
    let kind = input.kind.trim().to_string();
    let number = input.number.trim().to_string();
    let mut year = 0;
    if new {
        if !KINDS.contains(&kind.as_str()) {
            errs.push(FieldError::new("kind", "field-reg-kind"));
        }
        let number_ok = !number.is_empty()
            && number.len() <= 40
            && number.chars().all(|c| c.is_ascii_alphanumeric() || "./-".contains(c));
        if !number_ok {
            errs.push(FieldError::new("number", "field-reg-number"));
        }
        match input.year.trim().parse::<i64>() {
            Ok(y) if (1945..=i64::from(this_year) + 1).contains(&y) => year = y,
            _ => errs.push(FieldError::new("year", "field-reg-year")),
        }
    }
    let title = input.title.trim().to_string();
    if title.chars().count() < 5 || title.chars().count() > 300 {
        errs.push(FieldError::new("title", "field-reg-title"));
    }
    let subject = input.subject.trim().to_string();
    if subject.chars().count() > 200 {
        errs.push(FieldError::new("subject", "field-reg-subject"));
    }
    let enacted = date_field(&mut errs, "enacted_on", &input.enacted_on);
    let effective = date_field(&mut errs, "effective_on", &input.effective_on);
    if let (Some(e), Some(f)) = (enacted, effective) {
        if f < e {
            errs.push(FieldError::new("effective_on", "field-reg-effective"));
        }
        if new && i64::from(e.year()) != year && year != 0 {
            errs.push(FieldError::new("enacted_on", "field-reg-enacted-year"));
        }
    }
    let note = input.note.trim().to_string();
    if (!new && note.chars().count() < 5) || note.chars().count() > 1000 {
        errs.push(FieldError::new("note", "field-reg-note"));
    }
    let body = input.body.replace("\r\n", "\n").replace('\r', "\n").trim().to_string();
    if body.chars().count() < 20 || body.len() > MAX_BODY {
        errs.push(FieldError::new("body", "field-reg-body"));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let agency_id = Some(input.agency_id.trim().to_string()).filter(|a| !a.is_empty());
    Ok(Draft {
        kind,
        number,
        year,
        title,
        agency_id,
        subject,
        enacted_on: enacted.map(|d| d.to_string()).unwrap_or_default(),
        effective_on: effective.map(|d| d.to_string()).unwrap_or_default(),
        note,
        body,
    })
}

/// The identifier of a regulation: kind, year and number, e.g. `perda-2024-3`; the number's
/// separators become hyphens (`100.3.3.2/45/2025` -> `100-3-3-2-45-2025`).
pub fn slug(kind: &str, year: i64, number: &str) -> String {
    let number: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{kind}-{year}-{number}")
}

/// An identifier as it may appear in a URL (checked before any lookup).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 80 && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The ledger's name for one version: `<ID>-V<version>` in capitals, like every code the
/// ledger explorer (`/buku-besar?kode=`) looks up.
pub fn ledger_ref(id: &str, version: i64) -> String {
    format!("{}-V{version}", id.to_uppercase())
}

/// A block of the text as it is shown: a heading (BAB, Pasal) or a paragraph.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Block {
    pub heading: bool,
    pub text: String,
    /// An anchor for articles (`pasal-3`), so a paragraph can be linked to.
    pub anchor: Option<String>,
}

/// Whether a line starts a numbered item: `(2) ...`, `3. ...` or `a. ...`.
fn starts_item(line: &str) -> bool {
    let head: String = line.chars().take(5).collect();
    let inner = head.strip_prefix('(').and_then(|r| r.split_once(')')).map(|(n, _)| n);
    let dotted = head.split_once(". ").map(|(n, _)| n);
    inner.or(dotted).is_some_and(|n| {
        !n.is_empty()
            && (n.chars().all(|c| c.is_ascii_digit()) || (n.len() == 1 && n.chars().all(|c| c.is_ascii_lowercase())))
    })
}

/// Split a text into headings and paragraphs: a line that starts with "BAB" or "Pasal" is a
/// heading; blank lines and numbered items (`(1)`, `1.`, `a.`) start a new paragraph; other
/// lines are joined into their paragraph.
pub fn blocks(body: &str) -> Vec<Block> {
    let mut out: Vec<Block> = vec![];
    let mut para: Vec<&str> = vec![];
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block { heading: false, text: para.join(" "), anchor: None });
            para.clear();
        }
    };
    for line in body.lines().map(str::trim) {
        let upper = line.to_uppercase();
        let is_heading = upper.starts_with("BAB ") || upper == "BAB" || upper.starts_with("PASAL ");
        if line.is_empty() {
            flush(&mut para, &mut out);
        } else if is_heading {
            flush(&mut para, &mut out);
            let anchor = upper.strip_prefix("PASAL ").map(|n| {
                let n: String = n.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                format!("pasal-{}", n.to_lowercase())
            });
            out.push(Block { heading: true, text: line.to_string(), anchor });
        } else {
            if starts_item(line) {
                flush(&mut para, &mut out);
            }
            para.push(line);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// One line of a comparison between two versions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiffLine {
    /// `same`, `added` or `removed`.
    pub change: &'static str,
    pub text: String,
}

/// Compare two texts line by line; unchanged stretches longer than `context` lines on each side
/// of a change are left out (a `same` line with the text "…" stands for them).
pub fn diff(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    // One kind of line end, and a last line without its newline is the same line as with one.
    let ended = |s: &str| {
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        if s.is_empty() || s.ends_with('\n') {
            s
        } else {
            format!("{s}\n")
        }
    };
    let (old, new) = (ended(old), ended(new));
    let d = similar::TextDiff::from_lines(&old, &new);
    let mut out = vec![];
    for group in d.grouped_ops(context) {
        if !out.is_empty() {
            out.push(DiffLine { change: "same", text: "…".into() });
        }
        for op in group {
            for change in d.iter_changes(&op) {
                let kind = match change.tag() {
                    similar::ChangeTag::Equal => "same",
                    similar::ChangeTag::Insert => "added",
                    similar::ChangeTag::Delete => "removed",
                };
                out.push(DiffLine { change: kind, text: change.value().trim_end_matches('\n').to_string() });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> DraftInput {
        DraftInput {
            kind: "perda".into(),
            number: "3".into(),
            year: "2024".into(),
            title: "Penyelenggaraan Pelayanan Publik".into(),
            enacted_on: "2024-03-12".into(),
            effective_on: "2024-04-01".into(),
            body: "BAB I\nKETENTUAN UMUM\nPasal 1\nDalam Peraturan Daerah ini yang dimaksud dengan...".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_draft_passes_and_bad_fields_are_named() {
        let d = check(&input(), true, 2026).expect("valid");
        assert_eq!((d.year, d.agency_id.clone()), (2024, None));
        let mut bad = input();
        bad.kind = "undang".into();
        bad.number = "3 ; drop".into();
        bad.year = "1800".into();
        bad.effective_on = "2024-01-01".into();
        bad.body = "pendek".into();
        let fields: Vec<String> = check(&bad, true, 2026).expect_err("invalid").into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "number", "year", "effective_on", "body"]);
        // The enactment date must fall in the regulation's year.
        let mut other_year = input();
        other_year.enacted_on = "2023-12-30".into();
        let errs = check(&other_year, true, 2026).expect_err("year");
        assert_eq!(errs[0].key, "field-reg-enacted-year");
        // A new version must say what it changes; kind/number/year are not asked again.
        let mut version = input();
        version.kind.clear();
        let errs = check(&version, false, 2026).expect_err("note");
        assert_eq!(errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["note"]);
        version.note = "Mengubah Pasal 1".into();
        assert!(check(&version, false, 2026).is_ok());
    }

    #[test]
    fn slugs_are_url_safe_and_stable() {
        assert_eq!(slug("perda", 2024, "3"), "perda-2024-3");
        assert_eq!(slug("keputusan", 2025, "100.3.3.2/45/2025"), "keputusan-2025-100-3-3-2-45-2025");
        assert!(valid_id(&slug("surat-edaran", 2025, "B/12/X")));
        assert!(!valid_id("../etc") && !valid_id("") && !valid_id("Perda"));
        assert_eq!(ledger_ref("perda-2024-3", 2), "PERDA-2024-3-V2");
    }

    #[test]
    fn text_is_split_into_articles_with_anchors() {
        let b = blocks("BAB I\nKETENTUAN UMUM\n\nPasal 1\nAyat satu\nberlanjut.\n\nAyat dua.\nPasal 2A\nIsi.");
        let texts: Vec<(&str, bool)> = b.iter().map(|b| (b.text.as_str(), b.heading)).collect();
        assert_eq!(
            texts,
            [
                ("BAB I", true),
                ("KETENTUAN UMUM", false),
                ("Pasal 1", true),
                ("Ayat satu berlanjut.", false),
                ("Ayat dua.", false),
                ("Pasal 2A", true),
                ("Isi.", false)
            ]
        );
        assert_eq!(b[2].anchor.as_deref(), Some("pasal-1"));
        assert_eq!(b[5].anchor.as_deref(), Some("pasal-2a"));
        // Numbered items are paragraphs of their own; a sentence with a number inside is not.
        let items = blocks(
            "Yang dimaksud dengan:\n1. Daerah.\n2. Warga.\n(3) Ayat tiga\nlanjut.\na. huruf\nTahun 2024. Lanjut",
        );
        let texts: Vec<&str> = items.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Yang dimaksud dengan:",
                "1. Daerah.",
                "2. Warga.",
                "(3) Ayat tiga lanjut.",
                "a. huruf Tahun 2024. Lanjut"
            ]
        );
    }

    #[test]
    fn a_comparison_shows_what_changed_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nD\ne\nf\ng\n";
        let d = diff(old, new, 1);
        let got: Vec<(&str, &str)> = d.iter().map(|l| (l.change, l.text.as_str())).collect();
        assert_eq!(got, [("same", "c"), ("removed", "d"), ("added", "D"), ("same", "e")]);
        assert!(diff(old, old, 3).is_empty());
        let got: Vec<&str> = diff("a\nb", "a\nb\nc", 3).into_iter().map(|l| l.change).collect();
        assert_eq!(got, ["same", "same", "added"]);
    }
}
