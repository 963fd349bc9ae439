#include "job/job_json.h"

#include <cmath>

#include "job/timeline.h"

namespace mg::job {
namespace {

using ojson = nlohmann::ordered_json;

ojson OrNull(const std::string& s) { return s.empty() ? ojson(nullptr) : ojson(s); }
ojson OrNull(long long v) { return v < 0 ? ojson(nullptr) : ojson(v); }
ojson Number(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
}

}  // namespace

ojson DiagnosisToJson(const Diagnosis& d) {
  ojson o;
  o["category"] = d.category;
  o["reason_kind"] = OrNull(d.reason_kind);
  o["summary"] = d.summary;
  o["rule"] = d.findings.empty() ? ojson(nullptr) : ojson(d.findings.front().rule_id);
  o["advice"] = d.findings.empty() ? ojson(nullptr) : ojson(d.findings.front().advice);
  o["exception"] = OrNull(d.exception);
  o["user_frame"] = OrNull(d.user_frame);
  ojson f = ojson::array();
  for (const auto& x : d.findings)
    f.push_back({{"rule", x.rule_id}, {"category", x.category}, {"where", x.where}, {"evidence", x.evidence},
                 {"advice", x.advice}});
  o["findings"] = f;
  o["lines"] = d.lines;
  return o;
}

ojson JobSummaryToJson(const JobRecord& j) {
  ojson o;
  o["name"] = j.name;
  o["status"] = JobStatusName(j.status);
  o["secondary_status"] = OrNull(j.secondary_status);
  o["created"] = OrNull(j.creation_time);
  o["ended"] = OrNull(j.training_end_time);
  o["duration_seconds"] = OrNull(JobDuration(j));
  o["billable_seconds"] = OrNull(static_cast<long long>(j.billable_seconds));
  o["source"] = OrNull(!j.folder.empty() ? j.folder : j.describe_path);
  return o;
}

ojson JobDetailToJson(const JobRecord& j) {
  ojson o = JobSummaryToJson(j);
  o["arn"] = OrNull(j.arn);
  o["failure_reason"] = OrNull(j.failure_reason);
  o["training_seconds"] = OrNull(static_cast<long long>(j.training_seconds));
  o["instance_type"] = OrNull(j.instance_type);
  o["instance_count"] = j.instance_count;
  o["managed_spot"] = j.managed_spot;
  o["max_runtime_seconds"] = OrNull(static_cast<long long>(j.max_runtime_seconds));
  o["training_image"] = OrNull(j.training_image);
  o["artifact_uri"] = OrNull(j.model_artifact_uri);
  o["output_path"] = OrNull(j.output_path);
  ojson tl = ojson::array();
  for (const auto& e : Timeline(j))
    tl.push_back({{"status", e.status}, {"start", OrNull(e.start_time)}, {"end", OrNull(e.end_time)},
                  {"seconds", OrNull(e.seconds)}, {"message", e.message}});
  o["timeline"] = tl;
  ojson hp = ojson::object();
  for (const auto& [k, v] : j.hyperparameters) hp[k] = v;
  o["hyperparameters"] = hp;
  ojson ch = ojson::array();
  for (const auto& c : j.channels) ch.push_back({{"name", c.name}, {"s3_uri", OrNull(c.s3_uri)}, {"content_type", OrNull(c.content_type)}});
  o["channels"] = ch;
  ojson fm = ojson::object();
  for (const auto& m : j.final_metrics) fm[m.name] = Number(m.value);
  o["final_metrics"] = fm;
  return o;
}

}  // namespace mg::job
