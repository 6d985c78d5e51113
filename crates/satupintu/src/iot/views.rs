//! What the monitoring pages show, apart from the HTML: who sees which things, plain-language
//! levels for the public (flood-gauge alert levels, the ISPU air-quality categories), the time
//! ranges of the charts, their series (raw or hourly, thinned to what a chart can draw) and the
//! SVG time-series chart itself.

use std::fmt::Write as _;

use super::model::{Reading, SensorKind, Thing};
use super::readings::{self, Hourly};
use crate::db::Conn;
use crate::identity::{CurrentUser, Role};
use crate::web::{AppError, Lang, T};

/// The agency whose things a staff member sees: none means all (platform admins and auditors);
/// refused for staff without an agency and for citizens.
pub fn scope(user: &CurrentUser) -> Result<Option<String>, AppError> {
    match user.role {
        Role::SuperAdmin | Role::Auditor => Ok(None),
        Role::Officer | Role::Supervisor | Role::AgencyAdmin | Role::Treasurer => {
            user.agency_id.clone().map(Some).ok_or(AppError::Forbidden)
        }
        Role::Citizen => Err(AppError::Forbidden),
    }
}

/// Whether the staff member sees this agency's things.
pub fn sees(user: &CurrentUser, agency: &str) -> bool {
    match scope(user) {
        Ok(None) => true,
        Ok(Some(a)) => a == agency,
        Err(_) => false,
    }
}

/// Whether the staff member manages this agency's registry (agency admins their own, the
/// platform admin all).
pub fn manages(user: &CurrentUser, agency: &str) -> bool {
    match user.role {
        Role::SuperAdmin => true,
        Role::AgencyAdmin => user.agency_id.as_deref() == Some(agency),
        _ => false,
    }
}

/// A public level: its key (for styles and the message `iotv-level-<code>`) and, for air quality,
/// the ISPU index.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    pub code: &'static str,
    pub index: Option<i64>,
}

/// Water-level bands without a rule: waspada from 200 cm, siaga from 250, awas from 300.
pub const WATER_BANDS: [f64; 3] = [200.0, 250.0, 300.0];

/// A water level's alert level. With a rule threshold `limit` (the level where the work order
/// opens): awas at the limit, siaga from 90 % of it, waspada from 80 %; otherwise the fixed
/// [`WATER_BANDS`].
pub fn water_level(value: f64, limit: Option<f64>) -> Level {
    let [waspada, siaga, awas] = match limit {
        Some(l) if l > 0.0 => [0.8 * l, 0.9 * l, l],
        _ => WATER_BANDS,
    };
    let key = if value >= awas {
        "awas"
    } else if value >= siaga {
        "siaga"
    } else if value >= waspada {
        "waspada"
    } else {
        "normal"
    };
    Level { code: key, index: None }
}

/// PM2.5 breakpoints of the ISPU (PermenLHK P.14/MENLHK/SETJEN/KUM.1/7/2020): concentration
/// (µg/m³) and index at each category's upper end.
const ISPU_PM25: [(f64, f64); 6] =
    [(0.0, 0.0), (15.5, 50.0), (55.4, 100.0), (150.4, 200.0), (250.4, 300.0), (500.0, 500.0)];
const ISPU_KEYS: [&str; 5] = ["baik", "sedang", "tidak-sehat", "sangat-tidak-sehat", "berbahaya"];

/// The ISPU category and index of a PM2.5 concentration (µg/m³).
pub fn ispu_pm25(value: f64) -> Level {
    let x = value.max(0.0);
    for (i, w) in ISPU_PM25.windows(2).enumerate() {
        let ((xb, ib), (xa, ia)) = (w[0], w[1]);
        if x <= xa || i == ISPU_PM25.len() - 2 {
            let index = ((ia - ib) / (xa - xb) * (x - xb) + ib).round() as i64;
            return Level { code: ISPU_KEYS[i], index: Some(index) };
        }
    }
    Level { code: "berbahaya", index: Some(500) }
}

/// The public level of a reading, for the kinds the public page explains.
pub fn level(kind: &str, value: f64, limit: Option<f64>) -> Option<Level> {
    match SensorKind::parse(kind)? {
        SensorKind::WaterLevel => Some(water_level(value, limit)),
        SensorKind::Pm25 => Some(ispu_pm25(value)),
        _ => None,
    }
}

/// A number the local way (`152,3` in Indonesian), one decimal unless whole.
pub fn number(v: f64, lang: Lang) -> String {
    let s = if (v - v.round()).abs() < 1e-9 && v.abs() < 1e15 { format!("{v:.0}") } else { format!("{v:.1}") };
    crate::web::local_decimal(s, lang)
}

/// A unit for people (`µg/m³` for `ug/m3`).
pub fn unit(u: &str) -> &str {
    match u {
        "ug/m3" => "µg/m³",
        "mm/s2" => "mm/s²",
        "/h" => "/jam",
        other => other,
    }
}

/// A time in unix milliseconds for people.
pub fn time_ms(ts_ms: i64, lang: Lang) -> String {
    crate::web::fmt_datetime(ts_ms.div_euclid(1000), lang)
}

/// A chart's time range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    H24,
    H48,
    D7,
    D30,
    D90,
    Y1,
}

impl Range {
    pub const STAFF: [Range; 5] = [Range::H24, Range::H48, Range::D7, Range::D90, Range::Y1];

    pub fn code(self) -> &'static str {
        match self {
            Range::H24 => "24j",
            Range::H48 => "48j",
            Range::D7 => "7h",
            Range::D30 => "30h",
            Range::D90 => "90h",
            Range::Y1 => "1t",
        }
    }

    /// A range from its code; the default (48 hours) for anything else.
    pub fn parse(s: &str) -> Range {
        [Range::H24, Range::H48, Range::D7, Range::D30, Range::D90, Range::Y1]
            .into_iter()
            .find(|r| r.code() == s)
            .unwrap_or(Range::H48)
    }

    pub fn seconds(self) -> i64 {
        match self {
            Range::H24 => 86_400,
            Range::H48 => 2 * 86_400,
            Range::D7 => 7 * 86_400,
            Range::D30 => 30 * 86_400,
            Range::D90 => 90 * 86_400,
            Range::Y1 => 365 * 86_400,
        }
    }

    /// Raw readings (short ranges) or hourly aggregates (long ones).
    pub fn hourly(self) -> bool {
        matches!(self, Range::D30 | Range::D90 | Range::Y1)
    }

    /// The message key of its label.
    pub fn label_key(self) -> String {
        format!("iotv-range-{}", self.code())
    }
}

/// Raw readings a chart range reads at most (a device sending every second for a week).
pub const RAW_LIMIT: i64 = 700_000;
/// Points a chart draws at most (more readings are grouped into this many buckets).
pub const CHART_POINTS: usize = 300;

/// One point of a chart: its time (unix seconds), mean, and the range of values it stands for.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub ts: i64,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
    /// Readings it stands for.
    pub n: i64,
}

/// A sensor's series over `range` up to `now` (unix seconds): raw readings or hourly
/// aggregates, as they are stored (for the CSV), and thinned to at most [`CHART_POINTS`].
pub struct SeriesData {
    pub raw: Vec<Reading>,
    pub hours: Vec<Hourly>,
    pub points: Vec<Point>,
}

pub async fn series(conn: &mut Conn, sensor: &str, range: Range, now: i64) -> Result<SeriesData, sqlx::Error> {
    let from = now - range.seconds();
    let (raw, hours, all) = if range.hourly() {
        let hours = readings::hourly(conn, sensor, from - from.rem_euclid(3600), now + 1).await?;
        let all: Vec<Point> =
            hours.iter().map(|h| Point { ts: h.hour, mean: h.mean, min: h.min, max: h.max, n: h.n }).collect();
        (vec![], hours, all)
    } else {
        let raw = readings::range(conn, sensor, from * 1000, (now + 1) * 1000, RAW_LIMIT).await?;
        let all: Vec<Point> = raw
            .iter()
            .map(|r| Point { ts: r.ts_ms.div_euclid(1000), mean: r.value, min: r.value, max: r.value, n: 1 })
            .collect();
        (raw, vec![], all)
    };
    Ok(SeriesData { raw, hours, points: thin(&all, from, now, CHART_POINTS) })
}

/// Group points into at most `max` equal time buckets over `[from, to]` (mean weighted by the
/// readings each stands for, min and max kept); fewer points are returned as they are.
pub fn thin(points: &[Point], from: i64, to: i64, max: usize) -> Vec<Point> {
    if points.len() <= max || to <= from || max == 0 {
        return points.to_vec();
    }
    let width = ((to - from) as f64 / max as f64).max(1.0);
    let mut out: Vec<Point> = Vec::with_capacity(max);
    let mut current: Option<(usize, Point, f64)> = None;
    for p in points {
        let b = (((p.ts - from) as f64 / width) as usize).min(max - 1);
        match &mut current {
            Some((cb, acc, sum)) if *cb == b => {
                *sum += p.mean * p.n as f64;
                acc.n += p.n;
                acc.min = acc.min.min(p.min);
                acc.max = acc.max.max(p.max);
            }
            _ => {
                if let Some((_, mut acc, sum)) = current.take() {
                    acc.mean = sum / acc.n.max(1) as f64;
                    out.push(acc);
                }
                let ts = from + (b as f64 * width) as i64;
                current = Some((b, Point { ts, ..p.clone() }, p.mean * p.n as f64));
            }
        }
    }
    if let Some((_, mut acc, sum)) = current {
        acc.mean = sum / acc.n.max(1) as f64;
        out.push(acc);
    }
    out
}

/// Escape text for SVG/HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A time-series chart: a line of the means, a band from min to max where points stand for
/// several readings, and a dashed line at the rule's threshold.
pub struct TimeChart<'a> {
    pub id: String,
    pub title: String,
    pub description: String,
    pub points: &'a [Point],
    pub from: i64,
    pub to: i64,
    pub threshold: Option<f64>,
    pub lang: Lang,
}

impl TimeChart<'_> {
    pub fn svg(&self) -> String {
        let (left, top, w, h) = (56.0f64, 12.0f64, 520.0f64, 200.0f64);
        let mut lo = self.points.iter().map(|p| p.min).fold(f64::INFINITY, f64::min);
        let mut hi = self.points.iter().map(|p| p.max).fold(f64::NEG_INFINITY, f64::max);
        if let Some(t) = self.threshold {
            lo = lo.min(t);
            hi = hi.max(t);
        }
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if hi - lo < 1e-9 {
            (lo, hi) = (lo - 1.0, hi + 1.0);
        }
        let pad = (hi - lo) * 0.05;
        let (lo, hi) = (lo - pad, hi + pad);
        let span = (self.to - self.from).max(1) as f64;
        let x = |ts: i64| left + w * (ts - self.from) as f64 / span;
        let y = |v: f64| top + h - h * (v - lo) / (hi - lo);
        let id = esc(&self.id);
        let mut out = String::new();
        let _ = write!(
            out,
            r#"<svg class="chart sp-iot-chart" id="{id}" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
            left + w + 12.0,
            top + h + 36.0,
            esc(&self.title),
            esc(&self.description)
        );
        for k in 0..=4 {
            let v = lo + (hi - lo) * f64::from(k) / 4.0;
            let _ = write!(
                out,
                r##"<line x1="{left}" y1="{yy:.1}" x2="{}" y2="{yy:.1}" stroke="#b1b4b6" stroke-width="1"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
                left + w,
                left - 4.0,
                y(v) + 4.0,
                esc(&number(v, self.lang)),
                yy = y(v)
            );
        }
        for k in 0..=4 {
            let ts = self.from + (span * f64::from(k) / 4.0) as i64;
            let label = tick_label(ts, self.to - self.from, self.lang);
            let anchor = match k {
                0 => "start",
                4 => "end",
                _ => "middle",
            };
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{}" font-size="11" text-anchor="{anchor}">{}</text>"#,
                x(ts),
                top + h + 18.0,
                esc(&label)
            );
        }
        if self.points.iter().any(|p| p.n > 1 && p.max > p.min) {
            let upper: Vec<String> = self.points.iter().map(|p| format!("{:.1},{:.1}", x(p.ts), y(p.max))).collect();
            let lower: Vec<String> =
                self.points.iter().rev().map(|p| format!("{:.1},{:.1}", x(p.ts), y(p.min))).collect();
            let _ = write!(
                out,
                r##"<polygon class="sp-iot-chart__band" fill="#1d70b8" fill-opacity="0.18" stroke="none" points="{} {}"/>"##,
                upper.join(" "),
                lower.join(" ")
            );
        }
        if let Some(t) = self.threshold {
            let _ = write!(
                out,
                r##"<line x1="{left}" y1="{yy:.1}" x2="{}" y2="{yy:.1}" stroke="#d4351c" stroke-width="2" stroke-dasharray="6 4"/>"##,
                left + w,
                yy = y(t)
            );
        }
        let line: Vec<String> = self.points.iter().map(|p| format!("{:.1},{:.1}", x(p.ts), y(p.mean))).collect();
        let _ =
            write!(out, r##"<polyline fill="none" stroke="#1d70b8" stroke-width="2" points="{}"/>"##, line.join(" "));
        out.push_str("</svg>");
        out
    }
}

/// An x-axis label: the hour for a day or two, the date for longer ranges (agency time zone).
fn tick_label(ts: i64, span: i64, lang: Lang) -> String {
    let full = crate::web::fmt_datetime(ts, lang);
    // "23 November 2026, 14.05 WIB"
    let mut parts = full.split(", ");
    let date = parts.next().unwrap_or_default();
    let time = parts.next().unwrap_or_default().split(' ').next().unwrap_or_default();
    let mut d = date.split(' ');
    let (day, month) = (d.next().unwrap_or_default(), d.next().unwrap_or_default());
    let short_month: String = month.chars().take(3).collect();
    if span <= 2 * 86_400 {
        format!("{day} {short_month} {time}")
    } else {
        format!("{day} {short_month}")
    }
}

/// A thing's kind for people.
pub fn thing_kind(t: T<'_>, kind: &str) -> String {
    t.t(&format!("iotv-thing-{}", kind.replace('_', "-")))
}

/// A sensor's kind for people.
pub fn sensor_kind(t: T<'_>, kind: &str) -> String {
    t.t(&format!("iotv-kind-{}", kind.replace('_', "-")))
}

/// An id for things, devices and sensors: 3 to 64 of `a-z`, `0-9` and `-`, starting with a letter
/// or digit.
pub fn valid_id(s: &str) -> bool {
    (3..=64).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

/// Where a thing sits on a small map of `things` (an SVG of `w` x `h`): x and y.
pub fn map_xy(things: &[Thing], lat: f64, lon: f64, w: f64, h: f64) -> (f64, f64) {
    let pad = 0.1;
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for t in things {
        lat0 = lat0.min(t.lat);
        lat1 = lat1.max(t.lat);
        lon0 = lon0.min(t.lon);
        lon1 = lon1.max(t.lon);
    }
    let dl = (lat1 - lat0).max(0.01);
    let dn = (lon1 - lon0).max(0.01);
    let fx = if dn > 0.0 { (lon - lon0) / dn } else { 0.5 };
    let fy = if dl > 0.0 { (lat1 - lat) / dl } else { 0.5 };
    (w * (pad + (1.0 - 2.0 * pad) * fx), h * (pad + (1.0 - 2.0 * pad) * fy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ispu_categories_follow_the_klhk_breakpoints() {
        assert_eq!(ispu_pm25(10.0).code, "baik");
        assert_eq!(ispu_pm25(15.5), Level { code: "baik", index: Some(50) });
        assert_eq!(ispu_pm25(15.6).code, "sedang");
        assert_eq!(ispu_pm25(55.4), Level { code: "sedang", index: Some(100) });
        assert_eq!(ispu_pm25(55.5).code, "tidak-sehat");
        assert_eq!(ispu_pm25(150.5).code, "sangat-tidak-sehat");
        assert_eq!(ispu_pm25(250.5).code, "berbahaya");
        assert_eq!(ispu_pm25(900.0).code, "berbahaya");
    }

    #[test]
    fn water_levels_use_the_rule_threshold_or_fixed_bands() {
        assert_eq!(water_level(150.0, Some(250.0)).code, "normal");
        assert_eq!(water_level(200.0, Some(250.0)).code, "waspada");
        assert_eq!(water_level(230.0, Some(250.0)).code, "siaga");
        assert_eq!(water_level(250.0, Some(250.0)).code, "awas");
        assert_eq!(water_level(260.0, None).code, "siaga");
        assert_eq!(water_level(100.0, None).code, "normal");
    }

    #[test]
    fn thinning_keeps_the_extremes_and_the_weighted_mean() {
        let pts: Vec<Point> =
            (0..1000).map(|i| Point { ts: i, mean: i as f64, min: i as f64, max: i as f64, n: 1 }).collect();
        let thin = thin(&pts, 0, 1000, 10);
        assert_eq!(thin.len(), 10);
        assert_eq!(thin[0].min, 0.0);
        assert_eq!(thin[0].max, 99.0);
        assert!((thin[0].mean - 49.5).abs() < 1e-9);
        assert_eq!(thin.iter().map(|p| p.n).sum::<i64>(), 1000);
    }

    #[test]
    fn chart_has_title_band_and_threshold() {
        let pts = vec![
            Point { ts: 0, mean: 1.0, min: 0.5, max: 2.0, n: 3 },
            Point { ts: 10, mean: 2.0, min: 1.0, max: 3.0, n: 3 },
        ];
        let svg = TimeChart {
            id: "c".into(),
            title: "Air <naik>".into(),
            description: "d".into(),
            points: &pts,
            from: 0,
            to: 10,
            threshold: Some(2.5),
            lang: Lang::Id,
        }
        .svg();
        assert!(svg.contains("Air &lt;naik&gt;"));
        assert!(svg.contains("<polygon") && svg.contains("stroke-dasharray=\"6 4\"") && svg.contains("<polyline"));
    }
}
