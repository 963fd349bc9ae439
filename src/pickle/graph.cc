#include "pickle/graph.h"

#include "pickle/pickle.h"
#include "pickle/text.h"
#include "pickle/vm.h"

namespace mg::pickle {

std::string_view PickleGraph::Bytes(const Node& n) const {
  if (n.kind == NodeKind::kString && n.span.size == 0) return n.text;
  switch (n.kind) {
    case NodeKind::kBytes:
    case NodeKind::kByteArray:
    case NodeKind::kBigInt:
    case NodeKind::kJoblibArray:
    case NodeKind::kString:
      if (n.span.offset <= input.size() && n.span.size <= input.size() - n.span.offset) {
        return input.substr(n.span.offset, n.span.size);
      }
      return {};
    default: return {};
  }
}

NodeId PickleGraph::DictGet(NodeId dict, std::string_view key) const {
  if (dict >= nodes.size() || nodes[dict].kind != NodeKind::kDict) return kNoNode;
  const auto& it = nodes[dict].items;
  for (size_t i = 0; i + 1 < it.size(); i += 2) {
    const Node& k = nodes[it[i]];
    if (k.kind == NodeKind::kString && k.text == key) return it[i + 1];
  }
  return kNoNode;
}

std::string PickleGraph::ClassOf(NodeId id) const {
  if (id >= nodes.size()) return "";
  const Node* n = &nodes[id];
  if (n->kind == NodeKind::kCall) {
    if (n->callable >= nodes.size()) return "";
    n = &nodes[n->callable];
  }
  if (n->kind != NodeKind::kGlobal) return "";
  return n->module + "." + n->name;
}

std::optional<std::string> PickleGraph::BytesValue(NodeId id) const {
  if (id >= nodes.size()) return std::nullopt;
  const Node& n = nodes[id];
  if (n.kind == NodeKind::kBytes || n.kind == NodeKind::kByteArray) return std::string(Bytes(n));
  if (n.kind == NodeKind::kCall && ClassOf(id) == "_codecs.encode" && n.args < nodes.size()) {
    const Node& a = nodes[n.args];
    if (a.kind != NodeKind::kTuple || a.items.size() != 2) return std::nullopt;
    const Node& t = nodes[a.items[0]];
    const Node& enc = nodes[a.items[1]];
    if (t.kind != NodeKind::kString || t.truncated || enc.kind != NodeKind::kString) return std::nullopt;
    if (enc.text != "latin1" && enc.text != "latin-1") return std::nullopt;
    return detail::Utf8ToLatin1(t.text);
  }
  return std::nullopt;
}

const char* KindName(NodeKind k) {
  switch (k) {
    case NodeKind::kNone: return "None";
    case NodeKind::kBool: return "bool";
    case NodeKind::kInt: return "int";
    case NodeKind::kBigInt: return "bigint";
    case NodeKind::kFloat: return "float";
    case NodeKind::kString: return "str";
    case NodeKind::kBytes: return "bytes";
    case NodeKind::kByteArray: return "bytearray";
    case NodeKind::kList: return "list";
    case NodeKind::kTuple: return "tuple";
    case NodeKind::kDict: return "dict";
    case NodeKind::kSet: return "set";
    case NodeKind::kFrozenSet: return "frozenset";
    case NodeKind::kGlobal: return "global";
    case NodeKind::kCall: return "call";
    case NodeKind::kPersId: return "persistent-id";
    case NodeKind::kBuffer: return "buffer";
    case NodeKind::kJoblibArray: return "joblib-array";
  }
  return "?";
}

ParseOutcome ParsePickleDetailed(std::string_view bytes, const ParseLimits& limits,
                                 const ParseOptions& options) {
  ParseOutcome out;
  out.graph.input = bytes;
  detail::Vm vm(out.graph, limits, options, 0);
  NodeId root = kNoNode;
  uint64_t end = 0;
  out.status = vm.Run(&root, &end);
  if (out.status.ok()) {
    out.graph.root = root;
    out.graph.end_offset = end;
  }
  return out;
}

Result<PickleGraph> ParsePickle(std::string_view bytes, const ParseLimits& limits) {
  ParseOutcome o = ParsePickleDetailed(bytes, limits);
  if (!o.status.ok()) return o.status;
  return std::move(o.graph);
}

}  // namespace mg::pickle
