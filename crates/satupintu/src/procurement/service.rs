//! Procurement rules: who records what, each recorded stage a new immutable OCDS release in the
//! same transaction as its ledger leaf, and the published release and record packages.

use serde_json::Value;

use super::model::{self, NewPackageForm, Package, Publisher, StageForm};
use super::store;
use crate::app::AppState;
use crate::db;
use crate::identity::{CurrentUser, Role};
use crate::ledger::{self, Leaf};
use crate::web::{AppError, FieldError};

/// May `user` record stages of packages of `agency`? Staff of the owning agency, and platform admins.
pub fn can_manage(user: &CurrentUser, agency: &str) -> bool {
    match user.role {
        Role::SuperAdmin => true,
        Role::Officer | Role::Supervisor | Role::AgencyAdmin => user.agency_id.as_deref() == Some(agency),
        _ => false,
    }
}

/// The publication settings, owned (for transactions that run on another thread).
#[derive(Clone)]
pub struct PublisherConfig {
    pub prefix: String,
    pub name: String,
    pub base: String,
}

impl PublisherConfig {
    pub fn of(state: &AppState) -> PublisherConfig {
        PublisherConfig {
            prefix: state.config.ocds_prefix.clone(),
            name: state.config.ocds_publisher.clone(),
            base: state.base_url().trim_end_matches('/').to_string(),
        }
    }

    pub fn publisher(&self) -> Publisher<'_> {
        Publisher { prefix: &self.prefix, name: &self.name, base: &self.base }
    }
}

/// Add a package's next release (and its ledger leaf) in `tx`.
async fn publish(tx: &mut db::Tx, pc: &PublisherConfig, p: &Package, now: i64) -> Result<(), AppError> {
    let n = store::release_count(tx, &p.id).await? + 1;
    let pb = pc.publisher();
    let ocid = pb.ocid(&p.id);
    let tag = p.stage.tag();
    let release_id = format!("{ocid}-{n:02}-{tag}");
    let body = ledger::canonical_json(&model::release(&pb, p, &release_id, now));
    store::insert_release(tx, &p.id, &release_id, tag, now, &body).await?;
    let leaf = Leaf::new("procurement.release", now)
        .with("code", p.id.clone())
        .with("ocid", ocid)
        .with("release", release_id)
        .with("tag", tag)
        .with("agency", p.agency.clone())
        .with_hash("hash", body.as_bytes());
    ledger::record(tx, &leaf).await?;
    Ok(())
}

/// Plan a new package (its first release, tagged `planning`). Staff plan for their own agency;
/// platform admins name the agency.
pub async fn create(state: &AppState, user: &CurrentUser, form: &NewPackageForm) -> Result<Package, AppError> {
    let mut p = model::parse_new(form).map_err(AppError::Validation)?;
    if user.role != Role::SuperAdmin {
        p.agency = user.agency_id.clone().ok_or(AppError::Forbidden)?;
    }
    let snap = crate::catalog::service::snapshot(state).await?;
    let Some(agency) = snap.agency(&p.agency) else {
        return Err(AppError::Validation(vec![FieldError::new("agency", "proc-err-agency")]));
    };
    if !can_manage(user, &p.agency) {
        return Err(AppError::Forbidden);
    }
    p.buyer_name = agency.name.id().to_string();
    let pc = PublisherConfig::of(state);
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                p.id = db::next_code(tx, &format!("PKT-{}", p.fiscal_year)).await?;
                store::insert(tx, &p, now).await?;
                publish(tx, &pc, &p, now).await?;
                Ok::<_, AppError>(p)
            })
        })
        .await
}

/// Record the next stage of package `id` (a new release). Only staff of the owning agency.
pub async fn record(state: &AppState, user: &CurrentUser, id: &str, form: StageForm) -> Result<Package, AppError> {
    let pc = PublisherConfig::of(state);
    let (user, id) = (user.clone(), id.to_string());
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let p = store::get(tx, &id).await?.ok_or(AppError::NotFound)?;
                if !can_manage(&user, &p.agency) {
                    return Err(AppError::Forbidden);
                }
                let next = model::apply(&p, &form).map_err(AppError::Validation)?;
                store::update(tx, &next, now).await?;
                publish(tx, &pc, &next, now).await?;
                Ok(next)
            })
        })
        .await
}

pub async fn get(state: &AppState, id: &str) -> Result<Package, AppError> {
    store::get(&mut *state.db.conn().await?, id).await?.ok_or(AppError::NotFound)
}

pub async fn list(state: &AppState, agency: &str, stage: &str, year: i32) -> Result<Vec<Package>, AppError> {
    Ok(store::list(&mut *state.db.conn().await?, agency, stage, year).await?)
}

pub async fn years(state: &AppState) -> Result<Vec<i32>, AppError> {
    Ok(store::years(&mut *state.db.conn().await?).await?)
}

/// The package id of an ocid with this site's prefix.
pub fn package_of_ocid<'a>(state: &AppState, ocid: &'a str) -> Option<&'a str> {
    ocid.strip_prefix(state.config.ocds_prefix.as_str()).filter(|id| !id.is_empty())
}

/// Stored releases of one package (or of all), parsed, grouped by ocid in order.
pub async fn releases(state: &AppState, package_id: &str) -> Result<Vec<(String, Vec<Value>)>, AppError> {
    let stored = store::releases(&mut *state.db.conn().await?, package_id).await?;
    let mut out: Vec<(String, Vec<Value>)> = vec![];
    for r in stored {
        let v: Value = serde_json::from_str(&r.body).map_err(|e| AppError::Internal(e.into()))?;
        let ocid = v["ocid"].as_str().unwrap_or_default().to_string();
        match out.last_mut() {
            Some((o, list)) if *o == ocid => list.push(v),
            _ => out.push((ocid, vec![v])),
        }
    }
    Ok(out)
}

/// Stored release rows of a package (for its page: tags, times, ids).
pub async fn release_rows(state: &AppState, package_id: &str) -> Result<Vec<store::StoredRelease>, AppError> {
    Ok(store::releases(&mut *state.db.conn().await?, package_id).await?)
}

fn published(groups: &[(String, Vec<Value>)]) -> String {
    groups
        .iter()
        .flat_map(|(_, rs)| rs.iter())
        .filter_map(|r| r["date"].as_str())
        .max()
        .map(str::to_string)
        .unwrap_or_else(|| model::timestamp(db::now()))
}

/// The release package of every package (`ocid` none) or of one (404 when it has no releases).
pub async fn release_package(state: &AppState, ocid: Option<&str>) -> Result<Value, AppError> {
    let pc = PublisherConfig::of(state);
    let (groups, uri) = scoped(state, &pc, ocid, "releases").await?;
    let all: Vec<Value> = groups.iter().flat_map(|(_, rs)| rs.iter().cloned()).collect();
    Ok(pc.publisher().release_package(uri, &published(&groups), all))
}

/// The record package of every package (`ocid` none) or of one.
pub async fn record_package(state: &AppState, ocid: Option<&str>) -> Result<Value, AppError> {
    let pc = PublisherConfig::of(state);
    let (groups, uri) = scoped(state, &pc, ocid, "records").await?;
    Ok(pc.publisher().record_package(uri, &published(&groups), &groups))
}

async fn scoped(
    state: &AppState,
    pc: &PublisherConfig,
    ocid: Option<&str>,
    kind: &str,
) -> Result<(Vec<(String, Vec<Value>)>, String), AppError> {
    match ocid {
        None => Ok((releases(state, "").await?, format!("{}/ocds/{kind}.json", pc.base))),
        Some(o) => {
            let id = package_of_ocid(state, o).ok_or(AppError::NotFound)?;
            let groups = releases(state, id).await?;
            if groups.is_empty() {
                return Err(AppError::NotFound);
            }
            Ok((groups, format!("{}/ocds/{kind}/{o}.json", pc.base)))
        }
    }
}

/// Ledger entries naming a package (newest first).
pub async fn ledger_entries(state: &AppState, id: &str) -> Result<Vec<u64>, AppError> {
    Ok(ledger::entries_naming(state, id).await?)
}
