#include "logs/logs.h"

#include <re2/re2.h>

#include <charconv>
#include <cctype>
#include <cmath>
#include <fstream>

namespace mg::logs {
namespace {

// "[12]..." at the start of a line (XGBoost round numbers), else -1.
int64_t LeadingStep(std::string_view line) {
  if (line.size() < 3 || line[0] != '[') return -1;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(line.data() + 1, line.data() + line.size(), v);
  if (ec != std::errc() || p == line.data() + 1 || p >= line.data() + line.size() || *p != ']') return -1;
  return v;
}

bool ParseNumber(std::string s, double* out) {
  while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  if (s.empty()) return false;
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "nan" || lower == "-nan") {
    *out = std::nan("");
    return true;
  }
  if (lower == "inf" || lower == "+inf" || lower == "infinity") {
    *out = INFINITY;
    return true;
  }
  if (lower == "-inf" || lower == "-infinity") {
    *out = -INFINITY;
    return true;
  }
  const char* b = s.data();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string Replace(std::string_view in, std::string_view from, std::string_view to) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t hit = in.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(in.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
  }
  out.append(in.substr(pos));
  return out;
}

}  // namespace

struct MetricExtractor::Impl {
  std::vector<std::pair<std::string, std::unique_ptr<RE2>>> defs;
};

MetricExtractor::MetricExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MetricExtractor::MetricExtractor(MetricExtractor&&) noexcept = default;
MetricExtractor& MetricExtractor::operator=(MetricExtractor&&) noexcept = default;
MetricExtractor::~MetricExtractor() = default;

Result<MetricExtractor> MetricExtractor::Create(const std::vector<job::MetricDefinition>& defs) {
  auto impl = std::make_unique<Impl>();
  RE2::Options opt;
  opt.set_log_errors(false);
  for (const auto& d : defs) {
    auto re = std::make_unique<RE2>(d.regex, opt);
    if (!re->ok()) return Status::Input("metric definition '" + d.name + "': invalid regex: " + re->error());
    if (re->NumberOfCapturingGroups() < 1)
      return Status::Input("metric definition '" + d.name + "': regex has no capture group for the value");
    impl->defs.emplace_back(d.name, std::move(re));
  }
  return MetricExtractor(std::move(impl));
}

void MetricExtractor::AddLine(std::string_view raw) {
  ++metrics_.lines;
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  std::string cw = raw.find('\t') != std::string_view::npos ? Replace(raw, "\t", "#011") : std::string(raw);
  std::string tabbed;  // built lazily
  int64_t step = LeadingStep(raw);
  for (auto& [name, re] : impl_->defs) {
    std::string cap;
    bool hit = RE2::PartialMatch(cw, *re, &cap);
    if (!hit && cw.find("#011") != std::string::npos) {
      if (tabbed.empty()) tabbed = Replace(cw, "#011", "\t");
      hit = RE2::PartialMatch(tabbed, *re, &cap);
    }
    if (!hit) continue;
    double v = 0;
    if (!ParseNumber(cap, &v)) {
      ++metrics_.unparsed;
      continue;
    }
    Series& s = metrics_.series[name];
    s.name = name;
    int64_t& n = counts_[name];
    s.points.push_back({step >= 0 ? step : n, v});
    ++n;
  }
}

Status MetricExtractor::AddFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Input(path + ": cannot open log file");
  std::string line;
  while (std::getline(in, line)) AddLine(line);
  if (in.bad()) return Status::Input(path + ": read failed");
  return Status::Ok();
}

}  // namespace mg::logs
