// The interpreters' contract as JSON (scripts/script_json.h), which carries every script between
// the engine module and the interpreter modules in the browser: whatever a script or its files
// hold must arrive as it left, and a malformed message must be refused with a reason.
#include <gtest/gtest.h>

#include "scripts/script.h"
#include "scripts/script_json.h"

namespace ghaplay::scripts {
namespace {

// Bytes that are not UTF-8, a NUL, controls and quotes: what a script's files may hold.
const std::string kAwkwardBytes = std::string("a\0b", 3) + "\xff\xfe\"\\\n\t\x01 é";

TEST(ScriptJson, InputArrivesAsItLeft) {
  std::map<std::string, std::string> base_env = {{"CI", "true"}, {"HOME", "/home/runner"}, {"ODD", kAwkwardBytes}};
  ScriptCache cache;
  ScriptInput input;
  input.source = "echo \"x=$ODD\" >> \"$GITHUB_OUTPUT\"\n" + kAwkwardBytes;
  input.env = {{"GITHUB_OUTPUT", "/tmp/out"}, {kAwkwardBytes, "v"}};
  input.base_env = &base_env;
  input.cache = &cache;
  input.files = {{"/tmp/out", ""}, {"/tmp/data", kAwkwardBytes}};
  input.step_budget = 1234;
  input.command_line = "bash --noprofile --norc -eo pipefail {0}";

  ScriptRequest request;
  std::string error;
  ASSERT_TRUE(decode_script_input(encode_script_input(input), request, error)) << error;
  EXPECT_EQ(request.input.source, input.source);
  EXPECT_EQ(request.input.env, input.env);
  EXPECT_TRUE(request.has_base_env);
  EXPECT_EQ(request.input.base_env, nullptr);  // sent beside, set by the receiver
  EXPECT_TRUE(request.cacheable);
  EXPECT_EQ(request.input.cache, nullptr);  // the receiver keeps its own
  std::map<std::string, std::string> base_back = {{"stale", "entry"}};
  ASSERT_TRUE(decode_environment(encode_environment(base_env), base_back, error)) << error;
  EXPECT_EQ(base_back, base_env);
  EXPECT_EQ(request.input.files, input.files);
  EXPECT_EQ(request.input.step_budget, 1234u);
  EXPECT_EQ(request.input.command_line, input.command_line);
}

TEST(ScriptJson, InputWithoutBaseEnvironment) {
  ScriptInput input;
  input.source = "Write-Output hi";
  ScriptRequest request;
  std::string error;
  ASSERT_TRUE(decode_script_input(encode_script_input(input), request, error)) << error;
  EXPECT_FALSE(request.has_base_env);
  EXPECT_FALSE(request.cacheable);
  EXPECT_EQ(request.input.command_line, "bash -e {0}");
}

TEST(ScriptJson, ResultArrivesAsItLeft) {
  ScriptResult result;
  result.log = "hello\n" + kAwkwardBytes;
  result.exit_code = -3;
  result.files = {{"/tmp/out", "x=" + kAwkwardBytes + "\n"}};
  result.work = 99;
  result.notices.push_back({ScriptNotice::Kind::UnsimulatedCommand, "curl is not simulated", 3, 7, "curl", true});
  result.notices.push_back({ScriptNotice::Kind::BudgetExhausted, "stopped", 1, 1, "", false});
  result.notices.push_back({ScriptNotice::Kind::Unsupported, kAwkwardBytes, 2, 2, "", false});

  ScriptResult back;
  std::string error;
  ASSERT_TRUE(decode_script_result(encode_script_result(result), back, error)) << error;
  EXPECT_EQ(back.log, result.log);
  EXPECT_EQ(back.exit_code, -3);
  EXPECT_EQ(back.files, result.files);
  EXPECT_EQ(back.work, 99u);
  ASSERT_EQ(back.notices.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back.notices[i].kind, result.notices[i].kind);
    EXPECT_EQ(back.notices[i].message, result.notices[i].message);
    EXPECT_EQ(back.notices[i].line, result.notices[i].line);
    EXPECT_EQ(back.notices[i].column, result.notices[i].column);
    EXPECT_EQ(back.notices[i].command, result.notices[i].command);
    EXPECT_EQ(back.notices[i].feeds_output, result.notices[i].feeds_output);
  }
}

// What a real run answers survives the trip: the same as running the script where the engine is.
TEST(ScriptJson, ARunThroughJsonEqualsARunInPlace) {
  std::map<std::string, std::string> base_env = {{"GREETING", "hi"}};
  ScriptInput input;
  input.source = "echo \"$GREETING $1\"\nprintf 'v=\\xff\\n' >> \"$GITHUB_OUTPUT\"\ncurl example.com\n";
  input.env = {{"GITHUB_OUTPUT", "/tmp/out"}};
  input.base_env = &base_env;
  input.files = {{"/tmp/out", ""}};
  ScriptResult direct = run_bash(input);

  ScriptRequest request;
  std::string error;
  ASSERT_TRUE(decode_script_input(encode_script_input(input), request, error)) << error;
  std::map<std::string, std::string> base_back;
  ASSERT_TRUE(decode_environment(encode_environment(base_env), base_back, error)) << error;
  request.input.base_env = &base_back;
  ScriptResult carried;
  ASSERT_TRUE(decode_script_result(encode_script_result(run_bash(request.input)), carried, error)) << error;
  EXPECT_EQ(carried.log, direct.log);
  EXPECT_EQ(carried.files, direct.files);
  EXPECT_EQ(carried.files.at("/tmp/out"), "v=\xff\n");
  EXPECT_EQ(carried.exit_code, direct.exit_code);
  EXPECT_EQ(carried.work, direct.work);
  ASSERT_EQ(carried.notices.size(), direct.notices.size());
  ASSERT_FALSE(carried.notices.empty());  // curl is not simulated
  EXPECT_EQ(carried.notices[0].command, "curl");
}

TEST(ScriptJson, MalformedMessagesAreRefusedWithAReason) {
  ScriptRequest request;
  std::string error;
  EXPECT_FALSE(decode_script_input("not json", request, error));
  EXPECT_NE(error.find("not JSON"), std::string::npos) << error;
  EXPECT_FALSE(decode_script_input("[1]", request, error));
  EXPECT_EQ(error, "not a JSON object");
  EXPECT_FALSE(decode_script_input(R"({"source": 1})", request, error));
  EXPECT_EQ(error, "\"source\" must be a string");
  std::map<std::string, std::string> env;
  EXPECT_FALSE(decode_environment(R"({"env": {"A": null}})", env, error));
  EXPECT_EQ(error, "\"env\" must be an object of strings");

  ScriptResult result;
  EXPECT_FALSE(decode_script_result(R"({"log":"","exit_code":0,"files":{},"work":0,"notices":[{"kind":"odd"}]})",
                                    result, error));
  EXPECT_EQ(error, "\"message\" must be a string");
  EXPECT_FALSE(decode_script_result(R"({"log":"","exit_code":0,"files":{"a":1},"work":0,"notices":[]})", result, error));
  EXPECT_EQ(error, "\"files\" must be an object of strings");
}

TEST(ScriptJson, AFailedInterpreterSaysWhy) {
  ScriptResult result;
  std::string error;
  EXPECT_FALSE(decode_script_result(encode_script_failure("out of \"memory\""), result, error));
  EXPECT_EQ(error, "out of \"memory\"");
}

}  // namespace
}  // namespace ghaplay::scripts
