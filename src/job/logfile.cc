#include "job/logfile.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

namespace mg::job {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Delivers one line after the shared checks; returns the sink's verdict.
bool Deliver(std::string_view stream, std::string_view line, const LogLineSink& sink, LogReadStats* st) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() > kMaxLineBytes || line.find('\0') != std::string_view::npos) {
    ++st->skipped;
    return true;
  }
  ++st->lines;
  return sink(stream, StripTimestampPrefix(line));
}

// Text: fixed-size chunks, a line buffer capped at kMaxLineBytes.
Status ReadText(std::FILE* f, const std::string& path, const std::string& head, const LogLineSink& sink,
                LogReadStats* st) {
  std::string line;
  bool overlong = false;
  bool stop = false;
  auto feed = [&](const char* p, size_t n) {
    for (size_t i = 0; i < n && !stop;) {
      const char* nl = static_cast<const char*>(std::memchr(p + i, '\n', n - i));
      size_t end = nl ? static_cast<size_t>(nl - p) : n;
      if (!overlong) {
        if (line.size() + (end - i) > kMaxLineBytes + 1) {
          overlong = true;
          line.clear();
        } else {
          line.append(p + i, end - i);
        }
      }
      if (!nl) break;
      if (overlong) {
        ++st->skipped;
        overlong = false;
      } else if (!Deliver(path, line, sink, st)) {
        stop = true;
      }
      line.clear();
      i = end + 1;
    }
  };
  feed(head.data(), head.size());
  char buf[1 << 16];
  while (!stop) {
    size_t n = std::fread(buf, 1, sizeof buf, f);
    st->bytes += n;
    if (n == 0) break;
    feed(buf, n);
  }
  if (std::ferror(f)) return Status::Input(path + ": read failed");
  if (!stop) {
    if (overlong) ++st->skipped;
    else if (!line.empty()) Deliver(path, line, sink, st);
  }
  return Status::Ok();
}

// SAX handler: every "message" string of an object inside an array is an event.
class EventSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  EventSax(std::string path, const LogLineSink& sink, LogReadStats* st) : path_(std::move(path)), sink_(sink), st_(st) {}
  bool stopped = false;
  bool failed = false;
  uint64_t events = 0;

  bool null() override { return Scalar(); }
  bool boolean(bool) override { return Scalar(); }
  bool number_integer(number_integer_t) override { return Scalar(); }
  bool number_unsigned(number_unsigned_t) override { return Scalar(); }
  bool number_float(number_float_t, const string_t&) override { return Scalar(); }
  bool binary(binary_t&) override { return Scalar(); }
  bool string(string_t& v) override {
    if (stack_.size() >= 2 && stack_.back().object && !stack_[stack_.size() - 2].object) {
      if (stack_.back().key == "logStreamName") stream_ = v;
      if (stack_.back().key == "message") return Message(v);
    }
    return true;
  }
  bool start_object(std::size_t) override {
    stack_.push_back({true, {}});
    return true;
  }
  bool key(string_t& k) override {
    if (k.size() < 64) stack_.back().key = k;
    else stack_.back().key.clear();
    return true;
  }
  bool end_object() override {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    stack_.push_back({false, {}});
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    failed = true;
    return false;
  }

 private:
  struct Frame {
    bool object;
    std::string key;
  };
  bool Scalar() { return true; }
  bool Message(const std::string& m) {
    ++events;
    std::string_view rest = m;
    if (!rest.empty() && rest.back() == '\n') rest.remove_suffix(1);
    const std::string& stream = stream_.empty() ? path_ : stream_;
    for (;;) {
      size_t nl = rest.find('\n');
      if (!Deliver(stream, rest.substr(0, nl), sink_, st_)) {
        stopped = true;
        return false;
      }
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
    return true;
  }
  std::string path_;
  const LogLineSink& sink_;
  LogReadStats* st_;
  std::vector<Frame> stack_;
  std::string stream_;
};

bool LooksLikeCloudWatchJson(const std::string& head) {
  static const char* const kKeys[] = {"events", "nextForwardToken", "nextBackwardToken", "searchedLogStreams",
                                      "nextToken", "timestamp", "message", "logStreamName", "eventId", "ingestionTime"};
  size_t i = 0;
  auto skip = [&] {
    while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  };
  if (head.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  skip();
  if (i >= head.size() || (head[i] != '{' && head[i] != '[')) return false;
  bool array = head[i] == '[';
  ++i;
  skip();
  if (array) {
    if (i >= head.size() || head[i] != '{') return false;
    ++i;
    skip();
  }
  if (i >= head.size() || head[i] != '"') return false;
  size_t end = head.find('"', i + 1);
  if (end == std::string::npos) return false;
  std::string key = head.substr(i + 1, end - i - 1);
  for (const char* k : kKeys)
    if (key == k) return true;
  return false;
}

}  // namespace

std::string_view StripTimestampPrefix(std::string_view l) {
  // YYYY-MM-DD[T ]HH:MM:SS
  if (l.size() < 20 || !IsDigit(l[0]) || l[4] != '-' || l[7] != '-' || (l[10] != 'T' && l[10] != ' ') ||
      l[13] != ':' || l[16] != ':')
    return l;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    if (!IsDigit(l[i])) return l;
  size_t p = 19;
  if (p < l.size() && (l[p] == '.' || l[p] == ',')) {
    ++p;
    while (p < l.size() && IsDigit(l[p])) ++p;
  }
  if (p < l.size() && l[p] == 'Z') ++p;
  else if (p + 6 <= l.size() && (l[p] == '+' || l[p] == '-') && l[p + 3] == ':') p += 6;
  if (p >= l.size() || (l[p] != ' ' && l[p] != '\t')) return l;
  return l.substr(p + 1);
}

Status ReadLogFile(const std::string& path, const LogLineSink& sink, LogReadStats* st) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) return Status::Input(path + ": cannot open log file: " + std::strerror(errno));
  std::string head(4096, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), f.get()));
  st->bytes += head.size();
  if (!LooksLikeCloudWatchJson(head)) {
    st->format = "text";
    return ReadText(f.get(), path, head, sink, st);
  }
  st->format = "cloudwatch-json";
  f.reset();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Input(path + ": cannot open log file");
  EventSax sax(path, sink, st);
  nlohmann::json::sax_parse(in, &sax, nlohmann::json::input_format_t::json, /*strict=*/false);
  if (in.bad()) return Status::Input(path + ": read failed");
  in.clear();
  in.seekg(0, std::ios::end);
  if (in.tellg() > 0) st->bytes += static_cast<uint64_t>(in.tellg()) - head.size();
  if (sax.failed) {
    ++st->skipped;
    st->warning = path + ": JSON is malformed or ends early after " + std::to_string(sax.events) +
                  " events; the rest is skipped";
  }
  return Status::Ok();
}

}  // namespace mg::job
