//! Ledger benchmark: raw SHA-256 as the baseline, sequenced appends with durable batches on
//! `FileStorage`, and proof times in a tree of ten million entries. Prints a markdown table.
//!
//! ```text
//! cargo run --release -p ledger --example ledger-bench -- [--big-dir DIR] [--big N] [--entries N] [--appenders N]
//! ```
//!
//! The big tree is built once in `--big-dir` (default `target/ledger-bench-tree`) and reused
//! by later runs.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ledger::{leaf_hash, reader, FileStorage, KeyType, Log, LogOptions, Signer, Storage};
use rand::Rng as _;

struct Args {
    big_dir: PathBuf,
    big: u64,
    entries: u64,
    appenders: u64,
    samples: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        big_dir: PathBuf::from("target/ledger-bench-tree"),
        big: 10_000_000,
        entries: 200_000,
        appenders: 1000,
        samples: 2000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || value.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--big-dir" => args.big_dir = PathBuf::from(&value),
            "--big" => args.big = number()?,
            "--entries" => args.entries = number()?,
            "--appenders" => args.appenders = number()?.max(1),
            "--samples" => args.samples = number()?.max(1) as usize,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

fn signer(name: &str) -> Signer {
    Signer::from_seed(name, KeyType::Ed25519, [7; 32]).expect("key")
}

fn sha256_per_second() -> f64 {
    let input = [0x5au8; 64];
    let count = 2_000_000u32;
    let start = Instant::now();
    let mut acc = 0u8;
    for i in 0..count {
        let mut data = input;
        data[..4].copy_from_slice(&i.to_le_bytes());
        acc ^= sha2_digest(&data)[0];
    }
    std::hint::black_box(acc);
    f64::from(count) / start.elapsed().as_secs_f64()
}

fn sha2_digest(data: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).into()
}

/// An entry of about 200 bytes, like a ledger leaf of hashes and public facts.
fn entry(task: u64, i: u64) -> Vec<u8> {
    let mut e = format!("{{\"event\":\"izin.terbit\",\"task\":{task},\"seq\":{i},\"doc\":\"").into_bytes();
    e.extend(leaf_hash(&i.to_be_bytes()).to_hex().bytes());
    e.resize(200, b' ');
    e
}

/// Entries per second, appended by `appenders` concurrent tasks into a fresh FileStorage.
async fn sequenced(entries: u64, appenders: u64, options: LogOptions) -> (f64, u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let storage = FileStorage::open(dir.path()).await.expect("storage");
    let log = Log::open(storage, signer("bench.example/seq"), options).await.expect("open");
    let per_task = entries / appenders;
    let start = Instant::now();
    let tasks: Vec<_> = (0..appenders)
        .map(|task| {
            let log = log.clone();
            tokio::spawn(async move {
                for i in 0..per_task {
                    log.append(entry(task, i)).await.expect("append");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    let elapsed = start.elapsed().as_secs_f64();
    let size = log.size();
    (size as f64 / elapsed, log.checkpoint().size)
}

/// Opens (building on first use) the big tree.
async fn big_tree(args: &Args) -> (Log<FileStorage>, Option<Duration>) {
    let storage = FileStorage::open(&args.big_dir).await.expect("big storage");
    let options = LogOptions { checkpoint_interval: None, max_batch_entries: 1 << 20 };
    let log = Log::open(storage, signer("bench.example/big"), options).await.expect("open big");
    if log.size() >= args.big {
        return (log, None);
    }
    let start = Instant::now();
    let chunk = 250_000;
    while log.size() < args.big {
        let from = log.size();
        let n = chunk.min(args.big - from);
        log.append_all((from..from + n).map(|i| leaf_hash(&i.to_be_bytes()).0.to_vec()).collect())
            .await
            .expect("append");
        eprintln!("  built {} / {}", log.size(), args.big);
    }
    log.sign_checkpoint().await.expect("sign");
    (log, Some(start.elapsed()))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn micros(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

async fn time_samples<F, Fut>(samples: usize, mut f: F) -> (Duration, Duration)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        let start = Instant::now();
        f().await;
        times.push(start.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("ledger-bench: {e}");
            std::process::exit(2);
        }
    };
    eprintln!("SHA-256 baseline");
    let sha = sha256_per_second();
    eprintln!("sequenced appends: {} entries, {} appenders", args.entries, args.appenders);
    let (every_batch, _) = sequenced(args.entries, args.appenders, LogOptions::default()).await;
    let per_second = LogOptions { checkpoint_interval: Some(Duration::from_secs(1)), ..LogOptions::default() };
    let (every_second, _) = sequenced(args.entries, args.appenders, per_second).await;

    eprintln!("tree of {} entries in {}", args.big, args.big_dir.display());
    let (log, built) = big_tree(&args).await;
    let cp = log.checkpoint();
    let size = cp.size;
    let storage = log.storage();
    // Sanity: the proofs being timed verify.
    let probe = size / 3;
    let proof = reader::inclusion_proof(storage, probe, size).await.expect("proof");
    ledger::verify_inclusion(probe, size, &leaf_hash(&leaf_hash(&probe.to_be_bytes()).0), &proof, &cp.root)
        .expect("verifies");
    let old = size / 2 + 1;
    let old_root = reader::root_at(storage, old).await.expect("root");
    let proof = reader::consistency_proof(storage, old, size).await.expect("proof");
    ledger::verify_consistency(old, size, &old_root, &cp.root, &proof).expect("consistent");

    let mut rng = rand::thread_rng();
    let indexes: Vec<u64> = (0..args.samples).map(|_| rng.gen_range(0..size)).collect();
    let mut it = indexes.iter().cycle();
    let inclusion = time_samples(args.samples, || {
        let index = *it.next().unwrap_or(&0);
        async move {
            std::hint::black_box(reader::inclusion_proof(storage, index, size).await.expect("proof"));
        }
    })
    .await;
    let mut it = indexes.iter().cycle();
    let consistency = time_samples(args.samples, || {
        let old = 1 + *it.next().unwrap_or(&0) % (size - 1);
        async move {
            std::hint::black_box(reader::consistency_proof(storage, old, size).await.expect("proof"));
        }
    })
    .await;
    let root = time_samples(args.samples.min(200), || async {
        std::hint::black_box(reader::root_at(storage, size).await.expect("root"));
    })
    .await;
    let stored = storage.entry_count().await.expect("count");

    println!("| measure | result | target |");
    println!("| --- | ---: | ---: |");
    println!("| SHA-256 of 64-byte inputs, one core (baseline) | {:.0} hashes/s | |", sha);
    println!(
        "| appends, FileStorage, durable batches, checkpoint signed after every batch ({} appenders, 200-byte entries) | {:.0} entries/s | ≥ 50,000 |",
        args.appenders, every_batch
    );
    println!("| appends, same, checkpoint at most once a second | {:.0} entries/s | ≥ 50,000 |", every_second);
    println!(
        "| inclusion proof in a tree of {stored} entries (FileStorage), median / p99 of {} | {} / {} | < 1 ms |",
        args.samples,
        micros(inclusion.0),
        micros(inclusion.1)
    );
    println!(
        "| consistency proof to a tree of {stored} entries, median / p99 of {} | {} / {} | < 1 ms |",
        args.samples,
        micros(consistency.0),
        micros(consistency.1)
    );
    println!(
        "| root of the tree of {stored} entries from storage, median / p99 | {} / {} | |",
        micros(root.0),
        micros(root.1)
    );
    if let Some(built) = built {
        println!(
            "| building the tree of {stored} entries (32-byte entries, batches of 250,000) | {:.0} entries/s | |",
            stored as f64 / built.as_secs_f64()
        );
    }
}
