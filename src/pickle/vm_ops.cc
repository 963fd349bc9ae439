// The opcode dispatch of the static pickle VM.
#include <fmt/core.h>

#include <bit>
#include <cstring>

#include "pickle/text.h"
#include "pickle/vm.h"

namespace mg::pickle::detail {
namespace {

std::string Clip(std::string_view s) {
  std::string out(s.substr(0, 200));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return out;
}

}  // namespace

Status Vm::Step(uint8_t op, uint64_t at, bool* stop) {
  (void)at;
  switch (op) {
    case 0x80: {  // PROTO
      MG_ASSIGN_OR_RETURN(uint64_t v, TakeUint(1, "protocol"));
      if (v > 5) return Error(fmt::format("unsupported protocol {}", v));
      if (seen_proto_) g_.notes.push_back(fmt::format("offset {}: repeated PROTO", op_at_));
      seen_proto_ = true;
      g_.protocol = std::max(g_.protocol, static_cast<int>(v));
      return Status::Ok();
    }
    case 0x95: {  // FRAME
      MG_ASSIGN_OR_RETURN(uint64_t n, TakeUint(8, "frame length"));
      MG_RETURN_IF_ERROR(Need(n, "FRAME body"));
      frame_end_ = pos_ + n;
      return Status::Ok();
    }
    case '.': *stop = true; return Status::Ok();  // STOP
    case '(':                                       // MARK
      if (marks_.size() >= lim_.max_marks) {
        return Error(fmt::format("more than {} open MARKs (mark cap)", lim_.max_marks));
      }
      marks_.push_back(stack_.size());
      return Status::Ok();
    case '0': {  // POP: with nothing above the mark, pops the mark (as CPython does)
      size_t fence = marks_.empty() ? 0 : marks_.back();
      if (stack_.size() > fence) {
        stack_.pop_back();
        return Status::Ok();
      }
      return PopMark().status();
    }
    case '1': return PopMark().status();  // POP_MARK
    case '2': {                           // DUP
      MG_ASSIGN_OR_RETURN(NodeId t, Top());
      return Push(t);
    }
    // --- scalars
    case 'N': return PushNew(NodeKind::kNone);
    case 0x88:
    case 0x89: {  // NEWTRUE / NEWFALSE
      NodeId id;
      MG_RETURN_IF_ERROR(PushNew(NodeKind::kBool, &id));
      g_.nodes[id].b = op == 0x88;
      return Status::Ok();
    }
    case 'I': {  // INT (text); "00"/"01" are False/True
      MG_ASSIGN_OR_RETURN(std::string_view l, Line("INT argument"));
      if (l == "00" || l == "01") {
        NodeId id;
        MG_RETURN_IF_ERROR(PushNew(NodeKind::kBool, &id));
        g_.nodes[id].b = l == "01";
        return Status::Ok();
      }
      bool big = false;
      auto v = ParseDecimal(l, &big);
      if (big) return PushText(l, std::string(l));  // out of int64: keep the digits
      if (!v) return Error(fmt::format("bad INT argument '{}'", Clip(l)));
      return PushInt(*v);
    }
    case 'L': {  // LONG (text)
      MG_ASSIGN_OR_RETURN(std::string_view l, Line("LONG argument"));
      bool big = false;
      auto v = ParseDecimal(l, &big);
      if (big) {
        NodeId id;
        MG_RETURN_IF_ERROR(PushNew(NodeKind::kBigInt, &id));
        g_.nodes[id].text = std::string(l);
        return Status::Ok();
      }
      if (!v) return Error(fmt::format("bad LONG argument '{}'", Clip(l)));
      return PushInt(*v);
    }
    case 'J': {  // BININT
      MG_ASSIGN_OR_RETURN(uint64_t v, TakeUint(4, "BININT"));
      return PushInt(static_cast<int32_t>(static_cast<uint32_t>(v)));
    }
    case 'K': {
      MG_ASSIGN_OR_RETURN(uint64_t v, TakeUint(1, "BININT1"));
      return PushInt(static_cast<int64_t>(v));
    }
    case 'M': {
      MG_ASSIGN_OR_RETURN(uint64_t v, TakeUint(2, "BININT2"));
      return PushInt(static_cast<int64_t>(v));
    }
    case 0x8a:
    case 0x8b: {  // LONG1 / LONG4
      MG_ASSIGN_OR_RETURN(uint64_t n, TakeUint(op == 0x8a ? 1 : 4, "long length"));
      if (op == 0x8b && (n & 0x80000000u)) return Error("negative LONG4 length");
      MG_ASSIGN_OR_RETURN(std::string_view s, Take(n, "long bytes"));
      return PushBigInt(s);
    }
    case 'F': {
      MG_ASSIGN_OR_RETURN(std::string_view l, Line("FLOAT argument"));
      auto v = ParseFloatLine(l);
      if (!v) return Error(fmt::format("bad FLOAT argument '{}'", Clip(l)));
      NodeId id;
      MG_RETURN_IF_ERROR(PushNew(NodeKind::kFloat, &id));
      g_.nodes[id].f = *v;
      return Status::Ok();
    }
    case 'G': {  // BINFLOAT: big-endian double
      MG_ASSIGN_OR_RETURN(std::string_view s, Take(8, "BINFLOAT"));
      uint64_t u = 0;
      for (char c : s) u = (u << 8) | static_cast<unsigned char>(c);
      NodeId id;
      MG_RETURN_IF_ERROR(PushNew(NodeKind::kFloat, &id));
      g_.nodes[id].f = std::bit_cast<double>(u);
      return Status::Ok();
    }
    // --- strings and bytes
    case 'S': {  // STRING: quoted repr
      MG_ASSIGN_OR_RETURN(std::string_view l, Line("STRING argument"));
      auto v = DecodeQuotedString(l);
      if (!v) return Error(fmt::format("bad STRING argument '{}'", Clip(l)));
      return PushText({}, std::move(*v));
    }
    case 'T':
    case 'U': {  // BINSTRING / SHORT_BINSTRING (Python 2 str: text under encoding=ASCII/latin1)
      MG_ASSIGN_OR_RETURN(uint64_t n, TakeUint(op == 'T' ? 4 : 1, "string length"));
      if (op == 'T' && (n & 0x80000000u)) return Error("negative BINSTRING length");
      MG_ASSIGN_OR_RETURN(std::string_view s, Take(n, "string bytes"));
      return PushText(s, std::string(s.substr(0, lim_.max_text_bytes)));
    }
    case 'V': {  // UNICODE: raw-unicode-escape
      MG_ASSIGN_OR_RETURN(std::string_view l, Line("UNICODE argument"));
      auto v = DecodeRawUnicodeEscape(l);
      if (!v) return Error(fmt::format("bad UNICODE argument '{}'", Clip(l)));
      return PushText({}, std::move(*v));
    }
    case 'X':
    case 0x8c:
    case 0x8d: {  // BINUNICODE / SHORT_BINUNICODE / BINUNICODE8
      int w = op == 'X' ? 4 : op == 0x8c ? 1 : 8;
      MG_ASSIGN_OR_RETURN(uint64_t n, TakeUint(w, "unicode length"));
      MG_ASSIGN_OR_RETURN(std::string_view s, Take(n, "unicode bytes"));
      return PushText(s, std::string(s.substr(0, lim_.max_text_bytes)));
    }
    case 'B':
    case 'C':
    case 0x8e:
    case 0x96: {  // BINBYTES / SHORT_BINBYTES / BINBYTES8 / BYTEARRAY8
      int w = op == 'B' ? 4 : op == 'C' ? 1 : 8;
      MG_ASSIGN_OR_RETURN(uint64_t n, TakeUint(w, "bytes length"));
      uint64_t start = pos_;
      MG_RETURN_IF_ERROR(Take(n, "bytes payload").status());
      return PushBytesSpan(op == 0x96 ? NodeKind::kByteArray : NodeKind::kBytes, start, n);
    }
    case 0x97: {  // NEXT_BUFFER: out-of-band data a static reader cannot see
      g_.notes.push_back(fmt::format("offset {}: NEXT_BUFFER (out-of-band data)", op_at_));
      return PushNew(NodeKind::kBuffer);
    }
    case 0x98: return Top().status();  // READONLY_BUFFER: no change to the graph
    // --- containers
    case ')': return MakeTuple({});
    case 't': {
      MG_ASSIGN_OR_RETURN(auto items, PopMark());
      return MakeTuple(std::move(items));
    }
    case 0x85:
    case 0x86:
    case 0x87: {  // TUPLE1..3
      size_t n = op - 0x84u;
      std::vector<NodeId> items(n);
      for (size_t i = n; i-- > 0;) {
        MG_ASSIGN_OR_RETURN(items[i], Pop());
      }
      return MakeTuple(std::move(items));
    }
    case ']': return PushNew(NodeKind::kList);
    case '}': return PushNew(NodeKind::kDict);
    case 0x8f: return PushNew(NodeKind::kSet);
    case 'l':
    case 'd':
    case 0x91: {  // LIST / DICT / FROZENSET from the mark
      MG_ASSIGN_OR_RETURN(auto items, PopMark());
      if (op == 'd' && items.size() % 2 != 0) return Error("odd number of items for DICT");
      MG_RETURN_IF_ERROR(CountRefs(items.size()));
      NodeId id;
      MG_RETURN_IF_ERROR(PushNew(op == 'l'   ? NodeKind::kList
                                 : op == 'd' ? NodeKind::kDict
                                             : NodeKind::kFrozenSet,
                                 &id));
      g_.nodes[id].items = std::move(items);
      return Status::Ok();
    }
    case 'a': {  // APPEND
      MG_ASSIGN_OR_RETURN(NodeId v, Pop());
      MG_ASSIGN_OR_RETURN(NodeId c, Top());
      return AddItems(c, {v}, false);
    }
    case 'e':
    case 0x90: {  // APPENDS / ADDITEMS
      MG_ASSIGN_OR_RETURN(auto items, PopMark());
      MG_ASSIGN_OR_RETURN(NodeId c, Top());
      return AddItems(c, items, false);
    }
    case 's': {  // SETITEM
      MG_ASSIGN_OR_RETURN(NodeId v, Pop());
      MG_ASSIGN_OR_RETURN(NodeId k, Pop());
      MG_ASSIGN_OR_RETURN(NodeId c, Top());
      return AddItems(c, {k, v}, true);
    }
    case 'u': {  // SETITEMS
      MG_ASSIGN_OR_RETURN(auto items, PopMark());
      MG_ASSIGN_OR_RETURN(NodeId c, Top());
      return AddItems(c, items, true);
    }
    // --- memo
    case 'p': {
      MG_ASSIGN_OR_RETURN(std::string_view l, Line("PUT argument"));
      auto idx = ParseDecimal(l);
      if (!idx || *idx < 0) return Error(fmt::format("bad PUT index '{}'", Clip(l)));
      MG_ASSIGN_OR_RETURN(NodeId t, Top());
      return Memo(static_cast<uint64_t>(*idx), t);
    }
    case 'q':
    case 'r': {
      MG_ASSIGN_OR_RETURN(uint64_t idx, TakeUint(op == 'q' ? 1 : 4, "memo index"));
      MG_ASSIGN_OR_RETURN(NodeId t, Top());
      return Memo(idx, t);
    }
    case 0x94: {  // MEMOIZE: index = number of memo entries
      MG_ASSIGN_OR_RETURN(NodeId t, Top());
      return Memo(memo_.size(), t);
    }
    case 'g': {
      MG_ASSIGN_OR_RETURN(std::string_view l, Line("GET argument"));
      auto idx = ParseDecimal(l);
      if (!idx || *idx < 0) return Error(fmt::format("bad GET index '{}'", Clip(l)));
      return Get(static_cast<uint64_t>(*idx));
    }
    case 'h':
    case 'j': {
      MG_ASSIGN_OR_RETURN(uint64_t idx, TakeUint(op == 'h' ? 1 : 4, "memo index"));
      return Get(idx);
    }
    // --- globals and calls
    case 'c':
    case 'i': {  // GLOBAL / INST: "module\nname\n"
      MG_ASSIGN_OR_RETURN(std::string_view m, Line("module name"));
      MG_ASSIGN_OR_RETURN(std::string_view n, Line("global name"));
      if (op == 'c') return PushGlobal(std::string(m), std::string(n), GlobalOp::kGlobal);
      MG_ASSIGN_OR_RETURN(auto args, PopMark());
      NodeId cls;
      MG_RETURN_IF_ERROR(PushGlobal(std::string(m), std::string(n), GlobalOp::kInst, &cls));
      stack_.pop_back();  // the class is not left on the stack
      MG_RETURN_IF_ERROR(MakeTuple(std::move(args)));
      MG_ASSIGN_OR_RETURN(NodeId tup, Pop());
      return PushCall(CallOp::kInst, cls, tup, kNoNode);
    }
    case 0x93: {  // STACK_GLOBAL: operands are whatever the stack holds (memo, DUP...)
      MG_ASSIGN_OR_RETURN(NodeId name, Pop());
      MG_ASSIGN_OR_RETURN(NodeId mod, Pop());
      const Node& nn = g_.nodes[name];
      const Node& mn = g_.nodes[mod];
      if (nn.kind != NodeKind::kString || mn.kind != NodeKind::kString) {
        return Error(fmt::format("STACK_GLOBAL operands are {} and {}, not strings",
                                 KindName(mn.kind), KindName(nn.kind)));
      }
      return PushGlobal(mn.text, nn.text, GlobalOp::kStackGlobal);
    }
    case 0x82:
    case 0x83:
    case 0x84: {  // EXT1/2/4
      MG_ASSIGN_OR_RETURN(uint64_t code, TakeUint(op == 0x82 ? 1 : op == 0x83 ? 2 : 4, "EXT"));
      if (code == 0 || code > 0x7fffffff) return Error(fmt::format("bad EXT code {}", code));
      return Ext(code);
    }
    case 'o': {  // OBJ: MARK cls args... OBJ
      MG_ASSIGN_OR_RETURN(auto items, PopMark());
      if (items.empty()) return Error("OBJ without a class");
      NodeId cls = items.front();
      items.erase(items.begin());
      if (g_.nodes[cls].kind == NodeKind::kGlobal) g_.nodes[cls].global_op = GlobalOp::kObj;
      MG_RETURN_IF_ERROR(MakeTuple(std::move(items)));
      MG_ASSIGN_OR_RETURN(NodeId tup, Pop());
      return PushCall(CallOp::kObj, cls, tup, kNoNode);
    }
    case 'R':
    case 0x81: {  // REDUCE / NEWOBJ
      MG_ASSIGN_OR_RETURN(NodeId args, Pop());
      MG_ASSIGN_OR_RETURN(NodeId fn, Pop());
      return PushCall(op == 'R' ? CallOp::kReduce : CallOp::kNewObj, fn, args, kNoNode);
    }
    case 0x92: {  // NEWOBJ_EX
      MG_ASSIGN_OR_RETURN(NodeId kwargs, Pop());
      MG_ASSIGN_OR_RETURN(NodeId args, Pop());
      MG_ASSIGN_OR_RETURN(NodeId cls, Pop());
      return PushCall(CallOp::kNewObjEx, cls, args, kwargs);
    }
    case 'b': return Build();
    case 'P': {  // PERSID
      MG_ASSIGN_OR_RETURN(std::string_view l, Line("PERSID argument"));
      NodeId id;
      MG_RETURN_IF_ERROR(PushNew(NodeKind::kPersId, &id));
      g_.nodes[id].text = std::string(l.substr(0, lim_.max_text_bytes));
      return Status::Ok();
    }
    case 'Q': {  // BINPERSID
      MG_ASSIGN_OR_RETURN(NodeId pid, Pop());
      NodeId id;
      MG_RETURN_IF_ERROR(PushNew(NodeKind::kPersId, &id));
      g_.nodes[id].items.push_back(pid);
      return Status::Ok();
    }
    default: return Error("unknown opcode");
  }
}

}  // namespace mg::pickle::detail
