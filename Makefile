# verbatim — a thin driver over CMake (as cmark does). The two commands a new
# machine needs are `make demo` and `make test`; both install what is missing.

BUILD   ?= build
ASAN    ?= build-asan
PYTHON  := /usr/bin/python3
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVERBATIM_WERROR=ON
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_OUT ?= $(BUILD)/demo

.PHONY: all deps build demo test test-c test-asan test-py bench clean

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

test: build test-c test-asan test-py
	@echo "make test: all suites passed"

test-c: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The whole C suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DVERBATIM_SANITIZE=ON -DVERBATIM_WERROR=ON >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)

# CLI, interop and (later) binding tests, with Debian's own interpreter.
test-py: build
	VERBATIM_BUILD=$(abspath $(BUILD)) $(PYTHON) -m pytest -q tests/python

# Throughput figures (not part of `make test`): normalization against
# utf8proc and ICU on ~50 MB generated corpora. BENCH_ARGS="--mb 10" for less.
bench: build
	$(BUILD)/bench_normalize $(BENCH_ARGS)

clean:
	rm -rf $(BUILD) $(ASAN)
