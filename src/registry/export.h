// JSON views of registry records: what `modelgate registry ... --json` prints, the metric diff
// of two versions, and the SageMaker CreateModelPackage request of a version.
//
// Contract:
//  - ToJson(ModelVersion) has every stored field (report and policy included) plus the history;
//    ToJson(GroupSummary) has latest_approved = null when none.
//  - DiffMetrics lists the union of both versions' metrics, by name; `delta` = v2 - v1 and is
//    present only when both values are.
//  - SageMakerRequest returns the JSON body of `aws sagemaker create-model-package
//    --cli-input-json`: ModelPackageGroupName, ModelPackageDescription, ModelApprovalStatus,
//    InferenceSpecification (the version's training image and artifact URI), ModelMetrics.
//    ModelQuality.Statistics (S3 URI of the uploaded evaluation.json), CustomerMetadataProperties
//    (modelgate's version, digests and job name). Input errors name the missing or malformed
//    field (no image recorded, artifact URI not s3:// or https://, evaluation URI not s3://).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "registry/registry.h"

namespace mg::registry {

nlohmann::json ToJson(const ModelVersion& v);
nlohmann::json ToJson(const GroupSummary& g);

struct MetricDelta {
  std::string name;
  std::optional<double> v1, v2, delta;
};
std::vector<MetricDelta> DiffMetrics(const ModelVersion& a, const ModelVersion& b);

struct SageMakerExportOptions {
  std::string evaluation_s3_uri;  // s3://bucket/prefix/evaluation.json (required)
  std::vector<std::string> content_types = {"text/csv"};
  std::vector<std::string> response_types = {"text/csv"};
};
Result<nlohmann::json> SageMakerRequest(const ModelVersion& v, const SageMakerExportOptions& o);

}  // namespace mg::registry
