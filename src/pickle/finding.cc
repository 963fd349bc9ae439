#include "pickle/finding.h"

#include <algorithm>

namespace mg::pickle {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "?";
}

const char* FindingKindName(FindingKind k) {
  return k == FindingKind::kSafety ? "safety" : "structure";
}

Severity MaxSeverity(const std::vector<Finding>& findings, FindingKind kind) {
  Severity m = Severity::kInfo;
  for (const auto& f : findings) {
    if (f.kind == kind) m = std::max(m, f.severity);
  }
  return m;
}

}  // namespace mg::pickle
