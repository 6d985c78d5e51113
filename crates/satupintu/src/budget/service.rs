//! Budget rules: import (all or nothing, a year and agency replaced in one transaction, every
//! line a ledger leaf), the year's figures, and the check of every stored line against the hash
//! the ledger holds for it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use super::model::{self, Line};
use super::store;
use crate::db::{self, Db};
use crate::identity::{CurrentUser, Role};
use crate::ledger::{self, Leaf};
use crate::web::{AppError, FieldError};

/// One year and agency replaced by an import.
#[derive(Clone, Debug, Serialize, ToSchema, PartialEq, Eq, PartialOrd, Ord)]
pub struct Scope {
    pub fiscal_year: i32,
    pub agency: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = BudgetImportReport)]
pub struct ImportReport {
    /// The years and agencies whose lines were replaced.
    pub replaced: Vec<Scope>,
    /// Lines imported.
    pub lines: usize,
    /// Lines removed (those the import replaced).
    pub removed: u64,
}

/// May `user` import or manage the budget of `agency`? (`None`: the command line.)
pub fn can_manage(user: Option<&CurrentUser>, agency: &str) -> bool {
    match user {
        None => true,
        Some(u) if u.role == Role::SuperAdmin => true,
        Some(u) if u.role == Role::AgencyAdmin => u.agency_id.as_deref() == Some(agency),
        Some(_) => false,
    }
}

fn invalid(problems: Vec<model::Problem>) -> AppError {
    AppError::Validation(problems.into_iter().map(|p| FieldError::new(p.path, p.key)).collect())
}

/// Import a budget file (JSON or CSV) in one transaction: on any problem nothing changes. Every
/// (year, agency) in the file has its lines replaced; each new line is a ledger leaf.
pub async fn import(
    db: &Db,
    text: &str,
    known_agencies: &HashSet<String>,
    actor: Option<&CurrentUser>,
) -> Result<ImportReport, AppError> {
    let lines = model::parse(text, known_agencies).map_err(invalid)?;
    let foreign: Vec<model::Problem> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !can_manage(actor, &l.agency))
        .map(|(i, _)| model::Problem { path: format!("lines[{i}].agency"), key: "budget-err-not-your-agency" })
        .collect();
    if !foreign.is_empty() {
        return Err(invalid(foreign));
    }
    let scopes: BTreeSet<Scope> =
        lines.iter().map(|l| Scope { fiscal_year: l.fiscal_year, agency: l.agency.clone() }).collect();
    let now = db::now();
    let count = lines.len();
    let replaced: Vec<Scope> = scopes.into_iter().collect();
    let scopes = replaced.clone();
    let removed = db
        .write(move |tx| {
            Box::pin(async move {
                let mut removed = 0;
                for s in &scopes {
                    removed += store::delete(tx, s.fiscal_year, &s.agency).await?;
                }
                for l in &lines {
                    store::insert(tx, l, now).await?;
                    ledger::record(tx, &line_leaf(l, now)).await?;
                }
                for s in &scopes {
                    let of: Vec<&Line> =
                        lines.iter().filter(|l| l.fiscal_year == s.fiscal_year && l.agency == s.agency).collect();
                    let leaf = Leaf::new("budget.import", now)
                        .with("year", s.fiscal_year)
                        .with("agency", s.agency.clone())
                        .with("lines", of.len())
                        .with("plan", of.iter().fold(0i64, |a, l| a.saturating_add(l.plan)));
                    ledger::record(tx, &leaf).await?;
                }
                Ok::<_, AppError>(removed)
            })
        })
        .await?;
    Ok(ImportReport { replaced, lines: count, removed })
}

/// The ledger leaf of a line: its key fields and the hash of its canonical JSON.
fn line_leaf(l: &Line, now: i64) -> Leaf {
    Leaf::new("budget.line", now)
        .with("year", l.fiscal_year)
        .with("agency", l.agency.clone())
        .with("programme", l.programme_code.clone())
        .with("activity", l.activity_code.clone())
        .with("account", l.account_code.clone())
        .with_hash("hash", l.canonical().as_bytes())
}

/// A stored line and whether it still matches the hash its ledger leaf holds.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CheckedLine {
    pub line: Line,
    /// Realisation to date (sum of the months).
    pub realised: i64,
    /// The stored line hashes to a `budget.line` ledger entry: it has not been changed since import.
    pub matches_ledger: bool,
}

/// Lines of a year (of one agency or all), each checked against the ledger.
pub async fn lines(db: &Db, year: i32, agency: Option<&str>) -> Result<Vec<CheckedLine>, AppError> {
    let mut conn = db.conn().await?;
    let stored = store::lines(&mut conn, year, agency).await?;
    let agencies: BTreeSet<&str> = stored.iter().map(|s| s.line.agency.as_str()).collect();
    let mut hashes: HashMap<&str, HashSet<String>> = HashMap::new();
    for a in agencies {
        hashes.insert(a, current_hashes(store::line_leaves(&mut conn, a).await?, year));
    }
    Ok(stored
        .iter()
        .map(|s| {
            let h = ledger::sha256_hex(s.line.canonical().as_bytes());
            CheckedLine {
                line: s.line.clone(),
                realised: s.line.realised(),
                matches_ledger: hashes.get(s.line.agency.as_str()).is_some_and(|set| set.contains(&h)),
            }
        })
        .collect())
}

/// The hashes of the lines of `year`'s latest import (the leaves with the newest time): a line
/// put back to the values of an earlier, replaced import does not match either.
fn current_hashes(leaves: Vec<store::LineLeaf>, year: i32) -> HashSet<String> {
    let of_year: Vec<store::LineLeaf> = leaves.into_iter().filter(|l| l.year == i64::from(year)).collect();
    let latest = of_year.iter().map(|l| l.at).max().unwrap_or(0);
    of_year.into_iter().filter(|l| l.at == latest).map(|l| l.hash).collect()
}

/// Years with a budget, newest first.
pub async fn years(db: &Db) -> Result<Vec<i32>, AppError> {
    Ok(store::years(&mut *db.conn().await?).await?)
}

/// Plan and realisation of a group of lines.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct Totals {
    pub plan: i64,
    pub realised: i64,
    /// Realisation of each month, January first.
    pub monthly: Vec<i64>,
}

impl Totals {
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a CheckedLine>) -> Totals {
        let mut t = Totals { monthly: vec![0; 12], ..Default::default() };
        for l in lines {
            t.plan = t.plan.saturating_add(l.line.plan);
            t.realised = t.realised.saturating_add(l.realised);
            for (m, v) in l.line.realisation.iter().enumerate().take(12) {
                t.monthly[m] = t.monthly[m].saturating_add(*v);
            }
        }
        t
    }

    /// Realisation as a share of the plan, in whole percent (0 when there is no plan).
    pub fn percent(&self) -> i64 {
        if self.plan <= 0 {
            0
        } else {
            ((self.realised as i128 * 100 + self.plan as i128 / 2) / self.plan as i128) as i64
        }
    }

    /// Cumulative realisation by month.
    pub fn cumulative(&self) -> Vec<i64> {
        self.monthly
            .iter()
            .scan(0i64, |acc, v| {
                *acc = acc.saturating_add(*v);
                Some(*acc)
            })
            .collect()
    }
}

/// Lines grouped by agency (in agency id order).
pub fn by_agency(lines: &[CheckedLine]) -> BTreeMap<&str, Vec<&CheckedLine>> {
    let mut out: BTreeMap<&str, Vec<&CheckedLine>> = BTreeMap::new();
    for l in lines {
        out.entry(l.line.agency.as_str()).or_default().push(l);
    }
    out
}

/// A year's lines as a `satupintu.budget/v1` document (the download; it imports again as is).
pub fn document(lines: &[CheckedLine]) -> model::Document {
    model::Document { format: model::FORMAT.into(), lines: lines.iter().map(|l| l.line.clone()).collect() }
}

/// An activity of a programme with its accounts.
pub struct ActivityGroup<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub totals: Totals,
    pub accounts: Vec<&'a CheckedLine>,
}

/// A programme with its activities.
pub struct ProgrammeGroup<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub totals: Totals,
    pub activities: Vec<ActivityGroup<'a>>,
}

/// An agency's lines as programme -> activity -> account (lines come sorted by their codes).
pub fn tree(lines: &[CheckedLine]) -> Vec<ProgrammeGroup<'_>> {
    let mut out: Vec<ProgrammeGroup<'_>> = vec![];
    for l in lines {
        if out.last().is_none_or(|p| p.code != l.line.programme_code) {
            out.push(ProgrammeGroup {
                code: &l.line.programme_code,
                name: &l.line.programme_name,
                totals: Totals::default(),
                activities: vec![],
            });
        }
        let Some(p) = out.last_mut() else { continue };
        if p.activities.last().is_none_or(|a| a.code != l.line.activity_code) {
            p.activities.push(ActivityGroup {
                code: &l.line.activity_code,
                name: &l.line.activity_name,
                totals: Totals::default(),
                accounts: vec![],
            });
        }
        if let Some(a) = p.activities.last_mut() {
            a.accounts.push(l);
        }
    }
    for p in &mut out {
        for a in &mut p.activities {
            a.totals = Totals::of(a.accounts.iter().copied());
        }
        p.totals = Totals::of(p.activities.iter().flat_map(|a| a.accounts.iter().copied()));
    }
    out
}
