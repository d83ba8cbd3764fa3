#!/usr/bin/env python3
"""The workspace under load (make bench-serve): a generated county-sized area, 20 signed-in
sessions fetching child, group and meeting pages at once (wrk on loopback, one connection per
session), p50 and p95 latency per page and the server's peak memory, written to BENCHMARKS.md.

    bench_serve.py --volt .build/release/volt [--people 20000] [--seconds 20] [--no-write]

Not a test: timings never are. wrk and the server share this machine's cores.
"""
import argparse, json, os, re, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request
from report import write_section

PASSWORD = "correct horse battery staple"

LUA = r"""
-- One session per connection: each connection takes the next cookie and walks the paths.
local cookies, paths = {}, {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  for line in io.lines(os.getenv("BENCH_COOKIES")) do cookies[#cookies + 1] = line end
  for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
  k = id * 7
end
function request()
  k = k + 1
  local c = cookies[(k % #cookies) + 1]
  local p = paths[(k % #paths) + 1]
  return wrk.format("GET", p, { ["Cookie"] = c })
end
function done(summary, latency, requests)
  io.write(string.format('{"p50": %f, "p95": %f, "p99": %f, "max": %f, "requests": %d, "errors": %d, "non2xx": %d, "seconds": %f}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.duration / 1e6))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(volt, env, *args, stdin=None):
    r = subprocess.run([volt, *args], env=env, input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"volt {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def sign_in(base, user):
    data = json.dumps({"user": user, "password": PASSWORD, "purpose": "bench-serve: load measurement"}).encode()
    req = urllib.request.Request(base + "/api/v1/session", data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return r.headers["Set-Cookie"].split(";")[0]


def fetch(base, path, cookie):
    req = urllib.request.Request(base + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.read().decode()


def peak_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--volt", required=True)
    ap.add_argument("--people", type=int, default=20000)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    volt = os.path.abspath(a.volt)
    tmp = tempfile.mkdtemp(prefix="volt-bench-serve-")
    env = dict(os.environ, VOLT_DB=os.path.join(tmp, "store.sqlite"), XDG_CONFIG_HOME=os.path.join(tmp, "config"),
               VOLT_PURPOSE="bench-serve: load measurement")
    env.pop("VOLT_ACTOR", None)
    area = os.path.join(tmp, "area")
    t0 = time.time()
    run(volt, env, "generate", "--seed", "3", "--people", str(a.people), "--locations", "400", "--sightings", str(5 * a.people), "--out", area)
    run(volt, env, "init")
    run(volt, env, "import", *sorted(os.path.join(area, f) for f in os.listdir(area) if f.endswith(".csv")))
    print(f"area of {a.people} people generated and imported in {time.time() - t0:.0f} s", flush=True)
    run(volt, env, "user", "add", "panel", "--role", "panel", "--forum", "efh_tactical", stdin=PASSWORD + "\n")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([volt, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/signin", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        cookies = [sign_in(base, "panel") for _ in range(a.sessions)]
        t = time.perf_counter()
        meeting = fetch(base, "/meeting/efh_tactical", cookies[0])
        meeting_cold = (time.perf_counter() - t) * 1000
        children = sorted(set(re.findall(r'href="(/child/H-[A-Z0-9]+)"', meeting)))
        groups = sorted(set(re.findall(r'href="(/group/[^"]+)"', meeting)))
        if not groups:
            # Named groups from the generator, by id (a panel sees those with a referred member).
            groups = ["/group/" + urllib.parse.quote(g) for g in re.findall(r"^(NG-[0-9]+),", open(os.path.join(area, "groups.csv")).read(), re.M)]
        pages = {"child": children[:40], "group": groups[:10], "meeting": ["/meeting/efh_tactical"]}
        results = {}
        lua = os.path.join(tmp, "bench.lua")
        open(lua, "w").write(LUA)
        cookie_file = os.path.join(tmp, "cookies")
        open(cookie_file, "w").write("\n".join(cookies) + "\n")
        for name, paths in pages.items():
            if not paths:
                print(f"{name}: no pages found to fetch", flush=True)
                continue
            path_file = os.path.join(tmp, name + ".paths")
            open(path_file, "w").write("\n".join(paths) + "\n")
            # The first visit of each page, one at a time (nothing kept yet), then the load.
            cold = []
            for p in paths:
                t = time.perf_counter()
                fetch(base, p, cookies[0])
                cold.append((time.perf_counter() - t) * 1000)
            if name == "meeting":
                cold = [meeting_cold]  # its true first visit was the one that found the links
            cold.sort()
            out = subprocess.run(["wrk", "-t2", f"-c{a.sessions}", f"-d{a.seconds}s", "--timeout", "30s", "-s", lua, base],
                                 env=dict(os.environ, BENCH_COOKIES=cookie_file, BENCH_PATHS=path_file), capture_output=True, text=True)
            line = [l for l in out.stdout.splitlines() if l.startswith("{")]
            if not line:
                sys.exit(f"wrk gave no summary: {out.stdout}\n{out.stderr}")
            results[name] = json.loads(line[-1]) | {"pages": len(paths), "cold_p50": cold[len(cold) // 2], "cold_max": cold[-1]}
            r = results[name]
            print(f"{name:8s} first visit p50 {r['cold_p50']:7.1f} ms max {r['cold_max']:7.1f} ms; under load p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  {r['requests'] / r['seconds']:6.1f} pages/s"
                  f"  ({r['requests']} requests, {r['errors']} errors, {r['non2xx']} not 2xx, {len(paths)} distinct pages)", flush=True)
        peak = peak_kb(server.pid) / 1024
        print(f"server peak memory (VmHWM): {peak:.0f} MB", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    if a.no_write:
        return
    rows = "\n".join(f"| {n} | {r['pages']} | {r['cold_p50']:.0f} (max {r['cold_max']:.0f}) | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['requests'] / r['seconds']:.1f} | {r['errors'] + r['non2xx']} |"
                     for n, r in results.items())
    section = f"""## Workspace under load (make bench-serve)

Measured {time.strftime('%Y-%m-%d')} on this 2-core machine: a generated area of {a.people:,} people (`volt generate --seed 3
--people {a.people} --locations 400 --sightings {5 * a.people}`), the release build of `volt serve`, {a.sessions} signed-in panel
sessions (forum efh_tactical: every referred child of the area) fetching pages at once for {a.seconds} s per page kind with
wrk (`-t2 -c{a.sessions}`, one connection per session) on loopback; wrk shares the two cores with the server. Each page
is a consultation in the audit log (one entry per question it asks), so every request also writes.
"First visit" is each page fetched once, one at a time, before the load: nothing is kept yet
for it (the meeting's is the server's very first page, which also builds the panel's scope, the
redactor and the handles for the area). Under load the answers are those the workspace keeps while the records do not change
(`AnswerCache`, keyed by question, parameters, label level, day and the store's data
generation); the consultations are logged all the same.

| page | distinct pages | first visit ms, median | p50 ms | p95 ms | p99 ms | pages/s | errors |
|---|---|---|---|---|---|---|---|
{rows}

Server peak memory (VmHWM): {peak:.0f} MB. Targets: p95 under 150 ms for child and group pages, under 500 ms for the
meeting page, peak memory under 500 MB.
"""
    # Its own marked section, as every other benchmark writes (make bench keeps marked sections).
    print("written to", write_section("serve", section.strip()))


if __name__ == "__main__":
    main()
