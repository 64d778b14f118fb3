#pragma once
// Diagnostics as JSON, the one layout shared by `check` and `simulate` (CLI and wasm):
// {"severity","code","message","line","column","job","step"}; line and column are 0 when unknown,
// job and step "" when the finding belongs to none.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "ghaplay/diagnostic.h"

namespace ghaplay::json {

// Writes one diagnostic object.
void write_diagnostic(rapidjson::Writer<rapidjson::StringBuffer>& writer, const Diagnostic& diagnostic);

// Writes the array of diagnostics (for a larger document, after writer.Key("diagnostics")).
void write_diagnostics(rapidjson::Writer<rapidjson::StringBuffer>& writer, const Diagnostics& diagnostics);

// {"diagnostics":[...]}
std::string diagnostics_json(const Diagnostics& diagnostics);

}  // namespace ghaplay::json
