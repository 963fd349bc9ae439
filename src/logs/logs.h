// Training-log metrics: SageMaker-style metric definitions applied to log lines.
//
// Contract:
//  - A MetricDefinition's regex is RE2 syntax (linear time, user-supplied input is safe). As in
//    SageMaker, the value is the first capture group; a definition whose regex does not compile
//    or has no capture group is an input error naming the definition.
//  - Lines are matched as CloudWatch shows them (a tab written as "#011"), and, failing that,
//    with "#011" read as a tab, so definitions written either way work.
//  - Each match appends (step, value) to the metric's series; step is the round number in
//    "[N]" at the line's start when there is one, else the count of earlier matches. A captured
//    value that is not a number is counted in `unparsed`, never fatal; "nan"/"inf" are kept.
//  - Reading is streamed line by line: memory grows with the number of matches, not the log.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "job/job.h"

namespace mg::logs {

struct Point {
  int64_t step = 0;
  double value = 0;
};

struct Series {
  std::string name;
  std::vector<Point> points;
  double last() const { return points.empty() ? 0.0 : points.back().value; }
};

struct LogMetrics {
  std::map<std::string, Series> series;  // by definition name; only metrics that matched
  uint64_t lines = 0;
  uint64_t unparsed = 0;  // matched lines whose capture was not a number
};

class MetricExtractor {
 public:
  static Result<MetricExtractor> Create(const std::vector<job::MetricDefinition>& defs);
  MetricExtractor(MetricExtractor&&) noexcept;
  MetricExtractor& operator=(MetricExtractor&&) noexcept;
  ~MetricExtractor();

  void AddLine(std::string_view line);
  // Reads a log file line by line (CloudWatch text export or raw stdout).
  Status AddFile(const std::string& path);
  const LogMetrics& metrics() const { return metrics_; }

 private:
  struct Impl;
  explicit MetricExtractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  LogMetrics metrics_;
  std::map<std::string, int64_t> counts_;
};

}  // namespace mg::logs
