// Values as text, the way CPython 3.12 writes them: str() and repr(), format specs (f-strings,
// format(), str.format), printf-style `%`, and the json module's dumps/loads.

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>

#include "common/text.h"
#include "scripts/python/interpreter.h"

namespace ghaplay::scripts::python {
namespace {

bool int_like(const PyValue& v) { return v.is_int() || v.is_bool(); }
std::int64_t as_i64(const PyValue& v) { return v.is_bool() ? (v.as_bool() ? 1 : 0) : v.as_int(); }
double as_double(const PyValue& v) { return v.is_float() ? v.as_float() : static_cast<double>(as_i64(v)); }

constexpr const char* kFakeAddress = "0x7f5e3c2a1b40";  // CPython prints addresses; ghaplay one fixed

struct ReprGuard {
  std::vector<const void*>& stack;
  ReprGuard(std::vector<const void*>& s, const void* id) : stack(s) { stack.push_back(id); }
  ~ReprGuard() { stack.pop_back(); }
};

std::string module_repr(const std::string& name) {
  if (name == "os") return "<module 'os' (frozen)>";
  if (name == "sys" || name == "math") return "<module '" + name + "' (built-in)>";
  if (name == "os.path") return "<module 'posixpath' (frozen)>";
  if (name == "json" || name == "re") return "<module '" + name + "' from '/usr/lib/python3.12/" + name + "/__init__.py'>";
  return "<module '" + name + "'>";
}

}  // namespace

// ---- str() and repr() --------------------------------------------------------------------------

std::string Interpreter::str(const PyValue& v) {
  switch (v.kind()) {
    case PyValue::Kind::Str: return v.as_str();
    case PyValue::Kind::Object: {
      const PyObject& o = v.object();
      if (o.kind == PyObject::Kind::Exception) {
        if (o.name == "KeyError" && o.args.size() == 1) return repr(o.args[0]);
        if (o.args.size() >= 2 && int_like(o.args[0]) && exception_matches(o.name, "OSError")) {
          std::string out = "[Errno " + std::to_string(as_i64(o.args[0])) + "] " + str(o.args[1]);
          if (!o.path.empty()) out += ": " + repr(PyValue(o.path));
          return out;
        }
        if (o.args.empty()) return "";
        if (o.args.size() == 1) return str(o.args[0]);
        return repr(PyValue::tuple(o.args));
      }
      return repr(v);
    }
    default: return repr(v);
  }
}

std::string Interpreter::repr(const PyValue& v) {
  switch (v.kind()) {
    case PyValue::Kind::None: return "None";
    case PyValue::Kind::Bool: return v.as_bool() ? "True" : "False";
    case PyValue::Kind::Int: return std::to_string(v.as_int());
    case PyValue::Kind::Float: return float_repr(v.as_float());
    case PyValue::Kind::Str: return str_repr(v.as_str());
    case PyValue::Kind::Seq: {
      const PySeq& s = v.seq();
      const char* open = s.kind == PySeq::Kind::List ? "[" : s.kind == PySeq::Kind::Tuple ? "(" : "{";
      const char* close = s.kind == PySeq::Kind::List ? "]" : s.kind == PySeq::Kind::Tuple ? ")" : "}";
      if (s.kind == PySeq::Kind::Set && s.items.empty()) return "set()";
      if (std::find(repr_stack_.begin(), repr_stack_.end(), v.identity()) != repr_stack_.end()) {
        return std::string(open) + "..." + close;
      }
      if (repr_stack_.size() >= static_cast<std::size_t>(kMaxReprDepth)) {
        raise("RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
      }
      ReprGuard guard(repr_stack_, v.identity());
      tick(s.items.size() / 64);
      std::string out = open;
      for (std::size_t i = 0; i < s.items.size(); ++i) {
        if (i > 0) out += ", ";
        out += repr(s.items[i]);
        if (out.size() > kMaxString) raise("MemoryError", "");
      }
      if (s.kind == PySeq::Kind::Tuple && s.items.size() == 1) out += ",";
      return out + close;
    }
    case PyValue::Kind::Dict: {
      if (std::find(repr_stack_.begin(), repr_stack_.end(), v.identity()) != repr_stack_.end()) return "{...}";
      if (repr_stack_.size() >= static_cast<std::size_t>(kMaxReprDepth)) {
        raise("RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
      }
      ReprGuard guard(repr_stack_, v.identity());
      tick(v.dict_ref().size() / 64);
      std::string out = "{";
      bool first = true;
      for (const auto& [k, val] : v.dict_ref().entries()) {
        if (!first) out += ", ";
        first = false;
        out += repr(k) + ": " + repr(val);
        if (out.size() > kMaxString) raise("MemoryError", "");
      }
      return out + "}";
    }
    case PyValue::Kind::Object: break;
  }
  const PyObject& o = v.object();
  switch (o.kind) {
    case PyObject::Kind::Function: return "<function " + o.name + " at " + kFakeAddress + ">";
    case PyObject::Kind::Builtin: {
      std::string n = o.name;
      auto dot = n.rfind('.');
      std::string short_name = dot == std::string::npos ? n : n.substr(dot + 1);
      if (o.self.is_none()) return "<built-in function " + short_name + ">";
      return "<built-in method " + short_name + " of " + type_name(o.self) + " object at " + kFakeAddress + ">";
    }
    case PyObject::Kind::Module: return module_repr(o.name);
    case PyObject::Kind::File:
      return "<_io.TextIOWrapper name=" + str_repr(o.path) + " mode=" + str_repr(o.mode) + " encoding='" +
             (o.path == "<stdout>" || o.path == "<stderr>" ? "utf-8" : "UTF-8") + "'>";
    case PyObject::Kind::Exception: {
      std::string out = o.name + "(";
      for (std::size_t i = 0; i < o.args.size(); ++i) {
        if (i > 0) out += ", ";
        out += repr(o.args[i]);
      }
      return out + ")";
    }
    case PyObject::Kind::ExceptionType:
      return "<class '" + std::string(o.name == "JSONDecodeError" ? "json.decoder.JSONDecodeError" : o.name) + "'>";
    case PyObject::Kind::Type: return "<class '" + o.name + "'>";
    case PyObject::Kind::Range:
      return "range(" + std::to_string(o.start) + ", " + std::to_string(o.stop) +
             (o.step == 1 ? "" : ", " + std::to_string(o.step)) + ")";
    case PyObject::Kind::Environ: {
      std::string out = "environ({";
      bool first = true;
      for (const auto& [k, val] : env_) {
        if (!first) out += ", ";
        first = false;
        out += str_repr(k) + ": " + str_repr(val);
      }
      return out + "})";
    }
    case PyObject::Kind::Match: {
      auto [a, b] = o.groups.empty() ? std::make_pair(std::size_t{0}, std::size_t{0}) : o.groups[0];
      return "<re.Match object; span=(" + std::to_string(code_points(std::string_view(o.subject).substr(0, a))) + ", " +
             std::to_string(code_points(std::string_view(o.subject).substr(0, b))) + "), match=" +
             str_repr(o.subject.substr(a, b - a)) + ">";
    }
    case PyObject::Kind::Pattern:
      return "re.compile(" + str_repr(o.name) + (o.flags & 2 ? ", re.IGNORECASE" : "") + ")";
    case PyObject::Kind::Unsimulated: return "<" + o.name + " (not simulated by ghaplay)>";
  }
  return "<object>";
}

std::string Interpreter::ascii(const PyValue& v) {
  std::string r = repr(v);
  if (is_ascii(r)) return r;
  std::string out;
  for (std::size_t i = 0; i < r.size();) {
    char32_t c = text::decode_utf8(r, i);
    char buf[16];
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x100) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
      out += buf;
    } else if (c < 0x10000) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(c));
      out += buf;
    }
  }
  return out;
}

// ---- format specs ------------------------------------------------------------------------------

namespace {

struct Spec {
  std::string fill = " ";
  char align = 0;  // < > ^ = or 0
  char sign = 0;   // + - space or 0
  bool alternate = false;
  bool zero = false;
  std::size_t width = 0;
  char grouping = 0;  // , _ or 0
  int precision = -1;
  char type = 0;
};

// [[fill]align][sign][z][#][0][width][grouping][.precision][type]
bool parse_spec(const std::string& s, Spec& spec) {
  std::size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  // The fill may be any character (one code point).
  std::size_t first_len = 0;
  if (!s.empty()) {
    std::size_t j = 0;
    text::decode_utf8(s, j);
    first_len = j;
  }
  if (first_len > 0 && first_len < s.size() && is_align(s[first_len])) {
    spec.fill = s.substr(0, first_len);
    spec.align = s[first_len];
    i = first_len + 1;
  } else if (!s.empty() && is_align(s[0])) {
    spec.align = s[0];
    i = 1;
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) spec.sign = s[i++];
  if (i < s.size() && s[i] == 'z') ++i;
  if (i < s.size() && s[i] == '#') {
    spec.alternate = true;
    ++i;
  }
  if (i < s.size() && s[i] == '0') {
    spec.zero = true;
    ++i;
  }
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    spec.width = spec.width * 10 + static_cast<std::size_t>(s[i] - '0');
    if (spec.width > kMaxString) return false;
    ++i;
  }
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) spec.grouping = s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    spec.precision = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      spec.precision = spec.precision * 10 + (s[i] - '0');
      if (spec.precision > 1000) return false;
      ++i;
    }
  }
  if (i < s.size()) spec.type = s[i++];
  return i == s.size();
}

std::string group_digits(const std::string& digits, char sep, std::size_t every) {
  std::string out;
  std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % every == 0) out += sep;
    out += digits[i];
  }
  return out;
}

// Pads `body` (after `sign_prefix`, e.g. "-" or "0x") to the spec's width.
std::string pad(const Spec& spec, const std::string& sign_prefix, const std::string& body, char default_align) {
  std::size_t len = code_points(sign_prefix) + code_points(body);
  char align = spec.align ? spec.align : default_align;
  std::string fill = spec.fill;
  if (spec.zero && !spec.align) {
    align = '=';
    fill = "0";
  }
  if (len >= spec.width) return sign_prefix + body;
  std::size_t missing = spec.width - len;
  auto repeat = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += fill;
    return out;
  };
  switch (align) {
    case '<': return sign_prefix + body + repeat(missing);
    case '^': return repeat(missing / 2) + sign_prefix + body + repeat(missing - missing / 2);
    case '=': return sign_prefix + repeat(missing) + body;
    default: return repeat(missing) + sign_prefix + body;
  }
}

// Python's float formatting for the types e f g % and the empty type with a precision.
std::string format_float(double d, char type, int precision, bool alternate) {
  if (std::isnan(d)) return type >= 'A' && type <= 'Z' ? "NAN" : "nan";
  if (std::isinf(d)) return type >= 'A' && type <= 'Z' ? "INF" : "inf";
  char buf[1200];
  switch (type) {
    case 'f':
    case 'F':
    case '%':
      std::snprintf(buf, sizeof buf, alternate ? "%#.*f" : "%.*f", precision < 0 ? 6 : precision, d);
      return buf;
    case 'e':
    case 'E':
      std::snprintf(buf, sizeof buf, type == 'e' ? (alternate ? "%#.*e" : "%.*e") : (alternate ? "%#.*E" : "%.*E"),
                    precision < 0 ? 6 : precision, d);
      return buf;
    case 'g':
    case 'G': {
      int p = precision < 0 ? 6 : std::max(precision, 1);
      std::snprintf(buf, sizeof buf, type == 'g' ? (alternate ? "%#.*g" : "%.*g") : (alternate ? "%#.*G" : "%.*G"), p, d);
      return buf;
    }
    default: {
      // No type, with a precision: like 'g', but scientific from exp >= p - 1 and at least one
      // digit after the point in fixed notation.
      int p = std::max(precision, 1);
      std::snprintf(buf, sizeof buf, "%.*e", p - 1, d);
      int exp = std::atoi(std::strchr(buf, 'e') + 1);
      std::string out;
      if (exp >= -4 && exp < p - 1) {
        std::snprintf(buf, sizeof buf, "%.*f", std::max(0, p - 1 - exp), d);
        out = buf;
        if (out.find('.') != std::string::npos) {
          while (out.back() == '0') out.pop_back();
          if (out.back() == '.') out += '0';
        } else {
          out += ".0";
        }
      } else {
        std::snprintf(buf, sizeof buf, "%.*e", p - 1, d);
        out = buf;
        auto e = out.find('e');
        std::string mantissa = out.substr(0, e);
        if (mantissa.find('.') != std::string::npos) {
          while (mantissa.back() == '0') mantissa.pop_back();
          if (mantissa.back() == '.') mantissa.pop_back();
        }
        out = mantissa + out.substr(e);
      }
      return out;
    }
  }
}

}  // namespace

std::string Interpreter::format_value(const PyValue& v, const std::string& spec_text) {
  if (spec_text.empty()) return str(v);
  Spec spec;
  if (!parse_spec(spec_text, spec)) raise("ValueError", "Invalid format specifier '" + spec_text + "' for object of type '" + type_name(v) + "'");
  auto unknown = [&]() -> std::string {
    raise("ValueError", std::string("Unknown format code '") + spec.type + "' for object of type '" + type_name(v) + "'");
  };
  if (v.is_str()) {
    if (spec.type && spec.type != 's') return unknown();
    if (spec.sign) raise("ValueError", "Sign not allowed in string format specifier");
    if (spec.align == '=') raise("ValueError", "'=' alignment not allowed in string format specifier");
    std::string body = v.as_str();
    if (spec.precision >= 0) {
      auto offsets = code_point_offsets(body);
      if (static_cast<std::size_t>(spec.precision) + 1 < offsets.size()) body = body.substr(0, offsets[static_cast<std::size_t>(spec.precision)]);
    }
    return pad(spec, "", body, '<');
  }
  if (int_like(v) || v.is_float()) {
    char type = spec.type;
    bool as_float = v.is_float() || (type && std::string("eEfFgG%").find(type) != std::string::npos);
    if (!as_float) {
      std::int64_t i = as_i64(v);
      if (type && std::string("bcdoxXn").find(type) == std::string::npos) return unknown();
      if (spec.precision >= 0) raise("ValueError", "Precision not allowed in integer format specifier");
      std::uint64_t magnitude = i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
      std::string sign = i < 0 ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
      std::string digits;
      std::string prefix;
      if (type == 'c') {
        std::string ch;
        text::append_utf8(ch, static_cast<char32_t>(magnitude));
        return pad(spec, "", ch, '<');
      }
      int base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
      if (magnitude == 0) digits = "0";
      while (magnitude > 0) {
        int d = static_cast<int>(magnitude % static_cast<std::uint64_t>(base));
        digits += static_cast<char>(d < 10 ? '0' + d : (type == 'X' ? 'A' : 'a') + d - 10);
        magnitude /= static_cast<std::uint64_t>(base);
      }
      std::reverse(digits.begin(), digits.end());
      if (spec.alternate && base != 10) prefix = base == 2 ? "0b" : base == 8 ? "0o" : type == 'X' ? "0X" : "0x";
      if (spec.grouping) digits = group_digits(digits, spec.grouping, base == 10 ? 3 : 4);
      if (v.is_bool() && !type && !spec.grouping && !spec.sign && !spec.zero && spec.width == 0) return str(v);
      return pad(spec, sign + prefix, digits, '>');
    }
    double d = as_double(v);
    if (type && std::string("eEfFgGn%").find(type) == std::string::npos) return unknown();
    if (!type && spec.precision < 0) {
      std::string body = int_like(v) ? std::to_string(as_i64(v)) : float_repr(d);
      std::string sign;
      if (!body.empty() && body[0] == '-') {
        sign = "-";
        body = body.substr(1);
      } else if (spec.sign == '+' || spec.sign == ' ') {
        sign = std::string(1, spec.sign);
      }
      if (spec.grouping) {
        auto dot = body.find_first_of(".e");
        body = group_digits(body.substr(0, dot), spec.grouping, 3) + (dot == std::string::npos ? "" : body.substr(dot));
      }
      return pad(spec, sign, body, '>');
    }
    double value = type == '%' ? d * 100 : d;
    std::string body = format_float(std::fabs(value), type == 'n' ? 'g' : type, spec.precision, spec.alternate);
    bool negative = std::signbit(value) && !std::isnan(value);
    std::string sign = negative ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    if (spec.grouping) {
      auto dot = body.find_first_of(".eE");
      std::string int_part = body.substr(0, dot);
      if (std::all_of(int_part.begin(), int_part.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        body = group_digits(int_part, spec.grouping, 3) + (dot == std::string::npos ? "" : body.substr(dot));
      }
    }
    if (type == '%') body += "%";
    return pad(spec, sign, body, '>');
  }
  raise("TypeError", "unsupported format string passed to " + type_name(v) + ".__format__");
}

// ---- printf-style `%` --------------------------------------------------------------------------

std::string Interpreter::percent_format(const std::string& format, const PyValue& args) {
  std::vector<PyValue> values;
  const PyValue* mapping = nullptr;
  if (args.is_tuple()) {
    values = args.seq().items;
  } else if (args.is_dict()) {
    mapping = &args;
    values.push_back(args);
  } else {
    values.push_back(args);
  }
  std::size_t next = 0;
  bool used_mapping = false;
  std::string out;
  auto take = [&]() -> PyValue {
    if (next >= values.size()) raise("TypeError", "not enough arguments for format string");
    return values[next++];
  };
  for (std::size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c != '%') {
      out += c;
      continue;
    }
    std::size_t start = i;
    if (++i >= format.size()) raise("ValueError", "incomplete format");
    PyValue value;
    bool have_value = false;
    if (format[i] == '(') {
      if (!mapping) raise("TypeError", "format requires a mapping");
      auto close = format.find(')', i);
      if (close == std::string::npos) raise("ValueError", "incomplete format key");
      PyValue key(format.substr(i + 1, close - i - 1));
      const PyValue* found = mapping->dict_ref().find(key);
      if (!found) raise_args("KeyError", {key});
      value = *found;
      have_value = true;
      used_mapping = true;
      i = close + 1;
    }
    Spec spec;
    for (; i < format.size(); ++i) {
      char f = format[i];
      if (f == '-') spec.align = '<';
      else if (f == '0') spec.zero = true;
      else if (f == '+') spec.sign = '+';
      else if (f == ' ') { if (spec.sign != '+') spec.sign = ' '; }
      else if (f == '#') spec.alternate = true;
      else break;
    }
    if (i < format.size() && format[i] == '*') {
      spec.width = static_cast<std::size_t>(std::max<std::int64_t>(0, index_arg(take(), "* wants int")));
      ++i;
    } else {
      while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
        spec.width = std::min<std::size_t>(spec.width * 10 + static_cast<std::size_t>(format[i] - '0'), kMaxString);
        ++i;
      }
    }
    if (i < format.size() && format[i] == '.') {
      ++i;
      spec.precision = 0;
      if (i < format.size() && format[i] == '*') {
        spec.precision = static_cast<int>(std::clamp<std::int64_t>(index_arg(take(), "* wants int"), 0, 1000));
        ++i;
      } else {
        while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
          spec.precision = std::min(spec.precision * 10 + (format[i] - '0'), 1000);
          ++i;
        }
      }
    }
    while (i < format.size() && (format[i] == 'l' || format[i] == 'h' || format[i] == 'L')) ++i;
    if (i >= format.size()) raise("ValueError", "incomplete format");
    char type = format[i];
    if (type == '%') {
      out += '%';
      continue;
    }
    if (spec.zero && spec.align == '<') spec.zero = false;
    if (!have_value) value = take();
    switch (type) {
      case 's':
      case 'r':
      case 'a': {
        std::string s = type == 's' ? str(value) : type == 'r' ? repr(value) : ascii(value);
        if (spec.precision >= 0) {
          auto offsets = code_point_offsets(s);
          if (static_cast<std::size_t>(spec.precision) + 1 < offsets.size()) s = s.substr(0, offsets[static_cast<std::size_t>(spec.precision)]);
        }
        spec.zero = false;
        out += pad(spec, "", s, '>');
        break;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        if (!value.is_number()) {
          raise("TypeError", std::string("%") + type + " format: " + (type == 'x' || type == 'X' || type == 'o' ? "an integer" : "a real number") +
                                 " is required, not " + type_name(value));
        }
        std::int64_t n;
        if (value.is_float()) {
          if (type == 'x' || type == 'X' || type == 'o') raise("TypeError", std::string("%") + type + " format: an integer is required, not float");
          Args a;
          a.positional.push_back(value);
          n = call_type("int", a).as_int();
        } else {
          n = as_i64(value);
        }
        Spec s2 = spec;
        s2.type = type == 'x' || type == 'X' || type == 'o' ? type : 'd';
        if (spec.precision >= 0) {
          std::string digits = format_value(PyValue(n < 0 ? -n : n), std::string(1, s2.type));
          while (digits.size() < static_cast<std::size_t>(spec.precision)) digits = "0" + digits;
          std::string sign = n < 0 ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
          s2.zero = false;
          out += pad(s2, sign, digits, '>');
          break;
        }
        std::string spec_text;
        if (spec.align == '<') spec_text += '<';
        if (spec.sign) spec_text += spec.sign;
        if (spec.alternate) spec_text += '#';
        if (spec.zero) spec_text += '0';
        if (spec.width) spec_text += std::to_string(spec.width);
        spec_text += s2.type;
        out += format_value(PyValue(n), spec_text);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (!value.is_number()) raise("TypeError", "must be real number, not " + type_name(value));
        std::string spec_text;
        if (spec.align == '<') spec_text += '<';
        if (spec.sign) spec_text += spec.sign;
        if (spec.alternate) spec_text += '#';
        if (spec.zero) spec_text += '0';
        if (spec.width) spec_text += std::to_string(spec.width);
        spec_text += "." + std::to_string(spec.precision < 0 ? 6 : spec.precision);
        spec_text += type;
        out += format_value(PyValue(as_double(value)), spec_text);
        break;
      }
      case 'c': {
        std::string ch;
        if (value.is_str() && code_points(value.as_str()) == 1) ch = value.as_str();
        else if (int_like(value)) text::append_utf8(ch, static_cast<char32_t>(as_i64(value)));
        else raise("TypeError", "%c requires int or char");
        out += pad(spec, "", ch, '>');
        break;
      }
      default: {
        char buf[96];
        std::snprintf(buf, sizeof buf, "unsupported format character '%c' (0x%x) at index %zu", type,
                      static_cast<unsigned>(static_cast<unsigned char>(type)), i);
        (void)start;
        raise("ValueError", buf);
      }
    }
    if (out.size() > kMaxString) raise("MemoryError", "");
  }
  if (!used_mapping && !mapping && next < values.size()) raise("TypeError", "not all arguments converted during string formatting");
  return out;
}

// ---- str.format --------------------------------------------------------------------------------

std::string Interpreter::str_format(const std::string& format, Args& args) {
  std::string out;
  int auto_index = 0;
  enum class Numbering { None, Auto, Manual } numbering = Numbering::None;
  auto field_value = [&](const std::string& field) -> PyValue {
    // The first name: empty (automatic), a number, or a keyword; then .attr and [key] parts.
    std::size_t end = field.find_first_of(".[");
    std::string first = field.substr(0, end);
    PyValue v;
    if (first.empty()) {
      if (numbering == Numbering::Manual) raise("ValueError", "cannot switch from manual field specification to automatic field numbering");
      numbering = Numbering::Auto;
      int index = auto_index++;
      if (static_cast<std::size_t>(index) >= args.positional.size()) {
        raise("IndexError", "Replacement index " + std::to_string(index) + " out of range for positional args tuple");
      }
      v = args.positional[static_cast<std::size_t>(index)];
    } else if (std::all_of(first.begin(), first.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      if (numbering == Numbering::Auto) raise("ValueError", "cannot switch from automatic field numbering to manual field specification");
      numbering = Numbering::Manual;
      std::size_t index = first.size() > 9 ? kMaxItems : static_cast<std::size_t>(std::stoul(first));
      if (index >= args.positional.size()) {
        raise("IndexError", "Replacement index " + std::to_string(index) + " out of range for positional args tuple");
      }
      v = args.positional[index];
    } else {
      const PyValue* found = args.keyword(first);
      if (!found) raise_args("KeyError", {PyValue(first)});
      v = *found;
    }
    std::size_t i = end;
    while (i != std::string::npos && i < field.size()) {
      if (field[i] == '.') {
        std::size_t next = field.find_first_of(".[", i + 1);
        v = get_attr(v, field.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1));
        i = next;
      } else {
        std::size_t close = field.find(']', i);
        if (close == std::string::npos) raise("ValueError", "Missing ']' in format string");
        std::string key = field.substr(i + 1, close - i - 1);
        bool numeric = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        v = get_item(v, numeric && key.size() < 10 ? PyValue(static_cast<std::int64_t>(std::stol(key))) : PyValue(key));
        i = close + 1;
      }
    }
    return v;
  };
  for (std::size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '}') {
      if (i + 1 < format.size() && format[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      raise("ValueError", "Single '}' encountered in format string");
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    // Find the matching }, allowing one level of nested {} in the spec.
    std::size_t j = i + 1;
    int depth = 1;
    while (j < format.size()) {
      if (format[j] == '{') ++depth;
      if (format[j] == '}' && --depth == 0) break;
      ++j;
    }
    if (j >= format.size()) raise("ValueError", "Single '{' encountered in format string");
    std::string inner = format.substr(i + 1, j - i - 1);
    std::size_t colon = std::string::npos, bang = std::string::npos;
    int bracket = 0;
    for (std::size_t k = 0; k < inner.size(); ++k) {
      if (inner[k] == '[') ++bracket;
      if (inner[k] == ']') --bracket;
      if (bracket == 0 && inner[k] == '!' && bang == std::string::npos && colon == std::string::npos) bang = k;
      if (bracket == 0 && inner[k] == ':' && colon == std::string::npos) {
        colon = k;
        break;
      }
    }
    std::string field = inner.substr(0, std::min(bang, colon));
    std::string spec = colon == std::string::npos ? "" : inner.substr(colon + 1);
    char conversion = 0;
    if (bang != std::string::npos) {
      std::string conv = inner.substr(bang + 1, (colon == std::string::npos ? inner.size() : colon) - bang - 1);
      if (conv.size() != 1 || (conv[0] != 'r' && conv[0] != 's' && conv[0] != 'a')) {
        raise("ValueError", conv.empty() ? "end of string while looking for conversion specifier" : "Unknown conversion specifier " + conv);
      }
      conversion = conv[0];
    }
    PyValue v = field_value(field);
    if (spec.find('{') != std::string::npos) spec = str_format(spec, args);
    if (conversion == 'r') v = PyValue(repr(v));
    else if (conversion == 's') v = PyValue(str(v));
    else if (conversion == 'a') v = PyValue(ascii(v));
    out += format_value(v, spec);
    if (out.size() > kMaxString) raise("MemoryError", "");
    i = j;
  }
  return out;
}

// ---- json --------------------------------------------------------------------------------------

namespace {

void json_string(std::string& out, std::string_view s, bool ensure_ascii) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t c = text::decode_utf8(s, i);
    char buf[16];
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      default: break;
    }
    if (c < 0x20 || (ensure_ascii && c >= 0x7F)) {
      if (c >= 0x10000) {
        char32_t v = c - 0x10000;
        std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", static_cast<unsigned>(0xD800 + (v >> 10)), static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
      } else {
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      }
      out += buf;
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  out += '"';
}

}  // namespace

std::string Interpreter::json_dumps(const PyValue& root, const Args& options) {
  std::string indent;
  bool has_indent = false;
  if (const PyValue* v = options.keyword("indent"); v && !v->is_none()) {
    has_indent = true;
    if (v->is_str()) {
      indent = v->as_str();
    } else {
      indent = std::string(static_cast<std::size_t>(std::clamp<std::int64_t>(index_arg(*v, "indent"), 0, 64)), ' ');
    }
  }
  std::string item_sep = has_indent ? "," : ", ";
  std::string key_sep = ": ";
  if (const PyValue* v = options.keyword("separators"); v && !v->is_none()) {
    auto parts = to_list(*v);
    if (parts.size() != 2 || !parts[0].is_str() || !parts[1].is_str()) raise("ValueError", "separators must be a (item_separator, key_separator) tuple");
    item_sep = parts[0].as_str();
    key_sep = parts[1].as_str();
  }
  bool sort_keys = false, ensure_ascii = true, allow_nan = true, skipkeys = false;
  if (const PyValue* v = options.keyword("sort_keys")) sort_keys = truthy(*v);
  if (const PyValue* v = options.keyword("ensure_ascii")) ensure_ascii = truthy(*v);
  if (const PyValue* v = options.keyword("allow_nan")) allow_nan = truthy(*v);
  if (const PyValue* v = options.keyword("skipkeys")) skipkeys = truthy(*v);
  const PyValue* default_fn = options.keyword("default");
  if (default_fn && default_fn->is_none()) default_fn = nullptr;

  std::string out;
  std::vector<const void*> markers;
  std::function<void(const PyValue&, int)> write = [&](const PyValue& v, int level) {
    if (level > kMaxReprDepth) raise("RecursionError", "maximum recursion depth exceeded while encoding a JSON object");
    if (out.size() > kMaxString) raise("MemoryError", "");
    tick();
    auto newline = [&](int l) {
      if (!has_indent) return;
      out += '\n';
      for (int i = 0; i < l; ++i) out += indent;
    };
    switch (v.kind()) {
      case PyValue::Kind::None: out += "null"; return;
      case PyValue::Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
      case PyValue::Kind::Int: out += std::to_string(v.as_int()); return;
      case PyValue::Kind::Float: {
        double d = v.as_float();
        if (!std::isfinite(d)) {
          if (!allow_nan) raise("ValueError", "Out of range float values are not JSON compliant");
          out += std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        } else {
          out += float_repr(d);
        }
        return;
      }
      case PyValue::Kind::Str: json_string(out, v.as_str(), ensure_ascii); return;
      case PyValue::Kind::Seq:
        if (v.is_set()) break;
        if (v.seq().items.empty()) {
          out += "[]";
          return;
        }
        if (std::find(markers.begin(), markers.end(), v.identity()) != markers.end()) raise("ValueError", "Circular reference detected");
        markers.push_back(v.identity());
        out += '[';
        for (std::size_t i = 0; i < v.seq().items.size(); ++i) {
          if (i > 0) out += item_sep;
          newline(level + 1);
          write(v.seq().items[i], level + 1);
        }
        newline(level);
        out += ']';
        markers.pop_back();
        return;
      case PyValue::Kind::Dict: {
        if (v.dict_ref().size() == 0) {
          out += "{}";
          return;
        }
        if (std::find(markers.begin(), markers.end(), v.identity()) != markers.end()) raise("ValueError", "Circular reference detected");
        markers.push_back(v.identity());
        std::vector<std::pair<std::string, const PyValue*>> items;
        std::vector<PyValue> sort_source;
        for (const auto& [k, val] : v.dict_ref().entries()) {
          std::string key;
          if (k.is_str()) key = k.as_str();
          else if (k.is_float()) key = std::isfinite(k.as_float()) ? float_repr(k.as_float()) : std::isnan(k.as_float()) ? "NaN" : k.as_float() > 0 ? "Infinity" : "-Infinity";
          else if (k.is_bool()) key = k.as_bool() ? "true" : "false";
          else if (k.is_int()) key = std::to_string(k.as_int());
          else if (k.is_none()) key = "null";
          else if (skipkeys) continue;
          else raise("TypeError", "keys must be str, int, float, bool or None, not " + type_name(k));
          items.emplace_back(std::move(key), &val);
        }
        if (sort_keys) {
          std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        }
        out += '{';
        for (std::size_t i = 0; i < items.size(); ++i) {
          if (i > 0) out += item_sep;
          newline(level + 1);
          json_string(out, items[i].first, ensure_ascii);
          out += key_sep;
          write(*items[i].second, level + 1);
        }
        newline(level);
        out += '}';
        markers.pop_back();
        return;
      }
      default: break;
    }
    if (v.is_object() && v.object().kind == PyObject::Kind::Environ) {
      Args a;
      a.positional.push_back(v);
      write(call_type("dict", a), level);
      return;
    }
    if (default_fn) {
      if (std::find(markers.begin(), markers.end(), v.identity()) != markers.end()) raise("ValueError", "Circular reference detected");
      markers.push_back(v.identity());
      Args a;
      a.positional.push_back(v);
      PyValue converted = call(*default_fn, a);
      write(converted, level);
      markers.pop_back();
      return;
    }
    raise("TypeError", "Object of type " + type_name(v) + " is not JSON serializable");
  };
  write(root, 0);
  return out;
}

namespace {

struct JsonParser {
  Interpreter& in;
  std::string_view s;
  std::size_t i = 0;
  int depth = 0;

  [[noreturn]] void fail(const std::string& msg, std::size_t at) {
    // Python reports str positions (code points), lines and columns.
    std::size_t pos = code_points(s.substr(0, at));
    std::size_t line = 1, last_newline = std::string_view::npos;
    for (std::size_t k = 0; k < at; ++k)
      if (s[k] == '\n') {
        ++line;
        last_newline = k;
      }
    std::size_t col = last_newline == std::string_view::npos ? pos + 1 : code_points(s.substr(last_newline + 1, at - last_newline - 1)) + 1;
    std::string full = msg + ": line " + std::to_string(line) + " column " + std::to_string(col) + " (char " + std::to_string(pos) + ")";
    PyException e;
    e.value = in.make_exception("JSONDecodeError", {PyValue(full)});
    e.value.object().subject = msg;
    // json.loads is Python code: the frames of Ubuntu's Python 3.12 show in the traceback.
    const std::string lib = "/usr/lib/python3.12/json/";
    e.traceback.push_back({lib + "decoder.py", 353, "raw_decode", nullptr, false,
                           "    obj, end = self.scan_once(s, idx)\n               ^^^^^^^^^^^^^^^^^^^^^^\n"});
    e.traceback.push_back({lib + "decoder.py", 337, "decode", nullptr, false,
                           "    obj, end = self.raw_decode(s, idx=_w(s, 0).end())\n               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"});
    e.traceback.push_back({lib + "__init__.py", 346, "loads", nullptr, false,
                           "    return _default_decoder.decode(s)\n           ^^^^^^^^^^^^^^^^^^^^^^^^^^\n"});
    in.raise_exception(std::move(e));
  }

  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }

  PyValue value() {
    ws();
    if (i >= s.size()) fail("Expecting value", i);
    char c = s[i];
    if (c == '{' || c == '[') {
      if (++depth > kMaxReprDepth) {
        in.raise("RecursionError", std::string("maximum recursion depth exceeded while decoding a JSON ") +
                                       (c == '{' ? "object" : "array") + " from a unicode string");
      }
      PyValue v = c == '{' ? object() : array();
      --depth;
      return v;
    }
    if (c == '"') return PyValue(string());
    if (s.substr(i, 4) == "null") {
      i += 4;
      return PyValue();
    }
    if (s.substr(i, 4) == "true") {
      i += 4;
      return PyValue(true);
    }
    if (s.substr(i, 5) == "false") {
      i += 5;
      return PyValue(false);
    }
    if (s.substr(i, 3) == "NaN") {
      i += 3;
      return PyValue(NAN);
    }
    if (s.substr(i, 8) == "Infinity") {
      i += 8;
      return PyValue(INFINITY);
    }
    if (s.substr(i, 9) == "-Infinity") {
      i += 9;
      return PyValue(-INFINITY);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    fail("Expecting value", i);
  }

  PyValue number() {
    std::size_t start = i;
    if (s[i] == '-') ++i;
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) fail("Expecting value", start);
    if (s[i] == '0') {
      ++i;
    } else {
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
    bool is_float = false;
    if (i + 1 < s.size() && s[i] == '.' && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      is_float = true;
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      std::size_t save = i;
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        is_float = true;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      } else {
        i = save;
      }
    }
    std::string text(s.substr(start, i - start));
    if (is_float) return PyValue(std::strtod(text.c_str(), nullptr));
    errno = 0;
    long long v = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE) in.raise("OverflowError", "integer too large for ghaplay (64 bits)");
    return PyValue(static_cast<std::int64_t>(v));
  }

  std::string string() {
    std::size_t start = i;
    ++i;
    std::string out;
    for (;;) {
      if (i >= s.size()) fail("Unterminated string starting at", start);
      char c = s[i];
      if (c == '"') {
        ++i;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) fail("Invalid control character at", i);
      if (c != '\\') {
        out += c;
        ++i;
        continue;
      }
      if (i + 1 >= s.size()) fail("Unterminated string starting at", start);
      char e = s[i + 1];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto hex = [&](std::size_t at, std::uint32_t& v) {
            if (at + 4 > s.size()) return false;
            v = 0;
            for (std::size_t k = at; k < at + 4; ++k) {
              char h = s[k];
              int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
              if (d < 0) return false;
              v = v * 16 + static_cast<std::uint32_t>(d);
            }
            return true;
          };
          std::uint32_t cp;
          if (!hex(i + 2, cp)) fail("Invalid \\uXXXX escape", i + 1);
          i += 6;
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
            std::uint32_t low;
            if (hex(i + 2, low) && low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
          text::append_utf8(out, cp);
          continue;
        }
        default: fail("Invalid \\escape", i);
      }
      i += 2;
    }
  }

  PyValue array() {
    ++i;  // [
    PyValue list = PyValue::list();
    ws();
    if (i < s.size() && s[i] == ']') {
      ++i;
      return list;
    }
    for (;;) {
      in.tick();
      list.seq().items.push_back(value());
      if (list.seq().items.size() > kMaxItems) in.raise("MemoryError", "");
      ws();
      if (i < s.size() && s[i] == ']') {
        ++i;
        return list;
      }
      if (i >= s.size() || s[i] != ',') fail("Expecting ',' delimiter", i);
      ++i;
    }
  }

  PyValue object() {
    ++i;  // {
    PyValue dict = PyValue::dict();
    ws();
    if (i < s.size() && s[i] == '}') {
      ++i;
      return dict;
    }
    for (;;) {
      in.tick();
      if (i >= s.size() || s[i] != '"') fail("Expecting property name enclosed in double quotes", i);
      std::string key = string();
      ws();
      if (i >= s.size() || s[i] != ':') fail("Expecting ':' delimiter", i);
      ++i;
      PyValue v = value();
      dict.dict_ref().set(PyValue(std::move(key)), std::move(v));
      if (dict.dict_ref().size() > kMaxItems) in.raise("MemoryError", "");
      ws();
      if (i < s.size() && s[i] == '}') {
        ++i;
        return dict;
      }
      if (i >= s.size() || s[i] != ',') fail("Expecting ',' delimiter", i);
      ++i;
      ws();
    }
  }
};

}  // namespace

PyValue Interpreter::json_loads(const std::string& text) {
  JsonParser p{*this, text};
  PyValue v = p.value();
  p.ws();
  if (p.i < text.size()) p.fail("Extra data", p.i);
  return v;
}

}  // namespace ghaplay::scripts::python
