// Internal: the pickle VM's state and opcode helpers (see pickle.h for the contract).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "pickle/graph.h"
#include "pickle/pickle.h"

namespace mg::pickle::detail {

class Vm {
 public:
  Vm(PickleGraph& g, const ParseLimits& limits, const ParseOptions& options, uint32_t depth)
      : g_(g), in_(g.input), lim_(limits), opt_(options), pos_(options.offset), depth_(depth) {}

  // Runs until STOP. Sets g_.root / end_offset for the outermost run; returns root in *root.
  Status Run(NodeId* root, uint64_t* end);

 private:
  Status Step(uint8_t op, uint64_t at, bool* stop);
  // Input.
  Status Need(uint64_t n, const char* what);
  Result<std::string_view> Take(uint64_t n, const char* what);
  Result<uint64_t> TakeUint(int bytes, const char* what);  // little-endian
  Result<std::string_view> Line(const char* what);          // up to '\n', excluded
  // Nodes and stack.
  Result<NodeId> New(NodeKind k);
  Status Push(NodeId id);
  Result<NodeId> Pop();
  Result<NodeId> Top();
  Result<std::vector<NodeId>> PopMark();
  Status PushNew(NodeKind k, NodeId* out = nullptr);
  Status PushInt(int64_t v);
  Status PushText(std::string_view raw, std::string decoded);
  Status PushBytesSpan(NodeKind k, uint64_t offset, uint64_t size);
  Status PushBigInt(std::string_view le);
  Status PushGlobal(std::string module, std::string name, GlobalOp how, NodeId* out = nullptr);
  Status PushCall(CallOp how, NodeId callable, NodeId args, NodeId kwargs);
  Status MakeTuple(std::vector<NodeId> items);
  Status Memo(uint64_t index, NodeId id);
  Status Get(uint64_t index);
  Status Build();
  Status Ext(uint64_t code);
  Status AddItems(NodeId container, const std::vector<NodeId>& items, bool pairs);
  // joblib: called after BUILD when the target is a NumpyArrayWrapper.
  Status JoblibArray(NodeId wrapper);
  Status Error(const std::string& what) const;
  Status CountRefs(uint64_t n);

  PickleGraph& g_;
  std::string_view in_;
  const ParseLimits& lim_;
  const ParseOptions& opt_;
  uint64_t pos_;
  uint32_t depth_;
  uint8_t op_ = 0;
  uint64_t op_at_ = 0;
  std::vector<NodeId> stack_;
  std::vector<size_t> marks_;  // stack sizes at each open MARK (a fence)
  std::unordered_map<uint64_t, NodeId> memo_;
  bool seen_proto_ = false;
  uint64_t frame_end_ = 0;
  uint64_t refs_ = 0;
};

const char* OpcodeName(uint8_t op);

}  // namespace mg::pickle::detail
