//! A small PDF writer for issued documents: A4 pages, Helvetica and Courier text, and a QR code
//! drawn as filled squares. Enough for a certificate and its verification data; it depends on
//! nothing but the `qrcode` matrix. [`shown_text`] reads back the text of a PDF it wrote.

use std::fmt::Write as _;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.0;
pub const PAGE_HEIGHT: f32 = 842.0;

/// The standard fonts the writer uses (no embedding needed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
    /// Courier: fixed width, each character 0.6 of the font size wide.
    Mono,
}

impl Font {
    fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
            Font::Mono => "F3",
        }
    }
}

/// One line of text on a page.
pub struct Line {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub font: Font,
    pub text: String,
}

/// A line of `text` at (`x`, `y`) in `font` of `size` points.
pub fn line(x: f32, y: f32, size: f32, font: Font, text: impl Into<String>) -> Line {
    Line { x, y, size, font, text: text.into() }
}

/// A QR code drawn at (`x`, `y`), `size` points wide.
pub struct Qr {
    pub text: String,
    pub x: f32,
    pub y: f32,
    pub size: f32,
}

/// One page.
#[derive(Default)]
pub struct Page {
    pub lines: Vec<Line>,
    pub qr: Option<Qr>,
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

fn qr_ops(qr: &Qr) -> String {
    let mut ops = String::new();
    let Ok(code) = qrcode::QrCode::with_error_correction_level(qr.text.as_bytes(), qrcode::EcLevel::M) else {
        return ops;
    };
    let width = code.width();
    let quiet = 2.0;
    let module = qr.size / (width as f32 + 2.0 * quiet);
    ops.push_str("0 0 0 rg\n");
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (row, col) = (i / width, i % width);
            let x = qr.x + (col as f32 + quiet) * module;
            let y = qr.y + qr.size - (row as f32 + quiet + 1.0) * module;
            let _ = writeln!(ops, "{x:.3} {y:.3} {module:.3} {module:.3} re f");
        }
    }
    ops
}

fn content_stream(page: &Page) -> Vec<u8> {
    let mut content: Vec<u8> = Vec::new();
    for l in &page.lines {
        content.extend_from_slice(format!("BT /{} {} Tf {} {} Td (", l.font.resource(), l.size, l.x, l.y).as_bytes());
        content.extend_from_slice(&pdf_text(&l.text));
        content.extend_from_slice(b") Tj ET\n");
    }
    if let Some(qr) = &page.qr {
        content.extend_from_slice(qr_ops(qr).as_bytes());
    }
    content
}

/// The PDF bytes of `pages` (at least one; an empty list makes one blank page).
pub fn render(pages: &[Page]) -> Vec<u8> {
    let blank = [Page::default()];
    let pages = if pages.is_empty() { &blank[..] } else { pages };
    // 1 catalog, 2 page tree, 3-5 fonts, then each page and its content stream.
    let page_obj = |i: usize| 6 + 2 * i;
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", page_obj(i))).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    for (i, page) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Contents {} 0 R \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> >>",
                page_obj(i) + 1
            )
            .into_bytes(),
        );
        let content = content_stream(page);
        let mut s = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        s.extend_from_slice(&content);
        s.extend_from_slice(b"\nendstream");
        objects.push(s);
    }
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

/// The text a PDF written by [`render`] shows, one string per line in the order written (the
/// `(...) Tj` strings of its content streams, Latin-1 decoded). Other PDFs may give nothing:
/// compressed streams are not read.
pub fn shown_text(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pdf.len() {
        if pdf[i] != b'(' {
            i += 1;
            continue;
        }
        let Some((text, end)) = literal_string(pdf, i) else { break };
        let mut j = end;
        while j < pdf.len() && pdf[j].is_ascii_whitespace() {
            j += 1;
        }
        if pdf[j..].starts_with(b"Tj") {
            out.push(text.iter().map(|&b| char::from(b)).collect());
        }
        i = end;
    }
    out
}

/// The bytes of the literal string starting at `pdf[start] == b'('`, and the index after it.
fn literal_string(pdf: &[u8], start: usize) -> Option<(Vec<u8>, usize)> {
    let mut depth = 0usize;
    let mut text = Vec::new();
    let mut i = start;
    while i < pdf.len() {
        let b = pdf[i];
        match b {
            b'\\' => {
                let next = *pdf.get(i + 1)?;
                i += 2;
                match next {
                    b'n' => text.push(b'\n'),
                    b'r' => text.push(b'\r'),
                    b't' => text.push(b'\t'),
                    b'b' => text.push(8),
                    b'f' => text.push(12),
                    b'0'..=b'7' => {
                        let mut value = u32::from(next - b'0');
                        for _ in 0..2 {
                            match pdf.get(i) {
                                Some(d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        text.push((value & 0xff) as u8);
                    }
                    b'\n' => {}
                    other => text.push(other),
                }
                continue;
            }
            b'(' => {
                depth += 1;
                if depth > 1 {
                    text.push(b);
                }
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((text, i + 1));
                }
                text.push(b);
            }
            _ => text.push(b),
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: f32, font: Font, text: &str) -> Line {
        line(50.0, y, 10.0, font, text)
    }

    #[test]
    fn the_pdf_is_well_formed() {
        let pages = [
            Page {
                lines: vec![Line {
                    x: 50.0,
                    y: 780.0,
                    size: 18.0,
                    font: Font::Bold,
                    text: "Kutipan Akta (Kelahiran) \\ é".into(),
                }],
                qr: Some(Qr {
                    text: "https://layanan.example.go.id/verifikasi/DOK-2026-000001".into(),
                    x: 400.0,
                    y: 50.0,
                    size: 140.0,
                }),
            },
            Page { lines: vec![at(700.0, Font::Mono, "satupintu-verification v1")], qr: None },
        ];
        let pdf = render(&pages);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("Kutipan Akta \\(Kelahiran\\) \\\\"), "strings are escaped");
        assert!(text.matches(" re f").count() > 100, "the QR code is drawn");
        assert!(text.contains("/Kids [6 0 R 8 0 R] /Count 2"), "two pages");
        assert!(text.contains("/BaseFont /Courier") && text.contains("/F3 10 Tf"), "monospace text");
        // Every xref offset points at its object.
        let xref_at: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|s| s.lines().next())
            .and_then(|s| s.parse().ok())
            .expect("startxref");
        let table = String::from_utf8_lossy(&pdf[xref_at..]).into_owned();
        assert!(table.starts_with("xref\n0 10\n"), "{table}");
        for (i, line) in table.lines().skip(3).take(9).enumerate() {
            let off: usize = line[..10].parse().expect("offset");
            assert!(pdf[off..].starts_with(format!("{} 0 obj", i + 1).as_bytes()), "object {} at {off}", i + 1);
        }
    }

    #[test]
    fn shown_text_reads_back_what_was_written() {
        let texts = ["plain", "(parens) and \\ backslash", "  leading and trailing  ", "Désirée", "((nested))"];
        let page = Page { lines: texts.iter().map(|t| at(100.0, Font::Mono, t)).collect(), qr: None };
        assert_eq!(shown_text(&render(&[page])), texts);
        assert_eq!(shown_text(b"BT (a\\101\\n\\)) Tj ET (not shown) BT (b) Tj"), ["aA\n)", "b"]);
        assert!(shown_text(b"(unterminated Tj").is_empty());
    }
}
