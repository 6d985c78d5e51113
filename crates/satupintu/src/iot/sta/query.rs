//! The SensorThings (OData-style) query options this API understands, read from the outside:
//! `$top`, `$skip`, `$count`, `$orderby`, `$select`, `$expand` (with nested options in
//! parentheses, `;`-separated, or the `A/B` shorthand) and a `$filter` subset: comparisons
//! (`eq ne gt ge lt le`) of a property with a literal (number, `'string'`, RFC 3339 date-time,
//! `true`/`false`), joined with `and`, `or`, `not` and parentheses.
//!
//! Hand-written and bounded (input length, nesting depth): anything else is an [`QueryError`]
//! that the API answers with 400, never a panic.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `$top` when none is given, and its largest value.
pub const DEFAULT_TOP: i64 = 100;
pub const MAX_TOP: i64 = 1000;
/// The longest query option value read, and the deepest nesting (parentheses, `not`, `$expand`).
pub const MAX_LEN: usize = 4000;
pub const MAX_DEPTH: usize = 16;
pub const MAX_EXPAND_DEPTH: usize = 4;

/// Why a query cannot be answered: a message key (`sta-error-*`) and what it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub key: &'static str,
    pub detail: String,
}

impl QueryError {
    pub fn new(key: &'static str, detail: impl Into<String>) -> QueryError {
        let mut detail: String = detail.into();
        if detail.len() > 80 {
            let mut cut = 80;
            while !detail.is_char_boundary(cut) {
                cut -= 1;
            }
            detail.truncate(cut);
            detail.push('…');
        }
        QueryError { key, detail }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.detail)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Asc,
    Desc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            _ => return None,
        })
    }

    pub fn sql(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }

    /// Whether `a op b` holds for an ordering of `a` against `b`.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Op::Eq => ord == Equal,
            Op::Ne => ord != Equal,
            Op::Gt => ord == Greater,
            Op::Ge => ord != Less,
            Op::Lt => ord == Less,
            Op::Le => ord != Greater,
        }
    }
}

/// A literal in a filter.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Num(f64),
    Str(String),
    /// Unix milliseconds.
    Time(i64),
    Bool(bool),
}

/// A `$filter` expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp { prop: String, op: Op, value: Literal },
}

/// What a property of an entity holds, for type checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Str,
    Num,
    Time,
}

impl Expr {
    /// Check every property against `props` (name, type) and make each literal the property's
    /// type (a quoted date-time compared with a time becomes a time). Unknown property or a
    /// literal of another type: an error.
    pub fn typed(self, props: &[(&str, Ty)]) -> Result<Expr, QueryError> {
        Ok(match self {
            Expr::And(a, b) => Expr::And(Box::new(a.typed(props)?), Box::new(b.typed(props)?)),
            Expr::Or(a, b) => Expr::Or(Box::new(a.typed(props)?), Box::new(b.typed(props)?)),
            Expr::Not(a) => Expr::Not(Box::new(a.typed(props)?)),
            Expr::Cmp { prop, op, value } => {
                let ty = props
                    .iter()
                    .find(|(p, _)| *p == prop)
                    .map(|(_, t)| *t)
                    .ok_or_else(|| QueryError::new("sta-error-property", prop.clone()))?;
                let value = match (ty, value) {
                    (Ty::Str, Literal::Str(s)) => Literal::Str(s),
                    (Ty::Num, Literal::Num(n)) => Literal::Num(n),
                    (Ty::Time, Literal::Time(t)) => Literal::Time(t),
                    (Ty::Time, Literal::Str(s)) => {
                        Literal::Time(time_ms(&s).ok_or_else(|| QueryError::new("sta-error-literal", s))?)
                    }
                    (_, other) => return Err(QueryError::new("sta-error-literal", format!("{prop} {other:?}"))),
                };
                Expr::Cmp { prop, op, value }
            }
        })
    }

    /// Evaluate against an entity whose property values `get` gives (none: the comparison fails).
    pub fn eval(&self, get: &dyn Fn(&str) -> Option<Literal>) -> bool {
        match self {
            Expr::And(a, b) => a.eval(get) && b.eval(get),
            Expr::Or(a, b) => a.eval(get) || b.eval(get),
            Expr::Not(a) => !a.eval(get),
            Expr::Cmp { prop, op, value } => {
                let Some(v) = get(prop) else { return false };
                let ord = match (&v, value) {
                    (Literal::Num(a), Literal::Num(b)) => a.partial_cmp(b),
                    (Literal::Str(a), Literal::Str(b)) => Some(a.cmp(b)),
                    (Literal::Time(a), Literal::Time(b)) => Some(a.cmp(b)),
                    (Literal::Bool(a), Literal::Bool(b)) => Some(a.cmp(b)),
                    _ => None,
                };
                ord.is_some_and(|o| op.holds(o))
            }
        }
    }
}

/// One `$expand` item: a navigation property with its own options.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expand {
    pub nav: String,
    pub options: Options,
}

/// The query options of a request (or of one `$expand` item).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub top: Option<i64>,
    pub skip: i64,
    pub count: bool,
    pub orderby: Vec<(String, Dir)>,
    pub select: Option<Vec<String>>,
    pub expand: Vec<Expand>,
    pub filter: Option<Expr>,
}

impl Options {
    /// `$top`, or the default.
    pub fn limit(&self) -> i64 {
        self.top.unwrap_or(DEFAULT_TOP)
    }

    /// Read a request's raw query string (URL-encoded; `+` is a space). Parameters without a
    /// `$` are left to the caller (custom parameters are allowed); an unknown `$` option, a
    /// repeated one or a bad value is an error.
    pub fn from_query(raw: &str) -> Result<Options, QueryError> {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
        let mut opts = Options::default();
        let mut seen: Vec<String> = Vec::new();
        for (k, v) in pairs {
            if !k.starts_with('$') {
                continue;
            }
            if seen.contains(&k) {
                return Err(QueryError::new("sta-error-repeated", k));
            }
            seen.push(k.clone());
            opts.set(&k, &v, 0)?;
        }
        Ok(opts)
    }

    fn set(&mut self, key: &str, value: &str, depth: usize) -> Result<(), QueryError> {
        if value.len() > MAX_LEN {
            return Err(QueryError::new("sta-error-too-long", key));
        }
        let value = value.trim();
        match key {
            "$top" => {
                let n = int(value).ok_or_else(|| QueryError::new("sta-error-top", value))?;
                if !(0..=MAX_TOP).contains(&n) {
                    return Err(QueryError::new("sta-error-top", value));
                }
                self.top = Some(n);
            }
            "$skip" => {
                self.skip = int(value).filter(|n| *n >= 0).ok_or_else(|| QueryError::new("sta-error-skip", value))?;
            }
            "$count" => {
                self.count = match value {
                    "true" => true,
                    "false" => false,
                    _ => return Err(QueryError::new("sta-error-count", value)),
                }
            }
            "$orderby" => self.orderby = orderby(value)?,
            "$select" => {
                let names: Vec<String> = value.split(',').map(|s| s.trim().to_string()).collect();
                if names.iter().any(|n| !is_name(n)) {
                    return Err(QueryError::new("sta-error-select", value));
                }
                self.select = Some(names);
            }
            "$expand" => self.expand = expand(value, depth + 1)?,
            "$filter" => self.filter = Some(parse_filter(value)?),
            other => return Err(QueryError::new("sta-error-option", other)),
        }
        Ok(())
    }
}

fn int(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A property or navigation name: letters, digits, `_`, `@` and `.` (for `@iot.id`).
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'@' || b == b'.')
        && !s.as_bytes()[0].is_ascii_digit()
}

fn orderby(value: &str) -> Result<Vec<(String, Dir)>, QueryError> {
    let mut out = Vec::new();
    for item in value.split(',') {
        let mut words = item.split_whitespace();
        let name = words.next().filter(|n| is_name(n)).ok_or_else(|| QueryError::new("sta-error-orderby", item))?;
        let dir = match words.next() {
            None | Some("asc") => Dir::Asc,
            Some("desc") => Dir::Desc,
            Some(_) => return Err(QueryError::new("sta-error-orderby", item)),
        };
        if words.next().is_some() {
            return Err(QueryError::new("sta-error-orderby", item));
        }
        out.push((name.to_string(), dir));
    }
    Ok(out)
}

/// Split `s` at `sep` outside parentheses and quoted strings.
fn split_top(s: &str, sep: u8) -> Result<Vec<&str>, QueryError> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0usize);
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'\'' => quoted = !quoted,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => {
                depth = depth.checked_sub(1).ok_or_else(|| QueryError::new("sta-error-parens", s))?;
            }
            _ if b == sep && !quoted && depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 || quoted {
        return Err(QueryError::new("sta-error-parens", s));
    }
    out.push(&s[start..]);
    Ok(out)
}

fn expand(value: &str, depth: usize) -> Result<Vec<Expand>, QueryError> {
    if depth > MAX_EXPAND_DEPTH {
        return Err(QueryError::new("sta-error-depth", value));
    }
    let mut out: Vec<Expand> = Vec::new();
    for item in split_top(value, b',')? {
        let item = item.trim();
        // `Nav(...)`: the options of the last segment of a `A/B` path.
        let (path, inner) = match item.find('(') {
            Some(i) if item.ends_with(')') => (&item[..i], Some(&item[i + 1..item.len() - 1])),
            Some(_) => return Err(QueryError::new("sta-error-expand", item)),
            None => (item, None),
        };
        let segments: Vec<&str> = path.split('/').map(str::trim).collect();
        if segments.len() > MAX_EXPAND_DEPTH || segments.iter().any(|s| !is_name(s)) {
            return Err(QueryError::new("sta-error-expand", item));
        }
        let mut leaf = Options::default();
        if let Some(inner) = inner.filter(|s| !s.trim().is_empty()) {
            let mut seen: Vec<&str> = Vec::new();
            for opt in split_top(inner, b';')? {
                let (k, v) = opt.split_once('=').ok_or_else(|| QueryError::new("sta-error-expand", opt))?;
                let k = k.trim();
                if seen.contains(&k) {
                    return Err(QueryError::new("sta-error-repeated", k));
                }
                seen.push(k);
                leaf.set(k, v, depth + segments.len() - 1)?;
            }
        }
        // Build the chain from the leaf up, then merge it into what is already asked for.
        let mut node = Expand { nav: segments[segments.len() - 1].to_string(), options: leaf };
        for nav in segments[..segments.len() - 1].iter().rev() {
            node = Expand { nav: nav.to_string(), options: Options { expand: vec![node], ..Options::default() } };
        }
        merge(&mut out, node);
    }
    Ok(out)
}

fn merge(list: &mut Vec<Expand>, node: Expand) {
    match list.iter_mut().find(|e| e.nav == node.nav) {
        Some(existing) => {
            let Expand { options, .. } = node;
            for child in options.expand {
                merge(&mut existing.options.expand, child);
            }
            let o = &mut existing.options;
            o.top = o.top.or(options.top);
            o.skip = o.skip.max(options.skip);
            o.count |= options.count;
            if o.orderby.is_empty() {
                o.orderby = options.orderby;
            }
            if o.select.is_none() {
                o.select = options.select;
            }
            if o.filter.is_none() {
                o.filter = options.filter;
            }
        }
        None => list.push(node),
    }
}

/// Unix milliseconds of an RFC 3339 date-time.
pub fn time_ms(s: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(s.trim(), &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos().div_euclid(1_000_000)).ok()
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Lit(Literal),
    Open,
    Close,
}

fn tokens(s: &str) -> Result<Vec<Tok>, QueryError> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if b == b'(' {
            out.push(Tok::Open);
            i += 1;
        } else if b == b')' {
            out.push(Tok::Close);
            i += 1;
        } else if b == b'\'' {
            let mut text = String::new();
            let mut j = i + 1;
            loop {
                let Some(rest) = s.get(j..) else { return Err(QueryError::new("sta-error-string", s)) };
                let Some(k) = rest.find('\'') else { return Err(QueryError::new("sta-error-string", s)) };
                text.push_str(&rest[..k]);
                j += k + 1;
                if bytes.get(j) == Some(&b'\'') {
                    text.push('\'');
                    j += 1;
                } else {
                    break;
                }
            }
            out.push(Tok::Lit(Literal::Str(text)));
            i = j;
        } else if b.is_ascii_digit() || b == b'-' || b == b'+' {
            let start = i;
            let is_date =
                bytes.len() >= i + 5 && bytes[i..i + 4].iter().all(u8::is_ascii_digit) && bytes[i + 4] == b'-';
            if is_date {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b":.-+".contains(&bytes[i])) {
                    i += 1;
                }
                let mut text = s[start..i].to_string();
                // A `+hh:mm` offset sent unencoded arrives as a space.
                let rest = &bytes[i..];
                if rest.len() >= 6
                    && rest[0] == b' '
                    && rest[1..3].iter().all(u8::is_ascii_digit)
                    && rest[3] == b':'
                    && rest[4..6].iter().all(u8::is_ascii_digit)
                    && text.contains('T')
                    && !text.ends_with('Z')
                    && text.get(10..).is_some_and(|r| !r.contains(['+', '-']))
                {
                    text.push('+');
                    text.push_str(&s[i + 1..i + 6]);
                    i += 6;
                }
                let t = time_ms(&text).ok_or_else(|| QueryError::new("sta-error-literal", text.clone()))?;
                out.push(Tok::Lit(Literal::Time(t)));
            } else {
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit()
                        || b".eE".contains(&bytes[i])
                        || (b"+-".contains(&bytes[i]) && b"eE".contains(&bytes[i - 1])))
                {
                    i += 1;
                }
                let text = &s[start..i];
                let n: f64 = text
                    .parse()
                    .ok()
                    .filter(|n: &f64| n.is_finite())
                    .ok_or_else(|| QueryError::new("sta-error-literal", text))?;
                out.push(Tok::Lit(Literal::Num(n)));
            }
        } else if b.is_ascii_alphabetic() || b == b'@' || b == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b"_@./".contains(&bytes[i])) {
                i += 1;
            }
            let word = &s[start..i];
            out.push(match word {
                "true" => Tok::Lit(Literal::Bool(true)),
                "false" => Tok::Lit(Literal::Bool(false)),
                _ => Tok::Name(word.to_string()),
            });
        } else {
            let c = s[i..].chars().next().unwrap_or('?');
            return Err(QueryError::new("sta-error-filter", c.to_string()));
        }
        if out.len() > 1000 {
            return Err(QueryError::new("sta-error-too-long", "$filter"));
        }
    }
    Ok(out)
}

/// Read a `$filter` expression.
pub fn parse_filter(s: &str) -> Result<Expr, QueryError> {
    if s.len() > MAX_LEN {
        return Err(QueryError::new("sta-error-too-long", "$filter"));
    }
    let toks = tokens(s)?;
    let mut p = Parser { toks: &toks, pos: 0 };
    let e = p.or(0)?;
    if p.pos != toks.len() {
        return Err(QueryError::new("sta-error-filter", format!("{:?}", toks[p.pos])));
    }
    Ok(e)
}

struct Parser<'a> {
    toks: &'a [Tok],
    pos: usize,
}

impl Parser<'_> {
    fn peek_word(&self, w: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Name(n)) if n == w)
    }

    fn or(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut e = self.and(depth)?;
        while self.peek_word("or") {
            self.pos += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and(depth)?));
        }
        Ok(e)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, QueryError> {
        let mut e = self.unary(depth)?;
        while self.peek_word("and") {
            self.pos += 1;
            e = Expr::And(Box::new(e), Box::new(self.unary(depth)?));
        }
        Ok(e)
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, QueryError> {
        if depth > MAX_DEPTH {
            return Err(QueryError::new("sta-error-depth", "$filter"));
        }
        if self.peek_word("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary(depth + 1)?)));
        }
        match self.toks.get(self.pos) {
            Some(Tok::Open) => {
                self.pos += 1;
                let e = self.or(depth + 1)?;
                if self.toks.get(self.pos) != Some(&Tok::Close) {
                    return Err(QueryError::new("sta-error-parens", "$filter"));
                }
                self.pos += 1;
                Ok(e)
            }
            Some(Tok::Name(prop)) => {
                let prop = prop.clone();
                if self.toks.get(self.pos + 1) == Some(&Tok::Open) {
                    return Err(QueryError::new("sta-error-function", prop));
                }
                let op = match self.toks.get(self.pos + 1) {
                    Some(Tok::Name(o)) => {
                        Op::parse(o).ok_or_else(|| QueryError::new("sta-error-operator", o.clone()))?
                    }
                    _ => return Err(QueryError::new("sta-error-operator", prop)),
                };
                let value = match self.toks.get(self.pos + 2) {
                    Some(Tok::Lit(l)) => l.clone(),
                    _ => return Err(QueryError::new("sta-error-literal", prop)),
                };
                self.pos += 3;
                Ok(Expr::Cmp { prop, op, value })
            }
            Some(t) => Err(QueryError::new("sta-error-filter", format!("{t:?}"))),
            None => Err(QueryError::new("sta-error-filter", "$filter")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_filters_are_read() {
        let o = Options::from_query(
            "$top=5&$skip=10&$count=true&$orderby=phenomenonTime%20desc&$filter=result+gt+2.5+and+\
             (phenomenonTime+ge+2026-11-30T00:00:00Z+or+not+name+eq+'it''s')&x=y",
        )
        .expect("parses");
        assert_eq!((o.top, o.skip, o.count), (Some(5), 10, true));
        assert_eq!(o.orderby, vec![("phenomenonTime".to_string(), Dir::Desc)]);
        let Some(Expr::And(a, b)) = o.filter else { panic!("and") };
        assert_eq!(*a, Expr::Cmp { prop: "result".into(), op: Op::Gt, value: Literal::Num(2.5) });
        let Expr::Or(t, n) = *b else { panic!("or") };
        assert_eq!(
            *t,
            Expr::Cmp { prop: "phenomenonTime".into(), op: Op::Ge, value: Literal::Time(1_795_996_800_000) }
        );
        assert_eq!(
            *n,
            Expr::Not(Box::new(Expr::Cmp { prop: "name".into(), op: Op::Eq, value: Literal::Str("it's".into()) }))
        );
    }

    #[test]
    fn an_unencoded_offset_is_still_a_time() {
        let e = parse_filter("phenomenonTime lt 2026-11-30T07:00:00 07:00").expect("parses");
        assert_eq!(e, Expr::Cmp { prop: "phenomenonTime".into(), op: Op::Lt, value: Literal::Time(1_795_996_800_000) });
    }

    #[test]
    fn expand_with_nested_options_and_paths() {
        let o = Options::from_query(
            "$expand=Datastreams($top=1;$orderby=name;$expand=Observations($top=1;$orderby=phenomenonTime desc)),\
             Locations,Datastreams/Sensor",
        )
        .expect("parses");
        assert_eq!(o.expand.len(), 2);
        let ds = &o.expand[0];
        assert_eq!((ds.nav.as_str(), ds.options.top), ("Datastreams", Some(1)));
        assert_eq!(ds.options.expand.len(), 2);
        assert_eq!(ds.options.expand[0].nav, "Observations");
        assert_eq!(ds.options.expand[0].options.orderby, vec![("phenomenonTime".into(), Dir::Desc)]);
        assert_eq!(ds.options.expand[1].nav, "Sensor");
        assert_eq!(o.expand[1].nav, "Locations");
    }

    #[test]
    fn bad_options_are_refused() {
        for q in [
            "$top=-1",
            "$top=1001",
            "$top=x",
            "$skip=-3",
            "$count=yes",
            "$format=json",
            "$search=x",
            "$top=1&$top=2",
            "$orderby=name sideways",
            "$filter=substringof('a',name)",
            "$filter=name eq",
            "$filter=name like 'a'",
            "$filter=(name eq 'a'",
            "$filter=name eq 'a",
            "$filter=result gt 1e999",
            "$filter=phenomenonTime gt 2026-13-01T00:00:00Z",
            "$expand=Datastreams($top=1",
            "$expand=Datastreams(top)",
            "$expand=A/B/C/D/E",
            "$select=name,",
        ] {
            assert!(Options::from_query(q).is_err(), "{q} should be refused");
        }
        let deep = format!("$filter={}name eq 'a'{}", "(".repeat(50), ")".repeat(50));
        assert_eq!(Options::from_query(&deep).map_err(|e| e.key), Err("sta-error-depth"));
    }

    #[test]
    fn typing_and_evaluation() {
        let props = [("name", Ty::Str), ("phenomenonTime", Ty::Time), ("result", Ty::Num)];
        let e = parse_filter("phenomenonTime ge '2026-11-30T00:00:00Z' and result le 3").expect("parses");
        let e = e.typed(&props).expect("typed");
        let get = |t: i64, v: f64| {
            move |p: &str| match p {
                "phenomenonTime" => Some(Literal::Time(t)),
                "result" => Some(Literal::Num(v)),
                _ => None,
            }
        };
        assert!(e.eval(&get(1_795_996_800_000, 3.0)));
        assert!(!e.eval(&get(1_795_996_799_999, 3.0)));
        assert!(!e.eval(&get(1_795_996_800_000, 3.5)));
        assert!(parse_filter("colour eq 'red'").expect("parses").typed(&props).is_err());
        assert!(parse_filter("result eq 'x'").expect("parses").typed(&props).is_err());
        assert!(parse_filter("name eq 5").expect("parses").typed(&props).is_err());
    }
}
