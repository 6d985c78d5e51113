//! Demo content for e-participation, made through the service functions as people would: ideas
//! in Surabaya (one a support short of its threshold, one waiting for its answer, one accepted
//! and followed on the accountability page), a participatory-budgeting process of Kelurahan
//! Gubeng in its voting phase with six feasible projects, and last year's process with results.

use std::collections::HashMap;

use super::service::{self, IdeaInput, ProcessInput};
use crate::app::AppState;
use crate::identity::model::Registration;
use crate::identity::{service as identity, CurrentUser, Role};

/// More citizens of Gubeng, so supports and ballots come from several people (same password as
/// the other demo citizens). `(nik, name, email)`.
pub const NEIGHBOURS: [(&str, &str, &str); 3] = [
    ("3578045503880002", "Dewi Lestari", "dewi@warga.example.id"),
    ("3578041107790005", "Agus Wibowo", "agus@warga.example.id"),
    ("3578042309950001", "Rahmat Hidayat", "rahmat@warga.example.id"),
];

fn idea(title: &str, body: &str, category: &str, agency: &str) -> IdeaInput {
    IdeaInput {
        title: title.into(),
        body: body.into(),
        category: category.into(),
        agency: agency.into(),
        region: "Kelurahan Gubeng, Surabaya".into(),
    }
}

fn err(e: crate::web::AppError) -> anyhow::Error {
    anyhow::anyhow!("demo participation: {e:?}")
}

pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    let mut who: HashMap<&str, CurrentUser> = people.iter().map(|(k, v)| (*k, v.clone())).collect();
    for (nik, name, email) in NEIGHBOURS {
        let reg = Registration::parse(Some(nik), Some(name), Some(email), None, Some("warga-demo-2026"))
            .map_err(|e| anyhow::anyhow!("demo neighbour: {e:?}"))?;
        let id = identity::register(state, reg).await.map_err(err)?;
        let user = CurrentUser::signed_in(id, Role::Citizen, None, name);
        who.insert(email, user);
    }
    let get = |k: &str| who.get(k).cloned().ok_or_else(|| anyhow::anyhow!("demo participation: no {k}"));
    let (siti, budi) = (get("siti@warga.example.id")?, get("budi@warga.example.id")?);
    let (dewi, agus, rahmat) =
        (get("dewi@warga.example.id")?, get("agus@warga.example.id")?, get("rahmat@warga.example.id")?);
    let dpupr = get("petugas@dpupr.example.id")?;
    let kelurahan = get("petugas@kelurahan.example.id")?;
    let admin = get("superadmin@satupintu.example.id")?;
    let threshold = service::support_threshold(state);

    // One support short of the threshold.
    let near = service::propose(
        state,
        &budi,
        &idea(
            "Trotoar ramah difabel di Jl. Dharmawangsa",
            "Trotoar di Jl. Dharmawangsa sempit, berlubang dan tanpa ubin pemandu, sehingga pengguna kursi roda \
             dan tunanetra terpaksa berjalan di badan jalan. Usul: lebarkan trotoar, pasang ubin pemandu dan \
             ram di setiap penyeberangan.",
            "infrastruktur",
            "dpupr",
        ),
    )
    .await
    .map_err(err)?;
    let near_supporters = [&dewi, &agus, &rahmat];
    for s in near_supporters.iter().take(usize::try_from(threshold - 1).unwrap_or(0).min(near_supporters.len())) {
        service::support(state, s, near).await.map_err(err)?;
    }
    service::comment(
        state,
        &dewi,
        near,
        "for",
        "Setuju sekali. Ibu saya memakai kursi roda dan tidak bisa lewat trotoar itu.",
    )
    .await
    .map_err(err)?;
    service::comment(
        state,
        &rahmat,
        near,
        "against",
        "Setuju tujuannya, tapi jalan di sana sudah sempit; pelebaran trotoar bisa menambah macet.",
    )
    .await
    .map_err(err)?;

    // Accepted and followed to completion.
    let accepted = service::propose(
        state,
        &agus,
        &idea(
            "Bank sampah di setiap RW Kelurahan Gubeng",
            "Sampah plastik menumpuk di TPS dan saluran air. Bank sampah di setiap RW membuat warga memilah sampah \
             dan mendapat tabungan dari sampah yang dijual.",
            "lingkungan",
            "dpupr",
        ),
    )
    .await
    .map_err(err)?;
    for s in [&siti, &budi, &dewi, &rahmat] {
        service::support(state, s, accepted).await.map_err(err)?;
    }
    let reached = service::idea(state, None, accepted).await.map_err(err)?.idea.status == "awaiting_answer";
    if reached {
        service::answer(
            state,
            &dpupr,
            accepted,
            "accepted",
            "Diterima. Bank sampah dibuka bertahap mulai RW 01-04 tahun ini bersama DLH dan kader lingkungan.",
        )
        .await
        .map_err(err)?;
    }
    if let Some(item) = service::accountability(state).await.map_err(err)?.first() {
        service::update_item(
            state,
            &dpupr,
            item.id,
            "in_progress",
            "40",
            "Bank sampah RW 01 dan RW 02 sudah beroperasi; RW 03 dan RW 04 menunggu timbangan.",
        )
        .await
        .map_err(err)?;
    }

    // Past its threshold, waiting for the kelurahan's answer.
    let waiting = service::propose(
        state,
        &dewi,
        &idea(
            "Layanan KTP dan KK keliling di balai RW setiap Sabtu",
            "Banyak warga lansia dan pekerja pabrik tidak bisa datang ke kantor pada jam kerja. Petugas keliling \
             satu kali sebulan di balai RW akan sangat membantu.",
            "tata-kelola",
            "kelurahan",
        ),
    )
    .await
    .map_err(err)?;
    for s in [&siti, &budi, &agus, &rahmat] {
        service::support(state, s, waiting).await.map_err(err)?;
    }
    service::propose(
        state,
        &siti,
        &idea(
            "Kelas literasi digital untuk lansia di perpustakaan kelurahan",
            "Banyak lansia kesulitan memakai aplikasi layanan publik dan tertipu pesan palsu. Kelas mingguan \
             dengan relawan mahasiswa bisa membantu.",
            "pendidikan",
            "diskominfo",
        ),
    )
    .await
    .map_err(err)?;

    // Last year's process, with results.
    let past =
        pb_process(state, &admin, "Anggaran Partisipatif Kelurahan Gubeng 2026", "300.000.000", "150.000.000", 0)
            .await?;
    let past_projects = [
        (
            &agus,
            "Lampu jalan tenaga surya Gang Gubeng Kertajaya",
            "Dua puluh titik lampu tenaga surya di gang yang gelap dan rawan.",
            "90.000.000",
        ),
        (
            &dewi,
            "Pojok baca anak di balai RW 03",
            "Rak buku, karpet dan seratus buku cerita anak untuk balai RW 03.",
            "25.000.000",
        ),
        (
            &rahmat,
            "Pengecatan ulang zebra cross depan SD",
            "Zebra cross dan rambu sekolah di depan SDN Gubeng 1 yang sudah pudar.",
            "40.000.000",
        ),
    ];
    let mut ids = vec![];
    for (who, title, body, cost) in past_projects {
        ids.push(service::propose_project(state, who, past, title, body, cost).await.map_err(err)?);
    }
    for id in &ids {
        service::review_project(state, &kelurahan, *id, "feasible", "").await.map_err(err)?;
    }
    service::advance(state, &admin, past).await.map_err(err)?;
    service::advance(state, &admin, past).await.map_err(err)?;
    for (who, choice) in [(&dewi, vec![ids[0], ids[1]]), (&agus, vec![ids[0]]), (&rahmat, vec![ids[1], ids[2]])] {
        let choice: Vec<String> = choice.iter().map(i64::to_string).collect();
        service::vote(state, who, past, &choice).await.map_err(err)?;
    }
    service::advance(state, &admin, past).await.map_err(err)?;

    // This year's process, voting now.
    let current =
        pb_process(state, &admin, "Anggaran Partisipatif Kelurahan Gubeng 2027", "500.000.000", "200.000.000", 14)
            .await?;
    let projects = [
        (&agus, "Perbaikan saluran drainase Jl. Gubeng Airlangga", "Saluran di Jl. Gubeng Airlangga dangkal dan tertutup sedimen; setiap hujan deras jalan tergenang. Pengerukan dan penggantian tutup saluran sepanjang 300 meter.", "150.000.000"),
        (&dewi, "Taman bermain ramah anak di RW 03", "Lahan kosong milik kelurahan di RW 03 dijadikan taman bermain dengan ayunan, perosotan, alas karet dan bangku untuk orang tua.", "120.000.000"),
        (&rahmat, "Timbangan dan tensimeter digital untuk posyandu lansia", "Lima posyandu lansia masih memakai alat manual yang sering rusak. Pengadaan timbangan, tensimeter dan alat cek gula darah digital.", "35.000.000"),
        (&budi, "Komposter komunal di setiap RW", "Sisa makanan dan daun diolah menjadi kompos untuk taman kelurahan; satu komposter besar dan pelatihan kader di setiap RW.", "60.000.000"),
        (&siti, "Pelatihan pemasaran daring untuk UMKM ibu rumah tangga", "Pelatihan foto produk, toko daring dan pembukuan sederhana selama enam minggu untuk tiga puluh pelaku UMKM.", "45.000.000"),
        (&agus, "CCTV dan lampu di jalur pejalan kaki menuju Stasiun Gubeng", "Delapan kamera CCTV dan lampu tambahan di jalur pejalan kaki yang sering terjadi penjambretan pada malam hari.", "95.000.000"),
        (&rahmat, "Kolam renang umum di lahan fasos RW 07", "Kolam renang umum untuk warga di lahan fasilitas sosial RW 07.", "480.000.000"),
    ];
    let mut ids = vec![];
    for (who, title, body, cost) in projects {
        ids.push(service::propose_project(state, who, current, title, body, cost).await.map_err(err)?);
    }
    service::advance(state, &admin, current).await.map_err(err)?;
    for (i, id) in ids.iter().enumerate() {
        if i + 1 == ids.len() {
            let reason = "Lahan fasos RW 07 masih dalam sengketa dan biaya melebihi separuh anggaran; tidak dapat dilaksanakan tahun ini.";
            service::review_project(state, &kelurahan, *id, "unfeasible", reason).await.map_err(err)?;
        } else {
            service::review_project(state, &kelurahan, *id, "feasible", "").await.map_err(err)?;
        }
    }
    service::advance(state, &admin, current).await.map_err(err)?;
    for (who, choice) in [(&dewi, vec![ids[1], ids[2]]), (&agus, vec![ids[0], ids[2]])] {
        let choice: Vec<String> = choice.iter().map(i64::to_string).collect();
        service::vote(state, who, current, &choice).await.map_err(err)?;
    }

    // An open consultation on a draft regulation, with comments on its clauses.
    let today = service::today(state);
    let day = |d: i64| (today + time::Duration::days(d)).to_string();
    let input = service::ConsultationInput {
        title: "Rancangan Peraturan Wali Kota tentang Ruang Terbuka Hijau di Permukiman".into(),
        agency: String::new(),
        summary: "Rancangan ini mewajibkan setiap RW menyediakan ruang terbuka hijau dan mengatur pemeliharaannya \
                  bersama warga."
            .into(),
        opens_on: day(-7),
        closes_on: day(21),
        draft: DRAFT.into(),
    };
    let consultation = service::create_consultation(state, &dpupr, &input).await.map_err(err)?;
    let paragraphs = service::consultation(state, consultation).await.map_err(err)?.paragraphs;
    let comments = [
        (&dewi, 1, "for", "Setuju. Anak-anak di RW kami tidak punya tempat bermain selain jalan."),
        (&rahmat, 1, "against", "Luas 10 persen terlalu besar untuk RW padat di tengah kota; sebaiknya disesuaikan."),
        (&agus, 4, "neutral", "Siapa yang menanggung biaya air untuk menyiram taman? Mohon diatur jelas."),
    ];
    for (who, i, stance, text) in comments {
        if let Some(p) = paragraphs.get(i) {
            service::comment_paragraph(state, who, consultation, &p.id.to_string(), stance, text).await.map_err(err)?;
        }
    }

    // A poll, open for two weeks, with a few answers.
    let poll = service::create_poll(
        state,
        &kelurahan,
        &service::PollInput {
            question: "Sampai jam berapa Taman Kelurahan Gubeng sebaiknya dibuka?".into(),
            options: "Pukul 18.00\nPukul 21.00\nPukul 22.00\nBuka 24 jam".into(),
            closes_on: day(14),
        },
    )
    .await
    .map_err(err)?;
    let options: Vec<i64> = service::poll(state, None, poll).await.map_err(err)?.options.iter().map(|o| o.0).collect();
    for (who, i) in [(&dewi, 1), (&agus, 2), (&rahmat, 1)] {
        if let Some(o) = options.get(i) {
            service::answer_poll(state, who, poll, &o.to_string()).await.map_err(err)?;
        }
    }
    Ok(())
}

const DRAFT: &str = "Menimbang bahwa ruang terbuka hijau di permukiman diperlukan untuk kesehatan, resapan air dan \
tempat bermain anak.

Pasal 1
(1) Setiap rukun warga menyediakan ruang terbuka hijau paling sedikit 10 persen dari luas lahan fasilitas umum.
(2) Ruang terbuka hijau sebagaimana dimaksud pada ayat (1) terbuka untuk umum tanpa dipungut biaya.

Pasal 2
(1) Pemeliharaan ruang terbuka hijau dilakukan oleh kelurahan bersama kelompok warga.
(2) Biaya pemeliharaan dapat dibebankan pada dana kelurahan.

Pasal 3
Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.";

/// A process in Kelurahan Gubeng whose voting ends `days` from today.
async fn pb_process(
    state: &AppState,
    admin: &CurrentUser,
    title: &str,
    total: &str,
    limit: &str,
    days: i64,
) -> anyhow::Result<i64> {
    let today = service::today(state);
    let day = |d: i64| (today + time::Duration::days(d)).to_string();
    let input = ProcessInput {
        title: title.into(),
        description: "Warga Kelurahan Gubeng mengusulkan dan memilih kegiatan yang didanai dari dana kelurahan.".into(),
        region: "Kelurahan Gubeng, Kecamatan Gubeng, Kota Surabaya".into(),
        total_budget: total.into(),
        voter_limit: limit.into(),
        proposing_until: day(days - 30),
        reviewing_until: day(days - 15),
        voting_until: day(days),
    };
    service::create_process(state, admin, &input).await.map_err(err)
}
