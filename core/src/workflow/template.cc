#include "ghaplay/template.h"

#include <algorithm>

#include "common/text.h"
#include "ghaplay/workflow.h"

namespace ghaplay {
namespace {

constexpr std::string_view kOpen = "${{";
constexpr const char* kNotClosed =
    "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not "
    "found.";
constexpr const char* kExpressionExpected = "An expression was expected";

// Positions that advance byte by byte from `start`, a `\n` moving to column 1 of the next line.
Locator linear_locator(std::string_view text, SourcePosition start) {
  std::vector<std::size_t> newlines;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') newlines.push_back(i);
  }
  return [newlines = std::move(newlines), start](std::size_t offset) -> SourcePosition {
    if (!start.known()) return {};
    auto before = std::lower_bound(newlines.begin(), newlines.end(), offset);
    auto line_index = static_cast<int>(before - newlines.begin());
    if (line_index == 0) return {start.line, start.column + static_cast<int>(offset)};
    std::size_t line_begin = newlines[static_cast<std::size_t>(line_index - 1)] + 1;
    return {start.line + line_index, static_cast<int>(offset - line_begin) + 1};
  };
}

TemplatePart make_part(TemplatePart::Kind kind, std::string_view text, std::size_t offset, const Locator& locate) {
  TemplatePart part;
  part.kind = kind;
  part.text = std::string(text);
  part.position = locate(offset);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') part.line_starts.push_back(locate(offset + i + 1));
  }
  return part;
}

void add_literal(std::vector<TemplatePart>& parts, std::string_view text, std::size_t offset,
                 const Locator& locate) {
  if (!text.empty()) parts.push_back(make_part(TemplatePart::Kind::Literal, text, offset, locate));
}

// One expression between `${{` and `}}`: trimmed, positioned at its first character.
void add_expression(std::vector<TemplatePart>& parts, std::string_view raw, std::size_t raw_offset,
                    std::size_t open_offset, const Locator& locate) {
  std::string_view trimmed = text::trim(raw);
  if (trimmed.empty()) {
    TemplatePart part;
    part.kind = TemplatePart::Kind::Expression;
    part.position = locate(open_offset);
    parts.push_back(std::move(part));
    return;
  }
  std::size_t lead = static_cast<std::size_t>(trimmed.data() - raw.data());
  parts.push_back(make_part(TemplatePart::Kind::Expression, trimmed, raw_offset + lead, locate));
}

using Parsed = std::variant<expr::Expression, expr::ExpressionError>;

}  // namespace

struct TemplatePart::ParseCache {
  std::vector<std::pair<const expr::ParseOptions*, Parsed>> entries;  // a handful at most
};

namespace {

// The part's expression parsed with `options`: once per part and place when the options are one
// of workflow::parse_options()'s (a parse depends on the text and the options only).
Parsed parse_part(const TemplatePart& part, const expr::ParseOptions& options) {
  if (!workflow::is_place_options(options)) return expr::Expression::parse(part.text, options);
  if (!part.parse_cache) part.parse_cache = std::make_shared<TemplatePart::ParseCache>();
  for (const auto& [key, parsed] : part.parse_cache->entries)
    if (key == &options) return parsed;
  part.parse_cache->entries.emplace_back(&options, expr::Expression::parse(part.text, options));
  return part.parse_cache->entries.back().second;
}

SourcePosition offset_position(const TemplatePart& part, int offset) {
  return part.position_at(offset < 0 ? 0 : static_cast<std::size_t>(offset));
}

}  // namespace

SourcePosition TemplatePart::position_at(std::size_t offset) const {
  if (!position.known()) return {};
  offset = std::min(offset, text.size());
  std::size_t line = 0;
  std::size_t line_begin = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_begin = i + 1;
    }
  }
  if (line == 0 || line > line_starts.size()) return {position.line, position.column + static_cast<int>(offset)};
  SourcePosition start = line_starts[line - 1];
  return {start.line, start.column + static_cast<int>(offset - line_begin)};
}

Template Template::parse(std::string_view text, SourcePosition start) {
  return parse(text, linear_locator(text, start));
}

Template Template::parse(std::string_view text, const Locator& locate) {
  Template result;
  result.text_ = std::string(text);
  result.position_ = locate(0);
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find(kOpen, i);
    if (open == std::string_view::npos) {
      add_literal(result.parts_, text.substr(i), i, locate);
      break;
    }
    add_literal(result.parts_, text.substr(i, open - i), i, locate);
    // The expression ends at the first `}}` outside a string literal ('' toggles twice: still fine).
    std::size_t close = std::string_view::npos;
    bool in_string = false;
    for (std::size_t k = open + kOpen.size(); k < text.size(); ++k) {
      if (text[k] == '\'') {
        in_string = !in_string;
      } else if (!in_string && text[k] == '}' && text[k - 1] == '}') {
        close = k;
        break;
      }
    }
    if (close == std::string_view::npos) {
      result.syntax_error_ = TemplateError{expr::ErrorKind::Parsing, kNotClosed, locate(open)};
      result.parts_.clear();
      add_literal(result.parts_, text, 0, locate);
      return result;
    }
    std::size_t raw_begin = open + kOpen.size();
    add_expression(result.parts_, text.substr(raw_begin, close - 1 - raw_begin), raw_begin, open, locate);
    i = close + 1;
  }
  // Adjacent literal text never occurs (each literal run ends at a `${{`), so parts alternate.
  return result;
}

Template Template::parse_condition(std::string_view text, SourcePosition start) {
  return parse_condition(text, linear_locator(text, start));
}

Template Template::parse_condition(std::string_view text, const Locator& locate) {
  if (text.find(kOpen) != std::string_view::npos) return parse(text, locate);
  Template result;
  result.text_ = std::string(text);
  result.position_ = locate(0);
  std::string_view trimmed = text::trim(text);
  if (!trimmed.empty()) {
    std::size_t lead = static_cast<std::size_t>(trimmed.data() - text.data());
    result.parts_.push_back(make_part(TemplatePart::Kind::Expression, trimmed, lead, locate));
  }
  return result;
}

bool Template::has_expressions() const {
  return std::any_of(parts_.begin(), parts_.end(), [](const TemplatePart& p) { return p.is_expression(); });
}

bool Template::is_single_expression() const { return parts_.size() == 1 && parts_[0].is_expression(); }

Diagnostics check_expressions(const Template& tmpl, const expr::ParseOptions& options) {
  Diagnostics out;
  auto report = [&](std::string message, SourcePosition position) {
    Diagnostic d;
    d.severity = Severity::Error;
    d.code = DiagnosticCode::ExpressionSyntax;
    d.message = std::move(message);
    d.position = position;
    out.push_back(std::move(d));
  };
  if (tmpl.syntax_error()) report(tmpl.syntax_error()->message, tmpl.syntax_error()->position);
  for (const auto& part : tmpl.parts()) {
    if (!part.is_expression()) continue;
    if (part.text.empty()) {
      report(kExpressionExpected, part.position);
      continue;
    }
    auto parsed = parse_part(part, options);
    if (auto* error = std::get_if<expr::ExpressionError>(&parsed)) {
      report(error->message, offset_position(part, error->offset));
    }
  }
  return out;
}

std::variant<Value, TemplateError> evaluate(const Template& tmpl, const expr::EvaluationContext& context,
                                            const expr::ParseOptions& options) {
  if (tmpl.syntax_error()) return *tmpl.syntax_error();
  std::string joined;
  for (const auto& part : tmpl.parts()) {
    if (!part.is_expression()) {
      joined += part.text;
      continue;
    }
    if (part.text.empty()) return TemplateError{expr::ErrorKind::Parsing, kExpressionExpected, part.position};
    auto parsed = parse_part(part, options);
    if (auto* error = std::get_if<expr::ExpressionError>(&parsed)) {
      return TemplateError{error->kind, error->message, offset_position(part, error->offset)};
    }
    auto value = std::get<expr::Expression>(parsed).evaluate(context);
    if (auto* error = std::get_if<expr::ExpressionError>(&value)) {
      return TemplateError{error->kind, error->message, offset_position(part, error->offset)};
    }
    if (tmpl.is_single_expression()) return std::get<Value>(std::move(value));
    joined += expr::to_display_string(std::get<Value>(value));
  }
  return Value(std::move(joined));
}

}  // namespace ghaplay
