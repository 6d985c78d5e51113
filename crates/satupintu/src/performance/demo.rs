//! Demo history for the dashboards: twelve months of applications (with their workflow events)
//! and reports of the demo agencies, generated deterministically (a fixed pseudo-random
//! sequence) in realistic volumes (hundreds), for three archive citizens in three regencies and
//! four officers of Disdukcapil; then the rollups are rebuilt. History is written directly, as
//! an import of past records would be: workflows and notifications are not re-run for the past.

use std::collections::HashMap;

use crate::app::AppState;
use crate::identity::model::Registration;
use crate::identity::{service as identity, CurrentUser, Role};

/// A fixed pseudo-random sequence (64-bit LCG), so every demo has the same history.
struct Seq(u64);

impl Seq {
    fn next(&mut self, n: u64) -> i64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n.max(1)) as i64
    }
}

/// Archive citizens (NIKs of Kota Surabaya, Kota Bandung and Kab. Sidoarjo).
pub const ARCHIVE: [(&str, &str, &str, &str); 3] = [
    ("3578014101900011", "Warga Arsip Surabaya", "arsip.surabaya@warga.example.id", "081200000011"),
    ("3273015202910012", "Warga Arsip Bandung", "arsip.bandung@warga.example.id", "081200000012"),
    ("3515016303920013", "Warga Arsip Sidoarjo", "arsip.sidoarjo@warga.example.id", "081200000013"),
];

/// More officers of Disdukcapil, so the officer ranking has several people.
pub const OFFICERS: [(&str, &str); 3] = [
    ("rina@disdukcapil.example.id", "Rina Wulandari"),
    ("agus@disdukcapil.example.id", "Agus Pratama"),
    ("dewi.petugas@disdukcapil.example.id", "Dewi Lestari"),
];

/// A workflow event of a demo case: (at, action, from status, to status, officer).
type Event<'a> = (i64, &'a str, Option<&'a str>, &'a str, Option<i64>);

/// (agency, applications per month, share in thousandths sent back, rejected, late)
const AGENCIES: [(&str, i64, i64, i64, i64); 3] =
    [("disdukcapil", 45, 120, 40, 150), ("polri-satpas", 20, 80, 60, 250), ("kelurahan", 15, 60, 20, 80)];

pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    let mut citizens = vec![];
    for (nik, name, email, phone) in ARCHIVE {
        let reg = Registration::parse(Some(nik), Some(name), Some(email), Some(phone), Some("warga-demo-2026"))
            .map_err(|e| anyhow::anyhow!("performance demo citizen: {e:?}"))?;
        citizens.push(identity::register(state, reg).await.map_err(|e| anyhow::anyhow!("demo citizen: {e}"))?);
    }
    let mut officers: HashMap<&str, Vec<i64>> = HashMap::new();
    for (email, name) in OFFICERS {
        let id =
            identity::create_staff(state, Role::Officer, Some("disdukcapil"), email, name, "petugas-demo-2026", None)
                .await
                .map_err(|e| anyhow::anyhow!("demo officer: {e}"))?;
        officers.entry("disdukcapil").or_default().push(id);
    }
    for p in people.values().filter(|p| matches!(p.role, Role::Officer | Role::Supervisor)) {
        if let Some(a) = p.agency_id.as_deref() {
            if let Some(a) = AGENCIES.iter().map(|x| x.0).find(|x| *x == a) {
                officers.entry(a).or_default().push(p.id);
            }
        }
    }
    let snap = crate::catalog::service::snapshot(state).await?;
    let services: HashMap<&str, Vec<(String, i64)>> = AGENCIES
        .iter()
        .map(|(a, ..)| {
            let list = snap
                .services
                .iter()
                .filter(|s| s.service.agency == *a)
                .take(4)
                .map(|s| (s.service.id.clone(), s.version))
                .collect();
            (*a, list)
        })
        .collect();
    let offset = state.config.utc_offset_hours().unwrap_or(7);
    let now = crate::db::now();
    let start = now - 365 * 86_400;
    let mut seq = Seq(20_261_130);
    let mut tx = state.db.begin().await?;
    let mut n = 0;
    for day in 0..365 {
        let day_start = start + day * 86_400;
        for (agency, per_month, revise, reject, late) in AGENCIES {
            let (Some(list), Some(staff)) = (services.get(agency), officers.get(agency)) else { continue };
            if list.is_empty() || staff.is_empty() {
                continue;
            }
            // About per_month a month, more in the busy months before school starts (June, July).
            let month = crate::calendar::local_date(day_start, offset).month() as u8;
            let rate = per_month * if matches!(month, 6 | 7) { 14 } else { 10 } / 10;
            let today = (rate * 10 / 30 + seq.next(10)) / 10;
            for _ in 0..today {
                n += 1;
                let (service, version) = &list[seq.next(list.len() as u64) as usize];
                let officer = staff[seq.next(staff.len() as u64) as usize];
                let citizen = citizens[seq.next(citizens.len() as u64) as usize];
                let submitted = day_start + 8 * 3600 + seq.next(8 * 3600);
                let due = crate::calendar::local_date(submitted + 5 * 86_400, offset).to_string();
                let mut t = submitted;
                let mut events: Vec<Event> =
                    vec![(t, "submit", Some("draft"), "submitted", None)];
                let mut step = |seq: &mut Seq, hours: u64| {
                    t += 1800 + seq.next(hours * 3600);
                    t
                };
                let claim = step(&mut seq, 20);
                events.push((claim, "claim", Some("submitted"), "verification", Some(officer)));
                let mut state_now = "verification";
                if seq.next(1000) < revise {
                    let at = step(&mut seq, 10);
                    events.push((at, "request_revision", Some("verification"), "revision_requested", Some(officer)));
                    let at = step(&mut seq, 60);
                    events.push((at, "resubmit", Some("revision_requested"), "verification", None));
                }
                let status = if seq.next(1000) < reject {
                    let at = step(&mut seq, 24);
                    events.push((at, "reject", Some(state_now), "rejected", Some(officer)));
                    "rejected"
                } else {
                    let slow = if seq.next(1000) < late { 200 } else { 30 };
                    let at = step(&mut seq, 12);
                    events.push((at, "verify", Some("verification"), "processing", Some(officer)));
                    state_now = "processing";
                    let at = step(&mut seq, slow);
                    events.push((at, "approve", Some(state_now), "approved", Some(officer)));
                    let at = step(&mut seq, 8);
                    events.push((at, "issue", Some("approved"), "issued", Some(officer)));
                    let at = step(&mut seq, 24);
                    events.push((at, "complete", Some("issued"), "completed", Some(officer)));
                    "completed"
                };
                // Cases still open today stop where today is.
                let events: Vec<_> = events.into_iter().filter(|e| e.0 < now).collect();
                let status = if events.last().map(|e| e.3) == Some(status) {
                    status
                } else {
                    events.last().map(|e| e.3).unwrap_or("submitted")
                };
                let updated = events.last().map(|e| e.0).unwrap_or(submitted);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, status, fields_json, \
                     assigned_to, submitted_at, due_date, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, '{}', $7, $8, $9, $8, $10) RETURNING id",
                )
                .bind(format!("SP-RIWAYAT-{n:06}"))
                .bind(service)
                .bind(version)
                .bind(agency)
                .bind(citizen)
                .bind(status)
                .bind(officer)
                .bind(submitted)
                .bind(&due)
                .bind(updated)
                .fetch_one(&mut *tx)
                .await?;
                for (at, action, from, to, actor) in events {
                    sqlx::query(
                        "INSERT INTO application_events (application_id, at, actor_id, actor_role, action, from_status, to_status) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id)
                    .bind(at)
                    .bind(actor.unwrap_or(citizen))
                    .bind(if actor.is_some() { "officer" } else { "citizen" })
                    .bind(action)
                    .bind(from)
                    .bind(to)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        // Reports to the public-works agency, about two every three days.
        if seq.next(3) < 2 {
            let created = day_start + 7 * 3600 + seq.next(12 * 3600);
            let region = ["357801", "357802", "351501"][seq.next(3) as usize];
            let resolved = created + 3600 + seq.next(96 * 3600);
            let done = resolved < now && seq.next(10) < 8;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO reports (code, category, description, privacy, status, agency_id, region_code, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'confidential', $4, 'dpupr', $5, $6, $6) RETURNING id",
            )
            .bind(format!("LP-RIWAYAT-{day:04}"))
            .bind(["jalan", "drainase_banjir", "penerangan_jalan"][seq.next(3) as usize])
            .bind("Laporan arsip (data contoh riwayat kinerja)")
            .bind(if done { "resolved" } else { "in_progress" })
            .bind(region)
            .bind(created)
            .fetch_one(&mut *tx)
            .await?;
            let officer = people.get("petugas@dpupr.example.id").map(|p| p.id);
            let responded = created + 1800 + seq.next(30 * 3600);
            let mut steps = vec![(responded.min(now), "respond", "in_progress")];
            if done {
                steps.push((resolved.max(responded + 60), "resolve", "resolved"));
            }
            for (at, action, to) in steps {
                sqlx::query(
                    "INSERT INTO report_events (report_id, at, actor_id, actor_role, action, to_status, public) \
                     VALUES ($1, $2, $3, 'officer', $4, $5, 1)",
                )
                .bind(id)
                .bind(at)
                .bind(officer)
                .bind(action)
                .bind(to)
                .execute(&mut *tx)
                .await?;
            }
            if done && seq.next(2) == 0 {
                sqlx::query("INSERT INTO report_ratings (report_id, stars, at) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(3 + seq.next(3))
                    .bind((resolved + 86_400).min(now))
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    innovations(state, people).await?;
    crate::performance::service::rebuild(state).await.map_err(|e| anyhow::anyhow!("performance rollups: {e}"))?;
    tracing::info!(applications = n, "performance demo history loaded");
    Ok(())
}

/// Two registered innovations of Disdukcapil, the first one awarded.
async fn innovations(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    use super::service::{self, InnovationInput};
    let (Some(admin), Some(superadmin)) =
        (people.get("admin@disdukcapil.example.id"), people.get("superadmin@satupintu.example.id"))
    else {
        return Ok(());
    };
    let items = [
        (
            "Jemput bola KTP-el di sekolah",
            "Petugas perekaman datang ke SMA dan SMK setiap bulan untuk merekam KTP-el siswa yang genap 17 tahun, \
             sehingga siswa tidak perlu izin sekolah untuk ke kantor Disdukcapil.",
            "2025-07-14",
            "1.240 siswa merekam KTP-el di sekolah dalam setahun; antrean perekaman di kantor turun sekitar 20%.",
            "https://disdukcapil.example.id/inovasi/jemput-bola",
        ),
        (
            "Akta kelahiran langsung dari rumah sakit",
            "Rumah sakit dan puskesmas mendaftarkan kelahiran secara daring saat ibu masih dirawat; akta dan KIA \
             dikirim ke alamat keluarga.",
            "2026-02-02",
            "Waktu penerbitan akta kelahiran turun dari 5 hari kerja menjadi 1 hari kerja untuk kelahiran di fasilitas kesehatan.",
            "",
        ),
    ];
    let mut first = None;
    for (title, description, started_on, results, link) in items {
        let input = InnovationInput {
            agency_id: "disdukcapil".into(),
            title: title.into(),
            description: description.into(),
            started_on: started_on.into(),
            results: results.into(),
            link: link.into(),
        };
        let id = service::register(state, admin, &input).await.map_err(|e| anyhow::anyhow!("demo innovation: {e}"))?;
        first.get_or_insert(id);
    }
    if let Some(id) = first {
        service::award(state, superadmin, id, "2026").await.map_err(|e| anyhow::anyhow!("demo award: {e}"))?;
    }
    Ok(())
}
