//! Assisted service (issue 13): volunteers and officers of a mobile service (*layanan
//! keliling*) or a village office act for citizens without a phone, with the citizen's consent
//! recorded and every act marked as assisted.

pub mod api;
pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
