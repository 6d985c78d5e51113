//! Charts drawn on the server as inline SVG: no JavaScript, no library, a few hundred bytes. Each
//! chart carries a title and a text description (`role="img"` with `aria-labelledby`); pages put
//! the same figures in a table beneath it for those who cannot see the picture.
//!
//! Colours are presentation attributes (the content security policy allows no inline styles),
//! chosen for contrast on white and told apart by pattern too (the second series is hatched or
//! dashed), so colour is never the only cue.

use std::fmt::Write as _;

/// The colours of the series, in order (GOV.UK blue, dark grey, green, orange).
const COLOURS: [&str; 4] = ["#1d70b8", "#505a5f", "#00703c", "#b58840"];
/// Dash pattern of each series' line (none for the first).
const DASHES: [&str; 4] = ["", "6 4", "2 3", "10 3 2 3"];

/// One named series of a chart.
pub struct Series {
    pub name: String,
}

/// A horizontal bar chart: one group of bars (one per series) for each row.
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub series: Vec<Series>,
    /// (row label, one value per series)
    pub rows: Vec<(String, Vec<i64>)>,
}

/// A line chart over labelled points on the x axis (e.g. months).
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub x_labels: Vec<String>,
    /// One series each: its values at the x labels (fewer values end the line early).
    pub series: Vec<(Series, Vec<i64>)>,
}

/// Escape text for SVG/HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn open(out: &mut String, id: &str, width: u32, height: u32, title: &str, description: &str) {
    let id = esc(id);
    let _ = write!(
        out,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        esc(title),
        esc(description)
    );
}

fn legend(out: &mut String, series: &[Series], y: u32, line: bool) {
    let mut x = 0;
    for (i, s) in series.iter().enumerate() {
        let c = COLOURS[i % COLOURS.len()];
        if line {
            let _ = write!(
                out,
                r#"<line x1="{x}" y1="{}" x2="{}" y2="{}" stroke="{c}" stroke-width="3" stroke-dasharray="{}"/>"#,
                y - 4,
                x + 18,
                y - 4,
                DASHES[i % DASHES.len()]
            );
        } else {
            let _ = write!(out, r#"<rect x="{x}" y="{}" width="12" height="12" fill="{c}"{}/>"#, y - 10, hatch_attr(i));
        }
        let _ = write!(out, r#"<text x="{}" y="{y}" font-size="12">{}</text>"#, x + 24, esc(&s.name));
        x += 40 + 7 * s.name.chars().count() as u32;
    }
}

/// Odd series get a lighter fill outline so they differ by more than hue.
fn hatch_attr(i: usize) -> &'static str {
    if i % 2 == 1 {
        r##" fill-opacity="0.55" stroke="#0b0c0c" stroke-width="1""##
    } else {
        ""
    }
}

/// `1.234.567.890` as `1,2 M` (miliar), `12,3 jt` (juta) and so on, for axis ticks and bar ends.
pub fn short_amount(v: i64) -> String {
    let a = v.unsigned_abs() as f64;
    let sign = if v < 0 { "-" } else { "" };
    let (n, unit) = if a >= 1e12 {
        (a / 1e12, " T")
    } else if a >= 1e9 {
        (a / 1e9, " M")
    } else if a >= 1e6 {
        (a / 1e6, " jt")
    } else if a >= 1e3 {
        (a / 1e3, " rb")
    } else {
        (a, "")
    };
    let text = if unit.is_empty() { format!("{n:.0}") } else { format!("{n:.1}").replace('.', ",") };
    format!("{sign}{text}{unit}")
}

impl BarChart {
    /// The chart as an SVG element.
    pub fn svg(&self) -> String {
        let (label_w, bar_w, bar_h, gap) = (230u32, 300u32, 14u32, 12u32);
        let n_series = self.series.len().max(1) as u32;
        let group_h = bar_h * n_series + gap;
        let top = 24u32;
        let height = top + group_h * self.rows.len() as u32 + 8;
        let width = label_w + bar_w + 80;
        let max = self.rows.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1);
        let mut out = String::new();
        open(&mut out, &self.id, width, height, &self.title, &self.description);
        legend(&mut out, &self.series, 14, false);
        for (r, (label, values)) in self.rows.iter().enumerate() {
            let y0 = top + group_h * r as u32;
            let shown: String = if label.chars().count() > 34 {
                label.chars().take(33).chain(std::iter::once('…')).collect()
            } else {
                label.clone()
            };
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>"#,
                label_w - 6,
                y0 + bar_h * n_series / 2 + 4,
                esc(&shown)
            );
            for (i, v) in values.iter().enumerate() {
                let w = ((*v).max(0) as f64 / max as f64 * f64::from(bar_w)).round() as u32;
                let y = y0 + bar_h * i as u32;
                let c = COLOURS[i % COLOURS.len()];
                let _ = write!(
                    out,
                    r#"<rect x="{label_w}" y="{y}" width="{w}" height="{}" fill="{c}"{}/><text x="{}" y="{}" font-size="11">{}</text>"#,
                    bar_h - 2,
                    hatch_attr(i),
                    label_w + w + 4,
                    y + bar_h - 4,
                    esc(&short_amount(*v))
                );
            }
        }
        out.push_str("</svg>");
        out
    }
}

impl LineChart {
    /// The chart as an SVG element.
    pub fn svg(&self) -> String {
        let (left, right, top, bottom, plot_w, plot_h) = (64u32, 16u32, 28u32, 28u32, 480u32, 200u32);
        let width = left + plot_w + right;
        let height = top + plot_h + bottom;
        let max = self.series.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1);
        let n = self.x_labels.len().max(2) as u32;
        let x_at = |i: usize| f64::from(left) + f64::from(plot_w) * i as f64 / f64::from(n - 1);
        let y_at = |v: i64| f64::from(top + plot_h) - f64::from(plot_h) * v.max(0) as f64 / max as f64;
        let mut out = String::new();
        open(&mut out, &self.id, width, height, &self.title, &self.description);
        let names: Vec<Series> = self.series.iter().map(|(s, _)| Series { name: s.name.clone() }).collect();
        legend(&mut out, &names, 14, true);
        // Grid and y ticks: 0, 1/4 ... max.
        for k in 0..=4 {
            let v = max / 4 * k;
            let y = y_at(v);
            let _ = write!(
                out,
                r##"<line x1="{left}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#b1b4b6" stroke-width="1"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"##,
                left + plot_w,
                left - 4,
                y + 4.0,
                esc(&short_amount(v))
            );
        }
        for (i, label) in self.x_labels.iter().enumerate() {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{}" font-size="11" text-anchor="middle">{}</text>"#,
                x_at(i),
                top + plot_h + 18,
                esc(label)
            );
        }
        for (i, (_, values)) in self.series.iter().enumerate() {
            let points: Vec<String> =
                values.iter().enumerate().map(|(j, v)| format!("{:.1},{:.1}", x_at(j), y_at(*v))).collect();
            let _ = write!(
                out,
                r#"<polyline fill="none" stroke="{}" stroke-width="3" stroke-dasharray="{}" points="{}"/>"#,
                COLOURS[i % COLOURS.len()],
                DASHES[i % DASHES.len()],
                points.join(" ")
            );
        }
        out.push_str("</svg>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_chart_has_title_description_and_one_bar_per_value() {
        let c = BarChart {
            id: "c1".into(),
            title: "Pagu <dan> realisasi".into(),
            description: "Dua instansi".into(),
            series: vec![Series { name: "Pagu".into() }, Series { name: "Realisasi".into() }],
            rows: vec![("Dinas A".into(), vec![100, 50]), ("Dinas B".into(), vec![80, 80])],
        };
        let svg = c.svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#) && svg.contains(r#"aria-labelledby="c1-t c1-d""#));
        assert!(svg.contains("Pagu &lt;dan&gt; realisasi"));
        // 2 legend swatches + 4 bars
        assert_eq!(svg.matches("<rect").count(), 6);
    }

    #[test]
    fn line_chart_draws_a_polyline_per_series() {
        let c = LineChart {
            id: "l".into(),
            title: "t".into(),
            description: "d".into(),
            x_labels: vec!["Jan".into(), "Feb".into(), "Mar".into()],
            series: vec![(Series { name: "a".into() }, vec![1, 2, 3]), (Series { name: "b".into() }, vec![3, 3])],
        };
        let svg = c.svg();
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains(">Feb<"));
    }

    #[test]
    fn short_amounts_use_indonesian_units() {
        assert_eq!(short_amount(1_260_000_000), "1,3 M");
        assert_eq!(short_amount(12_300_000), "12,3 jt");
        assert_eq!(short_amount(999), "999");
    }
}
