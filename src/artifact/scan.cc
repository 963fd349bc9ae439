#include "artifact/scan.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "artifact/archive.h"
#include "artifact/format.h"
#include "artifact/scan_internal.h"
#include "core/sha256.h"

namespace mg::artifact {
namespace {
namespace fs = std::filesystem;
using pickle::FindingKind;
using pickle::Severity;

struct Closer {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, Closer>;

ArchivePtr NewReader() {
  ArchivePtr a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  return a;
}

std::string TypeOf(archive_entry* e) {
  if (archive_entry_hardlink(e) != nullptr) return "hardlink";
  switch (archive_entry_filetype(e)) {
    case AE_IFREG: return "file";
    case AE_IFDIR: return "directory";
    case AE_IFLNK: return "symlink";
    case AE_IFCHR:
    case AE_IFBLK: return "device";
    case AE_IFIFO: return "fifo";
    default: return "other";
  }
}

std::string Strip(std::string p) {
  while (p.rfind("./", 0) == 0) p = p.substr(2);
  return p;
}

// Lists the member before what is nested in it, then judges its bytes.
void Judge(ScanCtx& c, ScannedMember m, std::string_view data, bool cut, int depth) {
  size_t idx = c.r.members.size();
  c.r.members.push_back(m);
  JudgeFile(c, m, data, cut, depth);
  c.r.members[idx].format = m.format;
  c.r.members[idx].detail = m.detail;
}

void WalkOpen(ScanCtx& c, archive* a, const std::string& prefix, int depth) {
  std::set<std::string> seen;
  std::vector<char> buf(1 << 16);
  for (;;) {
    archive_entry* e = nullptr;
    int rc = archive_read_next_header(a, &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      c.Invalid(fmt::format("{}corrupt or truncated archive{}: {}", prefix,
                            c.r.members.empty() ? "" : " after " + c.r.members.back().path,
                            archive_error_string(a) ? archive_error_string(a) : "?"));
      return;
    }
    if (c.r.members.size() >= c.lim.max_members) {
      c.Add(Severity::kHigh, FindingKind::kSafety, "",
            fmt::format("more than {} members; the rest was not read", c.lim.max_members));
      c.capped = true;
      return;
    }
    ScannedMember m;
    const char* raw = archive_entry_pathname(e);
    std::string name = raw ? raw : "";
    m.path = prefix + name;
    m.type = TypeOf(e);
    if (m.type == "symlink" && archive_entry_symlink(e)) m.link_target = archive_entry_symlink(e);
    if (m.type == "hardlink") m.link_target = archive_entry_hardlink(e);
    CheckEntry(c, m, name, depth);
    std::string key = Strip(name);
    while (!key.empty() && key.back() == '/') key.pop_back();
    if (!seen.insert(key).second) {
      c.Add(Severity::kMedium, FindingKind::kStructure, m.path,
            "duplicate member name: the last one wins on extraction");
    }
    if (m.type != "file") {
      c.r.members.push_back(std::move(m));
      continue;
    }
    std::string data;
    Sha256 h;
    bool cut = false;
    for (;;) {
      la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
      if (n < 0) {
        c.Invalid(fmt::format("{}: corrupt or truncated data: {}", m.path,
                              archive_error_string(a) ? archive_error_string(a) : "?"));
        c.r.members.push_back(std::move(m));
        return;
      }
      if (n == 0) break;
      uint64_t un = static_cast<uint64_t>(n);
      if (!c.Count(un, m.path)) {
        c.r.members.push_back(std::move(m));
        return;
      }
      h.Update(buf.data(), un);
      m.size += un;
      if (data.size() + un <= c.lim.max_member_bytes) {
        data.append(buf.data(), un);
      } else {
        cut = true;
      }
    }
    m.sha256 = h.HexDigest();
    Judge(c, std::move(m), data, cut, depth);
    if (c.capped) return;
  }
}

void ScanFolder(ScanCtx& c, const std::string& root) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    entries.push_back(it->path());
  }
  if (ec) c.Invalid(fmt::format("{}: cannot list folder: {}", root, ec.message()));
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    ScannedMember m;
    std::string rel = fs::relative(p, root, ec).generic_string();
    m.path = rel;
    auto st = fs::symlink_status(p, ec);
    if (fs::is_symlink(st)) {
      m.type = "symlink";
      m.link_target = fs::read_symlink(p, ec).string();
    } else if (fs::is_directory(st)) {
      m.type = "directory";
    } else if (fs::is_regular_file(st)) {
      m.type = "file";
    } else if (fs::is_fifo(st)) {
      m.type = "fifo";
    } else {
      m.type = fs::is_block_file(st) || fs::is_character_file(st) ? "device" : "other";
    }
    CheckEntry(c, m, rel, 0);
    if (m.type == "file") {
      std::ifstream in(p, std::ios::binary);
      std::string data;
      Sha256 h;
      bool cut = false;
      std::vector<char> buf(1 << 16);
      while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        uint64_t n = static_cast<uint64_t>(in.gcount());
        if (n == 0) break;
        if (!c.Count(n, m.path)) break;
        h.Update(buf.data(), n);
        m.size += n;
        if (data.size() + n <= c.lim.max_member_bytes) data.append(buf.data(), n); else cut = true;
      }
      m.sha256 = h.HexDigest();
      Judge(c, std::move(m), data, cut, 0);
    } else {
      c.r.members.push_back(std::move(m));
    }
    if (c.capped) break;
  }
}

}  // namespace

void ScanArchiveMemory(ScanCtx& c, std::string_view bytes, const std::string& prefix, int depth) {
  ArchivePtr a = NewReader();
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    c.Add(Severity::kMedium, FindingKind::kStructure, prefix,
          fmt::format("nested archive cannot be opened: {}",
                      archive_error_string(a.get()) ? archive_error_string(a.get()) : "?"));
    return;
  }
  WalkOpen(c, a.get(), prefix, depth);
}

ScanReport ScanArtifact(const std::string& path, const ScanLimits& limits) {
  ScanReport r;
  r.path = path;
  ScanCtx c{limits, r};
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    r.format = "folder";
    c.cap = limits.max_total_bytes;
    ScanFolder(c, path);
    Conclude(c, true);
    return r;
  }
  if (!fs::is_regular_file(path, ec)) {
    c.Invalid(path + ": not a file or folder");
    Conclude(c, true);
    return r;
  }
  uint64_t size = fs::file_size(path, ec);
  auto sha = Sha256File(path);
  if (sha.ok()) r.sha256 = sha.value();
  std::string head(std::min<uint64_t>(size, 1 << 20), '\0');
  {
    std::ifstream in(path, std::ios::binary);
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
  }
  FormatInfo f = DetectFormat(head, size, fs::path(path).filename().string());
  double ratio_cap = limits.max_ratio * static_cast<double>(std::max<uint64_t>(size, 1 << 20));
  c.cap = std::min<uint64_t>(limits.max_total_bytes, static_cast<uint64_t>(std::min(ratio_cap, 1e19)));
  bool archive_like = f.format == ContentFormat::kArchive || f.format == ContentFormat::kCompressed;
  if (!archive_like) {  // a single model file
    r.format = ContentFormatName(f.format);
    ScannedMember m;
    m.path = fs::path(path).filename().string();
    m.type = "file";
    m.size = size;
    m.sha256 = r.sha256;
    std::ifstream in(path, std::ios::binary);
    std::string bytes(std::min<uint64_t>(size, limits.max_member_bytes), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<size_t>(in.gcount()));
    c.total = bytes.size();
    Judge(c, std::move(m), bytes, bytes.size() < size, 0);
    Conclude(c, false);
    return r;
  }
  ArchivePtr a = NewReader();
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    c.Invalid(fmt::format("{}: not a readable archive: {}", path,
                          archive_error_string(a.get()) ? archive_error_string(a.get()) : "?"));
    Conclude(c, true);
    return r;
  }
  WalkOpen(c, a.get(), "", 0);
  const char* filter = archive_filter_name(a.get(), 0);
  const char* format = archive_format_name(a.get());
  r.format = fmt::format("{}{}", format ? format : "archive",
                         filter && std::string(filter) != "none" ? std::string(" + ") + filter : "");
  Conclude(c, true);
  return r;
}

int ScanExitCode(const ScanReport& r) {
  if (r.verdict == "clean") return 0;
  if (r.verdict == "unsafe") return 1;
  return 2;
}

}  // namespace mg::artifact
