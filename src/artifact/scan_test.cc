// modelgate inspect's scanner on archives built in the test with libarchive (no Python runs
// anything here; real model files come from the pickle fixtures).
#include "artifact/scan.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <zlib.h>

#include <ctime>
#include <cstdio>

#include "core/testing.h"
#include "pickle/test_util.h"

namespace mg::artifact {
namespace {
using mg::pickle::testing::Fixture;
using pickle::FindingKind;
using pickle::Severity;

struct Entry {
  Entry(std::string p, std::string d = "", int t = AE_IFREG, std::string l = "", bool h = false,
        uint64_t z = 0)
      : path(std::move(p)), data(std::move(d)), type(t), link(std::move(l)), hardlink(h), zeros(z) {}
  std::string path;
  std::string data;
  int type = AE_IFREG;
  std::string link;       // symlink target, or hardlink target when hardlink
  bool hardlink = false;
  uint64_t zeros = 0;     // a file of this many zero bytes (streamed)
};

std::string WriteTar(const mg::testing::TempDir& dir, const std::string& name,
                     const std::vector<Entry>& es, bool gzip = true) {
  std::string path = dir.Path(name);
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  if (gzip) {
    archive_write_add_filter_gzip(a);
    archive_write_set_filter_option(a, "gzip", "compression-level", "1");
  }
  EXPECT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  for (const auto& e : es) {
    archive_entry* en = archive_entry_new();
    archive_entry_set_pathname(en, e.path.c_str());
    archive_entry_set_filetype(en, static_cast<unsigned>(e.type));
    archive_entry_set_perm(en, 0644);
    if (e.type == AE_IFLNK) archive_entry_set_symlink(en, e.link.c_str());
    if (e.hardlink) archive_entry_set_hardlink(en, e.link.c_str());
    uint64_t size = e.type == AE_IFREG && !e.hardlink ? (e.zeros ? e.zeros : e.data.size()) : 0;
    archive_entry_set_size(en, static_cast<la_int64_t>(size));
    archive_write_header(a, en);
    if (e.zeros) {
      std::string chunk(1 << 20, '\0');
      for (uint64_t left = e.zeros; left > 0;) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(left, chunk.size()));
        archive_write_data(a, chunk.data(), n);
        left -= n;
      }
    } else if (size) {
      archive_write_data(a, e.data.data(), e.data.size());
    }
    archive_entry_free(en);
  }
  archive_write_close(a);
  archive_write_free(a);
  return path;
}

std::string Gadget() { return "cos\nsystem\n(S'id'\ntR."; }

bool Has(const ScanReport& r, Severity s, FindingKind k, const std::string& text) {
  for (const auto& f : r.findings) {
    if (f.severity == s && f.kind == k &&
        (f.detail.find(text) != std::string::npos || f.member.find(text) != std::string::npos)) {
      return true;
    }
  }
  return false;
}

std::string Dump(const ScanReport& r) { return RenderScanTree(r); }

TEST(Scan, BenignArtifactsAreClean) {
  mg::testing::TempDir d;
  auto xgb = ScanArtifact(WriteTar(d, "a.tar.gz", {{"xgboost-model", Fixture("xgb-legacy.bin")}}));
  EXPECT_EQ(xgb.verdict, "clean") << Dump(xgb);
  EXPECT_EQ(xgb.model, "xgboost-model");
  auto pickled = ScanArtifact(WriteTar(d, "b.tar.gz", {{"xgboost-model", Fixture("xgboost-model")}}));
  EXPECT_EQ(pickled.verdict, "clean") << Dump(pickled);
  EXPECT_EQ(pickled.members.at(0).format, "pickled-booster");
  auto sk = ScanArtifact(WriteTar(d, "c.tar.gz", {{"model.joblib", Fixture("rf.joblib")},
                                                  {"code/inference.py", "import joblib\n"}}));
  EXPECT_EQ(sk.verdict, "clean") << Dump(sk);
  EXPECT_TRUE(Has(sk, Severity::kLow, FindingKind::kStructure, "code/inference.py"));
  for (const auto& f : sk.findings) EXPECT_LE(f.severity, Severity::kLow) << Dump(sk);
  EXPECT_EQ(ScanExitCode(sk), 0);
  auto j = ScanToJson(sk);
  for (const char* k : {"verdict", "sha256", "format", "members", "findings"}) EXPECT_TRUE(j.contains(k)) << k;
}

TEST(Scan, PathsLinksAndDevices) {
  mg::testing::TempDir d;
  std::string model = Fixture("xgb.json");
  auto r = ScanArtifact(WriteTar(d, "a.tar.gz", {
      {"xgboost-model", model}, {"../evil.sh", "x"}, {"/etc/cron.d/x", "x"},
      {"out", "", AE_IFLNK, "../../etc/passwd"}, {"in", "", AE_IFLNK, "xgboost-model"},
      {"hard", "", AE_IFREG, "xgboost-model", true}, {"dev", "", AE_IFCHR},
      {"xgboost-model", model}}));
  EXPECT_EQ(r.verdict, "unsafe") << Dump(r);
  EXPECT_TRUE(Has(r, Severity::kCritical, FindingKind::kSafety, "../evil.sh")) << Dump(r);
  EXPECT_TRUE(Has(r, Severity::kCritical, FindingKind::kSafety, "/etc/cron.d/x")) << Dump(r);
  EXPECT_TRUE(Has(r, Severity::kHigh, FindingKind::kSafety, "../../etc/passwd")) << Dump(r);
  EXPECT_TRUE(Has(r, Severity::kLow, FindingKind::kStructure, "stays inside")) << Dump(r);
  EXPECT_TRUE(Has(r, Severity::kLow, FindingKind::kStructure, "hardlink")) << Dump(r);
  EXPECT_TRUE(Has(r, Severity::kHigh, FindingKind::kSafety, "device")) << Dump(r);
  EXPECT_TRUE(Has(r, Severity::kMedium, FindingKind::kStructure, "duplicate")) << Dump(r);
  EXPECT_EQ(ScanExitCode(r), 1);
}

TEST(Scan, LayoutProblems) {
  mg::testing::TempDir d;
  auto extra = ScanArtifact(WriteTar(d, "a.tar.gz", {{"model/xgboost-model", Fixture("xgb.json")}}));
  EXPECT_EQ(extra.verdict, "clean") << Dump(extra);
  EXPECT_TRUE(Has(extra, Severity::kMedium, FindingKind::kStructure, "extra top folder")) << Dump(extra);
  auto none = ScanArtifact(WriteTar(d, "b.tar.gz", {{"README", "hello\n"}}));
  EXPECT_EQ(none.verdict, "invalid") << Dump(none);
  EXPECT_EQ(ScanExitCode(none), 2);
  auto empty = ScanArtifact(WriteTar(d, "c.tar.gz", {}));
  EXPECT_EQ(empty.verdict, "invalid") << Dump(empty);
  std::string good = mg::testing::ReadAll(WriteTar(d, "d.tar.gz", {{"xgboost-model", Fixture("xgb.json")}}));
  auto cut = ScanArtifact(d.Write("cut.tar.gz", good.substr(0, good.size() / 2)));
  EXPECT_EQ(cut.verdict, "invalid") << Dump(cut);
  auto garbage = ScanArtifact(d.Write("junk.tar.gz", std::string("\x1f\x8b\x08\x00garbage", 11)));
  EXPECT_EQ(garbage.verdict, "invalid") << Dump(garbage);
}

TEST(Scan, MaliciousMembersAndNestedArchives) {
  mg::testing::TempDir d;
  auto ext = ScanArtifact(WriteTar(d, "a.tar.gz", {{"xgboost-model", Gadget()}}));
  EXPECT_EQ(ext.verdict, "unsafe") << Dump(ext);
  EXPECT_TRUE(Has(ext, Severity::kCritical, FindingKind::kSafety, "os.system")) << Dump(ext);
  std::string inner = mg::testing::ReadAll(WriteTar(d, "inner.tar", {{"evil.pkl", Gadget()}}, false));
  auto nested = ScanArtifact(WriteTar(d, "b.tar.gz", {{"xgboost-model", Fixture("xgb.json")},
                                                      {"extra/inner.tar", inner}}));
  EXPECT_EQ(nested.verdict, "unsafe") << Dump(nested);
  EXPECT_TRUE(Has(nested, Severity::kCritical, FindingKind::kSafety, "extra/inner.tar:evil.pkl")) << Dump(nested);
  // A malicious data.pkl inside a torch .pth zip.
  std::string pth = Fixture("model.pth");
  std::string torch_pkl = Fixture("torch_data.pkl");
  size_t at = pth.find(torch_pkl);
  ASSERT_NE(at, std::string::npos);  // stored uncompressed by zipfile
  std::string evil = Gadget();
  evil.resize(torch_pkl.size(), ' ');  // same length; the trailing spaces follow STOP
  // The CRC no longer matches: a reader may refuse it, either way it must not be clean.
  pth.replace(at, torch_pkl.size(), evil);
  auto t = ScanArtifact(WriteTar(d, "c.tar.gz", {{"model.pth", pth}}));
  EXPECT_NE(t.verdict, "clean") << Dump(t);
  auto single = ScanArtifact(d.Write("model.pkl", Gadget()));
  EXPECT_EQ(single.verdict, "unsafe") << Dump(single);
  auto good_pth = ScanArtifact(WriteTar(d, "e.tar.gz", {{"model.pth", Fixture("model.pth")}}));
  EXPECT_EQ(good_pth.verdict, "clean") << Dump(good_pth);
}

TEST(Scan, FolderInput) {
  mg::testing::TempDir d;
  d.Write("m/xgboost-model", Fixture("xgb.json"));
  d.Write("m/code/inference.py", "import os\n");
  auto r = ScanArtifact(d.Path("m"));
  EXPECT_EQ(r.verdict, "clean") << Dump(r);
  EXPECT_EQ(r.model, "xgboost-model");
}

// One gzip member of `data`.
std::string Gzip(const std::string& data, int level = 9) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A ustar header for a regular file of `size` bytes.
std::string UstarHeader(const std::string& name, uint64_t size) {
  std::string h(512, '\0');
  h.replace(0, name.size(), name);
  h.replace(100, 8, "0000644");
  h.replace(108, 8, "0000000");
  h.replace(116, 8, "0000000");
  char sz[13];
  std::snprintf(sz, sizeof sz, "%011llo", static_cast<unsigned long long>(size));
  h.replace(124, 11, sz);
  h.replace(136, 11, "00000000000");
  h[156] = '0';
  h.replace(257, 6, std::string("ustar\0", 6));
  h.replace(263, 2, "00");
  h.replace(148, 8, "        ");
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  char ck[8];
  std::snprintf(ck, sizeof ck, "%06o", sum);
  h.replace(148, 7, std::string(ck, 6) + '\0');
  return h;
}

TEST(Scan, DecompressionBombStopsAtTheCap) {
  // 2 GiB of zeros as concatenated gzip members (built in well under a second).
  mg::testing::TempDir d;
  std::string chunk = Gzip(std::string(64 << 20, '\0'));
  std::string bomb = Gzip(UstarHeader("xgboost-model", uint64_t{2} << 30));
  for (int i = 0; i < 32; ++i) bomb += chunk;
  bomb += Gzip(std::string(1024, '\0'));
  std::string path = d.Write("bomb.tar.gz", bomb);
  ScanLimits lim;
  lim.max_total_bytes = 64 << 20;
  // CPU time, not wall time: the build machine is shared and wall time is noisy.
  std::clock_t start = std::clock();
  auto r = ScanArtifact(path, lim);
  double secs = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  EXPECT_LT(secs, 1.0);
  EXPECT_TRUE(Has(r, Severity::kHigh, FindingKind::kSafety, "decompression bomb")) << Dump(r);
  EXPECT_NE(r.verdict, "clean");
  // The ratio cap alone stops it too.
  ScanLimits ratio;
  ratio.max_ratio = 20;
  auto by_ratio = ScanArtifact(path, ratio);
  EXPECT_TRUE(Has(by_ratio, Severity::kHigh, FindingKind::kSafety, "decompression bomb")) << Dump(by_ratio);
}

}  // namespace
}  // namespace mg::artifact
