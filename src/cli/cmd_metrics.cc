// modelgate metrics FILE --task binary|multiclass|regression --label COL --score COL[,COL...]
//   [--threshold T] [--pos-label L] [--weight COL] [--slice COL] [--min-slice-size N]
//   [--zero-division 0|1] [--beta B] [--top-k K] [--ci] [--ci-samples N] [--seed S]
//   [--ci-level L] [--curves] [--json]
// Computes every metric of the task from a predictions file (docs/metrics.md).
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "data/csv.h"
#include "metrics/metrics.h"
#include "metrics/state.h"

namespace mg::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct MetricsArgs {
  std::string file, task, label, weight, slice;
  std::vector<std::string> scores;
  metrics::Options options;
  metrics::CiOptions ci_options;
  bool ci = false, curves = false, json = false, no_header = false;
  size_t min_slice = 10;
};

ojson Number(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
}

std::string Label(double v) {
  ojson j = v;
  std::string s = j.dump();
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s;
}

ojson SetJson(const metrics::MetricSet& m, bool with_ci) {
  ojson o;
  o["task"] = m.task;
  o["n"] = m.n;
  ojson v = ojson::object();
  for (const auto& [k, x] : m.values) v[k] = Number(x);
  o["metrics"] = v;
  ojson u = ojson::object();
  for (const auto& [k, why] : m.undefined) u[k] = why;
  o["undefined"] = u;
  if (with_ci) {
    ojson ci = ojson::object();
    for (const auto& [k, iv] : m.ci)
      ci[k] = {{"lower", Number(iv.lower)}, {"upper", Number(iv.upper)}, {"level", iv.level}, {"method", iv.method}};
    o["ci"] = ci;
  }
  if (!m.confusion.labels.empty()) {
    ojson labels = ojson::array();
    for (double l : m.confusion.labels) labels.push_back(Number(l));
    o["confusion_matrix"] = {{"labels", labels}, {"counts", m.confusion.counts}};
  }
  if (!m.per_class.empty()) {
    ojson pc = ojson::object();
    for (const auto& [k, xs] : m.per_class) {
      ojson arr = ojson::array();
      for (double x : xs) arr.push_back(Number(x));
      pc[k] = arr;
    }
    o["per_class"] = pc;
  }
  if (!m.best_thresholds.empty()) {
    ojson bt = ojson::object();
    for (const auto& [k, c] : m.best_thresholds) bt[k] = {{"threshold", Number(c.threshold)}, {"value", Number(c.value)}};
    o["best_thresholds"] = bt;
  }
  return o;
}

ojson CurvesJson(const metrics::Curves& c) {
  auto points = [](const std::vector<metrics::CurvePoint>& pts, const char* x, const char* y) {
    ojson a = ojson::array();
    for (const auto& p : pts) a.push_back({{x, p.x}, {y, p.y}, {"threshold", Number(p.threshold)}});
    return a;
  };
  ojson cal = ojson::array();
  for (const auto& b : c.calibration)
    cal.push_back({{"mean_predicted", b.mean_predicted}, {"fraction_positive", b.fraction_positive}, {"count", b.weight}});
  return {{"roc", points(c.roc, "fpr", "tpr")},
          {"precision_recall", points(c.pr, "recall", "precision")},
          {"calibration", cal},
          {"expected_calibration_error", c.ece ? ojson(*c.ece) : ojson(nullptr)}};
}

std::string SetText(const metrics::MetricSet& m, const std::string& indent) {
  std::string out;
  for (const auto& name : metrics::MetricNames(*metrics::ParseTask(m.task))) {
    auto it = m.values.find(name);
    if (it != m.values.end()) {
      out += fmt::format("{}{:<32} {:>12.6f}", indent, name, it->second);
      auto ci = m.ci.find(name);
      if (ci != m.ci.end())
        out += fmt::format("  [{:.6f}, {:.6f}] {}", ci->second.lower, ci->second.upper, ci->second.method);
      out += "\n";
    } else if (auto u = m.undefined.find(name); u != m.undefined.end()) {
      out += fmt::format("{}{:<32} {:>12}  ({})\n", indent, name, "undefined", u->second);
    }
  }
  for (const auto& [k, c] : m.best_thresholds)
    out += fmt::format("{}best {:<27} {:>12.6f}  at threshold {}\n", indent, k, c.value, c.threshold);
  return out;
}

// The rows of `in` where keep[i].
metrics::Inputs Subset(const metrics::Inputs& in, const std::vector<size_t>& rows,
                       std::vector<std::vector<double>>* store) {
  store->assign(in.scores.size() + 2, {});
  for (size_t i : rows) {
    (*store)[0].push_back(in.y_true[i]);
    if (!in.weight.empty()) (*store)[1].push_back(in.weight[i]);
    for (size_t c = 0; c < in.scores.size(); ++c) (*store)[c + 2].push_back(in.scores[c][i]);
  }
  metrics::Inputs out{(*store)[0], {}, (*store)[1]};
  for (size_t c = 0; c < in.scores.size(); ++c) out.scores.emplace_back((*store)[c + 2]);
  return out;
}

// Binary without --ci or --slice: the rows stream into a BinaryState (8 bytes a row) and are
// never held as a table.
Result<metrics::BinaryState> StreamBinary(const MetricsArgs& a, const data::CsvOptions& csv) {
  metrics::BinaryState st(a.options);
  bool reserved = false;
  auto header = data::StreamNumericCsv(
      a.file, csv, size_t{1} << 16, [&](const data::NumericTable& chunk, size_t first, size_t hint) -> Status {
        auto col = [&](const std::string& key) -> std::span<const double> {
          return chunk.columns[*chunk.ColumnIndex(key)];
        };
        MG_RETURN_IF_ERROR(st.Add(col(a.label), col(a.scores[0]),
                                  a.weight.empty() ? std::span<const double>() : col(a.weight), first)
                               .Annotate(a.file));
        if (!reserved) st.Reserve(hint);
        reserved = true;
        return Status::Ok();
      });
  if (!header.ok()) return header.status();
  return st;
}

Status OneClass(const MetricsArgs& a, double label) {
  return Status::Input(a.file + ": label column '" + a.label + "' holds one class only (" + Label(label) + "); " +
                       a.task + " metrics need at least two");
}

int Run(const MetricsArgs& a) {
  auto task = metrics::ParseTask(a.task);
  if (!task.ok()) return ReportError(task.status().Annotate("--task"));
  if (a.scores.empty()) return ReportError(Status::Input("--score: name at least one score column"));
  if (*task != metrics::Task::kMulticlass && a.scores.size() != 1)
    return ReportError(Status::Input(std::string("--score: a ") + a.task + " task takes one score column, got " +
                                     std::to_string(a.scores.size())));
  data::CsvOptions csv;
  csv.header = a.no_header ? data::CsvOptions::Header::kNo : data::CsvOptions::Header::kAuto;
  csv.select.push_back(a.label);
  for (const auto& s : a.scores) csv.select.push_back(s);
  if (!a.weight.empty()) csv.select.push_back(a.weight);
  if (!a.slice.empty()) csv.select.push_back(a.slice);
  ojson out;
  std::string text;
  if (*task == metrics::Task::kBinary && !a.ci && a.slice.empty()) {
    auto st = StreamBinary(a, csv);
    if (!st.ok()) return ReportError(st.status());
    if (st->labels().size() < 2) return ReportError(OneClass(a, st->labels().at(0)));
    auto m = st->Finish();
    if (!m.ok()) return ReportError(m.status().Annotate(a.file));
    out = SetJson(*m, false);
    out["threshold"] = a.options.threshold;
    text = fmt::format("{} task, {} rows of {}\n", m->task, m->n, a.file) + SetText(*m, "  ");
    if (a.curves) {
      auto c = metrics::ComputeCurves(*st);
      if (!c.ok()) return ReportError(c.status().Annotate("--curves"));
      out["curves"] = CurvesJson(*c);
      if (c->ece) text += fmt::format("  {:<32} {:>12.6f}\n", "expected_calibration_error", *c->ece);
    }
    if (a.json) fmt::print("{}\n", out.dump(2));
    else fmt::print("{}", text);
    return 0;
  }
  auto table = data::ReadNumericCsv(a.file, csv);
  if (!table.ok()) return ReportError(table.status());
  auto col = [&](const std::string& key) -> std::span<const double> {
    return table->columns[*table->ColumnIndex(key)];
  };
  metrics::Inputs in{col(a.label), {}, a.weight.empty() ? std::span<const double>() : col(a.weight)};
  for (const auto& s : a.scores) in.scores.push_back(col(s));
  if (*task != metrics::Task::kRegression) {
    const double first = in.y_true[0];
    if (std::all_of(in.y_true.begin(), in.y_true.end(), [&](double y) { return y == first; }))
      return ReportError(OneClass(a, first));
  }
  auto m = metrics::Compute(*task, in, a.options);
  if (!m.ok()) return ReportError(m.status().Annotate(a.file));
  if (a.ci) {
    Status st = metrics::AddConfidenceIntervals(*task, in, a.options, a.ci_options, &*m);
    if (!st.ok()) return ReportError(st.Annotate(a.file));
  }
  out = SetJson(*m, a.ci);
  if (*task == metrics::Task::kBinary) out["threshold"] = a.options.threshold;
  text = fmt::format("{} task, {} rows of {}\n", m->task, m->n, a.file) + SetText(*m, "  ");
  if (a.curves && *task == metrics::Task::kBinary) {
    metrics::BinaryState st(a.options);
    Status s = st.Add(in.y_true, in.scores[0], in.weight);
    if (!s.ok()) return ReportError(s.Annotate(a.file));
    auto c = metrics::ComputeCurves(st);
    if (!c.ok()) return ReportError(c.status().Annotate("--curves"));
    out["curves"] = CurvesJson(*c);
    if (c->ece) text += fmt::format("  {:<32} {:>12.6f}\n", "expected_calibration_error", *c->ece);
  }
  if (!a.slice.empty()) {
    std::span<const double> sc = col(a.slice);
    std::vector<double> values(sc.begin(), sc.end());
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    ojson slices = ojson::array(), skipped = ojson::array();
    for (double v : values) {
      std::vector<size_t> rows;
      for (size_t i = 0; i < sc.size(); ++i)
        if (sc[i] == v) rows.push_back(i);
      if (rows.size() < a.min_slice) {
        skipped.push_back({{"value", Label(v)}, {"n", rows.size()}});
        text += fmt::format("slice {}={}: {} rows, below --min-slice-size {}\n", a.slice, Label(v), rows.size(), a.min_slice);
        continue;
      }
      std::vector<std::vector<double>> store;
      metrics::Inputs sub = Subset(in, rows, &store);
      auto sm = metrics::Compute(*task, sub, a.options);
      if (!sm.ok()) return ReportError(sm.status().Annotate(a.file + ": slice " + a.slice + "=" + Label(v)));
      if (a.ci) {
        Status st = metrics::AddConfidenceIntervals(*task, sub, a.options, a.ci_options, &*sm);
        if (!st.ok()) return ReportError(st.Annotate(a.file + ": slice " + a.slice + "=" + Label(v)));
      }
      ojson sj = SetJson(*sm, a.ci);
      slices.push_back({{"column", a.slice}, {"value", Label(v)}, {"result", sj}});
      text += fmt::format("slice {}={}: {} rows\n", a.slice, Label(v), sm->n) + SetText(*sm, "  ");
    }
    out["slices"] = slices;
    out["skipped_slices"] = skipped;
  }
  if (a.json) fmt::print("{}\n", out.dump(2));
  else fmt::print("{}", text);
  return 0;
}

}  // namespace

void AddMetricsCommand(CLI::App& app, Runner& runner) {
  auto a = std::make_shared<MetricsArgs>();
  CLI::App* cmd = app.add_subcommand("metrics", "Compute evaluation metrics from a predictions CSV (scikit-learn semantics)");
  cmd->add_option("file", a->file, "Predictions CSV (header, or 0-based column indexes with --no-header)")->required();
  cmd->add_option("--task", a->task, "binary | multiclass | regression")->required();
  cmd->add_option("--label", a->label, "Column of true labels (name or 0-based index)")->required();
  cmd->add_option("--score", a->scores, "Score column(s): binary: positive-class score; multiclass: one per class "
                                        "in sorted label order; regression: prediction")
      ->required()
      ->delimiter(',');
  cmd->add_option("--threshold", a->options.threshold, "Binary decision threshold: score > T is positive")->default_val(0.5);
  cmd->add_option("--pos-label", a->options.pos_label, "Binary positive label")->default_val(1);
  cmd->add_option("--weight", a->weight, "Column of sample weights");
  cmd->add_option("--slice", a->slice, "Also compute the metrics per value of this column");
  cmd->add_option("--min-slice-size", a->min_slice, "Slices with fewer rows are listed as skipped")->default_val(10);
  cmd->add_option("--zero-division", a->options.zero_division, "Value of 0/0 ratios (precision, recall, ...)")
      ->default_val(0)
      ->check(CLI::IsMember({0.0, 1.0}));
  cmd->add_option("--beta", a->options.beta, "Beta of fbeta")->default_val(1)->check(CLI::PositiveNumber);
  cmd->add_option("--top-k", a->options.top_k, "k of top_k_accuracy")->default_val(2)->check(CLI::PositiveNumber);
  cmd->add_flag("--ci", a->ci, "Confidence intervals: percentile bootstrap, DeLong for binary roc_auc");
  cmd->add_option("--ci-samples", a->ci_options.samples, "Bootstrap resamples")->default_val(1000);
  cmd->add_option("--seed", a->ci_options.seed, "Bootstrap seed (same seed, same intervals)")->default_val(0);
  cmd->add_option("--ci-level", a->ci_options.level, "Confidence level")->default_val(0.95);
  cmd->add_flag("--curves", a->curves, "Binary: add ROC, precision-recall and calibration curves to the JSON");
  cmd->add_flag("--no-header", a->no_header, "The file has no header line (columns are 0-based indexes)");
  cmd->add_flag("--json", a->json, "Print JSON: {task, n, metrics, undefined, ci, ...}");
  cmd->callback([&runner, a] { runner.action = [a] { return Run(*a); }; });
}

}  // namespace mg::cli
