// End-to-end: `modelgate predict` on models trained at test time by Debian's scikit-learn and
// xgboost (the oracles), including the seed's example: an iris model in model.tar.gz.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/testing.h"

namespace mg {
namespace {

using testing::RunCli;

// Trains the models and writes expected.json with the frameworks' answers.
const char* kMake = R"PY(
import json, os, pickle, sys, tarfile, joblib
import numpy as np, xgboost as xgb
from sklearn.datasets import load_iris, load_diabetes
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
out = sys.argv[1]
X, y = load_iris(return_X_y=True)
row = [[5.1, 3.5, 1.4, 0.2]]
rf = RandomForestClassifier(n_estimators=10, random_state=0).fit(X, y)
joblib.dump(rf, os.path.join(out, "model.joblib"), compress=3)
with tarfile.open(os.path.join(out, "model.tar.gz"), "w:gz") as t:
    t.add(os.path.join(out, "model.joblib"), arcname="model.joblib")
os.makedirs(os.path.join(out, "folder"))
pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, y)
with open(os.path.join(out, "folder", "model.pkl"), "wb") as f:
    pickle.dump(pipe, f, protocol=2)
with open(os.path.join(out, "iris.csv"), "w") as f:
    f.write("sepal_length,sepal_width,petal_length,petal_width,species\n")
    for xi, yi in zip(X, y):
        f.write(",".join(repr(float(v)) for v in xi) + f",{yi}\n")
Xd, yd = load_diabetes(return_X_y=True)
bst = xgb.train({"objective": "reg:squarederror", "max_depth": 3}, xgb.DMatrix(Xd, label=yd), 10)
bst.save_model(os.path.join(out, "xgboost-model"))
with tarfile.open(os.path.join(out, "xgb.tar.gz"), "w:gz") as t:
    t.add(os.path.join(out, "xgboost-model"), arcname="xgboost-model")
with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump({"rf_class": int(rf.predict(row)[0]), "rf_proba": rf.predict_proba(row)[0].tolist(),
               "pipe_labels": pipe.predict(X).tolist(), "pipe_proba": pipe.predict_proba(X).tolist(),
               "xgb_first": float(bst.predict(xgb.DMatrix(Xd[:1]))[0]),
               "xgb_row": Xd[0].tolist()}, f)
)PY";

class Predict : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto r = testing::RunProgram({"/usr/bin/python3", "-c", kMake, dir_->path()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expected_ = new nlohmann::json(nlohmann::json::parse(testing::ReadAll(dir_->Path("expected.json"))));
  }
  static void TearDownTestSuite() {
    delete expected_;
    delete dir_;
  }
  static testing::TempDir* dir_;
  static nlohmann::json* expected_;
};
testing::TempDir* Predict::dir_ = nullptr;
nlohmann::json* Predict::expected_ = nullptr;

TEST_F(Predict, SeedExampleIrisTarGzGivesScikitLearnsClass) {
  auto r = RunCli({"predict", dir_->Path("model.tar.gz"), "--row", "5.1,3.5,1.4,0.2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::to_string((*expected_)["rf_class"].get<int>()) + "\n");
}

TEST_F(Predict, JsonCarriesModelPredictionsAndProbabilities) {
  auto r = RunCli({"predict", dir_->Path("model.tar.gz"), "--row", "5.1,3.5,1.4,0.2", "--proba", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"]["framework"], "sklearn");
  EXPECT_EQ(j["model"]["class"], "RandomForestClassifier");
  EXPECT_EQ(j["model"]["n_features"], 4);
  EXPECT_EQ(j["model"]["classes"], nlohmann::json::parse("[0,1,2]"));
  EXPECT_EQ(j["predictions"][0], (*expected_)["rf_class"]);
  for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(j["probabilities"][0][k].get<double>(), (*expected_)["rf_proba"][k].get<double>(), 1e-12);
}

TEST_F(Predict, DataWithHeaderAndLabelToOutputCsv) {
  std::string out = dir_->Path("pred.csv");
  auto r = RunCli({"predict", dir_->Path("folder"), "--data", dir_->Path("iris.csv"), "--label", "species", "--proba", "--output", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string csv = testing::ReadAll(out);
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "prediction,proba_0,proba_1,proba_2");
  const auto& labels = (*expected_)["pipe_labels"];
  const auto& proba = (*expected_)["pipe_proba"];
  size_t i = 0;
  for (; std::getline(in, line); ++i) {
    ASSERT_LT(i, labels.size());
    std::vector<std::string> cells;
    std::istringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cells.push_back(c);
    ASSERT_EQ(cells.size(), 4u);
    EXPECT_EQ(cells[0], std::to_string(labels[i].get<int>()));
    for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(std::stod(cells[k + 1]), proba[i][k].get<double>(), 1e-9);
  }
  EXPECT_EQ(i, labels.size());
}

TEST_F(Predict, XgboostInTarGz) {
  std::string row;
  for (const auto& v : (*expected_)["xgb_row"]) row += (row.empty() ? "" : ",") + nlohmann::json(v.get<double>()).dump();
  auto r = RunCli({"predict", dir_->Path("xgb.tar.gz"), "--row", row});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(std::stod(r.out), (*expected_)["xgb_first"].get<double>(), 1e-4);
}

TEST_F(Predict, ColumnCountOffByOneIsAnInputError) {
  auto r = RunCli({"predict", dir_->Path("model.tar.gz"), "--data", dir_->Path("iris.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("5 feature columns but the model expects 4"), std::string::npos) << r.err;
}

TEST_F(Predict, NeedsDataOrRow) {
  auto r = RunCli({"predict", dir_->Path("model.tar.gz")});
  EXPECT_EQ(r.exit_code, 2);
}

// validate loads a scikit-learn joblib model natively (never unpickling) and evaluates it.
TEST_F(Predict, ValidateEvaluatesAScikitLearnJoblibModel) {
  std::string job = dir_->Path("job");
  std::filesystem::copy(testing::SourcePath("examples/jobs/breast-cancer-xgboost"), job, std::filesystem::copy_options::recursive);
  auto py = testing::RunProgram({"/usr/bin/python3", "-c", R"PY(
import sys, tarfile, joblib
from sklearn.datasets import load_breast_cancer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
X, y = load_breast_cancer(return_X_y=True)
joblib.dump(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X, y), sys.argv[1] + "/model.joblib")
with tarfile.open(sys.argv[1] + "/output/model.tar.gz", "w:gz") as t:
    t.add(sys.argv[1] + "/model.joblib", arcname="model.joblib")
)PY", job});
  ASSERT_EQ(py.exit_code, 0) << py.err;
  auto r = RunCli({"validate", job, "--json"});
  ASSERT_LE(r.exit_code, 1) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["evaluation"]["model"]["framework"], "sklearn") << r.out;
}

}  // namespace
}  // namespace mg
