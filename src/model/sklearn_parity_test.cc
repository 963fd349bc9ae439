// Parity with scikit-learn / xgboost (the oracles): tests/fixtures/make_models.py trains real
// models at test time and records the frameworks' own predictions; every model file (pickle
// protocols 2-5, joblib plain/compressed, XGBoost formats, k-fold) must reproduce them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "core/env.h"
#include "core/testing.h"
#include "data/csv.h"
#include "model/model.h"

namespace mg::model {
namespace {

class Fixtures : public ::testing::Test {
 public:
  // $MODELGATE_MODEL_FIXTURES: a folder already written by make_models.py (for quick reruns).
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    if (const char* pre = std::getenv("MODELGATE_MODEL_FIXTURES")) {
      root_ = pre;
      return;
    }
    root_ = dir_->path();
    auto r = testing::RunProgram({"/usr/bin/python3", testing::SourcePath("tests/fixtures/make_models.py"), dir_->path()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static nlohmann::json Json(const std::string& name) { return nlohmann::json::parse(testing::ReadAll(Path(name))); }
  static Matrix Data(const std::string& name) {
    data::CsvOptions o;
    o.header = data::CsvOptions::Header::kNo;
    auto t = data::ReadNumericCsv(Path(name), o);
    EXPECT_TRUE(t.ok()) << t.status().message();
    Matrix m;
    m.rows = t->rows();
    m.cols = t->cols();
    m.values.resize(m.rows * m.cols);
    for (size_t c = 0; c < m.cols; ++c)
      for (size_t r = 0; r < m.rows; ++r) m.values[r * m.cols + c] = t->columns[c][r];
    return m;
  }
  static std::string Path(const std::string& name) { return root_ + "/" + name; }
  static testing::TempDir* dir_;
  static std::string root_;
};
testing::TempDir* Fixtures::dir_ = nullptr;
std::string Fixtures::root_;

void CheckOne(const nlohmann::json& e, std::map<std::string, Matrix>& data);

TEST_F(Fixtures, EveryModelMatchesItsFramework) {
  auto manifest = Json("manifest.json");
  ASSERT_GT(manifest.size(), 100u);
  std::map<std::string, Matrix> data;
  for (const auto& e : manifest) CheckOne(e, data);
}

void CheckOne(const nlohmann::json& e, std::map<std::string, Matrix>& data) {
  {
    const std::string name = e["name"];
    SCOPED_TRACE(name);
    auto m = LoadModelArtifact(Fixtures::Path(e["file"]));
    ASSERT_TRUE(m.ok()) << m.status().message();
    EXPECT_EQ((*m)->framework(), e["framework"].get<std::string>());
    const std::string dn = e["data"];
    if (!data.count(dn)) data[dn] = Fixtures::Data(dn);
    const Matrix& x = data[dn];
    auto p = (*m)->Predict(x);
    ASSERT_TRUE(p.ok()) << p.status().message();
    const auto& scores = e["scores"];
    ASSERT_EQ(p->rows, scores.size());
    ASSERT_EQ(p->outputs, scores[0].size());
    EXPECT_EQ(p->probabilities, e["probabilities"].get<bool>());
    const bool xgb = e["framework"] == "xgboost";
    double worst = 0;
    for (size_t r = 0; r < p->rows; ++r)
      for (size_t k = 0; k < p->outputs; ++k) {
        const double want = scores[r][k], got = p->scores[r * p->outputs + k];
        // xgboost computes in float32: compare to its float32 output's precision.
        const double tol = xgb ? 1e-6 * std::max(1.0, std::fabs(want)) : 1e-9 * std::max(1.0, std::fabs(want));
        worst = std::max(worst, std::fabs(want - got) / tol);
        if (std::fabs(want - got) > tol) {
          ADD_FAILURE() << "row " << r << " output " << k << ": want " << want << " got " << got;
          r = p->rows;
          break;
        }
      }
    if (!e["labels"].is_null()) {
      auto classes = (*m)->classes();
      ASSERT_EQ(p->labels.size(), p->rows);
      size_t bad = 0;
      for (size_t r = 0; r < p->rows; ++r) {
        ASSERT_LT(static_cast<size_t>(p->labels[r]), classes.size());
        if (classes[p->labels[r]] != e["labels"][r].get<std::string>()) ++bad;
      }
      EXPECT_EQ(bad, 0u) << "labels differ from the framework's predict()";
    }
  }
}

TEST_F(Fixtures, UnsupportedEstimatorNamesItsClassAndTheSupportedOnes) {
  auto m = LoadModelArtifact(Path("unsupported_svc.pkl"));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kInput);
  EXPECT_NE(m.status().message().find("sklearn.svm._classes.SVC"), std::string::npos) << m.status().message();
  EXPECT_NE(m.status().message().find("RandomForestClassifier"), std::string::npos) << m.status().message();
}

TEST_F(Fixtures, HostileTreesAreClearErrors) {
  for (const auto& h : Json("hostile.json")) {
    SCOPED_TRACE(h["file"].get<std::string>());
    auto m = LoadModelArtifact(Path(h["file"]));
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().code(), Status::Code::kInput);
    EXPECT_NE(m.status().message().find(h["error"].get<std::string>()), std::string::npos) << m.status().message();
  }
}

// Truncations and byte flips of real files: an error or a model, never a crash (run under ASan).
TEST_F(Fixtures, CorruptedFilesNeverCrash) {
  std::mt19937 rng(42);
  for (const char* f : {"dt_clf.p4.pkl", "gb_clf_binary.joblib", "ct_onehot_ridge.joblib", "hgb_clf_multi.p5.pkl", "lr_multinomial.p2.pkl"}) {
    auto bytes = ReadFile(Path(f));
    if (!bytes.ok()) continue;  // --quick fixtures lack some formats
    const std::string& b = *bytes;
    for (size_t cut = 0; cut < b.size(); cut += 1 + b.size() / 97) {
      auto m = LoadModelBytes(b.substr(0, cut), f);
      EXPECT_FALSE(m.ok());
    }
    for (int i = 0; i < 300; ++i) {
      std::string c = b;
      for (int k = 0; k < 3; ++k) c[rng() % c.size()] = static_cast<char>(rng());
      auto m = LoadModelBytes(c, f);
      if (m.ok() && (*m)->n_features() < 100) {
        Matrix x;
        x.rows = 3;
        x.cols = (*m)->n_features();
        x.values.assign(x.rows * x.cols, 0.5);
        (void)(*m)->Predict(x);
      }
    }
  }
}

TEST_F(Fixtures, ColumnCountMismatchIsAnError) {
  auto m = LoadModelArtifact(Path("iris-model.tar.gz"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  Matrix x;
  x.rows = 1;
  x.cols = 3;
  x.values = {5.1, 3.5, 1.4};
  auto p = (*m)->Predict(x);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("expects 4"), std::string::npos);
}

TEST_F(Fixtures, BatchPredictionIsThreadedAndDeterministic) {
  auto m = LoadModelArtifact(Path("rf_clf.joblib"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  Matrix wine = Data("wine.csv");
  Matrix big;
  big.cols = wine.cols;
  for (int rep = 0; rep < 60; ++rep) big.values.insert(big.values.end(), wine.values.begin(), wine.values.end());
  big.rows = big.values.size() / big.cols;
  auto a = (*m)->Predict(big);
  auto b = (*m)->Predict(big);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->scores, b->scores);
  auto one = (*m)->Predict(wine);
  ASSERT_TRUE(one.ok());
  for (size_t i = 0; i < one->scores.size(); ++i) EXPECT_EQ(one->scores[i], a->scores[(big.rows - wine.rows) * a->outputs + i]);
}

}  // namespace
}  // namespace mg::model
