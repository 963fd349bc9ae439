// AWS credentials, region and endpoints, found where the aws CLI finds them.
//
// Contract:
//  - Credentials, in this order (the aws CLI's): AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY
//    (+ AWS_SESSION_TOKEN); then the profile (LoadOptions::profile, else AWS_PROFILE, else
//    "default") in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else
//    ~/.aws/credentials, sections `[name]`), then in the config file (AWS_CONFIG_FILE, else
//    ~/.aws/config, sections `[profile name]` or `[default]`): aws_access_key_id,
//    aws_secret_access_key, aws_session_token. SSO, assume-role, credential_process and
//    instance/container metadata credentials are not supported (the error says so).
//  - Region: LoadOptions::region, AWS_REGION, AWS_DEFAULT_REGION, the profile's `region` in
//    the config file. May stay empty; ServiceEndpoint() then uses us-east-1 for S3 only.
//  - Endpoint override per service, first found: LoadOptions::endpoint_url (--endpoint-url),
//    AWS_ENDPOINT_URL_<SERVICE> (S3, SAGEMAKER, CLOUDWATCH_LOGS), AWS_ENDPOINT_URL, the
//    profile's `endpoint_url`. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores all but the
//    flag. Without one, the service's public regional endpoint is used.
//  - Errors are Status::Input, one line, naming the variable or file and line concerned;
//    "no credentials" lists every place that was looked at.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/status.h"

namespace mg::aws {

enum class Service { kS3, kSageMaker, kLogs };

// SigV4 signing name: "s3", "sagemaker", "logs".
const char* SigningName(Service s);

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::string source;         // where they came from, for messages ("environment", a file path)
};

struct AwsConfig {
  Credentials credentials;
  std::string region;   // may be empty (see above)
  std::string profile;  // the profile name used for files
  std::map<Service, std::string> endpoint_overrides;  // custom endpoint URLs, no trailing '/'
  int max_attempts = 5;  // AWS_MAX_ATTEMPTS or the profile's max_attempts; total tries per call
};

// Reads an environment variable; tests substitute a map.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

struct LoadOptions {
  std::string endpoint_url;  // --endpoint-url; wins over everything
  std::string profile;       // --profile; wins over AWS_PROFILE and over env credentials
  std::string region;        // --region
  EnvLookup env;             // default: the process environment
};

Result<AwsConfig> LoadAwsConfig(const LoadOptions& opts = {});

struct Endpoint {
  std::string url;     // scheme://host[:port][/path], no trailing '/'
  bool custom = false; // true when overridden (S3 then uses path-style addressing)
  std::string region;  // the signing region (us-east-1 when unset, S3 only)
};

// The endpoint for a service. Error (Status::Input) when no region is known and the
// service needs one for its public endpoint, or when an override is not an http(s) URL.
Result<Endpoint> ServiceEndpoint(const AwsConfig& config, Service service);

}  // namespace mg::aws
