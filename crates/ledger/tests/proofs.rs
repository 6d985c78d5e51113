//! Proof generation and verification against RFC 6962 known answers, the transparency-dev
//! test vectors (`shared/data/merkle-testdata`), a recursive transcription of RFC 9162's
//! `PATH` and `PROOF`, and random trees.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ledger::hash::{tree_root, Hash};
use ledger::proof::{consistency_plan, inclusion_plan, ProofPlan};
use ledger::storage::{Batch, MemoryStorage, Storage};
use ledger::{leaf_hash, node_hash, reader, verify_consistency, verify_inclusion, Frontier};
use proptest::prelude::*;
use serde_json::Value;

/// The leaves of RFC 6962's test tree.
fn rfc6962_entries() -> Vec<Vec<u8>> {
    ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .iter()
        .map(|h| (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or_default()).collect())
        .collect()
}

fn hex(h: &str) -> Hash {
    let bytes: Vec<u8> = (0..h.len()).step_by(2).filter_map(|i| u8::from_str_radix(&h[i..i + 2], 16).ok()).collect();
    Hash::from_slice(&bytes).expect("32-byte hex")
}

const RFC6962_ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// A storage holding `entries`, filled as a log fills it.
async fn storage_with(entries: Vec<Vec<u8>>) -> MemoryStorage {
    let storage = MemoryStorage::new();
    storage.append(Batch::build(&mut Frontier::new(), entries)).await.expect("append");
    storage
}

/// Proof hashes from a plan, with every subtree hash computed from the leaves directly.
fn run_plan(plan: &ProofPlan, leaves: &[Hash]) -> Vec<Hash> {
    let hashes: Vec<Hash> =
        plan.nodes().iter().map(|n| tree_root(&leaves[n.first_leaf() as usize..n.end_leaf() as usize])).collect();
    plan.assemble(&hashes).expect("plan")
}

/// RFC 9162 §2.1.3.1 `PATH(m, D[n])`, transcribed recursively.
fn reference_path(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    let n = leaves.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = n.next_power_of_two() / 2;
    if m < k {
        let mut p = reference_path(m, &leaves[..k]);
        p.push(tree_root(&leaves[k..]));
        p
    } else {
        let mut p = reference_path(m - k, &leaves[k..]);
        p.push(tree_root(&leaves[..k]));
        p
    }
}

/// RFC 9162 §2.1.4.1 `SUBPROOF(m, D[n], b)`, transcribed recursively.
fn reference_subproof(m: usize, leaves: &[Hash], whole: bool) -> Vec<Hash> {
    let n = leaves.len();
    if m == n {
        return if whole { Vec::new() } else { vec![tree_root(leaves)] };
    }
    let k = n.next_power_of_two() / 2;
    if m <= k {
        let mut p = reference_subproof(m, &leaves[..k], whole);
        p.push(tree_root(&leaves[k..]));
        p
    } else {
        let mut p = reference_subproof(m - k, &leaves[k..], false);
        p.push(tree_root(&leaves[..k]));
        p
    }
}

#[tokio::test]
async fn rfc6962_tree_roots_and_every_proof_of_sizes_1_to_8() {
    let entries = rfc6962_entries();
    let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    let storage = storage_with(entries).await;
    for size in 1..=8u64 {
        let root = reader::root_at(&storage, size).await.expect("root");
        assert_eq!(root, hex(RFC6962_ROOTS[size as usize - 1]), "root of size {size}");
        for index in 0..size {
            let proof = reader::inclusion_proof(&storage, index, size).await.expect("inclusion proof");
            assert_eq!(proof, reference_path(index as usize, &leaves[..size as usize]), "PATH({index}, {size})");
            verify_inclusion(index, size, &leaves[index as usize], &proof, &root).expect("verifies");
        }
        for old in 1..=size {
            let proof = reader::consistency_proof(&storage, old, size).await.expect("consistency proof");
            assert_eq!(proof, reference_subproof(old as usize, &leaves[..size as usize], true), "PROOF({old}, {size})");
            let old_root = hex(RFC6962_ROOTS[old as usize - 1]);
            verify_consistency(old, size, &old_root, &root, &proof).expect("verifies");
        }
    }
}

#[tokio::test]
async fn rfc6962_known_proofs() {
    let storage = storage_with(rfc6962_entries()).await;
    let inclusion_0_of_8 = [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ];
    assert_eq!(reader::inclusion_proof(&storage, 0, 8).await.ok(), Some(inclusion_0_of_8.map(hex).to_vec()));
    let consistency_2_5 = [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ];
    assert_eq!(reader::consistency_proof(&storage, 2, 5).await.ok(), Some(consistency_2_5.map(hex).to_vec()));
    let consistency_6_8 = [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ];
    assert_eq!(reader::consistency_proof(&storage, 6, 8).await.ok(), Some(consistency_6_8.map(hex).to_vec()));
}

/// `shared/data/merkle-testdata`: under `$SATUPINTU_SHARED_DATA` when set, else in the nearest
/// folder above the crate that has `shared/data` (the workplace keeps it beside the repository),
/// else the copy in `tests/data`.
fn testdata_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = match std::env::var_os("SATUPINTU_SHARED_DATA") {
        Some(d) => PathBuf::from(d).join("merkle-testdata"),
        None => manifest
            .ancestors()
            .map(|a| a.join("shared/data/merkle-testdata"))
            .find(|d| d.is_dir())
            // A clone with no shared/ above it uses the copy kept with the tests (same files,
            // same licence: tests/data/merkle-testdata/LICENSE and SOURCE.md).
            .unwrap_or_else(|| manifest.join("tests/data/merkle-testdata")),
    };
    assert!(
        dir.join("inclusion").is_dir() && dir.join("consistency").is_dir(),
        "the Merkle test vectors are missing: expected {} (shared/data/merkle-testdata beside the repository, \
         or set SATUPINTU_SHARED_DATA to the shared/data folder)",
        dir.display()
    );
    dir
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn field_bytes(case: &Value, key: &str) -> Vec<u8> {
    let text = case[key].as_str().unwrap_or_else(|| panic!("{key} missing"));
    BASE64.decode(text).unwrap_or_else(|e| panic!("{key}: {e}"))
}

/// A root or proof hash. The vectors use placeholders of other lengths ("WrongRoot",
/// "don't care") where only equality matters, which a 32-byte [`Hash`] cannot hold; they
/// map to a tagged SHA-256 of themselves, which keeps equal placeholders equal and makes
/// them unrelated to any tree hash.
fn placeholder_hash(bytes: &[u8]) -> Hash {
    use sha2::Digest as _;
    Hash::from_slice(bytes).unwrap_or_else(|_| {
        Hash(sha2::Sha256::new().chain_update(b"placeholder:").chain_update(bytes).finalize().into())
    })
}

fn field_hash(case: &Value, key: &str) -> Hash {
    placeholder_hash(&field_bytes(case, key))
}

fn proof_hashes(case: &Value) -> Vec<Hash> {
    match &case["proof"] {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .map(|v| placeholder_hash(&BASE64.decode(v.as_str().unwrap_or_default()).expect("base64 proof")))
            .collect(),
        other => panic!("proof is {other}"),
    }
}

fn u64_field(case: &Value, key: &str) -> u64 {
    case[key].as_u64().unwrap_or_else(|| panic!("{key} missing"))
}

fn run_vectors(kind: &str, check: impl Fn(&Value) -> bool) -> usize {
    let mut files = Vec::new();
    json_files(&testdata_dir().join(kind), &mut files);
    files.sort();
    assert!(files.len() > 50, "only {} {kind} vectors found", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let case: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let want_err = case["wantErr"].as_bool().expect("wantErr");
        if check(&case) == want_err {
            failures.push(format!("{} ({}): wantErr={want_err}", file.display(), case["desc"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {kind} vectors disagree:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    files.len()
}

#[test]
fn transparency_dev_inclusion_vectors() {
    let n = run_vectors("inclusion", |case| {
        let (index, size) = (u64_field(case, "leafIdx"), u64_field(case, "treeSize"));
        // A leaf hash of the wrong length is refused at the type boundary.
        let Ok(leaf) = Hash::from_slice(&field_bytes(case, "leafHash")) else { return false };
        let root = field_hash(case, "root");
        verify_inclusion(index, size, &leaf, &proof_hashes(case), &root).is_ok()
    });
    eprintln!("{n} inclusion vectors");
}

#[test]
fn transparency_dev_consistency_vectors() {
    let n = run_vectors("consistency", |case| {
        let (old, new) = (u64_field(case, "size1"), u64_field(case, "size2"));
        let (old_root, new_root) = (field_hash(case, "root1"), field_hash(case, "root2"));
        verify_consistency(old, new, &old_root, &new_root, &proof_hashes(case)).is_ok()
    });
    eprintln!("{n} consistency vectors");
}

/// A proof with one change: a flipped bit, a hash dropped, a hash added.
fn mutations(proof: &[Hash], pick: usize, bit: u8) -> Vec<Vec<Hash>> {
    let mut out = vec![proof.iter().copied().chain([leaf_hash(b"extra")]).collect()];
    if !proof.is_empty() {
        let i = pick % proof.len();
        let mut flipped = proof.to_vec();
        flipped[i].0[usize::from(bit / 8) % 32] ^= 1 << (bit % 8);
        out.push(flipped);
        let mut dropped = proof.to_vec();
        dropped.remove(i);
        out.push(dropped);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_inclusion_proofs_verify_and_mutated_ones_do_not(
        size in 1u64..1500, index_seed: u64, pick: usize, bit: u8,
    ) {
        let leaves: Vec<Hash> = (0..size).map(|i| leaf_hash(&i.to_le_bytes())).collect();
        let index = index_seed % size;
        let root = tree_root(&leaves);
        let proof = run_plan(&inclusion_plan(index, size).expect("plan"), &leaves);
        prop_assert_eq!(&proof, &reference_path(index as usize, &leaves));
        let leaf = leaves[index as usize];
        prop_assert!(verify_inclusion(index, size, &leaf, &proof, &root).is_ok());
        for bad in mutations(&proof, pick, bit) {
            prop_assert!(verify_inclusion(index, size, &leaf, &bad, &root).is_err());
        }
        prop_assert!(verify_inclusion(index, size, &node_hash(&leaf, &leaf), &proof, &root).is_err());
        prop_assert!(verify_inclusion(index ^ 1, size, &leaf, &proof, &root).is_err() || size == 1);
    }

    #[test]
    fn generated_consistency_proofs_verify_and_mutated_ones_do_not(
        new in 1u64..1500, old_seed: u64, pick: usize, bit: u8,
    ) {
        let leaves: Vec<Hash> = (0..new).map(|i| leaf_hash(&i.to_le_bytes())).collect();
        let old = 1 + old_seed % new;
        let (old_root, new_root) = (tree_root(&leaves[..old as usize]), tree_root(&leaves));
        let proof = run_plan(&consistency_plan(old, new).expect("plan"), &leaves);
        prop_assert_eq!(&proof, &reference_subproof(old as usize, &leaves, true));
        prop_assert!(verify_consistency(old, new, &old_root, &new_root, &proof).is_ok());
        for bad in mutations(&proof, pick, bit) {
            prop_assert!(verify_consistency(old, new, &old_root, &new_root, &bad).is_err());
        }
        let other_root = leaf_hash(b"other");
        prop_assert!(verify_consistency(old, new, &other_root, &new_root, &proof).is_err());
        prop_assert!(verify_consistency(old, new, &old_root, &other_root, &proof).is_err());
    }
}

#[tokio::test]
async fn proofs_from_storage_match_the_reference_across_tile_boundaries() {
    // 70,000 entries: three tile levels, partial tiles at every level.
    let entries: Vec<Vec<u8>> = (0u32..70_000).map(|i| i.to_be_bytes().to_vec()).collect();
    let leaves: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    let storage = storage_with(entries).await;
    for (index, size) in
        [(0, 70_000), (69_999, 70_000), (65_535, 65_536), (65_536, 65_537), (255, 256), (256, 69_000), (12_345, 54_321)]
    {
        let proof = reader::inclusion_proof(&storage, index, size).await.expect("proof");
        assert_eq!(proof, reference_path(index as usize, &leaves[..size as usize]), "PATH({index}, {size})");
    }
    for (old, new) in [(1, 70_000), (256, 70_000), (65_536, 70_000), (69_999, 70_000), (300, 65_536), (12_345, 54_321)]
    {
        let proof = reader::consistency_proof(&storage, old, new).await.expect("proof");
        assert_eq!(proof, reference_subproof(old as usize, &leaves[..new as usize], true), "PROOF({old}, {new})");
    }
    assert_eq!(reader::root_at(&storage, 70_000).await.ok(), Some(tree_root(&leaves)));
    assert!(reader::inclusion_proof(&storage, 0, 70_001).await.is_err());
}
