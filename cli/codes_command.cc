#include <iostream>

#include "cli/commands.h"
#include "ghaplay/diagnostic_codes.h"

namespace ghaplay::cli {

int run_codes(const Arguments& args) {
  if (!args.empty()) {
    std::cerr << "usage: ghaplay codes\n";
    return 2;
  }
  for (const auto& info : kDiagnosticCodes) std::cout << info.name << "\t" << info.summary << "\n";
  return 0;
}

}  // namespace ghaplay::cli
