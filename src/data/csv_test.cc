// Numeric CSV reader: header detection, column selection, every input error it names.
#include <gtest/gtest.h>

#include <cmath>

#include "core/testing.h"
#include "data/csv.h"

namespace mg::data {
namespace {

Result<NumericTable> Parse(const std::string& text, CsvOptions o = {}) { return ParseNumericCsv(text, "f.csv", o); }

std::string Error(const std::string& text, CsvOptions o = {}) {
  auto t = Parse(text, o);
  EXPECT_FALSE(t.ok());
  return t.ok() ? "" : t.status().message();
}

TEST(Csv, HeaderIsDetectedAndValuesParse) {
  auto t = Parse("\xEF\xBB\xBFy,\"score\"\r\n1,0.25\r\n0,+1e-3\r\n");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_TRUE(t->has_header);
  EXPECT_EQ(t->names, (std::vector<std::string>{"y", "score"}));
  EXPECT_EQ(t->columns[1], (std::vector<double>{0.25, 1e-3}));
  EXPECT_EQ(*t->ColumnIndex("score"), 1u);
  EXPECT_EQ(*t->ColumnIndex("0"), 0u);
}

TEST(Csv, NoHeaderNamesColumnsByIndex) {
  auto t = Parse("1,2\n3,4\n");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->has_header);
  EXPECT_EQ(t->names, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(t->rows(), 2u);
}

TEST(Csv, RoundTripsShortestDoubles) {
  auto t = Parse("x\n0.1\n2.2250738585072014e-308\n0.30000000000000004\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->columns[0][0], 0.1);
  EXPECT_EQ(t->columns[0][1], 2.2250738585072014e-308);
  EXPECT_EQ(t->columns[0][2], 0.1 + 0.2);
}

TEST(Csv, SelectKeepsOnlyNamedColumnsInOrder) {
  CsvOptions o;
  o.select = {"c", "a", "0"};
  auto t = Parse("a,b,c\n1,junk,3\n4,junk,6\n", o);  // unselected cells are not parsed
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->names, (std::vector<std::string>{"c", "a", "0"}));
  EXPECT_EQ(t->columns[0], (std::vector<double>{3, 6}));
  EXPECT_EQ(t->columns[2], (std::vector<double>{1, 4}));
  EXPECT_EQ(*t->ColumnIndex("0"), 2u);
}

TEST(Csv, MissingSelectedColumnListsTheColumns) {
  CsvOptions o;
  o.select = {"prob"};
  EXPECT_EQ(Error("y,score\n1,2\n", o), "f.csv: no column named 'prob' (columns: y, score)");
}

TEST(Csv, NonNumericNamesLineAndColumn) {
  EXPECT_EQ(Error("y,score\n1,0.5\n0,abc\n"), "f.csv:3: column 2 ('score'): 'abc' is not a number");
  EXPECT_EQ(Error("1,0.5\n0,1.5x\n"), "f.csv:2: column 2: '1.5x' is not a number");
}

TEST(Csv, NonFiniteAndEmptyCells) {
  EXPECT_EQ(Error("y,s\n1,inf\n"), "f.csv:2: column 2 ('s'): 'inf' is not a finite number");
  EXPECT_EQ(Error("y,s\n1,\n"), "f.csv:2: column 2 ('s') is empty, expected a number");
  CsvOptions o;
  o.allow_missing = true;
  auto t = Parse("y,s\n1,\n", o);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(std::isnan(t->columns[1][0]));
}

TEST(Csv, RaggedRowsAndBlankLines) {
  EXPECT_EQ(Error("y,s\n1,2\n1,2,3\n"), "f.csv:3: 3 columns, expected 2 as on the first line");
  EXPECT_EQ(Error("y,s\n1,2\n1\n"), "f.csv:3: 1 columns, expected 2 as on the first line");
  EXPECT_EQ(Error("y,s\n1,2\n\n1,2\n"), "f.csv:3: empty line in the middle of the data");
}

TEST(Csv, EmptyInputs) {
  EXPECT_EQ(Error(""), "f.csv: empty file, expected CSV rows");
  EXPECT_EQ(Error("y,s\n"), "f.csv: no data rows");
}

TEST(Csv, ReadsFilesAndReportsEmptyOnes) {
  testing::TempDir dir;
  std::string text = "y,s\n";
  for (int i = 0; i < 100000; ++i) text += std::to_string(i % 2) + "," + std::to_string(i) + ".5\n";
  auto t = ReadNumericCsv(dir.Write("big.csv", text));
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->rows(), 100000u);
  EXPECT_EQ(t->columns[1][99999], 99999.5);
  EXPECT_LE(t->columns[1].capacity(), t->columns[1].size() + 1);  // reserved once from the line count
  auto e = ReadNumericCsv(dir.Write("empty.csv", ""));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("empty file"), std::string::npos);
  EXPECT_FALSE(ReadNumericCsv(dir.Path("absent.csv")).ok());
}

}  // namespace
}  // namespace mg::data

namespace mg::data {
namespace {

TEST(CsvStream, ChunksCoverEveryRowOnce) {
  testing::TempDir dir;
  std::string text = "a,b\n";
  for (int i = 0; i < 1000; ++i) text += std::to_string(i) + "," + std::to_string(2 * i) + "\n";
  CsvOptions o;
  o.select = {"b"};
  size_t seen = 0, chunks = 0;
  auto h = StreamNumericCsv(dir.Write("s.csv", text), o, 300,
                            [&](const NumericTable& chunk, size_t first, size_t hint) -> Status {
                              EXPECT_EQ(first, seen);
                              EXPECT_EQ(hint, 1000u);
                              EXPECT_LE(chunk.rows(), 300u);
                              for (size_t r = 0; r < chunk.rows(); ++r)
                                EXPECT_EQ(chunk.columns[0][r], 2.0 * static_cast<double>(first + r));
                              seen += chunk.rows();
                              ++chunks;
                              return Status::Ok();
                            });
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_EQ(h->names, (std::vector<std::string>{"b"}));
  EXPECT_EQ(seen, 1000u);
  EXPECT_EQ(chunks, 4u);
}

TEST(CsvStream, SinkAndParseErrorsStopTheRead) {
  testing::TempDir dir;
  auto sink_error = StreamNumericCsv(dir.Write("a.csv", "x\n1\n2\n"), {}, 1,
                                     [](const NumericTable&, size_t first, size_t) {
                                       return first == 1 ? Status::Input("stop at 1") : Status::Ok();
                                     });
  ASSERT_FALSE(sink_error.ok());
  EXPECT_EQ(sink_error.status().message(), "stop at 1");
  const std::string path = dir.Write("b.csv", "x\n1\nzz\n");
  auto bad = StreamNumericCsv(path, {}, 10, [](const NumericTable&, size_t, size_t) { return Status::Ok(); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), path + ":3: column 1 ('x'): 'zz' is not a number");
}

}  // namespace
}  // namespace mg::data
