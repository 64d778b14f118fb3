#pragma once
// Brace expansion, the first expansion bash applies to a command's words:
// a{b,c}d -> abd acd, {1..5}, {a..e}, {01..10}, {10..1..3}. Only unquoted braces count.

#include <cstddef>
#include <vector>

#include "scripts/bash/ast.h"

namespace ghaplay::scripts::bash {

// True if the word has an unquoted `{` (worth trying).
bool may_brace_expand(const Word& word);

// The words `word` expands to, in order; at most `limit` of them (the rest are dropped and
// `truncated` is set).
std::vector<Word> brace_expand(const Word& word, std::size_t limit, bool& truncated);

}  // namespace ghaplay::scripts::bash
