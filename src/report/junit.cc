// junit.xml: one testcase per check, in the JUnit XML dialect CI systems read (Jenkins / Ant
// schema, tests/report/junit.xsd). A failed check is a <failure> with its reason, a warning is
// <system-out>, a skipped check <skipped>; a run that ended in an error is one <error> testcase
// ("validate") so CI never shows green for it.
#include <fmt/format.h>

#include "report/common.h"
#include "report/report.h"

namespace mg::report {
namespace {

std::string Esc(const std::string& s) { return internal::XmlEscape(internal::XmlClean(s)); }

}  // namespace

std::string RenderJunit(const Report& r) {
  const std::string suite = r.job ? r.job->name : std::string("modelgate");
  double total_time = 0;
  for (const auto& t : r.timings) total_time += t.seconds;
  std::string cases;
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  if (r.checks) {
    for (const auto& c : r.checks->checks) {
      ++tests;
      internal::Outcome o = internal::CheckOutcome(c);
      std::string value = internal::FormatValue(c.value);
      cases += fmt::format("    <testcase name=\"{}\" classname=\"modelgate.policy\" time=\"0\"", Esc(c.name));
      std::string body;
      switch (o) {
        case internal::Outcome::kPassed: break;
        case internal::Outcome::kFailed:
          ++failures;
          body = fmt::format("      <failure message=\"{}\" type=\"threshold\">{} = {}, required {}</failure>\n",
                             Esc(c.reason.empty() ? "check failed" : c.reason), Esc(c.name), Esc(value), Esc(c.threshold));
          break;
        case internal::Outcome::kWarned:
          body = fmt::format("      <system-out>warning: {} ({} = {}, required {})</system-out>\n", Esc(c.reason),
                             Esc(c.name), Esc(value), Esc(c.threshold));
          break;
        case internal::Outcome::kSkipped:
          ++skipped;
          body = fmt::format("      <skipped message=\"{}\"/>\n", Esc(c.reason));
          break;
      }
      cases += body.empty() ? "/>\n" : ">\n" + body + "    </testcase>\n";
    }
  }
  if (r.decision == "error") {
    ++tests;
    ++errors;
    std::string detail;
    for (const auto& l : r.log_tail) detail += l + "\n";
    cases += fmt::format(
        "    <testcase name=\"validate\" classname=\"modelgate\" time=\"0\">\n"
        "      <error message=\"{}\" type=\"{}\">{}</error>\n    </testcase>\n",
        Esc(r.error.message()), r.error.code() == Status::Code::kJobNotUsable ? "job_not_usable" : "error", Esc(detail));
  }
  std::string props;
  props += fmt::format("      <property name=\"decision\" value=\"{}\"/>\n", Esc(r.decision));
  if (r.policy) props += fmt::format("      <property name=\"policy\" value=\"{}\"/>\n", Esc(r.policy->source));
  if (r.artifact) props += fmt::format("      <property name=\"artifact_sha256\" value=\"{}\"/>\n", Esc(r.artifact->listing.sha256));
  std::string findings;
  for (const auto& f : r.findings)
    findings += fmt::format("{}: {}{} [{}]\n", f.severity, f.member.empty() ? "" : f.member + ": ", f.detail, f.kind);
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"modelgate\" tests=\"{0}\" failures=\"{1}\" errors=\"{2}\" time=\"{4:.3f}\">\n"
      "  <testsuite name=\"{5}\" tests=\"{0}\" failures=\"{1}\" errors=\"{2}\" skipped=\"{3}\" time=\"{4:.3f}\" "
      "hostname=\"localhost\" timestamp=\"{6}\" id=\"0\" package=\"modelgate\">\n"
      "    <properties>\n{7}    </properties>\n{8}"
      "    <system-out>{9}</system-out>\n    <system-err></system-err>\n"
      "  </testsuite>\n</testsuites>\n",
      tests, failures, errors, skipped, total_time, Esc(suite),
      r.job && !r.job->creation_time.empty() ? Esc(r.job->creation_time.substr(0, 19)) : "1970-01-01T00:00:00", props,
      cases, Esc(findings + "Decision: " + r.decision + " - " + internal::VerdictExplanation(r)));
}

}  // namespace mg::report
