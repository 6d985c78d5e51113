//! The vocabulary of the open data catalogue: dataset metadata (DCAT), licences, themes, update
//! frequencies, and the tables of resources with their CSV and JSON parsers and writers. Pure
//! rules, no I/O.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::web::FieldError;

/// The publisher of the automatic statistics.
pub const PLATFORM: &str = "satupintu";

/// Largest resource file accepted (bytes).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_COLUMNS: usize = 100;
pub const MAX_ROWS: usize = 50_000;
pub const MAX_CELL: usize = 2_000;
/// Rows shown in the preview table of a dataset page.
pub const PREVIEW_ROWS: usize = 10;

/// A cell counting fewer people than this is suppressed in published statistics.
pub const MIN_CELL: i64 = 5;

/// Licences offered: (id, title, URL).
pub const LICENSES: &[(&str, &str, &str)] = &[
    ("CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    ("CC-BY-SA-4.0", "Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    ("CC0-1.0", "Creative Commons CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ("ODbL-1.0", "Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
];

pub fn license(id: &str) -> Option<(&'static str, &'static str, &'static str)> {
    LICENSES.iter().copied().find(|l| l.0 == id)
}

/// Themes (CKAN groups); each has Fluent keys `od-theme-<name>` and `od-theme-<name>-desc`.
pub const THEMES: &[&str] = &[
    "kependudukan",
    "infrastruktur",
    "kesehatan",
    "keuangan",
    "pendidikan",
    "lingkungan",
    "pelayanan-publik",
    "sosial",
];

/// Update frequencies of the EU frequency vocabulary (Fluent keys `od-freq-<code>`).
pub const FREQUENCIES: &[&str] = &["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL", "IRREG", "NEVER"];

pub fn frequency_uri(code: &str) -> String {
    format!("http://publications.europa.eu/resource/authority/frequency/{code}")
}

/// A dataset's URL name: 2 to 100 of `a-z 0-9 - _`, as CKAN requires.
pub fn valid_name(name: &str) -> bool {
    (2..=100).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Metadata of a dataset as published (DCAT: title, description, publisher, licence, themes,
/// keywords, temporal and spatial coverage, update frequency).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Meta {
    pub name: String,
    pub title: String,
    pub notes: String,
    pub publisher: String,
    pub license_id: String,
    pub themes: Vec<String>,
    pub keywords: Vec<String>,
    pub temporal_start: Option<String>,
    pub temporal_end: Option<String>,
    pub spatial_code: Option<String>,
    pub frequency: String,
}

/// The metadata fields as typed in the publishing form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct MetaInput {
    pub name: String,
    pub title: String,
    pub notes: String,
    pub license_id: String,
    pub themes: Vec<String>,
    pub keywords: String,
    pub temporal_start: String,
    pub temporal_end: String,
    pub spatial_code: String,
    pub frequency: String,
}

fn date_ok(s: &str) -> bool {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl MetaInput {
    /// Check every field; the publisher comes from the signed-in admin, not the form.
    pub fn parse(&self, publisher: &str) -> Result<Meta, Vec<FieldError>> {
        let mut errors = vec![];
        let name = self.name.trim().to_lowercase();
        if !valid_name(&name) {
            errors.push(FieldError::new("name", "od-field-name"));
        }
        let title = self.title.trim().to_string();
        if title.is_empty() || title.chars().count() > 200 {
            errors.push(FieldError::new("title", "od-field-title"));
        }
        let notes = self.notes.trim().to_string();
        if notes.is_empty() || notes.chars().count() > 5000 {
            errors.push(FieldError::new("notes", "od-field-notes"));
        }
        if license(&self.license_id).is_none() {
            errors.push(FieldError::new("license_id", "od-field-license"));
        }
        let mut themes: Vec<String> = self.themes.iter().map(|t| t.trim().to_string()).collect();
        themes.sort();
        themes.dedup();
        if themes.is_empty() || themes.iter().any(|t| !THEMES.contains(&t.as_str())) {
            errors.push(FieldError::new("themes", "od-field-themes"));
        }
        let mut keywords: Vec<String> =
            self.keywords.split(',').map(|k| k.trim().to_lowercase()).filter(|k| !k.is_empty()).collect();
        keywords.dedup();
        if keywords.len() > 20 || keywords.iter().any(|k| k.chars().count() > 50) {
            errors.push(FieldError::new("keywords", "od-field-keywords"));
        }
        let (start, end) = (opt(&self.temporal_start), opt(&self.temporal_end));
        if start.as_deref().is_some_and(|d| !date_ok(d))
            || end.as_deref().is_some_and(|d| !date_ok(d))
            || matches!((&start, &end), (Some(s), Some(e)) if s > e)
        {
            errors.push(FieldError::new("temporal_start", "od-field-temporal"));
        }
        let spatial = opt(&self.spatial_code);
        if spatial.as_deref().is_some_and(|c| crate::wilayah::get(c).is_none()) {
            errors.push(FieldError::new("spatial_code", "od-field-spatial"));
        }
        if !FREQUENCIES.contains(&self.frequency.as_str()) {
            errors.push(FieldError::new("frequency", "od-field-frequency"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Meta {
            name,
            title,
            notes,
            publisher: publisher.to_string(),
            license_id: self.license_id.clone(),
            themes,
            keywords,
            temporal_start: start,
            temporal_end: end,
            spatial_code: spatial,
            frequency: self.frequency.clone(),
        })
    }
}

/// A table: named columns and rows of text cells, every row as wide as the header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Why a resource file was refused: a Fluent key (`od-csv-*`) and the line it was found on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    pub key: &'static str,
    pub line: usize,
}

fn fail<T>(key: &'static str, line: usize) -> Result<T, TableError> {
    Err(TableError { key, line })
}

impl Table {
    /// Parse a CSV file (RFC 4180: comma-separated, `"` quotes, `""` for a quote inside one,
    /// CRLF or LF line ends, an optional UTF-8 byte order mark). The first record is the
    /// header; every record must have as many fields; limits on size, columns, rows and cells.
    pub fn parse_csv(bytes: &[u8]) -> Result<Table, TableError> {
        if bytes.len() > MAX_BYTES {
            return fail("od-csv-too-large", 0);
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            return fail("od-csv-not-utf8", 0);
        };
        let parsed = crate::csv::parse(text).map_err(|e| TableError { key: "od-csv-quote", line: e.line })?;
        let mut records: Vec<Vec<String>> = vec![];
        for (line, record) in parsed {
            if record.iter().any(|f| f.len() > MAX_CELL) {
                return fail("od-csv-cell", line);
            }
            Self::push_record(&mut records, record, line)?;
        }
        let mut it = records.into_iter();
        let Some(columns) = it.next() else {
            return fail("od-csv-empty", 0);
        };
        let columns: Vec<String> = columns.into_iter().map(|c| c.trim().to_string()).collect();
        let table = Table { columns, rows: it.collect() };
        table.check()?;
        Ok(table)
    }

    fn push_record(records: &mut Vec<Vec<String>>, record: Vec<String>, line: usize) -> Result<(), TableError> {
        if let Some(first) = records.first() {
            if first.len() != record.len() {
                return fail("od-csv-columns", line);
            }
        }
        if records.len() > MAX_ROWS {
            return fail("od-csv-rows", line);
        }
        records.push(record);
        Ok(())
    }

    /// Parse a JSON resource: an array of flat objects with the same keys (values are strings,
    /// numbers, booleans or null).
    pub fn parse_json(bytes: &[u8]) -> Result<Table, TableError> {
        if bytes.len() > MAX_BYTES {
            return fail("od-csv-too-large", 0);
        }
        if std::str::from_utf8(bytes).is_err() {
            return fail("od-csv-not-utf8", 0);
        }
        let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(bytes) else {
            return fail("od-json-shape", 0);
        };
        let mut table = Table::default();
        for (i, item) in items.into_iter().enumerate() {
            let Value::Object(obj) = item else {
                return fail("od-json-shape", i + 1);
            };
            if i == 0 {
                table.columns = obj.keys().cloned().collect();
            } else if obj.len() != table.columns.len() || table.columns.iter().any(|c| !obj.contains_key(c)) {
                return fail("od-csv-columns", i + 1);
            }
            let mut row = Vec::with_capacity(table.columns.len());
            for c in &table.columns {
                row.push(match &obj[c] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return fail("od-json-shape", i + 1),
                });
            }
            table.rows.push(row);
        }
        if table.columns.is_empty() {
            return fail("od-csv-empty", 0);
        }
        table.check()?;
        Ok(table)
    }

    /// Limits and a usable header: named, distinct columns.
    fn check(&self) -> Result<(), TableError> {
        if self.columns.len() > MAX_COLUMNS {
            return fail("od-csv-too-many-columns", 1);
        }
        if self.rows.len() > MAX_ROWS {
            return fail("od-csv-rows", 0);
        }
        // serde_json reads an object whose one key is its private raw-value token as raw JSON, so
        // a column of that name would not survive the JSON download (found by the fuzz target).
        let reserved = |c: &str| c.starts_with("$serde_json::private::");
        if self
            .columns
            .iter()
            .any(|c| c.is_empty() || c.len() > 200 || c.trim() != c || c.starts_with('\u{feff}') || reserved(c))
        {
            return fail("od-csv-header", 1);
        }
        let mut sorted: Vec<&String> = self.columns.iter().collect();
        sorted.sort();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            return fail("od-csv-header", 1);
        }
        if self.rows.iter().flatten().any(|c| c.len() > MAX_CELL) {
            return fail("od-csv-cell", 0);
        }
        Ok(())
    }

    /// The table as CSV (RFC 4180, CRLF line ends, quotes only where needed).
    pub fn to_csv(&self) -> String {
        std::iter::once(&self.columns).chain(self.rows.iter()).map(|r| crate::csv::record(r)).collect()
    }

    /// The table as JSON: an array of objects, one per row, keyed by column (an empty cell is null).
    pub fn to_json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|row| {
                    let mut obj = Map::new();
                    for (c, v) in self.columns.iter().zip(row) {
                        obj.insert(c.clone(), if v.is_empty() { Value::Null } else { Value::String(v.clone()) });
                    }
                    Value::Object(obj)
                })
                .collect(),
        )
    }
}

/// A count as published: blank when it counts fewer than [`MIN_CELL`] people (suppressed).
pub fn count_cell(n: i64) -> String {
    if n < MIN_CELL && n > 0 {
        String::new()
    } else {
        n.to_string()
    }
}

/// Whether a count is suppressed.
pub fn suppressed(n: i64) -> bool {
    n > 0 && n < MIN_CELL
}

/// The median and the 90th percentile (nearest rank) of some values.
pub fn median_p90(values: &mut [i64]) -> Option<(i64, i64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let median = if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2 };
    let rank = (n * 9).div_ceil(10).max(1);
    Some((median, values[rank - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_json_token_is_no_column_name() {
        let e = Table::parse_csv(b"$serde_json::private::RawValue\n1\n").expect_err("refused");
        assert_eq!((e.key, e.line), ("od-csv-header", 1));
    }

    #[test]
    fn csv_round_trips_quotes_commas_and_newlines() {
        let t =
            Table::parse_csv(b"\xef\xbb\xbfnama,jumlah\r\n\"Kec. \"\"A\"\", Utara\",12\r\nB,\"3\n4\"\r\n\r\n").unwrap();
        assert_eq!(t.columns, vec!["nama", "jumlah"]);
        assert_eq!(t.rows, vec![vec!["Kec. \"A\", Utara".to_string(), "12".into()], vec!["B".into(), "3\n4".into()]]);
        assert_eq!(Table::parse_csv(t.to_csv().as_bytes()).unwrap(), t);
        let json = serde_json::to_vec(&t.to_json()).unwrap();
        // JSON objects keep no column order; the cells are the same.
        assert_eq!(Table::parse_json(&json).unwrap().to_json(), t.to_json());
    }

    #[test]
    fn csv_refuses_bad_files_with_the_line() {
        assert_eq!(Table::parse_csv(b"a,b\n1,2\n3\n").unwrap_err(), TableError { key: "od-csv-columns", line: 3 });
        assert_eq!(Table::parse_csv(b"a,b\n\xff,2\n").unwrap_err().key, "od-csv-not-utf8");
        assert_eq!(Table::parse_csv(b"a,b\n\"1,2\n").unwrap_err().key, "od-csv-quote");
        assert_eq!(Table::parse_csv(b"a,a\n1,2\n").unwrap_err().key, "od-csv-header");
        assert_eq!(Table::parse_csv(b"").unwrap_err().key, "od-csv-empty");
        assert_eq!(Table::parse_csv(&vec![b'a'; MAX_BYTES + 1]).unwrap_err().key, "od-csv-too-large");
    }

    #[test]
    fn small_counts_are_suppressed() {
        assert_eq!(count_cell(0), "0");
        assert_eq!(count_cell(4), "");
        assert_eq!(count_cell(5), "5");
        assert!(suppressed(1) && !suppressed(0) && !suppressed(7));
    }

    #[test]
    fn median_and_p90() {
        assert_eq!(median_p90(&mut [5, 1, 3]), Some((3, 5)));
        assert_eq!(median_p90(&mut (1..=10).collect::<Vec<_>>()), Some((5, 9)));
        assert_eq!(median_p90(&mut []), None);
    }

    #[test]
    fn metadata_is_checked() {
        let input = MetaInput {
            name: "jumlah-penduduk".into(),
            title: "Jumlah penduduk".into(),
            notes: "Per kecamatan".into(),
            license_id: "CC-BY-4.0".into(),
            themes: vec!["kependudukan".into()],
            keywords: "penduduk, kecamatan".into(),
            temporal_start: "2026-01-01".into(),
            temporal_end: "2026-06-30".into(),
            spatial_code: "3578".into(),
            frequency: "ANNUAL".into(),
        };
        let m = input.parse("disdukcapil").unwrap();
        assert_eq!(m.keywords, vec!["penduduk", "kecamatan"]);
        let bad = MetaInput { name: "Bad Name!".into(), frequency: "SOMETIMES".into(), ..input };
        let keys: Vec<&str> = bad.parse("x").unwrap_err().iter().map(|e| e.key).collect();
        assert_eq!(keys, vec!["od-field-name", "od-field-frequency"]);
    }
}
