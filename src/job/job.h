// The training job: what SageMaker's DescribeTrainingJob says about it.
//
// Contract:
//  - ParseDescribeJson accepts the JSON printed by `aws sagemaker describe-training-job`
//    (or the API's response body). TrainingJobName and TrainingJobStatus are required; every
//    other field is optional and left empty when absent. A wrong type for a known field is an
//    input error naming the field.
//  - LoadJobFolder reads a local job folder laid out like examples/jobs/<job>/:
//      describe.json         the DescribeTrainingJob output (required)
//      output/model.tar.gz   the model artifact (optional; resolved to a local path)
//      logs/*                training logs (CloudWatch exports or stdout captures)
//      data/test.csv         held-out evaluation data (optional)
//    A folder without describe.json is an input error naming the missing file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace mg::job {

enum class JobStatus { kInProgress, kCompleted, kFailed, kStopping, kStopped };

// "Completed", "Failed", ... exactly as SageMaker spells them.
const char* JobStatusName(JobStatus s);
std::optional<JobStatus> ParseJobStatus(const std::string& s);

struct StatusTransition {
  std::string status;      // SecondaryStatus value: Starting, Downloading, Training, ...
  std::string start_time;  // ISO 8601 as given
  std::string end_time;    // empty while the transition is current
  std::string message;
};

struct MetricDefinition {
  std::string name;   // e.g. "validation:auc"
  std::string regex;  // RE2 syntax; the first capture group is the value
};

struct FinalMetric {
  std::string name;
  double value = 0;
};

struct JobRecord {
  std::string name;
  std::string arn;
  JobStatus status = JobStatus::kInProgress;
  std::string secondary_status;
  std::string failure_reason;
  std::vector<StatusTransition> transitions;
  std::map<std::string, std::string> hyperparameters;
  std::string training_image;
  std::vector<MetricDefinition> metric_definitions;
  std::string model_artifact_uri;  // ModelArtifacts.S3ModelArtifacts
  std::vector<FinalMetric> final_metrics;
  std::string instance_type;
  int instance_count = 0;
  std::string creation_time, training_start_time, training_end_time;
  long billable_seconds = -1;  // -1: not reported

  // Local resolution (job folders): where the bytes really are.
  std::string folder;          // the job folder, empty for other sources
  std::string artifact_path;   // local model.tar.gz, empty when the folder has none
  std::string eval_data_path;  // local data/test.csv, empty when absent
  std::vector<std::string> log_paths;
};

Result<JobRecord> ParseDescribeJson(const std::string& json_text, const std::string& source_name);
Result<JobRecord> LoadJobFolder(const std::string& folder);

}  // namespace mg::job
