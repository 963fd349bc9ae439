#include "registry/registry.h"

#include <fmt/core.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>

#include "core/sha256.h"
#include "registry/db.h"
#include "registry/internal.h"

namespace mg::registry {

std::string_view ToString(ApprovalStatus s) {
  switch (s) {
    case ApprovalStatus::kPendingManualApproval: return "PendingManualApproval";
    case ApprovalStatus::kApproved: return "Approved";
    case ApprovalStatus::kRejected: return "Rejected";
  }
  return "?";
}

Result<ApprovalStatus> ParseApprovalStatus(std::string_view s) {
  for (auto st : {ApprovalStatus::kPendingManualApproval, ApprovalStatus::kApproved,
                  ApprovalStatus::kRejected}) {
    if (s == ToString(st)) return st;
  }
  return Status::Input(fmt::format(
      "unknown approval status '{}' (expected PendingManualApproval, Approved or Rejected)", s));
}

Result<std::unique_ptr<Registry>> OpenRegistry(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite:///";
  if (url.starts_with(kSqlite)) {
    std::string path = url.substr(kSqlite.size());
    if (path.empty()) return Status::Input(fmt::format("registry URL '{}': no file path after sqlite:///", url));
    MG_ASSIGN_OR_RETURN(auto db, internal::OpenSqliteDb(url, path));
    return internal::OpenSqlRegistry(std::move(db));
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    MG_ASSIGN_OR_RETURN(auto db, internal::OpenPostgresDb(url));
    return internal::OpenSqlRegistry(std::move(db));
  }
  return Status::Input(fmt::format(
      "registry URL '{}': unsupported scheme (expected sqlite:///PATH or "
      "postgresql://USER:PASSWORD@HOST:PORT/DB)",
      internal::MaskPassword(url)));
}

namespace internal {

namespace {
bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}
std::function<void()>& Hook() {
  static std::function<void()> hook;
  return hook;
}
}  // namespace

Status ValidateGroupName(const std::string& g) {
  bool ok = !g.empty() && g.size() <= 63 && std::isalnum(static_cast<unsigned char>(g[0]));
  for (char c : g) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
  if (!ok) {
    return Status::Input(fmt::format(
        "model group name '{}' is invalid (expected 1-63 letters, digits or '-', starting with a "
        "letter or digit, as SageMaker requires)", g));
  }
  return Status::Ok();
}

Status ValidateChange(const std::string& who, const std::string& reason) {
  if (who.empty()) return Status::Input("the status change needs a non-empty 'by' (who)");
  if (reason.empty()) return Status::Input("the status change needs a non-empty reason");
  return Status::Ok();
}

Status ValidateNewVersion(const NewVersion& v) {
  MG_RETURN_IF_ERROR(ValidateGroupName(v.group));
  if (!v.artifact_sha256.empty() && !IsHex64(v.artifact_sha256)) {
    return Status::Input(fmt::format("artifact_sha256 '{}' is not 64 lowercase hex digits", v.artifact_sha256));
  }
  if (!v.eval_data_sha256.empty() && !IsHex64(v.eval_data_sha256)) {
    return Status::Input(fmt::format("eval_data_sha256 '{}' is not 64 lowercase hex digits", v.eval_data_sha256));
  }
  if (!v.policy_sha256.empty() && v.policy_sha256 != Sha256Hex(v.policy_text)) {
    return Status::Input("policy_sha256 does not match the sha256 of policy_text");
  }
  for (const auto& [name, value] : v.metrics) {
    if (name.empty()) return Status::Input("a metric has an empty name");
    if (!std::isfinite(value)) {
      return Status::Input(fmt::format("metric '{}' is not a finite number ({})", name, value));
    }
  }
  return Status::Ok();
}

Status CheckTransition(const std::string& group, int64_t version, ApprovalStatus from,
                       ApprovalStatus to) {
  if (from == to) {
    return Status::Input(fmt::format("{} is already {}", Name(group, version), ToString(to)));
  }
  if (to == ApprovalStatus::kPendingManualApproval) {
    return Status::Input(fmt::format(
        "{}: invalid transition {} -> PendingManualApproval (a decided version can only be "
        "Approved or Rejected)", Name(group, version), ToString(from)));
  }
  return Status::Ok();
}

std::string NowUtc() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

std::string MetricsToJson(const std::map<std::string, double>& m) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::map<std::string, double>> MetricsFromJson(const std::string& s) {
  auto j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Status::Internal("stored metrics are not a JSON object");
  std::map<std::string, double> m;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_number()) return Status::Internal(fmt::format("stored metric '{}' is not a number", k));
    m[k] = v.get<double>();
  }
  return m;
}

std::string MaskPassword(const std::string& url) {
  std::string out = url;
  // user:password@ in the authority
  auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    auto end = out.find_first_of("/?#", scheme + 3);
    auto at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
    auto colon = out.find(':', scheme + 3);
    if (at != std::string::npos && at > scheme && colon != std::string::npos && colon < at) {
      out = out.substr(0, colon + 1) + "***" + out.substr(at);
    }
  }
  // password=... in the query
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
    size_t v = p + 9, e = out.find('&', v);
    out.replace(v, (e == std::string::npos ? out.size() : e) - v, "***");
  }
  return out;
}

std::string Name(const std::string& group, int64_t version) {
  return fmt::format("model group '{}' version {}", group, version);
}

void SetBeforeCommitHookForTesting(std::function<void()> hook) { Hook() = std::move(hook); }
void RunBeforeCommitHook() {
  if (Hook()) Hook()();
}

}  // namespace internal
}  // namespace mg::registry
