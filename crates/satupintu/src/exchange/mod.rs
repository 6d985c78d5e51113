//! Agency-to-agency exchange with consent (issue 12), in the spirit of Estonia's X-Road and the
//! GovStack Information Mediator: registered member agencies and their systems, each with an
//! Ed25519 key pair; signed, time-stamped requests for a defined data item about a citizen,
//! only for a registered purpose tied to a catalogue service, and only with the citizen's
//! consent (checked at the instant of the query) or a legal basis recorded with the request.
//! Both sides keep an append-only log; the citizen sees every use on "Siapa yang mengakses
//! data saya".
//!
//! [`model`] the protocol (canonical strings, signatures, the items served); [`keys`] this
//! instance's member key; [`store`] the tables; [`service`] serving a query, asking another
//! member ([`service::ask`]), consent; [`api`] `/api/v1/exchange/query` and the citizen's JSON;
//! [`pages`] `/akun/persetujuan` and `/kelola/pertukaran-data`; [`cli`] `satupintu exchange`.

pub mod api;
pub mod cli;
pub mod keys;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
pub mod verify;
