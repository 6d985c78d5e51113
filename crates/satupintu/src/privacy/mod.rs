//! Data subject rights under UU 27/2022 (Pelindungan Data Pribadi), issue 12: a citizen
//! downloads everything held about them (`GET /api/v1/me/export`, a ZIP of JSON files with a
//! README), asks for a correction, and deletes their account where the law allows (what the
//! law requires to keep is kept, and the citizen is told why and until when); retention rules
//! per record type run as an hourly job and as `satupintu privacy retention`.
//!
//! [`model`] the archive's files, the record types with their legal basis and the retention
//! rules, as data; [`store`] the requests and the cross-table reads and deletions; [`service`]
//! export, requests, erasure and retention; [`api`] the export; [`pages`] `/akun/data-saya` and
//! `/kelola/permintaan-data`.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
