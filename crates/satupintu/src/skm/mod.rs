//! The community satisfaction survey (Survei Kepuasan Masyarakat, SKM) and its index (IKM) per
//! PermenPAN-RB 14/2017: citizens are invited after a finished application, a closed report or a
//! served appointment; walk-ins answer on a kiosk; the IKM of each service unit per month,
//! quarter or year is public, with the Krejcie–Morgan minimum sample; staff export the official
//! report as PDF and CSV.
//!
//! [`model`] the arithmetic and checks; [`store`] the tables; [`service`] the rules and the
//! invitation job; [`api`] `/api/v1/skm`; [`pages`] `/survei-kepuasan`, `/survei`, `/skm/kiosk`,
//! `/kelola/skm`; [`report`] the PDF and CSV; [`cli`] `satupintu skm ikm`; [`demo`] demo answers.

pub mod api;
pub mod cli;
pub mod demo;
pub mod model;
pub mod pages;
pub mod report;
pub mod service;
pub mod store;
