// safetensors header validation and ONNX protobuf heuristics.
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "artifact/format_internal.h"

namespace mg::artifact::detail {
namespace {

constexpr uint64_t kMaxHeader = 100'000'000;

uint64_t Le64(std::string_view s) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

int DtypeBits(const std::string& d) {
  static const std::map<std::string, int> k = {
      {"F64", 64}, {"F32", 32}, {"F16", 16}, {"BF16", 16}, {"I64", 64}, {"I32", 32},
      {"I16", 16}, {"I8", 8}, {"U64", 64}, {"U32", 32}, {"U16", 16}, {"U8", 8}, {"BOOL", 8},
      {"F8_E4M3", 8}, {"F8_E5M2", 8}, {"C64", 64}, {"F4", 4}, {"F6_E2M3", 6}, {"F6_E3M2", 6},
      {"E8M0", 8}};
  auto it = k.find(d);
  return it == k.end() ? 0 : it->second;
}

std::string ValidateSafetensors(std::string_view json, uint64_t data_size) {
  // Duplicate top-level keys are refused (nlohmann would silently keep the last one).
  std::set<std::string> keys;
  std::string dup;
  auto cb = [&](int depth, nlohmann::json::parse_event_t ev, nlohmann::json& parsed) {
    if (depth == 1 && ev == nlohmann::json::parse_event_t::key) {
      std::string k = parsed.get<std::string>();
      if (!keys.insert(k).second && dup.empty()) dup = k;
    }
    return true;
  };
  nlohmann::json h = nlohmann::json::parse(json, cb, /*allow_exceptions=*/false);
  if (h.is_discarded() || !h.is_object()) return "header is not a JSON object";
  if (!dup.empty()) return "duplicate tensor name '" + dup + "'";
  struct T { uint64_t b, e; std::string name; };
  std::vector<T> ts;
  for (auto& [name, v] : h.items()) {
    if (name == "__metadata__") {
      if (!v.is_object()) return "__metadata__ is not an object";
      for (auto& [k, mv] : v.items()) {
        if (!mv.is_string()) return "__metadata__." + k + " is not a string";
      }
      continue;
    }
    if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") ||
        !v.contains("data_offsets")) {
      return "tensor '" + name + "' lacks dtype/shape/data_offsets";
    }
    if (!v["dtype"].is_string()) return "tensor '" + name + "': dtype is not a string";
    int bits = DtypeBits(v["dtype"].get<std::string>());
    if (bits == 0) return "tensor '" + name + "': unknown dtype " + v["dtype"].dump();
    const auto& shape = v["shape"];
    const auto& off = v["data_offsets"];
    if (!shape.is_array() || !off.is_array() || off.size() != 2 ||
        !off[0].is_number_unsigned() || !off[1].is_number_unsigned()) {
      return "tensor '" + name + "': bad shape or data_offsets";
    }
    unsigned __int128 numel = 1;
    for (const auto& d : shape) {
      if (!d.is_number_unsigned()) return "tensor '" + name + "': shape is not unsigned ints";
      numel *= d.get<uint64_t>();
      if (numel > (static_cast<unsigned __int128>(1) << 80)) return "tensor '" + name + "': shape overflows";
    }
    uint64_t b = off[0].get<uint64_t>(), e = off[1].get<uint64_t>();
    if (b > e) return "tensor '" + name + "': data_offsets begin > end";
    unsigned __int128 want_bits = numel * static_cast<unsigned>(bits);
    if (want_bits % 8 != 0 || want_bits / 8 != e - b) {
      return fmt::format("tensor '{}': {} bytes for dtype*shape, data_offsets span {}", name,
                         static_cast<uint64_t>(want_bits / 8), e - b);
    }
    ts.push_back({b, e, name});
  }
  std::sort(ts.begin(), ts.end(), [](const T& x, const T& y) { return x.b < y.b || (x.b == y.b && x.e < y.e); });
  uint64_t at = 0;
  for (const auto& t : ts) {
    if (t.b != at) {
      return fmt::format("tensor '{}' starts at {}, expected {} (offsets must be contiguous)",
                         t.name, t.b, at);
    }
    at = t.e;
  }
  if (at != data_size) {
    return fmt::format("tensors end at {} but the data section is {} bytes", at, data_size);
  }
  return "";
}

bool ReadVarint(std::string_view s, size_t* pos, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= s.size()) return false;
    unsigned char c = static_cast<unsigned char>(s[(*pos)++]);
    *v |= static_cast<uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}

}  // namespace

bool DetectSafetensors(std::string_view head, uint64_t total, FormatInfo* info) {
  if (head.size() < 10 || total < 10) return false;
  uint64_t n = Le64(head);
  if (head[8] != '{' || n < 2) return false;
  info->format = ContentFormat::kSafetensors;
  info->detail = fmt::format("safetensors, {} byte header", n);
  if (n > kMaxHeader) {
    info->problem = fmt::format("header length {} exceeds the 100 MB cap", n);
  } else if (n > total - 8) {
    info->problem = fmt::format("header length {} exceeds the file ({} bytes)", n, total);
  } else if (head.size() < 8 + n) {
    info->problem = "header not fully available to validate";
  } else {
    info->problem = ValidateSafetensors(head.substr(8, n), total - 8 - n);
  }
  return true;
}

bool DetectOnnx(std::string_view head, FormatInfo* info) {
  // ModelProto: ir_version (1, varint) first, then producer_name (2), producer_version (3),
  // domain (4), model_version (5), doc_string (6), graph (7), opset_import (8), ...
  if (head.size() < 4 || head[0] != 0x08) return false;
  size_t pos = 1;
  uint64_t ir = 0;
  if (!ReadVarint(head, &pos, &ir) || ir < 3 || ir > 20) return false;
  bool structural = false;
  std::string producer;
  for (int fields = 0; fields < 16 && pos < head.size(); ++fields) {
    uint64_t tag = 0;
    if (!ReadVarint(head, &pos, &tag)) break;
    uint64_t field = tag >> 3, wire = tag & 7;
    static const std::set<uint64_t> kKnown = {2, 3, 4, 5, 6, 7, 8, 14, 20, 25};
    if (!kKnown.count(field)) return false;
    if (wire == 0) {
      uint64_t v;
      if (!ReadVarint(head, &pos, &v)) break;
    } else if (wire == 2) {
      uint64_t len;
      if (!ReadVarint(head, &pos, &len)) break;
      if (field == 2 && len < 64 && pos + len <= head.size()) producer = std::string(head.substr(pos, len));
      if (field == 7 || field == 8) structural = true;
      if (len > head.size() - std::min(pos, head.size())) break;  // runs past the prefix
      pos += len;
    } else {
      return false;
    }
  }
  if (!structural && producer.empty()) return false;
  info->format = ContentFormat::kOnnx;
  info->detail = fmt::format("ONNX ir_version {}{}", ir, producer.empty() ? "" : ", producer " + producer);
  return true;
}

}  // namespace mg::artifact::detail
