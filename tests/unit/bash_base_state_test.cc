// Runs that share a base environment (ScriptInput::base_env and ::cache) start from the state it
// gives, whatever the runs before them did: the interpreter keeps the base state, shares its
// variables with every run (variables.h) and keeps the last run's file system as scratch
// (ScriptCache); none of it may leak into the next run.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "scripts/script.h"

namespace ghaplay::scripts {
namespace {

const std::map<std::string, std::string> kBaseEnv = {
    {"CI", "true"},
    {"GITHUB_WORKSPACE", "/home/runner/work/repo/repo"},
    {"HOME", "/home/runner"},
    {"PATH", "/usr/local/bin:/usr/bin:/bin"},
    {"RUNNER_TEMP", "/home/runner/work/_temp"},
};
const char* const kOutput = "/home/runner/work/_temp/_runner_file_commands/set_output_1";

ScriptInput input_with(const std::string& source, ScriptCache* cache) {
  ScriptInput input;
  input.source = source;
  input.base_env = &kBaseEnv;
  input.cache = cache;
  input.env = {{"GITHUB_OUTPUT", kOutput}, {"GITHUB_JOB", "build"}};
  input.files = {{kOutput, ""}};
  return input;
}

// Changes everything a run can change in its shell and its files.
const char* const kMessyScript = R"sh(X=1
export Y=2
unset HOME CI
PATH=/nowhere
f() { echo "f ran"; }
declare -a list=(a b c)
declare -A map=([k]=v)
declare -i number=7
readonly LOCKED=yes
mkdir -p /home/runner/work/_temp/made
echo kept > /home/runner/work/_temp/made/file
echo "v=messy" >> "$GITHUB_OUTPUT"
cd /home/runner/work/_temp/made
set -u -o pipefail
trap 'echo "trap of the messy run"' EXIT
set -- one two
)sh";

// Reads back everything kMessyScript changed.
const char* const kLookingScript = R"sh(echo "X=${X-unset} Y=${Y-unset} HOME=${HOME-unset} CI=${CI-unset}"
echo "PATH=$PATH PWD=$PWD"
type f 2>&1 || echo "no f"
echo "list=${list[*]-none} map=${map[k]-none} number=${number-none} LOCKED=${LOCKED-unset}"
LOCKED=changed && echo "LOCKED is writable"
echo "options: $- args: $#"
if [ -e /home/runner/work/_temp/made/file ]; then echo "made exists"; else echo "no made"; fi
echo "output: $(cat "$GITHUB_OUTPUT")"
echo "v=looked" >> "$GITHUB_OUTPUT"
)sh";

TEST(BashBaseState, ARunAfterAnotherSeesOnlyTheBaseState) {
  ScriptCache fresh_cache;
  ScriptResult expected = run_bash(input_with(kLookingScript, &fresh_cache));
  ASSERT_EQ(expected.exit_code, 0) << expected.log;
  // Sanity: the reference run saw the base environment, so the comparison below means something.
  EXPECT_NE(expected.log.find("HOME=/home/runner CI=true"), std::string::npos) << expected.log;
  EXPECT_NE(expected.log.find("PWD=/home/runner/work/repo/repo"), std::string::npos) << expected.log;

  ScriptCache cache;
  ScriptResult messy = run_bash(input_with(kMessyScript, &cache));
  EXPECT_EQ(messy.log, "trap of the messy run\n");
  EXPECT_EQ(messy.files.at(kOutput), "v=messy\n");
  ASSERT_TRUE(cache.bash_scratch) << "the messy run's file system was not kept as scratch";

  for (int round = 0; round < 2; ++round) {
    ScriptResult after = run_bash(input_with(kLookingScript, &cache));
    EXPECT_EQ(after.log, expected.log) << "round " << round;
    EXPECT_EQ(after.exit_code, expected.exit_code) << "round " << round;
    EXPECT_EQ(after.files, expected.files) << "round " << round;
    EXPECT_EQ(after.work, expected.work) << "round " << round;
  }
}

// A run that made many paths leaves no scratch file system behind to hold that memory.
TEST(BashBaseState, AFileSystemWithManyPathsIsNotKeptAsScratch) {
  ScriptCache cache;
  run_bash(input_with("for i in $(seq 2000); do : > \"/home/runner/work/_temp/f$i\"; done", &cache));
  EXPECT_FALSE(cache.bash_scratch);
  run_bash(input_with(": > /home/runner/work/_temp/one", &cache));
  EXPECT_TRUE(cache.bash_scratch);
  EXPECT_EQ(run_bash(input_with("[ -e /home/runner/work/_temp/f1 ] || [ -e /home/runner/work/_temp/one ] || echo clean",
                                &cache)).log,
            "clean\n");
}

// A step's own env shapes the state (its working directory): such a run builds its state alone,
// and the runs after it still start from the shared base.
TEST(BashBaseState, AStepThatMovesTheWorkspaceDoesNotMoveTheNextOne) {
  ScriptCache cache;
  ScriptInput moved = input_with("echo \"$PWD\"", &cache);
  moved.env["GITHUB_WORKSPACE"] = "/home/runner/elsewhere";
  EXPECT_EQ(run_bash(moved).log, "/home/runner/elsewhere\n");
  EXPECT_EQ(run_bash(input_with("echo \"$PWD\"", &cache)).log, "/home/runner/work/repo/repo\n");
  EXPECT_EQ(run_bash(moved).log, "/home/runner/elsewhere\n");
}

}  // namespace
}  // namespace ghaplay::scripts
