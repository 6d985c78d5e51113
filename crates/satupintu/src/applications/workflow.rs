//! Application workflows as data: states, and transitions guarded by who acts. Every service
//! follows the default (`workflows/default.json`) unless a workflow file names it: the deploying
//! engineer puts an agency's own workflows in `workflows_dir`, checked when the server starts.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use crate::identity::Role;

/// Who is acting on an application, relative to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The citizen the application is for.
    Owner,
    /// An officer of the service's agency.
    Officer,
    /// A supervisor of the service's agency.
    Supervisor,
}

impl Actor {
    /// How a staff role acts on applications of their own agency.
    pub fn of_staff(role: Role) -> Option<Actor> {
        match role {
            Role::Officer => Some(Actor::Officer),
            Role::Supervisor => Some(Actor::Supervisor),
            _ => None,
        }
    }
}

/// The states the platform knows how to show and act on; a workflow picks among them.
pub const STATES: [&str; 11] = [
    "draft",
    "awaiting_payment",
    "submitted",
    "verification",
    "revision_requested",
    "processing",
    "approved",
    "rejected",
    "issued",
    "completed",
    "cancelled",
];

/// The actions the platform knows (some carry effects: `submit` checks the form and starts the
/// time limit, `claim` and `assign` set the officer, `issue` signs the document).
pub const ACTIONS: [&str; 11] = [
    "submit",
    "cancel",
    "claim",
    "assign",
    "request_revision",
    "resubmit",
    "verify",
    "approve",
    "reject",
    "issue",
    "complete",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub action: String,
    pub from: Vec<String>,
    /// `None` keeps the state (e.g. assigning to another officer).
    pub to: Option<String>,
    pub actors: Vec<Actor>,
    /// The actor must write why (request for revision, rejection).
    #[serde(default)]
    pub note_required: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// A short name for logs and the admin's eye.
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The catalogue services that follow this workflow (empty for the default).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    pub states: Vec<String>,
    /// States that end the application.
    pub terminal: Vec<String>,
    pub transitions: Vec<Transition>,
}

/// The default workflow, kept as data beside the code.
const DEFAULT_JSON: &str = include_str!("../../workflows/default.json");

impl Default for Workflow {
    fn default() -> Self {
        serde_json::from_str(DEFAULT_JSON).expect("workflows/default.json is valid (checked by a test)")
    }
}

impl Workflow {
    /// The transition `action` from `state` that `actor` may take.
    pub fn find(&self, action: &str, state: &str, actor: Actor) -> Option<&Transition> {
        self.transitions
            .iter()
            .find(|t| t.action == action && t.from.iter().any(|f| f == state) && t.actors.contains(&actor))
    }

    /// Every action `actor` may take from `state`.
    pub fn available(&self, state: &str, actor: Actor) -> Vec<&Transition> {
        self.transitions.iter().filter(|t| t.from.iter().any(|f| f == state) && t.actors.contains(&actor)).collect()
    }

    pub fn is_terminal(&self, state: &str) -> bool {
        self.terminal.iter().any(|s| s == state)
    }

    /// A workflow is usable when it speaks the platform's vocabulary of states and actions (the
    /// ones pages, notifications and documents know), starts with a draft the citizen can
    /// submit, reaches every state from the draft, and lets every non-terminal state be left.
    pub fn check(&self) -> Result<(), String> {
        for s in self.states.iter().chain(&self.terminal) {
            if !STATES.contains(&s.as_str()) {
                return Err(format!("unknown state {s:?}; states are {}", STATES.join(", ")));
            }
        }
        let known = |s: &str| self.states.iter().any(|x| x == s);
        for s in &self.terminal {
            if !known(s) {
                return Err(format!("terminal state {s} is not among the states"));
            }
        }
        for t in &self.transitions {
            if !ACTIONS.contains(&t.action.as_str()) {
                return Err(format!("unknown action {:?}; actions are {}", t.action, ACTIONS.join(", ")));
            }
            if t.actors.is_empty() || t.from.is_empty() {
                return Err(format!("transition {} needs at least one actor and one state to start from", t.action));
            }
            for s in t.from.iter().chain(t.to.iter()) {
                if !known(s) {
                    return Err(format!("transition {} names unknown state {s}", t.action));
                }
            }
        }
        if self.find("submit", "draft", Actor::Owner).is_none_or(|t| t.to.is_none()) {
            return Err("the citizen must be able to submit a draft (action submit from draft)".into());
        }
        for s in &self.states {
            if !self.is_terminal(s)
                && !self.transitions.iter().any(|t| t.from.contains(s) && t.to.as_ref().is_some_and(|to| to != s))
            {
                return Err(format!("state {s} cannot be left"));
            }
        }
        // `awaiting_payment` is the platform's: submitting an application for a service with a
        // fee leads there, whatever the workflow says.
        let mut reached = vec!["draft".to_string(), crate::payments::model::AWAITING_PAYMENT.to_string()];
        let mut i = 0;
        while i < reached.len() {
            let from = reached[i].clone();
            for t in self.transitions.iter().filter(|t| t.from.contains(&from)) {
                if let Some(to) = t.to.as_ref().filter(|to| !reached.contains(to)) {
                    reached.push(to.clone());
                }
            }
            i += 1;
        }
        if let Some(s) = self.states.iter().find(|s| !reached.contains(s)) {
            return Err(format!("state {s} cannot be reached from draft"));
        }
        Ok(())
    }
}

/// The workflows in force: the default, and those defined for particular services.
pub struct Workflows {
    default: Arc<Workflow>,
    by_service: RwLock<HashMap<String, Arc<Workflow>>>,
}

impl Default for Workflows {
    fn default() -> Self {
        Workflows { default: Arc::new(Workflow::default()), by_service: Default::default() }
    }
}

impl Workflows {
    /// The workflow that `service_id` follows.
    pub fn for_service(&self, service_id: &str) -> Arc<Workflow> {
        let map = self.by_service.read().unwrap_or_else(|e| e.into_inner());
        map.get(service_id).cloned().unwrap_or_else(|| self.default.clone())
    }

    /// Put `workflow` in force for the services it names. Refused when it is inconsistent, names
    /// no service, or a service already follows a different workflow.
    pub fn install(&self, workflow: Workflow) -> Result<(), String> {
        workflow.check().map_err(|e| format!("workflow {:?}: {e}", workflow.name))?;
        if workflow.services.is_empty() {
            return Err(format!("workflow {:?} names no service (\"services\": [...])", workflow.name));
        }
        let mut map = self.by_service.write().unwrap_or_else(|e| e.into_inner());
        for id in &workflow.services {
            if let Some(other) = map.get(id).filter(|w| ***w != workflow) {
                return Err(format!("service {id} already follows workflow {:?}", other.name));
            }
        }
        let shared = Arc::new(workflow);
        for id in &shared.services {
            map.insert(id.clone(), shared.clone());
        }
        Ok(())
    }

    /// Install every `*.json` file in `dir` (in name order); the first bad file stops the start
    /// with a message naming it.
    pub fn load_dir(&self, dir: &Path) -> anyhow::Result<usize> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("cannot read workflows directory {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for path in &files {
            let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let workflow: Workflow =
                serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            self.install(workflow).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        }
        Ok(files.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_workflow_is_consistent() {
        Workflow::default().check().expect("consistent");
    }

    fn short() -> Workflow {
        serde_json::from_str(include_str!("../../workflows/demo/surat-kelurahan.json")).expect("demo workflow parses")
    }

    #[test]
    fn a_service_follows_its_own_workflow_and_others_the_default() {
        let all = Workflows::default();
        all.install(short()).expect("installs");
        assert!(all
            .for_service("surat-domisili")
            .find("claim", "submitted", Actor::Officer)
            .is_some_and(|t| t.to.as_deref() == Some("processing")));
        assert!(all
            .for_service("akta-kelahiran")
            .find("claim", "submitted", Actor::Officer)
            .is_some_and(|t| t.to.as_deref() == Some("verification")));
        all.install(short()).expect("installing the same workflow again is harmless");
        let mut other = short();
        other.name = "lain".into();
        assert!(all.install(other).is_err_and(|e| e.contains("already follows")));
    }

    #[test]
    fn inconsistent_workflows_are_refused_with_the_reason() {
        type Change = Box<dyn Fn(&mut Workflow)>;
        let cases: Vec<(&str, Change)> = vec![
            ("unknown state", Box::new(|w| w.states.push("menunggu".into()))),
            ("unknown action", Box::new(|w| w.transitions[0].action = "kirim".into())),
            ("cannot be left", Box::new(|w| w.transitions.retain(|t| t.action != "issue"))),
            ("cannot be reached", Box::new(|w| w.transitions.retain(|t| t.action != "approve"))),
            ("submit a draft", Box::new(|w| w.transitions[0].actors = vec![Actor::Officer])),
            ("names unknown state", Box::new(|w| w.transitions[1].to = Some("verification".into()))),
            ("names no service", Box::new(|w| w.services.clear())),
        ];
        for (why, change) in cases {
            let mut w = short();
            change(&mut w);
            let err = Workflows::default().install(w).expect_err(why);
            assert!(err.contains(why), "{why}: {err}");
        }
        assert!(
            serde_json::from_str::<Workflow>(r#"{"states":[],"terminal":[],"transitions":[],"colour":1}"#).is_err(),
            "unknown keys are refused"
        );
    }

    #[test]
    fn transitions_are_guarded_by_who_acts() {
        let w = Workflow::default();
        assert!(w.find("submit", "draft", Actor::Owner).is_some());
        assert!(w.find("claim", "submitted", Actor::Owner).is_none(), "a citizen cannot claim");
        assert!(w.find("approve", "verification", Actor::Officer).is_none(), "verify before approving");
        assert!(w.find("assign", "processing", Actor::Officer).is_none(), "only supervisors reassign");
        assert!(w.find("reject", "processing", Actor::Officer).is_some_and(|t| t.note_required));
        let owner_actions: Vec<_> = w.available("submitted", Actor::Owner).iter().map(|t| t.action.as_str()).collect();
        assert_eq!(owner_actions, vec!["cancel"]);
        assert!(w.is_terminal("cancelled") && !w.is_terminal("issued"));
    }
}
