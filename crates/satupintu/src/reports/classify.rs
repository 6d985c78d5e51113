//! Suggests a report's category from the citizen's own words: a multinomial naive Bayes model
//! over the terms of [`bahasa::analyze`] (informal spelling normalised, words stemmed, function
//! words dropped), trained on the examples below. It only suggests: the citizen picks the
//! category, and the coordinator can change it when verifying.
//!
//! The examples are ours, written the way people write to LAPOR!-style channels (slang,
//! abbreviations, regional words). Add examples here when the coordinators see a category often
//! suggested wrongly; the tests below keep a held-out set that must stay classified correctly.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::model::Category;

/// Labelled examples, per category (`lainnya` has none: it is what is left when nothing fits).
pub(crate) const EXAMPLES: &[(Category, &str)] = &[
    (Category::Jalan, "jalan rusak parah banyak lubang besar di depan sekolah"),
    (Category::Jalan, "aspal jalan mengelupas dan berlubang, motor sering jatuh"),
    (Category::Jalan, "jln berlubang dalam bahaya buat pengendara malam hari"),
    (Category::Jalan, "jalan kampung retak dan amblas setelah hujan"),
    (Category::Jalan, "perbaikan jalan tidak selesai, galian dibiarkan terbuka"),
    (Category::Jalan, "trotoar dan badan jalan rusak, kendaraan harus zig zag hindari lubang"),
    (Category::Jalan, "jembatan kecil di jalan desa rusak dan papannya patah"),
    (Category::Jalan, "polisi tidur terlalu tinggi dan jalan bergelombang"),
    (Category::Jalan, "lubang jalan raya makin lebar, sudah ada korban kecelakaan"),
    (Category::Jalan, "jalan provinsi rusak berat, aspal hancur"),
    (Category::Sampah, "sampah tidak diangkut sudah seminggu menumpuk dan bau"),
    (Category::Sampah, "tumpukan sampah di pinggir jalan, truk sampah tidak datang"),
    (Category::Sampah, "orang buang sampah sembarangan di lahan kosong"),
    (Category::Sampah, "tps penuh, sampah berserakan dan banyak lalat"),
    (Category::Sampah, "sampah rumah tangga tidak diambil petugas kebersihan"),
    (Category::Sampah, "bak sampah rusak dan sampahnya tercecer ke jalan"),
    (Category::Sampah, "pembuangan sampah liar di bantaran kali"),
    (Category::Sampah, "sampah plastik menumpuk di pasar tidak dibersihkan"),
    (Category::Sampah, "jadwal angkut sampah tidak jelas, sampah numpuk terus"),
    (Category::Sampah, "bau busuk dari timbunan sampah dekat rumah warga"),
    (Category::DrainaseBanjir, "got mampet, air meluap ke jalan kalau hujan"),
    (Category::DrainaseBanjir, "selokan tersumbat sampah sehingga banjir setiap hujan deras"),
    (Category::DrainaseBanjir, "banjir setinggi lutut masuk ke rumah warga"),
    (Category::DrainaseBanjir, "saluran drainase dangkal dan tidak pernah dikeruk"),
    (Category::DrainaseBanjir, "gorong gorong ambrol, air tergenang lama"),
    (Category::DrainaseBanjir, "genangan air di perempatan tidak surut berhari hari"),
    (Category::DrainaseBanjir, "tanggul sungai jebol dan kampung kebanjiran"),
    (Category::DrainaseBanjir, "drainase buntu, air hujan tidak mengalir"),
    (Category::DrainaseBanjir, "kali meluap dan merendam perumahan"),
    (Category::DrainaseBanjir, "penutup selokan hilang dan saluran penuh lumpur"),
    (Category::PeneranganJalan, "lampu jalan mati sudah sebulan, gelap gulita"),
    (Category::PeneranganJalan, "pju padam di sepanjang jalan, rawan begal"),
    (Category::PeneranganJalan, "lampu penerangan jalan umum kedip kedip lalu mati"),
    (Category::PeneranganJalan, "tiang lampu jalan miring hampir roboh"),
    (Category::PeneranganJalan, "jalan gelap karena lampu jalan rusak"),
    (Category::PeneranganJalan, "lampu jalan menyala siang hari, boros listrik"),
    (Category::PeneranganJalan, "kabel lampu jalan putus menjuntai"),
    (Category::PeneranganJalan, "mohon pasang lampu jalan di gang yang gelap"),
    (Category::PeneranganJalan, "lampu lalu lintas dan lampu jalan mati di persimpangan"),
    (Category::PeneranganJalan, "penerangan di jembatan tidak ada, malam sangat gelap"),
    (Category::PeneranganJalan, "pju mati lama tidak diganti"),
    (Category::PeneranganJalan, "lampu pju di depan rumah ibadah padam"),
    (Category::AirBersih, "air pdam tidak mengalir sudah tiga hari"),
    (Category::AirBersih, "air keran keruh dan berbau, tidak layak pakai"),
    (Category::AirBersih, "pipa pdam bocor, air terbuang di jalan"),
    (Category::AirBersih, "aliran air bersih mati tiap pagi"),
    (Category::AirBersih, "tagihan pdam naik padahal air sering tidak keluar"),
    (Category::AirBersih, "air ledeng kecil sekali debitnya"),
    (Category::AirBersih, "sumur warga kering, butuh bantuan air bersih"),
    (Category::AirBersih, "air pam kotor kecoklatan"),
    (Category::AirBersih, "meteran air rusak dan pipa pecah"),
    (Category::AirBersih, "distribusi air bersih tidak merata di kampung kami"),
    (Category::Pencemaran, "pabrik buang limbah ke sungai, air jadi hitam"),
    (Category::Pencemaran, "asap pembakaran sampah bikin sesak napas"),
    (Category::Pencemaran, "limbah cair berbau menyengat dari pabrik tahu"),
    (Category::Pencemaran, "polusi udara dari cerobong pabrik setiap malam"),
    (Category::Pencemaran, "ikan mati di sungai karena tercemar limbah"),
    (Category::Pencemaran, "suara mesin bengkel bising sampai larut malam"),
    (Category::Pencemaran, "debu proyek beterbangan mengotori rumah warga"),
    (Category::Pencemaran, "minyak tumpah mencemari pantai"),
    (Category::Pencemaran, "bau kotoran peternakan ayam mencemari lingkungan"),
    (Category::Pencemaran, "pencemaran tanah oleh limbah b3"),
    (Category::FasilitasUmum, "toilet umum di taman kotor dan rusak"),
    (Category::FasilitasUmum, "ayunan di taman bermain anak patah, berbahaya"),
    (Category::FasilitasUmum, "halte bus atapnya bocor dan kursinya rusak"),
    (Category::FasilitasUmum, "bangunan pasar rusak atapnya mau roboh"),
    (Category::FasilitasUmum, "fasilitas ramp untuk kursi roda di kantor tidak ada"),
    (Category::FasilitasUmum, "taman kota tidak terawat, rumput tinggi"),
    (Category::FasilitasUmum, "jembatan penyeberangan orang rusak dan licin"),
    (Category::FasilitasUmum, "puskesmas pembantu bangunannya retak"),
    (Category::FasilitasUmum, "lapangan olahraga desa tidak bisa dipakai"),
    (Category::FasilitasUmum, "wc di terminal tidak ada air dan pintunya rusak"),
    (Category::PelayananPetugas, "petugas loket kasar dan membentak warga"),
    (Category::PelayananPetugas, "pelayanan lambat, antri dari pagi belum dipanggil"),
    (Category::PelayananPetugas, "pegawai kelurahan tidak ada di kantor jam kerja"),
    (Category::PelayananPetugas, "petugas tidak ramah dan menyuruh datang lagi besok"),
    (Category::PelayananPetugas, "berkas saya dipingpong dari satu meja ke meja lain"),
    (Category::PelayananPetugas, "pengurusan ktp sudah sebulan belum jadi, tidak ada kejelasan"),
    (Category::PelayananPetugas, "staf dinas tidak menjawab pertanyaan dengan jelas"),
    (Category::PelayananPetugas, "kantor tutup lebih awal dari jam pelayanan"),
    (Category::PelayananPetugas, "petugas main hp terus saat melayani"),
    (Category::PelayananPetugas, "pelayanan di rumah sakit lama dan perawat judes"),
    (Category::Pungli, "petugas minta uang tambahan biar ktp cepat jadi"),
    (Category::Pungli, "ada pungutan liar di jembatan timbang"),
    (Category::Pungli, "oknum minta uang rokok untuk urus surat"),
    (Category::Pungli, "bayar lebih dari tarif resmi tanpa kuitansi"),
    (Category::Pungli, "diminta uang pelicin supaya berkas diproses"),
    (Category::Pungli, "pungli parkir oleh preman di depan pasar"),
    (Category::Pungli, "calo di kantor samsat menawarkan jalur cepat bayar"),
    (Category::Pungli, "sekolah memungut biaya tidak resmi dari orang tua murid"),
    (Category::Pungli, "petugas minta sogokan saat razia"),
    (Category::Pungli, "biaya pembuatan akta dipungut padahal gratis"),
];

/// Below this probability the suggestion is `lainnya`: better no guess than a wrong one.
const MIN_CONFIDENCE: f64 = 0.45;

struct Model {
    /// Term counts per category (indexed as [`Category::ALL`]).
    counts: HashMap<String, [u32; 10]>,
    totals: [u32; 10],
    documents: [u32; 10],
}

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    let mut m = Model { counts: HashMap::new(), totals: [0; 10], documents: [0; 10] };
    for (category, text) in EXAMPLES {
        let i = index(*category);
        m.documents[i] += 1;
        for term in bahasa::analyze(text) {
            m.counts.entry(term).or_insert([0; 10])[i] += 1;
            m.totals[i] += 1;
        }
    }
    m
});

fn index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(Category::ALL.len() - 1)
}

/// A suggested category and how sure the model is (0 to 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Suggestion {
    pub category: Category,
    pub confidence: f64,
}

/// The probability of each trained category for `text`, most likely first; empty when no word
/// of the text is known to the model.
pub fn scores(text: &str) -> Vec<(Category, f64)> {
    let m = &*MODEL;
    let terms: Vec<String> = bahasa::analyze(text).into_iter().filter(|t| m.counts.contains_key(t)).collect();
    if terms.is_empty() {
        return vec![];
    }
    let vocabulary = m.counts.len() as f64;
    let documents: u32 = m.documents.iter().sum();
    let mut logs: Vec<(Category, f64)> = Category::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| m.documents[*i] > 0)
        .map(|(i, c)| {
            let prior = (f64::from(m.documents[i]) / f64::from(documents)).ln();
            let denominator = f64::from(m.totals[i]) + vocabulary;
            let likelihood: f64 = terms.iter().map(|t| ((f64::from(m.counts[t][i]) + 1.0) / denominator).ln()).sum();
            (*c, prior + likelihood)
        })
        .collect();
    // Softmax, stable against underflow.
    let max = logs.iter().map(|(_, l)| *l).fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = logs.iter().map(|(_, l)| (l - max).exp()).sum();
    for (_, l) in logs.iter_mut() {
        *l = (*l - max).exp() / sum;
    }
    logs.sort_by(|a, b| b.1.total_cmp(&a.1));
    logs
}

/// The category to suggest for `text`: the most likely one, or `lainnya` when the model knows
/// too little of the text or is unsure.
pub fn suggest(text: &str) -> Suggestion {
    match scores(text).first() {
        Some(&(category, confidence)) if confidence >= MIN_CONFIDENCE => Suggestion { category, confidence },
        Some(&(_, confidence)) => Suggestion { category: Category::Lainnya, confidence },
        None => Suggestion { category: Category::Lainnya, confidence: 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reports written differently from the examples (slang, typos, regional words); the model
    /// must keep getting these right.
    const HELD_OUT: &[(Category, &str)] = &[
        (Category::Jalan, "jln depan pasar bolong2 gede bgt, tlg diperbaiki"),
        (Category::Jalan, "aspalnya ancur, banyak lobang di jalan menuju desa"),
        (Category::Sampah, "sampah ga diangkut2 udh 2 minggu, bau bgt"),
        (Category::Sampah, "truk sampah gak pernah lewat lagi, sampah numpuk di gang"),
        (Category::DrainaseBanjir, "tiap ujan deres pasti banjir krn got mampet"),
        (Category::DrainaseBanjir, "selokan penuh lumpur, air nggenang di jalan"),
        (Category::PeneranganJalan, "lampu jalan di gang kami mati semua, gelap bgt"),
        (Category::PeneranganJalan, "pju depan masjid padam udah lama"),
        (Category::AirBersih, "air pdam ga ngalir dari kemarin"),
        (Category::AirBersih, "air kran keruh kuning dan bau"),
        (Category::Pencemaran, "limbah pabrik dibuang ke kali, airnya item dan bau"),
        (Category::Pencemaran, "asap pabrik bikin batuk warga sekitar"),
        (Category::FasilitasUmum, "wc umum di alun alun rusak dan jorok"),
        (Category::FasilitasUmum, "atap halte bocor, kursinya patah"),
        (Category::PelayananPetugas, "petugasnya judes bgt dan lama pelayanannya"),
        (Category::PelayananPetugas, "antri dr subuh tp ga dilayani, pegawainya ga ada"),
        (Category::Pungli, "diminta duit tambahan sama oknum biar cepet"),
        (Category::Pungli, "ada pungli di parkiran pasar, preman minta uang"),
    ];

    #[test]
    fn held_out_reports_get_the_right_category() {
        let wrong: Vec<String> = HELD_OUT
            .iter()
            .filter_map(|(want, text)| {
                let got = suggest(text);
                (got.category != *want)
                    .then(|| format!("{text:?}: {:?} ({:.2}), want {want:?}", got.category, got.confidence))
            })
            .collect();
        assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
    }

    #[test]
    fn text_the_model_does_not_know_gets_no_guess() {
        assert_eq!(suggest("").category, Category::Lainnya);
        assert_eq!(suggest("xyzzy qwerty").category, Category::Lainnya);
        assert!(scores("xyzzy").is_empty());
    }

    #[test]
    fn probabilities_sum_to_one_and_are_ordered() {
        let s = scores("jalan berlubang dan lampu jalan mati");
        let total: f64 = s.iter().map(|(_, p)| p).sum();
        assert!((total - 1.0).abs() < 1e-9);
        assert!(s.windows(2).all(|w| w[0].1 >= w[1].1));
        assert!(!s.iter().any(|(c, _)| *c == Category::Lainnya), "lainnya is never trained");
    }
}
