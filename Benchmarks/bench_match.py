"""make bench-match: volt's record matching beside recordlinkage's ECM on the same files.

For each size and seed: `volt-bench generate-people` writes person records with other
agencies' messy copies of a fifth of the people and the truth; volt imports them and lists
every scored pair (`volt match --band all --format csv`); recordlinkage reads the same
entities.csv, blocks with the same five passes, compares the same fields (binary, as its ECM
needs) and classifies with ECMClassifier. Precision, recall and F1 against the planted truth,
seconds and peak memory, printed and written to BENCHMARKS.md between the match markers.

Not a test: timings belong here, never in `make test`.
"""
import argparse, csv, io, itertools, json, os, re, statistics, subprocess, sys, tempfile, time

import pandas as pd
import recordlinkage
from recordlinkage.preprocessing import phonetic

from report import ROOT, write_section


def truth_pairs(path):
    clusters = json.load(open(path))["duplicates"]
    pairs = set()
    for c in clusters:
        for a, b in itertools.combinations(sorted(c), 2):
            pairs.add((a, b))
    return pairs


def scores(predicted, truth):
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(truth) if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def timed(cmd, env):
    """Runs cmd under /usr/bin/time -v: (stdout, seconds, peak MB)."""
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {out.stderr[-2000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1)) / 1024
    return out.stdout, seconds, peak


def run_volt(volt, bench, records, seed, work):
    d = os.path.join(work, f"people-{records}-{seed}")
    subprocess.run([bench, "generate-people", str(records), str(seed), d], check=True, capture_output=True)
    env = dict(os.environ, VOLT_DB=os.path.join(d, "store.sqlite"), VOLT_PURPOSE="bench-match: matching benchmark",
               XDG_CONFIG_HOME=os.path.join(d, "config"))
    env.pop("VOLT_ACTOR", None)
    subprocess.run([volt, "init"], env=env, check=True, capture_output=True)
    subprocess.run([volt, "import", os.path.join(d, "entities.csv")], env=env, check=True, capture_output=True)
    # Timed: the whole match (every candidate compared and scored) listing the link band. The
    # review band is listed apart, untimed, for its recall: at 100,000 records it holds millions
    # of pairs, which is output volume, not matching.
    out, seconds, peak = timed([volt, "match", "--band", "link", "--format", "csv", "--top", "0"], env)
    rows = list(csv.DictReader(io.StringIO(out)))
    review = subprocess.run([volt, "match", "--band", "review", "--format", "csv", "--top", "0"], env=env, check=True,
                            capture_output=True, text=True)
    rows += list(csv.DictReader(io.StringIO(review.stdout)))
    reviewed = sum(1 for r in rows if r["band"] == "review")
    summary = subprocess.run([volt, "match", "--format", "json", "--top", "1"], env=env, check=True, capture_output=True, text=True)
    compared = json.loads(summary.stdout)["results"]["candidates"]
    key = lambda r: tuple(sorted((r["a"], r["b"])))
    link = {key(r) for r in rows if r["band"] == "link"}
    either = {key(r) for r in rows if r["band"] in ("link", "review")}
    return d, link, either, (compared, reviewed), seconds, peak


def fold(s):
    import unicodedata
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s.replace("'", "")).strip()


def run_recordlinkage(d):
    """recordlinkage on the same file: the same five blocking passes, binary comparisons, ECM."""
    t = time.perf_counter()
    df = pd.read_csv(os.path.join(d, "entities.csv"), dtype=str, keep_default_na=False).set_index("id")
    words = df["name"].map(lambda n: fold(n).split())
    comma = df["name"].str.contains(",")
    df["given"] = [(w[1] if c else w[0]) if len(w) > 1 else "" for w, c in zip(words, comma)]
    df["family"] = [(w[0] if c else w[-1]) if w else "" for w, c in zip(words, comma)]
    df["initial"] = df["given"].str[:1]
    df["family_sx"] = phonetic(df["family"], method="soundex") + df["initial"]
    df["year"] = df["dob"].str[:4]
    df["given_year"] = df["given"] + "|" + df["year"]
    df["postcode_n"] = df["postcode"].str.replace(" ", "").str.lower()
    df["address_n"] = df["address"].map(fold)
    df = df.replace("", None)
    idx = None
    for cols in (["dob"], ["family_sx"], ["postcode_n"], ["given_year"]):
        indexer = recordlinkage.Index()
        indexer.block(left_on=cols)
        sub = df[df[cols[0]].notna() & ~df[cols[0]].fillna("").str.startswith("|")] if cols[0] == "given_year" else df[df[cols[0]].notna()]
        part = indexer.index(sub)
        idx = part if idx is None else idx.union(part)
    # Shared references: one row per reference, pairs within each.
    refs = df["refs"].fillna("").str.split(";").explode()
    refs = refs[refs != ""]
    extra = []
    for _, ids in refs.groupby(refs).groups.items():
        ids = sorted(ids)
        extra += [(a, b) if a > b else (b, a) for a, b in itertools.combinations(ids, 2)]
    if extra:
        idx = idx.union(pd.MultiIndex.from_tuples(extra))
    cmp = recordlinkage.Compare()
    cmp.string("given", "given", method="jarowinkler", threshold=0.88, label="given")
    cmp.string("family", "family", method="jarowinkler", threshold=0.88, label="family")
    cmp.exact("dob", "dob", label="dob")
    cmp.string("address_n", "address_n", method="jarowinkler", threshold=0.85, label="address")
    cmp.exact("postcode_n", "postcode_n", label="postcode")
    cmp.exact("gender", "gender", label="gender")
    features = cmp.compute(idx, df)
    ref_sets = df["refs"].fillna("").map(lambda s: set(x for x in s.split(";") if x))
    features["refs"] = [1 if ref_sets[a] & ref_sets[b] else 0 for a, b in features.index]
    ecm = recordlinkage.ECMClassifier(binarize=None)
    matches = ecm.fit_predict(features.astype(int))
    seconds = time.perf_counter() - t
    return {tuple(sorted(p)) for p in matches}, len(idx), seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--volt", default=os.path.join(ROOT, ".build/release/volt"))
    ap.add_argument("--bench", default=os.path.join(ROOT, ".build/release/volt-bench"))
    ap.add_argument("--sizes", default="10000:1,2,3;100000:1,2,3")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    lines = []
    work = tempfile.mkdtemp(prefix="volt-bench-match-")
    header = ("| records | seed | true pairs | volt link P / R / F1 | volt link ∪ review recall | volt seconds | volt peak MB "
              "| recordlinkage ECM P / R / F1 | recordlinkage seconds | candidates (volt / rl) | volt link / review pairs |")
    lines += [header, "|" + "---|" * header.count("|")[:-1] if False else "|---|---|---|---|---|---|---|---|---|---|---|"]
    print(header, flush=True)
    for part in args.sizes.split(";"):
        records, seeds = part.split(":")
        for seed in seeds.split(","):
            d, link, either, (scored, reviewed), vs, peak = run_volt(args.volt, args.bench, int(records), int(seed), work)
            truth = truth_pairs(os.path.join(d, "truth.json"))
            p, r, f = scores(link, truth)
            _, er, _ = scores(either, truth)
            rl, rl_candidates, rs = run_recordlinkage(d)
            rp, rr, rf = scores(rl, truth)
            line = (f"| {records} | {seed} | {len(truth)} | {p:.4f} / {r:.4f} / **{f:.4f}** | {er:.4f} | {vs:.1f} | {peak:.0f} "
                    f"| {rp:.4f} / {rr:.4f} / {rf:.4f} | {rs:.1f} | {scored} / {rl_candidates} | {len(link)} / {reviewed} |")
            print(line, flush=True)
            lines.append(line)
    if args.no_write:
        return
    body = ("## Record matching (make bench-match)\n\n"
             "Person records from `volt-bench generate-people RECORDS SEED DIR`: a fifth of the people have another agency's record "
             "(15% of those two), with nicknames, initials, typing slips, day and month swapped, one digit wrong, moves and blank fields. "
             "volt: `volt match --band link --format csv --top 0` on the imported store (every candidate compared and scored; the review band listed apart, untimed, for the link ∪ review recall) (release build; seconds and peak memory of that command). "
             "recordlinkage 0.16: the same entities.csv, the same five blocking passes, binary comparisons of the same fields, "
             "`ECMClassifier`. P, R and F1 against `truth.json`. Both on this 2-core machine, in one run.\n\n"
             + "\n".join(lines))
    print(f"written to {write_section('match', body)}")


if __name__ == "__main__":
    main()
