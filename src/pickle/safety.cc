#include "pickle/safety.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>

#include "pickle/allowlist.h"
#include "pickle/compress.h"

namespace mg::pickle {
namespace {

const char* OpName(GlobalOp op) {
  switch (op) {
    case GlobalOp::kGlobal: return "GLOBAL";
    case GlobalOp::kStackGlobal: return "STACK_GLOBAL";
    case GlobalOp::kInst: return "INST";
    case GlobalOp::kObj: return "OBJ";
    case GlobalOp::kExt: return "EXT";
  }
  return "?";
}

const char* CallName(CallOp op) {
  switch (op) {
    case CallOp::kReduce: return "REDUCE";
    case CallOp::kNewObj: return "NEWOBJ";
    case CallOp::kNewObjEx: return "NEWOBJ_EX";
    case CallOp::kInst: return "INST";
    case CallOp::kObj: return "OBJ";
  }
  return "?";
}

// A short, printable rendering of a node for finding details.
std::string Show(const PickleGraph& g, NodeId id, int depth = 0) {
  if (id >= g.nodes.size()) return "?";
  const Node& n = g.nodes[id];
  auto clip = [](std::string s) {
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    for (char& c : s) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    }
    return s;
  };
  switch (n.kind) {
    case NodeKind::kString: return "'" + clip(n.text) + "'";
    case NodeKind::kInt: return std::to_string(n.i);
    case NodeKind::kBytes:
    case NodeKind::kByteArray: return fmt::format("<{} bytes>", g.Bytes(n).size());
    case NodeKind::kGlobal: return n.module + "." + n.name;
    case NodeKind::kTuple: {
      if (depth > 1) return "(...)";
      std::string s = "(";
      for (size_t i = 0; i < n.items.size() && i < 4; ++i) {
        if (i) s += ", ";
        s += Show(g, n.items[i], depth + 1);
      }
      if (n.items.size() > 4) s += ", ...";
      return s + (n.items.size() == 1 ? ",)" : ")");
    }
    case NodeKind::kCall: return Show(g, n.callable, depth + 1) + "(...)";
    default: return KindName(n.kind);
  }
}

void Add(PickleReport& r, Severity s, FindingKind k, std::string detail) {
  r.findings.push_back(Finding{s, k, "", std::move(detail)});
}

bool IsDunder(const std::string& s) {
  return s.size() > 4 && s.starts_with("__") && s.ends_with("__");
}

// Dunder keys in a BUILD state (dict, or (dict, slotstate) tuple).
std::vector<std::string> DunderKeys(const PickleGraph& g, NodeId state) {
  std::vector<std::string> out;
  std::vector<NodeId> dicts;
  const Node& s = g.nodes[state];
  if (s.kind == NodeKind::kDict) dicts.push_back(state);
  if (s.kind == NodeKind::kTuple && s.items.size() == 2) dicts = s.items;
  for (NodeId d : dicts) {
    const Node& dn = g.nodes[d];
    if (dn.kind != NodeKind::kDict) continue;
    for (size_t i = 0; i + 1 < dn.items.size(); i += 2) {
      const Node& k = g.nodes[dn.items[i]];
      if (k.kind == NodeKind::kString && IsDunder(k.text)) out.push_back(k.text);
    }
  }
  return out;
}

void AnalyseStream(std::string_view bytes, const AnalyseOptions& o, uint32_t nesting,
                   const std::string& where, PickleReport& r);

void AnalyseNested(const PickleGraph& g, const Node& call, const AnalyseOptions& o,
                   uint32_t nesting, const std::string& where, PickleReport& r) {
  if (call.args >= g.nodes.size()) return;
  const Node& a = g.nodes[call.args];
  if (a.kind != NodeKind::kTuple || a.items.empty()) return;
  auto bytes = g.BytesValue(a.items[0]);
  if (!bytes) return;
  std::string ctx = fmt::format("{}nested pickle at offset {}: ", where, call.offset);
  if (nesting + 1 > o.max_nested) {
    Add(r, Severity::kHigh, FindingKind::kSafety, ctx + "nested too deep to analyse");
    return;
  }
  AnalyseStream(*bytes, o, nesting + 1, ctx, r);
}

void AnalyseStream(std::string_view bytes, const AnalyseOptions& o, uint32_t nesting,
                   const std::string& where, PickleReport& r) {
  uint64_t offset = 0;
  for (uint32_t i = 0; i <= o.max_stacked; ++i) {
    ParseOptions po;
    po.offset = offset;
    ParseOutcome out = ParsePickleDetailed(bytes, o.limits, po);
    std::string ctx = i == 0 ? where : fmt::format("{}stacked pickle #{} at offset {}: ", where, i + 1, offset);
    if (nesting == 0) ++r.pickles;
    AnalyseGraph(out.graph, o, nesting, ctx, r);
    if (!out.status.ok()) {
      if (i > 0 && out.graph.opcodes <= 1) {
        // The data after STOP is not a pickle at all: report it as trailing data.
        Add(r, Severity::kLow, FindingKind::kStructure,
            fmt::format("{}{} bytes of non-pickle data after STOP at offset {}", where,
                        bytes.size() - offset, offset));
        return;
      }
      Add(r, Severity::kHigh, FindingKind::kSafety,
          fmt::format("{}pickle does not parse ({}); fails closed", ctx, out.status.message()));
      if (nesting == 0) r.complete = false;
      return;
    }
    offset = out.graph.end_offset;
    if (offset >= bytes.size()) return;
    if (i == 0) {
      Add(r, Severity::kInfo, FindingKind::kStructure,
          fmt::format("{}{} bytes follow the first pickle's STOP at offset {}", where,
                      bytes.size() - offset, offset));
    }
  }
  Add(r, Severity::kMedium, FindingKind::kSafety,
      fmt::format("{}more than {} stacked pickles; the rest was not analysed", where, o.max_stacked));
  if (nesting == 0) r.complete = false;
}

}  // namespace

void AnalyseGraph(const PickleGraph& g, const AnalyseOptions& o, uint32_t nesting,
                  const std::string& where, PickleReport& r) {
  // Calls per callable, to describe how each global is used.
  std::map<NodeId, std::vector<NodeId>> calls_of;
  for (NodeId id = 0; id < g.nodes.size(); ++id) {
    const Node& n = g.nodes[id];
    if (n.kind == NodeKind::kCall) calls_of[n.callable].push_back(id);
  }
  std::set<std::string> allowed_seen;
  for (NodeId id = 0; id < g.nodes.size(); ++id) {
    const Node& n = g.nodes[id];
    for (NodeId st : n.build_states) {
      if (n.kind == NodeKind::kGlobal) {
        Add(r, Severity::kCritical, FindingKind::kSafety,
            fmt::format("{}BUILD sets state on the global {}.{} itself (mutates a class or "
                        "function for the whole process)", where, n.module, n.name));
      }
      auto keys = DunderKeys(g, st);
      if (!keys.empty()) {
        Add(r, Severity::kHigh, FindingKind::kSafety,
            fmt::format("{}BUILD on {} sets {} (a __setstate__-style gadget)", where,
                        n.kind == NodeKind::kCall ? g.ClassOf(id) : KindName(n.kind), keys[0]));
      }
      if (n.kind != NodeKind::kCall && n.kind != NodeKind::kGlobal) {
        Add(r, Severity::kMedium, FindingKind::kStructure,
            fmt::format("{}BUILD on a {} at offset {}", where, KindName(n.kind), n.offset));
      }
    }
    if (n.kind == NodeKind::kGlobal) {
      r.globals.push_back(GlobalRef{n.module, n.name, n.global_op, n.offset, false});
      std::string use;
      for (NodeId c : calls_of[id]) {
        const Node& cn = g.nodes[c];
        use = fmt::format(", called via {} at offset {} with {}", CallName(cn.call_op), cn.offset,
                          Show(g, cn.args));
        if (detail::IsPickleLoader(n.module, n.name)) AnalyseNested(g, cn, o, nesting, where, r);
      }
      if (n.global_op == GlobalOp::kExt) {
        Add(r, Severity::kHigh, FindingKind::kSafety,
            fmt::format("{}EXT code {} at offset {}: not registered in a stock interpreter; "
                        "resolves to whatever the loading process registered{}",
                        where, n.ext_code, n.offset, use));
        continue;
      }
      auto v = detail::JudgeGlobal(n.module, n.name);
      if (n.raw_module != n.module || n.raw_name != n.name) {
        auto raw = detail::JudgeGlobal(n.raw_module, n.raw_name);
        // The name as written matters only if it is dangerous in Python 3 as is.
        if (!raw.allowed && raw.severity == Severity::kCritical && raw.severity > v.severity) v = raw;
      }
      if (v.allowed) {
        r.globals.back().allowed = true;
        allowed_seen.insert(n.module + "." + n.name);
        continue;
      }
      std::string remap = (n.raw_module != n.module || n.raw_name != n.name)
                              ? fmt::format(" (written as {}.{})", n.raw_module, n.raw_name)
                              : "";
      Add(r, v.severity, FindingKind::kSafety,
          fmt::format("{}{}.{}{} ({} at offset {}): {}{}", where, n.module, n.name, remap,
                      OpName(n.global_op), n.offset, v.reason, use));
    } else if (n.kind == NodeKind::kCall) {
      if (n.callable < g.nodes.size() && g.nodes[n.callable].kind != NodeKind::kGlobal) {
        Add(r, Severity::kHigh, FindingKind::kSafety,
            fmt::format("{}{} at offset {} calls a computed {} (not a global)", where,
                        CallName(n.call_op), n.offset, KindName(g.nodes[n.callable].kind)));
      }
    } else if (n.kind == NodeKind::kPersId) {
      bool torch_storage = false;
      if (!n.items.empty()) {
        const Node& pid = g.nodes[n.items[0]];
        torch_storage = pid.kind == NodeKind::kTuple && !pid.items.empty() &&
                        g.nodes[pid.items[0]].kind == NodeKind::kString &&
                        g.nodes[pid.items[0]].text == "storage";
      }
      Add(r, torch_storage ? Severity::kInfo : Severity::kMedium, FindingKind::kSafety,
          fmt::format("{}persistent id at offset {}{}", where, n.offset,
                      torch_storage ? " (torch storage reference)"
                                    : ": resolved by the loader's persistent_load, unknown here"));
    } else if (n.kind == NodeKind::kBuffer) {
      Add(r, Severity::kLow, FindingKind::kStructure,
          fmt::format("{}out-of-band buffer (NEXT_BUFFER) at offset {}", where, n.offset));
    }
  }
  for (const auto& note : g.notes) {
    Add(r, Severity::kLow, FindingKind::kStructure, where + note);
  }
  if (!allowed_seen.empty() && nesting == 0 && where.empty()) {
    std::string list;
    for (const auto& s : allowed_seen) list += (list.empty() ? "" : ", ") + s;
    Add(r, Severity::kInfo, FindingKind::kSafety, "allowlisted globals: " + list);
  }
}

PickleReport AnalysePickleReport(std::string_view bytes, const AnalyseOptions& o) {
  PickleReport r;
  r.complete = true;
  std::string kind = SniffCompression(bytes.substr(0, 8));
  if (!kind.empty()) {
    auto plain = Decompress(bytes, kind, o.max_decompressed);
    if (!plain.ok()) {
      r.complete = false;
      Add(r, Severity::kHigh, FindingKind::kSafety,
          fmt::format("{}-compressed data cannot be read ({}); fails closed", kind,
                      plain.status().message()));
      return r;
    }
    r.compression = kind;
    std::string data = std::move(plain).value();
    AnalyseStream(data, o, 0, "", r);
    return r;
  }
  AnalyseStream(bytes, o, 0, "", r);
  return r;
}

std::vector<Finding> AnalysePickle(std::string_view bytes, const AnalyseOptions& o) {
  return AnalysePickleReport(bytes, o).findings;
}

}  // namespace mg::pickle
