#!/usr/bin/env bash
# Export benchmark: seconds and peak memory to export 1M links (100,000 entities) in every
# format at the pseudonym level. Not a test: timings never are.
# Usage: bash Benchmarks/export.sh [links]   (default: 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
VOLT=.build/release/volt
[ -x "$VOLT" ] || swift build -c release
n=${1:-1000000}
data=Benchmarks/data
dir="$data/links-$n"
mkdir -p "$data"
[ -f "$dir/links.csv" ] || python3 Benchmarks/make_links.py "$dir" "$n" 100000
db="$data/export-$n.sqlite"
export VOLT_DB="$db" VOLT_PURPOSE="export benchmark"
if [ ! -f "$db" ]; then "$VOLT" import "$dir/entities.csv" "$dir/links.csv" >/dev/null; fi
out="$data/export-out"
rm -rf "$out" && mkdir -p "$out"
printf '%-10s %-9s %-10s %-10s\n' format seconds peak_MB size_MB
for f in graphml gexf cytoscape jgf csv neo4j anx volt; do
  r=$( { /usr/bin/time -f '%e %M' "$VOLT" export "$f" --out "$out/area.$f" --recipient benchmark >/dev/null; } 2>&1 | tail -1)
  printf '%-10s %-9s %-10s %-10s\n' "$f" "${r% *}" "$(python3 -c "print(round(${r#* }/1024))")" "$(du -sm "$out/area.$f" | cut -f1)"
  rm -rf "$out/area.$f"
done
echo "$n links, 100000 entities; machine: $(nproc) cores, $(date -u +%Y-%m-%d), $(uname -m)"
