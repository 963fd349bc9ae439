// Internal: detectors for formats with a structured header (format.cc dispatches).
#pragma once

#include <cstdint>
#include <string_view>

#include "artifact/format.h"

namespace mg::artifact::detail {

// Returns true when head starts like a safetensors file; fills info (problem when invalid).
bool DetectSafetensors(std::string_view head, uint64_t total, FormatInfo* info);
// Protobuf heuristics for an ONNX ModelProto (ir_version first, known field numbers).
bool DetectOnnx(std::string_view head, FormatInfo* info);

}  // namespace mg::artifact::detail
