#include "scripts/bash/invocation.h"

namespace ghaplay::scripts::bash {

Invocation parse_invocation(const std::vector<std::string>& args) {
  Invocation invocation;
  Options& options = invocation.options;
  std::size_t i = 1;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+') || a.rfind("--", 0) == 0) {
      if (a.rfind("--", 0) == 0 && a.size() > 2) continue;  // --noprofile --norc
      break;
    }
    bool on = a[0] == '-';
    for (std::size_t k = 1; k < a.size(); ++k) {
      char c = a[k];
      if (c == 'e') options.errexit = on;
      if (c == 'u') options.nounset = on;
      if (c == 'x') options.xtrace = on;
      if (c == 'c') invocation.has_command = true;
      if (c == 'o' && i + 1 < args.size()) {
        const std::string& name = args[++i];
        if (name == "pipefail") options.pipefail = on;
        if (name == "errexit") options.errexit = on;
        if (name == "nounset") options.nounset = on;
        if (name == "xtrace") options.xtrace = on;
      }
    }
  }
  invocation.operand = i;
  return invocation;
}

std::vector<std::string> split_command_line(std::string_view command_line) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < command_line.size()) {
    i = command_line.find_first_not_of(" \t", i);
    if (i == std::string_view::npos) break;
    std::size_t end = command_line.find_first_of(" \t", i);
    if (end == std::string_view::npos) end = command_line.size();
    words.emplace_back(command_line.substr(i, end - i));
    i = end;
  }
  return words;
}

}  // namespace ghaplay::scripts::bash
