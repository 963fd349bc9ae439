// Format dispatch and the report directory: every format from the same Report, each file
// written atomically.
#include "core/env.h"
#include "report/report.h"

namespace mg::report {

std::optional<Format> ParseFormat(const std::string& name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "md" || name == "markdown") return Format::kMarkdown;
  if (name == "junit") return Format::kJunit;
  if (name == "html") return Format::kHtml;
  if (name == "evaluation") return Format::kEvaluation;
  return std::nullopt;
}

std::string Render(const Report& r, Format f, const TableOptions& table_options) {
  switch (f) {
    case Format::kTable: return RenderTable(r, table_options);
    case Format::kJson: return ToJson(r).dump(2) + "\n";
    case Format::kMarkdown: return RenderMarkdown(r);
    case Format::kJunit: return RenderJunit(r);
    case Format::kHtml: return RenderHtml(r);
    case Format::kEvaluation: return ToSageMakerEvaluation(r).dump(2) + "\n";
  }
  return "";
}

Status WriteReportDir(const Report& r, const std::string& dir) {
  static constexpr Format kFormats[] = {Format::kJson, Format::kEvaluation, Format::kMarkdown, Format::kJunit,
                                        Format::kHtml};
  static_assert(std::size(kFormats) == std::size(kReportFiles));
  for (size_t i = 0; i < std::size(kFormats); ++i)
    MG_RETURN_IF_ERROR(WriteFileAtomic(JoinPath(dir, kReportFiles[i]), Render(r, kFormats[i])));
  return Status::Ok();
}

}  // namespace mg::report
