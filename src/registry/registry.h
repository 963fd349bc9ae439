// Registry: model groups, their numbered versions and every approval decision about them.
//
// Contract:
//  - OpenRegistry(url) accepts `sqlite:///<path>` (the rest after "sqlite:///" is the file path:
//    `sqlite:///./modelgate.db` is relative, `sqlite:////var/lib/mg.db` absolute) and
//    `postgresql://user:pass@host:port/db` (also `postgres://`, any libpq URI parameters). It
//    creates or migrates the schema (table schema_version) and is safe to call from many
//    processes at once. Any other scheme is an Input error naming the accepted ones. Passwords
//    never appear in error messages.
//  - Register() allocates the next version number of the group (1, 2, 3... with no gaps and
//    no duplicates, even with many processes registering at once), creating the group on first
//    use, and stores the version, its initial status and the first history entry in ONE
//    transaction: a crash leaves either the whole version or nothing.
//  - Status history is append-only: SetStatus adds an entry and updates the current status;
//    nothing ever edits or deletes an entry (the schema refuses it with triggers).
//  - Transitions: PendingManualApproval -> Approved | Rejected, Approved <-> Rejected. Setting
//    the current status again, or going back to PendingManualApproval, is an Input error.
//    `who` and `reason` must be non-empty.
//  - Errors: unknown group, missing version, bad transition and bad input are Status::Input
//    (one line naming the group/version); database failures are Status::Internal.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace mg::registry {

// SageMaker's ModelApprovalStatus values, spelled as SageMaker spells them.
enum class ApprovalStatus { kPendingManualApproval, kApproved, kRejected };
std::string_view ToString(ApprovalStatus s);
// Accepts exactly the SageMaker spellings; the error lists them.
Result<ApprovalStatus> ParseApprovalStatus(std::string_view s);

inline constexpr std::string_view kDefaultRegistryUrl = "sqlite:///./modelgate.db";

// What the caller knows about a new version: plain data, nothing is read from disk.
struct NewVersion {
  std::string group;                  // [A-Za-z0-9-] , 1..63 chars, starts alphanumeric (SageMaker's rule)
  ApprovalStatus status = ApprovalStatus::kPendingManualApproval;
  std::string artifact_uri;           // e.g. s3://bucket/job/output/model.tar.gz
  std::string artifact_sha256;        // 64 lowercase hex digits, or empty when unknown
  std::string training_image;         // container image of the job (used by export --sagemaker)
  std::string job_name;
  std::string eval_data_sha256;       // 64 lowercase hex digits, or empty when unknown
  std::map<std::string, double> metrics;
  std::string policy_text;
  std::string policy_sha256;          // empty: computed from policy_text
  nlohmann::json report = nlohmann::json::object();
  std::string registered_by;          // who: empty -> "modelgate"
  std::string reason;                 // why the initial status; empty -> "registered"
};

struct StatusChange {
  ApprovalStatus status;
  std::string by;
  std::string at;                     // UTC, ISO 8601 with milliseconds: 2026-12-03T15:38:04.123Z
  std::string reason;
};

struct ModelVersion {
  std::string group;
  int64_t version = 0;
  ApprovalStatus status = ApprovalStatus::kPendingManualApproval;
  std::string artifact_uri, artifact_sha256, training_image, job_name, eval_data_sha256;
  std::map<std::string, double> metrics;
  std::string policy_text, policy_sha256;
  nlohmann::json report;
  std::string created_at;
  std::vector<StatusChange> history;  // oldest first; history.front() is the initial status
};

struct GroupSummary {
  std::string name;
  std::string created_at;
  int64_t version_count = 0;
  int64_t latest_version = 0;
  std::optional<int64_t> latest_approved;
};

class Registry {
 public:
  virtual ~Registry() = default;
  // Returns the new version number.
  virtual Result<int64_t> Register(const NewVersion& v) = 0;
  // Sorted by name.
  virtual Result<std::vector<GroupSummary>> ListGroups() = 0;
  // Sorted by version; full records. Unknown group -> Input error.
  virtual Result<std::vector<ModelVersion>> ListVersions(const std::string& group) = 0;
  virtual Result<ModelVersion> GetVersion(const std::string& group, int64_t version) = 0;
  virtual Status SetStatus(const std::string& group, int64_t version, ApprovalStatus status,
                           const std::string& who, const std::string& reason) = 0;
  // The highest-numbered Approved version (the baseline), nullopt when none (or no group yet).
  virtual Result<std::optional<ModelVersion>> LatestApproved(const std::string& group) = 0;
  // The URL with any password masked, for messages.
  virtual std::string DisplayUrl() const = 0;
};

Result<std::unique_ptr<Registry>> OpenRegistry(const std::string& url);

}  // namespace mg::registry
