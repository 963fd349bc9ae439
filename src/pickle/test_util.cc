#include "pickle/test_util.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <stdexcept>

#include "core/testing.h"

namespace mg::pickle::testing {
namespace fs = std::filesystem;

const std::string& FixtureDir() {
  static const std::string dir = [] {
    std::string script = mg::testing::SourcePath("src/pickle/testdata/make_fixtures.py");
    std::string text = mg::testing::ReadAll(script);
    if (text.empty()) throw std::runtime_error("cannot read " + script);
    std::string final_dir = fs::temp_directory_path().string() + "/modelgate-pickle-fixtures-" +
                            std::to_string(std::hash<std::string>{}(text));
    if (fs::exists(final_dir + "/manifest.json")) return final_dir;
    std::string tmp = final_dir + ".tmp" + std::to_string(::getpid());
    auto r = mg::testing::RunProgram({"/usr/bin/python3", script, tmp});
    if (r.exit_code != 0) throw std::runtime_error("make_fixtures.py failed: " + r.err);
    std::error_code ec;
    fs::rename(tmp, final_dir, ec);  // another test process may have won: fine
    if (ec) fs::remove_all(tmp, ec);
    return final_dir;
  }();
  return dir;
}

std::string Fixture(const std::string& name) {
  std::string data = mg::testing::ReadAll(FixtureDir() + "/" + name);
  if (data.empty()) throw std::runtime_error("missing fixture " + name);
  return data;
}

namespace {
std::string Le(uint64_t v, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}
}  // namespace

std::string Proto(int v) { return std::string("\x80", 1) + static_cast<char>(v); }
std::string Global(const std::string& m, const std::string& n) { return "c" + m + "\n" + n + "\n"; }
std::string Str(const std::string& s) {
  if (s.size() < 256) return std::string("\x8c", 1) + static_cast<char>(s.size()) + s;
  return "X" + Le(s.size(), 4) + s;
}
std::string Bytes(const std::string& b) {
  if (b.size() < 256) return "C" + std::string(1, static_cast<char>(b.size())) + b;
  return "B" + Le(b.size(), 4) + b;
}
std::string Int(int32_t v) { return "J" + Le(static_cast<uint32_t>(v), 4); }
std::string Put(uint8_t i) { return "q" + std::string(1, static_cast<char>(i)); }
std::string Get(uint8_t i) { return "h" + std::string(1, static_cast<char>(i)); }

Severity MaxSafety(const std::vector<Finding>& f) { return MaxSeverity(f, FindingKind::kSafety); }

bool Mentions(const std::vector<Finding>& f, const std::string& text) {
  for (const auto& x : f) {
    if (x.detail.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Dump(const std::vector<Finding>& f) {
  std::string s;
  for (const auto& x : f) {
    s += std::string(SeverityName(x.severity)) + " " + FindingKindName(x.kind) + ": " + x.detail + "\n";
  }
  return s;
}

}  // namespace mg::pickle::testing
