// Finding: one observation about an artifact, shared by the pickle analysis and the artifact
// inspection.
//
// Contract:
//  - severity orders findings; kind says whether it is about safety (something could run or
//    escape) or structure (layout and well-formedness that does not by itself run anything).
//  - member is the archive member the finding concerns; analysers of a single byte stream
//    leave it empty and the caller fills it in.
//  - detail is one line, names what was found and where (offsets), e.g.
//    "os.system (GLOBAL at offset 2) called via REDUCE at offset 21".
#pragma once

#include <string>
#include <vector>

namespace mg::pickle {

enum class Severity { kInfo = 0, kLow = 1, kMedium = 2, kHigh = 3, kCritical = 4 };
enum class FindingKind { kSafety, kStructure };

const char* SeverityName(Severity s);      // "info" ... "critical"
const char* FindingKindName(FindingKind k);  // "safety" / "structure"

struct Finding {
  Severity severity = Severity::kInfo;
  FindingKind kind = FindingKind::kSafety;
  std::string member;
  std::string detail;
};

// The highest severity among findings of kind `kind` (kInfo when none).
Severity MaxSeverity(const std::vector<Finding>& findings, FindingKind kind);

}  // namespace mg::pickle
