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
//  - Job sources (a folder, a describe file, sagemaker:NAME) are in job/source.h.
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

// One InputDataConfig entry: where a channel's data came from.
struct Channel {
  std::string name;          // "train", "validation", ...
  std::string s3_uri;        // DataSource.S3DataSource.S3Uri (empty for other sources)
  std::string content_type;  // e.g. "text/csv", "libsvm"; empty when not given
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
  long training_seconds = -1;  // TrainingTimeInSeconds; -1: not reported
  long max_runtime_seconds = -1;  // StoppingCondition.MaxRuntimeInSeconds
  bool managed_spot = false;      // EnableManagedSpotTraining
  std::string last_modified_time;
  std::vector<Channel> channels;  // InputDataConfig
  std::string output_path;        // OutputDataConfig.S3OutputPath

  // Local resolution (job folders): where the bytes really are.
  std::string folder;          // the job folder, empty for other sources
  std::string artifact_path;   // local model.tar.gz, empty when the folder has none
  std::string eval_data_path;  // local data/test.csv, empty when absent
  std::vector<std::string> log_paths;
  std::string describe_path;   // the describe JSON it was read from, when local
};

Result<JobRecord> ParseDescribeJson(const std::string& json_text, const std::string& source_name);
Result<JobRecord> LoadJobFolder(const std::string& folder);
// A saved describe-training-job JSON. Logs: `log_paths` when given, else the files beside it
// named <TrainingJobName>*.log / *.log.json / *.json (not the describe file itself), else the
// files in a logs/ folder beside it.
Result<JobRecord> LoadDescribeFile(const std::string& path, const std::vector<std::string>& log_paths = {});

}  // namespace mg::job
