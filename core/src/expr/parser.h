#pragma once

#include <variant>
#include <vector>

#include "expr/ast.h"
#include "ghaplay/expression.h"

namespace ghaplay::expr {

// Builds the tree from tokens as GitHub's parser does, with its depth accounting (the limit is 50)
// and its error messages. An empty token list gives a null tree (the expression's value is null).
// The nodes are allocated from `pool`.
std::variant<NodePtr, ExpressionError> parse_tokens(const std::vector<Token>& tokens, std::string_view source,
                                                    const ParseOptions& options, NodePool& pool);

}  // namespace ghaplay::expr
