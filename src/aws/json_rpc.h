// The AWS JSON 1.1 protocol (SageMaker, CloudWatch Logs): POST / with X-Amz-Target and a
// JSON body; errors are {"__type": "...", "message": "..."}. Internal header of the aws module.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/client.h"
#include "aws/credentials.h"
#include "core/status.h"

namespace mg::aws {

// A client for one JSON service from config (endpoint, region, credentials, max attempts).
Result<std::unique_ptr<AwsClient>> MakeJsonClient(const AwsConfig& config, Service service,
                                                  ClientOptions options);

// Calls target (e.g. "SageMaker.DescribeTrainingJob"); the result is the response object.
// Errors: Status::Input "<display>: <Code>: <message>[ (after N attempts)]", or a
// transport error annotated with display; a body that is not a JSON object is an error too.
Result<nlohmann::json> CallJson(const AwsClient& client, const std::string& target,
                                const nlohmann::json& input, const std::string& display);

}  // namespace mg::aws
