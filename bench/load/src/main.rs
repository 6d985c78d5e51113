//! The submission benchmark's two sides, measured in one run by `bench/suites/20-submissions.sh`:
//!
//! - `submit URL SECONDS CONCURRENCY`: registered citizens each upload a distinct 200 KB PDF to
//!   `POST /api/v1/uploads` and submit a birth-certificate application using it
//!   (`POST /api/v1/applications`, `submit: true`), in a loop, for SECONDS.
//! - `sqlite DIR SECONDS`: the raw baseline, a loop of single-row insert transactions into a
//!   SQLite file with the platform's settings (WAL, `synchronous = NORMAL`); and the same loop
//!   that first writes and fsyncs a 200 KB file, as the upload store does.
//!
//! Each prints one line: `<operations per second> <p50 ms> <p99 ms> <count> <errors>`.

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
        _ => bail!("usage: sp-bench-load submit URL SECONDS CONCURRENCY | sqlite[-file] DIR SECONDS"),
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

async fn submit(base: &str, secs: u64, concurrency: usize) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
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
    let start = Instant::now();
    let deadline = start + Duration::from_secs(secs);
    let mut tasks = vec![];
    for (w, token) in tokens.into_iter().enumerate() {
        let http = http.clone();
        let base = base.to_string();
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
