// `modelgate registry ...`: read and decide on the versions in the model registry.
//   groups | list GROUP | show GROUP VERSION | approve|reject GROUP VERSION --reason R [--by WHO]
//   | diff GROUP V1 V2 | export GROUP VERSION --sagemaker --evaluation-s3-uri URI [-o FILE]
// Every subcommand takes --json and --registry URL (env MODELGATE_REGISTRY, default
// sqlite:///./modelgate.db). Exit codes: 0 ok, 2 input error (unknown group/version, bad
// transition, bad URL), 4 internal error.
#include <fmt/core.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "cli/commands.h"
#include "core/env.h"
#include "registry/export.h"
#include "registry/registry.h"

namespace mg::cli {
namespace {

using registry::ApprovalStatus;

struct Common {
  std::string url{registry::kDefaultRegistryUrl};
  bool json = false;
};

struct Args {
  Common common;
  std::string group, by, reason, out, eval_uri;
  int64_t version = 0, v2 = 0;
  bool sagemaker = false;
  std::vector<std::string> content_types{"text/csv"}, response_types{"text/csv"};
};

std::string DefaultWho() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
  return "unknown";
}

void AddCommon(CLI::App* sub, Common& c) {
  sub->add_option("--registry", c.url, "Registry URL: sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB")
      ->envname("MODELGATE_REGISTRY")
      ->capture_default_str();
  sub->add_flag("--json", c.json, "Print JSON instead of text");
}

int PrintJson(const nlohmann::json& j) {
  fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  return 0;
}

std::string Opt(const std::optional<double>& x, bool sign = false) {
  if (!x) return "-";
  return sign ? fmt::format("{:+.6f}", *x) : fmt::format("{:.6f}", *x);
}

int Groups(registry::Registry& r, const Args& a) {
  auto groups = r.ListGroups();
  if (!groups.ok()) return ReportError(groups.status());
  if (a.common.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& g : *groups) j.push_back(registry::ToJson(g));
    return PrintJson(j);
  }
  if (groups->empty()) {
    fmt::print("no model groups in {}\n", r.DisplayUrl());
    return 0;
  }
  fmt::print("{:<32} {:>8} {:>7} {:>16}  {}\n", "GROUP", "VERSIONS", "LATEST", "LATEST APPROVED", "CREATED");
  for (const auto& g : *groups) {
    fmt::print("{:<32} {:>8} {:>7} {:>16}  {}\n", g.name, g.version_count, g.latest_version,
               g.latest_approved ? std::to_string(*g.latest_approved) : "-", g.created_at);
  }
  return 0;
}

int List(registry::Registry& r, const Args& a) {
  auto versions = r.ListVersions(a.group);
  if (!versions.ok()) return ReportError(versions.status());
  if (a.common.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& v : *versions) j.push_back(registry::ToJson(v));
    return PrintJson(j);
  }
  fmt::print("{:>7}  {:<21}  {:<24}  {:<12}  {}\n", "VERSION", "STATUS", "CREATED", "ARTIFACT", "JOB");
  for (const auto& v : *versions) {
    fmt::print("{:>7}  {:<21}  {:<24}  {:<12}  {}\n", v.version, registry::ToString(v.status),
               v.created_at, v.artifact_sha256.substr(0, 12), v.job_name);
  }
  return 0;
}

void PrintVersion(const registry::ModelVersion& v) {
  fmt::print("{} version {}: {}\n", v.group, v.version, registry::ToString(v.status));
  fmt::print("  created:          {}\n  job:              {}\n  training image:   {}\n", v.created_at,
             v.job_name, v.training_image);
  fmt::print("  artifact:         {}\n  artifact sha256:  {}\n  eval data sha256: {}\n", v.artifact_uri,
             v.artifact_sha256, v.eval_data_sha256);
  fmt::print("  policy sha256:    {}\n  metrics:\n", v.policy_sha256);
  for (const auto& [k, x] : v.metrics) fmt::print("    {:<24} {:.6f}\n", k, x);
  fmt::print("  history:\n");
  for (const auto& h : v.history) {
    fmt::print("    {}  {:<21}  by {}: {}\n", h.at, registry::ToString(h.status), h.by, h.reason);
  }
}

int Show(registry::Registry& r, const Args& a) {
  auto v = r.GetVersion(a.group, a.version);
  if (!v.ok()) return ReportError(v.status());
  if (a.common.json) return PrintJson(registry::ToJson(*v));
  PrintVersion(*v);
  return 0;
}

int Decide(registry::Registry& r, const Args& a, ApprovalStatus to) {
  auto before = r.GetVersion(a.group, a.version);
  if (!before.ok()) return ReportError(before.status());
  Status st = r.SetStatus(a.group, a.version, to, a.by.empty() ? DefaultWho() : a.by, a.reason);
  if (!st.ok()) return ReportError(st);
  auto after = r.GetVersion(a.group, a.version);
  if (!after.ok()) return ReportError(after.status());
  if (a.common.json) return PrintJson(registry::ToJson(*after));
  const auto& h = after->history.back();
  fmt::print("{} version {}: {} -> {} (by {}: {})\n", a.group, a.version,
             registry::ToString(before->status), registry::ToString(to), h.by, h.reason);
  return 0;
}

int Diff(registry::Registry& r, const Args& a) {
  auto v1 = r.GetVersion(a.group, a.version);
  if (!v1.ok()) return ReportError(v1.status());
  auto v2 = r.GetVersion(a.group, a.v2);
  if (!v2.ok()) return ReportError(v2.status());
  auto rows = registry::DiffMetrics(*v1, *v2);
  bool same_data = v1->eval_data_sha256 == v2->eval_data_sha256;
  if (a.common.json) {
    nlohmann::json m = nlohmann::json::array();
    for (const auto& d : rows) {
      auto opt = [](const std::optional<double>& x) { return x ? nlohmann::json(*x) : nlohmann::json(); };
      m.push_back({{"name", d.name}, {"v1", opt(d.v1)}, {"v2", opt(d.v2)}, {"delta", opt(d.delta)}});
    }
    return PrintJson({{"group", a.group},
                      {"v1", {{"version", a.version}, {"status", registry::ToString(v1->status)}}},
                      {"v2", {{"version", a.v2}, {"status", registry::ToString(v2->status)}}},
                      {"same_eval_data", same_data},
                      {"metrics", m}});
  }
  std::string h1 = fmt::format("v{} ({})", a.version, registry::ToString(v1->status));
  std::string h2 = fmt::format("v{} ({})", a.v2, registry::ToString(v2->status));
  fmt::print("{:<24} {:>28} {:>28} {:>12}\n", "METRIC", h1, h2, "DELTA");
  for (const auto& d : rows) {
    fmt::print("{:<24} {:>28} {:>28} {:>12}\n", d.name, Opt(d.v1), Opt(d.v2), Opt(d.delta, true));
  }
  if (!same_data) {
    fmt::print("warning: the versions were evaluated on different data (eval sha256 {} vs {}); "
               "the deltas compare different test sets\n",
               v1->eval_data_sha256.empty() ? "unknown" : v1->eval_data_sha256.substr(0, 12),
               v2->eval_data_sha256.empty() ? "unknown" : v2->eval_data_sha256.substr(0, 12));
  }
  return 0;
}

int Export(registry::Registry& r, const Args& a) {
  if (!a.sagemaker) return ReportError(Status::Input("registry export: choose a format (--sagemaker)"));
  if (a.eval_uri.empty()) {
    return ReportError(Status::Input(
        "registry export --sagemaker needs --evaluation-s3-uri s3://.../evaluation.json (where the "
        "evaluation report was uploaded; it becomes ModelMetrics.ModelQuality.Statistics.S3Uri)"));
  }
  auto v = r.GetVersion(a.group, a.version);
  if (!v.ok()) return ReportError(v.status());
  auto req = registry::SageMakerRequest(*v, {a.eval_uri, a.content_types, a.response_types});
  if (!req.ok()) return ReportError(req.status());
  std::string text = req->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (a.out.empty() || a.out == "-") {
    fmt::print("{}", text);
    return 0;
  }
  Status st = WriteFileAtomic(a.out, text);
  if (!st.ok()) return ReportError(st);
  if (!a.common.json) fmt::print(stderr, "wrote {} (aws sagemaker create-model-package --cli-input-json file://{})\n", a.out, a.out);
  return 0;
}

}  // namespace

void AddRegistryCommand(CLI::App& app, Runner& runner) {
  auto args = std::make_shared<Args>();
  CLI::App* reg = app.add_subcommand("registry", "Model registry: list, show, approve, reject, diff, export");
  reg->require_subcommand(1);

  auto bind = [&runner, args](CLI::App* sub, std::function<int(registry::Registry&, const Args&)> fn) {
    AddCommon(sub, args->common);
    sub->callback([&runner, args, fn] {
      runner.action = [args, fn] {
        auto r = registry::OpenRegistry(args->common.url);
        if (!r.ok()) return ReportError(r.status());
        return fn(**r, *args);
      };
    });
  };
  auto group = [args](CLI::App* sub) { sub->add_option("GROUP", args->group, "Model group")->required(); };
  auto version = [args](CLI::App* sub) {
    sub->add_option("VERSION", args->version, "Version number")->required()->check(CLI::PositiveNumber);
  };

  bind(reg->add_subcommand("groups", "List the model groups"), Groups);

  CLI::App* list = reg->add_subcommand("list", "List the versions of a group");
  group(list);
  bind(list, List);

  CLI::App* show = reg->add_subcommand("show", "Show one version: metrics, digests, history");
  group(show);
  version(show);
  bind(show, Show);

  for (auto [name, to] : {std::pair{"approve", ApprovalStatus::kApproved}, std::pair{"reject", ApprovalStatus::kRejected}}) {
    CLI::App* sub = reg->add_subcommand(name, fmt::format("Set a version's status to {}", registry::ToString(to)));
    group(sub);
    version(sub);
    sub->add_option("--reason", args->reason, "Why (recorded in the history)")->required();
    sub->add_option("--by", args->by, "Who decides (default: $USER)");
    bind(sub, [to](registry::Registry& r, const Args& a) { return Decide(r, a, to); });
  }

  CLI::App* diff = reg->add_subcommand("diff", "Compare the metrics of two versions (delta = V2 - V1)");
  group(diff);
  version(diff);
  diff->add_option("V2", args->v2, "Second version")->required()->check(CLI::PositiveNumber);
  bind(diff, Diff);

  CLI::App* exp = reg->add_subcommand("export", "Write the SageMaker CreateModelPackage request of a version");
  group(exp);
  version(exp);
  exp->add_flag("--sagemaker", args->sagemaker, "SageMaker Model Registry (create-model-package --cli-input-json)");
  exp->add_option("--evaluation-s3-uri", args->eval_uri, "S3 URI of the uploaded evaluation.json");
  exp->add_option("--content-type", args->content_types, "SupportedContentTypes (repeatable; default text/csv)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  exp->add_option("--response-type", args->response_types, "SupportedResponseMIMETypes (repeatable; default text/csv)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  exp->add_option("-o,--output", args->out, "Write to this file (atomically) instead of stdout");
  bind(exp, Export);
}

}  // namespace mg::cli
