# verbatim — a thin driver over CMake (as cmark does). The two commands a new
# machine needs are `make demo` and `make test`; both install what is missing.

BUILD   ?= build
ASAN    ?= build-asan
PYTHON  := /usr/bin/python3
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVERBATIM_WERROR=ON
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --no-print-directory
DEMO_OUT ?= $(BUILD)/demo

.PHONY: all deps build demo test test-c test-asan test-tsan test-limits test-py test-notebook test-node test-valgrind fuzz coverage bench bench-quick bench-build clean
COV     ?= build-cov
FUZZ    ?= build-fuzz
TSAN    ?= build-tsan
FUZZ_SECONDS ?= 60

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The main job on the bundled sample corpus: results.cbor and report.html.
demo: build
	@$(BUILD)/verbatim analyze examples/corpus -o $(DEMO_OUT)

test: build test-c test-asan test-tsan test-limits test-py test-notebook test-node test-valgrind fuzz
	@echo "make test: all suites passed"

test-c: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The whole C suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
# (The bindings are left out: a sanitized module cannot load into a plain
# interpreter, and they are tested from $(BUILD).)
test-asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DVERBATIM_SANITIZE=ON -DVERBATIM_WERROR=ON \
	  -DVERBATIM_PYTHON=OFF -DVERBATIM_NODE=OFF >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)

# Threads sharing read-only input and one built quote index, under
# ThreadSanitizer (tests/threads_test.c); any data race fails the run.
test-tsan: deps
	@cmake -S . -B $(TSAN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_FLAGS=-fsanitize=thread \
	  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DVERBATIM_WERROR=ON \
	  -DVERBATIM_PYTHON=OFF -DVERBATIM_NODE=OFF >/dev/null
	@cmake --build $(TSAN) -j $(JOBS) --target threads_test
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 $(TSAN)/tests/threads_test

# Pathological inputs (tests/limits_test.c) must grow linearly: instruction
# counts under callgrind at two sizes, not a clock.
test-limits: build
	scripts/check-linear.sh $(BUILD)/tests/limits_test

# The CLI on the sample corpus and the seeds under memcheck: zero errors, zero leaks.
VALGRIND := valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=all
SEEDS_DIR := $(wildcard ../shared/seeds)
test-valgrind: build
	@mkdir -p $(BUILD)/vg
	$(VALGRIND) $(BUILD)/verbatim ingest examples/corpus $(SEEDS_DIR) -o $(BUILD)/vg/all.cbor --quiet
	$(VALGRIND) $(BUILD)/verbatim check $(BUILD)/vg/all.cbor >/dev/null
	$(VALGRIND) $(BUILD)/verbatim cat $(BUILD)/vg/all.cbor >/dev/null
	$(VALGRIND) $(BUILD)/verbatim analyze examples/corpus -o $(BUILD)/vg/analyze --quiet >/dev/null
	@echo "valgrind: CLI clean on the sample corpus and seeds"

# Each libFuzzer harness for FUZZ_SECONDS on a scratch copy of its seed
# corpus (new inputs stay out of the tree; crashes are kept in $(FUZZ)),
# JOBS at a time; prints each harness's executions.
fuzz: deps
	@cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DVERBATIM_FUZZ=ON -DVERBATIM_TESTS=OFF \
	  -DVERBATIM_PYTHON=OFF -DVERBATIM_NODE=OFF >/dev/null
	@cmake --build $(FUZZ) -j $(JOBS)
	@scripts/run-fuzz.sh $(FUZZ) $(FUZZ_SECONDS) $(JOBS)

# Line and branch coverage of core/ from the C suite and the CLI tests.
coverage: deps
	@cmake -S . -B $(COV) -DCMAKE_BUILD_TYPE=Debug -DVERBATIM_COVERAGE=ON \
	  -DVERBATIM_NODE=OFF >/dev/null
	@cmake --build $(COV) -j $(JOBS)
	@find $(COV) -name '*.gcda' -delete
	@ctest --test-dir $(COV) -j $(JOBS) >/dev/null
	@VERBATIM_BUILD=$(abspath $(COV)) $(PYTHON) -m pytest -q tests/python >/dev/null
	gcovr -r . --filter core/ --exclude-unreachable-branches --print-summary $(COV) | tail -n 3

# CLI, interop and Python binding tests, with Debian's own interpreter.
test-py: build
	VERBATIM_BUILD=$(abspath $(BUILD)) $(PYTHON) -m pytest -q tests/python

# The example notebooks, executed with nbclient on a kernel of $(PYTHON);
# any failing cell fails the target. The committed files keep empty outputs.
test-notebook: build
	VERBATIM_BUILD=$(abspath $(BUILD)) PYDEVD_DISABLE_FILE_VALIDATION=1 \
	  $(PYTHON) -Xfrozen_modules=off scripts/run_notebook.py examples/notebooks/*.ipynb

# The Node binding and the example service (node:test; cbor-x from
# node/package-lock.json via deps). The service tests listen on 127.0.0.1 only.
test-node: build
	cd node && VERBATIM_BUILD=$(abspath $(BUILD)) node --test test/
	cd examples/node-service && VERBATIM_BUILD=$(abspath $(BUILD)) node --test test/

# Benchmarks (never part of `make test`): a Release build (with the Python
# and Node modules when their headers are found), then benchmarks/run.py runs
# every driver in benchmarks/ at several sizes (each in its own process, peak
# RSS per run), peers side by side, and writes results.json, table.md and one
# PNG per benchmark. `bench` is the full run into docs/bench/ (long);
# `bench-quick` the small sizes (under two minutes), into
# $(BENCH_BUILD)/bench-quick/ unless BENCH_OUT says otherwise. See
# benchmarks/README.md.
BENCH_BUILD ?= build-bench
BENCH_OUT ?=
BENCH_ARGS ?=
bench-build: deps
	@scripts/install-bench-deps
	@cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DVERBATIM_TESTS=OFF \
	  -DVERBATIM_PYTHON=ON -DVERBATIM_NODE=ON >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS)

bench: bench-build
	$(PYTHON) benchmarks/run.py --mode full --build $(BENCH_BUILD) \
	  --out $(or $(BENCH_OUT),docs/bench) $(BENCH_ARGS)

bench-quick: bench-build
	$(PYTHON) benchmarks/run.py --mode quick --build $(BENCH_BUILD) \
	  --out $(or $(BENCH_OUT),$(BENCH_BUILD)/bench-quick) $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) $(COV) $(TSAN) $(BENCH_BUILD)
