//! Conversations: a message in, the assistant's reply out, both stored with what the assistant
//! is in the middle of (a clarifying question, a form being filled, a report being drafted).
//! Handed-over conversations wait for an officer, whose replies the citizen reads in the same
//! chat.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::answer::{command, Action, Assistant, Reply};
use super::nlu::{Aspect, Intent, Understanding};
use super::store::{self, Conversation, Message, NewMessage};
use crate::app::AppState;
use crate::catalog::model::FormField;
use crate::db::{self, Backend};
use crate::identity::{CurrentUser, Role};
use crate::reports::model::Category;
use crate::web::{locales, AppError, FieldError, Lang, T};

/// The longest message accepted, in characters.
pub const MAX_TEXT: usize = 1000;
/// Conversations untouched this long are deleted (personal data is kept no longer than needed).
pub const RETENTION_DAYS: i64 = 90;

/// What the assistant is in the middle of.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Idle,
    /// The last service talked about (for "and how much is it?"), and a complaint not yet
    /// started (for the "report it" button).
    Context {
        #[serde(default)]
        service: Option<String>,
        #[serde(default)]
        complaint: Option<Draft>,
    },
    /// Filling `service`'s form: `field` is the index of the field asked.
    Form { service: String, field: usize, values: Map<String, Value> },
    /// A report being drafted: its location is asked.
    Report { draft: Draft },
    /// A report draft ready for the reporting form.
    ReportReady { draft: Draft },
}

/// A complaint drafted in the chat, for the reporting form to prefill.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Draft {
    pub category: String,
    pub description: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
}

/// What one message led to.
#[derive(Debug)]
pub struct Outcome {
    pub conversation_id: String,
    pub status: String,
    pub understanding: Option<Understanding>,
    pub reply: Option<Reply>,
    /// The id of the last message stored (for polling what follows).
    pub last_message_id: i64,
}

/// Where a message comes from.
pub struct Channel<'a> {
    pub name: &'a str,
    /// A gateway's chat address (hashed before it is stored).
    pub external: Option<&'a str>,
}

pub const WEB: Channel<'static> = Channel { name: "web", external: None };

fn external_key(channel: &str, address: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{channel}:{address}").as_bytes()))
}

fn mode_of(c: &Conversation) -> Mode {
    serde_json::from_value(c.state.clone()).unwrap_or_default()
}

/// A conversation the caller may continue: their own, or a guest conversation whose id they
/// hold. `None` when the id is unknown or another person's.
pub async fn accessible(
    state: &AppState,
    user: Option<&CurrentUser>,
    id: &str,
) -> Result<Option<Conversation>, AppError> {
    let Some(c) = store::get(&mut *state.db.conn().await?, id).await? else { return Ok(None) };
    let ok = match c.user_id {
        None => true,
        Some(owner) => user.is_some_and(|u| u.id == owner),
    };
    Ok(ok.then_some(c))
}

/// The messages of a conversation after `after`.
pub async fn messages(state: &AppState, c: &Conversation, after: i64) -> Result<Vec<Message>, AppError> {
    Ok(store::messages(&mut *state.db.conn().await?, &c.id, after).await?)
}

/// Handle one message from a citizen (or a guest).
pub async fn message(
    state: &AppState,
    user: Option<&CurrentUser>,
    conversation_id: Option<&str>,
    channel: &Channel<'_>,
    text: &str,
) -> Result<Outcome, AppError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_TEXT || text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::Validation(vec![FieldError::new("text", "asst-error-text")]));
    }
    let now = db::now();
    let existing = match (conversation_id, channel.external) {
        (Some(id), _) => Some(accessible(state, user, id).await?.ok_or(AppError::NotFound)?),
        (None, Some(address)) => {
            let key = external_key(channel.name, address);
            let mut tx = state.db.read().await?;
            let found = store::by_external(&mut tx, channel.name, &key).await?;
            tx.commit().await?;
            found
        }
        (None, None) => None,
    };
    let mut conv = existing.clone().unwrap_or_else(|| Conversation {
        id: crate::identity::random_token(),
        user_id: user.map(|u| u.id),
        channel: channel.name.to_string(),
        lang: Lang::Id.code().to_string(),
        status: "bot".into(),
        agency_id: None,
        officer_id: None,
        state: Value::Null,
        handoff_at: None,
        created_at: now,
        updated_at: now,
    });
    if conv.user_id.is_none() {
        conv.user_id = user.map(|u| u.id);
    }
    let snapshot = crate::catalog::service::snapshot(state).await?;
    let assistant = state.assistant.get(&snapshot);

    let turn = if matches!(conv.status.as_str(), "waiting" | "live") && text != command::CANCEL {
        // Handed over: the officer answers; the assistant keeps quiet.
        Turn { shown: text.to_string(), understanding: None, reply: None }
    } else {
        decide(state, &assistant, &mut conv, user, text).await?
    };
    let mut turn = turn;
    if let (Some(u), Some(r)) = (&turn.understanding, turn.reply.as_mut()) {
        if let Some(better) = super::rephrase::reword(&state.config, &r.text, u.lang).await {
            r.text = better;
        }
    }
    conv.updated_at = now;
    let is_new = existing.is_none();
    let status_changed = existing.as_ref().is_none_or(|e| e.status != conv.status);
    let external = channel.external.map(|a| external_key(channel.name, a));
    let postgres = state.db.backend() == Backend::Postgres;
    let conv_for_tx = conv.clone();
    let coordinator = state.config.reports_coordinator.clone();
    let shown = turn.shown.clone();
    let heard = turn.understanding.as_ref().map(|u| (u.intent.as_str(), u.service().map(str::to_string), u.confidence));
    let said = turn.reply.clone();
    let (last, status) = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let conv = conv_for_tx;
                let status = if is_new {
                    store::insert(tx, &conv, external.as_deref()).await?;
                    conv.status.clone()
                } else {
                    // Officers write to the same row (taking, closing): keep what they set
                    // unless this message changed it.
                    let current = store::get_for_update(tx, &conv.id, postgres).await?.ok_or(AppError::NotFound)?;
                    let mut merged = conv.clone();
                    if !status_changed {
                        merged.status = current.status;
                        merged.officer_id = current.officer_id;
                    }
                    store::update(tx, &merged).await?;
                    merged.status
                };
                if status_changed && status == "waiting" {
                    notify_officers(tx, &conv, &coordinator, now).await?;
                }
                let empty = json!([]);
                let mut last = store::add_message(
                    tx,
                    &conv.id,
                    &NewMessage {
                        author: "citizen",
                        author_id: conv.user_id,
                        text: &shown,
                        intent: heard.as_ref().map(|h| h.0),
                        service_id: heard.as_ref().and_then(|h| h.1.as_deref()),
                        confidence: heard.as_ref().map(|h| h.2),
                        actions: &empty,
                    },
                    now,
                )
                .await?;
                if let Some(r) = &said {
                    let actions = serde_json::to_value(&r.actions).unwrap_or(empty);
                    last =
                        store::add_message(tx, &conv.id, &NewMessage::said("assistant", None, &r.text, &actions), now)
                            .await?;
                }
                Ok::<_, AppError>((last, status))
            })
        })
        .await?;
    if status == "waiting" {
        // Not the conversation's id: for a guest it is the key to the conversation.
        tracing::info!(channel = %conv.channel, "assistant conversation handed over");
    }
    Ok(Outcome {
        conversation_id: conv.id,
        status,
        understanding: turn.understanding,
        reply: turn.reply,
        last_message_id: last,
    })
}

/// Tell the officers of the conversation's agency (or, when no service was talked about, of the
/// coordinating agency) that a citizen waits for them. The message links to the queue, not to
/// the conversation: its id is a guest's key.
async fn notify_officers(
    tx: &mut crate::db::Tx,
    conv: &Conversation,
    coordinator: &str,
    now: i64,
) -> Result<(), AppError> {
    use sha2::{Digest, Sha256};
    let agency = conv.agency_id.as_deref().unwrap_or(coordinator);
    let tag = hex::encode(&Sha256::digest(conv.id.as_bytes())[..8]);
    let payload = json!({"code": "", "status": "waiting", "path": "/petugas/asisten"});
    for (id, _) in crate::identity::store::staff_of_agency(tx, agency).await? {
        let key = format!("assistant:{tag}:{}:{id}", conv.handoff_at.unwrap_or(now));
        crate::notify::service::queue(tx, "assistant_handoff", id, &payload, &key, now).await?;
    }
    Ok(())
}

/// One turn: what the citizen's message is shown as, what was understood, and the reply.
struct Turn {
    shown: String,
    understanding: Option<Understanding>,
    reply: Option<Reply>,
}

fn lang_of(c: &Conversation) -> Lang {
    Lang::parse(&c.lang).unwrap_or_default()
}

async fn decide(
    state: &AppState,
    assistant: &Assistant,
    conv: &mut Conversation,
    user: Option<&CurrentUser>,
    text: &str,
) -> Result<Turn, AppError> {
    let mode = mode_of(conv);
    let plain = |reply: Reply| Turn { shown: text.to_string(), understanding: None, reply: Some(reply) };
    if let Some(rest) = text.strip_prefix('/') {
        let (cmd, arg) = rest.split_once(' ').map_or((rest, ""), |(c, a)| (c, a.trim()));
        return command_turn(state, assistant, conv, user, &format!("/{cmd}"), arg, mode).await;
    }
    match mode {
        Mode::Form { service, field, values } => {
            let t = T { locales: locales(), lang: lang_of(conv) };
            let reply = form_answer(state, conv, user, &service, field, values, text, t).await?;
            Ok(plain(reply))
        }
        Mode::Report { mut draft } => {
            let t = T { locales: locales(), lang: lang_of(conv) };
            place_into(&mut draft, text);
            Ok(plain(report_ready(conv, draft, t)))
        }
        mode => {
            let context = match &mode {
                Mode::Context { service, .. } => service.clone(),
                _ => None,
            };
            let u = assistant.model.understand_after(text, lang_of(conv), context.as_deref());
            conv.lang = u.lang.code().to_string();
            let t = T { locales: locales(), lang: u.lang };
            let reply = match u.intent {
                Intent::Status => status_reply(state, user, u.tracking_code.as_deref(), t).await?,
                Intent::Handoff if !u.unsure => handoff(conv, t),
                _ => assistant.reply(&u, text),
            };
            let service = u.service().map(str::to_string).or(context);
            if let Some(s) = u.service().and_then(|id| assistant.service(id)) {
                conv.agency_id = Some(s.agency.clone());
            }
            let complaint = (u.intent == Intent::Complaint).then(|| Draft {
                category: u.category.unwrap_or(Category::Lainnya).as_str().to_string(),
                description: text.to_string(),
                ..Draft::default()
            });
            if conv.status == "bot" {
                conv.state = serde_json::to_value(Mode::Context { service, complaint }).unwrap_or_default();
            }
            Ok(Turn { shown: text.to_string(), understanding: Some(u), reply: Some(reply) })
        }
    }
}

async fn command_turn(
    state: &AppState,
    assistant: &Assistant,
    conv: &mut Conversation,
    user: Option<&CurrentUser>,
    cmd: &str,
    arg: &str,
    mode: Mode,
) -> Result<Turn, AppError> {
    let t = T { locales: locales(), lang: lang_of(conv) };
    let turn = |shown: String, reply: Reply| Ok(Turn { shown, understanding: None, reply: Some(reply) });
    match cmd {
        command::SERVICE => {
            let Some(s) = assistant.service(arg) else { return turn(cmd.to_string(), unknown(t)) };
            conv.agency_id = Some(s.agency.clone());
            conv.state = serde_json::to_value(Mode::Context { service: Some(s.id.clone()), complaint: None })
                .unwrap_or_default();
            turn(s.name.get(t.lang).to_string(), assistant.answer(s, Aspect::General, "", t))
        }
        command::APPLY => {
            let Some(s) = assistant.service(arg) else { return turn(cmd.to_string(), unknown(t)) };
            let shown = t.t1("asst-shown-apply", "service", s.name.get(t.lang));
            let citizen = user.filter(|u| u.role == Role::Citizen && u.is_full());
            let Some(citizen) = citizen else {
                let next = format!("/layanan/{}/ajukan", s.id);
                let reply = Reply {
                    text: t.t("asst-apply-sign-in"),
                    actions: vec![
                        Action::link(t.t("asst-action-sign-in"), format!("/masuk?next={next}")),
                        Action::link(t.t("asst-action-form"), next),
                    ],
                };
                return turn(shown, reply);
            };
            let service = crate::applications::service::service_record(state, &s.id).await?;
            let mut values = Map::new();
            crate::applications::service::prefill(state, &service, citizen.id, &mut values).await?;
            conv.agency_id = Some(s.agency.clone());
            let reply = next_field(state, conv, citizen, &s.id, 0, values, t).await?;
            turn(shown, reply)
        }
        command::REPORT => {
            let draft = match mode {
                Mode::Context { complaint: Some(d), .. } => d,
                _ => Draft { category: Category::Lainnya.as_str().into(), ..Draft::default() },
            };
            let shown = t.t("asst-action-report");
            if draft.description.is_empty() {
                return turn(shown, Reply { text: t.t("asst-report-describe"), actions: vec![] });
            }
            conv.state = serde_json::to_value(Mode::Report { draft }).unwrap_or_default();
            let actions = vec![
                Action::send(t.t("asst-action-skip"), command::SKIP),
                Action::send(t.t("asst-action-cancel"), command::CANCEL),
            ];
            turn(shown, Reply { text: t.t("asst-report-where"), actions })
        }
        command::SKIP => match mode {
            Mode::Report { draft } => turn(t.t("asst-action-skip"), report_ready(conv, draft, t)),
            Mode::Form { service, field, values } => {
                let user = user.ok_or(AppError::Unauthorized)?;
                let reply = next_field(state, conv, user, &service, field + 1, values, t).await?;
                turn(t.t("asst-action-skip"), reply)
            }
            _ => turn(t.t("asst-action-skip"), unknown(t)),
        },
        command::HANDOFF => turn(t.t("asst-action-handoff"), handoff(conv, t)),
        command::CANCEL => {
            conv.state = Value::Null;
            if matches!(conv.status.as_str(), "waiting" | "live") {
                conv.status = "bot".into();
                conv.officer_id = None;
            }
            turn(t.t("asst-action-cancel"), Reply { text: t.t("asst-cancelled"), actions: super::answer::examples(t) })
        }
        _ => turn(cmd.to_string(), unknown(t)),
    }
}

fn unknown(t: T<'_>) -> Reply {
    Reply { text: t.t("asst-unsure"), actions: super::answer::examples(t) }
}

/// Hand the conversation over to a person. Officers answer in the web chat only: a gateway
/// chat is pointed there (its address is kept only as a hash, so no reply could reach it).
fn handoff(conv: &mut Conversation, t: T<'_>) -> Reply {
    if conv.channel != WEB.name {
        return Reply {
            text: t.t("asst-handoff-web"),
            actions: vec![Action::link(t.t("asst-action-web-chat"), "/asisten".into())],
        };
    }
    if conv.status != "live" {
        conv.status = "waiting".into();
    }
    conv.handoff_at = Some(db::now());
    conv.state = Value::Null;
    Reply {
        text: t.t("asst-handoff-done"),
        actions: vec![Action::send(t.t("asst-action-back-to-bot"), command::CANCEL)],
    }
}

/// The fields the chat asks: what a person can type (files, map points and ticks are done on
/// the form itself).
fn askable(f: &FormField) -> bool {
    !matches!(f.kind.as_str(), "file" | "location" | "checkbox")
}

/// Ask the next field from `from` that is still empty, or, when none is left, save the draft.
async fn next_field(
    state: &AppState,
    conv: &mut Conversation,
    user: &CurrentUser,
    service_id: &str,
    from: usize,
    values: Map<String, Value>,
    t: T<'_>,
) -> Result<Reply, AppError> {
    let service = crate::applications::service::service_record(state, service_id).await?;
    let form = &service.service.form;
    let next = (from..form.len()).find(|&i| {
        let f = &form[i];
        askable(f) && values.get(&f.name).is_none_or(|v| v.is_null() || v.as_str().is_some_and(str::is_empty))
    });
    if let Some(i) = next {
        let f = &form[i];
        let mut actions: Vec<Action> =
            f.options.iter().map(|o| Action::send(o.label.get(t.lang).to_string(), o.value.clone())).collect();
        if !f.required {
            actions.push(Action::send(t.t("asst-action-skip"), command::SKIP));
        }
        actions.push(Action::send(t.t("asst-action-cancel"), command::CANCEL));
        let hint = match f.kind.as_str() {
            "date" => format!(" {}", t.t("asst-hint-date")),
            _ => String::new(),
        };
        conv.state =
            serde_json::to_value(Mode::Form { service: service_id.to_string(), field: i, values }).unwrap_or_default();
        let text = t.t2("asst-form-ask", ("service", service.service.name.get(t.lang)), ("field", f.label.get(t.lang)));
        return Ok(Reply { text: format!("{text}{hint}"), actions });
    }
    let (app, _) = crate::applications::service::create(state, user, service_id, values, false, None).await?;
    conv.state = serde_json::to_value(Mode::Context { service: Some(service_id.to_string()), complaint: None })
        .unwrap_or_default();
    Ok(Reply {
        text: t.t1("asst-form-done", "code", &app.code),
        actions: vec![Action::link(t.t("asst-action-open-draft"), format!("/permohonan/{}/ubah", app.code))],
    })
}

/// The citizen's answer to field `field`: checked as the form checks it, then the next field.
#[allow(clippy::too_many_arguments)]
async fn form_answer(
    state: &AppState,
    conv: &mut Conversation,
    user: Option<&CurrentUser>,
    service_id: &str,
    field: usize,
    mut values: Map<String, Value>,
    text: &str,
    t: T<'_>,
) -> Result<Reply, AppError> {
    let user = user.ok_or(AppError::Unauthorized)?;
    let service = crate::applications::service::service_record(state, service_id).await?;
    let Some(f) = service.service.form.get(field) else {
        return next_field(state, conv, user, service_id, field, values, t).await;
    };
    // A choice may be given by its label or its number in the list.
    let answer = match f.options.as_slice() {
        [] => text.to_string(),
        options => options
            .iter()
            .enumerate()
            .find(|(i, o)| {
                o.value.eq_ignore_ascii_case(text)
                    || o.label.all().any(|l| l.eq_ignore_ascii_case(text))
                    || text == (i + 1).to_string()
            })
            .map(|(_, o)| o.value.clone())
            .unwrap_or_else(|| text.to_string()),
    };
    let one = Map::from_iter([(f.name.clone(), Value::String(answer))]);
    match crate::applications::fields::validate(std::slice::from_ref(f), &one, &Default::default(), true) {
        Ok(clean) => {
            values.extend(clean);
            next_field(state, conv, user, service_id, field + 1, values, t).await
        }
        Err(errors) => {
            let why: Vec<String> = errors.iter().map(|e| t.t(e.key)).collect();
            let mut reply = next_field(state, conv, user, service_id, field, values, t).await?;
            reply.text = format!("{}\n{}", why.join(" "), reply.text);
            Ok(reply)
        }
    }
}

/// A place typed in the chat: "lat, lon" or an address.
fn place_into(draft: &mut Draft, text: &str) {
    let parts: Vec<&str> = text.split([',', ' ']).filter(|p| !p.is_empty()).collect();
    if let [lat, lon] = parts.as_slice() {
        if let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) {
            if crate::reports::model::Location::parse(lat, lon).is_some() {
                (draft.lat, draft.lon) = (Some(lat), Some(lon));
                return;
            }
        }
    }
    draft.address = Some(text.chars().take(300).collect());
}

fn report_ready(conv: &mut Conversation, draft: Draft, t: T<'_>) -> Reply {
    let category = Category::parse(&draft.category);
    conv.state = serde_json::to_value(Mode::ReportReady { draft }).unwrap_or_default();
    Reply {
        text: t.t1("asst-report-ready", "category", super::answer::category_label(t, category)),
        actions: vec![Action::link(t.t("asst-action-open-report"), "/laporan/baru?draf=asisten".into())],
    }
}

/// The report draft of a conversation, for the reporting form to prefill.
pub fn report_draft(c: &Conversation) -> Option<Draft> {
    match mode_of(c) {
        Mode::ReportReady { draft } | Mode::Report { draft } => Some(draft),
        _ => None,
    }
}

/// Where a case stands: the signed-in citizen's own, or what a report's public page shows.
async fn status_reply(
    state: &AppState,
    user: Option<&CurrentUser>,
    code: Option<&str>,
    t: T<'_>,
) -> Result<Reply, AppError> {
    let user = user.filter(|u| u.is_full());
    match (code, user) {
        (Some(code), _) if code.starts_with("LP-") => match crate::reports::service::view(state, user, code).await {
            Ok(r) => Ok(Reply {
                text: t.t2(
                    "asst-status-report",
                    ("code", code),
                    ("status", t.t(&format!("report-status-{}", r.status.replace('_', "-")))),
                ),
                actions: vec![Action::link(t.t("asst-action-open-case"), format!("/laporan/{code}"))],
            }),
            Err(AppError::NotFound) => Ok(Reply { text: t.t1("asst-status-not-found", "code", code), actions: vec![] }),
            Err(e) => Err(e),
        },
        (Some(code), Some(user)) => match crate::applications::service::view(state, user, code).await {
            Ok(a) => Ok(Reply {
                text: t.t2(
                    "asst-status-application",
                    ("code", code),
                    ("status", t.t(&format!("app-status-{}", a.status.replace('_', "-")))),
                ),
                actions: vec![Action::link(t.t("asst-action-open-case"), format!("/permohonan/{code}"))],
            }),
            Err(AppError::NotFound) | Err(AppError::Forbidden) => {
                Ok(Reply { text: t.t1("asst-status-not-found", "code", code), actions: vec![] })
            }
            Err(e) => Err(e),
        },
        (Some(code), None) => Ok(Reply {
            text: t.t1("asst-status-sign-in", "code", code),
            actions: vec![Action::link(t.t("asst-action-sign-in"), format!("/masuk?next=/permohonan/{code}"))],
        }),
        (None, Some(user)) => {
            let apps = crate::applications::service::mine(state, user).await?;
            let reports = crate::reports::service::mine(state, user).await.unwrap_or_default();
            let mut lines = vec![];
            for a in apps.iter().take(5) {
                lines.push(format!("• {}: {}", a.code, t.t(&format!("app-status-{}", a.status.replace('_', "-")))));
            }
            for r in reports.iter().take(5) {
                lines.push(format!("• {}: {}", r.code, t.t(&format!("report-status-{}", r.status.replace('_', "-")))));
            }
            let text = match lines.is_empty() {
                true => t.t("asst-status-none"),
                false => format!("{}\n{}", t.t("asst-status-yours"), lines.join("\n")),
            };
            let actions = vec![
                Action::link(t.t("asst-action-my-applications"), "/permohonan".into()),
                Action::link(t.t("asst-action-my-reports"), "/laporan/saya".into()),
            ];
            Ok(Reply { text, actions })
        }
        (None, None) => Ok(Reply {
            text: t.t("asst-status-ask"),
            actions: vec![Action::link(t.t("asst-action-sign-in"), "/masuk?next=/asisten".into())],
        }),
    }
}

/// Delete a conversation the caller may continue.
pub async fn delete(state: &AppState, user: Option<&CurrentUser>, id: &str) -> Result<(), AppError> {
    let c = accessible(state, user, id).await?.ok_or(AppError::NotFound)?;
    state.db.write(move |tx| Box::pin(async move { Ok(store::delete(tx, &c.id).await?) })).await
}

// ---- Officers ----

/// Whether `user` may answer handed-over conversations (of `agency`, when known).
fn may_answer(user: &CurrentUser, agency: Option<&str>) -> bool {
    match user.role {
        Role::Officer | Role::Supervisor | Role::AgencyAdmin => agency.is_none() || user.agency_id.as_deref() == agency,
        Role::SuperAdmin => true,
        _ => false,
    }
}

/// The handed-over conversations an officer may answer.
pub async fn queue(state: &AppState, user: &CurrentUser) -> Result<Vec<Conversation>, AppError> {
    let agency = match user.role {
        Role::SuperAdmin => None,
        _ => Some(user.agency_id.as_deref().ok_or(AppError::Forbidden)?),
    };
    Ok(store::queue(&mut *state.db.conn().await?, agency).await?)
}

/// A handed-over conversation, for an officer who may answer it.
pub async fn for_officer(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Conversation, Vec<Message>), AppError> {
    let mut conn = state.db.conn().await?;
    let c = store::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    if c.handoff_at.is_none() || !may_answer(user, c.agency_id.as_deref()) {
        return Err(AppError::NotFound);
    }
    let messages = store::messages(&mut conn, id, 0).await?;
    Ok((c, messages))
}

/// An officer's reply (taking the conversation), or `close` (back to the assistant).
pub async fn officer_reply(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    text: &str,
    close: bool,
) -> Result<(), AppError> {
    let text = text.trim().to_string();
    if !close && (text.is_empty() || text.chars().count() > MAX_TEXT) {
        return Err(AppError::Validation(vec![FieldError::new("text", "asst-error-text")]));
    }
    let (c, _) = for_officer(state, user, id).await?;
    if c.status == "bot" || c.status == "closed" {
        return Err(AppError::Conflict { key: "asst-error-not-handed-over" });
    }
    let (officer, postgres, now) = (user.id, state.db.backend() == Backend::Postgres, db::now());
    let lang = lang_of(&c);
    state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let mut c = store::get_for_update(tx, &c.id, postgres).await?.ok_or(AppError::NotFound)?;
                if c.status == "bot" || c.status == "closed" {
                    return Err(AppError::Conflict { key: "asst-error-not-handed-over" });
                }
                let empty = json!([]);
                if !text.is_empty() {
                    store::add_message(tx, &c.id, &NewMessage::said("officer", Some(officer), &text, &empty), now)
                        .await?;
                }
                c.officer_id = Some(officer);
                c.status = if close { "bot" } else { "live" }.into();
                if close {
                    let t = T { locales: locales(), lang };
                    let bye = t.t("asst-handoff-closed");
                    store::add_message(tx, &c.id, &NewMessage::said("assistant", None, &bye, &empty), now).await?;
                    c.state = Value::Null;
                }
                c.updated_at = now;
                store::update(tx, &c).await?;
                Ok(())
            })
        })
        .await
}

/// Delete conversations untouched since `now` minus the retention period.
pub async fn purge(state: &AppState, now: i64) -> Result<u64, AppError> {
    let before = now - RETENTION_DAYS * 86_400;
    state.db.write(move |tx| Box::pin(async move { Ok(store::purge(tx, before).await?) })).await
}

/// Purge old conversations every hour (harmless when several processes do it).
pub fn spawn_purge(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match crate::db::jobs::run_logged(&state.db, "assistant-purge", purge(&state, db::now())).await {
                None | Some(0) => {}
                Some(n) => tracing::info!(conversations = n, "old assistant conversations deleted"),
            }
        }
    })
}
