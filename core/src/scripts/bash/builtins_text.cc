// Text tools reading stdin or files: tr, head, tail, wc, grep, sed (s///, d, p, q, y),
// cut, sort, uniq, base64, seq, rev, xargs, env, printenv, expr, sleep.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <set>

#include "common/text.h"
#include "scripts/bash/interpreter.h"
#include "scripts/bash/regex.h"

namespace ghaplay::scripts::bash {
namespace {

struct Lines {
  std::vector<std::string> lines;  // without their newline
  bool final_newline = true;       // the text ended with a newline (or was empty)
};

Lines split_lines(const std::string& text) {
  Lines l;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) {
      l.lines.push_back(text.substr(pos));
      l.final_newline = false;
      break;
    }
    l.lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return l;
}

// ToolOptions in the usual forms: -n 5, -n5, -5 (for head/tail), bundled flags.
struct ToolOptions {
  std::string flags;
  std::vector<std::pair<char, std::string>> values;
  std::vector<std::string> operands;
  std::vector<std::string> longs;

  bool has(char c) const { return flags.find(c) != std::string::npos; }
  std::optional<std::string> value(char c) const {
    std::optional<std::string> v;
    for (const auto& [k, val] : values) {
      if (k == c) v = val;
    }
    return v;
  }
};

ToolOptions parse_options(const std::vector<std::string>& args, std::string_view with_value,
                      bool digits_are_n = false) {
  ToolOptions o;
  bool options = true;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options && a == "--") {
      options = false;
      continue;
    }
    if (options && a.size() > 2 && a[0] == '-' && a[1] == '-') {
      o.longs.push_back(a);
      continue;
    }
    if (options && a.size() > 1 && a[0] == '-') {
      if (digits_are_n && std::isdigit(static_cast<unsigned char>(a[1]))) {
        o.flags.push_back('n');
        o.values.emplace_back('n', a.substr(1));
        continue;
      }
      for (std::size_t k = 1; k < a.size(); ++k) {
        char c = a[k];
        o.flags.push_back(c);
        if (with_value.find(c) != std::string_view::npos) {
          std::string v = k + 1 < a.size() ? a.substr(k + 1) : (i + 1 < args.size() ? args[++i] : "");
          o.values.emplace_back(c, v);
          break;
        }
      }
      continue;
    }
    o.operands.push_back(a);
  }
  return o;
}

// Expands a tr set: ranges, escapes and [:classes:].
std::string tr_set(const std::string& s) {
  std::string chars;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "[:") == 0) {
      std::size_t close = s.find(":]", i + 2);
      if (close != std::string::npos) {
        std::string name = s.substr(i + 2, close - i - 2);
        for (int c = 0; c < 256; ++c) {
          bool in = (name == "upper" && std::isupper(c)) || (name == "lower" && std::islower(c)) ||
                    (name == "digit" && std::isdigit(c)) || (name == "alpha" && std::isalpha(c)) ||
                    (name == "alnum" && std::isalnum(c)) || (name == "space" && std::isspace(c)) ||
                    (name == "blank" && (c == ' ' || c == '\t')) || (name == "punct" && std::ispunct(c)) ||
                    (name == "xdigit" && std::isxdigit(c)) || (name == "cntrl" && std::iscntrl(c)) ||
                    (name == "print" && std::isprint(c)) || (name == "graph" && std::isgraph(c));
          if (in && c < 128) chars.push_back(static_cast<char>(c));
        }
        i = close + 1;
        continue;
      }
    }
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      switch (n) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case '\\': c = '\\'; break;
        default: c = n;
      }
    }
    if (i + 2 < s.size() && s[i + 1] == '-') {
      char hi = s[i + 2];
      i += 2;
      for (int k = static_cast<unsigned char>(c); k <= static_cast<unsigned char>(hi); ++k) chars.push_back(static_cast<char>(k));
      continue;
    }
    chars.push_back(c);
  }
  return chars;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  while (i + 2 < in.size()) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out.push_back(kBase64[(v >> 18) & 63]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(kBase64[(v >> 6) & 63]);
    out.push_back(kBase64[v & 63]);
    i += 3;
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out.push_back(kBase64[(v >> 18) & 63]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kBase64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool base64_decode(std::string_view in, std::string& out) {
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
    if (c == '=') break;
    const char* p = std::strchr(kBase64, c);
    if (!p || c == '\0') return false;
    buffer = (buffer << 6) | static_cast<unsigned>(p - kBase64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return true;
}

// Versions compare by their numeric runs: 1.10 after 1.9.
bool version_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t i2 = i, j2 = j;
      while (i2 < a.size() && std::isdigit(static_cast<unsigned char>(a[i2]))) ++i2;
      while (j2 < b.size() && std::isdigit(static_cast<unsigned char>(b[j2]))) ++j2;
      std::string x = a.substr(i, i2 - i), y = b.substr(j, j2 - j);
      x.erase(0, std::min(x.find_first_not_of('0'), x.size()));
      y.erase(0, std::min(y.find_first_not_of('0'), y.size()));
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = i2;
      j = j2;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

int Interpreter::b_tr(Call& call) {
  ToolOptions o = parse_options(call.args, "");
  bool del = o.has('d'), squeeze = o.has('s'), complement = o.has('c') || o.has('C');
  if (o.operands.empty()) {
    err(call, "tr: missing operand\n");
    return 1;
  }
  std::string set1 = tr_set(o.operands[0]);
  std::string set2 = o.operands.size() > 1 ? tr_set(o.operands[1]) : "";
  std::string text = read_stdin(call);
  bool in1[256] = {};
  for (char c : set1) in1[static_cast<unsigned char>(c)] = true;
  if (complement) {
    for (bool& b : in1) b = !b;
  }
  char map[256];
  for (int c = 0; c < 256; ++c) map[c] = static_cast<char>(c);
  bool translating = !del && !set2.empty();
  if (translating) {
    if (complement) {
      for (int c = 0; c < 256; ++c) {
        if (in1[c]) map[c] = set2.back();
      }
    } else {
      for (std::size_t i = 0; i < set1.size(); ++i) {
        map[static_cast<unsigned char>(set1[i])] = i < set2.size() ? set2[i] : set2.back();
      }
    }
  }
  bool squeeze_set[256] = {};
  if (squeeze) {
    if (translating || (del && !set2.empty())) {
      for (char c : set2) squeeze_set[static_cast<unsigned char>(c)] = true;
    } else {
      for (int c = 0; c < 256; ++c) squeeze_set[c] = in1[c];
    }
  }
  std::string result;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (del && in1[u]) continue;
    char m = translating ? map[u] : c;
    if (squeeze && !result.empty() && result.back() == m && squeeze_set[static_cast<unsigned char>(m)]) continue;
    result.push_back(m);
  }
  out(call, result);
  return 0;
}

int Interpreter::b_head(Call& call) {
  ToolOptions o = parse_options(call.args, "nc", true);
  std::string text;
  bool ok = read_inputs(call, o.operands, text, "head");
  if (auto c = o.value('c')) {
    long long n = 0;
    parse_integer(*c, n);
    if (n < 0) {
      text = text.substr(0, text.size() > static_cast<std::size_t>(-n) ? text.size() - static_cast<std::size_t>(-n) : 0);
    } else if (static_cast<std::size_t>(n) < text.size()) {
      text.resize(static_cast<std::size_t>(n));
    }
    out(call, text);
    return ok ? 0 : 1;
  }
  long long n = 10;
  if (auto v = o.value('n')) parse_integer(*v, n);
  Lines l = split_lines(text);
  std::size_t count = l.lines.size();
  std::size_t keep = n < 0 ? (count > static_cast<std::size_t>(-n) ? count - static_cast<std::size_t>(-n) : 0)
                           : std::min(count, static_cast<std::size_t>(n));
  std::string result;
  for (std::size_t i = 0; i < keep; ++i) {
    result += l.lines[i];
    if (i + 1 < count || l.final_newline) result += "\n";
  }
  out(call, result);
  return ok ? 0 : 1;
}

int Interpreter::b_tail(Call& call) {
  ToolOptions o = parse_options(call.args, "nc", true);
  std::string text;
  bool ok = read_inputs(call, o.operands, text, "tail");
  if (auto c = o.value('c')) {
    std::string v = *c;
    bool from_start = !v.empty() && v[0] == '+';
    long long n = 0;
    parse_integer(from_start ? v.substr(1) : v, n);
    if (n < 0) n = -n;
    if (from_start) {
      text = n > 0 && static_cast<std::size_t>(n - 1) < text.size() ? text.substr(static_cast<std::size_t>(n - 1)) : (n == 0 ? text : "");
    } else if (static_cast<std::size_t>(n) < text.size()) {
      text = text.substr(text.size() - static_cast<std::size_t>(n));
    }
    out(call, text);
    return ok ? 0 : 1;
  }
  std::string v = o.value('n').value_or("10");
  bool from_start = !v.empty() && v[0] == '+';
  long long n = 10;
  parse_integer(from_start ? v.substr(1) : v, n);
  if (n < 0) n = -n;
  Lines l = split_lines(text);
  std::size_t count = l.lines.size();
  std::size_t first = from_start ? (n > 0 ? std::min(count, static_cast<std::size_t>(n - 1)) : 0)
                                 : (count > static_cast<std::size_t>(n) ? count - static_cast<std::size_t>(n) : 0);
  std::string result;
  for (std::size_t i = first; i < count; ++i) {
    result += l.lines[i];
    if (i + 1 < count || l.final_newline) result += "\n";
  }
  out(call, result);
  return ok ? 0 : 1;
}

int Interpreter::b_wc(Call& call) {
  ToolOptions o = parse_options(call.args, "");
  bool lines = o.has('l'), words = o.has('w'), bytes = o.has('c'), chars = o.has('m');
  if (!lines && !words && !bytes && !chars) lines = words = bytes = true;
  auto count = [&](const std::string& text) {
    std::vector<long long> r;
    if (lines) r.push_back(static_cast<long long>(std::count(text.begin(), text.end(), '\n')));
    if (words) {
      long long w = 0;
      bool in = false;
      for (char c : text) {
        bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (!space && !in) ++w;
        in = !space;
      }
      r.push_back(w);
    }
    if (chars) {
      long long m = 0;
      for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++m;
      }
      r.push_back(m);
    }
    if (bytes) r.push_back(static_cast<long long>(text.size()));
    return r;
  };
  auto format = [](const std::vector<long long>& values, std::size_t width) {
    std::string line;
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::string v = std::to_string(values[i]);
      if (i > 0) line += " ";
      if (v.size() < width) line += std::string(width - v.size(), ' ');
      line += v;
    }
    return line;
  };
  if (o.operands.empty()) {
    std::vector<long long> r = count(read_stdin(call));
    out(call, format(r, r.size() == 1 ? 1 : 7) + "\n");
    return 0;
  }
  int status = 0;
  std::vector<std::vector<long long>> results;
  std::vector<long long> total;
  for (const std::string& f : o.operands) {
    std::string text;
    if (!read_inputs(call, {f}, text, "wc")) {
      status = 1;
      results.emplace_back();
      continue;
    }
    results.push_back(count(text));
    if (total.empty()) total.assign(results.back().size(), 0);
    for (std::size_t k = 0; k < total.size(); ++k) total[k] += results.back()[k];
  }
  std::size_t width = 1;
  for (long long t : total) width = std::max(width, std::to_string(t).size());
  std::string result;
  for (std::size_t i = 0; i < o.operands.size(); ++i) {
    if (results[i].empty()) continue;
    result += format(results[i], width) + " " + o.operands[i] + "\n";
  }
  if (o.operands.size() > 1) result += format(total, width) + " total\n";
  out(call, result);
  return status;
}

int Interpreter::b_grep(Call& call) {
  ToolOptions o = parse_options(call.args, "efmABCd");
  bool extended = o.has('E') || call.args[0] == "egrep" || o.has('P');
  bool fixed = o.has('F') || call.args[0] == "fgrep";
  bool quiet = o.has('q') || o.has('s') ? o.has('q') : false;
  bool invert = o.has('v'), icase = o.has('i'), count_only = o.has('c'), only = o.has('o');
  bool whole_line = o.has('x'), whole_word = o.has('w'), numbers = o.has('n'), names_only = o.has('l');
  for (const std::string& l : o.longs) {
    if (l == "--quiet" || l == "--silent") quiet = true;
    if (l == "--invert-match") invert = true;
    if (l == "--ignore-case") icase = true;
    if (l == "--count") count_only = true;
    if (l == "--only-matching") only = true;
    if (l == "--extended-regexp") extended = true;
    if (l == "--fixed-strings") fixed = true;
  }
  if (o.has('r') || o.has('R')) return unsimulated(call, "grep -r");
  std::vector<std::string> patterns;
  for (const auto& [k, v] : o.values) {
    if (k == 'e') patterns.push_back(v);
    if (k == 'f') {
      std::string content;
      read_file(v, content, call.taint, "grep", call.offset);
      for (const std::string& line : split_lines(content).lines) patterns.push_back(line);
    }
  }
  std::vector<std::string> files = o.operands;
  if (patterns.empty()) {
    if (files.empty()) {
      err(call, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
      return 2;
    }
    std::string p = files.front();
    files.erase(files.begin());
    std::size_t start = 0;
    while (true) {
      std::size_t nl = p.find('\n', start);
      patterns.push_back(p.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  }
  long long max_count = -1;
  if (auto m = o.value('m')) parse_integer(*m, max_count);
  std::vector<Regex> regexes;
  for (const std::string& p : patterns) {
    std::string source = p;
    if (fixed) {
      source.clear();
      for (char c : p) {
        if (std::string_view(".[]()*+?{}|^$\\").find(c) != std::string_view::npos) source.push_back('\\');
        source.push_back(c);
      }
    }
    if (whole_word) source = "\\b(" + source + ")\\b";
    if (whole_line) source = "^(" + source + ")$";
    bool ere = extended || fixed || whole_word || whole_line;
    if ((whole_word || whole_line) && !extended && !fixed) {
      // A basic pattern inside the group: translate its \( \) \| \{ \} to extended ones.
      std::string translated;
      for (std::size_t i = 0; i < p.size(); ++i) {
        char c = p[i];
        if (c == '\\' && i + 1 < p.size() && std::string_view("(){}|+?").find(p[i + 1]) != std::string_view::npos) {
          translated.push_back(p[++i]);
        } else if (std::string_view("(){}|+?").find(c) != std::string_view::npos) {
          translated.push_back('\\');
          translated.push_back(c);
        } else {
          translated.push_back(c);
        }
      }
      source = whole_word ? "\\b(" + translated + ")\\b" : "^(" + translated + ")$";
    }
    std::string error;
    auto re = Regex::compile(source, ere ? Regex::Syntax::Extended : Regex::Syntax::Basic, icase, error);
    if (!re) {
      if (error.find("not simulated") != std::string::npos) return unsimulated(call, "grep");
      err(call, "grep: " + error + "\n");
      return 2;
    }
    regexes.push_back(std::move(*re));
  }
  bool any = false;
  bool error = false;
  std::string result;
  bool many = files.size() > 1 && !o.has('h');
  if (o.has('H')) many = true;
  std::vector<std::string> inputs = files.empty() ? std::vector<std::string>{"-"} : files;
  for (const std::string& f : inputs) {
    std::string text;
    if (f == "-") {
      text = read_stdin(call);
    } else if (!read_file(f, text, call.taint, quiet ? "" : "grep", call.offset)) {
      error = true;
      continue;
    }
    std::string label = f == "-" ? "(standard input)" : f;
    long long matches = 0;
    Lines lines = split_lines(text);
    for (std::size_t n = 0; n < lines.lines.size(); ++n) {
      if (!tick(call.offset)) return 1;
      const std::string& line = lines.lines[n];
      bool matched = false;
      std::vector<Regex::Span> groups;
      for (const Regex& re : regexes) {
        if (re.search(line, 0, groups)) {
          matched = true;
          break;
        }
      }
      if (matched == invert) continue;
      ++matches;
      any = true;
      if (quiet) break;
      if (!count_only && !names_only) {
        std::string prefix = (many ? label + ":" : "") + (numbers ? std::to_string(n + 1) + ":" : "");
        if (only && !invert) {
          for (const Regex& re : regexes) {
            std::size_t pos = 0;
            while (pos <= line.size() && re.search(line, pos, groups)) {
              std::size_t b = static_cast<std::size_t>(groups[0].begin), e = static_cast<std::size_t>(groups[0].end);
              if (e > b) result += prefix + line.substr(b, e - b) + "\n";
              pos = e > b ? e : e + 1;
            }
          }
        } else {
          result += prefix + line + "\n";
        }
      }
      if (max_count >= 0 && matches >= max_count) break;
    }
    if (quiet && any) break;
    if (count_only) result += (many ? label + ":" : "") + std::to_string(matches) + "\n";
    if (names_only && matches > 0) result += label + "\n";
  }
  if (!quiet) out(call, result);
  if (error && !(quiet && any)) return 2;
  return any ? 0 : 1;
}

int Interpreter::b_cut(Call& call) {
  ToolOptions o = parse_options(call.args, "dfcb");
  std::string delim = o.value('d').value_or("\t");
  if (delim.empty()) delim = "\t";
  std::optional<std::string> list = o.value('f');
  bool by_chars = false;
  if (!list) {
    list = o.value('c');
    if (!list) list = o.value('b');
    by_chars = true;
  }
  if (!list) {
    err(call, "cut: you must specify a list of bytes, characters, or fields\n");
    return 1;
  }
  // 1,3-5,7- as ranges
  std::vector<std::pair<long long, long long>> ranges;
  std::size_t start = 0;
  while (start <= list->size()) {
    std::size_t comma = list->find(',', start);
    std::string part = list->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t dash = part.find('-');
    long long lo = 1, hi = 1LL << 60;
    if (dash == std::string::npos) {
      parse_integer(part, lo);
      hi = lo;
    } else {
      if (dash > 0) parse_integer(part.substr(0, dash), lo);
      if (dash + 1 < part.size()) parse_integer(part.substr(dash + 1), hi);
    }
    ranges.emplace_back(lo, hi);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  auto selected = [&](long long k) {
    for (auto [lo, hi] : ranges) {
      if (k >= lo && k <= hi) return true;
    }
    return false;
  };
  std::string text;
  bool ok = read_inputs(call, o.operands, text, "cut");
  Lines lines = split_lines(text);
  std::string result;
  char d = delim[0];
  for (const std::string& line : lines.lines) {
    if (by_chars) {
      std::string kept;
      for (std::size_t k = 0; k < line.size(); ++k) {
        if (selected(static_cast<long long>(k) + 1)) kept.push_back(line[k]);
      }
      result += kept + "\n";
      continue;
    }
    if (line.find(d) == std::string::npos) {
      if (!o.has('s')) result += line + "\n";
      continue;
    }
    std::string kept;
    bool first = true;
    long long k = 1;
    std::size_t pos = 0;
    while (true) {
      std::size_t next = line.find(d, pos);
      std::string field = line.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
      if (selected(k)) {
        if (!first) kept.push_back(d);
        kept += field;
        first = false;
      }
      if (next == std::string::npos) break;
      pos = next + 1;
      ++k;
    }
    result += kept + "\n";
  }
  out(call, result);
  return ok ? 0 : 1;
}

int Interpreter::b_sort(Call& call) {
  ToolOptions o = parse_options(call.args, "ktSo");
  std::string text;
  bool ok = read_inputs(call, o.operands, text, "sort");
  Lines lines = split_lines(text);
  bool numeric = o.has('n') || o.has('g'), reverse = o.has('r'), unique = o.has('u'), fold = o.has('f');
  bool version = o.has('V');
  std::string sep = o.value('t').value_or("");
  long long key = 0;
  if (auto k = o.value('k')) parse_integer(k->substr(0, k->find_first_not_of("0123456789")), key);
  auto key_of = [&](const std::string& line) -> std::string {
    if (key <= 0) return line;
    long long field = 1;
    std::size_t pos = 0;
    if (sep.empty()) {
      while (pos < line.size() && std::isblank(static_cast<unsigned char>(line[pos]))) ++pos;
      while (field < key && pos < line.size()) {
        while (pos < line.size() && !std::isblank(static_cast<unsigned char>(line[pos]))) ++pos;
        while (pos < line.size() && std::isblank(static_cast<unsigned char>(line[pos]))) ++pos;
        ++field;
      }
      return line.substr(pos);
    }
    while (field < key) {
      std::size_t next = line.find(sep[0], pos);
      if (next == std::string::npos) return "";
      pos = next + 1;
      ++field;
    }
    return line.substr(pos);
  };
  auto less = [&](const std::string& a, const std::string& b) {
    std::string ka = key_of(a), kb = key_of(b);
    if (numeric) {
      double x = std::strtod(ka.c_str(), nullptr), y = std::strtod(kb.c_str(), nullptr);
      if (x != y) return x < y;
      return a < b;
    }
    if (version) return version_less(ka, kb);
    if (fold) return lower(ka) < lower(kb);
    return ka < kb;
  };
  std::stable_sort(lines.lines.begin(), lines.lines.end(), less);
  if (reverse) std::reverse(lines.lines.begin(), lines.lines.end());
  std::string result;
  const std::string* previous = nullptr;
  for (const std::string& line : lines.lines) {
    if (unique && previous && !less(*previous, line) && !less(line, *previous)) continue;
    result += line + "\n";
    previous = &line;
  }
  out(call, result);
  return ok ? 0 : 1;
}

int Interpreter::b_uniq(Call& call) {
  ToolOptions o = parse_options(call.args, "fsw");
  std::string text;
  bool ok = read_inputs(call, o.operands, text, "uniq");
  Lines lines = split_lines(text);
  bool counts = o.has('c'), dups = o.has('d'), uniques = o.has('u'), icase = o.has('i');
  std::string result;
  for (std::size_t i = 0; i < lines.lines.size();) {
    std::size_t j = i + 1;
    while (j < lines.lines.size() &&
           (icase ? lower(lines.lines[j]) == lower(lines.lines[i]) : lines.lines[j] == lines.lines[i])) {
      ++j;
    }
    std::size_t n = j - i;
    if ((!dups || n > 1) && (!uniques || n == 1)) {
      if (counts) {
        std::string c = std::to_string(n);
        result += std::string(c.size() < 7 ? 7 - c.size() : 0, ' ') + c + " ";
      }
      result += lines.lines[i] + "\n";
    }
    i = j;
  }
  out(call, result);
  return ok ? 0 : 1;
}

int Interpreter::b_base64(Call& call) {
  ToolOptions o = parse_options(call.args, "w");
  std::string text;
  bool ok = read_inputs(call, o.operands, text, "base64");
  if (o.has('d') || std::find(o.longs.begin(), o.longs.end(), "--decode") != o.longs.end()) {
    std::string decoded;
    bool valid = base64_decode(text, decoded);
    out(call, decoded);
    if (!valid) {
      err(call, "base64: invalid input\n");
      return 1;
    }
    return ok ? 0 : 1;
  }
  long long wrap = 76;
  if (auto w = o.value('w')) parse_integer(*w, wrap);
  std::string encoded = base64_encode(text);
  std::string result;
  if (wrap <= 0) {
    result = encoded + (encoded.empty() ? "" : "\n");
  } else {
    for (std::size_t i = 0; i < encoded.size(); i += static_cast<std::size_t>(wrap)) {
      result += encoded.substr(i, static_cast<std::size_t>(wrap)) + "\n";
    }
  }
  out(call, result);
  return ok ? 0 : 1;
}

int Interpreter::b_seq(Call& call) {
  std::vector<std::string> nums;
  std::string sep = "\n";
  bool equal_width = false;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a == "-s" && i + 1 < call.args.size()) {
      sep = call.args[++i];
    } else if (a.rfind("-s", 0) == 0 && a.size() > 2) {
      sep = a.substr(2);
    } else if (a == "-w") {
      equal_width = true;
    } else {
      nums.push_back(a);
    }
  }
  long long first = 1, step = 1, last = 0;
  bool ok = true;
  if (nums.size() == 1) {
    ok = parse_integer(nums[0], last);
  } else if (nums.size() == 2) {
    ok = parse_integer(nums[0], first) && parse_integer(nums[1], last);
  } else if (nums.size() == 3) {
    ok = parse_integer(nums[0], first) && parse_integer(nums[1], step) && parse_integer(nums[2], last);
  } else {
    err(call, "seq: missing operand\n");
    return 1;
  }
  if (!ok || step == 0) return unsimulated(call, "seq");
  std::string result;
  std::size_t width = equal_width ? std::max(std::to_string(first).size(), std::to_string(last).size()) : 0;
  bool any = false;
  for (long long v = first; step > 0 ? v <= last : v >= last; v += step) {
    if (!tick(call.offset)) return 1;
    if (any) result += sep;
    std::string s = std::to_string(v);
    if (s.size() < width) s = std::string(width - s.size(), '0') + s;
    result += s;
    any = true;
  }
  if (any) result += "\n";
  out(call, result);
  return 0;
}

int Interpreter::b_rev(Call& call) {
  ToolOptions o = parse_options(call.args, "");
  std::string text;
  bool ok = read_inputs(call, o.operands, text, "rev");
  Lines lines = split_lines(text);
  std::string result;
  for (std::size_t i = 0; i < lines.lines.size(); ++i) {
    const std::string& line = lines.lines[i];
    std::vector<std::string> chars;
    std::size_t k = 0;
    while (k < line.size()) {
      std::size_t start = k;
      text::decode_utf8(line, k);
      chars.push_back(line.substr(start, k - start));
    }
    std::reverse(chars.begin(), chars.end());
    for (const std::string& c : chars) result += c;
    if (i + 1 < lines.lines.size() || lines.final_newline) result += "\n";
  }
  out(call, result);
  return ok ? 0 : 1;
}

int Interpreter::b_xargs(Call& call) {
  long long per = -1;
  std::string replace;
  bool null_sep = false, no_run_empty = false;
  std::string delim;
  std::size_t i = 1;
  for (; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a.empty() || a[0] != '-') break;
    if (a == "-n" && i + 1 < call.args.size()) {
      parse_integer(call.args[++i], per);
    } else if (a.rfind("-n", 0) == 0 && a.size() > 2) {
      parse_integer(a.substr(2), per);
    } else if (a == "-I" && i + 1 < call.args.size()) {
      replace = call.args[++i];
    } else if (a.rfind("-I", 0) == 0 && a.size() > 2) {
      replace = a.substr(2);
    } else if (a == "-0" || a == "--null") {
      null_sep = true;
    } else if (a == "-r" || a == "--no-run-if-empty") {
      no_run_empty = true;
    } else if (a == "-d" && i + 1 < call.args.size()) {
      delim = call.args[++i];
    } else if (a == "-P" || a == "-L" || a == "-s") {
      ++i;
    }
  }
  std::vector<std::string> command(call.args.begin() + static_cast<long>(i), call.args.end());
  if (command.empty()) command = {"echo"};
  std::string input = read_stdin(call);
  std::vector<std::string> items;
  if (!replace.empty()) {
    for (const std::string& line : split_lines(input).lines) items.push_back(line);
  } else if (null_sep || !delim.empty()) {
    char d = null_sep ? '\0' : delim[0];
    std::size_t start = 0;
    while (start < input.size()) {
      std::size_t next = input.find(d, start);
      items.push_back(input.substr(start, next == std::string::npos ? std::string::npos : next - start));
      if (next == std::string::npos) break;
      start = next + 1;
    }
    if (!items.empty() && !null_sep && items.back() == "\n") items.pop_back();
  } else {
    std::string word;
    char quote = 0;
    for (char c : input) {
      if (quote) {
        if (c == quote) quote = 0; else word.push_back(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        if (!word.empty()) items.push_back(word);
        word.clear();
      } else {
        word.push_back(c);
      }
    }
    if (!word.empty()) items.push_back(word);
  }
  if (items.empty() && (no_run_empty || !replace.empty())) return 0;
  int status = 0;
  auto run = [&](std::vector<std::string> args) {
    if (!tick(call.offset)) return false;
    Call inner = call;
    inner.args = std::move(args);
    inner.io = call.io;
    if (run_nested(inner) != 0) status = 123;
    return unwind_ == Unwind::None;
  };
  if (!replace.empty()) {
    for (const std::string& item : items) {
      std::vector<std::string> args;
      for (std::string a : command) {
        std::size_t at = 0;
        while ((at = a.find(replace, at)) != std::string::npos) {
          a.replace(at, replace.size(), item);
          at += item.size();
        }
        args.push_back(a);
      }
      if (!run(args)) return 1;
    }
    return status;
  }
  std::size_t batch = per > 0 ? static_cast<std::size_t>(per) : std::max<std::size_t>(items.size(), 1);
  for (std::size_t start = 0; start < items.size() || start == 0; start += batch) {
    std::vector<std::string> args = command;
    for (std::size_t k = start; k < items.size() && k < start + batch; ++k) args.push_back(items[k]);
    if (!run(args)) return 1;
    if (items.empty()) break;
  }
  return status;
}

int Interpreter::b_sleep(Call&) { return 0; }

int Interpreter::b_env(Call& call) {
  std::size_t i = 1;
  std::vector<std::pair<std::string, std::string>> assignments;
  for (; i < call.args.size(); ++i) {
    const std::string& a = call.args[i];
    if (a == "-i" || a == "-" || a == "--ignore-environment") continue;
    if (a == "-u" && i + 1 < call.args.size()) {
      ++i;
      continue;
    }
    std::size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0) break;
    assignments.emplace_back(a.substr(0, eq), a.substr(eq + 1));
  }
  if (i >= call.args.size()) {
    std::map<std::string, std::string> shown;
    for (const auto& [name, v] : state_.vars) {
      if (v.exported && v.set && v.type == Variable::Type::Scalar) shown[name] = v.value;
    }
    for (const auto& [name, value] : assignments) shown[name] = value;
    std::string result;
    for (const auto& [name, value] : shown) result += name + "=" + value + "\n";
    out(call, result);
    return 0;
  }
  std::vector<std::pair<std::string, std::optional<Variable>>> saved;
  for (const auto& [name, value] : assignments) {
    const Variable* v = find_var(name);
    saved.emplace_back(name, v ? std::optional<Variable>(*v) : std::nullopt);
    set_var(name, value, {}, call.io);
    export_var(name);
  }
  Call inner = call;
  inner.args.assign(call.args.begin() + static_cast<long>(i), call.args.end());
  int status = 0;
  status = run_nested(inner);
  for (auto& [name, value] : saved) {
    if (value) {
      state_.vars[name] = *value;
    } else {
      state_.vars.erase(name);
    }
  }
  return status;
}

int Interpreter::b_printenv(Call& call) {
  if (call.args.size() == 1) {
    Call inner = call;
    inner.args = {"env"};
    return b_env(inner);
  }
  int status = 0;
  for (std::size_t i = 1; i < call.args.size(); ++i) {
    const Variable* v = find_var(call.args[i]);
    if (v && v->exported && v->set) {
      out(call, v->value + "\n");
      merge_taint(call.taint, v->taint);
    } else {
      status = 1;
    }
  }
  return status;
}

int Interpreter::b_expr(Call& call) {
  std::vector<std::string> a(call.args.begin() + 1, call.args.end());
  std::size_t pos = 0;
  bool error = false;
  auto is_int = [](const std::string& s, long long& v) { return parse_integer(s, v); };
  std::function<std::string(int)> parse;
  auto primary = [&]() -> std::string {
    if (pos >= a.size()) {
      error = true;
      return "";
    }
    const std::string& t = a[pos++];
    if (t == "(") {
      std::string v = parse(0);
      if (pos < a.size() && a[pos] == ")") ++pos; else error = true;
      return v;
    }
    if (t == "length" && pos < a.size()) {
      return std::to_string(a[pos++].size());
    }
    if (t == "substr" && pos + 2 < a.size()) {
      std::string s = a[pos];
      long long p = 0, n = 0;
      is_int(a[pos + 1], p);
      is_int(a[pos + 2], n);
      pos += 3;
      if (p < 1 || n < 1 || static_cast<std::size_t>(p) > s.size()) return "";
      return s.substr(static_cast<std::size_t>(p - 1), static_cast<std::size_t>(n));
    }
    if (t == "index" && pos + 1 < a.size()) {
      std::string s = a[pos], chars = a[pos + 1];
      pos += 2;
      std::size_t at = s.find_first_of(chars);
      return std::to_string(at == std::string::npos ? 0 : at + 1);
    }
    return t;
  };
  // Levels, lowest first: | & (= != < <= > >=) (+ -) (* / %) (:)
  parse = [&](int level) -> std::string {
    if (level == 5) {
      std::string left = primary();
      while (!error && pos < a.size() && a[pos] == ":") {
        ++pos;
        std::string pattern = primary();
        std::string message;
        auto re = Regex::compile("^(" + pattern + ")", Regex::Syntax::Basic, false, message);
        std::vector<Regex::Span> groups;
        if (!re) {
          error = true;
          return "";
        }
        bool m = re->search(left, 0, groups);
        if (re->group_count() >= 1 && pattern.find("\\(") != std::string::npos) {
          left = m && groups.size() > 2 && groups[2].begin >= 0
                     ? left.substr(static_cast<std::size_t>(groups[2].begin), static_cast<std::size_t>(groups[2].end - groups[2].begin))
                     : "";
        } else {
          left = std::to_string(m ? groups[0].end : 0);
        }
      }
      return left;
    }
    std::string left = parse(level + 1);
    static const std::vector<std::vector<std::string>> kOps = {
        {"|"}, {"&"}, {"=", "!=", "<", "<=", ">", ">="}, {"+", "-"}, {"*", "/", "%"}};
    while (!error && pos < a.size()) {
      const auto& ops = kOps[static_cast<std::size_t>(level)];
      if (std::find(ops.begin(), ops.end(), a[pos]) == ops.end()) break;
      std::string op = a[pos++];
      std::string right = parse(level + 1);
      long long x = 0, y = 0;
      bool numbers = is_int(left, x) && is_int(right, y);
      if (op == "|") {
        left = (!left.empty() && left != "0") ? left : (!right.empty() && right != "0" ? right : "0");
      } else if (op == "&") {
        left = (!left.empty() && left != "0" && !right.empty() && right != "0") ? left : "0";
      } else if (level == 2) {
        int c = numbers ? (x < y ? -1 : x > y) : left.compare(right);
        bool r = op == "=" ? c == 0 : op == "!=" ? c != 0 : op == "<" ? c < 0 : op == "<=" ? c <= 0 : op == ">" ? c > 0 : c >= 0;
        left = r ? "1" : "0";
      } else {
        if (!numbers) {
          err(call, "expr: non-integer argument\n");
          error = true;
          return "";
        }
        if ((op == "/" || op == "%") && y == 0) {
          err(call, "expr: division by zero\n");
          error = true;
          return "";
        }
        long long r = op == "+" ? x + y : op == "-" ? x - y : op == "*" ? x * y : op == "/" ? x / y : x % y;
        left = std::to_string(r);
      }
    }
    return left;
  };
  std::string result = parse(0);
  if (error || pos < a.size()) {
    if (!error) err(call, "expr: syntax error: unexpected argument \xE2\x80\x98" + a[pos] + "\xE2\x80\x99\n");
    return 2;
  }
  out(call, result + "\n");
  return (result.empty() || result == "0") ? 1 : 0;
}

}  // namespace ghaplay::scripts::bash
