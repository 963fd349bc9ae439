// Helpers shared by the report renderers (internal to src/report; not a public API).
//
// Contract:
//  - Outcomes are the policy's (policy::Outcome: passed, failed, warned, skipped); symbols and
//    names come from report/checks.h and policy.h, so there is one vocabulary.
//  - Escape functions produce text safe inside HTML/XML element content and attribute values.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "report/checks.h"
#include "report/report.h"

namespace mg::report::internal {

using Outcome = policy::Outcome;
inline Outcome CheckOutcome(const policy::Check& c) { return c.outcome; }
inline const char* OutcomeName(Outcome o) { return policy::OutcomeName(o); }  // "passed", ...
inline const char* OutcomeSymbol(Outcome o) { return report::OutcomeSymbol(o); }  // ✅ ❌ ⚠️ ⏭️

// "Accuracy", "AUC-ROC", ...; unknown names are returned as given.
std::string PrettyMetric(const std::string& name);
// 4 decimals for metric values, "missing" for none.
std::string FormatValue(const std::optional<double>& v);
// JSON number, or "NaN" / "Infinity" / "-Infinity" strings.
nlohmann::ordered_json JsonNumber(double v);

std::string XmlEscape(const std::string& s);  // & < > " '
// Removes bytes that XML 1.0 forbids (control characters except tab/newline/CR).
std::string XmlClean(const std::string& s);

// Counts of checks by outcome.
struct Tally {
  size_t passed = 0, failed = 0, warned = 0, skipped = 0;
};
Tally CountChecks(const Report& r);

// "the model meets the policy; register it." and the like (no "Decision:" prefix).
std::string VerdictExplanation(const Report& r);

// Seconds between two ISO 8601 UTC timestamps ("2026-11-30T10:00:00.000Z"); nullopt when
// either does not parse.
std::optional<double> SecondsBetween(const std::string& start, const std::string& end);
// "1 min 51 s", "12 s", "2 h 3 min".
std::string FormatDuration(double seconds);

}  // namespace mg::report::internal
