#include "model/sklearn/pyvalue.h"

#include <fmt/core.h>

#include <cstring>

namespace mg::model::sk {
namespace {

template <typename T>
T LoadRaw(const char* p, bool swap) {
  unsigned char b[sizeof(T)];
  std::memcpy(b, p, sizeof(T));
  if (swap)
    for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(b[i], b[sizeof(T) - 1 - i]);
  T v;
  std::memcpy(&v, b, sizeof(T));
  return v;
}

// One numeric element at p, kind/size as numpy; false when the kind/size is not numeric.
bool LoadNumber(const char* p, char kind, uint32_t size, bool swap, double* d, int64_t* i) {
  switch (kind) {
    case 'f':
      if (size == 8) *d = LoadRaw<double>(p, swap);
      else if (size == 4) *d = LoadRaw<float>(p, swap);
      else return false;
      *i = 0;  // never cast a float to an integer here: NaN / huge values would be UB
      return true;
    case 'b':
      if (size != 1) return false;
      *i = p[0] != 0;
      *d = static_cast<double>(*i);
      return true;
    case 'i':
      if (size == 1) *i = static_cast<int8_t>(p[0]);
      else if (size == 2) *i = LoadRaw<int16_t>(p, swap);
      else if (size == 4) *i = LoadRaw<int32_t>(p, swap);
      else if (size == 8) *i = LoadRaw<int64_t>(p, swap);
      else return false;
      *d = static_cast<double>(*i);
      return true;
    case 'u': {
      uint64_t u;
      if (size == 1) u = static_cast<uint8_t>(p[0]);
      else if (size == 2) u = LoadRaw<uint16_t>(p, swap);
      else if (size == 4) u = LoadRaw<uint32_t>(p, swap);
      else if (size == 8) u = LoadRaw<uint64_t>(p, swap);
      else return false;
      *i = static_cast<int64_t>(u);
      *d = static_cast<double>(u);
      return true;
    }
    default: return false;
  }
}

std::string PyRepr(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eninf") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

uint64_t NdArray::count() const {
  uint64_t c = 1;
  for (int64_t d : shape) c *= static_cast<uint64_t>(d);
  return c;
}

std::string NdArray::DtypeName() const {
  switch (kind) {
    case 'f': return fmt::format("float{}", itemsize * 8);
    case 'i': return fmt::format("int{}", itemsize * 8);
    case 'u': return fmt::format("uint{}", itemsize * 8);
    case 'b': return "bool";
    case 'O': return "object";
    default: return fmt::format("{}{}", kind, itemsize);
  }
}

Result<std::vector<double>> NdArray::Doubles() const {
  const uint64_t n = count();
  std::vector<double> out(n);
  int64_t iv;
  if (kind == 'O') {
    for (uint64_t k = 0; k < n; ++k) {
      if (!objects[k] || !objects[k]->IsNumber()) return Status::Input("object array element is not a number");
      out[k] = objects[k]->Number();
    }
    return out;
  }
  for (uint64_t k = 0; k < n; ++k)
    if (!LoadNumber(data.data() + k * itemsize, kind, itemsize, big_endian, &out[k], &iv))
      return Status::Input("array of dtype " + DtypeName() + " where numbers were expected");
  return out;
}

Result<std::vector<int64_t>> NdArray::Ints() const {
  const uint64_t n = count();
  std::vector<int64_t> out(n);
  double dv;
  if (kind == 'f') return Status::Input("array of dtype " + DtypeName() + " where integers were expected");
  for (uint64_t k = 0; k < n; ++k)
    if (!LoadNumber(data.data() + k * itemsize, kind, itemsize, big_endian, &dv, &out[k]))
      return Status::Input("array of dtype " + DtypeName() + " where integers were expected");
  return out;
}

bool NdArray::HasField(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return true;
  return false;
}

Result<std::vector<double>> NdArray::FieldDoubles(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name != name) continue;
    const uint64_t n = count();
    std::vector<double> out(n);
    int64_t iv;
    for (uint64_t k = 0; k < n; ++k)
      if (!LoadNumber(data.data() + k * itemsize + f.offset, f.kind, f.size, big_endian, &out[k], &iv))
        return Status::Input(fmt::format("field '{}' has a non-numeric type", name));
    return out;
  }
  return Status::Input(fmt::format("structured array has no field '{}'", name));
}

Result<std::vector<int64_t>> NdArray::FieldInts(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name != name) continue;
    if (f.kind == 'f') return Status::Input(fmt::format("field '{}' is a float, integers expected", name));
    const uint64_t n = count();
    std::vector<int64_t> out(n);
    double dv;
    for (uint64_t k = 0; k < n; ++k)
      if (!LoadNumber(data.data() + k * itemsize + f.offset, f.kind, f.size, big_endian, &dv, &out[k]))
        return Status::Input(fmt::format("field '{}' has a non-numeric type", name));
    return out;
  }
  return Status::Input(fmt::format("structured array has no field '{}'", name));
}

Result<std::vector<std::string>> NdArray::Strings() const {
  const uint64_t n = count();
  std::vector<std::string> out(n);
  for (uint64_t k = 0; k < n; ++k) {
    const char* p = kind == 'O' ? nullptr : data.data() + k * itemsize;
    if (kind == 'O') {
      const PyValue* v = objects[k].get();
      if (!v) return Status::Input("null object in array");
      if (v->kind == PyValue::Kind::kStr) out[k] = v->s;
      else if (v->kind == PyValue::Kind::kInt) out[k] = std::to_string(v->i);
      else if (v->kind == PyValue::Kind::kFloat) out[k] = PyRepr(v->f);
      else if (v->kind == PyValue::Kind::kBool) out[k] = v->b ? "True" : "False";
      else return Status::Input(std::string("object array element of kind ") + v->KindName() + " is not a label");
    } else if (kind == 'U') {
      std::string s;
      for (uint32_t c = 0; c + 4 <= itemsize; c += 4) {
        uint32_t cp = LoadRaw<uint32_t>(p + c, big_endian);
        if (cp == 0) break;
        if (cp < 0x80) s += static_cast<char>(cp);
        else if (cp < 0x800) { s += static_cast<char>(0xC0 | (cp >> 6)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) { s += static_cast<char>(0xE0 | (cp >> 12)); s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
        else if (cp < 0x110000) { s += static_cast<char>(0xF0 | (cp >> 18)); s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)); s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
        else return Status::Input("invalid code point in a text array");
      }
      out[k] = s;
    } else if (kind == 'S') {
      std::string s(p, itemsize);
      s.erase(s.find_last_not_of('\0') + 1);
      out[k] = s;
    } else {
      double d;
      int64_t i;
      if (!LoadNumber(p, kind, itemsize, big_endian, &d, &i)) return Status::Input("array of dtype " + DtypeName() + " is not labels");
      out[k] = kind == 'f' ? PyRepr(d) : kind == 'b' ? (i ? "True" : "False") : std::to_string(i);
    }
  }
  return out;
}

const char* PyValue::KindName() const {
  switch (kind) {
    case Kind::kNone: return "None";
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kFloat: return "float";
    case Kind::kStr: return "str";
    case Kind::kBytes: return "bytes";
    case Kind::kList: return "list";
    case Kind::kTuple: return "tuple";
    case Kind::kDict: return "dict";
    case Kind::kArray: return "ndarray";
    case Kind::kObject: return "object";
    case Kind::kGlobal: return "global";
  }
  return "?";
}

PyPtr PyValue::Get(std::string_view key) const {
  const PyValue* d = this;
  if (kind == Kind::kObject) {
    if (!state) return nullptr;
    d = state.get();
  }
  if (d->kind != Kind::kDict) return nullptr;
  for (size_t k = 0; k + 1 < d->items.size(); k += 2)
    if (d->items[k]->kind == Kind::kStr && d->items[k]->s == key) return d->items[k + 1];
  return nullptr;
}

PyPtr MakeNone() { return std::make_shared<PyValue>(); }
PyPtr MakeInt(int64_t v) {
  auto p = std::make_shared<PyValue>();
  p->kind = PyValue::Kind::kInt;
  p->i = v;
  return p;
}
PyPtr MakeFloat(double v) {
  auto p = std::make_shared<PyValue>();
  p->kind = PyValue::Kind::kFloat;
  p->f = v;
  return p;
}
PyPtr MakeStr(std::string v) {
  auto p = std::make_shared<PyValue>();
  p->kind = PyValue::Kind::kStr;
  p->s = std::move(v);
  return p;
}
PyPtr MakeArray(NdArray a) {
  auto p = std::make_shared<PyValue>();
  p->kind = PyValue::Kind::kArray;
  p->array = std::make_shared<const NdArray>(std::move(a));
  return p;
}

// ---- Attrs ----

Status Attrs::Error(std::string_view key, const std::string& what) const {
  return Status::Input(fmt::format("{}.{}: {}", owner_, key, what));
}

bool Attrs::Has(std::string_view key) const { return obj_.Get(key) != nullptr; }

Result<PyPtr> Attrs::Value(std::string_view key) const {
  PyPtr v = obj_.Get(key);
  if (!v) return Error(key, "missing from the pickled state");
  return v;
}

Result<double> Attrs::Number(std::string_view key) const {
  MG_ASSIGN_OR_RETURN(PyPtr v, Value(key));
  if (v->IsNumber()) return v->Number();
  if (v->kind == PyValue::Kind::kArray && v->array->count() == 1 && v->array->kind != 'O') {
    MG_ASSIGN_OR_RETURN(auto d, v->array->Doubles());
    return d[0];
  }
  return Error(key, std::string("expected a number, found ") + v->KindName());
}

Result<int64_t> Attrs::Int(std::string_view key) const {
  MG_ASSIGN_OR_RETURN(PyPtr v, Value(key));
  if (v->kind == PyValue::Kind::kInt || v->kind == PyValue::Kind::kBool) return v->kind == PyValue::Kind::kInt ? v->i : int64_t{v->b};
  if (v->kind == PyValue::Kind::kArray && v->array->count() == 1 && v->array->kind != 'f') {
    auto r = v->array->Ints();
    if (r.ok()) return (*r)[0];
  }
  return Error(key, std::string("expected an integer, found ") + v->KindName());
}

Result<std::string> Attrs::Str(std::string_view key) const {
  MG_ASSIGN_OR_RETURN(PyPtr v, Value(key));
  if (v->kind != PyValue::Kind::kStr) return Error(key, std::string("expected a string, found ") + v->KindName());
  return v->s;
}

std::string Attrs::StrOr(std::string_view key, const std::string& fallback) const {
  PyPtr v = obj_.Get(key);
  return v && v->kind == PyValue::Kind::kStr ? v->s : fallback;
}

bool Attrs::BoolOr(std::string_view key, bool fallback) const {
  PyPtr v = obj_.Get(key);
  if (!v) return fallback;
  if (v->kind == PyValue::Kind::kBool) return v->b;
  if (v->kind == PyValue::Kind::kInt) return v->i != 0;
  return fallback;
}

Result<std::shared_ptr<const NdArray>> Attrs::Array(std::string_view key) const {
  MG_ASSIGN_OR_RETURN(PyPtr v, Value(key));
  if (v->kind != PyValue::Kind::kArray) return Error(key, std::string("expected a numpy array, found ") + v->KindName());
  return v->array;
}

Result<std::vector<double>> Attrs::Doubles(std::string_view key, std::vector<int64_t>* shape) const {
  MG_ASSIGN_OR_RETURN(PyPtr v, Value(key));
  if (v->IsNumber()) {
    if (shape) *shape = {};
    return std::vector<double>{v->Number()};
  }
  if (v->kind == PyValue::Kind::kArray) {
    auto d = v->array->Doubles();
    if (!d.ok()) return d.status().Annotate(owner_ + "." + std::string(key));
    if (shape) *shape = v->array->shape;
    return d;
  }
  if (v->IsSeq()) {
    std::vector<double> out;
    for (const auto& it : v->items) {
      if (!it->IsNumber()) return Error(key, "expected a list of numbers");
      out.push_back(it->Number());
    }
    if (shape) *shape = {static_cast<int64_t>(out.size())};
    return out;
  }
  return Error(key, std::string("expected numbers, found ") + v->KindName());
}

}  // namespace mg::model::sk
