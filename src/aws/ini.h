// A reader for the aws CLI's INI files (~/.aws/credentials, ~/.aws/config).
//
// Contract: `[section]` headers (whitespace inside the brackets trimmed), `key = value`
// lines (key and value trimmed), full-line comments starting with '#' or ';'. Indented lines
// after a `key =` with an empty value are nested settings (e.g. `s3 =` blocks): they are
// stored as "key.subkey". Values are kept verbatim otherwise. A line that is none of these
// is an error naming path:line. Internal header of the aws module.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace mg::aws {

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;

Result<IniFile> ParseIni(std::string_view text, const std::string& path);

}  // namespace mg::aws
