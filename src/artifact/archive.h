// Streaming walk of a model archive (tar, tar.gz, zip, ... anything libarchive reads).
//
// Contract:
//  - WalkArchive reads the archive once, front to back, in bounded memory. For every member it
//    reports path, type, declared and actual size and the sha256 of its bytes, and hands the
//    first `keep_bytes` bytes of each regular file to the caller (so formats can be sniffed and
//    small model files kept) -- never the whole of a large member unless asked.
//  - Nothing in the archive is trusted: the bytes actually read are counted against
//    limits.max_total_bytes and limits.max_ratio (decompressed / compressed), and reading stops
//    at the cap whatever the headers claim. Exceeding a cap is reported in ArchiveListing, not
//    by reading on.
//  - A corrupt, truncated or non-archive file is an input error naming the archive and, when
//    known, the member being read.
//  - Nothing is ever written to disk.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace mg::artifact {

enum class MemberType { kFile, kDirectory, kSymlink, kHardlink, kDevice, kFifo, kOther };
const char* MemberTypeName(MemberType t);

struct Member {
  std::string path;         // as stored in the archive
  MemberType type = MemberType::kFile;
  uint64_t size = 0;        // bytes actually read (regular files)
  uint64_t declared_size = 0;
  std::string sha256;       // regular files only
  std::string link_target;  // symlinks and hardlinks
  std::string head;         // up to keep_bytes of the content (regular files)
  bool truncated_by_cap = false;
};

struct ArchiveLimits {
  uint64_t max_total_bytes = uint64_t{4} << 30;   // decompressed bytes read in all
  double max_ratio = 1000.0;                      // decompressed / compressed
  uint64_t max_members = 100000;
};

struct ArchiveListing {
  std::string path;
  std::string sha256;        // of the archive file itself
  uint64_t compressed_size = 0;
  uint64_t total_size = 0;   // decompressed bytes read
  std::string format;        // libarchive's name, e.g. "GNU tar format" / "POSIX pax interchange format"
  std::string filter;        // "gzip", "none", ...
  std::vector<Member> members;
  bool stopped_at_cap = false;  // a size or ratio limit was hit; the listing is partial
  std::string cap_detail;
};

// keep: for a regular file's path, how many leading bytes to keep in Member::head.
using KeepFn = std::function<uint64_t(const std::string& path)>;

Result<ArchiveListing> WalkArchive(const std::string& path, const ArchiveLimits& limits, const KeepFn& keep);

// True when a member path would escape the extraction folder or is absolute.
bool IsUnsafeMemberPath(const std::string& path);

}  // namespace mg::artifact
