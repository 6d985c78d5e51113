//! Reading a log from any [`Storage`]: roots, proofs, tiles and entry bundles.
//!
//! These functions need no [`crate::Log`] (no signing key, no sequencer), so every process
//! of a deployment can serve proofs and tiles from a shared database while one process
//! sequences. They read only what exists in a tree of the given size, and a proof reads
//! O(log n) hash ranges in one [`Storage::read_hash_ranges`] call.

use crate::hash::{perfect_root, Frontier, Hash, NodeId};
use crate::proof::{consistency_plan, inclusion_plan, ProofError, ProofPlan};
use crate::storage::{HashRange, Storage, StorageError};
use crate::tile::{encode_bundle, encode_hash_tile, Tile, TileKind, TILE_HEIGHT};

/// A read failure.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Proof(#[from] ProofError),
    /// The tree size asked for is larger than the stored tree.
    #[error("tree size {requested} is beyond the {stored} stored entries")]
    BeyondTree { requested: u64, stored: u64 },
}

/// The stored hash range whose perfect subtree is `node`.
pub(crate) fn node_range(node: NodeId) -> HashRange {
    let level = node.level / TILE_HEIGHT as u8;
    let below = node.level % TILE_HEIGHT as u8;
    HashRange { level, start: node.index << below, count: 1 << below }
}

/// The hashes of perfect subtrees, each computed from the tile hashes beneath it.
pub async fn read_nodes<S: Storage>(storage: &S, nodes: &[NodeId]) -> Result<Vec<Hash>, StorageError> {
    let ranges: Vec<HashRange> = nodes.iter().copied().map(node_range).collect();
    let rows = storage.read_hash_ranges(&ranges).await?;
    if rows.len() != ranges.len() {
        return Err(StorageError::Corrupt("read_hash_ranges returned the wrong number of ranges".into()));
    }
    ranges
        .iter()
        .zip(rows)
        .map(|(range, row)| {
            if row.len() as u64 != range.count {
                return Err(StorageError::Corrupt(format!("short read of hashes at level {}", range.level)));
            }
            Ok(perfect_root(&row))
        })
        .collect()
}

async fn check_size<S: Storage>(storage: &S, size: u64) -> Result<(), ReadError> {
    let stored = storage.entry_count().await?;
    if size > stored {
        return Err(ReadError::BeyondTree { requested: size, stored });
    }
    Ok(())
}

async fn run_plan<S: Storage>(storage: &S, plan: &ProofPlan) -> Result<Vec<Hash>, ReadError> {
    let hashes = read_nodes(storage, plan.nodes()).await?;
    Ok(plan.assemble(&hashes)?)
}

/// The frontier of the stored tree of `size` leaves.
pub async fn frontier_at<S: Storage>(storage: &S, size: u64) -> Result<Frontier, ReadError> {
    check_size(storage, size).await?;
    let nodes = read_nodes(storage, &Frontier::node_ids(size)).await?;
    Frontier::from_parts(size, nodes).ok_or_else(|| StorageError::Corrupt("frontier".into()).into())
}

/// The root hash of the stored tree of `size` leaves.
pub async fn root_at<S: Storage>(storage: &S, size: u64) -> Result<Hash, ReadError> {
    Ok(frontier_at(storage, size).await?.root())
}

/// The inclusion proof of entry `index` in the tree of `size` leaves.
pub async fn inclusion_proof<S: Storage>(storage: &S, index: u64, size: u64) -> Result<Vec<Hash>, ReadError> {
    let plan = inclusion_plan(index, size)?;
    check_size(storage, size).await?;
    run_plan(storage, &plan).await
}

/// The consistency proof from the tree of `old` leaves to the tree of `new` leaves.
pub async fn consistency_proof<S: Storage>(storage: &S, old: u64, new: u64) -> Result<Vec<Hash>, ReadError> {
    let plan = consistency_plan(old, new)?;
    check_size(storage, new).await?;
    run_plan(storage, &plan).await
}

/// The bytes of a hash tile or entry bundle as served at `<prefix>/<tile path>`, if it
/// exists in the tree of `tree_size` leaves (a partial tile also exists once a wider one
/// does). `tree_size` is normally the size of the latest signed checkpoint.
pub async fn read_tile<S: Storage>(storage: &S, tile: &Tile, tree_size: u64) -> Result<Option<Vec<u8>>, ReadError> {
    if !tile.exists_in(tree_size) {
        return Ok(None);
    }
    check_size(storage, tree_size).await?;
    let (start, count) = (tile.first(), u64::from(tile.width));
    Ok(Some(match tile.kind {
        TileKind::Hashes(level) => encode_hash_tile(&storage.read_hashes(level, start, count).await?),
        TileKind::Entries => encode_bundle(&storage.read_entries(start, count).await?)
            .ok_or_else(|| StorageError::Corrupt("stored entry longer than 65535 bytes".into()))?,
    }))
}
