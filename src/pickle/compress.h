// Decompression of joblib's compressed files (joblib.dump(..., compress=...)).
//
// Contract:
//  - SniffCompression names the container from the leading bytes only: "zlib" (0x78),
//    "gzip" (1f 8b), "bz2" ("BZh"), "xz" (fd 37 7a 58 5a 00), "lzma" (5d 00 00), "zfile"
//    (joblib < 0.9.3 "ZF" header), "lz4" (04 22 4d 18); "" when none.
//  - Decompress inflates zlib/gzip/bz2/xz/lzma into memory, stopping with an input error as
//    soon as the output would exceed max_out (a bomb never allocates more than max_out). A
//    truncated or corrupt stream is an input error; "zfile" and "lz4" are reported as
//    unsupported (input error) rather than guessed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mg::pickle {

std::string SniffCompression(std::string_view head);
Result<std::string> Decompress(std::string_view data, const std::string& kind, uint64_t max_out);
// For sniffing: the first max_out bytes of the decompressed stream, tolerating a truncated or
// cut input (a prefix of a compressed file); errors only for an unsupported kind.
Result<std::string> DecompressPrefix(std::string_view data, const std::string& kind,
                                     uint64_t max_out);

}  // namespace mg::pickle
