// Python tracebacks in log lines: the exception and the user's last frame.
//
// Contract:
//  - ParseTraceback scans lines for the LAST "Traceback (most recent call last):" block (in a
//    chain of exceptions, the one that ended the program) and returns its frames and the
//    exception line (the first unindented line after the frames). Prefixes such as
//    "[1,mpirank:0,algo-1]<stderr>:" are removed first.
//  - user_frame is the last frame whose file is not inside the Python installation
//    (site-packages, dist-packages, lib/pythonX.Y, <frozen ...>); when every frame is library
//    code, it is the last frame and user_code is false.
//  - found is false when there is no traceback; nothing here fails.
#pragma once

#include <string>
#include <vector>

namespace mg::job {

struct Traceback {
  bool found = false;
  std::vector<std::string> frames;  // 'File "...", line N, in f' (code line appended after ": ")
  std::string exception;            // "ValueError: could not convert string to float: 'abc'"
  std::string user_frame;
  bool user_code = false;
};

Traceback ParseTraceback(const std::vector<std::string>& lines);

// "[1,mpirank:0,algo-1]<stderr>:x" -> "x"; other lines unchanged.
std::string StripMpiPrefix(const std::string& line);

}  // namespace mg::job
