//! Performance dashboards and recognition (issue 10): monthly rollups of applications,
//! complaints and queues by month x agency x service x region, kept current by a background job
//! that re-aggregates only the months touched since its watermark; the public `/kinerja`, the
//! heads' `/kelola/kinerja` with bottlenecks and officers, `GET /api/v1/performance`; rankings of
//! units and officers by published rules (`/penghargaan`, `/penghargaan/aturan`), and the
//! register of service innovations (`/inovasi`, `/kelola/inovasi`).
//!
//! [`model`] histograms, months, filters and the ranking rules; [`store`] the rollup tables and
//! the range reads of the facts; [`service`] the job, the dashboard and rankings; [`api`] and
//! [`pages`] its two faces; [`demo`] a year of history for the demo agencies.

pub mod api;
pub mod demo;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
