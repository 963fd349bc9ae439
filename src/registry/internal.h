// Pieces shared by the registry backends (not part of the public API).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "registry/registry.h"

namespace mg::registry::internal {

// Input checks common to both backends (group name, digests, who/reason).
Status ValidateNewVersion(const NewVersion& v);
Status ValidateGroupName(const std::string& group);
Status ValidateChange(const std::string& who, const std::string& reason);
// The transition rule of registry.h; names group and version in the error.
Status CheckTransition(const std::string& group, int64_t version, ApprovalStatus from,
                       ApprovalStatus to);
// Current UTC time, ISO 8601 with milliseconds and a trailing Z.
std::string NowUtc();
std::string MetricsToJson(const std::map<std::string, double>& m);
Result<std::map<std::string, double>> MetricsFromJson(const std::string& s);
// "postgresql://user:secret@h/db" -> "postgresql://user:***@h/db".
std::string MaskPassword(const std::string& url);
// "<group> version <n>" as used in messages.
std::string Name(const std::string& group, int64_t version);

// Called by Register() after every row is written and before COMMIT; tests set it to kill
// the process there to prove that a crash leaves no half version. Empty by default.
void SetBeforeCommitHookForTesting(std::function<void()> hook);
void RunBeforeCommitHook();


}  // namespace mg::registry::internal
