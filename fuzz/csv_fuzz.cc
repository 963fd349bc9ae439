// libFuzzer target: the numeric CSV parser (evaluation data, prediction files).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "data/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  mg::data::CsvOptions opt;
  auto t = mg::data::ParseNumericCsv(text, "fuzz.csv", opt);
  if (t.ok()) {
    // Every column has the same length and lookups stay in range.
    for (const auto& c : t->columns)
      if (c.size() != t->rows()) __builtin_trap();
    (void)t->ColumnIndex("0");
    (void)t->ColumnIndex("label");
  }
  opt.allow_missing = true;
  opt.header = mg::data::CsvOptions::Header::kNo;
  (void)mg::data::ParseNumericCsv(text, "fuzz.csv", opt);
  return 0;
}
