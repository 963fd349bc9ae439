#include <gtest/gtest.h>

#include <sstream>

#include "artifact/artifact.h"
#include "core/testing.h"
#include "model/model.h"

namespace mg::model {
namespace {

const char* kJob = "examples/jobs/breast-cancer-xgboost";

std::string ExampleModelBytes() {
  auto a = artifact::InspectModelArchive(testing::SourcePath(std::string(kJob) + "/output/model.tar.gz"));
  EXPECT_TRUE(a.ok()) << a.status().message();
  return a.ok() ? a->model_bytes : "";
}

// The example's test rows, features only (label first in the file).
Matrix ExampleFeatures(std::vector<double>* labels) {
  std::istringstream in(testing::ReadAll(testing::SourcePath(std::string(kJob) + "/data/test.csv")));
  Matrix m;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::string cell;
    size_t c = 0;
    while (std::getline(cells, cell, ',')) {
      if (c++ == 0) labels->push_back(std::stod(cell));
      else m.values.push_back(static_cast<float>(std::stod(cell)));
    }
    m.cols = c - 1;
    ++m.rows;
  }
  return m;
}

TEST(XgboostModel, LoadsTheExampleModel) {
  auto m = LoadXgboostModel(ExampleModelBytes(), "example");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ((*m)->framework(), "xgboost");
  EXPECT_EQ((*m)->task(), TaskKind::kBinary);
  EXPECT_EQ((*m)->n_features(), 30u);
  EXPECT_EQ((*m)->n_outputs(), 1u);
  EXPECT_NE((*m)->description().find("binary:logistic"), std::string::npos);
}

// The oracle: xgboost's own Python predictor on the same model and rows.
TEST(XgboostModel, PredictionsEqualXgboostsOwn) {
  auto m = LoadXgboostModel(ExampleModelBytes(), "example");
  ASSERT_TRUE(m.ok());
  std::vector<double> labels;
  Matrix x = ExampleFeatures(&labels);
  auto p = (*m)->Predict(x);
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->scores.size(), x.rows);

  testing::TempDir dir;
  std::string script = dir.Write("oracle.py", R"(
import sys, tarfile, numpy as np, xgboost as xgb
job = sys.argv[1]
with tarfile.open(job + "/output/model.tar.gz") as t:
    raw = t.extractfile("xgboost-model").read()
b = xgb.Booster()
b.load_model(bytearray(raw))
d = np.loadtxt(job + "/data/test.csv", delimiter=",")
for v in b.predict(xgb.DMatrix(d[:, 1:])):
    print(repr(float(v)))
)");
  auto r = testing::RunProgram({"/usr/bin/python3", script, testing::SourcePath(kJob)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  std::vector<double> want;
  for (double v; in >> v;) want.push_back(v);
  ASSERT_EQ(want.size(), p->scores.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(p->scores[i], want[i]) << "row " << i;
}

TEST(XgboostModel, WrongFeatureCountIsAnErrorNotAShift) {
  auto m = LoadXgboostModel(ExampleModelBytes(), "example");
  ASSERT_TRUE(m.ok());
  Matrix x;
  x.rows = 2;
  x.cols = 29;  // SageMaker's server would silently accept n-1 columns
  x.values.assign(58, 0.5f);
  auto p = (*m)->Predict(x);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), Status::Code::kInput);
  EXPECT_NE(p.status().message().find("29"), std::string::npos);
  EXPECT_NE(p.status().message().find("30"), std::string::npos);
}

TEST(XgboostModel, GarbageBytesAreAnInputError) {
  auto m = LoadXgboostModel("binf-this-is-not-a-model", "m.tar.gz:xgboost-model");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kInput);
  EXPECT_NE(m.status().message().find("m.tar.gz:xgboost-model"), std::string::npos);
}

}  // namespace
}  // namespace mg::model
