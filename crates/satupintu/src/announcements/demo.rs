//! Demo announcements by Surabaya agencies, written through the service as staff would: four
//! public ones and one scheduled for tomorrow morning (staff see it waiting on
//! `/kelola/pengumuman`); Siti subscribes to every agency.

use std::collections::HashMap;

use super::model::AnnouncementInput;
use super::service;
use crate::app::AppState;
use crate::identity::CurrentUser;

fn err(e: crate::web::AppError) -> anyhow::Error {
    anyhow::anyhow!("demo announcements: {e:?}")
}

/// (agency, kind, region, title, summary, body, publish in hours from now: negative is past).
const ITEMS: &[(&str, &str, &str, &str, &str, &str, i64)] = &[
    (
        "disdukcapil",
        "pengumuman",
        "Kota Surabaya",
        "Perekaman KTP-el Hari Sabtu di MPP Siola",
        "Selama Desember, perekaman KTP-el dan pencetakan KIA juga dilayani setiap Sabtu pukul 08.00–12.00 WIB di Mal Pelayanan Publik Siola.",
        "Untuk mengurangi antrean akhir tahun, Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya membuka layanan perekaman KTP-el dan pencetakan Kartu Identitas Anak setiap hari Sabtu selama bulan Desember.\n\nLayanan dibuka pukul 08.00 sampai 12.00 WIB di lantai 2 Mal Pelayanan Publik Siola, Jl. Tunjungan No. 1–3. Warga cukup membawa Kartu Keluarga asli; ambil nomor antrean di kios atau pesan janji temu lewat SatuPintu.\n\nLayanan ini tidak dipungut biaya.",
        -50,
    ),
    (
        "dlh",
        "berita",
        "Kecamatan Gubeng",
        "Kerja Bakti Bersih Kali Jagir Diikuti 1.200 Warga",
        "Minggu pagi, warga dari enam kelurahan bersama petugas DLH mengangkat 14 ton sampah dari bantaran Kali Jagir.",
        "Kegiatan kerja bakti dimulai pukul 06.00 WIB dari Pintu Air Jagir dan berakhir di Jembatan Ngagel. Sampah plastik yang terkumpul dipilah di lokasi; yang masih bernilai diserahkan ke bank sampah kelurahan.\n\nDinas Lingkungan Hidup mengajak warga tidak membuang sampah ke saluran air menjelang musim hujan, dan melaporkan tumpukan sampah lewat menu Laporan di SatuPintu.",
        -30,
    ),
    (
        "dinkes",
        "pengumuman",
        "Kota Surabaya",
        "Imunisasi Campak-Rubella Gratis di Seluruh Puskesmas",
        "Bulan imunisasi anak berlangsung sampai 31 Desember; bawa buku KIA anak ke puskesmas terdekat, tanpa biaya.",
        "Dinas Kesehatan Kota Surabaya mengadakan imunisasi campak-rubella (MR) tambahan untuk anak usia 9 bulan sampai 15 tahun di seluruh puskesmas, posyandu dan sekolah.\n\nOrang tua diminta membawa buku KIA atau kartu imunisasi anak. Anak yang sedang demam tinggi dapat diimunisasi setelah sembuh.",
        -20,
    ),
    (
        "dpmptsp",
        "berita",
        "",
        "NIB untuk Usaha Mikro Kini Terbit dalam Satu Hari",
        "Pelaku usaha mikro di Surabaya dapat mengurus Nomor Induk Berusaha secara daring dan menerimanya pada hari yang sama.",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu mencatat lebih dari 3.000 NIB usaha mikro terbit sepanjang November. Pendampingan pengisian data tersedia di gerai DPMPTSP MPP Siola setiap hari kerja.\n\nNIB berlaku sebagai izin usaha, angka pengenal impor dan akses kepabeanan untuk usaha mikro dan kecil.",
        -6,
    ),
    (
        "disdukcapil",
        "pengumuman",
        "Kota Surabaya",
        "Gangguan Jaringan: Layanan Cetak Dokumen Dihentikan Sementara",
        "Pencetakan KTP-el dan KK di MPP Siola dihentikan sementara karena pemeliharaan jaringan pusat data.",
        "Perekaman dan pengajuan daring tetap berjalan. Dokumen yang sudah diajukan akan dicetak setelah pemeliharaan selesai; pemohon akan menerima pemberitahuan lewat SatuPintu.",
        // Tomorrow: scheduled, waiting for its time.
        24,
    ),
];

pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    let Some(admin) = people.get("superadmin@satupintu.example.id") else { return Ok(()) };
    let offset = service::offset(state);
    let now = crate::db::now();
    for (agency, kind, region, title, summary, body, hours) in ITEMS {
        let input = AnnouncementInput {
            title: title.to_string(),
            summary: summary.to_string(),
            body: body.to_string(),
            kind: kind.to_string(),
            agency: agency.to_string(),
            region: region.to_string(),
            publish_at: crate::calendar::local_datetime_input(now + hours * 3600, offset),
            expires_at: String::new(),
        };
        service::create(state, admin, &input).await.map_err(err)?;
    }
    if let Some(siti) = people.get("siti@warga.example.id") {
        service::subscribe(state, siti, true, &[]).await.map_err(err)?;
    }
    Ok(())
}
