//! Demo data for `serve --demo`: the example catalogue and demo accounts, loaded once.

use crate::app::AppState;
use crate::db;
use crate::identity::model::Registration;
use crate::identity::{service as identity, store as identity_store, Role};

/// The example catalogue (thirty services of a Mal Pelayanan Publik).
pub const CATALOG: &str = include_str!("../demo/catalog.id.json");
/// The agencies that coordinate and handle citizens' reports (no services of their own).
/// The demo's service locations (an MPP, a 24-hour self-service desk, a Puskesmas and a
/// telemedicine facility).
pub const LOCATIONS: &str = include_str!("../demo/locations.json");

pub const REPORT_AGENCIES: &str = include_str!("../demo/agencies-laporan.json");

pub struct DemoCitizen {
    pub nik: &'static str,
    pub name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub password: &'static str,
}

pub const CITIZENS: &[DemoCitizen] = &[
    DemoCitizen {
        nik: "3273014506900001",
        name: "Siti Rahayu",
        email: "siti@warga.example.id",
        phone: "081234567890",
        password: "warga-demo-2026",
    },
    DemoCitizen {
        nik: "3578011208850003",
        name: "Budi Santoso",
        email: "budi@warga.example.id",
        phone: "081298765432",
        password: "warga-demo-2026",
    },
];

pub struct DemoStaff {
    pub role: Role,
    pub agency: Option<&'static str>,
    pub email: &'static str,
    pub name: &'static str,
    pub password: &'static str,
}

pub const STAFF: &[DemoStaff] = &[
    DemoStaff {
        role: Role::Officer,
        agency: Some("disdukcapil"),
        email: "petugas@disdukcapil.example.id",
        name: "Rina Petugas",
        password: "petugas-demo-2026",
    },
    DemoStaff {
        role: Role::Supervisor,
        agency: Some("disdukcapil"),
        email: "supervisor@disdukcapil.example.id",
        name: "Agus Supervisor",
        password: "supervisor-demo-2026",
    },
    DemoStaff {
        role: Role::AgencyAdmin,
        agency: Some("disdukcapil"),
        email: "admin@disdukcapil.example.id",
        name: "Dewi Admin",
        password: "admin-demo-2026",
    },
    DemoStaff {
        role: Role::Officer,
        agency: Some("polri-satpas"),
        email: "petugas@satpas.example.id",
        name: "Yusuf Petugas",
        password: "petugas-demo-2026",
    },
    DemoStaff {
        role: Role::Officer,
        agency: Some("kelurahan"),
        email: "petugas@kelurahan.example.id",
        name: "Sari Petugas",
        password: "petugas-demo-2026",
    },
    DemoStaff {
        role: Role::Officer,
        agency: Some("diskominfo"),
        email: "koordinator@diskominfo.example.id",
        name: "Fajar Koordinator",
        password: "petugas-demo-2026",
    },
    DemoStaff {
        role: Role::Officer,
        agency: Some("dpupr"),
        email: "petugas@dpupr.example.id",
        name: "Bambang Petugas",
        password: "petugas-demo-2026",
    },
    DemoStaff {
        role: Role::Officer,
        agency: Some("dinkes"),
        email: "dokter@dinkes.example.id",
        name: "dr. Rina Kusuma",
        password: "petugas-demo-2026",
    },
    DemoStaff {
        role: Role::Officer,
        agency: Some("dinkes"),
        email: "apotek@dinkes.example.id",
        name: "Apotek Dinkes",
        password: "petugas-demo-2026",
    },
    DemoStaff {
        role: Role::AgencyAdmin,
        agency: Some("dlh"),
        email: "admin@dlh.example.id",
        name: "Wulan Admin DLH",
        password: "admin-demo-2026",
    },
    DemoStaff {
        role: Role::Officer,
        agency: Some("dlh"),
        email: "petugas@dlh.example.id",
        name: "Slamet Petugas Angkut",
        password: "petugas-demo-2026",
    },
    DemoStaff {
        role: Role::Auditor,
        agency: None,
        email: "auditor@inspektorat.example.id",
        name: "Hendra Auditor",
        password: "auditor-demo-2026",
    },
    DemoStaff {
        role: Role::Treasurer,
        agency: Some("bapenda"),
        email: "bendahara@bapenda.example.id",
        name: "Wulan Bendahara",
        password: "bendahara-demo-2026",
    },
    DemoStaff {
        role: Role::SuperAdmin,
        agency: None,
        email: "superadmin@satupintu.example.id",
        name: "Putri Superadmin",
        password: "superadmin-demo-2026",
    },
];

/// The demo's own workflow for village letters (an example of a per-service workflow).
pub const WORKFLOW: &str = include_str!("../workflows/demo/surat-kelurahan.json");

/// Load the demo data unless it was loaded before (a marker in `meta`); the demo workflow is
/// put in force on every start.
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    state.workflows.install(serde_json::from_str(WORKFLOW)?).map_err(|e| anyhow::anyhow!("demo workflow: {e}"))?;
    let mut tx = state.db.read().await?;
    let loaded = db::meta_get(&mut tx, "demo_loaded").await?.is_some();
    tx.commit().await?;
    if loaded {
        // The statistics datasets are regenerated at every demo start.
        crate::opendata::stats::publish(state).await.map_err(|e| anyhow::anyhow!("open data statistics: {e}"))?;
        // Guides came later than the first demos: seeded when none exists.
        crate::guides::demo::load(state).await?;
        return Ok(());
    }
    crate::catalog::service::import(&state.db, CATALOG, None)
        .await
        .map_err(|e| anyhow::anyhow!("demo catalogue: {e}"))?;
    crate::catalog::service::import(&state.db, REPORT_AGENCIES, None)
        .await
        .map_err(|e| anyhow::anyhow!("demo report agencies: {e}"))?;
    state.catalog.refresh(&state.db, true).await?;
    let mut tx = state.db.begin().await?;
    for (date, name, kind) in crate::calendar::DEMO_2026 {
        if let Some(d) = crate::calendar::parse_date(date) {
            crate::calendar::upsert(&mut tx, d, name, kind).await?;
        }
    }
    tx.commit().await?;
    state.holidays.forget();
    crate::appointments::planner::import(state, LOCATIONS, None)
        .await
        .map_err(|e| anyhow::anyhow!("demo locations: {e:?}"))?;
    let mut people = std::collections::HashMap::new();
    for c in CITIZENS {
        let reg = Registration::parse(Some(c.nik), Some(c.name), Some(c.email), Some(c.phone), Some(c.password))
            .map_err(|e| anyhow::anyhow!("demo citizen: {e:?}"))?;
        let id = identity::register(state, reg).await.map_err(|e| anyhow::anyhow!("demo citizen: {e}"))?;
        people.insert(c.email, signed_in(id, Role::Citizen, None, c.name));
    }
    for s in STAFF {
        let secret = s.role.requires_totp().then(|| totp_rs::Secret::generate_secret().to_encoded().to_string());
        let id = identity::create_staff(state, s.role, s.agency, s.email, s.name, s.password, secret.as_deref())
            .await
            .map_err(|e| anyhow::anyhow!("demo staff: {e}"))?;
        people.insert(s.email, signed_in(id, s.role, s.agency, s.name));
    }
    reports(state, &people).await.map_err(|e| anyhow::anyhow!("demo reports: {e}"))?;
    if let Some(admin) = people.get("superadmin@satupintu.example.id") {
        crate::regulations::demo::load(state, admin).await?;
    }
    // The practitioner of the health facility (imported with the locations, before this).
    crate::telemedicine::demo::load(state, &people).await?;
    crate::budget::demo(state).await?;
    crate::payments::taxes::demo(state).await?;
    crate::procurement::demo::load(state, &people).await?;
    crate::participation::demo::load(state, &people).await?;
    crate::green::demo::load(state, &people).await?;
    crate::guides::demo::load(state).await?;
    crate::skm::demo::load(state, &people).await?;
    crate::hotspots::demo(state, &people).await?;
    crate::forecast::demo(state).await?;
    if let Some(siti) = people.get("siti@warga.example.id") {
        crate::proactive::service::demo(state, siti.id).await.map_err(|e| anyhow::anyhow!("demo proactive: {e}"))?;
        crate::exchange::service::demo(state, siti.id).await.map_err(|e| anyhow::anyhow!("demo exchange: {e}"))?;
    }
    // The civil records the automatic verification of the SKTM asks about (through this
    // instance's own exchange endpoint): Budi's family is registered in Surabaya (verified),
    // Siti's in Bandung (does not match).
    let mut tx = state.db.begin().await?;
    for (email, kk, address) in [
        ("budi@warga.example.id", "3578011208850001", "Jl. Tunjungan 12, Genteng, Kota Surabaya"),
        ("siti@warga.example.id", "3273010101260001", "Jl. Asia Afrika 8, Sumur Bandung, Kota Bandung"),
    ] {
        if let Some(p) = people.get(email) {
            identity_store::set_civil_record(&mut tx, p.id, kk, address).await?;
        }
    }
    tx.commit().await?;
    crate::exchange::verify::demo(state).await.map_err(|e| anyhow::anyhow!("demo verification: {e}"))?;
    if let Some(siti) = people.get("siti@warga.example.id") {
        crate::privacy::service::demo(state, siti.id).await.map_err(|e| anyhow::anyhow!("demo privacy: {e}"))?;
    }
    crate::appointments::planner::plan_all(state).await?;
    crate::opendata::demo::load(state).await?;
    crate::opendata::stats::publish(state).await.map_err(|e| anyhow::anyhow!("open data statistics: {e}"))?;
    crate::performance::demo::load(state, &people).await?;
    crate::assisted::demo::load(state, &people).await?;
    crate::iot::demo::load(state).await?;
    crate::partners::demo::load(state, &people).await?;
    crate::announcements::demo::load(state, &people).await?;
    crate::events::demo::load(state, &people).await?;
    let mut tx = state.db.begin().await?;
    db::meta_set(&mut tx, "demo_loaded", &db::now().to_string()).await?;
    tx.commit().await?;
    Ok(())
}

fn signed_in(id: i64, role: Role, agency: Option<&str>, name: &str) -> crate::identity::CurrentUser {
    crate::identity::CurrentUser::signed_in(id, role, agency, name)
}

/// Demo reports in Surabaya (Budi's city), at every stage, so the map and the inboxes are not
/// empty: (category, privacy, description, lat, lon, district, steps as (who, action, note)).
type DemoReport = (
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

const REPORTS: &[DemoReport] = &[
    (
        "jalan",
        "public",
        "Jalan berlubang besar di Jl. Raya Darmo dekat kebun binatang, sudah dua motor jatuh minggu ini.",
        -7.2930,
        112.7370,
        "357804",
        &[
            ("koordinator@diskominfo.example.id", "dispatch", ""),
            ("petugas@dpupr.example.id", "start", ""),
            (
                "petugas@dpupr.example.id",
                "resolve",
                "Lubang sudah ditambal dan diaspal ulang. Terima kasih atas laporannya.",
            ),
        ],
    ),
    (
        "penerangan_jalan",
        "public",
        "Lampu penerangan jalan mati sepanjang Jl. Raya Gubeng sejak seminggu, gelap dan rawan.",
        -7.2727,
        112.7499,
        "357808",
        &[("koordinator@diskominfo.example.id", "dispatch", "")],
    ),
    (
        "drainase_banjir",
        "public",
        "Saluran air tersumbat sampah di Jl. Ngagel Jaya, setiap hujan jalan tergenang setinggi lutut.",
        -7.2905,
        112.7489,
        "357804",
        &[
            ("koordinator@diskominfo.example.id", "dispatch", ""),
            ("petugas@dpupr.example.id", "respond", "Tim akan mengeruk saluran hari Kamis pagi."),
        ],
    ),
    (
        "sampah",
        "anonymous",
        "Sampah di TPS Jl. Kenjeran tidak diangkut tiga hari, bau menyengat sampai ke sekolah.",
        -7.2458,
        112.7702,
        "357810",
        &[("koordinator@diskominfo.example.id", "verify", "")],
    ),
    (
        "air_bersih",
        "public",
        "Air PDAM di perumahan Rungkut keruh kecokelatan dan berbau sejak kemarin sore.",
        -7.3260,
        112.7780,
        "357803",
        &[],
    ),
];

async fn reports(
    state: &AppState,
    people: &std::collections::HashMap<&str, crate::identity::CurrentUser>,
) -> Result<(), crate::web::AppError> {
    use crate::reports::service::{self, ActionInput, NewReport};
    let Some(budi) = people.get("budi@warga.example.id") else { return Ok(()) };
    for (category, privacy, text, lat, lon, district, steps) in REPORTS {
        let input = NewReport {
            category: Some(category.to_string()),
            description: Some(text.to_string()),
            lat: Some(*lat),
            lon: Some(*lon),
            privacy: Some(privacy.to_string()),
            region_code: crate::wilayah::get(district).map(|r| r.code.to_string()),
            ..Default::default()
        };
        let report = service::create(state, budi, input).await?;
        for (who, action, note) in steps.iter() {
            let Some(user) = people.get(who) else { continue };
            let input = ActionInput {
                action: action.to_string(),
                note: Some(note.to_string()).filter(|n| !n.is_empty()),
                ..Default::default()
            };
            service::act(state, user, &report.code, input).await?;
        }
    }
    Ok(())
}

/// Print how to sign in as each demo account (demo passwords are public by design).
pub async fn print_sign_in(state: &AppState) -> anyhow::Result<()> {
    let base = state.config.public_url.clone().unwrap_or_else(|| format!("http://{}", state.config.listen));
    println!("\nSatuPintu demo — {base}\n");
    println!("Warga / citizens (sign in with NIK, e-mail or phone):");
    for c in CITIZENS {
        println!("  {:<18} NIK {}  {}  password: {}", c.name, c.nik, c.email, c.password);
    }
    println!("\nRelawan pendamping / volunteer assistant (/pendampingan):");
    println!("  {}", crate::assisted::demo::sign_in_line());
    println!("\nPetugas / staff (sign in with e-mail):");
    let mut tx = state.db.read().await?;
    for s in STAFF {
        let creds = identity_store::find_credentials(&mut tx, "email", s.email).await?;
        let agency = s.agency.map(|a| format!(" [{a}]")).unwrap_or_default();
        println!("  {:<13}{:<15} {}  password: {}", s.role.as_str(), agency, s.email, s.password);
        if let Some(secret) = creds.and_then(|c| c.totp_secret) {
            println!("  {:28} TOTP secret (authenticator app): {secret}", "");
        }
    }
    tx.commit().await?;
    println!("\nPerangkat IoT / IoT devices (MQTT topic satupintu/v1/devices/<id>/readings, password = token;");
    println!("  or POST /api/v1/iot/readings with Authorization: Bearer <token>):");
    for line in crate::iot::demo::sign_in_lines() {
        println!("  {line}");
    }
    println!();
    Ok(())
}
