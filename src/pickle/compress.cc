#include "pickle/compress.h"

#include <bzlib.h>
#include <fmt/core.h>
#include <lzma.h>
#include <zlib.h>

#include <algorithm>
#include <climits>

namespace mg::pickle {
namespace {

constexpr size_t kChunk = 1 << 16;

Status CapError(const std::string& kind, uint64_t max_out) {
  return Status::Input(fmt::format("{} stream inflates beyond the {} byte cap", kind, max_out));
}

Result<std::string> Zlib(std::string_view in, bool gzip, uint64_t max_out, bool partial) {
  z_stream z{};
  if (inflateInit2(&z, gzip ? 16 + MAX_WBITS : MAX_WBITS) != Z_OK) {
    return Status::Internal("zlib: inflateInit failed");
  }
  std::string out;
  size_t off = 0;
  int rc = Z_OK;
  char buf[kChunk];
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && off < in.size()) {
      size_t n = std::min<size_t>(in.size() - off, UINT_MAX / 2);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + off));
      z.avail_in = static_cast<uInt>(n);
      off += n;
    }
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      if (partial) return out;
      if (rc == Z_BUF_ERROR) return Status::Input(fmt::format("{}: truncated stream", gzip ? "gzip" : "zlib"));
      return Status::Input(fmt::format("{}: corrupt stream ({})", gzip ? "gzip" : "zlib", z.msg ? z.msg : "error"));
    }
    size_t produced = sizeof buf - z.avail_out;
    if (out.size() + produced > max_out) {
      inflateEnd(&z);
      if (partial) return out.append(buf, max_out - out.size());
      return CapError(gzip ? "gzip" : "zlib", max_out);
    }
    out.append(buf, produced);
  }
  inflateEnd(&z);
  return out;
}

Result<std::string> Bz2(std::string_view in, uint64_t max_out, bool partial) {
  bz_stream b{};
  if (BZ2_bzDecompressInit(&b, 0, 0) != BZ_OK) return Status::Internal("bz2: init failed");
  std::string out;
  size_t off = 0;
  int rc = BZ_OK;
  char buf[kChunk];
  while (rc != BZ_STREAM_END) {
    if (b.avail_in == 0 && off < in.size()) {
      size_t n = std::min<size_t>(in.size() - off, UINT_MAX / 2);
      b.next_in = const_cast<char*>(in.data() + off);
      b.avail_in = static_cast<unsigned>(n);
      off += n;
    }
    b.next_out = buf;
    b.avail_out = sizeof buf;
    rc = BZ2_bzDecompress(&b);
    size_t produced = sizeof buf - b.avail_out;
    if (rc != BZ_OK && rc != BZ_STREAM_END) {
      BZ2_bzDecompressEnd(&b);
      if (partial) return out;
      return Status::Input("bz2: corrupt stream");
    }
    if (rc == BZ_OK && produced == 0 && b.avail_in == 0 && off >= in.size()) {
      BZ2_bzDecompressEnd(&b);
      if (partial) return out;
      return Status::Input("bz2: truncated stream");
    }
    if (out.size() + produced > max_out) {
      BZ2_bzDecompressEnd(&b);
      if (partial) return out.append(buf, max_out - out.size());
      return CapError("bz2", max_out);
    }
    out.append(buf, produced);
  }
  BZ2_bzDecompressEnd(&b);
  return out;
}

Result<std::string> Xz(std::string_view in, bool alone, uint64_t max_out, bool partial) {
  lzma_stream s = LZMA_STREAM_INIT;
  lzma_ret r = alone ? lzma_alone_decoder(&s, uint64_t{1} << 30)
                     : lzma_stream_decoder(&s, uint64_t{1} << 30, 0);
  if (r != LZMA_OK) return Status::Internal("lzma: decoder init failed");
  std::string out;
  uint8_t buf[kChunk];
  s.next_in = reinterpret_cast<const uint8_t*>(in.data());
  s.avail_in = in.size();
  const char* kind = alone ? "lzma" : "xz";
  while (true) {
    s.next_out = buf;
    s.avail_out = sizeof buf;
    r = lzma_code(&s, LZMA_FINISH);
    size_t produced = sizeof buf - s.avail_out;
    if (out.size() + produced > max_out) {
      lzma_end(&s);
      if (partial) return out.append(reinterpret_cast<char*>(buf), max_out - out.size());
      return CapError(kind, max_out);
    }
    out.append(reinterpret_cast<char*>(buf), produced);
    if (r == LZMA_STREAM_END) break;
    if (r != LZMA_OK) {
      lzma_end(&s);
      if (partial) return out;
      return Status::Input(fmt::format("{}: {} stream", kind,
                                       r == LZMA_BUF_ERROR ? "truncated" : "corrupt"));
    }
  }
  lzma_end(&s);
  return out;
}

}  // namespace

std::string SniffCompression(std::string_view h) {
  auto starts = [&](std::string_view p) { return h.substr(0, p.size()) == p; };
  if (starts("ZF")) return "zfile";
  if (starts(std::string_view("\x1f\x8b", 2))) return "gzip";
  if (starts("BZh")) return "bz2";
  if (starts(std::string_view("\xfd\x37\x7a\x58\x5a\x00", 6))) return "xz";
  if (starts(std::string_view("\x5d\x00\x00", 3))) return "lzma";
  if (starts(std::string_view("\x04\x22\x4d\x18", 4))) return "lz4";
  // zlib: CMF 0x78 and a valid FCHECK (CMF*256+FLG divisible by 31).
  if (h.size() >= 2 && static_cast<unsigned char>(h[0]) == 0x78 &&
      ((0x78u << 8) | static_cast<unsigned char>(h[1])) % 31 == 0) {
    return "zlib";
  }
  return "";
}

namespace {
Result<std::string> Run(std::string_view data, const std::string& kind, uint64_t max_out,
                        bool partial) {
  if (kind == "zlib") return Zlib(data, false, max_out, partial);
  if (kind == "gzip") return Zlib(data, true, max_out, partial);
  if (kind == "bz2") return Bz2(data, max_out, partial);
  if (kind == "xz") return Xz(data, false, max_out, partial);
  if (kind == "lzma") return Xz(data, true, max_out, partial);
  return Status::Input(fmt::format("{} compression is not supported", kind));
}
}  // namespace

Result<std::string> Decompress(std::string_view data, const std::string& kind, uint64_t max_out) {
  return Run(data, kind, max_out, false);
}

Result<std::string> DecompressPrefix(std::string_view data, const std::string& kind,
                                     uint64_t max_out) {
  return Run(data, kind, max_out, true);
}

}  // namespace mg::pickle
