#pragma once
// Values in the result JSON (compact, for machines), as opposed to toJSON's layout for people.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>

#include "ghaplay/value.h"

namespace ghaplay::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Whole numbers print without a fraction (1, not 1.0); NaN and the infinities, which JSON cannot
// hold, print as the strings "NaN", "Infinity" and "-Infinity".
void write_value(Writer& writer, const Value& value);

void write_string(Writer& writer, std::string_view text);

// The same compact JSON as write_value() and write_string() (rapidjson's escapes, byte for byte),
// appended to a string without a writer: evaluate() builds its short result this way, and
// write_value() is this text placed in the writer.
void append_value(std::string& out, const Value& value);
void append_string(std::string& out, std::string_view text);

}  // namespace ghaplay::json
