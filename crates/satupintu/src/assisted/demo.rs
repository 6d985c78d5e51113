//! Demo data for `serve --demo`: a volunteer of the kelurahan and one finished session in
//! which she registered Mbah Sumiati (no phone, no e-mail) and applied for an SKTM for her.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::model::StartInput;
use super::service;
use crate::app::AppState;
use crate::identity::model::Registration;
use crate::identity::{CurrentUser, Role};

/// The demo volunteer (a citizen account the kelurahan appointed).
pub const VOLUNTEER: crate::demo::DemoCitizen = crate::demo::DemoCitizen {
    nik: "3578254808900003",
    name: "Wulan Lestari",
    email: "relawan@kelurahan.example.id",
    phone: "081355501234",
    password: "relawan-demo-2026",
};

/// The accounts the demo creates: the volunteer, and the citizen she registered.
pub const ACCOUNTS: usize = 2;

/// The elderly citizen without a phone whom the volunteer registered.
const SUMIATI_NIK: &str = "3578254107460001";
const SUMIATI: &str = "Sumiati";
const PLACE: &str = "Layanan keliling Kel. Gunung Anyar";

/// A one-page PDF: the scanned RT/RW cover letter of the demo application.
const LETTER: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

pub async fn load(state: &AppState, people: &HashMap<&str, CurrentUser>) -> anyhow::Result<()> {
    let Some(admin) = people.get("superadmin@satupintu.example.id") else { return Ok(()) };
    let v = VOLUNTEER;
    let reg = Registration::parse(Some(v.nik), Some(v.name), Some(v.email), Some(v.phone), Some(v.password))
        .map_err(|e| anyhow::anyhow!("demo volunteer: {e:?}"))?;
    let id =
        crate::identity::service::register(state, reg).await.map_err(|e| anyhow::anyhow!("demo volunteer: {e}"))?;
    service::appoint(state, admin, v.email, Some("kelurahan")).await.map_err(|e| anyhow::anyhow!("appoint: {e}"))?;
    let volunteer = CurrentUser::signed_in(id, Role::Citizen, None, v.name);
    let start = StartInput {
        nik: SUMIATI_NIK.into(),
        full_name: SUMIATI.into(),
        register: true,
        address: "Jl. Gunung Anyar Tengah 5, RT 02/RW 03, Gunung Anyar, Kota Surabaya".into(),
        place: PLACE.into(),
        consent_method: "cap_jempol".into(),
        consent_read: true,
        consent_upload: None,
        scope: vec!["apply".into(), "status".into()],
    };
    let session = service::start(state, &volunteer, start).await.map_err(|e| anyhow::anyhow!("session: {e}"))?;
    let letter = crate::uploads::store(state, id, LETTER.to_vec().into())
        .await
        .map_err(|e| anyhow::anyhow!("demo letter: {e}"))?;
    let mut values = Map::new();
    for (k, val) in [
        ("kk_number", "3578250101460002"),
        ("purpose", "kesehatan"),
        ("purpose_detail", "Keringanan biaya berobat rawat jalan di Puskesmas Gunung Anyar"),
        ("rt_rw_letter", letter.id.as_str()),
    ] {
        values.insert(k.into(), Value::String(val.into()));
    }
    service::apply(state, &volunteer, session, "sktm", values).await.map_err(|e| anyhow::anyhow!("sktm: {e}"))?;
    service::end(state, &volunteer, session).await.map_err(|e| anyhow::anyhow!("end: {e}"))?;
    Ok(())
}

/// The line `serve --demo` prints for the volunteer.
pub fn sign_in_line() -> String {
    let v = VOLUNTEER;
    format!("{:<18} NIK {}  {}  password: {}  (relawan Kelurahan)", v.name, v.nik, v.email, v.password)
}
