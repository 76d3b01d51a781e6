"""Pairwise precision / recall / F1 of an attest clusters file (record_id,cluster_id) against
truth: FEBRL ids (rec-N-...) or a truth CSV (id,person). With FILE_A, only pairs across files
count (two-file linkage). Also cluster scores: cluster precision is the share of predicted
clusters that are exactly a true cluster, cluster recall the share of true clusters predicted
exactly (singletons included), cluster F1 their harmonic mean. Prints one JSON line."""
import csv
import json
import sys
from collections import Counter


def main():
    clusters_path, truth_spec = sys.argv[1], sys.argv[2]
    file_a = sys.argv[3] if len(sys.argv) > 3 else None
    rows = list(csv.DictReader(open(clusters_path)))
    if truth_spec == "febrl":
        person = {r["record_id"]: r["record_id"].split("-")[1] for r in rows}
    else:
        person = {r["id"]: r["person"] for r in csv.DictReader(open(truth_spec))}
    side = {}
    if file_a:
        ids_a = {line.split(",")[0].strip() for line in open(file_a).readlines()[1:]}
        side = {r["record_id"]: int(r["record_id"] not in ids_a) for r in rows}

    def pairs(key):
        groups = Counter()
        for r in rows:
            groups[(key(r), side.get(r["record_id"], 0))] += 1
        if file_a:
            by_key = {}
            for (k, s), n in groups.items():
                by_key.setdefault(k, [0, 0])[s] += n
            return sum(a * b for a, b in by_key.values())
        by_key = Counter()
        for (k, _), n in groups.items():
            by_key[k] += n
        return sum(n * (n - 1) // 2 for n in by_key.values())

    predicted = pairs(lambda r: r["cluster_id"])
    true_pairs = pairs(lambda r: person[r["record_id"]])
    correct = pairs(lambda r: (r["cluster_id"], person[r["record_id"]]))
    p = correct / predicted if predicted else 1.0
    r = correct / true_pairs if true_pairs else 1.0
    predicted_sets = {}
    true_sets = {}
    for row in rows:
        predicted_sets.setdefault(row["cluster_id"], set()).add(row["record_id"])
        true_sets.setdefault(person[row["record_id"]], set()).add(row["record_id"])
    exact = len({frozenset(s) for s in predicted_sets.values()} & {frozenset(s) for s in true_sets.values()})
    cp = exact / len(predicted_sets) if predicted_sets else 1.0
    cr = exact / len(true_sets) if true_sets else 1.0
    print(json.dumps({"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                      "cluster_precision": cp, "cluster_recall": cr,
                      "cluster_f1": 2 * cp * cr / (cp + cr) if cp + cr else 0.0}))


main()
