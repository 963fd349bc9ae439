// Status and Result<T>: how every modelgate function reports failure.
//
// Contract:
//  - A Status is either OK or an error with a Code and a one-line message. The message names
//    what was wrong (file, field, line) and what was expected; callers may prefix context
//    with Annotate() but never rewrite it.
//  - Code maps onto the documented process exit codes (docs/cli.md): kInput -> 2,
//    kJobNotUsable -> 3, kInternal -> 4. kRejected (1) is never an error: it is a verdict.
//  - Result<T> holds a T or a non-OK Status. Accessing value() of an error Result aborts
//    (a programming error, not an input error).
#pragma once

#include <cstdlib>
#include <string>
#include <utility>
#include <variant>

namespace mg {

class Status {
 public:
  enum class Code { kOk = 0, kInput = 2, kJobNotUsable = 3, kInternal = 4 };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status Input(std::string msg) { return Status(Code::kInput, std::move(msg)); }
  static Status JobNotUsable(std::string msg) { return Status(Code::kJobNotUsable, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  int exit_code() const { return static_cast<int>(code_); }

  // Returns a copy whose message is "<context>: <message>".
  Status Annotate(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                 // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {           // NOLINT: implicit by design
    if (std::get<Status>(v_).ok()) std::abort();            // an OK status carries no value
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return checked(); }
  const T& value() const& { return const_cast<Result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->checked(); }
  T& operator*() & { return checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->checked(); }

 private:
  T& checked() {
    if (!ok()) std::abort();
    return std::get<T>(v_);
  }
  std::variant<T, Status> v_;
};

}  // namespace mg

// Propagates a non-OK Status from an expression yielding Status.
#define MG_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::mg::Status _mg_st = (expr);         \
    if (!_mg_st.ok()) return _mg_st;      \
  } while (0)

#define MG_CONCAT_INNER(a, b) a##b
#define MG_CONCAT(a, b) MG_CONCAT_INNER(a, b)
// MG_ASSIGN_OR_RETURN(auto x, Foo()); binds the value or returns the error.
#define MG_ASSIGN_OR_RETURN(lhs, rexpr) MG_ASSIGN_OR_RETURN_IMPL(MG_CONCAT(_mg_r_, __LINE__), lhs, rexpr)
#define MG_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                             \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
