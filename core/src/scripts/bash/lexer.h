#pragma once
// Splits a script into tokens: operators, newlines and words. Words are scanned into their parts
// (quotes, $-expansions, backticks) here; a `$(` hands control back to the parser through
// `SubstitutionParser`, because only the grammar knows where the command inside ends.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scripts/bash/ast.h"
#include "scripts/bash/syntax_error.h"

namespace ghaplay::scripts::bash {

struct Token {
  enum class Kind { Word, Op, Newline, IoNumber, End };
  Kind kind = Kind::End;
  std::string op;  // for Op
  Word word;       // for Word
  int io_number = -1;
  std::size_t offset = 0;

  bool is_op(std::string_view o) const { return kind == Kind::Op && op == o; }
  // A word written without any quoting or expansion, as reserved words must be.
  bool is_plain(std::string_view text) const;
};

class SubstitutionParser {
 public:
  virtual ~SubstitutionParser() = default;
  // Called with the lexer just after `$(`; parses commands up to and including the closing `)`.
  virtual NodePtr parse_command_substitution(std::size_t offset) = 0;
  // Parses the text of a backtick substitution (already unescaped) found at `offset`.
  virtual NodePtr parse_backticks(const std::string& text, std::size_t offset) = 0;
};

// A here-document waiting for its body, which starts on the line after the operator.
struct PendingHereDoc {
  std::shared_ptr<Word> body;
  std::string delimiter;
  bool quoted = false;
  bool strip_tabs = false;
  std::size_t offset = 0;
};

class Lexer {
 public:
  // `base` is added to every offset (backtick bodies are lexed apart from the script).
  Lexer(std::string_view text, std::size_t base, SyntaxError& error, int depth);

  void set_parser(SubstitutionParser* parser) { parser_ = parser; }

  Token next();
  // The right side of =~ in [[ ]]: ( ) | are part of the word.
  Token next_regex_word();
  // After the `((` of an arithmetic command or `for ((`: the text up to the matching `))`.
  Word read_arith_command();

  void add_heredoc(PendingHereDoc heredoc) { heredocs_.push_back(std::move(heredoc)); }
  // Reads the bodies of pending here-documents; called after a newline token.
  void read_heredoc_bodies();
  int depth() const { return depth_; }

  // The parser shares the lexer's nesting count for compound commands.
  bool nest_checked() { return nest(); }
  void unnest_checked() { unnest(); }

 private:
  enum class Mode { Unquoted, DoubleQuoted, HereDoc, ParamArg, ParamPattern, ParamOffset, Arith, ArithBracket, Regex };

  void skip_blanks();
  bool scan_word(Word& word, Mode mode);
  // Scans parts until the mode's terminator; returns false on a syntax error.
  bool scan_parts(std::vector<WordPart>& parts, Mode mode, std::size_t end);
  bool scan_dollar(std::vector<WordPart>& parts, bool in_double_quotes, std::size_t end);
  bool scan_brace_param(std::vector<WordPart>& parts, std::size_t start, std::size_t end);
  bool scan_backticks(std::vector<WordPart>& parts, bool in_double_quotes, std::size_t end);
  bool scan_single_quotes(std::vector<WordPart>& parts, std::size_t end);
  bool scan_ansi_c(std::vector<WordPart>& parts, std::size_t end);
  bool scan_arith_body(Word& word, std::size_t end);
  bool scan_array_literal(WordPart& part, std::size_t end);
  bool is_terminator(char c, Mode mode, int paren_depth) const;
  static bool is_plain(char c, Mode mode);
  bool nest();
  void unnest() { --depth_; }
  std::size_t at(std::size_t pos) const { return base_ + pos; }
  void fail_eof(std::size_t offset, std::string_view looking_for);

  std::string_view text_;
  std::size_t base_;
  std::size_t pos_ = 0;
  SyntaxError& error_;
  int depth_;
  SubstitutionParser* parser_ = nullptr;
  std::vector<PendingHereDoc> heredocs_;
  bool strip_tabs_ = false;  // scanning the body of a <<- here-document
};

}  // namespace ghaplay::scripts::bash
