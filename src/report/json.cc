// report.json: the full report, schema modelgate.report/v1 (docs/report.md,
// docs/report.schema.json). Keys are emitted in a fixed order; absent sections are null.
#include "report/common.h"
#include "report/curves.h"
#include "job/job_json.h"
#include "logs/logs_json.h"
#include "report/checks.h"
#include "report/report.h"

namespace mg::report {
namespace {

using ojson = nlohmann::ordered_json;
using internal::JsonNumber;

ojson OrNull(const std::string& s) { return s.empty() ? ojson(nullptr) : ojson(s); }

ojson JobJson(const Report& r) {
  const job::JobRecord& j = *r.job;
  ojson o;
  o["name"] = j.name;
  o["arn"] = OrNull(j.arn);
  o["status"] = job::JobStatusName(j.status);
  o["secondary_status"] = j.secondary_status;
  o["failure_reason"] = OrNull(j.failure_reason);
  o["artifact_uri"] = j.model_artifact_uri;
  o["training_image"] = j.training_image;
  o["instance_type"] = j.instance_type;
  o["instance_count"] = j.instance_count;
  o["billable_seconds"] = j.billable_seconds >= 0 ? ojson(j.billable_seconds) : ojson(nullptr);
  o["creation_time"] = OrNull(j.creation_time);
  o["training_start_time"] = OrNull(j.training_start_time);
  o["training_end_time"] = OrNull(j.training_end_time);
  ojson hp = ojson::object();
  for (const auto& [k, v] : j.hyperparameters) hp[k] = v;
  o["hyperparameters"] = hp;
  ojson fm = ojson::object();
  for (const auto& m : j.final_metrics) fm[m.name] = JsonNumber(m.value);
  o["final_metrics"] = fm;
  ojson tr = ojson::array();
  for (const auto& t : j.transitions) {
    ojson x;
    x["status"] = t.status;
    x["start_time"] = OrNull(t.start_time);
    x["end_time"] = OrNull(t.end_time);
    auto secs = internal::SecondsBetween(t.start_time, t.end_time);
    x["seconds"] = secs ? ojson(*secs) : ojson(nullptr);
    x["message"] = t.message;
    tr.push_back(x);
  }
  o["transitions"] = tr;
  o["log_tail"] = r.log_tail;
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
  o["stopped_at_cap"] = a.listing.stopped_at_cap;
  ojson members = ojson::array();
  for (const auto& m : a.listing.members) {
    ojson x;
    x["path"] = m.path;
    x["type"] = artifact::MemberTypeName(m.type);
    x["size"] = m.size;
    x["sha256"] = OrNull(m.sha256);
    members.push_back(x);
  }
  o["members"] = members;
  return o;
}

ojson FindingsJson(const std::vector<Finding>& fs) {
  ojson a = ojson::array();
  for (const auto& f : fs)
    a.push_back(ojson{{"severity", f.severity}, {"kind", f.kind}, {"member", OrNull(f.member)}, {"detail", f.detail}});
  return a;
}

ojson LogsJson(const logs::LogMetrics& l) {
  ojson o;
  o["lines"] = l.lines;
  o["unparsed"] = l.unparsed;
  ojson metrics = ojson::object();
  for (const auto& [name, s] : l.series) {
    ojson m;
    m["last"] = s.points.empty() ? ojson(nullptr) : JsonNumber(s.last());
    m["points"] = s.points.size();
    ojson pts = ojson::array();
    for (const auto& p : s.points) pts.push_back(ojson::array({p.step, JsonNumber(p.value)}));
    m["series"] = pts;
    metrics[name] = m;
  }
  o["metrics"] = metrics;
  return o;
}

ojson MetricSetJson(const metrics::MetricSet& ms) {
  ojson o;
  o["task"] = ms.task;
  o["n"] = ms.n;
  ojson m = ojson::object();
  for (const auto& [k, v] : ms.values) m[k] = JsonNumber(v);
  o["metrics"] = m;
  ojson ci = ojson::object();
  for (const auto& [k, v] : ms.ci)
    ci[k] = ojson{{"lower", JsonNumber(v.lower)}, {"upper", JsonNumber(v.upper)}, {"level", v.level}, {"method", v.method}};
  o["intervals"] = ci;
  ojson u = ojson::object();
  for (const auto& [k, v] : ms.undefined) u[k] = v;
  o["undefined"] = u;
  return o;
}

ojson CurveJson(const Curve& c, const char* xname, const char* yname) {
  if (c.empty()) return nullptr;
  ojson o;
  o[xname] = c.x;
  o[yname] = c.y;
  if (!c.counts.empty()) o["count"] = c.counts;
  return o;
}

ojson EvaluationJson(const Evaluation& e) {
  ojson o = MetricSetJson(e.metrics);
  o["data"] = {{"path", e.data_path}, {"sha256", e.data_sha256}};
  o["model"] = {{"framework", e.model_framework}, {"description", e.model_description}};
  o["threshold"] = e.threshold;
  ojson cm;
  ojson labels = ojson::array();
  for (double l : e.metrics.confusion.labels) labels.push_back(JsonNumber(l));
  cm["labels"] = labels;
  cm["counts"] = e.metrics.confusion.counts;
  o["confusion_matrix"] = cm;
  ojson curves;
  curves["roc"] = CurveJson(RocCurve(e.y_true, e.scores, e.pos_label), "false_positive_rate", "true_positive_rate");
  curves["precision_recall"] = CurveJson(PrCurve(e.y_true, e.scores, e.pos_label), "recall", "precision");
  curves["calibration"] =
      CurveJson(Calibration(e.y_true, e.scores, e.pos_label), "mean_predicted", "fraction_positive");
  o["curves"] = curves;
  ojson slices = ojson::array();
  for (const auto& s : e.slices) {
    ojson x;
    x["column"] = s.column;
    x["value"] = s.value;
    x.update(MetricSetJson(s.metrics));
    slices.push_back(x);
  }
  o["slices"] = slices;
  return o;
}

ojson PolicyJson(const policy::Policy& p) {
  ojson o;
  o["source"] = p.source;
  o["text"] = OrNull(p.text);
  ojson rules = ojson::array();
  for (const auto& r : p.rules) {
    ojson x;
    x["metric"] = r.metric;
    const auto& t = r.threshold;
    x["min"] = t.min ? ojson(*t.min) : ojson(nullptr);
    x["max"] = t.max ? ojson(*t.max) : ojson(nullptr);
    x["gt"] = t.gt ? ojson(*t.gt) : ojson(nullptr);
    x["lt"] = t.lt ? ojson(*t.lt) : ojson(nullptr);
    rules.push_back(x);
  }
  o["rules"] = rules;
  return o;
}

const char* ErrorCodeName(Status::Code c) {
  switch (c) {
    case Status::Code::kOk: return "ok";
    case Status::Code::kInput: return "input";
    case Status::Code::kJobNotUsable: return "job_not_usable";
    case Status::Code::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace

ojson ToJson(const Report& r) {
  ojson o;
  o["schema"] = "modelgate.report/v1";
  o["tool"] = {{"name", "modelgate"}, {"version", "0.1.0"}};
  o["decision"] = r.decision;
  o["error"] = r.error.ok() ? ojson(nullptr)
                            : ojson{{"code", ErrorCodeName(r.error.code())},
                                    {"exit_code", r.error.exit_code()},
                                    {"message", r.error.message()}};
  o["job"] = r.job ? JobJson(r) : ojson(nullptr);
  if (r.job) o["job"]["diagnosis"] = r.diagnosis ? job::DiagnosisToJson(*r.diagnosis) : ojson(nullptr);
  o["artifact"] = r.artifact ? ArtifactJson(*r.artifact) : ojson(nullptr);
  o["findings"] = FindingsJson(r.findings);
  o["logs"] = r.logs ? LogsJson(*r.logs) : ojson(nullptr);
  if (r.logs) {
    o["logs"]["anomalies"] = logs::AnomaliesToJson(r.log_anomalies);
    ojson agree = ojson::array();
    for (const auto& a : r.log_metric_checks)
      agree.push_back({{"log_metric", a.log_metric}, {"metric", a.metric}, {"log_value", Number(a.log_value)},
                       {"recomputed", Number(a.recomputed)}, {"tolerance", a.tolerance}, {"agrees", a.agrees},
                       {"message", a.message}});
    o["logs"]["metric_agreement"] = agree;
  }
  o["evaluation"] = r.evaluation ? EvaluationJson(*r.evaluation) : ojson(nullptr);
  o["policy"] = r.policy ? PolicyJson(*r.policy) : ojson(nullptr);
  ojson checks = ojson::array();
  if (r.checks) {
    for (const auto& c : r.checks->checks) {
      ojson x = CheckJson(c);
      checks.push_back(x);
    }
  }
  o["checks"] = checks;
  ojson timings = ojson::array();
  for (const auto& t : r.timings) timings.push_back(ojson{{"stage", t.stage}, {"seconds", t.seconds}});
  o["timings"] = timings;
  if (r.checks) {
    o["registry_status"] = r.checks->status;
    o["next_steps"] = r.checks->next_steps;
  }
  return o;
}

}  // namespace mg::report
