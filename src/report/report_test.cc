#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "core/env.h"
#include "core/testing.h"
#include "report/curves.h"
#include "report/report.h"

namespace mg::report {
namespace {

using nlohmann::json;

// SageMaker Pipelines' JsonGet: a dotted path into a JSON document.
const json* JsonGet(const json& doc, const std::string& path) {
  const json* cur = &doc;
  std::stringstream ss(path);
  for (std::string key; std::getline(ss, key, '.');) {
    if (!cur->is_object() || !cur->contains(key)) return nullptr;
    cur = &(*cur)[key];
  }
  return cur;
}

// A report with every optional section filled.
Report FullReport() {
  Report r;
  r.decision = "rejected";
  job::JobRecord j;
  j.name = "job-<1>&\"x\"";
  j.status = job::JobStatus::kCompleted;
  j.creation_time = "2026-11-30T10:00:00.000Z";
  j.transitions = {{"Starting", "2026-11-30T10:00:00.000Z", "2026-11-30T10:01:51.000Z", "Preparing"},
                   {"Training", "2026-11-30T10:01:51.000Z", "", "running"}};
  j.final_metrics = {{"validation:auc", 0.9}};
  r.job = j;
  r.findings = {{"high", "safety", "model/x.bin", "os.system called via REDUCE at offset 21"}};
  logs::LogMetrics lm;
  auto series = [&](const std::string& name, std::vector<std::pair<int64_t, double>> pts) {
    logs::Series& s = lm.series[name];
    s.name = name;
    for (auto [step, v] : pts) s.Add(step, v);
  };
  series("train:logloss", {{0, 0.6}, {1, 0.4}, {2, 0.3}});
  series("validation:logloss", {{0, 0.65}, {1, NAN}, {2, 0.5}});
  series("empty", {});
  r.logs = lm;
  Evaluation e;
  e.metrics.task = "binary";
  e.metrics.n = 6;
  e.metrics.values = {{"accuracy", 0.5}, {"roc_auc", 0.75}, {"log_loss", INFINITY}};
  e.metrics.ci["accuracy"] = {0.4, 0.6, 0.95, "bootstrap"};
  e.metrics.undefined["recall"] = "no positive predictions";
  e.metrics.confusion = {{0, 1}, {{2, 1}, {2, 1}}};
  e.y_true = {0, 1, 0, 1, 0, 1};
  e.scores = {0.1, 0.9, 0.35, 0.4, 0.8, 0.7};
  Slice s;
  s.column = "sex";
  s.value = "F";
  s.metrics.task = "binary";
  s.metrics.n = 3;
  s.metrics.values = {{"accuracy", 0.66}};
  e.slices.push_back(s);
  r.evaluation = e;
  r.policy = policy::DefaultPolicy({"accuracy", "recall"});
  policy::Decision d;
  auto check = [&](const char* name, std::optional<double> v, const char* thr, policy::Outcome o, const char* why) {
    policy::Check c;
    c.kind = "metric";
    c.name = name;
    c.value = v;
    c.threshold = thr;
    c.outcome = o;
    c.reason = why;
    d.checks.push_back(c);
  };
  check("accuracy", 0.5, "≥ 0.9", policy::Outcome::kFailed, "0.5 is not ≥ 0.9 <&>");
  check("recall", std::nullopt, "present", policy::Outcome::kFailed, "no positive predictions");
  check("roc_auc", 0.75, "present", policy::Outcome::kPassed, "");
  r.checks = d;
  r.timings = {{"job", 0.01}, {"model", 0.25}};
  return r;
}

TEST(ReportJson, StableKeyOrderAndSchemaTag) {
  json j = json::parse(ToJson(FullReport()).dump());
  std::vector<std::string> keys;
  const nlohmann::ordered_json ordered = ToJson(FullReport());
  for (const auto& [k, v] : ordered.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"schema", "tool", "decision", "error", "job", "artifact", "findings", "logs",
                                            "evaluation", "policy", "checks", "timings", "registry_status",
                                            "next_steps"}));
  EXPECT_EQ(j["schema"], "modelgate.report/v1");
  EXPECT_EQ(ToJson(FullReport()).dump(), ToJson(FullReport()).dump());
}

// Every optional section filled (findings, slices, intervals, NaN/Infinity, curves) and every
// section empty: both valid against docs/report.schema.json (python3-jsonschema).
TEST(ReportJson, FullAndEmptyReportsMatchTheSchema) {
  testing::TempDir dir;
  Report empty;
  empty.error = Status::Internal("boom");
  std::string full = dir.Write("full.json", ToJson(FullReport()).dump());
  std::string none = dir.Write("empty.json", ToJson(empty).dump());
  testing::CliResult r = testing::RunProgram({"/usr/bin/python3", testing::SourcePath("tests/report/check_schema.py"),
                                              testing::SourcePath("docs/report.schema.json"), full, none});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(ReportJson, NonFiniteNumbersAreStrings) {
  json j = json::parse(ToJson(FullReport()).dump());
  EXPECT_EQ(j["evaluation"]["metrics"]["log_loss"], "Infinity");
  EXPECT_EQ(j["logs"]["metrics"]["validation:logloss"]["series"][1][1], "NaN");
  EXPECT_TRUE(j["logs"]["metrics"]["empty"]["last"].is_null());
  EXPECT_EQ(j["checks"][1]["outcome"], "failed");
  EXPECT_TRUE(j["checks"][1]["value"].is_null());
  EXPECT_EQ(j["job"]["transitions"][0]["seconds"], 111.0);
  EXPECT_TRUE(j["job"]["transitions"][1]["seconds"].is_null());
}

TEST(ReportJson, EmptyReportHasEverySectionNull) {
  Report r;
  r.error = Status::Input("x.csv: bad");
  json j = json::parse(ToJson(r).dump());
  EXPECT_EQ(j["decision"], "error");
  EXPECT_EQ(j["error"]["code"], "input");
  EXPECT_EQ(j["error"]["exit_code"], 2);
  for (const char* k : {"job", "artifact", "logs", "evaluation", "policy"}) EXPECT_TRUE(j[k].is_null()) << k;
}

TEST(SageMakerEvaluation, JsonGetPaths) {
  json j = json::parse(ToSageMakerEvaluation(FullReport()).dump());
  const json* acc = JsonGet(j, "binary_classification_metrics.accuracy.value");
  ASSERT_NE(acc, nullptr);
  EXPECT_EQ(acc->get<double>(), 0.5);
  // Interval [0.4, 0.6] at 95%: sd = 0.2 / (2 * 1.959964).
  EXPECT_NEAR(JsonGet(j, "binary_classification_metrics.accuracy.standard_deviation")->get<double>(), 0.2 / (2 * 1.959963985), 1e-9);
  EXPECT_EQ(*JsonGet(j, "binary_classification_metrics.roc_auc.standard_deviation"), "NaN");
  EXPECT_EQ(JsonGet(j, "binary_classification_metrics.auc.value")->get<double>(), 0.75);
  EXPECT_EQ(JsonGet(j, "binary_classification_metrics.confusion_matrix.1.0")->get<double>(), 2);
  const json* fpr = JsonGet(j, "binary_classification_metrics.receiver_operating_characteristic_curve.false_positive_rates");
  const json* tpr = JsonGet(j, "binary_classification_metrics.receiver_operating_characteristic_curve.true_positive_rates");
  ASSERT_TRUE(fpr && tpr);
  EXPECT_EQ(fpr->size(), tpr->size());
  ASSERT_NE(JsonGet(j, "binary_classification_metrics.precision_recall_curve.precisions"), nullptr);
  EXPECT_EQ(JsonGet(j, "binary_classification_metrics.nope.value"), nullptr);
}

TEST(SageMakerEvaluation, RegressionSectionAndNoEvaluation) {
  Report r;
  EXPECT_EQ(ToSageMakerEvaluation(r).dump(), "{}");
  Evaluation e;
  e.metrics.task = "regression";
  e.metrics.values = {{"mse", 2.5}};
  r.evaluation = e;
  json j = json::parse(ToSageMakerEvaluation(r).dump());
  EXPECT_EQ(JsonGet(j, "regression_metrics.mse.value")->get<double>(), 2.5);
  EXPECT_EQ(JsonGet(j, "regression_metrics.confusion_matrix"), nullptr);
}

TEST(Table, PlainWhenNoColorAndTimingsWhenVerbose) {
  Report r = FullReport();
  std::string plain = RenderTable(r, {false, false});
  EXPECT_EQ(plain.find('\033'), std::string::npos);
  EXPECT_NE(plain.find("| Accuracy | 0.5000  | ≥ 0.9 "), std::string::npos) << plain;
  EXPECT_NE(plain.find("| Recall   | missing"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("Timings"), std::string::npos);
  EXPECT_NE(plain.find("Decision: rejected — 2 checks failed"), std::string::npos);
  EXPECT_NE(RenderTable(r, {true, false}).find("\033[31m"), std::string::npos);
  std::string verbose = RenderTable(r, {false, true});
  EXPECT_NE(verbose.find("model 0.250s"), std::string::npos) << verbose;
  EXPECT_EQ(RenderVerdictLine(r, false), "Decision: rejected — 2 checks failed.\n");
}

TEST(Markdown, VerdictTableFindingsLink) {
  std::string md = RenderMarkdown(FullReport());
  EXPECT_EQ(md.rfind("## ❌ modelgate: rejected", 0), 0u) << md;
  EXPECT_NE(md.find("| Accuracy | 0.5000 | ≥ 0.9 | ❌ failed: 0.5 is not ≥ 0.9 <&> |"), std::string::npos) << md;
  EXPECT_NE(md.find("- **high** `model/x.bin`: os.system called via REDUCE at offset 21 (safety)"), std::string::npos) << md;
  EXPECT_NE(md.find("[report.html](report.html)"), std::string::npos);
}

TEST(Junit, OneTestcasePerCheckEscaped) {
  std::string x = RenderJunit(FullReport());
  EXPECT_NE(x.find("tests=\"3\" failures=\"2\" errors=\"0\""), std::string::npos) << x;
  EXPECT_NE(x.find("<testsuite name=\"job-&lt;1&gt;&amp;&quot;x&quot;\""), std::string::npos) << x;
  EXPECT_NE(x.find("<failure message=\"0.5 is not ≥ 0.9 &lt;&amp;&gt;\""), std::string::npos) << x;
  EXPECT_NE(x.find("<testcase name=\"roc_auc\" classname=\"modelgate.policy.metric\" time=\"0\"/>"), std::string::npos);
  Report err;
  err.error = Status::JobNotUsable("job failed\x01");
  std::string e = RenderJunit(err);
  EXPECT_NE(e.find("<error message=\"job failed\" type=\"job_not_usable\">"), std::string::npos) << e;
}

TEST(Html, SelfContainedWithEveryPlot) {
  std::string h = RenderHtml(FullReport());
  for (const char* plot : {"data-plot=\"roc\"", "data-plot=\"pr\"", "data-plot=\"calibration\"", "data-plot=\"confusion\"",
                           "data-plot=\"timeline\"", "data-plot=\"training-logloss\""})
    EXPECT_NE(h.find(plot), std::string::npos) << plot;
  EXPECT_EQ(h.find("<script"), std::string::npos);
  EXPECT_EQ(h.find("src=\"http"), std::string::npos);
  EXPECT_EQ(h.find("href=\"http"), std::string::npos);
  EXPECT_NE(h.find("job-&lt;1&gt;&amp;"), std::string::npos);
  EXPECT_EQ(h.find("job-<1>"), std::string::npos);
  EXPECT_NE(h.find("sex = F"), std::string::npos);
  EXPECT_NE(h.find("prefers-color-scheme:dark"), std::string::npos);
}

TEST(Render, EveryFormatCopesWithAnyMissingSection) {
  std::vector<Report> reports(4, FullReport());
  reports[0] = Report{};
  reports[1].evaluation->y_true.clear();
  reports[1].evaluation->scores.clear();
  reports[1].logs.reset();
  reports[2].job->transitions.clear();
  reports[2].checks.reset();
  reports[3].evaluation.reset();
  reports[3].job.reset();
  for (const auto& r : reports)
    for (Format f : {Format::kTable, Format::kJson, Format::kMarkdown, Format::kJunit, Format::kHtml, Format::kEvaluation})
      EXPECT_FALSE(Render(r, f).empty());
  EXPECT_EQ(RenderHtml(reports[1]).find("data-plot=\"roc\""), std::string::npos);
}

TEST(Render, ParseFormat) {
  EXPECT_EQ(ParseFormat("md"), Format::kMarkdown);
  EXPECT_EQ(ParseFormat("junit"), Format::kJunit);
  EXPECT_EQ(ParseFormat("xml"), std::nullopt);
}

TEST(WriteReportDir, WritesEveryFileAndReportsErrors) {
  testing::TempDir dir;
  ASSERT_TRUE(WriteReportDir(FullReport(), dir.path()).ok());
  for (const char* f : kReportFiles) EXPECT_TRUE(FileExists(dir.Path(f))) << f;
  EXPECT_EQ(ListFiles(dir.path()).size(), std::size(kReportFiles));  // no temp files left behind
  Status st = WriteReportDir(FullReport(), dir.Path("missing/sub"));
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("missing/sub/report.json"), std::string::npos) << st.message();
}

TEST(Curves, UndefinedCurvesAreEmpty) {
  EXPECT_TRUE(RocCurve({1, 1}, {0.2, 0.3}, 1).empty());
  EXPECT_TRUE(PrCurve({0, 0}, {0.2, 0.3}, 1).empty());
  EXPECT_TRUE(RocCurve({0, 1}, {0.2}, 1).empty());
  EXPECT_TRUE(RocCurve({0, 1}, {0.2, NAN}, 1).empty());
  EXPECT_TRUE(Calibration({0, 1}, {0.2, 1.5}, 1).empty());
}

// The oracle: scikit-learn's roc_curve / precision_recall_curve / calibration_curve on the same
// rows (Debian's /usr/bin/python3).
TEST(Curves, MatchScikitLearn) {
  std::mt19937 gen(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> y, s;
  for (int i = 0; i < 300; ++i) {
    double label = u(gen) < 0.4 ? 1 : 0;
    double score = std::round(std::clamp(0.5 * u(gen) + 0.45 * label + 0.05 * u(gen), 0.0, 1.0) * 50) / 50;  // ties
    y.push_back(label);
    s.push_back(score);
  }
  y.insert(y.end(), {1, 0, 1}), s.insert(s.end(), {0.1, 0.3, 0.0});  // on bin edges
  testing::TempDir dir;
  std::string rows;
  for (size_t i = 0; i < y.size(); ++i) rows += fmt::format("{},{:.17g}\n", y[i], s[i]);
  std::string csv = dir.Write("rows.csv", rows);
  const char* script = R"PY(
import json, sys, numpy as np
from sklearn.metrics import roc_curve, precision_recall_curve
from sklearn.calibration import calibration_curve
d = np.loadtxt(sys.argv[1], delimiter=",")
y, s = d[:, 0], d[:, 1]
fpr, tpr, _ = roc_curve(y, s, pos_label=1, drop_intermediate=False)
p, r, _ = precision_recall_curve(y, s, pos_label=1)
pt, pp = calibration_curve(y, s, n_bins=10, strategy="uniform")
print(json.dumps({"fpr": fpr.tolist(), "tpr": tpr.tolist(), "p": p.tolist(), "r": r.tolist(), "pt": pt.tolist(), "pp": pp.tolist()}))
)PY";
  testing::CliResult py = testing::RunProgram({"/usr/bin/python3", "-c", script, csv});
  ASSERT_EQ(py.exit_code, 0) << py.err;
  json want = json::parse(py.out);
  auto expect_near = [](const std::vector<double>& got, const json& w, const char* what) {
    ASSERT_EQ(got.size(), w.size()) << what;
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], w[i].get<double>(), 1e-12) << what << "[" << i << "]";
  };
  Curve roc = RocCurve(y, s, 1), pr = PrCurve(y, s, 1), cal = Calibration(y, s, 1);
  expect_near(roc.x, want["fpr"], "fpr");
  expect_near(roc.y, want["tpr"], "tpr");
  expect_near(pr.y, want["p"], "precision");
  expect_near(pr.x, want["r"], "recall");
  expect_near(cal.y, want["pt"], "prob_true");
  expect_near(cal.x, want["pp"], "prob_pred");
}

}  // namespace
}  // namespace mg::report
