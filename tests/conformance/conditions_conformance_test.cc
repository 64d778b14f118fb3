// GitHub's own cases for `if:` normalisation, the status functions and job results
// (vectors.jsonl kinds if_normalization, status_function, job_result), run against the simulator's
// condition and step-sequence code.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "simulate/conditions.h"
#include "simulate/step_sequence.h"
#include "support/json_value.h"

namespace ghaplay::sim {
namespace {

struct Case {
  std::string source;
  std::string kind;
  std::string json;  // the whole line, parsed again per test
};

std::vector<Case> load(const std::string& kind) {
  std::vector<Case> cases;
  for (const auto& line : testing::read_lines(GHAPLAY_SOURCE_DIR "/tests/conformance/vectors.jsonl")) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    if (doc.HasParseError() || kind != doc["kind"].GetString()) continue;
    cases.push_back({doc["source"].GetString(), kind, line});
  }
  return cases;
}

expr::ParseOptions permissive_options() {
  expr::ParseOptions options;
  options.allow_any_named_value = true;
  options.functions = status_function_signatures();
  options.functions.push_back({"hashFiles", 1, 255});
  return options;
}

TEST(IfNormalization, AllCases) {
  auto cases = load("if_normalization");
  ASSERT_EQ(cases.size(), 16u);
  for (const auto& c : cases) {
    rapidjson::Document doc;
    doc.Parse(c.json.c_str());
    std::string input = doc["input"].GetString();
    SCOPED_TRACE(c.source + " input: " + input);
    std::optional<std::string> raw;
    if (input != "(absent)") {
      YAML::Node node = YAML::Load(input);
      if (!node.IsNull()) raw = node.as<std::string>();
    }
    auto normalized = normalize_condition(raw, permissive_options());
    const auto& expected = doc["expected"];
    if (expected.IsString()) {
      ASSERT_TRUE(std::holds_alternative<std::string>(normalized)) << std::get<expr::ExpressionError>(normalized).message;
      EXPECT_EQ(std::get<std::string>(normalized), expected.GetString());
    } else {
      ASSERT_TRUE(std::holds_alternative<expr::ExpressionError>(normalized));
      EXPECT_EQ(std::get<expr::ExpressionError>(normalized).message, expected["error"].GetString());
    }
  }
}

TEST(StatusFunctions, StepLevelCases) {
  auto cases = load("status_function");
  ASSERT_EQ(cases.size(), 26u);
  int checked = 0;
  for (const auto& c : cases) {
    rapidjson::Document doc;
    doc.Parse(c.json.c_str());
    const auto& context = doc["context"];
    // Composite actions' github.action_status is not simulated: ghaplay runs no composite actions.
    if (context.HasMember("composite_main_step")) continue;
    std::string status = context["job.status"].IsNull() ? "" : context["job.status"].GetString();
    SCOPED_TRACE(c.source + " " + doc["input"].GetString() + " with job.status=" + status);
    StepSequence sequence;
    if (status == "failure") sequence.finish("failure", false);
    if (status == "cancelled") sequence.finish("cancelled", false);
    auto verdict = sequence.decide(doc["input"].GetString(), {}, permissive_options());
    ASSERT_FALSE(verdict.condition_error.has_value());
    EXPECT_EQ(verdict.runs, doc["expected"].GetBool());
    ++checked;
  }
  EXPECT_EQ(checked, 16);
}

TEST(JobResults, StepSequences) {
  auto cases = load("job_result");
  ASSERT_EQ(cases.size(), 20u);
  for (const auto& c : cases) {
    rapidjson::Document doc;
    doc.Parse(c.json.c_str());
    SCOPED_TRACE(c.source + " " + c.json.substr(c.json.find("\"input\""), 200));
    StepSequence sequence;
    std::vector<bool> ran;
    for (const auto& step : doc["input"].GetArray()) {
      auto verdict = sequence.decide(step["if"].GetString(), {}, permissive_options());
      if (verdict.condition_error) {
        sequence.fail_condition();
        ran.push_back(false);
        continue;
      }
      ran.push_back(verdict.runs);
      if (verdict.runs) sequence.finish(step["result"].GetString(), step["continue-on-error"].GetBool());
    }
    const auto& expected = doc["expected"];
    if (expected.HasMember("job_result")) EXPECT_EQ(sequence.job_status(), expected["job_result"].GetString());
    if (expected.HasMember("steps_ran")) {
      std::vector<bool> want;
      for (const auto& flag : expected["steps_ran"].GetArray()) want.push_back(flag.GetBool());
      EXPECT_EQ(ran, want);
    }
  }
}

}  // namespace
}  // namespace ghaplay::sim
