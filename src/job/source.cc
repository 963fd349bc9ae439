#include "job/source.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "core/env.h"
#include "job/logfile.h"

namespace mg::job {
namespace {

std::map<std::string, SchemeHandler>& Schemes() {
  static std::map<std::string, SchemeHandler> m;
  return m;
}

// Files and folders directly inside dir, sorted. Missing dir -> empty.
std::vector<std::string> ListEntries(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    out.push_back(it->path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string DirOf(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string FirstExisting(std::initializer_list<std::string> paths) {
  for (const auto& p : paths)
    if (FileExists(p) && !IsDirectory(p)) return p;
  return "";
}

// A job folder or a describe JSON on the local disk; logs are files.
class LocalSource : public JobSource {
 public:
  LocalSource(std::string spec, std::string describe_path, std::string folder, std::vector<std::string> logs)
      : spec_(std::move(spec)), describe_(std::move(describe_path)), folder_(std::move(folder)), logs_(std::move(logs)) {}
  std::string Spec() const override { return spec_; }
  Result<std::string> DescribeJson() override {
    if (describe_.empty()) return Status::Input(spec_ + ": a log file, not a job (no describe-training-job JSON)");
    return ReadFile(describe_, 64 << 20);
  }
  Result<std::vector<std::string>> LogStreams() override { return logs_; }
  Status ReadLog(const std::string& stream, const LogLineSink& sink, LogReadStats* stats) override {
    return ReadLogFile(stream, sink, stats);
  }
  Locations Locate(const JobRecord&) override {
    Locations l;
    if (folder_.empty()) return l;
    const std::string& d = folder_;
    l.artifact = FirstExisting({JoinPath(d, "output/model.tar.gz"), JoinPath(d, "model.tar.gz")});
    l.eval_data = FirstExisting({JoinPath(d, "data/test.csv")});
    l.metrics_json = FirstExisting({JoinPath(d, "metrics.json"), JoinPath(d, "output/metrics.json")});
    l.output_tar = FirstExisting({JoinPath(d, "output/output.tar.gz"), JoinPath(d, "output.tar.gz")});
    return l;
  }

 private:
  std::string spec_, describe_, folder_;
  std::vector<std::string> logs_;
};

class MemorySource : public JobSource {
 public:
  MemorySource(std::string spec, std::string describe, std::vector<std::pair<std::string, std::string>> streams)
      : spec_(std::move(spec)), describe_(std::move(describe)), streams_(std::move(streams)) {}
  std::string Spec() const override { return spec_; }
  Result<std::string> DescribeJson() override { return describe_; }
  Result<std::vector<std::string>> LogStreams() override {
    std::vector<std::string> names;
    for (const auto& s : streams_) names.push_back(s.first);
    return names;
  }
  Status ReadLog(const std::string& stream, const LogLineSink& sink, LogReadStats* stats) override {
    stats->format = "memory";
    for (const auto& [name, text] : streams_) {
      if (name != stream) continue;
      std::string_view rest = text;
      stats->bytes += text.size();
      while (!rest.empty()) {
        size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++stats->lines;
        if (!sink(name, StripTimestampPrefix(line))) break;
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
      }
      return Status::Ok();
    }
    return Status::Input(spec_ + ": no log stream " + stream);
  }
  Locations Locate(const JobRecord&) override { return {}; }

 private:
  std::string spec_, describe_;
  std::vector<std::pair<std::string, std::string>> streams_;
};

bool IsLocalPath(const std::string& p) { return !p.empty() && p.rfind("s3://", 0) != 0; }

// "scheme:rest" for a registered-looking scheme (letters only, not a Windows drive or a path).
bool SplitScheme(const std::string& spec, std::string* scheme, std::string* rest) {
  size_t colon = spec.find(':');
  if (colon == std::string::npos || colon < 2) return false;
  for (size_t i = 0; i < colon; ++i)
    if (!std::isalpha(static_cast<unsigned char>(spec[i])) && spec[i] != '-') return false;
  if (FileExists(spec) || IsDirectory(spec)) return false;
  *scheme = spec.substr(0, colon);
  *rest = spec.substr(colon + 1);
  return true;
}

}  // namespace

void RegisterJobSourceScheme(const std::string& scheme, SchemeHandler handler) { Schemes()[scheme] = std::move(handler); }

Result<JobRecord> LoadJob(JobSource& source) {
  MG_ASSIGN_OR_RETURN(std::string text, source.DescribeJson());
  MG_ASSIGN_OR_RETURN(JobRecord r, ParseDescribeJson(text, source.Spec()));
  Locations l = source.Locate(r);
  if (IsLocalPath(l.artifact)) r.artifact_path = l.artifact;
  if (IsLocalPath(l.eval_data)) r.eval_data_path = l.eval_data;
  MG_ASSIGN_OR_RETURN(r.log_paths, source.LogStreams());
  const std::string spec = source.Spec();
  if (IsDirectory(spec)) r.folder = spec;
  else if (FileExists(spec)) r.describe_path = spec;
  return r;
}

Result<std::unique_ptr<JobSource>> OpenJobSource(const std::string& spec, const OpenOptions& options) {
  if (spec.empty()) return Status::Input("no job given (a job folder, a describe-training-job JSON or sagemaker:NAME)");
  std::string scheme, rest;
  if (SplitScheme(spec, &scheme, &rest)) {
    auto it = Schemes().find(scheme);
    if (it == Schemes().end() || !it->second.open) {
      if (scheme == "sagemaker")
        return Status::Input(spec + ": this modelgate was built without the AWS client, so sagemaker: sources "
                                    "are unavailable; save `aws sagemaker describe-training-job` output and pass the file");
      return Status::Input(spec + ": unknown job source '" + scheme +
                           ":' (expected a job folder, a describe JSON file or sagemaker:NAME)");
    }
    auto opened = it->second.open(rest, options);
    if (!opened.ok() && opened.status().message().rfind(spec, 0) != 0) return opened.status().Annotate(spec);
    return opened;
  }
  if (IsDirectory(spec)) {
    MG_ASSIGN_OR_RETURN(JobRecord r, LoadJobFolder(spec));  // validates the layout up front
    std::vector<std::string> logs = options.log_paths.empty() ? r.log_paths : options.log_paths;
    return std::unique_ptr<JobSource>(new LocalSource(spec, r.describe_path, spec, std::move(logs)));
  }
  if (!FileExists(spec))
    return Status::Input(spec + ": no such job folder or file (expected a job folder, a describe JSON or sagemaker:NAME)");
  MG_ASSIGN_OR_RETURN(JobRecord r, LoadDescribeFile(spec, options.log_paths));
  return std::unique_ptr<JobSource>(new LocalSource(spec, spec, DirOf(spec), r.log_paths));
}

Result<std::vector<JobRecord>> ListJobs(const std::string& spec) {
  std::string scheme, rest;
  if (SplitScheme(spec, &scheme, &rest)) {
    auto it = Schemes().find(scheme);
    if (it == Schemes().end() || !it->second.list)
      return Status::Input(spec + ": cannot list jobs from '" + scheme + ":' in this build");
    return it->second.list(rest);
  }
  if (!IsDirectory(spec)) {
    if (!FileExists(spec)) return Status::Input(spec + ": no such folder (expected a folder of job folders)");
    MG_ASSIGN_OR_RETURN(JobRecord r, LoadDescribeFile(spec));
    return std::vector<JobRecord>{std::move(r)};
  }
  if (FileExists(JoinPath(spec, "describe.json"))) {
    MG_ASSIGN_OR_RETURN(JobRecord r, LoadJobFolder(spec));
    return std::vector<JobRecord>{std::move(r)};
  }
  std::vector<JobRecord> out;
  std::vector<std::string> entries = ListEntries(spec);
  for (const auto& e : entries) {
    if (IsDirectory(e)) {
      if (!FileExists(JoinPath(e, "describe.json"))) continue;
      auto r = LoadJobFolder(e);
      if (!r.ok()) return r.status();  // a broken describe.json in a job folder is worth an error
      out.push_back(std::move(r).value());
    } else if (e.ends_with(".json")) {
      auto text = ReadFile(e, 64 << 20);
      if (!text.ok()) continue;
      auto r = ParseDescribeJson(*text, e);
      if (!r.ok()) continue;  // a log export or another JSON: not a job
      r->describe_path = e;
      out.push_back(std::move(r).value());
    }
  }
  return out;
}

std::unique_ptr<JobSource> MakeLogFilesSource(std::vector<std::string> paths) {
  std::string spec = paths.empty() ? "" : paths.front();
  return std::make_unique<LocalSource>(spec, "", "", std::move(paths));
}

std::unique_ptr<JobSource> MakeMemorySource(std::string spec, std::string describe_json,
                                            std::vector<std::pair<std::string, std::string>> streams) {
  return std::make_unique<MemorySource>(std::move(spec), std::move(describe_json), std::move(streams));
}

}  // namespace mg::job
