#include "expr/lexer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "common/text.h"

namespace ghaplay::expr {

std::string Token::display() const {
  switch (type) {
    case TokenType::End: return "EOF";
    case TokenType::String: return text;
    default: return lexeme;
  }
}

namespace {

bool is_js_white_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_legal_identifier(std::string_view s) {
  if (s.empty()) return false;
  char first = s[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) return false;
  for (char c : s.substr(1)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  std::variant<std::vector<Token>, ExpressionError> run() {
    if (text::utf16_length(input_) > kMaxExpressionLength) {
      return ExpressionError{ErrorKind::Lexing,
                             "Exceeded max expression length " + std::to_string(kMaxExpressionLength), -1};
    }
    // Most expressions have a token for every two or three characters; growing the vector moved
    // every token already read (a tenth of a short evaluate()).
    tokens_.reserve(std::min<std::size_t>(input_.size() / 2 + 2, 256));
    while (!at_end()) {
      start_ = offset_;
      char c = input_[offset_++];
      switch (c) {
        case '(': add(TokenType::LeftParen); break;
        case ')': add(TokenType::RightParen); break;
        case '[': add(TokenType::LeftBracket); break;
        case ']': add(TokenType::RightBracket); break;
        case ',': add(TokenType::Comma); break;
        case '.': {
          auto prev = previous();
          if (prev != TokenType::Identifier && prev != TokenType::RightBracket &&
              prev != TokenType::RightParen && prev != TokenType::Star) {
            if (!number()) return error_;
          } else {
            add(TokenType::Dot);
          }
          break;
        }
        case '-':
        case '+':
          if (!number()) return error_;
          break;
        case '!': add(match('=') ? TokenType::BangEqual : TokenType::Bang); break;
        case '=':
          if (!match('=')) {
            if (!identifier()) return error_;
            break;
          }
          add(TokenType::EqualEqual);
          break;
        case '<': add(match('=') ? TokenType::LessEqual : TokenType::Less); break;
        case '>': add(match('=') ? TokenType::GreaterEqual : TokenType::Greater); break;
        case '&':
          if (!match('&')) {
            if (!identifier()) return error_;
            break;
          }
          add(TokenType::And);
          break;
        case '|':
          if (!match('|')) {
            if (!identifier()) return error_;
            break;
          }
          add(TokenType::Or);
          break;
        case '*': add(TokenType::Star); break;
        case ' ':
        case '\r':
        case '\t':
        case '\n':
          break;
        case '\'':
          if (!string()) return error_;
          break;
        default:
          if (is_digit(c)) {
            if (!number()) return error_;
          } else {
            if (!identifier()) return error_;
          }
      }
    }
    // The end token keeps the start of the last thing read (a token or a white space character),
    // so "Unexpected symbol: 'EOF'" points there, as GitHub's lexer does.
    add(TokenType::End);
    return std::move(tokens_);
  }

 private:
  bool at_end() const { return offset_ >= input_.size(); }

  TokenType previous() const { return tokens_.empty() ? TokenType::End : tokens_.back().type; }

  bool match(char expected) {
    if (at_end() || input_[offset_] != expected) return false;
    ++offset_;
    return true;
  }

  // A boundary ends numbers and identifiers: punctuation of the language or white space.
  bool at_boundary() const {
    switch (input_[offset_]) {
      case '(': case '[': case ')': case ']': case ',': case '.': case '!':
      case '>': case '<': case '=': case '&': case '|':
        return true;
      default:
        break;
    }
    auto byte = static_cast<unsigned char>(input_[offset_]);
    if (byte < 0x80) return is_js_white_space(byte);  // ASCII, the common case, without decoding
    std::size_t probe = offset_;
    return is_js_white_space(text::decode_utf8(input_, probe));
  }

  // Counts UTF-16 units up to `byte_offset`, resuming from the last count: tokens come in order,
  // so lexing stays linear in the expression's length.
  int position_of(std::size_t byte_offset) {
    if (byte_offset < counted_bytes_) {
      counted_bytes_ = 0;
      counted_units_ = 0;
    }
    counted_units_ += text::utf16_length(input_.substr(counted_bytes_, byte_offset - counted_bytes_));
    counted_bytes_ = byte_offset;
    return static_cast<int>(counted_units_) + 1;
  }

  Token& add(TokenType type) {
    Token token;
    token.type = type;
    if (type != TokenType::End) token.lexeme = std::string(input_.substr(start_, offset_ - start_));
    token.offset = static_cast<int>(start_);
    token.position = position_of(start_);
    tokens_.push_back(std::move(token));
    return tokens_.back();
  }

  void fail(std::string_view symbol) {
    error_ = ExpressionError{ErrorKind::Lexing,
                             "Unexpected symbol: '" + std::string(symbol) + "'. Located at position " +
                                 std::to_string(position_of(start_)) +
                                 " within expression: " + std::string(input_),
                             static_cast<int>(start_)};
  }

  void advance_code_point() {
    if (static_cast<unsigned char>(input_[offset_]) < 0x80) {
      ++offset_;
      return;
    }
    text::decode_utf8(input_, offset_);
  }

  bool number() {
    while (!at_end() && (!at_boundary() || input_[offset_] == '.')) advance_code_point();
    auto lexeme = input_.substr(start_, offset_ - start_);
    double value = parse_js_number(lexeme);
    if (std::isnan(value)) {
      fail(lexeme);
      return false;
    }
    add(TokenType::Number).number = value;
    return true;
  }

  bool string() {
    std::string value;
    while (!at_end()) {
      char c = input_[offset_];
      if (c == '\'') {
        if (offset_ + 1 < input_.size() && input_[offset_ + 1] == '\'') {
          // GitHub's runner unescapes every '' (the TypeScript port only the first: a bug we do not copy).
          value.push_back('\'');
          offset_ += 2;
          continue;
        }
        break;
      }
      value.push_back(c);
      ++offset_;
    }
    if (at_end()) {
      fail(input_.substr(start_));
      return false;
    }
    ++offset_;  // the closing quote
    add(TokenType::String).text = std::move(value);
    return true;
  }

  bool identifier() {
    while (!at_end() && !at_boundary()) advance_code_point();
    auto lexeme = input_.substr(start_, offset_ - start_);
    TokenType type = TokenType::Identifier;
    double number = 0;
    if (previous() != TokenType::Dot) {
      if (lexeme == "true") type = TokenType::True;
      else if (lexeme == "false") type = TokenType::False;
      else if (lexeme == "null") type = TokenType::Null;
      else if (lexeme == "NaN") { type = TokenType::Number; number = std::numeric_limits<double>::quiet_NaN(); }
      else if (lexeme == "Infinity") { type = TokenType::Number; number = std::numeric_limits<double>::infinity(); }
    }
    if (!is_legal_identifier(lexeme)) {
      fail(lexeme);
      return false;
    }
    add(type).number = number;
    return true;
  }

  std::string_view input_;
  std::size_t start_ = 0;
  std::size_t offset_ = 0;
  std::vector<Token> tokens_;
  ExpressionError error_;
  std::size_t counted_bytes_ = 0;
  std::size_t counted_units_ = 0;
};

bool all_digits_in_base(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    int d = (c >= '0' && c <= '9') ? c - '0'
            : (c >= 'a' && c <= 'z') ? c - 'a' + 10
            : (c >= 'A' && c <= 'Z') ? c - 'A' + 10
                                     : 99;
    if (d >= base) return false;
  }
  return true;
}

double parse_in_base(std::string_view digits, int base) {
  double value = 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'z') ? c - 'a' + 10 : c - 'A' + 10;
    value = value * base + d;
  }
  return value;
}

}  // namespace

std::variant<std::vector<Token>, ExpressionError> lex(std::string_view expression) {
  return Lexer(expression).run();
}

double parse_js_number(std::string_view input) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::string_view s = text::trim(input);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    char prefix = s[1];
    int base = (prefix == 'x' || prefix == 'X') ? 16 : (prefix == 'o' || prefix == 'O') ? 8
             : (prefix == 'b' || prefix == 'B') ? 2 : 0;
    if (base) return all_digits_in_base(s.substr(2), base) ? parse_in_base(s.substr(2), base) : kNaN;
  }
  std::string_view body = s;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity") return negative ? -INFINITY : INFINITY;
  // StrDecimalLiteral: digits [. digits] [e[+-]digits], or . digits [exponent]; at least one digit.
  std::size_t i = 0;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < body.size() && is_digit(body[i])) { ++i; ++int_digits; }
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && is_digit(body[i])) { ++i; ++frac_digits; }
  }
  if (int_digits + frac_digits == 0) return kNaN;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < body.size() && is_digit(body[i])) { ++i; ++exp_digits; }
    if (exp_digits == 0) return kNaN;
  }
  if (i != body.size()) return kNaN;
  std::string copy(s);
  return std::strtod(copy.c_str(), nullptr);
}

}  // namespace ghaplay::expr
