#include "scripts/bash/regex.h"

#include <cctype>
#include <memory>

#include "common/text.h"

namespace ghaplay::scripts::bash {
namespace {

constexpr std::size_t kMaxProgram = 20000;
constexpr int kMaxDepth = 50;

char32_t fold(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

bool is_word(char32_t c) { return c < 128 && (std::isalnum(static_cast<int>(c)) || c == '_'); }

// The parsed form before code generation.
struct Ast {
  enum class Kind { Empty, Char, Any, Class, Concat, Alt, Repeat, Group, LineStart, LineEnd,
                    WordBoundary, NotWordBoundary };
  Kind kind = Kind::Empty;
  char32_t c = 0;
  int cls = -1;
  int min = 0, max = -1;  // Repeat; max -1 = unbounded
  int group = 0;
  std::vector<std::unique_ptr<Ast>> kids;
};
using AstPtr = std::unique_ptr<Ast>;

AstPtr make(Ast::Kind k) {
  auto a = std::make_unique<Ast>();
  a->kind = k;
  return a;
}

}  // namespace

class RegexCompiler {
 public:
  RegexCompiler(std::string_view p, Regex::Syntax s, Regex& out, std::string& error)
      : pat_(p), ere_(s == Regex::Syntax::Extended), re_(out), error_(error) {}

  bool run() {
    AstPtr root = parse_alt(0);
    if (!error_.empty()) return false;
    if (pos_ < pat_.size()) {
      error_ = ere_ ? "Unmatched ) or \\)" : "Unmatched ) or \\)";
      return false;
    }
    emit(Regex::Inst::Op::Save, 0, 0);
    gen(*root);
    emit(Regex::Inst::Op::Save, 1, 0);
    emit(Regex::Inst::Op::Match, 0, 0);
    if (re_.program_.size() > kMaxProgram) {
      error_ = "regular expression too big";
      return false;
    }
    re_.groups_ = static_cast<std::size_t>(group_count_);
    const Regex::Inst& first = re_.program_[1];
    if (first.op == Regex::Inst::Op::Char && first.c < 128 && !re_.ignore_case_) {
      re_.first_char_ = static_cast<int>(first.c);
    }
    // Save 0, Char..., Save 1, Match: plain text.
    bool literal = !re_.ignore_case_ && re_.groups_ == 0 && re_.program_.size() >= 3;
    for (std::size_t k = 1; literal && k + 2 < re_.program_.size(); ++k) {
      literal = re_.program_[k].op == Regex::Inst::Op::Char;
      if (literal) text::append_utf8(re_.literal_, re_.program_[k].c);
    }
    re_.is_literal_ = literal && !re_.literal_.empty();
    return true;
  }

 private:
  bool at_end() const { return pos_ >= pat_.size(); }
  char peek(std::size_t k = 0) const { return pos_ + k < pat_.size() ? pat_[pos_ + k] : '\0'; }

  bool is_alt() const {
    return ere_ ? peek() == '|' : (peek() == '\\' && peek(1) == '|');
  }
  bool is_close() const {
    return ere_ ? peek() == ')' : (peek() == '\\' && peek(1) == ')');
  }

  AstPtr parse_alt(int depth) {
    if (depth > kMaxDepth) {
      error_ = "regular expression nested too deeply";
      return make(Ast::Kind::Empty);
    }
    AstPtr first = parse_concat(depth);
    if (!is_alt()) return first;
    AstPtr alt = make(Ast::Kind::Alt);
    alt->kids.push_back(std::move(first));
    while (error_.empty() && is_alt()) {
      pos_ += ere_ ? 1 : 2;
      alt->kids.push_back(parse_concat(depth));
    }
    return alt;
  }

  AstPtr parse_concat(int depth) {
    AstPtr cat = make(Ast::Kind::Concat);
    bool at_start = true;
    while (error_.empty() && !at_end() && !is_alt() && !is_close()) {
      AstPtr atom = parse_atom(depth, at_start);
      if (!error_.empty()) break;
      at_start = atom->kind == Ast::Kind::LineStart;
      atom = parse_repeats(std::move(atom));
      cat->kids.push_back(std::move(atom));
    }
    return cat;
  }

  bool parse_int(int& out) {
    if (!std::isdigit(static_cast<unsigned char>(peek()))) return false;
    out = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      out = out * 10 + (pat_[pos_++] - '0');
      if (out > 1000) out = 1000;
    }
    return true;
  }

  AstPtr parse_repeats(AstPtr atom) {
    while (error_.empty() && !at_end()) {
      int min = 0, max = -1;
      char c = peek();
      if (c == '*') {
        ++pos_;
      } else if (ere_ && c == '+') {
        ++pos_;
        min = 1;
      } else if (ere_ && c == '?') {
        ++pos_;
        max = 1;
      } else if (!ere_ && c == '\\' && peek(1) == '+') {
        pos_ += 2;
        min = 1;
      } else if (!ere_ && c == '\\' && peek(1) == '?') {
        pos_ += 2;
        max = 1;
      } else if ((ere_ && c == '{' && std::isdigit(static_cast<unsigned char>(peek(1)))) ||
                 (!ere_ && c == '\\' && peek(1) == '{')) {
        pos_ += ere_ ? 1 : 2;
        if (!parse_int(min)) {
          error_ = "Invalid preceding regular expression";
          return atom;
        }
        max = min;
        if (peek() == ',') {
          ++pos_;
          max = -1;
          parse_int(max);
        }
        if (ere_ ? peek() != '}' : (peek() != '\\' || peek(1) != '}')) {
          error_ = "Unmatched \\{";
          return atom;
        }
        pos_ += ere_ ? 1 : 2;
        if (max != -1 && max < min) {
          error_ = "Invalid content of \\{\\}";
          return atom;
        }
      } else {
        break;
      }
      AstPtr rep = make(Ast::Kind::Repeat);
      rep->min = min;
      rep->max = max;
      rep->kids.push_back(std::move(atom));
      atom = std::move(rep);
    }
    return atom;
  }

  int add_class(Regex::CharClass cls) {
    re_.classes_.push_back(std::move(cls));
    return static_cast<int>(re_.classes_.size() - 1);
  }

  static void add_named(Regex::CharClass& cls, std::string_view name) {
    auto range = [&](char32_t a, char32_t b) { cls.ranges.emplace_back(a, b); };
    if (name == "alpha") { range('a', 'z'); range('A', 'Z'); }
    else if (name == "digit") range('0', '9');
    else if (name == "alnum") { range('a', 'z'); range('A', 'Z'); range('0', '9'); }
    else if (name == "upper") range('A', 'Z');
    else if (name == "lower") range('a', 'z');
    else if (name == "space") { range(' ', ' '); range('\t', '\r'); }
    else if (name == "blank") { range(' ', ' '); range('\t', '\t'); }
    else if (name == "punct") { range('!', '/'); range(':', '@'); range('[', '`'); range('{', '~'); }
    else if (name == "xdigit") { range('0', '9'); range('a', 'f'); range('A', 'F'); }
    else if (name == "cntrl") { range(0, 31); range(127, 127); }
    else if (name == "print") range(32, 126);
    else if (name == "graph") range(33, 126);
  }

  char32_t next_char() {
    std::size_t i = pos_;
    char32_t c = text::decode_utf8(pat_, i);
    pos_ = i;
    return c;
  }

  AstPtr parse_bracket() {
    ++pos_;  // [
    Regex::CharClass cls;
    if (peek() == '^') {
      cls.negate = true;
      ++pos_;
    }
    bool first = true;
    while (true) {
      if (at_end()) {
        error_ = "Unmatched [, [^, [:, [., or [=";
        return make(Ast::Kind::Empty);
      }
      if (peek() == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (peek() == '[' && peek(1) == ':') {
        std::size_t close = pat_.find(":]", pos_ + 2);
        if (close == std::string_view::npos) {
          error_ = "Unmatched [, [^, [:, [., or [=";
          return make(Ast::Kind::Empty);
        }
        add_named(cls, pat_.substr(pos_ + 2, close - pos_ - 2));
        pos_ = close + 2;
        continue;
      }
      char32_t lo = next_char();
      if (peek() == '-' && peek(1) != ']' && peek(1) != '\0') {
        ++pos_;
        char32_t hi = next_char();
        cls.ranges.emplace_back(lo, hi);
      } else {
        cls.ranges.emplace_back(lo, lo);
      }
    }
    AstPtr a = make(Ast::Kind::Class);
    a->cls = add_class(std::move(cls));
    return a;
  }

  AstPtr shorthand(char c) {
    Regex::CharClass cls;
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == 'd') add_named(cls, "digit");
    if (lower == 'w') { add_named(cls, "alnum"); cls.ranges.emplace_back('_', '_'); }
    if (lower == 's') add_named(cls, "space");
    cls.negate = std::isupper(static_cast<unsigned char>(c)) != 0;
    AstPtr a = make(Ast::Kind::Class);
    a->cls = add_class(std::move(cls));
    return a;
  }

  AstPtr literal(char32_t c) {
    AstPtr a = make(Ast::Kind::Char);
    a->c = c;
    return a;
  }

  AstPtr group(int depth) {
    int index = ++group_count_;
    AstPtr g = make(Ast::Kind::Group);
    g->group = index;
    g->kids.push_back(parse_alt(depth + 1));
    if (!error_.empty()) return g;
    if (!is_close()) {
      error_ = "Unmatched ( or \\(";
      return g;
    }
    pos_ += ere_ ? 1 : 2;
    return g;
  }

  AstPtr parse_atom(int depth, bool at_start) {
    char c = peek();
    if (c == '\\') {
      char n = peek(1);
      if (n == '\0') {
        error_ = "Trailing backslash";
        return make(Ast::Kind::Empty);
      }
      pos_ += 2;
      if (!ere_ && n == '(') return group(depth);
      if (!ere_ && n == '{') {
        error_ = "Invalid preceding regular expression";
        return make(Ast::Kind::Empty);
      }
      if (n >= '1' && n <= '9') {
        error_ = "back-references are not simulated";
        return make(Ast::Kind::Empty);
      }
      switch (n) {
        case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
          return shorthand(n);
        case 'b': return make(Ast::Kind::WordBoundary);
        case 'B': return make(Ast::Kind::NotWordBoundary);
        case '<': case '>': return make(Ast::Kind::WordBoundary);
        case 'n': return literal('\n');
        case 't': return literal('\t');
        default: {
          --pos_;
          return literal(next_char());
        }
      }
    }
    if (c == '[') return parse_bracket();
    if (c == '.') {
      ++pos_;
      return make(Ast::Kind::Any);
    }
    if (c == '^') {
      if (ere_ || at_start_of_expression()) {
        ++pos_;
        return make(Ast::Kind::LineStart);
      }
    }
    if (c == '$') {
      if (ere_ || at_end_of_expression()) {
        ++pos_;
        return make(Ast::Kind::LineEnd);
      }
    }
    if (ere_ && c == '(') {
      ++pos_;
      return group(depth);
    }
    if (c == '*' && (at_start || cat_start_)) {
      // A leading * is literal in basic syntax.
      ++pos_;
      return literal('*');
    }
    if (ere_ && (c == '*' || c == '+' || c == '?')) {
      if (at_start) {
        ++pos_;
        return literal(static_cast<char32_t>(c));
      }
    }
    (void)at_start;
    return literal(next_char());
  }

  bool at_start_of_expression() const {
    if (pos_ == 0) return true;
    if (pos_ >= 2 && pat_[pos_ - 2] == '\\' && (pat_[pos_ - 1] == '(' || pat_[pos_ - 1] == '|')) return true;
    return false;
  }
  bool at_end_of_expression() const {
    if (pos_ + 1 == pat_.size()) return true;
    return pos_ + 2 < pat_.size() && pat_[pos_ + 1] == '\\' &&
           (pat_[pos_ + 2] == ')' || pat_[pos_ + 2] == '|');
  }

  int emit(Regex::Inst::Op op, int x, int y) {
    Regex::Inst inst;
    inst.op = op;
    inst.x = x;
    inst.y = y;
    re_.program_.push_back(inst);
    return static_cast<int>(re_.program_.size() - 1);
  }

  void gen(const Ast& a) {
    if (re_.program_.size() > kMaxProgram) return;
    using Op = Regex::Inst::Op;
    switch (a.kind) {
      case Ast::Kind::Empty:
        return;
      case Ast::Kind::Char: {
        int i = emit(Op::Char, 0, 0);
        re_.program_[static_cast<std::size_t>(i)].c = a.c;
        return;
      }
      case Ast::Kind::Any:
        emit(Op::AnyNoNewline, 0, 0);
        return;
      case Ast::Kind::Class:
        emit(Op::Class, a.cls, 0);
        return;
      case Ast::Kind::LineStart:
        emit(Op::LineStart, 0, 0);
        return;
      case Ast::Kind::LineEnd:
        emit(Op::LineEnd, 0, 0);
        return;
      case Ast::Kind::WordBoundary:
        emit(Op::WordBoundary, 0, 0);
        return;
      case Ast::Kind::NotWordBoundary:
        emit(Op::NotWordBoundary, 0, 0);
        return;
      case Ast::Kind::Concat:
        for (const auto& k : a.kids) gen(*k);
        return;
      case Ast::Kind::Group:
        emit(Op::Save, a.group * 2, 0);
        gen(*a.kids[0]);
        emit(Op::Save, a.group * 2 + 1, 0);
        return;
      case Ast::Kind::Alt: {
        std::vector<int> jumps;
        for (std::size_t k = 0; k < a.kids.size(); ++k) {
          if (k + 1 < a.kids.size()) {
            int split = emit(Op::Split, 0, 0);
            re_.program_[static_cast<std::size_t>(split)].x = split + 1;
            gen(*a.kids[k]);
            jumps.push_back(emit(Op::Jump, 0, 0));
            re_.program_[static_cast<std::size_t>(split)].y = static_cast<int>(re_.program_.size());
          } else {
            gen(*a.kids[k]);
          }
        }
        for (int j : jumps) re_.program_[static_cast<std::size_t>(j)].x = static_cast<int>(re_.program_.size());
        return;
      }
      case Ast::Kind::Repeat: {
        const Ast& body = *a.kids[0];
        for (int k = 0; k < a.min; ++k) {
          gen(body);
          if (re_.program_.size() > kMaxProgram) return;
        }
        if (a.max == -1) {
          int split = emit(Op::Split, 0, 0);
          re_.program_[static_cast<std::size_t>(split)].x = split + 1;
          gen(body);
          emit(Op::Jump, split, 0);
          re_.program_[static_cast<std::size_t>(split)].y = static_cast<int>(re_.program_.size());
        } else {
          std::vector<int> splits;
          for (int k = a.min; k < a.max; ++k) {
            int split = emit(Op::Split, 0, 0);
            re_.program_[static_cast<std::size_t>(split)].x = split + 1;
            splits.push_back(split);
            gen(body);
            if (re_.program_.size() > kMaxProgram) return;
          }
          for (int s : splits) re_.program_[static_cast<std::size_t>(s)].y = static_cast<int>(re_.program_.size());
        }
        return;
      }
    }
  }

  std::string_view pat_;
  bool ere_;
  Regex& re_;
  std::string& error_;
  std::size_t pos_ = 0;
  int group_count_ = 0;
  bool cat_start_ = false;
};

std::optional<Regex> Regex::compile(std::string_view pattern, Syntax syntax, bool ignore_case,
                                    std::string& error) {
  Regex re;
  re.ignore_case_ = ignore_case;
  error.clear();
  RegexCompiler compiler(pattern, syntax, re, error);
  if (!compiler.run()) return std::nullopt;
  return re;
}

bool Regex::class_matches(const CharClass& cls, char32_t c) const {
  bool in = false;
  for (const auto& [lo, hi] : cls.ranges) {
    if (c >= lo && c <= hi) {
      in = true;
      break;
    }
    if (ignore_case_) {
      char32_t f = fold(c);
      char32_t u = (c >= 'a' && c <= 'z') ? c - 32 : c;
      if ((f >= lo && f <= hi) || (u >= lo && u <= hi)) {
        in = true;
        break;
      }
    }
  }
  return in != cls.negate;
}

namespace {

struct Thread {
  int pc;
  std::shared_ptr<std::vector<long>> caps;
};

}  // namespace

bool Regex::search(std::string_view text, std::size_t start, std::vector<Span>& groups) const {
  using Op = Inst::Op;
  if (is_literal_) {
    std::size_t at = start <= text.size() ? text.find(literal_, start) : std::string_view::npos;
    if (at == std::string_view::npos) return false;
    groups.assign(1, Span{static_cast<long>(at), static_cast<long>(at + literal_.size())});
    return true;
  }
  const std::size_t slots = (groups_ + 1) * 2;
  std::vector<Thread> clist, nlist;
  std::vector<std::size_t> mark(program_.size(), static_cast<std::size_t>(-1));
  std::shared_ptr<std::vector<long>> matched;
  std::size_t generation = 0;

  // Follows Split/Jump/Save/assertions from `pc` at text position `i`, appending the threads
  // that wait on a character. An explicit stack keeps it free of recursion.
  std::vector<Thread> stack;
  auto add = [&](std::vector<Thread>& list, int pc0, std::shared_ptr<std::vector<long>> caps0,
                 std::size_t i) {
    stack.clear();
    stack.push_back({pc0, std::move(caps0)});
    while (!stack.empty()) {
      Thread t = std::move(stack.back());
      stack.pop_back();
      std::size_t pc = static_cast<std::size_t>(t.pc);
      if (mark[pc] == generation) continue;
      mark[pc] = generation;
      const Inst& inst = program_[pc];
      switch (inst.op) {
        case Op::Jump:
          stack.push_back({inst.x, std::move(t.caps)});
          break;
        case Op::Split:
          // Push the lower-priority branch first so that the preferred one is followed first.
          stack.push_back({inst.y, t.caps});
          stack.push_back({inst.x, std::move(t.caps)});
          break;
        case Op::Save: {
          auto caps = std::make_shared<std::vector<long>>(*t.caps);
          (*caps)[static_cast<std::size_t>(inst.x)] = static_cast<long>(i);
          stack.push_back({t.pc + 1, std::move(caps)});
          break;
        }
        case Op::LineStart:
          if (i == 0 || text[i - 1] == '\n') stack.push_back({t.pc + 1, std::move(t.caps)});
          break;
        case Op::LineEnd:
          if (i == text.size() || text[i] == '\n') stack.push_back({t.pc + 1, std::move(t.caps)});
          break;
        case Op::WordBoundary:
        case Op::NotWordBoundary: {
          bool before = i > 0 && is_word(static_cast<unsigned char>(text[i - 1]));
          bool after = i < text.size() && is_word(static_cast<unsigned char>(text[i]));
          if ((before != after) == (inst.op == Op::WordBoundary)) {
            stack.push_back({t.pc + 1, std::move(t.caps)});
          }
          break;
        }
        default:
          list.push_back(std::move(t));
      }
    }
  };

  auto empty_caps = std::make_shared<std::vector<long>>(slots, -1L);
  std::size_t i = start;
  if (first_char_ >= 0) {
    i = text.find(static_cast<char>(first_char_), start);
    if (i == std::string_view::npos) return false;
  }
  ++generation;
  add(clist, 0, empty_caps, i);
  while (true) {
    if (clist.empty() && matched) break;
    std::size_t width = 0;
    char32_t c = 0;
    if (i < text.size()) {
      std::size_t j = i;
      c = text::decode_utf8(text, j);
      width = j - i;
    }
    ++generation;
    for (std::size_t k = 0; k < clist.size(); ++k) {
      Thread& t = clist[k];
      const Inst& inst = program_[static_cast<std::size_t>(t.pc)];
      bool ok = false;
      switch (inst.op) {
        case Op::Match:
          matched = t.caps;
          k = clist.size();  // lower-priority threads are cut off
          continue;
        case Op::Char:
          ok = width > 0 && (c == inst.c || (ignore_case_ && fold(c) == fold(inst.c)));
          break;
        case Op::Any:
          ok = width > 0;
          break;
        case Op::AnyNoNewline:
          ok = width > 0 && c != '\n';
          break;
        case Op::Class:
          ok = width > 0 && class_matches(classes_[static_cast<std::size_t>(inst.x)], c);
          break;
        default:
          break;
      }
      if (ok) add(nlist, t.pc + 1, t.caps, i + width);
    }
    if (width == 0) {
      clist.clear();
      break;
    }
    i += width;
    // Not matched yet: a new attempt may start at this position (leftmost wins). With no
    // attempt alive, skip straight to the next place the match could start.
    if (!matched) {
      if (nlist.empty() && first_char_ >= 0) {
        std::size_t next = text.find(static_cast<char>(first_char_), i);
        if (next == std::string_view::npos) break;
        i = next;
      }
      add(nlist, 0, empty_caps, i);
    }
    clist.swap(nlist);
    nlist.clear();
    if (clist.empty()) break;
  }
  // Threads left in clist at the end of the text may still reach Match.
  for (Thread& t : clist) {
    if (program_[static_cast<std::size_t>(t.pc)].op == Op::Match) {
      matched = t.caps;
      break;
    }
  }
  if (!matched) return false;
  groups.assign(groups_ + 1, Span{});
  for (std::size_t g = 0; g <= groups_; ++g) {
    groups[g].begin = (*matched)[g * 2];
    groups[g].end = (*matched)[g * 2 + 1];
  }
  return true;
}

}  // namespace ghaplay::scripts::bash
