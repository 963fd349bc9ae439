#include "report/html_plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "report/common.h"
#include "report/curves.h"
#include "report/svg.h"

namespace mg::report::internal {
namespace {

std::string Figure(const std::string& title, const std::string& svg, const std::string& caption) {
  return fmt::format("<figure><figcaption><b>{}</b>{}</figcaption>{}</figure>\n", XmlEscape(title),
                     caption.empty() ? "" : " <span class=\"muted\">" + XmlEscape(caption) + "</span>", svg);
}

// Lower is better for losses and errors; higher for the rest.
bool LowerIsBetter(const std::string& metric) {
  for (const char* k : {"loss", "error", "mse", "rmse", "mae", "mape"})
    if (metric.find(k) != std::string::npos) return true;
  return false;
}

svg::Line SeriesLine(const logs::Series& s, const std::string& label, int color, bool dashed) {
  svg::Line l;
  l.label = label;
  l.color = color;
  l.dashed = dashed;
  for (const auto& p : s.points) {
    l.x.push_back(static_cast<double>(p.step));
    l.y.push_back(p.value);
  }
  return l;
}

}  // namespace

std::string HtmlTimeline(const Report& r) {
  if (!r.job || r.job->transitions.empty()) return "";
  const auto& tr = r.job->transitions;
  std::string origin = r.job->creation_time.empty() ? tr.front().start_time : r.job->creation_time;
  std::vector<svg::Bar> bars;
  std::string rows;
  for (const auto& t : tr) {
    auto start = SecondsBetween(origin, t.start_time);
    auto len = SecondsBetween(t.start_time, t.end_time);
    svg::Bar b;
    b.label = t.status;
    b.start = start.value_or(0);
    b.length = len.value_or(0);
    b.note = len ? FormatDuration(*len) : (t.end_time.empty() ? "current" : "?");
    bars.push_back(b);
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                        XmlEscape(t.status), XmlEscape(t.start_time), XmlEscape(t.end_time), XmlEscape(b.note),
                        XmlEscape(t.message));
  }
  return "<section id=\"timeline\"><h2>Job timeline</h2>\n" + Figure("Secondary status transitions", svg::Timeline("timeline", bars), "") +
         "<details><summary>Transitions</summary><table><thead><tr><th>Status</th><th>Start</th><th>End</th>"
         "<th>Duration</th><th>Message</th></tr></thead><tbody>\n" +
         rows + "</tbody></table></details></section>\n";
}

std::string HtmlTrainingCurves(const Report& r) {
  if (!r.logs || r.logs->series.empty()) return "";
  // "train:logloss" + "validation:logloss" -> one chart "logloss"; names without a channel
  // prefix get a chart of their own.
  std::map<std::string, std::vector<std::pair<std::string, const logs::Series*>>> groups;
  for (const auto& [name, s] : r.logs->series) {
    if (s.points.empty()) continue;
    size_t colon = name.find(':');
    std::string metric = colon == std::string::npos ? name : name.substr(colon + 1);
    std::string channel = colon == std::string::npos ? name : name.substr(0, colon);
    groups[metric].push_back({channel, &s});
  }
  if (groups.empty()) return "";
  std::string figs;
  for (const auto& [metric, members] : groups) {
    svg::Chart c;
    c.id = "training-" + metric;
    c.x_label = "round";
    c.y_label = metric;
    int color = 0;
    for (const auto& [channel, s] : members) {
      bool is_train = channel == "train";
      svg::Line l = SeriesLine(*s, channel, is_train ? 0 : 1 + (color % 3), is_train);
      if (!is_train) {
        ++color;
        // Mark the best round of every held-out channel.
        size_t best = 0;
        bool low = LowerIsBetter(metric);
        for (size_t i = 0; i < l.y.size(); ++i)
          if (std::isfinite(l.y[i]) && (!std::isfinite(l.y[best]) || (low ? l.y[i] < l.y[best] : l.y[i] > l.y[best]))) best = i;
        l.highlight = best;
        l.highlight_label = fmt::format("best {:.4g} @ {}", l.y[best], static_cast<long long>(l.x[best]));
      }
      c.lines.push_back(std::move(l));
    }
    std::sort(c.lines.begin(), c.lines.end(), [](const svg::Line& a, const svg::Line& b) { return a.color < b.color; });
    figs += Figure(metric, svg::LineChart(c), LowerIsBetter(metric) ? "lower is better" : "higher is better");
  }
  return "<section id=\"training\"><h2>Training curves</h2><p class=\"muted\">From the training logs, per "
         "metric definition; the best held-out round is marked.</p><div class=\"grid\">\n" +
         figs + "</div></section>\n";
}

std::string HtmlEvaluationPlots(const Report& r) {
  if (!r.evaluation) return "";
  const Evaluation& e = *r.evaluation;
  std::string figs;
  const auto& mv = e.metrics.values;
  auto metric = [&](const char* name) -> std::string {
    auto it = mv.find(name);
    return it == mv.end() ? "" : fmt::format("{} = {:.4f}", PrettyMetric(name), it->second);
  };
  Curve roc = RocCurve(e.y_true, e.scores, e.pos_label);
  if (!roc.empty()) {
    svg::Chart c;
    c.id = "roc";
    c.x_label = "False positive rate";
    c.y_label = "True positive rate";
    c.x_min = c.y_min = 0;
    c.x_max = c.y_max = 1;
    c.diagonal = true;
    c.lines.push_back({"model", roc.x, roc.y, 1, false, false, {}, ""});
    figs += Figure("ROC curve", svg::LineChart(c), metric("roc_auc"));
  }
  Curve pr = PrCurve(e.y_true, e.scores, e.pos_label);
  if (!pr.empty()) {
    svg::Chart c;
    c.id = "pr";
    c.x_label = "Recall";
    c.y_label = "Precision";
    c.x_min = c.y_min = 0;
    c.x_max = c.y_max = 1;
    c.lines.push_back({"model", pr.x, pr.y, 1, false, false, {}, ""});
    double pos = 0;
    for (double y : e.y_true) pos += y == e.pos_label;
    double prevalence = e.y_true.empty() ? 0 : pos / static_cast<double>(e.y_true.size());
    c.lines.push_back({"no skill", {0, 1}, {prevalence, prevalence}, 0, true, false, {}, ""});
    figs += Figure("Precision-recall curve", svg::LineChart(c), metric("average_precision"));
  }
  Curve cal = Calibration(e.y_true, e.scores, e.pos_label);
  if (!cal.empty()) {
    svg::Chart c;
    c.id = "calibration";
    c.x_label = "Mean predicted probability";
    c.y_label = "Fraction of positives";
    c.x_min = c.y_min = 0;
    c.x_max = c.y_max = 1;
    c.diagonal = true;
    c.lines.push_back({"model (10 bins)", cal.x, cal.y, 2, false, true, {}, ""});
    figs += Figure("Calibration", svg::LineChart(c), metric("brier_score"));
  }
  const auto& cm = e.metrics.confusion;
  if (!cm.labels.empty() && cm.counts.size() == cm.labels.size()) {
    std::vector<std::string> labels;
    for (double l : cm.labels) labels.push_back(fmt::format("{:g}", l));
    figs += Figure("Confusion matrix", svg::Heatmap("confusion", labels, cm.counts),
                   e.metrics.task == "binary" ? fmt::format("threshold {:g}", e.threshold) : "");
  }
  if (figs.empty()) return "";
  return "<section id=\"evaluation-plots\"><h2>Model quality</h2><div class=\"grid\">\n" + figs + "</div></section>\n";
}

}  // namespace mg::report::internal
