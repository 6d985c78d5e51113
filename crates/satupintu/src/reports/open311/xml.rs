//! One answer, two formats. Open311's JSON is a mapping of its XML (the "Spark convention"):
//! an object is an element with one child per field, a list is an element with one child per
//! item, named in the singular (`<services><service>..</service></services>`), and null is an
//! empty element. Answers are built once as a [`V`] and written as either.

use serde_json::{Map, Value};

/// A value of an Open311 answer, with its fields in the order the spec lists them.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Null,
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(String),
    /// Items, each written in XML as an element named by the first field (`"service"`).
    List(&'static str, Vec<V>),
    Obj(Vec<(&'static str, V)>),
}

impl V {
    pub fn str(s: impl Into<String>) -> V {
        V::Str(s.into())
    }

    /// A string, or null when there is none.
    pub fn opt(s: Option<impl Into<String>>) -> V {
        s.map(|s| V::Str(s.into())).unwrap_or(V::Null)
    }

    pub fn to_json(&self) -> Value {
        match self {
            V::Null => Value::Null,
            V::Bool(b) => Value::Bool(*b),
            V::Int(i) => Value::from(*i),
            V::Num(n) => serde_json::Number::from_f64(*n).map(Value::Number).unwrap_or(Value::Null),
            V::Str(s) => Value::String(s.clone()),
            V::List(_, items) => Value::Array(items.iter().map(V::to_json).collect()),
            V::Obj(fields) => {
                Value::Object(fields.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect::<Map<_, _>>())
            }
        }
    }

    /// The whole XML document, with `root` as its root element.
    pub fn to_xml(&self, root: &str) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        self.write(root, 0, &mut out);
        out
    }

    fn write(&self, name: &str, depth: usize, out: &mut String) {
        let indent = "  ".repeat(depth);
        match self {
            V::Null => out.push_str(&format!("{indent}<{name}/>\n")),
            V::Obj(fields) if fields.is_empty() => out.push_str(&format!("{indent}<{name}/>\n")),
            V::List(_, items) if items.is_empty() => out.push_str(&format!("{indent}<{name}/>\n")),
            V::Obj(fields) => {
                out.push_str(&format!("{indent}<{name}>\n"));
                for (k, v) in fields {
                    v.write(k, depth + 1, out);
                }
                out.push_str(&format!("{indent}</{name}>\n"));
            }
            V::List(item, items) => {
                out.push_str(&format!("{indent}<{name}>\n"));
                for v in items {
                    v.write(item, depth + 1, out);
                }
                out.push_str(&format!("{indent}</{name}>\n"));
            }
            scalar => {
                let text = match scalar {
                    V::Bool(b) => b.to_string(),
                    V::Int(i) => i.to_string(),
                    V::Num(n) if n.is_finite() => n.to_string(),
                    V::Str(s) => escape(s),
                    _ => String::new(),
                };
                out.push_str(&format!("{indent}<{name}>{text}</{name}>\n"));
            }
        }
    }
}

/// Text as XML 1.0 character data: markup characters escaped, and the characters XML 1.0 cannot
/// carry at all (control characters other than tab and line breaks, U+FFFE, U+FFFF) left out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_gives_matching_json_and_xml() {
        let v = V::List(
            "request",
            vec![V::Obj(vec![
                ("service_request_id", V::str("LP-2026-000001")),
                ("status_notes", V::Null),
                ("lat", V::Num(-6.9147)),
                ("description", V::str("Jalan <rusak> & \"berlubang\"\u{1}")),
            ])],
        );
        assert_eq!(
            v.to_json(),
            serde_json::json!([{"service_request_id": "LP-2026-000001", "status_notes": null, "lat": -6.9147,
                                "description": "Jalan <rusak> & \"berlubang\"\u{1}"}])
        );
        let xml = v.to_xml("service_requests");
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests>\n  <request>\n"));
        assert!(xml.contains("<status_notes/>"));
        assert!(xml.contains("<lat>-6.9147</lat>"));
        assert!(xml.contains("<description>Jalan &lt;rusak&gt; &amp; &quot;berlubang&quot;</description>"), "{xml}");
        assert_eq!(V::List("request", vec![]).to_xml("service_requests").lines().nth(1), Some("<service_requests/>"));
    }
}
