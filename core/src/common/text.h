#pragma once
// Text helpers shared by every stage: UTF-8 decoding, GitHub's case rules, UTF-16 lengths.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ghaplay::text {

// Lower-cases for case-insensitive keys (object keys, output names, function names).
std::string fold_case(std::string_view s);

// Every byte is below 0x80.
bool is_ascii(std::string_view s);

// Upper-cases for GitHub's OrdinalIgnoreCase string comparison; the small dotless i stays as is.
std::string to_upper_special(std::string_view s);

// Number of UTF-16 code units, the unit GitHub uses for expression lengths and output sizes.
std::size_t utf16_length(std::string_view s);

// Decodes one code point at `i`, advancing it; invalid bytes decode as U+FFFD one byte at a time.
char32_t decode_utf8(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);

bool is_valid_utf8(std::string_view s);

// Trims ASCII and Unicode white space as JavaScript's String.prototype.trim does.
std::string_view trim(std::string_view s);

// `s` as a JSON string literal, appended to `out`: quotes, backslash, \b \t \n \f \r in short
// form, other control characters as backslash-u 00XX, every other byte as it is. JSON.stringify
// writes the hex in lower case (toJSON), rapidjson in upper case (the result JSON).
enum class HexCase { Lower, Upper };
void append_json_string(std::string& out, std::string_view s, HexCase hex_case);

bool starts_with_ignore_case(std::string_view s, std::string_view prefix);
// fold_case(a) == fold_case(b); ASCII text is compared in place, without folding copies.
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace ghaplay::text
