//! Union-find by size (depth stays logarithmic without path compression, so `find` needs no
//! `&mut`). Small enough to keep here rather than share with attest-link,
//! whose version also tracks member lists for constrained clustering.

/// Disjoint sets over `0..n`.
pub(crate) struct UnionFind {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        UnionFind { parent: (0..n).collect(), size: vec![1; n] }
    }

    /// The representative of `x`.
    pub(crate) fn find(&self, mut x: usize) -> usize {
        while self.parent[x] != x {
            x = self.parent[x];
        }
        x
    }

    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (big, small) = if self.size[ra] >= self.size[rb] { (ra, rb) } else { (rb, ra) };
            self.parent[small] = big;
            self.size[big] += self.size[small];
        }
    }
}
