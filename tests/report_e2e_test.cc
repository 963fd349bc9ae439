// End-to-end: `modelgate validate --report-dir` on the example jobs (approved, rejected by a
// strict policy, failed job) writes every format, each checked by an outside reader:
// report.json by its JSON Schema (python3-jsonschema), junit.xml by the JUnit XSD (xmllint),
// evaluation.json by a JsonGet path lookup, report.html by headless Chromium.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "core/testing.h"

namespace mg {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CliResult;
using testing::ReadAll;
using testing::RunCli;
using testing::RunProgram;
using testing::SourcePath;

const char* kFiles[] = {"report.json", "evaluation.json", "report.md", "junit.xml", "report.html"};
const char* kApproved = "examples/jobs/breast-cancer-xgboost";
const char* kFailed = "examples/jobs/churn-xgboost-failed";

const json* JsonGet(const json& doc, const std::string& path) {
  const json* cur = &doc;
  std::stringstream ss(path);
  for (std::string key; std::getline(ss, key, '.');) {
    if (!cur->is_object() || !cur->contains(key)) return nullptr;
    cur = &(*cur)[key];
  }
  return cur;
}

// Where tests leave artefacts for people to look at (screenshots): next to the binary.
std::string OutputDir() {
  const char* bin = std::getenv("MODELGATE_BIN");
  fs::path dir = fs::path(bin ? bin : "build/modelgate").parent_path() / "test-output" / "report";
  fs::create_directories(dir);
  return dir.string();
}

void ExpectEveryFile(const std::string& dir) {
  for (const char* f : kFiles) EXPECT_TRUE(fs::is_regular_file(fs::path(dir) / f)) << f;
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.is_regular_file();
  EXPECT_EQ(n, std::size(kFiles)) << "temporary files left behind in " << dir;
}

void ExpectSchemaValid(const std::string& report_json) {
  CliResult r = RunProgram({"/usr/bin/python3", SourcePath("tests/report/check_schema.py"), SourcePath("docs/report.schema.json"),
                            report_json});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

void ExpectJunitValid(const std::string& junit) {
  CliResult r = RunProgram({"xmllint", "--noout", "--schema", SourcePath("tests/report/junit.xsd"), junit});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

std::string Chromium() {
  if (!fs::exists("/usr/bin/chromium")) RunProgram({SourcePath("scripts/bootstrap")});  // installs chromium
  return "/usr/bin/chromium";
}

std::vector<std::string> ChromiumArgs(const std::string& profile) {
  return {Chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
          "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"};
}

// Opens the page in headless Chromium: no console message at all, every expected plot in the
// rendered DOM with a non-empty path, and a full-page screenshot in the test output dir.
void ExpectHtmlRenders(const std::string& html, const std::vector<std::string>& plots, const std::string& shot_name) {
  ASSERT_TRUE(fs::exists(Chromium())) << "chromium is missing and scripts/bootstrap could not install it";
  testing::TempDir profile;
  std::vector<std::string> args = ChromiumArgs(profile.path());
  args.push_back("--dump-dom");
  args.push_back("file://" + fs::absolute(html).string());
  CliResult dom = RunProgram(args);
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_EQ(dom.err.find(":CONSOLE"), std::string::npos) << dom.err;
  ASSERT_NE(dom.out.find("</html>"), std::string::npos);
  for (const auto& id : plots) {
    size_t at = dom.out.find("data-plot=\"" + id + "\"");
    ASSERT_NE(at, std::string::npos) << "plot " << id << " missing";
    std::string svg = dom.out.substr(at, dom.out.find("</svg>", at) - at);
    static const std::regex kPath(R"(<path[^>]* d="M[^"]+")");
    EXPECT_TRUE(std::regex_search(svg, kPath)) << "plot " << id << " has no non-empty path";
  }
  testing::TempDir profile2;
  std::string png = (fs::path(OutputDir()) / shot_name).string();
  fs::remove(png);
  args = ChromiumArgs(profile2.path());
  args.push_back("--window-size=1280,4200");
  args.push_back("--screenshot=" + png);
  args.push_back("file://" + fs::absolute(html).string());
  CliResult shot = RunProgram(args);
  EXPECT_EQ(shot.exit_code, 0) << shot.err;
  EXPECT_EQ(shot.err.find(":CONSOLE"), std::string::npos) << shot.err;
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 20000u);
}

TEST(ReportE2E, ApprovedJobEveryFormat) {
  testing::TempDir dir;
  CliResult r = RunCli({"validate", kApproved, "--report-dir", dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectEveryFile(dir.path());
  ExpectSchemaValid(dir.Path("report.json"));
  ExpectJunitValid(dir.Path("junit.xml"));
  json report = json::parse(ReadAll(dir.Path("report.json")));
  EXPECT_EQ(report["decision"], "approved");
  json eval = json::parse(ReadAll(dir.Path("evaluation.json")));
  for (const char* m : {"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"}) {
    const json* v = JsonGet(eval, std::string("binary_classification_metrics.") + m + ".value");
    ASSERT_NE(v, nullptr) << m;
    EXPECT_EQ(v->get<double>(), report["evaluation"]["metrics"][m].get<double>()) << m;
  }
  const json* cm = JsonGet(eval, "binary_classification_metrics.confusion_matrix");
  ASSERT_NE(cm, nullptr);
  EXPECT_EQ((*cm)["1"]["1"].get<double>(), report["evaluation"]["confusion_matrix"]["counts"][1][1].get<double>());
  const json* fpr = JsonGet(eval, "binary_classification_metrics.receiver_operating_characteristic_curve.false_positive_rates");
  ASSERT_NE(fpr, nullptr);
  EXPECT_EQ(*fpr, report["evaluation"]["curves"]["roc"]["false_positive_rate"]);
  ASSERT_NE(JsonGet(eval, "binary_classification_metrics.precision_recall_curve.recalls"), nullptr);
  std::string md = ReadAll(dir.Path("report.md"));
  EXPECT_NE(md.find("## ✅ modelgate: approved"), std::string::npos) << md;
  EXPECT_NE(md.find("| Accuracy | 0.9474 | present | ✅ passed |"), std::string::npos) << md;
  EXPECT_NE(md.find("(report.html)"), std::string::npos);
  std::string junit = ReadAll(dir.Path("junit.xml"));
  EXPECT_NE(junit.find("failures=\"0\" errors=\"0\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("<testcase name=\"accuracy\" classname=\"modelgate.policy.metric\""), std::string::npos) << junit;
  ExpectHtmlRenders(dir.Path("report.html"),
                    {"roc", "pr", "calibration", "confusion", "timeline", "training-logloss", "training-auc", "training-error"},
                    "approved.png");
}

TEST(ReportE2E, RejectedByStrictPolicyEveryFormat) {
  testing::TempDir dir;
  std::string policy = dir.Write("strict.yaml", "metrics:\n  accuracy: {min: 0.97}\n  roc_auc: {min: 0.95}\n  log_loss: {max: 0.1}\n");
  std::string out = dir.Path("out");
  CliResult r = RunCli({"validate", kApproved, "--policy", policy, "--report-dir", out});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  ExpectEveryFile(out);
  ExpectSchemaValid(out + "/report.json");
  ExpectJunitValid(out + "/junit.xml");
  json report = json::parse(ReadAll(out + "/report.json"));
  EXPECT_EQ(report["decision"], "rejected");
  std::map<std::string, std::string> outcome;
  for (const auto& c : report["checks"]) outcome[c["name"].get<std::string>()] = c["outcome"].get<std::string>();
  EXPECT_EQ(outcome["accuracy"], "failed");
  EXPECT_EQ(outcome["roc_auc"], "passed");
  EXPECT_EQ(outcome["log_loss"], "failed");
  std::string junit = ReadAll(out + "/junit.xml");
  EXPECT_NE(junit.find("failures=\"2\" errors=\"0\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("<failure message=\"0.9474 is not ≥ 0.97\""), std::string::npos) << junit;
  std::string md = ReadAll(out + "/report.md");
  EXPECT_NE(md.find("## ❌ modelgate: rejected"), std::string::npos) << md;
  EXPECT_NE(md.find("| Log loss | 0.1128 | ≤ 0.1 | ❌ failed: 0.1128 is not ≤ 0.1 |"), std::string::npos) << md;
  json eval = json::parse(ReadAll(out + "/evaluation.json"));
  EXPECT_NE(JsonGet(eval, "binary_classification_metrics.accuracy.value"), nullptr);
  std::string html = ReadAll(out + "/report.html");
  EXPECT_NE(html.find("accuracy: {min: 0.97}"), std::string::npos);  // the policy used
  ExpectHtmlRenders(out + "/report.html", {"roc", "pr", "calibration", "confusion", "timeline"}, "rejected.png");
}

TEST(ReportE2E, FailedJobEveryFormat) {
  testing::TempDir dir;
  CliResult r = RunCli({"validate", kFailed, "--report-dir", dir.path()});
  ASSERT_EQ(r.exit_code, 3) << r.err;
  ExpectEveryFile(dir.path());
  ExpectSchemaValid(dir.Path("report.json"));
  ExpectJunitValid(dir.Path("junit.xml"));
  json report = json::parse(ReadAll(dir.Path("report.json")));
  EXPECT_EQ(report["decision"], "error");
  EXPECT_EQ(report["error"]["code"], "job_not_usable");
  EXPECT_FALSE(report["job"]["log_tail"].empty());
  EXPECT_EQ(ReadAll(dir.Path("evaluation.json")), "{}\n");
  std::string junit = ReadAll(dir.Path("junit.xml"));
  EXPECT_NE(junit.find("<error message=\"training job churn-xgboost"), std::string::npos) << junit;
  EXPECT_NE(ReadAll(dir.Path("report.md")).find("Training log tail"), std::string::npos);
  ExpectHtmlRenders(dir.Path("report.html"), {"timeline"}, "failed.png");
}

TEST(ReportE2E, SchemaAndXsdRejectBadDocuments) {
  testing::TempDir dir;
  ASSERT_EQ(RunCli({"validate", kApproved, "--report-dir", dir.path()}).exit_code, 0);
  json report = json::parse(ReadAll(dir.Path("report.json")));
  report["decision"] = "maybe";
  report["checks"][0].erase("outcome");
  std::string bad = dir.Write("bad.json", report.dump());
  CliResult r = RunProgram({"/usr/bin/python3", SourcePath("tests/report/check_schema.py"), SourcePath("docs/report.schema.json"), bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("/decision"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("'outcome' is a required property"), std::string::npos) << r.out;
  std::string junit = ReadAll(dir.Path("junit.xml"));
  junit.replace(junit.find("<testcase name=\"accuracy\""), 25, "<testcase ");
  std::string bad_xml = dir.Write("bad.xml", junit);
  EXPECT_NE(RunProgram({"xmllint", "--noout", "--schema", SourcePath("tests/report/junit.xsd"), bad_xml}).exit_code, 0);
}

TEST(ReportE2E, FormatsOnStdout) {
  CliResult j = RunCli({"validate", kApproved, "--format", "json"});
  ASSERT_EQ(j.exit_code, 0);
  EXPECT_EQ(json::parse(j.out)["schema"], "modelgate.report/v1");
  EXPECT_EQ(json::parse(RunCli({"validate", kApproved, "--json"}).out)["decision"], "approved");
  EXPECT_EQ(RunCli({"validate", kApproved, "--format", "md"}).out.rfind("## ✅ modelgate: approved", 0), 0u);
  EXPECT_EQ(RunCli({"validate", kApproved, "--format", "junit"}).out.rfind("<?xml", 0), 0u);
  EXPECT_NE(RunCli({"validate", kApproved, "--format", "evaluation"}).out.find("binary_classification_metrics"), std::string::npos);
  CliResult t = RunCli({"validate", kApproved});
  EXPECT_NE(t.out.find("| Required threshold | Conclusion |"), std::string::npos) << t.out;
  EXPECT_EQ(t.out.find('\033'), std::string::npos);  // not a terminal: no colour
  CliResult bad = RunCli({"validate", kApproved, "--format", "xml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--format: unknown format 'xml'"), std::string::npos) << bad.err;
}

TEST(ReportE2E, QuietAndVerbose) {
  CliResult q = RunCli({"validate", kApproved, "-q"});
  EXPECT_EQ(q.exit_code, 0);
  EXPECT_EQ(q.out, "Decision: approved — the model meets the policy.\n");
  CliResult v = RunCli({"validate", kApproved, "-v"});
  EXPECT_NE(v.out.find("Timings"), std::string::npos) << v.out;
  for (const char* stage : {" job ", " artifact ", " model ", " metrics ", " policy "})
    EXPECT_NE(v.out.find(stage), std::string::npos) << stage;
  CliResult qf = RunCli({"validate", kFailed, "-q"});
  EXPECT_EQ(qf.exit_code, 3);
  EXPECT_EQ(qf.out, "Decision: error — the training job is not usable.\n");
  EXPECT_EQ(RunCli({"validate", kApproved, "-q", "-v"}).exit_code, 2);
}

// Colour and the progress bar need a terminal: run under script(1), which provides one.
TEST(ReportE2E, ColourOnlyOnTerminalAndNeverWithNoColor) {
  const char* bin = std::getenv("MODELGATE_BIN");
  std::string cmd = std::string(bin ? bin : "build/modelgate") + " validate " + kApproved;
  CliResult tty = RunProgram({"script", "-qec", cmd, "/dev/null"});
  EXPECT_EQ(tty.exit_code, 0) << tty.err;
  EXPECT_NE(tty.out.find("\033[32m"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("] 6/6 policy"), std::string::npos) << "progress bar on a terminal stderr";
  CliResult no = RunProgram({"script", "-qec", cmd, "/dev/null"}, {"NO_COLOR=1"});
  EXPECT_EQ(no.out.find("\033[32m"), std::string::npos) << no.out;
}

TEST(ReportE2E, UnwritableReportDirFailsBeforeAnyWork) {
  testing::TempDir dir;
  std::string file = dir.Write("a-file", "x");
  // The job does not exist either: the report dir must be the error, proving it came first.
  CliResult r = RunCli({"validate", "no/such/job", "--report-dir", file + "/sub"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("modelgate: error: --report-dir: " + file + "/sub"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("no/such/job"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mg
