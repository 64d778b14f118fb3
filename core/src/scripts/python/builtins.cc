// Built-in functions (print, len, sorted...), the modules a workflow script imports (os, os.path,
// sys, json, re, math), and files: open() against the run's in-memory files.

#include <algorithm>
#include <cmath>
#include <cstdio>
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

// Argument checks with CPython's messages.
void no_keywords(Interpreter& in, const Args& a, const char* name) {
  if (!a.keywords.empty()) in.raise("TypeError", std::string(name) + "() takes no keyword arguments");
}
void arity(Interpreter& in, const Args& a, const char* name, std::size_t min, std::size_t max) {
  std::size_t n = a.positional.size();
  if (n >= min && n <= max) return;
  if (min == max && max == 0) in.raise("TypeError", std::string(name) + "() takes no arguments (" + std::to_string(n) + " given)");
  if (min == max && max == 1) in.raise("TypeError", std::string(name) + "() takes exactly one argument (" + std::to_string(n) + " given)");
  if (n < min) {
    in.raise("TypeError", std::string(name) + " expected at least " + std::to_string(min) + " argument" + (min == 1 ? "" : "s") +
                              ", got " + std::to_string(n));
  }
  in.raise("TypeError", std::string(name) + " expected at most " + std::to_string(max) + " argument" + (max == 1 ? "" : "s") +
                            ", got " + std::to_string(n));
}
// Positional `index`, else keyword `name`, else null.
const PyValue* arg(const Args& a, std::size_t index, const char* name) {
  if (index < a.positional.size()) return &a.positional[index];
  return a.keyword(name);
}

PyValue tuple2(PyValue a, PyValue b) { return PyValue::tuple({std::move(a), std::move(b)}); }

// ---- the functions -----------------------------------------------------------------------------

PyValue b_print(Interpreter& in, const PyValue&, Args& a) {
  std::string sep = " ", end = "\n";
  const PyValue* file = nullptr;
  bool flush = false;
  for (const auto& [k, v] : a.keywords) {
    if (k == "sep" || k == "end") {
      if (!v.is_none() && !v.is_str()) in.raise("TypeError", k + " must be None or a string, not " + in.type_name(v));
      if (v.is_str()) (k == "sep" ? sep : end) = v.as_str();
    } else if (k == "file") {
      if (!v.is_none()) file = &v;
    } else if (k == "flush") {
      flush = in.truthy(v);
    } else {
      in.raise("TypeError", "'" + k + "' is an invalid keyword argument for print()");
    }
  }
  std::string text;
  for (std::size_t i = 0; i < a.positional.size(); ++i) {
    if (i > 0) text += sep;
    text += in.str(a.positional[i]);
    if (text.size() > kMaxString) in.raise("MemoryError", "");
  }
  text += end;
  if (!file) {
    in.write_stdout(text);
    if (flush) in.flush_stdout();
    return PyValue();
  }
  if (is_kind(*file, PyObject::Kind::File)) {
    in.write_file(file->object(), text);
    if (flush && file->object().path == "<stdout>") in.flush_stdout();
    return PyValue();
  }
  if (is_kind(*file, PyObject::Kind::Unsimulated)) {
    in.notice_unsimulated(file->object().name, "Printing to `" + file->object().name + "` is not simulated: the text is dropped.");
    return PyValue();
  }
  in.raise("AttributeError", "'" + in.type_name(*file) + "' object has no attribute 'write'");
}

PyValue b_len(Interpreter& in, const PyValue&, Args& a) {
  no_keywords(in, a, "len");
  arity(in, a, "len", 1, 1);
  return PyValue(in.length(a.positional[0]));
}

PyValue b_repr(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "repr", 1, 1);
  return PyValue(in.repr(a.positional[0]));
}

PyValue b_ascii(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "ascii", 1, 1);
  return PyValue(in.ascii(a.positional[0]));
}

PyValue b_abs(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "abs", 1, 1);
  const PyValue& v = a.positional[0];
  if (int_like(v)) {
    std::int64_t i = as_i64(v);
    if (i == std::numeric_limits<std::int64_t>::min()) in.raise("OverflowError", "integer too large for ghaplay (64 bits)");
    return PyValue(i < 0 ? -i : i);
  }
  if (v.is_float()) return PyValue(std::fabs(v.as_float()));
  in.raise("TypeError", "bad operand type for abs(): '" + in.type_name(v) + "'");
}

PyValue b_round(Interpreter& in, const PyValue&, Args& a) {
  if (a.positional.empty() && !a.keyword("number")) in.raise("TypeError", "round() missing required argument 'number' (pos 1)");
  const PyValue& v = *arg(a, 0, "number");
  const PyValue* nd = arg(a, 1, "ndigits");
  if (!v.is_number()) in.raise("TypeError", "type " + in.type_name(v) + " doesn't define __round__ method");
  if (!nd || nd->is_none()) {
    if (int_like(v)) return PyValue(as_i64(v));
    double d = v.as_float();
    if (std::isnan(d)) in.raise("ValueError", "cannot convert float NaN to integer");
    if (std::isinf(d)) in.raise("OverflowError", "cannot convert float infinity to integer");
    double r = std::nearbyint(d);  // round half to even, as Python does
    if (std::fabs(r) >= 9.2233720368547758e18) in.raise("OverflowError", "integer too large for ghaplay (64 bits)");
    return PyValue(static_cast<std::int64_t>(r));
  }
  std::int64_t n = in.index_arg(*nd, "ndigits");
  if (int_like(v)) {
    std::int64_t i = as_i64(v);
    if (n >= 0) return PyValue(i);
    if (n < -18) return PyValue(std::int64_t{0});
    std::int64_t p = 1;
    for (std::int64_t k = 0; k < -n; ++k) p *= 10;
    std::int64_t q = i / p, r = i % p;
    if (r < 0) {
      r += p;
      q -= 1;
    }
    if (2 * r > p || (2 * r == p && (q & 1))) q += 1;
    return PyValue(q * p);
  }
  double d = v.as_float();
  if (!std::isfinite(d) || n > 300) return v;
  if (n < -308) return PyValue(std::copysign(0.0, d));
  // The decimal text of the exact binary value, rounded half-even (what CPython's dtoa does).
  char buf[512];
  if (n >= 0) {
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(n), d);
    return PyValue(std::strtod(buf, nullptr));
  }
  double p = std::pow(10.0, static_cast<double>(-n));
  double y = std::nearbyint(d / p) * p;
  return PyValue(y);
}

PyValue min_max(Interpreter& in, Args& a, bool is_max) {
  const char* name = is_max ? "max" : "min";
  const PyValue* key = a.keyword("key");
  const PyValue* deflt = a.keyword("default");
  if (key && key->is_none()) key = nullptr;
  std::vector<PyValue> items;
  if (a.positional.empty()) in.raise("TypeError", std::string(name) + " expected at least 1 argument, got 0");
  if (a.positional.size() == 1) {
    items = in.to_list(a.positional[0]);
  } else {
    if (deflt) in.raise("TypeError", std::string("Cannot specify a default for ") + name + "() with multiple positional arguments");
    items = a.positional;
  }
  if (items.empty()) {
    if (deflt) return *deflt;
    in.raise("ValueError", std::string(name) + "() iterable argument is empty");
  }
  std::size_t best = 0;
  PyValue best_key = key ? [&]() { Args k; k.positional.push_back(items[0]); return in.call(*key, k); }() : items[0];
  for (std::size_t i = 1; i < items.size(); ++i) {
    PyValue k;
    if (key) {
      Args ka;
      ka.positional.push_back(items[i]);
      k = in.call(*key, ka);
    } else {
      k = items[i];
    }
    bool better = is_max ? in.less(best_key, k, ">") : in.less(k, best_key, "<");
    if (better) {
      best = i;
      best_key = k;
    }
  }
  return items[best];
}
PyValue b_min(Interpreter& in, const PyValue&, Args& a) { return min_max(in, a, false); }
PyValue b_max(Interpreter& in, const PyValue&, Args& a) { return min_max(in, a, true); }

PyValue b_sum(Interpreter& in, const PyValue&, Args& a) {
  if (a.positional.empty()) in.raise("TypeError", "sum() takes at least 1 positional argument (0 given)");
  PyValue total = a.positional.size() > 1 ? a.positional[1] : a.keyword("start") ? *a.keyword("start") : PyValue(std::int64_t{0});
  if (total.is_str()) in.raise("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
  for (const auto& item : in.to_list(a.positional[0])) total = in.binary("+", total, item);
  return total;
}

PyValue b_sorted(Interpreter& in, const PyValue&, Args& a) {
  if (a.positional.size() != 1) {
    in.raise("TypeError", "sorted expected 1 argument, got " + std::to_string(a.positional.size()));
  }
  const PyValue* reverse = a.keyword("reverse");
  return in.new_list(sort_list(in, in.to_list(a.positional[0]), a.keyword("key"), reverse && in.truthy(*reverse)));
}

PyValue b_reversed(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "reversed", 1, 1);
  const PyValue& v = a.positional[0];
  if (v.is_set()) in.raise("TypeError", "'set' object is not reversible");
  auto items = in.to_list(v);
  std::reverse(items.begin(), items.end());
  return in.new_list(std::move(items));
}

PyValue b_enumerate(Interpreter& in, const PyValue&, Args& a) {
  if (a.positional.empty() && !a.keyword("iterable")) in.raise("TypeError", "enumerate() missing required argument 'iterable'");
  const PyValue& it = *arg(a, 0, "iterable");
  const PyValue* start = arg(a, 1, "start");
  std::int64_t i = start ? in.index_arg(*start, "enumerate() start") : 0;
  std::vector<PyValue> out;
  for (auto& item : in.to_list(it)) out.push_back(tuple2(PyValue(i++), std::move(item)));
  return in.new_list(std::move(out));
}

PyValue b_zip(Interpreter& in, const PyValue&, Args& a) {
  std::vector<std::vector<PyValue>> lists;
  std::size_t n = std::numeric_limits<std::size_t>::max();
  for (const auto& v : a.positional) {
    lists.push_back(in.to_list(v));
    n = std::min(n, lists.back().size());
  }
  if (const PyValue* strict = a.keyword("strict"); strict && in.truthy(*strict)) {
    for (const auto& l : lists)
      if (l.size() != n) in.raise("ValueError", "zip() arguments have different lengths");
  }
  std::vector<PyValue> out;
  if (lists.empty()) return in.new_list({});
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<PyValue> row;
    for (auto& l : lists) row.push_back(l[i]);
    out.push_back(PyValue::tuple(std::move(row)));
  }
  return in.new_list(std::move(out));
}

PyValue b_map(Interpreter& in, const PyValue&, Args& a) {
  if (a.positional.size() < 2) in.raise("TypeError", "map() must have at least two arguments.");
  std::vector<std::vector<PyValue>> lists;
  std::size_t n = std::numeric_limits<std::size_t>::max();
  for (std::size_t i = 1; i < a.positional.size(); ++i) {
    lists.push_back(in.to_list(a.positional[i]));
    n = std::min(n, lists.back().size());
  }
  std::vector<PyValue> out;
  for (std::size_t i = 0; i < n; ++i) {
    Args ca;
    for (auto& l : lists) ca.positional.push_back(l[i]);
    out.push_back(in.call(a.positional[0], ca));
  }
  return in.new_list(std::move(out));
}

PyValue b_filter(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "filter", 2, 2);
  std::vector<PyValue> out;
  for (auto& item : in.to_list(a.positional[1])) {
    bool keep;
    if (a.positional[0].is_none()) {
      keep = in.truthy(item);
    } else {
      Args ca;
      ca.positional.push_back(item);
      keep = in.truthy(in.call(a.positional[0], ca));
    }
    if (keep) out.push_back(std::move(item));
  }
  return in.new_list(std::move(out));
}

PyValue b_any(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "any", 1, 1);
  for (const auto& item : in.to_list(a.positional[0]))
    if (in.truthy(item)) return PyValue(true);
  return PyValue(false);
}

PyValue b_all(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "all", 1, 1);
  for (const auto& item : in.to_list(a.positional[0]))
    if (!in.truthy(item)) return PyValue(false);
  return PyValue(true);
}

bool instance_of(Interpreter& in, const PyValue& v, const PyValue& cls) {
  if (cls.is_tuple()) {
    for (const auto& c : cls.seq().items)
      if (instance_of(in, v, c)) return true;
    return false;
  }
  if (!cls.is_object()) in.raise("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
  const PyObject& c = cls.object();
  if (c.kind == PyObject::Kind::ExceptionType) {
    return is_kind(v, PyObject::Kind::Exception) && in.exception_matches(v.object().name, c.name);
  }
  if (c.kind != PyObject::Kind::Type) {
    if (c.kind == PyObject::Kind::Unsimulated) return false;
    in.raise("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
  }
  std::string t = in.type_name(v);
  if (c.name == "object") return true;
  if (c.name == "int") return t == "int" || t == "bool";
  if (c.name == "frozenset") return false;
  return t == c.name;
}

PyValue b_isinstance(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "isinstance", 2, 2);
  return PyValue(instance_of(in, a.positional[0], a.positional[1]));
}

PyValue b_callable(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "callable", 1, 1);
  const PyValue& v = a.positional[0];
  if (!v.is_object()) return PyValue(false);
  auto k = v.object().kind;
  return PyValue(k == PyObject::Kind::Function || k == PyObject::Kind::Builtin || k == PyObject::Kind::Type ||
                 k == PyObject::Kind::ExceptionType || k == PyObject::Kind::Unsimulated);
}

PyValue b_chr(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "chr", 1, 1);
  std::int64_t i = in.index_arg(a.positional[0], "an integer is required");
  if (i < 0 || i > 0x10FFFF) in.raise("ValueError", "chr() arg not in range(0x110000)");
  std::string out;
  text::append_utf8(out, static_cast<char32_t>(i));
  return PyValue(out);
}

PyValue b_ord(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "ord", 1, 1);
  const PyValue& v = a.positional[0];
  if (!v.is_str()) in.raise("TypeError", "ord() expected string of length 1, but " + in.type_name(v) + " found");
  std::size_t n = code_points(v.as_str());
  if (n != 1) in.raise("TypeError", "ord() expected a character, but string of length " + std::to_string(n) + " found");
  std::size_t i = 0;
  return PyValue(static_cast<std::int64_t>(text::decode_utf8(v.as_str(), i)));
}

PyValue int_base(Interpreter& in, Args& a, const char* name, const char* type) {
  arity(in, a, name, 1, 1);
  const PyValue& v = a.positional[0];
  if (!int_like(v)) in.raise("TypeError", "'" + in.type_name(v) + "' object cannot be interpreted as an integer");
  std::int64_t i = as_i64(v);
  std::string digits = in.format_value(PyValue(i < 0 ? -i : i), std::string("#") + type);
  return PyValue((i < 0 ? "-" : "") + digits);
}
PyValue b_hex(Interpreter& in, const PyValue&, Args& a) { return int_base(in, a, "hex", "x"); }
PyValue b_oct(Interpreter& in, const PyValue&, Args& a) { return int_base(in, a, "oct", "o"); }
PyValue b_bin(Interpreter& in, const PyValue&, Args& a) { return int_base(in, a, "bin", "b"); }

PyValue b_divmod(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "divmod", 2, 2);
  return tuple2(in.binary("//", a.positional[0], a.positional[1]), in.binary("%", a.positional[0], a.positional[1]));
}

PyValue b_pow(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "pow", 2, 3);
  if (a.positional.size() == 3 && !a.positional[2].is_none()) {
    if (!int_like(a.positional[0]) || !int_like(a.positional[1]) || !int_like(a.positional[2])) {
      in.raise("TypeError", "pow() 3rd argument not allowed unless all arguments are integers");
    }
    std::int64_t base = as_i64(a.positional[0]), exp = as_i64(a.positional[1]), mod = as_i64(a.positional[2]);
    if (mod == 0) in.raise("ValueError", "pow() 3rd argument cannot be 0");
    if (exp < 0) in.raise("ValueError", "pow() negative exponent with modulus is not simulated by ghaplay");
    __int128 r = 1, b = ((base % mod) + mod) % mod;
    while (exp > 0) {
      if (exp & 1) r = (r * b) % mod;
      b = (b * b) % mod;
      exp >>= 1;
    }
    std::int64_t out = static_cast<std::int64_t>(r);
    if (mod < 0 && out > 0) out += mod;
    return PyValue(out);
  }
  return in.binary("**", a.positional[0], a.positional[1]);
}

PyValue b_format(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "format", 1, 2);
  std::string spec = a.positional.size() > 1 ? in.str_arg(a.positional[1], "format() argument 2") : "";
  return PyValue(in.format_value(a.positional[0], spec));
}

PyValue b_open(Interpreter& in, const PyValue&, Args& a) {
  const PyValue* file = arg(a, 0, "file");
  if (!file) in.raise("TypeError", "open() missing required argument 'file' (pos 1)");
  const PyValue* mode = arg(a, 1, "mode");
  std::string m = mode ? in.str_arg(*mode, "open() argument 'mode'") : "r";
  return in.open_file(*file, m);
}

PyValue b_input(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "input", 0, 1);
  if (!a.positional.empty()) in.write_stdout(in.str(a.positional[0]));
  // A step's stdin is empty: input() meets the end of the file at once.
  in.raise("EOFError", "EOF when reading a line");
}

PyValue b_exit(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "exit", 0, 1);
  in.raise_args("SystemExit", a.positional);
}

PyValue b_getattr(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "getattr", 2, 3);
  std::string name = in.str_arg(a.positional[1], "attribute name");
  if (a.positional.size() == 2) return in.get_attr(a.positional[0], name);
  const int depth_units = in.depth_units_;
  try {
    return in.get_attr(a.positional[0], name);
  } catch (PyException& e) {
    in.depth_units_ = depth_units;
    if (is_kind(e.value, PyObject::Kind::Exception) && e.value.object().name == "AttributeError") return a.positional[2];
    throw;
  }
}

PyValue b_hasattr(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "hasattr", 2, 2);
  std::string name = in.str_arg(a.positional[1], "attribute name");
  const int depth_units = in.depth_units_;
  try {
    PyValue v = in.get_attr(a.positional[0], name);
    return PyValue(!is_kind(v, PyObject::Kind::Unsimulated) || is_kind(a.positional[0], PyObject::Kind::Unsimulated) ||
                   is_kind(a.positional[0], PyObject::Kind::Module));
  } catch (PyException& e) {
    in.depth_units_ = depth_units;
    if (is_kind(e.value, PyObject::Kind::Exception) && e.value.object().name == "AttributeError") return PyValue(false);
    throw;
  }
}

// ---- os, os.path, sys --------------------------------------------------------------------------

PyValue os_getenv(Interpreter& in, const PyValue&, Args& a) {
  const PyValue* key = arg(a, 0, "key");
  if (!key) in.raise("TypeError", "getenv() missing 1 required positional argument: 'key'");
  if (!key->is_str()) in.raise("TypeError", "str expected, not " + in.type_name(*key));
  const PyValue* deflt = arg(a, 1, "default");
  auto found = in.env_.find(key->as_str());
  if (found != in.env_.end()) return PyValue(found->second);
  return deflt ? *deflt : PyValue();
}

PyValue os_putenv(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "putenv", 2, 2);
  in.str_arg(a.positional[0], "putenv() argument 1");
  in.str_arg(a.positional[1], "putenv() argument 2");
  return PyValue();  // changes the process environment, not os.environ
}

PyValue os_getcwd(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "getcwd", 0, 0);
  auto found = in.env_.find("GITHUB_WORKSPACE");
  if (found != in.env_.end()) return PyValue(found->second);
  in.notice_unsimulated("os.getcwd", "`os.getcwd()` is not simulated without GITHUB_WORKSPACE: ghaplay uses None.");
  return PyValue();
}

std::string path_arg(Interpreter& in, const PyValue& v) {
  if (!v.is_str()) in.raise("TypeError", "expected str, bytes or os.PathLike object, not " + in.type_name(v));
  return v.as_str();
}

PyValue path_join(Interpreter& in, const PyValue&, Args& a) {
  if (a.positional.empty()) in.raise("TypeError", "join() missing 1 required positional argument: 'a'");
  std::string out = path_arg(in, a.positional[0]);
  for (std::size_t i = 1; i < a.positional.size(); ++i) {
    std::string p = path_arg(in, a.positional[i]);
    if (!p.empty() && p[0] == '/') {
      out = p;
    } else if (out.empty() || out.back() == '/') {
      out += p;
    } else {
      out += "/" + p;
    }
  }
  return PyValue(out);
}

bool is_dir(Interpreter& in, std::string p) {
  if (p.empty()) return false;
  if (p.back() != '/') p += '/';
  auto it = in.files_.lower_bound(p);
  return it != in.files_.end() && it->first.compare(0, p.size(), p) == 0;
}

PyValue path_exists(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "exists", 1, 1);
  if (!a.positional[0].is_str()) return PyValue(false);
  const std::string& p = a.positional[0].as_str();
  return PyValue(in.files_.count(p) > 0 || is_dir(in, p));
}
PyValue path_isfile(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "isfile", 1, 1);
  return PyValue(a.positional[0].is_str() && in.files_.count(a.positional[0].as_str()) > 0);
}
PyValue path_isdir(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "isdir", 1, 1);
  return PyValue(a.positional[0].is_str() && is_dir(in, a.positional[0].as_str()));
}
PyValue path_basename(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "basename", 1, 1);
  std::string p = path_arg(in, a.positional[0]);
  auto slash = p.rfind('/');
  return PyValue(slash == std::string::npos ? p : p.substr(slash + 1));
}
PyValue path_dirname(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "dirname", 1, 1);
  std::string p = path_arg(in, a.positional[0]);
  auto slash = p.rfind('/');
  if (slash == std::string::npos) return PyValue("");
  std::string head = p.substr(0, slash + 1);
  if (head.find_first_not_of('/') != std::string::npos) {
    while (!head.empty() && head.back() == '/') head.pop_back();
  }
  return PyValue(head);
}
PyValue path_split(Interpreter& in, const PyValue& self, Args& a) {
  PyValue head = path_dirname(in, self, a);
  PyValue tail = path_basename(in, self, a);
  return tuple2(head, tail);
}
PyValue path_splitext(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "splitext", 1, 1);
  std::string p = path_arg(in, a.positional[0]);
  auto slash = p.rfind('/');
  std::size_t base = slash == std::string::npos ? 0 : slash + 1;
  auto dot = p.rfind('.');
  if (dot == std::string::npos || dot <= base) return tuple2(PyValue(p), PyValue(""));
  // Leading dots of the file name do not start an extension (".bashrc").
  if (p.find_first_not_of('.', base) >= dot) return tuple2(PyValue(p), PyValue(""));
  return tuple2(PyValue(p.substr(0, dot)), PyValue(p.substr(dot)));
}
std::string normalize_path(const std::string& p) {
  if (p.empty()) return ".";
  bool absolute = p[0] == '/';
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= p.size()) {
    auto slash = p.find('/', i);
    if (slash == std::string::npos) slash = p.size();
    std::string part = p.substr(i, slash - i);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = slash + 1;
  }
  std::string out = absolute ? "/" : "";
  for (std::size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  return out.empty() ? "." : out;
}
PyValue path_normpath(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "normpath", 1, 1);
  return PyValue(normalize_path(path_arg(in, a.positional[0])));
}
PyValue path_abspath(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "abspath", 1, 1);
  std::string p = path_arg(in, a.positional[0]);
  if (p.empty() || p[0] != '/') {
    auto ws = in.env_.find("GITHUB_WORKSPACE");
    if (ws == in.env_.end()) {
      in.notice_unsimulated("os.path.abspath", "The working directory is unknown without GITHUB_WORKSPACE: the path stays relative.");
      return PyValue(p);
    }
    p = ws->second + "/" + p;
  }
  return PyValue(normalize_path(p));
}
PyValue path_expanduser(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "expanduser", 1, 1);
  std::string p = path_arg(in, a.positional[0]);
  if (p.empty() || p[0] != '~' || (p.size() > 1 && p[1] != '/')) return PyValue(p);
  auto home = in.env_.find("HOME");
  std::string h = home != in.env_.end() ? home->second : "/home/runner";
  return PyValue(h + p.substr(1));
}
PyValue path_getsize(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "getsize", 1, 1);
  std::string p = path_arg(in, a.positional[0]);
  auto found = in.files_.find(p);
  if (found == in.files_.end()) {
    PyException e;
    e.value = in.make_exception("FileNotFoundError", {PyValue(std::int64_t{2}), PyValue("No such file or directory")});
    e.value.object().path = p;
    in.raise_exception(std::move(e));
  }
  return PyValue(static_cast<std::int64_t>(found->second.size()));
}

PyValue sys_exit(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "exit", 0, 1);
  in.raise_args("SystemExit", a.positional);
}

// ---- json --------------------------------------------------------------------------------------

PyValue json_dumps(Interpreter& in, const PyValue&, Args& a) {
  const PyValue* obj = arg(a, 0, "obj");
  if (!obj) in.raise("TypeError", "dumps() missing 1 required positional argument: 'obj'");
  if (a.positional.size() > 1) in.raise("TypeError", "dumps() takes 1 positional argument but " + std::to_string(a.positional.size()) + " were given");
  return PyValue(in.json_dumps(*obj, a));
}

PyValue json_dump(Interpreter& in, const PyValue&, Args& a) {
  const PyValue* obj = arg(a, 0, "obj");
  const PyValue* fp = arg(a, 1, "fp");
  if (!obj || !fp) in.raise("TypeError", "dump() missing 1 required positional argument: 'fp'");
  std::string text = in.json_dumps(*obj, a);
  if (is_kind(*fp, PyObject::Kind::File)) {
    in.write_file(fp->object(), text);
    return PyValue();
  }
  in.raise("AttributeError", "'" + in.type_name(*fp) + "' object has no attribute 'write'");
}

PyValue json_loads(Interpreter& in, const PyValue&, Args& a) {
  const PyValue* s = arg(a, 0, "s");
  if (!s) in.raise("TypeError", "loads() missing 1 required positional argument: 's'");
  if (!s->is_str()) in.raise("TypeError", "the JSON object must be str, bytes or bytearray, not " + in.type_name(*s));
  return in.json_loads(s->as_str());
}

PyValue json_load(Interpreter& in, const PyValue&, Args& a) {
  const PyValue* fp = arg(a, 0, "fp");
  if (!fp) in.raise("TypeError", "load() missing 1 required positional argument: 'fp'");
  Args none;
  PyValue text = in.call(in.get_attr(*fp, "read"), none);
  if (!text.is_str()) in.raise("TypeError", "the JSON object must be str, bytes or bytearray, not " + in.type_name(text));
  return in.json_loads(text.as_str());
}

// ---- math --------------------------------------------------------------------------------------

double real_arg(Interpreter& in, const Args& a, std::size_t i, const char* name) {
  if (i >= a.positional.size()) in.raise("TypeError", std::string(name) + "() missing required argument");
  const PyValue& v = a.positional[i];
  if (!v.is_number()) in.raise("TypeError", "must be real number, not " + in.type_name(v));
  return as_double(v);
}

PyValue float_to_int(Interpreter& in, double d) {
  if (std::isnan(d)) in.raise("ValueError", "cannot convert float NaN to integer");
  if (std::isinf(d)) in.raise("OverflowError", "cannot convert float infinity to integer");
  if (std::fabs(d) >= 9.2233720368547758e18) in.raise("OverflowError", "integer too large for ghaplay (64 bits)");
  return PyValue(static_cast<std::int64_t>(d));
}

PyValue math_floor(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "floor", 1, 1);
  if (int_like(a.positional[0])) return PyValue(as_i64(a.positional[0]));
  return float_to_int(in, std::floor(real_arg(in, a, 0, "floor")));
}
PyValue math_ceil(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "ceil", 1, 1);
  if (int_like(a.positional[0])) return PyValue(as_i64(a.positional[0]));
  return float_to_int(in, std::ceil(real_arg(in, a, 0, "ceil")));
}
PyValue math_trunc(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "trunc", 1, 1);
  if (int_like(a.positional[0])) return PyValue(as_i64(a.positional[0]));
  return float_to_int(in, std::trunc(real_arg(in, a, 0, "trunc")));
}
PyValue math_sqrt(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "sqrt", 1, 1);
  double d = real_arg(in, a, 0, "sqrt");
  if (d < 0) in.raise("ValueError", "math domain error");
  return PyValue(std::sqrt(d));
}
PyValue math_log(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "log", 1, 2);
  double d = real_arg(in, a, 0, "log");
  if (d <= 0) in.raise("ValueError", "math domain error");
  double r = std::log(d);
  if (a.positional.size() == 2) {
    double b = real_arg(in, a, 1, "log");
    if (b <= 0 || b == 1) in.raise(b == 1 ? "ZeroDivisionError" : "ValueError", b == 1 ? "float division by zero" : "math domain error");
    r /= std::log(b);
  }
  return PyValue(r);
}
PyValue math_log10(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "log10", 1, 1);
  double d = real_arg(in, a, 0, "log10");
  if (d <= 0) in.raise("ValueError", "math domain error");
  return PyValue(std::log10(d));
}
PyValue math_log2(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "log2", 1, 1);
  double d = real_arg(in, a, 0, "log2");
  if (d <= 0) in.raise("ValueError", "math domain error");
  return PyValue(std::log2(d));
}
PyValue math_exp(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "exp", 1, 1);
  double r = std::exp(real_arg(in, a, 0, "exp"));
  if (std::isinf(r)) in.raise("OverflowError", "math range error");
  return PyValue(r);
}
PyValue math_fabs(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "fabs", 1, 1);
  return PyValue(std::fabs(real_arg(in, a, 0, "fabs")));
}
PyValue math_pow(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "pow", 2, 2);
  return PyValue(std::pow(real_arg(in, a, 0, "pow"), real_arg(in, a, 1, "pow")));
}
PyValue math_isnan(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "isnan", 1, 1);
  return PyValue(std::isnan(real_arg(in, a, 0, "isnan")));
}
PyValue math_isinf(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "isinf", 1, 1);
  return PyValue(std::isinf(real_arg(in, a, 0, "isinf")));
}
PyValue math_isfinite(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "isfinite", 1, 1);
  return PyValue(std::isfinite(real_arg(in, a, 0, "isfinite")));
}
PyValue math_gcd(Interpreter& in, const PyValue&, Args& a) {
  std::int64_t g = 0;
  for (const auto& v : a.positional) {
    std::int64_t x = in.index_arg(v, "gcd() arguments");
    x = x < 0 ? -x : x;
    while (x) {
      std::int64_t t = g % x;
      g = x;
      x = t;
    }
  }
  return PyValue(g);
}

}  // namespace

// ---- the table and the objects built-ins are made of -------------------------------------------

void add_functions(BuiltinTable& t) {
  t["print"] = b_print;
  t["len"] = b_len;
  t["repr"] = b_repr;
  t["ascii"] = b_ascii;
  t["abs"] = b_abs;
  t["round"] = b_round;
  t["min"] = b_min;
  t["max"] = b_max;
  t["sum"] = b_sum;
  t["sorted"] = b_sorted;
  t["reversed"] = b_reversed;
  t["enumerate"] = b_enumerate;
  t["zip"] = b_zip;
  t["map"] = b_map;
  t["filter"] = b_filter;
  t["any"] = b_any;
  t["all"] = b_all;
  t["isinstance"] = b_isinstance;
  t["callable"] = b_callable;
  t["chr"] = b_chr;
  t["ord"] = b_ord;
  t["hex"] = b_hex;
  t["oct"] = b_oct;
  t["bin"] = b_bin;
  t["divmod"] = b_divmod;
  t["pow"] = b_pow;
  t["format"] = b_format;
  t["open"] = b_open;
  t["input"] = b_input;
  t["exit"] = b_exit;
  t["quit"] = b_exit;
  t["getattr"] = b_getattr;
  t["hasattr"] = b_hasattr;
  t["os.getenv"] = os_getenv;
  t["os.putenv"] = os_putenv;
  t["os.getcwd"] = os_getcwd;
  t["os.path.join"] = path_join;
  t["os.path.exists"] = path_exists;
  t["os.path.isfile"] = path_isfile;
  t["os.path.isdir"] = path_isdir;
  t["os.path.basename"] = path_basename;
  t["os.path.dirname"] = path_dirname;
  t["os.path.split"] = path_split;
  t["os.path.splitext"] = path_splitext;
  t["os.path.normpath"] = path_normpath;
  t["os.path.abspath"] = path_abspath;
  t["os.path.expanduser"] = path_expanduser;
  t["os.path.getsize"] = path_getsize;
  t["sys.exit"] = sys_exit;
  t["json.dumps"] = json_dumps;
  t["json.dump"] = json_dump;
  t["json.loads"] = json_loads;
  t["json.load"] = json_load;
  t["math.floor"] = math_floor;
  t["math.ceil"] = math_ceil;
  t["math.trunc"] = math_trunc;
  t["math.sqrt"] = math_sqrt;
  t["math.log"] = math_log;
  t["math.log10"] = math_log10;
  t["math.log2"] = math_log2;
  t["math.exp"] = math_exp;
  t["math.fabs"] = math_fabs;
  t["math.pow"] = math_pow;
  t["math.isnan"] = math_isnan;
  t["math.isinf"] = math_isinf;
  t["math.isfinite"] = math_isfinite;
  t["math.gcd"] = math_gcd;
}

BuiltinFn find_builtin(const std::string& name) {
  static const BuiltinTable table = [] {
    BuiltinTable t;
    add_functions(t);
    add_methods(t);
    return t;
  }();
  auto found = table.find(name);
  return found == table.end() ? nullptr : found->second;
}

PyValue Interpreter::builtin(const std::string& name, PyValue self) {
  auto o = make_object(PyObject::Kind::Builtin, name);
  o->self = std::move(self);
  return PyValue(o);
}

PyValue Interpreter::type_object(const std::string& name) {
  auto found = types_.find(name);
  if (found != types_.end()) return found->second;
  PyValue t(make_object(PyObject::Kind::Type, name));
  types_.emplace(name, t);
  return t;
}

PyValue Interpreter::exception_type(const std::string& name) {
  auto found = types_.find("exception:" + name);
  if (found != types_.end()) return found->second;
  PyValue t(make_object(PyObject::Kind::ExceptionType, name));
  types_.emplace("exception:" + name, t);
  return t;
}

void Interpreter::init_builtins() {
  // The order of CPython's builtins module (it decides ties between "Did you mean" candidates).
  for (const char* f : {"abs", "all", "any", "ascii", "bin", "callable", "chr", "divmod", "format", "getattr", "hasattr",
                        "hex", "input", "isinstance", "len", "max", "min", "oct", "ord", "pow", "print", "repr", "round",
                        "sorted", "sum"}) {
    builtins_[f] = builtin(f);
  }
  for (const char* t : {"bool", "dict", "float", "frozenset", "int", "list", "object", "range", "set", "str", "tuple", "type"}) {
    builtins_[t] = type_object(t);
  }
  for (const char* f : {"enumerate", "filter", "map", "reversed", "zip", "open", "quit", "exit"}) builtins_[f] = builtin(f);
  for (const char* e : {"BaseException", "SystemExit", "KeyboardInterrupt", "Exception", "ArithmeticError",
                        "ZeroDivisionError", "OverflowError", "AssertionError", "AttributeError", "EOFError",
                        "ImportError", "ModuleNotFoundError", "LookupError", "IndexError", "KeyError", "MemoryError",
                        "NameError", "UnboundLocalError", "OSError", "IOError", "FileNotFoundError", "FileExistsError",
                        "IsADirectoryError", "PermissionError", "RuntimeError", "NotImplementedError", "RecursionError",
                        "StopIteration", "SyntaxError", "TypeError", "ValueError", "UnicodeError", "Warning"}) {
    builtins_[e] = exception_type(e);
  }
  auto out = make_object(PyObject::Kind::File, "stdout");
  out->path = "<stdout>";
  out->mode = "w";
  stdout_file_ = PyValue(out);
  auto err = make_object(PyObject::Kind::File, "stderr");
  err->path = "<stderr>";
  err->mode = "w";
  stderr_file_ = PyValue(err);
}

PyValue Interpreter::module(const std::string& name) {
  auto found = modules_.find(name);
  if (found != modules_.end()) return found->second;
  auto m = make_object(PyObject::Kind::Module, name);
  m->attrs = std::make_shared<PyDict>();
  PyDict& attrs = *m->attrs;
  auto fn = [&](const char* short_name) { attrs.set(PyValue(short_name), builtin(name + "." + short_name)); };
  if (name == "os") {
    attrs.set(PyValue("environ"), PyValue(make_object(PyObject::Kind::Environ, "os.environ")));
    for (const char* f : {"getenv", "putenv", "getcwd"}) fn(f);
    attrs.set(PyValue("path"), module("os.path"));
    attrs.set(PyValue("sep"), PyValue("/"));
    attrs.set(PyValue("linesep"), PyValue("\n"));
    attrs.set(PyValue("pathsep"), PyValue(":"));
    attrs.set(PyValue("curdir"), PyValue("."));
    attrs.set(PyValue("devnull"), PyValue("/dev/null"));
    attrs.set(PyValue("name"), PyValue("posix"));
  } else if (name == "os.path") {
    for (const char* f : {"join", "exists", "isfile", "isdir", "basename", "dirname", "split", "splitext", "normpath",
                          "abspath", "expanduser", "getsize"}) {
      fn(f);
    }
    attrs.set(PyValue("sep"), PyValue("/"));
  } else if (name == "sys") {
    fn("exit");
    attrs.set(PyValue("argv"), PyValue::list({PyValue(kScriptPath)}));
    attrs.set(PyValue("stdout"), stdout_file_);
    attrs.set(PyValue("stderr"), stderr_file_);
    attrs.set(PyValue("platform"), PyValue("linux"));
    attrs.set(PyValue("version"), PyValue("3.12.3 (main, ghaplay) [GCC 13.2.0]"));
    attrs.set(PyValue("version_info"), PyValue::tuple({PyValue(3), PyValue(12), PyValue(3), PyValue("final"), PyValue(0)}));
    attrs.set(PyValue("executable"), PyValue("/usr/bin/python"));
    attrs.set(PyValue("maxsize"), PyValue(std::numeric_limits<std::int64_t>::max()));
    attrs.set(PyValue("byteorder"), PyValue("little"));
  } else if (name == "json") {
    for (const char* f : {"dumps", "dump", "loads", "load"}) fn(f);
    attrs.set(PyValue("JSONDecodeError"), exception_type("JSONDecodeError"));
  } else if (name == "json.decoder") {
    attrs.set(PyValue("JSONDecodeError"), exception_type("JSONDecodeError"));
  } else if (name == "re") {
    for (const char* f : {"compile", "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split", "escape"}) fn(f);
    const std::pair<const char*, int> flags[] = {{"I", 2},         {"IGNORECASE", 2}, {"M", 8},   {"MULTILINE", 8},
                                                 {"S", 16},        {"DOTALL", 16},    {"X", 64},  {"VERBOSE", 64},
                                                 {"A", 256},       {"ASCII", 256}};
    for (const auto& [k, v] : flags) attrs.set(PyValue(k), PyValue(v));
    attrs.set(PyValue("error"), exception_type("error"));
  } else if (name == "math") {
    for (const char* f : {"floor", "ceil", "trunc", "sqrt", "log", "log10", "log2", "exp", "fabs", "pow", "isnan",
                          "isinf", "isfinite", "gcd"}) {
      fn(f);
    }
    attrs.set(PyValue("pi"), PyValue(3.141592653589793));
    attrs.set(PyValue("e"), PyValue(2.718281828459045));
    attrs.set(PyValue("tau"), PyValue(6.283185307179586));
    attrs.set(PyValue("inf"), PyValue(INFINITY));
    attrs.set(PyValue("nan"), PyValue(NAN));
  } else {
    // Anything else (subprocess, requests, datetime...): importing works, using it is unsimulated.
    PyValue u(make_object(PyObject::Kind::Unsimulated, name));
    modules_.emplace(name, u);
    return u;
  }
  PyValue v(m);
  modules_.emplace(name, v);
  return v;
}

// ---- files -------------------------------------------------------------------------------------

PyValue Interpreter::open_file(const PyValue& path_value, const std::string& mode) {
  if (int_like(path_value)) {
    notice_unsupported("open() on a file descriptor is not simulated by ghaplay.");
    raise("OSError", "[Errno 9] Bad file descriptor");
  }
  if (!path_value.is_str()) raise("TypeError", "expected str, bytes or os.PathLike object, not " + type_name(path_value));
  const std::string& path = path_value.as_str();
  int kinds = 0;
  for (char c : mode) {
    if (std::string("rwaxbt+U").find(c) == std::string::npos || std::count(mode.begin(), mode.end(), c) > 1) {
      raise("ValueError", "invalid mode: '" + mode + "'");
    }
    if (c == 'r' || c == 'w' || c == 'a' || c == 'x') ++kinds;
  }
  if (kinds != 1) raise("ValueError", "must have exactly one of create/read/write/append mode");
  auto os_error = [&](const char* type, int errno_value, const char* message) {
    PyException e;
    e.value = make_exception(type, {PyValue(errno_value), PyValue(message)});
    e.value.object().path = path;
    raise_exception(std::move(e));
  };
  if (path.empty()) os_error("FileNotFoundError", 2, "No such file or directory");
  bool exists = files_.count(path) > 0;
  if (path.back() == '/' || (!exists && is_dir(*this, path))) os_error("IsADirectoryError", 21, "Is a directory");
  char kind = *std::find_if(mode.begin(), mode.end(), [](char c) { return c == 'r' || c == 'w' || c == 'a' || c == 'x'; });
  if (kind == 'r' && !exists) {
    notice_unsupported("ghaplay has the runner's own files ($GITHUB_OUTPUT, $GITHUB_ENV...) but not the repository's: `" +
                       path + "` does not exist in the simulation.");
    os_error("FileNotFoundError", 2, "No such file or directory");
  }
  if (kind == 'x' && exists) os_error("FileExistsError", 17, "File exists");
  if (kind == 'w' || kind == 'x') files_[path] = "";
  if (kind == 'a' && !exists) files_[path] = "";
  auto f = make_object(PyObject::Kind::File, path);
  f->path = path;
  f->mode = mode;
  f->read_pos = kind == 'a' ? files_[path].size() : 0;
  return PyValue(f);
}

void Interpreter::write_file(PyObject& file, const std::string& text) {
  if (file.closed) raise("ValueError", "I/O operation on closed file.");
  if (file.path == "<stdout>") {
    write_stdout(text);
    return;
  }
  if (file.path == "<stderr>") {
    write_stderr(text);
    return;
  }
  if (file.mode.find_first_of("wax+") == std::string::npos) raise("UnsupportedOperation", "not writable");
  std::string& content = files_[file.path];
  if (content.size() + text.size() > kMaxString) {
    PyException e;
    e.value = make_exception("OSError", {PyValue(28), PyValue("No space left on device")});
    raise_exception(std::move(e));
  }
  tick(text.size() / 4096);
  content += text;
  if (!output_path_.empty() && file.path == output_path_) mark_feeding_output(statement_notices_);
}

}  // namespace ghaplay::scripts::python
