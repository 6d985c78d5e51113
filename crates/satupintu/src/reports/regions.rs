//! The region of a map point, from boundaries the deployment provides: a GeoJSON
//! FeatureCollection (`region_boundaries` in the configuration) whose features carry a
//! Kemendagri code (`properties.code`, or `kode`: 2, 4 or 6 digits) and a Polygon or
//! MultiPolygon geometry (WGS 84). A point gets the most specific code whose shape contains it.
//! Without boundaries, the region comes only from the pickers on the form.

use anyhow::{bail, Context};
use serde_json::Value;

/// A ring of (lon, lat) points.
type Ring = Vec<(f64, f64)>;

/// One region: its code, its bounding box and its polygons (outer ring, then holes).
struct Shape {
    code: String,
    bbox: (f64, f64, f64, f64),
    polygons: Vec<Vec<Ring>>,
}

#[derive(Default)]
pub struct Boundaries {
    shapes: Vec<Shape>,
}

fn ring(v: &Value) -> Option<Ring> {
    v.as_array()?
        .iter()
        .map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
        .collect::<Option<Ring>>()
        .filter(|r| r.len() >= 4)
}

fn polygon(v: &Value) -> Option<Vec<Ring>> {
    v.as_array()?.iter().map(ring).collect::<Option<Vec<Ring>>>().filter(|p| !p.is_empty())
}

/// Whether a ring contains the point (ray casting; a point on an edge may fall either way).
fn inside(r: &Ring, (x, y): (f64, f64)) -> bool {
    let mut c = false;
    for i in 0..r.len() {
        let (xi, yi) = r[i];
        let (xj, yj) = r[(i + r.len() - 1) % r.len()];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            c = !c;
        }
    }
    c
}

impl Boundaries {
    /// Read a GeoJSON FeatureCollection; every feature must name a known region code.
    pub fn parse(text: &str) -> anyhow::Result<Boundaries> {
        let doc: Value = serde_json::from_str(text).context("region boundaries are not JSON")?;
        let features = doc["features"].as_array().context("region boundaries: no \"features\" list")?;
        let mut shapes = vec![];
        for (i, f) in features.iter().enumerate() {
            let props = &f["properties"];
            let code = props["code"].as_str().or(props["kode"].as_str()).unwrap_or_default().replace('.', "");
            if !matches!(code.len(), 2 | 4 | 6) || crate::wilayah::get(&code).is_none() {
                bail!("region boundaries: feature {i} has no known Kemendagri code (properties.code)");
            }
            let g = &f["geometry"];
            let polygons = match g["type"].as_str() {
                Some("Polygon") => polygon(&g["coordinates"]).map(|p| vec![p]),
                Some("MultiPolygon") => {
                    g["coordinates"].as_array().and_then(|ps| ps.iter().map(polygon).collect::<Option<Vec<_>>>())
                }
                _ => None,
            };
            let Some(polygons) = polygons else {
                bail!("region boundaries: feature {i} ({code}) has no valid polygon")
            };
            let points = polygons.iter().flat_map(|p| p[0].iter());
            let bbox = points.fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, &(x, y)| {
                (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y))
            });
            shapes.push(Shape { code, bbox, polygons });
        }
        // The most specific first, so the first match is the answer.
        shapes.sort_by_key(|s| std::cmp::Reverse(s.code.len()));
        Ok(Boundaries { shapes })
    }

    pub fn load(path: &std::path::Path) -> anyhow::Result<Boundaries> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        Boundaries::parse(&text).with_context(|| format!("in {}", path.display()))
    }

    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The most specific region containing the point, if any.
    pub fn locate(&self, lat: f64, lon: f64) -> Option<&str> {
        let p = (lon, lat);
        self.shapes
            .iter()
            .filter(|s| lon >= s.bbox.0 && lon <= s.bbox.2 && lat >= s.bbox.1 && lat <= s.bbox.3)
            .find(|s| {
                s.polygons.iter().any(|poly| inside(&poly[0], p) && !poly[1..].iter().any(|hole| inside(hole, p)))
            })
            .map(|s| s.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Boundaries;

    fn square(code: &str, (x0, y0, x1, y1): (f64, f64, f64, f64)) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#
        )
    }

    #[test]
    fn a_point_gets_the_most_specific_region_around_it() {
        let doc = format!(
            r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
            square("32", (106.0, -8.0, 109.0, -5.9)),
            square("3273", (107.5, -7.0, 107.8, -6.8)),
            square("327301", (107.60, -6.92, 107.62, -6.90))
        );
        let b = Boundaries::parse(&doc).expect("parse");
        assert_eq!(b.len(), 3);
        assert_eq!(b.locate(-6.91, 107.61), Some("327301"));
        assert_eq!(b.locate(-6.95, 107.70), Some("3273"));
        assert_eq!(b.locate(-7.5, 108.5), Some("32"));
        assert_eq!(b.locate(-6.2, 106.8 + 5.0), None);
    }

    #[test]
    fn bad_boundaries_are_refused_with_a_reason() {
        for doc in [
            "nope",
            r#"{"features": 3}"#,
            r#"{"features":[{"properties":{"code":"99"},"geometry":{"type":"Polygon","coordinates":[]}}]}"#,
            r#"{"features":[{"properties":{"code":"32"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#,
        ] {
            assert!(Boundaries::parse(doc).is_err(), "{doc}");
        }
    }
}
