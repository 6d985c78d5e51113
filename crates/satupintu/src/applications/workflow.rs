//! Application workflows as data: states, and transitions guarded by who acts. Every service
//! uses the default below unless its agency defines its own.

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct Workflow {
    pub states: Vec<String>,
    /// States that end the application.
    pub terminal: Vec<String>,
    pub transitions: Vec<Transition>,
}

fn t(action: &str, from: &[&str], to: Option<&str>, actors: &[Actor], note_required: bool) -> Transition {
    Transition {
        action: action.into(),
        from: from.iter().map(|s| s.to_string()).collect(),
        to: to.map(str::to_string),
        actors: actors.to_vec(),
        note_required,
    }
}

impl Default for Workflow {
    fn default() -> Self {
        use Actor::*;
        let staff = &[Officer, Supervisor];
        let open = ["submitted", "verification", "revision_requested", "processing", "approved"];
        Workflow {
            states: [
                "draft",
                "submitted",
                "verification",
                "revision_requested",
                "processing",
                "approved",
                "rejected",
                "issued",
                "completed",
                "cancelled",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            terminal: ["rejected", "completed", "cancelled"].iter().map(|s| s.to_string()).collect(),
            transitions: vec![
                t("submit", &["draft"], Some("submitted"), &[Owner, Officer, Supervisor], false),
                t("cancel", &["draft", "submitted"], Some("cancelled"), &[Owner], false),
                t("claim", &["submitted"], Some("verification"), staff, false),
                t("assign", &open, None, &[Supervisor], false),
                t("request_revision", &["verification", "processing"], Some("revision_requested"), staff, true),
                t("resubmit", &["revision_requested"], Some("verification"), &[Owner], false),
                t("verify", &["verification"], Some("processing"), staff, false),
                t("approve", &["processing"], Some("approved"), staff, false),
                t("reject", &["verification", "processing"], Some("rejected"), staff, true),
                t("issue", &["approved"], Some("issued"), staff, false),
                t("complete", &["issued"], Some("completed"), &[Owner, Officer, Supervisor], false),
            ],
        }
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

    /// A workflow is usable when every transition names known states and every non-terminal
    /// state can be left.
    pub fn check(&self) -> Result<(), String> {
        let known = |s: &str| self.states.iter().any(|x| x == s);
        for t in &self.transitions {
            for s in t.from.iter().chain(t.to.iter()) {
                if !known(s) {
                    return Err(format!("transition {} names unknown state {s}", t.action));
                }
            }
        }
        for s in &self.states {
            if !self.is_terminal(s) && !self.transitions.iter().any(|t| t.from.contains(s) && t.to.as_ref() != Some(s))
            {
                return Err(format!("state {s} cannot be left"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_workflow_is_consistent() {
        Workflow::default().check().expect("consistent");
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
