# The two commands a newcomer types: `make run` (the main job on the shipped samples) and
# `make test` (the test suite). Both install the C libraries the tool links when their
# headers are missing, so a fresh Debian machine needs nothing installed by hand.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SAMPLES := $(wildcard Samples/*.csv)
# The C libraries the tool links (Debian): CSV, encodings, the history's SQLite, Markdown (cmark-gfm),
# the notes' workbooks (libxlsxwriter), and the workbooks read: .xlsx sheet XML (libxml2), .xls (FreeXL).
APT_PACKAGES := libcsv-dev libuchardet-dev libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libxlsxwriter-dev \
	libxml2-dev libfreexl-dev

.PHONY: run inspect test test-fast lint format build release deps bench fuzz clean serve browser-test

deps:
	@if [ ! -f /usr/include/csv.h ] || [ ! -f /usr/include/uchardet/uchardet.h ] || [ ! -f /usr/include/sqlite3.h ] \
		|| [ ! -f /usr/include/cmark-gfm.h ] || [ ! -f /usr/include/cmark-gfm-core-extensions.h ] \
		|| [ ! -f /usr/include/xlsxwriter.h ] || [ ! -f /usr/include/libxml2/libxml/parser.h ] \
		|| [ ! -f /usr/include/freexl.h ]; then \
		echo "make: устанавливаю $(APT_PACKAGES) (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The main job: the pipelines on the shipped samples, notes in out/.
# Exit status 1 means the data failed a check that the note itself reports (DESIGN.md §4): the
# files are written and the warnings printed, so make goes on and says so; 2 and 3 stop it.
define run_pipeline
	@echo ".build/debug/shnor run Pipelines/$(1).yaml --out out/$(1)"
	@status=0; .build/debug/shnor run Pipelines/$(1).yaml --out out/$(1) || status=$$?; \
	if [ $$status = 1 ]; then \
	  echo "make: $(1) — код 1: файлы записаны, но данные не прошли проверку (предупреждения — выше и в начале справки)"; \
	elif [ $$status != 0 ]; then exit $$status; fi
endef

run: build
	$(call run_pipeline,november-satisfaction)
	@echo "make: справка — out/november-satisfaction/note.html (и note.md); данные — results.json"
	$(call run_pipeline,self-assessment)
	@echo "make: справки — out/self-assessment/start/note.html (входная самооценка), out/self-assessment/change/note.html (до и после)"
	$(call run_pipeline,march-2024-results)
	@echo "make: справка — out/march-2024-results/note.html (результаты обучающихся, ВПР, компетенции педагогов)"
	$(call run_pipeline,may-observation)
	@echo "make: справка — out/may-observation/note.html (майский мониторинг: посещение уроков, до и после)"
	$(call run_pipeline,programme-indicators)
	@echo "make: отчёт — out/programme-indicators/note.html (целевые показатели программы; читает results.json четырёх справок выше)"

# The analyst's workbench in a browser on http://127.0.0.1:8080/, its files in workbench/.
serve: build
	.build/debug/shnor serve --root workbench

# The workbench's browser tests (Tests/Browser): Playwright for Python in a venv of its own,
# driving Debian's Chromium (installed here when missing; Playwright downloads no browser).
# SHNOR_SCREENSHOTS=docs writes the README's screenshots into docs/.
BROWSER_VENV := .venv-browser
browser-test: build
	@chromium --version >/dev/null 2>&1 || { echo "make: устанавливаю chromium (apt-get)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-liberation; }
	@[ -x $(BROWSER_VENV)/bin/pytest ] && [ -d $(BROWSER_VENV)/lib/*/site-packages/playwright ] || { \
		python3 -m venv $(BROWSER_VENV) && $(BROWSER_VENV)/bin/pip install -q playwright pytest; }
	$(BROWSER_VENV)/bin/pytest -q -p no:cacheprovider Tests/Browser

# Describes each sample export of Samples/ (encoding, dialect, columns).
inspect: build
	@for file in $(SAMPLES); do .build/debug/shnor inspect "$$file" || exit $$?; echo; done

test: deps
	$(SWIFT) test

# The suite without the suites tagged `slow` (Tests/ShnorTests/Tags.swift): named here, because
# Swift 6.3's `swift test` cannot yet skip by tag (`--skip tag:slow` comes with swift-testing ST-0025).
SLOW_SUITES := PartsPipelineTests FaultTests
test-fast: deps
	$(SWIFT) test $(addprefix --skip ,$(SLOW_SUITES))

# `swift format lint --strict` with the rules of .swift-format; non-zero on any finding.
lint:
	.ci/lint

# Rewrites the Swift files in place to the layout of .swift-format (lint lists what is left).
format:
	$(SWIFT) format --in-place --parallel --recursive Sources Tests Benchmarks Fuzz Package.swift

# Prints MB/s of `shnor inspect` next to a bare libcsv loop on a generated 220 MB file.
bench: release
	cd Benchmarks && $(SWIFT) run -c release ingest-bench --shnor ../.build/release/shnor

# libFuzzer over the ingest layer (Fuzz/): FUZZ_SECONDS of fuzzing from the seed corpus;
# a crash leaves its input in .build-fuzz/artifacts/.
FUZZ_SECONDS ?= 60
fuzz: deps
	$(SWIFT) build -c release --package-path Fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	mkdir -p .build-fuzz/corpus .build-fuzz/artifacts
	cp -n Fuzz/Corpus/* .build-fuzz/corpus/
	.build-fuzz/release/IngestFuzz .build-fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -max_len=70000 -timeout=10 -rss_limit_mb=2048 -artifact_prefix=.build-fuzz/artifacts/

clean:
	rm -rf .build .build-fuzz Benchmarks/.build
