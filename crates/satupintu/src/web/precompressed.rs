//! Bodies compressed once and served many times: static assets, and pages or JSON documents that
//! are the same for every signed-out visitor until the data behind them changes.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::io::Write;

pub struct Precompressed {
    /// A weak validator of the content (the same for every encoding of it).
    pub etag: String,
    pub raw: Bytes,
    pub gzip: Option<Bytes>,
    pub br: Option<Bytes>,
    pub content_type: &'static str,
}

impl Precompressed {
    /// Compress `raw` with gzip and Brotli at `quality` (0-11; 11 for static assets).
    pub fn new(raw: impl Into<Bytes>, content_type: &'static str, quality: u32) -> Precompressed {
        let raw: Bytes = raw.into();
        let etag = {
            use sha2::{Digest, Sha256};
            format!("W/\"{}\"", hex::encode(&Sha256::digest(&raw)[..9]))
        };
        let compressible =
            content_type.starts_with("text/") || content_type.contains("json") || content_type.contains("svg");
        if !compressible || raw.len() < 256 {
            return Precompressed { etag, raw, gzip: None, br: None, content_type };
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(quality.min(9)));
        let gzip = gz.write_all(&raw).and_then(|_| gz.finish()).ok().map(Bytes::from);
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: quality.min(11) as i32, ..Default::default() };
        let br = brotli::BrotliCompress(&mut &raw[..], &mut out, &params).ok().map(|_| Bytes::from(out));
        Precompressed { etag, raw, gzip, br, content_type }
    }

    /// The best encoding the client accepts, with `Content-Encoding` and `Vary` set.
    /// A repeat visit whose `If-None-Match` matches gets `304 Not Modified` and no body.
    pub fn respond(&self, request_headers: &HeaderMap) -> Response {
        let etag = HeaderValue::from_str(&self.etag).ok();
        let matches = request_headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == self.etag || t.trim() == "*"));
        if matches {
            let mut resp = axum::http::StatusCode::NOT_MODIFIED.into_response();
            if let Some(e) = etag {
                resp.headers_mut().insert(header::ETAG, e);
            }
            return resp;
        }
        let accept = request_headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
        let (body, encoding) = match (&self.br, &self.gzip) {
            (Some(br), _) if accepts(accept, "br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts(accept, "gzip") => (gz.clone(), Some("gzip")),
            _ => (self.raw.clone(), None),
        };
        let mut resp = body.into_response();
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        if let Some(e) = etag {
            h.insert(header::ETAG, e);
        }
        if let Some(enc) = encoding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
        }
        resp
    }
}

fn accepts(header: &str, coding: &str) -> bool {
    header.split(',').any(|part| {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let q_zero = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        name.eq_ignore_ascii_case(coding) && !q_zero
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_what_the_client_accepts() {
        let p = Precompressed::new("x".repeat(1000), "text/html; charset=utf-8", 5);
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br"));
        assert_eq!(p.respond(&h).headers()[header::CONTENT_ENCODING], "br");
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br;q=0"));
        assert_eq!(p.respond(&h).headers()[header::CONTENT_ENCODING], "gzip");
        assert!(p.respond(&HeaderMap::new()).headers().get(header::CONTENT_ENCODING).is_none());
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&p.etag).expect("etag"));
        assert_eq!(p.respond(&h).status(), axum::http::StatusCode::NOT_MODIFIED);
    }
}
