// modelgate inspect ARTIFACT [--json]: what is inside a model artifact, and is it safe to load?
#include <fmt/core.h>

#include <memory>

#include "artifact/scan.h"
#include "cli/commands.h"

namespace mg::cli {
namespace {

struct InspectArgs {
  std::string artifact;
  bool json = false;
  artifact::ScanLimits limits;
  uint64_t max_total_mb = 4096;
  uint64_t max_member_mb = 1024;
};

int RunInspect(InspectArgs& a) {
  a.limits.max_total_bytes = a.max_total_mb << 20;
  a.limits.max_member_bytes = a.max_member_mb << 20;
  artifact::ScanReport r = artifact::ScanArtifact(a.artifact, a.limits);
  if (a.json) {
    fmt::print("{}\n", artifact::ScanToJson(r).dump(2));
  } else {
    fmt::print("{}", artifact::RenderScanTree(r));
  }
  return artifact::ScanExitCode(r);
}

}  // namespace

void AddInspectCommand(CLI::App& app, Runner& runner) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "inspect", "List what a model artifact holds and judge whether loading it is safe (never runs it)");
  cmd->add_option("artifact", args->artifact, "model.tar.gz / .tar / .zip, a folder, or a single model file")
      ->required();
  cmd->add_flag("--json", args->json, "Print {verdict, sha256, format, members, findings} as JSON");
  cmd->add_option("--max-total-mb", args->max_total_mb, "Stop reading after this many decompressed MiB")
      ->default_val(4096);
  cmd->add_option("--max-ratio", args->limits.max_ratio, "Stop when decompressed/compressed exceeds this")
      ->default_val(1000.0);
  cmd->add_option("--max-member-mb", args->max_member_mb, "Largest member analysed whole, in MiB")
      ->default_val(1024);
  cmd->callback([&runner, args] { runner.action = [args] { return RunInspect(*args); }; });
}

}  // namespace mg::cli
