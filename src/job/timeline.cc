#include "job/timeline.h"

#include <cctype>
#include <cstdio>

namespace mg::job {
namespace {

bool Digits(const std::string& s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's algorithm).
long long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace

std::optional<long long> ParseIsoTime(const std::string& s) {
  int y, mo, d, h, mi, se;
  if (!Digits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, &h) || s[13] != ':' ||
      !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &se))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  size_t p = 19;
  if (p < s.size() && s[p] == '.') {
    ++p;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
  }
  long long offset = 0;
  if (p < s.size()) {
    if (s[p] == 'Z' && p + 1 == s.size()) {
      // UTC
    } else if ((s[p] == '+' || s[p] == '-') && s.size() == p + 6 && s[p + 3] == ':') {
      int oh, om;
      if (!Digits(s, p + 1, 2, &oh) || !Digits(s, p + 4, 2, &om)) return std::nullopt;
      offset = (oh * 3600LL + om * 60LL) * (s[p] == '+' ? 1 : -1);
    } else {
      return std::nullopt;
    }
  }
  return DaysFromCivil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + se - offset;
}

std::vector<TimelineEntry> Timeline(const JobRecord& j) {
  std::vector<TimelineEntry> out;
  for (const auto& t : j.transitions) {
    TimelineEntry e{t.status, t.start_time, t.end_time, -1, t.message};
    auto a = ParseIsoTime(t.start_time), b = ParseIsoTime(t.end_time);
    if (a && b && *b >= *a) e.seconds = *b - *a;
    out.push_back(std::move(e));
  }
  return out;
}

long long JobDuration(const JobRecord& j) {
  auto a = ParseIsoTime(j.creation_time);
  auto b = ParseIsoTime(!j.training_end_time.empty() ? j.training_end_time : j.last_modified_time);
  if (!a || !b || *b < *a) return -1;
  return *b - *a;
}

std::string FormatDuration(long long s) {
  if (s < 0) return "-";
  char buf[64];
  if (s < 60) std::snprintf(buf, sizeof buf, "%llds", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  else if (s < 86400) std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  else std::snprintf(buf, sizeof buf, "%lldd%02lldh", s / 86400, (s % 86400) / 3600);
  return buf;
}

}  // namespace mg::job
