#pragma once
// The grammar of the bash subset, by recursive descent. Like bash, the parser hands over one
// complete command at a time (`parse_next`), so that a syntax error on line 9 lets lines 1-8 run.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "scripts/bash/ast.h"
#include "scripts/bash/lexer.h"
#include "scripts/bash/syntax_error.h"

namespace ghaplay::scripts::bash {

class Parser : public SubstitutionParser {
 public:
  // `base` is added to every offset; `depth` is the nesting already used by the caller.
  Parser(std::string_view text, std::size_t base, SyntaxError& error, int depth = 0);

  // The next complete command, or null at the end of the text or after a syntax error.
  NodePtr parse_next();
  // Every command of the text as one list (backticks, eval, source, traps).
  NodePtr parse_all();

  NodePtr parse_command_substitution(std::size_t offset) override;
  NodePtr parse_backticks(const std::string& text, std::size_t offset) override;

 private:
  const Token& peek();
  Token take();
  bool peek_plain(std::string_view word);
  bool expect_plain(std::string_view word);
  bool expect_op(std::string_view op);
  void fail_at(const Token& token);
  void skip_newlines();
  bool at_list_end();

  NodePtr parse_compound_list(bool allow_empty);
  NodePtr parse_and_or();
  NodePtr parse_pipeline();
  NodePtr parse_command();
  NodePtr parse_simple_command();
  NodePtr parse_function(std::string name, std::size_t offset);
  NodePtr parse_group();
  NodePtr parse_subshell();
  NodePtr parse_if();
  NodePtr parse_while();
  NodePtr parse_for();
  NodePtr parse_case();
  NodePtr parse_cond();
  NodePtr parse_arith_command();
  bool parse_redirect(std::vector<Redirect>& out);
  bool at_redirect();
  void parse_trailing_redirects(Node& node);

  Lexer lexer_;
  SyntaxError& error_;
  std::optional<Token> peeked_;
};

// Splits `NAME=value`, `NAME+=value`, `NAME[i]=value` off the start of a word; false if the word
// is no assignment. Used by the parser and by declaration builtins (export, local, declare).
bool split_assignment(const Word& word, Assignment& out);

}  // namespace ghaplay::scripts::bash
