#!/usr/bin/env python3
"""Writes a synthetic import benchmark: ENTITIES people and LINKS graded, dated links between them.

Usage: make_links.py OUT_DIR LINKS [ENTITIES]
The entity count stays fixed (default 100,000) so that runs at 1M and 4M links compare the cost
of links alone. Seeded: the same arguments always give the same files.
"""
import random
import sys
from pathlib import Path

out = Path(sys.argv[1])
links = int(sys.argv[2])
entities = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
rng = random.Random(42)
out.mkdir(parents=True, exist_ok=True)
with open(out / "entities.csv", "w") as f:
    f.write("id,type,name\n")
    for i in range(entities):
        t = "offender" if i % 10 == 0 else "victim"
        f.write(f"P{i},{t},Person {i}\n")
types = ["associate", "associate", "associate", "family", "co_offends", "exploits", "supplies"]
agencies = ["police", "social_care", "education", "health", "youth_services"]
grades = ["1A-P", "2B-P", "2C-C", "3D-P", "2B-C"]
base = 1_735_689_600  # 2025-01-01
with open(out / "links.csv", "w") as f:
    f.write("from,to,type,start,end,source,grading\n")
    lines = []
    for i in range(links):
        a = rng.randrange(entities)
        b = rng.randrange(entities - 1)
        if b >= a:
            b += 1
        t = base + rng.randrange(365 * 86400)
        y, rest = divmod(t - base, 86400)
        import datetime
        s = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(f"P{a},P{b},{rng.choice(types)},{s},,{rng.choice(agencies)},{rng.choice(grades)}\n")
        if len(lines) >= 100_000:
            f.writelines(lines)
            lines = []
    f.writelines(lines)
