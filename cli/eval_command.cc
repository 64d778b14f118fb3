#include <iostream>

#include "cli/commands.h"

namespace ghaplay::cli {

int run_eval(const Arguments&) {
  std::cerr << "ghaplay eval: being written\n";
  return 2;
}

}  // namespace ghaplay::cli
