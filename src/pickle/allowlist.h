// Internal: the verdict on one global (module, qualified name).
#pragma once

#include <string>

#include "pickle/finding.h"

namespace mg::pickle::detail {

struct GlobalVerdict {
  bool allowed = false;         // on the allowlist: no finding
  Severity severity = Severity::kMedium;
  std::string reason;           // why (for non-allowed)
};

GlobalVerdict JudgeGlobal(const std::string& module, const std::string& name);
// Globals that deserialize their bytes argument as a pickle (analysed recursively).
bool IsPickleLoader(const std::string& module, const std::string& name);

}  // namespace mg::pickle::detail
