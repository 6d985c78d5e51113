//! Bank statements as banks export them, parsed whole before anything is imported: SWIFT MT940
//! customer statements and CSV exports of Indonesian internet banking.
//!
//! **MT940**: `:20:` reference, `:25:` account, `:28C:` number, `:60F:`/`:60M:` opening
//! balance, `:61:` statement lines each with an optional `:86:` narrative, `:62F:`/`:62M:`
//! closing balance; several statements may follow each other; the SWIFT block wrapper
//! (`{1:...}{2:...}{4:` ... `-}`) is accepted. The closing balance must equal the opening balance
//! plus the credits minus the debits, so a cut or edited file is refused.
//!
//! **CSV**: separated by `;`, `,` or tab (found from the header row), an optional preamble
//! (account holder, period) before a header row that names at least a date column and an
//! amount column, or credit and debit columns. See [`COLUMNS`] for the names understood.
//! Amounts as `150.000,00`, `150,000.00`, `150000.00`, `150000`, `Rp150.000`, with a sign,
//! a `CR`/`DB` suffix, a credit/debit type column or separate credit and debit columns.
//!
//! Amounts of statement lines must be whole rupiah (`,00`): a bill is never paid in cents.
//! Every error names the 1-based line of the file and a message key.

use sha2::{Digest, Sha256};
use time::Date;

use super::file::{refuse as err, FileError};

/// Largest number of statement lines in one file.
pub const MAX_LINES: usize = 100_000;

/// The two formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Mt940,
    Csv,
}

/// Money in or out, as MT940 marks it: `C`, `D`, and the reversals `RC` (of a credit: money
/// out) and `RD` (of a debit: money back in).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Credit,
    Debit,
    ReversedCredit,
    ReversedDebit,
}

impl Mark {
    /// Whether the line adds to the balance.
    fn adds(self) -> bool {
        matches!(self, Mark::Credit | Mark::ReversedDebit)
    }
}

/// One statement line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The 1-based line of the file it starts on.
    pub line: usize,
    /// The account the statement is of (MT940 `:25:`, a CSV account column, or empty).
    pub account: String,
    pub value_date: Date,
    pub mark: Mark,
    /// Whole rupiah, above zero.
    pub amount_idr: i64,
    /// The payer's or account owner's reference (MT940 customer reference).
    pub customer_ref: String,
    /// The bank's own reference of the transaction.
    pub bank_ref: String,
    /// What the payer wrote and the bank added (MT940 `:86:` and supplementary details, CSV
    /// description), lines joined with a line feed.
    pub narrative: String,
}

impl Line {
    /// A plain credit: money paid in (the only lines matched to bills).
    pub fn is_credit(&self) -> bool {
        self.mark == Mark::Credit
    }

    /// This line's identity, the same each time the same statement is imported:
    /// `account/value date/amount/bank reference/hash of the rest`.
    pub fn reference(&self) -> String {
        let mut h = Sha256::new();
        for part in [&self.account, &self.customer_ref, &self.bank_ref, &self.narrative] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        h.update(format!("{:?}{}{}", self.mark, self.value_date, self.amount_idr).as_bytes());
        let bank_ref: String = self.bank_ref.chars().filter(|c| !c.is_whitespace()).take(40).collect();
        let account: String = self.account.chars().filter(|c| !c.is_whitespace()).take(40).collect();
        format!(
            "{}/{}/{}/{}/{}",
            if account.is_empty() { "-" } else { &account },
            self.value_date,
            self.amount_idr,
            if bank_ref.is_empty() { "-" } else { &bank_ref },
            &hex::encode(h.finalize())[..16]
        )
    }

    /// Runs of at least 16 digits in the references and the narrative, where a billing code
    /// (16 digits) or a virtual account number (a bank prefix and a billing code) may stand;
    /// digits grouped with spaces, dots or dashes count as one run, and so do digits broken
    /// over two narrative lines.
    pub fn digit_runs(&self) -> Vec<String> {
        let mut out: Vec<String> = vec![];
        let joined = self.narrative.replace('\n', "");
        for text in [self.customer_ref.as_str(), self.bank_ref.as_str(), self.narrative.as_str(), joined.as_str()] {
            for run in runs(text, false).into_iter().chain(runs(text, true)) {
                if run.len() >= 16 && !out.contains(&run) {
                    out.push(run);
                }
            }
        }
        out
    }
}

/// Maximal runs of digits in `text`; with `grouped`, single spaces, dots and dashes between
/// digits do not end a run.
fn runs(text: &str, grouped: bool) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![];
    let mut run = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        let joins = grouped
            && matches!(c, ' ' | '.' | '-')
            && !run.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if !joins && !run.is_empty() {
            out.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// A parsed file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub format: Format,
    pub lines: Vec<Line>,
}

/// A file as read from disk: UTF-8 (with or without a byte order mark), in `format` or in the
/// format it looks like.
pub fn parse_bytes(bytes: &[u8], format: Option<Format>) -> Result<Statement, FileError> {
    parse_as(super::file::utf8_text(bytes, "pay-statement-error-encoding")?, format)
}

/// Parse a statement in the format it looks like: MT940 when a line starts with an MT940 field
/// tag or the SWIFT block wrapper, CSV otherwise.
pub fn parse(text: &str) -> Result<Statement, FileError> {
    parse_as(text, None)
}

/// Parse a statement in `format`, or in the format it looks like.
pub fn parse_as(text: &str, format: Option<Format>) -> Result<Statement, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = format.unwrap_or_else(|| detect(text));
    let lines = match format {
        Format::Mt940 => mt940(text)?,
        Format::Csv => csv(text)?,
    };
    if lines.len() > MAX_LINES {
        return err(lines[MAX_LINES].line, "pay-statement-error-too-long");
    }
    Ok(Statement { format, lines })
}

fn detect(text: &str) -> Format {
    let mt940 = text
        .lines()
        .map(str::trim_start)
        .any(|l| l.starts_with("{1:") || l.starts_with(":20:") || l.starts_with(":25:") || l.starts_with(":61:"));
    if mt940 {
        Format::Mt940
    } else {
        Format::Csv
    }
}

// ---------------------------------------------------------------------------------------------
// MT940

/// A field: its tag, the line it starts on, its lines.
struct Field {
    tag: String,
    line: usize,
    text: Vec<String>,
}

/// The tag of a line that starts a field (`:61:`, `:28C:`, `:NS:`).
fn tag_of(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(':')?;
    let end = rest.find(':')?;
    let tag = &rest[..end];
    let ok = (2..=3).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then(|| (tag, &rest[end + 1..]))
}

fn fields(text: &str) -> Result<Vec<Field>, FileError> {
    let mut out: Vec<Field> = vec![];
    // Whether a message is open (in its text block, or without a wrapper at all).
    let mut open = true;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let mut line = raw.trim_end_matches(['\r', ' ', '\t']);
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('{') {
            // A SWIFT header block line: `{1:...}{2:...}{4:` and whatever follows `{4:`.
            match line.find("{4:") {
                Some(at) => {
                    open = true;
                    line = &line[at + 3..];
                    if line.trim().is_empty() {
                        continue;
                    }
                }
                None => continue,
            }
        }
        if line.starts_with('-') && line[1..].trim_start_matches('}').trim().is_empty() || line.starts_with("-}") {
            // The end of a message: `-}`, `-`, or `-}{5:...}`.
            open = false;
            out.push(Field { tag: "-".into(), line: n, text: vec![] });
            continue;
        }
        if !open {
            // After a message's end only another message may follow.
            if tag_of(line).is_none() {
                return err(n, "pay-statement-error-syntax");
            }
            open = true;
        }
        match tag_of(line) {
            Some((tag, rest)) => out.push(Field { tag: tag.to_string(), line: n, text: vec![rest.to_string()] }),
            None => match out.last_mut() {
                Some(f) if f.tag != "-" => f.text.push(line.to_string()),
                _ => return err(n, "pay-statement-error-syntax"),
            },
        }
    }
    Ok(out)
}

/// Sen (hundredths) from an MT940 amount `150000,00` (the comma is required).
fn swift_amount(s: &str, line: usize) -> Result<i64, FileError> {
    let Some((whole, frac)) = s.split_once(',') else { return err(line, "pay-statement-error-amount") };
    let ok = !whole.is_empty()
        && whole.len() <= 15
        && frac.len() <= 2
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        return err(line, "pay-statement-error-amount");
    }
    let whole: i64 = whole.parse().map_err(|_| FileError { line, key: "pay-statement-error-amount" })?;
    let frac: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    Ok(whole * 100 + frac)
}

/// A date `YYMMDD` (years 2000-2099).
fn yymmdd(s: &str, line: usize) -> Result<Date, FileError> {
    let bad = FileError { line, key: "pay-statement-error-date" };
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad);
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u8>().unwrap_or(0);
    let month = time::Month::try_from(n(2..4)).map_err(|_| bad.clone())?;
    Date::from_calendar_date(2000 + i32::from(n(0..2)), month, n(4..6)).map_err(|_| bad)
}

/// A balance `C261130IDR1000000,00`: signed sen.
fn balance(s: &str, line: usize) -> Result<i64, FileError> {
    let s = s.trim();
    let sign = match s.get(..1) {
        Some("C") => 1,
        Some("D") => -1,
        _ => return err(line, "pay-statement-error-mark"),
    };
    yymmdd(s.get(1..7).unwrap_or(""), line)?;
    if s.get(7..10) != Some("IDR") {
        return err(line, "pay-statement-error-currency");
    }
    Ok(sign * swift_amount(&s[10..], line)?)
}

/// Whole rupiah from sen, or the error for cents.
fn whole_rupiah(sen: i64, line: usize) -> Result<i64, FileError> {
    if sen % 100 != 0 {
        return err(line, "pay-statement-error-cents");
    }
    if sen == 0 {
        return err(line, "pay-statement-error-amount");
    }
    Ok(sen / 100)
}

/// A `:61:` field: `YYMMDD[MMDD](C|D|RC|RD)[funds code]amount(N|F|S)xxx customer-ref[//bank-ref]`
/// and supplementary details on its second line.
fn statement_line(f: &Field, account: &str) -> Result<Line, FileError> {
    let line = f.line;
    let s = f.text[0].trim();
    let value_date = yymmdd(s.get(..6).unwrap_or(""), line)?;
    let mut rest = &s[6..];
    if rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        rest = &rest[4..]; // entry date, MMDD
    }
    let (mark, after) = if let Some(r) = rest.strip_prefix("RC") {
        (Mark::ReversedCredit, r)
    } else if let Some(r) = rest.strip_prefix("RD") {
        (Mark::ReversedDebit, r)
    } else if let Some(r) = rest.strip_prefix('C') {
        (Mark::Credit, r)
    } else if let Some(r) = rest.strip_prefix('D') {
        (Mark::Debit, r)
    } else {
        return err(line, "pay-statement-error-mark");
    };
    // An optional funds code (the third letter of the currency).
    let after = match after.as_bytes().first() {
        Some(b) if b.is_ascii_alphabetic() => &after[1..],
        _ => after,
    };
    let amount_len = after.bytes().take_while(|b| b.is_ascii_digit() || *b == b',').count();
    let amount_idr = whole_rupiah(swift_amount(&after[..amount_len], line)?, line)?;
    let after = &after[amount_len..];
    // Transaction type: N, F or S and three characters.
    let type_ok = after.len() >= 4
        && matches!(after.as_bytes()[0], b'N' | b'F' | b'S')
        && after.is_char_boundary(4)
        && after[1..4].chars().all(|c| c.is_ascii_alphanumeric());
    if !type_ok {
        return err(line, "pay-statement-error-syntax");
    }
    let refs = &after[4..];
    let (customer_ref, bank_ref) = refs.split_once("//").unwrap_or((refs, ""));
    Ok(Line {
        line,
        account: account.to_string(),
        value_date,
        mark,
        amount_idr,
        customer_ref: customer_ref.trim().to_string(),
        bank_ref: bank_ref.trim().to_string(),
        narrative: f.text[1..].iter().map(|t| t.trim()).collect::<Vec<_>>().join("\n"),
    })
}

fn mt940(text: &str) -> Result<Vec<Line>, FileError> {
    let fields = fields(text)?;
    let mut lines: Vec<Line> = vec![];
    let mut account: Option<String> = None;
    // The running balance (sen) of the open statement, from its opening balance.
    let mut running: Option<i64> = None;
    let mut last_tag = String::new();
    let mut statements = 0;
    for f in &fields {
        let text = f.text.first().map(|t| t.trim()).unwrap_or("");
        match f.tag.as_str() {
            "20" => {
                if running.is_some() {
                    return err(f.line, "pay-statement-error-incomplete");
                }
                account = None;
            }
            "25" => {
                if running.is_some() || text.is_empty() {
                    return err(f.line, "pay-statement-error-order");
                }
                account = Some(text.to_string());
            }
            "60F" | "60M" => {
                if account.is_none() || running.is_some() {
                    return err(f.line, "pay-statement-error-order");
                }
                running = Some(balance(text, f.line)?);
            }
            "61" => {
                let (Some(acc), Some(run)) = (&account, running) else {
                    return err(f.line, "pay-statement-error-order");
                };
                let l = statement_line(f, acc)?;
                let sen = l.amount_idr * 100;
                running = run.checked_add(if l.mark.adds() { sen } else { -sen });
                if running.is_none() {
                    return err(f.line, "pay-statement-error-amount");
                }
                lines.push(l);
            }
            // The narrative of the statement line before it (a :86: elsewhere is about the
            // statement as a whole).
            "86" if last_tag == "61" => {
                if let Some(l) = lines.last_mut() {
                    let narrative = f.text.iter().map(|t| t.trim()).collect::<Vec<_>>().join("\n");
                    l.narrative = match l.narrative.is_empty() {
                        true => narrative,
                        false => format!("{}\n{narrative}", l.narrative),
                    };
                }
            }
            "62F" | "62M" => {
                let Some(run) = running else { return err(f.line, "pay-statement-error-order") };
                if balance(text, f.line)? != run {
                    return err(f.line, "pay-statement-error-balance");
                }
                running = None;
                statements += 1;
            }
            "-" if running.is_some() => return err(f.line, "pay-statement-error-incomplete"),
            // :21:, :28C:, :64:, :65:, :NS: and other banks' additions carry nothing we need.
            _ => {}
        }
        last_tag = f.tag.clone();
    }
    let last = text.lines().count().max(1);
    if running.is_some() {
        return err(last, "pay-statement-error-incomplete");
    }
    if statements == 0 {
        return err(last, "pay-statement-error-empty");
    }
    Ok(lines)
}

// ---------------------------------------------------------------------------------------------
// CSV

/// The CSV column names understood (compared without case, dots, underscores and anything in
/// brackets), by what they hold. A value date is preferred to a booking date.
pub const COLUMNS: &[(&str, &[&str])] = &[
    ("value_date", &["value date", "tanggal valuta", "tgl valuta", "valuta"]),
    (
        "date",
        &[
            "date",
            "tanggal",
            "tgl",
            "tanggal transaksi",
            "tgl transaksi",
            "transaction date",
            "posting date",
            "tanggal posting",
            "booking date",
        ],
    ),
    (
        "description",
        &[
            "description",
            "keterangan",
            "uraian",
            "narrative",
            "deskripsi",
            "berita",
            "remark",
            "remarks",
            "keterangan transaksi",
            "uraian transaksi",
            "detail",
        ],
    ),
    ("amount", &["amount", "jumlah", "nominal", "mutasi", "nilai"]),
    ("credit", &["credit", "kredit", "cr", "mutasi kredit", "masuk"]),
    ("debit", &["debit", "debet", "db", "mutasi debit", "mutasi debet", "keluar"]),
    (
        "type",
        &[
            "type",
            "cr/db",
            "db/cr",
            "d/k",
            "k/d",
            "dk",
            "d/c",
            "c/d",
            "debit/credit",
            "credit/debit",
            "debet/kredit",
            "kredit/debet",
        ],
    ),
    (
        "reference",
        &[
            "reference",
            "referensi",
            "ref",
            "no referensi",
            "nomor referensi",
            "reference no",
            "ref no",
            "no ref",
            "bank reference",
        ],
    ),
    ("account", &["account", "rekening", "no rekening", "nomor rekening", "account number", "account no"]),
];

fn normalise_header(cell: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in cell.trim().trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ if depth > 0 => {}
            '.' | '_' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The columns of a header row: index of each kind found.
#[derive(Default, Debug)]
struct Columns {
    date: Option<usize>,
    description: Option<usize>,
    amount: Option<usize>,
    credit: Option<usize>,
    debit: Option<usize>,
    kind: Option<usize>,
    reference: Option<usize>,
    account: Option<usize>,
}

fn columns(record: &[String]) -> Option<Columns> {
    let names: Vec<String> = record.iter().map(|c| normalise_header(c)).collect();
    let find = |what: &str| {
        let synonyms = COLUMNS.iter().find(|(k, _)| *k == what).map(|(_, s)| *s).unwrap_or(&[]);
        names.iter().position(|n| synonyms.contains(&n.as_str()))
    };
    let c = Columns {
        date: find("value_date").or_else(|| find("date")),
        description: find("description"),
        amount: find("amount"),
        credit: find("credit"),
        debit: find("debit"),
        kind: find("type"),
        reference: find("reference"),
        account: find("account"),
    };
    (c.date.is_some() && (c.amount.is_some() || (c.credit.is_some() && c.debit.is_some()))).then_some(c)
}

const MONTHS: [(&str, u8); 16] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("agu", 8),
    ("ags", 8),
    ("aug", 8),
    ("sep", 9),
    ("okt", 10),
    ("oct", 10),
    ("nov", 11),
    ("des", 12),
];

/// A date as banks write it: `2026-12-01`, `01/12/2026`, `01-12-2026`, `01.12.2026`,
/// `01/12/26`, `01 Des 2026`, `01-Dec-2026`, optionally followed by a time.
pub fn csv_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let date_part = |s: &str| -> Option<Date> {
        let parts: Vec<&str> = s.split(['/', '-', '.', ' ']).filter(|p| !p.is_empty()).collect();
        let [a, b, c] = parts[..] else { return None };
        let num = |p: &str| (p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<i32>().ok())?;
        let (y, m, d) = if a.len() == 4 {
            (num(a)?, num(b)?, num(c)?)
        } else {
            let m = match num(b) {
                Some(m) => m,
                None => {
                    let b = b.to_lowercase();
                    let short = b.get(..3)?;
                    i32::from(MONTHS.iter().find(|(n, _)| *n == short || (*n == "des" && short == "dec"))?.1)
                }
            };
            let y = match c.len() {
                2 => 2000 + num(c)?,
                4 => num(c)?,
                _ => return None,
            };
            (y, m, num(a)?)
        };
        if !(2000..=2100).contains(&y) {
            return None;
        }
        let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
        Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
    };
    date_part(s).or_else(|| {
        // With a time after it: `2026-12-01 09:30:00`, `01/12/2026 09:30`.
        let (date, clock) = s.rsplit_once(' ')?;
        clock.contains(':').then(|| date_part(date)).flatten()
    })
}

/// Whole rupiah, signed, from an amount as Indonesian and international exports write it:
/// `150.000,00`, `150,000.00`, `150000.00`, `150000`, `1.500`, `Rp 150.000`, `-150.000,00`,
/// `(150.000)`. The decimal separator is the last of `.` and `,` when both appear, or a lone one
/// followed by one or two digits; otherwise they group thousands. Cents other than zero are
/// refused (`pay-statement-error-cents`).
pub fn csv_amount(s: &str) -> Result<i64, &'static str> {
    const BAD: &str = "pay-statement-error-amount";
    let mut s: String = s.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let mut negative = false;
    if s.len() >= 2 && s.starts_with('(') && s.ends_with(')') {
        negative = true;
        s = s[1..s.len() - 1].to_string();
    }
    if let Some(r) = s.strip_prefix('-') {
        negative = !negative;
        s = r.to_string();
    } else if let Some(r) = s.strip_suffix('-') {
        negative = !negative;
        s = r.to_string();
    } else if let Some(r) = s.strip_prefix('+') {
        s = r.to_string();
    }
    for prefix in ["Rp.", "Rp", "RP", "rp", "IDR"] {
        if let Some(r) = s.strip_prefix(prefix) {
            s = r.to_string();
            break;
        }
    }
    if let Some(r) = s.strip_prefix('-') {
        negative = !negative;
        s = r.to_string();
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Err(BAD);
    }
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (Some(p), None) | (None, Some(p)) => {
            let sep = s.as_bytes()[p] as char;
            let once = s.matches(sep).count() == 1;
            let after = s.len() - p - 1;
            match (once, after) {
                (true, 1 | 2) => Some(sep),
                (true, 3) | (false, _) => None,
                _ => return Err(BAD),
            }
        }
        (None, None) => None,
    };
    let (whole, frac) = match decimal {
        Some(sep) => {
            let (w, f) = s.rsplit_once(sep).unwrap_or((&s, ""));
            (w.to_string(), f.to_string())
        }
        None => (s.clone(), String::new()),
    };
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BAD);
    }
    // What is left groups thousands with the other separator: 1.500.000 or 1,500,000.
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    let separators: std::collections::HashSet<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
    let grouped_ok = groups.len() == 1
        || (separators.len() == 1
            && !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits: String = groups.concat();
    if !grouped_ok || digits.is_empty() || digits.len() > 15 {
        return Err(BAD);
    }
    if frac.bytes().any(|b| b != b'0') {
        return Err("pay-statement-error-cents");
    }
    let n: i64 = digits.parse().map_err(|_| BAD)?;
    Ok(if negative { -n } else { n })
}

/// A credit or debit word: `C`, `CR`, `K`, `KREDIT`, `CREDIT`; `D`, `DB`, `DR`, `DEBET`, `DEBIT`.
fn mark_word(s: &str) -> Option<Mark> {
    match s.trim().to_ascii_uppercase().as_str() {
        "C" | "CR" | "K" | "KR" | "KREDIT" | "CREDIT" => Some(Mark::Credit),
        "D" | "DB" | "DR" | "DEBET" | "DEBIT" => Some(Mark::Debit),
        _ => None,
    }
}

/// An amount cell with an optional `CR`/`DB` suffix (`150,000.00 CR`).
fn amount_with_mark(cell: &str) -> Result<(i64, Option<Mark>), &'static str> {
    let trimmed = cell.trim();
    if let Some((amount, word)) = trimmed.rsplit_once(' ') {
        if let Some(mark) = mark_word(word) {
            return Ok((csv_amount(amount)?, Some(mark)));
        }
    }
    let letters = trimmed.len() - trimmed.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
    if (1..=2).contains(&letters) {
        let (amount, word) = trimmed.split_at(trimmed.len() - letters);
        if let Some(mark) = mark_word(word) {
            return Ok((csv_amount(amount)?, Some(mark)));
        }
    }
    Ok((csv_amount(trimmed)?, None))
}

/// Whether a credit or debit cell is empty (`""`, `-`, `0`, `0,00`).
fn blank_amount(cell: &str) -> bool {
    let c = cell.trim();
    c.is_empty() || c == "-" || csv_amount(c) == Ok(0)
}

fn csv_row(record: &[String], line: usize, cols: &Columns) -> Result<Line, FileError> {
    let needed = [cols.date, cols.description, cols.amount, cols.credit, cols.debit, cols.kind, cols.reference];
    if needed.iter().flatten().any(|&i| i >= record.len()) {
        return err(line, "pay-statement-error-columns");
    }
    let cell = |i: Option<usize>| i.map(|i| record[i].trim()).unwrap_or("");
    let fail = |key| FileError { line, key };
    let value_date = csv_date(cell(cols.date)).ok_or_else(|| fail("pay-statement-error-date"))?;
    let (amount, mark) = match cols.amount {
        Some(_) => {
            let (signed, suffix) = amount_with_mark(cell(cols.amount)).map_err(fail)?;
            let mark = match cols.kind {
                Some(_) => Some(mark_word(cell(cols.kind)).ok_or_else(|| fail("pay-statement-error-mark"))?),
                None => suffix,
            };
            match (mark, signed < 0) {
                (Some(_), true) => return err(line, "pay-statement-error-mark"),
                (Some(m), false) => (signed, m),
                (None, false) => (signed, Mark::Credit),
                (None, true) => (-signed, Mark::Debit),
            }
        }
        None => {
            let (credit, debit) = (cell(cols.credit), cell(cols.debit));
            match (blank_amount(credit), blank_amount(debit)) {
                (false, true) => (csv_amount(credit).map_err(fail)?, Mark::Credit),
                (true, false) => (csv_amount(debit).map_err(fail)?, Mark::Debit),
                _ => return err(line, "pay-statement-error-mark"),
            }
        }
    };
    if amount <= 0 {
        return err(line, if amount < 0 { "pay-statement-error-mark" } else { "pay-statement-error-amount" });
    }
    Ok(Line {
        line,
        account: cell(cols.account).to_string(),
        value_date,
        mark,
        amount_idr: amount,
        customer_ref: String::new(),
        bank_ref: cell(cols.reference).to_string(),
        narrative: cell(cols.description).to_string(),
    })
}

fn csv(text: &str) -> Result<Vec<Line>, FileError> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut first_error = None;
    // `;` first: where it separates, `,` is the decimal comma.
    let mut seps = [';', ',', '\t'];
    seps.sort_by_key(|s| std::cmp::Reverse(first.matches(*s).count()));
    for sep in seps {
        let records = match crate::csv::parse_with(text, sep) {
            Ok(r) => r,
            Err(e) => {
                first_error.get_or_insert(e.line);
                continue;
            }
        };
        let Some(h) = records.iter().position(|(_, r)| columns(r).is_some()) else { continue };
        let cols = columns(&records[h].1).unwrap_or_default();
        let mut lines = vec![];
        for (line, record) in &records[h + 1..] {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            lines.push(csv_row(record, *line, &cols)?);
            if lines.len() > MAX_LINES {
                break;
            }
        }
        return Ok(lines);
    }
    match first_error {
        Some(line) => err(line, "pay-statement-error-quote"),
        None => err(1, "pay-statement-error-header"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const MT940: &str = "{1:F01BPDAIDJAXXXX0000000000}{2:I940BPDAIDJAXXXXN}{4:\r
:20:STMT261201\r
:25:1234567890\r
:28C:00001/001\r
:60F:C261130IDR1000000,00\r
:61:2612011201C75000,00NTRFNONREF//BR0001\r
/TRANSFER MASUK\r
:86:PEMBAYARAN 2610 1234 5678 9012\r
SITI RAHAYU\r
:61:261201D2500,NCHGNONREF\r
:86:BIAYA ADMIN\r
:61:2612021202RD10000,00NTRFREF1//BR0002\r
:62F:C261202IDR1082500,00\r
-}\r
";

    #[test]
    fn reads_an_mt940_statement() {
        let s = parse(MT940).expect("valid");
        assert_eq!(s.format, Format::Mt940);
        assert_eq!(s.lines.len(), 3);
        let l = &s.lines[0];
        assert_eq!((l.line, l.account.as_str(), l.value_date), (6, "1234567890", date!(2026 - 12 - 01)));
        assert_eq!((l.mark, l.amount_idr), (Mark::Credit, 75_000));
        assert_eq!((l.customer_ref.as_str(), l.bank_ref.as_str()), ("NONREF", "BR0001"));
        assert_eq!(l.narrative, "/TRANSFER MASUK\nPEMBAYARAN 2610 1234 5678 9012\nSITI RAHAYU");
        assert!(l.is_credit());
        assert!(l.digit_runs().contains(&"2610123456789012".to_string()), "{:?}", l.digit_runs());
        assert_eq!((s.lines[1].mark, s.lines[1].amount_idr), (Mark::Debit, 2_500));
        assert_eq!((s.lines[2].mark, s.lines[2].amount_idr), (Mark::ReversedDebit, 10_000));
        assert!(!s.lines[1].is_credit() && !s.lines[2].is_credit());
        // Identities differ per line and stay the same across parses.
        assert_ne!(s.lines[0].reference(), s.lines[1].reference());
        assert_eq!(parse(MT940).expect("again").lines[0].reference(), l.reference());
        assert!(l.reference().starts_with("1234567890/2026-12-01/75000/BR0001/"));
    }

    #[test]
    fn mt940_errors_name_their_line() {
        let cases = [
            (MT940.replace("C75000,00", "C75000,50"), 6, "pay-statement-error-cents"),
            (MT940.replace("C75000,00", "C75000"), 6, "pay-statement-error-amount"),
            (MT940.replace("2612011201C", "2613011201C"), 6, "pay-statement-error-date"),
            (MT940.replace("1201C75000", "1201X75000"), 6, "pay-statement-error-mark"),
            (MT940.replace("C261202IDR1082500,00", "C261202IDR1000000,00"), 13, "pay-statement-error-balance"),
            (MT940.replace(":62F:C261202IDR1082500,00\r\n", ""), 13, "pay-statement-error-incomplete"),
            (MT940.replace("C261130IDR", "C261130USD"), 5, "pay-statement-error-currency"),
            (MT940.replace(":25:1234567890\r\n", ""), 4, "pay-statement-error-order"),
            (MT940.replace("NTRFNONREF//BR0001", "XX"), 6, "pay-statement-error-syntax"),
            (format!("{MT940}stray text\n"), 15, "pay-statement-error-syntax"),
        ];
        for (text, line, key) in cases {
            assert_eq!(parse(&text), Err(FileError { line, key }), "{key}");
        }
        assert_eq!(
            parse_bytes(b":20:X\n:25:1\n\xff", None),
            Err(FileError { line: 3, key: "pay-statement-error-encoding" })
        );
        assert_eq!(parse(":20:X\n").map_err(|e| e.key), Err("pay-statement-error-empty"));
    }

    #[test]
    fn several_statements_and_no_wrapper() {
        let one = ":20:A\n:25:111\n:28C:1\n:60F:C261201IDR0,\n:61:261201C5000,00NTRFX\n:62F:C261201IDR5000,00\n";
        let two = ":20:B\n:25:222\n:28C:2\n:60M:D261202IDR100,00\n:61:261202C1000,NTRFY//Z\n:62M:C261202IDR900,00\n";
        let s = parse(&format!("{one}{two}")).expect("valid");
        assert_eq!(
            s.lines.iter().map(|l| (l.account.as_str(), l.amount_idr)).collect::<Vec<_>>(),
            [("111", 5000), ("222", 1000)]
        );
        assert_eq!(s.lines[1].line, 11);
    }

    #[test]
    fn amounts_as_indonesian_banks_write_them() {
        for (text, idr) in [
            ("150.000,00", 150_000),
            ("150000.00", 150_000),
            ("150,000.00", 150_000),
            ("150000", 150_000),
            ("150.000", 150_000),
            ("1.500.000", 1_500_000),
            ("1,500,000", 1_500_000),
            ("150000,00", 150_000),
            ("150000,0", 150_000),
            ("Rp 150.000", 150_000),
            ("Rp150.000,00", 150_000),
            ("-150.000,00", -150_000),
            ("(75.000)", -75_000),
            ("75.000-", -75_000),
            ("1.234.567,00", 1_234_567),
        ] {
            assert_eq!(csv_amount(text), Ok(idr), "{text}");
        }
        for text in ["150.000,50", "150000.01", "1.500,5"] {
            assert_eq!(csv_amount(text), Err("pay-statement-error-cents"), "{text}");
        }
        for text in ["", "(", "()", "abc", "1.50.000", "150,0000", "1.000,000.00", "12345678901234567", "1,5.0"] {
            assert_eq!(csv_amount(text), Err("pay-statement-error-amount"), "{text}");
        }
        assert_eq!(amount_with_mark("150,000.00 CR"), Ok((150_000, Some(Mark::Credit))));
        assert_eq!(amount_with_mark("2.500 DB"), Ok((2_500, Some(Mark::Debit))));
    }

    #[test]
    fn dates_as_banks_write_them() {
        for text in [
            "2026-12-01",
            "01/12/2026",
            "01-12-2026",
            "01.12.2026",
            "01/12/26",
            "01 Des 2026",
            "01-Dec-2026",
            "2026-12-01 09:30:00",
        ] {
            assert_eq!(csv_date(text), Some(date!(2026 - 12 - 01)), "{text}");
        }
        for text in ["", "31/02/2026", "2026-13-01", "PEND", "01/12", "1/1/1999"] {
            assert_eq!(csv_date(text), None, "{text}");
        }
    }

    #[test]
    fn reads_csv_exports() {
        let semicolon = "Rekening;1234567890\nPeriode;01/12/2026 - 02/12/2026\n\n\
                         Tanggal;Keterangan;Debet;Kredit;Saldo;No. Referensi\n\
                         01/12/2026;TRSF 2610123456789012 SITI;;75.000,00;1.075.000,00;FT001\n\
                         02/12/2026;BIAYA ADM;2.500,00;;1.072.500,00;FT002\n";
        let s = parse(semicolon).expect("valid");
        assert_eq!(s.format, Format::Csv);
        assert_eq!(s.lines.len(), 2);
        assert_eq!((s.lines[0].line, s.lines[0].mark, s.lines[0].amount_idr), (5, Mark::Credit, 75_000));
        assert_eq!(
            (s.lines[0].bank_ref.as_str(), s.lines[0].narrative.as_str()),
            ("FT001", "TRSF 2610123456789012 SITI")
        );
        assert_eq!((s.lines[1].mark, s.lines[1].amount_idr), (Mark::Debit, 2_500));

        let comma = "date,description,amount,reference\n2026-12-01,\"VA 88012610123456789012, BUDI\",75000.00,R1\n2026-12-01,fee,-2500.00,R2\n";
        let s = parse(comma).expect("valid");
        assert_eq!(
            s.lines.iter().map(|l| (l.mark, l.amount_idr)).collect::<Vec<_>>(),
            [(Mark::Credit, 75_000), (Mark::Debit, 2_500)]
        );
        assert!(s.lines[0].digit_runs().contains(&"88012610123456789012".to_string()));

        let typed = "Tanggal Valuta,Tanggal,Uraian,Mutasi,CR/DB\n01/12/2026,30/11/2026,X,\"75,000.00\",CR\n";
        let s = parse(typed).expect("valid");
        assert_eq!((s.lines[0].value_date, s.lines[0].mark), (date!(2026 - 12 - 01), Mark::Credit));
        let suffixed = "Tanggal\tKeterangan\tMutasi\n01/12/2026\tX\t75,000.00 CR\n";
        assert_eq!(parse(suffixed).expect("tabs").lines[0].amount_idr, 75_000);
    }

    #[test]
    fn csv_errors_name_their_line() {
        let head = "tanggal;keterangan;jumlah\n";
        let cases = [
            (format!("{head}01/12/2026;a;75.000,00\n31/02/2026;b;1\n"), 3, "pay-statement-error-date"),
            (format!("{head}01/12/2026;a;75.000,50\n"), 2, "pay-statement-error-cents"),
            (format!("{head}01/12/2026;a;tujuh\n"), 2, "pay-statement-error-amount"),
            (format!("{head}01/12/2026;a\n"), 2, "pay-statement-error-columns"),
            ("tanggal;kredit;debet\n01/12/2026;5;5\n".to_string(), 2, "pay-statement-error-mark"),
            ("just some text\nand more\n".to_string(), 1, "pay-statement-error-header"),
        ];
        for (text, line, key) in cases {
            assert_eq!(parse(&text), Err(FileError { line, key }), "{key}: {text}");
        }
        assert_eq!(parse_as(MT940, Some(Format::Csv)).map_err(|e| e.key), Err("pay-statement-error-header"));
        assert_eq!(
            parse_as("tanggal,jumlah\n", Some(Format::Mt940)).map_err(|e| e.key),
            Err("pay-statement-error-syntax")
        );
    }
}
