//! Partners (issue 13): NGOs (*LSM*), companies' CSR programmes, community volunteer teams and
//! waste banks registered as organisations. A citizen applies, an admin verifies or refuses;
//! members (a table, not a platform role) publish programmes and activity reports, help with
//! complaints the handling agency passes to them (the agency stays responsible), and waste banks
//! take customers (*nasabah*) and record their deposits as savings.
//!
//! [`model`] the vocabulary and checks, [`store`] the tables, [`service`] the rules and
//! transactions, [`pages`] the pages, [`api`] the JSON API, [`demo`] the demo content.

pub mod api;
pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
