// Test-only: the AWS test servers started by scripts/with-test-servers
// (tests/servers/start-s3.sh, start-aws.sh) and configs pointing at them.
// MG_REQUIRE_AWS_SERVERS() fails the test when their variables are absent, or skips it when
// MODELGATE_ALLOW_NO_SERVERS=1 (quick local runs without the servers).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "aws/credentials.h"

namespace mg::aws::testing {

inline std::string Var(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

inline bool AllowNoServers() { return Var("MODELGATE_ALLOW_NO_SERVERS") == "1"; }

#define MG_REQUIRE_AWS_SERVERS()                                                              \
  do {                                                                                        \
    if (::mg::aws::testing::Var("MODELGATE_TEST_S3_ENDPOINT").empty() ||                      \
        ::mg::aws::testing::Var("MODELGATE_TEST_AWS_ENDPOINT").empty()) {                     \
      if (::mg::aws::testing::AllowNoServers()) GTEST_SKIP() << "AWS test servers not running"; \
      FAIL() << "MODELGATE_TEST_S3_ENDPOINT / MODELGATE_TEST_AWS_ENDPOINT unset: run under "    \
                "scripts/with-test-servers (make test), or set MODELGATE_ALLOW_NO_SERVERS=1";  \
    }                                                                                         \
  } while (0)

// A config for the test servers: endpoint for every service, the test credentials (with
// the session token), region from the servers.
inline AwsConfig TestConfig(const std::string& endpoint_var) {
  AwsConfig c;
  c.credentials.access_key_id = Var("MODELGATE_TEST_AWS_ACCESS_KEY_ID");
  c.credentials.secret_access_key = Var("MODELGATE_TEST_AWS_SECRET_ACCESS_KEY");
  c.credentials.session_token = Var("MODELGATE_TEST_AWS_SESSION_TOKEN");
  c.credentials.source = "test";
  c.region = Var("MODELGATE_TEST_AWS_REGION");
  c.profile = "test";
  std::string url = Var(endpoint_var.c_str());
  c.endpoint_overrides = {{Service::kS3, url}, {Service::kSageMaker, url}, {Service::kLogs, url}};
  c.max_attempts = 4;
  return c;
}

inline AwsConfig S3Config() { return TestConfig("MODELGATE_TEST_S3_ENDPOINT"); }
inline AwsConfig ApiConfig() { return TestConfig("MODELGATE_TEST_AWS_ENDPOINT"); }

}  // namespace mg::aws::testing

#include "aws/client.h"
#include <nlohmann/json.hpp>

namespace mg::aws::testing {

// How many calls the AWS fake received for "<X-Amz-Target> <name>" (its GET /__calls).
inline int FakeCalls(const std::string& key) {
  AwsClient c(Credentials{"K", "S", "", "test"}, "us-east-1", "sagemaker", Var("MODELGATE_TEST_AWS_ENDPOINT"));
  HttpRequest req;
  req.path = "/__calls";
  auto r = c.Send(req);
  if (!r.ok() || !r->ok()) return -1;
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  return j.contains(key) ? j[key].get<int>() : 0;
}

}  // namespace mg::aws::testing
