//! Catalogue rules: import (idempotent, versioned, all-or-nothing), edits by agency admins,
//! export, and the in-memory snapshot that pages, the API and search read from.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::model::{self, Agency, Catalog, Problem, Service};
use super::store::{self, NewVersion};
use crate::app::AppState;
use crate::db::{self, Db};
use crate::identity::{CurrentUser, Role};
use crate::search;
use crate::web::precompressed::Precompressed;
use crate::web::AppError;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("the catalogue has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<CatalogError> for AppError {
    fn from(e: CatalogError) -> Self {
        match e {
            CatalogError::Invalid(p) => AppError::Validation(p.iter().map(Problem::to_field_error).collect()),
            CatalogError::Forbidden => AppError::Forbidden,
            CatalogError::NotFound => AppError::NotFound,
            CatalogError::Db(e) => e.into(),
        }
    }
}

/// A service at its current version.
#[derive(Debug)]
pub struct ServiceRecord {
    pub service: Service,
    pub version: i64,
    pub updated_at: i64,
}

/// An immutable view of the whole catalogue with its search index.
#[derive(Default)]
pub struct Snapshot {
    pub rev: i64,
    pub services: Vec<Arc<ServiceRecord>>,
    pub agencies: Vec<Agency>,
    service_idx: HashMap<String, usize>,
    agency_idx: HashMap<String, usize>,
    index: search::Index,
    /// Responses that are the same for every signed-out visitor, built from this snapshot.
    responses: std::sync::Mutex<HashMap<String, Arc<Precompressed>>>,
}

impl Snapshot {
    fn build(rev: i64, stored: Vec<store::StoredService>, agencies: Vec<Agency>) -> Snapshot {
        let services: Vec<Arc<ServiceRecord>> = stored
            .into_iter()
            .map(|s| Arc::new(ServiceRecord { service: s.service, version: s.version, updated_at: s.updated_at }))
            .collect();
        let docs: Vec<search::Doc> = services
            .iter()
            .map(|r| {
                let s = &r.service;
                let join = |v: Vec<&str>| v.join(" . ");
                search::Doc {
                    fields: vec![
                        (3.0, join(s.name.all().collect())),
                        (2.5, join(s.keywords.iter().map(String::as_str).collect())),
                        (1.0, join(s.summary.all().collect())),
                        (0.6, join(s.faq.iter().flat_map(|f| f.q.all().chain(f.a.all())).collect())),
                        (0.4, join(s.output.all().collect())),
                        (0.2, join(s.requirements.iter().flat_map(|r| r.all()).collect())),
                    ],
                }
            })
            .collect();
        let index = search::Index::build(&docs);
        let service_idx = services.iter().enumerate().map(|(i, r)| (r.service.id.clone(), i)).collect();
        let agency_idx = agencies.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        Snapshot { rev, services, agencies, service_idx, agency_idx, index, responses: Default::default() }
    }

    pub fn service(&self, id: &str) -> Option<&Arc<ServiceRecord>> {
        self.service_idx.get(id).map(|&i| &self.services[i])
    }

    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agency_idx.get(id).map(|&i| &self.agencies[i])
    }

    pub fn services_of(&self, agency: &str) -> impl Iterator<Item = &Arc<ServiceRecord>> {
        let agency = agency.to_string();
        self.services.iter().filter(move |r| r.service.agency == agency)
    }

    pub fn in_category<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Arc<ServiceRecord>> + 'a {
        self.services.iter().filter(move |r| r.service.category == category)
    }

    /// Categories that have services, with counts, in the catalogue's order.
    pub fn category_counts(&self) -> Vec<(&'static str, usize)> {
        model::CATEGORIES.iter().map(|c| (*c, self.in_category(c).count())).filter(|(_, n)| *n > 0).collect()
    }

    /// Services matching a query, best first.
    pub fn search(&self, q: &str, limit: usize) -> Vec<(&Arc<ServiceRecord>, f32)> {
        self.index.search(q, limit).into_iter().map(|(i, s)| (&self.services[i], s)).collect()
    }

    /// A response built once per snapshot (the snapshot is replaced whenever the catalogue
    /// changes, and the cache with it). Keys must come from a bounded set: never raw user input.
    pub fn cached(
        &self,
        key: String,
        make: impl FnOnce() -> Result<Precompressed, AppError>,
    ) -> Result<Arc<Precompressed>, AppError> {
        if let Some(hit) = self.responses.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(hit);
        }
        let made = Arc::new(make()?);
        if let Ok(mut m) = self.responses.lock() {
            m.insert(key, made.clone());
        }
        Ok(made)
    }

    pub fn agency_ids(&self) -> HashSet<String> {
        self.agency_idx.keys().cloned().collect()
    }
}

/// The shared, lazily refreshed catalogue snapshot.
pub struct Cache {
    current: RwLock<Arc<Snapshot>>,
    checked: RwLock<Option<Instant>>,
    reload: tokio::sync::Mutex<()>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            current: RwLock::new(Arc::new(Snapshot::default())),
            checked: RwLock::new(None),
            reload: Default::default(),
        }
    }
}

/// How long a process trusts its snapshot before asking the database for the revision.
const FRESHNESS: Duration = Duration::from_millis(1000);

impl Cache {
    fn get(&self) -> Arc<Snapshot> {
        self.current.read().map(|g| g.clone()).unwrap_or_default()
    }

    /// The current snapshot, reloaded if another process (or this one) changed the catalogue.
    pub async fn snapshot(&self, db: &Db) -> Result<Arc<Snapshot>, sqlx::Error> {
        let fresh = self.checked.read().ok().and_then(|c| *c).is_some_and(|t| t.elapsed() < FRESHNESS);
        if fresh {
            return Ok(self.get());
        }
        self.refresh(db, false).await
    }

    /// Re-read the revision and reload if it changed (`force` reloads regardless).
    pub async fn refresh(&self, db: &Db, force: bool) -> Result<Arc<Snapshot>, sqlx::Error> {
        let _guard = self.reload.lock().await;
        let mut tx = db.read().await?;
        let rev = store::revision(&mut tx).await?;
        let cur = self.get();
        let snap = if force || rev != cur.rev || cur.services.is_empty() && rev > 0 {
            let services = store::current_services(&mut tx).await?;
            let agencies = store::agencies(&mut tx).await?;
            let snap = Arc::new(Snapshot::build(rev, services, agencies));
            if let Ok(mut w) = self.current.write() {
                *w = snap.clone();
            }
            snap
        } else {
            cur
        };
        tx.commit().await?;
        if let Ok(mut c) = self.checked.write() {
            *c = Some(Instant::now());
        }
        Ok(snap)
    }
}

pub async fn snapshot(state: &AppState) -> Result<Arc<Snapshot>, AppError> {
    Ok(state.catalog.snapshot(&state.db).await?)
}

pub async fn agency(state: &AppState, id: &str) -> Result<Option<Agency>, AppError> {
    Ok(snapshot(state).await?.agency(id).cloned())
}

/// What an import changed.
#[derive(Debug, Default, Serialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct ImportReport {
    pub agencies_added: Vec<String>,
    pub agencies_updated: Vec<String>,
    pub services_added: Vec<String>,
    /// Services that got a new version.
    pub services_updated: Vec<String>,
    pub services_unchanged: usize,
}

impl ImportReport {
    pub fn changed(&self) -> bool {
        !(self.agencies_added.is_empty()
            && self.agencies_updated.is_empty()
            && self.services_added.is_empty()
            && self.services_updated.is_empty())
    }
}

/// Import a catalogue document in one transaction: all of it, or (on any problem) nothing.
/// Importing the same document again changes nothing; an edited service gets a new version.
/// `actor` is `None` for the command line; an agency admin may only import their own agency.
pub async fn import(db: &Db, text: &str, actor: Option<&CurrentUser>) -> Result<ImportReport, CatalogError> {
    let mut tx = db.begin().await?;
    let known: HashSet<String> = store::agency_ids(&mut tx).await?.into_iter().collect();
    let catalog = model::parse_catalog(text, &known).map_err(CatalogError::Invalid)?;
    let now = db::now();
    let mut report = ImportReport::default();
    let own_agency = match actor {
        None => None,
        Some(u) if u.role == Role::SuperAdmin => None,
        Some(u) if u.role == Role::AgencyAdmin => Some(u.agency_id.clone().ok_or(CatalogError::Forbidden)?),
        Some(_) => return Err(CatalogError::Forbidden),
    };
    let mut problems = vec![];
    for (i, a) in catalog.agencies.iter().enumerate() {
        let existing = store::agency_json(&mut tx, &a.id).await?;
        let existing: Option<Agency> = existing.and_then(|j| serde_json::from_str(&j).ok());
        match existing {
            Some(old) if &old == a => {}
            _ if own_agency.as_ref().is_some_and(|o| o != &a.id) => {
                problems.push(Problem { path: format!("$.agencies[{i}]"), key: "cat-not-your-agency" });
            }
            Some(_) => {
                store::update_agency(&mut tx, a, now).await?;
                report.agencies_updated.push(a.id.clone());
            }
            None => {
                store::insert_agency(&mut tx, a, now).await?;
                report.agencies_added.push(a.id.clone());
            }
        }
    }
    for (i, s) in catalog.services.iter().enumerate() {
        let current = store::current(&mut tx, &s.id).await?;
        if let Some(own) = &own_agency {
            let moves_foreign = current.as_ref().is_some_and(|(_, _, ag)| ag != own);
            if &s.agency != own || moves_foreign {
                problems.push(Problem { path: format!("$.services[{i}].agency"), key: "cat-not-your-agency" });
                continue;
            }
        }
        let (version, source) = match current {
            Some((_, hash, _)) if hash == s.content_hash() => {
                report.services_unchanged += 1;
                continue;
            }
            Some((v, _, _)) => {
                report.services_updated.push(s.id.clone());
                (v + 1, "import")
            }
            None => {
                report.services_added.push(s.id.clone());
                (1, "import")
            }
        };
        let nv = NewVersion { service: s, version, source, created_by: actor.map(|u| u.id), note: None };
        store::insert_version(&mut tx, &nv, now).await?;
    }
    if !problems.is_empty() {
        return Err(CatalogError::Invalid(problems));
    }
    if report.changed() {
        store::bump_revision(&mut tx).await?;
        tx.commit().await?;
    }
    Ok(report)
}

/// Import through the web or API: also refreshes this process's snapshot at once.
pub async fn import_as(state: &AppState, text: &str, actor: &CurrentUser) -> Result<ImportReport, CatalogError> {
    let report = import(&state.db, text, Some(actor)).await?;
    state.catalog.refresh(&state.db, true).await?;
    Ok(report)
}

/// May this user edit services of `agency`?
pub fn can_edit(user: &CurrentUser, agency: &str) -> bool {
    match user.role {
        Role::SuperAdmin => true,
        Role::AgencyAdmin => user.agency_id.as_deref() == Some(agency),
        _ => false,
    }
}

/// Save an edited service as a new version (nothing happens when nothing changed).
/// Returns the version now current.
pub async fn edit(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    value: &serde_json::Value,
    note: Option<&str>,
) -> Result<i64, CatalogError> {
    let mut tx = state.db.begin().await?;
    let (version, hash, agency) = store::current(&mut tx, id).await?.ok_or(CatalogError::NotFound)?;
    if !can_edit(user, &agency) {
        return Err(CatalogError::Forbidden);
    }
    let known: HashSet<String> = store::agency_ids(&mut tx).await?.into_iter().collect();
    let service = model::parse_service(value, &known).map_err(CatalogError::Invalid)?;
    if service.id != id {
        return Err(CatalogError::Invalid(vec![Problem { path: "$.id".into(), key: "cat-id-mismatch" }]));
    }
    if !can_edit(user, &service.agency) {
        return Err(CatalogError::Invalid(vec![Problem { path: "$.agency".into(), key: "cat-not-your-agency" }]));
    }
    if service.content_hash() == hash {
        return Ok(version);
    }
    let nv = NewVersion { service: &service, version: version + 1, source: "edit", created_by: Some(user.id), note };
    store::insert_version(&mut tx, &nv, db::now()).await?;
    store::bump_revision(&mut tx).await?;
    tx.commit().await?;
    state.catalog.refresh(&state.db, true).await?;
    tracing::info!(service = id, version = version + 1, user_id = user.id, "service edited");
    Ok(version + 1)
}

pub async fn versions(state: &AppState, id: &str) -> Result<Vec<store::VersionInfo>, AppError> {
    let mut tx = state.db.read().await?;
    let v = store::versions(&mut tx, id).await?;
    tx.commit().await?;
    if v.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(v)
}

pub async fn version(state: &AppState, id: &str, n: i64) -> Result<store::StoredService, AppError> {
    let mut tx = state.db.read().await?;
    let v = store::version(&mut tx, id, n).await?;
    tx.commit().await?;
    v.ok_or(AppError::NotFound)
}

/// The whole catalogue in `satupintu.catalog/v1`, as stored now.
pub async fn export(db: &Db) -> Result<Catalog, sqlx::Error> {
    let mut tx = db.read().await?;
    let services = store::current_services(&mut tx).await?.into_iter().map(|s| s.service).collect();
    let agencies = store::agencies(&mut tx).await?;
    tx.commit().await?;
    let today = time::OffsetDateTime::now_utc().date();
    Ok(Catalog { format: model::FORMAT.into(), published: today.to_string(), agencies, services })
}
