// Micro-benchmarks: CSV parsing and the binary metric engine (not tests; see docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "data/csv.h"
#include "metrics/metrics.h"

namespace {

void MakeBinary(size_t n, std::vector<double>* y, std::vector<double>* s) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(0, 1);
  y->resize(n);
  s->resize(n);
  for (size_t i = 0; i < n; ++i) {
    (*y)[i] = u(rng) < 0.3;
    (*s)[i] = std::min(1.0, std::max(0.0, 0.3 * (*y)[i] + 0.7 * u(rng)));
  }
}

void BM_ComputeBinary(benchmark::State& state) {
  std::vector<double> y, s;
  MakeBinary(static_cast<size_t>(state.range(0)), &y, &s);
  for (auto _ : state) {
    auto m = mg::metrics::ComputeBinary(y, s);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ComputeBinary)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_ParseCsv(benchmark::State& state) {
  std::vector<double> y, s;
  MakeBinary(static_cast<size_t>(state.range(0)), &y, &s);
  std::string text = "y,score\n";
  char buf[64];
  for (size_t i = 0; i < y.size(); ++i) {
    snprintf(buf, sizeof buf, "%d,%.17g\n", static_cast<int>(y[i]), s[i]);
    text += buf;
  }
  for (auto _ : state) {
    auto t = mg::data::ParseNumericCsv(text, "bench.csv", {});
    benchmark::DoNotOptimize(t);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseCsv)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
