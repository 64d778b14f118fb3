#pragma once
// Test-side access to the source tree's files: the examples of examples/index.json (the one list
// the CLI, the page and the tests share) and any file by path. GHAPLAY_SOURCE_DIR comes from
// tests/CMakeLists.txt.

#include <rapidjson/document.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ghaplay::testing {

// The file's bytes, or "" when it cannot be read (the caller's assertion says which file).
inline std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The ids of examples/index.json, in its order; none when it cannot be read.
inline std::vector<std::string> example_ids() {
  rapidjson::Document index;
  index.Parse(read_file(GHAPLAY_SOURCE_DIR "/examples/index.json").c_str());
  std::vector<std::string> ids;
  if (index.HasParseError() || !index.HasMember("examples")) return ids;
  for (const auto& example : index["examples"].GetArray()) ids.push_back(example["id"].GetString());
  return ids;
}

// examples/<id>/, with its trailing slash.
inline std::string example_dir(const std::string& id) { return std::string(GHAPLAY_SOURCE_DIR) + "/examples/" + id + "/"; }

}  // namespace ghaplay::testing
