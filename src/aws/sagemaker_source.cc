#include "aws/sagemaker_source.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <mutex>

#include "aws/logs.h"
#include "aws/sagemaker.h"
#include "job/job.h"

namespace mg::aws {
namespace {

bool IsTimeKey(const std::string& k) {
  auto ends = [&](const char* suffix) {
    std::string sx(suffix);
    return k.size() >= sx.size() && k.compare(k.size() - sx.size(), sx.size(), sx) == 0;
  };
  return ends("Time") || ends("Timestamp");
}

// Epoch seconds -> ISO 8601 as the aws CLI prints it (UTC): 2024-12-03T10:00:00.123000+00:00.
std::string IsoTime(double epoch) {
  double whole = std::floor(epoch);
  long micros = std::lround((epoch - whole) * 1e6);
  if (micros >= 1000000) {
    whole += 1;
    micros -= 1000000;
  }
  std::time_t t = static_cast<std::time_t>(whole);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (micros != 0) {
    char frac[32];
    std::snprintf(frac, sizeof frac, ".%06ld", micros);
    out += frac;
  }
  return out + "+00:00";
}

// The API's JSON 1.1 gives timestamps as epoch numbers; the job module reads the JSON that
// `aws sagemaker describe-training-job` prints, where they are ISO 8601 strings.
void TimestampsAsCli(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it->is_number() && IsTimeKey(it.key())) {
        *it = IsoTime(it->get<double>());
      } else {
        TimestampsAsCli(*it);
      }
    }
  } else if (j.is_array()) {
    for (auto& e : j) TimestampsAsCli(e);
  }
}

class SageMakerSource : public job::JobSource {
 public:
  SageMakerSource(std::string name, std::unique_ptr<SageMakerClient> sm, std::unique_ptr<LogsClient> logs)
      : name_(std::move(name)), sm_(std::move(sm)), logs_(std::move(logs)) {}

  std::string Spec() const override { return "sagemaker:" + name_; }

  Result<std::string> DescribeJson() override {
    if (describe_.empty()) {
      MG_ASSIGN_OR_RETURN(nlohmann::json j, sm_->DescribeTrainingJob(name_));
      TimestampsAsCli(j);
      describe_ = j.dump(2);
    }
    return describe_;
  }

  Result<std::vector<std::string>> LogStreams() override {
    MG_ASSIGN_OR_RETURN(auto streams, logs_->DescribeLogStreams(kTrainingJobLogGroup, name_ + "/"));
    std::vector<std::string> names;
    for (const auto& s : streams) names.push_back(s.name);
    std::sort(names.begin(), names.end());
    return names;
  }

  Status ReadLog(const std::string& stream, const job::LogLineSink& sink, job::LogReadStats* stats) override {
    job::LogReadStats local;
    job::LogReadStats* st = stats != nullptr ? stats : &local;
    st->format = "cloudwatch-api";
    bool stopped = false;
    Status s = logs_->ForEachLogEvent(kTrainingJobLogGroup, stream, [&](const LogEvent& e) {
      std::string_view msg = e.message;
      st->bytes += msg.size();
      if (!msg.empty() && msg.back() == '\n') msg.remove_suffix(1);
      while (true) {
        size_t nl = msg.find('\n');
        std::string_view line = msg.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++st->lines;
        if (!sink(stream, line)) {
          stopped = true;
          return Status::Input("stop");  // ends the paging; not an error for the caller
        }
        if (nl == std::string_view::npos) break;
        msg.remove_prefix(nl + 1);
      }
      return Status::Ok();
    });
    if (stopped) return Status::Ok();
    return s;
  }

  job::Locations Locate(const job::JobRecord& job) override {
    job::Locations l;
    l.artifact = job.model_artifact_uri;
    if (!job.output_path.empty()) {
      std::string base = job.output_path;
      while (!base.empty() && base.back() == '/') base.pop_back();
      l.output_tar = base + "/" + job.name + "/output/output.tar.gz";
    }
    return l;
  }

 private:
  std::string name_;
  std::unique_ptr<SageMakerClient> sm_;
  std::unique_ptr<LogsClient> logs_;
  std::string describe_;
};

}  // namespace

Result<std::unique_ptr<job::JobSource>> OpenSageMakerJob(const AwsConfig& config, const std::string& name,
                                                         const ClientOptions& options) {
  if (!ValidTrainingJobName(name)) {
    return Status::Input("sagemaker:" + name + ": not a valid training job name (1-63 of a-z, A-Z, 0-9 and '-')");
  }
  MG_ASSIGN_OR_RETURN(auto sm, SageMakerClient::Create(config, options));
  MG_ASSIGN_OR_RETURN(auto logs, LogsClient::Create(config, options));
  return std::unique_ptr<job::JobSource>(new SageMakerSource(name, std::move(sm), std::move(logs)));
}

Result<std::vector<job::JobRecord>> ListSageMakerJobs(const AwsConfig& config, const std::string& name_contains,
                                                      const ClientOptions& options) {
  MG_ASSIGN_OR_RETURN(auto sm, SageMakerClient::Create(config, options));
  ListTrainingJobsOptions o;
  o.name_contains = name_contains;
  MG_ASSIGN_OR_RETURN(auto summaries, sm->ListTrainingJobs(o));
  std::vector<job::JobRecord> out;
  for (const auto& s : summaries) {
    // A summary carries a subset of DescribeTrainingJob's fields, under the same names.
    nlohmann::json j = s.raw;
    TimestampsAsCli(j);
    MG_ASSIGN_OR_RETURN(job::JobRecord r, job::ParseDescribeJson(j.dump(), "sagemaker:" + s.name));
    out.push_back(std::move(r));
  }
  return out;
}

void RegisterSageMakerJobSource(const LoadOptions& options) {
  struct Lazy {
    LoadOptions options;
    std::once_flag once;
    Result<AwsConfig> config = Status::Input("AWS configuration not loaded");
    const Result<AwsConfig>& Get() {
      std::call_once(once, [this] { config = LoadAwsConfig(options); });
      return config;
    }
  };
  auto lazy = std::make_shared<Lazy>();
  lazy->options = options;
  job::SchemeHandler h;
  h.open = [lazy](const std::string& rest, const job::OpenOptions&) -> Result<std::unique_ptr<job::JobSource>> {
    const auto& cfg = lazy->Get();
    if (!cfg.ok()) return cfg.status();
    return OpenSageMakerJob(*cfg, rest);
  };
  h.list = [lazy](const std::string& rest) -> Result<std::vector<job::JobRecord>> {
    const auto& cfg = lazy->Get();
    if (!cfg.ok()) return cfg.status();
    return ListSageMakerJobs(*cfg, rest);
  };
  job::RegisterJobSourceScheme("sagemaker", std::move(h));
}

}  // namespace mg::aws
