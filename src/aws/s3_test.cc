// S3 against s3rver behind the SigV4-verifying proxy (tests/servers/start-s3.sh).
#include "aws/s3.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>

#include "aws/test_servers.h"
#include "core/sha256.h"

namespace mg::aws {
namespace {

using testing::S3Config;
using testing::Var;

std::string Bucket() { return Var("MODELGATE_TEST_S3_BUCKET"); }
S3Uri Uri(const std::string& key) { return S3Uri{Bucket(), key}; }
std::string Unique(const std::string& name) {
  return "t" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "/" + name;
}

std::unique_ptr<S3Client> Client(AwsConfig c = S3Config()) {
  ClientOptions o;
  o.retry.base_delay = std::chrono::milliseconds(5);
  auto s3 = S3Client::Create(c, o);
  EXPECT_TRUE(s3.ok()) << s3.status().message();
  return std::move(s3).value();
}

// Resident set size of this process, in bytes.
uint64_t RssBytes() {
  std::ifstream in("/proc/self/statm");
  uint64_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * 4096;
}

TEST(S3, PutGetHeadSmallObject) {
  MG_REQUIRE_AWS_SERVERS();
  auto s3 = Client();
  S3Uri uri = Uri(Unique("dir with space/model+1=x.json"));
  std::string body = "{\"hello\": \"s3\"}\n";
  ASSERT_TRUE(s3->PutObject(uri, body).ok());
  auto got = s3->GetObjectToString(uri, 1024);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(*got, body);
  auto head = s3->HeadObject(uri);
  ASSERT_TRUE(head.ok()) << head.status().message();
  EXPECT_EQ(head->size, body.size());
  EXPECT_FALSE(head->etag.empty());
  auto small = s3->GetObjectToString(uri, 4);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.status().message(), "S3 GetObject " + uri.ToString() + ": object larger than 4 bytes");
}

TEST(S3, LargeObjectStreamsInBoundedMemory) {
  MG_REQUIRE_AWS_SERVERS();
  auto s3 = Client();
  S3Uri uri = Uri(Unique("large.bin"));
  const uint64_t size = uint64_t{200} << 20;
  // A deterministic, non-repeating-per-block pattern generated on the fly.
  uint64_t pos = 0;
  Sha256 sent;
  auto fill = [&](char* buf, size_t n) -> size_t {
    size_t k = static_cast<size_t>(std::min<uint64_t>(n, size - pos));
    for (size_t i = 0; i < k; ++i) {
      uint64_t x = pos + i;
      buf[i] = static_cast<char>((x * 2654435761u) >> 13);
    }
    sent.Update(buf, k);
    pos += k;
    return k;
  };
  Status put = s3->PutObjectStream(uri, size, fill);
  ASSERT_TRUE(put.ok()) << put.message();
  std::string sent_digest = sent.HexDigest();

  uint64_t before = RssBytes(), peak = before, received = 0;
  Sha256 got;
  auto info = s3->GetObject(uri, [&](std::string_view chunk) {
    got.Update(chunk);
    received += chunk.size();
    if ((received & ((1 << 22) - 1)) < chunk.size()) peak = std::max(peak, RssBytes());
    return Status::Ok();
  });
  peak = std::max(peak, RssBytes());
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->size, size);
  EXPECT_EQ(received, size);
  EXPECT_EQ(got.HexDigest(), sent_digest);
  EXPECT_LT(peak - before, uint64_t{32} << 20) << "RSS grew by " << (peak - before) << " bytes";
}

TEST(S3, SinkErrorStopsTransferUnchanged) {
  MG_REQUIRE_AWS_SERVERS();
  auto s3 = Client();
  S3Uri uri = Uri(Unique("sink.txt"));
  ASSERT_TRUE(s3->PutObject(uri, std::string(100000, 'x')).ok());
  auto r = s3->GetObject(uri, [](std::string_view) { return Status::Input("model.tar.gz: not a gzip file"); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "model.tar.gz: not a gzip file");
}

TEST(S3, ObjectReaderPullsRangesPinnedToETag) {
  MG_REQUIRE_AWS_SERVERS();
  auto s3 = Client();
  S3Uri uri = Uri(Unique("ranged.bin"));
  std::string body;
  for (int i = 0; i < 100000; ++i) body += static_cast<char>('a' + (i * 7) % 26);
  ASSERT_TRUE(s3->PutObject(uri, body).ok());
  auto reader = S3ObjectReader::Open(*s3, uri, 4096);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ((*reader)->info().size, body.size());
  std::string got;
  char buf[1500];
  while (true) {
    auto n = (*reader)->Read(buf, sizeof buf);
    ASSERT_TRUE(n.ok()) << n.status().message();
    if (*n == 0) break;
    got.append(buf, *n);
  }
  EXPECT_EQ(got, body);
  auto part = s3->GetObjectRange(uri, 10, 5, [&](std::string_view c) {
    EXPECT_EQ(c, body.substr(10, 5));
    return Status::Ok();
  });
  ASSERT_TRUE(part.ok()) << part.status().message();

  // Replaced after Open: the next range is refused rather than mixing two versions.
  auto stale = S3ObjectReader::Open(*s3, uri, 4096);
  ASSERT_TRUE(stale.ok());
  ASSERT_TRUE(s3->PutObject(uri, "replaced").ok());
  auto n = (*stale)->Read(buf, sizeof buf);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.status().message().rfind("S3 GetObject " + uri.ToString() + ": PreconditionFailed: ", 0), 0u)
      << n.status().message();
}

TEST(S3, MissingKey) {
  MG_REQUIRE_AWS_SERVERS();
  S3Uri uri = Uri("no/such/key.tar.gz");
  auto r = Client()->GetObject(uri, [](std::string_view) { return Status::Ok(); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "S3 GetObject s3://" + Bucket() + "/no/such/key.tar.gz: NoSuchKey: The specified key does not exist.");
  EXPECT_EQ(r.status().code(), Status::Code::kInput);
  auto h = Client()->HeadObject(uri);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().message(), "S3 HeadObject s3://" + Bucket() + "/no/such/key.tar.gz: NotFound: Not Found");
}

TEST(S3, MissingBucket) {
  MG_REQUIRE_AWS_SERVERS();
  auto r = Client()->GetObjectToString(S3Uri{"no-such-bucket-mg", "k"}, 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "S3 GetObject s3://no-such-bucket-mg/k: NoSuchBucket: The specified bucket does not exist");
}

TEST(S3, WrongSecretIsSignatureDoesNotMatch) {
  MG_REQUIRE_AWS_SERVERS();
  AwsConfig c = S3Config();
  c.credentials.secret_access_key += "x";
  auto r = Client(c)->GetObjectToString(Uri("any"), 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "S3 GetObject s3://" + Bucket() +
                "/any: SignatureDoesNotMatch: The request signature we calculated does not match the signature "
                "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                "documentation for details.");
}

TEST(S3, ExpiredTokenAndUnknownKey) {
  MG_REQUIRE_AWS_SERVERS();
  AwsConfig c = S3Config();
  c.credentials.session_token = Var("MODELGATE_TEST_AWS_EXPIRED_SESSION_TOKEN");
  auto r = Client(c)->GetObjectToString(Uri("any"), 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "S3 GetObject s3://" + Bucket() + "/any: ExpiredToken: The provided token has expired.");
  c = S3Config();
  c.credentials.access_key_id = "AKIAUNKNOWN";
  r = Client(c)->GetObjectToString(Uri("any"), 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "S3 GetObject s3://" + Bucket() +
                                      "/any: InvalidAccessKeyId: The AWS Access Key Id you provided does not "
                                      "exist in our records.");
}

TEST(S3, WithoutSessionToken) {
  MG_REQUIRE_AWS_SERVERS();
  AwsConfig c = S3Config();
  c.credentials.session_token.clear();
  S3Uri uri = Uri(Unique("no-token"));
  ASSERT_TRUE(Client(c)->PutObject(uri, "x").ok());
  EXPECT_EQ(Client(c)->GetObjectToString(uri, 10).value(), "x");
}

TEST(S3, SlowDownIsRetried) {
  MG_REQUIRE_AWS_SERVERS();
  auto s3 = Client();
  S3Uri uri = Uri(Unique("slowdown-2/object"));
  ASSERT_TRUE(s3->PutObject(uri, "after throttling").ok());  // PUT absorbs the 2 SlowDowns
  EXPECT_EQ(s3->GetObjectToString(uri, 100).value(), "after throttling");  // GET gets 2 too
  AwsConfig few = S3Config();
  few.max_attempts = 2;
  S3Uri hard = Uri(Unique("internalerror-5/object"));
  Status st = Client(few)->PutObject(hard, "x");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "S3 PutObject " + hard.ToString() +
                              ": InternalError: We encountered an internal error. Please try again. (after 2 attempts)");
}

TEST(S3, ListObjects) {
  MG_REQUIRE_AWS_SERVERS();
  auto s3 = Client();
  std::string dir = Unique("list/");
  for (const char* k : {"b.csv", "a.csv", "sub/c.csv"}) ASSERT_TRUE(s3->PutObject(Uri(dir + k), k).ok());
  auto list = s3->ListObjects(Uri(dir));
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].key, dir + "a.csv");
  EXPECT_EQ((*list)[0].info.size, 5u);
  EXPECT_EQ((*list)[2].key, dir + "sub/c.csv");
  auto capped = s3->ListObjects(Uri(dir), 2);
  EXPECT_FALSE(capped.ok());
}

TEST(S3, ConnectionRefusedIsRetriedThenReported) {
  AwsConfig c;
  c.credentials = {"K", "S", "", "test"};
  c.region = "us-east-1";
  c.endpoint_overrides[Service::kS3] = "http://127.0.0.1:1";
  c.max_attempts = 3;
  auto r = Client(c)->HeadObject(S3Uri{"bucket", "key"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("S3 HeadObject s3://bucket/key: HEAD http://127.0.0.1:1/bucket/key: ", 0), 0u)
      << r.status().message();
  EXPECT_NE(r.status().message().find("(after 3 attempts)"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace mg::aws
