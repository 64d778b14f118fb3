// Methods of the built-in types (str, list, tuple, dict, set, int, float), of files, of
// os.environ, and the re module on ghaplay's backtracking engine (shared with the pwsh subset).

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "common/text.h"
#include "scripts/pwsh/regex.h"
#include "scripts/python/interpreter.h"

namespace ghaplay::scripts::python {
namespace {

bool int_like(const PyValue& v) { return v.is_int() || v.is_bool(); }
std::int64_t as_i64(const PyValue& v) { return v.is_bool() ? (v.as_bool() ? 1 : 0) : v.as_int(); }
bool is_kind(const PyValue& v, PyObject::Kind kind) { return v.is_object() && v.object().kind == kind; }

// Positional argument counts with CPython's messages; the few methods with keywords read them
// themselves.
void arity(Interpreter& in, const Args& a, const char* name, std::size_t min, std::size_t max) {
  std::size_t n = a.positional.size();
  if (n >= min && n <= max) return;
  if (max == 0) in.raise("TypeError", std::string(name) + "() takes no arguments (" + std::to_string(n) + " given)");
  if (min == 1 && max == 1) in.raise("TypeError", std::string(name) + "() takes exactly one argument (" + std::to_string(n) + " given)");
  if (n < min) {
    in.raise("TypeError", std::string(name) + "() takes at least " + std::to_string(min) + " argument" + (min == 1 ? "" : "s") +
                              " (" + std::to_string(n) + " given)");
  }
  in.raise("TypeError", std::string(name) + "() takes at most " + std::to_string(max) + " argument" + (max == 1 ? "" : "s") +
                            " (" + std::to_string(n) + " given)");
}

const PyValue* arg(const Args& a, std::size_t index, const char* name) {
  if (index < a.positional.size()) return &a.positional[index];
  return a.keyword(name);
}

// ---- str ---------------------------------------------------------------------------------------

bool is_space_cp(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::vector<char32_t> decode(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) out.push_back(text::decode_utf8(s, i));
  return out;
}

std::string encode(const std::vector<char32_t>& cps, std::size_t from = 0, std::size_t to = std::string::npos) {
  std::string out;
  to = std::min(to, cps.size());
  for (std::size_t i = from; i < to; ++i) text::append_utf8(out, cps[i]);
  return out;
}

const std::string& self_str(const PyValue& self) { return self.as_str(); }

// The str argument of a method; `what` starts CPython's message ("replace() argument 1").
std::string str_param(Interpreter& in, const PyValue& v, const std::string& what) {
  if (!v.is_str()) in.raise("TypeError", what + " must be str, not " + in.type_name(v));
  return v.as_str();
}
// For the methods whose message is just "must be str, not int".
std::string plain_str_param(Interpreter& in, const PyValue& v) {
  if (!v.is_str()) in.raise("TypeError", "must be str, not " + in.type_name(v));
  return v.as_str();
}

PyValue s_upper(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "upper", 0, 0);
  return PyValue(text::to_upper_special(self_str(self)));
}
PyValue s_lower(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "lower", 0, 0);
  return PyValue(text::fold_case(self_str(self)));
}
PyValue s_casefold(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "casefold", 0, 0);
  return PyValue(text::fold_case(self_str(self)));
}
PyValue s_swapcase(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "swapcase", 0, 0);
  std::string out;
  for (char32_t c : decode(self_str(self))) {
    std::string one;
    text::append_utf8(one, c);
    std::string up = text::to_upper_special(one);
    out += up != one ? up : text::fold_case(one);
  }
  return PyValue(out);
}
std::string title_case(const std::string& s, bool only_first) {
  std::string out;
  bool previous_cased = false;
  bool first = true;
  for (char32_t c : decode(s)) {
    std::string one;
    text::append_utf8(one, c);
    std::string up = text::to_upper_special(one), low = text::fold_case(one);
    bool cased = up != low;
    if (only_first) {
      out += first ? up : low;
    } else {
      out += cased ? (previous_cased ? low : up) : one;
    }
    previous_cased = cased;
    first = false;
  }
  return out;
}
PyValue s_title(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "title", 0, 0);
  return PyValue(title_case(self_str(self), false));
}
PyValue s_capitalize(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "capitalize", 0, 0);
  return PyValue(title_case(self_str(self), true));
}

PyValue strip_impl(Interpreter& in, const PyValue& self, Args& a, const char* name, bool left, bool right) {
  arity(in, a, name, 0, 1);
  auto cps = decode(self_str(self));
  std::vector<char32_t> chars;
  bool whitespace = a.positional.empty() || a.positional[0].is_none();
  if (!whitespace) {
    if (!a.positional[0].is_str()) in.raise("TypeError", std::string(name) + " arg must be None or str");
    chars = decode(a.positional[0].as_str());
  }
  auto strip_it = [&](char32_t c) {
    return whitespace ? is_space_cp(c) : std::find(chars.begin(), chars.end(), c) != chars.end();
  };
  std::size_t b = 0, e = cps.size();
  if (left)
    while (b < e && strip_it(cps[b])) ++b;
  if (right)
    while (e > b && strip_it(cps[e - 1])) --e;
  return PyValue(encode(cps, b, e));
}
PyValue s_strip(Interpreter& in, const PyValue& self, Args& a) { return strip_impl(in, self, a, "strip", true, true); }
PyValue s_lstrip(Interpreter& in, const PyValue& self, Args& a) { return strip_impl(in, self, a, "lstrip", true, false); }
PyValue s_rstrip(Interpreter& in, const PyValue& self, Args& a) { return strip_impl(in, self, a, "rstrip", false, true); }

PyValue split_impl(Interpreter& in, const PyValue& self, Args& a, bool from_right) {
  const char* name = from_right ? "rsplit" : "split";
  if (a.positional.size() > 2) arity(in, a, name, 0, 2);
  const PyValue* sep = arg(a, 0, "sep");
  const PyValue* maxsplit_v = arg(a, 1, "maxsplit");
  std::int64_t maxsplit = maxsplit_v ? in.index_arg(*maxsplit_v, "maxsplit") : -1;
  const std::string& s = self_str(self);
  std::vector<PyValue> parts;
  in.tick(s.size() / 256);
  if (!sep || sep->is_none()) {
    // Runs of white space separate; leading and trailing white space gives no empty parts.
    auto cps = decode(s);
    std::vector<std::pair<std::size_t, std::size_t>> words;
    if (!from_right) {
      std::size_t i = 0;
      while (i < cps.size()) {
        while (i < cps.size() && is_space_cp(cps[i])) ++i;
        if (i >= cps.size()) break;
        if (maxsplit >= 0 && static_cast<std::int64_t>(words.size()) == maxsplit) {
          std::size_t e = cps.size();
          while (e > i && is_space_cp(cps[e - 1])) --e;
          words.emplace_back(i, e);
          break;
        }
        std::size_t start = i;
        while (i < cps.size() && !is_space_cp(cps[i])) ++i;
        words.emplace_back(start, i);
      }
    } else {
      std::size_t i = cps.size();
      while (i > 0) {
        while (i > 0 && is_space_cp(cps[i - 1])) --i;
        if (i == 0) break;
        if (maxsplit >= 0 && static_cast<std::int64_t>(words.size()) == maxsplit) {
          std::size_t b = 0;
          while (b < i && is_space_cp(cps[b])) ++b;
          words.emplace_back(b, i);
          break;
        }
        std::size_t end = i;
        while (i > 0 && !is_space_cp(cps[i - 1])) --i;
        words.emplace_back(i, end);
      }
      std::reverse(words.begin(), words.end());
    }
    for (auto [b, e] : words) parts.emplace_back(encode(cps, b, e));
    return in.new_list(std::move(parts));
  }
  if (!sep->is_str()) in.raise("TypeError", "must be str or None, not " + in.type_name(*sep));
  const std::string& sp = sep->as_str();
  if (sp.empty()) in.raise("ValueError", "empty separator");
  if (!from_right) {
    std::size_t start = 0;
    for (;;) {
      if (maxsplit >= 0 && static_cast<std::int64_t>(parts.size()) == maxsplit) break;
      auto found = s.find(sp, start);
      if (found == std::string::npos) break;
      parts.emplace_back(s.substr(start, found - start));
      start = found + sp.size();
    }
    parts.emplace_back(s.substr(start));
  } else {
    std::size_t end = s.size();
    std::vector<PyValue> rev;
    for (;;) {
      if (maxsplit >= 0 && static_cast<std::int64_t>(rev.size()) == maxsplit) break;
      if (end < sp.size()) break;
      auto found = s.rfind(sp, end - sp.size());
      if (found == std::string::npos) break;
      rev.emplace_back(s.substr(found + sp.size(), end - found - sp.size()));
      end = found;
    }
    rev.emplace_back(s.substr(0, end));
    parts.assign(rev.rbegin(), rev.rend());
  }
  return in.new_list(std::move(parts));
}
PyValue s_split(Interpreter& in, const PyValue& self, Args& a) { return split_impl(in, self, a, false); }
PyValue s_rsplit(Interpreter& in, const PyValue& self, Args& a) { return split_impl(in, self, a, true); }

PyValue s_splitlines(Interpreter& in, const PyValue& self, Args& a) {
  const PyValue* keep = arg(a, 0, "keepends");
  bool keepends = keep && in.truthy(*keep);
  auto cps = decode(self_str(self));
  std::vector<PyValue> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    bool brk = c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E || c == 0x85 ||
               c == 0x2028 || c == 0x2029;
    if (!brk) continue;
    std::size_t end = i;
    if (c == '\r' && i + 1 < cps.size() && cps[i + 1] == '\n') ++i;
    lines.emplace_back(encode(cps, start, keepends ? i + 1 : end));
    start = i + 1;
  }
  if (start < cps.size()) lines.emplace_back(encode(cps, start, cps.size()));
  return in.new_list(std::move(lines));
}

PyValue s_join(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "join", 1, 1);
  auto items = in.to_list(a.positional[0]);
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_str()) {
      in.raise("TypeError", "sequence item " + std::to_string(i) + ": expected str instance, " + in.type_name(items[i]) + " found");
    }
    if (i > 0) out += self_str(self);
    out += items[i].as_str();
    if (out.size() > kMaxString) in.raise("MemoryError", "");
  }
  in.tick(out.size() / 4096);
  return PyValue(std::move(out));
}

PyValue s_replace(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "replace", 2, 3);
  std::string old = str_param(in, a.positional[0], "replace() argument 1");
  std::string repl = str_param(in, a.positional[1], "replace() argument 2");
  std::int64_t count = a.positional.size() > 2 ? in.index_arg(a.positional[2], "count") : -1;
  const std::string& s = self_str(self);
  std::string out;
  std::int64_t done = 0;
  if (old.empty()) {
    // Inserts between every character (and at both ends).
    auto offsets = code_point_offsets(s);
    for (std::size_t i = 0; i + 1 < offsets.size() || i == 0; ++i) {
      if (count < 0 || done < count) {
        out += repl;
        ++done;
      }
      if (i + 1 < offsets.size()) out.append(s, offsets[i], offsets[i + 1] - offsets[i]);
      if (out.size() > kMaxString) in.raise("MemoryError", "");
      if (i + 1 >= offsets.size() - 1) {
        if (!s.empty() && (count < 0 || done < count)) out += repl;
        break;
      }
    }
    return PyValue(std::move(out));
  }
  std::size_t start = 0;
  for (;;) {
    if (count >= 0 && done >= count) break;
    auto found = s.find(old, start);
    if (found == std::string::npos) break;
    out.append(s, start, found - start);
    out += repl;
    if (out.size() > kMaxString) in.raise("MemoryError", "");
    start = found + old.size();
    ++done;
  }
  out.append(s, start, std::string::npos);
  in.tick(out.size() / 4096);
  return PyValue(std::move(out));
}

// startswith/endswith: a str or a tuple of str, with optional start/end (code points).
PyValue affix_impl(Interpreter& in, const PyValue& self, Args& a, bool ends) {
  const char* name = ends ? "endswith" : "startswith";
  arity(in, a, name, 1, 3);
  const std::string& full = self_str(self);
  std::string s = full;
  if (a.positional.size() > 1) {
    auto offsets = code_point_offsets(full);
    auto n = static_cast<std::int64_t>(offsets.size()) - 1;
    auto bound = [&](const PyValue& v, std::int64_t fallback) {
      if (v.is_none()) return fallback;
      std::int64_t i = in.index_arg(v, "slice indices");
      if (i < 0) i += n;
      return std::clamp<std::int64_t>(i, 0, n);
    };
    std::int64_t b = bound(a.positional[1], 0);
    std::int64_t e = a.positional.size() > 2 ? bound(a.positional[2], n) : n;
    if (b > e) return PyValue(false);
    s = full.substr(offsets[static_cast<std::size_t>(b)], offsets[static_cast<std::size_t>(e)] - offsets[static_cast<std::size_t>(b)]);
  }
  auto test = [&](const PyValue& p) {
    if (!p.is_str()) {
      in.raise("TypeError", std::string(name) + " first arg must be str or a tuple of str, not " + in.type_name(p));
    }
    const std::string& x = p.as_str();
    if (x.size() > s.size()) return false;
    return ends ? s.compare(s.size() - x.size(), x.size(), x) == 0 : s.compare(0, x.size(), x) == 0;
  };
  const PyValue& p = a.positional[0];
  if (p.is_tuple()) {
    for (const auto& item : p.seq().items)
      if (test(item)) return PyValue(true);
    return PyValue(false);
  }
  return PyValue(test(p));
}
PyValue s_startswith(Interpreter& in, const PyValue& self, Args& a) { return affix_impl(in, self, a, false); }
PyValue s_endswith(Interpreter& in, const PyValue& self, Args& a) { return affix_impl(in, self, a, true); }

// find/rfind/index/rindex/count over code points, with optional start/end.
struct Range {
  std::size_t byte_begin, byte_end;
  std::vector<std::size_t> offsets;
};
Range sub_range(Interpreter& in, const std::string& s, const Args& a, std::size_t first) {
  Range r;
  r.offsets = code_point_offsets(s);
  auto n = static_cast<std::int64_t>(r.offsets.size()) - 1;
  auto bound = [&](std::size_t i, std::int64_t fallback) {
    if (i >= a.positional.size() || a.positional[i].is_none()) return fallback;
    std::int64_t v = in.index_arg(a.positional[i], "slice indices");
    if (v < 0) v += n;
    return std::clamp<std::int64_t>(v, 0, n);
  };
  std::int64_t b = bound(first, 0), e = std::max(b, bound(first + 1, n));
  r.byte_begin = r.offsets[static_cast<std::size_t>(b)];
  r.byte_end = r.offsets[static_cast<std::size_t>(e)];
  return r;
}
std::int64_t to_index(const Range& r, std::size_t byte) {
  return static_cast<std::int64_t>(std::lower_bound(r.offsets.begin(), r.offsets.end(), byte) - r.offsets.begin());
}
PyValue find_impl(Interpreter& in, const PyValue& self, Args& a, const char* name, bool reverse, bool raise_missing) {
  arity(in, a, name, 1, 3);
  std::string sub = plain_str_param(in, a.positional[0]);
  const std::string& s = self_str(self);
  Range r = sub_range(in, s, a, 1);
  std::string_view window(s.data() + r.byte_begin, r.byte_end - r.byte_begin);
  std::size_t found = reverse ? window.rfind(sub) : window.find(sub);
  if (found == std::string_view::npos) {
    if (raise_missing) in.raise("ValueError", "substring not found");
    return PyValue(std::int64_t{-1});
  }
  return PyValue(to_index(r, r.byte_begin + found));
}
PyValue s_find(Interpreter& in, const PyValue& self, Args& a) { return find_impl(in, self, a, "find", false, false); }
PyValue s_rfind(Interpreter& in, const PyValue& self, Args& a) { return find_impl(in, self, a, "rfind", true, false); }
PyValue s_index(Interpreter& in, const PyValue& self, Args& a) { return find_impl(in, self, a, "index", false, true); }
PyValue s_rindex(Interpreter& in, const PyValue& self, Args& a) { return find_impl(in, self, a, "rindex", true, true); }

PyValue s_count(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "count", 1, 3);
  if (!a.positional[0].is_str()) in.raise("TypeError", "must be str, not " + in.type_name(a.positional[0]));
  const std::string& sub = a.positional[0].as_str();
  const std::string& s = self_str(self);
  Range r = sub_range(in, s, a, 1);
  std::string_view window(s.data() + r.byte_begin, r.byte_end - r.byte_begin);
  if (sub.empty()) return PyValue(static_cast<std::int64_t>(code_points(window) + 1));
  std::int64_t n = 0;
  for (std::size_t pos = window.find(sub); pos != std::string_view::npos; pos = window.find(sub, pos + sub.size())) ++n;
  return PyValue(n);
}

template <typename Pred>
PyValue all_chars(const std::string& s, Pred pred) {
  if (s.empty()) return PyValue(false);
  for (char32_t c : decode(s))
    if (!pred(c)) return PyValue(false);
  return PyValue(true);
}
bool is_alpha_cp(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  std::string one;
  text::append_utf8(one, c);
  return text::fold_case(one) != text::to_upper_special(one) || (c >= 0x4E00 && c <= 0x9FFF);
}
bool is_digit_cp(char32_t c) { return c >= '0' && c <= '9'; }
PyValue s_isdigit(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "isdigit", 0, 0);
  return all_chars(self_str(self), is_digit_cp);
}
PyValue s_isalpha(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "isalpha", 0, 0);
  return all_chars(self_str(self), is_alpha_cp);
}
PyValue s_isalnum(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "isalnum", 0, 0);
  return all_chars(self_str(self), [](char32_t c) { return is_alpha_cp(c) || is_digit_cp(c); });
}
PyValue s_isspace(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "isspace", 0, 0);
  return all_chars(self_str(self), is_space_cp);
}
PyValue s_isascii(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "isascii", 0, 0);
  return PyValue(is_ascii(self_str(self)));
}
PyValue s_isidentifier(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "isidentifier", 0, 0);
  const std::string& s = self_str(self);
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return PyValue(false);
  return all_chars(s, [](char32_t c) { return c == '_' || is_alpha_cp(c) || is_digit_cp(c); });
}
PyValue case_test(const std::string& s, bool upper) {
  bool any_cased = false;
  for (char32_t c : decode(s)) {
    std::string one;
    text::append_utf8(one, c);
    std::string up = text::to_upper_special(one), low = text::fold_case(one);
    if (up == low) continue;
    any_cased = true;
    if (upper ? one != up : one != low) return PyValue(false);
  }
  return PyValue(any_cased);
}
PyValue s_isupper(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "isupper", 0, 0);
  return case_test(self_str(self), true);
}
PyValue s_islower(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "islower", 0, 0);
  return case_test(self_str(self), false);
}

PyValue justify(Interpreter& in, const PyValue& self, Args& a, const char* name, char how) {
  arity(in, a, name, 1, 2);
  std::int64_t width = in.index_arg(a.positional[0], "width");
  std::string fill = " ";
  if (a.positional.size() > 1) {
    fill = str_param(in, a.positional[1], "The fill character");
    if (code_points(fill) != 1) in.raise("TypeError", "The fill character must be exactly one character long");
  }
  const std::string& s = self_str(self);
  auto len = static_cast<std::int64_t>(code_points(s));
  if (width <= len) return self;
  if (static_cast<std::uint64_t>(width) > kMaxString) in.raise("MemoryError", "");
  std::size_t missing = static_cast<std::size_t>(width - len);
  std::size_t left = how == 'l' ? 0 : how == 'r' ? missing : missing / 2 + (missing & static_cast<std::size_t>(width) & 1);
  std::string out;
  for (std::size_t i = 0; i < left; ++i) out += fill;
  out += s;
  for (std::size_t i = 0; i < missing - left; ++i) out += fill;
  return PyValue(out);
}
PyValue s_ljust(Interpreter& in, const PyValue& self, Args& a) { return justify(in, self, a, "ljust", 'l'); }
PyValue s_rjust(Interpreter& in, const PyValue& self, Args& a) { return justify(in, self, a, "rjust", 'r'); }
PyValue s_center(Interpreter& in, const PyValue& self, Args& a) { return justify(in, self, a, "center", 'c'); }

PyValue s_zfill(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "zfill", 1, 1);
  std::int64_t width = in.index_arg(a.positional[0], "width");
  std::string s = self_str(self);
  auto len = static_cast<std::int64_t>(code_points(s));
  if (width <= len) return self;
  if (static_cast<std::uint64_t>(width) > kMaxString) in.raise("MemoryError", "");
  std::string sign;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s.substr(0, 1);
    s = s.substr(1);
  }
  return PyValue(sign + std::string(static_cast<std::size_t>(width - len), '0') + s);
}

PyValue s_format(Interpreter& in, const PyValue& self, Args& a) { return PyValue(in.str_format(self_str(self), a)); }

PyValue partition_impl(Interpreter& in, const PyValue& self, Args& a, bool reverse) {
  arity(in, a, reverse ? "rpartition" : "partition", 1, 1);
  std::string sep = plain_str_param(in, a.positional[0]);
  if (sep.empty()) in.raise("ValueError", "empty separator");
  const std::string& s = self_str(self);
  auto found = reverse ? s.rfind(sep) : s.find(sep);
  if (found == std::string::npos) {
    return reverse ? PyValue::tuple({PyValue(""), PyValue(""), self}) : PyValue::tuple({self, PyValue(""), PyValue("")});
  }
  return PyValue::tuple({PyValue(s.substr(0, found)), PyValue(sep), PyValue(s.substr(found + sep.size()))});
}
PyValue s_partition(Interpreter& in, const PyValue& self, Args& a) { return partition_impl(in, self, a, false); }
PyValue s_rpartition(Interpreter& in, const PyValue& self, Args& a) { return partition_impl(in, self, a, true); }

PyValue s_removeprefix(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "removeprefix", 1, 1);
  std::string p = str_param(in, a.positional[0], "removeprefix() argument");
  const std::string& s = self_str(self);
  return s.compare(0, p.size(), p) == 0 && p.size() <= s.size() ? PyValue(s.substr(p.size())) : self;
}
PyValue s_removesuffix(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "removesuffix", 1, 1);
  std::string p = str_param(in, a.positional[0], "removesuffix() argument");
  const std::string& s = self_str(self);
  if (!p.empty() && p.size() <= s.size() && s.compare(s.size() - p.size(), p.size(), p) == 0) return PyValue(s.substr(0, s.size() - p.size()));
  return self;
}

PyValue s_expandtabs(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "expandtabs", 0, 1);
  std::int64_t size = a.positional.empty() ? 8 : in.index_arg(a.positional[0], "tabsize");
  std::string out;
  std::int64_t column = 0;
  for (char32_t c : decode(self_str(self))) {
    if (c == '\t') {
      if (size > 0) {
        std::int64_t n = size - column % size;
        out.append(static_cast<std::size_t>(n), ' ');
        column += n;
      }
    } else {
      text::append_utf8(out, c);
      column = (c == '\n' || c == '\r') ? 0 : column + 1;
    }
    if (out.size() > kMaxString) in.raise("MemoryError", "");
  }
  return PyValue(out);
}

// ---- list, tuple -------------------------------------------------------------------------------

std::vector<PyValue>& items_of(const PyValue& self) { return self.seq().items; }

PyValue l_append(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "append", 1, 1);
  if (items_of(self).size() >= kMaxItems) in.raise("MemoryError", "");
  items_of(self).push_back(a.positional[0]);
  return PyValue();
}
PyValue l_extend(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "extend", 1, 1);
  auto more = in.to_list(a.positional[0]);
  if (items_of(self).size() + more.size() > kMaxItems) in.raise("MemoryError", "");
  items_of(self).insert(items_of(self).end(), more.begin(), more.end());
  return PyValue();
}
PyValue l_insert(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "insert", 2, 2);
  auto& items = items_of(self);
  if (items.size() >= kMaxItems) in.raise("MemoryError", "");
  std::int64_t i = in.index_arg(a.positional[0], "list indices");
  auto n = static_cast<std::int64_t>(items.size());
  if (i < 0) i = std::max<std::int64_t>(0, i + n);
  i = std::min(i, n);
  items.insert(items.begin() + i, a.positional[1]);
  return PyValue();
}
PyValue l_pop(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "pop", 0, 1);
  auto& items = items_of(self);
  if (items.empty()) in.raise("IndexError", "pop from empty list");
  std::int64_t i = a.positional.empty() ? -1 : in.index_arg(a.positional[0], "list indices");
  auto n = static_cast<std::int64_t>(items.size());
  if (i < 0) i += n;
  if (i < 0 || i >= n) in.raise("IndexError", "pop index out of range");
  PyValue v = items[static_cast<std::size_t>(i)];
  items.erase(items.begin() + i);
  return v;
}
PyValue l_remove(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "remove", 1, 1);
  auto& items = items_of(self);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (in.equals(items[i], a.positional[0])) {
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
      return PyValue();
    }
  }
  in.raise("ValueError", "list.remove(x): x not in list");
}
PyValue seq_index(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "index", 1, 3);
  const auto& items = items_of(self);
  for (std::size_t i = 0; i < items.size(); ++i)
    if (in.equals(items[i], a.positional[0])) return PyValue(static_cast<std::int64_t>(i));
  if (self.is_tuple()) in.raise("ValueError", "tuple.index(x): x not in tuple");
  in.raise("ValueError", in.repr(a.positional[0]) + " is not in list");
}
PyValue seq_count(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "count", 1, 1);
  std::int64_t n = 0;
  for (const auto& item : items_of(self))
    if (in.equals(item, a.positional[0])) ++n;
  return PyValue(n);
}
PyValue l_sort(Interpreter& in, const PyValue& self, Args& a) {
  if (!a.positional.empty()) in.raise("TypeError", "sort() takes no positional arguments");
  const PyValue* reverse = a.keyword("reverse");
  auto sorted = sort_list(in, items_of(self), a.keyword("key"), reverse && in.truthy(*reverse));
  items_of(self) = std::move(sorted);
  return PyValue();
}
PyValue l_reverse(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "reverse", 0, 0);
  std::reverse(items_of(self).begin(), items_of(self).end());
  return PyValue();
}
PyValue l_copy(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "copy", 0, 0);
  return in.new_list(items_of(self));
}
PyValue l_clear(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "clear", 0, 0);
  items_of(self).clear();
  return PyValue();
}

// ---- dict --------------------------------------------------------------------------------------

PyValue d_get(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "get", 1, 2);
  in.check_hashable(a.positional[0]);
  const PyValue* found = self.dict_ref().find(a.positional[0]);
  if (found) return *found;
  return a.positional.size() > 1 ? a.positional[1] : PyValue();
}
// keys(), values() and items() give lists: the same items in the same order (a view's repr,
// `dict_keys([...])`, is not reproduced).
PyValue d_keys(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "keys", 0, 0);
  std::vector<PyValue> out;
  for (const auto& [k, v] : self.dict_ref().entries()) out.push_back(k);
  return in.new_list(std::move(out));
}
PyValue d_values(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "values", 0, 0);
  std::vector<PyValue> out;
  for (const auto& [k, v] : self.dict_ref().entries()) out.push_back(v);
  return in.new_list(std::move(out));
}
PyValue d_items(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "items", 0, 0);
  std::vector<PyValue> out;
  for (const auto& [k, v] : self.dict_ref().entries()) out.push_back(PyValue::tuple({k, v}));
  return in.new_list(std::move(out));
}
PyValue d_pop(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "pop", 1, 2);
  in.check_hashable(a.positional[0]);
  const PyValue* found = self.dict_ref().find(a.positional[0]);
  if (!found) {
    if (a.positional.size() > 1) return a.positional[1];
    in.raise_args("KeyError", {a.positional[0]});
  }
  PyValue v = *found;
  self.dict_ref().erase(a.positional[0]);
  return v;
}
PyValue d_popitem(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "popitem", 0, 0);
  if (self.dict_ref().size() == 0) in.raise("KeyError", "popitem(): dictionary is empty");
  auto last = self.dict_ref().entries().back();
  self.dict_ref().erase(last.first);
  return PyValue::tuple({last.first, last.second});
}
PyValue d_setdefault(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "setdefault", 1, 2);
  in.check_hashable(a.positional[0]);
  if (const PyValue* found = self.dict_ref().find(a.positional[0])) return *found;
  PyValue v = a.positional.size() > 1 ? a.positional[1] : PyValue();
  self.dict_ref().set(a.positional[0], v);
  return v;
}
PyValue d_update(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "update", 0, 1);
  if (!a.positional.empty()) {
    Args conv;
    conv.positional.push_back(a.positional[0]);
    PyValue other = in.call_type("dict", conv);
    for (const auto& [k, v] : other.dict_ref().entries()) self.dict_ref().set(k, v);
  }
  for (const auto& [k, v] : a.keywords) self.dict_ref().set(PyValue(k), v);
  return PyValue();
}
PyValue d_copy(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "copy", 0, 0);
  PyValue d = PyValue::dict();
  for (const auto& [k, v] : self.dict_ref().entries()) d.dict_ref().set(k, v);
  return d;
}
PyValue d_clear(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "clear", 0, 0);
  std::vector<PyValue> keys;
  for (const auto& [k, v] : self.dict_ref().entries()) keys.push_back(k);
  for (const auto& k : keys) self.dict_ref().erase(k);
  return PyValue();
}

// ---- set ---------------------------------------------------------------------------------------

PyValue make_set(std::vector<PyValue> items) { return PyValue::set(std::move(items)); }
PyValue set_add(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "add", 1, 1);
  in.check_hashable(a.positional[0]);
  if (!in.contains(self, a.positional[0])) items_of(self).push_back(a.positional[0]);
  return PyValue();
}
PyValue set_discard_impl(Interpreter& in, const PyValue& self, Args& a, bool must_exist) {
  arity(in, a, must_exist ? "remove" : "discard", 1, 1);
  in.check_hashable(a.positional[0]);
  auto& items = items_of(self);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (in.equals(items[i], a.positional[0])) {
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
      return PyValue();
    }
  }
  if (must_exist) in.raise_args("KeyError", {a.positional[0]});
  return PyValue();
}
PyValue set_remove(Interpreter& in, const PyValue& self, Args& a) { return set_discard_impl(in, self, a, true); }
PyValue set_discard(Interpreter& in, const PyValue& self, Args& a) { return set_discard_impl(in, self, a, false); }
PyValue set_op(Interpreter& in, const PyValue& self, Args& a, const char* op) {
  PyValue result = make_set(items_of(self));
  for (const auto& other : a.positional) {
    Args conv;
    conv.positional.push_back(other);
    result = in.binary(op, result, in.call_type("set", conv));
  }
  return result;
}
PyValue set_union(Interpreter& in, const PyValue& self, Args& a) { return set_op(in, self, a, "|"); }
PyValue set_intersection(Interpreter& in, const PyValue& self, Args& a) { return set_op(in, self, a, "&"); }
PyValue set_difference(Interpreter& in, const PyValue& self, Args& a) { return set_op(in, self, a, "-"); }
PyValue set_update(Interpreter& in, const PyValue& self, Args& a) {
  PyValue u = set_op(in, self, a, "|");
  items_of(self) = items_of(u);
  return PyValue();
}
PyValue set_issubset(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "issubset", 1, 1);
  Args conv;
  conv.positional.push_back(a.positional[0]);
  PyValue other = in.call_type("set", conv);
  for (const auto& x : items_of(self))
    if (!in.contains(other, x)) return PyValue(false);
  return PyValue(true);
}
PyValue set_issuperset(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "issuperset", 1, 1);
  for (const auto& x : in.to_list(a.positional[0]))
    if (!in.contains(self, x)) return PyValue(false);
  return PyValue(true);
}
PyValue set_pop(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "pop", 0, 0);
  auto& items = items_of(self);
  if (items.empty()) in.raise("KeyError", "pop from an empty set");
  PyValue v = items.front();
  items.erase(items.begin());
  return v;
}
PyValue set_copy(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "copy", 0, 0);
  return make_set(items_of(self));
}

// ---- numbers -----------------------------------------------------------------------------------

PyValue i_bit_length(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "bit_length", 0, 0);
  std::int64_t v = as_i64(self);
  std::uint64_t m = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  std::int64_t n = 0;
  while (m) {
    ++n;
    m >>= 1;
  }
  return PyValue(n);
}
PyValue i_is_integer(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "is_integer", 0, 0);
  return PyValue(true);
}
PyValue f_is_integer(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "is_integer", 0, 0);
  double d = self.as_float();
  return PyValue(std::isfinite(d) && d == std::floor(d));
}

// ---- files -------------------------------------------------------------------------------------

PyObject& file_of(Interpreter& in, const PyValue& self) {
  PyObject& f = self.object();
  if (f.closed) in.raise("ValueError", "I/O operation on closed file.");
  return f;
}
const std::string& readable_content(Interpreter& in, PyObject& f) {
  if (f.path == "<stdout>" || f.path == "<stderr>" || (f.mode.find('r') == std::string::npos && f.mode.find('+') == std::string::npos)) {
    in.raise("UnsupportedOperation", "not readable");
  }
  return in.files_[f.path];
}
PyValue f_write(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "write", 1, 1);
  PyObject& f = file_of(in, self);
  if (!a.positional[0].is_str()) in.raise("TypeError", "write() argument must be str, not " + in.type_name(a.positional[0]));
  in.write_file(f, a.positional[0].as_str());
  return PyValue(static_cast<std::int64_t>(code_points(a.positional[0].as_str())));
}
PyValue f_writelines(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "writelines", 1, 1);
  PyObject& f = file_of(in, self);
  for (const auto& line : in.to_list(a.positional[0])) {
    if (!line.is_str()) in.raise("TypeError", "write() argument must be str, not " + in.type_name(line));
    in.write_file(f, line.as_str());
  }
  return PyValue();
}
PyValue f_read(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "read", 0, 1);
  PyObject& f = file_of(in, self);
  const std::string& content = readable_content(in, f);
  std::size_t pos = std::min(f.read_pos, content.size());
  std::int64_t size = a.positional.empty() || a.positional[0].is_none() ? -1 : in.index_arg(a.positional[0], "size");
  std::size_t end = content.size();
  if (size >= 0) {
    std::size_t i = pos;
    for (std::int64_t k = 0; k < size && i < content.size(); ++k) text::decode_utf8(content, i);
    end = i;
  }
  f.read_pos = end;
  return PyValue(content.substr(pos, end - pos));
}
PyValue f_readline(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "readline", 0, 1);
  PyObject& f = file_of(in, self);
  const std::string& content = readable_content(in, f);
  std::size_t pos = std::min(f.read_pos, content.size());
  auto nl = content.find('\n', pos);
  std::size_t end = nl == std::string::npos ? content.size() : nl + 1;
  f.read_pos = end;
  return PyValue(content.substr(pos, end - pos));
}
PyValue f_readlines(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "readlines", 0, 1);
  PyObject& f = file_of(in, self);
  const std::string& content = readable_content(in, f);
  std::vector<PyValue> lines;
  std::size_t pos = std::min(f.read_pos, content.size());
  while (pos < content.size()) {
    auto nl = content.find('\n', pos);
    std::size_t end = nl == std::string::npos ? content.size() : nl + 1;
    lines.emplace_back(content.substr(pos, end - pos));
    pos = end;
  }
  f.read_pos = pos;
  return in.new_list(std::move(lines));
}
PyValue f_close(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "close", 0, 0);
  self.object().closed = true;
  return PyValue();
}
PyValue f_flush(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "flush", 0, 0);
  PyObject& f = file_of(in, self);
  if (f.path == "<stdout>") in.flush_stdout();
  return PyValue();
}
PyValue f_seek(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "seek", 1, 2);
  PyObject& f = file_of(in, self);
  std::int64_t offset = in.index_arg(a.positional[0], "seek offset");
  std::int64_t whence = a.positional.size() > 1 ? in.index_arg(a.positional[1], "whence") : 0;
  const std::size_t size = in.files_[f.path].size();
  if (whence == 2) {
    f.read_pos = size;
  } else if (whence == 0) {
    if (offset < 0) in.raise("ValueError", "negative seek position " + std::to_string(offset));
    f.read_pos = std::min<std::size_t>(static_cast<std::size_t>(offset), size);
  }
  return PyValue(static_cast<std::int64_t>(f.read_pos));
}
PyValue f_tell(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "tell", 0, 0);
  return PyValue(static_cast<std::int64_t>(file_of(in, self).read_pos));
}
PyValue f_readable(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "readable", 0, 0);
  PyObject& f = file_of(in, self);
  return PyValue(f.mode.find_first_of("r+") != std::string::npos && f.path != "<stdout>" && f.path != "<stderr>");
}
PyValue f_writable(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "writable", 0, 0);
  return PyValue(file_of(in, self).mode.find_first_of("wax+") != std::string::npos);
}
PyValue f_isatty(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "isatty", 0, 0);
  file_of(in, self);
  return PyValue(false);
}
// sys.stdout.reconfigure(line_buffering=True) or (write_through=True): the usual cure for a
// log that shows prints late; ghaplay then writes stdout at once.
PyValue f_reconfigure(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "reconfigure", 0, 0);
  PyObject& f = file_of(in, self);
  for (const char* k : {"line_buffering", "write_through"}) {
    const PyValue* v = a.keyword(k);
    if (v && in.truthy(*v) && f.path == "<stdout>") {
      in.flush_stdout();
      in.unbuffered_ = true;
    }
  }
  return PyValue();
}

PyValue f_enter(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "__enter__", 0, 0);
  file_of(in, self);
  return self;
}
PyValue f_exit(Interpreter&, const PyValue& self, Args&) {
  self.object().closed = true;
  return PyValue();
}

// ---- os.environ --------------------------------------------------------------------------------

PyValue e_get(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "get", 1, 2);
  if (a.positional[0].is_str()) {
    auto found = in.env_.find(a.positional[0].as_str());
    if (found != in.env_.end()) return PyValue(found->second);
  }
  return a.positional.size() > 1 ? a.positional[1] : PyValue();
}
PyValue e_keys(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "keys", 0, 0);
  std::vector<PyValue> out;
  for (const auto& [k, v] : in.env_) out.emplace_back(k);
  return in.new_list(std::move(out));
}
PyValue e_values(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "values", 0, 0);
  std::vector<PyValue> out;
  for (const auto& [k, v] : in.env_) out.emplace_back(v);
  return in.new_list(std::move(out));
}
PyValue e_items(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "items", 0, 0);
  std::vector<PyValue> out;
  for (const auto& [k, v] : in.env_) out.push_back(PyValue::tuple({PyValue(k), PyValue(v)}));
  return in.new_list(std::move(out));
}
PyValue e_setdefault(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "setdefault", 1, 2);
  if (!a.positional[0].is_str()) in.raise("TypeError", "str expected, not " + in.type_name(a.positional[0]));
  auto found = in.env_.find(a.positional[0].as_str());
  if (found != in.env_.end()) return PyValue(found->second);
  PyValue v = a.positional.size() > 1 ? a.positional[1] : PyValue();
  in.set_item(self, a.positional[0], v);
  return v;
}
PyValue e_pop(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "pop", 1, 2);
  if (a.positional[0].is_str()) {
    auto found = in.env_.find(a.positional[0].as_str());
    if (found != in.env_.end()) {
      PyValue v(found->second);
      in.env_.erase(found);
      return v;
    }
  }
  if (a.positional.size() > 1) return a.positional[1];
  in.raise_args("KeyError", {a.positional[0]});
}
PyValue e_copy(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "copy", 0, 0);
  Args conv;
  conv.positional.push_back(self);
  return in.call_type("dict", conv);
}
PyValue e_update(Interpreter& in, const PyValue& self, Args& a) {
  arity(in, a, "update", 0, 1);
  if (!a.positional.empty()) {
    Args conv;
    conv.positional.push_back(a.positional[0]);
    PyValue other = in.call_type("dict", conv);
    for (const auto& [k, v] : other.dict_ref().entries()) in.set_item(self, k, v);
  }
  for (const auto& [k, v] : a.keywords) in.set_item(self, PyValue(k), v);
  return PyValue();
}

// ---- re ----------------------------------------------------------------------------------------

constexpr std::int64_t kIgnoreCase = 2;
constexpr std::size_t kRegexSteps = 1000000;

// Python's syntax where it differs from the engine's: (?P<name>...) and \Z.
std::string translate_pattern(Interpreter& in, const std::string& p) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      out += p[i];
      out += p[i + 1] == 'Z' ? 'z' : p[i + 1];
      ++i;
      continue;
    }
    if (p.compare(i, 4, "(?P<") == 0) {
      out += "(?<";
      i += 3;
      continue;
    }
    if (p.compare(i, 4, "(?P=") == 0) in.raise("error", "named backreferences are not simulated by ghaplay");
    out += p[i];
  }
  return out;
}

struct CompiledPattern {
  std::string pattern;
  std::int64_t flags = 0;
};

CompiledPattern pattern_of(Interpreter& in, const PyValue& p, const PyValue* flags) {
  CompiledPattern c;
  if (is_kind(p, PyObject::Kind::Pattern)) {
    c.pattern = p.object().name;
    c.flags = p.object().flags;
  } else if (p.is_str()) {
    c.pattern = p.as_str();
  } else {
    in.raise("TypeError", "first argument must be string or compiled pattern");
  }
  if (flags && !flags->is_none()) c.flags |= in.index_arg(*flags, "flags");
  if (c.flags & ~kIgnoreCase & ~std::int64_t{256} & ~std::int64_t{32}) {
    in.notice_unsupported("re flags other than re.IGNORECASE are not simulated by ghaplay: the pattern runs without them.");
  }
  return c;
}

// The engine's program for a pattern. `anchor`: 0 none, 1 at the start (match), 2 at the start
// and to the end (fullmatch). \G is the start of the subject in the engine.
pwsh::Regex compile_regex(Interpreter& in, const CompiledPattern& c, int anchor) {
  std::string p = translate_pattern(in, c.pattern);
  if (anchor == 1) p = "\\G(?:" + p + ")";
  if (anchor == 2) p = "\\G(?:" + p + ")\\z";
  pwsh::Regex regex(p, (c.flags & kIgnoreCase) != 0);
  if (!regex.ok()) in.raise("error", regex.error());
  return regex;
}

std::optional<pwsh::RegexMatch> regex_search(Interpreter& in, const pwsh::Regex& regex, const std::string& subject,
                                             std::size_t from) {
  std::size_t steps = kRegexSteps;
  bool exhausted = false;
  in.tick();
  auto m = regex.search(subject, from, steps, exhausted);
  if (exhausted) in.raise("RuntimeError", "The regular expression needs more steps than ghaplay allows (catastrophic backtracking?)");
  return m;
}

PyValue match_object(const pwsh::RegexMatch& m, const std::string& subject, const std::string& pattern) {
  auto o = make_object(PyObject::Kind::Match, pattern);
  o->subject = subject;
  for (const auto& g : m.groups) o->groups.emplace_back(g.start, g.end);
  o->group_names = m.names;
  return PyValue(o);
}

std::string subject_arg(Interpreter& in, const PyValue* v) {
  if (!v) in.raise("TypeError", "missing required argument 'string'");
  if (!v->is_str()) in.raise("TypeError", "expected string or bytes-like object, got '" + in.type_name(*v) + "'");
  return v->as_str();
}

PyValue re_compile(Interpreter& in, const PyValue&, Args& a) {
  const PyValue* p = arg(a, 0, "pattern");
  if (!p) in.raise("TypeError", "compile() missing required argument 'pattern' (pos 1)");
  if (is_kind(*p, PyObject::Kind::Pattern)) return *p;
  CompiledPattern c = pattern_of(in, *p, arg(a, 1, "flags"));
  compile_regex(in, c, 0);
  auto o = make_object(PyObject::Kind::Pattern, c.pattern);
  o->flags = c.flags;
  return PyValue(o);
}

// The module functions take (pattern, string, ...); a Pattern's methods take (string, ...).
struct ReCall {
  CompiledPattern pattern;
  std::vector<PyValue> rest;  // the arguments after the pattern
};
ReCall re_call(Interpreter& in, const PyValue& self, Args& a, std::size_t flags_index) {
  ReCall r;
  if (is_kind(self, PyObject::Kind::Pattern)) {
    r.pattern = pattern_of(in, self, nullptr);
    r.rest = a.positional;
    return r;
  }
  const PyValue* p = arg(a, 0, "pattern");
  if (!p) in.raise("TypeError", "missing required argument 'pattern'");
  r.pattern = pattern_of(in, *p, arg(a, flags_index, "flags"));
  r.rest.assign(a.positional.begin() + (a.positional.empty() ? 0 : 1), a.positional.end());
  if (const PyValue* s = a.keyword("string"); s && r.rest.empty()) r.rest.push_back(*s);
  return r;
}

PyValue re_find(Interpreter& in, const PyValue& self, Args& a, int anchor) {
  ReCall r = re_call(in, self, a, 2);
  std::string subject = subject_arg(in, r.rest.empty() ? nullptr : &r.rest[0]);
  auto regex = compile_regex(in, r.pattern, anchor);
  auto m = regex_search(in, regex, subject, 0);
  if (!m) return PyValue();
  return match_object(*m, subject, r.pattern.pattern);
}
PyValue re_match(Interpreter& in, const PyValue& self, Args& a) { return re_find(in, self, a, 1); }
PyValue re_search(Interpreter& in, const PyValue& self, Args& a) { return re_find(in, self, a, 0); }
PyValue re_fullmatch(Interpreter& in, const PyValue& self, Args& a) { return re_find(in, self, a, 2); }

// Every non-overlapping match, left to right; after an empty match the search moves on one
// character.
std::vector<pwsh::RegexMatch> all_matches(Interpreter& in, const CompiledPattern& c, const std::string& subject, std::int64_t limit) {
  std::vector<pwsh::RegexMatch> out;
  auto regex = compile_regex(in, c, 0);
  std::size_t from = 0;
  while (from <= subject.size()) {
    if (limit > 0 && static_cast<std::int64_t>(out.size()) >= limit) break;
    auto m = regex_search(in, regex, subject, from);
    if (!m) break;
    std::size_t start = m->groups[0].start, end = m->groups[0].end;
    out.push_back(*m);
    if (out.size() > kMaxItems) in.raise("MemoryError", "");
    if (end == start) {
      if (end >= subject.size()) break;
      std::size_t next = end;
      text::decode_utf8(subject, next);
      from = next;
    } else {
      from = end;
    }
  }
  return out;
}

PyValue group_value(const pwsh::RegexMatch& m, const std::string& subject, std::size_t i, const PyValue& deflt) {
  const auto& g = m.groups[i];
  if (g.start == std::string::npos) return deflt;
  return PyValue(subject.substr(g.start, g.end - g.start));
}

PyValue re_findall(Interpreter& in, const PyValue& self, Args& a) {
  ReCall r = re_call(in, self, a, 2);
  std::string subject = subject_arg(in, r.rest.empty() ? nullptr : &r.rest[0]);
  std::vector<PyValue> out;
  for (const auto& m : all_matches(in, r.pattern, subject, 0)) {
    std::size_t groups = m.groups.size() - 1;
    if (groups == 0) {
      out.push_back(group_value(m, subject, 0, PyValue("")));
    } else if (groups == 1) {
      out.push_back(group_value(m, subject, 1, PyValue("")));
    } else {
      std::vector<PyValue> row;
      for (std::size_t g = 1; g <= groups; ++g) row.push_back(group_value(m, subject, g, PyValue("")));
      out.push_back(PyValue::tuple(std::move(row)));
    }
  }
  return in.new_list(std::move(out));
}

PyValue re_finditer(Interpreter& in, const PyValue& self, Args& a) {
  ReCall r = re_call(in, self, a, 2);
  std::string subject = subject_arg(in, r.rest.empty() ? nullptr : &r.rest[0]);
  std::vector<PyValue> out;
  for (const auto& m : all_matches(in, r.pattern, subject, 0)) out.push_back(match_object(m, subject, r.pattern.pattern));
  return in.new_list(std::move(out));
}

// The replacement text: \1, \g<1>, \g<name>, and the usual escapes.
std::string expand_template(Interpreter& in, const std::string& repl, const pwsh::RegexMatch& m, const std::string& subject) {
  std::string out;
  auto group = [&](std::size_t i) {
    if (i >= m.groups.size()) in.raise("error", "invalid group reference " + std::to_string(i));
    const auto& g = m.groups[i];
    if (g.start != std::string::npos) out.append(subject, g.start, g.end - g.start);
  };
  for (std::size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c != '\\' || i + 1 >= repl.size()) {
      out += c;
      continue;
    }
    char n = repl[++i];
    if (std::isdigit(static_cast<unsigned char>(n))) {
      std::size_t num = static_cast<std::size_t>(n - '0');
      if (i + 1 < repl.size() && std::isdigit(static_cast<unsigned char>(repl[i + 1]))) num = num * 10 + static_cast<std::size_t>(repl[++i] - '0');
      group(num);
    } else if (n == 'g' && i + 1 < repl.size() && repl[i + 1] == '<') {
      auto close = repl.find('>', i);
      if (close == std::string::npos) in.raise("error", "missing >, unterminated name");
      std::string name = repl.substr(i + 2, close - i - 2);
      i = close;
      if (!name.empty() && std::all_of(name.begin(), name.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); })) {
        group(static_cast<std::size_t>(std::stoul(name.substr(0, 6))));
      } else {
        auto it = std::find(m.names.begin(), m.names.end(), name);
        if (it == m.names.end() || name.empty()) in.raise("IndexError", "unknown group name '" + name + "'");
        group(static_cast<std::size_t>(it - m.names.begin()));
      }
    } else if (n == 'n') {
      out += '\n';
    } else if (n == 't') {
      out += '\t';
    } else if (n == 'r') {
      out += '\r';
    } else if (n == '\\') {
      out += '\\';
    } else if (std::isalpha(static_cast<unsigned char>(n))) {
      in.raise("error", std::string("bad escape \\") + n);
    } else {
      out += '\\';
      out += n;
    }
  }
  return out;
}

PyValue sub_impl(Interpreter& in, const PyValue& self, Args& a, bool with_count) {
  ReCall r = re_call(in, self, a, 4);
  if (r.rest.size() < 2) in.raise("TypeError", "sub() missing required argument 'string'");
  const PyValue repl = r.rest[0];
  std::string subject = subject_arg(in, &r.rest[1]);
  std::int64_t count = r.rest.size() > 2 ? in.index_arg(r.rest[2], "count") : 0;
  if (const PyValue* k = a.keyword("count")) count = in.index_arg(*k, "count");
  std::string out;
  std::size_t last = 0;
  std::int64_t n = 0;
  for (const auto& m : all_matches(in, r.pattern, subject, count)) {
    out.append(subject, last, m.groups[0].start - last);
    if (repl.is_str()) {
      out += expand_template(in, repl.as_str(), m, subject);
    } else {
      Args ca;
      ca.positional.push_back(match_object(m, subject, r.pattern.pattern));
      PyValue piece = in.call(repl, ca);
      if (!piece.is_str()) in.raise("TypeError", "expected str instance, " + in.type_name(piece) + " found");
      out += piece.as_str();
    }
    if (out.size() > kMaxString) in.raise("MemoryError", "");
    last = m.groups[0].end;
    ++n;
  }
  out.append(subject, last, std::string::npos);
  if (with_count) return PyValue::tuple({PyValue(out), PyValue(n)});
  return PyValue(out);
}
PyValue re_sub(Interpreter& in, const PyValue& self, Args& a) { return sub_impl(in, self, a, false); }
PyValue re_subn(Interpreter& in, const PyValue& self, Args& a) { return sub_impl(in, self, a, true); }

PyValue re_split(Interpreter& in, const PyValue& self, Args& a) {
  ReCall r = re_call(in, self, a, 3);
  std::string subject = subject_arg(in, r.rest.empty() ? nullptr : &r.rest[0]);
  std::int64_t maxsplit = r.rest.size() > 1 ? in.index_arg(r.rest[1], "maxsplit") : 0;
  if (const PyValue* k = a.keyword("maxsplit")) maxsplit = in.index_arg(*k, "maxsplit");
  std::vector<PyValue> out;
  std::size_t last = 0;
  for (const auto& m : all_matches(in, r.pattern, subject, maxsplit)) {
    out.emplace_back(subject.substr(last, m.groups[0].start - last));
    for (std::size_t g = 1; g < m.groups.size(); ++g) out.push_back(group_value(m, subject, g, PyValue()));
    last = m.groups[0].end;
  }
  out.emplace_back(subject.substr(last));
  return in.new_list(std::move(out));
}

PyValue re_escape(Interpreter& in, const PyValue&, Args& a) {
  arity(in, a, "escape", 1, 1);
  std::string s = str_param(in, a.positional[0], "escape() argument");
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
      out += c;
    } else {
      out += '\\';
      out += c;
    }
  }
  return PyValue(out);
}

// Match objects.
std::size_t group_index(Interpreter& in, const PyObject& m, const PyValue& g) {
  if (int_like(g)) {
    std::int64_t i = as_i64(g);
    if (i < 0 || static_cast<std::size_t>(i) >= m.groups.size()) in.raise("IndexError", "no such group");
    return static_cast<std::size_t>(i);
  }
  if (g.is_str()) {
    auto it = std::find(m.group_names.begin(), m.group_names.end(), g.as_str());
    if (it != m.group_names.end() && !g.as_str().empty()) return static_cast<std::size_t>(it - m.group_names.begin());
  }
  in.raise("IndexError", "no such group");
}
PyValue group_text(const PyObject& m, std::size_t i, const PyValue& deflt) {
  auto [a, b] = m.groups[i];
  if (a == std::string::npos) return deflt;
  return PyValue(m.subject.substr(a, b - a));
}
PyValue m_group(Interpreter& in, const PyValue& self, Args& a) {
  const PyObject& m = self.object();
  if (a.positional.empty()) return group_text(m, 0, PyValue());
  if (a.positional.size() == 1) return group_text(m, group_index(in, m, a.positional[0]), PyValue());
  std::vector<PyValue> out;
  for (const auto& g : a.positional) out.push_back(group_text(m, group_index(in, m, g), PyValue()));
  return PyValue::tuple(std::move(out));
}
PyValue m_groups(Interpreter& in, const PyValue& self, Args& a) {
  const PyObject& m = self.object();
  PyValue deflt = arg(a, 0, "default") ? *arg(a, 0, "default") : PyValue();
  (void)in;
  std::vector<PyValue> out;
  for (std::size_t i = 1; i < m.groups.size(); ++i) out.push_back(group_text(m, i, deflt));
  return PyValue::tuple(std::move(out));
}
PyValue m_groupdict(Interpreter& in, const PyValue& self, Args& a) {
  const PyObject& m = self.object();
  PyValue deflt = arg(a, 0, "default") ? *arg(a, 0, "default") : PyValue();
  (void)in;
  PyValue d = PyValue::dict();
  for (std::size_t i = 1; i < m.groups.size() && i < m.group_names.size(); ++i)
    if (!m.group_names[i].empty()) d.dict_ref().set(PyValue(m.group_names[i]), group_text(m, i, deflt));
  return d;
}
PyValue span_part(Interpreter& in, const PyValue& self, Args& a, int which) {
  const PyObject& m = self.object();
  std::size_t i = a.positional.empty() ? 0 : group_index(in, m, a.positional[0]);
  auto [s, e] = m.groups[i];
  auto cp = [&](std::size_t byte) {
    return byte == std::string::npos ? std::int64_t{-1} : static_cast<std::int64_t>(code_points(std::string_view(m.subject).substr(0, byte)));
  };
  if (which == 0) return PyValue(cp(s));
  if (which == 1) return PyValue(cp(e));
  return PyValue::tuple({PyValue(cp(s)), PyValue(cp(e))});
}
PyValue m_start(Interpreter& in, const PyValue& self, Args& a) { return span_part(in, self, a, 0); }
PyValue m_end(Interpreter& in, const PyValue& self, Args& a) { return span_part(in, self, a, 1); }
PyValue m_span(Interpreter& in, const PyValue& self, Args& a) { return span_part(in, self, a, 2); }

}  // namespace

std::vector<PyValue> sort_list(Interpreter& in, std::vector<PyValue> items, const PyValue* key, bool reverse) {
  std::vector<PyValue> keys;
  if (key && !key->is_none()) {
    for (const auto& item : items) {
      Args ka;
      ka.positional.push_back(item);
      keys.push_back(in.call(*key, ka));
    }
  } else {
    keys = items;
  }
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  in.tick(items.size() * 4 / 64);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return reverse ? in.less(keys[y], keys[x], "<") : in.less(keys[x], keys[y], "<");
  });
  std::vector<PyValue> out;
  out.reserve(items.size());
  for (auto i : order) out.push_back(items[i]);
  return out;
}

void add_methods(BuiltinTable& t) {
  t["str.upper"] = s_upper;
  t["str.lower"] = s_lower;
  t["str.casefold"] = s_casefold;
  t["str.swapcase"] = s_swapcase;
  t["str.title"] = s_title;
  t["str.capitalize"] = s_capitalize;
  t["str.strip"] = s_strip;
  t["str.lstrip"] = s_lstrip;
  t["str.rstrip"] = s_rstrip;
  t["str.split"] = s_split;
  t["str.rsplit"] = s_rsplit;
  t["str.splitlines"] = s_splitlines;
  t["str.join"] = s_join;
  t["str.replace"] = s_replace;
  t["str.startswith"] = s_startswith;
  t["str.endswith"] = s_endswith;
  t["str.find"] = s_find;
  t["str.rfind"] = s_rfind;
  t["str.index"] = s_index;
  t["str.rindex"] = s_rindex;
  t["str.count"] = s_count;
  t["str.isdigit"] = s_isdigit;
  t["str.isdecimal"] = s_isdigit;
  t["str.isnumeric"] = s_isdigit;
  t["str.isalpha"] = s_isalpha;
  t["str.isalnum"] = s_isalnum;
  t["str.isspace"] = s_isspace;
  t["str.isascii"] = s_isascii;
  t["str.isidentifier"] = s_isidentifier;
  t["str.isupper"] = s_isupper;
  t["str.islower"] = s_islower;
  t["str.ljust"] = s_ljust;
  t["str.rjust"] = s_rjust;
  t["str.center"] = s_center;
  t["str.zfill"] = s_zfill;
  t["str.format"] = s_format;
  t["str.partition"] = s_partition;
  t["str.rpartition"] = s_rpartition;
  t["str.removeprefix"] = s_removeprefix;
  t["str.removesuffix"] = s_removesuffix;
  t["str.expandtabs"] = s_expandtabs;
  t["list.append"] = l_append;
  t["list.extend"] = l_extend;
  t["list.insert"] = l_insert;
  t["list.pop"] = l_pop;
  t["list.remove"] = l_remove;
  t["list.index"] = seq_index;
  t["list.count"] = seq_count;
  t["list.sort"] = l_sort;
  t["list.reverse"] = l_reverse;
  t["list.copy"] = l_copy;
  t["list.clear"] = l_clear;
  t["tuple.index"] = seq_index;
  t["tuple.count"] = seq_count;
  t["dict.get"] = d_get;
  t["dict.keys"] = d_keys;
  t["dict.values"] = d_values;
  t["dict.items"] = d_items;
  t["dict.pop"] = d_pop;
  t["dict.popitem"] = d_popitem;
  t["dict.setdefault"] = d_setdefault;
  t["dict.update"] = d_update;
  t["dict.copy"] = d_copy;
  t["dict.clear"] = d_clear;
  t["set.add"] = set_add;
  t["set.remove"] = set_remove;
  t["set.discard"] = set_discard;
  t["set.union"] = set_union;
  t["set.intersection"] = set_intersection;
  t["set.difference"] = set_difference;
  t["set.update"] = set_update;
  t["set.issubset"] = set_issubset;
  t["set.issuperset"] = set_issuperset;
  t["set.pop"] = set_pop;
  t["set.copy"] = set_copy;
  t["int.bit_length"] = i_bit_length;
  t["int.is_integer"] = i_is_integer;
  t["float.is_integer"] = f_is_integer;
  t["file.write"] = f_write;
  t["file.writelines"] = f_writelines;
  t["file.read"] = f_read;
  t["file.readline"] = f_readline;
  t["file.readlines"] = f_readlines;
  t["file.close"] = f_close;
  t["file.flush"] = f_flush;
  t["file.seek"] = f_seek;
  t["file.tell"] = f_tell;
  t["file.readable"] = f_readable;
  t["file.writable"] = f_writable;
  t["file.isatty"] = f_isatty;
  t["file.reconfigure"] = f_reconfigure;
  t["file.__enter__"] = f_enter;
  t["file.__exit__"] = f_exit;
  t["environ.get"] = e_get;
  t["environ.keys"] = e_keys;
  t["environ.values"] = e_values;
  t["environ.items"] = e_items;
  t["environ.setdefault"] = e_setdefault;
  t["environ.pop"] = e_pop;
  t["environ.copy"] = e_copy;
  t["environ.update"] = e_update;
  t["re.compile"] = re_compile;
  t["re.match"] = re_match;
  t["re.search"] = re_search;
  t["re.fullmatch"] = re_fullmatch;
  t["re.findall"] = re_findall;
  t["re.finditer"] = re_finditer;
  t["re.sub"] = re_sub;
  t["re.subn"] = re_subn;
  t["re.split"] = re_split;
  t["re.escape"] = re_escape;
  t["pattern.match"] = re_match;
  t["pattern.search"] = re_search;
  t["pattern.fullmatch"] = re_fullmatch;
  t["pattern.findall"] = re_findall;
  t["pattern.finditer"] = re_finditer;
  t["pattern.sub"] = re_sub;
  t["pattern.subn"] = re_subn;
  t["pattern.split"] = re_split;
  t["match.group"] = m_group;
  t["match.groups"] = m_groups;
  t["match.groupdict"] = m_groupdict;
  t["match.start"] = m_start;
  t["match.end"] = m_end;
  t["match.span"] = m_span;
}

}  // namespace ghaplay::scripts::python
