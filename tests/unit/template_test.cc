// Templates: splitting at `${{ }}` as GitHub's TemplateReader does, exact positions of every part,
// expression-syntax diagnostics at the offending column, and evaluation (one expression keeps its
// type, a mix becomes a string). One row per case.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ghaplay/template.h"

namespace ghaplay {
namespace {

struct ExpectedPart {
  TemplatePart::Kind kind;
  std::string text;
  int line;
  int column;
};

std::vector<ExpectedPart> parts_of(const Template& tmpl) {
  std::vector<ExpectedPart> out;
  for (const auto& part : tmpl.parts()) out.push_back({part.kind, part.text, part.position.line, part.position.column});
  return out;
}

bool operator==(const ExpectedPart& a, const ExpectedPart& b) {
  return a.kind == b.kind && a.text == b.text && a.line == b.line && a.column == b.column;
}

std::ostream& operator<<(std::ostream& out, const ExpectedPart& p) {
  return out << (p.kind == TemplatePart::Kind::Literal ? "literal" : "expression") << " '" << p.text << "' at "
             << p.line << ":" << p.column;
}

constexpr auto L = TemplatePart::Kind::Literal;
constexpr auto E = TemplatePart::Kind::Expression;

struct SplitCase {
  const char* name;
  std::string text;
  std::vector<ExpectedPart> parts;
  bool single_expression;
};

class Split : public ::testing::TestWithParam<SplitCase> {};

// Every case starts at line 3, column 10 of an imaginary file.
TEST_P(Split, PartsAndPositions) {
  const auto& c = GetParam();
  Template tmpl = Template::parse(c.text, SourcePosition{3, 10});
  EXPECT_EQ(parts_of(tmpl), c.parts);
  EXPECT_EQ(tmpl.is_single_expression(), c.single_expression);
  EXPECT_FALSE(tmpl.syntax_error().has_value());
  EXPECT_EQ(tmpl.text(), c.text);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Split,
    ::testing::Values(
        SplitCase{"Empty", "", {}, false},
        SplitCase{"LiteralOnly", "echo hi", {{L, "echo hi", 3, 10}}, false},
        SplitCase{"SingleExpression", "${{ matrix.os }}", {{E, "matrix.os", 3, 14}}, true},
        SplitCase{"NoSpacesInside", "${{matrix.os}}", {{E, "matrix.os", 3, 13}}, true},
        SplitCase{"WideSpacesInside", "${{   x   }}", {{E, "x", 3, 16}}, true},
        // Text around the braces, even a space, makes it a string (GitHub's format()).
        SplitCase{"LeadingSpaceIsText", " ${{ x }}", {{L, " ", 3, 10}, {E, "x", 3, 15}}, false},
        SplitCase{"TrailingNewlineIsText", "${{ x }}\n", {{E, "x", 3, 14}, {L, "\n", 3, 18}}, false},
        SplitCase{"Mixed", "v=${{ a }}-${{ b }}!",
                  {{L, "v=", 3, 10}, {E, "a", 3, 16}, {L, "-", 3, 20}, {E, "b", 3, 25}, {L, "!", 3, 29}}, false},
        SplitCase{"Adjacent", "${{ a }}${{ b }}", {{E, "a", 3, 14}, {E, "b", 3, 22}}, false},
        // The closing braces inside a string literal do not end the expression.
        SplitCase{"BracesInString", "${{ format('}}{0}', x) }}", {{E, "format('}}{0}', x)", 3, 14}}, true},
        SplitCase{"EscapedQuoteInString", "${{ 'it''s }}' }}", {{E, "'it''s }}'", 3, 14}}, true},
        SplitCase{"ExtraClosingBrace", "${{ a }}}", {{E, "a", 3, 14}, {L, "}", 3, 18}}, false},
        SplitCase{"DollarWithoutBraces", "cost: $5 {{ x }}", {{L, "cost: $5 {{ x }}", 3, 10}}, false},
        // A later line starts at column 1.
        SplitCase{"SecondLine", "echo a\necho ${{ b }}", {{L, "echo a\necho ", 3, 10}, {E, "b", 4, 10}}, false},
        SplitCase{"EmptyExpressionPointsAtItsBraces", "x ${{ }}", {{L, "x ", 3, 10}, {E, "", 3, 12}}, false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Template, UnclosedExpressionIsOneLiteralWithAnError) {
  Template tmpl = Template::parse("echo ${{ 'unclosed }}", SourcePosition{2, 5});
  ASSERT_TRUE(tmpl.syntax_error().has_value());
  EXPECT_EQ(tmpl.syntax_error()->message,
            "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not "
            "found.");
  EXPECT_EQ(tmpl.syntax_error()->position, (SourcePosition{2, 10}));
  EXPECT_EQ(parts_of(tmpl), (std::vector<ExpectedPart>{{L, "echo ${{ 'unclosed }}", 2, 5}}));
}

TEST(Template, PositionAtFollowsLinesOfAMultiLineExpression) {
  Template tmpl = Template::parse("${{ a &&\n  b }}", SourcePosition{7, 12});
  ASSERT_EQ(tmpl.parts().size(), 1u);
  const auto& part = tmpl.parts()[0];
  EXPECT_EQ(part.text, "a &&\n  b");
  EXPECT_EQ(part.position_at(0), (SourcePosition{7, 16}));
  EXPECT_EQ(part.position_at(2), (SourcePosition{7, 18}));
  EXPECT_EQ(part.position_at(7), (SourcePosition{8, 3}));
  EXPECT_EQ(part.position_at(100), (SourcePosition{8, 4}));  // clamped to the end
}

TEST(Template, LocatorGivesEveryByteItsPlace) {
  // As the loader does for block scalars: byte i of the text sits at line 10 + i/4, column 7 + i%4.
  Locator locate = [](std::size_t i) { return SourcePosition{10 + static_cast<int>(i / 4), 7 + static_cast<int>(i % 4)}; };
  Template tmpl = Template::parse("ab${{ x }}", locate);
  EXPECT_EQ(parts_of(tmpl), (std::vector<ExpectedPart>{{L, "ab", 10, 7}, {E, "x", 11, 9}}));
}

struct ConditionCase {
  const char* name;
  std::string text;
  std::vector<ExpectedPart> parts;
};

class Condition : public ::testing::TestWithParam<ConditionCase> {};

TEST_P(Condition, IsAWholeExpressionWithoutBraces) {
  const auto& c = GetParam();
  EXPECT_EQ(parts_of(Template::parse_condition(c.text, SourcePosition{5, 9})), c.parts);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Condition,
    ::testing::Values(ConditionCase{"Bare", "github.ref == 'x'", {{E, "github.ref == 'x'", 5, 9}}},
                      ConditionCase{"Trimmed", "  success()  ", {{E, "success()", 5, 11}}},
                      ConditionCase{"BooleanLiteral", "true", {{E, "true", 5, 9}}},
                      ConditionCase{"Braced", "${{ always() }}", {{E, "always()", 5, 13}}},
                      // GitHub turns a mix into a string, which is always true: kept as a template.
                      ConditionCase{"MixedStaysATemplate", "${{ a }} && b", {{E, "a", 5, 13}, {L, " && b", 5, 17}}},
                      ConditionCase{"Empty", "", {}},
                      ConditionCase{"Blank", "   ", {}}),
    [](const auto& info) { return std::string(info.param.name); });

struct CheckCase {
  const char* name;
  std::string text;
  bool condition;
  std::vector<std::string> named_values;
  // Expected diagnostics: message, line, column (all expression-syntax errors).
  std::vector<std::tuple<std::string, int, int>> diagnostics;
};

class Check : public ::testing::TestWithParam<CheckCase> {};

TEST_P(Check, ReportsExactColumns) {
  const auto& c = GetParam();
  expr::ParseOptions options;
  options.named_values = c.named_values;
  options.functions = {{"success", 0, 0}};
  Template tmpl = c.condition ? Template::parse_condition(c.text, SourcePosition{4, 7})
                              : Template::parse(c.text, SourcePosition{4, 7});
  std::vector<std::tuple<std::string, int, int>> got;
  for (const auto& d : check_expressions(tmpl, options)) {
    EXPECT_EQ(d.code, DiagnosticCode::ExpressionSyntax);
    EXPECT_EQ(d.severity, Severity::Error);
    got.emplace_back(d.message, d.position.line, d.position.column);
  }
  EXPECT_EQ(got, c.diagnostics);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Check,
    ::testing::Values(
        CheckCase{"Valid", "echo ${{ github.sha }}", false, {"github"}, {}},
        // `echo ${{ ` is 9 bytes: the expression starts at column 7 + 9 = 16; `+` is at offset 2.
        CheckCase{"UnexpectedSymbol", "echo ${{ 1 + }}", false, {}, {{"Unexpected symbol: '+'. Located at position 3 within expression: 1 +", 4, 18}}},
        CheckCase{"UnknownContext", "${{ github.sha }} ${{ foo.bar }}", false, {"github"},
                  {{"Unrecognized named-value: 'foo'. Located at position 1 within expression: foo.bar", 4, 29}}},
        CheckCase{"TwoErrors", "${{ a b }} ${{ ) }}", false, {"a"},
                  {{"Unexpected symbol: 'b'. Located at position 3 within expression: a b", 4, 13},
                   {"Unexpected symbol: ')'. Located at position 1 within expression: )", 4, 22}}},
        CheckCase{"Unclosed", "x ${{ a", false, {"a"},
                  {{"The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence "
                    "was not found.",
                    4, 9}}},
        CheckCase{"EmptyExpression", "${{ }}", false, {}, {{"An expression was expected", 4, 7}}},
        CheckCase{"ConditionWithoutBraces", "success() && x ==", true, {"x"},
                  {{"Unexpected end of expression: '=='. Located at position 16 within expression: success() && x ==", 4, 22}}},
        CheckCase{"ConditionStatusFunctionTakesNoArguments", "success(1)", true, {},
                  {{"Too many parameters supplied: 'success'. Located at position 1 within expression: success(1)", 4, 7}}}),
    [](const auto& info) { return std::string(info.param.name); });

struct EvaluateCase {
  const char* name;
  std::string text;
  Value expected;
};

class Evaluate : public ::testing::TestWithParam<EvaluateCase> {};

expr::EvaluationContext matrix_context() {
  expr::EvaluationContext context;
  Value matrix = Value::object();
  matrix.as_object().add("os", Value("linux"));
  matrix.as_object().add("node", Value(16));
  matrix.as_object().add("flag", Value(true));
  context.contexts.as_object().add("matrix", matrix);
  return context;
}

TEST_P(Evaluate, KeepsTypeOnlyForASingleExpression) {
  const auto& c = GetParam();
  expr::ParseOptions options;
  options.named_values = {"matrix"};
  auto result = evaluate(Template::parse(c.text), matrix_context(), options);
  ASSERT_TRUE(std::holds_alternative<Value>(result)) << std::get<TemplateError>(result).message;
  const Value& value = std::get<Value>(result);
  EXPECT_EQ(value.kind(), c.expected.kind());
  EXPECT_TRUE(same_content(value, c.expected)) << expr::to_json(value);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Evaluate,
    ::testing::Values(EvaluateCase{"Literal", "plain text", Value("plain text")},
                      EvaluateCase{"Empty", "", Value("")},
                      EvaluateCase{"SingleNumber", "${{ matrix.node }}", Value(16)},
                      EvaluateCase{"SingleBoolean", "${{ matrix.flag }}", Value(true)},
                      EvaluateCase{"SingleNull", "${{ matrix.missing }}", Value()},
                      EvaluateCase{"MixedIsString", "node ${{ matrix.node }}", Value("node 16")},
                      EvaluateCase{"BlockEndingNewlineIsString", "${{ matrix.flag }}\n", Value("true\n")},
                      EvaluateCase{"NullInMixIsEmpty", "[${{ matrix.missing }}]", Value("[]")},
                      EvaluateCase{"TwoExpressions", "${{ matrix.os }}-${{ matrix.node }}", Value("linux-16")},
                      EvaluateCase{"ObjectInMix", "m=${{ matrix }}", Value("m=Object")}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Template, EvaluationErrorsCarryThePosition) {
  expr::ParseOptions options;
  options.named_values = {"matrix"};
  auto result = evaluate(Template::parse("x ${{ fromJSON('{') }}", SourcePosition{9, 3}), matrix_context(), options);
  ASSERT_TRUE(std::holds_alternative<TemplateError>(result));
  const auto& error = std::get<TemplateError>(result);
  EXPECT_EQ(error.kind, expr::ErrorKind::Evaluation);
  EXPECT_EQ(error.message, "Error parsing JSON when evaluating fromJson");
  EXPECT_EQ(error.position, (SourcePosition{9, 9}));  // the expression's first character
}

TEST(Template, EvaluatingAnUnclosedTemplateFails) {
  auto result = evaluate(Template::parse("${{ x"), matrix_context(), expr::ParseOptions{});
  ASSERT_TRUE(std::holds_alternative<TemplateError>(result));
  EXPECT_EQ(std::get<TemplateError>(result).kind, expr::ErrorKind::Parsing);
}

}  // namespace
}  // namespace ghaplay
