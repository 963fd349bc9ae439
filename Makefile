# The front door. `make` builds build/modelgate; `make demo` runs it on the bundled example job;
# `make test` builds and runs every test. Each target installs what it needs first
# (scripts/bootstrap, a no-op when everything is present).
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all bootstrap build demo test test-asan test-all bench fuzz clean

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/build.ninja:
	@scripts/bootstrap
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	@scripts/bootstrap
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/modelgate validate examples/jobs/breast-cancer-xgboost; \
	  code=$$?; echo "(exit code $$code: 0 approved, 1 rejected)"; [ $$code -le 1 ]

# Every test: unit, end-to-end and scikit-learn parity, with the servers they need.
test: build
	scripts/with-test-servers ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan:
	@scripts/bootstrap
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DMODELGATE_SANITIZE=ON -DMODELGATE_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  scripts/with-test-servers ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

test-all: test test-asan

bench: build
	scripts/run-benchmarks

# libFuzzer targets under ASan+UBSan (docs/fuzzing.md). Installs clang and its fuzzer runtime.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= pickle csv logs policy describe
fuzz:
	@MODELGATE_BOOTSTRAP_EXTRA="clang libclang-rt-14-dev" scripts/bootstrap
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DMODELGATE_FUZZ=ON \
	  -DMODELGATE_SANITIZE=ON -DMODELGATE_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) --target $(addsuffix _fuzz,$(FUZZ_TARGETS)) -j $(JOBS)
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t && \
	  $(FUZZ_BUILD)/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 \
	    -max_len=65536 $(FUZZ_BUILD)/corpus/$$t || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
