//! Queues and appointments: locations (an MPP building, an office, a Puskesmas, a health
//! facility) with their hours, services and counters; slots planned from the hours; bookings
//! with fair rules; and on the day, the kiosk, tickets with priority, counters calling the next
//! ticket, the TV display and the statistics.

pub mod api;
pub mod model;
pub mod pages;
pub mod planner;
pub mod queue;
mod queue_pages;
pub mod service;
pub mod store;
pub mod tickets;
