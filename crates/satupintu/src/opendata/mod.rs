//! Open data (issue 9): a catalogue of datasets with DCAT metadata, published by agencies (a CSV
//! or JSON file with its metadata) and by the platform itself (statistics of applications,
//! complaints and queues, aggregated so no person can be identified), downloadable as CSV and
//! JSON, harvestable as DCAT JSON-LD, and readable through a CKAN-compatible Action API.
//!
//! [`model`] the vocabulary and the table parsers, [`store`] the tables, [`service`] publishing
//! and search, [`stats`] the statistics (also behind the agency performance pages), [`ckan`] the
//! CKAN Action API at `/api/3/action`, [`dcat`] the DCAT catalogue, [`pages`] the pages,
//! [`demo`] the demo datasets.

pub mod ckan;
pub mod dcat;
pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod stats;
pub mod store;
