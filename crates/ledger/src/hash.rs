//! RFC 9162 §2.1 Merkle tree hashing: leaf and node hashes, the Merkle Tree Hash of a list
//! of leaves, and the [`Frontier`] that keeps the root of a growing tree in O(log n) memory.

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Length in bytes of a SHA-256 hash.
pub const HASH_SIZE: usize = 32;

/// A SHA-256 hash: a leaf hash, an interior node hash or a tree root.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; HASH_SIZE]);

/// A string or byte slice that is not a 32-byte hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a 32-byte hash")]
pub struct InvalidHash;

impl Hash {
    /// The hash in `bytes`, which must be exactly 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Hash, InvalidHash> {
        bytes.try_into().map(Hash).map_err(|_| InvalidHash)
    }

    /// Parses the standard base64 encoding (RFC 4648 §4, padded) used in checkpoints.
    pub fn from_base64(text: &str) -> Result<Hash, InvalidHash> {
        let bytes = BASE64.decode(text).map_err(|_| InvalidHash)?;
        Hash::from_slice(&bytes)
    }

    /// The standard base64 encoding, as in checkpoints and proofs served as text.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0)
    }

    /// Lower-case hexadecimal, for logs and error messages.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; HASH_SIZE] {
        &self.0
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

/// `SHA-256(0x00 || data)`: the hash of a log entry.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    Hash(h.finalize().into())
}

/// `SHA-256(0x01 || left || right)`: the hash of an interior node.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left.0);
    h.update(right.0);
    Hash(h.finalize().into())
}

/// The root of the empty tree, `SHA-256("")`.
pub fn empty_root() -> Hash {
    Hash(Sha256::digest([]).into())
}

/// The largest power of two strictly smaller than `n` (`n` ≥ 2).
pub(crate) fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// The Merkle Tree Hash (RFC 9162 §2.1.1) of a list of leaf hashes, computed directly.
///
/// It needs the whole list in memory; a log uses [`Frontier`] instead. Kept as the
/// specification's reference, for tests and small trees.
pub fn tree_root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split_point(n as u64) as usize;
            node_hash(&tree_root(&leaves[..k]), &tree_root(&leaves[k..]))
        }
    }
}

/// The root of a perfect subtree, given its bottom row (a power-of-two count of hashes).
pub(crate) fn perfect_root(row: &[Hash]) -> Hash {
    debug_assert!(row.len().is_power_of_two());
    let mut level = row.to_vec();
    while level.len() > 1 {
        level = level.chunks_exact(2).map(|pair| node_hash(&pair[0], &pair[1])).collect();
    }
    level[0]
}

/// The hash of the range of leaves whose perfect subtrees are `nodes`, left to right, in
/// decreasing size, as they occur in RFC 9162's recursion: folded from the right.
pub(crate) fn fold_right(nodes: &[Hash]) -> Option<Hash> {
    let (last, rest) = nodes.split_last()?;
    Some(rest.iter().rev().fold(*last, |acc, left| node_hash(left, &acc)))
}

/// A node of the tree that is the root of a perfect subtree: the `index`-th node at height
/// `level`, covering leaves `[index << level, (index + 1) << level)`. Level 0 nodes are leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    /// Height above the leaves.
    pub level: u8,
    /// Position among the nodes of that height, from the left.
    pub index: u64,
}

impl NodeId {
    /// The first leaf the node covers.
    pub fn first_leaf(&self) -> u64 {
        self.index << self.level
    }

    /// One past the last leaf the node covers.
    pub fn end_leaf(&self) -> u64 {
        (self.index + 1) << self.level
    }
}

/// The perfect subtrees that make up the leaf range `[lo, hi)`, left to right.
///
/// For the ranges that occur in RFC 9162 (`lo` a multiple of a power of two not smaller
/// than `hi - lo`), they come in decreasing size and [`fold_right`] of their hashes is the
/// Merkle Tree Hash of the range.
pub(crate) fn range_nodes(mut lo: u64, hi: u64) -> Vec<NodeId> {
    let mut nodes = Vec::new();
    while lo < hi {
        let align = if lo == 0 { 63 } else { lo.trailing_zeros() };
        let fit = 63 - (hi - lo).leading_zeros();
        let level = align.min(fit);
        nodes.push(NodeId { level: level as u8, index: lo >> level });
        lo += 1 << level;
    }
    nodes
}

/// The right edge of a tree: the roots of the perfect subtrees that make up its leaves,
/// one per set bit of the size, largest first.
///
/// Appending a leaf hashes at most log₂(n) nodes, and [`Frontier::push_with`] reports every
/// perfect subtree completed on the way, which is how a log learns the hashes it stores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    nodes: Vec<Hash>,
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Frontier {
        Frontier::default()
    }

    /// A frontier from its parts: the tree size and the roots of [`Frontier::node_ids`]`(size)`,
    /// in that order. `None` if their number does not match the size.
    pub fn from_parts(size: u64, nodes: Vec<Hash>) -> Option<Frontier> {
        (nodes.len() == size.count_ones() as usize).then_some(Frontier { size, nodes })
    }

    /// The perfect subtrees whose roots make up the frontier of a tree of `size` leaves.
    pub fn node_ids(size: u64) -> Vec<NodeId> {
        range_nodes(0, size)
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The roots of the perfect subtrees, largest first.
    pub fn nodes(&self) -> &[Hash] {
        &self.nodes
    }

    /// Appends a leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        self.push_with(leaf, |_, _| {});
    }

    /// Appends a leaf hash and calls `completed` for the leaf and for every perfect subtree
    /// it completes, from the bottom up.
    pub fn push_with(&mut self, leaf: Hash, mut completed: impl FnMut(NodeId, &Hash)) {
        let index = self.size;
        let mut hash = leaf;
        let mut level = 0u8;
        completed(NodeId { level, index }, &hash);
        while (index >> level) & 1 == 1 {
            let Some(left) = self.nodes.pop() else { break };
            hash = node_hash(&left, &hash);
            level += 1;
            completed(NodeId { level, index: index >> level }, &hash);
        }
        self.nodes.push(hash);
        self.size += 1;
    }

    /// The Merkle Tree Hash of the leaves appended so far.
    pub fn root(&self) -> Hash {
        fold_right(&self.nodes).unwrap_or_else(empty_root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        assert_eq!(empty_root().to_hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn split_point_is_largest_power_of_two_below() {
        assert_eq!([2, 3, 4, 5, 8, 9].map(split_point), [1, 2, 2, 4, 4, 8]);
        assert_eq!(split_point(u64::MAX), 1 << 63);
    }

    #[test]
    fn frontier_matches_reference_root_and_reports_every_perfect_subtree() {
        let leaves: Vec<Hash> = (0u32..300).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut frontier = Frontier::new();
        for (i, leaf) in leaves.iter().enumerate() {
            let mut seen = Vec::new();
            frontier.push_with(*leaf, |id, hash| seen.push((id, *hash)));
            for (id, hash) in seen {
                let range = &leaves[id.first_leaf() as usize..id.end_leaf() as usize];
                assert_eq!(hash, tree_root(range), "node {id:?}");
            }
            assert_eq!(frontier.root(), tree_root(&leaves[..=i]));
            let ids = Frontier::node_ids(frontier.size());
            let rebuilt =
                ids.iter().map(|id| tree_root(&leaves[id.first_leaf() as usize..id.end_leaf() as usize])).collect();
            assert_eq!(Frontier::from_parts(frontier.size(), rebuilt).as_ref(), Some(&frontier));
        }
    }

    #[test]
    fn hash_base64_round_trip_and_length_check() {
        let h = leaf_hash(b"x");
        assert_eq!(Hash::from_base64(&h.to_base64()), Ok(h));
        assert_eq!(Hash::from_base64("V3JvbmdSb290"), Err(InvalidHash));
        assert_eq!(Hash::from_slice(&[0; 31]), Err(InvalidHash));
    }
}
