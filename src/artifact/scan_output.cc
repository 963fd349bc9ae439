// ScanReport as JSON and as a readable tree.
#include <fmt/core.h>

#include <map>

#include "artifact/scan.h"

namespace mg::artifact {

nlohmann::json ScanToJson(const ScanReport& r) {
  nlohmann::json j;
  j["verdict"] = r.verdict;
  j["path"] = r.path;
  j["sha256"] = r.sha256;
  j["format"] = r.format;
  j["model"] = r.model;
  j["total_size"] = r.total_size;
  j["members"] = nlohmann::json::array();
  for (const auto& m : r.members) {
    nlohmann::json x{{"path", m.path}, {"type", m.type}, {"size", m.size}};
    if (!m.sha256.empty()) x["sha256"] = m.sha256;
    if (!m.format.empty()) x["format"] = m.format;
    if (!m.detail.empty()) x["detail"] = m.detail;
    if (!m.link_target.empty()) x["link_target"] = m.link_target;
    j["members"].push_back(std::move(x));
  }
  j["findings"] = nlohmann::json::array();
  for (const auto& f : r.findings) {
    j["findings"].push_back({{"severity", pickle::SeverityName(f.severity)},
                             {"kind", pickle::FindingKindName(f.kind)},
                             {"member", f.member},
                             {"detail", f.detail}});
  }
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

std::string RenderScanTree(const ScanReport& r) {
  std::string out = fmt::format("{}  ({}{}{})\n", r.path, r.format,
                                r.sha256.empty() ? "" : ", sha256 " + r.sha256.substr(0, 16),
                                fmt::format(", {} members, {} bytes", r.members.size(), r.total_size));
  std::multimap<std::string, const pickle::Finding*> by_member;
  for (const auto& f : r.findings) by_member.emplace(f.member, &f);
  auto show = [&](const std::string& member, const std::string& indent) {
    auto [lo, hi] = by_member.equal_range(member);
    for (auto it = lo; it != hi; ++it) {
      const auto* f = it->second;
      if (f->severity == pickle::Severity::kInfo && f->detail.starts_with("allowlisted")) continue;
      out += fmt::format("{}! {} {}: {}\n", indent, pickle::SeverityName(f->severity),
                         pickle::FindingKindName(f->kind), f->detail);
    }
  };
  show("", "  ");
  for (size_t i = 0; i < r.members.size(); ++i) {
    const auto& m = r.members[i];
    bool last = i + 1 == r.members.size();
    std::string p = m.path;
    while (p.rfind("./", 0) == 0) p = p.substr(2);
    for (size_t k; (k = p.find(":./")) != std::string::npos;) p.erase(k + 1, 2);
    int depth = 0;
    for (char ch : p) depth += ch == '/' || ch == ':';
    if (!p.empty() && p.back() == '/') --depth;
    std::string pad(static_cast<size_t>(std::max(depth, 0)) * 2, ' ');
    std::string what = m.type == "file" ? fmt::format("{} bytes  {}", m.size, m.format)
                                        : m.type + (m.link_target.empty() ? "" : " -> " + m.link_target);
    out += fmt::format("{}{}{}  {}{}\n", last ? "└── " : "├── ", pad, m.path, what,
                       m.path == r.model ? "  [model]" : "");
    show(m.path, std::string(last ? "    " : "│   ") + pad + "  ");
  }
  std::map<std::string, int> counts;
  for (const auto& f : r.findings) {
    if (f.severity >= pickle::Severity::kLow) ++counts[pickle::SeverityName(f.severity)];
  }
  std::string summary;
  for (const char* s : {"critical", "high", "medium", "low"}) {
    if (counts[s]) summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", counts[s], s);
  }
  out += fmt::format("verdict: {}{}{}\n", r.verdict, summary.empty() ? "" : " (" + summary + ")",
                     r.error.empty() ? "" : ": " + r.error);
  return out;
}

}  // namespace mg::artifact
