//! National sign-in with OpenID Connect: the authorization code flow with PKCE against the
//! configured issuer, ID tokens checked against the issuer's published keys, and accounts
//! linked by verified NIK (issue 12). Sign-in starts at `/auth/oidc/login`.

pub mod client;
pub mod pages;
pub mod service;
pub mod store;
