#include "core/sha256.h"

#include <gtest/gtest.h>

#include "core/testing.h"

namespace mg {
namespace {

// FIPS 180-2 test vectors.
TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  Sha256 h;
  h.Update("ab");
  h.Update("c");
  EXPECT_EQ(h.HexDigest(), Sha256Hex("abc"));
}

TEST(Sha256, FileDigest) {
  testing::TempDir dir;
  std::string p = dir.Write("f", "abc");
  auto r = Sha256File(p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Sha256Hex("abc"));
  EXPECT_FALSE(Sha256File(dir.Path("missing")).ok());
}

}  // namespace
}  // namespace mg
