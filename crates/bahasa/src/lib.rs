//! Indonesian text processing for search and matching.
//!
//! People write to public services the way they write to each other:
//! `"Gmn cara bikin AKTE anak yg baru lahir???"`. This crate turns such text
//! into comparable terms:
//!
//! * [`normalize`] lower-cases, folds accented letters to ASCII, turns
//!   punctuation into spaces (keeping hyphenated words like `e-ktp` together
//!   long enough to recognise them), collapses letters repeated three or more
//!   times (`tolonggg` → `tolong`), undoes reduplication (`anak2`,
//!   `anak-anak` → `anak`) and maps informal, abbreviated, misspelled and
//!   regional (Javanese, Sundanese) words to standard Indonesian through the
//!   [`lexicon`] (`gmn` → `bagaimana`, `akte` → `akta`, `dmn` → `di mana`).
//! * [`tokens`] is the same, split into words.
//! * [`stem`] reduces a word to its stem with the Snowball Indonesian
//!   stemmer (`pendaftaran` → `daftar`, `mengurus` → `urus`).
//! * [`is_stop_word`] recognises function words (`yang`, `di`, `bagaimana`).
//! * [`analyze`] chains them: the analyser for a search index and its
//!   queries.
//! * [`edit_distance_within`] and [`max_typos`] support typo-tolerant
//!   matching of words against a vocabulary.
//!
//! ```
//! assert_eq!(
//!     bahasa::normalize("Gmn cara bikin AKTE anak yg baru lahir???"),
//!     "bagaimana cara buat akta anak yang baru lahir"
//! );
//! assert_eq!(bahasa::analyze("Gmn cara ngurus akte kelahiran?"), ["urus", "akta", "lahir"]);
//! ```
//!
//! # The stemmer
//!
//! [`stem`] is an independent implementation of the Indonesian stemming
//! algorithm as the Snowball project describes it (`indonesian.sbl`,
//! published under the BSD licence at snowballstem.org), which follows
//! Fadillah Z. Tala's *A Study of Stemming Effects on Information Retrieval
//! in Bahasa Indonesia* (2003). Its output is checked word for word against
//! Snowball's own generated stemmer by this crate's tests, including where
//! the algorithm over-stems (`sekolah` → `seko`): an index and its queries
//! only need to agree with each other.
//!
//! The crate has no dependencies and no global state.

#![warn(missing_docs)]

mod distance;
pub mod lexicon;
mod stemmer;
mod stopwords;

pub use distance::{edit_distance_within, max_typos};
pub use stemmer::stem;
pub use stopwords::is_stop_word;

/// Normalises Indonesian text into space-separated standard words.
///
/// In order:
/// 1. lower-cases and folds common accented Latin letters to ASCII
///    (`é` → `e`, `ñ` → `n`; combining accents are dropped);
/// 2. splits into words at every character that is not a letter or digit,
///    except that a hyphen between two letters or digits stays inside the
///    word (`e-ktp`, `anak-anak`) and an apostrophe between them is
///    dropped (`jum'at` → `jumat`);
/// 3. collapses runs of three or more identical letters into one
///    (`tolonggg` → `tolong`, `bangeeet` → `banget`; `maaf` keeps its two);
/// 4. looks the whole word up in the [`lexicon`] (`e-ktp` → `ktp`);
///    otherwise a hyphenated word whose parts are all equal becomes one part
///    (`surat-surat` → `surat`) and any other is split into its parts;
/// 5. undoes reduplication written with a `2` (`anak2` → `anak`) and maps
///    each word through the [`lexicon`] (`yg` → `yang`, `dmn` → `di mana`).
///
/// The result has single spaces between words and none at either end; it
/// is empty when the text has no words. Normalising a normalised text
/// changes nothing.
///
/// ```
/// assert_eq!(bahasa::normalize("Tolonggg, E-KTP sy ilang!!"), "tolong ktp saya hilang");
/// assert_eq!(bahasa::normalize("syarat2 surat-surat dmn?"), "syarat surat di mana");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_word(text, |word| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    });
    out
}

/// Normalises text (see [`normalize`]) and returns its words.
///
/// A lexicon entry may expand one word into several (`dmn` → `di`, `mana`).
///
/// ```
/// assert_eq!(bahasa::tokens("Dmn bikin KTP-el?"), ["di", "mana", "buat", "ktp"]);
/// ```
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |word| out.push(word.to_owned()));
    out
}

/// The search analyser: [`tokens`], without stop words, each [`stem`]med.
///
/// Index documents and queries with the same function and informal queries
/// meet formal text: `"mengurus akte kelahiran"` and `"urus akta lahir"`
/// both give `["urus", "akta", "lahir"]`. Words keep their order and
/// repeated words are kept, for term frequencies and phrase matching.
///
/// ```
/// assert_eq!(bahasa::analyze("Bagaimana cara pendaftaran NPWP?"), ["daftar", "npwp"]);
/// ```
pub fn analyze(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |word| {
        if !is_stop_word(word) {
            out.push(stem(word));
        }
    });
    out
}

/// Runs the whole normalisation pipeline, calling `emit` for every output
/// word in order.
fn for_each_word(text: &str, mut emit: impl FnMut(&str)) {
    let folded = fold(text);
    let mut emit_value = |word: &str| {
        for part in word.split(' ') {
            emit(part);
        }
    };
    for raw in split_words(&folded) {
        let word = collapse_runs(&raw);
        if let Some(value) = lexicon::lookup(&word) {
            emit_value(value);
        } else if word.contains('-') {
            let mut parts = word.split('-');
            let first = parts.next().unwrap_or_default();
            if parts.clone().all(|p| p == first) {
                emit_value(simple_word(first));
            } else {
                for part in word.split('-') {
                    emit_value(simple_word(part));
                }
            }
        } else {
            emit_value(simple_word(&word));
        }
    }
}

/// A word without hyphens: undo `2`-reduplication, then map through the
/// lexicon.
fn simple_word(word: &str) -> &str {
    let word = strip_reduplication(word);
    lexicon::lookup(word).unwrap_or(word)
}

/// `anak2` → `anak`: a trailing `2` after at least three letters marks a
/// reduplicated (plural) word. `s2`, `ke2` or `b2` are left alone.
fn strip_reduplication(word: &str) -> &str {
    match word.strip_suffix('2') {
        Some(base) if base.chars().count() >= 3 && base.chars().all(char::is_alphabetic) => base,
        _ => word,
    }
}

/// Lower-cases and folds accented letters; see [`normalize`].
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' | 'ş' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            'ł' => 'l',
            'ř' => 'r',
            'ť' | 'ţ' => 't',
            // Typographic apostrophes and hyphens.
            '\u{2018}' | '\u{2019}' | '`' | '\u{b4}' => '\'',
            '\u{2010}' | '\u{2011}' => '-',
            // Combining accents (decomposed input) are dropped.
            '\u{300}'..='\u{36f}' => continue,
            other => other,
        };
        out.push(folded);
    }
    out
}

/// Splits folded text into raw words; see [`normalize`] step 2.
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            current.push(c);
            continue;
        }
        let joins = (c == '-' || c == '\'')
            && current.chars().last().is_some_and(char::is_alphanumeric)
            && chars.peek().is_some_and(|n| n.is_alphanumeric());
        if joins {
            if c == '-' {
                current.push('-');
            }
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Collapses every run of three or more identical letters to one letter.
/// Digits are left alone (`1000`), and so are runs of two (`maaf`, `saat`).
fn collapse_runs(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        let keep = if run >= 3 && c.is_alphabetic() { 1 } else { run };
        out.extend(std::iter::repeat_n(c, keep));
        i += run;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn normalizes_a_citizen_question() {
        let n = normalize("Gmn cara bikin AKTE anak yg baru lahir???");
        let words: Vec<&str> = n.split(' ').collect();
        for expected in ["bagaimana", "buat", "akta", "yang"] {
            assert!(words.contains(&expected), "{expected} missing from {n:?}");
        }
        assert_eq!(n, "bagaimana cara buat akta anak yang baru lahir");
    }

    #[test]
    fn collapses_repeated_letters() {
        assert_eq!(normalize("tolonggg"), "tolong");
        assert_eq!(normalize("bangeeet"), "banget");
        assert_eq!(normalize("TOLOOONG bgtttt"), "tolong banget");
        assert_eq!(normalize("maaf saat"), "maaf saat");
        assert_eq!(normalize("biaya 1000000"), "biaya 1000000");
    }

    #[test]
    fn punctuation_and_whitespace() {
        assert_eq!(normalize("  KTP,KK;   akta.\n\tNIK: 123/456 "), "ktp kk akta nik 123 456");
        assert_eq!(normalize("??!!"), "");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("-ktp- (sim)"), "ktp sim");
        assert_eq!(normalize("hari Jum'at"), "hari jumat");
        assert_eq!(normalize("Jum\u{2019}at"), "jumat");
    }

    #[test]
    fn folds_accents() {
        assert_eq!(normalize("Café Résumé"), "cafe resume");
        // Decomposed: e + combining acute accent.
        assert_eq!(normalize("cafe\u{301}"), "cafe");
        assert_eq!(normalize("ÀKTË"), "akta");
    }

    #[test]
    fn ktp_spellings_are_one_token() {
        for spelling in ["ktp", "KTP", "e-ktp", "E-KTP", "ektp", "eKTP", "ktp-el", "KTP-el", "ktpel"] {
            assert_eq!(tokens(spelling), ["ktp"], "{spelling}");
        }
        assert_eq!(normalize("e\u{2011}ktp"), "ktp");
    }

    #[test]
    fn hyphens_and_reduplication() {
        assert_eq!(normalize("anak-anak"), "anak");
        assert_eq!(normalize("surat-surat"), "surat");
        assert_eq!(normalize("anak2"), "anak");
        assert_eq!(normalize("surat2"), "surat");
        assert_eq!(normalize("ibu2"), "ibu");
        assert_eq!(normalize("syarat2"), "syarat");
        assert_eq!(normalize("org2"), "orang");
        assert_eq!(normalize("ke-2 s2"), "ke 2 s2");
        assert_eq!(normalize("sayur-mayur"), "sayur mayur");
        assert_eq!(normalize("covid-19"), "covid 19");
        assert_eq!(normalize("ktp-nya"), "ktp nya");
        assert_eq!(normalize("gmn-gmn"), "bagaimana");
    }

    #[test]
    fn lexicon_expansions() {
        assert_eq!(tokens("dmn"), ["di", "mana"]);
        assert_eq!(tokens("kmn aja"), ["ke", "mana", "saja"]);
        assert_eq!(normalize("matur nuwun"), "terima kasih");
        assert_eq!(normalize("hatur nuhun"), "terima kasih");
        assert_eq!(normalize("Piye carane gawe KTP?"), "bagaimana caranya buat ktp");
        assert_eq!(normalize("Pinten biayane damel KTP?"), "berapa biayanya membuat ktp");
        assert_eq!(normalize("Sabaraha biayana nyieun KTP?"), "berapa biayanya membuat ktp");
        assert_eq!(normalize("jalan bolong"), "jalan lubang");
        assert_eq!(normalize("lampu jalan mati"), "lampu jalan mati");
    }

    #[test]
    fn idempotent() {
        let texts = [
            "Gmn cara bikin AKTE anak yg baru lahir???",
            "udh 2 mgg e-ktp blm jadi, tlg info dmn ngurusnya",
            "syarat2 perpanjang SIM apa aja?? bgttt",
        ];
        for text in texts {
            let once = normalize(text);
            assert_eq!(normalize(&once), once, "{text}");
        }
        for (key, value) in lexicon::entries() {
            assert_eq!(normalize(key), value, "{key}");
            assert_eq!(normalize(value), value, "{key}");
        }
    }

    #[test]
    fn tokens_match_normalize() {
        let text = "Tolonggg, gmn cara daftar BPJS utk ortu?";
        assert_eq!(tokens(text).join(" "), normalize(text));
        assert!(tokens("...").is_empty());
    }

    #[test]
    fn analyze_meets_formal_and_informal() {
        let informal: BTreeSet<String> = analyze("mengurus akte kelahiran").into_iter().collect();
        let formal: BTreeSet<String> = analyze("urus akta lahir").into_iter().collect();
        assert_eq!(informal, formal);
        assert_eq!(analyze("mengurus akte kelahiran"), ["urus", "akta", "lahir"]);
    }

    #[test]
    fn analyze_drops_stop_words_and_stems() {
        assert_eq!(
            analyze("Bagaimana cara pendaftaran perizinan usaha yang baru?"),
            ["daftar", "izin", "usaha", "baru"]
        );
        assert_eq!(analyze("gmn yg di dmn"), Vec::<String>::new());
        assert_eq!(analyze("syarat2 bikin paspor"), ["syarat", "buat", "paspor"]);
    }
}
