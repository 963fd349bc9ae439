#include "pipeline/register.h"

namespace mg::pipeline {

Result<std::optional<policy::Baseline>> LoadBaseline(registry::Registry& reg, const std::string& group) {
  MG_ASSIGN_OR_RETURN(std::optional<registry::ModelVersion> v, reg.LatestApproved(group));
  if (!v) return std::optional<policy::Baseline>();
  policy::Baseline b;
  b.label = "v" + std::to_string(v->version);
  b.metrics = v->metrics;
  b.eval_data_sha256 = v->eval_data_sha256;
  return std::optional<policy::Baseline>(std::move(b));
}

Result<int64_t> RecordDecision(registry::Registry& reg, const std::string& group, const report::Report& r,
                               const std::string& who) {
  if (r.decision == "error" || !r.checks)
    return Status::Input("not registering in group " + group + ": validation did not reach a decision (" +
                         r.error.message() + ")");
  registry::NewVersion v;
  v.group = group;
  MG_ASSIGN_OR_RETURN(v.status, registry::ParseApprovalStatus(r.checks->status));
  if (r.job) {
    v.job_name = r.job->name;
    v.training_image = r.job->training_image;
    v.artifact_uri = r.job->model_artifact_uri;
  }
  if (r.artifact) {
    v.artifact_sha256 = r.artifact->listing.sha256;
    if (v.artifact_uri.empty()) v.artifact_uri = r.artifact->listing.path;
  }
  if (r.evaluation) {
    v.eval_data_sha256 = r.evaluation->data_sha256;
    v.metrics = r.evaluation->metrics.values;
  }
  if (r.policy) v.policy_text = r.policy->text;
  v.report = nlohmann::json::parse(report::ToJson(r).dump());
  v.registered_by = who;
  std::string failed;
  for (const auto& c : r.checks->checks)
    if (c.outcome == policy::Outcome::kFailed) failed += (failed.empty() ? "" : "; ") + c.name + ": " + c.reason;
  v.reason = r.checks->approved ? "modelgate validate: every fail-level check passed"
                                : "modelgate validate: " + (failed.empty() ? std::string("rejected") : failed);
  return reg.Register(v);
}

}  // namespace mg::pipeline
