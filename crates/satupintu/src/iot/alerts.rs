//! Work orders (the alerts the rules open) and rules as staff handle them: who sees which,
//! acknowledging, confirming the close once values are back to normal, staff on duty, and
//! creating and deactivating rules. Every change is one transaction.

use serde::Serialize;
use sqlx::Row as _;
use utoipa::ToSchema;

use super::model::{Alert, Rule, RuleKind, SensorKind};
use super::rules::{self, rule_row, RULE_COLUMNS};
use crate::db::{self, Conn, Db, Tx};
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, FieldError};

pub(crate) const ALERT_COLUMNS: &str = "a.id, a.code, a.rule_id, a.sensor_id, a.thing_id, a.agency_id, a.severity, \
     a.status, a.opened_ts_ms, a.opened_value, a.peak_value, a.last_value, a.normal_at, a.acknowledged_by, \
     a.acknowledged_at, a.closed_by, a.closed_at, a.close_note, a.report_code, a.created_at";

pub(crate) fn alert_row(r: &db::Row) -> Result<Alert, sqlx::Error> {
    Ok(Alert {
        id: r.try_get(0)?,
        code: r.try_get(1)?,
        rule_id: r.try_get(2)?,
        sensor_id: r.try_get(3)?,
        thing_id: r.try_get(4)?,
        agency_id: r.try_get(5)?,
        severity: r.try_get(6)?,
        status: r.try_get(7)?,
        opened_ts_ms: r.try_get(8)?,
        opened_value: r.try_get(9)?,
        peak_value: r.try_get(10)?,
        last_value: r.try_get(11)?,
        normal_at: r.try_get(12)?,
        acknowledged_by: r.try_get(13)?,
        acknowledged_at: r.try_get(14)?,
        closed_by: r.try_get(15)?,
        closed_at: r.try_get(16)?,
        close_note: r.try_get(17)?,
        report_code: r.try_get(18)?,
        created_at: r.try_get(19)?,
    })
}

/// The statuses of a work order.
pub const STATUSES: [&str; 3] = ["open", "normal", "closed"];

/// A filter on the list of work orders.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only this agency's (none: all).
    pub agency: Option<String>,
    pub status: Option<String>,
    pub sensor: Option<String>,
    pub limit: i64,
}

/// Work orders, newest first.
pub async fn list(conn: &mut Conn, f: &Filter) -> Result<Vec<Alert>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {ALERT_COLUMNS} FROM iot_alerts a WHERE ($1 IS NULL OR a.agency_id = $1) \
         AND ($2 IS NULL OR a.status = $2) AND ($3 IS NULL OR a.sensor_id = $3) ORDER BY a.created_at DESC, a.id DESC LIMIT $4"
    ))
    .bind(f.agency.as_deref())
    .bind(f.status.as_deref())
    .bind(f.sensor.as_deref())
    .bind(f.limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(alert_row).collect()
}

pub async fn by_code(conn: &mut Conn, code: &str) -> Result<Option<Alert>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {ALERT_COLUMNS} FROM iot_alerts a WHERE a.code = $1"))
        .bind(code)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(alert_row).transpose()
}

/// One step of a work order's timeline.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = IotAlertEvent)]
pub struct Event {
    pub at: i64,
    /// `open`, `reopen`, `normal`, `acknowledge` or `close`.
    pub action: String,
    pub value: Option<f64>,
    /// The staff member's name, for staff actions.
    pub actor: Option<String>,
    pub note: Option<String>,
}

pub async fn events(conn: &mut Conn, alert: i64) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.at, e.action, e.value, u.full_name, e.note FROM iot_alert_events e \
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.alert_id = $1 ORDER BY e.id",
    )
    .bind(alert)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Event {
                at: r.try_get(0)?,
                action: r.try_get(1)?,
                value: r.try_get(2)?,
                actor: r.try_get(3)?,
                note: r.try_get(4)?,
            })
        })
        .collect()
}

/// The agency whose work orders `user` sees: none for the super admin and auditors (all).
pub fn scope(user: &CurrentUser) -> Result<Option<String>, AppError> {
    crate::forecast::service::agency_scope(user)
}

/// May `user` act on (acknowledge, close) a work order of `agency`?
pub fn may_act(user: &CurrentUser, agency: &str) -> bool {
    match user.role {
        Role::SuperAdmin => true,
        Role::Officer | Role::Supervisor | Role::AgencyAdmin => user.agency_id.as_deref() == Some(agency),
        Role::Auditor | Role::Citizen | Role::Treasurer => false,
    }
}

/// The work orders `user` may see.
pub async fn visible(
    db: &Db,
    user: &CurrentUser,
    status: Option<&str>,
    sensor: Option<&str>,
) -> Result<Vec<Alert>, AppError> {
    let agency = scope(user)?;
    let status = status.filter(|s| !s.is_empty());
    if status.is_some_and(|s| !STATUSES.contains(&s)) {
        return Err(AppError::Validation(vec![FieldError::new("status", "iot-wo-error-status")]));
    }
    let f = Filter {
        agency,
        status: status.map(str::to_string),
        sensor: sensor.filter(|s| !s.is_empty()).map(str::to_string),
        limit: 500,
    };
    Ok(list(&mut *db.conn().await?, &f).await?)
}

/// One work order `user` may see, with its timeline (404 for another agency's).
pub async fn view(db: &Db, user: &CurrentUser, code: &str) -> Result<(Alert, Vec<Event>), AppError> {
    let agency = scope(user)?;
    let mut conn = db.conn().await?;
    let alert = by_code(&mut conn, code).await?.ok_or(AppError::NotFound)?;
    if agency.as_deref().is_some_and(|a| a != alert.agency_id) {
        return Err(AppError::NotFound);
    }
    let events = events(&mut conn, alert.id).await?;
    Ok((alert, events))
}

/// Acknowledge a work order not closed yet (once; again is harmless).
pub async fn acknowledge(db: &Db, user: &CurrentUser, code: &str) -> Result<Alert, AppError> {
    let (user, code) = (user.clone(), code.to_string());
    db.write(move |tx| {
        Box::pin(async move {
            let alert = acting_on(tx, &user, &code).await?;
            if alert.status == "closed" {
                return Err(AppError::Conflict { key: "iot-wo-error-closed" });
            }
            if alert.acknowledged_at.is_none() {
                let now = db::now();
                sqlx::query(
                    "UPDATE iot_alerts SET acknowledged_by = $1, acknowledged_at = $2 WHERE id = $3 AND acknowledged_at IS NULL",
                )
                .bind(user.id)
                .bind(now)
                .bind(alert.id)
                .execute(&mut **tx)
                .await?;
                rules::event(tx, alert.id, now, "acknowledge", None, Some(user.id), None).await?;
            }
            by_code(tx, &code).await?.ok_or(AppError::NotFound)
        })
    })
    .await
}

/// The longest closing note kept.
pub const NOTE_MAX: usize = 1000;

/// Confirm that a work order whose values are back to normal is done: closed, its `open_key`
/// freed (the next crossing opens a new one), a ledger leaf. Only from `normal`, with a note.
pub async fn close(db: &Db, user: &CurrentUser, code: &str, note: &str) -> Result<Alert, AppError> {
    let note = note.trim().to_string();
    if note.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new("note", "iot-wo-error-note")]));
    }
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::Validation(vec![FieldError::new("note", "iot-wo-error-note-long")]));
    }
    let (user, code) = (user.clone(), code.to_string());
    db.write(move |tx| {
        Box::pin(async move {
            let alert = acting_on(tx, &user, &code).await?;
            // A work order whose rule was deactivated is no longer watched: staff may close it
            // as it stands.
            let watched = rule_by_id(tx, alert.rule_id).await?.is_some_and(|r| r.active);
            match alert.status.as_str() {
                "normal" => {}
                "open" if !watched => {}
                "closed" => return Err(AppError::Conflict { key: "iot-wo-error-closed" }),
                _ => return Err(AppError::Conflict { key: "iot-wo-error-not-normal" }),
            }
            let now = db::now();
            let done = sqlx::query(
                "UPDATE iot_alerts SET status = 'closed', closed_by = $1, closed_at = $2, close_note = $3, open_key = NULL \
                 WHERE id = $4 AND status = $5",
            )
            .bind(user.id)
            .bind(now)
            .bind(&note)
            .bind(alert.id)
            .bind(&alert.status)
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(AppError::Conflict { key: "iot-wo-error-not-normal" });
            }
            rules::event(tx, alert.id, now, "close", alert.last_value, Some(user.id), Some(&note)).await?;
            let leaf = crate::ledger::Leaf::new("iot.alert.close", now)
                .with("code", alert.code.as_str())
                .with("rule_id", alert.rule_id)
                .with("sensor_id", alert.sensor_id.as_str())
                .with("agency_id", alert.agency_id.as_str())
                .with("actor_role", user.role.as_str())
                .with_hash("note_sha256", note.as_bytes());
            crate::ledger::record(tx, &leaf).await?;
            by_code(tx, &code).await?.ok_or(AppError::NotFound)
        })
    })
    .await
}

/// The work order `user` acts on: 404 when unknown or of an agency they do not see, 403 when
/// they see it but may not act (an auditor).
async fn acting_on(tx: &mut Tx, user: &CurrentUser, code: &str) -> Result<Alert, AppError> {
    let alert = by_code(tx, code).await?.ok_or(AppError::NotFound)?;
    if scope(user)?.is_some_and(|a| a != alert.agency_id) {
        return Err(AppError::NotFound);
    }
    if !may_act(user, &alert.agency_id) {
        return Err(AppError::Forbidden);
    }
    Ok(alert)
}

/// Is `user` on duty for their agency's alerts?
pub async fn on_duty(conn: &mut Conn, user: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM iot_on_duty WHERE user_id = $1").bind(user).fetch_optional(conn).await?.is_some())
}

/// Who is on duty for an agency (names).
pub async fn on_duty_names(conn: &mut Conn, agency: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.full_name FROM iot_on_duty d JOIN users u ON u.id = d.user_id WHERE d.agency_id = $1 ORDER BY u.full_name",
    )
    .bind(agency)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}

/// Put `user` on duty for their agency, or off when they are; returns whether they are now.
pub async fn toggle_duty(db: &Db, user: &CurrentUser) -> Result<bool, AppError> {
    let agency = user.agency_id.clone().ok_or(AppError::Forbidden)?;
    let id = user.id;
    db.write(move |tx| {
        Box::pin(async move {
            let gone = sqlx::query("DELETE FROM iot_on_duty WHERE user_id = $1").bind(id).execute(&mut **tx).await?;
            if gone.rows_affected() > 0 {
                return Ok(false);
            }
            sqlx::query("INSERT INTO iot_on_duty (user_id, agency_id, since) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(&agency)
                .bind(db::now())
                .execute(&mut **tx)
                .await?;
            Ok::<_, AppError>(true)
        })
    })
    .await
}

// ---------------------------------------------------------------------------------------
// Rules.

/// A rule with the agency of its sensor (none for a rule on a kind).
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = IotRuleView)]
pub struct RuleView {
    #[serde(flatten)]
    pub rule: Rule,
    pub agency_id: Option<String>,
}

/// Rules `user` may see: their agency's sensors' and every rule on a kind (all for the super
/// admin and auditors).
pub async fn rules_visible(db: &Db, user: &CurrentUser) -> Result<Vec<RuleView>, AppError> {
    let agency = scope(user)?;
    let cols: Vec<String> = RULE_COLUMNS.split(", ").map(|c| format!("r.{c}")).collect();
    let rows = sqlx::query(&format!(
        "SELECT {}, t.agency_id FROM iot_rules r LEFT JOIN iot_sensors s ON s.id = r.sensor_id \
         LEFT JOIN iot_things t ON t.id = s.thing_id WHERE ($1 IS NULL OR r.sensor_id IS NULL OR t.agency_id = $1) \
         ORDER BY r.active DESC, r.id",
        cols.join(", ")
    ))
    .bind(agency.as_deref())
    .fetch_all(&mut *db.conn().await?)
    .await?;
    rows.iter()
        .map(|r| Ok(RuleView { rule: rule_row(r)?, agency_id: r.try_get(12)? }))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}

/// A rule as typed in the form.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct RuleInput {
    pub name: String,
    /// `sensor` or `kind`.
    pub target: String,
    pub sensor_id: String,
    pub sensor_kind: String,
    pub rule: String,
    pub threshold: String,
    pub clear_at: String,
    pub severity: String,
    /// `1` when an alert should also file a public report.
    pub public_report: String,
}

fn number_field(s: &str) -> Option<f64> {
    let s = s.trim().replace(',', ".");
    s.parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() < 1e9)
}

/// Check `input` for `user`: every problem, per field. Agency admins make rules for their own
/// agency's sensors only; rules on a kind (every agency's sensors) are the super admin's.
pub async fn check_rule(conn: &mut Conn, user: &CurrentUser, input: &RuleInput) -> Result<Rule, AppError> {
    let mut errs = Vec::new();
    let name = input.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        errs.push(FieldError::new("name", "iot-rule-error-name"));
    }
    let (mut sensor_id, mut sensor_kind) = (None, None);
    match input.target.as_str() {
        "kind" => match SensorKind::parse(input.sensor_kind.trim()) {
            Some(k) if user.role == Role::SuperAdmin => sensor_kind = Some(k.as_str().to_string()),
            Some(_) => errs.push(FieldError::new("sensor_kind", "iot-rule-error-kind-admin")),
            None => errs.push(FieldError::new("sensor_kind", "iot-rule-error-kind")),
        },
        _ => {
            let id = input.sensor_id.trim();
            let agency: Option<String> = sqlx::query(
                "SELECT t.agency_id FROM iot_sensors s JOIN iot_things t ON t.id = s.thing_id WHERE s.id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
            match agency {
                Some(a) if user.role == Role::SuperAdmin || user.agency_id.as_deref() == Some(a.as_str()) => {
                    sensor_id = Some(id.to_string())
                }
                _ => errs.push(FieldError::new("sensor_id", "iot-rule-error-sensor")),
            }
        }
    }
    let kind = RuleKind::parse(&input.rule);
    if kind.is_none() {
        errs.push(FieldError::new("rule", "iot-rule-error-rule"));
    }
    let threshold = number_field(&input.threshold);
    let clear_at = if input.clear_at.trim().is_empty() {
        None
    } else {
        number_field(&input.clear_at).map(Some).unwrap_or(Some(f64::NAN))
    };
    match (kind, threshold) {
        (_, None) => errs.push(FieldError::new("threshold", "iot-rule-error-threshold")),
        (Some(RuleKind::Nodata), Some(t)) => {
            if !(1.0..=1440.0).contains(&t) || t.fract() != 0.0 {
                errs.push(FieldError::new("threshold", "iot-rule-error-minutes"));
            }
        }
        (Some(k), Some(t)) => {
            if k == RuleKind::Rate && t <= 0.0 {
                errs.push(FieldError::new("threshold", "iot-rule-error-rate"));
            }
            match clear_at {
                None => {}
                Some(c) if c.is_nan() => errs.push(FieldError::new("clear_at", "iot-rule-error-number")),
                Some(c) => {
                    let ok = match k {
                        RuleKind::Above => c < t,
                        RuleKind::Below => c > t,
                        RuleKind::Rate => c < t && c >= 0.0,
                        RuleKind::Nodata => true,
                    };
                    if !ok {
                        errs.push(FieldError::new(
                            "clear_at",
                            match k {
                                RuleKind::Below => "iot-rule-error-clear-below",
                                _ => "iot-rule-error-clear-above",
                            },
                        ));
                    }
                }
            }
        }
        (None, Some(_)) => {}
    }
    let severity = match input.severity.as_str() {
        "danger" => "danger",
        "warning" | "" => "warning",
        _ => {
            errs.push(FieldError::new("severity", "iot-rule-error-severity"));
            "warning"
        }
    };
    if !errs.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let kind = kind.unwrap_or(RuleKind::Above);
    Ok(Rule {
        id: 0,
        name,
        sensor_id,
        sensor_kind,
        rule: kind.as_str().into(),
        threshold: threshold.unwrap_or_default(),
        clear_at: if kind == RuleKind::Nodata { None } else { clear_at },
        severity: severity.into(),
        public_report: input.public_report == "1",
        active: true,
        created_by: Some(user.id),
        created_at: db::now(),
    })
}

pub async fn insert_rule(tx: &mut Tx, r: &Rule) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO iot_rules (name, sensor_id, sensor_kind, rule, threshold, clear_at, severity, public_report, active, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, CAST($6 AS DOUBLE PRECISION), $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(&r.name)
    .bind(r.sensor_id.as_deref())
    .bind(r.sensor_kind.as_deref())
    .bind(&r.rule)
    .bind(r.threshold)
    .bind(db::float_text(r.clear_at))
    .bind(&r.severity)
    .bind(i64::from(r.public_report))
    .bind(i64::from(r.active))
    .bind(r.created_by)
    .bind(r.created_at)
    .fetch_one(&mut **tx)
    .await?;
    row.try_get(0)
}

/// Create a rule (checked by [`check_rule`]).
pub async fn create_rule(db: &Db, user: &CurrentUser, input: &RuleInput) -> Result<i64, AppError> {
    let rule = check_rule(&mut *db.conn().await?, user, input).await?;
    db.write(move |tx| Box::pin(async move { Ok::<_, AppError>(insert_rule(tx, &rule).await?) })).await
}

/// Deactivate a rule `user` manages (its open work orders stay for staff to close).
pub async fn deactivate_rule(db: &Db, user: &CurrentUser, id: &str) -> Result<(), AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let user = user.clone();
    db.write(move |tx| {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT r.sensor_id, t.agency_id FROM iot_rules r LEFT JOIN iot_sensors s ON s.id = r.sensor_id \
                 LEFT JOIN iot_things t ON t.id = s.thing_id WHERE r.id = $1",
            )
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(AppError::NotFound)?;
            let agency: Option<String> = row.try_get(1)?;
            let allowed = user.role == Role::SuperAdmin
                || (user.role == Role::AgencyAdmin && agency.is_some() && agency == user.agency_id);
            if !allowed {
                return Err(AppError::Forbidden);
            }
            sqlx::query("UPDATE iot_rules SET active = 0 WHERE id = $1").bind(id).execute(&mut **tx).await?;
            Ok(())
        })
    })
    .await
}

/// Sensors `user` may make rules for: (id, thing name, sensor name, kind).
pub async fn rule_sensors(db: &Db, user: &CurrentUser) -> Result<Vec<(String, String, String, String)>, AppError> {
    let agency = if user.role == Role::SuperAdmin { None } else { user.agency_id.clone() };
    let rows = sqlx::query(
        "SELECT s.id, t.name, s.name, s.kind FROM iot_sensors s JOIN iot_things t ON t.id = s.thing_id \
         WHERE ($1 IS NULL OR t.agency_id = $1) ORDER BY t.name, s.name",
    )
    .bind(agency.as_deref())
    .fetch_all(&mut *db.conn().await?)
    .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect::<Result<_, sqlx::Error>>()?)
}

/// Names of things and sensors, for the pages: id → (thing name, sensor name, unit).
pub async fn sensor_names(
    conn: &mut Conn,
) -> Result<std::collections::HashMap<String, (String, String, String)>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT s.id, t.name, s.name, s.unit FROM iot_sensors s JOIN iot_things t ON t.id = s.thing_id")
            .fetch_all(conn)
            .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))).collect()
}

/// The names of rules by id.
pub async fn rule_by_id(conn: &mut Conn, id: i64) -> Result<Option<Rule>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {RULE_COLUMNS} FROM iot_rules WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(rule_row).transpose()
}

/// Every rule, active or not.
pub async fn rules_all(conn: &mut Conn) -> Result<Vec<Rule>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {RULE_COLUMNS} FROM iot_rules ORDER BY id")).fetch_all(conn).await?;
    rows.iter().map(rule_row).collect()
}
