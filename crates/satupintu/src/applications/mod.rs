//! Online applications: once-only forms generated from the catalogue, the officer workflow with
//! its history, time limits in working days, and the log of staff access to personal data.

pub mod api;
pub mod fields;
pub mod pages;
pub mod service;
pub mod store;
pub mod workflow;

pub use store::Application;
