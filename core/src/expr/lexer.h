#pragma once

#include <string_view>
#include <variant>
#include <vector>

#include "expr/token.h"
#include "ghaplay/expression.h"

namespace ghaplay::expr {

// The tokens point into `expression`, which must outlive them.
// Splits an expression into tokens the way GitHub's lexer does, including its quirks: a `.` that
// does not follow an identifier, `]`, `)` or `*` starts a number; a lone `=`, `&` or `|` swallows
// the characters up to the next boundary and is reported as that whole symbol.
std::variant<std::vector<Token>, ExpressionError> lex(std::string_view expression);

// The double nearest a decimal literal already checked to be one ([+-]digits[.digits][e[+-]digits],
// or .digits), as strtod reads it; short literals without calling it.
double decimal_to_double(std::string_view literal);

// JavaScript's Number(string): what GitHub does to turn strings (and number literals) into numbers.
double parse_js_number(std::string_view text);

}  // namespace ghaplay::expr
