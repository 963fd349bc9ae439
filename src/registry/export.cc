#include "registry/export.h"

#include <fmt/core.h>

#include <set>

namespace mg::registry {

nlohmann::json ToJson(const ModelVersion& v) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : v.history) {
    history.push_back({{"status", ToString(h.status)}, {"by", h.by}, {"at", h.at}, {"reason", h.reason}});
  }
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [k, x] : v.metrics) metrics[k] = x;
  return {{"group", v.group},
          {"version", v.version},
          {"status", ToString(v.status)},
          {"created_at", v.created_at},
          {"job_name", v.job_name},
          {"training_image", v.training_image},
          {"artifact_uri", v.artifact_uri},
          {"artifact_sha256", v.artifact_sha256},
          {"eval_data_sha256", v.eval_data_sha256},
          {"metrics", metrics},
          {"policy_sha256", v.policy_sha256},
          {"policy", v.policy_text},
          {"report", v.report},
          {"history", history}};
}

nlohmann::json ToJson(const GroupSummary& g) {
  return {{"name", g.name},
          {"created_at", g.created_at},
          {"version_count", g.version_count},
          {"latest_version", g.latest_version},
          {"latest_approved", g.latest_approved ? nlohmann::json(*g.latest_approved) : nlohmann::json()}};
}

std::vector<MetricDelta> DiffMetrics(const ModelVersion& a, const ModelVersion& b) {
  std::set<std::string> names;
  for (const auto& [k, _] : a.metrics) names.insert(k);
  for (const auto& [k, _] : b.metrics) names.insert(k);
  std::vector<MetricDelta> out;
  for (const auto& n : names) {
    MetricDelta d{n, std::nullopt, std::nullopt, std::nullopt};
    if (auto it = a.metrics.find(n); it != a.metrics.end()) d.v1 = it->second;
    if (auto it = b.metrics.find(n); it != b.metrics.end()) d.v2 = it->second;
    if (d.v1 && d.v2) d.delta = *d.v2 - *d.v1;
    out.push_back(d);
  }
  return out;
}

Result<nlohmann::json> SageMakerRequest(const ModelVersion& v, const SageMakerExportOptions& o) {
  std::string name = fmt::format("model group '{}' version {}", v.group, v.version);
  if (v.training_image.empty()) {
    return Status::Input(name + " has no training image recorded; SageMaker needs one for "
                                "InferenceSpecification.Containers[0].Image");
  }
  if (!v.artifact_uri.starts_with("s3://") && !v.artifact_uri.starts_with("https://")) {
    return Status::Input(fmt::format("{}: artifact URI '{}' is not an s3:// or https:// URL "
                                     "(SageMaker's ModelDataUrl)", name, v.artifact_uri));
  }
  if (!o.evaluation_s3_uri.starts_with("s3://") || o.evaluation_s3_uri.size() <= 5) {
    return Status::Input(fmt::format(
        "--evaluation-s3-uri '{}' is not an s3:// URL (where evaluation.json was uploaded)",
        o.evaluation_s3_uri));
  }
  if (o.content_types.empty() || o.response_types.empty()) {
    return Status::Input("SageMaker needs at least one content type and one response MIME type");
  }
  std::string description = fmt::format("{} version {} from training job {}, gated by modelgate "
                                        "(policy sha256 {})", v.group, v.version,
                                        v.job_name.empty() ? "(unknown)" : v.job_name,
                                        v.policy_sha256.substr(0, 12));
  nlohmann::json meta = {{"modelgate:version", std::to_string(v.version)},
                         {"modelgate:policy-sha256", v.policy_sha256}};
  if (!v.job_name.empty()) meta["modelgate:job-name"] = v.job_name.substr(0, 256);
  if (!v.artifact_sha256.empty()) meta["modelgate:artifact-sha256"] = v.artifact_sha256;
  if (!v.eval_data_sha256.empty()) meta["modelgate:eval-data-sha256"] = v.eval_data_sha256;
  return nlohmann::json{
      {"ModelPackageGroupName", v.group},
      {"ModelPackageDescription", description.substr(0, 1024)},
      {"ModelApprovalStatus", ToString(v.status)},
      {"InferenceSpecification",
       {{"Containers", nlohmann::json::array({{{"Image", v.training_image}, {"ModelDataUrl", v.artifact_uri}}})},
        {"SupportedContentTypes", o.content_types},
        {"SupportedResponseMIMETypes", o.response_types}}},
      {"ModelMetrics",
       {{"ModelQuality",
         {{"Statistics", {{"ContentType", "application/json"}, {"S3Uri", o.evaluation_s3_uri}}}}}}},
      {"CustomerMetadataProperties", meta}};
}

}  // namespace mg::registry
