// Training-log metrics: SageMaker-style metric definitions applied to log lines.
//
// Contract:
//  - A MetricDefinition's regex is RE2 syntax (linear time, user-supplied input is safe). As in
//    SageMaker, the value is the first capture group; a definition whose regex does not compile
//    or has no capture group is an input error naming the definition.
//  - Lines are matched as CloudWatch shows them (a tab written as "#011"), and, failing that,
//    with "#011" read as a tab, so definitions written either way work. A capture that runs on
//    into the next field ("0.5#011validation-auc:...", the (\S+) caveat) is cut at "#011".
//  - Built-in definitions (on unless disabled): SageMaker XGBoost's round lines
//    "[N]#011train-auc:0.9#011validation-auc:0.8" give "train:auc", "validation:auc", ... for
//    every metric on the line. A name that a regex definition also produces keeps the
//    definition's series only.
//  - Each match appends (step, value) to the metric's series; step is the round number in
//    "[N]" at the line's start when there is one, else the count of earlier matches. A captured
//    value that is not a number is counted in `unparsed`, never fatal; "nan"/"inf" are kept.
//  - Bounded memory whatever the log size: a series keeps at most kMaxPoints points (when full,
//    every other point is dropped and later points are sampled at the doubled stride); count,
//    last point, min/max and the first non-finite step always reflect every match.
//  - XGBoost's early-stopping lines ("Stopping. Best iteration:", "Will train until ...") are
//    recorded in `early_stopping`.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "job/job.h"

namespace mg::logs {

inline constexpr size_t kMaxPoints = 20000;

struct Point {
  int64_t step = 0;
  double value = 0;
};

struct Series {
  std::string name;
  std::string source = "log";   // "log" (regex), "builtin" (XGBoost lines), "metrics.json"
  std::vector<Point> points;    // possibly sampled (stride > 1)
  uint64_t count = 0;           // every match
  uint64_t stride = 1;
  Point last_point;
  std::optional<int64_t> first_nonfinite_step;
  double last() const { return count ? last_point.value : (points.empty() ? 0.0 : points.back().value); }
  void Add(int64_t step, double value);
};

struct EarlyStopping {
  bool seen = false;           // "Stopping. Best iteration" or another framework's equivalent
  int64_t best_iteration = -1;
  int64_t patience = -1;       // from "hasn't improved in N rounds"
  std::string line;
};

struct LogMetrics {
  std::map<std::string, Series> series;  // by definition name; only metrics that matched
  uint64_t lines = 0;
  uint64_t unparsed = 0;  // matched lines whose capture was not a number
  uint64_t skipped = 0;   // malformed lines the reader dropped (over-long, binary, broken JSON)
  int64_t last_round = -1;  // highest "[N]" round seen on a metric line
  EarlyStopping early_stopping;
  std::vector<std::string> warnings;  // e.g. "x.json: JSON ends early after 12 events"
};

class MetricExtractor {
 public:
  static Result<MetricExtractor> Create(const std::vector<job::MetricDefinition>& defs, bool builtin_xgboost = true);
  MetricExtractor(MetricExtractor&&) noexcept;
  MetricExtractor& operator=(MetricExtractor&&) noexcept;
  ~MetricExtractor();

  void AddLine(std::string_view line);
  // Reads a log file of any supported format (job/logfile.h) line by line.
  Status AddFile(const std::string& path);
  const LogMetrics& metrics() const { return metrics_; }
  LogMetrics& mutable_metrics() { return metrics_; }

 private:
  struct Impl;
  explicit MetricExtractor(std::unique_ptr<Impl> impl);
  void AddBuiltin(std::string_view cw_line, int64_t step);
  std::unique_ptr<Impl> impl_;
  LogMetrics metrics_;
  std::map<std::string, int64_t> counts_;
};

// Parses a number the way metric captures are read ("0.5", "nan", "-inf", "1e-3,").
bool ParseMetricNumber(std::string s, double* out);

// metrics.json written by a training script: {"name": number | [numbers] | [{"step", "value"}],
// ...} optionally under a top-level "metrics" key. Series are named as in the file with
// source "metrics.json". Anything else is an input error naming the file and key.
Result<std::map<std::string, Series>> ParseMetricsJson(const std::string& text, const std::string& source);

// Metric definitions from a file: SageMaker's [{"Name": ..., "Regex": ...}] JSON (as in
// AlgorithmSpecification.MetricDefinitions) or YAML with the same keys.
Result<std::vector<job::MetricDefinition>> LoadMetricDefinitions(const std::string& path);

}  // namespace mg::logs
