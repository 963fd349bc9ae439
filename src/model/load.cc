// Model files by content, k-fold ensembles and ARTIFACT (archive / folder / file) loading.
#include <algorithm>
#include <regex>

#include "artifact/archive.h"
#include "artifact/artifact.h"
#include "core/env.h"
#include "model/model.h"
#include "model/sklearn/from_pickle.h"
#include "pickle/compress.h"

namespace mg::model {
namespace {

bool LooksPickled(const std::string& b) {
  if (!b.empty() && static_cast<unsigned char>(b[0]) == 0x80) return true;
  const std::string kind = pickle::SniffCompression(std::string_view(b).substr(0, 16));
  return !kind.empty() && kind != "lz4" && kind != "zfile";
}

class Ensemble final : public Model {
 public:
  explicit Ensemble(std::vector<std::unique_ptr<Model>> m) : m_(std::move(m)) {}
  std::string framework() const override { return m_[0]->framework(); }
  std::string description() const override {
    return "average of " + std::to_string(m_.size()) + " x " + m_[0]->description();
  }
  TaskKind task() const override { return m_[0]->task(); }
  size_t n_features() const override { return m_[0]->n_features(); }
  size_t n_outputs() const override { return m_[0]->n_outputs(); }
  std::vector<std::string> classes() const override { return m_[0]->classes(); }
  Result<Predictions> Predict(const Matrix& x) const override {
    MG_ASSIGN_OR_RETURN(Predictions sum, m_[0]->Predict(x));
    for (size_t i = 1; i < m_.size(); ++i) {
      MG_ASSIGN_OR_RETURN(Predictions p, m_[i]->Predict(x));
      if (p.scores.size() != sum.scores.size()) return Status::Internal("ensemble members disagree on output size");
      for (size_t j = 0; j < p.scores.size(); ++j) sum.scores[j] += p.scores[j];
    }
    for (double& v : sum.scores) v /= static_cast<double>(m_.size());
    if (!sum.labels.empty()) {
      const double cut = sum.probabilities ? 0.5 : 0.0;
      for (size_t r = 0; r < sum.rows; ++r) {
        const double* s = sum.scores.data() + r * sum.outputs;
        sum.labels[r] = sum.outputs == 1 ? (s[0] > cut ? 1 : 0) : std::max_element(s, s + sum.outputs) - s;
      }
    }
    return sum;
  }

 private:
  std::vector<std::unique_ptr<Model>> m_;
};

struct Candidate {
  std::string name;
  std::string bytes;
};

int KfoldIndex(const std::string& name) {
  static const std::regex re("xgboost-model-([0-9]{1,4})");
  std::smatch m;
  return std::regex_match(name, m, re) ? std::stoi(m[1]) : -1;
}

Result<std::unique_ptr<Model>> PickFromCandidates(std::vector<Candidate> c, const std::string& where) {
  if (c.empty()) return Status::Input(where + ": no model file found (expected xgboost-model, model.joblib, *.pkl ...)");
  for (auto& m : c)
    if (m.name == "xgboost-model") return LoadModelBytes(m.bytes, where + ":" + m.name);
  std::vector<Candidate*> folds;
  for (auto& m : c)
    if (KfoldIndex(m.name) >= 0) folds.push_back(&m);
  if (!folds.empty()) {
    std::sort(folds.begin(), folds.end(), [](auto* a, auto* b) { return KfoldIndex(a->name) < KfoldIndex(b->name); });
    std::vector<std::unique_ptr<Model>> members;
    for (auto* f : folds) {
      MG_ASSIGN_OR_RETURN(auto m, LoadModelBytes(f->bytes, where + ":" + f->name));
      members.push_back(std::move(m));
    }
    if (members.size() == 1) return std::move(members[0]);
    return MakeAveragingEnsemble(std::move(members));
  }
  if (c.size() == 1) return LoadModelBytes(c[0].bytes, where + ":" + c[0].name);
  std::string names;
  for (auto& m : c) names += (names.empty() ? "" : ", ") + m.name;
  return Status::Input(where + ": several model files and none is xgboost-model: " + names);
}

bool IsModelCandidate(const std::string& name, const std::string& head) {
  if (name.empty() || name[0] == '.') return false;
  return LooksPickled(head) || artifact::SniffModelFormat(head.substr(0, 4096)) != artifact::ModelFormat::kUnknown;
}

}  // namespace

Result<std::unique_ptr<Model>> LoadModelBytes(const std::string& bytes, const std::string& source) {
  if (!LooksPickled(bytes)) {
    // Only bytes that look like an XGBoost model reach libxgboost: its legacy reader trusts the
    // length fields it finds, so arbitrary bytes must not be handed to it.
    if (artifact::SniffModelFormat(bytes) == artifact::ModelFormat::kUnknown)
      return Status::Input(source + ": neither a pickle/joblib file nor an XGBoost model (binary, JSON or UBJSON)");
    return LoadXgboostModel(bytes, source);
  }
  MG_ASSIGN_OR_RETURN(sk::PyPtr root, sk::ReadPickledValue(bytes, source));
  const sk::PyValue* booster = nullptr;
  if (root->kind == sk::PyValue::Kind::kObject && root->s == "xgboost.core.Booster") booster = root.get();
  if (root->kind == sk::PyValue::Kind::kObject && root->s.rfind("xgboost.sklearn.", 0) == 0) {
    sk::PyPtr b = root->Get("_Booster");
    if (!b || b->kind != sk::PyValue::Kind::kObject || b->s != "xgboost.core.Booster")
      return Status::Input(source + ": " + root->s + " without a fitted _Booster");
    booster = b.get();
  }
  if (booster) {
    sk::PyPtr h = booster->Get("handle");
    if (!h || h->kind != sk::PyValue::Kind::kBytes || h->s.empty())
      return Status::Input(source + ": pickled xgboost Booster without its raw model bytes ('handle')");
    return LoadXgboostModel(h->s, source + " (pickled Booster)");
  }
  return LoadSklearnModel(bytes, source);
}

Result<std::unique_ptr<Model>> MakeAveragingEnsemble(std::vector<std::unique_ptr<Model>> members) {
  if (members.empty()) return Status::Input("an ensemble needs at least one model");
  for (size_t i = 1; i < members.size(); ++i) {
    if (members[i]->task() != members[0]->task() || members[i]->n_outputs() != members[0]->n_outputs() ||
        members[i]->n_features() != members[0]->n_features())
      return Status::Input("k-fold model " + std::to_string(i) + " (" + members[i]->description() +
                           ") differs from model 0 in task, outputs or features");
  }
  return std::unique_ptr<Model>(new Ensemble(std::move(members)));
}

Result<std::unique_ptr<Model>> LoadModelArtifact(const std::string& path) {
  std::vector<Candidate> c;
  if (IsDirectory(path)) {
    for (const std::string& f : ListFiles(path)) {
      std::string name = f.substr(f.rfind('/') + 1);
      MG_ASSIGN_OR_RETURN(std::string bytes, ReadFile(f, uint64_t{2} << 30));
      if (IsModelCandidate(name, bytes)) c.push_back({name, std::move(bytes)});
    }
    return PickFromCandidates(std::move(c), path);
  }
  MG_ASSIGN_OR_RETURN(std::string head, ReadFile(path, uint64_t{2} << 30));
  if (IsModelCandidate("x", head) && !(head.size() > 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
                                       static_cast<unsigned char>(head[1]) == 0x8b && path.find(".tar") != std::string::npos))
    return LoadModelBytes(head, path);
  head.clear();
  auto top = [](const std::string& p) {
    std::string q = p.rfind("./", 0) == 0 ? p.substr(2) : p;
    return q.find('/') == std::string::npos;
  };
  MG_ASSIGN_OR_RETURN(artifact::ArchiveListing listing,
                      artifact::WalkArchive(path, artifact::ArchiveLimits{},
                                            [&](const std::string& m) -> uint64_t { return top(m) ? uint64_t{2} << 30 : 0; }));
  if (listing.stopped_at_cap) return Status::Input(path + ": " + listing.cap_detail);
  for (auto& m : listing.members) {
    if (artifact::IsUnsafeMemberPath(m.path))
      return Status::Input(path + ": member '" + m.path + "' has an absolute or '..' path");
    if (m.type != artifact::MemberType::kFile || !top(m.path)) continue;
    std::string name = m.path.rfind("./", 0) == 0 ? m.path.substr(2) : m.path;
    if (m.head.size() != m.size) return Status::Input(path + ": " + name + " is too large to load");
    if (IsModelCandidate(name, m.head)) c.push_back({name, std::move(m.head)});
  }
  return PickFromCandidates(std::move(c), path);
}

}  // namespace mg::model
