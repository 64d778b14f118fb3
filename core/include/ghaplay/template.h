#pragma once
// A string from a workflow file that may hold `${{ }}` expressions, split into literal text and
// expressions, each with its exact place in the file.
//
// Splitting follows GitHub's TemplateReader (actions/runner, actions/languageservices):
// - `${{` opens an expression; it ends at the first `}}` outside a single-quoted string literal;
// - a `${{` never closed is an error: "The expression is not closed. An unescaped ${{ sequence was
//   found, but the closing }} sequence was not found." (the whole value then stays literal text);
// - an expression is trimmed of white space; an empty one is an error: "An expression was expected";
// - a value that is exactly one `${{ expr }}` (white space only inside the braces) keeps the type
//   of the expression's result; any other mix of text and expressions becomes a string, as GitHub
//   builds `format('text{0}text', expr)`. Text outside the braces, even white space or the newline a
//   `run: |` block ends with, makes it a string.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ghaplay/diagnostic.h"
#include "ghaplay/expression.h"
#include "ghaplay/source_position.h"
#include "ghaplay/value.h"

namespace ghaplay {

struct TemplatePart {
  enum class Kind { Literal, Expression };

  Kind kind = Kind::Literal;
  // Literal text, or the expression trimmed of white space (without `${{` and `}}`).
  std::string text;
  // Where text[0] is in the file. For an empty expression, where its `${{` is.
  SourcePosition position;
  // Where each further line of `text` starts (after each `\n`), for parts spanning lines.
  std::vector<SourcePosition> line_starts;

  bool is_expression() const { return kind == Kind::Expression; }
  // The place of text[offset] (offset may be text.size()): exact inside multi-line block scalars.
  // An expression error at `offset` is at position_at(offset).
  SourcePosition position_at(std::size_t offset) const;

  // An expression's parse, kept by evaluate() and check_expressions() for each of
  // workflow::parse_options()'s options, so that a template evaluated for every job or matrix leg
  // is parsed once. Copies of the part share it. Not synchronised: evaluate one Template from one
  // thread at a time.
  struct ParseCache;
  mutable std::shared_ptr<ParseCache> parse_cache;
};

struct TemplateError {
  expr::ErrorKind kind = expr::ErrorKind::Parsing;
  std::string message;
  SourcePosition position;
};

// Maps a byte offset in the template's text to its place in the file.
using Locator = std::function<SourcePosition(std::size_t offset)>;

class Template {
 public:
  Template() = default;

  // `start` is the place of text[0]; later bytes follow it, a `\n` moving to column 1 of the next line.
  static Template parse(std::string_view text, SourcePosition start = {});
  static Template parse(std::string_view text, const Locator& locate);

  // An `if:` condition: GitHub reads the whole value as one expression when it holds no `${{`
  // (`if: github.ref == 'x'`); otherwise as a template, as parse() does. Empty text has no parts.
  static Template parse_condition(std::string_view text, SourcePosition start = {});
  static Template parse_condition(std::string_view text, const Locator& locate);

  const std::string& text() const { return text_; }      // the value as written (decoded YAML)
  SourcePosition position() const { return position_; }  // of text()[0]
  const std::vector<TemplatePart>& parts() const { return parts_; }
  // The unclosed `${{`, if any (then parts() is the whole text as one literal).
  const std::optional<TemplateError>& syntax_error() const { return syntax_error_; }

  bool empty() const { return parts_.empty(); }
  bool has_expressions() const;
  // Exactly one expression and no text around it: the result keeps the expression's type.
  bool is_single_expression() const;

 private:
  std::string text_;
  SourcePosition position_;
  std::vector<TemplatePart> parts_;
  std::optional<TemplateError> syntax_error_;
};

// Parses every expression of `tmpl` with `options`. Each problem is an expression-syntax error at
// the exact place: the unclosed `${{`, an empty `${{ }}`, or the expression engine's message at the
// part's position plus the error's offset. `job`/`step` are not set.
Diagnostics check_expressions(const Template& tmpl, const expr::ParseOptions& options);

// Evaluates `tmpl`: no expression gives the text as a string; a single expression gives its value
// (any type); a mix gives the text with each expression's value as a string (null as '', arrays as
// 'Array', objects as 'Object', numbers as GitHub prints them). An empty template gives ''.
std::variant<Value, TemplateError> evaluate(const Template& tmpl, const expr::EvaluationContext& context,
                                            const expr::ParseOptions& options);

}  // namespace ghaplay
