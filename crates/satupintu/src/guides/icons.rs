//! The pictograms of guide steps: small line drawings (48 × 48, drawn in the text colour, so
//! they follow high-contrast mode), kept in the binary and inlined into pages (no image
//! request). Each has a text alternative, the message `guide-icon-<name>`.

/// (name, SVG shapes): the set an editor chooses from.
pub const ICONS: &[(&str, &str)] = &[
    (
        "idcard",
        r#"<rect x="4" y="10" width="40" height="28" rx="3"/><circle cx="16" cy="22" r="5"/><path d="M9 33c2-5 12-5 14 0M28 18h10M28 24h10M28 30h6"/>"#,
    ),
    (
        "camera",
        r#"<rect x="5" y="14" width="38" height="26" rx="3"/><path d="M16 14l3-5h10l3 5"/><circle cx="24" cy="27" r="7"/>"#,
    ),
    ("form", r#"<rect x="10" y="5" width="28" height="38" rx="2"/><path d="M16 14h16M16 22h16M16 30h10"/>"#),
    ("office", r#"<path d="M6 18L24 8l18 10zM10 22v14M19 22v14M29 22v14M38 22v14M6 40h36"/>"#),
    ("phone", r#"<rect x="14" y="4" width="20" height="40" rx="3"/><path d="M21 38h6"/>"#),
    ("pin", r#"<path d="M24 44s14-14 14-24a14 14 0 0 0-28 0c0 10 14 24 14 24z"/><circle cx="24" cy="20" r="5"/>"#),
    ("ticket", r#"<path d="M8 12h32v8a4 4 0 0 0 0 8v8H8v-8a4 4 0 0 0 0-8zM20 20h8M20 28h8"/>"#),
    ("check", r#"<circle cx="24" cy="24" r="19"/><path d="M15 24l6 6 12-12"/>"#),
    ("document", r#"<path d="M12 4h17l9 9v31H12zM29 4v9h9M18 24h14M18 31h14"/>"#),
    (
        "money",
        r#"<rect x="4" y="14" width="40" height="22" rx="2"/><circle cx="24" cy="25" r="6"/><path d="M10 20h2M36 30h2"/>"#,
    ),
    (
        "calendar",
        r#"<rect x="6" y="9" width="36" height="33" rx="2"/><path d="M6 18h36M15 5v8M33 5v8M14 26h6M28 26h6M14 34h6"/>"#,
    ),
    ("person", r#"<circle cx="24" cy="16" r="8"/><path d="M8 42c2-10 30-10 32 0"/>"#),
    ("warning", r#"<path d="M24 6l20 34H4zM24 18v10M24 34v1"/>"#),
];

/// The shapes of an icon, if the name is in the set.
pub fn find(name: &str) -> Option<&'static str> {
    ICONS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// An icon as inline SVG with its text alternative (`alt` is escaped); decorative (hidden from
/// screen readers) when `alt` is empty, as beside a label that names it. Empty for an unknown name.
pub fn svg(name: &str, alt: &str) -> String {
    let Some(shapes) = find(name) else { return String::new() };
    let a11y = if alt.is_empty() {
        "aria-hidden=\"true\" focusable=\"false\"".to_string()
    } else {
        format!("role=\"img\" aria-label=\"{}\"", escape(alt))
    };
    format!(
        "<svg class=\"sp-guide-icon\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 48 48\" width=\"48\" height=\"48\" \
         {a11y} fill=\"none\" stroke=\"currentColor\" stroke-width=\"3\" stroke-linecap=\"round\" \
         stroke-linejoin=\"round\">{shapes}</svg>"
    )
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn icons_are_small_and_named_once() {
        let mut names: Vec<_> = super::ICONS.iter().map(|(n, _)| *n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), super::ICONS.len());
        for (name, _) in super::ICONS {
            let svg = super::svg(name, "a <b>");
            assert!(svg.len() < 600, "{name} is {} bytes", svg.len());
            assert!(svg.contains("aria-label=\"a &lt;b&gt;\""), "{svg}");
        }
        assert!(super::svg("nope", "x").is_empty());
        assert!(super::svg("check", "").contains("aria-hidden=\"true\""), "decorative without a text");
    }
}
