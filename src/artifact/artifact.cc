#include "artifact/artifact.h"

#include <algorithm>

namespace mg::artifact {
namespace {

bool IsTopLevel(const std::string& p) {
  std::string s = p.rfind("./", 0) == 0 ? p.substr(2) : p;
  return !s.empty() && s.find('/') == std::string::npos;
}

std::string BaseName(const std::string& p) {
  auto slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// Preference order for the file SageMaker's XGBoost container would load.
int Rank(const Member& m) {
  std::string base = BaseName(m.path);
  if (!IsTopLevel(m.path) || base.empty() || base[0] == '.') return -1;
  if (base == "xgboost-model") return 3;
  if (base.rfind("xgboost-model-", 0) == 0) return 2;
  return 1;
}

}  // namespace

const char* ModelFormatName(ModelFormat f) {
  switch (f) {
    case ModelFormat::kXgboostBinary: return "xgboost-binary";
    case ModelFormat::kXgboostJson: return "xgboost-json";
    case ModelFormat::kXgboostUbjson: return "xgboost-ubjson";
    case ModelFormat::kPickle: return "pickle";
    default: return "unknown";
  }
}

ModelFormat SniffModelFormat(const std::string& head) {
  if (head.empty()) return ModelFormat::kUnknown;
  const auto b0 = static_cast<unsigned char>(head[0]);
  if (b0 == 0x80) return ModelFormat::kPickle;  // PROTO opcode: protocol 2+
  if (head.rfind("binf", 0) == 0) return ModelFormat::kXgboostBinary;
  if (head.size() >= 2 && head[0] == '{') {
    // JSON: '{' then whitespace or '"'; UBJSON: '{' then a type marker / length byte.
    size_t i = 1;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
    if (i < head.size() && head[i] == '"') return head.find("\"learner\"") != std::string::npos || head.size() < 64
                                                      ? ModelFormat::kXgboostJson
                                                      : ModelFormat::kUnknown;
    if (head.find("learner") != std::string::npos) return ModelFormat::kXgboostUbjson;
    return ModelFormat::kUnknown;
  }
  // Legacy binary without "binf": LearnerModelParam starts with base_score (float32) and
  // num_feature (uint32); followed later by the objective name. Look for a known objective.
  static const char* kObjectives[] = {"binary:", "multi:", "reg:", "count:", "rank:", "survival:"};
  for (const char* o : kObjectives)
    if (head.find(o) != std::string::npos && head.find("gbtree") != std::string::npos) return ModelFormat::kXgboostBinary;
  if (head.find("gblinear") != std::string::npos || head.find("dart") != std::string::npos) {
    for (const char* o : kObjectives)
      if (head.find(o) != std::string::npos) return ModelFormat::kXgboostBinary;
  }
  return ModelFormat::kUnknown;
}

Result<ArtifactReport> InspectModelArchive(const std::string& path, const InspectOptions& options) {
  ArtifactReport r;
  const uint64_t sniff = 4096;
  KeepFn keep = [&](const std::string& member) -> uint64_t {
    return IsTopLevel(member) ? options.max_model_bytes : sniff;
  };
  MG_ASSIGN_OR_RETURN(r.listing, WalkArchive(path, options.limits, keep));
  for (const Member& m : r.listing.members)
    if (IsUnsafeMemberPath(m.path))
      return Status::Input(path + ": member '" + m.path +
                           "' has an absolute or '..' path that would be extracted outside the model folder");
  if (r.listing.stopped_at_cap) return Status::Input(path + ": " + r.listing.cap_detail);

  const Member* best = nullptr;
  int best_rank = 0;
  for (const Member& m : r.listing.members) {
    if (m.type != MemberType::kFile) continue;
    int rank = Rank(m);
    if (rank <= 0) continue;
    ModelFormat f = SniffModelFormat(m.head);
    if (f == ModelFormat::kUnknown) continue;
    if (rank > best_rank) {
      best = &m;
      best_rank = rank;
    }
  }
  if (best == nullptr) {
    std::string names;
    for (const Member& m : r.listing.members) names += (names.empty() ? "" : ", ") + m.path;
    return Status::Input(path + ": no model file found at the top level of the archive (members: " +
                         (names.empty() ? "none" : names) + ")");
  }
  r.model_member = best->path;
  r.format = SniffModelFormat(best->head);
  if (best->head.size() != best->size)
    return Status::Input(path + ": model file " + best->path + " is larger than the limit of " +
                         std::to_string(options.max_model_bytes) + " bytes");
  r.model_bytes = best->head;
  return r;
}

}  // namespace mg::artifact
