//! Demo procurement packages at different stages, recorded the way staff record them (so every
//! stage has its OCDS release and ledger leaf).

use std::collections::HashMap;

use super::model::{NewPackageForm, StageForm};
use super::service;
use crate::app::AppState;
use crate::identity::CurrentUser;

struct Demo {
    staff: &'static str,
    agency: &'static str,
    title: &'static str,
    description: &'static str,
    method: &'static str,
    budget: &'static str,
    items: &'static str,
    /// (step, field=value pairs)
    steps: &'static [(&'static str, &'static [(&'static str, &'static str)])],
}

const DEMOS: &[Demo] = &[
    Demo {
        staff: "petugas@dpupr.example.id",
        agency: "dpupr",
        title: "Rehabilitasi Jalan Ruas Sukamaju – Cibeureum (3,2 km)",
        description: "Rehabilitasi perkerasan aspal, saluran tepi jalan dan marka pada ruas jalan kabupaten Sukamaju – Cibeureum.",
        method: "tender",
        budget: "4850000000",
        items: "Lapis aspal beton (AC-WC); 1450; ton\nSaluran tepi jalan beton pracetak; 2100; m\nMarka jalan termoplastik; 3; km",
        steps: &[
            ("tender", &[("start", "2026-02-09"), ("end", "2026-03-06"), ("tenderers", "PT Karya Bumi Parahyangan\nCV Sinar Jaya Konstruksi\nPT Mitra Aspal Nusantara")]),
            ("award", &[("supplier", "PT Karya Bumi Parahyangan"), ("amount", "4612750000"), ("date", "2026-03-20")]),
            ("contract", &[("amount", "4612750000"), ("signed", "2026-03-27"), ("start", "2026-04-01"), ("end", "2026-09-28")]),
            ("payment", &[("amount", "922550000"), ("date", "2026-04-10"), ("note", "Uang muka 20%")]),
            ("payment", &[("amount", "1383825000"), ("date", "2026-07-15"), ("note", "Termin I (progres 50%)")]),
        ],
    },
    Demo {
        staff: "dokter@dinkes.example.id",
        agency: "dinkes",
        title: "Pengadaan Alat Kesehatan Puskesmas Tahun 2026",
        description: "Alat kesehatan dasar untuk 6 Puskesmas: tensimeter digital, timbangan bayi, EKG dan sterilisator.",
        method: "e-purchasing",
        budget: "1275000000",
        items: "Tensimeter digital; 60; unit\nTimbangan bayi digital; 30; unit\nElektrokardiograf 12 kanal; 6; unit\nSterilisator uap; 6; unit",
        steps: &[
            ("award", &[("supplier", "PT Medika Sarana Utama"), ("amount", "1198400000"), ("date", "2026-05-12")]),
            ("contract", &[("amount", "1198400000"), ("signed", "2026-05-14"), ("start", "2026-05-15"), ("end", "2026-07-15")]),
        ],
    },
    Demo {
        staff: "petugas@dpupr.example.id",
        agency: "dpupr",
        title: "Pembangunan Drainase Jalan Merdeka",
        description: "Saluran drainase tertutup sepanjang 850 m untuk mengurangi genangan di Jalan Merdeka.",
        method: "tender",
        budget: "2140000000",
        items: "Box culvert beton 80x80; 850; m\nBak kontrol; 34; unit",
        steps: &[("tender", &[("start", "2026-10-19"), ("end", "2026-11-13"), ("tenderers", "CV Tirta Bangun Mandiri\nPT Saluran Prima\nCV Adi Karya")])],
    },
    Demo {
        staff: "koordinator@diskominfo.example.id",
        agency: "diskominfo",
        title: "Jaringan Internet Kantor Kelurahan",
        description: "Layanan internet untuk 24 kantor kelurahan selama 12 bulan.",
        method: "seleksi",
        budget: "648000000",
        items: "Layanan internet 50 Mbps; 288; bulan-lokasi",
        steps: &[],
    },
];

/// Load the demo packages (after the catalogue and the demo staff).
pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    for d in DEMOS {
        let Some(user) = people.get(d.staff) else { continue };
        let form = NewPackageForm {
            agency: d.agency.into(),
            title: d.title.into(),
            description: d.description.into(),
            fiscal_year: "2026".into(),
            method: d.method.into(),
            budget: d.budget.into(),
            items: d.items.into(),
        };
        let p = service::create(state, user, &form).await.map_err(|e| anyhow::anyhow!("demo procurement: {e:?}"))?;
        for (step, fields) in d.steps {
            let f = StageForm::from_pairs(step, fields);
            service::record(state, user, &p.id, f)
                .await
                .map_err(|e| anyhow::anyhow!("demo procurement {step}: {e:?}"))?;
        }
    }
    Ok(())
}
