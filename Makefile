# verbatim — a thin driver over CMake (as cmark does). The two commands a new
# machine needs are `make demo` and `make test`; both install what is missing.

BUILD   ?= build
ASAN    ?= build-asan
PYTHON  := /usr/bin/python3
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVERBATIM_WERROR=ON
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_OUT ?= $(BUILD)/demo

.PHONY: all deps build demo test test-c test-asan test-py test-node test-valgrind fuzz coverage clean
COV     ?= build-cov
FUZZ    ?= build-fuzz
FUZZ_SECONDS ?= 60

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The main job on the bundled sample corpus.
demo: build
	@mkdir -p $(DEMO_OUT)
	$(BUILD)/verbatim ingest examples/corpus -o $(DEMO_OUT)/corpus.cbor
	$(BUILD)/verbatim check $(DEMO_OUT)/corpus.cbor

test: build test-c test-asan test-py test-node test-valgrind fuzz
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

# The CLI on the sample corpus and the seeds under memcheck: zero errors, zero leaks.
VALGRIND := valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=all
SEEDS_DIR := $(wildcard ../shared/seeds)
test-valgrind: build
	@mkdir -p $(BUILD)/vg
	$(VALGRIND) $(BUILD)/verbatim ingest examples/corpus $(SEEDS_DIR) -o $(BUILD)/vg/all.cbor --quiet
	$(VALGRIND) $(BUILD)/verbatim check $(BUILD)/vg/all.cbor >/dev/null
	$(VALGRIND) $(BUILD)/verbatim cat $(BUILD)/vg/all.cbor >/dev/null
	@echo "valgrind: CLI clean on the sample corpus and seeds"

# Each libFuzzer harness for FUZZ_SECONDS on a scratch copy of its seed
# corpus (new inputs stay out of the tree; crashes are kept in $(FUZZ)).
fuzz: deps
	@cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DVERBATIM_FUZZ=ON -DVERBATIM_TESTS=OFF \
	  -DVERBATIM_PYTHON=OFF -DVERBATIM_NODE=OFF >/dev/null
	@cmake --build $(FUZZ) -j $(JOBS)
	@set -e; for f in $(FUZZ)/tests/fuzz/fuzz_*; do \
	  name=$$(basename $$f); seeds=tests/fuzz/corpus/$${name#fuzz_}; work=$(FUZZ)/corpus/$$name; \
	  mkdir -p $$work $(FUZZ)/crashes; cp -n $$seeds/* $$work/ 2>/dev/null || true; \
	  echo "fuzz: $$name for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=$(FUZZ)/crashes/ \
	    -print_final_stats=1 $$work 2>$(FUZZ)/$$name.log || { tail -n 40 $(FUZZ)/$$name.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" $(FUZZ)/$$name.log; \
	done

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

# The Node binding and the example service (node:test; cbor-x from
# node/package-lock.json via deps). The service tests listen on 127.0.0.1 only.
test-node: build
	cd node && VERBATIM_BUILD=$(abspath $(BUILD)) node --test test/
	cd examples/node-service && VERBATIM_BUILD=$(abspath $(BUILD)) node --test test/

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) $(COV)
