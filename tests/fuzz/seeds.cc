// Writes the seed corpus of every fuzz target from the project's own inputs:
//   workflow       examples/*/workflow.yml (+ NUL + scenario.json), tests/fixtures/workflows/*.yml
//   edit           those workflows, a NUL, and each with a typing edit (a character, a line, a comment)
//   expression     every expression of tests/conformance/vectors.jsonl (+ NUL + its contexts)
//   file_commands  the $GITHUB_OUTPUT / $GITHUB_ENV / workflow-command vectors
//   script_wire    each bash script of those workflows as the engine sends it to an interpreter
//                  module, and bash's answer to it (scripts/script_wire.h)
//   bash, pwsh, python   the `run:` scripts of those workflows, by the shell each step runs with,
//                  and the scripts of the interpreters' table tests (tests/unit/<shell>_test.cc rows
//                  `Case{"Name", "script", ...}`)
// Usage: ghaplay_fuzz_seeds SOURCE_DIR OUT_DIR
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "fuzz_input.h"
#include "ghaplay/workflow.h"
#include "scripts/script_wire.h"

namespace fs = std::filesystem;
using namespace ghaplay;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::map<std::string, int> written;

void write(const fs::path& out, const std::string& target, const std::string& name, const std::string& bytes) {
  fs::create_directories(out / target);
  std::ofstream(out / target / name, std::ios::binary) << bytes;
  ++written[target];
}

// The interpreter a step runs with, as simulate/step_runner.cc's resolve_shell decides it.
std::string interpreter(const workflow::Workflow& wf, const workflow::Job& job, const workflow::Step& step) {
  std::string shell;
  for (const auto* scalar : {&step.shell, &job.default_shell, &wf.default_shell})
    if (*scalar && !(*scalar)->text.empty()) {
      shell = (*scalar)->text;
      break;
    }
  if (shell.empty() && job.runs_on && job.runs_on->is_scalar() &&
      job.runs_on->scalar.text.find("windows") != std::string::npos)
    shell = "pwsh";
  shell = shell.substr(0, shell.find(' '));
  if (shell == "pwsh" || shell == "powershell") return "pwsh";
  if (shell == "python" || shell == "python3") return "python";
  if (shell.empty() || shell == "bash" || shell == "sh") return "bash";
  return "";
}

// The text, a NUL byte and the text after an edit of the kinds typing makes: a character in a
// script, a line added at the end, a comment, a line deleted.
void edit_seeds(const fs::path& out, const std::string& name, const std::string& yaml) {
  auto pair = [&](const std::string& kind, const std::string& after) {
    write(out, "edit", name + "-" + kind, yaml + std::string(1, '\0') + after);
  };
  if (auto run = yaml.find("run: "); run != std::string::npos) pair("typed", std::string(yaml).insert(run + 5, "x"));
  pair("line", yaml + "      - run: echo more\n");
  pair("comment", yaml + "# done\n");
  if (auto line = yaml.rfind("\n", yaml.size() > 1 ? yaml.size() - 2 : 0); line != std::string::npos)
    pair("deleted", yaml.substr(0, line + 1));
}

void workflow_seeds(const fs::path& out, const std::string& name, const std::string& yaml, const std::string& scenario) {
  write(out, "workflow", name, scenario.empty() ? yaml : yaml + std::string(1, '\0') + scenario);
  edit_seeds(out, name, yaml);
  auto loaded = workflow::load_workflow(yaml);
  if (!loaded.workflow) return;
  for (const auto& job : loaded.workflow->jobs)
    for (const auto& step : job.steps) {
      if (!step.run) continue;
      std::string target = interpreter(*loaded.workflow, job, step);
      if (target.empty()) continue;
      std::string seed = name + "." + job.id + "." + std::to_string(step.index);
      write(out, target, seed, step.run->text);
      if (target == "bash") {
        scripts::ScriptInput input = fuzz::script_input(step.run->text);
        write(out, "script_wire", seed + ".request", scripts::encode_script_input(input));
        write(out, "script_wire", seed + ".answer", scripts::encode_script_result(scripts::run_bash(input)));
      }
    }
}

// Reads one C++ string literal at `at` (ordinary with escapes, or raw R"delim(...)delim"), and any
// literals right after it (adjacent literals concatenate). Returns false when there is none.
bool read_literal(const std::string& code, std::size_t& at, std::string& out) {
  auto skip_space = [&] {
    while (at < code.size() && std::isspace(static_cast<unsigned char>(code[at]))) ++at;
  };
  skip_space();
  bool any = false;
  while (at < code.size()) {
    if (code.compare(at, 2, "R\"") == 0) {
      std::size_t open = code.find('(', at);
      if (open == std::string::npos) return false;
      std::string close = ")" + code.substr(at + 2, open - at - 2) + "\"";
      std::size_t end = code.find(close, open);
      if (end == std::string::npos) return false;
      out += code.substr(open + 1, end - open - 1);
      at = end + close.size();
    } else if (code[at] == '"') {
      for (++at; at < code.size() && code[at] != '"'; ++at) {
        if (code[at] != '\\') {
          out += code[at];
          continue;
        }
        char c = code[++at];
        switch (c) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'x': {
            std::size_t used = 0;
            out += static_cast<char>(std::stoi(code.substr(at + 1, 2), &used, 16));
            at += used;
            break;
          }
          default:
            if (c >= '0' && c <= '7') {
              int value = 0, digits = 0;
              while (digits < 3 && code[at] >= '0' && code[at] <= '7') value = value * 8 + (code[at++] - '0'), ++digits;
              --at;
              out += static_cast<char>(value);
            } else {
              out += c;  // \\ \" \'
            }
        }
      }
      ++at;
    } else {
      break;
    }
    any = true;
    skip_space();
  }
  return any;
}

// The script of every `Case{"Name", "script"` row of a table test.
void table_seeds(const fs::path& out, const std::string& target, const fs::path& test) {
  std::string code = read(test);
  for (std::size_t at = code.find("Case{\""); at != std::string::npos; at = code.find("Case{\"", at)) {
    at += 5;
    std::string name, script;
    if (!read_literal(code, at, name) || at >= code.size() || code[at] != ',') continue;
    ++at;
    if (read_literal(code, at, script)) write(out, target, "test-" + name, script);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ghaplay_fuzz_seeds SOURCE_DIR OUT_DIR\n");
    return 2;
  }
  fs::path source = argv[1], out = argv[2];
  fs::remove_all(out);

  for (const auto& entry : fs::directory_iterator(source / "examples")) {
    fs::path yml = entry.path() / "workflow.yml";
    if (!fs::exists(yml)) continue;
    fs::path scenario = entry.path() / "scenario.json";
    workflow_seeds(out, entry.path().filename().string(), read(yml), fs::exists(scenario) ? read(scenario) : "");
  }
  for (const auto& entry : fs::directory_iterator(source / "tests" / "fixtures" / "workflows"))
    if (entry.path().extension() == ".yml")
      workflow_seeds(out, "fixture-" + entry.path().stem().string(), read(entry.path()), "");

  for (const char* shell : {"bash", "pwsh", "python"})
    table_seeds(out, shell, source / "tests" / "unit" / (std::string(shell) + "_test.cc"));

  std::ifstream vectors(source / "tests" / "conformance" / "vectors.jsonl");
  std::string line;
  for (int number = 1; std::getline(vectors, line); ++number) {
    rapidjson::Document doc;
    if (doc.Parse(line.c_str()).HasParseError() || !doc.IsObject() || !doc.HasMember("kind") ||
        !doc.HasMember("input") || !doc["input"].IsString())
      continue;
    std::string kind = doc["kind"].GetString();
    std::string input(doc["input"].GetString(), doc["input"].GetStringLength());
    std::string name = "vector-" + std::to_string(number);
    if (kind == "expression" || kind == "if_normalization") {
      std::string contexts = "{}";
      if (doc.HasMember("context") && doc["context"].IsObject()) {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
        doc["context"].Accept(writer);
        contexts = buffer.GetString();
      }
      write(out, "expression", name, input + std::string(1, '\0') + contexts);
    } else if (kind == "github_output_file" || kind == "workflow_command_parse") {
      write(out, "file_commands", name, std::string(1, '\0') + input);
    } else if (kind == "github_env_file") {
      write(out, "file_commands", name, std::string(1, '\1') + input);
    }
  }
  for (const auto& [target, count] : written) std::printf("seeds: %-14s %d\n", target.c_str(), count);
  return 0;
}
