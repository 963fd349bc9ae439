#include <fmt/core.h>

#include <cstring>

#include "pickle/text.h"
#include "pickle/vm.h"

namespace mg::pickle::detail {

Status Vm::Error(const std::string& what) const {
  return Status::Input(fmt::format("pickle offset {}: opcode {} (0x{:02x}): {}", op_at_,
                                   OpcodeName(op_), op_, what));
}

Status Vm::Need(uint64_t n, const char* what) {
  if (pos_ > in_.size() || n > in_.size() - pos_) {
    return Error(fmt::format("truncated: {} needs {} bytes, {} left", what, n,
                             pos_ <= in_.size() ? in_.size() - pos_ : 0));
  }
  return Status::Ok();
}

Result<std::string_view> Vm::Take(uint64_t n, const char* what) {
  MG_RETURN_IF_ERROR(Need(n, what));
  std::string_view s = in_.substr(pos_, n);
  pos_ += n;
  return s;
}

Result<uint64_t> Vm::TakeUint(int bytes, const char* what) {
  MG_ASSIGN_OR_RETURN(std::string_view s, Take(static_cast<uint64_t>(bytes), what));
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

Result<std::string_view> Vm::Line(const char* what) {
  if (pos_ > in_.size()) return Error(fmt::format("truncated: {} missing", what));
  uint64_t limit = std::min<uint64_t>(in_.size() - pos_, lim_.max_line + 1);
  const void* nl = std::memchr(in_.data() + pos_, '\n', limit);
  if (nl == nullptr) {
    return Error(fmt::format("{}: no newline within {} bytes", what, limit));
  }
  uint64_t len = static_cast<uint64_t>(static_cast<const char*>(nl) - (in_.data() + pos_));
  std::string_view s = in_.substr(pos_, len);
  pos_ += len + 1;
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

Result<NodeId> Vm::New(NodeKind k) {
  if (g_.nodes.size() >= lim_.max_nodes) {
    return Error(fmt::format("more than {} objects (node cap)", lim_.max_nodes));
  }
  Node n;
  n.kind = k;
  n.offset = op_at_;
  g_.nodes.push_back(std::move(n));
  return static_cast<NodeId>(g_.nodes.size() - 1);
}

Status Vm::Push(NodeId id) {
  if (stack_.size() >= lim_.max_stack) {
    return Error(fmt::format("stack deeper than {} (stack cap)", lim_.max_stack));
  }
  stack_.push_back(id);
  return Status::Ok();
}

Result<NodeId> Vm::Pop() {
  size_t fence = marks_.empty() ? 0 : marks_.back();
  if (stack_.size() <= fence) return Error("stack underflow");
  NodeId id = stack_.back();
  stack_.pop_back();
  return id;
}

Result<NodeId> Vm::Top() {
  size_t fence = marks_.empty() ? 0 : marks_.back();
  if (stack_.size() <= fence) return Error("stack underflow");
  return stack_.back();
}

Result<std::vector<NodeId>> Vm::PopMark() {
  if (marks_.empty()) return Error("no MARK on the stack");
  size_t m = marks_.back();
  marks_.pop_back();
  std::vector<NodeId> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
  stack_.resize(m);
  return items;
}

Status Vm::PushNew(NodeKind k, NodeId* out) {
  MG_ASSIGN_OR_RETURN(NodeId id, New(k));
  if (out) *out = id;
  return Push(id);
}

Status Vm::PushInt(int64_t v) {
  NodeId id;
  MG_RETURN_IF_ERROR(PushNew(NodeKind::kInt, &id));
  g_.nodes[id].i = v;
  return Status::Ok();
}

Status Vm::PushText(std::string_view raw, std::string decoded) {
  NodeId id;
  MG_RETURN_IF_ERROR(PushNew(NodeKind::kString, &id));
  Node& n = g_.nodes[id];
  if (!raw.empty()) n.span = {static_cast<uint64_t>(raw.data() - in_.data()), raw.size()};
  if (decoded.size() > lim_.max_text_bytes) {
    decoded.resize(lim_.max_text_bytes);
    n.truncated = true;
  }
  n.text = std::move(decoded);
  return Status::Ok();
}

Status Vm::PushBytesSpan(NodeKind k, uint64_t offset, uint64_t size) {
  NodeId id;
  MG_RETURN_IF_ERROR(PushNew(k, &id));
  g_.nodes[id].span = {offset, size};
  return Status::Ok();
}

Status Vm::PushBigInt(std::string_view le) {
  if (le.size() <= 8) {
    int64_t v = 0;
    if (!le.empty()) {
      uint64_t u = 0;
      for (size_t i = le.size(); i-- > 0;) u = (u << 8) | static_cast<unsigned char>(le[i]);
      if (le.size() < 8 && (static_cast<unsigned char>(le.back()) & 0x80)) {
        u |= ~uint64_t{0} << (8 * le.size());  // sign-extend
      }
      std::memcpy(&v, &u, sizeof v);
    }
    return PushInt(v);
  }
  return PushBytesSpan(NodeKind::kBigInt, static_cast<uint64_t>(le.data() - in_.data()),
                       le.size());
}

Status Vm::PushGlobal(std::string module, std::string name, GlobalOp how, NodeId* out) {
  NodeId id;
  MG_RETURN_IF_ERROR(PushNew(NodeKind::kGlobal, &id));
  Node& n = g_.nodes[id];
  auto [m, nm] = RemapPy2(module, name);
  n.raw_module = std::move(module);
  n.raw_name = std::move(name);
  n.module = std::move(m);
  n.name = std::move(nm);
  n.global_op = how;
  if (out) *out = id;
  return Status::Ok();
}

Status Vm::PushCall(CallOp how, NodeId callable, NodeId args, NodeId kwargs) {
  NodeId id;
  MG_RETURN_IF_ERROR(PushNew(NodeKind::kCall, &id));
  Node& n = g_.nodes[id];
  n.call_op = how;
  n.callable = callable;
  n.args = args;
  n.kwargs = kwargs;
  return Status::Ok();
}

Status Vm::CountRefs(uint64_t n) {
  refs_ += n;
  if (refs_ > lim_.max_refs) {
    return Error(fmt::format("more than {} container references (reference cap)", lim_.max_refs));
  }
  return Status::Ok();
}

Status Vm::MakeTuple(std::vector<NodeId> items) {
  MG_RETURN_IF_ERROR(CountRefs(items.size()));
  NodeId id;
  MG_RETURN_IF_ERROR(PushNew(NodeKind::kTuple, &id));
  g_.nodes[id].items = std::move(items);
  return Status::Ok();
}

Status Vm::Memo(uint64_t index, NodeId id) {
  auto it = memo_.find(index);
  if (it != memo_.end()) {
    if (g_.notes.size() < 100) {
      g_.notes.push_back(fmt::format("offset {}: memo slot {} overwritten", op_at_, index));
    }
    it->second = id;
    return Status::Ok();
  }
  if (memo_.size() >= lim_.max_memo) {
    return Error(fmt::format("more than {} memo entries (memo cap)", lim_.max_memo));
  }
  memo_.emplace(index, id);
  return Status::Ok();
}

Status Vm::Get(uint64_t index) {
  auto it = memo_.find(index);
  if (it == memo_.end()) return Error(fmt::format("memo slot {} was never set", index));
  return Push(it->second);
}

Status Vm::AddItems(NodeId container, const std::vector<NodeId>& items, bool pairs) {
  if (pairs && items.size() % 2 != 0) return Error("odd number of items for a dict");
  MG_RETURN_IF_ERROR(CountRefs(items.size()));
  Node& c = g_.nodes[container];
  bool ok = pairs ? c.kind == NodeKind::kDict
                  : (c.kind == NodeKind::kList || c.kind == NodeKind::kSet);
  if (!ok && c.kind != NodeKind::kCall) {
    return Error(fmt::format("cannot add items to a {}", KindName(c.kind)));
  }
  // kCall: an object whose class defines append/extend/__setitem__ (any call node may be one).
  c.items.insert(c.items.end(), items.begin(), items.end());
  return Status::Ok();
}

Status Vm::Ext(uint64_t code) {
  NodeId id;
  MG_RETURN_IF_ERROR(PushGlobal("copyreg._extension_registry", std::to_string(code),
                                GlobalOp::kExt, &id));
  g_.nodes[id].ext_code = static_cast<int32_t>(code);
  return Status::Ok();
}

Status Vm::Build() {
  MG_ASSIGN_OR_RETURN(NodeId state, Pop());
  MG_ASSIGN_OR_RETURN(NodeId target, Top());
  g_.nodes[target].build_states.push_back(state);
  if (opt_.joblib_arrays && g_.ClassOf(target) == "joblib.numpy_pickle.NumpyArrayWrapper" &&
      g_.nodes[target].kind == NodeKind::kCall) {
    MG_RETURN_IF_ERROR(Pop().status());
    return JoblibArray(target);
  }
  return Status::Ok();
}

Status Vm::Run(NodeId* root, uint64_t* end) {
  if (pos_ > in_.size()) return Status::Input("pickle: start offset beyond the input");
  bool stop = false;
  while (!stop) {
    op_at_ = pos_;
    if (pos_ >= in_.size()) {
      op_ = 0;
      return Error("truncated: stream ended before STOP");
    }
    op_ = static_cast<uint8_t>(in_[pos_++]);
    ++g_.opcodes;
    MG_RETURN_IF_ERROR(Step(op_, op_at_, &stop));
  }
  MG_ASSIGN_OR_RETURN(NodeId r, Pop());
  if (!stack_.empty() || !marks_.empty()) {
    g_.notes.push_back(fmt::format("offset {}: STOP left {} objects and {} marks on the stack",
                                   op_at_, stack_.size(), marks_.size()));
  }
  if (frame_end_ > pos_) {
    g_.notes.push_back(fmt::format("offset {}: STOP inside a FRAME ending at {}", op_at_,
                                   frame_end_));
  }
  *root = r;
  *end = pos_;
  return Status::Ok();
}

}  // namespace mg::pickle::detail
