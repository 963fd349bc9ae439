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
  auto tt = doc.find("TrainingTimeInSeconds");
  if (tt != doc.end() && tt->is_number_integer()) r.training_seconds = tt->get<long>();
  auto spot = doc.find("EnableManagedSpotTraining");
  if (spot != doc.end() && spot->is_boolean()) r.managed_spot = spot->get<bool>();
  MG_RETURN_IF_ERROR(GetString(doc, "LastModifiedTime", src, &r.last_modified_time));
  MG_RETURN_IF_ERROR(GetObject(doc, "StoppingCondition", src, &obj));
  if (obj) {
    auto it = obj->find("MaxRuntimeInSeconds");
    if (it != obj->end() && it->is_number_integer()) r.max_runtime_seconds = it->get<long>();
  }
  MG_RETURN_IF_ERROR(GetObject(doc, "OutputDataConfig", src, &obj));
  if (obj) MG_RETURN_IF_ERROR(GetString(*obj, "S3OutputPath", src + ": OutputDataConfig", &r.output_path));
  MG_RETURN_IF_ERROR(GetArray(doc, "InputDataConfig", src, &arr));
  if (arr) {
    for (size_t i = 0; i < arr->size(); ++i) {
      const json& c = (*arr)[i];
      std::string w = src + ": InputDataConfig[" + std::to_string(i) + "]";
      if (!c.is_object()) return Status::Input(w + " must be an object");
      Channel ch;
      MG_RETURN_IF_ERROR(GetString(c, "ChannelName", w, &ch.name));
      MG_RETURN_IF_ERROR(GetString(c, "ContentType", w, &ch.content_type));
      const json* ds = nullptr;
      MG_RETURN_IF_ERROR(GetObject(c, "DataSource", w, &ds));
      if (ds) {
        const json* s3 = nullptr;
        MG_RETURN_IF_ERROR(GetObject(*ds, "S3DataSource", w + ".DataSource", &s3));
        if (s3) MG_RETURN_IF_ERROR(GetString(*s3, "S3Uri", w + ".DataSource.S3DataSource", &ch.s3_uri));
      }
      r.channels.push_back(std::move(ch));
    }
  }
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
  r.describe_path = describe;
  return r;
}

Result<JobRecord> LoadDescribeFile(const std::string& path, const std::vector<std::string>& log_paths) {
  if (IsDirectory(path)) return LoadJobFolder(path);
  if (!FileExists(path)) return Status::Input(path + ": no such file (expected a describe-training-job JSON)");
  MG_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 64 << 20));
  MG_ASSIGN_OR_RETURN(JobRecord r, ParseDescribeJson(text, path));
  r.describe_path = path;
  if (!log_paths.empty()) {
    for (const auto& p : log_paths)
      if (!FileExists(p)) return Status::Input(p + ": --log file not found");
    r.log_paths = log_paths;
    return r;
  }
  size_t slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  for (const auto& f : ListFiles(dir)) {
    if (f == path || f == JoinPath(dir, path.substr(slash == std::string::npos ? 0 : slash + 1))) continue;
    std::string base = f.substr(f.find_last_of('/') + 1);
    if (base.rfind(r.name, 0) != 0) continue;
    if (base.ends_with(".log") || base.ends_with(".txt") || base.ends_with(".json")) r.log_paths.push_back(f);
  }
  if (r.log_paths.empty()) r.log_paths = ListFiles(JoinPath(dir, "logs"));
  return r;
}

}  // namespace mg::job
