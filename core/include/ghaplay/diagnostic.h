#pragma once

#include <string>
#include <vector>

#include "ghaplay/diagnostic_codes.h"
#include "ghaplay/source_position.h"

namespace ghaplay {

enum class Severity { Error, Warning, Notice };

const char* severity_name(Severity severity);  // "error" | "warning" | "notice"

// One finding about the user's input: what, where, and (in the message) how to fix it.
struct Diagnostic {
  Severity severity = Severity::Error;
  DiagnosticCode code = DiagnosticCode::YamlSyntax;
  std::string message;
  SourcePosition position;  // 1-based; unknown when line == 0
  std::string job;          // job id, when the finding belongs to one
  std::string step;         // step id or name, when it belongs to one
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// By line, then column; findings at the same place keep their order.
void sort_by_position(Diagnostics& diagnostics);

}  // namespace ghaplay
