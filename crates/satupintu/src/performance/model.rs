//! Duration histograms, months and quarters, the dashboard filter, and the ranking rules.
//!
//! Durations are kept in the rollups as histograms of whole units (hours for processing, time in
//! a state and complaint response; minutes for queue waits), each value floored to a bucket:
//! exact below 48 units, 6-unit buckets from 48 to 336 (two weeks in hours), 24-unit buckets
//! beyond. The median and the 90th percentile are the nearest-rank percentiles of the bucketed
//! values, so they are exact to the hour under two days, to six hours under two weeks and to a
//! day beyond (for waits: to the minute under 48 minutes).

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

/// The bucket (its lower bound, in the same unit) of a duration of `x` whole units.
pub fn bucket(x: i64) -> i64 {
    let x = x.max(0);
    if x < 48 {
        x
    } else if x < 336 {
        48 + (x - 48) / 6 * 6
    } else {
        336 + (x - 336) / 24 * 24
    }
}

/// A histogram of bucketed durations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hist(pub BTreeMap<i64, i64>);

impl Hist {
    pub fn add(&mut self, units: i64) {
        *self.0.entry(bucket(units)).or_default() += 1;
    }

    pub fn add_n(&mut self, bucket: i64, n: i64) {
        *self.0.entry(bucket).or_default() += n;
    }

    pub fn merge(&mut self, other: &Hist) {
        for (&b, &n) in &other.0 {
            self.add_n(b, n);
        }
    }

    pub fn count(&self) -> i64 {
        self.0.values().sum()
    }

    /// The nearest-rank percentile `q` (0 < q <= 1): the smallest bucket with at least
    /// ceil(q * n) values at or below it.
    pub fn percentile(&self, q: f64) -> Option<i64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let rank = ((q * n as f64).ceil() as i64).clamp(1, n);
        let mut seen = 0;
        for (&b, &c) in &self.0 {
            seen += c;
            if seen >= rank {
                return Some(b);
            }
        }
        self.0.keys().next_back().copied()
    }

    pub fn median(&self) -> Option<i64> {
        self.percentile(0.5)
    }

    pub fn p90(&self) -> Option<i64> {
        self.percentile(0.9)
    }
}

/// `YYYY-MM`, checked.
pub fn valid_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && (1..=12).contains(&s[5..].parse::<u8>().unwrap_or(0))
        && s[..4].parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y))
}

fn ym(month: &str) -> (i32, i32) {
    (month[..4].parse().unwrap_or(2000), month[5..].parse().unwrap_or(1))
}

/// The month after `month`.
pub fn next_month(month: &str) -> String {
    let (y, m) = ym(month);
    if m == 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", m + 1)
    }
}

/// The months from `from` to `to`, both included.
pub fn months_between(from: &str, to: &str) -> Vec<String> {
    let mut out = vec![];
    let mut m = from.to_string();
    while m.as_str() <= to && out.len() < 1200 {
        out.push(m.clone());
        m = next_month(&m);
    }
    out
}

/// The unix seconds where a local month starts and where the next one starts.
pub fn month_bounds(month: &str, offset_hours: i8) -> (i64, i64) {
    let start = |mo: &str| {
        let (y, m) = ym(mo);
        let d = time::Date::from_calendar_date(y, time::Month::try_from(m as u8).unwrap_or(time::Month::January), 1)
            .unwrap_or(time::Date::MIN);
        crate::calendar::day_start(d, offset_hours)
    };
    (start(month), start(&next_month(month)))
}

/// A quarter `YYYY-Qn`: its three months.
pub fn quarter_months(q: &str) -> Option<[String; 3]> {
    let (y, n) = q.split_once("-Q")?;
    let y: i32 = y.parse().ok().filter(|y| (2000..=2100).contains(y))?;
    let n: i32 = n.parse().ok().filter(|n| (1..=4).contains(n))?;
    let first = (n - 1) * 3 + 1;
    Some([0, 1, 2].map(|i| format!("{y:04}-{:02}", first + i)))
}

/// The quarter of a month.
pub fn quarter_of(month: &str) -> String {
    let (y, m) = ym(month);
    format!("{y:04}-Q{}", (m - 1) / 3 + 1)
}

/// The last complete quarter before the one containing `month`.
pub fn previous_quarter(month: &str) -> String {
    let (y, m) = ym(month);
    let q = (m - 1) / 3 + 1;
    if q == 1 {
        format!("{:04}-Q4", y - 1)
    } else {
        format!("{y:04}-Q{}", q - 1)
    }
}

/// Longest month range a dashboard shows.
pub const MAX_MONTHS: usize = 36;

/// The checked filter of a dashboard: empty strings filter nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct Filter {
    pub agency: String,
    pub service: String,
    /// Kabupaten/kota code (4 digits).
    pub region: String,
    /// First month, `YYYY-MM`.
    pub from: String,
    /// Last month, `YYYY-MM`.
    pub to: String,
}

impl Filter {
    pub fn months(&self) -> Vec<String> {
        months_between(&self.from, &self.to)
    }
}

/// Why a filter was refused (each names its Fluent message).
pub fn check_months(from: &str, to: &str) -> Result<(), &'static str> {
    if !valid_month(from) || !valid_month(to) {
        return Err("error-perf-month");
    }
    if from > to || months_between(from, to).len() > MAX_MONTHS {
        return Err("error-perf-range");
    }
    Ok(())
}

/// A region filter: a kabupaten/kota code of 4 digits that exists.
pub fn valid_region(code: &str) -> bool {
    code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) && crate::wilayah::get(code).is_some()
}

/// The published ranking rules.
pub mod rules {
    /// Weights of timeliness, accuracy and satisfaction (renormalised over the parts known).
    pub const W_TIMELINESS: f64 = 0.4;
    pub const W_ACCURACY: f64 = 0.3;
    pub const W_SATISFACTION: f64 = 0.3;
    /// A unit is ranked with at least this many decided applications in the quarter.
    pub const MIN_UNIT_CASES: i64 = 20;
    /// An officer is ranked with at least this many decided applications in the quarter.
    pub const MIN_OFFICER_CASES: i64 = 10;
    /// Ratings count towards an officer's satisfaction from this many on.
    pub const MIN_RATINGS: i64 = 3;
    /// Officers shown by name on the awards page.
    pub const OFFICER_WINNERS: usize = 3;
}

/// The figures a ranking is computed from (one unit or officer, one period).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RankInput {
    pub id: String,
    /// The agency (of an officer; a unit's own id).
    pub agency: String,
    /// Decided: completed plus rejected (officers); received (units).
    pub cases: i64,
    pub completed: i64,
    pub on_time: i64,
    pub revised: i64,
    pub rejected: i64,
    /// Satisfaction on 0..1 when known (mean stars / 5 for officers; IKM / 100 for units).
    pub satisfaction: Option<f64>,
}

/// A ranked entry.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct Ranked {
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub cases: i64,
    /// Share completed within the time limit, 0..1.
    pub timeliness: Option<f64>,
    /// 1 - (revised + rejected) / cases, 0..1.
    pub accuracy: f64,
    pub satisfaction: Option<f64>,
    /// Weighted score, 0..100.
    pub score: f64,
}

/// The score of one entry (none when it has too few cases).
pub fn score(r: &RankInput, min_cases: i64) -> Option<(Option<f64>, f64, f64)> {
    if r.cases < min_cases || r.cases == 0 {
        return None;
    }
    let timeliness = (r.completed > 0).then(|| r.on_time as f64 / r.completed as f64);
    let accuracy = (1.0 - (r.revised + r.rejected) as f64 / r.cases as f64).clamp(0.0, 1.0);
    let mut parts = vec![(rules::W_ACCURACY, accuracy)];
    if let Some(t) = timeliness {
        parts.push((rules::W_TIMELINESS, t));
    }
    if let Some(s) = r.satisfaction {
        parts.push((rules::W_SATISFACTION, s));
    }
    let weight: f64 = parts.iter().map(|(w, _)| w).sum();
    let score = parts.iter().map(|(w, v)| w * v).sum::<f64>() / weight * 100.0;
    Some((timeliness, accuracy, (score * 10.0).round() / 10.0))
}

/// Rank entries: highest score first; ties by more cases, then by id. Entries below the minimum
/// are left out.
pub fn rank(inputs: &[RankInput], min_cases: i64, name: impl Fn(&str) -> String) -> Vec<Ranked> {
    let mut out: Vec<Ranked> = inputs
        .iter()
        .filter_map(|r| {
            let (timeliness, accuracy, score) = score(r, min_cases)?;
            Some(Ranked {
                rank: 0,
                id: r.id.clone(),
                name: name(&r.id),
                cases: r.cases,
                timeliness,
                accuracy,
                satisfaction: r.satisfaction,
                score,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.cases.cmp(&a.cases)).then(a.id.cmp(&b.id)));
    for (i, r) in out.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_keep_short_durations_exact() {
        assert_eq!((bucket(-3), bucket(0), bucket(47)), (0, 0, 47));
        assert_eq!((bucket(48), bucket(53), bucket(54), bucket(335)), (48, 48, 54, 330));
        assert_eq!((bucket(336), bucket(359), bucket(360)), (336, 336, 360));
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut h = Hist::default();
        for x in 1..=10 {
            h.add(x);
        }
        assert_eq!((h.median(), h.p90(), h.count()), (Some(5), Some(9), 10));
        h.add(100);
        assert_eq!((h.median(), h.p90()), (Some(6), Some(10)));
        assert_eq!(Hist::default().median(), None);
    }

    #[test]
    fn months_and_quarters() {
        assert!(valid_month("2026-01") && !valid_month("2026-13") && !valid_month("26-01") && !valid_month("2026-1x"));
        assert_eq!(months_between("2025-11", "2026-02"), vec!["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(quarter_months("2026-Q3").map(|q| q[2].clone()), Some("2026-09".into()));
        assert_eq!(quarter_months("2026-Q5"), None);
        assert_eq!((quarter_of("2026-11"), previous_quarter("2026-02")), ("2026-Q4".into(), "2025-Q4".into()));
        // 2026-01-01 00:00 WIB is 2025-12-31 17:00 UTC.
        assert_eq!(month_bounds("2026-01", 7).0, 1_767_225_600 - 7 * 3600);
        assert_eq!(check_months("2026-03", "2026-01"), Err("error-perf-range"));
        assert_eq!(check_months("2020-01", "2026-01"), Err("error-perf-range"));
        assert_eq!(check_months("2026-1", "2026-01"), Err("error-perf-month"));
    }

    #[test]
    fn ranking_follows_the_rules() {
        let input = |id: &str, cases, completed, on_time, revised, sat| RankInput {
            id: id.into(),
            agency: String::new(),
            cases,
            completed,
            on_time,
            revised,
            rejected: 0,
            satisfaction: sat,
        };
        let r = rank(
            &[
                input("a", 20, 20, 10, 0, None),
                input("b", 20, 20, 20, 2, None),
                input("c", 5, 5, 5, 0, None),
                input("d", 30, 30, 20, 0, None),
            ],
            10,
            |id| id.to_uppercase(),
        );
        // b: (0.4*1 + 0.3*0.9)/0.7 = 95.7; d: (0.4*2/3 + 0.3)/0.7 = 80.95; a: (0.2+0.3)/0.7 = 71.4; c too few.
        let ids: Vec<&str> = r.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, vec!["b", "d", "a"]);
        assert_eq!((r[0].score, r[0].rank, r[0].name.as_str()), (95.7, 1, "B"));
        // Ties: more cases first.
        let t = rank(&[input("x", 10, 10, 10, 0, None), input("y", 12, 12, 12, 0, None)], 10, |id| id.to_string());
        assert_eq!(t[0].id, "y");
    }
}
