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

// The same with the named values allowed being the keys of `contexts` (matched as ObjectData
// matches keys, the way ParseOptions::named_values are) and no host functions: evaluate() parses
// this way without copying the context names.
std::variant<NodePtr, ExpressionError> parse_tokens(const std::vector<Token>& tokens, std::string_view source,
                                                    const ObjectData& contexts, NodePool& pool);

}  // namespace ghaplay::expr
