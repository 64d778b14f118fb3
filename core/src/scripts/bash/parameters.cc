// Variables (scalars, indexed and associative arrays, locals) and ${...} expansion.
#include <algorithm>
#include <cctype>

#include "common/text.h"
#include "scripts/bash/interpreter.h"
#include "scripts/bash/pattern.h"

namespace ghaplay::scripts::bash {
namespace {

bool is_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Byte offsets of the code points of `s`, plus its size at the end.
std::vector<std::size_t> code_point_starts(std::string_view s) {
  std::vector<std::size_t> starts;
  std::size_t i = 0;
  while (i < s.size()) {
    starts.push_back(i);
    text::decode_utf8(s, i);
  }
  starts.push_back(s.size());
  return starts;
}

// The number of characters a pattern without `*` matches, or -1.
long long pattern_length(std::string_view pattern) {
  long long n = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*') return -1;
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']') {
        if (pattern[j] == '[' && j + 1 < pattern.size() && pattern[j + 1] == ':') {
          std::size_t close = pattern.find(":]", j + 2);
          if (close == std::string_view::npos) break;
          j = close + 2;
          continue;
        }
        ++j;
      }
      if (j < pattern.size()) i = j;
    } else if (static_cast<unsigned char>(c) >= 0x80 && (static_cast<unsigned char>(c) & 0xC0) != 0xC0) {
      continue;  // a continuation byte: part of the previous character
    }
    ++n;
  }
  return n;
}

std::string ascii_upper(std::string s, bool all) {
  for (char& c : s) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!all) break;
  }
  return s;
}

std::string ascii_lower(std::string s, bool all) {
  for (char& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!all) break;
  }
  return s;
}

}  // namespace

const Variable* Interpreter::find_var(const std::string& name) const {
  return state_.vars.find(name);
}

std::string Interpreter::ifs() const {
  const Variable* v = find_var("IFS");
  if (!v || !v->set) return " \t\n";
  return v->value;
}

std::optional<std::string> Interpreter::get_scalar(const std::string& name) const {
  if (name == "LINENO") return std::to_string(source_.line_of(current_offset_));
  if (name == "RANDOM") {
    // Deterministic, so that a run can be replayed: a linear congruential generator.
    auto* self = const_cast<Interpreter*>(this);
    self->random_state_ = self->random_state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return std::to_string((random_state_ >> 33) % 32768);
  }
  if (name == "SECONDS") return "0";
  if (name == "BASHPID") return std::to_string(4242 + state_.subshell);
  if (name == "BASH_SUBSHELL") return std::to_string(state_.subshell);
  if (name == "FUNCNAME") {
    if (function_names_.empty()) return std::nullopt;
    return function_names_.back();
  }
  const Variable* v = find_var(name);
  if (!v || !v->set) return std::nullopt;
  switch (v->type) {
    case Variable::Type::Scalar:
      return v->value;
    case Variable::Type::Indexed: {
      auto it = v->indexed.find(0);
      if (it == v->indexed.end()) return std::nullopt;
      return it->second;
    }
    case Variable::Type::Assoc: {
      auto it = v->assoc.find("0");
      if (it == v->assoc.end()) return std::nullopt;
      return it->second;
    }
  }
  return std::nullopt;
}

bool Interpreter::check_writable(const std::string& name, Io* io) {
  const Variable* v = find_var(name);
  if (v && v->readonly) {
    if (io) shell_error(*io, name + ": readonly variable");
    return false;
  }
  return true;
}

bool Interpreter::set_var(const std::string& name, std::string value, const Taint& taint, Io* io) {
  if (!check_writable(name, io)) return false;
  if (value.size() > kMaxTextSize) {
    stop(ScriptNotice::Kind::Unsupported, "variable '" + name + "' grew past 16 MB: the run was stopped",
         current_offset_);
    return false;
  }
  if (name == "RANDOM") {
    long long seed = 0;
    parse_integer(value, seed);
    random_state_ = static_cast<unsigned long long>(seed);
    return true;
  }
  Variable& v = state_.vars[name];
  if (v.integer) {
    ArithResult r = eval_arith(value, *this);
    value = r.ok ? std::to_string(r.value) : "0";
  }
  if (v.type == Variable::Type::Indexed) {
    v.indexed[0] = std::move(value);
  } else if (v.type == Variable::Type::Assoc) {
    v.assoc["0"] = std::move(value);
  } else {
    v.value = std::move(value);
  }
  v.set = true;
  v.taint = taint;
  if (state_.options.allexport) v.exported = true;
  return true;
}

std::string Interpreter::array_key(const ParamExpansion& p, const std::string& index_text,
                                   std::size_t offset) {
  const Variable* v = find_var(p.name);
  if (v && v->type == Variable::Type::Assoc) return index_text;
  Word w;
  WordPart part;
  part.text = index_text;
  w.parts.push_back(part);
  long long index = 0;
  Taint t;
  if (!expand_arith(w, index, t, offset, "")) return "0";
  if (index < 0 && v && v->type == Variable::Type::Indexed && !v->indexed.empty()) {
    index += v->indexed.rbegin()->first + 1;
  }
  return std::to_string(index);
}

bool Interpreter::set_element(const std::string& name, const std::string& key, std::string value,
                              const Taint& taint, Io* io) {
  if (!check_writable(name, io)) return false;
  Variable& v = state_.vars[name];
  if (v.type == Variable::Type::Assoc) {
    v.assoc[key] = std::move(value);
  } else {
    if (v.type == Variable::Type::Scalar) {
      if (v.set) v.indexed[0] = v.value;
      v.value.clear();
      v.type = Variable::Type::Indexed;
    }
    ParamExpansion p;
    p.name = name;
    std::string k = array_key(p, key, current_offset_);
    if (unwind_ != Unwind::None) return false;
    long long index = 0;
    parse_integer(k, index);
    if (index < 0) {
      Io fallback;
      shell_error(io ? *io : fallback, name + "[" + key + "]: bad array subscript");
      return false;
    }
    v.indexed[index] = std::move(value);
  }
  v.set = true;
  merge_taint(v.taint, taint);
  return true;
}

void Interpreter::unset_var(const std::string& name) { state_.vars.erase(name); }

void Interpreter::declare_local(const std::string& name) {
  if (state_.locals.empty()) return;
  auto& frame = state_.locals.back();
  if (frame.count(name)) return;
  const Variable* v = find_var(name);
  frame[name] = v ? std::optional<Variable>(*v) : std::nullopt;
  Variable fresh;
  fresh.set = false;
  state_.vars[name] = std::move(fresh);
}

void Interpreter::export_var(const std::string& name) {
  Variable* variable = state_.vars.find_mutable(name);
  if (!variable) {
    Variable v;
    v.set = false;
    v.exported = true;
    state_.vars[name] = std::move(v);
    return;
  }
  variable->exported = true;
}

std::string Interpreter::special_param(const std::string& name) const {
  if (name == "?") return std::to_string(status_);
  if (name == "#") return std::to_string(state_.positional.size());
  if (name == "$") return "4242";
  if (name == "!") return "";
  if (name == "-") {
    std::string flags;
    if (state_.options.errexit) flags += "e";
    flags += "h";
    if (state_.options.nounset) flags += "u";
    if (state_.options.xtrace) flags += "x";
    flags += "B";
    return flags;
  }
  if (name == "0") return std::string(kScriptPath);
  return {};
}

std::string Interpreter::arith_get(const std::string& name, const long long* index) {
  if (!index) return get_scalar(name).value_or("");
  const Variable* v = find_var(name);
  if (!v) return "";
  if (v->type == Variable::Type::Indexed) {
    long long i = *index;
    if (i < 0 && !v->indexed.empty()) i += v->indexed.rbegin()->first + 1;
    auto it = v->indexed.find(i);
    return it == v->indexed.end() ? "" : it->second;
  }
  if (v->type == Variable::Type::Assoc) {
    auto it = v->assoc.find(std::to_string(*index));
    return it == v->assoc.end() ? "" : it->second;
  }
  return *index == 0 && v->set ? v->value : "";
}

void Interpreter::arith_set(const std::string& name, const long long* index, long long value) {
  if (index) {
    set_element(name, std::to_string(*index), std::to_string(value), {}, current_io_);
  } else {
    set_var(name, std::to_string(value), {}, current_io_);
  }
}

bool Interpreter::param_values(const ParamExpansion& p, std::size_t offset,
                               std::vector<std::string>& values, bool& is_set, bool& multi,
                               Taint& taint) {
  multi = false;
  is_set = false;
  std::string name = p.name;
  if (p.indirect && p.has_index && p.index && (p.index->raw == "@" || p.index->raw == "*")) {
    // ${!arr[@]}: the keys
    multi = true;
    const Variable* v = find_var(name);
    if (!v || !v->set) return true;
    if (v->type == Variable::Type::Indexed) {
      for (const auto& [k, value] : v->indexed) values.push_back(std::to_string(k));
    } else if (v->type == Variable::Type::Assoc) {
      for (const auto& [k, value] : v->assoc) values.push_back(k);
    } else {
      values.push_back("0");
    }
    is_set = !values.empty();
    return true;
  }
  if (p.indirect) {
    auto target = get_scalar(name);
    if (!target) return true;
    name = *target;
    std::size_t bracket = name.find('[');
    if (bracket != std::string::npos && name.back() == ']') {
      ParamExpansion inner;
      inner.name = name.substr(0, bracket);
      inner.has_index = true;
      inner.index = std::make_shared<Word>();
      WordPart part;
      part.text = name.substr(bracket + 1, name.size() - bracket - 2);
      inner.index->parts.push_back(part);
      return param_values(inner, offset, values, is_set, multi, taint);
    }
  }
  if (name == "@" || name == "*") {
    values = state_.positional;
    is_set = !values.empty();
    multi = true;
    return true;
  }
  if (is_digits(name)) {
    std::size_t n = 0;
    for (char c : name) n = std::min<std::size_t>(n * 10 + static_cast<std::size_t>(c - '0'), 1000000);
    if (n == 0) {
      values.push_back(std::string(kScriptPath));
      is_set = true;
    } else if (n <= state_.positional.size()) {
      values.push_back(state_.positional[n - 1]);
      is_set = true;
    }
    return true;
  }
  if (name.size() == 1 && std::string_view("?#$!-").find(name[0]) != std::string_view::npos) {
    values.push_back(special_param(name));
    is_set = name != "!";
    return true;
  }
  const Variable* v = find_var(name);
  if (p.has_index) {
    std::string index;
    if (!expand_string(*p.index, index, taint)) return false;
    if (index == "@" || index == "*") {
      multi = true;
      if (!v || !v->set) return true;
      if (v->type == Variable::Type::Indexed) {
        for (const auto& [k, value] : v->indexed) values.push_back(value);
      } else if (v->type == Variable::Type::Assoc) {
        for (const auto& [k, value] : v->assoc) values.push_back(value);
      } else {
        values.push_back(v->value);
      }
      merge_taint(taint, v->taint);
      is_set = !values.empty();
      return true;
    }
    if (!v) return true;
    std::string key = array_key(p, index, offset);
    if (unwind_ != Unwind::None) return false;
    merge_taint(taint, v->taint);
    if (v->type == Variable::Type::Assoc) {
      auto it = v->assoc.find(key);
      if (it != v->assoc.end()) {
        values.push_back(it->second);
        is_set = true;
      }
    } else if (v->type == Variable::Type::Indexed) {
      long long k = 0;
      parse_integer(key, k);
      auto it = v->indexed.find(k);
      if (it != v->indexed.end()) {
        values.push_back(it->second);
        is_set = true;
      }
    } else if (key == "0" && v->set) {
      values.push_back(v->value);
      is_set = true;
    }
    return true;
  }
  auto value = get_scalar(name);
  if (value) {
    values.push_back(*value);
    is_set = true;
    if (v) merge_taint(taint, v->taint);
  }
  return true;
}

bool Interpreter::expand_param(const ParamExpansion& p, std::size_t offset,
                               std::vector<std::string>& values, bool& multi, bool quoted,
                               Taint& taint, const Word** in_place) {
  using Op = ParamExpansion::Op;
  Io fallback;
  Io& io = current_io_ ? *current_io_ : fallback;
  if (p.name.empty() || p.name[0] == '!') {
    std::size_t saved = current_offset_;
    current_offset_ = offset;
    shell_error(io, "${" + (p.name.empty() ? std::string() : p.name.substr(1)) + "}: bad substitution");
    current_offset_ = saved;
    unwind_ = Unwind::Abort;
    exit_status_ = 1;
    return false;
  }
  bool is_set = false;
  std::vector<std::string> raw;
  if (!param_values(p, offset, raw, is_set, multi, taint)) return false;
  bool star = p.name == "*" || (p.has_index && p.index && p.index->raw == "*");
  auto joined = [&] {
    std::string sep = quoted ? ifs().substr(0, 1) : " ";
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (i > 0) out += sep;
      out += raw[i];
    }
    return out;
  };
  std::string single = multi ? joined() : (raw.empty() ? std::string() : raw[0]);
  bool empty = multi ? raw.empty() || (raw.size() == 1 && raw[0].empty()) : single.empty();

  auto fail_unbound = [&] {
    std::size_t saved = current_offset_;
    current_offset_ = offset;
    shell_error(io, p.name + ": unbound variable");
    current_offset_ = saved;
    unwind_ = Unwind::Exit;
    exit_status_ = 1;
    return false;
  };

  switch (p.op) {
    case Op::Length: {
      multi = false;
      values.clear();
      if (p.name == "@" || p.name == "*" || (p.has_index && p.index && (p.index->raw == "@" || p.index->raw == "*"))) {
        values.push_back(std::to_string(raw.size()));
      } else {
        if (!is_set && state_.options.nounset) return fail_unbound();
        values.push_back(std::to_string(code_point_starts(single).size() - 1));
      }
      return true;
    }
    case Op::Plain:
      if (!is_set && state_.options.nounset && p.name != "@" && p.name != "*" && !multi) {
        return fail_unbound();
      }
      break;
    case Op::Default:
    case Op::Assign:
    case Op::Alternative:
    case Op::Error: {
      bool use_value = is_set && !(p.colon && empty);
      if (p.op == Op::Alternative) {
        multi = false;
        values.clear();
        if (!use_value) {
          values.push_back("");
          return true;
        }
        if (in_place && !quoted) {
          *in_place = p.arg.get();
          return true;
        }
        std::string alt;
        if (!expand_string(*p.arg, alt, taint)) return false;
        values.push_back(alt);
        return true;
      }
      if (use_value) break;
      if (p.op == Op::Default && in_place && !quoted) {
        multi = false;
        values.clear();
        *in_place = p.arg.get();
        return true;
      }
      std::string word;
      if (!expand_string(*p.arg, word, taint)) return false;
      if (p.op == Op::Error) {
        std::size_t saved = current_offset_;
        current_offset_ = offset;
        shell_error(io, p.name + ": " + (p.arg->parts.empty() ? std::string("parameter null or not set") : word));
        current_offset_ = saved;
        unwind_ = Unwind::Exit;
        exit_status_ = 1;
        return false;
      }
      if (p.op == Op::Assign) {
        if (is_digits(p.name) || (p.name.size() == 1 && !std::isalpha(static_cast<unsigned char>(p.name[0])) && p.name[0] != '_')) {
          shell_error(io, "$" + p.name + ": cannot assign in this way");
          unwind_ = Unwind::Abort;
          exit_status_ = 1;
          return false;
        }
        set_var(p.name, word, taint, &io);
      }
      multi = false;
      values.clear();
      values.push_back(word);
      return true;
    }
    default:
      break;
  }
  if (!is_set && state_.options.nounset && p.op != Op::Plain && !multi) return fail_unbound();

  // Operators applied to every value.
  std::vector<std::string> items = multi ? raw : std::vector<std::string>{single};
  if (!multi && !is_set) items = {""};
  std::string pattern, replacement;
  if (p.op == Op::RemovePrefix || p.op == Op::RemoveSuffix || p.op == Op::Replace) {
    if (p.arg && !expand_pattern(*p.arg, pattern, taint)) return false;
    if (p.op == Op::Replace && p.has_arg2 && !expand_string(*p.arg2, replacement, taint)) return false;
  }
  long long sub_offset = 0, sub_length = 0;
  bool has_length = false;
  if (p.op == Op::Substring) {
    Taint t;
    if (!expand_arith(*p.arg, sub_offset, t, offset, "")) return false;
    if (p.has_arg2) {
      has_length = true;
      if (!expand_arith(*p.arg2, sub_length, t, offset, "")) return false;
    }
    if (multi) {
      // ${@:1:2} / ${arr[@]:1}: slices the list.
      long long n = static_cast<long long>(items.size());
      long long start = sub_offset;
      if (p.name == "@" || p.name == "*") {
        std::vector<std::string> with_zero{std::string(kScriptPath)};
        with_zero.insert(with_zero.end(), items.begin(), items.end());
        items = with_zero;
        n = static_cast<long long>(items.size());
      }
      if (start < 0) start += n;
      start = std::clamp<long long>(start, 0, n);
      long long end = has_length ? (sub_length < 0 ? n + sub_length : start + sub_length) : n;
      end = std::clamp<long long>(end, start, n);
      values.assign(items.begin() + start, items.begin() + end);
      if (star || !quoted) {
        // joined below like any multi value
      }
      return true;
    }
  }
  bool literal_pattern = !has_glob_chars(pattern);
  // Without `*` a pattern matches a fixed number of characters: one candidate per place.
  long long fixed = pattern_length(pattern);
  std::string plain_pattern = literal_pattern ? unescape_pattern(pattern) : std::string();
  std::size_t work = 0;
  auto budget_check = [&](std::size_t n) {
    work += n;
    if (work > 4096) {
      std::size_t ticks = work / 4096;
      work %= 4096;
      for (std::size_t k = 0; k < ticks; ++k) {
        if (!tick(offset)) return false;
      }
    }
    return true;
  };
  for (std::string& s : items) {
    switch (p.op) {
      case Op::RemovePrefix: {
        if (literal_pattern) {
          if (s.compare(0, plain_pattern.size(), plain_pattern) == 0) s.erase(0, plain_pattern.size());
          break;
        }
        std::vector<std::size_t> cuts = code_point_starts(s);
        if (fixed >= 0) {
          cuts = static_cast<std::size_t>(fixed) < cuts.size() ? std::vector<std::size_t>{cuts[static_cast<std::size_t>(fixed)]}
                                                                : std::vector<std::size_t>{};
        }
        if (p.longest) std::reverse(cuts.begin(), cuts.end());
        for (std::size_t cut : cuts) {
          if (!budget_check(cut + 1)) return false;
          if (glob_match(pattern, std::string_view(s).substr(0, cut))) {
            s.erase(0, cut);
            break;
          }
        }
        break;
      }
      case Op::RemoveSuffix: {
        if (literal_pattern) {
          if (s.size() >= plain_pattern.size() &&
              s.compare(s.size() - plain_pattern.size(), plain_pattern.size(), plain_pattern) == 0) {
            s.erase(s.size() - plain_pattern.size());
          }
          break;
        }
        std::vector<std::size_t> cuts = code_point_starts(s);
        if (fixed >= 0) {
          std::size_t n = cuts.size() - 1;
          cuts = static_cast<std::size_t>(fixed) <= n ? std::vector<std::size_t>{cuts[n - static_cast<std::size_t>(fixed)]}
                                                      : std::vector<std::size_t>{};
        }
        if (!p.longest) std::reverse(cuts.begin(), cuts.end());
        for (std::size_t cut : cuts) {
          if (!budget_check(s.size() - cut + 1)) return false;
          if (glob_match(pattern, std::string_view(s).substr(cut))) {
            s.erase(cut);
            break;
          }
        }
        break;
      }
      case Op::Replace: {
        if (pattern.empty() && p.anchor == 0) break;
        std::vector<std::size_t> starts = code_point_starts(s);
        std::string out;
        std::size_t k = 0;
        bool done = false;
        bool replaced = false;
        while (k < starts.size()) {
          std::size_t begin = starts[k];
          if (done || (p.anchor == '#' && begin != 0)) {
            out += s.substr(begin);
            break;
          }
          bool at_end = begin == s.size();
          if (at_end && !(p.anchor == '%' || (s.empty() && !replaced))) break;
          std::size_t match_end = std::string::npos;
          if (literal_pattern) {
            if (plain_pattern.empty()) {
              if ((p.anchor == '#' && begin == 0) || (p.anchor == '%' && at_end)) match_end = begin;
            } else if (s.compare(begin, plain_pattern.size(), plain_pattern) == 0 &&
                       (p.anchor != '%' || begin + plain_pattern.size() == s.size())) {
              match_end = begin + plain_pattern.size();
            }
          } else {
            for (std::size_t e = starts.size(); e-- > k;) {
              if (p.anchor == '%' && starts[e] != s.size()) continue;
              if (fixed >= 0 && e - k != static_cast<std::size_t>(fixed)) continue;
              if (!budget_check(starts[e] - begin + 1)) return false;
              if (glob_match(pattern, std::string_view(s).substr(begin, starts[e] - begin))) {
                match_end = starts[e];
                break;
              }
            }
          }
          if (match_end != std::string::npos) {
            out += replacement;
            replaced = true;
            if (!p.longest) done = true;
            if (match_end == begin) {
              if (k + 1 < starts.size()) out += s.substr(begin, starts[k + 1] - begin);
              ++k;
            } else {
              while (k < starts.size() && starts[k] < match_end) ++k;
            }
            continue;
          }
          if (k + 1 < starts.size()) out += s.substr(begin, starts[k + 1] - begin);
          ++k;
        }
        s = out;
        break;
      }
      case Op::Substring: {
        std::vector<std::size_t> starts = code_point_starts(s);
        long long n = static_cast<long long>(starts.size()) - 1;
        long long start = sub_offset < 0 ? n + sub_offset : sub_offset;
        if (start < 0 || start > n) {
          s.clear();
          break;
        }
        long long end = n;
        if (has_length) end = sub_length < 0 ? n + sub_length : start + sub_length;
        if (end < start) {
          if (sub_length < 0) {
            std::size_t saved = current_offset_;
            current_offset_ = offset;
            shell_error(io, std::to_string(sub_length) + ": substring expression < 0");
            current_offset_ = saved;
            unwind_ = Unwind::Abort;
            exit_status_ = 1;
            return false;
          }
          end = start;
        }
        end = std::min(end, n);
        s = s.substr(starts[static_cast<std::size_t>(start)],
                     starts[static_cast<std::size_t>(end)] - starts[static_cast<std::size_t>(start)]);
        break;
      }
      case Op::Upper:
        s = ascii_upper(s, p.longest);
        break;
      case Op::Lower:
        s = ascii_lower(s, p.longest);
        break;
      default:
        break;
    }
  }
  values = std::move(items);
  if (multi && star && quoted) {
    std::string sep = ifs().substr(0, 1);
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += sep;
      out += values[i];
    }
    values = {out};
    multi = false;
  }
  return true;
}

}  // namespace ghaplay::scripts::bash
