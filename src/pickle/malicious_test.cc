// Malicious pickles, built as raw bytes (nothing is ever run): every gadget family must be
// caught, and malformed streams must fail closed.
#include <gtest/gtest.h>

#include <zlib.h>

#include "pickle/safety.h"
#include "pickle/test_util.h"

namespace mg::pickle {
namespace {
using namespace mg::pickle::testing;

std::vector<Finding> Scan(const std::string& s) { return AnalysePickle(s); }

// GLOBAL module name + ('id',) + REDUCE, protocol 2.
std::string CallGadget(const std::string& m, const std::string& n) {
  return Proto(2) + Global(m, n) + Str("id") + kTuple1 + kReduce + kStop;
}

TEST(Malicious, GlobalReduceOsSystem) {
  auto f = Scan(CallGadget("os", "system"));
  EXPECT_EQ(MaxSafety(f), Severity::kCritical) << Dump(f);
  EXPECT_TRUE(Mentions(f, "os.system (GLOBAL at offset 2)")) << Dump(f);
  EXPECT_TRUE(Mentions(f, "called via REDUCE")) << Dump(f);
}

TEST(Malicious, KnownDangerousGlobalsAreCritical) {
  const std::pair<const char*, const char*> kCases[] = {
      {"posix", "system"}, {"nt", "system"}, {"subprocess", "Popen"}, {"sys", "exit"},
      {"builtins", "eval"}, {"builtins", "exec"}, {"builtins", "compile"},
      {"builtins", "getattr"}, {"builtins", "setattr"}, {"builtins", "__import__"},
      {"builtins", "open"}, {"builtins", "breakpoint"}, {"runpy", "run_path"},
      {"importlib", "import_module"}, {"pickle", "loads"}, {"_pickle", "loads"},
      {"shutil", "rmtree"}, {"socket", "create_connection"}, {"ctypes", "CDLL"},
      {"marshal", "loads"}, {"types", "CodeType"}, {"types", "FunctionType"},
      {"webbrowser", "open"}, {"pty", "spawn"}, {"pdb", "run"}, {"asyncio", "subprocess"},
      {"operator", "attrgetter"}, {"operator", "methodcaller"}, {"functools", "partial"},
      {"pkgutil", "resolve_name"}, {"torch", "load"}, {"numpy", "load"},
      {"dill", "loads"}, {"cloudpickle", "loads"}, {"numpy", "__builtins__"},
      {"torch.serialization", "load"}, {"numpy.testing._private.utils", "runstring"},
      {"commands", "getoutput"}, {"os.path", "join.__globals__"},
  };
  for (auto [m, n] : kCases) {
    auto f = Scan(CallGadget(m, n));
    EXPECT_EQ(MaxSafety(f), Severity::kCritical) << m << "." << n << "\n" << Dump(f);
  }
}

TEST(Malicious, UnknownGlobalIsAtLeastMediumNeverClean) {
  auto f = Scan(CallGadget("mylib.models", "Thing"));
  EXPECT_EQ(MaxSafety(f), Severity::kMedium) << Dump(f);
  // sklearn lowercase helpers are functions, not estimator classes: not allowlisted.
  EXPECT_GE(MaxSafety(Scan(CallGadget("sklearn.utils", "something"))), Severity::kMedium);
}

TEST(Malicious, StackGlobalWithOperandsFromTheMemo) {
  std::string s = Proto(4) + Str("os") + kMemoize + "0" + Str("system") + kMemoize + "0" +
                  Get(0) + Get(1) + kStackGlobal + Str("id") + kTuple1 + kReduce + kStop;
  auto f = Scan(s);
  EXPECT_EQ(MaxSafety(f), Severity::kCritical) << Dump(f);
  EXPECT_TRUE(Mentions(f, "os.system (STACK_GLOBAL")) << Dump(f);
}

TEST(Malicious, MemoOverwriteTrick) {
  // Slot 1 first holds a harmless module name, then is overwritten with "os" (picklescan#14).
  std::string s = Proto(4) + Str("sklearn") + Put(1) + "0" + Str("os") + Put(1) + "0" +
                  Str("system") + Put(2) + "0" + Get(1) + Get(2) + kStackGlobal + Str("id") +
                  kTuple1 + kReduce + kStop;
  auto f = Scan(s);
  EXPECT_EQ(MaxSafety(f), Severity::kCritical) << Dump(f);
  EXPECT_TRUE(Mentions(f, "os.system")) << Dump(f);
  EXPECT_TRUE(Mentions(f, "memo slot 1 overwritten")) << Dump(f);
  // MEMOIZE numbers by count: after BINPUT 5, MEMOIZE stores at 1, not 6.
  std::string m = Proto(4) + Str("numpy") + Put(5) + "0" + Str("os") + kMemoize + "0" +
                  Get(1) + Str("system") + kStackGlobal + kEmptyTuple + kReduce + kStop;
  auto fm = Scan(m);
  EXPECT_TRUE(Mentions(fm, "os.system")) << Dump(fm);
}

TEST(Malicious, InstAndObj) {
  auto inst = Scan("(S'id'\nios\nsystem\n.");
  EXPECT_EQ(MaxSafety(inst), Severity::kCritical) << Dump(inst);
  EXPECT_TRUE(Mentions(inst, "(INST at offset")) << Dump(inst);
  auto obj = Scan(Proto(1) + "(" + Global("os", "system") + Str("id") + "o.");
  EXPECT_EQ(MaxSafety(obj), Severity::kCritical) << Dump(obj);
  EXPECT_TRUE(Mentions(obj, "(OBJ at offset")) << Dump(obj);
}

TEST(Malicious, NewObjEx) {
  std::string s = Proto(4) + Str("subprocess") + Str("Popen") + kStackGlobal + Str("id") +
                  kTuple1 + kEmptyDict + kNewObjEx + kStop;
  auto f = Scan(s);
  EXPECT_EQ(MaxSafety(f), Severity::kCritical) << Dump(f);
  EXPECT_TRUE(Mentions(f, "NEWOBJ_EX")) << Dump(f);
}

TEST(Malicious, BuildGadgets) {
  // __setstate__ planted in an instance dict, then a second BUILD calls it.
  std::string set = Proto(2) + Global("collections", "OrderedDict") + kEmptyTuple + kReduce +
                    kEmptyDict + Str("__setstate__") + Global("_codecs", "encode") + kSetItem +
                    kBuild + Str("payload") + kBuild + kStop;
  auto f = Scan(set);
  EXPECT_GE(MaxSafety(f), Severity::kHigh) << Dump(f);
  EXPECT_TRUE(Mentions(f, "__setstate__")) << Dump(f);
  // BUILD on a global itself (modelscan#85): slot state mutates the class for the process.
  std::string glob = Proto(2) + Global("numpy", "ndarray") + kNone + kEmptyDict + Str("x") +
                     Int(1) + kSetItem + kTuple2 + kBuild + kStop;
  auto g = Scan(glob);
  EXPECT_EQ(MaxSafety(g), Severity::kCritical) << Dump(g);
  EXPECT_TRUE(Mentions(g, "BUILD sets state on the global numpy.ndarray")) << Dump(g);
}

TEST(Malicious, ExtCodes) {
  for (std::string ext : {std::string("\x82\x01", 2), std::string("\x83\x01\x02", 3),
                          std::string("\x84\x01\x00\x00\x01", 5)}) {
    auto f = Scan(Proto(2) + ext + Str("id") + kTuple1 + kReduce + kStop);
    EXPECT_GE(MaxSafety(f), Severity::kHigh) << Dump(f);
    EXPECT_TRUE(Mentions(f, "EXT code")) << Dump(f);
  }
}

TEST(Malicious, DottedNamesResolveToTheirRoot) {
  auto a = Scan(Proto(4) + Str("builtins") + Str("eval.__call__") + kStackGlobal + Str("1") +
                kTuple1 + kReduce + kStop);
  EXPECT_EQ(MaxSafety(a), Severity::kCritical) << Dump(a);
  auto b = Scan(Proto(4) + Str("numpy") + Str("ndarray.__reduce__.__globals__") + kStackGlobal +
                kStop);
  EXPECT_EQ(MaxSafety(b), Severity::kCritical) << Dump(b);
  auto c = Scan(Proto(4) + Str("sklearn.tree._classes") + Str("DecisionTreeClassifier.fit") +
                kStackGlobal + kStop);
  EXPECT_GE(MaxSafety(c), Severity::kHigh) << Dump(c);  // dotted chains are never allowlisted
}

TEST(Malicious, Python2Remap) {
  auto f = Scan("c__builtin__\neval\n(S'1'\ntR.");
  EXPECT_EQ(MaxSafety(f), Severity::kCritical) << Dump(f);
  EXPECT_TRUE(Mentions(f, "written as __builtin__.eval")) << Dump(f);
}

TEST(Malicious, NestedPickleLoads) {
  std::string inner = CallGadget("os", "system");
  std::string s = Proto(3) + Global("pickle", "loads") + Bytes(inner) + kTuple1 + kReduce + kStop;
  auto f = Scan(s);
  EXPECT_EQ(MaxSafety(f), Severity::kCritical) << Dump(f);
  EXPECT_TRUE(Mentions(f, "nested pickle at offset")) << Dump(f);
  EXPECT_TRUE(Mentions(f, "os.system")) << Dump(f);
}

TEST(Malicious, ComputedCallableAndPersistentIds) {
  std::string s = Proto(2) + Global("collections", "OrderedDict") + kEmptyTuple + kReduce +
                  kEmptyTuple + kReduce + kStop;
  EXPECT_GE(MaxSafety(Scan(s)), Severity::kHigh);
  auto p = Scan(Proto(2) + Str("whatever") + "Q.");
  EXPECT_EQ(MaxSafety(p), Severity::kMedium) << Dump(p);
  EXPECT_GE(MaxSafety(Scan("Pfoo\n.")), Severity::kMedium);
}

TEST(Malicious, StackedAndTrailingData) {
  auto stacked = Scan(Proto(2) + "N." + CallGadget("os", "system"));
  EXPECT_EQ(MaxSafety(stacked), Severity::kCritical) << Dump(stacked);
  EXPECT_TRUE(Mentions(stacked, "stacked pickle #2")) << Dump(stacked);
  auto trailing = Scan(Proto(2) + "N." + std::string("\xff\xfe garbage", 10));
  EXPECT_TRUE(Mentions(trailing, "non-pickle data after STOP")) << Dump(trailing);
}

TEST(Malicious, MalformedStreamsFailClosed) {
  std::string real = Fixture("dt_p4.pkl");
  for (size_t cut : {size_t{1}, size_t{10}, real.size() / 2, real.size() - 1}) {
    auto r = AnalysePickleReport(real.substr(0, cut));
    EXPECT_FALSE(r.complete) << cut;
    EXPECT_GE(MaxSafety(r.findings), Severity::kHigh) << cut << Dump(r.findings);
  }
  std::string huge = Proto(4) + "\x8e" + std::string("\x00\x00\x00\x00\x00\x00\x00\x40", 8) + ".";
  EXPECT_GE(MaxSafety(Scan(huge)), Severity::kHigh);
  EXPECT_GE(MaxSafety(Scan(Proto(2) + "\xf0.")), Severity::kHigh);  // unknown opcode
  EXPECT_GE(MaxSafety(Scan("")), Severity::kHigh);
  // A gadget before the parse error is still reported: pickle.load would have run it.
  auto partial = Scan(Proto(2) + Global("os", "system") + Str("id") + kTuple1 + kReduce + "\xf0");
  EXPECT_EQ(MaxSafety(partial), Severity::kCritical) << Dump(partial);
}

std::string Splice(const std::string& joblib_file) {
  // Before the final STOP: os.system('id') then POP, so the model still loads normally.
  EXPECT_EQ(joblib_file.back(), '.');
  return joblib_file.substr(0, joblib_file.size() - 1) + Global("os", "system") + Str("id") +
         kTuple1 + kReduce + "0" + kStop;
}

TEST(Malicious, GadgetHiddenInARealJoblibFile) {
  std::string spliced = Splice(Fixture("dt.joblib"));
  auto f = Scan(spliced);
  EXPECT_EQ(MaxSafety(f), Severity::kCritical) << Dump(f);
  // The same inside a zlib-compressed joblib file.
  uLongf n = compressBound(spliced.size());
  std::string z(n, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &n,
                      reinterpret_cast<const Bytef*>(spliced.data()), spliced.size(), 3), Z_OK);
  z.resize(n);
  auto fz = AnalysePickleReport(z);
  EXPECT_EQ(fz.compression, "zlib");
  EXPECT_EQ(MaxSafety(fz.findings), Severity::kCritical) << Dump(fz.findings);
  // A joblib file whose array data was cut short fails closed.
  std::string real = Fixture("lr.joblib");
  EXPECT_GE(MaxSafety(Scan(real.substr(0, real.size() - 40))), Severity::kHigh);
}

TEST(Malicious, DecompressionBombStopsAtTheCap) {
  std::string zeros(8 << 20, '\0');
  uLongf n = compressBound(zeros.size());
  std::string z(n, '\0');
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(z.data()), &n,
                      reinterpret_cast<const Bytef*>(zeros.data()), zeros.size(), 9), Z_OK);
  z.resize(n);
  AnalyseOptions o;
  o.max_decompressed = 1 << 20;
  auto r = AnalysePickleReport(z, o);
  EXPECT_FALSE(r.complete);
  EXPECT_TRUE(Mentions(r.findings, "cap")) << Dump(r.findings);
}

}  // namespace
}  // namespace mg::pickle
