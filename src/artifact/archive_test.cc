#include "artifact/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <fstream>

#include "artifact/artifact.h"
#include "core/sha256.h"
#include "core/testing.h"

namespace mg::artifact {
namespace {

struct Entry {
  Entry(std::string p, std::string d, int t = AE_IFREG, std::string l = "")
      : path(std::move(p)), data(std::move(d)), type(t), link(std::move(l)) {}
  std::string path;
  std::string data;
  int type;
  std::string link;
};

// Writes a gzip'd pax tar with libarchive (test-only writer).
std::string MakeTarGz(const testing::TempDir& dir, const std::string& name, const std::vector<Entry>& entries) {
  std::string path = dir.Path(name);
  archive* a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  archive_write_open_filename(a, path.c_str());
  for (const auto& e : entries) {
    archive_entry* en = archive_entry_new();
    archive_entry_set_pathname(en, e.path.c_str());
    archive_entry_set_filetype(en, e.type);
    archive_entry_set_perm(en, 0644);
    if (e.type == AE_IFLNK) archive_entry_set_symlink(en, e.link.c_str());
    archive_entry_set_size(en, e.type == AE_IFREG ? static_cast<la_int64_t>(e.data.size()) : 0);
    archive_write_header(a, en);
    if (e.type == AE_IFREG) archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(en);
  }
  archive_write_close(a);
  archive_write_free(a);
  return path;
}

TEST(WalkArchive, ListsMembersWithSizesAndDigests) {
  testing::TempDir dir;
  std::string p = MakeTarGz(dir, "m.tar.gz", {{"xgboost-model", "binf-model-bytes"}, {"code/", "", AE_IFDIR}, {"code/inference.py", "print(1)"}});
  auto r = WalkArchive(p, {}, [](const std::string&) { return 4u; });
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->members.size(), 3u);
  EXPECT_EQ(r->members[0].path, "xgboost-model");
  EXPECT_EQ(r->members[0].size, 16u);
  EXPECT_EQ(r->members[0].sha256, Sha256Hex("binf-model-bytes"));
  EXPECT_EQ(r->members[0].head, "binf");
  EXPECT_EQ(r->members[1].type, MemberType::kDirectory);
  EXPECT_EQ(r->members[2].path, "code/inference.py");
  EXPECT_EQ(r->total_size, 16u + 8u);
  EXPECT_EQ(r->filter, "gzip");
  EXPECT_EQ(r->sha256, *Sha256File(p));
  EXPECT_FALSE(r->stopped_at_cap);
}

TEST(WalkArchive, ReportsSymlinkTargets) {
  testing::TempDir dir;
  std::string p = MakeTarGz(dir, "m.tar.gz", {{"model", "", AE_IFLNK, "/etc/passwd"}});
  auto r = WalkArchive(p, {}, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->members[0].type, MemberType::kSymlink);
  EXPECT_EQ(r->members[0].link_target, "/etc/passwd");
}

TEST(WalkArchive, TruncatedGzipIsAnErrorNamingTheArchive) {
  testing::TempDir dir;
  std::string big(200000, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  std::string p = MakeTarGz(dir, "m.tar.gz", {{"xgboost-model", big}});
  std::string bytes = testing::ReadAll(p);
  std::string cut = dir.Write("cut.tar.gz", bytes.substr(0, bytes.size() / 2));
  auto r = WalkArchive(cut, {}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInput);
  EXPECT_NE(r.status().message().find("cut.tar.gz"), std::string::npos);
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << r.status().message();
}

TEST(WalkArchive, NotAnArchive) {
  testing::TempDir dir;
  std::string p = dir.Write("model.tar.gz", "this is plain text, not a tarball\n");
  auto r = WalkArchive(p, {}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("model.tar.gz"), std::string::npos);
}

TEST(WalkArchive, StopsAtTheRatioCapWhateverTheHeaderSays) {
  testing::TempDir dir;
  std::string p = MakeTarGz(dir, "bomb.tar.gz", {{"xgboost-model", std::string(50 << 20, '\0')}});
  ArchiveLimits limits;
  limits.max_ratio = 10;  // the archive is ~50 KiB: stop after ~500 KiB
  auto r = WalkArchive(p, limits, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->stopped_at_cap);
  EXPECT_LT(r->total_size, 2u << 20);
  EXPECT_TRUE(r->members.back().truncated_by_cap);
  EXPECT_NE(r->cap_detail.find("xgboost-model"), std::string::npos);
}

TEST(UnsafeMemberPath, Detection) {
  EXPECT_TRUE(IsUnsafeMemberPath("/etc/cron.d/x"));
  EXPECT_TRUE(IsUnsafeMemberPath("../x"));
  EXPECT_TRUE(IsUnsafeMemberPath("a/../../x"));
  EXPECT_TRUE(IsUnsafeMemberPath("C:evil"));
  EXPECT_TRUE(IsUnsafeMemberPath(""));
  EXPECT_FALSE(IsUnsafeMemberPath("xgboost-model"));
  EXPECT_FALSE(IsUnsafeMemberPath("./code/inference.py"));
  EXPECT_FALSE(IsUnsafeMemberPath("a..b/c"));
}

TEST(InspectModelArchive, FindsTheXgboostModelByContent) {
  testing::TempDir dir;
  std::string p = MakeTarGz(dir, "m.tar.gz", {{"README", "notes"}, {"xgboost-model", std::string("binf") + std::string(100, '\1')}});
  auto r = InspectModelArchive(p);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->model_member, "xgboost-model");
  EXPECT_EQ(r->format, ModelFormat::kXgboostBinary);
  EXPECT_EQ(r->model_bytes.size(), 104u);
}

TEST(InspectModelArchive, RefusesTraversalMembers) {
  testing::TempDir dir;
  std::string p = MakeTarGz(dir, "m.tar.gz", {{"xgboost-model", "binf"}, {"../../etc/profile.d/x.sh", "id"}});
  auto r = InspectModelArchive(p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("../../etc/profile.d/x.sh"), std::string::npos);
}

TEST(InspectModelArchive, NoModelListsTheMembers) {
  testing::TempDir dir;
  std::string p = MakeTarGz(dir, "m.tar.gz", {{"notes.txt", "hello"}, {"model/", "", AE_IFDIR}});
  auto r = InspectModelArchive(p);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no model file"), std::string::npos);
  EXPECT_NE(r.status().message().find("notes.txt"), std::string::npos);
}

TEST(SniffModelFormat, ByContentNotName) {
  EXPECT_EQ(SniffModelFormat("binf\x3f\x1e"), ModelFormat::kXgboostBinary);
  EXPECT_EQ(SniffModelFormat("{\"learner\": {}, \"version\": [1, 7, 4]}"), ModelFormat::kXgboostJson);
  EXPECT_EQ(SniffModelFormat("\x80\x04\x95"), ModelFormat::kPickle);
  EXPECT_EQ(SniffModelFormat("hello world"), ModelFormat::kUnknown);
  EXPECT_EQ(SniffModelFormat(""), ModelFormat::kUnknown);
}

}  // namespace
}  // namespace mg::artifact
