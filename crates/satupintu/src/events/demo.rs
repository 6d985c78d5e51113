//! Demo events in Surabaya, published through the service as staff would: a batik workshop, a
//! UMKM digital marketing training that is full with Siti on its waiting list, a digital
//! literacy class for older people, and a festival.

use std::collections::HashMap;

use super::model::EventInput;
use super::service;
use crate::app::AppState;
use crate::identity::{CurrentUser, Role};

fn err(e: crate::web::AppError) -> anyhow::Error {
    anyhow::anyhow!("demo events: {e:?}")
}

/// (agency, kind, title, description, place, address, lat, lon, days from now, start hour,
/// hours, capacity).
type DemoEvent = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
    &'static str,
);

const EVENTS: &[DemoEvent] = &[
    (
        "disnaker",
        "lokakarya",
        "Lokakarya Batik Tulis Motif Suroboyoan",
        "Belajar membatik tulis motif khas Surabaya (Sparkling, Kembang Bungur, Semanggi) bersama perajin batik Kampung Jetis.\n\nKain, canting, malam dan pewarna disediakan. Peserta membawa pulang hasil karyanya.",
        "Balai Pemuda",
        "Jl. Gubernur Suryo No. 15, Embong Kaliasin, Genteng, Surabaya",
        "-7.263400",
        "112.745600",
        9,
        9,
        4,
        "30",
    ),
    (
        "dpmptsp",
        "pelatihan",
        "Pelatihan Pemasaran Digital untuk UMKM",
        "Pelatihan praktis memotret produk dengan ponsel, menulis deskripsi yang menjual, dan membuka toko di lokapasar. Untuk pelaku usaha mikro yang sudah memiliki NIB.\n\nBawa ponsel dan satu contoh produk.",
        "Gedung Siola Lantai 4",
        "Jl. Tunjungan No. 1–3, Genteng, Surabaya",
        "-7.256700",
        "112.737500",
        6,
        13,
        3,
        "4",
    ),
    (
        "diskominfo",
        "pelatihan",
        "Kelas Literasi Digital untuk Lansia",
        "Kelas santai untuk warga lanjut usia: memakai WhatsApp dengan aman, mengenali pesan penipuan, dan mengurus layanan publik lewat SatuPintu. Didampingi relawan muda; boleh datang bersama anggota keluarga.",
        "Perpustakaan Kota Surabaya (Rungkut)",
        "Jl. Rungkut Asri Tengah No. 5, Rungkut, Surabaya",
        "",
        "",
        12,
        9,
        2,
        "25",
    ),
    (
        "diskominfo",
        "festival",
        "Festival Rujak Uleg dan Kuliner Kampung",
        "Festival tahunan di sepanjang Jl. Kembang Jepun: lomba rujak uleg antarkampung, panggung seni ludruk dan remo, serta bazar kuliner UMKM. Terbuka untuk umum tanpa pendaftaran tempat.",
        "Kawasan Kya-Kya Kembang Jepun",
        "Jl. Kembang Jepun, Pabean Cantikan, Surabaya",
        "-7.238600",
        "112.738900",
        20,
        15,
        6,
        "",
    ),
];

pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    let Some(admin) = people.get("superadmin@satupintu.example.id") else { return Ok(()) };
    let offset = crate::announcements::service::offset(state);
    let today = crate::calendar::local_date(crate::db::now(), offset);
    let mut slugs = vec![];
    for (agency, kind, title, description, place, address, lat, lon, days, hour, hours, capacity) in EVENTS {
        let day = today + time::Duration::days(*days);
        let at = |h: i64| format!("{day}T{h:02}:00");
        let input = EventInput {
            title: title.to_string(),
            kind: kind.to_string(),
            agency: agency.to_string(),
            description: description.to_string(),
            place_name: place.to_string(),
            place_address: address.to_string(),
            lat: lat.to_string(),
            lon: lon.to_string(),
            starts_at: at(*hour),
            ends_at: at(hour + hours),
            capacity: capacity.to_string(),
            ..Default::default()
        };
        slugs.push(service::create(state, admin, &input).await.map_err(err)?.slug);
    }
    // The UMKM training fills up (Budi and three neighbours of Gubeng); Siti waits first in line.
    let mut tx = state.db.read().await?;
    let mut citizens = vec![];
    for email in std::iter::once("budi@warga.example.id")
        .chain(crate::participation::demo::NEIGHBOURS.iter().map(|(_, _, e)| *e))
        .chain(std::iter::once("siti@warga.example.id"))
    {
        if let Some(c) = crate::identity::store::find_credentials(&mut tx, "email", email).await? {
            citizens.push(CurrentUser::signed_in(c.id, Role::Citizen, None, ""));
        }
    }
    tx.commit().await?;
    for c in &citizens {
        service::register(state, c, &slugs[1]).await.map_err(err)?;
    }
    if let Some(siti) = citizens.last() {
        service::register(state, siti, &slugs[0]).await.map_err(err)?;
    }
    Ok(())
}
