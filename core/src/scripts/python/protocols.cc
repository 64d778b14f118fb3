// What CPython's object protocols do for the values of the subset: truth, equality, ordering,
// membership, length, iteration, items, attributes, and the conversions int(), str(), list()...

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/text.h"
#include "scripts/python/interpreter.h"

namespace ghaplay::scripts::python {
namespace {

bool int_like(const PyValue& v) { return v.is_int() || v.is_bool(); }
std::int64_t as_i64(const PyValue& v) { return v.is_bool() ? (v.as_bool() ? 1 : 0) : v.as_int(); }
double as_double(const PyValue& v) { return v.is_float() ? v.as_float() : static_cast<double>(as_i64(v)); }

bool is_kind(const PyValue& v, PyObject::Kind kind) { return v.is_object() && v.object().kind == kind; }

// The names dir() lists for each type (without dunders), for "Did you mean" and for telling a
// real method ghaplay lacks from a typo.
const std::vector<std::string>& dir_of(const std::string& type) {
  static const std::unordered_map<std::string, std::vector<std::string>> dirs = {
      {"str", {"capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format",
               "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier",
               "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower",
               "lstrip", "maketrans", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
               "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase",
               "title", "translate", "upper", "zfill"}},
      {"list", {"append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"}},
      {"tuple", {"count", "index"}},
      {"dict", {"clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"}},
      {"set", {"add", "clear", "copy", "difference", "difference_update", "discard", "intersection",
               "intersection_update", "isdisjoint", "issubset", "issuperset", "pop", "remove",
               "symmetric_difference", "symmetric_difference_update", "union", "update"}},
      {"int", {"as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
               "is_integer", "numerator", "real", "to_bytes"}},
      {"float", {"as_integer_ratio", "conjugate", "fromhex", "hex", "imag", "is_integer", "real"}},
      {"bool", {"as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
                "is_integer", "numerator", "real", "to_bytes"}},
      {"_io.TextIOWrapper", {"buffer", "close", "closed", "detach", "encoding", "errors", "fileno", "flush", "isatty",
                             "line_buffering", "mode", "name", "newlines", "read", "readable", "readline", "readlines",
                             "reconfigure", "seek", "seekable", "tell", "truncate", "writable", "write",
                             "write_through", "writelines"}},
      {"_Environ", {"clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"}},
      {"re.Match", {"end", "endpos", "expand", "group", "groupdict", "groups", "lastgroup", "lastindex", "pos", "re",
                    "regs", "span", "start", "string"}},
      {"re.Pattern", {"findall", "finditer", "flags", "fullmatch", "groupindex", "groups", "match", "pattern",
                      "scanner", "search", "split", "sub", "subn"}},
      {"NoneType", {}},
  };
  static const std::vector<std::string> none;
  auto found = dirs.find(type);
  return found == dirs.end() ? none : found->second;
}

}  // namespace

std::string Interpreter::type_name(const PyValue& v) const {
  switch (v.kind()) {
    case PyValue::Kind::None: return "NoneType";
    case PyValue::Kind::Bool: return "bool";
    case PyValue::Kind::Int: return "int";
    case PyValue::Kind::Float: return "float";
    case PyValue::Kind::Str: return "str";
    case PyValue::Kind::Seq: return v.is_list() ? "list" : v.is_tuple() ? "tuple" : "set";
    case PyValue::Kind::Dict: return "dict";
    case PyValue::Kind::Object: break;
  }
  const PyObject& o = v.object();
  switch (o.kind) {
    case PyObject::Kind::Function: return "function";
    case PyObject::Kind::Builtin: return "builtin_function_or_method";
    case PyObject::Kind::Module: return "module";
    case PyObject::Kind::File: return "_io.TextIOWrapper";
    case PyObject::Kind::Exception: return o.name;
    case PyObject::Kind::ExceptionType: return "type";
    case PyObject::Kind::Range: return "range";
    case PyObject::Kind::Unsimulated: return "object";
    case PyObject::Kind::Environ: return "_Environ";
    case PyObject::Kind::Match: return "re.Match";
    case PyObject::Kind::Type: return "type";
    case PyObject::Kind::Pattern: return "re.Pattern";
  }
  return "object";
}

bool Interpreter::truthy(const PyValue& v) {
  switch (v.kind()) {
    case PyValue::Kind::None: return false;
    case PyValue::Kind::Bool: return v.as_bool();
    case PyValue::Kind::Int: return v.as_int() != 0;
    case PyValue::Kind::Float: return v.as_float() != 0;
    case PyValue::Kind::Str: return !v.as_str().empty();
    case PyValue::Kind::Seq: return !v.seq().items.empty();
    case PyValue::Kind::Dict: return v.dict_ref().size() > 0;
    case PyValue::Kind::Object: break;
  }
  const PyObject& o = v.object();
  if (o.kind == PyObject::Kind::Range) return length(v) > 0;
  if (o.kind == PyObject::Kind::Environ) return !env_.empty();
  return true;
}

bool Interpreter::equals(const PyValue& a, const PyValue& b, int depth) {
  if (depth > kMaxReprDepth) raise("RecursionError", "maximum recursion depth exceeded in comparison");
  if (a.is_number() && b.is_number()) {
    if (int_like(a) && int_like(b)) return as_i64(a) == as_i64(b);
    return as_double(a) == as_double(b);
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case PyValue::Kind::None: return true;
    case PyValue::Kind::Str: return a.as_str() == b.as_str();
    case PyValue::Kind::Seq: {
      if (a.identity() == b.identity()) return true;
      const PySeq& x = a.seq();
      const PySeq& y = b.seq();
      if (x.kind != y.kind || x.items.size() != y.items.size()) return false;
      if (x.kind == PySeq::Kind::Set) {
        for (const auto& item : x.items)
          if (!contains(b, item)) return false;
        return true;
      }
      for (std::size_t i = 0; i < x.items.size(); ++i)
        if (!equals(x.items[i], y.items[i], depth + 1)) return false;
      return true;
    }
    case PyValue::Kind::Dict: {
      if (a.identity() == b.identity()) return true;
      if (a.dict_ref().size() != b.dict_ref().size()) return false;
      for (const auto& [k, v] : a.dict_ref().entries()) {
        const PyValue* other = b.dict_ref().find(k);
        if (!other || !equals(v, *other, depth + 1)) return false;
      }
      return true;
    }
    case PyValue::Kind::Object: {
      const PyObject& x = a.object();
      const PyObject& y = b.object();
      if (x.kind == PyObject::Kind::Range && y.kind == PyObject::Kind::Range) {
        return x.start == y.start && x.stop == y.stop && x.step == y.step;
      }
      if (x.kind == PyObject::Kind::Builtin && y.kind == PyObject::Kind::Builtin) {
        return x.name == y.name && x.self.identity() == y.self.identity() && x.self.kind() == y.self.kind();
      }
      return a.identity() == b.identity();
    }
    default: return false;
  }
}

bool Interpreter::less(const PyValue& a, const PyValue& b, const char* op, int depth) {
  if (depth > kMaxReprDepth) raise("RecursionError", "maximum recursion depth exceeded in comparison");
  if (a.is_number() && b.is_number()) {
    if (int_like(a) && int_like(b)) return as_i64(a) < as_i64(b);
    return as_double(a) < as_double(b);
  }
  if (a.is_str() && b.is_str()) return a.as_str() < b.as_str();  // UTF-8 order is code point order
  if (a.is_seq() && b.is_seq() && a.seq().kind == b.seq().kind && !a.is_set()) {
    const auto& x = a.seq().items;
    const auto& y = b.seq().items;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (equals(x[i], y[i], depth + 1)) continue;
      return less(x[i], y[i], op, depth + 1);
    }
    return x.size() < y.size();
  }
  if (a.is_set() && b.is_set()) {
    if (a.seq().items.size() >= b.seq().items.size()) return false;
    for (const auto& item : a.seq().items)
      if (!contains(b, item)) return false;
    return true;
  }
  raise("TypeError", std::string("'") + op + "' not supported between instances of '" + type_name(a) + "' and '" +
                         type_name(b) + "'");
}

void Interpreter::check_hashable(const PyValue& key, int depth) {
  if (key.is_list() || key.is_set() || key.is_dict()) raise("TypeError", "unhashable type: '" + type_name(key) + "'");
  if (key.is_tuple()) {
    if (depth > kMaxReprDepth) raise("RecursionError", "maximum recursion depth exceeded while calling a Python object");
    for (const auto& item : key.seq().items) check_hashable(item, depth + 1);
  }
}

bool Interpreter::contains(const PyValue& container, const PyValue& item) {
  if (container.is_str()) {
    if (!item.is_str()) raise("TypeError", "'in <string>' requires string as left operand, not " + type_name(item));
    return container.as_str().find(item.as_str()) != std::string::npos;
  }
  if (container.is_seq()) {
    if (container.is_set()) check_hashable(item);
    tick(container.seq().items.size() / 256);
    for (const auto& x : container.seq().items)
      if (equals(x, item)) return true;
    return false;
  }
  if (container.is_dict()) {
    check_hashable(item);
    return container.dict_ref().find(item) != nullptr;
  }
  if (is_kind(container, PyObject::Kind::Environ)) {
    if (!item.is_str()) return false;
    return env_.count(item.as_str()) > 0;
  }
  if (is_kind(container, PyObject::Kind::Range)) {
    if (!item.is_number()) return false;
    if (item.is_float() && item.as_float() != std::floor(item.as_float())) return false;
    std::int64_t v = item.is_float() ? static_cast<std::int64_t>(item.as_float()) : as_i64(item);
    const PyObject& r = container.object();
    if (r.step > 0 ? (v < r.start || v >= r.stop) : (v > r.start || v <= r.stop)) return false;
    return (v - r.start) % r.step == 0;
  }
  raise("TypeError", "argument of type '" + type_name(container) + "' is not iterable");
}

std::int64_t Interpreter::length(const PyValue& v) {
  switch (v.kind()) {
    case PyValue::Kind::Str: return static_cast<std::int64_t>(code_points(v.as_str()));
    case PyValue::Kind::Seq: return static_cast<std::int64_t>(v.seq().items.size());
    case PyValue::Kind::Dict: return static_cast<std::int64_t>(v.dict_ref().size());
    case PyValue::Kind::Object: {
      const PyObject& o = v.object();
      if (o.kind == PyObject::Kind::Range) {
        if (o.step > 0 && o.start < o.stop) return (o.stop - o.start - 1) / o.step + 1;
        if (o.step < 0 && o.start > o.stop) return (o.start - o.stop - 1) / (-o.step) + 1;
        return 0;
      }
      if (o.kind == PyObject::Kind::Environ) return static_cast<std::int64_t>(env_.size());
      break;
    }
    default: break;
  }
  raise("TypeError", "object of type '" + type_name(v) + "' has no len()");
}

std::vector<PyValue> Interpreter::to_list(const PyValue& v) {
  std::vector<PyValue> out;
  switch (v.kind()) {
    case PyValue::Kind::Str: {
      const std::string& s = v.as_str();
      tick(s.size() / 256);
      for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        text::decode_utf8(s, i);
        out.emplace_back(s.substr(start, i - start));
      }
      return out;
    }
    case PyValue::Kind::Seq:
      tick(v.seq().items.size() / 256);
      return v.seq().items;
    case PyValue::Kind::Dict:
      tick(v.dict_ref().size() / 256);
      for (const auto& [k, val] : v.dict_ref().entries()) out.push_back(k);
      return out;
    case PyValue::Kind::Object: {
      PyObject& o = v.object();
      if (o.kind == PyObject::Kind::Range) {
        std::int64_t n = length(v);
        if (static_cast<std::uint64_t>(n) > kMaxItems) raise("MemoryError", "");
        tick(static_cast<std::size_t>(n) / 64);
        for (std::int64_t i = 0; i < n; ++i) out.emplace_back(o.start + i * o.step);
        return out;
      }
      if (o.kind == PyObject::Kind::Environ) {
        for (const auto& [k, val] : env_) out.emplace_back(k);
        return out;
      }
      if (o.kind == PyObject::Kind::File) {
        Args none;
        PyValue lines = call(builtin("file.readlines", v), none);
        return lines.seq().items;
      }
      break;
    }
    default: break;
  }
  raise("TypeError", "'" + type_name(v) + "' object is not iterable");
}

std::int64_t Interpreter::index_arg(const PyValue& v, const char* what) {
  if (int_like(v)) return as_i64(v);
  raise("TypeError", std::string(what) + " must be integers or slices, not " + type_name(v));
}

std::string Interpreter::str_arg(const PyValue& v, const char* what) {
  if (v.is_str()) return v.as_str();
  raise("TypeError", std::string(what) + " must be str, not " + type_name(v));
}

PyValue Interpreter::new_list(std::vector<PyValue> items) {
  if (items.size() > kMaxItems) raise("MemoryError", "");
  return PyValue::list(std::move(items));
}

PyValue Interpreter::new_string(std::string s) {
  if (s.size() > kMaxString) raise("MemoryError", "");
  return PyValue(std::move(s));
}

// ---- items -------------------------------------------------------------------------------------

PyValue Interpreter::get_item(const PyValue& target, const PyValue& key) {
  if (target.is_list() || target.is_tuple()) {
    const char* what = target.is_list() ? "list" : "tuple";
    if (!int_like(key)) raise("TypeError", std::string(what) + " indices must be integers or slices, not " + type_name(key));
    std::int64_t i = as_i64(key);
    auto n = static_cast<std::int64_t>(target.seq().items.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise("IndexError", std::string(what) + " index out of range");
    return target.seq().items[static_cast<std::size_t>(i)];
  }
  if (target.is_str()) {
    if (!int_like(key)) raise("TypeError", "string indices must be integers, not '" + type_name(key) + "'");
    const std::string& s = target.as_str();
    std::int64_t i = as_i64(key);
    if (is_ascii(s)) {
      auto n = static_cast<std::int64_t>(s.size());
      if (i < 0) i += n;
      if (i < 0 || i >= n) raise("IndexError", "string index out of range");
      return PyValue(std::string(1, s[static_cast<std::size_t>(i)]));
    }
    auto offsets = code_point_offsets(s);
    auto n = static_cast<std::int64_t>(offsets.size()) - 1;
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise("IndexError", "string index out of range");
    auto a = offsets[static_cast<std::size_t>(i)], b = offsets[static_cast<std::size_t>(i) + 1];
    return PyValue(s.substr(a, b - a));
  }
  if (target.is_dict()) {
    check_hashable(key);
    const PyValue* found = target.dict_ref().find(key);
    if (!found) raise_args("KeyError", {key});
    return *found;
  }
  if (is_kind(target, PyObject::Kind::Environ)) {
    if (key.is_str()) {
      auto found = env_.find(key.as_str());
      if (found != env_.end()) return PyValue(found->second);
    }
    // os.environ's __getitem__ is Python code: its frame shows in the traceback.
    PyException e;
    e.value = make_exception("KeyError", {key});
    e.traceback.push_back(TraceEntry{"<frozen os>", 685, "__getitem__", nullptr, false, ""});
    raise_exception(std::move(e));
  }
  if (is_kind(target, PyObject::Kind::Range)) {
    if (!int_like(key)) raise("TypeError", "range indices must be integers or slices, not " + type_name(key));
    std::int64_t n = length(target);
    std::int64_t i = as_i64(key);
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise("IndexError", "range object index out of range");
    return PyValue(target.object().start + i * target.object().step);
  }
  if (is_kind(target, PyObject::Kind::Match)) {
    Args args;
    args.positional.push_back(key);
    return call(builtin("match.group", target), args);
  }
  if (is_kind(target, PyObject::Kind::Type) || is_kind(target, PyObject::Kind::Unsimulated)) return target;  // list[str]
  raise("TypeError", "'" + type_name(target) + "' object is not subscriptable");
}

void Interpreter::set_item(const PyValue& target, const PyValue& key, PyValue value) {
  if (target.is_list()) {
    if (!int_like(key)) raise("TypeError", "list indices must be integers or slices, not " + type_name(key));
    std::int64_t i = as_i64(key);
    auto n = static_cast<std::int64_t>(target.seq().items.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise("IndexError", "list assignment index out of range");
    target.seq().items[static_cast<std::size_t>(i)] = std::move(value);
    return;
  }
  if (target.is_dict()) {
    check_hashable(key);
    if (target.dict_ref().size() >= kMaxItems && !target.dict_ref().find(key)) raise("MemoryError", "");
    target.dict_ref().set(key, std::move(value));
    return;
  }
  if (is_kind(target, PyObject::Kind::Environ)) {
    if (!key.is_str() || !value.is_str()) {
      // os.environ's __setitem__ and encode are Python code: their frames show in the traceback.
      PyException e;
      e.value = make_exception("TypeError", {PyValue("str expected, not " + type_name(key.is_str() ? value : key))});
      e.traceback.push_back(TraceEntry{"<frozen os>", 764, "encode", nullptr, false, ""});
      e.traceback.push_back(TraceEntry{"<frozen os>", key.is_str() ? 690 : 689, "__setitem__", nullptr, false, ""});
      raise_exception(std::move(e));
    }
    env_[key.as_str()] = value.as_str();
    return;
  }
  raise("TypeError", "'" + type_name(target) + "' object does not support item assignment");
}

void Interpreter::del_item(const PyValue& target, const PyValue& key) {
  if (target.is_list()) {
    if (!int_like(key)) raise("TypeError", "list indices must be integers or slices, not " + type_name(key));
    std::int64_t i = as_i64(key);
    auto n = static_cast<std::int64_t>(target.seq().items.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise("IndexError", "list assignment index out of range");
    target.seq().items.erase(target.seq().items.begin() + i);
    return;
  }
  if (target.is_dict()) {
    check_hashable(key);
    if (!target.dict_ref().erase(key)) raise_args("KeyError", {key});
    return;
  }
  if (is_kind(target, PyObject::Kind::Environ)) {
    if (!key.is_str() || !env_.erase(key.as_str())) raise_args("KeyError", {key});
    return;
  }
  raise("TypeError", "'" + type_name(target) + "' object doesn't support item deletion");
}

// ---- attributes --------------------------------------------------------------------------------

PyValue Interpreter::get_attr(const PyValue& target, const std::string& name) {
  std::string type = type_name(target);
  std::string prefix;  // the builtin table's prefix for methods of this type
  switch (target.kind()) {
    case PyValue::Kind::Str: prefix = "str."; break;
    case PyValue::Kind::Seq: prefix = target.is_list() ? "list." : target.is_tuple() ? "tuple." : "set."; break;
    case PyValue::Kind::Dict: prefix = "dict."; break;
    case PyValue::Kind::Int:
    case PyValue::Kind::Bool: prefix = "int."; break;
    case PyValue::Kind::Float: prefix = "float."; break;
    case PyValue::Kind::None: break;
    case PyValue::Kind::Object: {
      PyObject& o = target.object();
      switch (o.kind) {
        case PyObject::Kind::Module: {
          if (o.attrs) {
            if (const PyValue* found = o.attrs->find(PyValue(name))) return *found;
          }
          if (name == "__name__") return PyValue(o.name);
          // A function of a module ghaplay knows only in part (os.makedirs, sys.getsizeof...).
          return PyValue(make_object(PyObject::Kind::Unsimulated, o.name + "." + name));
        }
        case PyObject::Kind::Unsimulated:
          return PyValue(make_object(PyObject::Kind::Unsimulated, o.name + "." + name));
        case PyObject::Kind::File:
          if (name == "name") return PyValue(o.path);
          if (name == "mode") return PyValue(o.mode);
          if (name == "closed") return PyValue(o.closed);
          if (name == "encoding") return PyValue("utf-8");
          prefix = "file.";
          break;
        case PyObject::Kind::Exception:
          if (name == "args") return PyValue::tuple(o.args);
          if (name == "code" && o.name == "SystemExit") return o.args.empty() ? PyValue() : o.args[0];
          if ((name == "errno" || name == "strerror") && o.args.size() >= 2) return o.args[name == "errno" ? 0 : 1];
          if (name == "filename" && !o.path.empty()) return PyValue(o.path);
          if (name == "msg" && o.name == "JSONDecodeError" && !o.args.empty()) return o.args[0];
          break;
        case PyObject::Kind::Function:
        case PyObject::Kind::Type:
        case PyObject::Kind::ExceptionType:
        case PyObject::Kind::Builtin:
          if (name == "__name__") {
            std::string n = o.name;
            auto dot = n.rfind('.');
            return PyValue(dot == std::string::npos ? n : n.substr(dot + 1));
          }
          if (o.kind == PyObject::Kind::Type) prefix = o.name + ".";  // str.lower as a function
          break;
        case PyObject::Kind::Range:
          if (name == "start") return PyValue(o.start);
          if (name == "stop") return PyValue(o.stop);
          if (name == "step") return PyValue(o.step);
          break;
        case PyObject::Kind::Environ: prefix = "environ."; break;
        case PyObject::Kind::Match:
          if (name == "string") return PyValue(o.subject);
          prefix = "match.";
          break;
        case PyObject::Kind::Pattern:
          if (name == "pattern") return PyValue(o.name);
          if (name == "flags") return PyValue(o.flags);
          prefix = "pattern.";
          break;
      }
      break;
    }
  }
  if (!prefix.empty() && find_builtin(prefix + name)) {
    // `str.lower` (on the type) is the unbound method: it takes the string as its first argument.
    if (is_kind(target, PyObject::Kind::Type)) return builtin("unbound." + prefix + name);
    return builtin(prefix + name, target);
  }
  if (int_like(target) && !target.is_bool() && (name == "real" || name == "numerator")) return PyValue(as_i64(target));
  if (int_like(target) && (name == "imag")) return PyValue(std::int64_t{0});
  if (int_like(target) && name == "denominator") return PyValue(std::int64_t{1});
  const auto& dir = dir_of(type);
  if (std::find(dir.begin(), dir.end(), name) != dir.end()) {
    // A real method ghaplay does not simulate: calling it adds a notice and gives None.
    return PyValue(make_object(PyObject::Kind::Unsimulated, type + "." + name));
  }
  std::string message = "'" + type + "' object has no attribute '" + name + "'";
  if (target.is_object() && target.object().kind == PyObject::Kind::Module) {
    message = "module '" + target.object().name + "' has no attribute '" + name + "'";
  }
  std::string suggestion = suggest_name(name, dir);
  if (!suggestion.empty()) message += ". Did you mean: '" + suggestion + "'?";
  raise("AttributeError", message);
}

// ---- conversions: calling str, int, list... ---------------------------------------------------

namespace {

// int(text): optional sign and white space, digits with single underscores between them.
bool parse_int_text(std::string_view s, int base, std::int64_t& out, bool& overflow) {
  s = text::trim(s);
  overflow = false;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (base == 0) {
    base = 10;
    if (s.size() > 1 && s[0] == '0') {
      char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
      base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
      if (base == 0) return false;
      s.remove_prefix(2);
    }
  } else if (s.size() > 1 && s[0] == '0') {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
    if ((base == 16 && p == 'x') || (base == 8 && p == 'o') || (base == 2 && p == 'b')) s.remove_prefix(2);
  }
  if (s.empty()) return false;
  std::uint64_t v = 0;
  bool last_underscore = true;
  for (char c : s) {
    if (c == '_') {
      if (last_underscore) return false;
      last_underscore = true;
      continue;
    }
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else return false;
    if (d >= base) return false;
    last_underscore = false;
    if (v > (std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(d)) / static_cast<std::uint64_t>(base)) {
      overflow = true;
      v = std::numeric_limits<std::uint64_t>::max();
    } else {
      v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
    }
  }
  if (last_underscore) return false;
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1u : 0u)) overflow = true;
  if (overflow) return true;
  out = negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
  return true;
}

}  // namespace

PyValue Interpreter::call_type(const std::string& name, Args& args) {
  auto& pos = args.positional;
  auto too_many = [&](std::size_t max) {
    if (pos.size() > max) {
      raise("TypeError", name + " expected at most " + std::to_string(max) + " argument" + (max == 1 ? "" : "s") +
                             ", got " + std::to_string(pos.size()));
    }
  };
  if (name == "str") {
    too_many(3);
    if (pos.empty()) return PyValue("");
    return PyValue(str(pos[0]));
  }
  if (name == "int") {
    too_many(2);
    const PyValue* base_kw = args.keyword("base");
    if (pos.empty()) return PyValue(std::int64_t{0});
    const PyValue& v = pos[0];
    if (pos.size() == 2 || base_kw) {
      if (!v.is_str()) raise("TypeError", "int() can't convert non-string with explicit base");
      std::int64_t base = index_arg(pos.size() == 2 ? pos[1] : *base_kw, "int() base");
      if (base != 0 && (base < 2 || base > 36)) raise("ValueError", "int() base must be >= 2 and <= 36, or 0");
      std::int64_t out = 0;
      bool overflow = false;
      if (!parse_int_text(v.as_str(), static_cast<int>(base), out, overflow)) {
        raise("ValueError", "invalid literal for int() with base " + std::to_string(base) + ": " + repr(v));
      }
      if (overflow) raise("OverflowError", "integer too large for ghaplay (64 bits)");
      return PyValue(out);
    }
    if (int_like(v)) return PyValue(as_i64(v));
    if (v.is_float()) {
      double d = v.as_float();
      if (std::isnan(d)) raise("ValueError", "cannot convert float NaN to integer");
      if (std::isinf(d)) raise("OverflowError", "cannot convert float infinity to integer");
      if (std::fabs(d) >= 9.2233720368547758e18) raise("OverflowError", "integer too large for ghaplay (64 bits)");
      return PyValue(static_cast<std::int64_t>(std::trunc(d)));
    }
    if (v.is_str()) {
      std::int64_t out = 0;
      bool overflow = false;
      if (!parse_int_text(v.as_str(), 10, out, overflow)) {
        raise("ValueError", "invalid literal for int() with base 10: " + repr(v));
      }
      if (overflow) raise("OverflowError", "integer too large for ghaplay (64 bits)");
      return PyValue(out);
    }
    raise("TypeError", "int() argument must be a string, a bytes-like object or a real number, not '" + type_name(v) + "'");
  }
  if (name == "float") {
    too_many(1);
    if (pos.empty()) return PyValue(0.0);
    const PyValue& v = pos[0];
    if (v.is_number()) return PyValue(as_double(v));
    if (v.is_str()) {
      std::string s(text::trim(v.as_str()));
      std::string lower;
      for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string body = lower;
      bool negative = false;
      if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        negative = body[0] == '-';
        body = body.substr(1);
      }
      if (body == "inf" || body == "infinity") return PyValue(negative ? -INFINITY : INFINITY);
      if (body == "nan") return PyValue(NAN);
      std::string digits;
      bool ok = !s.empty();
      for (std::size_t i = 0; i < s.size() && ok; ++i) {
        char c = s[i];
        if (c == '_') {
          ok = i > 0 && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
               std::isdigit(static_cast<unsigned char>(s[i + 1]));
          continue;
        }
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) ok = false;
        digits += c;
      }
      if (ok) {
        char* end = nullptr;
        double d = std::strtod(digits.c_str(), &end);
        if (end && *end == '\0' && !digits.empty()) return PyValue(d);
      }
      raise("ValueError", "could not convert string to float: " + repr(v));
    }
    raise("TypeError", "float() argument must be a string or a real number, not '" + type_name(v) + "'");
  }
  if (name == "bool") {
    too_many(1);
    return PyValue(!pos.empty() && truthy(pos[0]));
  }
  if (name == "list" || name == "tuple") {
    too_many(1);
    std::vector<PyValue> items = pos.empty() ? std::vector<PyValue>{} : to_list(pos[0]);
    return name == "list" ? new_list(std::move(items)) : PyValue::tuple(std::move(items));
  }
  if (name == "set" || name == "frozenset") {
    too_many(1);
    std::vector<PyValue> items;
    if (!pos.empty()) {
      PyDict seen;
      for (auto& item : to_list(pos[0])) {
        check_hashable(item);
        if (seen.find(item)) continue;
        seen.set(item, PyValue());
        items.push_back(std::move(item));
      }
    }
    return PyValue::set(std::move(items));
  }
  if (name == "dict") {
    too_many(1);
    PyValue d = PyValue::dict();
    if (!pos.empty()) {
      const PyValue& src = pos[0];
      if (src.is_dict()) {
        for (const auto& [k, v] : src.dict_ref().entries()) d.dict_ref().set(k, v);
      } else if (is_kind(src, PyObject::Kind::Environ)) {
        for (const auto& [k, v] : env_) d.dict_ref().set(PyValue(k), PyValue(v));
      } else {
        std::size_t index = 0;
        for (const auto& item : to_list(src)) {
          auto pair = to_list(item);
          if (pair.size() != 2) {
            raise("ValueError", "dictionary update sequence element #" + std::to_string(index) + " has length " +
                                    std::to_string(pair.size()) + "; 2 is required");
          }
          check_hashable(pair[0]);
          d.dict_ref().set(pair[0], pair[1]);
          ++index;
        }
      }
    }
    for (const auto& [k, v] : args.keywords) d.dict_ref().set(PyValue(k), v);
    return d;
  }
  if (name == "range") {
    if (pos.empty()) raise("TypeError", "range expected at least 1 argument, got 0");
    too_many(3);
    std::int64_t start = 0, stop, step = 1;
    if (pos.size() == 1) {
      stop = index_arg(pos[0], "range() arguments");
    } else {
      start = index_arg(pos[0], "range() arguments");
      stop = index_arg(pos[1], "range() arguments");
      if (pos.size() == 3) step = index_arg(pos[2], "range() arguments");
    }
    if (step == 0) raise("ValueError", "range() arg 3 must not be zero");
    auto r = make_object(PyObject::Kind::Range, "range");
    r->start = start;
    r->stop = stop;
    r->step = step;
    return PyValue(r);
  }
  if (name == "object") return PyValue(make_object(PyObject::Kind::Unsimulated, "object"));
  if (name == "type") {
    if (pos.size() != 1) raise("TypeError", "type() takes 1 or 3 arguments");
    const PyValue& v = pos[0];
    std::string t = type_name(v);
    if (v.is_object() && v.object().kind == PyObject::Kind::Exception) return exception_type(t);
    if (t == "NoneType" || t == "bool" || t == "int" || t == "float" || t == "str" || t == "list" || t == "tuple" ||
        t == "set" || t == "dict" || t == "range") {
      return type_object(t);
    }
    return PyValue(make_object(PyObject::Kind::Type, t));
  }
  raise("TypeError", "cannot create '" + name + "' instances");
}

}  // namespace ghaplay::scripts::python
