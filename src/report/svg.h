// Inline SVG charts for report.html (internal to src/report).
//
// Contract:
//  - Output is a standalone <svg class="plot" data-plot="ID"> element with a viewBox, so it scales
//    with the page; colours come from CSS custom properties (--fg, --muted, --grid, --c0..--c3,
//    --accent) so one chart reads in light and dark themes.
//  - Axes have "nice" ticks (1/2/5 x 10^k) and labels; text is XML-escaped.
//  - Non-finite points are skipped (the line breaks there); a chart with no finite point still
//    renders its axes.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mg::report::svg {

struct Line {
  std::string label;
  std::vector<double> x, y;
  int color = 0;        // 0..3 -> --c0..--c3
  bool dashed = false;
  bool markers = false;  // a dot on every point
  std::optional<size_t> highlight;  // index of a point to mark and annotate
  std::string highlight_label;
};

struct Chart {
  std::string id;  // data-plot attribute
  std::string x_label, y_label;
  std::optional<double> x_min, x_max, y_min, y_max;  // fixed ranges; else from the data
  bool diagonal = false;  // dotted y = x reference line
  std::vector<Line> lines;
  int width = 460, height = 320;
};

std::string LineChart(const Chart& c);

// Confusion matrix: rows are true labels, columns predicted; cell shade by row share.
std::string Heatmap(const std::string& id, const std::vector<std::string>& labels,
                    const std::vector<std::vector<double>>& counts);

struct Bar {
  std::string label;
  double start = 0, length = 0;  // seconds from the first bar's start
  std::string note;              // shown after the bar
};
// Horizontal bars on a time axis (the job timeline).
std::string Timeline(const std::string& id, const std::vector<Bar>& bars);

}  // namespace mg::report::svg
