"""datasketch MinHashLSH over the same corpus as attest's provenance engine, the usual way:
word 5-gram shingles per document, one MinHash each (128 permutations), one LSH index at
Jaccard threshold 0.5, every document queried, candidates joined into clusters.
Whole process timed: reading the corpus to clusters written.

    python bench/provenance_peer.py CORPUS.tsv OUT.csv [THRESHOLD]
"""
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def main(path, out, threshold=0.5, num_perm=128):
    start = time.perf_counter()
    ids, sketches = [], []
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc_id, _family, _kind, text = line.rstrip("\n").split("\t", 3)
            tokens = WORD.findall(text.lower())
            shingles = {" ".join(tokens[i : i + 5]) for i in range(max(1, len(tokens) - 4))}
            m = MinHash(num_perm=num_perm)
            m.update_batch([s.encode("utf-8") for s in shingles])
            lsh.insert(doc_id, m)
            ids.append(doc_id)
            sketches.append(m)
    parent = list(range(len(ids)))
    index = {d: i for i, d in enumerate(ids)}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, m in enumerate(sketches):
        for other in lsh.query(m):
            a, b = find(i), find(index[other])
            if a != b:
                parent[a] = b
    with open(out, "w", encoding="utf-8") as f:
        f.write("id,cluster\n")
        for i, d in enumerate(ids):
            f.write(f"{d},{find(i)}\n")
    print(f"datasketch: {len(ids)} documents in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.5)
