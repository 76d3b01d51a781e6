//! Candidate pairs from a sorted, partitioned shingle index.
//!
//! Hash maps from shingle to documents cost about 80 bytes an entry and scatter memory; a
//! million documents hold a billion shingles. Instead every shingle occurrence is packed into one
//! `u64` (the shingle hash's high bits, one bit for the signal, the document number in the low
//! bits), and the occurrences are sorted one partition of the hash space at a time, so equal
//! shingles sit side by side and the memory needed is one partition's worth. Hand-written because
//! no index crate offers this trade (exact document frequencies, a few bytes an entry).
//!
//! Pass 1 counts each shingle's document frequency, records boilerplate (too frequent to mean
//! anything), keeps for each document its rarest shingles shared with another document, and marks
//! which of its word shingles are shared at all. Probes are those rarest shingles plus one from
//! the middle of each of the longest runs of consecutive shared shingles: a quotation is such a
//! run, while in a large corpus a document's rarest shared shingles are often chance collisions.
//! Pass 2 looks the probes up and emits the candidate pairs.

use std::sync::Mutex;

use crate::Profile;

/// Rarest shared word shingles probed per document.
const PREFIX_WORDS: usize = 4;
/// Rarest shared skeleton shingles probed per document.
const PREFIX_SKELETON: usize = 2;
/// Probes taken from runs of shared shingles, longest runs first.
const RUN_PROBES: usize = 4;
/// Shortest run of shared sampled shingles worth a probe (about 12 words verbatim).
const MIN_PROBE_RUN: usize = 4;
/// Most bits of a shingle hash that index the document-frequency counters (1 GB of bytes).
const MAX_DF_BITS: u32 = 30;
/// Partners a document's probes may bring, rarest probe first (the first probe always counts,
/// so the copies of a story copied a thousand times are all found).
const PARTNER_BUDGET: u32 = 48;

/// Entries per partition aimed at (a partition is sorted in memory at once).
const PART_ENTRIES: usize = 24 << 20;

/// Packs occurrences: the 32-bit shingle hash in the high half, a signal bit (word or skeleton)
/// at bit 31, the document in the low bits.
#[derive(Clone, Copy)]
struct Packing {
    doc_bits: u32,
    part_bits: u32,
}

impl Packing {
    fn doc_mask(&self) -> u64 {
        (1u64 << self.doc_bits) - 1
    }
    fn signal_bit(&self) -> u64 {
        1u64 << 31
    }
    /// The shingle part of an entry (hash and signal bit).
    fn key(&self, entry: u64) -> u64 {
        entry & !self.doc_mask()
    }
    fn key_of(&self, hash: u32, skeleton: bool) -> u64 {
        let k = u64::from(hash) << 32;
        if skeleton { k | self.signal_bit() } else { k }
    }
    fn part(&self, key: u64) -> usize {
        if self.part_bits == 0 { 0 } else { (key >> (64 - self.part_bits)) as usize }
    }
    fn part_of_hash(&self, hash: u32) -> usize {
        self.part(u64::from(hash) << 32)
    }
    /// The slice of a sorted hash list inside partition `p`.
    fn slice<'a>(&self, hashes: &'a [u32], p: usize) -> &'a [u32] {
        if self.part_bits == 0 {
            return hashes;
        }
        let lo = hashes.partition_point(|&h| self.part_of_hash(h) < p);
        let hi = hashes.partition_point(|&h| self.part_of_hash(h) <= p);
        &hashes[lo..hi]
    }
}

/// What each thread of pass 1 gathers.
struct PassOne {
    rarest: Vec<Rarest>,
    boiler: Vec<u64>,
    kept: Vec<(usize, Vec<u64>)>,
    scratch: Vec<u64>,
    counts: Vec<(usize, Vec<u8>)>,
}

/// The `K` smallest (document frequency, key) pairs offered, kept inline (no allocation per
/// document: pass 1 offers tens of millions of times).
#[derive(Clone, Copy)]
struct Smallest<const K: usize> {
    items: [(u32, u64); K],
    len: usize,
}

impl<const K: usize> Default for Smallest<K> {
    fn default() -> Self {
        Smallest { items: [(u32::MAX, 0); K], len: 0 }
    }
}

impl<const K: usize> Smallest<K> {
    fn offer(&mut self, item: (u32, u64)) {
        if self.len == K && item >= self.items[K - 1] {
            return;
        }
        let mut at = self.len.min(K - 1);
        while at > 0 && self.items[at - 1] > item {
            self.items[at] = self.items[at - 1];
            at -= 1;
        }
        self.items[at] = item;
        self.len = (self.len + 1).min(K);
    }

    fn iter(&self) -> impl Iterator<Item = &(u32, u64)> {
        self.items[..self.len].iter()
    }
}

/// A document's rarest shared shingles: (document frequency, key), smallest first.
#[derive(Clone, Copy, Default)]
struct Rarest {
    words: Smallest<PREFIX_WORDS>,
    skeleton: Smallest<PREFIX_SKELETON>,
}

/// Sorts by bits `lo..hi` only: below are the document numbers (already ascending within a
/// shingle, as entries are pushed document by document, and LSD radix sorting is stable) and
/// above are the partition bits, constant within a partition. Three passes of 11 bits instead
/// of eight for a whole `u64`, with the scratch buffer reused across partitions.
fn radix_sort(v: &mut Vec<u64>, scratch: &mut Vec<u64>, lo: u32, hi: u32) {
    const DIGIT: u32 = 11;
    scratch.clear();
    scratch.resize(v.len(), 0);
    let mut counts = vec![0usize; 1 << DIGIT];
    let mut shift = lo;
    while shift < hi {
        let bits = DIGIT.min(hi - shift);
        let mask = (1u64 << bits) - 1;
        counts.iter_mut().for_each(|c| *c = 0);
        for &x in v.iter() {
            counts[((x >> shift) & mask) as usize] += 1;
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            let t = *c;
            *c = sum;
            sum += t;
        }
        for &x in v.iter() {
            let d = ((x >> shift) & mask) as usize;
            scratch[counts[d]] = x;
            counts[d] += 1;
        }
        std::mem::swap(v, scratch);
        shift += bits;
    }
}

fn entries_of(profiles: &[Profile], pack: Packing, p: usize, out: &mut Vec<u64>, scratch: &mut Vec<u64>) {
    out.clear();
    for (d, prof) in profiles.iter().enumerate() {
        for &h in pack.slice(&prof.words, p) {
            out.push(pack.key_of(h, false) | d as u64);
        }
        for &h in pack.slice(&prof.skeleton, p) {
            out.push(pack.key_of(h, true) | d as u64);
        }
    }
    radix_sort(out, scratch, 31, 64 - pack.part_bits);
}

/// Runs `work(p, acc)` for every partition on all cores; returns each thread's accumulator.
fn over_parts<T: Send>(parts: usize, work: impl Fn(usize, &mut T) + Sync, init: impl Fn() -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(parts);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (work, init) = (&work, &init);
                scope.spawn(move || {
                    let mut acc = init();
                    for p in (t..parts).step_by(threads) {
                        work(p, &mut acc);
                    }
                    acc
                })
            })
            .collect();
        // A panicked worker is resumed here, never dropped: a missing accumulator would silently
        // lose candidate pairs.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// Occurrences kept sorted between the passes when they fit (else pass 2 sorts them again).
const KEEP_ENTRIES: usize = 400 << 20;

/// Drops boilerplate shingles from `profiles` and returns the candidate pairs, each packed as
/// `a << 32 | b` with `a < b`, sorted and deduplicated.
pub(crate) fn candidates(profiles: &mut [Profile], common_df: usize) -> Vec<u64> {
    let n = profiles.len();
    if n < 2 {
        return Vec::new();
    }
    let doc_bits = (usize::BITS - (n - 1).leading_zeros()).max(1);
    assert!(doc_bits <= 31, "more than 2^31 documents");
    let total: usize = profiles.iter().map(|p| p.words.len() + p.skeleton.len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    // At least one partition per core, so both passes use every core.
    let part_bits = (total / PART_ENTRIES).max(threads).next_power_of_two().trailing_zeros().min(10);
    let keep = total <= KEEP_ENTRIES;
    let pack = Packing { doc_bits, part_bits };
    let parts = 1usize << part_bits;
    let shared: &[Profile] = profiles;
    // Document frequencies of word shingles, approximately: one saturating byte per value of a
    // shingle's top bits, the largest frequency of the shingles that share it (a collision only
    // overstates a frequency). Written once per shingle in key order, so the writes stream
    // through memory instead of jumping between documents; read when choosing run probes.
    // Each partition owns the counters of its own slice of the hash space: plain bytes, no
    // atomics, allocated zeroed by the partition that fills them.
    let df_bits = (total.max(1) * 2).next_power_of_two().trailing_zeros().clamp(12 + part_bits, MAX_DF_BITS);
    let slots_per_part = 1usize << (df_bits - part_bits);
    // Pass 1: frequencies, boilerplate, rarest shared shingles per document.
    let results = over_parts(
        parts,
        |p, acc: &mut PassOne| {
            let PassOne { rarest, boiler, kept, scratch, counts } = acc;
            let mut part_counts = vec![0u8; slots_per_part];
            // Write before reading: a fresh zeroed page first read maps the shared zero page, and
            // the write after it costs a copy-on-write fault and a TLB shootdown on every core.
            part_counts.fill(0);
            let first_slot = p * slots_per_part;
            let mut owned = Vec::new();
            entries_of(shared, pack, p, &mut owned, scratch);
            let buf = &owned;
            let mut i = 0;
            while i < buf.len() {
                let key = pack.key(buf[i]);
                // Groups are short: a linear scan beats a binary search over the whole buffer.
                let mut j = i + 1;
                while j < buf.len() && pack.key(buf[j]) == key {
                    j += 1;
                }
                let df = j - i;
                let skeleton = key & pack.signal_bit() != 0;
                if !skeleton {
                    let c = &mut part_counts[(key >> (64 - df_bits)) as usize - first_slot];
                    *c = (*c).max(df.min(255) as u8);
                }
                if df > common_df {
                    boiler.push(key);
                } else if df >= 2 {
                    for &e in &buf[i..j] {
                        let r = &mut rarest[(e & pack.doc_mask()) as usize];
                        if skeleton {
                            r.skeleton.offer((df as u32, key));
                        } else {
                            r.words.offer((df as u32, key));
                        }
                    }
                }
                i = j;
            }
            if keep {
                kept.push((p, owned));
            }
            counts.push((p, part_counts));
        },
        || PassOne {
            rarest: vec![Rarest::default(); n],
            boiler: Vec::new(),
            kept: Vec::new(),
            scratch: Vec::new(),
            counts: Vec::new(),
        },
    );
    let mut rarest = vec![Rarest::default(); n];
    let mut boilerplate = Vec::new();
    let mut sorted: Vec<Mutex<Vec<u64>>> = (0..parts).map(|_| Mutex::new(Vec::new())).collect();
    let mut dfs: Vec<Vec<u8>> = vec![Vec::new(); parts];
    for PassOne { rarest: r, boiler: b, kept: k, counts, .. } in results {
        boilerplate.extend(b);
        for (p, entries) in k {
            sorted[p] = Mutex::new(entries);
        }
        for (p, c) in counts {
            dfs[p] = c;
        }
        for (into, from) in rarest.iter_mut().zip(r) {
            for &item in from.words.iter() {
                into.words.offer(item);
            }
            for &item in from.skeleton.iter() {
                into.skeleton.offer(item);
            }
        }
    }
    // Probes: (key | document), sorted, for pass 2. Each document's rarest shingles and the
    // rarest shingle of each of its longest verbatim runs, rarest first, within the budget.
    let chunk = n.div_ceil(threads).max(1);
    let rarest = &rarest;
    let dfs = &dfs;
    let per_thread: Vec<Vec<u64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    let mut mine: Vec<(u32, u64)> = Vec::new();
                    for (d, (prof, r)) in shared.iter().zip(rarest).enumerate().skip(start).take(chunk) {
                        mine.clear();
                        mine.extend(r.words.iter().chain(r.skeleton.iter()).copied());
                        mine.extend(
                            run_keys(prof, dfs, df_bits, part_bits)
                                .into_iter()
                                .map(|(df, high)| (df, pack.key_of(high, false))),
                        );
                        mine.sort_unstable();
                        let mut spent = 0u32;
                        for (i, &(df, key)) in mine.iter().enumerate() {
                            if i > 0 && spent + df > PARTNER_BUDGET {
                                break;
                            }
                            spent += df;
                            out.push(key | d as u64);
                        }
                    }
                    out
                })
            })
            .collect();
        // A panicked worker is resumed here, never dropped: a missing accumulator would silently
        // lose candidate pairs.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut probes: Vec<u64> = per_thread.into_iter().flatten().collect();
    probes.sort_unstable();
    probes.dedup();
    // Pass 2: every document holding a probed shingle is a candidate partner of the prober.
    let probes = &probes;
    let sorted = &sorted;
    let found = over_parts(
        parts,
        |p, (pairs, scratch): &mut (Vec<u64>, Vec<u64>)| {
            // Kept entries are borrowed, not taken: freeing hundreds of megabytes while the other
            // thread runs costs more in page-table shootdowns than it saves.
            let guard = sorted[p].lock().ok();
            let mut rebuilt = Vec::new();
            let buf: &[u64] = match guard.as_deref() {
                Some(kept) if !kept.is_empty() => kept,
                _ => {
                    entries_of(shared, pack, p, &mut rebuilt, scratch);
                    &rebuilt
                }
            };
            let lo = probes.partition_point(|&e| pack.part(e) < p);
            let hi = probes.partition_point(|&e| pack.part(e) <= p);
            for &probe in &probes[lo..hi] {
                let key = pack.key(probe);
                let a = (probe & pack.doc_mask()) as u32;
                let start = buf.partition_point(|&e| pack.key(e) < key);
                for &e in buf[start..].iter().take_while(|&&e| pack.key(e) == key) {
                    let b = (e & pack.doc_mask()) as u32;
                    if a != b {
                        pairs.push((u64::from(a.min(b)) << 32) | u64::from(a.max(b)));
                    }
                }
            }
            pairs.sort_unstable();
            pairs.dedup();
        },
        || (Vec::new(), Vec::new()),
    );
    let mut pairs: Vec<u64> = found.into_iter().flat_map(|(p, _)| p).collect();
    pairs.sort_unstable();
    pairs.dedup();
    // Boilerplate leaves the profiles before any pair is compared.
    if !boilerplate.is_empty() {
        boilerplate.sort_unstable();
        // The word sequence keeps its boilerplate: a stock phrase breaks a verbatim run instead
        // of being bridged (bridging let stock phrases of one outlet's unrelated stories add up
        // to a "quotation" on the generated corpus: precision 0.91 instead of 0.996).
        let words: Vec<u32> =
            boilerplate.iter().filter(|&&k| k & pack.signal_bit() == 0).map(|&k| (k >> 32) as u32).collect();
        let skeleton: Vec<u32> =
            boilerplate.iter().filter(|&&k| k & pack.signal_bit() != 0).map(|&k| (k >> 32) as u32).collect();
        for prof in profiles.iter_mut() {
            remove_sorted(&mut prof.words, &words);
            remove_sorted(&mut prof.skeleton, &skeleton);
        }
    }
    pairs
}

/// Removes from sorted `set` every value of sorted `drop`, by merging (no search per value).
fn remove_sorted(set: &mut Vec<u32>, drop: &[u32]) {
    let mut j = 0;
    set.retain(|&h| {
        while j < drop.len() && drop[j] < h {
            j += 1;
        }
        !(j < drop.len() && drop[j] == h)
    });
}

/// For each of a document's longest runs of shared word shingles, its rarest shingle: (document
/// frequency, top 32 bits).
fn run_keys(p: &Profile, dfs: &[Vec<u8>], df_bits: u32, part_bits: u32) -> Vec<(u32, u32)> {
    let per_part = df_bits - part_bits;
    let df = |high: u32| {
        let slot = (high >> (32 - df_bits)) as usize;
        let part = slot >> per_part;
        u32::from(dfs[part].get(slot & ((1 << per_part) - 1)).copied().unwrap_or(0))
    };
    // (length in sampled shingles, rarest frequency, its shingle) of every run long enough.
    let mut runs: Vec<(usize, u32, u32)> = Vec::new();
    let (mut len, mut best) = (0, (u32::MAX, 0u32));
    for h in p.sequence.iter().copied().map(Some).chain(std::iter::once(None)) {
        let f = h.map_or(0, df);
        if let Some(h) = h
            && f >= 2
        {
            len += 1;
            if f < best.0 {
                best = (f, h);
            }
            continue;
        }
        if len >= MIN_PROBE_RUN {
            runs.push((len, best.0, best.1));
        }
        len = 0;
        best = (u32::MAX, 0);
    }
    runs.sort_unstable_by(|a, b| b.cmp(a));
    runs.iter().take(RUN_PROBES).map(|&(_, f, h)| (f, h)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_partition_worker_fails_the_call() {
        let work = |p: usize, acc: &mut Vec<usize>| {
            assert!(p != 5, "partition {p} failed");
            acc.push(p);
        };
        let outcome = std::panic::catch_unwind(|| over_parts(16, work, Vec::new));
        assert!(outcome.is_err(), "a failed partition must not be dropped from the result");
        let mut all: Vec<usize> = over_parts(16, |p, acc: &mut Vec<usize>| acc.push(p), Vec::new).concat();
        all.sort_unstable();
        assert_eq!(all, (0..16).collect::<Vec<_>>());
    }
}
