//! The log as a Merkle tree, in the manner of RFC 6962 / RFC 9162 (Certificate Transparency).
//!
//! Leaf hash: `SHA-256(0x00 || leaf)`, where a leaf is a log entry's canonical bytes (the bytes its
//! chain hash covers, `log::entry_bytes`). Interior node: `SHA-256(0x01 || left || right)`. The
//! tree over `n` leaves splits at the largest power of two below `n`. A tree head is the size and
//! the root. An inclusion proof shows one entry is in a tree head; a consistency proof shows a
//! tree of size `m` is a prefix of a tree of size `n`, so a signed head of size `m` kept by a
//! third party pins the first `m` entries for ever. Pure functions; no I/O.

use sha2::{Digest, Sha256};

/// A SHA-256 value.
pub type Hash = [u8; 32];

/// `SHA-256(0x00 || leaf)`.
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(leaf);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The largest power of two strictly below `n` (`n >= 2`).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

/// The Merkle tree hash of the leaves whose leaf hashes are given (`SHA-256("")` for none).
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// The audit path of leaf `index` in the tree over `leaves` (RFC 9162, 2.1.3.1).
pub fn inclusion_proof(index: usize, leaves: &[Hash]) -> Vec<Hash> {
    let n = leaves.len();
    if n <= 1 || index >= n {
        return Vec::new();
    }
    let k = split(n);
    if index < k {
        let mut p = inclusion_proof(index, &leaves[..k]);
        p.push(root(&leaves[k..]));
        p
    } else {
        let mut p = inclusion_proof(index - k, &leaves[k..]);
        p.push(root(&leaves[..k]));
        p
    }
}

/// The consistency proof between the tree of the first `m` leaves and the tree of all of them
/// (RFC 9162, 2.1.4.1). Empty when `m` is 0 or the whole tree.
pub fn consistency_proof(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    fn sub(m: usize, leaves: &[Hash], whole: bool) -> Vec<Hash> {
        let n = leaves.len();
        if m == n {
            return if whole { Vec::new() } else { vec![root(leaves)] };
        }
        let k = split(n);
        if m <= k {
            let mut p = sub(m, &leaves[..k], whole);
            p.push(root(&leaves[k..]));
            p
        } else {
            let mut p = sub(m - k, &leaves[k..], false);
            p.push(root(&leaves[..k]));
            p
        }
    }
    if m == 0 || m > leaves.len() {
        return Vec::new();
    }
    sub(m, leaves, true)
}

/// Checks an inclusion proof (RFC 9162, 2.1.3.2).
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Checks a consistency proof between tree heads `(m, first)` and `(n, second)` (RFC 9162,
/// 2.1.4.2).
pub fn verify_consistency(m: u64, n: u64, first: &Hash, second: &Hash, proof: &[Hash]) -> bool {
    if m == 0 || m > n {
        return false;
    }
    if m == n {
        return proof.is_empty() && first == second;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if m.is_power_of_two() {
        path.push(*first);
    }
    path.extend_from_slice(proof);
    let Some((start, rest)) = path.split_first() else { return false };
    let (mut f, mut s) = (m - 1, n - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*start, *start);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *first && sr == *second && s == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(format!("entry {i}").as_bytes())).collect()
    }

    /// Trees written out by hand, node by node, following the RFC's definition.
    #[test]
    fn roots_match_hand_computed_trees() {
        let l = leaves(7);
        let (a, b, c, d, e, f, g) = (l[0], l[1], l[2], l[3], l[4], l[5], l[6]);
        assert_eq!(root(&[]), <[u8; 32]>::from(Sha256::digest([])));
        assert_eq!(root(&l[..1]), a);
        assert_eq!(leaf_hash(b"entry 0"), <[u8; 32]>::from(Sha256::digest(b"\x00entry 0")));
        let ab = node_hash(&a, &b);
        assert_eq!(root(&l[..2]), ab);
        assert_eq!(root(&l[..3]), node_hash(&ab, &c));
        let cd = node_hash(&c, &d);
        let abcd = node_hash(&ab, &cd);
        assert_eq!(root(&l[..4]), abcd);
        assert_eq!(root(&l[..5]), node_hash(&abcd, &e));
        let ef = node_hash(&e, &f);
        assert_eq!(root(&l[..6]), node_hash(&abcd, &ef));
        assert_eq!(root(&l[..7]), node_hash(&abcd, &node_hash(&ef, &g)));
        // A known value: SHA-256(0x01 || x || y) computed byte by byte.
        let mut bytes = vec![1u8];
        bytes.extend_from_slice(&a);
        bytes.extend_from_slice(&b);
        assert_eq!(ab, <[u8; 32]>::from(Sha256::digest(&bytes)));
    }

    #[test]
    fn inclusion_proofs_match_hand_computed_paths_and_verify() {
        let l = leaves(7);
        let (a, b, c, d, e, f, g) = (l[0], l[1], l[2], l[3], l[4], l[5], l[6]);
        let (ab, cd, ef) = (node_hash(&a, &b), node_hash(&c, &d), node_hash(&e, &f));
        let abcd = node_hash(&ab, &cd);
        // RFC 9162's example tree of 7 leaves: the path of d is [c, ab, efg].
        assert_eq!(inclusion_proof(3, &l), vec![c, ab, node_hash(&ef, &g)]);
        // The path of g is [ef, abcd]; of a in a tree of 1, empty.
        assert_eq!(inclusion_proof(6, &l), vec![ef, abcd]);
        assert!(inclusion_proof(0, &l[..1]).is_empty());
        let r = root(&l);
        for n in 1..=7usize {
            let rn = root(&l[..n]);
            for i in 0..n {
                let p = inclusion_proof(i, &l[..n]);
                assert!(verify_inclusion(i as u64, n as u64, &l[i], &p, &rn), "leaf {i} of {n}");
                assert!(!verify_inclusion(i as u64, n as u64, &leaf_hash(b"other"), &p, &rn));
            }
        }
        assert!(!verify_inclusion(3, 7, &d, &[c, ab], &r), "a short path fails");
        assert!(!verify_inclusion(7, 7, &d, &inclusion_proof(3, &l), &r));
    }

    #[test]
    fn consistency_proofs_match_hand_computed_ones_and_catch_rewrites() {
        let l = leaves(7);
        let (a, b, c, d, e, f, g) = (l[0], l[1], l[2], l[3], l[4], l[5], l[6]);
        let (ab, cd, ef) = (node_hash(&a, &b), node_hash(&c, &d), node_hash(&e, &f));
        let abcd = node_hash(&ab, &cd);
        // RFC 9162's examples over the 7-leaf tree: (3, 7) -> [c, d, ab, efg]; (4, 7) -> [efg];
        // (6, 7) -> [ef, g, abcd].
        let efg = node_hash(&ef, &g);
        assert_eq!(consistency_proof(3, &l), vec![c, d, ab, efg]);
        assert_eq!(consistency_proof(4, &l), vec![efg]);
        assert_eq!(consistency_proof(6, &l), vec![ef, g, abcd]);
        assert!(consistency_proof(7, &l).is_empty());
        for n in 1..=7usize {
            for m in 1..=n {
                let p = consistency_proof(m, &l[..n]);
                assert!(verify_consistency(m as u64, n as u64, &root(&l[..m]), &root(&l[..n]), &p), "{m} -> {n}");
            }
        }
        // A rewritten older entry: the old head is not a prefix of the new tree.
        let mut rewritten = l.clone();
        rewritten[1] = leaf_hash(b"rewritten");
        let p = consistency_proof(3, &rewritten);
        assert!(!verify_consistency(3, 7, &root(&l[..3]), &root(&rewritten), &p));
        // Entries removed from the end and others appended: same size, different prefix.
        let mut replaced = l[..5].to_vec();
        replaced.extend([leaf_hash(b"x"), leaf_hash(b"y")]);
        let p = consistency_proof(6, &replaced);
        assert!(!verify_consistency(6, 7, &root(&l[..6]), &root(&replaced), &p));
        assert!(!verify_consistency(5, 4, &root(&l[..5]), &root(&l[..4]), &[]));
    }
}
