// libFuzzer target: native scikit-learn reconstruction (pickle graph -> PyValue -> estimator)
// and prediction must reject any bytes cleanly -- no crash, no out-of-bounds read, no unbounded
// allocation. Seed it with the files tests/fixtures/make_models.py writes (docs/fuzzing.md).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "model/model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  auto m = mg::model::LoadSklearnModel(in, "fuzz");
  if (!m.ok() || (*m)->n_features() > 4096) return 0;
  mg::model::Matrix x;
  x.rows = 4;
  x.cols = (*m)->n_features();
  const double vals[4] = {0.0, -1e30, 1e30, std::numeric_limits<double>::quiet_NaN()};
  for (size_t r = 0; r < x.rows; ++r)
    for (size_t c = 0; c < x.cols; ++c) x.values.push_back(vals[(r + c) % 4]);
  (void)(*m)->Predict(x);
  return 0;
}
