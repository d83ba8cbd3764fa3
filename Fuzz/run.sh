#!/usr/bin/env bash
# make fuzz: seeds each target's corpus from the sample area and volt's own exports, then runs
# each target for SECONDS (default 600). Crashes land in .build-fuzz/crashes/; keep each one,
# fixed, under Fuzz/regressions/TARGET/ (the tests replay them).
set -euo pipefail
seconds=${1:-600}
jobs=${FUZZ_JOBS:-2}
bin=.build-fuzz/release/volt-fuzz
work=.build-fuzz/work
mkdir -p "$work" .build-fuzz/crashes
for t in csv decoder jsonl xml; do mkdir -p ".build-fuzz/corpus/$t"; done

# Seeds: the sample area's files, a JSON Lines form of them, and GraphML/ANX exports.
cp examples/wexbury/*.csv .build-fuzz/corpus/csv/
cp Fuzz/regressions/csv/* .build-fuzz/corpus/csv/ 2>/dev/null || true
export XDG_CONFIG_HOME="$work/config" VOLT_PURPOSE="seeding the fuzz corpus" VOLT_DB="$work/seed.sqlite"
rm -rf "$work/seed.sqlite"* "$work/config"
volt=.build/release/volt
[ -x "$volt" ] || swift build -c release --product volt >/dev/null
$volt init >/dev/null
$volt import examples/wexbury/*.csv >/dev/null
$volt export graphml --out .build-fuzz/corpus/xml/seed.graphml --recipient "fuzz corpus" >/dev/null
$volt export anx --out .build-fuzz/corpus/xml/seed.anx --recipient "fuzz corpus" >/dev/null
python3 - <<'PY'
import csv, json, os
out = open(".build-fuzz/corpus/jsonl/seed.jsonl", "w")
for kind in ["entities", "links", "sightings", "missing", "referrals", "actions"]:
    path = f"examples/wexbury/{kind}.csv"
    if not os.path.exists(path): continue
    for i, row in enumerate(csv.DictReader(open(path))):
        if i >= 40: break
        out.write(json.dumps({"kind": kind, **row}) + "\n")
# Decoder seeds: a kind byte, then the cells of one row separated by 0x1F.
kinds = ["entities", "groups", "meetings", "links", "sightings", "missing", "members", "referrals", "status", "actions", "outcomes"]
for k, kind in enumerate(kinds):
    path = f"examples/wexbury/{kind}.csv"
    if not os.path.exists(path): continue
    rows = list(csv.reader(open(path)))
    for j, row in enumerate(rows[1:4]):
        open(f".build-fuzz/corpus/decoder/{kind}-{j}", "wb").write(bytes([k]) + "\x1f".join(row).encode())
PY
for t in jsonl xml decoder; do cp Fuzz/regressions/$t/* .build-fuzz/corpus/$t/ 2>/dev/null || true; done

export SWIFT_BACKTRACE=enable=no  # libFuzzer, not the Swift runtime, must catch a crash to keep its input
run() {
  local t=$1
  "$bin" "$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=".build-fuzz/crashes/$t-" ".build-fuzz/corpus/$t" >".build-fuzz/$t.log" 2>&1 \
    && echo "$t: no crash" || echo "$t: CRASH (see .build-fuzz/$t.log and .build-fuzz/crashes/)"
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" ".build-fuzz/$t.log" | sed "s/^/  $t /"
}
export -f run; export bin seconds
printf '%s\n' csv decoder jsonl xml | xargs -P "$jobs" -I{} bash -c 'run {}'
