// Format detection by content, on real files made at test time and hand-built headers.
#include "artifact/format.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "pickle/test_util.h"

namespace mg::artifact {
namespace {
using mg::pickle::testing::Fixture;

ContentFormat Of(const std::string& bytes, std::string_view name = {}) {
  return DetectFormat(bytes, bytes.size(), name).format;
}

std::string Le64(uint64_t v) {
  std::string s;
  for (int i = 0; i < 8; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

std::string Safetensors(const std::string& header, size_t data) {
  return Le64(header.size()) + header + std::string(data, '\0');
}

TEST(Format, RealModelFiles) {
  EXPECT_EQ(Of(Fixture("lr_p4.pkl")), ContentFormat::kPickle);
  EXPECT_EQ(Of(Fixture("dt_p0.pkl")), ContentFormat::kPickle);  // protocol 0 is text
  EXPECT_EQ(Of(Fixture("booster_p2.pkl")), ContentFormat::kPickledBooster);
  EXPECT_EQ(Of(Fixture("xgboost-model"), "xgboost-model"), ContentFormat::kPickledBooster);
  EXPECT_EQ(Of(Fixture("dt.joblib")), ContentFormat::kJoblib);
  for (const char* z : {"lr_zlib.joblib", "lr_gzip.joblib", "lr_bz2.joblib", "lr_xz.joblib",
                        "lr_lzma.joblib"}) {
    FormatInfo f = DetectFormat(Fixture(z), Fixture(z).size());
    EXPECT_EQ(f.format, ContentFormat::kJoblib) << z << ": " << f.detail;
  }
  EXPECT_EQ(Of(Fixture("xgb.json")), ContentFormat::kXgboostJson);
  EXPECT_EQ(Of(Fixture("xgb.ubj")), ContentFormat::kXgboostUbjson);
  EXPECT_EQ(Of(Fixture("xgb-legacy.bin")), ContentFormat::kXgboostBinary);
  FormatInfo pth = DetectFormat(Fixture("model.pth"), Fixture("model.pth").size());
  EXPECT_EQ(pth.format, ContentFormat::kTorchZip) << pth.detail;
  EXPECT_TRUE(IsExecutableFormat(ContentFormat::kPickledBooster));
}

TEST(Format, PrefixOfALargeMember) {
  std::string rf = Fixture("rf.joblib");
  FormatInfo f = DetectFormat(std::string_view(rf).substr(0, 2048), rf.size());
  EXPECT_TRUE(f.format == ContentFormat::kJoblib || f.format == ContentFormat::kPickle) << f.detail;
  EXPECT_TRUE(f.problem.empty()) << f.problem;
}

TEST(Format, ExtensionIsNeverTrusted) {
  // A protocol 0 pickle named like text is still a pickle.
  EXPECT_EQ(Of("cos\nsystem\n(S'id'\ntR.", "notes.txt"), ContentFormat::kPickle);
  EXPECT_EQ(Of(Fixture("xgb.json"), "model.pkl"), ContentFormat::kXgboostJson);
}

TEST(Format, Safetensors) {
  std::string ok = R"({"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},)"
                   R"("b":{"dtype":"I8","shape":[3],"data_offsets":[16,19]},"__metadata__":{"k":"v"}})";
  FormatInfo f = DetectFormat(Safetensors(ok, 19), 8 + ok.size() + 19);
  EXPECT_EQ(f.format, ContentFormat::kSafetensors);
  EXPECT_EQ(f.problem, "");
  auto problem = [](const std::string& h, size_t data) {
    std::string s = Safetensors(h, data);
    return DetectFormat(s, s.size()).problem;
  };
  EXPECT_NE(problem(ok, 20), "");  // 8 + N + end != file length
  EXPECT_NE(problem(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}})", 16), "");
  EXPECT_NE(problem(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "");  // gap
  EXPECT_NE(problem(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                    R"("a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8), "");
  EXPECT_NE(problem(R"({"a":{"dtype":"Q9","shape":[1],"data_offsets":[0,4]}})", 4), "");
  std::string huge = Le64(uint64_t{1} << 40) + "{}";
  FormatInfo h = DetectFormat(huge, huge.size());
  EXPECT_EQ(h.format, ContentFormat::kSafetensors);
  EXPECT_NE(h.problem, "");
}

TEST(Format, OtherFormats) {
  std::string onnx = std::string("\x08\x07\x12\x07pytorch\x1a\x03" "2.0\x3a\x05", 18) + "abcde";
  FormatInfo o = DetectFormat(onnx, onnx.size());
  EXPECT_EQ(o.format, ContentFormat::kOnnx) << o.detail;
  EXPECT_EQ(Of("tree\nversion=v4\nnum_class=1\n"), ContentFormat::kLightgbmText);
  EXPECT_EQ(Of("import os\n\ndef model_fn(d):\n  pass\n", "inference.py"), ContentFormat::kPythonCode);
  EXPECT_EQ(Of("numpy==1.24\nscikit-learn\n", "requirements.txt"), ContentFormat::kText);
  EXPECT_EQ(Of(""), ContentFormat::kEmpty);
  EXPECT_EQ(Of(std::string("\x93NUMPY\x01\x00", 8)), ContentFormat::kNumpy);
  std::string legacy = std::string("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15) +
                       std::string("\x80\x02M\xe9\x03.", 6);
  EXPECT_EQ(Of(legacy), ContentFormat::kTorchLegacy);
  // A zlib stream holding a tar is a nested archive.
  std::string tar(1024, '\0');
  tar.replace(0, 5, "a.txt");
  tar.replace(257, 5, "ustar");
  uLongf n = compressBound(tar.size());
  std::string z(n, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &n,
                      reinterpret_cast<const Bytef*>(tar.data()), tar.size(), 6), Z_OK);
  z.resize(n);
  EXPECT_EQ(Of(z), ContentFormat::kArchive);
  EXPECT_EQ(Of(std::string("\x01\x02\x03\x00\xff\xfe", 6)), ContentFormat::kUnknown);
}

}  // namespace
}  // namespace mg::artifact
