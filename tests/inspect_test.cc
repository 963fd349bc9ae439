// End-to-end: `modelgate inspect` on the example artifact and on hand-made bad inputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testing.h"

namespace mg {
namespace {

using testing::RunCli;
using testing::SourcePath;

const std::string kArtifact = "examples/jobs/breast-cancer-xgboost/output/model.tar.gz";

TEST(Inspect, ExampleArtifactIsClean) {
  auto r = RunCli({"inspect", SourcePath(kArtifact)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("xgboost-model"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verdict: clean"), std::string::npos) << r.out;
  auto j = RunCli({"inspect", SourcePath(kArtifact), "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["verdict"], "clean");
  EXPECT_EQ(doc["sha256"].get<std::string>().size(), 64u);
  ASSERT_FALSE(doc["members"].empty());
  EXPECT_EQ(doc["members"][0]["path"], "xgboost-model");
  EXPECT_TRUE(doc["findings"].is_array());
}

TEST(Inspect, PickleGadgetIsUnsafe) {
  testing::TempDir d;
  // protocol 0: os.system('id') -- bytes only, never loaded.
  std::string f = d.Write("xgboost-model", "cos\nsystem\n(S'id'\ntR.");
  auto r = RunCli({"inspect", f, "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["verdict"], "unsafe");
  bool critical = false;
  for (const auto& x : doc["findings"]) critical |= x["severity"] == "critical";
  EXPECT_TRUE(critical) << r.out;
}

TEST(Inspect, UnreadableIsInvalid) {
  testing::TempDir d;
  auto r = RunCli({"inspect", d.Write("model.tar.gz", std::string("\x1f\x8b\x08\x00junk", 8))});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("verdict: invalid"), std::string::npos) << r.out;
  EXPECT_EQ(RunCli({"inspect", d.Path("missing.tar.gz")}).exit_code, 2);
}

}  // namespace
}  // namespace mg
