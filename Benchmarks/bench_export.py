#!/usr/bin/env python3
"""Export benchmark (make bench-export): `volt export` of 1M links (100,000 entities) in every
format at the pseudonym level, seconds and peak memory (target: under 300 MB); then volt's own
JSON and CSV writers beside JSONEncoder, JSONSerialization and CSV.swift on the same nodes and
links (`volt-bench writers`). Medians with min-max, written to BENCHMARKS.md. Not a test.

Usage: bench_export.py [LINKS] [RUNS]   (default: 1000000 3)
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from report import spread, write_section

ROOT = Path(__file__).resolve().parent.parent
VOLT = ROOT / ".build" / "release" / "volt"
VOLT_BENCH = ROOT / ".build" / "release" / "volt-bench"
DATA = ROOT / "Benchmarks" / "data"
FORMATS = ["graphml", "gexf", "cytoscape", "jgf", "csv", "neo4j", "anx", "volt"]


def size_mb(path):
    p = Path(path)
    if p.is_dir():
        return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 2**20
    return p.stat().st_size / 2**20 if p.exists() else 0


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    folder = DATA / f"links-{n}"
    if not (folder / "links.csv").exists():
        subprocess.run([sys.executable, str(ROOT / "Benchmarks" / "make_links.py"), str(folder), str(n), "100000"], check=True)
    db = DATA / f"export-{n}.sqlite"
    env = dict(os.environ, VOLT_DB=str(db), VOLT_PURPOSE="export benchmark")
    if not db.exists():
        subprocess.run([str(VOLT), "import", str(folder / "entities.csv"), str(folder / "links.csv")],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    out = DATA / "export-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    rows = []
    for f in FORMATS:
        times, peaks, mb = [], [], 0
        for _ in range(runs):
            target = out / f"area.{f}"
            t = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M", str(VOLT), "export", f, "--out", str(target),
                                "--recipient", "benchmark"], env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - t)
            if p.returncode != 0:
                sys.exit(f"volt export {f} failed: {p.stderr.strip()[-400:]}")
            peaks.append(int(p.stderr.strip().splitlines()[-1]) / 1024)
            mb = size_mb(target)
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
        rows.append(f"| {f} | {spread(times)} | {max(peaks):.0f} MB | {mb:.0f} MB |")
        print(rows[-1], flush=True)

    p = subprocess.run([str(VOLT_BENCH), "writers", str(db), str(max(runs, 5))], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"volt-bench writers failed: {p.stdout.strip()[-400:]} {p.stderr.strip()[-400:]}")
    writers = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    own = {w["kernel"]: w["median"] for w in writers if w["tool"] == "volt"}
    wrows = []
    for w in writers:
        ratio = w["median"] / own[w["kernel"]]
        what = {"json_writer": "Cytoscape JSON", "csv_writer": "Gephi CSV (nodes + edges)"}[w["kernel"]]
        wrows.append(f"| {what} | {w['tool']} | {spread(w['times'])} | {w['runs']} | {ratio:.2f}× | {w['bytes'] / 2**20:.0f} MB |")
        print(wrows[-1], flush=True)
    nodes, links = writers[0]["nodes"], writers[0]["links"]
    body = "\n".join([
        "## Export (make bench-export)",
        "",
        f"Written by `make bench-export` on {time.strftime('%Y-%m-%d', time.gmtime())}, {os.cpu_count()} cores, release build. "
        f"{n:,} links between 100,000 entities (`Benchmarks/make_links.py`), exported whole at the pseudonym level; "
        f"wall time of `volt export FORMAT` (reading the store, labelling, writing, the audit entry), median of {runs} with "
        "min–max, and the process's peak resident memory.",
        "",
        "| format | seconds | peak | file |",
        "|---|---|---|---|",
        *rows,
        "",
        f"The writers alone (`volt-bench writers`): the same {nodes:,} nodes and {links:,} links, collected once from the "
        "store by the real export and handed to each writer in turn, streamed to a file; "
        "JSONEncoder and JSONSerialization encode each element (the document is too big to build whole), CSV.swift "
        "writes each row through its `CSVWriter` to the `OutputStream` its README shows (many small writes: a large part of its "
        "time is system calls). The two slowest run once. \"× volt\" is the writer's median over volt's own.",
        "",
        "| document | writer | seconds | runs | × volt | output |",
        "|---|---|---|---|---|---|",
        *wrows,
    ])
    shutil.rmtree(out, ignore_errors=True)
    print("written to", write_section("export", body))


if __name__ == "__main__":
    main()
