//! The Indonesian calendar effects a week of demand can carry: school admission (June and July),
//! tax deadlines (the annual SPT by 31 March; PBB-P2 due at the end of August or September),
//! Ramadan and Eid al-Fitr (lunar, so they move about 11 days earlier each year) and national
//! holidays (the `holidays` table). A week is flagged by the day its ISO week is named after,
//! its Thursday, except for Eid and holidays, which count when any working day of the week is one.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

/// 1 Ramadan and 1 Syawal (Eid al-Fitr) of each Hijri year whose Ramadan begins in 2020–2035.
///
/// Source: the Umm al-Qura calendar as tabulated by timeanddate.com ("Ramadan" and "Eid
/// al-Fitr" pages, 2020–2035) and, for the years already past, the dates the Indonesian Ministry
/// of Religious Affairs (Kemenag) set after its *sidang isbat*. Kemenag's dates can differ from
/// the tabulated ones by a day (and Muhammadiyah's by a day the other way), which does not move
/// a week's flag by more than one week. The years from 2027 on are astronomical predictions.
pub const RAMADAN: [(&str, &str); 17] = [
    ("2020-04-24", "2020-05-24"), // 1441 H
    ("2021-04-13", "2021-05-13"), // 1442 H
    ("2022-04-03", "2022-05-02"), // 1443 H
    ("2023-03-23", "2023-04-22"), // 1444 H
    ("2024-03-12", "2024-04-10"), // 1445 H
    ("2025-03-01", "2025-03-31"), // 1446 H
    ("2026-02-18", "2026-03-20"), // 1447 H
    ("2027-02-08", "2027-03-09"), // 1448 H
    ("2028-01-28", "2028-02-26"), // 1449 H
    ("2029-01-16", "2029-02-14"), // 1450 H
    ("2030-01-06", "2030-02-04"), // 1451 H
    ("2030-12-26", "2031-01-24"), // 1452 H
    ("2031-12-15", "2032-01-14"), // 1453 H
    ("2032-12-04", "2033-01-02"), // 1454 H
    ("2033-11-23", "2033-12-23"), // 1455 H
    ("2034-11-12", "2034-12-12"), // 1456 H
    ("2035-11-01", "2035-12-01"), // 1457 H
];

/// A calendar effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The fasting month (the week's Thursday falls in Ramadan, before Eid).
    Ramadan,
    /// The week of Eid al-Fitr (Lebaran) and its collective leave.
    Eid,
    /// School admission (PPDB/SPMB): June and July.
    School,
    /// Tax deadlines: the second half of March (annual SPT) and 15 August–30 September (PBB-P2).
    Tax,
    /// Another national holiday on a working day of the week.
    Holiday,
}

impl Event {
    pub const ALL: [Event; 5] = [Event::Ramadan, Event::Eid, Event::School, Event::Tax, Event::Holiday];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::Ramadan => "ramadan",
            Event::Eid => "eid",
            Event::School => "school",
            Event::Tax => "tax",
            Event::Holiday => "holiday",
        }
    }
}

fn date(s: &str) -> Option<Date> {
    crate::calendar::parse_date(s)
}

/// The Ramadan periods of the table: (1 Ramadan, 1 Syawal).
pub fn ramadan_periods() -> Vec<(Date, Date)> {
    RAMADAN.iter().filter_map(|(a, b)| Some((date(a)?, date(b)?))).collect()
}

/// Is `d` a day of Ramadan (from 1 Ramadan up to the day before Eid)?
pub fn in_ramadan(d: Date) -> bool {
    ramadan_periods().iter().any(|(start, eid)| d >= *start && d < *eid)
}

/// The Monday of the week of `d`.
pub fn week_start(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

/// Is `d` in the school admission months?
pub fn is_school_month(d: Date) -> bool {
    matches!(d.month(), Month::June | Month::July)
}

/// Is `d` in a tax-deadline period?
pub fn is_tax_period(d: Date) -> bool {
    match d.month() {
        Month::March => d.day() >= 15,
        Month::August => d.day() >= 15,
        Month::September => true,
        _ => false,
    }
}

/// The effects of the week starting on Monday `monday`.
pub fn flags(monday: Date, is_holiday: &dyn Fn(Date) -> bool) -> Vec<Event> {
    let thursday = monday + Duration::days(3);
    let days: Vec<Date> = (0..7).map(|i| monday + Duration::days(i)).collect();
    let working = |d: &&Date| !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
    let mut out = vec![];
    let periods = ramadan_periods();
    let eid_week = periods.iter().any(|(_, eid)| days.contains(eid));
    if eid_week {
        out.push(Event::Eid);
    } else if periods.iter().any(|(start, eid)| thursday >= *start && thursday < *eid) {
        out.push(Event::Ramadan);
    }
    if is_school_month(thursday) {
        out.push(Event::School);
    }
    if is_tax_period(thursday) {
        out.push(Event::Tax);
    }
    if !eid_week && days.iter().filter(working).any(|d| is_holiday(*d)) {
        out.push(Event::Holiday);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use time::macros::date;

    fn none(_: Date) -> bool {
        false
    }

    #[test]
    fn ramadan_table_is_ordered_and_plausible() {
        let p = ramadan_periods();
        assert_eq!(p.len(), RAMADAN.len(), "every row parses");
        for (start, eid) in &p {
            let days = (*eid - *start).whole_days();
            assert!(days == 29 || days == 30, "{start}: a month of 29 or 30 days, not {days}");
        }
        for w in p.windows(2) {
            // A lunar year is 354 or 355 days: Ramadan comes about 11 days earlier each year.
            let gap = (w[1].0 - w[0].0).whole_days();
            assert!((353..=356).contains(&gap), "{} to {}: {gap} days", w[0].0, w[1].0);
        }
        // Two Ramadans begin in 2030.
        assert_eq!(p.iter().filter(|(s, _)| s.year() == 2030).count(), 2);
    }

    #[test]
    fn ramadan_days_and_eid_weeks() {
        assert!(in_ramadan(date!(2025 - 03 - 01)));
        assert!(in_ramadan(date!(2025 - 03 - 30)));
        assert!(!in_ramadan(date!(2025 - 03 - 31)), "Eid is not a fasting day");
        assert!(!in_ramadan(date!(2025 - 02 - 28)));
        // The week of 17 March 2025 is in Ramadan; the week of Eid 2025 (Monday 31 March) is Eid.
        assert!(flags(date!(2025 - 03 - 17), &none).contains(&Event::Ramadan));
        let eid = flags(date!(2025 - 03 - 31), &none);
        assert!(eid.contains(&Event::Eid) && !eid.contains(&Event::Ramadan));
        assert!(flags(date!(2025 - 05 - 05), &none).is_empty());
    }

    #[test]
    fn school_and_tax_months() {
        assert!(is_school_month(date!(2026 - 06 - 01)) && is_school_month(date!(2026 - 07 - 31)));
        assert!(!is_school_month(date!(2026 - 08 - 01)) && !is_school_month(date!(2026 - 05 - 31)));
        assert!(is_tax_period(date!(2026 - 03 - 31)) && !is_tax_period(date!(2026 - 03 - 14)));
        assert!(is_tax_period(date!(2026 - 09 - 30)) && !is_tax_period(date!(2026 - 10 - 01)));
        assert!(flags(date!(2026 - 07 - 06), &none).contains(&Event::School));
        assert_eq!(week_start(date!(2026 - 07 - 09)), date!(2026 - 07 - 06));
    }

    #[test]
    fn holidays_count_on_working_days_only() {
        let h: HashSet<Date> = [date!(2026 - 08 - 17), date!(2026 - 08 - 30)].into_iter().collect();
        // 17 August 2026 is a Monday: Independence Day.
        assert!(flags(date!(2026 - 08 - 17), &|d| h.contains(&d)).contains(&Event::Holiday));
        // 30 August 2026 is a Sunday: no working day lost.
        assert!(!flags(date!(2026 - 08 - 24), &|d| h.contains(&d)).contains(&Event::Holiday));
    }
}
