//! The admin console of super admins (`/kelola/admin`): staff accounts, API keys, notification
//! channels, feature switches per region; and the audit log every admin act is recorded in,
//! which auditors read and export (`/kelola/audit`).

pub mod audit;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;

pub use audit::Actor;
