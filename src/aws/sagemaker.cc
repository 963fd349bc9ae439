#include "aws/sagemaker.h"

#include <cctype>

#include "aws/json_rpc.h"

namespace mg::aws {
namespace {

double Number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::string String(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool ValidTrainingJobName(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return name.front() != '-' && name.back() != '-';
}

Result<std::unique_ptr<SageMakerClient>> SageMakerClient::Create(const AwsConfig& config, ClientOptions options) {
  MG_ASSIGN_OR_RETURN(auto client, MakeJsonClient(config, Service::kSageMaker, options));
  return std::make_unique<SageMakerClient>(std::move(client));
}

Result<nlohmann::json> SageMakerClient::DescribeTrainingJob(const std::string& name) const {
  const std::string display = "SageMaker DescribeTrainingJob " + name;
  if (!ValidTrainingJobName(name)) {
    return Status::Input(display + ": not a valid training job name (1-63 of a-z, A-Z, 0-9 and '-', "
                                   "starting and ending with a letter or digit)");
  }
  MG_ASSIGN_OR_RETURN(nlohmann::json j,
                      CallJson(*client_, "SageMaker.DescribeTrainingJob", {{"TrainingJobName", name}}, display));
  if (String(j, "TrainingJobName").empty()) {
    return Status::Input(display + ": response has no TrainingJobName");
  }
  return j;
}

Result<std::vector<TrainingJobSummary>> SageMakerClient::ListTrainingJobs(const ListTrainingJobsOptions& o) const {
  std::string display = "SageMaker ListTrainingJobs";
  if (!o.name_contains.empty()) display += " (name contains '" + o.name_contains + "')";
  if (o.page_size < 1 || o.page_size > 100) return Status::Input(display + ": page size must be 1..100");
  std::vector<TrainingJobSummary> out;
  std::string token;
  while (true) {
    nlohmann::json in = {{"MaxResults", o.page_size}, {"SortBy", o.sort_by}, {"SortOrder", o.sort_order}};
    if (!o.status_equals.empty()) in["StatusEquals"] = o.status_equals;
    if (!o.name_contains.empty()) in["NameContains"] = o.name_contains;
    if (!token.empty()) in["NextToken"] = token;
    MG_ASSIGN_OR_RETURN(nlohmann::json j, CallJson(*client_, "SageMaker.ListTrainingJobs", in, display));
    auto list = j.find("TrainingJobSummaries");
    if (list == j.end() || !list->is_array()) {
      return Status::Input(display + ": response has no TrainingJobSummaries array");
    }
    for (const auto& s : *list) {
      if (!s.is_object() || String(s, "TrainingJobName").empty()) {
        return Status::Input(display + ": a summary has no TrainingJobName");
      }
      if (out.size() >= o.max_jobs) return out;
      TrainingJobSummary t;
      t.name = String(s, "TrainingJobName");
      t.arn = String(s, "TrainingJobArn");
      t.status = String(s, "TrainingJobStatus");
      t.creation_time = Number(s, "CreationTime");
      t.end_time = Number(s, "TrainingEndTime");
      t.last_modified_time = Number(s, "LastModifiedTime");
      t.raw = s;
      out.push_back(std::move(t));
    }
    std::string next = String(j, "NextToken");
    if (next.empty() || next == token) break;
    token = next;
  }
  return out;
}

}  // namespace mg::aws
