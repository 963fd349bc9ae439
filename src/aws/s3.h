// Amazon S3: s3:// URIs, and GetObject (streamed), HeadObject, PutObject, ListObjectsV2.
//
// Contract:
//  - ParseS3Uri accepts "s3://bucket/key" (bucket: 3-63 of a-z 0-9 . -, starting and
//    ending with a letter or digit); the key may be empty only with allow_empty_key
//    (prefixes for listing). Errors: Status::Input naming the URI and what was expected.
//  - Addressing: path-style (ENDPOINT/bucket/key) with a custom endpoint, as the aws CLI
//    does; virtual-hosted (https://bucket.s3.REGION.amazonaws.com/key) on AWS for buckets
//    whose names are DNS labels, path-style otherwise.
//  - GetObject streams the body to the sink in order, in chunks of at most a few hundred KiB,
//    keeping nothing: memory stays bounded whatever the object's size. Throttling and 5xx
//    are retried before the first byte; a connection lost mid-object is an error.
//  - Every error is Status::Input "S3 <Call> s3://bucket/key: <Code>: <Message>" with AWS's
//    code and message (NoSuchKey, NoSuchBucket, AccessDenied, ExpiredToken,
//    SignatureDoesNotMatch...), "(after N attempts)" when retried, and the bucket's region
//    when AWS says it is in another one. Sink errors are returned unchanged.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client.h"
#include "aws/credentials.h"
#include "core/status.h"

namespace mg::aws {

struct S3Uri {
  std::string bucket;
  std::string key;
  std::string ToString() const { return "s3://" + bucket + "/" + key; }
};

Result<S3Uri> ParseS3Uri(std::string_view uri, bool allow_empty_key = false);

struct ObjectInfo {
  uint64_t size = 0;
  std::string etag;
  std::string last_modified;  // as S3 sends it (RFC 1123 for Head/Get, ISO 8601 in lists)
  std::string content_type;
};

struct ObjectSummary {
  std::string key;
  ObjectInfo info;
};

using ByteSink = std::function<Status(std::string_view chunk)>;

class S3Client {
 public:
  // Endpoint, region and credentials from config (see credentials.h).
  static Result<std::unique_ptr<S3Client>> Create(const AwsConfig& config, ClientOptions options = {});
  S3Client(std::unique_ptr<AwsClient> client, bool path_style);

  Result<ObjectInfo> HeadObject(const S3Uri& uri) const;
  Result<ObjectInfo> GetObject(const S3Uri& uri, const ByteSink& sink) const;
  // Bytes [offset, offset + length) (Range request); with if_match, only while the object's
  // ETag is still if_match (else PreconditionFailed). Streams to sink like GetObject.
  Result<ObjectInfo> GetObjectRange(const S3Uri& uri, uint64_t offset, uint64_t length, const ByteSink& sink,
                                    const std::string& if_match = "") const;
  // The whole object in memory; an error when it is larger than max_bytes.
  Result<std::string> GetObjectToString(const S3Uri& uri, uint64_t max_bytes) const;
  Status PutObject(const S3Uri& uri, std::string_view body) const;
  // Streamed upload of exactly size bytes from reader (UNSIGNED-PAYLOAD; tried once).
  Status PutObjectStream(const S3Uri& uri, uint64_t size, std::function<size_t(char*, size_t)> reader) const;
  // Every object under uri.key (a prefix), following continuation tokens; at most max_keys.
  Result<std::vector<ObjectSummary>> ListObjects(const S3Uri& prefix, size_t max_keys = 100000) const;

 private:
  Result<HttpResponse> Call(const S3Uri& uri, HttpRequest req) const;
  Status Error(const std::string& call, const S3Uri& uri, const HttpResponse& r) const;
  std::unique_ptr<AwsClient> client_;
  bool path_style_;
};

// A pull-style reader over one S3 object (for libarchive's read callback, say): reads it in
// ranged GETs of chunk_bytes, each retried on its own, all pinned to the ETag seen at Open
// (an object replaced meanwhile is an error, not a mix). Memory: one chunk.
class S3ObjectReader {
 public:
  // HeadObject, then nothing until the first Read. The client must outlive the reader.
  static Result<std::unique_ptr<S3ObjectReader>> Open(const S3Client& client, const S3Uri& uri,
                                                      uint64_t chunk_bytes = uint64_t{8} << 20);
  // Up to n bytes into buf; 0 at the end of the object.
  Result<size_t> Read(char* buf, size_t n);
  const ObjectInfo& info() const { return info_; }
  uint64_t offset() const { return offset_; }

 private:
  S3ObjectReader(const S3Client& client, S3Uri uri, ObjectInfo info, uint64_t chunk)
      : client_(client), uri_(std::move(uri)), info_(std::move(info)), chunk_(chunk) {}
  const S3Client& client_;
  S3Uri uri_;
  ObjectInfo info_;
  uint64_t chunk_;
  uint64_t offset_ = 0;  // next byte of the object to hand out
  std::string buf_;
  size_t buf_pos_ = 0;
};

}  // namespace mg::aws
