#include "data/csv.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>

namespace mg::data {
namespace {

std::string_view Trim(std::string_view c) {
  while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
  while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
  return c;
}

bool ParseCell(std::string_view cell, double* out) {
  cell = Trim(cell);
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

std::vector<std::string_view> SplitCells(std::string_view line, char delim) {
  std::vector<std::string_view> cells;
  size_t start = 0;
  for (;;) {
    size_t end = line.find(delim, start);
    if (end == std::string_view::npos) {
      cells.push_back(line.substr(start));
      return cells;
    }
    cells.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

std::string Unquote(std::string_view c) {
  c = Trim(c);
  if (c.size() >= 2 && c.front() == '"' && c.back() == '"') c = c.substr(1, c.size() - 2);
  return std::string(c);
}

// Release callback: the first `bytes` of the text will not be read again.
using Release = std::function<void(size_t bytes)>;
constexpr size_t kReleaseEvery = size_t{2} << 20;

// With a sink, rows are handed over every `chunk_rows` rows (and at the end) and the returned
// table holds the header only.
Result<NumericTable> Parse(std::string_view text, const std::string& src, const CsvOptions& opt,
                           const Release& release, const ChunkSink* sink = nullptr, size_t chunk_rows = 0) {
  size_t base = 0;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") base = 3;
  // Pass 1: count lines, to reserve every column exactly once.
  size_t lines = 0;
  for (size_t p = base, released = 0; p < text.size();) {
    const void* nl = std::memchr(text.data() + p, '\n', text.size() - p);
    if (!nl) break;
    ++lines;
    p = static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
    if (release && p - released > kReleaseEvery) release(released = p);
  }
  if (text.size() > base && text.back() != '\n') ++lines;  // a last line without its newline
  if (release) release(0);  // a restart marker: nothing to drop, lets the mapping re-fault

  NumericTable t;
  // file column -> output columns (a column selected twice is stored twice)
  std::vector<std::vector<size_t>> slot;
  size_t ncols = 0;
  size_t pos = base, released = 0;
  uint64_t line_no = 0;
  bool first = true;
  size_t rows_hint = 0, done = 0;  // streaming: rows handed to the sink so far
  while (pos < text.size()) {
    const void* nlp = std::memchr(text.data() + pos, '\n', text.size() - pos);
    const size_t nl = nlp ? static_cast<size_t>(static_cast<const char*>(nlp) - text.data()) : text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (release && pos - released > kReleaseEvery && pos < text.size()) release(released = pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (pos >= text.size()) break;
      return Status::Input(src + ":" + std::to_string(line_no) + ": empty line in the middle of the data");
    }
    if (first) {
      first = false;
      std::vector<std::string_view> cells = SplitCells(line, opt.delimiter);
      ncols = cells.size();
      bool header = opt.header == CsvOptions::Header::kYes;
      if (opt.header == CsvOptions::Header::kAuto) {
        for (auto c : cells) {
          double v;
          if (!ParseCell(c, &v) && !(opt.allow_missing && Trim(c).empty())) header = true;
        }
      }
      t.has_header = header;
      std::vector<std::string> all;
      for (size_t i = 0; i < cells.size(); ++i) all.push_back(header ? Unquote(cells[i]) : std::to_string(i));
      slot.assign(ncols, {});
      if (opt.select.empty()) {
        t.names = all;
        for (size_t i = 0; i < ncols; ++i) slot[i].push_back(i);
      } else {
        NumericTable probe;
        probe.names = all;
        probe.columns.resize(ncols);
        for (const auto& key : opt.select) {
          auto idx = probe.ColumnIndex(key);
          if (!idx.ok()) return Status::Input(src + ": " + idx.status().message());
          slot[*idx].push_back(t.names.size());
          t.names.push_back(key);
        }
      }
      t.columns.resize(t.names.size());
      for (auto& c : t.columns) c.reserve(sink ? std::min(chunk_rows, lines) : lines);
      rows_hint = lines - (header ? 1 : 0);
      if (header) continue;
    }
    // One data line.
    size_t c = 0, start = 0;
    for (;; ++c) {
      size_t end = line.find(opt.delimiter, start);
      const bool last = end == std::string_view::npos;
      if (c < ncols && !slot[c].empty()) {
        std::string_view cell = Trim(line.substr(start, last ? std::string_view::npos : end - start));
        double v = 0;
        auto where = [&] {
          std::string w = src + ":" + std::to_string(line_no) + ": column " + std::to_string(c + 1);
          if (t.has_header) w += " ('" + t.names[slot[c][0]] + "')";
          return w;
        };
        if (cell.empty()) {
          if (!opt.allow_missing) return Status::Input(where() + " is empty, expected a number");
          v = std::nan("");
        } else if (!ParseCell(cell, &v)) {
          return Status::Input(where() + ": '" + Show(cell) + "' is not a number");
        } else if (!std::isfinite(v) && !opt.allow_non_finite) {
          return Status::Input(where() + ": '" + Show(cell) + "' is not a finite number");
        }
        for (size_t out : slot[c]) t.columns[out].push_back(v);
      }
      if (last) break;
      start = end + 1;
    }
    if (c + 1 != ncols)
      return Status::Input(src + ":" + std::to_string(line_no) + ": " + std::to_string(c + 1) + " columns, expected " +
                           std::to_string(ncols) + " as on the first line");
    if (sink && t.rows() >= chunk_rows) {
      MG_RETURN_IF_ERROR((*sink)(t, done, rows_hint));
      done += t.rows();
      for (auto& col : t.columns) col.clear();
    }
  }
  if (ncols == 0 || done + t.rows() == 0) return Status::Input(src + ": no data rows");
  if (sink && t.rows() > 0) {
    MG_RETURN_IF_ERROR((*sink)(t, done, rows_hint));
    for (auto& col : t.columns) col.clear();
  }
  return t;
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
  if (names.size() > 20) known += ", ...";
  return Status::Input("no column named '" + std::string(key) + "' (columns: " + known + ")");
}

Result<NumericTable> ParseNumericCsv(std::string_view text, const std::string& src, const CsvOptions& opt) {
  if (text.empty()) return Status::Input(src + ": empty file, expected CSV rows");
  return Parse(text, src, opt, nullptr);
}

namespace {

// Maps `path` and runs Parse on it with the pages behind the parser released.
Result<NumericTable> MapAndParse(const std::string& path, const CsvOptions& opt, const ChunkSink* sink,
                                 size_t chunk_rows) {
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
  char* base = static_cast<char*>(map);
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t dropped = 0;
  // Drop the pages behind the parser from resident memory (they are re-read from the file
  // if ever touched again, as the second pass does).
  Release release = [&](size_t bytes) {
    if (bytes == 0) {
      if (dropped) ::madvise(base, dropped, MADV_DONTNEED);
      dropped = 0;
      return;
    }
    const size_t upto = bytes / page * page;
    if (upto > dropped) {
      ::madvise(base + dropped, upto - dropped, MADV_DONTNEED);
      dropped = upto;
    }
  };
  auto r = Parse(std::string_view(base, size), path, opt, release, sink, chunk_rows);
  ::munmap(map, size);
  return r;
}

}  // namespace

Result<NumericTable> ReadNumericCsv(const std::string& path, const CsvOptions& opt) {
  return MapAndParse(path, opt, nullptr, 0);
}

Result<NumericTable> StreamNumericCsv(const std::string& path, const CsvOptions& opt, size_t chunk_rows,
                                      const ChunkSink& sink) {
  if (chunk_rows == 0) return Status::Internal("StreamNumericCsv: chunk_rows must be positive");
  return MapAndParse(path, opt, &sink, chunk_rows);
}

}  // namespace mg::data
