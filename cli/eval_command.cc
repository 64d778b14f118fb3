// ghaplay eval: one expression (or a stream of them with --jsonl) against JSON contexts.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "api/evaluate.h"
#include "cli/commands.h"
#include "ghaplay/api.h"
#include "ghaplay/expression.h"

namespace ghaplay::cli {
namespace {

constexpr const char* kEvalHelp =
    "usage: ghaplay eval EXPRESSION [--context FILE]\n"
    "       ghaplay eval --jsonl < CASES\n"
    "\n"
    "Evaluates a GitHub Actions expression (the text inside ${{ }}) exactly as GitHub does.\n"
    "\n"
    "  --context FILE  a JSON object whose top-level keys are the named contexts, e.g.\n"
    "                  {\"github\": {\"ref\": \"refs/heads/main\"}, \"needs\": {}}; '-' reads stdin\n"
    "  --jsonl         read one case a line from stdin, {\"expression\": \"...\", \"context\": {...}},\n"
    "                  and print one result a line\n"
    "\n"
    "Prints one JSON line: {\"kind\":\"Null|Boolean|Number|String|Array|Object\",\"value\":...}\n"
    "or {\"error\":{\"kind\":\"lexing|parsing|evaluation\",\"message\":\"...\"}}.\n"
    "Numbers JSON cannot hold print as the strings \"NaN\", \"Infinity\", \"-Infinity\".\n"
    "Exit status: 0 a value, 1 an error, 2 wrong usage.\n";

bool read_all(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    out = buffer.str();
    return true;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  std::ostringstream buffer;
  buffer << file.rdbuf();
  out = buffer.str();
  return true;
}

int run_jsonl() {
  std::string line;
  int status = 0;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    auto parsed = expr::from_json(line);
    const Value* expression = nullptr;
    const Value* context = nullptr;
    if (auto* value = std::get_if<Value>(&parsed); value && value->is_object()) {
      expression = value->as_object().find("expression");
      context = value->as_object().find("context");
    }
    if (!expression || !expression->is_string()) {
      std::cout << "{\"error\":{\"kind\":\"usage\",\"message\":\"each line must be {\\\"expression\\\": \\\"...\\\", \\\"context\\\": {...}}\"}}\n";
      status = 1;
      continue;
    }
    std::string result = api::evaluate_with_contexts(expression->as_string(), context ? *context : Value::object());
    if (result.starts_with("{\"error\"")) status = 1;
    std::cout << result << "\n";
  }
  return status;
}

}  // namespace

int run_eval(const Arguments& args) {
  std::string expression;
  std::string context_path;
  bool have_expression = false;
  bool jsonl = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kEvalHelp;
      return 0;
    }
    if (arg == "--jsonl") {
      jsonl = true;
    } else if (arg == "--context") {
      if (i + 1 >= args.size()) {
        std::cerr << "ghaplay eval: --context needs a file\n\n" << kEvalHelp;
        return 2;
      }
      context_path = args[++i];
    } else if (!have_expression) {
      // Anything that is not an option is the expression, even "-1 == x".
      expression = arg;
      have_expression = true;
    } else {
      std::cerr << "ghaplay eval: unexpected argument '" << arg << "' (quote the whole expression as one argument)\n\n" << kEvalHelp;
      return 2;
    }
  }
  if (jsonl) {
    if (have_expression || !context_path.empty()) {
      std::cerr << "ghaplay eval: --jsonl reads its cases from stdin and takes no other argument\n";
      return 2;
    }
    return run_jsonl();
  }
  if (!have_expression) {
    std::cerr << "ghaplay eval: missing EXPRESSION\n\n" << kEvalHelp;
    return 2;
  }
  std::string context_json;
  if (!context_path.empty() && !read_all(context_path, context_json)) {
    std::cerr << "ghaplay eval: cannot read context file '" << context_path << "'\n";
    return 2;
  }
  std::string result = api::evaluate_json(expression, context_json);
  std::cout << result << "\n";
  if (result.starts_with("{\"error\":{\"kind\":\"usage\"")) return 2;
  return result.starts_with("{\"error\"") ? 1 : 0;
}

}  // namespace ghaplay::cli
