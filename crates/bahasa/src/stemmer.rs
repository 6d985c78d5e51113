//! The Snowball Indonesian stemmer.
//!
//! This is an independent Rust implementation of the algorithm that the
//! Snowball project publishes as `indonesian.sbl` (BSD licence), itself an
//! implementation of the stemmer in Fadillah Z. Tala, *A Study of Stemming
//! Effects on Information Retrieval in Bahasa Indonesia* (2003).
//!
//! The algorithm in brief:
//!
//! * The *measure* of a word is its number of vowels (`a e i o u`). It is
//!   counted once and lowered by one for every affix removed (every affix
//!   contains exactly one vowel). As soon as the measure is 2 or less the
//!   word is left as it is.
//! * Remove a particle: `-kah`, `-lah`, `-pun`.
//! * Remove a possessive pronoun: `-ku`, `-mu`, `-nya`.
//! * Then try a first-order prefix: `meng- meny- men- mem- me- peng- peny-
//!   pen- pem- di- ter- ke-`, where `meny`/`peny` + vowel become `s` and
//!   `mem`/`pem` + vowel become `p`. If one was removed, try a suffix and,
//!   only if that succeeded, a second-order prefix (`per- pe- ber- be-`,
//!   with `belajar`/`pelajar` giving `ajar`). If none was removed, try a
//!   second-order prefix and then a suffix.
//! * Suffixes are `-kan`, `-an` and `-i`, allowed or not depending on the
//!   prefix removed before: `-kan` not after `ke-`/`peng-` or `per-`; `-an`
//!   not after `di-`/`meng-`/`ter-`; `-i` not after `ke-`/`peng-` or `ber-`,
//!   nor after an `s`.

/// Which kind of prefix has been removed; decides which suffixes may go.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Prefix {
    /// Nothing removed yet (or `pelajar` → `ajar`, which does not set it).
    None,
    /// `di-`, `ter-` and the `meng-` family (`me- mem- men- meng- meny-`).
    Di,
    /// `per-`, `pe-`.
    Per,
    /// `ke-` and the `peng-` family (`pem- pen- peng- peny-`).
    Ke,
    /// `ber-`, `be-`, `bel-` (of `belajar`).
    Ber,
}

impl Prefix {
    /// The numeric code `indonesian.sbl` uses; suffix rules compare it.
    fn code(self) -> u8 {
        match self {
            Prefix::None => 0,
            Prefix::Di => 1,
            Prefix::Per => 2,
            Prefix::Ke => 3,
            Prefix::Ber => 4,
        }
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// First-order prefixes, longest first so that the first match is the
/// longest one. `meny-`/`peny-` are `men-`/`pen-` followed by `y`.
const FIRST_ORDER_PREFIXES: &[(&str, Prefix)] = &[
    ("meng", Prefix::Di),
    ("peng", Prefix::Ke),
    ("men", Prefix::Di),
    ("mem", Prefix::Di),
    ("pen", Prefix::Ke),
    ("pem", Prefix::Ke),
    ("ter", Prefix::Di),
    ("me", Prefix::Di),
    ("di", Prefix::Di),
    ("ke", Prefix::Ke),
];

/// The word being stemmed, with the algorithm's two counters.
struct Word {
    chars: Vec<char>,
    measure: usize,
    prefix: Prefix,
}

impl Word {
    fn ends_with(&self, suffix: &str, floor: usize) -> bool {
        let n = suffix.chars().count();
        self.chars.len() >= floor + n && self.chars[self.chars.len() - n..].iter().copied().eq(suffix.chars())
    }

    fn has_at(&self, at: usize, s: &str) -> bool {
        let n = s.chars().count();
        at + n <= self.chars.len() && self.chars[at..at + n].iter().copied().eq(s.chars())
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.chars.get(at).copied()
    }

    /// Removes the last `n` characters and one unit of measure.
    fn cut_end(&mut self, n: usize) {
        self.chars.truncate(self.chars.len() - n);
        self.measure -= 1;
    }

    /// Replaces `chars[from..to]` by `with` and removes one unit of measure.
    fn replace(&mut self, from: usize, to: usize, with: &[char]) {
        self.chars.splice(from..to, with.iter().copied());
        self.measure -= 1;
    }

    /// `-kah`, `-lah`, `-pun`.
    fn remove_particle(&mut self) {
        if ["kah", "lah", "pun"].iter().any(|p| self.ends_with(p, 0)) {
            self.cut_end(3);
        }
    }

    /// `-nya`, `-ku`, `-mu`.
    fn remove_possessive_pronoun(&mut self) {
        if self.ends_with("nya", 0) {
            self.cut_end(3);
        } else if self.ends_with("ku", 0) || self.ends_with("mu", 0) {
            self.cut_end(2);
        }
    }

    /// Removes a first-order prefix from the start of the word. On success
    /// returns where the rest of the algorithm continues: just after the
    /// replacement letter when the prefix was recoded to `s` or `p`,
    /// otherwise at the start.
    fn remove_first_order_prefix(&mut self) -> Option<usize> {
        let &(prefix, kind) = FIRST_ORDER_PREFIXES.iter().find(|(p, _)| self.has_at(0, p))?;
        let len = prefix.len();
        self.prefix = kind;
        let next_is_vowel = |w: &Self, at: usize| w.char_at(at).is_some_and(is_vowel);
        let nasal_n = matches!(prefix, "men" | "pen");
        let nasal_m = matches!(prefix, "mem" | "pem");
        if nasal_n && self.char_at(3) == Some('y') && next_is_vowel(self, 4) {
            // meny- / peny- + vowel: the nasal stands for an initial s.
            self.replace(0, 4, &['s']);
            Some(1)
        } else if nasal_m && next_is_vowel(self, 3) {
            // mem- / pem- + vowel: the nasal stands for an initial p.
            self.replace(0, 3, &['p']);
            Some(1)
        } else {
            self.replace(0, len, &[]);
            Some(0)
        }
    }

    /// Removes a second-order prefix (`per- pe- ber- be-`, `pel-`/`bel-` of
    /// `pelajar`/`belajar`) found at position `at`.
    fn remove_second_order_prefix(&mut self, at: usize) -> bool {
        let is_pe = self.has_at(at, "pe");
        if !is_pe && !self.has_at(at, "be") {
            return false;
        }
        let after = at + 2;
        let end = if self.char_at(after) == Some('r') {
            if is_pe {
                self.prefix = Prefix::Per;
            }
            after + 1
        } else if self.char_at(after) == Some('l') && self.has_at(after + 1, "ajar") {
            // pelajar / belajar → ajar; `pe-l-` leaves the prefix code alone.
            after + 1
        } else if is_pe {
            self.prefix = Prefix::Per;
            after
        } else {
            // be- only before consonant + "er", as in be-kerja.
            let consonant = self.char_at(after).is_some_and(|c| !is_vowel(c));
            if !(consonant && self.has_at(after + 1, "er")) {
                return false;
            }
            after
        };
        if !is_pe {
            self.prefix = Prefix::Ber;
        }
        self.replace(at, end, &[]);
        true
    }

    /// Removes `-kan`, `-an` or `-i`, never reaching before `floor`.
    fn remove_suffix_from(&mut self, floor: usize) -> bool {
        let code = self.prefix.code();
        if self.ends_with("an", floor) {
            let start = self.chars.len() - 2;
            if code != 2 && code != 3 && start > floor && self.chars[start - 1] == 'k' {
                self.cut_end(3);
                true
            } else if code == 1 {
                false
            } else {
                self.cut_end(2);
                true
            }
        } else if self.ends_with("i", floor) {
            let start = self.chars.len() - 1;
            if code > 2 || (start > floor && self.chars[start - 1] == 's') {
                false
            } else {
                self.cut_end(1);
                true
            }
        } else {
            false
        }
    }
}

/// Stems one Indonesian word with the Snowball Indonesian algorithm.
///
/// The word is lower-cased first; for lower-case input the result is
/// exactly what Snowball's `indonesian` stemmer returns. Words with two
/// vowels or fewer are returned unchanged, so short words and most
/// abbreviations (`ktp`, `sim`, `skck`) pass through.
///
/// ```
/// assert_eq!(bahasa::stem("mengurus"), "urus");
/// assert_eq!(bahasa::stem("pendaftaran"), "daftar");
/// assert_eq!(bahasa::stem("memperbaikinya"), "baik");
/// ```
pub fn stem(word: &str) -> String {
    let chars: Vec<char> = word.to_lowercase().chars().collect();
    let measure = chars.iter().filter(|&&c| is_vowel(c)).count();
    let mut w = Word { chars, measure, prefix: Prefix::None };
    stem_word(&mut w);
    w.chars.into_iter().collect()
}

fn stem_word(w: &mut Word) {
    if w.measure <= 2 {
        return;
    }
    w.remove_particle();
    if w.measure <= 2 {
        return;
    }
    w.remove_possessive_pronoun();
    if w.measure <= 2 {
        return;
    }
    match w.remove_first_order_prefix() {
        Some(at) => {
            let suffix_removed = w.measure > 2 && w.remove_suffix_from(at);
            // Removing the suffix lowered the measure: check it again.
            if suffix_removed && w.measure > 2 {
                w.remove_second_order_prefix(at);
            }
        }
        None => {
            w.remove_second_order_prefix(0);
            if w.measure > 2 {
                w.remove_suffix_from(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn government_vocabulary() {
        let cases = [
            ("mengurus", "urus"),
            ("pengurusan", "urus"),
            ("pengurusannya", "urus"),
            ("perizinan", "izin"),
            ("kelahiran", "lahir"),
            ("membuat", "buat"),
            ("pembuatan", "buat"),
            ("pendaftaran", "daftar"),
            ("mendaftarkan", "daftar"),
            ("didaftarkan", "daftar"),
            ("pembayaran", "bayar"),
            ("melaporkan", "lapor"),
            ("pelaporan", "lapor"),
            ("perpindahan", "pindah"),
            ("pencetakan", "cetak"),
            ("merekam", "rekam"),
            ("pemeriksaan", "periksa"),
            ("pekerjaan", "kerja"),
            ("bekerja", "kerja"),
            ("belajar", "ajar"),
            ("pelajaran", "ajar"),
            ("mempelajari", "ajar"),
            ("memperbaikinya", "baik"),
            ("dipertanggungjawabkan", "tanggungjawab"),
            ("menyapu", "sapu"),
            ("penyakit", "sakit"),
            ("pemakaian", "pakai"),
        ];
        for (word, root) in cases {
            assert_eq!(stem(word), root, "stem({word})");
        }
    }

    #[test]
    fn follows_snowball_where_it_overstems() {
        // Faithful to the reference even where the result is not the root.
        assert_eq!(stem("perekaman"), "ekam");
        assert_eq!(stem("memakai"), "paka");
        assert_eq!(stem("sekolah"), "seko");
    }

    #[test]
    fn short_words_unchanged() {
        for word in ["ktp", "sim", "di", "akta", "nikah", "bayar", "anak", ""] {
            assert_eq!(stem(word), word);
        }
    }

    #[test]
    fn suffix_rules_depend_on_prefix() {
        // -i is not removed after ke-/peng- (code 3) ...
        assert_eq!(stem("ketahui"), "tahui");
        // ... nor after an s.
        assert_eq!(stem("organisasi"), "organisasi");
        // -an is not removed after di-/meng-/ter- ...
        assert_eq!(stem("ditanyakan"), "tanya");
        assert_eq!(stem("ditahan"), "tahan");
        // ... and after per- only -an goes, even from -kan.
        assert_eq!(stem("perkenalan"), "kenal");
        assert_eq!(stem("perlakukan"), "lakuk");
    }

    #[test]
    fn lower_cases_input() {
        assert_eq!(stem("Mengurus"), "urus");
        assert_eq!(stem("PENDAFTARAN"), "daftar");
    }
}
