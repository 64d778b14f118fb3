#pragma once

#include <string_view>
#include <variant>

#include "ghaplay/expression.h"

namespace ghaplay::expr {

// Parses and evaluates `text` once against `contexts` (an object), as Expression::parse with the
// contexts' names as ParseOptions::named_values, then Expression::evaluate with an
// EvaluationContext holding them, would: same values, same errors. Nothing is copied or kept
// (the text, the names, the tree), which is most of a short evaluate() from JavaScript.
std::variant<Value, ExpressionError> evaluate_once(std::string_view text, const Value& contexts);

}  // namespace ghaplay::expr
