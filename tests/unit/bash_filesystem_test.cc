// The bash interpreter's paths: FileSystem::absolute makes a path absolute and normal as bash's
// `cd` and `realpath -m` do, and answers an already normal absolute path with a copy of it; both
// ways must agree on every shape of path.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "scripts/bash/filesystem.h"

namespace ghaplay::scripts::bash {
namespace {

TEST(BashFileSystem, AbsolutePathsAreNormalised) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      // Already normal: answered as they are.
      {"/", "/"},
      {"/a", "/a"},
      {"/home/runner/work/_temp/_runner_file_commands/set_output_1", "/home/runner/work/_temp/_runner_file_commands/set_output_1"},
      {"/.hidden", "/.hidden"},
      {"/a/..b", "/a/..b"},
      {"/a/b..", "/a/b.."},
      {"/...", "/..."},
      {"/a/.b/c", "/a/.b/c"},
      // Not normal: repeated and trailing slashes, `.` and `..` segments.
      {"//", "/"},
      {"//a", "/a"},
      {"/a/", "/a"},
      {"/a//b", "/a/b"},
      {"/a/./b", "/a/b"},
      {"/a/.", "/a"},
      {"/a/../b", "/b"},
      {"/a/..", "/"},
      {"/..", "/"},
      {"/../a", "/a"},
      {"/.", "/"},
  };
  for (const auto& [path, expected] : cases) EXPECT_EQ(FileSystem::absolute(path, "/cwd/x"), expected) << path;
}

TEST(BashFileSystem, RelativePathsStartAtTheWorkingDirectory) {
  EXPECT_EQ(FileSystem::absolute("out", "/home/runner/work/r/r"), "/home/runner/work/r/r/out");
  EXPECT_EQ(FileSystem::absolute("./out", "/w"), "/w/out");
  EXPECT_EQ(FileSystem::absolute("../out", "/w/x"), "/w/out");
  EXPECT_EQ(FileSystem::absolute("", "/w/x"), "/w/x");
  EXPECT_EQ(FileSystem::absolute(".", "/"), "/");
  EXPECT_EQ(FileSystem::absolute("a", "/w/./y/"), "/w/y/a");
}

}  // namespace
}  // namespace ghaplay::scripts::bash
