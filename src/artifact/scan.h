// ScanArtifact: `modelgate inspect` -- what is inside a model artifact, and is it safe to load?
// Reads every byte, executes none.
//
// Contract:
//  - path may be a .tar/.tar.gz/.zip (anything libarchive reads, sniffed by content), a folder
//    (walked recursively, symlinks reported and never followed) or a single model file.
//  - Archives are streamed once; each regular member is read whole up to
//    limits.max_member_bytes (hashed to the end), sniffed by content (format.h) and, when it
//    is a pickle/joblib/torch file, analysed by the pickle safety analysis. Archives nested in
//    the archive (zip, tar, compressed tar; torch .pth zips) are scanned too, up to max_depth.
//  - Decompressed bytes are counted against max_total_bytes and max_ratio * compressed size;
//    reading stops at the cap whatever the headers claim, with a safety finding.
//  - Verdict: "invalid" when the artifact cannot be read whole (truncated, corrupt, not an
//    archive) or holds no model file; otherwise "unsafe" when any safety finding is medium or
//    above; otherwise "clean" (structure findings are warnings). Exit codes: 0 / 1 / 2.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pickle/finding.h"

namespace mg::artifact {

struct ScanLimits {
  uint64_t max_total_bytes = uint64_t{4} << 30;
  double max_ratio = 1000.0;        // decompressed / compressed, for compressed archives
  uint64_t max_member_bytes = uint64_t{1} << 30;
  uint64_t max_members = 100000;
  int max_depth = 3;                // nested archives
};

struct ScannedMember {
  std::string path;     // nested members: "outer.zip/inner/path"
  std::string type;     // file, directory, symlink, hardlink, device, fifo, other
  uint64_t size = 0;
  std::string sha256;
  std::string format;   // ContentFormatName, files only
  std::string detail;
  std::string link_target;
};

struct ScanReport {
  std::string path;
  std::string verdict;  // clean | unsafe | invalid
  std::string sha256;   // of the artifact file ("" for a folder)
  std::string format;   // of the artifact itself: tar.gz, zip, folder, or a model format
  std::string model;    // the member judged to be the model ("" when none)
  uint64_t total_size = 0;
  std::vector<ScannedMember> members;
  std::vector<pickle::Finding> findings;
  std::string error;    // why the verdict is invalid, when it is
};

ScanReport ScanArtifact(const std::string& path, const ScanLimits& limits = {});

int ScanExitCode(const ScanReport& r);  // 0 clean, 1 unsafe, 2 invalid
nlohmann::json ScanToJson(const ScanReport& r);
std::string RenderScanTree(const ScanReport& r);

}  // namespace mg::artifact
