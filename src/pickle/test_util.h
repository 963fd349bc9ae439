// Test helpers for the pickle module: the real-artifact fixtures (generated once per script
// version by testdata/make_fixtures.py with Debian's /usr/bin/python3) and a tiny assembler
// for hand-written (malicious) pickle byte strings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pickle/finding.h"

namespace mg::pickle::testing {

// Directory holding the generated fixtures + manifest.json (shared between test processes).
const std::string& FixtureDir();
std::string Fixture(const std::string& name);

// Assembler: each returns the bytes of one opcode with its argument.
std::string Proto(int v);
std::string Global(const std::string& module, const std::string& name);  // GLOBAL 'c'
std::string Str(const std::string& s);       // SHORT_BINUNICODE / BINUNICODE
std::string Bytes(const std::string& b);     // SHORT_BINBYTES / BINBYTES
std::string Int(int32_t v);                  // BININT
std::string Put(uint8_t i);                  // BINPUT
std::string Get(uint8_t i);                  // BINGET
inline constexpr char kMark = '(', kStop = '.', kReduce = 'R', kTuple = 't', kTuple1 = '\x85',
                      kTuple2 = '\x86', kEmptyTuple = ')', kEmptyDict = '}', kBuild = 'b',
                      kStackGlobal = '\x93', kMemoize = '\x94', kNewObj = '\x81',
                      kNewObjEx = '\x92', kSetItem = 's', kNone = 'N';

// Highest severity of safety findings, and whether any finding mentions text.
Severity MaxSafety(const std::vector<Finding>& f);
bool Mentions(const std::vector<Finding>& f, const std::string& text);
std::string Dump(const std::vector<Finding>& f);

}  // namespace mg::pickle::testing
