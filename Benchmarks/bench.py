#!/usr/bin/env python3
"""volt side by side with igraph, networkit and networkx, in one run on this machine.

    make bench          all sizes (S, M, ML, L, XL), writes BENCHMARKS.md
    make bench-quick    S and M only, median of 3 (under 3 minutes), writes Benchmarks/data/bench/QUICK.md

The same seeded files (written by `volt-bench generate`) feed volt's release build and each
Python library, each in its own process. Kernel times exclude loading; each is the median of
RUNS runs; peak memory is the process's peak resident set during the kernel's runs (graph
included), reset before each kernel through /proc/self/clear_refs. igraph runs single-threaded
(it has no threads); networkit and volt use both cores.

This file is also the worker that runs one library: `bench.py worker TOOL DIR RUNS KERNELS`.
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "Benchmarks" / "data" / "bench"
VOLT = ROOT / ".build" / "release" / "volt"
VOLT_BENCH = ROOT / ".build" / "release" / "volt-bench"
SIZES = {"S": (1_000, 5_000), "M": (10_000, 50_000), "ML": (50_000, 250_000), "L": (100_000, 1_000_000),
         "XL": (1_000_000, 10_000_000)}
KERNEL_TITLES = {
    "components": "connected components",
    "bfs": "BFS, 10 sources",
    "pagerank": "PageRank (tol 1e-10, ≤100 it.)",
    "eigenvector": "eigenvector (tol 1e-10)",
    "harmonic": "harmonic closeness, 200 sources",
    "betweenness": "exact betweenness",
    "approx-betweenness": "sampled betweenness (ε 0.01, XL 0.05; δ 0.1)",
    "leiden": "Leiden / Louvain communities",
    "colocation": "co-location sweep, 1 h window",
    "snapshot": "snapshot from SQLite",
    "import": "CSV import into SQLite",
}
TOOLS = ["volt", "igraph", "networkit", "networkx"]


# Kernels left out at XL because they do not finish in an hour's worker: igraph's Leiden with
# n_iterations=-1 (stopped after 30 minutes on 2026-11-29), and networkit's harmonic closeness
# (one search per source from Python; stopped after 14 minutes), which ran before its Leiden and
# so kept networkit's Leiden at XL from ever running.
XL_UNFINISHED = {("igraph", "XL"): ("leiden",), ("networkit", "XL"): ("harmonic",)}


def kernels_for(tool, size):
    """Which kernels each library runs at each size, less those left out as unfinishable."""
    return [k for k in planned_kernels(tool, size) if k not in XL_UNFINISHED.get((tool, size), ())]


def planned_kernels(tool, size):
    """Which kernels each library has at each size (networkx only where it finishes in minutes)."""
    graph = ["components", "bfs", "pagerank", "eigenvector", "harmonic", "leiden"]
    if size in ("S", "M"):
        graph.append("betweenness")
    if size in ("ML", "L", "XL"):
        graph.append("approx-betweenness")
    if tool == "volt":
        return graph + ["colocation"]
    if tool == "igraph":
        return [k for k in graph if k != "approx-betweenness"]  # igraph has no sampling estimate
    if tool == "networkit":
        # networkit's ApproxBetweenness runs a full search per sampled pair: 300 s for one run
        # at ML (36,513 samples), so it runs once, at ML only.
        return [k for k in graph if k != "approx-betweenness" or size == "ML"]
    if tool == "networkx":
        if size == "S":
            return [k for k in graph]
        if size == "M":
            return [k for k in graph if k != "betweenness"]
        return []
    return []


# ---------------------------------------------------------------------------------------------
# Worker: one library, one size, in its own process.

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


# Kernels too slow in a library to repeat: one run, said so in the table.
SINGLE_RUN = {("networkit", "approx-betweenness")}


def worker(tool, folder, runs, kernels):
    import numpy as np
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text())
    n = meta["nodes"]
    pairs = np.fromfile(folder / "edges.i32", dtype="<i4").reshape(-1, 2)
    out = folder / "out"
    out.mkdir(exist_ok=True)
    bfs_sources, harmonic_sources = meta["bfs_sources"], meta["harmonic_sources"]

    def emit(kernel, times, peak, **extra):
        record = {"tool": tool, "kernel": kernel, "median": statistics.median(times), "runs": len(times),
                  "times": times, "peak_mb": peak}
        record.update(extra)
        print(json.dumps(record), flush=True)

    def measure(body):
        reset_peak()
        times, last = [], None
        for _ in range(1 if (tool, kernel) in SINGLE_RUN else runs):
            t = time.perf_counter()
            last = body()
            times.append(time.perf_counter() - t)
        return times, peak_mb(), last

    def save(kernel, values):
        np.asarray(values, dtype="<f8").tofile(out / f"{tool}-{kernel}.f64")

    t = time.perf_counter()
    if tool == "igraph":
        import igraph as ig
        g = ig.Graph(n=n, edges=pairs.tolist())
        lib_version = ig.__version__
    elif tool == "networkit":
        import networkit as nk
        nk.setNumberOfThreads(2)
        g = nk.Graph(n)
        g.addEdges((pairs[:, 0].astype(np.uint64), pairs[:, 1].astype(np.uint64)))
        lib_version = nk.__version__
    elif tool == "networkx":
        import networkx as nx
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(pairs.tolist())
        lib_version = nx.__version__
    emit("load", [time.perf_counter() - t], peak_mb(), version=lib_version)

    for kernel in kernels:
        if tool == "igraph":
            if kernel == "components":
                times, peak, r = measure(lambda: g.connected_components())
                emit(kernel, times, peak, count=len(r))
            elif kernel == "bfs":
                times, peak, r = measure(lambda: [g.bfs(s)[0] for s in bfs_sources])
                emit(kernel, times, peak, reached=sum(len(x) for x in r))
            elif kernel == "pagerank":
                times, peak, r = measure(lambda: g.pagerank(damping=0.85))
                save(kernel, r)
                emit(kernel, times, peak, method="PRPACK (direct solve)")
            elif kernel == "eigenvector":
                times, peak, r = measure(lambda: g.eigenvector_centrality())
                save(kernel, np.asarray(r) / max(r))
                emit(kernel, times, peak, method="ARPACK")
            elif kernel == "harmonic":
                times, peak, r = measure(lambda: g.harmonic_centrality(vertices=harmonic_sources, normalized=False))
                save(kernel, r)
                emit(kernel, times, peak)
            elif kernel == "betweenness":
                times, peak, r = measure(lambda: g.betweenness(directed=False))
                save(kernel, r)
                emit(kernel, times, peak)
            elif kernel == "leiden":
                # Each run draws from igraph's random generator where the last left off: five
                # runs are five seeds, and the best of them is what volt's modularity is held to.
                qualities = []
                def leiden():
                    r = g.community_leiden(objective_function="modularity", n_iterations=-1)
                    qualities.append(g.modularity(r.membership))
                    return r
                times, peak, r = measure(leiden)
                emit(kernel, times, peak, modularity=qualities[-1], best_modularity=max(qualities),
                     communities=len(r), method="community_leiden, modularity, n_iterations=-1")
        elif tool == "networkit":
            if kernel == "components":
                def cc():
                    c = nk.components.ConnectedComponents(g)
                    c.run()
                    return c.numberOfComponents()
                times, peak, r = measure(cc)
                emit(kernel, times, peak, count=r)
            elif kernel == "bfs":
                def bfs():
                    for s in bfs_sources:
                        nk.distance.BFS(g, s, storePaths=False).run()
                times, peak, _ = measure(bfs)
                emit(kernel, times, peak)
            elif kernel == "pagerank":
                def pr():
                    p = nk.centrality.PageRank(g, damp=0.85, tol=1e-10)
                    p.norm = nk.centrality.Norm.L1_NORM
                    p.maxIterations = 100
                    p.run()
                    return p
                times, peak, p = measure(pr)
                save(kernel, p.scores())
                emit(kernel, times, peak, iterations=p.numberOfIterations())
            elif kernel == "eigenvector":
                def ev():
                    e = nk.centrality.EigenvectorCentrality(g, tol=1e-10)
                    e.run()
                    return e.scores()
                times, peak, r = measure(ev)
                save(kernel, np.asarray(r) / max(r))
                emit(kernel, times, peak)
            elif kernel == "harmonic":
                def harmonic():
                    values = []
                    for s in harmonic_sources:
                        b = nk.distance.BFS(g, s, storePaths=False)
                        b.run()
                        d = np.asarray(b.getDistances())
                        d = d[(d > 0) & (d < 1e300)]
                        values.append(float(np.sum(1.0 / d)))
                    return values
                times, peak, r = measure(harmonic)
                save(kernel, r)
                emit(kernel, times, peak, method="BFS per source from Python")
            elif kernel == "betweenness":
                def bc():
                    b = nk.centrality.Betweenness(g)
                    b.run()
                    return b.scores()
                times, peak, r = measure(bc)
                save(kernel, np.asarray(r) / 2)  # networkit counts each unordered pair from both ends
                emit(kernel, times, peak)
            elif kernel == "approx-betweenness":
                def abc():
                    b = nk.centrality.ApproxBetweenness(g, epsilon=0.01, delta=0.1, universalConstant=0.5)
                    b.run()
                    return b
                times, peak, b = measure(abc)
                pairs_count = n * (n - 1) / 2
                save(kernel, np.asarray(b.scores()) * pairs_count)
                emit(kernel, times, peak, samples=b.numberOfSamples())
            elif kernel == "leiden":
                def leiden():
                    c = nk.community.ParallelLeiden(g)
                    c.run()
                    return c.getPartition()
                times, peak, p = measure(leiden)
                emit(kernel, times, peak, modularity=nk.community.Modularity().getQuality(p, g),
                     communities=p.numberOfSubsets(), method="ParallelLeiden")
        elif tool == "networkx":
            if kernel == "components":
                times, peak, r = measure(lambda: list(nx.connected_components(g)))
                emit(kernel, times, peak, count=len(r))
            elif kernel == "bfs":
                times, peak, _ = measure(lambda: [nx.single_source_shortest_path_length(g, s) for s in bfs_sources])
                emit(kernel, times, peak)
            elif kernel == "pagerank":
                times, peak, r = measure(lambda: nx.pagerank(g, alpha=0.85, tol=1e-10 / n, max_iter=100))
                save(kernel, [r[v] for v in range(n)])
                emit(kernel, times, peak)
            elif kernel == "eigenvector":
                times, peak, r = measure(lambda: nx.eigenvector_centrality_numpy(g))
                values = np.asarray([r[v] for v in range(n)])
                save(kernel, values / values.max())
                emit(kernel, times, peak, method="eigenvector_centrality_numpy (ARPACK)")
            elif kernel == "harmonic":
                def harmonic():
                    return [sum(1 / d for d in nx.single_source_shortest_path_length(g, s).values() if d > 0)
                            for s in harmonic_sources]
                times, peak, r = measure(harmonic)
                save(kernel, r)
                emit(kernel, times, peak)
            elif kernel == "betweenness":
                times, peak, r = measure(lambda: nx.betweenness_centrality(g, normalized=False))
                save(kernel, [r[v] for v in range(n)])
                emit(kernel, times, peak)
            elif kernel == "leiden":
                times, peak, r = measure(lambda: nx.community.louvain_communities(g, seed=1))
                emit(kernel, times, peak, modularity=nx.community.modularity(g, r), communities=len(r),
                     method="louvain_communities")


# ---------------------------------------------------------------------------------------------
# Driver.

def run_lines(cmd, timeout, env=None):
    """Runs a command that prints JSON lines; returns the records (and says what went wrong)."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        print(f"  {' '.join(map(str, cmd[:4]))}: timed out after {timeout} s", flush=True)
        return []
    if p.returncode != 0:
        print(f"  {' '.join(map(str, cmd[:4]))}: exit {p.returncode}: {p.stderr.strip()[-400:]}", flush=True)
    records = []
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            records.append(json.loads(line))
    return records


def timed_import(folder, runs):
    """volt import of the size's CSVs into a new store, `runs` times: seconds and peak MB each."""
    times, peaks, db = [], [], None
    env = dict(os.environ, VOLT_PURPOSE="import benchmark")
    for _ in range(runs):
        db = folder / "bench.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", str(VOLT), "import", "--db", str(db),
                            str(folder / "entities.csv"), str(folder / "links.csv")],
                           capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - t)
        if p.returncode != 0:
            print(f"  volt import failed: {p.stderr.strip()[-400:]}", flush=True)
            return [], None
        peaks.append(int(p.stderr.strip().splitlines()[-1]) / 1024)
    rows = sum(1 for _ in open(folder / "links.csv")) - 1 + sum(1 for _ in open(folder / "entities.csv")) - 1
    return [{"tool": "volt", "kernel": "import", "median": statistics.median(times), "runs": runs, "times": times,
             "peak_mb": max(peaks), "rows": rows}], db


def igraph_from_sqlite(db, runs):
    """What a data scientist would do instead of a snapshot: SELECT the links, build an igraph."""
    code = f"""
import json, sqlite3, statistics, time, igraph as ig
times = []
for _ in range({runs}):
    t = time.perf_counter()
    con = sqlite3.connect({str(db)!r})
    rows = con.execute("SELECT src, dst FROM link").fetchall()
    n = con.execute("SELECT max(n) FROM entity").fetchone()[0] + 1
    g = ig.Graph(n=n, edges=rows)
    g.simplify()
    con.close()
    times.append(time.perf_counter() - t)
print(json.dumps({{"tool": "igraph", "kernel": "snapshot", "median": statistics.median(times), "runs": {runs},
                  "times": times, "peak_mb": 0, "method": "sqlite3 SELECT + Graph + simplify"}}))
"""
    return run_lines([sys.executable, "-c", code], timeout=3600)


def machine():
    cpu = "unknown CPU"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = int(line.split()[1]) / 1024 / 1024
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem), "python": platform.python_version(),
            "swift": swift[0] if swift else "?", "date": time.strftime("%Y-%m-%d"), "kernel": platform.release()}


def errors(folder, kernel, records):
    """Largest difference from igraph's values (or networkit's for the estimate), relative to the
    largest value."""
    import numpy as np
    out = folder / "out"
    reference = "networkit" if kernel == "approx-betweenness" else "igraph"
    ref_path = out / f"{reference}-{kernel}.f64"
    if not ref_path.exists():
        return {}
    ref = np.fromfile(ref_path, dtype="<f8")
    result = {}
    for tool in TOOLS:
        path = out / f"{tool}-{kernel}.f64"
        if tool == reference or not path.exists():
            continue
        x = np.fromfile(path, dtype="<f8")
        if x.shape == ref.shape and ref.size:
            if kernel == "approx-betweenness":
                # Both are estimates; the guarantee is in units of the number of pairs.
                n = ref.size
                result[tool] = float(np.max(np.abs(x - ref)) / (n * (n - 1) / 2))
            else:
                result[tool] = float(np.max(np.abs(x - ref)) / max(np.max(np.abs(ref)), 1e-300))
    return result


def volt_modularity_by_igraph(folder):
    """volt's communities scored by igraph's own modularity function (an independent check)."""
    code = f"""
import numpy as np, igraph as ig
pairs = np.fromfile({str(folder / 'edges.i32')!r}, dtype='<i4').reshape(-1, 2)
labels = np.fromfile({str(folder / 'out' / 'volt-leiden.i32')!r}, dtype='<i4')
g = ig.Graph(n=len(labels), edges=pairs.tolist())
print(g.modularity(labels.tolist()))
"""
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    try:
        return float(p.stdout.strip())
    except ValueError:
        return None


def bench_size(size, runs, timeout):
    folder = DATA / size
    if not (folder / "meta.json").exists():
        print(f"generating {size}", flush=True)
        subprocess.run([str(VOLT_BENCH), "generate", size, str(folder)], check=True)
    records = []
    print(f"{size}: volt", flush=True)
    records += run_lines([str(VOLT_BENCH), "kernels", str(folder), str(runs), ",".join(kernels_for("volt", size))],
                         timeout)
    import_runs = runs if size != "XL" else 3
    print(f"{size}: volt import ({import_runs} runs) and snapshot", flush=True)
    rec, db = timed_import(folder, import_runs)
    records += rec
    if db is not None:
        records += run_lines([str(VOLT_BENCH), "snapshot", str(db), str(runs)], timeout)
        records += igraph_from_sqlite(db, runs)
    for tool in ("igraph", "networkit", "networkx"):
        ks = kernels_for(tool, size)
        if not ks:
            continue
        print(f"{size}: {tool}", flush=True)
        records += run_lines([sys.executable, __file__, "worker", tool, str(folder), str(runs), ",".join(ks)], timeout)
    for r in records:
        r["size"] = size
    quality = {}
    for kernel in ("pagerank", "eigenvector", "harmonic", "betweenness", "approx-betweenness"):
        quality[kernel] = errors(folder, kernel, records)
    quality["volt_modularity_by_igraph"] = volt_modularity_by_igraph(folder)
    return records, quality


def fmt_time(s):
    if s is None:
        return "—"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def ratio(volt, other):
    if volt is None or other is None or volt <= 0:
        return "—"
    r = other / volt
    return f"**{r:.1f}×**" if r >= 1 else f"{r:.2f}×"


def write_report(path, results, info, command):
    lines = [
        "# volt benchmarks, side by side",
        "",
        f"Written by `{command}` on {info['date']}: {info['cores']} cores ({info['cpu']}), {info['memory_gb']} GB, "
        f"Linux {info['kernel']}; {info['swift']}; Python {info['python']} with "
        + ", ".join(f"{t} {v}" for t, v in info["versions"].items()) + ".",
        "",
        "Each library reads the same seeded files (`volt-bench generate`: planted peer groups of 5–50, 80% of ties inside",
        "a group; ten sightings per person, a third of them planted co-travelling groups). Times are the median of the",
        "runs shown, loading excluded; peak is the process's peak resident memory during the kernel (graph included).",
        "igraph is single-threaded; networkit (`setNumberOfThreads(2)`) and volt use both cores. Ratios are the other",
        "library's time over volt's: above 1, volt is faster. Error is the largest difference from igraph's values",
        "(networkit's for the sampled estimate) relative to the largest value. Not a test: nothing here is asserted.",
        "",
    ]
    for size, (records, quality) in results.items():
        nodes, edges = SIZES[size]
        lines += [f"## {size}: {nodes:,} people, {edges:,} ties, {nodes * 10:,} sightings", ""]
        lines += ["| kernel | volt | igraph | networkit | networkx | igraph ÷ volt | networkit ÷ volt | volt peak | notes |",
                  "|---|---|---|---|---|---|---|---|---|"]
        by = {(r["tool"], r["kernel"]): r for r in records}
        for kernel, title in KERNEL_TITLES.items():
            row = {t: by.get((t, kernel)) for t in TOOLS}
            if not any(row.values()):
                continue
            med = {t: (row[t]["median"] if row[t] else None) for t in TOOLS}
            notes = []
            v = row["volt"]
            if v and "modularity" in v:
                q = {t: row[t]["modularity"] for t in TOOLS if row[t] and "modularity" in row[t]}
                notes.append("Q " + ", ".join(f"{t} {x:.4f}" for t, x in q.items()))
            if v and "ns_per_arc_iteration" in v:
                notes.append(f"volt {v['iterations']} it., {v['ns_per_arc_iteration']:.2f} ns/arc/it.")
            if v and "encounters" in v:
                notes.append(f"{v['encounters']:,} encounters")
            if v and "rows" in v:
                notes.append(f"{v['rows'] / v['median']:,.0f} rows/s")
            if v and "samples" in v:
                notes.append(f"{v['samples']:,} samples")
            if kernel in quality and quality[kernel]:
                what = "difference from networkit ÷ pairs" if kernel == "approx-betweenness" else "error"
                notes.append(what + " " + ", ".join(f"{t} {e:.1e}" for t, e in quality[kernel].items()))
            if row["igraph"] and "method" in row["igraph"] and kernel == "snapshot":
                notes.append("igraph: " + row["igraph"]["method"])
            runs = "/".join(sorted({str(r["runs"]) for r in row.values() if r}))
            lines.append(f"| {title} | {fmt_time(med['volt'])} | {fmt_time(med['igraph'])} | {fmt_time(med['networkit'])} | "
                         f"{fmt_time(med['networkx'])} | {ratio(med['volt'], med['igraph'])} | "
                         f"{ratio(med['volt'], med['networkit'])} | "
                         f"{(str(round(v['peak_mb'])) + ' MB') if v else '—'} | {'; '.join(notes)} ({runs} runs) |")
        got = {(r["tool"], r["kernel"]) for r in records}
        missing = [f"{t} {k}" for t in TOOLS for k in kernels_for(t, size) if (t, k) not in got]
        if missing:
            lines += ["", "Not finished (the worker was stopped or failed; see the run's log): " + ", ".join(missing) + "."]
        skipped = [f"{t} {k}" for (t, s), ks in XL_UNFINISHED.items() if s == size for k in ks]
        if skipped:
            lines += ["", "Not run here: " + ", ".join(skipped) + " (neither finished within an hour's worker in earlier "
                      "runs: igraph's Leiden was stopped after 30 minutes, networkit's harmonic closeness, one "
                      "search per source from Python, after 14)."]
        q = quality.get("volt_modularity_by_igraph")
        if q is not None:
            lines += ["", f"volt's communities scored by igraph's `modularity()`: {q:.4f}."]
        lines.append("")
    lines += targets(results)
    # The other benchmarks' sections (report.write_section's marked blocks) stay as they were.
    kept = []
    if Path(path).exists():
        kept = [m.group(0) for m in re.finditer(r"<!-- ([\w-]+):begin -->.*?<!-- \1:end -->", Path(path).read_text(), flags=re.S)]
    Path(path).write_text("\n".join(lines).rstrip() + "\n" + "".join("\n" + k + "\n" for k in kept))


def targets(results):
    """The issue's targets, met or not, from this run."""
    def get(size, tool, kernel, field="median"):
        if size not in results:
            return None
        for r in results[size][0]:
            if r["tool"] == tool and r["kernel"] == kernel:
                return r.get(field)
        return None

    rows = []
    for size in ("M", "L"):
        if size not in results:
            continue
        for kernel in KERNEL_TITLES:
            v, i, k = get(size, "volt", kernel), get(size, "igraph", kernel), get(size, "networkit", kernel)
            if v is None or (i is None and k is None):
                continue
            ok = (i is None or i / v >= 2) and (k is None or k / v >= 1)
            rows.append((f"{size} {KERNEL_TITLES[kernel]}: ≥2× igraph, ≥1× networkit",
                         f"{ratio(v, i)} / {ratio(v, k)}", ok))
    checks = [
        ("M", "betweenness", "median", 8, "exact betweenness at M under 8 s"),
        ("XL", "components", "median", 0.150, "components at XL under 150 ms"),
        ("XL", "pagerank", "ns_per_arc_iteration", 10, "PageRank at XL under 10 ns per arc per iteration"),
        ("ML", "leiden", "median", 0.5, "Leiden at 50k / 250k under 0.5 s"),
        ("XL", "colocation", "median", 1.5, "co-location over 10M sightings under 1.5 s"),
        ("XL", "snapshot", "median", 5, "snapshot of XL from SQLite under 5 s"),
    ]
    for size, kernel, field, limit, title in checks:
        x = get(size, "volt", kernel, field)
        if x is not None:
            unit = "ns" if field == "ns_per_arc_iteration" else "s"
            rows.append((title, f"{x:.3f} {unit}", x < limit))
    # Issue 20: Leiden at least networkit's speed at M, L and XL, 4x igraph's at M and L, XL
    # under 4 s, and modularity within 0.001 of igraph's best of its five runs (seeds) at S-L.
    for size in ("M", "L", "XL"):
        v, k = get(size, "volt", "leiden"), get(size, "networkit", "leiden")
        if v is not None and k is not None:
            rows.append((f"{size} Leiden: ≥1× networkit", ratio(v, k), k / v >= 1))
    for size in ("M", "L"):
        v, i = get(size, "volt", "leiden"), get(size, "igraph", "leiden")
        if v is not None and i is not None:
            rows.append((f"{size} Leiden: ≥4× igraph", ratio(v, i), i / v >= 4))
    x = get("XL", "volt", "leiden")
    if x is not None:
        rows.append(("Leiden at XL under 4 s", f"{x:.3f} s", x < 4))
    for size in ("S", "M", "ML", "L"):
        qv, qi = get(size, "volt", "leiden", "modularity"), get(size, "igraph", "leiden", "best_modularity")
        if qv is not None and qi is not None:
            rows.append((f"{size} Leiden: modularity within 0.001 of igraph's best of 5 seeds",
                         f"{qv:.4f} vs {qi:.4f}", qv >= qi - 0.001))
    if "XL" in results:
        peak = max((r["peak_mb"] for r in results["XL"][0] if r["tool"] == "volt"), default=None)
        if peak is not None:
            rows.append(("peak memory at XL under 2 GB (largest volt kernel)", f"{peak:.0f} MB", peak < 2048))
    if not rows:
        return []
    out = ["## Targets", "", "| target | this run | met |", "|---|---|---|"]
    out += [f"| {t} | {x} | {'yes' if ok else '**no**'} |" for t, x, ok in rows]
    return out + [""]


def main():
    if "--report-only" in sys.argv:
        # Rewrite BENCHMARKS.md from the last full run's results.json (after editing the layout).
        saved = json.loads((DATA / "results.json").read_text())
        results = {s: (v["records"], v["quality"]) for s, v in saved.items()}
        info = machine()
        info["versions"] = {r["tool"]: r["version"] for recs, _ in results.values() for r in recs
                            if r["kernel"] == "load" and "version" in r}
        write_report(ROOT / "BENCHMARKS.md", results, info, "make bench")
        return
    quick = "--quick" in sys.argv
    sizes = ["S", "M"] if quick else ["S", "M", "ML", "L", "XL"]
    for a in sys.argv[1:]:
        if a.startswith("--sizes="):
            sizes = a.split("=", 1)[1].split(",")
    runs = 3 if quick else 5  # quick: a smoke run in under three minutes (median of 3)
    if not VOLT_BENCH.exists() or not VOLT.exists():
        sys.exit("bench.py: build first (swift build -c release); make bench does.")
    results = {}
    for size in sizes:
        results[size] = bench_size(size, runs, timeout=3600)
        (DATA / ("results-quick.json" if quick else "results.json")).write_text(json.dumps({s: {"records": r, "quality": q} for s, (r, q) in results.items()}, indent=1))
    info = machine()
    info["versions"] = {}
    for recs, _ in results.values():
        for r in recs:
            if r["kernel"] == "load" and "version" in r:
                info["versions"][r["tool"]] = r["version"]
    command = "make bench-quick" if quick else "make bench"
    target = DATA / "QUICK.md" if quick else ROOT / "BENCHMARKS.md"
    if any(a.startswith("--sizes=") for a in sys.argv[1:]):
        target = DATA / ("SIZES-" + "-".join(sizes) + ".md")
        command = "python3 Benchmarks/bench.py " + " ".join(sys.argv[1:])
    write_report(target, results, info, command)
    print(f"wrote {target}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5].split(","))
    else:
        main()
