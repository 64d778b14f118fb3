#include <gtest/gtest.h>

#include <set>

#include "ghaplay/expression.h"
#include "simulate/scenario.h"

namespace ghaplay::sim {
namespace {

TEST(ScenarioTest, EmptyTextIsAnEmptyScenario) {
  Diagnostics diagnostics;
  auto scenario = parse_scenario("  \n", diagnostics);
  EXPECT_TRUE(diagnostics.empty());
  EXPECT_TRUE(scenario.steps.empty());
  EXPECT_EQ(scenario.order.describe(), "declared");
}

TEST(ScenarioTest, ReadsEveryKey) {
  Diagnostics diagnostics;
  auto scenario = parse_scenario(R"({"secrets":{"TOKEN":"s3cr3t"},"vars":{"N":3},"inputs":{"x":true},
    "github":{"ref":"refs/heads/dev"},"order":"seed:42",
    "steps":[{"job":"build","step":"v","matrix":{"os":"linux"},"outputs":{"a":"1","b":2},"outcome":"failure"}]})",
                                 diagnostics);
  ASSERT_TRUE(diagnostics.empty()) << diagnostics[0].message;
  EXPECT_EQ(scenario.secrets.as_object().find("token")->as_string(), "s3cr3t");
  EXPECT_EQ(scenario.vars.as_object().find("N")->as_string(), "3");  // vars are strings on GitHub
  EXPECT_TRUE(scenario.inputs.as_object().find("x")->as_bool());
  EXPECT_EQ(scenario.github.as_object().find("ref")->as_string(), "refs/heads/dev");
  EXPECT_EQ(scenario.order.describe(), "seed:42");
  ASSERT_EQ(scenario.steps.size(), 1u);
  const auto& step = scenario.steps[0];
  EXPECT_EQ(step.job, "build");
  EXPECT_EQ(step.step, "v");
  EXPECT_EQ(step.outputs.as_object().find("b")->as_string(), "2");
  EXPECT_EQ(step.outcome.value(), "failure");
  EXPECT_TRUE(matrix_matches(step.matrix, std::get<Value>(expr::from_json(R"({"os":"linux","v":1})"))));
  EXPECT_FALSE(matrix_matches(step.matrix, std::get<Value>(expr::from_json(R"({"os":"mac","v":1})"))));
}

struct BadRow {
  const char* json;
  const char* message_part;
};

class BadScenarioTest : public ::testing::TestWithParam<BadRow> {};

TEST_P(BadScenarioTest, GivesADiagnostic) {
  Diagnostics diagnostics;
  parse_scenario(GetParam().json, diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, DiagnosticCode::InvalidScenario);
  EXPECT_NE(diagnostics[0].message.find(GetParam().message_part), std::string::npos) << diagnostics[0].message;
}

INSTANTIATE_TEST_SUITE_P(Rows, BadScenarioTest,
                         ::testing::Values(BadRow{"[1]", "not a JSON object"}, BadRow{"{nope", "not a JSON object"},
                                           BadRow{R"({"order":"random"})", "\"order\" must be"},
                                           BadRow{R"({"order":"seed:x"})", "\"order\" must be"},
                                           BadRow{R"({"steps":{}})", "must be a list"},
                                           BadRow{R"({"steps":[{"job":"a"}]})", "needs \"job\""},
                                           BadRow{R"({"steps":[{"job":"a","step":"b","outcome":"ok"}]})", ".outcome must be"},
                                           BadRow{R"({"secret":{}})", "Unknown scenario key \"secret\""}));

TEST(CompletionSequenceTest, Orders) {
  EXPECT_EQ(completion_sequence({CompletionOrder::Kind::Declared, 0}, 3, 0), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(completion_sequence({CompletionOrder::Kind::Reverse, 0}, 3, 0), (std::vector<std::size_t>{2, 1, 0}));
  auto a = completion_sequence({CompletionOrder::Kind::Seeded, 7}, 10, 1);
  auto b = completion_sequence({CompletionOrder::Kind::Seeded, 7}, 10, 1);
  EXPECT_EQ(a, b);  // replayable
  EXPECT_EQ(std::set<std::size_t>(a.begin(), a.end()).size(), 10u);  // a permutation
  std::vector<std::vector<std::size_t>> seen;
  for (std::uint32_t seed = 0; seed < 5; ++seed) seen.push_back(completion_sequence({CompletionOrder::Kind::Seeded, seed}, 10, 1));
  EXPECT_NE(seen[0], seen[1]);  // different seeds shuffle differently
}

}  // namespace
}  // namespace ghaplay::sim
