//! Guide text for screen readers: the abbreviations of Indonesian administration (NIK, KTP-el,
//! KK, SKTM...) are spelled out with `<abbr title>` where a guide first uses them.

use crate::web::Lang;

/// (abbreviation, its expansion in Indonesian, in English).
const ABBREVIATIONS: &[(&str, &str, &str)] = &[
    ("KTP-el", "Kartu Tanda Penduduk elektronik", "electronic identity card (Kartu Tanda Penduduk elektronik)"),
    ("NIK", "Nomor Induk Kependudukan", "national identity number (Nomor Induk Kependudukan)"),
    ("KK", "Kartu Keluarga", "family card (Kartu Keluarga)"),
    ("SKTM", "Surat Keterangan Tidak Mampu", "certificate of low income (Surat Keterangan Tidak Mampu)"),
    (
        "Disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "civil registry office (Dinas Kependudukan dan Pencatatan Sipil)",
    ),
    ("RT", "Rukun Tetangga", "neighbourhood unit (Rukun Tetangga)"),
    ("RW", "Rukun Warga", "community unit (Rukun Warga)"),
    ("MPP", "Mal Pelayanan Publik", "public service mall (Mal Pelayanan Publik)"),
];

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where `word` first stands as a whole word in `text` (not inside a longer word).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-'));
    text.match_indices(word)
        .map(|(i, _)| i)
        .find(|&i| boundary(text[..i].chars().next_back()) && boundary(text[i + word.len()..].chars().next()))
}

/// `text` as HTML, each abbreviation not yet in `seen` wrapped in `<abbr title>` at its first
/// use (and added to `seen`, so a page explains each once).
pub fn mark_abbreviations(text: &str, lang: Lang, seen: &mut Vec<&'static str>) -> String {
    let mut marks: Vec<(usize, &'static str, &'static str)> = vec![];
    for (abbr, id, en) in ABBREVIATIONS {
        if seen.contains(abbr) {
            continue;
        }
        if let Some(i) = find_word(text, abbr) {
            seen.push(abbr);
            marks.push((i, abbr, if lang == Lang::En { en } else { id }));
        }
    }
    marks.sort();
    let mut out = String::new();
    let mut at = 0;
    for (i, abbr, title) in marks {
        if i < at {
            continue;
        }
        out.push_str(&escape(&text[at..i]));
        out.push_str(&format!("<abbr title=\"{}\">{abbr}</abbr>", escape(title)));
        at = i + abbr.len();
    }
    out.push_str(&escape(&text[at..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_explained_once_as_whole_words() {
        let mut seen = vec![];
        let a = mark_abbreviations("Bawa KK & KTP-el (NIK <asli>).", Lang::Id, &mut seen);
        assert_eq!(
            a,
            "Bawa <abbr title=\"Kartu Keluarga\">KK</abbr> &amp; <abbr title=\"Kartu Tanda Penduduk elektronik\">KTP-el</abbr> \
             (<abbr title=\"Nomor Induk Kependudukan\">NIK</abbr> &lt;asli&gt;)."
        );
        let b = mark_abbreviations("Fotokopi KK dan KKN-nya", Lang::Id, &mut seen);
        assert_eq!(b, "Fotokopi KK dan KKN-nya", "explained once per page; no match inside a word");
        let c = mark_abbreviations("the RT head", Lang::En, &mut vec![]);
        assert!(c.contains("title=\"neighbourhood unit (Rukun Tetangga)\""), "{c}");
    }
}
