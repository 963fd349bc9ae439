// The static VM on hand-written streams: every opcode family, limits, and failing closed.
#include <gtest/gtest.h>

#include "pickle/pickle.h"
#include "pickle/test_util.h"

namespace mg::pickle {
namespace {
using namespace mg::pickle::testing;

PickleGraph MustParse(const std::string& s) {
  auto r = ParsePickle(s);
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok()) return {};
  return std::move(r).value();
}

std::string ErrorOf(const std::string& s, ParseLimits lim = {}) {
  auto r = ParsePickle(s, lim);
  return r.ok() ? "" : r.status().message();
}

TEST(PickleVm, Protocol2DictOfScalars) {
  std::string s = Proto(2) + kEmptyDict + Put(0) + kMark + Str("a") + Int(-7) + Str("b") +
                  "G" + std::string("\x40\x09\x21\xfb\x54\x44\x2d\x18", 8) + Str("c") +
                  Bytes("xyz") + Str("d") + std::string("\x8a\x02\x00\x80", 4) + "u.";
  PickleGraph g = MustParse(s);
  ASSERT_NE(g.root, kNoNode);
  EXPECT_EQ(g.protocol, 2);
  EXPECT_EQ(g.at(g.DictGet(g.root, "a")).i, -7);
  EXPECT_DOUBLE_EQ(g.at(g.DictGet(g.root, "b")).f, 3.141592653589793);
  EXPECT_EQ(g.Bytes(g.at(g.DictGet(g.root, "c"))), "xyz");
  EXPECT_EQ(g.at(g.DictGet(g.root, "d")).i, -32768);  // LONG1 two's complement
  EXPECT_EQ(g.end_offset, s.size());
}

TEST(PickleVm, Protocol0TextOpcodes) {
  std::string s =
      "(lp0\nI42\naI01\naL123456789012345678901234567890L\naF2.5\naS'a\\x41\\n\\''\np1\n"
      "aVcaf\\u00e9\naNag1\na(I1\nI2\ntp2\na.";
  PickleGraph g = MustParse(s);
  const Node& l = g.at(g.root);
  ASSERT_EQ(l.kind, NodeKind::kList);
  ASSERT_EQ(l.items.size(), 9u);
  EXPECT_EQ(g.at(l.items[8]).kind, NodeKind::kTuple);
  EXPECT_EQ(g.at(l.items[0]).i, 42);
  EXPECT_EQ(g.at(l.items[1]).kind, NodeKind::kBool);
  EXPECT_EQ(g.at(l.items[2]).kind, NodeKind::kBigInt);
  EXPECT_DOUBLE_EQ(g.at(l.items[3]).f, 2.5);
  EXPECT_EQ(g.at(l.items[4]).text, "aA\n'");
  EXPECT_EQ(g.at(l.items[5]).text, "caf\xc3\xa9");
  EXPECT_EQ(g.at(l.items[6]).kind, NodeKind::kNone);
  EXPECT_EQ(l.items[7] == l.items[4], true);  // GET 1 returns the memoised string
}

TEST(PickleVm, MarksStackAndMemo) {
  // POP with nothing above the mark pops the mark (CPython does the same).
  PickleGraph g = MustParse(Proto(4) + "(0" + Str("x") + kMemoize + "2" + kTuple2 + kStop);
  const Node& t = g.at(g.root);
  ASSERT_EQ(t.items.size(), 2u);
  EXPECT_EQ(t.items[0], t.items[1]);  // DUP shares the node
  EXPECT_NE(ErrorOf(Proto(2) + "(1" + "1."), "");             // POP_MARK without MARK
  EXPECT_NE(ErrorOf(Proto(2) + "]" + "(" + "a."), "");        // APPEND below the mark fence
  EXPECT_NE(ErrorOf(Proto(2) + Get(3) + "."), "");            // memo slot never set
  // MEMOIZE numbers entries by count, even after an explicit BINPUT 7.
  PickleGraph m = MustParse(Proto(4) + Str("a") + Put(7) + Str("b") + kMemoize + "0" +
                            Get(1) + kStop);
  EXPECT_EQ(m.at(m.root).text, "b");
}

TEST(PickleVm, FailsClosedOnMalformedInput) {
  EXPECT_NE(ErrorOf(""), "");
  EXPECT_NE(ErrorOf(Proto(2) + Str("abc")), "");                       // no STOP
  EXPECT_NE(ErrorOf(Proto(2) + "X\x10\x00\x00\x00" "abc."), "");      // short payload
  EXPECT_NE(ErrorOf(Proto(2) + std::string("\xff.", 2)), "");          // unknown opcode
  EXPECT_NE(ErrorOf(Proto(9) + "N."), "");                             // unknown protocol
  EXPECT_NE(ErrorOf(Proto(4) + Str("a") + Int(1) + kStackGlobal + "."), "");  // non-str operand
  EXPECT_NE(ErrorOf("I12x\n."), "");                                   // bad INT
  EXPECT_NE(ErrorOf("S'abc\n."), "");                                  // bad STRING quote
  // Huge declared lengths are rejected before anything is allocated.
  std::string huge8 = Proto(4) + "\x8d" + std::string("\x00\x00\x00\x00\x00\x00\x00\x40", 8) + ".";
  EXPECT_NE(ErrorOf(huge8).find("truncated"), std::string::npos);
  std::string frame = Proto(4) + "\x95" + std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) + "N.";
  EXPECT_NE(ErrorOf(frame), "");
  EXPECT_NE(ErrorOf(Proto(2) + "T\xff\xff\xff\xff."), "");  // negative BINSTRING length
}

TEST(PickleVm, LimitsAreEnforced) {
  std::string many = Proto(2) + "(";
  for (int i = 0; i < 100; ++i) many += "N";
  many += "l.";
  ParseLimits lim;
  lim.max_stack = 50;
  EXPECT_NE(ErrorOf(many, lim).find("stack cap"), std::string::npos);
  lim = {};
  lim.max_nodes = 10;
  EXPECT_NE(ErrorOf(many, lim).find("node cap"), std::string::npos);
  lim = {};
  lim.max_refs = 20;
  EXPECT_NE(ErrorOf(many, lim).find("reference cap"), std::string::npos);
  lim = {};
  lim.max_marks = 3;
  EXPECT_NE(ErrorOf(Proto(2) + "((((N." , lim).find("mark cap"), std::string::npos);
  lim = {};
  lim.max_memo = 2;
  EXPECT_NE(ErrorOf(Proto(2) + "N" + Put(0) + Put(1) + Put(2) + ".", lim).find("memo cap"),
            std::string::npos);
}

TEST(PickleVm, GlobalsCallsAndBuild) {
  std::string s = Proto(2) + Global("copy_reg", "_reconstructor") + Global("__builtin__", "object") +
                  kTuple1 + kReduce + kEmptyDict + Str("k") + Int(1) + kSetItem + kBuild + kStop;
  PickleGraph g = MustParse(s);
  const Node& call = g.at(g.root);
  ASSERT_EQ(call.kind, NodeKind::kCall);
  EXPECT_EQ(g.ClassOf(g.root), "copyreg._reconstructor");  // Python 2 names remapped
  EXPECT_EQ(g.at(call.callable).raw_module, "copy_reg");
  ASSERT_EQ(call.build_states.size(), 1u);
  EXPECT_EQ(g.at(g.DictGet(call.build_states[0], "k")).i, 1);
  // protocol 2 numpy idiom: _codecs.encode('\xe9', 'latin1') gives the raw byte 0xe9.
  std::string enc = Proto(2) + Global("_codecs", "encode") + Str("\xc3\xa9") + Str("latin1") +
                    kTuple2 + kReduce + kStop;
  PickleGraph e = MustParse(enc);
  EXPECT_EQ(e.BytesValue(e.root).value_or(""), "\xe9");
}

TEST(PickleVm, StackedPicklesAreParsedOneAtATime) {
  std::string s = Proto(2) + "N." + Proto(2) + Int(5) + ".";
  auto first = ParsePickleDetailed(s, {});
  ASSERT_TRUE(first.status.ok());
  EXPECT_EQ(first.graph.end_offset, 4u);
  ParseOptions o;
  o.offset = first.graph.end_offset;
  auto second = ParsePickleDetailed(s, {}, o);
  ASSERT_TRUE(second.status.ok());
  EXPECT_EQ(second.graph.at(second.graph.root).i, 5);
}

}  // namespace
}  // namespace mg::pickle
