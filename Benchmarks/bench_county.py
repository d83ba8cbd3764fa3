#!/usr/bin/env python3
"""make bench-county: the commands an analyst runs, timed on a generated 20,000-person area.

The area is `volt generate --seed 3 --people 20000 --locations 400 --sightings 100000`,
imported into a fresh store; each command runs RUNS times (release build) and the median,
minimum and maximum wall time and the peak resident memory are printed and written to
BENCHMARKS.md between the county markers, with each target beside it. Not a test: nothing
here is asserted.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from report import ROOT, write_section

# (what the analyst asks, arguments, target in seconds or None)
COMMANDS = [
    ("centrality --measure betweenness", ["centrality", "--measure", "betweenness", "--top", "20"], 5.0),
    ("centrality --measure betweenness --exact", ["centrality", "--measure", "betweenness", "--top", "20", "--exact"], None),
    ("brokers", ["brokers", "--top", "20"], 5.0),
    ("pack (panel)", ["pack", "--period", "2026-10", "--out", "{work}/pack-panel", "--recipient", "county panel"], 3.0),
    ("pack (strategic)", ["pack", "--period", "2026-10", "--audience", "strategic", "--out", "{work}/pack-board", "--recipient", "county board"], 3.0),
    ("disrupt --k 3", ["disrupt", "--k", "3"], 3.0),
    ("map overview (SVG)", ["map", "overview", "--out", "{work}/overview.svg"], 3.0),
    ("map overview (PNG)", ["map", "overview", "--out", "{work}/overview.png"], 3.0),
    ("top --n 12", ["top", "--n", "12"], None),
    ("groups", ["groups", "--top", "20"], None),
    ("communities", ["communities", "--top", "20"], None),
    ("emerging --since 2026-09-01", ["emerging", "--since", "2026-09-01"], None),
    ("missing --section together", ["missing", "--section", "together"], None),
]


def timed(volt, args, env, runs):
    """Median, min and max seconds of `runs` runs, and the largest peak RSS in MB."""
    times, peak = [], 0.0
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", volt] + args, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if p.returncode != 0:
            sys.exit(f"volt {' '.join(args)} failed: {p.stderr.strip()}")
        peak = max(peak, int(p.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), min(times), max(times), peak


def seconds(x):
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--volt", default=os.path.join(ROOT, ".build/release/volt"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="volt-county-")
    env = dict(os.environ, VOLT_DB=os.path.join(work, "county.sqlite"), VOLT_PURPOSE="make bench-county: timing the analyst's commands",
               XDG_CONFIG_HOME=os.path.join(work, "config"))
    for k in ["VOLT_ACTOR", "VOLT_KEYS"]:
        env.pop(k, None)
    try:
        area = os.path.join(work, "area")
        subprocess.run([args.volt, "generate", "--seed", "3", "--people", "20000", "--locations", "400", "--sightings", "100000",
                        "--out", area], check=True, stdout=subprocess.DEVNULL)
        files = sorted(os.path.join(area, f) for f in os.listdir(area) if f.endswith(".csv"))
        start = time.perf_counter()
        subprocess.run([args.volt, "import"] + files, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        imported = time.perf_counter() - start
        stats = subprocess.run([args.volt, "stats"], env=env, check=True, capture_output=True, text=True).stdout.splitlines()[0]
        lines = [f"| import (every file, one run) | — | {seconds(imported)} | — | — | |"]
        print(lines[0], flush=True)
        for name, argv, target in COMMANDS:
            runs = 1 if "--exact" in argv else args.runs
            med, lo, hi, peak = timed(args.volt, [a.replace("{work}", work) for a in argv], env, runs)
            verdict = "" if target is None else ("meets" if med < target else "**misses**")
            spread = f"{seconds(lo)}–{seconds(hi)}" if runs > 1 else "(1 run)"
            line = f"| `volt {name}` | {'' if target is None else f'< {target:g} s'} | {seconds(med)} | {spread} | {peak:.0f} MB | {verdict} |"
            print(line, flush=True)
            lines.append(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.no_write:
        return
    cores = os.cpu_count()
    body = ("## County scale (make bench-county)\n\n"
            f"Written by `make bench-county` on {time.strftime('%Y-%m-%d')}, {cores} cores, release build. The area: "
            "`volt generate --seed 3 --people 20000 --locations 400 --sightings 100000`, imported into a fresh store "
            f"({stats}). Wall time of the whole command (reading the store included), median of {args.runs} runs with the "
            "minimum and maximum (the exact betweenness once, for comparison); peak is the process's resident memory. "
            "Betweenness above n × arcs = 5·10⁸ is sampled (ε 0.01, δ 0.1, the bound printed under the table).\n\n"
            "| command | target | median | min–max | peak | |\n|---|---|---|---|---|---|\n"
            + "\n".join(lines))
    print(f"written to {write_section('county', body)}")


if __name__ == "__main__":
    main()
