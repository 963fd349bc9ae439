// Env: the file-system seam. Every read and write of a local file goes through here, so
// tests can point modelgate at temporary trees and so writes are atomic everywhere.
//
// Contract:
//  - ReadFile refuses files larger than max_bytes (an error naming the file and the cap).
//  - WriteFileAtomic writes to a temporary file in the same directory, fsyncs it and renames
//    it over the target: a reader sees the old file or the new one, never a half-written one.
//  - Every error message starts with the path it concerns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mg {

inline constexpr uint64_t kDefaultMaxReadBytes = uint64_t{1} << 30;  // 1 GiB

Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes = kDefaultMaxReadBytes);
Status WriteFileAtomic(const std::string& path, std::string_view contents);
bool FileExists(const std::string& path);
bool IsDirectory(const std::string& path);
// Regular files directly inside dir (not recursive), sorted by name. Missing dir -> empty.
std::vector<std::string> ListFiles(const std::string& dir);
// Creates dir and its parents; checks that a file can be created inside it.
Status EnsureWritableDirectory(const std::string& dir);
std::string JoinPath(const std::string& a, const std::string& b);

}  // namespace mg
