// The interpreters' contract as bytes (scripts/script_wire.h), which carries every script between
// the engine module and the interpreter modules in the browser: whatever a script or its files
// hold must arrive as it left, and a malformed message must be refused with a reason.
#include <gtest/gtest.h>

#include "scripts/script.h"
#include "scripts/script_wire.h"

namespace ghaplay::scripts {
namespace {

// Bytes that are not UTF-8, a NUL, controls and quotes: what a script's files may hold.
const std::string kAwkwardBytes = std::string("a\0b", 3) + "\xff\xfe\"\\\n\t\x01 é";

TEST(ScriptWire, InputArrivesAsItLeft) {
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

TEST(ScriptWire, InputWithoutBaseEnvironment) {
  ScriptInput input;
  input.source = "Write-Output hi";
  ScriptRequest request;
  std::string error;
  ASSERT_TRUE(decode_script_input(encode_script_input(input), request, error)) << error;
  EXPECT_FALSE(request.has_base_env);
  EXPECT_FALSE(request.cacheable);
  EXPECT_EQ(request.input.command_line, "bash -e {0}");
}

TEST(ScriptWire, ResultArrivesAsItLeft) {
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
TEST(ScriptWire, ARunCarriedAcrossEqualsARunInPlace) {
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

ScriptResult sample_result() {
  ScriptResult result;
  result.log = "out\n";
  result.exit_code = 1;
  result.files = {{"/tmp/out", "v=1\n"}, {"/tmp/z", ""}};
  result.notices.push_back({ScriptNotice::Kind::UnsimulatedCommand, "curl is not simulated", 3, 7, "curl", true});
  result.work = 5;
  return result;
}

TEST(ScriptWire, MalformedMessagesAreRefusedWithAReason) {
  ScriptRequest request;
  std::string error;
  EXPECT_FALSE(decode_script_input("", request, error));
  EXPECT_EQ(error, "an empty message where a script request was expected");
  EXPECT_FALSE(decode_script_input("{\"source\": 1}", request, error));
  EXPECT_EQ(error, "not a script request (it starts with the byte 0x7b)");
  // An environment is not a request, nor a request an answer.
  EXPECT_FALSE(decode_script_input(encode_environment({{"A", "1"}}), request, error));
  EXPECT_EQ(error, "not a script request (it starts with the byte 0x45)");
  ScriptResult result;
  EXPECT_FALSE(decode_script_result(encode_script_input(ScriptInput()), result, error));
  EXPECT_EQ(error, "not a script's answer (it starts with the byte 0x52)");

  std::string answer = encode_script_result(sample_result());
  EXPECT_FALSE(decode_script_result(answer + "x", result, error));
  EXPECT_EQ(error, "1 bytes after the end of the message");

  // The source's length says more bytes than the message holds.
  std::string request_bytes = encode_script_input(ScriptInput());
  request_bytes[1] = '\x7f';
  EXPECT_FALSE(decode_script_input(request_bytes, request, error));
  EXPECT_EQ(error, "truncated: the source needs 127 bytes at byte 5, " + std::to_string(request_bytes.size() - 5) + " left");

  // A map written out of order did not come from a std::map.
  std::string env = encode_environment({{"A", "1"}, {"B", "2"}});
  env[9] = 'C';  // A -> C: C, B
  std::map<std::string, std::string> decoded;
  EXPECT_FALSE(decode_environment(env, decoded, error));
  EXPECT_EQ(error, "the names in the environment are not in order");

  // A notice of a kind that does not exist, and a count of notices past the message's end.
  std::string odd = answer;
  std::size_t kind_at = odd.size() - 8 - 1 - (4 + 4) - 4 - 4 - (4 + 21) - 1;  // back from the end
  ASSERT_EQ(odd[kind_at], '\0');
  odd[kind_at] = '\x09';
  EXPECT_FALSE(decode_script_result(odd, result, error));
  EXPECT_EQ(error, "a notice of unknown kind 9");
  std::string many = answer;
  many[kind_at - 4] = '\xff';
  EXPECT_FALSE(decode_script_result(many, result, error));
  EXPECT_EQ(error, "more notices than the message can hold");
}

// Every message cut short anywhere is refused, and nothing is read past its end (ASan would say).
TEST(ScriptWire, EveryTruncationIsRefused) {
  ScriptInput input;
  input.source = "echo hi";
  input.env = {{"GITHUB_OUTPUT", "/tmp/out"}};
  input.files = {{"/tmp/out", "x"}};
  std::string request_bytes = encode_script_input(input);
  std::string answer = encode_script_result(sample_result());
  std::string env = encode_environment({{"A", "1"}});
  std::string error;
  for (std::size_t size = 0; size < request_bytes.size(); ++size) {
    ScriptRequest request;
    EXPECT_FALSE(decode_script_input(request_bytes.substr(0, size), request, error)) << size;
    EXPECT_FALSE(error.empty());
  }
  for (std::size_t size = 0; size < answer.size(); ++size) {
    ScriptResult result;
    EXPECT_FALSE(decode_script_result(answer.substr(0, size), result, error)) << size;
    EXPECT_FALSE(error.empty());
  }
  for (std::size_t size = 0; size < env.size(); ++size) {
    std::map<std::string, std::string> decoded;
    EXPECT_FALSE(decode_environment(env.substr(0, size), decoded, error)) << size;
  }
}

TEST(ScriptWire, AFailedInterpreterSaysWhy) {
  ScriptResult result;
  std::string error;
  EXPECT_FALSE(decode_script_result(encode_script_failure("out of \"memory\""), result, error));
  EXPECT_EQ(error, "out of \"memory\"");
  // What interpreters.post.js writes when a module traps: 'F', the length (little-endian), the text.
  EXPECT_FALSE(decode_script_result(std::string("F\x02\0\0\0it", 7), result, error));
  EXPECT_EQ(error, "it");
  EXPECT_FALSE(decode_script_result(std::string("F\x09\0\0\0it", 7), result, error));
  EXPECT_EQ(error, "truncated: the failure's message needs 9 bytes at byte 5, 2 left");
}

}  // namespace
}  // namespace ghaplay::scripts
