// Runs every expression case of GitHub's cross-language conformance suite (vectors.jsonl, kind
// "expression") through the engine: value and kind must match; errors must match in kind and
// contain GitHub's message.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <string>

#include "ghaplay/expression.h"
#include "support/json_value.h"

namespace ghaplay {
namespace {

struct Case {
  std::string source;
  std::string input;
  Value context;
  bool expects_error = false;
  std::string kind;        // expected value kind, or error kind
  Value value;             // expected value
  std::string message;     // expected error message part
};

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  for (const auto& line : testing::read_lines(GHAPLAY_SOURCE_DIR "/tests/conformance/vectors.jsonl")) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    if (doc.HasParseError() || std::string(doc["kind"].GetString()) != "expression") continue;
    Case c;
    c.source = doc["source"].GetString();
    c.input = std::string(doc["input"].GetString(), doc["input"].GetStringLength());
    c.context = testing::to_value(doc["context"]);
    const auto& expected = doc["expected"];
    if (expected.HasMember("error")) {
      c.expects_error = true;
      c.kind = expected["error"]["kind"].GetString();
      c.message = expected["error"]["message_contains"].GetString();
    } else {
      c.kind = expected["kind"].GetString();
      c.value = testing::to_value(expected["value"]);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

const std::vector<Case>& all_cases() {
  static const std::vector<Case> cases = load_cases();
  return cases;
}

TEST(ExpressionConformance, SuiteIsComplete) { EXPECT_EQ(all_cases().size(), 1020u); }

class ExpressionConformanceTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ExpressionConformanceTest, MatchesGitHub) {
  const Case& c = all_cases()[GetParam()];
  SCOPED_TRACE(c.source + "\n  expression: " + c.input);
  expr::ParseOptions options;
  for (const auto& entry : c.context.as_object()) options.named_values.push_back(entry.first);
  expr::EvaluationContext context;
  context.contexts = c.context;

  std::variant<Value, expr::ExpressionError> result;
  auto parsed = expr::Expression::parse(c.input, options);
  if (auto* error = std::get_if<expr::ExpressionError>(&parsed)) {
    result = *error;
  } else {
    result = std::get<expr::Expression>(parsed).evaluate(context);
  }

  if (c.expects_error) {
    auto* error = std::get_if<expr::ExpressionError>(&result);
    ASSERT_NE(error, nullptr) << "expected a " << c.kind << " error containing: " << c.message;
    EXPECT_EQ(expr::error_kind_name(error->kind), c.kind) << error->message;
    EXPECT_NE(error->message.find(c.message), std::string::npos)
        << "message: " << error->message << "\nexpected to contain: " << c.message;
    return;
  }
  auto* error = std::get_if<expr::ExpressionError>(&result);
  ASSERT_EQ(error, nullptr) << "unexpected error: " << error->message;
  const Value& value = std::get<Value>(result);
  EXPECT_EQ(kind_name(value.kind()), c.kind);
  EXPECT_TRUE(same_content(value, c.value)) << "got: " << expr::to_json(value) << "\nwant: " << expr::to_json(c.value);
}

std::string case_name(const ::testing::TestParamInfo<std::size_t>& info) {
  // "actions/languageservices@...:expressions/testdata/op_eq.json#name[0]" -> op_eq_name_0_<index>
  const std::string& source = all_cases()[info.param].source;
  std::string tail = source.substr(source.rfind('/') + 1);
  std::string name;
  for (char c : tail) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return name + "_" + std::to_string(info.param);
}

INSTANTIATE_TEST_SUITE_P(Vectors, ExpressionConformanceTest,
                         ::testing::Range<std::size_t>(0, all_cases().size()), case_name);

}  // namespace
}  // namespace ghaplay
