//! E-participation (issue 9): citizens' ideas with supports and an official answer past a
//! threshold, comments for and against, reports and moderation, participatory budgeting
//! (proposing, reviewing, voting within a per-voter limit, results with a reproducible tally in
//! the ledger), and accountability pages that follow adopted ideas and winning projects.
//!
//! [`model`] the vocabulary and pure rules, [`store`] the tables, [`service`] the rules and
//! transactions, [`pages`] the pages, [`api`] the JSON API (ideas, published ballots and tallies),
//! [`demo`] the demo content.

pub mod api;
pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;

/// The support threshold when serving the demo (which has only a few citizens).
pub const DEMO_SUPPORT_THRESHOLD: i64 = 3;
