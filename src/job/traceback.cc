#include "job/traceback.h"

#include <re2/re2.h>

namespace mg::job {

std::string StripMpiPrefix(const std::string& line) {
  static const RE2 kPrefix(R"(^\[\d+,mpirank:\d+,[^\]]*\]<std(?:out|err)>:)");
  std::string s = line;
  RE2::Replace(&s, kPrefix, "");
  return s;
}

Traceback ParseTraceback(const std::vector<std::string>& raw) {
  static const RE2 kFrame(R"re(^\s+File "([^"]*)", line \d+, in .*$)re");
  static const RE2 kLibrary(R"((site-packages|dist-packages|/lib/python\d|<frozen |^<string>$))");
  Traceback tb;
  std::vector<std::string> lines;
  lines.reserve(raw.size());
  for (const auto& l : raw) lines.push_back(StripMpiPrefix(l));
  size_t start = lines.size();
  for (size_t i = lines.size(); i-- > 0;) {
    if (lines[i].find("Traceback (most recent call last):") != std::string::npos) {
      start = i;
      break;
    }
  }
  if (start == lines.size()) return tb;
  tb.found = true;
  std::string last_user;
  for (size_t i = start + 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::string file;
    if (RE2::FullMatch(l, kFrame, &file)) {
      std::string frame = l.substr(l.find_first_not_of(" \t"));
      if (i + 1 < lines.size() && !lines[i + 1].empty() && (lines[i + 1][0] == ' ' || lines[i + 1][0] == '\t') &&
          !RE2::FullMatch(lines[i + 1], kFrame)) {
        std::string code = lines[i + 1].substr(lines[i + 1].find_first_not_of(" \t"));
        frame += ": " + code;
        ++i;
      }
      tb.frames.push_back(frame);
      if (!RE2::PartialMatch(file, kLibrary)) last_user = frame;
      continue;
    }
    if (l.empty() || l[0] == ' ' || l[0] == '\t' || l[0] == '^' || l[0] == '~') continue;  // carets, context
    tb.exception = l;
    break;
  }
  if (!last_user.empty()) {
    tb.user_frame = last_user;
    tb.user_code = true;
  } else if (!tb.frames.empty()) {
    tb.user_frame = tb.frames.back();
  }
  if (tb.exception.size() > 500) tb.exception = tb.exception.substr(0, 500) + "...";
  return tb;
}

}  // namespace mg::job
