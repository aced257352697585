# SPDX-License-Identifier: MIT
# The front door.  `make run` and `make test` work on a fresh Debian 12.
BUILD      ?= build
BUILD_TYPE ?= Debug
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

.PHONY: all deps configure build run test bench-kernel bench-system bench-system-instr \
        bench-kernel-instr asan coverage lint clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

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

asan:
	$(MAKE) test BUILD=build-asan CMAKE_ARGS=-DIMSLAB_SANITIZE=ON

coverage: deps
	bash scripts/coverage.sh

clean:
	rm -rf build build-release build-asan build-cov out
