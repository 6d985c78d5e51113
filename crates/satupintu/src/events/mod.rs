//! Events (issue 13, "Reaching everyone"): agencies publish cultural programmes, festivals,
//! workshops and training with a place, times (WIB), a capacity and a registration window;
//! signed-in citizens register, or join the waiting list when the event is full; a cancelled
//! registration promotes the next person at once. Calendars subscribe to `/events.ics`.
//!
//! [`model`] the kinds and checks, [`store`] the tables, [`service`] the rules and transactions,
//! [`ics`] the iCalendar encoder, [`pages`] the pages, [`api`] the JSON API, [`demo`] the demo.

pub mod api;
pub mod demo;
pub mod ics;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
