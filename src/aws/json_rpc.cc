#include "aws/json_rpc.h"

namespace mg::aws {

Result<std::unique_ptr<AwsClient>> MakeJsonClient(const AwsConfig& config, Service service,
                                                  ClientOptions options) {
  MG_ASSIGN_OR_RETURN(Endpoint ep, ServiceEndpoint(config, service));
  options.retry.max_attempts = config.max_attempts;
  return std::make_unique<AwsClient>(config.credentials, ep.region, SigningName(service), ep.url, options);
}

Result<nlohmann::json> CallJson(const AwsClient& client, const std::string& target,
                                const nlohmann::json& input, const std::string& display) {
  HttpRequest req;
  req.method = "POST";
  req.path = "/";
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", target}};
  req.body = input.dump();
  auto r = client.Send(req);
  if (!r.ok()) return r.status().Annotate(display);
  if (!r->ok()) return ErrorStatus(display, *r);
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  if (!j.is_object()) {
    return Status::Input(display + ": response is not a JSON object: " + r->body.substr(0, 200));
  }
  return j;
}

}  // namespace mg::aws
