#include "aws/credentials.h"

#include <gtest/gtest.h>

#include <map>

#include "core/testing.h"

namespace mg::aws {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  Result<AwsConfig> Load(LoadOptions opts = {}) {
    if (env_.find("HOME") == env_.end()) env_["HOME"] = home_.path();
    opts.env = [this](const std::string& k) -> std::optional<std::string> {
      auto it = env_.find(k);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    return LoadAwsConfig(opts);
  }
  void WriteCredentials(const std::string& text) { home_.Write(".aws/credentials", text); }
  void WriteConfig(const std::string& text) { home_.Write(".aws/config", text); }

  mg::testing::TempDir home_;
  std::map<std::string, std::string> env_;
};

TEST_F(CredentialsTest, EnvironmentWinsOverFiles) {
  WriteCredentials("[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n");
  env_ = {{"AWS_ACCESS_KEY_ID", "ENVKEY"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}, {"AWS_SESSION_TOKEN", "tok"}};
  auto c = Load();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->credentials.access_key_id, "ENVKEY");
  EXPECT_EQ(c->credentials.secret_access_key, "envsecret");
  EXPECT_EQ(c->credentials.session_token, "tok");
  EXPECT_EQ(c->credentials.source, "environment");
}

TEST_F(CredentialsTest, PartialEnvironmentIsAnError) {
  env_ = {{"AWS_ACCESS_KEY_ID", "ENVKEY"}};
  auto c = Load();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "partial AWS credentials in the environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
}

TEST_F(CredentialsTest, DefaultProfileFromCredentialsFile) {
  WriteCredentials("# comment\n[default]\naws_access_key_id=K1\naws_secret_access_key = S1 \n\n[other]\n"
                   "aws_access_key_id = K2\naws_secret_access_key = S2\naws_session_token = T2\n");
  auto c = Load();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->credentials.access_key_id, "K1");
  EXPECT_EQ(c->credentials.secret_access_key, "S1");
  EXPECT_EQ(c->credentials.session_token, "");
  EXPECT_EQ(c->credentials.source, home_.Path(".aws/credentials"));
  EXPECT_EQ(c->profile, "default");
}

TEST_F(CredentialsTest, AwsProfileSelectsSectionsInBothFiles) {
  WriteCredentials("[other]\naws_access_key_id = K2\naws_secret_access_key = S2\naws_session_token = T2\n");
  WriteConfig("[default]\nregion = eu-west-1\n[profile other]\nregion = ap-south-1\n");
  env_ = {{"AWS_PROFILE", "other"}};
  auto c = Load();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->credentials.access_key_id, "K2");
  EXPECT_EQ(c->credentials.session_token, "T2");
  EXPECT_EQ(c->region, "ap-south-1");
}

TEST_F(CredentialsTest, KeysInConfigFileProfile) {
  WriteConfig("[profile ci]\naws_access_key_id = K3\naws_secret_access_key = S3\nregion = us-west-2\n");
  env_ = {{"AWS_PROFILE", "ci"}};
  auto c = Load();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->credentials.access_key_id, "K3");
  EXPECT_EQ(c->credentials.source, home_.Path(".aws/config"));
  EXPECT_EQ(c->region, "us-west-2");
}

TEST_F(CredentialsTest, CredentialsFileWinsOverConfigFile) {
  WriteCredentials("[default]\naws_access_key_id = FROMCREDS\naws_secret_access_key = S\n");
  WriteConfig("[default]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = S\n");
  auto c = Load();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->credentials.access_key_id, "FROMCREDS");
}

TEST_F(CredentialsTest, ProfileOptionWinsOverEnvironmentKeys) {
  WriteCredentials("[ops]\naws_access_key_id = OPS\naws_secret_access_key = S\n");
  env_ = {{"AWS_ACCESS_KEY_ID", "ENVKEY"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}};
  LoadOptions o;
  o.profile = "ops";
  auto c = Load(o);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->credentials.access_key_id, "OPS");
}

TEST_F(CredentialsTest, ExplicitFilesFromEnvironment) {
  std::string creds = home_.Write("elsewhere/creds", "[default]\naws_access_key_id = EK\naws_secret_access_key = ES\n");
  std::string conf = home_.Write("elsewhere/conf", "[default]\nregion = ca-central-1\n");
  WriteCredentials("[default]\naws_access_key_id = NOTME\naws_secret_access_key = S\n");
  env_ = {{"AWS_SHARED_CREDENTIALS_FILE", creds}, {"AWS_CONFIG_FILE", conf}};
  auto c = Load();
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->credentials.access_key_id, "EK");
  EXPECT_EQ(c->region, "ca-central-1");
}

TEST_F(CredentialsTest, NoCredentialsSaysWhereItLooked) {
  auto c = Load();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "no AWS credentials found: looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (unset), profile 'default' in " +
                home_.Path(".aws/credentials") + " (no such file) and in " + home_.Path(".aws/config") +
                " (no such file); instance, container and SSO credentials are not supported");
  EXPECT_EQ(c.status().code(), Status::Code::kInput);
}

TEST_F(CredentialsTest, MissingExplicitProfile) {
  WriteCredentials("[default]\naws_access_key_id = K\naws_secret_access_key = S\n");
  env_ = {{"AWS_PROFILE", "nope"}};
  auto c = Load();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "AWS profile 'nope' (from AWS_PROFILE) not found in " +
                                       home_.Path(".aws/credentials") + " or " + home_.Path(".aws/config"));
}

TEST_F(CredentialsTest, AssumeRoleProfileIsNotSupported) {
  WriteConfig("[profile role]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n");
  env_ = {{"AWS_PROFILE", "role"}};
  auto c = Load();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("profile 'role' uses role_arn, which modelgate does not support"),
            std::string::npos)
      << c.status().message();
}

TEST_F(CredentialsTest, MalformedFileNamesLine) {
  WriteCredentials("[default]\naws_access_key_id = K\nthis is not ini\n");
  auto c = Load();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), home_.Path(".aws/credentials") +
                                      ":3: expected 'key = value' or '[section]', got 'this is not ini'");
}

TEST_F(CredentialsTest, RegionOrder) {
  WriteCredentials("[default]\naws_access_key_id = K\naws_secret_access_key = S\n");
  WriteConfig("[default]\nregion = from-config\n");
  EXPECT_EQ(Load()->region, "from-config");
  env_["AWS_DEFAULT_REGION"] = "from-default-region";
  EXPECT_EQ(Load()->region, "from-default-region");
  env_["AWS_REGION"] = "from-region";
  EXPECT_EQ(Load()->region, "from-region");
  LoadOptions o;
  o.region = "from-flag";
  EXPECT_EQ(Load(o)->region, "from-flag");
}

TEST_F(CredentialsTest, EndpointOrder) {
  WriteCredentials("[default]\naws_access_key_id = K\naws_secret_access_key = S\n");
  WriteConfig("[default]\nregion = eu-west-1\nendpoint_url = http://config:1\ns3 =\n  addressing_style = path\n");
  auto ep = [&](Service s, LoadOptions o = {}) {
    auto c = Load(o);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return ServiceEndpoint(*c, s).value();
  };
  EXPECT_EQ(ep(Service::kS3).url, "http://config:1");
  EXPECT_TRUE(ep(Service::kS3).custom);
  env_["AWS_ENDPOINT_URL"] = "http://generic:2/";
  EXPECT_EQ(ep(Service::kLogs).url, "http://generic:2");
  env_["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://logs:3";
  env_["AWS_ENDPOINT_URL_SAGEMAKER"] = "http://sm:4";
  env_["AWS_ENDPOINT_URL_S3"] = "http://s3:5";
  EXPECT_EQ(ep(Service::kLogs).url, "http://logs:3");
  EXPECT_EQ(ep(Service::kSageMaker).url, "http://sm:4");
  EXPECT_EQ(ep(Service::kS3).url, "http://s3:5");
  LoadOptions flag;
  flag.endpoint_url = "https://flag:6";
  EXPECT_EQ(ep(Service::kS3, flag).url, "https://flag:6");
  EXPECT_EQ(ep(Service::kSageMaker, flag).url, "https://flag:6");
  env_["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  EXPECT_EQ(ep(Service::kSageMaker).url, "https://api.sagemaker.eu-west-1.amazonaws.com");
  EXPECT_FALSE(ep(Service::kSageMaker).custom);
  EXPECT_EQ(ep(Service::kLogs).url, "https://logs.eu-west-1.amazonaws.com");
  EXPECT_EQ(ep(Service::kS3).url, "https://s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(ep(Service::kS3, flag).url, "https://flag:6");
}

TEST_F(CredentialsTest, RegionNeededOutsideS3) {
  env_ = {{"AWS_ACCESS_KEY_ID", "K"}, {"AWS_SECRET_ACCESS_KEY", "S"}};
  auto c = Load();
  ASSERT_TRUE(c.ok());
  auto s3 = ServiceEndpoint(*c, Service::kS3);
  ASSERT_TRUE(s3.ok());
  EXPECT_EQ(s3->region, "us-east-1");
  auto sm = ServiceEndpoint(*c, Service::kSageMaker);
  ASSERT_FALSE(sm.ok());
  EXPECT_EQ(sm.status().message(),
            "no AWS region for sagemaker: set AWS_REGION (or AWS_DEFAULT_REGION, or region in the profile "
            "'default' of ~/.aws/config)");
}

TEST_F(CredentialsTest, MaxAttempts) {
  env_ = {{"AWS_ACCESS_KEY_ID", "K"}, {"AWS_SECRET_ACCESS_KEY", "S"}};
  EXPECT_EQ(Load()->max_attempts, 5);
  env_["AWS_MAX_ATTEMPTS"] = "2";
  EXPECT_EQ(Load()->max_attempts, 2);
  env_["AWS_MAX_ATTEMPTS"] = "two";
  EXPECT_FALSE(Load().ok());
}

TEST_F(CredentialsTest, BadEndpointUrl) {
  env_ = {{"AWS_ACCESS_KEY_ID", "K"}, {"AWS_SECRET_ACCESS_KEY", "S"}, {"AWS_ENDPOINT_URL", "localhost:9000"}};
  auto ep = ServiceEndpoint(Load().value(), Service::kS3);
  ASSERT_FALSE(ep.ok());
  EXPECT_EQ(ep.status().message(), "endpoint URL 'localhost:9000': expected http://host[:port] or https://host[:port]");
}

}  // namespace
}  // namespace mg::aws
