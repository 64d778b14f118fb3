// Runs every actions/runner L0 case of tests/conformance/vectors.jsonl about file commands
// (`github_output_file`, `github_env_file`) and workflow command parsing (`workflow_command_parse`)
// against ghaplay's parsers, and checks the expected results exactly.
//
// A case ghaplay cannot satisfy belongs in kKnownFailures below with its reason; there are none.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runner/file_commands.h"
#include "runner/workflow_commands.h"

namespace ghaplay::runner {
namespace {

struct Case {
  int line = 0;  // line in vectors.jsonl
  std::string kind;
  std::string source;
  std::string json;  // the whole case, parsed again by each test
};

// (line in vectors.jsonl) -> why ghaplay does not pass it. Empty: every case passes.
const std::map<int, std::string> kKnownFailures = {};

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::ifstream in(std::string(GHAPLAY_SOURCE_DIR) + "/tests/conformance/vectors.jsonl");
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    rapidjson::Document doc;
    doc.Parse(line.c_str(), line.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("kind")) continue;
    std::string kind = doc["kind"].GetString();
    if (kind != "github_output_file" && kind != "github_env_file" && kind != "workflow_command_parse") continue;
    cases.push_back({number, kind, doc["source"].GetString(), line});
  }
  return cases;
}

const std::vector<Case>& all_cases() {
  static const std::vector<Case> cases = load_cases();
  return cases;
}

std::string str(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

std::map<std::string, std::string> object_of(const rapidjson::Value& v) {
  std::map<std::string, std::string> out;
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) out[str(it->name)] = str(it->value);
  return out;
}

class RunnerConformance : public ::testing::TestWithParam<Case> {};

void check_output_file(const rapidjson::Document& doc) {
  const auto& expected = doc["expected"];
  std::optional<std::string> input;
  if (!doc["input"].IsNull()) input = str(doc["input"]);
  const bool bom = doc["context"].HasMember("bom") && doc["context"]["bom"].GetBool();
  // The runner reads the file with BOM detection: the case must hold with and without one.
  std::vector<std::optional<std::string>> variants = {input};
  if (input && bom) variants.push_back("\xEF\xBB\xBF" + *input);
  for (const auto& content : variants) {
    SCOPED_TRACE(content ? "content: " + *content : std::string("file missing"));
    auto result = parse_output_file(content ? std::optional<std::string_view>(*content) : std::nullopt);
    if (expected.HasMember("error_contains")) {
      ASSERT_TRUE(result.error.has_value());
      EXPECT_NE(result.error->message.find(str(expected["error_contains"])), std::string::npos)
          << result.error->message;
      continue;
    }
    ASSERT_FALSE(result.error.has_value()) << result.error->message;
    ObjectData outputs;
    merge_outputs(outputs, result.pairs);
    std::map<std::string, std::string> actual;
    for (const auto& [name, value] : outputs) actual[name] = value.as_string();
    EXPECT_EQ(actual, object_of(expected["outputs"]));
    if (expected.HasMember("issues")) EXPECT_EQ(result.issues.size(), expected["issues"].GetUint());
  }
}

void check_env_file(const rapidjson::Document& doc) {
  const auto& expected = doc["expected"];
  std::string input = str(doc["input"]);
  for (const auto& content : {input, "\xEF\xBB\xBF" + input}) {
    auto result = parse_env_file(content);
    ASSERT_FALSE(result.error.has_value()) << result.error->message;
    std::vector<std::pair<std::string, std::string>> env;
    merge_env(env, result.pairs);
    std::map<std::string, std::string> actual(env.begin(), env.end());
    EXPECT_EQ(actual, object_of(expected["env"]));
    ASSERT_EQ(result.issues.size(), expected["issues"].GetUint());
    if (expected.HasMember("issue_message")) EXPECT_EQ(result.issues[0].message, str(expected["issue_message"]));
  }
}

void check_command_parse(const rapidjson::Document& doc) {
  const auto& expected = doc["expected"];
  std::vector<std::string> registered;
  for (const auto& name : doc["context"]["registered"].GetArray()) registered.push_back(str(name));
  auto parsed = parse_command_line(str(doc["input"]), registered);
  if (expected.HasMember("parsed") && !expected["parsed"].GetBool()) {
    EXPECT_FALSE(parsed.has_value());
    return;
  }
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->name, str(expected["command"]));
  EXPECT_EQ(parsed->data, str(expected["data"]));
  std::map<std::string, std::string> properties(parsed->properties.begin(), parsed->properties.end());
  EXPECT_EQ(properties.size(), parsed->properties.size()) << "duplicate property keys";
  EXPECT_EQ(properties, object_of(expected["properties"]));
  // The parser the case names: `::` (v2) or `##[` (legacy).
  const std::string parser = str(doc["context"]["parser"]);
  EXPECT_EQ(parsed->legacy, parser.rfind("legacy", 0) == 0);
}

TEST_P(RunnerConformance, MatchesExpected) {
  const Case& c = GetParam();
  SCOPED_TRACE(c.source);
  auto known = kKnownFailures.find(c.line);
  if (known != kKnownFailures.end()) GTEST_SKIP() << "known failure: " << known->second;
  rapidjson::Document doc;
  doc.Parse(c.json.c_str(), c.json.size());
  ASSERT_FALSE(doc.HasParseError());
  if (c.kind == "github_output_file") check_output_file(doc);
  if (c.kind == "github_env_file") check_env_file(doc);
  if (c.kind == "workflow_command_parse") check_command_parse(doc);
}

INSTANTIATE_TEST_SUITE_P(Vectors, RunnerConformance, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.kind + "_line" + std::to_string(info.param.line);
                         });

// Guards against a data file that silently lost cases (or a filter that drops them).
TEST(RunnerConformanceData, HasEveryCase) {
  std::map<std::string, int> counts;
  for (const auto& c : all_cases()) ++counts[c.kind];
  EXPECT_EQ(counts["github_output_file"], 14);
  EXPECT_EQ(counts["github_env_file"], 2);
  EXPECT_EQ(counts["workflow_command_parse"], 14);
}

}  // namespace
}  // namespace ghaplay::runner
