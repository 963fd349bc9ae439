// Failure diagnosis: why did a training job fail, and what should the user do about it?
//
// Contract:
//  - Rules are data: a YAML file with a list `rules:` of {id, category, pattern, advice} and
//    optional `where` (any | reason | log; default any) and `completed` (bool; default false:
//    whether the rule also flags a job whose status is Completed). `pattern` is RE2 syntax,
//    matched against one line at a time (PartialMatch). The built-in table (src/job/rules.yaml)
//    is compiled into the binary; LoadRules(text) of a user file (--rules FILE) is merged in
//    front of it: a user rule with a built-in's id replaces it in place, a new id is tried
//    before every built-in. Errors name the file, line and field (yaml positions).
//  - Diagnose() looks at, in this order: FailureReason (line by line), the failure file, the
//    SecondaryStatus ("SecondaryStatus: Interrupted") and transition messages -- the "reason"
//    texts -- and, only when no rule matched those, the log tail. Within a pass, the first rule
//    in table order that matches wins; every other matching rule is kept as a secondary finding.
//  - Nothing matched: category "unknown", with the lines that matter (error-looking lines of
//    the tail, or its last lines). A Python traceback anywhere is parsed whatever the category:
//    the exception line and the last frame in the user's code (outside site-packages).
//  - CheckCompleted() applies only the rules marked `completed: true` to the log tail of a
//    Completed job (no model saved, crash after training...), plus a truncated-training check.
//  - Never fails on odd input: any text is valid input.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "job/job.h"

namespace mg::job {

struct Rule {
  std::string id;
  std::string category;  // s3_permission, missing_data, malformed_data, script_error, ...
  std::string pattern;
  std::string advice;
  std::string where = "any";  // any | reason | log
  bool completed = false;
  std::string origin;  // "builtin" or the file:line it came from
};

class RuleSet {
 public:
  RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();
  const std::vector<Rule>& rules() const;

  // Parses and compiles a rules YAML (source names it in errors).
  static Result<RuleSet> Parse(const std::string& yaml_text, const std::string& source);
  // The table compiled into the binary.
  static const RuleSet& Builtin();
  // `overrides` in front of `base`, replacing rules with the same id in place.
  static RuleSet Merge(const RuleSet& overrides, const RuleSet& base);

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// The built-in table plus, when path is not empty, the user's file in front of it.
Result<RuleSet> LoadRules(const std::string& user_rules_path);

struct Finding {
  std::string rule_id;
  std::string category;
  std::string advice;
  std::string where;     // "FailureReason", "failure file", "SecondaryStatus", "log"
  std::string evidence;  // the line that matched
};

struct Diagnosis {
  std::string category = "unknown";  // the primary finding's, or "unknown" / "none"
  std::string reason_kind;           // AlgorithmError, ClientError, CapacityError, ... or empty
  std::string summary;               // one line: what happened
  std::vector<Finding> findings;     // primary first; one per rule
  std::string exception;             // "KeyError: 'label'" (Python traceback), else empty
  std::string user_frame;            // 'File "/opt/ml/code/train.py", line 42, in main: <code>'
  std::vector<std::string> lines;    // the lines that matter (bounded)
};

struct DiagnosisInput {
  std::vector<std::string> log_tail;  // the last lines of the logs, oldest first
  std::string failure_file;           // /opt/ml/output/failure contents, when known
};

Diagnosis Diagnose(const JobRecord& job, const DiagnosisInput& in, const RuleSet& rules);

// For a Completed job: findings of the `completed: true` rules on the log tail, and a
// "truncated" finding when the logs' last round is below num_round - 1 without early stopping
// (last_round < 0: unknown, not checked). category is "none" when nothing was found.
Diagnosis CheckCompleted(const JobRecord& job, const DiagnosisInput& in, const RuleSet& rules, long last_round,
                         bool early_stopped);

}  // namespace mg::job
