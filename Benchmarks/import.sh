#!/usr/bin/env bash
# Import benchmark: rows per second and peak memory for 1M and 4M link rows (100,000 entities
# each time, so the runs differ only in links). Not a test: timings never are.
# Usage: bash Benchmarks/import.sh [sizes...]   (default: 1000000 4000000)
set -euo pipefail
cd "$(dirname "$0")/.."
VOLT=.build/release/volt
[ -x "$VOLT" ] || swift build -c release
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 4000000)
data=Benchmarks/data
mkdir -p "$data"
printf '%-10s %-10s %-9s %-12s %-10s\n' links entities seconds rows/s peak_MB
for n in "${sizes[@]}"; do
  dir="$data/links-$n"
  [ -f "$dir/links.csv" ] || python3 Benchmarks/make_links.py "$dir" "$n" 100000
  db="$data/bench-$n.sqlite"
  rm -f "$db" "$db-wal" "$db-shm"
  out=$( { /usr/bin/time -f '%e %M' env VOLT_PURPOSE="import benchmark" \
           "$VOLT" import --db "$db" "$dir/entities.csv" "$dir/links.csv" >/dev/null; } 2>&1 | tail -1)
  secs=${out% *}; kb=${out#* }
  rows=$((n + 100000))
  printf '%-10s %-10s %-9s %-12s %-10s\n' "$n" 100000 "$secs" \
    "$(python3 -c "print(int($rows/$secs))")" "$(python3 -c "print(round($kb/1024))")"
  rm -f "$db" "$db-wal" "$db-shm"
done
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d), $(uname -m)"
