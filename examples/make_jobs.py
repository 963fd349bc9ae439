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


def main():
    if "sklearn" not in sys.modules and xgb.__version__ is None:
        sys.exit("needs python3-xgboost and python3-sklearn")
    for sub in ("breast-cancer-xgboost", "churn-xgboost-failed", "fraud-xgboost-running"):
        shutil.rmtree(os.path.join(JOBS, sub), ignore_errors=True)
    np.random.seed(0)
    completed_job()
    failed_job()
    running_job()
    print(f"wrote example jobs under {JOBS}")


if __name__ == "__main__":
    main()
