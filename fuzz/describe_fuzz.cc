// libFuzzer target: describe-training-job JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "job/job.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto j = mg::job::ParseDescribeJson(text, "describe.json");
  if (j.ok() && (j->name.empty())) __builtin_trap();  // a parsed job always has a name
  return 0;
}
