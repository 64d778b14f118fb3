#include <iostream>

#include "cli/commands.h"

namespace ghaplay::cli {

int run_check(const Arguments&) {
  std::cerr << "ghaplay check: being written\n";
  return 2;
}

}  // namespace ghaplay::cli
