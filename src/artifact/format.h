// Format detection by content for one artifact member (or a single model file).
//
// Contract:
//  - DetectFormat looks only at the bytes given (a prefix of the member: `head`) and the
//    member's full size; `name` is a hint used only to tell apart formats whose bytes are
//    ambiguous (TensorFlow's saved_model.pb, code vs. text). A file is never trusted for its
//    extension: an extensionless "xgboost-model" that is a pickle is reported as a pickle.
//  - Pickles are recognised by running the static VM on the prefix (no import, no call), so
//    protocol 0/1 text pickles are found too; a pickle whose globals include
//    xgboost.core.Booster is kPickledBooster, one with joblib's NumpyArrayWrapper is kJoblib,
//    torch's legacy magic number makes it kTorchLegacy.
//  - joblib's compressed forms (zlib, gzip, bz2, xz, lzma) are inflated up to a small prefix to
//    see what they hold; a gzip/zip/tar that holds an archive is kArchive (nested archive).
//  - Formats with a checkable header (safetensors) are validated; FormatInfo::problem is
//    non-empty when the content claims the format but is malformed (offsets out of bounds,
//    sizes not matching dtype*shape, ...). An empty detail is never returned.
//  - Never fails: unknown content is kUnknown; zero bytes is kEmpty.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mg::artifact {

enum class ContentFormat {
  kUnknown,
  kEmpty,
  kXgboostBinary,   // legacy binary (optionally "binf" + LearnerModelParam)
  kXgboostJson,
  kXgboostUbjson,
  kPickledBooster,  // a pickle holding xgboost.core.Booster: executable at load
  kPickle,          // any other pickle (protocol 0-5)
  kJoblib,          // a pickle with joblib inline arrays, possibly compressed (detail says)
  kTorchZip,        // torch.save zip (data.pkl, data/N) or TorchScript (code/)
  kTorchLegacy,     // pre-1.6 torch.save: stacked pickles after a magic number
  kOnnx,
  kTfSavedModel,    // saved_model.pb
  kSafetensors,
  kLightgbmText,
  kNumpy,           // .npy
  kHdf5,            // Keras .h5
  kArchive,         // a nested archive (tar, zip, gzip of tar)
  kCompressed,      // compressed data that is not a pickle or archive
  kPythonCode,
  kText,
};

const char* ContentFormatName(ContentFormat f);  // stable lowercase ids, e.g. "pickled-booster"

struct FormatInfo {
  ContentFormat format = ContentFormat::kUnknown;
  std::string detail;   // one line, e.g. "pickle protocol 4, globals: sklearn..., 3 more"
  std::string problem;  // non-empty when the content is malformed for its format
};

// Pickle, joblib and torch formats can run code at load time.
bool IsExecutableFormat(ContentFormat f);

FormatInfo DetectFormat(std::string_view head, uint64_t total_size, std::string_view name = {});

}  // namespace mg::artifact
