#include "artifact/format.h"

#include <fmt/core.h>

#include <cmath>
#include <cstring>
#include <set>

#include "artifact/format_internal.h"
#include "pickle/compress.h"
#include "pickle/pickle.h"

namespace mg::artifact {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

uint32_t Le32(std::string_view s, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

// Runs the static VM over the prefix. A pickle is accepted when it reaches STOP, or when it
// only ran out of bytes because head is a prefix of a longer member.
bool DetectPickle(std::string_view head, uint64_t total, FormatInfo* info) {
  if (head.empty()) return false;
  unsigned char b0 = static_cast<unsigned char>(head[0]);
  bool proto2plus = b0 == 0x80 && head.size() >= 2 && static_cast<unsigned char>(head[1]) <= 5;
  static const std::string_view kProto0Starts = "(cl]}dNIFSVLKJMGTUXph)";
  if (!proto2plus && kProto0Starts.find(static_cast<char>(b0)) == std::string_view::npos) {
    return false;
  }
  pickle::ParseLimits lim;
  lim.max_nodes = 200'000;
  auto out = pickle::ParsePickleDetailed(head, lim);
  bool cut = !out.status.ok() && head.size() < total &&
             out.status.message().find("truncated") != std::string::npos;
  if (!out.status.ok() && !cut && !proto2plus) return false;
  if (!proto2plus && out.graph.opcodes < 3) return false;
  std::set<std::string> globals;
  bool torch_magic = false;
  for (const auto& n : out.graph.nodes) {
    if (n.kind == pickle::NodeKind::kGlobal) globals.insert(n.module + "." + n.name);
  }
  if (out.status.ok() && out.graph.root != pickle::kNoNode) {
    const auto& r = out.graph.at(out.graph.root);
    // torch legacy magic number 0x1950a86a20f9469cfc6c (LONG1 of 10 bytes)
    torch_magic = r.kind == pickle::NodeKind::kBigInt &&
                  out.graph.Bytes(r) == std::string_view("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
  }
  std::string list;
  int shown = 0;
  for (const auto& g : globals) {
    if (shown++ < 4) list += (list.empty() ? "" : ", ") + g;
  }
  if (globals.size() > 4) list += fmt::format(", {} more", globals.size() - 4);
  info->detail = fmt::format("pickle protocol {}{}{}", out.graph.protocol,
                             globals.empty() ? "" : ", globals: ", list);
  if (!out.status.ok() && !cut) info->problem = out.status.message();
  if (torch_magic) {
    info->format = ContentFormat::kTorchLegacy;
    info->detail = "legacy torch.save (magic number + stacked pickles)";
  } else if (globals.count("xgboost.core.Booster")) {
    info->format = ContentFormat::kPickledBooster;
  } else if (globals.count("joblib.numpy_pickle.NumpyArrayWrapper") ||
             globals.count("joblib.numpy_pickle_compat.NDArrayWrapper")) {
    info->format = ContentFormat::kJoblib;
  } else {
    info->format = ContentFormat::kPickle;
  }
  return true;
}

bool DetectZip(std::string_view head, FormatInfo* info) {
  if (!StartsWith(head, "PK\x03\x04") && !StartsWith(head, "PK\x05\x06")) return false;
  info->format = ContentFormat::kArchive;
  info->detail = "zip archive";
  // Walk local file headers within the prefix looking for torch's layout.
  size_t pos = 0;
  bool data_pkl = false, code = false, data_dir = false;
  for (int i = 0; i < 64 && pos + 30 <= head.size() && StartsWith(head.substr(pos), "PK\x03\x04"); ++i) {
    uint32_t csize = Le32(head, pos + 18);
    uint16_t nlen = static_cast<uint16_t>(Le32(head, pos + 26) & 0xFFFF);
    uint16_t xlen = static_cast<uint16_t>(Le32(head, pos + 26) >> 16);
    if (pos + 30 + nlen > head.size()) break;
    std::string_view name = head.substr(pos + 30, nlen);
    if (name.ends_with("/data.pkl") || name == "data.pkl") data_pkl = true;
    if (name.find("/code/") != std::string_view::npos) code = true;
    if (name.find("/data/") != std::string_view::npos) data_dir = true;
    uint16_t flags = static_cast<uint16_t>(Le32(head, pos + 6) & 0xFFFF);
    if (flags & 0x08) break;  // sizes in a data descriptor: cannot skip reliably
    pos += 30 + nlen + xlen + csize;
  }
  if (data_pkl) {
    info->format = ContentFormat::kTorchZip;
    info->detail = code ? "TorchScript zip (code/, data.pkl)"
                        : (data_dir ? "torch.save zip (data.pkl, data/N)" : "torch.save zip (data.pkl)");
  }
  return true;
}

bool DetectXgboostBinary(std::string_view head, FormatInfo* info) {
  size_t base = StartsWith(head, "binf") ? 4 : 0;
  // LearnerModelParam is 136 bytes, then the objective name as u64 length + chars.
  if (head.size() < base + 136 + 8 + 4) return false;
  float score;
  std::memcpy(&score, head.data() + base, 4);
  uint32_t nfeat = Le32(head, base + 4);
  uint64_t len = Le32(head, base + 136) | (uint64_t{Le32(head, base + 140)} << 32);
  if (!std::isfinite(score) || nfeat == 0 || nfeat > 100'000'000 || len < 4 || len > 64 ||
      head.size() < base + 144 + len) {
    return false;
  }
  std::string_view obj = head.substr(base + 144, len);
  if (obj.find(':') == std::string_view::npos) return false;
  for (char c : obj) {
    if (!((c >= 'a' && c <= 'z') || c == ':' || c == '_' || c == '-' || (c >= '0' && c <= '9'))) return false;
  }
  info->format = ContentFormat::kXgboostBinary;
  info->detail = fmt::format("XGBoost legacy binary{}, objective {}, {} features",
                             base ? " (binf)" : "", obj, nfeat);
  return true;
}

bool IsText(std::string_view head) {
  size_t bad = 0;
  for (unsigned char c : head) {
    if (c == 0) return false;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) ++bad;
  }
  return bad * 100 <= head.size();
}

FormatInfo DetectPlain(std::string_view head, uint64_t total, std::string_view name, int depth);

FormatInfo DetectCompressed(std::string_view head, uint64_t total, std::string_view name,
                            const std::string& kind, int depth) {
  FormatInfo info;
  info.format = ContentFormat::kCompressed;
  info.detail = kind + "-compressed data";
  if (depth > 0 || kind == "zfile" || kind == "lz4") {
    if (kind == "zfile" || kind == "lz4") info.detail = "joblib " + kind + "-compressed data (unsupported)";
    return info;
  }
  auto inner = pickle::DecompressPrefix(head, kind, 1 << 20);
  if (!inner.ok() || inner->empty()) return info;
  FormatInfo in = DetectPlain(*inner, std::max<uint64_t>(total, inner->size() + 1), name, depth + 1);
  if (in.format == ContentFormat::kPickle || in.format == ContentFormat::kJoblib ||
      in.format == ContentFormat::kPickledBooster) {
    info.format = ContentFormat::kJoblib;
    info.detail = fmt::format("joblib {}-compressed {}", kind, in.detail);
    return info;
  }
  if (in.format == ContentFormat::kArchive) {
    info.format = ContentFormat::kArchive;
    info.detail = kind + "-compressed " + in.detail;
  }
  return info;
}

FormatInfo DetectPlain(std::string_view head, uint64_t total, std::string_view name, int depth) {
  FormatInfo info;
  if (total == 0 || head.empty()) {
    info.format = ContentFormat::kEmpty;
    info.detail = "empty";
    return info;
  }
  if (DetectZip(head, &info)) return info;
  if (head.size() > 262 && head.substr(257, 5) == "ustar") {
    info.format = ContentFormat::kArchive;
    info.detail = "tar archive";
    return info;
  }
  if (StartsWith(head, "\x93NUMPY")) {
    info.format = ContentFormat::kNumpy;
    info.detail = "numpy .npy array";
    return info;
  }
  if (StartsWith(head, "\x89HDF\r\n\x1a\n")) {
    info.format = ContentFormat::kHdf5;
    info.detail = "HDF5 (Keras .h5?)";
    return info;
  }
  std::string kind = pickle::SniffCompression(head.substr(0, 8));
  if (!kind.empty()) return DetectCompressed(head, total, name, kind, depth);
  if (DetectPickle(head, total, &info)) return info;
  if (DetectXgboostBinary(head, &info)) return info;
  if (detail::DetectSafetensors(head, total, &info)) return info;
  if (name.ends_with("saved_model.pb") && head.size() > 2 && head[0] == 0x08) {
    info.format = ContentFormat::kTfSavedModel;
    info.detail = "TensorFlow SavedModel protobuf";
    return info;
  }
  if (detail::DetectOnnx(head, &info)) return info;
  std::string_view lead = head.substr(0, 4096);
  size_t first = lead.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && lead[first] == '{') {
    std::string_view rest = lead.substr(first + 1);
    if (!rest.empty() && std::string_view("LiUIl$#").find(rest[0]) != std::string_view::npos &&
        rest.find("learner") != std::string_view::npos && rest.find("learner") < 16) {
      info.format = ContentFormat::kXgboostUbjson;
      info.detail = "XGBoost UBJSON model";
      return info;
    }
    size_t k = rest.find_first_not_of(" \t\r\n");
    if (k != std::string_view::npos && rest.substr(k).starts_with("\"learner\"")) {
      info.format = ContentFormat::kXgboostJson;
      info.detail = "XGBoost JSON model";
      return info;
    }
  }
  if (StartsWith(head, "tree\n") && lead.find("version=") != std::string_view::npos) {
    info.format = ContentFormat::kLightgbmText;
    info.detail = "LightGBM text model";
    return info;
  }
  if (IsText(head.substr(0, 8192))) {
    bool py = name.ends_with(".py") || lead.find("\nimport ") != std::string_view::npos ||
              lead.starts_with("import ") || lead.starts_with("from ") ||
              lead.find("\ndef ") != std::string_view::npos;
    info.format = py ? ContentFormat::kPythonCode : ContentFormat::kText;
    info.detail = py ? "Python source" : "text";
    return info;
  }
  info.format = ContentFormat::kUnknown;
  info.detail = "unrecognised binary data";
  return info;
}

}  // namespace

const char* ContentFormatName(ContentFormat f) {
  switch (f) {
    case ContentFormat::kUnknown: return "unknown";
    case ContentFormat::kEmpty: return "empty";
    case ContentFormat::kXgboostBinary: return "xgboost-binary";
    case ContentFormat::kXgboostJson: return "xgboost-json";
    case ContentFormat::kXgboostUbjson: return "xgboost-ubjson";
    case ContentFormat::kPickledBooster: return "pickled-booster";
    case ContentFormat::kPickle: return "pickle";
    case ContentFormat::kJoblib: return "joblib";
    case ContentFormat::kTorchZip: return "torch-zip";
    case ContentFormat::kTorchLegacy: return "torch-legacy";
    case ContentFormat::kOnnx: return "onnx";
    case ContentFormat::kTfSavedModel: return "tf-saved-model";
    case ContentFormat::kSafetensors: return "safetensors";
    case ContentFormat::kLightgbmText: return "lightgbm-text";
    case ContentFormat::kNumpy: return "numpy";
    case ContentFormat::kHdf5: return "hdf5";
    case ContentFormat::kArchive: return "archive";
    case ContentFormat::kCompressed: return "compressed";
    case ContentFormat::kPythonCode: return "python-code";
    case ContentFormat::kText: return "text";
  }
  return "unknown";
}

bool IsExecutableFormat(ContentFormat f) {
  return f == ContentFormat::kPickledBooster || f == ContentFormat::kPickle ||
         f == ContentFormat::kJoblib || f == ContentFormat::kTorchZip ||
         f == ContentFormat::kTorchLegacy;
}

FormatInfo DetectFormat(std::string_view head, uint64_t total_size, std::string_view name) {
  if (total_size < head.size()) total_size = head.size();
  return DetectPlain(head, total_size, name, 0);
}

}  // namespace mg::artifact
