//! Role checks as extractors. A handler that takes `Authorized<R>` cannot run unless the
//! request comes from a fully signed-in user with one of `R`'s roles; the check runs before the
//! body is read, so a refused request never reveals how its body would have been judged.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::context::Ctx;
use super::error::AppError;
use crate::identity::{CurrentUser, Role};

/// A set of roles allowed on a route.
pub trait RoleSet: Send + Sync + 'static {
    const ROLES: &'static [Role];
}

/// Any signed-in user.
pub struct AnyRole;
impl RoleSet for AnyRole {
    const ROLES: &'static [Role] = &Role::ALL;
}

/// Staff of any kind.
pub struct Staff;
impl RoleSet for Staff {
    const ROLES: &'static [Role] =
        &[Role::Officer, Role::Supervisor, Role::AgencyAdmin, Role::Auditor, Role::SuperAdmin, Role::Treasurer];
}

/// Receiving treasurers (of their agency, or of the regional treasury for all).
pub struct Treasurers;
impl RoleSet for Treasurers {
    const ROLES: &'static [Role] = &[Role::Treasurer];
}

/// Who reads the treasury's reports: treasurers, auditors and platform admins.
pub struct TreasuryReaders;
impl RoleSet for TreasuryReaders {
    const ROLES: &'static [Role] = &[Role::Treasurer, Role::Auditor, Role::SuperAdmin];
}

/// Those who edit the service catalogue (agency admins for their own agency).
pub struct CatalogAdmins;
impl RoleSet for CatalogAdmins {
    const ROLES: &'static [Role] = &[Role::AgencyAdmin, Role::SuperAdmin];
}

/// Those who publish to the public for an agency (announcements, events): its supervisors and
/// admin, and the super admin for any agency.
pub struct Publishers;
impl RoleSet for Publishers {
    const ROLES: &'static [Role] = &[Role::Supervisor, Role::AgencyAdmin, Role::SuperAdmin];
}

/// Those who run the whole platform (national settings such as the holiday calendar).
pub struct PlatformAdmins;
impl RoleSet for PlatformAdmins {
    const ROLES: &'static [Role] = &[Role::SuperAdmin];
}

/// The signed-in user, known to have one of `R::ROLES`: 401 when signed out (pages redirect
/// to sign-in), 403 for any other role.
pub struct Authorized<R: RoleSet> {
    pub user: CurrentUser,
    pub ctx: Ctx,
    _roles: PhantomData<R>,
}

impl<R: RoleSet> Authorized<R> {
    /// Re-type an already checked user (a narrower role set implies a wider one).
    pub(crate) fn from_parts(user: CurrentUser, ctx: Ctx) -> Self {
        Authorized { user, ctx, _roles: PhantomData }
    }
}

impl<R: RoleSet> std::ops::Deref for Authorized<R> {
    type Target = CurrentUser;
    fn deref(&self) -> &CurrentUser {
        &self.user
    }
}

impl<S: Send + Sync, R: RoleSet> FromRequestParts<S> for Authorized<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        let user = ctx.require_user()?.clone();
        user.require(R::ROLES)?;
        Ok(Authorized { user, ctx, _roles: PhantomData })
    }
}

/// A signed-in user of any role.
pub type SignedIn = Authorized<AnyRole>;

/// Citizens only.
pub struct Citizens;
impl RoleSet for Citizens {
    const ROLES: &'static [Role] = &[Role::Citizen];
}

/// Those who process applications for their agency.
pub struct CaseWorkers;
impl RoleSet for CaseWorkers {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Supervisor];
}

/// Those who file applications: citizens, and case workers in assisted mode.
pub struct Applicants;
impl RoleSet for Applicants {
    const ROLES: &'static [Role] = &[Role::Citizen, Role::Officer, Role::Supervisor];
}
