//! The rules of the exchange: serving a signed query (checks in order: the request is
//! well-formed, the client is a known member, its signature holds, its time is within ±5 min,
//! the request id is new, the purpose is registered for this client and item, and the
//! citizen's consent is active at this instant or the purpose allows the legal basis given),
//! asking another member ([`ask`]), and citizens' consent and access log.

use std::collections::BTreeMap;

use axum::http::StatusCode;

use super::keys::MemberKey;
use super::model::{self, Answer, Party, Query, QUERY_PATH};
use super::store::{self, LogEntry, Member, Purpose};
use crate::app::AppState;
use crate::db::{self, Tx};
use crate::ledger::Leaf;
use crate::web::{AppError, Lang};

/// A query as it arrived: the headers that matter and the body's bytes.
pub struct Incoming {
    pub client: Option<String>,
    pub timestamp: Option<String>,
    pub request_id: Option<String>,
    pub signature: Option<String>,
    pub body: Vec<u8>,
}

/// What to send back (signed by the caller with [`sign_response`]).
pub struct Served {
    pub status: StatusCode,
    pub body: Vec<u8>,
    pub request_id: String,
}

/// Refusals, with their stable codes (`error.code` in the JSON envelope).
pub mod refusal {
    use crate::web::AppError;
    pub const MALFORMED: AppError = AppError::BadRequest { key: "error-exchange-malformed", detail: None };
    pub const WRONG_SERVICE: AppError = AppError::BadRequest { key: "error-exchange-wrong-service", detail: None };
    pub const UNKNOWN_MEMBER: AppError = AppError::Auth { key: "error-exchange-unknown-member" };
    pub const BAD_SIGNATURE: AppError = AppError::Auth { key: "error-exchange-bad-signature" };
    pub const STALE: AppError = AppError::Auth { key: "error-exchange-stale" };
    pub const REPLAY: AppError = AppError::Conflict { key: "error-exchange-replay" };
    pub const PURPOSE: AppError = AppError::Refused { key: "error-exchange-purpose-not-allowed" };
    pub const NO_CONSENT: AppError = AppError::Refused { key: "error-exchange-no-consent" };
}

fn refuse(err: AppError, request_id: String, lang: Lang) -> Served {
    let body = serde_json::to_vec(&crate::web::error::envelope(&err, lang)).unwrap_or_default();
    Served { status: err.status(), body, request_id }
}

/// Serve one query. Only a failure of the database is an `Err`; every refusal is a `Served`
/// with its status and envelope, logged like an answer.
pub async fn serve(state: &AppState, inc: Incoming, lang: Lang) -> Result<Served, AppError> {
    let now = db::now();
    let me = &state.exchange_key;
    let request_hash = model::sha256_hex(&inc.body);
    let header_id = inc.request_id.clone().unwrap_or_default();
    let refused = |err: AppError, request_id: String| refuse(err, request_id, lang);
    // Well-formed: headers present, body a query that agrees with them.
    let (Some(client_h), Some(ts_h), Some(sig)) =
        (inc.client.as_deref(), inc.timestamp.as_deref(), inc.signature.as_deref())
    else {
        return Ok(refused(refusal::MALFORMED, header_id));
    };
    let Ok(q) = serde_json::from_slice::<Query>(&inc.body) else { return Ok(refused(refusal::MALFORMED, header_id)) };
    let timestamp: Option<i64> = ts_h.trim().parse().ok();
    let client = Party::parse(client_h);
    let consistent = client.as_ref() == Some(&q.client)
        && timestamp == Some(q.issued_at)
        && inc.request_id.as_deref() == Some(q.request_id.as_str())
        && model::valid_request_id(&q.request_id)
        && model::valid_slug(&q.item)
        && model::valid_slug(&q.purpose);
    if !consistent {
        return Ok(refused(refusal::MALFORMED, header_id));
    }
    let mut entry = LogEntry {
        direction: "in".into(),
        request_id: q.request_id.clone(),
        client_member: q.client.member.clone(),
        client_subsystem: q.client.subsystem.clone(),
        service_member: q.service.member.clone(),
        item: q.item.clone(),
        purpose_id: q.purpose.clone(),
        request_sha256: request_hash,
        issued_at: q.issued_at,
        created_at: now,
        ..LogEntry::default()
    };
    let early = async {
        let mut conn = state.db.conn().await?;
        let Some(member) = store::member_by_id(&mut conn, &q.client.member, &q.client.subsystem).await? else {
            return Ok::<_, AppError>(Some(refusal::UNKNOWN_MEMBER));
        };
        let key = model::parse_public_key(&member.public_key);
        let message = model::request_string("POST", QUERY_PATH, &inc.body, q.issued_at, &q.request_id, &q.client.id());
        if !key.is_some_and(|k| model::verify(&k, &message, sig)) {
            return Ok(Some(refusal::BAD_SIGNATURE));
        }
        if (now - q.issued_at).abs() > model::MAX_SKEW_SECS {
            return Ok(Some(refusal::STALE));
        }
        if q.service != me.party {
            return Ok(Some(refusal::WRONG_SERVICE));
        }
        Ok(None)
    };
    if let Some(err) = early.await? {
        let served = refused(err, q.request_id.clone());
        entry.outcome = served_code(&served);
        entry.response_sha256 = model::sha256_hex(&served.body);
        let mut conn = state.db.write_one().await?;
        store::append_log(&mut conn, &entry).await?;
        return Ok(served);
    }
    // The rest in one transaction: the request id, the decision, and the log row.
    let state2 = state.clone();
    let served_by = me.party.clone();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let decided = decide(&state2, tx, &q, &mut entry, now).await?;
                let served = match decided {
                    Ok(answer) => {
                        let answer = Answer {
                            request_id: q.request_id.clone(),
                            item: q.item.clone(),
                            purpose: q.purpose.clone(),
                            answer,
                            as_of: now,
                            basis: entry.basis.clone(),
                            served_by,
                        };
                        entry.outcome = "answered".into();
                        entry.answer = if answer.answer { "yes" } else { "no" }.into();
                        Served {
                            status: StatusCode::OK,
                            body: serde_json::to_vec(&answer).map_err(|e| AppError::Internal(e.into()))?,
                            request_id: q.request_id.clone(),
                        }
                    }
                    Err(err) => {
                        let s = refuse(err, q.request_id.clone(), lang);
                        entry.outcome = served_code(&s);
                        s
                    }
                };
                entry.response_sha256 = model::sha256_hex(&served.body);
                store::append_log(tx, &entry).await?;
                Ok::<_, AppError>(served)
            })
        })
        .await
}

/// The stable code of a refusal body (for the log).
fn served_code(s: &Served) -> String {
    serde_json::from_slice::<serde_json::Value>(&s.body)
        .ok()
        .and_then(|v| v["error"]["code"].as_str().map(str::to_string))
        .unwrap_or_else(|| s.status.as_u16().to_string())
}

/// Inside the transaction: the request id, the purpose, the subject, consent or legal basis.
/// `Ok(Err(..))` is a refusal to log and send; `Ok(Ok(answer))` the yes/no answer.
async fn decide(
    state: &AppState,
    tx: &mut Tx,
    q: &Query,
    entry: &mut LogEntry,
    now: i64,
) -> Result<Result<bool, AppError>, AppError> {
    let _ = state;
    if !store::remember_request(tx, &q.request_id, &q.client.member, now).await? {
        return Ok(Err(refusal::REPLAY));
    }
    let Some(item) = model::item(&q.item) else { return Ok(Err(refusal::PURPOSE)) };
    let purpose = store::purpose_by_id(tx, &q.purpose).await?;
    let Some(purpose) =
        purpose.filter(|p| p.client_member == q.client.member && p.item == q.item && p.retired_at.is_none())
    else {
        return Ok(Err(refusal::PURPOSE));
    };
    if item.params.iter().any(|p| q.params.get(*p).is_none_or(|v| v.trim().is_empty())) {
        return Ok(Err(refusal::MALFORMED));
    }
    let subject = match crate::identity::Nik::parse(&q.subject_nik) {
        Ok(nik) => crate::identity::store::citizen_by_nik(tx, nik.as_str()).await?.map(|(id, _)| id),
        Err(_) => return Ok(Err(refusal::MALFORMED)),
    };
    entry.subject_user_id = subject;
    let legal = q.legal_basis.as_deref().map(str::trim).filter(|b| !b.is_empty());
    let consent = match subject {
        Some(id) => store::active_consent(tx, id, &purpose.id).await?,
        None => None,
    };
    if let Some(consent_id) = consent {
        entry.basis = "consent".into();
        entry.basis_ref = format!("consent #{consent_id}");
    } else if let (true, Some(basis)) = (purpose.legal_basis_allowed, legal) {
        entry.basis = "legal".into();
        entry.basis_ref = basis.chars().take(200).collect();
    } else {
        return Ok(Err(refusal::NO_CONSENT));
    }
    let facts = match subject {
        Some(id) => {
            let p = crate::identity::store::profile_values(tx, id).await?;
            Some(model::SubjectFacts { kk_number: p.get("kk_number").cloned(), address: p.get("address").cloned() })
        }
        None => None,
    };
    Ok(Ok(model::answer(item, facts.as_ref(), &q.params)))
}

/// The response headers' signature: (timestamp, service id, signature).
pub fn sign_response(me: &MemberKey, served: &Served) -> (i64, String, String) {
    let ts = db::now();
    let msg = model::response_string(served.status.as_u16(), &served.body, ts, &served.request_id, &me.party.id());
    (ts, me.party.id(), model::sign(&me.signing, &msg))
}

// ---------------------------------------------------------------------------------------
// Asking another member.

/// What to ask.
pub struct Ask<'a> {
    pub item: &'a str,
    pub subject_nik: &'a str,
    pub purpose: &'a str,
    pub params: BTreeMap<String, String>,
    pub legal_basis: Option<String>,
    pub consent_ref: Option<String>,
}

/// The provider's verified reply.
#[derive(Debug)]
pub enum Asked {
    Answer(Answer),
    /// Refused with this status and stable code.
    Refused {
        status: u16,
        code: String,
        /// The request refused (as in both sides' log).
        request_id: String,
    },
}

/// Ask `provider_member` (registered here with its URL and key) for an item. The request is
/// signed with this instance's key; the reply is accepted only with the provider's valid
/// signature over it; both are logged here (`out`).
pub async fn ask(state: &AppState, provider_member: &str, ask: &Ask<'_>) -> anyhow::Result<Asked> {
    let mut conn = state.db.conn().await?;
    let provider = store::member_endpoint(&mut conn, provider_member)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no registered endpoint for member {provider_member}"))?;
    drop(conn);
    ask_member(state, &provider, ask).await
}

/// The provider registered at this URL.
pub async fn member_at(state: &AppState, url: &str) -> anyhow::Result<Option<Member>> {
    let mut conn = state.db.conn().await?;
    Ok(store::members(&mut conn).await?.into_iter().find(|m| m.url.trim_end_matches('/') == url.trim_end_matches('/')))
}

pub async fn ask_member(state: &AppState, provider: &Member, ask: &Ask<'_>) -> anyhow::Result<Asked> {
    let me = &state.exchange_key;
    let key = model::parse_public_key(&provider.public_key)
        .ok_or_else(|| anyhow::anyhow!("the registered key of {} is not valid", provider.member_id))?;
    let now = db::now();
    let q = Query {
        client: me.party.clone(),
        service: Party { member: provider.member_id.clone(), subsystem: provider.subsystem.clone() },
        item: ask.item.into(),
        purpose: ask.purpose.into(),
        subject_nik: ask.subject_nik.into(),
        params: ask.params.clone(),
        legal_basis: ask.legal_basis.clone(),
        consent_ref: ask.consent_ref.clone(),
        request_id: model::new_request_id(),
        issued_at: now,
    };
    let body = serde_json::to_vec(&q)?;
    let signature =
        model::sign(&me.signing, &model::request_string("POST", QUERY_PATH, &body, now, &q.request_id, &me.party.id()));
    let mut entry = LogEntry {
        direction: "out".into(),
        request_id: q.request_id.clone(),
        client_member: me.party.member.clone(),
        client_subsystem: me.party.subsystem.clone(),
        service_member: provider.member_id.clone(),
        item: q.item.clone(),
        purpose_id: q.purpose.clone(),
        basis: if q.legal_basis.is_some() { "legal" } else { "consent" }.into(),
        basis_ref: q.legal_basis.clone().or(q.consent_ref.clone()).unwrap_or_default(),
        request_sha256: model::sha256_hex(&body),
        issued_at: now,
        created_at: now,
        ..LogEntry::default()
    };
    let url = format!("{}{QUERY_PATH}", provider.url.trim_end_matches('/'));
    let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(15)).build()?;
    let result = async {
        let resp = http
            .post(&url)
            .header("content-type", "application/json")
            .header(model::H_CLIENT, me.party.id())
            .header(model::H_TIMESTAMP, now.to_string())
            .header(model::H_REQUEST_ID, &q.request_id)
            .header(model::H_SIGNATURE, signature)
            .body(body)
            .send()
            .await?;
        let status = resp.status().as_u16();
        let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let (service, ts, rid, sig) = (
            header(model::H_SERVICE),
            header(model::H_TIMESTAMP),
            header(model::H_REQUEST_ID),
            header(model::H_SIGNATURE),
        );
        let bytes = resp.bytes().await?;
        Ok::<_, anyhow::Error>((status, service, ts, rid, sig, bytes))
    };
    let (status, service, ts, rid, sig, bytes) = match result.await {
        Ok(r) => r,
        Err(e) => {
            entry.outcome = "unreachable".into();
            let mut conn = state.db.write_one().await?;
            store::append_log(&mut conn, &entry).await?;
            return Err(e);
        }
    };
    entry.response_sha256 = model::sha256_hex(&bytes);
    let expected_service = format!("{}/{}", provider.member_id, provider.subsystem);
    let signed = service.as_deref() == Some(expected_service.as_str())
        && rid.as_deref() == Some(q.request_id.as_str())
        && ts.as_deref().and_then(|t| t.parse::<i64>().ok()).is_some_and(|t| {
            (db::now() - t).abs() <= model::MAX_SKEW_SECS
                && sig.as_deref().is_some_and(|s| {
                    model::verify(&key, &model::response_string(status, &bytes, t, &q.request_id, &expected_service), s)
                })
        });
    let outcome = if !signed {
        Err(anyhow::anyhow!("the reply of {expected_service} is not validly signed (status {status})"))
    } else if status == 200 {
        serde_json::from_slice::<Answer>(&bytes)
            .map_err(|e| anyhow::anyhow!("the reply of {expected_service} is not an answer: {e}"))
            .and_then(|a| {
                if a.request_id == q.request_id {
                    Ok(Asked::Answer(a))
                } else {
                    Err(anyhow::anyhow!("the reply answers another request"))
                }
            })
    } else {
        let code = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v["error"]["code"].as_str().map(str::to_string))
            .unwrap_or_else(|| status.to_string());
        Ok(Asked::Refused { status, code, request_id: q.request_id.clone() })
    };
    match &outcome {
        Ok(Asked::Answer(a)) => {
            entry.outcome = "answered".into();
            entry.answer = if a.answer { "yes" } else { "no" }.into();
        }
        Ok(Asked::Refused { code, .. }) => entry.outcome = code.clone(),
        Err(_) => entry.outcome = "bad_response".into(),
    }
    let mut conn = state.db.write_one().await?;
    store::append_log(&mut conn, &entry).await?;
    outcome
}

// ---------------------------------------------------------------------------------------
// Registry (CLI and demo).

/// Register (or update) a member's system.
pub async fn add_member(state: &AppState, m: Member) -> Result<(), AppError> {
    let mut errors = vec![];
    if !model::valid_member_id(&m.member_id) {
        errors.push(crate::web::FieldError::new("member", "field-exchange-member-id"));
    }
    if !model::valid_subsystem(&m.subsystem) {
        errors.push(crate::web::FieldError::new("subsystem", "field-exchange-subsystem"));
    }
    if model::parse_public_key(&m.public_key).is_none() {
        errors.push(crate::web::FieldError::new("key", "field-exchange-key"));
    }
    if !m.url.is_empty() && url::Url::parse(&m.url).map(|u| !matches!(u.scheme(), "http" | "https")).unwrap_or(true) {
        errors.push(crate::web::FieldError::new("url", "field-exchange-url"));
    }
    if m.name.trim().is_empty() {
        errors.push(crate::web::FieldError::new("name", "field-required"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::upsert_member(tx, &m).await?;
                // Who may sign requests to this instance is a public fact: on the ledger.
                let leaf = Leaf::new("exchange.member", now)
                    .with("member", m.member_id.as_str())
                    .with("subsystem", m.subsystem.as_str())
                    .with("public_key", m.public_key.as_str())
                    .with("url", m.url.as_str());
                crate::ledger::record(tx, &leaf).await
            })
        })
        .await?;
    Ok(())
}

/// Register (or update) a purpose: which member may ask which item, for which service.
pub async fn add_purpose(state: &AppState, p: Purpose) -> Result<(), AppError> {
    let mut errors = vec![];
    if !model::valid_slug(&p.id) {
        errors.push(crate::web::FieldError::new("id", "field-exchange-slug"));
    }
    if !model::valid_member_id(&p.client_member) {
        errors.push(crate::web::FieldError::new("client", "field-exchange-member-id"));
    }
    if model::item(&p.item).is_none() {
        errors.push(crate::web::FieldError::new("item", "field-exchange-item"));
    }
    if state.catalog.snapshot(&state.db).await?.service(&p.service_id).is_none() {
        errors.push(crate::web::FieldError::new("service", "field-exchange-service"));
    }
    if p.description_id.trim().is_empty() || p.description_en.trim().is_empty() {
        errors.push(crate::web::FieldError::new("description", "field-required"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                store::upsert_purpose(tx, &p, now).await?;
                crate::ledger::record(tx, &purpose_leaf("exchange.purpose", &p, now)).await
            })
        })
        .await?;
    Ok(())
}

/// The ledger leaf of a purpose change: who may ask what, for which service, on what basis.
fn purpose_leaf(kind: &str, p: &Purpose, now: i64) -> Leaf {
    Leaf::new(kind, now)
        .with("purpose", p.id.as_str())
        .with("client_member", p.client_member.as_str())
        .with("item", p.item.as_str())
        .with("service_id", p.service_id.as_str())
        .with("legal_basis_allowed", p.legal_basis_allowed)
}

/// Retire a purpose (no query is served for it from now on, and citizens no longer see it to
/// consent to) or bring it back. One transaction with its ledger leaf.
pub async fn retire_purpose(state: &AppState, id: &str, retired: bool) -> Result<(), AppError> {
    let id = id.to_string();
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let Some(p) = store::purpose_by_id(tx, &id).await? else {
                    return Err(AppError::Validation(vec![crate::web::FieldError::new(
                        "purpose",
                        "field-exchange-purpose",
                    )]));
                };
                if p.retired_at.is_some() == retired {
                    return Ok(());
                }
                store::set_purpose_retired(tx, &id, retired.then_some(now)).await?;
                let kind = if retired { "exchange.purpose.retired" } else { "exchange.purpose.reinstated" };
                crate::ledger::record(tx, &purpose_leaf(kind, &p, now)).await?;
                Ok(())
            })
        })
        .await
}

/// The registered member systems.
pub async fn members(state: &AppState) -> Result<Vec<Member>, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(store::members(&mut conn).await?)
}

pub struct Overview {
    pub members: Vec<Member>,
    pub purposes: Vec<Purpose>,
    pub rules: Vec<store::Rule>,
    pub log: Vec<LogEntry>,
}

/// The admin page: members, purposes, verification rules, the newest 100 log rows.
pub async fn overview(state: &AppState) -> Result<Overview, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(Overview {
        members: store::members(&mut conn).await?,
        purposes: store::purposes(&mut conn).await?,
        rules: store::rules(&mut conn, "").await?,
        log: store::recent_log(&mut conn, 100).await?,
    })
}

// ---------------------------------------------------------------------------------------
// Citizens: consent and access log.

/// A purpose with the citizen's consent on it.
pub struct ConsentView {
    pub purpose: Purpose,
    pub granted: bool,
}

pub async fn consents(
    state: &AppState,
    user_id: i64,
) -> Result<(Vec<ConsentView>, Vec<store::ConsentEvent>), AppError> {
    let mut conn = state.db.conn().await?;
    let mine: std::collections::HashMap<String, bool> =
        store::consents(&mut conn, user_id).await?.into_iter().collect();
    let list = store::purposes(&mut conn)
        .await?
        .into_iter()
        .filter(|p| p.retired_at.is_none())
        .map(|p| ConsentView { granted: mine.get(&p.id).copied().unwrap_or(false), purpose: p })
        .collect();
    Ok((list, store::consent_history(&mut conn, user_id).await?))
}

/// Grant or withdraw consent for a purpose; effective for the next query at once.
pub async fn set_consent(state: &AppState, user_id: i64, purpose_id: &str, granted: bool) -> Result<(), AppError> {
    let purpose_id = purpose_id.to_string();
    let now = db::now();
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                // A retired purpose can still be withdrawn from, not granted.
                let known = store::purpose_by_id(tx, &purpose_id).await?;
                if known.is_none_or(|p| granted && p.retired_at.is_some()) {
                    return Err(AppError::Validation(vec![crate::web::FieldError::new(
                        "purpose",
                        "field-exchange-purpose",
                    )]));
                }
                store::set_consent(tx, user_id, &purpose_id, granted, now).await?;
                Ok(())
            })
        })
        .await
}

/// Every use of the citizen's data through the exchange, newest first.
pub async fn access_log(state: &AppState, user_id: i64) -> Result<Vec<LogEntry>, AppError> {
    let mut conn = state.db.conn().await?;
    Ok(store::subject_log(&mut conn, user_id).await?)
}

// ---------------------------------------------------------------------------------------
// Demo data.

/// Two member agencies (BPJS Kesehatan, Dinas Sosial; this platform is Dukcapil Surabaya when
/// so configured), a purpose for each tied to a demo catalogue service, Siti's consent to the
/// first, and a few queries about her in the log.
pub async fn demo(state: &AppState, siti: i64) -> Result<(), AppError> {
    use base64::Engine as _;
    let now = db::now();
    for (member, subsystem, name) in [
        ("ID-GOV-BPJSKES", "kepesertaan", "BPJS Kesehatan"),
        ("ID-GOV-DINSOS-3578", "dtks", "Dinas Sosial Kota Surabaya"),
    ] {
        // Demo members: their private keys are not kept (a real member registers its own key).
        let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
        add_member(
            state,
            Member {
                member_id: member.into(),
                subsystem: subsystem.into(),
                name: name.into(),
                public_key: model::B64.encode(key.verifying_key().to_bytes()),
                url: String::new(),
                created_at: now,
            },
        )
        .await?;
    }
    let purposes = [
        (
            "bpjs-pendaftaran-jkn",
            "ID-GOV-BPJSKES",
            "applicant-registered",
            "bpjs-kesehatan",
            false,
            "Memastikan pemohon terdaftar sebelum pendaftaran peserta JKN",
            "Check the applicant is registered before JKN membership registration",
        ),
        (
            "dinsos-verifikasi-bansos",
            "ID-GOV-DINSOS-3578",
            "family-at-address",
            "bansos",
            true,
            "Memastikan keluarga penerima bantuan sosial tinggal di wilayah ini",
            "Check that a social-assistance family lives in this region",
        ),
    ];
    for (id, client, item, service_id, legal, why_id, why_en) in purposes {
        add_purpose(
            state,
            Purpose {
                id: id.into(),
                client_member: client.into(),
                item: item.into(),
                service_id: service_id.into(),
                description_id: why_id.into(),
                description_en: why_en.into(),
                legal_basis_allowed: legal,
                retired_at: None,
            },
        )
        .await?;
    }
    set_consent(state, siti, "bpjs-pendaftaran-jkn", true).await?;
    let me = &state.exchange_key;
    let entries = [
        (
            3 * 86_400,
            "ID-GOV-BPJSKES",
            "kepesertaan",
            "applicant-registered",
            "bpjs-pendaftaran-jkn",
            "consent",
            "consent",
            "answered",
            "yes",
        ),
        (
            86_400,
            "ID-GOV-DINSOS-3578",
            "dtks",
            "family-at-address",
            "dinsos-verifikasi-bansos",
            "legal",
            "Permensos 3/2021 pasal 5",
            "answered",
            "yes",
        ),
        (
            3_600,
            "ID-GOV-DINSOS-3578",
            "dtks",
            "applicant-registered",
            "dinsos-verifikasi-bansos",
            "",
            "",
            "exchange_purpose_not_allowed",
            "",
        ),
    ];
    let mut conn = state.db.write_one().await?;
    for (ago, member, subsystem, item, purpose, basis, basis_ref, outcome, answer) in entries {
        let request_id = model::new_request_id();
        store::append_log(
            &mut conn,
            &LogEntry {
                direction: "in".into(),
                request_id: request_id.clone(),
                client_member: member.into(),
                client_subsystem: subsystem.into(),
                service_member: me.party.member.clone(),
                item: item.into(),
                purpose_id: purpose.into(),
                subject_user_id: Some(siti),
                basis: basis.into(),
                basis_ref: basis_ref.into(),
                outcome: outcome.into(),
                answer: answer.into(),
                request_sha256: model::sha256_hex(request_id.as_bytes()),
                response_sha256: model::sha256_hex(outcome.as_bytes()),
                issued_at: now - ago,
                created_at: now - ago,
                ..LogEntry::default()
            },
        )
        .await?;
    }
    Ok(())
}
