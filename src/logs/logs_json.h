// JSON view of log metrics and anomalies (for `logs --json` and the validate report).
//
// Contract: stable key order; non-finite numbers as "NaN" / "Infinity" / "-Infinity" strings;
// with_points adds each series' (possibly sampled) [step, value] pairs.
#pragma once

#include <nlohmann/json.hpp>

#include "logs/anomalies.h"
#include "logs/logs.h"

namespace mg::logs {

nlohmann::ordered_json MetricsToJson(const LogMetrics& m, bool with_points);
nlohmann::ordered_json AnomaliesToJson(const std::vector<Anomaly>& a);

}  // namespace mg::logs
