//! The SensorThings API at /sta/v1.1: entity sets, navigation links that resolve, paging that
//! walks every observation exactly once, $filter, $orderby, $expand, $select; non-public things
//! and sensors hidden from the public but seen by their agency's staff; 400 with a bilingual
//! JSON error on a bad query, 404 on what does not exist.

use std::collections::BTreeSet;

use satupintu::identity::Role;
use satupintu::iot::model::{Device, Reading, Sensor, SensorKind, Thing};
use satupintu::iot::{readings, registry};
use serde_json::Value;

use crate::both;
use crate::common::{Backend, TestApp};

both!(sta_sets_links_and_visibility, sta_paging_filters_order_and_expand, sta_bad_queries_are_400_and_unknown_404);

/// The first reading: 2026-11-30T00:00:00Z.
const T0: i64 = 1_795_996_800_000;
const MINUTE: i64 = 60_000;

/// Things: `jembatan-a` (public, dlh) with a public water level `a-tma` (25 readings, values
/// 0..24) and a private vibration `a-getar` (5); `pompa-b` (not public, dlh) with `b-tma` (5,
/// marked public but its thing is not); `spku-c` (public, disdukcapil) with a public PM2.5
/// `c-pm25` (7).
async fn fixtures(app: &TestApp) {
    let now = satupintu::db::now();
    let mut tx = app.state.db.begin().await.expect("begin");
    let things = [
        ("jembatan-a", "Jembatan A", "dlh", true),
        ("pompa-b", "Pompa B", "dlh", false),
        ("spku-c", "SPKU C", "disdukcapil", true),
    ];
    for (id, name, agency, public) in things {
        let t = Thing {
            id: id.into(),
            name: name.into(),
            description: format!("Uji {name}"),
            kind: "bridge".into(),
            lat: -7.3,
            lon: 112.7,
            agency_id: agency.into(),
            region_code: None,
            public,
            created_at: now,
        };
        registry::insert_thing(&mut tx, &t).await.expect("thing");
        let d = Device::new(format!("dev-{id}"), id, format!("Logger {name}"), now);
        registry::insert_device(&mut tx, &d, &registry::Secret::of(&format!("token-{id}"))).await.expect("device");
    }
    let sensors = [
        ("a-tma", "jembatan-a", "water_level", true, 25),
        ("a-getar", "jembatan-a", "vibration", false, 5),
        ("b-tma", "pompa-b", "water_level", true, 5),
        ("c-pm25", "spku-c", "pm25", true, 7),
    ];
    let mut all = Vec::new();
    for (id, thing, kind, public, n) in sensors {
        let s = Sensor::new(
            id,
            format!("dev-{thing}"),
            thing,
            format!("Sensor {id}"),
            SensorKind::parse(kind).expect("kind"),
            public,
            now,
        );
        registry::insert_sensor(&mut tx, &s).await.expect("sensor");
        for i in 0..n {
            all.push(Reading { sensor_id: id.into(), ts_ms: T0 + i * MINUTE, value: i as f64 });
        }
    }
    readings::insert(&mut tx, &all).await.expect("readings");
    tx.commit().await.expect("commit");
}

async fn get(app: &TestApp, url: &str, token: Option<&str>) -> (u16, Value) {
    let url = if url.starts_with("http") { url.to_string() } else { app.url(url) };
    let mut req = app.client.get(&url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(ct.starts_with("application/json"), "{url}: content type {ct}");
    (status, resp.json().await.expect("json"))
}

async fn ok(app: &TestApp, url: &str, token: Option<&str>) -> Value {
    let (s, b) = get(app, url, token).await;
    assert_eq!(s, 200, "{url}: {b}");
    b
}

fn ids(b: &Value) -> Vec<String> {
    b["value"].as_array().expect("value").iter().map(|e| e["@iot.id"].as_str().expect("id").to_string()).collect()
}

async fn sta_sets_links_and_visibility(b: Backend) {
    let app = TestApp::spawn(b).await;
    fixtures(&app).await;
    let base = app.url("/sta/v1.1");

    // The root lists the eight entity sets with their absolute URLs.
    let root = ok(&app, "/sta/v1.1", None).await;
    let sets: Vec<(&str, &str)> = root["value"]
        .as_array()
        .expect("sets")
        .iter()
        .map(|s| (s["name"].as_str().expect("name"), s["url"].as_str().expect("url")))
        .collect();
    assert_eq!(sets.len(), 8, "{root}");
    for name in [
        "Things",
        "Locations",
        "HistoricalLocations",
        "Datastreams",
        "Sensors",
        "ObservedProperties",
        "Observations",
        "FeaturesOfInterest",
    ] {
        let url = format!("{base}/{name}");
        assert!(sets.contains(&(name, url.as_str())), "{name} missing from {root}");
        ok(&app, &url, None).await;
    }
    assert!(root["serverSettings"]["conformance"].as_array().is_some_and(|c| !c.is_empty()));

    // The public sees public things and their public sensors only.
    assert_eq!(ids(&ok(&app, "/sta/v1.1/Things", None).await), ["jembatan-a", "spku-c"]);
    assert_eq!(ids(&ok(&app, "/sta/v1.1/Datastreams", None).await), ["a-tma", "c-pm25"]);
    assert_eq!(ids(&ok(&app, "/sta/v1.1/Sensors", None).await), ["dev-jembatan-a", "dev-spku-c"]);
    for hidden in [
        "/sta/v1.1/Things('pompa-b')",
        "/sta/v1.1/Locations('pompa-b')",
        "/sta/v1.1/Datastreams('a-getar')",
        "/sta/v1.1/Datastreams('b-tma')",
        "/sta/v1.1/Datastreams('b-tma')/Observations",
        "/sta/v1.1/Sensors('dev-pompa-b')",
        &format!("/sta/v1.1/Observations('a-getar:{T0}')"),
        &format!("/sta/v1.1/Observations('b-tma:{T0}')"),
    ] {
        let (s, body) = get(&app, hidden, None).await;
        assert_eq!(s, 404, "{hidden} must be hidden from the public: {body}");
        assert_eq!(body["code"], 404);
        assert_eq!(body["type"], "error");
    }
    let obs = ok(&app, "/sta/v1.1/Observations?$count=true&$top=0", None).await;
    assert_eq!(obs["@iot.count"], 25 + 7, "public observations: {obs}");
    assert!(obs.get("@iot.nextLink").is_none() && obs["value"].as_array().is_some_and(Vec::is_empty), "{obs}");
    let foi = ok(&app, "/sta/v1.1/FeaturesOfInterest('jembatan-a')/Observations?$count=true&$top=1", None).await;
    assert_eq!(foi["@iot.count"], 25, "the private vibration is not counted: {foi}");

    // The thing's agency's officer sees its things and sensors too; another agency's does not.
    let dlh = app.staff(Role::Officer, Some("dlh"), "petugas@dlh.id").await;
    let other = app.staff(Role::Officer, Some("disdukcapil"), "petugas@dukcapil.id").await;
    let auditor = app.staff(Role::Auditor, None, "auditor@satupintu.id").await;
    assert_eq!(ids(&ok(&app, "/sta/v1.1/Things", Some(&dlh)).await), ["jembatan-a", "pompa-b", "spku-c"]);
    assert_eq!(ids(&ok(&app, "/sta/v1.1/Things", Some(&other)).await), ["jembatan-a", "spku-c"]);
    assert_eq!(ids(&ok(&app, "/sta/v1.1/Things('jembatan-a')/Datastreams", Some(&other)).await), ["a-tma"]);
    let mine = ok(&app, "/sta/v1.1/Things('jembatan-a')/Datastreams?$orderby=id", Some(&dlh)).await;
    assert_eq!(ids(&mine), ["a-getar", "a-tma"]);
    ok(&app, &format!("/sta/v1.1/Observations('b-tma:{T0}')"), Some(&dlh)).await;
    let all = ok(&app, "/sta/v1.1/Observations?$count=true&$top=0", Some(&auditor)).await;
    assert_eq!(all["@iot.count"], 25 + 5 + 5 + 7);
    let (s, body) = get(&app, "/sta/v1.1/Things", Some("not-a-valid-token-at-all-aaaaaaaaaaaaaaaaaa")).await;
    assert_eq!((s, body["code"].as_i64()), (401, Some(401)), "{body}");

    // Every navigation link of every entity the public sees resolves, and each entity's
    // selfLink gives the entity back.
    let mut seen = BTreeSet::new();
    for set in ["Things", "Locations", "Datastreams", "Sensors", "ObservedProperties", "FeaturesOfInterest"] {
        for e in ok(&app, &format!("/sta/v1.1/{set}"), None).await["value"].as_array().expect("value") {
            let me = e["@iot.selfLink"].as_str().expect("selfLink");
            assert!(me.starts_with(&base), "{me}");
            assert_eq!(ok(&app, me, None).await["@iot.id"], e["@iot.id"]);
            for (k, v) in e.as_object().expect("entity") {
                if k.ends_with("@iot.navigationLink") {
                    let link = v.as_str().expect("link");
                    let target = ok(&app, link, None).await;
                    assert!(target.get("value").is_some() || target.get("@iot.id").is_some(), "{link}: {target}");
                    seen.insert(k.clone());
                }
            }
        }
    }
    for nav in ["Locations", "HistoricalLocations", "Datastreams", "Thing", "Sensor", "ObservedProperty"] {
        assert!(seen.contains(&format!("{nav}@iot.navigationLink")), "{nav} not followed: {seen:?}");
    }

    // Entities as the spec has them.
    let ds = ok(&app, "/sta/v1.1/Datastreams('a-tma')", None).await;
    assert_eq!(ds["unitOfMeasurement"]["symbol"], "cm");
    assert_eq!(ds["observationType"], "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement");
    assert_eq!(ds["phenomenonTime"], "2026-11-30T00:00:00Z/2026-11-30T00:24:00Z");
    assert_eq!(ok(&app, "/sta/v1.1/Datastreams('a-tma')/Thing", None).await["@iot.id"], "jembatan-a");
    assert_eq!(ok(&app, "/sta/v1.1/Datastreams('a-tma')/ObservedProperty", None).await["@iot.id"], "water_level");
    let loc = ok(&app, "/sta/v1.1/Things('jembatan-a')/Locations", None).await;
    assert_eq!(loc["value"][0]["encodingType"], "application/geo+json");
    assert_eq!(loc["value"][0]["location"]["coordinates"], serde_json::json!([112.7, -7.3]));
    let sensor = ok(&app, "/sta/v1.1/Sensors('dev-jembatan-a')", None).await;
    assert!(!sensor.to_string().contains("token"), "a Sensor never shows credentials: {sensor}");
    let o = ok(&app, &format!("/sta/v1.1/Observations('a-tma:{}')", T0 + 3 * MINUTE), None).await;
    assert_eq!((o["result"].as_f64(), o["phenomenonTime"].as_str()), (Some(3.0), Some("2026-11-30T00:03:00Z")));
    assert_eq!(
        ok(&app, &format!("/sta/v1.1/Observations('a-tma:{T0}')/FeatureOfInterest"), None).await["@iot.id"],
        "jembatan-a"
    );
    assert_eq!(
        ok(&app, &format!("/sta/v1.1/Datastreams('a-tma')/Observations('a-tma:{T0}')"), None).await["result"],
        0.0
    );
    assert_eq!(ids(&ok(&app, "/sta/v1.1/Things('jembatan-a')/HistoricalLocations", None).await).len(), 0);
    assert_eq!(ids(&ok(&app, "/sta/v1.1/ObservedProperties", None).await).len(), 7);
    app.stop().await;
}

async fn sta_paging_filters_order_and_expand(b: Backend) {
    let app = TestApp::spawn(b).await;
    fixtures(&app).await;

    // $top and nextLink walk all 25 readings exactly once, oldest first.
    let mut url = "/sta/v1.1/Datastreams('a-tma')/Observations?$top=7&$count=true".to_string();
    let mut got = Vec::new();
    let mut pages = 0;
    loop {
        let page = ok(&app, &url, None).await;
        assert_eq!(page["@iot.count"], 25);
        for o in page["value"].as_array().expect("value") {
            got.push(o["result"].as_f64().expect("result") as i64);
        }
        pages += 1;
        match page["@iot.nextLink"].as_str() {
            Some(next) => url = next.to_string(),
            None => break,
        }
        assert!(pages < 10, "nextLink never ends");
    }
    assert_eq!(pages, 4);
    assert_eq!(got, (0..25).collect::<Vec<i64>>());

    // The same across all public observations: 32, none twice.
    let mut url = "/sta/v1.1/Observations?$top=5".to_string();
    let mut ids_seen = Vec::new();
    loop {
        let page = ok(&app, &url, None).await;
        ids_seen.extend(ids(&page));
        match page["@iot.nextLink"].as_str() {
            Some(next) => url = next.to_string(),
            None => break,
        }
    }
    let distinct: BTreeSet<&String> = ids_seen.iter().collect();
    assert_eq!((ids_seen.len(), distinct.len()), (32, 32), "{ids_seen:?}");

    // $skip, $orderby desc.
    let page =
        ok(&app, "/sta/v1.1/Datastreams('a-tma')/Observations?$top=3&$skip=2&$orderby=phenomenonTime%20desc", None)
            .await;
    let results: Vec<f64> =
        page["value"].as_array().expect("value").iter().map(|o| o["result"].as_f64().expect("r")).collect();
    assert_eq!(results, [22.0, 21.0, 20.0]);

    // $filter on phenomenonTime (a half-open window) and on result.
    let window = ok(
        &app,
        "/sta/v1.1/Datastreams('a-tma')/Observations?$count=true&$filter=phenomenonTime%20ge%202026-11-30T00:05:00Z%20and%20phenomenonTime%20lt%202026-11-30T00:10:00Z",
        None,
    )
    .await;
    assert_eq!(window["@iot.count"], 5, "{window}");
    assert_eq!(window["value"][0]["result"], 5.0);
    let high = ok(&app, "/sta/v1.1/Datastreams('a-tma')/Observations?$filter=result%20gt%2020", None).await;
    let results: Vec<f64> =
        high["value"].as_array().expect("value").iter().map(|o| o["result"].as_f64().expect("r")).collect();
    assert_eq!(results, [21.0, 22.0, 23.0, 24.0]);
    let either = ok(
        &app,
        "/sta/v1.1/Observations?$count=true&$top=0&$filter=(result le 1 or result ge 24) and not phenomenonTime eq 2026-11-30T00:00:00Z",
        None,
    )
    .await;
    // a-tma: 1 and 24; c-pm25: 1 (0 is at T0, excluded).
    assert_eq!(either["@iot.count"], 3, "{either}");
    // Filters through a navigation property's id, as SensorThings clients send them.
    let by_ds = ok(&app, "/sta/v1.1/Observations?$count=true&$top=2&$filter=Datastream/id eq 'c-pm25'", None).await;
    assert_eq!(by_ds["@iot.count"], 7, "{by_ds}");
    assert_eq!(ids(&by_ds), [format!("c-pm25:{T0}"), format!("c-pm25:{}", T0 + MINUTE)]);
    let by_foi =
        ok(&app, "/sta/v1.1/Observations?$count=true&$top=0&$filter=FeatureOfInterest/id eq 'jembatan-a'", None).await;
    assert_eq!(by_foi["@iot.count"], 25, "the private vibration stays hidden: {by_foi}");
    let kind = ok(&app, "/sta/v1.1/Datastreams?$filter=ObservedProperty/id eq 'water_level'", None).await;
    assert_eq!(ids(&kind), ["a-tma"]);
    let of_thing = ok(&app, "/sta/v1.1/Datastreams?$filter=Thing/id eq 'spku-c' or Sensor/id eq 'nope'", None).await;
    assert_eq!(ids(&of_thing), ["c-pm25"]);
    let named = ok(&app, "/sta/v1.1/Things?$filter=name%20eq%20'SPKU%20C'", None).await;
    assert_eq!(ids(&named), ["spku-c"]);
    let desc = ok(&app, "/sta/v1.1/Things?$orderby=name%20desc", None).await;
    assert_eq!(ids(&desc), ["spku-c", "jembatan-a"]);

    // $expand: things with their datastreams; datastreams with their latest observation.
    let things = ok(&app, "/sta/v1.1/Things?$expand=Datastreams", None).await;
    let a = &things["value"][0];
    assert_eq!(a["@iot.id"], "jembatan-a");
    assert_eq!(ids(&serde_json::json!({"value": a["Datastreams"]})), ["a-tma"]);
    let latest =
        ok(&app, "/sta/v1.1/Datastreams?$expand=Observations($top=1;$orderby=phenomenonTime%20desc)", None).await;
    for ds in latest["value"].as_array().expect("value") {
        let obs = ds["Observations"].as_array().expect("expanded");
        assert_eq!(obs.len(), 1, "{ds}");
        let want = if ds["@iot.id"] == "a-tma" { 24.0 } else { 6.0 };
        assert_eq!(obs[0]["result"], want, "{ds}");
    }
    let deep =
        ok(&app, "/sta/v1.1/Things('jembatan-a')?$expand=Datastreams/Observations($top=2;$count=true),Locations", None)
            .await;
    assert_eq!(deep["Locations"][0]["@iot.id"], "jembatan-a");
    assert_eq!(deep["Datastreams"][0]["Observations@iot.count"], 25);
    assert_eq!(deep["Datastreams"][0]["Observations"].as_array().map(Vec::len), Some(2));
    let one = ok(&app, "/sta/v1.1/Datastreams('a-tma')?$expand=Thing,Sensor,ObservedProperty", None).await;
    assert_eq!(
        (&one["Thing"]["@iot.id"], &one["Sensor"]["@iot.id"], &one["ObservedProperty"]["@iot.id"]),
        (&Value::from("jembatan-a"), &Value::from("dev-jembatan-a"), &Value::from("water_level"))
    );

    // $select keeps only what is named.
    let sel = ok(&app, "/sta/v1.1/Things?$select=id,name", None).await;
    let keys: BTreeSet<&str> = sel["value"][0].as_object().expect("thing").keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["@iot.id", "name"]));
    app.stop().await;
}

async fn sta_bad_queries_are_400_and_unknown_404(b: Backend) {
    let app = TestApp::spawn(b).await;
    fixtures(&app).await;
    for bad in [
        "/sta/v1.1/Things?$format=json",
        "/sta/v1.1/Observations?$top=5000",
        "/sta/v1.1/Observations?$top=abc",
        "/sta/v1.1/Observations?$skip=-1",
        "/sta/v1.1/Observations?$count=maybe",
        "/sta/v1.1/Observations?$filter=result%20gt",
        "/sta/v1.1/Observations?$filter=colour%20eq%20'red'",
        "/sta/v1.1/Observations?$filter=result%20eq%20'x'",
        "/sta/v1.1/Observations?$filter=substringof('a',name)",
        "/sta/v1.1/Observations?$filter=phenomenonTime%20gt%202026-99-01T00:00:00Z",
        "/sta/v1.1/Observations?$orderby=colour",
        "/sta/v1.1/Things?$orderby=phenomenonTime",
        "/sta/v1.1/Things?$expand=Observations",
        "/sta/v1.1/Things?$select=colour",
        "/sta/v1.1/Things?$top=1&$top=2",
        "/sta/v1.1/Datastreams?$expand=Observations($top=1",
    ] {
        let (s, body) = get(&app, bad, None).await;
        assert_eq!(s, 400, "{bad}: {body}");
        assert_eq!(body["code"], 400, "{bad}: {body}");
        assert_eq!(body["type"], "error");
        let msg = body["message"].as_str().expect("message");
        assert!(msg.contains(" / ") && msg.len() > 10, "{bad}: Indonesian / English message: {msg}");
    }
    let (_, body) = get(&app, "/sta/v1.1/Things?$format=json", None).await;
    let msg = body["message"].as_str().expect("message");
    assert!(msg.contains("tidak didukung") && msg.contains("not supported"), "{msg}");
    for missing in [
        "/sta/v1.1/Things('nope')",
        "/sta/v1.1/Widgets",
        "/sta/v1.1/Things('jembatan-a')/Widgets",
        "/sta/v1.1/Things('jembatan-a')/Datastreams('c-pm25')",
        "/sta/v1.1/Observations('a-tma:1')",
        "/sta/v1.1/Observations('garbage')",
        "/sta/v1.1/HistoricalLocations('x')",
        "/sta/v1.1/Things('unterminated",
        "/sta/v1.1/Things('%FF')",
    ] {
        let (s, body) = get(&app, missing, None).await;
        assert_eq!((s, body["code"].as_i64()), (404, Some(404)), "{missing}: {body}");
    }
    let resp = app.client.post(app.url("/sta/v1.1/Things")).send().await.expect("post");
    assert_eq!(resp.status().as_u16(), 405);
    app.stop().await;
}

/// Timing on a larger store (not run by default): `cargo test -p satupintu --test it
/// iot_sta_timing -- --ignored --nocapture`. 20 sensors × 25,000 readings (500,000 rows).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn iot_sta_timing() {
    for b in [Backend::Sqlite, Backend::Postgres] {
        let app = TestApp::spawn(b).await;
        fixtures(&app).await;
        let now = satupintu::db::now();
        let mut tx = app.state.db.begin().await.expect("begin");
        let mut rows = Vec::new();
        for s in 0..20 {
            let id = format!("big-{s:02}");
            let sensor =
                Sensor::new(id.clone(), "dev-jembatan-a", "jembatan-a", id.clone(), SensorKind::WaterLevel, true, now);
            registry::insert_sensor(&mut tx, &sensor).await.expect("sensor");
            for i in 0..25_000 {
                rows.push(Reading { sensor_id: id.clone(), ts_ms: T0 + i * 10_000, value: (i % 300) as f64 });
            }
        }
        readings::insert(&mut tx, &rows).await.expect("readings");
        tx.commit().await.expect("commit");
        for url in [
            "/sta/v1.1/Things?$expand=Datastreams($expand=Observations($top=1;$orderby=phenomenonTime%20desc))",
            "/sta/v1.1/Datastreams('big-07')/Observations?$top=1000&$skip=20000",
            "/sta/v1.1/Datastreams('big-07')/Observations?$count=true&$filter=phenomenonTime%20ge%202026-11-30T12:00:00Z%20and%20result%20gt%20250",
            "/sta/v1.1/Observations?$top=100",
            "/sta/v1.1/Observations?$top=100&$filter=phenomenonTime%20ge%202026-12-02T00:00:00Z",
        ] {
            let mut times = Vec::new();
            for _ in 0..5 {
                let t = std::time::Instant::now();
                ok(&app, url, None).await;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            println!("{b:?} {url}: median {:.1} ms, max {:.1} ms", times[2], times[4]);
        }
        app.stop().await;
    }
}
