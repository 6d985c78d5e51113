//! An iCalendar (RFC 5545) encoder: a VCALENDAR of VEVENTs with times in UTC, TEXT values
//! escaped (3.3.11), content lines ending in CRLF and folded at 75 octets (3.1). Used for the
//! events feed (`/events.ics`), one event's file and a booking's calendar file.

/// One VEVENT.
#[derive(Clone, Debug, Default)]
pub struct VEvent<'a> {
    /// Globally unique and stable (`event-12@satupintu.example.id`).
    pub uid: &'a str,
    /// When this version of the event was written (DTSTAMP).
    pub stamp: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub url: Option<&'a str>,
    /// Latitude and longitude (GEO).
    pub geo: Option<(f64, f64)>,
    /// STATUS:CANCELLED instead of CONFIRMED.
    pub cancelled: bool,
    /// A reminder this long before the start (a duration such as `-PT2H`), unless cancelled.
    pub alarm: Option<&'a str>,
}

/// A VCALENDAR.
#[derive(Clone, Debug, Default)]
pub struct Calendar<'a> {
    /// PRODID, e.g. `-//SatuPintu//Acara//ID`.
    pub prodid: &'a str,
    /// X-WR-CALNAME: the name calendar apps show for a subscribed feed.
    pub name: Option<&'a str>,
    /// METHOD (`PUBLISH`, `CANCEL`); none for a subscribed feed.
    pub method: Option<&'a str>,
    pub events: Vec<VEvent<'a>>,
}

/// A UTC time as a DATE-TIME value (`20261130T010000Z`).
pub fn utc(ts: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(ts).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Escape a TEXT value: backslash, semicolon, comma and newlines; other control characters go.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character) and ended with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

impl VEvent<'_> {
    fn lines(&self, out: &mut Vec<String>) {
        out.push("BEGIN:VEVENT".into());
        out.push(format!("UID:{}", text(self.uid)));
        out.push(format!("DTSTAMP:{}", utc(self.stamp)));
        out.push(format!("DTSTART:{}", utc(self.starts_at)));
        out.push(format!("DTEND:{}", utc(self.ends_at)));
        out.push(format!("SUMMARY:{}", text(self.summary)));
        if !self.location.is_empty() {
            out.push(format!("LOCATION:{}", text(self.location)));
        }
        if let Some((lat, lon)) = self.geo {
            out.push(format!("GEO:{lat:.6};{lon:.6}"));
        }
        if !self.description.is_empty() {
            out.push(format!("DESCRIPTION:{}", text(self.description)));
        }
        if let Some(url) = self.url {
            out.push(format!("URL:{url}"));
        }
        out.push(format!("STATUS:{}", if self.cancelled { "CANCELLED" } else { "CONFIRMED" }));
        if let Some(trigger) = self.alarm.filter(|_| !self.cancelled) {
            out.push("BEGIN:VALARM".into());
            out.push("ACTION:DISPLAY".into());
            out.push(format!("DESCRIPTION:{}", text(self.summary)));
            out.push(format!("TRIGGER:{trigger}"));
            out.push("END:VALARM".into());
        }
        out.push("END:VEVENT".into());
    }
}

impl Calendar<'_> {
    /// The whole calendar as an `text/calendar` body.
    pub fn encode(&self) -> String {
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_string(),
            "VERSION:2.0".into(),
            format!("PRODID:{}", self.prodid),
            "CALSCALE:GREGORIAN".into(),
        ];
        if let Some(m) = self.method {
            lines.push(format!("METHOD:{m}"));
        }
        if let Some(name) = self.name {
            lines.push(format!("X-WR-CALNAME:{}", text(name)));
            lines.push("X-WR-TIMEZONE:Asia/Jakarta".into());
        }
        for e in &self.events {
            e.lines(&mut lines);
        }
        lines.push("END:VCALENDAR".into());
        lines.iter().map(|l| fold(l)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("Batik; tulis, cap\\cetak\nSesi 2\r"), "Batik\\; tulis\\, cap\\\\cetak\\nSesi 2");
        assert_eq!(text("a\u{7}b"), "ab");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let line = format!("DESCRIPTION:{}", "é".repeat(60));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        for part in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        // Unfolding (drop CRLF and the one space) gives the line back.
        assert_eq!(folded.trim_end_matches("\r\n").replace("\r\n ", ""), line);
        assert_eq!(fold("SHORT"), "SHORT\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
        assert_eq!(fold(&"X".repeat(76)), format!("{}\r\n X\r\n", "X".repeat(75)));
    }

    #[test]
    fn a_feed_has_its_name_events_in_utc_and_crlf_lines() {
        let cal = Calendar {
            prodid: "-//SatuPintu//Acara//ID",
            name: Some("Acara Kota Surabaya"),
            method: None,
            events: vec![
                VEvent {
                    uid: "acara-1@satupintu",
                    stamp: 1_796_000_000,
                    starts_at: 1_796_092_200,
                    ends_at: 1_796_103_000,
                    summary: "Lokakarya Batik, Tulis",
                    location: "Balai Pemuda, Jl. Gubernur Suryo 15",
                    description: "Bawa kain sendiri",
                    url: Some("https://satupintu.example.id/acara/batik"),
                    geo: Some((-7.263, 112.7456)),
                    ..Default::default()
                },
                VEvent { uid: "acara-2@satupintu", summary: "Festival", cancelled: true, ..Default::default() },
            ],
        };
        let ics = cal.encode();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SatuPintu//Acara//ID\r\n"));
        assert!(ics.contains("X-WR-CALNAME:Acara Kota Surabaya\r\n"));
        assert!(ics.contains("DTSTART:20261201T023000Z\r\n"));
        assert!(ics.contains("SUMMARY:Lokakarya Batik\\, Tulis\r\n"));
        assert!(ics.contains("GEO:-7.263000;112.745600\r\n"));
        assert!(ics.contains("STATUS:CONFIRMED\r\n") && ics.contains("STATUS:CANCELLED\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
        assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
