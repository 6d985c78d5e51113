//! The service catalogue: agencies and services with their official standards, every edit a
//! new version; import and export in `satupintu.catalog/v1`.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;

pub use model::{Agency, Catalog, Loc, Service};
