#pragma once
// Shell patterns (case, [[ == ]], ${x%pattern}): * ? [...] with ranges, negation and [:classes:].
// A backslash makes the next character literal; the expander escapes quoted text that way.

#include <string>
#include <string_view>

namespace ghaplay::scripts::bash {

bool glob_match(std::string_view pattern, std::string_view text);

// True if the pattern has an unescaped * ? or [.
bool has_glob_chars(std::string_view pattern);

// The pattern with its escapes removed (what it matches when it has no special characters).
std::string unescape_pattern(std::string_view pattern);

// Escapes * ? [ ] \ so that the text matches only itself.
std::string escape_pattern(std::string_view text);

}  // namespace ghaplay::scripts::bash
