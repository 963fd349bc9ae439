// Real artifacts made at test time by Debian's scikit-learn / xgboost / joblib
// (testdata/make_fixtures.py). Python is the oracle: the globals its own Unpickler resolves and
// pickletools' opcode count must match the static VM, and arrays must match numpy's bytes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "core/sha256.h"
#include "pickle/compress.h"
#include "pickle/pickle.h"
#include "pickle/safety.h"
#include "pickle/test_util.h"

namespace mg::pickle {
namespace {
using namespace mg::pickle::testing;

const nlohmann::json& Manifest() {
  static const nlohmann::json m = nlohmann::json::parse(Fixture("manifest.json"));
  return m;
}

// The joblib / pickle payload after undoing joblib compression.
std::string Plain(const std::string& data) {
  std::string kind = SniffCompression(data.substr(0, 8));
  if (kind.empty()) return data;
  auto r = Decompress(data, kind, uint64_t{1} << 30);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : "";
}

std::set<std::string> RawGlobals(const PickleGraph& g) {
  std::set<std::string> s;
  for (const Node& n : g.nodes) {
    if (n.kind == NodeKind::kGlobal) s.insert(n.raw_module + "." + n.raw_name);
  }
  return s;
}

TEST(RealFiles, EveryFixtureParsesLikePythonAndIsClean) {
  int files = 0;
  for (const auto& [name, entry] : Manifest().items()) {
    SCOPED_TRACE(name);
    std::string data = Plain(Fixture(name));
    auto g = ParsePickle(data);
    ASSERT_TRUE(g.ok()) << g.status().message();
    auto want = entry["globals"].get<std::set<std::string>>();
    EXPECT_EQ(RawGlobals(*g), want);
    if (entry.contains("opcodes")) {
      EXPECT_EQ(g->opcodes, entry["opcodes"].get<uint64_t>());
      EXPECT_EQ(g->end_offset, data.size());
    }
    auto findings = AnalysePickle(Fixture(name));
    EXPECT_LE(MaxSafety(findings), Severity::kLow) << Dump(findings);
    EXPECT_LE(MaxSeverity(findings, FindingKind::kStructure), Severity::kLow) << Dump(findings);
    ++files;
  }
  EXPECT_GE(files, 45);
}

// Finds the first node whose class is cls.
NodeId FindCall(const PickleGraph& g, const std::string& cls) {
  for (NodeId i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].kind == NodeKind::kCall && g.ClassOf(i) == cls) return i;
  }
  return kNoNode;
}

TEST(RealFiles, JoblibTreeArraysAreExposed) {
  std::string data = Fixture("dt.joblib");
  auto g = ParsePickle(data);
  ASSERT_TRUE(g.ok()) << g.status().message();
  NodeId tree = FindCall(*g, "sklearn.tree._tree.Tree");
  ASSERT_NE(tree, kNoNode);
  ASSERT_EQ(g->at(tree).build_states.size(), 1u);
  NodeId state = g->at(tree).build_states[0];
  int64_t node_count = Manifest()["dt.joblib"]["node_count"];
  EXPECT_EQ(g->at(g->DictGet(state, "node_count")).i, node_count);
  const Node& nodes = g->at(g->DictGet(state, "nodes"));
  ASSERT_EQ(nodes.kind, NodeKind::kJoblibArray);
  EXPECT_EQ(nodes.shape, std::vector<int64_t>{node_count});
  EXPECT_TRUE(nodes.itemsize == 56 || nodes.itemsize == 64) << nodes.itemsize;
  EXPECT_EQ(g->Bytes(nodes).size(), static_cast<size_t>(node_count) * nodes.itemsize);
  EXPECT_EQ(nodes.span.offset % 16, 0u);  // joblib >= 1.2 aligns array data to 16 bytes
}

TEST(RealFiles, JoblibCoefficientsMatchNumpyBytes) {
  for (std::string name : {"lr.joblib", "lr_zlib.joblib", "lr_xz.joblib"}) {
    SCOPED_TRACE(name);
    std::string data = Plain(Fixture(name));
    auto g = ParsePickle(data);
    ASSERT_TRUE(g.ok()) << g.status().message();
    NodeId lr = FindCall(*g, "sklearn.linear_model._logistic.LogisticRegression");
    ASSERT_NE(lr, kNoNode);
    const Node& coef = g->at(g->DictGet(g->at(lr).build_states.at(0), "coef_"));
    ASSERT_EQ(coef.kind, NodeKind::kJoblibArray);
    auto shape = Manifest()["lr.joblib"]["coef_shape"].get<std::vector<int64_t>>();
    EXPECT_EQ(coef.shape, shape);
    EXPECT_EQ(coef.dtype, "f8");
    EXPECT_EQ(Sha256Hex(g->Bytes(coef)), Manifest()["lr.joblib"]["coef_sha256"]);
  }
}

TEST(RealFiles, JoblibObjectArrayIsANestedPickle) {
  std::string data = Fixture("objarr.joblib");
  auto g = ParsePickle(data);
  ASSERT_TRUE(g.ok()) << g.status().message();
  const Node& a = g->at(g->DictGet(g->root, "a"));
  ASSERT_EQ(a.kind, NodeKind::kJoblibArray);
  ASSERT_NE(a.nested_root, kNoNode);
  EXPECT_EQ(g->ClassOf(a.nested_root), "numpy.core.multiarray._reconstruct");
  const Node& b = g->at(g->DictGet(g->root, "b"));
  ASSERT_EQ(b.kind, NodeKind::kJoblibArray);
  EXPECT_EQ(Sha256Hex(g->Bytes(b)), Manifest()["objarr.joblib"]["int_sha256"]);
}

TEST(RealFiles, Protocol2NumpyBytesComeFromCodecsEncode) {
  auto g = ParsePickle(Fixture("dt_p2.pkl"));
  ASSERT_TRUE(g.ok());
  NodeId tree = FindCall(*g, "sklearn.tree._tree.Tree");
  ASSERT_NE(tree, kNoNode);
  NodeId state = g->at(tree).build_states.at(0);
  int64_t node_count = Manifest()["dt.joblib"]["node_count"];
  // nodes = _reconstruct(ndarray, (0,), b'b') + BUILD (version, shape, dtype, is_f, rawdata)
  const Node& arr = g->at(g->DictGet(state, "nodes"));
  ASSERT_EQ(arr.build_states.size(), 1u);
  const Node& st = g->at(arr.build_states[0]);
  ASSERT_EQ(st.items.size(), 5u);
  auto raw = g->BytesValue(st.items[4]);
  ASSERT_TRUE(raw.has_value());
  EXPECT_TRUE(raw->size() == static_cast<size_t>(node_count) * 56 ||
              raw->size() == static_cast<size_t>(node_count) * 64);
}

}  // namespace
}  // namespace mg::pickle
