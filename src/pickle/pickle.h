// A static pickle virtual machine for protocols 0-5. It executes the opcode stream with a
// stack, a memo and marks, but never imports, calls or constructs anything: every object is a
// node of a PickleGraph (graph.h).
//
// Contract:
//  - Every opcode of protocols 0-5 is understood. An unknown opcode, a truncated stream, a
//    malformed argument, a stack underflow, a missing memo entry or any exceeded limit is an
//    error (Status::Input naming the offset and the opcode): callers must treat it as "not
//    shown safe" (fail closed), never as clean.
//  - Declared lengths are checked against the remaining input before anything is allocated;
//    stack, memo, mark depth, node count and nesting are capped by ParseLimits.
//  - One call parses ONE pickle, from `offset` up to and including its STOP. What follows
//    (stacked pickles, joblib tails, trailing data) is the caller's: see graph.end_offset.
//  - joblib: when a BUILD targets a joblib.numpy_pickle.NumpyArrayWrapper, the raw array
//    bytes joblib writes after it (1 pad-length byte + padding when the state has
//    numpy_array_alignment_bytes, then prod(shape)*itemsize bytes) are skipped and exposed as
//    a kJoblibArray node; object-dtype arrays are a nested pickle, parsed recursively (its
//    nodes are added to the same graph).
//  - ParsePickleDetailed also returns the partial graph on error: everything before the
//    failing opcode would have run under pickle.load, so it must still be analysed.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "pickle/graph.h"

namespace mg::pickle {

struct ParseLimits {
  // Memory is bounded by roughly max_nodes * 400 bytes + max_refs * 4 bytes + the memo.
  uint64_t max_nodes = 1'000'000;
  uint64_t max_refs = 50'000'000;  // container element references, all containers together
  uint64_t max_stack = 1'000'000;
  uint64_t max_memo = 1'000'000;   // distinct memo entries
  uint64_t max_marks = 10'000;     // open MARKs at once
  uint32_t max_nested = 8;         // nested pickles (joblib object arrays)
  uint64_t max_text_bytes = 1 << 20;  // per decoded string kept in Node::text
  uint64_t max_line = 1 << 20;     // protocol 0 text-line arguments
};

struct ParseOptions {
  uint64_t offset = 0;        // where the pickle starts in `bytes`
  bool joblib_arrays = true;  // recognise joblib's inline arrays after NumpyArrayWrapper BUILD
};

struct ParseOutcome {
  PickleGraph graph;  // complete when status is OK; the nodes built so far otherwise
  Status status;
};

ParseOutcome ParsePickleDetailed(std::string_view bytes, const ParseLimits& limits,
                                 const ParseOptions& options = {});

// The graph of the pickle at the start of `bytes`, or the parse error.
Result<PickleGraph> ParsePickle(std::string_view bytes, const ParseLimits& limits = {});

}  // namespace mg::pickle
