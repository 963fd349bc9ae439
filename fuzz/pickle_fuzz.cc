// libFuzzer target: the static pickle VM, the safety analysis and format sniffing must accept
// any bytes without crashing, leaking or allocating without bound (run under ASan+UBSan).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "artifact/format.h"
#include "pickle/pickle.h"
#include "pickle/safety.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  mg::pickle::ParseLimits lim;
  lim.max_nodes = 100'000;
  lim.max_stack = 100'000;
  lim.max_memo = 100'000;
  auto out = mg::pickle::ParsePickleDetailed(in, lim);
  if (out.status.ok()) {
    const auto& g = out.graph;
    for (mg::pickle::NodeId i = 0; i < g.nodes.size(); ++i) {
      (void)g.Bytes(g.nodes[i]);
      (void)g.ClassOf(i);
      (void)g.BytesValue(i);
    }
  }
  mg::pickle::AnalyseOptions opt;
  opt.limits = lim;
  opt.max_decompressed = 16 << 20;
  opt.max_stacked = 8;
  (void)mg::pickle::AnalysePickle(in, opt);
  (void)mg::artifact::DetectFormat(in, size, "xgboost-model");
  return 0;
}
