// The allowlist and the known-dangerous list for pickle globals.
//
// The allowlist was built from what real files emit (pickletools over numpy 1.24,
// scikit-learn 1.2, xgboost 1.7, joblib 1.2 output at protocols 0-5, torch.save's data.pkl),
// plus the numpy 2 spellings (numpy._core). Everything not listed is at least medium.
#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "pickle/allowlist.h"

namespace mg::pickle::detail {
namespace {

const std::set<std::string, std::less<>>& Allowed() {
  static const std::set<std::string, std::less<>> k = {
      // numpy 1.x and 2.x array / scalar / dtype reconstruction
      "numpy.core.multiarray._reconstruct", "numpy.core.multiarray.scalar",
      "numpy.core.numeric._frombuffer", "numpy._core.multiarray._reconstruct",
      "numpy._core.multiarray.scalar", "numpy._core.numeric._frombuffer", "numpy.ndarray",
      "numpy.dtype", "numpy.ma.core._mareconstruct", "numpy.ma.core.MaskedArray",
      "numpy.random._pickle.__randomstate_ctor", "numpy.random._pickle.__bit_generator_ctor",
      "numpy.random._pickle.__generator_ctor", "numpy.random.mtrand.RandomState",
      "numpy.random._mt19937.MT19937", "numpy.random._pcg64.PCG64",
      "numpy.random._generator.Generator", "numpy.float16", "numpy.float32", "numpy.float64",
      "numpy.int8", "numpy.int16", "numpy.int32", "numpy.int64", "numpy.uint8", "numpy.uint16",
      "numpy.uint32", "numpy.uint64", "numpy.bool_", "numpy.complex64", "numpy.complex128",
      "numpy.object_", "numpy.str_", "numpy.bytes_", "numpy.intc", "numpy.intp",
      "numpy.longdouble",
      // Python containers and reconstruction helpers the pickler itself emits
      "builtins.object", "builtins.bytearray", "builtins.bytes", "builtins.set",
      "builtins.frozenset", "builtins.slice", "builtins.complex", "builtins.range",
      "builtins.list", "builtins.dict", "builtins.tuple", "builtins.int", "builtins.float",
      "builtins.str", "builtins.bool", "copyreg._reconstructor", "copyreg.__newobj__",
      "copyreg.__newobj_ex__", "_codecs.encode", "codecs.encode", "collections.OrderedDict",
      "collections.defaultdict", "collections.deque", "collections.Counter",
      "datetime.datetime", "datetime.date", "datetime.time", "datetime.timedelta",
      "datetime.timezone", "decimal.Decimal", "fractions.Fraction",
      // xgboost, lightgbm, joblib
      "xgboost.core.Booster", "xgboost.sklearn.XGBModel", "xgboost.sklearn.XGBClassifier",
      "xgboost.sklearn.XGBRegressor", "xgboost.sklearn.XGBRanker",
      "xgboost.sklearn.XGBRFClassifier", "xgboost.sklearn.XGBRFRegressor",
      "lightgbm.basic.Booster", "lightgbm.sklearn.LGBMClassifier",
      "lightgbm.sklearn.LGBMRegressor", "lightgbm.sklearn.LGBMRanker",
      "joblib.numpy_pickle.NumpyArrayWrapper", "joblib.numpy_pickle_compat.NDArrayWrapper",
      "joblib.numpy_pickle_compat.ZNDArrayWrapper",
      // torch.save data.pkl
      "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2",
      "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
      "torch._utils._rebuild_qtensor", "torch._utils._rebuild_sparse_tensor",
      "torch._tensor._rebuild_from_type_v2", "torch.Size", "torch.device",
      "torch.storage.UntypedStorage", "torch.UntypedStorage", "torch.float16", "torch.float32",
      "torch.float64", "torch.bfloat16", "torch.int8", "torch.int16", "torch.int32",
      "torch.int64", "torch.uint8", "torch.bool", "torch.complex64", "torch.complex128",
      "torch.Tensor", "torch.nn.parameter.Parameter",
  };
  return k;
}

// A whole module (and everything under it) that can run code, touch files or the network.
const std::set<std::string, std::less<>>& DangerousModules() {
  static const std::set<std::string, std::less<>> k = {
      "os", "posix", "nt", "subprocess", "sys", "runpy", "importlib", "pickle", "_pickle",
      "shutil", "socket", "_socket", "ctypes", "_ctypes", "marshal", "webbrowser", "pty", "pdb",
      "bdb", "asyncio", "code", "codeop", "multiprocessing", "_posixsubprocess", "dill",
      "cloudpickle", "pip", "venv", "timeit", "profile", "cProfile", "pydoc", "commands",
      "imp", "zipimport", "signal", "_thread", "thread", "threading", "ssl", "http", "urllib",
      "urllib2", "httplib", "ftplib", "smtplib", "telnetlib", "requests", "types", "inspect",
      "gc", "mmap", "tempfile", "platform", "pkgutil", "site", "distutils", "setuptools",
      "ensurepip", "_io", "io", "pathlib", "tarfile", "zipfile", "glob", "fileinput",
      "numpy.f2py", "numpy.distutils", "numpy.testing", "numpy.ctypeslib", "torch.serialization",
      "torch.hub", "torch.jit", "torch._C", "torch.utils.cpp_extension", "torch.storage",
      "sklearn.externals", "joblib", "keras", "tensorflow", "builtins.__dict__",
      "operator", "functools", "posixpath", "ntpath", "uuid", "logging", "sqlite3", "ssl",
      "xmlrpc", "shelve", "dbm", "copyreg._extension_registry", "_operator", "_functools",
      "_imp", "_io", "_winapi", "msvcrt", "readline", "rlcompleter", "trace", "tracemalloc",
      "unittest", "doctest", "idlelib", "tkinter", "turtle", "antigravity", "this",
  };
  return k;
}

// Dangerous single names (module.name) in otherwise tolerable modules.
const std::set<std::string, std::less<>>& DangerousNames() {
  static const std::set<std::string, std::less<>> k = {
      "builtins.eval", "builtins.exec", "builtins.compile", "builtins.getattr",
      "builtins.setattr", "builtins.delattr", "builtins.__import__", "builtins.open",
      "builtins.apply", "builtins.breakpoint", "builtins.execfile", "builtins.input",
      "builtins.globals", "builtins.locals", "builtins.vars", "builtins.help", "builtins.exit",
      "builtins.quit", "builtins.type", "builtins.memoryview", "builtins.__build_class__",
      "builtins.__loader__", "builtins.__spec__", "codecs.open", "codecs.decode",
      "numpy.load", "numpy.loads", "numpy.save", "numpy.fromfile", "numpy.tofile",
      "numpy.lib.npyio.load", "numpy.memmap", "numpy.core.memmap.memmap", "torch.load",
      "torch.save", "torch.from_file", "pandas.read_pickle", "pandas.io.pickle.read_pickle",
      "copyreg.add_extension", "collections.namedtuple", "numpy.__builtins__",
      "numpy.core.multiarray.__builtins__",
  };
  return k;
}

// Attribute names that reach interpreter internals when used in a dotted name.
bool IsEscapeDunder(std::string_view a) {
  static const std::set<std::string_view> k = {
      "__globals__", "__builtins__", "__import__", "__subclasses__", "__code__",
      "__getattribute__", "__class__", "__dict__", "__base__", "__bases__", "__mro__",
      "__reduce__", "__reduce_ex__", "__setstate__", "__init__", "__new__", "__call__",
      "__func__", "__self__", "__module__", "__loader__", "__spec__", "__closure__",
      "__getattr__", "__setattr__", "__delattr__", "__init_subclass__"};
  return k.count(a) > 0;
}

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    out.push_back(s.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

GlobalVerdict JudgeGlobal(const std::string& module, const std::string& name) {
  GlobalVerdict v;
  const std::string full = module + "." + name;
  auto mparts = Split(module);
  auto nparts = Split(name);
  // 1. the allowlist (exact names only: a dotted attribute chain is never allowlisted).
  if (Allowed().count(full)) {
    v.allowed = true;
    v.severity = Severity::kInfo;
    return v;
  }
  // 2. dangerous roots: any prefix of the dotted path at a component boundary.
  std::string prefix;
  std::vector<std::string_view> all = mparts;
  all.insert(all.end(), nparts.begin(), nparts.end());
  for (size_t i = 0; i < all.size(); ++i) {
    if (i) prefix += '.';
    prefix += all[i];
    if (DangerousModules().count(prefix)) {
      v.severity = Severity::kCritical;
      v.reason = "module " + prefix + " can run code or touch files/network";
      return v;
    }
    if (DangerousNames().count(prefix)) {
      v.severity = Severity::kCritical;
      v.reason = prefix + " runs code or loads/writes data";
      return v;
    }
  }
  // 3. an attribute chain reaching a dangerous module or an interpreter internal.
  for (size_t i = 1; i < nparts.size(); ++i) {
    if (DangerousModules().count(nparts[i]) || nparts[i] == "builtins" ||
        nparts[i] == "eval" || nparts[i] == "exec" || IsEscapeDunder(nparts[i])) {
      v.severity = Severity::kCritical;
      v.reason = "attribute chain '" + name + "' reaches " + std::string(nparts[i]);
      return v;
    }
  }
  if (!nparts.empty() && IsEscapeDunder(nparts[0])) {
    v.severity = Severity::kCritical;
    v.reason = "interpreter internal " + std::string(nparts[0]);
    return v;
  }
  bool dotted = nparts.size() > 1;
  if (!dotted && !name.empty()) {
    // scikit-learn estimators and helpers are classes: sklearn.<module>.<Class>.
    if (mparts.size() >= 2 && mparts[0] == "sklearn" && IsUpper(name[0])) {
      v.allowed = true;
      v.severity = Severity::kInfo;
      return v;
    }
    // scipy sparse containers, torch typed storages and nn modules.
    if (mparts.size() >= 2 && mparts[0] == "scipy" && mparts[1] == "sparse" &&
        (name.ends_with("_matrix") || name.ends_with("_array"))) {
      v.allowed = true;
      v.severity = Severity::kInfo;
      return v;
    }
    if ((module == "torch" && name.ends_with("Storage")) ||
        (module.starts_with("torch.nn.modules.") && IsUpper(name[0]))) {
      v.allowed = true;
      v.severity = Severity::kInfo;
      return v;
    }
  }
  v.severity = dotted ? Severity::kHigh : Severity::kMedium;
  v.reason = dotted ? "dotted attribute chain on a global not on the allowlist"
                    : "not on the allowlist of globals used by numpy/scikit-learn/xgboost/"
                      "joblib/torch files";
  return v;
}

bool IsPickleLoader(const std::string& module, const std::string& name) {
  static const std::set<std::string, std::less<>> k = {
      "pickle.loads", "pickle._loads", "_pickle.loads", "pickle.load", "_pickle.load",
      "dill.loads", "dill._dill.loads", "cloudpickle.loads", "joblib.load", "numpy.loads",
      "torch.load", "torch.serialization.load", "torch.storage._load_from_bytes",
      "pandas.read_pickle", "pickle.Unpickler", "_pickle.Unpickler", "marshal.loads"};
  return k.count(module + "." + name) > 0;
}

}  // namespace mg::pickle::detail
