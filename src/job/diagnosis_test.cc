// Each diagnosis category, from failure text shaped like real SageMaker failures (reason
// strings and log lines as the service and its containers print them; sources in
// /work/shared/notes/metric-semantics-and-sagemaker-failures.md and docs/jobs.md).
#include "job/diagnosis.h"

#include <gtest/gtest.h>

#include <set>

#include "core/testing.h"
#include "job/traceback.h"

namespace mg::job {
namespace {

JobRecord Failed(const std::string& reason, const std::string& secondary = "Failed") {
  JobRecord j;
  j.name = "job-1";
  j.status = JobStatus::kFailed;
  j.secondary_status = secondary;
  j.failure_reason = reason;
  return j;
}

Diagnosis DiagnoseText(const JobRecord& j, std::vector<std::string> tail = {}) {
  DiagnosisInput in;
  in.log_tail = std::move(tail);
  return Diagnose(j, in, RuleSet::Builtin());
}

struct Case {
  const char* name;
  const char* reason;
  std::vector<std::string> log;
  const char* category;
  const char* rule;
};

class Categories : public ::testing::TestWithParam<Case> {};

TEST_P(Categories, ClassifiesTheCause) {
  const Case& c = GetParam();
  Diagnosis d = DiagnoseText(Failed(c.reason), c.log);
  EXPECT_EQ(d.category, c.category) << c.name << ": " << (d.findings.empty() ? "" : d.findings[0].evidence);
  ASSERT_FALSE(d.findings.empty()) << c.name;
  EXPECT_EQ(d.findings[0].rule_id, c.rule) << c.name;
  EXPECT_FALSE(d.findings[0].advice.empty());
}

const Case kCases[] = {
    // aws/amazon-sagemaker-examples#4384: the role cannot read the training data.
    {"s3_download_denied",
     "ClientError: Data download failed:Failed to download data. Access Denied (403): "
     "s3://ml-pipeline-bucket/churn/train/churn.csv",
     {}, "s3_permission", "s3-access-denied-download"},
    {"s3_upload_denied",
     "ClientError: Artifact upload failed:Error 7: Access Denied for s3://ml-pipeline-bucket/model/job-1/output/model.tar.gz",
     {}, "s3_permission", "s3-access-denied-upload"},
    {"kms_denied",
     "ClientError: Data download failed:Failed to download data. User: arn:aws:sts::123456789012:assumed-role/"
     "SageMakerExecutionRole/SageMaker is not authorized to perform: kms:Decrypt on resource: "
     "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
     {}, "s3_permission", "kms-access-denied"},
    {"s3_denied_in_script",
     "AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage \"botocore.exceptions.ClientError: An error "
     "occurred (AccessDenied) when calling the GetObject operation: Access Denied\"",
     {}, "s3_permission", "s3-access-denied-api"},
    // aws/amazon-sagemaker-examples#2267.
    {"no_s3_objects",
     "ClientError: Data download failed:No S3 objects found under S3 URL \"s3://ml-pipeline-bucket/churn/train/\" given "
     "in input data source. Please ensure that the bucket exists in the selected region (us-east-1), that objects exist "
     "under that S3 prefix, and that the role \"arn:aws:iam::123456789012:role/SageMakerExecutionRole\" has "
     "\"s3:ListBucket\" permissions on bucket \"ml-pipeline-bucket\".",
     {}, "missing_data", "no-s3-objects"},
    // boto/boto3#1397.
    {"empty_channel", "AlgorithmError: framework error: \nTraceback (most recent call last):\n"
                      "sagemaker_algorithm_toolkit.exceptions.UserError: No data in training channel path "
                      "/opt/ml/input/data/train",
     {}, "missing_data", "empty-channel"},
    {"empty_channel_log", "AlgorithmError: framework error",
     {"[2026-11-29:08:17:33:INFO] File path /opt/ml/input/data/train of input files",
      "[2026-11-29:08:17:33:ERROR] Customer Error: no file found in path /opt/ml/input/data/train"},
     "missing_data", "empty-channel"},
    // aws-samples/immersion-day#81 (the example failed job).
    {"csv_header",
     "AlgorithmError: framework error: \nsagemaker_algorithm_toolkit.exceptions.UserError: Non-numeric value 'F' found "
     "in the header line 'Gender,Age,Tenure,Balance,Exited' of file 'churn.csv'. CSV format require no header line in it.",
     {}, "malformed_data", "csv-header"},
    {"non_numeric",
     "AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage \"ValueError: could not convert string to "
     "float: 'Female'\"",
     {}, "malformed_data", "non-numeric-value"},
    // aws/amazon-sagemaker-examples#668 and #576.
    {"libsvm_expected",
     "AlgorithmError: framework error: \nsagemaker_algorithm_toolkit.exceptions.UserError: Blankspace and colon not "
     "found in firstline '0,1.5,2.3' of file 'train.csv'. ContentType by defaullt is in libsvm. Please ensure "
     "ContentType is correct.",
     {}, "malformed_data", "libsvm-expected"},
    // awslabs/amazon-sagemaker-paws#305.
    {"label_range",
     "AlgorithmError: framework error: \nxgboost.core.XGBoostError: [08:17:52] ../src/objective/regression_obj.cu:101: "
     "label must be in [0,1] for logistic regression",
     {}, "malformed_data", "label-out-of-range"},
    {"parquet", "AlgorithmError: framework error: \npyarrow.lib.ArrowInvalid: Parquet magic bytes not found in footer. "
                "Either the file is corrupted or this is not a parquet file.",
     {}, "malformed_data", "bad-file-format"},
    {"oom_137",
     "AlgorithmError: ExecuteUserScriptError:\nExitCode 137\nErrorMessage \"\"\nCommand \"/opt/conda/bin/python3.9 "
     "train.py --epochs 10\", exit code: 137",
     {}, "out_of_memory", "host-oom"},
    {"oom_builtin", "ClientError: Please use an instance type with more memory, or reduce the size of job data "
                    "processed on an instance.",
     {}, "out_of_memory", "host-oom"},
    {"memory_error", "AlgorithmError: framework error: ",
     {"Traceback (most recent call last):", "  File \"/opt/ml/code/train.py\", line 12, in <module>",
      "    df = pd.read_csv(path)", "MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,)"},
     "out_of_memory", "host-oom"},
    {"cuda_oom",
     "AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage \"torch.cuda.OutOfMemoryError: CUDA out of "
     "memory. Tried to allocate 20.00 MiB (GPU 0; 15.78 GiB total capacity; 14.21 GiB already allocated)\"",
     {}, "out_of_memory", "cuda-oom"},
    // aws/sagemaker-python-sdk#128, sagemaker-training-toolkit#204.
    {"disk_full", "ClientError: Data download failed:Failed to download data. Insufficient disk space. Please "
                  "increase VolumeSizeInGB.",
     {}, "disk_full", "disk-full"},
    {"disk_full_log", "AlgorithmError: ExecuteUserScriptError:\nExitCode 1",
     {"OSError: [Errno 28] No space left on device: '/opt/ml/model/checkpoint-500'"}, "disk_full", "disk-full"},
    {"bad_hyperparameter", "AlgorithmError: framework error: \nsagemaker_algorithm_toolkit.exceptions.UserError: "
                           "Missing required hyperparameter: num_round",
     {}, "bad_hyperparameter", "hyperparameter-invalid"},
    {"bad_hyperparameter_format",
     "AlgorithmError: framework error: \nxgboost.core.XGBoostError: Invalid Parameter format for max_depth expect int "
     "but value='4.5'",
     {}, "bad_hyperparameter", "hyperparameter-invalid"},
    {"argparse", "AlgorithmError: ExecuteUserScriptError:\nExitCode 2\nErrorMessage \"train.py: error: unrecognized "
                 "arguments: --learning-rate 0.1\"",
     {}, "bad_hyperparameter", "hyperparameter-invalid"},
    // aws/amazon-sagemaker-examples#1740: "silent" was removed from XGBoost.
    {"deprecated_hyperparameter", "AlgorithmError: framework error: \nKeyError: 'silent'",
     {}, "bad_hyperparameter", "hyperparameter-deprecated"},
    {"capacity", "CapacityError: Unable to provision requested ML compute capacity. Please retry using a different ML "
                 "instance type.",
     {}, "capacity", "capacity"},
    {"limit", "ResourceLimitExceeded: The account-level service limit 'ml.p3.2xlarge for training job usage' is 0 "
              "Instances, with current utilization of 0 Instances and a request delta of 1 Instances. Please contact "
              "AWS support to request an increase for this limit.",
     {}, "capacity", "resource-limit"},
    // operator-for-k8s#22.
    {"vpc", "ClientError: Artifact upload failed:Please ensure that the subnet's route table has a route to an S3 VPC "
            "endpoint or a NAT device, and both the security groups and the subnet's network ACL allow outbound traffic "
            "to S3.",
     {}, "network", "vpc-no-route-to-s3"},
    {"endpoint", "AlgorithmError: ExecuteUserScriptError:\nExitCode 1",
     {"botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL: "
      "\"https://ml-pipeline-bucket.s3.amazonaws.com/churn/extra.csv\""},
     "network", "endpoint-unreachable"},
    // aws/sagemaker-python-sdk#1895.
    {"no_model", "ClientError: Artifact upload failed:No model artifact is saved under path /opt/ml/model. Your "
                 "training job should save the model artifact to /opt/ml/model",
     {}, "no_model_saved", "no-model-saved"},
    {"script_error",
     "AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage \"KeyError: 'label'\"\nCommand "
     "\"/opt/conda/bin/python3.9 train.py\", exit code: 1",
     {}, "script_error", "user-script-error"},
    {"internal", "InternalServerError: We encountered an internal error. Please try again.", {}, "sagemaker_internal",
     "internal-error"},
};

INSTANTIATE_TEST_SUITE_P(Builtin, Categories, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

TEST(Diagnosis, MaxRuntimeFromSecondaryStatus) {
  JobRecord j = Failed("", "MaxRuntimeExceeded");
  j.status = JobStatus::kStopped;
  Diagnosis d = DiagnoseText(j);
  EXPECT_EQ(d.category, "max_runtime");
  EXPECT_EQ(d.findings[0].where, "SecondaryStatus");
}

TEST(Diagnosis, SpotInterruptionFromTransitions) {
  JobRecord j = Failed("", "Interrupted");
  j.status = JobStatus::kStopped;
  j.managed_spot = true;
  j.transitions.push_back({"Interrupted", "2026-11-29T08:17:30.000Z", "", "Job interrupted due to spot instance reclaim"});
  EXPECT_EQ(DiagnoseText(j).category, "spot_interruption");
  JobRecord w = Failed("", "MaxWaitTimeExceeded");
  w.status = JobStatus::kStopped;
  EXPECT_EQ(DiagnoseText(w).category, "spot_interruption");
}

TEST(Diagnosis, ReasonBeatsLogTail) {
  // The tail has an unrelated traceback; the reason says capacity.
  Diagnosis d = DiagnoseText(Failed("CapacityError: Unable to provision requested ML compute capacity."),
                    {"Traceback (most recent call last):", "ValueError: boom"});
  EXPECT_EQ(d.category, "capacity");
  EXPECT_EQ(d.reason_kind, "CapacityError");
  ASSERT_GE(d.findings.size(), 2u);
  EXPECT_EQ(d.findings[1].where, "log");
}

TEST(Diagnosis, ScriptErrorShowsExceptionAndUserFrame) {
  std::vector<std::string> log = {
      "2026-11-29 08:17:40,118 sagemaker-training-toolkit INFO     Invoking user script",
      "Traceback (most recent call last):",
      "  File \"/opt/ml/code/train.py\", line 88, in <module>",
      "    main()",
      "  File \"/opt/ml/code/train.py\", line 41, in main",
      "    y = df.pop(args.target)",
      "  File \"/opt/conda/lib/python3.9/site-packages/pandas/core/frame.py\", line 5226, in pop",
      "    return super().pop(item=item)",
      "KeyError: 'label'",
      "2026-11-29 08:17:41,006 sagemaker-training-toolkit ERROR    Reporting training FAILURE"};
  Diagnosis d = DiagnoseText(Failed("AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage \"KeyError: 'label'\""), log);
  EXPECT_EQ(d.category, "script_error");
  EXPECT_EQ(d.exception, "KeyError: 'label'");
  EXPECT_EQ(d.user_frame, "File \"/opt/ml/code/train.py\", line 41, in main: y = df.pop(args.target)");
  EXPECT_EQ(d.reason_kind, "AlgorithmError");
}

TEST(Diagnosis, UnknownKeepsTheLinesThatMatter) {
  std::vector<std::string> log;
  for (int i = 0; i < 50; ++i) log.push_back("[" + std::to_string(i) + "]#011train-rmse:1.0");
  log.push_back("worker 3 reported status 7");
  log.push_back("FATAL: the flux capacitor is misaligned");
  log.push_back("shutting down");
  Diagnosis d = DiagnoseText(Failed("AlgorithmError: see the logs"), log);
  EXPECT_EQ(d.category, "unknown");
  EXPECT_TRUE(d.findings.empty());
  ASSERT_EQ(d.lines.size(), 2u);
  EXPECT_EQ(d.lines[0], "FATAL: the flux capacitor is misaligned");
}

TEST(Diagnosis, CompletedJobWithoutModelIsFlagged) {
  JobRecord j;
  j.name = "j";
  j.status = JobStatus::kCompleted;
  DiagnosisInput in;
  in.log_tail = {"[99]#011train-rmse:0.5", "WARNING: no model was saved to /opt/ml/model"};
  Diagnosis d = CheckCompleted(j, in, RuleSet::Builtin(), 99, false);
  EXPECT_EQ(d.category, "no_model_saved");
  in.log_tail = {"[99]#011train-rmse:0.5", "[2026-11-30:10:03:09:INFO] Model saved to /opt/ml/model/xgboost-model"};
  EXPECT_EQ(CheckCompleted(j, in, RuleSet::Builtin(), 99, false).category, "none");
}

TEST(Diagnosis, CompletedJobThatCrashedLateIsFlagged) {
  JobRecord j;
  j.name = "j";
  j.status = JobStatus::kCompleted;
  j.hyperparameters["num_round"] = "100";
  DiagnosisInput in;
  in.log_tail = {"[41]#011train-rmse:0.5"};
  Diagnosis d = CheckCompleted(j, in, RuleSet::Builtin(), 41, false);
  EXPECT_EQ(d.category, "incomplete_training");
  EXPECT_EQ(CheckCompleted(j, in, RuleSet::Builtin(), 41, /*early_stopped=*/true).category, "none");
  in.log_tail = {"[99]#011train-rmse:0.5", "OSError: [Errno 28] No space left on device"};
  EXPECT_EQ(CheckCompleted(j, in, RuleSet::Builtin(), 99, false).category, "disk_full");
}

TEST(Rules, UserRulesComeFirstAndReplaceById) {
  testing::TempDir dir;
  std::string path = dir.Write("rules.yaml",
                               "rules:\n"
                               "  - id: team-feature-store\n"
                               "    category: feature_store\n"
                               "    pattern: 'FeatureGroup \\S+ not found'\n"
                               "    advice: Create the feature group first.\n"
                               "  - id: csv-header\n"
                               "    category: malformed_data\n"
                               "    pattern: 'header line'\n"
                               "    advice: Our pipeline strips headers in step 3; rerun it.\n");
  auto rules = LoadRules(path);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  EXPECT_EQ(rules->rules()[0].id, "team-feature-store");
  EXPECT_EQ(rules->rules().size(), RuleSet::Builtin().rules().size() + 1);
  DiagnosisInput in;
  Diagnosis d = Diagnose(Failed("AlgorithmError: FeatureGroup churn-features not found"), in, *rules);
  EXPECT_EQ(d.category, "feature_store");
  d = Diagnose(Failed("UserError: Non-numeric value 'F' found in the header line 'a,b'"), in, *rules);
  EXPECT_EQ(d.findings[0].advice, "Our pipeline strips headers in step 3; rerun it.");
}

TEST(Rules, ErrorsNameFileLineAndField) {
  auto bad = RuleSet::Parse("rules:\n  - id: x\n    category: y\n    pattern: '(unclosed'\n    advice: z\n", "r.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("r.yaml:4:"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("invalid RE2"), std::string::npos);
  auto missing = RuleSet::Parse("rules:\n  - id: x\n    category: y\n    pattern: a\n", "r.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("needs 'advice'"), std::string::npos) << missing.status().message();
  auto unknown = RuleSet::Parse("rules:\n  - id: x\n    category: y\n    pattern: a\n    advice: b\n    regex: c\n", "r.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown rule field 'regex'"), std::string::npos);
  EXPECT_FALSE(RuleSet::Parse("rules: [\n", "r.yaml").ok());
  EXPECT_FALSE(RuleSet::Parse("- a\n", "r.yaml").ok());
  auto dup = RuleSet::Parse("rules:\n  - {id: x, category: y, pattern: a, advice: b}\n  - {id: x, category: y, pattern: a, advice: b}\n", "r.yaml");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("duplicate rule id"), std::string::npos);
}

TEST(Rules, BuiltinTableLoadsAndCoversEveryCategory) {
  const auto& r = RuleSet::Builtin().rules();
  ASSERT_GT(r.size(), 20u);
  std::set<std::string> cats;
  for (const auto& x : r) cats.insert(x.category);
  for (const char* c : {"s3_permission", "missing_data", "malformed_data", "script_error", "out_of_memory", "disk_full",
                        "bad_hyperparameter", "capacity", "max_runtime", "spot_interruption", "network", "no_model_saved"})
    EXPECT_TRUE(cats.count(c)) << c;
}

TEST(Traceback, ChainedExceptionsUseTheLastAndSkipLibraryFrames) {
  Traceback tb = ParseTraceback({
      "[1,mpirank:0,algo-1]<stderr>:Traceback (most recent call last):",
      "[1,mpirank:0,algo-1]<stderr>:  File \"/opt/ml/code/a.py\", line 1, in <module>",
      "[1,mpirank:0,algo-1]<stderr>:ValueError: first",
      "During handling of the above exception, another exception occurred:",
      "Traceback (most recent call last):",
      "  File \"/usr/local/lib/python3.9/site-packages/lib.py\", line 3, in f",
      "    g()",
      "RuntimeError: second"});
  ASSERT_TRUE(tb.found);
  EXPECT_EQ(tb.exception, "RuntimeError: second");
  EXPECT_FALSE(tb.user_code);
  EXPECT_EQ(tb.user_frame, "File \"/usr/local/lib/python3.9/site-packages/lib.py\", line 3, in f: g()");
  EXPECT_FALSE(ParseTraceback({"all good"}).found);
}

}  // namespace
}  // namespace mg::job
