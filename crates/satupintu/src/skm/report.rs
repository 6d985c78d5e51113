//! The official IKM report of one service unit for one period, as the Permen's annex lays it out:
//! per-element NRR, weighted NRR (NRR × 1/9), the IKM and its category, respondents against the
//! Krejcie–Morgan minimum sample for the population, and the suggestions received. As CSV and as
//! a PDF drawn with the documents' PDF writer.

use axum::extract::State;
use axum::response::Response;

use super::model::{self, Period, ELEMENTS};
use super::pages::{agency_name, period_label, quality, report_scope, PageQuery, SkmReporters};
use super::service::{self, UnitPeriod};
use crate::app::AppState;
use crate::catalog::service::snapshot;
use crate::documents::pdf::{self, line, Font, Page};
use crate::web::auth::Authorized;
use crate::web::{ApiQuery, AppError, T};

/// Everything the report shows.
pub struct Report {
    pub unit: String,
    pub agency_id: String,
    pub period: Period,
    pub data: UnitPeriod,
    pub suggestions: Vec<(String, String)>,
}

pub async fn build(state: &AppState, t: T<'_>, agency: &str, period: &Period) -> Result<Report, AppError> {
    let units = service::units(state, period, agency).await?;
    let data = units.into_iter().next().ok_or(AppError::NotFound)?;
    let snap = snapshot(state).await?;
    Ok(Report {
        unit: agency_name(&snap, t.lang, agency),
        agency_id: agency.to_string(),
        period: *period,
        suggestions: service::suggestions(state, agency, period).await?,
        data,
    })
}

/// The report as CSV: a section of key/value rows, the elements, then the suggestions.
pub fn csv(t: T<'_>, r: &Report) -> String {
    let mut out = String::new();
    let ikm = r.data.ikm.as_ref();
    let rows: Vec<[String; 2]> = vec![
        ["unit".into(), r.unit.clone()],
        ["unit_id".into(), r.agency_id.clone()],
        ["periode".into(), r.period.code()],
        ["ikm".into(), ikm.map(model::Ikm::text).unwrap_or_default()],
        ["kategori".into(), ikm.map(|i| i.category.to_string()).unwrap_or_default()],
        ["mutu".into(), ikm.map(|i| quality(t, i.category)).unwrap_or_default()],
        ["responden".into(), r.data.respondents.to_string()],
        ["populasi".into(), r.data.population.to_string()],
        ["sampel_minimum".into(), r.data.minimum.to_string()],
        ["sampel_cukup".into(), if r.data.too_few() { "tidak".into() } else { "ya".into() }],
    ];
    for row in &rows {
        out.push_str(&crate::csv::record(row));
    }
    out.push_str(&crate::csv::record(&["unsur", "nama", "nrr", "nrr_tertimbang", "nilai_konversi"]));
    if let Some(ikm) = ikm {
        for (i, n) in ikm.nrr.iter().enumerate() {
            out.push_str(&crate::csv::record(&[
                format!("U{}", i + 1),
                t.t(&format!("skm-u{}", i + 1)),
                model::two(*n),
                format!("{:.3}", n / 9.0),
                model::two(n * 25.0),
            ]));
        }
    }
    out.push_str(&crate::csv::record(&["bulan", "saran"]));
    for (month, text) in &r.suggestions {
        out.push_str(&crate::csv::record(&[month, text]));
    }
    out
}

/// The report as PDF pages (suggestions beyond the first page go on following pages).
pub fn pdf(t: T<'_>, r: &Report) -> Vec<u8> {
    use Font::{Bold, Regular};
    let ikm = r.data.ikm.as_ref();
    let mut lines = vec![
        line(56.0, 790.0, 11.0, Regular, "SatuPintu"),
        line(56.0, 764.0, 17.0, Bold, t.t("skm-report-title")),
        line(56.0, 740.0, 12.0, Regular, format!("{}: {}", t.t("skm-unit"), r.unit)),
        line(56.0, 722.0, 12.0, Regular, format!("{}: {}", t.t("skm-period"), period_label(t, &r.period))),
        line(
            56.0,
            694.0,
            14.0,
            Bold,
            match ikm {
                Some(i) => format!("IKM {} ({}, {})", i.text(), i.category, quality(t, i.category)),
                None => t.t("skm-no-responses"),
            },
        ),
        line(
            56.0,
            674.0,
            11.0,
            Regular,
            format!(
                "{}: {} · {}: {} · {}: {}",
                t.t("skm-respondents"),
                r.data.respondents,
                t.t("skm-population"),
                r.data.population,
                t.t("skm-minimum"),
                r.data.minimum
            ),
        ),
    ];
    let mut y = 656.0;
    if r.data.too_few() {
        lines.push(line(56.0, y, 11.0, Bold, t.t("skm-too-few")));
        y -= 18.0;
    }
    y -= 10.0;
    lines.push(line(56.0, y, 11.0, Bold, t.t("skm-element")));
    lines.push(line(360.0, y, 11.0, Bold, "NRR"));
    lines.push(line(420.0, y, 11.0, Bold, t.t("skm-weighted")));
    lines.push(line(500.0, y, 11.0, Bold, t.t("skm-converted-short")));
    y -= 18.0;
    for i in 0..ELEMENTS {
        let n = ikm.map(|k| k.nrr[i]);
        lines.push(line(56.0, y, 10.0, Regular, format!("U{} {}", i + 1, t.t(&format!("skm-u{}", i + 1)))));
        lines.push(line(360.0, y, 10.0, Regular, n.map(model::two).unwrap_or_default()));
        lines.push(line(420.0, y, 10.0, Regular, n.map(|n| format!("{:.3}", n / 9.0)).unwrap_or_default()));
        lines.push(line(500.0, y, 10.0, Regular, n.map(|n| model::two(n * 25.0)).unwrap_or_default()));
        y -= 16.0;
    }
    y -= 6.0;
    lines.push(line(56.0, y, 9.0, Regular, t.t("skm-method")));
    y -= 28.0;
    lines.push(line(56.0, y, 12.0, Bold, t.tn("skm-suggestions-count", "count", r.suggestions.len() as i64)));
    y -= 18.0;
    let mut pages = vec![];
    for (month, text) in &r.suggestions {
        for (k, chunk) in wrap(text, 95).iter().enumerate() {
            if y < 60.0 {
                pages.push(Page { lines: std::mem::take(&mut lines), qr: None });
                y = 790.0;
            }
            let text = if k == 0 { format!("{month} · {chunk}") } else { format!("          {chunk}") };
            lines.push(line(56.0, y, 10.0, Regular, text));
            y -= 14.0;
        }
    }
    pages.push(Page { lines, qr: None });
    pdf::render(&pages)
}

/// Words into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn file_name(r: &Report, ext: &str) -> String {
    format!("ikm-{}-{}.{ext}", r.agency_id, r.period.code())
}

/// The report of the unit and period a staff member asked for (their own agency by default).
async fn scoped(
    state: &AppState,
    t: T<'_>,
    user: &crate::identity::CurrentUser,
    q: &PageQuery,
) -> Result<Report, AppError> {
    let (period, agency) = report_scope(state, user, q).await?;
    build(state, t, &agency, &period).await
}

pub async fn csv_download(
    State(state): State<AppState>,
    auth: Authorized<SkmReporters>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let r = scoped(&state, t, &auth.user, &q).await?;
    Ok(crate::web::attachment("text/csv; charset=utf-8", &file_name(&r, "csv"), csv(t, &r)))
}

pub async fn pdf_download(
    State(state): State<AppState>,
    auth: Authorized<SkmReporters>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Response, AppError> {
    let t = auth.ctx.t();
    let r = scoped(&state, t, &auth.user, &q).await?;
    Ok(crate::web::attachment("application/pdf", &file_name(&r, "pdf"), pdf(t, &r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words() {
        assert_eq!(wrap("satu dua tiga empat", 9), ["satu dua", "tiga", "empat"]);
        assert!(wrap("", 10).is_empty());
    }
}
