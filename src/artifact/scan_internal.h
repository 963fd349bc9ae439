// Internal: shared state and steps of ScanArtifact (scan.cc walks, scan_judge.cc judges).
#pragma once

#include <string>
#include <string_view>

#include "artifact/scan.h"

namespace mg::artifact {

struct ScanCtx {
  const ScanLimits& lim;
  ScanReport& r;
  uint64_t cap = 0;     // decompressed bytes allowed in all
  uint64_t total = 0;   // decompressed bytes read so far
  bool capped = false;  // a cap was hit: stop reading
  bool invalid = false;

  void Add(pickle::Severity s, pickle::FindingKind k, const std::string& member, std::string detail);
  void Invalid(std::string why);
  // Counts n more decompressed bytes; false (and a bomb finding) when the cap is passed.
  bool Count(uint64_t n, const std::string& member);
};

// Path, link and file-type findings for one entry (name as stored).
void CheckEntry(ScanCtx& c, const ScannedMember& m, const std::string& name, int depth);
// Sniffs and judges a regular file's bytes; fills m.format / m.detail. cut: data is a prefix.
void JudgeFile(ScanCtx& c, ScannedMember& m, std::string_view data, bool cut, int depth);
// Nested archives (zip/tar/compressed tar, torch .pth) from memory.
void ScanArchiveMemory(ScanCtx& c, std::string_view bytes, const std::string& prefix, int depth);
// Model presence, layout and the verdict. archive: the artifact is an archive or folder.
void Conclude(ScanCtx& c, bool archive);

}  // namespace mg::artifact
