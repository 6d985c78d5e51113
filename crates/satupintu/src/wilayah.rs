//! Indonesia's administrative region codes (Kemendagri), embedded from `data/wilayah`
//! (MIT licence notice in `data/wilayah/SOURCE.md`): provinces, regencies/cities, districts.

use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
    pub parent: Option<&'static str>,
}

pub struct Wilayah {
    pub provinces: Vec<Region>,
    pub regencies: Vec<Region>,
    pub districts: Vec<Region>,
    by_code: HashMap<&'static str, (u8, usize)>,
}

const PROVINSI: &str = include_str!("../data/wilayah/provinsi.csv");
const KABUPATEN: &str = include_str!("../data/wilayah/kabupaten_kota.csv");
const KECAMATAN: &str = include_str!("../data/wilayah/kecamatan.csv");

fn parse(csv: &'static str, with_parent: bool) -> Vec<Region> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let mut it = line.splitn(if with_parent { 3 } else { 2 }, ',');
            let code = it.next()?;
            let parent = if with_parent { it.next() } else { None };
            let name = it.next()?.trim_matches('"');
            Some(Region { code, name, parent })
        })
        .collect()
}

static DATA: LazyLock<Wilayah> = LazyLock::new(|| {
    let provinces = parse(PROVINSI, false);
    let regencies = parse(KABUPATEN, true);
    let districts = parse(KECAMATAN, true);
    let mut by_code = HashMap::new();
    for (level, list) in [(2u8, &provinces), (4, &regencies), (6, &districts)] {
        for (i, r) in list.iter().enumerate() {
            by_code.insert(r.code, (level, i));
        }
    }
    Wilayah { provinces, regencies, districts, by_code }
});

pub fn data() -> &'static Wilayah {
    &DATA
}

/// A region by its 2-, 4- or 6-digit code.
pub fn get(code: &str) -> Option<&'static Region> {
    let d = data();
    d.by_code.get(code).map(|&(level, i)| match level {
        2 => &d.provinces[i],
        4 => &d.regencies[i],
        _ => &d.districts[i],
    })
}

pub fn province_exists(code: &str) -> bool {
    code.len() == 2 && get(code).is_some()
}

/// Province, regency and district names for a 6-digit code, as far as they are known.
pub fn describe(code6: &str) -> Vec<&'static str> {
    [2, 4, 6].iter().filter_map(|&n| code6.get(..n).and_then(get).map(|r| r.name)).collect()
}

/// "Menteng, Kota Adm. Jakarta Pusat, DKI Jakarta": the names of a region code, smallest first
/// (empty for no code or an unknown one).
pub fn full_name(code: Option<&str>) -> String {
    let mut names = describe(code.unwrap_or_default());
    names.reverse();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_and_lookups_match_the_source() {
        let d = super::data();
        assert_eq!(d.provinces.len(), 38);
        assert_eq!(d.regencies.len(), 514);
        assert_eq!(d.districts.len(), 7285);
        assert_eq!(super::get("3273").map(|r| r.name), Some("Kota Bandung"));
        assert_eq!(super::get("327301").map(|r| r.name), Some("Sukasari"));
        assert_eq!(super::describe("327301"), vec!["Jawa Barat", "Kota Bandung", "Sukasari"]);
        assert!(!super::province_exists("97"));
    }
}
