#include "aws/logs.h"

#include "aws/json_rpc.h"

namespace mg::aws {
namespace {

constexpr size_t kMaxPages = 1000000;

int64_t Int(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<std::unique_ptr<LogsClient>> LogsClient::Create(const AwsConfig& config, ClientOptions options) {
  MG_ASSIGN_OR_RETURN(auto client, MakeJsonClient(config, Service::kLogs, options));
  return std::make_unique<LogsClient>(std::move(client));
}

Result<std::vector<LogStream>> LogsClient::DescribeLogStreams(const std::string& group, const std::string& prefix,
                                                              int page_size, size_t max_streams) const {
  const std::string display = "CloudWatch Logs DescribeLogStreams " + group + " " + prefix + "*";
  if (page_size < 1 || page_size > 50) return Status::Input(display + ": page size must be 1..50");
  std::vector<LogStream> out;
  std::string token;
  for (size_t page = 0; page < kMaxPages; ++page) {
    nlohmann::json in = {{"logGroupName", group}, {"limit", page_size}};
    if (!prefix.empty()) in["logStreamNamePrefix"] = prefix;
    if (!token.empty()) in["nextToken"] = token;
    MG_ASSIGN_OR_RETURN(nlohmann::json j, CallJson(*client_, "Logs_20140328.DescribeLogStreams", in, display));
    auto list = j.find("logStreams");
    if (list == j.end() || !list->is_array()) return Status::Input(display + ": response has no logStreams array");
    for (const auto& s : *list) {
      if (!s.is_object() || Str(s, "logStreamName").empty()) {
        return Status::Input(display + ": a stream has no logStreamName");
      }
      if (out.size() >= max_streams) return out;
      out.push_back({Str(s, "logStreamName"), Int(s, "creationTime"), Int(s, "firstEventTimestamp"),
                     Int(s, "lastEventTimestamp")});
    }
    std::string next = Str(j, "nextToken");
    if (next.empty() || next == token) break;
    token = next;
  }
  return out;
}

Status LogsClient::ForEachLogEvent(const std::string& group, const std::string& stream,
                                   const std::function<Status(const LogEvent&)>& visit, int page_size) const {
  const std::string display = "CloudWatch Logs GetLogEvents " + group + " " + stream;
  if (page_size < 0 || page_size > 10000) return Status::Input(display + ": page size must be 1..10000");
  std::string token;
  for (size_t page = 0; page < kMaxPages; ++page) {
    nlohmann::json in = {{"logGroupName", group}, {"logStreamName", stream}, {"startFromHead", true}};
    if (page_size > 0) in["limit"] = page_size;
    if (!token.empty()) in["nextToken"] = token;
    MG_ASSIGN_OR_RETURN(nlohmann::json j, CallJson(*client_, "Logs_20140328.GetLogEvents", in, display));
    auto events = j.find("events");
    if (events == j.end() || !events->is_array()) return Status::Input(display + ": response has no events array");
    for (const auto& e : *events) {
      auto msg = e.find("message");
      if (!e.is_object() || msg == e.end() || !msg->is_string()) {
        return Status::Input(display + ": an event has no message string");
      }
      MG_RETURN_IF_ERROR(visit(LogEvent{Int(e, "timestamp"), msg->get<std::string>()}));
    }
    std::string next = Str(j, "nextForwardToken");
    if (next.empty() || next == token) return Status::Ok();
    token = next;
  }
  return Status::Input(display + ": more than " + std::to_string(kMaxPages) + " pages");
}

Result<std::vector<LogEvent>> LogsClient::GetLogEvents(const std::string& group, const std::string& stream,
                                                       size_t max_events, int page_size) const {
  std::vector<LogEvent> out;
  Status st = ForEachLogEvent(
      group, stream,
      [&](const LogEvent& e) {
        if (out.size() >= max_events) {
          return Status::Input("CloudWatch Logs GetLogEvents " + group + " " + stream + ": more than " +
                               std::to_string(max_events) + " events");
        }
        out.push_back(e);
        return Status::Ok();
      },
      page_size);
  if (!st.ok()) return st;
  return out;
}

}  // namespace mg::aws
