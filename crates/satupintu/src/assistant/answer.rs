//! Composing replies. Every fact in a reply comes from the service's official standard
//! (requirements, fee, time limit, output, channels, procedure, FAQ) or from the platform's
//! own records; the wording around the facts comes from the Fluent messages (`asst-*`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::nlu::{Aspect, Intent, Labelled, Model, Understanding};
use crate::catalog::model::{Agency, Service};
use crate::catalog::pages::{fee_label, time_label};
use crate::reports::model::Category;
use crate::web::{locales, Lang, T};

/// A suggested next step: a link to open, or a message to send by pressing a button.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Action {
    /// `link` (open `href`) or `send` (send `send` as the next message).
    pub kind: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub send: Option<String>,
}

impl Action {
    pub fn link(label: String, href: String) -> Action {
        Action { kind: "link".into(), label, href: Some(href), send: None }
    }

    pub fn send(label: String, send: impl Into<String>) -> Action {
        Action { kind: "send".into(), label, href: None, send: Some(send.into()) }
    }
}

/// A reply: its text (lines; bullets start with "• ") and the actions offered with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reply {
    pub text: String,
    pub actions: Vec<Action>,
}

/// Commands that buttons send (also typed by people who know them).
pub mod command {
    pub const SERVICE: &str = "/layanan";
    pub const APPLY: &str = "/ajukan";
    pub const REPORT: &str = "/lapor";
    pub const HANDOFF: &str = "/petugas";
    pub const CANCEL: &str = "/batal";
    pub const SKIP: &str = "/lewati";
}

/// The assistant for one catalogue: its models and the standards it answers from.
pub struct Assistant {
    pub model: Model,
    services: Vec<Service>,
    index: HashMap<String, usize>,
    agencies: HashMap<String, Agency>,
}

impl Assistant {
    pub fn new(services: Vec<Service>, agencies: Vec<Agency>, labelled: &[Labelled]) -> Assistant {
        let model = Model::build(&services, labelled);
        let index = services.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let agencies = agencies.into_iter().map(|a| (a.id.clone(), a)).collect();
        Assistant { model, services, index, agencies }
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.index.get(id).map(|&i| &self.services[i])
    }

    fn agency_name(&self, s: &Service, lang: Lang) -> String {
        self.agencies.get(&s.agency).map(|a| a.name.get(lang).to_string()).unwrap_or_else(|| s.agency.clone())
    }

    /// The reply to a message understood as `u`, without any conversation state: the answer
    /// for service questions, greetings, thanks and out-of-scope questions, and the first step
    /// for complaints, status questions and handovers (the conversation takes them further).
    pub fn reply(&self, u: &Understanding, text: &str) -> Reply {
        let t = T { locales: locales(), lang: u.lang };
        match u.intent {
            Intent::ServiceInfo if u.unsure => self.clarify(u, t),
            Intent::ServiceInfo => match u.service().and_then(|id| self.service(id)) {
                Some(s) => self.answer(s, u.aspect, text, t),
                None => self.clarify(u, t),
            },
            Intent::Complaint => Reply {
                text: t.t1("asst-complaint-start", "category", category_label(t, u.category)),
                actions: vec![
                    Action::send(t.t("asst-action-report"), command::REPORT),
                    Action::send(t.t("asst-action-handoff"), command::HANDOFF),
                ],
            },
            Intent::Status => Reply { text: t.t("asst-status-ask"), actions: vec![] },
            Intent::Handoff => Reply {
                text: t.t("asst-handoff-offer"),
                actions: vec![Action::send(t.t("asst-action-handoff"), command::HANDOFF)],
            },
            Intent::Greeting => Reply { text: t.t("asst-greeting"), actions: examples(t) },
            Intent::Thanks => Reply { text: t.t("asst-thanks"), actions: vec![] },
            Intent::OutOfScope => Reply {
                text: t.t("asst-out-of-scope"),
                actions: vec![
                    Action::link(t.t("asst-action-catalogue"), "/layanan".into()),
                    Action::send(t.t("asst-action-handoff"), command::HANDOFF),
                ],
            },
        }
    }

    /// Which service? The likely ones as buttons, and a person.
    fn clarify(&self, u: &Understanding, t: T<'_>) -> Reply {
        let mut actions: Vec<Action> = u
            .services
            .iter()
            .filter_map(|(id, _)| self.service(id))
            .map(|s| Action::send(s.name.get(t.lang).to_string(), format!("{} {}", command::SERVICE, s.id)))
            .collect();
        actions.push(Action::send(t.t("asst-action-handoff"), command::HANDOFF));
        let text = if u.services.is_empty() { t.t("asst-unsure") } else { t.t("asst-which-service") };
        Reply { text, actions }
    }

    /// The answer about `aspect` of service `s`, from its standard.
    pub fn answer(&self, s: &Service, aspect: Aspect, question: &str, t: T<'_>) -> Reply {
        let lang = t.lang;
        let name = s.name.get(lang);
        let mut lines = vec![];
        let list = |items: &[crate::catalog::model::Loc]| items.iter().map(|i| format!("• {}", i.get(lang))).collect::<Vec<_>>();
        match aspect {
            Aspect::Requirements | Aspect::Eligibility => {
                lines.push(t.t1("asst-requirements", "service", name));
                lines.extend(list(&s.requirements));
            }
            Aspect::Fee => {
                let fee = fee_label(s, t);
                lines.push(t.t2("asst-fee", ("service", name), ("fee", &fee)));
                // The note often begins with the fee itself ("Gratis. ..."): say it once.
                if let Some(note) = &s.fee.note {
                    let note = note.get(lang);
                    let rest = note.strip_prefix(fee.as_str()).map_or(note, |r| r.trim_start_matches(['.', ',', ' ']));
                    if !rest.is_empty() {
                        lines.push(rest.to_string());
                    }
                }
            }
            Aspect::Time => {
                lines.push(t.t2("asst-time", ("service", name), ("time", time_label(s, t))));
            }
            Aspect::Place | Aspect::Online => {
                let online = s.channels.iter().any(|c| c == "online");
                lines.push(match (aspect, online) {
                    (Aspect::Online, true) => t.t1("asst-online-yes", "service", name),
                    (Aspect::Online, false) => t.t1("asst-online-no", "service", name),
                    _ => t.t2("asst-place", ("service", name), ("agency", self.agency_name(s, lang))),
                });
                lines.extend(
                    s.channels.iter().map(|c| format!("• {}: {}", t.t(&format!("channel-{c}")), t.t(&format!("channel-{c}-hint")))),
                );
                if let Some(address) = self.agencies.get(&s.agency).and_then(|a| a.contact.address.as_deref()) {
                    lines.push(t.t1("asst-address", "address", address));
                }
            }
            Aspect::Procedure => {
                lines.push(t.t1("asst-procedure", "service", name));
                lines.extend(s.procedure.iter().enumerate().map(|(i, p)| format!("{}. {}", i + 1, p.get(lang))));
            }
            Aspect::General => {
                lines.push(format!("{name}: {}", s.summary.get(lang)));
                lines.push(t.t1("asst-fact-fee", "fee", fee_label(s, t)));
                lines.push(t.t1("asst-fact-time", "time", time_label(s, t)));
                lines.push(t.t1("asst-fact-output", "output", s.output.get(lang)));
            }
        }
        if let Some((q, a)) = faq_for(s, question, lang) {
            lines.push(String::new());
            lines.push(t.t2("asst-faq", ("q", q), ("a", a)));
        }
        let mut actions = vec![Action::link(t.t("asst-action-service-page"), format!("/layanan/{}", s.id))];
        if s.channels.iter().any(|c| c == "online") && !s.form.is_empty() {
            actions.push(Action::send(t.t("asst-action-apply"), format!("{} {}", command::APPLY, s.id)));
        }
        actions.push(Action::send(t.t("asst-action-handoff"), command::HANDOFF));
        Reply { text: lines.join("\n"), actions }
    }
}

/// The FAQ entry that shares the most words with the question, when it shares enough.
fn faq_for<'a>(s: &'a Service, question: &str, lang: Lang) -> Option<(&'a str, &'a str)> {
    let asked: std::collections::HashSet<String> = bahasa::analyze(question).into_iter().collect();
    s.faq
        .iter()
        .filter_map(|f| {
            let terms: std::collections::HashSet<String> = f.q.all().flat_map(bahasa::analyze).collect();
            let shared = terms.intersection(&asked).count();
            // Most of the question, and most of the FAQ's own question, in common.
            (shared >= 2 && shared * 2 >= asked.len() && shared * 2 >= terms.len()).then_some((shared, f))
        })
        .max_by_key(|(n, _)| *n)
        .map(|(_, f)| (f.q.get(lang), f.a.get(lang)))
}

pub fn category_label(t: T<'_>, c: Option<Category>) -> String {
    t.t(&c.unwrap_or(Category::Lainnya).message_key())
}

/// What the assistant can do, as buttons.
pub fn examples(t: T<'_>) -> Vec<Action> {
    ["asst-example-service", "asst-example-report", "asst-example-status"]
        .iter()
        .map(|k| {
            let text = t.t(k);
            Action::send(text.clone(), text)
        })
        .collect()
}
