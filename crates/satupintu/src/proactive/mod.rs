//! Proactive notices (issue 10): documents about to expire (those the platform issued and
//! those a citizen records under "Dokumen saya"), a child turning 17 who needs a KTP-el, and
//! services a citizen is likely eligible for; sent through the citizen's chosen notification
//! channels, and only with their consent (off until given, withdrawn at once).
//!
//! [`model`] kinds, thresholds, date arithmetic and the eligibility rules; [`store`] the
//! tables; [`service`] consent, documents, family, suggestions and the daily job; [`api`]
//! `/api/v1/me/proactive` and `/api/v1/me/documents`; [`pages`] the pages under `/akun`.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
