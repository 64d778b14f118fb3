#include "scripts/bash/lexer.h"

#include <array>
#include <cctype>

#include "common/text.h"

namespace ghaplay::scripts::bash {
namespace {

// Longest first, so that `>>` wins over `>`.
constexpr std::array<std::string_view, 24> kOperators = {
    ";;&", "<<<", "<<-", "&>>", ";;", ";&", "&&", "||", "|&", "((", "<<", "<>", "<&", ">>", ">&",
    ">|", "&>", ";", "&", "|", "(", ")", "<", ">"};

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_blank(char c) { return c == ' ' || c == '\t'; }

void append_literal(std::vector<WordPart>& parts, std::string_view text, bool quoted,
                    std::size_t offset) {
  if (!parts.empty() && parts.back().kind == WordPart::Kind::Literal &&
      parts.back().quoted == quoted) {
    parts.back().text.append(text);
    return;
  }
  WordPart part;
  part.kind = WordPart::Kind::Literal;
  part.text = std::string(text);
  part.quoted = quoted;
  part.offset = offset;
  parts.push_back(std::move(part));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Does the word scanned so far read `NAME=` or `NAME+=` (so that `(` opens an array)?
bool is_array_assignment_prefix(const std::vector<WordPart>& parts) {
  if (parts.size() != 1 || parts[0].kind != WordPart::Kind::Literal || parts[0].quoted) return false;
  const std::string& t = parts[0].text;
  if (t.size() < 2 || t.back() != '=' || !is_name_start(t[0])) return false;
  std::size_t end = t.size() - 1;
  if (t[end - 1] == '+') --end;
  for (std::size_t i = 0; i < end; ++i) {
    if (!is_name_char(t[i])) return false;
  }
  return true;
}

// Whether a `~` next in the word starts a tilde prefix because the word is shaped as an assignment:
// bash expands one right after its first `=` and after each unquoted `:` of its value
// (PATH=~/bin:~/.local/bin), and, outside POSIX mode, in a command's arguments too (`export X=~/x`,
// `echo x=~/y`).
bool tilde_follows_assignment(const std::vector<WordPart>& parts) {
  if (is_array_assignment_prefix(parts)) return true;  // right after the first `=`
  if (parts.empty()) return false;
  const WordPart& first = parts.front();
  const WordPart& last = parts.back();
  if (first.kind != WordPart::Kind::Literal || first.quoted || last.kind != WordPart::Kind::Literal || last.quoted ||
      last.text.empty() || last.text.back() != ':')
    return false;
  const std::string& t = first.text;
  std::size_t eq = t.find('=');
  if (eq == std::string::npos || eq == 0 || !is_name_start(t[0])) return false;
  std::size_t name_end = t[eq - 1] == '+' ? eq - 1 : eq;
  for (std::size_t i = 0; i < name_end; ++i) {
    if (!is_name_char(t[i])) return false;
  }
  return true;
}

}  // namespace

bool Token::is_plain(std::string_view text) const {
  return kind == Kind::Word && word.parts.size() == 1 &&
         word.parts[0].kind == WordPart::Kind::Literal && !word.parts[0].quoted &&
         word.parts[0].text == text;
}

Lexer::Lexer(std::string_view text, std::size_t base, SyntaxError& error, int depth)
    : text_(text), base_(base), error_(error), depth_(depth) {}

bool Lexer::nest() {
  if (++depth_ > kMaxNesting) {
    error_.set(SyntaxError::Kind::TooDeep, "", at(pos_));
    return false;
  }
  return true;
}

void Lexer::fail_eof(std::size_t offset, std::string_view looking_for) {
  error_.set(SyntaxError::Kind::UnterminatedQuote, std::string(looking_for), offset);
}

void Lexer::skip_blanks() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (is_blank(c)) {
      ++pos_;
    } else if (c == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      pos_ += 2;
    } else if (c == '#') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else {
      break;
    }
  }
}

Token Lexer::next() {
  Token token;
  skip_blanks();
  token.offset = at(pos_);
  if (error_.failed() || pos_ >= text_.size()) {
    if (!heredocs_.empty()) read_heredoc_bodies();
    token.kind = Token::Kind::End;
    return token;
  }
  char c = text_[pos_];
  if (c == '\n') {
    ++pos_;
    token.kind = Token::Kind::Newline;
    if (!heredocs_.empty()) read_heredoc_bodies();
    return token;
  }
  // A number directly before < or > names a file descriptor: 2>&1.
  if (std::isdigit(static_cast<unsigned char>(c))) {
    std::size_t p = pos_;
    while (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) ++p;
    if (p < text_.size() && (text_[p] == '<' || text_[p] == '>') && p - pos_ <= 4) {
      token.kind = Token::Kind::IoNumber;
      int fd = 0;
      for (std::size_t k = pos_; k < p; ++k) fd = fd * 10 + (text_[k] - '0');
      token.io_number = fd;
      pos_ = p;
      return token;
    }
  }
  // <(...) and >(...) are words (process substitution), not redirections.
  bool process_sub = (c == '<' || c == '>') && pos_ + 1 < text_.size() && text_[pos_ + 1] == '(';
  for (std::string_view op : kOperators) {
    if (process_sub) break;
    if (text_.substr(pos_, op.size()) == op) {
      token.kind = Token::Kind::Op;
      token.op = std::string(op);
      pos_ += op.size();
      return token;
    }
  }
  token.kind = Token::Kind::Word;
  std::size_t before = pos_;
  scan_word(token.word, Mode::Unquoted);
  if (pos_ == before && !error_.failed()) {
    // Cannot happen with the operator table above; never loop on an empty word.
    error_.set(SyntaxError::Kind::UnexpectedToken, std::string(1, text_[pos_]), at(pos_));
    ++pos_;
  }
  return token;
}

Token Lexer::next_regex_word() {
  Token token;
  skip_blanks();
  token.offset = at(pos_);
  if (pos_ >= text_.size() || text_[pos_] == '\n') return next();
  if (text_.substr(pos_, 2) == "]]") return next();
  token.kind = Token::Kind::Word;
  scan_word(token.word, Mode::Regex);
  return token;
}

Word Lexer::read_arith_command() {
  Word word;
  word.offset = at(pos_);
  scan_arith_body(word, text_.size());  // sets raw to the text between (( and ))
  return word;
}

bool Lexer::scan_word(Word& word, Mode mode) {
  word.offset = at(pos_);
  std::size_t start = pos_;
  bool ok = scan_parts(word.parts, mode, text_.size());
  word.raw = std::string(text_.substr(start, pos_ - start));
  return ok;
}

bool Lexer::is_terminator(char c, Mode mode, int paren_depth) const {
  switch (mode) {
    case Mode::Unquoted:
      return c == ' ' || c == '\t' || c == '\n' || c == '|' || c == '&' || c == ';' || c == '(' ||
             c == ')' || c == '<' || c == '>';
    case Mode::Regex:
      if (paren_depth > 0) return false;
      return c == ' ' || c == '\t' || c == '\n' || c == '&' || c == ';' || c == '<' || c == '>' ||
             c == ')';
    case Mode::DoubleQuoted:
      return c == '"';
    case Mode::HereDoc:
      return false;
    case Mode::ParamArg:
      return c == '}';
    case Mode::ParamPattern:
      return c == '}' || c == '/';
    case Mode::ParamOffset:
      return c == '}' || c == ':';
    case Mode::Arith:
      return c == ')' && paren_depth == 0;
    case Mode::ArithBracket:
      return c == ']' && paren_depth == 0;
  }
  return false;
}

// A character scan_parts() takes as literal text whatever surrounds it in `mode`: never a
// terminator, a quote, an expansion, an escape, a line's end (here-documents strip tabs after it)
// or a character whose meaning depends on its place (`~`, brackets and parentheses).
bool Lexer::is_plain(char c, Mode mode) {
  if (is_name_char(c) || c == '-' || c == '.' || c == ',' || c == '+' || c == '@' || c == '%' || c == '=') return true;
  switch (mode) {
    case Mode::DoubleQuoted:
    case Mode::HereDoc:
      return c != '\\' && c != '$' && c != '`' && c != '"' && c != '\n' && c != '\t';
    case Mode::Unquoted:
    case Mode::ParamArg:
      return c == '/' || c == ':';
    default:
      return false;
  }
}

bool Lexer::scan_parts(std::vector<WordPart>& parts, Mode mode, std::size_t end) {
  int paren_depth = 0;
  const std::size_t word_start = pos_;
  const bool quoted_context = mode == Mode::DoubleQuoted || mode == Mode::HereDoc;
  const bool arith = mode == Mode::Arith || mode == Mode::ArithBracket;
  const bool bare = mode == Mode::Unquoted || mode == Mode::Regex || mode == Mode::ParamArg ||
                    mode == Mode::ParamPattern || mode == Mode::ParamOffset;
  while (pos_ < end && !error_.failed()) {
    char c = text_[pos_];
    if (mode == Mode::HereDoc && strip_tabs_ && (pos_ == 0 || text_[pos_ - 1] == '\n')) {
      while (pos_ < end && text_[pos_] == '\t') ++pos_;
      if (pos_ >= end) break;
      c = text_[pos_];
    }
    if (mode == Mode::Unquoted && c == '(' && is_array_assignment_prefix(parts)) {
      WordPart part;
      part.kind = WordPart::Kind::ArrayLiteral;
      part.offset = at(pos_);
      if (!scan_array_literal(part, end)) return false;
      parts.push_back(std::move(part));
      continue;
    }
    if (mode == Mode::Unquoted && (c == '<' || c == '>') && pos_ == word_start && pos_ + 1 < end &&
        text_[pos_ + 1] == '(') {
      WordPart part;
      part.kind = WordPart::Kind::ProcessSub;
      part.text = std::string(1, c);
      part.offset = at(pos_);
      pos_ += 2;
      if (!nest()) return false;
      part.command = parser_ ? parser_->parse_command_substitution(part.offset) : nullptr;
      unnest();
      if (error_.failed()) return false;
      parts.push_back(std::move(part));
      continue;
    }
    if (is_terminator(c, mode, paren_depth)) break;
    std::size_t here = at(pos_);
    if (mode == Mode::Regex || mode == Mode::Arith) {
      if (c == '(') ++paren_depth;
      if (c == ')') --paren_depth;
    }
    if (mode == Mode::ArithBracket) {
      if (c == '[') ++paren_depth;
      if (c == ']') --paren_depth;
    }
    if (c == '\\') {
      if (pos_ + 1 >= end) {
        append_literal(parts, "\\", quoted_context, here);
        ++pos_;
        continue;
      }
      char n = text_[pos_ + 1];
      if (n == '\n') {
        pos_ += 2;
        continue;
      }
      if (bare) {
        append_literal(parts, std::string_view(&text_[pos_ + 1], 1), true, here);
        pos_ += 2;
        continue;
      }
      bool escapes = n == '$' || n == '`' || n == '\\' || (n == '"' && mode != Mode::HereDoc);
      if (arith) escapes = n == '$' || n == '`' || n == '\\';
      if (escapes) {
        append_literal(parts, std::string_view(&text_[pos_ + 1], 1), true, here);
        pos_ += 2;
      } else {
        append_literal(parts, "\\", quoted_context, here);
        ++pos_;
      }
      continue;
    }
    if (c == '$') {
      if (!scan_dollar(parts, quoted_context || arith, end)) return false;
      continue;
    }
    if (c == '`') {
      if (!scan_backticks(parts, quoted_context, end)) return false;
      continue;
    }
    if ((bare || arith) && c == '"') {
      std::size_t start = pos_;
      ++pos_;
      WordPart part;
      part.kind = WordPart::Kind::DoubleQuoted;
      part.offset = here;
      if (!nest()) return false;
      bool ok = scan_parts(part.children, Mode::DoubleQuoted, end);
      unnest();
      if (!ok) return false;
      if (pos_ >= end || text_[pos_] != '"') {
        fail_eof(at(start), "\"");
        return false;
      }
      ++pos_;
      parts.push_back(std::move(part));
      continue;
    }
    if (bare && c == '\'') {
      if (!scan_single_quotes(parts, end)) return false;
      continue;
    }
    bool in_assignment = mode == Mode::Unquoted && c == '~' && pos_ != word_start && tilde_follows_assignment(parts);
    if (mode == Mode::Unquoted && c == '~' && (pos_ == word_start || in_assignment)) {
      std::size_t p = pos_ + 1;
      while (p < end && (is_name_char(text_[p]) || text_[p] == '+' || text_[p] == '-')) ++p;
      if (p >= end || text_[p] == '/' || (in_assignment && text_[p] == ':') || is_terminator(text_[p], mode, 0)) {
        WordPart part;
        part.kind = WordPart::Kind::Tilde;
        part.text = std::string(text_.substr(pos_ + 1, p - pos_ - 1));
        part.offset = here;
        parts.push_back(std::move(part));
        pos_ = p;
        continue;
      }
    }
    // A literal character, and the ones after it that no branch above would treat otherwise:
    // appended as one run, as the parts would have merged them anyway.
    std::size_t run = pos_ + 1;
    while (run < end && is_plain(text_[run], mode)) ++run;
    append_literal(parts, text_.substr(pos_, run - pos_), quoted_context, here);
    pos_ = run;
  }
  return !error_.failed();
}

bool Lexer::scan_single_quotes(std::vector<WordPart>& parts, std::size_t end) {
  std::size_t start = pos_;
  std::size_t close = text_.find('\'', pos_ + 1);
  if (close == std::string_view::npos || close >= end) {
    fail_eof(at(start), "'");
    return false;
  }
  append_literal(parts, text_.substr(pos_ + 1, close - pos_ - 1), true, at(start));
  // An empty '' still makes a (quoted, empty) part, so "x=''" keeps an empty argument.
  if (close == pos_ + 1) {
    WordPart part;
    part.kind = WordPart::Kind::Literal;
    part.quoted = true;
    part.offset = at(start);
    parts.push_back(std::move(part));
  }
  pos_ = close + 1;
  return true;
}

bool Lexer::scan_ansi_c(std::vector<WordPart>& parts, std::size_t end) {
  std::size_t start = pos_;
  pos_ += 2;  // $'
  std::string out;
  while (true) {
    if (pos_ >= end) {
      fail_eof(at(start), "'");
      return false;
    }
    char c = text_[pos_];
    if (c == '\'') {
      ++pos_;
      break;
    }
    if (c != '\\' || pos_ + 1 >= end) {
      out.push_back(c);
      ++pos_;
      continue;
    }
    char n = text_[pos_ + 1];
    pos_ += 2;
    switch (n) {
      case 'a': out.push_back('\a'); break;
      case 'b': out.push_back('\b'); break;
      case 'e': case 'E': out.push_back('\x1b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'v': out.push_back('\v'); break;
      case '\\': out.push_back('\\'); break;
      case '\'': out.push_back('\''); break;
      case '"': out.push_back('"'); break;
      case '?': out.push_back('?'); break;
      case 'c':
        if (pos_ < end) out.push_back(static_cast<char>(text_[pos_++] & 0x1f));
        break;
      case 'x': case 'u': case 'U': {
        std::size_t max = n == 'x' ? 2 : (n == 'u' ? 4 : 8);
        unsigned long value = 0;
        std::size_t count = 0;
        while (count < max && pos_ < end && hex_value(text_[pos_]) >= 0) {
          value = value * 16 + static_cast<unsigned long>(hex_value(text_[pos_]));
          ++pos_;
          ++count;
        }
        if (count == 0) {
          out.push_back('\\');
          out.push_back(n);
        } else if (n == 'x') {
          out.push_back(static_cast<char>(value));
        } else {
          text::append_utf8(out, static_cast<char32_t>(value > 0x10FFFF ? 0xFFFD : value));
        }
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          int value = n - '0';
          for (int k = 0; k < 2 && pos_ < end && text_[pos_] >= '0' && text_[pos_] <= '7'; ++k) {
            value = value * 8 + (text_[pos_++] - '0');
          }
          out.push_back(static_cast<char>(value));
        } else {
          out.push_back('\\');
          out.push_back(n);
        }
    }
  }
  append_literal(parts, out, true, at(start));
  if (out.empty()) {
    WordPart part;
    part.kind = WordPart::Kind::Literal;
    part.quoted = true;
    part.offset = at(start);
    parts.push_back(std::move(part));
  }
  return true;
}

bool Lexer::scan_dollar(std::vector<WordPart>& parts, bool in_double_quotes, std::size_t end) {
  std::size_t start = pos_;
  if (pos_ + 1 >= end) {
    append_literal(parts, "$", in_double_quotes, at(start));
    ++pos_;
    return true;
  }
  char n = text_[pos_ + 1];
  if (n == '(') {
    if (pos_ + 2 < end && text_[pos_ + 2] == '(') {
      pos_ += 3;
      WordPart part;
      part.kind = WordPart::Kind::Arith;
      part.offset = at(start);
      part.arith = std::make_shared<Word>();
      if (!nest()) return false;
      bool ok = scan_arith_body(*part.arith, end);
      unnest();
      if (!ok) return false;
      parts.push_back(std::move(part));
      return true;
    }
    pos_ += 2;
    WordPart part;
    part.kind = WordPart::Kind::CommandSub;
    part.offset = at(start);
    if (!nest()) return false;
    part.command = parser_ ? parser_->parse_command_substitution(at(start)) : nullptr;
    unnest();
    if (error_.failed()) return false;
    parts.push_back(std::move(part));
    return true;
  }
  if (n == '{') {
    pos_ += 2;
    if (!nest()) return false;
    bool ok = scan_brace_param(parts, start, end);
    unnest();
    return ok;
  }
  if (n == '[') {
    // $[expr]: the old spelling of $((expr)).
    pos_ += 2;
    WordPart part;
    part.kind = WordPart::Kind::Arith;
    part.offset = at(start);
    part.arith = std::make_shared<Word>();
    part.arith->offset = at(pos_);
    std::size_t body = pos_;
    if (!nest()) return false;
    bool ok = scan_parts(part.arith->parts, Mode::ArithBracket, end);
    unnest();
    if (!ok) return false;
    if (pos_ >= end || text_[pos_] != ']') {
      fail_eof(at(start), "]");
      return false;
    }
    part.arith->raw = std::string(text_.substr(body, pos_ - body));
    ++pos_;
    parts.push_back(std::move(part));
    return true;
  }
  if (n == '\'' && !in_double_quotes) return scan_ansi_c(parts, end);
  if (n == '"' && !in_double_quotes) {
    ++pos_;  // $"..." is a translatable string: the same as "..."
    return true;
  }
  WordPart part;
  part.kind = WordPart::Kind::Param;
  part.offset = at(start);
  part.param = std::make_shared<ParamExpansion>();
  if (is_name_start(n)) {
    std::size_t p = pos_ + 1;
    while (p < end && is_name_char(text_[p])) ++p;
    part.param->name = std::string(text_.substr(pos_ + 1, p - pos_ - 1));
    pos_ = p;
  } else if (std::isdigit(static_cast<unsigned char>(n)) || n == '?' || n == '#' || n == '@' ||
             n == '*' || n == '$' || n == '!' || n == '-') {
    part.param->name = std::string(1, n);
    pos_ += 2;
  } else {
    append_literal(parts, "$", in_double_quotes, at(start));
    ++pos_;
    return true;
  }
  parts.push_back(std::move(part));
  return true;
}

bool Lexer::scan_brace_param(std::vector<WordPart>& parts, std::size_t start, std::size_t end) {
  using Op = ParamExpansion::Op;
  auto param = std::make_shared<ParamExpansion>();
  auto peek = [&](std::size_t k = 0) { return pos_ + k < end ? text_[pos_ + k] : '\0'; };
  auto scan_arg = [&](Mode mode) {
    auto word = std::make_shared<Word>();
    word->offset = at(pos_);
    std::size_t s = pos_;
    scan_parts(word->parts, mode, end);
    word->raw = std::string(text_.substr(s, pos_ - s));
    return word;
  };
  if (peek() == '#' && peek(1) != '}' && (is_name_start(peek(1)) || std::isdigit(static_cast<unsigned char>(peek(1))) ||
                                          std::string_view("@*?$!-#").find(peek(1)) != std::string_view::npos)) {
    param->op = Op::Length;
    ++pos_;
  } else if (peek() == '!' && peek(1) != '}' && is_name_start(peek(1))) {
    param->indirect = true;
    ++pos_;
  }
  if (is_name_start(peek())) {
    std::size_t p = pos_;
    while (p < end && is_name_char(text_[p])) ++p;
    param->name = std::string(text_.substr(pos_, p - pos_));
    pos_ = p;
  } else if (std::isdigit(static_cast<unsigned char>(peek()))) {
    std::size_t p = pos_;
    while (p < end && std::isdigit(static_cast<unsigned char>(text_[p]))) ++p;
    param->name = std::string(text_.substr(pos_, p - pos_));
    pos_ = p;
  } else if (peek() != '\0' && std::string_view("?#@*$!-").find(peek()) != std::string_view::npos) {
    param->name = std::string(1, peek());
    ++pos_;
  }
  if (peek() == '[' && !param->name.empty()) {
    ++pos_;
    auto index = std::make_shared<Word>();
    index->offset = at(pos_);
    std::size_t s = pos_;
    int depth = 0;
    while (pos_ < end && !(text_[pos_] == ']' && depth == 0)) {
      if (text_[pos_] == '[') ++depth;
      if (text_[pos_] == ']') --depth;
      ++pos_;
    }
    if (pos_ >= end) {
      fail_eof(at(start), "}");
      return false;
    }
    // The subscript is re-lexed on its own so that $i and "key" inside it work.
    std::string_view inner = text_.substr(s, pos_ - s);
    std::size_t saved = pos_;
    pos_ = s;
    scan_parts(index->parts, Mode::Arith, s + inner.size());
    pos_ = saved + 1;
    index->raw = std::string(inner);
    param->has_index = true;
    param->index = index;
  }
  char c = peek();
  if (param->op == Op::Length) {
    // ${#x} takes no operator.
  } else if (c == ':' && std::string_view("-=+?").find(peek(1)) != std::string_view::npos && peek(1) != '\0') {
    param->colon = true;
    char o = peek(1);
    pos_ += 2;
    param->op = o == '-' ? Op::Default : o == '=' ? Op::Assign : o == '+' ? Op::Alternative : Op::Error;
    param->arg = scan_arg(Mode::ParamArg);
  } else if (c == ':') {
    ++pos_;
    param->op = Op::Substring;
    param->arg = scan_arg(Mode::ParamOffset);
    if (peek() == ':') {
      ++pos_;
      param->has_arg2 = true;
      param->arg2 = scan_arg(Mode::ParamArg);
    }
  } else if (c == '-' || c == '=' || c == '+' || c == '?') {
    ++pos_;
    param->op = c == '-' ? Op::Default : c == '=' ? Op::Assign : c == '+' ? Op::Alternative : Op::Error;
    param->arg = scan_arg(Mode::ParamArg);
  } else if (c == '%' || c == '#') {
    ++pos_;
    if (peek() == c) {
      param->longest = true;
      ++pos_;
    }
    param->op = c == '%' ? Op::RemoveSuffix : Op::RemovePrefix;
    param->arg = scan_arg(Mode::ParamArg);
  } else if (c == '/') {
    ++pos_;
    param->op = Op::Replace;
    if (peek() == '/') {
      param->longest = true;
      ++pos_;
    } else if (peek() == '#' || peek() == '%') {
      param->anchor = peek();
      ++pos_;
    }
    param->arg = scan_arg(Mode::ParamPattern);
    if (peek() == '/') {
      ++pos_;
      param->has_arg2 = true;
      param->arg2 = scan_arg(Mode::ParamArg);
    }
  } else if (c == '^' || c == ',') {
    ++pos_;
    if (peek() == c) {
      param->longest = true;
      ++pos_;
    }
    param->op = c == '^' ? Op::Upper : Op::Lower;
    param->arg = scan_arg(Mode::ParamArg);
  } else if (c == '@' && peek(1) != '\0' && peek(2) == '}') {
    pos_ += 2;  // ${x@Q} and friends: shown as the plain value
  } else if (c != '}') {
    // Not an operator bash knows: "bad substitution" when it runs.
    param->name.insert(0, "!");
    param->name.push_back(c);
    while (pos_ < end && text_[pos_] != '}') ++pos_;
  }
  if (error_.failed()) return false;
  if (peek() != '}') {
    fail_eof(at(start), "}");
    return false;
  }
  ++pos_;
  WordPart part;
  part.kind = WordPart::Kind::Param;
  part.offset = at(start);
  part.param = std::move(param);
  parts.push_back(std::move(part));
  return true;
}

bool Lexer::scan_backticks(std::vector<WordPart>& parts, bool in_double_quotes, std::size_t end) {
  std::size_t start = pos_;
  ++pos_;
  std::string body;
  bool closed = false;
  while (pos_ < end) {
    char c = text_[pos_];
    if (c == '`') {
      closed = true;
      ++pos_;
      break;
    }
    if (c == '\\' && pos_ + 1 < end) {
      char n = text_[pos_ + 1];
      if (n == '$' || n == '`' || n == '\\' || (in_double_quotes && n == '"')) {
        body.push_back(n);
        pos_ += 2;
        continue;
      }
    }
    body.push_back(c);
    ++pos_;
  }
  if (!closed) {
    fail_eof(at(start), "`");
    return false;
  }
  WordPart part;
  part.kind = WordPart::Kind::CommandSub;
  part.offset = at(start);
  if (!nest()) return false;
  part.command = parser_ ? parser_->parse_backticks(body, at(start + 1)) : nullptr;
  unnest();
  if (error_.failed()) return false;
  parts.push_back(std::move(part));
  return true;
}

bool Lexer::scan_arith_body(Word& word, std::size_t end) {
  std::size_t start = pos_;
  word.offset = at(pos_);
  if (!scan_parts(word.parts, Mode::Arith, end)) return false;
  word.raw = std::string(text_.substr(start, pos_ - start));
  if (pos_ + 2 <= end && text_.substr(pos_, 2) == "))") {
    pos_ += 2;
    return true;
  }
  fail_eof(at(start), ")");
  return false;
}

bool Lexer::scan_array_literal(WordPart& part, std::size_t end) {
  std::size_t start = pos_;
  ++pos_;
  if (!nest()) return false;
  while (!error_.failed()) {
    while (pos_ < end && (is_blank(text_[pos_]) || text_[pos_] == '\n')) ++pos_;
    skip_blanks();
    if (pos_ < end && text_[pos_] == '\n') continue;
    if (pos_ >= end) {
      fail_eof(at(start), ")");
      break;
    }
    if (text_[pos_] == ')') {
      ++pos_;
      break;
    }
    Word word;
    std::size_t before = pos_;
    scan_word(word, Mode::Unquoted);
    if (pos_ == before) {
      error_.set(SyntaxError::Kind::UnexpectedToken, std::string(1, text_[pos_]), at(pos_));
      break;
    }
    part.elements.push_back(std::move(word));
  }
  unnest();
  return !error_.failed();
}

void Lexer::read_heredoc_bodies() {
  std::vector<PendingHereDoc> pending;
  pending.swap(heredocs_);
  for (PendingHereDoc& doc : pending) {
    std::size_t body_start = pos_;
    std::size_t body_end = text_.size();
    bool found = false;
    while (pos_ < text_.size()) {
      std::size_t line_end = text_.find('\n', pos_);
      if (line_end == std::string_view::npos) line_end = text_.size();
      std::string_view line = text_.substr(pos_, line_end - pos_);
      if (doc.strip_tabs) {
        while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
      }
      if (line == doc.delimiter) {
        body_end = pos_;
        pos_ = line_end < text_.size() ? line_end + 1 : line_end;
        found = true;
        break;
      }
      pos_ = line_end < text_.size() ? line_end + 1 : line_end;
    }
    if (!found) {
      body_end = text_.size();
      error_.warnings.push_back({at(text_.size()), doc.offset, doc.delimiter});
    }
    Word& body = *doc.body;
    body.offset = at(body_start);
    body.raw = std::string(text_.substr(body_start, body_end - body_start));
    std::size_t resume = pos_;
    if (doc.quoted) {
      std::string content;
      std::string_view raw = text_.substr(body_start, body_end - body_start);
      bool line_start = true;
      for (char c : raw) {
        if (line_start && doc.strip_tabs && c == '\t') continue;
        line_start = c == '\n';
        content.push_back(c);
      }
      append_literal(body.parts, content, true, body.offset);
    } else {
      pos_ = body_start;
      strip_tabs_ = doc.strip_tabs;
      scan_parts(body.parts, Mode::HereDoc, body_end);
      strip_tabs_ = false;
      pos_ = resume;
    }
    if (error_.failed()) return;
  }
}

}  // namespace ghaplay::scripts::bash
