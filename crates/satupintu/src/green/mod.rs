//! Green services (issue 13): paperless figures — the paper and the trips to an office that
//! online applications, digital documents and online reports save, estimated per service and
//! turned into weight and CO2 with documented factors — and waste-pickup requests, which the
//! environment agency's trucks collect in scheduled windows per zone (kecamatan).
//!
//! [`model`] the vocabulary, factors and parsed forms, [`store`] the tables, [`service`] the
//! rules and transactions, [`pages`] the pages (`/hijau`, `/kelola/hijau`), [`api`] the JSON
//! API (`/api/v1/green`), [`demo`] the demo content.

pub mod api;
pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
