//! `POST /api/v1/uploads` (multipart, field `file`) and `GET /berkas/{id}`.

use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::Stored;
use crate::app::AppState;
use crate::web::auth::{Applicants, Authorized, SignedIn};
use crate::web::error::ErrorEnvelope;
use crate::web::{ApiError, ApiPath, AppError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload))
}

/// The first file part of a multipart body (field `file`).
pub async fn file_part(mut multipart: Multipart) -> Result<Bytes, AppError> {
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::bad_request("error-form"))? {
        if field.name() == Some("file") {
            return field.bytes().await.map_err(|_| AppError::TooLarge);
        }
    }
    Err(AppError::bad_request("error-upload-empty"))
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// PDF, JPEG, PNG or WebP; images are re-encoded without metadata.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload a document; the returned id is the value of a file field.
#[utoipa::path(post, path = "/api/v1/uploads", tag = "applications", security(("bearer" = [])),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Stored), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 413, body = ErrorEnvelope),
              (status = 503, description = "The S3-compatible upload store cannot be reached", body = ErrorEnvelope)))]
async fn upload(
    State(state): State<AppState>,
    auth: Authorized<Applicants>,
    multipart: Multipart,
) -> Result<(StatusCode, Json<Stored>), ApiError> {
    let bytes = file_part(multipart).await?;
    Ok((StatusCode::CREATED, Json(super::store(&state, auth.id, bytes).await?)))
}

/// Download an upload: its owner, or staff of an agency whose application uses it.
pub async fn download(
    State(state): State<AppState>,
    auth: SignedIn,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    let (bytes, mime) = super::read(&state, &auth.user, &id).await?;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(resp)
}
