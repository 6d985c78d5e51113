//! The arithmetic of the community satisfaction index (IKM, PermenPAN-RB 14/2017), the
//! Krejcie–Morgan minimum sample, periods, and the checks of survey answers (form, API, CSV).
//!
//! **The computation.** Each of the nine elements (U1–U9) is scored 1–4 by every respondent.
//! The element's *NRR* (nilai rata-rata) is the mean of its scores over the respondents; every
//! element weighs 1/9 (the Permen writes 0.111); the IKM is the weighted sum times 25, so it runs
//! from 25 to 100. Since every respondent answers every element, this is `25 × S / (9 × n)` with
//! `S` the sum of all scores and `n` the respondents, computed here in whole hundredths.
//!
//! **Rounding.** The IKM is rounded once, to two decimals (half up), *before* it is categorized,
//! so 88.305 is 88.31 and an A. The categories are then exact on hundredths: A 88.31–100,
//! B 76.61–88.30, C 65.00–76.60, D 25.00–64.99. NRRs are shown with two decimals but never
//! rounded before the IKM is computed.

use serde::Serialize;
use utoipa::ToSchema;

use crate::web::FieldError;

/// The nine elements, in the Permen's order.
pub const ELEMENTS: usize = 9;

/// One respondent's scores, U1..U9, each 1–4.
pub type Scores = [i64; ELEMENTS];

/// Longest suggestion kept (characters).
pub const MAX_SUGGESTION: usize = 1000;

/// The IKM of one service unit (agency) in one month, for the performance dashboards.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct UnitIkm {
    pub agency_id: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Rounded to two decimals; none without responses.
    pub ikm: Option<f64>,
    pub category: Option<char>,
    pub respondents: i64,
}

/// The IKM of a set of responses.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Ikm {
    pub respondents: i64,
    /// The mean score of each element (NRR), U1..U9, unrounded.
    pub nrr: Vec<f64>,
    /// The IKM in hundredths (8250 is 82.50).
    pub centi: i64,
    pub category: char,
}

impl Ikm {
    /// From the sum of each element's scores over `n` respondents; none without respondents.
    pub fn from_sums(sums: &Scores, n: i64) -> Option<Ikm> {
        if n <= 0 {
            return None;
        }
        let total: i64 = sums.iter().sum();
        let den = 9 * n;
        // round(2500 × total / (9n)), half up, in integers.
        let centi = (2 * 2500 * total + den) / (2 * den);
        Some(Ikm {
            respondents: n,
            nrr: sums.iter().map(|s| *s as f64 / n as f64).collect(),
            centi,
            category: category(centi),
        })
    }

    /// From the responses themselves.
    pub fn of(responses: &[Scores]) -> Option<Ikm> {
        let mut sums = [0i64; ELEMENTS];
        for r in responses {
            for (s, v) in sums.iter_mut().zip(r) {
                *s += v;
            }
        }
        Ikm::from_sums(&sums, responses.len() as i64)
    }

    /// The IKM as a number (82.5).
    pub fn value(&self) -> f64 {
        self.centi as f64 / 100.0
    }

    /// `82.50`.
    pub fn text(&self) -> String {
        centi_text(self.centi)
    }
}

/// Hundredths as a number with two decimals: `8250` is `82.50`.
pub fn centi_text(centi: i64) -> String {
    format!("{}.{:02}", centi / 100, centi % 100)
}

/// An NRR (or any mean) with two decimals.
pub fn two(x: f64) -> String {
    format!("{x:.2}")
}

/// The category of an IKM given in hundredths: A 88.31–100, B 76.61–88.30, C 65.00–76.60,
/// D 25.00–64.99.
pub fn category(centi: i64) -> char {
    match centi {
        c if c >= 8831 => 'A',
        c if c >= 7661 => 'B',
        c if c >= 6500 => 'C',
        _ => 'D',
    }
}

/// The Krejcie–Morgan (1970) table: population N → sample S, as the Permen uses it.
pub const KREJCIE_MORGAN: [(i64, i64); 86] = [
    (10, 10),
    (15, 14),
    (20, 19),
    (25, 24),
    (30, 28),
    (35, 32),
    (40, 36),
    (45, 40),
    (50, 44),
    (55, 48),
    (60, 52),
    (65, 56),
    (70, 59),
    (75, 63),
    (80, 66),
    (85, 70),
    (90, 73),
    (95, 76),
    (100, 80),
    (110, 86),
    (120, 92),
    (130, 97),
    (140, 103),
    (150, 108),
    (160, 113),
    (170, 118),
    (180, 123),
    (190, 127),
    (200, 132),
    (210, 136),
    (220, 140),
    (230, 144),
    (240, 148),
    (250, 152),
    (260, 155),
    (270, 159),
    (280, 162),
    (290, 165),
    (300, 169),
    (320, 175),
    (340, 181),
    (360, 186),
    (380, 191),
    (400, 196),
    (420, 201),
    (440, 205),
    (460, 210),
    (480, 214),
    (500, 217),
    (550, 226),
    (600, 234),
    (650, 242),
    (700, 248),
    (750, 254),
    (800, 260),
    (850, 265),
    (900, 269),
    (950, 274),
    (1000, 278),
    (1100, 285),
    (1200, 291),
    (1300, 297),
    (1400, 302),
    (1500, 306),
    (1600, 310),
    (1700, 313),
    (1800, 317),
    (1900, 320),
    (2000, 322),
    (2200, 327),
    (2400, 331),
    (2600, 335),
    (2800, 338),
    (3000, 341),
    (3500, 346),
    (4000, 351),
    (4500, 354),
    (5000, 357),
    (6000, 361),
    (7000, 364),
    (8000, 367),
    (9000, 368),
    (10000, 370),
    (15000, 375),
    (20000, 377),
    (30000, 379),
];

/// The rows beyond 30,000 (kept apart so the table above reads like the published one).
const KREJCIE_MORGAN_TAIL: [(i64, i64); 4] = [(40000, 380), (50000, 381), (75000, 382), (1_000_000, 384)];

/// The minimum sample for a population of `n`: the row of `n`, or of the next higher N when `n`
/// falls between rows; a population under 10 is surveyed whole; above 1,000,000 it stays 384.
pub fn minimum_sample(n: i64) -> i64 {
    if n <= 0 {
        return 0;
    }
    if n < 10 {
        return n;
    }
    KREJCIE_MORGAN.iter().chain(KREJCIE_MORGAN_TAIL.iter()).find(|(pop, _)| *pop >= n).map(|(_, s)| *s).unwrap_or(384)
}

/// One score: a whole number 1–4.
pub fn score(s: &str) -> Option<i64> {
    s.trim().parse::<i64>().ok().filter(|v| (1..=4).contains(v))
}

/// Answers of the survey form (each element a radio group `u1`..`u9`; empty when not chosen).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    pub u1: String,
    pub u2: String,
    pub u3: String,
    pub u4: String,
    pub u5: String,
    pub u6: String,
    pub u7: String,
    pub u8: String,
    pub u9: String,
    pub suggestion: String,
}

impl AnswerInput {
    pub fn values(&self) -> [&str; ELEMENTS] {
        [&self.u1, &self.u2, &self.u3, &self.u4, &self.u5, &self.u6, &self.u7, &self.u8, &self.u9]
    }

    /// The chosen value of element `i` (0-based), for re-showing the form.
    pub fn value(&self, i: usize) -> &str {
        self.values().get(i).copied().unwrap_or("")
    }
}

/// A checked answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub scores: Scores,
    pub suggestion: String,
}

/// The message of an unanswered (or invalid) element, naming it.
const SCORE_ERRORS: [&str; ELEMENTS] = [
    "field-skm-u1",
    "field-skm-u2",
    "field-skm-u3",
    "field-skm-u4",
    "field-skm-u5",
    "field-skm-u6",
    "field-skm-u7",
    "field-skm-u8",
    "field-skm-u9",
];

/// Check the form: every element answered 1–4, the suggestion not too long.
pub fn check(input: &AnswerInput) -> Result<Answer, Vec<FieldError>> {
    let mut errors = vec![];
    let mut scores = [0i64; ELEMENTS];
    for (i, v) in input.values().iter().enumerate() {
        match score(v) {
            Some(s) => scores[i] = s,
            None => errors.push(FieldError::new(format!("u{}", i + 1), SCORE_ERRORS[i])),
        }
    }
    let suggestion = input.suggestion.trim().to_string();
    if suggestion.chars().count() > MAX_SUGGESTION {
        errors.push(FieldError::new("suggestion", "field-skm-suggestion"));
    }
    if errors.is_empty() {
        Ok(Answer { scores, suggestion })
    } else {
        Err(errors)
    }
}

/// A period of the IKM: a month, a quarter or a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Month(i32, u8),
    Quarter(i32, u8),
    Year(i32),
}

impl Period {
    /// `2026-11`, `2026-Q4` (or `2026-q4`), `2026`.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let year = |y: &str| y.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y) && y.to_string().len() == 4);
        match s.split_once('-') {
            None => year(s).map(Period::Year),
            Some((y, rest)) => {
                let y = year(y)?;
                if let Some(q) = rest.strip_prefix(['Q', 'q']) {
                    q.parse::<u8>()
                        .ok()
                        .filter(|q| (1..=4).contains(q) && rest.len() == 2)
                        .map(|q| Period::Quarter(y, q))
                } else {
                    rest.parse::<u8>()
                        .ok()
                        .filter(|m| (1..=12).contains(m) && rest.len() == 2)
                        .map(|m| Period::Month(y, m))
                }
            }
        }
    }

    /// The canonical text (`2026-11`, `2026-Q4`, `2026`).
    pub fn code(&self) -> String {
        match self {
            Period::Month(y, m) => format!("{y:04}-{m:02}"),
            Period::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Period::Year(y) => format!("{y:04}"),
        }
    }

    /// Its months as `YYYY-MM`.
    pub fn months(&self) -> Vec<String> {
        let (y, from, to) = match *self {
            Period::Month(y, m) => (y, m, m),
            Period::Quarter(y, q) => (y, 3 * q - 2, 3 * q),
            Period::Year(y) => (y, 1, 12),
        };
        (from..=to).map(|m| format!("{y:04}-{m:02}")).collect()
    }

    /// The period of a month (`YYYY-MM`).
    pub fn of_month(month: &str) -> Option<Period> {
        match Period::parse(month)? {
            p @ Period::Month(..) => Some(p),
            _ => None,
        }
    }
}

/// `YYYY-MM` of a unix time in the agency's zone.
pub fn month_of(ts: i64, offset_hours: i8) -> String {
    let d = crate::calendar::local_date(ts, offset_hours);
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// The unix times [from, to) of a period's months in the agency's zone.
pub fn period_bounds(p: &Period, offset_hours: i8) -> (i64, i64) {
    let (y, from, to) = match *p {
        Period::Month(y, m) => (y, m, m),
        Period::Quarter(y, q) => (y, 3 * q - 2, 3 * q),
        Period::Year(y) => (y, 1, 12),
    };
    let start = |y: i32, m: u8| -> i64 {
        let month = time::Month::try_from(m).unwrap_or(time::Month::January);
        let d = time::Date::from_calendar_date(y, month, 1).unwrap_or(time::Date::MIN);
        crate::calendar::day_start(d, offset_hours)
    };
    let end = if to == 12 { start(y + 1, 1) } else { start(y, to + 1) };
    (start(y, from), end)
}

/// A problem in a row of a paper-survey CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line of the file.
    pub line: usize,
    pub what: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "baris/line {}: {}", self.line, self.what)
    }
}

/// Read a paper-survey CSV: a header row naming the columns `u1`..`u9` (any case, any order,
/// other columns ignored), then one row per respondent. Every bad row is reported with its line;
/// with any problem nothing is returned.
pub fn parse_csv(text: &str) -> Result<Vec<Scores>, Vec<RowProblem>> {
    let records = crate::csv::parse(text)
        .map_err(|e| vec![RowProblem { line: e.line, what: "CSV tidak terbaca / unreadable CSV (quotes)".into() }])?;
    let mut rows = records.into_iter();
    let Some((header_line, header)) = rows.next() else {
        return Err(vec![RowProblem { line: 1, what: "berkas kosong / empty file".into() }]);
    };
    let mut columns = [usize::MAX; ELEMENTS];
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().to_ascii_lowercase();
        if let Some(n) = h.strip_prefix('u').and_then(|n| n.parse::<usize>().ok()).filter(|n| (1..=9).contains(n)) {
            if h.len() == 2 {
                columns[n - 1] = i;
            }
        }
    }
    let missing: Vec<String> =
        (0..ELEMENTS).filter(|i| columns[*i] == usize::MAX).map(|i| format!("u{}", i + 1)).collect();
    if !missing.is_empty() {
        return Err(vec![RowProblem {
            line: header_line,
            what: format!("kolom tidak ada / missing columns: {}", missing.join(", ")),
        }]);
    }
    let width = header.len();
    let mut out = vec![];
    let mut problems = vec![];
    for (line, record) in rows {
        if record.len() != width {
            problems.push(RowProblem {
                line,
                what: format!(
                    "{} kolom, seharusnya {} / {} columns, expected {}",
                    record.len(),
                    width,
                    record.len(),
                    width
                ),
            });
            continue;
        }
        let mut scores = [0i64; ELEMENTS];
        let mut bad = vec![];
        for (e, col) in columns.iter().enumerate() {
            match score(&record[*col]) {
                Some(s) => scores[e] = s,
                None => bad.push(format!("u{}", e + 1)),
            }
        }
        if bad.is_empty() {
            out.push(scores);
        } else {
            problems.push(RowProblem { line, what: format!("nilai bukan 1-4 / score not 1-4: {}", bad.join(", ")) });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if out.is_empty() {
        return Err(vec![RowProblem { line: header_line, what: "tidak ada responden / no respondents".into() }]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ikm_of_hand_computed_examples() {
        // Two respondents: all 3s and all 4s. NRR 3.5 each, IKM 3.5 × 25 = 87.50 (B).
        let ikm = Ikm::of(&[[3; 9], [4; 9]]).expect("ikm");
        assert_eq!((ikm.centi, ikm.category, ikm.respondents), (8750, 'B', 2));
        assert!(ikm.nrr.iter().all(|n| (*n - 3.5).abs() < 1e-9));
        // The Permen's worked style: per-element means, weighted 1/9, times 25.
        // Respondents: [4,3,3,2,4,3,3,3,4], [3,3,2,2,4,4,3,3,3], [4,4,3,3,3,4,4,3,4]
        // NRR: 11/3, 10/3, 8/3, 7/3, 11/3, 11/3, 10/3, 9/3, 11/3 → sum 88/3 → /9 × 25 = 81.4814… → 81.48 (B).
        let ikm = Ikm::of(&[[4, 3, 3, 2, 4, 3, 3, 3, 4], [3, 3, 2, 2, 4, 4, 3, 3, 3], [4, 4, 3, 3, 3, 4, 4, 3, 4]])
            .expect("ikm");
        assert_eq!(ikm.text(), "81.48");
        assert_eq!(ikm.category, 'B');
        assert_eq!(two(ikm.nrr[3]), "2.33");
        // All 1s: the lowest possible, 25.00 (D); all 4s: 100.00 (A).
        assert_eq!(Ikm::of(&[[1; 9]]).map(|i| (i.centi, i.category)), Some((2500, 'D')));
        assert_eq!(Ikm::of(&[[4; 9]]).map(|i| (i.centi, i.category)), Some((10000, 'A')));
        assert_eq!(Ikm::of(&[]), None);
        // 120 respondents, 30 of 36 points each: 25 × 30/9 = 83.33 (B).
        let ikm = Ikm::of(&vec![[4, 4, 3, 3, 4, 3, 3, 3, 3]; 120]).expect("ikm");
        assert_eq!((ikm.text().as_str(), ikm.category, ikm.respondents), ("83.33", 'B', 120));
    }

    #[test]
    fn rounding_is_half_up_to_hundredths_before_the_category() {
        // One respondent with 29 points: 25 × 29 / 9 = 80.5555… → 80.56.
        assert_eq!(Ikm::of(&[[4, 4, 3, 3, 3, 3, 3, 3, 3]]).map(|i| i.centi), Some(8056));
        // S = 329 over 10 respondents: 2500 × 329 / 90 = 9138.88… → 91.39 (A).
        let sums = [40, 40, 40, 40, 40, 40, 30, 30, 29];
        assert_eq!(Ikm::from_sums(&sums, 10).map(|i| (i.centi, i.category)), Some((9139, 'A')));
        // An exact tie at the A/B boundary: 2500 × S / (9n) = 8830.5 when n = 5000 and
        // S = 158,949: 88.305 rounds up to 88.31, an A (rounded before categorizing).
        let mut sums = [0i64; 9];
        sums[0] = 158_949;
        assert_eq!(Ikm::from_sums(&sums, 5000).map(|i| (i.centi, i.category)), Some((8831, 'A')));
        // One less point: 88.3045… → 88.30, a B.
        sums[0] = 158_948;
        assert_eq!(Ikm::from_sums(&sums, 5000).map(|i| (i.centi, i.category)), Some((8830, 'B')));
    }

    #[test]
    fn category_boundaries() {
        assert_eq!(category(10000), 'A');
        assert_eq!(category(8831), 'A');
        assert_eq!(category(8830), 'B');
        assert_eq!(category(7661), 'B');
        assert_eq!(category(7660), 'C');
        assert_eq!(category(6500), 'C');
        assert_eq!(category(6499), 'D');
        assert_eq!(category(2500), 'D');
        assert_eq!(centi_text(8830), "88.30");
        assert_eq!(centi_text(6500), "65.00");
        assert_eq!(centi_text(2500), "25.00");
    }

    #[test]
    fn krejcie_morgan_rows_and_between_rows() {
        assert_eq!(minimum_sample(0), 0);
        assert_eq!(minimum_sample(7), 7);
        assert_eq!(minimum_sample(10), 10);
        assert_eq!(minimum_sample(11), 14);
        assert_eq!(minimum_sample(100), 80);
        assert_eq!(minimum_sample(101), 86);
        assert_eq!(minimum_sample(1000), 278);
        assert_eq!(minimum_sample(3001), 346);
        assert_eq!(minimum_sample(100_000), 384);
        assert_eq!(minimum_sample(1_000_000), 384);
        assert_eq!(minimum_sample(5_000_000), 384);
        // The table only grows.
        let all: Vec<_> = KREJCIE_MORGAN.iter().chain(KREJCIE_MORGAN_TAIL.iter()).collect();
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
    }

    #[test]
    fn periods() {
        assert_eq!(Period::parse("2026-11"), Some(Period::Month(2026, 11)));
        assert_eq!(Period::parse("2026-q4"), Some(Period::Quarter(2026, 4)));
        assert_eq!(Period::parse("2026"), Some(Period::Year(2026)));
        for bad in ["", "2026-13", "2026-Q5", "26", "2026-1", "abcd", "2026-11-01"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::Quarter(2026, 4).months(), ["2026-10", "2026-11", "2026-12"]);
        assert_eq!(Period::Year(2026).months().len(), 12);
        let (from, to) = period_bounds(&Period::Month(2026, 12), 7);
        assert_eq!(month_of(from, 7), "2026-12");
        assert_eq!(month_of(from - 1, 7), "2026-11");
        assert_eq!(month_of(to, 7), "2027-01");
        assert_eq!(month_of(to - 1, 7), "2026-12");
    }

    #[test]
    fn form_answers_are_checked() {
        let mut input = AnswerInput {
            u1: "4".into(),
            u2: "3".into(),
            u3: "3".into(),
            u4: "4".into(),
            u5: "2".into(),
            u6: "1".into(),
            u7: "4".into(),
            u8: "3".into(),
            u9: "3".into(),
            suggestion: "  Antrean lebih cepat  ".into(),
        };
        let a = check(&input).expect("valid");
        assert_eq!(a.scores, [4, 3, 3, 4, 2, 1, 4, 3, 3]);
        assert_eq!(a.suggestion, "Antrean lebih cepat");
        input.u3 = "5".into();
        input.u9 = String::new();
        let errs = check(&input).expect_err("invalid");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["u3", "u9"]);
    }

    #[test]
    fn csv_by_header_names_with_every_bad_line() {
        let ok = "id,U1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n1,4,4,4,4,4,4,4,4,4,bagus\n2,3,3,3,3,3,3,3,3,3,\"ok, cepat\"\n";
        let rows = parse_csv(ok).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(Ikm::of(&rows).map(|i| i.centi), Some(8750));
        // Columns in any order.
        let shuffled = "u9,u8,u7,u6,u5,u4,u3,u2,u1\n1,1,1,1,1,1,1,1,4\n";
        assert_eq!(parse_csv(shuffled).expect("valid")[0], [4, 1, 1, 1, 1, 1, 1, 1, 1]);
        let bad = "u1,u2,u3,u4,u5,u6,u7,u8,u9\n4,4,4,4,4,4,4,4,4\n5,4,4,4,4,4,4,4,4\n4,4,4\n4,x,4,4,4,4,4,4,\n";
        let problems = parse_csv(bad).expect_err("invalid");
        assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), [3, 4, 5]);
        assert!(problems[2].what.contains("u2, u9"), "{}", problems[2]);
        assert_eq!(parse_csv("u1,u2,u3\n1,2,3\n").expect_err("columns")[0].line, 1);
        assert!(parse_csv("").is_err());
        assert!(parse_csv("u1,u2,u3,u4,u5,u6,u7,u8,u9\n").is_err());
        assert!(parse_csv("u1,u2,u3,u4,u5,u6,u7,u8,u9\n3.0,4,4,4,4,4,4,4,4\n").is_err());
    }
}
