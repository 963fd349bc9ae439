#include "aws/ini.h"

namespace mg::aws {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<IniFile> ParseIni(std::string_view text, const std::string& path) {
  IniFile out;
  IniSection* section = nullptr;
  std::string nested_parent;  // key whose value was empty: indented lines below are nested
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (line.front() == '[') {
      if (line.back() != ']') {
        return Status::Input(path + ":" + std::to_string(line_no) + ": section header without ']'");
      }
      section = &out[std::string(Trim(line.substr(1, line.size() - 2)))];
      nested_parent.clear();
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return Status::Input(path + ":" + std::to_string(line_no) +
                           ": expected 'key = value' or '[section]', got '" + std::string(line) + "'");
    }
    if (section == nullptr) {
      return Status::Input(path + ":" + std::to_string(line_no) + ": setting before any [section]");
    }
    std::string key(Trim(line.substr(0, eq)));
    std::string value(Trim(line.substr(eq + 1)));
    if (indented && !nested_parent.empty()) {
      (*section)[nested_parent + "." + key] = value;
      continue;
    }
    nested_parent = value.empty() ? key : std::string();
    (*section)[key] = value;
  }
  return out;
}

}  // namespace mg::aws
