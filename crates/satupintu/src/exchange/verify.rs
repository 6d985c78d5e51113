//! Automatic verification of application fields through the exchange (issue 12): a rule lets
//! a form field (usually a scanned letter) be verified by asking a member agency for a data
//! item instead of an upload. The citizen chooses it on the form and gives consent for the
//! rule's purpose there; once the application is submitted the provider is asked outside any
//! transaction (right away, then by the job with retries while it cannot be reached), and the
//! answer with its source is kept per field for the officer and the citizen.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::keys::MemberKey;
use super::model;
use super::service::{self, Ask, Asked};
use super::store::{self, Purpose, Rule, Verification};
use crate::app::AppState;
use crate::db::{self, Conn, Tx};
use crate::web::{AppError, FieldError};

/// The form control choosing automatic verification (`auto`) or an upload (`upload`) for a
/// field: `_verify_<field>`.
pub const VERIFY_PREFIX: &str = "_verify_";
/// The form control giving consent for the rule's purpose: `_consent_<field>`.
pub const CONSENT_PREFIX: &str = "_consent_";
/// Attempts while the provider cannot be reached, then it stays `failed` (an officer may ask again).
pub const MAX_ATTEMPTS: i64 = 5;

/// Register (or replace) a rule. The purpose must be one whose client is this instance, for
/// the same item and service; the provider must be registered with its URL.
pub async fn add_rule(state: &AppState, r: Rule) -> Result<(), AppError> {
    let me = MemberKey::load_or_create(&state.config).map_err(AppError::Internal)?;
    let mut errors = vec![];
    if !model::valid_slug(&r.id) {
        errors.push(FieldError::new("id", "field-exchange-slug"));
    }
    let snap = state.catalog.snapshot(&state.db).await?;
    match snap.service(&r.service_id) {
        None => errors.push(FieldError::new("service", "field-exchange-service")),
        Some(s) if !s.service.form.iter().any(|f| f.name == r.field) => {
            errors.push(FieldError::new("field", "field-exchange-field"))
        }
        Some(_) => {}
    }
    match model::item(&r.item) {
        None => errors.push(FieldError::new("item", "field-exchange-item")),
        Some(item) if item.params.iter().any(|p| r.params.get(*p).is_none_or(|v| v.trim().is_empty())) => {
            errors.push(FieldError::new("param", "field-exchange-params"))
        }
        Some(_) => {}
    }
    let mut conn = state.db.conn().await?;
    if store::member_endpoint(&mut conn, &r.provider_member).await?.is_none() {
        errors.push(FieldError::new("provider", "field-exchange-provider"));
    }
    let purpose = store::purpose_by_id(&mut conn, &r.purpose_id).await?;
    drop(conn);
    if !purpose.is_some_and(|p| p.client_member == me.party.member && p.item == r.item && p.service_id == r.service_id)
    {
        errors.push(FieldError::new("purpose", "field-exchange-verify-purpose"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = db::now();
    state.db.write(move |tx| Box::pin(async move { store::upsert_rule(tx, &r, now).await })).await?;
    Ok(())
}

/// Every rule (`service_id` empty) or those of one service.
pub async fn rules(state: &AppState, service_id: &str) -> Result<Vec<Rule>, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(store::rules(&mut conn, service_id).await?)
}

/// A field a citizen may have verified automatically, as the form offers it.
#[derive(Clone, Debug)]
pub struct Offer {
    pub rule: Rule,
    pub provider_name: String,
    pub purpose: Purpose,
}

/// What the form of `service_id` offers (nothing when no rule, or its provider or purpose is gone).
pub async fn offers(state: &AppState, service_id: &str) -> Result<Vec<Offer>, AppError> {
    let mut conn = state.db.conn().await?;
    let mut out = vec![];
    for rule in store::rules(&mut conn, service_id).await? {
        let Some(provider) = store::member_endpoint(&mut conn, &rule.provider_member).await? else { continue };
        let Some(purpose) = store::purpose_by_id(&mut conn, &rule.purpose_id).await? else { continue };
        out.push(Offer { rule, provider_name: provider.name, purpose });
    }
    Ok(out)
}

/// A citizen's choice for a field covered by a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub field: String,
    /// Verified automatically (consent given) rather than by an upload.
    pub auto: bool,
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.trim(), "true" | "on" | "1" | "ya" | "yes"),
        _ => false,
    }
}

/// Take the choice controls (`_verify_<field>`, `_consent_<field>`) out of the form values.
/// Choosing `auto` without consent, or for a field no rule covers, is a field error.
pub fn take_choices(values: &mut Map<String, Value>, offers: &[Offer]) -> Result<Vec<Choice>, Vec<FieldError>> {
    let names: Vec<String> =
        values.keys().filter(|k| k.starts_with(VERIFY_PREFIX) || k.starts_with(CONSENT_PREFIX)).cloned().collect();
    let taken: BTreeMap<String, Value> = names.into_iter().filter_map(|k| values.remove(&k).map(|v| (k, v))).collect();
    let mut errors = vec![];
    let mut out = vec![];
    for (name, v) in &taken {
        let (field, is_choice) = match name.strip_prefix(VERIFY_PREFIX) {
            Some(f) => (f, true),
            None => (name.strip_prefix(CONSENT_PREFIX).unwrap_or_default(), false),
        };
        if !offers.iter().any(|o| o.rule.field == field) {
            errors.push(FieldError::new(name.clone(), "field-unknown"));
            continue;
        }
        if !is_choice {
            continue;
        }
        let auto = match v.as_str().map(str::trim) {
            Some("auto") => true,
            Some("upload") => false,
            _ => {
                errors.push(FieldError::new(name.clone(), "field-option"));
                continue;
            }
        };
        let consent = taken.get(&format!("{CONSENT_PREFIX}{field}")).is_some_and(truthy);
        if auto && !consent {
            errors.push(FieldError::new(format!("{CONSENT_PREFIX}{field}"), "field-verify-consent"));
            continue;
        }
        out.push(Choice { field: field.to_string(), auto });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The fields of an application to be verified automatically, after `choices` (its current
/// rows, changed by what was chosen now).
pub async fn auto_fields(conn: &mut Conn, application_id: i64, choices: &[Choice]) -> Result<Vec<String>, AppError> {
    let mut fields: Vec<String> = match application_id {
        0 => vec![],
        id => store::verifications_of(conn, id).await?.into_iter().map(|v| v.field).collect(),
    };
    for c in choices {
        fields.retain(|f| f != &c.field);
        if c.auto {
            fields.push(c.field.clone());
        }
    }
    Ok(fields)
}

/// In the caller's transaction: record the choices, and the consent given with each (as on
/// "Persetujuan berbagi data", in the consent record).
pub async fn record_choices(
    tx: &mut Tx,
    application_id: i64,
    citizen_id: i64,
    offers: &[Offer],
    choices: &[Choice],
    now: i64,
) -> Result<(), AppError> {
    for c in choices {
        let Some(offer) = offers.iter().find(|o| o.rule.field == c.field) else { continue };
        if c.auto {
            store::set_consent(tx, citizen_id, &offer.purpose.id, true, now).await?;
            store::choose_verification(tx, application_id, citizen_id, &offer.rule, &offer.provider_name, now).await?;
        } else {
            store::drop_verification(tx, application_id, &c.field).await?;
        }
    }
    Ok(())
}

/// In the submission's transaction: every verification not yet answered yes is to be asked.
pub async fn queue(tx: &mut Tx, application_id: i64, now: i64) -> Result<u64, AppError> {
    Ok(store::queue_verifications(tx, application_id, now).await?)
}

/// An application's verifications.
pub async fn of_application(conn: &mut Conn, application_id: i64) -> Result<Vec<Verification>, AppError> {
    Ok(store::verifications_of(conn, application_id).await?)
}

/// Ask again now (an officer's "Periksa ulang"); false when the field has no verification.
pub async fn recheck(state: &AppState, application_id: i64, field: &str) -> Result<bool, AppError> {
    let (field, now) = (field.to_string(), db::now());
    let queued = state
        .db
        .write(move |tx| Box::pin(async move { store::requeue_verification(tx, application_id, &field, now).await }))
        .await?;
    if queued {
        run_due(state).await?;
    }
    Ok(queued)
}

/// Ask the due verifications in the background (after a submission).
pub fn kick(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = run_due(&state).await {
            tracing::warn!(error = %e, "automatic verification failed");
        }
    });
}

/// Ask every due verification; answers how many were asked.
pub async fn run_due(state: &AppState) -> Result<usize, AppError> {
    let mut asked = 0;
    loop {
        let claimed = store::claim_verifications(&state.db, db::now(), 120, 20).await?;
        if claimed.is_empty() {
            return Ok(asked);
        }
        for v in claimed {
            ask_one(state, &v).await?;
            asked += 1;
        }
    }
}

/// Wait between attempts while the provider cannot be reached: 30 s, 1, 2, 4 min.
fn backoff(attempts: i64) -> i64 {
    30 * (1 << attempts.clamp(0, 4))
}

async fn ask_one(state: &AppState, v: &Verification) -> Result<(), AppError> {
    let now = db::now();
    let mut conn = state.db.conn().await?;
    // Consent is checked here first: withdrawn, nothing is asked.
    let consent = store::active_consent(&mut conn, v.citizen_id, &v.purpose_id).await?;
    let params = store::rule_by_id(&mut conn, &v.rule_id).await?.map(|r| r.params).unwrap_or_default();
    let nik = crate::identity::store::profile_values(&mut conn, v.citizen_id).await?.remove("nik");
    drop(conn);
    let (Some(consent), Some(nik)) = (consent, nik) else {
        let mut conn = state.db.write_one().await?;
        store::finish_verification(&mut conn, v.id, "refused", "exchange_no_consent", "", now, None).await?;
        return Ok(());
    };
    let ask = Ask {
        item: &v.item,
        subject_nik: &nik,
        purpose: &v.purpose_id,
        params,
        legal_basis: None,
        consent_ref: Some(format!("consent #{consent}")),
    };
    let (status, code, request_id, retry) = match service::ask(state, &v.provider_member, &ask).await {
        Ok(Asked::Answer(a)) => (if a.answer { "yes" } else { "no" }, String::new(), a.request_id, None),
        Ok(Asked::Refused { code, request_id, .. }) => ("refused", code, request_id, None),
        Err(e) => {
            tracing::warn!(error = %e, provider = %v.provider_member, "verification: provider not reached");
            let retry = (v.attempts + 1 < MAX_ATTEMPTS).then(|| now + backoff(v.attempts));
            ("failed", "exchange_unreachable".to_string(), String::new(), retry)
        }
    };
    let mut conn = state.db.write_one().await?;
    store::finish_verification(&mut conn, v.id, status, &code, &request_id, now, retry).await?;
    Ok(())
}

/// Ask the due verifications every 30 seconds, until the process ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = run_due(&state).await {
                tracing::warn!(error = %e, "automatic verification job failed");
            }
        }
    })
}

/// Demo: this instance registered as a member with its own URL, a purpose whose client is this
/// instance, and a rule letting the SKTM's RT/RW letter be verified by asking this instance
/// (Dukcapil) whether the family is registered at an address in Surabaya.
pub async fn demo(state: &AppState) -> Result<(), AppError> {
    let me = MemberKey::load_or_create(&state.config).map_err(AppError::Internal)?;
    let name = if me.party.member == "ID-GOV-DISDUKCAPIL-3578" {
        "Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya".to_string()
    } else {
        format!("SatuPintu ({})", me.party.member)
    };
    service::add_member(
        state,
        store::Member {
            member_id: me.party.member.clone(),
            subsystem: me.party.subsystem.clone(),
            name,
            public_key: me.public_b64(),
            url: state.base_url(),
            created_at: db::now(),
        },
    )
    .await?;
    service::add_purpose(
        state,
        Purpose {
            id: "kelurahan-sktm-domisili".into(),
            client_member: me.party.member.clone(),
            item: "family-at-address".into(),
            service_id: "sktm".into(),
            description_id: "Memastikan keluarga pemohon SKTM terdaftar di alamat dalam wilayah ini, pengganti surat pengantar RT/RW".into(),
            description_en: "Check that the SKTM applicant's family is registered at an address in this region, instead of the RT/RW letter".into(),
            legal_basis_allowed: false,
            retired_at: None,
        },
    )
    .await?;
    add_rule(
        state,
        Rule {
            id: "sktm-rt-rw".into(),
            service_id: "sktm".into(),
            field: "rt_rw_letter".into(),
            provider_member: me.party.member.clone(),
            item: "family-at-address".into(),
            purpose_id: "kelurahan-sktm-domisili".into(),
            params: [("region".to_string(), "Surabaya".to_string())].into_iter().collect(),
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn offer() -> Offer {
        Offer {
            rule: Rule {
                id: "r".into(),
                service_id: "sktm".into(),
                field: "rt_rw_letter".into(),
                provider_member: "ID-GOV-A".into(),
                item: "family-at-address".into(),
                purpose_id: "p".into(),
                params: BTreeMap::new(),
            },
            provider_name: "A".into(),
            purpose: Purpose {
                id: "p".into(),
                client_member: "ID-GOV-B".into(),
                item: "family-at-address".into(),
                service_id: "sktm".into(),
                description_id: "x".into(),
                description_en: "x".into(),
                legal_basis_allowed: false,
                retired_at: None,
            },
        }
    }

    fn take(v: Value) -> (Result<Vec<Choice>, Vec<FieldError>>, Map<String, Value>) {
        let mut m = v.as_object().cloned().unwrap_or_default();
        (take_choices(&mut m, &[offer()]), m)
    }

    #[test]
    fn choices_are_taken_out_of_the_values() {
        let (got, rest) = take(json!({"a": "1", "_verify_rt_rw_letter": "auto", "_consent_rt_rw_letter": "on"}));
        assert_eq!(got.ok(), Some(vec![Choice { field: "rt_rw_letter".into(), auto: true }]));
        assert_eq!(rest, json!({"a": "1"}).as_object().cloned().unwrap_or_default());
        let (got, _) = take(json!({"_verify_rt_rw_letter": "upload"}));
        assert_eq!(got.ok(), Some(vec![Choice { field: "rt_rw_letter".into(), auto: false }]));
    }

    #[test]
    fn auto_without_consent_or_for_an_uncovered_field_is_refused() {
        let keys = |r: Result<Vec<Choice>, Vec<FieldError>>| {
            r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.key)).collect::<Vec<_>>()
        };
        let (got, _) = take(json!({"_verify_rt_rw_letter": "auto"}));
        assert_eq!(keys(got), vec![("_consent_rt_rw_letter".to_string(), "field-verify-consent")]);
        let (got, _) = take(json!({"_verify_photo": "auto", "_consent_photo": "on"}));
        assert_eq!(keys(got).len(), 2);
        let (got, _) = take(json!({"_verify_rt_rw_letter": "maybe"}));
        assert_eq!(keys(got), vec![("_verify_rt_rw_letter".to_string(), "field-option")]);
    }

    #[test]
    fn retries_back_off() {
        assert_eq!((backoff(0), backoff(1), backoff(4), backoff(9)), (30, 60, 480, 480));
    }
}
