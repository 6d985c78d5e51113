//! RFC 4180 CSV, for every import and download (budget lines, open-data resources): reading
//! (quoted fields, doubled quotes, CRLF or LF line ends, an optional byte order mark) and writing.

/// A problem at a 1-based line of the text.
#[derive(Debug, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
}

/// Parse CSV text into records (each with the 1-based line it starts on). Blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    parse_with(text, ',')
}

/// [`parse`] with another field separator (`;` and tab are common in bank and spreadsheet
/// exports where the comma is the decimal separator).
pub fn parse_with(text: &str, separator: char) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = vec![];
    let mut record: Vec<String> = vec![];
    let mut field = String::new();
    let mut line = 1usize;
    let mut start = 1usize;
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut field_started = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    // Only a separator or a line end may follow a closing quote.
                    if !matches!(chars.peek(), None | Some('\r') | Some('\n')) && chars.peek() != Some(&separator) {
                        return Err(CsvError { line });
                    }
                }
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if !field_started && field.is_empty() => {
                quoted = true;
                field_started = true;
            }
            '"' => return Err(CsvError { line }),
            c if c == separator => {
                record.push(std::mem::take(&mut field));
                field_started = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                field_started = false;
                if !(record.len() == 1 && record[0].is_empty()) {
                    records.push((start, std::mem::take(&mut record)));
                }
                record.clear();
                line += 1;
                start = line;
            }
            c => {
                field_started = true;
                field.push(c);
            }
        }
    }
    if quoted {
        return Err(CsvError { line });
    }
    if field_started || !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start, record));
    }
    Ok(records)
}

/// One field, quoted when it needs to be (separators, quotes, line ends, or spaces at either end
/// that a reader could trim). A leading `=`, `+`, `-` or `@` is left alone: data is published as
/// given.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One record with its CRLF line end.
pub fn record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_and_line_ends() {
        let r = parse("a,b\r\n\"x, \"\"y\"\"\",2\n\n3,\"multi\nline\"\n").expect("as expected");
        assert_eq!(r.len(), 3);
        assert_eq!(r[1], (2, vec!["x, \"y\"".to_string(), "2".to_string()]));
        assert_eq!(r[2].0, 4);
        assert_eq!(r[2].1[1], "multi\nline");
    }

    #[test]
    fn refuses_stray_quotes() {
        assert!(parse("a,b\"c\n").is_err());
        assert!(parse("\"open\n").is_err());
    }

    #[test]
    fn reads_other_separators() {
        let r = parse_with("a;b\n\"1;5\";150.000,00\n", ';').expect("as expected");
        assert_eq!(r[1].1, vec!["1;5", "150.000,00"]);
        assert_eq!(parse_with("a\tb\n", '\t').expect("tabs")[0].1, vec!["a", "b"]);
    }

    #[test]
    fn writes_what_it_reads() {
        let rec = record(&["a,b", "c\"d", "e"]);
        assert_eq!(parse(&rec).expect("as expected")[0].1, vec!["a,b", "c\"d", "e"]);
    }
}
