# SPDX-License-Identifier: MIT
# The front door.  `make run` and `make test` work on a fresh Debian 12.
BUILD      ?= build
BUILD_TYPE ?= Debug
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

PREFIX     ?= /usr/local
DESTDIR    ?=

# no "Entering directory" chatter from the generated makefiles
MAKEFLAGS  += --no-print-directory

FUZZ_SECONDS ?= 20
FUZZ_BUILD ?= build-fuzz

.PHONY: all deps configure build install run test bench-kernel bench-system \
        bench-system-instr bench-kernel-instr bench-scale bench-fidelity asan coverage \
        lint fuzz clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# the binary, scenarios, layouts, RTL sources, docs and the man page
install: build
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix $(PREFIX) >/dev/null
	@echo "installed in $(DESTDIR)$(PREFIX)"

run: build
	./$(BUILD)/imslab run --out out

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --output-junit junit.xml

bench-kernel: deps
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j $(JOBS) --target bench_kernel
	./build-release/bench/bench_kernel $(BENCH_ARGS)
	./build-release/bench/bench_kernel --grain 1 $(BENCH_ARGS)

bench-system: deps
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j $(JOBS) --target bench_system
	./build-release/bench/bench_system $(BENCH_ARGS)

# Instructions per simulated interrupt per system (callgrind), JSON lines.
bench-system-instr: deps
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j $(JOBS) --target bench_system
	@bash scripts/bench-instr.sh ./build-release/bench/bench_system $(INSTR_DURATION_US)

# Instructions per kernel event on the reference workload (callgrind).
bench-kernel-instr: deps
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j $(JOBS) --target bench_kernel
	@bash scripts/bench-instr.sh --kernel ./build-release/bench/bench_kernel $(INSTR_EVENTS)

# The largest node the scenario format describes, at 1x, 10x and 100x the
# work: wall time, peak RSS, interrupts/s and growth (docs/scale.md).
bench-scale: deps
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j $(JOBS) --target imslab
	bash scripts/bench-scale.sh ./build-release/imslab $(BENCH_FACTORS)

# The calibration: scenarios/fidelity/ with the default cost model against
# the published ELI and DID comparisons, a table and one JSON line each
# (docs/cost-model.md, "Calibration").
bench-fidelity: build
	@bash scripts/bench-fidelity.sh ./$(BUILD)/imslab

asan:
	$(MAKE) test BUILD=build-asan CMAKE_ARGS=-DIMSLAB_SANITIZE=ON

# libFuzzer targets of tests/fuzz under ASan+UBSan (clang, from Debian):
# replay the seed corpus, then fuzz each target FUZZ_SECONDS (docs/fuzzing.md).
fuzz:
	@IMSLAB_FUZZ=1 bash scripts/install-deps.sh
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
		-DCMAKE_CXX_COMPILER=clang++ -DIMSLAB_FUZZ=ON -DIMSLAB_SANITIZE=ON \
		-DIMSLAB_SYSTEMC=OFF -DIMSLAB_RTL=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_scenario fuzz_layout fuzz_reports
	bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

coverage: deps
	bash scripts/coverage.sh

clean:
	rm -rf build build-release build-asan build-cov build-fuzz out
