//! Joining the rules' finds into one list of candidate pairs, each with the mask of the rules
//! that found it: pairs packed into one number and sorted by radix (or in place on the workers
//! for very many), then the finds of one pair merged.

use super::{BLOCK_BITS_SHIFT, PairsAndMasks, WINDOWED_ONLY, rules_of, window_evidence_needed};

/// Most pushed pairs sorted by [`radix_sort_pairs`] (its second buffer holds as many); more are
/// sorted in place on the worker pool, so that a million records' tens of millions of pairs do
/// not need a second copy.
pub(super) const RADIX_SORT_MAX: usize = 1 << 23;

/// Sorts pushed pairs by pair number (`lo << 32 | hi`, both below `records`), finds of one pair
/// in any order, by least-significant-digit radix over the bits the record numbers use: three
/// passes for 50,000 records where a comparison sort made twenty-odd comparisons per pair (the
/// blocking phase's largest cost). Hand-written: no radix sort is among the dependencies, and
/// this is twenty lines.
pub(super) fn radix_sort_pairs(pairs: &mut Vec<(u64, u32)>, records: usize) {
    const DIGIT: u32 = 11;
    let half = usize::BITS - records.max(2).saturating_sub(1).leading_zeros();
    // The pair as one number of `2 * half` bits.
    let compact = |key: u64| ((key >> 32) << half) | (key & 0xffff_ffff);
    let passes = (2 * half).div_ceil(DIGIT);
    let mut counts = vec![[0usize; 1 << DIGIT]; passes as usize];
    for &(key, _) in pairs.iter() {
        let v = compact(key);
        for (p, count) in counts.iter_mut().enumerate() {
            count[((v >> (p as u32 * DIGIT)) & ((1 << DIGIT) - 1)) as usize] += 1;
        }
    }
    let mut from = std::mem::take(pairs);
    let mut to = vec![(0u64, 0u32); from.len()];
    for (p, count) in counts.iter().enumerate() {
        let shift = p as u32 * DIGIT;
        let mut next = [0usize; 1 << DIGIT];
        let mut at = 0;
        for (n, c) in next.iter_mut().zip(count) {
            *n = at;
            at += c;
        }
        for &pair in &from {
            let digit = ((compact(pair.0) >> shift) & ((1 << DIGIT) - 1)) as usize;
            to[next[digit]] = pair;
            next[digit] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *pairs = from;
}

/// Most records for which a pair and its rule bits pack into one `u64` (two record numbers of
/// 16 bits over the 32 bits of the mask), sorted by [`radix_sort_packed`].
pub(super) const PACKED_RECORDS: usize = 1 << 16;

/// A pair's finds joined: their rule bits together; it stays "windowed only" while every find
/// was in a window, with the smallest windowed block's size.
fn join_bits(mask: u32, bits: u32) -> u32 {
    let rules = rules_of(mask | bits);
    match (window_evidence_needed(mask), window_evidence_needed(bits)) {
        (Some(x), Some(y)) => rules | WINDOWED_ONLY | (x.min(y) << BLOCK_BITS_SHIFT),
        _ => rules,
    }
}

/// The rules' finds (pair numbers `lo << 32 | hi` with rule bits), sorted by pair and each pair's
/// finds joined ([`join_bits`]), for at most [`PACKED_RECORDS`] records: every find packed into
/// one `u64` (the pair's `2 * half` bits above the 32 bits of its mask), so the radix sort moves
/// 8 bytes a find, not 16, in parallel parts (one per range of the first record); the same
/// pairs and masks in the same order as sorting the `(u64, u32)` finds.
pub(super) fn join_finds_packed(
    per_rule: &[Vec<(u64, u32)>],
    records: usize,
    pool: &rayon::ThreadPool,
) -> PairsAndMasks {
    debug_assert!(records <= PACKED_RECORDS);
    let half = usize::BITS - records.max(2).saturating_sub(1).leading_zeros();
    // Parts by the first record's top bits: each part's pairs sort and join on their own, and
    // the parts in order are the whole list in order.
    let part_bits = half.min(4);
    let parts = 1usize << part_bits;
    let part_of = |key: u64| ((key >> 32) >> (half - part_bits)) as usize;
    let mut sizes = vec![0usize; parts];
    for rule in per_rule {
        for &(key, _) in rule {
            sizes[part_of(key)] += 1;
        }
    }
    let mut packed: Vec<Vec<u64>> = sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
    for rule in per_rule {
        for &(key, bits) in rule {
            let compact = ((key >> 32) << half) | (key & 0xffff_ffff);
            packed[part_of(key)].push((compact << 32) | u64::from(bits));
        }
    }
    let joined: Vec<PairsAndMasks> = pool.install(|| {
        use rayon::prelude::*;
        packed
            .into_par_iter()
            .map(|mut finds| {
                radix_sort_packed(&mut finds, 2 * half);
                let mut out: Vec<(u32, u32)> = Vec::with_capacity(finds.len());
                let mut masks: Vec<u32> = Vec::with_capacity(finds.len());
                let mut last = u64::MAX;
                for v in finds {
                    let (compact, bits) = (v >> 32, v as u32);
                    if compact == last {
                        if let Some(m) = masks.last_mut() {
                            *m = join_bits(*m, bits);
                        }
                    } else {
                        last = compact;
                        out.push(((compact >> half) as u32, (compact & ((1 << half) - 1)) as u32));
                        masks.push(bits);
                    }
                }
                (out, masks)
            })
            .collect()
    });
    let total: usize = joined.iter().map(|j| j.0.len()).sum();
    let (mut out, mut masks) = (Vec::with_capacity(total), Vec::with_capacity(total));
    for (o, m) in joined {
        out.extend(o);
        masks.extend(m);
    }
    (out, masks)
}

/// Finds sorted by pair, each pair's finds joined into one mask ([`join_bits`]).
pub(super) fn join_sorted(pairs: Vec<(u64, u32)>) -> PairsAndMasks {
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
    let mut masks: Vec<u32> = Vec::with_capacity(pairs.len());
    for (p, bits) in pairs {
        let pair = ((p >> 32) as u32, p as u32);
        if out.last() == Some(&pair) {
            if let Some(m) = masks.last_mut() {
                *m = join_bits(*m, bits);
            }
        } else {
            out.push(pair);
            masks.push(bits);
        }
    }
    (out, masks)
}

/// Sorts packed finds by their top `key_bits` bits above bit 32 (least-significant-digit radix,
/// 11 bits a pass; the order of one pair's finds is left as it comes). Hand-written, as
/// [`radix_sort_pairs`].
fn radix_sort_packed(finds: &mut Vec<u64>, key_bits: u32) {
    const DIGIT: u32 = 11;
    let passes = key_bits.div_ceil(DIGIT);
    let mut counts = vec![[0usize; 1 << DIGIT]; passes as usize];
    for &v in finds.iter() {
        for (p, count) in counts.iter_mut().enumerate() {
            count[((v >> (32 + p as u32 * DIGIT)) & ((1 << DIGIT) - 1)) as usize] += 1;
        }
    }
    let mut from = std::mem::take(finds);
    let mut to = vec![0u64; from.len()];
    for (p, count) in counts.iter().enumerate() {
        let shift = 32 + p as u32 * DIGIT;
        let mut next = [0usize; 1 << DIGIT];
        let mut at = 0;
        for (n, c) in next.iter_mut().zip(count) {
            *n = at;
            at += c;
        }
        for &v in &from {
            let digit = ((v >> shift) & ((1 << DIGIT) - 1)) as usize;
            to[next[digit]] = v;
            next[digit] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *finds = from;
}
