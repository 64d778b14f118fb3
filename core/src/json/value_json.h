#pragma once
// Values in the result JSON (compact, for machines), as opposed to toJSON's layout for people.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ghaplay/value.h"

namespace ghaplay::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Whole numbers print without a fraction (1, not 1.0); NaN and the infinities, which JSON cannot
// hold, print as the strings "NaN", "Infinity" and "-Infinity".
void write_value(Writer& writer, const Value& value);

void write_string(Writer& writer, std::string_view text);

}  // namespace ghaplay::json
