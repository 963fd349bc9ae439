#include <cmath>

#include "core/env.h"
#include "report/checks.h"
#include "report/report.h"

namespace mg::report {
namespace {

using ojson = nlohmann::ordered_json;

ojson Number(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
}

ojson JobJson(const job::JobRecord& j) {
  ojson o;
  o["name"] = j.name;
  o["status"] = job::JobStatusName(j.status);
  o["secondary_status"] = j.secondary_status;
  o["failure_reason"] = j.failure_reason.empty() ? ojson(nullptr) : ojson(j.failure_reason);
  o["artifact_uri"] = j.model_artifact_uri;
  o["training_image"] = j.training_image;
  o["instance_type"] = j.instance_type;
  o["billable_seconds"] = j.billable_seconds >= 0 ? ojson(j.billable_seconds) : ojson(nullptr);
  ojson fm = ojson::object();
  for (const auto& m : j.final_metrics) fm[m.name] = Number(m.value);
  o["final_metrics"] = fm;
  return o;
}

ojson ArtifactJson(const artifact::ArtifactReport& a) {
  ojson o;
  o["path"] = a.listing.path;
  o["sha256"] = a.listing.sha256;
  o["format"] = artifact::ModelFormatName(a.format);
  o["model_member"] = a.model_member;
  o["compressed_size"] = a.listing.compressed_size;
  o["total_size"] = a.listing.total_size;
  ojson members = ojson::array();
  for (const auto& m : a.listing.members) {
    ojson x;
    x["path"] = m.path;
    x["type"] = artifact::MemberTypeName(m.type);
    x["size"] = m.size;
    x["sha256"] = m.sha256.empty() ? ojson(nullptr) : ojson(m.sha256);
    members.push_back(x);
  }
  o["members"] = members;
  return o;
}

ojson LogsJson(const logs::LogMetrics& l) {
  ojson o;
  ojson metrics = ojson::object();
  for (const auto& [name, s] : l.series) {
    ojson m;
    m["last"] = Number(s.last());
    m["points"] = s.points.size();
    metrics[name] = m;
  }
  o["metrics"] = metrics;
  o["lines"] = l.lines;
  o["unparsed"] = l.unparsed;
  return o;
}

ojson EvaluationJson(const Evaluation& e) {
  ojson o;
  o["task"] = e.metrics.task;
  o["n"] = e.metrics.n;
  o["data"] = {{"path", e.data_path}, {"sha256", e.data_sha256}};
  o["model"] = {{"framework", e.model_framework}, {"description", e.model_description}};
  ojson m = ojson::object();
  for (const auto& [k, v] : e.metrics.values) m[k] = Number(v);
  o["metrics"] = m;
  ojson u = ojson::object();
  for (const auto& [k, v] : e.metrics.undefined) u[k] = v;
  o["undefined"] = u;
  ojson cm;
  ojson labels = ojson::array();
  for (double l : e.metrics.confusion.labels) labels.push_back(Number(l));
  cm["labels"] = labels;
  cm["counts"] = e.metrics.confusion.counts;
  o["confusion_matrix"] = cm;
  return o;
}

}  // namespace

ojson ToJson(const Report& r) {
  ojson o;
  o["schema"] = "modelgate.report/v1";
  o["decision"] = r.decision;
  o["error"] = r.error.ok() ? ojson(nullptr) : ojson(r.error.message());
  o["job"] = r.job ? JobJson(*r.job) : ojson(nullptr);
  if (r.job && !r.log_tail.empty()) o["job"]["log_tail"] = r.log_tail;
  o["artifact"] = r.artifact ? ArtifactJson(*r.artifact) : ojson(nullptr);
  o["logs"] = r.logs ? LogsJson(*r.logs) : ojson(nullptr);
  o["evaluation"] = r.evaluation ? EvaluationJson(*r.evaluation) : ojson(nullptr);
  o["policy"] = r.policy ? ojson({{"source", r.policy->source}}) : ojson(nullptr);
  ojson checks = ojson::array();
  if (r.checks) {
    for (const auto& c : r.checks->checks) {
      ojson x = CheckJson(c);
      checks.push_back(x);
    }
  }
  o["checks"] = checks;
  if (r.checks) {
    o["registry_status"] = r.checks->status;
    o["next_steps"] = r.checks->next_steps;
  }
  return o;
}

ojson ToSageMakerEvaluation(const Report& r) {
  ojson o = ojson::object();
  if (!r.evaluation) return o;
  const auto& m = r.evaluation->metrics;
  const char* section = m.task == "binary"       ? "binary_classification_metrics"
                        : m.task == "multiclass" ? "multiclass_classification_metrics"
                                                 : "regression_metrics";
  ojson s = ojson::object();
  for (const auto& [k, v] : m.values) s[k] = {{"value", Number(v)}, {"standard_deviation", "NaN"}};
  if (m.task != "regression" && !m.confusion.labels.empty()) {
    // SageMaker's shape: {"<true label>": {"<predicted label>": count}}.
    ojson cm = ojson::object();
    auto name = [](double l) {
      std::string s = nlohmann::json(l).dump();
      if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
      return s;
    };
    for (size_t i = 0; i < m.confusion.labels.size(); ++i) {
      ojson row = ojson::object();
      for (size_t j = 0; j < m.confusion.labels.size(); ++j)
        row[name(m.confusion.labels[j])] = m.confusion.counts[i][j];
      cm[name(m.confusion.labels[i])] = row;
    }
    s["confusion_matrix"] = cm;
  }
  o[section] = s;
  return o;
}

Status WriteReportDir(const Report& r, const std::string& dir) {
  MG_RETURN_IF_ERROR(WriteFileAtomic(JoinPath(dir, "report.json"), ToJson(r).dump(2) + "\n"));
  MG_RETURN_IF_ERROR(WriteFileAtomic(JoinPath(dir, "evaluation.json"), ToSageMakerEvaluation(r).dump(2) + "\n"));
  return Status::Ok();
}

}  // namespace mg::report
