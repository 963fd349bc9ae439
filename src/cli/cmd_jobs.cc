// modelgate jobs [DIR] [--status S] [--json]: the training jobs under a folder, newest first.
#include <fmt/core.h>

#include <algorithm>

#include "cli/commands.h"
#include "job/job_json.h"
#include "job/source.h"
#include "job/timeline.h"

namespace mg::cli {
namespace {

struct JobsArgs {
  std::string dir = ".";
  std::string status;
  bool json = false;
};

int RunJobs(const JobsArgs& a) {
  std::optional<job::JobStatus> want;
  if (!a.status.empty()) {
    for (const char* s : {"InProgress", "Completed", "Failed", "Stopping", "Stopped"}) {
      std::string lower_a = a.status, lower_s = s;
      for (auto* p : {&lower_a, &lower_s})
        for (char& c : *p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower_a == lower_s) want = job::ParseJobStatus(s);
    }
    if (!want)
      return ReportError(Status::Input("--status '" + a.status +
                                       "': expected one of InProgress, Completed, Failed, Stopping, Stopped"));
  }
  auto listed = job::ListJobs(a.dir);
  if (!listed.ok()) return ReportError(listed.status());
  std::vector<job::JobRecord> jobs;
  for (auto& j : *listed)
    if (!want || j.status == *want) jobs.push_back(std::move(j));
  std::stable_sort(jobs.begin(), jobs.end(), [](const job::JobRecord& x, const job::JobRecord& y) {
    auto tx = job::ParseIsoTime(x.creation_time), ty = job::ParseIsoTime(y.creation_time);
    if (tx.has_value() != ty.has_value()) return tx.has_value();
    if (tx && *tx != *ty) return *tx > *ty;
    return x.name < y.name;
  });
  if (a.json) {
    nlohmann::ordered_json o;
    o["schema"] = "modelgate.jobs/v1";
    o["jobs"] = nlohmann::ordered_json::array();
    for (const auto& j : jobs) o["jobs"].push_back(job::JobSummaryToJson(j));
    fmt::print("{}\n", o.dump(2));
    return 0;
  }
  if (jobs.empty()) {
    fmt::print("no training jobs{} under {}\n", want ? std::string(" with status ") + job::JobStatusName(*want) : "", a.dir);
    return 0;
  }
  size_t w = 4;
  for (const auto& j : jobs) w = std::max(w, j.name.size());
  fmt::print("{:<{}}  {:<10}  {:<24}  {}\n", "NAME", w, "STATUS", "CREATED", "DURATION");
  for (const auto& j : jobs)
    fmt::print("{:<{}}  {:<10}  {:<24}  {}\n", j.name, w, job::JobStatusName(j.status),
               j.creation_time.empty() ? "-" : j.creation_time, job::FormatDuration(job::JobDuration(j)));
  return 0;
}

}  // namespace

void AddJobsCommand(CLI::App& app, Runner& runner) {
  auto args = std::make_shared<JobsArgs>();
  CLI::App* cmd = app.add_subcommand("jobs", "List training jobs (name, status, created, duration), newest first");
  cmd->add_option("dir", args->dir, "Folder of job folders and saved describe-training-job JSONs (default: .)");
  cmd->add_option("--status", args->status, "Only jobs with this status (InProgress, Completed, Failed, Stopping, Stopped)");
  cmd->add_flag("--json", args->json, "Print JSON (schema modelgate.jobs/v1)");
  cmd->callback([&runner, args] { runner.action = [args] { return RunJobs(*args); }; });
}

}  // namespace mg::cli
