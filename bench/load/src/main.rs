//! The submission benchmark's two sides, measured in one run by `bench/suites/20-submissions.sh`:
//!
//! - `submit URL SECONDS CONCURRENCY`: registered citizens each upload a distinct 200 KB PDF to
//!   `POST /api/v1/uploads` and submit a birth-certificate application using it
//!   (`POST /api/v1/applications`, `submit: true`), in a loop, for SECONDS. URL may list several
//!   processes of one platform separated by commas (`bench/suites/95-scale-pg.sh`): citizen `i`
//!   then talks to the `i`-th of them, round robin, as behind a load balancer with sticky sessions.
//! - `sqlite DIR SECONDS`: the raw baseline, a loop of single-row insert transactions into a
//!   SQLite file with the platform's settings (WAL, `synchronous = NORMAL`); and the same loop
//!   that first writes and fsyncs a 200 KB file, as the upload store does.
//!
//! And the reports benchmark's, measured by `bench/suites/40-reports.sh`:
//!
//! - `report URL SECONDS CONCURRENCY`: registered citizens send reports (`POST /api/v1/reports`,
//!   JSON with category, description, a point in a city and privacy) in a loop, for SECONDS; URL
//!   may list several processes, as for `submit`.
//! - `seed-reports DB COUNT`: COUNT reports written straight into a migrated SatuPintu SQLite
//!   database (the real `reports` table and its indexes), spread over Indonesia in clusters
//!   around its cities, of mixed categories, statuses, privacy and ages over three years.
//! - `map URL SECONDS CONCURRENCY`: `GET URL/api/v1/reports?bbox=…` with a city-sized box at a
//!   random place around a random city, and a random mix of `category` and `status` filters; run
//!   against the bare hyper server it is the baseline (same client, same URLs).
//!
//! And the appointments benchmark's, measured by `bench/suites/60-appointments.sh`:
//!
//! - `book URL SECONDS CONCURRENCY SERVICE LOCATION`: registered citizens all want the earliest
//!   free slot of one service at one place today: each reads the free slots
//!   (`GET /api/v1/slots`), books the first (`POST /api/v1/bookings`), and when it got a place
//!   cancels it at once so the contention goes on; prints the booking requests per second, their
//!   p50 and p99, their count and errors (statuses other than 201 and 409), then how many got a
//!   place (201) and how many found the slot full (409).
//!
//! Each prints one line: `<operations per second> <p50 ms> <p99 ms> <count> <errors>` (`map`
//! adds the mean number of reports per answer).

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::{json, Value};

const FILE_BYTES: usize = 200 * 1024;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    match arg(1).as_str() {
        "submit" => submit(&arg(2), arg(3).parse()?, arg(4).parse()?).await,
        "sqlite" => sqlite(&arg(2), arg(3).parse()?, false).await,
        "sqlite-file" => sqlite(&arg(2), arg(3).parse()?, true).await,
        "report" => report_load(&arg(2), arg(3).parse()?, arg(4).parse()?).await,
        "seed-reports" => seed_reports(&arg(2), arg(3).parse()?).await,
        "map" => map(&arg(2), arg(3).parse()?, arg(4).parse()?).await,
        "book" => book(&arg(2), arg(3).parse()?, arg(4).parse()?, &arg(5), &arg(6)).await,
        _ => bail!(
            "usage: sp-bench-load submit|report|map URL SECONDS CONCURRENCY | sqlite[-file] DIR SECONDS \
             | seed-reports DB COUNT | book URL SECONDS CONCURRENCY SERVICE LOCATION"
        ),
    }
}

/// 200 KB of random-looking PDF comment lines, made once: generating them per request cost the
/// load generator a tenth of the machine, which it shares with the server it measures.
static PAD: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    let mut out = Vec::with_capacity(FILE_BYTES);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while out.len() < FILE_BYTES - 128 {
        out.extend_from_slice(b"% ");
        for _ in 0..62 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push(b'a' + (x % 26) as u8);
        }
        out.push(b'\n');
    }
    out
});

/// A one-page PDF of 200 KB, distinct for every `n` (its first line names `n`, so content
/// addressing stores each one).
fn pdf(n: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(FILE_BYTES);
    out.extend_from_slice(format!("%PDF-1.4\n% upload {n}\n").as_bytes());
    out.extend_from_slice(&PAD);
    out.extend_from_slice(b"trailer<</Root 1 0 R>>\n%%EOF\n");
    out
}

/// A valid NIK for the `i`-th benchmark citizen (Bandung, born on a real date, serial `i`).
fn nik(i: usize) -> String {
    format!("327301{:02}0190{:04}", 1 + i % 28, 1 + i / 28)
}

/// `i` written with letters (names may not hold digits): 0 → "A", 27 → "BB".
fn letters(i: usize) -> String {
    let mut out = String::new();
    let mut n = i;
    loop {
        out.insert(0, (b'A' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return out;
        }
    }
}

fn report(mut lat: Vec<Duration>, elapsed: Duration, errors: usize) {
    lat.sort();
    let q = |p: f64| lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1))).copied();
    let ms = |d: Option<Duration>| d.map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0);
    println!(
        "{:.1} {:.2} {:.2} {} {}",
        lat.len() as f64 / elapsed.as_secs_f64(),
        ms(q(0.5)),
        ms(q(0.99)),
        lat.len(),
        errors
    );
}

/// Register and sign in `concurrency` citizens; their bearer tokens.
async fn citizens(http: &reqwest::Client, base: &str, concurrency: usize) -> anyhow::Result<Vec<String>> {
    let mut tokens = vec![];
    for i in 0..concurrency {
        let email = format!("bench{i}@warga.example.id");
        let body = json!({"nik": nik(i), "full_name": format!("Warga Uji {}", letters(i)), "email": email,
                          "password": "rahasia-bench-2026"});
        let r = http.post(format!("{base}/api/v1/auth/register")).json(&body).send().await?;
        if !r.status().is_success() {
            bail!("register {i}: {} {}", r.status(), r.text().await.unwrap_or_default());
        }
        let r = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"login": email, "password": "rahasia-bench-2026"}))
            .send()
            .await?;
        let v: Value = r.json().await?;
        tokens.push(v["token"].as_str().context("token")?.to_string());
    }
    Ok(tokens)
}

async fn submit(base: &str, secs: u64, concurrency: usize) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let bases: Vec<&str> = base.split(',').collect();
    let tokens = citizens(&http, bases[0], concurrency).await?;
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    let mut tasks = vec![];
    for (w, token) in tokens.into_iter().enumerate() {
        let http = http.clone();
        let base = bases[w % bases.len()].to_string();
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut errors, mut n) = (vec![], 0usize, 0u64);
            while Instant::now() < deadline {
                n += 1;
                let t = Instant::now();
                match one(&http, &base, &token, pdf((w as u64) << 32 | n)).await {
                    Ok(()) => lat.push(t.elapsed()),
                    Err(_) => errors += 1,
                }
            }
            (lat, errors)
        }));
    }
    let (mut lat, mut errors) = (vec![], 0);
    for t in tasks {
        let (l, e) = t.await?;
        lat.extend(l);
        errors += e;
    }
    report(lat, start.elapsed(), errors);
    Ok(())
}

/// One submission: the upload, then the application that uses it.
async fn one(http: &reqwest::Client, base: &str, token: &str, file: Vec<u8>) -> anyhow::Result<()> {
    let part = reqwest::multipart::Part::bytes(file).file_name("surat-lahir.pdf");
    let r = http
        .post(format!("{base}/api/v1/uploads"))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await?;
    if r.status().as_u16() != 201 {
        bail!("upload {}", r.status());
    }
    let id = r.json::<Value>().await?["id"].clone();
    let fields = json!({
        "child_name": "Bayu Pratama", "child_birth_date": "2026-11-01", "child_birth_place": "Bandung",
        "child_gender": "laki_laki", "kk_number": "3273010101260001",
        "birth_notice": id, "marriage_document": id,
    });
    let r = http
        .post(format!("{base}/api/v1/applications"))
        .bearer_auth(token)
        .json(&json!({"service_id": "akta-kelahiran", "fields": fields, "submit": true}))
        .send()
        .await?;
    if r.status().as_u16() != 201 {
        bail!("application {} {}", r.status(), r.text().await.unwrap_or_default());
    }
    Ok(())
}

async fn sqlite(dir: &str, secs: u64, with_file: bool) -> anyhow::Result<()> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    use sqlx::{ConnectOptions, Connection};
    let opts = SqliteConnectOptions::new()
        .filename(format!("{dir}/raw.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let mut conn = opts.connect().await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, code TEXT NOT NULL, body TEXT NOT NULL)")
        .execute(&mut conn)
        .await?;
    let body =
        json!({"child_name": "Bayu Pratama", "child_birth_place": "Bandung", "pad": "x".repeat(600)}).to_string();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    let (mut lat, mut n) = (vec![], 0u64);
    while Instant::now() < deadline {
        n += 1;
        let t = Instant::now();
        if with_file {
            let path = format!("{dir}/blob-{n}");
            let bytes = pdf(n);
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                use std::io::Write;
                let mut f = std::fs::File::create(&path)?;
                f.write_all(&bytes)?;
                f.sync_all()
            })
            .await??;
        }
        let mut tx = conn.begin().await?;
        sqlx::query("INSERT INTO raw (code, body) VALUES (?, ?)")
            .bind(format!("SP-2026-{n:06}"))
            .bind(&body)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        lat.push(t.elapsed());
    }
    report(lat, start.elapsed(), 0);
    Ok(())
}

/// A small fast random generator (xorshift64*), seeded per task: no dependency, and cheap on
/// the cores the load generator shares with the server.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Standard normal (Box-Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * self.unit()).cos()
    }
    /// An index into `weights`, chosen in proportion to them.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let mut x = self.unit() * weights.iter().sum::<f64>();
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// Cities: name, latitude, longitude, weight (roughly the urban population, in 100,000s),
/// spread of its reports in degrees, and its regency code.
const CITIES: &[(&str, f64, f64, f64, f64, &str)] = &[
    ("Jakarta", -6.2088, 106.8456, 106.0, 0.10, "3171"),
    ("Surabaya", -7.2575, 112.7521, 29.0, 0.07, "3578"),
    ("Bandung", -6.9175, 107.6191, 25.0, 0.06, "3273"),
    ("Bekasi", -6.2383, 106.9756, 25.0, 0.05, "3275"),
    ("Medan", 3.5952, 98.6722, 24.0, 0.06, "1275"),
    ("Depok", -6.4025, 106.7942, 20.0, 0.04, "3276"),
    ("Tangerang", -6.1781, 106.6300, 18.0, 0.05, "3671"),
    ("Palembang", -2.9761, 104.7754, 17.0, 0.05, "1671"),
    ("Semarang", -6.9667, 110.4167, 16.0, 0.05, "3374"),
    ("Makassar", -5.1477, 119.4327, 15.0, 0.05, "7371"),
    ("Batam", 1.0456, 104.0305, 12.0, 0.06, "2171"),
    ("Bogor", -6.5950, 106.8167, 11.0, 0.04, "3271"),
    ("Pekanbaru", 0.5071, 101.4478, 10.0, 0.05, "1471"),
    ("Bandar Lampung", -5.4500, 105.2667, 10.0, 0.04, "1871"),
    ("Padang", -0.9471, 100.4172, 9.0, 0.04, "1371"),
    ("Malang", -7.9839, 112.6214, 9.0, 0.04, "3573"),
    ("Denpasar", -8.6705, 115.2126, 7.0, 0.04, "5171"),
    ("Samarinda", -0.5022, 117.1536, 8.0, 0.05, "6472"),
    ("Banjarmasin", -3.3194, 114.5908, 7.0, 0.04, "6371"),
    ("Pontianak", -0.0263, 109.3425, 6.5, 0.04, "6171"),
    ("Yogyakarta", -7.7956, 110.3695, 4.0, 0.04, "3471"),
    ("Surakarta", -7.5755, 110.8243, 5.5, 0.03, "3372"),
    ("Manado", 1.4748, 124.8421, 4.5, 0.04, "7171"),
    ("Balikpapan", -1.2379, 116.8529, 7.0, 0.05, "6471"),
    ("Jambi", -1.6101, 103.6131, 6.0, 0.04, "1571"),
    ("Kupang", -10.1772, 123.6070, 4.5, 0.04, "5371"),
    ("Mataram", -8.5833, 116.1167, 4.5, 0.03, "5271"),
    ("Ambon", -3.6954, 128.1814, 3.5, 0.04, "8171"),
    ("Palu", -0.8917, 119.8707, 3.8, 0.04, "7271"),
    ("Kendari", -3.9985, 122.5129, 3.5, 0.04, "7471"),
    ("Banda Aceh", 5.5483, 95.3238, 2.5, 0.03, "1171"),
    ("Jayapura", -2.5337, 140.7181, 3.0, 0.04, "9171"),
    ("Sorong", -0.8762, 131.2558, 2.8, 0.03, "9271"),
    ("Ternate", 0.7893, 127.3759, 2.0, 0.03, "8271"),
    ("Cirebon", -6.7063, 108.5570, 3.3, 0.03, "3274"),
];

const CATEGORIES: &[(&str, f64, &str)] = &[
    ("jalan", 25.0, "Jalan berlubang cukup dalam di dekat"),
    ("sampah", 20.0, "Tumpukan sampah tidak diangkut sejak seminggu di"),
    ("drainase_banjir", 15.0, "Saluran air tersumbat dan banjir setiap hujan di"),
    ("penerangan_jalan", 10.0, "Lampu penerangan jalan mati sudah dua minggu di"),
    ("air_bersih", 8.0, "Air PDAM tidak mengalir sejak tiga hari di"),
    ("pencemaran", 5.0, "Bau menyengat dari limbah pabrik sampai ke rumah warga di"),
    ("fasilitas_umum", 7.0, "Bangku dan ayunan taman rusak berbahaya untuk anak di"),
    ("pelayanan_petugas", 4.0, "Petugas loket lambat dan tidak ramah saat melayani di"),
    ("pungli", 2.0, "Ada pungutan tanpa kuitansi saat mengurus surat di"),
    ("lainnya", 4.0, "Pohon tumbang menutup sebagian badan jalan di"),
];

const PLACES: &[&str] = &[
    "pasar",
    "sekolah dasar",
    "puskesmas",
    "masjid",
    "terminal",
    "kantor kelurahan",
    "perempatan",
    "jembatan",
    "gang",
    "stasiun",
    "taman kota",
    "perumahan",
];

/// Reports older than a month are mostly settled; newer ones mostly still open.
const STATUSES: &[&str] =
    &["received", "verified", "dispatched", "in_progress", "resolved", "closed", "rejected", "duplicate"];
const OLD_STATUS_WEIGHTS: &[f64] = &[1.0, 1.0, 2.0, 3.0, 8.0, 70.0, 10.0, 5.0];
const NEW_STATUS_WEIGHTS: &[f64] = &[30.0, 15.0, 20.0, 15.0, 10.0, 5.0, 3.0, 2.0];

/// A place for a report: most in a city, some in its wider region, a few anywhere in the
/// country's extent. Returns (lat, lon, index of the nearest city).
fn place(rng: &mut Rng) -> (f64, f64, usize) {
    let weights: Vec<f64> = CITIES.iter().map(|c| c.3).collect();
    let c = rng.weighted(&weights);
    let (_, lat, lon, _, spread, _) = CITIES[c];
    let (lat, lon) = match rng.unit() {
        x if x < 0.75 => (lat + spread * rng.normal(), lon + spread * rng.normal()),
        x if x < 0.95 => (lat + 0.8 * rng.normal(), lon + 0.8 * rng.normal()),
        _ => (rng.range(-11.0, 6.0), rng.range(95.0, 141.0)),
    };
    (lat.clamp(-11.0, 6.0), lon.clamp(95.0, 141.0), c)
}

fn description(rng: &mut Rng, category: usize, city: usize) -> String {
    format!(
        "{} {} {}, {}. Mohon segera ditindaklanjuti karena mengganggu warga sekitar (laporan {}).",
        CATEGORIES[category].2,
        PLACES[rng.below(PLACES.len())],
        ["Jl. Merdeka", "Jl. Sudirman", "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. Gajah Mada"][rng.below(5)],
        CITIES[city].0,
        rng.next() % 100_000
    )
}

async fn report_load(base: &str, secs: u64, concurrency: usize) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let bases: Vec<&str> = base.split(',').collect();
    let tokens = citizens(&http, bases[0], concurrency).await?;
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    let mut tasks = vec![];
    let cat_weights: Vec<f64> = CATEGORIES.iter().map(|c| c.1).collect();
    for (w, token) in tokens.into_iter().enumerate() {
        let http = http.clone();
        let url = format!("{}/api/v1/reports", bases[w % bases.len()]);
        let cat_weights = cat_weights.clone();
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut errors) = (vec![], 0usize);
            let mut rng = Rng::new(w as u64 + 1);
            while Instant::now() < deadline {
                let (y, x, city) = place(&mut rng);
                let c = rng.weighted(&cat_weights);
                let privacy = ["public", "public", "public", "anonymous", "confidential"][rng.below(5)];
                let body = json!({"category": CATEGORIES[c].0, "description": description(&mut rng, c, city),
                                  "lat": y, "lon": x, "privacy": privacy});
                let t = Instant::now();
                let ok = match http.post(&url).bearer_auth(&token).json(&body).send().await {
                    Ok(r) => r.status().as_u16() == 201 && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                match ok {
                    true => lat.push(t.elapsed()),
                    false => errors += 1,
                }
            }
            (lat, errors)
        }));
    }
    let (mut lat, mut errors) = (vec![], 0);
    for t in tasks {
        let (l, e) = t.await?;
        lat.extend(l);
        errors += e;
    }
    report(lat, start.elapsed(), errors);
    Ok(())
}

/// Write `count` reports into the SatuPintu database at `db` (already migrated, the server
/// stopped), in transactions of many multi-row inserts. Reporters are the database's citizens.
async fn seed_reports(db: &str, count: usize) -> anyhow::Result<()> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    use sqlx::{ConnectOptions, Connection, Row};
    let opts = SqliteConnectOptions::new()
        .filename(db)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let mut conn = opts.connect().await?;
    // The indexes are written in random order: keep their pages in memory while seeding.
    sqlx::query("PRAGMA cache_size = -1048576").execute(&mut conn).await?;
    let citizens: Vec<i64> = sqlx::query("SELECT id FROM users WHERE role = 'citizen'")
        .fetch_all(&mut conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    if citizens.is_empty() {
        bail!("no citizens in {db}: start the server once with --demo");
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
    let span = 3 * 365 * 86_400;
    let cat_weights: Vec<f64> = CATEGORIES.iter().map(|c| c.1).collect();
    let mut rng = Rng::new(20_261_130);
    const COLS: usize = 16;
    const ROWS: usize = 500;
    let started = Instant::now();
    let mut done = 0;
    while done < count {
        let mut tx = conn.begin().await?;
        for _ in 0..100 {
            let n = ROWS.min(count - done);
            if n == 0 {
                break;
            }
            // Plain `?` placeholders: SQLite finds a numbered one (`$7`) by a linear search, which
            // made binding a 500-row insert cost more than the insert.
            let tuples = vec![format!("({})", vec!["?"; COLS].join(", ")); n];
            let sql = format!(
                "INSERT INTO reports (code, category, description, lat, lon, region_code, privacy, status, reporter_id, \
                 agency_id, suggested_category, supporters, hidden, created_at, updated_at, dispatch_due) VALUES {}",
                tuples.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for i in 0..n {
                let (lat, lon, city) = place(&mut rng);
                let c = rng.weighted(&cat_weights);
                let created = now - (rng.unit() * span as f64) as i64;
                let fresh = now - created < 30 * 86_400;
                let status = STATUSES[rng.weighted(if fresh { NEW_STATUS_WEIGHTS } else { OLD_STATUS_WEIGHTS })];
                let privacy = ["public", "anonymous", "confidential"][rng.weighted(&[70.0, 20.0, 10.0])];
                let agency = (!matches!(status, "received" | "verified" | "rejected" | "duplicate")).then_some(
                    ["dpupr", "dlh", "dpupr", "dishub", "pdam", "dlh", "dpupr", "inspektorat", "inspektorat", "dpupr"]
                        [c],
                );
                let in_city = (lat - CITIES[city].1).abs() < 0.3 && (lon - CITIES[city].2).abs() < 0.3;
                q = q
                    .bind(format!("LP-SEED-{:07}", done + i + 1))
                    .bind(CATEGORIES[c].0)
                    .bind(description(&mut rng, c, city))
                    .bind(lat)
                    .bind(lon)
                    .bind(in_city.then_some(CITIES[city].5))
                    .bind(privacy)
                    .bind(status)
                    .bind(citizens[rng.below(citizens.len())])
                    .bind(agency)
                    .bind(CATEGORIES[c].0)
                    .bind((rng.unit().powi(4) * 40.0) as i64)
                    .bind(i64::from(rng.unit() < 0.005))
                    .bind(created)
                    .bind(created + (rng.unit() * 20.0 * 86_400.0) as i64)
                    .bind("2026-01-01");
            }
            q.execute(&mut *tx).await?;
            done += n;
        }
        tx.commit().await?;
    }
    eprintln!("seeded {count} reports in {:.1}s", started.elapsed().as_secs_f64());
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await?;
    Ok(())
}

/// A city-sized box (5 to 40 km a side) near a random city, and a random mix of filters.
fn map_url(rng: &mut Rng, base: &str) -> String {
    let (_, lat, lon, _, _, _) = CITIES[rng.below(CITIES.len())];
    let (lat, lon) = (lat + 0.05 * rng.normal(), lon + 0.05 * rng.normal());
    let (w, h) = (rng.range(0.05, 0.36), rng.range(0.05, 0.36));
    let mut url = format!(
        "{base}/api/v1/reports?bbox={:.5},{:.5},{:.5},{:.5}",
        lon - w / 2.0,
        lat - h / 2.0,
        lon + w / 2.0,
        lat + h / 2.0
    );
    let kind = rng.below(4);
    if kind & 1 == 1 {
        url.push_str(&format!("&category={}", CATEGORIES[rng.below(CATEGORIES.len())].0));
    }
    if kind & 2 == 2 {
        url.push_str(&format!("&status={}", STATUSES[rng.below(STATUSES.len())]));
    }
    url
}

async fn map(base: &str, secs: u64, concurrency: usize) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    // Warm up the connections (and whatever the server caches) for a second.
    let run = |secs: u64| {
        let start = Instant::now();
        let deadline = start + Duration::from_millis(secs);
        let tasks: Vec<_> = (0..concurrency)
            .map(|w| {
                let (http, base) = (http.clone(), base.to_string());
                tokio::spawn(async move {
                    let (mut lat, mut errors, mut rows) = (vec![], 0usize, 0usize);
                    let mut rng = Rng::new(secs ^ (w as u64 + 7));
                    while Instant::now() < deadline {
                        let url = map_url(&mut rng, &base);
                        let t = Instant::now();
                        let body = match http.get(&url).send().await {
                            Ok(r) if r.status().is_success() => r.bytes().await.ok(),
                            _ => None,
                        };
                        match body {
                            Some(b) => {
                                lat.push(t.elapsed());
                                rows += serde_json::from_slice::<Value>(&b)
                                    .ok()
                                    .and_then(|v| v["reports"].as_array().map(Vec::len))
                                    .unwrap_or(0);
                            }
                            None => errors += 1,
                        }
                    }
                    (lat, errors, rows)
                })
            })
            .collect();
        (start, tasks)
    };
    let (_, warm) = run(1000);
    for t in warm {
        t.await?;
    }
    let (start, tasks) = run(secs * 1000);
    let (mut lat, mut errors, mut rows) = (vec![], 0, 0);
    for t in tasks {
        let (l, e, r) = t.await?;
        lat.extend(l);
        errors += e;
        rows += r;
    }
    let elapsed = start.elapsed();
    let n = lat.len().max(1);
    lat.sort();
    let q = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1))].as_secs_f64() * 1000.0;
    if lat.is_empty() {
        bail!("no answer from {base}");
    }
    println!(
        "{:.1} {:.2} {:.2} {} {} {:.0}",
        lat.len() as f64 / elapsed.as_secs_f64(),
        q(0.5),
        q(0.99),
        lat.len(),
        errors,
        rows as f64 / n as f64
    );
    Ok(())
}

/// One booking attempt on the earliest free slot: its status (0 when none is free).
async fn book_once(http: &reqwest::Client, base: &str, token: &str, slots: &str) -> anyhow::Result<(u16, Duration)> {
    let list: Value = http.get(slots).send().await?.json().await?;
    let Some(slot) = list["slots"].as_array().and_then(|s| s.first()).and_then(|s| s["id"].as_i64()) else {
        return Ok((0, Duration::ZERO));
    };
    let t = Instant::now();
    let r =
        http.post(format!("{base}/api/v1/bookings")).bearer_auth(token).json(&json!({"slot_id": slot})).send().await?;
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    let took = t.elapsed();
    if status == 201 {
        let code = body["code"].as_str().context("code")?;
        let r = http.post(format!("{base}/api/v1/bookings/{code}/cancel")).bearer_auth(token).send().await?;
        if !r.status().is_success() {
            bail!("cancel {}", r.status());
        }
    }
    Ok((status, took))
}

async fn book(base: &str, secs: u64, concurrency: usize, service: &str, location: &str) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let tokens = citizens(&http, base, concurrency).await?;
    let slots = format!("{base}/api/v1/slots?service_id={service}&location_id={location}");
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    let mut tasks = vec![];
    for token in tokens {
        let (http, base, slots) = (http.clone(), base.to_string(), slots.clone());
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut errors, mut won, mut full) = (vec![], 0usize, 0usize, 0usize);
            while Instant::now() < deadline {
                match book_once(&http, &base, &token, &slots).await {
                    Ok((201, d)) => {
                        won += 1;
                        lat.push(d);
                    }
                    Ok((409, d)) => {
                        full += 1;
                        lat.push(d);
                    }
                    _ => errors += 1,
                }
            }
            (lat, errors, won, full)
        }));
    }
    let (mut lat, mut errors, mut won, mut full) = (vec![], 0, 0, 0);
    for t in tasks {
        let (l, e, w, f) = t.await?;
        lat.extend(l);
        errors += e;
        won += w;
        full += f;
    }
    lat.sort();
    let elapsed = start.elapsed();
    let q = |p: f64| lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1))).copied();
    let ms = |d: Option<Duration>| d.map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0);
    println!(
        "{:.1} {:.2} {:.2} {} {} {} {}",
        lat.len() as f64 / elapsed.as_secs_f64(),
        ms(q(0.5)),
        ms(q(0.99)),
        lat.len(),
        errors,
        won,
        full
    );
    Ok(())
}
