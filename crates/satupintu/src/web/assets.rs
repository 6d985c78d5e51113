//! Static assets embedded in the binary (no CDN, no runtime downloads), compressed once at
//! start-up with Brotli and gzip, and served under content-hashed URLs with long caching.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::precompressed::Precompressed;

pub struct Asset {
    pub name: &'static str,
    pub body: Precompressed,
    pub hash: String,
}

macro_rules! embed {
    ($($name:literal => $mime:literal),* $(,)?) => {
        &[$(($name, $mime, include_bytes!(concat!("../../assets/static/", $name)) as &'static [u8])),*]
    };
}

static FILES: &[(&str, &str, &[u8])] = embed! {
    "app.css" => "text/css; charset=utf-8",
    "app.js" => "text/javascript; charset=utf-8",
    "assistant.js" => "text/javascript; charset=utf-8",
    "ledger.js" => "text/javascript; charset=utf-8",
    "map.js" => "text/javascript; charset=utf-8",
    "queue.js" => "text/javascript; charset=utf-8",
    "sw.js" => "text/javascript; charset=utf-8",
    "icon.svg" => "image/svg+xml",
    "icon-192.png" => "image/png",
    "icon-512.png" => "image/png",
    "manifest.webmanifest" => "application/manifest+json",
    "LICENSE.govuk-frontend.txt" => "text/plain; charset=utf-8",
    "iot-live.js" => "text/javascript; charset=utf-8",
};

static ASSETS: LazyLock<HashMap<&'static str, Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(name, mime, raw)| {
            let hash = hex::encode(&Sha256::digest(raw)[..6]);
            (name, Asset { name, body: Precompressed::new(raw, mime, 11), hash })
        })
        .collect()
});

/// The cache-busting URL of an asset: `/static/<hash>/<name>`.
pub fn url(name: &str) -> String {
    match ASSETS.get(name) {
        Some(a) => format!("/static/{}/{}", a.hash, a.name),
        None => format!("/static/{name}"),
    }
}

/// Serve `/static/<hash>/<name>` (immutable) or `/static/<name>` (revalidated).
pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Response {
    let (hash, name) = match path.split_once('/') {
        Some((h, n)) => (Some(h), n),
        None => (None, path.as_str()),
    };
    let Some(asset) = ASSETS.get(name) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let cache =
        if hash == Some(asset.hash.as_str()) { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    let mut resp = asset.body.respond(&headers);
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

/// The web app manifest at the site root, so the PWA's scope is the whole site.
pub async fn manifest(headers: HeaderMap) -> Response {
    serve(Path("manifest.webmanifest".into()), headers).await
}

/// The service worker at the site root, so it may control every page (it shows device
/// notifications). Browsers check it for updates; it is never cached for long.
pub async fn service_worker(headers: HeaderMap) -> Response {
    let mut resp = serve(Path("sw.js".into()), headers).await;
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("service-worker-allowed", HeaderValue::from_static("/"));
    resp
}

pub async fn favicon() -> Response {
    axum::response::Redirect::permanent(&url("icon.svg")).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_asset_compresses_and_has_a_hashed_url() {
        for (name, _, _) in super::FILES {
            let u = super::url(name);
            assert!(u.starts_with("/static/") && u.ends_with(name) && u.len() > name.len() + 10, "{u}");
        }
        let css = super::ASSETS.get("app.css").expect("app.css embedded");
        assert!(css.body.br.as_ref().expect("brotli").len() < css.body.raw.len() / 3);
    }
}
