//! Paying for public services (issue 15): bills with billing codes for service fees, officers'
//! levies and regional taxes (PBB-P2 by NOP, vehicle tax by plate); ways to pay them (a dynamic
//! QRIS code, bank virtual accounts, a treasurer's counter); payment notifications from a
//! gateway, signed and idempotent; reconciliation of bank statements; receipts and reports.
//!
//! [`model`] billing codes, NOPs, plates and statuses; [`qris`] the EMVCo QRIS payload;
//! [`store`] the tables; [`service`] the rules and transactions (every payment, refund and
//! decision writes its ledger leaf in the same transaction); [`webhook`] the gateway adapter;
//! [`api`] the JSON API; [`pages`] the citizen's pages and the receipt's verification page,
//! [`receipt`] its PDF; [`treasury`] the treasurer's queue, counter and [`report`]s; [`jobs`]
//! expiry and reminders; [`statement`] bank statements (MT940, CSV) parsed whole and
//! [`reconcile`] their credits matched to bills; [`file`] what both importers share; [`taxes`]
//! the tax agency's file of tax objects and the lookup by NOP or plate, [`tax_pages`] its pages;
//! [`cli`] `satupintu payments ...`.

pub mod api;
pub mod cli;
pub mod file;
pub mod jobs;
pub mod model;
pub mod pages;
pub mod qris;
pub mod receipt;
pub mod reconcile;
pub mod report;
pub mod service;
pub mod statement;
pub mod store;
pub mod tax_pages;
pub mod taxes;
pub mod treasury;
pub mod webhook;

/// The server key `serve --demo` uses for payment notifications when none is configured. It is
/// published here so a demo can be paid; a real deployment sets `payment_server_key`.
pub const DEMO_SERVER_KEY: &str = "SB-Mid-server-satupintu-demo";
