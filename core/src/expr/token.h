#pragma once

#include <string>
#include <string_view>

namespace ghaplay::expr {

// The parser reads the equality operators (BangEqual..EqualEqual) and the comparisons
// (Greater..LessEqual) as ranges of this order.
enum class TokenType {
  LeftParen, RightParen, LeftBracket, RightBracket, Comma, Dot,
  Bang, BangEqual, EqualEqual, Greater, GreaterEqual, Less, LessEqual, And, Or,
  Star, Number, String, Identifier, True, False, Null,
  End,
};

// A token points into the expression text, which must outlive it (Expression keeps its own copy):
// lexing allocates nothing per token.
struct Token {
  TokenType type = TokenType::End;
  std::string_view lexeme;  // the text as written
  double number = 0;        // a number literal's value
  int offset = 0;           // byte offset in the expression
  bool escaped = false;     // a string literal with '' in it

  // A string literal's value: the quotes removed and every '' unescaped.
  std::string text() const;
  // How an error message quotes the token: strings by value, the end as "EOF".
  std::string display() const;
};

// The 1-based position of a byte offset in UTF-16 units, as GitHub's messages count; worked out
// only for a message.
int position_at(std::string_view expression, int offset);

}  // namespace ghaplay::expr
