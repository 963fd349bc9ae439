// Credentials from the container and EC2 instance metadata endpoints, the last two sources of
// the aws CLI's chain (SageMaker Studio and ECS use the first, notebook instances and EC2 the
// second). Internal header of the aws module; LoadAwsConfig calls these.
//
// Contract:
//  - Container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on http://169.254.170.2) or
//    AWS_CONTAINER_CREDENTIALS_FULL_URI, with AWS_CONTAINER_AUTHORIZATION_TOKEN (or the
//    contents of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) as Authorization. Unset: nullopt.
//  - Instance: IMDSv2 (PUT /latest/api/token, then the role under
//    /latest/meta-data/iam/security-credentials/) on AWS_EC2_METADATA_SERVICE_ENDPOINT, else
//    http://169.254.169.254; skipped (nullopt) when AWS_EC2_METADATA_DISABLED=true. One try,
//    1 s to connect, 2 s in all, as the CLI: off EC2 this fails fast.
//  - The response must be JSON with AccessKeyId, SecretAccessKey and Token. Failures are
//    errors saying which endpoint answered what; LoadAwsConfig folds them into its
//    "no credentials" message.
#pragma once

#include <optional>
#include <string>

#include "aws/credentials.h"
#include "core/status.h"

namespace mg::aws {

Result<std::optional<Credentials>> ContainerCredentials(const EnvLookup& env);
Result<std::optional<Credentials>> InstanceCredentials(const EnvLookup& env);

}  // namespace mg::aws
