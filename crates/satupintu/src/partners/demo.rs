//! Demo partners in Surabaya: a waste bank in Gunung Anyar coordinated by Budi, a company's CSR
//! programme for drainage and greening, and a volunteer team for digital literacy; their
//! programmes and activity reports; a waste complaint passed to the waste bank; Siti as a
//! waste-bank customer with two deposits.

use std::collections::HashMap;

use super::model::{ActivityInput, CustomerInput, DecisionInput, DepositInput, OrgInput, ProgrammeInput};
use super::service;
use crate::app::AppState;
use crate::identity::CurrentUser;
use crate::web::AppError;

/// The demo citizen who coordinates the waste bank and the CSR programme.
pub const WASTE_BANK_COORDINATOR: &str = "budi@warga.example.id";

/// (applicant, registration, programme, activity: (days ago, text, waste kg, people, trees)).
type DemoOrg = (&'static str, OrgInput, ProgrammeInput, (i64, &'static str, &'static str, &'static str, &'static str));

fn s(x: &str) -> String {
    x.to_string()
}

fn orgs() -> Vec<DemoOrg> {
    vec![
        (
            WASTE_BANK_COORDINATOR,
            OrgInput {
                name: s("Bank Sampah Bintang Mangrove"),
                kind: s("bank_sampah"),
                legal_basis: s("SK Lurah Gunung Anyar Tambak No. 660/12/436.11.25/2021"),
                fields: vec![s("sampah")],
                regions: s("357825"),
                contact: s("0812-3300-4455 (penimbangan Sabtu 08.00–11.00, Balai RW 03)"),
                description: s("Bank sampah warga Gunung Anyar di tepi kawasan mangrove Wonorejo. Menerima plastik, \
                     kertas, logam, kaca, dan sampah organik terpilah; hasil penjualan dicatat sebagai tabungan nasabah."),
            },
            ProgrammeInput {
                title: s("Tabungan Sampah Warga Gunung Anyar"),
                field: s("sampah"),
                region: s("357825"),
                starts_on: s("2026-01-01"),
                ends_on: s("2026-12-31"),
                description: s("Penimbangan mingguan, jemput sampah untuk lansia, dan pelatihan memilah sampah di setiap RW."),
                ..Default::default()
            },
            (12, "Penimbangan bulanan di Balai RW 03 bersama 48 nasabah; plastik dan kardus dijual ke pengepul mitra.", "312,5", "48", ""),
        ),
        (
            WASTE_BANK_COORDINATOR,
            OrgInput {
                name: s("CSR PT Sinergi Nusantara Abadi"),
                kind: s("csr"),
                legal_basis: s("NIB 9120301234567"),
                fields: vec![s("drainase_banjir"), s("fasilitas_umum")],
                regions: s("3578"),
                contact: s("csr@sinergi-nusantara.example.id"),
                description: s("Program tanggung jawab sosial perusahaan untuk saluran air dan penghijauan kampung di \
                     Kota Surabaya, bersama warga dan dinas terkait."),
            },
            ProgrammeInput {
                title: s("Kampung Hijau Bebas Genangan"),
                field: s("drainase_banjir"),
                region: s("357804"),
                starts_on: s("2026-03-01"),
                ends_on: s("2027-02-28"),
                description: s("Normalisasi saluran kampung, sumur resapan, dan penanaman pohon peneduh di Wonokromo."),
                company: s("PT Sinergi Nusantara Abadi"),
                budget: s("250.000.000"),
            },
            (20, "Kerja bakti mengeruk saluran Jl. Ngagel Jaya dan menanam pohon trembesi di sepanjang saluran.", "", "65", "120"),
        ),
        (
            "siti@warga.example.id",
            OrgInput {
                name: s("Komunitas Relawan Literasi Digital Surabaya"),
                kind: s("komunitas"),
                legal_basis: String::new(),
                fields: vec![s("pelayanan_petugas"), s("lainnya")],
                regions: s("3578"),
                contact: s("relawan.literasi@contoh.example.id"),
                description: s("Relawan muda yang mendampingi warga lansia dan UMKM memakai layanan daring: akun \
                     SatuPintu, pengaduan, antrean, dan mengenali penipuan daring."),
            },
            ProgrammeInput {
                title: s("Pendampingan Digital Lansia"),
                field: s("lainnya"),
                region: s("357808"),
                starts_on: s("2026-02-01"),
                ends_on: s("2026-12-31"),
                description: s("Kelas mingguan di balai RW Gubeng: membuat akun, mendaftar antrean, dan mengirim pengaduan."),
                ..Default::default()
            },
            (5, "Kelas di Balai RW 05 Gubeng: 35 lansia membuat akun dan mencoba antrean daring.", "", "35", ""),
        ),
    ]
}

pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    run(state, people).await.map_err(|e| anyhow::anyhow!("demo partners: {e}"))
}

async fn run(state: &AppState, people: &HashMap<&str, CurrentUser>) -> Result<(), AppError> {
    let (Some(admin), Some(budi), Some(siti), Some(coordinator)) = (
        people.get("superadmin@satupintu.example.id"),
        people.get(WASTE_BANK_COORDINATOR),
        people.get("siti@warga.example.id"),
        people.get("koordinator@diskominfo.example.id"),
    ) else {
        return Ok(());
    };
    let today = crate::calendar::local_date(crate::db::now(), state.config.utc_offset_hours().unwrap_or(7));
    let ago = |d: i64| (today - time::Duration::days(d)).to_string();
    let mut slugs = vec![];
    for (applicant, org, programme, (days, text, kg, reached, trees)) in orgs() {
        let Some(user) = people.get(applicant) else { continue };
        let o = service::register(state, user, &org).await?;
        service::decide(state, admin, &o.slug, &DecisionInput { decision: "verify".into(), reason: String::new() })
            .await?;
        let pid = service::add_programme(state, user, &o.slug, &programme).await?;
        let activity = ActivityInput {
            done_on: ago(days),
            body: text.into(),
            programme_id: pid.to_string(),
            waste_kg: kg.into(),
            people_reached: reached.into(),
            trees_planted: trees.into(),
        };
        service::add_activity(state, user, &o.slug, &activity).await?;
        slugs.push(o.slug);
    }
    let bank = slugs.first().cloned().unwrap_or_default();

    // A waste complaint in Gunung Anyar, dispatched to the environment agency and passed to
    // the waste bank, with the waste bank's update on its public history.
    let report = crate::reports::service::create(
        state,
        siti,
        crate::reports::service::NewReport {
            category: Some("sampah".into()),
            description: Some(
                "Tumpukan sampah plastik di tepi saluran dekat jembatan Gunung Anyar Tambak, terbawa ke arah mangrove \
                 setiap hujan."
                    .into(),
            ),
            lat: Some(-7.3365),
            lon: Some(112.8027),
            privacy: Some("public".into()),
            region_code: Some("357825".into()),
            ..Default::default()
        },
    )
    .await?;
    let dispatch = crate::reports::service::ActionInput { action: "dispatch".into(), ..Default::default() };
    crate::reports::service::act(state, coordinator, &report.code, dispatch).await?;
    service::pass_report(state, coordinator, &report.code, &bank).await?;
    let update = service::UpdateInput {
        note: "Relawan bank sampah memilah dan mengangkut 40 kg plastik dari tepi saluran pada Sabtu pagi; sisa \
               sampah campuran menunggu truk DLH."
            .into(),
        done: String::new(),
    };
    service::update_report(state, budi, &bank, &report.code, &update).await?;

    // Siti saves her sorted waste at the waste bank.
    let customer = CustomerInput {
        full_name: siti.full_name.clone(),
        address: "Jl. Gunung Anyar Tambak IV/21".into(),
        rt: "3".into(),
        rw: "3".into(),
    };
    let c = service::register_customer(state, siti, &bank, &customer).await?;
    for (days, plastik, kertas, logam, value) in [(20, "3,5", "2", "", "9.500"), (6, "2", "4,5", "0,8", "14.200")] {
        let d = DepositInput {
            member_no: c.member_no.clone(),
            deposited_on: ago(days),
            plastik: plastik.into(),
            kertas: kertas.into(),
            logam: logam.into(),
            value: value.into(),
            ..Default::default()
        };
        service::record_deposit(state, budi, &bank, &d).await?;
    }
    Ok(())
}
