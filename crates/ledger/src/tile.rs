//! C2SP tlog-tiles: hash tiles and entry bundles, their paths and their contents.
//!
//! A tile at level `L` holds up to 256 consecutive hashes of tree height `8·L`: level 0 holds
//! leaf hashes, level 1 the roots of the 256-leaf subtrees, and so on. The `n`-th tile of a
//! level covers hashes `[256·n, 256·n + 256)`. A tree of size `s` has
//! `s >> 8L` hashes at level `L`: the tiles below that count are full, and the rest, if
//! any, form a partial tile of width `(s >> 8L) mod 256`. Entry bundles follow level 0.

use std::fmt;

use crate::hash::{Hash, HASH_SIZE};

/// Tree height covered by one tile.
pub const TILE_HEIGHT: u32 = 8;
/// Number of hashes in a full tile, and of entries in a full bundle.
pub const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;
/// Highest tile level the path syntax allows.
pub const MAX_TILE_LEVEL: u8 = 63;
/// Largest entry an entry bundle can hold (its length is a big-endian uint16).
pub const MAX_ENTRY_SIZE: usize = u16::MAX as usize;

/// What a tile holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TileKind {
    /// Merkle tree hashes of tile level `0..=63` (tree height `8·level`).
    Hashes(u8),
    /// Log entries (an entry bundle).
    Entries,
}

/// A tile or entry bundle: its kind, its index within its level, and its width
/// (1 to 256; 256 is a full tile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tile {
    pub kind: TileKind,
    pub index: u64,
    pub width: u16,
}

/// A path that is not a canonical tlog-tiles path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a tile path: {0:?}")]
pub struct InvalidTilePath(pub String);

impl Tile {
    /// Whether the tile holds 256 hashes or entries.
    pub fn is_full(&self) -> bool {
        u64::from(self.width) == TILE_WIDTH
    }

    /// The tile of `kind` and `index` as it is in a tree of `tree_size` leaves, with the
    /// width it has there; `None` if the tree has nothing in it yet.
    pub fn in_tree(kind: TileKind, index: u64, tree_size: u64) -> Option<Tile> {
        let count = level_count(kind, tree_size);
        let full = count / TILE_WIDTH;
        let width = if index < full {
            TILE_WIDTH
        } else if index == full && !count.is_multiple_of(TILE_WIDTH) {
            count % TILE_WIDTH
        } else {
            return None;
        };
        Some(Tile { kind, index, width: width as u16 })
    }

    /// Whether this tile, at its width, exists in a tree of `tree_size` leaves (a partial
    /// tile also exists once the full tile does: it is a prefix of it).
    pub fn exists_in(&self, tree_size: u64) -> bool {
        Tile::in_tree(self.kind, self.index, tree_size).is_some_and(|t| t.width >= self.width)
    }

    /// The first hash (level) or entry (bundle) the tile holds.
    pub fn first(&self) -> u64 {
        self.index * TILE_WIDTH
    }

    /// The path relative to the log prefix: `tile/<L>/<N>[.p/<W>]` or
    /// `tile/entries/<N>[.p/<W>]`, `<N>` in `x`-prefixed groups of three digits.
    pub fn path(&self) -> String {
        self.to_string()
    }

    /// Parses a canonical tile path (the inverse of [`Tile::path`]).
    pub fn parse_path(path: &str) -> Result<Tile, InvalidTilePath> {
        let invalid = || InvalidTilePath(path.to_owned());
        let rest = path.strip_prefix("tile/").ok_or_else(invalid)?;
        let (kind, rest) = rest.split_once('/').ok_or_else(invalid)?;
        let kind = match kind {
            "entries" => TileKind::Entries,
            level => TileKind::Hashes(
                parse_decimal(level).filter(|&l| l <= u64::from(MAX_TILE_LEVEL)).ok_or_else(invalid)? as u8,
            ),
        };
        let (index, width) = match rest.split_once(".p/") {
            Some((index, width)) => {
                let width = parse_decimal(width).filter(|w| (1..TILE_WIDTH).contains(w)).ok_or_else(invalid)?;
                (index, width as u16)
            }
            None => (rest, TILE_WIDTH as u16),
        };
        let mut n: u64 = 0;
        let groups: Vec<&str> = index.split('/').collect();
        for (i, group) in groups.iter().enumerate() {
            let digits = if i + 1 < groups.len() { group.strip_prefix('x').ok_or_else(invalid)? } else { group };
            if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            let value = digits.parse::<u64>().map_err(|_| invalid())?;
            n = n.checked_mul(1000).and_then(|n| n.checked_add(value)).ok_or_else(invalid)?;
        }
        let tile = Tile { kind, index: n, width };
        // Rejects leading zero groups such as `x000/001`.
        if tile.path() != path {
            return Err(invalid());
        }
        Ok(tile)
    }
}

impl fmt::Display for Tile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TileKind::Hashes(level) => write!(f, "tile/{level}/")?,
            TileKind::Entries => f.write_str("tile/entries/")?,
        }
        let mut groups = Vec::new();
        let mut n = self.index;
        loop {
            groups.push(n % 1000);
            n /= 1000;
            if n == 0 {
                break;
            }
        }
        for (i, group) in groups.iter().rev().enumerate() {
            let prefix = if i + 1 < groups.len() { "x" } else { "" };
            let sep = if i + 1 < groups.len() { "/" } else { "" };
            write!(f, "{prefix}{group:03}{sep}")?;
        }
        if !self.is_full() {
            write!(f, ".p/{}", self.width)?;
        }
        Ok(())
    }
}

/// Decimal ASCII without leading zeroes.
fn parse_decimal(text: &str) -> Option<u64> {
    let canonical =
        !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

/// Number of hashes at a tile level (or entries, for bundles) in a tree of `tree_size`.
fn level_count(kind: TileKind, tree_size: u64) -> u64 {
    match kind {
        TileKind::Entries => tree_size,
        TileKind::Hashes(level) => tree_size.checked_shr(TILE_HEIGHT * u32::from(level)).unwrap_or(0),
    }
}

/// Number of stored hashes at tile `level` in a tree of `tree_size` leaves.
pub fn hash_count(level: u8, tree_size: u64) -> u64 {
    level_count(TileKind::Hashes(level), tree_size)
}

/// Every hash tile of a tree of `tree_size` leaves, level by level, full and partial.
pub fn hash_tiles(tree_size: u64) -> Vec<Tile> {
    tiles_of(tree_size, |level| Some(TileKind::Hashes(level)))
}

/// Every entry bundle of a tree of `tree_size` leaves.
pub fn entry_bundles(tree_size: u64) -> Vec<Tile> {
    tiles_of(tree_size, |level| (level == 0).then_some(TileKind::Entries))
}

fn tiles_of(tree_size: u64, kind_at: impl Fn(u8) -> Option<TileKind>) -> Vec<Tile> {
    let mut tiles = Vec::new();
    for level in 0..=MAX_TILE_LEVEL {
        let Some(kind) = kind_at(level) else { break };
        let count = level_count(kind, tree_size);
        if count == 0 {
            break;
        }
        tiles.extend((0..count.div_ceil(TILE_WIDTH)).filter_map(|index| Tile::in_tree(kind, index, tree_size)));
    }
    tiles
}

/// The bytes of a hash tile: its hashes, concatenated.
pub fn encode_hash_tile(hashes: &[Hash]) -> Vec<u8> {
    hashes.iter().flat_map(|h| h.0).collect()
}

/// The hashes of a hash tile's bytes, or `None` if the length is not a multiple of 32.
pub fn decode_hash_tile(bytes: &[u8]) -> Option<Vec<Hash>> {
    if !bytes.len().is_multiple_of(HASH_SIZE) {
        return None;
    }
    bytes.chunks_exact(HASH_SIZE).map(|c| Hash::from_slice(c).ok()).collect()
}

/// Appends one entry in bundle encoding (big-endian uint16 length, then the bytes).
/// `None` if the entry is longer than [`MAX_ENTRY_SIZE`].
pub fn encode_bundle_entry(out: &mut Vec<u8>, entry: &[u8]) -> Option<()> {
    let len = u16::try_from(entry.len()).ok()?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(entry);
    Some(())
}

/// The bytes of an entry bundle. `None` if an entry is longer than [`MAX_ENTRY_SIZE`].
pub fn encode_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(entries.iter().map(|e| e.as_ref().len() + 2).sum());
    for entry in entries {
        encode_bundle_entry(&mut out, entry.as_ref())?;
    }
    Some(out)
}

/// The entries of an entry bundle, or `None` if it is truncated.
pub fn decode_bundle(mut bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut entries = Vec::new();
    while !bytes.is_empty() {
        let (len, rest) = bytes.split_first_chunk::<2>()?;
        let len = usize::from(u16::from_be_bytes(*len));
        if rest.len() < len {
            return None;
        }
        entries.push(rest[..len].to_vec());
        bytes = &rest[len..];
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(level: u8, index: u64, width: u16) -> Tile {
        Tile { kind: TileKind::Hashes(level), index, width }
    }

    #[test]
    fn paths_follow_the_spec_examples() {
        assert_eq!(hashes(0, 1_234_067, 256).path(), "tile/0/x001/x234/067");
        assert_eq!(hashes(4, 1_234_067, 8).path(), "tile/4/x001/x234/067.p/8");
        assert_eq!(hashes(0, 0, 256).path(), "tile/0/000");
        assert_eq!(hashes(1, 1000, 1).path(), "tile/1/x001/000.p/1");
        let bundle = Tile { kind: TileKind::Entries, index: 1_234_067, width: 8 };
        assert_eq!(bundle.path(), "tile/entries/x001/x234/067.p/8");
        for tile in [hashes(0, 1_234_067, 256), hashes(63, u64::MAX, 255), bundle, hashes(2, 999, 17)] {
            assert_eq!(Tile::parse_path(&tile.path()), Ok(tile));
        }
    }

    #[test]
    fn non_canonical_paths_are_rejected() {
        for path in [
            "tile/0/1",
            "tile/00/001",
            "tile/0/x000/001",
            "tile/0/001/002",
            "tile/0/x001",
            "tile/64/001",
            "tile/0/001.p/0",
            "tile/0/001.p/256",
            "tile/0/001.p/07",
            "tile/entries/x18446744073709551/615",
            "tile/0/x018/x446/x744/x073/x709/x551/616",
            "tile/data/001",
            "tiles/0/001",
        ] {
            assert!(Tile::parse_path(path).is_err(), "{path}");
        }
    }

    #[test]
    fn tiles_of_a_tree_of_70000_match_the_spec() {
        let tiles = hash_tiles(70_000);
        let full = |level| tiles.iter().filter(|t| t.kind == TileKind::Hashes(level) && t.is_full()).count();
        let partial: Vec<_> = tiles.iter().filter(|t| !t.is_full()).map(|t| (t.kind, t.width)).collect();
        assert_eq!((full(0), full(1), full(2)), (273, 1, 0));
        assert_eq!(partial, [(TileKind::Hashes(0), 112), (TileKind::Hashes(1), 17), (TileKind::Hashes(2), 1)]);
        assert_eq!(hash_tiles(256), [hashes(0, 0, 256), hashes(1, 0, 1)]);
        assert!(hash_tiles(0).is_empty());
        assert_eq!(entry_bundles(257).len(), 2);
    }

    #[test]
    fn partial_tiles_exist_once_their_full_tile_does() {
        assert!(hashes(0, 0, 5).exists_in(5));
        assert!(hashes(0, 0, 5).exists_in(1000));
        assert!(!hashes(0, 0, 6).exists_in(5));
        assert!(!hashes(1, 0, 1).exists_in(255));
        assert!(hashes(1, 0, 1).exists_in(256));
    }

    #[test]
    fn bundles_round_trip_and_reject_truncation() {
        let entries = vec![b"".to_vec(), b"abc".to_vec(), vec![7; 300]];
        let bytes = encode_bundle(&entries).unwrap_or_default();
        assert_eq!(&bytes[..5], &[0, 0, 0, 3, b'a']);
        assert_eq!(decode_bundle(&bytes), Some(entries));
        assert_eq!(decode_bundle(&bytes[..bytes.len() - 1]), None);
        assert_eq!(encode_bundle(&[vec![0; MAX_ENTRY_SIZE + 1]]), None);
    }
}
