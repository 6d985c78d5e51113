//! The relying-party side of OpenID Connect: discovery (cached), the authorization URL with
//! PKCE (S256), the code exchange, userinfo, and ID token verification (signature against the
//! issuer's JWKS, `iss`, `aud`, `exp`/`iat` with a small leeway, `nonce`).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// How long discovery and keys are kept before they are fetched again.
const CACHE_FOR: Duration = Duration::from_secs(3600);
/// Clock difference tolerated on `exp` and `iat`.
pub const LEEWAY_SECS: u64 = 60;

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// The provider could not be reached or answered something unusable.
    #[error("provider: {0}")]
    Provider(String),
    /// The provider refused the code, or a token failed a check.
    #[error("token: {0}")]
    Token(String),
}

/// The parts of `/.well-known/openid-configuration` this client uses.
#[derive(Clone, Debug, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
}

/// A provider as discovered, with its signing keys.
pub struct Provider {
    pub discovery: Discovery,
    pub jwks: JwkSet,
    fetched: Instant,
}

static CACHE: LazyLock<Mutex<HashMap<String, Arc<Provider>>>> = LazyLock::new(Default::default);

// No idle connections kept: sign-ins are rare, a provider closes idle keep-alive connections
// on its own schedule (Node's after 5 s), and a pooled connection closed at the moment it is
// reused fails the request ("error sending request"); a pooled connection also belongs to the
// runtime that opened it.
static HTTP: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
});

/// Issuer URLs compared as the provider writes them (a trailing slash aside).
pub fn same_issuer(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, OidcError> {
    let resp = HTTP.get(url).send().await.map_err(|e| OidcError::Provider(format!("{url}: {e}")))?;
    if !resp.status().is_success() {
        return Err(OidcError::Provider(format!("{url}: HTTP {}", resp.status())));
    }
    resp.json().await.map_err(|e| OidcError::Provider(format!("{url}: {e}")))
}

/// The provider behind `issuer`, from the cache or fetched (`fresh` fetches again, e.g. when a
/// token names a key the cached set does not have).
pub async fn provider(issuer: &str, fresh: bool) -> Result<Arc<Provider>, OidcError> {
    if !fresh {
        let cached = CACHE.lock().ok().and_then(|c| c.get(issuer).cloned());
        if let Some(p) = cached.filter(|p| p.fetched.elapsed() < CACHE_FOR) {
            return Ok(p);
        }
    }
    let url = format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'));
    let discovery: Discovery = get_json(&url).await?;
    if !same_issuer(&discovery.issuer, issuer) {
        return Err(OidcError::Provider(format!("discovery names issuer {:?}", discovery.issuer)));
    }
    let jwks: JwkSet = get_json(&discovery.jwks_uri).await?;
    let p = Arc::new(Provider { discovery, jwks, fetched: Instant::now() });
    if let Ok(mut c) = CACHE.lock() {
        c.insert(issuer.to_string(), p.clone());
    }
    Ok(p)
}

/// The PKCE S256 challenge of a verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The scopes asked for: the standard ones and one named after the NIK claim.
pub fn scopes(nik_claim: &str) -> String {
    format!("openid profile email {nik_claim}")
}

/// Where to send the browser to sign in at the provider.
pub fn authorization_url(
    p: &Provider,
    client_id: &str,
    redirect_uri: &str,
    scope: &str,
    state: &str,
    nonce: &str,
    verifier: &str,
) -> Result<String, OidcError> {
    let mut url = url::Url::parse(&p.discovery.authorization_endpoint)
        .map_err(|e| OidcError::Provider(format!("authorization_endpoint: {e}")))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", scope)
        .append_pair("state", state)
        .append_pair("nonce", nonce)
        .append_pair("code_challenge", &pkce_challenge(verifier))
        .append_pair("code_challenge_method", "S256");
    Ok(url.into())
}

/// What the token endpoint answers.
#[derive(Debug, Deserialize)]
pub struct Tokens {
    pub id_token: String,
    #[serde(default)]
    pub access_token: Option<String>,
}

fn form_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Exchange an authorization code (client_secret_basic, with the PKCE verifier).
pub async fn exchange(
    p: &Provider,
    client_id: &str,
    client_secret: &str,
    code: &str,
    redirect_uri: &str,
    verifier: &str,
) -> Result<Tokens, OidcError> {
    let resp = HTTP
        .post(&p.discovery.token_endpoint)
        .basic_auth(form_encode(client_id), Some(form_encode(client_secret)))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .map_err(|e| OidcError::Provider(format!("token endpoint: {e}")))?;
    let status = resp.status();
    if status.is_client_error() {
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        let code = body.get("error").and_then(Value::as_str).unwrap_or("unknown");
        return Err(OidcError::Token(format!("token endpoint refused the code: {code}")));
    }
    if !status.is_success() {
        return Err(OidcError::Provider(format!("token endpoint: HTTP {status}")));
    }
    resp.json().await.map_err(|e| OidcError::Provider(format!("token endpoint: {e}")))
}

/// The userinfo claims for an access token (JSON answers only).
pub async fn userinfo(p: &Provider, access_token: &str) -> Result<Map<String, Value>, OidcError> {
    let Some(url) = &p.discovery.userinfo_endpoint else {
        return Ok(Map::new());
    };
    let resp = HTTP
        .get(url)
        .bearer_auth(access_token)
        .send()
        .await
        .map_err(|e| OidcError::Provider(format!("userinfo: {e}")))?;
    if !resp.status().is_success() {
        return Err(OidcError::Provider(format!("userinfo: HTTP {}", resp.status())));
    }
    resp.json().await.map_err(|e| OidcError::Provider(format!("userinfo: {e}")))
}

/// Signature algorithms accepted on ID tokens: asymmetric ones only (never `none` or HMAC).
const ALGORITHMS: [Algorithm; 8] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
];

fn signing_key<'a>(p: &'a Provider, kid: Option<&str>, alg: Algorithm) -> Option<&'a Jwk> {
    let usable = |k: &&Jwk| {
        k.common.key_algorithm.as_ref().is_none_or(|a| format!("{a:?}") == format!("{alg:?}"))
            && !matches!(k.common.public_key_use, Some(jsonwebtoken::jwk::PublicKeyUse::Encryption))
    };
    match kid {
        Some(kid) => p.jwks.keys.iter().filter(usable).find(|k| k.common.key_id.as_deref() == Some(kid)),
        None => {
            let mut keys = p.jwks.keys.iter().filter(usable);
            let first = keys.next();
            // Without a key id only an unambiguous key set will do.
            if keys.next().is_some() {
                None
            } else {
                first
            }
        }
    }
}

/// Whether a token names a key the provider's cached set does not hold (then the set is
/// fetched again once: the provider may have rotated its keys).
pub fn key_unknown(p: &Provider, token: &str) -> bool {
    jsonwebtoken::decode_header(token).is_ok_and(|h| signing_key(p, h.kid.as_deref(), h.alg).is_none())
}

/// Check an ID token: signature with the issuer's key, `iss`, `aud` (and `azp` when there are
/// several audiences), `exp` and `iat` with a small leeway, and `nonce`. Answers its claims.
pub fn verify_id_token(
    p: &Provider,
    token: &str,
    client_id: &str,
    nonce: &str,
    now: i64,
) -> Result<Map<String, Value>, OidcError> {
    let bad = |m: String| OidcError::Token(m);
    let header = jsonwebtoken::decode_header(token).map_err(|e| bad(format!("header: {e}")))?;
    if !ALGORITHMS.contains(&header.alg) {
        return Err(bad(format!("algorithm {:?} not accepted", header.alg)));
    }
    let jwk = signing_key(p, header.kid.as_deref(), header.alg).ok_or_else(|| bad("no matching key".into()))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|e| bad(format!("key: {e}")))?;
    let mut v = Validation::new(header.alg);
    v.leeway = LEEWAY_SECS;
    v.set_issuer(&[p.discovery.issuer.as_str()]);
    v.set_audience(&[client_id]);
    v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key, &v).map_err(|e| bad(format!("{e}")))?;
    let claims = data.claims;
    let iat = claims.get("iat").and_then(Value::as_i64).ok_or_else(|| bad("iat missing".into()))?;
    if iat > now + LEEWAY_SECS as i64 {
        return Err(bad("issued in the future".into()));
    }
    if let Some(Value::Array(auds)) = claims.get("aud") {
        if auds.len() > 1 && claims.get("azp").and_then(Value::as_str) != Some(client_id) {
            return Err(bad("azp is not this client".into()));
        }
    }
    let got = claims.get("nonce").and_then(Value::as_str).unwrap_or("");
    if !crate::web::extract::same_token(got, nonce) {
        return Err(bad("nonce does not match".into()));
    }
    if claims.get("sub").and_then(Value::as_str).is_none_or(str::is_empty) {
        return Err(bad("sub missing".into()));
    }
    Ok(claims)
}
