// scikit-learn parity: gen_cases.py computes every case's values with the installed
// scikit-learn; modelgate must agree on each metric to 1e-9 (relative for large values), agree
// on which metrics are undefined, and fail bad input with exit 2 and a clear message. Python
// or scikit-learn missing is a failure, never a skip.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/testing.h"
#include "metrics/metrics.h"

namespace {

using nlohmann::json;
using mg::testing::RunCli;
using mg::testing::RunProgram;
using mg::testing::SourcePath;

constexpr const char* kPython = "/usr/bin/python3";

bool Near(double a, double b, double tol) { return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b)); }

void CompareMetrics(const std::string& name, const json& expect, const json& got, double tol) {
  for (const auto& [metric, value] : expect.items()) {
    SCOPED_TRACE(name + " " + metric);
    ASSERT_TRUE(got.contains(metric)) << "modelgate did not produce " << metric;
    ASSERT_TRUE(got[metric].is_number()) << got[metric];
    const double a = got[metric].get<double>(), b = value.get<double>();
    EXPECT_TRUE(Near(a, b, tol)) << "modelgate " << a << " vs scikit-learn " << b << " (diff " << a - b << ")";
  }
}

TEST(Parity, EveryCaseMatchesScikitLearn) {
  mg::testing::TempDir dir;
  auto gen = RunProgram({kPython, SourcePath("tests/parity/gen_cases.py"), dir.path()});
  ASSERT_EQ(gen.exit_code, 0) << "the parity generator needs /usr/bin/python3 with numpy and scikit-learn "
                                 "(scripts/bootstrap installs them):\n"
                              << gen.err;
  json doc = json::parse(mg::testing::ReadAll(dir.Path("cases.json")));
  ASSERT_EQ(doc["sklearn"], "1.2.1") << "the oracle is Debian's scikit-learn 1.2.1";
  const json& cases = doc["cases"];
  ASSERT_GT(cases.size(), 60u);
  for (const auto& c : cases) {
    const std::string name = c["name"];
    SCOPED_TRACE(name);
    std::vector<std::string> args = {"metrics", c["file"].get<std::string>()};
    for (const auto& a : c["args"]) args.push_back(a);
    args.push_back("--json");
    auto r = RunCli(args);
    if (c.contains("error")) {
      EXPECT_EQ(r.exit_code, c["error"]["exit"].get<int>()) << r.out << r.err;
      EXPECT_NE(r.err.find(c["error"]["contains"].get<std::string>()), std::string::npos)
          << "stderr: " << r.err << "expected to contain: " << c["error"]["contains"];
      EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
      continue;
    }
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json out = json::parse(r.out);
    CompareMetrics(name, c["expect"], out["metrics"], 1e-9);
    std::set<std::string> undefined_expected(c["undefined"].begin(), c["undefined"].end()), undefined_got;
    for (const auto& [k, v] : out["undefined"].items()) undefined_got.insert(k);
    EXPECT_EQ(undefined_got, undefined_expected);
    // Every name of the task is either a value or undefined.
    auto task = mg::metrics::ParseTask(out["task"].get<std::string>());
    ASSERT_TRUE(task.ok());
    for (const auto& m : mg::metrics::MetricNames(*task))
      EXPECT_TRUE(out["metrics"].contains(m) || out["undefined"].contains(m)) << m;
  }
}

TEST(Parity, ExampleJobValidateMatchesScikitLearnOnXgboostPredictions) {
  const std::string job = SourcePath("examples/jobs/breast-cancer-xgboost");
  auto py = RunProgram({kPython, SourcePath("tests/parity/example_job.py"), job});
  ASSERT_EQ(py.exit_code, 0) << "needs /usr/bin/python3 with xgboost and scikit-learn:\n" << py.err;
  auto r = RunCli({"validate", job, "--json"});
  ASSERT_LE(r.exit_code, 1) << r.err;
  json report = json::parse(r.out);
  json expect = json::parse(py.out);
  CompareMetrics("breast-cancer-xgboost", expect, report["evaluation"]["metrics"], 1e-12);
}

}  // namespace
