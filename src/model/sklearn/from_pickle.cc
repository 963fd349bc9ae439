#include "model/sklearn/from_pickle.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "pickle/compress.h"
#include "pickle/pickle.h"

namespace mg::model::sk {
namespace {

using pickle::kNoNode;
using pickle::Node;
using pickle::NodeId;
using pickle::NodeKind;

bool IsNumpy(const std::string& cls, std::string_view suffix) {
  for (const char* pre : {"numpy.core.", "numpy._core."})
    if (cls == std::string(pre) + std::string(suffix)) return true;
  return false;
}

struct Dtype {
  char kind = 'f';
  uint32_t size = 8;
  bool big = false;
  std::vector<NdArray::Field> fields;
};

class Converter {
 public:
  explicit Converter(const pickle::PickleGraph& g) : g_(g), state_(g.nodes.size(), 0) {}

  Result<PyPtr> Convert(NodeId id, int depth) {
    if (id == kNoNode || id >= g_.nodes.size()) return Status::Input("pickle graph refers to a missing node");
    if (depth > 400) return Status::Input("pickle object graph nested deeper than 400");
    if (state_[id] == 2) return cache_[id];
    if (state_[id] == 1) return Status::Input(fmt::format("cycle in the pickle object graph at offset {}", g_.nodes[id].offset));
    state_[id] = 1;
    auto r = Make(id, depth);
    if (!r.ok()) return r.status();
    state_[id] = 2;
    cache_[id] = *r;
    return r;
  }

 private:
  Status Err(const Node& n, const std::string& what) const {
    return Status::Input(fmt::format("pickle offset {}: {}", n.offset, what));
  }

  Result<PyPtr> Make(NodeId id, int depth) {
    const Node& n = g_.nodes[id];
    auto v = std::make_shared<PyValue>();
    using K = PyValue::Kind;
    switch (n.kind) {
      case NodeKind::kNone: return PyPtr(v);
      case NodeKind::kBool: v->kind = K::kBool; v->b = n.b; return PyPtr(v);
      case NodeKind::kInt: v->kind = K::kInt; v->i = n.i; return PyPtr(v);
      case NodeKind::kFloat: v->kind = K::kFloat; v->f = n.f; return PyPtr(v);
      case NodeKind::kString:
        if (n.truncated) return Err(n, "string too long");
        v->kind = K::kStr;
        v->s = n.text;
        return PyPtr(v);
      case NodeKind::kBytes:
      case NodeKind::kByteArray:
        v->kind = K::kBytes;
        v->s = std::string(g_.Bytes(n));
        return PyPtr(v);
      case NodeKind::kList:
      case NodeKind::kTuple:
      case NodeKind::kSet:
      case NodeKind::kFrozenSet:
      case NodeKind::kDict:
        v->kind = n.kind == NodeKind::kDict ? K::kDict : n.kind == NodeKind::kTuple ? K::kTuple : K::kList;
        for (NodeId c : n.items) {
          MG_ASSIGN_OR_RETURN(PyPtr cv, Convert(c, depth + 1));
          v->items.push_back(std::move(cv));
        }
        return PyPtr(v);
      case NodeKind::kGlobal:
        v->kind = K::kGlobal;
        v->s = n.module + "." + n.name;
        return PyPtr(v);
      case NodeKind::kJoblibArray: return JoblibArray(n, depth);
      case NodeKind::kCall: return Call(id, depth);
      case NodeKind::kBigInt: return Err(n, "integer beyond 64 bits");
      case NodeKind::kPersId: return Err(n, "persistent id (not a scikit-learn pickle)");
      case NodeKind::kBuffer: return Err(n, "out-of-band buffer (not available to a static reader)");
    }
    return Err(n, "unknown node");
  }

  // Bytes of a bytes node, of _codecs.encode(text, "latin1") (protocol 2), or of bytes() --
  // what protocol 2 writes for empty bytes.
  std::optional<std::string> RawBytes(NodeId id) const {
    auto b = g_.BytesValue(id);
    if (b) return b;
    if (id < g_.nodes.size() && g_.nodes[id].kind == NodeKind::kCall && g_.ClassOf(id) == "builtins.bytes") {
      const Node& n = g_.nodes[id];
      if (n.args < g_.nodes.size() && g_.nodes[n.args].kind == NodeKind::kTuple && g_.nodes[n.args].items.empty()) return std::string();
    }
    return std::nullopt;
  }

  const Node* Item(const Node& t, size_t k) const {
    if (k >= t.items.size() || t.items[k] >= g_.nodes.size()) return nullptr;
    return &g_.nodes[t.items[k]];
  }

  Result<Dtype> DecodeDtype(NodeId id, int depth) {
    if (id == kNoNode || id >= g_.nodes.size()) return Status::Input("numpy array without a dtype");
    const Node& n = g_.nodes[id];
    if (depth > 8) return Err(n, "dtype nested too deep");
    if (n.kind != NodeKind::kCall || (!IsNumpy(g_.ClassOf(id), "multiarray.dtype") && g_.ClassOf(id) != "numpy.dtype"))
      return Err(n, "expected a numpy.dtype, found " + g_.ClassOf(id));
    if (n.args >= g_.nodes.size() || g_.nodes[n.args].kind != NodeKind::kTuple) return Err(n, "numpy.dtype without arguments");
    const Node* s = Item(g_.nodes[n.args], 0);
    if (!s || s->kind != NodeKind::kString || s->text.empty()) return Err(n, "numpy.dtype without a type string");
    Dtype d;
    d.kind = s->text[0];
    uint64_t digits = 0;
    size_t i = 1;
    for (; i < s->text.size() && i < 10 && s->text[i] >= '0' && s->text[i] <= '9'; ++i) digits = digits * 10 + (s->text[i] - '0');
    if (i != s->text.size()) return Err(n, "unsupported numpy dtype '" + s->text + "'");
    if (std::string_view("fiubVOUS").find(d.kind) == std::string_view::npos)
      return Err(n, "unsupported numpy dtype '" + s->text + "'");
    if (d.kind == 'U') digits *= 4;
    if (d.kind == 'O') digits = 8;
    int64_t elsize = -1;
    if (!n.build_states.empty() && n.build_states.back() < g_.nodes.size()) {
      const Node& st = g_.nodes[n.build_states.back()];
      if (st.kind == NodeKind::kTuple && st.items.size() >= 8) {
        const Node* endian = Item(st, 1);
        if (endian && endian->kind == NodeKind::kString) d.big = endian->text == ">";
        const Node* e = Item(st, 5);
        if (e && e->kind == NodeKind::kInt) elsize = e->i;
        const Node* names = Item(st, 3);
        const Node* fields = Item(st, 4);
        if (names && names->kind == NodeKind::kTuple && fields && fields->kind == NodeKind::kDict) {
          for (NodeId nm : names->items) {
            if (nm >= g_.nodes.size() || g_.nodes[nm].kind != NodeKind::kString) return Err(n, "structured dtype with a non-string field name");
            const std::string& name = g_.nodes[nm].text;
            NodeId fd = kNoNode;
            for (size_t k = 0; k + 1 < fields->items.size(); k += 2) {
              const Node* key = Item(*fields, k);
              if (key && key->kind == NodeKind::kString && key->text == name) fd = fields->items[k + 1];
            }
            if (fd == kNoNode || fd >= g_.nodes.size() || g_.nodes[fd].kind != NodeKind::kTuple || g_.nodes[fd].items.size() < 2)
              return Err(n, "structured dtype field '" + name + "' has no (dtype, offset)");
            MG_ASSIGN_OR_RETURN(Dtype sub, DecodeDtype(g_.nodes[fd].items[0], depth + 1));
            const Node* off = Item(g_.nodes[fd], 1);
            if (!off || off->kind != NodeKind::kInt || off->i < 0) return Err(n, "structured dtype field '" + name + "' has a bad offset");
            if (std::string_view("fiub").find(sub.kind) == std::string_view::npos || !sub.fields.empty())
              return Err(n, "structured dtype field '" + name + "' is not numeric");
            if (sub.big != d.big) return Err(n, "structured dtype with mixed byte orders");
            d.fields.push_back({name, sub.kind, sub.size, static_cast<uint32_t>(std::min<int64_t>(off->i, UINT32_MAX))});
          }
        }
      }
    }
    uint64_t size = elsize > 0 ? static_cast<uint64_t>(elsize) : digits;
    if (size == 0 || size > (1u << 20)) return Err(n, "numpy dtype '" + s->text + "' has a bad item size");
    d.size = static_cast<uint32_t>(size);
    for (const auto& f : d.fields)
      if (uint64_t{f.offset} + f.size > d.size) return Err(n, "structured dtype field '" + f.name + "' lies outside the item");
    if (d.kind == 'V' && d.fields.empty()) return Err(n, "void dtype without fields");
    return d;
  }

  Result<std::vector<int64_t>> Shape(const Node& where, NodeId id) {
    if (id >= g_.nodes.size() || g_.nodes[id].kind != NodeKind::kTuple) return Err(where, "array shape is not a tuple");
    std::vector<int64_t> shape;
    uint64_t count = 1;
    for (NodeId d : g_.nodes[id].items) {
      if (d >= g_.nodes.size() || g_.nodes[d].kind != NodeKind::kInt || g_.nodes[d].i < 0) return Err(where, "array shape is not non-negative ints");
      uint64_t u = static_cast<uint64_t>(g_.nodes[d].i);
      if (u != 0 && count > (uint64_t{1} << 40) / u) return Err(where, "array shape is too large");
      count *= u;
      shape.push_back(g_.nodes[d].i);
    }
    if (shape.size() > 8) return Err(where, "array has more than 8 dimensions");
    return shape;
  }

  // Builds the array from raw bytes (numeric/structured) after checking the byte count.
  Result<PyPtr> RawArray(const Node& where, const Dtype& d, std::vector<int64_t> shape, std::string_view raw, bool fortran) {
    NdArray a;
    a.kind = d.kind;
    a.itemsize = d.size;
    a.big_endian = d.big;
    a.fields = d.fields;
    a.shape = std::move(shape);
    const uint64_t count = a.count();
    if (count > (uint64_t{1} << 40) / a.itemsize || count * a.itemsize != raw.size())
      return Err(where, fmt::format("array data has {} bytes but shape and dtype need {} x {}", raw.size(), count, a.itemsize));
    if (!fortran || a.shape.size() < 2) {
      a.data.assign(raw.data(), raw.size());
    } else {  // Fortran order -> C order
      a.data.resize(raw.size());
      const size_t nd = a.shape.size();
      std::vector<int64_t> idx(nd, 0);
      std::vector<uint64_t> fstride(nd, 1);
      for (size_t k = 1; k < nd; ++k) fstride[k] = fstride[k - 1] * static_cast<uint64_t>(a.shape[k - 1]);
      for (uint64_t c = 0; c < count; ++c) {
        uint64_t f = 0;
        for (size_t k = 0; k < nd; ++k) f += static_cast<uint64_t>(idx[k]) * fstride[k];
        std::memcpy(a.data.data() + c * a.itemsize, raw.data() + f * a.itemsize, a.itemsize);
        for (size_t k = nd; k-- > 0;) {
          if (++idx[k] < a.shape[k]) break;
          idx[k] = 0;
        }
      }
    }
    return MakeArray(std::move(a));
  }

  Result<PyPtr> ObjectArray(const Node& where, std::vector<int64_t> shape, NodeId list, int depth) {
    NdArray a;
    a.kind = 'O';
    a.itemsize = 8;
    a.shape = std::move(shape);
    if (list >= g_.nodes.size() || g_.nodes[list].kind != NodeKind::kList) return Err(where, "object array data is not a list");
    if (g_.nodes[list].items.size() != a.count())
      return Err(where, fmt::format("object array has {} elements but its shape needs {}", g_.nodes[list].items.size(), a.count()));
    for (NodeId c : g_.nodes[list].items) {
      MG_ASSIGN_OR_RETURN(PyPtr cv, Convert(c, depth + 1));
      a.objects.push_back(std::move(cv));
    }
    return MakeArray(std::move(a));
  }

  Result<PyPtr> JoblibArray(const Node& n, int depth) {
    if (n.nested_root != kNoNode) {
      MG_ASSIGN_OR_RETURN(PyPtr v, Convert(n.nested_root, depth + 1));
      if (v->kind != PyValue::Kind::kArray) return Err(n, "joblib object array does not hold an array");
      return v;
    }
    if (n.wrapper >= g_.nodes.size() || g_.nodes[n.wrapper].build_states.empty()) return Err(n, "joblib array without its wrapper state");
    NodeId dt = g_.DictGet(g_.nodes[n.wrapper].build_states.back(), "dtype");
    MG_ASSIGN_OR_RETURN(Dtype d, DecodeDtype(dt, 0));
    return RawArray(n, d, n.shape, g_.Bytes(n), n.order == 'F');
  }

  Result<PyPtr> Call(NodeId id, int depth) {
    const Node& n = g_.nodes[id];
    const std::string cls = g_.ClassOf(id);
    const Node* args = n.args < g_.nodes.size() ? &g_.nodes[n.args] : nullptr;
    NodeId state = n.build_states.empty() ? kNoNode : n.build_states.back();
    if (IsNumpy(cls, "multiarray._reconstruct")) {
      if (state >= g_.nodes.size() || g_.nodes[state].kind != NodeKind::kTuple || g_.nodes[state].items.size() != 5)
        return Err(n, "numpy array without its (version, shape, dtype, is_fortran, data) state");
      const Node& st = g_.nodes[state];
      MG_ASSIGN_OR_RETURN(auto shape, Shape(n, st.items[1]));
      MG_ASSIGN_OR_RETURN(Dtype d, DecodeDtype(st.items[2], 0));
      const Node* fo = Item(st, 3);
      bool fortran = fo && ((fo->kind == NodeKind::kBool && fo->b) || (fo->kind == NodeKind::kInt && fo->i));
      if (d.kind == 'O') return ObjectArray(n, std::move(shape), st.items[4], depth);
      auto raw = RawBytes(st.items[4]);
      if (!raw) return Err(n, "numpy array data is not bytes");
      return RawArray(n, d, std::move(shape), *raw, fortran);
    }
    if (IsNumpy(cls, "numeric._frombuffer")) {  // protocol 5: (buffer, dtype, shape, order)
      if (!args || args->kind != NodeKind::kTuple || args->items.size() != 4) return Err(n, "numpy _frombuffer with unexpected arguments");
      auto raw = RawBytes(args->items[0]);
      if (!raw) return Err(n, "numpy _frombuffer without an in-band buffer");
      MG_ASSIGN_OR_RETURN(Dtype d, DecodeDtype(args->items[1], 0));
      MG_ASSIGN_OR_RETURN(auto shape, Shape(n, args->items[2]));
      const Node* order = Item(*args, 3);
      bool fortran = order && order->kind == NodeKind::kString && order->text == "F";
      return RawArray(n, d, std::move(shape), *raw, fortran);
    }
    if (IsNumpy(cls, "multiarray.scalar")) {  // numpy scalar: (dtype, bytes)
      if (!args || args->kind != NodeKind::kTuple || args->items.size() != 2) return Err(n, "numpy scalar with unexpected arguments");
      MG_ASSIGN_OR_RETURN(Dtype d, DecodeDtype(args->items[0], 0));
      auto raw = RawBytes(args->items[1]);
      if (!raw) return Err(n, "numpy scalar without bytes");
      MG_ASSIGN_OR_RETURN(PyPtr arr, RawArray(n, d, {}, *raw, false));
      auto v = std::make_shared<PyValue>();
      if (d.kind == 'f') {
        MG_ASSIGN_OR_RETURN(auto x, arr->array->Doubles());
        v->kind = PyValue::Kind::kFloat;
        v->f = x[0];
      } else if (d.kind == 'i' || d.kind == 'u' || d.kind == 'b') {
        MG_ASSIGN_OR_RETURN(auto x, arr->array->Ints());
        v->kind = d.kind == 'b' ? PyValue::Kind::kBool : PyValue::Kind::kInt;
        v->i = x[0];
        v->b = x[0] != 0;
      } else {
        return arr;  // text scalars stay 0-d arrays
      }
      return PyPtr(v);
    }
    if (cls == "builtins.bytearray" || cls == "builtins.bytes") {  // protocol 2: bytearray(b"...")
      std::optional<std::string> raw;
      if (args && args->kind == NodeKind::kTuple && args->items.empty()) raw = std::string();
      else if (args && args->kind == NodeKind::kTuple && args->items.size() == 1) raw = RawBytes(args->items[0]);
      if (raw) {
        auto v = std::make_shared<PyValue>();
        v->kind = PyValue::Kind::kBytes;
        v->s = std::move(*raw);
        return PyPtr(v);
      }
    }
    if (cls == "_codecs.encode") {
      auto raw = g_.BytesValue(id);
      if (!raw) return Err(n, "_codecs.encode with unexpected arguments");
      auto v = std::make_shared<PyValue>();
      v->kind = PyValue::Kind::kBytes;
      v->s = *raw;
      return PyPtr(v);
    }
    auto v = std::make_shared<PyValue>();
    v->kind = PyValue::Kind::kObject;
    v->s = cls.empty() ? "?" : cls;
    size_t first_arg = 0;
    if (cls == "copyreg._reconstructor" && args && args->kind == NodeKind::kTuple && !args->items.empty()) {
      std::string real = g_.ClassOf(args->items[0]);
      if (!real.empty()) v->s = real;
      first_arg = 1;
    }
    if (args && args->kind == NodeKind::kTuple) {
      for (size_t k = first_arg; k < args->items.size(); ++k) {
        MG_ASSIGN_OR_RETURN(PyPtr a, Convert(args->items[k], depth + 1));
        v->args.push_back(std::move(a));
      }
    }
    if (state != kNoNode) {
      MG_ASSIGN_OR_RETURN(v->state, Convert(state, depth + 1));
    }
    return PyPtr(v);
  }

  const pickle::PickleGraph& g_;
  std::vector<uint8_t> state_;
  std::unordered_map<NodeId, PyPtr> cache_;
};

}  // namespace

Result<PyPtr> FromPickleGraph(const pickle::PickleGraph& g, pickle::NodeId root) {
  Converter c(g);
  return c.Convert(root, 0);
}

Result<PyPtr> ReadPickledValue(const std::string& bytes, const std::string& source) {
  std::string inflated;
  std::string_view view = bytes;
  if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != 0x80) {
    std::string kind = pickle::SniffCompression(std::string_view(bytes).substr(0, 16));
    if (!kind.empty()) {
      auto d = pickle::Decompress(bytes, kind, uint64_t{4} << 30);
      if (!d.ok()) return d.status().Annotate(source);
      inflated = std::move(d).value();
      view = inflated;
    }
  }
  pickle::ParseLimits limits;
  // Protocol 2 carries array data as latin-1 text (_codecs.encode): keep whole strings. The
  // text of one string cannot exceed the input, so this does not raise the memory bound.
  limits.max_text_bytes = std::max<uint64_t>(limits.max_text_bytes, 2 * view.size());
  auto g = pickle::ParsePickle(view, limits);
  if (!g.ok()) return g.status().Annotate(source);
  auto v = FromPickleGraph(*g, g->root);
  if (!v.ok()) return v.status().Annotate(source);
  return v;
}

}  // namespace mg::model::sk
