#include "aws/s3.h"

#include <cctype>
#include <algorithm>
#include <cstdlib>

#include "aws/xml.h"

namespace mg::aws {
namespace {

bool ValidBucket(std::string_view b) {
  if (b.size() < 3 || b.size() > 63) return false;
  for (char c : b) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '.' || c == '-')) {
      return false;
    }
  }
  auto alnum = [](char c) { return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)); };
  return alnum(b.front()) && alnum(b.back());
}

// A DNS label usable as a virtual host: no dots (TLS wildcard), no "--".
bool VirtualHostable(std::string_view b) { return b.find('.') == std::string_view::npos; }

uint64_t ParseU64(const std::string& s) {
  return s.empty() ? 0 : std::strtoull(s.c_str(), nullptr, 10);
}

ObjectInfo InfoFromHeaders(const HttpResponse& r) {
  ObjectInfo info;
  info.size = ParseU64(r.Header("content-length"));
  info.etag = r.Header("etag");
  info.last_modified = r.Header("last-modified");
  info.content_type = r.Header("content-type");
  return info;
}

}  // namespace

Result<S3Uri> ParseS3Uri(std::string_view uri, bool allow_empty_key) {
  const std::string text(uri);
  if (uri.rfind("s3://", 0) != 0) {
    return Status::Input("'" + text + "': expected an S3 URI s3://bucket/key");
  }
  std::string_view rest = uri.substr(5);
  size_t slash = rest.find('/');
  S3Uri out;
  out.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) out.key = std::string(rest.substr(slash + 1));
  if (!ValidBucket(out.bucket)) {
    return Status::Input("'" + text + "': bucket name '" + out.bucket +
                         "' is not valid (3-63 characters of a-z, 0-9, '.', '-')");
  }
  if (out.key.empty() && !allow_empty_key) {
    return Status::Input("'" + text + "': expected an object key after the bucket (s3://bucket/key)");
  }
  for (char c : out.key) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return Status::Input("'" + text + "': control character in the object key");
    }
  }
  return out;
}

Result<std::unique_ptr<S3Client>> S3Client::Create(const AwsConfig& config, ClientOptions options) {
  MG_ASSIGN_OR_RETURN(Endpoint ep, ServiceEndpoint(config, Service::kS3));
  options.retry.max_attempts = config.max_attempts;
  auto client = std::make_unique<AwsClient>(config.credentials, ep.region, "s3", ep.url, options);
  return std::make_unique<S3Client>(std::move(client), ep.custom);
}

S3Client::S3Client(std::unique_ptr<AwsClient> client, bool path_style)
    : client_(std::move(client)), path_style_(path_style) {}

Result<HttpResponse> S3Client::Call(const S3Uri& uri, HttpRequest req) const {
  std::string key_path = uri.key.empty() ? std::string() : "/" + UriEncode(uri.key, true);
  if (path_style_ || !VirtualHostable(uri.bucket)) {
    req.path = "/" + uri.bucket + key_path;
    return client_->Send(req);
  }
  req.path = key_path.empty() ? "/" : key_path;
  std::string base = client_->base_url();
  size_t scheme = base.find("://");
  base.insert(scheme + 3, uri.bucket + ".");
  return client_->SendTo(base, req);
}

Status S3Client::Error(const std::string& call, const S3Uri& uri, const HttpResponse& r) const {
  Status st = ErrorStatus("S3 " + call + " " + uri.ToString(), r);
  std::string region = r.Header("x-amz-bucket-region");
  if (!region.empty() && region != client_->region()) {
    return Status::Input(st.message() + " (the bucket is in region " + region + "; set AWS_REGION=" +
                         region + ")");
  }
  return st;
}

Result<ObjectInfo> S3Client::HeadObject(const S3Uri& uri) const {
  HttpRequest req;
  req.method = "HEAD";
  auto r = Call(uri, req);
  if (!r.ok()) return r.status().Annotate("S3 HeadObject " + uri.ToString());
  if (!r->ok()) return Error("HeadObject", uri, *r);
  return InfoFromHeaders(*r);
}

Result<ObjectInfo> S3Client::GetObject(const S3Uri& uri, const ByteSink& sink) const {
  return GetObjectRange(uri, 0, 0, sink);
}

Result<ObjectInfo> S3Client::GetObjectRange(const S3Uri& uri, uint64_t offset, uint64_t length,
                                            const ByteSink& sink, const std::string& if_match) const {
  HttpRequest req;
  if (length > 0) {
    req.headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1));
  }
  if (!if_match.empty()) req.headers.emplace_back("If-Match", if_match);
  uint64_t delivered = 0;
  bool sink_failed = false;
  req.sink = [&](std::string_view chunk) {
    delivered += chunk.size();
    Status st = sink(chunk);
    sink_failed = !st.ok();
    return st;
  };
  auto r = Call(uri, req);
  if (!r.ok()) return sink_failed ? r.status() : r.status().Annotate("S3 GetObject " + uri.ToString());
  if (!r->ok()) return Error("GetObject", uri, *r);
  ObjectInfo info = InfoFromHeaders(*r);
  if (!r->Header("content-length").empty() && delivered != info.size) {
    return Status::Input("S3 GetObject " + uri.ToString() + ": received " + std::to_string(delivered) +
                         " bytes, Content-Length said " + std::to_string(info.size));
  }
  info.size = delivered;
  return info;
}

Result<std::string> S3Client::GetObjectToString(const S3Uri& uri, uint64_t max_bytes) const {
  std::string out;
  auto info = GetObject(uri, [&](std::string_view chunk) {
    if (out.size() + chunk.size() > max_bytes) {
      return Status::Input("S3 GetObject " + uri.ToString() + ": object larger than " +
                           std::to_string(max_bytes) + " bytes");
    }
    out.append(chunk);
    return Status::Ok();
  });
  if (!info.ok()) return info.status();
  return out;
}

Status S3Client::PutObject(const S3Uri& uri, std::string_view body) const {
  HttpRequest req;
  req.method = "PUT";
  req.body = std::string(body);
  auto r = Call(uri, req);
  if (!r.ok()) return r.status().Annotate("S3 PutObject " + uri.ToString());
  return r->ok() ? Status::Ok() : Error("PutObject", uri, *r);
}

Status S3Client::PutObjectStream(const S3Uri& uri, uint64_t size,
                                 std::function<size_t(char*, size_t)> reader) const {
  HttpRequest req;
  req.method = "PUT";
  req.body_reader = std::move(reader);
  req.body_reader_size = size;
  auto r = Call(uri, req);
  if (!r.ok()) return r.status().Annotate("S3 PutObject " + uri.ToString());
  return r->ok() ? Status::Ok() : Error("PutObject", uri, *r);
}

Result<std::vector<ObjectSummary>> S3Client::ListObjects(const S3Uri& prefix, size_t max_keys) const {
  std::vector<ObjectSummary> out;
  std::string token;
  S3Uri bucket_only{prefix.bucket, ""};
  while (true) {
    HttpRequest req;
    req.query = {{"list-type", "2"}, {"prefix", prefix.key}};
    if (!token.empty()) req.query.emplace_back("continuation-token", token);
    auto r = Call(bucket_only, req);
    if (!r.ok()) return r.status().Annotate("S3 ListObjectsV2 " + prefix.ToString());
    if (!r->ok()) return Error("ListObjectsV2", prefix, *r);
    for (std::string_view c : XmlElements(r->body, "Contents")) {
      if (out.size() >= max_keys) {
        return Status::Input("S3 ListObjectsV2 " + prefix.ToString() + ": more than " +
                             std::to_string(max_keys) + " objects");
      }
      ObjectSummary s;
      s.key = XmlText(c, "Key");
      s.info.size = ParseU64(XmlText(c, "Size"));
      s.info.etag = XmlText(c, "ETag");
      s.info.last_modified = XmlText(c, "LastModified");
      out.push_back(std::move(s));
    }
    std::string next = XmlText(r->body, "NextContinuationToken");
    if (XmlText(r->body, "IsTruncated") != "true" || next.empty() || next == token) break;
    token = next;
  }
  return out;
}

Result<std::unique_ptr<S3ObjectReader>> S3ObjectReader::Open(const S3Client& client, const S3Uri& uri,
                                                             uint64_t chunk_bytes) {
  MG_ASSIGN_OR_RETURN(ObjectInfo info, client.HeadObject(uri));
  if (chunk_bytes == 0) chunk_bytes = 1;
  return std::unique_ptr<S3ObjectReader>(new S3ObjectReader(client, uri, std::move(info), chunk_bytes));
}

Result<size_t> S3ObjectReader::Read(char* buf, size_t n) {
  if (buf_pos_ == buf_.size()) {
    uint64_t fetched = offset_;  // bytes of the object consumed so far
    if (fetched >= info_.size) return size_t{0};
    uint64_t want = std::min<uint64_t>(chunk_, info_.size - fetched);
    buf_.clear();
    buf_pos_ = 0;
    auto r = client_.GetObjectRange(uri_, fetched, want,
                                    [&](std::string_view chunk) {
                                      if (buf_.size() + chunk.size() > want) {
                                        return Status::Input("S3 GetObject " + uri_.ToString() +
                                                             ": server sent more than the range asked for");
                                      }
                                      buf_.append(chunk);
                                      return Status::Ok();
                                    },
                                    info_.etag);
    if (!r.ok()) return r.status();
    if (buf_.size() != want) {
      return Status::Input("S3 GetObject " + uri_.ToString() + ": range at " + std::to_string(fetched) + " gave " +
                           std::to_string(buf_.size()) + " bytes, expected " + std::to_string(want));
    }
  }
  size_t k = std::min(n, buf_.size() - buf_pos_);
  std::copy_n(buf_.data() + buf_pos_, k, buf);
  buf_pos_ += k;
  offset_ += k;
  return k;
}

}  // namespace mg::aws
