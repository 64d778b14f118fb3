#pragma once
// Diagnostics as text for a terminal, the way compilers print them:
//   file:line:col: severity: message [code]
//     <the source line>
//     <a caret under the column>
// A message's further lines follow, indented. Without a position: `file: severity: message [code]`.

#include <ostream>
#include <string_view>

#include "ghaplay/diagnostic.h"

namespace ghaplay::cli {

void print_diagnostics(std::ostream& out, std::string_view file_name, std::string_view source,
                       const Diagnostics& diagnostics);

}  // namespace ghaplay::cli
