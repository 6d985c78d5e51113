//! Bounded edit distance for typo-tolerant matching.

/// The optimal-string-alignment (restricted Damerau–Levenshtein) distance
/// between `a` and `b`, counted in characters (not bytes), if it is at most
/// `max`; `None` otherwise.
///
/// The edits are insertion, deletion, substitution and transposition of two
/// adjacent characters (`kelahrian` → `kelahiran` is one edit), with no
/// substring edited twice. Only the diagonal band of width `2 * max + 1` is
/// computed, and the computation stops as soon as a whole row exceeds `max`,
/// so a call costs `O(len * max)` and unrelated words are rejected early.
///
/// ```
/// assert_eq!(bahasa::edit_distance_within("aktra", "akta", 1), Some(1));
/// assert_eq!(bahasa::edit_distance_within("kelahrian", "kelahiran", 1), Some(1));
/// assert_eq!(bahasa::edit_distance_within("paspor", "pajak", 2), None);
/// ```
pub fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    if n == 0 || m == 0 {
        return Some(n.max(m));
    }
    // Every value is capped at `cap`: anything above `max` is as good as
    // infinity, and cells outside the band are known to be above `max`.
    let cap = max + 1;
    let mut before: Vec<usize> = vec![cap; m + 1]; // row i - 2
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(cap)).collect(); // row i - 1
    let mut cur: Vec<usize> = vec![cap; m + 1]; // row i
    for i in 1..=n {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(m);
        cur[0] = i.min(cap);
        if lo > 1 {
            cur[lo - 1] = cap;
        }
        let mut row_min = cur[0];
        for j in lo..=hi {
            let substitution = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut d = substitution.min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            let d = d.min(cap);
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if hi < m {
            cur[hi + 1] = cap;
        }
        if row_min > max {
            // No later row can come back under `max`: every cell of a row is
            // reached from the row above (or, for a transposition, from two
            // rows above through a cell whose neighbour is already counted).
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m];
    (d <= max).then_some(d)
}

/// How many typos to tolerate in a word of `word_len` characters when
/// matching it against a vocabulary: 0 for words of up to 3 characters
/// (abbreviations such as `ktp`, `sim`, `kk` must match exactly), 1 for 4 to 7
/// characters and 2 for 8 or more.
///
/// ```
/// assert_eq!(bahasa::max_typos(3), 0);
/// assert_eq!(bahasa::max_typos("akta".len()), 1);
/// assert_eq!(bahasa::max_typos("kelahiran".len()), 2);
/// ```
pub fn max_typos(word_len: usize) -> usize {
    match word_len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain full-matrix OSA distance, the obvious way, to check against.
    fn osa(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn known_cases() {
        assert_eq!(edit_distance_within("akta", "akta", 0), Some(0));
        assert_eq!(edit_distance_within("aktra", "akta", 1), Some(1));
        assert_eq!(edit_distance_within("kelahrian", "kelahiran", 1), Some(1));
        assert_eq!(edit_distance_within("kelahrian", "kelahiran", 0), None);
        assert_eq!(edit_distance_within("paspor", "pasport", 1), Some(1));
        assert_eq!(edit_distance_within("izin", "ijin", 1), Some(1));
        assert_eq!(edit_distance_within("pendaftaran", "pendaftran", 2), Some(1));
        assert_eq!(edit_distance_within("ab", "ba", 1), Some(1));
        // OSA, not full Damerau: "ca" → "abc" needs 3 edits.
        assert_eq!(edit_distance_within("ca", "abc", 3), Some(3));
        assert_eq!(edit_distance_within("ca", "abc", 2), None);
        assert_eq!(edit_distance_within("", "abc", 3), Some(3));
        assert_eq!(edit_distance_within("abc", "", 2), None);
        // Counted in characters, not bytes.
        assert_eq!(edit_distance_within("café", "cafe", 1), Some(1));
    }

    #[test]
    fn early_exit() {
        // Length difference alone rules it out.
        assert_eq!(edit_distance_within("ktp", "kependudukan", 2), None);
        // Same length, nothing in common: the first rows already exceed max.
        assert_eq!(edit_distance_within("sampah", "kuburan", 2), None);
        assert_eq!(edit_distance_within("pajak", "izin", 1), None);
    }

    #[test]
    fn agrees_with_full_matrix() {
        // Deterministic pseudo-random words over a small alphabet, so that
        // matches and transpositions are frequent.
        let mut state: u64 = 0x5eed_1234_abcd_0001;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let alphabet = ['a', 'k', 't', 'r', 'e', 'n'];
        let word = |next: &mut dyn FnMut() -> usize| -> String {
            let len = next() % 8;
            (0..len).map(|_| alphabet[next() % alphabet.len()]).collect()
        };
        for _ in 0..5000 {
            let a = word(&mut next);
            let b = word(&mut next);
            let real = osa(&a, &b);
            for max in 0..4 {
                let expected = (real <= max).then_some(real);
                assert_eq!(edit_distance_within(&a, &b, max), expected, "{a:?} {b:?} max {max}");
            }
        }
    }

    #[test]
    fn typo_budget() {
        assert_eq!(max_typos(0), 0);
        assert_eq!(max_typos(3), 0);
        assert_eq!(max_typos(4), 1);
        assert_eq!(max_typos(7), 1);
        assert_eq!(max_typos(8), 2);
        assert_eq!(max_typos(20), 2);
    }
}
