#!/usr/bin/python3
"""Trains real models and lays out example training jobs the way SageMaker leaves them.

Run with Debian's python3 (python3-sklearn, python3-xgboost). Output is committed under
examples/jobs/ and is reproducible: fixed seeds, fixed timestamps, single-threaded training.

  examples/jobs/breast-cancer-xgboost/   Completed: describe.json, output/model.tar.gz
                                          (xgboost-model, legacy binary as SageMaker's built-in
                                          XGBoost saves it), logs/, data/test.csv
  examples/jobs/churn-xgboost-failed/     Failed: AlgorithmError with a Python traceback in the log
  examples/jobs/fraud-xgboost-running/    InProgress: still training
"""
import datetime
import gzip
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile

import numpy as np
import xgboost as xgb
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
JOBS = os.path.join(HERE, "jobs")
REGION = "us-east-1"
ACCOUNT = "123456789012"
IMAGE = f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-xgboost:1.7-1"
NUM = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"


def metric_definitions(metrics):
    defs = []
    for split in ("train", "validation"):
        for m in metrics:
            defs.append({"Name": f"{split}:{m}",
                         "Regex": rf".*\[[0-9]+\].*#011{split}-{m}:{NUM}"})
    return defs


def base_describe(name, status, secondary, created, transitions):
    return {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{name}",
        "TrainingJobStatus": status,
        "SecondaryStatus": secondary,
        "CreationTime": created,
        "SecondaryStatusTransitions": transitions,
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/SageMakerExecutionRole",
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "EnableNetworkIsolation": False,
        "EnableInterContainerTrafficEncryption": False,
        "EnableManagedSpotTraining": False,
    }


def transition(status, start, end, message):
    t = {"Status": status, "StartTime": start, "StatusMessage": message}
    if end is not None:
        t["EndTime"] = end
    return t


def channels(bucket, prefix):
    out = []
    for ch in ("train", "validation"):
        out.append({
            "ChannelName": ch,
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                            "S3Uri": f"s3://{bucket}/{prefix}/{ch}/",
                                            "S3DataDistributionType": "FullyReplicated"}},
            "ContentType": "text/csv", "CompressionType": "None",
            "RecordWrapperType": "None", "InputMode": "File"})
    return out


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def write_csv(path, y, X):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for label, row in zip(y, X):
            f.write(",".join([str(int(label))] + [repr(float(v)) for v in row]) + "\n")


def reproducible_targz(path, files):
    """files: list of (member name, bytes). Fixed mtime/owner so the archive is byte-stable."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1764500000
            info.mode = 0o644
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(data))
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
            gz.write(raw.getvalue())


def completed_job():
    name = "breast-cancer-xgboost-2026-11-30-10-00-00-000"
    folder = os.path.join(JOBS, "breast-cancer-xgboost")
    data = load_breast_cancer()
    X, y = data.data, data.target
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=0.25, random_state=7,
                                                      stratify=y_rest)
    hp = {"objective": "binary:logistic", "eta": "0.2", "max_depth": "4", "subsample": "0.8",
          "min_child_weight": "1", "num_round": "60", "eval_metric": "logloss,auc,error",
          "seed": "1"}
    params = {"objective": "binary:logistic", "eta": 0.2, "max_depth": 4, "subsample": 0.8,
              "min_child_weight": 1, "eval_metric": ["logloss", "auc", "error"], "seed": 1,
              "nthread": 1, "tree_method": "exact"}
    dtrain = xgb.DMatrix(X_train, label=y_train)
    dval = xgb.DMatrix(X_val, label=y_val)
    history = {}
    booster = xgb.train(params, dtrain, num_boost_round=int(hp["num_round"]),
                        evals=[(dtrain, "train"), (dval, "validation")], evals_result=history,
                        verbose_eval=False)
    with tempfile.TemporaryDirectory() as tmp:
        model_path = os.path.join(tmp, "xgboost-model")
        booster.save_model(model_path)  # no extension: legacy binary, as the SageMaker container
        with open(model_path, "rb") as f:
            model_bytes = f.read()
    reproducible_targz(os.path.join(folder, "output", "model.tar.gz"), [("xgboost-model", model_bytes)])
    write_csv(os.path.join(folder, "data", "test.csv"), y_test, X_test)

    # Training log as CloudWatch shows it (tab printed as #011), SageMaker XGBoost container style.
    lines = [
        "[2026-11-30 10:03:02.117 ip-10-0-141-5.ec2.internal:7 INFO utils.py:28] RULE_JOB_STOP_SIGNAL_FILENAME: None",
        "[2026-11-30:10:03:02:INFO] Imported framework sagemaker_xgboost_container.training",
        "[2026-11-30:10:03:02:INFO] Failed to parse hyperparameter eval_metric value logloss,auc,error to Json.",
        "Returning the value itself",
        "[2026-11-30:10:03:02:INFO] No GPUs detected (normal if no gpus installed)",
        "[2026-11-30:10:03:02:INFO] Running XGBoost Sagemaker in algorithm mode",
        "[2026-11-30:10:03:02:INFO] Determined 0 GPU(s) available on the instance.",
        "[2026-11-30:10:03:02:INFO] File path /opt/ml/input/data/train of input files",
        "[2026-11-30:10:03:02:INFO] Making smlinks from folder /opt/ml/input/data/train to folder /tmp/sagemaker_xgboost_input_data",
        f"[2026-11-30:10:03:02:INFO] creating symlink between Path /opt/ml/input/data/train/train.csv and destination /tmp/sagemaker_xgboost_input_data/train.csv-{len(y_train)}",
        "[2026-11-30:10:03:02:INFO] files path: /tmp/sagemaker_xgboost_input_data",
        "[2026-11-30:10:03:02:INFO] Determined delimiter of CSV input is ','",
        f"[2026-11-30:10:03:02:INFO] Single node training.",
        f"[2026-11-30:10:03:02:INFO] Train matrix has {len(y_train)} rows and {X.shape[1]} columns",
        f"[2026-11-30:10:03:02:INFO] Validation matrix has {len(y_val)} rows",
    ]
    n = len(history["train"]["logloss"])
    for i in range(n):
        parts = [f"[{i}]"]
        for split in ("train", "validation"):
            for m in ("logloss", "auc", "error"):
                parts.append(f"{split}-{m}:{history[split][m][i]:.5f}")
        lines.append("#011".join(parts))
    lines.append("[2026-11-30:10:03:09:INFO] Model saved to /opt/ml/model/xgboost-model")
    os.makedirs(os.path.join(folder, "logs"), exist_ok=True)
    with open(os.path.join(folder, "logs", f"{name}-algo-1-1764496982.log"), "w") as f:
        f.write("\n".join(lines) + "\n")

    t0 = "2026-11-30T10:00:00.000Z"
    describe = base_describe(name, "Completed", "Completed", t0, [
        transition("Starting", "2026-11-30T10:00:00.000Z", "2026-11-30T10:01:51.000Z", "Preparing the instances for training"),
        transition("Downloading", "2026-11-30T10:01:51.000Z", "2026-11-30T10:02:55.000Z", "Downloading input data"),
        transition("Training", "2026-11-30T10:02:55.000Z", "2026-11-30T10:03:15.000Z", "Training image download completed. Training in progress."),
        transition("Uploading", "2026-11-30T10:03:15.000Z", "2026-11-30T10:03:27.000Z", "Uploading generated training model"),
        transition("Completed", "2026-11-30T10:03:27.000Z", "2026-11-30T10:03:27.000Z", "Training job completed"),
    ])
    describe.update({
        "HyperParameters": hp,
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                   "MetricDefinitions": metric_definitions(["logloss", "auc", "error"]),
                                   "EnableSageMakerMetricsTimeSeries": False},
        "InputDataConfig": channels("ml-pipeline-bucket", "breast-cancer"),
        "OutputDataConfig": {"KmsKeyId": "", "S3OutputPath": "s3://ml-pipeline-bucket/model"},
        "ModelArtifacts": {"S3ModelArtifacts": f"s3://ml-pipeline-bucket/model/{name}/output/model.tar.gz"},
        "TrainingStartTime": "2026-11-30T10:01:51.000Z",
        "TrainingEndTime": "2026-11-30T10:03:27.000Z",
        "LastModifiedTime": "2026-11-30T10:03:27.000Z",
        "TrainingTimeInSeconds": 96,
        "BillableTimeInSeconds": 96,
        "FinalMetricDataList": [
            {"MetricName": f"{split}:{m}", "Value": float(f"{history[split][m][-1]:.5f}"),
             "Timestamp": "2026-11-30T10:03:09.000Z"}
            for split in ("train", "validation") for m in ("logloss", "auc", "error")],
        "ProfilingStatus": "Disabled",
    })
    write_json(os.path.join(folder, "describe.json"), describe)
    with open(os.path.join(folder, "data", "LICENSE-data.txt"), "w") as f:
        f.write("Breast Cancer Wisconsin (Diagnostic) data set, W.H. Wolberg, W.N. Street and\n"
                "O.L. Mangasarian, University of Wisconsin; from the UCI Machine Learning Repository\n"
                "(CC BY 4.0), as shipped by scikit-learn (BSD-3-Clause) in Debian's python3-sklearn.\n"
                "data/test.csv is a 20% stratified held-out split (random_state=42): label first, no header.\n")


def failed_job():
    name = "churn-xgboost-2026-11-29-08-15-00-000"
    folder = os.path.join(JOBS, "churn-xgboost-failed")
    reason = ("AlgorithmError: framework error: \nTraceback (most recent call last):\n"
              "  File \"/miniconda3/lib/python3.8/site-packages/sagemaker_xgboost_container/algorithm_mode/train.py\", line 226, in train_job\n"
              "    dtrain = get_dmatrix(train_path, content_type, csv_weights=csv_weights)\n"
              "sagemaker_algorithm_toolkit.exceptions.UserError: Non-numeric value 'F' found in the header line "
              "'Gender,Age,Tenure,Balance,Exited' of file 'churn.csv'. CSV format require no header line in it. "
              "If header line is already removed, XGBoost does not accept non-numeric value in the data.")
    describe = base_describe(name, "Failed", "Failed", "2026-11-29T08:15:00.000Z", [
        transition("Starting", "2026-11-29T08:15:00.000Z", "2026-11-29T08:16:40.000Z", "Preparing the instances for training"),
        transition("Downloading", "2026-11-29T08:16:40.000Z", "2026-11-29T08:17:30.000Z", "Downloading input data"),
        transition("Training", "2026-11-29T08:17:30.000Z", "2026-11-29T08:17:52.000Z", "Training image download completed. Training in progress."),
        transition("Uploading", "2026-11-29T08:17:52.000Z", "2026-11-29T08:18:04.000Z", "Uploading generated training model"),
        transition("Failed", "2026-11-29T08:18:04.000Z", "2026-11-29T08:18:04.000Z", "Training job failed"),
    ])
    describe.update({
        "FailureReason": reason,
        "HyperParameters": {"objective": "binary:logistic", "num_round": "100", "max_depth": "5"},
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                   "MetricDefinitions": metric_definitions(["logloss"])},
        "InputDataConfig": channels("ml-pipeline-bucket", "churn"),
        "OutputDataConfig": {"KmsKeyId": "", "S3OutputPath": "s3://ml-pipeline-bucket/model"},
        "TrainingStartTime": "2026-11-29T08:16:40.000Z",
        "TrainingEndTime": "2026-11-29T08:18:04.000Z",
        "LastModifiedTime": "2026-11-29T08:18:04.000Z",
        "TrainingTimeInSeconds": 84,
        "BillableTimeInSeconds": 84,
    })
    write_json(os.path.join(folder, "describe.json"), describe)
    log = [
        "[2026-11-29:08:17:33:INFO] Imported framework sagemaker_xgboost_container.training",
        "[2026-11-29:08:17:33:INFO] No GPUs detected (normal if no gpus installed)",
        "[2026-11-29:08:17:33:INFO] Running XGBoost Sagemaker in algorithm mode",
        "[2026-11-29:08:17:33:INFO] File path /opt/ml/input/data/train of input files",
        "[2026-11-29:08:17:33:INFO] Determined delimiter of CSV input is ','",
        "[2026-11-29:08:17:33:ERROR] Reporting training FAILURE",
        "[2026-11-29:08:17:33:ERROR] framework error: ",
        "Traceback (most recent call last):",
        "  File \"/miniconda3/lib/python3.8/site-packages/sagemaker_xgboost_container/algorithm_mode/train.py\", line 226, in train_job",
        "    dtrain = get_dmatrix(train_path, content_type, csv_weights=csv_weights)",
        "  File \"/miniconda3/lib/python3.8/site-packages/sagemaker_xgboost_container/data_utils.py\", line 521, in get_dmatrix",
        "    dmatrix = get_csv_dmatrix(files_path, csv_weights)",
        "sagemaker_algorithm_toolkit.exceptions.UserError: Non-numeric value 'F' found in the header line 'Gender,Age,Tenure,Balance,Exited' of file 'churn.csv'. CSV format require no header line in it. If header line is already removed, XGBoost does not accept non-numeric value in the data.",
    ]
    os.makedirs(os.path.join(folder, "logs"), exist_ok=True)
    with open(os.path.join(folder, "logs", f"{name}-algo-1-1764404253.log"), "w") as f:
        f.write("\n".join(log) + "\n")


def running_job():
    name = "fraud-xgboost-2026-12-03-09-00-00-000"
    folder = os.path.join(JOBS, "fraud-xgboost-running")
    describe = base_describe(name, "InProgress", "Training", "2026-12-03T09:00:00.000Z", [
        transition("Starting", "2026-12-03T09:00:00.000Z", "2026-12-03T09:01:45.000Z", "Preparing the instances for training"),
        transition("Downloading", "2026-12-03T09:01:45.000Z", "2026-12-03T09:04:10.000Z", "Downloading input data"),
        transition("Training", "2026-12-03T09:04:10.000Z", None, "Training image download completed. Training in progress."),
    ])
    describe.update({
        "HyperParameters": {"objective": "binary:logistic", "num_round": "500"},
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                   "MetricDefinitions": metric_definitions(["auc"])},
        "InputDataConfig": channels("ml-pipeline-bucket", "fraud"),
        "OutputDataConfig": {"KmsKeyId": "", "S3OutputPath": "s3://ml-pipeline-bucket/model"},
        "TrainingStartTime": "2026-12-03T09:01:45.000Z",
        "LastModifiedTime": "2026-12-03T09:04:10.000Z",
    })
    write_json(os.path.join(folder, "describe.json"), describe)
    os.makedirs(os.path.join(folder, "logs"), exist_ok=True)
    with open(os.path.join(folder, "logs", f"{name}-algo-1-1764752650.log"), "w") as f:
        f.write("[2026-12-03:09:04:12:INFO] Running XGBoost Sagemaker in algorithm mode\n"
                "[0]#011train-auc:0.91233#011validation-auc:0.90112\n"
                "[1]#011train-auc:0.93518#011validation-auc:0.91876\n")


# --- More jobs for `jobs`, `status`, `logs` and the failure diagnosis (docs/jobs.md). ---------
# Failure texts follow real SageMaker reports (see docs/jobs.md, "Diagnosis categories").

def failed_simple(folder_name, name, reason, created, hp, log_lines, secondary="Failed", status="Failed",
                  spot=False, last_status=("Failed", "Training job failed"), log_name=None):
    folder = os.path.join(JOBS, folder_name)
    t0 = datetime.datetime.strptime(created, "%Y-%m-%dT%H:%M:%S.000Z")

    def at(seconds):
        return (t0 + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    end = at(550)
    describe = base_describe(name, status, secondary, created, [
        transition("Starting", created, at(120), "Preparing the instances for training"),
        transition("Downloading", at(120), at(210), "Downloading input data"),
        transition("Training", at(210), end, "Training image download completed. Training in progress."),
        transition(last_status[0], end, end, last_status[1]),
    ])
    if reason:
        describe["FailureReason"] = reason
    describe.update({
        "HyperParameters": hp,
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                   "MetricDefinitions": metric_definitions(["logloss"])},
        "InputDataConfig": channels("ml-pipeline-bucket", folder_name),
        "OutputDataConfig": {"KmsKeyId": "", "S3OutputPath": "s3://ml-pipeline-bucket/model"},
        "TrainingStartTime": at(120),
        "TrainingEndTime": end,
        "LastModifiedTime": end,
        "TrainingTimeInSeconds": 430,
        "BillableTimeInSeconds": 130 if spot else 430,
        "EnableManagedSpotTraining": spot,
    })
    write_json(os.path.join(folder, "describe.json"), describe)
    os.makedirs(os.path.join(folder, "logs"), exist_ok=True)
    with open(os.path.join(folder, "logs", log_name or f"{name}-algo-1-1764700000.log"), "w") as f:
        f.write("\n".join(log_lines) + "\n")


def script_oom_job():
    name = "images-pytorch-2026-12-01-14-00-00-000"
    reason = ("AlgorithmError: ExecuteUserScriptError:\nExitCode 137\nErrorMessage \"\"\n"
              "Command \"/opt/conda/bin/python3.9 train.py --batch-size 512 --epochs 20\", exit code: 137")
    log = [
        "2026-12-01 14:03:31,118 sagemaker-training-toolkit INFO     Imported framework sagemaker_pytorch_container.training",
        "2026-12-01 14:03:31,201 sagemaker-training-toolkit INFO     Invoking user script",
        "Training Env:",
        "epoch 1/20 loss=2.3012",
        "epoch 2/20 loss=1.9874",
        "Killed",
        "2026-12-01 14:09:08,552 sagemaker-training-toolkit ERROR    Reporting training FAILURE",
        "2026-12-01 14:09:08,553 sagemaker-training-toolkit ERROR    ExecuteUserScriptError:",
        "ExitCode 137",
        "ErrorMessage \"\"",
        "Command \"/opt/conda/bin/python3.9 train.py --batch-size 512 --epochs 20\", exit code: 137",
    ]
    failed_simple("images-pytorch-oom", name, reason, "2026-12-01T14:00:00.000Z",
                  {"batch-size": "512", "epochs": "20", "sagemaker_program": "\"train.py\""}, log)


def script_error_job():
    name = "churn-sklearn-2026-12-02-11-00-00-000"
    reason = ("AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage \"KeyError: 'Exited'\n\"\n"
              "Command \"/miniconda3/bin/python train.py --target Exited\", exit code: 1")
    log = [
        "2026-12-02 11:03:40,118 sagemaker-containers INFO     Invoking user script",
        "Traceback (most recent call last):",
        "  File \"/opt/ml/code/train.py\", line 57, in <module>",
        "    main()",
        "  File \"/opt/ml/code/train.py\", line 31, in main",
        "    y = df.pop(args.target)",
        "  File \"/miniconda3/lib/python3.8/site-packages/pandas/core/frame.py\", line 5226, in pop",
        "    return super().pop(item=item)",
        "  File \"/miniconda3/lib/python3.8/site-packages/pandas/core/indexes/base.py\", line 3803, in get_loc",
        "    raise KeyError(key) from err",
        "KeyError: 'Exited'",
        "2026-12-02 11:03:41,006 sagemaker-containers ERROR    Reporting training FAILURE",
        "2026-12-02 11:03:41,006 sagemaker-containers ERROR    ExecuteUserScriptError:",
        "ExitCode 1",
    ]
    failed_simple("churn-sklearn-script-error", name, reason, "2026-12-02T11:00:00.000Z",
                  {"target": "\"Exited\"", "sagemaker_program": "\"train.py\""}, log)


def s3_denied_job():
    name = "fraud-xgboost-2026-12-02-07-30-00-000"
    reason = ("ClientError: Data download failed:Failed to download data. Access Denied (403): "
              "s3://ml-pipeline-bucket/fraud-s3-denied/train/part-0000.csv")
    failed_simple("fraud-xgboost-s3-denied", name, reason, "2026-12-02T07:30:00.000Z",
                  {"objective": "binary:logistic", "num_round": "200"}, [])


def spot_interrupted_job():
    """Stopped by spot interruptions, saved as describe JSON + `aws logs get-log-events` output."""
    name = "ranker-xgboost-2026-12-01-02-00-00-000"
    created = "2026-12-01T02:00:00.000Z"
    describe = base_describe(name, "Stopped", "Interrupted", created, [
        transition("Starting", created, "2026-12-01T02:02:00.000Z", "Preparing the instances for training"),
        transition("Training", "2026-12-01T02:02:00.000Z", "2026-12-01T02:41:00.000Z", "Training in progress."),
        transition("Interrupted", "2026-12-01T02:41:00.000Z", "2026-12-01T02:41:00.000Z",
                   "Job interrupted due to spot instance reclaim"),
    ])
    describe.update({
        "HyperParameters": {"objective": "rank:pairwise", "num_round": "400"},
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
        "EnableManagedSpotTraining": True,
        "TrainingStartTime": "2026-12-01T02:02:00.000Z",
        "TrainingEndTime": "2026-12-01T02:41:00.000Z",
        "LastModifiedTime": "2026-12-01T02:41:00.000Z",
        "BillableTimeInSeconds": 702,
        "TrainingTimeInSeconds": 2340,
    })
    write_json(os.path.join(JOBS, f"{name}.json"), describe)
    events = [{"timestamp": 1764554520000 + i * 1000, "ingestionTime": 1764554521000 + i * 1000,
               "message": f"[{i}]\ttrain-ndcg:{0.70 + i * 0.001:.5f}\tvalidation-ndcg:{0.68 + i * 0.0008:.5f}"}
              for i in range(120)]
    write_json(os.path.join(JOBS, f"{name}-algo-1-1764554520.json"),
               {"events": events, "nextForwardToken": "f/3869" + "0" * 52, "nextBackwardToken": "b/3869" + "0" * 52})


def overfit_job():
    """Completed, logs only: a real XGBoost curve that overfits (train keeps improving while
    validation logloss turns up). expected.json records xgboost's own argmin as the oracle."""
    name = "noisy-xgboost-2026-12-02-16-00-00-000"
    folder = os.path.join(JOBS, "noisy-xgboost-overfit")
    rng = np.random.RandomState(3)
    X = rng.normal(size=(400, 10))
    y = ((X[:, 0] + rng.normal(scale=2.0, size=400)) > 0).astype(int)
    dtrain = xgb.DMatrix(X[:200], label=y[:200])
    dval = xgb.DMatrix(X[200:], label=y[200:])
    params = {"objective": "binary:logistic", "eta": 0.3, "max_depth": 8, "eval_metric": ["logloss"],
              "seed": 1, "nthread": 1, "tree_method": "exact"}
    history = {}
    xgb.train(params, dtrain, num_boost_round=80, evals=[(dtrain, "train"), (dval, "validation")],
              evals_result=history, verbose_eval=False)
    lines = ["[2026-12-02:16:03:02:INFO] Running XGBoost Sagemaker in algorithm mode"]
    for i in range(80):
        lines.append(f"[{i}]#011train-logloss:{history['train']['logloss'][i]:.5f}"
                     f"#011validation-logloss:{history['validation']['logloss'][i]:.5f}")
    lines.append("[2026-12-02:16:04:09:INFO] Model saved to /opt/ml/model/xgboost-model")
    failed_simple("noisy-xgboost-overfit", name, None, "2026-12-02T16:00:00.000Z",
                  {"objective": "binary:logistic", "eta": "0.3", "max_depth": "8", "num_round": "80"}, lines,
                  secondary="Completed", status="Completed", last_status=("Completed", "Training job completed"))
    rounded = [float(f"{v:.5f}") for v in history["validation"]["logloss"]]
    write_json(os.path.join(folder, "expected.json"),
               {"validation_logloss_best_step": int(np.argmin(rounded)),
                "validation_logloss_best": min(rounded)})


def more_jobs():
    script_oom_job()
    script_error_job()
    s3_denied_job()
    spot_interrupted_job()
    overfit_job()


def main():
    if "sklearn" not in sys.modules and xgb.__version__ is None:
        sys.exit("needs python3-xgboost and python3-sklearn")
    for sub in ("breast-cancer-xgboost", "churn-xgboost-failed", "fraud-xgboost-running"):
        shutil.rmtree(os.path.join(JOBS, sub), ignore_errors=True)
    np.random.seed(0)
    completed_job()
    failed_job()
    running_job()
    more_jobs()
    print(f"wrote example jobs under {JOBS}")


if __name__ == "__main__":
    main()
