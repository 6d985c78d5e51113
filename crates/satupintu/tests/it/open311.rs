//! Open311 GeoReport v2 at /open311/v2. Conformance is checked with what we did not write: every
//! JSON answer against the open311/schema-validation JSON Schemas (read at run time from
//! ../shared/data/open311-schemas beside the repository, or SATUPINTU_OPEN311_SCHEMAS), and every
//! XML answer parsed by an XML parser and read back, element by element, as the JSON it mirrors.
//! Then: clients with an API key send reports without an account, the coordinator sees who sent
//! them, and nobody else ever does; lists filter as the spec says and bad input gets 400.

use std::path::{Path, PathBuf};

use reqwest::Method;
use satupintu::identity::Role;
use satupintu::reports::model::Category;
use serde_json::{json, Value};
use sqlx::Row;

use crate::applications::upload;
use crate::both;
use crate::cli::satupintu;
use crate::common::{database_url, Backend, TestApp, NIK_A};

both!(
    open311_resources_follow_the_spec,
    open311_clients_send_reports_with_a_key,
    open311_never_shows_who_reported,
    open311_lists_filter_and_refuse_bad_input,
    api_keys_from_the_command_line
);

// ---- conformance helpers ----

fn schema_dir() -> PathBuf {
    let dir = std::env::var_os("SATUPINTU_OPEN311_SCHEMAS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/open311-schemas"));
    assert!(dir.join("request.json").is_file(), "the Open311 JSON Schemas are needed at {}", dir.display());
    dir
}

/// Reads `$ref`s (`request.json`, `swagger.json#/...`) from the schema folder.
struct SchemaFiles(PathBuf);

impl jsonschema::Retrieve for SchemaFiles {
    fn retrieve(&self, uri: &jsonschema::Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default().to_string();
        Ok(serde_json::from_str(&std::fs::read_to_string(self.0.join(name))?)?)
    }
}

/// What is wrong with `instance` by `schema` (`services.json`, or a `$ref` such as
/// `swagger.json#/definitions/TokenResponse`), formats (date-time, uri) included.
fn schema_errors(schema: &str, instance: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .with_base_uri("file:///open311-schemas/")
        .with_retriever(SchemaFiles(schema_dir()))
        .should_validate_formats(true)
        .build(&json!({"$ref": schema}))
        .expect("the schema loads");
    validator.iter_errors(instance).map(|e| format!("{e} (at {})", e.instance_path())).collect()
}

fn conforms(schema: &str, instance: &Value) {
    let errors = schema_errors(schema, instance);
    assert!(errors.is_empty(), "{schema}: {errors:#?}\n{instance:#}");
}

/// Lists and the element name of their items (the Spark convention).
const LISTS: &[(&str, &str)] = &[
    ("services", "service"),
    ("service_requests", "request"),
    ("errors", "error"),
    ("endpoints", "endpoint"),
    ("formats", "format"),
    ("attributes", "attribute"),
    ("values", "value"),
];

fn xml_value(node: roxmltree::Node) -> Value {
    let name = node.tag_name().name();
    let children: Vec<roxmltree::Node> = node.children().filter(|c| c.is_element()).collect();
    if let Some((_, item)) = LISTS.iter().find(|(list, _)| *list == name) {
        assert!(children.iter().all(|c| c.tag_name().name() == *item), "<{name}> holds only <{item}>");
        return Value::Array(children.into_iter().map(xml_value).collect());
    }
    if children.is_empty() {
        return node.text().filter(|t| !t.is_empty()).map(|t| Value::String(t.into())).unwrap_or(Value::Null);
    }
    Value::Object(children.into_iter().map(|c| (c.tag_name().name().to_string(), xml_value(c))).collect())
}

/// JSON as XML carries it: scalars as text, empty text as nothing.
fn as_text(v: &Value) -> Value {
    match v {
        Value::Bool(_) | Value::Number(_) => Value::String(v.to_string()),
        Value::String(s) if s.is_empty() => Value::Null,
        Value::Array(items) => Value::Array(items.iter().map(as_text).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), as_text(v))).collect()),
        other => other.clone(),
    }
}

/// `xml` is a well-formed UTF-8 document with the XML declaration, root `root`, and says what
/// `json` says.
fn same_as_xml(json: &Value, xml: &str, root: &str) {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"), "{xml}");
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("well-formed XML: {e}\n{xml}"));
    assert_eq!(doc.root_element().tag_name().name(), root);
    assert_eq!(doc.root_element().tag_name().namespace(), None);
    assert_eq!(xml_value(doc.root_element()), as_text(json), "{xml}");
}

/// GET `path` (`...{ext}` without the extension) in both formats: the JSON answer, checked
/// against the XML one, with the status and CORS header of each.
async fn get_both(app: &TestApp, path: &str, root: &str) -> (u16, Value) {
    let r = app.get(&format!("{path}.json")).await;
    let status = r.status().as_u16();
    assert_eq!(r.headers()["access-control-allow-origin"], "*", "{path}");
    assert_eq!(r.headers()["content-type"], "application/json; charset=utf-8");
    let json: Value = serde_json::from_str(&r.text().await.expect("body")).expect("JSON");
    let r = app.get(&format!("{path}.xml")).await;
    assert_eq!(r.status().as_u16(), status, "{path}.xml");
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert_eq!(r.headers()["content-type"], "text/xml; charset=utf-8");
    let root = if status == 200 { root } else { "errors" };
    same_as_xml(&json, &r.text().await.expect("body"), root);
    (status, json)
}

/// The spec's error list, with `status` as each code.
fn is_error(v: &Value, status: u16) {
    let errors = v.as_array().unwrap_or_else(|| panic!("an error list: {v}"));
    assert!(!errors.is_empty());
    for e in errors {
        assert_eq!(e["code"], status, "{v}");
        assert!(e["description"].as_str().is_some_and(|d| !d.is_empty()), "{v}");
    }
}

async fn spawn(b: Backend) -> TestApp {
    let app = TestApp::spawn(b).await;
    satupintu::catalog::service::import(&app.state.db, satupintu::demo::REPORT_AGENCIES, None).await.expect("agencies");
    app.state.catalog.refresh(&app.state.db, true).await.expect("refresh");
    app
}

async fn new_key(app: &TestApp) -> String {
    satupintu::reports::open311::keys::create(&app.state, &satupintu::admin::Actor::cli(), "Aplikasi Lapor Warga", None)
        .await
        .expect("key")
        .1
}

/// POST a form to requests.{ext}: the status and body.
async fn post(app: &TestApp, ext: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = app.client.post(app.url(&format!("/open311/v2/requests.{ext}"))).form(form).send().await.expect("post");
    (r.status().as_u16(), r.text().await.expect("body"))
}

async fn post_json(app: &TestApp, form: &[(&str, &str)]) -> (u16, Value) {
    let (s, text) = post(app, "json", form).await;
    (s, serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON: {text}")))
}

async fn count_reports(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM reports").fetch_one(app.state.db.pool()).await.expect("count").get(0)
}

const POTHOLE: &str = "Jalan berlubang besar di depan pasar, sudah ada motor jatuh";

// ---- the tests ----

async fn open311_resources_follow_the_spec(b: Backend) {
    let app = spawn(b).await;

    let (s, d) = get_both(&app, "/open311/v2/discovery", "discovery").await;
    assert_eq!(s, 200);
    let endpoint = &d["endpoints"][0];
    assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
    assert_eq!(endpoint["url"], app.url("/open311/v2"));
    assert_eq!(endpoint["type"], "production");
    assert_eq!(endpoint["formats"], json!(["text/xml", "application/json"]));
    assert!(d["changeset"].as_str().is_some_and(|c| c.ends_with('Z')) && d["contact"].is_string(), "{d}");
    assert!(d["key_service"].is_string());

    // The schemas do check: a wrong status, date or link is refused.
    let wrong = json!([{"service_request_id": "LP-2026-000001", "status": "pending", "service_code": "jalan",
                        "requested_datetime": "kemarin", "media_url": "bukan tautan"}]);
    assert_eq!(schema_errors("requests.json", &wrong).len(), 3, "{:?}", schema_errors("requests.json", &wrong));

    let (s, services) = get_both(&app, "/open311/v2/services", "services").await;
    assert_eq!(s, 200);
    conforms("services.json", &services);
    let list = services.as_array().expect("services");
    let codes: Vec<&str> = list.iter().filter_map(|s| s["service_code"].as_str()).collect();
    assert_eq!(codes, Category::ALL.map(Category::as_str));
    let jalan = &list[0];
    assert_eq!(jalan["service_name"], "Jalan rusak", "Indonesian by default");
    assert_eq!((jalan["type"].as_str(), jalan["metadata"].as_bool()), (Some("realtime"), Some(true)));
    assert!(jalan["group"].is_string() && jalan["keywords"].is_string() && jalan["description"].is_string());
    let english: Value = app
        .client
        .get(app.url("/open311/v2/services.json"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(english[0]["service_name"], "Damaged road");

    let (s, def) = get_both(&app, "/open311/v2/services/jalan", "service_definition").await;
    assert_eq!(s, 200);
    conforms("service-definition.json", &def);
    assert_eq!(def["service_code"], "jalan");
    let attrs: Vec<&str> =
        def["attributes"].as_array().expect("attributes").iter().filter_map(|a| a["code"].as_str()).collect();
    assert_eq!(attrs, ["privacy", "region_code"]);
    let keys: Vec<&str> =
        def["attributes"][0]["values"].as_array().expect("values").iter().filter_map(|v| v["key"].as_str()).collect();
    assert_eq!(keys, ["public", "anonymous", "confidential"]);

    // What does not exist is 404 with the spec's error list, in the format asked.
    for path in [
        "/open311/v2/services/teleportasi",
        "/open311/v2/requests/LP-2026-999999",
        "/open311/v2/tokens/LP-2026-999999",
        "/open311/v2/nothing",
    ] {
        let (s, e) = get_both(&app, path, "errors").await;
        assert_eq!(s, 404, "{path}");
        is_error(&e, 404);
    }
    // A format that is not offered is a resource that does not exist.
    for path in [
        "/open311/v2/services.html",
        "/open311/v2/services",
        "/open311/v2/services/jalan.csv",
        "/open311/v2/requests.json.bak",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), 404, "{path}");
        same_as_xml(
            &json!([{"code": 404, "description": "no such resource (resources end in .xml or .json)"}]),
            &r.text().await.expect("body"),
            "errors",
        );
    }

    // Every route of the table the authorization matrix reads is served here.
    for (method, path) in satupintu::reports::open311::ROUTES {
        let url = app.url(
            &path
                .replace("{format}", "json")
                .replace("{service_code}", "sampah")
                .replace("{service_request_id}", "x")
                .replace("{token}", "x"),
        );
        let r =
            app.client.request(Method::from_bytes(method.as_bytes()).expect("method"), url).send().await.expect("send");
        assert!([200, 403, 404].contains(&r.status().as_u16()), "{method} {path}: {}", r.status());
        assert_eq!(r.headers()["content-type"], "application/json; charset=utf-8", "{method} {path}");
    }
    app.stop().await;
}

async fn open311_clients_send_reports_with_a_key(b: Backend) {
    let app = spawn(b).await;
    let key = new_key(&app).await;
    /// A valid report, with `extra` fields added or put instead.
    fn good<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let base = [("service_code", "jalan"), ("lat", "-6.9147"), ("long", "107.6098"), ("description", POTHOLE)];
        let mut f = extra.to_vec();
        f.extend(base.into_iter().filter(|(k, _)| !extra.iter().any(|(e, _)| e == k)));
        f
    }

    // No key, or a wrong one: 403, in either format, and nothing is made.
    let (s, e) = post_json(&app, &good(&[])).await;
    assert_eq!(s, 403);
    is_error(&e, 403);
    let (s, xml) = post(&app, "xml", &good(&[("api_key", "sp311_salah")])).await;
    assert_eq!(s, 403);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    assert_eq!(doc.root_element().tag_name().name(), "errors");
    assert_eq!(doc.descendants().find(|n| n.has_tag_name("code")).and_then(|n| n.text()), Some("403"));
    let r = app.client.post(app.url("/open311/v2/requests.json")).form(&good(&[])).send().await.expect("post");
    assert!(r.headers().get("access-control-allow-origin").is_none(), "no CORS on POST");

    // Bad input: 400 (404 for a service that does not exist), never 500, nothing made.
    let k = key.as_str();
    let long = "x".repeat(4001);
    let cases: Vec<(Vec<(&str, &str)>, u16)> = vec![
        (vec![("api_key", k), ("lat", "-6.9"), ("long", "107.6"), ("description", POTHOLE)], 400),
        (good(&[("api_key", k), ("service_code", "teleportasi")]), 404),
        (vec![("api_key", k), ("service_code", "jalan"), ("lat", "-6.9"), ("description", POTHOLE)], 400),
        (
            vec![
                ("api_key", k),
                ("service_code", "jalan"),
                ("lat", "abc"),
                ("long", "107.6"),
                ("description", POTHOLE),
            ],
            400,
        ),
        (
            vec![
                ("api_key", k),
                ("service_code", "jalan"),
                ("lat", "NaN"),
                ("long", "107.6"),
                ("description", POTHOLE),
            ],
            400,
        ),
        (
            vec![
                ("api_key", k),
                ("service_code", "jalan"),
                ("lat", "51.5"),
                ("long", "-0.12"),
                ("description", POTHOLE),
            ],
            400,
        ),
        (vec![("api_key", k), ("service_code", "jalan"), ("description", POTHOLE)], 400),
        (vec![("api_key", k), ("service_code", "jalan"), ("address_id", "545483"), ("description", POTHOLE)], 400),
        (
            vec![
                ("api_key", k),
                ("service_code", "jalan"),
                ("address_string", "Jl. Merdeka 1"),
                ("description", POTHOLE),
            ],
            400,
        ),
        (good(&[("api_key", k), ("description", "rusak")]), 400),
        (good(&[("api_key", k), ("description", long.as_str())]), 400),
        (good(&[("api_key", k), ("email", "bukan-email")]), 400),
        (good(&[("api_key", k), ("phone", "12")]), 400),
        (good(&[("api_key", k), ("first_name", "R2D2")]), 400),
        (good(&[("api_key", k), ("media_url", "javascript:alert(1)")]), 400),
        (good(&[("api_key", k), ("attribute[privacy]", "rahasia-sekali")]), 400),
        (good(&[("api_key", k), ("attribute[region_code]", "9999")]), 400),
    ];
    for (form, want) in &cases {
        let (s, e) = post_json(&app, form).await;
        assert_eq!(s, *want, "{form:?}: {e}");
        is_error(&e, *want);
    }
    assert_eq!(count_reports(&app).await, 0, "bad input changes nothing");

    // With a key: a report without an account, its id at once.
    let contact = [
        ("api_key", k),
        ("first_name", "Rina"),
        ("last_name", "Wati"),
        ("email", "rina.wati@contoh.id"),
        ("phone", "0812-3456-7890"),
        ("media_url", "https://foto.contoh.id/lubang.jpg"),
        ("device_id", "tt222111"),
        ("jurisdiction_id", "contoh.go.id"),
    ];
    let (s, created) = post_json(&app, &good(&contact)).await;
    assert_eq!(s, 200, "{created}");
    conforms("swagger.json#/definitions/RequestResponse", &created[0]);
    let code = created[0]["service_request_id"].as_str().expect("id").to_string();
    assert!(code.starts_with("LP-") && created[0]["service_notice"].is_string() && created[0].get("token").is_none());

    let (s, got) = get_both(&app, &format!("/open311/v2/requests/{code}"), "service_requests").await;
    assert_eq!(s, 200);
    conforms("requests.json", &got);
    let r = &got[0];
    assert_eq!((r["service_request_id"].as_str(), r["status"].as_str()), (Some(code.as_str()), Some("open")));
    assert_eq!((r["service_code"].as_str(), r["service_name"].as_str()), (Some("jalan"), Some("Jalan rusak")));
    assert_eq!((r["lat"].as_f64(), r["long"].as_f64()), (Some(-6.9147), Some(107.6098)));
    assert_eq!(r["description"], POTHOLE);
    assert_eq!(r["media_url"], "https://foto.contoh.id/lubang.jpg");
    let coordinator =
        satupintu::catalog::service::agency(&app.state, "diskominfo").await.expect("agency").expect("diskominfo");
    assert_eq!(r["agency_responsible"], coordinator.name.id(), "the coordinator handles it until dispatch");
    assert!(r["requested_datetime"].as_str().is_some_and(|d| d.ends_with("+07:00")), "{r}");
    for word in ["Rina", "rina.wati", "3456", "tt222111"] {
        assert!(!got.to_string().contains(word), "{word} in {got}");
    }
    let (s, token) = get_both(&app, &format!("/open311/v2/tokens/{code}"), "service_requests").await;
    assert_eq!(s, 200);
    conforms("swagger.json#/definitions/TokenResponse", &token[0]);
    assert_eq!(token, json!([{"service_request_id": code, "token": code}]));

    // The same report through the house API: the coordinator knows who sent it, the public not.
    let coordinator = app.staff(Role::Officer, Some("diskominfo"), "koordinator@kominfo.id").await;
    let (s, v) = app.api(Method::GET, &format!("/api/v1/reports/{code}"), Some(&coordinator), None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["reporter"], json!({"name": "Rina Wati", "email": "rina.wati@contoh.id", "phone": "+6281234567890"}));
    assert_eq!(v["privacy"], "anonymous", "sent without an account, the sender is not shown by default");
    let (s, v) = app.get_json(&format!("/api/v1/reports/{code}")).await;
    assert_eq!(s, 200);
    assert_eq!((v["reporter"].clone(), v["reporter_name"].clone()), (Value::Null, Value::Null));
    assert!(!v.to_string().contains("Rina"));

    // The XML form of the same call, and a sender who chose privacy levels or gave no name.
    let (s, xml) =
        post(&app, "xml", &good(&[("api_key", k), ("attribute[privacy]", "public"), ("first_name", "Rina")])).await;
    assert_eq!(s, 200, "{xml}");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    assert_eq!(doc.root_element().tag_name().name(), "service_requests");
    let public_code = doc
        .descendants()
        .find(|n| n.has_tag_name("service_request_id"))
        .and_then(|n| n.text())
        .expect("id")
        .to_string();
    let (_, v) = app.get_json(&format!("/api/v1/reports/{public_code}")).await;
    assert_eq!(v["reporter_name"], "Rina", "a public report names its sender on the site");
    let (_, got) = get_both(&app, &format!("/open311/v2/requests/{public_code}"), "service_requests").await;
    assert!(!got.to_string().contains("Rina"), "Open311 answers never name anyone");
    let (s, secret) = post_json(&app, &good(&[("api_key", k), ("attribute[privacy][]", "confidential")])).await;
    assert_eq!(s, 200, "{secret}");
    let secret = secret[0]["service_request_id"].as_str().expect("id").to_string();
    let (s, _) = get_both(&app, &format!("/open311/v2/requests/{secret}"), "service_requests").await;
    assert_eq!(s, 404, "a confidential report is not public");
    // An address with its region instead of a map pin; text that needs escaping in XML.
    let tricky = "Lampu <mati> & \"gelap\" di gang 'Mawar', sudah sebulan";
    let (s, v) = post_json(
        &app,
        &[
            ("api_key", k),
            ("service_code", "penerangan_jalan"),
            ("address_string", "Gg. Mawar 3, Coblong"),
            ("attribute[region_code]", "3273"),
            ("description", tricky),
        ],
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (_, got) = get_both(
        &app,
        &format!("/open311/v2/requests/{}", v[0]["service_request_id"].as_str().expect("id")),
        "service_requests",
    )
    .await;
    conforms("requests.json", &got);
    assert_eq!((got[0]["description"].as_str(), got[0]["lat"].clone()), (Some(tricky), Value::Null));
    assert_eq!(got[0]["address"], "Gg. Mawar 3, Coblong");

    // A revoked key no longer works.
    let keys = satupintu::reports::open311::keys::list(&app.state).await.expect("list");
    assert!(satupintu::reports::open311::keys::revoke(&app.state, &satupintu::admin::Actor::cli(), keys[0].id)
        .await
        .expect("revoke"));
    let (s, _) = post_json(&app, &good(&[("api_key", k)])).await;
    assert_eq!(s, 403);
    app.stop().await;
}

async fn open311_never_shows_who_reported(b: Backend) {
    let app = spawn(b).await;
    let siti = app.citizen(NIK_A, "Siti Rahayu", "siti@contoh.id").await;
    let png = {
        let mut png = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(6, 4, image::Rgb([90, 90, 90])))
            .write_to(&mut png, image::ImageFormat::Png)
            .expect("png");
        png.into_inner()
    };
    let mut codes = vec![];
    for (privacy, lat) in [("public", -6.9147), ("anonymous", -6.9150), ("confidential", -6.9152)] {
        let (s, photo) = upload(&app, &siti, &png, "lubang.png").await;
        assert_eq!(s, 201, "{photo}");
        let body = json!({"category": "jalan", "description": POTHOLE, "lat": lat, "lon": 107.6098,
                          "privacy": privacy, "photos": [photo["id"]]});
        let (s, v) = app.api(Method::POST, "/api/v1/reports", Some(&siti), Some(body)).await;
        assert_eq!(s, 201, "{v}");
        codes.push(v["code"].as_str().expect("code").to_string());
    }
    let (s, list) = get_both(&app, "/open311/v2/requests", "service_requests").await;
    assert_eq!(s, 200);
    conforms("requests.json", &list);
    let listed: Vec<&str> =
        list.as_array().expect("list").iter().filter_map(|r| r["service_request_id"].as_str()).collect();
    assert_eq!(
        listed,
        [codes[1].as_str(), codes[0].as_str()],
        "public reports, newest first; never the confidential one"
    );
    for r in list.as_array().expect("list") {
        let url = r["media_url"].as_str().expect("the first photo");
        assert!(url.starts_with(&app.url("/api/v1/reports/")), "{url}");
        let photo = app.client.get(url).send().await.expect("photo");
        assert_eq!((photo.status().as_u16(), photo.headers()["content-type"].to_str().ok()), (200, Some("image/png")));
    }
    let everything = [
        list.to_string(),
        app.get("/open311/v2/requests.xml").await.text().await.expect("xml"),
        app.get(&format!("/open311/v2/requests.json?service_request_id={}", codes.join(",")))
            .await
            .text()
            .await
            .expect("ids"),
    ]
    .concat();
    for word in ["Siti", "siti@", NIK_A, "Rahayu"] {
        assert!(!everything.contains(word), "{word} leaked");
    }
    assert!(!everything.contains(&codes[2]), "the confidential report never appears");
    for path in [format!("/open311/v2/requests/{}", codes[2]), format!("/open311/v2/tokens/{}", codes[2])] {
        let (s, _) = get_both(&app, &path, "service_requests").await;
        assert_eq!(s, 404, "{path}");
    }
    app.stop().await;
}

async fn open311_lists_filter_and_refuse_bad_input(b: Backend) {
    let app = spawn(b).await;
    let key = new_key(&app).await;
    let mut codes = vec![];
    for (service, lat) in [("jalan", "-6.9147"), ("jalan", "-6.9200"), ("sampah", "-6.9300")] {
        let (s, v) = post_json(
            &app,
            &[
                ("api_key", key.as_str()),
                ("service_code", service),
                ("lat", lat),
                ("long", "107.6098"),
                ("description", POTHOLE),
            ],
        )
        .await;
        assert_eq!(s, 200, "{v}");
        codes.push(v[0]["service_request_id"].as_str().expect("id").to_string());
    }
    let coordinator = app.staff(Role::Officer, Some("diskominfo"), "koordinator@kominfo.id").await;
    let (s, v) = app
        .api(
            Method::POST,
            &format!("/api/v1/reports/{}/actions", codes[1]),
            Some(&coordinator),
            Some(json!({"action": "reject", "note": "Laporan ganda, sudah ditangani"})),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = app
        .api(
            Method::POST,
            &format!("/api/v1/reports/{}/actions", codes[2]),
            Some(&coordinator),
            Some(json!({"action": "dispatch", "agency_id": "dlh"})),
        )
        .await;
    assert_eq!(s, 200, "{v}");

    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("list")
            .iter()
            .filter_map(|r| r["service_request_id"].as_str().map(str::to_string))
            .collect()
    };
    let get = |q: String| {
        let app = &app;
        async move {
            let r = app.get(&format!("/open311/v2/requests.json?{q}")).await;
            let status = r.status().as_u16();
            let json: Value = r.json().await.expect("json");
            let xml = app.get(&format!("/open311/v2/requests.xml?{q}")).await.text().await.expect("xml");
            same_as_xml(&json, &xml, if status == 200 { "service_requests" } else { "errors" });
            if status == 200 {
                conforms("requests.json", &json);
            }
            (status, json)
        }
    };
    let (s, all) = get(String::new()).await;
    assert_eq!(s, 200);
    assert_eq!(ids(&all), [codes[2].clone(), codes[1].clone(), codes[0].clone()]);
    let rejected =
        all.as_array().expect("list").iter().find(|r| r["service_request_id"] == codes[1].as_str()).expect("rejected");
    assert_eq!(
        (rejected["status"].as_str(), rejected["status_notes"].as_str()),
        (Some("closed"), Some("Laporan ganda, sudah ditangani"))
    );
    let dispatched = &all[0];
    let dlh = satupintu::catalog::service::agency(&app.state, "dlh").await.expect("agency").expect("dlh");
    assert_eq!(dispatched["agency_responsible"], dlh.name.id());
    assert!(dispatched["expected_datetime"].as_str().is_some_and(|d| d.ends_with("T23:59:59+07:00")), "{dispatched}");

    assert_eq!(ids(&get("service_code=sampah".into()).await.1), [codes[2].clone()]);
    assert_eq!(ids(&get("service_code=jalan,sampah".into()).await.1).len(), 3);
    assert_eq!(ids(&get("service_code=jalan&service_code=sampah".into()).await.1).len(), 3);
    assert_eq!(ids(&get("status=closed".into()).await.1), [codes[1].clone()]);
    assert_eq!(ids(&get("status=open&service_code=jalan".into()).await.1), [codes[0].clone()]);
    assert_eq!(ids(&get("status=open,closed".into()).await.1).len(), 3);
    // Ids override every other parameter, in the order asked.
    let q =
        format!("service_request_id={},{}&status=closed&service_code=sampah&start_date=kemarin", codes[0], codes[2]);
    assert_eq!(ids(&get(q).await.1), [codes[0].clone(), codes[2].clone()]);
    assert_eq!(ids(&get("service_request_id=LP-1999-000001".into()).await.1), Vec::<String>::new());

    // Dates: W3C with a time zone; a range of at most 90 days; by default the last 90 days.
    let offset = time::UtcOffset::from_hms(7, 0, 0).expect("offset");
    let now = time::OffsetDateTime::now_utc();
    let w3c = |t: time::OffsetDateTime| {
        t.to_offset(offset).format(&time::format_description::well_known::Rfc3339).expect("format")
    };
    let hour_ago = w3c(now - time::Duration::hours(1));
    assert_eq!(ids(&get(format!("start_date={}", hour_ago.replace('+', "%2B"))).await.1).len(), 3);
    assert_eq!(ids(&get(format!("start_date={hour_ago}")).await.1).len(), 3, "an unencoded + still reads");
    let tomorrow = w3c(now + time::Duration::days(1)).replace('+', "%2B");
    assert_eq!(ids(&get(format!("start_date={tomorrow}")).await.1).len(), 0);
    assert_eq!(ids(&get("end_date=2020-01-01T00:00:00Z".into()).await.1).len(), 0);
    sqlx::query("UPDATE reports SET created_at = created_at - 100 * 86400 WHERE code = $1")
        .bind(&codes[0])
        .execute(app.state.db.pool())
        .await
        .expect("age a report");
    assert_eq!(ids(&get(String::new()).await.1).len(), 2, "older than 90 days: not listed by default");
    let old = (now - time::Duration::days(101), now - time::Duration::days(99));
    let (s, v) =
        get(format!("start_date={}&end_date={}", w3c(old.0).replace('+', "%2B"), w3c(old.1).replace('+', "%2B"))).await;
    assert_eq!((s, ids(&v)), (200, vec![codes[0].clone()]));

    for bad in [
        "start_date=kemarin",
        "end_date=2026-01-01T00:00:00",
        "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
        "start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
        "status=pending",
        "service_code=teleportasi",
        "service_code=%ff",
    ] {
        let (s, e) = get(bad.into()).await;
        assert_eq!(s, 400, "{bad}: {e}");
        is_error(&e, 400);
    }
    app.stop().await;
}

async fn api_keys_from_the_command_line(b: Backend) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = database_url(b).await;
    let d = dir.path();
    let catalog = d.join("agencies.json");
    std::fs::write(&catalog, satupintu::demo::REPORT_AGENCIES).expect("write");
    let (ok, _, err) = satupintu(d, &url, &["import-catalog", catalog.to_str().expect("path")], None);
    assert!(ok, "{err}");

    let (ok, out, err) =
        satupintu(d, &url, &["api-key", "create", "--name", "Aplikasi Warga", "--agency", "diskominfo"], None);
    assert!(ok, "{err}");
    let key = out.trim().to_string();
    assert!(
        key.starts_with("sp311_") && !key.contains(char::is_whitespace) && key.len() > 40,
        "only the key on stdout: {out}"
    );
    assert!(err.contains("cannot be shown again"), "{err}");
    let (ok, out2, _) = satupintu(d, &url, &["api-key", "create", "--name", "Mitra"], None);
    assert!(ok);
    assert_ne!(out2.trim(), key);
    let (ok, _, err) = satupintu(d, &url, &["api-key", "create", "--name", "X", "--agency", "dinas-khayalan"], None);
    assert!(!ok && err.contains("--agency"), "{err}");
    let (ok, _, _) = satupintu(d, &url, &["api-key", "create", "--name", "   "], None);
    assert!(!ok, "a key needs a name");

    let (ok, list, _) = satupintu(d, &url, &["api-key", "list"], None);
    assert!(ok);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(lines[0].starts_with("1\tAplikasi Warga\tdiskominfo\t") && lines[0].ends_with("\t-"), "{list}");
    assert!(!list.contains(&key), "a key is shown once");

    let cfg = crate::common::config(b, d, url.clone());
    let state = satupintu::app::AppState::open(cfg).await.expect("open");
    let stored: String = sqlx::query("SELECT key_sha256 FROM api_keys WHERE id = 1")
        .fetch_one(state.db.pool())
        .await
        .expect("row")
        .get(0);
    assert_eq!(stored, satupintu::identity::token_hash(&key), "only the key's SHA-256 is kept");
    let found = satupintu::reports::open311::keys::check(&state, &key).await.expect("check").expect("a live key");
    assert_eq!((found.name.as_str(), found.agency_id.as_deref()), ("Aplikasi Warga", Some("diskominfo")));

    let (ok, _, err) = satupintu(d, &url, &["api-key", "revoke", "1"], None);
    assert!(ok, "{err}");
    let (ok, _, err) = satupintu(d, &url, &["api-key", "revoke", "1"], None);
    assert!(!ok && err.contains("No active API key"), "{err}");
    let (ok, list, _) = satupintu(d, &url, &["api-key", "list"], None);
    assert!(ok && !list.lines().next().unwrap_or("").ends_with("\t-"), "revoked: {list}");
    assert!(satupintu::reports::open311::keys::check(&state, &key).await.expect("check").is_none());
    assert!(satupintu::reports::open311::keys::check(&state, out2.trim()).await.expect("check").is_some());
    state.db.close().await;
}
