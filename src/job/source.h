// Job sources: where a training job's description, logs, artifact and data come from.
//
// Contract:
//  - A JobSource hands out four things, and nothing else about a job is source-specific:
//      DescribeJson()  the DescribeTrainingJob response body (JSON text, as the API returns it)
//      LogStreams()    the names of the job's log streams, in reading order
//                      (CloudWatch: "<job>/algo-1-1764...", local: the log file paths)
//      ReadLog()       the lines of one stream, in order, to a sink (which may stop early by
//                      returning false); a line never contains '\n'. Bounded memory: a source
//                      streams (pages of GetLogEvents, chunks of a file), it never loads a log.
//      Locate()        where the artifact, the eval data and a metrics.json are: a local path or
//                      an s3:// URI; empty when there is none.
//  - Errors are Status: Input (exit 2) for a missing or malformed thing the user named,
//    JobNotUsable (exit 3) is never raised by a source (the pipeline judges the job).
//  - OpenJobSource(spec): "sagemaker:NAME" (or any other registered "scheme:") goes to the
//    registered handler; a directory is a job folder (describe.json, logs/, output/, data/);
//    a file is a saved describe-training-job JSON with its logs beside it or named in --log.
//    An unregistered scheme is an input error that says so.
//  - The AWS module registers "sagemaker" with RegisterJobSourceScheme() at start-up (main()).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "job/job.h"

namespace mg::job {

// (stream name, line). Return false to stop reading.
using LogLineSink = std::function<bool(std::string_view stream, std::string_view line)>;

struct LogReadStats {
  uint64_t lines = 0;    // lines delivered to the sink
  uint64_t skipped = 0;  // malformed lines dropped (over-long, binary, broken JSON)
  uint64_t bytes = 0;    // bytes read
  std::string format;    // "text" | "cloudwatch-json" | "cloudwatch-api" ...
  std::string warning;   // e.g. "JSON ends early after 120 events"; empty when clean
};

struct Locations {
  std::string artifact;      // model.tar.gz
  std::string eval_data;     // held-out evaluation CSV
  std::string metrics_json;  // metrics written by the training script
  std::string output_tar;    // SageMaker's output.tar.gz (may hold metrics.json)
};

class JobSource {
 public:
  virtual ~JobSource() = default;
  // How the user named it ("examples/jobs/x", "sagemaker:NAME").
  virtual std::string Spec() const = 0;
  virtual Result<std::string> DescribeJson() = 0;
  virtual Result<std::vector<std::string>> LogStreams() = 0;
  virtual Status ReadLog(const std::string& stream, const LogLineSink& sink, LogReadStats* stats) = 0;
  virtual Locations Locate(const JobRecord& job) = 0;
};

struct OpenOptions {
  std::vector<std::string> log_paths;  // --log FILE...: overrides the logs found beside a JSON
};

// Parses DescribeJson() and fills the record's local fields from Locate() and LogStreams()
// (artifact_path / eval_data_path only when they are local paths; log_paths = stream names).
Result<JobRecord> LoadJob(JobSource& source);

Result<std::unique_ptr<JobSource>> OpenJobSource(const std::string& spec, const OpenOptions& options = {});

// Lists the jobs under a spec: a folder of job folders and describe JSONs (a job folder
// alone is a list of one), or "scheme:PREFIX" through the registered lister. Records carry
// at least name, status and times. Files that are not describe JSONs are skipped.
Result<std::vector<JobRecord>> ListJobs(const std::string& spec);

struct SchemeHandler {
  std::function<Result<std::unique_ptr<JobSource>>(const std::string& rest, const OpenOptions&)> open;
  std::function<Result<std::vector<JobRecord>>(const std::string& rest)> list;  // may be empty
};
void RegisterJobSourceScheme(const std::string& scheme, SchemeHandler handler);

// Bare log files without a job (`modelgate logs FILE`): DescribeJson() is an input error.
std::unique_ptr<JobSource> MakeLogFilesSource(std::vector<std::string> paths);

// A job whose description and logs are already in memory (tests, and sources that fetch
// everything up front).
std::unique_ptr<JobSource> MakeMemorySource(std::string spec, std::string describe_json,
                                            std::vector<std::pair<std::string, std::string>> streams);

}  // namespace mg::job
