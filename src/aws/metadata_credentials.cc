#include "aws/metadata_credentials.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "core/env.h"

namespace mg::aws {
namespace {

struct Reply {
  long status = 0;
  std::string body;
};

size_t Collect(char* buf, size_t size, size_t n, void* ud) {
  auto* body = static_cast<std::string*>(ud);
  if (body->size() + size * n > (1 << 16)) return 0;  // metadata answers are small
  body->append(buf, size * n);
  return size * n;
}

// One unsigned request, no retries, short timeouts.
Result<Reply> Fetch(const std::string& method, const std::string& url, const std::vector<std::string>& headers) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Internal("curl_easy_init failed");
  Reply reply;
  char err[CURL_ERROR_SIZE] = {0};
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return Status::Input(method + " " + url + ": " + (err[0] ? err : curl_easy_strerror(rc)));
  if (reply.status != 200) {
    return Status::Input(method + " " + url + ": HTTP " + std::to_string(reply.status) + " " + reply.body.substr(0, 200));
  }
  return reply;
}

Result<Credentials> ParseCredentials(const std::string& body, const std::string& url, const std::string& source) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  auto str = [&](const char* k) {
    return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
  };
  Credentials c{str("AccessKeyId"), str("SecretAccessKey"), str("Token"), source};
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return Status::Input(url + ": expected JSON with AccessKeyId, SecretAccessKey and Token");
  }
  return c;
}

std::string Get(const EnvLookup& env, const std::string& k) {
  auto v = env(k);
  return v ? *v : std::string();
}

}  // namespace

Result<std::optional<Credentials>> ContainerCredentials(const EnvLookup& env) {
  std::string relative = Get(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  std::string url = relative.empty() ? Get(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")
                                     : "http://169.254.170.2" + relative;
  if (url.empty()) return std::optional<Credentials>();
  std::vector<std::string> headers;
  std::string token = Get(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
  std::string token_file = Get(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  if (!token_file.empty()) {
    MG_ASSIGN_OR_RETURN(token, ReadFile(token_file, 1 << 16));
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  }
  if (!token.empty()) headers.push_back("Authorization: " + token);
  MG_ASSIGN_OR_RETURN(Reply r, Fetch("GET", url, headers));
  MG_ASSIGN_OR_RETURN(Credentials c, ParseCredentials(r.body, url, "container credentials " + url));
  return std::optional<Credentials>(c);
}

Result<std::optional<Credentials>> InstanceCredentials(const EnvLookup& env) {
  std::string disabled = Get(env, "AWS_EC2_METADATA_DISABLED");
  if (disabled == "true" || disabled == "TRUE" || disabled == "1") return std::optional<Credentials>();
  std::string base = Get(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (base.empty()) base = "http://169.254.169.254";
  while (!base.empty() && base.back() == '/') base.pop_back();
  MG_ASSIGN_OR_RETURN(Reply tok, Fetch("PUT", base + "/latest/api/token",
                                       {"X-aws-ec2-metadata-token-ttl-seconds: 21600"}));
  std::vector<std::string> auth = {"X-aws-ec2-metadata-token: " + tok.body};
  const std::string roles_url = base + "/latest/meta-data/iam/security-credentials/";
  MG_ASSIGN_OR_RETURN(Reply roles, Fetch("GET", roles_url, auth));
  std::string role = roles.body.substr(0, roles.body.find('\n'));
  if (role.empty() || role.find('/') != std::string::npos) {
    return Status::Input(roles_url + ": no IAM role attached to the instance");
  }
  MG_ASSIGN_OR_RETURN(Reply creds, Fetch("GET", roles_url + role, auth));
  MG_ASSIGN_OR_RETURN(Credentials c, ParseCredentials(creds.body, roles_url + role, "instance metadata role " + role));
  return std::optional<Credentials>(c);
}

}  // namespace mg::aws
