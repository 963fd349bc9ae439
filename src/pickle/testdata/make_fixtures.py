#!/usr/bin/python3
"""Writes benign real artifacts for the pickle tests into OUTDIR, with a manifest.json oracle.

Run with Debian's /usr/bin/python3 (scikit-learn, xgboost, joblib, numpy). The manifest holds,
per file, the globals Python's own Unpickler resolves (find_class), the opcode count from
pickletools, and a few array facts used to check the static reader's output.
"""
import hashlib
import io
import json
import os
import pickle
import pickletools
import sys
import zipfile

import joblib
import numpy as np
import xgboost as xgb
from joblib import numpy_pickle
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
X, y = load_iris(return_X_y=True)
models = {
    "lr": LogisticRegression(max_iter=300).fit(X, y),
    "dt": DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y),
    "rf": RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(X, y),
    "pipe": make_pipeline(StandardScaler(), LogisticRegression(max_iter=300)).fit(X, y),
    "xgb": xgb.XGBClassifier(n_estimators=3, max_depth=2).fit(X, y),
}
models["booster"] = models["xgb"].get_booster()
manifest = {}


def record(name, data, globs, plain=True):
    entry = {"globals": sorted(["%s.%s" % g for g in globs]), "size": len(data)}
    if plain:
        entry["opcodes"] = sum(1 for _ in pickletools.genops(data))
    manifest[name] = entry
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


class Recorder(pickle.Unpickler):
    def find_class(self, module, name):
        self.seen.add((module, name))
        return super().find_class(module, name)


def plain_globals(data):
    u = Recorder(io.BytesIO(data))
    u.seen = set()
    u.load()
    return u.seen


for proto in (0, 1, 2, 3, 4, 5):
    for key, obj in models.items():
        data = pickle.dumps(obj, protocol=proto)
        record("%s_p%d.pkl" % (key, proto), data, plain_globals(data))

joblib_seen = set()
orig = numpy_pickle.NumpyUnpickler.find_class


def find_class(self, module, name):
    joblib_seen.add((module, name))
    return orig(self, module, name)


numpy_pickle.NumpyUnpickler.find_class = find_class
jobs = {
    "dt.joblib": (models["dt"], 0),
    "lr.joblib": (models["lr"], 0),
    "rf.joblib": (models["rf"], 0),
    "pipe.joblib": (models["pipe"], 0),
    "xgb.joblib": (models["xgb"], 0),
    "lr_zlib.joblib": (models["lr"], ("zlib", 3)),
    "lr_gzip.joblib": (models["lr"], ("gzip", 3)),
    "lr_bz2.joblib": (models["lr"], ("bz2", 3)),
    "lr_xz.joblib": (models["lr"], ("xz", 3)),
    "lr_lzma.joblib": (models["lr"], ("lzma", 3)),
    "objarr.joblib": ({"a": np.array([1, "x", None], dtype=object),
                       "b": np.arange(5, dtype=np.int32)}, 0),
}
for name, (obj, compress) in jobs.items():
    path = os.path.join(out, name)
    joblib.dump(obj, path, compress=compress)
    joblib_seen.clear()
    joblib.load(path)
    with open(path, "rb") as f:
        data = f.read()
    record(name, data, set(joblib_seen), plain=False)

# joblib writes object arrays as a nested protocol 2 pickle read by plain pickle.load (not
# through NumpyUnpickler.find_class): add those globals from Python's own Unpickler.
nested = plain_globals(pickle.dumps(np.array([1, "x", None], dtype=object), protocol=2))
manifest["objarr.joblib"]["globals"] = sorted(set(manifest["objarr.joblib"]["globals"]) |
                                              {"%s.%s" % g for g in nested})

# Oracle facts for arrays inside joblib files.
manifest["dt.joblib"]["node_count"] = int(models["dt"].tree_.node_count)
coef = models["lr"].coef_
manifest["lr.joblib"]["coef_shape"] = list(coef.shape)
manifest["lr.joblib"]["coef_sha256"] = hashlib.sha256(np.ascontiguousarray(coef).tobytes()).hexdigest()
manifest["objarr.joblib"]["int_sha256"] = hashlib.sha256(np.arange(5, dtype=np.int32).tobytes()).hexdigest()

# xgboost native formats.
b = models["booster"]
b.save_model(os.path.join(out, "xgb.json"))
b.save_model(os.path.join(out, "xgb.ubj"))
b.save_model(os.path.join(out, "xgb-legacy.bin"))  # legacy binary in 1.7 for a non-json name
with open(os.path.join(out, "xgboost-model"), "wb") as f:
    f.write(pickle.dumps(b, protocol=2))  # SageMaker <= 1.2 style pickled Booster

# A torch.save-style zip, written by hand (no torch here): data.pkl + data/0 + version.
pkl = (b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x06\x00\x00\x00weightq\x02"
       b"ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04"
       b"ctorch\nFloatStorage\nq\x05X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07K\x04tq\x08"
       b"QK\x00K\x02K\x02\x86q\tK\x02K\x01\x86q\n\x89ccollections\nOrderedDict\nq\x0b)Rq\x0c"
       b"tq\rRq\x0es.")
with zipfile.ZipFile(os.path.join(out, "model.pth"), "w") as z:
    z.writestr("archive/data.pkl", pkl)
    z.writestr("archive/data/0", np.arange(4, dtype=np.float32).tobytes())
    z.writestr("archive/version", "3\n")
manifest["torch_data.pkl"] = {"globals": ["collections.OrderedDict", "torch.FloatStorage",
                                          "torch._utils._rebuild_tensor_v2"]}
with open(os.path.join(out, "torch_data.pkl"), "wb") as f:
    f.write(pkl)

with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1, sort_keys=True)
