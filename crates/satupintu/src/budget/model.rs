//! Budget lines and the two import formats (`satupintu.budget/v1` JSON and CSV with a header
//! row), parsed and checked completely: every problem is reported with its row and field.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::csv;

/// The JSON format's name.
pub const FORMAT: &str = "satupintu.budget/v1";
/// Largest number of lines in one import.
pub const MAX_LINES: usize = 20_000;
/// The CSV header, in order.
pub const CSV_HEADER: [&str; 21] = [
    "fiscal_year",
    "agency",
    "programme_code",
    "programme_name",
    "activity_code",
    "activity_name",
    "account_code",
    "account_name",
    "plan",
    "real_01",
    "real_02",
    "real_03",
    "real_04",
    "real_05",
    "real_06",
    "real_07",
    "real_08",
    "real_09",
    "real_10",
    "real_11",
    "real_12",
];

/// One budget line: a fiscal year's plan (pagu) for one account of one activity of an agency,
/// with its realisation month by month. Money is integer rupiah.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub fiscal_year: i32,
    /// Agency id from the service catalogue.
    pub agency: String,
    pub programme_code: String,
    pub programme_name: String,
    pub activity_code: String,
    pub activity_name: String,
    /// Kode rekening, e.g. `5.1.02.01.01.0024`.
    pub account_code: String,
    pub account_name: String,
    /// Pagu (plan), rupiah.
    pub plan: i64,
    /// Realisation of January ... December, rupiah (months not yet reported are 0).
    pub realisation: Vec<i64>,
}

impl Line {
    /// The line's canonical JSON (sorted keys, 12 months): what the ledger leaf hashes.
    pub fn canonical(&self) -> String {
        let mut l = self.clone();
        l.realisation.resize(12, 0);
        crate::ledger::canonical_json(&serde_json::to_value(&l).unwrap_or_default())
    }

    pub fn realised(&self) -> i64 {
        self.realisation.iter().fold(0i64, |a, v| a.saturating_add(*v))
    }

    /// The key that a year's import of an agency may hold once.
    pub fn key(&self) -> (i32, &str, &str, &str) {
        (self.fiscal_year, &self.agency, &self.activity_code, &self.account_code)
    }
}

/// A `satupintu.budget/v1` document.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always `satupintu.budget/v1`.
    pub format: String,
    pub lines: Vec<Line>,
}

/// A problem in an import: where (`lines[3].plan`, `row 4: plan`) and a message key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub key: &'static str,
}

fn problem(path: impl Into<String>, key: &'static str) -> Problem {
    Problem { path: path.into(), key }
}

/// Names the place of a field of line `i` (`lines[3].plan`, `row 4: plan`).
type Locate = Box<dyn Fn(usize, &str) -> String>;

/// Lines read from CSV, the row number of each, and the problems of rows that could not be read.
type CsvLines = (Vec<Line>, Vec<usize>, Vec<Problem>);

/// Parse a JSON or CSV import (told apart by the first character) and check every line.
/// `known_agencies` are the catalogue's agencies.
pub fn parse(text: &str, known_agencies: &HashSet<String>) -> Result<Vec<Line>, Vec<Problem>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let (lines, mut problems, locate): (Vec<Line>, Vec<Problem>, Locate) = if trimmed.starts_with('{') {
        let (lines, problems) = parse_json(trimmed)?;
        (lines, problems, Box::new(|i, f| format!("lines[{i}].{f}")))
    } else {
        let (lines, rows, problems) = parse_csv(trimmed)?;
        (lines, problems, Box::new(move |i, f| format!("row {}: {f}", rows.get(i).copied().unwrap_or(0))))
    };
    let lines: Vec<Line> = lines.into_iter().map(trim_texts).collect();
    if lines.is_empty() && problems.is_empty() {
        return Err(vec![problem("lines", "budget-err-empty")]);
    }
    if lines.len() > MAX_LINES {
        return Err(vec![problem("lines", "budget-err-too-many")]);
    }
    let mut seen = HashSet::new();
    for (i, l) in lines.iter().enumerate() {
        check(l, known_agencies, &mut |f, k| problems.push(problem(locate(i, f), k)));
        if !seen.insert(l.key()) {
            problems.push(problem(locate(i, "account_code"), "budget-err-duplicate"));
        }
    }
    if problems.is_empty() {
        Ok(lines
            .into_iter()
            .map(|mut l| {
                l.realisation.resize(12, 0);
                l
            })
            .collect())
    } else {
        Err(problems)
    }
}

/// The line with surrounding spaces removed from its texts (as CSV cells are read).
fn trim_texts(mut l: Line) -> Line {
    for s in [
        &mut l.agency,
        &mut l.programme_code,
        &mut l.programme_name,
        &mut l.activity_code,
        &mut l.activity_name,
        &mut l.account_code,
        &mut l.account_name,
    ] {
        *s = s.trim().to_string();
    }
    l
}

fn parse_json(text: &str) -> Result<(Vec<Line>, Vec<Problem>), Vec<Problem>> {
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        vec![Problem { path: format!("line {}, column {}", e.line(), e.column()), key: "budget-err-json" }]
    })?;
    if doc.format != FORMAT {
        return Err(vec![problem("format", "budget-err-format")]);
    }
    Ok((doc.lines, vec![]))
}

/// Lines, the CSV row number of each, and the problems of rows that could not be read.
fn parse_csv(text: &str) -> Result<CsvLines, Vec<Problem>> {
    let records = csv::parse(text).map_err(|e| vec![problem(format!("row {}", e.line), "budget-err-csv")])?;
    let mut it = records.into_iter();
    let Some((_, header)) = it.next() else { return Err(vec![problem("row 1", "budget-err-empty")]) };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut missing = vec![];
    for name in &CSV_HEADER[..9] {
        if col(name).is_none() {
            missing.push(problem(format!("row 1: {name}"), "budget-err-column"));
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let (mut lines, mut rows, mut problems) = (vec![], vec![], vec![]);
    for (row, rec) in it {
        let get = |name: &str| col(name).and_then(|i| rec.get(i)).map(|s| s.trim().to_string()).unwrap_or_default();
        let mut bad = false;
        let mut number = |name: &str, empty_ok: bool| -> i64 {
            let s = get(name).replace(['.', ' '], "");
            if s.is_empty() && empty_ok {
                return 0;
            }
            s.parse::<i64>().unwrap_or_else(|_| {
                problems.push(problem(format!("row {row}: {name}"), "budget-err-number"));
                bad = true;
                0
            })
        };
        let fiscal_year = i32::try_from(number("fiscal_year", false)).unwrap_or(0);
        let plan = number("plan", false);
        let realisation: Vec<i64> = CSV_HEADER[9..].iter().map(|m| number(m, true)).collect();
        if bad {
            continue;
        }
        lines.push(Line {
            fiscal_year,
            agency: get("agency"),
            programme_code: get("programme_code"),
            programme_name: get("programme_name"),
            activity_code: get("activity_code"),
            activity_name: get("activity_name"),
            account_code: get("account_code"),
            account_name: get("account_name"),
            plan,
            realisation,
        });
        rows.push(row);
    }
    Ok((lines, rows, problems))
}

fn is_code(s: &str) -> bool {
    !s.is_empty() && s.len() <= 40 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// Kode rekening: numbers separated by dots (`5.1.02.01.01.0024`).
pub fn is_account_code(s: &str) -> bool {
    !s.is_empty() && s.len() <= 40 && s.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn is_name(s: &str) -> bool {
    !s.trim().is_empty() && s.chars().count() <= 300 && !s.chars().any(char::is_control)
}

fn check(l: &Line, known: &HashSet<String>, report: &mut dyn FnMut(&str, &'static str)) {
    if !(2000..=2100).contains(&l.fiscal_year) {
        report("fiscal_year", "budget-err-year");
    }
    if !known.contains(&l.agency) {
        report("agency", "budget-err-agency");
    }
    for (field, code) in [("programme_code", &l.programme_code), ("activity_code", &l.activity_code)] {
        if !is_code(code) {
            report(field, "budget-err-code");
        }
    }
    if !is_account_code(&l.account_code) {
        report("account_code", "budget-err-account");
    }
    for (field, name) in
        [("programme_name", &l.programme_name), ("activity_name", &l.activity_name), ("account_name", &l.account_name)]
    {
        if !is_name(name) {
            report(field, "budget-err-name");
        }
    }
    if l.plan < 0 || l.plan > 1_000_000_000_000_000 {
        report("plan", "budget-err-amount");
    }
    if l.realisation.len() > 12 {
        report("realisation", "budget-err-months");
    }
    if l.realisation.iter().any(|v| *v < 0 || *v > 1_000_000_000_000_000) {
        report("realisation", "budget-err-amount");
    }
}

/// Lines as CSV (the import format).
pub fn to_csv(lines: &[Line]) -> String {
    let mut out = csv::record(&CSV_HEADER);
    for l in lines {
        let mut fields = vec![
            l.fiscal_year.to_string(),
            l.agency.clone(),
            l.programme_code.clone(),
            l.programme_name.clone(),
            l.activity_code.clone(),
            l.activity_name.clone(),
            l.account_code.clone(),
            l.account_name.clone(),
            l.plan.to_string(),
        ];
        fields.extend((0..12).map(|m| l.realisation.get(m).copied().unwrap_or(0).to_string()));
        out.push_str(&csv::record(&fields));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> HashSet<String> {
        ["dpupr".to_string()].into()
    }

    const CSV: &str = "fiscal_year,agency,programme_code,programme_name,activity_code,activity_name,account_code,account_name,plan,real_01,real_02\n\
        2026,dpupr,1.03.10,Program Jalan,1.03.10.2.01,Rehabilitasi Jalan,5.1.02.01.01.0024,Belanja Alat Tulis Kantor,1000000,100000,\n";

    #[test]
    fn csv_and_json_give_the_same_line() {
        let lines = parse(CSV, &known()).expect("as expected");
        assert_eq!(lines[0].realisation.len(), 12);
        assert_eq!(lines[0].realised(), 100_000);
        let json =
            serde_json::to_string(&Document { format: FORMAT.into(), lines: lines.clone() }).expect("as expected");
        assert_eq!(parse(&json, &known()).expect("as expected"), lines);
        assert_eq!(parse(&to_csv(&lines), &known()).expect("as expected"), lines);
    }

    #[test]
    fn every_problem_is_reported_with_row_and_field() {
        let bad = format!("{CSV}2026,dinas-x,1.03.10,P,1.03.10.2.01,A,5.1.x,B,-5\n20x6,dpupr,a,b,c,d,5.1,e,1\n");
        let problems = parse(&bad, &known()).expect_err("refused");
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"row 3: agency"), "{paths:?}");
        assert!(paths.contains(&"row 3: account_code"));
        assert!(paths.contains(&"row 3: plan"));
        assert!(paths.contains(&"row 4: fiscal_year"));
    }

    #[test]
    fn account_codes_are_dotted_numbers() {
        assert!(is_account_code("5.1.02.01.01.0024"));
        assert!(!is_account_code("5..1"));
        assert!(!is_account_code("5.1a"));
    }

    #[test]
    fn canonical_line_is_stable() {
        let l = parse(CSV, &known()).expect("as expected").remove(0);
        assert!(l.canonical().starts_with("{\"account_code\":\"5.1.02.01.01.0024\""));
    }
}
