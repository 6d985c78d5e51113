use crate::both;
use crate::common::{Backend, TestApp};

both!(search_understands_everyday_indonesian);

/// What citizens type, and the service that must come first.
const CASES: &[(&str, &str)] = &[
    ("akte lahir", "akta-kelahiran"),
    ("bikin akta kelahiran anak", "akta-kelahiran"),
    ("mengurus akta kelahiran", "akta-kelahiran"),
    ("kelahrian", "akta-kelahiran"),
    ("birth certificate", "akta-kelahiran"),
    ("bikin ktp", "ktp-el-baru"),
    ("e-ktp ilang", "ktp-el-ganti"),
    ("ktp hilang", "ktp-el-ganti"),
    ("kk", "kartu-keluarga"),
    ("kartu keluarga baru", "kartu-keluarga"),
    ("perpanjang sim", "sim-perpanjangan"),
    ("sim baru", "sim-baru"),
    ("skck", "skck"),
    ("surat kelakuan baik", "skck"),
    ("pasport", "paspor"),
    ("bayar pbb", "pbb-p2"),
    ("pajak motor", "pajak-kendaraan"),
    ("akta kematian", "akta-kematian"),
    ("izin usaha nib", "nib"),
    ("sedot wc", "sedot-tinja"),
];

async fn search_understands_everyday_indonesian(b: Backend) {
    let app = TestApp::spawn(b).await;
    let mut misses = vec![];
    for (q, want) in CASES {
        let (s, body) = app.get_json(&format!("/api/v1/search?q={}", urlencode(q))).await;
        assert_eq!(s, 200);
        let results = body["results"].as_array().expect("results");
        let first = results.first().map(|r| r["id"].as_str().unwrap_or("")).unwrap_or("");
        if first != *want {
            misses.push(format!(
                "{q:?}: wanted {want}, got {first} then {:?}",
                results.iter().skip(1).take(2).map(|r| r["id"].clone()).collect::<Vec<_>>()
            ));
        }
        if let Some(r) = results.first() {
            assert_eq!(r["type"], "service");
            assert!(r["url"].as_str().unwrap_or("").starts_with("/layanan/"));
            assert!(!r["title"].as_str().unwrap_or("").is_empty());
        }
    }
    assert!(misses.is_empty(), "search misses:\n{}", misses.join("\n"));
    // Nothing to look for: an empty list, not an error.
    let (s, body) = app.get_json("/api/v1/search?q=").await;
    assert_eq!((s, body["results"].as_array().map(Vec::len)), (200, Some(0)));
    let (s, body) = app.get_json("/api/v1/search?q=xyzzy%20qwerty").await;
    assert_eq!((s, body["results"].as_array().map(Vec::len)), (200, Some(0)));
    // The page shows the same first result.
    let page = app.get("/cari?q=akte+lahir").await.text().await.expect("page");
    let first = page.find("/layanan/akta-kelahiran").expect("result link");
    assert!(page.find("/layanan/akta-perkawinan").is_none_or(|p| p > first));
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
