//! The vocabulary of reports: categories, privacy levels and states, parsed at the edge.

use serde::{Deserialize, Serialize};

/// What a report is about. The keys are stable (API, Open311 `service_code`, stored rows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Roads: potholes, broken asphalt, damaged bridges on the road.
    Jalan,
    /// Rubbish not collected, illegal dumping.
    Sampah,
    /// Drains and flooding.
    DrainaseBanjir,
    /// Street lights.
    PeneranganJalan,
    /// Clean water supply (PDAM).
    AirBersih,
    /// Pollution of air, water or soil; noise and smell.
    Pencemaran,
    /// Public facilities: parks, toilets, markets, pavements, public buildings.
    FasilitasUmum,
    /// The conduct of officers and the quality of a public service.
    PelayananPetugas,
    /// Illegal fees and bribes (*pungutan liar*).
    Pungli,
    /// Anything else.
    Lainnya,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Jalan,
        Category::Sampah,
        Category::DrainaseBanjir,
        Category::PeneranganJalan,
        Category::AirBersih,
        Category::Pencemaran,
        Category::FasilitasUmum,
        Category::PelayananPetugas,
        Category::Pungli,
        Category::Lainnya,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Jalan => "jalan",
            Category::Sampah => "sampah",
            Category::DrainaseBanjir => "drainase_banjir",
            Category::PeneranganJalan => "penerangan_jalan",
            Category::AirBersih => "air_bersih",
            Category::Pencemaran => "pencemaran",
            Category::FasilitasUmum => "fasilitas_umum",
            Category::PelayananPetugas => "pelayanan_petugas",
            Category::Pungli => "pungli",
            Category::Lainnya => "lainnya",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The Fluent message key of its name (`report-category-jalan`, ...).
    pub fn message_key(self) -> String {
        format!("report-category-{}", self.as_str().replace('_', "-"))
    }
}

/// Who may see a report and its reporter, as LAPOR! has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Privacy {
    /// The report and the reporter's name are public.
    Public,
    /// The report is public; who reported it is not (the handling agency still knows).
    Anonymous,
    /// *Rahasia*: the report is hidden from the public, and the reporter's identity from the
    /// handling agency (only the coordinator, who verifies reports, knows it).
    Confidential,
}

impl Privacy {
    pub const ALL: [Privacy; 3] = [Privacy::Public, Privacy::Anonymous, Privacy::Confidential];

    pub fn as_str(self) -> &'static str {
        match self {
            Privacy::Public => "public",
            Privacy::Anonymous => "anonymous",
            Privacy::Confidential => "confidential",
        }
    }

    pub fn parse(s: &str) -> Option<Privacy> {
        Privacy::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether the public sees the report at all.
    pub fn report_is_public(self) -> bool {
        self != Privacy::Confidential
    }

    /// Whether the public sees who reported it.
    pub fn reporter_is_public(self) -> bool {
        self == Privacy::Public
    }

    /// Whether the handling agency sees who reported it.
    pub fn reporter_visible_to_agency(self) -> bool {
        self != Privacy::Confidential
    }

    /// The Fluent message key of its explanation (`report-privacy-public`, ...).
    pub fn message_key(self) -> String {
        format!("report-privacy-{}", self.as_str())
    }
}

/// The states of a report.
pub const STATES: [&str; 8] =
    ["received", "verified", "dispatched", "in_progress", "resolved", "closed", "rejected", "duplicate"];

/// A point in Indonesia (WGS 84), as a report's location.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

impl Location {
    /// A point, if it is a real coordinate inside Indonesia's extent (with its seas).
    pub fn parse(lat: f64, lon: f64) -> Option<Location> {
        let inside = (-11.5..=6.5).contains(&lat) && (94.5..=141.5).contains(&lon);
        (lat.is_finite() && lon.is_finite() && inside).then_some(Location { lat, lon })
    }

    /// Distance in metres to `other` (haversine on a sphere of the Earth's mean radius).
    pub fn metres_to(self, other: Location) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * 6_371_008.8 * a.sqrt().asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_and_privacy_levels_round_trip_their_keys() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).ok(), Some(serde_json::json!(c.as_str())));
        }
        for p in Privacy::ALL {
            assert_eq!(Privacy::parse(p.as_str()), Some(p));
        }
        assert_eq!(Category::parse("Jalan"), None);
        assert_eq!(Category::DrainaseBanjir.message_key(), "report-category-drainase-banjir");
        let t = crate::web::T { locales: crate::web::locales(), lang: crate::web::Lang::Id };
        for c in Category::ALL {
            assert!(crate::web::locales().has(crate::web::Lang::En, &c.message_key()), "{c:?} in English");
            assert!(!t.t(&c.message_key()).is_empty());
        }
        for p in Privacy::ALL {
            assert!(crate::web::locales().has(crate::web::Lang::Id, &p.message_key()), "{p:?}");
            assert!(crate::web::locales().has(crate::web::Lang::En, &p.message_key()), "{p:?}");
        }
    }

    #[test]
    fn privacy_levels_say_who_sees_what() {
        assert!(Privacy::Public.report_is_public() && Privacy::Public.reporter_is_public());
        assert!(Privacy::Anonymous.report_is_public() && !Privacy::Anonymous.reporter_is_public());
        assert!(Privacy::Anonymous.reporter_visible_to_agency());
        assert!(!Privacy::Confidential.report_is_public() && !Privacy::Confidential.reporter_visible_to_agency());
    }

    #[test]
    fn locations_stay_in_indonesia_and_measure_distance() {
        assert!(Location::parse(-6.9147, 107.6098).is_some(), "Bandung");
        assert!(Location::parse(-2.5337, 140.7181).is_some(), "Jayapura");
        assert!(Location::parse(51.5, -0.12).is_none(), "London");
        assert!(Location::parse(f64::NAN, 107.0).is_none());
        let a = Location::parse(-6.9147, 107.6098).expect("a");
        let b = Location::parse(-6.9147, 107.6107).expect("b");
        let d = a.metres_to(b);
        assert!((95.0..105.0).contains(&d), "about 100 m east: {d}");
    }
}
