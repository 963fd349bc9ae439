#include "aws/credentials.h"

#include <cstdlib>
#include <vector>

#include "aws/ini.h"
#include "core/env.h"

namespace mg::aws {
namespace {

constexpr uint64_t kMaxConfigBytes = 1 << 20;

std::string Get(const EnvLookup& env, const std::string& name) {
  auto v = env(name);
  return v ? *v : std::string();
}

struct Files {
  std::string credentials_path, config_path;
  IniFile credentials, config;
};

// A missing file is an empty one; an unreadable or malformed one is an error.
Status LoadIni(const std::string& path, IniFile* out) {
  if (path.empty() || !FileExists(path)) return Status::Ok();
  MG_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxConfigBytes));
  MG_ASSIGN_OR_RETURN(*out, ParseIni(text, path));
  return Status::Ok();
}

const IniSection* ConfigSection(const Files& f, const std::string& profile) {
  auto it = f.config.find("profile " + profile);
  if (it == f.config.end() && profile == "default") it = f.config.find("default");
  return it == f.config.end() ? nullptr : &it->second;
}

const IniSection* CredentialsSection(const Files& f, const std::string& profile) {
  auto it = f.credentials.find(profile);
  return it == f.credentials.end() ? nullptr : &it->second;
}

std::string Value(const IniSection* s, const std::string& key) {
  if (s == nullptr) return {};
  auto it = s->find(key);
  return it == s->end() ? std::string() : it->second;
}

// Static keys from one section, or an error for a half-filled or unsupported one.
Result<std::optional<Credentials>> FromSection(const IniSection* s, const std::string& where,
                                               const std::string& profile) {
  if (s == nullptr) return std::optional<Credentials>();
  std::string id = Value(s, "aws_access_key_id"), secret = Value(s, "aws_secret_access_key");
  if (!id.empty() && !secret.empty()) {
    return std::optional<Credentials>(Credentials{id, secret, Value(s, "aws_session_token"), where});
  }
  if (!id.empty() || !secret.empty()) {
    return Status::Input(where + ": profile '" + profile + "' has " +
                         (id.empty() ? "aws_secret_access_key but no aws_access_key_id"
                                     : "aws_access_key_id but no aws_secret_access_key"));
  }
  for (const char* key : {"role_arn", "sso_session", "sso_start_url", "credential_process",
                          "web_identity_token_file"}) {
    if (!Value(s, key).empty()) {
      return Status::Input(where + ": profile '" + profile + "' uses " + key +
                           ", which modelgate does not support; export static credentials, e.g. "
                           "eval \"$(aws configure export-credentials --profile " + profile +
                           " --format env)\"");
    }
  }
  return std::optional<Credentials>();
}

Result<Credentials> FindCredentials(const EnvLookup& env, const Files& f, const std::string& profile,
                                    bool profile_from_flag) {
  std::string id = Get(env, "AWS_ACCESS_KEY_ID"), secret = Get(env, "AWS_SECRET_ACCESS_KEY");
  if (!profile_from_flag) {
    if (!id.empty() && !secret.empty()) {
      return Credentials{id, secret, Get(env, "AWS_SESSION_TOKEN"), "environment"};
    }
    if (!id.empty() || !secret.empty()) {
      return Status::Input(std::string("partial AWS credentials in the environment: ") +
                           (id.empty() ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
                                       : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"));
    }
  }
  MG_ASSIGN_OR_RETURN(auto from_creds,
                      FromSection(CredentialsSection(f, profile), f.credentials_path, profile));
  if (from_creds) return *from_creds;
  MG_ASSIGN_OR_RETURN(auto from_config, FromSection(ConfigSection(f, profile), f.config_path, profile));
  if (from_config) return *from_config;
  std::string looked = profile_from_flag ? "" : "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (unset), ";
  return Status::Input("no AWS credentials found: looked in " + looked + "profile '" + profile +
                       "' in " + f.credentials_path +
                       (FileExists(f.credentials_path) ? "" : " (no such file)") + " and in " +
                       f.config_path + (FileExists(f.config_path) ? "" : " (no such file)") +
                       "; instance, container and SSO credentials are not supported");
}

std::string StripSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

const char* SigningName(Service s) {
  switch (s) {
    case Service::kS3: return "s3";
    case Service::kSageMaker: return "sagemaker";
    case Service::kLogs: return "logs";
  }
  return "?";
}

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<AwsConfig> LoadAwsConfig(const LoadOptions& opts) {
  EnvLookup env = opts.env ? opts.env : ProcessEnv();
  std::string home = Get(env, "HOME");
  Files f;
  f.credentials_path = Get(env, "AWS_SHARED_CREDENTIALS_FILE");
  if (f.credentials_path.empty()) f.credentials_path = home + "/.aws/credentials";
  f.config_path = Get(env, "AWS_CONFIG_FILE");
  if (f.config_path.empty()) f.config_path = home + "/.aws/config";
  MG_RETURN_IF_ERROR(LoadIni(f.credentials_path, &f.credentials));
  MG_RETURN_IF_ERROR(LoadIni(f.config_path, &f.config));

  AwsConfig cfg;
  bool profile_from_flag = !opts.profile.empty();
  cfg.profile = profile_from_flag ? opts.profile : Get(env, "AWS_PROFILE");
  bool explicit_profile = !cfg.profile.empty();
  if (cfg.profile.empty()) cfg.profile = "default";
  const IniSection* conf = ConfigSection(f, cfg.profile);
  if (explicit_profile && conf == nullptr && CredentialsSection(f, cfg.profile) == nullptr) {
    return Status::Input("AWS profile '" + cfg.profile + "' (from " +
                         (profile_from_flag ? "--profile" : "AWS_PROFILE") + ") not found in " +
                         f.credentials_path + " or " + f.config_path);
  }
  MG_ASSIGN_OR_RETURN(cfg.credentials, FindCredentials(env, f, cfg.profile, profile_from_flag));

  for (std::string r : {opts.region, Get(env, "AWS_REGION"), Get(env, "AWS_DEFAULT_REGION"),
                        Value(conf, "region")}) {
    if (!r.empty()) {
      cfg.region = r;
      break;
    }
  }

  std::string attempts = Get(env, "AWS_MAX_ATTEMPTS");
  if (attempts.empty()) attempts = Value(conf, "max_attempts");
  if (!attempts.empty()) {
    char* end = nullptr;
    long n = std::strtol(attempts.c_str(), &end, 10);
    if (end == attempts.c_str() || *end != '\0' || n < 1 || n > 20) {
      return Status::Input("AWS_MAX_ATTEMPTS/max_attempts: expected an integer 1..20, got '" + attempts + "'");
    }
    cfg.max_attempts = static_cast<int>(n);
  }

  std::string ignore = Get(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  bool use_configured = !(ignore == "true" || ignore == "TRUE" || ignore == "1");
  const std::vector<std::pair<Service, std::string>> services = {
      {Service::kS3, "S3"}, {Service::kSageMaker, "SAGEMAKER"}, {Service::kLogs, "CLOUDWATCH_LOGS"}};
  for (const auto& [service, env_name] : services) {
    std::string url = opts.endpoint_url;
    if (url.empty() && use_configured) {
      for (std::string candidate : {Get(env, "AWS_ENDPOINT_URL_" + env_name), Get(env, "AWS_ENDPOINT_URL"),
                                    Value(conf, "endpoint_url")}) {
        if (!candidate.empty()) {
          url = candidate;
          break;
        }
      }
    }
    if (!url.empty()) cfg.endpoint_overrides[service] = StripSlash(url);
  }
  return cfg;
}

Result<Endpoint> ServiceEndpoint(const AwsConfig& config, Service service) {
  Endpoint ep;
  ep.region = config.region;
  if (ep.region.empty()) {
    if (service != Service::kS3) {
      return Status::Input(std::string("no AWS region for ") + SigningName(service) +
                           ": set AWS_REGION (or AWS_DEFAULT_REGION, or region in the profile '" +
                           config.profile + "' of ~/.aws/config)");
    }
    ep.region = "us-east-1";
  }
  auto it = config.endpoint_overrides.find(service);
  if (it != config.endpoint_overrides.end()) {
    const std::string& url = it->second;
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      return Status::Input("endpoint URL '" + url + "': expected http://host[:port] or https://host[:port]");
    }
    ep.url = url;
    ep.custom = true;
    return ep;
  }
  switch (service) {
    case Service::kS3: ep.url = "https://s3." + ep.region + ".amazonaws.com"; break;
    case Service::kSageMaker: ep.url = "https://api.sagemaker." + ep.region + ".amazonaws.com"; break;
    case Service::kLogs: ep.url = "https://logs." + ep.region + ".amazonaws.com"; break;
  }
  return ep;
}

}  // namespace mg::aws
