// Amazon SageMaker training jobs: DescribeTrainingJob and ListTrainingJobs (JSON 1.1).
//
// Contract:
//  - DescribeTrainingJob returns the response object as AWS sends it (field names of the API
//    reference; timestamps are epoch seconds as JSON numbers); the job module parses it. It
//    checks only that the object has a TrainingJobName string.
//  - ListTrainingJobs follows NextToken until it is absent (or repeats), at most max_jobs
//    summaries; order as requested (default: newest first, as the console shows them).
//  - Throttling (ThrottlingException) and 5xx are retried with backoff (see client.h).
//  - Errors are Status::Input "SageMaker <Call> <name>: <Code>: <message>", e.g.
//    "SageMaker DescribeTrainingJob my-job: ValidationException: Requested resource not found."
//    A job name that SageMaker would reject is refused before any call.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/client.h"
#include "aws/credentials.h"
#include "core/status.h"

namespace mg::aws {

struct TrainingJobSummary {
  std::string name;
  std::string arn;
  std::string status;          // Completed | Failed | InProgress | Stopping | Stopped
  double creation_time = 0;    // epoch seconds
  double end_time = 0;         // TrainingEndTime, 0 when absent
  double last_modified_time = 0;
  nlohmann::json raw;          // the summary object as received
};

struct ListTrainingJobsOptions {
  std::string status_equals;   // empty: any
  std::string name_contains;   // empty: any
  std::string sort_by = "CreationTime";  // CreationTime | Name | Status
  std::string sort_order = "Descending";
  int page_size = 100;         // MaxResults per call, 1..100
  size_t max_jobs = 10000;
};

// True for names SageMaker accepts: 1-63 of [a-zA-Z0-9-], starting and ending alphanumeric.
bool ValidTrainingJobName(const std::string& name);

class SageMakerClient {
 public:
  static Result<std::unique_ptr<SageMakerClient>> Create(const AwsConfig& config, ClientOptions options = {});
  explicit SageMakerClient(std::unique_ptr<AwsClient> client) : client_(std::move(client)) {}

  Result<nlohmann::json> DescribeTrainingJob(const std::string& name) const;
  Result<std::vector<TrainingJobSummary>> ListTrainingJobs(const ListTrainingJobsOptions& options = {}) const;

 private:
  std::unique_ptr<AwsClient> client_;
};

}  // namespace mg::aws
