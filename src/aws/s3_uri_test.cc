// Offline parts of the aws module: S3 URIs, percent-encoding, XML and error bodies.
#include <gtest/gtest.h>

#include "aws/client.h"
#include "aws/s3.h"
#include "aws/xml.h"

namespace mg::aws {
namespace {

TEST(S3Uri, Parses) {
  auto u = ParseS3Uri("s3://my-bucket/path/to/model.tar.gz");
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->bucket, "my-bucket");
  EXPECT_EQ(u->key, "path/to/model.tar.gz");
  EXPECT_EQ(u->ToString(), "s3://my-bucket/path/to/model.tar.gz");
  auto odd = ParseS3Uri("s3://b.with.dots/a b/c+d=e?f");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->key, "a b/c+d=e?f");
}

TEST(S3Uri, PrefixNeedsAllowEmptyKey) {
  EXPECT_FALSE(ParseS3Uri("s3://bucket").ok());
  EXPECT_FALSE(ParseS3Uri("s3://bucket/").ok());
  auto p = ParseS3Uri("s3://bucket/", true);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->key, "");
  EXPECT_EQ(ParseS3Uri("s3://bucket", true)->ToString(), "s3://bucket/");
}

TEST(S3Uri, Errors) {
  EXPECT_EQ(ParseS3Uri("https://bucket/key").status().message(),
            "'https://bucket/key': expected an S3 URI s3://bucket/key");
  EXPECT_EQ(ParseS3Uri("s3://Bucket/key").status().message(),
            "'s3://Bucket/key': bucket name 'Bucket' is not valid (3-63 characters of a-z, 0-9, '.', '-')");
  EXPECT_FALSE(ParseS3Uri("s3://ab/key").ok());
  EXPECT_FALSE(ParseS3Uri("s3://-bucket/key").ok());
  EXPECT_EQ(ParseS3Uri("s3://bucket").status().message(),
            "'s3://bucket': expected an object key after the bucket (s3://bucket/key)");
  EXPECT_FALSE(ParseS3Uri("s3://bucket/a\nb").ok());
}

TEST(UriEncode, Rfc3986) {
  EXPECT_EQ(UriEncode("a b/c+d=e~f_g.h-i", true), "a%20b/c%2Bd%3De~f_g.h-i");
  EXPECT_EQ(UriEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(UriEncode("\xc3\xa9", false), "%C3%A9");
}

TEST(Xml, TextAndElements) {
  std::string xml =
      "<ListBucketResult><Contents><Key>a&amp;b</Key><Size>3</Size></Contents>"
      "<Contents><Key>c&#233;&lt;</Key><Size>4</Size></Contents><IsTruncated>false</IsTruncated>"
      "<ContentsX>no</ContentsX></ListBucketResult>";
  auto els = XmlElements(xml, "Contents");
  ASSERT_EQ(els.size(), 2u);
  EXPECT_EQ(XmlText(els[0], "Key"), "a&b");
  EXPECT_EQ(XmlText(els[1], "Key"), "c\xc3\xa9<");
  EXPECT_EQ(XmlText(xml, "IsTruncated"), "false");
  EXPECT_EQ(XmlText(xml, "Missing"), "");
}

TEST(ParseAwsError, S3Xml) {
  HttpResponse r;
  r.status = 403;
  r.body = "<?xml version=\"1.0\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";
  AwsError e = ParseAwsError(r);
  EXPECT_EQ(e.code, "AccessDenied");
  EXPECT_EQ(e.message, "Access Denied");
  EXPECT_EQ(ErrorStatus("S3 GetObject s3://b/k", r).message(), "S3 GetObject s3://b/k: AccessDenied: Access Denied");
}

TEST(ParseAwsError, JsonWithNamespacedType) {
  HttpResponse r;
  r.status = 400;
  r.attempts = 3;
  r.body = R"({"__type":"com.amazonaws.sagemaker#ThrottlingException","message":"Rate exceeded"})";
  EXPECT_EQ(ParseAwsError(r).code, "ThrottlingException");
  EXPECT_EQ(ErrorStatus("X", r).message(), "X: ThrottlingException: Rate exceeded (after 3 attempts)");
  EXPECT_TRUE(IsRetryableErrorCode("ThrottlingException"));
  EXPECT_TRUE(IsRetryableErrorCode("SlowDown"));
  EXPECT_FALSE(IsRetryableErrorCode("ValidationException"));
}

TEST(ParseAwsError, NoBody) {
  HttpResponse r;
  r.status = 404;
  EXPECT_EQ(ParseAwsError(r).code, "NotFound");
  r.status = 400;
  r.headers["x-amzn-errortype"] = "ValidationException:http://internal.amazon.com/";
  EXPECT_EQ(ParseAwsError(r).code, "ValidationException");
  EXPECT_EQ(ParseAwsError(r).message, "HTTP status 400");
}

}  // namespace
}  // namespace mg::aws
