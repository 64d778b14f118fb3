#pragma once
// Shared by the fuzz targets: how one fuzz input becomes the engine's inputs.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "scripts/script.h"

namespace ghaplay::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// "first\0second": the two halves; without a NUL byte, the whole input and `fallback`.
inline std::pair<std::string_view, std::string_view> split_at_nul(std::string_view text, std::string_view fallback) {
  std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos) return {text, fallback};
  return {text.substr(0, nul), text.substr(nul + 1)};
}

// A `run:` script's input as the simulator builds it (simulate/step_runner.cc): the file-command
// paths in the environment, their files present and empty, and the default step budget.
inline scripts::ScriptInput script_input(std::string_view source) {
  const std::string dir = "/home/runner/work/_temp/_runner_file_commands/";
  scripts::ScriptInput input;
  input.source = std::string(source);
  input.env = {{"GITHUB_OUTPUT", dir + "set_output_1"},
               {"GITHUB_ENV", dir + "set_env_1"},
               {"GITHUB_PATH", dir + "add_path_1"},
               {"GITHUB_STATE", dir + "save_state_1"},
               {"GITHUB_STEP_SUMMARY", dir + "step_summary_1"},
               {"HOME", "/home/runner"},
               {"RUNNER_TEMP", "/home/runner/work/_temp"},
               {"RUNNER_OS", "Linux"},
               {"GITHUB_REF", "refs/heads/main"},
               {"GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"}};
  for (const auto& [name, path] : input.env)
    if (name.rfind("GITHUB_", 0) == 0 && path.rfind(dir, 0) == 0) input.files[path] = "";
  return input;
}

}  // namespace ghaplay::fuzz
