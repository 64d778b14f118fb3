#include "expr/lexer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

#include "common/shortest_digits.h"
#include "common/text.h"

namespace ghaplay::expr {

std::string Token::text() const {
  std::string_view inner = lexeme.substr(1, lexeme.size() - 2);
  if (!escaped) return std::string(inner);
  std::string value;
  value.reserve(inner.size());
  for (std::size_t i = 0; i < inner.size(); ++i) {
    value.push_back(inner[i]);
    if (inner[i] == '\'') ++i;  // the second quote of ''
  }
  return value;
}

int position_at(std::string_view expression, int offset) {
  return static_cast<int>(text::utf16_length(expression.substr(0, static_cast<std::size_t>(offset)))) + 1;
}

std::string Token::display() const {
  switch (type) {
    case TokenType::End: return "EOF";
    case TokenType::String: return text();
    default: return std::string(lexeme);
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
    // A UTF-16 unit takes at least one byte: only a longer text can be too long.
    if (input_.size() > kMaxExpressionLength && text::utf16_length(input_) > kMaxExpressionLength) {
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

  Token& add(TokenType type) {
    Token token;
    token.type = type;
    if (type != TokenType::End) token.lexeme = input_.substr(start_, offset_ - start_);
    token.offset = static_cast<int>(start_);
    tokens_.push_back(std::move(token));
    return tokens_.back();
  }

  void fail(std::string_view symbol) {
    error_ = ExpressionError{ErrorKind::Lexing,
                             "Unexpected symbol: '" + std::string(symbol) + "'. Located at position " +
                                 std::to_string(position_at(input_, static_cast<int>(start_))) +
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

  // The value is read from the lexeme when the parser needs it (Token::text()).
  bool string() {
    bool escaped = false;
    while (!at_end()) {
      if (input_[offset_] == '\'') {
        if (offset_ + 1 < input_.size() && input_[offset_ + 1] == '\'') {
          // GitHub's runner unescapes every '' (the TypeScript port only the first: a bug we do not copy).
          escaped = true;
          offset_ += 2;
          continue;
        }
        break;
      }
      ++offset_;
    }
    if (at_end()) {
      fail(input_.substr(start_));
      return false;
    }
    ++offset_;  // the closing quote
    add(TokenType::String).escaped = escaped;
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
  return decimal_to_double(s);
}

double decimal_to_double(std::string_view literal) {
  // Up to 15 significant digits, one rounding (text::kExactPowersOfTen).
  const auto& kPowers = text::kExactPowersOfTen;
  std::size_t i = 0;
  bool negative = false;
  if (i < literal.size() && (literal[i] == '+' || literal[i] == '-')) negative = literal[i++] == '-';
  std::uint64_t mantissa = 0;
  int digits = 0;  // significant digits in the mantissa
  int scale = 0;   // digits after the point
  bool point = false;
  bool simple = true;
  for (; i < literal.size(); ++i) {
    char c = literal[i];
    if (c == '.') {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (point) ++scale;
    if (mantissa == 0 && c == '0') continue;
    if (++digits > 15) simple = false;
    mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
  }
  int exponent = 0;
  if (i < literal.size()) {  // e or E
    ++i;
    bool exponent_negative = false;
    if (i < literal.size() && (literal[i] == '+' || literal[i] == '-')) exponent_negative = literal[i++] == '-';
    if (literal.size() - i > 3) simple = false;
    for (; simple && i < literal.size(); ++i) exponent = exponent * 10 + (literal[i] - '0');
    if (exponent_negative) exponent = -exponent;
  }
  int power = exponent - scale;
  if (simple && power >= -22 && power <= 22) {
    double value = static_cast<double>(mantissa);
    value = power >= 0 ? value * kPowers[power] : value / kPowers[-power];
    return negative ? -value : value;
  }
  std::string copy(literal);
  return std::strtod(copy.c_str(), nullptr);
}

}  // namespace ghaplay::expr
