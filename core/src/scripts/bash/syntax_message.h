#pragma once
// bash's wording for a syntax error, e.g.
//   /home/runner/work/_temp/step.sh: line 3: syntax error near unexpected token `fi'
//   /home/runner/work/_temp/step.sh: line 3: `fi'

#include <cstddef>
#include <string>
#include <string_view>

#include "scripts/bash/source.h"
#include "scripts/bash/syntax_error.h"

namespace ghaplay::scripts::bash {

// `source` is the text that was parsed, whose offsets start at `base`; `prefix` names it
// ("<script>" or "<script>: eval"). Every line ends in "\n".
std::string describe_syntax_error(const SyntaxError& error, const Source& source, std::size_t base,
                                  std::string_view prefix);

// "line N: warning: here-document at line M delimited by end-of-file (wanted `EOF')"
std::string describe_heredoc_warning(const HereDocWarning& warning, const Source& source,
                                     std::size_t base, std::string_view prefix);

}  // namespace ghaplay::scripts::bash
