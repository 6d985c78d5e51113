//! Demo datasets of demo agencies (Surabaya; the figures are made up for the demo).

use super::model::{MetaInput, Table};
use super::service;
use super::store::NewResource;
use crate::app::AppState;

/// (publisher, metadata as typed in the form, file).
const DATASETS: &[(&str, [&str; 9], &[&str], &str)] = &[
    (
        "disdukcapil",
        [
            "jumlah-penduduk-per-kecamatan",
            "Jumlah penduduk per kecamatan Kota Surabaya 2026",
            "Jumlah penduduk menurut jenis kelamin dan jumlah kepala keluarga per kecamatan, semester I \
             2026, dari data administrasi kependudukan. Data contoh untuk demo SatuPintu.",
            "CC-BY-4.0",
            "penduduk, kecamatan, jenis kelamin, kepala keluarga",
            "2026-01-01",
            "2026-06-30",
            "3578",
            "ANNUAL",
        ],
        &["kependudukan"],
        include_str!("../../demo/opendata/penduduk-kecamatan-2026.csv"),
    ),
    (
        "dinkes",
        [
            "kunjungan-puskesmas-bulanan",
            "Kunjungan Puskesmas per bulan 2026",
            "Jumlah kunjungan rawat jalan, rawat inap, imunisasi, dan pemeriksaan kehamilan per Puskesmas \
             dan bulan, Januari–Oktober 2026. Data contoh untuk demo SatuPintu.",
            "CC-BY-4.0",
            "puskesmas, kunjungan, imunisasi, kesehatan ibu",
            "2026-01-01",
            "2026-10-31",
            "3578",
            "MONTHLY",
        ],
        &["kesehatan", "pelayanan-publik"],
        include_str!("../../demo/opendata/kunjungan-puskesmas-2026.csv"),
    ),
    (
        "dpupr",
        [
            "kondisi-jalan-kota",
            "Kondisi jalan kota Surabaya 2026",
            "Panjang, lebar, jenis permukaan, dan kondisi ruas jalan kota hasil survei kondisi jalan 2026. \
             Data contoh untuk demo SatuPintu.",
            "ODbL-1.0",
            "jalan, kondisi jalan, survei",
            "2026-01-01",
            "2026-12-31",
            "3578",
            "ANNUAL",
        ],
        &["infrastruktur"],
        include_str!("../../demo/opendata/kondisi-jalan-2026.csv"),
    ),
];

/// Publish the demo datasets (again unchanged on a later start).
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    for (publisher, f, themes, csv) in DATASETS {
        let input = MetaInput {
            name: f[0].into(),
            title: f[1].into(),
            notes: f[2].into(),
            license_id: f[3].into(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            keywords: f[4].into(),
            temporal_start: f[5].into(),
            temporal_end: f[6].into(),
            spatial_code: f[7].into(),
            frequency: f[8].into(),
        };
        let meta = input.parse(publisher).map_err(|e| anyhow::anyhow!("demo dataset {}: {e:?}", f[0]))?;
        let table = Table::parse_csv(csv.as_bytes()).map_err(|e| anyhow::anyhow!("demo dataset {}: {e:?}", f[0]))?;
        let resource = NewResource {
            slug: "data".into(),
            name: meta.title.clone(),
            description: meta.notes.clone(),
            format: "CSV".into(),
            table,
        };
        service::save(&state.db, meta, false, vec![resource], crate::db::now())
            .await
            .map_err(|e| anyhow::anyhow!("demo dataset {}: {e}", f[0]))?;
    }
    Ok(())
}
