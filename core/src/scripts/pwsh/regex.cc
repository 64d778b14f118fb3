#include "scripts/pwsh/regex.h"

#include <cstdint>
#include <limits>

#include "common/text.h"

namespace ghaplay::scripts::pwsh {
namespace {

constexpr int kInfinite = -1;
constexpr std::size_t kMaxProgram = 20000;  // instructions; {n,m} repetition multiplies quickly
constexpr int kMaxDepth = 100;              // nested groups

char32_t lower(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
char32_t upper(char32_t c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_space(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x2028 || c == 0x2029 ||
         c == 0x3000 || (c >= 0x2000 && c <= 0x200A);
}
// ASCII word characters, and every other non-space code point past ASCII (letters mostly).
bool is_word(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || (c >= 0x80 && !is_space(c));
}

struct CharClass {
  std::vector<std::pair<char32_t, char32_t>> ranges;
  bool digit = false, not_digit = false, word = false, not_word = false, space = false, not_space = false;
  bool negated = false;

  bool contains_raw(char32_t c) const {
    for (const auto& [lo, hi] : ranges)
      if (c >= lo && c <= hi) return true;
    if (digit && is_digit(c)) return true;
    if (not_digit && !is_digit(c)) return true;
    if (word && is_word(c)) return true;
    if (not_word && !is_word(c)) return true;
    if (space && is_space(c)) return true;
    if (not_space && !is_space(c)) return true;
    return false;
  }
  bool matches(char32_t c, bool ignore_case) const {
    bool in = contains_raw(c) || (ignore_case && (contains_raw(lower(c)) || contains_raw(upper(c))));
    return in != negated;
  }
};

struct Node {
  enum class Kind { Empty, Literal, Any, Class, Group, Concat, Alt, Repeat, Bol, Eol, WordBoundary, NotWordBoundary, StartText, EndText, EndTextOrNewline };
  Kind kind = Kind::Empty;
  char32_t ch = 0;
  int class_index = -1;
  int capture = -1;  // Group: capture number, or -1 for (?: )
  int min = 0, max = 0;
  bool greedy = true;
  std::vector<std::unique_ptr<Node>> children;
};

enum class Op : std::uint8_t { Char, Any, Class, Split, Jmp, Save, Mark, Progress, Bol, Eol, WordB, NotWordB, StartText, EndText, EndTextNl, Match };

struct Inst {
  Op op = Op::Match;
  char32_t ch = 0;
  int x = 0;  // jump target, class index, capture slot or progress register
  int y = 0;  // Split: the alternative tried on backtracking
};

class Parser {
 public:
  Parser(std::string_view p, std::vector<CharClass>& classes, std::vector<std::string>& names)
      : p_(p), classes_(classes), names_(names) {}

  std::unique_ptr<Node> parse(std::string& error) {
    auto node = alternation(0);
    if (error_.empty() && pos_ < p_.size()) error_ = "Too many )'s.";
    error = error_;
    return node;
  }

 private:
  bool at_end() const { return pos_ >= p_.size(); }
  char32_t peek() const {
    std::size_t i = pos_;
    return text::decode_utf8(p_, i);
  }
  char32_t take() { return text::decode_utf8(p_, pos_); }
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

  std::unique_ptr<Node> alternation(int depth) {
    if (depth > kMaxDepth) {
      fail("Pattern nested too deeply.");
      return std::make_unique<Node>();
    }
    auto first = concat(depth);
    if (at_end() || p_[pos_] != '|') return first;
    auto alt = std::make_unique<Node>();
    alt->kind = Node::Kind::Alt;
    alt->children.push_back(std::move(first));
    while (!at_end() && p_[pos_] == '|' && error_.empty()) {
      ++pos_;
      alt->children.push_back(concat(depth));
    }
    return alt;
  }

  std::unique_ptr<Node> concat(int depth) {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::Concat;
    while (!at_end() && p_[pos_] != '|' && p_[pos_] != ')' && error_.empty()) {
      auto a = atom(depth);
      if (!a) break;
      node->children.push_back(quantified(std::move(a)));
    }
    return node;
  }

  bool read_int(int& out) {
    std::size_t start = pos_;
    long long v = 0;
    while (!at_end() && p_[pos_] >= '0' && p_[pos_] <= '9') {
      v = v * 10 + (p_[pos_] - '0');
      if (v > 100000) v = 100000;
      ++pos_;
    }
    out = static_cast<int>(v);
    return pos_ > start;
  }

  std::unique_ptr<Node> quantified(std::unique_ptr<Node> atom) {
    while (!at_end() && error_.empty()) {
      int min = 0, max = 0;
      char c = p_[pos_];
      std::size_t save = pos_;
      if (c == '*') {
        min = 0, max = kInfinite, ++pos_;
      } else if (c == '+') {
        min = 1, max = kInfinite, ++pos_;
      } else if (c == '?') {
        min = 0, max = 1, ++pos_;
      } else if (c == '{') {
        ++pos_;
        if (!read_int(min)) {
          pos_ = save;  // a literal `{`, as .NET reads it
          return atom;
        }
        max = min;
        if (!at_end() && p_[pos_] == ',') {
          ++pos_;
          if (!read_int(max)) max = kInfinite;
        }
        if (at_end() || p_[pos_] != '}') {
          pos_ = save;
          return atom;
        }
        ++pos_;
        if (max != kInfinite && max < min) {
          fail("Illegal {x,y} with x > y.");
          return atom;
        }
      } else {
        return atom;
      }
      if (atom->kind == Node::Kind::Bol || atom->kind == Node::Kind::Eol) {
        fail("Quantifier following nothing.");
        return atom;
      }
      auto rep = std::make_unique<Node>();
      rep->kind = Node::Kind::Repeat;
      rep->min = min;
      rep->max = max;
      if (!at_end() && p_[pos_] == '?') {
        rep->greedy = false;
        ++pos_;
      }
      rep->children.push_back(std::move(atom));
      atom = std::move(rep);
    }
    return atom;
  }

  std::unique_ptr<Node> make(Node::Kind kind) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    return n;
  }

  std::unique_ptr<Node> literal(char32_t c) {
    auto n = make(Node::Kind::Literal);
    n->ch = c;
    return n;
  }

  std::unique_ptr<Node> class_node(CharClass cls) {
    auto n = make(Node::Kind::Class);
    n->class_index = static_cast<int>(classes_.size());
    classes_.push_back(std::move(cls));
    return n;
  }

  // An escape outside or inside a class. Sets `cls` flags for \d \w \s; returns the character
  // otherwise (0 with `is_class` when it was a class escape).
  bool escape(char32_t& out, CharClass& cls, bool& is_class) {
    is_class = false;
    if (at_end()) {
      fail("Illegal \\ at end of pattern.");
      return false;
    }
    char32_t c = take();
    switch (c) {
      case 'd': cls.digit = true; is_class = true; return true;
      case 'D': cls.not_digit = true; is_class = true; return true;
      case 'w': cls.word = true; is_class = true; return true;
      case 'W': cls.not_word = true; is_class = true; return true;
      case 's': cls.space = true; is_class = true; return true;
      case 'S': cls.not_space = true; is_class = true; return true;
      case 'n': out = '\n'; return true;
      case 'r': out = '\r'; return true;
      case 't': out = '\t'; return true;
      case 'f': out = '\f'; return true;
      case 'v': out = '\v'; return true;
      case 'e': out = 0x1B; return true;
      case 'a': out = 0x07; return true;
      case '0': out = 0; return true;
      case 'x':
      case 'u': {
        int digits = c == 'x' ? 2 : 4;
        char32_t v = 0;
        for (int i = 0; i < digits; ++i) {
          if (at_end()) {
            fail("Insufficient hex digits.");
            return false;
          }
          char h = p_[pos_++];
          int d = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
          if (d < 0) {
            fail("Insufficient hex digits.");
            return false;
          }
          v = v * 16 + static_cast<char32_t>(d);
        }
        out = v;
        return true;
      }
      default:
        if ((c >= '1' && c <= '9') || c == 'k') {
          fail("Backreferences are not simulated.");
          return false;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
          if (c == 'b' || c == 'B' || c == 'A' || c == 'z' || c == 'Z' || c == 'G') {
            out = c;  // assertions: handled by the caller
            return true;
          }
          fail(std::string("Unrecognized escape sequence \\") + static_cast<char>(c) + ".");
          return false;
        }
        out = c;
        return true;
    }
  }

  std::unique_ptr<Node> bracket() {
    CharClass cls;
    if (!at_end() && p_[pos_] == '^') {
      cls.negated = true;
      ++pos_;
    }
    bool first = true;
    while (true) {
      if (at_end()) {
        fail("Unterminated [] set.");
        return make(Node::Kind::Empty);
      }
      if (p_[pos_] == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      char32_t lo = 0;
      bool is_class = false;
      if (p_[pos_] == '\\') {
        ++pos_;
        if (!escape(lo, cls, is_class)) return make(Node::Kind::Empty);
        if (is_class) continue;
        if (lo == 'b') lo = '\b';
      } else {
        lo = take();
      }
      char32_t hi = lo;
      if (pos_ + 1 < p_.size() && p_[pos_] == '-' && p_[pos_ + 1] != ']') {
        ++pos_;
        if (p_[pos_] == '\\') {
          ++pos_;
          CharClass ignored;
          if (!escape(hi, ignored, is_class)) return make(Node::Kind::Empty);
          if (is_class) {
            fail("A subtraction must be the last element in a character class.");
            return make(Node::Kind::Empty);
          }
        } else {
          hi = take();
        }
        if (hi < lo) {
          fail("[x-y] range in reverse order.");
          return make(Node::Kind::Empty);
        }
      }
      cls.ranges.emplace_back(lo, hi);
    }
    return class_node(std::move(cls));
  }

  std::unique_ptr<Node> atom(int depth) {
    char32_t c = take();
    switch (c) {
      case '(': {
        auto group = make(Node::Kind::Group);
        if (!at_end() && p_[pos_] == '?') {
          ++pos_;
          if (!at_end() && p_[pos_] == ':') {
            ++pos_;
          } else if (!at_end() && (p_[pos_] == '<' || p_[pos_] == '\'') &&
                     !(pos_ + 1 < p_.size() && (p_[pos_ + 1] == '=' || p_[pos_ + 1] == '!'))) {
            char close = p_[pos_] == '<' ? '>' : '\'';
            ++pos_;
            auto end = p_.find(close, pos_);
            if (end == std::string_view::npos) {
              fail("Invalid group name.");
              return make(Node::Kind::Empty);
            }
            group->capture = static_cast<int>(names_.size());
            names_.emplace_back(p_.substr(pos_, end - pos_));
            pos_ = end + 1;
          } else {
            fail("Lookaround and inline options are not simulated.");
            return make(Node::Kind::Empty);
          }
        } else {
          group->capture = static_cast<int>(names_.size());
          names_.emplace_back();
        }
        group->children.push_back(alternation(depth + 1));
        if (at_end() || p_[pos_] != ')') {
          fail("Not enough )'s.");
          return group;
        }
        ++pos_;
        return group;
      }
      case ')':
        fail("Too many )'s.");
        return nullptr;
      case '[':
        return bracket();
      case '.':
        return make(Node::Kind::Any);
      case '^':
        return make(Node::Kind::Bol);
      case '$':
        return make(Node::Kind::Eol);
      case '*':
      case '+':
      case '?':
        fail("Quantifier '" + std::string(1, static_cast<char>(c)) + "' following nothing.");
        return nullptr;
      case '\\': {
        CharClass cls;
        char32_t ch = 0;
        bool is_class = false;
        if (!escape(ch, cls, is_class)) return nullptr;
        if (is_class) return class_node(std::move(cls));
        if (ch == 'b') return make(Node::Kind::WordBoundary);
        if (ch == 'B') return make(Node::Kind::NotWordBoundary);
        if (ch == 'A' || ch == 'G') return make(Node::Kind::StartText);
        if (ch == 'z') return make(Node::Kind::EndText);
        if (ch == 'Z') return make(Node::Kind::EndTextOrNewline);
        return literal(ch);
      }
      default:
        return literal(c);
    }
  }

  std::string_view p_;
  std::size_t pos_ = 0;
  std::vector<CharClass>& classes_;
  std::vector<std::string>& names_;
  std::string error_;
};

}  // namespace

struct Regex::Program {
  std::vector<Inst> code;
  std::vector<CharClass> classes;
  std::vector<std::string> names;  // capture i+1 -> name
  int marks = 0;                   // progress registers for unbounded loops
  bool ignore_case = false;
  bool too_large = false;

  int emit(Inst inst) {
    code.push_back(inst);
    if (code.size() > kMaxProgram) too_large = true;
    return static_cast<int>(code.size()) - 1;
  }

  void compile(const Node& node) {
    if (too_large) return;
    switch (node.kind) {
      case Node::Kind::Empty: return;
      case Node::Kind::Literal: emit({Op::Char, node.ch}); return;
      case Node::Kind::Any: emit({Op::Any}); return;
      case Node::Kind::Class: emit({Op::Class, 0, node.class_index}); return;
      case Node::Kind::Bol: emit({Op::Bol}); return;
      case Node::Kind::Eol: emit({Op::Eol}); return;
      case Node::Kind::WordBoundary: emit({Op::WordB}); return;
      case Node::Kind::NotWordBoundary: emit({Op::NotWordB}); return;
      case Node::Kind::StartText: emit({Op::StartText}); return;
      case Node::Kind::EndText: emit({Op::EndText}); return;
      case Node::Kind::EndTextOrNewline: emit({Op::EndTextNl}); return;
      case Node::Kind::Concat:
        for (const auto& child : node.children) compile(*child);
        return;
      case Node::Kind::Group:
        if (node.capture >= 0) emit({Op::Save, 0, 2 * (node.capture + 1)});
        compile(*node.children[0]);
        if (node.capture >= 0) emit({Op::Save, 0, 2 * (node.capture + 1) + 1});
        return;
      case Node::Kind::Alt: {
        std::vector<int> jumps;
        for (std::size_t i = 0; i < node.children.size(); ++i) {
          if (i + 1 < node.children.size()) {
            int split = emit({Op::Split});
            code[split].x = split + 1;
            compile(*node.children[i]);
            jumps.push_back(emit({Op::Jmp}));
            code[split].y = static_cast<int>(code.size());
          } else {
            compile(*node.children[i]);
          }
          if (too_large) return;
        }
        for (int j : jumps) code[j].x = static_cast<int>(code.size());
        return;
      }
      case Node::Kind::Repeat: {
        const Node& child = *node.children[0];
        for (int i = 0; i < node.min && !too_large; ++i) compile(child);
        if (node.max == kInfinite) {
          int mark = marks++;
          int split = emit({Op::Split});
          int body = emit({Op::Mark, 0, mark});
          compile(child);
          emit({Op::Progress, 0, mark});
          emit({Op::Jmp, 0, split});
          if (too_large) return;
          int after = static_cast<int>(code.size());
          code[split].x = node.greedy ? body : after;
          code[split].y = node.greedy ? after : body;
        } else {
          std::vector<int> splits;
          for (int i = node.min; i < node.max && !too_large; ++i) {
            int split = emit({Op::Split});
            splits.push_back(split);
            compile(child);
          }
          if (too_large) return;
          int after = static_cast<int>(code.size());
          for (int split : splits) {
            code[split].x = node.greedy ? split + 1 : after;
            code[split].y = node.greedy ? after : split + 1;
          }
        }
        return;
      }
    }
  }
};

Regex::Regex(std::string_view pattern, bool ignore_case) : program_(std::make_unique<Program>()) {
  program_->ignore_case = ignore_case;
  Parser parser(pattern, program_->classes, program_->names);
  auto root = parser.parse(error_);
  if (!error_.empty()) {
    error_ = "Invalid pattern '" + std::string(pattern) + "': " + error_;
    return;
  }
  program_->compile(*root);
  if (program_->too_large) {
    error_ = "Invalid pattern '" + std::string(pattern) + "': the pattern is too large to simulate.";
    return;
  }
  program_->emit({Op::Match});
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;

std::optional<RegexMatch> Regex::search(std::string_view s, std::size_t from, std::size_t& steps,
                                        bool& exhausted) const {
  if (!ok()) return std::nullopt;
  const auto& code = program_->code;
  const bool icase = program_->ignore_case;
  const std::size_t ngroups = program_->names.size() + 1;
  const std::size_t nslots = 2 * ngroups + static_cast<std::size_t>(program_->marks);
  const std::size_t npos = std::string::npos;

  auto word_at = [&](std::size_t i) {
    if (i >= s.size()) return false;
    std::size_t j = i;
    return is_word(text::decode_utf8(s, j));
  };
  auto word_before = [&](std::size_t i) {
    if (i == 0) return false;
    std::size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
    std::size_t k = j;
    return is_word(text::decode_utf8(s, k));
  };

  struct Frame {
    bool restore;
    int pc;            // branch: where to go
    std::size_t sp;    // branch: position; restore: old slot value
    std::size_t slot;  // restore: which slot
  };
  std::vector<Frame> stack;
  std::vector<std::size_t> slots(nslots, npos);

  for (std::size_t start = from; start <= s.size();) {
    std::fill(slots.begin(), slots.end(), npos);
    stack.clear();
    int pc = 0;
    std::size_t sp = start;
    for (;;) {
      if (steps == 0) {
        exhausted = true;
        return std::nullopt;
      }
      --steps;
      const Inst& in = code[static_cast<std::size_t>(pc)];
      bool ok = true;
      switch (in.op) {
        case Op::Char: {
          if (sp >= s.size()) {
            ok = false;
            break;
          }
          std::size_t next = sp;
          char32_t c = text::decode_utf8(s, next);
          ok = c == in.ch || (icase && lower(c) == lower(in.ch));
          if (ok) sp = next, ++pc;
          break;
        }
        case Op::Any: {
          if (sp >= s.size() || s[sp] == '\n') {
            ok = false;
            break;
          }
          text::decode_utf8(s, sp);
          ++pc;
          break;
        }
        case Op::Class: {
          if (sp >= s.size()) {
            ok = false;
            break;
          }
          std::size_t next = sp;
          char32_t c = text::decode_utf8(s, next);
          ok = program_->classes[static_cast<std::size_t>(in.x)].matches(c, icase);
          if (ok) sp = next, ++pc;
          break;
        }
        case Op::Split:
          stack.push_back({false, in.y, sp, 0});
          pc = in.x;
          break;
        case Op::Jmp:
          pc = in.x;
          break;
        case Op::Save:
        case Op::Mark: {
          std::size_t slot = in.op == Op::Save ? static_cast<std::size_t>(in.x) : 2 * ngroups + static_cast<std::size_t>(in.x);
          stack.push_back({true, 0, slots[slot], slot});
          slots[slot] = sp;
          ++pc;
          break;
        }
        case Op::Progress:
          ok = slots[2 * ngroups + static_cast<std::size_t>(in.x)] != sp;  // an empty iteration ends the loop
          if (ok) ++pc;
          break;
        case Op::Bol:
        case Op::StartText:
          ok = sp == 0;
          if (ok) ++pc;
          break;
        case Op::Eol:
        case Op::EndTextNl:
          ok = sp == s.size() || (sp + 1 == s.size() && s[sp] == '\n');
          if (ok) ++pc;
          break;
        case Op::EndText:
          ok = sp == s.size();
          if (ok) ++pc;
          break;
        case Op::WordB:
        case Op::NotWordB: {
          bool boundary = word_before(sp) != word_at(sp);
          ok = in.op == Op::WordB ? boundary : !boundary;
          if (ok) ++pc;
          break;
        }
        case Op::Match: {
          RegexMatch m;
          m.groups.resize(ngroups);
          m.groups[0] = {start, sp};
          for (std::size_t g = 1; g < ngroups; ++g) {
            if (slots[2 * g] != npos && slots[2 * g + 1] != npos) m.groups[g] = {slots[2 * g], slots[2 * g + 1]};
          }
          m.names.push_back("");
          for (const auto& name : program_->names) m.names.push_back(name);
          return m;
        }
      }
      if (ok) continue;
      bool resumed = false;
      while (!stack.empty()) {
        Frame f = stack.back();
        stack.pop_back();
        if (f.restore) {
          slots[f.slot] = f.sp;
          continue;
        }
        pc = f.pc;
        sp = f.sp;
        resumed = true;
        break;
      }
      if (!resumed) break;
    }
    if (start >= s.size()) break;
    text::decode_utf8(s, start);
  }
  return std::nullopt;
}

}  // namespace ghaplay::scripts::pwsh
