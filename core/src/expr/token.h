#pragma once

#include <string>

namespace ghaplay::expr {

enum class TokenType {
  LeftParen, RightParen, LeftBracket, RightBracket, Comma, Dot,
  Bang, BangEqual, EqualEqual, Greater, GreaterEqual, Less, LessEqual, And, Or,
  Star, Number, String, Identifier, True, False, Null,
  End,
};

struct Token {
  TokenType type = TokenType::End;
  std::string lexeme;   // the text as written
  std::string text;     // a string literal's value (quotes removed, '' unescaped)
  double number = 0;    // a number literal's value
  int offset = 0;       // byte offset in the expression
  int position = 1;     // 1-based position in UTF-16 units, as GitHub's messages count

  // How an error message quotes the token: strings by value, the end as "EOF".
  std::string display() const;
};

}  // namespace ghaplay::expr
