// report.html: one self-contained page (inline CSS and SVG, no script, no network at view
// time) with the verdict banner, the decision table, the job, the artifact tree with its
// findings, the plots (html_plots.cc), per-slice metrics and the policy used.
#include <fmt/format.h>

#include <algorithm>

#include "report/common.h"
#include "report/html_plots.h"
#include "report/report.h"

namespace mg::report {
namespace {

using internal::XmlEscape;

constexpr const char* kStyle = R"CSS(
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1d2330;--muted:#5d6678;--grid:#e3e6ec;--border:#d9dde5;
--c0:#7b8494;--c1:#2563eb;--c2:#d97706;--c3:#7c3aed;--accent:#2563eb;--ok:#15803d;--ok-bg:#e7f6ec;--bad:#b91c1c;
--bad-bg:#fdecec;--warn:#a16207;--warn-bg:#fef6e0;--code:#f0f2f5}
@media (prefers-color-scheme:dark){:root{--bg:#11141a;--card:#1a1e26;--fg:#e4e7ee;--muted:#9aa3b5;--grid:#2b313c;
--border:#323946;--c0:#9aa3b5;--c1:#60a5fa;--c2:#fbbf24;--c3:#c084fc;--accent:#60a5fa;--ok:#4ade80;--ok-bg:#12301d;
--bad:#f87171;--bad-bg:#3a1717;--warn:#facc15;--warn-bg:#352b0c;--code:#232833}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0}h2{font-size:17px;margin:0 0 12px}
section{background:var(--card);border:1px solid var(--border);border-radius:10px;padding:18px 20px;margin:16px 0}
.banner{display:flex;gap:16px;align-items:center;border-width:0 0 0 6px;border-style:solid}
.banner svg.icon{flex:none}.banner svg.icon circle{fill:currentColor}.banner svg.icon path{fill:none;stroke:#fff;stroke-width:4.5;stroke-linecap:round;stroke-linejoin:round}.banner p{margin:4px 0 0;color:var(--fg)}
.approved{background:var(--ok-bg);border-color:var(--ok);color:var(--ok)}.approved h1{color:var(--ok)}
.rejected{background:var(--bad-bg);border-color:var(--bad);color:var(--bad)}.rejected h1{color:var(--bad)}
.error{background:var(--warn-bg);border-color:var(--warn);color:var(--warn)}.error h1{color:var(--warn)}
.muted{color:var(--muted)}code,pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--code);padding:10px 12px;border-radius:6px;overflow:auto;white-space:pre-wrap;word-break:break-word}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--grid);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12.5px;text-transform:uppercase;letter-spacing:.03em}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12.5px;font-weight:600}
.pill.passed{background:var(--ok-bg);color:var(--ok)}.pill.failed{background:var(--bad-bg);color:var(--bad)}
.pill.warned,.pill.skipped{background:var(--warn-bg);color:var(--warn)}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}.sev-info{color:var(--muted)}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;word-break:break-all}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px}
figure{margin:0;border:1px solid var(--grid);border-radius:8px;padding:10px 12px}figcaption{margin-bottom:4px}
svg.plot{width:100%;height:auto;display:block}
svg .grid{stroke:var(--grid);stroke-width:1}svg .frame{fill:none;stroke:var(--border)}
svg text{fill:var(--fg);font-family:inherit}svg .tick{font-size:11px;fill:var(--muted)}svg .axis{font-size:12px}
svg .legend{font-size:12px}svg .note{font-size:11px;fill:var(--muted);paint-order:stroke;stroke:var(--card);stroke-width:3px;stroke-linejoin:round}
svg .series{fill:none;stroke-width:2;stroke-linejoin:round}svg .dashed{stroke-dasharray:6 4}
svg .ref{fill:none;stroke:var(--muted);stroke-dasharray:3 4;stroke-width:1}
svg .c0{stroke:var(--c0);fill:var(--c0)}svg .c1{stroke:var(--c1)}svg .c2{stroke:var(--c2)}svg .c3{stroke:var(--c3)}
svg path.series.c0{fill:none}svg .dot.c2,svg .mark.c2{fill:var(--c2)}svg .mark.c1{fill:var(--c1)}svg .mark.c3{fill:var(--c3)}
svg .bar{stroke:none}svg .bar.c0{fill:var(--c0)}svg .bar.c1{fill:var(--c1)}svg .bar.c2{fill:var(--c2)}svg .bar.c3{fill:var(--c3)}
svg .cell{fill:var(--c0)}svg .cell.diag{fill:var(--accent)}svg .cellpath{fill:none;stroke:var(--card);stroke-width:2}
svg .count{font-size:18px;font-weight:600}svg .share{font-size:11px;fill:var(--muted)}svg .on{fill:#fff}
ul.tree{list-style:none;padding:0;margin:0}ul.tree li{padding:3px 0;border-bottom:1px solid var(--grid)}
footer{color:var(--muted);font-size:12px;text-align:center;margin:24px 0}
)CSS";

// ✓ ✗ ! – in the order of internal::Outcome (text glyphs every font has, unlike emoji).
constexpr const char* kPillMark[] = {"\u2713", "\u2717", "!", "\u2013"};

std::string Banner(const Report& r) {
  // Drawn, not an emoji: the viewer may have no emoji font.
  const char* mark = r.decision == "approved" ? "M13 24.5l7 7 15-15" : r.decision == "rejected" ? "M16 16l16 16M32 16L16 32"
                                                                                                : "M24 13v14M24 33v2";
  std::string icon = fmt::format(
      "<svg class=\"icon\" viewBox=\"0 0 48 48\" width=\"44\" height=\"44\" aria-hidden=\"true\"><circle cx=\"24\" "
      "cy=\"24\" r=\"22\"/><path d=\"{}\"/></svg>",
      mark);
  std::string title = r.decision == "approved" ? "Approved" : r.decision == "rejected" ? "Rejected" : "Error";
  std::string sub = r.job ? "<code>" + XmlEscape(r.job->name) + "</code> · " : "";
  std::string err = r.error.ok() ? "" : "<p><b>" + XmlEscape(r.error.message()) + "</b></p>";
  return fmt::format(
      "<section class=\"banner {}\" id=\"verdict\">{}<div><h1>Decision: {}</h1>"
      "<p>{}{}</p>{}</div></section>\n",
      XmlEscape(r.decision), icon, title, sub, XmlEscape(internal::VerdictExplanation(r)), err);
}

std::string DecisionTable(const Report& r) {
  if (!r.checks || r.checks->checks.empty()) return "";
  std::string rows;
  for (const auto& c : r.checks->checks) {
    internal::Outcome o = internal::CheckOutcome(c);
    std::string ci;
    if (r.evaluation)
      if (auto it = r.evaluation->metrics.ci.find(c.name); it != r.evaluation->metrics.ci.end())
        ci = fmt::format(" <span class=\"muted\">[{:.4f}, {:.4f}]</span>", it->second.lower, it->second.upper);
    rows += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}{}</td><td>{}</td><td><span class=\"pill {}\">{} {}</span></td><td>{}</td></tr>\n",
        XmlEscape(internal::PrettyMetric(c.name)), internal::FormatValue(c.value), ci, XmlEscape(c.threshold),
        internal::OutcomeName(o), kPillMark[static_cast<int>(o)], internal::OutcomeName(o), XmlEscape(c.reason));
  }
  return "<section id=\"decision\"><h2>Decision table</h2><table><thead><tr><th>Metric</th><th>Value</th>"
         "<th>Required threshold</th><th>Conclusion</th><th>Reason</th></tr></thead><tbody>\n" +
         rows + "</tbody></table></section>\n";
}

std::string JobSection(const Report& r) {
  if (!r.job) return "";
  const job::JobRecord& j = *r.job;
  std::string kv;
  auto add = [&](const char* k, const std::string& v) {
    if (!v.empty()) kv += fmt::format("<dt>{}</dt><dd>{}</dd>", k, XmlEscape(v));
  };
  add("Status", std::string(job::JobStatusName(j.status)) + (j.secondary_status.empty() ? "" : " / " + j.secondary_status));
  add("Image", j.training_image);
  add("Instance", j.instance_type.empty() ? "" : fmt::format("{} × {}", j.instance_type, j.instance_count));
  add("Billable", j.billable_seconds >= 0 ? internal::FormatDuration(static_cast<double>(j.billable_seconds)) : "");
  add("Artifact URI", j.model_artifact_uri);
  std::string hp;
  for (const auto& [k, v] : j.hyperparameters) hp += (hp.empty() ? "" : ", ") + k + "=" + v;
  add("Hyperparameters", hp);
  std::string out = "<section id=\"job\"><h2>Training job</h2><dl class=\"kv\">" + kv + "</dl>";
  if (!j.failure_reason.empty()) out += "<h3>Failure reason</h3><pre>" + XmlEscape(j.failure_reason) + "</pre>";
  if (!r.log_tail.empty()) {
    std::string tail;
    for (const auto& l : r.log_tail) tail += l + "\n";
    out += "<h3>Log lines that explain it</h3><pre>" + XmlEscape(tail) + "</pre>";
  }
  return out + "</section>\n";
}

std::string ArtifactSection(const Report& r) {
  if (!r.artifact && r.findings.empty()) return "";
  std::string out = "<section id=\"artifact\"><h2>Artifact</h2>";
  auto finding = [](const Finding& f) {
    return fmt::format("<div class=\"sev-{0}\">{0}: {1} <span class=\"muted\">{2}</span></div>", XmlEscape(f.severity),
                       XmlEscape(f.detail), XmlEscape(f.kind));
  };
  if (r.artifact) {
    const auto& a = *r.artifact;
    out += fmt::format("<p><code>{}</code> · {} · sha256 <code>{}</code> · {} bytes compressed, {} bytes unpacked</p>",
                       XmlEscape(a.listing.path), artifact::ModelFormatName(a.format), XmlEscape(a.listing.sha256),
                       a.listing.compressed_size, a.listing.total_size);
    out += "<ul class=\"tree\">";
    for (const auto& m : a.listing.members) {
      std::string p = m.path;
      while (p.size() > 1 && p.back() == '/') p.pop_back();
      if (p.rfind("./", 0) == 0) p = p.substr(2);
      size_t depth = static_cast<size_t>(std::count(p.begin(), p.end(), '/'));
      std::string name = p.substr(p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1);
      const char* icon = m.type == artifact::MemberType::kDirectory ? "\u25BE" : "\u00B7";
      out += fmt::format("<li style=\"padding-left:{}px\">{} <code>{}</code> <span class=\"muted\">{} · {} bytes{}</span>{}",
                         depth * 20, icon, XmlEscape(name), artifact::MemberTypeName(m.type), m.size,
                         m.sha256.empty() ? "" : " · " + m.sha256.substr(0, 12),
                         m.path == a.model_member ? " <span class=\"pill passed\">model</span>" : "");
      for (const auto& f : r.findings)
        if (f.member == m.path) out += finding(f);
      out += "</li>";
    }
    out += "</ul>";
  }
  for (const auto& f : r.findings) {
    bool attached = false;
    if (r.artifact)
      for (const auto& m : r.artifact->listing.members) attached |= !f.member.empty() && f.member == m.path;
    if (!attached) out += finding(f);
  }
  return out + "</section>\n";
}

std::string MetricsSection(const Report& r) {
  if (!r.evaluation) return "";
  const Evaluation& e = *r.evaluation;
  std::string rows;
  for (const auto& [k, v] : e.metrics.values) {
    std::string ci;
    if (auto it = e.metrics.ci.find(k); it != e.metrics.ci.end())
      ci = fmt::format("[{:.4f}, {:.4f}] ({:g}% {})", it->second.lower, it->second.upper, it->second.level * 100,
                       XmlEscape(it->second.method));
    rows += fmt::format("<tr><td>{}</td><td class=\"num\">{:.4f}</td><td>{}</td></tr>", XmlEscape(internal::PrettyMetric(k)), v, ci);
  }
  for (const auto& [k, why] : e.metrics.undefined)
    rows += fmt::format("<tr><td>{}</td><td class=\"num\">undefined</td><td>{}</td></tr>", XmlEscape(k), XmlEscape(why));
  std::string out = fmt::format(
      "<section id=\"metrics\"><h2>Evaluation</h2><p>{} rows of <code>{}</code> ({} task) · model {} · threshold {:g}</p>"
      "<table><thead><tr><th>Metric</th><th>Value</th><th>Confidence interval</th></tr></thead><tbody>{}</tbody></table>",
      e.metrics.n, XmlEscape(e.data_path), XmlEscape(e.metrics.task), XmlEscape(e.model_description), e.threshold, rows);
  if (!e.slices.empty()) {
    std::vector<std::string> names;
    for (const auto& s : e.slices)
      for (const auto& [k, v] : s.metrics.values)
        if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
    out += "<h3 id=\"slices\">Per slice</h3><table><thead><tr><th>Slice</th><th>Rows</th>";
    for (const auto& n : names) out += "<th>" + XmlEscape(internal::PrettyMetric(n)) + "</th>";
    out += "</tr></thead><tbody>";
    for (const auto& s : e.slices) {
      out += fmt::format("<tr><td><code>{} = {}</code></td><td class=\"num\">{}</td>", XmlEscape(s.column), XmlEscape(s.value),
                         s.metrics.n);
      for (const auto& n : names) {
        auto it = s.metrics.values.find(n);
        out += "<td class=\"num\">" + (it == s.metrics.values.end() ? std::string("–") : fmt::format("{:.4f}", it->second)) + "</td>";
      }
      out += "</tr>";
    }
    out += "</tbody></table>";
  }
  return out + "</section>\n";
}

std::string PolicySection(const Report& r) {
  if (!r.policy) return "";
  std::string body = r.policy->text.empty() ? "" : "<pre>" + XmlEscape(r.policy->text) + "</pre>";
  if (body.empty()) {
    for (const auto& rule : r.policy->rules)
      body += fmt::format("<li><code>{}</code>: {}</li>", XmlEscape(rule.metric), XmlEscape(rule.threshold.Describe()));
    body = "<ul>" + body + "</ul>";
  }
  return fmt::format("<section id=\"policy\"><h2>Policy</h2><p class=\"muted\">Source: <code>{}</code></p>{}</section>\n",
                     XmlEscape(r.policy->source), body);
}

}  // namespace

std::string RenderHtml(const Report& r) {
  std::string title = "modelgate: " + r.decision + (r.job ? " · " + r.job->name : "");
  std::string timings;
  for (const auto& t : r.timings) timings += fmt::format("{}{} {:.3f} s", timings.empty() ? " · " : ", ", t.stage, t.seconds);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
      "<title>{}</title><style>{}</style></head>\n<body><main>\n{}{}{}{}{}{}{}{}{}"
      "<footer>modelgate 0.1.0 · report schema modelgate.report/v1{}</footer>\n</main></body></html>\n",
      XmlEscape(title), kStyle, Banner(r), DecisionTable(r), internal::HtmlEvaluationPlots(r), MetricsSection(r),
      internal::HtmlTrainingCurves(r), JobSection(r), internal::HtmlTimeline(r), ArtifactSection(r), PolicySection(r),
      XmlEscape(timings));
}

}  // namespace mg::report
