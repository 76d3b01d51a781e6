#!/usr/bin/env python3
"""Tuning-only variant of a generated notables CSV with real-shaped UK postcodes.

synth_notables writes districts of two letters and a number up to 30 ("sn14 6sf"): three or four
characters, never two ("e1") and never a London sub-district ("sw1a"). Its first three characters
then often equal the district, which hides the difference between `postcode#prefix` and
`postcode#district`. This script maps each district of the input, one to one and the same for
every record, to a district of real shape (2 to 4 characters: "e1", "n16", "tq13", "sw1a", "ec2m"),
keeping each record's inward code, so a person's records keep one district as before. Only the
`postcode_fake` column changes; the truth file stays valid. Invented codes, no real address.

usage: real_postcodes.py IN.csv OUT.csv [SEED]
"""

import csv
import random
import sys


def districts(seed):
    """Real-shaped districts, shuffled with `seed`."""
    one_letter = ["e", "n", "w", "b", "m", "g", "l", "s"]
    two_letters = ["tq", "sn", "gu", "pl", "ex", "bl", "cm", "so", "ba", "ct", "wf", "pr", "ca", "ta", "sa", "ll"]
    two_letters += ["ky", "dd", "ab", "iv", "td", "dg", "ml", "fk"]
    london = ["ec", "wc", "sw", "nw", "se"]
    out = [f"{a}{n}" for a in one_letter for n in range(1, 21)]
    out += [f"{a}{n}" for a in two_letters for n in range(1, 31)]
    out += [f"{a}{n}" for a in london for n in range(1, 21)]
    out += [f"{a}{n}{s}" for a in london for n in range(1, 5) for s in "abmnpry"]
    random.Random(seed).shuffle(out)
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("postcode_fake")
    outward = sorted({r[col].split()[0] for r in rows[1:] if " " in r[col].strip()})
    pool = districts(seed)
    if len(outward) > len(pool):
        sys.exit(f"{len(outward)} districts, only {len(pool)} real-shaped ones to map them to")
    mapping = dict(zip(outward, pool))
    for r in rows[1:]:
        value = r[col].strip()
        if " " in value:
            out, inward = value.split(None, 1)
            r[col] = f"{mapping[out]} {inward}"
    with open(dst, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    print(f"{len(mapping)} districts mapped; {sum(len(d) for d in mapping.values()) / len(mapping):.2f} characters on average")


if __name__ == "__main__":
    main()
