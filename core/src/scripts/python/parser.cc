#include "scripts/python/parser.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>

#include "common/text.h"

namespace ghaplay::scripts::python {
namespace {

struct Failure {
  SyntaxError error;
};

struct Token {
  enum class Kind { Name, Number, String, Op, Newline, Indent, Dedent, End };
  Kind kind = Kind::End;
  std::string text;  // Name, Op; String: decoded value (plain) or raw body (f-string)
  PyValue number;
  bool fstring = false;
  bool raw = false;
  std::size_t body_offset = 0;
  Pos pos;
  std::size_t end = 0;
};

const std::set<std::string> kKeywords = {"False", "None", "True", "and", "as", "assert", "async", "await", "break",
                                         "class", "continue", "def", "del", "elif", "else", "except", "finally",
                                         "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
                                         "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Decodes escapes of a non-raw literal. Unknown escapes stay as written (CPython 3.12 warns).
std::string decode_escapes(std::string_view body, int line, std::vector<CompileWarning>* warnings) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char n = body[++i];
    switch (n) {
      case '\n': break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x':
      case 'u':
      case 'U': {
        std::size_t digits = n == 'x' ? 2 : n == 'u' ? 4 : 8;
        std::uint32_t cp = 0;
        bool ok = i + digits < body.size();
        for (std::size_t k = 1; k <= digits && ok; ++k) {
          char h = static_cast<char>(std::tolower(static_cast<unsigned char>(body[i + k])));
          int d = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : -1;
          if (d < 0) ok = false;
          cp = cp * 16 + static_cast<std::uint32_t>(std::max(d, 0));
        }
        if (ok && cp <= 0x10FFFF) {
          text::append_utf8(out, cp);
          i += digits;
        } else {
          out += '\\';
          out += n;
        }
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          std::uint32_t v = static_cast<std::uint32_t>(n - '0');
          std::size_t k = 0;
          while (k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7') {
            v = v * 8 + static_cast<std::uint32_t>(body[++i] - '0');
            ++k;
          }
          text::append_utf8(out, v);
          break;
        }
        if (warnings) {
          std::string seq = "\\";
          seq += n;
          warnings->push_back({"invalid escape sequence '" + seq + "'", line});
        }
        out += '\\';
        out += n;
    }
  }
  return out;
}

class Lexer {
 public:
  Lexer(std::string_view s, std::vector<CompileWarning>& warnings) : s_(s), warnings_(warnings) {}

  std::vector<Token> run() {
    for (;;) {
      if (at_line_start_ && brackets_.empty()) {
        if (!indentation()) break;
      }
      skip_blanks();
      if (pos_ >= s_.size()) break;
      char c = s_[pos_];
      if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
        continue;
      }
      if (c == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
        pos_ += peek(1) == '\r' ? 3 : 2;
        new_line();
        continue;
      }
      if (c == '\r' && peek(1) == '\n') {
        ++pos_;
        c = '\n';
      }
      if (c == '\n' || c == '\r') {
        ++pos_;
        if (brackets_.empty() && !tokens_.empty() && tokens_.back().kind != Token::Kind::Newline &&
            tokens_.back().kind != Token::Kind::Indent && tokens_.back().kind != Token::Kind::Dedent) {
          Token t;
          t.kind = Token::Kind::Newline;
          t.pos = here();
          t.pos.offset = pos_ - 1;
          tokens_.push_back(t);
        }
        new_line();
        if (brackets_.empty()) at_line_start_ = true;
        continue;
      }
      if (c == '"' || c == '\'') {
        string_token(pos_, "");
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))))) {
        number();
        continue;
      }
      if (ident_start(static_cast<unsigned char>(c))) {
        std::size_t start = pos_;
        while (pos_ < s_.size() && ident_char(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        std::string word(s_.substr(start, pos_ - start));
        std::string lw = word;
        for (auto& ch : lw) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if ((pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\'')) &&
            (lw == "r" || lw == "b" || lw == "f" || lw == "u" || lw == "rb" || lw == "br" || lw == "fr" || lw == "rf")) {
          string_token(start, lw);
          continue;
        }
        Token t;
        t.kind = Token::Kind::Name;
        t.text = std::move(word);
        t.pos = position(start);
        t.end = pos_;
        tokens_.push_back(std::move(t));
        continue;
      }
      op();
    }
    if (!brackets_.empty()) {
      // CPython's parser reads tokens as it goes: an error before the end of the text wins.
      auto [ch, pos] = brackets_.back();
      unclosed_ = SyntaxError{"SyntaxError", "'" + std::string(1, ch) + "' was never closed", pos, false, 0};
    }
    if (!tokens_.empty() && tokens_.back().kind != Token::Kind::Newline && tokens_.back().kind != Token::Kind::Dedent &&
        tokens_.back().kind != Token::Kind::Indent) {
      Token t;
      t.kind = Token::Kind::Newline;
      t.pos = here();
      tokens_.push_back(t);
    }
    while (indents_.size() > 1) {
      indents_.pop_back();
      Token t;
      t.kind = Token::Kind::Dedent;
      t.pos = here();
      tokens_.push_back(t);
    }
    Token end;
    end.kind = Token::Kind::End;
    end.pos = here();
    tokens_.push_back(end);
    return std::move(tokens_);
  }

 private:
  char peek(std::size_t k) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }

  [[noreturn]] void fail(std::string message, Pos pos, std::string type = "SyntaxError") {
    throw Failure{{std::move(type), std::move(message), pos, false}};
  }

  void new_line() {
    ++line_;
    line_start_ = pos_;
    col_cache_offset_ = pos_;
    col_cache_ = 1;
  }

  Pos position(std::size_t offset) {
    // Columns count code points; cached so a long line stays linear.
    if (offset < col_cache_offset_ || col_cache_offset_ < line_start_) {
      col_cache_offset_ = line_start_;
      col_cache_ = 1;
    }
    std::size_t i = col_cache_offset_;
    int col = col_cache_;
    while (i < offset && i < s_.size()) {
      text::decode_utf8(s_, i);
      ++col;
    }
    col_cache_offset_ = offset;
    col_cache_ = col;
    return {line_, col, offset};
  }
  Pos here() { return position(std::min(pos_, s_.size())); }

  void skip_blanks() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\f')) ++pos_;
  }

  // At the start of a logical line: emits INDENT/DEDENT. False at the end of the text.
  bool indentation() {
    for (;;) {
      int col = 0;
      std::size_t start = pos_;
      while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\f')) {
        col = s_[pos_] == '\t' ? (col / 8 + 1) * 8 : s_[pos_] == '\f' ? 0 : col + 1;
        ++pos_;
      }
      if (pos_ >= s_.size()) return false;
      char c = s_[pos_];
      if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      }
      if (pos_ < s_.size() && (s_[pos_] == '\n' || s_[pos_] == '\r')) {
        if (s_[pos_] == '\r' && peek(1) == '\n') ++pos_;
        ++pos_;
        new_line();
        continue;
      }
      if (pos_ >= s_.size()) return false;
      at_line_start_ = false;
      (void)start;
      if (col > indents_.back()) {
        indents_.push_back(col);
        Token t;
        t.kind = Token::Kind::Indent;
        t.pos = here();
        tokens_.push_back(t);
      } else {
        while (col < indents_.back()) {
          indents_.pop_back();
          Token t;
          t.kind = Token::Kind::Dedent;
          t.pos = here();
          tokens_.push_back(t);
        }
        if (col != indents_.back()) fail("unindent does not match any outer indentation level", here(), "IndentationError");
      }
      return true;
    }
  }

  // Skips a plain string inside an f-string replacement field.
  void skip_nested_string(std::size_t& i, std::size_t limit) {
    char q = s_[i];
    bool triple = i + 2 < limit && s_[i + 1] == q && s_[i + 2] == q;
    i += triple ? 3 : 1;
    while (i < limit) {
      if (s_[i] == '\\') {
        i += 2;
        continue;
      }
      if (s_[i] == q && (!triple || (i + 2 < limit + 2 && s_.substr(i, 3) == std::string(3, q)))) {
        i += triple ? 3 : 1;
        return;
      }
      ++i;
    }
  }

  void string_token(std::size_t start, const std::string& prefix) {
    Pos pos = position(start);
    bool raw = prefix.find('r') != std::string::npos;
    bool fstring = prefix.find('f') != std::string::npos;
    char q = s_[pos_];
    bool triple = peek(1) == q && peek(2) == q;
    pos_ += triple ? 3 : 1;
    std::size_t body_start = pos_;
    int brace_depth = 0;
    int start_line = line_;
    for (;;) {
      if (pos_ >= s_.size()) {
        fail(std::string(triple ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                 " (detected at line " + std::to_string(line_) + ")",
             pos);
      }
      char c = s_[pos_];
      if (c == '\\') {
        if (peek(1) == '\n') {
          pos_ += 2;
          new_line();
          continue;
        }
        pos_ += 2;
        continue;
      }
      if (fstring) {
        if (c == '{' && peek(1) == '{' && brace_depth == 0) {
          pos_ += 2;
          continue;
        }
        if (c == '{') ++brace_depth;
        if (c == '}' && brace_depth > 0) --brace_depth;
        if (brace_depth > 0 && (c == '\'' || c == '"')) {
          skip_nested_string(pos_, s_.size());
          continue;
        }
      }
      if (c == '\n') {
        if (!triple && brace_depth == 0) {
          fail("unterminated string literal (detected at line " + std::to_string(start_line) + ")", pos);
        }
        ++pos_;
        new_line();
        continue;
      }
      if (c == q && (!triple || (peek(1) == q && peek(2) == q))) break;
      ++pos_;
    }
    std::string_view body = s_.substr(body_start, pos_ - body_start);
    pos_ += triple ? 3 : 1;
    Token t;
    t.kind = Token::Kind::String;
    t.fstring = fstring;
    t.raw = raw;
    t.body_offset = body_start;
    t.pos = pos;
    t.end = pos_;
    t.text = fstring || raw ? std::string(body) : decode_escapes(body, pos.line, &warnings_);
    tokens_.push_back(std::move(t));
  }

  void number() {
    std::size_t start = pos_;
    Pos pos = here();
    std::string digits;
    auto take_digits = [&](auto is_digit) {
      while (pos_ < s_.size() && (is_digit(s_[pos_]) || s_[pos_] == '_')) {
        if (s_[pos_] != '_') digits += s_[pos_];
        ++pos_;
      }
    };
    auto dec = [](char c) { return c >= '0' && c <= '9'; };
    Token t;
    t.kind = Token::Kind::Number;
    t.pos = pos;
    if (s_[pos_] == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'o' || peek(1) == 'O' || peek(1) == 'b' || peek(1) == 'B')) {
      char base_char = static_cast<char>(std::tolower(static_cast<unsigned char>(peek(1))));
      int base = base_char == 'x' ? 16 : base_char == 'o' ? 8 : 2;
      pos_ += 2;
      take_digits([&](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
      std::uint64_t v = 0;
      for (char c : digits) {
        int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
        if (d >= base) fail("invalid digit '" + std::string(1, c) + "' in " + (base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary") + " literal", pos);
        if (v > (UINT64_MAX - static_cast<std::uint64_t>(d)) / static_cast<std::uint64_t>(base) || v > INT64_MAX) fail("integer literal too large for ghaplay", pos);
        v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
      }
      if (digits.empty() || v > INT64_MAX) fail("invalid " + std::string(base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary") + " literal", pos);
      t.number = PyValue(static_cast<std::int64_t>(v));
    } else {
      bool is_float = false;
      take_digits(dec);
      if (pos_ < s_.size() && s_[pos_] == '.') {
        is_float = true;
        digits += '.';
        ++pos_;
        take_digits(dec);
      }
      if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
        std::size_t save = pos_;
        std::string save_digits = digits;
        digits += 'e';
        ++pos_;
        if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) digits += s_[pos_++];
        std::size_t before = digits.size();
        take_digits(dec);
        if (digits.size() == before) {
          pos_ = save;
          digits = save_digits;
        } else {
          is_float = true;
        }
      }
      if (pos_ < s_.size() && (s_[pos_] == 'j' || s_[pos_] == 'J')) fail("complex numbers are not simulated by ghaplay", pos);
      if (is_float) {
        t.number = PyValue(std::strtod(digits.c_str(), nullptr));
      } else {
        if (digits.size() > 1 && digits[0] == '0' && digits.find_first_not_of('0') != std::string::npos) {
          fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", pos);
        }
        if (digits.size() > 18 && (digits.size() > 19 || digits > "9223372036854775807")) fail("integer literal too large for ghaplay", pos);
        t.number = PyValue(static_cast<std::int64_t>(std::stoll(digits)));
      }
    }
    if (pos_ < s_.size() && ident_char(static_cast<unsigned char>(s_[pos_]))) fail("invalid decimal literal", pos);
    t.text = std::string(s_.substr(start, pos_ - start));
    t.end = pos_;
    tokens_.push_back(std::move(t));
  }

  void op() {
    static const char* const kOps[] = {"**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "==", "!=", "<=", ">=",
                                       "+=",  "-=",  "*=",  "/=",  "%=",  "&=", "|=", "^=", "@=", ">>", "<<", "+",  "-",
                                       "*",   "/",   "%",   "@",   "&",   "|",  "^",  "~",  "<",  ">",  "(",  ")",  "[",
                                       "]",   "{",   "}",   ",",   ":",   ".",  ";",  "="};
    for (const char* o : kOps) {
      std::string_view ov(o);
      if (s_.substr(pos_, ov.size()) == ov) {
        Token t;
        t.kind = Token::Kind::Op;
        t.text = std::string(ov);
        t.pos = here();
        pos_ += ov.size();
        t.end = pos_;
        char c = ov[0];
        if (ov.size() == 1 && (c == '(' || c == '[' || c == '{')) {
          if (brackets_.size() > 200) fail("too many nested parentheses", t.pos);
          brackets_.emplace_back(c, t.pos);
        } else if (ov.size() == 1 && (c == ')' || c == ']' || c == '}')) {
          if (brackets_.empty()) fail("unmatched '" + std::string(1, c) + "'", t.pos);
          char open = brackets_.back().first;
          char want = open == '(' ? ')' : open == '[' ? ']' : '}';
          if (c != want) {
            fail("closing parenthesis '" + std::string(1, c) + "' does not match opening parenthesis '" + std::string(1, open) + "'", t.pos);
          }
          brackets_.pop_back();
        }
        tokens_.push_back(std::move(t));
        return;
      }
    }
    std::size_t i = pos_;
    char32_t cp = text::decode_utf8(s_, i);
    char buf[64];
    std::snprintf(buf, sizeof buf, "invalid character '%s' (U+%04X)", std::string(s_.substr(pos_, i - pos_)).c_str(), static_cast<unsigned>(cp));
    if (cp == '!' ) fail("invalid syntax", here());
    if (cp == '$' || cp == '?' || cp == '`') fail("invalid syntax", here());
    fail(buf, here());
  }

  std::string_view s_;
  std::vector<CompileWarning>& warnings_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  std::size_t col_cache_offset_ = 0;
  int col_cache_ = 1;
  bool at_line_start_ = true;
  std::vector<int> indents_{0};
  std::vector<std::pair<char, Pos>> brackets_;
  std::vector<Token> tokens_;

 public:
  std::optional<SyntaxError> unclosed_;  // a bracket never closed (reported unless the parser fails first)
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string_view source, std::vector<CompileWarning>& warnings)
      : t_(std::move(tokens)), s_(source), warnings_(warnings) {}

  Body module() {
    Body body;
    while (peek().kind != Token::Kind::End) {
      if (peek().kind == Token::Kind::Newline) {
        ++i_;
        continue;
      }
      if (peek().kind == Token::Kind::Indent) fail("unexpected indent", peek().pos, "IndentationError");
      if (peek().kind == Token::Kind::Dedent) {
        ++i_;
        continue;
      }
      statement(body);
    }
    return body;
  }

  ExprPtr lone_expression() {
    auto e = testlist();
    if (peek().kind == Token::Kind::Newline) ++i_;
    if (peek().kind != Token::Kind::End) fail("f-string: invalid syntax", peek().pos);
    return e;
  }

 private:
  const Token& peek(std::size_t k = 0) const { return t_[std::min(i_ + k, t_.size() - 1)]; }
  bool is_op(const char* o, std::size_t k = 0) const { return peek(k).kind == Token::Kind::Op && peek(k).text == o; }
  bool is_kw(const char* w, std::size_t k = 0) const { return peek(k).kind == Token::Kind::Name && peek(k).text == w; }

  [[noreturn]] void fail(std::string message, Pos pos, std::string type = "SyntaxError") {
    throw Failure{{std::move(type), std::move(message), pos, false}};
  }
  [[noreturn]] void invalid() {
    const Token& t = peek();
    if (t.kind == Token::Kind::Indent) fail("unexpected indent", t.pos, "IndentationError");
    Failure f{{"SyntaxError", "invalid syntax", t.pos, false, t.end}};
    throw f;
  }

  void expect_op(const char* o, const std::string& message = "") {
    if (!is_op(o)) {
      if (!message.empty()) fail(message, peek().pos);
      invalid();
    }
    ++i_;
  }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxNesting) {
        throw Failure{{"SyntaxError", "too many nested blocks or expressions for ghaplay (more than " + std::to_string(kMaxNesting) + ")",
                       p.peek().pos, true}};
      }
    }
    ~DepthGuard() { --p.depth_; }
  };

  std::string name_token() {
    const Token& t = peek();
    if (t.kind != Token::Kind::Name || kKeywords.count(t.text)) invalid();
    ++i_;
    return t.text;
  }

  template <typename T>
  std::unique_ptr<T> node(const Pos& pos) {
    auto n = std::make_unique<T>();
    n->pos = pos;
    return n;
  }

  // ---- statements ---------------------------------------------------------------------------
  void statement(Body& body) {
    DepthGuard guard(*this);
    const Token& t = peek();
    if (t.kind == Token::Kind::Name) {
      const std::string& w = t.text;
      if (w == "if") return body.push_back(if_statement());
      if (w == "while") return body.push_back(while_statement());
      if (w == "for") return body.push_back(for_statement());
      if (w == "try") return body.push_back(try_statement());
      if (w == "with") return body.push_back(with_statement());
      if (w == "def") return body.push_back(def_statement());
      if (w == "class") return body.push_back(unsupported_compound("Class definitions are not simulated by ghaplay: this one is skipped.", "class definition"));
      if (w == "async") return body.push_back(unsupported_compound("Async code is not simulated by ghaplay: this definition is skipped.", "function definition"));
      if (w == "match" && peek(1).kind != Token::Kind::Op && peek(1).kind != Token::Kind::Newline) {
        // `match x:` is a soft keyword statement; anything else named match is a name.
        std::size_t k = 1;
        int depth = 0;
        while (peek(k).kind != Token::Kind::Newline && peek(k).kind != Token::Kind::End) {
          if (peek(k).kind == Token::Kind::Op && (peek(k).text == "(" || peek(k).text == "[")) ++depth;
          if (peek(k).kind == Token::Kind::Op && (peek(k).text == ")" || peek(k).text == "]")) --depth;
          ++k;
        }
        if (k > 1 && peek(k - 1).kind == Token::Kind::Op && peek(k - 1).text == ":") {
          return body.push_back(unsupported_compound("match statements are not simulated by ghaplay: this one is skipped.", "'match' statement"));
        }
      }
    }
    if (is_op("@")) {
      // Decorators: not simulated; the decorated definition still runs.
      Pos pos = t.pos;
      while (peek().kind != Token::Kind::Newline && peek().kind != Token::Kind::End) ++i_;
      if (peek().kind == Token::Kind::Newline) ++i_;
      auto s = node<Stmt>(pos);
      s->kind = Stmt::Kind::Unsupported;
      s->message = "Decorators are not simulated by ghaplay: the definition below runs without them.";
      body.push_back(std::move(s));
      return;
    }
    simple_line(body);
  }

  // A compound statement ghaplay does not run (class, match, async): its header and its block are
  // skipped as tokens (a match body is not made of statements); the interpreter reports it.
  StmtPtr unsupported_compound(const std::string& what, const std::string& header) {
    Pos pos = peek().pos;
    int depth = 0;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Token::Kind::Newline || t.kind == Token::Kind::End) fail("expected ':'", t.pos);
      if (t.kind == Token::Kind::Op) {
        if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
        if (t.text == ")" || t.text == "]" || t.text == "}") --depth;
        if (t.text == ":" && depth == 0) break;
      }
      ++i_;
    }
    ++i_;  // ':'
    if (peek().kind == Token::Kind::Newline) {
      ++i_;
      if (peek().kind != Token::Kind::Indent) {
        fail("expected an indented block after " + header + " on line " + std::to_string(pos.line), peek().pos, "IndentationError");
      }
      int level = 0;
      while (peek().kind != Token::Kind::End) {
        auto kind = peek().kind;
        ++i_;
        if (kind == Token::Kind::Indent) ++level;
        if (kind == Token::Kind::Dedent && --level == 0) break;
      }
    } else {
      while (peek().kind != Token::Kind::Newline && peek().kind != Token::Kind::End) ++i_;
      if (peek().kind == Token::Kind::Newline) ++i_;
    }
    auto s = node<Stmt>(pos);
    s->kind = Stmt::Kind::Unsupported;
    s->message = what;
    return s;
  }

  void simple_line(Body& body) {
    body.push_back(small_statement());
    while (is_op(";")) {
      ++i_;
      if (peek().kind == Token::Kind::Newline) break;
      body.push_back(small_statement());
    }
    if (peek().kind == Token::Kind::Newline) {
      ++i_;
      return;
    }
    if (peek().kind == Token::Kind::End) return;
    invalid();
  }

  // `:` then an indented block or statements on the same line.
  Body block(const std::string& what, int header_line) {
    expect_op(":", "expected ':'");
    Body body;
    if (peek().kind == Token::Kind::Newline) {
      ++i_;
      if (peek().kind != Token::Kind::Indent) {
        fail("expected an indented block after " + what + " on line " + std::to_string(header_line), peek().pos, "IndentationError");
      }
      ++i_;
      while (peek().kind != Token::Kind::Dedent && peek().kind != Token::Kind::End) {
        if (peek().kind == Token::Kind::Newline) {
          ++i_;
          continue;
        }
        if (peek().kind == Token::Kind::Indent) fail("unexpected indent", peek().pos, "IndentationError");
        statement(body);
      }
      if (peek().kind == Token::Kind::Dedent) ++i_;
    } else {
      simple_line(body);
    }
    return body;
  }

  StmtPtr if_statement() {
    Pos pos = peek().pos;
    ++i_;
    auto s = node<Stmt>(pos);
    s->kind = Stmt::Kind::If;
    s->test = named_test();
    s->body = block("'if' statement", pos.line);
    if (is_kw("elif")) {
      s->orelse.push_back(if_statement_elif());
    } else if (is_kw("else")) {
      Pos epos = peek().pos;
      ++i_;
      s->orelse = block("'else' statement", epos.line);
    }
    return s;
  }

  StmtPtr if_statement_elif() {
    Pos pos = peek().pos;
    ++i_;
    auto s = node<Stmt>(pos);
    s->kind = Stmt::Kind::If;
    s->test = named_test();
    s->body = block("'elif' statement", pos.line);
    if (is_kw("elif")) {
      s->orelse.push_back(if_statement_elif());
    } else if (is_kw("else")) {
      Pos epos = peek().pos;
      ++i_;
      s->orelse = block("'else' statement", epos.line);
    }
    return s;
  }

  StmtPtr while_statement() {
    Pos pos = peek().pos;
    ++i_;
    auto s = node<Stmt>(pos);
    s->kind = Stmt::Kind::While;
    s->test = named_test();
    ++loops_;
    s->body = block("'while' statement", pos.line);
    --loops_;
    if (is_kw("else")) {
      Pos epos = peek().pos;
      ++i_;
      s->orelse = block("'else' statement", epos.line);
    }
    return s;
  }

  StmtPtr for_statement() {
    Pos pos = peek().pos;
    ++i_;
    auto s = node<Stmt>(pos);
    s->kind = Stmt::Kind::For;
    s->targets.push_back(target_list());
    if (!is_kw("in")) fail("invalid syntax", peek().pos);
    ++i_;
    s->iter = testlist();
    ++loops_;
    s->body = block("'for' statement", pos.line);
    --loops_;
    if (is_kw("else")) {
      Pos epos = peek().pos;
      ++i_;
      s->orelse = block("'else' statement", epos.line);
    }
    return s;
  }

  StmtPtr try_statement() {
    Pos pos = peek().pos;
    ++i_;
    auto s = node<Stmt>(pos);
    s->kind = Stmt::Kind::Try;
    s->body = block("'try' statement", pos.line);
    while (is_kw("except")) {
      ExceptHandler h;
      h.pos = peek().pos;
      ++i_;
      if (is_op("*")) ++i_;  // except* groups: handled like except
      if (!is_op(":")) {
        auto type = test();
        std::function<void(const Expr&)> collect = [&](const Expr& e) {
          if (e.kind == Expr::Kind::Tuple) {
            for (const auto& c : e.children) collect(*c);
          } else if (e.kind == Expr::Kind::Name) {
            h.types.push_back(e.name);
          } else if (e.kind == Expr::Kind::Attribute) {
            h.types.push_back(e.name);  // json.JSONDecodeError, subprocess.CalledProcessError
          } else {
            h.types.push_back("?");
          }
        };
        collect(*type);
        if (is_kw("as")) {
          ++i_;
          h.name = name_token();
        }
      }
      h.body = block("'except' statement", h.pos.line);
      s->handlers.push_back(std::move(h));
    }
    if (is_kw("else")) {
      Pos epos = peek().pos;
      ++i_;
      s->orelse = block("'else' statement", epos.line);
    }
    if (is_kw("finally")) {
      Pos fpos = peek().pos;
      ++i_;
      s->finalbody = block("'finally' statement", fpos.line);
    }
    if (s->handlers.empty() && s->finalbody.empty()) fail("expected 'except' or 'finally' block", peek().pos);
    return s;
  }

  StmtPtr with_statement() {
    Pos pos = peek().pos;
    ++i_;
    auto s = node<Stmt>(pos);
    s->kind = Stmt::Kind::With;
    bool parens = is_op("(") && with_has_parenthesized_items();
    if (parens) ++i_;
    for (;;) {
      WithItem item;
      item.context = test();
      if (is_kw("as")) {
        ++i_;
        item.target = target();
      }
      s->items.push_back(std::move(item));
      if (!is_op(",")) break;
      ++i_;
      if (parens && is_op(")")) break;
    }
    if (parens) expect_op(")");
    s->body = block("'with' statement", pos.line);
    return s;
  }

  // `with (open(a) as f, open(b) as g):` versus `with (open(a)) as f:`.
  bool with_has_parenthesized_items() const {
    int depth = 0;
    for (std::size_t k = 0; k < 10000; ++k) {
      const Token& tk = peek(k);
      if (tk.kind == Token::Kind::End || tk.kind == Token::Kind::Newline) return false;
      if (tk.kind == Token::Kind::Op && (tk.text == "(" || tk.text == "[" || tk.text == "{")) ++depth;
      if (tk.kind == Token::Kind::Op && (tk.text == ")" || tk.text == "]" || tk.text == "}")) {
        if (--depth == 0) return peek(k + 1).kind == Token::Kind::Op && peek(k + 1).text == ":";
      }
    }
    return false;
  }

  void parameters(std::vector<std::string>& params, std::vector<ExprPtr>& defaults, std::string* star, std::string* double_star,
                  const char* close) {
    while (!is_op(close)) {
      if (is_op("*")) {
        ++i_;
        if (is_op(",")) {
          ++i_;
          continue;  // keyword-only marker
        }
        std::string n = name_token();
        if (star) *star = n;
      } else if (is_op("**")) {
        ++i_;
        std::string n = name_token();
        if (double_star) *double_star = n;
      } else if (is_op("/")) {
        ++i_;
      } else {
        params.push_back(name_token());
        if (is_op(":") && std::string(close) == ")") {
          ++i_;
          test();  // annotation
        }
        if (is_op("=")) {
          ++i_;
          defaults.push_back(test());
        } else if (!defaults.empty()) {
          fail("non-default argument follows default argument", peek().pos);
        }
      }
      if (is_op(",")) {
        ++i_;
        continue;
      }
      if (!is_op(close)) invalid();
    }
  }

  StmtPtr def_statement() {
    Pos pos = peek().pos;
    ++i_;
    auto s = node<Stmt>(pos);
    s->kind = Stmt::Kind::FunctionDef;
    s->name = name_token();
    expect_op("(");
    parameters(s->params, s->defaults, &s->star_param, &s->double_star_param, ")");
    expect_op(")");
    if (is_op("->")) {
      ++i_;
      test();
    }
    // A loop around the definition does not make `break` valid inside it.
    int loops = loops_;
    loops_ = 0;
    ++functions_;
    s->body = block("function definition", pos.line);
    --functions_;
    loops_ = loops;
    return s;
  }

  StmtPtr small_statement() {
    const Token& t = peek();
    Pos pos = t.pos;
    auto s = node<Stmt>(pos);
    if (t.kind == Token::Kind::Name) {
      const std::string& w = t.text;
      if (w == "pass" || w == "break" || w == "continue") {
        if (w != "pass" && loops_ == 0) fail("'" + w + "' outside loop", pos);
        ++i_;
        s->kind = w == "pass" ? Stmt::Kind::Pass : w == "break" ? Stmt::Kind::Break : Stmt::Kind::Continue;
        return s;
      }
      if (w == "return") {
        if (functions_ == 0) fail("'return' outside function", pos);
        ++i_;
        s->kind = Stmt::Kind::Return;
        if (!at_simple_end()) s->value = testlist_star();
        return s;
      }
      if (w == "raise") {
        ++i_;
        s->kind = Stmt::Kind::Raise;
        if (!at_simple_end()) {
          s->value = test();
          if (is_kw("from")) {
            ++i_;
            s->cause = test();
          }
        }
        return s;
      }
      if (w == "global" || w == "nonlocal") {
        if (w == "nonlocal" && functions_ == 0) fail("nonlocal declaration not allowed at module level", pos);
        ++i_;
        s->kind = w == "global" ? Stmt::Kind::Global : Stmt::Kind::Nonlocal;
        s->names.push_back(name_token());
        while (is_op(",")) {
          ++i_;
          s->names.push_back(name_token());
        }
        return s;
      }
      if (w == "import") {
        ++i_;
        s->kind = Stmt::Kind::Import;
        for (;;) {
          std::string module = dotted_name();
          std::string alias;
          if (is_kw("as")) {
            ++i_;
            alias = name_token();
          }
          s->names.push_back(module);
          s->aliases.push_back(alias);
          if (!is_op(",")) break;
          ++i_;
        }
        return s;
      }
      if (w == "from") {
        ++i_;
        s->kind = Stmt::Kind::ImportFrom;
        while (is_op(".") || is_op("...")) {
          s->module += peek().text;
          ++i_;
        }
        if (!is_kw("import")) s->module += dotted_name();
        if (!is_kw("import")) invalid();
        ++i_;
        bool parens = is_op("(");
        if (parens) ++i_;
        if (is_op("*")) {
          ++i_;
          s->names.push_back("*");
          s->aliases.push_back("");
        } else {
          for (;;) {
            s->names.push_back(name_token());
            std::string alias;
            if (is_kw("as")) {
              ++i_;
              alias = name_token();
            }
            s->aliases.push_back(alias);
            if (!is_op(",")) break;
            ++i_;
            if (parens && is_op(")")) break;
          }
        }
        if (parens) expect_op(")");
        return s;
      }
      if (w == "assert") {
        ++i_;
        s->kind = Stmt::Kind::Assert;
        s->test = test();
        if (is_op(",")) {
          ++i_;
          s->value = test();
        }
        return s;
      }
      if (w == "del") {
        ++i_;
        s->kind = Stmt::Kind::Del;
        s->targets.push_back(target_list());
        return s;
      }
      if (w == "yield" || w == "await") {
        fail("'" + w + "' is not simulated by ghaplay (generators and async code)", pos);
      }
    }
    auto first = testlist_star();
    if (is_op("=")) {
      s->kind = Stmt::Kind::Assign;
      check_target(*first);
      s->targets.push_back(std::move(first));
      while (is_op("=")) {
        ++i_;
        auto next = testlist_star();
        if (is_op("=")) {
          check_target(*next);
          s->targets.push_back(std::move(next));
        } else {
          s->value = std::move(next);
        }
      }
      s->end = peek().pos.offset;
      return s;
    }
    static const std::set<std::string> kAug = {"+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", ">>=", "<<=", "@="};
    if (peek().kind == Token::Kind::Op && kAug.count(peek().text)) {
      s->kind = Stmt::Kind::AugAssign;
      s->op = peek().text.substr(0, peek().text.size() - 1);
      if (first->kind != Expr::Kind::Name && first->kind != Expr::Kind::Attribute && first->kind != Expr::Kind::Subscript) {
        fail("'" + describe(*first) + "' is an illegal expression for augmented assignment", first->pos);
      }
      ++i_;
      s->targets.push_back(std::move(first));
      s->value = testlist();
      return s;
    }
    if (is_op(":") && first->kind != Expr::Kind::Tuple) {
      // An annotated assignment: `x: int = 1`.
      ++i_;
      test();
      s->kind = Stmt::Kind::AnnAssign;
      check_target(*first);
      s->targets.push_back(std::move(first));
      if (is_op("=")) {
        ++i_;
        s->value = testlist_star();
      }
      return s;
    }
    s->kind = Stmt::Kind::Expr;
    s->value = std::move(first);
    return s;
  }

  static std::string describe(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Call: return "function call";
      case Expr::Kind::Constant: return "literal";
      case Expr::Kind::Tuple: return "tuple";
      case Expr::Kind::List: return "list";
      case Expr::Kind::BinOp: return "expression";
      case Expr::Kind::Compare: return "comparison";
      case Expr::Kind::FString: return "f-string expression";
      default: return "expression";
    }
  }

  void check_target(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Name:
      case Expr::Kind::Attribute:
      case Expr::Kind::Subscript:
        return;
      case Expr::Kind::Tuple:
      case Expr::Kind::List:
        for (const auto& c : e.children) check_target(*c);
        return;
      case Expr::Kind::Starred:
        check_target(*e.children[0]);
        return;
      default: {
        std::string what = describe(e);
        if (e.kind == Expr::Kind::Constant && e.value.is_none()) fail("cannot assign to None", e.pos);
        if (e.kind == Expr::Kind::Compare) fail("cannot assign to comparison", e.pos);
        fail("cannot assign to " + what + " here. Maybe you meant '==' instead of '='?", e.pos);
      }
    }
  }

  bool at_simple_end() const {
    return peek().kind == Token::Kind::Newline || peek().kind == Token::Kind::End || is_op(";");
  }

  std::string dotted_name() {
    std::string n = name_token();
    while (is_op(".")) {
      ++i_;
      n += "." + name_token();
    }
    return n;
  }

  // ---- expressions --------------------------------------------------------------------------
  ExprPtr make(Expr::Kind kind, const Pos& pos) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
  }

  // Sets the byte offset just past a node from the last token it took, unless already set. Nodes
  // parsed inside an f-string have no offsets into the script (their tokens' `end` is 0).
  ExprPtr done(ExprPtr e) {
    if (e && e->end == 0 && i_ > 0) e->end = t_[i_ - 1].end;
    return e;
  }

  ExprPtr named_test() {
    auto e = test();
    if (is_op(":=")) return walrus(std::move(e));
    return e;
  }

  // `target := value`, the current token being `:=`.
  ExprPtr walrus(ExprPtr target) {
    if (target->kind != Expr::Kind::Name) fail("cannot use assignment expressions with " + describe(*target), target->pos);
    ++i_;
    auto e = make(Expr::Kind::NamedExpr, target->pos);
    e->name = target->name;
    e->children.push_back(test());
    return done(std::move(e));
  }

  // a, b, c (a tuple when there is a comma), as used by `return`, `for ... in`, assignments.
  ExprPtr testlist() {
    Pos pos = peek().pos;
    auto first = test();
    if (!is_op(",")) return first;
    auto tuple = make(Expr::Kind::Tuple, pos);
    tuple->children.push_back(std::move(first));
    while (is_op(",")) {
      ++i_;
      if (!starts_expression()) break;
      tuple->children.push_back(test());
    }
    return done(std::move(tuple));
  }

  ExprPtr testlist_star() {
    Pos pos = peek().pos;
    auto first = star_or_test();
    if (!is_op(",")) return first;
    auto tuple = make(Expr::Kind::Tuple, pos);
    tuple->children.push_back(std::move(first));
    while (is_op(",")) {
      ++i_;
      if (!starts_expression()) break;
      tuple->children.push_back(star_or_test());
    }
    return done(std::move(tuple));
  }

  ExprPtr star_or_test() {
    if (is_op("*")) {
      Pos pos = peek().pos;
      ++i_;
      auto e = make(Expr::Kind::Starred, pos);
      e->children.push_back(bitor_expr());
      return done(std::move(e));
    }
    return test();
  }

  bool starts_expression() const {
    const Token& t = peek();
    if (t.kind == Token::Kind::Name) {
      static const std::set<std::string> kStarts = {"None", "True", "False", "not", "lambda", "await"};
      return !kKeywords.count(t.text) || kStarts.count(t.text);
    }
    if (t.kind == Token::Kind::Number || t.kind == Token::Kind::String) return true;
    if (t.kind == Token::Kind::Op) {
      return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "-" || t.text == "+" || t.text == "~" ||
             t.text == "*" || t.text == "...";
    }
    return false;
  }

  // Targets of `for` and `del`: expressions up to `in`, without comparisons.
  ExprPtr target_list() {
    Pos pos = peek().pos;
    auto first = target();
    if (!is_op(",")) return first;
    auto tuple = make(Expr::Kind::Tuple, pos);
    tuple->children.push_back(std::move(first));
    while (is_op(",")) {
      ++i_;
      if (is_kw("in") || !starts_expression()) break;
      tuple->children.push_back(target());
    }
    return tuple;
  }

  ExprPtr target() {
    if (is_op("*")) {
      Pos pos = peek().pos;
      ++i_;
      auto e = make(Expr::Kind::Starred, pos);
      e->children.push_back(bitor_expr());
      return e;
    }
    auto e = bitor_expr();
    check_target(*e);
    return e;
  }

  ExprPtr test() {
    DepthGuard guard(*this);
    if (is_kw("lambda")) return lambda();
    Pos pos = peek().pos;
    auto body = or_test();
    if (is_kw("if") ) {
      ++i_;
      auto cond = or_test();
      if (!is_kw("else")) fail("expected 'else' after 'if' expression", peek().pos);
      ++i_;
      auto orelse = test();
      auto e = make(Expr::Kind::IfExp, pos);
      e->children.push_back(std::move(cond));
      e->children.push_back(std::move(body));
      e->children.push_back(std::move(orelse));
      return done(std::move(e));
    }
    return body;
  }

  ExprPtr test_nocond() {
    if (is_kw("lambda")) return lambda();
    return or_test();
  }

  ExprPtr lambda() {
    Pos pos = peek().pos;
    ++i_;
    auto e = make(Expr::Kind::Lambda, pos);
    std::string star, dstar;
    parameters(e->params, e->defaults, &star, &dstar, ":");
    expect_op(":");
    e->children.push_back(test());
    return done(std::move(e));
  }

  ExprPtr or_test() {
    Pos pos = peek().pos;
    auto left = and_test();
    if (!is_kw("or")) return left;
    auto e = make(Expr::Kind::BoolOp, pos);
    e->name = "or";
    e->children.push_back(std::move(left));
    while (is_kw("or")) {
      ++i_;
      e->children.push_back(and_test());
    }
    return done(std::move(e));
  }

  ExprPtr and_test() {
    Pos pos = peek().pos;
    auto left = not_test();
    if (!is_kw("and")) return left;
    auto e = make(Expr::Kind::BoolOp, pos);
    e->name = "and";
    e->children.push_back(std::move(left));
    while (is_kw("and")) {
      ++i_;
      e->children.push_back(not_test());
    }
    return done(std::move(e));
  }

  ExprPtr not_test() {
    if (is_kw("not")) {
      DepthGuard guard(*this);
      Pos pos = peek().pos;
      ++i_;
      auto e = make(Expr::Kind::UnaryOp, pos);
      e->name = "not";
      e->children.push_back(not_test());
      return done(std::move(e));
    }
    return comparison();
  }

  ExprPtr comparison() {
    Pos pos = peek().pos;
    auto left = bitor_expr();
    ExprPtr e;
    for (;;) {
      std::string op;
      if (peek().kind == Token::Kind::Op &&
          (peek().text == "<" || peek().text == ">" || peek().text == "==" || peek().text == ">=" || peek().text == "<=" || peek().text == "!=")) {
        op = peek().text;
        ++i_;
      } else if (is_kw("in")) {
        op = "in";
        ++i_;
      } else if (is_kw("not") && is_kw("in", 1)) {
        op = "not in";
        i_ += 2;
      } else if (is_kw("is")) {
        ++i_;
        op = "is";
        if (is_kw("not")) {
          ++i_;
          op = "is not";
        }
      } else {
        break;
      }
      if (!e) {
        e = make(Expr::Kind::Compare, pos);
        e->children.push_back(std::move(left));
      }
      e->ops.push_back(op);
      e->children.push_back(bitor_expr());
    }
    return e ? done(std::move(e)) : std::move(left);
  }

  ExprPtr binary_level(int level) {
    static const std::vector<std::vector<std::string>> kLevels = {
        {"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}};
    if (level >= static_cast<int>(kLevels.size())) return factor();
    Pos pos = peek().pos;
    auto left = binary_level(level + 1);
    for (;;) {
      const Token& t = peek();
      if (t.kind != Token::Kind::Op) break;
      const auto& ops = kLevels[static_cast<std::size_t>(level)];
      if (std::find(ops.begin(), ops.end(), t.text) == ops.end()) break;
      std::string op = t.text;
      ++i_;
      auto e = make(Expr::Kind::BinOp, pos);
      e->name = op;
      e->children.push_back(std::move(left));
      e->children.push_back(binary_level(level + 1));
      left = done(std::move(e));
      if (++chain_ > 100000) fail("expression too long for ghaplay", pos);
    }
    return left;
  }

  ExprPtr bitor_expr() { return binary_level(0); }

  ExprPtr factor() {
    if (is_op("-") || is_op("+") || is_op("~")) {
      DepthGuard guard(*this);
      Pos pos = peek().pos;
      std::string op = peek().text;
      ++i_;
      auto operand = factor();
      // Fold negative number literals, so -5 is a constant (as CPython's optimizer does).
      if (op == "-" && operand->kind == Expr::Kind::Constant && (operand->value.is_int() || operand->value.is_float())) {
        if (operand->value.is_int() && operand->value.as_int() != INT64_MIN) {
          operand->value = PyValue(-operand->value.as_int());
          operand->pos = pos;
          return operand;
        }
        if (operand->value.is_float()) {
          operand->value = PyValue(-operand->value.as_float());
          operand->pos = pos;
          return operand;
        }
      }
      auto e = make(Expr::Kind::UnaryOp, pos);
      e->name = op;
      e->children.push_back(std::move(operand));
      return done(std::move(e));
    }
    return power();
  }

  ExprPtr power() {
    Pos pos = peek().pos;
    auto base = atom_expr();
    if (is_op("**")) {
      DepthGuard guard(*this);
      ++i_;
      auto e = make(Expr::Kind::BinOp, pos);
      e->name = "**";
      e->children.push_back(std::move(base));
      e->children.push_back(factor());
      return done(std::move(e));
    }
    return base;
  }

  ExprPtr atom_expr() {
    if (is_kw("await")) fail("'await' is not simulated by ghaplay", peek().pos);
    auto e = atom();
    for (;;) {
      if (is_op("(")) {
        Pos pos = e->pos;
        ++i_;
        auto call = make(Expr::Kind::Call, pos);
        call->children.push_back(std::move(e));
        call_arguments(*call);
        expect_op(")");
        call->end = t_[i_ - 1].end;
        e = std::move(call);
      } else if (is_op("[")) {
        Pos pos = e->pos;
        ++i_;
        auto sub = make(Expr::Kind::Subscript, pos);
        sub->children.push_back(std::move(e));
        sub->children.push_back(subscript_list());
        expect_op("]");
        sub->end = t_[i_ - 1].end;
        e = std::move(sub);
      } else if (is_op(".")) {
        Pos pos = e->pos;
        ++i_;
        auto attr = make(Expr::Kind::Attribute, pos);
        attr->children.push_back(std::move(e));
        attr->name = name_token();
        attr->end = t_[i_ - 1].end;
        e = std::move(attr);
      } else {
        return e;
      }
    }
  }

  void call_arguments(Expr& call) {
    bool seen_keyword = false;
    while (!is_op(")")) {
      Argument arg;
      if (is_op("*")) {
        ++i_;
        arg.star = true;
        arg.value = test();
      } else if (is_op("**")) {
        ++i_;
        arg.double_star = true;
        arg.value = test();
        seen_keyword = true;
      } else if (peek().kind == Token::Kind::Name && is_op("=", 1) && !kKeywords.count(peek().text)) {
        arg.keyword = peek().text;
        i_ += 2;
        arg.value = test();
        seen_keyword = true;
      } else {
        Pos pos = peek().pos;
        auto value = test();
        if (is_kw("for")) {
          auto gen = make(Expr::Kind::GeneratorExp, pos);
          gen->children.push_back(std::move(value));
          comprehension_clauses(*gen);
          value = std::move(gen);
        } else if (is_op(":=")) {
          value = walrus(std::move(value));
        } else if (is_op("=")) {
          fail("expression cannot contain assignment, perhaps you meant \"==\"?", value->pos);
        }
        if (seen_keyword) fail("positional argument follows keyword argument", value->pos);
        arg.value = std::move(value);
      }
      call.args.push_back(std::move(arg));
      if (is_op(",")) {
        ++i_;
        continue;
      }
      if (!is_op(")")) invalid();
    }
  }

  ExprPtr subscript_list() {
    Pos pos = peek().pos;
    auto first = subscript();
    if (!is_op(",")) return first;
    auto tuple = make(Expr::Kind::Tuple, pos);
    tuple->children.push_back(std::move(first));
    while (is_op(",")) {
      ++i_;
      if (is_op("]")) break;
      tuple->children.push_back(subscript());
    }
    return tuple;
  }

  ExprPtr subscript() {
    Pos pos = peek().pos;
    ExprPtr lower, upper, step;
    if (!is_op(":")) {
      lower = test();
      if (!is_op(":")) return lower;
    }
    auto slice = make(Expr::Kind::Slice, pos);
    ++i_;  // ':'
    if (!is_op(":") && !is_op("]") && !is_op(",")) upper = test();
    if (is_op(":")) {
      ++i_;
      if (!is_op("]") && !is_op(",")) step = test();
    }
    slice->children.push_back(std::move(lower));
    slice->children.push_back(std::move(upper));
    slice->children.push_back(std::move(step));
    return slice;
  }

  void comprehension_clauses(Expr& e) {
    while (is_kw("for") || is_kw("async")) {
      if (is_kw("async")) fail("async comprehensions are not simulated by ghaplay", peek().pos);
      ++i_;
      Comprehension c;
      c.target = target_list();
      if (!is_kw("in")) invalid();
      ++i_;
      c.iter = or_test();
      while (is_kw("if")) {
        ++i_;
        c.conditions.push_back(test_nocond());
      }
      e.generators.push_back(std::move(c));
    }
  }

  // Nesting is counted by test() (every bracket goes through it), statement() and the recursive
  // unary forms; one count per level keeps kMaxNesting meaningful.
  ExprPtr atom() {
    const Token& t = peek();
    Pos pos = t.pos;
    switch (t.kind) {
      case Token::Kind::Number: {
        ++i_;
        auto e = make(Expr::Kind::Constant, pos);
        e->value = t.number;
        e->end = t.end;
        return e;
      }
      case Token::Kind::String:
        return strings();
      case Token::Kind::Name: {
        if (t.text == "None" || t.text == "True" || t.text == "False") {
          ++i_;
          auto e = make(Expr::Kind::Constant, pos);
          e->value = t.text == "None" ? PyValue() : PyValue(t.text == "True");
          e->end = t.end;
          return e;
        }
        if (kKeywords.count(t.text)) invalid();
        ++i_;
        auto e = make(Expr::Kind::Name, pos);
        e->name = t.text;
        e->end = t.end;
        return e;
      }
      case Token::Kind::Op: {
        if (t.text == "...") {
          ++i_;
          auto e = make(Expr::Kind::Constant, pos);
          e->value = PyValue("Ellipsis");
          return done(std::move(e));
        }
        if (t.text == "(") {
          ++i_;
          if (is_op(")")) {
            ++i_;
            return done(make(Expr::Kind::Tuple, pos));
          }
          if (is_kw("yield")) fail("'yield' is not simulated by ghaplay (generators)", peek().pos);
          auto first = star_or_test();
          if (is_op(":=")) first = walrus(std::move(first));
          if (is_kw("for")) {
            auto gen = make(Expr::Kind::GeneratorExp, pos);
            gen->children.push_back(std::move(first));
            comprehension_clauses(*gen);
            expect_op(")");
            return done(std::move(gen));
          }
          if (!is_op(",")) {
            expect_op(")");
            return first;
          }
          auto tuple = make(Expr::Kind::Tuple, pos);
          tuple->children.push_back(std::move(first));
          while (is_op(",")) {
            ++i_;
            if (is_op(")")) break;
            tuple->children.push_back(star_or_test());
          }
          expect_op(")");
          return done(std::move(tuple));
        }
        if (t.text == "[") {
          ++i_;
          auto list = make(Expr::Kind::List, pos);
          if (is_op("]")) {
            ++i_;
            return done(std::move(list));
          }
          auto first = star_or_test();
          if (is_kw("for")) {
            auto comp = make(Expr::Kind::ListComp, pos);
            comp->children.push_back(std::move(first));
            comprehension_clauses(*comp);
            expect_op("]");
            return done(std::move(comp));
          }
          list->children.push_back(std::move(first));
          while (is_op(",")) {
            ++i_;
            if (is_op("]")) break;
            list->children.push_back(star_or_test());
          }
          expect_op("]");
          return done(std::move(list));
        }
        if (t.text == "{") {
          ++i_;
          if (is_op("}")) {
            ++i_;
            return done(make(Expr::Kind::Dict, pos));
          }
          if (is_op("**")) fail("dict unpacking (**) is not simulated by ghaplay", peek().pos);
          auto first = star_or_test();
          if (is_op(":")) {
            ++i_;
            auto value = test();
            if (is_kw("for")) {
              auto comp = make(Expr::Kind::DictComp, pos);
              comp->children.push_back(std::move(first));
              comp->children.push_back(std::move(value));
              comprehension_clauses(*comp);
              expect_op("}");
              return done(std::move(comp));
            }
            auto dict = make(Expr::Kind::Dict, pos);
            dict->children.push_back(std::move(first));
            dict->children.push_back(std::move(value));
            while (is_op(",")) {
              ++i_;
              if (is_op("}")) break;
              dict->children.push_back(test());
              expect_op(":", "':' expected after dictionary key");
              dict->children.push_back(test());
            }
            expect_op("}");
            return done(std::move(dict));
          }
          if (is_kw("for")) {
            auto comp = make(Expr::Kind::SetComp, pos);
            comp->children.push_back(std::move(first));
            comprehension_clauses(*comp);
            expect_op("}");
            return done(std::move(comp));
          }
          auto set = make(Expr::Kind::Set, pos);
          set->children.push_back(std::move(first));
          while (is_op(",")) {
            ++i_;
            if (is_op("}")) break;
            set->children.push_back(star_or_test());
          }
          expect_op("}");
          return done(std::move(set));
        }
        break;
      }
      case Token::Kind::Indent:
        fail("unexpected indent", pos, "IndentationError");
      default:
        break;
    }
    if (t.kind == Token::Kind::Newline || t.kind == Token::Kind::End) fail("invalid syntax", pos);
    invalid();
  }

  // Adjacent literals concatenate; any f-string among them makes the whole an f-string.
  ExprPtr strings() {
    Pos pos = peek().pos;
    std::vector<FPart> parts;
    bool any_f = false;
    std::string plain;
    while (peek().kind == Token::Kind::String) {
      const Token& t = peek();
      ++i_;
      if (t.fstring) {
        any_f = true;
        if (!plain.empty()) parts.push_back({plain, nullptr, 0, {}, false, "", false});
        plain.clear();
        Pos cursor = t.pos;
        parse_fstring(t.text, t.raw, t.pos, parts, 0, t.body_offset, cursor);
      } else {
        std::string value = t.raw ? t.text : t.text;
        if (any_f) {
          parts.push_back({value, nullptr, 0, {}, false, "", false});
        } else {
          plain += value;
        }
      }
    }
    if (!any_f) {
      auto e = make(Expr::Kind::Constant, pos);
      e->value = PyValue(plain);
      return done(std::move(e));
    }
    if (!plain.empty()) parts.push_back({plain, nullptr, 0, {}, false, "", false});
    auto e = make(Expr::Kind::FString, pos);
    e->parts = std::move(parts);
    return done(std::move(e));
  }

  // Parses an f-string body into parts. Replacement fields hold expressions parsed by a fresh
  // lexer/parser; their tokens are moved back to where they are in the script (`body_offset` is
  // the body's offset in it), as CPython 3.12 does. `cursor` is a position at or before them.
  void parse_fstring(std::string_view body, bool raw, const Pos& pos, std::vector<FPart>& parts, int depth,
                     std::size_t body_offset, Pos& cursor) {
    if (depth > 2) fail("f-string: expressions nested too deeply", pos);
    std::string text;
    auto flush = [&]() {
      if (!text.empty()) parts.push_back({raw ? text : decode_escapes(text, pos.line, &warnings_), nullptr, 0, {}, false, "", false});
      text.clear();
    };
    for (std::size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if (c == '{' && i + 1 < body.size() && body[i + 1] == '{') {
        text += '{';
        ++i;
        continue;
      }
      if (c == '}' && i + 1 < body.size() && body[i + 1] == '}') {
        text += '}';
        ++i;
        continue;
      }
      if (c == '}') fail("f-string: single '}' is not allowed", pos);
      if (c == '\\' && !raw && i + 1 < body.size()) {
        text += c;
        text += body[++i];
        continue;
      }
      if (c != '{') {
        text += c;
        continue;
      }
      flush();
      // Find the end of the expression: a top-level !, : or } (not inside brackets or strings).
      std::size_t j = i + 1;
      int nesting = 0;
      std::size_t expr_end = std::string_view::npos;
      while (j < body.size()) {
        char d = body[j];
        if (d == '\'' || d == '"') {
          char q = d;
          ++j;
          while (j < body.size() && body[j] != q) j += body[j] == '\\' ? 2 : 1;
          ++j;
          continue;
        }
        if (d == '(' || d == '[' || d == '{') ++nesting;
        else if ((d == ')' || d == ']' || d == '}') && nesting > 0) --nesting;
        else if (nesting == 0 && (d == '}' || d == ':' || (d == '!' && j + 1 < body.size() && body[j + 1] != '='))) {
          expr_end = j;
          break;
        }
        ++j;
      }
      if (expr_end == std::string_view::npos) fail("f-string: expecting '}'", pos);
      std::string expr_text(body.substr(i + 1, expr_end - i - 1));
      FPart part;
      // `{x=}`: the text, then the repr.
      std::string trimmed = expr_text;
      while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
      if (!trimmed.empty() && trimmed.back() == '=' &&
          !(trimmed.size() > 1 && (trimmed[trimmed.size() - 2] == '=' || trimmed[trimmed.size() - 2] == '!' ||
                                   trimmed[trimmed.size() - 2] == '<' || trimmed[trimmed.size() - 2] == '>'))) {
        part.self_documenting = true;
        part.expr_text = expr_text;
        expr_text = trimmed.substr(0, trimmed.size() - 1);
      }
      if (text::trim(expr_text).empty()) fail("f-string: valid expression required before '}'", pos);
      part.expr = sub_expression(expr_text, pos, body_offset + i + 1, cursor);
      j = expr_end;
      if (body[j] == '!') {
        if (j + 1 >= body.size()) fail("f-string: expecting '}'", pos);
        part.conversion = body[j + 1];
        if (part.conversion != 'r' && part.conversion != 's' && part.conversion != 'a') {
          fail("f-string: invalid conversion character: expected 's', 'r', or 'a'", pos);
        }
        j += 2;
        if (part.self_documenting == false && j < body.size() && body[j] != ':' && body[j] != '}') fail("f-string: expecting '}'", pos);
      }
      if (j < body.size() && body[j] == ':') {
        // The spec runs to the matching }, and may hold nested fields.
        std::size_t k = j + 1;
        int inner = 0;
        while (k < body.size() && !(body[k] == '}' && inner == 0)) {
          if (body[k] == '{') ++inner;
          if (body[k] == '}') --inner;
          ++k;
        }
        if (k >= body.size()) fail("f-string: expecting '}'", pos);
        part.has_spec = true;
        parse_fstring(body.substr(j + 1, k - j - 1), raw, pos, part.spec, depth + 1, body_offset + j + 1, cursor);
        j = k;
      }
      if (j >= body.size() || body[j] != '}') fail("f-string: expecting '}'", pos);
      if (part.self_documenting && part.conversion == 0 && !part.has_spec) part.conversion = 'r';
      parts.push_back(std::move(part));
      i = j;
    }
    flush();
  }

  // The position of byte `offset` of the script, counted on from `anchor` (at or before it).
  Pos locate(std::size_t offset, const Pos& anchor) const {
    if (offset < anchor.offset || offset > s_.size()) return anchor;
    Pos p = anchor;
    std::size_t i = anchor.offset;
    while (i < offset) {
      if (s_[i] == '\n') {
        ++p.line;
        p.column = 1;
        ++i;
        continue;
      }
      text::decode_utf8(s_, i);
      ++p.column;
    }
    p.offset = offset;
    return p;
  }

  // `text` is the script's bytes from `offset` on; the parse sees "(text)".
  ExprPtr sub_expression(const std::string& text, const Pos& pos, std::size_t offset, Pos& cursor) {
    std::vector<CompileWarning> ignored;
    std::string wrapped = "(" + text + ")";
    Lexer lexer(wrapped, ignored);
    std::vector<Token> tokens;
    try {
      tokens = lexer.run();
    } catch (Failure& f) {
      f.error.pos = pos;
      f.error.message = "f-string: " + f.error.message;
      throw;
    }
    // wrapped[k] is the script's byte offset + k - 1 ('(' stands on the '{', ')' on the end).
    auto script_offset = [&](std::size_t k) { return offset + k - 1; };
    for (auto& tk : tokens) {
      if (tk.kind == Token::Kind::Newline || tk.kind == Token::Kind::Indent || tk.kind == Token::Kind::Dedent ||
          tk.kind == Token::Kind::End) {
        tk.pos = locate(script_offset(wrapped.size() - 1), cursor);
        tk.end = 0;
        continue;
      }
      tk.pos = locate(script_offset(tk.pos.offset), cursor);
      cursor = tk.pos;
      if (tk.end > 0) tk.end = script_offset(tk.end);
      if (tk.kind == Token::Kind::String) tk.body_offset = script_offset(tk.body_offset);
    }
    Parser sub(std::move(tokens), s_, warnings_);
    sub.depth_ = depth_;
    return sub.lone_expression();
  }

  std::vector<Token> t_;
  std::size_t i_ = 0;
  std::string_view s_;
  std::vector<CompileWarning>& warnings_;
  int depth_ = 0;
  int loops_ = 0;      // enclosing loops of the current function (break/continue are valid)
  int functions_ = 0;  // enclosing function definitions (return is valid)
  long chain_ = 0;
};

}  // namespace

std::shared_ptr<Module> parse_module(std::string_view source, SyntaxError& error) {
  auto module = std::make_shared<Module>();
  std::optional<SyntaxError> unclosed;
  std::size_t last_token_end = 0;
  try {
    Lexer lexer(source, module->warnings);
    auto tokens = lexer.run();
    unclosed = lexer.unclosed_;
    for (const auto& t : tokens) last_token_end = std::max(last_token_end, t.end);
    Parser parser(std::move(tokens), source, module->warnings);
    module->body = parser.module();
  } catch (Failure& f) {
    // An unclosed bracket is the error unless the parser stopped before the last real token.
    if (unclosed && f.error.pos.offset >= last_token_end) {
      error = *unclosed;
    } else {
      error = std::move(f.error);
    }
    return nullptr;
  }
  if (unclosed) {
    error = *unclosed;
    return nullptr;
  }
  return module;
}

}  // namespace ghaplay::scripts::python
