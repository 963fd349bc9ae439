// Amazon CloudWatch Logs: the log streams of a group and their events (JSON 1.1).
//
// Contract:
//  - DescribeLogStreams lists the streams whose names start with prefix (SageMaker training
//    jobs write to group /aws/sagemaker/TrainingJobs, streams "<job>/algo-<n>-<epoch>"),
//    following nextToken; at most max_streams.
//  - ForEachLogEvent reads a stream from its head (startFromHead=true), page after page with
//    nextForwardToken, and stops when the token comes back unchanged (AWS's end marker). One
//    page is in memory at a time: memory is bounded by the page size (1 MB from AWS), not by
//    the stream's size. GetLogEvents collects the same into a vector, up to max_events.
//  - Messages are returned as stored (CloudWatch keeps tabs; SageMaker's XGBoost output shows
//    "#011" for them, which is left for the logs module to interpret).
//  - Throttling and 5xx are retried (client.h). Errors are Status::Input
//    "CloudWatch Logs <Call> <group> <stream>: <Code>: <message>", e.g.
//    "...: ResourceNotFoundException: The specified log group does not exist."
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/credentials.h"
#include "core/status.h"

namespace mg::aws {

inline constexpr char kTrainingJobLogGroup[] = "/aws/sagemaker/TrainingJobs";

struct LogStream {
  std::string name;
  int64_t creation_time_ms = 0;
  int64_t first_event_ms = 0;  // 0 when the stream has no events
  int64_t last_event_ms = 0;
};

struct LogEvent {
  int64_t timestamp_ms = 0;
  std::string message;
};

class LogsClient {
 public:
  static Result<std::unique_ptr<LogsClient>> Create(const AwsConfig& config, ClientOptions options = {});
  explicit LogsClient(std::unique_ptr<AwsClient> client) : client_(std::move(client)) {}

  // page_size: `limit` per call (1..50).
  Result<std::vector<LogStream>> DescribeLogStreams(const std::string& group, const std::string& prefix,
                                                    int page_size = 50, size_t max_streams = 10000) const;
  // page_size: `limit` per call (1..10000), 0 for the service's default (up to 1 MB).
  Status ForEachLogEvent(const std::string& group, const std::string& stream,
                         const std::function<Status(const LogEvent&)>& visit, int page_size = 0) const;
  Result<std::vector<LogEvent>> GetLogEvents(const std::string& group, const std::string& stream,
                                             size_t max_events = 1000000, int page_size = 0) const;

 private:
  std::unique_ptr<AwsClient> client_;
};

}  // namespace mg::aws
