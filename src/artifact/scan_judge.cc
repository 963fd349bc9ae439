#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "artifact/archive.h"
#include "artifact/format.h"
#include "artifact/scan_internal.h"
#include "pickle/compress.h"
#include "pickle/safety.h"

namespace mg::artifact {
namespace {
using pickle::FindingKind;
using pickle::Severity;

std::string BaseName(const std::string& p) {
  auto s = p.rfind('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

std::string Strip(std::string p) {
  while (p.rfind("./", 0) == 0) p = p.substr(2);
  return p;
}

// Resolves target relative to the link's folder; false when it climbs above the root.
bool StaysInside(const std::string& link, const std::string& target) {
  if (target.empty() || target[0] == '/') return false;
  std::vector<std::string> parts;
  std::string dir = Strip(link);
  auto slash = dir.rfind('/');
  dir = slash == std::string::npos ? "" : dir.substr(0, slash);
  std::stringstream ss(dir + "/" + target);
  std::string p;
  while (std::getline(ss, p, '/')) {
    if (p.empty() || p == ".") continue;
    if (p == "..") {
      if (parts.empty()) return false;
      parts.pop_back();
    } else {
      parts.push_back(p);
    }
  }
  return true;
}

bool IsModelFormat(const std::string& f) {
  static const std::vector<std::string> k = {
      "xgboost-binary", "xgboost-json", "xgboost-ubjson", "pickled-booster", "pickle", "joblib",
      "torch-zip", "torch-legacy", "onnx", "tf-saved-model", "safetensors", "lightgbm-text", "hdf5"};
  return std::find(k.begin(), k.end(), f) != k.end();
}

void CheckRequirements(ScanCtx& c, const std::string& member, std::string_view data) {
  std::stringstream ss{std::string(data.substr(0, 1 << 20))};
  std::string line;
  bool flagged = false;
  while (std::getline(ss, line)) {
    static const char* kRemote[] = {"--index-url", "--extra-index-url", "-i ", "--find-links",
                                    "-f ", "git+", "http://", "https://", "file:", "-e ", "@ "};
    for (const char* k : kRemote) {
      if (line.find(k) != std::string::npos && line.rfind("#", 0) != 0) {
        c.Add(Severity::kMedium, FindingKind::kSafety, member,
              fmt::format("installs from outside PyPI at serving time: '{}'", line.substr(0, 120)));
        flagged = true;
        break;
      }
    }
  }
  if (!flagged) {
    c.Add(Severity::kLow, FindingKind::kStructure, member, "requirements installed at serving time");
  }
}

}  // namespace

void ScanCtx::Add(Severity s, FindingKind k, const std::string& member, std::string detail) {
  r.findings.push_back(pickle::Finding{s, k, member, std::move(detail)});
}

void ScanCtx::Invalid(std::string why) {
  if (!invalid) r.error = why;
  invalid = true;
  Add(Severity::kHigh, FindingKind::kStructure, "", std::move(why));
}

bool ScanCtx::Count(uint64_t n, const std::string& member) {
  total += n;
  if (total <= cap) return true;
  if (!capped) {
    Add(Severity::kHigh, FindingKind::kSafety, member,
        fmt::format("decompression bomb: more than {} decompressed bytes (cap: max {} bytes, "
                    "ratio {}); reading stopped", cap, lim.max_total_bytes, lim.max_ratio));
  }
  capped = true;
  return false;
}

void CheckEntry(ScanCtx& c, const ScannedMember& m, const std::string& name, int depth) {
  (void)depth;
  if (IsUnsafeMemberPath(name)) {
    c.Add(Severity::kCritical, FindingKind::kSafety, m.path,
          "absolute or '..' path: extraction would write outside the model folder");
  }
  if (m.type == "symlink" || m.type == "hardlink") {
    bool inside = m.type == "hardlink" ? !IsUnsafeMemberPath(m.link_target)
                                       : StaysInside(name, m.link_target);
    if (inside) {
      c.Add(Severity::kLow, FindingKind::kStructure, m.path,
            fmt::format("{} to '{}' (stays inside the archive)", m.type, m.link_target));
    } else {
      c.Add(Severity::kHigh, FindingKind::kSafety, m.path,
            fmt::format("{} points outside the model folder: '{}'", m.type, m.link_target));
    }
  }
  if (m.type == "device" || m.type == "fifo") {
    c.Add(Severity::kHigh, FindingKind::kSafety, m.path, m.type + " file in a model artifact");
  }
}

void JudgeFile(ScanCtx& c, ScannedMember& m, std::string_view data, bool cut, int depth) {
  std::string base = BaseName(m.path);
  FormatInfo f = DetectFormat(data.substr(0, 1 << 20), std::max<uint64_t>(m.size, data.size()), base);
  m.format = ContentFormatName(f.format);
  m.detail = f.detail;
  if (!f.problem.empty()) {
    c.Add(Severity::kMedium, FindingKind::kStructure, m.path, "malformed " + m.format + ": " + f.problem);
  }
  bool nested_archive = f.format == ContentFormat::kArchive || f.format == ContentFormat::kTorchZip;
  if (nested_archive) {
    if (depth + 1 > c.lim.max_depth) {
      c.Add(Severity::kMedium, FindingKind::kSafety, m.path, "nested archive too deep to inspect");
    } else if (cut) {
      c.Add(Severity::kMedium, FindingKind::kSafety, m.path, "nested archive larger than the member cap; not inspected");
    } else {
      if (f.format == ContentFormat::kArchive) {
        c.Add(Severity::kInfo, FindingKind::kStructure, m.path, "nested archive (inspected below)");
      }
      ScanArchiveMemory(c, data, m.path + ":", depth + 1);
    }
    return;
  }
  if (IsExecutableFormat(f.format)) {
    if (cut) {
      c.Add(Severity::kHigh, FindingKind::kSafety, m.path,
            fmt::format("{} larger than the {} byte analysis cap: not shown safe", m.format, c.lim.max_member_bytes));
      return;
    }
    pickle::AnalyseOptions o;
    o.max_decompressed = std::min<uint64_t>(c.lim.max_member_bytes, c.cap);
    for (auto& fd : pickle::AnalysePickle(data, o)) {
      fd.member = m.path;
      c.r.findings.push_back(std::move(fd));
    }
    bool top = Strip(m.path).find('/') == std::string::npos;
    if (top && base.find('.') == std::string::npos && depth == 0) {
      c.Add(Severity::kInfo, FindingKind::kStructure, m.path,
            "extensionless pickle: SageMaker's XGBoost container runs pickle.load on it");
    }
    return;
  }
  if (f.format == ContentFormat::kCompressed) {
    c.Add(Severity::kLow, FindingKind::kStructure, m.path, f.detail + " of unknown content");
  }
  if (base == "requirements.txt") {
    CheckRequirements(c, m.path, data);
  } else if (f.format == ContentFormat::kPythonCode) {
    c.Add(Severity::kLow, FindingKind::kStructure, m.path,
          "Python code: runs at serving time (inference handler)");
  } else if (base == "config.json" && data.find("\"auto_map\"") != std::string_view::npos) {
    c.Add(Severity::kMedium, FindingKind::kSafety, m.path,
          "auto_map: loading requires trust_remote_code (runs code shipped with the model)");
  }
}

void Conclude(ScanCtx& c, bool archive) {
  ScanReport& r = c.r;
  for (const auto& m : r.members) r.total_size += m.type == "file" ? m.size : 0;
  if (!c.invalid && archive) {
    bool any_file = false;
    const ScannedMember* top_model = nullptr;
    const ScannedMember* deep_model = nullptr;
    std::map<std::string, int> tops;
    for (const auto& m : r.members) {
      if (m.path.find(':') != std::string::npos) continue;  // inside a nested archive
      std::string p = Strip(m.path);
      auto slash = p.find('/');
      if (slash != std::string::npos) ++tops[p.substr(0, slash)];
      if (m.type != "file") continue;
      any_file = true;
      if (!IsModelFormat(m.format)) continue;
      if (slash == std::string::npos && !BaseName(p).starts_with(".")) {
        if (!top_model) top_model = &m;
      } else if (!deep_model) {
        deep_model = &m;
      }
    }
    if (r.members.empty() || !any_file) {
      c.Invalid(r.path + ": empty archive (no files)");
    } else if (top_model) {
      r.model = top_model->path;
    } else if (deep_model) {
      r.model = deep_model->path;
      std::string p = Strip(deep_model->path);
      if (tops.size() == 1 && p.find('/') != std::string::npos &&
          deep_model->format != "tf-saved-model") {
        c.Add(Severity::kMedium, FindingKind::kStructure, deep_model->path,
              fmt::format("model under an extra top folder '{}/': SageMaker expects it at the root",
                          p.substr(0, p.find('/'))));
      }
    } else {
      c.Invalid(r.path + ": no model file found (by content) among " +
                std::to_string(r.members.size()) + " members");
    }
  } else if (!c.invalid && !r.members.empty()) {
    if (IsModelFormat(r.members[0].format)) r.model = r.members[0].path;
    else c.Invalid(r.path + ": not a model file (" + r.members[0].format + ")");
  }
  if (c.invalid) {
    r.verdict = "invalid";
  } else {
    r.verdict = pickle::MaxSeverity(r.findings, FindingKind::kSafety) >= Severity::kMedium ? "unsafe" : "clean";
  }
}

}  // namespace mg::artifact
