//! The demo guides (Surabaya): a KTP-el, a birth certificate, reporting a damaged road, an
//! account, an online application and its status, a queue ticket or appointment; in Indonesian
//! and English, each step with its plain-language text. Seeded once, when no guide exists.

use super::model::{Bilingual, NewGuide, NewStep};
use super::store;
use crate::app::AppState;
use crate::db;

/// (icon, heading id, heading en, body id, body en, easy id, easy en)
type StepText = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

struct DemoGuide {
    slug: &'static str,
    service: Option<&'static str>,
    agency: Option<&'static str>,
    title: (&'static str, &'static str),
    summary: (&'static str, &'static str),
    steps: &'static [StepText],
}

const GUIDES: &[DemoGuide] = &[
    DemoGuide {
        slug: "cara-membuat-ktp-el",
        service: Some("ktp-el-baru"),
        agency: Some("disdukcapil"),
        title: ("Cara membuat KTP-el", "How to get an electronic ID card (KTP-el)"),
        summary: (
            "Untuk warga Surabaya yang berumur 17 tahun atau sudah menikah. Gratis.",
            "For Surabaya residents aged 17 or married. Free of charge.",
        ),
        steps: &[
            ("document", "Siapkan Kartu Keluarga", "Have your family card ready",
             "Pastikan nama Anda tercantum di KK dan NIK Anda benar. Bawa KK asli atau fotokopinya.",
             "Make sure your name is on the KK (family card) and your NIK is right. Bring the original KK or a copy.",
             "Bawa Kartu Keluarga. Nama Anda harus ada di situ.",
             "Bring your family card. Your name must be on it."),
            ("form", "Ajukan secara daring", "Apply online",
             "Masuk ke SatuPintu, buka layanan Perekaman KTP-el Baru, lalu isi formulir. Anda mendapat kode permohonan.",
             "Sign in to SatuPintu, open the new KTP-el service and fill in the form. You get an application code.",
             "Isi formulir di SatuPintu. Simpan kodenya.",
             "Fill in the form on SatuPintu. Keep the code."),
            ("calendar", "Pilih jadwal perekaman", "Choose a time for recording",
             "Pilih hari dan jam di Mal Pelayanan Publik Siola atau kantor kecamatan terdekat.",
             "Choose a day and time at the Siola public service mall or the nearest district office.",
             "Pilih hari untuk datang.",
             "Choose a day to come."),
            ("camera", "Datang untuk foto dan sidik jari", "Come for your photo and fingerprints",
             "Petugas Disdukcapil memotret wajah, merekam sidik jari dan iris mata, serta tanda tangan Anda.",
             "Disdukcapil staff take your photo, fingerprints, iris scan and signature.",
             "Datang. Anda difoto dan sidik jari direkam.",
             "Come in. You are photographed and fingerprinted."),
            ("check", "Ambil KTP-el", "Collect your KTP-el",
             "Pantau status di halaman Permohonan Saya. Setelah siap, ambil KTP-el dengan menunjukkan kode permohonan. Tidak ada biaya.",
             "Follow the status on My applications. When it is ready, collect the card with your application code. There is no fee.",
             "Tunggu kabar. Ambil KTP-el Anda. Gratis.",
             "Wait for the message. Collect your card. It is free."),
        ],
    },
    DemoGuide {
        slug: "cara-mengurus-akta-kelahiran",
        service: Some("akta-kelahiran"),
        agency: Some("disdukcapil"),
        title: ("Cara mengurus akta kelahiran", "How to get a birth certificate"),
        summary: (
            "Laporkan kelahiran paling lambat 60 hari setelah bayi lahir. Gratis.",
            "Report a birth within 60 days. Free of charge.",
        ),
        steps: &[
            ("document", "Kumpulkan dokumen", "Gather the documents",
             "Surat keterangan lahir dari rumah sakit, bidan, atau puskesmas; KK orang tua; KTP-el ayah dan ibu; buku nikah atau akta perkawinan.",
             "The birth notice from the hospital, midwife or health centre; the parents' KK; both parents' KTP-el; the marriage book or certificate.",
             "Siapkan surat lahir dari bidan atau rumah sakit, KK, dan KTP ayah ibu.",
             "Have the birth notice, the family card and both parents' ID cards."),
            ("form", "Isi permohonan daring", "Fill in the online application",
             "Buka layanan Akta Kelahiran di SatuPintu, isi data bayi dan orang tua, lalu unggah foto dokumen.",
             "Open the Birth certificate service on SatuPintu, enter the baby's and parents' details and upload photos of the documents.",
             "Isi data bayi di SatuPintu. Foto dokumennya.",
             "Enter the baby's details on SatuPintu. Photograph the papers."),
            ("phone", "Tunggu pemeriksaan", "Wait for the check",
             "Petugas memeriksa dokumen. Jika ada yang kurang, Anda diberi tahu lewat SatuPintu dan surel.",
             "An officer checks the documents. If something is missing you are told on SatuPintu and by e-mail.",
             "Petugas memeriksa. Anda dikabari jika ada yang kurang.",
             "An officer checks. You are told if something is missing."),
            ("check", "Unduh akta", "Download the certificate",
             "Akta kelahiran terbit dengan tanda tangan elektronik. Unduh dan cetak di kertas HVS A4; akta ini sah.",
             "The certificate is issued with an electronic signature. Download it and print it on plain A4 paper; it is valid.",
             "Unduh akta. Cetak di kertas biasa. Sudah sah.",
             "Download the certificate. Print it on plain paper. It is valid."),
        ],
    },
    DemoGuide {
        slug: "cara-melapor-jalan-rusak",
        service: None,
        agency: None,
        title: ("Cara melapor jalan rusak", "How to report a damaged road"),
        summary: (
            "Jalan berlubang, lampu jalan mati, atau saluran tersumbat: laporkan dengan foto dan lokasi.",
            "Potholes, broken street lights or blocked drains: report them with a photo and the place.",
        ),
        steps: &[
            ("camera", "Foto kerusakannya", "Take a photo of the damage",
             "Ambil foto yang jelas dari jarak aman, misalnya lubang di Jl. Raya Darmo. Jangan berdiri di tengah jalan.",
             "Take a clear photo from a safe place, for example a pothole on Jl. Raya Darmo. Do not stand in the road.",
             "Foto jalan yang rusak. Tetap di tempat aman.",
             "Photograph the damage. Stay somewhere safe."),
            ("pin", "Tandai lokasinya", "Mark the place",
             "Buka Laporan Baru, pilih kategori, lalu tandai titik di peta atau tulis alamat dan patokan terdekat.",
             "Open New report, choose the category, then mark the spot on the map or write the address and a landmark.",
             "Tunjukkan tempatnya di peta atau tulis alamatnya.",
             "Show the place on the map or write the address."),
            ("form", "Kirim laporan", "Send the report",
             "Tulis singkat apa yang rusak dan sejak kapan. Anda bisa melapor tanpa akun dengan konfirmasi surel.",
             "Write briefly what is damaged and since when. You can report without an account by confirming your e-mail.",
             "Tulis apa yang rusak. Kirim.",
             "Write what is broken. Send it."),
            ("check", "Pantau tindak lanjut", "Follow what happens",
             "Laporan mendapat nomor. Pantau di Laporan Saya; instansi wajib menanggapi dan Anda bisa menilai hasilnya.",
             "Your report gets a number. Follow it in My reports; the agency must answer and you can rate the result.",
             "Simpan nomor laporan. Lihat kabarnya di SatuPintu.",
             "Keep the report number. Check for news on SatuPintu."),
        ],
    },
    DemoGuide {
        slug: "cara-membuat-akun-dan-masuk",
        service: None,
        agency: None,
        title: ("Cara membuat akun dan masuk", "How to create an account and sign in"),
        summary: (
            "Satu akun untuk semua layanan: permohonan, janji temu, laporan, dan dokumen Anda.",
            "One account for every service: applications, appointments, reports and your documents.",
        ),
        steps: &[
            ("idcard", "Siapkan NIK dan surel", "Have your NIK and e-mail ready",
             "NIK ada di KTP-el atau KK Anda (16 angka). Siapkan juga alamat surel atau nomor telepon genggam yang aktif.",
             "Your NIK is on your KTP-el or KK (16 digits). Also have an e-mail address or a mobile number that you use.",
             "Lihat NIK di KTP Anda: 16 angka.",
             "Find your NIK on your ID card: 16 digits."),
            ("person", "Daftar", "Register",
             "Pilih Daftar, isi NIK, nama sesuai KTP-el, surel, dan kata sandi minimal 10 karakter yang sulit ditebak.",
             "Choose Register, enter your NIK, your name as on the KTP-el, your e-mail and a password of at least 10 characters that is hard to guess.",
             "Pilih Daftar. Isi NIK, nama, dan kata sandi.",
             "Choose Register. Enter your NIK, name and a password."),
            ("phone", "Masuk", "Sign in",
             "Pilih Masuk, lalu isi surel dan kata sandi. Jangan berikan kata sandi kepada siapa pun, termasuk petugas.",
             "Choose Sign in and enter your e-mail and password. Never give your password to anyone, staff included.",
             "Pilih Masuk. Kata sandi hanya untuk Anda.",
             "Choose Sign in. Your password is only for you."),
            ("check", "Lihat akun Anda", "See your account",
             "Di halaman Akun ada permohonan, janji temu, dokumen, notifikasi, dan pengaturan tampilan Anda.",
             "Your Account page has your applications, appointments, documents, notifications and display settings.",
             "Semua urusan Anda ada di halaman Akun.",
             "Everything of yours is on the Account page."),
        ],
    },
    DemoGuide {
        slug: "cara-mengajukan-permohonan-daring",
        service: None,
        agency: None,
        title: (
            "Cara mengajukan permohonan daring dan memantau statusnya",
            "How to apply online and follow your application",
        ),
        summary: (
            "Ajukan layanan dari rumah dan ketahui posisi berkas Anda setiap saat.",
            "Apply from home and know where your file is at any time.",
        ),
        steps: &[
            ("document", "Baca standar layanan", "Read the service standard",
             "Di halaman layanan tertulis persyaratan, biaya, dan lama proses. Siapkan dokumen yang diminta.",
             "The service page lists the requirements, the fee and how long it takes. Have the documents ready.",
             "Baca apa saja yang perlu dibawa.",
             "Read what you need."),
            ("form", "Isi formulir dan unggah dokumen", "Fill in the form and upload documents",
             "Pilih Ajukan daring, isi formulir, unggah foto atau PDF dokumen, lalu kirim. Anda mendapat kode permohonan.",
             "Choose Apply online, fill in the form, upload photos or PDFs of the documents and send. You get an application code.",
             "Isi formulir. Kirim. Simpan kodenya.",
             "Fill in the form. Send it. Keep the code."),
            ("phone", "Pantau statusnya", "Follow the status",
             "Buka Permohonan Saya untuk melihat statusnya: diterima, diperiksa, perlu perbaikan, disetujui, atau selesai. Anda juga dikabari lewat surel.",
             "Open My applications to see its status: received, being checked, needs changes, approved or done. You are also told by e-mail.",
             "Lihat kabar permohonan di SatuPintu.",
             "See news of your application on SatuPintu."),
            ("money", "Bayar jika ada biaya", "Pay if there is a fee",
             "Bayar hanya sesuai tarif di standar layanan, lewat kanal resmi. Jangan membayar kepada perantara.",
             "Pay only the fee in the service standard, through official channels. Do not pay middlemen.",
             "Bayar hanya tarif resmi.",
             "Pay only the official fee."),
            ("check", "Terima hasilnya", "Receive the result",
             "Dokumen elektronik dapat diunduh dari Dokumen Saya; dokumen cetak diambil di kantor sesuai pemberitahuan.",
             "Electronic documents can be downloaded from My documents; printed ones are collected at the office when you are told.",
             "Unduh atau ambil dokumen Anda.",
             "Download or collect your document."),
        ],
    },
    DemoGuide {
        slug: "cara-antre-dan-janji-temu",
        service: None,
        agency: None,
        title: ("Cara antre dan membuat janji temu", "How to queue and book an appointment"),
        summary: (
            "Datang di jam yang Anda pilih atau ambil nomor antrean dari rumah.",
            "Come at a time you chose or take a queue number from home.",
        ),
        steps: &[
            ("calendar", "Pilih layanan dan jam", "Choose the service and time",
             "Di halaman layanan, pilih Buat janji temu, lalu pilih lokasi (misalnya MPP Siola) dan jam yang masih tersedia.",
             "On the service page choose Book a visit, then the place (for example the Siola MPP) and a free time.",
             "Pilih tempat dan jam.",
             "Choose the place and time."),
            ("ticket", "Simpan tiket", "Keep your ticket",
             "Anda mendapat kode dan kode QR. Simpan di ponsel atau cetak.",
             "You get a code and a QR code. Keep it on your phone or print it.",
             "Simpan tiket Anda.",
             "Keep your ticket."),
            ("office", "Datang dan lapor", "Arrive and check in",
             "Datang 10 menit sebelumnya. Tunjukkan kode QR di mesin atau meja informasi, lalu tunggu nomor Anda dipanggil di layar.",
             "Arrive 10 minutes early. Show the QR code at the kiosk or information desk and wait for your number on the screen.",
             "Datang lebih awal. Tunjukkan tiket. Tunggu dipanggil.",
             "Come early. Show the ticket. Wait to be called."),
            ("check", "Dilayani di loket", "Be served at the counter",
             "Bawa dokumen asli yang diminta. Setelah dilayani, Anda dapat mengisi survei kepuasan.",
             "Bring the original documents asked for. After being served you can fill in the satisfaction survey.",
             "Bawa dokumen asli. Anda dilayani.",
             "Bring the original papers. You are served."),
        ],
    },
];

fn text(pair: (&str, &str)) -> Bilingual {
    Bilingual { id: pair.0.to_string(), en: pair.1.to_string() }
}

/// Seed the demo guides unless a guide exists already.
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    if !super::service::guides(state).await.map_err(|e| anyhow::anyhow!("demo guides: {e:?}"))?.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    let now = db::now();
    for g in GUIDES {
        let guide = NewGuide {
            slug: g.slug.into(),
            title: text(g.title),
            summary: text(g.summary),
            service_id: g.service.map(str::to_string),
        };
        let id = store::insert_guide(&mut tx, &guide, g.agency, now).await?;
        for (icon, h_id, h_en, b_id, b_en, e_id, e_en) in g.steps {
            let step = NewStep {
                icon: icon.to_string(),
                heading: text((h_id, h_en)),
                body: text((b_id, b_en)),
                easy: text((e_id, e_en)),
            };
            store::insert_step(&mut tx, id, &step).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_guides_use_known_icons_and_slugs() {
        for g in super::GUIDES {
            assert!(crate::guides::model::valid_slug(g.slug), "{}", g.slug);
            for s in g.steps {
                assert!(crate::guides::icons::find(s.0).is_some(), "{}: {}", g.slug, s.0);
            }
        }
    }
}
