//! The small algorithms every engine shares, kept in one copy here: union-find (corroboration,
//! provenance families, dga's junction trees, record linkage) and the seedable generator behind
//! every synthetic corpus and benchmark fixture.
//!
//! Both are hand-written on purpose. The union-find is a dozen lines and no crate in the tree
//! provides one. The generator is Marsaglia's xorshift64 (shifts 13, 7, 17) rather than a `rand`
//! generator because its exact output stream is part of what the tests and BENCHMARKS.md depend
//! on: the provenance corpus and the linkage synthetic populations were generated with it, and
//! their figures must stay reproducible. It is for invented fixtures only, never for anything
//! secret (ids and keys come from the operating system through `attest-vault`), and not for
//! statistics (the samplers in `attest-estimate` use `rand`'s xoshiro256++).

/// Disjoint sets over `0..n`, union by size. Depth stays logarithmic without path compression,
/// so [`UnionFind::find`] needs no `&mut` and a finished partition can be read while shared.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> Self {
        UnionFind { parent: (0..n).collect(), size: vec![1; n] }
    }

    /// How many elements (not sets).
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The representative of `x`'s set.
    ///
    /// # Panics
    /// If `x >= self.len()`.
    pub fn find(&self, mut x: usize) -> usize {
        while self.parent[x] != x {
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; `true` if they were apart (Kruskal's test).
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (big, small) = if self.size[ra] >= self.size[rb] { (ra, rb) } else { (rb, ra) };
        self.parent[small] = big;
        self.size[big] += self.size[small];
        true
    }

    /// How many elements share `x`'s set.
    pub fn set_size(&self, x: usize) -> usize {
        self.size[self.find(x)]
    }
}

/// A small deterministic generator (xorshift64) for invented fixtures: the same seed gives the
/// same stream on every machine and every run.
#[derive(Debug, Clone)]
pub struct SeededRng(u64);

impl SeededRng {
    /// A generator from `seed`; zero (the one state xorshift never leaves) is taken as one.
    pub fn new(seed: u64) -> Self {
        SeededRng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (`n == 0` is taken as one). Modulo bias is below 2^-40 for the sizes
    /// fixtures use.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// `true` with probability `p`, to one part in a million.
    pub fn chance(&mut self, p: f64) -> bool {
        self.below(1_000_000) as f64 / 1_000_000.0 < p
    }

    /// One element of a non-empty slice (word lists, tuples of words).
    ///
    /// # Panics
    /// If `items` is empty.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        assert!(!items.is_empty(), "pick from an empty slice");
        items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_joins_sets_and_reports_whether_they_were_apart() {
        let mut uf = UnionFind::new(6);
        assert!(uf.union(0, 1));
        assert!(uf.union(2, 3));
        assert!(uf.union(1, 3));
        assert!(!uf.union(0, 2), "already joined through 1 and 3");
        assert_eq!(uf.find(0), uf.find(2));
        assert_ne!(uf.find(0), uf.find(4));
        assert_eq!(uf.set_size(3), 4);
        assert_eq!(uf.set_size(5), 1);
        assert_eq!((uf.len(), uf.is_empty()), (6, false));
    }

    #[test]
    fn union_find_stays_shallow_on_a_long_chain() {
        // Union by size: joining 0-1, 1-2, ... must not build a chain of depth n.
        let n = 1 << 16;
        let mut uf = UnionFind::new(n);
        for i in 1..n {
            uf.union(i - 1, i);
        }
        let depth = |mut x: usize| {
            let mut d = 0;
            while uf.parent[x] != x {
                x = uf.parent[x];
                d += 1;
            }
            d
        };
        assert!((0..n).map(depth).max().unwrap() <= 17);
    }

    #[test]
    fn seeded_rng_is_the_xorshift64_stream_the_fixtures_were_made_with() {
        // The first outputs of xorshift64 (13, 7, 17) from seed 1, as the corpora were generated:
        // changing them changes every synthetic fixture and benchmark figure.
        let mut r = SeededRng::new(1);
        assert_eq!(r.next_u64(), 1_082_269_761);
        assert_eq!(r.next_u64(), 1_152_992_998_833_853_505);
        let mut zero = SeededRng::new(0);
        assert_eq!(zero.next_u64(), 1_082_269_761, "seed 0 is taken as 1");
    }

    #[test]
    fn seeded_rng_draws_stay_in_range_and_chance_follows_p() {
        let mut r = SeededRng::new(42);
        assert!((0..10_000).all(|_| r.below(7) < 7));
        assert_eq!(r.below(0), 0);
        let hits = (0..100_000).filter(|_| r.chance(0.25)).count();
        assert!((23_500..26_500).contains(&hits), "{hits}");
        assert!((0..1_000).all(|_| !r.chance(0.0)));
        let items = ["a", "b", "c"];
        let mut seen = [false; 3];
        for _ in 0..100 {
            let p = r.pick(&items);
            seen[items.iter().position(|&i| i == p).unwrap()] = true;
        }
        assert_eq!(seen, [true; 3]);
    }
}
