// Everything modelgate reads from a job's logs, in one streamed pass: metric series, the log
// tail for diagnosis, reader statistics and anomalies; plus the training script's metrics.json.
//
// Contract:
//  - ReadJobLogs reads every stream of the source once, in order, in bounded memory: the
//    metric extractor (logs.h) sees every line; the tail keeps the last `tail_lines` lines of
//    each stream (at most 5 streams' tails; later streams are read for metrics only).
//  - Metric definitions: options.definitions when not empty (--metric-definitions), else the
//    job's AlgorithmSpecification.MetricDefinitions; built-in XGBoost parsing unless disabled.
//  - metrics.json: Locations.metrics_json (a local file) or a "metrics.json" member of the
//    local output.tar.gz; its series are added beside the log ones (names prefixed with
//    "script:" when a log series has the same name). A broken metrics.json is a warning.
//  - Errors: an unreadable stream is an input error naming it; malformed lines are counted.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "job/source.h"
#include "logs/anomalies.h"
#include "logs/logs.h"

namespace mg::logs {

struct JobLogsOptions {
  std::vector<job::MetricDefinition> definitions;  // empty: the job's
  bool builtin_xgboost = true;
  size_t tail_lines = 200;
};

struct JobLogs {
  LogMetrics metrics;
  std::vector<std::string> tail;     // oldest first, stream by stream
  std::vector<std::string> streams;
  std::vector<std::string> formats;  // per stream: "text", "cloudwatch-json", ...
  std::vector<Anomaly> anomalies;
  std::string metrics_json;          // where script metrics came from, empty if none
};

// job may be null (bare log files): then only options.definitions apply.
Result<JobLogs> ReadJobLogs(job::JobSource& source, const job::JobRecord* job, const JobLogsOptions& options);

}  // namespace mg::logs
