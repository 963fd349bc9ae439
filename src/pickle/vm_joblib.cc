// joblib's inline arrays: what joblib.numpy_pickle.NumpyUnpickler.load_build reads from the
// stream right after a NumpyArrayWrapper BUILD (joblib/numpy_pickle.py, read_array).
#include <fmt/core.h>

#include "pickle/vm.h"

namespace mg::pickle::detail {
namespace {

struct Dtype {
  std::string str;
  uint32_t itemsize = 0;
  bool hasobject = false;
};

// numpy.dtype(str, align, copy) + BUILD (version, endian, subdescr, names, fields, elsize,
// alignment, flags). Item size: elsize when > 0, else the digits of the type string.
std::optional<Dtype> ReadDtype(const PickleGraph& g, NodeId id) {
  if (id == kNoNode || id >= g.nodes.size()) return std::nullopt;
  const Node& n = g.nodes[id];
  std::string cls = g.ClassOf(id);
  if (n.kind != NodeKind::kCall ||
      (cls != "numpy.dtype" && cls != "numpy.core.multiarray.dtype" && cls != "numpy._core.multiarray.dtype")) {
    return std::nullopt;
  }
  if (n.args == kNoNode || g.nodes[n.args].kind != NodeKind::kTuple) return std::nullopt;
  const Node& args = g.nodes[n.args];
  if (args.items.empty() || g.nodes[args.items[0]].kind != NodeKind::kString) return std::nullopt;
  Dtype d;
  d.str = g.nodes[args.items[0]].text;
  if (d.str.empty()) return std::nullopt;
  d.hasobject = d.str[0] == 'O';
  uint64_t digits = 0;
  size_t i = 1;
  for (; i < d.str.size() && i < 12 && d.str[i] >= '0' && d.str[i] <= '9'; ++i) {
    digits = digits * 10 + static_cast<uint64_t>(d.str[i] - '0');
  }
  if (i != d.str.size()) return std::nullopt;
  if (d.str[0] == 'U') digits *= 4;
  int64_t elsize = -1;
  if (!n.build_states.empty()) {
    const Node& st = g.nodes[n.build_states.back()];
    if (st.kind == NodeKind::kTuple && st.items.size() >= 8) {
      const Node& e = g.nodes[st.items[5]];
      const Node& f = g.nodes[st.items[7]];
      if (e.kind == NodeKind::kInt) elsize = e.i;
      if (f.kind == NodeKind::kInt && (f.i & 1)) d.hasobject = true;  // NPY_ITEM_REFCOUNT
    }
  }
  uint64_t size = elsize > 0 ? static_cast<uint64_t>(elsize) : digits;
  if (size == 0 && !d.hasobject) return std::nullopt;
  if (size > (1u << 30)) return std::nullopt;
  d.itemsize = static_cast<uint32_t>(size);
  return d;
}

}  // namespace

Status Vm::JoblibArray(NodeId wrapper) {
  const PickleGraph& g = g_;
  const Node& w = g.nodes[wrapper];
  NodeId state = w.build_states.back();
  if (g.nodes[state].kind != NodeKind::kDict) return Error("NumpyArrayWrapper state is not a dict");
  NodeId shape_id = g.DictGet(state, "shape");
  NodeId dtype_id = g.DictGet(state, "dtype");
  NodeId order_id = g.DictGet(state, "order");
  bool aligned = g.DictGet(state, "numpy_array_alignment_bytes") != kNoNode;
  if (shape_id == kNoNode || g.nodes[shape_id].kind != NodeKind::kTuple) {
    return Error("NumpyArrayWrapper state has no shape tuple");
  }
  auto dtype = ReadDtype(g, dtype_id);
  if (!dtype) return Error("NumpyArrayWrapper state has no readable numpy dtype");
  std::vector<int64_t> shape;
  uint64_t count = 1;
  for (NodeId d : g.nodes[shape_id].items) {
    const Node& dn = g.nodes[d];
    if (dn.kind != NodeKind::kInt || dn.i < 0) return Error("NumpyArrayWrapper shape is not ints >= 0");
    shape.push_back(dn.i);
    uint64_t u = static_cast<uint64_t>(dn.i);
    if (u != 0 && count > (uint64_t{1} << 62) / u) return Error("NumpyArrayWrapper shape overflows");
    count *= u;
  }
  char order = 'C';
  if (order_id != kNoNode && g.nodes[order_id].kind == NodeKind::kString &&
      g.nodes[order_id].text == "F") {
    order = 'F';
  }
  NodeId arr;
  MG_ASSIGN_OR_RETURN(arr, New(NodeKind::kJoblibArray));
  {
    Node& a = g_.nodes[arr];
    a.wrapper = wrapper;
    a.dtype = dtype->str;
    a.shape = std::move(shape);
    a.order = order;
    a.itemsize = dtype->itemsize;
  }
  if (dtype->hasobject) {  // a nested pickle follows in the stream
    if (depth_ + 1 > lim_.max_nested) return Error("joblib object arrays nested too deep");
    ParseOptions sub = opt_;
    sub.offset = pos_;
    Vm nested(g_, lim_, sub, depth_ + 1);
    NodeId root;
    uint64_t end;
    MG_RETURN_IF_ERROR(nested.Run(&root, &end).Annotate(
        fmt::format("joblib object array at offset {}", pos_)));
    g_.nodes[arr].nested_root = root;
    pos_ = end;
    return Push(arr);
  }
  if (aligned) {
    MG_ASSIGN_OR_RETURN(uint64_t pad, TakeUint(1, "joblib padding length"));
    MG_ASSIGN_OR_RETURN(std::string_view p, Take(pad, "joblib padding"));
    if (p.find_first_not_of('\xff') != std::string_view::npos) {
      g_.notes.push_back(fmt::format("offset {}: joblib padding is not 0xFF", op_at_));
    }
  }
  if (count > UINT64_MAX / dtype->itemsize) return Error("joblib array size overflows");
  uint64_t bytes = count * dtype->itemsize;
  uint64_t start = pos_;
  MG_RETURN_IF_ERROR(Take(bytes, "joblib array data").status());
  g_.nodes[arr].span = {start, bytes};
  return Push(arr);
}

const char* OpcodeName(uint8_t op) {
  switch (op) {
    case '(': return "MARK"; case '.': return "STOP"; case '0': return "POP";
    case '1': return "POP_MARK"; case '2': return "DUP"; case 'F': return "FLOAT";
    case 'I': return "INT"; case 'J': return "BININT"; case 'K': return "BININT1";
    case 'L': return "LONG"; case 'M': return "BININT2"; case 'N': return "NONE";
    case 'P': return "PERSID"; case 'Q': return "BINPERSID"; case 'R': return "REDUCE";
    case 'S': return "STRING"; case 'T': return "BINSTRING"; case 'U': return "SHORT_BINSTRING";
    case 'V': return "UNICODE"; case 'X': return "BINUNICODE"; case 'a': return "APPEND";
    case 'b': return "BUILD"; case 'c': return "GLOBAL"; case 'd': return "DICT";
    case '}': return "EMPTY_DICT"; case 'e': return "APPENDS"; case 'g': return "GET";
    case 'h': return "BINGET"; case 'i': return "INST"; case 'j': return "LONG_BINGET";
    case 'l': return "LIST"; case ']': return "EMPTY_LIST"; case 'o': return "OBJ";
    case 'p': return "PUT"; case 'q': return "BINPUT"; case 'r': return "LONG_BINPUT";
    case 's': return "SETITEM"; case 't': return "TUPLE"; case ')': return "EMPTY_TUPLE";
    case 'u': return "SETITEMS"; case 'G': return "BINFLOAT"; case 'B': return "BINBYTES";
    case 'C': return "SHORT_BINBYTES"; case 0x80: return "PROTO"; case 0x81: return "NEWOBJ";
    case 0x82: return "EXT1"; case 0x83: return "EXT2"; case 0x84: return "EXT4";
    case 0x85: return "TUPLE1"; case 0x86: return "TUPLE2"; case 0x87: return "TUPLE3";
    case 0x88: return "NEWTRUE"; case 0x89: return "NEWFALSE"; case 0x8a: return "LONG1";
    case 0x8b: return "LONG4"; case 0x8c: return "SHORT_BINUNICODE";
    case 0x8d: return "BINUNICODE8"; case 0x8e: return "BINBYTES8"; case 0x8f: return "EMPTY_SET";
    case 0x90: return "ADDITEMS"; case 0x91: return "FROZENSET"; case 0x92: return "NEWOBJ_EX";
    case 0x93: return "STACK_GLOBAL"; case 0x94: return "MEMOIZE"; case 0x95: return "FRAME";
    case 0x96: return "BYTEARRAY8"; case 0x97: return "NEXT_BUFFER";
    case 0x98: return "READONLY_BUFFER";
    default: return "?";
  }
}

}  // namespace mg::pickle::detail
