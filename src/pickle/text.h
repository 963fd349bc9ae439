// Internal helpers of the pickle VM: protocol 0 text arguments and Python 2 name remapping.
// Every function is total: malformed input yields nullopt / false, never a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace mg::pickle::detail {

// STRING's argument: a Python repr of a byte string, quoted with ' or ". nullopt if malformed.
std::optional<std::string> DecodeQuotedString(std::string_view line);
// UNICODE's argument: raw-unicode-escape (\uXXXX, \UXXXXXXXX; other bytes are latin-1) to UTF-8.
std::optional<std::string> DecodeRawUnicodeEscape(std::string_view line);
// Latin-1 view of UTF-8 text (each code point < 256 becomes one byte); nullopt otherwise.
std::optional<std::string> Utf8ToLatin1(std::string_view text);
// INT / LONG / GET / PUT decimal arguments (optional sign, LONG's trailing 'L'). nullopt when
// malformed or beyond int64 (big flags it).
std::optional<int64_t> ParseDecimal(std::string_view line, bool* big = nullptr);
std::optional<double> ParseFloatLine(std::string_view line);
// _compat_pickle: Python 2 (module, name) -> Python 3 (module, name). Unchanged when unknown.
std::pair<std::string, std::string> RemapPy2(const std::string& module, const std::string& name);

}  // namespace mg::pickle::detail
