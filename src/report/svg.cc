#include "report/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/common.h"

namespace mg::report::svg {
namespace {

using internal::XmlEscape;

struct Ticks {
  double lo, hi, step;
};

// Round a range out to 1/2/5 x 10^k steps, about `target` of them.
Ticks NiceTicks(double lo, double hi, int target) {
  if (!(hi > lo)) {
    double pad = std::abs(lo) > 0 ? std::abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  double raw = (hi - lo) / target;
  double mag = std::pow(10, std::floor(std::log10(raw)));
  double f = raw / mag;
  double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step, step};
}

std::string TickLabel(double v, double step) {
  if (std::abs(v) < step * 1e-6) v = 0;
  int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return fmt::format("{:.{}f}", v, std::min(decimals, 6));
}

std::string N(double v) { return fmt::format("{:.1f}", v); }

}  // namespace

std::string LineChart(const Chart& c) {
  const double ml = 58, mr = 16, mt = 34, mb = 48;
  const double pw = c.width - ml - mr, ph = c.height - mt - mb;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const auto& l : c.lines)
    for (size_t i = 0; i < l.x.size() && i < l.y.size(); ++i) {
      if (!std::isfinite(l.x[i]) || !std::isfinite(l.y[i])) continue;
      x0 = std::min(x0, l.x[i]), x1 = std::max(x1, l.x[i]);
      y0 = std::min(y0, l.y[i]), y1 = std::max(y1, l.y[i]);
    }
  if (!std::isfinite(x0)) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  Ticks tx = c.x_min && c.x_max ? NiceTicks(*c.x_min, *c.x_max, 5) : NiceTicks(x0, x1, 6);
  Ticks ty = c.y_min && c.y_max ? NiceTicks(*c.y_min, *c.y_max, 5) : NiceTicks(y0, y1, 5);
  if (c.x_min && c.x_max) tx.lo = *c.x_min, tx.hi = *c.x_max;
  if (c.y_min && c.y_max) ty.lo = *c.y_min, ty.hi = *c.y_max;
  auto X = [&](double v) { return ml + (v - tx.lo) / (tx.hi - tx.lo) * pw; };
  auto Y = [&](double v) { return mt + ph - (v - ty.lo) / (ty.hi - ty.lo) * ph; };

  std::string s = fmt::format(
      "<svg class=\"plot\" data-plot=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{} vs {}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n",
      XmlEscape(c.id), c.width, c.height, XmlEscape(c.y_label), XmlEscape(c.x_label));
  // Grid, ticks and tick labels.
  for (int i = 0; i <= 50; ++i) {
    double v = tx.lo + i * tx.step;
    if (v > tx.hi + tx.step * 1e-6) break;
    s += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", N(X(v)), N(mt), N(mt + ph));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", N(X(v)),
                     N(mt + ph + 16), TickLabel(v, tx.step));
  }
  for (int i = 0; i <= 50; ++i) {
    double v = ty.lo + i * ty.step;
    if (v > ty.hi + ty.step * 1e-6) break;
    s += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>", N(ml), N(Y(v)), N(ml + pw));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", N(ml - 6), N(Y(v) + 4),
                     TickLabel(v, ty.step));
  }
  s += fmt::format("<rect class=\"frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n", N(ml), N(mt), N(pw), N(ph));
  s += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", N(ml + pw / 2),
                   N(c.height - 8), XmlEscape(c.x_label));
  s += fmt::format("<text class=\"axis\" transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
                   N(mt + ph / 2), XmlEscape(c.y_label));
  if (c.diagonal)
    s += fmt::format("<path class=\"ref\" d=\"M{} {} L{} {}\"/>\n", N(X(std::max(tx.lo, ty.lo))),
                     N(Y(std::max(tx.lo, ty.lo))), N(X(std::min(tx.hi, ty.hi))), N(Y(std::min(tx.hi, ty.hi))));
  // Lines, then the legend across the top.
  double lx = ml;
  for (const auto& l : c.lines) {
    std::string d;
    bool pen = false;
    std::string dots;
    for (size_t i = 0; i < l.x.size() && i < l.y.size(); ++i) {
      if (!std::isfinite(l.x[i]) || !std::isfinite(l.y[i])) {
        pen = false;
        continue;
      }
      d += fmt::format("{}{} {} ", pen ? "L" : "M", N(X(l.x[i])), N(Y(l.y[i])));
      pen = true;
      if (l.markers) dots += fmt::format("<circle class=\"dot c{}\" cx=\"{}\" cy=\"{}\" r=\"3\"/>", l.color, N(X(l.x[i])), N(Y(l.y[i])));
    }
    if (!d.empty()) d.pop_back();
    s += fmt::format("<path class=\"series c{}{}\" d=\"{}\"/>\n{}", l.color, l.dashed ? " dashed" : "", d, dots);
    if (l.highlight && *l.highlight < l.x.size() && std::isfinite(l.x[*l.highlight]) && std::isfinite(l.y[*l.highlight])) {
      double hx = X(l.x[*l.highlight]), hy = Y(l.y[*l.highlight]);
      s += fmt::format("<circle class=\"mark c{}\" cx=\"{}\" cy=\"{}\" r=\"4.5\"/>", l.color, N(hx), N(hy));
      bool right = hx < ml + pw * 0.6;
      s += fmt::format("<text class=\"note\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>\n", N(hx + (right ? 8 : -8)),
                       N(hy - 8), right ? "start" : "end", XmlEscape(l.highlight_label));
    }
    s += fmt::format("<line class=\"series c{}{}\" x1=\"{}\" y1=\"16\" x2=\"{}\" y2=\"16\"/>", l.color,
                     l.dashed ? " dashed" : "", N(lx), N(lx + 18));
    s += fmt::format("<text class=\"legend\" x=\"{}\" y=\"20\">{}</text>\n", N(lx + 23), XmlEscape(l.label));
    lx += 23 + 7.0 * static_cast<double>(l.label.size()) + 18;
  }
  return s + "</svg>";
}

std::string Heatmap(const std::string& id, const std::vector<std::string>& labels,
                    const std::vector<std::vector<double>>& counts) {
  const size_t k = labels.size();
  const double ml = 78, mt = 44, cell = k <= 2 ? 110 : std::max(36.0, 260.0 / static_cast<double>(k));
  const double w = ml + cell * static_cast<double>(k) + 16, h = mt + cell * static_cast<double>(k) + 40;
  std::string s = fmt::format(
      "<svg class=\"plot\" data-plot=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"confusion matrix\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n",
      XmlEscape(id), N(w), N(h));
  s += fmt::format("<text class=\"axis\" x=\"{}\" y=\"14\" text-anchor=\"middle\">Predicted label</text>\n",
                   N(ml + cell * static_cast<double>(k) / 2));
  s += fmt::format("<text class=\"axis\" transform=\"translate(16 {}) rotate(-90)\" text-anchor=\"middle\">True label</text>\n",
                   N(mt + cell * static_cast<double>(k) / 2));
  for (size_t i = 0; i < k; ++i) {
    double row = 0;
    for (size_t j = 0; j < k && i < counts.size() && j < counts[i].size(); ++j) row += counts[i][j];
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", N(ml + cell * (i + 0.5)),
                     N(mt - 8), XmlEscape(labels[i]));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", N(ml - 8),
                     N(mt + cell * (i + 0.5) + 4), XmlEscape(labels[i]));
    for (size_t j = 0; j < k; ++j) {
      double v = i < counts.size() && j < counts[i].size() ? counts[i][j] : 0;
      double share = row > 0 ? v / row : 0;
      double x = ml + cell * static_cast<double>(j), y = mt + cell * static_cast<double>(i);
      s += fmt::format("<rect class=\"cell{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill-opacity=\"{:.3f}\"/>",
                       i == j ? " diag" : "", N(x), N(y), N(cell - 2), N(cell - 2), 0.08 + 0.87 * share);
      s += fmt::format("<path class=\"cellpath\" d=\"M{} {} h{} v{} h-{} Z\"/>", N(x), N(y), N(cell - 2), N(cell - 2), N(cell - 2));
      s += fmt::format("<text class=\"count{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", share > 0.55 ? " on" : "",
                       N(x + cell / 2 - 1), N(y + cell / 2 - (cell > 50 ? 2 : -4)), fmt::format("{:g}", v));
      if (cell > 50)
        s += fmt::format("<text class=\"share{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{:.1f}%</text>",
                         share > 0.55 ? " on" : "", N(x + cell / 2 - 1), N(y + cell / 2 + 16), share * 100);
      s += "\n";
    }
  }
  return s + "</svg>";
}

std::string Timeline(const std::string& id, const std::vector<Bar>& bars) {
  const double ml = 110, mr = 150, row = 26, mt = 10;
  const double w = 900, pw = w - ml - mr, h = mt + row * static_cast<double>(bars.size()) + 40;
  double end = 0;
  for (const auto& b : bars) end = std::max(end, b.start + b.length);
  Ticks t = NiceTicks(0, end > 0 ? end : 1, 6);
  t.lo = 0;
  auto X = [&](double v) { return ml + v / t.hi * pw; };
  std::string s = fmt::format(
      "<svg class=\"plot\" data-plot=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"job timeline\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n",
      XmlEscape(id), N(w), N(h));
  double axis_y = mt + row * static_cast<double>(bars.size());
  for (int i = 0; i <= 50; ++i) {
    double v = i * t.step;
    if (v > t.hi + t.step * 1e-6) break;
    s += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", N(X(v)), N(mt), N(axis_y));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", N(X(v)), N(axis_y + 16),
                     TickLabel(v, t.step));
  }
  s += fmt::format("<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">seconds since the job was created</text>\n",
                   N(ml + pw / 2), N(h - 4));
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    double y = mt + row * static_cast<double>(i);
    double bw = std::max(2.0, X(b.start + b.length) - X(b.start));
    s += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", N(ml - 8), N(y + 17),
                     XmlEscape(b.label));
    s += fmt::format("<path class=\"bar c{}\" d=\"M{} {} h{} v16 h-{} Z\"/>", i % 4, N(X(b.start)), N(y + 5), N(bw), N(bw));
    s += fmt::format("<text class=\"note\" x=\"{}\" y=\"{}\">{}</text>\n", N(X(b.start) + bw + 6), N(y + 17),
                     XmlEscape(b.note));
  }
  return s + "</svg>";
}

}  // namespace mg::report::svg
