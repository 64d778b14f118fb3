#include "scripts/bash/pattern.h"

#include <cctype>

#include "common/text.h"

namespace ghaplay::scripts::bash {
namespace {

bool class_matches(std::string_view name, char32_t cp) {
  if (cp >= 0x80) return name == "print" || name == "graph" || name == "alpha" || name == "alnum";
  unsigned char c = static_cast<unsigned char>(cp);
  if (name == "alpha") return std::isalpha(c);
  if (name == "digit") return std::isdigit(c);
  if (name == "alnum") return std::isalnum(c);
  if (name == "upper") return std::isupper(c);
  if (name == "lower") return std::islower(c);
  if (name == "space") return std::isspace(c);
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "punct") return std::ispunct(c);
  if (name == "xdigit") return std::isxdigit(c);
  if (name == "cntrl") return std::iscntrl(c);
  if (name == "print") return std::isprint(c);
  if (name == "graph") return std::isgraph(c);
  if (name == "word") return std::isalnum(c) || c == '_';
  return false;
}

// Matches a bracket expression starting at pattern[p] == '['. Returns false in `valid` if there
// is no closing bracket (the '[' is then an ordinary character). `next` is just past the ']'.
bool bracket_matches(std::string_view pattern, std::size_t p, char32_t c, bool& valid,
                     std::size_t& next) {
  std::size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size()) {
    char pc = pattern[i];
    if (pc == ']' && !first) {
      valid = true;
      next = i + 1;
      return matched != negate;
    }
    first = false;
    if (pc == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
      std::size_t close = pattern.find(":]", i + 2);
      if (close != std::string_view::npos) {
        if (class_matches(pattern.substr(i + 2, close - i - 2), c)) matched = true;
        i = close + 2;
        continue;
      }
    }
    if (pc == '\\' && i + 1 < pattern.size()) ++i;
    char32_t lo = text::decode_utf8(pattern, i);
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      ++i;
      if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
      char32_t hi = text::decode_utf8(pattern, i);
      if (c >= lo && c <= hi) matched = true;
    } else if (c == lo) {
      matched = true;
    }
  }
  valid = false;
  return false;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matching with one saved position for the last `*`: every other element of a
  // pattern matches exactly one character, so backtracking to the last star is enough.
  std::size_t p = 0, t = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char pc = pattern[p];
      if (pc == '*') {
        while (p < pattern.size() && pattern[p] == '*') ++p;
        star_p = p;
        star_t = t;
        continue;
      }
      unsigned char c = static_cast<unsigned char>(text[t]);
      if (pc == '?') {
        ++p;
        text::decode_utf8(text, t);
        continue;
      }
      if (pc == '[') {
        bool valid = false;
        std::size_t next = 0;
        std::size_t after = t;
        char32_t cp = text::decode_utf8(text, after);
        bool ok = bracket_matches(pattern, p, cp, valid, next);
        if (valid) {
          if (ok) {
            p = next;
            t = after;
            continue;
          }
        } else if (c == '[') {
          ++p;
          ++t;
          continue;
        }
      } else {
        char literal = pc;
        std::size_t width = 1;
        if (pc == '\\' && p + 1 < pattern.size()) {
          literal = pattern[p + 1];
          width = 2;
        }
        if (static_cast<unsigned char>(literal) == c) {
          p += width;
          ++t;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    text::decode_utf8(text, star_t);
    t = star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool has_glob_chars(std::string_view pattern) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '*' || c == '?' || c == '[') {
      return true;
    }
  }
  return false;
}

std::string unescape_pattern(std::string_view pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
    out.push_back(pattern[i]);
  }
  return out;
}

std::string escape_pattern(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace ghaplay::scripts::bash
