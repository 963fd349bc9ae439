// PickleGraph: a description of the object graph a pickle stream would build, made without
// importing or calling anything. Consumers (safety analysis, native model reconstruction) walk
// it instead of live Python objects.
//
// Contract:
//  - Nodes live in PickleGraph::nodes and are addressed by NodeId (an index). Containers refer
//    to their elements by id; the same id may appear in several places (memo sharing) and the
//    graph may contain cycles (a list appended to itself): walkers must keep a visited set.
//  - Byte payloads (bytes, bytearray, joblib raw arrays, long ints) are spans into the input
//    buffer passed to the parser; that buffer must outlive the graph. Use PickleGraph::Bytes().
//    Python 2 strings (STRING/BINSTRING/SHORT_BINSTRING) are kString; Bytes() gives their raw
//    bytes too (what pickle.load(encoding="bytes"/"latin1") would see).
//  - Text payloads (unicode strings) are decoded into Node::text, at most
//    ParseLimits::max_text_bytes bytes each (Node::truncated is set when cut).
//  - Globals carry the module and qualified name after Python 2 remapping (_compat_pickle), and
//    the original names and the opcode that referenced them.
//  - A "call" node is what REDUCE / NEWOBJ / NEWOBJ_EX / INST / OBJ produce: a callable node
//    (usually a global) applied to an args node (a tuple) and optionally kwargs. BUILD does not
//    make a new node: it appends the state node to the target's Node::build_states.
//  - A joblib inline array (NumpyArrayWrapper + raw bytes after its BUILD) becomes a kJoblibArray
//    node: dtype/shape/order come from the wrapper's state, data is the raw byte span; object
//    arrays instead hold the id of the nested pickle's root in Node::nested_root.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mg::pickle {

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = UINT32_MAX;

enum class NodeKind {
  kNone,
  kBool,
  kInt,        // fits in int64: Node::i
  kBigInt,     // LONG1/LONG4/LONG beyond int64: little-endian two's complement bytes in span
  kFloat,      // Node::f
  kString,     // unicode text: Node::text
  kBytes,      // bytes: span
  kByteArray,  // bytearray (BYTEARRAY8): span
  kList,
  kTuple,
  kDict,       // items are key, value, key, value...
  kSet,
  kFrozenSet,
  kGlobal,     // module + name
  kCall,       // callable(args, kwargs)
  kPersId,     // persistent id (PERSID/BINPERSID): items[0] is the pid object (or text)
  kBuffer,     // out-of-band buffer (NEXT_BUFFER): not available to a static reader
  kJoblibArray,
};

// How a global was referenced.
enum class GlobalOp { kGlobal, kStackGlobal, kInst, kObj, kExt };
// What produced a call node.
enum class CallOp { kReduce, kNewObj, kNewObjEx, kInst, kObj };

struct ByteSpan {
  uint64_t offset = 0;  // into the parsed input
  uint64_t size = 0;
};

struct Node {
  NodeKind kind = NodeKind::kNone;
  uint64_t offset = 0;  // offset of the opcode that made this node
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string text;   // kString: decoded text; kPersId (protocol 0): the pid line
  bool truncated = false;
  ByteSpan span;      // kBytes / kByteArray / kBigInt / kJoblibArray data
  std::vector<NodeId> items;  // containers; kDict: k0, v0, k1, v1 ...
  // kGlobal
  std::string module, name;             // after remapping
  std::string raw_module, raw_name;     // as written in the stream
  GlobalOp global_op = GlobalOp::kGlobal;
  int32_t ext_code = 0;                 // kExt: the extension code
  // kCall
  CallOp call_op = CallOp::kReduce;
  NodeId callable = kNoNode;
  NodeId args = kNoNode;
  NodeId kwargs = kNoNode;
  std::vector<NodeId> build_states;  // every BUILD applied to this node, in order
  // kJoblibArray
  NodeId wrapper = kNoNode;      // the NumpyArrayWrapper call node (its state describes dtype)
  std::string dtype;             // numpy dtype string, e.g. "<f8", "V64", "O"
  std::vector<int64_t> shape;
  char order = 'C';
  uint32_t itemsize = 0;
  NodeId nested_root = kNoNode;  // object arrays: root of the nested pickle
};

struct PickleGraph {
  std::string_view input;  // the parsed buffer (not owned)
  std::vector<Node> nodes;
  NodeId root = kNoNode;     // the object STOP returned
  int protocol = 0;          // highest PROTO seen (0 when none)
  uint64_t end_offset = 0;   // offset just after STOP
  uint64_t opcodes = 0;      // opcodes executed
  std::vector<std::string> notes;  // structural oddities that are not errors (dup PROTO...)

  const Node& at(NodeId id) const { return nodes.at(id); }
  // The payload of a kBytes / kByteArray / kBigInt / kJoblibArray node, the raw bytes of a
  // kString ("" otherwise). Valid while `input` is.
  std::string_view Bytes(const Node& n) const;
  // Dict lookup by string key (first match), kNoNode when absent or not a dict.
  NodeId DictGet(NodeId dict, std::string_view key) const;
  // "module.name" of a global node, or of the callable of a call node; "" otherwise.
  std::string ClassOf(NodeId id) const;
  // Bytes carried by a bytes node or by the protocol 2 idiom _codecs.encode(text, "latin1")
  // (numpy's array pickling under protocol <3). nullopt when id is neither.
  std::optional<std::string> BytesValue(NodeId id) const;
};

const char* KindName(NodeKind k);

}  // namespace mg::pickle
