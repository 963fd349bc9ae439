#include "core/env.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/testing.h"

namespace mg {
namespace {

TEST(Env, ReadFileReturnsContents) {
  testing::TempDir dir;
  std::string p = dir.Write("a.txt", std::string("x\0y", 3));
  auto r = ReadFile(p);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, std::string("x\0y", 3));
}

TEST(Env, ReadFileMissingNamesThePath) {
  auto r = ReadFile("/nonexistent/modelgate/file");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInput);
  EXPECT_NE(r.status().message().find("/nonexistent/modelgate/file"), std::string::npos);
}

TEST(Env, ReadFileEnforcesTheCap) {
  testing::TempDir dir;
  std::string p = dir.Write("big", std::string(100, 'a'));
  auto r = ReadFile(p, 99);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("limit of 99"), std::string::npos);
  EXPECT_TRUE(ReadFile(p, 100).ok());
}

TEST(Env, WriteFileAtomicReplacesAndLeavesNoTemporaries) {
  testing::TempDir dir;
  std::string p = dir.Path("out.json");
  ASSERT_TRUE(WriteFileAtomic(p, "old").ok());
  ASSERT_TRUE(WriteFileAtomic(p, "new").ok());
  EXPECT_EQ(*ReadFile(p), "new");
  EXPECT_EQ(ListFiles(dir.path()).size(), 1u);
}

TEST(Env, WriteFileAtomicIntoMissingDirectoryFails) {
  testing::TempDir dir;
  Status st = WriteFileAtomic(dir.Path("no/such/dir/out.json"), "x");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("out.json"), std::string::npos);
}

TEST(Env, EnsureWritableDirectoryCreatesParents) {
  testing::TempDir dir;
  EXPECT_TRUE(EnsureWritableDirectory(dir.Path("a/b/c")).ok());
  EXPECT_TRUE(IsDirectory(dir.Path("a/b/c")));
  std::string file = dir.Write("plain", "x");
  EXPECT_FALSE(EnsureWritableDirectory(file).ok());
}

}  // namespace
}  // namespace mg
