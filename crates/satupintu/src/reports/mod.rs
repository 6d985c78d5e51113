//! Complaints and reports (issue 5, being built): what citizens report about public
//! infrastructure and services, routed to the agency that handles it. So far: the report's
//! vocabulary ([`model`]: categories, privacy levels, states) and the classifier that suggests a
//! category from the citizen's own words ([`classify`]). Storage, workflow, pages, the public map
//! and the Open311 GeoReport v2 API come next.

pub mod classify;
pub mod model;
