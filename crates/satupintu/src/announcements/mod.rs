//! Announcements and news (issue 13, "Reaching everyone"): agency staff write announcements
//! (pengumuman) and news (berita), publish them at once or at a scheduled time, edit and
//! withdraw them; anyone reads them on `/pengumuman`, in the Atom feed
//! `/feeds/announcements.atom` (and RSS) and through the JSON API; signed-in citizens subscribe
//! to every agency or chosen ones and get one notification when an announcement becomes public.
//!
//! [`model`] the kinds and checks, [`store`] the tables, [`service`] the rules, the
//! transactions and the notification job, [`pages`] the pages and feeds, [`api`] the JSON API,
//! [`demo`] the demo content.

pub mod api;
pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
