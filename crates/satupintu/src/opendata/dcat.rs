//! The catalogue as DCAT (DCAT-AP style) in JSON-LD, at `/data/catalog.jsonld`, for portals that
//! harvest DCAT (data.europa.eu-style harvesters, Satu Data Indonesia aggregators).

use serde_json::{json, Value};

use super::model;
use super::service;
use super::store::Dataset;
use crate::catalog::service::Snapshot;
use crate::web::Lang;

fn date_time(ts: i64) -> Value {
    json!({"@value": format!("{}Z", super::ckan::iso(ts).trim_end_matches(".000000")), "@type": "xsd:dateTime"})
}

/// The whole catalogue.
pub fn catalog(base: &str, snap: &Snapshot, all: &[Dataset]) -> Value {
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "locn": "http://www.w3.org/ns/locn#"
        },
        "@id": format!("{base}/data/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": [{"@value": "Katalog Data Terbuka SatuPintu", "@language": "id"},
                      {"@value": "SatuPintu Open Data Catalogue", "@language": "en"}],
        "dct:description": {"@value": "Data terbuka instansi pemerintah dan statistik layanan publik SatuPintu.", "@language": "id"},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/IND"},
        "foaf:homepage": {"@id": format!("{base}/data")},
        "dct:publisher": publisher(base, snap, model::PLATFORM),
        "dcat:themeTaxonomy": {"@id": format!("{base}/data#tema")},
        "dcat:dataset": all.iter().map(|d| dataset(base, snap, d)).collect::<Vec<_>>(),
    })
}

fn publisher(base: &str, snap: &Snapshot, id: &str) -> Value {
    let page = if id == model::PLATFORM { format!("{base}/") } else { format!("{base}/instansi/{id}") };
    json!({"@id": page, "@type": "foaf:Organization", "foaf:name": service::publisher_title(snap, id, Lang::Id)})
}

/// One dataset with its distributions (each resource as CSV and as JSON).
pub fn dataset(base: &str, snap: &Snapshot, d: &Dataset) -> Value {
    let m = &d.meta;
    let page = format!("{base}/data/{}", m.name);
    let license = model::license(&m.license_id).map(|l| l.2).unwrap_or_default();
    let t = crate::web::locales();
    let mut out = json!({
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": d.id,
        "dct:title": {"@value": m.title, "@language": "id"},
        "dct:description": {"@value": m.notes, "@language": "id"},
        "dct:publisher": publisher(base, snap, &m.publisher),
        "dcat:theme": m.themes.iter().map(|g| json!({
            "@id": format!("{base}/data?tema={g}"), "@type": "skos:Concept",
            "skos:prefLabel": {"@value": t.msg(Lang::Id, &format!("od-theme-{g}"), None), "@language": "id"}
        })).collect::<Vec<_>>(),
        "dcat:keyword": m.keywords,
        "dct:accrualPeriodicity": {"@id": model::frequency_uri(&m.frequency)},
        "dct:issued": date_time(d.issued_at),
        "dct:modified": date_time(d.modified_at),
        "dcat:landingPage": {"@id": page},
        "dcat:distribution": d.resources.iter().flat_map(|r| {
            [("csv", "CSV", "text/csv"), ("json", "JSON", "application/json")].map(|(ext, fmt, mime)| {
                let url = format!("{base}/data/{}/unduh/{}.{ext}", m.name, r.slug);
                json!({
                    "@id": url,
                    "@type": "dcat:Distribution",
                    "dct:identifier": format!("{}.{ext}", r.id),
                    "dct:title": {"@value": format!("{} ({fmt})", r.name), "@language": "id"},
                    "dcat:accessURL": {"@id": page},
                    "dcat:downloadURL": {"@id": url},
                    "dcat:mediaType": {"@id": format!("https://www.iana.org/assignments/media-types/{mime}")},
                    "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{fmt}")},
                    "dct:license": {"@id": license},
                    "dct:modified": date_time(r.modified_at),
                })
            })
        }).collect::<Vec<_>>(),
    });
    if !license.is_empty() {
        out["dct:license"] = json!({"@id": license});
    }
    if m.temporal_start.is_some() || m.temporal_end.is_some() {
        let mut period = json!({"@type": "dct:PeriodOfTime"});
        if let Some(s) = &m.temporal_start {
            period["dcat:startDate"] = json!({"@value": s, "@type": "xsd:date"});
        }
        if let Some(e) = &m.temporal_end {
            period["dcat:endDate"] = json!({"@value": e, "@type": "xsd:date"});
        }
        out["dct:temporal"] = period;
    }
    if let Some(code) = &m.spatial_code {
        out["dct:spatial"] = json!({
            "@id": format!("{base}/data?wilayah={code}"),
            "@type": "dct:Location",
            "dct:identifier": code,
            "skos:prefLabel": {"@value": crate::wilayah::full_name(Some(code)), "@language": "id"},
        });
    }
    out
}
