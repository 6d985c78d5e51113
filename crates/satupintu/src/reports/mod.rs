//! Complaints and reports (issue 5): what citizens report about public infrastructure and
//! services, routed to the agency that handles it.
//!
//! The vocabulary ([`model`]: categories, privacy levels, states), the classifier that suggests a
//! category from the citizen's own words ([`classify`]), the tables ([`store`]), the rules
//! ([`service`]: sending, the coordinator's verification and dispatch, the agency's response and
//! resolution, the reporter's reopening, closing and rating, time limits, who sees what under
//! each privacy level), staff moderation and response templates ([`moderation`]), reports and
//! area alerts without an account ([`guest`]), the JSON API ([`api`]), the pages ([`pages`]) and
//! Open311 GeoReport v2 ([`open311`]).

pub mod api;
pub mod classify;
pub mod guest;
pub mod model;
pub mod moderation;
pub mod open311;
pub mod pages;
pub mod regions;
pub mod service;
pub mod store;
