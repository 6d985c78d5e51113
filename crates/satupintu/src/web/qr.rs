//! QR codes as inline SVG for pages (a booking's check-in code, a ticket's link): one path of
//! dark modules, crisp at any size, no image request.

/// An SVG QR code of `text`, labelled for screen readers; empty when the text is too long.
pub fn svg(text: &str, label: &str) -> String {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (row, col) = (i / width + quiet, i % width + quiet);
            path.push_str(&format!("M{col} {row}h1v1h-1z"));
        }
    }
    let label: String = label
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!(
        "<svg class=\"sp-qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" \
         aria-label=\"{label}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_qr_code_is_one_labelled_svg_path() {
        let s = super::svg("JT-2026-000001", "Kode <check-in>");
        assert!(s.starts_with("<svg class=\"sp-qr\""));
        assert!(s.contains("aria-label=\"Kode &lt;check-in&gt;\""));
        assert_eq!(s.matches("<path").count(), 1);
        assert!(s.matches('M').count() > 50, "many dark modules");
        assert!(super::svg(&"x".repeat(5000), "too long").is_empty());
    }
}
