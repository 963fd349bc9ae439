// libFuzzer target: log lines through SageMaker-style metric definitions (RE2), including the
// built-in XGBoost definitions and #011 handling.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "logs/logs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto extractor = [] {
    std::vector<mg::job::MetricDefinition> defs = {
        {"train:logloss", R"(.*\[[0-9]+\].*#011train-logloss:([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?))"},
        {"validation:auc", R"(.*\[[0-9]+\].*#011validation-auc:(\S+))"},
        {"loss", R"(loss[=:] *(\S+))"},
    };
    return std::move(mg::logs::MetricExtractor::Create(defs)).value();
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    extractor.AddLine(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return 0;
}
