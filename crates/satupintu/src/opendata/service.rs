//! The rules of the catalogue: who publishes what, publishing a dataset (one transaction with
//! its ledger entry), and searching (shared by the pages and the CKAN API).

use super::model::{Meta, MetaInput, Table, TableError, PLATFORM};
use super::store::{self, Dataset, NewResource};
use crate::app::AppState;
use crate::db::{self, Db};
use crate::identity::{CurrentUser, Role};
use crate::ledger::{self, Leaf};
use crate::web::{AppError, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("invalid metadata")]
    Fields(Vec<FieldError>),
    #[error("invalid file: {}", .0.key)]
    File(TableError),
    #[error("the name belongs to another publisher")]
    NameTaken,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for PublishError {
    fn from(e: sqlx::Error) -> Self {
        PublishError::App(e.into())
    }
}

/// Every dataset with its resources.
pub async fn datasets(state: &AppState) -> Result<Vec<Dataset>, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(store::all(&mut conn).await?)
}

/// The dataset called `name` (or with that id).
pub async fn dataset(state: &AppState, name_or_id: &str) -> Result<Option<Dataset>, AppError> {
    Ok(datasets(state).await?.into_iter().find(|d| d.meta.name == name_or_id || d.id == name_or_id))
}

/// The cells of a resource.
pub async fn table(state: &AppState, resource_id: &str) -> Result<Option<Table>, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(store::table(&mut conn, resource_id).await?)
}

/// The agency a user publishes for: an agency admin's own; a platform admin may pick any agency.
pub fn publisher_for(user: &CurrentUser, chosen: &str) -> Option<String> {
    match user.role {
        Role::SuperAdmin => (!chosen.trim().is_empty()).then(|| chosen.trim().to_string()),
        Role::AgencyAdmin => user.agency_id.clone(),
        _ => None,
    }
}

/// Parse an uploaded resource by its file name (`.json` as JSON, anything else as CSV).
pub fn parse_file(filename: &str, bytes: &[u8]) -> Result<(String, Table), TableError> {
    if filename.to_ascii_lowercase().ends_with(".json") {
        Ok(("JSON".into(), Table::parse_json(bytes)?))
    } else {
        Ok(("CSV".into(), Table::parse_csv(bytes)?))
    }
}

/// Publish or update a dataset of the admin's agency from the form's metadata and one file.
/// Nothing changes when anything is wrong.
pub async fn publish(
    state: &AppState,
    user: &CurrentUser,
    input: &MetaInput,
    chosen_publisher: &str,
    file: Option<(String, Vec<u8>)>,
) -> Result<String, PublishError> {
    let publisher = publisher_for(user, chosen_publisher);
    let known = match &publisher {
        Some(p) => crate::catalog::service::agency(state, p).await?.is_some(),
        None => false,
    };
    let mut errors = vec![];
    if !known {
        errors.push(FieldError::new("publisher", "od-field-publisher"));
    }
    let meta = input.parse(publisher.as_deref().unwrap_or_default());
    if let Err(e) = &meta {
        errors.extend(e.iter().cloned());
    }
    let file = file.filter(|(_, b)| !b.is_empty());
    if file.is_none() {
        errors.push(FieldError::new("file", "od-field-file"));
    }
    let (Ok(meta), Some((filename, bytes)), true) = (meta, file, errors.is_empty()) else {
        return Err(PublishError::Fields(errors));
    };
    let (format, table) = parse_file(&filename, &bytes).map_err(PublishError::File)?;
    let resource =
        NewResource { slug: "data".into(), name: meta.title.clone(), description: meta.notes.clone(), format, table };
    save(&state.db, meta, false, vec![resource], db::now()).await?;
    Ok(input.name.trim().to_lowercase())
}

/// Store a dataset (new, or replacing one of the same publisher) in one transaction with its
/// ledger entry (agencies' datasets only). Returns false when nothing changed (same metadata
/// and cells).
pub async fn save(
    db: &Db,
    meta: Meta,
    automatic: bool,
    resources: Vec<NewResource>,
    now: i64,
) -> Result<bool, PublishError> {
    let resources: Vec<(NewResource, String)> = resources
        .into_iter()
        .map(|r| {
            let hash = ledger::sha256_hex(r.table.to_csv().as_bytes());
            (r, hash)
        })
        .collect();
    db.write(move |tx| {
        Box::pin(async move {
            let existing = store::owner(tx, &meta.name).await?;
            if let Some((_, publisher)) = &existing {
                if *publisher != meta.publisher {
                    return Err(PublishError::NameTaken);
                }
            }
            let existing_id = existing.map(|(id, _)| id);
            if let Some(id) = &existing_id {
                if unchanged(tx, id, &meta, &resources).await? {
                    return Ok(false);
                }
            }
            store::save(tx, existing_id.as_deref(), &meta, automatic, &resources, now).await?;
            // An agency's publication is a public fact worth a ledger entry; the statistics are
            // derived from data whose own changes are in the ledger already, and change daily.
            if !automatic {
                let hashes: Vec<&str> = resources.iter().map(|(_, h)| h.as_str()).collect();
                let leaf = Leaf::new("opendata.publish", now)
                    .with("dataset", meta.name.as_str())
                    .with("publisher", meta.publisher.as_str())
                    .with("resources", hashes);
                ledger::record(tx, &leaf).await?;
            }
            Ok(true)
        })
    })
    .await
}

/// Whether a stored dataset already has this metadata and these cells.
async fn unchanged(
    tx: &mut db::Tx,
    id: &str,
    meta: &Meta,
    resources: &[(NewResource, String)],
) -> Result<bool, sqlx::Error> {
    let all = store::all(tx).await?;
    let Some(d) = all.iter().find(|d| d.id == id) else { return Ok(false) };
    Ok(d.meta == *meta
        && d.resources.len() == resources.len()
        && d.resources.iter().zip(resources).all(|(a, (b, h))| a.slug == b.slug && a.name == b.name && a.sha256 == *h))
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    /// Most recently changed first (also CKAN's "score desc, metadata_modified desc").
    #[default]
    ModifiedDesc,
    ModifiedAsc,
    TitleAsc,
    TitleDesc,
    NameAsc,
    NameDesc,
}

impl Sort {
    /// CKAN's sort parameter: `metadata_modified desc`, `title_string asc`, `name asc`, ...
    pub fn parse(s: &str) -> Option<Sort> {
        let first = s.split(',').map(str::trim).find(|p| !p.starts_with("score")).unwrap_or("");
        let mut it = first.split_whitespace();
        let (field, dir) = (it.next().unwrap_or(""), it.next().unwrap_or("asc"));
        let desc = match dir {
            "asc" => false,
            "desc" => true,
            _ => return None,
        };
        Some(match (field, desc) {
            ("" | "metadata_modified" | "metadata_created", true) | ("", false) => Sort::ModifiedDesc,
            ("metadata_modified" | "metadata_created", false) => Sort::ModifiedAsc,
            ("title_string" | "title", false) => Sort::TitleAsc,
            ("title_string" | "title", true) => Sort::TitleDesc,
            ("name", false) => Sort::NameAsc,
            ("name", true) => Sort::NameDesc,
            _ => return None,
        })
    }
}

/// A search of the catalogue: words and filters (each filter's values are alternatives).
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub q: String,
    pub organization: Vec<String>,
    pub groups: Vec<String>,
    pub res_format: Vec<String>,
    pub tags: Vec<String>,
    pub license_id: Vec<String>,
    pub sort: Sort,
}

impl Query {
    /// Add the filters of a Solr-style `fq` (`organization:dinkes groups:kesehatan
    /// res_format:CSV tags:"air bersih"`, optionally with `+`); false for an unknown field.
    pub fn add_fq(&mut self, fq: &str) -> bool {
        let mut rest = fq.trim();
        while !rest.is_empty() {
            let Some((field, after)) = rest.split_once(':') else { return false };
            let field = field.trim().trim_start_matches('+');
            let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
                match quoted.split_once('"') {
                    Some((v, n)) => (v, n),
                    None => return false,
                }
            } else {
                after.split_once(char::is_whitespace).unwrap_or((after, ""))
            };
            let value = value.to_string();
            match field {
                "organization" | "owner_org" => self.organization.push(value),
                "groups" => self.groups.push(value),
                "res_format" => self.res_format.push(value),
                "tags" => self.tags.push(value),
                "license_id" => self.license_id.push(value),
                "name" => self.q.push_str(&format!(" name:{value}")),
                "dataset_type" | "type" if value == "dataset" => {}
                _ => return false,
            }
            rest = next.trim();
        }
        true
    }

    /// The datasets that match, in order.
    pub fn run<'a>(&self, all: &'a [Dataset], org_title: impl Fn(&str) -> String) -> Vec<&'a Dataset> {
        fn any<'s>(want: &[String], have: impl Iterator<Item = &'s str>) -> bool {
            let have: Vec<&str> = have.collect();
            want.is_empty() || want.iter().any(|w| have.iter().any(|h| h.eq_ignore_ascii_case(w)))
        }
        let words: Vec<String> = self.q.split_whitespace().filter(|w| *w != "*:*").map(str::to_lowercase).collect();
        let mut out: Vec<&Dataset> = all
            .iter()
            .filter(|d| {
                let m = &d.meta;
                any(&self.organization, std::iter::once(m.publisher.as_str()))
                    && any(&self.groups, m.themes.iter().map(String::as_str))
                    && any(&self.tags, m.keywords.iter().map(String::as_str))
                    && any(&self.license_id, std::iter::once(m.license_id.as_str()))
                    && any(&self.res_format, formats(d).into_iter())
                    && {
                        let text = format!(
                            "{} {} {} {} {} {}",
                            m.name,
                            m.title,
                            m.notes,
                            m.keywords.join(" "),
                            m.themes.join(" "),
                            org_title(&m.publisher)
                        )
                        .to_lowercase();
                        words.iter().all(|w| match w.strip_prefix("name:") {
                            Some(n) => m.name == n,
                            None => text.contains(w.as_str()),
                        })
                    }
            })
            .collect();
        match self.sort {
            Sort::ModifiedDesc => {
                out.sort_by(|a, b| b.modified_at.cmp(&a.modified_at).then(a.meta.name.cmp(&b.meta.name)))
            }
            Sort::ModifiedAsc => {
                out.sort_by(|a, b| a.modified_at.cmp(&b.modified_at).then(a.meta.name.cmp(&b.meta.name)))
            }
            Sort::TitleAsc => out.sort_by_key(|d| d.meta.title.to_lowercase()),
            Sort::TitleDesc => out.sort_by_key(|d| std::cmp::Reverse(d.meta.title.to_lowercase())),
            Sort::NameAsc => out.sort_by(|a, b| a.meta.name.cmp(&b.meta.name)),
            Sort::NameDesc => out.sort_by(|a, b| b.meta.name.cmp(&a.meta.name)),
        }
        out
    }
}

/// The formats a dataset can be downloaded in (every resource as CSV and JSON).
pub fn formats(d: &Dataset) -> Vec<&'static str> {
    if d.resources.is_empty() {
        vec![]
    } else {
        vec!["CSV", "JSON"]
    }
}

/// The display name of a publisher.
pub fn publisher_title(snap: &crate::catalog::service::Snapshot, id: &str, lang: crate::web::Lang) -> String {
    if id == PLATFORM {
        return "SatuPintu".into();
    }
    snap.agency(id).map(|a| a.name.get(lang).to_string()).unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_and_fq_parse_like_ckan() {
        assert_eq!(Sort::parse("metadata_modified desc"), Some(Sort::ModifiedDesc));
        assert_eq!(Sort::parse("title_string asc"), Some(Sort::TitleAsc));
        assert_eq!(Sort::parse("score desc, metadata_modified desc"), Some(Sort::ModifiedDesc));
        assert_eq!(Sort::parse("bogus asc"), None);
        let mut q = Query::default();
        assert!(q.add_fq("organization:dinkes +groups:kesehatan res_format:CSV tags:\"air bersih\""));
        assert_eq!(q.organization, vec!["dinkes"]);
        assert_eq!(q.groups, vec!["kesehatan"]);
        assert_eq!(q.res_format, vec!["CSV"]);
        assert_eq!(q.tags, vec!["air bersih"]);
        assert!(!Query::default().add_fq("secret:1"));
    }
}
