"""Peer for attest's linkage benchmark: Splink 5 on DuckDB with the standard settings of Splink's
own examples (name, date-of-birth and exact comparisons, random-sampling u, EM on two blocking
rules, predictions at 0.5, clusters at 0.9). Prints one JSON line: seconds and pairwise scores.

usage: python splink_peer.py febrl3 FILE | febrl4 FILE_A FILE_B | korean FILE TRUTH | unseen FILE TRUTH
       | census FILE TRUTH CLUSTERS_OUT | registry FILE TRUTH CLUSTERS_OUT | notables FILE TRUTH CLUSTERS_OUT
       | petitions FILE TRUTH CLUSTERS_OUT

`census` reads the generated historical census (crates/attest-link/src/synth_census.rs): birth
years from age and census year, name comparisons on forenames and surname, birth year within
1 and 2, sex, birth parish; writes its clusters (record_id,cluster_id) for bench/score.py.
"seconds" is the whole process up to clusters in memory (reading, training, prediction,
clustering), not the scoring that follows.

`notables` reads the generated historical notables (crates/attest-link/src/synth_notables.rs),
configured as Splink's own example for such a set (deduplicate_50k_synthetic) configures it:
ForenameSurnameComparison on first_name and surname with the first_and_surname concatenation
(term-frequency adjusted), DateOfBirthComparison, PostcodeComparison, exact birth_place and
occupation with term frequencies; blocking on (first_name, surname), (surname, dob),
(first_name, dob) and (postcode_fake, first_name); the prior from deterministic rules at recall
0.6; u by random sampling; EM on (first_name, surname) and (dob); predictions at 0.2, clusters at
0.95 as in that example.

`unseen` reads the generated lists of other organisations (crates/attest-link/src/synth_unseen.rs;
columns by position: id, surname, given name, full name, birth year, age, year of the age, sex,
origin, workplace, father's name, status, source). Splink gets what a careful user would do by
hand: columns renamed, birth years filled from age and its year, a name comparison on each name
column.

`registry` reads the independent Korean registry lists merged under one Korean header
(crates/attest-link/src/synth_registry.rs, `synth_registry ... korean`). Splink gets what a careful
user would do by hand: full names split into surname and given name where the parts are empty
(Hangul: first syllable; Latin: the ALL-CAPS word, else the first word), birth years from the first
four digits of the birth column or from the age and its year ("62(2008)" too), sex words mapped
to M/F, name comparisons with term frequencies, birth year within 1 and 2, exact origin and
workplace; writes its clusters for bench/score.py.

`petitions` reads the third set of lists (crates/attest-link/src/synth_petitions.rs; columns by
position, since their headers change per seed: id, source, name, romanized name, sex, birth,
origin, relatives, interviewer, notes). Splink gets what a careful user would do by hand: the
name from either name column with brackets, 故, 씨 and titles removed, split as for `registry`
("SURNAME, Given" at the comma); the birth year from the first four-digit year in the birth
column; sex words mapped; the father's name from a relatives cell; then the `registry` settings
without the workplace.
"""
import json
import sys
import time
from itertools import combinations

started = time.perf_counter()

import pandas as pd  # noqa: E402
import splink.comparison_level_library as cll  # noqa: E402
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402


def read(path):
    df = pd.read_csv(path, skipinitialspace=True, dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    return df.replace({"": None})


def febrl_settings(link_type):
    return SettingsCreator(
        unique_id_column_name="rec_id",
        link_type=link_type,
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("surname", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.9]),
            cl.ExactMatch("suburb"),
        ],
    )


def korean_settings():
    return SettingsCreator(
        unique_id_column_name="id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[block_on("name"), block_on("birth_year", "origin"), block_on("father_name")],
        comparisons=[
            cl.NameComparison("name"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("origin"),
            cl.ExactMatch("site"),
            cl.NameComparison("father_name"),
        ],
    )


def unseen_frame(path):
    df = read(path)
    names = ["id", "surname", "given", "full_name", "birth_year", "age", "age_year", "sex", "origin", "workplace", "father", "status", "source"]
    df.columns = names
    age = pd.to_numeric(df["age"], errors="coerce")
    year = pd.to_numeric(df["age_year"], errors="coerce")
    filled = (year - age).astype("Int64").astype(str).replace({"<NA>": None})
    df["birth_year"] = df["birth_year"].fillna(filled)
    return df


def unseen_settings():
    return SettingsCreator(
        unique_id_column_name="id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("surname", "given"),
            block_on("full_name"),
            block_on("birth_year", "origin"),
            block_on("father"),
        ],
        comparisons=[
            cl.NameComparison("surname"),
            cl.NameComparison("given"),
            cl.NameComparison("full_name"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("origin"),
            cl.ExactMatch("workplace"),
            cl.NameComparison("father"),
        ],
    )


def birth_year_within_2():
    return cl.CustomComparison(
        output_column_name="birth_year",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.AbsoluteDifferenceLevel("birth_year", 2),
            cll.ElseLevel(),
        ],
    )


def census_frame(path):
    df = read(path)
    df.columns = ["id", "census_year", "schedule", "forenames", "surname", "relationship", "sex", "age", "birth_place", "occupation"]
    year = pd.to_numeric(df["census_year"], errors="coerce") - pd.to_numeric(df["age"], errors="coerce")
    df["birth_year"] = year.astype("Int64")
    df["first_forename"] = df["forenames"].str.split(" ").str[0]
    return df


def census_settings():
    return SettingsCreator(
        unique_id_column_name="id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_forename", "surname"),
            block_on("surname", "birth_year"),
            block_on("first_forename", "birth_year", "birth_place"),
        ],
        comparisons=[
            cl.NameComparison("first_forename").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            birth_year_within_2(),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("birth_place", [0.9]),
        ],
    )


def registry_frame(path):
    import re

    df = read(path).fillna("")
    df = df.rename(columns={"record_id": "id", "성명": "full_name", "성": "surname", "이름": "given", "생년": "born",
                            "나이": "age", "조사년도": "age_year", "성별": "sex", "본적": "origin", "부친": "father",
                            "직장": "workplace"})

    def split(full):
        full = full.strip()
        if not full:
            return "", ""
        words = full.split()
        if len(words) == 1:
            return (full[0], full[1:]) if re.match(r"^[가-힣]+$", full) else ("", full)
        caps = [w for w in words if w.isupper() and len(w) > 1]
        if caps:
            return caps[0], " ".join(w for w in words if w != caps[0])
        return words[0], " ".join(words[1:])

    parts = df["full_name"].map(split)
    empty = df["surname"].eq("") & df["given"].eq("")
    df.loc[empty, "surname"] = parts[empty].str[0]
    df.loc[empty, "given"] = parts[empty].str[1]

    def year(row):
        m = re.match(r"^(\d{4})", row["born"])
        if m:
            return int(m.group(1))
        m = re.match(r"^(\d+)\D*(?:\((\d{4}))?", row["age"])
        if m:
            reported = m.group(2) or row["age_year"]
            if reported and reported.isdigit():
                return int(reported) - int(m.group(1))
        return None

    df["birth_year"] = df.apply(year, axis=1).astype("Int64")
    sexes = {"남": "M", "남자": "M", "m": "M", "male": "M", "여": "F", "여자": "F", "f": "F", "female": "F"}
    df["sex"] = df["sex"].str.lower().map(sexes)
    for c in ["surname", "given", "origin", "father", "workplace"]:
        df[c] = df[c].replace({"": None})
    return df


def petitions_frame(path):
    import re

    raw = read(path).fillna("")
    df = pd.DataFrame({"id": raw.iloc[:, 0]})

    def clean(name):
        name = re.sub(r"\(.*?\)", "", name).replace("故", "")
        name = re.sub(r"\s*(씨|님|목사|집사|선생|전도사)$", "", name.strip())
        return name.strip()

    names = [clean(a) or clean(b) for a, b in zip(raw.iloc[:, 2], raw.iloc[:, 3])]

    def split(full):
        if not full:
            return "", ""
        if "," in full:
            s, g = full.split(",", 1)
            return s.strip().lower(), g.strip().lower()
        words = full.split()
        if len(words) == 1:
            return (full[0], full[1:]) if re.match(r"^[가-힣]+$", full) else ("", full.lower())
        caps = [w for w in words if w.isupper() and len(w) > 1]
        if caps:
            return caps[0].lower(), " ".join(w for w in words if w != caps[0]).lower()
        return words[0].lower(), " ".join(words[1:]).lower()

    parts = [split(n) for n in names]
    df["surname"] = [p[0] or None for p in parts]
    df["given"] = [p[1] or None for p in parts]

    def year(v):
        m = re.search(r"(1[89]\d\d|20[0-3]\d)", v)
        return int(m.group(1)) if m else None

    df["birth_year"] = raw.iloc[:, 5].map(year).astype("Int64")
    sexes = {"남": "M", "남자": "M", "男": "M", "m": "M", "male": "M", "여": "F", "여자": "F", "女": "F", "f": "F", "female": "F"}
    df["sex"] = raw.iloc[:, 4].str.strip().str.lower().map(sexes)
    df["origin"] = raw.iloc[:, 6].str.strip().str.lower().replace({"": None, "미상": None, "unknown": None, "n/a": None, "-": None})

    def father(v):
        m = re.search(r"(?:부|父|아버지:?|Father:)\s*([^,]+)", v)
        name = (m.group(1) if m else v).strip()
        return None if name in ("", "미상", "모름", "불명", "-", "?", "N/A", "unknown", "없음") else name.lower()

    df["father"] = raw.iloc[:, 7].map(father)
    return df


def registry_settings(workplace=True):
    return SettingsCreator(
        unique_id_column_name="id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("surname", "given"),
            block_on("given", "birth_year"),
            block_on("birth_year", "origin"),
            block_on("father"),
        ],
        comparisons=[
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.NameComparison("given").configure(term_frequency_adjustments=True),
            birth_year_within_2(),
            cl.ExactMatch("sex"),
            cl.ExactMatch("origin"),
            *([cl.ExactMatch("workplace")] if workplace else []),
            cl.NameComparison("father"),
        ],
    )


def notables_settings():
    return SettingsCreator(
        unique_id_column_name="unique_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("postcode_fake", "first_name"),
        ],
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="first_and_surname"
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode_fake"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
        ],
    )


def notables(path, truth_path, out_path):
    df = read(path)
    truth = pd.read_csv(truth_path, dtype=str).set_index("id")["person"].to_dict()
    linker = Linker(DuckDBAPI().register(df), notables_settings())
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("first_name", "surname", "dob"),
            block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
            block_on("dob", "postcode_fake"),
        ],
        recall=0.6,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    pred = linker.inference.predict(threshold_match_probability=0.2)
    out = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.95).as_pandas_dataframe()
    seconds = time.perf_counter() - started
    out[["unique_id", "cluster_id"]].rename(columns={"unique_id": "record_id"}).to_csv(out_path, index=False)
    p, r, f = pairwise(out, "unique_id", lambda rid: truth[str(rid)])
    print(json.dumps({"peer": "splink", "mode": "notables", "seconds": seconds, "precision": p, "recall": r, "f1": f}))


def train_and_cluster(linker, rules):
    linker.training.estimate_probability_two_random_records_match([rules[0]], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for r in rules:
        linker.training.estimate_parameters_using_expectation_maximisation(r)
    pred = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, 0.9)
    return clusters.as_pandas_dataframe()


def pairwise(frame, id_col, truth_of, source_col=None):
    groups = {}
    truth = {}
    for _, row in frame.iterrows():
        groups.setdefault(row["cluster_id"], []).append(row)
        truth.setdefault(truth_of(row[id_col]), []).append(row)
    def count(gs):
        total = 0
        for members in gs.values():
            for a, b in combinations(members, 2):
                if source_col is None or a[source_col] != b[source_col]:
                    total += 1
        return total
    predicted = count(groups)
    true_pairs = count(truth)
    both = {}
    for _, row in frame.iterrows():
        both.setdefault((row["cluster_id"], truth_of(row[id_col])), []).append(row)
    correct = count(both)
    p = correct / predicted if predicted else 1.0
    r = correct / true_pairs if true_pairs else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    mode = sys.argv[1]
    db = DuckDBAPI()
    person = lambda rid: rid.split("-")[1]  # noqa: E731
    if mode == "febrl3":
        df = read(sys.argv[2])
        linker = Linker(db.register(df), febrl_settings("dedupe_only"))
        out = train_and_cluster(linker, [block_on("date_of_birth"), block_on("given_name", "surname")])
        p, r, f = pairwise(out, "rec_id", person)
    elif mode == "febrl4":
        a, b = read(sys.argv[2]), read(sys.argv[3])
        linker = Linker([db.register(a), db.register(b)], febrl_settings("link_only"))
        out = train_and_cluster(linker, [block_on("date_of_birth"), block_on("given_name", "surname")])
        p, r, f = pairwise(out, "rec_id", person, "source_dataset")
    elif mode in ("census", "registry", "petitions"):
        frames = {"census": census_frame, "registry": registry_frame, "petitions": petitions_frame}
        df = frames[mode](sys.argv[2])
        truth = pd.read_csv(sys.argv[3], dtype=str).set_index("id")["person"].to_dict()
        if mode == "census":
            linker = Linker(db.register(df), census_settings())
            out = train_and_cluster(linker, [block_on("surname", "birth_year"), block_on("first_forename", "birth_year")])
        else:
            settings = registry_settings(workplace=(mode == "registry"))
            linker = Linker(db.register(df), settings)
            out = train_and_cluster(linker, [block_on("surname", "given"), block_on("birth_year", "origin")])
        seconds = time.perf_counter() - started
        out[["id", "cluster_id"]].rename(columns={"id": "record_id"}).to_csv(sys.argv[4], index=False)
        p, r, f = pairwise(out, "id", lambda rid: truth[rid])
        print(json.dumps({"peer": "splink", "mode": mode, "seconds": seconds, "precision": p, "recall": r, "f1": f}))
        return
    elif mode == "notables":
        notables(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    elif mode == "unseen":
        df = unseen_frame(sys.argv[2])
        truth = pd.read_csv(sys.argv[3], dtype=str).set_index("id")["person"].to_dict()
        linker = Linker(db.register(df), unseen_settings())
        out = train_and_cluster(linker, [block_on("surname", "given"), block_on("birth_year", "origin")])
        p, r, f = pairwise(out, "id", lambda rid: truth[rid])
    else:
        df = read(sys.argv[2])
        truth = pd.read_csv(sys.argv[3], dtype=str).set_index("id")["person"].to_dict()
        linker = Linker(db.register(df), korean_settings())
        out = train_and_cluster(linker, [block_on("name"), block_on("birth_year", "origin")])
        p, r, f = pairwise(out, "id", lambda rid: truth[rid])
    print(json.dumps({"peer": "splink", "mode": mode, "seconds": time.perf_counter() - started, "precision": p, "recall": r, "f1": f}))


main()
