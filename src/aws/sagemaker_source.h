// The "sagemaker:" job source: a training job on AWS (or on anything speaking its APIs at the
// configured endpoint) seen through job::JobSource, so the pipeline treats it like a folder.
//
// Contract:
//  - RegisterSageMakerJobSource(options) registers the scheme "sagemaker" with
//    job::RegisterJobSourceScheme. AWS configuration (credentials.h) is loaded with options on
//    first use, so a machine without AWS set up only errs when sagemaker: is asked for.
//  - "sagemaker:NAME" opens a job: DescribeJson() is the DescribeTrainingJob response in the
//    shape `aws sagemaker describe-training-job` prints (timestamps as ISO 8601 UTC strings,
//    "2024-12-03T10:00:00.123000+00:00", where the API sends epoch seconds);
//    LogStreams() the streams "NAME/..." of /aws/sagemaker/TrainingJobs, sorted by name;
//    ReadLog() reads one stream from its head page by page (bounded memory), one line per
//    '\n'-separated part of each event's message; Locate() gives the artifact
//    (ModelArtifacts.S3ModelArtifacts) and SageMaker's output.tar.gz
//    (S3OutputPath/NAME/output/output.tar.gz) as s3:// URIs. No eval data or metrics.json
//    (SageMaker does not record them).
//  - "sagemaker:" lists every job, "sagemaker:TEXT" those whose name contains TEXT
//    (ListTrainingJobs, newest first); records carry name, status and times.
//  - Errors are those of sagemaker.h / logs.h / credentials.h (Status::Input).
#pragma once

#include <memory>
#include <string>

#include "aws/client.h"
#include "aws/credentials.h"
#include "core/status.h"
#include "job/source.h"

namespace mg::aws {

void RegisterSageMakerJobSource(const LoadOptions& options = {});

Result<std::unique_ptr<job::JobSource>> OpenSageMakerJob(const AwsConfig& config, const std::string& name,
                                                         const ClientOptions& options = {});
Result<std::vector<job::JobRecord>> ListSageMakerJobs(const AwsConfig& config, const std::string& name_contains,
                                                      const ClientOptions& options = {});

}  // namespace mg::aws
