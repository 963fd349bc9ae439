// The plot sections of report.html (internal to src/report). Each returns an HTML fragment,
// or "" when the report has no data for it, so the page simply leaves the section out.
#pragma once

#include <string>

#include "report/report.h"

namespace mg::report::internal {

std::string HtmlTimeline(const Report& r);        // SecondaryStatusTransitions with durations
std::string HtmlTrainingCurves(const Report& r);  // train vs validation per metric from the logs
std::string HtmlEvaluationPlots(const Report& r); // ROC, PR, calibration, confusion matrix

}  // namespace mg::report::internal
