//! The forecasting method, on weekly counts (pure: no database).
//!
//! 1. Calendar effects ([`super::seasons`]) are estimated from the history as multiplicative
//!    factors: for each effect, the counts of the weeks it marks divided by a local baseline (the
//!    median of the unmarked weeks within 13 weeks on either side), with the other effects of
//!    the same week divided out (three rounds of backfitting). An effect seen in fewer than two
//!    weeks keeps the factor 1.
//! 2. The history is divided by its weeks' factors, so that what is left has a trend and a
//!    fixed yearly pattern only.
//! 3. That adjusted series is forecast with `augurs`: MSTL (a yearly season of 52 weeks) with an
//!    AutoETS trend when there are two years and more of history; AutoETS alone with less; the
//!    mean of the last weeks when there is too little for either.
//! 4. The forecast (and its 80% interval) is multiplied by the factors of the weeks ahead.
//!
//! The error is measured on held-out weeks: the same steps on all but the last [`HOLDOUT`]
//! weeks, forecasting those, compared with what happened (MAPE and MASE), beside the error of
//! the seasonal-naive forecast (the same week a year before) on the same weeks.

use std::collections::BTreeMap;

use augurs::ets::AutoETS;
use augurs::mstl::MSTLModel;
use augurs::{Fit, Predict};
use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use utoipa::ToSchema;

use super::seasons::{self, Event};

/// Weeks forecast ahead.
pub const HORIZON: usize = 8;
/// Weeks held out to measure the error.
pub const HOLDOUT: usize = 8;
/// The yearly season, in weeks.
pub const YEAR: usize = 52;
/// The level of the forecast interval.
pub const LEVEL: f64 = 0.8;
/// Weeks of history kept with a forecast (for its chart and table).
pub const HISTORY_SHOWN: usize = 52;

/// The model that made a forecast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// MSTL decomposition (yearly season) with an AutoETS trend.
    MstlEts,
    /// AutoETS (no season: less than two years of history).
    Ets,
    /// The mean of the last weeks (too little history).
    Mean,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::MstlEts => "mstl_ets",
            Method::Ets => "ets",
            Method::Mean => "mean",
        }
    }
}

/// A calendar effect as estimated from a series' history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Effect {
    pub event: Event,
    /// Multiplies the demand of the weeks it marks (1.3: 30% more).
    pub factor: f64,
    /// Weeks of history it was estimated from (fewer than 2: not applied).
    pub weeks: usize,
}

/// One week ahead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Point {
    /// The Monday of the week, YYYY-MM-DD.
    pub week: String,
    pub value: f64,
    /// The 80% interval, when the model gives one.
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// The calendar effects of that week.
    pub events: Vec<Event>,
}

/// One week of history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Observed {
    pub week: String,
    pub count: i64,
}

/// The error on held-out weeks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Accuracy {
    /// Weeks held out.
    pub weeks: usize,
    /// Mean absolute percentage error of the forecast, in percent (weeks with a count of 0 left out).
    pub mape: Option<f64>,
    /// Mean absolute scaled error (below 1: better than the in-sample naive forecast).
    pub mase: Option<f64>,
    /// The same MAPE of the seasonal-naive forecast (the week a year before; the last week
    /// with less than a year of history).
    pub naive_mape: Option<f64>,
}

/// A series' forecast with everything shown beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Outcome {
    pub method: Method,
    /// Weeks of history used.
    pub history_weeks: usize,
    /// The last weeks of history, oldest first.
    pub history: Vec<Observed>,
    pub forecast: Vec<Point>,
    /// The effects applied (factor 1 or fewer than 2 weeks: estimated but not applied).
    pub effects: Vec<Effect>,
    pub accuracy: Option<Accuracy>,
}

/// The lower and upper bounds of a forecast interval, when the model gives one.
pub type Interval = Option<(Vec<f64>, Vec<f64>)>;

/// A point forecast of the weeks ahead, before it is rounded into [`Point`]s.
#[derive(Clone, Debug)]
pub struct Fitted {
    pub method: Method,
    pub point: Vec<f64>,
    pub interval: Interval,
    pub effects: Vec<Effect>,
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 { v[m] } else { (v[m - 1] + v[m]) / 2.0 })
}

/// The local baseline of each week: the median of the weeks within 13 weeks on either side
/// that carry no effect (none when there are fewer than 4).
fn local_baseline(y: &[f64], flags: &[Vec<Event>]) -> Vec<Option<f64>> {
    let n = y.len().min(flags.len());
    (0..n)
        .map(|t| {
            let (lo, hi) = (t.saturating_sub(13), (t + 13).min(n.saturating_sub(1)));
            let near: Vec<f64> = (lo..=hi).filter(|&s| s != t && flags[s].is_empty()).map(|s| y[s]).collect();
            if near.len() < 4 {
                None
            } else {
                median(near).filter(|b| *b > 0.0)
            }
        })
        .collect()
}

/// The factor of each effect against a baseline (what each week would be without effects).
fn effects_against(y: &[f64], flags: &[Vec<Event>], baseline: &[Option<f64>]) -> Vec<Effect> {
    let n = y.len().min(flags.len()).min(baseline.len());
    let mut factors: BTreeMap<Event, (f64, usize)> = Event::ALL.iter().map(|e| (*e, (1.0, 0))).collect();
    for _round in 0..3 {
        for e in Event::ALL {
            let (mut num, mut den, mut weeks) = (0.0, 0.0, 0usize);
            for t in (0..n).filter(|&t| flags[t].contains(&e)) {
                let Some(b) = baseline[t].filter(|b| *b > 0.0) else { continue };
                let others: f64 =
                    flags[t].iter().filter(|f| **f != e).map(|f| factors.get(f).map_or(1.0, |x| x.0)).product();
                num += y[t] / others;
                den += b;
                weeks += 1;
            }
            let factor = if weeks >= 2 && den > 0.0 { (num / den).clamp(0.25, 4.0) } else { 1.0 };
            factors.insert(e, (factor, weeks));
        }
    }
    factors.into_iter().map(|(event, (factor, weeks))| Effect { event, factor, weeks }).collect()
}

/// Estimate the factor of each effect from a history and the effects of its weeks: first
/// against the local baseline; then, with two years of history or more, twice more against
/// the in-sample MSTL fit of the history with the effects divided out (a local median
/// underestimates the weeks near the top of a yearly wave, and so overestimates an effect that
/// falls there).
pub fn estimate_effects(y: &[f64], flags: &[Vec<Event>]) -> Vec<Effect> {
    let mut effects = effects_against(y, flags, &local_baseline(y, flags));
    if y.len() >= 2 * YEAR + 4 {
        for _ in 0..2 {
            let adjusted: Vec<f64> = y.iter().zip(flags).map(|(v, f)| v / factor_of(&effects, f)).collect();
            let model = MSTLModel::new(vec![YEAR], AutoETS::non_seasonal().into_trend_model());
            let Ok(fit) = model.fit(&adjusted).and_then(|fit| fit.predict_in_sample(None)) else { break };
            if fit.point.len() != y.len() || !finite(&fit.point) {
                break;
            }
            let baseline: Vec<Option<f64>> = fit.point.iter().map(|b| Some(*b)).collect();
            effects = effects_against(y, flags, &baseline);
        }
    }
    effects
}

fn factor_of(effects: &[Effect], week: &[Event]) -> f64 {
    week.iter().map(|e| effects.iter().find(|x| x.event == *e).map_or(1.0, |x| x.factor)).product()
}

fn finite(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// Forecast `h` weeks of an adjusted series with the best model its length allows.
fn base_forecast(y: &[f64], h: usize) -> (Method, Vec<f64>, Interval) {
    let interval = |f: &augurs::Forecast| f.intervals.as_ref().map(|i| (i.lower.clone(), i.upper.clone()));
    if y.len() >= 2 * YEAR + 4 {
        let model = MSTLModel::new(vec![YEAR], AutoETS::non_seasonal().into_trend_model());
        if let Ok(f) = model.fit(y).and_then(|fit| fit.predict(h, LEVEL)) {
            if f.point.len() == h && finite(&f.point) {
                return (Method::MstlEts, f.point.clone(), interval(&f));
            }
        }
    }
    if y.len() >= 10 {
        if let Ok(f) = AutoETS::non_seasonal().fit(y).and_then(|fit| fit.predict(h, LEVEL)) {
            if f.point.len() == h && finite(&f.point) {
                return (Method::Ets, f.point.clone(), interval(&f));
            }
        }
    }
    let last = &y[y.len().saturating_sub(8)..];
    let mean = if last.is_empty() { 0.0 } else { last.iter().sum::<f64>() / last.len() as f64 };
    (Method::Mean, vec![mean; h], None)
}

/// Fit a history (`flags`: the effects of its weeks) and forecast the weeks whose effects are
/// `ahead`.
pub fn fit_predict(y: &[f64], flags: &[Vec<Event>], ahead: &[Vec<Event>]) -> Fitted {
    let effects = estimate_effects(y, flags);
    let adjusted: Vec<f64> = y.iter().zip(flags).map(|(v, f)| v / factor_of(&effects, f)).collect();
    let (method, point, interval) = base_forecast(&adjusted, ahead.len());
    let scale = |v: Vec<f64>| -> Vec<f64> {
        v.into_iter().zip(ahead).map(|(x, f)| (x * factor_of(&effects, f)).max(0.0)).collect()
    };
    Fitted { method, point: scale(point), interval: interval.map(|(lo, hi)| (scale(lo), scale(hi))), effects }
}

/// Mean absolute percentage error in percent, over the weeks with a count above 0.
pub fn mape(actual: &[f64], forecast: &[f64]) -> Option<f64> {
    let terms: Vec<f64> =
        actual.iter().zip(forecast).filter(|(a, _)| **a > 0.0).map(|(a, f)| (a - f).abs() / a * 100.0).collect();
    (!terms.is_empty()).then(|| terms.iter().sum::<f64>() / terms.len() as f64)
}

/// Mean absolute scaled error: the forecast's mean absolute error over that of the naive
/// forecast with lag `m` within the training series.
pub fn mase(actual: &[f64], forecast: &[f64], train: &[f64], m: usize) -> Option<f64> {
    if actual.is_empty() || train.len() <= m {
        return None;
    }
    let scale = (m..train.len()).map(|t| (train[t] - train[t - m]).abs()).sum::<f64>() / (train.len() - m) as f64;
    let mae = actual.iter().zip(forecast).map(|(a, f)| (a - f).abs()).sum::<f64>() / actual.len() as f64;
    (scale > 0.0).then(|| mae / scale)
}

/// The seasonal-naive forecast of the `k` weeks after `train`: the week a year before, or the
/// last week when there is less than a year.
pub fn seasonal_naive(train: &[f64], k: usize) -> Vec<f64> {
    let n = train.len();
    (0..k)
        .map(
            |i| {
                if n + i >= YEAR && n + i - YEAR < n {
                    train[n + i - YEAR]
                } else {
                    train.last().copied().unwrap_or(0.0)
                }
            },
        )
        .collect()
}

/// The error of the method on the last `k` weeks of `y`, trained on the weeks before.
pub fn evaluate(y: &[f64], flags: &[Vec<Event>], k: usize) -> Option<Accuracy> {
    let n = y.len();
    if k == 0 || n < k + 10 {
        return None;
    }
    let (train, test) = y.split_at(n - k);
    let fitted = fit_predict(train, &flags[..n - k], &flags[n - k..]);
    let m = if train.len() > YEAR + 4 { YEAR } else { 1 };
    Some(Accuracy {
        weeks: k,
        mape: mape(test, &fitted.point),
        mase: mase(test, &fitted.point, train, m),
        naive_mape: mape(test, &seasonal_naive(train, k)),
    })
}

/// Forecast a weekly series whose first week starts on Monday `start`: `horizon` weeks after
/// its last, with the error on the last [`HOLDOUT`] weeks.
pub fn run(start: Date, counts: &[i64], is_holiday: &dyn Fn(Date) -> bool, horizon: usize) -> Outcome {
    let n = counts.len();
    let week = |i: usize| start + Duration::weeks(i as i64);
    let all_flags: Vec<Vec<Event>> = (0..n + horizon).map(|i| seasons::flags(week(i), is_holiday)).collect();
    let y: Vec<f64> = counts.iter().map(|c| *c as f64).collect();
    let fitted = fit_predict(&y, &all_flags[..n], &all_flags[n..]);
    let accuracy = evaluate(&y, &all_flags[..n], HOLDOUT);
    let round1 = |v: f64| (v * 10.0).round() / 10.0;
    let forecast = (0..horizon)
        .map(|i| Point {
            week: week(n + i).to_string(),
            value: round1(fitted.point[i]),
            lower: fitted.interval.as_ref().map(|(lo, _)| round1(lo[i])),
            upper: fitted.interval.as_ref().map(|(_, hi)| round1(hi[i])),
            events: all_flags[n + i].clone(),
        })
        .collect();
    let history = (n.saturating_sub(HISTORY_SHOWN)..n)
        .map(|i| Observed { week: week(i).to_string(), count: counts[i] })
        .collect();
    let round2 = |v: Option<f64>| v.map(|x| (x * 100.0).round() / 100.0);
    Outcome {
        method: fitted.method,
        history_weeks: n,
        history,
        forecast,
        effects: fitted
            .effects
            .into_iter()
            .map(|e| Effect { factor: (e.factor * 1000.0).round() / 1000.0, ..e })
            .collect(),
        accuracy: accuracy.map(|a| Accuracy {
            mape: round2(a.mape),
            mase: round2(a.mase),
            naive_mape: round2(a.naive_mape),
            ..a
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// A deterministic generator of normal noise (xorshift and Box-Muller).
    struct Noise(u64);
    impl Noise {
        fn uniform(&mut self) -> f64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
        fn normal(&mut self) -> f64 {
            let (u, v) = (self.uniform(), self.uniform());
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
        }
    }

    /// Four years and more of weekly counts: a level of 100 with a yearly wave (±30%), 50% more
    /// in Ramadan weeks, half in the week of Eid, and noise (sd 4). It ends with the week of
    /// 23 March 2026, so the eight held-out weeks hold Ramadan 1447 and its Eid.
    fn synthetic() -> (Date, Vec<i64>) {
        let start = date!(2022 - 01 - 03);
        let mut noise = Noise(0x5eed_1234_abcd_0001);
        let mut out = vec![];
        let mut w = start;
        while w <= date!(2026 - 03 - 23) {
            let thursday = w + Duration::days(3);
            let doy = f64::from(thursday.ordinal());
            let mut v = 100.0 * (1.0 + 0.3 * (2.0 * std::f64::consts::PI * doy / 365.25).sin());
            let f = seasons::flags(w, &|_| false);
            if f.contains(&Event::Ramadan) {
                v *= 1.5;
            }
            if f.contains(&Event::Eid) {
                v *= 0.5;
            }
            out.push((v + 4.0 * noise.normal()).round().max(0.0) as i64);
            w += Duration::weeks(1);
        }
        (start, out)
    }

    #[test]
    fn synthetic_series_ramadan_is_picked_up_and_the_forecast_beats_seasonal_naive() {
        let (start, counts) = synthetic();
        assert!(counts.len() > 4 * 52);
        let out = run(start, &counts, &|_| false, HORIZON);
        assert_eq!(out.method, Method::MstlEts);
        let factor = |e: Event| out.effects.iter().find(|x| x.event == e).map(|x| x.factor).unwrap_or(1.0);
        let ramadan = factor(Event::Ramadan);
        assert!((1.35..=1.65).contains(&ramadan), "Ramadan factor {ramadan}");
        let eid = factor(Event::Eid);
        assert!((0.35..=0.7).contains(&eid), "Eid factor {eid}");
        let acc = out.accuracy.expect("held-out error");
        let (mape, naive) = (acc.mape.expect("mape"), acc.naive_mape.expect("naive"));
        eprintln!(
            "synthetic: Ramadan x{ramadan}, Eid x{eid}, held-out MAPE {mape}%, seasonal naive {naive}%, MASE {:?}",
            acc.mase
        );
        assert!(mape < 10.0, "MAPE {mape}% on held-out weeks");
        assert!(mape < naive / 2.0, "MAPE {mape}% vs seasonal naive {naive}%");
        assert!(acc.mase.expect("mase") < 1.0);
        // The weeks ahead: intervals around the points, none negative.
        assert_eq!(out.forecast.len(), HORIZON);
        assert_eq!(out.forecast[0].week, "2026-03-30");
        for p in &out.forecast {
            let (lo, hi) = (p.lower.expect("lower"), p.upper.expect("upper"));
            assert!(lo <= p.value && p.value <= hi && lo >= 0.0, "{p:?}");
        }
        assert_eq!(out.history.len(), HISTORY_SHOWN);
    }

    #[test]
    fn ramadan_ahead_raises_the_forecast() {
        // Train up to the week before Ramadan 1447 and forecast through it: the Ramadan weeks
        // are forecast higher than the weeks before them.
        let (start, counts) = synthetic();
        let cut = counts.len() - 6; // the last training week is that of 9 February 2026
        let out = run(start, &counts[..cut], &|_| false, 6);
        let p: Vec<&Point> = out.forecast.iter().collect();
        assert_eq!(p[0].week, "2026-02-16");
        assert!(p[0].events.contains(&Event::Ramadan));
        let before = counts[cut - 1] as f64;
        assert!(p[0].value > before * 1.25, "{} vs {before}", p[0].value);
        assert!(p[4].events.contains(&Event::Eid) && p[4].value < p[3].value * 0.6);
    }

    #[test]
    fn short_series_fall_back_and_errors_are_plain_arithmetic() {
        let out = run(date!(2026 - 01 - 05), &[5, 6, 7], &|_| false, 4);
        assert_eq!(out.method, Method::Mean);
        assert!((out.forecast[0].value - 6.0).abs() < 1e-9);
        assert!(out.accuracy.is_none());
        assert_eq!(mape(&[100.0, 0.0, 50.0], &[110.0, 5.0, 40.0]), Some(15.0));
        assert_eq!(mase(&[10.0], &[12.0], &[1.0, 2.0, 3.0], 1), Some(2.0));
        assert_eq!(seasonal_naive(&[1.0, 2.0], 2), vec![2.0, 2.0]);
    }
}
