//! Procurement transparency (paket pengadaan): packages move plan -> tender -> award -> contract
//! -> implementation -> complete; every recorded stage is an Open Contracting Data Standard 1.1
//! release, stored immutably, recorded in the ledger and published in release and record
//! packages at fixed URLs (`/ocds/releases.json`, `/ocds/records.json`, and per ocid).

pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
