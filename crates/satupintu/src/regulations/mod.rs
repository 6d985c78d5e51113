//! Policies and regulations (issue 9), in the manner of a JDIH (Jaringan Dokumentasi dan
//! Informasi Hukum): regional regulations, decrees, circulars, SOPs and policies with every
//! version of their text. Each version is a ledger entry carrying the SHA-256 of its text, so
//! the page can show whether the stored text is still the one that was published.
//!
//! [`model`] kinds, checks, articles and comparisons; [`store`] the tables; [`service`] the
//! rules; [`api`] `/api/v1/regulations`; [`pages`] `/regulasi` and `/kelola/regulasi`;
//! [`demo`] the demo documents.

pub mod api;
pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
