//! Managing the registry from the staff pages: add things, devices (with a token shown once) and
//! sensors, rotate a device's token, deactivate a device. Agency admins manage their own
//! agency's things, the platform admin every agency's. Each change is one transaction; refused
//! input changes nothing.

use serde::Deserialize;

use super::model::{Device, Sensor, SensorKind, Thing, ThingKind};
use super::registry;
use super::views::{manages, valid_id};
use crate::app::AppState;
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

/// The add-a-thing form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ThingForm {
    pub thing_id: String,
    pub thing_name: String,
    pub thing_kind: String,
    pub thing_description: String,
    pub thing_lat: String,
    pub thing_lon: String,
    pub thing_agency: String,
    pub thing_public: Option<String>,
}

/// The add-a-device form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeviceForm {
    pub device_id: String,
    pub device_thing: String,
    pub device_name: String,
}

/// The add-a-sensor form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SensorForm {
    pub sensor_id: String,
    pub sensor_device: String,
    pub sensor_name: String,
    pub sensor_kind: String,
    pub sensor_public: Option<String>,
}

fn refuse(errs: Vec<FieldError>) -> Result<(), AppError> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errs))
    }
}

fn name_ok(s: &str) -> bool {
    let n = s.trim().chars().count();
    (1..=120).contains(&n)
}

fn coordinate(s: &str, max: f64) -> Option<f64> {
    let v: f64 = s.trim().replace(',', ".").parse().ok()?;
    (v.is_finite() && v.abs() <= max).then_some(v)
}

/// Add a thing; its id.
pub async fn add_thing(state: &AppState, user: &CurrentUser, f: ThingForm) -> Result<String, AppError> {
    let mut errs = vec![];
    let id = f.thing_id.trim().to_string();
    if !valid_id(&id) {
        errs.push(FieldError::new("thing_id", "iotv-error-id"));
    }
    if !name_ok(&f.thing_name) {
        errs.push(FieldError::new("thing_name", "iotv-error-name"));
    }
    let kind = ThingKind::parse(f.thing_kind.trim());
    if kind.is_none() {
        errs.push(FieldError::new("thing_kind", "iotv-error-kind"));
    }
    let lat = coordinate(&f.thing_lat, 90.0);
    if lat.is_none() {
        errs.push(FieldError::new("thing_lat", "iotv-error-lat"));
    }
    let lon = coordinate(&f.thing_lon, 180.0);
    if lon.is_none() {
        errs.push(FieldError::new("thing_lon", "iotv-error-lon"));
    }
    if f.thing_description.chars().count() > 500 {
        errs.push(FieldError::new("thing_description", "iotv-error-description"));
    }
    let agency = match user.role {
        Role::SuperAdmin => f.thing_agency.trim().to_string(),
        _ => user.agency_id.clone().unwrap_or_default(),
    };
    let snap = crate::catalog::service::snapshot(state).await?;
    if snap.agency(&agency).is_none() || !manages(user, &agency) {
        errs.push(FieldError::new("thing_agency", "iotv-error-agency"));
    }
    refuse(std::mem::take(&mut errs))?;
    let thing = Thing {
        id: id.clone(),
        name: f.thing_name.trim().to_string(),
        description: f.thing_description.trim().to_string(),
        kind: kind.map(|k| k.as_str()).unwrap_or_default().to_string(),
        lat: lat.unwrap_or_default(),
        lon: lon.unwrap_or_default(),
        agency_id: agency,
        region_code: None,
        public: f.thing_public.is_some(),
        created_at: crate::db::now(),
    };
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if registry::thing_by_id(tx, &thing.id).await?.is_some() {
                    return Err(AppError::Validation(vec![FieldError::new("thing_id", "iotv-error-id-taken")]));
                }
                registry::insert_thing(tx, &thing).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(id)
}

/// A new device: its id and the token (shown once, never stored).
pub struct NewDevice {
    pub device: Device,
    pub token: String,
}

/// Add a device to a thing the user manages, with a new token.
pub async fn add_device(state: &AppState, user: &CurrentUser, f: DeviceForm) -> Result<NewDevice, AppError> {
    let mut errs = vec![];
    let id = f.device_id.trim().to_string();
    if !valid_id(&id) {
        errs.push(FieldError::new("device_id", "iotv-error-id"));
    }
    if !name_ok(&f.device_name) {
        errs.push(FieldError::new("device_name", "iotv-error-name"));
    }
    let mut conn = state.db.conn().await?;
    let thing = registry::thing_by_id(&mut conn, f.device_thing.trim()).await?;
    drop(conn);
    if !thing.as_ref().is_some_and(|t| manages(user, &t.agency_id)) {
        errs.push(FieldError::new("device_thing", "iotv-error-thing"));
    }
    refuse(errs)?;
    let token = registry::new_token();
    let device = Device::new(
        id.clone(),
        thing.map(|t| t.id).unwrap_or_default(),
        f.device_name.trim().to_string(),
        crate::db::now(),
    );
    let (d, hash) = (device.clone(), registry::Secret::of(&token));
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if registry::device_by_id(tx, &d.id).await?.is_some() {
                    return Err(AppError::Validation(vec![FieldError::new("device_id", "iotv-error-id-taken")]));
                }
                registry::insert_device(tx, &d, &hash).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(NewDevice { device, token })
}

/// Add a sensor to a device the user manages; its id.
pub async fn add_sensor(state: &AppState, user: &CurrentUser, f: SensorForm) -> Result<String, AppError> {
    let mut errs = vec![];
    let id = f.sensor_id.trim().to_string();
    if !valid_id(&id) {
        errs.push(FieldError::new("sensor_id", "iotv-error-id"));
    }
    if !name_ok(&f.sensor_name) {
        errs.push(FieldError::new("sensor_name", "iotv-error-name"));
    }
    let kind = SensorKind::parse(f.sensor_kind.trim());
    if kind.is_none() {
        errs.push(FieldError::new("sensor_kind", "iotv-error-kind"));
    }
    let device = managed_device(state, user, f.sensor_device.trim()).await?;
    if device.is_none() {
        errs.push(FieldError::new("sensor_device", "iotv-error-device"));
    }
    refuse(errs)?;
    let (Some(kind), Some((device, _))) = (kind, device) else { return Err(AppError::NotFound) };
    let sensor = Sensor::new(
        id.clone(),
        device.id,
        device.thing_id,
        f.sensor_name.trim().to_string(),
        kind,
        f.sensor_public.is_some(),
        crate::db::now(),
    );
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if registry::sensor_by_id(tx, &sensor.id).await?.is_some() {
                    return Err(AppError::Validation(vec![FieldError::new("sensor_id", "iotv-error-id-taken")]));
                }
                registry::insert_sensor(tx, &sensor).await?;
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Ok(id)
}

/// The device and its thing when the user manages it.
pub async fn managed_device(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<Option<(Device, Thing)>, AppError> {
    let mut conn = state.db.conn().await?;
    let Some(device) = registry::device_by_id(&mut conn, id).await? else { return Ok(None) };
    let Some(thing) = registry::thing_by_id(&mut conn, &device.thing_id).await? else { return Ok(None) };
    Ok(manages(user, &thing.agency_id).then_some((device, thing)))
}

/// Give a managed device a new token (the old one stops working at once); the new token.
pub async fn rotate_token(state: &AppState, user: &CurrentUser, id: &str) -> Result<NewDevice, AppError> {
    let (device, _) = managed_device(state, user, id).await?.ok_or(AppError::NotFound)?;
    let token = registry::new_token();
    let (did, hash) = (device.id.clone(), registry::Secret::of(&token));
    let found = state.db.write(move |tx| Box::pin(async move { registry::set_token(tx, &did, &hash).await })).await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(NewDevice { device, token })
}

/// Deactivate a managed device (its token is refused from now on).
pub async fn deactivate(state: &AppState, user: &CurrentUser, id: &str) -> Result<(), AppError> {
    let (device, _) = managed_device(state, user, id).await?.ok_or(AppError::NotFound)?;
    let found = state
        .db
        .write(move |tx| Box::pin(async move { registry::set_device_active(tx, &device.id, false).await }))
        .await?;
    if found {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
