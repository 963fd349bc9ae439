// Safety analysis of pickle streams (plain pickles, joblib files, torch data.pkl), on top of
// the static VM (pickle.h). Nothing is imported or executed.
//
// Contract:
//  - Verdict by allowlist: a global is safe only when it is one that well-formed numpy,
//    scikit-learn, xgboost, joblib or torch files use (allowlist.cc). Known dangerous globals
//    (os, subprocess, builtins.eval/exec/getattr/__import__, pickle.loads, ...) are critical;
//    dotted names (builtins.eval.__call__, os.path.join.__globals__) are judged by their root;
//    anything else is at least medium. Python 2 names are judged before and after remapping.
//  - Calls are judged with their callable: REDUCE/NEWOBJ/NEWOBJ_EX/INST/OBJ of a non-global
//    callable, BUILD on a global or with dunder keys (__setstate__, __reduce__...) in its state,
//    persistent ids outside torch's ("storage", ...) form and EXT codes are findings.
//  - Nested pickles (bytes handed to a pickle.loads-like global, joblib object arrays) are
//    analysed too; stacked pickles after STOP are analysed; other trailing data is reported.
//  - Fail closed: a stream that does not parse to STOP yields a high safety finding (and the
//    part parsed before the error is still judged). An empty result never means "unparsed".
//  - joblib compression (zlib, gzip, bz2, xz, lzma) is undone first, up to max_decompressed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pickle/finding.h"
#include "pickle/graph.h"
#include "pickle/pickle.h"

namespace mg::pickle {

struct AnalyseOptions {
  ParseLimits limits;
  uint64_t max_decompressed = uint64_t{4} << 30;
  uint32_t max_stacked = 64;   // pickles after the first one
  uint32_t max_nested = 4;     // pickle.loads(bytes) inside pickle.loads(bytes) ...
};

struct GlobalRef {
  std::string module, name;  // after Python 2 remapping
  GlobalOp how = GlobalOp::kGlobal;
  uint64_t offset = 0;
  bool allowed = false;
};

struct PickleReport {
  std::vector<Finding> findings;
  std::vector<GlobalRef> globals;  // every global reference, in stream order (nested included)
  uint32_t pickles = 0;            // top-level pickles parsed (stacked ones included)
  std::string compression;         // "" or "zlib", "gzip", "bz2", "xz", "lzma"
  bool complete = false;           // every pickle parsed to STOP
};

PickleReport AnalysePickleReport(std::string_view bytes, const AnalyseOptions& options = {});
std::vector<Finding> AnalysePickle(std::string_view bytes, const AnalyseOptions& options = {});

// Judges one graph (already parsed); appends to report. `where` prefixes details ("" at top).
void AnalyseGraph(const PickleGraph& g, const AnalyseOptions& options, uint32_t nesting,
                  const std::string& where, PickleReport& report);

}  // namespace mg::pickle
