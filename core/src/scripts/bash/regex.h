#pragma once
// A small regular-expression engine for grep, sed and [[ =~ ]]: POSIX basic and extended syntax
// with the GNU escapes people use (\+ \? \| \d \w \s \b). Matching is a Pike VM: linear in the
// text, no recursion, so a hostile pattern or a 1 MB line cannot hang or overflow the stack.
// Back-references inside a pattern are not supported (compile reports it).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ghaplay::scripts::bash {

class Regex {
 public:
  enum class Syntax { Basic, Extended };
  struct Span {
    long begin = -1;
    long end = -1;
  };

  static std::optional<Regex> compile(std::string_view pattern, Syntax syntax, bool ignore_case,
                                      std::string& error);

  // The leftmost match starting at or after `start`. groups[0] is the whole match, groups[k]
  // the k-th parenthesised group (-1 when it did not take part).
  bool search(std::string_view text, std::size_t start, std::vector<Span>& groups) const;
  std::size_t group_count() const { return groups_; }

  struct Inst {
    enum class Op { Char, Any, AnyNoNewline, Class, Split, Jump, Save, Match, LineStart, LineEnd,
                    WordBoundary, NotWordBoundary };
    Op op = Op::Match;
    char32_t c = 0;
    int x = 0, y = 0;  // Split targets / Jump target / Save slot / Class index
  };
  struct CharClass {
    std::vector<std::pair<char32_t, char32_t>> ranges;
    bool negate = false;
  };

 private:
  std::vector<Inst> program_;
  std::vector<CharClass> classes_;
  std::size_t groups_ = 0;
  bool ignore_case_ = false;
  int first_char_ = -1;  // an ASCII byte every match starts with, to skip ahead; -1 if none
  bool is_literal_ = false;  // the pattern is plain text: matched with a string search
  std::string literal_;

  bool class_matches(const CharClass& cls, char32_t c) const;
  friend class RegexCompiler;
};

}  // namespace ghaplay::scripts::bash
