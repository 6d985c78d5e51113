//! Inclusion and consistency proofs (RFC 9162 §2.1.3 and §2.1.4).
//!
//! Producing a proof happens in two steps, so that a storage can answer with one batched
//! read: a [`ProofPlan`] names the O(log n) perfect subtrees whose hashes the proof needs,
//! and [`ProofPlan::assemble`] turns their hashes into the proof. Every subtree in a plan
//! lies entirely inside the tree, so its hash is a stored tile hash or a hash computed from
//! the stored tile hashes beneath it ([`crate::reader`]).

use crate::hash::{fold_right, node_hash, range_nodes, split_point, Hash, NodeId};

/// Why a proof cannot be produced or does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf index is not below the tree size.
    #[error("leaf index {index} is not in a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    /// The sizes are not `0 < old ≤ new`.
    #[error("no consistency proof from size {old} to size {new}")]
    InvalidSizes { old: u64, new: u64 },
    /// The proof has too few or too many hashes for the sizes.
    #[error("the proof has the wrong number of hashes")]
    WrongLength,
    /// The hashes recomputed from the proof are not the expected roots.
    #[error("the proof does not lead to the expected root")]
    RootMismatch,
    /// [`ProofPlan::assemble`] got a different number of hashes than the plan names.
    #[error("expected {expected} subtree hashes, got {got}")]
    PlanMismatch { expected: usize, got: usize },
}

/// The perfect subtrees whose hashes a proof needs, and how to combine them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProofPlan {
    nodes: Vec<NodeId>,
    /// For each proof hash, how many consecutive entries of `nodes` it folds.
    groups: Vec<usize>,
}

impl ProofPlan {
    fn from_ranges(ranges: impl IntoIterator<Item = (u64, u64)>) -> ProofPlan {
        let mut plan = ProofPlan::default();
        for (lo, hi) in ranges {
            let nodes = range_nodes(lo, hi);
            plan.groups.push(nodes.len());
            plan.nodes.extend(nodes);
        }
        plan
    }

    /// The subtrees to read, in the order [`ProofPlan::assemble`] expects their hashes.
    pub fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    /// Builds the proof from the hashes of [`ProofPlan::nodes`].
    pub fn assemble(&self, hashes: &[Hash]) -> Result<Vec<Hash>, ProofError> {
        if hashes.len() != self.nodes.len() {
            return Err(ProofError::PlanMismatch { expected: self.nodes.len(), got: hashes.len() });
        }
        let mut rest = hashes;
        let mut proof = Vec::with_capacity(self.groups.len());
        for &count in &self.groups {
            let (group, tail) = rest.split_at(count);
            proof.extend(fold_right(group));
            rest = tail;
        }
        Ok(proof)
    }
}

/// The plan of the inclusion proof of leaf `index` in the tree of `size` leaves
/// (RFC 9162 §2.1.3.1, `PATH(m, D[n])`).
pub fn inclusion_plan(index: u64, size: u64) -> Result<ProofPlan, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let (mut lo, mut hi) = (0, size);
    let mut siblings = Vec::new();
    while hi - lo > 1 {
        let mid = lo + split_point(hi - lo);
        if index < mid {
            siblings.push((mid, hi));
            hi = mid;
        } else {
            siblings.push((lo, mid));
            lo = mid;
        }
    }
    Ok(ProofPlan::from_ranges(siblings.into_iter().rev()))
}

/// The plan of the consistency proof between the trees of `old` and `new` leaves
/// (RFC 9162 §2.1.4.1, `PROOF(m, D[n])`). Empty when the sizes are equal.
pub fn consistency_plan(old: u64, new: u64) -> Result<ProofPlan, ProofError> {
    if old == 0 || old > new {
        return Err(ProofError::InvalidSizes { old, new });
    }
    let (mut lo, mut hi) = (0, new);
    // Whether the current subtree starts at the left edge of the tree, where the old root
    // is known to the verifier and so is left out of the proof.
    let mut whole = true;
    let mut parts = Vec::new();
    loop {
        if old - lo == hi - lo {
            if !whole {
                parts.push((lo, hi));
            }
            break;
        }
        let mid = lo + split_point(hi - lo);
        if old <= mid {
            parts.push((mid, hi));
            hi = mid;
        } else {
            parts.push((lo, mid));
            lo = mid;
            whole = false;
        }
    }
    Ok(ProofPlan::from_ranges(parts.into_iter().rev()))
}

/// Computes the root that an inclusion proof leads to (RFC 9162 §2.1.3.2).
pub fn root_from_inclusion_proof(index: u64, size: u64, leaf: &Hash, proof: &[Hash]) -> Result<Hash, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if sn == 0 {
            return Err(ProofError::WrongLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::WrongLength);
    }
    Ok(r)
}

/// Verifies that `leaf` is the leaf hash at `index` in the tree of `size` leaves with `root`.
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> Result<(), ProofError> {
    if root_from_inclusion_proof(index, size, leaf, proof)? == *root {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}

/// Verifies that the tree of `old` leaves with `old_root` is a prefix of the tree of `new`
/// leaves with `new_root` (RFC 9162 §2.1.4.2).
///
/// A proof from the empty tree (`old == 0`) is refused: it would prove nothing.
pub fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old == 0 || old > new {
        return Err(ProofError::InvalidSizes { old, new });
    }
    if old == new {
        if !proof.is_empty() {
            return Err(ProofError::WrongLength);
        }
        return if old_root == new_root { Ok(()) } else { Err(ProofError::RootMismatch) };
    }
    if proof.is_empty() {
        return Err(ProofError::WrongLength);
    }
    let (first, rest): (&Hash, &[Hash]) =
        if old.is_power_of_two() { (old_root, proof) } else { proof.split_first().ok_or(ProofError::WrongLength)? };
    let (mut fn_, mut sn) = (old - 1, new - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if sn == 0 {
            return Err(ProofError::WrongLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::WrongLength);
    }
    if fr == *old_root && sr == *new_root {
        Ok(())
    } else {
        Err(ProofError::RootMismatch)
    }
}
