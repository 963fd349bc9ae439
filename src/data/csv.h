// Numeric CSV tables: evaluation data and prediction files.
//
// Contract:
//  - Every cell must parse as a number (std::from_chars; "nan"/"inf" rejected unless
//    allow_non_finite). An empty cell is an error unless allow_missing, then NaN. Errors name the
//    file, the 1-based line and column and the offending text.
//  - Header: kAuto treats the first line as a header when any of its cells is not a number;
//    kYes / kNo force it. Without a header, columns are named "0", "1", ...
//  - Every row must have the same number of cells as the first (ragged rows are errors).
//  - Storage is column-major: columns[c][r].
//  - Lines end with \n or \r\n; a trailing empty line is ignored; a UTF-8 BOM is skipped.
//  - `select` (optional): only these columns (header names, or 0-based indexes when all digits)
//    are parsed and stored, in the order given and named by the keys as given (a column
//    selected twice is stored twice, so ColumnIndex(key) finds each key); the other cells are only counted (ragged rows
//    are still errors). A selected column that does not exist is an input error listing the
//    columns. Without `select`, every column is stored.
//  - Memory: the columns are reserved once from a line count, and a file is mapped and
//    released behind the parser, so resident memory stays near the size of the stored doubles
//    (plus a few MB of the file), never the file plus the data.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mg::data {

struct CsvOptions {
  enum class Header { kAuto, kYes, kNo };
  Header header = Header::kAuto;
  char delimiter = ',';
  bool allow_missing = false;
  bool allow_non_finite = false;
  uint64_t max_bytes = uint64_t{64} << 30;
  std::vector<std::string> select;  // empty: every column
};

struct NumericTable {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
  bool has_header = false;

  size_t rows() const { return columns.empty() ? 0 : columns[0].size(); }
  size_t cols() const { return columns.size(); }
  // A column by header name, or by 0-based index when `key` is all digits.
  Result<size_t> ColumnIndex(std::string_view key) const;
};

// source_name is used in error messages only.
Result<NumericTable> ParseNumericCsv(std::string_view text, const std::string& source_name, const CsvOptions& options);
Result<NumericTable> ReadNumericCsv(const std::string& path, const CsvOptions& options = {});

// Streaming: the same rules, but the rows are handed to `sink` in chunks of at most chunk_rows
// (chunk.columns as in ReadNumericCsv; first_row = 0-based index of the chunk's first data row;
// rows_hint = the file's data row count, from its line count, for reserving). A sink error
// stops the read and is returned. Memory: one chunk and a few MB of the file. Returns the
// header (names, has_header) with empty columns.
using ChunkSink = std::function<Status(const NumericTable& chunk, size_t first_row, size_t rows_hint)>;
Result<NumericTable> StreamNumericCsv(const std::string& path, const CsvOptions& options, size_t chunk_rows,
                                      const ChunkSink& sink);

}  // namespace mg::data
