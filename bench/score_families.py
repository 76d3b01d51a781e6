"""Pairwise precision and recall of predicted clusters against the corpus's true families, and
for each kind of derived document whether it landed with its family's original.

    python bench/score_families.py CORPUS.tsv CLUSTERS.csv  -> one JSON line
"""
import collections
import json
import sys


def main(corpus, clusters):
    truth, kind = {}, {}
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            doc_id, family, k, _ = line.split("\t", 3)
            truth[doc_id], kind[doc_id] = family, k
    pred = {}
    with open(clusters, encoding="utf-8") as f:
        next(f)
        for line in f:
            doc_id, c = line.strip().split(",")
            pred[doc_id] = c
    pairs = lambda n: n * (n - 1) // 2
    both = collections.Counter((truth[d], pred[d]) for d in truth)
    tp = sum(pairs(n) for n in both.values())
    tp_fp = sum(pairs(n) for n in collections.Counter(pred[d] for d in truth).values())
    tp_fn = sum(pairs(n) for n in collections.Counter(truth.values()).values())
    original = {truth[d]: pred[d] for d in truth if kind[d] == "original"}
    by_kind = collections.defaultdict(lambda: [0, 0])
    for d in truth:
        if kind[d] not in ("original", "independent"):
            by_kind[kind[d]][0] += original.get(truth[d]) == pred[d]
            by_kind[kind[d]][1] += 1
    independent_joined = sum(
        1 for d in truth if kind[d] == "independent" and sum(1 for e in truth if pred[e] == pred[d]) > 1
    ) if len(truth) <= 20000 else None
    print(json.dumps({
        "precision": tp / max(tp_fp, 1),
        "recall": tp / max(tp_fn, 1),
        "by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_kind.items())},
        "independent_joined": independent_joined,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
