//! The demo's survey: answers for five service units over the last six months (so the public
//! page shows an IKM, its categories and a trend), and one open invitation for
//! siti@warga.example.id. The minimum sample follows the services the demo's units delivered.

use super::model::{self, Scores};
use super::service;
use super::store::{self, NewResponse};
use crate::app::AppState;
use crate::db;
use crate::identity::CurrentUser;

/// (unit, answers a month, the unit's typical score in tenths, a drift per month in tenths)
const UNITS: [(&str, i64, i64, i64); 5] = [
    ("disdukcapil", 46, 33, 1),
    ("dpmptsp", 38, 35, 0),
    ("samsat", 30, 29, 1),
    ("puskesmas", 52, 31, -1),
    ("kelurahan", 6, 27, 0),
];

const SUGGESTIONS: [&str; 6] = [
    "Antrean di loket pagi hari masih panjang, mohon tambah petugas.",
    "Petugas ramah dan menjelaskan persyaratan dengan jelas.",
    "Ruang tunggu perlu kipas angin dan kursi tambahan.",
    "Informasi biaya di papan pengumuman sudah jelas, terima kasih.",
    "Mohon SMS pemberitahuan ketika dokumen sudah jadi.",
    "Layanan daring sangat membantu, tidak perlu bolak-balik.",
];

/// A small deterministic generator (no randomness in demo data: every start looks the same).
fn next(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

/// Scores around `typical` tenths (e.g. 33 → mostly 3, some 4), each clamped to 1–4.
fn scores(seed: &mut u64, typical: i64) -> Scores {
    let mut s = [0i64; model::ELEMENTS];
    for v in s.iter_mut() {
        let r = (next(seed) % 10) as i64;
        let base = typical / 10;
        let up = typical % 10;
        *v = (if r < up {
            base + 1
        } else if r == 9 && base > 1 {
            base - 1
        } else {
            base
        })
        .clamp(1, 4);
    }
    s
}

/// The `YYYY-MM` of `back` months before the month of `now`.
fn month_back(now: i64, back: i64, offset: i8) -> String {
    let this = model::month_of(now, offset);
    let (y, m): (i64, i64) = (this[..4].parse().unwrap_or(2026), this[5..].parse().unwrap_or(1));
    let k = y * 12 + (m - 1) - back;
    format!("{:04}-{:02}", k / 12, k % 12 + 1)
}

pub async fn load(state: &AppState, people: &std::collections::HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    let now = db::now();
    let offset = service::offset(state);
    let siti = people.get("siti@warga.example.id").map(|u| u.id);
    let expires = now + state.config.skm_invitation_days.max(1) * 86_400;
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let mut seed = 2026u64;
                for back in (0..6).rev() {
                    let month = month_back(now, back, offset);
                    let at = now - back * 30 * 86_400;
                    for (unit, per_month, typical, drift) in UNITS {
                        let typical = (typical + drift * (5 - back)).clamp(10, 40);
                        for i in 0..per_month {
                            let s = scores(&mut seed, typical);
                            let suggestion = if i % 7 == 3 { SUGGESTIONS[(next(&mut seed) % 6) as usize] } else { "" };
                            let r = NewResponse {
                                invitation_id: None,
                                agency_id: unit,
                                service_id: None,
                                channel: if i % 3 == 0 { "kiosk" } else { "online" },
                                month: &month,
                                scores: &s,
                                suggestion,
                                kiosk_user: None,
                            };
                            store::insert_response(tx, &r, at).await?;
                        }
                    }
                }
                // An open invitation for Siti after a served appointment at Disdukcapil. It has no
                // source row (demo ids are negative: no real row has one), so it stays the only one.
                if let Some(siti) = siti {
                    let f = store::Finished {
                        kind: "booking",
                        id: -1,
                        citizen_id: siti,
                        agency_id: "disdukcapil".into(),
                        service_id: None,
                        at: now - 86_400,
                    };
                    store::invite(tx, &f, now, expires).await?;
                }
                Ok::<_, sqlx::Error>(())
            })
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_back_cross_the_year() {
        // 2026-01-15 10:00 WIB.
        let t = 1_768_446_000;
        assert_eq!(month_back(t, 0, 7), "2026-01");
        assert_eq!(month_back(t, 1, 7), "2025-12");
        assert_eq!(month_back(t, 13, 7), "2024-12");
    }

    #[test]
    fn demo_scores_stay_in_range() {
        let mut seed = 1;
        for typical in [10, 27, 33, 40] {
            for _ in 0..50 {
                assert!(scores(&mut seed, typical).iter().all(|s| (1..=4).contains(s)));
            }
        }
    }
}
