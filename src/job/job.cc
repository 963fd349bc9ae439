#include "job/job.h"

#include <nlohmann/json.hpp>

#include "core/env.h"

namespace mg::job {
namespace {

using nlohmann::json;

const char* const kStatusNames[] = {"InProgress", "Completed", "Failed", "Stopping", "Stopped"};

// Reads an optional string field; a present non-string is an error naming the field.
Status GetString(const json& obj, const char* field, const std::string& where, std::string* out) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Status::Input(where + ": field " + field + " must be a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status GetObject(const json& obj, const char* field, const std::string& where, const json** out) {
  *out = nullptr;
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return Status::Input(where + ": field " + field + " must be an object");
  *out = &*it;
  return Status::Ok();
}

Status GetArray(const json& obj, const char* field, const std::string& where, const json** out) {
  *out = nullptr;
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return Status::Input(where + ": field " + field + " must be an array");
  *out = &*it;
  return Status::Ok();
}

}  // namespace

const char* JobStatusName(JobStatus s) { return kStatusNames[static_cast<int>(s)]; }

std::optional<JobStatus> ParseJobStatus(const std::string& s) {
  for (int i = 0; i < 5; ++i)
    if (s == kStatusNames[i]) return static_cast<JobStatus>(i);
  return std::nullopt;
}

Result<JobRecord> ParseDescribeJson(const std::string& text, const std::string& src) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Input(src + ": not valid JSON (expected describe-training-job output)");
  if (!doc.is_object()) return Status::Input(src + ": expected a JSON object");
  JobRecord r;
  MG_RETURN_IF_ERROR(GetString(doc, "TrainingJobName", src, &r.name));
  if (r.name.empty()) return Status::Input(src + ": missing field TrainingJobName");
  std::string status;
  MG_RETURN_IF_ERROR(GetString(doc, "TrainingJobStatus", src, &status));
  if (status.empty()) return Status::Input(src + ": missing field TrainingJobStatus");
  auto parsed = ParseJobStatus(status);
  if (!parsed)
    return Status::Input(src + ": field TrainingJobStatus is '" + status +
                         "', expected one of InProgress, Completed, Failed, Stopping, Stopped");
  r.status = *parsed;
  MG_RETURN_IF_ERROR(GetString(doc, "TrainingJobArn", src, &r.arn));
  MG_RETURN_IF_ERROR(GetString(doc, "SecondaryStatus", src, &r.secondary_status));
  MG_RETURN_IF_ERROR(GetString(doc, "FailureReason", src, &r.failure_reason));
  MG_RETURN_IF_ERROR(GetString(doc, "CreationTime", src, &r.creation_time));
  MG_RETURN_IF_ERROR(GetString(doc, "TrainingStartTime", src, &r.training_start_time));
  MG_RETURN_IF_ERROR(GetString(doc, "TrainingEndTime", src, &r.training_end_time));

  const json* arr = nullptr;
  MG_RETURN_IF_ERROR(GetArray(doc, "SecondaryStatusTransitions", src, &arr));
  if (arr) {
    for (size_t i = 0; i < arr->size(); ++i) {
      const json& t = (*arr)[i];
      std::string where = src + ": SecondaryStatusTransitions[" + std::to_string(i) + "]";
      if (!t.is_object()) return Status::Input(where + " must be an object");
      StatusTransition st;
      MG_RETURN_IF_ERROR(GetString(t, "Status", where, &st.status));
      MG_RETURN_IF_ERROR(GetString(t, "StartTime", where, &st.start_time));
      MG_RETURN_IF_ERROR(GetString(t, "EndTime", where, &st.end_time));
      MG_RETURN_IF_ERROR(GetString(t, "StatusMessage", where, &st.message));
      r.transitions.push_back(std::move(st));
    }
  }

  const json* obj = nullptr;
  MG_RETURN_IF_ERROR(GetObject(doc, "HyperParameters", src, &obj));
  if (obj) {
    for (auto it = obj->begin(); it != obj->end(); ++it) {
      if (!it.value().is_string())
        return Status::Input(src + ": HyperParameters." + it.key() + " must be a string (SageMaker passes strings)");
      r.hyperparameters[it.key()] = it.value().get<std::string>();
    }
  }

  MG_RETURN_IF_ERROR(GetObject(doc, "AlgorithmSpecification", src, &obj));
  if (obj) {
    std::string where = src + ": AlgorithmSpecification";
    MG_RETURN_IF_ERROR(GetString(*obj, "TrainingImage", where, &r.training_image));
    MG_RETURN_IF_ERROR(GetArray(*obj, "MetricDefinitions", where, &arr));
    if (arr) {
      for (size_t i = 0; i < arr->size(); ++i) {
        std::string w = where + ".MetricDefinitions[" + std::to_string(i) + "]";
        if (!(*arr)[i].is_object()) return Status::Input(w + " must be an object");
        MetricDefinition d;
        MG_RETURN_IF_ERROR(GetString((*arr)[i], "Name", w, &d.name));
        MG_RETURN_IF_ERROR(GetString((*arr)[i], "Regex", w, &d.regex));
        if (d.name.empty() || d.regex.empty()) return Status::Input(w + " needs both Name and Regex");
        r.metric_definitions.push_back(std::move(d));
      }
    }
  }

  MG_RETURN_IF_ERROR(GetObject(doc, "ModelArtifacts", src, &obj));
  if (obj) MG_RETURN_IF_ERROR(GetString(*obj, "S3ModelArtifacts", src + ": ModelArtifacts", &r.model_artifact_uri));

  MG_RETURN_IF_ERROR(GetObject(doc, "ResourceConfig", src, &obj));
  if (obj) {
    MG_RETURN_IF_ERROR(GetString(*obj, "InstanceType", src + ": ResourceConfig", &r.instance_type));
    auto it = obj->find("InstanceCount");
    if (it != obj->end() && it->is_number_integer()) r.instance_count = it->get<int>();
  }

  MG_RETURN_IF_ERROR(GetArray(doc, "FinalMetricDataList", src, &arr));
  if (arr) {
    for (size_t i = 0; i < arr->size(); ++i) {
      const json& m = (*arr)[i];
      std::string w = src + ": FinalMetricDataList[" + std::to_string(i) + "]";
      FinalMetric fm;
      if (!m.is_object()) return Status::Input(w + " must be an object");
      MG_RETURN_IF_ERROR(GetString(m, "MetricName", w, &fm.name));
      auto v = m.find("Value");
      if (v == m.end() || !v->is_number()) return Status::Input(w + ".Value must be a number");
      fm.value = v->get<double>();
      r.final_metrics.push_back(std::move(fm));
    }
  }
  auto bill = doc.find("BillableTimeInSeconds");
  if (bill != doc.end() && bill->is_number_integer()) r.billable_seconds = bill->get<long>();
  return r;
}

Result<JobRecord> LoadJobFolder(const std::string& folder) {
  if (!IsDirectory(folder)) return Status::Input(folder + ": not a job folder (expected a directory with describe.json)");
  std::string describe = JoinPath(folder, "describe.json");
  if (!FileExists(describe))
    return Status::Input(describe + ": missing (a job folder holds the describe-training-job JSON as describe.json)");
  MG_ASSIGN_OR_RETURN(std::string text, ReadFile(describe, 64 << 20));
  MG_ASSIGN_OR_RETURN(JobRecord r, ParseDescribeJson(text, describe));
  r.folder = folder;
  std::string artifact = JoinPath(folder, "output/model.tar.gz");
  if (FileExists(artifact)) r.artifact_path = artifact;
  std::string data = JoinPath(folder, "data/test.csv");
  if (FileExists(data)) r.eval_data_path = data;
  r.log_paths = ListFiles(JoinPath(folder, "logs"));
  return r;
}

}  // namespace mg::job
