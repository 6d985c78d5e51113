//! Indonesian stop words.
//!
//! Our own list of function words: conjunctions, prepositions, pronouns,
//! question words, auxiliaries, discourse particles (`dong`, `sih`, `kok`),
//! politeness words (`tolong`, `mohon`, `silakan`) and forms of address
//! (`pak`, `bu`, `kak`). It deliberately leaves out words that a citizen
//! searches by, even frequent ones: `baru`, `lama`, `hilang`, `rusak`,
//! `buat`, `urus`, `biaya`, `syarat`, `online`, `anak`, `ibu`, `orang`,
//! `tahun`, `hari`, `surat`, `tempat`, `waktu`.

/// The stop words, sorted (byte order) for binary search.
static STOP_WORDS: &[&str] = &[
    "ada",
    "adalah",
    "agar",
    "akan",
    "aku",
    "amat",
    "anda",
    "antara",
    "apa",
    "apabila",
    "atas",
    "atau",
    "bagaimana",
    "bagi",
    "bahwa",
    "banget",
    "banyak",
    "barangkali",
    "beberapa",
    "begini",
    "begitu",
    "beliau",
    "belum",
    "berapa",
    "bila",
    "bisa",
    "boleh",
    "bu",
    "bukan",
    "cara",
    "cuma",
    "dalam",
    "dan",
    "dapat",
    "dari",
    "daripada",
    "deh",
    "demikian",
    "dengan",
    "di",
    "dia",
    "dong",
    "gan",
    "hai",
    "halo",
    "hanya",
    "harus",
    "hendak",
    "hingga",
    "ia",
    "ialah",
    "ingin",
    "ini",
    "itu",
    "jadi",
    "jangan",
    "jika",
    "juga",
    "kah",
    "kak",
    "kalau",
    "kami",
    "kamu",
    "kan",
    "kapan",
    "karena",
    "ke",
    "kemudian",
    "kenapa",
    "kepada",
    "ketika",
    "kita",
    "kok",
    "ku",
    "lagi",
    "lah",
    "lain",
    "lalu",
    "lho",
    "loh",
    "maka",
    "mana",
    "masih",
    "mau",
    "melainkan",
    "melalui",
    "memang",
    "mengapa",
    "mereka",
    "merupakan",
    "meski",
    "meskipun",
    "mohon",
    "mu",
    "namun",
    "nanti",
    "nih",
    "nya",
    "ok",
    "oke",
    "oleh",
    "pada",
    "pak",
    "paling",
    "para",
    "per",
    "perlu",
    "permisi",
    "pernah",
    "pula",
    "pun",
    "saat",
    "saja",
    "sama",
    "sambil",
    "sampai",
    "sangat",
    "saya",
    "se",
    "sebab",
    "sebagai",
    "sebelum",
    "sebuah",
    "secara",
    "sedang",
    "sehingga",
    "sejak",
    "sekali",
    "sekarang",
    "selalu",
    "semua",
    "seorang",
    "seperti",
    "serta",
    "sesudah",
    "setelah",
    "setiap",
    "si",
    "siapa",
    "sih",
    "silakan",
    "sini",
    "situ",
    "sudah",
    "supaya",
    "tadi",
    "tanpa",
    "telah",
    "tentang",
    "tersebut",
    "terus",
    "tetapi",
    "tiap",
    "tidak",
    "tolong",
    "tuh",
    "untuk",
    "wah",
    "ya",
    "yaitu",
    "yakni",
    "yang",
];

/// Whether `word` is an Indonesian stop word (a function word that carries no
/// meaning for search, such as `yang`, `dan`, `di`, `bagaimana`, `cara`).
///
/// `word` must be lower-case and already normalised (see
/// [`crate::normalize`]): informal spellings such as `yg` are not stop words
/// themselves but become `yang` during normalisation.
///
/// ```
/// assert!(bahasa::is_stop_word("bagaimana"));
/// assert!(!bahasa::is_stop_word("akta"));
/// ```
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_sized() {
        for pair in STOP_WORDS.windows(2) {
            assert!(pair[0] < pair[1], "{} must sort before {}", pair[0], pair[1]);
        }
        assert!((100..=200).contains(&STOP_WORDS.len()), "{} stop words", STOP_WORDS.len());
    }

    #[test]
    fn function_words_are_stop_words() {
        for word in [
            "yang",
            "dan",
            "di",
            "ke",
            "dari",
            "untuk",
            "dengan",
            "ini",
            "itu",
            "saya",
            "bagaimana",
            "cara",
            "apa",
            "berapa",
            "tidak",
            "sudah",
            "mana",
        ] {
            assert!(is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn content_words_are_not_stop_words() {
        for word in [
            "ktp",
            "kk",
            "akta",
            "lahir",
            "kelahiran",
            "baru",
            "lama",
            "hilang",
            "rusak",
            "buat",
            "urus",
            "daftar",
            "biaya",
            "syarat",
            "online",
            "anak",
            "ibu",
            "orang",
            "tahun",
            "hari",
            "surat",
            "tempat",
            "waktu",
            "pajak",
            "izin",
            "jalan",
            "sampah",
            "banjir",
            "nikah",
            "paspor",
            "sim",
            "bayar",
            "gratis",
            "kerja",
            "sehat",
            "obat",
            "tanah",
            "pindah",
        ] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn lexicon_outputs_are_consistent() {
        // Informal forms are not stop words, their standard forms may be.
        assert!(!is_stop_word("yg"));
        assert!(is_stop_word(crate::lexicon::lookup("yg").unwrap_or_default()));
    }
}
