//! SatuPintu: one door to every public service. See `docs/` and the repository README.

pub mod app;
pub mod applications;
pub mod appointments;
pub mod assistant;
pub mod calendar;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod identity;
pub mod ledger;
pub mod notify;
pub mod participation;
pub mod reports;
pub mod search;
pub mod telemedicine;
pub mod uploads;
pub mod web;
pub mod wilayah;
