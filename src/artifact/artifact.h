// The artifact stage of `validate`: open model.tar.gz, check its structure, find the model.
//
// Contract:
//  - InspectModelArchive walks the archive (archive.h) and returns an ArtifactReport with every
//    member, the archive's sha256 and the model file's bytes.
//  - An archive member with an absolute path or a `..` component is refused (input error naming
//    the member): SageMaker would extract it outside /opt/ml/model.
//  - The model file is found by content among the top-level regular files: XGBoost's
//    `xgboost-model` (or its k-fold siblings `xgboost-model-N`) first, as SageMaker's built-in
//    XGBoost container loads it. No model file is an input error listing what the archive holds.
#pragma once

#include <string>
#include <vector>

#include "artifact/archive.h"
#include "core/status.h"

namespace mg::artifact {

enum class ModelFormat { kUnknown, kXgboostBinary, kXgboostJson, kXgboostUbjson, kPickle };
const char* ModelFormatName(ModelFormat f);

// Sniffs an XGBoost/pickle model from its leading bytes (content, not name).
ModelFormat SniffModelFormat(const std::string& head);

struct ArtifactReport {
  ArchiveListing listing;
  std::string model_member;  // path inside the archive
  ModelFormat format = ModelFormat::kUnknown;
  std::string model_bytes;   // the whole model file
};

struct InspectOptions {
  ArchiveLimits limits;
  uint64_t max_model_bytes = uint64_t{2} << 30;
};

Result<ArtifactReport> InspectModelArchive(const std::string& path, const InspectOptions& options = {});

}  // namespace mg::artifact
