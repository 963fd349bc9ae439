#include "pickle/text.h"

#include <cerrno>
#include <cstdlib>
#include <map>

#include "core/utf8.h"

namespace mg::pickle::detail {
namespace {


int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<uint32_t> ParseHex(std::string_view s) {
  uint32_t v = 0;
  for (char c : s) {
    int h = HexVal(c);
    if (h < 0) return std::nullopt;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  return v;
}

}  // namespace

std::optional<std::string> DecodeQuotedString(std::string_view line) {
  if (line.size() < 2) return std::nullopt;
  char q = line.front();
  if ((q != '\'' && q != '"') || line.back() != q) return std::nullopt;
  std::string_view s = line.substr(1, line.size() - 2);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= s.size()) return std::nullopt;  // trailing backslash
    char e = s[i];
    switch (e) {
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '\n': break;
      case 'x': {
        if (i + 2 >= s.size()) return std::nullopt;
        auto v = ParseHex(s.substr(i + 1, 2));
        if (!v) return std::nullopt;
        out += static_cast<char>(*v);
        i += 2;
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          uint32_t v = 0;
          size_t n = 0;
          while (n < 3 && i < s.size() && s[i] >= '0' && s[i] <= '7') {
            v = v * 8 + static_cast<uint32_t>(s[i] - '0');
            ++i;
            ++n;
          }
          --i;
          out += static_cast<char>(v & 0xFF);
        } else {
          out += '\\';
          out += e;
        }
    }
  }
  return out;
}

std::optional<std::string> DecodeRawUnicodeEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == 'u' || s[i + 1] == 'U')) {
      size_t n = s[i + 1] == 'u' ? 4 : 8;
      if (i + 2 + n > s.size()) return std::nullopt;
      auto v = ParseHex(s.substr(i + 2, n));
      if (!v || *v > 0x10FFFF) return std::nullopt;
      AppendUtf8(out, *v);
      i += 1 + n;
    } else {
      AppendUtf8(out, c);
    }
  }
  return out;
}

std::optional<std::string> Utf8ToLatin1(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if ((c & 0xE0) == 0xC0 && i + 1 < t.size()) {
      uint32_t cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(t[i + 1]) & 0x3Fu);
      if (cp > 0xFF) return std::nullopt;
      out += static_cast<char>(cp);
      ++i;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<int64_t> ParseDecimal(std::string_view line, bool* big) {
  if (big) *big = false;
  if (!line.empty() && line.back() == 'L') line.remove_suffix(1);
  if (line.empty() || line.size() > 4096) return std::nullopt;
  size_t i = 0;
  if (line[0] == '-' || line[0] == '+') i = 1;
  if (i >= line.size()) return std::nullopt;
  for (size_t j = i; j < line.size(); ++j) {
    if (line[j] < '0' || line[j] > '9') return std::nullopt;
  }
  std::string tmp(line);
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(tmp.c_str(), &end, 10);
  if (errno == ERANGE) {
    if (big) *big = true;
    return std::nullopt;
  }
  return static_cast<int64_t>(v);
}

std::optional<double> ParseFloatLine(std::string_view line) {
  if (line.empty() || line.size() > 512) return std::nullopt;
  std::string tmp(line);
  char* end = nullptr;
  double v = std::strtod(tmp.c_str(), &end);
  if (end != tmp.c_str() + tmp.size()) return std::nullopt;
  return v;
}

std::pair<std::string, std::string> RemapPy2(const std::string& module, const std::string& name) {
  static const std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>>
      kNames = {
          {{"__builtin__", "xrange"}, {"builtins", "range"}},
          {{"__builtin__", "reduce"}, {"functools", "reduce"}},
          {{"__builtin__", "intern"}, {"sys", "intern"}},
          {{"__builtin__", "unichr"}, {"builtins", "chr"}},
          {{"__builtin__", "unicode"}, {"builtins", "str"}},
          {{"__builtin__", "long"}, {"builtins", "int"}},
          {{"__builtin__", "basestring"}, {"builtins", "str"}},
          {{"__builtin__", "raw_input"}, {"builtins", "input"}},
          {{"__builtin__", "execfile"}, {"builtins", "exec"}},
          {{"itertools", "izip"}, {"builtins", "zip"}},
          {{"itertools", "imap"}, {"builtins", "map"}},
          {{"itertools", "ifilter"}, {"builtins", "filter"}},
          {{"itertools", "ifilterfalse"}, {"itertools", "filterfalse"}},
          {{"itertools", "izip_longest"}, {"itertools", "zip_longest"}},
          {{"UserDict", "IterableUserDict"}, {"collections", "UserDict"}},
          {{"UserList", "UserList"}, {"collections", "UserList"}},
          {{"UserString", "UserString"}, {"collections", "UserString"}},
          {{"whichdb", "whichdb"}, {"dbm", "whichdb"}},
          {{"_socket", "fromfd"}, {"socket", "fromfd"}},
          {{"_multiprocessing", "Connection"}, {"multiprocessing.connection", "Connection"}},
          {{"multiprocessing.process", "Process"}, {"multiprocessing.context", "Process"}},
          {{"multiprocessing.forking", "Popen"}, {"multiprocessing.popen_fork", "Popen"}},
          {{"urllib", "getproxies"}, {"urllib.request", "getproxies"}},
          {{"urllib", "urlopen"}, {"urllib.request", "urlopen"}},
          {{"urllib", "urlretrieve"}, {"urllib.request", "urlretrieve"}},
          {{"urllib", "quote"}, {"urllib.parse", "quote"}},
          {{"urllib", "unquote"}, {"urllib.parse", "unquote"}},
          {{"urllib", "urlencode"}, {"urllib.parse", "urlencode"}},
          {{"urllib2", "HTTPError"}, {"urllib.error", "HTTPError"}},
          {{"urllib2", "URLError"}, {"urllib.error", "URLError"}},
      };
  static const std::map<std::string, std::string> kModules = {
      {"__builtin__", "builtins"}, {"copy_reg", "copyreg"}, {"Queue", "queue"},
      {"SocketServer", "socketserver"}, {"ConfigParser", "configparser"}, {"repr", "reprlib"},
      {"cPickle", "pickle"}, {"_elementtree", "xml.etree.ElementTree"},
      {"UserDict", "collections"}, {"UserList", "collections"}, {"UserString", "collections"},
      {"whichdb", "dbm"}, {"StringIO", "io"}, {"cStringIO", "io"}, {"thread", "_thread"},
      {"dummy_thread", "_dummy_thread"}, {"httplib", "http.client"},
      {"htmlentitydefs", "html.entities"}, {"HTMLParser", "html.parser"},
      {"Cookie", "http.cookies"}, {"cookielib", "http.cookiejar"},
      {"BaseHTTPServer", "http.server"}, {"SimpleHTTPServer", "http.server"},
      {"CGIHTTPServer", "http.server"}, {"xmlrpclib", "xmlrpc.client"},
      {"SimpleXMLRPCServer", "xmlrpc.server"}, {"urllib2", "urllib.request"},
      {"urlparse", "urllib.parse"}, {"robotparser", "urllib.robotparser"},
      {"commands", "subprocess"}, {"anydbm", "dbm"}, {"dbhash", "dbm.bsd"},
      {"dumbdbm", "dbm.dumb"}, {"gdbm", "dbm.gnu"}, {"markupbase", "_markupbase"},
      {"exceptions", "builtins"}, {"sets", "builtins"}, {"Tkinter", "tkinter"},
  };
  auto n = kNames.find({module, name});
  if (n != kNames.end()) return n->second;
  auto m = kModules.find(module);
  if (m != kModules.end()) return {m->second, name};
  return {module, name};
}

}  // namespace mg::pickle::detail
