// Times and durations of a training job, as `jobs` and `status` show them.
//
// Contract:
//  - ParseIsoTime accepts the timestamps SageMaker and the aws CLI print: ISO 8601
//    "2026-11-30T10:00:00.000Z", with or without fraction, "Z" or a "+HH:MM" offset, and the
//    space-separated form "2026-11-30 10:00:00+00:00". Anything else yields nullopt.
//  - Timeline pairs every SecondaryStatusTransition with its duration in seconds (-1 when the
//    start or end is unknown; a transition without EndTime is "still running" and has -1).
//  - JobDuration is TrainingEndTime (or LastModifiedTime) minus CreationTime; -1 if unknown.
//  - FormatDuration renders seconds as "45s", "3m12s", "2h05m", "3d04h"; -1 as "-".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "job/job.h"

namespace mg::job {

// Seconds since the Unix epoch (fractions dropped).
std::optional<long long> ParseIsoTime(const std::string& s);

struct TimelineEntry {
  std::string status;
  std::string start_time, end_time;
  long long seconds = -1;
  std::string message;
};

std::vector<TimelineEntry> Timeline(const JobRecord& j);
long long JobDuration(const JobRecord& j);
std::string FormatDuration(long long seconds);

}  // namespace mg::job
