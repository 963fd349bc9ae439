// Local log files, whatever their format, as a stream of lines.
//
// Contract:
//  - Formats: plain text (a CloudWatch text export or a raw stdout capture); the JSON that
//    `aws logs get-log-events` / `filter-log-events` print ({"events": [{"message": ...}]}) or
//    a bare array of such events. The format is sniffed from the first bytes.
//  - Text lines: '\r' trimmed; a leading ISO 8601 timestamp ("2026-11-30T10:03:02.117Z ", as
//    the console's download and S3 exports add) removed. A JSON event's message is split on
//    '\n' into lines; in filter-log-events output the stream is the event's logStreamName.
//  - Malformed input is skipped and counted in stats.skipped, never fatal: a line longer than
//    kMaxLineBytes, a line with NUL bytes, the rest of a JSON document after a syntax error.
//  - Memory is bounded by kMaxLineBytes (plus one JSON event), whatever the file size.
//  - A file that cannot be opened is an input error naming it.
#pragma once

#include <string>

#include "job/source.h"

namespace mg::job {

inline constexpr size_t kMaxLineBytes = 256 * 1024;

Status ReadLogFile(const std::string& path, const LogLineSink& sink, LogReadStats* stats);

// Removes a leading "2026-11-30T10:03:02.117Z " / "2026-11-30 10:03:02,117 " timestamp.
std::string_view StripTimestampPrefix(std::string_view line);

}  // namespace mg::job
