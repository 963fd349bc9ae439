#include "logs/joblogs.h"

#include <deque>

#include "artifact/archive.h"
#include "core/env.h"

namespace mg::logs {
namespace {

constexpr size_t kMaxTailStreams = 5;

// metrics.json from a file or from output.tar.gz; empty text when there is none.
Result<std::string> FindMetricsJson(const job::Locations& loc, std::string* where) {
  if (!loc.metrics_json.empty() && loc.metrics_json.rfind("s3://", 0) != 0) {
    *where = loc.metrics_json;
    return ReadFile(loc.metrics_json, 16 << 20);
  }
  if (loc.output_tar.empty() || loc.output_tar.rfind("s3://", 0) == 0) return std::string();
  auto is_metrics = [](const std::string& p) {
    return p == "metrics.json" || p == "./metrics.json" || p.ends_with("/metrics.json");
  };
  artifact::ArchiveLimits lim;
  lim.max_total_bytes = uint64_t{1} << 30;
  MG_ASSIGN_OR_RETURN(artifact::ArchiveListing l,
                      artifact::WalkArchive(loc.output_tar, lim, [&](const std::string& p) -> uint64_t {
                        return is_metrics(p) ? (16u << 20) : 0;
                      }));
  for (const auto& m : l.members) {
    if (m.type == artifact::MemberType::kFile && is_metrics(m.path)) {
      *where = loc.output_tar + ":" + m.path;
      return m.head;
    }
  }
  return std::string();
}

}  // namespace

Result<JobLogs> ReadJobLogs(job::JobSource& source, const job::JobRecord* j, const JobLogsOptions& opt) {
  JobLogs out;
  const std::vector<job::MetricDefinition>& defs =
      !opt.definitions.empty() || !j ? opt.definitions : j->metric_definitions;
  MG_ASSIGN_OR_RETURN(MetricExtractor ex, MetricExtractor::Create(defs, opt.builtin_xgboost));
  MG_ASSIGN_OR_RETURN(out.streams, source.LogStreams());
  for (size_t i = 0; i < out.streams.size(); ++i) {
    std::deque<std::string> tail;
    bool keep_tail = i < kMaxTailStreams && opt.tail_lines > 0;
    job::LogReadStats st;
    Status s = source.ReadLog(out.streams[i], [&](std::string_view, std::string_view line) {
      ex.AddLine(line);
      if (keep_tail) {
        if (tail.size() == opt.tail_lines) tail.pop_front();
        tail.emplace_back(line.substr(0, 2000));
      }
      return true;
    }, &st);
    MG_RETURN_IF_ERROR(s);
    ex.mutable_metrics().skipped += st.skipped;
    if (!st.warning.empty()) ex.mutable_metrics().warnings.push_back(st.warning);
    out.formats.push_back(st.format);
    out.tail.insert(out.tail.end(), tail.begin(), tail.end());
  }
  out.metrics = ex.metrics();
  if (j) {
    std::string where;
    auto text = FindMetricsJson(source.Locate(*j), &where);
    if (!text.ok()) {
      out.metrics.warnings.push_back(text.status().message());
    } else if (!text->empty()) {
      auto parsed = ParseMetricsJson(*text, where);
      if (!parsed.ok()) {
        out.metrics.warnings.push_back(parsed.status().message());
      } else {
        out.metrics_json = where;
        for (auto& [name, s] : *parsed) {
          std::string key = out.metrics.series.count(name) ? "script:" + name : name;
          s.name = key;
          out.metrics.series[key] = std::move(s);
        }
      }
    }
  }
  out.anomalies = FindAnomalies(out.metrics);
  return out;
}

}  // namespace mg::logs
