#include "data/csv.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>

namespace mg::data {
namespace {

bool ParseCell(std::string_view cell, double* out) {
  while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
  while (!cell.empty() && cell.back() == ' ') cell.remove_suffix(1);
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
  if (cell.empty()) return false;
  const char* b = cell.data();
  const char* e = b + cell.size();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, *out);
  return ec == std::errc() && p == e;
}

std::string Show(std::string_view cell) {
  std::string s(cell.substr(0, 40));
  if (cell.size() > 40) s += "...";
  return s;
}

// Calls fn(cell, index) for each cell in line; returns the cell count.
template <typename Fn>
size_t ForEachCell(std::string_view line, char delim, Fn&& fn) {
  size_t idx = 0, start = 0;
  for (;;) {
    size_t end = line.find(delim, start);
    if (end == std::string_view::npos) {
      fn(line.substr(start), idx++);
      return idx;
    }
    fn(line.substr(start, end - start), idx++);
    start = end + 1;
  }
}

}  // namespace

Result<size_t> NumericTable::ColumnIndex(std::string_view key) const {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == key) return i;
  size_t idx = 0;
  auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), idx);
  if (ec == std::errc() && p == key.data() + key.size() && !key.empty()) {
    if (idx < cols()) return idx;
    return Status::Input("column index " + std::string(key) + " is out of range (the data has " +
                         std::to_string(cols()) + " columns)");
  }
  std::string known;
  for (size_t i = 0; i < names.size() && i < 20; ++i) known += (i ? ", " : "") + names[i];
  return Status::Input("no column named '" + std::string(key) + "' (columns: " + known + ")");
}

Result<NumericTable> ParseNumericCsv(std::string_view text, const std::string& src, const CsvOptions& opt) {
  NumericTable t;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t pos = 0;
  uint64_t line_no = 0;
  bool first = true;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (pos >= text.size()) break;
      return Status::Input(src + ":" + std::to_string(line_no) + ": empty line in the middle of the data");
    }
    if (first) {
      first = false;
      std::vector<std::string_view> cells;
      ForEachCell(line, opt.delimiter, [&](std::string_view c, size_t) { cells.push_back(c); });
      bool header = opt.header == CsvOptions::Header::kYes;
      if (opt.header == CsvOptions::Header::kAuto) {
        for (auto c : cells) {
          double v;
          std::string_view trimmed = c;
          if (!ParseCell(trimmed, &v) && !(opt.allow_missing && trimmed.empty())) header = true;
        }
      }
      t.columns.resize(cells.size());
      t.has_header = header;
      for (size_t i = 0; i < cells.size(); ++i) {
        std::string name(cells[i]);
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
        t.names.push_back(header ? name : std::to_string(i));
      }
      if (header) continue;
    }
    const size_t ncols = t.columns.size();
    Status bad;
    size_t n = ForEachCell(line, opt.delimiter, [&](std::string_view cell, size_t c) {
      if (!bad.ok() || c >= ncols) return;
      double v = 0;
      std::string_view trimmed = cell;
      while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
      while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
      if (trimmed.empty()) {
        if (!opt.allow_missing) {
          bad = Status::Input(src + ":" + std::to_string(line_no) + ": column " + std::to_string(c + 1) +
                              " is empty, expected a number");
          return;
        }
        v = std::nan("");
      } else if (!ParseCell(trimmed, &v)) {
        bad = Status::Input(src + ":" + std::to_string(line_no) + ": column " + std::to_string(c + 1) + ": '" +
                            Show(trimmed) + "' is not a number");
        return;
      } else if (!std::isfinite(v) && !opt.allow_non_finite) {
        bad = Status::Input(src + ":" + std::to_string(line_no) + ": column " + std::to_string(c + 1) + ": '" +
                            Show(trimmed) + "' is not a finite number");
        return;
      }
      t.columns[c].push_back(v);
    });
    if (!bad.ok()) return bad;
    if (n != ncols)
      return Status::Input(src + ":" + std::to_string(line_no) + ": " + std::to_string(n) + " columns, expected " +
                           std::to_string(ncols) + " as on the first line");
  }
  if (t.columns.empty() || t.rows() == 0) return Status::Input(src + ": no data rows");
  return t;
}

Result<NumericTable> ReadNumericCsv(const std::string& path, const CsvOptions& opt) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Input(path + ": cannot open data file");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Input(path + ": not a regular file");
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > opt.max_bytes) {
    ::close(fd);
    return Status::Input(path + ": " + std::to_string(size) + " bytes, more than the limit of " +
                         std::to_string(opt.max_bytes));
  }
  if (size == 0) {
    ::close(fd);
    return Status::Input(path + ": empty file, expected CSV rows");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return Status::Input(path + ": cannot map file");
  ::madvise(map, size, MADV_SEQUENTIAL);
  auto r = ParseNumericCsv(std::string_view(static_cast<const char*>(map), size), path, opt);
  ::munmap(map, size);
  return r;
}

}  // namespace mg::data
