#include "artifact/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <memory>
#include <sstream>

#include "core/sha256.h"

namespace mg::artifact {
namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

MemberType TypeOf(archive_entry* e) {
  if (archive_entry_hardlink(e) != nullptr) return MemberType::kHardlink;
  switch (archive_entry_filetype(e)) {
    case AE_IFREG: return MemberType::kFile;
    case AE_IFDIR: return MemberType::kDirectory;
    case AE_IFLNK: return MemberType::kSymlink;
    case AE_IFCHR:
    case AE_IFBLK: return MemberType::kDevice;
    case AE_IFIFO: return MemberType::kFifo;
    default: return MemberType::kOther;
  }
}

}  // namespace

const char* MemberTypeName(MemberType t) {
  switch (t) {
    case MemberType::kFile: return "file";
    case MemberType::kDirectory: return "directory";
    case MemberType::kSymlink: return "symlink";
    case MemberType::kHardlink: return "hardlink";
    case MemberType::kDevice: return "device";
    case MemberType::kFifo: return "fifo";
    default: return "other";
  }
}

bool IsUnsafeMemberPath(const std::string& path) {
  if (path.empty() || path[0] == '/' || path[0] == '\\') return true;
  if (path.size() >= 2 && path[1] == ':') return true;  // C:foo
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '/'))
    if (part == "..") return true;
  return false;
}

Result<ArchiveListing> WalkArchive(const std::string& path, const ArchiveLimits& limits, const KeepFn& keep) {
  ArchiveListing out;
  out.path = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::Input(path + ": cannot open the model archive");
  if (!S_ISREG(st.st_mode)) return Status::Input(path + ": not a regular file");
  out.compressed_size = static_cast<uint64_t>(st.st_size);
  MG_ASSIGN_OR_RETURN(out.sha256, Sha256File(path));

  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return Status::Input(path + ": not a readable archive: " + archive_error_string(a.get()));

  const uint64_t ratio_cap =
      static_cast<uint64_t>(limits.max_ratio * static_cast<double>(std::max<uint64_t>(out.compressed_size, 1024)));
  const uint64_t cap = std::min(limits.max_total_bytes, ratio_cap);
  std::vector<char> buf(1 << 16);
  for (;;) {
    archive_entry* e = nullptr;
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      std::string where = out.members.empty() ? "" : " after member " + out.members.back().path;
      return Status::Input(path + ": corrupt or truncated archive" + where + ": " + archive_error_string(a.get()));
    }
    if (out.members.size() >= limits.max_members) {
      out.stopped_at_cap = true;
      out.cap_detail = "more than " + std::to_string(limits.max_members) + " members";
      break;
    }
    Member m;
    const char* name = archive_entry_pathname(e);
    m.path = name ? name : "";
    m.type = TypeOf(e);
    m.declared_size = archive_entry_size_is_set(e) ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
    if (m.type == MemberType::kSymlink && archive_entry_symlink(e)) m.link_target = archive_entry_symlink(e);
    if (m.type == MemberType::kHardlink) m.link_target = archive_entry_hardlink(e);
    if (out.format.empty()) {
      out.format = archive_format_name(a.get()) ? archive_format_name(a.get()) : "";
      out.filter = archive_filter_name(a.get(), 0) ? archive_filter_name(a.get(), 0) : "";
    }
    if (m.type == MemberType::kFile) {
      uint64_t want = keep ? keep(m.path) : 0;
      Sha256 h;
      for (;;) {
        la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
        if (n < 0)
          return Status::Input(path + ": member " + m.path + ": corrupt or truncated data: " +
                               archive_error_string(a.get()));
        if (n == 0) break;
        uint64_t un = static_cast<uint64_t>(n);
        if (out.total_size + un > cap) {
          un = cap - out.total_size;
          m.truncated_by_cap = true;
        }
        h.Update(buf.data(), un);
        if (m.head.size() < want) m.head.append(buf.data(), std::min<uint64_t>(un, want - m.head.size()));
        m.size += un;
        out.total_size += un;
        if (m.truncated_by_cap) break;
      }
      m.sha256 = h.HexDigest();
      if (m.truncated_by_cap) {
        out.stopped_at_cap = true;
        out.cap_detail = "decompressed size reached the cap of " + std::to_string(cap) + " bytes (archive is " +
                         std::to_string(out.compressed_size) + " bytes) while reading " + m.path;
        out.members.push_back(std::move(m));
        break;
      }
    }
    out.members.push_back(std::move(m));
  }
  if (out.members.empty() && out.format.empty())
    return Status::Input(path + ": empty or not an archive (no members found)");
  return out;
}

}  // namespace mg::artifact
