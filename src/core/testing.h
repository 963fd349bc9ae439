// Test helpers shared by every module's tests (linked into test binaries only).
#pragma once

#include <string>
#include <vector>

namespace mg::testing {

// A fresh directory under $TMPDIR, removed with its contents when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Path(const std::string& name) const { return path_ + "/" + name; }
  // Writes contents to name (parents created); returns the full path.
  std::string Write(const std::string& name, const std::string& contents) const;

 private:
  std::string path_;
};

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the modelgate binary ($MODELGATE_BIN) with args, no shell involved.
CliResult RunCli(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
// Runs any program (argv[0] looked up in PATH).
CliResult RunProgram(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
// A path inside the source tree ($MODELGATE_SOURCE_DIR, else the working directory).
std::string SourcePath(const std::string& rel);
std::string ReadAll(const std::string& path);

}  // namespace mg::testing
