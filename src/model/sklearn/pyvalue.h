// PyValue: a small, acyclic, neutral picture of the Python objects a scikit-learn pickle would
// build -- what the native estimators read instead of live Python objects.
//
// Contract:
//  - A PyValue is immutable once built and shared by pointer (memo sharing in the pickle maps
//    to shared pointers; a cycle is refused when the value is built, see from_pickle.h).
//  - kObject: an instance of class `cls` ("module.qualname"), made with `args` and given
//    `state` (the BUILD state, usually a dict). kGlobal: a bare class/function reference.
//  - kArray: a numpy ndarray, always C-ordered, with data.size() == count * itemsize checked
//    at construction (NdArray::Make). Structured dtypes list their fields with offsets that
//    are checked to lie inside the item. Object arrays hold their elements in `objects`.
//  - Accessors return errors (Status::Input) naming the attribute and what was expected; they
//    never read outside the buffers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mg::model::sk {

struct PyValue;
using PyPtr = std::shared_ptr<const PyValue>;

struct NdArray {
  struct Field {
    std::string name;
    char kind = 'f';  // 'f' float, 'i' signed, 'u' unsigned, 'b' bool
    uint32_t size = 8;
    uint32_t offset = 0;
  };
  char kind = 'f';         // 'f','i','u','b','U' (UTF-32 text),'S' (bytes),'V' (structured),'O'
  uint32_t itemsize = 8;
  bool big_endian = false;
  std::vector<int64_t> shape;
  std::string data;            // C order, count() * itemsize bytes (not for 'O')
  std::vector<Field> fields;   // 'V'
  std::vector<PyPtr> objects;  // 'O', count() elements

  uint64_t count() const;
  // Numeric elements as doubles / int64 (kinds f, i, u, b); an error for other kinds.
  Result<std::vector<double>> Doubles() const;
  Result<std::vector<int64_t>> Ints() const;
  // One field of a structured array, per element.
  Result<std::vector<double>> FieldDoubles(std::string_view name) const;
  Result<std::vector<int64_t>> FieldInts(std::string_view name) const;
  bool HasField(std::string_view name) const;
  // Elements as display strings (numbers, 'U'/'S' text, objects that are str/int/float).
  Result<std::vector<std::string>> Strings() const;
  std::string DtypeName() const;  // e.g. "float64", "V64", "object"
};

struct PyValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kStr, kBytes, kList, kTuple, kDict, kArray, kObject, kGlobal };
  Kind kind = Kind::kNone;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;                   // kStr, kBytes, kGlobal ("module.name"), kObject (class)
  std::vector<PyPtr> items;        // kList, kTuple; kDict: key0, value0, key1, value1 ...
  std::shared_ptr<const NdArray> array;  // kArray
  std::vector<PyPtr> args;         // kObject
  PyPtr state;                     // kObject (may be null)

  const char* KindName() const;
  bool IsNone() const { return kind == Kind::kNone; }
  bool IsSeq() const { return kind == Kind::kList || kind == Kind::kTuple; }
  bool IsNumber() const { return kind == Kind::kInt || kind == Kind::kFloat || kind == Kind::kBool; }
  double Number() const { return kind == Kind::kFloat ? f : kind == Kind::kBool ? (b ? 1 : 0) : static_cast<double>(i); }
  // Dict item by string key; for a kObject, the item of its state dict. Null when absent.
  PyPtr Get(std::string_view key) const;
};

// Short builders used by the converter and by tests.
PyPtr MakeNone();
PyPtr MakeInt(int64_t v);
PyPtr MakeFloat(double v);
PyPtr MakeStr(std::string v);
PyPtr MakeArray(NdArray a);

// Typed attribute access on an estimator object (its state dict). `owner` names the estimator
// in error messages, e.g. "LogisticRegression".
class Attrs {
 public:
  Attrs(const PyValue& obj, std::string owner) : obj_(obj), owner_(std::move(owner)) {}
  const std::string& owner() const { return owner_; }
  bool Has(std::string_view key) const;
  Result<PyPtr> Value(std::string_view key) const;
  Result<double> Number(std::string_view key) const;
  Result<int64_t> Int(std::string_view key) const;
  Result<std::string> Str(std::string_view key) const;  // empty string when absent/None allowed via StrOr
  std::string StrOr(std::string_view key, const std::string& fallback) const;
  bool BoolOr(std::string_view key, bool fallback) const;
  Result<std::shared_ptr<const NdArray>> Array(std::string_view key) const;
  // A float array; a scalar number is accepted as a 1-element array.
  Result<std::vector<double>> Doubles(std::string_view key, std::vector<int64_t>* shape = nullptr) const;
  Status Error(std::string_view key, const std::string& what) const;

 private:
  const PyValue& obj_;
  std::string owner_;
};

}  // namespace mg::model::sk
