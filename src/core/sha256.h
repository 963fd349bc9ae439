// Incremental SHA-256 (OpenSSL's EVP underneath), hex-encoded lowercase digests.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mg {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(const void* data, size_t n);
  void Update(std::string_view s) { Update(s.data(), s.size()); }
  // Finishes the digest; the object must not be updated afterwards.
  std::string HexDigest();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string Sha256Hex(std::string_view data);
// Digest of a whole file, streamed; errors name the file.
Result<std::string> Sha256File(const std::string& path);

}  // namespace mg
