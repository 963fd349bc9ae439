// libFuzzer target: the YAML policy parser. Any input must give a policy or a clean error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "metrics/metrics.h"
#include "policy/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto p = mg::policy::ParsePolicy(text, "fuzz.yaml", mg::metrics::BinaryMetricNames());
  if (!p.ok() && p.status().message().rfind("fuzz.yaml", 0) != 0) __builtin_trap();  // errors name the file
  return 0;
}
