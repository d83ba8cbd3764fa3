# volt: the two README commands (demo, test) and the import benchmark.
SHELL := /bin/bash
SWIFT ?= swift
# System packages volt builds against: SQLite for the store, Graphviz for maps, libcrypto for
# SHA-256 and HMAC, the sqlite3 shell for the audit-tampering tests.
APT_PACKAGES := libsqlite3-dev libgraphviz-dev libxml2-dev libssl-dev sqlite3 pkg-config python3-venv
DEMO_DB := out/demo.sqlite
VOLT := .build/release/volt

FUZZ_SECONDS ?= 600
# The tests' Python packages: the browser driver, and the reference string comparators.
SELENIUM := selenium==4.27.1
JELLYFISH := jellyfish==1.3.0

.PHONY: test-build test-tools workspace build-bench bench-county bench-match fuzz deps browser-deps workspace-screenshots bench-serve build demo test example-maps example-pack bench bench-quick bench-import bench-export bench-colocation bench-maps clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "missing system packages:$$missing"; \
	    echo "install them with: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# The demo needs the volt command only; the benchmarks also build volt-bench (build-bench).
build: deps
	$(SWIFT) build -c release --product volt

build-bench: build
	$(SWIFT) build -c release --product volt-bench

# The panel workspace's server (SwiftNIO and Hummingbird), which `volt serve` starts: built
# only for those who serve the workspace, so the demo does not wait for it.
workspace: build
	$(SWIFT) build -c release --product volt-workspace

# Import the sample area into a fresh store under out/, then show what an analyst sees first.
demo: build
	@rm -rf out && mkdir -p out
	@export VOLT_DB=$(DEMO_DB) VOLT_PURPOSE="demo: first look at the Wexbury sample area"; \
	set -e; \
	$(VOLT) init; \
	$(VOLT) import examples/wexbury/*.csv; \
	echo; echo "== volt stats"; $(VOLT) stats; \
	echo; echo "== volt show O001 (an offender: links in time order, with source and grading)"; $(VOLT) show O001 --top 12; \
	echo; echo "== volt missing --section together (children who go missing together)"; $(VOLT) missing --section together --top 5; \
	echo; echo "== volt emerging --since 2026-09-01 --to 2026-10-31 (what is new since the last panel)"; $(VOLT) emerging --since 2026-09-01 --to 2026-10-31 | head -20; \
	echo; echo "== volt top --cohort not-csc (emerging: children not open to social care, with movement)"; $(VOLT) top --cohort not-csc --n 5 | cut -c1-100; \
	echo; echo "== volt actions --state overdue (the action tracker)"; $(VOLT) actions --state overdue --as-of 2026-10-31 | head -8; \
	echo; echo "== volt audit verify"; $(VOLT) audit verify; \
	echo; echo "The workspace (docs/workspace.md): 'make workspace' builds its server; add an account with 'volt user add NAME --role analyst', then:"; \
	echo "  $(VOLT) serve --db $(DEMO_DB) --port 8080"

# The example maps in examples/maps/, drawn from the demo store (pseudonyms are keyed per store,
# so a new store gives new pseudonyms).
example-maps: demo
	@export VOLT_DB=$(DEMO_DB) VOLT_PURPOSE="example maps for the README"; set -e; mkdir -p examples/maps; \
	for f in svg png; do \
	  $(VOLT) map group Y012 --labels initials --out examples/maps/group-Y012.$$f; \
	  $(VOLT) map ego O003 --hops 2 --out examples/maps/ego-O003.$$f; \
	  $(VOLT) map location L016 --labels initials --out examples/maps/location-L016.$$f; \
	  $(VOLT) map path Y001 O001 --labels initials --out examples/maps/path-Y001-O001.$$f; \
	  $(VOLT) map overview --out examples/maps/overview.$$f; \
	done

# Independent references some tests compare with (igraph's Leiden), in a local virtualenv.
.venv/bin/python:
	python3 -m venv .venv
	.venv/bin/pip install -q igraph==1.0.0 networkx==3.6.1 scipy==1.17.1

# The browser the workspace tests drive: Debian's chromium and its driver (installed when
# root, as deps does; otherwise the browser test says what is missing and skips, or fails
# under CI=true), and Selenium from PyPI in the virtualenv.
BROWSER_PACKAGES := chromium chromium-driver
browser-deps:
	@missing=""; for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

.venv/.selenium: .venv/bin/python
	.venv/bin/pip install -q $(SELENIUM)
	touch $@

# jellyfish: the reference Jaro-Winkler and Soundex the matching tests compare with.
.venv/.jellyfish: .venv/bin/python
	.venv/bin/pip install -q $(JELLYFISH)
	touch $@

# The Swift build (bound by the CPU) and the Python side and the browser (bound by the network
# and the disk) at once: on a fresh machine this takes the installs off the test's time.
test: deps
	@$(MAKE) --no-print-directory -j2 test-build test-tools
	$(SWIFT) test --skip-build
	.venv/bin/python Tests/Browser/workspace_test.py --volt .build/debug/volt

test-build:
	$(SWIFT) build --build-tests

test-tools: browser-deps .venv/.test-tools

# The test's Python packages in one pip call: two installs into one virtualenv at once (make -j)
# could step on each other.
.venv/.test-tools: .venv/bin/python
	.venv/bin/pip install -q $(SELENIUM) $(JELLYFISH)
	touch .venv/.selenium .venv/.jellyfish $@

# The workspace under load: 20 sessions on a 20,000-person area (wrk), into BENCHMARKS.md.
bench-serve: workspace
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; else echo "bench-serve needs wrk: sudo apt-get install -y wrk"; exit 1; fi; }
	python3 Benchmarks/bench_serve.py --volt $(VOLT)

# Screenshots of the workspace's pages on the sample area, for the README.
workspace-screenshots: browser-deps .venv/.selenium
	$(SWIFT) build
	.venv/bin/python Tests/Browser/workspace_test.py --volt .build/debug/volt --screenshots examples/workspace
	rm -f examples/workspace/failure.png

# volt side by side with igraph, networkit and networkx on the same seeded files, in one run.
# bench-quick: sizes S and M (under 3 minutes); bench: S, M, ML, L, XL, written to BENCHMARKS.md.
.venv/.bench: .venv/bin/python
	.venv/bin/pip install -q networkit==11.3
	touch $@

bench-quick: build-bench .venv/.bench
	.venv/bin/python Benchmarks/bench.py --quick

bench: build-bench .venv/.bench
	.venv/bin/python Benchmarks/bench.py

# Record matching on the generator's messy duplicates (10,000 and 100,000 records, several
# seeds): precision, recall and F1 of the link band, seconds and peak memory, beside
# recordlinkage's ECM on the same blocking, written to BENCHMARKS.md.
.venv/.recordlinkage: .venv/.jellyfish
	.venv/bin/pip install -q recordlinkage==0.16
	touch $@

bench-match: build-bench .venv/.recordlinkage
	.venv/bin/python Benchmarks/bench_match.py

# volt import of the L and XL areas, CSV and JSON Lines, beside SQLite's own prepared-insert
# rate for the same rows; medians with min-max and peak memory, written to BENCHMARKS.md.
bench-import: build-bench
	python3 Benchmarks/bench_import.py

# The analyst's commands on a generated 20,000-person area (median of 5 runs with min-max and
# peak memory), each beside its target, written to BENCHMARKS.md.
bench-county: build
	python3 Benchmarks/bench_county.py

# The co-location sweep over 10M sightings (median of 5 runs).
# Seconds and peak memory to export 1M links in every format (target: under 300 MB), and
# volt's JSON and CSV writers beside JSONEncoder, JSONSerialization and CSV.swift.
bench-export: build-bench
	python3 Benchmarks/bench_export.py

bench-colocation: build-bench
	.build/release/volt-bench colocation 10000000

# Map rendering: a 200-node peer group with dot, a 5,000-node overview with sfdp, and resident
# memory over 1,000 renders.
bench-maps: build-bench
	.build/release/volt-bench maps

clean:
	rm -rf .build out Benchmarks/data .venv

# Screenshots of the sample area's packs under examples/pack/ (needs chromium and poppler-utils:
# apt-get install chromium poppler-utils). Pages are A4 as printed.
example-pack: demo
	@export VOLT_DB=$(DEMO_DB) VOLT_PURPOSE="example packs for the README"; set -e; \
	rm -rf out/pack examples/pack && mkdir -p out/pack examples/pack; \
	for a in panel strategic; do \
	  $(VOLT) pack --period 2026-10 --audience $$a --out out/pack/$$a --recipient "README example"; \
	  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=out/pack/$$a.pdf out/pack/$$a/pack.html 2>/dev/null; \
	  pdftoppm -r 70 -png -f 1 -l 2 out/pack/$$a.pdf out/pack/$$a-page; \
	  for n in 1 2; do mv "$$(ls out/pack/$$a-page-*$$n.png | head -1)" examples/pack/$$a-page-$$n.png; done; \
	done

# libFuzzer over the CSV parser, the record decoder, the JSON Lines reader and the chart reader,
# FUZZ_SECONDS each (default 600), two at a time; crashes in .build-fuzz/crashes/ (keep them,
# fixed, under Fuzz/regressions/TARGET/: the tests replay them).
fuzz: deps
	$(SWIFT) build -c release --product volt
	$(SWIFT) build -c release --scratch-path .build-fuzz --product volt-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
	bash Fuzz/run.sh $(FUZZ_SECONDS)
