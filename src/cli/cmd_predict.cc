// modelgate predict ARTIFACT (--data FILE [--label COL] | --row 5.1,3.5,1.4,0.2) [--proba] [--json] [--output FILE]
//
// Loads the model natively (model::LoadModelArtifact: never executes a pickle) and predicts.
// --data is read and predicted in chunks of rows, so memory does not grow with the file
// (except with --json, which holds the whole answer). Predictions go to stdout, one per line
// (label or value, then the class probabilities with --proba), or as CSV to --output.
#include <fmt/core.h>

#include <charconv>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "artifact/scan.h"
#include "cli/commands.h"
#include "data/csv.h"
#include "model/model.h"

namespace mg::cli {
namespace {

struct PredictArgs {
  std::string artifact, data, label, row, output;
  bool proba = false, json = false;
};

constexpr size_t kChunkRows = 16384;

std::string Num(double v) { return fmt::format("{}", v); }

// A label that is a number is emitted as a JSON number, else as a string.
nlohmann::json LabelJson(const std::string& s) {
  int64_t i;
  auto [pi, ei] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (ei == std::errc() && pi == s.data() + s.size()) return i;
  double d;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec == std::errc() && p == s.data() + s.size()) return d;
  return s;
}

class Sink {
 public:
  Sink(const PredictArgs& a, const model::Model& m) : a_(a), m_(m), classes_(m.classes()) {}

  Status Open() {
    if (!a_.output.empty()) {
      tmp_ = a_.output + ".tmp";
      out_.open(tmp_, std::ios::binary | std::ios::trunc);
      if (!out_) return Status::Input(a_.output + ": cannot write the predictions file");
      std::string header = "prediction";
      if (a_.proba)
        for (const auto& c : classes_) header += ",proba_" + c;
      out_ << header << "\n";
    }
    return Status::Ok();
  }

  Status Add(const model::Predictions& p) {
    const bool classifier = !classes_.empty();
    if (a_.proba && classifier && !p.probabilities)
      return Status::Input(m_.description() + " has no class probabilities (decision values only); drop --proba");
    std::string text;
    std::vector<double> probs;
    for (size_t r = 0; r < p.rows; ++r) {
      const double* s = p.scores.data() + r * p.outputs;
      probs.clear();
      if (classifier && a_.proba) {
        if (p.outputs == 1) probs = {1 - s[0], s[0]};
        else probs.assign(s, s + p.outputs);
      }
      if (a_.json) {
        if (classifier) json_pred_.push_back(LabelJson(classes_.at(p.labels[r])));
        else json_pred_.push_back(s[0]);
        if (a_.proba && classifier) json_proba_.push_back(probs);
        continue;
      }
      std::string line = classifier ? classes_.at(p.labels[r]) : Num(s[0]);
      for (double v : probs) line += "," + Num(v);
      text += line + "\n";
    }
    if (!a_.output.empty()) {
      out_ << text;
      if (!out_) return Status::Input(a_.output + ": write failed");
    } else if (!text.empty()) {
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return Status::Ok();
  }

  Status Close() {
    if (a_.json) {
      nlohmann::json j;
      j["model"] = {{"framework", m_.framework()}, {"class", m_.description()}, {"n_features", m_.n_features()},
                    {"task", model::TaskKindName(m_.task())}};
      nlohmann::json cl = nlohmann::json::array();
      for (const auto& c : classes_) cl.push_back(LabelJson(c));
      j["model"]["classes"] = cl;
      j["predictions"] = json_pred_;
      if (a_.proba && !classes_.empty()) j["probabilities"] = json_proba_;
      if (a_.output.empty()) fmt::print("{}\n", j.dump(2));
      else out_ << j.dump(2) << "\n";
    }
    if (!a_.output.empty()) {
      out_.close();
      if (!out_ || std::rename(tmp_.c_str(), a_.output.c_str()) != 0)
        return Status::Input(a_.output + ": cannot write the predictions file");
    }
    return Status::Ok();
  }

 private:
  const PredictArgs& a_;
  const model::Model& m_;
  std::vector<std::string> classes_;
  std::ofstream out_;
  std::string tmp_;
  nlohmann::json json_pred_ = nlohmann::json::array(), json_proba_ = nlohmann::json::array();
};

Status PredictTable(const model::Model& m, const data::NumericTable& t, long drop, Sink& sink) {
  model::Matrix x;
  x.rows = t.rows();
  x.cols = t.cols() - (drop >= 0 ? 1 : 0);
  x.values.resize(x.rows * x.cols);
  size_t c2 = 0;
  for (size_t c = 0; c < t.cols(); ++c) {
    if (static_cast<long>(c) == drop) continue;
    for (size_t r = 0; r < x.rows; ++r) x.values[r * x.cols + c2] = t.columns[c][r];
    ++c2;
  }
  MG_ASSIGN_OR_RETURN(model::Predictions p, m.Predict(x));
  return sink.Add(p);
}

Status RunData(const PredictArgs& a, const model::Model& m, Sink& sink) {
  std::ifstream in(a.data, std::ios::binary);
  if (!in) return Status::Input(a.data + ": cannot open the data file");
  data::CsvOptions opt;
  opt.allow_missing = true;  // empty cells are NaN: models that cannot take NaN say so
  std::string chunk, line;
  size_t lines = 0, first_line = 1;
  bool first = true;
  long drop = -1;
  std::vector<std::string> names;
  auto flush = [&]() -> Status {
    if (chunk.empty()) return Status::Ok();
    auto t = data::ParseNumericCsv(chunk, a.data, opt);
    if (!t.ok()) {
      return first_line == 1 ? t.status()
                             : t.status().Annotate(a.data + ": in the chunk starting at line " + std::to_string(first_line));
    }
    if (first) {
      first = false;
      opt.header = data::CsvOptions::Header::kNo;
      if (!a.label.empty()) {
        MG_ASSIGN_OR_RETURN(size_t idx, t->ColumnIndex(a.label));
        drop = static_cast<long>(idx);
      }
    }
    chunk.clear();
    return PredictTable(m, *t, drop, sink).Annotate(a.data);
  };
  while (std::getline(in, line)) {
    chunk += line;
    chunk += '\n';
    if (++lines % kChunkRows == 0) {
      MG_RETURN_IF_ERROR(flush());
      first_line = lines + 1;
    }
  }
  if (in.bad()) return Status::Input(a.data + ": read error");
  MG_RETURN_IF_ERROR(flush());
  if (first) return Status::Input(a.data + ": no rows");
  return Status::Ok();
}

int RunPredict(const PredictArgs& a) {
  // The same scan as `modelgate inspect`: an artifact that is not shown safe is not loaded.
  const artifact::ScanReport scan = artifact::ScanArtifact(a.artifact);
  if (scan.verdict == "unsafe") {
    std::string why;
    for (const auto& f : scan.findings)
      if (f.kind == pickle::FindingKind::kSafety && f.severity >= pickle::Severity::kMedium) {
        why = (f.member.empty() ? "" : f.member + ": ") + f.detail;
        break;
      }
    return ReportError(Status::Input(a.artifact + ": refused, the artifact is not safe to load (" + why +
                                     "); see `modelgate inspect " + a.artifact + "`"));
  }
  auto m = model::LoadModelArtifact(a.artifact);
  if (!m.ok()) return ReportError(m.status());
  Sink sink(a, **m);
  Status st = sink.Open();
  if (st.ok()) {
    if (!a.row.empty()) {
      data::CsvOptions opt;
      opt.header = data::CsvOptions::Header::kNo;
      opt.allow_missing = true;
      auto t = data::ParseNumericCsv(a.row + "\n", "--row", opt);
      st = t.ok() ? PredictTable(**m, *t, -1, sink).Annotate("--row") : t.status();
    } else {
      st = RunData(a, **m, sink);
    }
  }
  if (st.ok()) st = sink.Close();
  if (!st.ok()) return ReportError(st);
  return 0;
}

}  // namespace

void AddPredictCommand(CLI::App& app, Runner& runner) {
  auto a = std::make_shared<PredictArgs>();
  CLI::App* cmd = app.add_subcommand("predict", "Load a model natively (never unpickling) and predict rows");
  cmd->add_option("artifact", a->artifact, "model.tar.gz, a model folder, or a model file (xgboost, pickle, joblib)")->required();
  auto* data = cmd->add_option("--data", a->data, "CSV of feature rows (header optional)");
  cmd->add_option("--label", a->label, "Column to drop from --data (header name or 0-based index)")->needs(data);
  auto* row = cmd->add_option("--row", a->row, "One row of comma-separated feature values");
  data->excludes(row);
  cmd->add_flag("--proba", a->proba, "Also print the class probabilities");
  cmd->add_flag("--json", a->json, "Print {model, predictions, probabilities} as JSON");
  cmd->add_option("--output", a->output, "Write the predictions to this CSV file instead of stdout");
  cmd->callback([&runner, a] {
    if (a->data.empty() && a->row.empty()) throw CLI::ValidationError("predict", "one of --data FILE or --row VALUES is required");
    runner.action = [a] { return RunPredict(*a); };
  });
}

}  // namespace mg::cli
