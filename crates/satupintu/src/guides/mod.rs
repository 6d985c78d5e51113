//! Reaching everyone (issue 13): illustrated step-by-step guides to common services, each with
//! a plain-language version ("Bacaan mudah") and a printable one-page version, citizens' rights
//! with their legal basis, and the display settings (large text, high contrast, low-data mode)
//! that every page follows.
//!
//! [`model`] the vocabulary and pure rules (with the display settings), [`icons`] the
//! pictograms, [`text`] abbreviations for screen readers, [`store`] the tables, [`service`] the
//! rules and transactions, [`pages`] the pages, [`api`] the JSON API, [`demo`] the demo guides.

pub mod api;
pub mod demo;
pub mod icons;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
pub mod text;
