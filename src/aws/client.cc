#include "aws/client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <random>
#include <thread>

#include "aws/xml.h"
#include "core/sha256.h"
#include <nlohmann/json.hpp>

namespace mg::aws {
namespace {

constexpr uint64_t kMaxErrorBody = 1 << 20;

struct Transfer {
  const HttpRequest* req = nullptr;
  CURL* curl = nullptr;
  HttpResponse resp;
  uint64_t max_body = 0;
  uint64_t upload_pos = 0;
  bool delivered = false;  // a byte of a 2xx body reached the sink
  bool too_large = false;
  Status sink_status;
};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

size_t OnHeader(char* buf, size_t size, size_t n, void* ud) {
  auto* t = static_cast<Transfer*>(ud);
  std::string_view line(buf, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->resp.headers.clear();  // a new response (after 100 Continue, say)
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  t->resp.headers[Lower(std::string(line.substr(0, colon)))] = std::string(value);
  return size * n;
}

size_t OnBody(char* buf, size_t size, size_t n, void* ud) {
  auto* t = static_cast<Transfer*>(ud);
  size_t len = size * n;
  long code = 0;
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
  bool ok = code >= 200 && code < 300;
  if (ok && t->req->sink) {
    t->delivered = true;
    Status s = t->req->sink(std::string_view(buf, len));
    if (!s.ok()) {
      t->sink_status = s;
      return 0;  // aborts the transfer
    }
    return len;
  }
  uint64_t cap = ok ? t->max_body : kMaxErrorBody;
  if (t->resp.body.size() + len > cap) {
    if (ok) {
      t->too_large = true;
      return 0;
    }
    t->resp.body.append(buf, cap - t->resp.body.size());
    return len;
  }
  t->resp.body.append(buf, len);
  return len;
}

size_t OnRead(char* buf, size_t size, size_t n, void* ud) {
  auto* t = static_cast<Transfer*>(ud);
  size_t want = size * n;
  if (t->req->body_reader) return t->req->body_reader(buf, want);
  const std::string& body = t->req->body;
  size_t got = std::min<uint64_t>(want, body.size() - t->upload_pos);
  std::copy_n(body.data() + t->upload_pos, got, buf);
  t->upload_pos += got;
  return got;
}

bool TransientCurlError(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  for (const auto& [k, v] : query) enc.emplace_back(UriEncode(k, false), UriEncode(v, false));
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool IsRetryableErrorCode(std::string_view code) {
  static const char* kCodes[] = {
      "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
      "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
      "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
      "PriorRequestNotComplete", "TransactionInProgressException", "EC2ThrottledException",
      "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
      "ServiceUnavailable", "ServiceUnavailableException"};
  for (const char* c : kCodes) {
    if (code == c) return true;
  }
  return false;
}

AwsError ParseAwsError(const HttpResponse& r) {
  AwsError e;
  std::string_view body = r.body;
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && body[start] == '{') {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_object()) {
      for (const char* k : {"__type", "code", "Code"}) {
        if (j.contains(k) && j[k].is_string()) {
          e.code = j[k].get<std::string>();
          break;
        }
      }
      for (const char* k : {"message", "Message", "errorMessage"}) {
        if (j.contains(k) && j[k].is_string()) {
          e.message = j[k].get<std::string>();
          break;
        }
      }
    }
  } else if (start != std::string_view::npos && body[start] == '<') {
    e.code = XmlText(body, "Code");
    e.message = XmlText(body, "Message");
  }
  if (e.code.empty()) {
    e.code = r.Header("x-amzn-errortype");
    size_t colon = e.code.find(':');
    if (colon != std::string::npos) e.code.resize(colon);
  }
  size_t hash = e.code.rfind('#');
  if (hash != std::string::npos) e.code = e.code.substr(hash + 1);
  if (e.code.empty()) {
    // S3 HEAD errors have no body: name them as the CLI does.
    switch (r.status) {
      case 301: e.code = "PermanentRedirect"; e.message = "Moved Permanently"; break;
      case 403: e.code = "Forbidden"; e.message = "Forbidden (access denied or a bad signature)"; break;
      case 404: e.code = "NotFound"; e.message = "Not Found"; break;
      default: e.code = "HTTP" + std::to_string(r.status);
    }
  }
  if (e.message.empty()) e.message = "HTTP status " + std::to_string(r.status);
  return e;
}

struct AwsClient::Conn {
  std::mutex mu;
  CURL* curl = nullptr;
  std::mt19937_64 rng{std::random_device{}()};
};

AwsClient::AwsClient(Credentials credentials, std::string region, std::string service,
                     std::string base_url, ClientOptions options)
    : credentials_(std::move(credentials)),
      region_(std::move(region)),
      service_(std::move(service)),
      base_url_(std::move(base_url)),
      options_(options),
      conn_(std::make_unique<Conn>()) {
  GlobalInit();
  conn_->curl = curl_easy_init();
}

AwsClient::~AwsClient() {
  if (conn_->curl != nullptr) curl_easy_cleanup(conn_->curl);
}

Result<HttpResponse> AwsClient::Send(const HttpRequest& request) const { return SendTo(base_url_, request); }

Result<HttpResponse> AwsClient::SendTo(const std::string& base_url, const HttpRequest& req) const {
  std::lock_guard<std::mutex> lock(conn_->mu);
  CURL* curl = conn_->curl;
  if (curl == nullptr) return Status::Internal("curl_easy_init failed");
  std::string url = base_url + req.path;
  if (!req.query.empty()) url += "?" + CanonicalQuery(req.query);
  const std::string sigv4 = "aws:amz:" + region_ + ":" + service_;

  std::vector<std::string> headers;
  for (const auto& [k, v] : req.headers) headers.push_back(k + ": " + v);
  if (!credentials_.session_token.empty()) {
    headers.push_back("x-amz-security-token: " + credentials_.session_token);
  }
  if (service_ == "s3") {
    headers.push_back(std::string("x-amz-content-sha256: ") +
                      (req.body_reader ? "UNSIGNED-PAYLOAD" : Sha256Hex(req.body)));
  }

  const int max_attempts = req.body_reader ? 1 : std::max(1, options_.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    Transfer t;
    t.req = &req;
    t.curl = curl;
    t.max_body = options_.max_body_bytes;
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());

    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, credentials_.access_key_id.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, credentials_.secret_access_key.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "modelgate/0.1");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, options_.stall_timeout_s);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    if (req.method == "HEAD") {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (req.method == "PUT") {
      curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(curl, CURLOPT_READFUNCTION, OnRead);
      curl_easy_setopt(curl, CURLOPT_READDATA, &t);
      curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE,
                       static_cast<curl_off_t>(req.body_reader ? req.body_reader_size : req.body.size()));
    } else if (req.method == "POST") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    } else if (req.method != "GET") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &t.resp.status);
    curl_slist_free_all(list);
    t.resp.attempts = attempt;

    if (!t.sink_status.ok()) return t.sink_status;
    if (t.too_large) {
      return Status::Input(req.method + " " + url + ": response body larger than " +
                           std::to_string(options_.max_body_bytes) + " bytes");
    }
    std::string suffix = attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : "";
    if (rc != CURLE_OK) {
      if (!TransientCurlError(rc) || t.delivered || attempt >= max_attempts) {
        std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
        return Status::Input(req.method + " " + url + ": " + detail + suffix);
      }
    } else {
      if (t.resp.ok()) return t.resp;
      bool retryable = t.resp.status == 429 || t.resp.status >= 500 ||
                       IsRetryableErrorCode(ParseAwsError(t.resp).code);
      if (!retryable || attempt >= max_attempts) return t.resp;
    }
    // Full jitter: uniform in [0, min(max_delay, base * 2^(attempt-1))].
    double cap = std::min<double>(options_.retry.max_delay.count(),
                                  options_.retry.base_delay.count() * double(1ull << std::min(attempt - 1, 30)));
    std::uniform_real_distribution<double> dist(0.0, cap);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(dist(conn_->rng) * 1000)));
  }
}

Status ErrorStatus(const std::string& context, const HttpResponse& response) {
  AwsError e = ParseAwsError(response);
  std::string msg = context + ": " + e.code + ": " + e.message;
  if (response.attempts > 1) msg += " (after " + std::to_string(response.attempts) + " attempts)";
  return Status::Input(msg);
}

}  // namespace mg::aws
