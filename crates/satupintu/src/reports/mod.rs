//! Complaints and reports (issue 5, being built): what citizens report about public
//! infrastructure and services, routed to the agency that handles it.
//!
//! So far: the vocabulary ([`model`]: categories, privacy levels, states), the classifier that
//! suggests a category from the citizen's own words ([`classify`]), the tables ([`store`]), the
//! rules ([`service`]: sending a report, the coordinator's verification and dispatch, the
//! agency's response and resolution, the reporter's reopening or closing, who sees what under
//! each privacy level) and the JSON API ([`api`]). Pages, the public map, SLA escalation,
//! reports without an account and the Open311 GeoReport v2 API come next.

pub mod api;
pub mod classify;
pub mod guest;
pub mod model;
pub mod open311;
pub mod moderation;
pub mod pages;
pub mod service;
pub mod store;
