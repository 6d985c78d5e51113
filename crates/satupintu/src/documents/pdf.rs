//! A small PDF writer for issued documents: A4, Helvetica text, and a QR code drawn as filled
//! squares. Enough for a certificate; it depends on nothing but the `qrcode` matrix.

use std::fmt::Write as _;

/// One line of text on the page.
pub struct Line {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    pub text: String,
}

/// Text for a PDF string in WinAnsi: Latin-1 stays, anything else becomes '?'; `( ) \` escaped.
fn pdf_text(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in s.chars() {
        let b = match c {
            '\u{2014}' | '\u{2013}' => b'-',
            '\u{2018}' | '\u{2019}' => b'\'',
            '\u{201C}' | '\u{201D}' => b'"',
            c if (c as u32) < 256 && !c.is_control() => c as u8,
            _ => b'?',
        };
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

/// The PDF bytes of one A4 page with `lines` and a QR code of `qr_text` at (`qr_x`, `qr_y`).
pub fn render(lines: &[Line], qr_text: &str, qr_x: f32, qr_y: f32, qr_size: f32) -> Vec<u8> {
    let mut content: Vec<u8> = Vec::new();
    for l in lines {
        let font = if l.bold { "F2" } else { "F1" };
        content.extend_from_slice(format!("BT /{font} {} Tf {} {} Td (", l.size, l.x, l.y).as_bytes());
        content.extend_from_slice(&pdf_text(&l.text));
        content.extend_from_slice(b") Tj ET\n");
    }
    if let Ok(code) = qrcode::QrCode::with_error_correction_level(qr_text.as_bytes(), qrcode::EcLevel::M) {
        let width = code.width();
        let quiet = 2.0;
        let module = qr_size / (width as f32 + 2.0 * quiet);
        let mut ops = String::from("0 0 0 rg\n");
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let (row, col) = (i / width, i % width);
                let x = qr_x + (col as f32 + quiet) * module;
                let y = qr_y + qr_size - (row as f32 + quiet + 1.0) * module;
                let _ = writeln!(ops, "{x:.3} {y:.3} {module:.3} {module:.3} re f");
            }
        }
        content.extend_from_slice(ops.as_bytes());
    }

    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
            .to_vec(),
        {
            let mut s = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            s.extend_from_slice(&content);
            s.extend_from_slice(b"\nendstream");
            s
        },
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = vec![];
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(obj);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(table, "{o:010} 00000 n ");
    }
    let _ = write!(table, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    out.extend_from_slice(table.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_is_well_formed() {
        let lines =
            vec![Line { x: 50.0, y: 780.0, size: 18.0, bold: true, text: "Kutipan Akta (Kelahiran) \\ é".into() }];
        let pdf = render(&lines, "https://layanan.example.go.id/verifikasi/DOK-2026-000001", 400.0, 50.0, 140.0);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("Kutipan Akta \\(Kelahiran\\) \\\\"), "strings are escaped");
        assert!(text.matches(" re f").count() > 100, "the QR code is drawn");
        // Every xref offset points at its object.
        let xref_at: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|s| s.lines().next())
            .and_then(|s| s.parse().ok())
            .expect("startxref");
        let table = String::from_utf8_lossy(&pdf[xref_at..]).into_owned();
        assert!(table.starts_with("xref"));
        for (i, line) in table.lines().skip(3).take(6).enumerate() {
            let off: usize = line[..10].parse().expect("offset");
            assert!(pdf[off..].starts_with(format!("{} 0 obj", i + 1).as_bytes()), "object {} at {off}", i + 1);
        }
    }
}
