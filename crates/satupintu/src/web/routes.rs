//! Building page routers while recording every (method, path), so tests can walk every page
//! route (the authorization matrix fails when a route has no row).

use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{get, post};
use axum::Router;

use crate::app::AppState;

/// A page router and the list of its routes.
#[derive(Default)]
pub struct Pages {
    router: Router<AppState>,
    routes: Vec<(Method, &'static str)>,
}

impl Pages {
    pub fn new() -> Pages {
        Pages::default()
    }

    pub fn get<H, T>(mut self, path: &'static str, handler: H) -> Pages
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.routes.push((Method::GET, path));
        self.router = self.router.route(path, get(handler));
        self
    }

    pub fn post<H, T>(mut self, path: &'static str, handler: H) -> Pages
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.routes.push((Method::POST, path));
        self.router = self.router.route(path, post(handler));
        self
    }

    pub fn merge(mut self, other: Pages) -> Pages {
        self.routes.extend(other.routes);
        self.router = self.router.merge(other.router);
        self
    }

    pub fn routes(&self) -> &[(Method, &'static str)] {
        &self.routes
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
