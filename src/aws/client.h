// A SigV4-signing HTTP client for AWS APIs on libcurl (CURLOPT_AWS_SIGV4).
//
// Contract:
//  - Send() signs every attempt afresh ("aws:amz:REGION:SERVICE"), adds x-amz-security-token
//    when the credentials carry a session token, and for S3 adds x-amz-content-sha256 (the
//    hex SHA-256 of the body, or UNSIGNED-PAYLOAD for streamed uploads): curl 7.88 neither
//    adds that header nor sorts the query string, so the client builds the canonical
//    (sorted, RFC 3986-encoded) query itself.
//  - Retries, at most RetryPolicy::max_attempts tries in all, with exponential backoff and
//    full jitter (a random delay in [0, min(max_delay, base_delay * 2^n)]), when: the
//    connection fails or times out, HTTP 429 or 5xx, or an error code in the body that AWS
//    documents as throttling or transient (ThrottlingException, SlowDown, RequestTimeout...).
//    Never retries other 4xx, nor after any byte of a 2xx body reached the sink.
//  - A response with any HTTP status is a successful Send(); callers turn non-2xx into errors
//    with ParseAwsError() (both S3's XML and the JSON protocols' {"__type","message"}).
//    Send() fails only for transport errors (after retries) and sink errors, returned as is.
//  - Memory: a 2xx body goes to HttpRequest::sink when set (chunk by chunk, nothing kept);
//    otherwise it is kept up to ClientOptions::max_body_bytes (error beyond). Error bodies
//    are kept up to 1 MiB.
//  - A client may be shared between threads; calls are serialised on its connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.h"
#include "core/status.h"

namespace mg::aws {

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds base_delay{100};
  std::chrono::milliseconds max_delay{20000};
};

struct ClientOptions {
  RetryPolicy retry;
  long connect_timeout_s = 10;
  // A transfer slower than 1 byte/s for this long is aborted (and retried if nothing was
  // delivered yet); no overall cap, so large objects can stream for as long as they flow.
  long stall_timeout_s = 60;
  uint64_t max_body_bytes = uint64_t{64} << 20;
};

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string path = "/";      // already percent-encoded (see UriEncode)
  std::vector<std::pair<std::string, std::string>> query;    // raw; encoded and sorted by Send
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, signed
  std::string body;
  // Streamed upload instead of body: called to fill buf, returns bytes written (0 = end).
  // Such a request is tried once (the reader cannot be rewound).
  std::function<size_t(char* buf, size_t n)> body_reader;
  uint64_t body_reader_size = 0;
  // When set, a 2xx response body is passed here chunk by chunk instead of being kept.
  // A non-OK return aborts the transfer and becomes Send()'s result.
  std::function<Status(std::string_view chunk)> sink;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;                            // empty when streamed to the sink
  int attempts = 0;
  bool ok() const { return status >= 200 && status < 300; }
  std::string Header(const std::string& lower_name) const;
};

struct AwsError {
  std::string code;     // e.g. "NoSuchKey", "ThrottlingException" ("" if none in the body)
  std::string message;  // AWS's message, or the HTTP status text
};

// The error code and message of a non-2xx response (XML <Error> or JSON __type/message;
// "prefix#Code" types are reduced to Code; x-amzn-ErrorType is used when the body has none).
AwsError ParseAwsError(const HttpResponse& response);

// Percent-encodes per RFC 3986 (unreserved kept); '/' is kept when keep_slash.
std::string UriEncode(std::string_view s, bool keep_slash);

class AwsClient {
 public:
  // base_url: scheme://host[:port][/path]; service: SigV4 signing name ("s3", "logs"...).
  AwsClient(Credentials credentials, std::string region, std::string service, std::string base_url,
            ClientOptions options = {});
  ~AwsClient();
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  Result<HttpResponse> Send(const HttpRequest& request) const;
  // Send to another base URL (S3 virtual-hosted buckets) with the same credentials.
  Result<HttpResponse> SendTo(const std::string& base_url, const HttpRequest& request) const;

  const std::string& base_url() const { return base_url_; }
  const std::string& region() const { return region_; }
  const std::string& service() const { return service_; }

 private:
  struct Conn;
  Credentials credentials_;
  std::string region_, service_, base_url_;
  ClientOptions options_;
  std::unique_ptr<Conn> conn_;
};

// True for error codes AWS documents as throttling or transient.
bool IsRetryableErrorCode(std::string_view code);

// Status::Input("<context>: <Code>: <message>[ (after N attempts)]") for a non-2xx response,
// e.g. "S3 GetObject s3://b/k: NoSuchKey: The specified key does not exist."
Status ErrorStatus(const std::string& context, const HttpResponse& response);

}  // namespace mg::aws
