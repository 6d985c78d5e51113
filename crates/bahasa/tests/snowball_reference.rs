//! Checks `bahasa::stem` word for word against Snowball's own Indonesian
//! stemmer, as generated for Python in the `snowballstemmer` package.
//!
//! The word list is built here, deterministically, from root words combined
//! with every affix the algorithm handles, plus all words of the Indonesian
//! text of the example service catalogue (crates/satupintu/demo). Nothing is written to disk.
//!
//! Needs `python3` with `snowballstemmer` (`pip install snowballstemmer`);
//! without it this test fails rather than skips.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

/// Root words of services, documents and procedures.
const SERVICE_ROOTS: &str = "\
    urus buat daftar lapor izin bayar pajak akta lahir nikah pindah cetak rekam tanah bangun \
    sampah jalan ajar kerja obat sehat periksa ubah usul ajukan aju ambil antar terima kirim \
    isi tanda tangan tulis baca catat catatan data sah tetap terbit layan tugas kantor panggil \
    tunggu antre proses selesai hilang rusak ganti baru panjang pendek batal tolak setuju \
    cabut beri kasih tahu temu datang pergi tinggal pulang duduk penduduk warga negara pimpin \
    perintah atur tata kelola bina awas periksa uji nilai hitung pungut biaya harga untung \
    rugi jual beli sewa pinjam simpan tabung modal tanam usaha dagang niaga industri olah \
    pasok kemas angkut kendara mudi parkir rambu lampu lalu lintas tilang denda hukum adil \
    bela tuntut gugat saksi bukti jamin lindung selamat bantu tolong sosial miskin kaya rawat \
    inap sakit dokter suntik vaksin imunisasi gizi hamil ibu anak bayi keluarga kawin cerai \
    mati makam kubur waris hibah wakaf ukur peta batas sertifikat milik kuasa wakil tunjuk \
    angkat henti pensiun gaji upah buruh karya latih didik sekolah guru murid kuliah lulus \
    ijazah sampai kumpul pilah buang bersih sapu cuci siram alir air banjir genang gali tutup \
    buka lubang perbaiki baik betul benah bangunan rumah huni pasang listrik sambung putus \
    nyala padam lapang taman pohon tebang rawat jaga aman tertib ronda siaga cegah padam bakar \
    asap cemar limbah racun sumbat macet";

/// Everyday root words, one or more for each initial letter.
const EVERYDAY_ROOTS: &str = "\
    dengar lihat tanya jawab cari pakai minta mohon harap ingat lupa tidur makan minum masak \
    main nyanyi tari lari jalan naik turun masuk keluar kenal percaya guna fungsi fasilitas \
    foto film visa verifikasi validasi zakat zona yakin wajib wujud gambar garis hadir hapus \
    jual jemput kabar kalah kata kunci kurang lebih lengkap lepas luas malu merah mulai nanti \
    nama nikmat oper operasi organisasi pasti pikir pilih potong rasa rencana rinci ringan \
    salah satu sebar sedia serah sesuai singgah surat susun tahan tampil tanggung jawab \
    tanggungjawab tempat tentu tuju tunda ulang umum undang unggah unduh utama edar ekspor \
    impor informasi iklan ikut indah ajak akses alam amat ancam angka arah asuh awal bagi \
    bahas balas bawa besar bicara bijak bimbing bina bohong buru cakap campur canggih cantum \
    celup cinta coba contoh curi daki damai dampak dekat desak diam dorong duga emas erat \
    gabung ganggu gerak goreng gugur hadap hampir harus hias hibur hormat jabat jadi jaring \
    jelas jemur jual kaji kecil kejar kembang kumpul labuh lamar lancar lanjut larang lawan \
    lempar letak libat lipat luka mandi marah minat muat mudah nafkah nasihat nilai obrol \
    ombak pahat paksa pandang peluk pesan pukul rampas rangkum rebut resap rintis robek rumus \
    sadar saing salur sambut sandar sayang sedot segar sentuh sikat singkat sita sobek sorot \
    suruh syukur tabrak takut tambah tampung tarik tawar tekan tembak tempel tenggelam timbang \
    tindak tiru tonton tukar tumbuh tunjang ucap ukir undi urai utus wajar warna yatim";
/// Words that already look affixed, to probe the edges of the rules.
const EDGE_ROOTS: &str = "\
    pelajar belajar pekerja petani penyu pemuda kelapa kepala kecap terang teras dinas dingin \
    meja menara mengapa pensil pendek berat beras bersih peran perak kesal ketat terus diri \
    kanan ikan makan tangan lain kasihan dian sisi kursi rasi nasi mau ia kau kami kita dia \
    aku ini itu bahkan akan";

/// Every root word: government-service vocabulary first, then everyday
/// words chosen to start with every consonant and vowel so that each nasal
/// recoding rule (meny-/peny- → s, mem-/pem- → p, ...) is exercised, then
/// words that already look affixed. Duplicates do no harm.
fn roots() -> impl Iterator<Item = &'static str> {
    [SERVICE_ROOTS, EVERYDAY_ROOTS, EDGE_ROOTS].into_iter().flat_map(str::split_whitespace)
}

/// First-order and second-order prefixes, and the legal stacks of both,
/// attached to a root as written (no sound changes).
const PREFIXES: &[&str] = &[
    "", "me", "mem", "men", "meng", "meny", "pe", "pem", "pen", "peng", "peny", "ber", "be", "per", "di", "ter", "ke",
    "memper", "diper", "ber", "keber", "pember", "pemer", "menge", "penge", "se", "bel", "pel", "mempe", "dipe",
    "terbe", "kebe",
];

const SUFFIXES: &[&str] = &["", "kan", "an", "i"];

const ENCLITICS: &[&str] =
    &["", "nya", "ku", "mu", "lah", "kah", "pun", "nyalah", "nyakah", "nyapun", "kulah", "mulah", "mukah", "kupun"];

/// Whether a letter is a vowel of the algorithm.
fn vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The nasal prefix `me-`/`pe-` takes before `root`, with the initial
/// consonant dropped where Indonesian drops it: `me` + `sapu` → `menyapu`,
/// `pe` + `tulis` → `penulis`, `me` + `kirim` → `mengirim`.
fn nasalised(base: &str, root: &str) -> String {
    let first = root.chars().next().unwrap_or('a');
    let rest = &root[first.len_utf8()..];
    match first {
        c if vowel(c) => format!("{base}ng{root}"),
        's' => format!("{base}ny{rest}"),
        'p' => format!("{base}m{rest}"),
        't' => format!("{base}n{rest}"),
        'k' => format!("{base}ng{rest}"),
        'b' | 'f' | 'v' => format!("{base}m{root}"),
        'c' | 'd' | 'j' | 'z' => format!("{base}n{root}"),
        'g' | 'h' => format!("{base}ng{root}"),
        _ => format!("{base}{root}"),
    }
}

/// Hand-picked real words with stacked affixes.
const STACKED: &str = "\
    memperbaikinya dipertanggungjawabkan pertanggungjawaban pengurusannya \
    mempertanggungjawabkan diperpanjang perpanjangan memperpanjang diberitahukan pemberitahuan \
    keberangkatan berkeadilan kebersihan pelajarannya mempelajarinya dipelajari pembelajaran \
    berpelajaran pekerjaannya bekerjalah dikerjakannya mengerjakan penyelenggaraan \
    diselenggarakan menyelenggarakan perizinannya kependudukan kewarganegaraan pencatatan \
    penerbitan diterbitkan perekaman pemeriksaan diperiksakan memeriksakan persyaratan \
    bersyarat pelayanan dilayani melayaninya pembangunan dibangunkan membangunkan pengajuan \
    diajukan mengajukannya pengambilan penyerahan diserahkan menyerahkannya pengaduan \
    mengadukan pelaporannya dilaporkannya perpindahan kepindahan dipindahkan pemindahan \
    perkawinan pernikahan dinikahkan menikahkan kelahirannya dilahirkan melahirkan \
    pembayarannya dibayarkan membayarkan perpajakan dipajaki pencetakannya dicetakkan penyakit \
    kesehatan menyehatkan pengobatan diobati mengobati perbaikan diperbaiki memperbaiki \
    kebersamaan bersama-sama sebelumnya selanjutnya sesudahnya apakah bagaimanakah siapakah \
    itulah inilah adalah ialah bukankah bahkan meskipun walaupun apapun siapapun manapun \
    sekalipun kapanpun mengapakah terlambat keterlambatan terlambatnya tertanggal ketentuan \
    menentukan ditentukan penentuan menyanyikan penyanyi nyanyian bernyanyi menyapu penyapu \
    disapu pemakaian memakai dipakai pakaian kepada kepadanya daripada bersepeda pesepeda \
    bekerja pekerja berkerja berserta beserta belajarlah pelajari pelajaranku pembelajarannya \
    ketahui diketahui mengetahui pengetahuan berpengetahuan keadilan pengadilan diadili \
    mengadili perundang-undangan peraturan diatur mengatur pengaturan teratur keteraturan \
    organisasi sosialisasi disosialisasikan mensosialisasikan pendaftaranmu didaftarkanlah \
    mendaftarlah perlindungan dilindungi melindungi pelindung terlindung kemasyarakatan";

fn generated_words() -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for (r, root) in roots().enumerate() {
        let mut bases: Vec<String> = PREFIXES.iter().map(|p| format!("{p}{root}")).collect();
        for nasal in ["me", "pe", "dime", "memper", "pember"] {
            bases.push(nasalised(nasal, root));
        }
        bases.push(format!("ke{}", nasalised("pe", root)));
        for (p, base) in bases.iter().enumerate() {
            for (s, suffix) in SUFFIXES.iter().enumerate() {
                let word = format!("{base}{suffix}");
                // Every affix combination bare, plus two enclitics chosen by
                // rotation so that all of them meet every prefix and suffix.
                let k = r * 7 + p * 3 + s;
                words.insert(format!("{word}{}", ENCLITICS[1 + k % (ENCLITICS.len() - 1)]));
                words.insert(format!("{word}{}", ENCLITICS[1 + (k + 5) % (ENCLITICS.len() - 1)]));
                words.insert(word);
            }
        }
        for enclitic in ENCLITICS {
            words.insert(format!("{root}{enclitic}"));
        }
    }
    for word in STACKED.split_whitespace() {
        for part in word.split('-') {
            words.insert(part.to_string());
        }
    }
    words
}

/// Extracts the Indonesian text of `catalog.id.json`: the `id` member of
/// every localised string (and the other `id` strings, which are slugs) and
/// the `keywords` and `legal_basis` arrays.
mod catalog {
    /// A JSON value, as much as needed here.
    pub enum Json {
        Str(String),
        Arr(Vec<Json>),
        Obj(Vec<(String, Json)>),
        Other,
    }

    pub struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl<'a> Parser<'a> {
        pub fn new(text: &'a str) -> Self {
            Parser { s: text.as_bytes(), i: 0 }
        }

        fn ws(&mut self) {
            while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
        }

        fn eat(&mut self, b: u8) -> bool {
            self.ws();
            if self.s.get(self.i) == Some(&b) {
                self.i += 1;
                true
            } else {
                false
            }
        }

        pub fn value(&mut self) -> Json {
            self.ws();
            match self.s.get(self.i) {
                Some(b'"') => Json::Str(self.string()),
                Some(b'[') => {
                    self.i += 1;
                    let mut items = Vec::new();
                    if !self.eat(b']') {
                        loop {
                            items.push(self.value());
                            if self.eat(b']') {
                                break;
                            }
                            assert!(self.eat(b','), "expected , at byte {}", self.i);
                        }
                    }
                    Json::Arr(items)
                }
                Some(b'{') => {
                    self.i += 1;
                    let mut members = Vec::new();
                    if !self.eat(b'}') {
                        loop {
                            self.ws();
                            let key = self.string();
                            assert!(self.eat(b':'), "expected : at byte {}", self.i);
                            members.push((key, self.value()));
                            if self.eat(b'}') {
                                break;
                            }
                            assert!(self.eat(b','), "expected , at byte {}", self.i);
                        }
                    }
                    Json::Obj(members)
                }
                Some(_) => {
                    // Number, true, false or null.
                    while self.i < self.s.len() && !b",]} \n\r\t".contains(&self.s[self.i]) {
                        self.i += 1;
                    }
                    Json::Other
                }
                None => panic!("unexpected end of JSON"),
            }
        }

        fn string(&mut self) -> String {
            assert_eq!(self.s.get(self.i), Some(&b'"'), "expected string at byte {}", self.i);
            self.i += 1;
            let mut out: Vec<u8> = Vec::new();
            loop {
                let b = *self.s.get(self.i).expect("unterminated JSON string");
                self.i += 1;
                match b {
                    b'"' => break,
                    b'\\' => {
                        let e = *self.s.get(self.i).expect("unterminated escape");
                        self.i += 1;
                        match e {
                            b'n' | b't' | b'r' | b'b' | b'f' => out.push(b' '),
                            b'u' => {
                                let hex = std::str::from_utf8(&self.s[self.i..self.i + 4]).expect("ASCII \\u escape");
                                self.i += 4;
                                let code = u32::from_str_radix(hex, 16).expect("hex \\u escape");
                                // Surrogate pairs are not needed for words.
                                let c = char::from_u32(code).unwrap_or(' ');
                                let mut buf = [0u8; 4];
                                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            }
                            other => out.push(other),
                        }
                    }
                    other => out.push(other),
                }
            }
            String::from_utf8(out).expect("UTF-8 JSON")
        }
    }

    /// Collects the Indonesian strings of `value` into `out`.
    pub fn indonesian(value: &Json, key: &str, out: &mut Vec<String>) {
        match value {
            Json::Str(s) if matches!(key, "id" | "keywords" | "legal_basis") => out.push(s.clone()),
            Json::Arr(items) => items.iter().for_each(|v| indonesian(v, key, out)),
            Json::Obj(members) => members.iter().for_each(|(k, v)| indonesian(v, k, out)),
            _ => {}
        }
    }
}

fn catalog_words() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../satupintu/demo/catalog.id.json");
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read the service catalogue at {path}: {e}"));
    let json = catalog::Parser::new(&text).value();
    let mut strings = Vec::new();
    catalog::indonesian(&json, "", &mut strings);
    let mut words = BTreeSet::new();
    for s in strings {
        for word in s.to_lowercase().split(|c: char| !c.is_alphabetic()) {
            if !word.is_empty() {
                words.insert(word.to_string());
            }
        }
    }
    words
}

const INSTALL: &str = "pip install snowballstemmer";

/// Stems all `words` with Python's `snowballstemmer` in one process.
fn reference_stems(words: &[String]) -> Vec<String> {
    let script = "import sys, snowballstemmer\n\
                  words = sys.stdin.buffer.read().decode('utf-8').split('\\n')[:-1]\n\
                  stems = snowballstemmer.stemmer('indonesian').stemWords(words)\n\
                  sys.stdout.buffer.write(''.join(s + '\\n' for s in stems).encode('utf-8'))\n";
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}); install Python 3 and then `{INSTALL}`"));
    let mut input = String::new();
    for word in words {
        input.push_str(word);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("python3 stdin");
    // Write from another thread so that a full stdout pipe cannot deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("python3 output");
    let written = writer.join().expect("stdin writer thread");
    assert!(
        output.status.success(),
        "python3 with snowballstemmer failed ({}); run `{INSTALL}`.\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    written.expect("writing words to python3");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 from python3");
    stdout.lines().map(str::to_string).collect()
}

#[test]
fn stems_agree_with_snowball() {
    let mut words = generated_words();
    let from_catalog = catalog_words();
    assert!(from_catalog.len() > 500, "only {} catalogue words", from_catalog.len());
    words.extend(from_catalog);
    let words: Vec<String> = words.into_iter().collect();
    assert!(words.len() >= 5000, "only {} distinct words", words.len());

    let expected = reference_stems(&words);
    assert_eq!(expected.len(), words.len(), "python3 returned a different number of stems");

    let mismatches: Vec<String> = words
        .iter()
        .zip(&expected)
        .filter_map(|(word, want)| {
            let got = bahasa::stem(word);
            (&got != want).then(|| format!("{word}: snowball {want:?}, bahasa {got:?}"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} words stem differently; the first 20:\n{}",
        mismatches.len(),
        words.len(),
        mismatches.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    println!("{} words stem exactly as snowballstemmer does", words.len());
}
